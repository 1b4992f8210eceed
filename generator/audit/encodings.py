"""Compressed payloads besides gzip, bzip2, xz and archives: read with the standard library, or named.

What the audit can decompress it reads like a gzip (containers.py): one
stream, as one member. How a payload is told:

    zlib          its two-byte header (RFC 1950: method 8, a checksum of 31),
                  and the standard library's zlib reading its start without
                  error; a file that reads as UTF-8 text (`x^2 ...` starts
                  like a zlib header) must be a whole stream, checksum and all
    LZMA-alone    (`.lzma`, lzma_alone) its 13-byte header (properties under
                  225, a dictionary size xz accepts, a zero first byte of
                  data), and lzma reading its start
    raw deflate   no header at all: a binary file that no other rule knew,
                  whose bytes inflate without error, to a stream's end with
                  only zero bytes after it, or for `TRIAL` bytes on end
                  (random and media bytes fail in the first few bytes; a
                  file of a format of its own, a PNG, a PDF, an MP4, is not
                  tried); or a file named `.deflate`

What it cannot decompress is a finding ("cannot open"), told by its first
bytes (`UNREADABLE_MAGIC`: lz4, compress `.Z`, lzip, lzop, snappy, CAB,
ARJ, StuffIt, zpaq, bzip3, xar, squashfs, SZDD/KWAJ, WOFF and WOFF2 fonts,
ar and RPM packages) or, for
formats without a signature, by its name (`NAMED`: brotli `.br`, and the
others by name too). A file named as a format the audit reads (`.zz`,
`.zlib`, `.deflate`, `.lzma`) whose bytes do not decompress is a finding
as well. Base64 is text, and is read as text.
"""

from __future__ import annotations

import lzma
import posixpath
import zlib

TRIAL = 8192  # compressed bytes tried before a payload is taken for one
UNREADABLE_MAGIC = (
    (b"\x04\x22\x4d\x18", "an LZ4-compressed file"),
    (b"\x02\x21\x4c\x18", "an LZ4-compressed file"),
    (b"\x1f\x9d", "a compress (.Z) file"),
    (b"\x1f\x1e", "a pack (.z) file"),
    (b"LZIP", "an lzip-compressed file"),
    (b"\x89LZO\x00\r\n\x1a\n", "an lzop-compressed file"),
    (b"\xff\x06\x00\x00sNaPpY", "a snappy-compressed file"),
    (b"MSCF\x00\x00\x00\x00", "a CAB archive"),
    (b"\x60\xea", "an ARJ archive"),
    (b"SIT!", "a StuffIt archive"),
    (b"StuffIt ", "a StuffIt archive"),
    (b"zPQ", "a zpaq archive"),
    (b"BZ3v1", "a bzip3-compressed file"),
    (b"xar!", "a xar archive"),
    (b"hsqs", "a squashfs image"),
    (b"SZDD\x88\xf0\x27\x33", "an MS-DOS compressed file (SZDD)"),
    (b"KWAJ\x88\xf0\x27\xd1", "an MS-DOS compressed file (KWAJ)"),
    (b"wOF2", "a WOFF2 font (its tables are brotli-compressed)"),
    (b"wOFF", "a WOFF font (its tables are zlib-compressed, each apart)"),
    (b"!<arch>\n", "an ar archive (a .deb: its members are compressed tars at offsets)"),
    (b"\xed\xab\xee\xdb", "an RPM package (its payload is compressed)"),
)
# Names of compressed formats; those the audit has no reader for are findings whatever the bytes.
NAMED = {
    ".br": "a brotli-compressed file", ".zst": "a zstd-compressed file", ".zstd": "a zstd-compressed file",
    ".lz4": "an LZ4-compressed file", ".sz": "a snappy-compressed file", ".snappy": "a snappy-compressed file",
    ".lzo": "an lzop-compressed file", ".lz": "an lzip-compressed file", ".z": "a compress (.Z) file",
    ".7z": "a 7z archive", ".rar": "a RAR archive", ".cab": "a CAB archive", ".arj": "an ARJ archive",
    ".lzh": "an LHA archive", ".lha": "an LHA archive", ".ace": "an ACE archive", ".sit": "a StuffIt archive",
    ".sitx": "a StuffIt archive", ".zpaq": "a zpaq archive", ".bz3": "a bzip3-compressed file",
    ".xar": "a xar archive", ".dmg": "a disk image", ".woff2": "a WOFF2 font (its tables are brotli-compressed)",
}
# Formats of their own (images, PDF, media, archives): never taken for raw deflate, whatever their bytes do.
_KNOWN = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"OggS", b"ID3", b"fLaC", b"\x1a\x45\xdf\xa3",
          b"PK", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00", b"wOFF", b"OTTO", b"\x00\x01\x00\x00")
READABLE_NAMES = {".zz": "zlib", ".zlib": "zlib", ".deflate": "deflate", ".lzma": "lzma"}
WBITS = {"zlib": zlib.MAX_WBITS, "deflate": -zlib.MAX_WBITS}


def sniff(data: bytes) -> str | None:
    """'zlib' or 'lzma' (LZMA-alone) when the first bytes are one's header and read without error."""
    if _zlib_header(data) and _inflates(data, "zlib", whole=_is_text(data[:TRIAL])):
        return "zlib"
    if _lzma_alone_header(data) and not _own_format(data) and _lzma_alone_reads(data):
        return "lzma"
    return None


def unreadable_magic(data: bytes) -> str | None:
    """What a file is that the audit cannot decompress, by its first bytes (None: none of those)."""
    return next((what for magic, what in UNREADABLE_MAGIC if data.startswith(magic)), None)


def by_name_or_trial(name: str, data: bytes) -> tuple[str | None, str | None]:
    """For a file no signature told: ('deflate' | 'zlib' | 'lzma' | None, what it is if it cannot be read).

    A raw deflate stream is tried on binary bytes, and on any file named as one.
    """
    suffix = posixpath.splitext(name)[1].lower()
    if suffix in NAMED:
        return None, f"{NAMED[suffix]} (by its name)"
    named = READABLE_NAMES.get(suffix)
    unnamed_binary = named is None and not _own_format(data) and not _is_text(data[:TRIAL])
    if (named == "deflate" or unnamed_binary) and _inflates(data, "deflate", whole=False):
        return "deflate", None
    if named is not None:
        return None, f"a file named as {named}-compressed ({suffix}) whose bytes do not decompress"
    return None, None


def decompressor(found: str) -> zlib._Decompress | lzma.LZMADecompressor:
    """The standard library's decompressor for a kind `sniff` or `by_name_or_trial` told."""
    if found == "lzma":
        return lzma.LZMADecompressor(lzma.FORMAT_ALONE)
    return zlib.decompressobj(WBITS[found])


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and not data[1] & 0x20 \
        and ((data[0] << 8) | data[1]) % 31 == 0


def _inflates(data: bytes, found: str, whole: bool) -> bool:
    """Whether the start of `data` inflates without error: to its end (then only zeros may follow), or on
    past it. `whole`: the stream must end, checksum checked, within the trial."""
    inflater = zlib.decompressobj(WBITS[found])
    try:
        inflater.decompress(data[:TRIAL], 1 << 20)
    except zlib.error:
        return False
    if inflater.eof:
        return not inflater.unused_data.strip(b"\0")
    # Cut short: a zlib header said so already; bytes without one must have read for the whole trial.
    return not whole and (found == "zlib" or len(data) >= TRIAL)


def _lzma_alone_header(data: bytes) -> bool:
    """Properties under 225, a dictionary of 2^n or 2^n + 2^(n-1) bytes (as xz checks it), a size that is
    unknown (all ones) or under 2^48, and the zero byte that starts LZMA data."""
    if len(data) <= 13 or data[0] >= 225 or data[13] != 0:
        return False
    dictionary, size = int.from_bytes(data[1:5], "little"), int.from_bytes(data[5:13], "little")
    top = dictionary.bit_length() - 1
    shaped = dictionary in (1 << top, (1 << top) | (1 << max(top - 1, 0)))
    return dictionary >= 4096 and shaped and (size == (1 << 64) - 1 or size < 1 << 48)


def _own_format(data: bytes) -> bool:
    return data.startswith(_KNOWN) or data[4:8] == b"ftyp"  # ftyp: MP4, MOV, HEIC, AVIF


def _lzma_alone_reads(data: bytes) -> bool:
    try:
        lzma.LZMADecompressor(lzma.FORMAT_ALONE).decompress(data[:TRIAL], 1 << 20)
    except lzma.LZMAError:
        return False
    return True


def _is_text(head: bytes) -> bool:
    """UTF-8 without a zero byte (a character cut at the end of `head` allowed)."""
    if b"\0" in head:
        return False
    for cut in range(4):
        try:
            head[:len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False
