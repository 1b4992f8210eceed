"""feed.xml: an audience's timeline as Atom (FORMAT.md, Publishing, rule 5), read by a real feed parser."""

from __future__ import annotations

import feedparser

from generator.render.feed import FEED_SIZE, feed_xml
from tests.unit.render_views import VChange, VNote, Ref, at, campaign, day, replace, task, view


def _parse(data: bytes):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def _label_changes(n: int) -> tuple[VChange, ...]:
    return tuple(VChange(at(f"2026-01-{1 + i % 28:02d}T{8 + i // 28:02d}:00:00"), "label",
                         Ref("task", f"t{i}", f"Task {i}"), "label", "not-started", "in-progress",
                         "Designer", None, f"{i:040x}") for i in range(n))


def test_a_view_gives_a_valid_atom_feed_with_the_audiences_own_address():
    c = campaign(tasks=(task("board", start=day("2026-01-12")),))
    feed = _parse(feed_xml(view([c], site_url="https://receipts.acme.example/")))
    assert feed.feed.links[0].href == "https://receipts.acme.example/feed.xml"
    assert all(e.link.startswith("https://receipts.acme.example/launch/") for e in feed.entries)
    assert any(e.title == "Task started: Task board" for e in feed.entries)


def test_without_an_address_links_are_relative_to_the_feed():
    feed = _parse(feed_xml(view([campaign()])))
    assert feed.entries and all(not e.link.startswith(("http:", "https:", "/")) for e in feed.entries)


def test_the_latest_events_come_first_and_at_most_fifty():
    c = campaign(changes=_label_changes(120), milestones=(), deliverables=())
    feed = _parse(feed_xml(view([c], as_of="2026-03-01")))
    assert len(feed.entries) == FEED_SIZE
    stamps = [e.updated for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_entry_ids_are_unique_and_stable_across_builds_and_new_events():
    c = campaign(changes=_label_changes(10))
    before = {e.title: e.id for e in _parse(feed_xml(view([c], as_of="2026-03-01"))).entries}
    later = replace(c, notes=(VNote(day("2026-02-20"), None, "A new note."),))
    after = {e.title: e.id for e in _parse(feed_xml(view([later], as_of="2026-03-01"))).entries}
    assert len(set(before.values())) == len(before)
    assert all(after[title] == ident for title, ident in before.items())


def test_upcoming_events_are_not_in_the_feed():
    feed = _parse(feed_xml(view([campaign()], as_of="2026-02-10")))
    assert not any("Go live" in e.title for e in feed.entries)  # planned for April
    assert any("Kickoff" in e.title for e in feed.entries)


def test_markdown_reaches_the_summary_as_plain_text():
    note = VNote(day("2026-02-01"), None, "Moved for a **legal** review <script>alert(1)</script>")
    feed = _parse(feed_xml(view([campaign(notes=(note,))])))
    (entry,) = [e for e in feed.entries if e.title.startswith("Note")]
    assert "legal review" in entry.summary and "<" not in entry.summary and "alert" not in entry.summary


def test_the_feed_speaks_the_audiences_language():
    feed = _parse(feed_xml(view([campaign()], language="es")))
    assert feed.feed.language == "es"
    assert any(e.title.startswith("Hito") for e in feed.entries), [e.title for e in feed.entries]


def test_entry_ids_survive_a_corrected_name_and_a_rewritten_commit():
    """Feed readers show an event again when its id changes: a display name fixed in site_config.yml, or the
    same change recorded by another commit (an unseen edit elsewhere in the history), must keep it."""
    before = _label_changes(5)
    after = tuple(replace(ch, author="Senior Designer", commit=f"{i + 100:040x}") for i, ch in enumerate(before))
    ids = [[e.id for e in _parse(feed_xml(view([campaign(changes=changes)], as_of="2026-03-01"))).entries]
           for changes in (before, after)]
    assert ids[0] == ids[1]


def test_two_events_alike_in_all_but_order_get_two_ids():
    twins = _label_changes(1) * 2
    ids = [e.id for e in _parse(feed_xml(view([campaign(changes=twins)], as_of="2026-03-01"))).entries]
    assert len(ids) == len(set(ids))


def test_a_character_xml_cannot_hold_never_breaks_the_feed():
    """Commit messages reach the feed unchecked by the workspace reader: the feed stays well-formed."""
    change = replace(_label_changes(1)[0], message="Moved \x1b[31m and \ufffe for a reason")
    feed = _parse(feed_xml(view([campaign(changes=(change,))], as_of="2026-03-01")))
    assert feed.entries
