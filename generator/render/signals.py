""""Needs attention", worded once for every page: home, overview, measures and the feed.

What needs attention and whose turn it is come from measures/attention.py;
this module only words each item for the page's audience and language:

    chip    the task's label, "Approval · round 2", or "Deliverable"
    turn    "Waiting on you since 3 Apr 2026" (the audience's own side) or
            "With the agency since 28 Mar 2026"
    due     "Overdue by 5 days" (red), "Overdue since 7 Apr 2026, 18:00"
            (past due today), or "due 10 Apr 2026"
    stalled "Needs a decision for 9 days": a task past its label's time limit

Templates print these strings and decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.dates import day
from generator.measures.attention import AttentionItem, approval_item, moment, own_side
from generator.measures.attention import attention as attention_items
from generator.render import i18n
from generator.render.measures_strings import mt
from generator.render.plan import CampaignPlan
from generator.view import AudienceView, VApproval, VCampaign, VLabel, When


@dataclass(frozen=True)
class Signal:
    kind: str  # approval | task | deliverable
    text: str  # the chip: a label's title, "Approval · round 2", "Deliverable"
    subject: str  # the entry's title
    target: str | None  # docs-relative page (and anchor) to link to, if the site has one
    days: int | None = None  # days since the turn began
    campaign: str = ""  # campaign id (the agency page swaps in its title)
    tone: str = ""  # a label's kind (chip colour), or "approval" | "deliverable"
    label: VLabel | None = None
    turn: str = ""  # "Waiting on you since …" | "With the agency since …"
    mine: bool = False  # the turn is the audience's own side
    due: str = ""  # "Overdue by 5 days" | "due 10 Apr 2026" | ""
    overdue: bool = False
    stalled: str = ""  # "for 9 days" past the label's limit
    since: When = field(kw_only=True)  # when the turn began (for ordering across campaigns)


def days_text(lang: str, one: str, many: str, days: int, **values) -> str:
    """"… for 1 day" or "… for 9 days": the string `one` or `many` of measures_strings."""
    return mt(lang, one, **values) if days == 1 else mt(lang, many, days=days, **values)


def turn_text(view: AudienceView, item: AttentionItem) -> str:
    lang, mine = view.language, item.side == own_side(view)
    key = "turn_you" if mine else ("turn_agency" if item.side == "agency" else "turn_client")
    return i18n.t(lang, key, when=i18n.format_date(day(item.since, view.timezone), lang))


def due_text(view: AudienceView, item: AttentionItem) -> str:
    lang = view.language
    if item.overdue_days is None:
        return i18n.t(lang, "due_on", when=i18n.format_when(item.due, lang, view.timezone)) if item.due else ""
    if item.overdue_days == 0:
        return i18n.t(lang, "overdue_since", when=i18n.format_when(item.due, lang, view.timezone))
    return i18n.t(lang, "overdue_by_one" if item.overdue_days == 1 else "overdue_by", days=item.overdue_days)


def chip_text(view: AudienceView, item: AttentionItem) -> str:
    if item.label is not None:
        return item.label.title
    if item.ref.kind == "approval":
        return i18n.t(view.language, "approval_round", n=item.round or 1)
    return i18n.t(view.language, "chip_deliverable")


def signal(view: AudienceView, plan: CampaignPlan, item: AttentionItem) -> Signal:
    lang = view.language
    stalled = days_text(lang, "sig_stalled_one", "sig_stalled", item.stalled_days, label="").strip() \
        if item.stalled_days is not None else ""
    as_of = view.as_of or item.since
    days = (day(as_of, view.timezone) - day(item.since, view.timezone)).days
    tone = item.label.kind if item.label is not None else item.ref.kind
    return Signal(item.ref.kind, chip_text(view, item), item.ref.title, plan.target(item.ref), days, item.campaign,
                  tone, item.label, turn_text(view, item), item.side == own_side(view), due_text(view, item),
                  item.overdue_days is not None, stalled, since=item.since)


def attention(view: AudienceView, c: VCampaign, plan: CampaignPlan | None = None) -> list[Signal]:
    """The campaign's attention items, oldest turn first: the same for every page that lists them.

    From the view alone: a stalled-work total opened below its inputs' tier stays a number on the
    measures page's tile, never a list item that home and the feed could not show."""
    plan = plan or CampaignPlan(view, c)
    return [signal(view, plan, item) for item in attention_items(view, c)]


def your_turn(view: AudienceView, plans: dict[str, CampaignPlan]) -> list[Signal]:
    """Every campaign's items on the audience's own side, oldest first: a client home's "Your turn"."""
    found = [replace(s, campaign=c.title) for c in view.campaigns
             for s in attention(view, c, plans.get(c.id)) if s.mine]
    return sorted(found, key=lambda s: (moment(s.since, view.timezone), s.campaign, s.subject))


def open_status(view: AudienceView, c: VCampaign, a: VApproval, asked: bool = False) -> str:
    """An open approval's status: "Round 2 · With the agency since 7 Apr 2026 · Overdue by 3 days"; "" once answered."""
    item = approval_item(view, c, a)
    if item is None:
        return ""
    lang = view.language
    due = due_text(view, item) or i18n.t(lang, "no_due")
    parts = [i18n.t(lang, "asked", title=a.name)] if asked else []
    return " · ".join([*parts, i18n.t(lang, "round_n", n=item.round or 1), turn_text(view, item), due])
