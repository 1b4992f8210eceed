"""Pages stay light however large the agency (issue 15 item 4): byte sizes, not times.

A generated agency (scripts/bench_build.py's, at 3,000 entries: 12
campaigns of ~250 entries, four audiences) is built whole. Every page of
every site, with what it loads on a first visit (gzip), stays within the
page budget (150 KB, the charts' script aside), measured by
scripts/page_weight.py. And the pages that gather every campaign hold a
bounded number of items, so they stay light at 50,000 entries too: each
home card and "Your turn" show their first items, the site-wide measures
page its first 50, each page of the redaction matrix at most 500 rows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.render import capped, matrix
from tests.fixtures.sites import private_of

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import bench_build  # noqa: E402
import page_weight  # noqa: E402


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("agency")
    # A pack is a PDF, not a page: drawing 16 would be nine tenths of this build (test_transparency_pack.py)
    bench_build.make_agency(root / "ws", 3000, packs=False)
    pipeline.build(root / "ws", output=root / "out")
    return root / "out"


def test_no_page_of_any_site_is_over_the_budget(agency):
    assert page_weight.over_budget(agency) == []


def signals(page: Path, section: str | None = None) -> int:
    text = page.read_text(encoding="utf-8")
    if section is not None:
        start = text.index(f'id="{section}"')
        text = text[start:text.index("</section>", start)]
    return len(re.findall(r'<li class="signal ', text))


def test_pages_that_gather_every_campaign_hold_a_bounded_number_of_items(agency):
    team = private_of(agency) / "team"
    assert signals(team / "index.html") <= 12 * capped.CARD_ITEMS
    assert "more on the campaign’s overview" in (team / "index.html").read_text(encoding="utf-8")
    assert signals(team / "measures.html", "measure-stalled") == capped.AGENCY_ITEMS
    client = agency / "client-a"
    assert signals(client / "index.html", "your-turn") <= capped.TURN_ITEMS
    for page in team.glob("matrix*.html"):
        assert page.read_text(encoding="utf-8").count('<tr id="m/') <= matrix.ROWS


def test_the_site_wide_list_says_how_many_and_leads_to_every_campaigns_own_list(agency):
    text = (private_of(agency) / "team" / "measures.html").read_text(encoding="utf-8")
    total = int(re.search(r"The 50 that have waited longest, of ([\d,]+)", text).group(1).replace(",", ""))
    listed = re.findall(r'<li><a href="(c\d+/measures\.html#measure-stalled)">[^<]*</a> <span class="muted">· (\d+)',
                        text)
    assert sum(int(n) for _, n in listed) == total > capped.AGENCY_ITEMS
    for href, n in listed:
        campaign_page = private_of(agency) / "team" / href.split("#")[0]
        assert signals(campaign_page, "measure-stalled") == int(n)
