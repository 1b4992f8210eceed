"""The JSON Schemas of site_config.yml and a campaign file, made from load/shapes.py.

Editors (VS Code's YAML extension, JetBrains) read them to complete keys and
flag mistakes while typing. They say what each key is and allows; the
validator stays the judge of what only it can see (ids that refer to other
entries, files on disk, spans). Draft-07: what most editors support.
"""

from __future__ import annotations

import json

from generator.load.reader import ID_PATTERN
from generator.load.shapes import CAMPAIGN_SHAPES, CONFIG_SHAPES, Field, Shape

SCHEMA_FILES = {"site_config.schema.json": ("config", CONFIG_SHAPES),
                "campaign.schema.json": ("campaign", CAMPAIGN_SHAPES)}
_ID = "^" + ID_PATTERN.pattern.removesuffix(r"\Z") + "$"
_DAY = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"  # 2026-02-30 passes: the validator names it
_DATE = f"^{_DAY}$"
_DATETIME = rf"^{_DAY}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{{2}}:\d{{2}})?)?$"
_SCALAR = ["string", "number", "boolean"]  # a text is any scalar, kept as written
_SAYS_SOMETHING = r"\S"


def _id() -> dict:
    return {"anyOf": [{"type": "string", "pattern": _ID}, {"type": "integer", "minimum": 0}]}


def _text(required: bool) -> dict:
    return {"type": _SCALAR, "pattern": _SAYS_SOMETHING} if required else {"type": _SCALAR}


def _string(pattern: str) -> dict:
    return {"type": "string", "pattern": pattern}


def _names() -> dict:
    name = _string(r"^[A-Za-z_][A-Za-z0-9_]*$")
    return {"anyOf": [name, {"type": "array", "items": name, "minItems": 1, "uniqueItems": True}]}


def _integer(f: Field, kind: str = "integer") -> dict:
    out: dict = {"type": kind}
    if f.low is not None:
        out["minimum"] = f.low
    if f.high is not None:
        out["maximum"] = f.high
    return out


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


_BY_KIND = {
    "text": lambda f: _text(f.required),
    "plain": lambda f: _text(f.required),
    "id": lambda f: _id(),
    "ids": lambda f: {"type": ["array", "null"], "items": _string(f.pattern) if f.pattern else _id()},
    "texts": lambda f: {"type": ["array", "null"], "items": _text(True)},
    "date": lambda f: {"type": "string", "pattern": _DATE},
    "datetime": lambda f: {"type": "string", "pattern": _DATETIME},
    "boolean": lambda f: {"type": "boolean"},
    "integer": _integer,
    "number": lambda f: _integer(f, "number"),
    "visibility": lambda f: {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 4}, {"const": "internal"}]},
    "tier": lambda f: {"type": "integer", "minimum": 0, "maximum": 4},
    "enum": lambda f: {"enum": list(f.values)},
    "url": lambda f: _string(r"^https://[^\s]+$"),
    "address": lambda f: _string(r"^https?://[^\s]+$"),
    "path": lambda f: _string(_SAYS_SOMETHING),
    "pattern": lambda f: _string(f.pattern),
    "shape": lambda f: _ref(f.shape),
    "list": lambda f: {"type": ["array", "null"], "items": _ref(f.shape)},
    "table": lambda f: {"type": "object", "propertyNames": {"pattern": _ID}, "additionalProperties": _ref(f.shape)},
    "scope": lambda f: {"anyOf": [{"const": "all"}, {"type": "array", "items": _id(), "minItems": 1,
                                                     "uniqueItems": True}]},
    "env_names": lambda f: _names(),
}


def field_schema(f: Field) -> dict:
    """One key's schema: its kind's, with the key's help as the description an editor shows."""
    out = dict(_BY_KIND[f.kind](f))
    if f.help:
        out["description"] = f.help
    return out


def shape_schema(shape: Shape) -> dict:
    out: dict = {"type": "object", "properties": {k: field_schema(f) for k, f in shape.fields.items()},
                 "additionalProperties": False}
    if shape.required:
        out["required"] = list(shape.required)
    if shape.exactly_one:
        out["oneOf"] = [{"required": [key]} for key in shape.exactly_one]
    if shape.at_most_one:
        out["not"] = {"required": list(shape.at_most_one)}
    return out


def document_schema(top: str, shapes: dict[str, Shape], title: str) -> dict:
    """The schema of one file: its top shape, every other shape a definition it refers to."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **shape_schema(shapes[top]),
              "definitions": {name: shape_schema(shape) for name, shape in shapes.items() if name != top}}
    if top == "config":
        schema["properties"]["audiences"]["minProperties"] = 1
    return schema


def schemas() -> dict[str, str]:
    """File name -> its text (sorted keys, so the same table gives the same bytes)."""
    titles = {"config": "Receipts site_config.yml", "campaign": "Receipts campaign (content/campaigns/<id>.yml)"}
    return {name: json.dumps(document_schema(top, shapes, titles[top]), indent=2, sort_keys=True,
                             ensure_ascii=False) + "\n"
            for name, (top, shapes) in SCHEMA_FILES.items()}
