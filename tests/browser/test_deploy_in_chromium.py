"""The deploy folder served under a sub-path, and a site's freshness, in headless chromium.

Before: every audience's 404 page pointed at site.url itself, so one served at .../receipts/acme/
loaded no style sheet and its Home link led nowhere. A local http.server stands in for the host:
the deploy folder is served under /receipts/, and a missing page gets its folder's 404.html.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from generator import pipeline
from tests.browser.test_in_chromium import CHROMIUM, FLAGS
from tests.conftest import MINIMAL_CONFIG

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
BUILT = 1775606400  # 2026-04-08 00:00 UTC


class _Host(http.server.SimpleHTTPRequestHandler):
    """Serves files; a missing one gets the nearest 404.html (the audience's, else the deploy folder's)."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        www = Path(self.directory)
        parts = self.path.split("?")[0].strip("/").split("/")
        page = next((www / Path(*parts[:n]) / "404.html" for n in range(len(parts), 0, -1)
                     if (www / Path(*parts[:n]) / "404.html").is_file()), None)
        body = page.read_bytes() if page else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def host(tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser.new_context().new_page()
        browser.close()


def build_under(make_workspace, www: Path, address: str, monkeypatch) -> Path:
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n",
                                    f"  timezone: Europe/Madrid\n  url: '{address}/receipts/'\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILT))
    pipeline.build(make_workspace.write(config=config), audiences=["client1", "team"], output=www / "receipts",
                   jobs=1)
    return www / "receipts"


def test_an_audience_404_under_a_sub_path_loads_its_style_and_leads_home(make_workspace, host, page, monkeypatch):
    www, address = host
    build_under(make_workspace, www, address, monkeypatch)
    response = page.goto(f"{address}/receipts/client1/demo/no-such-page.html")
    assert response.status == 404 and "Client one" in page.inner_text("header")
    assert page.evaluate("Array.from(document.styleSheets).some(s => s.href && s.href.endsWith("
                         "'/receipts/client1/css/receipts.css') && s.cssRules.length > 0)")
    page.click("header a.brand")
    page.wait_for_load_state()
    assert page.url == f"{address}/receipts/client1/index.html" and "Demo campaign" in page.inner_text("main")


def test_the_deploy_folder_404_names_no_audience_and_the_team_is_not_served(make_workspace, host, page,
                                                                            monkeypatch):
    www, address = host
    build_under(make_workspace, www, address, monkeypatch)
    response = page.goto(f"{address}/receipts/team/index.html")  # built, but in receipts-private/
    assert response.status == 404
    shown = page.inner_text("body")
    assert "Test Studio" in shown and not re.search(r"Team|Client|client1|team|Demo", shown)
    assert page.evaluate("Array.from(document.links).map(a => a.href)") == [f"{address}/receipts/"]


@pytest.mark.parametrize("days_later,notice", [(3, None), (7, None), (8, "Not updated for 8 days"),
                                               (40, "Not updated for 40 days")])
def test_a_stale_site_says_so_by_the_readers_clock(make_workspace, host, page, monkeypatch, days_later, notice):
    www, address = host
    site = build_under(make_workspace, www, address, monkeypatch) / "client1"
    page.clock.set_fixed_time(dt.datetime.fromtimestamp(BUILT + days_later * 86400 + 3600, dt.timezone.utc))
    page.goto((site / "index.html").as_uri())
    banner = page.locator(".stale-notice")
    if notice is None:
        assert banner.is_hidden()
    else:
        assert banner.is_visible() and banner.inner_text() == notice
