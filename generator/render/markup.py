"""Untrusted Markdown -> safe HTML (invariant 5), in time linear in the text.

cmark-gfm (through cmarkgfm, the renderer PyPI uses for package pages)
renders CommonMark plus tables; nh3 then keeps only a small set of tags and
attributes. Raw HTML in the source survives only where it is on that list;
template syntax (`{{ }}`, `{% %}`, `[[ ]]`) is plain text and stays literal,
because nothing downstream evaluates the result again.

Why cmark: Python-Markdown is quadratic on some texts (unclosed `[a](`
openers: 100,000 characters took minutes). cmark is linear by design and
tested against such inputs upstream. nh3 has slow paths of its own: it
slows down quadratically with the nesting depth of elements, so a text that
could nest deeper than the limits below is rendered without that means of
nesting, and with the number of `&` and U+00A0 in one run of text, which
sanitize() stands in for (docs/format.md, "Markdown in free text").
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import nh3
from cmarkgfm.cmark import Options, markdown_to_html_with_extensions
from markupsafe import Markup

TAGS = {
    "p", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote", "br",
    "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

# Past these a text could nest elements deep enough to slow the sanitiser.
MAX_RAW_TAGS = 500  # `<` + letter: every raw HTML start tag (and autolink) starts so
MAX_RAW_AMPERSANDS = 5_000  # raw HTML's `&` reach nh3 as written, each costly in a long run
MAX_NESTING = 32  # blockquote and list levels one line can open or continue

_UPPER_HEADING = re.compile(r"<(/?)H([1-6])\b")  # raw HTML's own spelling (cmark writes lower case)
_OUTER_P = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
_RAW_TAG = re.compile(r"<[A-Za-z]")
# A line start long enough to be worth measuring: blanks, `>` and list markers. A character
# of it is at most two levels (a tab), so a shorter one cannot pass the limit.
_DEEP_PREFIX = re.compile(r"^(?:[ \t>]|[-+*](?=[ \t\n]|$)|\d{1,9}[.)](?=[ \t\n]|$)){" + str(MAX_NESTING // 2) + ",}",
                          re.MULTILINE)
_PREFIX_ITEM = re.compile(r"[ \t]+|>|[-+*]|\d{1,9}[.)]")


def _shift_heading(match: re.Match) -> str:
    return f"<{match.group(1)}h{min(int(match.group(2)) + 2, 6)}"


def _shift_headings(html_text: str) -> str:
    """Page templates own h1-h2; a heading in free text starts at h3.

    Highest level first, so that no tag moves twice; plain replacements keep
    a text of many headings fast. Text is escaped (`&lt;h1`), so only tags move.
    """
    for level in (5, 4, 3, 2, 1):
        shifted = min(level + 2, 6)
        html_text = html_text.replace(f"<h{level}", f"<h{shifted}").replace(f"</h{level}", f"</h{shifted}")
    return _UPPER_HEADING.sub(_shift_heading, html_text) if "<H" in html_text or "</H" in html_text else html_text


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop an address that hides a scheme behind escapes (`java%09script:` is `javascript:` to some
    readers), and an empty one (cmark's stand-in for an unsafe address when raw HTML is left out)."""
    if attribute != "href":
        return value
    if not value.strip():
        return None
    scheme = _SCHEME.match(_INVISIBLE.sub("", unquote(value)))
    return None if scheme and scheme.group(1).lower() not in URL_SCHEMES else value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "textarea", "title"},
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    attribute_filter=_href_filter,
    strip_comments=True,
)


# nh3 writes `&` and U+00A0 back out in time quadratic in their number in one
# text node; it passes these two noncharacters through at once instead.
_AMP, _NBSP = "\ufdd0", "\ufdd1"
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")


def sanitize(html_text: str) -> str:
    """nh3, with `&amp;` and U+00A0 stood in for by noncharacters (the text has none)."""
    cleaned = _CLEANER.clean(html_text.replace("&amp;", _AMP).replace("\xa0", _NBSP))
    return cleaned.replace(_AMP, "&amp;").replace(_NBSP, "&nbsp;")


def _levels(prefix: str) -> int:
    """At most how many block levels a line start can open or continue.

    Each level takes a `>`, a list marker or at least two columns of
    indentation (a tab is up to four).
    """
    levels = 0
    for item in _PREFIX_ITEM.findall(prefix):
        if item[0] in " \t":
            levels += (item.count(" ") + 4 * item.count("\t")) // 2
        else:
            levels += 1
    return levels


def _too_deep(text: str) -> bool:
    return any(_levels(match.group()) > MAX_NESTING for match in _DEEP_PREFIX.finditer(text))


def _plain_html(text: str) -> str:
    """The text as escaped paragraphs: what a too deeply nested text shows."""
    paragraphs = (part.strip() for part in re.split(r"\n[ \t]*\n", text))
    return "".join(f"<p>{html.escape(part, quote=False)}</p>\n" for part in paragraphs if part)


def _cmark_html(text: str) -> str:
    """CommonMark + tables; raw HTML is kept for nh3 unless there is too much of it to sanitise fast."""
    few = len(_RAW_TAG.findall(text)) <= MAX_RAW_TAGS and text.count("&") <= MAX_RAW_AMPERSANDS
    options = Options.CMARK_OPT_UNSAFE if few else 0
    return markdown_to_html_with_extensions(text, options=options, extensions=["table"])


def markdown_html(text: str | None) -> Markup:
    """Markdown (untrusted) -> sanitized HTML, safe to insert into a page."""
    if not text or not text.strip():
        return Markup("")
    # cmark reads UTF-8: a lone surrogate (a YAML escape can make one) becomes U+FFFD,
    # and so does a noncharacter (never text; sanitize() needs them free).
    text = _NONCHARACTERS.sub("\ufffd", text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # one line end, so line starts are seen
    rendered = _plain_html(text) if _too_deep(text) else _cmark_html(text)
    return Markup(sanitize(_shift_headings(rendered)).strip())


def inline_html(text: str | None) -> Markup:
    """One-line Markdown (a goal, an alternative) without the wrapping paragraph."""
    html_text = str(markdown_html(text))
    match = _OUTER_P.match(html_text)
    if match and "<p>" not in match.group(1):
        html_text = match.group(1)
    return Markup(html_text)
