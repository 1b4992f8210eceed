"""Inline `[internal]...[/internal]` spans in free text.

Checked at load time (an unclosed, stray or nested marker is an error) and
applied by redaction: removed with their content for client audiences,
unwrapped for internal ones. No marker ever reaches a site.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "[internal]", "[/internal]"
_MARKER = re.compile(r"\[(/?)internal\]", re.IGNORECASE)
_SPAN = re.compile(r"\[internal\].*?\[/internal\]", re.IGNORECASE | re.DOTALL)


def problem(text: str) -> str | None:
    """Why the spans in `text` are malformed, or None when they are fine."""
    depth = 0
    for match in _MARKER.finditer(text):
        closing = bool(match.group(1))
        if not closing and depth:
            return "an [internal] span opens inside another; close the first with [/internal]"
        if closing and not depth:
            return "a [/internal] closes a span that was never opened"
        depth += -1 if closing else 1
    if depth:
        return "an [internal] span is never closed; end it with [/internal]"
    return None


def line_offset(text: str) -> int:
    """Lines into `text` where its first marker problem starts (for messages)."""
    match = _MARKER.search(text)
    return text[: match.start()].count("\n") if match else 0


def remove(text: str) -> str:
    """For audiences without `internal: true`: the spans and their content go."""
    return _SPAN.sub("", text)


def unwrap(text: str) -> str:
    """For internal audiences: keep the content, drop the markers."""
    return _MARKER.sub("", text)
