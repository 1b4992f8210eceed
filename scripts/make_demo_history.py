#!/usr/bin/env python3
"""Replay the demo campaigns' evolution as git history, byte for byte the same every run.

The campaign files in content/campaigns/ are the last state. This script
writes the versions before them (tasks moving through their labels, the
launch moved a week, approval steps written down a little after they
happened, a deliverable added after kickoff, entries added and removed) and
commits them with pinned authors and dates, including decision commits with
trailers. Every version is checked with the same strict reader the build
uses, and the last commit's files must equal the workspace's.

    python scripts/make_demo_history.py                  # -> content/history.bundle
    python scripts/make_demo_history.py --bundle FILE    # another bundle file
    python scripts/make_demo_history.py --repo DIR       # a normal repository in DIR

Same git version, same bytes: commits are pinned (authors, dates, messages,
no signing, no hooks, no user configuration) and the bundle is packed with
one thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.load.config import load_config  # noqa: E402
from generator.load.campaigns import read_campaign  # noqa: E402

CAMPAIGNS = ("harbor-rebrand", "spring-launch")
TZ = ZoneInfo("Europe/Madrid")
UNMAPPED = "studio-bot@northwind.example"  # a script of the studio, not in people:

# -- a campaign file at an earlier moment: the last text, minus what came later ------


@dataclass
class State:
    """How a campaign file differed from its last version at some moment."""

    absent: set[str] = field(default_factory=set)  # entry ids (notes: note:<date>) not yet written
    fields: dict[tuple[str, str], str | None] = field(default_factory=dict)  # None: line not there yet
    counts: dict[str, int] = field(default_factory=dict)  # steps, comments, points kept so far
    extras: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (section, text): later removed


def _items(block: str, indent: int) -> tuple[str, list[str]]:
    """A block cut before each line that starts a list item at `indent`."""
    parts = block.rstrip("\n").split("\n" + " " * indent + "- ")
    return parts[0] + "\n", [" " * indent + "- " + p + "\n" for p in parts[1:]]


def _item_id(item: str) -> str:
    found = re.match(r"\s*- \{?(id|date): ([A-Za-z0-9-]+)", item)
    return found.group(2) if found.group(1) == "id" else f"note:{found.group(2)}"


def _set_field(item: str, name: str, value: str | None) -> str:
    block = re.compile(rf"(?m)^( +(?:- )?){name}: .*\n")
    if block.search(item):
        return block.sub("" if value is None else rf"\g<1>{name}: {value}\n", item, count=1)
    flow = re.compile(rf"(, )?\b{name}: [^,}}]+")
    if not flow.search(item):
        raise SystemExit(f"no field {name} in:\n{item}")
    return flow.sub("" if value is None else rf"\g<1>{name}: {value}", item, count=1)


def _keep(item: str, key: str, indent: int, count: int | None) -> str:
    """Keep the first `count` children of the list under `key` (the item's last key)."""
    if count is None:
        return item
    key_line = "\n" + " " * (indent - 2) + f"{key}:\n"
    at = item.find(key_line)
    if at < 0:
        raise SystemExit(f"no {key}: in:\n{item}")
    head, children = _items(item[at + len(key_line) - 1:], indent)
    if count == 0:
        return item[:at + 1]
    return item[:at] + key_line + "".join(children[:count])


def _render_item(item: str, state: State) -> str | None:
    entry = _item_id(item)
    if entry in state.absent:
        return None
    for (owner, name), value in state.fields.items():
        if owner == entry:
            item = _set_field(item, name, value)
    if entry in state.counts:
        nested = {"steps": 6, "comments": 6, "points": 8}
        key = next(k for k in nested if f"\n{' ' * (nested[k] - 2)}{k}:\n" in item)
        item = _keep(item, key, nested[key], state.counts[entry])
    return item


def _render_list(block: str, indent: int, state: State, section: str) -> str:
    head, items = _items(block, indent)
    kept = [r for r in (_render_item(i, state) for i in items) if r is not None]
    kept += [text for where, text in state.extras.values() if where == section]
    return head + "".join(kept) if kept else ""


def render(last: str, state: State) -> str:
    pieces = re.split(r"\n(?=[a-z])", last.rstrip("\n"))
    out = []
    for piece in pieces:
        piece += "\n"
        key = piece.split(":", 1)[0]
        if key in ("milestones", "tasks", "decisions", "approvals", "notes", "assets"):
            piece = _render_list(piece, 2, state, key)
        elif key == "brief":
            goals, deliverables = piece.split("\n  deliverables:\n")
            piece = goals + "\n" + _render_list("  deliverables:\n" + deliverables, 4, state, "deliverables")
        elif key == "kpis":
            piece = _render_kpis(piece, state)
        out.append(piece)
    return "".join(out)


def _render_kpis(piece: str, state: State) -> str:
    """kpis: with the NPS points and series written so far; nothing at all before."""
    nps, series = piece.split("\n  series:\n")
    head, points = _items(nps, 4)
    points = points[:state.counts.get("nps", len(points))]
    listed = _render_list("  series:\n" + series, 4, state, "series")
    text = (head + "".join(points) if points else "kpis:\n") + listed
    return "" if text == "kpis:\n" else text


def check(text: str, file: str, config, when: str) -> None:
    campaign, problems = read_campaign(text.encode("utf-8"), file, config, None)
    if problems or campaign is None:
        raise SystemExit(f"the version of {file} at {when} is invalid:\n" + "\n".join(map(str, problems)))


# -- the story ----------------------------------------------------------------------


@dataclass
class Commit:
    when: str  # Europe/Madrid wall time, "YYYY-MM-DD HH:MM"
    author: str  # a person id, or an e-mail address not in people:
    message: str
    edits: dict[str, dict] = field(default_factory=dict)  # campaign id -> edit


def apply(state: State, edit: dict) -> None:
    for entry in edit.get("add", ()):
        state.absent.discard(entry)
    for key, value in edit.get("set", {}).items():
        state.fields[key] = value
    for key in edit.get("final", ()):
        state.fields.pop(key)
    for entry, count in edit.get("count", {}).items():
        if count is None:
            state.counts.pop(entry)
        else:
            state.counts[entry] = count
    state.extras.update(edit.get("extra", {}))
    for entry in edit.get("remove", ()):
        state.extras.pop(entry)


PRINT_MAILER = """\
  - id: print-mailer
    title: Printed door-drop mailer for the launch
    owner: aisha
    label: not-started
    start: 2026-03-02
    due: 2026-03-27
"""
CMO_SOUNDING = """\
  - id: cannes-sounding
    title: Sound out the CMO on a Cannes Lions entry before we pitch it
    owner: maria
    label: in-progress
    start: 2026-03-23
    due: 2026-04-03
    visibility: internal
"""
MENU_PHOTOS = """\
  - id: menu-photos
    title: Menu photography for the six cafés
    owner: aisha
    label: not-started
    start: 2026-03-02
    due: 2026-03-20
"""


def initial_states() -> dict[str, State]:
    spring = State(
        absent={"landing-page", "legal-clearance", "award-entry-call", "ooh-adaptations", "claims-copy",
                "music-licence", "landing-page-build", "influencer-seeding", "budget-reconciliation",
                "concept", "absorb-overrun", "launch-date", "storyboard-v2", "hero-final-cut", "claims-v4",
                "note:2026-02-09", "note:2026-03-31", "note:2026-04-02", "key-visual-final", "hero-final",
                "waitlist", "teaser-reach"},
        fields={("kickoff", "reached"): "false", ("concept-lock", "reached"): "false",
                ("shoot", "reached"): "false", ("launch", "date"): "2026-04-14",
                ("hero-video", "due"): "2026-03-27",
                ("research", "label"): "not-started", ("research", "done"): None,
                ("storyboard", "label"): "not-started", ("storyboard", "done"): None,
                ("hero-edit", "label"): "not-started", ("hero-edit", "done"): None,
                ("key-visual-design", "label"): "not-started", ("key-visual-design", "done"): None,
                ("cutdowns-edit", "label"): "not-started", ("media-plan", "label"): "not-started"},
        counts={"nps": 0},
        extras={"print-mailer": ("tasks", PRINT_MAILER)},
    )
    harbor = State(
        absent={"signage", "signage-install", "packaging-copy", "signage-design", "shop-refresh",
                "lighthouse-mark", "compostable-bags", "logo-v3", "note:2026-03-24", "note:2026-04-06",
                "note:2026-04-08", "harbor-logo-final", "brand-guidelines-final", "cup-artwork-final",
                "beans-share", "loyalty-visits"},
        fields={("kickoff", "reached"): "false", ("strategy-signoff", "reached"): "false",
                ("identity-approved", "reached"): "false",
                ("stakeholder-interviews", "label"): "not-started", ("stakeholder-interviews", "done"): None,
                ("logo-design", "label"): "not-started", ("logo-design", "done"): None,
                ("guidelines-doc", "label"): "not-started", ("guidelines-doc", "done"): None,
                ("packaging-design", "label"): "not-started"},
        counts={"nps": 0},
    )
    return {"spring-launch": spring, "harbor-rebrand": harbor}


def label(task: str, value: str) -> dict:
    return {"set": {(task, "label"): value}}


def merge(*edits: dict) -> dict:
    out: dict = {}
    for edit in edits:
        for key, value in edit.items():
            if isinstance(value, dict):
                out.setdefault(key, {}).update(value)
            else:
                out[key] = list(out.get(key, [])) + list(value)
    return out


S, H = "spring-launch", "harbor-rebrand"

STORY = [
    Commit("2026-01-05 16:00", "tomas", "Set up the Harbor Coffee rebrand\n\nBrief, first milestones and tasks "
           "from the proposal Nora signed.", {H: {}}),
    Commit("2026-01-08 19:00", "ben", "Kickoff at the roastery done; interviews start",
           {H: merge({"final": [("kickoff", "reached")]}, label("stakeholder-interviews", "in-progress"))}),
    Commit("2026-01-09 10:00", "tomas", "Set up the Spring Launch 2026 campaign\n\nBrief and plan as agreed "
           "in the pitch; the landing page is not in scope.", {S: {}}),
    Commit("2026-01-12 18:30", "maria", "Kickoff workshop at Acme HQ done",
           {S: merge({"final": [("kickoff", "reached")], "count": {"nps": 1}}, label("research", "in-progress"))}),
    Commit("2026-01-15 12:00", UNMAPPED, "Import the weekly numbers",
           {H: {"add": ["loyalty-visits"], "count": {"nps": 1, "loyalty-visits": 1}}}),
    Commit("2026-01-19 10:00", "tomas", "Add café signage to the scope\n\nNora asked for the signage and menu "
           "boards of all six cafés after the kickoff; the install lands before the reopening.\n\n"
           "Visibility: 1",
           {H: {"add": ["signage", "signage-install", "signage-design"],
                "set": {("signage-install", "date"): "2026-05-22"},
                "extra": {"menu-photos": ("tasks", MENU_PHOTOS)}}}),
    Commit("2026-01-20 09:00", "tomas", "Record the reopening date\n\nNora fixed the reopening of the flagship "
           "for Saturday 6 June: the week after the signage install, before the summer terrace season.\n\n"
           "Decision: Reopening day is Saturday 6 June\nCampaign: harbor-rebrand\n"
           "Relates-to: reopening\nDecided-by: nora, tomas\nVisibility: 2"),
    Commit("2026-01-22 17:00", "ben", "Insight deck delivered",
           {S: {"final": [("research", "label"), ("research", "done")]}}),
    Commit("2026-01-22 18:00", "ben", "Interviews done: founders, baristas, regulars",
           {H: {"final": [("stakeholder-interviews", "label"), ("stakeholder-interviews", "done")]}}),
    Commit("2026-01-26 09:00", "aisha", "Logo work starts", {H: label("logo-design", "in-progress")}),
    Commit("2026-01-26 09:15", "maria", "Storyboard started", {S: label("storyboard", "in-progress")}),
    Commit("2026-01-28 16:00", "maria", "Storyboard waits on the concept call\n\nNo point drawing frames "
           "for three routes; Raj keeps pushing the grandmother idea.",
           {S: label("storyboard", "needs-decision")}),
    Commit("2026-01-30 09:20", "ben", "Add Lisbon to the casting brief\n\nJane asked for at least one of the "
           "mornings in Lisbon: Portugal is a third of the media budget. The casting brief now covers "
           "Barcelona and Lisbon.\n\nDecision: Cast the mornings in Barcelona and Lisbon\n"
           "Campaign: spring-launch\nRelates-to: shoot\nDecided-by: maria, jane\nVisibility: 2\n"
           "Signed-off-by: Ben Okafor <ben@northwind.example>"),
    Commit("2026-01-30 19:00", "maria", "Concept locked: the ten quiet minutes\n\nThe morning-ritual route "
           "won the pulse survey; storyboard back in progress.\n\nVisibility: 2",
           {S: merge({"final": [("concept-lock", "reached")]}, label("storyboard", "in-progress"))}),
    # The decision holds internal comments and spans: it goes in a commit of its own, or the shared
    # message above would be kept from Acme (a message may speak of anything its commit changed).
    Commit("2026-01-30 19:02", "maria", "Record the concept decision", {S: {"add": ["concept"]}}),
    Commit("2026-02-02 10:30", "maria", "Storyboard v2 sent for approval",
           {S: merge({"add": ["storyboard-v2"], "count": {"storyboard-v2": 0}}, label("storyboard", "in-review"))}),
    Commit("2026-02-05 09:30", "lucia", "Record Raj's changes to storyboard v2\n\nRaj's redlines arrived the "
           "evening before; back to the drawing board for frames 3 and 6.",
           {S: merge({"count": {"storyboard-v2": 1}}, label("storyboard", "in-progress"))}),
    Commit("2026-02-06 17:00", "ben", "Brand platform signed off",
           {H: {"final": [("strategy-signoff", "reached")]}}),
    Commit("2026-02-09 11:00", "maria", "Storyboard v2 approved by Jane",
           {S: merge({"count": {"storyboard-v2": None}, "add": ["note:2026-02-09"],
                      "final": [("storyboard", "label"), ("storyboard", "done")]},
                     label("key-visual-design", "in-progress"))}),
    Commit("2026-02-09 12:00", UNMAPPED, "Import the weekly numbers",
           {H: {"add": ["beans-share"], "count": {"beans-share": 1, "loyalty-visits": 2}}}),
    Commit("2026-02-12 12:00", "tomas", "Quietly eat the storyboard overrun\n\nNo change order for the "
           "third storyboard round; logged for the budget review.",
           {S: {"add": ["absorb-overrun"], "set": {("absorb-overrun", "relates_to"): "[storyboard]"}}}),
    Commit("2026-02-13 10:00", "ben", "February pulse: NPS 38", {S: {"count": {"nps": 2}}}),
    Commit("2026-02-16 16:20", "tomas", "Acme adds a trial sign-up page to the brief\n\nAcme wants the "
           "launch to collect trial sign-ups; the printed mailer is dropped to make room in the budget.\n\n"
           "Visibility: 1",
           {S: {"add": ["landing-page", "landing-page-build"], "set": {("landing-page-build", "label"): "not-started"},
                "remove": ["print-mailer"]}}),
    Commit("2026-02-20 10:30", "aisha", "Logo v3 sent to Nora and Sam",
           {H: merge({"add": ["logo-v3"], "count": {"logo-v3": 0}}, label("logo-design", "in-review"))}),
    Commit("2026-02-23 10:00", "aisha", "Record the logo v3 feedback",
           {H: merge({"count": {"logo-v3": 2}}, label("logo-design", "in-progress"))}),
    Commit("2026-02-24 20:00", "lucia", "Shoot wrapped", {S: {"final": [("shoot", "reached")]}}),
    Commit("2026-02-26 09:00", "lucia", "Edit starts", {S: label("hero-edit", "in-progress")}),
    Commit("2026-02-26 18:00", "aisha", "Lighthouse logo approved",
           {H: {"count": {"logo-v3": None}, "add": ["lighthouse-mark"],
                "final": [("logo-design", "label"), ("logo-design", "done"), ("identity-approved", "reached")]}}),
    Commit("2026-02-27 11:00", "jonas", "Add the claims copy task",
           {S: {"add": ["claims-copy"], "set": {("claims-copy", "label"): "not-started",
                                               ("claims-copy", "due"): "2026-03-13"}}}),
    Commit("2026-02-27 12:00", "aisha", "Publish the final logo",
           {H: {"add": ["harbor-logo-final"], "count": {"nps": 2}}}),
    Commit("2026-03-02 09:00", "aisha", "Guidelines start; drop the menu photography\n\nHarbor keeps its "
           "hand-drawn menu illustrations.",
           {H: merge({"remove": ["menu-photos"]}, label("guidelines-doc", "in-progress"))}),
    Commit("2026-03-02 09:30", "jonas", "Claims copy in progress; influencer seeding planned",
           {S: merge({"add": ["influencer-seeding"]}, label("claims-copy", "in-progress"))}),
    Commit("2026-03-09 09:00", "aisha", "Bag and cup artwork started", {H: label("packaging-design", "in-progress")}),
    Commit("2026-03-09 10:00", UNMAPPED, "Import the weekly numbers",
           {H: {"count": {"beans-share": 2, "loyalty-visits": 3}}}),
    Commit("2026-03-09 18:00", "ben", "Media plan started; waitlist numbers",
           {S: merge({"add": ["waitlist"], "count": {"waitlist": 1}}, label("media-plan", "in-progress"))}),
    Commit("2026-03-12 17:30", "aisha", "Key visual final\n\nClaims copy gets another week.",
           {S: {"add": ["key-visual-final"], "final": [("key-visual-design", "label"),
                                                      ("key-visual-design", "done"), ("claims-copy", "due")]}}),
    Commit("2026-03-13 12:00", "lucia", "Plan the outdoor adaptations and the music licence",
           {S: {"add": ["ooh-adaptations", "music-licence"], "count": {"nps": 3},
                "set": {("ooh-adaptations", "label"): "not-started", ("music-licence", "label"): "not-started"}}}),
    Commit("2026-03-16 10:00", "aisha", "Adaptations, licence and landing page under way",
           {S: {"add": ["teaser-reach"], "count": {"waitlist": 2, "teaser-reach": 1},
                "set": {("ooh-adaptations", "label"): "in-progress", ("music-licence", "label"): "in-progress",
                        ("landing-page-build", "label"): "in-progress"}}}),
    Commit("2026-03-16 10:30", "jonas", "Origin stories for the bags",
           {H: {"add": ["packaging-copy"], "set": {("packaging-copy", "label"): "in-progress",
                                                  ("packaging-copy", "due"): "2026-03-27"}}}),
    Commit("2026-03-20 12:00", "jonas", "Claims copy with Acme Legal",
           {S: {"add": ["legal-clearance"], "final": [("claims-copy", "label")]}}),
    Commit("2026-03-20 16:00", "ben", "Media plan sent to Jane", {S: {"final": [("media-plan", "label")]}}),
    Commit("2026-03-23 09:00", "maria", "Pencil in the Cannes Lions go/no-go\n\nNot a word to Acme before "
           "the CMO has been sounded out.",
           {S: {"add": ["award-entry-call"], "count": {"waitlist": 3, "teaser-reach": 2},
                "extra": {"cannes-sounding": ("tasks", CMO_SOUNDING)}}}),
    Commit("2026-03-23 10:00", "pau", "Shop refresh started",
           {H: {"add": ["shop-refresh"], "set": {("shop-refresh", "label"): "in-progress"}}}),
    Commit("2026-03-24 18:00", "aisha", "Guidelines out; the signage install moves a week\n\nThe installers "
           "need the extra week to work café by café.\n\nVisibility: 1",
           {H: {"add": ["brand-guidelines-final"],
                "final": [("guidelines-doc", "label"), ("guidelines-doc", "done"), ("signage-install", "date")]}}),
    # A shared message goes in a commit of its own: one that also changed the team's notes would be kept back.
    Commit("2026-03-24 18:05", "aisha", "Note the installers' week", {H: {"add": ["note:2026-03-24"]}}),
    Commit("2026-03-24 19:00", "maria", "Signage per façade\n\nThe Ruzafa landlord threatened to complain to "
           "the council about the old lightbox; every café gets signage that passes its own heritage rules "
           "rather than one design for all six.\n\nDecision: Signage follows each façade's heritage rules\n"
           "Campaign: harbor-rebrand\nRelates-to: signage-design, signage-install\nDecided-by: nora, maria"),
    Commit("2026-03-25 11:00", "jonas", "Origin stories due a week later", {H: {"final": [("packaging-copy", "due")]}}),
    Commit("2026-03-27 12:30", "lucia", "Hero film final cut sent for approval",
           {S: merge({"add": ["hero-final-cut"], "count": {"hero-final-cut": 0}}, label("hero-edit", "in-review"))}),
    Commit("2026-03-27 14:00", "lucia", "Compostable bags from Gráficas Turia", {H: {"add": ["compostable-bags"]}}),
    Commit("2026-03-30 15:00", "lucia", "Record Jane's end-card changes; hero video due 3 April\n\n"
           "Visibility: 3",
           {S: {"count": {"hero-final-cut": 1, "waitlist": 4, "teaser-reach": 3},
                "final": [("hero-video", "due")]}}),
    Commit("2026-03-31 18:00", "lucia", "Sonora still silent: the music licence is stuck\n\nThird chase "
           "today; the Artlist fallback is ready.",
           {S: {"add": ["note:2026-03-31"], "final": [("music-licence", "label")]}}),
    Commit("2026-04-01 10:00", "jonas", "Origin stories wait on Nora's farm details",
           {H: {"count": {"nps": None, "beans-share": None}, "final": [("packaging-copy", "label")]}}),
    Commit("2026-04-01 18:30", "lucia", "Hero film approved as final",
           {S: {"count": {"hero-final-cut": None}, "final": [("hero-edit", "label"), ("hero-edit", "done")]}}),
    Commit("2026-04-02 13:00", "tomas", "Move the launch to 21 April for Acme Legal's review\n\nAcme Legal "
           "checks the satiety claim before anything goes live; media flights move with it.\n\n"
           "Visibility: 1",
           {S: {"final": [("launch", "date"), ("cutdowns-edit", "label")]}}),
    Commit("2026-04-02 13:02", "tomas", "Record the launch decision", {S: {"add": ["launch-date"]}}),
    Commit("2026-04-02 13:05", "tomas", "Note the legal review", {S: {"add": ["note:2026-04-02"]}}),
    Commit("2026-04-02 16:00", "pau", "Landing page waits on the sign-up flow decision",
           {S: {"final": [("landing-page-build", "label")]}}),
    Commit("2026-04-03 10:00", "ben", "Hero film live; claims v4 with Legal",
           {S: {"add": ["hero-final", "claims-v4"], "count": {"nps": None, "claims-v4": 0}}}),
    Commit("2026-04-06 09:00", UNMAPPED, "Import the weekly numbers", {H: {"count": {"loyalty-visits": None}}}),
    Commit("2026-04-06 09:30", "tomas", "Start reconciling the production budget\n\nWe are EUR 2,400 over on "
           "the metro rebooking alone. The Cannes sounding is folded into the go/no-go milestone.",
           {S: {"add": ["budget-reconciliation"], "count": {"waitlist": None, "teaser-reach": None},
                "final": [("absorb-overrun", "relates_to")], "remove": ["cannes-sounding"]}}),
    Commit("2026-04-06 11:00", "lucia", "Print slot confirmed for 17 April",
           {H: merge({"add": ["note:2026-04-06"]}, {"final": [("packaging-design", "label")]})}),
    Commit("2026-04-07 18:00", "jonas", "Record Carla's changes to claims v4",
           {S: merge({"count": {"claims-v4": None}}, {"final": [("ooh-adaptations", "label")]})}),
    Commit("2026-04-07 19:00", "maria", "Brief the fallback tracks now\n\nSonora has not answered three "
           "chases; Lucía briefs the two Artlist tracks so the cut-downs are not held up.\n\n"
           "Decision: Brief the Artlist fallback tracks for the cut-downs\nCampaign: spring-launch\n"
           "Relates-to: music-licence, cutdowns-edit\nDecided-by: maria, lucia\nVisibility: internal"),
    Commit("2026-04-08 09:30", "pau", "Shop refresh on hold; cup artwork published",
           {H: {"add": ["note:2026-04-08", "cup-artwork-final"], "final": [("shop-refresh", "label")]}}),
]

# -- git ------------------------------------------------------------------------------


def _env(home: str, person: tuple[str, str], when: str) -> dict[str, str]:
    local = dt.datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    stamp = local.isoformat()
    name, email = person
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update({
        "HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C", "TZ": "UTC",
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": stamp,
    })
    return env


_PINNED = ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
           "-c", "init.defaultBranch=main", "-c", "pack.threads=1", "-c", "core.fsmonitor=false"]


def _git(repo: Path, env: dict, *args: str, stdin: bytes | None = None) -> None:
    subprocess.run(["git", *_PINNED, *args], cwd=repo, env=env, input=stdin, check=True,
                   stdout=subprocess.DEVNULL)


def _person(author: str, people) -> tuple[str, str]:
    if "@" in author:
        return "Studio bot", author
    return people[author].name, people[author].emails[0]


def replay(repo: Path) -> None:
    config, problems = load_config(REPO)
    if config is None:
        raise SystemExit("\n".join(map(str, problems)))
    last = {c: (REPO / "content" / "campaigns" / f"{c}.yml").read_text(encoding="utf-8") for c in CAMPAIGNS}
    states = initial_states()
    home = str(repo.parent)
    first = _env(home, ("Receipts", "demo@northwind.example"), STORY[0].when)
    _git(repo, first, "init", "--quiet", "--initial-branch=main", ".")
    folder = repo / "content" / "campaigns"
    folder.mkdir(parents=True)
    for commit in sorted(STORY, key=lambda c: c.when):
        env = _env(home, _person(commit.author, config.people), commit.when)
        for campaign, edit in commit.edits.items():
            apply(states[campaign], edit)
            file = f"content/campaigns/{campaign}.yml"
            text = render(last[campaign], states[campaign])
            check(text, file, config, commit.when)
            (repo / file).write_text(text, encoding="utf-8")
            _git(repo, env, "add", "--", file)
        _git(repo, env, "commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "--no-verify", "-F", "-",
             stdin=(commit.message.rstrip("\n") + "\n").encode("utf-8"))
    for campaign in CAMPAIGNS:
        final = (folder / f"{campaign}.yml").read_text(encoding="utf-8")
        if final != last[campaign] or states[campaign] != State():
            raise SystemExit(f"the story does not end at content/campaigns/{campaign}.yml; "
                             f"left over: {states[campaign]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--bundle", type=Path, default=REPO / "content" / "history.bundle",
                       help="write a git bundle here (default: content/history.bundle)")
    where.add_argument("--repo", type=Path, help="write a normal repository in this new folder instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="receipts-demo-history-") as temp:
        repo = Path(temp) / "history"
        repo.mkdir()
        replay(repo)
        env = _env(temp, ("Receipts", "demo@northwind.example"), STORY[-1].when)
        if args.repo is not None:
            if args.repo.exists():
                raise SystemExit(f"{args.repo} already exists; give a new folder")
            shutil.copytree(repo, args.repo, symlinks=True)
            print(f"wrote a repository with {len(STORY)} commits to {args.repo}")
            return 0
        out = args.bundle.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        _git(repo, env, "bundle", "create", "--quiet", str(out), "HEAD", "main")
    print(f"wrote {len(STORY)} commits to {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
