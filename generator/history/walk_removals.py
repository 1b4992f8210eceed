"""Each file's map of removed entries, carried commit by commit as the walker goes (removals.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.history import removals as history_removals
from generator.history.log import Commit
from generator.history.records import FileState
from generator.model import Campaign

if TYPE_CHECKING:
    from generator.history.walk import Walker


def after_change(walker: Walker, commit: Commit, lineage: str, campaign: Campaign, events: list,
                 theirs: list, removals: dict) -> None:
    """The file's map after a commit that changed it: the first parent's, less what it added, with what it
    removed (`events`); for a merge, also the other parents' maps and the versions of theirs it dropped."""
    parents = [removals.get(lineage, {})] + [walker.removals.get(p, {}).get(lineage, {})
                                             for p in commit.parents[1:]]
    fresh = [history_removals.records(commit.sha, events)]
    fresh += [history_removals.dropped(commit.sha, other, campaign) for other in theirs]
    held = history_removals.kinds_of(campaign) if theirs else history_removals.added(events)
    removals[lineage] = history_removals.carry(held, parents, fresh)


def after_merge(walker: Walker, commit: Commit, files: dict[str, FileState], removals: dict,
                done: set[str]) -> dict:
    """A merge's map for the files it did not change against its first parent: their versions are the
    first parent's, and the merge still dropped what the other parents held and it does not."""
    found = dict(removals)
    states = [{fs.lineage: fs for fs in walker.state(p).values()} for p in commit.parents[1:]]  # by lineage
    for path, fs in files.items():
        lineage, campaign = str(fs.lineage), None
        theirs = [state.get(fs.lineage) for state in states]
        maps = [walker.removals.get(p, {}).get(lineage, {}) for p in commit.parents[1:]]
        if lineage not in done and walker.owns(path) and any(
                mapping or (other is not None and other.blob != fs.blob) for other, mapping in zip(theirs, maps)):
            campaign = walker.good(fs)
        if campaign is not None:
            fresh = [history_removals.dropped(commit.sha, walker.good(other), campaign) for other in theirs]
            held = history_removals.kinds_of(campaign)
            found[lineage] = history_removals.carry(held, [found.get(lineage, {}), *maps], fresh)
    return found
