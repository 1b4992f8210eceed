"""Script in any file of the site a browser would run, told by its name and by its bytes.

A site is served from the client's own address: a file there that runs
script runs it with that address's rights. So every file a browser would
open as a page or an XML document is searched for what runs, whatever
folder it is in and whatever its name says:

    by name    .html .htm .shtml .xhtml .xht .svg .xml .xsl .xslt .rss .atom
               .rdf .mht .mhtml (and a gzip's member: `logo.svgz` is `logo.svg`)
    by bytes   any file whose first characters are markup (a tag, `<?xml`, a
               doctype, a comment; after a byte-order mark and blanks): a
               `.png` that holds an SVG or a page is sniffed as one

An HTML page is read by links.py's tag reader (handlers, inline scripts,
script URLs), its `<script src>` must be one of the site's own scripts, and
it may not embed another document (`<iframe>`, `<object>`, `<embed>`,
`srcdoc`), set a `<base>` or redirect (`<meta http-equiv="refresh">`).
Any other markup (SVG, XHTML, XML, XSL) is searched as text, as written and
with its character references undone (an entity may spell `<script>`):
script elements in any namespace prefix, `handler` and `foreignObject`,
`on...` attributes, script URLs, `data:` links other than images,
animations (`<set>`, `<animate>`) that set a link or a handler, XHTML
inside XML, `<?xml-stylesheet?>`, XSLT, external entities. A script file
(`.js`, `.mjs`) runs only when it is the site's own: the theme's (`js/`),
a vendor's (`vendor/`) or the search index.

Written apart from load/active_content.py, which refuses such final work
when the workspace loads: this is the second, independent line.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

from generator.audit import links

_BY_NAME = {".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "xml", ".xht": "xml", ".svg": "xml",
            ".xml": "xml", ".xsl": "xml", ".xslt": "xml", ".rss": "xml", ".atom": "xml", ".rdf": "xml",
            ".mht": "archive", ".mhtml": "archive"}
SCRIPT_SUFFIXES = {".js", ".mjs"}
_OWN_SCRIPTS = ("js/", "vendor/")  # the theme's and vendors' folders (no campaign may take these names)
_SNIFF = 1024
_MARKUP = re.compile(r"\s*<(?:[!?/]?[A-Za-z]|!--)")
_XML_ONLY = re.compile(r"\s*<(?:\?xml|svg\b|[\w.-]+:)|\s*<[\w.-]+[^>]*\sxmlns[:=]", re.IGNORECASE)
_P = r"(?:[\w.-]+:)?"  # a namespace prefix
_XML_RULES = (
    (re.compile(r"<" + _P + r"(script|handler|listener|foreignObject|iframe|frame|embed|object|applet)\b",
                re.IGNORECASE), "a <{}> element"),
    (re.compile(r"<[^<>]*?[\s/\"']" + _P + r"(on[a-z]+)\s*=", re.IGNORECASE), "an event handler ({})"),
    (re.compile(r"((?:java|vb|live)script):", re.IGNORECASE), "a script URL ({}:)"),
    (re.compile(r"(?:href|src|data|action)\s*=\s*[\"']?\s*(data):(?!image/(?:png|gif|jpeg|webp)[;,])",
                re.IGNORECASE), "a {}: URL other than an image"),
    (re.compile(r"<" + _P + r"(set|animate\w*)\b[^>]*attributeName\s*=\s*[\"']?\s*" + _P + r"(?:href|src|on\w+)",
                re.IGNORECASE), "an animation (<{}>) that sets a link or a handler"),
    (re.compile(r"(http://www\.w3\.org/1999/xhtml)", re.IGNORECASE), "XHTML inside XML ({}), HTML that runs"),
    (re.compile(r"<\?(xml-stylesheet)\b", re.IGNORECASE), "an <?{}?> instruction"),
    (re.compile(r"(http://www\.w3\.org/1999/XSL/Transform)", re.IGNORECASE), "an XSLT stylesheet ({})"),
    (re.compile(r"<!(ENTITY)[^>]*\b(?:SYSTEM|PUBLIC)\b", re.IGNORECASE), "an external {}"),
)
# What in a page loads or runs another document on the site's address, or redirects its scripts.
_HTML_RULES = (
    (re.compile(r"<(iframe|frame|frameset|object|embed|applet|portal)\b", re.IGNORECASE),
     "an embedded document (<{}>), which runs what it loads on the site's address"),
    (re.compile(r"<(base)\b", re.IGNORECASE), "a <{}> element, which sends every relative link and script elsewhere"),
    (re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?\s*(refresh)", re.IGNORECASE), "a meta {}, a redirect"),
    (re.compile(r"[\s\"'/](srcdoc)\s*=", re.IGNORECASE), "a {} attribute, a page inside the page"),
)
_BLANKS = re.compile(r"[\t\n\r]+")
# A script tag anywhere, even in a comment or an attribute (a finding there is one too many, never one less).
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SRC = re.compile(r"""(?:^|\s)src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def browser_kind(name: str, head: bytes) -> str | None:
    """'html', 'xml' or 'archive' (a web archive) when a browser would open the file as such, by its name or
    its first bytes; else None."""
    by_name = _BY_NAME.get(posixpath.splitext(name)[1].lower())
    if by_name is not None:
        return by_name
    text = _first_text(head)
    if not _MARKUP.match(text):
        return None
    return "xml" if _XML_ONLY.match(text) else "html"


def findings(rel: str, kind: str, text: str, site: links.Site, read_as_html: bool) -> list[str]:
    """What runs in one file's own text; `read_as_html`: the scan's link check read it already as a page."""
    if kind == "archive":
        return [f"{rel}: a web archive (.mht), which a browser opens as a page"]
    if kind == "html":
        found = [] if read_as_html else links.html_links(rel, text, site, scripts=True)
        found += [f"{rel}: {what.format(match.group(1).lower())}" for pattern, what in _HTML_RULES
                  for match in pattern.finditer(text)]
        return list(dict.fromkeys(found + _foreign_scripts(rel, text)))
    if rel == FEED:
        return _feed_findings(rel, text)
    unique: dict[str, None] = {}
    for version in _undone(text):
        for pattern, what in _XML_RULES:
            for match in pattern.finditer(version):
                unique[f"{rel}: {what.format(match.group(1))}"] = None
    return list(unique)


FEED = "feed.xml"  # the site's own Atom feed (render/feed.py)
_ATOM = "{http://www.w3.org/2005/Atom}"
_FEED_LINK = re.compile(r"(?:https://|http://(?:localhost|127\.0\.0\.1)[:/])[^\s\x00-\x1f]*|[^:\s]*\Z")


def _feed_findings(rel: str, text: str) -> list[str]:
    """The site's feed, read by an XML parser as a feed reader reads it: Atom elements only, text constructs
    of type text (a reader shows them as text, never as markup, so an escaped `<script>` in a title is a
    title), links to web addresses or paths, no processing instruction, doctype or entity."""
    import xml.etree.ElementTree as ET

    head = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    if "<!" in head or "<?" in head:
        return [f"{rel}: a feed with a doctype, an entity or a processing instruction"]
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        return [f"{rel}: not a well-formed feed ({exc})"]
    found = []
    for element in root.iter():
        if not element.tag.startswith(_ATOM):
            found.append(f"{rel}: an element outside Atom ({element.tag[:60]})")
        if element.get("type", "text") not in ("text", "application/atom+xml", "text/html") or \
                (element.tag != f"{_ATOM}link" and "type" in element.attrib):
            found.append(f"{rel}: a feed text read as markup (type={element.get('type')!r})")
        href = element.get("href")
        if href is not None and not _FEED_LINK.match(href):
            found.append(f"{rel}: a feed link that is no web address '{href[:60]}'")
    return list(dict.fromkeys(found))


def script_file_finding(rel: str) -> str | None:
    """A script file that is not the site's own (the theme's, a vendor's, the search index)."""
    if posixpath.splitext(rel)[1].lower() not in SCRIPT_SUFFIXES or links.is_search_file(rel) or \
            rel.startswith(_OWN_SCRIPTS):
        return None
    return (f"{rel}: a script file that is not the site's own (only the theme's js/, vendor/ and the search "
            "index may be scripts)")


def _foreign_scripts(rel: str, text: str) -> list[str]:
    """`<script src>` that is not one of the site's own scripts."""
    found = []
    for tag in _SCRIPT_TAG.finditer(text):
        src = _SRC.search(tag.group(1))
        if src is None:
            continue  # an inline script: links.html_links says so
        source = html.unescape(next(group for group in src.groups() if group is not None))
        parts = urlsplit(source.strip())
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
        if parts.scheme or source.strip().startswith("//") or script_file_finding(target) or \
                posixpath.splitext(target)[1].lower() not in SCRIPT_SUFFIXES:
            found.append(f"{rel}: a script from elsewhere than the site's own scripts '{source[:60]}'")
    return found


def _undone(text: str) -> list[str]:
    """The text as written, and with its character references undone (to three levels) and line breaks
    dropped (a browser drops them inside a URL: `java&#x0A;script:`)."""
    versions, current = [text], text
    for _ in range(3):
        if "&" not in current:
            break
        current = html.unescape(current)
        versions.append(current)
    versions.append(_BLANKS.sub("", current))
    return versions


def _first_text(head: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):_SNIFF].decode(codec, errors="replace")
    return head[:_SNIFF].decode("utf-8", errors="replace")
