"""Invariants of the house plan that a refactor could quietly break."""

from __future__ import annotations

from pathlib import Path

import generator


def test_only_the_engine_module_imports_mkdocs():
    package = Path(generator.__file__).parent
    importers = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                       if any(line.lstrip().startswith(("import mkdocs", "from mkdocs"))
                              for line in p.read_text(encoding="utf-8").splitlines()))
    assert importers == ["site/engine.py"]  # switching to ProperDocs is a change to this module alone
