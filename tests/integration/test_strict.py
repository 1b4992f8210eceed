"""`receipts build --strict`: a warning fails the build, and no site is replaced.

For CI: a bundle not made again after new commits, or a past version skipped
because it no longer parses, should stop a publish rather than scroll by.
"""

from __future__ import annotations

from generator.cli import main
from tests.fixtures.git_history import GitWorkspace
from tests.integration.test_history import campaign, t


def test_strict_fails_on_a_warning_and_keeps_the_last_good_site(tmp_path, capsys):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    out = tmp_path / "out"
    assert main(["build", str(ws.root), "--output", str(out), "--strict"]) == 0  # no warning: builds
    page = out / "client1" / "demo" / "index.html"
    before, sites = page.read_bytes(), sorted(p.name for p in out.iterdir())
    capsys.readouterr()

    ws.campaign("demo", campaign(launch="2026-06-30"))  # an edit not committed: a warning
    assert main(["build", str(ws.root), "--output", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "receipts: --strict: the build gave 1 warning:" in err
    assert "  warning: content/campaigns/demo.yml has changes that are not in the history" in err
    assert "nothing was replaced; the previous site is still in place" in err
    assert "Traceback" not in err
    assert page.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == sites  # and no half-built folder left behind

    assert main(["build", str(ws.root), "--output", str(out)]) == 0  # without --strict: warns, builds
    assert "warning: content/campaigns/demo.yml" in capsys.readouterr().err
    assert page.read_bytes() != before
