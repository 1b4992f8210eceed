"""AudienceView -> search records: one per entry a page of the site shows, linking to its anchor.

Built from the same view, plans and helpers the templates render (never
by reading the built HTML back), so a record can only hold what its page
shows this audience: its title, its status label and its date as the page
writes them, and the rest of its visible text to match on. An entry whose
section has no page for this audience gets no record. Each campaign's
records are a pure function of (view, plan, its measures), so a build that
reuses a campaign's pages can reuse its records (site/search_index.py
writes them out).

    campaign      <campaign>/index.html
    task, deliverable, milestone   <campaign>/index.html#task-<id> ...
    decision      <campaign>/decisions.html#decision-<id>
    approval      <campaign>/approvals/<id>.html#approval-<id>, and each step #step-<n>
    note          <campaign>/notes.html#note-<day>[-<n>]
    final work    <campaign>/work.html#asset-<id>
    KPI           <campaign>/measures.html#measure-nps, #measure-series-<id>
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import nh3

from generator.measures.types import CampaignMeasures
from generator.render import PageOut, links, markup
from generator.render.anchors import approval_anchor, note_anchors, step_anchor
from generator.render.campaign import deliverable_rows, late_milestones, task_overdue
from generator.render.context import Page
from generator.render.measures_charts import Words
from generator.render.measures_pages import campaign_path
from generator.render.outcome import outcome
from generator.render.plan import CampaignPlan
from generator.view import AudienceView, VApproval, VDeliverable, VSeries

TITLE_WORDS = 12  # a note has no title: its first words stand for one
_BLOCK_TAG = re.compile(r"<(?=/?(?:p|li|br|h[1-6]|tr|td|th|blockquote|pre|ul|ol|hr|table)\b)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchRecord:
    """One search result: what it is, what the page calls it, where it is, and the words to match."""

    kind: str  # the kind's name in the site's language ("Task", "Tarea")
    title: str
    url: str  # site-relative address of its page (.html), with its "#anchor"
    label: str = ""  # its status as the page shows it ("In progress", "Approved", "Reached")
    date: str = ""  # its date as the page writes it
    text: str = ""  # the rest of its visible text
    campaign: str = ""  # the campaign's title, when it belongs to one

    def as_json(self) -> dict[str, str]:
        """Short keys (the index is shipped to every reader); empty fields left out."""
        fields = {"k": self.kind, "t": self.title, "u": self.url, "l": self.label, "d": self.date,
                  "x": self.text, "c": self.campaign}
        return {key: value for key, value in fields.items() if value}


# One line with no Markdown or HTML syntax in it: it renders as itself, so rendering can be skipped
# (most comments and notes; tests/property/test_search_plain.py holds it equal to rendering).
_PLAIN_LINE = re.compile(r"(?![ ]{4})[ ]*+(?![-+=]|\d+[.)])[^\n\r*_\[\]<>&#`\\|~]*")


def plain(markdown_text: str | None) -> str:
    """The words a reader sees of a Markdown text: rendered and sanitized as pages do, markup left out."""
    if markdown_text is None:
        return ""
    if markdown_text.isprintable() and _PLAIN_LINE.fullmatch(markdown_text):
        return _SPACE.sub(" ", markdown_text).strip()
    rendered = str(markup.markdown_html(markdown_text))
    if not rendered:
        return ""
    text = nh3.clean(_BLOCK_TAG.sub(" <", rendered), tags=set())
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _join(*parts: str | None) -> str:
    return _SPACE.sub(" ", " ".join(p for p in parts if p)).strip()


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")


def _url(target: str) -> str:
    """A docs-relative "page.md#anchor" as the built site's address."""
    page, _, anchor = target.partition("#")
    return links.html_url(page) + (f"#{anchor}" if anchor else "")


class _Records:
    """The records of one campaign's pages."""

    def __init__(self, view: AudienceView, plan: CampaignPlan):
        self.view, self.plan, self.c = view, plan, plan.c
        self.page = Page(view, plan.path("overview"))
        self.out: list[SearchRecord] = []

    def add(self, kind: str, title: str, target: str, label: str = "", date: str = "", text: str = "") -> None:
        self.out.append(SearchRecord(self.page.t(f"kind_name_{kind}"), title, _url(target), label, date,
                                     _SPACE.sub(" ", text).strip(), self.c.title))

    def date(self, value) -> str:
        return self.page.date(value)

    def campaign(self) -> None:
        goals = " ".join(plain(g) for g in self.c.goals)
        self.add("campaign", self.c.title, self.plan.path("overview"),
                 text=_join(self.c.client, plain(self.c.summary), goals))

    def overview_entries(self) -> None:
        """Milestones, deliverables and (where the board shows) tasks: the overview's anchors."""
        overview, late = self.plan.path("overview"), late_milestones(self.view, self.plan)
        for m in self.c.milestones:
            state = "reached" if m.reached else "not_reached" if m.id in late else "planned"
            self.add("milestone", m.title, f"{overview}#milestone-{m.id}", self.page.t(state), self.date(m.date))
        for row in deliverable_rows(self.view, self.plan):
            d = cast(VDeliverable, row.d)
            label = row.overdue or ("" if row.delivered else self.page.t("not_yet"))
            assets = " ".join(a.title for a in row.assets)
            self.add("deliverable", d.title, f"{overview}#deliverable-{d.id}", label, self.date(d.due), assets)
        if "task" in self.view.sections:
            for t in self.c.tasks:
                overdue = self.page.t("state_overdue") if task_overdue(self.view, t) else ""
                text = _join(t.owner, t.deliverable.title if t.deliverable else None, overdue)
                self.add("task", t.title, f"{overview}#task-{t.id}", t.label.title, self.date(t.done or t.due), text)

    def decisions(self) -> None:
        if not self.plan.has("decisions"):
            return
        page = self.plan.path("decisions")
        for d in self.c.decisions:
            comments = " ".join(_join(cm.by, plain(cm.text)) for cm in d.comments)
            text = _join(", ".join(d.decided_by), plain(d.why), " ".join(plain(a) for a in d.alternatives),
                         " ".join(r.title for r in d.relates_to), comments)
            self.add("decision", d.title, f"{page}#decision-{d.id}", date=self.date(d.date), text=text)

    def approvals(self) -> None:
        if not self.plan.has("approvals"):
            return
        for a in self.c.approvals:
            self._approval(a)

    def _approval(self, a: VApproval) -> None:
        receipt = self.plan.receipt(a.id)
        result = outcome(a, self.view.as_of, self.view.timezone)
        self.add("approval", a.name, f"{receipt}#{approval_anchor(a.id)}", self.page.t(f"state_{result.state}"),
                 self.date(a.requested), _join(a.subject.title, a.asset))
        for number, step in enumerate(a.steps, start=1):
            self.add("step", a.name, f"{receipt}#{step_anchor(number)}", self.page.t(f"verdict_{step.verdict}"),
                     self.date(step.at), _join(step.by, plain(step.comment)))

    def notes(self) -> None:
        if not self.plan.has("notes"):
            return
        page = self.plan.path("notes")
        for note, anchor in zip(self.c.notes, note_anchors(self.c.notes), strict=True):
            text = plain(note.text)
            self.add("note", _first_words(text) or self.date(note.date), f"{page}#{anchor}",
                     date=self.date(note.date), text=_join(note.about.title if note.about else None, text))

    def work(self) -> None:
        if not self.plan.has("work"):
            return
        page = self.plan.path("work")
        for a in self.c.assets:
            if not (a.file or a.url):
                continue  # not on the work page (nothing to show)
            label = self.page.t("kind_asset-scheduled") if a.scheduled else self.page.t("published") \
                if a.published else ""
            self.add("asset", a.title, f"{page}#asset-{a.id}", label, self.date(a.published),
                     a.deliverable.title if a.deliverable else "")

    def kpis(self, m: CampaignMeasures | None) -> None:
        """The KPI sections of the campaign's measures page, each with its latest value and its date."""
        if m is None or not self.plan.measured:
            return
        words, page = Words(self.view.language, self.view.timezone), campaign_path(self.c.id)
        if m.sentiment is not None and not m.sentiment.aggregate_only:
            self._kpi(words, words.t("chart_nps"), f"{page}#measure-nps", m.sentiment.latest)
        for s in m.series:
            self._kpi(words, s.title, f"{page}#measure-series-{s.id}", _latest(s))

    def _kpi(self, words: Words, title: str, target: str, latest) -> None:
        label, date = (words.num(latest.value), words.date(latest.date)) if latest is not None else ("", "")
        self.add("kpi", title, target, label, date)


def _latest(series: VSeries):
    return max(series.points, key=lambda p: p.date) if series.points else None


def campaign_records(view: AudienceView, plan: CampaignPlan, m: CampaignMeasures | None = None
                     ) -> list[SearchRecord]:
    """One campaign's records, in page order: the campaign, its overview's entries, then each section's."""
    found = _Records(view, plan)
    found.campaign()
    found.overview_entries()
    found.decisions()
    found.approvals()
    found.notes()
    found.work()
    found.kpis(m)
    return found.out


def search_records(view: AudienceView, plans: Iterable[CampaignPlan], measures=None) -> list[SearchRecord]:
    """Every record of an audience's site, campaign by campaign (in campaign id order)."""
    records: list[SearchRecord] = []
    for plan in sorted(plans, key=lambda p: p.c.id):
        records += campaign_records(view, plan, measures.campaign(plan.c.id) if measures is not None else None)
    return records


def kpi_records(view: AudienceView, plans: Iterable[CampaignPlan], measures=None) -> list[SearchRecord]:
    """The records of the campaigns' measures pages (a build that keeps pages keeps them with those)."""
    records: list[SearchRecord] = []
    for plan in sorted(plans, key=lambda p: p.c.id):
        found = _Records(view, plan)
        found.kpis(measures.campaign(plan.c.id) if measures is not None else None)
        records += found.out
    return records


def shown_on(records: Iterable[SearchRecord], pages: Iterable[PageOut]) -> list[SearchRecord]:
    """The records whose page was rendered with their anchor on it.

    A record without its element would lead nowhere, and could hold text no
    page shows (an entry a template leaves out): it is dropped, not guessed at.
    """
    bodies = {links.html_url(p.path): p.body for p in pages}
    kept = []
    for record in records:
        page, _, anchor = record.url.partition("#")
        body = bodies.get(page)
        if body is not None and (not anchor or f'id="{anchor}"' in body):
            kept.append(record)
    return kept

