"""disallow-plaintext-secrets: Airflow's ``OPTION_secret`` options (``sql_alchemy_conn_secret``,
``AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET``) name the key its secrets backend keeps a sensitive
option under, as ``OPTION_cmd`` names a command: a lowercase key or path there is no secret. Any
other value there, and any other name ending in ``secret``, is judged as ever."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "line",
    [
        "sql_alchemy_conn_secret = airflow/config/sql_alchemy_conn",
        "fernet_key_secret = fernet_key",
        "smtp_password_secret = smtp/password",
        "secret_key_secret = airflow/webserver-secret-key",
        "jwt_secret_secret = airflow/config/jwt_secret",
    ],
)
def test_a_secrets_backend_key_is_no_finding(line: str) -> None:
    assert configmap_messages("airflow.cfg", f"[core]\n{line}\n", FAKE) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET", "sql_alchemy_conn"),
        ("AIRFLOW__CORE__FERNET_KEY_SECRET", "airflow/config/fernet_key"),
        ("AIRFLOW__SMTP__SMTP_PASSWORD_SECRET", "smtp/password"),
    ],
)
def test_a_secrets_backend_key_in_env_is_no_finding(name: str, value: str) -> None:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert [f.message for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"jwt_secret = {FAKE}", "jwt_secret"),
        (f"fernet_key_secret = {FAKE}", "fernet_key_secret"),
        ("jwt_secret = abcdefghijklmnopqrstuvwx", "jwt_secret"),
        (f"client_secret = {FAKE.lower()}", "client_secret"),
    ],
)
def test_anything_else_is_still_reported(line: str, name: str) -> None:
    messages = configmap_messages("airflow.cfg", f"[core]\n{line}\n", line.partition(" = ")[2])
    assert len(messages) == 1 and f'"{name}"' in messages[0], messages


def test_the_jwt_secret_itself_in_env_is_still_reported() -> None:
    decision = decide(pod([container(env=[{"name": "AIRFLOW__API_AUTH__JWT_SECRET", "value": FAKE.lower()}])]))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and "AIRFLOW__API_AUTH__JWT_SECRET" in messages[0], messages
    assert FAKE.lower() not in everything_shown(decision)
