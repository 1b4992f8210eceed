"""`receipts lint-commits [RANGE]` and `receipts hook install`: decision commits checked before they are pushed.

A pushed mistake is fixed by a new commit, never by rewriting history
(FORMAT.md, History), so the cheap time to catch `Decison:` or an unknown
campaign is before the push: in the commit-msg hook, before the commit
exists, or in CI on a pull request. Checks: history/commit_lint.py.
Wired into generator.cli with `add_parsers(sub)` and `COMMANDS`.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, Problem, ReceiptsError
from generator.lazy import lazy_module

if TYPE_CHECKING:
    import git
else:  # imported when a lint command runs, not by every command
    git = lazy_module("git")

HOOK_MARK = "# receipts commit-msg hook"


def add_parsers(subparsers) -> None:
    lint = subparsers.add_parser("lint-commits", help="check the Receipts trailers of commits (decision commits)")
    lint.add_argument("range", nargs="?", metavar="RANGE",
                      help="the commits to check, as git names them (main..HEAD, HEAD~3..); default: the commits "
                           "not yet on a remote, or every commit of HEAD when there is no remote")
    lint.add_argument("--workspace", "-w", default=".", metavar="DIR", help="the workspace (default: .)")
    lint.add_argument("--message-file", metavar="FILE",
                      help="check this commit message file instead of commits (what the commit-msg hook does)")
    hook = subparsers.add_parser("hook", help="install the commit-msg hook that checks trailers at commit time")
    hook_sub = hook.add_subparsers(dest="hook_command", required=True, metavar="ACTION",
                                   help="install: write the hook into this workspace's repository")
    install = hook_sub.add_parser("install", help="install .git/hooks/commit-msg for this workspace's repository")
    install.add_argument("workspace", nargs="?", default=".", help="the workspace (default: .)")
    install.add_argument("--force", action="store_true", help="replace a commit-msg hook that is not Receipts'")


def _repository(root: Path, history_repo: str | None) -> git.Repo:
    """The repository of `history.repo` (the history the build reads), found from the workspace."""
    try:
        return git.Repo(root / (history_repo or "."), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReceiptsError(f"{root} is not inside a git repository; run `git init` first") from None


def _default_range(repo: git.Repo) -> list[str]:
    """The commits not yet on any remote; with no remote, every commit of HEAD."""
    if not repo.head.is_valid():
        return []
    if repo.remotes:
        return repo.git.rev_list("HEAD", "--not", "--remotes").split()
    return repo.git.rev_list("HEAD").split()


def _commits(repo: git.Repo, revision: str | None) -> list[str]:
    if revision is None:
        return _default_range(repo)
    try:
        return repo.git.rev_list(revision, "--").split()
    except git.GitCommandError:
        raise ReceiptsError(f"'{revision}' names no commits git knows (expected a range such as "
                            "origin/main..HEAD)") from None


def _message_text(repo: git.Repo, sha: str) -> str:
    """A commit's message; GitPython hands back bytes when they do not decode in the commit's encoding."""
    message = repo.commit(sha).message
    return message if isinstance(message, str) else message.decode("utf-8", errors="replace")


def _message(message_file: str, workspace: str) -> list[Problem]:
    """A message still to be committed. A workspace that does not load (a file half edited, the very one
    this commit may fix) never blocks the commit: the trailers' form is checked, and a warning says so."""
    from generator.history.commit_lint import check_message
    from generator.inputs import load_workspace

    try:
        text = Path(message_file).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ReceiptsError(f"cannot read {message_file}: {exc.strerror or exc}") from None
    try:
        loaded = load_workspace(workspace, with_history=False)
    except InputError as exc:
        print(f"warning: the workspace has {len(exc.problems)} problem(s) (`receipts validate` lists them); "
              "the trailers' ids were not checked", file=sys.stderr)
        return check_message(text, None, None, {}, "commit message")
    return check_message(text, None, loaded.config, loaded.campaigns, "commit message")


def lint(workspace: str, revision: str | None, message_file: str | None) -> tuple[list[Problem], int]:
    """(problems, number of commits checked)."""
    from generator.history.commit_lint import check_message
    from generator.inputs import load_workspace

    if message_file is not None:
        return _message(message_file, workspace), 1
    loaded = load_workspace(workspace, with_history=False)
    config, campaigns = loaded.config, loaded.campaigns
    if config.history is None or config.history.repo is None:
        where = "comes from the bundle " + str(config.history.bundle) if config.history else "is not configured"
        print(f"the workspace's history {where} (site_config.yml, history:): no commit here is a decision record")
        return [], 0
    repo = _repository(Path(loaded.root), config.history.repo)
    shas = _commits(repo, revision)
    problems = [p for sha in shas for p in check_message(_message_text(repo, sha), sha, config, campaigns)]
    return problems, len(shas)


def run_lint(args) -> int:
    problems, checked = lint(args.workspace, args.range, args.message_file)
    for problem in problems:
        print(problem, file=sys.stderr)
    what = "the commit message" if args.message_file else f"{checked} commit{'s' if checked != 1 else ''}"
    if problems:
        count = len(problems)
        print(f"receipts: {count} problem{'s' if count != 1 else ''} found in {what}", file=sys.stderr)
        if args.message_file:
            print(f"receipts: the commit was not made; your message is kept in {args.message_file}",
                  file=sys.stderr)
        return 1
    if not args.message_file:
        print(f"checked {what}: no problems")
    return 0


def hook_script(python: str, workspace: str) -> str:
    """The hook: this Python's receipts when it is still there, else `receipts` on the PATH."""
    check = f"lint-commits --workspace {shlex.quote(workspace)} --message-file \"$1\""
    return (f"#!/bin/sh\n{HOOK_MARK}: checks Receipts trailers (Decision:, Campaign:, ...) before the commit "
            f"exists.\n# Skip it once with `git commit --no-verify`; docs/commands.md.\n"
            f"if [ -x {shlex.quote(python)} ]; then\n  exec {shlex.quote(python)} -m generator {check}\nfi\n"
            f"exec receipts {check}\n")


def install_hook(workspace: str, force: bool = False) -> Path:
    root = Path(workspace).resolve()
    repo = _repository(root, None)
    hook = Path(repo.git.rev_parse("--git-path", "hooks/commit-msg"))
    hook = hook if hook.is_absolute() else Path(repo.working_tree_dir or root) / hook
    if hook.exists() and HOOK_MARK not in hook.read_text(encoding="utf-8", errors="replace") and not force:
        raise ReceiptsError(f"{hook} exists and is not Receipts' hook; call `receipts lint-commits --message-file` "
                            "from it, or replace it with `receipts hook install --force`")
    relative = root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix() if repo.working_tree_dir else "."
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(hook_script(sys.executable, relative or "."), encoding="utf-8")
    hook.chmod(0o755)
    return hook


def run_hook(args) -> int:
    print(f"installed {install_hook(args.workspace, args.force)}")
    return 0


COMMANDS = {"lint-commits": run_lint, "hook": run_hook}
