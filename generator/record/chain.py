"""The record's chain: each entry in canonical JSON (RFC 8785), hashed, and the hashes chained.

    d_n = SHA-256(JCS(entry_n))              the entry's digest (a tombstone keeps it, without the entry)
    h_0 = 32 zero bytes                      (64 zeros in hex)
    h_n = SHA-256(h_{n-1} || d_n)            raw 32-byte values, concatenated
    head = h_N, length = N

Chaining digests rather than entries lets an entry leave (a tombstone) while the chain still
verifies: the tombstone carries d_n. docs/receipts.md says the same for a client's own checker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from generator.canonical import canonical, digest

GENESIS = "0" * 64
__all__ = ["GENESIS", "canonical", "digest", "heads", "link"]


def link(previous: str, entry_digest: str) -> str:
    """h_n from h_{n-1} and d_n, both hex."""
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(entry_digest)).hexdigest()


def heads(digests: Iterable[str]) -> list[str]:
    """h_1 .. h_N for the digests d_1 .. d_N."""
    found, head = [], GENESIS
    for d in digests:
        head = link(head, d)
        found.append(head)
    return found
