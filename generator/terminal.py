"""What the command line writes, and how: colour for errors and warnings, a progress bar, counted nouns.

On a terminal (rich decides, and honours NO_COLOR), errors are red, warnings
yellow, and a build longer than PROGRESS_AFTER seconds shows a progress bar.
Anywhere else (a CI log, a pipe) every line is plain text, as print() writes
it: no colour codes, no bar, no wrapping. Text is never read as rich markup,
so a message quoting `[internal]` prints as written.
"""

from __future__ import annotations

import contextlib
import threading

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

PROGRESS_AFTER = 2.0  # seconds: a quicker build shows no bar, only its result

_out = Console(highlight=False, emoji=False, markup=False)
_err = Console(stderr=True, highlight=False, emoji=False, markup=False)


def say(text: str = "") -> None:
    _out.print(text, soft_wrap=True)


def error(text: str) -> None:
    _err.print(text, style="bold red", soft_wrap=True)


def warning(text: str, stdout: bool = False) -> None:
    (_out if stdout else _err).print(text, style="yellow", soft_wrap=True)


def note(text: str) -> None:
    """A line for stderr that is neither an error nor a warning (usage hints, 'nothing was replaced')."""
    _err.print(text, soft_wrap=True)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 decision', '2 decisions', '0 entries' (give `plural` where adding 's' is wrong)."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


@contextlib.contextmanager
def build_progress():
    """Yields a callback for pipeline.build's `progress`: a bar of sites built and pages written,
    shown on a terminal once the build has run PROGRESS_AFTER seconds, gone when it ends."""
    if not _out.is_terminal:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[pages]}"), TimeElapsedColumn(), console=_out, transient=True)
    task = bar.add_task("reading the workspace", total=None, pages="")
    pages = [0]

    def update(done: int, total: int, result) -> None:
        pages[0] += result.pages if result is not None else 0
        bar.update(task, description="building sites", completed=done, total=total,
                   pages=f"{count(pages[0], 'page')}" + (f", last: {result.audience}" if result else ""))

    timer = threading.Timer(PROGRESS_AFTER, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield update
    finally:
        timer.cancel()
        timer.join()
        bar.stop()
