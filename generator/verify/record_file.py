"""record.json read back and its chain recomputed: the digests from the entries, the heads from the digests."""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.record import FILE, FORMAT, chain
from generator.verify.source import Unusable


@dataclass(frozen=True)
class Loaded:
    entries: tuple[dict | None, ...]  # None: a tombstone
    digests: tuple[str, ...]  # as the file states them
    head: str
    length: int
    language: str
    timezone: str
    receipts: dict[str, str]


def parse(raw: bytes | None, where: str) -> Loaded:
    """A record.json, or Unusable naming what is wrong with it."""
    if raw is None:
        raise Unusable(f"{where}: no {FILE}; expected a site built by receipts 18 or later")
    try:
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError(f"format is {doc.get('format')!r}, expected {FORMAT!r}")
        items = doc["entries"]
        entries = tuple(None if item.get("withdrawn") else dict(item["entry"]) for item in items)
        digests = tuple(str(item["digest"]) for item in items)
        return Loaded(entries, digests, str(doc["head"]), int(doc["length"]), str(doc["language"]),
                      str(doc["timezone"]), {str(k): str(v) for k, v in doc.get("receipts", {}).items()})
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unusable(f"{where}: not a record.json this version reads ({exc})") from None


def chain_findings(loaded: Loaded, name: str) -> list[str]:
    """Each entry whose content does not give its digest; a head or length that does not follow."""
    found = []
    for n, (entry, stated) in enumerate(zip(loaded.entries, loaded.digests), start=1):
        if entry is not None and chain.digest(entry) != stated:
            found.append(f"{name}: entry {n}: its content does not give its digest (edited after it was chained)")
        elif len(stated) != 64 or any(ch not in "0123456789abcdef" for ch in stated):
            found.append(f"{name}: entry {n}: its digest is not 64 lowercase hex digits")
            return found
    heads = chain.heads(loaded.digests)
    computed = heads[-1] if heads else chain.GENESIS
    if loaded.length != len(loaded.digests):
        found.append(f"{name}: states {loaded.length} entries but holds {len(loaded.digests)}")
    if loaded.head != computed:
        found.append(f"{name}: states head {loaded.head[:12]}… but its entries chain to {computed[:12]}…")
    return found


def heads_of(loaded: Loaded) -> list[str]:
    return chain.heads(loaded.digests)
