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
        return old != new and (_any_span(old) or _any_span(new))
    if isinstance(old, tuple) or isinstance(new, tuple):
        return _list_changed(old if isinstance(old, tuple) else (), new if isinstance(new, tuple) else ())
    shape = old if field_names(old) is not None else new
    names = field_names(shape)
    if names is None or (old is not None and new is not None and type(old) is not type(new)):
        return type(old) is not type(new) and (_any_span(old) or _any_span(new))
    return any(changed(getattr(old, name, None), getattr(new, name, None)) for name in names)


def _list_changed(old: tuple, new: tuple) -> bool:
    """Items with an id are matched by it (a reordered list changes nothing); items without one (a note, a
    goal, a comment) by what they hold: one edited is one gone and one new. Shared objects are unchanged."""
    shared = {id(item) for item in old} & {id(item) for item in new}
    old_own = [item for item in old if id(item) not in shared]
    new_own = [item for item in new if id(item) not in shared]
    before = {item.id: item for item in old_own if getattr(item, "id", None)}
    after = {item.id: item for item in new_own if getattr(item, "id", None)}
    if any(changed(before.get(key), after.get(key)) for key in before.keys() | after.keys()):
        return True
    loose_old = [item for item in old_own if not getattr(item, "id", None)]
    loose_new = [item for item in new_own if not getattr(item, "id", None)]
    return any(_any_span(item) for item in loose_old if item not in loose_new) \
        or any(_any_span(item) for item in loose_new if item not in loose_old)


def _any_span(value) -> bool:
    if isinstance(value, str):
        return "[" in value and spans.unwrap(value) != value
    if isinstance(value, tuple):
        return any(_any_span(item) for item in value)
    names = field_names(value)
    return names is not None and any(_any_span(getattr(value, name)) for name in names)


_NAMES: dict[type, tuple[str, ...] | None] = {}


def field_names(value) -> tuple[str, ...] | None:
    """The field names of a dataclass instance, None for anything else (looked up once a type: this runs for
    every value of every version compared)."""
    kind = type(value)
    if kind not in _NAMES:
        is_one = dataclasses.is_dataclass(value) and not isinstance(value, type)
        _NAMES[kind] = tuple(f.name for f in dataclasses.fields(value)) if is_one else None
    return _NAMES[kind]
