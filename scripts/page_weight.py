#!/usr/bin/env python3
"""Report each page's first-visit transferred weight, for every audience of the demo.

    python scripts/page_weight.py [WORKSPACE] [--site DIR] [--heaviest]

Builds the workspace (default: the repository's demo) into a temporary
folder with generator.pipeline.build, or measures an already built output
folder with --site. For each HTML page: the page itself plus every script,
stylesheet and image it references (and what those stylesheets reference),
each counted once, as a first visit with an empty cache transfers them:
text files (HTML, JS, CSS, SVG, JSON) gzip -6, already-compressed files
(PNG, JPEG, WebP, fonts) as they are. Media a page only links to or loads
on demand (video, PDFs, downloads) and third-party URLs (an embedded video) are not counted but listed.

Budgets: a page with charts (it loads vendor/plotly-basic.min.js) 450 KB,
any other page 150 KB. Exit status 1 when a page is over its budget.

--heaviest (for a big workspace: thousands of pages a site) prints instead,
for each site, the heaviest page of each type (a campaign's overview, a
receipt, a page of the matrix...: the path with its ids taken out; a chart
page without vendor/plotly-basic.min.js, against the 150 KB budget) and the
largest part of the search index, which search.js loads on demand and which
must itself stay within a page's budget, each with its verdict; then every
page of every site over that budget, one a line (exit status 1 if any).

    python scripts/bench_build.py ...   # or any built output folder:
    python scripts/page_weight.py --site /tmp/out --heaviest
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHART_BUDGET = 450_000
PAGE_BUDGET = 150_000
CHART_MARKER = "vendor/plotly-basic.min.js"
TEXT = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml", ".csv"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _Refs(HTMLParser):
    """The URLs a page fetches on load: scripts, stylesheets, images, icons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and {"stylesheet", "icon", "preload", "modulepreload"} & set(
                (a.get("rel") or "").lower().split()):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "video" and a.get("poster"):
            self.urls.append(a["poster"])
        elif tag == "iframe" and a.get("src"):
            self.urls.append(a["src"])


@functools.cache
def transferred(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in TEXT:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def _resolve(site: Path, base: Path, url: str) -> Path | None | str:
    """A local file, None for data: URLs, or the URL itself when it is third-party."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme or parts.netloc:
        return url
    target = (base.parent / unquote(parts.path)).resolve()
    return target if target.is_relative_to(site.resolve()) and target.is_file() else None


def page_weight(site: Path, page: Path) -> tuple[int, int, list[str], bool]:
    """(html bytes gz, total bytes, third-party urls, has charts)."""
    parser = _Refs()
    html = page.read_text(encoding="utf-8")
    parser.feed(html)
    seen: set[Path] = set()
    external: list[str] = []
    queue = [(page, u) for u in parser.urls]
    while queue:
        base, url = queue.pop(0)
        target = _resolve(site, base, url)
        if isinstance(target, str):
            external.append(target)
        elif target is not None and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                queue += [(target, u) for u in _CSS_URL.findall(target.read_text(encoding="utf-8"))]
    own = transferred(page)
    total = own + sum(transferred(p) for p in seen)
    charts = any(p.as_posix().endswith(CHART_MARKER) for p in seen)
    return own, total, sorted(set(external)), charts


def _sites(output: Path) -> list[Path]:
    """Every site of the deploy folder `output` and of its -private twin (docs/publishing-keys.md)."""
    folders = [f for f in (output, output.with_name(output.name + "-private")) if f.is_dir()]
    return sorted(p for f in folders for p in f.iterdir() if p.is_dir() and not p.name.startswith("."))


def report(output: Path) -> bool:
    ok = True
    for site in _sites(output):
        print(f"\n{site.name}")
        print(f"  {'page':44} {'html gz':>9} {'total':>11} {'budget':>11}")
        for page in sorted(site.rglob("*.html")):
            own, total, external, charts = page_weight(site, page)
            budget = CHART_BUDGET if charts else PAGE_BUDGET
            verdict = "ok" if total <= budget else "OVER"
            ok &= verdict == "ok"
            rel = page.relative_to(site).as_posix()
            print(f"  {rel:44} {own:>9,} {total:>11,} {budget:>11,}  {verdict}")
            for url in external:
                print(f"      not counted, third-party: {url}")
    return ok


def page_type(rel: str) -> str:
    """A page's kind: its path with campaign ids, entry ids and page numbers taken out."""
    parts = rel.split("/")
    if len(parts) == 1:
        return re.sub(r"_\d+\.html$", "_<n>.html", rel)
    if parts[0] == "assets":
        return "assets/<final work>.html"
    parts[0] = "<campaign>"
    if len(parts) > 2:
        parts[1:] = [parts[1], "<id>.html"]
    return "/".join(parts)


def chart_aside(site: Path, page: Path) -> int:
    """A page's first-visit weight, the charts' script aside (held to a page's budget: issue 15)."""
    _, total, _, charts = page_weight(site, page)
    return total - transferred(site / CHART_MARKER) if charts else total


def over_budget(output: Path) -> list[tuple[str, str, int]]:
    """Every page (and search part) of every site over the page budget, charts' script aside:
    (site, path, bytes)."""
    found = []
    for site in _sites(output):
        for page in sorted(site.rglob("*.html")):
            total = chart_aside(site, page)
            if total > PAGE_BUDGET:
                found.append((site.name, page.relative_to(site).as_posix(), total))
        for part in sorted(site.glob("search/part_*.js")):
            if transferred(part) > PAGE_BUDGET:
                found.append((site.name, part.relative_to(site).as_posix(), transferred(part)))
    return found


def heaviest(output: Path) -> bool:
    """The heaviest page of each type per site, the largest search part, each against its budget; then every
    page over the budget."""
    for site in _sites(output):
        worst: dict[str, tuple[int, str, int]] = {}
        for page in site.rglob("*.html"):
            rel = page.relative_to(site).as_posix()
            total = chart_aside(site, page)
            kind = page_type(rel)
            if total > worst.get(kind, (-1, "", 0))[0]:
                worst[kind] = (total, rel, PAGE_BUDGET)
        parts = sorted(site.glob("search/part_*.js"), key=transferred)
        if parts:
            worst["search part (on demand)"] = (transferred(parts[-1]), parts[-1].relative_to(site).as_posix(),
                                                PAGE_BUDGET)
        print(f"\n{site.name}: {sum(1 for _ in site.rglob('*.html')):,} pages")
        print(f"  {'type':32} {'heaviest':44} {'total':>11} {'budget':>11}")
        for kind, (total, rel, budget) in sorted(worst.items()):
            verdict = "ok" if total <= budget else "OVER"
            print(f"  {kind:32} {rel:44} {total:>11,} {budget:>11,}  {verdict}")
    over = over_budget(output)
    print(f"\n{len(over):,} pages over the budget of {PAGE_BUDGET:,} bytes (charts' script aside)")
    for site_name, rel, total in over:
        print(f"  {site_name}/{rel:60} {total:>11,}")
    return not over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", default=str(REPO))
    parser.add_argument("--site", metavar="DIR", help="measure this built output folder instead of building")
    parser.add_argument("--heaviest", action="store_true", help="only the heaviest page of each type, per site")
    args = parser.parse_args(argv)
    measure = heaviest if args.heaviest else report
    if args.site:
        return 0 if measure(Path(args.site)) else 1
    from generator import pipeline

    with tempfile.TemporaryDirectory(prefix="receipts-weight-") as tmp:
        pipeline.build(args.workspace, output=Path(tmp) / "site")  # site-private/ lands in tmp too
        return 0 if measure(Path(tmp) / "site") else 1


if __name__ == "__main__":
    sys.exit(main())
