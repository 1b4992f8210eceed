"""Compressed files and archives in a site: opened by their bytes, whatever their name says.

A gzip named `logo.svgz`, a zip named `deck.docx` or `offer.pdf`, a bzip2 or
an xz hold their text compressed, where no search of the raw bytes finds it.
So the audit opens them, as the person who downloads them would, and reads
what they hold like any other file (scan._read, members of members too, to
`MAX_DEPTH`). What it cannot open is named, and is a finding: an encrypted
zip member, a format it has no reader for (a git bundle or pack, which
would publish a whole history, 7z, RAR, zstd), or a container nested deeper
than it reads.

Decompression is bounded per file the site holds: everything decompressed
from one file, at any depth, is at most `RATIO` times its size (and at least
`MAX_FILE`), a `Room`. Ordinary archives stay well under that (text packs
3-10 times, media about once), so a 2 GB zip of films is read whole, while a
zip bomb (hundreds of times) is cut off and is a finding.
"""

from __future__ import annotations

import bz2
import io
import lzma
import zipfile
import zlib
from dataclasses import dataclass, field

from generator.audit.binary_text import MAX_FILE

MAX_DEPTH = 3  # a zip in a zip in a gzip is read; deeper is a finding
RATIO = 20
_STEP = 1 << 16

# Formats the audit cannot read: their first bytes, and what they are.
_UNREADABLE = (
    (b"# v2 git bundle\n", "a git bundle (a whole git history)"),
    (b"# v3 git bundle\n", "a git bundle (a whole git history)"),
    (b"PACK\x00\x00\x00\x02", "a git pack (git objects)"),
    (b"PACK\x00\x00\x00\x03", "a git pack (git objects)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
)


class Room:
    """Decompressed bytes one file of the site may still give, at any depth."""

    def __init__(self, size: int):
        self.left = max(MAX_FILE, RATIO * size)

    def take(self, count: int) -> None:
        self.left = max(0, self.left - count)


@dataclass
class Opened:
    """What a container holds: (name, bytes) of each member, and what could not be read of it."""

    members: list[tuple[str, bytes]] = field(default_factory=list)
    whole: bool = True  # False: the budget ran out, or a member was cut short
    unreadable: list[str] = field(default_factory=list)  # what the audit cannot open, said for the finding


def limits() -> str:
    return f"from a compressed file or archive {RATIO} times its size, {MAX_DEPTH} levels deep"


def kind(data: bytes) -> str | None:
    """'gzip', 'zip', 'bzip2', 'xz', 'unreadable', or None for a file that is not a container."""
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if data.startswith(b"BZh") and data[3:4].isdigit():
        return "bzip2"
    if data.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if any(data.startswith(magic) for magic, _ in _UNREADABLE):
        return "unreadable"
    return None


def open_container(data: bytes, name: str, room: Room) -> Opened:
    """The members of the container `data` (whose `kind` is not None)."""
    found = kind(data)
    if found == "unreadable":
        what = next(what for magic, what in _UNREADABLE if data.startswith(magic))
        return Opened(unreadable=[what])
    if found == "zip":
        return _zip(data, room)
    return _stream(found, data, _inner_name(name), room)


def _inner_name(name: str) -> str:
    """The name a decompressed stream goes by: `page.html.gz` -> `page.html`, `logo.svgz` -> `logo.svg`."""
    lowered = name.lower()
    for suffix, inner in ((".gz", ""), (".bz2", ""), (".xz", ""), (".svgz", ".svg"), (".tgz", ".tar")):
        if lowered.endswith(suffix):
            return name[: -len(suffix)] + inner
    return name


def _stream(found: str, data: bytes, name: str, room: Room) -> Opened:
    left = room.left
    opened = Opened()
    decompressor = {"gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
                    "bzip2": bz2.BZ2Decompressor, "xz": lzma.LZMADecompressor}[found]()
    pieces, size, whole = [], 0, False
    try:
        for start in range(0, len(data), _STEP):
            piece = decompressor.decompress(data[start:start + _STEP], left - size + 1)
            pieces.append(piece)
            size += len(piece)
            if size > left:
                break
            if decompressor.eof:
                whole = start + _STEP >= len(data) and not decompressor.unused_data
                break
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        whole = False
    if found == "gzip":
        whole = whole and not decompressor.unconsumed_tail
    out = b"".join(pieces)[:left]
    room.take(len(out))
    # Cut short, damaged, over the budget, or more than one member (what follows the first is not read).
    opened.whole = whole and size <= left
    opened.members.append((name, out))
    return opened


def _zip(data: bytes, room: Room) -> Opened:
    opened = Opened()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Opened(unreadable=["a zip archive whose directory cannot be read"])
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            opened.unreadable.append(f"an encrypted zip member ({info.filename})")
            continue
        try:
            with archive.open(info) as member:
                content = member.read(room.left + 1)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, zlib.error,
                lzma.LZMAError, RuntimeError):
            opened.unreadable.append(f"a zip member the audit cannot read ({info.filename})")
            continue
        if len(content) > room.left:
            content, opened.whole = content[:room.left], False
        room.take(len(content))
        opened.members.append((info.filename, content))
    return opened
