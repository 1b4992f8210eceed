"""Faults during a build: the previous site stays, and the next run recovers alone.

tests/integration/test_build.py covers a BuildError mid-build, a failed
audit and a kill simulated between the two renames of a swap. Here: an
unexpected exception in the second audience, a full disk at each place a
build writes, and real kills (SIGKILL) of a `receipts build` process at
chosen points: while MkDocs writes pages, after every site is built but
before any swap, and between the two renames of a swap.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli, pipeline

from generator.site import output as site
from tests.conftest import REPO
from tests.fixtures.sites import private_of, site_folders, without_packs


def tree(root: Path) -> dict[str, str | None]:
    """Every file (SHA-256) and folder (None) under root and its -private twin (their folders' names differ)."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None)
            for folder in (root, private_of(root)) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def built_once(demo_copy, tmp_path):
    out = tmp_path / "out"
    pipeline.build(without_packs(demo_copy), output=out)  # the faults hit writes and swaps, not PDFs
    assert not [p for folder in (out, private_of(out)) for p in folder.rglob("transparency-pack.pdf")]
    return demo_copy, out, tree(out)


def recovers(workspace: Path, out: Path, before: dict) -> None:
    """The next ordinary run succeeds and leaves exactly the site the inputs make."""
    assert cli.main(["build", str(workspace), "--output", str(out)]) == 0
    assert tree(out) == before


def test_an_unexpected_exception_in_the_second_audience_changes_nothing(built_once, monkeypatch):
    workspace, out, before = built_once
    real_render, calls = pipeline.render, []

    def render(view, measures):
        calls.append(view.audience.id)
        if len(calls) == 2:
            raise RuntimeError("a bug in a renderer")
        return real_render(view, measures)

    monkeypatch.setattr(pipeline, "render", render)
    with pytest.raises(RuntimeError):
        pipeline.build(workspace, output=out)
    assert tree(out) == before  # the first audience's finished site was not swapped in either
    monkeypatch.undo()
    recovers(workspace, out, before)


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _after(count: int, real):
    """`real`, until the `count`-th call fails with a full disk."""
    calls = []

    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) >= count:
            _no_space()
        return real(*args, **kwargs)
    return call


def disk_full_while_staging(monkeypatch):
    monkeypatch.setattr(site.shutil, "copyfile", _after(2, site.shutil.copyfile))


def disk_full_while_mkdocs_writes(monkeypatch):
    import mkdocs.utils

    monkeypatch.setattr(mkdocs.utils, "write_file", _after(7, mkdocs.utils.write_file))


def disk_full_while_writing_the_search_index(monkeypatch):
    import generator.site.search_index

    real = generator.site.search_index.write_search_index

    def write(site_dir, records):
        (Path(site_dir) / "search").mkdir(parents=True, exist_ok=True)
        _no_space()
        return real(site_dir, records)

    monkeypatch.setattr(generator.site.search_index, "write_search_index", write)


def disk_full_while_swapping(monkeypatch):
    real_rename = Path.rename

    def rename(self, target):
        if Path(target).name in ("harbor",) and not Path(self).name.startswith(".receipts-old-"):
            _no_space()
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)


@pytest.mark.parametrize("fault", [
    disk_full_while_staging, disk_full_while_mkdocs_writes,
    disk_full_while_writing_the_search_index,
])
def test_a_full_disk_leaves_the_previous_site_and_says_so(built_once, monkeypatch, capsys, fault):
    workspace, out, before = built_once
    fault(monkeypatch)
    assert cli.main(["build", str(workspace), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "internal error" not in err, err
    assert tree(out) == before
    monkeypatch.undo()
    recovers(workspace, out, before)


def test_a_full_disk_during_a_swap_keeps_every_site_whole(built_once, monkeypatch, capsys):
    workspace, out, before = built_once
    disk_full_while_swapping(monkeypatch)
    assert cli.main(["build", str(workspace), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "could not replace" in err and "No space left on device" in err, err
    names = site_folders(out)
    assert names == ["acme", "harbor", "team"], names  # harbor put back, no temporary folder left
    assert {k: v for k, v in tree(out).items() if k.startswith("harbor")} == \
           {k: v for k, v in before.items() if k.startswith("harbor")}
    monkeypatch.undo()
    recovers(workspace, out, before)


# -- real kills ----------------------------------------------------------------------------------

CHILD = """\
import os, signal, sys
from pathlib import Path
from generator import cli
from generator.site import output as site

point = sys.argv[1]
BUILD = os.getpid()  # the build's own process; a process building one site is a child of it

def die():  # the whole build, every process building a site included, as a cancelled CI job is killed
    os.killpg(os.getpgrp(), signal.SIGKILL)

if point == "while-mkdocs-writes":
    import mkdocs.utils
    real_write, written = mkdocs.utils.write_file, []
    def write_file(content, path):
        written.append(path)
        if len(written) == 5:
            die()
        return real_write(content, path)
    mkdocs.utils.write_file = write_file
elif point == "terminated-while-building":  # as `timeout` or a cancelled CI job ends the build: SIGTERM
    import mkdocs.utils
    real_write, written = mkdocs.utils.write_file, []
    def write_file(content, path):
        written.append(path)
        if len(written) == 5:
            os.kill(BUILD, signal.SIGTERM)
        return real_write(content, path)
    mkdocs.utils.write_file = write_file
elif point == "terminated-while-swapping":
    real_swap = site.swap
    def swap(new, live):
        os.kill(BUILD, signal.SIGTERM)
        return real_swap(new, live)
    site.swap = swap
elif point == "before-any-swap":
    site.swap = lambda new, live: die()
elif point == "between-the-renames-of-a-swap":
    real_rename = Path.rename
    def rename(self, target):
        moved = real_rename(self, target)
        if Path(target).name.startswith(".receipts-old-"):
            die()
        return moved
    Path.rename = rename
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("point", ["while-mkdocs-writes", "before-any-swap", "between-the-renames-of-a-swap"])
def test_a_killed_build_leaves_the_previous_site_and_the_next_run_recovers(built_once, point):
    workspace, out, before = built_once
    killed = subprocess.run([sys.executable, "-c", CHILD, point, "build", str(workspace), "--output", str(out)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=300,
                            start_new_session=True)  # its own process group, so die() kills the build, not pytest
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = [name for name in site_folders(out) if name.startswith(".receipts-")]
    assert leftovers, "the kill should have left a build's folders behind"
    for audience in ("acme", "harbor", "team"):
        folder = private_of(out) if audience == "team" else out
        live = folder / audience
        if not live.exists():  # killed between the renames: the old site waits, whole, in its trash folder
            (trash,) = folder.glob(f".receipts-old-{audience}-*")
            live = trash
        subtree = {k[len(audience) + 1:]: v for k, v in before.items() if k.startswith(audience + "/")}
        assert tree(live) == subtree, audience
    recovers(workspace, out, before)


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_terminated_build_says_so_and_leaves_the_previous_sites_and_no_temporary_folder(built_once, jobs):
    workspace, out, before = built_once
    ended = subprocess.run([sys.executable, "-c", CHILD, "terminated-while-building", "build", "--jobs", jobs,
                            str(workspace), "--output", str(out)], cwd=REPO,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=300,
                           start_new_session=True)
    assert ended.returncode == 1, ended.stderr
    assert b"receipts: interrupted; the previous site is still in place." in ended.stderr
    assert site_folders(out) == ["acme", "harbor", "team"]  # no .receipts-new-* left
    assert tree(out) == before


def test_a_build_terminated_while_it_swaps_replaces_every_site_and_says_so(built_once):
    workspace, out, before = built_once
    config = workspace / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: Northwind Studio", "title: Northwind Works"),
                      encoding="utf-8")
    ended = subprocess.run([sys.executable, "-c", CHILD, "terminated-while-swapping", "build", str(workspace),
                            "--output", str(out)], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                           capture_output=True, timeout=300, start_new_session=True)
    assert ended.returncode == 1, ended.stderr
    assert b"interrupted just as the new sites were put in place: every one of them is" in ended.stderr
    for audience in ("acme", "harbor", "team"):  # all new, none half: the swaps were not cut in the middle
        folder = private_of(out) if audience == "team" else out
        assert "Northwind Works" in (folder / audience / "index.html").read_text(encoding="utf-8"), audience
    assert site_folders(out) == ["acme", "harbor", "team"]
