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
import shutil
import sys
import tempfile
from pathlib import Path

from generator.errors import ReceiptsError
from generator.site import deploy
from generator.terminal import count


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "merge", help="join deploy folders built by separate jobs into one (sharded CI builds)")
    parser.add_argument("output", metavar="OUT", help="the deploy folder to write (must not exist, or be empty)")
    parser.add_argument("shards", metavar="SHARD", nargs="+", help="a deploy folder built with --output")
    return parser


def merge(output: Path, shards: list[Path]) -> int:
    """Join `shards` into `output`; return the number of files. All or nothing."""
    try:
        return _merge(output, shards)
    except OSError as exc:  # a full disk, a folder it may not write: the user's to fix, said in one line
        raise ReceiptsError(f"could not merge into {output}: {exc.strerror or exc}") from exc


def _merge(output: Path, shards: list[Path]) -> int:
    _check_target(output)
    plan = _plan(shards)
    staging = Path(tempfile.mkdtemp(prefix=".receipts-merge-", dir=output.parent))
    try:
        for relative, source in sorted(plan.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        deploy.open_to_readers(staging)
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
        _check_shard(shard)
        for path in sorted(shard.rglob("*")):
            relative = path.relative_to(shard).as_posix()
            if not _is_plain(path, relative):
                continue
            earlier = chosen.setdefault(relative, path)
            if earlier is not path and not filecmp.cmp(earlier, path, shallow=False):
                raise ReceiptsError(f"{relative}: {earlier.parent} and {path.parent} hold different versions; "
                                    "build every shard from the same commit and settings")
    return chosen


def _check_shard(shard: Path) -> None:
    """A shard is a deploy folder a build wrote: its marker and neutral root pages, and only marked sites.
    A private folder (`site-private/`: internal sites, never to be published) has no root pages."""
    if not shard.is_dir() or shard.is_symlink():
        raise ReceiptsError(f"{shard}: not a folder; expected a deploy folder built with --output")
    if not deploy.is_marker_file(shard / deploy.ROOT_MARKER) or \
            not all((shard / name).is_file() for name in _ROOT_PAGES):
        raise ReceiptsError(f"{shard}: not a deploy folder written by receipts build (its marker and root pages "
                            "are missing); a -private folder is never merged: it holds unpublished sites")
    for entry in sorted(shard.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(".") and \
                not (entry / deploy.MARKER).is_file():
            raise ReceiptsError(f"{entry}: not a site written by receipts build (no {deploy.MARKER})")


def _is_plain(path: Path, relative: str) -> bool:
    """Whether `path` is a file to copy (False for a folder); anything else in a deploy folder is an error."""
    if path.is_symlink():
        raise ReceiptsError(f"{path}: a symbolic link; a deploy folder holds files only")
    hidden = [part for part in relative.split("/") if part.startswith(".")]
    if hidden and relative not in _ROOT_HIDDEN and not relative.endswith("/" + deploy.MARKER):
        raise ReceiptsError(f"{path}: not part of a built site (a temporary folder of an interrupted build, or a "
                            "file put there by hand); build the shard again")
    if path.is_dir():
        return False
    if not path.is_file():
        raise ReceiptsError(f"{path}: neither a file nor a folder; a deploy folder holds files only")
    return True


_ROOT_HIDDEN = {name for name in deploy.ROOT_FILES if name.startswith(".")}  # .nojekyll, the root marker
_ROOT_PAGES = [name for name in deploy.ROOT_FILES if not name.startswith(".")]  # the landing page and 404


def run(args) -> int:
    files = merge(Path(args.output), [Path(s) for s in args.shards])
    sys.stdout.write(f"merged {count(len(args.shards), 'shard')} into {args.output}: {count(files, 'file')}\n")
    return 0
