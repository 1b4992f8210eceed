"""Search finds entries (issue 17 item 5), in Debian's headless chromium: one result per entry, at its
anchor, with its status label and date; the keyboard moves through results; Spanish accents and case
fold; a part of the index that fails to load is said, and tried again on the next query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import WorkspaceMaker

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PART_CHARS = 700  # a few records a part, so the index comes in several parts

CONFIG = """\
site:
  title: Estudio Norte
  language: es
  timezone: Europe/Madrid
people:
  maria: {name: María López, role: Directora creativa, side: agency, emails: [maria@studio.example]}
  jane: {name: Jane Doe, role: CMO, side: client, emails: [jane@client.example]}
audiences:
  cliente: {title: Cliente, tier: 4, campaigns: [demo]}
"""
CAMPAIGN = """\
id: demo
title: Campaña de primavera
client: Cliente S.A.
milestones:
  - {id: rodaje, title: Rodaje en Barcelona, date: 2026-02-24, reached: true}
tasks:
  - {id: guion, title: Guion del anuncio, owner: maria, label: in-progress, due: 2026-03-20}
  - {id: cartel, title: Cartel de la campaña, owner: maria, label: done, done: 2026-03-10}
decisions:
  - {id: concepto, date: 2026-02-01, title: Aprobación del concepto, why: El cliente eligió la mañana.}
approvals:
  - id: guion-v1
    subject: guion
    version: v1
    requested: 2026-03-02T10:00:00
    steps:
      - {by: jane, verdict: approved, at: 2026-03-05T09:00:00, comment: Perfecto.}
notes:
  - {date: 2026-03-03, text: Llamada con el equipo sobre los carteles.}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from generator import pipeline
    from generator.site import search_index

    root = WorkspaceMaker(tmp_path_factory.mktemp("ws")).write(CONFIG, {"demo": CAMPAIGN})
    out = tmp_path_factory.mktemp("out") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "PART_CHARS", PART_CHARS)
        patch.setenv("SOURCE_DATE_EPOCH", "1773964800")  # 20 Mar 2026
        pipeline.build(root, output=out)
    assert len(list((out / "cliente" / "search").glob("part_*.js"))) > 2
    return out / "cliente"


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def search(page, site: Path, query: str) -> list[dict]:
    """The search page's results for `query`, once its status has been said."""
    page.goto((site / "search.html").resolve().as_uri() + "?q=" + query)
    page.wait_for_function("document.getElementById('search-status').textContent.trim().length > 0", timeout=20000)
    return results(page)


def results(page) -> list[dict]:
    return page.eval_on_selector_all("[data-search-results=page] a", """links => links.map(a => ({
        href: a.getAttribute('href'), title: a.querySelector('.result-title').textContent,
        kind: (a.querySelector('.result-kind') || {}).textContent,
        label: (a.querySelector('.result-label') || {}).textContent,
        date: (a.querySelector('.result-date') || {}).textContent}))""")


def test_each_entry_is_its_own_result_with_its_label_and_date_at_its_anchor(page, site):
    found = search(page, site, "guion")
    assert found == [
        {"href": "./demo/index.html#task-guion", "title": "Guion del anuncio", "kind": "Tarea",
         "label": "En curso", "date": "20 mar 2026"},
        {"href": "./demo/approvals/guion-v1.html#approval-guion-v1", "title": "Guion del anuncio v1",
         "kind": "Aprobación", "label": "Aprobado", "date": "2 mar 2026, 10:00"},
        {"href": "./demo/approvals/guion-v1.html#step-1", "title": "Guion del anuncio v1",
         "kind": "Paso de aprobación", "label": "Aprobado", "date": "5 mar 2026, 09:00"}]
    assert page.text_content("#search-status") == "3 resultados"  # said in the live region
    page.click("a[href$='#task-guion']")
    page.wait_for_url("**/demo/index.html#task-guion")
    assert page.evaluate("document.querySelector(':target').textContent").strip().startswith("Guion del anuncio")


def test_a_note_and_a_milestone_are_results_of_their_own(page, site):
    assert [r["href"] for r in search(page, site, "barcelona")] == ["./demo/index.html#milestone-rodaje"]
    note = search(page, site, "llamada")
    assert [(r["href"], r["kind"], r["date"]) for r in note] == [
        ("./demo/notes.html#note-2026-03-03", "Nota", "3 mar 2026")]


def test_spanish_accents_and_case_fold_and_words_match_by_their_stem(page, site):
    assert search(page, site, "aprobacion")[0]["title"] == "Aprobación del concepto"
    assert search(page, site, "APROBACIONES")[0]["title"] == "Aprobación del concepto"
    assert "Cartel de la campaña" in [r["title"] for r in search(page, site, "CAMPANA")]
    assert "Cartel de la campaña" in [r["title"] for r in search(page, site, "carteles")]
    assert page.inner_text("[data-search-results=page] li:nth-child(1) mark") == "carteles"  # the word its stem starts
    assert search(page, site, "eligio manana")[0]["href"] == "./demo/decisions.html#decision-concepto"
    assert search(page, site, "zzzz") == [] and page.text_content("#search-status") == "Sin resultados."


def _focused(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('href') || document.activeElement.id")


def test_arrow_keys_move_through_results_enter_opens_escape_returns(page, site):
    search(page, site, "guion")
    page.focus("#search-page-input")
    page.keyboard.press("ArrowDown")
    assert _focused(page) == "./demo/index.html#task-guion"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # stays on the last
    assert _focused(page) == "./demo/approvals/guion-v1.html#step-1"
    page.keyboard.press("ArrowUp")
    assert _focused(page) == "./demo/approvals/guion-v1.html#approval-guion-v1"
    page.keyboard.press("Escape")  # back to the box, the query kept
    assert _focused(page) == "search-page-input" and page.input_value("#search-page-input") == "guion"
    page.keyboard.press("Escape")  # in the box: cleared
    assert page.input_value("#search-page-input") == "" and results(page) == []
    page.keyboard.type("rodaje")
    page.wait_for_selector("[data-search-results=page] a")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/demo/index.html#milestone-rodaje")


def test_the_header_box_lists_entries_and_the_keyboard_reaches_them(page, site):
    page.goto((site / "demo" / "decisions.html").resolve().as_uri())
    page.fill("#header-search-input", "guion")
    page.wait_for_function("document.getElementById('header-search-status').textContent === '3 resultados'",
                           timeout=20000)
    assert page.get_attribute("#header-search-input", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert _focused(page).endswith("index.html#task-guion")
    page.keyboard.press("ArrowUp")
    assert _focused(page) == "header-search-input"
    page.keyboard.press("Escape")
    assert page.get_attribute("#header-search-input", "aria-expanded") == "false"


def test_a_part_that_fails_to_load_is_said_and_tried_again_on_the_next_query(page, site, tmp_path):
    copy = tmp_path / "cliente"
    shutil.copytree(site, copy)
    holder = next(p for p in sorted((copy / "search").glob("part_*.js")) if "#note-" in p.read_text("utf-8"))
    kept = holder.read_bytes()
    holder.unlink()
    found = search(page, copy, "llamada")
    assert found == []
    status = page.text_content("#search-status")
    assert "no se cargó" in status and "Sin resultados" not in status
    holder.write_bytes(kept)  # the next query loads it again
    page.fill("#search-page-input", "llamada con")
    page.wait_for_function("document.querySelectorAll('[data-search-results=page] a').length === 1", timeout=20000)
    assert page.text_content("#search-status") == "1 resultado"


@pytest.mark.parametrize("width", [1366, 390])
def test_results_pass_axe_and_fit_a_phone(browser, site, width):
    axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    search(page, site, "campana")
    page.focus("#search-page-input")
    page.keyboard.press("ArrowDown")  # a focused result, as a keyboard user sees it
    found = axe_api.Axe().run(page).response["violations"]
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found
               if v["impact"] in ("serious", "critical")]
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.goto((site / "demo" / "notes.html").resolve().as_uri())
    page.fill("#header-search-input", "guion")
    page.wait_for_selector("#header-search-results a")
    found = axe_api.Axe().run(page).response["violations"]
    serious += [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found
                if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == []
    assert widths[0] <= widths[1]
