"""Reading a git history in one pass: commits, then file versions in batch.

`read_log` runs a single `git log` through GitPython's command wrapper with a
NUL-separated format and `--raw` file changes (blob ids included, renames
found with -M), oldest commit first, parents before children. A merge lists
what it changed against its first parent (`--diff-merges=first-parent`,
git 2.31 or later). `Blobs` streams every wanted blob through one
`git cat-file --batch` process.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import git

from generator.errors import HistoryError

_FORMAT = "%x1e%H%x00%P%x00%ae%x00%ad%x00%cd%x00%B"  # dates as git stores them (--date=raw): see _raw_date
# A date git holds but Python cannot (past year 9999): read as this, so it is left out as future-dated (future.py)
FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.timezone.utc)
_HEADER_FIELDS = 6


@dataclass(frozen=True)
class FileChange:
    """One campaign file changed by a commit (paths inside the repository)."""

    status: str  # A added, M modified, D deleted, R renamed (T counts as M)
    old_path: str | None
    new_path: str | None
    new_blob: str | None


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    email: str  # lowercased; used only to find the author among people
    authored: dt.datetime
    committed: dt.datetime
    message: str
    files: tuple[FileChange, ...]  # campaign files only
    other_paths: tuple[str, ...] = ()  # every other path it changed: what else its message may speak of
    date_problem: str = ""  # why a date of it was read otherwise than git wrote it (_raw_date)


def read_log(repo: git.Repo, head: str, since: str | None, campaign_dir: str) -> list[Commit]:
    """Commits reachable from `head` and not from `since`, oldest first."""
    revision = f"{since}..{head}" if since else head
    try:
        raw = repo.git.log(
            revision, "-z", "--raw", "--no-abbrev", "-M", "--root", "--topo-order", "--reverse",
            "--diff-merges=first-parent", "--no-color", "--no-show-signature", "--encoding=UTF-8", "--date=raw",
            f"--format={_FORMAT}", "--end-of-options", stdout_as_string=False,
        )
    except git.GitCommandError as exc:
        raise HistoryError(f"git log failed: {exc.stderr.strip() if isinstance(exc.stderr, str) else exc}") from None
    return parse_log(raw.decode("utf-8", errors="replace"), campaign_dir)


def parse_log(text: str, campaign_dir: str) -> list[Commit]:
    tokens = text.split("\0")
    commits: list[Commit] = []
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index].lstrip("\n")
        if not token.startswith("\x1e"):
            index += 1  # the empty token after the last NUL
            continue
        sha, parents, email, raw_authored, raw_committed, message = tokens[index:index + _HEADER_FIELDS]
        index += _HEADER_FIELDS
        files, others = [], []
        while index < count and tokens[index].lstrip("\n").startswith(":"):
            meta = tokens[index].lstrip("\n").split(" ")
            status = meta[4][:1]
            paths = 2 if status in "RC" else 1
            names = tokens[index + 1: index + 1 + paths]
            index += 1 + paths
            change = _campaign_change(status, names, meta[3], campaign_dir, _regular(meta[0]), _regular(meta[1]))
            if change is not None:
                files.append(change)
            others += [name for name in names if not is_campaign_path(name, campaign_dir)]
        (authored, why_authored), (committed, why_committed) = _raw_date(raw_authored), _raw_date(raw_committed)
        commits.append(Commit(
            sha=sha.lstrip("\n")[1:], parents=tuple(parents.split()), email=email.strip().lower(),
            authored=authored, committed=committed, message=message, files=tuple(files), other_paths=tuple(others),
            date_problem="; ".join(dict.fromkeys(why for why in (why_authored, why_committed) if why)),
        ))
    return commits


def _raw_date(raw: str) -> tuple[dt.datetime, str]:
    """git's raw date ("<seconds since 1970> <+hhmm>") and why it was read otherwise, if it was.

    git accepts what Python cannot represent: an offset of 24 hours or more, or
    60 minutes or more, is read as UTC; a moment past year 9999 as FAR_FUTURE."""
    seconds, _, offset = raw.strip().partition(" ")
    known = _ZONES.get(offset)
    if known is None:
        known = _ZONES[offset] = _zone(offset)
    zone, valid = known
    why = "" if valid else f"its time zone {offset or '(none)'} is no time zone, read as UTC"
    try:
        return dt.datetime.fromtimestamp(int(seconds), zone), why
    except (ValueError, OverflowError, OSError):
        return FAR_FUTURE, f"its date ({seconds} seconds since 1970) is past the year 9999, read as in the future"


_ZONES: dict[str, tuple[dt.timezone, bool]] = {}  # a history has a handful of offsets and thousands of dates


def _zone(offset: str) -> tuple[dt.timezone, bool]:
    """(the zone of a raw date's offset, whether it is one); UTC for an offset that is none."""
    sign, hours, minutes = offset[:1], offset[1:3], offset[3:5]
    if sign in "+-" and len(offset) == 5 and (hours + minutes).isdigit() and int(hours) < 24 and int(minutes) < 60:
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
        return dt.timezone(-delta if sign == "-" else delta), True
    return dt.timezone.utc, False


def is_campaign_path(path: str | None, campaign_dir: str) -> bool:
    return (path is not None and path.startswith(campaign_dir) and path.endswith(".yml")
            and "/" not in path[len(campaign_dir):])


def _regular(mode: str) -> bool:
    """A mode of `--raw` output (":100644" or "100644") that is a file's: not a submodule link (160000), a
    symbolic link (120000) or nothing (000000). Only a file's blob is a version of a campaign file: a
    submodule link's is a commit object (its authors' addresses), a link's is a path."""
    return mode.lstrip(":") in ("100644", "100755", "100664")


def _campaign_change(status: str, names: list[str], new_blob: str, campaign_dir: str,
                     old_file: bool = True, new_file: bool = True) -> FileChange | None:
    if not new_file and status != "D":  # it stops being a file: gone, as a campaign file, if it was one
        old = names[0]
        return FileChange("D", old, None, None) if old_file and status != "A" and \
            is_campaign_path(old, campaign_dir) else None
    if not old_file and status in "MT":  # it becomes a file: a new campaign file
        status = "A"
    if status in "RC":
        old, new = names
        old_ok, new_ok = is_campaign_path(old, campaign_dir), is_campaign_path(new, campaign_dir)
        if status == "C":
            return FileChange("A", None, new, new_blob) if new_ok else None
        if old_ok and new_ok:
            return FileChange("R", old, new, new_blob)
        if old_ok:
            return FileChange("D", old, None, None)
        return FileChange("A", None, new, new_blob) if new_ok else None
    path = names[0]
    if not is_campaign_path(path, campaign_dir):
        return None
    if status == "D":
        return FileChange("D", path, None, None)
    if status == "A":
        return FileChange("A", None, path, new_blob)
    return FileChange("M", path, path, new_blob)


def is_ancestor(repo: git.Repo, older: str, newer: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", older, newer)
        return True
    except git.GitCommandError:
        return False


def stream_blobs(repo: git.Repo, blob_ids: Iterable[str], take: Callable[[str, bytes], None]) -> None:
    """Calls take(blob_id, data) for each blob, all through one cat-file process."""
    for blob, data in iter_blobs(repo, blob_ids):
        take(blob, data)


def iter_blobs(repo: git.Repo, blob_ids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(blob id, data) for each blob in order, all through one cat-file process, read as they are asked for.

    Closing the iterator early stops git: nothing is left running."""
    ids = list(dict.fromkeys(blob_ids))
    if not ids:
        return
    process = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    proc = process.proc
    writer = threading.Thread(target=_feed, args=(proc, "".join(f"{blob}\n" for blob in ids).encode("ascii")),
                              daemon=True)
    writer.start()
    finished = False
    try:
        out = proc.stdout
        for blob in ids:
            header = out.readline().split()
            if len(header) != 3:
                raise HistoryError(f"git cat-file could not read blob {blob}: {b' '.join(header).decode()}")
            data = out.read(int(header[2]))
            out.read(1)
            yield blob, data
        finished = True
    finally:
        if not finished:
            proc.kill()  # the rest is not wanted: git must not wait on a full pipe
        writer.join()
        proc.stdout.close()
        proc.wait()


def _feed(proc, request: bytes) -> None:
    try:
        proc.stdin.write(request)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass
