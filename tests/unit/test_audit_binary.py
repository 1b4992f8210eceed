"""The gate reads binary files as viewers and metadata tools show them.

A public image or PDF can carry an internal text in its metadata or its
pages, compressed or in UTF-16, where runs of printable ASCII do not show it.
One small workspace is built once; each test copies the tier-1 client's
site, plants one file in it, and asks the gate (as tests/unit/test_audit.py
does). Files are made here, byte by byte, as the tools that write them do.
"""

from __future__ import annotations

import base64
import io
import shutil
import struct
import time
import tracemalloc
import zlib

import pytest
from PIL import Image
from pypdf._codecs._codecs import LzwCodec

from generator import pipeline
from generator.audit import binary_text, bounds, printable
from generator.audit.text import canonical, decode
from generator.errors import AuditError
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG, WorkspaceMaker
from tests.fixtures.audited_copy import audited_copy

SECRET = "Poach the Globex design team"  # an internal task's title
ACCENTED = "Réduire le budget de Zoë sans prévenir"  # another, not ASCII
PUBLIC = "Morning light over the harbour, frame one"  # no text of the workspace: nothing hidden

CAMPAIGN = f"""\
id: demo
title: Demo campaign
client: Client Co.
tasks:
  - {{id: storyboard, title: Storyboard sketches, label: in-progress}}
  - {{id: poach, title: {SECRET}, label: in-progress, visibility: internal}}
  - {{id: zoe, title: {ACCENTED}, label: in-progress, visibility: internal}}
assets:
  - {{id: poster, title: Campaign poster, file: assets/poster.png, published: 2026-02-01}}
  - {{id: deck, title: Campaign deck, file: assets/deck.pdf, published: 2026-02-01}}
"""


# Files as tools write them -----------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(*chunks: bytes) -> bytes:
    """A 2x2 grey PNG (its pixels compressed) with `chunks` before them."""
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x00\x80\x80"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + pixels + chunk(b"IEND", b"")


def ztxt(keyword: str, text: str) -> bytes:
    return chunk(b"zTXt", keyword.encode("latin-1") + b"\0\0" + zlib.compress(text.encode("latin-1")))


def itxt(keyword: str, text: str, compressed: bool) -> bytes:
    body = text.encode("utf-8")
    flags = b"\x01\x00" if compressed else b"\x00\x00"
    return chunk(b"iTXt", keyword.encode("latin-1") + b"\0" + flags + b"en\0\0"
                 + (zlib.compress(body) if compressed else body))


def tiff(*entries: tuple[int, int, bytes], big_endian: bool = False) -> bytes:
    """EXIF data: a TIFF header and one directory of (tag, type, value) entries, values after it."""
    order = ">" if big_endian else "<"
    values_at = 8 + 2 + 12 * len(entries) + 4
    directory, values = struct.pack(order + "H", len(entries)), b""
    for tag, kind, value in entries:
        directory += struct.pack(order + "HHII", tag, kind, len(value), values_at + len(values))
        values += value + b"\0" * (len(value) % 2)
    return (b"MM" if big_endian else b"II") + struct.pack(order + "HI", 42, 8) + directory + b"\0\0\0\0" + values


def xp_comment(text: str) -> tuple[int, int, bytes]:
    """Windows' XPComment tag: UTF-16LE bytes, whatever the TIFF's byte order."""
    return 0x9C9C, 1, (text + "\0").encode("utf-16-le")


def user_comment(text: str, big_endian: bool) -> tuple[int, int, bytes]:
    """EXIF UserComment in Unicode: UTF-16 in the TIFF's byte order."""
    return 0x9286, 7, b"UNICODE\0" + text.encode("utf-16-be" if big_endian else "utf-16-le")


def xmp(title: str) -> bytes:
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
            f'<rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title></rdf:Description>'
            '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode("utf-8")


def jpeg(*segments: tuple[int, bytes]) -> bytes:
    body = b"".join(bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data for marker, data in segments)
    return b"\xff\xd8" + body + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\x56" + b"\xff\xd9"


def webp(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"WEBP" + b"".join(kind + struct.pack("<I", len(data)) + data + b"\0" * (len(data) % 2)
                              for kind, data in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def pdf(*objects: bytes, info: bytes | None = None, resources: bytes = b"") -> bytes:
    """A one-page PDF: catalog, pages, page (its content the 4th object), then `objects`; an xref table."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R%s >>" % (
        b" /Resources << %s >>" % resources if resources else b"")
    objects = (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page) + objects
    if info is not None:
        objects += (info,)
    out, offsets = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Info %d 0 R " % len(objects) if info is not None else b""
    size = len(objects) + 1
    return (out + b"xref\n0 %d\n0000000000 65535 f \n%s" % (size, table)
            + b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, len(out)))


def run_length(data: bytes) -> bytes:
    """RunLengthDecode's input: literal runs of up to 128 bytes, then the end-of-data byte."""
    return b"".join(bytes([len(data[at:at + 128]) - 1]) + data[at:at + 128] for at in range(0, len(data), 128)) + b"\x80"


ENCODERS = {"FlateDecode": zlib.compress, "ASCII85Decode": lambda d: base64.a85encode(d) + b"~>",
            "LZWDecode": lambda d: LzwCodec().encode(d), "RunLengthDecode": run_length}


def stream(data: bytes, filters: tuple[str, ...] = ("FlateDecode",), extra: bytes = b"") -> bytes:
    encoded = data
    for name in reversed(filters):
        encoded = ENCODERS[name](encoded)
    names = b" ".join(b"/" + name.encode() for name in filters)
    return (b"<< /Length %d /Filter [%s]%s >>\nstream\n" % (len(encoded), names, extra)
            + encoded + b"\nendstream")


def page(text: bytes) -> bytes:
    return b"BT /F1 12 Tf 72 700 Td " + text + b" ET"


def literal(raw: bytes) -> bytes:
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def utf16(text: str) -> bytes:
    return b"\xfe\xff" + text.encode("utf-16-be")


def octal(raw: bytes) -> bytes:
    return b"(" + b"".join(b"\\%03o" % byte for byte in raw) + b")"


def cmap(codes: bytes, entries: bytes) -> bytes:
    """A ToUnicode CMap as Word and Chrome write it: its code space (`<0000> <FFFF>`), then `entries`."""
    return (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n" + codes
            + b"\nendcodespacerange\n" + entries
            + b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")


def glyphs(text: str, first: int = 3) -> dict[str, int]:
    """A subset font's glyph ids: its characters numbered in the order they are first used."""
    return {char: first + number for number, char in enumerate(dict.fromkeys(text))}


def unicode_hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def bfchar(ids: dict[str, int], size: int = 2) -> bytes:
    lines = b"".join(b"<%s> %s\n" % (b"%0*X" % (2 * size, gid), unicode_hex(char)) for char, gid in ids.items())
    return b"%d beginbfchar\n%sendbfchar" % (len(ids), lines)


def glyph_ids(text: str, ids: dict[str, int]) -> bytes:
    """Text shown in an Identity-H font: a hex string of two-byte glyph ids."""
    return b"<" + b"".join(b"%04X" % ids[char] for char in text) + b">"


def type0(content: bytes, to_unicode: bytes, *more: bytes, font: int = 5) -> bytes:
    """A page in a composite font as Word or Chrome write it: glyph ids (Identity-H) and a ToUnicode map
    (6 0 R), the font the 5th object (unless `more` holds it, in an object stream), its CID font the 7th."""
    return pdf(stream(page(content)),
               b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEE+Calibri /Encoding /Identity-H "
               b"/DescendantFonts [7 0 R] /ToUnicode 6 0 R >>",
               stream(to_unicode),
               b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEE+Calibri /CIDSystemInfo << /Registry (Adobe) "
               b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 /W [3 [226 606 529]] >>",
               b"<< /Type /FontDescriptor /FontName /ABCDEE+Calibri /Flags 32 /ItalicAngle 0 /Ascent 750 >>", *more,
               resources=b"/Font << /F1 %d 0 R >> /ProcSet [/PDF /Text /ImageB /ImageC /ImageI]" % font)


def type0_text(text: str) -> bytes:
    """`text` on a page in a composite font, its map in bfchar entries (Word's way)."""
    ids = glyphs(text)
    return type0(glyph_ids(text, ids) + b" Tj", cmap(b"<0000> <FFFF>", bfchar(ids)))


def standard_ids(text: str) -> bytes:
    """ASCII in a TrueType font's standard glyph order (space 3, A 36): glyph id = code - 29."""
    return b"<" + b"".join(b"%04X" % (ord(char) - 29) for char in text) + b">"


def differences(text: str) -> bytes:
    """A page in a simple font with an encoding of its own (codes 1, 2, ... in order of first use), and its
    ToUnicode map: the codes mean nothing without it."""
    ids = glyphs(text, 1)
    names = {" ": "space", "é": "eacute", "ë": "edieresis"}
    encoding = b" ".join(b"/" + names.get(char, char).encode() for char in ids)
    return pdf(stream(page(b"T* " + octal(bytes(ids[char] for char in text)) + b" '")),
               b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEE+Georgia /FirstChar 1 /LastChar %d "
               b"/Encoding << /Type /Encoding /Differences [1 %s] >> /ToUnicode 6 0 R >>" % (len(ids), encoding),
               stream(cmap(b"<00> <FF>", bfchar(ids, size=1))), resources=b"/Font << /F1 5 0 R >>")


def saved(kind: str, **metadata) -> bytes:
    """A 4x4 image as Pillow saves it, with `metadata` (exif=, xmp=, comment=, description=, icc_profile=)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "grey").save(out, kind, **metadata)
    return out.getvalue()


HARMLESS_PDF = pdf(stream(page(b"(" + PUBLIC.encode() + b") Tj")),
                   info=b"<< /Title <" + utf16("Campaign deck").hex().upper().encode() + b"> >>")
HARMLESS_PNG = png(ztxt("Software", "Northwind Studio export"),
                   itxt("XML:com.adobe.xmp", xmp("Campaign poster").decode(), True),
                   chunk(b"eXIf", tiff(xp_comment(PUBLIC))))


# The site ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-binary")
    ws = WorkspaceMaker(root / "ws").write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, {
        "assets/poster.png": HARMLESS_PNG, "assets/deck.pdf": HARMLESS_PDF})
    out = root / "out"
    pipeline.build(ws, output=out)
    return load_workspace(ws), out


@pytest.fixture
def site(built, tmp_path):
    """A private copy of client1's site and a function that audits it."""
    workspace, out = built
    return audited_copy(workspace, out, tmp_path)


# A hidden text in each form: (file name, bytes).
HIDDEN = {
    "png-ztxt": ("photo.png", png(ztxt("Comment", SECRET))),
    "png-itxt-compressed": ("photo.png", png(itxt("Description", SECRET, compressed=True))),
    "png-itxt-utf8": ("photo.png", png(itxt("Description", ACCENTED, compressed=False))),
    "png-itxt-xmp": ("photo.png", png(itxt("XML:com.adobe.xmp", xmp(SECRET).decode(), compressed=True))),
    "png-exif-utf16le": ("photo.png", png(chunk(b"eXIf", tiff(xp_comment(ACCENTED))))),
    "jpeg-exif-utf16le": ("photo.jpg", jpeg((0xE1, b"Exif\0\0" + tiff(xp_comment(SECRET)))),),
    "jpeg-exif-utf16be": ("photo.jpg", jpeg((0xE1, b"Exif\0\0" + tiff(user_comment(SECRET, True), big_endian=True)))),
    "jpeg-xmp-utf8": ("photo.jpg", jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp(ACCENTED)))),
    "webp-exif-utf16le": ("photo.webp", webp((b"VP8X", b"\x08" + b"\0" * 9),
                                             (b"EXIF", tiff(user_comment(ACCENTED, False))),
                                             (b"VP8 ", b"\x10\x02\0\0\x9d\x01\x2a"))),
    "pdf-title-hex-utf16": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")),
                                             info=b"<< /Title <" + utf16(SECRET).hex().upper().encode() + b"> >>")),
    "pdf-title-literal-utf16": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")),
                                                 info=b"<< /Title " + literal(utf16(ACCENTED)) + b" >>")),
    "pdf-title-octal-utf16": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")),
                                               info=b"<< /Subject " + octal(utf16(SECRET)) + b" >>")),
    "pdf-flate-page-text": ("deck2.pdf", pdf(stream(page(b"(" + SECRET.encode() + b") Tj")))),
    "pdf-flate-page-kerned": ("deck2.pdf", pdf(stream(page(
        b"[(Poa) -20 (ch the Glo) 15.5 (bex) -333 (design team)] TJ")))),
    "pdf-flate-page-winansi": ("deck2.pdf", pdf(stream(page(literal(ACCENTED.encode("latin-1")) + b" Tj")))),
    "pdf-flate-xmp": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")),
                                       stream(xmp(ACCENTED), extra=b" /Type /Metadata /Subtype /XML"))),
    "pdf-object-stream": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), stream(
        b"6 0 << /Title <" + utf16(SECRET).hex().encode() + b"> >>", extra=b" /Type /ObjStm /N 1 /First 4"))),
    # text in fonts read only through their ToUnicode map (Word, Chrome, LibreOffice)
    "pdf-type0-bfchar": ("deck2.pdf", type0_text(SECRET)),
    "pdf-type0-bfrange": ("deck2.pdf", type0(standard_ids(SECRET) + b" Tj", cmap(
        b"<0000> <FFFF>", b"1 beginbfrange\n<0003> <0061> <0020>\nendbfrange"))),
    "pdf-type0-bfrange-array": ("deck2.pdf", type0(b"0 0 " + glyph_ids(ACCENTED, glyphs(ACCENTED)) + b' "', cmap(
        b"<0000> <FFFF>", b"1 beginbfrange\n<0003> <%04X> [%s]\nendbfrange" % (
            len(glyphs(ACCENTED)) + 2, b" ".join(unicode_hex(char) for char in glyphs(ACCENTED)))))),
    "pdf-type0-kerned": ("deck2.pdf", type0(b"[%s -20 %s 15.5 %s -333 %s] TJ" % tuple(
        glyph_ids(piece, glyphs(SECRET)) for piece in ("Poa", "ch the Glo", "bex", "design team")),
        cmap(b"<0000> <FFFF>", bfchar(glyphs(SECRET))))),
    "pdf-simple-differences": ("deck2.pdf", differences(ACCENTED)),
    "pdf-ascii85-flate": ("deck2.pdf", pdf(stream(page(b"(" + SECRET.encode() + b") Tj"),
                                                  filters=("ASCII85Decode", "FlateDecode")))),
    "other-utf16le": ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xfe" + SECRET.encode("utf-16-le") + b"\0;"),
    "other-utf16be": ("clip.mp4", b"\0\0\0\x18ftypmp42\0\0\0\0udta\xa9cmt" + SECRET.encode("utf-16-be") + b"\0"),
    # images as Pillow writes them
    "jpeg-saved-exif": ("photo.jpg", saved("JPEG", exif=b"Exif\0\0" + tiff(xp_comment(ACCENTED)))),
    "jpeg-saved-comment": ("photo.jpg", saved("JPEG", comment=ACCENTED.encode())),
    "webp-saved-xmp": ("photo.webp", saved("WEBP", xmp=xmp(ACCENTED))),
    "webp-saved-exif": ("photo.webp", saved("WEBP", exif=tiff(user_comment(ACCENTED, False)))),
    "gif-saved-comment": ("anim.gif", saved("GIF", comment=ACCENTED.encode())),
    "tiff-saved-description": ("scan.tif", saved("TIFF", description=SECRET)),
    "png-saved-exif": ("photo.png", saved("PNG", exif=tiff(xp_comment(ACCENTED)))),
    # PDF streams under the filters the old reader skipped
    "pdf-lzw-page-text": ("deck2.pdf", pdf(stream(page(b"(" + SECRET.encode() + b") Tj"), filters=("LZWDecode",)))),
    "pdf-run-length-page-text": ("deck2.pdf", pdf(stream(page(literal(utf16(ACCENTED)) + b" Tj"),
                                                         filters=("RunLengthDecode",)))),
    "pdf-lzw-xmp": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), stream(
        xmp(ACCENTED), filters=("LZWDecode",), extra=b" /Type /Metadata /Subtype /XML"))),
    # where else a PDF keeps text: an annotation, a form field, a bookmark, marked content, an attachment
    "pdf-annotation": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] "
                                        b"/Contents " + literal(utf16(ACCENTED)) + b" >>")),
    "pdf-form-field": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), b"<< /FT /Tx /T (notes) /V <"
                                        + utf16(SECRET).hex().encode() + b"> >>")),
    "pdf-bookmark": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), b"<< /Title " + octal(utf16(SECRET)) + b" >>")),
    "pdf-actual-text": ("deck2.pdf", pdf(stream(page(b"/Span << /ActualText " + literal(utf16(ACCENTED))
                                                     + b" >> BDC (x) Tj EMC")))),
    "pdf-attached-png": ("deck2.pdf", pdf(stream(page(b"(Hello) Tj")), stream(
        png(ztxt("Comment", SECRET)), extra=b" /Type /EmbeddedFile /Subtype /image#2Fpng"))),
    # a file's name can lie: its kind is told by its bytes
    "png-named-jpg": ("photo.jpg", png(ztxt("Comment", SECRET))),
    "pdf-named-txt": ("notes.txt", pdf(stream(page(b"(" + SECRET.encode() + b") Tj")))),
    "pdf-named-png": ("photo.png", pdf(stream(page(b"(" + SECRET.encode() + b") Tj")))),
}


# Files a viewer shows only by guessing (a page's font in an object stream the cross-reference does not
# list): the gate cannot tell what they show, so it refuses them.
DAMAGED = {
    "pdf-type0-object-stream": ("deck2.pdf", type0(glyph_ids(SECRET, glyphs(SECRET)) + b" Tj", cmap(
        b"<0000> <FFFF>", bfchar(glyphs(SECRET))), stream(
            b"10 0 << /Type /Font /Subtype /Type0 /BaseFont /ABCDEE+Calibri /Encoding /Identity-H "
            b"/DescendantFonts [7 0 R] /ToUnicode 6 0 R >>", extra=b" /Type /ObjStm /N 1 /First 5"), font=10)),
    "pdf-cut-short": ("deck2.pdf", pdf(stream(page(b"(" + SECRET.encode() + b") Tj")))[:200]),
    "png-chunk-longer-than-the-file": ("photo.png", png(b"\xff\xff\xff\xf0zTXtComment\0\0"
                                                        + zlib.compress(SECRET.encode())[:-3])),
    "jpeg-cut-short": ("photo.jpg", HIDDEN["jpeg-exif-utf16le"][1][:-12]),
}


def test_a_built_site_with_compressed_metadata_passes(site):
    """The public poster (zTXt, compressed XMP, EXIF in UTF-16) and deck (Flate page, UTF-16 title) are clean."""
    copy, findings = site
    assert (copy / "assets" / "demo" / "poster.png").read_bytes() == HARMLESS_PNG
    assert (copy / "assets" / "demo" / "deck.pdf").read_bytes() == HARMLESS_PDF
    assert findings() == []
    # ...and not because nothing was read of them
    poster, whole = binary_text.read(HARMLESS_PNG)
    assert whole and "Campaign poster" in poster and PUBLIC in poster and "Northwind Studio export" in poster
    deck, whole = binary_text.read(HARMLESS_PDF)
    assert whole and "Campaign deck" in deck and PUBLIC in deck


def test_harmless_compressed_files_are_not_findings(site):
    """What the audience may see (a visible task's title, the campaign's) is no finding, compressed or not."""
    copy, findings = site
    (copy / "assets" / "demo" / "other.png").write_bytes(
        png(ztxt("Title", "Storyboard sketches"), itxt("Description", "Demo campaign, Client Co.", True),
            chunk(b"eXIf", tiff(xp_comment("Storyboard sketches for Client Co.")))))
    (copy / "assets" / "demo" / "other.pdf").write_bytes(
        pdf(stream(page(b"[(Story) -10 (board sketches)] TJ")), stream(xmp("Demo campaign"), extra=b" /Type /Metadata"),
            info=b"<< /Title " + literal(utf16(PUBLIC)) + b" /Producer (Northwind) >>"))
    assert findings() == []


def test_harmless_text_in_a_font_with_a_tounicode_map_is_read_and_is_no_finding(site):
    """A deck saved from Word or Chrome (composite fonts, glyph ids): its words are read, and are no finding."""
    copy, findings = site
    visible = f"{PUBLIC}: Storyboard sketches"
    (copy / "assets" / "demo" / "other.pdf").write_bytes(type0_text(visible))
    (copy / "assets" / "demo" / "other2.pdf").write_bytes(differences("Demo campaign for Client Co."))
    assert findings() == []
    text, whole = binary_text.read(type0_text(visible))
    assert whole and visible in text
    assert "Demo campaign for Client Co." in binary_text.read(differences("Demo campaign for Client Co."))[0]


def object_stream(*bodies: bytes, first_number: int = 6) -> bytes:
    """An object stream as PDF 1.5 writers store objects (WeasyPrint, Word): a header of number-offset
    pairs, then the objects, several of them, each a dictionary with arrays and numbers."""
    offsets, at = [], 0
    for body in bodies:
        offsets.append(at)
        at += len(body) + 1
    header = b" ".join(b"%d %d" % (first_number + n, o) for n, o in enumerate(offsets)) + b"\n"
    data = header + b"\n".join(bodies)
    return stream(data, extra=b" /Type /ObjStm /N %d /First %d" % (len(bodies), len(header)))


def test_an_object_stream_of_several_objects_is_no_damage(site):
    """The gate steps through an object stream byte by byte for every string: what pypdf says of the
    half-tokens it is handed there is the scan's doing, not damage (a WeasyPrint PDF was refused for it)."""
    copy, findings = site
    harmless = object_stream(
        b"<< /Type /Annot /Subtype /Link /Rect [56.69 790.866142 120.5 800.1] /Border [0 0 0] /Dest (milestones) >>",
        b"<< /Title " + literal(utf16(PUBLIC)) + b" /Kids [7 0 R 8 0 R] /Count -2 >>",
        b"[/PDF /Text] 0.354331 -12 << /Widths [500 -250.5 0] >>")
    (copy / "assets" / "demo" / "other.pdf").write_bytes(pdf(stream(page(b"(Storyboard sketches) Tj")), harmless))
    assert findings() == []
    text, whole = binary_text.read(pdf(stream(page(b"(Hello) Tj")), harmless))
    assert whole and PUBLIC in text


def test_a_font_name_is_read_as_its_page_or_form_means_it():
    """/F1 of the page and /F1 of a form it draws are two fonts, each with its map: each is read with its own."""
    secret, accented = glyphs(SECRET), glyphs(ACCENTED)
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEE+Calibri /Encoding /Identity-H "
            b"/DescendantFonts [7 0 R] /ToUnicode %d 0 R >>")
    form = stream(b"BT /F1 12 Tf 0 0 Td " + glyph_ids(ACCENTED, accented) + b" Tj ET",
                  extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 8 0 R >> >>")
    objects = (font % 6, stream(cmap(b"<0000> <FFFF>", bfchar(secret))), b"<< /Type /Font /Subtype /CIDFontType2 >>",
               font % 9, stream(cmap(b"<0000> <FFFF>", bfchar(accented))), form)
    content = stream(page(glyph_ids(SECRET, secret) + b" Tj") + b" /X1 Do")
    text, whole = binary_text.read(pdf(content, *objects, resources=b"/Font << /F1 5 0 R >> /XObject << /X1 10 0 R >>"))
    assert whole and SECRET in text and ACCENTED in text
    assert text.count(SECRET) == 1 and text.count(ACCENTED) == 1  # one reading each: no name was ambiguous


def test_a_tounicode_map_is_read_every_way_it_is_written():
    def read(cmap_text: bytes, shown: str) -> str:
        text, _ = binary_text.read(type0(b"<" + shown.encode() + b"> Tj", cmap_text))
        return text

    ids = glyphs(SECRET)
    assert SECRET in read(cmap(b"<0000> <FFFF>", bfchar(ids)), glyph_ids(SECRET, ids)[1:-1].decode())
    # a range counted on from its first text; ligatures; a character beyond the BMP (a surrogate pair)
    ranges = (b"3 beginbfrange\n<0020> <0022> <0041>\n<0030> <0031> [<00660069> <D83DDE00>]\n"
              b"<0040> <0041> <D83DDE00>\nendbfrange")
    assert "ACfi😀😀😁" in read(cmap(b"<0000> <FFFF>", ranges), "00200022003000310040004100")
    for broken in (b"", b"beginbfchar <01", b"beginbfrange <0000> <FFFF> [", b"begincodespacerange <> <>",
                   b"beginbfrange <00000000000000> <00000000000000> <00>", cmap(b"<0000> <FFFF>", b"")):
        read(broken, "000102")  # no exception


@pytest.mark.parametrize("case", HIDDEN)
def test_a_hidden_text_in_a_binary_file_is_found(site, case):
    name, data = HIDDEN[case]
    copy, findings = site
    (copy / "assets" / "demo" / name).write_bytes(data)
    found = findings()
    assert any(f.startswith(f"assets/demo/{name}: hidden text") for f in found), found
    assert all(SECRET.lower() not in f.lower() and ACCENTED.lower() not in f.lower() for f in found)


@pytest.mark.parametrize("name, data", [
    ("poster.png", png(ztxt("Comment", SECRET))),
    ("deck.pdf", pdf(stream(page(b"(Hello) Tj")), info=b"<< /Title " + literal(utf16(SECRET)) + b" >>")),
    ("deck.pdf", pdf(stream(page(b"[(Poach the) -400 (Globex design team)] TJ")))),
    ("deck.pdf", type0_text(f"Notes: {SECRET}, then lunch")),  # as Word or Chrome would save it
])
def test_the_build_fails_naming_the_file(built, tmp_path, name, data):
    """A public asset whose metadata or page holds an internal task's title fails the build (the red team's case)."""
    workspace, _ = built
    root = tmp_path / "ws"
    shutil.copytree(workspace.root, root)
    (root / "content" / "assets" / name).write_bytes(data)
    with pytest.raises(AuditError) as caught:
        pipeline.build(root, output=tmp_path / "out")
    report = str(caught.value)
    assert f"assets/demo/{name}: hidden text" in report, report
    assert SECRET.lower() not in report.lower()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# Bounds ------------------------------------------------------------------------------------------


def deflate_bomb(size: int, fill: bytes = b"A") -> bytes:
    """zlib data that inflates to `size` bytes (a thousand times its own size)."""
    packer, block = zlib.compressobj(9), (fill * (1 << 20))[:1 << 20]
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_a_zip_bomb_is_read_only_up_to_the_limit_and_is_a_finding(site, kind):
    copy, findings = site
    bomb = deflate_bomb(bounds.MAX_FILE * 4)
    if kind == "pdf":
        data = pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream")
    else:
        data = png(chunk(b"zTXt", b"Comment\0\0" + bomb))
    assert len(data) < bounds.MAX_FILE // 100
    (copy / "assets" / "demo" / f"bomb.{kind}").write_bytes(data)
    started = time.perf_counter()
    found = findings()
    assert time.perf_counter() - started < 30
    assert any(f.startswith(f"assets/demo/bomb.{kind}: more than the audit reads (16 MiB decompressed a file")
               and f.endswith("so not all of its text was read") for f in found), found

    tracemalloc.start()
    try:
        _, whole = binary_text.read(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not whole and peak < 4 * bounds.MAX_FILE  # the limit's worth of text, never the bomb's


def test_the_limit_holds_for_a_whole_site(site, monkeypatch):
    """Files each under the per-file limit, together over the site's: the ones past it are findings."""
    monkeypatch.setattr(bounds, "MAX_SITE", 3 << 20)
    copy, findings = site
    for name in ("z1.pdf", "z2.pdf", "z3.pdf"):  # audited after the site's own deck and poster
        data = deflate_bomb(2 << 20, b"page text ")
        (copy / "assets" / "demo" / name).write_bytes(pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n"
                                                          % len(data) + data + b"\nendstream"))
    unread = sorted(f.split(":")[0] for f in findings() if "not all of its text was read" in f)
    assert unread == ["assets/demo/z2.pdf", "assets/demo/z3.pdf"]


def test_the_strings_decoded_in_a_file_are_bounded_too(site, monkeypatch):
    """A page of a million tiny strings costs the audit a bounded time, and is a finding."""
    monkeypatch.setattr(bounds, "MAX_STRINGS", 100)  # the site's own deck reads 24; `some` about 60
    copy, findings = site
    (copy / "assets" / "demo" / "many.pdf").write_bytes(pdf(stream(page(b"(\\101) Tj " * 101))))
    (copy / "assets" / "demo" / "some.pdf").write_bytes(pdf(stream(page(b"(\\101) Tj " * 40))))
    unread = [f for f in findings() if "not all of its text was read" in f]
    assert len(unread) == 1 and unread[0].startswith("assets/demo/many.pdf: more than the audit reads"), unread
    assert "100 PDF strings and operations a file" in unread[0]


def test_text_read_through_a_font_map_is_bounded_too(monkeypatch):
    """Reading a page's strings costs the same bounded allowance: operations count too."""
    monkeypatch.setattr(bounds, "MAX_STRINGS", 150)  # the page with 40 font changes reads about 120
    ids = glyphs(SECRET)
    shown = glyph_ids(SECRET, ids) + b" Tj "
    to_unicode = cmap(b"<0000> <FFFF>", bfchar(ids))
    text, whole = binary_text.read(type0(b"/F1 12 Tf " * 40 + shown, to_unicode))
    assert whole and SECRET in text
    text, whole = binary_text.read(type0(b"/F1 12 Tf " * 70 + shown, to_unicode))
    assert not whole


def test_a_budget_is_spent_by_what_each_file_inflates():
    budget = binary_text.Budget(per_file=1 << 20, per_site=(3 << 20) // 2)
    exact = pdf(stream(b"x" * (1 << 20)))
    assert binary_text.read(exact, budget)[1]  # exactly the limit: read whole
    assert budget.left == (1 << 19)
    assert not binary_text.read(exact, budget)[1]  # half of it left for the site
    assert budget.left == 0
    assert binary_text.read(pdf(stream(b"")), budget)[1]  # nothing to inflate: nothing unread


@pytest.mark.parametrize("case", HIDDEN)
def test_a_cut_or_damaged_file_is_read_without_error(case):
    _, data = HIDDEN[case]
    for cut in range(0, len(data), max(1, len(data) // 97)):
        binary_text.read(data[:cut])
        damaged = bytearray(data)
        damaged[cut] ^= 0x5A
        binary_text.read(bytes(damaged))


@pytest.mark.parametrize("case", DAMAGED)
def test_a_file_its_library_cannot_read_is_refused(site, case):
    """A damaged or cut-short image or PDF is a finding: the gate cannot vouch for what it did not read."""
    name, data = DAMAGED[case]
    copy, findings = site
    (copy / "assets" / "demo" / name).write_bytes(data)
    found = findings()
    assert any(f.startswith(f"assets/demo/{name}: a ") and "which the audit cannot open" in f for f in found), found
    assert all(SECRET.lower() not in f.lower() for f in found)


@pytest.fixture()
def lenient_pillow(monkeypatch):
    """Pillow as another library in the same process leaves it: WeasyPrint (the PDF pack) turns on
    LOAD_TRUNCATED_IMAGES when imported, which drops a damaged or too-large PNG text chunk silently."""
    from PIL import ImageFile, PngImagePlugin
    lenient = ((ImageFile, "LOAD_TRUNCATED_IMAGES", True), (PngImagePlugin, "MAX_TEXT_CHUNK", 1 << 40),
               (PngImagePlugin, "MAX_TEXT_MEMORY", 1 << 40), (Image, "MAX_IMAGE_PIXELS", None))
    for module, name, value in lenient:
        monkeypatch.setattr(module, name, value)
    yield
    assert all(getattr(module, name) == value for module, name, value in lenient)  # left as it was found


@pytest.mark.parametrize("case", [name for name, (file, _) in DAMAGED.items() if not file.endswith(".pdf")])
def test_a_damaged_image_is_unread_whatever_another_library_set_in_pillow(lenient_pillow, case):
    _, data = DAMAGED[case]
    assert binary_text.read_apart(data)[0].unreadable


def test_a_png_text_bomb_is_bounded_whatever_another_library_set_in_pillow(lenient_pillow):
    text, whole = binary_text.read(png(chunk(b"zTXt", b"Comment\0\0" + deflate_bomb(bounds.MAX_FILE * 4))))
    assert not whole


def test_the_gate_reads_images_strictly_after_the_pdf_pack_library_is_loaded():
    """The build draws packs, then audits, in one process: WeasyPrint's import must not weaken the gate."""
    pytest.importorskip("weasyprint")
    from PIL import ImageFile
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # what WeasyPrint does; if a release stops, this test can go
    assert not binary_text.read(png(chunk(b"zTXt", b"Comment\0\0" + deflate_bomb(bounds.MAX_FILE * 4))))[1]
    _, cut = DAMAGED["png-chunk-longer-than-the-file"]
    assert binary_text.read_apart(cut)[0].unreadable


def test_an_encrypted_pdf_is_read_if_it_opens_without_a_password_and_refused_if_not():
    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HIDDEN["pdf-flate-page-text"][1])))
        writer.encrypt(user_password, "owner secret", algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    found, whole = binary_text.read_apart(encrypted(""))
    assert whole and not found.unreadable and any(SECRET in text for text in found.texts)
    found, whole = binary_text.read_apart(encrypted("open sesame"))
    assert found.unreadable == ["an encrypted PDF that needs a password"]
    assert not any(SECRET in text for text in found.texts)


def test_a_pdf_string_every_way_it_is_written():
    def texts(syntax: bytes) -> list[str]:
        found, whole = binary_text.read_apart(pdf(stream(page(syntax))))
        assert whole and not found.unreadable
        return [line.strip() for text in found.texts for line in text.splitlines()]

    def words(syntax: bytes) -> set[str]:
        return {canonical(decode(text)) for text in texts(syntax)}

    assert SECRET in texts(literal(utf16(SECRET)) + b" Tj")
    assert ACCENTED in texts(b"<" + utf16(ACCENTED).hex().encode() + b"> Tj")
    assert "Poach" in texts(b"<FEFF 0050 006F 0061 0063 0068> Tj")  # spaces in hex are ignored
    nested = binary_text.read(pdf(stream(page(b"(a \\(nested (pair)\\) and \\\\ \\n, Gr\\340cia) Tj"))))[0]
    assert "a (nested (pair)) and \\ \n, Gràcia" in nested
    assert "line onecontinued" in texts(b"(line one\\\ncontinued) Tj")
    assert "poached team" in words(b"[(Poa) -20 (ch) 10.5 (ed) -300 (team)] TJ")
    assert "poac" in words(b"[<506F> -20 <61> 10 <63>] TJ")
    assert {"one", "two"} <= words(b"(one) Tj 0 -14 Td (two) Tj")
    assert "poaché globex" in words(b"[(Poa) -20 (ch\\351) -400 (Globex)] TJ")


def test_utf16_runs_of_either_byte_order():
    le, be = ("A " + SECRET).encode("utf-16-le"), SECRET.encode("utf-16-be")
    text = binary_text.runs(b"\x01\x02" + le + b"\x00\x00\x03" + be + b"\x04").splitlines()
    assert "A " + SECRET in text and SECRET in text
    assert "Rework" in binary_text.runs(b"UNICODE\0" + "Rework".encode("utf-16-le")).splitlines()  # one reading
    assert "Rework" in binary_text.runs(b"\x01" + "Rework".encode("utf-16-le")).splitlines()  # the other


def test_exif_text_fields_in_any_byte_order():
    for big_endian in (False, True):
        data = tiff((0x010E, 2, "Café crème\0".encode()), xp_comment(ACCENTED), user_comment(SECRET, big_endian),
                    (0x9C9E, 1, "日本語 ключ\0".encode("utf-16-le")), big_endian=big_endian)
        texts = printable.exif_anywhere(b"junk" + data + b"junk")
        assert sorted(t.strip() for t in texts) == sorted(["Café crème", ACCENTED, SECRET, "日本語 ключ"]), texts


def test_the_kind_is_told_by_the_bytes_not_the_name():
    assert binary_text.is_document(HARMLESS_PNG) and binary_text.is_document(HARMLESS_PDF)
    assert binary_text.is_document(b"\0" * 100 + HARMLESS_PDF)  # readers accept junk before the header
    assert not binary_text.is_document(b"\1" * 1024 + HARMLESS_PDF)
    assert not binary_text.is_document(HARMLESS_PNG[1:])
    assert binary_text.is_document(saved("WEBP")) and binary_text.is_document(saved("GIF"))


def test_a_long_report_set_in_kerned_text_is_read_whole():
    """25,000 hex-string TJ pieces, as a few dozen pages set by Word or Chrome give (glyph ids, one
    string a piece): read whole, not a finding for its size."""
    content = b"BT /F1 12 Tf " + b" ".join(b"[<00570052> -20 <00550047>] TJ" for _ in range(25_000)) + b" ET"
    _, whole = binary_text.read(pdf(stream(content)))
    assert whole


def test_a_pixel_bomb_is_not_decoded_and_is_a_finding():
    """A PNG that says it is 20,000 pixels square (400 megapixels) in a few kilobytes: not decoded."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 20_000, 20_000, 8, 0, 0, 0, 0))
    data = (b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", deflate_bomb(1 << 20, b"\0"))
            + ztxt("Comment", SECRET) + chunk(b"IEND", b""))
    tracemalloc.start()
    try:
        _, whole = binary_text.read_apart(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not whole and peak < bounds.MAX_FILE


def attached(data: bytes) -> bytes:
    """A PDF carrying `data` as an attached file."""
    return pdf(stream(page(b"(Hello) Tj")), stream(data, extra=b" /Type /EmbeddedFile"))


def test_a_file_attached_to_a_pdf_is_read_as_a_member_and_nesting_is_bounded(site):
    copy, findings = site
    (copy / "assets" / "demo" / "one.pdf").write_bytes(attached(attached(png(ztxt("Comment", SECRET)))))
    (copy / "assets" / "demo" / "deep.pdf").write_bytes(attached(attached(attached(attached(b"just text")))))
    found = findings()
    assert any(f.startswith("assets/demo/one.pdf: hidden text") for f in found), found
    assert any(f.startswith("assets/demo/deep.pdf: a file attached to a PDF nested 4 deep") for f in found), found


def test_an_attachment_is_read_even_when_its_stream_does_not_say_it_is_one(site):
    """/Type /EmbeddedFile is optional: the file the document lists as attached is read all the same."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_attachment("notes.png", png(ztxt("Comment", SECRET)))
    out = io.BytesIO()
    writer.write(out)
    untyped = out.getvalue().replace(b"/Type /EmbeddedFile", b" " * len(b"/Type /EmbeddedFile"))  # offsets kept
    copy, findings = site
    (copy / "assets" / "demo" / "notes.pdf").write_bytes(untyped)
    found = findings()
    assert any(f.startswith("assets/demo/notes.pdf: hidden text") for f in found), found
