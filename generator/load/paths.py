"""Workspace-relative paths that can never lead outside the workspace."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath


def not_relative(relative: str) -> str:
    """Why `relative` cannot be a path inside the workspace, from its text alone; "" when it can be."""
    pure = PurePosixPath(relative)
    if "\\" in relative or pure.is_absolute() or relative.startswith("~"):
        return f"'{relative}' must be a relative path inside the workspace"
    if ".." in pure.parts:
        return f"'{relative}' must not contain '..'"
    return ""


def inside(root: Path, relative: str, base: str = "") -> tuple[Path | None, str]:
    """Resolve `relative` (under `base`) inside `root`.

    Returns (path, "") or (None, why). Absolute paths, `..` and symlinks that
    lead out of the workspace are refused, so no file outside it is ever
    hashed, copied or published.
    """
    why = not_relative(relative)
    if why:
        return None, why
    pure = PurePosixPath(relative)
    root = root.resolve()
    candidate = (root / base / pure)
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        return None, f"'{relative}' leads outside the workspace (through a symbolic link)"
    if not resolved.is_file():
        return None, f"'{relative}' {_not_a_file(candidate, resolved)} (looked for {Path(base, relative).as_posix()})"
    return resolved, ""


NAME_MAX = 255  # bytes in one file name on every common file system


def too_long_name(path: Path, suffix: str = "") -> str:
    """Why `path` (and `path` + suffix, its twin) cannot exist: a name over NAME_MAX bytes; "" when none is."""
    for part in (*path.parts[:-1], path.name, path.name + suffix):
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            return (f"the folder name '{part[:32]}…' is {size} bytes long, more than the {NAME_MAX} a file system "
                    "allows")
    return ""


def not_a_folder(path: Path) -> Path | None:
    """The first of `path` and its parents that exists and is not a folder (a file there stops a build); or None."""
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return None  # stat follows links: a link to a folder is a folder, like mkdir -p sees it
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return None


def _not_a_file(candidate: Path, resolved: Path) -> str:
    """What is there instead of a regular file: nothing, a folder, a named pipe, a broken link..."""
    try:
        mode = resolved.stat().st_mode  # stat, never open: opening a named pipe would wait for a writer
    except OSError:
        if candidate.is_symlink():
            return "is a symbolic link to a file that does not exist"
        return "does not exist"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
    return f"is {kind}, not a regular file"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (videos and bundles can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
