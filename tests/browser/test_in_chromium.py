"""The demo as a visitor sees it, in Debian's headless chromium (via Playwright).

Skipped when chromium or Playwright is missing; .ci/run installs chromium.
Screenshots land in the pytest tmp folder for a human to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.external_requests = requests
    yield page
    context.close()


def url(site: Path, path: str) -> str:
    return (site / path).resolve().as_uri()


def test_home_opens_from_disk_with_branding(page, demo_site, tmp_path):
    page.goto(url(demo_site, "acme/index.html"))
    assert "Spring Launch 2026" in page.inner_text("main")
    assert page.locator("img.brand-logo").evaluate("img => img.naturalWidth > 0")
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert not [u for u in page.external_requests if not u.startswith("file://") and not u.startswith("data:")]


def test_header_search_finds_pages_from_disk(page, demo_site):
    page.goto(url(demo_site, "acme/spring-launch/timeline.html"))
    page.fill("#header-search-input", "storyboard")
    results = page.locator("#header-search-results a")
    results.first.wait_for(timeout=5000)
    assert results.count() >= 1
    results.first.click()
    page.wait_for_load_state()
    assert "storyboard" in page.inner_text("main").lower()


def test_search_finds_nothing_hidden(page, demo_site):
    def search(query: str) -> str:
        page.goto(url(demo_site, "harbor/search.html") + f"?q={query}")
        page.wait_for_function("document.querySelector('main [role=status], main .search-status') !== null"
                               " && (document.querySelector('main [role=status], main .search-status')"
                               ".textContent.trim().length > 0)", timeout=5000)
        return page.locator("main").inner_text().lower()

    assert "menu boards" in search("menu boards")  # a visible deliverable is found...
    hidden = search("listed façades")  # ...a tier-2 note's words are not
    assert "listed façades" not in hidden and "no results" in hidden


def test_keyboard_users_reach_the_skip_link_first(page, demo_site):
    page.goto(url(demo_site, "acme/spring-launch/index.html"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    box = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or box != "none"


def test_phone_width_has_no_sideways_scrolling(browser, demo_site, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    for path in ("acme/index.html", "acme/spring-launch/index.html", "acme/spring-launch/timeline.html",
                 "acme/spring-launch/approvals/storyboard-v2.html"):
        page.goto(url(demo_site, path))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.screenshot(path=str(tmp_path / "receipt-phone.png"), full_page=True)
    context.close()


def test_a_receipt_prints_on_one_page(page, demo_site, tmp_path):
    page.goto(url(demo_site, "acme/spring-launch/approvals/storyboard-v2.html"))
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        (tmp_path / f"receipt-{paper}.pdf").write_bytes(pdf)
        assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") + \
            pdf.count(b"/Type/Page>") + pdf.count(b"/Type/Page/") == 1, paper


@pytest.fixture(scope="module")
def spanish_demo(tmp_path_factory) -> Path:
    """The demo with `language: es`, built for the team."""
    from generator import pipeline
    from tests.conftest import REPO

    workspace = tmp_path_factory.mktemp("demo-es")
    shutil.copytree(REPO / "content", workspace / "content")
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    assert "  language: en\n" in config
    (workspace / "site_config.yml").write_text(config.replace("  language: en\n", "  language: es\n"), encoding="utf-8")
    out = tmp_path_factory.mktemp("demo-es-site")
    pipeline.build(workspace, audiences=["team"], output=out)
    return out


@pytest.mark.parametrize("site,month,other", [("demo", "Jan", "ene"), ("es", "ene", "Jan")])
def test_chart_dates_speak_the_site_language(page, demo_site, spanish_demo, site, month, other, tmp_path):
    """Axis ticks and hover dates: day first and the site's month names, as every other date on the page."""
    root = demo_site if site == "demo" else spanish_demo
    page.goto(url(root.with_name(root.name + "-private"), "team/spring-launch/measures.html"))
    ticks = page.locator("#chart-nps .xtick text")
    ticks.first.wait_for(timeout=8000)
    labels = [t.text_content() for t in ticks.all()]
    assert labels and all(label.split()[0].isdigit() for label in labels), labels
    assert any(month in label for label in labels) and not any(other in label for label in labels), labels
    page.locator("#chart-nps .point").first.hover(force=True)
    hover = page.locator("#chart-nps .hovertext")
    hover.first.wait_for(timeout=5000)
    assert f"{month} 2026" in hover.first.text_content()
    page.screenshot(path=str(tmp_path / f"nps-{site}.png"), full_page=True)


def test_a_video_player_loads_only_when_the_visitor_asks(page, demo_site, tmp_path):
    """No request to YouTube when the page opens; the button puts the privacy-friendly player in place."""
    page.route("https://**", lambda route: route.abort())  # record, never reach the network
    page.goto(url(demo_site, "acme/spring-launch/work.html"))
    page.wait_for_load_state("load")
    outside = lambda: [u for u in page.external_requests if not u.startswith(("file://", "data:"))]  # noqa: E731
    assert outside() == [] and page.locator("iframe").count() == 0
    page.screenshot(path=str(tmp_path / "work-before.png"), full_page=True)
    page.click(".embed-play")
    player = page.locator(".embed iframe")
    player.wait_for(state="attached", timeout=5000)
    assert player.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert any(u.startswith("https://www.youtube-nocookie.com/embed/") for u in outside())
