"""disallow-plaintext-secrets: Trino's and Presto's ``${ENV:NAME}`` (Airlift's secret syntax in catalog
and config properties) reads an environment variable, as Kafka's ``${env:NAME}`` does: no secret,
and no placeholder whose default is ``NAME``. A literal there, or a Spring placeholder's literal
default (``${DB_PASSWORD:...}``), is still reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "line",
    [
        "connection-password=${ENV:PG_PASSWORD}",
        "hive.s3.aws-secret-key=${ENV:AWS_SECRET_ACCESS_KEY}",
        "internal-communication.shared-secret=${ENV:SHARED_SECRET}",
        "http-server.authentication.oauth2.client-secret = ${ENV:OAUTH_CLIENT_SECRET}",
    ],
)
def test_an_env_secret_is_no_finding(line: str) -> None:
    assert configmap_messages("catalog.properties", f"connector.name=postgresql\n{line}\n", FAKE) == []


def test_an_env_secret_in_an_env_value_is_no_finding() -> None:
    decision = decide(pod([container(env=[{"name": "DB_PASSWORD", "value": "${ENV:PG_PASSWORD}"}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"connection-password={FAKE}", "connection-password"),
        (f"connection-password=${{DB_PASSWORD:{FAKE}}}", "connection-password"),
        (f"connection-password=${{ENV:PG_PASSWORD:-{FAKE}}}", "connection-password"),
    ],
)
def test_a_literal_is_still_reported(line: str, name: str) -> None:
    messages = configmap_messages("catalog.properties", f"connector.name=postgresql\n{line}\n", FAKE)
    assert len(messages) == 1 and f'"{name}"' in messages[0], messages
