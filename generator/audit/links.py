"""Links inside a built site: every in-site target must exist.

A link to a page that is not there is a broken site at best, and at worst
the trace of a hidden entry (a receipt page for an approval the audience
must not know of). Checked: href/src/action/poster/srcset of HTML and SVG,
url(...) in CSS, <loc> of the sitemap, the parts the search index lists and
the pages of each part.
External addresses (http, https, mailto, tel, //host) and same-page
#anchors are not followed; `javascript:`, `vbscript:`, `file:` and data:
URLs other than images are findings wherever they are.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from urllib.parse import unquote, urlsplit

from generator.html_tags import TAG_ATTRS
from generator.site.search_index import PART_PATTERN, SEARCH_INDEX

_ATTRS = {"href", "src", "action", "poster", "srcset", "xlink:href", "formaction", "data",
          "data-embed"}  # a video player's address, loaded by site.js when the visitor asks
_DATA_TYPES = {"application/json", "application/ld+json"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_DATA_IMAGE = re.compile(r"data:(image/(png|gif|jpeg|webp|avif))?[;,]", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.IGNORECASE | re.DOTALL)
_SEARCH = re.compile(r"^window\.RECEIPTS_SEARCH\s*=\s*(\{.*\});?\s*$", re.DOTALL)
_SEARCH_PART = re.compile(r'^window\.RECEIPTS_SEARCH_PARTS\["(part_\d+)"\]\s*=\s*(\[.*\]);?\s*$', re.DOTALL)


# A comment, a script or style element (its body is not markup), or any other start tag:
# one pattern, so a "<script>" inside a quoted attribute value stays part of its tag.
_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b" + TAG_ATTRS + r".*?</\1\s*>|<([a-zA-Z][\w:-]*)" + TAG_ATTRS,
                     re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


# An attribute this audit reads starts like one of these. Every attribute name follows whitespace, a
# "/" or a quote in the tag, so a tag without a match has none of them, and its attributes need not be
# read one by one.
_READ_ATTRS = re.compile(r"[\s/\"'](?:on|href|src|action|poster|xlink:href|formaction|data)", re.IGNORECASE)


def _start_tags(text: str):
    """(tag, [(attribute, value)]) of every start tag; script and style bodies and comments skipped.

    Only the attributes that say where a link goes or hold a handler are
    listed (and for a <script>, all): the other nine tags in ten carry only
    a class.
    """
    for match in _MARKUP.finditer(text):
        tag, attrs = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if not attrs or (tag != "script" and not _READ_ATTRS.search(attrs)):
            yield tag, []
            continue
        yield tag, [(a.group(1).lower(), _value(a)) for a in _ATTR.finditer(attrs)]


def _value(attribute: re.Match) -> str:
    value = next((g for g in attribute.group(2, 3, 4) if g is not None), "")
    return html.unescape(value) if "&" in value else value


class _Links:
    """The links and event-handler attributes of one HTML or SVG file."""

    def __init__(self, text: str):
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.handlers: set[str] = set()
        self.inline_script = False  # a <script> with a body of its own (no src), other than JSON data
        for tag, attrs in _start_tags(text):
            if tag == "script":
                names = dict(attrs)
                self.inline_script |= "src" not in names and names.get("type", "").strip().lower() not in _DATA_TYPES
            for name, value in attrs:
                if name.startswith("on"):
                    self.handlers.add(name)
                elif name == "srcset":
                    self.links += [(tag, name, part.split()[0]) for part in value.split(",") if part.strip()]
                elif name in _ATTRS:
                    self.links.append((tag, name, value))


def _scheme_problem(url: str, tag: str) -> str | None:
    """Why a URL is dangerous whatever it points to, or None."""
    squeezed = _CONTROL.sub("", url).lower()
    if squeezed.startswith(("javascript:", "vbscript:")):
        return "a script URL"
    if squeezed.startswith("file:"):
        return "a file:// URL"
    if squeezed.startswith("data:"):
        if squeezed == "data:," and tag == "link" or _DATA_IMAGE.match(squeezed) and tag != "a":
            return None
        return "a data: URL"
    return None


class Site:
    """The files of one built site, to resolve links against."""

    def __init__(self, files: set[str], site_url: str | None):
        self.files = files
        self.prefix = unquote(urlsplit(site_url).path) if site_url else None  # compared with unquoted paths
        self.site_url = site_url
        self.asked: dict[str, bool] | None = None  # when set: each target looked up, and the answer (memo.py)

    def exists(self, target: str) -> bool:
        there = self._exists(target)
        if self.asked is not None:
            self.asked[target] = there
        return there

    def _exists(self, target: str) -> bool:
        target = target.strip("/")
        if target in ("", "."):
            return "index.html" in self.files
        if target in self.files:
            return True
        return f"{target}/index.html" in self.files  # a folder link: its index page

    def check(self, page: str, url: str, tag: str = "a") -> str | None:
        """A finding for one link of `page`, or None when it is fine."""
        url = url.strip()
        problem = _scheme_problem(url, tag)
        if problem:
            return f"{problem} in <{tag}>"
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):  # elsewhere (the dangerous schemes were refused above)
            return None
        path = unquote(parts.path)
        if not path:
            return None  # "#anchor" or "?query" on the page itself
        if path.startswith("/"):
            if self.prefix is None or not path.startswith(self.prefix):
                return f"a root-relative link '{_short(url)}' (breaks from disk and under a sub-path)"
            resolved = path[len(self.prefix):]
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved == ".." or resolved.startswith("../"):
            return f"a link leading outside the site '{_short(url)}'"
        if not self.exists(resolved):
            return f"a link to a missing page or file '{_short(url)}'"
        return None


def _short(url: str) -> str:
    return url if len(url) <= 60 else url[:57] + "…"


def html_links(rel: str, text: str, site: Site, scripts: bool = False) -> list[str]:
    """Findings of one HTML or SVG file; with `scripts`, an inline script is one too."""
    parser = _Links(text)
    findings = [f"{rel}: an inline event handler ({name})" for name in sorted(parser.handlers)]
    if scripts and parser.inline_script:
        findings.append(f"{rel}: an inline script")
    for tag, attr, value in parser.links:
        problem = site.check(rel, value, tag)
        if problem:
            findings.append(f"{rel}: {problem} ({tag} {attr})")
    return sorted(set(findings))


def css_links(rel: str, text: str, site: Site) -> list[str]:
    findings = []
    for match in _CSS_URL.finditer(text):
        problem = site.check(rel, match.group(2), "css")
        if problem:
            findings.append(f"{rel}: {problem} (url() in CSS)")
    return sorted(set(findings))


def sitemap_links(rel: str, text: str, site: Site) -> list[str]:
    findings = []
    for match in _LOC.finditer(text):
        loc = match.group(1).strip().replace("&amp;", "&")
        if not site.site_url or not loc.startswith(site.site_url):
            findings.append(f"{rel}: an address outside the site '{_short(loc)}'")
        elif not site.exists(unquote(loc[len(site.site_url):])):
            findings.append(f"{rel}: an address of a missing page '{_short(loc)}'")
    return findings


def is_search_file(rel: str) -> bool:
    """The search index or one of its parts: scripts by name, the site's content by nature."""
    return rel == SEARCH_INDEX or PART_PATTERN.match(rel) is not None


def search_links(rel: str, text: str, site: Site) -> list[str]:
    """The index lists parts that exist; a part, pages that exist (and is the part its name says)."""
    unreadable = [f"{rel}: a search index the audit cannot read"]
    found = _SEARCH.match(text.strip()) if rel == SEARCH_INDEX else _SEARCH_PART.match(text.strip())
    try:
        value = json.loads(found.group(found.lastindex or 0)) if found else None
    except ValueError:
        value = None
    if rel == SEARCH_INDEX:
        parts = value.get("parts") if isinstance(value, dict) else None
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            return unreadable
        return [f"{rel}: a search part that is missing '{_short(p)}'" for p in parts
                if not PART_PATTERN.match(f"search/{p}.js") or not site.exists(f"search/{p}.js")]
    if found is None or not isinstance(value, list) or found.group(1) != posixpath.basename(rel)[:-3]:
        return unreadable
    findings = []
    for record in value:
        url = record.get("u", "") if isinstance(record, dict) else ""
        if not isinstance(url, str) or not site.exists(url.split("#")[0]):
            findings.append(f"{rel}: a search record of a missing page '{_short(str(url))}'")
    return findings
