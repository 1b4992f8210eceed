"""Which pages an audience gets, and what a user sees on them."""

import re

from generator.render.pages import render

from tests.unit.render_views import (
    ALL_SECTIONS, MatrixCell, MatrixRow, Ref, VAsset, VDecision, VNote, approval, campaign, day, task,
    tier0_view, view,
)


def paths(rendered):
    return {p.path for p in rendered.pages}


def page(rendered, path):
    return next(p for p in rendered.pages if p.path == path)


def test_tier0_gets_home_overview_and_final_work_only():
    got = paths(render(tier0_view()))
    assert got == {"index.md", "search.md", "launch/index.md", "launch/work.md"}


def test_a_full_view_gets_every_section_page():
    got = paths(render(view([campaign(approvals=(approval(),))])))
    assert {"launch/timeline.md", "launch/decisions.md", "launch/approvals.md",
            "launch/approvals/board-v2.md", "launch/notes.md", "launch/work.md"} <= got


def test_a_section_that_does_not_apply_has_no_page():
    got = paths(render(view(sections=frozenset({"milestone", "deliverable", "asset", "task"}), tier=1)))
    assert "launch/decisions.md" not in got and "launch/approvals.md" not in got
    assert "launch/notes.md" not in got and "launch/timeline.md" in got


def test_an_empty_section_that_applies_says_nothing_recorded_yet():
    assert "Nothing recorded yet." in page(render(view()), "launch/decisions.md").body


def test_no_matrix_page_without_a_matrix():
    assert "matrix.md" not in paths(render(view(internal=True)))
    assert "matrix.md" not in paths(render(view(internal=False)))


def test_internal_audiences_get_the_matrix_with_accessible_cells():
    rows = (MatrixRow("launch", "task", "board", "Storyboard", "1", (MatrixCell("shown"), MatrixCell("tier", "2")),
                      "task/board"),)
    rendered = render(view(internal=True, tier=4, matrix_audiences=("acme", "team"), matrix=rows))
    body = page(rendered, "matrix.md").body
    assert "Storyboard" in body and "<caption>" in body
    assert '<td class="mc-shown">Shown</td>' in body and '<td class="mc-tier">Hidden by tier: needs 2</td>' in body
    assert 'scope="col"' in body and 'scope="row"' in body


def test_board_columns_follow_the_label_order_and_skip_empty_labels():
    tasks = (task("a", "done"), task("b", "not-started"), task("c", "stuck"), task("d", "not-started"))
    body = page(render(view([campaign(tasks=tasks)])), "launch/index.md").body
    columns = re.findall(r'<h3 id="col-([a-z-]+)"', body)
    assert columns == ["not-started", "stuck", "done"]


def test_blocked_waiting_and_decision_tasks_and_overdue_approvals_come_first():
    tasks = (task("ok", "in-progress", title="Calm task", due="2026-03-01"),  # in progress, not yet due: calm
             task("w", "waiting-on-client", title="Waiting task"),
             task("s", "stuck", title="Stuck task"))
    late = approval(due="2026-01-23T18:00:00")  # no answer, and as of 10 Feb
    body = page(render(view([campaign(tasks=tasks, approvals=(late,))])), "launch/index.md").body
    signals = body[body.index('class="signals"'):body.index("</section>")]
    assert "Stuck task" in signals and "Waiting task" in signals and "Calm task" not in signals
    assert "Storyboard v2" in signals
    assert body.index('class="signals"') < body.index('id="board-title"')


def test_the_board_is_left_out_when_tasks_do_not_apply():
    body = page(render(tier0_view()), "launch/index.md").body
    assert "board" not in body


def test_campaign_nav_lists_only_its_own_sections():
    rendered = render(view([campaign(), campaign(id="other", title="Other")]))
    overview = page(rendered, "launch/index.md")
    assert [link.path for link in overview.nav] == [
        "launch/index.md", "launch/timeline.md", "launch/decisions.md", "launch/approvals.md",
        "launch/notes.md", "launch/work.md"]
    assert overview.section == "overview"
    assert page(rendered, "index.md").nav == ()


def test_nav_size_does_not_grow_with_the_site():
    small = render(view([campaign()]))
    big = render(view([campaign(id=f"c{i}", title=f"C{i}", approvals=(approval(),)) for i in range(30)]))
    assert max(len(p.nav) for p in big.pages) == max(len(p.nav) for p in small.pages) == 6


def test_decisions_link_related_entries_and_show_the_commit():
    d = VDecision("concept", day("2026-01-20"), "Concept chosen", "Because *reasons*.", ("Gym concept",),
                  ("Jane",), (Ref("milestone", "kickoff", "Kickoff"),), (), "0123456789abcdef")
    body = page(render(view([campaign(decisions=(d,))])), "launch/decisions.md").body
    assert 'id="decision-concept"' in body and "<em>reasons</em>" in body and "Gym concept" in body
    assert 'href="index.html#milestone-kickoff"' in body
    assert "0123456789" in body and "0123456789a" not in body


def test_final_work_copies_files_and_embeds_videos():
    assets = (VAsset("poster", "Poster", None, "assets/poster.png", None, day("2026-02-01")),
              VAsset("film", "Film", None, None, "https://www.youtube.com/watch?v=Q7mX2bRk9Ts", None),
              VAsset("vimeo", "Cut", None, None, "https://vimeo.com/123456789", None),
              VAsset("clip", "Clip", None, "assets/clip.mp4", None, None))
    rendered = render(view([campaign(assets=assets)]))
    body = page(rendered, "launch/work.md").body
    assert rendered.copies == [("assets/clip.mp4", "assets/launch/clip.mp4"),
                               ("assets/poster.png", "assets/launch/poster.png")]
    assert '<img src="../assets/launch/poster.png" alt="Poster"' in body
    assert 'data-embed="https://www.youtube-nocookie.com/embed/Q7mX2bRk9Ts"' in body
    assert 'data-embed="https://player.vimeo.com/video/123456789"' in body
    assert "<iframe" not in body  # a player loads only when the visitor asks (site.js)
    assert "<video controls" in body and 'href="https://www.youtube.com/watch?v=Q7mX2bRk9Ts"' in body


def test_titles_are_escaped_not_interpreted():
    c = campaign(title="<script>alert(1)</script>", tasks=(task("x", title='<img src=x onerror="y">'),))
    for p in render(view([c])).pages:
        assert "<script>alert" not in p.body and "<img src=x" not in p.body


def test_notes_show_their_text_and_what_they_are_about():
    note = VNote(day("2026-02-03"), Ref("milestone", "go-live", "Go live"), "Moved a week for **legal**.")
    body = page(render(view([campaign(notes=(note,))])), "launch/notes.md").body
    assert "<strong>legal</strong>" in body and 'href="index.html#milestone-go-live"' in body


def test_home_cards_count_tasks_per_label_and_show_the_next_milestone():
    tasks = (task("a", "done"), task("b", "done"), task("c", "stuck"))
    body = page(render(view([campaign(tasks=tasks)])), "index.md").body
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert "Done 2" in text and "Stuck in creative purgatory 1" in text
    assert "Go live" in text and "As of 10 Feb 2026" in text


def test_pages_are_deterministic_relative_and_comment_free():
    v = view([campaign(tasks=(task("a"),), approvals=(approval(),))], sections=ALL_SECTIONS)
    first, second = render(v), render(v)
    assert [(p.path, p.body) for p in first.pages] == [(p.path, p.body) for p in second.pages]
    for p in first.pages:
        assert "<!--" not in p.body and "<script" not in p.body and " on" + "click" not in p.body
        for url in re.findall(r'(?:href|src)="([^"]+)"', p.body):
            assert not url.startswith("/") and ("://" not in url or url.startswith("https://"))


def test_spanish_sites_use_spanish_words():
    body = page(render(view(language="es")), "launch/index.md").body
    assert "Objetivos" in body and "Hitos" in body


def test_without_history_every_audience_is_told_the_record_is_not_connected():
    import dataclasses

    for internal in (False, True):
        v = dataclasses.replace(view(internal=internal), history_configured=False)
        pages = {p.path: p.body for p in render(v).pages}
        assert "No change history is connected" in pages["index.md"]
        assert "record of changes" in pages["launch/timeline.md"]
    with_history = {p.path: p.body for p in render(dataclasses.replace(view(), history_configured=True)).pages}
    assert "No change history" not in with_history["index.md"]
