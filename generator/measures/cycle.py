"""Cycle time: how long finished work took, in days.

    task:        done - start
                 (no start: the day of the first commit that gave the task a
                 started label, i.e. one that is not `not-started` nor of its
                 kind `todo`)
    deliverable: first published asset - the day it entered the brief
                 (its first `added` event in history; none: not measured)

Summary: count, median, 75th percentile, maximum of the measured items.
"""

from __future__ import annotations

import datetime as dt

from generator.dates import as_of_day, day
from generator.measures import stats
from generator.measures.types import CountedFrom, CycleItem, CycleTime
from generator.view import AudienceView, Ref, VCampaign, VChange, VTask

NOT_STARTED = "not-started"


def label_kinds(view: AudienceView) -> dict[str, str]:
    return {label.id: label.kind for label in view.labels}


def is_started(label_id: str | None, kinds: dict[str, str]) -> bool:
    return label_id is not None and label_id != NOT_STARTED and kinds.get(label_id) != "todo"


def events_of(c: VCampaign, kind: str, entry_id: str) -> list[VChange]:
    """The history events about one entry, oldest first."""
    return sorted((ch for ch in c.changes if ch.entry.kind == kind and ch.entry.id == entry_id),
                  key=lambda ch: (ch.at, ch.commit))


def added_event(events: list[VChange]) -> VChange | None:
    """The event that put an entry in the campaign: its first `added` in history (None without)."""
    return next((ch for ch in events if ch.kind == "added"), None)


def task_history(c: VCampaign, task: VTask) -> tuple[list[VChange], VChange | None]:
    """A task's label changes, oldest first, and the event that added it, in its current life.

    Shared by cycle time (when work began) and stalled work (when the task
    took its current label): a task that never changed label still carries
    the one it was added with, since its `added` event. A task removed and
    added again lives from its last `added`: what came before is another life.
    """
    events = events_of(c, "task", task.id)
    last_added = max((i for i, ch in enumerate(events) if ch.kind == "added"), default=0)
    life = events[last_added:]
    return [ch for ch in life if ch.kind == "label"], added_event(life)


def task_start(view: AudienceView, c: VCampaign, task: VTask, kinds: dict[str, str]) -> CountedFrom | None:
    """When work on a task began, and where that date came from."""
    if task.start is not None:
        return CountedFrom(task.start, "start")
    labels, added = task_history(c, task)
    if added is not None:
        # the label the task was added with: the `old` of its first label
        # change, or its label today if it never changed
        first_label = labels[0].old if labels else task.label.id
        if is_started(first_label, kinds):
            return CountedFrom(day(added.at, view.timezone), "added")
    for ch in labels:
        if is_started(ch.new, kinds):
            return CountedFrom(day(ch.at, view.timezone), "label")
    return None


def first_published(view: AudienceView, c: VCampaign, deliverable_id: str) -> dt.date | None:
    """The day of the deliverable's first published asset (on or before the as-of day)."""
    as_of = as_of_day(view)
    days = [a.published for a in c.assets
            if a.deliverable is not None and a.deliverable.id == deliverable_id and a.published is not None
            and (as_of is None or a.published <= as_of)]
    return min(days) if days else None


def brief_entry(view: AudienceView, c: VCampaign, deliverable_id: str) -> dt.date | None:
    added = added_event(events_of(c, "deliverable", deliverable_id))
    return None if added is None else day(added.at, view.timezone)


def campaign_items(view: AudienceView, c: VCampaign) -> tuple[list[CycleItem], list[Ref]]:
    items: list[CycleItem] = []
    unmeasured: list[Ref] = []
    kinds = label_kinds(view)
    if "task" in view.sections:
        for task in c.tasks:
            if task.done is None:
                continue
            ref = Ref("task", task.id, task.title)
            start = task_start(view, c, task, kinds)
            if start is None or task.done < start.day:
                unmeasured.append(ref)
            else:
                items.append(CycleItem(c.id, ref, start.day, task.done, (task.done - start.day).days, start.source))
    if "deliverable" in view.sections:
        for d in c.deliverables:
            end = first_published(view, c, d.id)
            if end is None:
                continue
            ref = Ref("deliverable", d.id, d.title)
            briefed = brief_entry(view, c, d.id)
            if briefed is None or end < briefed:
                unmeasured.append(ref)
            else:
                items.append(CycleItem(c.id, ref, briefed, end, (end - briefed).days, "added"))
    return items, unmeasured


def summarize(items: list[CycleItem], unmeasured: list[Ref]) -> CycleTime:
    days = [i.days for i in items]
    ordered = sorted(items, key=lambda i: (-i.days, i.campaign, i.ref.kind, i.ref.id))
    return CycleTime(len(days), stats.median(days), stats.p75(days), stats.maximum(days),
                     tuple(ordered), tuple(sorted(unmeasured, key=lambda r: (r.kind, r.id))))


def applies(view: AudienceView) -> bool:
    return bool({"task", "deliverable"} & view.sections)


def cycle_time(view: AudienceView, c: VCampaign) -> CycleTime | None:
    if not applies(view):
        return None
    return summarize(*campaign_items(view, c))
