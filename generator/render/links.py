"""Relative URLs between pages, so a site works under any sub-path and from disk.

Paths are docs-relative ("spring-launch/timeline.md"); pages are served as
".html" files (MkDocs' use_directory_urls is off).
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def html_url(path: str) -> str:
    """A docs-relative page path as its built URL path: .md -> .html."""
    return path[: -len(".md")] + ".html" if path.endswith(".md") else path


def relative_url(from_page: str, to_path: str) -> str:
    """The URL of `to_path` (a page, file or "page.md#anchor") seen from `from_page`."""
    target, _, anchor = to_path.partition("#")
    target = html_url(target)
    if target == html_url(from_page) and anchor:
        return "#" + quote(anchor)
    start = posixpath.dirname(from_page) or "."
    rel = posixpath.relpath(target, start)
    url = quote(rel, safe="/-._~")
    return url + ("#" + quote(anchor) if anchor else "")
