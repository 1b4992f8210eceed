"""Approval on-time rate and rework rate."""

from __future__ import annotations

import datetime as dt

from generator.measures import measure
from tests.unit.measures_views import D, approval, campaign, deliverable, task, view

AS_OF = dt.datetime(2026, 3, 1, 12, 0)


def one(v):
    return measure(v).campaigns[0]


def test_on_time_rate_counts_answered_and_unanswered_past_due_only():
    approvals = [
        approval("exact", "t", "2026-02-01T18:00:00", ("approved", "2026-02-01T18:00:00")),  # at due: on time
        approval("late", "t", "2026-02-01T18:00:00", ("changes-requested", "2026-01-30T10:00:00"),
                 ("approved", "2026-02-02T09:00:00")),
        approval("rejected-early", "t", "2026-02-10T18:00:00", ("rejected", "2026-02-09T09:00:00")),
        approval("asked-in-time", "t", "2026-02-20T18:00:00", ("changes-requested", "2026-02-18T09:00:00")),
        approval("unanswered", "t", "2026-02-20T18:00:00"),
        approval("not-yet-due", "t", "2026-03-10T18:00:00"),
        approval("undated", "t", None, ("approved", "2026-02-05T09:00:00")),
    ]
    m = one(view(campaign(tasks=[task("t")], approvals=approvals), as_of=AS_OF)).on_time
    assert (m.on_time, m.counted) == (3, 5)
    assert m.rate == 0.6
    assert {i.ref.id: (i.state, i.on_time) for i in m.items} == {
        "exact": ("approved", True), "late": ("approved", False), "rejected-early": ("rejected", True),
        "asked-in-time": ("changes-requested", True), "unanswered": ("open", False)}


def test_a_final_changes_requested_step_before_due_is_on_time_even_after_the_due_passes():
    """FORMAT: "approvals whose final step came at or before `due`", whatever the verdict."""
    approvals = [approval("asked-early", "t", "2026-02-20T18:00:00", ("changes-requested", "2026-02-18T09:00:00")),
                 approval("asked-late", "t", "2026-02-20T18:00:00", ("changes-requested", "2026-02-21T09:00:00"))]
    for as_of in (dt.datetime(2026, 2, 19, 12, 0), AS_OF):  # before and well after the due
        m = one(view(campaign(tasks=[task("t")], approvals=approvals), as_of=as_of)).on_time
        assert {i.ref.id: (i.state, i.on_time) for i in m.items} == {
            "asked-early": ("changes-requested", True), "asked-late": ("changes-requested", False)}
        assert (m.on_time, m.counted) == (1, 2)
    (late,) = [i for i in m.items if not i.on_time]
    assert late.decided_at == dt.datetime(2026, 2, 21, 9, 0)  # the final step's time


def test_no_approvals_is_no_data_never_zero_or_hundred_percent():
    m = one(view(campaign(tasks=[task("t")]), as_of=AS_OF))
    assert m.on_time.rate is None and m.on_time.counted == 0
    assert m.rework.rate is None and m.rework.steps == 0


def test_an_open_approval_past_due_alone_makes_the_rate_zero():
    a = approval("overdue", "t", "2026-02-20T18:00:00")
    m = one(view(campaign(tasks=[task("t")], approvals=[a]), as_of=AS_OF)).on_time
    assert (m.rate, m.counted) == (0.0, 1)


def test_with_an_as_of_day_a_due_on_that_day_has_not_passed():
    a = approval("today", "t", "2026-03-01T09:00:00")
    assert one(view(campaign(tasks=[task("t")], approvals=[a]), as_of=D(2026, 3, 1))).on_time.counted == 0
    assert one(view(campaign(tasks=[task("t")], approvals=[a]), as_of=D(2026, 3, 2))).on_time.counted == 1


def test_on_time_by_month_of_the_due_date():
    approvals = [approval("a", "t", "2026-01-20T18:00:00", ("approved", "2026-01-19T09:00:00")),
                 approval("b", "t", "2026-02-03T18:00:00", ("approved", "2026-02-05T09:00:00")),
                 approval("c", "t", "2026-02-10T18:00:00", ("approved", "2026-02-10T09:00:00"))]
    m = one(view(campaign(tasks=[task("t")], approvals=approvals), as_of=AS_OF)).on_time
    assert [(b.month, b.on_time, b.late) for b in m.by_month] == [("2026-01", 1, 0), ("2026-02", 1, 1)]


def test_rework_rate_is_changes_requested_steps_over_all_steps():
    approvals = [
        approval("storyboard-v1", "storyboard", None, ("changes-requested", "2026-01-10T09:00:00"),
                 ("approved", "2026-01-12T09:00:00")),
        approval("film-v2", "film", None, ("changes-requested", "2026-02-01T09:00:00"),
                 ("changes-requested", "2026-02-03T09:00:00"), ("approved", "2026-02-05T09:00:00"),
                 subject_kind="deliverable"),
        approval("claims", "claims", None, ("approved", "2026-02-07T09:00:00")),
    ]
    c = campaign(deliverables=[deliverable("film")],
                 tasks=[task("storyboard", deliverable="film"), task("claims")], approvals=approvals)
    m = one(view(c, as_of=AS_OF)).rework
    assert (m.changes_requested, m.steps) == (3, 6)
    assert m.rate == 0.5
    # a task's approval counts for the task's deliverable; a task without one counts for itself
    assert [(r.ref.kind, r.ref.id, r.rounds, r.changes_requested) for r in m.by_deliverable] == [
        ("deliverable", "film", 5, 3), ("task", "claims", 1, 0)]


def test_an_approval_without_steps_adds_no_round():
    a = approval("waiting", "t", "2026-03-10T18:00:00")
    m = one(view(campaign(tasks=[task("t")], approvals=[a]), as_of=AS_OF)).rework
    assert m.steps == 0 and m.rate is None and m.by_deliverable == ()
