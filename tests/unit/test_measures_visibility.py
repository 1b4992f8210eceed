"""A measure is computed from what the audience sees, and appears only when it sees the inputs."""

from __future__ import annotations

import dataclasses

import pytest

from generator.measures import measure
from generator.measures.export import as_dict
from generator.measures.opened import figures, with_opened_figures
from generator.redact.entries import redact
from generator.inputs import load_workspace
from generator.view import Opened
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.views import built_view

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {id: film, title: Hero film}
tasks:
  - {id: edit, title: Film edit, label: done, deliverable: film, start: 2026-01-01, done: 2026-01-11}
  - {id: budget, title: Budget reconciliation nobody may see, label: done, start: 2026-01-01, done: 2026-02-20, visibility: internal}
  - {id: copy, title: Copywriting, label: needs-decision, start: 2026-01-05}
approvals:
  - id: edit-v1
    subject: edit
    requested: 2026-01-05T09:00:00
    due: 2026-01-08T18:00:00
    steps:
      - {by: jane, verdict: changes-requested, at: 2026-01-07T10:00:00}
      - {by: jane, verdict: approved, at: 2026-01-10T10:00:00}
kpis:
  nps: [{date: 2026-01-01, value: 30}]
"""


@pytest.fixture
def workspace(make_workspace):
    config = MINIMAL_CONFIG + "measures:\n  rework-rate: 1\n"
    return load_workspace(make_workspace.write(config, {"demo": CAMPAIGN}))


def measures_for(workspace, audience_id, **kw):
    v, _ = built_view(workspace, workspace.config.audiences[audience_id])
    return v, measure(v, **kw)


def test_a_tier_one_client_gets_no_approval_measures_but_the_opened_total(workspace):
    _, m = measures_for(workspace, "client1")
    c = m.campaigns[0]
    assert c.on_time is None
    # rework-rate is opened to tier 1 in this workspace: a total, never the approvals behind it
    assert c.rework.aggregate_only and c.rework.by_deliverable == () and c.rework.rate == 0.5
    data = as_dict(m)["campaigns"]["demo"]
    assert "approval_on_time_rate" not in data
    assert "cycle_time_days" in data and "stalled" in data


def test_a_tier_three_client_sees_the_approval_measures(workspace):
    _, m = measures_for(workspace, "client3")
    data = as_dict(m)["campaigns"]["demo"]
    assert data["approval_on_time_rate"] == 0.0  # decided two days late
    assert data["rework_rate"] == 0.5


def test_cycle_time_counts_only_the_tasks_the_audience_sees(workspace):
    _, client = measures_for(workspace, "client3")
    _, team = measures_for(workspace, "team")
    assert (client.campaigns[0].cycle_time.count, client.campaigns[0].cycle_time.max) == (1, 10)
    assert (team.campaigns[0].cycle_time.count, team.campaigns[0].cycle_time.max) == (2, 50)
    assert "Budget reconciliation" not in str(as_dict(client))


def test_tier_zero_sees_no_task_kpi_approval_or_brief_measures(workspace):
    """Tier 0 sees no plans, and the brief is one: no brief accuracy there (docs/measures.md)."""
    _, m = measures_for(workspace, "client0")
    c = m.campaigns[0]
    assert c.stalled is None and c.sentiment is None and c.on_time is None
    assert c.brief is None and m.agency.brief is None
    assert "brief_accuracy" not in as_dict(m)["campaigns"]["demo"]


def test_an_opened_measure_shows_numbers_from_entries_the_view_does_not_hold(workspace):
    view, _ = redact(workspace, workspace.config.audiences["client1"])
    assert view.open_measures == frozenset({"rework-rate"})
    wide, _ = redact(workspace, workspace.config.audiences["client3"])  # stands in for the widest non-internal view
    opened = figures(wide, view.open_measures)
    c = measure(view, opened=opened).campaigns[0]
    assert c.rework.aggregate_only and c.rework.rate == 0.5 and c.rework.by_deliverable == ()
    assert c.on_time is None  # not opened
    data = as_dict(measure(view, opened=opened))["campaigns"]["demo"]
    assert data["rework_rate"] == 0.5 and data["rework"]["opened"] is True
    assert "Film edit" not in str(data["rework"])


def test_opened_figures_are_ignored_unless_site_config_opens_the_measure(workspace):
    view, _ = redact(workspace, workspace.config.audiences["client1"])
    wide, _ = redact(workspace, workspace.config.audiences["client3"])
    c = measure(view, opened=figures(wide, ["approval-on-time-rate"])).campaigns[0]
    assert c.on_time is None


def test_no_opened_figures_means_no_opened_measure(workspace):
    client1 = workspace.config.audiences["client1"]
    view = with_opened_figures(workspace, client1, redact(workspace, client1)[0])
    assert view.opened.figures  # the opened stage computed the total...
    view = dataclasses.replace(view, opened=Opened())  # ...without it, nothing stands in for it
    assert measure(view).campaigns[0].rework is None


HIDDEN_LAST_STEP = CAMPAIGN.replace(
    "      - {by: jane, verdict: approved, at: 2026-01-10T10:00:00}",
    "      - {by: jane, verdict: approved, at: 2026-01-07T12:00:00}\n"
    "      - {by: jane, verdict: changes-requested, at: 2026-01-09T10:00:00, visibility: internal}",
)


def test_a_hidden_last_step_counts_as_never_written(make_workspace):
    """Projection over 'raising never adds': the client sees the approval decided by the step it can see."""
    workspace = load_workspace(make_workspace.write(MINIMAL_CONFIG, {"demo": HIDDEN_LAST_STEP}))
    _, client = measures_for(workspace, "client3")
    _, team = measures_for(workspace, "team")
    assert as_dict(client)["campaigns"]["demo"]["approval_on_time_rate"] == 1.0  # approved 07 Jan, due 08 Jan
    assert as_dict(team)["campaigns"]["demo"]["approval_on_time_rate"] == 0.0  # last step 09 Jan, past its due
