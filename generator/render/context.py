"""The Jinja2 environment and the helpers templates use on one page.

Autoescape is on and undefined names fail loudly. The only HTML passed
through unescaped is what markup.markdown_html/inline_html produced (already
sanitized) and the small tags the helpers below build from escaped parts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator import dates as moments
from generator.render import i18n, links, markup
from generator.view import AudienceView

TEMPLATES = Path(__file__).parent / "templates"

ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html",), default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    auto_reload=False,
)


class Page:
    """Helpers bound to one page: its words, its dates, its relative links."""

    def __init__(self, view: AudienceView, path: str):
        self.view, self.path = view, path
        self.lang, self.tz = i18n.lang_of(view.language), view.timezone

    def t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)

    def url(self, target: str) -> str:
        """A page, or a page's "#anchor"."""
        return links.relative_url(self.path, target)

    def file(self, path: str) -> str:
        """A copied file: its whole name is encoded, a `#` in it included."""
        return links.file_url(self.path, path)

    def section_title(self, section: str, campaign_title: str) -> str:
        """The <title> of a campaign's section page: "Decisions · Spring launch"."""
        return f"{self.t('section_' + section)} · {campaign_title}"

    def date(self, value) -> str:
        return i18n.format_when(value, self.lang, self.tz) if value is not None else ""

    def day(self, value) -> str:
        return i18n.format_date(moments.day(value, self.tz), self.lang) if value is not None else ""

    def time(self, value, text: str | None = None) -> Markup:
        """<time datetime=...> for a date or datetime (or '' for None)."""
        if value is None:
            return Markup("")
        if text is None:
            text = self.date(value)
        return Markup('<time datetime="{}">{}</time>').format(i18n.iso_when(value, self.tz), text)

    def when_any(self, value) -> Markup:
        """A date, a datetime, or text that is neither (e.g. a moved value)."""
        if isinstance(value, (dt.date, dt.datetime)):
            return self.time(value)
        return escape(value if value is not None else "—")

    def md(self, text: str | None) -> Markup:
        return markup.markdown_html(text)

    def inline(self, text: str | None) -> Markup:
        return markup.inline_html(text)


def render_template(name: str, page: Page, **context) -> str:
    html = ENV.get_template(name).render(p=page, view=page.view, **context)
    return html.strip() + "\n"
