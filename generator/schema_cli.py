"""`receipts schema --output DIR`: the JSON Schemas of site_config.yml and campaign files, for editors.

Made from load/shapes.py, the table the validator reads (load/json_schema.py);
the same files ship in the package (generator/schemas/), where a test keeps
them equal to what this command writes. docs/editor.md shows how to use them.
Wired into generator.cli with `add_parser(sub)` and `"schema": run`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.errors import ReceiptsError

SHIPPED = Path(__file__).parent / "schemas"


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "schema", help="write the JSON Schemas of site_config.yml and campaign files (editor completion)")
    parser.add_argument("--output", "-o", metavar="DIR", default=".",
                        help="the folder to write site_config.schema.json and campaign.schema.json to "
                             "(made if missing; default: the current folder)")
    return parser


def write_schemas(folder: Path) -> list[Path]:
    from generator.load.json_schema import schemas  # imported by this command alone

    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in schemas().items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
        return written
    except OSError as exc:
        raise ReceiptsError(f"could not write the schemas into {folder}: {exc.strerror or exc}") from exc


def run(args) -> int:
    for path in write_schemas(Path(args.output)):
        print(f"wrote {path}")
    return 0
