"""The git history, checked on random stories: nothing hidden from clients reaches a client.

A story is a campaign (and a second campaign no client is given) edited
commit by commit at random, one or two changes a commit: tasks added,
relabelled, renamed, made internal and visible again, removed; decision
commits; commit messages with and without `Visibility:` trailers. Every text
carries a unique marker word.

The oracle is one-sided and independent of redaction's code: it names the
markers no client may ever see, from the story alone, and the test checks
that none is in any client audience's view or rendered pages:

  - a task title that never stood, in any commit, on a task a client could
    see (a task is out of every client's sight when it is internal, tier 4,
    or belongs to the internal deliverable);
  - every text of the campaign no client is given;
  - a commit message with no `Visibility:` trailer or `Visibility: internal`,
    or whose commit touched a task out of sight (before or after) or the
    other campaign, or decided about a task that stays out of sight.
"""

from __future__ import annotations

import itertools
import string
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.audit.hidden import hidden_for
from generator.audit.text import source_canonical
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.property.test_redaction_properties import strings
from tests.property.workspaces import MARKER
from tests.fixtures.views import built_view

LABELS = ("not-started", "in-progress", "needs-decision", "waiting-on-client", "stuck", "in-review", "done")
CLIENT_TIERS = (1, 2, 3)  # task tiers some client audience (client0..client3) reaches
LEVELS = (1, 2, 3, 4, "internal")
CLIENTS = ("client0", "client1", "client2", "client3")


@dataclass
class Task:
    id: str
    title: str
    label: str
    visibility: object
    deliverable: str
    locked: bool  # out of sight from birth and for good: decisions may relate to it

    def in_sight(self) -> bool:
        return self.visibility in CLIENT_TIERS and self.deliverable != "dsec"

    def line(self) -> str:
        return (f"  - {{id: {self.id}, title: {self.title}, label: {self.label}, "
                f"visibility: {self.visibility}, deliverable: {self.deliverable}}}\n")


def _marker_words() -> Iterator[str]:
    return ("zq" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=4))


@dataclass
class Story:
    markers: Iterator[str] = field(default_factory=_marker_words)
    tasks: dict[str, Task] = field(default_factory=dict)
    titles: set[str] = field(default_factory=set)  # every task title marker ever written
    seen: set[str] = field(default_factory=set)  # ... of those, the ones that stood on a task in sight
    secret: set[str] = field(default_factory=set)  # markers of texts no client may ever see
    other_title: str = ""
    internal_film: str = ""
    next_id: int = 0

    def __post_init__(self):
        self.internal_film = self.hidden_marker()
        self.other_title = self.hidden_marker()

    def marker(self) -> str:
        return next(self.markers)

    def hidden_marker(self) -> str:
        made = self.marker()
        self.secret.add(made)
        return made

    def title(self) -> str:
        made = self.marker()
        self.titles.add(made)
        return f"Task {made}"

    def demo(self) -> str:
        head = ("id: demo\ntitle: Demo campaign\nclient: Client Co.\nbrief:\n  deliverables:\n"
                "    - {id: d0, title: Public film}\n"
                f"    - {{id: dsec, title: Internal film {self.internal_film}, visibility: internal}}\n")
        return head + ("tasks:\n" + "".join(t.line() for t in self.tasks.values()) if self.tasks else "")

    def other(self) -> str:
        return (f"id: other\ntitle: Other campaign {self.other_title}\nclient: Other Co.\n"
                f"tasks:\n  - {{id: o1, title: Other task {self.other_title}, label: stuck}}\n")

    def note_sight(self) -> None:
        """After each commit: a title that stood on a task in sight is no secret."""
        for task in self.tasks.values():
            if task.in_sight():
                self.seen.update(MARKER.findall(task.title))

    def never_shown(self) -> set[str]:
        return self.secret | (self.titles - self.seen)


def new_task(story: Story, data) -> Task:
    story.next_id += 1
    visibility = data.draw(st.sampled_from(LEVELS))
    deliverable = data.draw(st.sampled_from(("d0", "d0", "dsec")))
    task = Task(f"t{story.next_id}", story.title(), data.draw(st.sampled_from(LABELS)),
                visibility, deliverable, locked=False)
    task.locked = not task.in_sight() and data.draw(st.booleans())
    return task


def edit(story: Story, data) -> tuple[list[Task], bool, str]:
    """One commit's change: (the tasks it touched, before and after; whether it touched the other
    campaign; trailers it adds)."""
    unlocked = [t for t in story.tasks.values() if not t.locked]
    choices = ["add", "other"] + (["relabel", "rename", "remove", "visibility"] if story.tasks else []) \
        + (["decide"] if any(t.locked for t in story.tasks.values()) else [])
    if not unlocked:
        choices = [c for c in choices if c not in ("rename", "visibility")]
    op = data.draw(st.sampled_from(choices))
    if op == "add":
        task = new_task(story, data)
        story.tasks[task.id] = task
        return [task], False, ""
    if op == "other":
        story.other_title = story.hidden_marker()
        return [], True, ""
    if op == "decide":
        task = data.draw(st.sampled_from(sorted((t for t in story.tasks.values() if t.locked), key=lambda t: t.id)))
        return [], False, f"Decision: Settle {story.hidden_marker()}\nCampaign: demo\nRelates-to: {task.id}\n"
    pool = unlocked if op in ("rename", "visibility") else list(story.tasks.values())
    task = data.draw(st.sampled_from(sorted(pool, key=lambda t: t.id)))
    before = Task(**vars(task))
    if op == "relabel":
        task.label = data.draw(st.sampled_from([label for label in LABELS if label != task.label]))
    elif op == "rename":
        task.title = story.title()
    elif op == "visibility":
        task.visibility = data.draw(st.sampled_from([v for v in LEVELS if v != task.visibility]))
    else:
        del story.tasks[task.id]
        return [before], False, ""
    return [before, task], False, ""


def edits(story: Story, data) -> tuple[list[Task], bool, str]:
    """One or two changes in one commit: a message may then speak of one the audience cannot see.

    What the commit touched is what differs between the two committed states
    (a task made tier 4 and removed in one commit was, in git, a tier-1 task
    removed): each changed task as it was before and as it is after.
    """
    before = {t.id: Task(**vars(t)) for t in story.tasks.values()}
    _, other, trailers = edit(story, data)
    if data.draw(st.booleans()):
        _, more_other, more_trailers = edit(story, data)
        other, trailers = other or more_other, trailers or more_trailers
    after = story.tasks
    touched = [task for task_id, task in before.items() if after.get(task_id) != task]
    touched += [task for task_id, task in after.items() if before.get(task_id) != task]
    return touched, other, trailers


def message(story: Story, data, touched: list[Task], other: bool, trailers: str) -> str:
    text = story.marker()
    level = data.draw(st.sampled_from((None, 1, 2, 3, "internal")))
    hidden = level in (None, "internal") or other or any(not t.in_sight() for t in touched) \
        or trailers.startswith("Decision:")
    if hidden:
        story.secret.add(text)
    visibility = f"Visibility: {level}\n" if level is not None else ""
    return f"Change {text}\n\nWhy {text}.\n\n{trailers}{visibility}".rstrip() + "\n"


def texts_of(workspace, audience_id: str) -> str:
    view, _ = built_view(workspace, workspace.config.audiences[audience_id])
    out = pipeline.render(view, pipeline.measure(view))
    rendered = [p.body + p.title for p in out.pages] + [d.decode("utf-8", "replace") for d in out.files.values()]
    return " ".join(strings(view, [])) + " ".join(rendered)


def write_story(story: Story, data, root: Path):
    """A random story committed in a new repository at `root`; the workspace read back."""
    ws = GitWorkspace(root, HISTORY_CONFIG)
    first = new_task(story, data)
    story.tasks[first.id] = first
    for n in range(data.draw(st.integers(3, 8))):
        touched, other, trailers = ([first], True, "") if n == 0 else edits(story, data)
        ws.campaign("demo", story.demo())
        ws.campaign("other", story.other())
        ws.commit(message(story, data, touched, other, trailers), f"2026-01-{5 + n:02d}T10:00:00+01:00")
        story.note_sight()
    return load_workspace(ws.root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_nothing_out_of_every_clients_sight_in_history_reaches_a_client(data):
    story = Story()
    with tempfile.TemporaryDirectory(prefix="receipts-story-") as tmp:
        workspace = write_story(story, data, Path(tmp) / "ws")
        never = story.never_shown()
        for audience_id in CLIENTS:
            leaked = never & set(MARKER.findall(texts_of(workspace, audience_id)))
            assert not leaked, f"{audience_id} got {sorted(leaked)}"
        assert story.other_title in texts_of(workspace, "team")  # the check sees markers at all


def history_texts(view) -> list[str]:
    """What a site shows of the history: the messages beside events, the names of the entries they are about."""
    return [text for c in view.campaigns for ch in c.changes for text in (ch.message, ch.entry.title) if text]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_gate_refuses_nothing_redaction_shows_of_the_history(data):
    """The audit works out what each audience may see of the history on its own (audit/history_rules.py), and
    must agree with redaction on every story: a text redaction shows and the gate hides fails a legitimate
    build."""
    with tempfile.TemporaryDirectory(prefix="receipts-story-") as tmp:
        workspace = write_story(Story(), data, Path(tmp) / "ws")
        for audience in workspace.config.audiences.values():
            view, _ = redact(workspace, audience)
            hidden = hidden_for(workspace, audience, view)
            refused = hidden.needles.find(*(source_canonical(text) for text in history_texts(view)))
            assert not refused, f"{audience.id}: {[(n.phrase, n.origin) for n in refused]}"
