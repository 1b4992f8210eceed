"""`receipts audit SITE_DIR [--workspace WS] --audience ID`.

Runs the build's audit gate on a site that is already built (a published
copy, a CI artifact): every file and file name is searched for what the
audience must not see. Prints one finding a line, `file: what`, and never a
hidden text in full. Exit 0: clean; 1: findings (or an invalid workspace).
Wired into generator.cli with `add_parser(sub)` and `"audit": run`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ReceiptsError


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("audit", help="check a built site for anything its audience must not see")
    parser.add_argument("site", metavar="SITE_DIR", help="the built site of one audience (e.g. site/acme)")
    parser.add_argument("--workspace", metavar="WS", default=".", help="the workspace it was built from (default: .)")
    parser.add_argument("--audience", metavar="ID", required=True, help="the audience the site is for")
    return parser


def findings_for(site: str | Path, workspace_root: str | Path, audience_id: str) -> list[str]:
    from generator import audit
    from generator.inputs import load_workspace
    from generator.load.workspace import named_audience
    from generator.measures.opened import with_opened_figures
    from generator.pipeline import build_clock
    from generator.redact.entries import redact
    from generator.redact.future import leave_out_future

    site_dir = Path(site).resolve()
    if not site_dir.is_dir():
        raise ReceiptsError(f"{site}: not a folder; expected a built site such as site/{audience_id}")
    clock = build_clock()
    workspace, _ = leave_out_future(load_workspace(workspace_root), clock)
    audience = named_audience(workspace, audience_id)
    view = with_opened_figures(workspace, audience, redact(workspace, audience, clock)[0], clock)
    if audience.protect is not None:  # its files are ciphertext: audited as sealed, and as they open
        from generator import pipeline, protect

        return protect.audit_sealed(site_dir, workspace, audience, view, pipeline.theme_dir(), clock)
    return audit.audit_built(site_dir, workspace, audience, view, clock)


def run(args) -> int:
    findings = findings_for(args.site, args.workspace, args.audience)
    for finding in findings:
        sys.stdout.write(f"{finding}\n")
    if findings:
        count = len(findings)
        sys.stderr.write(f"receipts: {count} finding{'s' if count != 1 else ''} in {args.site} "
                         f"for audience '{args.audience}'\n")
        return 1
    sys.stdout.write(f"{args.site}: clean for audience '{args.audience}'\n")
    return 0
