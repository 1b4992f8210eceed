"""The `defaults:` a past commit is read under: the visibility its entries had at the time.

An entry without `visibility:` takes its kind's default, so a past version
read under today's `defaults:` would be judged by today's setting: a task
added and removed while `defaults: {task: 4}` would reach tier 1 once the
default is lowered. So each commit's campaign versions are read under the
defaults in force then (docs/history.md, "Defaults at the time"):

- the workspace's site_config.yml as that commit holds it (the file beside
  `content/`, found through the same history), where it exists;
- and never looser than today's: each kind takes the strictest of today's
  default and the one at that commit and at each of its parents (a commit
  that lowers a default and removes a task in one go removes it at the old
  level);
- a site_config.yml that is there but does not read (YAML slip, a bad
  `defaults:` value) says nothing trustworthy: every kind is internal for
  that commit and its children's comparison, with a warning;
- a commit without the file (before it was committed, or a history that
  holds only content) is read under today's defaults.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import replace

from generator.errors import HistoryError
from generator.history.log import stream_blobs
from generator.load.config import CONFIG_FILE, defaults_in
from generator.model import INTERNAL, KINDS, SiteConfig

Defaults = tuple[tuple[str, int], ...]  # sorted (kind, tier) pairs: hashable, a key of the readers
_UNREADABLE = {kind: INTERNAL for kind in KINDS}  # what a site_config.yml that does not read stands for


class DefaultsAtCommits:
    """Reads site_config.yml's `defaults:` at commits, each distinct version of the file once."""

    def __init__(self, repo, config: SiteConfig, campaign_dir: str):
        self.repo = repo
        self.today = config.defaults
        self.path = campaign_dir.removesuffix("content/campaigns/") + CONFIG_FILE
        self._then: dict[str, dict[str, int] | None] = {}  # commit -> its defaults; None: it has no such file
        self._by_blob: dict[str, tuple[dict[str, int], str]] = {}  # -> (defaults, why they do not read)
        self.problems: dict[str, str] = {}  # commit -> why its site_config.yml does not read
        self._for: dict[str, Defaults] = {}  # commit -> what for_commit found (asked for several times a commit)
        self._blob: dict[str, str | None] = {}  # commit -> its site_config.yml's blob (None: none)
        self._for_versions: dict[tuple[str | None, ...], Defaults] = {}  # those blobs -> what for_commit found

    def load(self, commits: Iterable[str]) -> None:
        """Reads the file at these commits: one lookup of its blob ids, then each new version once."""
        wanted = [sha for sha in dict.fromkeys(commits) if sha not in self._then]
        if not wanted:
            return
        blobs = self._blob_ids(wanted)
        found: dict[str, bytes] = {}
        stream_blobs(self.repo, [b for b in blobs.values() if b and b not in self._by_blob], found.__setitem__)
        for blob, data in found.items():
            defaults, why = defaults_in(data)
            self._by_blob[blob] = (defaults, "") if defaults is not None else (_UNREADABLE, why)
        for sha in wanted:
            its_blob = self._blob[sha] = blobs[sha]
            if its_blob is None:
                self._then[sha] = None
                continue
            self._then[sha], why = self._by_blob[its_blob]
            if why:
                self.problems[sha] = why

    def for_commit(self, sha: str, parents: tuple[str, ...]) -> Defaults:
        """The defaults a commit's versions are read and compared under: per kind, the strictest of today's,
        the commit's own and its parents'."""
        known = self._for.get(sha)
        if known is not None:
            return known
        self.load((sha, *parents))
        versions = tuple(self._blob[commit] for commit in (sha, *parents))
        result = self._for_versions.get(versions)  # most commits share their parents' site_config.yml
        if result is None:
            found = dict(self.today)
            for then in (self._then[commit] for commit in (sha, *parents)):
                for kind, level in (then or {}).items():
                    found[kind] = max(found.get(kind, 0), level)
            result = self._for_versions[versions] = tuple(sorted(found.items()))
        self._for[sha] = result
        return result

    def _blob_ids(self, commits: list[str]) -> dict[str, str | None]:
        """commit -> the blob of site_config.yml there, None where it has none (one `cat-file --batch-check`)."""
        request = "".join(f"{sha}:{self.path}\n" for sha in commits).encode()
        process = self.repo.git.cat_file("--batch-check=%(objectname) %(objecttype)", as_process=True,
                                         istream=subprocess.PIPE)
        out, _ = process.proc.communicate(request)
        answers = out.decode("utf-8", errors="replace").split("\n")[:-1]  # by \n alone: a path may hold U+2028
        if len(answers) != len(commits):
            raise HistoryError(f"git cat-file could not look up {self.path} in {len(commits)} commits")
        found = {}
        for sha, answer in zip(commits, answers):
            name, _, kind = answer.partition(" ")
            found[sha] = name if kind == "blob" else None  # "missing", or a folder by that name
        return found


def with_defaults(config: SiteConfig, defaults: Defaults) -> SiteConfig:
    """`config` with these `defaults:` (only those: all else a past version is read by is today's)."""
    return replace(config, defaults=dict(defaults))
