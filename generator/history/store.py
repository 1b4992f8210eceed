"""The past versions of campaign files a walk compares, read as it reaches them and let go after.

A walk plans every version it will compare (`plan`): one `git cat-file`
process streams them in the order the walk needs them, and each is parsed
when the walk first asks for it. Once the walk has passed the last commit
that reads a version and no file state still holds it as its last good
version, the parsed campaign is dropped (`let_go`): a long history never
holds all its versions at once. A version asked for again after that (a
revert to old content, a merge reaching back) is read again on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.history.defaults import Defaults, with_defaults
from generator.history.log import iter_blobs
from generator.history.versions import CampaignVersions
from generator.model import Campaign, SiteConfig

Version = tuple[Campaign | None, str | None]  # (the campaign, None) or (None, why it does not read)
Reads = dict[str, list[tuple[str, Defaults]]]  # blob -> (path, defaults) it is read as, in the walk's order


class VersionStore:
    def __init__(self, repo, config: SiteConfig):
        self.repo = repo
        self.config = config
        self.readers: dict[Defaults, CampaignVersions] = {}
        self.parsed: dict[tuple[str, str, Defaults], Version] = {}
        self._reads: Reads = {}
        self._stream: Iterator[tuple[str, bytes]] | None = None
        self._last_use: dict[str, int] = {}  # blob -> the position of the last commit that reads it

    def plan(self, reads: Reads, last_use: dict[str, int]) -> None:
        """The versions the walk will ask for, in the order it will ask."""
        self.close()
        self._reads, self._last_use = reads, last_use
        self._stream = iter_blobs(self.repo, list(reads))

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()  # type: ignore[attr-defined]  # a generator: stops its git process
            self._stream = None

    def get(self, blob: str, path: str, defaults: Defaults) -> Version:
        key = (blob, path, defaults)
        found = self.parsed.get(key)
        if found is None:
            self._pull(blob)
            found = self.parsed.get(key)
        if found is None:  # not planned, or let go since: read on its own
            for got, data in iter_blobs(self.repo, [blob]):
                self._take(got, data, [(path, defaults)])
            found = self.parsed[key]
        return found

    def let_go(self, position: int, kept: Iterable[tuple[str | None, str | None]]) -> None:
        """Drops the versions no commit after `position` reads and no file state in `kept` holds."""
        held = set(kept)
        last_use = self._last_use
        for key in [key for key in self.parsed if (key[0], key[1]) not in held
                    and last_use.get(key[0], -1) <= position]:
            del self.parsed[key]

    def _pull(self, blob: str) -> None:
        """Reads the stream up to `blob`, when it is still ahead."""
        if self._stream is None or blob not in self._reads:
            return
        for got, data in self._stream:
            self._take(got, data, self._reads.pop(got))
            if got == blob:
                return
        self._stream = None

    def _take(self, blob: str, data: bytes, reads: list[tuple[str, Defaults]]) -> None:
        for path, defaults in dict.fromkeys(reads):
            if (blob, path, defaults) not in self.parsed:
                self.parsed[(blob, path, defaults)] = self._reader(defaults).read(data, path)

    def _reader(self, defaults: Defaults) -> CampaignVersions:
        found = self.readers.get(defaults)
        if found is None:
            found = self.readers[defaults] = CampaignVersions(with_defaults(self.config, defaults))
        return found
