"""Where a workspace keeps what its builds may reuse: `.receipts-cache/`, never committed.

Below every stage, so the "up to date" check finds it without importing them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_DIR = ".receipts-cache"


def cache_dir(root: Path) -> Path | None:
    """The workspace's cache folder, created and ignored by git; None if read-only."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Receipts' cache: safe to delete, never committed\n*\n", encoding="utf-8")
    except OSError:
        return None
    return folder


def write_whole(target: Path, data: bytes) -> None:
    """Whole or not at all (a temporary file renamed over it); a cache entry that cannot be written only
    means the work is done again next time, so an error is not raised."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError:
        Path(temp).unlink(missing_ok=True)
