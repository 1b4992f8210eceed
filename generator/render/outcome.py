"""What became of an approval: approved, rejected or open; on time or late."""

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
    timing: str  # on-time | late | overdue | pending | undated
    delta: dt.timedelta | None  # decided_at - due (positive: late)


def past_due(approval: VApproval, as_of: When | None, tz: str) -> bool:
    """Open, with a due moment that had passed as of the site's as-of moment."""
    if decided(approval) or approval.due is None or as_of is None:
        return False
    if isinstance(as_of, dt.datetime):
        return moments.aware(approval.due, tz) < moments.aware(as_of, tz)
    return moments.day(approval.due, tz) < as_of


def outcome(approval: VApproval, as_of: When | None, tz: str) -> Outcome:
    """Its state (approved, rejected, open) and its timing, judged as the on-time rate judges it.

    FORMAT.md: on time when the final step came at or before the due, whatever
    its verdict; changes requested by the due are an answer on time, though
    the approval stays open. With no step yet: overdue once the due has passed.
    """
    state = approval.steps[-1].verdict if decided(approval) else "open"
    decided_at = approval.steps[-1].at if decided(approval) else None
    if approval.due is None:
        return Outcome(state, decided_at, "undated", None)
    if approval.steps:
        delta = moments.aware(approval.steps[-1].at, tz) - moments.aware(approval.due, tz)
        return Outcome(state, decided_at, "late" if delta > dt.timedelta(0) else "on-time", delta)
    return Outcome(state, None, "overdue" if past_due(approval, as_of, tz) else "pending", None)


def timing_text(result: Outcome, approval: VApproval, lang: str, tz: str) -> str:
    """How the last answer met the due.

    "Late by 15 h 0 min", "On time, 9 h early", "Overdue since 13 Apr 2026, 18:00".
    """
    if result.timing == "late":
        return i18n.t(lang, "late_by", span=i18n.format_duration(result.delta or dt.timedelta(), lang, precise=True))
    if result.timing == "on-time":
        if not result.delta:
            return i18n.t(lang, "on_time_exact")
        return i18n.t(lang, "on_time_early", span=i18n.format_duration(result.delta, lang, precise=False))
    if result.timing == "overdue":
        return i18n.t(lang, "overdue_since", when=i18n.format_when(approval.due, lang, tz))
    if result.timing == "pending":
        return i18n.t(lang, "due_on", when=i18n.format_when(approval.due, lang, tz))
    return i18n.t(lang, "no_due")
