"""Which workspace files a site may copy (an asset's file, a logo) or a receipt may hash (an approval's file).

Checked when the workspace loads, so a wrong path is an error naming its
file, line and key, never a file copied into a client's site:

- the workspace's own sources never are: the history bundle (it holds every
  commit, every internal entry and every campaign), the campaign files,
  site_config.yml, and anything inside a `.git` or `.receipts-cache` folder;
  nor is any git bundle, whatever its name (told by its first bytes);
- a logo is an image the theme can show, told by its bytes as well as its
  name (LOGO_FORMATS), and an SVG logo is a plain one (active_content.py);
- final work holds nothing a browser would run (active_content.py).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from generator.load import active_content

CACHE_DIR = ".receipts-cache"  # the history's cache folder (history/repo.py)
CONFIG_FILE = "site_config.yml"
CAMPAIGN_DIR = ("content", "campaigns")
_HIDDEN_FOLDERS = (".git", CACHE_DIR)
_BUNDLE_MAGIC = (b"# v2 git bundle\n", b"# v3 git bundle\n")

# A logo's name ending -> its format; the bytes must be that format's.
LOGO_FORMATS = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP"}
LOGO_EXPECTED = "a logo image: an SVG, PNG, JPEG, GIF or WebP file (.svg, .png, .jpg, .jpeg, .gif, .webp)"
_SVG_PROLOG = 64 * 1024  # bytes read to find an SVG's <svg after its XML declaration, comments and doctype


def source_problem(root: Path, found: Path, written: str, bundle: str | None) -> str:
    """Why the workspace file `found` (resolved; written as `written`) is one of the workspace's sources; "" if not.

    `bundle`: the configured `history.bundle`, relative to the workspace.
    """
    root = root.resolve()
    try:
        parts = found.relative_to(root).parts
    except ValueError:  # inside() already refused a file outside the workspace
        return ""
    folded = tuple(part.casefold() for part in parts)  # a Mac or Windows disk takes .GIT for .git
    hidden = next((name for name in _HIDDEN_FOLDERS if name in folded), None)
    if hidden is not None:
        return f"'{written}' is inside the {hidden} folder, which is never published"
    if folded == (CONFIG_FILE,):
        return f"'{written}' is {CONFIG_FILE}, the workspace's configuration, which is never published"
    if folded[:2] == CAMPAIGN_DIR and len(folded) > 2:
        return (f"'{written}' is in content/campaigns/, the campaign files (with every internal entry), "
                "which are never published")
    if bundle is not None and (root / PurePosixPath(bundle)).resolve() == found:
        return (f"'{written}' is the history bundle (history.bundle in {CONFIG_FILE}): it holds the whole git "
                "history, internal entries and every campaign included, and is never published")
    if _head(found, 16) in _BUNDLE_MAGIC:
        return f"'{written}' is a git bundle (a whole git history), which is never published"
    return ""


def logo_problem(found: Path, written: str) -> str:
    """Why `found` is no logo image the theme can show; "" when it is one."""
    fmt = LOGO_FORMATS.get(found.suffix.lower())
    if fmt is None:
        return f"expected {LOGO_EXPECTED}; got '{written}'"
    head = _head(found, _SVG_PROLOG if fmt == "SVG" else 16)
    if not _IS_FORMAT[fmt](head):
        return f"'{written}' is named as a{'n' if fmt == 'SVG' else ''} {fmt} image but does not hold one " \
               f"(its first bytes are not {fmt}'s); expected {LOGO_EXPECTED}"
    if fmt == "SVG":
        why = active_content.svg_problem(_head(found, active_content.MAX_SVG + 1))
        if why:
            return (f"'{written}' {why}; a logo shows on every page of the client's site, where nothing may run "
                    "or load from elsewhere: expected a plain SVG (shapes, text, styles), or a PNG")
    return ""


def final_work_problem(found: Path, written: str) -> str:
    """Why an asset's file could run script on the site (active_content.py); "" when it cannot."""
    return active_content.final_work_problem(found, written, _is_svg)


def _head(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as handle:  # a regular file: inside() checked it, so opening cannot wait
            return handle.read(size)
    except OSError:
        return b""


_SVG_SKIPPED = (("<?xml", "?>"), ("<!--", "-->"))
# A doctype, with its internal subset if any: Illustrator's "Save As SVG" declares entities in one
# (<!DOCTYPE svg PUBLIC "..." "..." [ <!ENTITY ns_extend "..."> ... ]>), so its first ">" is not its end.
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)


def _is_svg(head: bytes) -> bool:
    """Text whose first element is <svg, after an optional BOM, XML declaration, comments and doctype."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    while True:
        text = text.lstrip()
        doctype = _DOCTYPE.match(text)
        if doctype:
            text = text[doctype.end():]
            continue
        close = next((end for start, end in _SVG_SKIPPED if text.startswith(start)), None)
        if close is None:
            break
        end = text.find(close)
        if end < 0:
            return False
        text = text[end + len(close):]
    return text.startswith("<svg") and text[4:5] in (" ", "\t", "\n", "\r", ">", "/")


_IS_FORMAT = {
    "SVG": _is_svg,
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "GIF": lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    "WebP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}
