"""disallow-plaintext-secrets: a ``Password=`` entry or a libpq ``password=`` is called a connection
string only when its line names what it connects to (a host, server, Data Source, address,
database, DSN or service entry, or a URL's ``://``); two settings on a line with no such entry
(``password=...; token=...``, ``user=bob password=...``) are settings with a password. The verdict is
the same either way; no message ever shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.values import CONNECTION_STRING, PASSWORD_SETTINGS, credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"


def _env_messages(value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": "APP_OPTS", "value": value}])]))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    "value",
    [
        f"password={FAKE}; token=Other9fake-token",
        f"password={FAKE};token=Other9fake-token",
        f"user=bob password={FAKE}",
        f"a=1; pwd={FAKE}",
        f";Password={FAKE}",
    ],
)
def test_a_password_among_settings_naming_no_target_is_settings_with_a_password(value: str) -> None:
    assert credential_kind(value) == PASSWORD_SETTINGS
    assert credential_kinds(value) == [PASSWORD_SETTINGS]
    (message,) = _env_messages(value)
    assert 'env var "APP_OPTS" holds settings with a password in plain text' in message
    assert "connection string" not in message


@pytest.mark.parametrize(
    "value",
    [
        f"Server=db;User Id=app;Password={FAKE};",
        f"Data Source=ora1;User Id=app;Password={FAKE}",
        f"Password={FAKE};Server=db",
        f"host=db user=app password={FAKE}",
        f"dbname=app user=app password={FAKE}",
        f"Dsn=Clinic;Uid=app;Pwd={FAKE}",
        f"service=clinic user=app password={FAKE}",
        f"Address=10.0.0.5,1433;Database=trials;Password={FAKE}",
        f"jdbc:postgresql://db/app?user=app&password={FAKE}",
    ],
)
def test_a_password_beside_what_it_connects_to_is_a_connection_string(value: str) -> None:
    assert credential_kind(value) == CONNECTION_STRING
    (message,) = _env_messages(value)
    assert 'env var "APP_OPTS" holds a connection string with a password in plain text' in message


def test_the_target_is_looked_for_on_the_passwords_line_only() -> None:
    text = f"host=db\nx=1; password={FAKE}; token=Other9fake-token\n"
    assert credential_kinds(text) == [PASSWORD_SETTINGS]
    assert credential_kinds(f"server_name=db; password={FAKE}; x=1") == [PASSWORD_SETTINGS]  # server_name is no Server= entry


def test_a_connection_string_in_a_script_keeps_its_wording_and_settings_get_theirs() -> None:
    script = f"psql 'host=db user=app password={FAKE}' -c 'select 1'; echo 'a=1; password={FAKE}' > /tmp/opts"
    messages = configmap_messages("run.sh", script, FAKE)
    assert any("holds a connection string with a password" in m for m in messages), messages
    decision = decide(script_pod(f"echo 'user=bob password={FAKE}' > /tmp/opts"))
    assert FAKE not in everything_shown(decision)
    assert not any("connection string" in f.message for f in decision.findings if f.policy == POLICY)


def test_a_long_line_of_settings_is_read_in_linear_time() -> None:
    line = "a=1; " * 13_000 + f"password={FAKE}"  # 64 KiB on one line: the target is read near the password only
    assert credential_kind(line) == PASSWORD_SETTINGS
    assert credential_kind("host=db " + line) == PASSWORD_SETTINGS  # past what is read of the line
