"""A built site -> search/index.js and its parts: the records the theme's search.js reads.

The index is scripts, not JSON fetched at run time, so search works from
file:// and through a protected site's service worker (which serves every
file a page asks for, decrypted):

    search/index.js       window.RECEIPTS_SEARCH = {"parts": ["part_001", ...]};
    search/part_001.js    window.RECEIPTS_SEARCH_PARTS["part_001"] = [{t, u, x}, ...];

Only the small list loads with the search page; search.js loads the parts
when a visitor searches, so no page weighs the whole index (an agency's
50,000 entries make tens of megabytes of text). Records are the title and
the visible text of each page's <main>, in path order (so a campaign's pages
stay together), cut into parts of about `PART_CHARS`; a part's name has an
underscore, which no id has, so it never reads as an entry's id. The order
and bytes are deterministic, and "<" is escaped so no text can close the
script (invariant 5).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from generator.html_tags import TAG_ATTRS

SEARCH_INDEX = "search/index.js"
PART_PATTERN = re.compile(r"search/(part_\d{3,})\.js\Z")
PART_CHARS = 200_000  # JSON characters of one part: some 40 KB gzipped, well within a page's budget
INDEX_PREFIX = "window.RECEIPTS_SEARCH = "
PART_PREFIX = 'window.RECEIPTS_SEARCH_PARTS["{name}"] = '
EXCLUDED = {"404.html", "search.html"}
SKIPPED_TAGS = {"script", "style", "nav", "noscript", "template", "button"}
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "section", "article",
          "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "br", "hr", "caption", "main", "aside"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


# One pattern for every piece of markup, so a "<" inside a quoted attribute value stays part of its tag:
# a comment or declaration, a script or style element whole (its body is not text), or a start or end tag.
_MARKUP = re.compile(r"<!--.*?-->|<!.*?>|<(script|style)\b" + TAG_ATTRS + r".*?</\1\s*>|<(/?)([a-zA-Z][\w:-]*)"
                     + TAG_ATTRS, re.IGNORECASE | re.DOTALL)
_DATA_TITLE = re.compile(r"""\sdata-title\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


class _PageText:
    """The page title (<main data-title>, else <title>) and the text of <main>, skipped elements left out.

    A tokenizer, not a DOM: the pages are ours (templates and sanitized
    Markdown), and reading 1,000 of them this way takes a third of the time
    html.parser takes, with the same text (tests/property/test_search_index.py).
    """

    def __init__(self, page: str):
        self.title: list[str] = []
        self.main_title: str | None = None
        self.text: list[str] = []
        self._in_title = False
        self._main_depth = 0
        self._skip_depth = 0
        last = 0
        for match in _MARKUP.finditer(page):
            self._data(page[last:match.start()])
            last = match.end()
            if match.group(4) is not None:  # a tag; comments, declarations, scripts and styles hold no text
                self._tag(match.group(4).lower(), match.group(3) == "/", match.group(5))
        self._data(page[last:])

    def _tag(self, tag: str, end: bool, attrs: str | None) -> None:
        if tag in _BLOCK:
            self.text.append(" ")
        if tag in _VOID:
            return
        if end:
            self._end(tag)
        elif tag == "title":
            self._in_title = True
        elif tag == "main":
            self._main_depth += 1
            found = _DATA_TITLE.search(attrs or "")
            if self.main_title is None and found:
                self.main_title = html.unescape(next(g for g in found.groups() if g is not None))
        elif tag in SKIPPED_TAGS or self._skip_depth:
            self._skip_depth += 1

    def _end(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "main":
            self._main_depth = max(0, self._main_depth - 1)
        elif self._skip_depth:
            self._skip_depth -= 1

    def _data(self, data: str) -> None:
        if not data:
            return
        if self._in_title:
            self.title.append(html.unescape(data))
        elif self._main_depth and not self._skip_depth:
            self.text.append(html.unescape(data))


def page_text(page: str) -> tuple[str, str]:
    """(title, text) of one page, whitespace collapsed."""
    found = _PageText(page)
    title = _SPACE.sub(" ", found.main_title or "".join(found.title)).strip()
    return title, _SPACE.sub(" ", "".join(found.text)).strip()


def page_record(path: Path, site_dir: Path) -> dict[str, str]:
    title, text = page_text(path.read_text(encoding="utf-8"))
    return {"t": title, "u": path.relative_to(site_dir).as_posix(), "x": text}


def _pages(site_dir: Path) -> list[Path]:
    pages = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel in EXCLUDED or rel.startswith("assets/"):
            continue
        pages.append(path)
    return sorted(pages, key=lambda p: p.relative_to(site_dir).as_posix())


def _script_json(value) -> str:
    payload = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _parts(records: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The records in order, cut into runs of about `PART_CHARS` JSON characters (at least one record each)."""
    parts: list[list[dict[str, str]]] = [[]]
    size = 0
    for record in records:
        cost = len(_script_json(record)) + 1
        if parts[-1] and size + cost > PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(record)
        size += cost
    return parts


def part_name(number: int) -> str:
    return f"part_{number:03d}"


def write_search_index(site_dir: Path, record_of: Callable[[Path, Path], dict[str, str]] = page_record) -> int:
    """Write site_dir/search/index.js and its parts; return how many pages they hold. `record_of(page,
    site_dir)`: a page's record (a build that kept pages passes the records kept with them, site/reuse.py)."""
    site_dir = Path(site_dir)
    records = [record_of(path, site_dir) for path in _pages(site_dir)]
    folder = site_dir / "search"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number, part in enumerate(_parts(records), start=1):
        name = part_name(number)
        names.append(name)
        text = PART_PREFIX.format(name=name) + _script_json(part) + ";\n"
        (folder / f"{name}.js").write_text(text, encoding="utf-8")
    (folder / "index.js").write_text(INDEX_PREFIX + _script_json({"parts": names}) + ";\n", encoding="utf-8")
    return len(records)
