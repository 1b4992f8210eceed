"""site_config.yml's `audiences:`: who each site is for, what it shows, how it looks and where it goes."""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.paths import inside
from generator.load.published import LOGO_EXPECTED, logo_problem, source_problem
from generator.load.publishing import check_unique_addresses, check_unique_paths, read_publishing
from generator.load.reader import ID_PATTERN, Reader
from generator.load.shapes import ACCENT_PATTERN, ENV_NAME_PATTERN, SHAPES
from generator.load.yamlio import YMap, YScalar, YSeq, key_scalar
from generator.model import Audience, Branding, Protect

_ACCENT = re.compile(ACCENT_PATTERN)


def read_audiences(r: Reader, node, root: Path, bundle: str | None,
                    site: tuple[str | None, str]) -> dict[str, Audience]:
    audiences: dict[str, Audience] = {}
    m = r.table(node, "audiences")
    if m is None:
        return audiences
    if not m:
        r.fail(m, "audiences", "expected at least one audience")
    for key, value in m.items():
        audience = _read_audience(r, m, key, value, root, bundle, site)
        if audience is not None:
            audiences[key] = audience
    check_unique_paths(r, audiences, dict(m.key_lines))
    check_unique_addresses(r, audiences, dict(m.key_lines), site[0])
    return dict(sorted(audiences.items()))


def _read_audience(r: Reader, m: YMap, key: str, value, root: Path, bundle: str | None,
                   site: tuple[str | None, str]) -> Audience | None:
    path = f"audiences.{key}"
    if r.ident(key_scalar(m, key), path) is None:
        return None
    spec = r.shape(value, path, SHAPES["audience"])
    if spec is None or not {"title", "tier", "campaigns"} <= set(spec):
        return None
    tier = r.integer(spec["tier"], f"{path}.tier", 0, 4)
    internal = r.boolean(spec["internal"], f"{path}.internal") if "internal" in spec else False
    names = r.optional_text(spec, "names", path, "names")
    if names not in SHAPES["audience"].values("names"):
        r.fail(spec["names"], f"{path}.names", f"expected {' or '.join(SHAPES['audience'].values('names'))}; "
                                               f"got '{names}'")
    campaigns_node = spec["campaigns"]
    campaigns = None
    if isinstance(campaigns_node, YScalar) and campaigns_node == "all" and not campaigns_node.plain:
        r.fail(campaigns_node, f"{path}.campaigns", "expected all without quotes (\"all\" in quotes is text, "
                                                    "not every campaign) or a list of campaign ids")
    elif not (getattr(campaigns_node, "plain", False) and campaigns_node == "all"):
        campaigns = r.ident_list(campaigns_node, f"{path}.campaigns")
        _check_campaign_ids(r, campaigns_node, f"{path}.campaigns", root)
        if (isinstance(campaigns_node, YSeq) and not campaigns_node) or getattr(campaigns_node, "is_null", False):
            r.fail(campaigns_node, f"{path}.campaigns", "expected all or a non-empty list of campaign ids "
                                                        "(an audience with no campaign would get an empty site)")
    branding = _read_branding(r, spec.get("branding"), f"{path}.branding", root, bundle)
    protect = _read_protect(r, spec["protect"], f"{path}.protect") if "protect" in spec else None
    packs = r.boolean(spec["packs"], f"{path}.packs") if "packs" in spec else True
    if internal and tier is not None and tier < 4:
        # `internal` sits above tier 4: an internal audience below it would see an entry
        # raised from 4 to internal, yet not the same entry at 4 (the ladder must only hide).
        r.fail(spec["tier"], f"{path}.tier", f"an internal audience sees every tier; expected tier: 4, got {tier}")
    title = r.text(spec["title"], f"{path}.title", plain=True, required=True)
    if tier is None or internal is None:
        return None
    published = read_publishing(r, spec, key, internal, *site)
    return Audience(key, title or key, tier, internal, campaigns, names, branding, published.path, published.url,
                    published.language, published.publish, protect, packs is not False)


def _check_campaign_ids(r: Reader, node, path: str, root: Path) -> None:
    """Campaign ids are file stems, so they can be checked before campaigns load."""
    known = sorted(p.stem for p in (root / "content" / "campaigns").glob("*.yml"))
    first: dict[str, int] = {}
    for index, item in enumerate(node if isinstance(node, list) else ()):
        if item not in known and ID_PATTERN.match(str(item)):
            r.fail(item, f"{path}[{index}]", f"'{item}' is not a campaign (expected one of: "
                                            f"{', '.join(known) or 'none found'})")
        if isinstance(item, YScalar) and item in first:  # a slip (a campaign meant instead?), never two copies
            r.fail(item, f"{path}[{index}]", f"'{item}' is listed twice (first as {path}[{first[item]}]); "
                                            "expected each campaign once")
        first.setdefault(str(item), index)


def _read_branding(r: Reader, node, path: str, root: Path, bundle: str | None) -> Branding:
    if node is None:
        return Branding()
    m = r.shape(node, path, SHAPES["branding"])
    if m is None:
        return Branding()
    logo = r.path_text(m["logo"], f"{path}.logo", f"{LOGO_EXPECTED}, relative to the workspace, such as "
                                                  "content/assets/acme.svg") if "logo" in m else None
    if logo:
        found, why = inside(root, logo)
        if found is not None:  # copied into the site: never a workspace source, and an image the theme shows
            source = source_problem(root, found, logo, bundle)
            why = (source and f"{source}; expected {LOGO_EXPECTED} of its own") or logo_problem(found, logo)
        if why:
            r.fail(m["logo"], f"{path}.logo", why)
            logo = None
    accent = r.text(m["accent"], f"{path}.accent") if "accent" in m else None
    if accent is not None and not _ACCENT.match(accent):
        r.fail(m["accent"], f"{path}.accent", f"expected a colour such as \"#0a7d4f\"; got '{accent}'")
        accent = None
    return Branding(logo, accent)


_ENV_NAME = re.compile(ENV_NAME_PATTERN)  # what a shell can `export`


def _read_protect(r: Reader, node, path: str) -> Protect | None:
    """`protect: {passphrase_env: NAME | [NAME, ...]}`: the variables named, each once (docs/protect.md)."""
    m = r.shape(node, path, SHAPES["protect"])
    if m is None or "passphrase_env" not in m:
        return None
    key, value = f"{path}.passphrase_env", m["passphrase_env"]
    if isinstance(value, YScalar) and not value.is_null:
        items = [(value, key)]
    else:
        items = [(item, f"{key}[{index}]") for index, item in enumerate(r.sequence(value, key))]
        if not items and isinstance(value, (YSeq, YScalar)):
            r.fail(value, key, "expected the name of an environment variable, or a non-empty list of them, "
                               "such as ACME_PASSPHRASE")
    names: dict[str, str] = {}
    for item, where in items:
        name = r.text(item, where, plain=True, required=True)
        if name is None:
            continue
        if not _ENV_NAME.match(name):
            r.fail(item, where, f"expected the name of an environment variable (letters, digits and _, not "
                                f"starting with a digit), such as ACME_PASSPHRASE; got '{name[:40]}'")
        elif name in names:
            r.fail(item, where, f"'{name}' is listed twice (first as {names[name]}); expected each variable once")
        else:
            names[name] = where
    return Protect(tuple(names)) if names else None
