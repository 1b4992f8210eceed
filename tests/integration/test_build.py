"""Building sites end to end: the demo, one audience, failures that change nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import AuditError, BuildError, InputError, ReceiptsError
from tests.fixtures.sites import private_of, site_folders


def tree(root: Path) -> dict[str, str]:
    """Every file under root and its -private twin with its SHA-256: what a user would diff."""
    return {f"{where}/{p.relative_to(folder).as_posix()}": hashlib.sha256(p.read_bytes()).hexdigest()
            for where, folder in (("deploy", root), ("private", private_of(root)))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_audience_of_the_demo_gets_a_site(demo_site):
    assert site_folders(demo_site) == ["acme", "harbor", "team"]
    for site in (demo_site / "acme", demo_site / "harbor", private_of(demo_site) / "team"):
        assert (site / "index.html").is_file()
        assert (site / "search" / "index.js").is_file()


def test_the_tier_one_client_has_no_decision_approval_or_note(demo_site):
    pages = tree(demo_site / "harbor")
    assert not [p for p in pages if any(s in p for s in ("decisions", "approvals", "notes"))]
    text = (demo_site / "harbor" / "harbor-rebrand" / "index.html").read_text(encoding="utf-8")
    assert "Harbor" in text


def test_the_tier_three_client_gets_approval_receipts(demo_site):
    receipt = demo_site / "acme" / "spring-launch" / "approvals" / "storyboard-v2.html"
    html = receipt.read_text(encoding="utf-8")
    assert "SHA-256" in html or "sha-256" in html.lower()


def test_only_the_internal_audience_gets_the_redaction_matrix(demo_site):
    assert (private_of(demo_site) / "team" / "matrix.html").is_file()
    assert not (demo_site / "acme" / "matrix.html").exists()


def test_links_are_relative(demo_site):
    # 404.html is the exception: served at any missing path, it must use the site's own sub-path.
    for page in (demo_site / "acme").rglob("*.html"):
        if page.name == "404.html":
            assert 'href="/receipts/' in page.read_text(encoding="utf-8")
            continue
        html = page.read_text(encoding="utf-8")
        assert 'href="/' not in html and 'src="/' not in html, page


def test_building_one_audience_touches_only_it(demo_copy, tmp_path):
    out = tmp_path / "out"
    results = pipeline.build(demo_copy, audiences=["acme"], output=out)
    assert [r.audience for r in results] == ["acme"]
    assert site_folders(out) == ["acme"]


def test_an_unknown_audience_is_refused(demo_copy, tmp_path):
    with pytest.raises(Exception, match="unknown audience nobody"):
        pipeline.build(demo_copy, audiences=["nobody"], output=tmp_path / "out")


@pytest.fixture
def built_once(demo_copy, tmp_path):
    out = tmp_path / "out"
    pipeline.build(demo_copy, output=out)
    return demo_copy, out, tree(out)


def test_invalid_input_leaves_the_previous_site_untouched(built_once):
    workspace, out, before = built_once
    campaign = workspace / "content" / "campaigns" / "spring-launch.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "\nbogus: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        pipeline.build(workspace, output=out)
    assert tree(out) == before


def test_a_crash_mid_build_leaves_the_previous_site_untouched(built_once, monkeypatch):
    workspace, out, before = built_once

    def explode(*args, **kwargs):
        raise BuildError("disk full")

    monkeypatch.setattr(pipeline, "write_search", explode)
    with pytest.raises(BuildError):
        pipeline.build(workspace, output=out)
    assert tree(out) == before
    assert site_folders(out) == ["acme", "harbor", "team"]  # no temp folders left


def test_a_failed_audit_leaves_the_previous_site_untouched(built_once, monkeypatch):
    workspace, out, before = built_once
    real_render = pipeline.render

    def leaky_render(view, measures):
        rendered = real_render(view, measures)
        page = rendered.pages[0]
        rendered.pages[0] = type(page)(**{**page.__dict__, "body": page.body + "<p>maria@northwind.example</p>"})
        return rendered

    monkeypatch.setattr(pipeline, "render", leaky_render)
    with pytest.raises(AuditError) as caught:
        pipeline.build(workspace, output=out)
    assert "e-mail address" in str(caught.value) and "maria@northwind.example" not in str(caught.value)
    assert tree(out) == before


def test_files_from_earlier_builds_do_not_survive(built_once):
    workspace, out, _ = built_once
    (out / "acme" / "stale.html").write_text("old", encoding="utf-8")
    pipeline.build(workspace, output=out)
    assert not (out / "acme" / "stale.html").exists()


def test_a_build_killed_between_swap_steps_recovers(built_once):
    workspace, out, before = built_once
    (out / "acme").rename(out / ".receipts-old-acme-999")  # the live site moved aside, then a kill
    (out / ".receipts-new-acme-abc").mkdir()
    pipeline.build(workspace, output=out)
    assert site_folders(out) == ["acme", "harbor", "team"]
    assert tree(out) == before


def test_output_inside_content_is_refused(demo_copy):
    with pytest.raises(Exception, match="would overwrite the workspace"):
        pipeline.build(demo_copy, output=demo_copy / "content" / "site")


def test_the_site_of_an_audience_removed_from_the_config_is_removed_and_said(built_once):
    """A client dropped from site_config.yml must not keep its old site in the deploy folder, published."""
    workspace, out, before = built_once
    config = workspace / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  harbor:\n")
    config.write_text(text[:start] + text[text.index("  acme:\n"):], encoding="utf-8")  # harbor removed
    notices: list[str] = []
    pipeline.build(workspace, output=out, notices=notices, strict=True)  # not a warning: done, and said
    assert notices == [f"removed {out / 'harbor'}/, a site built earlier: no audience of site_config.yml is "
                       "built there"]
    assert site_folders(out) == ["acme", "team"]


def test_a_folder_of_the_users_in_the_deploy_folder_stops_the_build(built_once):
    """It would be uploaded with the sites: not the build's to delete, nor to publish."""
    workspace, out, before = built_once
    (out / "notes").mkdir()
    (out / "notes" / "index.html").write_text("<p>todo</p>", encoding="utf-8")
    with pytest.raises(ReceiptsError, match=f"the output holds what Receipts did not write: {out / 'notes'};"):
        pipeline.build(workspace, output=out)
    assert (out / "notes" / "index.html").is_file()
