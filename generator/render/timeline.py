"""A campaign's dated events, merged into one chronological list.

Sources: milestones, deliverable due dates, tasks (start, due, done),
decisions, approvals (requested, due while open, each step), notes, asset
publications and the editorial events git recorded (VCampaign.changes).
Items after the view's "as of" moment are `upcoming`. An entry whose date
moved (a "date" change) carries `moved=(old, new)` and the reason: the
change's message when the audience may read it, else a note about the entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from generator import dates as moments
from generator.measures.approvals import decided
from generator.measures.attention import deliverable_item
from generator.render import i18n
from generator.render.signals import due_text
from generator.view import AudienceView, Ref, VCampaign, VChange, When

Target = Callable[[Ref], "str | None"]

GROUP_ADDED_FROM = 4  # entries added by one commit, shown as one event

KIND_ORDER = (
    "change", "milestone", "deliverable", "task-start", "decision", "approval-requested",
    "approval-step", "note", "asset", "task-done", "task-due", "approval-due",
)


@dataclass(frozen=True)
class TimelineItem:
    when: When
    kind: str  # milestone | deliverable | task-* | decision | approval-* | note | asset[-scheduled] | change-<kind>
    title: str
    detail: str = ""  # plain text
    link: str | None = None  # docs-relative target, "page.md#anchor"
    upcoming: bool = False
    moved: tuple[object, object] | None = None  # (old, new): dates, or text when not a date
    reason: str | None = None  # Markdown: why the date moved
    text: str = ""  # Markdown body (a note, a step's comment)
    by: str | None = None
    badge: str | None = None  # a label kind or a verdict, for a coloured chip
    commit: str | None = None
    entries: tuple[str, ...] = ()  # titles of the entries a grouped event is about, one list item each
    about: str | None = None  # "kind:id" of the entry it is about (to merge duplicates, timeline_quiet.py)
    label_to: str | None = None  # a label change's new label id
    late: str = ""  # "Overdue by 5 days": an undelivered deliverable past due (measures/attention.py)

    @property
    def family(self) -> str:
        return self.kind.split("-", 1)[0]


def parse_when(value: str | None):
    """A date or datetime written as ISO text; other text is returned as is."""
    if value is None:
        return None
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    return value


def moment(value: When, tz: str) -> dt.datetime:
    """A comparable aware datetime: a date counts from its start."""
    if isinstance(value, dt.datetime):
        return moments.aware(value, tz)
    return moments.aware(dt.datetime.combine(value, dt.time()), tz)


def is_after(value: When, as_of: When | None, tz: str) -> bool:
    """True when `value` comes after the as-of moment (a date counts as a whole day)."""
    if as_of is None:
        return False
    if isinstance(value, dt.datetime) and isinstance(as_of, dt.datetime):
        return moment(value, tz) > moment(as_of, tz)
    return moments.day(value, tz) > moments.day(as_of, tz)


class _Builder:
    def __init__(self, view: AudienceView, campaign: VCampaign, target: Target):
        self.view, self.c, self.target = view, campaign, target
        self.lang, self.tz = view.language, view.timezone
        self.labels = {label.id: label for label in view.labels}
        self.items: list[TimelineItem] = []
        # Looked up for every item: indexed once by entry id, each list in the campaign's own order.
        self.dates: dict[str, list[VChange]] = defaultdict(list)
        for ch in campaign.changes:
            if ch.kind == "date":
                self.dates[ch.entry.id].append(ch)
        self.date_commits = {ch.commit for ch in campaign.changes if ch.kind == "date"}
        self.decision_commits: dict[str, set[str]] = defaultdict(set)
        for d in campaign.decisions:
            if d.commit:
                self.decision_commits[d.commit] |= {d.id, *(r.id for r in d.relates_to)}
        self.notes_about: dict[str, list] = defaultdict(list)
        for n in campaign.notes:
            if n.about is not None:
                self.notes_about[n.about.id].append(n)

    def t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)

    def add(self, when: When | None, kind: str, title: str, entry: Ref | None = None,
            field: str | None = None, **extra) -> None:
        if when is None:
            return
        moved, reason = self.moved(entry, field) if entry is not None else (None, None)
        link = extra.pop("link", None) or (self.target(entry) if entry is not None else None)
        about = f"{entry.kind}:{entry.id}" if entry is not None else None
        self.items.append(TimelineItem(when, kind, title, link=link, moved=moved, reason=reason, about=about,
                                       upcoming=is_after(when, self.view.as_of, self.tz), **extra))

    # -- moved dates -------------------------------------------------------

    def date_changes(self, entry: Ref, field: str | None) -> list[VChange]:
        return [ch for ch in self.dates.get(entry.id, ())
                if ch.field is None or field is None or ch.field == field]

    def moved(self, entry: Ref, field: str | None):
        changes = self.date_changes(entry, field)
        if not changes:
            return None, None
        last = changes[-1]
        return (parse_when(last.old), parse_when(last.new)), self.reason(last)

    def message(self, change: VChange) -> str | None:
        """The commit's reason, only beside the changes it explains: a decision's commit speaks for the
        decision and the entries in its Relates-to; a commit that moved dates, for the dates it moved
        (a label changed on the way is not what "Move the launch to 21 April" explains)."""
        explains = self.decision_commits.get(change.commit)
        if explains is not None and change.entry.id not in explains:
            return None
        if explains is None and change.kind != "date" and change.commit in self.date_commits:
            return None
        return change.message

    def reason(self, change: VChange) -> str | None:
        if self.message(change):
            return self.message(change)
        notes = self.notes_about.get(change.entry.id)
        if not notes:
            return None
        day = moments.day(change.at, self.tz)
        return min(notes, key=lambda n: (abs((n.date - day).days), n.date)).text

    # -- sources -----------------------------------------------------------

    def milestones(self) -> None:
        for m in self.c.milestones:
            detail = self.t("reached") if m.reached else self.t("planned")
            self.add(m.date, "milestone", m.title, Ref("milestone", m.id, m.title), "date", detail=detail)

    def deliverables(self) -> None:
        for d in self.c.deliverables:
            late = deliverable_item(self.view, self.c, d)
            self.add(d.due, "deliverable", d.title, Ref("deliverable", d.id, d.title), "due",
                     late=due_text(self.view, late) if late is not None else "")

    def tasks(self) -> None:
        for task in self.c.tasks:
            ref = Ref("task", task.id, task.title)
            common = {"by": task.owner}
            self.add(task.start, "task-start", task.title, ref, "start", **common)
            self.add(task.due, "task-due", task.title, ref, "due", **common)
            self.add(task.done, "task-done", task.title, ref, "done", **common)

    def decisions(self) -> None:
        for d in self.c.decisions:
            self.add(d.date, "decision", d.title, Ref("decision", d.id, d.title), "date",
                     detail=", ".join(d.decided_by), commit=d.commit)

    def approvals(self) -> None:
        for a in self.c.approvals:
            ref = Ref("approval", a.id, a.subject.title)
            self.add(a.requested, "approval-requested", a.name, ref, "requested")
            for step in a.steps:
                self.add(step.at, "approval-step", a.name, ref,
                         by=step.by, badge=step.verdict, text=step.comment)
            if not decided(a):
                self.add(a.due, "approval-due", a.name, ref, "due")

    def notes(self) -> None:
        for n in self.c.notes:
            title = n.about.title if n.about else self.t("tl_note")
            link = self.target(n.about) if n.about else None
            self.items.append(TimelineItem(n.date, "note", title, link=link, text=n.text,
                                           upcoming=is_after(n.date, self.view.as_of, self.tz)))

    def assets(self) -> None:
        for a in self.c.assets:  # a scheduled one is to be published, never "Published"
            self.add(a.published, "asset-scheduled" if a.scheduled else "asset", a.title,
                     Ref("asset", a.id, a.title), "published")

    def changes(self) -> None:
        added: dict[str, list[VChange]] = {}
        for ch in self.c.changes:
            if ch.kind == "added":
                added.setdefault(ch.commit, []).append(ch)
            else:
                self.items.append(self.change_item(ch))
        for group in added.values():
            # A commit that sets up many entries (the first one, an import) is one
            # event on the timeline, not a wall of identical cards.
            if len(group) < GROUP_ADDED_FROM:
                self.items += [self.change_item(ch) for ch in group]
            else:
                self.items.append(self.added_group(group))

    def added_group(self, group: list[VChange]) -> TimelineItem:
        first = group[0]
        titles = tuple(sorted(ch.entry.title for ch in group))
        return TimelineItem(
            first.at, "change-added", self.t("entries_added", n=len(group)), entries=titles,
            upcoming=is_after(first.at, self.view.as_of, self.tz), reason=self.message(first),
            by=first.author, commit=first.commit)

    def change_item(self, ch: VChange) -> TimelineItem:
        title = ch.entry.title
        moved, detail = None, ""
        if ch.kind == "date":
            moved = (parse_when(ch.old), parse_when(ch.new))
        elif ch.kind == "label":
            old, new = self.labels.get(ch.old or ""), self.labels.get(ch.new or "")
            detail = f"{old.title if old else ch.old or '—'} → {new.title if new else ch.new or '—'}"
        elif ch.kind == "scope":  # its only values are "nothing" and the title: the card names it already
            detail = self.t("scope_added_after_kickoff")
        return TimelineItem(
            ch.at, "change-" + ch.kind, title, detail=detail, link=self.target(ch.entry),
            upcoming=is_after(ch.at, self.view.as_of, self.tz), moved=moved,
            reason=(self.reason(ch) if ch.kind == "date" else self.message(ch)), by=ch.author,
            commit=ch.commit, about=f"{ch.entry.kind}:{ch.entry.id}",
            label_to=ch.new if ch.kind == "label" else None)


def build_timeline(view: AudienceView, campaign: VCampaign, target: Target) -> list[TimelineItem]:
    """Every dated event of the campaign that the view holds, oldest first (timeline_quiet.events: each change once)."""
    builder = _Builder(view, campaign, target)
    for source in (builder.milestones, builder.deliverables, builder.tasks, builder.decisions,
                   builder.approvals, builder.notes, builder.assets, builder.changes):
        source()
    tz = view.timezone
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(builder.items, key=lambda item: (
        moment(item.when, tz), order.get(item.kind, order.get(item.family, 0)), item.title, item.link or ""))


def split(items: list[TimelineItem]) -> tuple[list[TimelineItem], list[TimelineItem]]:
    """(past, upcoming), each oldest first."""
    return [i for i in items if not i.upcoming], [i for i in items if i.upcoming]
