"""A damaged history bundle is one clear error naming it, never an empty history.

A bundle whose header is fine but whose body is garbage, cut short, or whose
list of branches names commits it does not hold: before, one listing no
branch cloned as an empty repository and the build went on with "no commits
yet", every editorial event silently missing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess

import pytest

from generator.cli import main
from generator.errors import HistoryError
from generator.history.repo import CACHE_DIR
from generator.load.paths import file_sha256
from generator.inputs import load_workspace
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.integration.test_history import campaign, t

BUNDLE = "content/history.bundle"


@pytest.fixture
def good_bundle(tmp_path) -> tuple[bytes, int]:
    """A whole bundle's bytes, and where its pack starts (after the header and the list of branches)."""
    origin = GitWorkspace(tmp_path / "origin")
    origin.campaign("demo", campaign())
    origin.commit("Set up", t("10"))
    origin.campaign("demo", campaign(script="done"))
    origin.commit("Done", t("11"))
    origin.git("bundle", "create", "--quiet", str(tmp_path / "good.bundle"), "--all")
    data = (tmp_path / "good.bundle").read_bytes()
    return data, data.index(b"\n\n") + 2


def _workspace_with(tmp_path, bundle: bytes):
    ws = tmp_path / "ws"
    shutil.copytree(tmp_path / "origin" / "content", ws / "content")
    (ws / "site_config.yml").write_text(HISTORY_CONFIG.replace("repo: .", f"bundle: {BUNDLE}"))
    (ws / BUNDLE).write_bytes(bundle)
    return ws


def _absent_commits(data: bytes, pack: int) -> bytes:
    head = re.sub(rb"(?m)^[0-9a-f]{40} ", b"1" * 40 + b" ", data[:pack])
    return head + data[pack:]


DAMAGE = {
    "header-then-garbage": lambda data, pack: b"# v2 git bundle\n" + bytes(range(256)) * 8,
    "no-branches-then-garbage": lambda data, pack: b"# v2 git bundle\n\n" + b"garbage " * 200,
    "no-branches-nothing-after": lambda data, pack: b"# v2 git bundle\n\n",
    "v3-no-branches-then-garbage": lambda data, pack: b"# v3 git bundle\n@object-format=sha1\n\n" + os.urandom(64),
    "branches-then-garbage-pack": lambda data, pack: data[:pack] + b"garbage " * 200,
    "branches-and-no-pack": lambda data, pack: data[:pack],
    "cut-in-the-pack": lambda data, pack: data[: pack + (len(data) - pack) // 2],
    "branches-name-absent-commits": _absent_commits,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_bundle_is_an_error_naming_it(tmp_path, good_bundle, damage):
    ws = _workspace_with(tmp_path, DAMAGE[damage](*good_bundle))
    with pytest.raises(HistoryError, match=rf"^history\.bundle: {BUNDLE} .*git bundle create {BUNDLE} --all"):
        load_workspace(ws)


def test_the_build_stops_with_one_message_and_no_empty_history(tmp_path, good_bundle, capsys):
    ws = _workspace_with(tmp_path, DAMAGE["no-branches-then-garbage"](*good_bundle))
    assert main(["build", str(ws), "--output", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert f"history.bundle: {BUNDLE} lists no branch or commit" in err
    assert "no commits yet" not in err and "Traceback" not in err and not (tmp_path / "out").exists()
    assert main(["validate", str(ws)]) != 0
    assert "no commits yet" not in capsys.readouterr().out


def test_the_bundle_made_again_reads_after_a_damaged_one(tmp_path, good_bundle):
    data, pack = good_bundle
    ws = _workspace_with(tmp_path, DAMAGE["no-branches-then-garbage"](data, pack))
    with pytest.raises(HistoryError):
        load_workspace(ws)
    (ws / BUNDLE).write_bytes(data)
    assert load_workspace(ws).history.head is not None


def test_an_empty_clone_cached_by_an_older_build_is_refused_too(tmp_path, good_bundle):
    """Builds before this fix cloned such a bundle and cached the empty clone under the bundle's digest."""
    ws = _workspace_with(tmp_path, DAMAGE["no-branches-then-garbage"](*good_bundle))
    clone = ws / CACHE_DIR / f"bundle-{hashlib.sha256(BUNDLE.encode()).hexdigest()[:12]}.git"
    clone.parent.mkdir()
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ws / BUNDLE), str(clone)], check=True,
                   capture_output=True)
    (clone / "receipts-bundle.sha256").write_text(file_sha256(ws / BUNDLE) + "\n", encoding="ascii")
    with pytest.raises(HistoryError, match="lists no branch or commit"):
        load_workspace(ws)
