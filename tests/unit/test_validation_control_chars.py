"""Control characters are errors however they are written: a raw byte, or a YAML escape in double quotes.

"\\u0000" and "\\u001b" in a title or url were written raw into pages and
`receipts kpis --format json` (docs/format.md, "YAML details").
"""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

EXPECTED = "expected text without control characters (tabs and line breaks are the only ones allowed)"


@pytest.mark.parametrize("escape,code", [
    ("\\0", "0000"), ("\\u0000", "0000"), ("\\e", "001B"), ("\\x1b", "001B"), ("\\a", "0007"), ("\\r", "000D"),
    ("\\x7f", "007F"), ("\\N", "0085"), ("\\x9b", "009B"), ("\\v", "000B"), ("\\f", "000C"),
])
def test_an_escaped_control_character_is_an_error_naming_its_line_and_key(make_workspace, escape, code):
    campaign = CAMPAIGN.replace("    title: Storyboard\n", f'    title: "Story{escape}board"\n')
    assert problems_of(make_workspace, campaign) == [
        f"content/campaigns/demo.yml:11: tasks[0].title: holds the control character U+{code} (an escape such as "
        f"\"\\u{code.lower()}\" in quotes); {EXPECTED}"]


def test_the_red_team_title_and_url_are_refused_by_validate_and_build(make_workspace, tmp_path, capsys):
    campaign = CAMPAIGN + ('assets: [{id: a, title: "Poster\\u0000B\\u001b[31mRED", '
                           'url: "https://x.example/\\u0000"}]\n')
    root = make_workspace.write(campaigns={"demo": campaign})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == (
        f"content/campaigns/demo.yml:33: assets[0].title: holds the control character U+0000 (an escape such as "
        f"\"\\u0000\" in quotes); {EXPECTED}\n"
        f"content/campaigns/demo.yml:33: assets[0].url: holds the control character U+0000 (an escape such as "
        f"\"\\u0000\" in quotes); {EXPECTED}\n"
        "receipts: 2 problems found; nothing was built.\n")
    assert main(["build", str(root), "--output", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert main(["kpis", str(root), "--format", "json"]) == 1


def test_control_characters_in_site_config_and_in_keys(make_workspace):
    config = MINIMAL_CONFIG.replace("  title: Test Studio\n", '  title: "Test\\x07Studio"\n') \
        .replace("  jane: {", '  jane: {"\\x1bnote": x, ')
    found = problems_of(make_workspace, CAMPAIGN, config=config)
    assert f"site_config.yml:2: site.title: holds the control character U+0007 (an escape such as \"\\u0007\" in " \
           f"quotes); {EXPECTED}" in found
    # The key itself is not repeated in the message: it holds the character.
    assert f"site_config.yml:6: people.jane: holds the control character U+001B (an escape such as \"\\u001b\" in " \
           f"quotes); {EXPECTED}" in found


def test_a_raw_control_byte_is_still_an_error(make_workspace):
    campaign = CAMPAIGN.replace("    title: Storyboard\n", "    title: Story\x1bboard\n")
    (problem,) = problems_of(make_workspace, campaign)
    assert problem.startswith("content/campaigns/demo.yml:11: invalid YAML: character #x001b is not allowed")


def test_tabs_and_line_breaks_are_text(make_workspace):
    campaign = CAMPAIGN.replace("  - {date: 2026-02-03, about: kickoff, text: All good.}\n",
                                '  - {date: 2026-02-03, about: kickoff, text: "All\\tgood.\\nReally."}\n')
    workspace = load_workspace(make_workspace.write(campaigns={"demo": campaign}))
    assert workspace.campaigns["demo"].notes[0].text == "All\tgood.\nReally."


@pytest.mark.parametrize("escape,code", [("\\ufffe", "FFFE"), ("\\uffff", "FFFF"), ("\\ufdd0", "FDD0"),
                                         ("\\U0010FFFF", "10FFFF")])
def test_a_non_character_is_an_error_too(make_workspace, escape, code):
    """Unicode's non-characters are no text: they showed as nothing on pages and broke feed.xml (XML refuses them)."""
    campaign = CAMPAIGN.replace("    title: Storyboard\n", f'    title: "Story{escape}board"\n')
    (problem,) = problems_of(make_workspace, campaign)
    assert problem.startswith(f"content/campaigns/demo.yml:11: tasks[0].title: holds U+{code}, which Unicode "
                              "reserves as no character at all"), problem
