"""disallow-plaintext-secrets: a sensitive name ending in ``module``, ``time``, ``timestamp`` or
``source`` describes a secret, it holds none: RabbitMQ's ``password_hashing_module =
rabbit_password_hashing_sha256`` (in its documented rabbitmq.conf), Keycloak's realm export
attribute ``"client.secret.creation.time": "1700000000"`` (on every confidential client) and
Confluent's ``basic.auth.credentials.source = USER_INFO`` were reported as secrets in plain text."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown, findings, pod, container

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("rabbitmq.conf", "default_user = app\npassword_hashing_module = rabbit_password_hashing_sha256\n"),
        ("realm.json", '{"clients": [{"clientId": "api", "attributes": {"client.secret.creation.time": "1700000000"}}]}'),
        ("app.properties", "token.issued.timestamp = 1700000000123\nport = 8080\n"),
        ("connect.properties", "value.converter.basic.auth.credentials.source = USER_INFO\nport = 8083\n"),
    ],
)
def test_a_name_describing_a_secret_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_env_names_describing_a_secret_are_not_reported() -> None:
    env = [
        {"name": "SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "value": "USER_INFO"},
        {"name": "PASSWORD_CHANGE_TIME", "value": "2024-01-01T00:00:00Z"},
        {"name": "RABBITMQ_PASSWORD_HASHING_MODULE", "value": "rabbit_password_hashing_sha256"},
    ]
    assert findings(pod([container(env=env)]), POLICY) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("rabbitmq.conf", f"password_hashing_module = rabbit_password_hashing_sha256\ndefault_pass = {FAKE}\n", "default_pass"),
        ("realm.json", '{"clients": [{"attributes": {"client.secret.creation.time": "1700000000"}, "secret": "%s"}]}' % FAKE, "secret"),
        ("connect.properties", f"basic.auth.credentials.source = USER_INFO\nsasl.password = {FAKE}\n", "sasl.password"),
    ],
)
def test_a_secret_beside_them_stays_reported(key: str, text: str, name: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and name in messages[0]


def test_a_secret_named_with_its_source_in_front_stays_reported() -> None:
    decision = decide(pod([container(env=[{"name": "SOURCE_DB_PASSWORD", "value": FAKE}])]))
    assert [f for f in decision.findings if f.policy == POLICY]
    assert FAKE not in everything_shown(decision)
