"""`receipts`, the name users type, as an import name: `python -m receipts` runs the command line.

The code lives in the `generator` package (the design card fixes its
folder); this alias is installed beside it as a top-level package, by the
wheel and by the editable install alike (pyproject.toml).
"""
