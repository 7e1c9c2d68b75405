"""A key that names a password (``passwd``, ``password_file``) holding only ``user:hash`` lines, as
``mosquitto_passwd`` writes them (``$7$`` PBKDF2-SHA512, ``$6$`` SHA-512 crypt), is a file of hashes,
no password in plain text; one line left in plain text still reports the key, never its value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.password_files import only_hashed_passwords

SEVEN = "sensor:$7$101$FAKEsaltFAKEsalt$" + "FAKEhash" * 10 + "Q=="
SIX = "gateway:$6$FAKEsalt$" + "FAKEhash" * 10


@pytest.mark.parametrize("key", ["passwd", "password_file", "mosquitto-passwd", "passwords"])
def test_hashes_only_are_fine(key: str) -> None:
    assert configmap_messages(key, f"# mosquitto_passwd -U\n{SEVEN}\n{SIX}\n", FAKE) == []


@pytest.mark.parametrize("text", [f"{SEVEN}\ngateway:{FAKE}\n", f"gateway:{FAKE}\n", "# nothing yet\n", FAKE])
def test_a_plain_text_line_or_another_shape_still_reports_the_key(text: str) -> None:
    (message,) = configmap_messages("passwd", text, FAKE)
    assert 'key "passwd" looks like a secret' in message


def test_only_hashed_passwords_needs_a_line() -> None:
    assert only_hashed_passwords(SEVEN)
    assert not only_hashed_passwords("")
    assert not only_hashed_passwords("# only a comment\n")
    assert not only_hashed_passwords(f"{SIX}\nops:{FAKE}")


@pytest.mark.parametrize(
    "text",
    [
        "admin:{SHA}" + FAKE,  # no SHA-1 digest in base64
        "admin:" + FAKE[:13],  # a DES hash's shape, 13 characters, under a name that is no htpasswd's
        "minutes_password: x",  # a value too short to be judged a literal
        "db_password: ${DB_PASSWORD}",  # a reference
        "admin:",  # empty
        "user:$6$short",  # a modular crypt hash cut short
    ],
)
def test_what_is_no_file_of_hashes(text: str) -> None:
    assert not only_hashed_passwords(text)
    assert not only_hashed_passwords(f"{SEVEN}\n{text}")


def test_sha_and_ssha_digests_in_base64_are_hashes() -> None:
    assert only_hashed_passwords("admin:{SHA}" + "A" * 27 + "=")
    assert only_hashed_passwords("admin:{SSHA}" + "B" * 32)
