"""Untrusted Markdown -> safe HTML (invariant 5).

Python-Markdown renders; nh3 then keeps only a small set of tags and
attributes. Raw HTML in the source survives only where it is on that list;
template syntax (`{{ }}`, `{% %}`, `[[ ]]`) is plain text and stays literal,
because nothing downstream evaluates the result again.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

TAGS = {
    "p", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote", "br",
    "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_OUTER_P = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _shift_heading(match: re.Match) -> str:
    """Page templates own h1-h2; a heading in free text starts at h3."""
    level = min(int(match.group(2)) + 2, 6)
    return f"<{match.group(1)}h{level}"


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "textarea", "title"},
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)


def markdown_html(text: str | None) -> Markup:
    """Markdown (untrusted) -> sanitized HTML, safe to insert into a page."""
    if not text or not text.strip():
        return Markup("")
    html = _HEADING.sub(_shift_heading, _MARKDOWN.reset().convert(text))
    return Markup(sanitize(html).strip())


def inline_html(text: str | None) -> Markup:
    """One-line Markdown (a goal, an alternative) without the wrapping paragraph."""
    html = str(markdown_html(text))
    match = _OUTER_P.match(html)
    if match and "<p>" not in match.group(1):
        html = match.group(1)
    return Markup(html)
