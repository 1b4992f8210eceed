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

import datetime as dt
import multiprocessing
import os
import traceback
from collections.abc import Callable
from itertools import islice

from generator.errors import HistoryError
from generator.history.log import Commit
from generator.history.walk import FileState, Walker

MIN_VERSIONS = 2000  # below this many file versions to read, one process is faster
MAX_WALKERS = 4


def walk(repo, config, campaign_dir: str, cached: dict | None, commits: list[Commit], head: str,
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


def _results(walker: Walker) -> dict:
    return {**_found(walker), "head_files": {path: fs.record() for path, fs in walker.head_files.items()},
            "removals": walker.head_removals}


def _found(walker: Walker) -> dict:
    """What this run added to what the cache held."""
    changes_from, warnings_from, commits_from = walker.restored
    return {
        "commits": dict(islice(walker.commits.items(), commits_from, None)),
        "changes": walker.changes[changes_from:], "change_keys": walker.change_keys,
        "warnings": walker.warnings[warnings_from:], "warning_keys": walker.warning_keys,
        "touched": walker.touched, "last_touch": walker.last_touch, "aliases": walker.aliases_now,
    }


def _finish(child) -> dict:
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


def _merge(walker: Walker, results: list[dict], owners: dict[str, int], commits: list[Commit]) -> None:
    """Folds the other walkers' findings into `walker`, in the order one walker would have found them."""
    changes_from, warnings_from, commits_from = walker.restored
    everyone = [_found(walker), *results]
    walker.changes[changes_from:], walker.change_keys = _in_order(everyone, "changes", "change_keys")
    walker.warnings[warnings_from:], walker.warning_keys = _in_order(everyone, "warnings", "warning_keys")
    position = {commit.sha: index for index, commit in enumerate(commits)}
    new: dict[str, dict] = {}  # a decision is in each walker's results; the one that reads its file knows its period
    for found in everyone:
        for sha, meta in found["commits"].items():
            if sha not in new or new[sha].get("campaign_period") is None:
                new[sha] = meta
    walker.commits = {**dict(islice(walker.commits.items(), commits_from)),
                      **dict(sorted(new.items(), key=lambda item: position[item[0]]))}
    for found in results:  # each walker weighed only the files it owns
        for sha, files in found["touched"].items():
            walker.touched[sha] = {**walker.touched.get(sha, {}), **files}
        walker.aliases.update(found["aliases"])  # a file's renames are read by the one walker that owns it
        for key, at in found["last_touch"].items():  # "lineage/period/id": each walker timed the files it owns
            if key not in walker.last_touch or dt.datetime.fromisoformat(walker.last_touch[key]) < \
                    dt.datetime.fromisoformat(at):
                walker.last_touch[key] = at
    head_files = dict(walker.head_files)  # (a commit's state may be shared with its parent: never changed in place)
    for index, result in enumerate(results, start=1):
        owned = _owns(owners, index)
        head_files.update((path, FileState(*record)) for path, record in result["head_files"].items() if owned(path))
    walker.head_files = head_files
    # each file's removals as the walker that owns it at the head worked them out (history_removals.py)
    mine = _owned(head_files, 0, owners)
    removals = {lineage: found for lineage, found in walker.head_removals.items() if lineage in mine}
    for index, result in enumerate(results, start=1):
        owned = _owned(head_files, index, owners)
        removals.update((lineage, found) for lineage, found in result["removals"].items() if lineage in owned)
    walker.head_removals = dict(sorted(removals.items()))


def _owned(head_files: dict[str, FileState], index: int, owners: dict[str, int]) -> set[str]:
    """The files (lineages) at the head that walker `index` owns."""
    owns = _owns(owners, index)
    return {str(fs.lineage) for path, fs in head_files.items() if owns(path)}


def _in_order(everyone: list[dict], items: str, keys: str) -> tuple[list, list]:
    # A stable sort: the events of one file change, all from one walker, keep their own order.
    merged = sorted(((key, item) for found in everyone for key, item in zip(found[keys], found[items])),
                    key=lambda pair: pair[0])
    return [item for _, item in merged], [key for key, _ in merged]
