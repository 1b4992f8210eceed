"""Workspace-relative paths that can never lead outside the workspace."""

from __future__ import annotations

import hashlib
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
        return None, f"'{relative}' does not exist (looked for {Path(base, relative).as_posix()})"
    return resolved, ""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (videos and bundles can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
