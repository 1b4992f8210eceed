"""The git history of a workspace -> decision records and editorial events.

    read_history(workspace) -> workspace with History and decision commits

1. open the history (repo.py): a repository or a bundle; a shallow clone,
   a missing repository or ref is a HistoryError that says how to fix it;
2. read the commits not read before (log.py: one `git log` pass, file
   versions streamed through one `git cat-file --batch`, store.py), walking
   them in order (walk.py; a long one on every core, parallel.py) on top
   of the cache (cache.py); a rewritten history is read afresh;
3. turn the records into model types against the current workspace
   (finish.py): events on the campaigns that still exist, decision commits
   checked like any entry. Every problem of every commit is reported
   together (InputError).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from generator.history import cache as history_cache
from generator.history import gitview, retractions
from generator.history import log as gitlog
from generator.history import parallel as history_parallel
from generator.history import repo as gitrepo
from generator.history.finish import finish
from generator.history.unrecorded import unrecorded_warnings
from generator.history.walk import Walker
from generator.model import History, Workspace


def read_history(workspace: Workspace) -> Workspace:
    config = workspace.config
    if config.history is None:
        return workspace
    root = Path(workspace.root)
    cache = gitrepo.cache_dir(root)
    source = gitrepo.open_source(root, config.history, cache)
    try:
        if source.head is None:
            return _warn_unrecorded(replace(workspace, history=History(configured=True)), {}, source)
        with _without_gc():  # reading builds many objects and no cycles; collecting would only slow it
            walker, as_of, saved = _read(source, source.head, config, cache, config.history.ref)
            try:
                found = finish(workspace, walker, source.head, as_of, source.prefix,
                               retractions.git_resolver(source.repo))
            finally:
                saved()  # the cache, written beside finish (history_cache.save_aside)
        return _warn_unrecorded(found, {path: fs.blob for path, fs in walker.head_files.items()}, source)
    finally:
        source.close()


def _read(source: gitrepo.Source, head: str, config, cache: Path | None,
          ref: str) -> tuple[Walker, str, Callable[[], None]]:
    """The history up to `head` (the source's, which has commits) on top of the cache, its time, and the wait
    for the cache being saved."""
    key = history_cache.key_for(source.identity, ref, config, gitview.describe(source.repo))
    path = history_cache.path_for(cache, source.identity) if cache is not None else None
    cached = history_cache.load(path, key) if path is not None else None
    if cached is not None and cached.head == head:
        return Walker(source.repo, config, source.campaign_dir, cached), cached.as_of, _nothing
    if cached is not None and not gitlog.is_ancestor(source.repo, cached.head, head):
        cached = None  # the history was rewritten (a force-push): read it afresh
    since = cached.head if cached is not None else None
    commits = gitlog.read_log(source.repo, head, since, source.campaign_dir)
    if cached is not None and _reaches_behind(commits, cached.head):
        cached = None  # a merged branch forked before the cached head: its files' lineages are not known here
        commits = gitlog.read_log(source.repo, head, None, source.campaign_dir)
    walker = history_parallel.walk(source.repo, config, source.campaign_dir, cached, commits, head)
    as_of = cached.as_of if not commits and cached is not None else _committed(commits, head)
    if path is None:
        return walker, as_of, _nothing
    return walker, as_of, history_cache.save_aside(path, lambda: history_cache.snapshot(walker, head, as_of, key))


def _nothing() -> None:
    pass


def _reaches_behind(commits: list[gitlog.Commit], since: str) -> bool:
    """Whether a new commit has a parent that is neither new nor the cached head.

    A rebuild walks on from the cached head's state. A branch that forked
    earlier and is merged now starts from a commit whose files' state the
    cache does not hold; rebuilding it by path would give a file deleted and
    made again on the main line (a new campaign under an old name) the
    branch's events of the old one. Such a history is read afresh.
    """
    new = {commit.sha for commit in commits}
    return any(parent not in new and parent != since for commit in commits for parent in commit.parents)


def _warn_unrecorded(workspace: Workspace, head_blobs: dict[str, str], source: gitrepo.Source) -> Workspace:
    """The history's warnings, and one for each campaign file whose edits the history does not hold."""
    history = workspace.config.history
    assert history is not None  # only a workspace with a history configured is read (read_history)
    fix = "commit them, then make the bundle again" if history.bundle else "commit them"
    head = f"{history.ref} at {source.head[:12]}" if source.head else "no commits yet"
    found = unrecorded_warnings(Path(workspace.root), workspace.campaigns, head_blobs,
                                source.campaign_dir, f"{source.where}, {head}", fix)
    if not found:
        return workspace
    return replace(workspace, history=replace(workspace.history, warnings=workspace.history.warnings + tuple(found)))


@contextlib.contextmanager
def _without_gc():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What the read made is kept, not garbage: moved to the oldest generation as it is (freeze,
            # unfreeze) rather than traversed by the young collection that the first allocation would start.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _committed(commits: list[gitlog.Commit], head: str) -> str:
    for commit in reversed(commits):
        if commit.sha == head:
            return commit.committed.isoformat()
    return commits[-1].committed.isoformat()
