"""What needs attention, and whose turn it is: the one definition every page uses.

An item needs attention when someone has to act on it, as of the view's
as-of moment:

    approval     open (no step yet, or its last step asked for changes)
    task         not done, and its label waits on someone (kinds decision,
                 waiting, blocked), or it is stalled (stalled.py), or past due
    deliverable  past due with no asset published by the as-of day (as brief accuracy counts)

Whose turn (`side`): the client's for an approval with no answer yet (an
approval is the client's sign-off) and for a task labelled
`waiting-on-client` or of kind `decision` (a decision the client must make);
the agency's otherwise (changes to make, work past due, and waiting on a
third party the agency chases: legal, a printer). `since`: when the turn
began (requested, the last step, the label's date, the due). Items come
oldest first. Home ("Your turn"), overview, measures and the feed all read
this list; none of them decides on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.dates import as_of_day, aware, day, passed
from generator.measures import approvals, stalled
from generator.measures.cycle import first_published
from generator.view import (
    AudienceView,
    Ref,
    VApproval,
    VCampaign,
    VDeliverable,
    VLabel,
    VTask,
    When,
)

CLIENT, AGENCY = "client", "agency"
WAITING_KINDS = ("decision", "waiting", "blocked")
CLIENT_LABELS = ("waiting-on-client",)


@dataclass(frozen=True)
class AttentionItem:
    campaign: str
    ref: Ref
    side: str  # client | agency: whose turn
    since: When  # when that turn began
    due: When | None = None
    overdue_days: int | None = None  # set when past due: whole days, 0 on the due day itself
    label: VLabel | None = None  # a task's label
    stalled_days: int | None = None  # a task past its label's time limit: days in the label
    round: int | None = None  # an approval's round (1 + rounds that asked for changes)


def turn_of_label(label: VLabel) -> str:
    return CLIENT if label.id in CLIENT_LABELS or label.kind == "decision" else AGENCY


def _late_days(view: AudienceView, due: When | None) -> int | None:
    today = as_of_day(view)
    if due is None or view.as_of is None or today is None:
        return None
    late = passed(due, view.as_of, view.timezone) if isinstance(due, dt.datetime) else due < today
    return (today - day(due, view.timezone)).days if late else None


def approval_item(view: AudienceView, c: VCampaign, a: VApproval) -> AttentionItem | None:
    if approvals.decided(a):
        return None
    last = a.steps[-1] if a.steps else None
    side, since = (AGENCY, last.at) if last is not None else (CLIENT, a.requested)
    asked = 1 + sum(1 for s in a.steps if s.verdict == "changes-requested")
    return AttentionItem(c.id, approvals.approval_ref(a), side, since, a.due, _late_days(view, a.due),
                         round=asked)


def task_item(view: AudienceView, c: VCampaign, task: VTask, stalled_days: int | None) -> AttentionItem | None:
    if task.label.kind == "done" or task.done is not None:
        return None
    late = _late_days(view, task.due)
    if task.label.kind not in WAITING_KINDS and stalled_days is None and late is None:
        return None
    found = stalled.label_since(view, c, task)
    since = found.day if found else (task.due if late is not None else None)
    if since is None:
        return None
    return AttentionItem(c.id, Ref("task", task.id, task.title), turn_of_label(task.label), since, task.due,
                         late, task.label, stalled_days)


def deliverable_item(view: AudienceView, c: VCampaign, d: VDeliverable) -> AttentionItem | None:
    late = _late_days(view, d.due)
    if late is None or d.due is None or first_published(view, c, d.id) is not None:
        return None  # not late, or delivered as brief accuracy counts it
    return AttentionItem(c.id, Ref("deliverable", d.id, d.title), AGENCY, d.due, d.due, late)


def attention(view: AudienceView, c: VCampaign) -> tuple[AttentionItem, ...]:
    """Every item of the campaign that waits on someone, oldest turn first."""
    stalled_days = {s.ref.id: s.days for s in stalled.stalled_tasks(view, c)} if "task" in view.sections else {}
    found: list[AttentionItem | None] = []
    if "approval" in view.sections:
        found += [approval_item(view, c, a) for a in c.approvals]
    if "task" in view.sections:
        found += [task_item(view, c, t, stalled_days.get(t.id)) for t in c.tasks]
    found += [deliverable_item(view, c, d) for d in c.deliverables]
    items = [i for i in found if i is not None]
    return tuple(sorted(items, key=lambda i: (moment(i.since, view.timezone), i.ref.kind, i.ref.id)))


def moment(value: When, tz: str) -> dt.datetime:
    """A comparable moment: a date counts from its start."""
    return aware(value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()), tz)


def own_side(view: AudienceView) -> str | None:
    """The side a site calls "you": a client site's is the client's; the internal site names both sides."""
    return None if view.audience.internal else CLIENT
