"""The history cache: what earlier builds read, keyed by commit id.

One JSON file a history source under the workspace's `.receipts-cache/`
(ignored by git), written and read with orjson (the stdlib encoder took a
quarter of a second on a long history). It holds the head commit read
last, the campaign files at that commit and the events read so far, in the
reader's own terms (file lineages, not campaign ids; people already
matched, no e-mail address). It is trusted only when its version, its key (source, ref, the parts of
site_config.yml that reading depends on, this code's revision, git's version and pinned settings) match and
its head is still an ancestor of the new head; anything else (a corrupt
file, a force-push) means reading the history afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from generator.history.records import Snapshot
from generator.model import SiteConfig

if TYPE_CHECKING:
    from generator.history.walk import Walker

CACHE_VERSION = 11  # 2: events carry their parents' ids; 3: which files each commit changed, how hidden;
# 4: and which entries, which other files, and when each campaign file last changed; 5: under which id;
# 6: the ids each file had before its declared renames; 7: and its period (undeclared renames start one);
# 8: entries for every commit, whether it changed [internal] text, retractions and reverts;
# 9: the removals of gone entries per commit (history_removals.py); 10: records as named fields (records.py),
# no longer when each file last changed; 11: removals as named fields too, checked when the cache is read
READER_REVISION = "history-10"  # bump when reading rules change (2-4: stricter text, ids, numbers, addresses;
# 5: removals; 6: each commit read under the `defaults:` of its own site_config.yml, never looser than today's;
# 7: committer dates, and scope events decided per audience; 8: each commit's defaults.commit and .decision;
# 9: a submodule or symbolic link at a campaign path is no version; 10: the records of records.py)


def key_for(identity: str, ref: str, config: SiteConfig, git_view: str) -> str:
    """`git_view`: what besides the commits can change git's answers (gitview.describe)."""
    reading = {
        "identity": identity, "ref": ref, "revision": READER_REVISION, "git": git_view,
        "timezone": config.timezone, "defaults": sorted(config.defaults.items()),
        "labels": sorted((k, v.title, v.kind) for k, v in config.labels.items()),
        "people": sorted((k, p.side, sorted(p.emails)) for k, p in config.people.items()),
    }
    return hashlib.sha256(json.dumps(reading, sort_keys=True).encode()).hexdigest()


def path_for(folder: Path, identity: str) -> Path:
    return folder / f"history-{hashlib.sha256(identity.encode()).hexdigest()[:12]}.json"


def load(path: Path, key: str) -> Snapshot | None:
    """The snapshot at `path` when it is one of this version under this key; None for anything else."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or data.get("key") != key:
        return None
    try:
        return Snapshot.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError):  # damaged: read afresh
        return None


def save(path: Path, snapshot: Snapshot) -> None:
    """Written whole to a temporary file, then renamed: never half a cache."""
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        temp.write_bytes(orjson.dumps(snapshot))
        os.replace(temp, path)
    except (OSError, TypeError):  # TypeError: orjson could not encode it; the cache only saves time
        with contextlib.suppress(OSError):
            temp.unlink()


def save_aside(path: Path, make: Callable[[], Snapshot]) -> Callable[[], None]:
    """Saves `make()` at `path` in a forked process while the read goes on (encoding and writing a long
    history's cache is a tenth of a rebuild); returns the wait for it, which the read calls before it
    returns, so a finished read has its cache written. Without fork, saves here and now."""
    if not hasattr(os, "fork"):
        save(path, make())
        return lambda: None
    pid = os.fork()
    if pid == 0:  # the child: save, then leave at once (no atexit handlers, no buffers of the parent's)
        status = 1
        try:
            save(path, make())
            status = 0
        finally:
            os._exit(status)
    return lambda: _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def snapshot(walker: Walker, head: str, as_of: str, key: str) -> Snapshot:
    """What `walker` read up to `head`, to cache (sorted where order is not the history's: same bytes)."""
    return Snapshot(
        version=CACHE_VERSION, key=key, head=head, as_of=as_of,
        files=dict(sorted(walker.head_files.items())), next_lineage=walker.next_lineage,
        commits=walker.commits, changes=walker.changes, decisions=walker.decisions, warnings=walker.warnings,
        touched={sha: dict(sorted(files.items())) for sha, files in sorted(walker.touched.items())},
        aliases=dict(sorted(walker.aliases.items())),
        removals={k: dict(sorted(v.items())) for k, v in sorted(walker.head_removals.items())},
    )
