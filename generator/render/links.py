"""Relative URLs between pages, so a site works under any sub-path and from disk.

Paths are docs-relative ("spring-launch/timeline.md"); pages are served as
".html" files (MkDocs' use_directory_urls is off). Every URL is
percent-encoded: a page target may end in "#anchor", while a copied file's
path is a name and nothing else (file_url), so a `#` in it is encoded like
a `?`, a `%`, a space or an accent.
"""

from __future__ import annotations

import functools
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
    return _relative(from_page, target) + ("#" + quote(anchor) if anchor else "")


def file_url(from_page: str, path: str) -> str:
    """The URL of a copied file (`assets/<campaign>/take#2.png`) seen from `from_page`: no anchor."""
    return _relative(from_page, path)


@functools.lru_cache(maxsize=1 << 16)  # a timeline links the same few pages hundreds of times; relpath is slow
def _relative(from_page: str, target: str) -> str:
    start = posixpath.dirname(from_page) or "."
    return quote(posixpath.relpath(target, start), safe="/-._~")
