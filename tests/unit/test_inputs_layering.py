"""load/ sits below history/ in the flow: a workspace is loaded, then its history read on top (generator/inputs.py).

Any import of history/ from load/, even one inside a function, would make loading reach up the flow."""

from __future__ import annotations

import ast

from tests.conftest import REPO


def _imported(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_nothing_in_load_imports_history():
    reaching_up = {path.name: sorted(m for m in _imported(path) if m.startswith("generator.history"))
                   for path in sorted((REPO / "generator" / "load").glob("*.py"))}
    assert {name: found for name, found in reaching_up.items() if found} == {}


def test_the_composed_load_reads_the_history_and_the_plain_one_does_not(tmp_path):
    from generator.inputs import load_workspace
    from generator.load.workspace import load_workspace as load_files

    assert load_workspace(REPO).history.configured  # the demo workspace has a history bundle
    assert not load_files(REPO).history.configured
