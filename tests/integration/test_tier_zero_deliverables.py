"""Tier 0 sees a deliverable only once something it sees was delivered for it (docs/format.md).

FORMAT.md's tier 0 is "finished work only (final creative, milestones
reached)". The assets are the finished work: a deliverable with none that a
tier-0 audience sees is a plan, withheld like a milestone not reached, with
everything that refers to it, its history and the brief measure included.
Each test builds whole sites and reads every file of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CAMPAIGN, MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {id: film, title: Launch film, due: 2026-03-06}
    - {id: posters, title: Metro posters, due: 2026-04-17}
    - {id: mailer, title: Door-drop mailer, due: 2026-05-22}
    - {id: banners, title: Web banners, due: 2026-06-19}
milestones:
  - {id: kickoff, title: Kickoff workshop, date: 2026-01-12, reached: true}
  # without history, what tier 0 sees must reach the film's publication day, or the film is scheduled
  - {id: film-out, title: Film released, date: 2026-02-27, reached: true}
tasks:
  - {id: film-edit, title: Film edit, label: done, deliverable: film, visibility: 0}
  - {id: poster-art, title: Poster artwork, label: in-progress, deliverable: posters, due: 2026-04-09, visibility: 0}
notes:
  - {date: 2026-02-03, about: posters, text: Posters wait for the metro booking., visibility: 0}
assets:
  - {id: film-cut, title: Launch film final cut, deliverable: film, url: "https://example.com/film",
     published: 2026-02-27}
  - {id: mailer-proof, title: Mailer proof, deliverable: mailer, url: "https://example.com/proof", visibility: internal}
  - {id: banner-set, title: Banner set, deliverable: banners, url: "https://example.com/banners", visibility: 1}
"""

# What a tier-0 site must not hold of each deliverable nothing visible was delivered for, and of its task.
PLANNED = {
    "posters": ("Metro posters", "2026-04-17", "17 Apr 2026"),
    "poster-art": ("Poster artwork", "2026-04-09", "9 Apr 2026"),
    "mailer": ("Door-drop mailer", "2026-05-22", "22 May 2026"),  # only an internal asset
    "banners": ("Web banners", "2026-06-19", "19 Jun 2026"),  # only a tier-1 asset
}


def site_text(site: Path) -> str:
    """Every file of one audience's site as text: pages, search index, data files."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file())


@pytest.fixture
def built(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN})
    results = pipeline.build(root, audiences=["client0", "client1"], output=tmp_path / "out")
    return {r.audience: r for r in results}


def test_a_tier_zero_site_holds_no_title_or_due_date_of_an_undelivered_deliverable_nor_of_its_task(built):
    text = site_text(built["client0"].path)
    for entry_id in ("posters", "poster-art"):
        for needle in PLANNED[entry_id]:
            assert needle not in text, (entry_id, needle)
    assert "Posters wait" not in text  # a note about the planned deliverable goes with it


def test_a_deliverable_with_an_asset_tier_zero_sees_still_shows_there(built):
    overview = (built["client0"].path / "demo" / "index.html").read_text(encoding="utf-8")
    assert "Launch film" in overview and "6 Mar 2026" in overview and "Launch film final cut" in overview
    assert "Metro posters" not in overview  # beside it, the one nothing was delivered for is gone


def test_an_internal_or_higher_tier_asset_does_not_make_its_deliverable_delivered_at_tier_zero(built):
    text = site_text(built["client0"].path)
    for entry_id in ("mailer", "banners"):
        for needle in PLANNED[entry_id]:
            assert needle not in text, (entry_id, needle)
    withheld = {(w.kind, w.id): w.reason for w in built["client0"].report.withheld}
    assert {withheld[("deliverable", d)] for d in ("posters", "mailer", "banners")} == {"planned"}
    assert withheld[("task", "poster-art")] == "reference:deliverable posters"
    assert ("deliverable", "film") not in withheld


def test_tier_one_still_sees_the_deliverables_tier_zero_does_not(built):
    zero, one = site_text(built["client0"].path), site_text(built["client1"].path)
    for title, _, due in PLANNED.values():
        assert title in one and due in one
        assert title not in zero


def test_a_tier_zero_measures_page_counts_no_planned_deliverable(make_workspace, tmp_path):
    """With a measure opened to tier 0, its measures page exists: it must not say "1 of 4" delivered."""
    root = make_workspace.write(MINIMAL_CONFIG + "measures:\n  client-sentiment: 0\n",
                                {"demo": CAMPAIGN + "kpis:\n  nps: [{date: 2026-01-01, value: 31}]\n"})
    (result,) = pipeline.build(root, audiences=["client0"], output=tmp_path / "out")
    page = (result.path / "demo" / "measures.html").read_text(encoding="utf-8")
    assert "Brief delivered" not in page and "Brief accuracy" not in page
    assert " of 4" not in page and " of 1" not in page


def test_the_demo_board_of_docs_format_lists_only_the_delivered_deliverables(demo_copy, tmp_path, monkeypatch):
    """docs/format.md, "Tier 0 sees no plans": the demo with a tier-0 `board` audience, built as the shipped
    workflow's scheduled run does, at the moment of the demo's last commit (8 Apr 2026, 09:30)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775633400")
    config = demo_copy / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("audiences:\n", "audiences:\n  board: {title: Board, tier: 0, campaigns: all}\n"),
                      encoding="utf-8")
    (result,) = pipeline.build(demo_copy, audiences=["board"], output=tmp_path / "out")

    def deliverables(campaign_id: str) -> list[str]:
        html = (result.path / campaign_id / "index.html").read_text(encoding="utf-8")
        return re.findall(r'id="deliverable-([a-z0-9-]+)"', html)

    assert deliverables("spring-launch") == ["key-visual", "hero-video"]
    assert "brand-platform" not in deliverables("harbor-rebrand")
    assert "Social cut-downs" not in site_text(result.path)


# -- history -------------------------------------------------------------------------------


def when(day: str) -> str:
    return f"2026-01-{day}T10:00:00+01:00"


def campaign(deliverables: str, tasks: str = "", assets: str = "") -> str:
    return ("id: demo\ntitle: Demo campaign\nclient: Client Co.\nbrief:\n  deliverables:\n"
            "    - {id: film, title: Launch film, due: 2026-03-06}\n" + deliverables
            + "milestones:\n  - {id: kickoff, title: Kickoff, date: 2026-01-12, reached: true}\n"
            + ("tasks:\n" + tasks if tasks else "")
            + "assets:\n  - {id: film-cut, title: Launch film final cut, deliverable: film, "
              "url: \"https://example.com/film\"}\n" + assets)


POSTERS = "    - {id: posters, title: Metro posters, due: 2026-04-17}\n"
POSTER_TASK = "  - {id: poster-art, title: Poster artwork, label: in-progress, deliverable: posters, visibility: 0}\n"


def changes(workspace, audience: str) -> list[tuple[str, str]]:
    view, _ = redact(workspace, workspace.config.audiences[audience])
    return [(ch.kind, ch.entry.id) for c in view.campaigns for ch in c.changes]


def test_history_of_a_planned_deliverable_scope_and_due_moves_included_is_hidden_from_tier_zero(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(""))
    ws.commit("Set up", when("10"))
    ws.campaign("demo", campaign(POSTERS))
    ws.commit("Posters join the brief after kickoff", when("20"))
    ws.campaign("demo", campaign(POSTERS.replace("2026-04-17", "2026-04-24")))
    ws.commit("Posters a week later", when("22"))
    workspace = load_workspace(ws.root)
    one = changes(workspace, "client1")
    assert {("scope", "posters"), ("date", "posters"), ("added", "posters")} <= set(one)
    assert not [c for c in changes(workspace, "client0") if c[1] == "posters"]
    assert ("added", "film") in changes(workspace, "client0")  # the delivered one keeps its history


def test_history_of_a_removed_deliverable_and_of_a_removed_task_under_it_is_hidden_from_tier_zero(tmp_path):
    """Gone from the brief, it was never delivered as the files stand: a plan, like a removed milestone."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(POSTERS, tasks=POSTER_TASK))
    ws.commit("Set up", when("10"))
    ws.campaign("demo", campaign(POSTERS.replace("2026-04-17", "2026-04-24"), tasks=POSTER_TASK))
    ws.commit("Posters a week later", when("15"))
    ws.campaign("demo", campaign(""))
    ws.commit("No posters after all", when("20"))
    workspace = load_workspace(ws.root)
    gone = {"posters", "poster-art"}
    assert {entry for _, entry in changes(workspace, "client1")} >= gone
    assert not [c for c in changes(workspace, "client0") if c[1] in gone]
    view, _ = redact(workspace, workspace.config.audiences["client0"])
    assert "Metro posters" not in repr(view) and "Poster artwork" not in repr(view)


def test_a_task_the_agency_gives_tier_zero_shows_there_with_its_label_and_owner(make_workspace, tmp_path):
    """docs/format.md: FORMAT's "shown to tier >= t" holds for tasks; only plans (milestones not reached,
    deliverables not delivered) are held back from tier 0 whatever their visibility says."""
    campaign = MINIMAL_CAMPAIGN + """\
tasks:
  - {id: print-proofs, title: Print proofs signed off, label: done, owner: maria, done: 2026-03-02, visibility: 0}
  - {id: media-plan, title: Media plan and budget split, label: waiting-on-client, owner: maria}
"""
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign})
    site = pipeline.build(root, audiences=["client0"], output=tmp_path / "out")[0].path
    text = site_text(site)
    overview = (site / "demo" / "index.html").read_text(encoding="utf-8")
    assert "Print proofs signed off" in overview and "Done" in overview and "María López" in overview
    assert "Media plan and budget split" not in text  # a task at its default visibility (1) stays out
