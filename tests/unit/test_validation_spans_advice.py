"""A text all inside [internal] spans is an error whose advice can be followed (docs/format.md, "Spans").

Goals, alternatives, a campaign's title and client and a label's title have
no `visibility:` key, so "give the entry visibility: internal" was advice no
one could follow for them.
"""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

EMPTY = ("all of it is inside [internal] spans, so client sites would show it empty; expected some text outside the "
         "spans")
ENTRY = "(to keep the whole entry from clients, write it plainly and give the entry visibility: internal)"
GOAL = ("(a goal has no visibility of its own: it shows to every audience given the campaign; to keep a whole goal "
        "from clients, write it in a note with visibility: internal instead)")
ALTERNATIVE = ("(an alternative has no visibility of its own: it shows wherever its decision does; to keep a whole "
               "alternative from clients, write it in the decision's why inside an [internal] span, or in a comment "
               "on the decision with visibility: internal, instead)")
CAMPAIGN_ADVICE = ("(a campaign has no visibility of its own: to keep a whole campaign from an audience, leave it "
                   "out of that audience's campaigns: in site_config.yml)")
LABEL = ("(a label has no visibility of its own: its title shows wherever a task with the label does; write a title "
         "clients may read, or give those tasks visibility: internal)")
SPAN = "'[internal]Poach the Globex team[/internal]'"


def test_a_goal_all_inside_spans_says_what_can_be_done(make_workspace, capsys):
    campaign = CAMPAIGN.replace("brief:\n", f"brief:\n  goals: [Launch in spring, {SPAN}]\n")
    root = make_workspace.write(campaigns={"demo": campaign})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == (f"content/campaigns/demo.yml:5: brief.goals[1]: {EMPTY} {GOAL}\n"
                                       "receipts: 1 problem found; nothing was built.\n")


@pytest.mark.parametrize("old,new,line,key,advice", [
    ("    relates_to: [storyboard]\n", f"    relates_to: [storyboard]\n    alternatives: [Evening, {SPAN}]\n",
     21, "decisions[0].alternatives[1]", ALTERNATIVE),
    ("title: Demo campaign\n", f"title: {SPAN}\n", 2, "title", CAMPAIGN_ADVICE),
    ("client: Client Co.\n", f"client: {SPAN}\n", 3, "client", CAMPAIGN_ADVICE),
    ("    title: Storyboard\n", f"    title: {SPAN}\n", 11, "tasks[0].title", ENTRY),  # a task has visibility
])
def test_each_text_all_inside_spans_gets_advice_for_its_holder(make_workspace, old, new, line, key, advice):
    assert old in CAMPAIGN
    assert problems_of(make_workspace, CAMPAIGN.replace(old, new)) == [
        f"content/campaigns/demo.yml:{line}: {key}: {EMPTY} {advice}"]


def test_a_label_title_all_inside_spans_says_what_can_be_done(make_workspace):
    config = MINIMAL_CONFIG + f"labels:\n  on-print: {{title: {SPAN}, kind: waiting}}\n"
    assert problems_of(make_workspace, CAMPAIGN, config=config) == [
        f"site_config.yml:14: labels.on-print.title: {EMPTY} {LABEL}"]
