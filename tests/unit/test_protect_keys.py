"""The keys of a protected site: reproducible, one per passphrase, revocable (docs/protect.md)."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from generator.errors import ReceiptsError
from generator.model import Audience, Protect
from generator.protect import keys, require_passphrases

SALT = keys.site_salt("Studio", "https://studio.example/", "acme")
ANA, BEN, CY = "ana's long passphrase", "ben's long passphrase", "cy's long passphrase!"


def audience(*names: str) -> Audience:
    return Audience("acme", "Acme", 3, False, None, "names", protect=Protect(tuple(names)))


def opens(passphrase: str, site: keys.SiteKeys) -> bytes | None:
    kek = keys.passphrase_key(passphrase, site.salt)
    for wrapped in site.wrapped:
        try:
            return aes_key_unwrap(kek, wrapped)
        except InvalidUnwrap:
            continue
    return None


def test_the_same_passphrases_give_the_same_keys_whatever_their_order():
    first, again = keys.site_keys([ANA, BEN], SALT), keys.site_keys([BEN, ANA], SALT)
    assert first.content_key == again.content_key and first.wrapped == again.wrapped


def test_each_passphrase_opens_the_site_and_no_other_does():
    site = keys.site_keys([ANA, BEN], SALT)
    assert opens(ANA, site) == site.content_key == opens(BEN, site)
    assert opens(CY, site) is None
    assert keys.passphrase_key(ANA, SALT) != keys.passphrase_key(ANA, keys.site_salt("Studio", None, "acme"))


def test_removing_a_passphrase_revokes_it_alone():
    before, after = keys.site_keys([ANA, BEN], SALT), keys.site_keys([ANA], SALT)
    assert opens(BEN, after) is None and opens(ANA, after) == after.content_key
    assert after.content_key != before.content_key  # a key Ben kept from before opens nothing new


def test_a_file_encrypts_the_same_way_twice_and_only_opens_at_its_own_path():
    key = keys.site_keys([ANA], SALT).content_key
    blob = keys.encrypt(key, "a/index.html", b"<p>hello</p>")
    assert blob == keys.encrypt(key, "a/index.html", b"<p>hello</p>")
    assert keys.decrypt(key, "a/index.html", blob) == b"<p>hello</p>"
    with pytest.raises(InvalidTag):
        keys.decrypt(key, "b/index.html", blob)
    other = keys.encrypt(key, "a/index.html", b"<p>hello!</p>")
    assert other[:keys.NONCE_BYTES] != blob[:keys.NONCE_BYTES]  # new bytes under the same key: a new nonce
    assert keys.blob_name(key, "a/index.html", b"x") != keys.blob_name(key, "a/index.html", b"y")


def test_a_passphrase_is_the_same_however_its_accents_were_typed():
    assert keys.passphrase_key("cafe\u0301 con leche", SALT) == keys.passphrase_key("caf\u00e9 con leche", SALT)


def test_every_missing_or_short_variable_is_named_before_anything_is_built():
    environ = {"ACME_ANA": ANA, "ACME_BEN": "too short"}
    with pytest.raises(ReceiptsError) as caught:
        require_passphrases([audience("ACME_ANA", "ACME_BEN", "ACME_CY")], environ)
    message = str(caught.value)
    assert "the passphrase in ACME_BEN has 9 characters; expected at least 12" in message
    assert "the environment variable ACME_CY is not set" in message
    assert "ACME_ANA" not in message and ANA not in message and "too short" not in message


def test_two_people_with_one_passphrase_is_an_error():
    """Revoking one of them would revoke nothing."""
    with pytest.raises(ReceiptsError, match="ACME_BEN holds the same passphrase as ACME_ANA"):
        require_passphrases([audience("ACME_ANA", "ACME_BEN")], {"ACME_ANA": ANA, "ACME_BEN": ANA})


def test_unprotected_audiences_need_nothing():
    require_passphrases([Audience("acme", "Acme", 3, False, None, "names")], {})


@pytest.mark.parametrize("secret,why", [
    (b"morning \xf1oats for all".decode("utf-8", "surrogateescape"), "is not valid UTF-8 text"),
    ("morning oats\nfor everyone", "holds a line break, tab or other control character"),
    ("morning oats\tfor everyone", "holds a line break, tab or other control character"),
    ("morning oats\x1bfor everyone", "holds a line break, tab or other control character"),
    ("morning oats\u2028for everyone", "holds a line break, tab or other control character"),
])
def test_a_passphrase_no_reader_can_type_is_refused_without_echoing_it(secret, why):
    """Bytes that are not UTF-8 (os.environ keeps them as lone surrogates) or a control character."""
    with pytest.raises(ReceiptsError) as caught:
        require_passphrases([audience("ACME_ANA")], {"ACME_ANA": secret})
    message = str(caught.value)
    assert f"the passphrase in ACME_ANA {why}" in message
    assert not any(part in message for part in ("morning", "oats", "\udcf1", "\\x", "\\udc"))
    message.encode("utf-8")  # printable on any CI log


def test_a_passphrase_of_accents_or_emoji_is_typable():
    assert keys.untypable("café con leche 🍵 ütf") == ""
