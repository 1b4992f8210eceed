"""A quiet timeline: one event per real change, grouped by week, newest first, filterable by kind.

Two cards for one change are merged (timeline.py builds the cards):

- a task's start (or finish) and the label change that recorded it on the
  same day ("Not started -> In progress") are one card: the task's own, which
  takes the change's reason and commit;
- a date change whose move the entry's own card already shows (its moved
  old -> new) is left out: the entry's card says what moved, and why;
- git's record of an approval step ("Step recorded") is the step's own card,
  and an approval's "Added" is its "Approval requested" of the same day.

Each card belongs to at most one filter (FILTERS), written on the page as
`data-kind` and picked with `?kind=` in the address (theme js/site.js), so a
filtered view can be shared; without script every card shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator import dates as moments
from generator.render.timeline import Target, TimelineItem, build_timeline, moment
from generator.view import AudienceView, VCampaign

FILTERS = ("decisions", "approvals", "dates", "scope", "labels")
_SCOPE = ("change-added", "change-removed", "change-scope")
_MERGES = {"task-start": ("active", "review", "decision", "waiting", "blocked"), "task-done": ("done",)}


def events(view: AudienceView, campaign: VCampaign, target: Target) -> list[TimelineItem]:
    """The campaign's timeline with each real change once, oldest first: what pages and the feed show."""
    labels = {label.id: label.kind for label in view.labels}
    return merge_duplicates(build_timeline(view, campaign, target), view.timezone, labels)


def filter_of(item: TimelineItem) -> str:
    """The filter a card answers to ("" for none: it shows only under "Everything")."""
    if item.kind == "decision":
        return "decisions"
    if item.family == "approval":
        return "approvals"
    if item.kind == "change-date" or item.moved:
        return "dates"
    if item.kind in _SCOPE:
        return "scope"
    if item.kind == "change-label":
        return "labels"
    return ""


def _day(item: TimelineItem, tz: str) -> dt.date:
    return moments.day(item.when, tz)


def merge_duplicates(items: list[TimelineItem], tz: str, label_kinds: dict[str, str]) -> list[TimelineItem]:
    """The items with each real change once (see the module's docstring)."""
    own = {(i.about, i.kind): i for i in items if i.about and i.kind in (*_MERGES, "approval-requested")}
    steps: dict[str, list[TimelineItem]] = {}
    for i in items:
        if i.kind == "approval-step" and i.about:
            steps.setdefault(i.about, []).append(i)
    moves = {(i.about, i.moved) for i in items if i.about and i.moved and not i.kind.startswith("change-")}
    absorbed: dict[tuple, TimelineItem] = {}
    out = []
    for item in items:
        if item.kind == "change-date" and (item.about, item.moved) in moves:
            continue
        target = _merge_target(item, own, steps, tz, label_kinds)
        if target is not None:
            absorbed.setdefault(_key(target), item)
            continue
        out.append(item)
    return [_absorb(i, absorbed.get(_key(i))) for i in out]


def _key(item: TimelineItem) -> tuple:
    return item.about, item.kind, item.when


def _merge_target(item: TimelineItem, own: dict, steps: dict, tz: str, label_kinds: dict[str, str]
                  ) -> TimelineItem | None:
    """The entry's own card that a git event duplicates, if any."""
    if item.about is None:
        return None
    if item.kind == "change-step":  # git recorded a step the page shows: the step's own card
        before = [s for s in steps.get(item.about, ()) if moment(s.when, tz) <= moment(item.when, tz)]
        return max(before, key=lambda s: moment(s.when, tz), default=None)
    if item.kind == "change-added" and item.about.startswith("approval:"):
        target = own.get((item.about, "approval-requested"))
        return target if target is not None and _day(target, tz) == _day(item, tz) else None
    if item.kind != "change-label":
        return None
    new_kind = label_kinds.get(item.label_to or "")
    for kind, kinds in _MERGES.items():
        target = own.get((item.about, kind))
        if target is not None and new_kind in kinds and _day(target, tz) == _day(item, tz):
            return target
    return None


def _absorb(item: TimelineItem, change: TimelineItem | None) -> TimelineItem:
    if change is None:
        return item
    return dataclasses.replace(item, reason=item.reason or change.reason, commit=item.commit or change.commit,
                               detail=item.detail or change.detail)


def week_start(item: TimelineItem, tz: str) -> dt.date:
    day = _day(item, tz)
    return day - dt.timedelta(days=day.weekday())


def weeks(items: list[TimelineItem], tz: str) -> list[tuple[dt.date, list[TimelineItem]]]:
    """(Monday, its items), newest week first and newest item first within a week."""
    ordered = sorted(items, key=lambda i: moment(i.when, tz), reverse=True)
    found: dict[dt.date, list[TimelineItem]] = {}
    for item in ordered:
        found.setdefault(week_start(item, tz), []).append(item)
    return list(found.items())
