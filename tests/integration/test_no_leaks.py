"""Whole-site check: nothing hidden from an audience is in any byte of its site.

Independent of the audit gate: hidden texts are found by comparing the
workspace with the audience's view, and every file of the built site is
decoded (HTML entities, JSON escapes, markup) before searching.
"""

from __future__ import annotations

import html
import re

import pytest

from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import REPO
from tests.fixtures.sites import private_of, site_of

JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
TAG = re.compile(r"<[^>]+>")
MARKDOWN = re.compile(r"[*_`#>\[\]()]+")


def decoded(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    text = JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace('\\"', '"').replace("\\n", " ")
    text = TAG.sub(" ", html.unescape(text))
    return " ".join(text.split()).lower()


def sentences(text: str) -> list[str]:
    plain = " ".join(MARKDOWN.sub(" ", text).split())
    return [s.strip(" .,;:!?").lower() for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.strip(" .,;:!?")) >= 12]


def all_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            all_strings(getattr(value, name), out)
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            all_strings(item, out)
    return out


def hidden_texts(workspace, audience_id: str) -> list[str]:
    audience = workspace.config.audiences[audience_id]
    view, _ = redact(workspace, audience)
    visible = " ".join(" ".join(MARKDOWN.sub(" ", s).split()) for s in all_strings(view, [])).lower()
    texts = []
    for c in workspace.campaigns.values():
        texts += all_strings(c, [])
        for person in workspace.config.people.values():
            texts += list(person.emails)
    spans = [m for t in texts for m in re.findall(r"\[internal\](.*?)\[/internal\]", t, re.S)]
    candidates = [s for t in texts for s in sentences(re.sub(r"\[/?internal\]", " ", t))]
    hidden = {s for s in candidates if s not in visible}
    if not audience.internal:
        hidden |= {s for span in spans for s in sentences(span)}
    return sorted(hidden)


@pytest.fixture(scope="module")
def workspace():
    return load_workspace(REPO)


@pytest.mark.parametrize("audience", ["acme", "harbor", "team"])
def test_no_hidden_text_in_any_file_of_the_site(demo_site, workspace, audience):
    secrets = hidden_texts(workspace, audience)
    if audience != "team":
        assert secrets, "the demo must hide something from every client"
    files = sorted(p for p in site_of(demo_site, audience).rglob("*") if p.is_file())
    assert files
    corpus = {p.relative_to(demo_site.parent).as_posix(): decoded(p.read_bytes()) for p in files
              if p.suffix in {".html", ".js", ".json", ".xml", ".csv", ".txt", ".svg"}}
    leaks = [(name, s) for name, text in corpus.items() for s in secrets if s in text]
    assert leaks == []


@pytest.mark.parametrize("audience", ["acme", "harbor"])
def test_internal_span_text_of_the_demo_is_hidden_from_clients(demo_site, audience):
    corpus = " ".join(decoded(p.read_bytes()) for p in site_of(demo_site, audience).rglob("*.html"))
    assert "gym" not in corpus or "hated v1" not in corpus
    assert "[internal]" not in corpus


def test_no_email_address_in_any_site(demo_site):
    for page in [*demo_site.rglob("*"), *private_of(demo_site).rglob("*")]:
        if page.is_file() and page.suffix in {".html", ".js", ".json", ".xml"} and "vendor" not in page.parts:
            assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", decoded(page.read_bytes())), page
