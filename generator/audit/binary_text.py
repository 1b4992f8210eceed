"""The text of a binary file (an image, a PDF) as a viewer or a metadata tool shows it.

A file's kind is told by its first bytes, never by its name (a name can
lie). Every binary file gives what a search of its bytes shows (printable.py:
printable runs in ASCII and UTF-16, XMP packets, EXIF blocks). Then, by kind,
a well-kept library reads what the format keeps:

    PDF    pypdf (pdf_text.py): every object's strings, every stream decoded,
           every page's text through its fonts, attachments
    image  Pillow (image_text.py): PNG text chunks, EXIF, XMP, ICC, JPEG and
           GIF comments, TIFF tags

What the library cannot open (a damaged image, an encrypted PDF) is said,
for a "cannot open" finding: the gate cannot vouch for what it did not read.
Decompression and parsing are bounded (bounds.py).
"""

from __future__ import annotations

from generator.audit import image_text, pdf_text, printable
from generator.audit.bounds import Budget, Found, limits  # noqa: F401 - what scan.py and tests use

_PDF = b"%PDF-"  # within the first 1,024 bytes, as readers accept it
runs = printable.runs


def read(data: bytes, budget: Budget | None = None) -> tuple[str, bool]:
    """The file's text, and whether all of it was read (False: the budget ran out, or a part could not
    be opened)."""
    found, whole = read_apart(data, budget)
    texts = [runs(data), *found.texts]
    return "\n".join(part for part in texts if part), whole and not found.unreadable


def read_apart(data: bytes, budget: Budget | None = None) -> tuple[Found, bool]:
    """What the file's format keeps as text (metadata, chunks, PDF strings and pages), what could not be
    opened, the files it carries; and whether all was read within the budget. The printable runs of
    the raw bytes are apart (`runs`): compressed or random bytes spell words now and then (an "e-mail
    address" every 20 MB or so of a video), while fields are text someone wrote."""
    budget = budget or Budget()
    allowance = budget.file()
    found = Found(texts=[printable.xmp(data), *printable.exif_anywhere(data)])
    reader = _reader(data)
    if reader is not None:
        reader(data, allowance, found)
    budget.spend(allowance)
    found.texts = [text for text in found.texts if text]
    return found, not allowance.exceeded


def is_document(data: bytes) -> bool:
    """Whether the bytes are of a kind with its own reader (whatever the file's name)."""
    return _reader(data) is not None


def _reader(data: bytes):
    if image_text.kind(data) is not None:
        return image_text.read
    if data.find(_PDF, 0, 1024) >= 0:
        return pdf_text.read
    return None
