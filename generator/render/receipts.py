"""Approvals: the list, and one printable receipt per approval."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import PageOut
from generator.render.context import Page, render_template
from generator.render.outcome import Outcome, outcome, timing_text
from generator.render.plan import CampaignPlan
from generator.render.signals import open_status
from generator.view import AudienceView, VApproval


@dataclass(frozen=True)
class ApprovalRow:
    a: VApproval
    o: Outcome
    timing: str
    href: str


def request_order(a: VApproval):
    return (a.requested.isoformat(), a.id)


def approvals_page(view: AudienceView, plan: CampaignPlan) -> PageOut:
    path = plan.path("approvals")
    page = Page(view, path)
    rows = []
    for a in sorted(plan.c.approvals, key=request_order):
        result = outcome(a, view.as_of, view.timezone)
        status = open_status(view, plan.c, a)
        rows.append(ApprovalRow(a, result, timing_text(result, a, page.lang, page.tz, status), plan.receipt(a.id)))
    body = render_template("approvals.html", page, c=plan.c, rows=rows)
    title = page.section_title("approvals", plan.c.title)
    return PageOut(path, title, body, plan.nav(), plan.c.id, "approvals")


def receipt_page(view: AudienceView, plan: CampaignPlan, a: VApproval, record=None) -> PageOut:
    path = plan.receipt(a.id)
    page = Page(view, path)
    result = outcome(a, view.as_of, view.timezone)
    body = render_template(
        "receipt.html", page, c=plan.c, a=a, o=result,
        timing=timing_text(result, a, page.lang, page.tz, open_status(view, plan.c, a, asked=True)),
        subject_link=plan.target(a.subject), back=plan.path("approvals"), record=record)
    title = f"{page.t('receipt_title', title=a.name)} · {plan.c.title}"
    return PageOut(path, title, body, plan.nav(), plan.c.id, "approvals")


def receipt_pages(view: AudienceView, plan: CampaignPlan, record=None) -> list[PageOut]:
    return [receipt_page(view, plan, a, record) for a in sorted(plan.c.approvals, key=request_order)]
