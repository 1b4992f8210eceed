"""The gate's findings per file, kept between builds so a rebuild scans only what changed.

One JSON file per site (`.receipts-cache/audit/<audience>.json` for a
build) holds, for each clean file of the site last time: the SHA-256 of its
bytes and every in-site link target its check looked up, with the answer
(there or not); and the SHA-256 of each hidden phrase the files were
checked against (digests, never the phrases). A file is taken from the memo
(as clean) only when

  - the memo was made under the same conditions: hidden files and
    addresses, the machine's paths, the site's address, the gate's own code
    and the vendor files it knows by their bytes (`conditions`: their SHA-256);
  - the file's path and bytes are the same, and its name holds nothing
    hidden now (checked each time: hidden ids are sought only there);
  - each link target it looked up is still there, or still missing;
  - no hidden phrase is new since: a phrase the memo's files were not
    checked against (`Memo.added`) is sought in the file (its name and
    texts) before it is taken; one found means a whole scan. A phrase no
    longer hidden needs nothing: a file clean of more phrases is clean of
    fewer, as each phrase is found on its own (text.Needles).

and is scanned otherwise. Anything in the memo file that is not exactly that
shape (a truncated or edited file) makes it no memo: every file is scanned.
Only clean files are kept (a finding is never kept: the cache holds no piece
of a secret, and a build that failed is scanned whole again), each with the
decompressed bytes its reading spent of the site's budget (bounds.py), which
later files share: a kept file spends them again, in the same order, so every
later file meets the budget a clean build would leave it. One that would not
find that much left is read again. The memo is written whole (a temporary file
renamed), holding only the site's current files, with the digests of this
audit's phrases: each file kept was checked against all of them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.audit.text import Needles
from generator.cache_folder import write_whole

_CODE = ("audit", "html_tags.py", "site/search_index.py")  # the gate's modules, under generator/
_ROOT = Path(__file__).resolve().parents[1]
VERSION = 3


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
    """The digest of everything besides a file's own bytes, path and links, the hidden phrases (which the
    memo holds one by one: `phrase_digest`) and hidden ids (sought only in the file's name, which is
    checked each time: scan.py), that its findings depend on."""
    from generator.audit import vendor

    hidden = rules.hidden
    held = {
        "version": VERSION, "code": _code_digest(), "readers": readers(),
        "vendor": sorted(vendor._known().items()),
        "files": sorted(hidden.files.items()), "emails": list(hidden.emails),
        "machine_paths": _telling_paths(rules.machine_paths), "site_url": rules.site_url,
    }
    return hashlib.sha256(json.dumps(held, ensure_ascii=False).encode("utf-8")).hexdigest()


READERS = ("pypdf", "pillow", "pyahocorasick", "nh3")  # what decides the text a file yields, besides our code


def phrase_digest(phrase: str) -> str:
    return hashlib.sha256(phrase.encode("utf-8", "surrogatepass")).hexdigest()


def readers() -> list[str]:
    """Python's version (its Unicode tables fold and normalise every text) and the libraries that read files:
    a new release may read more of a PDF or an image, so a file kept clean under the old one is read again."""
    found = [sys.version]
    for name in READERS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return found


def _telling_paths(paths) -> list[str]:
    """The machine paths that decide whether a file is clean: a path holding another listed path is found
    whenever it is (the gate seeks them as text), so it is left out. The site's build folder, named anew
    each build inside the output folder, is one: without this no memo would ever be used."""
    folded = {str(path).casefold() for path in paths}
    return sorted(p for p in folded if not any(q != p and q in p for q in folded))


@dataclass(frozen=True)
class Kept:
    digest: str  # SHA-256 of the file's bytes
    lookups: dict[str, bool] = field(default_factory=dict)  # scanned now: link target -> whether it was there
    numbers: str = ""  # taken from the memo: its targets, numbers in the memo's table
    spent: int = 0  # decompressed bytes its reading took of the site's budget


@dataclass
class Memo:
    """The clean files of one site under one `conditions` digest; `path`: its file (None: keep none).

    In the file, the link targets are one table for the site (most are
    looked up by many pages), and each file lists the numbers of its own.
    """

    path: Path | None
    conditions: str
    needles: Needles = field(default_factory=lambda: Needles([]))  # this audit's hidden phrases
    kept: dict[str, Kept] = field(default_factory=dict)  # path in the site -> as the last audit kept it
    table: list[tuple[str, bool]] = field(default_factory=list)  # the memo's targets and their answers
    changed: set[str] = field(default_factory=set)  # numbers of the targets that no longer answer as they did
    added: Needles = field(default_factory=lambda: Needles([]))  # phrases the kept files were not checked against
    made: dict[str, Kept] = field(default_factory=dict)  # this audit's clean files, written by `save`

    @classmethod
    def load(cls, path: Path | None, conditions_digest: str, exists, needles: Needles | None = None) -> Memo:
        """The memo at `path`, its targets asked again of `exists` (the site's links.Site.exists);
        `needles`: the hidden phrases of this audit (those the memo's files were not checked against are
        `added`)."""
        memo = cls(path, conditions_digest, needles if needles is not None else Needles([]))
        if path is None:
            return memo
        try:
            memo.kept, memo.table, checked = _read(json.loads(Path(path).read_bytes()), conditions_digest)
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            memo.kept, memo.table, checked = {}, [], set()  # no memo, or not exactly one: scan every file
        memo.changed = {str(n) for n, (target, there) in enumerate(memo.table) if exists(target) != there}
        memo.added = Needles([n for n in memo.needles if phrase_digest(n.phrase) not in checked])
        return memo

    def kept_entry(self, rel: str, digest: str) -> Kept | None:
        """How `rel` was kept clean with these bytes (its targets' numbers, what its reading spent), when
        each target answers as it did then; None when it was not kept so (it is scanned)."""
        kept = self.kept.get(rel)
        if kept is None or kept.digest != digest or not self.changed.isdisjoint(kept.numbers.split()):
            return None
        return kept

    def put(self, rel: str, kept: Kept) -> None:
        self.made[rel] = kept

    def save(self) -> None:
        """Write the memo whole; one that cannot be written only means a scan next time."""
        if self.path is None:
            return
        own = {rel: kept.lookups if not kept.numbers else {self.table[int(n)][0]: self.table[int(n)][1]
                                                            for n in kept.numbers.split()}
               for rel, kept in self.made.items()}  # one file's at a time would do; a site's is a few MB
        answers: dict[str, bool] = {}
        for lookups in own.values():
            answers.update(lookups)
        targets = sorted(answers)
        number = {target: str(n) for n, target in enumerate(targets)}
        files = {rel: [self.made[rel].digest, " ".join(sorted(number[t] for t in lookups)), self.made[rel].spent]
                 for rel, lookups in sorted(own.items())}
        table = [[target, answers[target]] for target in targets]
        phrases = sorted({phrase_digest(n.phrase) for n in self.needles})
        write_whole(Path(self.path), json.dumps({"conditions": self.conditions, "phrases": phrases,
                                                 "targets": table, "files": files}).encode("utf-8"))


def _read(value, conditions_digest: str) -> tuple[dict[str, Kept], list[tuple[str, bool]], set[str]]:
    if value["conditions"] != conditions_digest:
        return {}, [], set()
    table = [(target, there) for target, there in value["targets"]]
    checked = value["phrases"]
    if not (all(isinstance(t, str) and isinstance(b, bool) for t, b in table)
            and isinstance(checked, list) and all(isinstance(p, str) and len(p) == 64 for p in checked)):
        raise ValueError("not a memo")
    kept = {}
    for rel, (digest, numbers, spent) in value["files"].items():
        if not (isinstance(rel, str) and isinstance(digest, str) and isinstance(numbers, str)
                and all(n.isdigit() and int(n) < len(table) for n in numbers.split())
                and type(spent) is int and spent >= 0):
            raise ValueError("not a memo")
        kept[rel] = Kept(digest, numbers=numbers, spent=spent)
    return kept, table, set(checked)
