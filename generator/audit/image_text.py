"""The text of an image, read with Pillow: what viewers and metadata tools show of it.

An image is told by its first bytes (PNG, JPEG, GIF, WebP, TIFF), never by
its name. Pillow opens it and decodes it (so a damaged or cut-short image
is known), and the audit reads, from every frame:

    PNG    tEXt, zTXt and iTXt chunks (inflated), wherever they are
    JPEG   COM comments, APP segments Pillow reads (JFIF, Adobe, MPO)
    GIF    comment extensions
    TIFF   every text tag of every page
    all    EXIF (every directory; UTF-16 in Windows' XP* tags and
           UserComment), XMP, the ICC profile's description, copyright,
           maker and model

An image Pillow cannot open or decode is said, for a "cannot open" finding.
Bounded: `MAX_PIXELS` decoded pixels a file, `MAX_FRAMES` frames, and
Pillow's own bounds on text chunks (set to `bounds.MAX_FILE`).

Pillow's settings are process-wide and other libraries change them:
WeasyPrint (the PDF pack) turns on `LOAD_TRUNCATED_IMAGES` when imported,
which makes Pillow drop a damaged or too-large text chunk without a word.
So every read pins the settings it relies on (`_strict_pillow`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

# The plugins are imported so that `Image.open` knows the formats it is allowed to try.
from PIL import (  # noqa: F401
    GifImagePlugin,
    Image,
    ImageCms,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)

from generator.audit import bounds, printable

# Their first bytes: the formats whose metadata Pillow reads (a RIFF is a WebP only with "WEBP" at 8).
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF",
               b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
_FORMATS = ["PNG", "JPEG", "GIF", "WEBP", "TIFF"]  # JPEG: a multi-picture JPEG (MPO) too
MAX_PIXELS = 64_000_000  # a 64-megapixel photo; a pixel "bomb" past it is not decoded, and is a finding
MAX_FRAMES = 1000  # frames of an animation, pages of a TIFF
_ICC_FIELDS = ("profile_description", "copyright", "manufacturer", "model")

# (module, name, value): Pillow's settings the audit relies on. No PNG text chunk, and no file,
# inflates to more than a file may; damage is an error, never skipped; a pixel bomb is refused.
_STRICT = ((ImageFile, "LOAD_TRUNCATED_IMAGES", False),
           (PngImagePlugin, "MAX_TEXT_CHUNK", bounds.MAX_FILE),
           (PngImagePlugin, "MAX_TEXT_MEMORY", bounds.MAX_FILE),
           (Image, "MAX_IMAGE_PIXELS", 1024 * 1024 * 1024 // 4 // 3))  # Pillow's own default


def kind(data: bytes) -> str | None:
    """'PNG', 'JPEG', 'GIF', 'WEBP' or 'TIFF' by the first bytes (None: none of those)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((name for magic, name in _SIGNATURES.items() if data.startswith(magic)), None)


def read(data: bytes, allowance: bounds.Allowance, found: bounds.Found) -> None:
    """Add the image's texts, or what Pillow could not open, to `found`."""
    what = kind(data) or "an image"
    try:
        with _strict_pillow(), Image.open(io.BytesIO(data), formats=_FORMATS) as image:
            _read_frames(image, allowance, found)
    except (Image.DecompressionBombError, MemoryError):
        allowance.exceeded = True
    except Exception as error:  # noqa: BLE001 - damaged or cut short: what it holds is not known
        if "too large" in str(error):  # Pillow's bound on a PNG's text chunks
            allowance.exceeded = True
        else:
            found.unreadable.append(f"a {what} image that Pillow cannot read ({type(error).__name__})")


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Pillow set as `_STRICT` says while the audit reads, then as it was (audiences build one per process)."""
    before = [getattr(module, name) for module, name, _ in _STRICT]
    for module, name, value in _STRICT:
        setattr(module, name, value)
    try:
        yield
    finally:
        for (module, name, _), value in zip(_STRICT, before):
            setattr(module, name, value)


def _read_frames(image: Image.Image, allowance: bounds.Allowance, found: bounds.Found) -> None:
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        allowance.exceeded = True
    pixels = 0
    for index in range(min(frames, MAX_FRAMES)):
        image.seek(index)
        pixels += image.width * image.height
        if pixels > MAX_PIXELS:
            allowance.exceeded = True
        else:  # decoding reads what follows the pixels (a PNG's late chunks) and tells damage
            if image.format == "JPEG":  # decoded at an eighth of its size: as telling, eight times faster
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
        found.texts += _frame_texts(image)
        if allowance.exceeded:
            return


def _frame_texts(image: Image.Image) -> list[str]:
    texts = [printable.clean(text) for key, value in image.info.items() for text in _info_texts(str(key), value)]
    texts += printable.exif_texts(image.getexif())
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        texts += printable.directory_texts(image.tag_v2)  # a TIFF's own tags: no EXIF subdirectories
    return texts


def _info_texts(key: str, value: object) -> list[str]:
    """What Pillow's `info` holds as text: a PNG's text chunks (keyword and text), comments, XMP, ICC."""
    if key == "icc_profile" and isinstance(value, bytes):
        return _icc_texts(value)
    if key == "exif":
        return []  # read whole by `getexif`
    if isinstance(value, str):
        return [key, value, *(part for part in (getattr(value, "lang", None), getattr(value, "tkey", None)) if part)]
    if isinstance(value, bytes):
        return [key, value.decode("utf-8", errors="replace")]
    if isinstance(value, (list, tuple)):
        return [key, *(part.decode("utf-8", "replace") if isinstance(part, bytes) else str(part) for part in value)]
    return []


def _icc_texts(profile: bytes) -> list[str]:
    """An ICC profile's description, copyright, maker and model (as littleCMS reads them), and its runs."""
    read = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile  # a damaged one: the image is not read
    return [printable.runs(profile)] + [str(getattr(read, name, "") or "") for name in _ICC_FIELDS]
