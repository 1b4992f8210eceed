"""Pages kept from the last build of a site: what a unit of pages made, by the key of its inputs.

The render stage cuts a site into units (render/units.py), each keyed by
everything its pages are made from; `Store.site` keys what surrounds every
page (the theme and the tool, the site's chrome, its clock). A unit whose
key, under the same site key, was built last time is not rendered again:
its files are copied from the live site into the new build folder, each
checked against the SHA-256 recorded when it was built. Any doubt means the
unit is built again, never a stale page: no store, a store of another
version or site key, a file missing or not as it was built.

One JSON file per site, `.receipts-cache/pages/<audience>.json`, written
whole once the site passed the gate; a store that does not read as one is
no store. Each unit lists its pages (docs-relative, for the engine), every
file it wrote with its digest, the search records of its entries (made at
render time, render/search_records.py) and what making it warned of.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache_folder import write_whole

VERSION = 2
SearchRecord = dict[str, str]  # a render/search_records.SearchRecord's fields


def html_path(md_path: str) -> str:
    return md_path[: -len(".md")] + ".html"


@dataclass
class Built:
    """What one unit wrote."""

    pages: list[str]  # docs-relative .md paths: the engine's pages
    files: dict[str, str]  # site-relative path -> SHA-256, the pages' HTML among them
    search: list[SearchRecord] = field(default_factory=list)  # its entries' search records, in order
    warnings: list[str] = field(default_factory=list)  # what making it said (a transparency pack's writer)
    sources: dict[str, str] = field(default_factory=dict)  # content-relative file it copied -> SHA-256


@dataclass
class Store:
    path: Path | None  # None: keep nothing (no cache folder)
    site: str
    live: Path  # the site folder of the last build
    content: Path = Path()  # where the files units copy come from (content/)
    previous: dict[str, Built] = field(default_factory=dict)
    made: dict[str, Built] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None, site: str, live: Path, content: Path) -> Store:
        store = cls(path, site, live, content)
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            store.previous = _read(json.loads(Path(path).read_bytes()), site) if path is not None else {}
        return store

    def take(self, key: str | None, out: Path) -> Built | None:
        """Copy unit `key`'s files from the live site into `out`, each as it was built; None (and nothing
        left in `out`) when it was not built last time or a file is no longer as it was."""
        built = self.previous.get(key) if key is not None else None
        if key is None or built is None:
            return None
        if not all(same_file(self.content / source, sha) for source, sha in built.sources.items()):
            return None
        copied: list[Path] = []
        for rel, sha in built.files.items():
            target = out / rel
            if not copy_checked(self.live / rel, target, sha):
                for path in copied:  # `target` was not written: it may be another unit's
                    path.unlink()
                return None
            copied.append(target)
        self.made[key] = built
        return built

    def put(self, key: str | None, outputs: tuple[list[str], list[str], list[str]], said: tuple[list, list[str]],
            out: Path) -> None:
        """Record unit `key`'s pages and files as built in `out`, the files of content/ it copied
        (`outputs`: render/units.outputs), and its search records and warnings (`said`)."""
        if key is None or self.path is None:
            return
        pages, files, sources = outputs
        written = [html_path(p) for p in pages] + files
        self.made[key] = Built(list(pages), {rel: sha_file(out / rel) for rel in written}, list(said[0]),
                               list(said[1]), {source: sha_file(self.content / source) for source in sources})

    def save(self) -> None:
        if self.path is None:
            return
        units = {key: {"pages": b.pages, "files": b.files, "search": b.search, "warnings": b.warnings,
                       "sources": b.sources}
                 for key, b in self.made.items()}
        write_whole(self.path, json.dumps({"version": VERSION, "site": self.site, "units": units},
                                     ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _read(value: dict, site: str) -> dict[str, Built]:
    if value["version"] != VERSION or value["site"] != site:
        return {}
    found = {}
    for key, unit in value["units"].items():
        pages, files, search, sources = unit["pages"], unit["files"], unit["search"], unit["sources"]
        warnings = unit["warnings"]
        if not (all(isinstance(p, str) and p.endswith(".md") and html_path(p) in files for p in pages)
                and all(isinstance(r, str) and inside_rel(r) and isinstance(s, str) for r, s in files.items())
                and all(_text_map(r) for r in search) and all(isinstance(w, str) for w in warnings)
                and all(isinstance(s, str) for s in sources.values())):
            raise ValueError("not a page store")
        found[key] = Built(list(pages), dict(files), list(search), list(warnings), dict(sources))
    return found


def _text_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def inside_rel(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts


def sha_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_file(path: Path, sha: str) -> bool:
    try:
        return not path.is_symlink() and sha_file(path) == sha
    except OSError:
        return False


def copy_checked(source: Path, target: Path, sha: str) -> bool:
    """Copy `source` to `target` when its bytes are those recorded; a link or anything else is not kept."""
    try:
        if source.is_symlink() or target.exists():
            return False
        data = source.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(data).hexdigest() != sha:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


