"""Building sites end to end: the demo, one audience, failures that change nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import AuditError, BuildError, InputError, StrictError


def tree(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256: what a user would diff."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_audience_of_the_demo_gets_a_site(demo_site):
    assert sorted(p.name for p in demo_site.iterdir()) == ["acme", "harbor", "team"]
    for audience in ("acme", "harbor", "team"):
        assert (demo_site / audience / "index.html").is_file()
        assert (demo_site / audience / "search" / "index.js").is_file()


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
    assert (demo_site / "team" / "matrix.html").is_file()
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
    assert sorted(p.name for p in out.iterdir()) == ["acme"]


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
    assert sorted(p.name for p in out.iterdir()) == ["acme", "harbor", "team"]  # no temp folders left


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
    assert sorted(p.name for p in out.iterdir()) == ["acme", "harbor", "team"]
    assert tree(out) == before


def test_output_inside_content_is_refused(demo_copy):
    with pytest.raises(Exception, match="would overwrite the workspace"):
        pipeline.build(demo_copy, output=demo_copy / "content" / "site")


def test_the_site_of_an_audience_removed_from_the_config_is_a_warning_and_fails_strict(built_once):
    """A client dropped from site_config.yml keeps its old site in the output, published with the others."""
    workspace, out, before = built_once
    config = workspace / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  harbor:\n")
    config.write_text(text[:start] + text[text.index("  acme:\n"):], encoding="utf-8")  # harbor removed
    (out / "notes").mkdir()  # a folder of the user's own, not a site of ours: not ours to judge
    (out / "notes" / "index.html").write_text("<p>todo</p>", encoding="utf-8")
    warnings: list[str] = []
    pipeline.build(workspace, output=out, warnings=warnings)
    assert [w for w in warnings if "harbor" in w or "notes" in w] == [
        f"{out / 'harbor'}/ is the site of audience 'harbor', which site_config.yml no longer has; it is still "
        "published with the others: delete the folder if it should not be"]
    assert (out / "harbor" / "index.html").is_file()  # never deleted for the user
    with pytest.raises(StrictError, match="audience 'harbor', which site_config.yml no longer has"):
        pipeline.build(workspace, output=out, strict=True)
