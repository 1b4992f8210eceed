"""Same inputs, same bytes: builds that differ in everything but their inputs.

Two `receipts build` runs of the demo in separate processes, with other
folders, PYTHONHASHSEED, timezone, file creation order and file times, a
cold and a warm history cache, give byte-identical trees. The only time in
the output is the inputs' own (or SOURCE_DATE_EPOCH): never the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO


def copy_workspace(target: Path, reverse: bool) -> Path:
    """The demo's inputs, written file by file in sorted or reversed order."""
    sources = [REPO / "site_config.yml"] + sorted(p for p in (REPO / "content").rglob("*") if p.is_file())
    for source in (reversed(sources) if reverse else sources):
        dest = target / source.relative_to(REPO)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        if reverse:
            os.utime(dest, (1_000_000_000, 1_000_000_000))
    return target


def build(workspace: Path, out: Path, cwd: Path, **env: str) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ")}
    environ.update(PYTHONPATH=str(REPO), **env)
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(workspace), "--output", str(out)],
                            cwd=cwd, env=environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by relative path, in the deploy folder and its -private twin."""
    return {(prefix + p.relative_to(folder).as_posix()): (p.read_bytes() if p.is_file() else None)
            for prefix, folder in (("", root), ("private:", root.with_name(root.name + "-private")))
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Run A (twice: cold and warm cache) and run B, unlike A in every way but the inputs."""
    a_root = tmp_path_factory.mktemp("a")
    b_root = tmp_path_factory.mktemp("elsewhere") / "deeper" / "still"
    ws_a = copy_workspace(a_root / "ws", reverse=False)
    ws_b = copy_workspace(b_root / "workspace-b", reverse=True)
    started = time.time()
    build(ws_a, a_root / "out1", cwd=a_root, PYTHONHASHSEED="1", TZ="UTC")
    build(ws_a, a_root / "out2", cwd=a_root, PYTHONHASHSEED="2", TZ="UTC")
    build(ws_b, b_root / "site-out", cwd=ws_b, PYTHONHASHSEED="4242", TZ="Pacific/Auckland")
    return a_root, b_root, started


def test_two_builds_in_different_folders_processes_and_orders_are_byte_identical(builds):
    a_root, b_root, _ = builds
    first, warm, other = tree(a_root / "out1"), tree(a_root / "out2"), tree(b_root / "site-out")
    assert sorted(first) == sorted(other)
    assert [name for name in first if first[name] != other[name]] == []
    assert [name for name in first if first[name] != warm[name]] == []  # the history cache changes nothing


def test_no_build_time_clock_in_the_output(builds):
    a_root, _, started = builds
    now = dt.datetime.fromtimestamp(started, dt.timezone.utc)
    days = [now + dt.timedelta(days=d) for d in (-1, 0, 1)]
    clock_forms = {f(d) for d in days for f in (
        lambda d: d.strftime("%Y-%m-%d"), lambda d: f"{d.day} {d:%b %Y}", lambda d: d.strftime("%Y%m%d"))}
    stamps = re.compile(rb"(?<!\d)(\d{10})(?!\d)")
    for name, data in tree(a_root / "out1").items():
        if data is None or name.startswith("vendor/"):
            continue
        text = data.decode("utf-8", "replace")
        assert not [form for form in clock_forms if form in text], name
        near = [int(s) for s in stamps.findall(data) if abs(int(s) - started) < 3 * 86400]
        assert near == [], name
        if name.endswith(".gz"):
            (mtime,) = struct.unpack("<I", data[4:8])
            assert abs(mtime - started) > 3 * 86400, name


LAST_DEMO_COMMIT = 1775633400  # 2026-04-08T09:30:00+02:00: the demo history's newest commit


def test_source_date_epoch_is_honoured(builds, tmp_path):
    """FORMAT.md, "Time": with SOURCE_DATE_EPOCH set, it is every site's "as of" moment and MkDocs' stamp."""
    a_root, _, _ = builds
    build(a_root / "ws", tmp_path / "out", cwd=tmp_path, SOURCE_DATE_EPOCH=str(LAST_DEMO_COMMIT))
    pinned, plain = tree(tmp_path / "out"), tree(a_root / "out1")
    gz = [name for name in pinned if name.endswith(".gz")]
    assert gz, "the demo has a site URL, so a sitemap"
    for name in gz:  # MkDocs stamps the sitemap with the day of SOURCE_DATE_EPOCH
        assert struct.unpack("<I", pinned[name][4:8]) == (LAST_DEMO_COMMIT - LAST_DEMO_COMMIT % 86400,)
    for audience in ("acme", "harbor", "private:team"):
        assert b'As of <time datetime="2026-04-08T09:30:00+02:00"' in pinned[f"{audience}/index.html"], audience
    # each page's build moment, for the reader's browser to judge freshness by, is the pinned epoch
    files = [n for n in pinned if pinned[n] is not None]
    dated = [n for n in files if b"data-built=" in pinned[n]]
    assert dated and all(b'data-built="%d"' % LAST_DEMO_COMMIT in pinned[n] for n in dated)
    # the team sees the last commit, so its as-of moment is the same either way: nothing else carries a time
    assert [n for n in files if n.startswith("private:team/") and pinned[n] != plain[n]] == []


@pytest.mark.parametrize("value", ["yesterday", "99999999999999"])  # MkDocs crashed on both: int(), year 3170843
def test_a_malformed_source_date_epoch_stops_the_build_with_one_message(builds, tmp_path, value):
    """reproducible-builds.org: a malformed value must fail the build, the last sites untouched."""
    a_root, _, _ = builds
    before = tree(a_root / "out1")
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(PYTHONPATH=str(REPO), SOURCE_DATE_EPOCH=value)
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(a_root / "ws"), "--output",
                             str(a_root / "out1")], cwd=tmp_path, env=environ, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("receipts: SOURCE_DATE_EPOCH must be a whole number of seconds") \
        and f"'{value}'" in result.stderr
    assert tree(a_root / "out1") == before  # the last good sites stay as they were
