"""Where a site is read from: a folder, or an address fetched with the standard library's urllib."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

TIMEOUT = 30  # seconds a cron job waits for one file before it reports the site unreachable
MAX_BYTES = 64 * 1024 * 1024  # a record or page larger than this is not one we made


class Unusable(Exception):
    """Input verify cannot check at all (exit 2): a missing folder, an unreachable site, a malformed file."""


class Site:
    """A built site, read one site-relative file at a time."""

    def __init__(self, where: str):
        self.where = where
        self.remote = urllib.parse.urlsplit(where).scheme in ("http", "https")
        if self.remote:
            self.base = where if where.endswith("/") else where + "/"
        elif not Path(where).is_dir():
            raise Unusable(f"{where}: not a folder or an http(s) address; expected a built site such as site/acme "
                           "or https://example.com/acme/")

    def read(self, rel: str) -> bytes | None:
        """The file's bytes, or None when the site has no such file."""
        if self.remote:
            return self._fetch(urllib.parse.urljoin(self.base, rel))
        path = Path(self.where) / rel
        return path.read_bytes() if path.is_file() else None

    def _fetch(self, url: str) -> bytes | None:
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only, checked above)
                return response.read(MAX_BYTES + 1)[:MAX_BYTES]
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise Unusable(f"{url}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise Unusable(f"{url}: could not be fetched ({getattr(exc, 'reason', exc)})") from None

    def pages(self, listed: dict[str, str]) -> list[str]:
        """The receipt pages to check: every HTML page of a folder (none can hide from the check by not being
        listed), the pages record.json lists on a site read over HTTP."""
        if self.remote:
            return sorted(set(listed.values()))
        root = Path(self.where)
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
