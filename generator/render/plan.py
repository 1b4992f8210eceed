"""Which pages an audience's site has, their paths, and where a Ref points.

A section page exists only when its section applies to the audience
(AudienceView.sections: the kinds its tier reaches by default, and every
kind the view holds an entry of). A tier-0 audience (finished work only)
reaches no dated section by default, so it gets the home page, each
campaign's overview and final work, plus the section of every entry it
was given explicitly (a decision at `visibility: 0` gets it a decisions
page and a timeline): the view holds only what it may see, and a page
shows all of it.
"""

from __future__ import annotations

from generator.render import NavLink, i18n
from generator.view import AudienceView, Ref, VCampaign

SECTIONS = ("overview", "timeline", "decisions", "approvals", "notes", "work", "measures")
_FILES = {"overview": "index.md", "timeline": "timeline.md", "decisions": "decisions.md",
          "approvals": "approvals.md", "notes": "notes.md", "work": "work.md", "measures": "measures.md"}
HOME, SEARCH, MATRIX = "index.md", "search.md", "matrix.md"


def finished_work_only(view: AudienceView) -> bool:
    return view.audience.tier == 0 and not view.audience.internal


def has_matrix(view: AudienceView) -> bool:
    return view.audience.internal and bool(view.matrix)


class CampaignPlan:
    """The pages of one campaign for one audience."""

    def __init__(self, view: AudienceView, campaign: VCampaign, measured: frozenset[str] = frozenset()):
        self.view, self.c = view, campaign
        self.measured = campaign.id in measured  # its measures page exists
        self.sections = tuple(s for s in SECTIONS if self._applies(s))

    def _applies(self, section: str) -> bool:
        kinds = self.view.sections
        if section == "overview":
            return True
        if section == "measures":
            return self.measured
        if section == "work":
            return "asset" in kinds or bool(self.c.assets)
        if section == "timeline":
            return bool(kinds & {"task", "decision", "approval", "note"}) or bool(self.c.changes)
        return {"decisions": "decision", "approvals": "approval", "notes": "note"}[section] in kinds

    def has(self, section: str) -> bool:
        return section in self.sections

    def path(self, section: str) -> str:
        return f"{self.c.id}/{_FILES[section]}"

    def receipt(self, approval_id: str) -> str:
        return f"{self.c.id}/approvals/{approval_id}.md"

    def nav(self) -> tuple[NavLink, ...]:
        lang = self.view.language
        return tuple(NavLink(i18n.t(lang, "section_" + s), self.path(s)) for s in self.sections)

    def target(self, ref: Ref | None) -> str | None:
        """The docs-relative page (and anchor) that shows `ref`, if it has one."""
        if ref is None:
            return None
        overview = self.path("overview")
        if ref.kind in ("task", "deliverable", "milestone"):
            return f"{overview}#{ref.kind}-{ref.id}"
        if ref.kind == "decision" and self.has("decisions"):
            return f"{self.path('decisions')}#decision-{ref.id}"
        if ref.kind == "approval" and self.has("approvals"):
            return self.receipt(ref.id)
        if ref.kind == "asset" and self.has("work"):
            return f"{self.path('work')}#asset-{ref.id}"
        return None
