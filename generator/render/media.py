"""Final work: what kind of media an asset is, and where its file goes."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from generator.view import VAsset, VCampaign

IMAGE = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"}
VIDEO = {".mp4", ".webm", ".m4v", ".mov", ".ogv"}
PDF = {".pdf"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^[0-9]{3,12}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}


@dataclass(frozen=True)
class Media:
    asset: VAsset
    kind: str  # image | video | pdf | file | youtube | vimeo | link | text
    src: str | None  # docs-relative copy of the file, or the external URL
    embed: str | None = None  # the privacy-friendly player URL for youtube / vimeo
    mime: str | None = None
    # An SVG opened by a link is a document on the site's own address, where a browser runs what it holds:
    # it is shown only through <img> (which runs nothing) and its links download it (docs/format.md).
    opens: bool = True


def youtube_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    candidate = None
    if host in ("youtu.be", "www.youtu.be"):
        candidate = parts.path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            segments = parts.path.strip("/").split("/")
            if len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
                candidate = segments[1]
    return candidate if candidate and _YOUTUBE_ID.match(candidate) else None


def vimeo_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host not in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host == "player.vimeo.com" and segments[:1] == ["video"]:
        segments = segments[1:]
    return segments[0] if segments and _VIMEO_ID.match(segments[0]) else None


def _mime(ext: str) -> str | None:
    return {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime",
            ".ogv": "video/ogg", ".pdf": "application/pdf"}.get(ext)


def plan_media(campaign: VCampaign) -> tuple[list[Media], list[tuple[str, str]]]:
    """Each asset as Media, and the (content-relative source, docs-relative dest) copies."""
    names = copy_names(campaign)
    media, copies = [], set()
    for asset in sorted(campaign.assets, key=asset_order):
        if asset.file:
            name = names[asset.id]
            dest = f"assets/{campaign.id}/{name}"
            copies.add((asset.file, dest))
            ext = posixpath.splitext(name)[1].lower()
            kind = "image" if ext in IMAGE else "video" if ext in VIDEO else "pdf" if ext in PDF else "file"
            media.append(Media(asset, kind, dest, mime=_mime(ext), opens=ext != ".svg"))
        elif asset.url:
            media.append(_url_media(asset))
    return media, sorted(copies)


def copy_names(campaign: VCampaign) -> dict[str, str]:
    """Asset id -> the name its file's copy takes in assets/<campaign>/, one name per file.

    A file keeps its own name when no other file of the campaign's assets has
    it (names compared case-insensitively, as a Mac or Windows disk would).
    Of files sharing a name, the first in the page's order keeps it; each
    other becomes "<asset id>-<name>", or "<asset id>-2-<name>", -3-, ... when
    even that name is taken. Every name kept is reserved before any is made
    up, so a made-up name never takes another file's own: the same assets
    always get the same names, and no two files get one. Two assets of the
    same file share its copy.
    """
    ordered = [(a, a.file) for a in sorted(campaign.assets, key=asset_order) if a.file]
    first_of: dict[str, str] = {}  # a name, folded -> the file that keeps it
    for _, file in ordered:
        first_of.setdefault(posixpath.basename(file).casefold(), file)
    taken = set(first_of)
    names: dict[str, str] = {}
    by_file: dict[str, str] = {}
    for asset, file in ordered:
        name = posixpath.basename(file)
        if file in by_file:
            names[asset.id] = by_file[file]
            continue
        if first_of[name.casefold()] != file:
            candidate, n = f"{asset.id}-{name}", 2
            while candidate.casefold() in taken:
                candidate, n = f"{asset.id}-{n}-{name}", n + 1
            taken.add(candidate.casefold())
            name = candidate
        names[asset.id] = by_file[file] = name
    return names


def _url_media(asset: VAsset) -> Media:
    url = asset.url or ""
    yt = youtube_id(url)
    if yt:
        return Media(asset, "youtube", url, f"https://www.youtube-nocookie.com/embed/{yt}")
    vm = vimeo_id(url)
    if vm:
        return Media(asset, "vimeo", url, f"https://player.vimeo.com/video/{vm}")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Media(asset, "text", None)  # never a javascript: or data: link
    return Media(asset, "link", url)


def asset_order(asset: VAsset):
    return (asset.published is None, asset.published.isoformat() if asset.published else "", asset.id)
