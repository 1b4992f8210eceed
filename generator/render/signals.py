"""The signals a client should see first on a campaign's overview.

    as-of       "As of 21 Apr 2026": what the numbers below are as of
    stalled     a task past its label's time limit: "Needs a decision for 9 days"
    overdue     an approval open past its due: "Approval overdue for 3 days"
    milestone   the next milestone not yet reached: "Next milestone: Launch, 21 Apr 2026"

Stalled and overdue come from the measures (stalled-work), so the overview,
the measures page and `receipts kpis` agree; nothing here reads more than
the view and its measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.measures import Measures
from generator.render import i18n
from generator.render.measures_strings import mt
from generator.render.plan import CampaignPlan
from generator.view import AudienceView, Ref, VCampaign


@dataclass(frozen=True)
class Signal:
    kind: str  # as-of | stalled | overdue | stalled-count | milestone
    text: str  # what to show: "Needs a decision for 9 days"
    subject: str  # the entry's title ("" for as-of and counts)
    target: str | None  # docs-relative page (and anchor) to link to, if the site has one
    days: int | None = None
    campaign: str = ""  # campaign id (for the agency page)
    tone: str = ""  # stalled: the label's kind (chip colour); overdue: "overdue"


def _days_text(lang: str, one: str, many: str, days: int, **values) -> str:
    return mt(lang, one, **values) if days == 1 else mt(lang, many, days=days, **values)


def attention(view: AudienceView, measures: Measures | None, c: VCampaign, plan: CampaignPlan | None = None
              ) -> list[Signal]:
    """Stalled tasks (longest first), then approvals open past due (longest first)."""
    lang = view.language
    m = measures.campaign(c.id) if measures is not None else None
    if m is None or m.stalled is None:
        return []
    plan = plan or CampaignPlan(view, c)
    if m.stalled.aggregate_only:
        n = m.stalled.count
        return [Signal("stalled-count", mt(lang, "sig_stalled_count", n=n), "", None, None, c.id)] if n else []
    out = []
    for s in m.stalled.tasks or ():
        text = _days_text(lang, "sig_stalled_one", "sig_stalled", s.days, label=s.label.title)
        out.append(Signal("stalled", text, s.ref.title, plan.target(s.ref), s.days, c.id, s.label.kind))
    for o in m.stalled.approvals or ():
        if o.days >= 1:
            text = _days_text(lang, "sig_overdue_one", "sig_overdue", o.days)
        else:
            text = mt(lang, "sig_overdue_today", when=i18n.format_when(o.due, lang, view.timezone))
        out.append(Signal("overdue", text, o.ref.title, plan.target(o.ref), o.days, c.id, "overdue"))
    return out


def next_milestone(view: AudienceView, c: VCampaign, plan: CampaignPlan | None = None) -> Signal | None:
    from generator.measures.moments import as_of_day

    as_of = as_of_day(view)
    ahead = [ms for ms in c.milestones if not ms.reached and (as_of is None or ms.date >= as_of)]
    if not ahead:
        return None
    ms = min(ahead, key=lambda x: (x.date, x.id))
    plan = plan or CampaignPlan(view, c)
    text = mt(view.language, "sig_next_milestone", title=ms.title,
              when=i18n.format_date(ms.date, view.language))
    return Signal("milestone", text, ms.title, plan.target(Ref("milestone", ms.id, ms.title)), None, c.id)


def signals(view: AudienceView, measures: Measures | None, campaign_id: str) -> list[Signal]:
    """As-of first, then stalled tasks, overdue approvals, and the next milestone."""
    c = next((x for x in view.campaigns if x.id == campaign_id), None)
    if c is None:
        return []
    plan = CampaignPlan(view, c)
    out = []
    if view.as_of is not None:
        when = i18n.format_when(view.as_of, view.language, view.timezone)
        out.append(Signal("as-of", mt(view.language, "sig_as_of", when=when), "", None, None, c.id))
    out += attention(view, measures, c, plan)
    milestone = next_milestone(view, c, plan)
    if milestone is not None:
        out.append(milestone)
    return out
