"""A bracketed word that looks like an [internal] marker but is not one is warned about.

`[ internal ]`, `[internal ]`, `[/ internal]`, full-width brackets or a typo
one edit away are no markers: their text ships to every audience. validate
and build name the file, line and key; `build --strict` fails on them.
"""

from __future__ import annotations

import pytest

from generator import spans
from generator.cli import main
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN

WHY_LINE = 19  # the line `why:` is added on, below
NEAR_MISSES = ["[ internal ]", "[internal ]", "[ internal]", "[/ internal]", "[ /internal ]", "［internal］",
               "【internal】", "{internal}", "[intenral]", "[internl]", "[innternal]", "[lnternal]", "[in ternal]",
               "[\u0456nternal]", "[inter\u200bnal]", "[/intenral]"]
NOT_MARKERS = ["[note]", "[internal review pending]", "[external]", "a [link](https://example.com)",
               "[[wiki]]", "[internal]kept back[/internal]", "[INTERNAL]kept back[/Internal]"]


def _campaign(why: str) -> str:
    return CAMPAIGN.replace("    title: Morning concept chosen\n",
                            f"    title: Morning concept chosen\n    why: {why}\n")


def _message(written: str) -> str:
    return (f'content/campaigns/demo.yml:{WHY_LINE}: decisions[0].why: "{written}" looks like an [internal] '
            "marker but is not one (markers are written exactly [internal] ... [/internal]); its text will be shown")


@pytest.mark.parametrize("written", NEAR_MISSES)
def test_a_near_miss_marker_is_found(written):
    assert [found for _, found in spans.near_misses(f"Budget {written}was 40k{written} agreed")] == [written] * 2


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_real_markers_and_ordinary_brackets_are_not_near_misses(text):
    assert spans.near_misses(text) == []


def test_load_names_file_line_and_key_of_each_near_miss(make_workspace):
    root = make_workspace.write(campaigns={"demo": _campaign("'Chosen. [ internal ]Budget cut.[/ internal]'")})
    workspace = load_workspace(root, with_history=False)
    assert workspace.warnings == (_message("[ internal ]"), _message("[/ internal]"))


def test_a_near_miss_in_a_block_text_points_at_its_own_line(make_workspace):
    root = make_workspace.write(campaigns={"demo": _campaign("|\n      Chosen.\n\n      [intenral]Cut.[/intenral]")})
    found = load_workspace(root, with_history=False).warnings
    assert [w.split(": ", 2)[:2] for w in found] == [[f"content/campaigns/demo.yml:{WHY_LINE + 3}",
                                                      "decisions[0].why"]] * 2


def test_a_near_miss_in_a_label_title_of_the_site_config_is_warned(make_workspace):
    config = MINIMAL_CONFIG + "labels:\n  waiting: {title: 'Waiting [internal ]on print', kind: waiting}\n"
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN})
    (found,) = load_workspace(root, with_history=False).warnings
    assert found.startswith("site_config.yml:") and "labels.waiting.title: \"[internal ]\" looks like" in found


def test_validate_shows_the_warning_and_still_passes(make_workspace, capsys):
    root = make_workspace.write(campaigns={"demo": _campaign("'[ internal ]Budget cut.[ /internal ]'")})
    assert main(["validate", str(root)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {_message('[ internal ]')}\n" in err and f"warning: {_message('[ /internal ]')}\n" in err


def test_build_warns_and_strict_build_fails_without_replacing_a_site(make_workspace, tmp_path, capsys):
    root = make_workspace.write(campaigns={"demo": _campaign("'Chosen. [ internal ]Budget cut.[ /internal ]'")})
    out = tmp_path / "out"
    assert main(["build", str(root), "--output", str(out)]) == 0
    assert f"warning: {_message('[ internal ]')}" in capsys.readouterr().err
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert main(["build", str(root), "--output", str(out), "--strict"]) != 0
    err = capsys.readouterr().err
    assert _message("[ internal ]") in err and "Traceback" not in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
