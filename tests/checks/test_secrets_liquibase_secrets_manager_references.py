"""disallow-plaintext-secrets: Liquibase Pro's secrets management takes a provider, a secret's path,
name or ARN and a key in it, joined by commas, as a property's value
(``hashicorp,secret/data/app,password``, ``aws-secrets-manager,arn:aws:secretsmanager:...,key``);
it was reported as a password in plain text. Such a value is now a secret manager's reference, like
``vault:path#key``; a literal beside a provider's name (a blank, a symbol) stays reported, unshown."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, key_and_sh_c_messages, pod

POLICY = "disallow-plaintext-secrets"
REFERENCES = [
    "hashicorp,secret/data/app,password",
    "hashicorp-vault,secret/data/trial-db,password",
    "aws-secrets-manager,arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf,key",
    "aws-secrets,prod/trial-db,password",
]


def _env_messages(value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": "LIQUIBASE_COMMAND_PASSWORD", "value": value}])]))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_liquibase_secrets_manager_reference_is_no_password(reference: str) -> None:
    """Was reported, 'env var "LIQUIBASE_COMMAND_PASSWORD" sets a sensitive value in plain text'."""
    assert _env_messages(reference) == []
    assert configmap_messages("liquibase.properties", f"liquibase.command.password: {reference}\n", FAKE) == []
    assert key_and_sh_c_messages(f"liquibase --password={reference} update\n") == [[], []]


@pytest.mark.parametrize("value", [f"hashicorp, {FAKE}", "hashicorp,Zq7fake!pw", f"aws-secrets-manager,a,b,{FAKE}", FAKE])
def test_a_literal_beside_a_providers_name_stays_reported(value: str) -> None:
    assert _env_messages(value) == [
        'container "app" env var "LIQUIBASE_COMMAND_PASSWORD" sets a sensitive value in plain text. '
        "Fix: move the value into a Secret and reference it with valueFrom.secretKeyRef."
    ]


def test_a_long_reference_is_read_in_linear_time() -> None:
    value = "hashicorp," + "a/" * 32768 + ",x!"
    started = time.perf_counter()
    assert _env_messages(value) != []
    assert time.perf_counter() - started < 2
