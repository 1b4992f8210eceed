"""The team's redaction matrix in Debian's chromium: usable on a phone, filterable, the filter in the address."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_in_chromium import CHROMIUM, FLAGS, url  # noqa: F401  (skip marks come along)
from tests.browser.test_in_chromium import pytestmark  # noqa: F401
from tests.conftest import REPO
from tests.fixtures.sites import private_of

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def paged_team(tmp_path_factory) -> Path:
    """The demo's team site with a matrix of 40 rows a page, so it has several pages."""
    from generator import pipeline
    from generator.render import matrix

    out = tmp_path_factory.mktemp("paged") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matrix, "ROWS", 40)
        pipeline.build(REPO, audiences=["team"], output=out)
    return private_of(out) / "team"


WIDER_THAN_SCREEN = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => !e.closest('.table-wrap') && e.getClientRects().length)
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(e => e.tagName + '.' + e.className)"""


def test_on_a_phone_the_matrix_scrolls_inside_its_card_with_its_first_column_in_view(phone, demo_site):
    phone.goto(url(private_of(demo_site) / "team", "matrix.html"))
    phone.wait_for_load_state("load")
    sizes = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[0] <= sizes[1]
    assert phone.evaluate(WIDER_THAN_SCREEN) == []
    wrap = phone.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # the table scrolls inside its card
    first = wrap.locator("tbody th").first
    before = first.bounding_box()["x"]
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    assert wrap.evaluate("w => w.scrollLeft") > 0
    assert abs(first.bounding_box()["x"] - before) < 1  # sticky: the titles stay in view
    assert phone.locator(".matrix-filter").is_visible()


def test_the_filter_read_from_the_address_shows_only_matching_rows(phone, demo_site):
    phone.goto(url(private_of(demo_site) / "team", "matrix.html") + "?audience=acme&state=tier")
    phone.wait_for_load_state("load")
    assert phone.locator("select[name=audience]").input_value() == "acme"
    assert phone.locator("select[name=state]").input_value() == "tier"
    audiences = phone.evaluate("""Array.from(document.querySelector('.matrix thead tr').children)
        .map(th => th.textContent.trim())""")
    column = audiences.index("acme") - 4
    rows = phone.evaluate("""Array.from(document.querySelectorAll('.matrix tbody tr'))
        .map(tr => [tr.hidden, tr.querySelectorAll('td[class^=mc-]')[%d].className])""" % column)
    shown = [state for hidden, state in rows if not hidden]
    assert shown and all(state == "mc-tier" for state in shown)
    assert len(shown) == sum(1 for _, state in rows if state == "mc-tier")
    assert f"Rows on this page: {len(shown)} of {len(rows)}" in phone.inner_text(".matrix-count")


def test_choosing_a_filter_writes_it_in_the_address_and_the_pager_carries_it(phone, paged_team):
    phone.goto(url(paged_team, "matrix.html"))
    phone.wait_for_load_state("load")
    phone.select_option("select[name=kind]", "note")
    assert "kind=note" in phone.url
    visible = phone.evaluate("Array.from(document.querySelectorAll('.matrix tbody tr:not([hidden])'))"
                             ".map(tr => tr.getAttribute('data-kind'))")
    assert set(visible) <= {"note"}
    assert all("?kind=note" in href for href in phone.evaluate(
        "Array.from(document.querySelectorAll('.pager a')).map(a => a.href)"))
    phone.locator(".pager a").nth(1).click()
    phone.wait_for_load_state("load")
    assert phone.url.endswith("matrix_2.html?kind=note")
    assert phone.locator("select[name=kind]").input_value() == "note"


def test_a_campaign_on_another_page_is_opened_there(phone, paged_team):
    phone.goto(url(paged_team, "matrix.html"))
    phone.wait_for_load_state("load")
    options = phone.evaluate("Array.from(document.querySelectorAll('select[name=campaign] option'))"
                             ".map(o => [o.value, o.getAttribute('data-page')])")
    here = set(phone.evaluate("Array.from(document.querySelectorAll('.matrix-section'))"
                              ".map(s => s.getAttribute('data-campaign'))"))
    elsewhere = [(value, page) for value, page in options if value and value not in here]
    assert elsewhere
    value, page = elsewhere[-1]
    phone.select_option("select[name=campaign]", value)
    phone.wait_for_url(f"**/{page}?campaign={value}")
    sections = phone.evaluate("Array.from(document.querySelectorAll('.matrix-section:not([hidden])'))"
                              ".map(s => s.getAttribute('data-campaign'))")
    assert sections == [value]
