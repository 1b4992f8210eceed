"""Strict loading: every mistake is one clear message with file, line and key."""

from __future__ import annotations

import os

import pytest

from generator.errors import InputError
from generator.model import INTERNAL
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {id: hero, title: Hero video, due: 2026-03-01}
milestones:
  - {id: kickoff, title: Kickoff, date: 2026-01-10, reached: true}
tasks:
  - id: storyboard
    title: Storyboard
    owner: maria
    label: needs-decision
    deliverable: hero
decisions:
  - id: concept
    date: 2026-01-20
    title: Morning concept chosen
    decided_by: [maria, jane]
    relates_to: [storyboard]
    comments:
      - {by: jane, at: 2026-01-19T15:02:00, text: Fine by us.}
approvals:
  - id: storyboard-v2
    subject: storyboard
    requested: 2026-01-21T10:00:00
    due: 2026-01-23T18:00:00
    steps:
      - {by: jane, verdict: changes-requested, at: 2026-01-22T16:10:00}
      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00}
notes:
  - {date: 2026-02-03, about: kickoff, text: All good.}
"""


def problems_of(make_workspace, campaign: str = CAMPAIGN, config: str = MINIMAL_CONFIG, **kw) -> list[str]:
    root = make_workspace.write(config=config, campaigns={"demo": campaign}, **kw)
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    return [str(p) for p in caught.value.problems]


def test_the_valid_fixture_loads(make_workspace):
    root = make_workspace.write(campaigns={"demo": CAMPAIGN})
    workspace = load_workspace(root)
    campaign = workspace.campaigns["demo"]
    assert [t.id for t in campaign.tasks] == ["storyboard"]
    assert campaign.approvals[0].steps[-1].verdict == "approved"


def test_unknown_key_names_file_line_key_and_suggestion(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("    owner: maria", "    ownr: maria"))
    assert found == ["content/campaigns/demo.yml:12: tasks[0].ownr: unknown key 'ownr' (did you mean 'owner'?); "
                     "expected one of: deliverable, done, due, id, label, owner, start, title, visibility"]


def test_key_at_the_wrong_level_is_unknown(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN + "owner: maria\n")
    assert any(p.startswith("content/campaigns/demo.yml:33: owner: unknown key") for p in found)


def test_duplicate_key_in_one_mapping(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("    title: Storyboard\n", "    title: Storyboard\n    title: Again\n"))
    assert found == ["content/campaigns/demo.yml:12: tasks[0].title: duplicate key (first defined on line 11)"]


def test_wrong_type(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("decided_by: [maria, jane]", "decided_by: {a: 1}"))
    assert found == ["content/campaigns/demo.yml:19: decisions[0].decided_by: expected a list; got a mapping"]


@pytest.mark.parametrize("old,new,line,key,what", [
    ("    owner: maria", "    owner: mario", 12, "tasks[storyboard].owner", "'mario' is not a known person"),
    ("    label: needs-decision", "    label: needs-desicion", 13, "tasks[storyboard].label", "'needs-desicion' is not a known label"),
    ("    deliverable: hero", "    deliverable: zero", 14, "tasks[storyboard].deliverable", "'zero' is not a known deliverable"),
    ("decided_by: [maria, jane]", "decided_by: [maria, june]", 19, "decisions[concept].decided_by", "'june' is not a known person"),
    ("relates_to: [storyboard]", "relates_to: [storybored]", 20, "decisions[concept].relates_to", "'storybored' is not a known entry id"),
    ("{by: jane, at: 2026-01-19", "{by: jim, at: 2026-01-19", 22, "decisions[concept].comments[0].by", "'jim' is not a known person"),
    ("    subject: storyboard", "    subject: concept", 25, "approvals[storyboard-v2].subject", "'concept' is not a known task or deliverable"),
    ("{by: jane, verdict: approved", "{by: jack, verdict: approved", 30, "approvals[storyboard-v2].steps[1].by", "'jack' is not a known person"),
    ("about: kickoff", "about: kickof", 32, "notes[0].about", "'kickof' is not a known entry id"),
])
def test_unresolved_references(make_workspace, old, new, line, key, what):
    assert old in CAMPAIGN
    found = problems_of(make_workspace, CAMPAIGN.replace(old, new))
    assert len(found) == 1
    assert found[0].startswith(f"content/campaigns/demo.yml:{line}: {key}: {what}")


def test_duplicate_ids_across_kinds(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("id: concept", "id: storyboard").replace(
        "relates_to: [storyboard]", "relates_to: []"))
    assert found == ["content/campaigns/demo.yml:16: decisions[0].id: duplicate id 'storyboard' (first used on line 10); "
                     "ids are unique across all entries of a campaign"]


def test_id_pattern(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("id: kickoff", "id: Kick_off").replace("about: kickoff", "about: hero"))
    assert found[0].startswith("content/campaigns/demo.yml:8: milestones[0].id: 'Kick_off' is not a valid id")


def test_campaign_stem_must_equal_id(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("id: demo", "id: other"))
    assert "content/campaigns/demo.yml:1: id: 'other' differs from the file name; expected 'demo'" in found[0]


def test_a_campaign_id_may_not_be_a_folder_every_site_has(make_workspace):
    """Campaign `assets` would put its receipt pages where campaign `approvals` copies its files (red team)."""
    config = MINIMAL_CONFIG.replace("[demo]", "all")
    root = make_workspace.write(config, {"assets": CAMPAIGN.replace("id: demo", "id: assets")})
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    assert "content/campaigns/assets.yml:1: id: 'assets' is a folder every site has" in str(caught.value)


@pytest.mark.parametrize("path,why", [
    ("../site_config.yml", "must not contain '..'"),
    ("/etc/passwd", "must be a relative path inside the workspace"),
    ("assets/missing.pdf", "does not exist"),
])
def test_asset_paths_stay_inside_the_workspace(make_workspace, path, why):
    found = problems_of(make_workspace, CAMPAIGN.replace("    subject: storyboard", f"    subject: storyboard\n    asset: {path}"))
    assert len(found) == 1 and found[0].startswith("content/campaigns/demo.yml:26: approvals[0].asset:")
    assert why in found[0]


def test_symlink_out_of_the_workspace_is_refused(make_workspace, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    root = make_workspace.write(campaigns={"demo": CAMPAIGN.replace(
        "    subject: storyboard", "    subject: storyboard\n    asset: assets/link.pdf")})
    (root / "content" / "assets").mkdir()
    os.symlink(secret, root / "content" / "assets" / "link.pdf")
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    assert "leads outside the workspace" in str(caught.value)


def test_approval_steps_out_of_time_order(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("at: 2026-01-24T09:00:00", "at: 2026-01-22T09:00:00"))
    assert found == ["content/campaigns/demo.yml:30: approvals[storyboard-v2].steps[1].at: 2026-01-22 09:00 is earlier "
                     "than the step or request before it; expected steps in time order"]


def test_unclosed_internal_span(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("text: All good.", "text: 'All [internal]good.'"))
    assert found == ["content/campaigns/demo.yml:32: notes[0].text: an [internal] span is never closed; "
                     "end it with [/internal]"]


def test_unclosed_span_in_a_block_scalar_points_at_its_line(make_workspace):
    campaign = CAMPAIGN.replace("    title: Morning concept chosen\n",
                                "    title: Morning concept chosen\n    why: |\n      First line.\n      [internal]Second line.\n")
    found = problems_of(make_workspace, campaign)
    assert found == ["content/campaigns/demo.yml:21: decisions[0].why: an [internal] span is never closed; "
                     "end it with [/internal]"]


@pytest.mark.parametrize("value", ["no", "yes", "on", "off", "'2'", "5", "-1", "Internal", "010"])
def test_visibility_accepts_only_tiers_and_internal(make_workspace, value):
    found = problems_of(make_workspace, CAMPAIGN.replace("    label: needs-decision", f"    label: needs-decision\n    visibility: {value}"))
    shown = value.strip("'")
    assert found == [f"content/campaigns/demo.yml:14: tasks[0].visibility: expected a tier 0-4 or 'internal'; got '{shown}'"]


@pytest.mark.parametrize("value", ["yes", "on", "True", "1"])
def test_booleans_are_true_or_false_only(make_workspace, value):
    found = problems_of(make_workspace, CAMPAIGN.replace("reached: true", f"reached: {value}"))
    assert found == [f"content/campaigns/demo.yml:8: milestones[0].reached: expected true or false; got '{value}'"]


@pytest.mark.parametrize("written", ["1:30", "0755", "no", "2026-01-01", "1e3", "null-ish"])
def test_text_is_kept_exactly_as_written(make_workspace, written):
    root = make_workspace.write(campaigns={"demo": CAMPAIGN.replace("    title: Storyboard", f"    title: {written}")})
    assert load_workspace(root).campaigns["demo"].tasks[0].title == written


@pytest.mark.parametrize("value", ["0000-00-00", "2026-02-30", "2026-1-5", "yesterday"])
def test_impossible_dates(make_workspace, value):
    found = problems_of(make_workspace, CAMPAIGN.replace("date: 2026-02-03", f"date: {value}"))
    assert found == [f"content/campaigns/demo.yml:32: notes[0].date: expected a real date as YYYY-MM-DD; got '{value}'"]


def test_invalid_yaml_syntax_names_the_line(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("    title: Storyboard", "    title: [Storyboard"))
    assert len(found) == 1 and found[0].startswith("content/campaigns/demo.yml:1") and "invalid YAML" in found[0]


def test_non_utf8_file(make_workspace):
    root = make_workspace.write(campaigns={"demo": CAMPAIGN})
    (root / "content" / "campaigns" / "demo.yml").write_bytes(CAMPAIGN.encode("utf-8") + b"notes2: caf\xe9\n")
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    assert str(caught.value).startswith("content/campaigns/demo.yml:33: is not UTF-8 text")


def test_byte_order_mark_and_crlf_load(make_workspace):
    root = make_workspace.write(campaigns={"demo": CAMPAIGN})
    path = root / "content" / "campaigns" / "demo.yml"
    path.write_bytes(b"\xef\xbb\xbf" + CAMPAIGN.replace("\n", "\r\n").encode())
    assert load_workspace(root).campaigns["demo"].title == "Demo campaign"


def test_every_problem_of_every_file_in_one_run(make_workspace):
    config = MINIMAL_CONFIG.replace("tier: 3", "tier: three")
    root = make_workspace.write(config=config, campaigns={
        "demo": CAMPAIGN.replace("owner: maria", "owner: nobody"),
        "other": "id: other\ntitle: Other\nclient: X\ncolour: red\n",
    })
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    files = [p.file for p in caught.value.problems]
    assert files == ["content/campaigns/demo.yml", "content/campaigns/other.yml", "site_config.yml"]


def test_audience_naming_an_unknown_campaign(make_workspace):
    found = problems_of(make_workspace, config=MINIMAL_CONFIG.replace("tier: 0, campaigns: [demo]", "tier: 0, campaigns: [demoo]"))
    assert found == ["site_config.yml:8: audiences.client0.campaigns[0]: 'demoo' is not a campaign (expected one of: demo)"]


@pytest.mark.parametrize("bundle, why", [("../elsewhere.bundle", "must not contain '..'"),
                                         ("/tmp/history.bundle", "must be a relative path inside the workspace")])
def test_a_history_bundle_outside_the_workspace_is_named_with_its_line(make_workspace, bundle, why):
    found = problems_of(make_workspace, config=MINIMAL_CONFIG + f"history: {{bundle: {bundle}}}\n")
    line = MINIMAL_CONFIG.count("\n") + 1
    assert found == [f"site_config.yml:{line}: history.bundle: '{bundle}' {why}; "
                     "expected a bundle file inside the workspace"]


def test_a_top_level_key_is_named_without_a_leading_dot(make_workspace):
    campaign = CAMPAIGN.replace("title: Demo campaign", "title: [a, b]").replace(
        "client: Client Co.", 'client: "Client [internal]Co."')
    assert problems_of(make_workspace, campaign) == [
        "content/campaigns/demo.yml:2: title: expected text; got a list",
        "content/campaigns/demo.yml:3: client: an [internal] span is never closed; end it with [/internal]",
    ]


def test_configured_labels_extend_builtins(make_workspace):
    config = MINIMAL_CONFIG + "labels:\n  waiting-on-print: {title: Waiting on the printer, kind: waiting}\n"
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN.replace("needs-decision", "waiting-on-print")})
    workspace = load_workspace(root)
    assert workspace.config.labels["waiting-on-print"].title == "Waiting on the printer"


def test_defaults_change_entry_visibility(make_workspace):
    root = make_workspace.write(config=MINIMAL_CONFIG + "defaults:\n  task: 3\n", campaigns={"demo": CAMPAIGN})
    assert load_workspace(root).campaigns["demo"].tasks[0].visibility == 3


def test_built_in_labels_speak_the_site_language(make_workspace):
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", "  timezone: Europe/Madrid\n  language: es\n")
    labels = load_workspace(make_workspace.write(config=config, campaigns={"demo": CAMPAIGN})).config.labels
    assert labels["needs-decision"].title == "Pendiente de decisión"
    assert load_workspace(make_workspace.write(campaigns={"demo": CAMPAIGN})).config.labels["needs-decision"].title \
        == "Needs a decision"


def test_a_commit_default_is_a_tier_like_the_others_and_a_bad_one_is_refused(make_workspace, capsys):
    """FORMAT.md, History, item 2: `defaults.commit` is the tier of a message without a Visibility: trailer."""
    from generator.cli import main

    for level, tier in (("2", 2), ("0", 0), ("internal", INTERNAL)):
        ok = make_workspace.write(config=MINIMAL_CONFIG + f"defaults:\n  commit: {level}\n", campaigns={"demo": CAMPAIGN})
        assert load_workspace(ok).config.defaults["commit"] == tier
    root = make_workspace.write(config=MINIMAL_CONFIG + "defaults:\n  commit: client\n", campaigns={"demo": CAMPAIGN})
    assert main(["validate", str(root)]) != 0
    err = capsys.readouterr().err
    line = MINIMAL_CONFIG.count("\n") + 2
    assert f"site_config.yml:{line}: defaults.commit:" in err and "'client'" in err
    assert "Traceback" not in err
