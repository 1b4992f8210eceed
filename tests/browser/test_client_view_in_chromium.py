"""A client's view in Debian's headless chromium (issue 17): "Your turn", the timeline's
filter in the address, "new since your last visit", and no sideways scrolling on a phone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CONFIG

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
tasks:
  - {id: poster, title: Launch poster, owner: maria, label: in-progress, start: 2026-03-01, due: 2026-03-20}
approvals:
  - id: poster-v1
    subject: poster
    version: v1
    requested: 2026-03-02T10:00:00
    due: 2026-03-06T18:00:00
{steps}
"""
ANSWERED = """\
    steps:
      - {by: jane, verdict: approved, at: 2026-03-05T09:00:00}
"""


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context
    context.close()


def url(site: Path, path: str) -> str:
    return (site / path).resolve().as_uri()


def build(make_workspace, monkeypatch, out: Path, steps: str, epoch: int) -> Path:
    from generator import pipeline

    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN.replace("{steps}", steps)})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))  # the as-of moment: the build's clock
    pipeline.build(root, audiences=["client3"], output=out)
    return out / "client3"


MARCH_4 = 1772618400  # 2026-03-04T10:00:00Z
MARCH_9 = 1773050400  # 2026-03-09T10:00:00Z


def test_your_turn_lists_the_one_pending_client_approval(context, make_workspace, monkeypatch, tmp_path):
    site = build(make_workspace, monkeypatch, tmp_path / "out", "    steps: []\n", MARCH_4)
    page = context.new_page()
    page.goto(url(site, "index.html"))
    turn = page.locator("#your-turn")
    assert turn.locator("h2").inner_text() == "Your turn"
    items = turn.locator("li.signal")
    assert items.count() == 1
    text = items.first.inner_text()
    assert "Launch poster v1" in text and "Waiting on you since 2 Mar 2026" in text and "due 6 Mar 2026" in text
    # the section leads the page: above the campaign cards
    assert page.evaluate("document.querySelector('#your-turn').getBoundingClientRect().top"
                         " < document.querySelector('.campaign-cards').getBoundingClientRect().top")


def test_your_turn_says_so_calmly_when_nothing_waits_on_the_client(context, make_workspace, monkeypatch, tmp_path):
    site = build(make_workspace, monkeypatch, tmp_path / "out", ANSWERED, MARCH_9)
    page = context.new_page()
    page.goto(url(site, "index.html"))
    assert page.locator("#your-turn li.signal").count() == 0
    assert "Nothing waits on you right now" in page.locator("#your-turn").inner_text()


SHOWN_ITEMS = "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())"


@pytest.mark.parametrize("audience, campaign", [("acme", "spring-launch"), ("harbor", "harbor-rebrand")])
def test_home_overview_and_measures_show_the_same_attention_items(context, demo_site, audience, campaign):
    """What a reader sees, on screen: the same items, in the same order, on the three pages of one site."""
    page = context.new_page()
    shown = {}
    for name, rel, where in (("home", "index.html", ".card-attention"),
                             ("overview", f"{campaign}/index.html", "#needs-attention"),
                             ("measures", f"{campaign}/measures.html", "#measure-stalled")):
        page.goto(url(demo_site / audience, rel))
        items = page.locator(f"{where} li.signal")
        assert items.first.is_visible(), name
        shown[name] = items.evaluate_all(SHOWN_ITEMS)
    assert shown["home"] and shown["home"] == shown["overview"] == shown["measures"]
    page.goto(url(demo_site / audience, "index.html"))
    mine = [i for i in shown["overview"] if "Waiting on you since" in i]
    assert page.locator("#your-turn li.signal").evaluate_all(SHOWN_ITEMS) == mine


def test_the_timeline_filter_comes_from_the_address(context, demo_site):
    page = context.new_page()
    page.goto(url(demo_site, "acme/spring-launch/timeline.html") + "?kind=decisions")
    shown = page.locator(".tl-item:visible")
    decisions = shown.count()
    assert decisions >= 2
    assert set(shown.evaluate_all("items => items.map(i => i.dataset.kind)")) == {"decisions"}
    assert page.locator('.tl-filters a[aria-current="true"]').inner_text() == "Decisions"
    page.locator('.tl-filters a[data-filter=""]').click()  # "Everything": the same page, unfiltered
    page.wait_for_load_state()
    assert page.locator(".tl-item:visible").count() > decisions


def test_new_since_the_last_visit_after_the_history_changed(context, make_workspace, monkeypatch, tmp_path):
    out = tmp_path / "out"
    site = build(make_workspace, monkeypatch, out, "    steps: []\n", MARCH_4)
    page = context.new_page()
    page.goto(url(site, "demo/timeline.html"))
    assert page.locator(".tl-item.is-new").count() == 0  # a first visit: nothing to compare with
    build(make_workspace, monkeypatch, out, ANSWERED, MARCH_9)  # Jane answered since
    page.goto(url(site, "demo/timeline.html"))
    new = page.locator(".tl-item.is-new")
    assert new.count() == 1 and "Approved" in new.first.inner_text()
    assert new.first.locator(".tl-new").is_visible()
    assert page.locator(".tl-new-count").inner_text() == "1 new since your last visit"
    page.reload()  # seen now: a third visit marks nothing
    assert page.locator(".tl-item.is-new").count() == 0


PAGES = ["index.html", "{c}/index.html", "{c}/timeline.html", "{c}/measures.html", "{c}/approvals.html"]


@pytest.mark.parametrize("audience, campaign", [("acme", "spring-launch"), ("harbor", "harbor-rebrand")])
def test_no_sideways_scrolling_at_390_px(browser, demo_site, audience, campaign):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for rel in PAGES:
            path = demo_site / audience / rel.format(c=campaign)
            if not path.exists():
                continue  # harbor (tier 1) has no approvals page
            page.goto(path.resolve().as_uri())
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{audience}/{rel} is {wide} px wider than the screen"
    finally:
        context.close()
