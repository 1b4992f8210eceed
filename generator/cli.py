"""The command line: the only module that prints, parses argv and exits.

Exit codes: 0 ok, 1 invalid input or a failed build, 2 usage.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

from generator import (
    __version__,
    audit_cli,
    init_cli,
    kpis_cli,
    lint_cli,
    merge_cli,
    schema_cli,
    serve,
    terminal,
    verify_cli,
)
from generator.errors import AuditError, InputError, ReceiptsError, StrictError
from generator.terminal import count


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage mistakes exit 2, as argparse does, with our wording
        self.print_usage(sys.stderr)
        print(f"receipts: {message}", file=sys.stderr)
        raise SystemExit(2)


WORKSPACE_HELP = "the workspace folder, holding site_config.yml and content/ (default: this folder)"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="receipts", description="Calibrated-visibility microsites for agencies.")
    parser.add_argument("--version", action="version", version=f"receipts {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="check a workspace and summarize it")
    validate.add_argument("workspace", nargs="?", default=".", help=WORKSPACE_HELP)

    build = sub.add_parser("build", help="build one site per audience")
    build.add_argument("workspace", nargs="?", default=".", help=WORKSPACE_HELP)
    build.add_argument("--audience", action="append", metavar="ID", help="build only this audience (repeatable)")
    build.add_argument("--output", metavar="DIR", help="write sites under DIR instead of the configured output")
    build.add_argument("--strict", action="store_true",
                       help="treat every warning as an error and replace no site (for CI)")
    build.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help="build up to N sites at once (default: one per core; 1: one after another)")
    build.add_argument("--full", action="store_true",
                       help="build every site even when nothing changed since the last build (docs/incremental.md)")

    kpis_cli.add_parser(sub)
    audit_cli.add_parser(sub)
    merge_cli.add_parser(sub)
    schema_cli.add_parser(sub)
    lint_cli.add_parsers(sub)
    init_cli.add_parser(sub)
    serve.add_parser(sub)
    verify_cli.add_parser(sub)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _stop(signum, frame):
    raise KeyboardInterrupt  # a CI job cancelled, `timeout`: end as Ctrl-C does, temporary folders removed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if on_main_thread else None
    try:
        return _COMMANDS[args.command](args)
    except InputError as exc:
        _print_problems(exc)
        return 1
    except (AuditError, StrictError) as exc:
        terminal.error(f"receipts: {exc}")
        terminal.note("receipts: nothing was replaced; the previous site is still in place.")
        return 1
    except ReceiptsError as exc:
        terminal.error(f"receipts: {exc}")
        return 1
    except KeyboardInterrupt:
        terminal.note("receipts: interrupted; the previous site is still in place.")
        return 1
    except Exception as exc:  # a bug of ours: say so plainly, trace only with --debug
        if args.debug:
            traceback.print_exc()
            print(getattr(exc, "child_traceback", ""), end="", file=sys.stderr)  # where a building process failed
        else:
            terminal.error(f"receipts: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return 1
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _print_problems(exc: InputError) -> None:
    for problem in exc.problems:
        terminal.error(str(problem))
    terminal.note(f"receipts: {count(len(exc.problems), 'problem')} found; nothing was built.")


def _validate(args) -> int:
    from generator.inputs import load_workspace

    workspace = load_workspace(args.workspace)
    config = workspace.config
    print(f"{config.title}: workspace is valid")
    for c in workspace.campaigns.values():
        counts = Counter({
            "task": len(c.tasks), "milestone": len(c.milestones), "deliverable": len(c.deliverables),
            "decision": len(c.decisions), "comment": sum(len(d.comments) for d in c.decisions),
            "approval": len(c.approvals), "note": len(c.notes), "asset": len(c.assets),
            "kpi series": len(c.series) + (1 if c.nps else 0),
        })
        listed = ", ".join(count(n, kind, "kpi series" if kind == "kpi series" else None)
                           for kind, n in counts.items() if n)
        print(f"  campaign {c.id}: {listed}")
    for a in config.audiences.values():
        scope = "all campaigns" if a.campaigns is None else ", ".join(a.campaigns)
        internal = ", internal" if a.internal else ""
        where = f"{config.output}/{a.folder}/" if a.publish else f"{config.output}-private/{a.folder}/ (not published)"
        print(f"  audience {a.id}: tier {a.tier}{internal}; {scope}; {where}")
    history = workspace.history
    if history.configured and history.as_of is not None:
        print(f"  history: {count(len(history.changes), 'editorial event')}, as of {history.as_of:%Y-%m-%d %H:%M}")
    elif history.configured:
        print("  history: the repository has no commits yet")
    _print_warnings(workspace.warnings + history.warnings)
    return 0


def _print_warnings(warnings) -> None:
    for warning in warnings:
        terminal.warning(f"warning: {warning}")


def _build(args) -> int:
    from generator.pipeline import build, shown_path

    started = time.perf_counter()
    _check_output(args.output)
    warnings: list[str] = []
    notices: list[str] = []
    with terminal.build_progress() as progress:
        results = build(args.workspace, args.audience, args.output, None if args.strict else warnings, args.strict,
                        args.jobs, notices, progress, reuse=not args.full)
    _print_warnings(warnings)
    for notice in notices:
        print(notice)
    if not results:  # up to date (pipeline.UP_TO_DATE, among the notices): nothing was built
        return 0
    for r in results:
        internal = ", internal" if r.internal else ""
        print(f"{r.audience} ({r.title}, tier {r.tier}{internal}{'' if r.published else ', not published'}): "
              f"{count(r.pages, 'page')}, "
              f"{count(r.report.shown, 'entry', 'entries')} shown, {len(r.report.withheld)} withheld")
        for w in r.report.by_reference:
            kind, target = w.reason.split(":", 1)[1].split(" ", 1)
            print(f"    withheld by reference: {w.kind} '{w.id}' in {w.campaign} "
                  f"(refers to hidden {kind} '{target}')")
        for w in r.report.scheduled:
            print(f"    withheld as scheduled: asset '{w.id}' in {w.campaign} is published after this site's "
                  "'as of' day (record the delivery to show it: docs/measures.md, \"Scheduled work\")")
        for w in r.report.messages:
            print(f"    message of commit {w.id} in {w.campaign} withheld: the commit also changed what this "
                  "audience cannot see (share a message from a commit of its own)")
        for warning in r.warnings:
            terminal.warning(f"    warning: {warning}", stdout=True)
        print(f"    open {shown_path(r.path / 'index.html')}")
    print(f"built {count(len(results), 'site')} in {time.perf_counter() - started:.1f} s")
    return 0


def _check_output(output: str | None) -> None:
    """`--output` must be a folder, or a place one can be made: a file there is an error before anything is written."""
    from generator.load.paths import not_a_folder, too_long_name

    if output and too_long_name(Path(output), "-private"):
        raise ReceiptsError(f"--output {output}: {too_long_name(Path(output), '-private')} (with '-private' for the "
                            "private folder); expected a shorter folder name")
    try:
        blocking = not_a_folder(Path(output)) if output else None
    except OSError as error:  # a folder on the way the build may not look into
        raise ReceiptsError(f"--output {output}: cannot use {error.filename or output} ({error.strerror or error}); "
                            "expected a folder the build can create and write") from None
    if blocking is not None:
        through = "" if blocking == Path(str(output)) else f" goes through {blocking}, which"
        raise ReceiptsError(f"--output {output}{through} is a file, not a folder; expected a folder for the sites "
                            "(made if it does not exist)")


_COMMANDS = {"validate": _validate, "build": _build, "kpis": kpis_cli.run, "audit": audit_cli.run,
             "merge": merge_cli.run, "schema": schema_cli.run, "init": init_cli.run, "serve": serve.run,
             "verify": verify_cli.run,
             **lint_cli.COMMANDS}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
