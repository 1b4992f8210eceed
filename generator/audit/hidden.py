"""What must not be in one audience's site: everything the workspace holds
that the audience's view does not show.

Every text of the workspace (entries and their children, spans, people,
other audiences, labels, history) becomes phrases; a phrase that also occurs
in a text the audience may see, or in the generator's own words, is not
secret. So a hidden entry is covered however redaction hid it (tier,
internal, parent, reference, campaign not listed), and so is every
`[internal]` span.

What the audience may see is worked out here again, from the workspace and
FORMAT.md's rules, never taken from the view: were redaction to put a hidden
text in the view, the view would vouch for it and the gate would pass it.
The campaigns' texts go by `visible_ids` and the levels of comments, steps
and notes (`_allowed_by_rules`); the history's (commit messages, the titles
events carry, the names of entries that are gone) by history_rules.py, which
asks neither the view nor redact_history.py. The view is trusted only for
what is not campaign or history text: labels, people as the audience's
`names:` shows them (authors of events too), and the names of shown files.

Besides texts: the ids of hidden entries and campaigns (sought in file
names), the files of hidden assets and of other audiences' logos (sought by
their SHA-256), the SHA-256 of hidden assets' files as text (a receipt's
fingerprint), and people's e-mail addresses.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from generator import spans
from generator.audit.hidden_files import campaign_entries, digests, fingerprints, hidden_files, hidden_ids
from generator.audit.hidden_files import name_stem as name_stem  # scan.py asks for it here
from generator.audit.history_rules import allowed_history_texts, decisions_kept_back, foreign_decisions
from generator.audit.text import BAR, Needle, Needles, name_phrases, needle, phrases, source_canonical
from generator.clock import Clock
from generator.model import Audience, Campaign, Workspace, entry_title
from generator.redact.asof import publication_day, scheduled_ids
from generator.redact.visible import visible_ids
from generator.render import i18n
from generator.view import AudienceView

# Fields that hold ids, enums, paths or hashes: structure, not prose.
_STRUCTURE = frozenset({
    "id", "label", "subject", "owner", "deliverable", "about", "verdict", "by", "decided_by",
    "relates_to", "asset_sha256", "commit", "file", "asset", "kind", "entry_kind", "entry_id",
    "field", "campaign", "author", "author_side", "side", "emails", "line",
})


@dataclass
class Hidden:
    """Everything one audience's site must not hold."""

    needles: Needles
    ids: dict[str, str] = field(default_factory=dict)  # hidden id -> what it is
    files: dict[str, str] = field(default_factory=dict)  # SHA-256 -> what it is
    emails: tuple[str, ...] = ()

    @property
    def phrases(self) -> list[str]:
        return sorted({n.phrase for n in self.needles})


# -- texts of the workspace, each with where it came from -----------------------------


def _strings(entry) -> list[str]:
    """The prose fields of one entry (not its children)."""
    out = []
    for f in dataclasses.fields(entry):
        if f.name in _STRUCTURE:
            continue
        value = getattr(entry, f.name)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out.extend(value)
    return out


def _campaign_texts(c: Campaign) -> list[tuple[str, str]]:
    """(text, where it comes from) for every text of a campaign, shown or not."""
    out = [(text, f"text of campaign '{c.id}'") for text in (c.title, c.client, c.summary, *c.goals)]
    for kind, entry in campaign_entries(c):
        out += [(text, f"text of {kind} '{entry.id}' in {c.id}") for text in _strings(entry)]
    for d in c.decisions:
        out += [(comment.text, f"a comment on decision '{d.id}' in {c.id}") for comment in d.comments]
    for a in c.approvals:
        out += [(step.comment, f"a step of approval '{a.id}' in {c.id}") for step in a.steps]
    out += [(n.text, f"the note of {n.date} in {c.id}") for n in c.notes]
    return out


def _workspace_texts(workspace: Workspace) -> list[tuple[str, str]]:
    out = []
    for c in workspace.campaigns.values():
        out += _campaign_texts(c)
    for change in workspace.history.changes:
        origin = f"the history of {change.campaign} (commit {change.commit[:8]})"
        out.append((change.message, origin))
        if change.kind not in ("label", "date", "step"):
            out += [(v, origin) for v in (change.old, change.new) if v]
    for sha, texts in workspace.history.retracted.items():  # withdrawn from every site
        out += [(text, f"the retracted commit {sha[:8]}") for text in texts]
    for campaign_id, gone in workspace.history.removals.items():  # the names of removed versions
        for removal in (r for removed in gone.values() for r in removed):
            when = f"commit {removal.commit[:8]}" if removal.commit else "an edit not committed"
            out.append((removal.title, f"the history of {campaign_id} ({when})"))
    for label in workspace.config.labels.values():
        out.append((label.title, f"the label '{label.id}'"))
    return out


def _names(workspace: Workspace, audience: Audience) -> list[tuple[str, str]]:
    """People, other audiences, unlisted campaigns: names a client site must not hold.

    For an internal audience, only campaigns not listed for it.
    """
    config = workspace.config
    names = []
    if audience.internal:
        return [(c.title, f"the title of campaign '{c.id}'") for c in workspace.campaigns.values()
                if not audience.sees_campaign(c.id)]
    for person in config.people.values():
        names.append((person.name, f"the name of person '{person.id}'"))
        names.append((person.role, f"the role of person '{person.id}'"))
    for other in config.audiences.values():
        if other.id != audience.id:
            names.append((other.title, f"the title of audience '{other.id}'"))
    for c in workspace.campaigns.values():
        if not audience.sees_campaign(c.id):
            names.append((c.title, f"the title of campaign '{c.id}'"))
            names.append((c.client, f"the client of campaign '{c.id}'"))
    return names


# -- what the audience may see ----------------------------------------------------------


def _view_strings(value, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _view_strings(getattr(value, f.name), out)
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            _view_strings(item, out)


def public_strings() -> list[str]:
    """The generator's own words (UI strings in every language)."""
    from generator.render import strings

    out = [v for table in strings.STRINGS.values() for v in table.values()]
    try:
        from generator.render import measures_strings
    except ImportError:  # pragma: no cover - measures arrive with their own issue
        return out
    return out + [v for table in measures_strings.TABLES.values() for v in table.values() if isinstance(v, str)]


class _Corpus:
    """Canonical texts the audience legitimately sees, indexed by word."""

    def __init__(self, texts: list[str]):
        self.texts = [f" {t} " for t in dict.fromkeys(texts) if t]
        self.by_word: dict[str, list[int]] = {}
        for index, text in enumerate(self.texts):
            for word in set(text.split()):
                self.by_word.setdefault(word, []).append(index)

    def holds(self, phrase: str) -> bool:
        postings = [self.by_word.get(w, []) for w in set(phrase.split())]
        if not all(postings):
            return False
        target = f" {phrase} "
        return any(target in self.texts[i] for i in min(postings, key=len))


def _states_beside_titles(view: AudienceView, shown_in: dict[str, set[str]]) -> list[str]:
    """What pages show of a visible entry as one line: its title, then the chip of its own state.

    "Public launch" · "Planned", "Storyboard v2" · "Approved", "Film edit" ·
    "In progress": an internal note saying just that ("Public launch
    planned.") tells the audience nothing its pages do not, so it is no
    finding. Only each entry's own state counts ("Public launch rejected"
    stays a hidden sentence), and only of entries the rules show (`shown_in`,
    never the view's word: a hidden milestone that a slip put in the view
    must not vouch for its own title).
    """
    def t(key: str) -> str:
        return i18n.t(i18n.lang_of(view.language), key)

    out = []
    for c in view.campaigns:
        shown = shown_in.get(c.id, set())
        out += [f"{m.title} {t('reached' if m.reached else 'planned')}" for m in c.milestones if m.id in shown]
        out += [f"{a.name} {t('verdict_' + s.verdict)}" for a in c.approvals if a.id in shown
                and a.subject.id in shown for s in a.steps]
        out += [f"{task.title} {task.label.title}" for task in c.tasks if task.id in shown]
    return out


def _allowed_by_rules(workspace: Workspace, audience: Audience, shown_in: dict[str, set[str]]) -> list[str]:
    """The campaign texts the visibility rules let this audience see, worked out from the workspace.

    Not from the view: were redaction to put a hidden text in the view (an
    internal comment under a visible decision), the view would vouch for it
    and the gate would pass it. These rules are FORMAT.md's, written out
    again: an entry shows when `visible_ids` holds it (`shown_in`); a comment,
    a step or a note when its own level is reached and what it hangs on
    shows. An approval shown is named by its subject's title and its version
    ("Storyboard v2"), on its receipt and on the timeline.
    """
    text = spans.unwrap if audience.internal else spans.remove
    out: list[str] = []
    for c in workspace.campaigns.values():
        if not audience.sees_campaign(c.id):
            continue
        shown = shown_in[c.id]
        out += [c.title, c.client, c.summary, *c.goals]
        for _, entry in campaign_entries(c):
            if entry.id in shown:
                out += _strings(entry)
        entries = c.entries_by_id()
        out += [entry_title(a, entries) for a in c.approvals if a.id in shown]
        out += [m.text for d in c.decisions if d.id in shown for m in d.comments if audience.reaches(m.visibility)]
        out += [s.comment for a in c.approvals if a.id in shown for s in a.steps if audience.reaches(s.visibility)]
        out += [n.text for n in c.notes
                if audience.reaches(n.visibility) and (n.about is None or n.about in shown)]
    return [text(t) for t in out if t]


def _trusted_view_strings(view: AudienceView) -> list[str]:
    """What the view shows besides campaign and history texts: the site's and audience's words, labels,
    people as the audience's `names:` shows them (the authors of events too), and the names of the files
    it shows. Never the history's messages, event values or titles of gone entries: history_rules.py."""
    shown: list[str] = []
    _view_strings((view.site_title, view.audience, view.labels, view.matrix), shown)
    for c in view.campaigns:
        shown += [ch.author for ch in c.changes]
        shown += [t.owner for t in c.tasks if t.owner]
        shown += [name for d in c.decisions for name in (*d.decided_by, *(m.by for m in d.comments))]
        shown += [s.by for a in c.approvals for s in a.steps]
        # the names of the files it shows (a download link, a receipt's file): "hero-video-final-cut.mp4"
        shown += [a.file for a in c.assets if a.file] + [a.asset for a in c.approvals if a.asset]
    return shown


def _visible_corpus(workspace: Workspace, audience: Audience, view: AudienceView,
                    shown_in: dict[str, set[str]]) -> _Corpus:
    shown = (_allowed_by_rules(workspace, audience, shown_in) + allowed_history_texts(workspace, audience, shown_in)
             + _trusted_view_strings(view))
    texts = []
    for text in shown + _states_beside_titles(view, shown_in):
        texts.extend(source_canonical(text).split(BAR))
    for text in public_strings():
        text = re.sub(r"\{[a-z_]+\}", f" {BAR} ", text)  # the placeholders of UI strings
        texts.extend(source_canonical(text).split(BAR))
    return _Corpus([" ".join(t.split()) for t in texts])


# -- together --------------------------------------------------------------------------------


def _shown_in(workspace: Workspace, audience: Audience, view: AudienceView,
              clock: Clock | None = None) -> dict[str, set[str]]:
    """campaign id -> the ids of its entries the rules show this audience."""
    # Work published after the site's as-of day is scheduled: at tier 0 a plan, with what refers to it. The
    # as-of moment is the view's (a date, no text of the workspace); what it hides is worked out here, and
    # never later than the build's clock, taken on its own: a view whose as-of moment ran past the clock
    # (a future-dated commit) cannot open an embargo here.
    last_day = publication_day(view.as_of, view.timezone)
    if clock is not None and last_day is not None:
        last_day = min(last_day, clock.day(view.timezone))
    # A decision from a retracted commit is on no site, whatever else put it among the entries; a decision
    # commit shows only in the campaign whose file it named then (history_rules.foreign_decisions).
    retracted = workspace.history.retracted
    foreign = foreign_decisions(workspace)
    kept_back = decisions_kept_back(workspace, audience)  # by defaults.decision at their commit
    return {c.id: set(visible_ids(c, audience, scheduled=scheduled_ids(c, last_day)))
            - {d.id for d in c.decisions if d.commit in retracted} - foreign.get(c.id, set())
            - kept_back.get(c.id, set())
            for c in workspace.campaigns.values() if audience.sees_campaign(c.id)}


def visible_texts(workspace: Workspace, audience: Audience, view: AudienceView,
                  clock: Clock | None = None) -> list[str]:
    """What the audience's site may show (campaign and history texts by the rules, the view's own words):
    none of it may be readable in the deployed files of a protected site (generator/protect/gate.py)."""
    shown_in = _shown_in(workspace, audience, view, clock)
    return (_allowed_by_rules(workspace, audience, shown_in) + allowed_history_texts(workspace, audience, shown_in)
            + _trusted_view_strings(view) + _states_beside_titles(view, shown_in))


def hidden_for(workspace: Workspace, audience: Audience, view: AudienceView, clock: Clock | None = None) -> Hidden:
    """Everything of `workspace` that the site built from `view` must not hold."""
    shown_in = _shown_in(workspace, audience, view, clock)
    corpus = _visible_corpus(workspace, audience, view, shown_in)
    found: dict[str, Needle] = {}

    def add(phrase: str, origin: str) -> None:
        if phrase not in found and not corpus.holds(phrase):
            found[phrase] = needle(phrase, origin)

    for text, origin in _workspace_texts(workspace):
        if not text:
            continue
        if not audience.internal:
            for span in spans.contents(text):
                for phrase in phrases(span):
                    add(phrase, f"an [internal] span in {origin}")
        for phrase in phrases(spans.unwrap(text)):
            add(phrase, origin)
    for text, origin in _names(workspace, audience):
        for phrase in name_phrases(text):
            add(phrase, origin)
    digest = digests()
    for fingerprint in fingerprints(workspace, shown_in, digest):
        found.setdefault(fingerprint.phrase, fingerprint)
    emails = tuple(sorted({e for p in workspace.config.people.values() for e in p.emails}))
    return Hidden(Needles(sorted(found.values(), key=lambda n: n.phrase)),
                  hidden_ids(workspace, audience, view, shown_in),
                  hidden_files(workspace, audience, view, shown_in, digest), emails)


def secrets_for(workspace: Workspace, audience: Audience, view: AudienceView) -> list[str]:
    """The hidden phrases alone, in the form `normalize` gives a rendered text."""
    return hidden_for(workspace, audience, view).phrases
