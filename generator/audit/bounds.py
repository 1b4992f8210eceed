"""What reading one file, and all the files of one site, may cost the audit; what a reader found.

Decompression is bounded: at most `MAX_FILE` decompressed bytes for one file
and `MAX_SITE` for all the files of one site (a `Budget`), and at most
`MAX_STRINGS` PDF strings and content-stream operations read in one file.
A file that holds more is reported as not read whole, so a zip bomb costs
the audit a few megabytes and a finding, never its memory or its time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_FILE = 16 << 20  # decompressed bytes read of one file
MAX_SITE = 128 << 20  # ... of all the files of one site
# PDF strings and content operations read in one file: pypdf parses about 10,000 a second, so a
# million is a few minutes at worst; 16 MiB decompressed bounds the count anyway.
MAX_STRINGS = 2_000_000


class Budget:
    """Decompressed bytes the audit may still make: per file, and for every file of a site."""

    def __init__(self, per_file: int | None = None, per_site: int | None = None):
        self.per_file = MAX_FILE if per_file is None else per_file
        self.left = MAX_SITE if per_site is None else per_site

    def file(self) -> Allowance:
        return Allowance(min(self.per_file, self.left))

    def spend(self, allowance: Allowance) -> None:
        self.left = max(0, self.left - allowance.used)


class Allowance:
    """One file's share of a `Budget`; `exceeded`: something was left unread."""

    def __init__(self, left: int):
        self.left = left
        self.used = 0
        self.strings = MAX_STRINGS
        self.exceeded = False

    def take(self, size: int) -> bool:
        """Spend `size` decompressed bytes; False (and `exceeded`) if there were not that many left."""
        if size > self.left:
            self.exceeded = True
            return False
        self.left -= size
        self.used += size
        return True

    def count(self, items: int = 1) -> bool:
        """Spend `items` strings or operations; False (and `exceeded`) once they run out."""
        if items > self.strings:
            self.strings = 0
            self.exceeded = True
            return False
        self.strings -= items
        return True


@dataclass
class Found:
    """What a reader found in one file: its texts, what it could not open, the files it carries."""

    texts: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # said in a "cannot open" finding
    attached: list[tuple[str, bytes]] = field(default_factory=list)  # (name, bytes): a PDF's attachments


def limits() -> str:
    """What one file may hold for the audit to read it whole (said in its finding when it holds more)."""
    return (f"{MAX_FILE >> 20} MiB decompressed a file, {MAX_SITE >> 20} MiB a site, "
            f"{MAX_STRINGS:,} PDF strings and operations a file")
