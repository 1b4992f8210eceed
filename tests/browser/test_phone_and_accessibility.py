"""Every page type on a phone and for assistive technology: no sideways scrolling, no serious axe finding.

Runs axe-core (through axe-playwright-python, which bundles it) in Debian's
chromium on one page of each type, at desktop and phone widths.
"""

from __future__ import annotations

import pytest

from tests.browser.test_in_chromium import CHROMIUM, FLAGS, url  # noqa: F401  (skip marks come along)
from tests.browser.test_in_chromium import pytestmark  # noqa: F401
from tests.fixtures.sites import private_of

axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
playwright_api = pytest.importorskip("playwright.sync_api")

PAGE_TYPES = [  # (folder, page): each kind of page a reader can land on
    ("site", "index.html"),  # the neutral landing page of the deploy folder
    ("site", "404.html"),
    ("site", "acme/index.html"),  # a client's home
    ("site", "acme/spring-launch/index.html"),  # campaign overview
    ("site", "acme/spring-launch/timeline.html"),
    ("site", "acme/spring-launch/work.html"),
    ("site", "acme/spring-launch/decisions.html"),
    ("site", "acme/spring-launch/notes.html"),
    ("site", "acme/spring-launch/approvals.html"),
    ("site", "acme/spring-launch/approvals/claims-v4.html"),  # a receipt
    ("site", "acme/spring-launch/measures.html"),
    ("site", "acme/search.html"),
    ("site", "acme/404.html"),
    ("private", "team/index.html"),
    ("private", "team/measures.html"),  # the site-wide measures page
    ("private", "team/matrix.html"),
]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=sorted(WIDTHS))
def sized_page(request, browser):
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def _open(page, demo_site, folder: str, path: str):
    root = demo_site if folder == "site" else private_of(demo_site)
    page.goto(url(root, path))
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # charts draw on load


@pytest.mark.parametrize(("folder", "path"), PAGE_TYPES)
def test_no_page_type_has_a_serious_accessibility_violation(sized_page, demo_site, folder, path):
    _open(sized_page, demo_site, folder, path)
    found = axe_api.Axe().run(sized_page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
               for v in found if v["impact"] in SERIOUS]
    assert serious == []


@pytest.mark.parametrize(("folder", "path"), PAGE_TYPES)
def test_no_page_type_scrolls_sideways_on_a_phone(browser, demo_site, folder, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _open(page, demo_site, folder, path)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a 390 px screen"


def test_a_bar_chart_on_a_phone_puts_its_labels_above_the_bars(browser, demo_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _open(page, demo_site, "private", "team/measures.html")
    chart = page.locator(".chart-plot:not([hidden])").first
    chart.locator(".main-svg").first.wait_for(timeout=5000)
    left_labels = chart.locator(".yaxislayer-above .ytick text").count()
    above = chart.locator(".annotation-text").all_inner_texts()
    ticks = chart.locator(".xaxislayer-above .xtick text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })")
    plot_left = chart.locator(".bglayer rect, .plot .bars").first.evaluate("e => e.getBoundingClientRect().left")
    context.close()
    assert left_labels == 0 and len(above) > 3  # every category's label sits over its bar
    assert plot_left < 60  # the bars take the width the labels no longer need
    assert all(a[1] <= b[0] for a, b in zip(sorted(ticks), sorted(ticks)[1:]))  # no tick labels collide
