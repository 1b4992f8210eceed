"""record(view) -> Record: the hash-chained list of what one audience can see happen (docs/receipts.md).

A pure function of the redacted view, like measures: it holds nothing the view does not, so
nothing above the audience's tier. Same view, same record, same bytes of record.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.record import chain
from generator.record.entries import Tombstone, entries
from generator.view import AudienceView

FORMAT = "receipts-record/1"
FILE = "record.json"


@dataclass(frozen=True)
class Record:
    entries: tuple[dict | None, ...]  # None: a tombstone (the entry left; its digest stays)
    digests: tuple[str, ...]  # d_1 .. d_N
    heads: tuple[str, ...]  # h_1 .. h_N
    language: str
    timezone: str

    @property
    def length(self) -> int:
        return len(self.digests)

    @property
    def head(self) -> str:
        return self.heads[-1] if self.heads else chain.GENESIS

    def short(self) -> str:
        """The head as people compare it at a glance: "3f9a…c1"."""
        return f"{self.head[:4]}…{self.head[-2:]}"

    def json_bytes(self, pages: dict[str, str] | None = None) -> bytes:
        """record.json: the entries with their digests and chain; `pages` (approval key -> receipt URL,
        outside the chain) lets `receipts verify` find the receipt pages on a site served over HTTP."""
        items = []
        for n, (entry, d, h) in enumerate(zip(self.entries, self.digests, self.heads), start=1):
            item = {"n": n, "digest": d, "chain": h}
            item.update({"entry": entry} if entry is not None else {"withdrawn": True})
            items.append(item)
        document = {"format": FORMAT, "hash": "sha256", "canonical": "RFC 8785", "genesis": chain.GENESIS,
                    "length": self.length, "head": self.head, "language": self.language,
                    "timezone": self.timezone, "receipts": dict(sorted((pages or {}).items())), "entries": items}
        return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def record(view: AudienceView) -> Record:
    """The audience's record: its entries in recorded order, each digested, the digests chained."""
    found = entries(view)
    digests = tuple(e.digest if isinstance(e, Tombstone) else chain.digest(e) for e in found)
    shown = tuple(None if isinstance(e, Tombstone) else e for e in found)
    return Record(shown, digests, tuple(chain.heads(digests)), view.language, view.timezone)
