"""What a build's output is made from, as digests: the inputs the "up to date" check compares.

Every input that can change a byte of the sites is here, or the check is
unsound: the workspace's files (every file under the workspace folder but
the output folders, `.git` and `.receipts-cache`), the git history's refs,
the passphrases (digested with scrypt under a random salt, never stored),
SOURCE_DATE_EPOCH, the command's options, and the tool itself (its own
source, the theme, its libraries' versions, Python's). docs/incremental.md
says the same for users.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from stat import S_ISREG

from generator.history import gitview

PACKAGE_DIR = Path(__file__).resolve().parent
SKIPPED_DIRS = frozenset({".git", ".receipts-cache"})  # never read as inputs (load/published.py)
RACY_NS = 2_000_000_000  # a file changed this close to its last hashing is hashed again (git's "racy" rule)

FileTable = dict[str, list]  # relative path -> [size, mtime_ns, ctime_ns, inode, sha256]


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_table(root: Path, known: FileTable | None = None, known_at_ns: int = 0,
               skipped: frozenset[str] = SKIPPED_DIRS, outputs: frozenset[str] = frozenset()) -> FileTable:
    """Every input file under `root`, with its content's digest.

    `outputs`: the build's own output folders (real paths), which the output manifest covers. Only
    those are left out: a marker file elsewhere (a copied old site in `content/`) says nothing of
    whether the build reads the folder, so it is read like any other.
    A digest from `known` is reused when the file's size, times and inode are unchanged and it was last
    changed well before `known` was taken; otherwise the file is read again.
    """
    known = known or {}
    table: FileTable = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skipped and os.path.realpath(Path(folder, d)) not in outputs)
        for linked in [d for d in dirs if Path(folder, d).is_symlink()]:  # os.walk would not look inside:
            dirs.remove(linked)  # a row that equals no other, so such a workspace is never "up to date"
            table[Path(folder, linked).relative_to(root).as_posix()] = ["linked folder", os.urandom(16).hex()]
        for name in sorted(files):
            path = Path(folder, name)
            try:
                stat = path.stat()
            except OSError:  # a dangling link: the build would not read it either; its name still counts
                table[path.relative_to(root).as_posix()] = ["dangling"]
                continue
            key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            relative = path.relative_to(root).as_posix()
            if not S_ISREG(stat.st_mode):  # a named pipe would block a read; the build refuses such a file
                table[relative] = key + [f"not a file {stat.st_mode:o}"]
                continue
            old = known.get(relative)
            fresh = max(stat.st_mtime_ns, stat.st_ctime_ns) < known_at_ns - RACY_NS
            table[relative] = key + [old[4] if old and old[:4] == key and fresh else _sha_file(path)]
    return table


def content_digest(table: FileTable) -> str:
    """The files' names and contents only: times and inodes say nothing about the output."""
    digest = hashlib.sha256()
    for relative, row in sorted(table.items()):
        digest.update(f"{relative}\0{row[-1]}\n".encode())
    return digest.hexdigest()


def tool_digest(theme_dir: Path) -> str:
    """This package's source and templates, the themes (the site's, and the unlock page's beside it), every
    installed library's name and version, Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for top in (PACKAGE_DIR, theme_dir.parent):
        for relative, row in sorted(file_table(top, skipped=SKIPPED_DIRS | {"__pycache__"}).items()):
            digest.update(f"{top.name}/{relative}\0{row[-1]}\n".encode())
    for name in installed():
        digest.update(f"{name}\n".encode())
    return digest.hexdigest()


def installed() -> list[str]:
    """The packages Python can import, as their metadata folders name them (`mkdocs-1.6.1.dist-info`):
    a listing of each folder of sys.path, far quicker than asking importlib.metadata for each version."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, a folder that is gone
            continue
        found += [f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info", ".pth"))]
    return sorted(found)


def git_state(folder: Path) -> str:
    """Every ref of the repository `folder` is in, HEAD, whether it is shallow, its grafts, git's version: what
    reading the history used, asked in the history's own pinned view (history/gitview.py). A folder in no
    repository has a state of its own; a git that cannot be run has none."""
    digest = hashlib.sha256()
    for command in (["for-each-ref", "--format=%(objectname) %(refname)"],
                    ["rev-parse", "--is-shallow-repository", "HEAD", "--git-common-dir"], ["--version"]):
        try:
            done = subprocess.run(["git", *gitview.config_options(), "-C", str(folder), *command],
                                  capture_output=True, check=False, timeout=60, env=gitview.environ())
        except (OSError, subprocess.SubprocessError):
            return "unreadable " + os.urandom(16).hex()  # equal to no other state: never up to date
        digest.update(f"{done.returncode}\0".encode() + done.stdout + b"\0" + done.stderr + b"\0")
        if command[0] == "rev-parse" and done.returncode == 0:  # grafts, which the read refuses (history/repo.py)
            digest.update(_grafts(folder, done.stdout.decode("utf-8", "replace").splitlines()[-1]))
    return digest.hexdigest()


def _grafts(folder: Path, common_dir: str) -> bytes:
    try:
        return b"grafts\0" + (folder / common_dir / "info" / "grafts").read_bytes()
    except FileNotFoundError:
        return b"no grafts"
    except OSError:
        return os.urandom(16)


def secret_digest(names: list[str], salt: bytes, environ=os.environ) -> str:
    """The values of the environment variables `names`, through scrypt: comparable, never readable."""
    digest = hashlib.sha256(salt)
    for name in sorted(names):
        value = environ.get(name)
        if value is None:
            digest.update(f"{name}:unset\n".encode())
            continue
        derived = hashlib.scrypt(value.encode("utf-8", "surrogatepass"), salt=salt, n=2 ** 14, r=8, p=1)
        digest.update(name.encode() + b":" + derived + b"\n")
    return digest.hexdigest()


def output_manifest(folders: list[Path]) -> dict[str, list]:
    """Each output folder's files and folders with their size, times, inode and mode: what the build left
    there (any write to a file changes its ctime, which no one can set back)."""
    manifest: dict[str, list] = {}
    for top in folders:
        if not top.is_dir():
            manifest[str(top)] = ["absent"]
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files + dirs):  # folders too: an empty one left there is the build's to remove
                path = Path(folder, name)
                stat = path.lstat()
                manifest[str(path)] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_mode]
    return manifest
