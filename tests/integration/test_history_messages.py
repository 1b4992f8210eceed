"""FORMAT.md, "History", item 2: who reads the message beside an editorial event (issue 13).

A message's level is its `Visibility:` trailer, else `defaults.commit`
(built in: internal), so the team reads the why of every change; and a
message is withheld from an audience wherever its commit changed text that
audience cannot see, an `[internal]` span inside a visible entry included.
Each test failed before the fix.
"""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.inputs import load_workspace
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.integration.test_history import campaign, t, view_changes

WHY = ("decisions:\n  - {{id: reach, date: 2026-01-20, title: Reach first, visibility: 1,\n"
       "     why: 'Chosen for reach. [internal]{inside}[/internal]'}}\n")


def messages(workspace, audience: str) -> dict[str, str | None]:
    return {ch.commit: ch.message for ch in view_changes(workspace, audience)}


def test_a_commit_that_rewrites_a_span_in_a_visible_decision_keeps_its_message_from_clients(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign() + WHY.format(inside="The CFO asked for it."))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21") + WHY.format(inside="The CFO asked, then walked."))
    moved = ws.commit("Launch a week later, see the decision\n\nVisibility: 1", t("11"))
    ws.campaign("demo", campaign(launch="2026-04-28") + WHY.format(inside="The CFO asked, then walked."))
    plain = ws.commit("Launch a week later again\n\nVisibility: 1", t("12"))
    workspace = load_workspace(ws.root)
    for audience in ("client1", "client3"):
        assert messages(workspace, audience)[moved] is None, audience
        assert messages(workspace, audience)[plain] == "Launch a week later again", audience
    assert messages(workspace, "team")[moved] == "Launch a week later, see the decision"


def test_the_team_reads_the_why_of_every_change_without_a_trailer_and_no_address_with_it(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    first = ws.commit("Set up the demo campaign", t("10"))  # a new file, no NPS series: it changed none
    ws.campaign("demo", campaign(launch="2026-04-21"))
    moved = ws.commit("Launch a week later\n\nLegal needs the week.\n\n"
                      "Signed-off-by: María López <maria@studio.example>", t("11"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "team")[first] == "Set up the demo campaign"
    assert messages(workspace, "team")[moved] == "Launch a week later\n\nLegal needs the week."
    assert messages(workspace, "client3")[moved] is None


def test_defaults_commit_sets_the_tier_of_messages_without_a_trailer(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", HISTORY_CONFIG + "defaults: {commit: 2}\n")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    moved = ws.commit("Launch a week later for legal", t("11"))
    ws.campaign("demo", campaign(launch="2026-04-28"))
    closed = ws.commit("Launch later again\n\nVisibility: internal", t("12"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client1")[moved] is None
    assert messages(workspace, "client2")[moved] == "Launch a week later for legal"
    assert messages(workspace, "client3")[closed] is None and messages(workspace, "team")[closed] is not None


def test_a_message_clients_may_read_by_default_must_close_its_spans(tmp_path):
    for default, fails in (("internal", False), ("2", True)):
        ws = GitWorkspace(tmp_path / default, HISTORY_CONFIG + f"defaults: {{commit: {default}}}\n")
        ws.campaign("demo", campaign())
        ws.commit("Set up", t("10"))
        ws.campaign("demo", campaign(launch="2026-04-21"))
        sha = ws.commit("Launch later [internal]the CFO", t("11"))
        if fails:
            with pytest.raises(InputError, match=rf"git commit {sha[:12]}: message: an \[internal\] span is never"):
                load_workspace(ws.root)
        else:
            assert messages(load_workspace(ws.root), "team")[sha] == "Launch later the CFO"
