"""Status wording of an approval in every state: answered (early, on time, late) or open (whose turn, due state).

An open approval never reads "on time" or "early" (issue 17: "On time, 6 d 4 h
20 min early" on an approval still waiting for a new round); it says its round,
whose turn and since when, and its due state.
"""

from __future__ import annotations

import datetime as dt

from generator.render.outcome import outcome, timing_text
from generator.render.signals import open_status
from tests.unit.measures_views import approval, campaign, view

DUE = "2026-03-05T18:00:00"


def status(a, as_of=dt.datetime(2026, 3, 4, 12, 0), internal=False, language="en") -> str:
    v = view(campaign(approvals=[a]), as_of=as_of, internal=internal, language=language)
    c = v.campaigns[0]
    result = outcome(a, v.as_of, v.timezone)
    return timing_text(result, a, v.language, v.timezone, open_status(v, c, a))


def test_answered_early_says_how_early():
    assert status(approval("a", "x", DUE, ("approved", "2026-03-04T09:00:00"))) == "On time, 1 d 9 h early"


def test_answered_exactly_on_the_due_is_on_time():
    assert status(approval("a", "x", DUE, ("approved", DUE))) == "On time"


def test_answered_late_says_by_how_much():
    text = status(approval("a", "x", DUE, ("rejected", "2026-03-06T09:00:00")), as_of=dt.datetime(2026, 3, 7))
    assert text == "Late by 15 h 0 min"


def test_open_and_not_yet_due_waits_on_the_client_with_its_due():
    text = status(approval("a", "x", DUE, requested="2026-03-02T10:00:00"))
    assert text == "Round 1 · Waiting on you since 2 Mar 2026 · due 5 Mar 2026, 18:00"


def test_open_and_overdue_says_for_how_long():
    text = status(approval("a", "x", DUE, requested="2026-03-02T10:00:00"), as_of=dt.datetime(2026, 3, 9, 12, 0))
    assert text == "Round 1 · Waiting on you since 2 Mar 2026 · Overdue by 4 days"
    assert outcome(approval("a", "x", DUE), dt.datetime(2026, 3, 9), "UTC").timing == "overdue"  # red in the page


def test_changes_requested_before_the_due_is_the_agencys_turn_never_on_time():
    a = approval("a", "x", DUE, ("changes-requested", "2026-03-03T16:00:00"))
    text = status(a)
    assert "early" not in text and "On time" not in text
    assert text == "Round 2 · With the agency since 3 Mar 2026 · due 5 Mar 2026, 18:00"


def test_the_internal_site_names_the_clients_turn_and_its_own():
    waiting = approval("a", "x", DUE, requested="2026-03-02T10:00:00")
    assert "Waiting on the client since 2 Mar 2026" in status(waiting, internal=True)
    changes = approval("a", "x", DUE, ("changes-requested", "2026-03-03T16:00:00"))
    assert "With the agency since 3 Mar 2026" in status(changes, internal=True)


def test_spanish_wording():
    text = status(approval("a", "x", DUE, requested="2026-03-02T10:00:00"), as_of=dt.datetime(2026, 3, 9, 12, 0),
                  language="es")
    assert text == "Ronda 1 · Te toca desde el 2 mar 2026 · Vencido hace 4 días"


def test_an_open_approval_without_due_says_so():
    assert status(approval("a", "x", None, requested="2026-03-02T10:00:00")).endswith("· No due date")

