"""A history reads the same whatever the user's git settings, replace refs or grafts say (#15).

git's answers depend on more than the commits: `diff.renameLimit` decides
which renames `git log -M` finds, `diff.orderFile` the order it lists a
commit's files in, and a replace ref (`git replace`) swaps a commit for
another under the same id. Neither the read nor its cache, keyed by commit
id, may follow them, or two machines (or one, before and after a config
change) build different sites from the same commits.
"""

from __future__ import annotations

import shutil

import pytest

from generator import pipeline
from generator.errors import HistoryError
from generator.inputs import load_workspace
from tests.fixtures import incremental
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.integration.test_history import campaign, t

RENAMED = "renamed_from: [{old}]\n"
ALL = HISTORY_CONFIG.replace("[demo]", "all")


def _two_renamed_in_one_commit(ws: GitWorkspace) -> None:
    """Two campaigns, each renamed (declared) and edited in the same commit: an inexact rename each."""
    for name in ("alpha", "bravo"):
        ws.campaign(f"old-{name}", campaign(campaign_id=f"old-{name}"))
    ws.commit("Set up", t("10"))
    for name in ("alpha", "bravo"):
        ws.campaign(f"old-{name}", campaign(campaign_id=f"old-{name}", script="in-progress"))
    ws.commit("Scripts started", t("11"))
    for name in ("alpha", "bravo"):
        ws.git("mv", f"content/campaigns/old-{name}.yml", f"content/campaigns/{name}.yml")
        ws.campaign(name, campaign(campaign_id=name, script="done") + RENAMED.format(old=f"old-{name}"))
    ws.commit("Rename both campaigns; scripts done", t("12"))


def _events(workspace) -> list[tuple]:
    return [(c.campaign, c.kind, c.entry_id, c.field, c.old, c.new, c.commit) for c in workspace.history.changes]


def _fresh(ws: GitWorkspace):
    shutil.rmtree(ws.root / ".receipts-cache", ignore_errors=True)
    return load_workspace(ws.root)


def test_a_users_rename_limit_changes_nothing_read_cold_or_warm(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", ALL)
    _two_renamed_in_one_commit(ws)
    expected = _events(_fresh(ws))  # git's defaults: both renames found, the scripts' history kept
    assert ("alpha", "label", "script", "label", "not-started", "in-progress") in [e[:6] for e in expected]
    ws.git("config", "diff.renameLimit", "1")  # in the repository's own config, as a user would set it
    assert _events(load_workspace(ws.root)) == expected  # the cache of the read before
    assert _events(_fresh(ws)) == expected  # and read afresh


def test_a_users_order_file_changes_nothing(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", ALL)
    _two_renamed_in_one_commit(ws)
    expected = _events(_fresh(ws))
    order = tmp_path / "order"
    order.write_text("content/campaigns/bravo.yml\ncontent/campaigns/old-bravo.yml\n", encoding="utf-8")
    ws.git("config", "diff.orderFile", str(order))
    assert _events(_fresh(ws)) == expected


def test_a_replace_ref_is_ignored_the_commits_are_read_as_made(tmp_path):
    """`git replace --graft HEAD` shows HEAD without parents: honoured, the history would start there (and
    a cache keyed by commit id could not see it come or go). Replace refs are not fetched by a CI
    checkout either: the commits as they were made are what every machine has."""
    ws = GitWorkspace(tmp_path / "ws", ALL)
    _two_renamed_in_one_commit(ws)
    expected = _events(_fresh(ws))
    ws.git("replace", "--graft", "HEAD")
    assert _events(load_workspace(ws.root)) == expected
    assert _events(_fresh(ws)) == expected
    head = ws.git("rev-parse", "HEAD").strip()
    ws.git("replace", "-d", head)
    old = ws.git("rev-parse", "HEAD~1").strip()
    ws.git("replace", head, old)  # HEAD read as its parent: the renames would vanish
    assert _events(_fresh(ws)) == expected


def test_grafts_in_a_linked_worktrees_repository_are_refused_too(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", ALL)
    _two_renamed_in_one_commit(ws)
    ws.git("worktree", "add", "--quiet", str(tmp_path / "linked"), "HEAD")
    head = ws.git("rev-parse", "HEAD").strip()
    (ws.root / ".git" / "info").mkdir(exist_ok=True)
    (ws.root / ".git" / "info" / "grafts").write_text(head + "\n", encoding="utf-8")
    with pytest.raises(HistoryError, match="grafts"):
        load_workspace(tmp_path / "linked")


def test_grafts_added_after_a_build_are_no_up_to_date_build(tmp_path, monkeypatch):
    """The "up to date" check looks at what the read looks at: grafts the read refuses are a change."""
    monkeypatch.setenv("LOCK_PASS", incremental.PASSPHRASE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ws = incremental.history_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    incremental.build(ws.root, out)
    assert pipeline.UP_TO_DATE in incremental.build(ws.root, out)
    head = ws.git("rev-parse", "HEAD").strip()
    (ws.root / ".git" / "info").mkdir(exist_ok=True)
    (ws.root / ".git" / "info" / "grafts").write_text(head + "\n", encoding="utf-8")
    with pytest.raises(HistoryError, match="grafts"):
        incremental.build(ws.root, out)


def test_a_cache_written_under_another_git_version_is_read_afresh(tmp_path, monkeypatch):
    """git's rename detection changes between versions: a cache of another git's answers is not reused."""
    import git

    from generator.history import log as gitlog

    ws = GitWorkspace(tmp_path / "ws", ALL)
    _two_renamed_in_one_commit(ws)
    expected = _events(_fresh(ws))
    reads = []
    original = gitlog.read_log
    monkeypatch.setattr(gitlog, "read_log", lambda *args: reads.append(args) or original(*args))
    assert _events(load_workspace(ws.root)) == expected and not reads  # the same git: the cache
    real = git.cmd.Git.version_info.fget(git.cmd.Git(ws.root))
    monkeypatch.setattr(git.cmd.Git, "version_info", property(lambda self: (*real[:2], real[2] + 1)))
    assert _events(load_workspace(ws.root)) == expected and len(reads) == 1
