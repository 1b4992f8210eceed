"""The anchors (HTML ids) of entries that have no id of their own: notes and approval steps.

Templates and the search records both take them from here, so a search
result always lands on the element its page gives that id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from generator.view import VNote


def note_anchors(notes: Iterable[VNote]) -> list[str]:
    """"note-2026-02-03", then "note-2026-02-03-2" for the day's second note, in the page's order.

    A note has no id in the format; its day and its place among that day's
    visible notes keep the anchor stable when other notes are added, edited or
    hidden on other days. Counted over the notes this audience sees only, so an
    anchor says nothing about a hidden note.
    """
    seen: Counter[str] = Counter()
    anchors = []
    for note in notes:
        day = note.date.isoformat()
        seen[day] += 1
        anchors.append(f"note-{day}" if seen[day] == 1 else f"note-{day}-{seen[day]}")
    return anchors


def approval_anchor(approval_id: str) -> str:
    return f"approval-{approval_id}"


def step_anchor(number: int) -> str:
    """The receipt's step `number` (from 1, in the approval's order: steps are only ever appended)."""
    return f"step-{number}"
