"""disallow-plaintext-secrets: a chart's ``existingSecret:`` written as a mapping naming the Secret
and the keys in it (MLflow's ``existingSecret: {name: mlflow-s3, keyOfAccessKeyId: AWS_ACCESS_KEY_ID,
keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY}``) was reported: a key named in an env var's shape
(a Secret made from an env file) was no Kubernetes key's shape, and on one line or in JSON a parent
naming a Secret made no key of it. Such a child now names a key of that Secret, in a block, on one
line or in JSON; a secret-shaped literal there, or the same key under no Secret, stays reported,
and no message shows it. Bitnami's ``auth.existingSecret`` / ``secretKeys.adminPasswordKey`` passes
as before."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

KEYS = "keyOfAccessKeyId: AWS_ACCESS_KEY_ID, keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY"


@pytest.mark.parametrize(
    "key, text",
    [
        ("values.yaml", "s3:\n  existingSecret:\n    name: mlflow-s3\n    keyOfAccessKeyId: AWS_ACCESS_KEY_ID\n    keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY\n"),
        ("values.yaml", f"s3:\n  existingSecret: {{name: mlflow-s3, {KEYS}}}\n"),
        ("values.yaml", "existingSecret: {name: db, secretKey: password}\n"),
        ("values.yaml", "s3:\n  existingSecret: db\n  keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY\n"),
        ("values.json", '{"s3": {"existingSecret": {"name": "mlflow-s3", "keyOfSecretAccessKey": "AWS_SECRET_ACCESS_KEY"}}}'),
        ("values.json", '{\n  "existingSecret": {\n    "name": "db",\n    "secretKey": "password"\n  }\n}\n'),
        ("values.yaml", "auth:\n  existingSecret: pg-creds\n  secretKeys:\n    adminPasswordKey: admin-password\n    userPasswordKey: user-password\n"),
        ("values.yaml", "global:\n  postgresql:\n    auth:\n      existingSecret: pg\n      secretKeys:\n        userPasswordKey: user-password\n"),
        ("values.json", '{"auth": {"existingSecret": "pg", "secretKeys": {"adminPasswordKey": "admin-password"}}}'),
    ],
)  # fmt: skip
def test_the_keys_of_an_existing_secret_are_no_credentials(key: str, text: str) -> None:
    """Was reported, 'sets "existingSecret.keyOfSecretAccessKey" in plain text'."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "key, text, setting",
    [
        ("values.yaml", f"s3:\n  existingSecret:\n    name: mlflow-s3\n    keyOfSecretAccessKey: {FAKE}\n", '"keyOfSecretAccessKey" in plain text (line 4)'),
        ("values.yaml", f"s3:\n  existingSecret: {{name: mlflow-s3, keyOfSecretAccessKey: {FAKE}}}\n", '"existingSecret.keyOfSecretAccessKey" in plain text (line 2)'),
        ("values.yaml", "s3:\n  existingSecret: {name: s3, password: password}\n", '"existingSecret.password" in plain text (line 2)'),
        ("values.yaml", "s3: {bucket: b, keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY}\n", '"s3.keyOfSecretAccessKey" in plain text'),
        ("values.yaml", "s3:\n  secretKey: AWS_SECRET_ACCESS_KEY\n", '"secretKey" in plain text (line 2)'),
        ("values.json", f'{{"existingSecret": {{"name": "s3", "keyOfSecretAccessKey": "{FAKE}"}}}}', '"existingSecret.keyOfSecretAccessKey" in plain text'),
        ("values.json", '{"existingSecret": {"name": "s3", "tls": {"secretKey": "password"}}}', '"existingSecret.tls.secretKey" in plain text'),
        ("values.json", '{"s3": {"secretKey": "password"}}', '"s3.secretKey" in plain text'),
        ("values.yaml", f"auth:\n  existingSecret: pg-creds\n  secretKeys:\n    adminPassword: {FAKE}\n", '"adminPassword" in plain text (line 4)'),
    ],
)  # fmt: skip
def test_a_literal_there_or_a_key_under_no_secret_stays_reported(key: str, text: str, setting: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f"sets {setting}" in message, message


def test_a_long_mapping_on_one_line_is_read_in_linear_time() -> None:
    text = "existingSecret: {name: s3, " + "keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY, " * 1500 + "x: " + " " * 9000 + "y}\n"
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    assert configmap_messages("values.yaml", text, FAKE) == []
    assert time.perf_counter() - started < 10
