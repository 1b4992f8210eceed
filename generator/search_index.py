"""A built site -> search/index.js: the records the theme's search.js reads.

The index is a script (`window.RECEIPTS_SEARCH = [...]`), not JSON fetched at
run time, so search works from file://. Records are the title and the
visible text of each page's <main>; the order and bytes are deterministic,
and "<" is escaped so no text can close the script (invariant 5).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

EXCLUDED = {"404.html", "search.html"}
SKIPPED_TAGS = {"script", "style", "nav", "noscript", "template", "button"}
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "section", "article",
          "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "br", "hr", "caption", "main", "aside"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


class _PageText(HTMLParser):
    """Collects the page title (<main data-title>, else <title>) and the text of <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.main_title: str | None = None
        self.text: list[str] = []
        self._in_title = False
        self._main_depth = 0
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK:
            self.text.append(" ")
        if tag in _VOID:
            return
        if tag == "title":
            self._in_title = True
        elif tag == "main":
            self._main_depth += 1
            self.main_title = self.main_title or dict(attrs).get("data-title")
        elif tag in SKIPPED_TAGS or self._skip_depth:
            self._skip_depth += 1

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.text.append(" ")
        if tag in _VOID:
            return
        if tag == "title":
            self._in_title = False
        elif tag == "main":
            self._main_depth = max(0, self._main_depth - 1)
        elif self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif self._main_depth and not self._skip_depth:
            self.text.append(data)


def page_record(path: Path, site_dir: Path) -> dict[str, str]:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    title = _SPACE.sub(" ", parser.main_title or "".join(parser.title)).strip()
    text = _SPACE.sub(" ", "".join(parser.text)).strip()
    return {"t": title, "u": path.relative_to(site_dir).as_posix(), "x": text}


def _pages(site_dir: Path) -> list[Path]:
    pages = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel in EXCLUDED or rel.startswith("assets/"):
            continue
        pages.append(path)
    return sorted(pages, key=lambda p: p.relative_to(site_dir).as_posix())


def write_search_index(site_dir: Path) -> int:
    """Write site_dir/search/index.js; return how many pages it holds."""
    site_dir = Path(site_dir)
    records = [page_record(path, site_dir) for path in _pages(site_dir)]
    payload = json.dumps(records, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    target = site_dir / "search" / "index.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"window.RECEIPTS_SEARCH = {payload};\n", encoding="utf-8")
    return len(records)
