"""An approval's receipt: every step, the outcome, and whether it came on time."""

import re

from generator.render.outcome import outcome, timing_text
from generator.render.pages import render

from tests.unit.render_views import VStep, approval, at, campaign, view

APPROVED_LATE = (VStep("Raj", "changes-requested", at("2026-01-22T16:10:00"), "Swap **frame 3**."),
                 VStep("Jane", "approved", at("2026-01-24T09:00:00"), "Good to go."))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _receipt(a, **kw):
    rendered = render(view([campaign(approvals=(a,))], **kw))
    return next(p for p in rendered.pages if p.path == f"launch/approvals/{a.id}.md")


def test_a_late_approval_says_by_how_much():
    a = approval(steps=APPROVED_LATE)  # due 23 Jan 18:00, approved 24 Jan 09:00
    assert "Late by 15 h 0 min" in _text(_receipt(a).body)


def test_an_early_approval_says_on_time_and_how_early():
    a = approval(steps=(VStep("Jane", "approved", at("2026-01-23T09:00:00"), ""),))
    assert "On time, 9 h early" in _text(_receipt(a).body)


def test_changes_requested_last_is_open_never_on_time_and_overdue_once_its_due_passes():
    """An open approval says whose turn it is and its due state; "on time" and "early" are for answers (issue 17)."""
    a = approval(steps=APPROVED_LATE[:1])  # changes requested 22 Jan 16:10, due 23 Jan 18:00
    assert outcome(a, at("2026-01-22T18:00:00"), "Europe/Madrid").timing == "pending"
    assert outcome(a, at("2026-01-30T00:00:00"), "Europe/Madrid").timing == "overdue"
    text = _text(_receipt(a).body)
    assert "Open" in text and "early" not in text and "On time" not in text
    assert "Round 2" in text and "With the agency since 22 Jan 2026" in text


def test_an_approval_nobody_answered_is_overdue_once_its_due_passes():
    a = approval(steps=())
    assert outcome(a, at("2026-01-22T18:00:00"), "Europe/Madrid").timing == "pending"
    assert outcome(a, at("2026-01-30T00:00:00"), "Europe/Madrid").timing == "overdue"


def test_a_rejection_is_an_outcome():
    a = approval(steps=(VStep("Jane", "rejected", at("2026-01-22T10:00:00"), "No."),))
    result = outcome(a, None, "Europe/Madrid")
    assert result.state == "rejected"
    assert timing_text(result, a, "en", "Europe/Madrid").startswith("On time")


def test_the_receipt_lists_every_step_with_a_verdict_badge():
    body = _receipt(approval(steps=APPROVED_LATE)).body
    assert body.count('class="step step-') == 2
    assert 'badge-changes-requested' in body and 'badge-approved' in body
    assert "<strong>frame 3</strong>" in body
    assert '<time datetime="2026-01-22T16:10:00+01:00">22 Jan 2026, 16:10</time>' in body


def test_the_receipt_shows_the_file_and_its_sha256():
    sha = "ab" * 32
    body = _receipt(approval(steps=APPROVED_LATE, asset="board-v2.pdf", sha=sha)).body
    assert "board-v2.pdf" in body and sha in body


def test_a_step_recorded_in_history_says_when():
    step = VStep("Jane", "approved", at("2026-01-23T09:00:00"), "", recorded=at("2026-01-25T10:00:00"))
    assert "Recorded in history on 25 Jan 2026, 10:00" in _text(_receipt(approval(steps=(step,))).body)


def test_receipts_belong_to_the_approvals_section():
    page = _receipt(approval(steps=APPROVED_LATE))
    assert page.section == "approvals" and page.campaign == "launch"


def test_the_approvals_list_links_each_receipt():
    rendered = render(view([campaign(approvals=(approval(steps=APPROVED_LATE),))]))
    listing = next(p for p in rendered.pages if p.path == "launch/approvals.md")
    assert 'href="approvals/board-v2.html"' in listing.body
