"""A built site -> its protected form: every file encrypted under an opaque name, plus the unlock page.

The sealed folder holds only:

    index.html            the unlock page: the agency's name (site.title) and a form
    sw.js                 the service worker that decrypts (at the root: its scope is the site)
    _sealed/unlock.js     the unlock page's code, and its styles (unlock.css)
    _sealed/keys.json     salt, iterations, the content key wrapped once per passphrase, and the
                          encrypted manifest (path -> opaque file, content type)
    _sealed/<32 hex>      each file of the site, nonce + AES-256-GCM ciphertext

Everything is written in sorted order from deterministic keys (keys.py): same site, same
passphrases, same bytes.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from generator.errors import BuildError
from generator.protect import keys as k
from generator.protect.strings import strings

SEALED = "_sealed"
MANIFEST_LABEL = "\0manifest"  # no path holds a NUL: the manifest's label is no file's
READABLE = ("index.html", "sw.js", f"{SEALED}/unlock.js", f"{SEALED}/unlock.css", f"{SEALED}/keys.json")
# By extension, not by the mimetypes module: its table is the machine's, and the bytes must not be.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
    "json": "application/json", "xml": "application/xml", "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8", "md": "text/plain; charset=utf-8", "svg": "image/svg+xml",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "avif": "image/avif", "ico": "image/x-icon", "pdf": "application/pdf", "gz": "application/gzip",
    "zip": "application/zip", "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
    "mp3": "audio/mpeg", "wav": "audio/wav", "woff": "font/woff", "woff2": "font/woff2",
}


@dataclass(frozen=True)
class UnlockPage:
    site_title: str
    language: str


def web_dir(theme_dir: Path) -> Path:
    """themes/protect/, beside the site theme (MkDocs never sees it, so no site copies it)."""
    return theme_dir.parent / "protect"


def content_type(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower().lstrip(".")
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def site_files(plain: Path) -> list[str]:
    """Every file of the built site, as sorted POSIX paths relative to it."""
    return sorted(path.relative_to(plain).as_posix() for path in plain.rglob("*") if path.is_file())


def seal_folder(plain: Path, sealed: Path, keys: k.SiteKeys, page: UnlockPage, web: Path) -> dict[str, list[str]]:
    """Write the protected form of `plain` into `sealed` (an empty folder); return the manifest's files."""
    files: dict[str, list[str]] = {}
    (sealed / SEALED).mkdir()
    for path in site_files(plain):
        if path == "sw.js" or path.startswith(f"{SEALED}/"):  # the theme never makes these: refuse, never shadow
            raise BuildError(f"the site has a file '{path}', a name a protected site keeps for its own code")
        data = (plain / path).read_bytes()
        name = k.blob_name(keys.content_key, path, data)
        (sealed / SEALED / name).write_bytes(k.encrypt(keys.content_key, path, data))
        files[path] = [name, content_type(path)]
    manifest = json.dumps({"files": files}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (sealed / SEALED / "keys.json").write_text(keys_file(keys, manifest.encode("utf-8")), encoding="utf-8")
    (sealed / "index.html").write_text(unlock_html(web, page), encoding="utf-8")
    shutil.copyfile(web / "sw.js", sealed / "sw.js")
    for name in ("unlock.js", "unlock.css"):
        shutil.copyfile(web / name, sealed / SEALED / name)
    return files


def keys_file(keys: k.SiteKeys, manifest: bytes) -> str:
    def text(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return json.dumps({
        "v": 1,
        "kdf": "PBKDF2-HMAC-SHA256",
        "iterations": k.ITERATIONS,
        "salt": text(keys.salt),
        "keys": [text(wrapped) for wrapped in keys.wrapped],
        "manifest": text(k.encrypt(keys.content_key, MANIFEST_LABEL, manifest)),
    }, indent=1, sort_keys=True) + "\n"


def unlock_html(web: Path, page: UnlockPage) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(web)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("unlock.html").render(site_title=page.site_title, lang=page.language,
                                                  s=strings(page.language))
