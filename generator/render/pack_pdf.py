"""The transparency packs of one audience's site: HTML (pack.py) -> PDF with WeasyPrint.

WeasyPrint is an optional extra (`pip install 'receipts[pdf]'`). Without
it the site is built without packs and without links to them, and the
build says so once per audience as a warning (so `--strict` refuses it).

The PDF goes into the staging docs folder like any generated file, so the
engine copies it, the audit gate reads its text (audit/pdf_text.py) and a
protected site seals it with the rest. Same inputs, same bytes: no /ID,
the creation and modification dates are the as-of moment, nothing is
fetched (the stylesheet is read here, any other URL is refused), and the
fonts are the machine's (docs/transparency-pack.md).
"""

from __future__ import annotations

import contextlib
import logging
import re

from generator.errors import BuildError
from generator.render import Rendered
from generator.render.context import TEMPLATES
from generator.render.measures_pages import campaigns_with_page
from generator.render.pack import RecordHead, has_pack, pack_html, pack_path
from generator.render.pack_strings import pt
from generator.render.plan import CampaignPlan
from generator.view import AudienceView

INSTALL = "pip install 'receipts[pdf]'"
MISSING = f"transparency packs left out: WeasyPrint is not installed ({INSTALL}; docs/transparency-pack.md)"
STYLESHEET = "pack.css"  # beside pack.html


def weasyprint_missing() -> str | None:
    """None when WeasyPrint and the libraries it loads (Pango) are there; else what to do, in one line."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return MISSING
    except OSError as exc:  # installed, but Pango or its friends are not: WeasyPrint raises OSError
        return f"transparency packs left out: WeasyPrint cannot load its libraries ({exc}); see " \
               "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
    return None


def packs_linked(view: AudienceView) -> bool:
    """Whether the campaign pages link a pack: the audience gets packs and WeasyPrint can draw them."""
    return has_pack(view) and bool(view.campaigns) and weasyprint_missing() is None


def missing_packs(view: AudienceView) -> list[str]:
    """Why an audience that gets packs has none (WeasyPrint missing), else []."""
    missing = weasyprint_missing() if has_pack(view) and view.campaigns else None
    return [] if missing is None else [missing]


def add_packs(view: AudienceView, measures, rendered: Rendered, record_head: RecordHead | None = None) -> list[str]:
    """Each campaign's pack into `rendered.files` (the pages link them: packs_linked); the warnings."""
    if not packs_linked(view):
        return missing_packs(view)
    warnings: list[str] = []
    for c in sorted(view.campaigns, key=lambda c: c.id):
        files, said = campaign_pack(view, c, measures, record_head)
        rendered.files.update(files)
        warnings += said
    return warnings


def campaign_pack(view: AudienceView, c, measures, record_head: RecordHead | None) -> tuple[dict[str, bytes],
                                                                                          list[str]]:
    """One campaign's pack ({its path: the PDF}) and what the writer warned of; made from that campaign's
    part of the view and measures alone, so a build that keeps its pages keeps it (render/units.py)."""
    stylesheet = (TEMPLATES / STYLESHEET).read_text(encoding="utf-8")
    html = pack_html(view, CampaignPlan(view, c, campaigns_with_page(view, measures)), measures, record_head)
    data, said = write_pdf(html, stylesheet + page_rules(view.language, c.title))
    return {pack_path(c.id): data}, [f"{pack_path(c.id)}: {w}" for w in said]


def css_string(text: str) -> str:
    """A CSS string literal that holds `text` whatever it is: all but letters, digits and spaces escaped
    (six hex digits and the space that ends the escape, so a space after it stays a space)."""
    return '"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x} "
                         for ch in text) + '"'


def page_rules(lang: str, campaign_title: str) -> str:
    """The page footer: the campaign and "Page 3 of 12", in the audience's language."""
    parts = re.split(r"(\{page\}|\{pages\})", pt(lang, "page_of", page="{page}", pages="{pages}"))
    counter = " ".join({"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(p, css_string(p))
                       for p in parts if p)
    left = css_string(f"{campaign_title} · {pt(lang, 'pack_title')}")
    return f"\n@page {{ @bottom-left {{ content: {left}; }} @bottom-right {{ content: {counter}; }} }}\n" \
           "@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }\n"


class _Said(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _collected(name: str):
    """WeasyPrint's warnings (an unsupported CSS rule, a refused URL), for the build's warnings."""
    logger, said = logging.getLogger(name), _Said()
    logger.addHandler(said)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield said.messages
    finally:
        logger.removeHandler(said)
        logger.propagate = propagate


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"a transparency pack loads nothing: refused {url[:80]}")


def write_pdf(html: str, css: str) -> tuple[bytes, list[str]]:
    """The PDF's bytes, and what WeasyPrint warned of."""
    from weasyprint import CSS, HTML

    with _collected("weasyprint") as said:
        try:
            document = HTML(string=html, base_url=None, url_fetcher=_refuse)
            # Tagged (headings, tables, lists as such) so screen readers read it in order.
            data = document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=_refuse)], pdf_identifier=False,
                                      pdf_tags=True)
        except Exception as exc:  # noqa: BLE001  WeasyPrint's errors have no common base: name them
            raise BuildError(f"could not write a transparency pack: {type(exc).__name__}: {exc}") from exc
    if data is None:
        raise BuildError("could not write a transparency pack: WeasyPrint returned nothing")
    return data, said
