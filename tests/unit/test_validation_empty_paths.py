"""A path or an address given as "" is an error, never taken for "none" (docs/format.md, "Paths").

An asset with `file: ""` was counted as shown and appeared on no page; an
empty `history.bundle` fell back to the workspace's own repository; an empty
logo, accent or `site.url` was silently dropped.
"""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of
from tests.fixtures import images

PNG = images.png()  # a real one: the gate refuses an image it cannot decode
FILE_EXPECTED = "expected a file path relative to content/, such as assets/poster.png; got an empty value"


@pytest.mark.parametrize("written", ['""', "''", '"   "'])
def test_an_asset_file_that_is_empty_is_an_error(make_workspace, written):
    campaign = CAMPAIGN + f"assets:\n  - {{id: poster, title: Final poster, file: {written}}}\n"
    assert problems_of(make_workspace, campaign) == [
        f"content/campaigns/demo.yml:34: assets[0].file: {FILE_EXPECTED}"]


def test_an_asset_url_that_is_empty_is_an_error(make_workspace):
    campaign = CAMPAIGN + 'assets:\n  - {id: poster, title: Final poster, url: ""}\n'
    assert problems_of(make_workspace, campaign) == [
        "content/campaigns/demo.yml:34: assets[0].url: expected an https:// address such as "
        "https://www.example.com/page; got an empty value"]


def test_validate_and_build_refuse_the_empty_file_and_write_nothing(make_workspace, tmp_path, capsys):
    """What the red team saw: validate passed, build said "2 entries shown", the page said "Nothing recorded yet"."""
    campaign = CAMPAIGN + 'assets:\n  - {id: poster, title: Final poster, file: ""}\n'
    root = make_workspace.write(campaigns={"demo": campaign})
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert err == (f"content/campaigns/demo.yml:34: assets[0].file: {FILE_EXPECTED}\n"
                   "receipts: 1 problem found; nothing was built.\n")
    assert main(["build", str(root), "--output", str(tmp_path / "out")]) == 1
    assert f"assets[0].file: {FILE_EXPECTED}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_approval_asset_that_is_empty_is_an_error(make_workspace):
    campaign = CAMPAIGN.replace("    subject: storyboard\n", "    subject: storyboard\n    asset: ''\n")
    assert problems_of(make_workspace, campaign) == [
        f"content/campaigns/demo.yml:26: approvals[0].asset: {FILE_EXPECTED}"]


@pytest.mark.parametrize("key,written,message", [
    ("logo", '""', "expected a logo image: an SVG, PNG, JPEG, GIF or WebP file (.svg, .png, .jpg, .jpeg, .gif, "
                   ".webp), relative to the workspace, such as content/assets/acme.svg; got an empty value"),
    ("accent", '""', "expected a colour such as \"#0a7d4f\"; got ''"),
])
def test_empty_branding_is_an_error(make_workspace, key, written, message):
    config = MINIMAL_CONFIG.replace("client3: {title: Client three, tier: 3, campaigns: [demo]}",
                                    f"client3: {{title: Client three, tier: 3, campaigns: [demo], "
                                    f"branding: {{{key}: {written}}}}}")
    assert problems_of(make_workspace, CAMPAIGN, config=config) == [
        f"site_config.yml:11: audiences.client3.branding.{key}: {message}"]


@pytest.mark.parametrize("history,message", [
    ('{bundle: ""}', "history.bundle: expected a bundle file relative to the workspace, such as "
                     "content/history.bundle; got an empty value"),
    ("{repo: ''}", "history.repo: expected a folder relative to the workspace, such as . (or write history: {} "
                   "for the workspace's own); got an empty value"),
    ("{ref: ''}", "history.ref: expected a branch, tag or commit such as main; got an empty value "
                  "(leave ref out for HEAD)"),
])
def test_empty_history_keys_are_errors_not_the_workspace_repository(make_workspace, history, message):
    config = MINIMAL_CONFIG + f"history: {history}\n"
    assert problems_of(make_workspace, CAMPAIGN, config=config) == [f"site_config.yml:13: {message}"]


def test_an_empty_site_url_is_an_error_not_a_site_without_a_sitemap(make_workspace):
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", "  timezone: Europe/Madrid\n  url: ''\n")
    assert problems_of(make_workspace, CAMPAIGN, config=config) == [
        "site_config.yml:4: site.url: expected an http:// or https:// address such as "
        "https://www.example.com/page; got an empty value"]


@pytest.mark.parametrize("written", ["''", "'  '"])
def test_an_empty_output_is_an_error(make_workspace, written):
    (problem,) = problems_of(make_workspace, CAMPAIGN, config=MINIMAL_CONFIG + f"output: {written}\n")
    assert problem.startswith("site_config.yml:13: output: expected a folder inside the workspace; got ")
