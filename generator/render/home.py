"""Site-wide pages: home (a card per campaign) and search (the redaction matrix: matrix.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from generator.render import PageOut
from generator.render.capped import CARD_ITEMS, TURN_ITEMS, capped
from generator.render.context import Page, render_template
from generator.render.markup import markdown_html
from generator.render.plan import HOME, SEARCH, CampaignPlan
from generator.render.signals import Signal, attention, your_turn
from generator.render.timeline import is_after
from generator.view import AudienceView, VCampaign, VLabel, VMilestone


@dataclass(frozen=True)
class Card:
    c: VCampaign
    href: str
    snippet: Markup
    counts: tuple[tuple[VLabel, int], ...]
    next: VMilestone | None
    progress: str
    attention: tuple[Signal, ...] = ()  # the first items of the overview's "Needs attention" (capped.py)
    more: int = 0  # and how many more the overview lists


def snippet(summary: str) -> Markup:
    """The summary's first paragraph, rendered safely."""
    first = summary.strip().split("\n\n", 1)[0]
    return markdown_html(first)


def label_counts(view: AudienceView, c: VCampaign) -> tuple[tuple[VLabel, int], ...]:
    counts = Counter(task.label.id for task in c.tasks)
    return tuple((label, counts[label.id]) for label in view.labels if counts[label.id])


def next_milestone(view: AudienceView, c: VCampaign) -> VMilestone | None:
    planned = [m for m in c.milestones if not m.reached]
    upcoming = [m for m in planned if view.as_of is None or not is_after(view.as_of, m.date, view.timezone)]
    return min(upcoming, key=lambda m: (m.date, m.id), default=None)


def _progress(page: Page, view: AudienceView, c: VCampaign) -> str:
    """Milestones reached, as "2 of 5 reached".

    Tier 0 sees no planned milestone, so it gets "2 reached": a total of the
    milestones it sees would claim the work complete.
    """
    reached = sum(1 for m in c.milestones if m.reached)
    if not c.milestones:
        return ""
    if not view.audience.sees_plans:
        return page.t("milestones_reached_only", n=reached)
    return page.t("milestones_reached", n=reached, total=len(c.milestones))


def home_page(view: AudienceView, plans: dict[str, CampaignPlan], record=None) -> PageOut:
    page = Page(view, HOME)
    cards = []
    for c in sorted(view.campaigns, key=lambda c: c.id):
        found = capped(attention(view, c, plans[c.id]), CARD_ITEMS)
        cards.append(Card(c, plans[c.id].path("overview"), snippet(c.summary), label_counts(view, c),
                          next_milestone(view, c), _progress(page, view, c), found.items, found.more))
    history_note = not view.history_configured  # say so rather than pretend the record is complete
    # a client home always has "Your turn"
    turn = None if view.audience.internal else capped(your_turn(view, plans), TURN_ITEMS)
    body = render_template("home.html", page, cards=cards, history_note=history_note, your_turn=turn,
                           record=record)
    return PageOut(HOME, page.t("home"), body, section="home")


def search_page(view: AudienceView) -> PageOut:
    page = Page(view, SEARCH)
    return PageOut(SEARCH, page.t("search"), render_template("search.html", page), section="search",
                   scripts=("search/index.js",))
