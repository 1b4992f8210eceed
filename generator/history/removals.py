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
stands on some path to the head: removed on two branches, it has two. Each
record is the model's Removal (a JSON object in the cache).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.history import diffs
from generator.history.unrecorded import recorded
from generator.model import PLAN_KINDS, Campaign, Removal, Workspace, entry_kind

if TYPE_CHECKING:
    from generator.history.walk import Walker

Record = Removal  # a removal as the walker carries it, and as History.removals gives it
FileMap = dict[str, tuple[Record, ...]]  # entry id -> the removals that stand for it


def records(sha: str | None, events: Iterable[diffs.Event]) -> dict[str, list[Record]]:
    """The removal events among `events`, as records of commit `sha`, by entry id."""
    found: dict[str, list[Record]] = {}
    for e in events:
        if e.kind == "removed":
            assert e.old is not None  # a removal's old value is the entry's title (diffs.Differ.compare)
            found.setdefault(e.entry_id, []).append(
                Removal(sha, e.entry_kind, e.entry_id, e.old, e.visibility, tuple(e.parent_visibility),
                        tuple(e.parent_ids)))
    return found


def dropped(sha: str | None, old: Campaign | None, new: Campaign) -> dict[str, list[Record]]:
    """The entries `old` held and `new` does not, as records of commit `sha` (a merge's other parent, an edit
    not committed yet)."""
    if old is None:
        return {}
    return records(sha, diffs.compare(old, new, dt.date.min, new_file=False))


def kinds_of(campaign: Campaign) -> dict[str, str]:
    """Every entry of a version: id -> kind."""
    return {entry_id: entry_kind(entry) for entry_id, entry in campaign.entries_by_id().items()}


def added(events: Iterable[diffs.Event]) -> dict[str, str]:
    """The entries a commit added against its only parent: of the ids its parent lacked, those it holds."""
    return {e.entry_id: e.entry_kind for e in events if e.kind == "added"}


def carry(now: dict[str, str], parents: list[FileMap], fresh: list[dict[str, list[Record]]]) -> FileMap:
    """The file's map after a commit: what its parents' maps held for ids the new version lacks (`now`: id ->
    kind, at least of those ids), and the ids it removed against each parent (`fresh`). The first parent's
    map is returned as it is when the commit changed nothing of it (the usual case)."""
    first = parents[0] if parents else {}
    joined = {i: set(recs) for mapping in parents[1:] for i, recs in mapping.items() if first.get(i) != recs}
    for mapping in fresh:
        for entry_id, recs in mapping.items():
            joined.setdefault(entry_id, set()).update(recs)
    held = [i for i in (first if len(first) < len(now) else now) if i in first and i in now]
    if not joined and not held:
        return first
    found = dict(first)
    for entry_id, gathered in joined.items():
        found[entry_id] = tuple(sorted(gathered.union(found.get(entry_id, ())), key=order))
    for entry_id in {*held, *joined} & set(now):  # held again clears it; another kind under the id does not
        kept = tuple(r for r in found.get(entry_id, ()) if r.entry_kind != now[entry_id])
        if kept:
            found[entry_id] = kept
        else:
            found.pop(entry_id, None)
    return found


def order(record: Record) -> tuple:
    return (record.commit or "", record.entry_kind, record.entry_id, record.title or "", record.visibility,
            record.parent_visibility, record.parent_ids)


def at_head(workspace: Workspace, walker: Walker) -> dict[str, dict[str, tuple[Removal, ...]]]:
    """Per campaign, per entry it no longer has: the versions its removal removed, by the graph, and those an
    edit not committed yet removed from the head's version (History.removals)."""
    found: dict[str, dict[str, tuple[Removal, ...]]] = {}
    for path, fs in walker.head_files.items():
        campaign = workspace.campaigns.get(Path(path).stem)
        if campaign is None:
            continue
        now = campaign.entries_by_id()
        recs = {i: set(r) for i, r in walker.head_removals.get(str(fs.lineage), {}).items() if i not in now}
        if fs.good is not None and fs.good_path is not None \
                and not _committed(Path(workspace.root) / campaign.file, fs.blob):
            for entry_id, more in dropped(None, walker.version(fs.good, fs.good_path)[0], campaign).items():
                recs.setdefault(entry_id, set()).update(more)
        if recs:
            found[campaign.id] = {i: tuple(sorted(r, key=order)) for i, r in sorted(recs.items())}
    return found


def _committed(path: Path, blob: str) -> bool:
    try:
        return recorded(path.read_bytes(), blob)
    except OSError:
        return False


@dataclass(frozen=True)
class Gone:
    """An entry a campaign once had and no longer has, as decisions about it see it."""

    levels: tuple[int, ...]  # its last levels (of every removal that stands) and its parents'
    parent_ids: tuple[str, ...]  # the ids it referred to
    plan: bool  # whether it was (or referred to) a plan


def gone_levels(removals: dict[str, dict[str, tuple[Removal, ...]]]) -> dict[str, dict[str, Gone]]:
    """Entries a campaign once had and no longer has: id -> their last levels, the ids they referred to,
    and whether they were a plan or referred to a removed one: a milestone now gone was never reached,
    a deliverable now gone never delivered, as the files stand. Removed on two branches, both count."""
    gone: dict[str, dict[str, Gone]] = {}
    for campaign_id, removed in removals.items():
        plans = {i for i, recs in removed.items() if any(r.entry_kind in PLAN_KINDS for r in recs)}
        found = gone[campaign_id] = {}
        for i, recs in removed.items():
            parent_ids = tuple(sorted({p for r in recs for p in r.parent_ids}))
            levels = tuple(v for r in recs for v in (r.visibility, *r.parent_visibility))
            found[i] = Gone(levels, parent_ids, i in plans or bool(plans & set(parent_ids)))
    return gone
