"""disallow-plaintext-secrets: ``secretKey: password`` under a parent that names a Kubernetes Secret
(``existingSecret:`` / ``  name: db-creds`` / ``  secretKey: password``) names the key in that
Secret, no credential. Anywhere else ``secretKey: password`` (an S3 or MinIO secret key set to the
word password) is deployable as it is and stays reported; no message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    "text",
    [
        "auth:\n  existingSecret:\n    name: db-creds\n    secretKey: password\n",
        "postgresql:\n  passwordSecretRef:\n    name: trial-db\n    secretKey: db-password\n",
        "minio:\n  existingSecret:\n    name: minio-creds\n    accessKeyKey: access-key\n    secretKeyKey: secret-key\n",
    ],
)
def test_the_key_of_a_named_secret_is_no_credential(text: str) -> None:
    """Was reported as a secret key set in plain text."""
    assert configmap_messages("values.yaml", text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("s3:\n  bucket: trial-exports\n  secretKey: password\n", 3),  # deployable as it is
        ("auth:\n  existingSecret: db-creds\n  s3:\n    secretKey: password\n", 4),  # a Secret named a mapping above: no key of it (a sibling's is, 1.25.372)
        (f"auth:\n  existingSecret:\n    name: db-creds\n    secretKey: {FAKE}\n", 4),  # no key's shape
        ("auth:\n  existingSecret:\n    name: db-creds\n    secretKey: Zq7fake-pw9\n", 4),
        ("auth:\n  existingSecret:\n    name: db-creds\n    password: password\n", 4),  # no key's name
    ],
)
def test_a_secret_key_set_elsewhere_or_to_a_secret_stays_reported(text: str, line: int) -> None:
    (message,) = configmap_messages("values.yaml", text, FAKE)
    assert f"in plain text (line {line})." in message, message
