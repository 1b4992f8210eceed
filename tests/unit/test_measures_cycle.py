"""Cycle time: done - start for tasks, brief entry to first published asset for deliverables."""

from __future__ import annotations

from generator.measures import measure
from tests.unit.measures_views import D, asset, campaign, change, deliverable, task, view


def cycle(v):
    return measure(v).campaigns[0].cycle_time


def test_median_p75_and_max_of_four_finished_tasks():
    tasks = [task("a", "done", D(2026, 1, 1), D(2026, 1, 11)),   # 10 days
             task("b", "done", D(2026, 1, 1), D(2026, 1, 15)),   # 14
             task("c", "done", D(2026, 1, 1), D(2026, 2, 1)),    # 31
             task("d", "done", D(2026, 1, 1), D(2026, 2, 4)),    # 34
             task("open", "in-progress", D(2026, 1, 1))]         # not finished: not counted
    m = cycle(view(campaign(tasks=tasks)))
    assert (m.count, m.median, m.p75, m.max) == (4, 22.5, 31.75, 34)
    assert [i.ref.id for i in m.items] == ["d", "c", "b", "a"]  # longest first


def test_a_single_finished_task_is_its_own_median_p75_and_max():
    m = cycle(view(campaign(tasks=[task("a", "done", D(2026, 1, 1), D(2026, 1, 6))])))
    assert (m.count, m.median, m.p75, m.max) == (1, 5, 5, 5)


def test_nothing_finished_is_no_data_not_zero():
    m = cycle(view(campaign(tasks=[task("a", "in-progress", D(2026, 1, 1))])))
    assert m.count == 0 and m.median is None and m.p75 is None and m.max is None


def test_missing_start_uses_the_first_commit_that_gave_a_started_label():
    t = task("a", "done", start=None, done=D(2026, 1, 20))
    changes = [change("label", "task", "a", "2026-01-05T10:00:00", "not-started", "not-started"),
               change("label", "task", "a", "2026-01-08T10:00:00", "not-started", "in-progress"),
               change("label", "task", "a", "2026-01-20T10:00:00", "in-progress", "done")]
    m = cycle(view(campaign(tasks=[t], changes=changes)))
    assert [(i.start, i.days, i.start_from) for i in m.items] == [(D(2026, 1, 8), 12, "label")]


def test_a_task_added_with_a_started_label_starts_on_the_day_it_was_added():
    t = task("a", "done", start=None, done=D(2026, 1, 20))
    changes = [change("added", "task", "a", "2026-01-02T10:00:00"),
               change("label", "task", "a", "2026-01-19T10:00:00", "in-review", "done")]
    m = cycle(view(campaign(tasks=[t], changes=changes)))
    assert [(i.start, i.start_from) for i in m.items] == [(D(2026, 1, 2), "added")]


def test_label_days_are_counted_in_the_site_timezone():
    t = task("a", "done", start=None, done=D(2026, 1, 10))
    changes = [change("label", "task", "a", "2026-01-01T23:30:00+00:00", "not-started", "in-progress")]
    madrid = cycle(view(campaign(tasks=[t], changes=changes), tz="Europe/Madrid"))
    utc = cycle(view(campaign(tasks=[t], changes=changes), tz="UTC"))
    assert (madrid.items[0].days, utc.items[0].days) == (8, 9)  # 00:30 on 2 Jan in Madrid


def test_a_finished_task_with_no_start_anywhere_is_listed_unmeasured_not_guessed():
    m = cycle(view(campaign(tasks=[task("a", "done", start=None, done=D(2026, 1, 10))])))
    assert m.count == 0 and [r.id for r in m.unmeasured] == ["a"]


def test_deliverable_from_brief_entry_to_first_published_asset():
    c = campaign(deliverables=[deliverable("film"), deliverable("poster")],
                 assets=[asset("cut-2", "film", D(2026, 2, 20)), asset("cut-1", "film", D(2026, 2, 4)),
                         asset("poster-final", "poster", D(2026, 4, 1))],  # after the as-of day: not yet published
                 changes=[change("added", "deliverable", "film", "2026-01-05T12:00:00"),
                          change("added", "deliverable", "poster", "2026-01-05T12:00:00")])
    m = cycle(view(c, as_of=D(2026, 3, 1)))
    assert [(i.ref.id, i.start, i.end, i.days) for i in m.items] == [("film", D(2026, 1, 5), D(2026, 2, 4), 30)]


def test_without_history_a_delivered_deliverable_is_unmeasured():
    c = campaign(deliverables=[deliverable("film")], assets=[asset("cut", "film", D(2026, 2, 4))])
    m = cycle(view(c, history=False))
    assert m.count == 0 and [r.id for r in m.unmeasured] == ["film"]
