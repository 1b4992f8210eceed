"""The publishing keys of site_config.yml: addresses (`site.url`, an audience's `url`), `path`,
`language`, `publish` (FORMAT.md, "Publishing"; the choices are in docs/publishing-keys.md).

An address is written into every page's canonical link, the sitemap and the 404 page, some of it
unescaped by the site engine, so it is held to a strict grammar: no quote, angle bracket, blank,
credentials, query or fragment can get through, and percent-encoding is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from generator.load.reader import ID_PATTERN, Reader
from generator.load.shapes import SHAPES
from generator.load.yamlio import YMap

PATH_MAX = 64
LOCAL_HOSTS = ("localhost", "127.0.0.1")  # the only hosts an http:// address may name
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SEGMENT_CHAR = r"(?:[A-Za-z0-9\-._~!$()*+,=:@]|%[0-9A-Fa-f]{2})"
_ADDRESS = re.compile(rf"(?P<scheme>https?)://(?P<host>{_LABEL}(?:\.{_LABEL})*)(?::(?P<port>[0-9]{{1,5}}))?"
                      rf"(?P<path>/(?:{_SEGMENT_CHAR}+/)*)\Z")
ADDRESS_EXPECTED = ("expected an https:// address such as https://northwind.github.io/receipts/ (http:// only for "
                    "localhost), with a host name, no user name or password, query (?), fragment (#), quotes, "
                    "angle brackets or blanks: percent-encode other characters (%20 for a space)")


@dataclass(frozen=True)
class Publishing:
    """One audience's publishing keys, defaults applied."""

    path: str
    url: str | None
    language: str
    publish: bool


def address_problem(url: str) -> str:
    """Why `url` is no address a site may be served at; "" when it is one (once its closing '/' is added)."""
    shown = re.sub(r"//[^/@]*@", "//…@", url)  # a password never lands in a message
    match = _ADDRESS.match(with_slash(url))
    if match is None:
        return f"{ADDRESS_EXPECTED}; got '{shown}'"
    if match["scheme"] == "http" and match["host"].lower() not in LOCAL_HOSTS:
        return f"http:// is only for a site served on this machine (localhost); {ADDRESS_EXPECTED}; got '{shown}'"
    if match["port"] is not None and not 0 < int(match["port"]) < 65536:
        return f"port {match['port']} is out of range; {ADDRESS_EXPECTED}; got '{shown}'"
    if any(unquote(segment) in (".", "..") for segment in match["path"].split("/")):  # %2e%2e is '..' too
        return f"'.' and '..' (or %2e, %2e%2e) are no folder names of an address; {ADDRESS_EXPECTED}; got '{shown}'"
    return ""


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def read_address(r: Reader, m: YMap, key: str, path: str) -> str | None:
    """`key` of `m` as an address ending in '/', or None (absent, or a problem recorded)."""
    if key not in m:
        return None
    value = r.url(m[key], path, ("http", "https"))  # the general checks first, with their messages
    if value is None:
        return None
    why = address_problem(value)
    if why:
        r.fail(m[key], path, why)
        return None
    return with_slash(value)


def read_language(r: Reader, m: YMap, path: str, default: str) -> str:
    language = r.optional_text(m, "language", path, default)
    languages = SHAPES["site"].values("language")
    if language not in languages:
        r.fail(m.get("language"), f"{path}.language", f"expected one of {', '.join(languages)}; got '{language}'")
        return default
    return language


def read_publishing(r: Reader, spec: YMap, audience: str, internal: bool, site_url: str | None,
                    language: str) -> Publishing:
    """An audience's `path`, `url`, `language` and `publish`, defaults applied."""
    where = f"audiences.{audience}"
    path = _read_path(r, spec, where) or audience
    url = read_address(r, spec, "url", f"{where}.url")
    publish = not internal
    if "publish" in spec:
        publish = bool(r.boolean(spec["publish"], f"{where}.publish"))
    if url is None and site_url is not None and publish:  # a site built only for local viewing has no address
        url = f"{site_url}{path}/"
    if internal and publish and "protect" not in spec:
        # FORMAT.md, Publishing rule 1: an internal site in the deploy folder is public to anyone with the address.
        r.fail(spec["publish"], f"{where}.publish",
               "an internal audience is published only with protect: (a passphrase); expected publish: false, "
               "or a protect: key")
    return Publishing(path, url, read_language(r, spec, where, language), publish)


def _read_path(r: Reader, spec: YMap, where: str) -> str | None:
    if "path" not in spec:
        return None
    value = r.text(spec["path"], f"{where}.path", plain=True)
    if value is None:
        return None
    if not ID_PATTERN.match(value) or len(value) > PATH_MAX:
        r.fail(spec["path"], f"{where}.path", f"expected a folder name of lowercase letters, digits and '-', "
                                              f"starting with a letter or digit, at most {PATH_MAX} characters, "
                                              f"such as acme-q7c2m9; got '{value}'")
        return None
    return value


def check_unique_paths(r: Reader, audiences: dict, lines: dict[str, int]) -> None:
    """Two audiences in one folder would overwrite each other's site."""
    first: dict[str, str] = {}
    for audience in audiences.values():
        other = first.setdefault(audience.path, audience.id)
        if other != audience.id:
            r.fail(None, f"audiences.{audience.id}.path", f"'{audience.path}' is also the folder of audience "
                                                          f"'{other}'; expected a path of its own",
                   line=lines.get(audience.id, 0))


def check_unique_addresses(r: Reader, audiences: dict, lines: dict[str, int], site_url: str | None) -> None:
    """No two audiences' sites at one address, nor one inside the other's: a link would open the wrong site.

    An audience published in the deploy folder is served at site.url + its folder whatever its `url`, so
    that address is its too; site.url itself is the neutral landing page's."""
    landing = _comparable(site_url) if site_url else None
    claimed = {a.id: _addresses(a, site_url) - {landing} for a in audiences.values()}
    reported: set[frozenset[str]] = set()  # a clash is one message, on the first audience of the pair
    # an audience with a `url` of its own is named first: that key is the one to change
    for audience in sorted(audiences.values(), key=lambda a: a.url == f"{site_url}{a.folder}/"):
        where, line = f"audiences.{audience.id}.url", lines.get(audience.id, 0)
        if audience.url and _comparable(audience.url) == landing:
            r.fail(None, where, f"'{audience.url}' is site.url, the address of the neutral landing page; expected "
                                "an address of this audience's own", line=line)
            continue
        clash = _clash(audience, claimed)
        if clash and frozenset((audience.id, clash[0])) not in reported:
            reported.add(frozenset((audience.id, clash[0])))
            r.fail(None, where, f"'{audience.url}' is or lies within the address of audience '{clash[0]}' "
                                f"({clash[1]}), or holds it; expected an address of its own, outside every other "
                                "audience's site", line=line)


def _clash(audience, claimed: dict[str, set[str]]) -> tuple[str, str] | None:
    """(another audience, its address) that this audience's own `url` is, lies within, or holds; or None."""
    if not audience.url:
        return None
    mine = _comparable(audience.url)
    for other, addresses in claimed.items():
        for address in sorted(addresses) if mine and other != audience.id else ():
            if mine.startswith(address) or address.startswith(mine):
                return other, address
    return None


def _addresses(audience, site_url: str | None) -> set[str]:
    found = {audience.url} if audience.url else set()
    if site_url and audience.publish:
        found.add(f"{site_url}{audience.folder}/")
    return {_comparable(url) for url in found}


def _comparable(url: str) -> str:
    """Scheme and host compared without case, as browsers do; the path as written."""
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}/{path}"
