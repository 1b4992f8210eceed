"""Compressed files and archives in a site: opened by their bytes, whatever their name says.

A gzip named `logo.svgz`, a zip named `deck.docx` or `offer.pdf`, a tar, a
bzip2 or an xz hold their text compressed or packed, where no search of the
raw bytes finds it. So the audit opens them, as the person who downloads
them would, and reads what they hold like any other file (reading.read,
members of members too, to `MAX_DEPTH`), besides the container's own bytes.
What is read of a container:

    gzip, bzip2, xz  every stream, one after the other (bgzip, pbzip2 and
                     xz write several), as one member; zero bytes after
                     the last stream are padding, anything else is not
                     read (a finding); a gzip's file name and comment are
                     in the file's own bytes, read as any binary file's
    zip              each member (Office files too), the archive's comment,
                     each member's name and comment; a zip appended to
                     another file (a PNG or a PDF "polyglot", a zip behind a
                     prefix) is found by its end record (`appended_zip`)
    tar              each regular file (a plain tar, and a tar inside a
                     gzip, bzip2 or xz: told by "ustar" at offset 257), the
                     names of all members, their link targets, owners and
                     pax headers; anything but zeros after the archive's
                     end is not read (a finding), unless it is a zip

What it cannot open is named, and is a finding: an encrypted zip member, a
member or an archive that is damaged, a format it has no reader for (a git
bundle or pack, which would publish a whole history, 7z, RAR, zstd), or a
container nested deeper than it reads.

Members are read one at a time, piece by piece as they are asked for
(`Member`): an archive is never held decompressed all at once. Reading is
bounded per file the site holds: everything decompressed from one file, at
any depth, is at most `RATIO` times its size (and at least `MAX_FILE`, at
most `MAX_TOTAL`), a `Room`; and a member read as text is read up to
`MAX_TEXT` (scan.py), as searching a text costs many times its size.
Ordinary archives stay well under that (text packs 3-10 times, media about
once), while a zip bomb (hundreds of times) is cut off and is a finding.
"""

from __future__ import annotations

import bz2
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator

from generator.audit import encodings
from generator.audit.bounds import MAX_FILE

MAX_DEPTH = 3  # a zip in a zip in a gzip is read; deeper is a finding
RATIO = 20
MAX_TOTAL = 1 << 30  # decompressed bytes from one file of the site, whatever its size
MAX_TEXT = 64 << 20  # bytes of one member read as text (scan.py): more is a finding
_STEP = 1 << 16  # compressed bytes fed at a time
_PIECE = 1 << 20  # decompressed bytes made at a time
_EOCD = b"PK\x05\x06"  # a zip's end of central directory record
_EOCD_WINDOW = (1 << 16) + 22  # where it can be: the last 22 bytes, before a comment of at most 64 KiB

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
_STREAM_MAGIC = {"gzip": b"\x1f\x8b", "bzip2": b"BZh", "xz": b"\xfd7zXZ\x00"}
# What a damaged member or stream raises while it is read.
# What zipfile raises on a directory it cannot read (a damaged or crafted end record).
_ZIP_DIRECTORY_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, IndexError, NotImplementedError)
_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, NotImplementedError, OSError,
           ValueError, EOFError, RuntimeError, KeyError, IndexError)


class Room:
    """Decompressed bytes one file of the site may still give, at any depth."""

    def __init__(self, size: int):
        self.left = min(MAX_TOTAL, max(MAX_FILE, RATIO * size))

    def take(self, count: int) -> None:
        self.left = max(0, self.left - count)


class Member:
    """One member of a container, decompressed piece by piece as it is read, each piece out of the `Room`."""

    def __init__(self, name: str, pieces: Iterator[bytes], room: Room):
        self.name = name
        self._pieces = pieces
        self._room = room
        self._held: list[bytes] = []  # read, not yet given
        self._held_size = 0
        self.ended = False  # all of it was read
        self.cut = False  # the room ran out before its end

    def peek(self, count: int) -> bytes:
        """Its first `count` bytes (fewer if it is shorter), still to be given by `read`."""
        while self._held_size < count and self._pull():
            pass
        return b"".join(self._held)[:count]

    def read(self, limit: int) -> bytes:
        """Up to `limit` bytes; fewer only at its end (`ended`) or where the room ran out (`cut`)."""
        while self._held_size < limit and self._pull():
            pass
        data = b"".join(self._held)
        self._held = [data[limit:]] if len(data) > limit else []
        self._held_size = len(data) - limit if len(data) > limit else 0
        return data[:limit] if len(data) > limit else data

    def _pull(self) -> bool:
        if self.ended or self.cut:
            return False
        piece = next(self._pieces, None)
        if piece is None:
            self.ended = True
            return False
        if len(piece) > self._room.left:
            piece, self.cut = piece[:self._room.left], True
        self._room.take(len(piece))
        self._held.append(piece)
        self._held_size += len(piece)
        return not self.cut


class Opened:
    """A container being read: its members, one at a time; what else it says; what could not be read.

    `texts`, `whole` and `unreadable` are complete once `members` has been gone through.
    """

    def __init__(self) -> None:
        self.members: Iterator[Member] = iter(())
        self.texts: list[str] = []  # member names, comments: text the container shows besides its members
        self.packed: list[list[int]] = []  # [start, end) of each tar member's data
        self.whole = True  # False: damaged, cut short, or more after its end than the audit reads
        self.unreadable: list[str] = []  # what the audit cannot open, said for the finding


def limits() -> str:
    return (f"from a compressed file or archive {RATIO} times its size and at most {MAX_TOTAL >> 30} GiB, "
            f"{MAX_TEXT >> 20} MiB a member read as text, {MAX_DEPTH} levels deep")


def kind(data: bytes) -> str | None:
    """'gzip', 'zip', 'bzip2', 'xz', 'tar', 'unreadable', or None for a file that is not a container."""
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data[:4] in (b"PK\x03\x04", _EOCD, b"PK\x07\x08"):
        return "zip"
    if data.startswith(b"BZh") and data[3:4].isdigit():
        return "bzip2"
    if data.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if any(data.startswith(magic) for magic, _ in _UNREADABLE):
        return "unreadable"
    if data[257:262] == b"ustar":
        return "tar"
    if encodings.unreadable_magic(data) is not None:
        return "unreadable"
    return encodings.sniff(data)  # zlib, LZMA-alone


def own_bytes(data: bytes, opened: Opened) -> bytes:
    """The container's bytes but the data of a tar's regular files, which tarfile says where they are:
    its headers, names, gaps and what follows its end.

    A zip's, a gzip's, a bzip2's and an xz's bytes are all kept: a zip member's recorded size may run
    past the end of its data, and a folder entry may carry data no reader opens, so cutting by what
    the zip says would leave bytes unread; a gzip's header (its file name and comment) is read there.
    Compressed bytes are noise that spells an "address" now and then; the scan counts only known
    addresses in such runs.
    """
    pieces, pos = [], 0
    for start, end in sorted(opened.packed):
        if start > pos:
            pieces.append(data[pos:start])
        pos = max(pos, end)
    pieces.append(data[pos:])
    return b"\0".join(pieces)


def appended_zip(data: bytes) -> bool:
    """Whether a zip ends the bytes: its end record in the last 64 KiB, and a directory zipfile reads."""
    if data.find(_EOCD, max(0, len(data) - _EOCD_WINDOW)) < 0:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return True
    except _ZIP_DIRECTORY_ERRORS:
        return False


def open_container(found: str, data: bytes, name: str, room: Room) -> Opened:
    """The container `data`, of kind `found` (what `kind` says, or 'zip' for a zip `appended_zip` finds)."""
    opened = Opened()
    if found == "unreadable":
        opened.unreadable.append(next((what for magic, what in _UNREADABLE if data.startswith(magic)), None)
                                 or encodings.unreadable_magic(data) or "a container the audit cannot open")
    elif found == "zip":
        opened.members = _zip(data, opened, room)
    elif found == "tar":
        opened.members = _tar(data, opened, room)
    else:
        opened.members = iter([Member(_inner_name(name), _streams(found, data, opened), room)])
    return opened


def _inner_name(name: str) -> str:
    """The name a decompressed stream goes by: `page.html.gz` -> `page.html`, `logo.svgz` -> `logo.svg`."""
    lowered = name.lower()
    for suffix, inner in ((".gz", ""), (".bz2", ""), (".xz", ""), (".svgz", ".svg"), (".tgz", ".tar"),
                          (".tbz2", ".tar"), (".txz", ".tar"), (".zz", ""), (".zlib", ""), (".deflate", ""),
                          (".lzma", "")):
        if lowered.endswith(suffix):
            return name[: -len(suffix)] + inner
    return name


def _pieces(read: Callable[[int], bytes], opened: Opened, what: str) -> Iterator[bytes]:
    """What `read` gives, a piece at a time; a member that fails while read is named as unreadable."""
    try:
        while piece := read(_PIECE):
            yield piece
    except _ERRORS:
        opened.unreadable.append(what)


# gzip, bzip2, xz ---------------------------------------------------------------------------------


def _streams(found: str, data: bytes, opened: Opened) -> Iterator[bytes]:
    """Every stream of the file decompressed, one after the other, as one member."""
    view, pos, magic = memoryview(data), 0, _STREAM_MAGIC.get(found)  # zlib, deflate, lzma: one stream
    while True:
        try:
            pos = yield from _stream(found, view, pos)
        except _ERRORS:
            opened.whole = False  # damaged or cut short: what came before is read
            return
        if magic is not None and data.startswith(magic, pos):
            continue  # the next stream (asked first: counting the zeros of the rest each time is quadratic)
        if data.count(0, pos) != len(data) - pos:  # zero bytes after the last stream are padding, as gzip and
            opened.whole = False                     # xz allow; anything else is not read
        return


def _stream(found: str, view: memoryview, pos: int) -> Generator[bytes, None, int]:
    """One stream from `pos`, decompressed a piece at a time; returns where it ends."""
    decompressor = _decompressor(found)
    idle = 0
    while not decompressor.eof:
        if isinstance(decompressor, (bz2.BZ2Decompressor, lzma.LZMADecompressor)):
            if decompressor.needs_input:
                pos, given = _next_input(view, pos)
                piece = decompressor.decompress(given, _PIECE)
            else:
                piece = decompressor.decompress(b"", _PIECE)
        elif decompressor.unconsumed_tail:  # zlib's decompressor keeps what it did not take
            piece = decompressor.decompress(decompressor.unconsumed_tail, _PIECE)
        else:
            pos, given = _next_input(view, pos)
            piece = decompressor.decompress(given, _PIECE)
        idle = 0 if piece else idle + 1
        if idle > 1000:
            raise EOFError("no progress")
        if piece:
            yield piece
    return pos - len(decompressor.unused_data)


def _decompressor(found: str) -> zlib._Decompress | bz2.BZ2Decompressor | lzma.LZMADecompressor:
    if found == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if found == "bzip2":
        return bz2.BZ2Decompressor()
    if found == "xz":
        return lzma.LZMADecompressor(lzma.FORMAT_XZ)
    return encodings.decompressor(found)


def _next_input(view: memoryview, pos: int) -> tuple[int, memoryview]:
    """(where the input after this piece starts, the piece); the stream ending here is cut short."""
    if pos >= len(view):
        raise EOFError("cut short")
    return min(len(view), pos + _STEP), view[pos:pos + _STEP]


# zip ---------------------------------------------------------------------------------------------


def _zip(data: bytes, opened: Opened, room: Room) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_DIRECTORY_ERRORS:
        opened.unreadable.append("a zip archive whose directory cannot be read")
        return
    opened.texts.append(archive.comment.decode("utf-8", errors="replace"))
    opened.texts += [text for info in infos for text in (info.filename, info.comment.decode("utf-8", "replace"))]
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            opened.unreadable.append(f"an encrypted zip member ({info.filename})")
            continue
        what = f"a zip member the audit cannot read ({info.filename})"
        try:
            handle = archive.open(info)
        except _ERRORS:
            opened.unreadable.append(what)
            continue
        with handle:
            yield Member(info.filename, _pieces(handle.read, opened, what), room)


# tar ---------------------------------------------------------------------------------------------


def _tar(data: bytes, opened: Opened, room: Room) -> Iterator[Member]:
    archive = _open_tar(data)
    if archive is None:
        opened.unreadable.append("a tar archive the audit cannot read")
        return
    with archive:
        while True:
            try:
                info = archive.next()
            except _ERRORS:
                opened.unreadable.append("a tar archive the audit cannot read whole")
                return
            if info is None:
                break
            opened.texts += [info.name, info.linkname, info.uname, info.gname, *info.pax_headers.values()]
            if not info.isreg():
                continue
            opened.packed.append([info.offset_data, min(len(data), info.offset_data + info.size)])
            what = f"a tar member the audit cannot read ({info.name})"
            try:
                handle = archive.extractfile(info)
            except _ERRORS:
                opened.unreadable.append(what)
                continue
            if handle is not None:
                yield Member(info.name, _pieces(handle.read, opened, what), room)
        end = archive.offset  # where reading stopped: the end-of-archive blocks, or a header it cannot read
    if data.count(0, end) == len(data) - end:
        return
    if not appended_zip(data):  # a zip after it is read as a zip (scan.py)
        opened.whole = False  # more after the end than zero blocks


def _open_tar(data: bytes) -> tarfile.TarFile | None:
    try:
        return tarfile.open(fileobj=io.BytesIO(data), mode="r:")
    except _ERRORS:
        return None
