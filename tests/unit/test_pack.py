"""The transparency pack's parts: its cover's record line, its footer's CSS, its bars."""

from __future__ import annotations

import re

import pytest

from generator.inputs import load_workspace
from generator.measures import measure
from generator.render.charts import Cell, Table
from generator.render.measures_pages import campaigns_with_page
from generator.render.pack import has_pack, pack_html
from generator.render.pack_bars import bars
from generator.render.pack_pdf import css_string, page_rules
from generator.render.plan import CampaignPlan
from tests.conftest import REPO
from tests.fixtures.views import built_view

HEAD = "3f9a" + "0" * 58 + "c1"


@pytest.fixture(scope="module")
def demo():
    return load_workspace(REPO)


def html_for(workspace, audience: str, record_head=None) -> str:
    view, _ = built_view(workspace, workspace.config.audiences[audience])
    measures = measure(view)
    campaign = sorted(view.campaigns, key=lambda c: c.id)[-1]
    return pack_html(view, CampaignPlan(view, campaign, campaigns_with_page(view, measures)), measures, record_head)


def test_the_cover_shows_the_record_head_when_given(demo):
    html = html_for(demo, "acme", (214, HEAD))
    assert "Record 214, 3f9a…c1" in html and HEAD in html


def test_without_a_record_head_the_cover_claims_none(demo):
    html = html_for(demo, "acme")
    assert "record-line" not in html and "Record head" not in html


def test_the_pack_loads_nothing_and_links_nowhere_outside_itself(demo):
    html = html_for(demo, "team")
    assert "<img" not in html and "<link" not in html and "url(" not in html
    # its own sections, and the addresses the content's Markdown gives (a note's link): no page of the site
    assert all(href.startswith(("#", "https://")) for href in re.findall(r'href="([^"]*)"', html))


def test_packs_go_to_the_audiences_whose_tier_reaches_approvals(demo):
    tiers = {name: has_pack(built_view(demo, audience)[0]) for name, audience in demo.config.audiences.items()}
    assert tiers == {"acme": True, "harbor": False, "team": True}


@pytest.mark.parametrize("title", ['Say "hi"; } @page { size: 1mm }', "back\\slash", "line\nbreak", "Café · 2026"])
def test_a_campaign_title_in_the_footer_stays_a_string(title):
    """The footer is CSS: a title cannot end its string and write rules of its own."""
    rules = page_rules("en", title)
    literal = css_string(f"{title} · Transparency pack")
    assert literal in rules and literal.count('"') == 2 and "\n" not in literal and "{" not in literal


def test_bars_draw_the_last_number_of_each_row_with_negatives_left_of_zero():
    table = Table("NPS", ("Date", "NPS"), (
        (Cell("2026-01-01", "1 Jan 2026", "date"), Cell("-20", "−20", "number")),
        (Cell("2026-02-01", "1 Feb 2026", "date"), Cell("40", "40", "number")),
    ))
    svg = str(bars(table))
    assert svg.count("<rect") == 2 and "−20" in svg and "1 Feb 2026" in svg
    assert bars(Table("x", ("a", "b"), ((Cell("a", "a"), Cell("0", "0", "number")),))) is None  # nothing to draw
    assert bars(Table("x", ("a", "b"), ((Cell("a", "a"), Cell("b", "b")),))) is None  # no number


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    """A campaign with a brief and nothing else yet: no approval, no review round, no score."""
    from tests.conftest import FILM_CAMPAIGN, MINIMAL_CONFIG, WorkspaceMaker

    root = WorkspaceMaker(tmp_path_factory.mktemp("quiet") / "ws").write(MINIMAL_CONFIG, {"demo": FILM_CAMPAIGN})
    return load_workspace(root)


@pytest.mark.parametrize("audience", ["client3", "team"])
def test_the_pack_measures_what_the_sites_measures_page_shows(quiet, audience):
    """A client's site leaves out a measure with no inputs ("No score recorded yet"): so does its pack."""
    from generator.render.measures_pages import campaign_page

    view, _ = built_view(quiet, quiet.config.audiences[audience])
    measures = measure(view)
    (c,), (m,) = view.campaigns, measures.campaigns
    page, _ = campaign_page(view, c, m, measures, campaigns_with_page(view, measures))
    html = pack_html(view, CampaignPlan(view, c, campaigns_with_page(view, measures)), measures, None)
    on_site = re.findall(r'<h2 id="measure-[^"]*-title">([^<]*)</h2>', page.body)
    in_pack = re.findall(r'<section class="measure">\s*<h3>([^<]*)</h3>', html)
    assert in_pack == [title for title in on_site if title not in ("At a glance", "Needs attention")]
    assert ("Client satisfaction (NPS)" in in_pack) == (audience == "team")  # the team keeps scaffolding
