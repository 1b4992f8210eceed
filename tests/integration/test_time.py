"""FORMAT.md, "Time": "as of" never passes the build's clock, and what is dated after it has not happened yet.

Every test here sets the build's clock: SOURCE_DATE_EPOCH, or an injected
clock (`pipeline.build_clock`) standing for the machine's, 1 Mar 2026 at
noon UTC. None depends on the day it runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil

import pytest

from generator import audit, pipeline
from generator.clock import Clock
from generator.errors import StrictError
from generator.redact.future import leave_out_future
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures import images

PNG = images.png() + b" the poster"  # a real one: the gate refuses an image it cannot decode
MACHINE_CLOCK = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
milestones:
  - {id: kick, title: Kickoff, date: 2026-01-10, reached: true}
brief:
  deliverables:
    - {id: poster, title: Launch poster, due: 2026-06-01}
assets:
  - {id: poster-final, deliverable: poster, title: Poster for the launch, file: assets/poster.png,
     published: 2026-06-01}
tasks:
  - {id: t1, title: Legal check of claims, label: waiting-on-legal, start: 2026-01-15}
"""
AUDIENCES = ["client0", "client1", "team"]


@pytest.fixture
def machine_clock(monkeypatch):
    """The machine's clock, as the build reads it: 1 Mar 2026, 12:00 UTC (no SOURCE_DATE_EPOCH)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(pipeline, "build_clock", lambda: Clock(MACHINE_CLOCK, pinned=False), raising=False)


def as_of(site) -> str:
    return re.search(r'As of <time datetime="([^"]+)"', (site / "demo" / "index.html").read_text("utf-8")).group(1)


def every_file(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file())


def poster_shipped(site) -> bool:
    return (site / "assets" / "demo" / "poster.png").is_file() or "Poster for the launch" in every_file(site)


def git_workspace(tmp_path) -> GitWorkspace:
    ws = GitWorkspace(tmp_path / "ws")
    (ws.root / "content" / "assets").mkdir(parents=True)
    (ws.root / "content" / "assets" / "poster.png").write_bytes(PNG)
    return ws


def history_with_a_commit_from_a_wrong_clock(tmp_path) -> GitWorkspace:
    ws = git_workspace(tmp_path)
    ws.campaign("demo", CAMPAIGN)
    ws.commit("Brief and poster", "2026-02-01T10:00:00+01:00")
    ws.campaign("demo", CAMPAIGN.replace("label: waiting-on-legal", "label: in-review"))
    ws.commit("Legal review under way", "2026-12-24T10:00:00+01:00")  # months ahead of the clock
    return ws


def test_a_commit_dated_after_the_clock_unlocks_no_embargo(tmp_path, machine_clock):
    ws = history_with_a_commit_from_a_wrong_clock(tmp_path)
    warnings: list[str] = []
    results = {r.audience: r for r in pipeline.build(ws.root, audiences=AUDIENCES, output=tmp_path / "out",
                                                     warnings=warnings)}
    for audience in AUDIENCES:
        assert as_of(results[audience].path) <= "2026-03-01T13:00:00+01:00", audience
    assert not poster_shipped(results["client0"].path)  # still embargoed: published 1 Jun
    assert re.search(r"To be published <time[^>]*>1 Jun 2026</time>", every_file(results["team"].path))
    assert "Legal review under way" not in every_file(results["team"].path)  # its message, beside its events
    sha = ws.git("rev-parse", "HEAD").strip()
    assert [w for w in warnings if w.startswith(f"git commit {sha[:12]} is dated 2026-12-24")], warnings


def test_under_strict_a_commit_dated_after_the_clock_is_an_error(tmp_path, machine_clock):
    ws = history_with_a_commit_from_a_wrong_clock(tmp_path)
    with pytest.raises(StrictError) as caught:
        pipeline.build(ws.root, audiences=AUDIENCES, output=tmp_path / "out", strict=True)
    assert "after the build's clock" in str(caught.value)
    assert not (tmp_path / "out" / "client0").exists()


def test_a_kpi_point_dated_at_year_end_does_not_move_as_of_without_history(make_workspace, tmp_path,
                                                                           machine_clock):
    """A tier-0 KPI series with its year-end target written as a point: the target has not happened."""
    campaign = CAMPAIGN + ("kpis:\n  series:\n    - {id: reach, title: Reach, unit: people, visibility: 0,\n"
                           "       points: [{date: 2026-02-01, value: 10}, {date: 2026-12-31, value: 100}]}\n")
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign}, {"assets/poster.png": PNG})
    warnings: list[str] = []
    results = {r.audience: r for r in pipeline.build(root, audiences=AUDIENCES, output=tmp_path / "out",
                                                     warnings=warnings)}
    assert as_of(results["client0"].path) == "2026-02-01"
    assert not poster_shipped(results["client0"].path)
    assert any(w.startswith("content/campaigns/demo.yml:") and "kpis series 'reach' point is dated 2026-12-31"
               in w for w in warnings), warnings
    with pytest.raises(StrictError):
        pipeline.build(root, audiences=AUDIENCES, output=tmp_path / "strict", strict=True)


def test_with_source_date_epoch_as_of_is_the_clock(make_workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 6, 2, 8, tzinfo=dt.timezone.utc).timestamp())))
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, {"assets/poster.png": PNG})
    results = {r.audience: r for r in pipeline.build(root, audiences=AUDIENCES, output=tmp_path / "out")}
    for audience in AUDIENCES:
        assert as_of(results[audience].path) == "2026-06-02T10:00:00+02:00", audience
    assert poster_shipped(results["client0"].path)  # 1 Jun has come: delivered


FUTURE_ENTRIES = """\
id: demo
title: Demo campaign
client: Client Co.
milestones:
  - {id: kick, title: Kickoff, date: 2026-01-10, reached: true}
  - {id: launch, title: Launch, date: 2026-04-01, reached: true}
tasks:
  - {id: t1, title: Storyboard, label: done, start: 2026-01-12, done: 2026-03-20}
decisions:
  - id: concept
    date: 2026-01-20
    title: Concept chosen
    why: Because.
    comments:
      - {by: jane, at: 2026-01-21T10:00:00, text: Agreed.}
      - {by: jane, at: 2026-03-02T10:00:00, text: Tomorrow's comment.}
  - {id: later, date: 2026-05-01, title: A decision not taken yet, why: Soon.}
approvals:
  - id: t1-v1
    subject: t1
    requested: 2026-02-01T10:00:00
    steps:
      - {by: jane, verdict: changes-requested, at: 2026-02-02T10:00:00}
      - {by: jane, verdict: approved, at: 2026-03-05T10:00:00}
notes:
  - {date: 2026-02-10, text: A note of February.}
  - {date: 2026-03-10, text: A note of next week.}
kpis:
  nps: [{date: 2026-02-01, value: 31}, {date: 2026-06-30, value: 60}]
"""


def test_every_kind_of_dated_claim_after_the_clock_is_left_out_and_named(make_workspace):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": FUTURE_ENTRIES})
    workspace, warnings = leave_out_future(load_workspace(root), Clock(MACHINE_CLOCK, pinned=False))
    c = workspace.campaigns["demo"]
    assert [m.id for m in c.milestones if m.reached] == ["kick"]
    assert c.tasks[0].done is None
    assert [d.id for d in c.decisions] == ["concept"] and len(c.decisions[0].comments) == 1
    assert len(c.approvals[0].steps) == 1
    assert [n.text for n in c.notes] == ["A note of February."]
    assert [p.value for p in c.nps.points] == [31]
    named = " | ".join(warnings)
    for what in ("milestones 'launch' (reached)", "tasks 't1' done", "decisions 'concept' comment by jane",
                 "decisions 'later'", "approvals 't1-v1' step by jane", "notes entry", "kpis nps point"):
        assert what in named, what
    assert all(w.startswith("content/campaigns/demo.yml:") and "after the build's clock (2026-03-01)" in w
               for w in warnings), warnings
    assert len(warnings) == 7


def test_a_decision_commit_from_a_wrong_clock_is_left_out(tmp_path, machine_clock):
    ws = git_workspace(tmp_path)
    ws.campaign("demo", CAMPAIGN)
    ws.commit("Brief", "2026-02-01T10:00:00+01:00")
    ws.commit("Keep the poster\n\nDecision: Keep the poster A2\nCampaign: demo\nVisibility: 0",
              "2026-09-01T10:00:00+02:00")
    warnings: list[str] = []
    results = {r.audience: r for r in pipeline.build(ws.root, audiences=["client1", "team"],
                                                     output=tmp_path / "out", warnings=warnings)}
    assert "Keep the poster A2" not in every_file(results["team"].path)
    assert any("is dated 2026-09-01" in w for w in warnings), warnings


def test_the_gate_holds_embargoed_work_back_by_the_clock_whatever_the_view_says(make_workspace, tmp_path):
    """A view whose as-of moment ran past the clock (as a future commit made it) cannot open an embargo in
    the gate: the poster's bytes on a tier-0 site are a finding."""
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, {"assets/poster.png": PNG})
    clock = Clock(MACHINE_CLOCK, pinned=False)
    pipeline.build(root, audiences=["client0"], output=tmp_path / "out")
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "out" / "client0", copy)
    (copy / "assets" / "demo").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "demo" / "poster.png").write_bytes(PNG)
    workspace = load_workspace(root)
    reader = workspace.config.audiences["client0"]
    view, _ = redact(workspace, reader, clock)
    ran_ahead = dataclasses.replace(view, as_of=dt.datetime(2026, 12, 24, 10, tzinfo=dt.timezone.utc))
    findings = audit.audit_built(copy, workspace, reader, ran_ahead, clock)
    assert "assets/demo/poster.png: the bytes of the file of hidden asset 'poster-final' in demo" in findings
