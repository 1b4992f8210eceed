"""What became of an approval, worded so that it never contradicts itself.

An answered approval (its last step approves or rejects) says how the answer
met its due: "Late by 15 h 0 min", "On time, 9 h early", "On time". An open
one never says "early" or "on time": it says its round, whose turn it is and
since when, and its due state, as measures/attention.py decides them:
"Round 2 · With the agency since 7 Apr 2026 · due 13 Apr 2026, 18:00", or
"Round 1 · Waiting on you since 2 Apr 2026 · Overdue by 3 days" (red).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import dates as moments
from generator.measures.approvals import decided
from generator.render import i18n
from generator.view import VApproval, When


@dataclass(frozen=True)
class Outcome:
    state: str  # approved | rejected | open
    decided_at: dt.datetime | None
    timing: str  # on-time | late (answered); overdue | pending | undated (open)
    delta: dt.timedelta | None  # decided_at - due (positive: late); None while open


def past_due(approval: VApproval, as_of: When | None, tz: str) -> bool:
    """Open, with a due moment that had passed as of the site's as-of moment."""
    if decided(approval) or approval.due is None or as_of is None:
        return False
    if isinstance(as_of, dt.datetime):
        return moments.aware(approval.due, tz) < moments.aware(as_of, tz)
    return moments.day(approval.due, tz) < as_of


def outcome(approval: VApproval, as_of: When | None, tz: str) -> Outcome:
    """Its state (approved, rejected, open) and its timing.

    Answered: on time when the deciding step came at or before the due (the
    on-time rate's rule). Open, whatever steps asked for changes: overdue once
    the due has passed, else pending; never "on time".
    """
    if decided(approval):
        last = approval.steps[-1]
        if approval.due is None:
            return Outcome(last.verdict, last.at, "undated", None)
        delta = moments.aware(last.at, tz) - moments.aware(approval.due, tz)
        return Outcome(last.verdict, last.at, "late" if delta > dt.timedelta(0) else "on-time", delta)
    if approval.due is None:
        return Outcome("open", None, "undated", None)
    return Outcome("open", None, "overdue" if past_due(approval, as_of, tz) else "pending", None)


def timing_text(result: Outcome, approval: VApproval, lang: str, tz: str, open_status: str = "") -> str:
    """How the answer met the due; for an open approval, `open_status` (round, turn, due state) when given."""
    if result.timing == "late":
        return i18n.t(lang, "late_by", span=i18n.format_duration(result.delta or dt.timedelta(), lang, precise=True))
    if result.timing == "on-time":
        if not result.delta:
            return i18n.t(lang, "on_time_exact")
        return i18n.t(lang, "on_time_early", span=i18n.format_duration(result.delta, lang, precise=False))
    if open_status:
        return open_status
    if result.timing == "overdue":
        return i18n.t(lang, "overdue_since", when=i18n.format_when(approval.due, lang, tz))
    if result.timing == "pending":
        return i18n.t(lang, "due_on", when=i18n.format_when(approval.due, lang, tz))
    return i18n.t(lang, "no_due")
