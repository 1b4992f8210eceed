"""[internal] spans: checked in every field that removes them, refused in every field that does not.

FORMAT.md: "An unclosed span is an error". A field whose spans redaction
removes must have them well formed at load time (not at the build's audit,
without a line); a field shown or used as written (a person's name, a path)
never removes them, so a marker there is an error of its own.
"""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

UNCLOSED = "an [internal] span is never closed; end it with [/internal]"
NOT_HERE = ("[internal] spans are not removed from this field (docs/format.md lists the fields that take them); "
            "expected text without [internal] or [/internal]")
CONFIG_LINES = MINIMAL_CONFIG.count("\n")


def test_an_unclosed_span_in_a_label_title_is_named_by_validate(make_workspace, capsys):
    from generator.cli import main

    config = MINIMAL_CONFIG + "labels:\n  waiting-on-print: {title: 'Waiting on [internal]print', kind: waiting}\n"
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN})
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"site_config.yml:{CONFIG_LINES + 2}: labels.waiting-on-print.title: {UNCLOSED}\n" in err
    assert "Traceback" not in err and "1 problem found" in err


@pytest.mark.parametrize("old,new,line,key", [
    ("    subject: storyboard\n", "    subject: storyboard\n    version: 'v2 [internal]draft'\n", 26,
     "approvals[0].version"),
    ("", "kpis:\n  series:\n    - id: reach\n      title: Reach\n      unit: 'people [/internal]'\n"
         "      points: [{date: 2026-03-07, value: 1}]\n", 37, "kpis.series[0].unit"),
])
def test_unclosed_spans_in_campaign_fields_that_remove_them(make_workspace, old, new, line, key):
    campaign = CAMPAIGN.replace(old, new) if old else CAMPAIGN + new
    expected = UNCLOSED if "[internal]" in new else "a [/internal] closes a span that was never opened"
    assert problems_of(make_workspace, campaign) == [f"content/campaigns/demo.yml:{line}: {key}: {expected}"]


@pytest.mark.parametrize("old,new,line,key", [
    ("role: CMO,", "role: 'CMO [internal]interim[/internal]',", 6, "people.jane.role"),
    ("name: Jane Doe,", "name: 'Jane [internal]Secret[/internal] Doe',", 6, "people.jane.name"),
    ("title: Client one,", "title: 'Client [internal]one',", 9, "audiences.client1.title"),
    ("title: Test Studio", "title: 'Test [internal]Studio[/internal]'", 2, "site.title"),
    ("emails: [jane@client.example]", "emails: ['[internal]jane@client.example[/internal]']", 6,
     "people.jane.emails[0]"),
])
def test_spans_in_config_fields_that_never_remove_them(make_workspace, old, new, line, key):
    assert old in MINIMAL_CONFIG
    found = problems_of(make_workspace, config=MINIMAL_CONFIG.replace(old, new))
    assert found == [f"site_config.yml:{line}: {key}: {NOT_HERE}"]


@pytest.mark.parametrize("old,new,line,key", [
    ("    subject: storyboard\n", "    subject: storyboard\n    asset: 'assets/[internal]v2[/internal].pdf'\n", 26,
     "approvals[0].asset"),
    ("", "assets:\n  - {id: final, title: Final, url: 'https://example.com/[internal]x[/internal]'}\n", 34,
     "assets[0].url"),
    ("", "assets:\n  - {id: final, title: Final, file: 'assets/[internal]x[/internal].pdf'}\n", 34,
     "assets[0].file"),
])
def test_spans_in_campaign_fields_that_never_remove_them(make_workspace, old, new, line, key):
    campaign = CAMPAIGN.replace(old, new) if old else CAMPAIGN + new
    assert problems_of(make_workspace, campaign) == [f"content/campaigns/demo.yml:{line}: {key}: {NOT_HERE}"]


def test_closed_spans_still_work_where_they_are_removed(make_workspace):
    from generator.inputs import load_workspace

    config = MINIMAL_CONFIG + "labels:\n  on-print: {title: 'On print [internal]again[/internal]', kind: waiting}\n"
    campaign = CAMPAIGN.replace("    subject: storyboard\n",
                                "    subject: storyboard\n    version: 'v2 [internal]b[/internal]'\n")
    campaign += ("kpis:\n  series:\n"
                 "    - {id: reach, title: Reach, unit: 'people [internal]est.[/internal]', points: []}\n")
    workspace = load_workspace(make_workspace.write(config=config, campaigns={"demo": campaign}))
    assert workspace.config.labels["on-print"].title == "On print [internal]again[/internal]"
    assert workspace.campaigns["demo"].approvals[0].version == "v2 [internal]b[/internal]"
    assert workspace.campaigns["demo"].series[0].unit == "people [internal]est.[/internal]"


@pytest.mark.parametrize("old,new", [
    ("    title: Storyboard\n", "    title: '[internal]Poach the Globex team[/internal]'\n"),
    ("    title: Storyboard\n", "    title: '  [internal]Poach[/internal] [internal]Globex[/internal] '\n"),
])
def test_a_required_text_all_inside_spans_is_an_error(make_workspace, old, new):
    """Clients would get an empty title: a task named by nothing."""
    assert old in CAMPAIGN
    (problem,) = problems_of(make_workspace, CAMPAIGN.replace(old, new))
    assert problem.startswith("content/campaigns/demo.yml:11: tasks[0].title: all of it is inside [internal] spans")
    assert "visibility: internal" in problem


def test_a_required_text_with_words_outside_its_spans_is_fine(make_workspace):
    from generator.inputs import load_workspace

    campaign = CAMPAIGN.replace("    title: Storyboard\n", "    title: 'Storyboard [internal]third pass[/internal]'\n")
    root = make_workspace.write(campaigns={"demo": campaign})
    assert load_workspace(root).campaigns["demo"].tasks[0].title.startswith("Storyboard")
