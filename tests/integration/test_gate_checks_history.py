"""The gate works out what an audience may see of the history itself: a slip in redacting the history fails the build.

Each case breaks one rule of redact_history.py (HistorySight) the way a bug
would, so the view holds an event or a commit message the audience must not
see, and builds one audience's site from a small git story made for it. The
gate must refuse the site, naming the file and where the hidden text came
from (the history of a campaign and its commit, or the entry it belongs to),
as FORMAT.md "History" and docs/history.md say who sees what. The same
story, built without a fault, passes for every audience and shows each text
where it belongs: the gate's rules refuse nothing the history may show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generator import pipeline
from generator.errors import AuditError
from generator.redact.history_sight import HistoryIndex, HistorySight
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures.sites import site_of

# An internal audience given one campaign of two: it sees everything of that one, nothing of the other.
CONFIG = MINIMAL_CONFIG + "  insiders: {title: Insiders, tier: 4, internal: true, campaigns: [demo]}\n" \
    + "history: {repo: .}\n"
LABEL = "labels:\n  waiting-on-print: {title: Waiting on the printer, kind: waiting}\n"

BASE = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {{id: film, title: Launch film, due: 2026-03-01}}
    - {{id: pitch, title: Internal pitch film, due: 2026-03-05, visibility: internal}}
milestones:
  - {{id: kickoff, title: Kickoff, date: 2026-01-12, reached: true}}
  - {{id: launch, title: Public launch, date: {launch}}}
{milestones}tasks:
  - {{id: script, title: Film script, owner: maria, label: {script}, deliverable: film}}
  - {{id: secret, title: {secret}, label: stuck, visibility: internal}}
{tasks}"""
OTHER = """\
id: other
title: Other campaign
client: {client}
tasks:
  - {{id: o1, title: Other plan, label: not-started}}
{tasks}"""
QUIET = "Quiet pricing talks with the CFO"


def demo(launch="2026-04-14", script="not-started", secret=QUIET, tasks="", milestones="") -> str:
    return BASE.format(launch=launch, script=script, secret=secret, tasks=tasks, milestones=milestones)


def other(client="Other Co.", tasks="") -> str:
    return OTHER.format(client=client, tasks=tasks)


def t(day: int) -> str:
    """The `day`th day of 2026 (32 is 1 February), at ten."""
    return f"{dt.date(2026, 1, 1) + dt.timedelta(days=day - 1)}T10:00:00+01:00"


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """One git story holding every case: {case: (commit ids, the text that case plants)}."""
    ws = GitWorkspace(tmp_path_factory.mktemp("history-gate") / "ws", CONFIG)
    ws.campaign("demo", demo())
    ws.campaign("other", other())
    ws.commit("Set up", t(10))
    cases = {}

    def commit(case: str, message: str, day: int, **files) -> str:
        for campaign_id, text in files.items():
            ws.campaign(campaign_id, text)
        sha = ws.commit(message, t(day))
        cases.setdefault(case, ([], []))[0].append(sha)
        return sha

    def plant(case: str, text: str) -> None:
        cases.setdefault(case, ([], []))[1].append(text)

    # A task seen by clients, then made internal and renamed, then removed: its last visibility is internal.
    casting = "  - {{id: casting, title: {title}, label: not-started, deliverable: film{more}}}\n"
    commit("last visibility", "Casting joins the plan", 11,
           demo=demo(tasks=casting.format(title="Casting call", more="")))
    commit("last visibility", "Casting reworked", 12,
           demo=demo(tasks=casting.format(title="Globex pitch casting sessions", more=", visibility: internal")))
    commit("last visibility", "Casting dropped", 13, demo=demo())
    plant("last visibility", "Globex pitch casting sessions")
    # A tier-1 task that only ever sat under the internal deliverable, then removed: hidden by its parent.
    reel = "  - {id: reel, title: Showreel for the Globex pitch, label: not-started, deliverable: pitch}\n"
    commit("parents", "Reel added", 14, demo=demo(tasks=reel))
    commit("parents", "Reel dropped", 15, demo=demo())
    plant("parents", "Showreel for the Globex pitch")
    # A milestone planned and dropped: never reached, so a plan, which tier 0 does not see.
    preview = "  - {id: preview, title: Press preview in Lisbon, date: 2026-02-20}\n"
    commit("plans", "Press preview planned", 16, demo=demo(milestones=preview))
    commit("plans", "Press preview cancelled", 17, demo=demo())
    plant("plans", "Press preview in Lisbon")
    # Messages, each beside an event every client sees (the launch date) or a tier-1 task's label.
    commit("trailer level", "Script slips: the Globex crew is double-booked\n\nVisibility: 3", 18,
           demo=demo(script="in-progress"))
    plant("trailer level", "the Globex crew is double-booked")
    commit("no trailer", "Script waits on a call with the Globex producers", 19, demo=demo(script="needs-decision"))
    plant("no trailer", "Script waits on a call with the Globex producers")
    commit("hidden entry", "Launch a week later while pricing resumes with the Globex CFO\n\nVisibility: 1", 20,
           demo=demo(launch="2026-04-21", script="needs-decision", secret="Pricing talks resume"))
    plant("hidden entry", "Launch a week later while pricing resumes with the Globex CFO")
    config = ws.root / "site_config.yml"
    config.write_text(CONFIG.replace("history:", LABEL + "history:"), encoding="utf-8")
    commit("other file", "Script in review; the Globex invoice labels are set up\n\nVisibility: 1", 21,
           demo=demo(launch="2026-04-21", script="in-review", secret="Pricing talks resume"))
    plant("other file", "the Globex invoice labels are set up")
    # ... and one that also renames the client of the campaign no client of demo is given.
    commit("other campaign", "Script done; Other Co. cuts the Globex budget\n\nVisibility: 1", 22,
           demo=demo(launch="2026-04-21", script="done", secret="Pricing talks resume"),
           other=other(client="Other Co. Holdings"))
    plant("other campaign", "Other Co. cuts the Globex budget")
    commit("hidden decision", "Launch on the 28th\n\nThe board signed off on the Globex discount.\n\n"
           "Decision: Launch at the Globex discount\nCampaign: demo\nRelates-to: secret\nVisibility: 1", 23,
           demo=demo(launch="2026-04-28", script="done", secret="Pricing talks resume"))
    plant("hidden decision", "The board signed off on the Globex discount")
    # A task `prep` relabelled with a shared message, removed, and its id given to a milestone.
    now = {"launch": "2026-04-28", "script": "done", "secret": "Pricing talks resume"}
    prep = "  - {{id: prep, title: Prep day, label: {label}, deliverable: film}}\n"
    commit("reused id", "Prep planned", 24, demo=demo(**now, tasks=prep.format(label="not-started")))
    commit("reused id", "Prep is stuck: the Globex crew walked out\n\nVisibility: 1", 25,
           demo=demo(**now, tasks=prep.format(label="stuck")))
    commit("reused id", "Prep dropped", 26, demo=demo(**now))
    press = "  - {id: prep, title: Press day, date: 2026-02-02, reached: true}\n"
    commit("reused id", "Press day planned", 27, demo=demo(**now, milestones=press))
    plant("reused id", "the Globex crew walked out")
    # The campaign no client of demo is given: a task added and dropped there.
    workshop = "  - {id: o2, title: Globex rebrand workshop, label: not-started}\n"
    commit("other campaign's events", "Workshop added", 28, other=other("Other Co. Holdings", workshop))
    commit("other campaign's events", "Workshop dropped", 29, other=other("Other Co. Holdings"))
    plant("other campaign's events", "Globex rebrand workshop")
    # A decision clients see, whose reason holds an [internal] span: a commit edits the span, moves the launch.
    reach = ("decisions:\n  - {{id: reach, date: 2026-01-20, title: Reach first, visibility: 1,\n"
             "     why: 'Chosen for reach. [internal]{inside}[/internal]'}}\n")
    now["milestones"] = press
    commit("span", "Decision written down", 30, demo=demo(**now, tasks=reach.format(inside="Globex asked first.")))
    later = {**now, "launch": "2026-05-05"}
    commit("span", "Launch moves: legal wants the new terms\n\nVisibility: 1", 31,
           demo=demo(**later, tasks=reach.format(inside="Globex asked first, then walked.")))
    plant("span", "legal wants the new terms")
    # A decision commit every client would see, then retracted: its title and message go from every site.
    decided = commit("retracted decision", "Launch on 12 May\n\nThe Globex deal needs it.\n\n"
                     "Decision: Launch on the Globex date\nCampaign: demo\nVisibility: 1", 32,
                     demo=demo(**{**later, "launch": "2026-05-12"},
                               tasks=reach.format(inside="Globex asked first, then walked.")))
    commit("retracted decision", f"Withdraw the launch decision\n\nRetracts: {decided[:10]}", 33)
    plant("retracted decision", "Launch on the Globex date")
    cases["retracted message"] = (cases["retracted decision"][0], ["The Globex deal needs it"])
    return ws.root, cases


def site_text(out, audience: str) -> str:
    return " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site_of(out, audience).rglob("*.html"))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


# Where each planted text belongs (audiences that see it) and where it must not be.
LEGITIMATE = {
    "last visibility": (["team", "insiders"], ["client1", "client3"]),
    "parents": (["team", "insiders"], ["client1", "client3"]),
    "plans": (["client1", "team"], ["client0"]),
    "trailer level": (["client3"], ["client1", "client2"]),
    "no trailer": (["team", "insiders"], ["client1", "client3"]),  # defaults.commit: internal
    "hidden entry": (["team"], ["client1", "client3"]),
    "other file": (["team"], ["client1", "client3"]),
    "other campaign": (["team"], ["client1", "insiders"]),
    "hidden decision": (["team"], ["client1", "client3"]),
    "reused id": ([], ["client1", "team"]),
    "other campaign's events": (["team"], ["client1", "insiders"]),
    "span": (["team", "insiders"], ["client1", "client3"]),
    "retracted decision": ([], ["client1", "team"]),
    "retracted message": ([], ["client1", "team"]),
}


def test_the_story_builds_for_every_audience_and_shows_each_text_where_it_belongs(story, tmp_path):
    root, cases = story
    out = tmp_path / "out"
    pipeline.build(root, output=out)  # the gate passed every audience's site
    for case, (shown, hidden) in LEGITIMATE.items():
        text = squash(cases[case][1][0])
        for audience in shown:
            assert text in squash(site_text(out, audience)), (case, audience)
        for audience in hidden:
            assert text not in squash(site_text(out, audience)), (case, audience)


# -- the faults: each drops one rule of HistorySight ---------------------------------------------------


def events_by_their_own_level_only(monkeypatch):
    """A gone entry's events judged by their own level, not the entry's last (as removed while internal)."""
    def sees(self, ch):
        return self.audience.sees_campaign(ch.campaign) and self.audience.reaches(ch.visibility)
    monkeypatch.setattr(HistorySight, "sees", sees)
    return "client1", "last visibility"


def events_without_their_parents(monkeypatch):
    """Events judged without the levels of the entries they referred to (an internal deliverable)."""
    real = HistoryIndex.__init__

    def init(self, workspace):
        real(self, workspace)
        self.by_campaign = {c: [dataclasses.replace(ch, parent_visibility=(), parent_ids=()) for ch in changes]
                            for c, changes in self.by_campaign.items()}
        self.removals = {c: {i: tuple(dataclasses.replace(r, parent_visibility=(), parent_ids=()) for r in removed)
                             for i, removed in gone.items()} for c, gone in self.removals.items()}
    monkeypatch.setattr(HistoryIndex, "__init__", init)
    return "client1", "parents"


def plans_shown_at_tier_zero(monkeypatch):
    """A gone milestone's events shown to tier 0, which sees no plans."""
    monkeypatch.setattr(HistorySight, "_about_gone_plan", lambda self, *args: False)
    return "client0", "plans"


def messages_beyond_their_trailer(monkeypatch):
    """A message shown to a lower tier than its `Visibility:` trailer names."""
    real = HistorySight.sees_message
    monkeypatch.setattr(HistorySight, "sees_message", lambda self, ch: ch.message_visibility is not None and real(
        self, dataclasses.replace(ch, message_visibility=0)))
    return "client1", "trailer level"


def messages_without_a_trailer(monkeypatch):
    """A message with no `Visibility:` trailer (internal by default) shown beside its event."""
    real = HistorySight.sees_message
    monkeypatch.setattr(HistorySight, "sees_message", lambda self, ch: ch.message_visibility is None or real(self, ch))
    return "client1", "no trailer"


def messages_despite_a_hidden_entry_changed(monkeypatch):
    """A message shown although its commit also renamed an internal task."""
    real = HistorySight.sees_message
    monkeypatch.setattr(HistorySight, "_sees_entries_of", lambda self, commit: True)
    monkeypatch.setattr(HistorySight, "sees_message", lambda self, ch: real(
        self, dataclasses.replace(ch, message_ceiling=0)))
    return "client1", "hidden entry"


def messages_despite_another_file_changed(monkeypatch):
    """A message shown although its commit also changed site_config.yml."""
    monkeypatch.setattr(HistorySight, "_sees_files_of", lambda self, commit: True)
    return "client1", "other file"


def messages_despite_another_campaign_changed(monkeypatch):
    """A message shown although its commit also changed a campaign this audience is not given."""
    real = HistoryIndex.__init__

    def init(self, workspace):
        real(self, workspace)
        self.touched = {}
    monkeypatch.setattr(HistoryIndex, "__init__", init)
    return "client1", "other campaign"


def messages_despite_a_hidden_decision(monkeypatch):
    """A decision commit's message shown although the decision relates to an internal task."""
    real = HistoryIndex.__init__

    def init(self, workspace):
        real(self, workspace)
        self.decision_of = {}
    monkeypatch.setattr(HistoryIndex, "__init__", init)
    return "client1", "hidden decision"


def messages_despite_a_span_changed(monkeypatch):
    """A message shown although its commit also edited an [internal] span in a visible decision's reason."""
    real = HistorySight.sees_message
    monkeypatch.setattr(HistorySight, "sees_message", lambda self, ch: real(
        self, dataclasses.replace(ch, message_ceiling=0)))
    return "client1", "span"


def messages_of_a_retracted_commit(monkeypatch):
    """The message of a retracted decision commit shown beside the event it made."""
    real = HistoryIndex.__init__

    def init(self, workspace):
        real(self, workspace)
        self.retracted = frozenset()
    monkeypatch.setattr(HistoryIndex, "__init__", init)
    return "client1", "retracted message"


def decisions_of_a_retracted_commit(monkeypatch):
    """A retracted decision commit kept among the campaign's decisions (a slip in reading the history)."""
    from generator.history import decided

    real = decided.with_decisions
    monkeypatch.setattr(decided, "with_decisions", lambda *args: real(*args[:7]))  # all but `retracted`
    return "client1", "retracted decision"


def events_of_an_entry_of_another_kind(monkeypatch):
    """Events of a task shown under the milestone that took its id after it was removed."""
    def sees_existing(self, ch, existing, shown):
        return ch.entry_id in shown and all(p in shown for p in ch.parent_ids if p in existing)
    monkeypatch.setattr(HistorySight, "_sees_existing", sees_existing)
    return "client1", "reused id"


def _other_campaigns_events_filed_under_each(monkeypatch):
    real = HistoryIndex.__init__

    def init(self, workspace):
        real(self, workspace)
        self.by_campaign = {c: list(workspace.history.changes) for c in workspace.campaigns}
        self.removals = {c: {i: r for gone in workspace.history.removals.values() for i, r in gone.items()}
                         for c in workspace.campaigns}
    seen = HistorySight.sees
    monkeypatch.setattr(HistoryIndex, "__init__", init)
    monkeypatch.setattr(HistorySight, "sees", lambda self, ch: not self.audience.sees_campaign(ch.campaign) or seen(
        self, ch))


def events_of_a_campaign_not_given(monkeypatch):
    """Every campaign's events filed under each campaign built, those of campaigns not given let through."""
    _other_campaigns_events_filed_under_each(monkeypatch)
    return "client1", "other campaign's events"


def events_of_a_campaign_an_internal_audience_is_not_given(monkeypatch):
    """The same, for an internal audience given only one campaign: it sees all of that one, nothing else."""
    _other_campaigns_events_filed_under_each(monkeypatch)
    return "insiders", "other campaign's events"


FAULTS = [events_by_their_own_level_only, events_without_their_parents, plans_shown_at_tier_zero,
          messages_beyond_their_trailer, messages_without_a_trailer, messages_despite_a_hidden_entry_changed,
          messages_despite_another_file_changed, messages_despite_another_campaign_changed,
          messages_despite_a_hidden_decision, events_of_an_entry_of_another_kind, events_of_a_campaign_not_given,
          events_of_a_campaign_an_internal_audience_is_not_given, messages_despite_a_span_changed,
          messages_of_a_retracted_commit, decisions_of_a_retracted_commit]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_a_slip_in_redacting_the_history_fails_the_build(story, tmp_path, monkeypatch, fault):
    root, cases = story
    audience, case = fault(monkeypatch)
    commits, (planted,) = cases[case]
    out = tmp_path / "out"
    with pytest.raises(AuditError) as caught:
        pipeline.build(root, audiences=[audience], output=out)
    findings = [f for f in caught.value.findings if ": hidden text " in f]
    assert findings, caught.value.findings
    origins = [f.split(" from ", 1)[1] for f in findings]
    # named by where it came from: the history of the campaign at one of the case's commits, or the entry it is
    campaign = "other" if "other campaign's" in case else "demo"
    assert any(origin.startswith(f"the history of {campaign} (commit ") and origin[-9:-1] in {c[:8] for c in commits}
               or origin.endswith(f" in {campaign}") and any(c[:8] in origin for c in commits)
               for origin in origins), origins
    assert planted.lower() not in str(caught.value).lower()  # never the hidden text in full
    assert not site_of(out, audience).exists()  # nothing was published


def test_the_gate_reads_span_edits_itself_when_the_ceiling_misses_them(tmp_path, monkeypatch):
    """Redaction's ceiling (diffs.reach) broken to overlook spans inside entries: the gate's own reading of what
    the commit changed (history/hidden_text.py) still refuses the message beside the event it made."""
    from generator.history import diffs

    monkeypatch.setattr(diffs, "_span_text_changed", lambda previous, entry: False)
    reach = ("decisions:\n  - {{id: reach, date: 2026-01-20, title: Reach first, visibility: 1,\n"
             "     why: 'Chosen for reach. [internal]{inside}[/internal]'}}\n")
    ws = GitWorkspace(tmp_path / "ws", CONFIG)
    ws.campaign("demo", demo(tasks=reach.format(inside="Globex asked first.")))
    ws.campaign("other", other())
    ws.commit("Set up", t(10))
    ws.campaign("demo", demo(launch="2026-04-21", tasks=reach.format(inside="Globex asked, then walked.")))
    sha = ws.commit("Launch moves: legal wants the new terms\n\nVisibility: 1", t(11))
    with pytest.raises(AuditError) as caught:
        pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "out")
    assert any(": hidden text " in f and f"(commit {sha[:8]})" in f for f in caught.value.findings), \
        caught.value.findings


def test_receipts_audit_passes_every_audience_of_the_demo(demo_site):
    from generator import cli
    from tests.conftest import REPO

    for audience in ("acme", "harbor", "team"):
        site = site_of(demo_site, audience)
        assert cli.main(["audit", str(site), "--workspace", str(REPO), "--audience", audience]) == 0
