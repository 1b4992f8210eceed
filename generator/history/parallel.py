"""Walking a long history on every core: campaign files shared out between walkers.

A cold read of a long history spends most of its time reading past versions
of campaign files and comparing them, and each file's versions depend only
on that file's own earlier versions. So the files are shared out: each
walker follows every commit and every file's lineage (cheap, and it keeps
lineage numbers the same in every walker) but reads, through its own
`git cat-file`, and compares only the versions of the files it owns. One
walker runs here, the others in forked processes; their results merge into
exactly what one walker would have found (tests/unit/test_history_parallel.py
holds them to that).

A file renamed keeps its lineage, so ownership goes by "family": the paths
joined by the renames among these commits all belong to one walker.
Families are handed out largest first to the least loaded walker.

Short reads, machines with one core and systems without `fork` walk in one
process: starting a process costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from generator.errors import HistoryError
from generator.history.log import Commit
from generator.history.records import Alias, ChangeRecord, CommitRecord, FileState, Snapshot, Touch
from generator.history.walk import Walker

MIN_VERSIONS = 2000  # below this many file versions to read, one process is faster
MAX_WALKERS = 4


@dataclass
class Found:
    """What one walker added to what the cache held; a second walker's also its files at the head."""

    commits: dict[str, CommitRecord]
    changes: list[ChangeRecord]
    change_keys: list[tuple[int, int]]
    warnings: list[str]
    warning_keys: list[tuple[int, int]]
    touched: dict[str, dict[str, Touch]]
    aliases: dict[str, Alias]
    head_files: dict[str, FileState] = field(default_factory=dict)
    removals: dict = field(default_factory=dict)  # lineage -> its map at the head (removals.py)


def walk(repo, config, campaign_dir: str, cached: Snapshot | None, commits: list[Commit], head: str,
         walkers: int | None = None) -> Walker:
    """A walker holding what the commits changed, read by `walkers` processes (default: by the machine)."""
    count = walkers if walkers is not None else _walkers_for(commits)
    owners = _share_out(commits, count) if count > 1 else {}
    if len(set(owners.values())) < 2:
        walker = Walker(repo, config, campaign_dir, cached)
        walker.walk(commits, head)
        return walker
    count = max(owners.values()) + 1
    children = [_start(index, repo, config, campaign_dir, cached, commits, head, owners) for index in range(1, count)]
    walker = Walker(repo, config, campaign_dir, cached, owns=_owns(owners, 0))
    try:
        walker.walk(commits, head)
    finally:
        results = [_finish(child) for child in children]
    _merge(walker, results, owners, commits)
    return walker


def _walkers_for(commits: list[Commit]) -> int:
    versions = sum(1 for commit in commits for change in commit.files if change.new_blob)
    if versions < MIN_VERSIONS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WALKERS))


# -- sharing out -------------------------------------------------------------------


def _share_out(commits: list[Commit], count: int) -> dict[str, int]:
    """path -> the walker that owns it; paths joined by a rename go together."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        while parent.setdefault(path, path) != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    load: dict[str, int] = {}
    for commit in commits:
        for change in commit.files:
            if change.old_path and change.new_path and change.old_path != change.new_path:
                a, b = root(change.old_path), root(change.new_path)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            for path in (change.old_path, change.new_path):
                if path:
                    root(path)
            if change.new_path:
                load[change.new_path] = load.get(change.new_path, 0) + 1
    families: dict[str, int] = {}
    for path, versions in load.items():
        families[root(path)] = families.get(root(path), 0) + versions
    totals = [0] * count
    owner_of_family: dict[str, int] = {}
    for family, versions in sorted(families.items(), key=lambda item: (-item[1], item[0])):
        least = totals.index(min(totals))
        owner_of_family[family] = least
        totals[least] += versions
    return {path: owner_of_family.get(root(path), 0) for path in parent}


def _owns(owners: dict[str, int], index: int) -> Callable[[str], bool]:
    # A path no commit here touches (a file only in the cached state) stays with walker 0.
    return lambda path: owners.get(path, 0) == index


# -- the other processes --------------------------------------------------------------


def _start(index: int, repo, config, campaign_dir: str, cached, commits, head, owners):
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(sending, index, repo, config, campaign_dir, cached, commits,
                                                  head, owners), daemon=True)
    process.start()
    sending.close()
    return process, receiving


def _work(sending, index, repo, config, campaign_dir, cached, commits, head, owners) -> None:
    """Runs in a forked process: walks the files of walker `index`, sends back what is new."""
    try:
        walker = Walker(repo, config, campaign_dir, cached, owns=_owns(owners, index))
        walker.walk(commits, head)
        sending.send(("ok", _results(walker)))
    except HistoryError as exc:
        sending.send(("history", str(exc)))
    except BaseException:  # noqa: BLE001 - reported by the parent, which has the user's terminal
        sending.send(("crash", traceback.format_exc()))
    finally:
        sending.close()


def _results(walker: Walker) -> Found:
    found = _found(walker)
    found.head_files, found.removals = walker.head_files, walker.head_removals
    return found


def _found(walker: Walker) -> Found:
    """What this run added to what the cache held."""
    restored = walker.restored
    return Found(commits=dict(islice(walker.commits.items(), restored.commits, None)),
                 changes=walker.changes[restored.changes:], change_keys=walker.change_keys,
                 warnings=walker.warnings[restored.warnings:], warning_keys=walker.warning_keys,
                 touched=walker.touched, aliases=walker.aliases_now)


def _finish(child) -> Found:
    process, receiving = child
    try:
        status, payload = receiving.recv()
    except EOFError:
        status, payload = "crash", f"a history reading process ended with exit code {process.exitcode}"
    finally:
        receiving.close()
        process.join()
    if status == "history":
        raise HistoryError(payload)
    if status == "crash":
        raise RuntimeError(f"reading the history in a second process failed:\n{payload}")
    return payload


# -- merging ----------------------------------------------------------------------------


def _merge(walker: Walker, results: list[Found], owners: dict[str, int], commits: list[Commit]) -> None:
    """Folds the other walkers' findings into `walker`, in the order one walker would have found them."""
    restored = walker.restored
    everyone = [_found(walker), *results]
    walker.changes[restored.changes:], walker.change_keys = _in_order(
        [(found.change_keys, found.changes) for found in everyone])
    walker.warnings[restored.warnings:], walker.warning_keys = _in_order(
        [(found.warning_keys, found.warnings) for found in everyone])
    position = {commit.sha: index for index, commit in enumerate(commits)}
    # a decision is in each walker's results; the one that reads its file knows its period
    new: dict[str, CommitRecord] = {}
    for found in everyone:
        for sha, meta in found.commits.items():
            if sha not in new or new[sha].campaign_period is None:
                new[sha] = meta
    walker.commits = {**dict(islice(walker.commits.items(), restored.commits)),
                      **dict(sorted(new.items(), key=lambda item: position[item[0]]))}
    for found in results:  # each walker weighed only the files it owns
        for sha, files in found.touched.items():
            walker.touched[sha] = {**walker.touched.get(sha, {}), **files}
        walker.aliases.update(found.aliases)  # a file's renames are read by the one walker that owns it
    walker.head_files, walker.head_removals = _at_head(walker, results, owners)


def _at_head(walker: Walker, results: list[Found], owners: dict[str, int]) -> tuple[dict, dict]:
    """The files at the head, each as the walker that owns it read it, and their removals likewise."""
    head_files = dict(walker.head_files)  # (a commit's state may be shared with its parent: never changed in place)
    for index, result in enumerate(results, start=1):
        owned = _owns(owners, index)
        head_files.update((path, fs) for path, fs in result.head_files.items() if owned(path))
    mine = _owned(head_files, 0, owners)
    removals = {lineage: found for lineage, found in walker.head_removals.items() if lineage in mine}
    for index, result in enumerate(results, start=1):
        owned_lineages = _owned(head_files, index, owners)
        removals.update((lineage, found) for lineage, found in result.removals.items() if lineage in owned_lineages)
    return head_files, dict(sorted(removals.items()))


def _owned(head_files: dict[str, FileState], index: int, owners: dict[str, int]) -> set[str]:
    """The files (lineages) at the head that walker `index` owns."""
    owns = _owns(owners, index)
    return {str(fs.lineage) for path, fs in head_files.items() if owns(path)}


def _in_order(everyone: list[tuple[list, list]]) -> tuple[list, list]:
    """(items, keys) of every walker, sorted by key. A stable sort: the events of one file change, all from
    one walker, keep their own order."""
    merged = sorted(((key, item) for keys, items in everyone for key, item in zip(keys, items)),
                    key=lambda pair: pair[0])
    return [item for _, item in merged], [key for key, _ in merged]
