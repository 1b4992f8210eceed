"""The gate of a protected site: its deployed files read nothing of the audience's site.

Run on the sealed folder before it is swapped in, after the usual audit passed on the
decrypted site (so hidden texts are still checked where they could be read):

  - names: the folder holds only the readable files of seal.READABLE and opaque
    `_sealed/<32 hex>` files, so no file or folder name says anything of the content;
  - code: sw.js, unlock.js and unlock.css are the shipped files, byte for byte;
  - round trip: each passphrase unwraps the content key, the manifest lists every file of
    the audited site and nothing else, and each opaque file decrypts to that file's bytes;
  - plaintext: none of the audience's visible texts (audit.hidden.visible_texts), in the
    canonical form the audit compares texts in, is in any deployed file but the agency's name
    and the unlock page's own words.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from generator.audit import vendor
from generator.audit.text import Needles, name_phrases, needle, normalize, phrases, shorten, source_canonical
from generator.protect import keys as k
from generator.protect.seal import MANIFEST_LABEL, READABLE, SEALED, site_files
from generator.protect.strings import STRINGS
from generator.site import deploy

_OPAQUE = re.compile(rf"{SEALED}/[0-9a-f]{{32}}\Z")
_CODE = ("sw.js", f"{SEALED}/unlock.js", f"{SEALED}/unlock.css")
_RUN = re.compile(rb"[\t\n\r\x20-\x7e]{12,}")  # what of random bytes could read as text: a phrase needs 12


def visible_needles(texts: list[str], site_title: str) -> Needles:
    """Each visible text's sentences, and each short text whole, but what the unlock page may say."""
    allowed = " | ".join(source_canonical(text) for text in [site_title, *_page_words()])
    found = {}
    for text in texts:
        for phrase in phrases(text) + name_phrases(text):
            if phrase not in found and f" {phrase} " not in f" {allowed} ":
                found[phrase] = needle(phrase, "a visible text of the site")
    return Needles(sorted(found.values(), key=lambda n: n.phrase))


def _page_words() -> list[str]:
    return [text for table in STRINGS.values() for text in table.values()]


def findings(sealed: Path, plain: Path, keys: k.SiteKeys, needles: Needles, web: Path) -> list[str]:
    deployed = site_files(sealed)
    out = [f"{path}: a file name a protected site must not have (expected only its own code and opaque "
           f"{SEALED}/ files)" for path in deployed
           if path not in READABLE and not _OPAQUE.match(path) and not _is_marker(sealed, path)]
    out += [f"{path}: not the shipped file" for path in _CODE
            if not (sealed / path).is_file() or (sealed / path).read_bytes() != (web / Path(path).name).read_bytes()]
    trip, vendored = _round_trip(sealed, plain, keys, deployed)
    return out + trip + _plaintext(sealed, deployed, needles, vendored)


def _is_marker(sealed: Path, path: str) -> bool:
    """The build's marker (deploy.MARKER): a fixed line that names nothing, written after sealing."""
    return path == deploy.MARKER and deploy.is_marker_file(sealed / path)


def _round_trip(sealed: Path, plain: Path, keys: k.SiteKeys, deployed: list[str]) -> tuple[list[str], set[str]]:
    """What is wrong, and the encrypted files proven to hold a third-party file (plotly.min.js), verbatim."""
    file = keys_file(sealed)
    if file is None:
        return [f"{SEALED}/keys.json: missing, or not the keys file of a protected site"], set()
    wrapped = [base64.b64decode(text) for text in file["keys"]]
    out = []
    if file["iterations"] < k.ITERATIONS or len(wrapped) != len(keys.passphrase_keys):
        out.append(f"{SEALED}/keys.json: expected {len(keys.passphrase_keys)} wrapped keys and at least "
                   f"{k.ITERATIONS} iterations")
    for index, kek in enumerate(keys.passphrase_keys):
        if keys.content_key not in {_unwrap(kek, one) for one in wrapped}:
            out.append(f"{SEALED}/keys.json: passphrase {index + 1} does not open the site")
    try:
        files = json.loads(k.decrypt(keys.content_key, MANIFEST_LABEL, base64.b64decode(file["manifest"])))["files"]
    except InvalidTag:
        return out + [f"{SEALED}/keys.json: the manifest does not decrypt"], set()
    if sorted(files) != site_files(plain):
        out.append(f"{SEALED}/keys.json: the manifest does not list exactly the files of the audited site")
    vendored = set()
    for path, (name, _) in sorted(files.items()):
        blob = sealed / SEALED / name
        if not blob.is_file() or not (plain / path).is_file():
            out.append(f"{SEALED}/{name}: missing, or no file of the site ({path})")
            continue
        data = (plain / path).read_bytes()
        if _opened(keys.content_key, path, blob.read_bytes()) != data:
            out.append(f"{SEALED}/{name}: does not decrypt to the audited file")
        elif vendor.is_verbatim(path, hashlib.sha256(data).hexdigest()):
            vendored.add(f"{SEALED}/{name}")
    listed = {f"{SEALED}/{name}" for name, _ in files.values()}
    out += [f"{path}: an encrypted file the manifest does not list" for path in deployed
            if _OPAQUE.match(path) and path not in listed]
    return out, vendored


def keys_file(sealed: Path) -> dict | None:
    """The keys file of a sealed folder, checked for its shape; None when it is missing or malformed."""
    try:
        file = json.loads((sealed / SEALED / "keys.json").read_text(encoding="utf-8"))
        shaped = (isinstance(file["iterations"], int) and isinstance(file["keys"], list)
                  and all(isinstance(one, str) for one in file["keys"]) and isinstance(file["manifest"], str))
        if shaped:
            for text in [file["salt"], file["manifest"], *file["keys"]]:
                base64.b64decode(text, validate=True)
            return file
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        pass
    return None


def opened_files(sealed: Path, keys: k.SiteKeys) -> dict[str, bytes] | None:
    """Every file of a sealed site, decrypted with `keys`; None when they do not open it."""
    file = keys_file(sealed)
    if file is None:
        return None
    try:
        files = json.loads(k.decrypt(keys.content_key, MANIFEST_LABEL, base64.b64decode(file["manifest"])))["files"]
        return {path: k.decrypt(keys.content_key, path, (sealed / SEALED / name).read_bytes())
                for path, (name, _) in files.items()}
    except (InvalidTag, OSError, ValueError, KeyError, TypeError):
        return None


def _unwrap(kek: bytes, wrapped: bytes) -> bytes | None:
    try:
        return aes_key_unwrap(kek, wrapped)
    except InvalidUnwrap:
        return None


def _opened(content_key: bytes, path: str, blob: bytes) -> bytes | None:
    try:
        return k.decrypt(content_key, path, blob)
    except InvalidTag:
        return None


def _plaintext(sealed: Path, deployed: list[str], needles: Needles, vendored: set[str]) -> list[str]:
    """Each readable file whole; of each encrypted file, the runs of bytes that could read as text.

    Not the ciphertext of a third-party file proven verbatim: no site text is in it to leak.
    """
    out = []
    for path in deployed:
        if path in _CODE or path in vendored:  # ours, byte for byte (checked above): their words are the code's
            continue
        data = (sealed / path).read_bytes()
        readable = [data] if path in READABLE else _RUN.findall(data)
        text = normalize(" | ".join(run.decode("utf-8", errors="replace") for run in readable) + " | " + path)
        found = needles.find(text)
        if found:
            more = f" and {len(found) - 1} more" if len(found) > 1 else ""
            out.append(f"{path}: holds a visible text of the site in plaintext: {shorten(found[0].phrase)}{more}")
    return out
