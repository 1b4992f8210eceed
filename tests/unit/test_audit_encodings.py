"""Every compressed or encoded payload is read, or is a finding: the gate never passes what it cannot read.

README: "a file the gate cannot open is a finding". zlib streams, raw
deflate and LZMA-alone files went through unread (their bytes are no text),
so a hidden sentence inside passed the gate.
"""

from __future__ import annotations

import io
import lzma
import zlib

import pytest
from PIL import Image

from tests.unit.test_audit import SECRET, built, plant_asset, site  # noqa: F401  (fixtures)

TEXT = f"<p>Minutes of the week. {SECRET}.</p>".encode() * 3


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def lzma_raw(data: bytes) -> bytes:
    return lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}])


READ = [
    ("notes.bin", zlib.compress(TEXT)),  # zlib: told by its header
    ("notes.zz", zlib.compress(TEXT, 1)),
    ("notes.dat", zlib.compress(TEXT) + b"\0" * 8),  # zero padding after the stream
    ("notes.bin", raw_deflate(TEXT)),  # raw deflate: no header, told by inflating
    ("notes.deflate", raw_deflate(TEXT)),
    ("blob", raw_deflate(TEXT + bytes(range(256)) * 64)),  # longer than the trial
    ("notes.lzma", lzma.compress(TEXT, format=lzma.FORMAT_ALONE)),  # LZMA-alone
    ("notes.bin", lzma.compress(TEXT, format=lzma.FORMAT_ALONE)),
    ("notes.png", zlib.compress(TEXT)),  # a name that lies
]


@pytest.mark.parametrize("name, data", READ)
def test_hidden_text_in_a_zlib_deflate_or_lzma_alone_payload_is_found(site, name, data):
    copy, findings = site
    rel = plant_asset(copy, name, data)
    assert any(f.startswith(f"{rel}: hidden text") for f in findings()), findings()


UNREADABLE = [
    ("notes.br", b"\x1b\x2a\x00\xf8" + bytes(range(200)), "a brotli-compressed file (by its name)"),
    ("notes.zst", b"\x28\xb5\x2f\xfd" + bytes(40), "a zstd-compressed file"),
    ("notes.lz4", b"\x04\x22\x4d\x18" + bytes(40), "an LZ4-compressed file"),
    ("notes.bin", b"\x04\x22\x4d\x18" + bytes(40), "an LZ4-compressed file"),
    ("notes.Z", b"\x1f\x9d\x90" + bytes(40), "a compress (.Z) file"),
    ("notes.lz", b"LZIP\x01\x0c" + bytes(40), "an lzip-compressed file"),
    ("notes.7z", b"7z\xbc\xaf\x27\x1c" + bytes(40), "a 7z archive"),
    ("notes.rar", b"Rar!\x1a\x07\x01\x00" + bytes(40), "a RAR archive"),
    ("notes.cab", b"MSCF\x00\x00\x00\x00" + bytes(40), "a CAB archive"),
    ("font.woff2", b"wOF2\x00\x01\x00\x00" + bytes(40), "a WOFF2 font"),
    ("font.woff", b"wOFF\x00\x01\x00\x00" + bytes(40), "a WOFF font"),
    ("tool.deb", b"!<arch>\ndebian-binary   " + bytes(40), "an ar archive"),
    ("notes.sz", b"\xff\x06\x00\x00sNaPpY" + bytes(40), "a snappy-compressed file"),
    ("notes.lzma", lzma_raw(TEXT), "a file named as lzma-compressed (.lzma) whose bytes do not decompress"),
    ("notes.zz", b"\x78\x9c" + bytes(range(1, 200)), "a file named as zlib-compressed (.zz)"),
]


@pytest.mark.parametrize("name, data, what", UNREADABLE)
def test_a_payload_the_audit_cannot_decompress_is_a_finding_that_says_what_it_is(site, name, data, what):
    copy, findings = site
    rel = plant_asset(copy, name, data)
    assert any(f.startswith(f"{rel}: {what}") and "which the audit cannot open" in f for f in findings()), \
        findings()


def test_text_that_starts_like_a_zlib_header_and_ordinary_binaries_pass(site):
    """'x^2' is a valid zlib header; a JPEG's and a random file's bytes inflate for a few bytes at most."""
    import random

    copy, findings = site
    plant_asset(copy, "maths.txt", b"x^2 + y^2 = z^2, said the brief, for all of the visuals.\n" * 20)
    photo = io.BytesIO()  # a real JPEG (the gate refuses one Pillow cannot decode) of noise: its bytes are random
    Image.frombytes("L", (250, 200), random.Random(1).randbytes(50_000)).save(photo, "JPEG", quality=95)
    plant_asset(copy, "photo.jpg", photo.getvalue())
    plant_asset(copy, "noise.bin", random.Random(2).randbytes(50_000))
    plant_asset(copy, "deck.zz", zlib.compress(b"Thirty seconds of quiet minutes. " * 40))
    assert findings() == []
