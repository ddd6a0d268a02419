"""The review app's HTTP API, in-process with FastAPI's test client."""

from __future__ import annotations

import logging
import re
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from ercp_nlp.labels import TECHNIQUES
from ercp_nlp.review import ReviewInputError, ReviewStore
from ercp_nlp.review.app import CSRF_HEADER, LOOPBACK_HOSTS, create_app, serve
from ercp_nlp.review.demo import HOSTILE_ID, HOSTILE_TEXT, NOTES, demo_rows, notes_table


@pytest.fixture
def store(tmp_path) -> ReviewStore:
    s = ReviewStore(tmp_path / "review.sqlite")
    s.import_rows(
        demo_rows(hostile=True), {r["note_id"]: r["text"] for r in notes_table(hostile=True)}
    )
    return s


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(create_app(store))


def csrf_of(client: TestClient) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return re.search(r'name="csrf-token" content="([0-9a-f]{64})"', page.text).group(1)


def post(client: TestClient, note_id: str, body: dict, **headers):
    headers = {CSRF_HEADER: csrf_of(client), **headers}
    return client.post(f"/api/notes/{note_id}/decision", json=body, headers=headers)


def order(client: TestClient, **params) -> list[str]:
    res = client.get("/api/worklist", params=params)
    assert res.status_code == 200, res.text
    return [i["note_id"] for i in res.json()["items"]]


def test_page_and_assets_are_served_locally(client):
    page = client.get("/")
    assert "/static/app.js" in page.text and "/static/app.css" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/..%2Fstore.py").status_code == 404
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"


def test_worklist_order_needs_review_first_then_least_confident(client):
    # demo-006: error row (margin 0); demo-005 and demo-002 flagged; then by margin.
    assert order(client) == [
        "demo-006",
        "demo-005",
        "demo-002",
        HOSTILE_ID,
        "demo-003",
        "demo-004",
        "demo-001",
    ]
    data = client.get("/api/worklist").json()
    assert data["counts"] == {"total": 7, "done": 0, "left": 7, "shown": 7}
    assert data["codes"] == ["43262", "43264", "43265", "43273", "43274", "43277"]


def test_worklist_filters(client):
    assert order(client, tag="basket") == ["demo-005", "demo-002"]
    assert order(client, tag="none_found") == ["demo-004"]
    assert order(client, code="43265") == ["demo-002", "demo-003"]
    assert order(client, tag="balloon", code="43264") == [HOSTILE_ID, "demo-001"]
    assert order(client, status="reviewed") == []
    assert client.get("/api/worklist", params={"tag": "stent"}).status_code == 422
    assert client.get("/api/worklist", params={"status": "maybe"}).status_code == 422


def test_decisions_count_and_move_notes_down_the_worklist(client):
    res = post(client, "demo-005", {"reviewer": "Ann", "accept": True, "base": None})
    assert res.status_code == 200, res.text
    assert res.json()["counts"] == {"total": 7, "done": 1, "left": 6}
    assert res.json()["state"]["basket"] == 1

    labels = {t: 0 for t in TECHNIQUES} | {"balloon": 1, "stones": "removed"}
    res = post(
        client, "demo-001", {"reviewer": "Bob", "labels": labels, "comment": "ok", "base": None}
    )
    assert res.status_code == 200 and res.json()["counts"]["done"] == 2

    assert order(client)[-2:] == [
        "demo-005",
        "demo-001",
    ]  # reviewed notes go last, in the same order
    assert order(client, status="reviewed") == ["demo-005", "demo-001"]
    assert order(client, status="unreviewed")[0] == "demo-006"
    assert order(client, reviewer="Bob") == ["demo-001"]
    assert client.get("/api/worklist").json()["reviewers"] == ["Ann", "Bob"]

    note = client.get("/api/notes/demo-001").json()
    assert note["reviewed"] and note["reviewer"] == "Bob" and note["state"] == labels
    assert [d["comment"] for d in note["history"]] == ["ok"]

    # A correction that changes the tag filter's answer.
    labels2 = {**labels, "basket": 1}
    base = note["latest_decision_id"]
    assert (
        post(client, "demo-001", {"reviewer": "Ann", "labels": labels2, "base": base}).status_code
        == 200
    )
    assert "demo-001" in order(client, tag="basket")


def test_stale_save_is_a_conflict(client):
    assert (
        post(client, "demo-003", {"reviewer": "Ann", "accept": True, "base": None}).status_code
        == 200
    )
    res = post(client, "demo-003", {"reviewer": "Bob", "accept": True, "base": None})
    assert res.status_code == 409 and res.json()["latest_decision_id"] is not None
    assert len(client.get("/api/notes/demo-003").json()["history"]) == 1


def test_bad_decisions(client):
    assert post(client, "nope", {"reviewer": "Ann", "accept": True}).status_code == 404
    assert post(client, "demo-001", {"reviewer": "", "accept": True}).status_code == 422
    bad = {t: 0 for t in TECHNIQUES} | {"stones": "vanished"}
    res = post(client, "demo-001", {"reviewer": "Ann", "labels": bad})
    assert res.status_code == 422 and "stones must be one of" in res.json()["detail"]
    assert (
        post(client, "demo-001", {"reviewer": "Ann"}).status_code == 422
    )  # neither accept nor labels
    assert client.get("/api/notes/nope").status_code == 404


def test_posts_without_the_csrf_token_are_refused(client, store):
    body = {"reviewer": "Mallory", "accept": True}
    url = "/api/notes/demo-001/decision"
    client.get("/")  # a session cookie, but no token
    assert client.post(url, json=body).status_code == 403
    assert client.post(url, json=body, headers={CSRF_HEADER: "0" * 64}).status_code == 403
    token = csrf_of(client)
    assert (
        client.post(
            url, json=body, headers={CSRF_HEADER: token, "Origin": "http://evil.example"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            url, json=body, headers={CSRF_HEADER: token, "Sec-Fetch-Site": "cross-site"}
        ).status_code
        == 403
    )
    # Another browser (no session cookie) cannot reuse this session's token.
    other = TestClient(create_app(store))
    assert other.post(url, json=body, headers={CSRF_HEADER: token}).status_code == 403
    assert store.audit() == []
    # The page's own request passes: same origin, token of its session.
    ok = client.post(url, json=body, headers={CSRF_HEADER: token, "Origin": "http://testserver"})
    assert ok.status_code == 200


def test_hostile_note_is_served_as_data_only(client):
    page = client.get("/")
    assert "<script>window.__pwned" not in page.text
    res = client.get(f"/api/notes/{HOSTILE_ID}")
    assert res.headers["content-type"] == "application/json"
    note = res.json()
    assert note["text"] == HOSTILE_TEXT
    assert all(m["matches"] for m in note["mentions"])
    # The page never turns data into markup.
    js = resources.files("ercp_nlp.review").joinpath("static", "app.js").read_text(encoding="utf8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ):
        assert sink not in js


def test_note_view_has_sections_and_checked_mentions(client, store):
    note = client.get("/api/notes/demo-002").json()
    assert [s["name"] for s in note["sections"]] == ["INDICATION", "FINDINGS", "IMPRESSION", "PLAN"]
    text = NOTES["demo-002"]
    for s in note["sections"]:
        assert text[s["start"] : s["header_end"]].endswith(":")
    labels = [(m["label"], m["assertion"]) for m in note["mentions"]]
    assert ("basket", "attempted_failed") in labels and (
        "electrohydraulic_lithotripsy",
        "negated",
    ) in labels
    assert note["suggestion"]["suggested_cpt"] == ["43265"]
    assert note["suggestion"]["cpt_reasons"] and note["suggestion"]["flags"]

    # Out-of-range offsets from a broken tagger are dropped, not rendered.
    row = demo_rows()[0]
    row["mentions"].append(
        {"label": "basket", "text": "x", "start": 5000, "end": 5001, "assertion": "performed"}
    )
    store.import_rows([row], {"demo-001": NOTES["demo-001"]})
    note = client.get("/api/notes/demo-001").json()
    assert note["mentions_skipped"] == 1 and len(note["mentions"]) == 4


def test_access_token_off_loopback(store):
    client = TestClient(create_app(store, token="s3cret-token"))
    assert client.get("/").status_code == 401
    assert client.get("/api/worklist").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    res = client.get("/?token=s3cret-token", follow_redirects=False)
    assert res.status_code == 303 and "token" not in res.headers["location"]
    assert client.get("/api/worklist").status_code == 200  # the cookie now carries it
    bearer = TestClient(create_app(store, token="s3cret-token"))
    assert (
        bearer.get("/api/worklist", headers={"Authorization": "Bearer s3cret-token"}).status_code
        == 200
    )


def test_loopback_binding_refuses_other_host_names(store):
    client = TestClient(
        create_app(store, allowed_hosts=list(LOOPBACK_HOSTS)), base_url="http://127.0.0.1:8765"
    )
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


def test_serve_refuses_a_public_address_without_a_token(store):
    with pytest.raises(ReviewInputError, match="--token"):
        serve(db=store.path, host="0.0.0.0", port=8765)


def test_requests_do_not_log_note_text(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.get(f"/api/notes/{HOSTILE_ID}")
    post(client, HOSTILE_ID, {"reviewer": "Ann", "accept": True, "comment": "looks fine to me"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert (
        "__pwned" not in logged
        and "swept with a balloon" not in logged
        and "looks fine" not in logged
    )
