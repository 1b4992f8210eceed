"""`protect:` in site_config.yml: strict, with file, line and key (docs/protect.md)."""

from __future__ import annotations

import pytest

from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

LINE = "  client1: {title: Client one, tier: 1, campaigns: [demo]}\n"


def configured(protect: str) -> str:
    assert LINE in MINIMAL_CONFIG
    return MINIMAL_CONFIG.replace(LINE, f"  client1:\n    title: Client one\n    tier: 1\n    campaigns: [demo]\n"
                                        f"    protect:\n{protect}")


@pytest.mark.parametrize("written,expected", [
    ("      passphrase_env: CLIENT1_PASSPHRASE\n", ("CLIENT1_PASSPHRASE",)),
    ("      passphrase_env: [ACME_JANE, ACME_RAJ, _x9]\n", ("ACME_JANE", "ACME_RAJ", "_x9")),
])
def test_one_variable_or_a_list(make_workspace, written, expected):
    root = make_workspace.write(config=configured(written), campaigns={"demo": CAMPAIGN})
    audiences = load_workspace(root).config.audiences
    assert audiences["client1"].protect.passphrase_env == expected
    assert audiences["client0"].protect is None


@pytest.mark.parametrize("written,expected", [
    ("      passphrase_env: 1ACME\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env: expected the name of an environment variable"),
    ("      passphrase_env: [ACME, ACME-JANE]\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env[1]: expected the name of an environment variable"),
    ("      passphrase_env: [ACME, ACME]\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env[1]: 'ACME' is listed twice (first as "
     "audiences.client1.protect.passphrase_env[0]); expected each variable once"),
    ("      passphrase_env: []\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env: expected the name of an environment variable, "
     "or a non-empty list of them"),
    ("      passphrase_env:\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env: expected the name of an environment variable, "
     "or a non-empty list of them"),
    ("      passphrase: ACME\n",
     "site_config.yml:14: audiences.client1.protect.passphrase: unknown key"),
    ("      passphrase_env: {name: ACME}\n",
     "site_config.yml:14: audiences.client1.protect.passphrase_env: expected a list; got a mapping"),
])
def test_a_bad_protect_is_a_clear_problem(make_workspace, written, expected):
    problems = problems_of(make_workspace, CAMPAIGN, config=configured(written))
    assert problems[0].startswith(expected), problems
    assert all(".protect." in p for p in problems)  # a misspelt key also says the right one is missing


def test_protect_must_be_a_mapping(make_workspace):
    config = MINIMAL_CONFIG.replace(LINE, "  client1: {title: Client one, tier: 1, campaigns: [demo], protect: yes}\n")
    (problem,) = problems_of(make_workspace, CAMPAIGN, config=config)
    assert problem.startswith("site_config.yml:9: audiences.client1.protect: expected a mapping with keys "
                              "passphrase_env")
