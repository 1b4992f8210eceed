"""The signals a client should see first on a campaign's overview.

    stalled     a task past its label's time limit: "Needs a decision for 9 days"
    overdue     an approval open past its due: "Approval overdue for 3 days"

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
from generator.view import AudienceView, VCampaign


@dataclass(frozen=True)
class Signal:
    kind: str  # stalled | overdue | stalled-count
    text: str  # what to show: "Needs a decision for 9 days"
    subject: str  # the entry's title ("" for a count)
    target: str | None  # docs-relative page (and anchor) to link to, if the site has one
    days: int | None = None
    campaign: str = ""  # campaign id (for the agency page)
    tone: str = ""  # stalled: the label's kind (chip colour); overdue: "overdue"


def days_text(lang: str, one: str, many: str, days: int, **values) -> str:
    """"… for 1 day" or "… for 9 days": the string `one` or `many` of measures_strings."""
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
        text = days_text(lang, "sig_stalled_one", "sig_stalled", s.days, label=s.label.title)
        out.append(Signal("stalled", text, s.ref.title, plan.target(s.ref), s.days, c.id, s.label.kind))
    for o in m.stalled.approvals or ():
        if o.days >= 1:
            text = days_text(lang, "sig_overdue_one", "sig_overdue", o.days)
        else:
            text = mt(lang, "sig_overdue_today", when=i18n.format_when(o.due, lang, view.timezone))
        out.append(Signal("overdue", text, o.ref.title, plan.target(o.ref), o.days, c.id, "overdue"))
    return out
