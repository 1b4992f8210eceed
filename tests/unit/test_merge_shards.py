"""`receipts merge`: deploy folders built by separate CI jobs join into one, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.cli import main


def _shard(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def test_shards_with_the_same_root_files_merge_into_one_deploy_folder(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door", "404.html": "lost", "acme/index.html": "acme"})
    b = _shard(tmp_path / "b", {"index.html": "door", "404.html": "lost", "harbor/index.html": "harbor"})
    assert main(["merge", str(tmp_path / "site"), str(a), str(b)]) == 0
    assert _tree(tmp_path / "site") == {"index.html": "door", "404.html": "lost",
                                        "acme/index.html": "acme", "harbor/index.html": "harbor"}
    assert "4 files" in capsys.readouterr().out


def test_a_file_two_shards_disagree_on_fails_naming_it_and_writes_nothing(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door", "acme/index.html": "acme, built Monday"})
    b = _shard(tmp_path / "b", {"index.html": "door", "acme/index.html": "acme, built Tuesday"})
    assert main(["merge", str(tmp_path / "site"), str(a), str(b)]) == 1
    assert "acme/index.html" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".receipts-merge-")]


def test_it_never_writes_over_a_folder_that_holds_something(tmp_path, capsys):
    a = _shard(tmp_path / "a", {"index.html": "door"})
    old = _shard(tmp_path / "site", {"team/index.html": "internal"})
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
