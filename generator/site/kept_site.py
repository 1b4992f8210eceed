"""A site kept whole: the last build's site of an audience whose view, and all around it, did not change.

The record (`.receipts-cache/sites/<audience>.json`) holds the key the site
was built under (the keys of all its units of pages, the site's chrome, the
tool, the clock, the audience's settings: kept_pages.py), the SHA-256 of
every file of the finished site and of every file of content/ it copied,
how many pages it has and the warnings its build gave. A build under the
same key copies the live site's files into its build folder, each checked
against its digest, and neither renders, runs the engine nor audits: that
site passed the gate as it is. Any doubt (no record, another key, a file
missing, edited or added to the list, a copied file of content/ changed)
and the site is built as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.site.reuse import copy_checked, inside_rel, same_file, sha_file, write_whole

VERSION = 1


@dataclass(frozen=True)
class KeptSite:
    pages: int
    warnings: list[str]


def take(record: Path | None, key: str | None, live: Path, content: Path, out: Path) -> KeptSite | None:
    """Copy the live site into the empty folder `out` when `record` says it was built under `key` and
    every file is as it was built; None, with `out` empty again, otherwise."""
    found = _load(record, key)
    if found is None or not all(same_file(content / rel, sha) for rel, sha in found["sources"].items()):
        return None
    for rel, sha in found["files"].items():
        if not copy_checked(live / rel, out / rel, sha):
            for child in list(out.iterdir()):
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            return None
    return KeptSite(found["pages"], list(found["warnings"]))


def save(record: Path | None, key: str | None, site_dir: Path, sources: dict[str, str], pages: int,
         warnings: list[str]) -> None:
    """Record the finished site in `site_dir`, built under `key`, for the next build."""
    if record is None or key is None:
        return
    files = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(site_dir).as_posix()] = sha_file(path)
    write_whole(record, json.dumps({"version": VERSION, "key": key, "files": files, "sources": sources,
                                    "pages": pages, "warnings": warnings}, sort_keys=True).encode("utf-8"))


def forget(record: Path | None) -> None:
    if record is not None:
        with contextlib.suppress(OSError):
            record.unlink(missing_ok=True)


def _load(record: Path | None, key: str | None) -> dict | None:
    if record is None or key is None:
        return None
    try:
        value = json.loads(record.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict) or value.get("version") != VERSION or value.get("key") != key:
        return None
    files, sources = value.get("files"), value.get("sources")
    if not (isinstance(files, dict) and isinstance(sources, dict) and isinstance(value.get("pages"), int)
            and isinstance(value.get("warnings"), list) and "index.html" in files
            and all(isinstance(r, str) and inside_rel(r) and isinstance(s, str) for r, s in files.items())
            and all(isinstance(r, str) and inside_rel(r) and isinstance(s, str) for r, s in sources.items())):
        return None
    return value

