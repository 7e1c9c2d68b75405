"""disallow-plaintext-secrets: a chart's values in JSON naming a Secret and, beside it in the same
object, the key in it (``{"existingSecret": "db-creds", "secretKey": "password"}``) were reported,
while the same mapping in YAML passes since 1.25.372. A JSON object with a key naming a Secret
(``existingSecret*``, ``*SecretName``, ``secretName``) now makes a ``*Key`` setting with a Kubernetes
key's shape that Secret's key too (1.25.376), on one line or pretty-printed. A key elsewhere, or a
value of a credential's shape, stays reported; no message shows it."""

from __future__ import annotations

import json
import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "text",
    [
        '{"existingSecret": "db-creds", "secretKey": "password"}',
        '{\n  "existingSecret": "db-creds",\n  "secretKey": "password"\n}\n',
        '{"auth": {"secretKey": "db-password", "secretName": "db-creds"}}',
        '{"exporter": [{"existingSecretName": "exporter-creds", "passwordKey": "api-token"}]}',
        '{"minio": {"existingSecret": "minio-creds", "secretKey": ["secret-key"]}}',
    ],
)
def test_a_json_key_beside_a_secret_name_is_that_secrets_key(text: str) -> None:
    """Was reported, "sets "secretKey" in plain text"."""
    assert configmap_messages("values.json", text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ('{"secretKey": "password"}', "secretKey"),
        ('{"auth": {"existingSecret": "db-creds", "s3": {"secretKey": "password"}}}', "auth.s3.secretKey"),
        ('{"auth": {"existingSecret": "db-creds"}, "secretKey": "password"}', "secretKey"),
        ('{"db": [{"existingSecret": "db-creds"}, {"secretKey": "password"}]}', "db[1].secretKey"),
        (f'{{"secretName": "db-creds", "secretKey": "{FAKE}"}}', "secretKey"),
        ('{"existingSecretPasswordKey": "password", "secretKey": "password"}', "secretKey"),
    ],
)
def test_a_json_key_with_no_secret_named_beside_it_stays_reported(text: str, setting: str) -> None:
    """A child object, a parent's sibling, another list item, a value of a credential's shape, or a
    key (not the Secret) beside it: a literal."""
    (message,) = configmap_messages("values.json", text, FAKE)
    assert f'sets "{setting}" in plain text' in message, message


def test_a_json_env_value_reads_its_siblings_too() -> None:
    value = json.dumps({"auth": {"existingSecret": "db-creds", "secretKey": "password"}, "token": FAKE})
    decision = decide(pod([container(env=[{"name": "CHART_VALUES", "value": value}])]))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert message.startswith('container "app" env var "CHART_VALUES" sets "token" in plain text'), message


def test_an_object_is_looked_through_once() -> None:
    """64 KiB of secret keys in one object, the Secret named at its end: linear."""
    doc = {f"store{i}SecretKey": "password" for i in range(3000)}
    doc["existingSecret"] = "db-creds"
    text = json.dumps(doc, indent=1)
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    assert configmap_messages("values.json", text, FAKE) == []
    assert time.perf_counter() - started < 10
