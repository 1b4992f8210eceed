"""The text of a PDF, read with pypdf: everything a hidden phrase can live in.

    every object   each string and name of every object the file's cross-
                   reference lists (reachable or not): document info,
                   annotations and their popups, form fields and values,
                   outlines (bookmarks), named destinations, page labels,
                   attachments' names and descriptions, marked content
    every stream   decoded by pypdf (Flate, LZW, RunLength, ASCIIHex,
                   ASCII85, predictors); page and form content read for the
                   strings it shows (a TJ array's pieces joined as shown),
                   XMP and other XML as UTF-8, a binary stream for its
                   printable runs; images and font programs are skipped
    every page     its text as pypdf extracts it, fonts' ToUnicode maps and
                   encodings applied (Word's and Chrome's glyph ids)
    attachments    embedded files, handed back to be read like the members
                   of an archive (a PDF in a PDF, a zip in a PDF)

What pypdf cannot open (a damaged file, an encrypted one that needs a
password, a stream whose filter it lacks, a page it cannot read) is said,
for a "cannot open" finding. Decompression is bounded by the file's
allowance (bounds.py), strings and operations by `MAX_STRINGS`.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdf
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
    read_object,
)

from generator.audit import bounds, printable

# Streams that are no text: images (pixels), font programs (glyphs), cross-reference streams (offsets).
_SKIPPED_SUBTYPES = {"/Image", "/Type1C", "/CIDFontType0C", "/OpenType"}
_FONT_PROGRAM_KEYS = ("/Length1", "/Length2", "/Length3")
_SKIPPED_TYPES = {"/XRef"}
_PLAIN_TYPES = {"/Metadata"}  # XMP: XML in UTF-8, not PDF syntax
_SPACE = -100  # a TJ shift of a tenth of an em or more (leftwards) is a space between words
_PRINTABLE = bytes(range(0x20, 0x7F)) + b"\t\r\n\f"


class _Refused(Exception):
    """Something in the file pypdf cannot open: `str()` says what, for the finding."""


def read(data: bytes, allowance: bounds.Allowance, found: bounds.Found) -> None:
    """Add the PDF's texts, what could not be opened, and its attachments to `found`."""
    try:
        with pypdf.apply_configuration(_limits(allowance.left)), _repairs() as repairs:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _decrypted(reader):
                found.unreadable.append("an encrypted PDF that needs a password")
                return
            _read_objects(reader, allowance, found)
            _read_attachments(reader, found)
            if not allowance.exceeded:  # a finding already: its pages would cost the time bounded here
                _read_pages(reader, found, allowance)
        if repairs:
            found.unreadable.append(f"a damaged PDF, which pypdf reads only by repairing it ({len(repairs)} "
                                    "repairs; saving it again from the program that made it mends it)")
    except LimitReachedError:  # pypdf decompressed what was left before it stopped: all of it is spent
        allowance.take(allowance.left)
        allowance.exceeded = True
    except _Refused as refused:
        found.unreadable.append(str(refused))
    except Exception as error:  # noqa: BLE001 - hostile bytes make pypdf raise anything; never pass them
        found.unreadable.append(f"a PDF that pypdf cannot read ({type(error).__name__})")


@contextmanager
def _repairs() -> Iterator[list[str]]:
    """What pypdf warns of while it reads (in this thread): each a damage it worked around (an object
    that is not where the file says, one that is not there), so what a viewer shows is a guess."""
    said: list[str] = []
    handler = _Said(said, threading.get_ident())
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield said
    finally:
        logger.removeHandler(handler)


class _Said(logging.Handler):
    def __init__(self, said: list[str], thread: int):
        super().__init__(logging.WARNING)
        self.said, self.thread = said, thread

    def emit(self, record: logging.LogRecord) -> None:
        # its words may quote the file: counted, never said in a finding
        if record.thread == self.thread and not getattr(_scanning, "on", False):
            self.said.append(record.levelname)


# Set while the gate steps through an object stream byte by byte (_stored_objects): pypdf's complaints
# about the half-tokens it is handed there are the scan's own doing, not damage to the file.
_scanning = threading.local()


def _limits(left: int) -> pypdf.Configuration:
    """pypdf's own bounds, set to what the file may still decompress: one byte more, so that a stream of
    exactly what is left is read whole (and zero would mean no bound)."""
    left += 1
    return pypdf.get_configuration().with_overwrites(
        zlib_maximum_output_length=left, lzw_maximum_output_length=left,
        run_length_maximum_output_length=left, array_based_stream_maximum_output_length=left,
        brotli_maximum_output_length=left, jbig2_maximum_output_length=left,
        stream_decoding_work_maximum_length=4 * left + (1 << 20))


def _decrypted(reader: pypdf.PdfReader) -> bool:
    """An encrypted PDF that opens without a password (one with an owner password only) opens in any
    viewer, so it is read like any other; one that asks for a password cannot be."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an unknown handler, a missing cipher: not readable
        return False


def _read_objects(reader: pypdf.PdfReader, allowance: bounds.Allowance, found: bounds.Found) -> None:
    """Every object the cross-reference lists, and the trailer: strings, names, streams."""
    numbers = {(number, generation) for generation, table in reader.xref.items() for number in table}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    found.texts.append(_strings(reader.trailer, allowance))
    contents = _page_contents(reader)
    for number, generation in sorted(numbers):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is None:
            continue
        found.texts.append(_strings(obj, allowance))
        if isinstance(obj, StreamObject):
            _read_stream(obj, number, number in contents, allowance, found)
        if allowance.exceeded:
            return


def _page_contents(reader: pypdf.PdfReader) -> set[int]:
    """The objects that are pages' content: PDF syntax, whatever bytes its strings hold (UTF-16)."""
    numbers = set()
    for page in reader.pages:
        contents = dict.get(page, "/Contents")
        for ref in contents if isinstance(contents, ArrayObject) else [contents]:
            if isinstance(ref, IndirectObject):
                numbers.add(ref.idnum)
    return numbers


def _strings(obj: object, allowance: bounds.Allowance | None) -> str:
    """The strings, names and keys of a direct object (a dictionary's, an array's, nested), as text;
    each counted against `allowance` (content operands are counted by their operation instead)."""
    texts, pending = [], [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):  # a stream's dictionary too
            pending += list(dict.keys(item)) + list(dict.values(item))
        elif isinstance(item, ArrayObject):
            pending += list.__iter__(item)
        elif isinstance(item, (TextStringObject, NameObject, ByteStringObject)):
            if allowance is not None and not allowance.count():
                break
            texts.append(_text(item))
    return "\n".join(texts)


def _text(item: object) -> str:
    if isinstance(item, ByteStringObject):  # bytes no encoding was told for: PDFDocEncoding is about Latin-1
        return bytes(item).decode("latin-1")
    if isinstance(item, NameObject):
        return str(item)[1:]
    return str(item)


def _read_stream(stream: StreamObject, number: int, content: bool, allowance: bounds.Allowance,
                 found: bounds.Found) -> None:
    """A stream decoded: attachments handed back, XML read as text, content for the strings it shows."""
    if (stream.get("/Subtype") in _SKIPPED_SUBTYPES or stream.get("/Type") in _SKIPPED_TYPES
            or any(key in stream for key in _FONT_PROGRAM_KEYS)):
        return
    try:
        data = stream.get_data()
    except LimitReachedError:
        raise
    except Exception as error:  # noqa: BLE001 - a filter pypdf lacks (Crypt), a damaged stream
        raise _Refused(f"a PDF stream that pypdf cannot decode (object {number}: {type(error).__name__})") from error
    if not allowance.take(len(data)):
        raise LimitReachedError("the file's allowance")
    kind = stream.get("/Type")
    if kind == "/EmbeddedFile":
        found.attached.append((f"attachment {number}", data))
    elif content or stream.get("/Subtype") == "/Form":  # a page's or a form's content
        found.texts.append(_shown(stream, data, allowance))
    elif not _textlike(data):  # a profile, a binary object: its printable runs, unless stored as they are
        found.texts.append(printable.runs(data) if "/Filter" in stream else "")
    elif kind in _PLAIN_TYPES or stream.get("/Subtype") == "/XML":
        found.texts.append(data.decode("utf-8", errors="replace"))
    elif kind == "/ObjStm":  # objects pypdf reads where the cross-reference lists them; these are all of them
        found.texts.append(_stored_objects(data, allowance))
    else:
        found.texts.append(_shown(stream, data, allowance))


def _textlike(data: bytes) -> bool:
    """Whether the bytes read as text (page content, a CMap, XMP), not as binary data."""
    sample = data[:4096]
    return len(sample.translate(None, _PRINTABLE)) <= len(sample) // 4


def _stored_objects(data: bytes, allowance: bounds.Allowance) -> str:
    """The strings of every object an object stream holds, listed by the cross-reference or not."""
    _scanning.on = True
    try:
        texts = _scanned_objects(io.BytesIO(data), len(data), allowance)
    finally:
        _scanning.on = False
    return "\n".join(text for text in texts if text)


def _scanned_objects(source: io.BytesIO, size: int, allowance: bounds.Allowance) -> list[str]:
    texts: list[str] = []
    while source.tell() < size and allowance.count():
        start = source.tell()
        try:
            texts.append(_strings(read_object(source, None), allowance))
        except Exception:  # noqa: BLE001 - not an object here: step past the byte
            source.seek(start + 1)
        if source.tell() <= start:
            source.seek(start + 1)
    return texts


def _shown(stream: StreamObject, data: bytes, allowance: bounds.Allowance) -> str:
    """The strings a content stream shows, and those in its operands (marked content's /ActualText).

    A stream that is not content (JavaScript, a CMap pypdf will not parse) is read as its text.
    """
    try:
        operations = ContentStream(stream, None).operations
    except LimitReachedError as limit:  # a token too long to be PDF syntax, or more tokens than pypdf parses
        allowance.exceeded = allowance.exceeded or "maximum allowed length" not in str(limit)
        return data.decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - not PDF syntax: read as text
        return data.decode("utf-8", errors="replace")
    texts = []
    for operands, operator in operations:
        if not allowance.count():
            break
        if operator == b"TJ" and operands and isinstance(operands[0], ArrayObject):
            texts.append(_joined(operands[0]))
        elif operands:  # Tj, ' and ", and marked content's properties
            texts.append(_strings(ArrayObject(operands), None))
    return "\n".join(text for text in texts if text)


def _joined(array: ArrayObject) -> str:
    """A TJ array's pieces as shown: a small shift is kerning inside a word, a wide one a space."""
    pieces = []
    for item in array:
        if isinstance(item, (NumberObject, FloatObject)):
            if float(item) <= _SPACE:
                pieces.append(" ")
        elif isinstance(item, (TextStringObject, ByteStringObject)):
            pieces.append(_text(item))
    return "".join(pieces)


def _read_attachments(reader: pypdf.PdfReader, found: bounds.Found) -> None:
    """Files the document lists as attached whose stream does not say it is one (its /Type is optional)."""
    have = {id(data) for _, data in found.attached} | {hash(data) for _, data in found.attached}
    for index, attachment in enumerate(reader.attachment_list, 1):
        data = attachment.content  # decoded once already, by the walk over every object
        if id(data) not in have and hash(data) not in have:
            found.attached.append((f"attachment {attachment.name or index}", data))
            have.add(hash(data))


def _read_pages(reader: pypdf.PdfReader, found: bounds.Found, allowance: bounds.Allowance) -> None:
    """Each page's text as pypdf extracts it (through its fonts' maps); a page it cannot read is said."""
    for index, page in enumerate(reader.pages, 1):
        try:
            found.texts.append(page.extract_text())
        except LimitReachedError:
            allowance.exceeded = True
            return
        except Exception as error:  # noqa: BLE001 - a damaged page: what it shows is not known
            raise _Refused(f"a PDF page that pypdf cannot read (page {index}: {type(error).__name__})") from error
