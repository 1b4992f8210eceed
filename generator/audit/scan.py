"""Scanning every file of a built site, and every file name.

Each file is read into texts by reading.py: its own text, what a binary
format keeps (PDFs, images), every member of a compressed file or archive,
a zip appended to another file, an Office part's runs joined; a file a
browser would open as a page or XML is searched for script (active.py).

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

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.audit import active, binary_text, bounds, containers, links, pieces, vendor
from generator.audit.hidden import Hidden, name_stem
from generator.audit.memo import Kept, Memo, conditions
from generator.audit.reading import Reading, Text
from generator.audit.reading import read as read_texts
from generator.audit.text import canonical, decode, json_barriers, shorten

MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml"}
CODE_SUFFIXES = {".js", ".mjs", ".css"}  # the theme's and vendors' code, where "file://" may be a word
JSON_SUFFIXES = {".json", ".js", ".mjs"}  # data the site writes as strings: a phrase never spans two
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
    if memo is not None and _kept_clean(path.name, rel, data, digest, rules, budget, memo):
        return []
    budget = budget or binary_text.Budget()
    left, site.asked = budget.left, {}
    try:
        findings = _scan_bytes(path.name, rel, data, digest, rules, site, budget)
    finally:
        asked, site.asked = site.asked, None
    # Kept: a clean file, with what it spent of the budget later files share (memo.py); a finding is never
    # kept, so the cache holds no piece of a secret and a failed build is scanned again whole.
    if memo is not None and not findings:
        memo.put(rel, Kept(digest, asked, spent=left - budget.left))
    return findings


def _kept_clean(name: str, rel: str, data: bytes, digest: str, rules: Rules, budget: binary_text.Budget | None,
                memo: Memo) -> bool:
    """Whether a file the memo kept clean, with these bytes and its links answering as they did, is clean
    under these rules: its name holds nothing hidden now, nor its name and texts a phrase hidden since the
    memo was made (memo.py). Then it is kept again; otherwise it is scanned whole."""
    kept = memo.kept_entry(rel, digest)
    if kept is None or _name_findings(rel, rules):
        return False
    left = budget.left if budget is not None else bounds.MAX_SITE
    if kept.spent > left:  # a clean build would find less of the site's budget left for it: read it
        return False
    if len(memo.added) and not _clean_of_added(name, rel, data, digest, rules, left, memo):
        return False
    if budget is not None:
        budget.left -= kept.spent  # as a clean build's reading of the same bytes would
    memo.put(rel, kept)
    return True


def _clean_of_added(name: str, rel: str, data: bytes, digest: str, rules: Rules, left: int, memo: Memo) -> bool:
    """Whether the file's texts hold none of the phrases hidden since the memo was made (nothing else
    that decides its findings changed: each phrase is found on its own). Read on a budget of its own,
    as large as the site's left: the caller spends what the memo says it took."""
    added = dataclasses.replace(rules, hidden=dataclasses.replace(rules.hidden, needles=memo.added))
    reading = Reading(len(data), binary_text.Budget(per_site=left))
    suffix, verbatim = Path(name).suffix.lower(), vendor.is_verbatim(rel, digest)
    for text in read_texts(name, data, reading):
        if _text_findings(rel, suffix, text, added, verbatim):
            return False  # scanned whole, for every finding a clean build gives
    return reading.whole and not reading.unreadable


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
    for text in read_texts(name, data, reading):
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
    strings_apart = suffix in JSON_SUFFIXES and not verbatim
    for piece in pieces.pieces(text.text):
        # upstream bytes need no un-escaping to be read for markers and source maps
        decoded = piece.casefold() if verbatim and not seek else decode(
            json_barriers(piece) if strings_apart else piece)
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
    memo = Memo.load(memo_file, conditions(rules), site.exists, rules.hidden.needles) if memo_file is not None else None
    findings = []
    budget = binary_text.Budget()  # decompressed bytes, for all the files of this site
    for path in paths:
        findings += scan_file(path, path.relative_to(site_dir).as_posix(), rules, site, budget, memo)
    if memo is not None:
        memo.save()
    if "index.html" not in rels:
        findings.append("index.html: missing (a site without a home page is half built)")
    return findings
