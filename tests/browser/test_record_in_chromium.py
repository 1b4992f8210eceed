"""Issue #18: the reader's browser checks the record on each visit (themes/receipts/js/record.js).

Served on localhost (WebCrypto and fetch need http); one browser context is one reader, whose
localStorage remembers the record from one visit to the next.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.integration.test_record import built, story

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/client3/"
    server.shutdown()
    server.server_close()


def publish(site: Path, root: Path) -> None:
    shutil.rmtree(root / "client3", ignore_errors=True)
    shutil.copytree(site, root / "client3")


def visit(page, address: str) -> tuple[str, str]:
    page.goto(address)
    check = page.locator("[data-record-check]")
    check.wait_for(state="visible", timeout=10000)
    return check.get_attribute("data-state") or "", check.inner_text()


def test_a_second_visit_says_the_record_extends_the_first_or_differs_at_the_rewritten_entry(served, tmp_path):
    root, address = served
    site, first = built(story(tmp_path / "ws"), tmp_path / "out1")
    publish(site, root)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_context().new_page()
        assert visit(page, address)[0] == "first"
        site, _ = built(story(tmp_path / "ws2", second=True), tmp_path / "out2")  # one commit more
        publish(site, root)
        state, text = visit(page, address)
        assert state == "extends" and "nothing before it changed" in text, text
        step = [item["entry"]["kind"] for item in first["entries"]].index("step") + 1
        site, _ = built(story(tmp_path / "ws3", first_step="11:00", second=True), tmp_path / "out3")  # rewritten
        publish(site, root)
        state, text = visit(page, address)
        assert state == "differs" and f"from entry {step} on" in text, text
        assert page.locator("[data-record-check] a").get_attribute("href").endswith(".html")  # to that receipt
        browser.close()
