"""site_config.yml, edited at random: every mistake is a Problem with its file, never a crash.

Lines of the demo's config are inserted, deleted, duplicated, re-indented
or have a word swapped for a tricky one (negative tiers, floats, lists where
mappings go, unknown zones, spans, empty strings). Whatever comes out, the
loader either reads a workspace, which then redacts, measures and renders
for every audience, or reports problems, each naming its file: any other
exception would reach the user as "internal error".
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.errors import InputError
from generator.inputs import load_workspace
from tests.conftest import REPO
from tests.fixtures.line_edits import edit_lines
from tests.fixtures.views import built_view

CONFIG_LINES = [line for line in (REPO / "site_config.yml").read_text(encoding="utf-8").splitlines(keepends=True)
                if not line.startswith("history:")]  # no git here: this is about the config's own reading
TRICKY_LINES = [
    "---\n", "audiences: []\n", "defaults: {task: -1}\n", "labels: [x]\n", "people: null\n", "  x: {}\n",
    "stall_days: {default: -3}\n", "measures: {cycle-time: banana}\n", "site: {title: ''}\n", "output: ../x\n",
    "  emails: [' a@b']\n", "    campaigns: 'all'\n", "    tier: 1.5\n", "    branding: {logo: /etc/passwd}\n",
    "    accent: '#zzz'\n", "  timezone: Mars/Base\n", "  language: fr\n", "    title: '[internal]x'\n",
]
TRICKY_WORDS = ["-1", "5", "1e999", "[]", "{}", "''", "null", "all", "internal", "nobody", "x:", "'q", "[a", "{b",
                "&a", "*a", "|", "true", "2026-02-30", "[internal]s[/internal]", "agency", "client", "roles"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_config_edited_at_random_reads_or_says_what_is_wrong(data):
    lines = edit_lines(data, CONFIG_LINES, TRICKY_LINES, TRICKY_WORDS)
    with tempfile.TemporaryDirectory(prefix="receipts-fuzz-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("history.bundle"))
        (root / "site_config.yml").write_text("".join(lines), encoding="utf-8")
        try:
            workspace = load_workspace(root, with_history=False)
        except InputError as exc:
            # (a label or person taken out of the config shows up where the campaigns use it)
            assert exc.problems and all(p.file and p.message for p in exc.problems), [str(p) for p in exc.problems]
            return
        for audience in workspace.config.audiences.values():
            view, _ = built_view(workspace, audience)
            pipeline.render(view, pipeline.measure(view))
