"""disallow-plaintext-secrets: the screen before a value is scanned for a ``Password=`` entry of a
connection string (``values._may_hold_connection_password``). The pattern tries an entry at each
character after a non-blank; the screen looks only for the password's name at the value's start or
after a ``;``, ``?`` or ``&``, and changes no verdict (the value scanned whole agrees)."""

from __future__ import annotations

import random
import time

import pytest
from check_helpers import FAKE, decide, everything_shown, findings, script_pod

from webhook.checks.secrets import values
from webhook.checks.secrets.values import CONNECTION_KINDS, credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"

ENTRIES = [
    f"Server=db;User Id=app;Password={FAKE};",
    f"Password={FAKE};Server=db",
    f"  pwd = {FAKE}; Server=db",
    f"Server=db; PWD={FAKE}",
    f"jdbc:postgresql://db/app?user=app&password={FAKE}",
    f"jdbc:postgresql://db/app?user=app& sslpassword={FAKE}",
    f"jdbc:sqlserver://db;user=app;password={FAKE}",
    f";Password={FAKE}",
]

SCREENED_OUT = [
    'export PGPASSWORD="$(cat /run/secrets/db/password)"; echo done && exit 0',  # no ; or & before the name
    "set -eu; a=1 && b=2; PASSWORD_FILE=/run/secrets/pw",
    "Server=db;User Id=app;Integrated Security=true",
    "url?user=app&db_password=x",  # another name before "password"
]


@pytest.mark.parametrize("value", ENTRIES)
def test_an_entry_of_a_connection_string_passes_the_screen(value: str) -> None:
    assert values._CONNECTION_STRING.search(value) is not None
    assert values._may_hold_connection_password(value)
    assert credential_kind(value) in CONNECTION_KINDS
    assert set(credential_kinds(value)) & CONNECTION_KINDS


@pytest.mark.parametrize("value", SCREENED_OUT)
def test_a_value_with_no_entry_is_screened_out(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    assert not values._may_hold_connection_password(value)
    screened = (credential_kind(value), credential_kinds(value))
    with monkeypatch.context() as patched:
        patched.setattr(values, "_may_hold_connection_password", lambda value: True)
        assert (credential_kind(value), credential_kinds(value)) == screened


def test_the_screen_holds_every_match_of_the_pattern() -> None:
    """Random texts of the pieces the pattern reads: wherever it finds an entry, the screen passes."""
    pieces = ["password", "PWD", "Pwd", "sslpassword", "=", " = ", ";", "; ", "&", "?", "?ssl", " ", "\t", "\n", "x", "db", FAKE]
    rng = random.Random(276)
    matched = screened_out = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        if values._CONNECTION_STRING.search(text) is not None:
            matched += 1
            assert values._may_hold_connection_password(text), repr(text)
        elif not values._may_hold_connection_password(text):
            screened_out += 1
    assert matched > 300 and screened_out > 1000


def test_a_script_is_judged_as_before_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """sh -c's script naming PGPASSWORD (read from a file) holds no entry; one with an entry is reported."""
    clean = 'set -eu; export PGPASSWORD="$(cat /run/secrets/db/password)"; exec psql -h db && echo ok'
    scripts = [clean, f'{clean}; run --dsn "Server=db;Password={FAKE}"', f"run --dsn 'Server=db;Password={FAKE}'"]
    screened = [[finding.message for finding in findings(script_pod(script), POLICY)] for script in scripts]
    with monkeypatch.context() as patched:
        patched.setattr(values, "_may_hold_connection_password", lambda value: True)
        assert [[finding.message for finding in findings(script_pod(script), POLICY)] for script in scripts] == screened
    assert screened[0] == [] and screened[1] and screened[2]
    for script in scripts[1:]:
        assert FAKE not in everything_shown(decide(script_pod(script)))


@pytest.mark.parametrize("text", [";" * 65536, "&ssl" * 16384, "; \t" * 21845 + "password", "&" + " " * 65535 + "pwd"])
def test_adversarial_text_is_screened_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    credential_kind(text)
    credential_kinds(text)
    assert time.perf_counter() - started < 1.0
