#!/usr/bin/env python3
"""How big a workspace Receipts can take: time and peak memory of one build.

Writes a workspace of N entries (tasks with owners, labels, dates and mixed
visibilities, in campaign files of at most 5,000 entries each) for five
audiences, runs `receipts build` on it in a child process, and reports the
exit code, wall time and peak RSS. Fails (exit 1) when the build neither
finished nor refused the input cleanly within the bounds.

    python scripts/scale_check.py                      # 50,000 entries: the limit, must build
    python scripts/scale_check.py --entries 100000     # over the limit: must be a quick, clear error
    python scripts/scale_check.py --entries 5000 --max-seconds 60 --max-mb 1024
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = """\
site:
  title: Scale Studio
  timezone: Europe/Madrid
people:
  maria: {name: María López, role: Creative Director, side: agency, emails: [maria@studio.example]}
  jane: {name: Jane Doe, role: CMO, side: client}
audiences:
  client0: {title: Client zero, tier: 0, campaigns: all}
  client1: {title: Client one, tier: 1, campaigns: all}
  client2: {title: Client two, tier: 2, campaigns: all, names: roles}
  client3: {title: Client three, tier: 3, campaigns: all}
  team: {title: Team, tier: 4, internal: true, campaigns: all}
"""
PER_FILE = 5_000
CHILD = """\
import json, resource, subprocess, sys, time
started = time.monotonic()
try:
    done = subprocess.run([sys.executable, "-m", "generator", "build", sys.argv[1], "--output", sys.argv[2]],
                          capture_output=True, text=True, timeout=float(sys.argv[3]))
    code, err = done.returncode, done.stderr
except subprocess.TimeoutExpired:
    code, err = "timeout", ""
print(json.dumps({"code": code, "stderr": err[-2000:], "seconds": round(time.monotonic() - started, 1),
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))
"""


def write_workspace(root: Path, entries: int) -> None:
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for number, start in enumerate(range(0, entries, PER_FILE)):
        count = min(PER_FILE, entries - start)
        lines = [f"id: campaign-{number}", f"title: Campaign {number}", "client: Client Co.", "tasks:"]
        lines += [f"  - {{id: t{i}, title: Task {i} of campaign {number}, owner: maria, label: done, "
                  f"start: 2026-01-01, done: 2026-01-{i % 28 + 1:02d}, visibility: {i % 5}}}" for i in range(count)]
        (root / "content" / "campaigns" / f"campaign-{number}.yml").write_text("\n".join(lines) + "\n",
                                                                              encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--max-mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="receipts-scale-") as tmp:
        workspace = Path(tmp) / "ws"
        write_workspace(workspace, args.entries)
        done = subprocess.run([sys.executable, "-c", CHILD, str(workspace), str(Path(tmp) / "out"),
                               str(args.max_seconds)], capture_output=True, text=True, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=args.max_seconds + 60)
        result = json.loads(done.stdout)
    print(f"{args.entries:,} entries: exit {result['code']}, {result['seconds']} s, peak {result['peak_mb']} MB")
    if result["code"] not in (0, 1) or "Traceback" in result["stderr"] or "internal error" in result["stderr"]:
        print(textwrap.indent(result["stderr"], "  "), file=sys.stderr)
        return 1
    if result["code"] == 1:
        print(textwrap.indent(result["stderr"].strip(), "  "))
    within = result["peak_mb"] <= args.max_mb and result["seconds"] <= args.max_seconds
    print("within bounds" if within else f"over the bounds ({args.max_seconds} s, {args.max_mb} MB)")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
