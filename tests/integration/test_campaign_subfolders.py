"""A campaign file in a subfolder of content/campaigns/ is an error, never a silently missing campaign.

FORMAT.md: campaigns are `content/campaigns/<id>.yml`. A file in
`content/campaigns/archive/` is read by no build, the internal team's
included, so `receipts build` says so, names the file and how to fix it,
and builds nothing (docs/format.md, "YAML details").
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import MINIMAL_CAMPAIGN, MINIMAL_CONFIG

GLOBEX = "id: globex\ntitle: Globex pitch\nclient: Globex\n"


def receipts(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120)


def test_a_campaign_file_in_a_subfolder_fails_the_build_with_one_message_each(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": MINIMAL_CAMPAIGN})
    campaigns = root / "content" / "campaigns"
    (campaigns / "archive" / "2025").mkdir(parents=True)
    (campaigns / "archive" / "globex.yml").write_text(GLOBEX, encoding="utf-8")
    (campaigns / "archive" / "2025" / "initech.yaml").write_text(GLOBEX, encoding="utf-8")
    (campaigns / "archive" / "README.txt").write_text("old pitches\n", encoding="utf-8")  # not a campaign file
    out = tmp_path / "out"
    result = receipts("build", "--output", str(out), str(root))
    assert result.returncode == 1
    fix = ("is in a subfolder of content/campaigns/, and is not read: campaign files are "
           "content/campaigns/<id>.yml; move it up into content/campaigns/ to build it, or out of "
           "content/campaigns/ to archive it")
    assert f"content/campaigns/archive/globex.yml: {fix}" in result.stderr
    assert f"content/campaigns/archive/2025/initech.yaml: {fix}" in result.stderr
    assert "README.txt" not in result.stderr
    assert "2 problems found" in result.stderr and "Traceback" not in result.stderr
    assert not (out.with_name("out-private") / "team").exists()  # nothing was built, not even the team's site


def test_moving_it_out_of_content_campaigns_archives_it(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": MINIMAL_CAMPAIGN})
    (root / "archive").mkdir()
    (root / "archive" / "globex.yml").write_text(GLOBEX, encoding="utf-8")
    (root / "content" / "campaigns" / "empty-folder").mkdir()
    result = receipts("build", "--output", str(tmp_path / "out"), str(root))
    assert result.returncode == 0, result.stderr
    assert "Globex" not in (tmp_path / "out-private" / "team" / "index.html").read_text(encoding="utf-8")
