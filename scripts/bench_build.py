#!/usr/bin/env python3
"""Benchmark: the whole build of a large synthetic workspace, and of the demo.

Makes a workspace of N campaigns with many approvals (one receipt page
each), builds it for a tier-3 client and the internal team, and reports the
wall time, pages written, pages per second and peak memory. Also times the
demo build as a separate process (what `receipts build` costs a user).

    python scripts/bench_build.py [--campaigns 25] [--approvals 100]
"""

from __future__ import annotations

import argparse
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
  client: {{title: Client, tier: 3, campaigns: all}}
  team: {{title: Team, tier: 4, internal: true, campaigns: all}}
"""


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


def make_workspace(root: Path, campaigns: int, approvals: int) -> None:
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG.format(), encoding="utf-8")
    for i in range(campaigns):
        (root / "content" / "campaigns" / f"c{i}.yml").write_text(campaign(i, approvals), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaigns", type=int, default=25)
    parser.add_argument("--approvals", type=int, default=100)
    args = parser.parse_args()

    started = time.perf_counter()
    demo = subprocess.run([sys.executable, "-m", "generator", "build", str(REPO), "--output",
                           tempfile.mkdtemp(prefix="bench-demo-")], capture_output=True, text=True)
    demo_seconds = time.perf_counter() - started
    print(f"demo build (whole process): {demo_seconds:.2f} s, exit {demo.returncode}")

    from generator import pipeline

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = Path(tmp) / "ws"
        make_workspace(root, args.campaigns, args.approvals)
        started = time.perf_counter()
        results = pipeline.build(root, output=Path(tmp) / "out")
        seconds = time.perf_counter() - started
    pages = sum(r.pages for r in results)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic: {args.campaigns} campaigns x {args.approvals} approvals, 2 audiences")
    print(f"  {pages} pages in {seconds:.1f} s ({pages / seconds:.0f} pages/s), peak RSS {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
