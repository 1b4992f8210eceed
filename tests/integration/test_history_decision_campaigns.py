"""A decision commit belongs to the campaign file its `Campaign:` named at that commit, never to an id.

docs/history.md, "Decision commits".

Globex's campaign `demo` is archived (its file deleted); months later Acme's
new campaign takes the id `demo`. A decision commit made while no file of
`demo` existed, or while `demo.yml` was Globex's file, is Globex's: it is
reported by `receipts build` (naming the commit) and shown on no site, never
adopted by Acme's campaign. `--strict` refuses it. A decision about a campaign
renamed since (declared with `renamed_from:`) still follows its file.
"""

from __future__ import annotations

import pytest

from generator import cli, pipeline
from generator.errors import AuditError
from generator.history import decided as history
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace

CONFIG = MINIMAL_CONFIG.replace("[demo]", "all") + "history: {repo: .}\n"
GLOBEX = """\
id: demo
title: Globex rebrand
client: Globex Corp.
tasks:
  - {id: logo, title: Logo refresh, label: in-progress}
"""
ACME = """\
id: demo
title: Acme launch
client: Acme Co.
tasks:
  - {id: film, title: Launch film, label: not-started}
"""
DECISION = "Globex drops the teal\n\nThe Globex board vetoed teal.\n\nDecision: Globex drops the teal\n" \
           "Campaign: demo\nVisibility: 1"


def t(day: int) -> str:
    return f"2026-01-{day:02d}T10:00:00+01:00"


def archived_then_reused(ws: GitWorkspace, decide_while_archived: bool) -> str:
    ws.campaign("demo", GLOBEX)
    ws.commit("Globex set up", t(10))
    decided = None if decide_while_archived else ws.commit(DECISION, t(11))
    (ws.root / "content" / "campaigns" / "demo.yml").unlink()
    ws.commit("Archive the Globex campaign", t(12))
    if decide_while_archived:
        decided = ws.commit(DECISION, t(13))
    ws.campaign("demo", ACME)
    ws.commit("Acme set up", t(14))
    return decided


def reported(workspace, sha: str) -> list[str]:
    return [w for w in workspace.history.warnings if w.startswith(f"git commit {sha[:12]}:") and "Campaign" in w]


@pytest.mark.parametrize("decide_while_archived", [True, False], ids=["no-file-then", "the-old-file-then"])
def test_a_reused_campaign_id_adopts_no_decision_of_the_old_campaign(tmp_path, decide_while_archived):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    decided = archived_then_reused(ws, decide_while_archived)
    workspace = load_workspace(ws.root)
    assert not [d for d in workspace.campaigns["demo"].decisions if d.commit == decided]
    assert reported(workspace, decided)  # said at the build, never dropped in silence
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1"], output=out)
    site = " ".join(p.read_text(encoding="utf-8") for p in (out / "client1").rglob("*.html"))
    assert "teal" not in site


def test_a_decision_made_before_its_campaign_file_existed_is_reported_not_attached(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("other", ACME.replace("id: demo", "id: other"))
    ws.commit("Other set up", t(9))
    decided = ws.commit(DECISION, t(10))
    ws.campaign("demo", ACME)
    ws.commit("Acme set up", t(11))
    workspace = load_workspace(ws.root)
    assert not workspace.campaigns["demo"].decisions
    assert reported(workspace, decided)


def test_a_decision_about_a_file_renamed_into_the_id_of_a_deleted_campaign_is_not_the_renamed_ones(tmp_path):
    """Globex's demo.yml is deleted, then Acme's acme.yml is renamed to demo.yml (declared): Globex's decision
    named the deleted file, not Acme's."""
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("demo", GLOBEX)
    ws.campaign("acme", ACME.replace("id: demo", "id: acme"))
    ws.commit("Both set up", t(10))
    decided = ws.commit(DECISION, t(11))
    (ws.root / "content" / "campaigns" / "demo.yml").unlink()
    ws.commit("Archive the Globex campaign", t(12))
    ws.git("mv", "content/campaigns/acme.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", ACME + "renamed_from: [acme]\n")
    ws.commit("Acme's campaign takes the id demo", t(13))
    workspace = load_workspace(ws.root)
    assert not workspace.campaigns["demo"].decisions
    assert reported(workspace, decided)


def test_a_decision_about_a_campaign_renamed_since_follows_its_file(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("acme", ACME.replace("id: demo", "id: acme"))
    ws.commit("Acme set up", t(10))
    decided = ws.commit(DECISION.replace("Campaign: demo", "Campaign: acme").replace("Globex", "Acme"), t(11))
    ws.git("mv", "content/campaigns/acme.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", ACME + "renamed_from: [acme]\n")
    ws.commit("Acme's campaign takes the id demo", t(12))
    workspace = load_workspace(ws.root)
    assert [d.commit for d in workspace.campaigns["demo"].decisions] == [decided]
    assert not reported(workspace, decided)


def test_strict_refuses_a_decision_whose_campaign_file_is_not_todays(tmp_path, capsys):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    decided = archived_then_reused(ws, decide_while_archived=True)
    assert cli.main(["build", str(ws.root), "--output", str(tmp_path / "out"), "--strict"]) == 1
    assert f"git commit {decided[:12]}" in capsys.readouterr().err
    assert not (tmp_path / "out" / "client1").exists()


@pytest.mark.parametrize("decide_while_archived", [True, False], ids=["no-file-then", "the-old-file-then"])
def test_the_gate_refuses_a_site_that_shows_a_decision_adopted_by_a_reused_id(tmp_path, monkeypatch,
                                                                              decide_while_archived):
    """A fault planted in the attachment (a decision goes to today's campaign of the id it names): the gate
    ties each decision commit to its campaign's file itself and refuses Acme's site."""
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    decided = archived_then_reused(ws, decide_while_archived)
    monkeypatch.setattr(history, "_campaign_of_decision",
                        lambda walker, sha, named, campaign_of, campaigns, warnings:
                        named[0] if named and named[0] in campaigns else None)
    assert [d.commit for d in load_workspace(ws.root).campaigns["demo"].decisions] == [decided]  # the fault took
    with pytest.raises(AuditError) as caught:
        pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "out")
    assert any(": hidden text " in f and "decision" in f for f in caught.value.findings), caught.value.findings
    assert not (tmp_path / "out" / "client1").exists()


# -- a rename and the reuse of its old id in one commit ------------------------------------------------------

GLOBEX_RENAMED = GLOBEX.replace("id: demo", "id: globex") + "renamed_from: [demo]\n"


def renamed_and_reused_at_once(ws: GitWorkspace) -> str:
    """git mv demo.yml globex.yml (declared) and a new demo.yml for Acme, all in one commit: git reports
    `M demo.yml` and `A globex.yml`, so by path Globex's decision would be Acme's."""
    ws.campaign("demo", GLOBEX)
    ws.commit("Globex set up", t(10))
    ws.commit(DECISION, t(11))
    ws.git("mv", "content/campaigns/demo.yml", "content/campaigns/globex.yml")
    ws.campaign("globex", GLOBEX_RENAMED)
    ws.campaign("demo", ACME)
    return ws.commit("Globex renamed; Acme starts demo", t(12))


def test_a_rename_and_the_reuse_of_its_id_in_one_commit_stop_the_build_naming_the_commit(tmp_path, capsys):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    both = renamed_and_reused_at_once(ws)
    assert cli.main(["build", str(ws.root), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"git commit {both[:12]}" in err and "renamed_from: [demo]" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "client1").exists()


def test_two_files_that_swap_their_ids_in_one_commit_stop_the_build(tmp_path, capsys):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("demo", GLOBEX)
    ws.campaign("acme", ACME.replace("id: demo", "id: acme"))
    ws.commit("Both set up", t(10))
    ws.commit(DECISION, t(11))
    ws.campaign("demo", ACME + "renamed_from: [acme]\n")
    ws.campaign("acme", GLOBEX.replace("id: demo", "id: acme") + "renamed_from: [demo]\n")
    swapped = ws.commit("Swap the two files", t(12))
    assert cli.main(["build", str(ws.root), "--output", str(tmp_path / "out")]) == 1
    assert f"git commit {swapped[:12]}" in capsys.readouterr().err


def test_the_rename_and_the_reuse_in_two_commits_keep_each_campaigns_decisions(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("demo", GLOBEX)
    ws.commit("Globex set up", t(10))
    decided = ws.commit(DECISION, t(11))
    ws.git("mv", "content/campaigns/demo.yml", "content/campaigns/globex.yml")
    ws.campaign("globex", GLOBEX_RENAMED)
    ws.commit("Globex renamed", t(12))
    ws.campaign("demo", ACME)
    ws.commit("Acme starts demo", t(13))
    ws.campaign("globex", GLOBEX_RENAMED.replace("in-progress", "done"))
    ws.commit("Logo done; renamed_from stays declared while demo.yml is Acme's", t(14))
    workspace = load_workspace(ws.root)
    assert [d.commit for d in workspace.campaigns["globex"].decisions] == [decided]
    assert not [d for d in workspace.campaigns["demo"].decisions if d.commit]


def test_a_new_file_that_copies_a_declaration_while_the_old_file_is_untouched_builds(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("demo", GLOBEX)
    ws.commit("Globex set up", t(10))
    decided = ws.commit(DECISION, t(11))
    ws.campaign("globex", GLOBEX_RENAMED)
    ws.commit("A copy of demo.yml, declaration and all", t(12))
    workspace = load_workspace(ws.root)
    assert [d.commit for d in workspace.campaigns["demo"].decisions] == [decided]
    assert not [d for d in workspace.campaigns["globex"].decisions if d.commit]
