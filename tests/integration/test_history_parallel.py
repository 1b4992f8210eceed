"""A long history read by several processes gives exactly what one process finds.

history_parallel.py shares the campaign files out between walkers and merges
their findings. Whatever the number of walkers, the events, their order, the
warnings, the decision commits and the cached state must be the same bytes
as a single walker's, on a history with renames, a merge, a version that
does not parse and a deleted file.
"""

from __future__ import annotations

import importlib.util
import os
import re

import orjson

import pytest

from generator.errors import HistoryError
from generator.history import cache as history_cache
from generator.history import log as gitlog
from generator.history import repo as gitrepo
from generator.history import parallel as history_parallel
from generator.history.records import Snapshot
from generator.inputs import load_workspace
from tests.conftest import REPO
from tests.fixtures.git_history import run_git

CAMPAIGNS = "content/campaigns/"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_history", REPO / "scripts" / "bench_history.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _edit(root, name: str, before: str, after: str, message: str, when: str) -> None:
    path = root / CAMPAIGNS / f"{name}.yml"
    path.write_text(re.sub(before, after, path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    run_git(root, "commit", "--quiet", "-am", message, when=when)


@pytest.fixture(scope="module")
def tangled(tmp_path_factory):
    """300 synthetic commits, then a rename, a broken version, a merge and a deleted file."""
    root = tmp_path_factory.mktemp("parallel") / "ws"
    _bench().make_repo(root, commits=300, campaigns=4, seed=11)
    day = "2027-02-0{}T10:00:00+01:00"
    run_git(root, "mv", f"{CAMPAIGNS}campaign-001.yml", f"{CAMPAIGNS}campaign-101.yml")
    _edit(root, "campaign-101", r"id: campaign-001", "id: campaign-101", "Rename", day.format(1))
    _edit(root, "campaign-101", r"label: [a-z-]+", "label: stuck", "Stuck after the rename", day.format(2))
    _edit(root, "campaign-002", r"label: [a-z-]+", "label: no-such-label", "A broken version", day.format(3))
    _edit(root, "campaign-002", r"label: no-such-label", "label: done", "Fixed", day.format(4))
    run_git(root, "checkout", "--quiet", "-b", "side")
    _edit(root, "campaign-003", r"label: [a-z-]+", "label: in-review", "On a branch", day.format(5))
    run_git(root, "checkout", "--quiet", "main")
    _edit(root, "campaign-000", r"label: [a-z-]+", "label: approved", "On main", day.format(6))
    run_git(root, "merge", "--quiet", "--no-ff", "-m", "Merge the branch", "side", when=day.format(7))
    run_git(root, "rm", "--quiet", f"{CAMPAIGNS}campaign-002.yml")
    run_git(root, "commit", "--quiet", "-m", "Drop campaign 002", when=day.format(8))
    return root


def _walk(root, walkers: int, since: str | None = None, cached: dict | None = None, head: str = "HEAD"):
    workspace = load_workspace(root, with_history=False)
    source = gitrepo.open_source(root, workspace.config.history, None)
    try:
        head_sha = source.repo.git.rev_parse(head).strip()
        commits = gitlog.read_log(source.repo, head_sha, since, source.campaign_dir)
        walker = history_parallel.walk(source.repo, workspace.config, source.campaign_dir, cached, commits,
                                       head_sha, walkers=walkers)
        return history_cache.snapshot(walker, head_sha, "as-of", "key"), commits
    finally:
        source.close()


def test_the_files_are_shared_out_and_a_renamed_file_stays_with_one_walker(tangled):
    _, commits = _walk(tangled, 1)
    owners = history_parallel._share_out(commits, 2)
    assert set(owners.values()) == {0, 1}
    assert owners[f"{CAMPAIGNS}campaign-001.yml"] == owners[f"{CAMPAIGNS}campaign-101.yml"]


@pytest.mark.parametrize("walkers", [2, 3])
def test_several_walkers_find_exactly_what_one_finds(tangled, walkers):
    one, _ = _walk(tangled, 1)
    several, _ = _walk(tangled, walkers)
    assert len(one.changes) > 300 and one.warnings and one.decisions
    assert orjson.dumps(several) == orjson.dumps(one)


def test_a_warm_cache_with_new_commits_reads_the_same_in_parallel(tangled):
    older = run_git(tangled, "rev-parse", "HEAD~6").strip()
    cached, _ = _walk(tangled, 1, head=older)
    one, _ = _walk(tangled, 1, since=older, cached=Snapshot.from_json(orjson.loads(orjson.dumps(cached))))
    two, _ = _walk(tangled, 2, since=older, cached=Snapshot.from_json(orjson.loads(orjson.dumps(cached))))
    assert orjson.dumps(two) == orjson.dumps(one)
    assert len(one.changes) > len(cached.changes)


def test_a_problem_in_another_process_is_reported_as_itself(tangled, monkeypatch):
    parent = os.getpid()
    streamed = gitlog.iter_blobs

    def failing_elsewhere(repo, blobs):
        if os.getpid() != parent:
            raise HistoryError("git cat-file could not read blob 1234")
        yield from streamed(repo, blobs)

    monkeypatch.setattr("generator.history.store.iter_blobs", failing_elsewhere)
    with pytest.raises(HistoryError, match="could not read blob 1234"):
        _walk(tangled, 2)


def test_a_long_walk_lets_go_of_the_versions_it_has_compared(tangled):
    """Past versions are parsed as the walk reaches them and dropped once no later commit compares them:
    a walk of hundreds of versions holds a handful at the end, and finds the same as ever."""
    from generator.history.walk import LET_GO_EVERY, Walker

    workspace = load_workspace(tangled, with_history=False)
    source = gitrepo.open_source(tangled, workspace.config.history, None)
    try:
        commits = gitlog.read_log(source.repo, source.head, None, source.campaign_dir)
        walker = Walker(source.repo, workspace.config, source.campaign_dir, None)
        walker.walk(commits, source.head)
    finally:
        source.close()
    versions = sum(1 for commit in commits for change in commit.files if change.new_blob)
    assert versions > 250
    assert len(walker.store.parsed) <= len(walker.head_files) + LET_GO_EVERY
    assert orjson.dumps(history_cache.snapshot(walker, source.head, "as-of", "key")) == orjson.dumps(_walk(tangled, 1)[0])
