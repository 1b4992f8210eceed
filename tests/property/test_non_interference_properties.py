"""Non-interference, on random stories: what a client cannot see changes no byte of what it gets.

A story is a campaign edited commit by commit at random. Each edit is one
of: a deliverable added to the brief, a milestone added (reached or not,
any date) or reached, a task added, relabelled or removed, an approval of
a task requested, an approval step recorded, a note, a KPI point. Each new entry is internal or not at random, and a task may sit
under an internal deliverable. The same story is written twice, commit for
commit at the same times: once as drawn, once with everything internal
(and what refers to it) taken out of every version. For every audience
that is not internal, the view's pages, chart data, measures (the `kpis`
export) and as-of moment are the same in both: the kickoff that decides
"added after kickoff", the as-of moment, the events, cycle times, counts
and orderings come only from what it sees.

The build's clock is injected (clock.py): nothing depends on the day the
test runs.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.clock import Clock
from generator.redact.future import leave_out_future
from generator.measures.export import as_dict
from generator.inputs import load_workspace
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.fixtures.views import built_view

CLOCK = Clock(dt.datetime(2026, 3, 20, 12, tzinfo=dt.timezone.utc), pinned=False)
CLIENTS = ("client0", "client1", "client2", "client3")
LEVELS = (0, 1, 2, 3, "internal")
LABELS = ("not-started", "in-progress", "waiting-on-legal", "stuck", "in-review", "done")
DAYS = [f"2026-01-{d:02d}" for d in (3, 8, 12, 18, 25)] + ["2026-02-05", "2026-02-20"]


@dataclass
class Entry:
    id: str
    visibility: object
    fields: dict = field(default_factory=dict)  # the rest of its YAML mapping, in order

    def line(self) -> str:
        parts = [f"id: {self.id}"] if self.id else []
        parts += [f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in self.fields.items()]
        parts.append(f"visibility: {self.visibility}")
        return "{" + ", ".join(parts) + "}"


@dataclass
class Story:
    deliverables: list[Entry] = field(default_factory=list)
    milestones: list[Entry] = field(default_factory=list)
    tasks: list[Entry] = field(default_factory=list)
    notes: list[Entry] = field(default_factory=list)
    points: list[Entry] = field(default_factory=list)
    approvals: list[Entry] = field(default_factory=list)  # fields["steps"]: a list of Entry (id "")
    made: int = 0

    def new_id(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}{self.made}"

    def yaml(self, internal: bool) -> str:
        """The campaign file; without `internal`, everything internal and what refers to it left out."""
        def keep(e: Entry) -> bool:
            return internal or e.visibility != "internal"

        deliverables = [d for d in self.deliverables if keep(d)]
        kept_ids = {d.id for d in deliverables}
        tasks = [t for t in self.tasks if keep(t) and t.fields.get("deliverable", "") in kept_ids | {""}]
        out = ["id: demo", "title: Demo campaign", "client: Client Co.", "brief:"]
        out.append("  deliverables:" + ("" if deliverables else " []"))
        out += [f"    - {d.line()}" for d in deliverables]
        for name, group in (("milestones", self.milestones), ("tasks", tasks), ("notes", self.notes)):
            kept = [e for e in group if keep(e)]
            out.append(f"{name}:" + ("" if kept else " []"))
            out += [f"  - {e.line()}" for e in kept]
        subjects = {t.id for t in tasks}
        approvals = [a for a in self.approvals if keep(a) and a.fields["subject"] in subjects]
        out.append("approvals:" + ("" if approvals else " []"))
        for a in approvals:
            steps = ", ".join(step.line() for step in a.fields["steps"] if keep(step))
            out.append("  - " + Entry(a.id, a.visibility, {**a.fields, "steps": f"[{steps}]"}).line())
        points = [p for p in self.points if keep(p)]
        out += ["kpis:", "  series:", "    - id: reach", "      title: Reach", "      unit: people",
                "      visibility: 0", "      points:" + ("" if points else " []")]
        out += [f"        - {p.line()}" for p in points]
        return "\n".join(out) + "\n"


def edit(story: Story, data) -> None:
    ops = ["deliverable", "milestone", "task", "note", "point"]
    ops += ["relabel", "remove-task"] if story.tasks else []
    ops += ["reach"] if any(not m.fields["reached"] for m in story.milestones) else []
    ops += ["approval"] if story.tasks else []
    ops += ["step"] if story.approvals else []
    op = data.draw(st.sampled_from(ops))
    level = data.draw(st.sampled_from(LEVELS))
    day = data.draw(st.sampled_from(DAYS))
    if op == "deliverable":
        story.deliverables.append(Entry(story.new_id("d"), level, {"title": f"Deliverable {story.made}"}))
    elif op == "milestone":
        story.milestones.append(Entry(story.new_id("m"), level, {"title": f"Milestone {story.made}", "date": day,
                                                                 "reached": data.draw(st.booleans())}))
    elif op == "reach":
        data.draw(st.sampled_from([m for m in story.milestones if not m.fields["reached"]])).fields["reached"] = True
    elif op == "task":
        fields = {"title": f"Task {story.made + 1}", "label": data.draw(st.sampled_from(LABELS)), "start": day}
        if story.deliverables and data.draw(st.booleans()):
            fields["deliverable"] = data.draw(st.sampled_from(story.deliverables)).id
        story.tasks.append(Entry(story.new_id("t"), level if level != 0 else 1, fields))
    elif op == "relabel":
        task = data.draw(st.sampled_from(story.tasks))
        task.fields["label"] = data.draw(st.sampled_from([x for x in LABELS if x != task.fields["label"]]))
    elif op == "remove-task":
        story.tasks.remove(data.draw(st.sampled_from(story.tasks)))
    elif op == "approval":
        subject = data.draw(st.sampled_from(story.tasks)).id
        story.approvals.append(Entry(story.new_id("a"), level if level != 0 else 3, {
            "subject": subject, "requested": f"{day}T09:00:00", "due": f"{day}T18:00:00", "steps": []}))
    elif op == "step":
        approval = data.draw(st.sampled_from(story.approvals))
        at = f"2026-02-{10 + len(approval.fields['steps']):02d}T10:00:00"
        verdict = data.draw(st.sampled_from(["approved", "changes-requested"]))
        approval.fields["steps"].append(Entry("", data.draw(st.sampled_from(LEVELS)),
                                              {"by": "jane", "verdict": verdict, "at": at}))
    elif op == "note":
        story.notes.append(Entry("", level if level != 0 else 4, {"date": day, "text": f"Note {story.new_id('n')}"}))
    else:
        story.points.append(Entry("", level, {"date": day, "value": story.made}))
        story.made += 1


def written(story_commits: list[tuple[str, str]], root: Path):
    """The story committed in a new repository: the workspace read back, and its commit ids in order."""
    ws = GitWorkspace(root, HISTORY_CONFIG)
    shas = []
    for text, when in story_commits:
        ws.campaign("demo", text)
        shas.append(ws.commit("An edit", when))
    workspace, _ = leave_out_future(load_workspace(ws.root), CLOCK)
    return workspace, shas


def as_text(got, shas: list[str], counterparts: list[str]) -> str:
    """What a site gets, as text, with each commit id written as the other story's at the same place."""
    return swap_commit_ids(repr(got), shas, counterparts)


def swap_commit_ids(text: str, shas: list[str], counterparts: list[str]) -> str:
    """`text` with each commit id of `shas`, or an abbreviation of it, written as its counterpart's: two
    stories whose files differ have different commit ids, whatever a site shows of them."""
    def swap(match):
        run = match.group(0)
        for sha, other in zip(shas, counterparts):
            if sha.startswith(run):
                return other[:len(run)]
        return run

    return re.sub(r"[0-9a-f]{7,40}", swap, text)


def what_it_gets(workspace, audience_id: str):
    """What a site is made of: its pages, chart data and copied files, its measures, its as-of moment."""
    view, _ = built_view(workspace, workspace.config.audiences[audience_id], CLOCK)
    measures = pipeline.measure(view)
    out = pipeline.render(view, measures)
    pages = sorted((p.path, p.title, p.body, tuple(n.title for n in p.nav)) for p in out.pages)
    return view.as_of, pages, sorted(out.files.items()), sorted(out.copies), as_dict(measures, audience_id)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_internal_entries_in_the_history_change_no_byte_of_a_clients_site(data):
    story = Story()
    story.milestones.append(Entry("kickoff-ish", 0, {"title": "Concept locked", "date": "2026-01-25",
                                                     "reached": True}))
    if data.draw(st.booleans()):  # an internal milestone before all a client sees: the kickoff it must not get
        story.milestones.append(Entry("warmup", "internal", {"title": "Warm-up", "date": "2026-01-02",
                                                            "reached": data.draw(st.booleans())}))
    with_internal, without = [], []
    for n in range(data.draw(st.integers(2, 6))):
        for _ in range(data.draw(st.integers(1, 2))):
            edit(story, data)
        when = (dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc) + dt.timedelta(days=6 * n)).isoformat()
        with_internal.append((story.yaml(internal=True), when))
        without.append((story.yaml(internal=False), when))
    with tempfile.TemporaryDirectory(prefix="receipts-nonint-") as tmp:
        a, shas_a = written(with_internal, Path(tmp) / "with")
        b, shas_b = written(without, Path(tmp) / "without")
        for audience_id in CLIENTS:
            got_a = as_text(what_it_gets(a, audience_id), shas_a, shas_b)
            assert got_a == repr(what_it_gets(b, audience_id)), audience_id
