"""The gate's findings per file, kept between builds so a rebuild scans only what changed.

One JSON file per site (`.receipts-cache/audit/<audience>.json` for a
build) holds, for each file of the site last time: the SHA-256 of its
bytes, its findings, and every in-site link target its check looked up with
the answer (there or not). A file is taken from the memo only when

  - the memo was made under the same conditions: every hidden phrase and
    where it comes from, hidden ids, files and addresses, the machine's
    paths, the site's address, the gate's own code and the vendor files it
    knows by their bytes (`conditions`: their SHA-256);
  - the file's path and bytes are the same;
  - each link target it looked up is still there, or still missing;

and is scanned otherwise. Anything in the memo file that is not exactly that
shape (a truncated or edited file) makes it no memo: every file is scanned.
Only clean files are kept (a finding is never kept: the cache holds no piece
of a secret, and a build that failed is scanned whole again), and only those
whose reading decompressed nothing (they spent none of the site's budget,
which later files share). The memo is written whole (a temporary file
renamed), holding only the site's current files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_CODE = ("audit", "html_tags.py", "site/search_index.py")  # the gate's modules, under generator/
_ROOT = Path(__file__).resolve().parents[1]
VERSION = 1


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    paths: list[Path] = []
    for name in _CODE:
        path = _ROOT / name
        paths += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in paths:
        digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def conditions(rules) -> str:
    """The digest of everything besides a file's own bytes, path and links that its findings depend on."""
    from generator.audit import vendor

    hidden = rules.hidden
    held = {
        "version": VERSION, "code": _code_digest(), "vendor": sorted(vendor._known().items()),
        "needles": [[n.phrase, n.origin] for n in hidden.needles],
        "ids": sorted(hidden.ids.items()), "files": sorted(hidden.files.items()), "emails": list(hidden.emails),
        "machine_paths": list(rules.machine_paths), "site_url": rules.site_url,
    }
    return hashlib.sha256(json.dumps(held, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Kept:
    digest: str  # SHA-256 of the file's bytes
    findings: list[str]
    lookups: dict[str, bool]  # in-site link target -> whether it was there


@dataclass
class Memo:
    """The findings of one site's files under one `conditions` digest; `path`: its file (None: keep none)."""

    path: Path | None
    conditions: str
    kept: dict[str, Kept] = field(default_factory=dict)  # from the memo file: path in the site -> what it found
    made: dict[str, Kept] = field(default_factory=dict)  # this audit's, written by `save`

    @classmethod
    def load(cls, path: Path | None, conditions_digest: str) -> Memo:
        memo = cls(path, conditions_digest)
        if path is not None:
            try:
                memo.kept = _read(json.loads(Path(path).read_bytes()), conditions_digest)
            except (OSError, ValueError, TypeError, AttributeError, KeyError):
                memo.kept = {}  # no memo, or not exactly one: scan every file
        return memo

    def get(self, rel: str, digest: str, exists) -> list[str] | None:
        """The findings kept for `rel` with these bytes, if every target it looked up answers as it did."""
        kept = self.kept.get(rel)
        if kept is None or kept.digest != digest:
            return None
        if any(exists(target) != there for target, there in kept.lookups.items()):
            return None
        self.made[rel] = kept
        return list(kept.findings)

    def put(self, rel: str, kept: Kept) -> None:
        self.made[rel] = kept

    def save(self) -> None:
        """Write the memo whole; one that cannot be written only means a scan next time."""
        if self.path is None:
            return
        files = {rel: [k.digest, k.findings, sorted(k.lookups.items())] for rel, k in sorted(self.made.items())}
        _write(Path(self.path), json.dumps({"conditions": self.conditions, "files": files}).encode("utf-8"))


def _read(value, conditions_digest: str) -> dict[str, Kept]:
    if value["conditions"] != conditions_digest:
        return {}
    kept = {}
    for rel, (digest, findings, lookups) in value["files"].items():
        if not (isinstance(rel, str) and isinstance(digest, str) and isinstance(findings, list)
                and all(isinstance(f, str) for f in findings)):
            raise ValueError("not a memo")
        table = {target: there for target, there in lookups}
        if not all(isinstance(t, str) and isinstance(b, bool) for t, b in table.items()):
            raise ValueError("not a memo")
        kept[rel] = Kept(digest, findings, table)
    return kept


def _write(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".memo-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)  # whole or not at all: a reader never sees half a memo
    except OSError:
        Path(temp).unlink(missing_ok=True)
