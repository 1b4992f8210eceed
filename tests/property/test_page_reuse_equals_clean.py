"""Pages kept from the last build (site/reuse.py) never differ from a clean build, whatever was edited.

Each example builds a workspace of three campaigns seen by three audiences
(one of them protected), then applies random edits to the campaign files
(a task added, removed or renamed, its visibility changed, its date moved,
a note's text, a decision's title, a step added to an approval) or to an
audience's tier, building after each one into the
same output, as a user would. At the end, each file of the output (and of
its private twin) is compared, byte for byte, with a clean build (no cache,
a fresh output folder) of the workspace as it then is: a kept page that the current view
would not show (a task made internal, a renamed title) would differ, and so
would a receipt page, record.json or a transparency pack that kept the
record head of before an edit to another campaign's decision.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from tests.fixtures.incremental import PASSPHRASE, build, tree

CONFIG = """\
site: {{title: Reuse Studio, timezone: UTC}}
people:
  ana: {{name: Ana, role: Producer, side: agency}}
  cli: {{name: Cli, role: CMO, side: client}}
  jane: {{name: Jane, role: Brand lead, side: client}}
audiences:
  team: {{title: Team, tier: 4, internal: true, campaigns: all}}
  client: {{title: Client, tier: {tier}, campaigns: [c0, c1]}}
  locked: {{title: Locked, tier: 2, campaigns: [c1, c2], protect: {{passphrase_env: [LOCK_PASS]}}}}
"""
CAMPAIGNS = ("c0", "c1", "c2")
LEVELS = ("", ", visibility: 1", ", visibility: 3", ", visibility: internal")
TITLES = ("Draft the copy", "Shoot the film", "Book the venue", "Écrire la copie", "Cut it down")


def initial() -> dict:
    """The workspace as data: each campaign's tasks ([id, title, level, day]) and note; the client's tier."""
    return {"tier": 2, "next": 3, "campaigns": {c: {"tasks": [[f"t{i}", TITLES[i], LEVELS[i % 3], 5 + i] for i in range(3)],
                                         "note": "The client asked for a change.",
                                         "decision": "Morning concept chosen" if c != "c1" else None,
                                         "steps": ["changes-requested"] if c == "c1" else []}
                                     for c in CAMPAIGNS}}


def write(root: Path, state: dict) -> None:
    (root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(CONFIG.format(tier=state["tier"]), encoding="utf-8")
    for cid, campaign in state["campaigns"].items():
        lines = [f"id: {cid}", f"title: Campaign {cid}", "client: Client Co.", "tasks:"]
        lines += [f"  - {{id: {tid}, title: '{title}', owner: ana, label: in-progress, "
                  f"start: 2026-01-{day:02d}{level}}}" for tid, title, level, day in campaign["tasks"]]
        if not campaign["tasks"]:
            lines[-1] = "tasks: []"
        first = campaign["tasks"][0][0] if campaign["tasks"] else None
        about = f", about: {first}" if first else ""
        lines += ["notes:", f"  - {{date: 2026-01-20{about}, text: '{campaign['note']}', visibility: 1}}"]
        lines += entries_of(campaign)
        (root / "content" / "campaigns" / f"{cid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def entries_of(campaign: dict) -> list[str]:
    """The campaign's brief, its decision and its approval (what record.json and receipt pages show)."""
    lines = ["brief:", "  deliverables:", "    - {id: film, title: Hero film, due: 2026-02-01}"]
    if campaign["decision"]:
        lines += ["decisions:", f"  - {{id: concept, date: 2026-01-18, title: '{campaign['decision']}', "
                                "decided_by: [jane]}"]
    if campaign["steps"]:
        lines += ["approvals:", "  - id: film-v1", "    subject: film", "    requested: 2026-01-21T10:00:00",
                  "    steps:"]
        lines += [f"      - {{by: jane, verdict: {verdict}, at: 2026-01-{22 + n}T16:00:00}}"
                  for n, verdict in enumerate(campaign["steps"])]
    return lines


EDITS = st.one_of(
    st.tuples(st.just("decide"), st.sampled_from(CAMPAIGNS), st.sampled_from(TITLES)),
    st.tuples(st.just("step"), st.sampled_from(CAMPAIGNS), st.sampled_from(("approved", "changes-requested"))),
    st.tuples(st.just("add"), st.sampled_from(CAMPAIGNS), st.sampled_from(TITLES)),
    st.tuples(st.just("remove"), st.sampled_from(CAMPAIGNS), st.integers(0, 5)),
    st.tuples(st.just("rename"), st.sampled_from(CAMPAIGNS), st.integers(0, 5), st.sampled_from(TITLES)),
    st.tuples(st.just("visibility"), st.sampled_from(CAMPAIGNS), st.integers(0, 5), st.sampled_from(LEVELS)),
    st.tuples(st.just("date"), st.sampled_from(CAMPAIGNS), st.integers(0, 5), st.integers(1, 28)),
    st.tuples(st.just("note"), st.sampled_from(CAMPAIGNS), st.sampled_from(TITLES)),
    st.tuples(st.just("tier"), st.integers(0, 4)),
)


def apply(edit: tuple, state: dict) -> None:
    kind, *args = edit
    if kind == "tier":
        state["tier"] = args[0]
        return
    campaign = state["campaigns"][args[0]]
    tasks = campaign["tasks"]
    if kind == "add":
        tasks.append([f"t{state['next']}", args[1], "", 9])
        state["next"] += 1
    elif kind == "note":
        campaign["note"] = args[1]
    elif kind == "decide":
        campaign["decision"] = args[1]
    elif kind == "step":
        campaign["steps"] = (campaign["steps"] + [args[1]])[-4:]  # a date past the month's end is no date
    elif tasks:
        task = tasks[args[1] % len(tasks)]
        if kind == "remove":
            tasks.remove(task)
        else:
            task[{"rename": 1, "visibility": 2, "date": 3}[kind]] = args[2]


# 8 seeded examples: each builds every audience up to five times, packs (WeasyPrint) included
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=3))
def test_kept_pages_equal_a_clean_build_after_every_edit(edits):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {
        "LOCK_PASS": PASSPHRASE, "SOURCE_DATE_EPOCH": "1790000000"}
    with tempfile.TemporaryDirectory(prefix="page-reuse-") as tmp, mock.patch.dict(os.environ, environ, clear=True):
        work, state = Path(tmp), initial()
        root, out = work / "ws", work / "out"
        write(root, state)
        build(root, out)
        for edit in edits:
            apply(edit, state)
            write(root, state)
            build(root, out)
        clean_root = work / "clean-ws"  # the same files, no cache
        shutil.copytree(root, clean_root, ignore=shutil.ignore_patterns(".receipts-cache"))
        pipeline.build(clean_root, output=work / "clean", jobs=1, warnings=[])
        for kept, clean in ((out, work / "clean"), (work / "out-private", work / "clean-private")):
            assert tree(kept) == tree(clean), edits
