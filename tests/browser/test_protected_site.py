"""A protected site as its reader sees it, in Debian's headless chromium, served over localhost.

Service workers need http(s), so the site is served by Python's http.server, as
docs/protect.md tells a user to view one locally.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fixtures.sealed import PASSPHRASES, open_sealed, protected_demo

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PASSPHRASE = PASSPHRASES["ACME_JANE"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages serves every file
        super().end_headers()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The address of the protected demo's deploy folder, served on localhost; and the folder."""
    from generator import pipeline

    root = tmp_path_factory.mktemp("protected-browser")
    workspace = protected_demo(REPO, root / "ws")
    with pytest.MonkeyPatch.context() as env:
        for name, value in PASSPHRASES.items():
            env.setenv(name, value)
        pipeline.build(workspace, audiences=["acme"], output=root / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/acme/", root / "site" / "acme"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def unlock(page, address: str, passphrase: str = PASSPHRASE) -> None:
    if not page.url.startswith(address):
        page.goto(address)
    page.fill("#unlock-passphrase", passphrase)
    page.press("#unlock-passphrase", "Enter")  # a plain form: Enter submits it


def test_the_unlock_page_says_only_the_agency_and_asks_for_the_passphrase(page, served):
    address, _ = served
    page.goto(address)
    assert page.title() == "Northwind Studio · Behind the scenes"
    assert page.get_attribute("#unlock-passphrase", "type") == "password"
    assert page.get_attribute("#unlock-passphrase", "autocomplete") == "current-password"
    assert "Acme" not in page.content() and "Spring Launch" not in page.content()


def test_unlocked_every_page_works(page, served):
    address, _ = served
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    assert "Spring Launch 2026" in page.inner_text("main")
    page.click("main a[href='spring-launch/index.html']")
    page.click(".local-nav a[href$='timeline.html']")
    assert page.url.endswith("/acme/spring-launch/timeline.html") and "events so far" in page.inner_text("main")
    page.goto(address + "spring-launch/approvals/storyboard-v2.html")  # a receipt, by its address
    assert "storyboard" in page.inner_text("main").lower()
    assert page.pdf(format="A4")[:4] == b"%PDF"  # printing a receipt
    page.go_back()  # the back button
    assert page.url.endswith("/timeline.html") and "events so far" in page.inner_text("main")
    page.goto(address + "spring-launch/measures.html")
    page.locator("#chart-nps .xtick text").first.wait_for(timeout=15000)  # a chart, drawn by plotly
    page.fill("#header-search-input", "storyboard")  # the search
    results = page.locator("#header-search-results a")
    results.first.wait_for(timeout=5000)
    assert results.count() >= 1
    assert page.errors == []


def test_a_csv_download_is_the_decrypted_file(page, served):
    address, folder = served
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    page.goto(address + "spring-launch/measures.html")
    with page.expect_download() as download:
        page.click("a[href='data/nps.csv']")
    saved = Path(download.value.path()).read_bytes()
    assert saved == open_sealed(folder, PASSPHRASE)["spring-launch/data/nps.csv"]


def test_a_wrong_passphrase_says_so(page, served):
    address, _ = served
    unlock(page, address, "not the right passphrase")
    status = page.locator("#unlock-status")
    page.wait_for_function("document.getElementById('unlock-status').textContent.includes('Wrong')", timeout=15000)
    assert status.inner_text() == "Wrong passphrase. Check it and try again."
    assert page.locator(".site-header").count() == 0


def test_a_share_link_unlocks_and_leaves_no_passphrase_in_the_address(page, served):
    address, _ = served
    page.goto(address + "#passphrase=" + PASSPHRASES["ACME_PASSPHRASE"].replace(" ", "%20"))
    page.wait_for_selector(".site-header", timeout=15000)
    assert "Spring Launch 2026" in page.inner_text("main")
    assert page.evaluate("location.href") == address
    assert "passphrase" not in page.evaluate("JSON.stringify([location.href, history.length, document.referrer])")


def test_once_unlocked_another_tab_opens_without_asking_until_locked(page, served):
    address, _ = served
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    other = page.context.new_page()
    other.goto(address + "spring-launch/decisions.html")
    assert other.locator(".site-header").count() == 1
    page.click("[data-lock]")
    page.wait_for_selector("#unlock-form", timeout=15000)
    other.goto(address + "spring-launch/decisions.html")
    assert other.locator("#unlock-form").count() == 1 and "Spring Launch" not in other.content()


def stop_service_workers(page) -> None:
    """What the browser does to an idle worker after ~30 s: it forgets everything held in memory."""
    session = page.context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    session.send("ServiceWorker.stopAllWorkers")
    session.detach()


@pytest.mark.parametrize("remember", [False, True])
def test_a_stopped_worker_gets_the_key_back_from_an_open_tab_or_this_device(page, served, remember):
    address, _ = served
    page.goto(address)
    if remember:
        page.check("#unlock-remember")
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    stop_service_workers(page)
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    page.goto(address + "spring-launch/decisions.html")  # the open tab hands the key to the restarted worker...
    page.wait_for_selector(".site-header", timeout=15000)
    assert len(loads) == 1  # ...at once: no unlock page first
    other = page.context.new_page()  # a new tab: its own (empty) sessionStorage
    page.close()
    stop_service_workers(other)
    other.goto(address + "spring-launch/index.html")
    if remember:
        assert other.locator(".site-header").count() == 1
    else:  # no tab of the site holds the key, and it was not to be remembered: ask again
        assert other.locator("#unlock-form").count() == 1 and "Spring Launch" not in other.content()


def test_offline_the_pages_already_read_still_open(page, served):
    """The keys file cannot be read again: what was read stays good (no browser error page)."""
    address, _ = served
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    page.goto(address + "spring-launch/notes.html")
    page.wait_for_selector(".site-header", timeout=15000)
    page.context.set_offline(True)
    page.goto(address)  # its files are in the browser's cache; the keys file is not fetched
    assert "Spring Launch 2026" in page.inner_text("main")


@pytest.mark.parametrize("page_asked,lands_on", [("spring-launch/timeline.html", "spring-launch/timeline.html"),
                                                 ("https://example.com/", ""), ("../other/", "")])
def test_a_share_link_may_open_a_page_of_the_site_and_no_other(page, served, page_asked, lands_on):
    address, _ = served
    page.goto(f"{address}#passphrase={PASSPHRASE.replace(' ', '%20')}&page={page_asked}")
    page.wait_for_selector(".site-header", timeout=15000)
    assert page.evaluate("location.href") == address + lands_on


@pytest.fixture(scope="module")
def served_at_root(served):
    """The same protected site served at an origin's root, as on a custom domain (`url: https://x.example/`)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def wait_until_shown(page) -> str:
    page.wait_for_load_state("load", timeout=15000)
    page.wait_for_timeout(1000)  # a redirect the page's code makes once loaded
    return page.evaluate("location.href")


@pytest.mark.parametrize("page_asked", ["/.//evil.example/phish.html", "//evil.example/phish.html",
                                        "/\\evil.example/phish.html", "https://evil.example/"])
def test_the_unlock_page_at_an_origins_root_never_sends_the_reader_to_another_host(page, served_at_root,
                                                                                   page_asked):
    page.goto(f"{served_at_root}#page={page_asked}")
    unlock(page, served_at_root)
    assert wait_until_shown(page).startswith(served_at_root)


def test_an_address_starting_with_two_slashes_unlocks_onto_this_site(page, served_at_root):
    unlock(page, served_at_root)  # installs the worker, which then serves the unlock page at any address
    page.wait_for_selector(".site-header", timeout=15000)
    page.click("[data-lock]")
    page.wait_for_selector("#unlock-form", timeout=15000)
    page.goto(served_at_root + "/evil.example/phish.html")  # http://site//evil.example/phish.html
    unlock(page, served_at_root)
    assert wait_until_shown(page).startswith(served_at_root)


@pytest.mark.parametrize("page_asked,lands_on", [("spring-launch/timeline.html", "spring-launch/timeline.html"),
                                                 ("/.//evil.example/phish.html", None), ("../other/", "")])
@pytest.mark.parametrize("tab", ["new", "same"])
def test_a_share_link_opened_where_the_site_is_unlocked_drops_the_passphrase_and_opens_the_page(
        page, served, page_asked, lands_on, tab):
    address, _ = served
    unlock(page, address)
    page.wait_for_selector(".site-header", timeout=15000)
    page = page.context.new_page() if tab == "new" else page
    page.goto(f"{address}#passphrase={PASSPHRASE.replace(' ', '%20')}&page={page_asked}")
    shown = wait_until_shown(page)
    assert "passphrase" not in page.evaluate("JSON.stringify([location.href, document.referrer])")
    assert shown.startswith(address)
    if lands_on is not None:
        assert shown == address + lands_on


def test_unlocked_the_browser_checks_the_record_through_the_service_worker(page, served):
    """Issue #18: record.json is sealed with the rest; record.js fetches it through the worker that opens it."""
    address, _ = served
    unlock(page, address)
    check = page.locator("[data-record-check]")
    check.wait_for(state="visible", timeout=15000)
    assert check.get_attribute("data-state") in ("first", "same"), check.inner_text()
    assert not page.errors
