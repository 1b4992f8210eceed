"""A campaign path that git records as no regular file (a submodule link, a symbolic link) is no version.

A gitlink's "blob" is a commit object: read as YAML, its parse error quoted the
author's e-mail address into the build's warnings (red team), which CI logs of
a public repository publish. A symbolic link's blob is the target's path.
"""

from __future__ import annotations

from generator import pipeline
from tests.fixtures.git_history import AUTHOR, GitWorkspace
from tests.integration.test_history import campaign, t


def _story(tmp_path, mode: str) -> GitWorkspace:
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    head = ws.commit("Set up", t("10"))
    target = head if mode == "160000" else ws.git("hash-object", "-w", "--stdin", stdin=b"../elsewhere.yml").strip()
    ws.git("update-index", "--add", "--cacheinfo", f"{mode},{target},content/campaigns/sub.yml")
    ws.git("commit", "-q", "-m", "Linked", when=t("11"))
    ws.git("rm", "-q", "--cached", "content/campaigns/sub.yml")
    ws.git("commit", "-q", "-m", "Unlinked", when=t("12"))
    return ws


def test_a_submodule_link_at_a_campaign_path_is_skipped_and_quotes_no_address(tmp_path):
    ws = _story(tmp_path, "160000")
    warnings: list[str] = []
    pipeline.build(ws.root, output=tmp_path / "out", warnings=warnings)
    assert not [w for w in warnings if AUTHOR[1] in w or "@" in w], warnings


def test_a_symbolic_link_at_a_campaign_path_is_skipped(tmp_path):
    ws = _story(tmp_path, "120000")
    warnings: list[str] = []
    pipeline.build(ws.root, output=tmp_path / "out", warnings=warnings)
    assert not [w for w in warnings if "sub.yml" in w and "does not parse" in w], warnings
