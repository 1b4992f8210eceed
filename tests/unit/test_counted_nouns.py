"""A counted noun agrees with its count on every page: "1 day", "1 approval", never "1 days"."""

from __future__ import annotations

import re
import string

import pytest

from generator.render.i18n import fill
from generator.render.measures_strings import TABLES
from generator.render.strings import STRINGS

NOT_PLURALS = {"is", "was", "has", "this", "its", "as", "us", "antes"}  # words ending in s after a "1"
SHOWN_ONLY_PAST_ONE = {"stale"}  # the browser fills it in only when a site is more than a day old (site.js)


def _tables():
    for lang in ("en", "es"):
        yield lang, {**STRINGS[lang], **TABLES[lang]}


def _with_singular_variant(key: str, table: dict) -> bool:
    """Keys whose callers pick a `_one` string for one (in_label_for / in_label_for_one, results_many)."""
    base = key.removesuffix("_many")
    return f"{base}_one" in table or f"{key}_one" in table


def _all_ones(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return fill(text, {name: 1 for name in names})


@pytest.mark.parametrize("lang,table", list(_tables()), ids=["en", "es"])
def test_every_string_with_a_count_of_one_says_it_in_the_singular(lang, table):
    wrong = {}
    for key, text in table.items():
        if (not isinstance(text, str) or "{" not in text or _with_singular_variant(key, table)
                or key in SHOWN_ONLY_PAST_ONE):
            continue
        found = [m for m in re.findall(r"\b1 ([a-zñáéíóú]+s)\b", _all_ones(text)) if m not in NOT_PLURALS]
        if found:
            wrong[key] = _all_ones(text)
    assert wrong == {}


def test_the_same_string_takes_the_plural_for_other_counts():
    assert fill("{n:item needs|items need} attention", {"n": 1}) == "1 item needs attention"
    assert fill("{n:item needs|items need} attention", {"n": 0}) == "0 items need attention"
    assert fill("{n:día|días}", {"n": "2,5"}) == "2,5 días"
    assert fill("moved {n:point|points}", {"n": "+1"}) == "moved +1 point"


PLURAL_VERBS_BEFORE = {"en": r"\b(are|were|remain|need) 1\b", "es": r"\b(faltan|quedan|son|hay que|están) 1\b"}


@pytest.mark.parametrize("lang,table", list(_tables()), ids=["en", "es"])
def test_no_plural_verb_comes_before_a_count_of_one(lang, table):
    """"Faltan 1" is as wrong as "1 days": a verb before the count cannot agree with it, so it is not used."""
    wrong = {key: _all_ones(text) for key, text in table.items()
             if isinstance(text, str) and "{" in text
             and re.search(PLURAL_VERBS_BEFORE[lang], _all_ones(text), re.IGNORECASE)}
    assert wrong == {}
