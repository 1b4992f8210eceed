"""Scanning every file of a built site, and every file name.

What is read of a file:

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
  - a file a browser would open as a page or XML (active.py), by its name or
    its first bytes: searched for script;
  - the parts of an Office file (`word/document.xml`, a slide, an xlsx's
    shared strings) also with the text runs of a paragraph joined, so that a
    word Word split across runs (`<w:t>bud</w:t></w:r><w:r><w:t>get</w:t>`)
    is one word again.

Each text is decoded, reduced to words and searched for hidden phrases;
e-mail addresses, `[internal]` markers, HTML comments, paths of the build
machine, `file://` URLs and source maps are sought too; links must lead to
files of the site. A file whose bytes are a hidden asset's is a finding
whatever its name, and so is a member of a container (at any depth) whose
bytes are. A file with more than the audit reads (the bounds of
`binary_text` and `containers`), or holding something it cannot open, is a
finding too: the gate cannot vouch for what it did not read.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.audit import active, binary_text, containers, encodings, links, pieces, vendor
from generator.audit.hidden import Hidden, name_stem
from generator.audit.memo import Kept, Memo, conditions
from generator.audit.text import canonical, decode, shorten

TEXT_SUFFIXES = {".html", ".htm", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".css", ".svg", ".md",
                 ".map", ".yml", ".yaml", ".tsv"}
MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml"}
CODE_SUFFIXES = {".js", ".mjs", ".css"}  # the theme's and vendors' code, where "file://" may be a word
# Names the generator gives files and folders whatever the content: an entry id that happens to be
# one of them ("notes", "brief") says nothing about that entry.
GENERATED_NAMES = frozenset({
    "index", "search", "404", "sitemap", "matrix", "timeline", "decisions", "approvals", "notes", "work",
    "measures", "data", "assets", "brand", "css", "js", "vendor", "site", "receipts", "print", "charts",
    "plotly", "brief", "cycle-time", "on-time", "rework", "nps"})
_FILE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "css", "js", "html", "htm",
                    "json", "csv", "mp4", "webm", "mov", "txt", "xml", "ico", "woff", "woff2"}
_EMAIL = re.compile(r"[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.([^\W\d_]{2,})")
_MARKER = re.compile(r"\[/?internal\]")
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """What one site is held to."""

    hidden: Hidden
    machine_paths: tuple[str, ...] = ()  # absolute paths of the build machine
    site_url: str | None = None


def _emails(decoded: str) -> list[str]:
    if "@" not in decoded:  # most pages: the pattern would try every word start for nothing
        return []
    return sorted({m.group(0) for m in _EMAIL.finditer(decoded) if m.group(1) not in _FILE_EXTENSIONS})


def _show_email(address: str) -> str:
    return f"{address.split('@')[0][:3]}…@…"


_SNIFF = 8192  # the first bytes, which tell a file's kind, and text from binary
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


def _read(name: str, data: bytes, reading: Reading, depth: int = 0, main: bool = True,
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
    if text is not None or suffix in TEXT_SUFFIXES or (not document and b"\0" not in data[:_SNIFF]):
        if text is None:
            text = data.decode("utf-8", errors="replace")
        yield Text(text, main, True, browser=active.browser_kind(name, data[:_SNIFF]) if main else None)
        if suffix == ".xml" and (joined := _office_joined(text)) is not None:
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
        yield from _read(name, attached, reading, depth + 1, False, inner)


def _read_member(member: containers.Member, reading: Reading, depth: int, main: bool,
                 where: str) -> Iterator[Text]:
    """A member, read whole (as far as the room goes); one read as text, up to `containers.MAX_TEXT`."""
    head = member.peek(_SNIFF)
    if containers.kind(head) is None and _textual(member.name, head):
        data = member.read(containers.MAX_TEXT + 1)
        if len(data) > containers.MAX_TEXT:
            data, reading.whole = data[:containers.MAX_TEXT], False
    else:
        data = member.read(sys.maxsize)
    if member.cut:
        reading.whole = False
    reading.members.append((where, hashlib.sha256(data).hexdigest()))
    yield from _read(member.name, data, reading, depth, main, where)


def _textual(name: str, head: bytes) -> bool:
    """Whether a file whose first bytes are `head` is read as text (as `_read_file` tells)."""
    suffix = Path(name).suffix.lower()
    return (suffix in TEXT_SUFFIXES or _unicode(head, suffix) is not None
            or (not binary_text.is_document(head) and b"\0" not in head[:_SNIFF]))


def _unicode(data: bytes, suffix: str) -> str | None:
    """A text in UTF-16 or UTF-32 by its byte-order mark, decoded (None: no mark, or binary bytes after it)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if suffix not in TEXT_SUFFIXES:  # a binary file may start with these bytes: its first text must read
                sample = data[len(bom):len(bom) + _SNIFF].decode(codec, errors="replace")
                if _NOT_TEXT.search(sample[:-1]):
                    return None
            return data[len(bom):].decode(codec, errors="replace")
    return None


def _office_joined(text: str) -> str | None:
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


_FINAL_WORK_PAGE = ("final work that is a web page is published as a page of this site, where nothing may run or "
                    "link out of it: give the asset a zip of it as its file, or its address as its url")

def _name_findings(rel: str, rules: Rules) -> list[str]:
    findings = []
    decoded = decode(rel)
    for found in rules.hidden.needles.find(canonical(decoded.replace("/", " | "))):
        findings.append(f"{rel}: the file name holds {found.origin}")
    for segment in rel.split("/"):
        stem = name_stem(segment)
        for name in {stem, stem.removeprefix("series-")} - GENERATED_NAMES:  # series-<id>.csv: a KPI's data
            if name in rules.hidden.ids:
                findings.append(f"{rel}: the file name is {rules.hidden.ids[name]}")
    if _emails(decoded):
        findings.append(f"{rel}: an e-mail address in the file name")
    if _MARKER.search(decoded):
        findings.append(f"{rel}: an [internal] marker in the file name")
    return findings


def scan_file(path: Path, rel: str, rules: Rules, site: links.Site, budget: binary_text.Budget | None = None,
              memo: Memo | None = None) -> list[str]:
    """Every finding of one file of the site; what `memo` kept for it, when it holds them (memo.py)."""
    if path.is_symlink():
        return _name_findings(rel, rules) + [f"{rel}: a symbolic link (a site holds files, never links out of it)"]
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if memo is not None and memo.clean(rel, digest):
        return []
    budget = budget or binary_text.Budget()
    left, site.asked = budget.left, {}
    try:
        findings = _scan_bytes(path.name, rel, data, digest, rules, site, budget)
    finally:
        asked, site.asked = site.asked, None
    # Kept: a clean file that decompressed nothing (spent none of the budget later files share); a finding
    # is never kept, so the cache holds no piece of a secret and a failed build is scanned again whole.
    if memo is not None and budget.left == left and not findings:
        memo.put(rel, Kept(digest, asked))
    return findings


def _scan_bytes(name: str, rel: str, data: bytes, digest: str, rules: Rules, site: links.Site,
                budget: binary_text.Budget) -> list[str]:
    findings = _name_findings(rel, rules)
    if digest in rules.hidden.files:
        findings.append(f"{rel}: the bytes of {rules.hidden.files[digest]}")
    suffix = Path(name).suffix.lower()
    if suffix == ".map":
        findings.append(f"{rel}: a source map")
    if (foreign := active.script_file_finding(rel)) is not None:
        findings.append(foreign)
    verbatim = vendor.is_verbatim(rel, digest)
    reading = Reading(len(data), budget)
    found: dict[str, None] = {}  # what its texts hold, each said once
    for text in _read(name, data, reading):
        found.update(dict.fromkeys(_text_findings(rel, suffix, text, rules, verbatim)))
        if text.main:
            found.update(dict.fromkeys(_page_findings(rel, suffix, text, site)))
    if not reading.whole:
        findings.append(f"{rel}: more than the audit reads ({binary_text.limits()}, {containers.limits()}), "
                        "so not all of its text was read")
    findings += [f"{rel}: {what}, which the audit cannot open, so it cannot tell what it holds"
                 for what in dict.fromkeys(reading.unreadable)]
    findings += list(dict.fromkeys(f"{rel}: holds {where}, the bytes of {rules.hidden.files[member]}"
                                   for where, member in reading.members if member in rules.hidden.files))
    return findings + list(found)


def _text_findings(rel: str, suffix: str, text: Text, rules: Rules, verbatim: bool) -> list[str]:
    """What one text of a file holds that it must not, read piece by piece (pieces.py) when long."""
    # A byte-for-byte copy of an installed package's file was not made from the
    # workspace, so no hidden text can be in it: skip the (costly) phrase search.
    seek = len(rules.hidden.needles) > 0 and not verbatim
    search = pieces.PhraseSearch(rules.hidden.needles, pieced=len(text.text) > pieces.PIECE)
    findings: dict[str, None] = {}
    tail = ""
    for piece in pieces.pieces(text.text):
        # upstream bytes need no un-escaping to be read for markers and source maps
        decoded = piece.casefold() if verbatim and not seek else decode(piece)
        if seek:
            findings.update(dict.fromkeys(f"{rel}: hidden text {shorten(found.phrase)} from {found.origin}"
                                          for found in search.find(decoded)))
        findings.update(dict.fromkeys(_decoded_findings(rel, suffix, tail + decoded, text, rules, verbatim)))
        tail = decoded[-pieces.TAIL:]
    return list(findings)


def _decoded_findings(rel: str, suffix: str, decoded: str, text: Text, rules: Rules, verbatim: bool) -> list[str]:
    """Addresses, markers, paths of the build machine and source maps in a decoded text."""
    findings = []
    known_only = verbatim or text.runs
    addresses = [e for e in rules.hidden.emails if e in decoded] if known_only else _emails(decoded)
    findings += [f"{rel}: an e-mail address ({_show_email(a)})" for a in addresses]
    if _MARKER.search(decoded):
        findings.append(f"{rel}: an [internal] marker")
    for machine_path in rules.machine_paths:
        if machine_path.casefold() in decoded:
            findings.append(f"{rel}: an absolute path of the build machine ({shorten(machine_path)})")
    if "file://" in decoded and (suffix not in CODE_SUFFIXES or links.is_search_file(rel)):
        findings.append(f"{rel}: a file:// URL")
    if suffix in {".js", ".mjs", ".css"} and ("sourcemappingurl=" in decoded or "sourceurl=" in decoded):
        findings.append(f"{rel}: a source map reference")
    return findings


def _page_findings(rel: str, suffix: str, text: Text, site: links.Site) -> list[str]:
    """The file's own text as a browser reads it: HTML comments, links, scripts."""
    findings = []
    if text.is_text and suffix in MARKUP_SUFFIXES and "<!--" in text.text:
        findings.append(f"{rel}: an HTML comment")
    page_findings = _link_findings(rel, suffix, text.text, site)
    if text.browser is not None:
        page_findings += active.findings(rel, text.browser, text.text, site, suffix in (".html", ".htm"))
    if rel.startswith("assets/") and page_findings:  # final work that is a web page (an HTML5 banner)
        page_findings = [f"{finding} ({_FINAL_WORK_PAGE})" for finding in page_findings]
    return findings + page_findings


def _link_findings(rel: str, suffix: str, raw: str, site: links.Site) -> list[str]:
    if suffix in (".html", ".htm", ".svg"):
        found = links.html_links(rel, raw, site, scripts=suffix != ".svg")
        # The tag reader judges each script tag by its attributes; the pattern also sees a "<script"
        # inside a comment or another script's body, which the reader skips. Either one is a finding.
        inline = f"{rel}: an inline script"
        if suffix != ".svg" and inline not in found and _INLINE_SCRIPT.search(raw):
            found.append(inline)
        return found
    if suffix == ".css":
        return links.css_links(rel, raw, site)
    if rel == "sitemap.xml":
        return links.sitemap_links(rel, raw, site)
    if links.is_search_file(rel):
        return links.search_links(rel, raw, site)
    return []


def audit_files(site_dir: Path, rules: Rules, memo_file: Path | None = None) -> list[str]:
    """Every finding as 'file: what'. An empty list means the site passed.

    `memo_file`: where this site's findings are kept between builds (memo.py),
    so that an unchanged file under unchanged rules is not scanned again;
    None: every file is scanned.
    """
    site_dir = Path(site_dir)
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink())
    rels = {p.relative_to(site_dir).as_posix() for p in paths}
    site = links.Site(rels, rules.site_url)
    memo = Memo.load(memo_file, conditions(rules), site.exists) if memo_file is not None else None
    findings = []
    budget = binary_text.Budget()  # decompressed bytes, for all the files of this site
    for path in paths:
        findings += scan_file(path, path.relative_to(site_dir).as_posix(), rules, site, budget, memo)
    if memo is not None:
        memo.save()
    if "index.html" not in rels:
        findings.append("index.html: missing (a site without a home page is half built)")
    return findings
