"""The keys of a protected site, all derived from its passphrases: same passphrases, same bytes.

    salt         SHA-256 of the site's identity (site title and address, audience id): unique to the
                 site, the same at every build, so a browser that remembers a passphrase's key keeps
                 it across rebuilds
    key (KEK)    PBKDF2-HMAC-SHA256(passphrase, salt, ITERATIONS): one per passphrase
    content key  HKDF-SHA256 over every passphrase's key: no passphrase alone gives it without
                 PBKDF2, and removing a passphrase (revoking a person) changes it
    wrapped      the content key wrapped by each passphrase's key (AES-KW, RFC 3394: deterministic
                 and checked, so a wrong passphrase fails to unwrap)

Each file is AES-256-GCM under the content key with a nonce HMAC(content key, path, content
digest): a nonce repeats only with the same path and bytes, which give the same ciphertext.
Every primitive is the `cryptography` package's; the browser uses WebCrypto's (themes/protect/).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

from generator.errors import ReceiptsError
from generator.model import Audience

ITERATIONS = 600_000  # OWASP's 2023 floor for PBKDF2-HMAC-SHA256; FORMAT.md asks at least this
MIN_CHARS = 12
NONCE_BYTES = 12
VERSION = "receipts-protect-v1"


@dataclass(frozen=True)
class SiteKeys:
    salt: bytes
    content_key: bytes
    passphrase_keys: tuple[bytes, ...]  # in the order of the variables
    wrapped: tuple[bytes, ...]  # sorted: the file does not say which variable is which


def passphrases(audience: Audience, environ=os.environ) -> list[tuple[str, str]]:
    """(variable, passphrase) for each variable of `audience.protect`; a ReceiptsError names every bad one."""
    problems, found = passphrase_problems(audience, environ)
    if problems:
        raise ReceiptsError("\n".join(problems))
    return found


def passphrase_problems(audience: Audience, environ=os.environ) -> tuple[list[str], list[tuple[str, str]]]:
    problems: list[str] = []
    found: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for name in audience.protect.passphrase_env if audience.protect else ():
        where = f"audience '{audience.id}' (protect.passphrase_env)"
        value = environ.get(name)
        if value is None:
            problems.append(f"{where}: the environment variable {name} is not set; expected the site's "
                            f"passphrase there (export {name}=...), at least {MIN_CHARS} characters")
        elif untypable(value):
            problems.append(f"{where}: the passphrase in {name} {untypable(value)}; expected text a reader can "
                            "type into the unlock page (no line break, tab or other control character)")
        elif len(normalized(value)) < MIN_CHARS:
            problems.append(f"{where}: the passphrase in {name} has {len(normalized(value))} characters; "
                            f"expected at least {MIN_CHARS}")
        elif normalized(value) in seen:
            problems.append(f"{where}: {name} holds the same passphrase as {seen[normalized(value)]}; "
                            "expected one passphrase per person, so that removing one revokes that person alone")
        else:
            seen[normalized(value)] = name
            found.append((name, value))
    return problems, found


def untypable(passphrase: str) -> str:
    """Why the passphrase can never be typed or encoded, or "". Says only the kind: never a byte of it."""
    categories = {unicodedata.category(char) for char in passphrase}
    if "Cs" in categories:  # os.environ keeps bytes that are not UTF-8 as lone surrogates
        return "is not valid UTF-8 text"
    if categories & {"Cc", "Zl", "Zp"}:
        return "holds a line break, tab or other control character"
    return ""


def normalized(passphrase: str) -> str:
    """NFC, as the unlock page does: the same passphrase typed on any keyboard gives the same key."""
    return unicodedata.normalize("NFC", passphrase)


def site_salt(site_title: str, site_url: str | None, audience_id: str) -> bytes:
    identity = json.dumps([VERSION, site_title, site_url or "", audience_id], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8")).digest()[:16]


def passphrase_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(normalized(passphrase).encode("utf-8"))


def site_keys(secrets: list[str], salt: bytes, iterations: int = ITERATIONS) -> SiteKeys:
    keks = tuple(passphrase_key(secret, salt, iterations) for secret in secrets)
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=f"{VERSION} content key".encode())
    content_key = hkdf.derive(b"".join(sorted(keks)))
    return SiteKeys(salt, content_key, keks, tuple(sorted(aes_key_wrap(kek, content_key) for kek in keks)))


def _tag(key: bytes, *parts: bytes) -> bytes:
    """HMAC-SHA256 of the parts, each length-prefixed so no two lists of parts give the same message."""
    message = b"".join(len(part).to_bytes(8, "big") + part for part in parts)
    return hmac.new(key, message, hashlib.sha256).digest()


def blob_name(content_key: bytes, path: str, data: bytes) -> str:
    """An opaque file name: says nothing of the path, changes when the bytes do (so caches never go stale)."""
    return _tag(content_key, b"name", path.encode("utf-8"), hashlib.sha256(data).digest())[:16].hex()


def encrypt(content_key: bytes, label: str, data: bytes) -> bytes:
    """nonce + AES-256-GCM(data), `label` (a path) bound as associated data."""
    nonce = _tag(content_key, b"nonce", label.encode("utf-8"), hashlib.sha256(data).digest())[:NONCE_BYTES]
    return nonce + AESGCM(content_key).encrypt(nonce, data, label.encode("utf-8"))


def decrypt(content_key: bytes, label: str, blob: bytes) -> bytes:
    """The inverse of `encrypt`; raises cryptography's InvalidTag on a wrong key, label or a changed byte."""
    return AESGCM(content_key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], label.encode("utf-8"))
