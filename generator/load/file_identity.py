"""A file of content/ is what it is, not how it is written: its real file, then its bytes.

An asset's `file` and an approval's `asset` decide what an audience sees
(a hidden asset's file is never fingerprinted in a receipt: redact.py), so
comparing them as written let a symbolic link through: `assets/public.pdf`
linking to a hidden asset's `assets/secret.pdf` was "another file", and a
receipt gave the hidden file's SHA-256.

- When the workspace loads, one asset file named two ways by two assets (a
  symbolic link, a hard link, another spelling on a disk that ignores case,
  a copy of the same bytes) is an error (`alias_problems`): it must be
  written one way, so what is shown and hidden of it is decided once (a
  shown asset linking to a hidden one's file would publish it).
- Wherever two paths are compared, they are the same file when they resolve
  to one file, or when their bytes are the same (`Files.same`): a copy of a
  hidden asset's file is that file.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from generator.errors import Problem
from generator.load.paths import file_sha256
from generator.model import Campaign


class Files:
    """The files of a workspace's content/, each looked at (resolved, stat'ed, hashed) once."""

    def __init__(self, root: Path | str):
        self.content = Path(root).resolve() / "content"
        self._stat: dict[str, tuple[Path, os.stat_result] | None] = {}
        self._digest: dict[str, str | None] = {}

    def stat(self, rel: str) -> tuple[Path, os.stat_result] | None:
        """The real path and status of a content-relative file (None: it cannot be read)."""
        if rel not in self._stat:
            try:
                real = (self.content / rel).resolve()
                self._stat[rel] = (real, real.stat())
            except (OSError, RuntimeError):  # gone, or a loop of links
                self._stat[rel] = None
        return self._stat[rel]

    def digest(self, rel: str) -> str | None:
        if rel not in self._digest:
            try:
                self._digest[rel] = file_sha256(self.content / rel)
            except OSError:
                self._digest[rel] = None
        return self._digest[rel]

    def same(self, one: str, other: str) -> bool:
        """Whether two content-relative paths are one file: as written, by link, or by their bytes."""
        if posixpath.normpath(one) == posixpath.normpath(other):
            return True
        first, second = self.stat(one), self.stat(other)
        if first is None or second is None:
            return False
        if first[0] == second[0] or _same_inode(first[1], second[1]):
            return True
        if first[1].st_size != second[1].st_size:
            return False
        digest = self.digest(one)
        return digest is not None and digest == self.digest(other)


def alias_problems(root: Path | str, campaigns: dict[str, Campaign]) -> list[Problem]:
    """Every asset file that two assets name two ways, after its first: the same file (a link, a hard link,
    another spelling) or the same bytes (a copy). An approval's file may be written any way: it is never
    copied, and its fingerprint is decided by what the file is (`Files.same`)."""
    files = Files(root)
    named = []  # (path as written, normalised; where; campaign file, line, key; status)
    for c in campaigns.values():
        for i, a in enumerate(c.assets):
            if a.file and (found := files.stat(a.file)) is not None:
                where = f"content/campaigns/{c.id}.yml"
                named.append((a.file, where, a.line, f"assets[{i}].file", found[1]))
    sizes: dict[int, set[tuple[int, int]]] = {}
    for *_, status in named:
        sizes.setdefault(status.st_size, set()).add((status.st_dev, status.st_ino))
    first: dict[object, tuple[str, str]] = {}  # a file (inode) or bytes (digest) -> (path, where)
    problems = []
    for written, where, line, key, status in named:
        inode = (status.st_dev, status.st_ino)
        same_size = len(sizes[status.st_size]) > 1  # only then can two files hold the same bytes
        identity = (files.digest(written) if same_size else None) or inode
        other, other_where = first.setdefault(identity, (posixpath.normpath(written), f"{where}:{line} {key}"))
        if other != posixpath.normpath(written):
            problems.append(Problem(where, line, key, (
                f"'{written}' is the same file as '{other}' ({other_where}), named another way (a symbolic link, "
                f"a hard link, another spelling or a copy of its bytes); write '{other}' in both places, so that "
                "what is shown and hidden of the file is decided once")))
    return problems


def _same_inode(one: os.stat_result, other: os.stat_result) -> bool:
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)
