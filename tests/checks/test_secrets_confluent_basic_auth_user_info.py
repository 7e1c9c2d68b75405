"""disallow-plaintext-secrets: Confluent's ``basic.auth.user.info`` (Kafka clients, Connect
converters, ksqlDB) holds ``user:password`` for Schema Registry; a Kafka Connect connector's
``"value.converter.basic.auth.user.info": "sr-user:..."`` passed in a ConfigMap and in env
(``SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO``)."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        (
            "connector.json",
            '{"name": "sink", "config": {"value.converter.basic.auth.credentials.source": "USER_INFO",\n'
            ' "value.converter.basic.auth.user.info": "sr-user:%s"}}' % FAKE,
            "config.value.converter.basic.auth.user.info",
        ),
        ("ksql-server.properties", f"ksql.schema.registry.basic.auth.user.info=sr-user:{FAKE}\n", "ksql.schema.registry.basic.auth.user.info"),
    ],
)
def test_a_schema_registry_user_info_is_reported(key: str, text: str, name: str) -> None:
    """Was missed."""
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'sets "{name}"' in messages[0]


def test_an_env_user_info_is_reported() -> None:
    """Was missed."""
    decision = decide(pod([container(env=[{"name": "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "value": f"sr-user:{FAKE}"}])]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO" in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        "basic.auth.user.info=${file:/opt/kafka/external-configuration/creds.properties:sr}\n",
        "basic.auth.credentials.source=USER_INFO\nschema.registry.url=http://schema-registry:8081\n",
        "user.info.enabled=true\n",
    ],
)
def test_a_reference_and_the_credentials_source_are_none(text: str) -> None:
    assert configmap_messages("connect.properties", text, FAKE) == []


def test_a_user_info_env_from_a_secret_is_none() -> None:
    ref = {"secretKeyRef": {"name": "sr", "key": "user-info"}}
    assert findings(pod([container(env=[{"name": "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "valueFrom": ref}])]), POLICY) == []
