"""The text of a binary file (an image, a PDF) as a viewer or a metadata tool shows it.

A file's kind is told by its first bytes, never by its name (a name can
lie). Every binary file gives its printable runs (ASCII, and ASCII in UTF-16
of either byte order), its XMP packets read as UTF-8, and the text fields of
its EXIF directories (UTF-8; Windows' XP* tags and UserComment in UTF-16),
wherever the format keeps them (JPEG, WebP, TIFF, a PNG's eXIf). Then, by kind:

    PNG   tEXt, zTXt (inflated) and iTXt (inflated or not, UTF-8) chunks
    PDF   literal and hex strings, UTF-16 (with its byte-order mark) included,
          outside streams and inside them; streams inflated (FlateDecode,
          after ASCIIHex/ASCII85), except images and font programs; a page's
          text shown in pieces (`[(Bud) -20 (get)] TJ`) is read joined; text
          in fonts with a ToUnicode map (Word's, Chrome's: glyph ids under
          Identity-H, or a simple font's own encoding) read through that map

Decompression is bounded: at most `MAX_FILE` decompressed bytes for one file
and `MAX_SITE` for all the files of one site (a `Budget`). A file whose
compressed parts hold more is reported as not read whole, so a zip bomb
costs the audit a few megabytes and a finding, never its memory or its
time. A chunk or stream that is malformed or cut short is skipped.
"""

from __future__ import annotations

import base64
import bisect
import re
import struct
import zlib
from collections.abc import Callable, Iterator

MAX_FILE = 16 << 20  # decompressed bytes read of one file
MAX_SITE = 128 << 20  # ... of all the files of one site
_INFLATE_STEP = 1 << 16  # compressed bytes fed at a time: what came before a damaged part is kept

_PNG = b"\x89PNG\r\n\x1a\n"
_PDF = b"%PDF-"  # within the first 1,024 bytes, as readers accept it

_ASCII_RUN = re.compile(rb"[\x20-\x7e\t\r\n]{6,}")
# A UTF-16 code unit of printable ASCII: its low byte, and a zero. Not Latin-1 letters too: in
# 16-bit samples (sound, a scan) they make long runs of noise, and e-mail addresses of it. Text
# outside ASCII is read where formats say it is text: EXIF, XMP, PNG chunks, PDF strings.
# Starting at a zero byte lets the search jump from zero byte to zero byte (fast); a little-endian
# run's first character is the byte before that zero, taken back below.
_UNIT = rb"[\t\n\r\x20-\x7e]"
_UTF16_RUN = re.compile(rb"\x00(?:" + _UNIT + rb"\x00){5,}" + _UNIT + rb"?")
_XMP = re.compile(rb"<(?:x:xmpmeta|rdf:RDF)\b")
_XMP_END = re.compile(rb"</(?:x:xmpmeta|rdf:RDF)>")
MAX_XMP = 4 << 20
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]+")
_TEXTLIKE = bytes(range(0x20, 0x7f)) + b"\t\r\n\f"


class Budget:
    """Decompressed bytes the audit may still make: per file, and for every file of a site."""

    def __init__(self, per_file: int | None = None, per_site: int | None = None):
        self.per_file = MAX_FILE if per_file is None else per_file
        self.left = MAX_SITE if per_site is None else per_site

    def file(self) -> _Allowance:
        return _Allowance(min(self.per_file, self.left))

    def spend(self, allowance: _Allowance) -> None:
        self.left = max(0, self.left - allowance.used)


class _Allowance:
    """One file's share of a `Budget` (and its PDF strings to decode); `exceeded`: something was left unread."""

    def __init__(self, left: int):
        self.left = left
        self.used = 0
        self.strings = MAX_STRINGS
        self.shown = MAX_STRINGS  # ... and strings (and text operations) read again through a font's map
        self.exceeded = False

    def inflate(self, data: bytes) -> bytes | None:
        """zlib data inflated, at most what is left (None: not zlib data).

        Read as a viewer reads it: a stream cut short or damaged gives what
        came before the damage, and a wrong checksum is no reason to skip it.
        """
        if len(data) < 2 or data[0] & 0x0F != 8 or data[1] & 0x20 or ((data[0] << 8) | data[1]) % 31:
            return None  # not a zlib header (or one asking for a preset dictionary)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        pieces, size = [], 0
        for start in range(2, len(data), _INFLATE_STEP):
            try:  # one byte over what is left tells that there was more
                piece = inflater.decompress(data[start:start + _INFLATE_STEP], self.left - size + 1)
            except zlib.error:
                break
            pieces.append(piece)
            size += len(piece)
            if size > self.left:
                self.exceeded = True
                break
            if inflater.eof:
                break
        out = b"".join(pieces)[:self.left]
        self.left -= len(out)
        self.used += len(out)
        return out


def read(data: bytes, budget: Budget | None = None) -> tuple[str, bool]:
    """The file's text, and whether all of it was read (False: the budget ran out)."""
    found, fields, whole = read_apart(data, budget)
    return "\n".join(part for part in (found, fields) if part), whole


def read_apart(data: bytes, budget: Budget | None = None) -> tuple[str, str, bool]:
    """(the printable runs of the raw bytes, the text its format keeps in fields: metadata, chunks, PDF
    strings), and whether all was read. Runs of compressed or random bytes spell words now and then
    (an "e-mail address" every 20 MB or so of a video); fields are text someone wrote."""
    budget = budget or Budget()
    allowance = budget.file()
    fields = [_xmp(data), *_exif(data)]
    reader = _reader(data)
    if reader is not None:
        fields.extend(reader(data, allowance))
    budget.spend(allowance)
    return runs(data), "\n".join(part for part in fields if part), not allowance.exceeded


def limits() -> str:
    """What one file may hold for the audit to read it whole (said in its finding when it holds more)."""
    return (f"{MAX_FILE >> 20} MiB decompressed a file, {MAX_SITE >> 20} MiB a site, "
            f"{MAX_STRINGS:,} PDF strings a file")


def is_document(data: bytes) -> bool:
    """Whether the bytes are of a kind with its own reader (whatever the file's name)."""
    return _reader(data) is not None


def _reader(data: bytes) -> Callable[[bytes, _Allowance], list[str]] | None:
    if data.startswith(_PNG):
        return _png
    if data.find(_PDF, 0, 1024) >= 0:
        return _pdf
    return None


def runs(data: bytes) -> str:
    """Printable runs of six characters or more: ASCII, then UTF-16 (LE or BE)."""
    parts = [run.decode("ascii") for run in _ASCII_RUN.findall(data)]
    data = _squeeze_zeros(data)
    for match in _UTF16_RUN.finditer(data):
        run = match.group()
        last = run[-1:] if len(run) % 2 == 0 else b""  # a character after the last zero: big-endian's last
        core = run[:len(run) - len(last)].replace(b"\x00", b"").decode("latin-1")
        parts.append(core)
        # Where the run starts and ends is a guess: "UNICODE\0" + "R\0é\0" is "Ré" little-endian and
        # "E\0R\0é" little-endian too. Both readings are kept: the one with the character before the
        # first zero (little-endian's first), the one with the character after the last (big-endian's).
        before = data[match.start() - 1] if match.start() else 0
        if 0x20 <= before <= 0x7E:
            parts.append(chr(before) + core)
        if last:
            parts.append(core + last.decode("latin-1"))
    return "\n".join(parts)


def _squeeze_zeros(data: bytes) -> bytes:
    """Long runs of zero bytes made two long (no UTF-16 run holds two): the search stops at every zero."""
    if data.count(0) <= len(data) // 16:
        return data
    for block in (bytes(256), bytes(16), bytes(4)):
        while block in data:
            data = data.replace(block, b"\0\0")
    return data


def _xmp(data: bytes) -> str:
    """XMP packets (XML in UTF-8, wherever a format keeps them), decoded whole."""
    packets, pos = [], 0
    while (start := _XMP.search(data, pos)) is not None:
        end = _XMP_END.search(data, start.end(), start.start() + MAX_XMP)
        pos = end.end() if end else min(len(data), start.start() + MAX_XMP)
        packets.append(_clean(data[start.start():pos].decode("utf-8", errors="replace")))
    return "\n".join(packets)


# EXIF -------------------------------------------------------------------------------------------

_TIFF = re.compile(rb"II\*\x00|MM\x00\*")  # a TIFF header: EXIF in a JPEG, a WebP, a PNG's eXIf, a TIFF
MAX_TIFFS = 32  # TIFF headers tried in one file
_SUBDIRECTORIES = {0x8769, 0x8825, 0xA005}  # the Exif, GPS and interoperability directories
_XP_TAGS = range(0x9C9B, 0x9CA0)  # Windows' XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE
_USER_COMMENT = 0x9286
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}


def _exif(data: bytes) -> list[str]:
    """The text fields of every EXIF directory, decoded (UTF-8, UTF-16), wherever a format keeps them."""
    found: list[str] = []
    for count, header in enumerate(_TIFF.finditer(data)):
        if count == MAX_TIFFS:
            break
        try:
            found += _tiff_texts(data, header.start())
        except struct.error:  # a directory or a value past the end of the file: what came before it stays
            continue
    return [_clean(text) for text in found]


def _tiff_texts(data: bytes, base: int) -> list[str]:
    order = "<" if data[base] == 0x49 else ">"
    texts: list[str] = []
    pending, seen = [struct.unpack_from(order + "I", data, base + 4)[0]], set()
    while pending and len(seen) < 16:
        directory = pending.pop()
        if directory < 8 or directory in seen:
            continue
        seen.add(directory)
        at = base + directory
        count = struct.unpack_from(order + "H", data, at)[0]
        for entry in range(at + 2, at + 2 + 12 * min(count, 512), 12):
            tag, kind, number, value = struct.unpack_from(order + "HHII", data, entry)
            if tag in _SUBDIRECTORIES:
                pending.append(value)
                continue
            size = _TYPE_SIZES.get(kind, 0) * number
            if kind not in (1, 2, 7) or not size:
                continue  # numbers; or bytes no reader shows as text (a maker note)
            start = entry + 8 if size <= 4 else base + value
            raw = data[start:start + size]
            if tag in _XP_TAGS:
                texts.append(raw.decode("utf-16-le", errors="replace"))
            elif tag == _USER_COMMENT:
                texts.append(_user_comment(raw, order))
            elif kind == 2:
                texts.append(_utf8_or_latin1(raw))
        if count <= 512:
            pending.append(struct.unpack_from(order + "I", data, at + 2 + 12 * count)[0])  # the next directory
    return texts


def _user_comment(raw: bytes, order: str) -> str:
    """EXIF UserComment: a character code, then the text (UTF-16 in either order, whatever the file's)."""
    code, text = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        readings = [text.decode(f"utf-16-{end}", errors="replace") for end in (("be", "le") if order == ">" else
                                                                                 ("le", "be"))]
        return max(readings, key=lambda reading: sum(c < "\u0250" for c in reading))  # the one that reads
    return _utf8_or_latin1(text)


def _utf8_or_latin1(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _clean(text: str) -> str:
    return _CONTROLS.sub(" ", text)


# PNG ---------------------------------------------------------------------------------------------


def _png(data: bytes, allowance: _Allowance) -> list[str]:
    """Text chunks: tEXt (Latin-1), zTXt (inflated Latin-1), iTXt (UTF-8, inflated or not)."""
    found = []
    for kind, body in _png_chunks(data):
        if kind == b"tEXt":
            found.append(_clean(body.decode("latin-1")))
        elif kind == b"zTXt":
            keyword, _, rest = body.partition(b"\0")
            text = allowance.inflate(rest[1:])  # after the compression method
            found += [keyword.decode("latin-1"), _clean((text or b"").decode("latin-1"))]
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\x01", rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = (allowance.inflate(text) or b"") if compressed else text
            found += [keyword.decode("latin-1"), language.decode("latin-1"),
                      *(_clean(part.decode("utf-8", errors="replace")) for part in (translated, text))]
        # eXIf: with every EXIF directory of the file (`_exif`)
    return found


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(type, data) of each chunk up to IEND; a chunk cut short gives what there is of it."""
    pos = len(_PNG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        yield kind, data[pos + 8:pos + 8 + length]
        if kind == b"IEND":
            return
        pos += 12 + length


# PDF ---------------------------------------------------------------------------------------------

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_STREAM_END = b"endstream"
_DICT_WINDOW = 8192  # how far back from `stream` its dictionary is sought
# Streams that are no text: images (pixels) and font programs (glyphs); an xref stream (offsets).
_NOT_TEXT = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b|/Type\s*/XRef\b")
# Streams whose text is not PDF syntax: XMP (UTF-8 XML), an attached file.
_PLAIN = re.compile(rb"/Type\s*/(?:Metadata|EmbeddedFile)\b|/Subtype\s*/XML\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}
_ANY = rb"(?:[^()\\]|\\.)"
_INNER = rb"\(" + _ANY + rb"*\)"  # balanced parentheses need no escape
# A string that needs decoding: a literal with an escape, a byte beyond ASCII (a BOM, Latin-1) or
# parentheses inside, or a hex string. Any other literal is read as it stands.
_STRING = re.compile(rb"\(([^()\\\x80-\xff]*(?:\\.|[\x80-\xff]|" + _INNER + rb")(?:" + _ANY + rb"|" + _INNER
                     + rb")*)\)|<([0-9A-Fa-f\s]*)>", re.DOTALL)
# A string that says it is Unicode (by its byte-order mark), sought in a stream that is not text.
_MARKED = re.compile(rb"\(((?:\xfe\xff|\xff\xfe|\xef\xbb\xbf|\\376\\377)(?:" + _ANY + rb"|" + _INNER + rb")*)\)"
                     rb"|<\s*((?:FEFF|FFFE|EFBBBF)[0-9A-Fa-f\s]*)>", re.DOTALL | re.IGNORECASE)
# Pieces of a TJ array, `[(Bud) -20 (get) -300 (review)] TJ`: a shift under 1/10 em is kerning
# inside a word, a wider one a space between words.
_KERNING = rb"\s*(?:\+?\d+(?:\.\d*)?|-?\d{0,2}(?:\.\d*)?)\s*"
_KERNED = re.compile(rb"\)" + _KERNING + rb"\(")
_KERNED_HEX = re.compile(rb">" + _KERNING + rb"<")
_SPACED = re.compile(rb"\)\s*-\d{3,}(?:\.\d*)?\s*\(")
# PDF strings decoded in one file: about 0.3 s a million. A 500-page report set by Word shows ~1 million
# (a TJ piece each); 16 MiB decompressed bounds the count anyway.
MAX_STRINGS = 2_000_000


def _pdf(data: bytes, allowance: _Allowance) -> list[str]:
    """The text outside streams; each stream's text (inflated when it is compressed); text shown in fonts
    with a ToUnicode map."""
    found, outside, pos = [], [], 0
    kept: list[tuple[int | None, bytes, bytes]] = []  # streams that may show, map or define fonts
    while (match := _STREAM.search(data, pos)) is not None:
        outside.append(data[pos:match.start()])
        window = data[max(pos, match.start() - _DICT_WINDOW):match.start()]
        at = window.rfind(b"obj")
        head = window[at + 1:]  # the stream's own object
        end = data.find(_STREAM_END, match.end())
        end = len(data) if end < 0 else end
        text, body = _pdf_stream(head, data[match.end():end], allowance)
        found.append(text)
        if body is not None and (b"Tf" in body or b"beginbf" in body or _OBJECT_STREAM.search(head)):
            number = _OWN_NUMBER.search(window[max(0, at - 32):max(0, at)]) if at > 0 else None
            kept.append((int(number.group(1)) if number else None, head, body))
        pos = end + len(_STREAM_END)
    outside.append(data[pos:])
    found.append(_pdf_syntax(b"\n".join(outside), allowance))
    found.append(_mapped_text(data, kept, allowance))
    return found


def _pdf_stream(head: bytes, body: bytes, allowance: _Allowance) -> tuple[str, bytes | None]:
    """The stream's text; and its decoded bytes if they are PDF syntax (page content, objects, a CMap)."""
    if _NOT_TEXT.search(head):
        return "", None
    declared = _FILTER.search(head)
    filters = _NAME.findall(declared.group(1)) if declared else []
    if not filters and body[:1] == b"x" and int.from_bytes(body[:2], "big") % 31 == 0:
        filters = [b"FlateDecode"]  # a zlib header under a filter not written out (an indirect one)
    for name in filters:
        decoded: bytes | None
        if name in (b"FlateDecode", b"Fl"):
            decoded = allowance.inflate(body.lstrip(b"\r\n\t "))  # no zlib header starts with a space
        elif name in (b"ASCIIHexDecode", b"AHx"):
            decoded = _unhex(body.split(b">", 1)[0])
        elif name in (b"ASCII85Decode", b"A85"):
            decoded = _un85(body)
        else:  # LZW, run-length, image codecs: not a text a reader is shown
            return "", None
        if decoded is None:
            return "", None
        body = decoded
    if _textlike(body) and _PLAIN.search(head):  # XMP, an attached file: text of its own
        return _clean(body.decode("utf-8", errors="replace")), None
    if _textlike(body):  # page content, an object stream
        return _pdf_syntax(body, allowance) + "\n" + _xmp(body), body
    # binary (an attachment, a profile): its runs (already in the file's if it is stored as it is)
    marked = _marked_strings(body, allowance)
    return (runs(body) + "\n" + marked if filters else marked), None


def _textlike(data: bytes) -> bool:
    """Whether the bytes read as text (page content, an object stream, XMP), not as binary data."""
    sample = data[:4096]
    return len(sample.translate(None, _TEXTLIKE)) <= len(sample) // 4


def _pdf_syntax(data: bytes, allowance: _Allowance) -> str:
    """PDF syntax as text: the pieces of each TJ array joined as shown, each string that needs it decoded."""
    joined = _KERNED_HEX.sub(b"", _SPACED.sub(b" ", _KERNED.sub(b"", data)))

    pieces, pos = [], 0
    for match in _STRING.finditer(joined):
        if allowance.strings <= 0:
            allowance.exceeded = True
            break
        allowance.strings -= 1
        text = _pdf_text(_string_bytes(match)).encode("utf-8", errors="replace")
        pieces += [joined[pos:match.start()], b" ", text, b" "]
        pos = match.end()
    pieces.append(joined[pos:])
    return _clean(b"".join(pieces).decode("utf-8", errors="replace"))


def _marked_strings(data: bytes, allowance: _Allowance) -> str:
    texts = []
    for match in _MARKED.finditer(data):
        if allowance.strings <= 0:
            allowance.exceeded = True
            break
        allowance.strings -= 1
        texts.append(_pdf_text(_string_bytes(match)))
    return _clean("\n".join(texts))


def _string_bytes(match: re.Match) -> bytes:
    literal, hexa = match.groups()
    if literal is not None:
        return _ESCAPE.sub(_unescape, literal) if b"\\" in literal else literal
    return _unhex(hexa) or b""


def _unescape(match: re.Match) -> bytes:
    escape = match.group(1)
    if 0x30 <= escape[0] <= 0x37:
        return bytes([int(escape, 8) & 0xFF])
    return _ESCAPES.get(escape, escape)


def _unhex(text: bytes) -> bytes | None:
    digits = text.translate(None, b" \t\r\n\f\x00")
    try:
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None


def _un85(body: bytes) -> bytes | None:
    text = body.split(b"~>", 1)[0].strip()
    text = text[2:] if text.startswith(b"<~") else text
    try:
        return base64.a85decode(re.sub(rb"\s+", b"", text))
    except ValueError:
        return None


def _pdf_text(raw: bytes) -> str:
    """A PDF string's text: UTF-16 or UTF-8 after a byte-order mark, else PDFDocEncoding (about Latin-1)."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    return raw.decode("latin-1")


# PDF fonts with a ToUnicode map ------------------------------------------------------------------
#
# Word, Chrome and LibreOffice show page text in composite (Type0, Identity-H) fonts: a page shows
# glyph ids, `[<0025004C> 3 <0057>] TJ`, and only the font's /ToUnicode CMap tells their text. A
# simple font can have one too (over a /Differences encoding of its own). A font is known by the
# map it points at; what a content stream calls it (`/F1 12 Tf`) by its page's (or form's)
# /Resources, and where those do not say, by every font so named anywhere in the file: each
# candidate gives a reading of its own (the gate only needs the text to be there).

_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_OWN_NUMBER = re.compile(rb"(\d{1,10})\s+\d+\s+$")
_OBJ = re.compile(rb"(\d{1,10})\s+\d+\s+obj\b")
_OBJ_END = re.compile(rb"\bendobj\b|\bstream\b")
_FIRST = re.compile(rb"/First\s+(\d{1,10})")
_NUMBER = re.compile(rb"\d{1,10}")
_TO_UNICODE = re.compile(rb"/ToUnicode\s*(\d{1,10})\s+\d+\s+R\b")
_REFERENCE = re.compile(rb"(\d{1,10})\s+\d+\s+R\b")
_NAMED_REFERENCE = re.compile(rb"/([^\s/\[\]<>()%{}]+)\s*(\d{1,10})\s+\d+\s+R\b")
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d{1,10})\s+\d+\s+R\b|\[([^\]]*)\])")
_PARENT = re.compile(rb"/Parent\s*(\d{1,10})\s+\d+\s+R\b")
_RESOURCES = re.compile(rb"/Resources\s*(?:(\d{1,10})\s+\d+\s+R\b|(<<))")
_FONTS = re.compile(rb"/Font\s*(?:(\d{1,10})\s+\d+\s+R\b|(<<))")
_DELIMITERS = re.compile(rb"<<|>>|\((?:\\.|[^()\\])*\)|<[^<>]*>", re.DOTALL)
_SHOWN_STRING = rb"\((?:" + _ANY + rb"|" + _INNER + rb")*\)|<[0-9A-Fa-f\s]*>"
# `/F1 12 Tf`; `[(..) -20 <..>] TJ`; `(..) Tj`, `(..) '`, `1 2 (..) "`
_SHOWN = re.compile(rb"/([^\s/\[\]<>()%{}]+)\s+[-+]?[\d.]+\s+Tf\b|\[((?:" + _SHOWN_STRING + rb"|[^\[\]()<>])*)\]\s*TJ"
                    rb"|(" + _SHOWN_STRING + rb")\s*(?:Tj|'|\")", re.DOTALL)
_PIECE = re.compile(rb"(" + _SHOWN_STRING + rb")|([-+]?\d*\.?\d+)", re.DOTALL)
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>")
_HEX_RANGE = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(?:<([0-9A-Fa-f\s]*)>|\[([^\[\]]*)\])")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_MAX_SPACES = 64  # code space ranges read of one CMap (a real one has a few)


class _ToUnicode:
    """A ToUnicode CMap: codes (of 1 to 4 bytes, as its code space ranges say) to text."""

    def __init__(self, cmap: bytes):
        self.spaces: list[tuple[bytes, bytes]] = []
        self.chars: dict[bytes, str] = {}  # bfchar entries, and codes already looked up
        ranges: dict[int, list[tuple[int, int, tuple[int, int] | list[str]]]] = {}
        for block in _blocks(cmap, b"begincodespacerange", b"endcodespacerange"):
            for low, high in _HEX_PAIR.findall(block):
                low, high = _unhex(low) or b"", _unhex(high) or b""
                if 0 < len(low) == len(high) <= 4 and len(self.spaces) < _MAX_SPACES:
                    self.spaces.append((low, high))
        for block in _blocks(cmap, b"beginbfchar", b"endbfchar"):
            for code, text in _HEX_PAIR.findall(block):
                code = _unhex(code)
                if code and len(code) <= 4:
                    self.chars[code] = _utf16be(_unhex(text) or b"")
        for block in _blocks(cmap, b"beginbfrange", b"endbfrange"):
            for low, high, start, values in _HEX_RANGE.findall(block):
                low, high = _unhex(low) or b"", _unhex(high) or b""
                if not 0 < len(low) == len(high) <= 4:
                    continue
                first: tuple[int, int] | list[str]
                if values:  # `<lo> <hi> [<text> <text> ...]`: one text a code
                    first = [_utf16be(_unhex(text) or b"") for text in _HEX.findall(values)]
                else:  # `<lo> <hi> <text>`: the first code's text, the next ones counted on from it
                    text = _unhex(start) or b""
                    first = (int.from_bytes(text, "big"), len(text))
                ranges.setdefault(len(low), []).append((int.from_bytes(low, "big"), int.from_bytes(high, "big"), first))
        self.ranges = {size: ([low for low, _, _ in found], found)
                       for size, found in ((size, sorted(found, key=lambda r: r[0])) for size, found in ranges.items())}
        self.spaces.sort(key=lambda space: len(space[0]))
        sizes = {len(low) for low, _ in self.spaces} or {len(code) for code in self.chars} | set(self.ranges)
        self.sizes = sorted(sizes) or [2]
        self.fixed = self.sizes[0] if len(self.sizes) == 1 else 0  # one code size (Identity-H: 2)
        self.table = _Codes(self)

    def decode(self, raw: bytes) -> str:
        if self.fixed == 2:  # each code a character, and each character its text (`str.translate` is fast)
            whole = len(raw) & ~1
            return (raw[:whole].decode("utf-16-be", "surrogatepass").translate(self.table)
                    + ("\ufffd" if whole < len(raw) else ""))
        if self.fixed == 1:
            return raw.decode("latin-1").translate(self.table)
        out, at = [], 0
        while at < len(raw):
            size = self._size(raw, at)
            out.append(self._text(raw[at:at + size]))
            at += size
        return "".join(out)

    def _size(self, raw: bytes, at: int) -> int:
        for low, high in self.spaces:
            code = raw[at:at + len(low)]
            if len(code) == len(low) and all(a <= b <= c for a, b, c in zip(low, code, high)):
                return len(low)
        for size in self.sizes:
            if raw[at:at + size] in self.chars or size in self.ranges:
                return size
        return self.sizes[0]

    def _text(self, code: bytes) -> str:
        text = self.chars.get(code)
        if text is None:
            text = self.chars[code] = self._in_range(code)
        return text

    def _in_range(self, code: bytes) -> str:
        if len(code) not in self.ranges:
            return "\ufffd"  # no text for it: a space to the gate
        lows, found = self.ranges[len(code)]
        value = int.from_bytes(code, "big")
        at = bisect.bisect_right(lows, value) - 1
        if at < 0 or value > found[at][1]:
            return "\ufffd"
        low, _, first = found[at]
        if isinstance(first, list):
            return first[value - low] if value - low < len(first) else "\ufffd"
        start, size = first
        return _utf16be(((start + value - low) % (1 << 8 * size)).to_bytes(size, "big"))


class _Codes(dict):
    """A map's codes (as numbers) to their text, each looked up the first time it is asked for."""

    def __init__(self, cmap: _ToUnicode):
        super().__init__()
        self.cmap = cmap

    def __missing__(self, code: int) -> str:
        text = self[code] = self.cmap._text(code.to_bytes(self.cmap.fixed, "big"))
        return text


def _blocks(data: bytes, begin: bytes, end: bytes) -> Iterator[bytes]:
    """What each `begin` ... `end` holds (the last one, if it is not ended, up to the end of `data`)."""
    at = data.find(begin)
    while at >= 0:
        stop = data.find(end, at)
        yield data[at + len(begin):len(data) if stop < 0 else stop]
        if stop < 0:
            return
        at = data.find(begin, stop)


def _utf16be(raw: bytes) -> str:
    return raw.decode("latin-1") if len(raw) == 1 else raw.decode("utf-16-be", errors="replace")


def _mapped_text(data: bytes, kept: list[tuple[int | None, bytes, bytes]], allowance: _Allowance) -> str:
    """The text content streams show in fonts with a ToUnicode map, read through it ('' if there are none)."""
    if b"/ToUnicode" not in data and not any(b"/ToUnicode" in body for _, head, body in kept
                                             if _OBJECT_STREAM.search(head)):
        return ""
    objects = _objects(data, kept)
    streams = {number: body for number, _, body in kept if number is not None}
    cmaps: dict[int, _ToUnicode | None] = {}
    fonts: dict[int, _ToUnicode] = {}  # font object -> its map
    for number, body in objects.items():
        ref = _TO_UNICODE.search(body) if b"/ToUnicode" in body else None
        if ref is None:
            continue
        target = int(ref.group(1))
        if target not in cmaps:
            cmaps[target] = _ToUnicode(streams[target]) if target in streams else None
        if cmaps[target] is not None:
            fonts[number] = cmaps[target]
    if not fonts:
        return ""
    everywhere: dict[bytes, list[_ToUnicode | None]] = {}  # a name -> every font so named in the file
    owners: dict[int, list[bytes]] = {}  # a content stream -> the pages it is the content of
    for body in objects.values():
        for name, ref in _NAMED_REFERENCE.findall(body):
            font = fonts.get(int(ref))
            if font is not None and font not in everywhere.setdefault(name, []):
                everywhere[name].append(font)
        contents = _CONTENTS.search(body) if b"/Contents" in body else None
        if contents is not None:
            refs = [contents.group(1)] if contents.group(1) else _REFERENCE.findall(contents.group(2))
            for ref in refs:
                owners.setdefault(int(ref), []).append(body)
    shown = []
    for number, head, body in kept:
        if b"Tf" not in body or _OBJECT_STREAM.search(head):
            continue
        named: dict[bytes, list[_ToUnicode | None]] = {}  # the fonts of its page's or form's resources
        for owner in ([head] if b"/Resources" in head else []) + owners.get(number, []):
            for name, ref in _resource_fonts(owner, objects):
                font = fonts.get(ref)
                if font not in named.setdefault(name, []):
                    named[name].append(font)
        shown.append(_shown(body, named, everywhere, allowance))
    return _clean("\n".join(shown))


def _objects(data: bytes, kept: list[tuple[int | None, bytes, bytes]]) -> dict[int, bytes]:
    """Each object's text up to its stream, if any: in the file, and in its object streams."""
    objects: dict[int, bytes] = {}
    marks = list(_OBJ.finditer(data))
    for mark, following in zip(marks, marks[1:] + [None]):
        end = following.start() if following is not None else len(data)
        close = _OBJ_END.search(data, mark.end(), end)
        objects[int(mark.group(1))] = data[mark.end():close.start() if close else end]
    for _, head, body in kept:
        first = _FIRST.search(head) if _OBJECT_STREAM.search(head) else None
        if first is None:
            continue
        start = int(first.group(1))
        numbers = [int(number) for number in _NUMBER.findall(body[:start])]
        pairs = list(zip(numbers[::2], numbers[1::2]))
        for (number, offset), following in zip(pairs, pairs[1:] + [(0, len(body) - start)]):
            objects[number] = body[start + offset:start + following[1]]
    return objects


def _resource_fonts(owner: bytes, objects: dict[int, bytes]) -> list[tuple[bytes, int]]:
    """(name, font object) of a page's or a form's fonts (a page's resources may be its parents')."""
    for _ in range(32):
        resources = _entry(owner, _RESOURCES, objects)
        if resources is not None:
            break
        parent = _PARENT.search(owner)
        if parent is None:
            return []
        owner = objects.get(int(parent.group(1)), b"")
    else:
        return []
    fonts = _entry(resources, _FONTS, objects)
    return [(name, int(ref)) for name, ref in _NAMED_REFERENCE.findall(fonts or b"")]


def _entry(text: bytes, key: re.Pattern, objects: dict[int, bytes]) -> bytes | None:
    """A dictionary entry's value: the dictionary written there, or the object it refers to."""
    found = key.search(text)
    if found is None:
        return None
    if found.group(1) is not None:
        return objects.get(int(found.group(1)))
    depth = 0
    for delimiter in _DELIMITERS.finditer(text, found.start(2)):
        if delimiter.group() == b"<<":
            depth += 1
        elif delimiter.group() == b">>":
            depth -= 1
            if depth == 0:
                return text[found.start(2):delimiter.end()]
    return text[found.start(2):]


def _shown(content: bytes, named: dict[bytes, list[_ToUnicode | None]],
           everywhere: dict[bytes, list[_ToUnicode | None]], allowance: _Allowance) -> str:
    """The text a content stream shows, each string read through its font's map: a reading for each
    candidate font of a name (most names have one). The pieces of a TJ array are joined as shown."""
    operations: list[bytes | tuple[int, list[list[bytes]]]] = []  # a font's name; (strings, words of strings)
    candidates: dict[bytes, list[_ToUnicode | None]] = {}
    for match in _SHOWN.finditer(content):
        name, array, single = match.groups()
        if name is not None:
            operations.append(name)
            if name not in candidates:
                candidates[name] = named.get(name) or everywhere.get(name) or [None]
        elif array is not None:
            words: list[list[bytes]] = [[]]
            for string, number in _PIECE.findall(array):
                if string:
                    words[-1].append(_shown_bytes(string))
                elif float(number) <= -100:  # a shift of a tenth of an em or more: a space between words
                    words.append([])
            operations.append((sum(map(len, words)), words))
        else:
            operations.append((1, [[_shown_bytes(single)]]))
    if all(font is None for fonts in candidates.values() for font in fonts):
        return ""  # no string in a mapped font: read already as PDF syntax
    readings = []
    for reading in range(max(len(fonts) for fonts in candidates.values())):
        font, texts = None, []
        for operation in operations:
            cost = 1 if isinstance(operation, bytes) else 1 + operation[0]  # an operation, and its strings
            if allowance.shown < cost:
                allowance.exceeded = True
                return "\n".join(readings + [" ".join(texts)])
            allowance.shown -= cost
            if isinstance(operation, bytes):
                fonts = candidates[operation]
                font = fonts[min(reading, len(fonts) - 1)]
            elif font is not None:
                texts.append(" ".join(font.decode(b"".join(word)) for word in operation[1]))
            else:
                texts.append(" ".join("".join(map(_pdf_text, word)) for word in operation[1]))
        readings.append(" ".join(texts))
    return "\n".join(readings)


def _shown_bytes(string: bytes) -> bytes:
    if string[:1] == b"<":
        return _unhex(string[1:-1]) or b""
    inner = string[1:-1]
    return _ESCAPE.sub(_unescape, inner) if b"\\" in inner else inner
