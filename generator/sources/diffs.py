"""What one version of a campaign changed against the version before it.

The comparison is between parsed entries, matched by id, never between lines
of text: a reordered list or a reformatted file changes nothing. Events:

  label    a task's label changed (old and new label ids)
  date     a date moved: both the old and the new value are set (old, new ISO)
  added    an entry appeared (new = its title)
  removed  an entry disappeared (old = its title, in its last version)
  step     an approval step was written down (new = the step's own time, ISO)
  scope    a deliverable was added after the kickoff milestone's date to a
           campaign file that already existed (new = its title)

An event's visibility is the entry's own (the more restrictive of its
version before and after; for a removed entry its last one), raised to its
approval's for a step. `parent_visibility` lists the visibility of every
entry it refers to (a task's deliverable, an approval's subject, ...), so an
event about an entry that no longer exists stays as hidden as its parents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Approval, Asset, Campaign, Decision, Deliverable, Milestone, Task

_DATE_FIELDS = {
    Deliverable: ("due",), Milestone: ("date",), Task: ("start", "due", "done"),
    Decision: ("date",), Approval: ("requested", "due"), Asset: ("published",),
}
_KIND_NAMES = {
    "Deliverable": "deliverable", "Milestone": "milestone", "Task": "task", "Decision": "decision",
    "Approval": "approval", "Asset": "asset", "KpiSeries": "kpi",
}
KICKOFF_ID = "kickoff"


@dataclass(frozen=True)
class Event:
    """A Change without its commit: what changed, and who may see it."""

    kind: str
    entry_kind: str
    entry_id: str
    field: str | None
    old: str | None
    new: str | None
    visibility: int
    parent_visibility: tuple[int, ...] = ()


def entry_kind(entry) -> str:
    return _KIND_NAMES[type(entry).__name__]


def kickoff_date(c: Campaign) -> dt.date | None:
    """The milestone `kickoff`, else the earliest milestone; None without milestones."""
    for milestone in c.milestones:
        if milestone.id == KICKOFF_ID:
            return milestone.date
    return min((m.date for m in c.milestones), default=None)


def _refs(entry) -> tuple[str, ...]:
    if isinstance(entry, Decision):
        return entry.relates_to
    if isinstance(entry, Approval):
        return (entry.subject,)
    deliverable = getattr(entry, "deliverable", None)
    return (deliverable,) if isinstance(deliverable, str) else ()


def title(entry, entries: dict) -> str:
    """An entry's title; an approval is named by its subject's title and its version."""
    if isinstance(entry, Approval):
        name = getattr(entries.get(entry.subject), "title", entry.subject)
        return f"{name} {entry.version}" if entry.version else name
    return entry.title


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


class _Version:
    """One parsed version, with its entries by id and their parents' visibility."""

    def __init__(self, campaign: Campaign | None):
        self.entries = campaign.entries_by_id() if campaign is not None else {}
        self._parents: dict[str, tuple[int, ...]] = {}

    def parents(self, entry_id: str) -> tuple[int, ...]:
        found = self._parents.get(entry_id)
        if found is None:
            seen: set[str] = set()
            stack = list(_refs(self.entries[entry_id]))
            levels = set()
            while stack:
                ref = stack.pop()
                if ref in seen or ref not in self.entries:
                    continue
                seen.add(ref)
                levels.add(self.entries[ref].visibility)
                stack.extend(_refs(self.entries[ref]))
            found = self._parents[entry_id] = tuple(sorted(levels))
        return found


def compare(old: Campaign | None, new: Campaign, day: dt.date, new_file: bool) -> list[Event]:
    """Events from `old` (None: no earlier valid version) to `new`, committed on `day`."""
    before, after = _Version(old), _Version(new)
    events: list[Event] = []
    kickoff = kickoff_date(new)
    scope = not new_file and old is not None and kickoff is not None and day > kickoff
    for entry_id, entry in after.entries.items():
        previous = before.entries.get(entry_id)
        if previous is entry:
            continue
        if previous is None or type(previous) is not type(entry):
            events.extend(_added(entry, after, scope))
        else:
            events.extend(_changed(previous, entry, before, after))
    for entry_id, entry in before.entries.items():
        current = after.entries.get(entry_id)
        if current is None or type(current) is not type(entry):
            events.append(Event("removed", entry_kind(entry), entry_id, None, title(entry, before.entries), None,
                                entry.visibility, before.parents(entry_id)))
    return events


def _added(entry, version: _Version, scope: bool) -> list[Event]:
    kind = entry_kind(entry)
    parents = version.parents(entry.id)
    name = title(entry, version.entries)
    events = [Event("added", kind, entry.id, None, None, name, entry.visibility, parents)]
    if scope and isinstance(entry, Deliverable):
        events.append(Event("scope", kind, entry.id, None, None, name, entry.visibility, parents))
    if isinstance(entry, Approval):
        events.extend(_steps(None, entry, parents))
    return events


def _changed(old, new, before: _Version, after: _Version) -> list[Event]:
    kind = entry_kind(new)
    visibility = max(old.visibility, new.visibility)
    parents = tuple(sorted(set(before.parents(old.id)) | set(after.parents(new.id))))
    events = []
    if isinstance(new, Task) and old.label != new.label:
        events.append(Event("label", kind, new.id, "label", old.label, new.label, visibility, parents))
    for name in _DATE_FIELDS.get(type(new), ()):
        was, now = getattr(old, name), getattr(new, name)
        if was is not None and now is not None and was != now:
            events.append(Event("date", kind, new.id, name, _iso(was), _iso(now), visibility, parents))
    if isinstance(new, Approval):
        events.extend(_steps(old, new, parents + (new.visibility,)))
    return events


def _steps(old: Approval | None, new: Approval, parents: tuple[int, ...]) -> list[Event]:
    known = {(s.by, s.at) for s in old.steps} if old is not None else set()
    ceiling = max((new.visibility,) + ((old.visibility,) if old is not None else ()))
    events = []
    for step in new.steps:
        if (step.by, step.at) not in known:
            events.append(Event("step", "approval", new.id, "steps", None, step.at.isoformat(),
                                max(step.visibility, ceiling), tuple(sorted(set(parents) | {ceiling}))))
    return events


def explained(event: Event, other: Campaign | None) -> bool:
    """True when a merge's other parent already had what this event brings.

    A merge counts only what it changed against every parent (a conflict
    resolved, an edit made in the merge itself); changes that came in from a
    merged branch were counted on the commits that made them.
    """
    if other is None:
        return False
    entry = other.entries_by_id().get(event.entry_id)
    if event.kind == "removed":
        return entry is None
    if entry is None or entry_kind(entry) != event.entry_kind:
        return False
    if event.kind in ("added", "scope"):
        return True
    if event.kind == "label":
        return entry.label == event.new
    if event.kind == "date":
        return _iso(getattr(entry, event.field)) == event.new
    if event.kind == "step":
        return any(s.at.isoformat() == event.new for s in entry.steps)
    return False
