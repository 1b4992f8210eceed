"""An address is checked when it is read: one that parses, https:// (http:// too for site.url), with a host.

`url: "https://[::1"` passed validate and stopped the build with "internal
error: ... ValueError: Invalid IPv6 URL" (docs/format.md, "Addresses").
"""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

EXPECTED = "expected an https:// address such as https://www.example.com/page"
SITE_EXPECTED = "expected an http:// or https:// address such as https://www.example.com/page"


def same_message(found: str, expected: str) -> bool:
    """Equal, but for the words in parentheses after "not a valid address": Python's own, which may change."""
    cut = " is not a valid address ("
    if cut not in expected:
        return found == expected
    head, rest = expected.split(cut, 1)
    return found.startswith(head + cut) and found.endswith(rest.split("); ", 1)[1])


def with_url(url: str) -> str:
    return CAMPAIGN + f"assets:\n  - {{id: landing, title: Landing page, url: '{url}'}}\n"


@pytest.mark.parametrize("url,message", [
    ("https://[::1", "'https://[::1' is not a valid address (Invalid IPv6 URL); " + EXPECTED),
    ("https://[zzz]/", "'https://[zzz]/' is not a valid address ('zzz' does not appear to be an IPv4 or IPv6 "
                       "address); " + EXPECTED),
    ("https://shop.example:99999/", "'https://shop.example:99999/' is not a valid address (Port out of range "
                                    "0-65535); " + EXPECTED),
    ("https://", "'https://' names no host; " + EXPECTED),
    ("https:///landing", "'https:///landing' names no host; " + EXPECTED),
    ("https://shop.example/spring sale", EXPECTED + ", without blanks (write a space as %20); "
                                                    "got 'https://shop.example/spring sale'"),
    ("http://shop.example/", EXPECTED + "; got 'http://shop.example/'"),
    ("javascript:alert(1)", EXPECTED + "; got 'javascript:alert(1)'"),
    # credentials would be read by every visitor; the message never repeats them (it may land in a CI log)
    ("https://maria:Hunter2pass@drive.example/film", "'https://…@drive.example' holds a user name or password "
     "before its host, which every visitor of the site would read; " + EXPECTED + ", with no credentials in it "
     "(share the file by a link that needs none)"),
])
def test_an_asset_url_that_is_no_address_is_an_error(make_workspace, url, message):
    (problem,) = problems_of(make_workspace, with_url(url))
    assert same_message(problem, f"content/campaigns/demo.yml:34: assets[0].url: {message}")


@pytest.mark.parametrize("url", ["https://[::1]/", "https://vimeo.com/1", "https://shop.example:8443/a?b=1#c",
                                 "https://www.youtube.com/watch?v=Q7mX2bRk9Ts", "https://shop.example/caf%C3%A9"])
def test_real_addresses_still_read(make_workspace, url):
    workspace = load_workspace(make_workspace.write(campaigns={"demo": with_url(url)}))
    assert workspace.campaigns["demo"].assets[0].url == url


def test_the_ipv6_url_of_the_red_team_is_a_clear_error_not_an_internal_error(make_workspace, tmp_path, capsys):
    root = make_workspace.write(campaigns={"demo": with_url("https://[::1")})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err.startswith(
        "content/campaigns/demo.yml:34: assets[0].url: 'https://[::1' is not a valid address (Invalid IPv6 URL)")
    assert main(["build", str(root), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "assets[0].url: 'https://[::1' is not a valid address" in err
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("url,message", [
    ("https://[::1", "'https://[::1' is not a valid address (Invalid IPv6 URL); " + SITE_EXPECTED),
    ("https://", "'https://' names no host; " + SITE_EXPECTED),
    ("ftp://studio.example/", SITE_EXPECTED + "; got 'ftp://studio.example/'"),
    ("https://studio.example:0x50/", "'https://studio.example:0x50/' is not a valid address (Port could not be cast "
                                     "to integer value as '0x50'); " + SITE_EXPECTED),
])
def test_a_site_url_that_is_no_address_is_an_error(make_workspace, url, message):
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", f"  timezone: Europe/Madrid\n  url: '{url}'\n")
    (problem,) = problems_of(make_workspace, CAMPAIGN, config=config)
    assert same_message(problem, f"site_config.yml:4: site.url: {message}")


@pytest.mark.parametrize("url,read", [("http://localhost:8000", "http://localhost:8000/"),
                                      ("https://studio.example/receipts/", "https://studio.example/receipts/")])
def test_a_site_url_reads_with_its_slash(make_workspace, url, read):
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", f"  timezone: Europe/Madrid\n  url: '{url}'\n")
    assert load_workspace(make_workspace.write(config=config)).config.url == read


@pytest.mark.parametrize("url", ["https://maria:s3cret@drive.example:99999/x", "https://maria:s3cret@drive.example/a b",
                                 "https://maria:s3cret@[::1", "http://maria:s3cret@drive.example/"])
def test_no_message_about_an_address_repeats_its_password(make_workspace, url):
    (problem,) = problems_of(make_workspace, with_url(url))
    assert "s3cret" not in problem and "maria" not in problem and "…@" in problem
