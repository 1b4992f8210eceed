"""`receipts kpis [WORKSPACE] [--audience ID] [--format table|json|csv]`.

Prints the measures one audience's site shows, computed exactly as the
build computes them (load -> redact -> measure). Default audience: the first
internal audience of site_config.yml. Wired into generator.cli with
`add_parser(sub)` and `"kpis": run`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from typing import TYPE_CHECKING

from generator.errors import ReceiptsError
from generator.model import Workspace
from generator.terminal import count

if TYPE_CHECKING:
    from generator.measures import Measures

FORMATS = ("table", "json", "csv")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("kpis", help="print the measures an audience's site shows")
    parser.add_argument("workspace", nargs="?", default=".", help="the workspace folder (default: this folder)")
    parser.add_argument("--audience", metavar="ID",
                        help="whose measures (default: the first internal audience)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="table (default), json or csv")
    return parser


def pick_audience(workspace: Workspace, name: str | None):
    from generator.load.workspace import named_audience

    if name is not None:
        return named_audience(workspace, name)
    audiences = workspace.config.audiences
    internal = [a for a in audiences.values() if a.internal]
    if not internal:
        raise ReceiptsError("no internal audience in site_config.yml; choose whose measures to print with "
                            f"--audience (one of: {', '.join(audiences)})")
    return internal[0]


def compute(workspace_root: str, audience_name: str | None) -> tuple[str, Measures]:
    from generator.inputs import load_workspace
    from generator.measures import measure
    from generator.measures.opened import with_opened_figures
    from generator.pipeline import build_clock
    from generator.redact.entries import redact
    from generator.redact.future import leave_out_future

    clock = build_clock()
    workspace, _ = leave_out_future(load_workspace(workspace_root), clock)
    audience = pick_audience(workspace, audience_name)
    view = with_opened_figures(workspace, audience, redact(workspace, audience, clock)[0], clock)
    return audience.id, measure(view)


def run(args) -> int:
    from generator.measures.export import as_dict

    audience, measures = compute(args.workspace, args.audience)
    if args.format == "json":
        text = json.dumps(as_dict(measures, audience), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        text = csv_text(measures)
    else:
        text = table_text(as_dict(measures, audience))
    sys.stdout.write(text)
    return 0


def csv_text(measures: Measures) -> str:
    from generator.measures.export import CSV_HEADER, headline_rows

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(headline_rows(measures))
    return out.getvalue()


# -- the table format --------------------------------------------------------------------


def _pct(rate) -> str:
    return "no data" if rate is None else f"{math.floor(rate * 100 + 0.5 + 1e-9)}%"  # as the pages round


def _num(value) -> str:
    return "no data" if value is None else f"{value:g}"


def _lines(data: dict) -> list[tuple[str, str]]:
    rows = []
    if "cycle_time_days" in data:
        c = data["cycle_time_days"]
        detail = "no data" if c["median"] is None else \
            f"median {_num(c['median'])} d, p75 {_num(c['p75'])} d, max {_num(c['max'])} d"
        rows.append(("cycle time", f"{detail} ({count(c['count'], 'item')})"))
    if "approval_on_time_rate" in data:
        a = data["approval_on_time"]
        rows.append(("approval on-time rate", f"{_pct(data['approval_on_time_rate'])} "
                                              f"({a['on_time']} of {a['counted']})"))
    if "rework_rate" in data:
        r = data["rework"]
        rows.append(("rework rate",
                     f"{_pct(data['rework_rate'])} ({r['changes_requested']} of {count(r['steps'], 'step')})"))
    if "brief_accuracy" in data:
        b = data["brief_accuracy"]
        added = "unknown (no history)" if b["added_after_kickoff"] is None else b["added_after_kickoff"]
        rows.append(("brief accuracy", f"{b['delivered']} of {b['briefed']} delivered, {b['missing']} missing, "
                                       f"added after kickoff: {added}"))
    if "nps_change_90d" in data:
        latest = (data.get("nps") or {}).get("latest")
        suffix = f" (latest {_num(latest['value'])} on {latest['date']})" if latest else ""
        change = data["nps_change_90d"]
        rows.append(("NPS change, 90 days", ("no data" if change is None else f"{change:+g}") + suffix))
    if "stalled_count" in data:
        items = data.get("stalled")
        if items is None:
            rows.append(("stalled work", count(data['stalled_count'], 'item')))
        else:
            listed = "; ".join(f"{s['kind']} {s['id']} {s['days']} d" for s in items) or "none"
            rows.append(("stalled work", listed))
    return rows


def table_text(data: dict) -> str:
    out = [f"measures for audience {data.get('audience', '')}, as of {data['as_of'] or 'no date'}"]
    scopes = [(f"{c['title']} ({cid})", c) for cid, c in data["campaigns"].items()]
    if len(data["campaigns"]) > 1:
        scopes.append(("all campaigns", data["agency"]))
    for name, values in scopes:
        out.append("")
        out.append(name)
        lines = _lines(values)
        width = max((len(k) for k, _ in lines), default=0)
        out += [f"  {k.ljust(width)}  {v}" for k, v in lines] or ["  no measures for this audience"]
    return "\n".join(out) + "\n"
