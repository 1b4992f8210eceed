"""--since: an earlier record (a saved record.json, "LENGTH:HEX" or HEX) must be a prefix of this one."""

from __future__ import annotations

import re
from pathlib import Path

from generator.verify.record_file import Loaded, heads_of, parse
from generator.verify.source import Unusable

_HEAD = re.compile(r"(?:(\d+):)?([0-9a-fA-F]{64})")


def since_findings(earlier: str, now: Loaded) -> list[str]:
    """What makes `earlier` not a prefix of `now`: the first entry that differs, or a head not in the chain."""
    matched = _HEAD.fullmatch(earlier.strip())
    if matched and not Path(earlier).is_file():
        return _head_findings(int(matched[1]) if matched[1] else None, matched[2].lower(), now)
    if not Path(earlier).is_file():
        raise Unusable(f"--since {earlier}: not a saved record.json nor a head (HEX, or LENGTH:HEX, 64 hex digits)")
    return _record_findings(parse(Path(earlier).read_bytes(), earlier), now)


def _head_findings(length: int | None, head: str, now: Loaded) -> list[str]:
    heads = heads_of(now)
    if length is not None:
        if length > len(heads):
            return [f"--since: the earlier record had {length} entries; this one has only {len(heads)}"]
        if length and heads[length - 1] != head:
            return [f"--since: entry {length} of this record does not chain to {head[:12]}…: "
                    f"the first {length} entries are not those seen before"]
        return []
    if head not in heads:
        return [f"--since: head {head[:12]}… is nowhere in this record's chain: what was seen before was rewritten "
                "(give the saved record.json to find the entry)"]
    return []


def _record_findings(before: Loaded, now: Loaded) -> list[str]:
    for n, (old, new) in enumerate(zip(before.digests, now.digests), start=1):
        if old != new:
            return [f"--since: entry {n} differs from the earlier record: this record is not an extension of it "
                    f"({_what(before.entries[n - 1])} then, {_what(now.entries[n - 1])} now)"]
    if len(before.digests) > len(now.digests):
        return [f"--since: the earlier record had {len(before.digests)} entries; this one has only "
                f"{len(now.digests)}"]
    return []


def _what(entry: dict | None) -> str:
    if entry is None:
        return "withdrawn"
    return " ".join(str(entry.get(k)) for k in ("kind", "campaign", "approval", "decision", "entry", "step")
                    if entry.get(k) is not None)
