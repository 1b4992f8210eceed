"""A build says so when its output folders are committed to git: private sites in a repository are not private."""

from __future__ import annotations

import subprocess

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

GIT = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def _committed(root, *paths):
    subprocess.run(GIT + ["-C", str(root), "add", "-f", *paths], check=True, capture_output=True)
    subprocess.run(GIT + ["-C", str(root), "commit", "-qm", "sites"], check=True, capture_output=True)


def test_a_committed_private_folder_is_named_in_the_build_notices(make_workspace):
    root = make_workspace.write(config=MINIMAL_CONFIG)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    notices: list[str] = []
    pipeline.build(root, notices=notices)
    assert not [n for n in notices if "committed to git" in n]  # nothing committed yet: nothing said
    _committed(root, "site-private")
    notices = []
    pipeline.build(root, notices=notices)
    (said,) = [n for n in notices if "committed to git" in n]
    assert said.startswith("site-private/ is committed to git") and "git rm -r --cached site-private" in said


def test_a_workspace_outside_git_builds_without_a_word_about_it(make_workspace):
    notices: list[str] = []
    pipeline.build(make_workspace.write(config=MINIMAL_CONFIG), notices=notices)
    assert not [n for n in notices if "committed to git" in n]
