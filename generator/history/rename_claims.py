"""A rename git did not see, declared in the same commit that keeps the old file: refused (docs/history.md).

A campaign file's history follows its path unless git reports a rename.
"git mv demo.yml globex.yml, then a new demo.yml" in one commit reads to git
as `demo.yml` changed and `globex.yml` added (two files that swap their ids
read as both changed): the new demo would take the old one's events and
decision commits, while `renamed_from: [demo]` says they are Globex's.
Which file holds that history cannot be told, so the build stops.
"""

from __future__ import annotations

from generator.errors import HistoryError
from generator.model import Campaign


def refuse_claim_on_a_kept_file(commit, change, campaign: Campaign, before: Campaign | None,
                                files: dict, campaign_dir: str) -> None:
    """A HistoryError when a version newly declares `renamed_from: [X]` without git's rename of X's file, while
    X's file is still there after the commit (`files`) and was changed in it too. (A file that only copies a
    declaration, X's file untouched, claims nothing: its declaration is not a rename git saw.)"""
    declared_before = set(before.renamed_from) if before is not None else set()
    changed = {c.new_path for c in commit.files if c.new_path}
    own_id = change.new_path.rsplit("/", 1)[-1].removesuffix(".yml")
    for old_id in campaign.renamed_from:
        old_path = f"{campaign_dir}{old_id}.yml"
        if old_id == own_id or old_id in declared_before or old_path not in files:
            continue  # not new here, or its file is gone: nothing else can hold that history
        if change.status == "R" and change.old_path == old_path:
            continue  # the rename git followed
        if old_path in changed:  # X's file rewritten beside it: by path, X's history is now another campaign's
            raise HistoryError(
                f"git commit {commit.sha[:12]}: {change.new_path} declares renamed_from: [{old_id}], but "
                f"{old_path} is still a campaign file after that commit, so git reads it as the same file as "
                f"before, not as renamed: it cannot be told which file holds campaign {old_id}'s history. Make "
                f"the rename one commit and the new {old_path} the next (git rebase -i, then edit that commit)")
