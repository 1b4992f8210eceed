#!/usr/bin/env python3
"""Benchmark: Receipts' history read against a bare `git log -z --name-status > /dev/null`.

Makes a synthetic workspace repository with `git fast-import` (pinned dates,
deterministic content): N commits over a set of campaign files, each commit
editing one campaign the way an agency does (a label, a date, a task added
or removed, an approval step written down), some of them decision commits
with trailers. Then it reports, in one run:

  - the floor, `git log -z --name-status > /dev/null` (git walking the
    history, its output thrown away), which every other figure is divided by,
  - git alone doing what a cold read asks of it (the log, then every
    campaign version through `git cat-file --batch`): the floor under any
    reader that looks at every version,
  - Receipts' full history read, cold (decisions + editorial events, no
    cache), and the ratio of the two,
  - a warm rebuild (everything cached) and one new commit on a warm cache,
  - peak memory (resident set) of the reading process and of git;
  - with --build, a whole `receipts build` of both audiences on that history
    (warm history cache): what a long history costs a site, not only a read.

A long cold read runs on every core (history_parallel.py); the numbers are
this machine's, with its core count printed.

    python scripts/bench_history.py                    # 20,000 commits
    python scripts/bench_history.py --commits 2000 --keep /tmp/bench-repo
    python scripts/bench_history.py --build            # and time a whole build
    python scripts/bench_history.py --campaign-share 0.25 --keep /tmp/r25   # one commit in four edits one
    python scripts/bench_history.py --reuse /tmp/r25 --campaign-share 0.25  # measure it again
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LABELS = ["not-started", "in-progress", "needs-decision", "waiting-on-client", "waiting-on-legal", "stuck",
          "in-review", "approved", "done"]
AGENCY = {"maria": "Creative Director", "tomas": "Account Director", "aisha": "Senior Designer",
          "jonas": "Senior Copywriter", "lucia": "Producer", "ben": "Strategy Director", "pau": "Developer"}
CLIENT = {"jane": "Head of Marketing", "raj": "Brand Manager"}
START = dt.date(2026, 1, 5)
EPOCH = 1767600000  # 2026-01-05 08:00 UTC

CONFIG = """\
site: {title: Bench Studio, timezone: Europe/Madrid}
history: {repo: .}
people:
%s
audiences:
  client: {title: Client, tier: 2, campaigns: all}
  team: {title: Team, tier: 4, internal: true, campaigns: all}
"""


def _person_lines() -> str:
    lines = []
    for pid, role in AGENCY.items():
        lines.append(f"  {pid}: {{name: {pid.title()}, role: {role}, side: agency, emails: [{pid}@studio.example]}}")
    for pid, role in CLIENT.items():
        lines.append(f"  {pid}: {{name: {pid.title()}, role: {role}, side: client, emails: [{pid}@client.example]}}")
    return "\n".join(lines)


class Campaign:
    """One synthetic campaign: deliverables, milestones, tasks, approvals."""

    def __init__(self, cid: str, rng: random.Random):
        self.id = cid
        self.rng = rng
        self.deliverables = [(f"d{j}", f"Deliverable number {j}", START + dt.timedelta(days=30 + 7 * j))
                             for j in range(5)]
        self.milestones = [["kickoff", "Kickoff workshop", START]] + [
            [f"m{j}", f"Milestone number {j}", START + dt.timedelta(days=14 * j)] for j in range(1, 7)]
        self.tasks = [self._task(j) for j in range(24)]
        self.next_task = 24
        self.approvals = [[f"a{j}", f"t{j}", START + dt.timedelta(days=j), []] for j in range(4)]

    def _task(self, j: int) -> list:
        start = START + dt.timedelta(days=self.rng.randrange(40))
        return [f"t{j}", f"Task number {j} of the plan", self.rng.choice(list(AGENCY)), "not-started",
                f"d{j % 5}", start, start + dt.timedelta(days=10)]

    def edit(self) -> str:
        """Change something, as a commit would; returns what changed."""
        roll = self.rng.random()
        task = self.rng.choice(self.tasks)
        if roll < 0.45:
            task[3] = self.rng.choice([label for label in LABELS if label != task[3]])
            return f"{task[0]} is {task[3]}"
        if roll < 0.70:
            task[6] += dt.timedelta(days=self.rng.randint(1, 5))
            return f"{task[0]} due {task[6]}"
        if roll < 0.80:
            self.tasks.append(self._task(self.next_task))
            self.next_task += 1
            return f"add t{self.next_task - 1}"
        if roll < 0.90:  # a step on the open approval; after three, a new round of approval starts
            approval = self.approvals[-1]
            if len(approval[3]) >= 3:
                subject = self.rng.choice(self.tasks)[0]
                approval = [f"a{len(self.approvals)}", subject, approval[2] + dt.timedelta(days=2), []]
                self.approvals.append(approval)
            last = approval[3][-1][2] if approval[3] else dt.datetime.combine(approval[2], dt.time(10))
            approval[3].append((self.rng.choice(list(CLIENT)), self.rng.choice(["approved", "changes-requested"]),
                                last + dt.timedelta(hours=self.rng.randint(1, 30))))
            return f"step on {approval[0]}"
        if roll < 0.95 and len(self.tasks) > 12:
            removed = self.tasks.pop(self.rng.randrange(len(self.tasks)))
            if not any(a[1] == removed[0] for a in self.approvals):  # approvals keep their subject
                return f"remove {removed[0]}"
            self.tasks.append(removed)
        milestone = self.rng.choice(self.milestones[1:])
        milestone[2] += dt.timedelta(days=1)
        return f"{milestone[0]} moved"

    def render(self) -> bytes:
        out = [f"id: {self.id}", f"title: Campaign {self.id}", "client: Client Co.", "summary: |",
               "  A synthetic campaign for the history benchmark.", "brief:", "  goals: [Grow sign-ups]",
               "  deliverables:"]
        out += [f"    - {{id: {i}, title: {t}, due: {d}}}" for i, t, d in self.deliverables]
        out.append("milestones:")
        out += [f"  - {{id: {i}, title: {t}, date: {d}, reached: false}}" for i, t, d in self.milestones]
        out.append("tasks:")
        for i, title, owner, label, deliverable, start, due in self.tasks:
            out += [f"  - id: {i}", f"    title: {title}", f"    owner: {owner}", f"    label: {label}",
                    f"    deliverable: {deliverable}", f"    start: {start}", f"    due: {due}"]
        out.append("approvals:")
        for i, subject, requested, steps in self.approvals:
            out += [f"  - id: {i}", f"    subject: {subject}", f"    requested: {requested}T10:00:00", "    steps:"]
            out += [f"      - {{by: {by}, verdict: {v}, at: {at:%Y-%m-%dT%H:%M:%S}}}" for by, v, at in steps]
        return ("\n".join(out) + "\n").encode()


def make_repo(root: Path, commits: int, campaigns: int, seed: int, share: float = 1.0) -> None:
    """`share`: the part of the commits that edit a campaign file; the others edit notes/log.md."""
    rng = random.Random(seed)
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG % _person_lines(), encoding="utf-8")
    (root / ".gitignore").write_text(".receipts-cache/\n", encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(root)}
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main"], cwd=root, check=True, env=env)
    items = [Campaign(f"campaign-{i:03d}", rng) for i in range(campaigns)]
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=env)
    write = importer.stdin.write
    config = (root / "site_config.yml").read_bytes()
    for n in range(commits):
        campaign = items[n] if n < campaigns else rng.choice(items)
        who = rng.choice(list(AGENCY))
        when = EPOCH + n * 300
        files = []
        if n < campaigns:
            subject = f"Set up {campaign.id}"
            files.append((f"content/campaigns/{campaign.id}.yml", campaign.render()))
            if n == 0:
                files += [("site_config.yml", config), (".gitignore", b".receipts-cache/\n")]
        elif rng.random() > share:
            subject = f"Meeting notes {n}"
            files.append(("notes/log.md", f"Notes of meeting {n}: {rng.random()}\n".encode()))
        elif rng.random() < 0.05:
            task = rng.choice(campaign.tasks)[0]
            subject = (f"Settle {task}\n\nThe reasons, written down for the client.\n\n"
                       f"Decision: Settle {task} in round {n}\nCampaign: {campaign.id}\nRelates-to: {task}\n"
                       f"Decided-by: {who}, jane\nVisibility: 2")
        else:
            subject = f"{campaign.id}: {campaign.edit()}"
            files.append((f"content/campaigns/{campaign.id}.yml", campaign.render()))
        message = subject.encode()
        write(b"commit refs/heads/main\n")
        write(f"author {who.title()} <{who}@studio.example> {when} +0100\n".encode())
        write(f"committer {who.title()} <{who}@studio.example> {when} +0100\n".encode())
        write(b"data %d\n%s\n" % (len(message), message))
        for path, data in files:
            write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        write(b"\n")
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "--quiet", "--force", "main"], cwd=root, check=True, env=env)


def best(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(root: Path, runs: int) -> dict:
    """Runs in its own process, so its peak memory is the reader's alone."""
    from generator.history import read_history
    from generator.inputs import load_workspace

    def git_log() -> None:
        """The floor every figure is divided by: git walking the history, its output thrown away."""
        subprocess.run(["git", "log", "-z", "--name-status"], cwd=root, stdout=subprocess.DEVNULL, check=True)

    def git_alone() -> None:
        """The git work a cold read asks for, with no Python work on top: the log, then every campaign version."""
        log = subprocess.run(["git", "log", "--raw", "--no-abbrev", "-M", "--reverse", "--topo-order", "--format=%H%n%B"],
                             cwd=root, stdout=subprocess.PIPE, check=True, text=True).stdout
        blobs = [line.split()[3] for line in log.splitlines()
                 if line.startswith(":") and "content/campaigns/" in line and line.split()[3].strip("0")]
        # Into /dev/null, not a pipe: cheaper for git, so the floor is, if anything, low.
        subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(blobs).encode() + b"\n",
                       stdout=subprocess.DEVNULL, check=True)

    def cold() -> None:
        shutil.rmtree(root / ".receipts-cache", ignore_errors=True)
        read_history(workspace)

    workspace = load_workspace(root, with_history=False)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    git_seconds = best(runs, git_log)
    floor_seconds = best(runs, git_alone)
    cold_seconds = best(runs, cold)
    result = read_history(workspace)
    warm_seconds = best(runs, lambda: read_history(workspace))
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(root),
           "GIT_AUTHOR_NAME": "Maria", "GIT_AUTHOR_EMAIL": "maria@studio.example", "GIT_COMMITTER_NAME": "Maria",
           "GIT_COMMITTER_EMAIL": "maria@studio.example", "GIT_AUTHOR_DATE": "2027-01-01T10:00:00+01:00",
           "GIT_COMMITTER_DATE": "2027-01-01T10:00:00+01:00"}
    path = root / "content" / "campaigns" / "campaign-000.yml"
    text = path.read_text(encoding="utf-8")
    label = re.search(r"label: ([a-z-]+)", text)
    path.write_text(text[:label.start(1)] + ("stuck" if label.group(1) != "stuck" else "done")
                    + text[label.end(1):], encoding="utf-8")
    subprocess.run(["git", "commit", "--quiet", "--allow-empty", "-am", "One more"], cwd=root, env=env, check=True)
    incremental_seconds = best(1, lambda: read_history(workspace))
    commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True,
                                 text=True, check=True).stdout)
    decisions = sum(1 for c in result.campaigns.values() for d in c.decisions if d.commit)
    return {
        "commits": commits, "events": len(result.history.changes), "decisions": decisions,
        "warnings": len(result.history.warnings), "git_log": git_seconds, "floor": floor_seconds,
        "cold": cold_seconds,
        "warm": warm_seconds, "incremental": incremental_seconds,
        "rss_before_mb": rss_before, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure_build(root: Path) -> dict:
    """A whole `receipts build` in its own process: seconds, its peak memory, pages and bytes written."""
    with tempfile.TemporaryDirectory(prefix="receipts-bench-site-") as out:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--output", out, str(root)],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"receipts build failed: {process.stderr.read().decode()}")
        files = [f for f in Path(out).rglob("*") if f.is_file()]
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024,
                "pages": sum(1 for f in files if f.suffix == ".html"),
                "megabytes": sum(f.stat().st_size for f in files) / 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--campaigns", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--campaign-share", type=float, default=1.0,
                        help="part of the commits that edit a campaign file (default 1: all of them)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--keep", type=Path, help="make the repository here and keep it")
    parser.add_argument("--reuse", type=Path, help="measure a copy of a repository made before with --keep")
    parser.add_argument("--build", action="store_true", help="also time a whole `receipts build` on the history")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.runs)))
        return 0
    with tempfile.TemporaryDirectory(prefix="receipts-bench-") as temp:
        root = args.keep or Path(temp) / "ws"
        if root.exists():
            raise SystemExit(f"{root} already exists")
        started = time.perf_counter()
        if args.reuse is not None:  # the same history, measured again (the copy takes the new commit)
            shutil.copytree(args.reuse, root, symlinks=True)
            shutil.rmtree(root / ".receipts-cache", ignore_errors=True)
        else:
            make_repo(root, args.commits, args.campaigns, args.seed, args.campaign_share)
        made = time.perf_counter() - started
        out = subprocess.run([sys.executable, __file__, "--measure", str(root), "--runs", str(args.runs)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        built = measure_build(root) if args.build else None
    floor = r["git_log"]
    print(f"machine: {os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"repository: {r['commits']:,} commits over {args.campaigns} campaign files, "
          f"{args.campaign_share:.0%} of them editing one (made in {made:.1f} s)")
    print(f"read: {r['events']:,} editorial events, {r['decisions']:,} decision commits, "
          f"{r['warnings']} warnings")
    print("| figure | seconds | x floor | target |")
    print("|---|---|---|---|")
    print(f"| floor: `git log -z --name-status > /dev/null` | {floor:.3f} | 1.0x | |")
    print(f"| git alone for a cold read (log, then every version through cat-file) | {r['floor']:.3f} | "
          f"{r['floor'] / floor:.1f}x | |")
    cold_target = "8x" if args.campaign_share > 0.5 else "4x"
    for name, key, target in (("cold read (no cache)", "cold", cold_target), ("warm read (cached)", "warm", "1x"),
                              ("one new commit on a warm cache", "incremental", "1.5x")):
        print(f"| {name} | {r[key]:.3f} | {r[key] / floor:.2f}x | <= {target} |")
    print(f"peak memory (resident): {r['peak_rss_mb']:.0f} MB, of which {r['rss_before_mb']:.0f} MB before "
          "reading the history (Python, Receipts, the workspace); the largest child process "
          f"(a second history walker, or git) peaked at {r['peak_child_mb']:.0f} MB")
    if built:
        print(f"receipts build, 2 audiences: {built['seconds']:.1f} s for {built['pages']:,} pages "
              f"({built['megabytes']:.0f} MB written), peak memory {built['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
