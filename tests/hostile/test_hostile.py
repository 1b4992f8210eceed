"""The hostile input corpus: every case ends in a clear error or a safe literal.

Each case is a workspace made from files under tests/hostile/data (or made
at test time, for the huge ones and for symbolic links), built with
`receipts build` over a previous good site. An error case must exit 1 with
`file:line:` and what is wrong, no traceback, and leave the previous site
exactly as it was. A build case must pass (the audit gate included) and
every page must hold the hostile text as harmless, literal text.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest

from generator import cli, pipeline
from tests.conftest import MINIMAL_CONFIG, REPO, WorkspaceMaker
from tests.fixtures.sites import private_of

DATA = Path(__file__).parent / "data"
CAMPAIGN = "content/campaigns/demo.yml"


@dataclass
class Case:
    name: str
    campaign: str | None = None  # data file written as content/campaigns/demo.yml
    config: str | None = None  # data file written as site_config.yml
    errors: tuple[tuple[str, str], ...] = ()  # ("file:line:", "what the message says"); empty: must build
    literal: tuple[str, ...] = ()  # texts every page's reader must see as written (in the team's site)
    absent: tuple[str, ...] = ()  # texts no page may hold (what YAML 1.1 or a template engine would make)
    setup: Callable[[Path, Path], None] | None = None  # (workspace, a folder outside it)
    output_inside_content: bool = False


def symlink_assets_out(ws: Path, outside: Path) -> None:
    (outside / "outside.pdf").write_bytes(b"%PDF-1.4 outside")
    (outside / "outside-dir").mkdir()
    (outside / "outside-dir" / "secret.txt").write_text("secret", encoding="utf-8")
    (ws / "content" / "assets").mkdir(parents=True, exist_ok=True)
    os.symlink(outside / "outside.pdf", ws / "content" / "assets" / "outside.pdf")
    os.symlink(outside / "outside-dir", ws / "content" / "assets" / "outside-dir")


def symlink_campaign_out(ws: Path, outside: Path) -> None:
    (outside / "demo.yml").write_text("id: demo\ntitle: A campaign from elsewhere\nclient: C\n", encoding="utf-8")
    (ws / CAMPAIGN).unlink()
    os.symlink(outside / "demo.yml", ws / CAMPAIGN)


def symlink_logo_out(ws: Path, outside: Path) -> None:
    (outside / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (ws / "content" / "assets").mkdir(parents=True, exist_ok=True)
    os.symlink(outside / "logo.svg", ws / "content" / "assets" / "link-out.svg")


def error(line: int | None, message: str, file: str = CAMPAIGN) -> tuple[str, str]:
    return (f"{file}:{line}:" if line else f"{file}:", message)


CASES = [
    # -- script and template injection: built, rendered as literal text
    Case("xss-in-every-text-field", "xss.yml",
         literal=("<script>alert('campaign')</script>", "<img src=x onerror=alert('deliverable')>",
                  "</script><script>alert('task')</script>", "<script>alert('version')</script>",
                  "<svg/onload=alert('step')>", "</script><script>alert('kpi')</script>")),
    Case("xss-in-the-site-configuration", "xss.yml", config="xss_config.yml",
         literal=("<script>alert('site')</script> Studio", "<script>alert('maria')</script>", "{{ 7*7 }} Team")),
    Case("template-syntax-renders-literally", "template.yml",
         literal=("{{ 7*7 }} campaign", "{% if true %}Client{% endif %}", "{{ page.title }} task",
                  "{% include 'main.html' %}", "{{ config.extra }}", "{% for x in range(3) %}{{ x }}{% endfor %}",
                  "${jndi:ldap://x}"),
         absent=("49 campaign", "49 reasons", "012")),
    # -- YAML traps
    Case("duplicate-keys", "duplicate_keys.yml", errors=(error(8, "duplicate key (first defined on line 6)"),)),
    Case("visibility-no", "visibility_no.yml", errors=(error(6, "expected a tier 0-4 or 'internal'; got 'no'"),)),
    Case("misspelled-key", "misspelled_key.yml", errors=(error(8, "unknown key 'ownr' (did you mean 'owner'?)"),)),
    Case("keys-at-the-wrong-level", "wrong_level.yml",
         errors=(error(4, "visibility: unknown key 'visibility'"), error(9, "tasks[0].comments: unknown key"))),
    Case("octal-ids-times-and-yaml-1-1-words-stay-text", "octal_and_times.yml",
         literal=("1:30", "0755", "12:30:45", "0x1F and 1e3 and .inf and ~"), absent=("5400", "493")),
    Case("zero-date", "zero_date.yml", errors=(error(5, "expected a real date as YYYY-MM-DD; got '0000-00-00'"),)),
    Case("anchors-and-aliases-that-reuse", "anchors.yml", literal=("Storyboard aliased", "Fine by us")),
    Case("alias-bomb", "alias_bomb.yml", errors=(error(4, "anchors and aliases expand to over"),)),
    Case("alias-loop", "self_alias.yml", errors=(error(4, "an alias refers to the value its own anchor names"),)),
    Case("merge-key", "merge_key.yml", errors=(error(6, "merge keys (<<) are not supported"),)),
    Case("byte-order-mark", "bom.yml", literal=("Demo campaign with a BOM", "Tarea con eñe")),
    Case("windows-line-ends", "crlf.yml", literal=("Demo campaign with a CRLF",), absent=("\r",)),
    Case("binary-junk", "binary_junk.yml", errors=(error(1, "is not UTF-8 text"),)),
    Case("latin-1-file", "latin1.yml", errors=(error(3, "is not UTF-8 text (invalid byte at offset 32)"),)),
    Case("control-characters", "control_chars.yml", errors=(error(3, "character #x0000 is not allowed"),)),
    Case("config-yaml-1-1-traps", "anchors.yml", config="config_traps.yml", errors=(
        error(6, "defaults.note: expected a tier 0-4 or 'internal'; got 'no'", "site_config.yml"),
        error(10, "expected a whole number; got '1'", "site_config.yml"),
        error(11, "audiences.team.internal: expected true or false; got 'yes'", "site_config.yml"),
        error(12, "unknown key 'audiance' (did you mean 'audiences'?)", "site_config.yml"))),
    # -- paths
    Case("asset-path-with-dotdot", "asset_dotdot.yml", errors=(error(5, "must not contain '..'"),)),
    Case("absolute-asset-path", "asset_absolute.yml", errors=(error(5, "must be a relative path inside the workspace"),)),
    Case("javascript-asset-url", "asset_js_url.yml", errors=(error(5, "expected an https:// address"),)),
    Case("asset-symlinks-out-of-the-workspace", "asset_symlink.yml", setup=symlink_assets_out, errors=(
        error(5, "approvals[0].asset: 'assets/outside.pdf' leads outside the workspace"),
        error(9, "assets[0].file: 'assets/outside-dir/secret.txt' leads outside the workspace"))),
    Case("campaign-file-symlinked-out", "anchors.yml", setup=symlink_campaign_out,
         errors=(error(1, "is a symbolic link leading outside the workspace"),)),
    Case("config-paths-out-and-output-in-content", "anchors.yml", config="config_paths.yml", setup=symlink_logo_out,
         errors=(error(4, "'content/site' would overwrite the workspace's own files", "site_config.yml"),
                 error(8, "'../outside.svg' must not contain '..'", "site_config.yml"),
                 error(9, "'/etc/hostname' must be a relative path inside the workspace", "site_config.yml"),
                 error(10, "leads outside the workspace (through a symbolic link)", "site_config.yml"))),
    Case("output-folder-inside-content", "anchors.yml", output_inside_content=True,
         errors=(("receipts: output folder", "would overwrite the workspace; choose a separate folder"),)),
]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A good site, built once: every failing case must leave a copy of it untouched."""
    root = tmp_path_factory.mktemp("previous")
    out = root / "out"
    pipeline.build(WorkspaceMaker(root / "ws").write(), output=out)
    return out


def tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))} if root.exists() else {}


def write_case(case: Case, ws: Path) -> None:
    (ws / "content" / "campaigns").mkdir(parents=True)
    (ws / "content" / "assets").mkdir()
    config = (DATA / case.config).read_bytes() if case.config else MINIMAL_CONFIG.encode()
    (ws / "site_config.yml").write_bytes(config)
    (ws / CAMPAIGN).write_bytes((DATA / case.campaign).read_bytes())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case, previous, tmp_path, capsys):
    ws, outside = tmp_path / "ws", tmp_path / "outside"
    outside.mkdir()
    write_case(case, ws)
    if case.setup:
        case.setup(ws, outside)
    out = ws / "content" / "site" if case.output_inside_content else tmp_path / "out"
    if not case.output_inside_content:
        shutil.copytree(previous, out)
        shutil.copytree(private_of(previous), private_of(out))
    before = tree(out)
    content_before = tree(ws / "content")

    code = cli.main(["build", str(ws), "--output", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err

    if case.errors:
        assert code == 1, err
        for where, what in case.errors:
            assert any(line.startswith(where) and what in line for line in err.splitlines()), (where, what, err)
        assert tree(out) == before, "the previous site changed, or a temporary folder was left"
        assert tree(ws / "content") == content_before, "the build wrote into content/"
        return
    assert code == 0, err
    for site in sorted(p for folder in (out, private_of(out)) for p in folder.iterdir() if p.is_dir()):
        for page in sorted(site.rglob("*.html")):
            assert_safe_page(page)
    shown = "\n".join(page_text(p) for p in sorted((private_of(out) / "team").rglob("*.html")))
    for text in case.literal:
        assert text in shown, f"{text!r} is not shown as written"
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in sorted([*out.rglob("*"), *private_of(out).rglob("*")])
                           if p.is_file() and p.suffix in (".html", ".js", ".csv", ".xml") and "vendor" not in p.parts)
    for text in case.absent:
        assert text not in html.unescape(everything), f"{text!r} should not be in any page"


# -- what "safe" means for a page -------------------------------------------------------------------

_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_EMBEDS = ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")


class _Page(HTMLParser):
    """Everything in a page that could run: tags, attributes, URLs, script blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.script: list[str] | None = None
        self.json_blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name == "data-embed" and not (value or "").startswith(_EMBEDS):  # site.js loads it as a player
                self.problems.append(f"<{tag} data-embed={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster", "data") and value:
                squeezed = re.sub(r"[\x00-\x20]+", "", value)
                if _SCRIPT_URL.match(squeezed) and not (tag == "link" and squeezed == "data:,"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if attributes.get("type") == "application/json":
                self.script = []
            elif not attributes.get("src") or ":" in attributes["src"]:
                self.problems.append(f"<script {attrs}>")
        elif tag in ("iframe",) and not (attributes.get("src") or "").startswith(_EMBEDS):
            self.problems.append(f"<iframe {attrs}>")
        elif tag in ("object", "embed", "base", "meta") and tag != "meta" or (
                tag == "meta" and "http-equiv" in attributes):
            self.problems.append(f"<{tag}>")
        elif tag == "form" and not (attributes.get("action") or "").endswith("search.html"):
            self.problems.append(f"<form {attrs}>")

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.json_blocks.append("".join(self.script))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def assert_safe_page(path: Path) -> None:
    page = _parse(path)
    assert page.problems == [], f"{path}: {page.problems}"
    for block in page.json_blocks:  # a JSON block ended early by a "</script>" would not parse
        json.loads(block)
        assert "\u2028" not in block and "\u2029" not in block, path


def page_text(path: Path) -> str:
    return "".join(_parse(path).text)


# -- huge inputs: in a child process, with a clock and a memory meter ------------------------------------


MEMORY_LIMIT_MB = 1024
TIME_LIMIT_S = 60


def huge_file(ws: Path) -> None:
    with (ws / CAMPAIGN).open("w", encoding="utf-8") as handle:
        handle.write("id: demo\ntitle: Demo\nclient: C\nsummary: |\n")
        line = "  " + "All work and no play makes a huge file. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)


def huge_text(ws: Path) -> None:
    text = "word **bold** [link](https://example.com) " * (9 * 1024 * 1024 // 45)
    (ws / CAMPAIGN).write_text(f"id: demo\ntitle: Demo\nclient: C\nsummary: \"{text}\"\n", encoding="utf-8")


def many_entries(count: int, files: int) -> Callable[[Path], None]:
    def write(ws: Path) -> None:
        for f in range(files):
            cid = "demo" if f == 0 else f"more{f}"
            lines = [f"id: {cid}", "title: Demo", "client: C", "tasks:"]
            lines += [f"  - {{id: t{i}, title: Task {i}, label: done, owner: maria, start: 2026-01-01, "
                      f"done: 2026-01-0{i % 9 + 1}, visibility: {i % 5}}}" for i in range(count // files)]
            (ws / "content" / "campaigns" / f"{cid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return write


MEASURED = """\
import resource, subprocess, sys, json, time
started = time.monotonic()
try:
    done = subprocess.run([sys.executable, "-m", "generator", *sys.argv[1:]], capture_output=True, text=True,
                          timeout=%d)
    code, err = done.returncode, done.stderr
except subprocess.TimeoutExpired:
    code, err = "timeout", ""
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"code": code, "err": err, "peak_mb": peak, "seconds": time.monotonic() - started}))
""" % TIME_LIMIT_S


def measured_build(ws: Path, out: Path) -> dict:
    """`receipts build` in a child process: its exit code, stderr, peak memory (MB) and time."""
    result = subprocess.run([sys.executable, "-c", MEASURED, "build", str(ws), "--output", str(out)],
                            capture_output=True, text=True, cwd=REPO, timeout=TIME_LIMIT_S + 30,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(result.stdout)


HUGE = [
    ("a-50-mb-file", huge_file, error(1, "is 50.0 MB; a YAML file may be at most 10 MB")),
    ("a-9-mb-text", huge_text, error(4, "summary: is 8,808,030 characters long; a text may be at most 100,000")),
    ("120000-entries", many_entries(120_000, 2), ("content/campaigns/demo.yml:", "more than 50,000 entries")),
]


@pytest.mark.parametrize("name, make, expected", HUGE, ids=[h[0] for h in HUGE])
def test_huge_input_is_refused_quickly_within_memory(name, make, expected, previous, tmp_path):
    ws = tmp_path / "ws"
    WorkspaceMaker(ws).write()
    make(ws)
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = tree(out)
    result = measured_build(ws, out)
    assert result["code"] == 1, result
    where, what = expected
    assert any(line.startswith(where) and what in line for line in result["err"].splitlines()), result["err"]
    assert "Traceback" not in result["err"]
    assert result["peak_mb"] < MEMORY_LIMIT_MB, result
    assert tree(out) == before


def test_a_large_workspace_under_the_limits_builds_within_memory(tmp_path):
    """A smaller cousin of the 50,000-entry build (scripts/scale_check.py runs the full one)."""
    ws = tmp_path / "ws"
    WorkspaceMaker(ws).write(textwrap.dedent(MINIMAL_CONFIG).replace(
        "  client1: {title: Client one, tier: 1, campaigns: [demo]}\n", "").replace(
        "  client2: {title: Client two, tier: 2, campaigns: [demo], names: roles}\n", "").replace(
        "  client3: {title: Client three, tier: 3, campaigns: [demo]}\n", ""))
    many_entries(2_000, 1)(ws)
    result = measured_build(ws, tmp_path / "out")
    assert result["code"] == 0, result["err"]
    assert result["peak_mb"] < MEMORY_LIMIT_MB, result
    assert (tmp_path / "out-private" / "team" / "demo" / "index.html").is_file()
