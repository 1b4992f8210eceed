"""Where a workspace keeps what its builds may reuse: `.receipts-cache/`, never committed.

Below every stage, so the "up to date" check finds it without importing them.
"""

from __future__ import annotations

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
