"""Stalled work: tasks sitting in one label too long; approvals open past due.

A task is stalled when, as of the as-of date, its label has not changed for
more days than the threshold of its label's kind (`stall_days:` in
site_config.yml; `default` otherwise, 7 built in). The label's age counts
from its last `label` event in history; a task that kept the label it was
added with counts from its `added` event; else from the task's start.
Tasks with a label of kind `done`, with no date to count from, or whose
`start` is still ahead of the as-of day (planned, not stuck), are never
stalled.
"""

from __future__ import annotations

from generator.dates import as_of_day, day
from generator.measures import approvals
from generator.measures.cycle import task_history
from generator.measures.types import CountedFrom, Stalled, StalledTask
from generator.view import AudienceView, Ref, VCampaign, VTask

DEFAULT_DAYS = 7


def threshold(view: AudienceView, label_kind: str) -> int:
    days = dict(view.stall_days)
    return days.get(label_kind, days.get("default", DEFAULT_DAYS))


def label_since(view: AudienceView, c: VCampaign, task: VTask) -> CountedFrom | None:
    """When the task took its current label, and where that date came from."""
    changes, added = task_history(c, task)
    if changes:
        return CountedFrom(day(changes[-1].at, view.timezone), "label")
    if added is not None:
        return CountedFrom(day(added.at, view.timezone), "added")
    if task.start is not None:
        return CountedFrom(task.start, "start")
    return None


def stalled_tasks(view: AudienceView, c: VCampaign) -> list[StalledTask]:
    as_of = as_of_day(view)
    if as_of is None:
        return []
    out = []
    for task in c.tasks:
        if task.label.kind == "done" or (task.start is not None and task.start > as_of):
            continue
        since = label_since(view, c, task)
        if since is None:
            continue
        days, limit = (as_of - since.day).days, threshold(view, task.label.kind)
        if days > limit:
            out.append(StalledTask(c.id, Ref("task", task.id, task.title), task.label, since.day, days,
                                   limit, since.source))
    return sorted(out, key=lambda s: (-s.days, s.ref.id))


def applies(view: AudienceView) -> bool:
    return bool({"task", "approval"} & view.sections)


def stalled(view: AudienceView, c: VCampaign) -> Stalled | None:
    if not applies(view):
        return None
    tasks = tuple(stalled_tasks(view, c)) if "task" in view.sections else None
    overdue = tuple(approvals.overdue(view, c)) if approvals.applies(view) else None
    return Stalled(tasks, overdue)
