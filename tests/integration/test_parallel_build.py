"""Several audiences built at once (build_parallel.py): the same sites, and still all or nothing.

Each test builds the demo workspace's three sites in forked processes and
checks what a user sees: the files written, the sites left in place when
one audience fails, the message and exit code of the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import build_parallel, cli, pipeline
from generator.errors import AuditError
from tests.fixtures.sites import private_of, site_folders, site_of, without_packs

AUDIENCES = ["acme", "harbor", "team"]


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the deploy folder and of its -private twin."""
    return {f"{where}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for where, folder in (("deploy", root), ("private", private_of(root)))
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous(demo_copy, tmp_path) -> Path:
    """A published set of sites: what a failed build must leave exactly as it was."""
    out = tmp_path / "out"
    pipeline.build(without_packs(demo_copy), output=out, jobs=1)  # these failures are not about PDFs
    return out


def test_sites_built_at_once_are_byte_identical_to_sites_built_one_after_another(demo_copy, tmp_path):
    one = pipeline.build(demo_copy, output=tmp_path / "one", jobs=1)
    many = pipeline.build(demo_copy, output=tmp_path / "many", jobs=3)
    assert [r.audience for r in many] == [r.audience for r in one] == AUDIENCES  # results in configured order
    assert [(r.pages, r.report.shown) for r in many] == [(r.pages, r.report.shown) for r in one]
    assert tree(tmp_path / "many") == tree(tmp_path / "one")


def test_one_audience_failing_its_audit_replaces_no_site_and_leaves_no_temporary_folder(
        demo_copy, previous, monkeypatch):
    before = tree(previous)
    check = pipeline.check

    def failing_for_harbor(site_dir, workspace, audience, view, clock=None):
        if audience.id == "harbor":
            raise AuditError("harbor", ["index.html holds 'a planted secret'"])
        check(site_dir, workspace, audience, view, clock)

    monkeypatch.setattr(pipeline, "check", failing_for_harbor)  # the forked processes inherit it
    with pytest.raises(AuditError) as failed:
        pipeline.build(demo_copy, output=previous, jobs=3)
    assert failed.value.audience == "harbor" and "a planted secret" in str(failed.value)
    assert tree(previous) == before  # acme and team were built fine, and still not published
    assert site_folders(previous) == AUDIENCES


def test_a_bug_in_a_building_process_is_one_line_on_the_command_line(demo_copy, previous, monkeypatch, capsys):
    before = tree(previous)

    def broken(view, measures):
        raise KeyError("deliverable")

    monkeypatch.setattr(pipeline, "render", broken)  # what a build renders through when it keeps no page
    code = cli.main(["build", "--full", "--jobs", "2", "--output", str(previous), str(demo_copy)])
    err = capsys.readouterr().err
    assert code == 1
    assert "internal error: WorkerCrash: KeyError: 'deliverable'" in err and "Traceback" not in err
    assert tree(previous) == before


def test_a_building_process_that_dies_fails_the_build_instead_of_hanging_it(demo_copy, previous, monkeypatch):
    before = tree(previous)
    check = pipeline.check

    def killed_for_team(site_dir, workspace, audience, view, clock=None):
        if audience.id == "team":
            os._exit(9)  # as the kernel's out-of-memory killer would end it: no exception, no result
        check(site_dir, workspace, audience, view, clock)

    monkeypatch.setattr(pipeline, "check", killed_for_team)
    with pytest.raises(build_parallel.WorkerCrash, match="ended unexpectedly"):
        pipeline.build(demo_copy, output=previous, jobs=2)
    assert tree(previous) == before


@pytest.mark.parametrize("jobs", ["0", "two"])
def test_jobs_must_be_a_whole_number_of_at_least_one(jobs, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["build", "--jobs", jobs])
    assert exited.value.code == 2
    assert f"expected a whole number of at least 1, got '{jobs}'" in capsys.readouterr().err


def test_where_processes_cannot_share_semaphores_the_sites_are_built_one_after_another(demo_copy, tmp_path,
                                                                                        monkeypatch):
    def no_semaphores(*args, **kwargs):  # what concurrent.futures raises without a working sem_open
        raise NotImplementedError("This Python build lacks multiprocessing.synchronize")

    monkeypatch.setattr(build_parallel, "ProcessPoolExecutor", no_semaphores)
    results = pipeline.build(demo_copy, output=tmp_path / "out", jobs=3)
    assert [r.audience for r in results] == AUDIENCES
    assert all((site_of(tmp_path / "out", a) / "index.html").is_file() for a in AUDIENCES)
