"""Cross-entry checks of one campaign: ids, references, time order.

Runs after the entries are read, so it reports against each entry's line and
a key path naming the entry by id (`tasks[storyboard].owner`).
"""

from __future__ import annotations

from generator.load.reader import Reader
from generator.model import ENTRY_GROUPS, Campaign, SiteConfig

NPS_ID = "nps"
"""The NPS series' own id (redaction and history key it so): no entry of any kind may take it."""

# How each group of entries is written in a campaign file, for messages.
_GROUP_PATHS = {group: group for group in ENTRY_GROUPS} | {"deliverables": "brief.deliverables",
                                                            "series": "kpis.series"}


def check_references(r: Reader, c: Campaign, config: SiteConfig) -> None:
    if _all_hold(c, config):
        return  # the common case, in a few set operations; the walk below is for naming what is wrong
    ids = _check_unique_ids(r, c)
    _check_reserved_ids(r, c)
    deliverables = {d.id for d in c.deliverables}
    _check_task_refs(r, c, config, deliverables)
    _check_decision_refs(r, c, config.people, ids)
    subjects = deliverables | {t.id for t in c.tasks}
    for a in c.approvals:
        where = f"approvals[{a.id}]"
        _expect(r, a.subject, subjects, a, "subject", f"{where}.subject", "task or deliverable of this campaign")
        for index, step in enumerate(a.steps):
            item = r.item_of(step, f"steps[{index}]")
            _expect(r, step.by, config.people, step, "by", f"{where}.{item}.by", "person")
        _check_time_order(r, a, where)
    for index, n in enumerate(c.notes):
        _expect(r, n.about, ids, n, "about", f"{r.item_of(n, f'notes[{index}]')}.about", "entry id of this campaign")
    for asset in c.assets:
        _expect(r, asset.deliverable, deliverables, asset, "deliverable", f"assets[{asset.id}].deliverable",
                "deliverable of this campaign")


def _expect(r: Reader, value, known, entry, key: str, path: str, what: str) -> None:
    if value is not None and value not in known:
        r.fail(None, path, f"'{value}' is not a known {what}", line=r.line_of(entry, key))


def _check_task_refs(r: Reader, c: Campaign, config: SiteConfig, deliverables: set[str]) -> None:
    for t in c.tasks:
        where = f"tasks[{t.id}]"
        _expect(r, t.owner, config.people, t, "owner", f"{where}.owner", "person (see people: in site_config.yml)")
        if t.label:
            _expect(r, t.label, config.labels, t, "label", f"{where}.label",
                    f"label; expected one of {', '.join(config.labels)}")
        _expect(r, t.deliverable, deliverables, t, "deliverable", f"{where}.deliverable",
                "deliverable of this campaign")


def _check_decision_refs(r: Reader, c: Campaign, people: dict, ids: set[str]) -> None:
    for d in c.decisions:
        where = f"decisions[{d.id}]"
        for person in d.decided_by:
            _expect(r, person, people, d, "decided_by", f"{where}.decided_by", "person")
        for ref in d.relates_to:
            _expect(r, ref, ids, d, "relates_to", f"{where}.relates_to", "entry id of this campaign")
        for index, comment in enumerate(d.comments):
            item = r.item_of(comment, f"comments[{index}]")
            _expect(r, comment.by, people, comment, "by", f"{where}.{item}.by", "person")


def _all_hold(c: Campaign, config: SiteConfig) -> bool:
    """True when check_references would find nothing: every check below, as a yes or no.

    A history holds thousands of versions of a campaign, so the checks must
    be cheap when all is well. tests/unit/test_campaign_refs.py holds this
    to the detailed checks on every kind of mistake.
    """
    ids = [e.id for e in c.entries()]
    known = set(ids)
    if len(known) != len(ids) or NPS_ID in known:
        return False
    people = config.people.keys()
    deliverables = {d.id for d in c.deliverables}
    subjects = deliverables | {t.id for t in c.tasks}
    persons = {t.owner for t in c.tasks} | {p for d in c.decisions for p in d.decided_by} \
        | {m.by for d in c.decisions for m in d.comments} | {s.by for a in c.approvals for s in a.steps}
    persons.discard(None)
    labels = {t.label for t in c.tasks if t.label}
    parts = {t.deliverable for t in c.tasks} | {a.deliverable for a in c.assets}
    parts.discard(None)
    refs = {ref for d in c.decisions for ref in d.relates_to} | {n.about for n in c.notes}
    refs.discard(None)
    return (persons <= people and labels <= config.labels.keys() and parts <= deliverables and refs <= known
            and {a.subject for a in c.approvals} <= subjects and all(_in_time_order(a) for a in c.approvals))


def _in_time_order(a) -> bool:
    if a.due is not None and a.due < a.requested:
        return False
    previous = a.requested
    for step in a.steps:
        if step.at < previous:
            return False
        previous = step.at
    return True


def _check_unique_ids(r: Reader, c: Campaign) -> set[str]:
    first: dict[str, object] = {}  # id -> the entry that used it first; lines are looked up only for a problem
    for group in ENTRY_GROUPS:
        for index, entry in enumerate(getattr(c, group)):
            earlier = first.get(entry.id)
            if earlier is None:
                first[entry.id] = entry
            else:  # (the same object may stand twice: identical pieces of text are read once)
                r.fail(None, r.path_of(entry, f"{_GROUP_PATHS[group]}[{index}]") + ".id",
                       f"duplicate id '{entry.id}' (first used on line {r.line_of(earlier, 'id')}); "
                       "ids are unique across all entries of a campaign", line=r.line_of(entry, "id"))
    return set(first)


def _check_reserved_ids(r: Reader, c: Campaign) -> None:
    for group in ENTRY_GROUPS:
        for entry in getattr(c, group):
            if entry.id == NPS_ID:
                r.fail(None, f"{_GROUP_PATHS[group]}[{entry.id}].id",
                       f"the id '{NPS_ID}' is the NPS series' own; choose another", line=r.line_of(entry, "id"))


def _check_time_order(r: Reader, a, where: str) -> None:
    if a.due is not None and a.due < a.requested:
        r.fail(None, f"{where}.due", f"due {a.due:%Y-%m-%d %H:%M} is before requested; expected a later time",
               line=r.line_of(a, "due"))
    previous = a.requested
    for index, step in enumerate(a.steps):
        if step.at < previous:
            r.fail(None, f"{where}.{r.item_of(step, f'steps[{index}]')}.at",
                   f"{step.at:%Y-%m-%d %H:%M} is earlier than the step or request before it; "
                   "expected steps in time order", line=r.line_of(step, "at"))
        previous = max(previous, step.at)
