"""Whether a commit changed text that only an internal audience reads, for the audit gate's own rules.

A commit message may speak of anything its commit changed. When the commit
changed a text that holds an `[internal]...[/internal]` span (before or
after: a span written, edited, removed, or text edited beside one),
audiences without `internal: true` see the text without the span, and
cannot tell what changed there: the message must stay from them.

This is the gate's reading (generator/audit/history_rules.py), worked out
apart from diffs.reach (which redaction goes by) on purpose: it walks every
text of the two versions of a campaign file, whatever type holds it (the
campaign's own fields, every entry, comment, step, note and KPI series),
so a text a new field adds is covered without a change here.
"""

from __future__ import annotations

import dataclasses

from generator import spans


def changed(old, new) -> bool:
    """Whether any text holding an `[internal]` span differs between two versions (`old` None: a new file)."""
    if old is new:
        return False  # versions read one after the other share what did not change
    if isinstance(old, str) or isinstance(new, str):
        return old != new and any(isinstance(t, str) and spans.unwrap(t) != t for t in (old, new))
    if isinstance(old, tuple) or isinstance(new, tuple):
        before, after = _keyed(old), _keyed(new)
        return any(changed(before.get(key), after.get(key)) for key in before.keys() | after.keys())
    shape = old if dataclasses.is_dataclass(old) else new
    if not dataclasses.is_dataclass(shape) or (old is not None and new is not None and type(old) is not type(new)):
        return type(old) is not type(new) and (_any_span(old) or _any_span(new))
    return any(changed(getattr(old, f.name, None), getattr(new, f.name, None)) for f in dataclasses.fields(shape))


def _keyed(items) -> dict:
    """A list's items by id where they have one, else by what they hold (a note, a goal: one edited is one
    gone and one new); a reordered list changes nothing."""
    if not isinstance(items, tuple):
        return {}
    found: dict = {}
    for item in items:
        key = ("id", item.id) if getattr(item, "id", None) else ("=", item)
        while key in found:  # the same text twice: each counts
            key = (*key, "again")
        found[key] = item
    return found


def _any_span(value) -> bool:
    if isinstance(value, str):
        return spans.unwrap(value) != value
    if isinstance(value, tuple):
        return any(_any_span(item) for item in value)
    if dataclasses.is_dataclass(value):
        return any(_any_span(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False
