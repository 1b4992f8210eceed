"""Search reads the index's parts on demand: an entry in the last part is found, from disk and on a
protected site (where the service worker decrypts each part the page asks for)."""

from __future__ import annotations

import functools
import http.server
import json
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
PART_CHARS = 1_500  # the demo's index in many parts


def _last_record(files: dict[str, bytes]) -> dict:
    """The last record of the last part, which must not be the first part."""
    names = sorted(name for name in files if name.startswith("search/part_"))
    assert len(names) > 3
    text = files[names[-1]].decode("utf-8")
    return json.loads(text.split(" = ", 1)[1].rstrip().rstrip(";"))[-1]


def _built(root: Path, workspace: Path, env: dict[str, str]) -> None:
    from generator import pipeline
    from generator.site import search_index

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "PART_CHARS", PART_CHARS)
        for name, value in env.items():
            patch.setenv(name, value)
        pipeline.build(workspace, audiences=["acme"], output=root)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def _search(page, address: str, record: dict) -> list[str]:
    """The addresses of the search page's results for the record's title."""
    page.goto(address + "search.html?q=" + record["t"].replace(" ", "%20"))
    page.wait_for_function("document.getElementById('search-status').textContent.trim().length > 0", timeout=20000)
    return page.eval_on_selector_all("[data-search-results=page] a", "links => links.map(a => a.href)")


def test_an_entry_in_the_last_part_is_found_from_disk(browser, tmp_path):
    _built(tmp_path / "site", REPO, {})
    site = tmp_path / "site" / "acme"
    record = _last_record({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").iterdir()})
    page = browser.new_page()
    found = _search(page, site.resolve().as_uri() + "/", record)
    assert any(href.endswith("/acme/" + record["u"]) for href in found), (record, found)
    assert int(page.evaluate("document.querySelectorAll('script[src*=\"search/part_\"]').length")) > 3
    page.close()


def test_an_entry_in_the_last_part_is_found_on_a_protected_site(browser, tmp_path):
    workspace = protected_demo(REPO, tmp_path / "ws")
    _built(tmp_path / "site", workspace, PASSPHRASES)
    sealed = tmp_path / "site" / "acme"
    assert not (sealed / "search" / "part_001.js").exists()  # sealed: the parts are opaque files
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/acme/"
    try:
        page = browser.new_context().new_page()
        page.goto(address)
        page.fill("#unlock-passphrase", PASSPHRASES["ACME_JANE"])
        page.press("#unlock-passphrase", "Enter")
        page.wait_for_selector(".site-header", timeout=15000)
        record = _last_record(open_sealed(sealed, PASSPHRASES["ACME_JANE"]))
        found = _search(page, address, record)
        assert any(href == address + record["u"] for href in found), (record, found)
    finally:
        server.shutdown()
        server.server_close()
