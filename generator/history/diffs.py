"""What one version of a campaign changed against the version before it.

The comparison is between parsed entries, matched by id, never between lines
of text: a reordered list or a reformatted file changes nothing. Events:

  label    a task's label changed (old and new label ids)
  date     a date moved: both the old and the new value are set (old, new ISO)
  added    an entry appeared (new = its title)
  removed  an entry disappeared (old = its title, in its last version)
  step     an approval step was written down (new = the step's own time, ISO)
  scope    a deliverable was added to a campaign file that already existed
           (new = its title): scope added, where it came after the kickoff.
           Which milestone is the kickoff is decided per audience, from the
           milestones it sees (redact.py, `after_kickoff`): a milestone an
           audience does not see never decides what its site calls scope.
  hidden   an approval or a decision made more hidden (old, new: its levels as
           text): kept apart from the events (History.hidden), so the record
           can leave a tombstone where an audience it no longer reaches saw it.

An event's visibility is the entry's own (the more restrictive of its
version before and after; for a removed entry its last one), raised to its
approval's for a step. `parent_visibility` lists the visibility of every
entry it refers to (a task's deliverable, an approval's subject, ...), and
`parent_ids` their ids, so an event about an entry that no longer exists
stays as hidden as its parents were then and, where they still exist, are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import spans
from generator.history import entry_json
from generator.history.hidden_text import field_names
from generator.model import (
    ENTRY_GROUPS,
    INTERNAL,
    Approval,
    Asset,
    Campaign,
    Decision,
    Deliverable,
    Milestone,
    Task,
    entry_kind,
    entry_title,
    references,
)

_DATE_FIELDS = {
    Deliverable: ("due",), Milestone: ("date",), Task: ("start", "due", "done"),
    Decision: ("date",), Approval: ("requested", "due"), Asset: ("published",),
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
    parent_ids: tuple[str, ...] = ()
    was: dict | None = None  # a `hidden` event's: the entry before it (entry_json.py), for the record


def kickoff_date(milestones) -> dt.date | None:
    """Among `milestones` (those one audience sees): the milestone `kickoff`, else the earliest; None
    without any."""
    milestones = tuple(milestones)
    for milestone in milestones:
        if milestone.id == KICKOFF_ID:
            return milestone.date
    return min((m.date for m in milestones), default=None)


def after_kickoff(at: dt.datetime, kickoff: dt.date | None) -> bool:
    """Whether a commit at `at` (in the site's timezone) came on a day after the kickoff."""
    return kickoff is not None and at.date() > kickoff


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


class _Version:
    """One parsed version, with its entries by id and, worked out when asked, their parents' visibility and ids."""

    def __init__(self, entries: dict):
        self.entries = entries
        self._parents: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}

    @classmethod
    def of(cls, campaign: Campaign | None) -> _Version:
        return cls(campaign.entries_by_id() if campaign is not None else {})

    def parents(self, entry_id: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """(visibility levels, ids) of every entry this one refers to, directly or through others."""
        found = self._parents.get(entry_id)
        if found is None:
            seen: set[str] = set()
            stack = list(references(self.entries[entry_id]))
            levels = set()
            while stack:
                ref = stack.pop()
                if ref in seen or ref not in self.entries:
                    continue
                seen.add(ref)
                levels.add(self.entries[ref].visibility)
                stack.extend(references(self.entries[ref]))
            found = self._parents[entry_id] = (tuple(sorted(levels)), tuple(sorted(seen)))
        return found


def _changed_groups(old: Campaign | None, new: Campaign) -> tuple[str, ...]:
    if old is None:
        return ENTRY_GROUPS
    return tuple(g for g in ENTRY_GROUPS if getattr(old, g) is not getattr(new, g))


class Differ:
    """Compares versions, remembering the entry maps of the versions it saw last.

    Versions read one after the other share their unchanged entry lists (the
    same objects), so only the lists that differ are compared, and a
    version's entry map is the one before with those lists swapped.
    """

    def __init__(self, keep: int = 256):
        self._seen: dict[int, tuple[Campaign, _Version]] = {}
        self._keep = keep
        self._last: tuple[Campaign | None, Campaign, list] | None = None  # (old, new, _differing's answer)

    def _version(self, campaign: Campaign | None, base: Campaign | None = None,
                 base_version: _Version | None = None, groups: tuple[str, ...] = ()) -> _Version:
        if campaign is None:
            return _Version({})
        found = self._seen.get(id(campaign))
        if found is None or found[0] is not campaign:
            if base is not None and base_version is not None and len(groups) < len(ENTRY_GROUPS):
                entries = dict(base_version.entries)
                for group in groups:
                    for entry in getattr(base, group):
                        entries.pop(entry.id, None)
                for group in groups:
                    for entry in getattr(campaign, group):
                        entries[entry.id] = entry
                version = _Version(entries)
            else:
                version = _Version.of(campaign)
            if len(self._seen) >= self._keep:
                self._seen.clear()
            found = self._seen[id(campaign)] = (campaign, version)
        return found[1]

    def compare(self, old: Campaign | None, new: Campaign, day: dt.date, new_file: bool) -> list[Event]:
        """Events from `old` (None: no earlier valid version) to `new`, committed on `day` (scope is decided
        per audience: `after_kickoff`)."""
        groups = _changed_groups(old, new)
        if not groups:
            return []
        before = self._version(old)
        after = self._version(new, old, before, groups)
        events: list[Event] = []
        scope = not new_file and old is not None
        for previous, entry in self._differing(old, new, groups):
            if entry is None:
                events.append(Event("removed", entry_kind(previous), previous.id, None,
                                    entry_title(previous, before.entries), None, previous.visibility,
                                    *before.parents(previous.id)))
            elif previous is None:
                events.extend(_added(entry, after, scope))
            else:
                events.extend(_changed(previous, entry, before, after))
        return events

    def _differing(self, old: Campaign | None, new: Campaign, groups: tuple[str, ...]) -> list[tuple]:
        """(before, after) of every entry not the same object in both, group by group: added and changed
        ones in `new`'s order (before None when added), then removed ones (after None) in `old`'s.

        compare() and reach() ask it of the same two versions one after the other: worked out once.
        """
        if self._last is not None and self._last[0] is old and self._last[1] is new:
            return self._last[2]
        pairs: list[tuple] = []
        for group in groups:
            was = {e.id: e for e in getattr(old, group)} if old is not None else {}
            for entry in getattr(new, group):
                previous = was.get(entry.id)
                if previous is not entry:
                    pairs.append((previous, entry))
            now = {e.id for e in getattr(new, group)}
            pairs += [(entry, None) for entry_id, entry in was.items() if entry_id not in now]
        self._last = (old, new, pairs)
        return pairs

    def reach(self, old: Campaign | None, new: Campaign | None) -> tuple[int, tuple[str, ...]]:
        """What a commit message may speak of, from all that differs between two versions (`old` None: a
        new file): the strictest visibility among it, and the ids of the entries it concerns.

        A commit message may speak of anything its commit changed, events or
        not: a renamed internal task, an internal note, a comment. A message
        is shown only where this visibility is reached and every one of
        these entries that still exists shows (redact_history.py). Entries
        count with the children that changed with them and the entries they
        refer to, a note with the entry it is about; any text (an entry's,
        a note's, the campaign's own) that changed counts as internal when
        either version of it holds an [internal] span. Versions
        read one after the other share their unchanged pieces, so only the
        lists that differ are looked at, with the entry maps compare() made.
        """
        if new is None:
            return INTERNAL, ()
        groups = _changed_groups(old, new)
        before = self._version(old)
        after = self._version(new, old, before, groups)
        levels: list[int] = [0]
        ids: set[str] = set()
        for previous, entry in self._differing(old, new, groups):
            if previous == entry:
                continue  # read again, the same content (lines are not content)
            for one, other, version in ((previous, entry, before), (entry, previous, after)):
                if one is not None:
                    parent_levels, parent_ids = version.parents(one.id)
                    levels += _entry_levels(one, other) + list(parent_levels)
                    ids.update((one.id, *parent_ids))
            if _span_text_changed(previous, entry):
                levels.append(INTERNAL)
        if old is None or old.notes is not new.notes:
            _note_reach(old, new, (before, after), levels, ids)
        _nps_reach(old, new, levels, ids)
        return max(levels + _campaign_text_levels(old, new)), tuple(sorted(ids))


def _nps_reach(old: Campaign | None, new: Campaign, levels: list[int], ids: set[str]) -> None:
    """The NPS series, when it changed: its and its points' visibility, internal beside a span."""
    old_nps = old.nps if old is not None else None
    series = [s for s in (old_nps, new.nps) if s is not None]
    if series and (old is None or old.nps != new.nps):  # a file without NPS, new or not, changed none
        levels += [s.visibility for s in series] + [p.visibility for s in series for p in s.points]
        levels.append(INTERNAL if _span_text_changed(old_nps, new.nps) else 0)
        ids.add("nps")


def _campaign_text_levels(old: Campaign | None, new: Campaign) -> list[int]:
    """The campaign's own texts that changed: internal when either version holds an [internal] span."""
    levels = []
    for name in ("title", "client", "summary", "goals"):
        was_text, now_text = (getattr(old, name) if old else None), getattr(new, name)
        if was_text != now_text:
            texts = [t for value in (was_text, now_text) if value
                     for t in ((value,) if isinstance(value, str) else value)]
            levels.append(INTERNAL if any(_has_span(t) for t in texts) else 0)
    return levels


def _note_reach(old: Campaign | None, new: Campaign, versions: tuple, levels: list[int], ids: set[str]) -> None:
    """Differ.reach for the notes that came or went: each note's level, and the entry it is about."""
    was, now = set(old.notes if old else ()), set(new.notes)
    for notes, version in zip((was - now, now - was), versions):
        for note in notes:
            levels.append(INTERNAL if _has_span(note.text) else note.visibility)
            if note.about is not None and note.about in version.entries:
                parent_levels, parent_ids = version.parents(note.about)
                levels += [version.entries[note.about].visibility, *parent_levels]
                ids.update((note.about, *parent_ids))


def reach(old: Campaign | None, new: Campaign | None) -> tuple[int, tuple[str, ...]]:
    """What a commit message may speak of, from two versions (`old` None: a new file): see Differ.reach."""
    return Differ().reach(old, new)


def _entry_levels(entry, counterpart) -> list[int]:
    """A changed entry's visibility, and its children's (comments, steps, KPI points) that changed with it."""
    theirs = set(_children(counterpart)) if counterpart is not None else set()
    return [entry.visibility] + [child.visibility for child in _children(entry) if child not in theirs]


def _children(entry) -> tuple:
    return getattr(entry, "comments", ()) or getattr(entry, "steps", ()) or getattr(entry, "points", ())


def _has_span(text: str) -> bool:
    return "[" in text and spans.unwrap(text) != text  # most texts have no bracket: no regex for them


def _texts(entry, where: str = "") -> dict[str, str]:
    """Every text of an entry and of its children (comments, steps), by where it sits in the entry."""
    found: dict[str, str] = {}
    names = field_names(entry) if entry is not None else None
    if names is None:  # no entry (an entry is always a dataclass)
        return found
    for name in names:
        value = getattr(entry, name)
        items = value if isinstance(value, tuple) else (value,)
        for index, item in enumerate(items):
            if isinstance(item, str):
                found[f"{where}{name}[{index}]"] = item
            elif field_names(item) is not None:
                found.update(_texts(item, f"{where}{name}[{index}]."))
    return found


def _span_text_changed(previous, entry) -> bool:
    """Whether a text of the entry that holds an [internal] span, before or after, changed (or came or went
    with the entry): what changed there may be the hidden part, which no audience without `internal` sees.
    A message beside it could speak of it, so the commit counts as changing internal text."""
    before, after = _texts(previous), _texts(entry)
    return any(before.get(key) != after.get(key) and any(_has_span(t) for t in (before.get(key), after.get(key)) if t)
               for key in before.keys() | after.keys())


def compare(old: Campaign | None, new: Campaign, day: dt.date, new_file: bool) -> list[Event]:
    """Events from `old` (None: no earlier valid version) to `new`, committed on `day`."""
    return Differ().compare(old, new, day, new_file)


def _added(entry, version: _Version, scope: bool) -> list[Event]:
    kind = entry_kind(entry)
    levels, ids = version.parents(entry.id)
    name = entry_title(entry, version.entries)
    events = [Event("added", kind, entry.id, None, None, name, entry.visibility, levels, ids)]
    if scope and isinstance(entry, Deliverable):
        events.append(Event("scope", kind, entry.id, None, None, name, entry.visibility, levels, ids))
    if isinstance(entry, Approval):
        events.extend(_steps(None, entry, levels, ids))
    return events


def _changed(old, new, before: _Version, after: _Version) -> list[Event]:
    kind = entry_kind(new)
    visibility = max(old.visibility, new.visibility)
    (levels_before, ids_before), (levels_after, ids_after) = before.parents(old.id), after.parents(new.id)
    levels = tuple(sorted(set(levels_before) | set(levels_after)))
    ids = tuple(sorted(set(ids_before) | set(ids_after)))
    events = []
    if isinstance(new, Task) and old.label != new.label:
        events.append(Event("label", kind, new.id, "label", old.label, new.label, visibility, levels, ids))
    for name in _DATE_FIELDS.get(type(new), ()):
        was, now = getattr(old, name), getattr(new, name)
        if was is not None and now is not None and was != now:
            events.append(Event("date", kind, new.id, name, _iso(was), _iso(now), visibility, levels, ids))
    if isinstance(new, Approval):
        events.extend(_steps(old, new, levels + (new.visibility,), ids))
    if isinstance(new, Approval | Decision) and new.visibility > old.visibility:
        events.append(Event("hidden", kind, new.id, "visibility", str(old.visibility), str(new.visibility),
                            new.visibility, levels, ids, entry_json.as_json(old)))
    return events


def _steps(old: Approval | None, new: Approval, levels: tuple[int, ...], ids: tuple[str, ...]) -> list[Event]:
    known = {(s.by, s.at) for s in old.steps} if old is not None else set()
    ceiling = max((new.visibility,) + ((old.visibility,) if old is not None else ()))
    events = []
    for step in new.steps:
        if (step.by, step.at) not in known:
            events.append(Event("step", "approval", new.id, "steps", None, step.at.isoformat(),
                                max(step.visibility, ceiling), tuple(sorted(set(levels) | {ceiling})), ids))
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
        return isinstance(entry, Task) and entry.label == event.new  # only a task has a label
    if event.kind == "date":
        return event.field is not None and _iso(getattr(entry, event.field)) == event.new  # names its field
    if event.kind == "step":
        return isinstance(entry, Approval) and any(s.at.isoformat() == event.new for s in entry.steps)
    if event.kind == "hidden":
        return str(getattr(entry, "visibility", None)) == event.new
    return False
