"""The cross-entry checks' quick verdict agrees with their detailed report.

check_references first asks a yes-or-no question in a few set operations
(a history checks thousands of versions) and walks the entries to name a
problem only when the answer is no. A quick "yes" on a campaign with a
mistake would let a broken version through, so every kind of mistake the
detailed checks report is planted here and must be caught by both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.load import refs as campaign_refs
from generator.load.refs import check_references
from generator.load.reader import Reader
from generator.inputs import load_workspace
from tests.conftest import REPO

WORKSPACE = load_workspace(REPO, with_history=False)
CONFIG = WORKSPACE.config
CAMPAIGN = WORKSPACE.campaigns["spring-launch"]


def _first(group, kind=None):
    return next(e for e in group if kind is None or kind(e))


def _replace_in(campaign, group: str, entry, **changes):
    items = tuple(dataclasses.replace(e, **changes) if e is entry else e for e in getattr(campaign, group))
    return dataclasses.replace(campaign, **{group: items})


def _mistakes(c):
    task = _first(c.tasks, lambda t: t.owner)
    decision = _first(c.decisions, lambda d: d.comments)
    approval = _first(c.approvals, lambda a: len(a.steps) >= 2)
    step, later = approval.steps[0], approval.steps[1]
    note = _first(c.notes, lambda n: n.about)
    asset = _first(c.assets, lambda a: a.deliverable)
    comment = decision.comments[0]
    return {
        "unknown owner": _replace_in(c, "tasks", task, owner="nobody"),
        "unknown label": _replace_in(c, "tasks", task, label="no-such-label"),
        "unknown task deliverable": _replace_in(c, "tasks", task, deliverable="ghost"),
        "unknown decider": _replace_in(c, "decisions", decision, decided_by=decision.decided_by + ("nobody",)),
        "unknown commenter": _replace_in(c, "decisions", decision,
                                         comments=(dataclasses.replace(comment, by="nobody"),)),
        "unknown related entry": _replace_in(c, "decisions", decision, relates_to=("ghost",)),
        "unknown subject": _replace_in(c, "approvals", approval, subject="ghost"),
        "unknown step author": _replace_in(c, "approvals", approval,
                                           steps=(dataclasses.replace(step, by="nobody"),) + approval.steps[1:]),
        "steps out of order": _replace_in(c, "approvals", approval, steps=(later, step) + approval.steps[2:]),
        "due before requested": _replace_in(c, "approvals", approval,
                                            due=approval.requested - dt.timedelta(hours=1)),
        "unknown note subject": _replace_in(c, "notes", note, about="ghost"),
        "unknown asset deliverable": _replace_in(c, "assets", asset, deliverable="ghost"),
        "duplicate id across kinds": _replace_in(c, "tasks", task, id=c.deliverables[0].id),
        "a series with the NPS series' id": _replace_in(c, "series", c.series[0], id="nps"),
        "a task with the NPS series' id": _replace_in(c, "tasks", task, id="nps"),
    }


def _problems(campaign) -> list:
    reader = Reader(campaign.file, CONFIG.timezone)
    check_references(reader, campaign, CONFIG)
    return reader.problems


def test_a_valid_campaign_takes_the_quick_path_and_has_no_problem():
    for campaign in WORKSPACE.campaigns.values():
        assert campaign_refs._all_hold(campaign, CONFIG)
        assert _problems(campaign) == []


@pytest.mark.parametrize("mistake", sorted(_mistakes(CAMPAIGN)))
def test_every_kind_of_mistake_fails_the_quick_verdict_and_is_named(mistake):
    broken = _mistakes(CAMPAIGN)[mistake]
    assert not campaign_refs._all_hold(broken, CONFIG)
    assert _problems(broken), f"the detailed checks miss: {mistake}"
