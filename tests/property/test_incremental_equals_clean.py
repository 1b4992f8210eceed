"""An incremental build is byte for byte the clean build of the same inputs, whatever was edited.

Each example builds a small workspace (history, a protected audience, its own
copy of the theme), then applies random edits (a campaign's text, a new
commit, an audience's tier, a passphrase, a theme file, SOURCE_DATE_EPOCH, or
nothing), building after each one into the same output, as a user would. At
the end every file of that output is compared with a clean build (no cache,
a fresh output folder) of the workspace as it then is.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline
from tests.fixtures.git_history import run_git
from tests.fixtures.incremental import PASSPHRASE, build, history_workspace, own_theme, tree

TITLES = st.sampled_from(["Draft the copy", "Redraft the copy", "Cut the copy down", "Écrire la copie"])
EDITS = st.one_of(
    st.tuples(st.just("campaign"), TITLES),
    st.tuples(st.just("commit"), st.integers(16, 28)),
    st.tuples(st.just("tier"), st.integers(0, 3)),
    st.tuples(st.just("passphrase"), st.sampled_from([PASSPHRASE, "another long enough passphrase"])),
    st.tuples(st.just("theme"), st.sampled_from(["/* a */", "/* b */"])),
    st.tuples(st.just("epoch"), st.sampled_from([None, "1790000000", "1800000000"])),
    st.tuples(st.just("nothing"), st.just(None)),
)


def apply(edit: tuple, root: Path, theme: Path, environ: dict) -> None:
    kind, value = edit
    campaign, config = root / "content/campaigns/demo.yml", root / "site_config.yml"
    if kind == "campaign":
        lines = campaign.read_text(encoding="utf-8").splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith("  - {id: draft,"))
        lines[index] = f"  - {{id: draft, title: {value}, owner: maria, label: in-progress, start: 2026-01-12}}\n"
        campaign.write_text("".join(lines), encoding="utf-8")
    elif kind == "commit":
        run_git(root, "add", "-A", "--", "content", "site_config.yml")
        run_git(root, "commit", "--quiet", "--allow-empty", "-m", f"Work of the {value}th",
                when=f"2026-01-{value}T10:00:00+01:00")
    elif kind == "tier":
        lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith("  client:"))
        lines[index] = f"  client: {{title: Client, tier: {value}, campaigns: [demo]}}\n"
        config.write_text("".join(lines), encoding="utf-8")
    elif kind == "passphrase":
        environ["LOCK_PASS"] = value
    elif kind == "theme":
        css = min(theme.rglob("*.css"))
        css.write_text(css.read_text(encoding="utf-8") + value + "\n", encoding="utf-8")
    elif kind == "epoch":
        environ.pop("SOURCE_DATE_EPOCH", None) if value is None else environ.update(SOURCE_DATE_EPOCH=value)


@settings(max_examples=20, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=3))
def test_every_incremental_build_equals_a_clean_build(edits):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"LOCK_PASS": PASSPHRASE}
    with tempfile.TemporaryDirectory(prefix="incremental-") as tmp, mock.patch.dict(os.environ, environ, clear=True):
        work = Path(tmp)
        theme = own_theme(work / "theme")
        with mock.patch.object(pipeline, "theme_dir", lambda: theme):
            root, out = history_workspace(work / "ws").root, work / "out"
            build(root, out)
            for edit in edits:
                apply(edit, root, theme, os.environ)
                build(root, out)
            incremental = tree(out)
            shutil.rmtree(root / ".receipts-cache")
            build(root, work / "clean")
        assert incremental.keys() == tree(work / "clean").keys()
        assert incremental == tree(work / "clean"), edits
