"""Building the audiences' sites on every core: one forked process per audience at a time.

Each audience's site depends on nothing but the workspace and the audience:
its own view, pages, engine run and audit, in its own temporary folder. So
with more than one audience and more than one core, the sites are built in
forked processes, which share the workspace the parent read once (history
included) and send back where their site is and what it showed. The sites
are byte-identical to those of a build in one process
(tests/integration/test_parallel_build.py holds them to that).

All or nothing, as in one process: every process is waited for, then the
first failing audience in the configured order raises its error, and the
parent discards every site already built, and so does a build interrupted
(Ctrl-C). Where processes cannot share semaphores (some containers), the
sites are built one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.clock import Clock
from generator.errors import ReceiptsError
from generator.model import Audience, Workspace
from generator.site import output as site
from generator.site.deploy import Layout

MAX_WORKERS = 8  # each process holds one audience's pages; more than this gains little on any CI runner

# What the forked processes build from; set by the parent just before it forks, read by the children.
_job: tuple[Callable, Workspace, Layout, Clock] | None = None


class WorkerCrash(RuntimeError):
    """An unexpected error in a building process; `child_traceback` is its traceback there."""

    def __init__(self, message: str, child_traceback: str = ""):
        super().__init__(message)
        self.child_traceback = child_traceback


def workers_for(audiences: list[Audience], jobs: int | None) -> int:
    """How many processes: `jobs` if given (1: build in this process), else one per core."""
    if jobs is not None:
        wanted = jobs
    elif hasattr(os, "sched_getaffinity"):
        wanted = len(os.sched_getaffinity(0))
    else:
        wanted = os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # a fresh interpreter per process would read the workspace again: slower than one process
    return max(1, min(wanted, len(audiences), MAX_WORKERS))


def build_each(build_one: Callable, workspace: Workspace, audiences: list[Audience], layout: Layout,
               clock: Clock, workers: int, progress: Callable | None = None) -> list[tuple[Path, object]]:
    """`build_one(workspace, audience, layout, clock)` for each audience, in `workers` processes (`clock`:
    the build's, clock.py, read once by the caller). `progress(done, total, result)`, when given, is told
    when building starts (result None) and each time a site is built, from any thread.

    Returns the (temporary site folder, result) pairs in the order of `audiences`; raises the first
    failure in that order once every process has ended, with every site already built discarded.
    """
    tell = _Progress(progress, len(audiences))
    if workers < 2:
        return _in_this_process(build_one, workspace, audiences, layout, clock, tell)
    try:
        # An executor, not a Pool: a process that dies (killed, out of memory) breaks it with an error,
        # where a Pool would wait for its lost result forever.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_plain_signals)
    except (NotImplementedError, OSError):  # no working semaphores (some containers): one process, then
        return _in_this_process(build_one, workspace, audiences, layout, clock, tell)
    global _job
    _job = (build_one, workspace, layout, clock)
    # The largest sites first, so no process starts the biggest one last.
    order = sorted(range(len(audiences)), key=lambda i: -_expected_size(workspace, audiences[i]))
    try:
        futures = {i: pool.submit(_build_in_child, audiences[i].id) for i in order}
        for future in futures.values():
            future.add_done_callback(tell.done_in_child)
        outcomes = [_outcome(futures[i]) for i in range(len(audiences))]
    except BaseException:  # Ctrl-C, SIGTERM: stop every process now; their sites are of no use
        _stop_every_process(pool)
        site.discard_unfinished(layout)
        raise
    finally:
        _job = None
    pool.shutdown()
    return _all_or_nothing(outcomes, layout)


def _stop_every_process(pool: ProcessPoolExecutor) -> None:
    """Ends the building processes at once. Shutting the pool down politely would wait for them, and a
    SIGTERM reaches only this process: they would build on as orphans, holding the terminal's pipes."""
    processes = multiprocessing.active_children()  # the pool's workers: the build starts no other process
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _plain_signals() -> None:
    """In a building process: SIGTERM ends it, as it ends any program (the command line's handler, inherited
    through fork, turns it into an exception that the pool's worker loop would catch and carry on)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _outcome(future) -> tuple:
    try:
        return future.result()
    except BrokenProcessPool:
        return "crash", "a process building a site ended unexpectedly (killed, or out of memory?)", ""


def _in_this_process(build_one, workspace, audiences, layout, clock, tell) -> list[tuple[Path, object]]:
    built = []
    try:
        for audience in audiences:
            built.append(build_one(workspace, audience, layout, clock))
            tell.done(built[-1][1])
    except BaseException:
        for temp, _ in built:
            site.discard(temp)
        raise
    return built


class _Progress:
    """Counts the sites built for a `progress` callback; safe from the executor's threads."""

    def __init__(self, callback: Callable | None, total: int):
        self.callback, self.total, self.count = callback, total, 0
        self.lock = threading.Lock()
        if callback is not None:
            callback(0, total, None)

    def done(self, result) -> None:
        if self.callback is not None:
            with self.lock:
                self.count += 1
                self.callback(self.count, self.total, result)

    def done_in_child(self, future) -> None:
        if not future.cancelled() and future.exception() is None and future.result()[0] == "ok":
            self.done(future.result()[2])


def _expected_size(workspace: Workspace, audience: Audience) -> int:
    """A rough measure of how much a site holds, to start the largest first."""
    seen = [c for c in workspace.campaigns.values() if audience.sees_campaign(c.id)]
    return len(seen) * (audience.tier + 1) * (2 if audience.internal else 1)


def _build_in_child(audience_id: str) -> tuple:
    """Runs in a forked process: ("ok", temp, result), ("error", exception) or ("crash", message, traceback)."""
    if _job is None:  # set by build_each before it forks this process
        raise RuntimeError("_build_in_child runs only in a process build_each forked")
    build_one, workspace, layout, clock = _job
    try:
        temp, result = build_one(workspace, workspace.config.audiences[audience_id], layout, clock)
        return "ok", temp, result
    except ReceiptsError as exc:
        return "error", exc
    except Exception as exc:  # a bug of ours: reported by the parent, which owns the terminal
        return "crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()


def _all_or_nothing(outcomes: list[tuple], layout: Layout) -> list[tuple[Path, object]]:
    failed = next((outcome for outcome in outcomes if outcome[0] != "ok"), None)
    if failed is None:
        return [(outcome[1], outcome[2]) for outcome in outcomes]
    # Not only the sites reported built: a process that died may have taken a finished site's report with it.
    site.discard_unfinished(layout)
    if failed[0] == "error":
        raise failed[1]
    raise WorkerCrash(failed[1], failed[2])
