"""Scanning every file of a built site, and every file name.

Text files (and the text that viewers and metadata tools show of binary
ones, read by `binary_text`: PNG text chunks, EXIF, XMP, PDF strings and
compressed streams, printable runs) are decoded, reduced to words and
searched for hidden phrases; e-mail addresses, `[internal]` markers, HTML
comments, paths of the build machine, `file://` URLs and source maps are
sought too; links must lead to files of the site; a file whose bytes are a
hidden asset's is a finding whatever its name; compressed files and
archives are opened and read member by member (containers.py); a file with
more compressed content than the audit reads, or one it cannot open, is a
finding too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.audit import binary_text, containers, links, vendor
from generator.audit.hidden import Hidden, name_stem
from generator.audit.text import canonical, decode, shorten, strip_tags

TEXT_SUFFIXES = {".html", ".htm", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".css", ".svg", ".md",
                 ".map", ".yml", ".yaml", ".tsv"}
MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml"}
CODE_SUFFIXES = {".js", ".mjs", ".css"}  # the theme's and vendors' code, where "file://" may be a word
SEARCH_INDEX = "search/index.js"  # code by name, content by nature
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


def _read(name: str, data: bytes, budget: binary_text.Budget, room: containers.Room | None = None,
          depth: int = 0) -> tuple[str, bool, bool, list[str]]:
    """The file's text; whether it is text at all (else: what `binary_text` reads); whether all was read;
    what it holds that the audit cannot open (a git bundle, an encrypted zip member).

    Compressed files and archives are told by their bytes (a gzip named `.svgz`, a zip named `.docx`)
    and read member by member, each as a file of its own.
    """
    if containers.kind(data) is not None:
        if depth >= containers.MAX_DEPTH:
            return "", False, True, [f"a compressed file or archive nested {depth + 1} deep"]
        return _read_container(name, data, budget, room or containers.Room(len(data)), depth)
    suffix = Path(name).suffix.lower()
    document = binary_text.is_document(data)  # a PNG or a PDF by its bytes, whatever its name says
    if suffix in TEXT_SUFFIXES or (not document and b"\0" not in data[:8192]):
        text = data.decode("utf-8", errors="replace")
        if not document:
            return text, True, True, []
        extra, whole = binary_text.read(data, budget)
        return text + "\n" + extra, True, whole, []
    text, whole = binary_text.read(data, budget)
    return text, False, whole, []


def _read_container(name: str, data: bytes, budget: binary_text.Budget, room: containers.Room,
                    depth: int) -> tuple[str, bool, bool, list[str]]:
    opened = containers.open_container(data, name, room)
    texts, is_text, whole, unreadable = [], len(opened.members) == 1, opened.whole, list(opened.unreadable)
    for member_name, member in opened.members:
        text, member_is_text, member_whole, more = _read(member_name, member, budget, room, depth + 1)
        texts.append(text)
        is_text, whole, unreadable = is_text and member_is_text, whole and member_whole, unreadable + more
    return "\n".join(texts), is_text, whole, unreadable


_FINAL_WORK_PAGE = ("final work that is a web page is published as a page of this site, where nothing may run or "
                    "link out of it: give the asset a zip of it as its file, or its address as its url")

_CACHE: dict[str, tuple[str, tuple, frozenset[str]]] = {}
_CACHE_FROM = 1 << 20  # files this big (plotly.min.js) are decoded once per process, not per audience


def _analysis(digest: str, raw: str) -> tuple[str, tuple, frozenset[str]]:
    """A text decoded; its canonical forms with and without tags; their words.

    The form without tags holds no word the other lacks, so it is made only
    when a hidden phrase could be in the file (rarely: when it leaks).
    """
    if digest in _CACHE:
        return _CACHE[digest]
    decoded = decode(raw)
    with_tags = canonical(decoded)
    texts = (with_tags, lambda: canonical(strip_tags(decoded)))
    result = (decoded, texts, frozenset(with_tags.split()))
    if len(raw) >= _CACHE_FROM:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[digest] = result
    return result


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


def scan_file(path: Path, rel: str, rules: Rules, site: links.Site,
              budget: binary_text.Budget | None = None) -> list[str]:
    findings = _name_findings(rel, rules)
    if path.is_symlink():
        return findings + [f"{rel}: a symbolic link (a site holds files, never links out of it)"]
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest in rules.hidden.files:
        findings.append(f"{rel}: the bytes of {rules.hidden.files[digest]}")
    suffix = path.suffix.lower()
    if suffix == ".map":
        findings.append(f"{rel}: a source map")
    raw, is_text, whole, unreadable = _read(path.name, data, budget or binary_text.Budget())
    if not whole:
        findings.append(f"{rel}: more than the audit reads ({binary_text.limits()}, {containers.limits()}), "
                        "so not all of its text was read")
    findings += [f"{rel}: {what}, which the audit cannot open, so it cannot tell what it holds"
                 for what in dict.fromkeys(unreadable)]
    verbatim = vendor.is_verbatim(rel, digest)
    # A byte-for-byte copy of an installed package's file was not made from the
    # workspace, so no hidden text can be in it: skip the (costly) phrase search.
    search = len(rules.hidden.needles) and not verbatim
    if search:
        decoded, texts, words = _analysis(digest, raw)
    else:  # upstream bytes need no un-escaping to be read for markers and source maps
        decoded, texts, words = (raw.casefold() if verbatim else decode(raw)), (), frozenset()
    for found in rules.hidden.needles.find(*texts, words=words):
        findings.append(f"{rel}: hidden text {shorten(found.phrase)} from {found.origin}")
    addresses = [e for e in rules.hidden.emails if e in decoded] if verbatim else _emails(decoded)
    findings += [f"{rel}: an e-mail address ({_show_email(a)})" for a in addresses]
    if _MARKER.search(decoded):
        findings.append(f"{rel}: an [internal] marker")
    for machine_path in rules.machine_paths:
        if machine_path.casefold() in decoded:
            findings.append(f"{rel}: an absolute path of the build machine ({shorten(machine_path)})")
    if "file://" in decoded and (suffix not in CODE_SUFFIXES or rel == SEARCH_INDEX):
        findings.append(f"{rel}: a file:// URL")
    if suffix in {".js", ".mjs", ".css"} and ("sourcemappingurl=" in decoded or "sourceurl=" in decoded):
        findings.append(f"{rel}: a source map reference")
    if is_text and suffix in MARKUP_SUFFIXES and "<!--" in raw:
        findings.append(f"{rel}: an HTML comment")
    page_findings = _link_findings(rel, suffix, raw, site)
    if rel.startswith("assets/") and page_findings:  # final work that is a web page (an HTML5 banner)
        page_findings = [f"{finding} ({_FINAL_WORK_PAGE})" for finding in page_findings]
    findings += page_findings
    return findings


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
    if rel == SEARCH_INDEX:
        return links.search_links(rel, raw, site)
    return []


def audit_files(site_dir: Path, rules: Rules) -> list[str]:
    """Every finding as 'file: what'. An empty list means the site passed."""
    site_dir = Path(site_dir)
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink())
    rels = {p.relative_to(site_dir).as_posix() for p in paths}
    site = links.Site(rels, rules.site_url)
    findings = []
    budget = binary_text.Budget()  # decompressed bytes, for all the files of this site
    for path in paths:
        findings += scan_file(path, path.relative_to(site_dir).as_posix(), rules, site, budget)
    if "index.html" not in rels:
        findings.append("index.html: missing (a site without a home page is half built)")
    return findings
