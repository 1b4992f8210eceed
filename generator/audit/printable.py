"""Text any binary file shows to a search of its bytes, whatever its format.

    printable runs  six characters or more of ASCII, and of ASCII in UTF-16
                    of either byte order (what `strings` shows, and more)
    XMP packets     XML in UTF-8 wherever a format keeps it, read whole (the
                    XMP specification's packet scanning, for formats no
                    reader here knows: a video, an HEIC)
    EXIF            every TIFF header in the bytes read by Pillow's EXIF
                    reader: the text fields of its directories (UTF-8;
                    Windows' XP* tags and UserComment in UTF-16)
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping

from PIL import ExifTags, Image

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
_TIFF = re.compile(rb"II\*\x00|MM\x00\*")  # a TIFF header: EXIF in a JPEG, a WebP, a PNG's eXIf, a video
MAX_TIFFS = 32  # TIFF headers tried in one file
_SUBDIRECTORIES = (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo, ExifTags.IFD.Interop, ExifTags.IFD.IFD1)
_XP_TAGS = range(0x9C9B, 0x9CA0)  # Windows' XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE
_USER_COMMENT = 0x9286


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


def xmp(data: bytes) -> str:
    """XMP packets (XML in UTF-8, wherever a format keeps them), decoded whole."""
    packets, pos = [], 0
    while (start := _XMP.search(data, pos)) is not None:
        end = _XMP_END.search(data, start.end(), start.start() + MAX_XMP)
        pos = end.end() if end else min(len(data), start.start() + MAX_XMP)
        packets.append(clean(data[start.start():pos].decode("utf-8", errors="replace")))
    return "\n".join(packets)


def exif_anywhere(data: bytes) -> list[str]:
    """The text fields of every EXIF block in the bytes (up to `MAX_TIFFS` of them), read by Pillow."""
    found: list[str] = []
    for count, header in enumerate(_TIFF.finditer(data)):
        if count == MAX_TIFFS:
            break
        exif = Image.Exif()
        try:
            with warnings.catch_warnings():  # "corrupt EXIF": most headers found by chance are no EXIF
                warnings.simplefilter("ignore")
                exif.load(data[header.start():])
                found += exif_texts(exif)
        except Exception:  # noqa: BLE001, S112 - a TIFF header by chance in other bytes: nothing to read there
            continue
    return found


def exif_texts(exif: Image.Exif) -> list[str]:
    """The text fields of an EXIF block's directories: its first, Exif, GPS, interoperability, thumbnail."""
    texts = directory_texts(exif)
    for tag in _SUBDIRECTORIES:
        try:
            texts += directory_texts(exif.get_ifd(tag))
        except Exception:  # noqa: BLE001, S112 - a damaged subdirectory; the raw bytes' runs still hold its text
            continue
    return texts


def directory_texts(directory: Mapping[int, object]) -> list[str]:
    """The text fields of one EXIF or TIFF tag directory."""
    texts = []
    for tag, value in directory.items():
        if isinstance(value, str):  # ASCII fields, which Pillow decodes as Latin-1: writers put UTF-8 there
            texts.append(clean(_utf8_or_latin1(value.encode("latin-1", errors="replace"))))
        elif isinstance(value, bytes) and tag in _XP_TAGS:
            texts.append(clean(value.decode("utf-16-le", errors="replace")))
        elif isinstance(value, bytes) and tag == _USER_COMMENT:
            texts.append(clean(user_comment(value)))
        elif isinstance(value, bytes):
            texts.append(clean(_utf8_or_latin1(value)))
    return texts


def user_comment(raw: bytes) -> str:
    """EXIF UserComment: a character code, then the text (UTF-16 in either order, whatever the file's)."""
    code, text = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        readings = [text.decode(f"utf-16-{end}", errors="replace") for end in ("le", "be")]
        return max(readings, key=lambda reading: sum(c < "\u0250" for c in reading))  # the one that reads
    return _utf8_or_latin1(text)


def _utf8_or_latin1(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def clean(text: str) -> str:
    """Control characters (and undecodable bytes) made spaces: words on either side stay apart."""
    return _CONTROLS.sub(" ", text)
