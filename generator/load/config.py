"""site_config.yml -> SiteConfig, every problem collected."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import Problem
from generator.load.audiences import read_audiences
from generator.load.paths import not_a_folder, not_relative, too_long_name
from generator.load.people import read_people
from generator.load.publishing import read_address, read_language
from generator.load.reader import ALL_INTERNAL_LABEL, Reader
from generator.load.shapes import SHAPES
from generator.load.yamlio import YMap, key_scalar, parse
from generator.model import BUILTIN_DEFAULTS, BUILTIN_LABELS, INTERNAL, HistoryConfig, Label, SiteConfig

CONFIG_FILE = "site_config.yml"


def load_config(root: Path, warnings: list[Problem] | None = None) -> tuple[SiteConfig | None, list[Problem]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [Problem(CONFIG_FILE, 0, "", f"not found in {root}; is this a Receipts workspace?")]
    node, problems = parse(path.read_bytes(), CONFIG_FILE)
    if node is None:
        return None, problems
    reader = Reader(CONFIG_FILE)
    config = _read_config(reader, node, root)
    if warnings is not None:
        warnings.extend(reader.warnings)
    return config, problems + reader.problems


def _read_config(r: Reader, node, root: Path) -> SiteConfig | None:
    top = r.shape(node, "", SHAPES["config"])
    if top is None:
        return None
    site = _read_site(r, top.get("site"))
    if site is None:
        return None
    title, url, language, timezone, stale_after_days = site
    r.tz = ZoneInfo(timezone)
    people = read_people(r, top.get("people"))
    history = _read_history(r, top["history"]) if "history" in top else None
    return SiteConfig(
        title=title, url=url, language=language, timezone=timezone,
        output=_read_output(r, top, root),
        history=history,
        defaults=_read_defaults(r, top.get("defaults")),
        labels=_read_labels(r, top.get("labels"), language),
        people=people,
        audiences=read_audiences(r, top.get("audiences"), root, history.bundle if history else None,
                                  (url, language)),
        measures=_read_measures(r, top.get("measures")),
        stall_days=_read_stall_days(r, top.get("stall_days")),
        stale_after_days=stale_after_days,
    )


def _read_site(r: Reader, node) -> tuple[str, str | None, str, str, int] | None:
    m = r.shape(node, "site", SHAPES["site"])
    if m is None:
        return None
    title = r.text(m["title"], "site.title", plain=True, required=True) if "title" in m else None
    url = read_address(r, m, "url", "site.url")
    language = read_language(r, m, "site", "en")
    timezone = r.optional_text(m, "timezone", "site", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail(m.get("timezone"), "site.timezone", f"expected an IANA timezone such as Europe/Madrid; got '{timezone}'")
        timezone = "UTC"
    stale = r.integer(m["stale_after_days"], "site.stale_after_days", 1, 3650) if "stale_after_days" in m else None
    return (title or "", url, language, timezone, stale or 7)


def _read_output(r: Reader, top: YMap, root: Path) -> str:
    output = r.optional_text(top, "output", "", "site", plain=True)
    parts = Path(output).parts
    if Path(output).is_absolute() or ".." in parts or not parts or not output.strip():
        r.fail(top.get("output"), "output", f"expected a folder inside the workspace; got '{output}'")
        return "site"
    if parts[0] in ("content", ".git") or output in (".", "./"):
        r.fail(top.get("output"), "output", f"'{output}' would overwrite the workspace's own files; "
                                            "expected a separate folder such as 'site'")
        return "site"
    if too_long_name(Path(output), "-private"):
        r.fail(top.get("output"), "output", f"{too_long_name(Path(output), '-private')} (with '-private' for the "
                                            "private folder); expected a shorter folder name")
        return "site"
    try:
        blocking = not_a_folder(root / output)
    except OSError as error:  # a folder on the way the build may not look into
        r.fail(top.get("output"), "output", f"cannot use '{output}' ({error.strerror or error}); expected a folder "
                                            "the build can create and write")
        return "site"
    if blocking is not None:  # the build could not make its folder there
        rel = blocking.relative_to(root).as_posix()
        what = "is" if blocking == root / output else f"goes through '{rel}', which is"
        r.fail(top.get("output"), "output", f"'{output}' {what} a file, not a folder; expected a folder for the "
                                            "sites, such as 'site'")
        return "site"
    return output


def _read_history(r: Reader, node) -> HistoryConfig | None:
    if isinstance(node, YMap) and not node:
        return HistoryConfig(repo=".", bundle=None, ref="HEAD")
    m = r.shape(node, "history", SHAPES["history"])
    if m is None:
        return None
    if sum(key in m for key in SHAPES["history"].at_most_one) > 1:
        r.fail(m, "history", f"give either {' or '.join(SHAPES['history'].at_most_one)}, not both")
    repo = r.path_text(m["repo"], "history.repo", "a folder relative to the workspace, such as . (or write "
                                                  "history: {} for the workspace's own)") if "repo" in m else None
    bundle = r.path_text(m["bundle"], "history.bundle", "a bundle file relative to the workspace, such as "
                                                        "content/history.bundle") if "bundle" in m else None
    why = not_relative(bundle) if bundle is not None else ""
    if why:  # said here, where the line is known
        r.fail(m, "history.bundle", why + "; expected a bundle file inside the workspace", line=m.key_lines["bundle"])
    if repo is None and bundle is None:
        repo = "."
    ref = r.optional_text(m, "ref", "history", "HEAD", plain=True)
    if not ref.strip():
        r.fail(m["ref"], "history.ref", "expected a branch, tag or commit such as main; got an empty value "
                                        "(leave ref out for HEAD)")
        ref = "HEAD"
    return HistoryConfig(repo=repo, bundle=bundle, ref=ref)


def defaults_in(data: bytes) -> tuple[dict[str, int] | None, str]:
    """The `defaults:` a site_config.yml's bytes set (built-ins filled in), or (None, why they do not read).

    Only `defaults:` is read: a past version of the file, judged for what it said of visibility.
    """
    node, problems = parse(data, CONFIG_FILE)
    if node is None or problems:
        return None, str(min(problems)) if problems else "not a mapping"
    if not isinstance(node, YMap):
        return None, "expected a mapping of keys"
    reader = Reader(CONFIG_FILE)
    found = _read_defaults(reader, node.get("defaults"))
    return (None, str(min(reader.problems))) if reader.problems else (found, "")


def _read_defaults(r: Reader, node) -> dict[str, int]:
    # defaults.commit: the tier of a commit message without a Visibility: trailer (FORMAT.md, History, item 2)
    return {**BUILTIN_DEFAULTS, **_read_tiers(r, node, "defaults")}


def _read_tiers(r: Reader, node, name: str) -> dict[str, int]:
    """A mapping of `keys` to visibilities (`defaults:`, `measures:`); a bad entry is a problem and left out."""
    if node is None:
        return {}
    m = r.shape(node, name, SHAPES[name])
    out = {}
    for key, value in (m or {}).items():
        if key in SHAPES[name].fields:
            tier = r.visibility(value, f"{name}.{key}")
            if tier is not None:
                out[key] = tier
    return out


# Built-in labels speak the site's language; configured labels keep the title written.
_BUILTIN_TITLES = {
    "es": {
        "not-started": "Sin empezar", "in-progress": "En curso", "needs-decision": "Pendiente de decisión",
        "waiting-on-client": "Esperando al cliente", "waiting-on-legal": "Esperando a legal",
        "stuck": "Atascado en el purgatorio creativo", "in-review": "En revisión", "approved": "Aprobado",
        "done": "Hecho",
    },
}


def label_title(label: Label, language: str) -> str:
    """A label's title in `language`: a built-in label's own translation (its id cannot be redefined)."""
    builtin = {b.id: b.title for b in BUILTIN_LABELS}
    if label.id not in builtin:
        return label.title
    return _BUILTIN_TITLES.get(language, {}).get(label.id, builtin[label.id])


def _read_labels(r: Reader, node, language: str = "en") -> dict[str, Label]:
    titles = _BUILTIN_TITLES.get(language, {})
    labels = {label.id: Label(label.id, titles.get(label.id, label.title), label.kind) for label in BUILTIN_LABELS}
    if node is None:
        return labels
    m = r.table(node, "labels")
    if m is None:
        return labels
    for key in list(m.keys()):
        path = f"labels.{key}"
        if r.ident(key_scalar(m, key), path) is None:
            continue
        if key in labels:
            r.fail(m, path, "is a built-in label; choose another id", line=m.key_lines[key])
            continue
        spec = r.shape(m[key], path, SHAPES["label"])
        if spec is None or "title" not in spec or "kind" not in spec:
            continue
        kind = r.text(spec["kind"], f"{path}.kind")
        kinds = SHAPES["label"].values("kind")
        if kind not in kinds:
            r.fail(spec["kind"], f"{path}.kind", f"expected one of {', '.join(kinds)}; got '{kind}'")
        title = r.text(spec["title"], f"{path}.title", required=True, all_internal=ALL_INTERNAL_LABEL)
        if title is not None:
            r.check_spans(spec["title"], title, f"{path}.title")
        # Kept after a problem (recorded: nothing is built), so the campaigns using it are not told it is unknown.
        labels[key] = Label(key, title or key, kind if kind in kinds else kinds[0])
    return labels


def _read_measures(r: Reader, node) -> dict[str, int]:
    opened = _read_tiers(r, node, "measures")
    for measure, tier in list(opened.items()):
        if tier == INTERNAL:  # internal audiences see every entry: each gets its own figure, never an opened one
            r.fail(node[measure], f"measures.{measure}", "opening a measure to internal audiences changes nothing "
                   "(they see every entry, so they get the measure anyway); expected the lowest tier 0-4 to show "
                   "the total to, such as 1")
            del opened[measure]
    return opened


def _read_stall_days(r: Reader, node) -> dict[str, int]:
    days = {"default": 7}
    if node is None:
        return days
    m = r.shape(node, "stall_days", SHAPES["stall_days"])
    for key, value in (m or {}).items():
        number = r.integer(value, f"stall_days.{key}", 1, 3650)
        if number is not None and key in SHAPES["stall_days"].fields:
            days[key] = number
    return days
