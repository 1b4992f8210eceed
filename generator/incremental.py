"""Whole-build "up to date": the record of the last build's inputs and output, and the check against it.

A build that finished writes a record to `.receipts-cache/build-<key>.json`
(key: the workspace, the output folder and the audiences asked for): the
digest of every input (fingerprint.py), the files it found, the warnings it
gave, and a manifest of what it left in the output folders. The next build
with the same inputs, whose output folders still hold exactly what was
written, prints "up to date" and stops. Anything else (a missing, corrupt or
older record, a changed input or output, an input changed while the last
build ran) means a full build: never a stale page.

The clock: with SOURCE_DATE_EPOCH the clock is that number, an input like
any other. Without it, the machine's clock decides only what is dated after
it (left out, FORMAT.md "Time"); so a record is used only when nothing in
the workspace was dated after the clock of the build that wrote it, and the
clock has not gone back since.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator import fingerprint
from generator.clock import Clock

RECORD_VERSION = 1


@dataclass
class Snapshot:
    """The inputs as they were when a build started, before it read any of them."""

    record: Path | None  # where this build's record goes; None: no cache folder (read-only workspace)
    options: str  # the command's options, as the key of the record
    files: fingerprint.FileTable
    taken_ns: int
    tool: str
    git: dict[str, str]  # folder -> git state, for the folders read at the start
    reuse: bool = True  # False: the inputs were not read; never up to date


def key_of(root: Path, output: str | Path | None, audiences: list[str] | None) -> str:
    options = [RECORD_VERSION, os.path.abspath(root), os.path.abspath(output) if output else None,
               sorted(audiences) if audiences else None, os.environ.get("SOURCE_DATE_EPOCH")]
    return json.dumps(options)


def start(root: Path, output, audiences, theme_dir: Path, cache_folder: Path | None, reuse: bool) -> Snapshot:
    """Read the inputs' digests (with `reuse`); done before the workspace is read, so an edit during the
    build shows. Without `reuse`, only where the record is (to remove it)."""
    options = key_of(root, output, audiences)
    record = None if cache_folder is None else (
        cache_folder / f"build-{hashlib.sha256(options.encode()).hexdigest()[:16]}.json")
    if not reuse:
        return Snapshot(record, options, {}, 0, "", {}, reuse=False)
    previous = _load(record) or {}
    taken_ns = time.time_ns()  # before the first file is read: a file changed after that is read again next time
    files = fingerprint.file_table(root, previous.get("files"), previous.get("taken_ns", 0),
                                   outputs=_real(previous.get("outputs", [])))
    folders = {os.path.abspath(root), *previous.get("git", {})}
    return Snapshot(record, options, files, taken_ns, fingerprint.tool_digest(theme_dir),
                    {folder: fingerprint.git_state(Path(folder)) for folder in sorted(folders)})


def up_to_date(snapshot: Snapshot, clock: Clock, strict: bool) -> list[str] | None:
    """The last build's warnings when nothing it was built from changed and its output is intact; else None."""
    record = _load(snapshot.record) if snapshot.reuse else None
    if record is None or not record.get("complete") or (strict and record["warnings"]):
        return None
    if not clock.pinned and (not record["clock_free"] or clock.epoch < record["clock"]):
        return None
    if any(snapshot.git.get(folder) != state for folder, state in record["git"].items()):
        return None
    secrets = fingerprint.secret_digest(record["secret_names"], bytes.fromhex(record["salt"]))
    if (record["options"], record["tool"], record["content"], record["secrets"]) != (
            snapshot.options, snapshot.tool, fingerprint.content_digest(snapshot.files), secrets):
        return None
    if fingerprint.output_manifest([Path(p) for p in record["outputs"]]) != record["manifest"]:
        return None
    return list(record["warnings"])


def save(snapshot: Snapshot, root: Path, built: BuiltFrom) -> None:
    """Record the build just finished, if its inputs did not change while it ran; else forget the old one."""
    if snapshot.record is None:
        return
    after = fingerprint.file_table(root, snapshot.files, snapshot.taken_ns, outputs=_real(built.outputs))
    git = {folder: fingerprint.git_state(Path(folder)) for folder in built.git_folders}
    unchanged = (fingerprint.content_digest(after) == fingerprint.content_digest(snapshot.files)
                 and all(snapshot.git.get(folder) == state for folder, state in git.items()))
    salt = os.urandom(16)
    record = {
        "version": RECORD_VERSION, "complete": unchanged, "options": snapshot.options, "tool": snapshot.tool,
        "content": fingerprint.content_digest(snapshot.files), "files": snapshot.files,
        "taken_ns": snapshot.taken_ns, "git": git, "salt": salt.hex(),
        "secret_names": sorted(built.secret_names),
        "secrets": fingerprint.secret_digest(built.secret_names, salt),
        "clock": built.clock.epoch, "clock_free": built.clock_free, "warnings": built.warnings,
        "outputs": [str(p) for p in built.outputs],
        "manifest": fingerprint.output_manifest(built.outputs),
    }
    _write(snapshot.record, record)


def _real(folders) -> frozenset[str]:
    return frozenset(os.path.realpath(folder) for folder in folders)


@dataclass
class BuiltFrom:
    """What only the finished build knows about its inputs."""

    git_folders: list[str]  # the repositories whose history it read
    secret_names: list[str]  # the environment variables holding passphrases
    clock: Clock
    clock_free: bool  # nothing in the workspace was dated after the clock
    warnings: list[str]
    outputs: list[Path]  # the deploy folder and its private twin


def forget(snapshot: Snapshot) -> None:
    """A build that failed or was cut short leaves no record: the next one builds in full."""
    if snapshot.record is not None:
        with contextlib.suppress(OSError):
            snapshot.record.unlink(missing_ok=True)


def _load(path: Path | None) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return None
    fields = ("complete", "options", "tool", "content", "files", "taken_ns", "git", "salt", "secret_names",
              "secrets", "clock", "clock_free", "warnings", "outputs", "manifest")
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION or any(f not in data for f in fields):
        return None
    return data


def _write(path: Path, record: dict) -> None:
    """Whole or not at all: a temporary file renamed over the record."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)


def dated_after(values: object, clock: Clock, tz: str) -> bool:
    """Whether any date or moment anywhere inside `values` (dataclasses, lists, dicts) is after the clock,
    or something this walk cannot look inside is there."""
    seen: set[int] = set()
    stack = [values]
    while stack:
        item = stack.pop()
        if isinstance(item, (dt.date, dt.datetime)):
            if clock.is_future(item, tz):
                return True
        elif isinstance(item, (str, bytes, int, float, bool)) or item is None or id(item) in seen:
            continue
        elif dataclasses.is_dataclass(item):
            seen.add(id(item))
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            seen.add(id(item))
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            seen.add(id(item))
            stack.extend(item)
        else:  # a kind of value this walk does not know may hold a date: in doubt, the clock matters
            return True
    return False
