"""The publishing keys of site_config.yml: addresses held to a strict grammar, path, language, publish.

An address is written unescaped into a site's 404 page and sitemap: `site.url: 'https://x/"><script>'`
was accepted and reached 404.html. An internal audience could only be kept off the deploy folder by
not building it.
"""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG

CAMPAIGNS = {"demo": "id: demo\ntitle: Demo campaign\nclient: Client Co.\n"}


def with_site_url(url: str) -> str:
    return MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", f"  timezone: Europe/Madrid\n  url: '{url}'\n")


def problems(make_workspace, config: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_workspace(make_workspace.write(config=config, campaigns=CAMPAIGNS))
    return [str(p) for p in caught.value.problems]


def audiences(make_workspace, config: str):
    return load_workspace(make_workspace.write(config=config, campaigns=CAMPAIGNS)).config.audiences


@pytest.mark.parametrize("url", [
    'https://studio.example/"><script>alert(1)</script>/',
    "https://studio.example/it''s/",  # a quote, escaped for YAML
    "https://studio.example/<b>/",
    "https://studio.example/a\\b/",
    "https://studio.example/receipts/?utm=1",
    "https://studio.example/receipts/#top",
    "https://studio.example/a&b/",
    "https://studio.example/100%/",
    "https://studio.example/../etc/",
    "https://studio.example:70000/",
    "http://studio.example/",  # http only for a site served on this machine
    "https://studio_example/",
])
def test_a_site_url_outside_the_strict_grammar_is_an_error(make_workspace, url):
    (problem,) = problems(make_workspace, with_site_url(url))
    assert problem.startswith("site_config.yml:4: site.url: ")
    assert "https:// address such as" in problem


@pytest.mark.parametrize("url", ["https://studio.example/caf%C3%A9/", "https://studio.example/our%20work/",
                                 "http://localhost:8000/", "http://127.0.0.1:8000/receipts/",
                                 "https://Studio.example/~maria/receipts"])
def test_a_site_url_in_the_grammar_is_kept_as_written_with_its_slash(make_workspace, url):
    config = load_workspace(make_workspace.write(config=with_site_url(url), campaigns=CAMPAIGNS)).config
    assert config.url == url.rstrip("/") + "/"


def test_an_audience_address_defaults_to_the_site_address_and_its_path_percent_encoding_kept(make_workspace):
    config = with_site_url("https://studio.example/caf%C3%A9").replace(
        "  client1: {title: Client one, tier: 1, campaigns: [demo]}",
        "  client1: {title: Client one, tier: 1, campaigns: [demo], path: c1-x7k2}")
    found = audiences(make_workspace, config)
    assert found["client1"].url == "https://studio.example/caf%C3%A9/c1-x7k2/"
    assert found["client0"].url == "https://studio.example/caf%C3%A9/client0/"
    assert found["team"].url is None and found["team"].publish is False  # served nowhere


def test_an_audience_url_of_its_own_is_checked_and_gets_its_slash(make_workspace):
    config = MINIMAL_CONFIG.replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "  client1: {title: Client one, tier: 1, campaigns: [demo], "
                                    "url: 'https://receipts.client.example'}\n"
                                    "  client4: {title: Client four, tier: 1, campaigns: [demo], "
                                    "url: 'https://x.example/\"onmouseover=\"x'}")
    (problem,) = problems(make_workspace, config)
    assert problem.startswith("site_config.yml:10: audiences.client4.url: ")
    config = config.replace("  client4: {title: Client four, tier: 1, campaigns: [demo], "
                            "url: 'https://x.example/\"onmouseover=\"x'}", "")
    assert audiences(make_workspace, config)["client1"].url == "https://receipts.client.example/"


@pytest.mark.parametrize("path", ["Acme", "acme/x", "../acme", "acme.html", "-acme", "a" * 65, "''"])
def test_a_path_that_is_no_folder_name_is_an_error(make_workspace, path):
    config = MINIMAL_CONFIG.replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    f"  client1: {{title: Client one, tier: 1, campaigns: [demo], path: {path}}}")
    (problem,) = problems(make_workspace, config)
    assert problem.startswith("site_config.yml:9: audiences.client1.path: expected ")


def test_two_audiences_in_one_folder_is_an_error(make_workspace):
    config = MINIMAL_CONFIG.replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "  client1: {title: Client one, tier: 1, campaigns: [demo], path: client0}")
    (problem,) = problems(make_workspace, config)
    assert "audiences.client1.path: 'client0' is also the folder of audience 'client0'" in problem


def test_an_internal_audience_published_without_protection_is_an_error(make_workspace):
    config = MINIMAL_CONFIG.replace("  team: {title: Team, tier: 4, internal: true, campaigns: all}",
                                    "  team: {title: Team, tier: 4, internal: true, campaigns: all, publish: true}")
    (problem,) = problems(make_workspace, config)
    assert problem == ("site_config.yml:12: audiences.team.publish: an internal audience is published only with "
                       "protect: (a passphrase); expected publish: false, or a protect: key")


def test_publish_and_language_per_audience(make_workspace):
    config = MINIMAL_CONFIG.replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "  client1: {title: Client one, tier: 1, campaigns: [demo], language: es, "
                                    "publish: false}")
    found = audiences(make_workspace, config)
    assert (found["client1"].language, found["client1"].publish) == ("es", False)
    assert (found["client0"].language, found["client0"].publish) == ("en", True)
    bad = config.replace("language: es", "language: fr")
    (problem,) = problems(make_workspace, bad)
    assert problem == "site_config.yml:9: audiences.client1.language: expected one of en, es; got 'fr'"


@pytest.mark.parametrize("days,ok", [("1", True), ("30", True), ("0", False), ("-3", False), ("seven", False)])
def test_stale_after_days_is_a_number_of_days(make_workspace, days, ok):
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n",
                                    f"  timezone: Europe/Madrid\n  stale_after_days: {days}\n")
    if ok:
        root = make_workspace.write(config=config, campaigns=CAMPAIGNS)
        assert load_workspace(root).config.stale_after_days == int(days)
    else:
        (problem,) = problems(make_workspace, config)
        assert problem.startswith("site_config.yml:4: site.stale_after_days: expected a")


@pytest.mark.parametrize("url", ["https://studio.example/%2e%2e/", "https://studio.example/a/%2E%2e/",
                                 "https://studio.example/%2e/", "https://studio.example/.%2E/",
                                 "https://studio.example/%2E./"])
def test_a_dot_folder_written_in_percent_encoding_is_refused_like_dot_dot(make_workspace, url):
    """Browsers resolve %2e%2e as '..': the canonical links would name another folder."""
    (problem,) = problems(make_workspace, with_site_url(url))
    assert problem.startswith("site_config.yml:4: site.url: '.' and '..' (or %2e, %2e%2e) are no folder names")


def with_client1_url(url: str, site_url: str = "https://studio.example/receipts/") -> str:
    return with_site_url(site_url).replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                           f"  client1: {{title: Client one, tier: 1, campaigns: [demo], url: '{url}'}}")


@pytest.mark.parametrize("url,other", [
    ("https://studio.example/receipts/client0/", "client0"),  # client0's folder under site.url
    ("https://STUDIO.example/receipts/client0", "client0"),
    ("https://studio.example/receipts/client0/inner/", "client0"),  # inside client0's site
])
def test_an_audience_url_into_another_audiences_site_is_an_error(make_workspace, url, other):
    (problem,) = problems(make_workspace, with_client1_url(url))
    assert f"audiences.client1.url: '{url.rstrip('/')}/' is or lies within the address of audience '{other}'" \
        in problem


def test_two_audiences_with_one_url_is_an_error(make_workspace):
    config = with_client1_url("https://receipts.client.example/").replace(
        "  client0: {title: Client zero,", "  client0: {url: 'https://receipts.client.example/', title: Client zero,")
    found = problems(make_workspace, config)
    assert any("is or lies within the address of audience 'client" in p for p in found), found


def test_the_landing_pages_address_is_no_audiences_url(make_workspace):
    (problem,) = problems(make_workspace, with_client1_url("https://studio.example/receipts/"))
    assert "audiences.client1.url: 'https://studio.example/receipts/' is site.url" in problem


def test_an_audience_on_its_own_domain_or_in_its_own_folder_is_fine(make_workspace):
    found = audiences(make_workspace, with_client1_url("https://studio.example/receipts/client1-x/"))
    assert found["client1"].url == "https://studio.example/receipts/client1-x/"
    found = audiences(make_workspace, with_client1_url("https://receipts.client.example/"))
    assert found["client1"].url == "https://receipts.client.example/"
