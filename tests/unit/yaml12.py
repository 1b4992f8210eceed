"""A YAML file as an editor's YAML extension sees it (YAML 1.2 core schema), for checking it against a JSON Schema.

The project's reader keeps every scalar as written; an editor resolves plain
scalars by YAML 1.2's core schema: `2026-01-10` stays text, `2` is a number,
`true` a boolean, `~` null. Quoted scalars are always text.
"""

from __future__ import annotations

import re

from generator.load.yamlio import YMap, YScalar, YSeq, parse

_NULL = re.compile(r"(~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


def _scalar(node: YScalar):
    text = str(node)
    if not node.plain:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def to_instance(node):
    if isinstance(node, YMap):
        return {str(key): to_instance(value) for key, value in node.items()}
    if isinstance(node, YSeq):
        return [to_instance(item) for item in node]
    return _scalar(node)


def load(data: bytes, name: str = "file.yml"):
    node, problems = parse(data, name)
    assert node is not None, problems
    return to_instance(node)
