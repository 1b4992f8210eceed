"""FORMAT.md, "History", item 3: a pushed mistake is withdrawn by a new commit, never by rewriting history.

`Retracts: <hash>` (full, or 7 hex digits and more) and a `git revert` of a
decision commit withdraw the named commits' decision records and messages
from every site; their file edits stay history. A malformed trailer in a
retracted commit no longer fails the build. Each test failed before the fix.
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.errors import InputError
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures.sites import site_of
from tests.integration.test_history import campaign, t, view_changes

DECISION = ("Launch a week later\n\nLegal needs the week.\n\n"
            "Decision: Launch on 21 April\nCampaign: demo\nRelates-to: launch\nVisibility: 1")


def decisions(workspace, audience: str) -> dict[str, str]:
    view, _ = redact(workspace, workspace.config.audiences[audience])
    return {d.commit: d.title for c in view.campaigns for d in c.decisions if d.commit}


def messages(workspace, audience: str) -> dict[str, str | None]:
    return {ch.commit: ch.message for ch in view_changes(workspace, audience)}


def decided(tmp_path) -> tuple[GitWorkspace, str]:
    """A story with one decision commit every client sees, which also moved the launch."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    return ws, ws.commit(DECISION, t("11"))


@pytest.mark.parametrize("length", [40, 12, 7])
def test_a_retracts_trailer_withdraws_the_decision_and_message_everywhere_and_keeps_the_edit(tmp_path, length):
    ws, sha = decided(tmp_path)
    before = load_workspace(ws.root)
    assert decisions(before, "client1") == {sha: "Launch on 21 April"}
    assert messages(before, "client1")[sha].startswith("Launch a week later")
    ws.commit(f"Withdraw the April decision\n\nIt was never agreed.\n\nRetracts: {sha[:length]}", t("12"))
    after = load_workspace(ws.root)
    for audience in ("client1", "client3", "team"):
        assert decisions(after, audience) == {}, audience
        assert sha in messages(after, audience) and messages(after, audience)[sha] is None, audience  # the edit stays
    assert after.history.retracted[sha][0].startswith("Launch a week later")


def test_a_pushed_commit_with_a_malformed_trailer_is_fixed_by_retracting_it(tmp_path):
    """Tried as a new user would: `Visibility: client` failed every later build until history was rewritten."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    bad = ws.commit(DECISION.replace("Visibility: 1", "Visibility: client"), t("11"))
    with pytest.raises(InputError, match=f"git commit {bad[:12]}: Visibility: expected"):
        load_workspace(ws.root)
    ws.commit(f"Retract the decision with the bad trailer\n\nRetracts: {bad[:9]}", t("12"))
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "team") == {}
    assert [c.kind for c in workspace.history.changes if c.commit == bad] == ["date"]


def test_a_git_revert_of_a_decision_commit_withdraws_it_and_a_revert_of_the_revert_restores_it(tmp_path):
    ws, sha = decided(tmp_path)
    ws.git("revert", "--no-edit", sha, when=t("12"))
    revert = ws.head()
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "client1") == {}
    assert messages(workspace, "team")[sha] is None
    assert messages(workspace, "team")[revert].startswith('Revert "Launch a week later"')  # an edit like another
    ws.git("revert", "--no-edit", revert, when=t("13"))
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "client1") == {sha: "Launch on 21 April"}
    assert messages(workspace, "client1")[sha].startswith("Launch a week later")
    assert messages(workspace, "team")[revert] is None  # the revert itself is withdrawn


def test_a_git_revert_reference_of_a_decision_commit_withdraws_it(tmp_path):
    """`git revert --reference` (git 2.41+) names the commit as "<hash> (<subject>, <date>)": written here as
    sequencer.c writes it, for the git of the test machine may not have the option."""
    ws, sha = decided(tmp_path)
    named = ws.git("log", "-1", "--format=%h (%s, %ad)", "--date=short", sha).strip()
    ws.git("revert", "--no-edit", sha, when=t("12"))
    ws.git("commit", "-q", "--amend", "-m", f"Withdraw the launch decision\n\nThis reverts commit {named}.\n",
           when=t("12"))
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "client1") == {}
    assert decisions(workspace, "team") == {}
    assert messages(workspace, "team")[sha] is None


def test_a_revert_of_an_editorial_commit_retracts_nothing(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    moved = ws.commit("Launch a week later for legal\n\nVisibility: 1", t("11"))
    ws.git("revert", "--no-edit", moved, when=t("12"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client1")[moved] == "Launch a week later for legal"
    assert workspace.history.retracted == {}


def test_retracting_a_retraction_restores_what_it_withdrew(tmp_path):
    ws, sha = decided(tmp_path)
    retraction = ws.commit(f"Withdraw it\n\nRetracts: {sha}", t("12"))
    ws.commit(f"We did agree after all\n\nRetracts: {retraction[:8]}", t("13"))
    assert decisions(load_workspace(ws.root), "client1") == {sha: "Launch on 21 April"}


def test_a_retracts_trailer_may_name_an_editorial_commit_and_withdraws_its_message(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    moved = ws.commit("Launch later: the Globex deal slipped\n\nVisibility: 1", t("11"))
    ws.commit(f"That message named another client\n\nRetracts: {moved[:7]}", t("12"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client1")[moved] is None and messages(workspace, "team")[moved] is None
    assert [c.kind for c in workspace.history.changes if c.commit == moved] == ["date"]


def test_a_retracts_trailer_that_names_no_earlier_commit_is_an_error_naming_the_retracting_commit(tmp_path):
    ws, sha = decided(tmp_path)
    ws.git("checkout", "--quiet", "-b", "side")
    aside = ws.commit("A commit on another branch", t("12"))
    ws.git("checkout", "--quiet", "main")
    cases = {"deadbeef": "names no commit in the history", "zzzzzzz": "is not a commit hash",
             aside[:10]: "names no commit before this one", "": "expected the hash of the commit to retract"}
    for value, expected in cases.items():
        ws.git("reset", "--quiet", "--hard", sha)
        bad = ws.commit(f"Retract\n\nRetracts: {value}", t("13"))
        with pytest.raises(InputError) as caught:
            load_workspace(ws.root)
        assert f"git commit {bad[:12]}: Retracts: " in str(caught.value) and expected in str(caught.value), value


def test_a_retracting_commit_that_is_itself_retracted_reports_nothing(tmp_path):
    ws, sha = decided(tmp_path)
    wrong = ws.commit("Retract the wrong thing\n\nRetracts: deadbeef", t("12"))
    ws.commit(f"Undo that\n\nRetracts: {wrong}", t("13"))
    assert decisions(load_workspace(ws.root), "client1") == {sha: "Launch on 21 April"}


def test_a_retracted_decision_is_on_no_page_of_any_site(tmp_path):
    ws, sha = decided(tmp_path)
    ws.commit(f"Withdraw the April decision\n\nRetracts: {sha[:12]}", t("12"))
    out = tmp_path / "out"
    pipeline.build(ws.root, output=out)
    for audience in ("client1", "team"):
        text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site_of(out, audience).rglob("*")
                        if p.is_file())
        assert "Launch on 21 April" not in text and "Legal needs the week" not in text, audience
        assert "2026-04-21" in text or "21 April" in text  # the launch moved all the same


def test_a_decision_that_relates_to_a_retracted_one_keeps_its_place_without_the_link(tmp_path):
    ws, sha = decided(tmp_path)
    later = ws.commit(f"Book the media\n\nDecision: Book the media for 21 April\nCampaign: demo\n"
                      f"Relates-to: {sha[:12]}\nVisibility: 1", t("12"))
    ws.commit(f"Withdraw the April decision\n\nRetracts: {sha[:12]}", t("13"))
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "client1") == {later: "Book the media for 21 April"}
    (kept,) = [d for d in workspace.campaigns["demo"].decisions if d.commit == later]
    assert kept.relates_to == ()
