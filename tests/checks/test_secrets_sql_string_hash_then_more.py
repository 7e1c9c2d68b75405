"""disallow-plaintext-secrets: ``UPDATE users SET password = '<bcrypt hash>' WHERE id = 1;`` in a
.sql ConfigMap key was reported as a setting named ``UPDATE users SET password`` because text
followed the hash (the hash alone passed). A password verifier in a SQL string literal is now a
hash wherever its statement goes on; a plain literal there stays reported and is never shown."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

HASHES = [
    "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNo",
    "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVka2V5c3RvcmVka2V5c3RvcmVka2V5c3Q=:c2VydmVya2V5c2VydmVya2V5c2VydmVya2V5c2U=",
    "pbkdf2_sha256$260000$fakesalt$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZQ==",
]
STATEMENTS = [
    "UPDATE users SET password = '{}' WHERE id = 1;",
    "UPDATE users SET password = '{}', updated_at = now() WHERE id = 1;",
    "UPDATE users SET password='{}' WHERE username='admin';",
    "update auth_user set password = '{}' where username = 'admin';",
]


@pytest.mark.parametrize("statement", STATEMENTS)
@pytest.mark.parametrize("digest", HASHES)
def test_a_hash_in_a_sql_string_with_more_after_it_is_no_password(statement: str, digest: str) -> None:
    """Was reported, 'sets "UPDATE users SET password" in plain text (line 1)'."""
    assert configmap_messages("seed.sql", statement.format(digest) + "\n", FAKE) == []


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_plain_literal_there_stays_reported(statement: str) -> None:
    assert configmap_messages("seed.sql", statement.format(FAKE) + "\n", FAKE) == [
        'ConfigMap "config" key "seed.sql" holds a SQL statement with a password in plain text. '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]


def test_a_plain_literal_passed_to_psql_stays_reported() -> None:
    script = f"psql -c \"UPDATE users SET password = '{FAKE}' WHERE id = 1\"\n"
    for messages in key_and_sh_c_messages(script):
        assert messages and all("SQL statement with a password" in m for m in messages)


def test_an_unclosed_quote_over_64_kib_is_read_in_linear_time() -> None:
    text = "UPDATE users SET password = '" + "$2a$10$" * 9400 + "\n"
    started = time.perf_counter()
    configmap_messages("seed.sql", text, FAKE)
    assert time.perf_counter() - started < 2
