"""What a commit changed, and how hidden: the ceiling a commit message must stay under.

A message may speak of anything its commit changed, events or not (a renamed
internal task, an internal note, a comment), so it is shown only where the
strictest of those is reached (docs/history.md, "Commit messages").
"""

from __future__ import annotations

import pytest

from generator.load.config import load_config
from generator.model import INTERNAL
from generator.load.campaigns import read_campaign
from generator.history.diffs import reach
from tests.conftest import REPO

CONFIG, _ = load_config(REPO)  # the demo's people and labels

BASE = """\
id: demo
title: Demo campaign
client: Client Co.
summary: The plan. [internal]Budget is tight.[/internal]
brief:
  deliverables:
    - {id: film, title: Launch film}
tasks:
  - {id: script, title: Film script, label: in-progress, deliverable: film}
  - {id: secret, title: Quiet pricing talks, label: stuck, visibility: internal}
decisions:
  - id: cut
    date: 2026-01-20
    title: A 30-second cut
    comments:
      - {by: maria, at: 2026-01-19T23:59:00, text: The CMO will never notice., visibility: internal}
notes:
  - {date: 2026-01-21, text: Jane liked the cut., visibility: 2}
"""


def campaign(text: str):
    found, problems = read_campaign(text.encode(), "content/campaigns/demo.yml", CONFIG, None)
    assert not problems, problems
    return found


@pytest.mark.parametrize("old,new,ceiling", [
    ("label: in-progress", "label: done", 1),  # a visible task: its own tier
    ("Quiet pricing talks", "Pricing talks collapsed", INTERNAL),  # no event, yet internal: it counts
    ("visibility: 2}", "visibility: 4}", 4),  # a note changed: the stricter of its two versions
    ("      - {by: maria,", "      - {by: jane, at: 2026-01-20T09:00:00, text: Agreed., visibility: 2}\n"
                           "      - {by: maria,", 2),  # a new comment counts, the untouched internal one not
    ("Budget is tight.", "Budget is gone.", INTERNAL),  # a text with a span: internal
    ("title: Demo campaign", "title: Demo campaign 2026", 0),
    ("id: demo\n", "# a comment moves every line down\nid: demo\n", 0),  # lines are not content
])
def test_the_ceiling_is_the_strictest_of_what_changed(old, new, ceiling):
    assert old in BASE
    assert reach(campaign(BASE), campaign(BASE.replace(old, new)))[0] == ceiling


def test_a_new_file_counts_all_it_holds_and_nothing_changed_is_zero():
    assert reach(None, campaign(BASE))[0] == INTERNAL
    assert reach(campaign(BASE), campaign(BASE)) == (0, ())
