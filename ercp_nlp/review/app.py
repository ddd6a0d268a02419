"""The review web app: a worklist, the note view, and decisions written to the ReviewStore.

A small FastAPI app that serves one plain HTML/JS page (no CDN, nothing fetched from outside)
and a JSON API. The page builds every piece of note text with `textContent`, never as HTML, and
the Content-Security-Policy forbids inline scripts, so a note that contains markup stays text.

Safety:
- State-changing requests (POST) need the per-session CSRF token (an HMAC of the session cookie,
  sent in the `X-CSRF-Token` header) and, when the browser sends one, a same-origin `Origin`.
- Bound to a loopback address by default, where only loopback Host names are accepted (against
  DNS rebinding). A non-loopback bind needs an access token (`--token` or ERCP_NLP_REVIEW_TOKEN):
  open the app once with `?token=...` and a cookie keeps it; scripts may send
  `Authorization: Bearer`.
- Nothing logs note text or comments; the HTTP access log is off (its URLs could carry the token).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ercp_nlp.labels import ASSERTIONS, MENTION_LABELS, STONES, TECHNIQUES

from .store import MAX_COMMENT, DecisionConflict, ReviewInputError, ReviewStore, find_sections

log = logging.getLogger(__name__)

SESSION_COOKIE = "ercp_review_session"
AUTH_COOKIE = "ercp_review_auth"
CSRF_HEADER = "X-CSRF-Token"
TOKEN_ENV = "ERCP_NLP_REVIEW_TOKEN"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
STATIC_FILES = {"app.js": "text/javascript", "app.css": "text/css"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class DecisionIn(BaseModel):
    reviewer: str = Field(max_length=200)
    accept: bool = False
    labels: dict[str, Any] | None = None
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)
    # The latest decision id the page saw (null: none). Leave it out to skip the conflict check.
    base: int | None = None


def is_loopback(host: str) -> bool:
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@cache
def _static(name: str) -> str:
    return resources.files("ercp_nlp.review").joinpath("static", name).read_text(encoding="utf8")


def _origin_ok(request: Request) -> bool:
    """A browser's POST must come from this app's own origin (when it says where it comes from)."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser, or a same-origin request without it: the CSRF token decides
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", "") and parts.scheme in ("http", "https")


def note_view(note: dict[str, Any]) -> dict[str, Any]:
    """What the note view shows: the stored note plus sections and well-formed mentions."""
    text = note["text"]
    suggestion = note["suggestion"]
    mentions, skipped = [], 0
    for m in suggestion.get("mentions") or []:
        start, end = m.get("start"), m.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            skipped += 1
            continue
        mentions.append(
            {
                "label": str(m.get("label", "")),
                "assertion": m.get("assertion")
                if m.get("assertion") in ASSERTIONS
                else "uncertain",
                "start": start,
                "end": end,
                "section": m.get("section"),
                "sentence": m.get("sentence"),
                "matches": text[start:end] == m.get("text"),
            }
        )
    sections = suggestion.get("sections")
    if not isinstance(sections, list):
        sections = find_sections(text)
    return {**note, "mentions": mentions, "mentions_skipped": skipped, "sections": sections}


def create_app(
    store: ReviewStore | str | Path,
    *,
    token: str | None = None,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The app over `store`. `token`: required on every request when set (non-loopback binds).
    `allowed_hosts`: Host header names accepted (None accepts any, as in tests)."""
    store = store if isinstance(store, ReviewStore) else ReviewStore(store)
    secret = secrets.token_bytes(32)
    app = FastAPI(title="ercp-nlp review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store

    def csrf_for(session: str) -> str:
        return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()

    def auth_cookie_value() -> str:
        return hmac.new(secret, b"auth:" + (token or "").encode(), hashlib.sha256).hexdigest()

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token:
            bearer = request.headers.get("authorization", "")
            given = request.query_params.get("token")
            ok = hmac.compare_digest(request.cookies.get(AUTH_COOKIE, ""), auth_cookie_value()) or (
                bearer.startswith("Bearer ")
                and hmac.compare_digest(bearer[7:].encode(), token.encode())
            )
            if not ok and given is not None and hmac.compare_digest(given.encode(), token.encode()):
                # Trade the token in the URL for a cookie, and drop it from the address bar.
                response = RedirectResponse(
                    request.url.remove_query_params("token").path or "/", 303
                )
                response.set_cookie(
                    AUTH_COOKIE, auth_cookie_value(), httponly=True, samesite="strict"
                )
                return _secure(response)
            if not ok:
                return _secure(
                    JSONResponse(
                        {
                            "detail": "this review app needs its access token: open the link "
                            "printed by "
                            "`ercp-nlp review serve`, which ends in ?token=..."
                        },
                        401,
                    )
                )
        session = request.cookies.get(SESSION_COOKIE)
        new_session = not session or len(session) != 43
        if new_session:
            session = secrets.token_urlsafe(32)
        request.state.session = session
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            given = request.headers.get(CSRF_HEADER, "")
            if (
                new_session
                or not _origin_ok(request)
                or not hmac.compare_digest(given, csrf_for(session))
            ):
                return _secure(
                    JSONResponse(
                        {
                            "detail": "refused: this request did not come from the review page "
                            "(CSRF check)."
                        },
                        403,
                    )
                )
        response = await call_next(request)
        if new_session:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return _secure(response)

    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        page = _static("index.html").replace("{{csrf}}", csrf_for(request.state.session))
        return HTMLResponse(page)

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return JSONResponse({"detail": "not found"}, 404)
        return Response(_static(name), media_type=STATIC_FILES[name])

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/session")
    def session_info(request: Request) -> dict[str, Any]:
        return {
            "csrf": csrf_for(request.state.session),
            "techniques": list(TECHNIQUES),
            "stones": list(STONES),
            "assertions": list(ASSERTIONS),
            "labels": list(MENTION_LABELS),
        }

    @app.get("/api/worklist")
    def worklist(
        tag: str | None = None,
        code: str | None = None,
        status: str = "all",
        reviewer: str | None = None,
    ) -> JSONResponse:
        try:
            data = store.worklist(
                tag=tag or None, code=code or None, status=status, reviewer=reviewer or None
            )
        except ReviewInputError as exc:
            return JSONResponse({"detail": str(exc)}, 422)
        return JSONResponse(data)

    @app.get("/api/notes/{note_id}")
    def get_note(note_id: str) -> JSONResponse:
        note = store.note(note_id)
        if note is None:
            return JSONResponse({"detail": "no such note"}, 404)
        return JSONResponse(note_view(note))

    @app.post("/api/notes/{note_id}/decision")
    def post_decision(note_id: str, body: DecisionIn) -> JSONResponse:
        base = body.base if "base" in body.model_fields_set else "any"
        try:
            decision = store.decide(
                note_id,
                reviewer=body.reviewer,
                accept=body.accept,
                after=None if body.accept else body.labels,
                comment=body.comment,
                expected_latest=base,
            )
        except KeyError:
            return JSONResponse({"detail": "no such note"}, 404)
        except DecisionConflict as exc:
            return JSONResponse({"detail": str(exc), "latest_decision_id": exc.latest_id}, 409)
        except ReviewInputError as exc:
            return JSONResponse({"detail": str(exc)}, 422)
        counts = store.counts()
        return JSONResponse({"decision": decision, "state": decision["after"], "counts": counts})

    return app


def _secure(response: Response) -> Response:
    for k, v in SECURITY_HEADERS.items():
        response.headers.setdefault(k, v)
    return response


def serve(
    *,
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
) -> None:
    """Serve the review app over the database `db` until interrupted."""
    import uvicorn

    if not is_loopback(host) and not token:
        raise ReviewInputError(
            f"binding to {host} exposes the notes to the network; pass --token or set {TOKEN_ENV}."
        )
    if not Path(db).is_file():
        raise ReviewInputError(
            f"review database {db} does not exist; pass TAGGED to import notes first."
        )
    allowed = list(LOOPBACK_HOSTS) if is_loopback(host) else None
    app = create_app(ReviewStore(db), token=token, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
