"""Which versions of a gone entry its removal removed, read from the graph of commits.

An entry's last name and visibility are those of the version that was
removed: the version in the parent the removing commit was compared with,
and, for a merge, the version in every parent that the merge dropped. The
order in which `git log` prints two branches says nothing about which came
"last", so the walker carries, commit by commit, each file's map

    entry id -> the removals that took it out on some path to this commit

A commit that holds the entry again (as the same kind) clears it; a commit that takes it out
starts it afresh; a merge joins its parents' maps and adds what it dropped.
At the head, an id the campaign no longer has lists every removal that
stands on some path to the head: removed on two branches, it has two. The
records are plain tuples (JSON lists in the cache):

    (commit, entry kind, entry id, title, visibility, parent levels, parent ids)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.model import Campaign, Removal, entry_kind
from generator.sources import diffs

Record = tuple  # see the module's docstring
FileMap = dict[str, tuple[Record, ...]]  # entry id -> the removals that stand for it


def records(sha: str | None, events: Iterable[diffs.Event]) -> dict[str, list[Record]]:
    """The removal events among `events`, as records of commit `sha`, by entry id."""
    found: dict[str, list[Record]] = {}
    for e in events:
        if e.kind == "removed":
            found.setdefault(e.entry_id, []).append(
                (sha, e.entry_kind, e.entry_id, e.old, e.visibility, tuple(e.parent_visibility), tuple(e.parent_ids)))
    return found


def dropped(sha: str | None, old: Campaign | None, new: Campaign) -> dict[str, list[Record]]:
    """The entries `old` held and `new` does not, as records of commit `sha` (a merge's other parent, an edit
    not committed yet)."""
    if old is None:
        return {}
    return records(sha, diffs.compare(old, new, dt.date.min, new_file=False))


def carry(new: Campaign, parents: list[FileMap], fresh: list[dict[str, list[Record]]]) -> FileMap:
    """The file's map after a commit: what its parents' maps held for ids `new` lacks, and the ids it removed
    against each parent (`fresh`)."""
    now = {entry_id: entry_kind(entry) for entry_id, entry in new.entries_by_id().items()}
    found: dict[str, set[Record]] = {}
    for mapping in parents:
        for entry_id, recs in mapping.items():
            # held again clears it; an id given to another kind does not: each kind's history keeps its own
            kept = [r for r in recs if now.get(entry_id) != r[1]]
            if kept:
                found.setdefault(entry_id, set()).update(kept)
    for mapping in fresh:
        for entry_id, recs in mapping.items():
            found.setdefault(entry_id, set()).update(recs)
    return {entry_id: tuple(sorted(recs, key=order)) for entry_id, recs in sorted(found.items())}


def order(record: Record) -> tuple:
    return tuple("" if part is None else part for part in record[:4]) + record[4:]


def from_json(mapping: dict) -> dict[str, FileMap]:
    """A map read back from the cache: lists become tuples again."""
    return {lineage: {entry_id: tuple(_record(r) for r in recs) for entry_id, recs in entries.items()}
            for lineage, entries in mapping.items()}


def _record(raw: list) -> Record:
    return (*raw[:5], tuple(raw[5]), tuple(raw[6]))


def as_removals(recs: Iterable[Record]) -> tuple[Removal, ...]:
    return tuple(Removal(commit=r[0], entry_kind=r[1], entry_id=r[2], title=r[3], visibility=r[4],
                         parent_visibility=tuple(r[5]), parent_ids=tuple(r[6])) for r in recs)
