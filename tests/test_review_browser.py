"""The review page in a real headless Chromium (Debian's `chromium`, driven by Playwright).

The app is served by uvicorn on 127.0.0.1 in a thread. To refresh the README screenshot:
    ERCP_NLP_REVIEW_SCREENSHOT=docs/review.png python -m pytest tests/test_review_browser.py
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from ercp_nlp.review import ReviewStore
from ercp_nlp.review.demo import HOSTILE_ID, demo_rows, notes_table

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} is missing: apt-get install chromium to run the browser test",
    ),
]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from ercp_nlp.review.app import LOOPBACK_HOSTS, create_app

    store = ReviewStore(tmp_path / "review.sqlite")
    store.import_rows(
        demo_rows(hostile=True), {r["note_id"]: r["text"] for r in notes_table(hostile=True)}
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, allowed_hosts=list(LOOPBACK_HOSTS)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1440, "height": 960}, device_scale_factor=1
        )
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        problems: list[str] = []
        pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        pg.problems = problems
        yield pg
        browser.close()


def test_worklist_note_highlights_keyboard_accept(server, page, tmp_path):
    from playwright.sync_api import expect

    url, store = server
    page.goto(url + "/")
    page.wait_for_selector("#worklist tbody tr")
    rows = page.locator("#worklist tbody tr")
    assert rows.count() == 7
    assert rows.first.get_attribute("data-note-id") == "demo-006"  # needs review, least confident
    assert page.locator("#count-done").inner_text() == "0"
    assert page.locator("#count-left").inner_text() == "7"

    page.fill("#reviewer", "Dana Coder")
    page.locator("body").click(
        position={"x": 5, "y": 300}
    )  # leave the input so the keys go to the page

    # j twice, then Enter: the third note of the worklist.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_selector("#note-text mark")
    assert page.locator("#note-id").inner_text() == "demo-002"

    # Every mention is highlighted with its label and assertion; sections are visible.
    marks = page.locator("#note-text mark.ent")
    assert marks.count() == 5
    failed = page.locator('#note-text mark[data-label="basket"][data-assertion="attempted_failed"]')
    assert failed.inner_text().startswith("captured in a Trapezoid basket")
    assert "ATTEMPTED, FAILED" in failed.inner_text().upper()
    assert page.locator('#note-text mark[data-assertion="negated"]').count() == 1
    assert page.locator("#note-text .sec-head").count() == 4
    assert page.locator(".code").first.inner_text() == "43265"
    assert page.locator("#tech-basket").is_checked()
    assert page.locator("#tech-mechanical_lithotripsy").is_checked()

    page.screenshot(path=str(tmp_path / "review.png"))
    target = os.environ.get("ERCP_NLP_REVIEW_SCREENSHOT")
    if target:
        shutil.copyfile(tmp_path / "review.png", target)

    # a: accept the suggestion; the count goes up and the next note opens.
    page.keyboard.press("a")
    expect(page.locator("#count-done")).to_have_text("1")
    assert page.locator("#count-left").inner_text() == "6"
    expect(page.locator("#note-id")).to_have_text(HOSTILE_ID)
    decision = store.audit("demo-002")[-1]
    assert (decision["reviewer"], decision["action"]) == ("Dana Coder", "accept")

    # The hostile note is shown as text: nothing ran, no element came from the note.
    text = page.locator("#note-text").inner_text()
    assert "<script>window.__pwned = 1;" in text and "<img src=x onerror=" in text
    assert page.evaluate("() => window.__pwned") is None
    assert (
        page.locator("#note-text script, #note-text img, #note-text b, #note-text a").count() == 0
    )
    assert page.locator(".flags li").inner_text() == "<script>flag()</script>"

    # 2 toggles basket on, 7 sets the outcome to not removed, s saves.
    page.keyboard.press("2")
    page.keyboard.press("7")
    assert page.locator("#tech-basket").is_checked()
    page.keyboard.press("s")
    expect(page.locator("#count-done")).to_have_text("2")
    state = store.state(HOSTILE_ID)
    assert state["basket"] == 1 and state["balloon"] == 1 and state["stones"] == "not_removed"

    # Back to the worklist (u): both decisions show there.
    page.keyboard.press("u")
    page.wait_for_selector("#worklist tbody tr.reviewed")
    assert page.locator("#worklist tbody tr.reviewed").count() == 2
    assert page.problems == []
