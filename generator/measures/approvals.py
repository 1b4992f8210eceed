"""Approval on-time rate and rework rate.

On-time rate = on time / counted (FORMAT.md: "approvals whose final step came
at or before `due`"). Counted: approvals with a due moment and at least one
visible step, on time when their last visible step came at or before `due`
and late otherwise, whatever its verdict; plus approvals with no visible step
whose due had passed as of the as-of date, late. Nothing counted: None ("no
data"). Stalled work's overdue approvals are another question: still
undecided (last step neither approved nor rejected) past due.

Rework rate = steps with verdict `changes-requested` / all steps. Rounds per
deliverable: an approval's steps count for its subject's deliverable (the
subject itself when it is a deliverable, the task's deliverable when it is a
task), else for the subject.
"""

from __future__ import annotations

from collections import defaultdict

from generator.dates import as_of_day, at_or_before, day, passed
from generator.measures import stats
from generator.measures.types import ApprovalTiming, MonthCount, OnTime, OverdueApproval, Rework, Rounds
from generator.view import AudienceView, Ref, VApproval, VCampaign

DECIDING = ("approved", "rejected")


def applies(view: AudienceView) -> bool:
    return "approval" in view.sections


def decided(a: VApproval) -> bool:
    """An approval is decided once its last step approves or rejects."""
    return bool(a.steps) and a.steps[-1].verdict in DECIDING


def approval_ref(a: VApproval) -> Ref:
    return Ref("approval", a.id, a.name)


def timings(view: AudienceView, c: VCampaign) -> list[ApprovalTiming]:
    tz = view.timezone
    out = []
    for a in c.approvals:
        if a.due is None:
            continue  # nothing to be on time for
        if a.steps:  # the final step, whatever its verdict
            last = a.steps[-1]
            out.append(ApprovalTiming(c.id, approval_ref(a), a.due, last.at, last.verdict,
                                      at_or_before(last.at, a.due, tz)))
        elif passed(a.due, view.as_of, tz):
            out.append(ApprovalTiming(c.id, approval_ref(a), a.due, None, "open", False))
    return out


def summarize_on_time(view: AudienceView, items: list[ApprovalTiming]) -> OnTime:
    tz = view.timezone
    ordered = sorted(items, key=lambda i: (day(i.due, tz), i.campaign, i.ref.id))
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i in ordered:
        months[day(i.due, tz).strftime("%Y-%m")][0 if i.on_time else 1] += 1
    on_time = sum(1 for i in items if i.on_time)
    return OnTime(stats.share(on_time, len(items)), on_time, len(items), tuple(ordered),
                  tuple(MonthCount(m, n[0], n[1]) for m, n in sorted(months.items())))


def on_time(view: AudienceView, c: VCampaign) -> OnTime | None:
    return summarize_on_time(view, timings(view, c)) if applies(view) else None


def rounds(view: AudienceView, c: VCampaign) -> list[Rounds]:
    tasks = {t.id: t for t in c.tasks}
    groups: dict[tuple[str, str], list[int]] = {}
    refs: dict[tuple[str, str], Ref] = {}
    for a in c.approvals:
        if not a.steps or a.subject is None:
            continue
        target = a.subject
        task = tasks.get(target.id) if target.kind == "task" else None
        if task is not None and task.deliverable is not None:
            target = task.deliverable
        key = (target.kind, target.id)
        refs.setdefault(key, target)
        counts = groups.setdefault(key, [0, 0])
        counts[0] += len(a.steps)
        counts[1] += sum(1 for s in a.steps if s.verdict == "changes-requested")
    return [Rounds(c.id, refs[k], n[0], n[1]) for k, n in groups.items()]


def summarize_rework(items: list[Rounds]) -> Rework:
    steps = sum(r.rounds for r in items)
    changes = sum(r.changes_requested for r in items)
    ordered = sorted(items, key=lambda r: (-r.changes_requested, -r.rounds, r.campaign, r.ref.kind, r.ref.id))
    return Rework(stats.share(changes, steps), changes, steps, tuple(ordered))


def rework(view: AudienceView, c: VCampaign) -> Rework | None:
    return summarize_rework(rounds(view, c)) if applies(view) else None


def overdue(view: AudienceView, c: VCampaign) -> list[OverdueApproval]:
    """Approvals still open whose due had passed as of the as-of date."""
    as_of = as_of_day(view)
    if as_of is None:  # no as-of moment: nothing has passed its due (dates.passed)
        return []
    out = []
    for a in c.approvals:
        if a.due is not None and not decided(a) and passed(a.due, view.as_of, view.timezone):
            out.append(OverdueApproval(c.id, approval_ref(a), a.due, (as_of - day(a.due, view.timezone)).days))
    return sorted(out, key=lambda o: (-o.days, o.ref.id))
