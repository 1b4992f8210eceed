"""Sharded CI builds (docs/publishing.md): subsets of the audiences, merged, are the full deploy folder."""

from __future__ import annotations

from pathlib import Path

from generator import pipeline
from generator.cli import main
from tests.conftest import REPO

EPOCH = {"SOURCE_DATE_EPOCH": "1775633400"}  # every shard judges "as of" at one moment, as the workflow pins it


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_shards_merged_are_the_full_build_byte_for_byte(tmp_path, monkeypatch):
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    pipeline.build(REPO, output=tmp_path / "full")
    pipeline.build(REPO, audiences=["acme"], output=tmp_path / "shard-1")
    pipeline.build(REPO, audiences=["harbor", "team"], output=tmp_path / "shard-2")
    assert main(["merge", str(tmp_path / "site"), str(tmp_path / "shard-1"), str(tmp_path / "shard-2")]) == 0
    assert _tree(tmp_path / "site") == _tree(tmp_path / "full")
    assert not (tmp_path / "site" / "team").exists()  # internal: in shard-2-private, never merged
