"""Strict YAML: nodes with line numbers, scalars kept exactly as written.

YAML 1.1 guesses types (`no` is false, `0755` is octal, `1:30` is 5400).
We never let it: every scalar stays the text the user wrote, and the schema
layer (load/reader.py) decides what a key's text means. Duplicate keys and
merge keys are errors. libyaml's C parser is used when present.

Control characters are refused in every scalar and key, however written: the
reader refuses raw ones, and _build the ones a double-quoted escape makes
("\\u0000", "\\e", "\\x1b"), so none reaches a page, a CSV or `receipts kpis`.
"""

from __future__ import annotations

import re

import yaml

from generator.errors import Problem
from generator.load.limits import file_too_big

# libyaml is ~3.6x faster on large files; a PyYAML built without it has the pure-Python one.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict):
    """A mapping that remembers its line and each key's line."""

    line: int = 0
    key_lines: dict


class YSeq(list):
    line: int = 0


class YScalar(str):
    """A scalar as written. `plain` is False for quoted and block scalars."""

    line: int = 0
    plain: bool = True
    block: bool = False  # `|` or `>`: the text starts on the next line

    @property
    def is_null(self) -> bool:
        return self.plain and str(self) in ("", "~", "null", "Null", "NULL")


# C0 and C1 control characters and DEL; tab and line feed are text (a raw CR never survives YAML's line breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unicode's non-characters and lone surrogates: never text, and XML (the feed, SVG) cannot carry them.
_NOT_TEXT = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                       + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)) + "]")


def control_problem(text: str) -> str:
    """What is wrong with a control character or a non-character in `text`; "" when it holds none."""
    found = _CONTROL.search(text)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        return (f"holds the control character {code} (an escape such as \"\\u{ord(found.group()):04x}\" in "
                "quotes); expected text without control characters (tabs and line breaks are the only ones allowed)")
    found = _NOT_TEXT.search(text)
    if found is not None:
        return (f"holds U+{ord(found.group()):04X}, which Unicode reserves as no character at all; expected text "
                "(remove it: it shows as nothing, and a feed or an XML file cannot hold it)")
    return ""


def _check_controls(node: yaml.ScalarNode, file: str, problems: list[Problem], path: str) -> None:
    why = control_problem(node.value)
    if why:
        problems.append(Problem(file, node.start_mark.line + 1, path, why))


def _scalar(node: yaml.ScalarNode) -> YScalar:
    value = YScalar(node.value)
    value.line = node.start_mark.line + 1
    value.plain = not node.style  # None (pure loader) or "" (libyaml) for plain
    value.block = node.style in ("|", ">")
    return value


MAX_ALIAS_GROWTH = 100_000  # nodes an alias may add beyond the document's own before it is refused


class _AliasBomb(Exception):
    """Aliases expand a document far beyond what it holds ("billion laughs")."""


class _AliasLoop(Exception):
    """An alias inside the very value its anchor names."""


class _Budget:
    """Counts nodes built against distinct nodes written: aliases may reuse, not explode."""

    def __init__(self):
        self.built = 0
        self.distinct: set[int] = set()
        self.open: set[int] = set()  # collections being built: an alias to one is a loop

    def spend(self, node) -> None:
        self.built += 1
        self.distinct.add(id(node))
        if self.built > len(self.distinct) + MAX_ALIAS_GROWTH:
            raise _AliasBomb(node.start_mark.line + 1)


def _build(node, file: str, problems: list[Problem], path: str = "", budget: _Budget | None = None):
    budget = budget or _Budget()
    budget.spend(node)
    if isinstance(node, yaml.ScalarNode):
        _check_controls(node, file, problems, path)
        return _scalar(node)
    if id(node) in budget.open:
        raise _AliasLoop(node.start_mark.line + 1)
    budget.open.add(id(node))
    try:
        return _collection(node, file, problems, path, budget)
    finally:
        budget.open.discard(id(node))


def _collection(node, file: str, problems: list[Problem], path: str, budget: _Budget):
    if isinstance(node, yaml.SequenceNode):
        seq = YSeq(_build(item, file, problems, f"{path}[{i}]", budget) for i, item in enumerate(node.value))
        seq.line = node.start_mark.line + 1
        return seq
    mapping = YMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(file, line, "", "a key must be plain text"))
            continue
        key = key_node.value
        where = f"{path}.{key}" if path else key
        if control_problem(key):
            _check_controls(key_node, file, problems, path)  # the key itself is not printed: it holds the character
            continue
        if key == "<<":
            problems.append(Problem(file, line, where, "merge keys (<<) are not supported; write the keys out"))
            continue
        if key in mapping:
            first = mapping.key_lines[key]
            problems.append(Problem(file, line, where, f"duplicate key (first defined on line {first})"))
            continue
        mapping.key_lines[key] = line
        mapping[key] = _build(value_node, file, problems, where, budget)
    return mapping


def has_anchors(text: str) -> bool:
    """Whether valid YAML `text` holds an anchor (`&a`) or an alias (`*a`), found by libyaml's own events."""
    return any(isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
               for event in yaml.parse(text, Loader=_Loader))


def decode(data: bytes, file: str) -> str:
    """UTF-8 text, a leading byte-order mark dropped; anything else an error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _problem(file, line, f"is not UTF-8 text (invalid byte at offset {exc.start})") from None
    return text.replace("\r\n", "\n")


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _problem(file: str, line: int, message: str) -> YamlProblem:
    return YamlProblem(Problem(file, line, "", message))


def parse(data: bytes | str, file: str) -> tuple[object | None, list[Problem]]:
    """Parse one YAML document into YMap/YSeq/YScalar, collecting problems."""
    too_big = file_too_big(len(data))
    if too_big:
        return None, [Problem(file, 1, "", too_big)]
    try:
        text = decode(data, file) if isinstance(data, bytes) else data
        node = yaml.compose(text, Loader=_Loader)
    except YamlProblem as exc:
        return None, [exc.problem]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other controls)
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 0
        return None, [Problem(file, line, "", f"invalid YAML: character #x{exc.character:04x} is not allowed "
                                              "(a control character or binary data)")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(file, line, "", f"invalid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, "", f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [Problem(file, 0, "", "invalid YAML: nested too deeply")]
    if node is None:
        return None, [Problem(file, 1, "", "the file is empty; expected a mapping of keys")]
    problems: list[Problem] = []
    try:
        return _build(node, file, problems), problems
    except RecursionError:
        return None, [Problem(file, 0, "", "invalid YAML: nested too deeply")]
    except _AliasLoop as loop:
        return None, [Problem(file, loop.args[0], "", "an alias refers to the value its own anchor names")]
    except _AliasBomb as bomb:
        return None, [Problem(file, bomb.args[0], "", f"anchors and aliases expand to over {MAX_ALIAS_GROWTH:,} more "
                                           "values than the file holds; write the entries out")]


def key_scalar(m: YMap, key: str) -> YScalar:
    """A mapping's key as a scalar at its own line, for a problem with the key itself (an id not well formed)."""
    scalar = YScalar(key)
    scalar.line = m.key_lines.get(key, m.line)
    return scalar
