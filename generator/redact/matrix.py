"""The redaction matrix of an internal audience: every item it sees, and for each audience why it shows or not.

An item is an entry, a sub-entry (a decision's comment, an approval's
step, a KPI point), a note, or an `[internal]` span (shown by its first
words). Each audience's answer is its verdict from why.py and
visible.py, the functions the redactor keeps or drops the same items by
(entries.py), so the matrix says "shown" exactly where that audience's
site shows the item. The viewer's own rows are the items it sees: an
internal site at tier 2 lists no tier-4 note, even by its first words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator import spans
from generator.model import (
    INTERNAL,
    Approval,
    Audience,
    Campaign,
    Decision,
    KpiSeries,
    Workspace,
    entry_kind,
    entry_title,
    visibility_name,
)
from generator.redact.visible import entries_with_nps
from generator.redact.why import (
    CAMPAIGN_NOT_GIVEN,
    VISIBLE,
    Verdict,
    child_verdict,
    note_verdict,
    span_verdict,
)
from generator.view import MatrixCell, MatrixRow

FIRST_WORDS = 8  # of a note, comment, step or span: enough to tell it apart, short enough for a table


@dataclass(frozen=True)
class Item:
    """One row's item, with one audience's verdict on it."""

    key: str  # unique in its campaign
    kind: str
    label: str  # the id column: an entry's id; a sub-entry's parent id and place
    level: int  # its own visibility as written
    verdict: Verdict
    source: Any  # the entry or sub-entry (a span: its text), for the viewer's title
    within: str = ""


@dataclass(frozen=True)
class Words:
    """The viewer's way of writing text and people (the redactor's own, so a title reads as on its site)."""

    text: Callable[[str], str]
    person: Callable[[str], str]


# Free text of each kind that may hold spans: (field, value) pairs.
def _texts(thing) -> list[tuple[str, str]]:
    if isinstance(thing, Campaign):
        return [("title", thing.title), ("client", thing.client), ("summary", thing.summary)] + [
            (f"goal {n}", goal) for n, goal in enumerate(thing.goals, start=1)]
    if isinstance(thing, Decision):
        return [("title", thing.title), ("why", thing.why)] + [
            (f"alternative {n}", alt) for n, alt in enumerate(thing.alternatives, start=1)]
    if isinstance(thing, Approval):
        return [("version", thing.version)] if thing.version else []
    if isinstance(thing, KpiSeries):
        return [("title", thing.title), ("unit", thing.unit)]
    for field in ("title", "text", "comment"):  # entries, notes, comments, steps
        if isinstance(getattr(thing, field, None), str):
            return [(field, getattr(thing, field))]
    return []


def _spans(thing, key: str, label: str, where: str, audience: Audience, holder: Verdict) -> Iterator[Item]:
    for field, text in _texts(thing):
        for n, content in enumerate(spans.contents(text), start=1):
            yield Item(f"span/{key}/{field.replace(' ', '-')}/{n}", "span", label, INTERNAL,
                       span_verdict(audience, holder), content, f"{where}, {field}")


def _children(entry, kind: str, verdict: Verdict, audience: Audience) -> Iterator[tuple[Item, Any]]:
    """A decision's comments, an approval's steps, a KPI series' points."""
    found = {"decision": ("comment", "comments"), "approval": ("step", "steps"), "kpi": ("point", "points")}
    if kind not in found:
        return
    child_kind, group = found[kind]
    for n, child in enumerate(getattr(entry, group), start=1):
        own = child_verdict(audience, child.visibility, verdict, entry.visibility, (kind, entry.id))
        yield Item(f"{child_kind}/{entry.id}/{n}", child_kind, f"{entry.id} {child_kind} {n}", child.visibility,
                   own, child), child


def campaign_items(c: Campaign, audience: Audience, entries: dict[str, Verdict]) -> Iterator[Item]:
    """Every item of `c` in the matrix's order, with `audience`'s verdict, given its entries' (`entries`)."""
    yield Item("campaign", "campaign", c.id, -1, VISIBLE, c)  # no level of its own: given or not
    yield from _spans(c, "campaign", c.id, "campaign", audience, VISIBLE)
    for entry_id, entry in entries_with_nps(c).items():
        kind = entry_kind(entry)
        item = Item(f"{kind}/{entry_id}", kind, entry_id, entry.visibility, entries[entry_id], entry)
        yield item
        yield from _spans(entry, item.key, entry_id, f"{kind} {entry_id}", audience, item.verdict)
        for child, source in _children(entry, kind, item.verdict, audience):
            yield child
            yield from _spans(source, child.key, child.label, child.label, audience, child.verdict)
    kinds = {entry_id: entry_kind(e) for entry_id, e in entries_with_nps(c).items()}
    for n, note in enumerate(c.notes, start=1):
        verdict = note_verdict(audience, note.visibility, note.about, entries, kinds)
        label = f"note {n}"
        yield Item(f"note/{n}", "note", label, note.visibility, verdict, note)
        yield from _spans(note, f"note/{n}", label, label, audience, verdict)


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _title(item: Item, entries: dict, words: Words) -> str:
    source = item.source
    if item.kind == "span":
        return first_words(words.text(source))
    if item.kind == "comment":
        return f"{words.person(source.by)}: {first_words(words.text(source.text))}"
    if item.kind == "step":
        said = first_words(words.text(source.comment))
        return f"{words.person(source.by)}, {source.verdict}" + (f": {said}" if said else "")
    if item.kind == "point":
        return f"{source.date.isoformat()}: {source.value:g}"
    if item.kind == "note":
        return first_words(words.text(source.text))
    if item.kind == "campaign":
        return words.text(source.title)
    return words.text(entry_title(source, entries))


def _cell(verdict: Verdict) -> MatrixCell:
    kind, entry_id = verdict.refers_to or ("", "")
    return MatrixCell(verdict.state, verdict.needs, verdict.plan, kind, entry_id)


EntryVerdicts = Callable[[Audience, Campaign], "dict[str, Verdict] | None"]


def matrix_rows(workspace: Workspace, viewer: Audience, verdicts_for: EntryVerdicts,
                words: Words) -> tuple[MatrixRow, ...]:
    """The viewer's rows, campaign by campaign (ids sorted), with a cell per audience of the workspace.

    `verdicts_for(audience, campaign)`: the audience's verdicts on the
    campaign's entries, as its own site decides them (None: not given it).
    """
    audiences = list(workspace.config.audiences.values())
    rows: list[MatrixRow] = []
    for campaign_id in sorted(workspace.campaigns):
        c = workspace.campaigns[campaign_id]
        mine = verdicts_for(viewer, c)
        if mine is None:
            continue
        entries = c.entries_by_id()
        columns = []
        for audience in audiences:
            given = verdicts_for(audience, c)
            columns.append(None if given is None else [_cell(i.verdict) for i in campaign_items(c, audience, given)])
        for n, item in enumerate(campaign_items(c, viewer, mine)):
            if item.verdict.shown:
                cells = tuple(_cell(CAMPAIGN_NOT_GIVEN) if col is None else col[n] for col in columns)
                rows.append(MatrixRow(c.id, item.kind, item.label, _title(item, entries, words),
                                      visibility_name(item.level) if item.level >= 0 else "", cells, item.key,
                                      item.within))
    return tuple(rows)
