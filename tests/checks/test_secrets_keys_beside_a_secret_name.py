"""disallow-plaintext-secrets: a Helm chart's values naming a Secret and, beside it in the same
mapping, the key in it (``existingSecret: db-creds`` / ``secretKey: password``) were reported:
1.25.356 let ``secretKey: password`` pass only under a parent naming a Secret. A sibling
``existingSecret*``, ``*SecretName`` or ``secretName`` key now does the same for a ``*Key``
setting whose value has a Kubernetes key's shape (1.25.372), before or after it, in a block or on
one line. A key elsewhere, or a value of a credential's shape, stays reported; no message shows it."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    "text",
    [
        "auth:\n  existingSecret: db-creds\n  secretKey: password\n",
        "auth:\n  secretKey: password\n  existingSecret: db-creds\n",
        "existingSecret: db-creds\nsecretKey: password\n",
        "db:\n  secretName: db-creds\n  nested:\n    a: b\n  secretKey: db-password  # the Secret's key\n",
        "db:\n  - existingSecretName: db-creds\n    secretKey: password\n",
        "db:\n  - secretKey: password\n    # read from\n\n    minioSecretName: db-creds\n",
        "db: {existingSecret: db-creds, secretKey: password}\n",
        "db: [{secretKey: password, secretName: db-creds}]\n",
    ],
)
def test_a_key_beside_a_secret_name_is_that_secrets_key(text: str) -> None:
    """Was reported, "sets "secretKey" in plain text"."""
    assert configmap_messages("values.yaml", text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        ("s3:\n  secretKey: password\n", "secretKey", 2),
        ("auth:\n  existingSecret: db-creds\n  s3:\n    secretKey: password\n", "secretKey", 4),
        ("auth:\n  existingSecret: db-creds\nsecretKey: password\n", "secretKey", 3),
        ("db:\n  - existingSecret: db-creds\n  - secretKey: password\n", "secretKey", 3),
        ("existingSecret: db-creds\n---\nsecretKey: password\n", "secretKey", 3),
        (f"auth:\n  existingSecret: db-creds\n  secretKey: {FAKE}\n", "secretKey", 3),
        ("auth:\n  existingSecretPasswordKey: password\n  secretKey: password\n", "secretKey", 3),
        (f"db: {{secretName: db-creds, secretKey: {FAKE}}}\n", "db.secretKey", 1),
        ("db: [{secretName: a, secretKey: password}, {secretKey: password}]\n", "db.secretKey", 1),
    ],
)
def test_a_key_with_no_secret_named_beside_it_stays_reported(text: str, setting: str, line: int) -> None:
    """Another mapping, a list item of its own, another YAML document, a key (not the Secret) beside
    it, or a value of a credential's shape: a literal."""
    (message,) = configmap_messages("values.yaml", text, FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


def test_siblings_are_read_in_one_pass() -> None:
    """64 KiB of nested mappings and secret keys, a Secret named at the end: linear."""
    depth = "".join(f"{'  ' * (i % 200)}k{i}:\n" for i in range(600))
    text = "existingSecret: db-creds\n" + "secretKey: password\n" * 2000 + depth + "secretName: x\n"
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    assert configmap_messages("values.yaml", text, FAKE) == []
    assert time.perf_counter() - started < 10
