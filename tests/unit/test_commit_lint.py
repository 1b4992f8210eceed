"""`receipts lint-commits` and the commit-msg hook refuse bad Receipts trailers before a push.

Each mistake is one a build would refuse (then only after the push, when
history may not be rewritten) or silently ignore (`Decison:`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.history.commit_lint import one_edit_apart
from tests.conftest import MINIMAL_CONFIG, REPO

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
tasks:
  - {id: storyboard, title: Storyboard, label: in-progress}
"""
GOOD = "Pick the morning concept\n\nIt tested best.\n\nDecision: Morning concept\nCampaign: demo\n" \
       "Relates-to: storyboard\nDecided-by: maria\nVisibility: 2\n"


def _git(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@studio.example",
            "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@studio.example", "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(root.parent), "PYTHONPATH": str(REPO)}
    return subprocess.run(["git", *args], cwd=root, env={**base, **(env or {})}, capture_output=True, text=True)


@pytest.fixture
def repo(make_workspace) -> Path:
    root = make_workspace.write(MINIMAL_CONFIG + "history: {}\n", {"demo": CAMPAIGN})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Start the pilot")
    return root


def _commit(root: Path, message: str) -> subprocess.CompletedProcess:
    return _git(root, "commit", "-q", "--allow-empty", "-m", message)


BAD = [
    ("Decison: Morning concept\nCampaign: demo", "Decison: unknown trailer 'Decison' (did you mean 'Decision'?)"),
    ("Decision: Morning concept\nCampaign: demo\nVisibility: client", "Visibility: expected a tier 0-4 or 'internal'; got 'client'"),
    ("Decision: Morning concept\nCampaign: demoo", "Campaign: 'demoo' is not a known campaign"),
    ("Decision: Morning concept\nCampaign: demo\nDecided-by: marai", "Decided-by: 'marai' is not a known person"),
    ("Decision: Morning concept\nCampaign: demo\nRelates-to: storybord",
     "Relates-to: 'storybord' is not an entry of campaign 'demo'"),
    ("Decision: Morning concept", "Campaign: is required in a decision commit"),
    ("Campagin: demo\nVisibility: 2", "Campagin: unknown trailer 'Campagin' (did you mean 'Campaign'?)"),
]


@pytest.mark.parametrize("trailers, said", BAD, ids=[said.split(":")[0] for _, said in BAD])
def test_lint_commits_names_each_mistake_of_a_commit(repo, capsys, trailers, said):
    _commit(repo, f"Pick a concept\n\nBecause.\n\n{trailers}\n")
    sha = _git(repo, "rev-parse", "HEAD").stdout.strip()
    assert cli.main(["lint-commits", "--workspace", str(repo)]) == 1
    err = capsys.readouterr().err
    assert f"git commit {sha[:12]}: {said}" in err
    assert "problem" in err and "found in 2 commits" in err


def test_good_decision_commits_pass(repo, capsys):
    _commit(repo, GOOD)
    assert cli.main(["lint-commits", "--workspace", str(repo)]) == 0
    assert "checked 2 commits: no problems" in capsys.readouterr().out


def test_by_default_only_commits_not_on_the_remote_are_checked(repo, tmp_path, capsys):
    _commit(repo, "Old mistake\n\nDecison: x\nCampaign: demo\n")
    _git(tmp_path, "init", "-q", "--bare", "remote.git")
    _git(repo, "remote", "add", "origin", str(tmp_path / "remote.git"))
    _git(repo, "push", "-q", "origin", "main")
    _commit(repo, GOOD)
    assert cli.main(["lint-commits", "--workspace", str(repo)]) == 0  # the pushed mistake is history now
    assert "checked 1 commit: no problems" in capsys.readouterr().out
    assert cli.main(["lint-commits", "--workspace", str(repo), "HEAD~2..HEAD"]) == 1  # asked for explicitly


def test_an_unknown_range_is_one_clear_error(repo, capsys):
    assert cli.main(["lint-commits", "--workspace", str(repo), "nosuchbranch..HEAD"]) == 1
    assert "'nosuchbranch..HEAD' names no commits git knows" in capsys.readouterr().err


def test_the_hook_refuses_a_bad_trailer_in_a_real_git_commit(repo):
    assert cli.main(["hook", "install", str(repo)]) == 0
    before = _git(repo, "rev-parse", "HEAD").stdout
    refused = _commit(repo, "Pick a concept\n\nDecison: Morning concept\nCampaign: demo\n")
    assert refused.returncode != 0
    assert "commit message: Decison: unknown trailer 'Decison' (did you mean 'Decision'?)" in refused.stderr
    assert _git(repo, "rev-parse", "HEAD").stdout == before  # no commit was made
    assert _commit(repo, GOOD).returncode == 0
    assert _git(repo, "log", "-1", "--format=%(trailers:key=Decision,valueonly)").stdout.strip() == "Morning concept"


def test_the_hook_does_not_replace_another_hook_unless_forced(repo, capsys):
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 0\n")
    assert cli.main(["hook", "install", str(repo)]) == 1
    assert "is not Receipts' hook" in capsys.readouterr().err
    assert cli.main(["hook", "install", str(repo), "--force"]) == 0
    assert "receipts commit-msg hook" in hook.read_text()


@pytest.mark.parametrize("a, b, near", [
    ("decison", "decision", True), ("campagin", "campaign", True), ("visibilty", "visibility", True),
    ("decisions", "decision", True), ("signed-off-by", "decided-by", False), ("reviewed-by", "relates-to", False),
])
def test_one_edit_apart(a, b, near):
    assert one_edit_apart(a, b) is near


def test_the_hook_runs_with_the_python_that_installed_it(repo):
    assert cli.main(["hook", "install", str(repo)]) == 0
    assert sys.executable in (repo / ".git" / "hooks" / "commit-msg").read_text()


def test_a_half_edited_workspace_does_not_block_a_commit_but_a_misspelled_trailer_does(repo):
    assert cli.main(["hook", "install", str(repo)]) == 0
    (repo / "content" / "campaigns" / "demo.yml").write_text("id: demo\ntitle: [unclosed\n")
    _git(repo, "add", "-A")
    fixed = _commit(repo, "Work in progress on the demo campaign\n")
    assert fixed.returncode == 0, fixed.stderr
    assert "the trailers' ids were not checked" in fixed.stderr
    refused = _commit(repo, "Pick\n\nDecison: Morning concept\nCampaign: demo\n")
    assert refused.returncode != 0 and "did you mean 'Decision'?" in refused.stderr


def test_a_workspace_whose_history_is_a_bundle_has_no_commits_to_check(capsys):
    assert cli.main(["lint-commits", "--workspace", str(REPO)]) == 0  # the demo: history from a bundle
    assert "comes from the bundle content/history.bundle" in capsys.readouterr().out
