"""Reading one file of a built site into texts: its own, its members', what its format keeps.

What is read of a file (scan.py searches each text):

  - a text file (by its name, or bytes without a zero byte): decoded as
    UTF-8, or by its byte-order mark as UTF-16 (or UTF-32);
  - a binary file: the text viewers and metadata tools show of it, read by
    `binary_text` (a PDF with pypdf, an image with Pillow; printable runs;
    docs/gate-formats.md), and the files a PDF carries, as members;
  - a compressed file or an archive (gzip, zip and Office files, tar, bzip2,
    xz; containers.py; zlib, raw deflate, LZMA-alone: encodings.py): its own
    bytes as any binary file's, the names and comments it lists as text, and
    every member, one at a time, as a file of its own, to
    `containers.MAX_DEPTH`; a member read as text up to `containers.MAX_TEXT`;
  - a zip appended to any other file (a PNG or a PDF "polyglot"): as a zip;
  - the parts of an Office file also with the text runs of a paragraph
    joined, so that a word Word split across runs is one word again.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.audit import active, binary_text, containers, encodings

TEXT_SUFFIXES = {".html", ".htm", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".css", ".svg", ".md",
                 ".map", ".yml", ".yaml", ".tsv"}
SNIFF = 8192  # the first bytes, which tell a file's kind, and text from binary
_CHUNK = 16 << 20  # characters of a binary file's text searched at a time (its runs, split between runs)
# Byte-order marks, UTF-32's first (UTF-32-LE's begins with UTF-16-LE's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# Office XML: a text run's text (Word's <w:t>, PowerPoint's <a:t>, Excel's <t>), a break or a tab, the end
# of a paragraph (or of a string, a cell, a comment).
_OFFICE_TEXT = re.compile(r"<(?:[\w.-]+:)?t[\s>]")
_OFFICE_PIECE = re.compile(r"<((?:[\w.-]+:)?(?:t|delText))(?:\s[^<>]*)?>([^<]*)</\1\s*>"
                           r"|<(?:[\w.-]+:)?(?:br|cr|tab|ptab)\b[^<>]*>"
                           r"|</(?:[\w.-]+:)?(?:p|si|is|tc|tr|txBody|comment|text)\s*>")


@dataclass(frozen=True)
class Text:
    """One text read of a file: its own, a member's, what a container lists, an Office part's joined runs."""

    text: str
    main: bool = False  # the file's own text as a browser reads it: its links and comments are checked too
    is_text: bool = False  # read as text, not what `binary_text` reads of a binary file
    runs: bool = False  # printable runs of binary bytes: noise spells an address now and then, so only known
    # addresses (people's) are findings here; hidden text is sought as anywhere else
    browser: str | None = None  # how a browser opens the file's own text, if as a page or XML (active.py)


class Reading:
    """What reading one file of the site found besides its texts (complete once they are all read)."""

    def __init__(self, size: int, budget: binary_text.Budget):
        self.budget = budget
        self.room = containers.Room(size)
        self.whole = True
        self.unreadable: list[str] = []  # what it holds that the audit cannot open (a git bundle...)
        self.members: list[tuple[str, str]] = []  # each member at any depth ("b.png in a.zip"), its SHA-256


def read(name: str, data: bytes, reading: Reading, depth: int = 0, main: bool = True,
          where: str = "") -> Iterator[Text]:
    """The file's texts, one at a time (a container's members are never all in memory at once).

    Compressed files and archives are told by their bytes (a gzip named `.svgz`, a zip named `.docx`)
    and read member by member, each as a file of its own; a zip at the end of any other file too.
    """
    found = containers.kind(data)
    if found is None:
        found, unreadable = encodings.by_name_or_trial(name, data)
        reading.unreadable += [unreadable] if unreadable else []
    if found is None:
        yield from _read_file(name, data, reading, main, depth, where)
    else:
        yield from _read_container(found, name, data, reading, depth, main, where)
    if found in (None, "tar") and containers.appended_zip(data):
        yield from _read_container("zip", name, data, reading, depth, False, where, own_bytes=False)


def _read_file(name: str, data: bytes, reading: Reading, main: bool, depth: int, where: str) -> Iterator[Text]:
    suffix = Path(name).suffix.lower()
    text = _unicode(data, suffix)
    document = text is None and binary_text.is_document(data)  # an image or a PDF by its bytes, whatever its name
    if text is not None or suffix in TEXT_SUFFIXES or (not document and b"\0" not in data[:SNIFF]):
        if text is None:
            text = data.decode("utf-8", errors="replace")
        yield Text(text, main, True, browser=active.browser_kind(name, data[:SNIFF]) if main else None)
        if suffix == ".xml" and (joined := office_joined(text)) is not None:
            yield Text(joined)
        if document:  # a PDF named .txt: read as text, and as the PDF it is
            yield from _fields(data, reading, depth, where)
        return
    yield from _binary(data, reading, depth, where)


def _read_container(found: str, name: str, data: bytes, reading: Reading, depth: int, main: bool, where: str,
                    own_bytes: bool = True) -> Iterator[Text]:
    if depth >= containers.MAX_DEPTH:
        reading.unreadable.append(f"a compressed file or archive nested {depth + 1} deep")
        if own_bytes:
            yield from _binary(data, reading, depth, where)
        return
    opened = containers.open_container(found, data, name, reading.room)
    single = found in ("gzip", "bzip2", "xz", "zlib", "deflate", "lzma")  # one member: the file, compressed
    for member in opened.members:
        yield from _read_member(member, reading, depth + 1, main and single,
                                f"{member.name} in {where}" if where else member.name)
    reading.whole = reading.whole and opened.whole
    reading.unreadable += opened.unreadable
    listed = "\n|\n".join(text for text in opened.texts if text)  # names apart: no phrase runs across two
    if listed:
        yield Text(listed)
    if own_bytes:  # as any binary file's: member names and comments, a gzip's name, text after its end
        yield from _binary(containers.own_bytes(data, opened), reading, depth, where)


def _binary(data: bytes, reading: Reading, depth: int, where: str) -> Iterator[Text]:
    """What `binary_text` reads of a binary file: its fields whole, its printable runs in chunks."""
    yield from _fields(data, reading, depth, where)
    yield from _binary_texts(binary_text.runs(data))


def _fields(data: bytes, reading: Reading, depth: int, where: str) -> Iterator[Text]:
    """The text a binary file's format keeps (metadata, PDF strings and pages), and the files a PDF
    carries, each read as a member of a container."""
    found, whole = binary_text.read_apart(data, reading.budget)
    reading.whole = reading.whole and whole
    reading.unreadable += found.unreadable
    if found.texts:
        yield Text("\n".join(found.texts))
    for name, attached in found.attached:
        if depth + 1 >= containers.MAX_DEPTH:
            reading.unreadable.append(f"a file attached to a PDF nested {depth + 2} deep")
            continue
        inner = f"{name} in {where}" if where else name
        reading.members.append((inner, hashlib.sha256(attached).hexdigest()))
        yield from read(name, attached, reading, depth + 1, False, inner)


def _read_member(member: containers.Member, reading: Reading, depth: int, main: bool,
                 where: str) -> Iterator[Text]:
    """A member, read whole (as far as the room goes); one read as text, up to `containers.MAX_TEXT`."""
    head = member.peek(SNIFF)
    if containers.kind(head) is None and _textual(member.name, head):
        data = member.read(containers.MAX_TEXT + 1)
        if len(data) > containers.MAX_TEXT:
            data, reading.whole = data[:containers.MAX_TEXT], False
    else:
        data = member.read(sys.maxsize)
    if member.cut:
        reading.whole = False
    reading.members.append((where, hashlib.sha256(data).hexdigest()))
    yield from read(member.name, data, reading, depth, main, where)


def _textual(name: str, head: bytes) -> bool:
    """Whether a file whose first bytes are `head` is read as text (as `_read_file` tells)."""
    suffix = Path(name).suffix.lower()
    return (suffix in TEXT_SUFFIXES or _unicode(head, suffix) is not None
            or (not binary_text.is_document(head) and b"\0" not in head[:SNIFF]))


def _unicode(data: bytes, suffix: str) -> str | None:
    """A text in UTF-16 or UTF-32 by its byte-order mark, decoded (None: no mark, or binary bytes after it)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if suffix not in TEXT_SUFFIXES:  # a binary file may start with these bytes: its first text must read
                sample = data[len(bom):len(bom) + SNIFF].decode(codec, errors="replace")
                if _NOT_TEXT.search(sample[:-1]):
                    return None
            return data[len(bom):].decode(codec, errors="replace")
    return None


def office_joined(text: str) -> str | None:
    """An Office part's text with the runs of each paragraph joined (None: no text runs in it)."""
    if not _OFFICE_TEXT.search(text):
        return None
    return "".join(m.group(2) if m.group(2) is not None else " " for m in _OFFICE_PIECE.finditer(text))


def _binary_texts(text: str) -> Iterator[Text]:
    """The text of a binary file in chunks split between lines (its runs), so a huge one costs a chunk's worth."""
    start = 0
    while len(text) - start > _CHUNK:
        cut = text.rfind("\n", start, start + _CHUNK)
        cut = start + _CHUNK if cut <= start else cut
        yield Text(text[start:cut], runs=True)
        start = cut
    yield Text(text[start:] if start else text, runs=True)
