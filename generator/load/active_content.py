"""Final work and logos a browser would run script in: refused when the workspace loads.

A site is published on the client's own address, so a file of it that runs
script runs it there. What is refused (docs/format.md, "Paths"):

- a file whose name says a type a server sends as something a browser runs
  or renders as a page: HTML, XHTML, XML, XSL, a web archive, an SVGZ,
  JavaScript (`SCRIPTABLE`), compressed too (`banner.html.gz`, `logo.svg.br`:
  a server may send it as the page itself, with a Content-Encoding);
- a file whose first bytes are markup (a `<` tag, `<?xml`, a doctype or a
  comment, after a byte-order mark and blanks), whatever its name: a
  `.png` that holds HTML or SVG is sniffed as such by browsers and tools;
- an SVG (final work or logo) with anything that can run or load: a
  script, a `handler`, `foreignObject`, an element in the XHTML namespace,
  an `on...` attribute, a link or reference that is not to a part of the
  same file (`href="#id"`), an animation that sets a link or a handler, a
  processing instruction (`<?xml-stylesheet ...?>`), an external entity,
  `@import` or `url(...)` to elsewhere in a style. A plain SVG stays
  allowed, and the site shows it only through `<img>` (render/media.py).

The SVG is read by expat (the standard library's XML parser), which expands
internal entities as a browser does, so a script hidden in an entity is
seen; its amplification limit stops an entity bomb (an error, so a refusal).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

SCRIPTABLE = {
    ".html": "a web page", ".htm": "a web page", ".shtml": "a web page", ".shtm": "a web page",
    ".stm": "a web page", ".xhtml": "an XHTML page", ".xht": "an XHTML page", ".mht": "a web archive",
    ".mhtml": "a web archive", ".xml": "an XML file", ".xsl": "an XSL stylesheet", ".xslt": "an XSL stylesheet",
    ".rss": "an XML feed", ".atom": "an XML feed", ".rdf": "an XML file", ".svgz": "a compressed SVG",
    ".js": "a script", ".mjs": "a script", ".hta": "an HTML application", ".swf": "a Flash file",
}
WAY_OUT = "give the asset a zip of it as its file (the audit reads inside it), or its address as its url"
# Endings a server may send as a Content-Encoding of the type the name says before them (page.html.gz).
_ENCODED = {".gz", ".br", ".bz2", ".xz", ".zst", ".z", ".zz", ".deflate", ".lz", ".lzma"}
MAX_SVG = 16 << 20  # bytes of an SVG read to check it; a bigger one is refused
_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_SNIFF = 1024
# A tag, a declaration, a comment or a processing instruction first: what browsers sniff as HTML or XML.
_MARKUP = re.compile(r"\s*<[!?/]?[A-Za-z]|\s*<!--")
_RUNNING = {"script", "handler", "listener", "foreignobject", "iframe", "frame", "embed", "object", "applet"}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_LINKS = {"href", "src", "action", "formaction", "data", "codebase"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp)[;,]", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:|data:text/html", re.IGNORECASE)
_BLANKS = re.compile(r"[\x00-\x20]+")
_STYLE_OUT = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)|expression\s*\(|behavior\s*:", re.IGNORECASE)
_URL_OUT = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)  # fill="url(https://...)" loads from elsewhere


def markup_text(head: bytes) -> str | None:
    """The first characters of `head` when they are markup a browser sniffs as a page or XML; else None."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):_SNIFF].decode(codec, errors="replace")
            break
    else:
        text = head[:_SNIFF].decode("utf-8", errors="replace")
    return text.lstrip()[:40] if _MARKUP.match(text) else None


def final_work_problem(found: Path, written: str, is_svg) -> str:
    """Why the file `found` (written as `written`) could run script on the site; "" when it cannot.

    `is_svg`: tells an SVG by its first bytes (published.py's test, shared with logos).
    """
    suffix = found.suffix.lower()
    if suffix in SCRIPTABLE:
        return (f"'{written}' is {SCRIPTABLE[suffix]} ({suffix}), which a browser runs scripts in; final work is "
                f"published on the client's site, where nothing may run: {WAY_OUT}")
    inner = Path(found.stem).suffix.lower()
    if suffix in _ENCODED and (inner in SCRIPTABLE or inner == ".svg"):
        return (f"'{written}' is a compressed {inner[1:].upper()} file ({inner}{suffix}), which a server may send as "
                f"the page itself (Content-Encoding), where a browser runs its scripts: {WAY_OUT}")
    head = _read(found, 64 * 1024)  # an SVG's <svg comes after its declaration, comments and doctype
    markup = markup_text(head)
    if suffix == ".svg" or (markup is not None and is_svg(head)):
        if not is_svg(head):
            return f"'{written}' is named as an SVG image but does not hold one (its first element is not <svg)"
        if suffix != ".svg":
            return (f"'{written}' holds an SVG image but is named {suffix or 'without an extension'}: browsers "
                    "tell it by its bytes; name it .svg")
        why = svg_problem(_read(found, MAX_SVG + 1))
        return f"'{written}' {why}; final work holds nothing that runs: {WAY_OUT}" if why else ""
    if markup is not None:
        return (f"'{written}' holds a web page or XML (it starts '{markup[:20]}'), which a browser may run "
                f"scripts in whatever its name; {WAY_OUT}")
    return ""


def svg_problem(data: bytes) -> str:
    """What in an SVG could run or load something, said for a message ("" for a plain SVG)."""
    if len(data) > MAX_SVG:
        return f"is an SVG of more than {MAX_SVG >> 20} MiB, more than Receipts reads to check it"
    reader = _SvgReader()
    try:
        reader.parser.Parse(data, True)
    except expat.ExpatError as error:
        return f"is not a well-formed SVG ({expat.ErrorString(error.code)}, line {error.lineno})"
    if reader.problems:
        return "holds " + "; ".join(list(dict.fromkeys(reader.problems))[:3])
    if not reader.root_is_svg:
        return f"is not an SVG: its first element is not <svg> (of the SVG namespace, {_SVG_NS})"
    return ""


class _SvgReader:
    """Collects, while expat reads an SVG, whatever in it could run or load something."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.ProcessingInstructionHandler = self.processing_instruction
        self.parser.EntityDeclHandler = self.entity
        self.parser.ExternalEntityRefHandler = self.external_entity
        self.problems: list[str] = []
        self.root_is_svg: bool | None = None
        self.open: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        lowered = local.lower()
        if self.root_is_svg is None:
            self.root_is_svg = uri in (_SVG_NS, "") and local == "svg"  # no namespace: an old export; runs nothing
        self.open.append(lowered)
        if uri == _XHTML_NS:
            self.problems.append(f"an XHTML element (<{local}>: HTML that runs inside the SVG)")
        if lowered in _RUNNING:
            self.problems.append(f"a <{local}> element")
        for key, value in attributes.items():
            self.attribute(lowered, key.rpartition(" ")[2].lower(), value)

    def attribute(self, element: str, name: str, value: str) -> None:
        squeezed = _BLANKS.sub("", value)
        if name.startswith("on"):
            self.problems.append(f"an event handler ({name})")
        elif _SCRIPT_URL.search(squeezed):
            self.problems.append(f"a script URL ({name})")
        elif name in _LINKS and not (squeezed.startswith("#") or element == "image" and _DATA_IMAGE.match(squeezed)):
            self.problems.append(f"a link or reference to elsewhere ({name}=\"{value[:40]}\")")
        elif (_STYLE_OUT if name == "style" else _URL_OUT).search(value):
            self.problems.append("a style that loads from elsewhere (@import or url())")
        elif element in _ANIMATIONS and name == "attributename":
            target = squeezed.rpartition(":")[2].lower()
            if target in _LINKS or target.startswith("on"):
                self.problems.append(f"an animation that sets {squeezed}")

    def end(self, _name: str) -> None:
        self.open.pop()

    def text(self, data: str) -> None:
        if self.open and self.open[-1] == "style" and _STYLE_OUT.search(data):
            self.problems.append("a style that loads from elsewhere (@import or url())")

    def entity(self, name, _is_parameter, _value, _base, system_id, _public_id, _notation) -> None:
        if system_id is not None:
            self.problems.append(f"an external entity ({name})")

    def external_entity(self, *_) -> int:
        self.problems.append("an external entity")
        return 1  # handled: expat goes on without reading it

    def processing_instruction(self, target: str, _data: str) -> None:
        self.problems.append(f"a processing instruction (<?{target} …?>)")


def _read(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as handle:  # a regular file: paths.inside() checked it, so opening cannot wait
            return handle.read(size)
    except OSError:
        return b""
