"""A commit that changes text inside, or beside, an `[internal]` span changed what only the team reads.

Its message may speak of the hidden part, so it is internal (issue 13, class
5). Two readings decide it, written apart on purpose: diffs.reach (the
ceiling redaction goes by) and history/hidden_text.py (the audit gate's).
Each case changes one text somewhere in a campaign file; both must agree.
"""

from __future__ import annotations

import pytest

from generator.load.config import load_config
from generator.model import INTERNAL
from generator.history import hidden_text
from generator.load.campaigns import read_campaign
from generator.history.diffs import reach
from tests.conftest import REPO

CONFIG, _ = load_config(REPO)

BASE = """\
id: demo
title: Demo campaign
client: Client Co.
summary: The plan.
brief:
  goals: [More sign-ups]
  deliverables:
    - {id: film, title: Launch film}
tasks:
  - {id: script, title: Film script, label: in-progress, deliverable: film}
decisions:
  - id: cut
    date: 2026-01-20
    title: A 30-second cut
    why: "Shorter plays better. [internal]The CMO hates long ads.[/internal]"
    alternatives: ["A 60-second cut [internal]too dear[/internal]"]
    visibility: 1
    comments:
      - {by: maria, at: 2026-01-19T23:59:00, text: "Agreed. [internal]For now.[/internal]", visibility: 1}
approvals:
  - id: script-v1
    subject: script
    requested: 2026-01-21T10:00:00
    visibility: 1
    steps:
      - {by: jane, verdict: approved, at: 2026-01-22T16:00:00, comment: "Fine. [internal]Barely.[/internal]"}
notes:
  - {date: 2026-01-21, text: "Jane liked the cut. [internal]Not the price.[/internal]", visibility: 1}
kpis:
  series:
    - {id: reach, title: "Reach [internal]paid[/internal]", unit: people, visibility: 1,
       points: [{date: 2026-03-07, value: 100}]}
"""


def campaign(text: str):
    found, problems = read_campaign(text.encode(), "content/campaigns/demo.yml", CONFIG, None)
    assert not problems, problems
    return found


SPAN_EDITS = [
    ("The CMO hates long ads.", "The CMO hates every ad."),  # a visible decision's reason: the span itself
    ("Shorter plays better.", "Short plays better."),  # beside a span: what changed cannot be told apart
    ("too dear", "far too dear"),  # an alternative
    ("For now.", "For now, anyway."),  # a visible comment
    ("Barely.", "Only just."),  # a step's comment
    ("Not the price.", "Not the fee."),  # a note
    ("Reach [internal]paid[/internal]", "Reach [internal]paid and owned[/internal]"),  # a KPI series' title
    ("summary: The plan.", "summary: The plan. [internal]Budget is tight.[/internal]"),  # a span written
    ("[internal]The CMO hates long ads.[/internal]", ""),  # a span taken out
    ("goals: [More sign-ups]", "goals: ['More sign-ups [internal]or else[/internal]']"),  # the brief
    ("  - {id: script, title: Film script,", "  - {id: script, title: 'Film script [internal]v3[/internal]',"),
]


@pytest.mark.parametrize("old,new", SPAN_EDITS, ids=[new[:24] for _, new in SPAN_EDITS])
def test_a_change_in_or_beside_a_span_is_internal_for_both_readings(old, new):
    assert old in BASE
    before, after = campaign(BASE), campaign(BASE.replace(old, new))
    assert reach(before, after)[0] == INTERNAL
    assert hidden_text.changed(before, after)


def test_a_new_entry_holding_a_span_is_internal_and_one_without_is_not():
    before = campaign(BASE)
    with_span = campaign(BASE.replace("notes:\n", "notes:\n  - {date: 2026-01-22, text: 'Ok [internal]no[/internal]'"
                                                  ", visibility: 1}\n"))
    plain = campaign(BASE.replace("notes:\n", "notes:\n  - {date: 2026-01-22, text: Ok, visibility: 1}\n"))
    assert reach(before, with_span)[0] == INTERNAL and hidden_text.changed(before, with_span)
    assert reach(before, plain)[0] == 1 and not hidden_text.changed(before, plain)


@pytest.mark.parametrize("old,new", [
    ("label: in-progress", "label: done"),  # an entry whose texts hold no span
    ("A 30-second cut\n", "A 25-second cut\n"),  # a text without a span, in an entry whose others hold one
    ("id: demo\n", "# lines are not content\nid: demo\n"),
])
def test_a_change_to_text_without_a_span_is_not_internal(old, new):
    before, after = campaign(BASE), campaign(BASE.replace(old, new))
    assert reach(before, after)[0] < INTERNAL
    assert not hidden_text.changed(before, after)


def test_a_new_file_is_internal_when_any_of_its_texts_holds_a_span():
    assert hidden_text.changed(None, campaign(BASE))
    plain = campaign("id: demo\ntitle: Demo campaign\nclient: Client Co.\n")
    assert not hidden_text.changed(None, plain)
