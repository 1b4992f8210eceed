"""docs/format.md lists every key the validator accepts, with what it takes and an example (key_reference.py)."""

from __future__ import annotations

from generator.load.shapes import SHAPES
from tests.conftest import REPO
from tests.unit.key_reference import END, START, render


def test_the_key_reference_in_docs_is_the_table_the_validator_reads():
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    written = text[text.index(START):text.index(END) + len(END)]
    assert written == render(), "docs/format.md is out of date: PYTHONPATH=. python -m tests.unit.key_reference"


def test_every_allowed_value_is_in_the_reference():
    section = render()
    for shape in SHAPES.values():
        for key, field in shape.fields.items():
            assert f"| `{key}` |" in section
            for value in field.values:
                assert f"`{value}`" in section
