"""The output folder is the deploy folder (FORMAT.md, Publishing rule 1), and the build touches only what it wrote.

Before: every audience, the internal one included, went to site/<id>/ (published whole by the workflow);
`output:` through a symbolic link replaced a folder outside the workspace; sites were 0700.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from generator import cli, pipeline
from generator.errors import ReceiptsError
from tests.conftest import MINIMAL_CONFIG, REPO

DEMO_NAMES = ["Acme", "Harbor", "Northwind (internal)", "acme", "harbor", "team", "Spring Launch", "spring-launch",
              "harbor-rebrand", "María", "Tomás", "Jane", "Nora", "Creative Director"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_demo_publishes_clients_and_keeps_the_team_site_private(demo_site):
    assert sorted(p.name for p in demo_site.iterdir()) == [".nojekyll", ".receipts-output", "404.html", "acme",
                                                           "harbor", "index.html"]
    private = demo_site.with_name(demo_site.name + "-private")
    assert sorted(p.name for p in private.iterdir()) == [".receipts-output", "team"]
    assert (private / "team" / "matrix.html").is_file()
    deployed = b"".join(tree(demo_site).values())
    assert b"Northwind (internal)" not in deployed and b"matrix.html" not in deployed


def test_the_root_pages_name_no_audience_and_link_no_site(demo_site):
    for name in ("index.html", "404.html"):
        page = (demo_site / name).read_text(encoding="utf-8")
        assert "Northwind Studio · Behind the scenes" in page  # the agency, and nothing else
        shown = re.sub(r"<[^>]+>", " ", page)
        assert not [word for word in DEMO_NAMES if word in shown], name
        links = re.findall(r'(?:href|src)="([^"]*)"', page)
        assert all(link in ("data:,", "https://northwind-studio.github.io/receipts/") for link in links), links


def test_each_audience_has_its_own_address_sitemap_canonical_and_404(demo_site):
    for audience in ("acme", "harbor"):
        own = f"https://northwind-studio.github.io/receipts/{audience}/"
        locs = re.findall(r"<loc>([^<]*)</loc>", (demo_site / audience / "sitemap.xml").read_text(encoding="utf-8"))
        assert locs and all(loc.startswith(own) for loc in locs)
        home = (demo_site / audience / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{own}index.html">' in home
        missing = (demo_site / audience / "404.html").read_text(encoding="utf-8")
        links = re.findall(r'(?:href|src)="(/[^"]*)"', missing)
        assert links, "the 404 page links its style and home page by absolute paths"
        for link in links:  # served at https://northwind-studio.github.io/receipts/<audience>/..., at any depth
            assert link.startswith(f"/receipts/{audience}/")
            assert (demo_site / link[len("/receipts/"):]).is_file(), link


def subset(out: Path, *audiences: str) -> None:
    pipeline.build(REPO, audiences=list(audiences), output=out, jobs=1)


def merge(source: Path, target: Path) -> None:
    """Copy `source` into `target`, failing on any file both hold with other bytes."""
    for path in sorted(source.rglob("*")):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif dest.exists():
            assert filecmp.cmp(path, dest, shallow=False), f"shards disagree on {dest.relative_to(target)}"
        else:
            shutil.copy2(path, dest)


def test_shards_merge_into_the_full_build_without_conflicts(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775606400")
    subset(tmp_path / "shard-1", "acme")
    subset(tmp_path / "shard-2", "harbor", "team")
    subset(tmp_path / "full", "acme", "harbor", "team")
    for suffix in ("", "-private"):
        merged = tmp_path / f"merged{suffix}"
        merged.mkdir()
        for shard in ("shard-1", "shard-2"):
            if (tmp_path / f"{shard}{suffix}").exists():
                merge(tmp_path / f"{shard}{suffix}", merged)
        assert tree(merged) == tree(tmp_path / f"full{suffix}")


def test_a_site_published_before_is_removed_from_the_deploy_folder_and_the_build_says_so(demo_copy, tmp_path,
                                                                                          capsys):
    out = tmp_path / "out"
    old_team = out / "team"  # where the build put the internal site before it was kept private
    old_team.mkdir(parents=True)
    (old_team / "index.html").write_text('<html><head><meta name="generator" content="Receipts"></head></html>')
    gone = out / "globex"  # an audience since removed from site_config.yml, with the marker
    gone.mkdir()
    (gone / ".receipts-site").write_text("x")
    assert cli.main(["build", str(demo_copy), "--audience", "acme", "--output", str(out)]) == 0
    said = capsys.readouterr().out
    assert not old_team.exists(), "an internal audience's old site leaves the deploy folder at any build"
    assert f"removed {out / 'team'}/, a site built earlier: audience 'team' is now built in " in said
    assert gone.exists(), "a build of some audiences removes no site it cannot attribute"
    assert f"kept {out / 'globex'}/, a site built earlier that no audience" in said
    assert cli.main(["build", str(demo_copy), "--output", str(out)]) == 0
    assert not gone.exists()
    assert f"removed {out / 'globex'}/, a site built earlier: no audience of site_config.yml is built there" in \
        capsys.readouterr().out


def test_a_subset_build_keeps_the_site_of_an_audience_whose_path_changed(demo_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(demo_copy), "--output", str(out)]) == 0
    config = demo_copy / "site_config.yml"
    config.write_text(config.read_text().replace("    campaigns: [harbor-rebrand]\n",
                                                 "    campaigns: [harbor-rebrand]\n    path: harbor-2026\n"))
    assert cli.main(["build", str(demo_copy), "--audience", "acme", "--output", str(out)]) == 0
    assert (out / "harbor" / "index.html").is_file(), "harbor was not rebuilt: its last site stays"
    assert "is now built in" not in capsys.readouterr().out
    assert cli.main(["build", str(demo_copy), "--audience", "harbor", "--output", str(out)]) == 0
    assert not (out / "harbor").exists() and (out / "harbor-2026" / "index.html").is_file()
    assert f"removed {out / 'harbor'}/, a site built earlier: audience 'harbor' is now built in" in \
        capsys.readouterr().out


@pytest.mark.parametrize("name", ["index.html", "404.html", ".nojekyll", ".receipts-output"])
def test_a_folder_where_a_root_file_goes_is_refused_before_any_site_is_replaced(demo_copy, tmp_path, name):
    out = tmp_path / "out"
    pipeline.build(demo_copy, audiences=["acme"], output=out, jobs=1)
    before = tree(out)
    (out / name).unlink()
    (out / name).mkdir()
    with pytest.raises(ReceiptsError, match=r"the output holds what Receipts did not write: .*" + re.escape(str(out / name))):
        pipeline.build(demo_copy, audiences=["acme"], output=out, jobs=1)
    assert (out / name).is_dir() and tree(out) == {k: v for k, v in before.items() if k != name}
    assert not [p for p in out.iterdir() if p.name.startswith(".receipts-new")]


def workspace_with_output(make_workspace, output: str) -> Path:
    return make_workspace.write(config=MINIMAL_CONFIG + f"output: {output}\n")


def test_output_through_a_link_outside_the_workspace_is_refused_and_nothing_outside_is_touched(
        make_workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "client1").mkdir(parents=True)
    (elsewhere / "client1" / "thesis.txt").write_text("years of work")
    root = workspace_with_output(make_workspace, "site")
    (root / "site").symlink_to(elsewhere)
    with pytest.raises(ReceiptsError, match=r"output: site \(site_config.yml\) leads to .*elsewhere, outside the "
                                            r"workspace"):
        pipeline.build(root, jobs=1)
    assert (elsewhere / "client1" / "thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["client1"]


def test_the_private_folder_through_a_link_outside_the_workspace_is_refused(make_workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "team").mkdir(parents=True)
    root = workspace_with_output(make_workspace, "site")
    (root / "site-private").symlink_to(elsewhere)
    with pytest.raises(ReceiptsError, match="outside the workspace"):
        pipeline.build(root, jobs=1)
    assert list(elsewhere.iterdir()) == [elsewhere / "team"]


def test_output_through_a_link_into_the_workspace_content_is_refused(make_workspace):
    root = workspace_with_output(make_workspace, "site")
    (root / "site").symlink_to(root / "content")
    with pytest.raises(ReceiptsError, match="would overwrite the workspace"):
        pipeline.build(root, jobs=1)
    assert (root / "content" / "campaigns" / "demo.yml").is_file()


@pytest.mark.parametrize("in_the_way", ["a folder of the user's", "a file", "a link to a folder"])
def test_what_the_build_did_not_write_is_never_replaced(make_workspace, tmp_path, in_the_way):
    root = make_workspace.write()
    out = tmp_path / "anywhere"  # --output may point outside the workspace
    out.mkdir()
    target = out / "client1"
    if in_the_way == "a folder of the user's":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    elif in_the_way == "a file":
        target.write_text("mine")
    else:
        (tmp_path / "precious").mkdir()
        (tmp_path / "precious" / "notes.txt").write_text("mine")
        target.symlink_to(tmp_path / "precious")
    with pytest.raises(ReceiptsError, match=f"the output holds what Receipts did not write: {target};"):
        pipeline.build(root, output=out, jobs=1)
    assert sorted(p.name for p in out.iterdir()) == ["client1"]  # nothing written, nothing replaced
    kept = target if in_the_way == "a file" else target / "notes.txt"
    assert kept.read_text() == "mine"


def test_an_empty_folder_and_a_site_of_the_old_layout_are_replaced(make_workspace, tmp_path):
    root = make_workspace.write()
    out = tmp_path / "out"
    (out / "client0").mkdir(parents=True)
    (out / "client1").mkdir()
    (out / "client1" / "index.html").write_text('<head><meta name="generator" content="Receipts"></head>')
    pipeline.build(root, output=out, jobs=1)
    for audience in ("client0", "client1"):
        assert (out / audience / ".receipts-site").is_file() and (out / audience / "demo" / "index.html").is_file()


def test_a_user_folder_as_the_output_is_never_filled(make_workspace, tmp_path):
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    with pytest.raises(ReceiptsError, match="the output holds what Receipts did not write"):
        pipeline.build(make_workspace.write(), output=out, jobs=1)
    assert (out / "index.html").read_text() == "my own page"


def modes(folder: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)) for p in [folder, *folder.rglob("*")]}


def test_sites_are_readable_by_every_user_whatever_the_umask(make_workspace, tmp_path):
    root = make_workspace.write()
    out = tmp_path / "out"
    earlier = out / "client2"  # a site of an earlier build, left 0700 as builds made them
    (earlier / "x").mkdir(parents=True)
    (earlier / ".receipts-site").write_text("x")
    earlier.chmod(0o700)
    previous = os.umask(0o077)
    try:
        pipeline.build(root, audiences=["client0", "client1", "team"], output=out, jobs=1)
    finally:
        os.umask(previous)
    for folder in (out, out.with_name("out-private")):
        assert modes(folder) == {("dir", 0o755), ("file", 0o644)}, folder


def test_validate_says_where_each_site_goes(capsys):
    assert cli.main(["validate", str(REPO)]) == 0
    said = capsys.readouterr().out
    assert "  audience acme: tier 3; spring-launch; site/acme/\n" in said
    assert "  audience team: tier 4, internal; all campaigns; site-private/team/ (not published)\n" in said


def test_the_file_system_root_as_output_is_refused_in_words(make_workspace):
    with pytest.raises(ReceiptsError, match="is the root of the file system; expected a folder of its own"):
        pipeline.build(make_workspace.write(), output="/", jobs=1)


def test_the_root_pages_escape_the_agency_title(make_workspace, tmp_path):
    config = MINIMAL_CONFIG.replace("  title: Test Studio", "  title: \"<script>alert('x')</script> & Co\"")
    out = tmp_path / "out"
    pipeline.build(make_workspace.write(config=config), audiences=["client0"], output=out, jobs=1)
    for name in ("index.html", "404.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page


@pytest.mark.parametrize("where", ["/proc/receipts-out", "/sys/receipts-out"])
def test_an_output_where_no_folder_can_be_made_is_one_clear_message(make_workspace, where, capsys):
    assert cli.main(["build", str(make_workspace.write()), "--output", where]) == 1
    said = capsys.readouterr().err
    assert f"cannot create the output folder {where} (" in said and "internal error" not in said


@pytest.mark.parametrize("length", [300, 250])  # 250 fits; with '-private' it does not
def test_an_output_name_longer_than_the_file_system_allows_is_one_clear_message(make_workspace, tmp_path, length,
                                                                                 capsys):
    out = tmp_path / ("b" * length)
    assert cli.main(["build", str(make_workspace.write()), "--output", str(out)]) == 1
    said = capsys.readouterr().err
    assert f"--output {out}: the folder name 'bbbb" in said and "more than the 255 a file system allows" in said
    assert "internal error" not in said and not os.path.lexists(out)


def test_a_configured_output_name_too_long_is_a_validation_problem(make_workspace, capsys):
    root = workspace_with_output(make_workspace, "d" * 300)
    assert cli.main(["validate", str(root)]) == 1
    said = capsys.readouterr().err
    assert "output: the folder name 'dddd" in said and "internal error" not in said


@pytest.mark.parametrize("output", ["site/x", "site/a/b", "site-private/x"])
def test_private_sites_inside_the_configured_deploy_folder_are_refused(make_workspace, output):
    root = workspace_with_output(make_workspace, "site")
    with pytest.raises(ReceiptsError, match="lie one inside the other, so internal sites would be uploaded"):
        pipeline.build(root, output=root / output, jobs=1)
    assert not (root / output).exists() and not (root / f"{output}-private").exists()


def test_an_output_path_longer_than_the_system_allows_is_one_clear_message(make_workspace, capsys):
    deep = "/".join(["e" * 200] * 25)  # every name fits; the whole path (5000 bytes) does not
    root = make_workspace.write()
    assert cli.main(["build", str(root), "--output", str(root / deep)]) == 1
    assert cli.main(["validate", str(workspace_with_output(make_workspace, deep))]) == 1
    said = capsys.readouterr().err
    assert said.count("(File name too long); expected a folder the build can create and write") == 2
    assert "internal error" not in said
