"""Tier 0 gets the section of every entry it was given explicitly (docs/format.md, "Sections").

FORMAT.md: "An entry with visibility t is shown to an audience with tier >=
t". A tier-0 audience reaches no dated kind by default, so a plain tier-0
site is home, overview and final work; but a decision, an approval, a note
or a KPI series published to it with `visibility: 0` is in its view, is
counted as shown by `receipts build`, and must be on a page it can open.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline
from tests.conftest import FILM_CAMPAIGN, MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {id: film, title: Launch film}
milestones:
  - {id: kickoff, title: Kickoff, date: 2026-01-10, reached: true}
decisions:
  - {id: d1, date: 2026-01-12, title: Thirty second cut chosen, why: The media plan buys 30 s slots., visibility: 0}
approvals:
  - id: film-v1
    subject: film
    visibility: 0
    requested: 2026-01-20T10:00:00
    steps: [{by: jane, verdict: approved, at: 2026-01-21T10:00:00, comment: Lovely pacing}]
notes:
  - {date: 2026-01-13, about: kickoff, text: Kickoff went well, visibility: 0}
assets:
  - {id: film-final, deliverable: film, title: Final film, url: "https://example.com/film"}
kpis:
  series:
    - {id: reach, title: Campaign reach, visibility: 0, points: [{date: 2026-02-01, value: 5}]}
"""

# Each entry tier 0 was given, the page that must show it, and a text of it.
SHOWN = [
    ("film", "demo/index.html", "Launch film"),
    ("kickoff", "demo/index.html", "Kickoff"),
    ("film-final", "demo/work.html", "Final film"),
    ("d1", "demo/decisions.html", "Thirty second cut chosen"),
    ("d1", "demo/decisions.html", "The media plan buys 30 s slots."),
    ("film-v1", "demo/approvals/film-v1.html", "Lovely pacing"),
    ("film-v1", "demo/approvals.html", "Launch film"),
    ("note", "demo/notes.html", "Kickoff went well"),
    ("reach", "demo/measures.html", "Campaign reach"),
]


def nav_links(page: Path) -> list[str]:
    nav = re.search(r'<nav[^>]*class="local-nav".*?</nav>', page.read_text(encoding="utf-8"), re.S)
    assert nav is not None
    return re.findall(r'href="([^"#]+)"', nav.group(0))


@pytest.fixture
def built(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN})
    return {r.audience: r for r in pipeline.build(root, audiences=["client0"], output=tmp_path / "out")}


@pytest.mark.parametrize("entry,page,text", SHOWN)
def test_an_entry_given_to_tier_zero_is_on_its_page(built, entry, page, text):
    path = built["client0"].path / page
    assert path.is_file(), f"{entry}: no {page} on the tier-0 site"
    assert text in path.read_text(encoding="utf-8"), (entry, page)


def test_the_count_of_entries_shown_is_what_the_pages_show(built):
    # deliverable, milestone, asset, decision, approval, note, KPI series: each on a page above
    assert built["client0"].report.shown == len({entry for entry, _, _ in SHOWN}) == 7
    assert built["client0"].report.withheld == []


def test_the_overview_links_every_section_tier_zero_was_given(built):
    overview = built["client0"].path / "demo" / "index.html"
    links = nav_links(overview)
    for page in ("timeline.html", "decisions.html", "approvals.html", "notes.html", "work.html", "measures.html"):
        assert page in links, page
    timeline = (built["client0"].path / "demo" / "timeline.html").read_text(encoding="utf-8")
    assert "Thirty second cut chosen" in timeline and "Kickoff went well" in timeline


def test_a_tier_zero_site_given_nothing_dated_is_home_overview_and_final_work(make_workspace, tmp_path):
    plain = re.sub(r", visibility: 0|\n    visibility: 0", "", CAMPAIGN)
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": plain})
    [result] = pipeline.build(root, audiences=["client0"], output=tmp_path / "out")
    pages = sorted(str(p.relative_to(result.path / "demo")) for p in (result.path / "demo").rglob("*.html"))
    assert pages == ["index.html", "work.html"]
    assert result.report.shown == 3  # the deliverable, the milestone reached and the asset


def test_the_history_tier_zero_sees_is_on_its_timeline(tmp_path):
    """Each git event takes the visibility of its entry (FORMAT.md, "History"): a delivered
    deliverable's moved due date is in the tier-0 view, so a tier-0 timeline shows it."""
    ws = GitWorkspace(tmp_path / "ws")
    film = FILM_CAMPAIGN + (
        "assets:\n  - {id: film-cut, title: Launch film final cut, deliverable: film, url: \"https://example.com/f\"}\n")
    ws.campaign("demo", film.replace("2026-03-01", "2026-03-06"))
    ws.commit("Set up", "2026-01-10T10:00:00+01:00")
    ws.campaign("demo", film.replace("2026-03-01", "2026-03-13"))
    ws.commit("Film a week later", "2026-01-20T10:00:00+01:00")
    [result] = pipeline.build(ws.root, audiences=["client0"], output=tmp_path / "out")
    assert "timeline.html" in nav_links(result.path / "demo" / "index.html")
    timeline = (result.path / "demo" / "timeline.html").read_text(encoding="utf-8")
    assert "6 Mar 2026" in timeline and "13 Mar 2026" in timeline
