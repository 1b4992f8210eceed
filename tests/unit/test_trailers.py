"""Trailers are found by git's rules: the same answer as `git interpret-trailers --parse`."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problem
from generator.history.decisions import Trailers, visibility
from generator.history.trailers import parse_message


def git_trailers(message: str) -> list[tuple[str, str]]:
    out = subprocess.run(["git", "interpret-trailers", "--parse"],
                         input=message.encode("utf-8"), capture_output=True, check=True, timeout=10,
                         env={"PATH": "/usr/bin:/bin:/usr/local/bin", "GIT_CONFIG_NOSYSTEM": "1",
                              "HOME": "/nonexistent"}).stdout.decode("utf-8")
    return [tuple(line.split(": ", 1)) if ": " in line else (line.rstrip(":"), "") for line in out.splitlines()]


MESSAGES = {
    "plain block": "Move the launch\n\nLegal needs a week.\n\nDecision: Launch on 21 April\nCampaign: spring-launch\n",
    "no space after the colon": "Subject\n\nDecision:Launch\nCampaign:demo\n",
    "space before the colon": "Subject\n\nDecision : Launch\n",
    "continuation lines": "Subject\n\nRelates-to: storyboard,\n  launch,\n\tclaims-copy\nCampaign: demo\n",
    "repeated keys": "Subject\n\nDecided-by: maria\nDecided-by: jane, carla\n",
    "signed-off 25% rule": "Subject\n\nDecision: A\nthis line is prose\nmore prose here\n"
                           "Signed-off-by: A <a@example.org>\n",
    "prose without git trailer": "Subject\n\nDecision: A\nthis line is prose\n",
    "only a subject": "Decision: not a trailer, a subject\n",
    "subject paragraph": "Decision: A\nCampaign: demo\n",
    "patch divider": "Subject\n\nDecision: A\n---\nnot: counted\n",
    "comment lines": "Subject\n\nDecision: A\n# a comment\nCampaign: demo\n\n# trailing comment\n",
    "trailing blank lines": "Subject\n\nDecision: A\n\n\n",
    "two-word key": "Subject\n\nTwo words: not a trailer\n",
    "url in body": "Subject\n\nhttps://example.org/a\nDecision: A\n",
    "cherry-pick line": "Subject\n\nsome prose\nmore prose\nDecision: A\n(cherry picked from commit abc)\n",
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_trailers_match_git_interpret_trailers(name):
    message = MESSAGES[name]
    assert list(parse_message(message).trailers) == git_trailers(message)


_PIECES = ["Subject line", "", "Body text here.", "Decision: Go", "Campaign: x", "Relates-to: a, b",
           "  continued", "\tcontinued", "Signed-off-by: A <a@b.example>", "(cherry picked from commit 1)",
           "not a trailer", "Key :v", "key:v", "Two words: no", "# comment", "---", "--- x",
           "Visibility: 2", "Co-authored-by: B <b@c.example>", " ", "Conflicts:", "\tfile", "-x: y", ":b", "a:"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9), st.booleans())
def test_any_message_gets_git_s_answer(lines, final_newline):
    message = "\n".join(lines) + ("\n" if final_newline else "")
    assert list(parse_message(message).trailers) == git_trailers(message)


def test_body_and_subject_are_split_around_the_trailers():
    message = parse_message("Move the launch\nto April\n\nLegal needs a week.\n\nMore why.\n\n"
                            "Decision: Launch on 21 April\nSigned-off-by: T <t@example.org>\n")
    assert message.subject == "Move the launch to April"
    assert message.body == "Legal needs a week.\n\nMore why."
    assert message.text == "Move the launch\nto April\n\nLegal needs a week.\n\nMore why."
    assert message.values("decision") == ["Launch on 21 April"]  # keys are matched without case


def test_multi_values_and_repeated_keys_are_all_kept():
    message = parse_message("S\n\nDecided-by: maria,\n  jane\ndecided-by: carla\nSigned-off-by: X <x@y.example>\n")
    assert message.values("Decided-by") == ["maria, jane", "carla"]
    ours = Trailers.of(message)
    assert ours.get("Decided-by") == ("maria, jane", "carla")
    assert "signed-off-by" not in ours.values  # other trailers are ignored


def test_a_message_without_trailers_keeps_all_its_text():
    message = parse_message("Subject\n\nDecision: A\nbut this is prose\n")
    assert message.trailers == () and message.body == "Decision: A\nbut this is prose"


@pytest.mark.parametrize("value, expected", [("0", 0), ("4", 4), ("internal", 5)])
def test_visibility_values(value, expected):
    problems: list[Problem] = []
    assert visibility(Trailers({"visibility": (value,)}), "a" * 40, problems) == expected and not problems


@pytest.mark.parametrize("value", ["5", "Internal", "two", "-1", ""])
def test_a_malformed_visibility_is_an_error_never_a_default(value):
    problems: list[Problem] = []
    assert visibility(Trailers({"visibility": (value,)}), "b" * 40, problems) is None
    assert [(p.file, p.key) for p in problems] == [("git commit bbbbbbbbbbbb", "Visibility")]


def test_two_visibility_trailers_are_an_error():
    problems: list[Problem] = []
    visibility(Trailers({"visibility": ("1", "2")}), "c" * 40, problems)
    assert "2 times" in problems[0].message
