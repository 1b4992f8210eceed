#!/usr/bin/env python3
"""Benchmark: the whole build of a large synthetic agency, against floors measured in the same run.

    python scripts/bench_build.py --entries 5000 [--jobs 1] [--keep DIR] [--no-floors]
    python scripts/bench_build.py [--campaigns 25] [--approvals 100] [--clients 6]   # the older bench

With `--entries N`: an agency of about N entries (at 50,000: 200 campaigns of
about 250 entries each: tasks, decisions, approvals with their steps, notes),
four audiences (the team, internal at tier 4, and three clients at tiers 3, 2
and 1, each given a share of the campaigns; `--no-packs`: none of them gets
transparency packs, PDFs the floors do not draw). It measures, each as a separate
process (wall time, and its peak RSS from wait4):

- Receipts, cold (`receipts build` with no cache: it records what the next
  build may reuse), then again with nothing changed, then after an edit to
  one campaign file (`--no-floors`: these alone);
- floor 1: bare MkDocs building the same pages (the same body HTML, one
  Markdown file a page) with a theme that draws no site-wide nav;
- floor 2: a plain Jinja2 + python-markdown loop writing the same pages;

and prints Receipts' cold build as a ratio of each floor (wall time, and CPU
time, which a busy machine disturbs less; `--repeat K` alternates K rounds
and keeps the best of each), the rebuilds as a ratio of the cold build. The entry limits of the loader (generator/load/
limits.py) are raised inside the measured process only, so the bench can go
past them. Run it on an otherwise idle machine; it prints the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# --- the agency (--entries) ---

AGENCY_CONFIG = """\
site: {{title: Bench Agency, timezone: UTC}}
people:
  ana: {{name: Ana, role: Producer, side: agency, emails: [ana@bench.example]}}
  ben: {{name: Ben, role: Designer, side: agency, emails: [ben@bench.example]}}
  cli: {{name: Cli, role: CMO, side: client}}
audiences:
  team: {{title: Team, tier: 4, internal: true, campaigns: all}}
  client-a: {{title: Client A, tier: 3, campaigns: [{a}]}}
  client-b: {{title: Client B, tier: 2, campaigns: [{b}]}}
  client-c: {{title: Client C, tier: 1, campaigns: [{c}]}}
"""
LABELS = ("not-started", "in-progress", "needs-decision", "waiting-on-client", "in-review", "done")
VISIBILITY = ("", ", visibility: 2", ", visibility: 3", ", visibility: 4", ", visibility: internal")


def agency_shape(entries: int) -> tuple[int, int]:
    """(campaigns, entries per campaign): 200 x 250 at 50,000; fewer campaigns below that."""
    campaigns = max(4, min(200, entries // 250))
    return campaigns, max(10, entries // campaigns)


def agency_campaign(index: int, size: int, variant: str = "") -> str:
    """About `size` entries: 30% tasks, 10% decisions, 20% approvals of two steps each, the rest notes."""
    tasks, decisions, approvals = size * 3 // 10, size // 10, size // 5
    notes = max(1, size - tasks - decisions - 3 * approvals)
    lines = [f"id: c{index}", f"title: Campaign {index}{variant}", "client: Bench Co.",
             f"summary: The **campaign** number {index}, with a [link](https://example.com/{index}).",
             "brief:", "  goals: [Grow sign-ups]", "  deliverables:",
             f"    - {{id: d{index}, title: Deliverable {index}, due: 2026-06-01}}", "tasks:"]
    for t in range(tasks):
        lines.append(f"  - {{id: t{t}, title: 'Task {t}, campaign {index}{variant}', owner: {('ana', 'ben')[t % 2]}, "
                     f"label: {LABELS[t % len(LABELS)]}, deliverable: d{index}, "
                     f"start: 2026-01-{1 + t % 28:02d}{VISIBILITY[t % 5 if t % 7 else 0]}}}")
    lines.append("decisions:")
    for d in range(decisions):
        lines.append(f"  - {{id: dec{d}, date: 2026-02-{1 + d % 28:02d}, title: Decision {d} of {index}, "
                     f"why: 'Because of *reason* {d}.', relates_to: [t{d % max(1, tasks)}]}}")
    lines.append("approvals:")
    for a in range(approvals):
        lines += [f"  - id: a{a}", f"    subject: t{a % max(1, tasks)}", "    requested: 2026-03-01T10:00:00",
                  "    due: 2026-03-03T10:00:00", "    steps:",
                  f"      - {{by: cli, verdict: changes-requested, at: 2026-03-02T09:00:00, comment: Redo {a}.}}",
                  f"      - {{by: cli, verdict: approved, at: 2026-03-0{3 + a % 5}T12:00:00, comment: Fine {a}.}}"]
    lines.append("notes:")
    for n in range(notes):
        lines.append(f"  - {{date: 2026-04-{1 + n % 28:02d}, about: t{n % max(1, tasks)}, "
                     f"text: 'Note {n}: the client asked for a change.'{VISIBILITY[n % 5]}}}")
    return "\n".join(lines) + "\n"


def make_agency(root: Path, entries: int, packs: bool = True) -> tuple[int, int]:
    """The agency's workspace; `packs=False`: no audience draws transparency packs (`packs: false`)."""
    campaigns, size = agency_shape(entries)
    (root / "content" / "campaigns").mkdir(parents=True)
    share = {key: ", ".join(f"c{i}" for i in range(campaigns) if i % step == 0)
             for key, step in (("a", 2), ("b", 3), ("c", 4))}
    config = AGENCY_CONFIG.format(**share)
    if not packs:
        config = config.replace("campaigns: ", "packs: false, campaigns: ")
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    for i in range(campaigns):
        (root / "content" / "campaigns" / f"c{i}.yml").write_text(agency_campaign(i, size), encoding="utf-8")
    return campaigns, size


# --- measured processes ---

RAISE_LIMITS = ("import generator.load.limits as l; l.MAX_ENTRIES = 10**7; "
                "l.MAX_CAMPAIGN_BYTES = 10**10; l.MAX_FILE_BYTES = 10**9; ")


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system seconds of the process and its children: steadier than wall on a busy machine
    peak_mib: float
    output: str

    def shown(self) -> str:
        return f"{self.seconds:7.2f} s wall {self.cpu:7.2f} s cpu  peak {self.peak_mib:6.0f} MiB"


def best(runs: list[Run]) -> Run:
    """The quickest of repeated runs (the least disturbed by other work), with the highest peak."""
    return Run(min(r.seconds for r in runs), min(r.cpu for r in runs), max(r.peak_mib for r in runs),
               runs[-1].output)


def measured(code: str, *args: str) -> Run:
    """`python -c code args`, timed, with its peak RSS (its own and its children's, from wait4)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def receipts_build(root: Path, out: Path, jobs: int | None, full: bool = False) -> Run:
    code = RAISE_LIMITS + "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    return measured(code, "build", str(root), "--output", str(out), *(["--jobs", str(jobs)] if jobs else []),
                    *(["--full"] if full else []))


EXPORT = RAISE_LIMITS + """
import sys
from pathlib import Path
from generator import pipeline
from generator.load.workspace import load_workspace
from generator.redact.entries import redact
clock = pipeline.build_clock()
workspace = load_workspace(sys.argv[1])
for audience in workspace.config.audiences.values():
    view, _ = redact(workspace, audience, clock)
    rendered = pipeline.render(view, pipeline.measure(view))
    docs = Path(sys.argv[2]) / audience.id / "docs"
    for page in rendered.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.body, encoding="utf-8")
"""

TEMPLATE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
            "<body><main>{{ content }}</main></body></html>\n")

MKDOCS_FLOOR = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config.base import load_config
for project in sorted(Path(sys.argv[1]).iterdir()):
    build(load_config(str(project / "mkdocs.yml")))
"""

JINJA_FLOOR = """
import sys
from pathlib import Path
import jinja2, markdown
template = jinja2.Environment(autoescape=False).from_string(sys.argv[2])
for project in sorted(Path(sys.argv[1]).iterdir()):
    docs, site = project / "docs", project / "jinja-site"
    for page in sorted(docs.rglob("*.md")):
        html = markdown.markdown(page.read_text(encoding="utf-8"))
        target = site / page.relative_to(docs).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(title=page.stem, content=html), encoding="utf-8")
"""


def stage_floors(root: Path, floors: Path) -> int:
    """Every audience's pages, as Receipts renders them, in a plain MkDocs project each; returns the page count."""
    measured(EXPORT, str(root), str(floors))
    for project in floors.iterdir():
        (project / "theme").mkdir()
        (project / "theme" / "main.html").write_text(TEMPLATE.replace("{{ title }}", "{{ page.title }}")
                                                     .replace("{{ content }}", "{{ page.content }}"))
        (project / "mkdocs.yml").write_text(
            f"site_name: Floor\ndocs_dir: docs\nsite_dir: {project / 'site'}\nuse_directory_urls: false\n"
            f"theme: {{name: null, custom_dir: {project / 'theme'}}}\nplugins: []\n"
            "validation: {omitted_files: ignore, absolute_links: ignore, unrecognized_links: ignore, "
            "anchors: ignore, nav: {omitted_files: ignore, not_found: ignore, absolute_links: ignore}}\n")
    return sum(1 for _ in floors.rglob("*.md"))


def edit_one_campaign(root: Path, campaigns: int, size: int) -> str:
    """Rewrite the campaign only the team and client A see (c2): its title and every task's title change."""
    index = 2 if campaigns > 2 else 0
    (root / "content" / "campaigns" / f"c{index}.yml").write_text(agency_campaign(index, size, " (edited)"),
                                                                  encoding="utf-8")
    return f"c{index}"


def bench_agency(entries: int, jobs: int | None, keep: Path | None, repeat: int, floors_too: bool = True,
                 packs: bool = True) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-agency-") as tmp:
        work = keep or Path(tmp)
        root, out, floors = work / "ws", work / "out", work / "floors"
        campaigns, size = make_agency(root, entries, packs)
        print(f"agency: {campaigns} campaigns x ~{size} entries (~{campaigns * size:,}), 4 audiences, "
              f"{'with' if packs else 'without'} transparency packs; "
              f"--jobs {jobs or 'default'}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}", flush=True)
        pages = stage_floors(root, floors) if floors_too else 0
        colds, mkdocs_runs, jinja_runs = [], [], []
        for _ in range(repeat):  # alternated, so a burst of other work on the machine hits each alike
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(out.with_name(out.name + "-private"), ignore_errors=True)
            shutil.rmtree(root / ".receipts-cache", ignore_errors=True)  # cold: nothing to reuse; it records
            colds.append(receipts_build(root, out, jobs))
            if floors_too:
                mkdocs_runs.append(measured(MKDOCS_FLOOR, str(floors)))
                jinja_runs.append(measured(JINJA_FLOOR, str(floors), TEMPLATE))
        cold = best(colds)
        print(f"  receipts cold:          {cold.shown()}  ({pages:,} pages; best of {repeat})")
        if floors_too:
            _print_floors(cold, best(mkdocs_runs), best(jinja_runs))
        again = receipts_build(root, out, jobs)
        print(f"  no-change rebuild:      {again.shown()}  ({again.seconds / cold.seconds:.1%} of cold wall, "
              f"{again.cpu / cold.cpu:.1%} cpu)"
              f"{'  [up to date]' if 'up to date' in again.output else ''}")
        edited = edit_one_campaign(root, campaigns, size)
        edit = receipts_build(root, out, jobs)
        print(f"  one-campaign edit ({edited}): {edit.shown()}  ({edit.seconds / cold.seconds:.1%} of cold wall, "
              f"{edit.cpu / cold.cpu:.1%} cpu)")
        print(f"  load average after: {os.getloadavg()[0]:.2f}")


def _print_floors(cold: Run, mkdocs: Run, jinja: Run) -> None:
    print(f"  bare MkDocs, no nav:    {mkdocs.shown()}  -> receipts {cold.seconds / mkdocs.seconds:.2f}x wall, "
          f"{cold.cpu / mkdocs.cpu:.2f}x cpu, memory {cold.peak_mib / mkdocs.peak_mib:.2f}x")
    print(f"  Jinja2 + markdown loop: {jinja.shown()}  -> receipts {cold.seconds / jinja.seconds:.2f}x wall, "
          f"{cold.cpu / jinja.cpu:.2f}x cpu", flush=True)


# --- the older bench (--campaigns / --approvals / --clients) ---

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


def bench_older(args) -> None:
    print(f"synthetic: {args.campaigns} campaigns x {args.approvals} approvals, {args.clients + 1} audiences "
          f"(team + {args.clients} clients); machine: {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = Path(tmp) / "ws"
        make_workspace(root, args.campaigns, args.approvals, args.clients)
        for jobs in (1, None):
            run = receipts_build(root, Path(tmp) / f"out-{jobs}", jobs)
            print(f"  --jobs {jobs or 'default'}: {run.shown()}")
    demo = receipts_build(REPO, Path(tempfile.mkdtemp(prefix="bench-demo-")) / "site", None)
    print(f"demo build (whole process): {demo.shown()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, help="build the synthetic agency of about this many entries")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs for receipts build (0: its default)")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and leave it there")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds and floors, alternated; the best counts")
    parser.add_argument("--no-floors", action="store_true",
                        help="measure Receipts alone (cold, no-change, one-campaign edit), not the floors")
    parser.add_argument("--no-packs", action="store_true",
                        help="every audience `packs: false`: the pages alone, as the floors build them")
    parser.add_argument("--campaigns", type=int, default=25)
    parser.add_argument("--approvals", type=int, default=100)
    parser.add_argument("--clients", type=int, default=6)
    args = parser.parse_args()
    if args.entries:
        bench_agency(args.entries, args.jobs or None, args.keep, max(1, args.repeat), not args.no_floors,
                     not args.no_packs)
    else:
        bench_older(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
