"""disallow-plaintext-secrets: an empty libpq ``password=`` followed by a blank takes no value from
the next pair of its line. pgbouncer.ini lists the keys of a connect string, ``dbname= host= port=
user= password= auth_user=``, with nothing after each ``=``: ``auth_user=`` was read as a password
and the stock file was reported; ``host=db password= user=app`` is a connect string with an empty
password."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown, findings, script_pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "line",
    [
        ";;   dbname= host= port= user= password= auth_user=",
        "forcedb = host=localhost user=baz password= client_encoding=UNICODE",
        "* = host=db password=\tport=5432",
        "host=db user=app password=  sslmode=require",
    ],
)
def test_an_empty_password_before_another_pair_is_none(line: str) -> None:
    """Was reported: holds a connection string with a password in plain text."""
    text = f"[databases]\n{line}\n[pgbouncer]\nlisten_port = 6432\n"
    assert configmap_messages("pgbouncer.ini", text, FAKE) == []


@pytest.mark.parametrize(
    "line",
    [
        f"forcedb = host=localhost user=baz password={FAKE} client_encoding=UNICODE",
        f"forcedb = host=localhost user=baz password = {FAKE} client_encoding=UNICODE",
        f"forcedb = host=localhost password= '{FAKE}' user=baz",
        f"forcedb = host=localhost user=baz password={FAKE}=x",
        f"forcedb = host=localhost user=baz password= {FAKE}",
    ],
)
def test_a_password_after_its_equals_sign_stays_reported(line: str) -> None:
    text = f"[databases]\n{line}\n[pgbouncer]\nlisten_port = 6432\n"
    messages = configmap_messages("pgbouncer.ini", text, FAKE)
    assert len(messages) == 1 and "connection string with a password" in messages[0]


def test_an_argument_with_an_empty_password_is_none_and_a_literal_stays_reported() -> None:
    assert findings(script_pod("psql 'host=db password= user=app dbname=app' -c 'select 1'"), POLICY) == []
    decision = decide(script_pod(f"psql 'host=db password={FAKE} user=app dbname=app' -c 'select 1'"))
    assert [f for f in decision.findings if f.policy == POLICY]
    assert FAKE not in everything_shown(decision)


def test_many_empty_passwords_stay_linear() -> None:
    text = "host=db" + " password= host=db" * 4000
    started = time.perf_counter()
    assert configmap_messages("pgbouncer.ini", text, FAKE) == []
    assert time.perf_counter() - started < 2.0
