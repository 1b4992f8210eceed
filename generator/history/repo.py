"""The history repository of a workspace: found, checked, ready to read.

`history.repo` names the folder that holds the workspace layout inside a git
repository (default: the workspace itself, whose repository may start higher
up). `history.bundle` names a git bundle inside the workspace; it is cloned
once into the workspace's cache folder and cloned again when its bytes
change. Either way the history must be whole: a shallow clone is refused.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import git

from generator.cache_folder import CACHE_DIR as CACHE_DIR  # where it was; callers import it here
from generator.cache_folder import cache_dir as cache_dir
from generator.errors import HistoryError
from generator.history import gitview
from generator.load.paths import file_sha256, inside
from generator.model import HistoryConfig

MIN_GIT = (2, 31)
SHALLOW_FIX = (
    "fetch the whole history with `git fetch --unshallow` (in GitHub Actions, check out with "
    "`actions/checkout` and `fetch-depth: 0`)"
)


@dataclass
class Source:
    repo: git.Repo
    prefix: str  # where content/campaigns/ sits inside the repository, "" or "dir/"
    head: str | None  # the ref's commit; None for a repository without commits
    identity: str  # what the history cache is keyed by
    where: str  # for messages
    _temp: tempfile.TemporaryDirectory | None = None

    @property
    def campaign_dir(self) -> str:
        return f"{self.prefix}content/campaigns/"

    def close(self) -> None:
        self.repo.close()
        if self._temp is not None:
            self._temp.cleanup()


def open_source(root: Path, config: HistoryConfig, cache: Path | None) -> Source:
    if config.bundle is not None:
        source = _open_bundle(root, config.bundle, cache)
    else:
        source = _open_repo(root, config.repo or ".")
    gitview.pin(source.repo)  # every command from here on reads the same, whatever the user's git settings
    try:
        _refuse_old_git(source)
        _refuse_shallow(source)
        _refuse_grafts(source)
        source.head = _resolve(source, config.ref)
    except BaseException:
        source.close()
        raise
    return source


def _open_repo(root: Path, relative: str) -> Source:
    pure = PurePosixPath(relative)
    folder = (root / pure).resolve() if not pure.is_absolute() else Path(relative).resolve()
    if not folder.is_dir():
        raise HistoryError(f"history.repo: '{relative}' is not a folder (looked for {folder})")
    try:
        repo = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(f"history.repo: '{relative}' is not inside a git repository; run `git init` "
                           "there, or remove `history:` from site_config.yml") from None
    top = Path(repo.working_tree_dir or repo.git_dir).resolve()
    prefix = ""
    if folder != top and folder.is_relative_to(top):
        prefix = folder.relative_to(top).as_posix() + "/"
    return Source(repo, prefix, None, f"repo:{relative}", f"the git repository at {folder}")


def _open_bundle(root: Path, relative: str, cache: Path | None) -> Source:
    path, why = inside(root, relative)
    if path is None:
        raise HistoryError(f"history.bundle: {why}")
    digest = file_sha256(path)
    temp = None
    if cache is None:
        temp = tempfile.TemporaryDirectory(prefix="receipts-bundle-")
        clone = Path(temp.name) / "history.git"
    else:
        clone = cache / f"bundle-{hashlib.sha256(relative.encode()).hexdigest()[:12]}.git"
    marker = clone / "receipts-bundle.sha256"
    if not (marker.is_file() and marker.read_text(encoding="ascii").strip() == digest):
        _clone_bundle(path, clone, relative)
        marker.write_text(digest + "\n", encoding="ascii")
    repo = git.Repo(clone)
    if not repo.git.for_each_ref("--count=1").strip():  # checked on a cached clone too: an older one may be empty
        repo.close()
        shutil.rmtree(clone, ignore_errors=True)
        raise HistoryError(f"history.bundle: {relative} lists no branch or commit, so it holds no history (a "
                           f"bundle that git made always lists one; this one is damaged); {_make_again(relative)}")
    return Source(repo, "", None, f"bundle:{relative}", f"the git bundle {relative}", temp)


def _make_again(relative: str) -> str:
    return (f"make it again in the repository with `git bundle create {relative} --all`, and check it "
            f"with `git bundle verify {relative}`")


def _clone_bundle(bundle: Path, clone: Path, relative: str) -> None:
    """Clone the bundle, or fail naming it.

    A bundle is never read as an empty history: `git bundle create` refuses
    to make one without branches, so one that lists none (a header, then
    garbage or nothing) is damaged; _open_bundle refuses it.
    """
    shutil.rmtree(clone, ignore_errors=True)
    try:
        git.Repo.clone_from(str(bundle), str(clone), bare=True, multi_options=["--quiet"]).close()
    except git.GitCommandError as exc:
        shutil.rmtree(clone, ignore_errors=True)
        detail = _stderr(exc)
        if "prerequisite" in detail or "lacks" in detail:
            raise HistoryError(f"history.bundle: {relative} holds only part of the history (it needs "
                               f"commits it does not contain); make it with `git bundle create "
                               f"{relative} --all`") from None
        raise HistoryError(f"history.bundle: {relative} is not a readable git bundle, or is damaged "
                           f"({detail}); {_make_again(relative)}") from None


def _refuse_old_git(source: Source) -> None:
    """`git log --diff-merges=first-parent` (how a merge's own changes are read) came with git 2.31."""
    found = source.repo.git.version_info
    if tuple(found[:2]) < MIN_GIT:
        have = ".".join(str(part) for part in found)
        raise HistoryError(f"reading the history needs git {MIN_GIT[0]}.{MIN_GIT[1]} or later; this machine has "
                           f"git {have}. Install a newer git (on GitHub Actions, ubuntu-latest has one), or remove "
                           "`history:` from site_config.yml to build without the record of changes.")


def _refuse_shallow(source: Source) -> None:
    shallow = Path(source.repo.git_dir) / "shallow"
    answer = _git(source, "rev-parse", "--is-shallow-repository")
    if answer.strip() == "true" or shallow.is_file():
        raise HistoryError(f"{source.where} is a shallow clone: its history is cut short, and a timeline "
                           f"built from it would silently miss events. To fix it, {SHALLOW_FIX}.")


def _refuse_grafts(source: Source) -> None:
    """Grafts (.git/info/grafts) rewrite the parents git shows, outside every ref and commit id: a read
    cached by commit, or a build judged up to date by its refs, could not tell that the history changed."""
    grafts = Path(source.repo.common_dir) / "info" / "grafts"  # a linked worktree's are its main repository's
    if grafts.is_file():
        raise HistoryError(f"{source.where} has grafts ({grafts.as_posix()}): they change the history git shows "
                           "without changing any commit or ref. Receipts reads the commits as they were made: "
                           "remove the file (`git replace --convert-graft-file` would make them replace refs, "
                           "which Receipts ignores).")


def _resolve(source: Source, ref: str) -> str | None:
    try:
        return source.repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except git.GitCommandError:
        pass
    if not _git(source, "for-each-ref", "--count=1").strip() and not _has_head(source):
        return None  # no commits yet: a history with no events
    raise HistoryError(f"history.ref: '{ref}' is not a branch, tag or commit in {source.where}")


def _has_head(source: Source) -> bool:
    try:
        source.repo.git.rev_parse("--verify", "--quiet", "HEAD")
        return True
    except git.GitCommandError:
        return False


def _git(source: Source, *args: str) -> str:
    try:
        return source.repo.git.execute(["git", *args])
    except git.GitCommandError as exc:
        raise HistoryError(f"git {args[0]} failed in {source.where}: {_stderr(exc)}") from None


def _stderr(exc: git.GitCommandError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr or "")
    text = text.strip().removeprefix("stderr:").strip().strip("'").strip()
    return " ".join(text.split()) or f"exit status {exc.status}"
