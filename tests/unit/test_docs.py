"""Every key a user can write and every command is documented (a test fails otherwise).

The allowed keys are read from the loader's own "unknown key" message, so a
key added to the schema without documentation fails here.
"""

from __future__ import annotations

import re

import pytest

from generator.errors import InputError
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG, REPO

DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))])

BASE = """\
id: demo
title: Demo
client: Client Co.
brief:
  deliverables: [{id: film, title: Film}]
milestones: [{id: kickoff, title: Kickoff, date: 2026-01-10}]
tasks: [{id: script, title: Script, label: done}]
decisions:
  - {id: concept, date: 2026-01-20, title: Concept, comments: [{by: jane, at: 2026-01-19T15:02:00, text: Fine.}]}
approvals:
  - {id: script-v1, subject: script, requested: 2026-01-21T10:00:00, steps: [{by: jane, verdict: approved, at: 2026-01-22T10:00:00}]}
notes: [{date: 2026-02-03, text: A note.}]
assets: [{id: cut, title: Final cut, url: "https://vimeo.com/1"}]
kpis:
  nps: [{date: 2026-01-01, value: 31}]
  series: [{id: reach, title: Reach, points: [{date: 2026-01-01, value: 5}]}]
"""

CAMPAIGN_PLACES = {
    "campaign": ("client: Client Co.\n", "client: Client Co.\nzzz: 1\n"),
    "brief": ("  deliverables: [", "  zzz: 1\n  deliverables: ["),
    "deliverable": ("{id: film, title: Film}", "{id: film, title: Film, zzz: 1}"),
    "milestone": ("date: 2026-01-10}", "date: 2026-01-10, zzz: 1}"),
    "task": ("label: done}", "label: done, zzz: 1}"),
    "decision": ("title: Concept,", "title: Concept, zzz: 1,"),
    "comment": ("text: Fine.}", "text: Fine., zzz: 1}"),
    "approval": ("requested: 2026-01-21T10:00:00,", "requested: 2026-01-21T10:00:00, zzz: 1,"),
    "step": ("at: 2026-01-22T10:00:00}", "at: 2026-01-22T10:00:00, zzz: 1}"),
    "note": ("text: A note.}", "text: A note., zzz: 1}"),
    "asset": ('url: "https://vimeo.com/1"}', 'url: "https://vimeo.com/1", zzz: 1}'),
    "kpis": ("  nps:", "  zzz: 1\n  nps:"),
    "series": ("title: Reach,", "title: Reach, zzz: 1,"),
    "point": ("{date: 2026-01-01, value: 5}", "{date: 2026-01-01, value: 5, zzz: 1}"),
}

CONFIG_PLACES = {
    "site_config": ("audiences:\n", "zzz: 1\naudiences:\n"),
    "site": ("  title: Test Studio\n", "  title: Test Studio\n  zzz: 1\n"),
    "audience": ("tier: 0, campaigns: [demo]}", "tier: 0, campaigns: [demo], zzz: 1}"),
    "person": ("side: client,", "side: client, zzz: 1,"),
}


def allowed_keys(make_workspace, config: str, campaign: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_workspace(make_workspace.write(config=config, campaigns={"demo": campaign}))
    (message,) = [str(p) for p in caught.value.problems if "zzz" in str(p)]
    return re.search(r"expected one of: (.*)$", message).group(1).split(", ")


@pytest.mark.parametrize("place", sorted(CAMPAIGN_PLACES))
def test_every_campaign_key_is_documented(make_workspace, place):
    old, new = CAMPAIGN_PLACES[place]
    assert old in BASE
    for key in allowed_keys(make_workspace, MINIMAL_CONFIG, BASE.replace(old, new, 1)):
        assert f"`{key}`" in DOCS, f"{place} key '{key}' is not documented"


@pytest.mark.parametrize("place", sorted(CONFIG_PLACES))
def test_every_site_config_key_is_documented(make_workspace, place):
    old, new = CONFIG_PLACES[place]
    assert old in MINIMAL_CONFIG
    for key in allowed_keys(make_workspace, MINIMAL_CONFIG.replace(old, new, 1), BASE):
        assert f"`{key}`" in DOCS or f"{key}:" in DOCS, f"{place} key '{key}' is not documented"


def test_every_command_is_documented():
    from generator.cli import _COMMANDS

    for command in _COMMANDS:
        assert f"receipts {command}" in DOCS, command
