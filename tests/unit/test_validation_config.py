"""site_config.yml choices where FORMAT.md is silent, made strict (docs/format.md)."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import problems_of


def test_one_address_on_two_people_names_both(make_workspace):
    """A commit by that address would be attributed to whoever comes first."""
    config = MINIMAL_CONFIG.replace("emails: [jane@client.example]",
                                    "emails: [jane@client.example, Maria@Studio.example]")
    assert problems_of(make_workspace, config=config) == [
        "site_config.yml:6: people.jane.emails[1]: 'maria@studio.example' is also an address of people.maria "
        "(line 5); an address maps git commits to one person: keep it on maria or on jane, not both"]


@pytest.mark.parametrize("written", ["[]", "", "null"])
def test_an_audience_with_no_campaigns_is_an_error(make_workspace, written, capsys):
    from generator.cli import main

    config = MINIMAL_CONFIG.replace("tier: 1, campaigns: [demo]}", f"tier: 1, campaigns: {written}}}")
    root = make_workspace.write(config=config)
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("site_config.yml:9: audiences.client1.campaigns: expected all or a non-empty list of "
                          "campaign ids (an audience with no campaign would get an empty site)")
    assert "Traceback" not in err


@pytest.mark.parametrize("written", ["''", "'  '", "not an email", "' a@x.example'", "a@b@c"])
def test_an_email_that_is_no_address_is_an_error(make_workspace, written):
    """Git authors are addresses: anything else would silently match no commit ("Agency team")."""
    from tests.unit.test_loading import CAMPAIGN, problems_of

    config = MINIMAL_CONFIG.replace("emails: [maria@studio.example]", f"emails: [maria@studio.example, {written}]")
    assert config != MINIMAL_CONFIG
    (problem,) = problems_of(make_workspace, CAMPAIGN, config=config)
    assert problem.startswith("site_config.yml:5: people.maria.emails[1]: expected ")


def test_all_in_quotes_says_to_drop_the_quotes(make_workspace):
    from tests.unit.test_loading import CAMPAIGN, problems_of

    config = MINIMAL_CONFIG.replace("campaigns: all}", "campaigns: 'all'}")
    assert config != MINIMAL_CONFIG
    (problem,) = problems_of(make_workspace, CAMPAIGN, config=config)
    assert problem.startswith("site_config.yml:12: audiences.team.campaigns: expected all without quotes")


def test_a_bad_kind_or_side_does_not_hide_the_other_mistakes_of_its_entry(make_workspace):
    """Every problem is reported together; the label and the person still resolve where campaigns use them."""
    from tests.unit.test_loading import CAMPAIGN, problems_of

    config = (MINIMAL_CONFIG.replace("side: agency", "side: agencyy")
              .replace("emails: [maria@studio.example]", "emails: [not-an-address]")
              + "labels:\n  waiting-on-print: {title: '', kind: waitingg}\n")
    campaign = CAMPAIGN.replace("label: needs-decision", "label: waiting-on-print")
    problems = problems_of(make_workspace, campaign, config=config)
    keys = sorted(p.split(": ")[1] for p in problems)
    assert keys == ["labels.waiting-on-print.kind", "labels.waiting-on-print.title", "people.maria.emails[0]",
                    "people.maria.side"], problems
