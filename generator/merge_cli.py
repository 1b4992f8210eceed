"""`receipts merge OUT SHARD [SHARD ...]`: deploy folders built apart, joined into one.

A large agency builds its audiences in parallel CI jobs, each with
`receipts build --audience ... --output shard-N`, then deploys once. Each
shard holds the same neutral root files and its own audiences' folders, so
joining them is a copy in which no file may be written twice with other
bytes: a difference means two shards disagree (built from other commits,
or with other settings), and deploying either half would publish a site
that contradicts the other. That is an error naming the file; OUT is left
as it was. Symbolic links are refused: a deploy folder holds files only.
Wired into generator.cli with `add_parser(sub)` and `"merge": run`.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.errors import ReceiptsError


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "merge", help="join deploy folders built by separate jobs into one (sharded CI builds)")
    parser.add_argument("output", metavar="OUT", help="the deploy folder to write (must not exist, or be empty)")
    parser.add_argument("shards", metavar="SHARD", nargs="+", help="a deploy folder built with --output")
    return parser


def merge(output: Path, shards: list[Path]) -> int:
    """Join `shards` into `output`; return the number of files. All or nothing."""
    _check_target(output)
    plan = _plan(shards)
    staging = Path(tempfile.mkdtemp(prefix=".receipts-merge-", dir=output.parent))
    try:
        for relative, source in sorted(plan.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            os.chmod(target, 0o644)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        if output.exists():
            output.rmdir()  # empty, checked above
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(plan)


def _check_target(output: Path) -> None:
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise ReceiptsError(f"{output}: not a folder; expected a new folder to merge the shards into")
    if output.is_dir() and any(output.iterdir()):
        raise ReceiptsError(f"{output}: not empty; merge writes a new deploy folder, never over an old one")
    output.parent.mkdir(parents=True, exist_ok=True)


def _plan(shards: list[Path]) -> dict[str, Path]:
    """Relative path -> the file to copy; a path two shards give with other bytes is an error."""
    chosen: dict[str, Path] = {}
    for shard in shards:
        if not shard.is_dir() or shard.is_symlink():
            raise ReceiptsError(f"{shard}: not a folder; expected a deploy folder built with --output")
        for path in sorted(shard.rglob("*")):
            if path.is_symlink():
                raise ReceiptsError(f"{path}: a symbolic link; a deploy folder holds files only")
            if path.is_dir():
                continue
            relative = path.relative_to(shard).as_posix()
            earlier = chosen.setdefault(relative, path)
            if earlier is not path and not filecmp.cmp(earlier, path, shallow=False):
                raise ReceiptsError(f"{relative}: {earlier.parent} and {path.parent} hold different versions; "
                                    "build every shard from the same commit and settings")
    return chosen


def run(args) -> int:
    count = merge(Path(args.output), [Path(s) for s in args.shards])
    sys.stdout.write(f"merged {len(args.shards)} shards into {args.output}: {count} files\n")
    return 0
