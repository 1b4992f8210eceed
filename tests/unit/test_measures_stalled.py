"""Stalled work: tasks in one label past the threshold of its kind; approvals open past due."""

from __future__ import annotations

import datetime as dt

from generator.measures import measure
from generator.render.signals import attention
from generator.render.plan import CampaignPlan
from tests.unit.measures_views import D, approval, campaign, change, task, view

AS_OF = D(2026, 3, 1)


def stalled(v):
    return measure(v).campaigns[0].stalled


def test_a_task_stalls_after_more_than_the_threshold_days_in_one_label():
    tasks = [task("eight", "needs-decision"), task("seven", "needs-decision"), task("finished", "done")]
    changes = [change("label", "task", "eight", "2026-02-21T10:00:00", "in-progress", "needs-decision"),
               change("label", "task", "seven", "2026-02-22T10:00:00", "in-progress", "needs-decision"),
               change("label", "task", "finished", "2026-01-01T10:00:00", "in-review", "done")]
    s = stalled(view(campaign(tasks=tasks, changes=changes), as_of=AS_OF))
    assert [(t.ref.id, t.days, t.since_from) for t in s.tasks] == [("eight", 8, "label")]


def test_the_last_label_change_counts_not_the_first():
    changes = [change("label", "task", "a", "2026-01-01T10:00:00", "not-started", "in-progress"),
               change("label", "task", "a", "2026-02-27T10:00:00", "in-progress", "needs-decision")]
    assert stalled(view(campaign(tasks=[task("a", "needs-decision")], changes=changes), as_of=AS_OF)).tasks == ()


def test_without_label_history_the_start_date_counts():
    s = stalled(view(campaign(tasks=[task("a", "in-progress", start=D(2026, 2, 1)), task("undated")]), as_of=AS_OF))
    assert [(t.ref.id, t.days, t.since_from) for t in s.tasks] == [("a", 28, "start")]


def test_a_task_that_kept_the_label_it_was_added_with_counts_from_the_add():
    """No label change and no start: the commit that added it is when it took its label."""
    changes = [change("added", "task", "sat", "2026-02-01T10:00:00", None, "Sat since February"),
               change("added", "task", "fresh", "2026-02-27T10:00:00", None, "Added two days ago")]
    s = stalled(view(campaign(tasks=[task("sat", "needs-decision"), task("fresh", "needs-decision")],
                              changes=changes), as_of=AS_OF))
    assert [(t.ref.id, t.days, t.since, t.since_from) for t in s.tasks] == [("sat", 28, D(2026, 2, 1), "added")]


def test_the_add_counts_before_the_start_and_a_label_change_before_the_add():
    """The time in the current label starts at the last label change, else the add, else `start`."""
    added = change("added", "task", "a", "2026-01-10T10:00:00", None, "A")
    started = task("a", "needs-decision", start=D(2026, 2, 20))  # start: 9 days, added: 50 days
    assert [(t.days, t.since_from) for t in stalled(view(campaign(tasks=[started], changes=[added]),
                                                         as_of=AS_OF)).tasks] == [(50, "added")]
    moved = change("label", "task", "a", "2026-02-27T10:00:00", "in-progress", "needs-decision")
    assert stalled(view(campaign(tasks=[started], changes=[added, moved]), as_of=AS_OF)).tasks == ()


def test_a_task_removed_and_added_again_counts_from_its_last_add():
    """Its earlier life (a label held in January, then removed) is not the label it holds now."""
    changes = [change("added", "task", "a", "2026-01-02T10:00:00", None, "A"),
               change("label", "task", "a", "2026-01-03T10:00:00", "not-started", "stuck"),
               change("removed", "task", "a", "2026-01-05T10:00:00", "A", None),
               change("added", "task", "a", "2026-02-27T10:00:00", None, "A")]
    assert stalled(view(campaign(tasks=[task("a", "stuck")], changes=changes), as_of=AS_OF)).tasks == ()
    changes[-1] = change("added", "task", "a", "2026-02-10T10:00:00", None, "A")
    s = stalled(view(campaign(tasks=[task("a", "stuck")], changes=changes), as_of=AS_OF))
    assert [(t.ref.id, t.days, t.since_from) for t in s.tasks] == [("a", 19, "added")]


def test_a_task_whose_start_is_still_ahead_is_not_stalled():
    """Added long ago as not-started for a later start: planned, not stuck (the demo's signage task)."""
    changes = [change("added", "task", "later", "2026-01-19T10:00:00", None, "Later"),
               change("added", "task", "overdue", "2026-01-19T10:00:00", None, "Overdue")]
    tasks = [task("later", "not-started", start=D(2026, 4, 20)), task("overdue", "not-started", start=D(2026, 2, 1))]
    s = stalled(view(campaign(tasks=tasks, changes=changes), as_of=AS_OF))
    assert [(t.ref.id, t.days) for t in s.tasks] == [("overdue", 41)]


def test_stalled_and_cycle_time_agree_on_when_a_task_was_added():
    """One rule for the add event: cycle time starts a task there, stalled work counts its label from there."""
    changes = [change("added", "task", "a", "2026-01-31T10:00:00", None, "A")]
    v = view(campaign(tasks=[task("a", "in-progress"), task("b", "done", done=D(2026, 2, 10))],
                      changes=changes + [change("added", "task", "b", "2026-01-31T10:00:00", None, "B")]),
             as_of=AS_OF)
    m = measure(v).campaigns[0]
    (item,) = m.cycle_time.items
    (late,) = m.stalled.tasks
    assert item.start == late.since == D(2026, 1, 31)


def test_thresholds_per_label_kind():
    tasks = [task("printer", "waiting-on-print", start=D(2026, 2, 19)),   # 10 days, waiting: 14
             task("decide", "needs-decision", start=D(2026, 2, 19))]      # 10 days, default: 7
    s = stalled(view(campaign(tasks=tasks), as_of=AS_OF, stall_days=(("default", 7), ("waiting", 14))))
    assert [(t.ref.id, t.threshold) for t in s.tasks] == [("decide", 7)]


def test_open_approvals_past_due_with_their_days():
    approvals = [approval("late", "a", "2026-02-20T18:00:00"),
                 approval("answered", "a", "2026-02-20T18:00:00", ("approved", "2026-02-21T09:00:00")),
                 approval("later", "a", "2026-03-05T18:00:00")]
    s = stalled(view(campaign(tasks=[task("a", "done")], approvals=approvals),
                     as_of=dt.datetime(2026, 3, 1, 12, 0)))
    assert [(o.ref.id, o.days) for o in s.approvals] == [("late", 9)]


def test_no_as_of_date_means_nothing_can_stall():
    assert stalled(view(campaign(tasks=[task("a", start=D(2020, 1, 1))]), as_of=None)).tasks == ()


def test_the_overview_words_the_stalled_task_and_the_overdue_approval_from_one_list():
    """Days in the label come from the stalled-work measure; the list is oldest turn first."""
    c = campaign(tasks=[task("landing", "needs-decision", start=D(2026, 2, 20), title="Landing page")],
                 approvals=[approval("claims", "landing", "2026-02-26T18:00:00", requested="2026-02-24T09:00:00")])
    v = view(c, as_of=AS_OF)
    found = attention(v, v.campaigns[0], CampaignPlan(v, v.campaigns[0]))
    assert [(s.subject, s.stalled, s.due) for s in found] == [
        ("Landing page", "for 9 days", ""),
        ("Subject landing", "", "Overdue by 3 days"),
    ]
    assert found[0].target == "demo/index.md#task-landing"
