"""The deploy folder's own pages: a neutral landing page and 404 (FORMAT.md, Publishing rule 1).

They name the agency (site.title) and nothing else: no audience, client, campaign or person, and
no link to any site. They depend on site.title, site.language and site.url alone, so every subset
of audiences writes the same bytes (shards merge without conflicts). Self-contained (inline style,
no script): the 404 is served at any missing address, at any depth.
"""

from __future__ import annotations

from html import escape

from generator.model import SiteConfig
from generator.render.i18n import t

_STYLE = ("body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d1d1f;"
          "background:#f6f6f4}main{max-width:36rem;margin:18vh auto 0;padding:0 1.5rem}"
          "h1{font-size:1.5rem;margin:0 0 .5rem}p{margin:0 0 1rem;color:#4a4a4f}a{color:#0a5bd3}")


def _page(config: SiteConfig, title: str, body: str) -> bytes:
    lang = config.language
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex, nofollow">\n'
            f"<title>{escape(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{_STYLE}</style>\n"
            f"</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n").encode()


def landing_page(config: SiteConfig) -> bytes:
    lang = config.language
    return _page(config, config.title, f"<h1>{escape(config.title)}</h1>\n"
                                        f"<p>{escape(t(lang, 'landing_text'))}</p>\n")


def not_found_page(config: SiteConfig) -> bytes:
    """Served at any missing address: its one link is absolute (site.url), or there is none."""
    lang = config.language
    home = f'<p><a href="{escape(config.url)}">{escape(config.title)}</a></p>\n' if config.url else ""
    return _page(config, f"404 · {config.title}", f"<h1>404</h1>\n<p>{escape(t(lang, 'landing_not_found'))}</p>\n"
                                                  f"{home}")


def root_files(config: SiteConfig) -> dict[str, bytes]:
    """The deploy folder's root: the two pages and .nojekyll (GitHub Pages serves every file as it is)."""
    return {"index.html": landing_page(config), "404.html": not_found_page(config), ".nojekyll": b""}
