"""`receipts merge`: deploy folders built by separate CI jobs join into one, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.site import deploy
from generator.cli import main

ROOT = {"index.html": "door", "404.html": "lost", deploy.ROOT_MARKER: deploy.MARKER_TEXT}


def _shard(root: Path, files: dict[str, str], built: bool = True) -> Path:
    """A deploy folder as a build leaves it: its marker, root pages, and a marker in each site's folder."""
    files = {**ROOT, **files} if built else files
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
        if built and "/" in relative:
            (root / relative.split("/")[0] / deploy.MARKER).write_text(deploy.MARKER_TEXT, encoding="utf-8")
    return root


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def test_shards_with_the_same_root_files_merge_into_one_deploy_folder(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door", "404.html": "lost", "acme/index.html": "acme"})
    b = _shard(tmp_path / "b", {"index.html": "door", "404.html": "lost", "harbor/index.html": "harbor"})
    assert main(["merge", str(tmp_path / "site"), str(a), str(b)]) == 0
    assert _tree(tmp_path / "site") == {"index.html": "door", "404.html": "lost",
                                        "acme/index.html": "acme", "harbor/index.html": "harbor"}
    assert (tmp_path / "site" / "acme" / deploy.MARKER).is_file()  # the next build may replace it
    assert "7 files" in capsys.readouterr().out


def test_a_file_two_shards_disagree_on_fails_naming_it_and_writes_nothing(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door", "acme/index.html": "acme, built Monday"})
    b = _shard(tmp_path / "b", {"index.html": "door", "acme/index.html": "acme, built Tuesday"})
    assert main(["merge", str(tmp_path / "site"), str(a), str(b)]) == 1
    assert "acme/index.html" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".receipts-merge-")]


def test_it_never_writes_over_a_folder_that_holds_something(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door"})
    old = _shard(tmp_path / "site", {"team/index.html": "internal"}, built=False)
    assert main(["merge", str(old), str(a)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert _tree(old) == {"team/index.html": "internal"}


def test_a_symbolic_link_in_a_shard_is_refused(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door"})
    (a / "leak").symlink_to(tmp_path)
    assert main(["merge", str(tmp_path / "site"), str(a)]) == 1
    assert "symbolic link" in capsys.readouterr().err


def test_merged_files_are_world_readable_whatever_the_umask(tmp_path):
    a = _shard(tmp_path / "a", {"acme/index.html": "acme"})
    previous = os.umask(0o077)
    try:
        assert main(["merge", str(tmp_path / "site"), str(a)]) == 0
    finally:
        os.umask(previous)
    site = tmp_path / "site"
    assert stat.S_IMODE((site / "acme").stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "acme" / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE(site.stat().st_mode) == 0o755


def test_a_private_folder_is_never_merged_into_the_deploy_folder(tmp_path, capsys):
    """site-private/ holds internal, unencrypted sites: passed as a shard by mistake, it must not be published."""
    a = _shard(tmp_path / "a", {"acme/index.html": "acme"})
    private = _shard(tmp_path / "a-private", {deploy.ROOT_MARKER: deploy.MARKER_TEXT, "team/index.html": "internal"},
                     built=False)
    (private / "team" / deploy.MARKER).write_text(deploy.MARKER_TEXT, encoding="utf-8")
    assert main(["merge", str(tmp_path / "site"), str(a), str(private)]) == 1
    assert "-private folder is never merged" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_an_interrupted_builds_temporary_folder_is_refused(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"acme/index.html": "acme", ".receipts-new-acme-x/index.html": "plaintext"})
    assert main(["merge", str(tmp_path / "site"), str(a)]) == 1
    assert "interrupted build" in capsys.readouterr().err


def test_a_folder_no_build_wrote_is_refused(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"acme/index.html": "acme"})
    (a / "notes").mkdir()
    (a / "notes" / "todo.txt").write_text("call Jane")
    assert main(["merge", str(tmp_path / "site"), str(a)]) == 1
    assert "not a site written by receipts build" in capsys.readouterr().err


def test_a_named_pipe_is_one_clear_error(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"acme/index.html": "acme"})
    os.mkfifo(a / "acme" / "pipe")
    assert main(["merge", str(tmp_path / "site"), str(a)]) == 1
    assert "neither a file nor a folder" in capsys.readouterr().err
