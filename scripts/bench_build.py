#!/usr/bin/env python3
"""Benchmark: the whole build of a large synthetic workspace, and of the demo.

Makes a workspace of N campaigns with many approvals (one receipt page
each), builds it for the internal team and K clients (tiers 0-3, each given
some of the campaigns), once with the sites built one after another
(--jobs 1) and once at once (one per core), and reports for each the wall
time, pages written, pages per second and peak memory (this process, and the
largest building process). Also times the demo build as a separate process
(what `receipts build` costs a user).

    python scripts/bench_build.py [--campaigns 25] [--approvals 100] [--clients 6]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CONFIG = """\
site: {{title: Bench Studio, timezone: UTC}}
people:
  ana: {{name: Ana, role: Producer, side: agency, emails: [ana@bench.example]}}
  cli: {{name: Cli, role: CMO, side: client}}
audiences:
  team: {{title: Team, tier: 4, internal: true, campaigns: all}}
{clients}"""


def client_lines(clients: int, campaigns: int) -> str:
    """Client k sees tier k % 4 of a third of the campaigns (each its own third), as an agency's clients do."""
    lines = []
    for k in range(clients):
        given = ", ".join(f"c{i}" for i in range(campaigns) if i % 3 == k % 3)
        lines.append(f"  client{k}: {{title: Client {k}, tier: {k % 4}, campaigns: [{given}]}}")
    return "\n".join(lines) + "\n"


def campaign(index: int, approvals: int) -> str:
    lines = [f"id: c{index}", f"title: Campaign {index}", "client: Bench Co.",
             "brief:", "  deliverables:", f"    - {{id: d{index}, title: Deliverable {index}}}",
             "tasks:"]
    for a in range(approvals):
        lines.append(f"  - {{id: t{a}, title: Task {a} of {index}, owner: ana, label: in-progress, "
                     f"deliverable: d{index}, start: 2026-01-{1 + a % 28:02d}}}")
    lines.append("decisions:")
    for a in range(approvals // 4):
        lines.append(f"  - {{id: dec{a}, date: 2026-02-{1 + a % 28:02d}, title: Decision {a} of {index}, "
                     f"why: Because {a}., relates_to: [t{a}]}}")
    lines.append("approvals:")
    for a in range(approvals):
        lines += [f"  - id: a{a}", f"    subject: t{a}", "    requested: 2026-03-01T10:00:00",
                  "    due: 2026-03-03T10:00:00", "    steps:",
                  f"      - {{by: cli, verdict: approved, at: 2026-03-0{1 + a % 5}T12:00:00, comment: Fine {a}.}}"]
    return "\n".join(lines) + "\n"


def make_workspace(root: Path, campaigns: int, approvals: int, clients: int) -> None:
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG.format(clients=client_lines(clients, campaigns)), encoding="utf-8")
    for i in range(campaigns):
        (root / "content" / "campaigns" / f"c{i}.yml").write_text(campaign(i, approvals), encoding="utf-8")


def timed_build(root: Path, out: Path, jobs: int | None) -> tuple[float, int]:
    from generator import pipeline

    started = time.perf_counter()
    results = pipeline.build(root, output=out, jobs=jobs)
    return time.perf_counter() - started, sum(r.pages for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaigns", type=int, default=25)
    parser.add_argument("--approvals", type=int, default=100)
    parser.add_argument("--clients", type=int, default=6)
    args = parser.parse_args()

    from generator import build_parallel

    print(f"synthetic: {args.campaigns} campaigns x {args.approvals} approvals, {args.clients + 1} audiences "
          f"(team + {args.clients} clients); machine: {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = Path(tmp) / "ws"
        make_workspace(root, args.campaigns, args.approvals, args.clients)
        for jobs in (1, None):
            seconds, pages = timed_build(root, Path(tmp) / f"out-{jobs}", jobs)
            self_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            child_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            workers = jobs or build_parallel.workers_for(list(range(args.clients + 1)), None)
            print(f"  --jobs {workers}: {pages} pages in {seconds:.1f} s ({pages / seconds:.0f} pages/s), "
                  f"peak RSS {self_mib:.0f} MiB here, {child_mib:.0f} MiB in the largest building process")

    started = time.perf_counter()
    demo = subprocess.run([sys.executable, "-m", "generator", "build", str(REPO), "--output",
                           str(Path(tempfile.mkdtemp(prefix="bench-demo-")) / "site")], capture_output=True, text=True)
    demo_seconds = time.perf_counter() - started
    print(f"demo build (whole process): {demo_seconds:.2f} s, exit {demo.returncode}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
