"""A campaign file the history does not hold as it is: the build says so.

The site shows the workspace's files; its timeline and "as of" come from
git. An edit not committed (or a bundle not made again) would give a site
that looks complete and is not, so every such file is named in a warning.
"""

from __future__ import annotations

import shutil

from generator.cli import main
from generator.inputs import load_workspace
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace, subfolder_workspace
from tests.integration.test_history import campaign, t


def committed(tmp_path) -> GitWorkspace:
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    return ws


def warnings_of(root) -> list[str]:
    return list(load_workspace(root).history.warnings)


def test_a_workspace_whose_files_are_all_committed_gets_no_warning(tmp_path):
    assert warnings_of(committed(tmp_path).root) == []


def test_an_edit_not_committed_is_named_and_the_build_still_runs(tmp_path, capsys):
    ws = committed(tmp_path)
    ws.campaign("demo", campaign(launch="2026-05-02"))
    head = ws.git("rev-parse", "HEAD").strip()
    assert main(["build", str(ws.root), "--output", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert (f"warning: content/campaigns/demo.yml has changes that are not in the history "
            f"(the git repository at {ws.root}, HEAD at {head[:12]})") in err
    assert "the timeline does not show them" in err and "commit them" in err
    assert "2026" in (tmp_path / "out-private" / "team" / "demo" / "index.html").read_text(encoding="utf-8")
    ws.commit("Launch moved", t("11"))
    assert warnings_of(ws.root) == []


def test_the_warning_holds_on_a_rebuild_from_the_cache(tmp_path):
    ws = committed(tmp_path)
    ws.campaign("demo", campaign(script="done"))
    assert len(warnings_of(ws.root)) == 1
    assert (ws.root / ".receipts-cache").is_dir()
    assert len(warnings_of(ws.root)) == 1  # the head's files come from the cache this time


def test_a_campaign_file_never_committed_is_named(tmp_path):
    ws = committed(tmp_path)
    ws.campaign("fresh", campaign(campaign_id="fresh"))
    found = warnings_of(ws.root)
    assert len(found) == 1
    assert found[0].startswith("content/campaigns/fresh.yml is not in the history")
    assert "its timeline has no events from git until it is recorded; commit them" in found[0]


def test_a_checkout_with_crlf_line_ends_counts_as_committed(tmp_path):
    ws = committed(tmp_path)
    path = ws.root / "content" / "campaigns" / "demo.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # what core.autocrlf gives on Windows
    assert warnings_of(ws.root) == []


def test_a_workspace_in_a_subfolder_is_compared_at_its_own_path(tmp_path):
    ws = subfolder_workspace(tmp_path / "agency", campaign(), t("10"))
    assert warnings_of(ws.root) == []
    ws.campaign("demo", campaign(script="done"))
    assert [w.split(" has ")[0] for w in warnings_of(ws.root)] == ["content/campaigns/demo.yml"]


def test_a_bundle_behind_the_workspace_says_to_make_it_again(tmp_path):
    origin = committed(tmp_path)
    ws = tmp_path / "bundled"
    shutil.copytree(origin.root / "content", ws / "content")
    (ws / "site_config.yml").write_text(HISTORY_CONFIG.replace("repo: .", "bundle: content/history.bundle"))
    origin.git("bundle", "create", "--quiet", str(ws / "content" / "history.bundle"), "HEAD", "main")
    assert warnings_of(ws) == []
    (ws / "content" / "campaigns" / "demo.yml").write_text(campaign(script="done"), encoding="utf-8")
    found = warnings_of(ws)
    assert len(found) == 1 and "the git bundle content/history.bundle" in found[0]
    assert found[0].endswith("commit them, then make the bundle again")


def test_a_repository_without_commits_names_every_campaign_file(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    found = warnings_of(ws.root)
    assert len(found) == 1 and "content/campaigns/demo.yml is not in the history" in found[0]
    assert "no commits yet" in found[0]
