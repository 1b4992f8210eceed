"""One answer to "what needs attention" (issue 17): home, overview, measures and the feed agree.

Read from the built HTML of the demo, as a visitor gets it: the same items,
in the same order, with the same whose-turn and due wording.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

SITES = [("acme", "spring-launch"), ("harbor", "harbor-rebrand")]


def attention_items(page: Path, section_id: str) -> list[str]:
    """Each item of the attention list inside the section `section_id`, as plain text."""
    text = page.read_text(encoding="utf-8")
    start = text.index(f'id="{section_id}"')
    section = text[start:text.index("</section>", start)]
    items = re.findall(r'<li class="signal[^"]*">(.*?)</li>', section, re.DOTALL)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", i)).split()) for i in items]


def card_items(home: Path) -> list[str]:
    text = home.read_text(encoding="utf-8")
    start = text.index('class="card-attention"')
    block = text[start:text.index("</div>", start)]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", i)).split())
            for i in re.findall(r'<li class="signal[^"]*">(.*?)</li>', block, re.DOTALL)]


@pytest.mark.parametrize("audience, campaign", SITES)
def test_home_overview_and_measures_list_the_same_items(demo_site, audience, campaign):
    site = demo_site / audience
    overview = attention_items(site / campaign / "index.html", "needs-attention")
    measures = attention_items(site / campaign / "measures.html", "measure-stalled")
    home = card_items(site / "index.html")
    assert overview and overview == measures == home
    assert all(("Waiting on you since" in i) != ("With the agency since" in i) for i in overview)


@pytest.mark.parametrize("audience, campaign", SITES)
def test_your_turn_is_the_clients_side_of_the_same_list(demo_site, audience, campaign):
    site = demo_site / audience
    overview = attention_items(site / campaign / "index.html", "needs-attention")
    turn = attention_items(site / "index.html", "your-turn")
    mine = [i for i in overview if "Waiting on you since" in i]
    assert turn == mine and turn  # both demo clients have something on their side
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f"Your turn: {len(mine)} · Needs attention: {len(overview)}" in feed


def test_an_undelivered_deliverable_past_due_is_overdue_on_the_overview_and_in_the_list(demo_site):
    page = demo_site / "harbor" / "harbor-rebrand" / "index.html"
    items = attention_items(page, "needs-attention")
    assert any(i.startswith("Deliverable Brand platform and positioning") and "Overdue by" in i for i in items)
    text = page.read_text(encoding="utf-8")
    row = text[text.index('id="deliverable-brand-platform"'):]
    assert '<span class="overdue-flag">Overdue by' in row[:row.index("</tr>")]
