"""disallow-plaintext-secrets: a ``NAME=value`` word whose name is no secret's but whose value holds
a password among settings (``export X='password=...; token=...'``, ``make DSN='password=...;
sslmode=require'``) was missed in sh -c and a ConfigMap's script, its ``X=`` and quote hiding the
value's start from the credential scan; the value is now judged as an env var's value is. No
message ever shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

POLICY = "disallow-plaintext-secrets"
OTHER = "Other9fake-token-value"


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"export X='password={FAKE}; token={OTHER}'", "holds settings with a password"),
        (f'export X="password={FAKE};token={OTHER}"', "holds settings with a password"),
        (f"X='password={FAKE}; token={OTHER}' ./export.sh", "holds settings with a password"),
        (f"make DSN='password={FAKE}; sslmode=require' migrate", "holds settings with a password"),
        (f"docker run -e OPTS='user=bob password={FAKE}' registry.example/app", "holds settings with a password"),
        (f"export X='Server=db;Password={FAKE}'", "holds a connection string with a password"),
        (f"export X='password={FAKE}'", 'sets "password"'),  # one password setting alone: a setting, as in an env var
    ],
)
def test_settings_with_a_password_in_a_neutral_variable_are_reported(script: str, fragment: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and fragment in messages[0], messages


def test_each_neutral_variable_is_reported() -> None:
    script = f"export X='password={FAKE}; token={OTHER}'\nexport Y='user=bob password={FAKE}'\n"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 2 and all("holds settings with a password" in m for m in messages), messages


@pytest.mark.parametrize(
    "script",
    [
        "export X='password=${PW}; token=${TOKEN}'",
        "export X='password=<password>; token=<token>'",
        'export X="password=$(cat /run/secrets/pw); token=$(cat /run/secrets/token)"',
        'export X="user=bob password=$PGPASSWORD"',
        "export X='a=1; b=2'",
        "export PGOPTIONS='-c search_path=app'",
        "export X='retries=3; timeout=30'",
    ],
)
def test_a_neutral_variable_without_a_literal_password_is_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_connection_string_the_word_shows_is_reported_once() -> None:
    script = f"export LIBPQ='host=db user=app password={FAKE}'"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and "holds a connection string with a password" in messages[0], messages
