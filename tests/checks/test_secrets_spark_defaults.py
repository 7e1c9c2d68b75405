"""disallow-plaintext-secrets: Spark's ``spark-defaults.conf`` sets each property as ``spark.name
value``, the two apart by blanks (no ``=``): a secret under a sensitive name there is reported like
any setting's, in a ConfigMap entry under any name; references, file paths, the names of the
Kubernetes Secrets Spark reads (``secretKeyRef``, ``secrets``) and sentences are none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

KEY = "spark-defaults.conf"


@pytest.mark.parametrize(
    "name",
    ["spark.hadoop.fs.s3a.secret.key", "spark.ssl.keyStorePassword", "spark.authenticate.secret", "spark.sql.catalog.rest.token"],
)
@pytest.mark.parametrize("blanks", [" ", "\t", "        "])
def test_a_space_separated_secret_is_reported(name: str, blanks: str) -> None:
    text = f"spark.master  local[*]\n{name}{blanks}{FAKE}\nspark.eventLog.enabled  true\n"
    (message,) = configmap_messages(KEY, text, FAKE)
    assert message.startswith(f'ConfigMap "config" key "{KEY}" sets "{name}" in plain text (line 2)'), message


def test_each_secret_is_its_own_finding_under_any_key() -> None:
    text = f"spark.ssl.keyStorePassword {FAKE}\nspark.ssl.trustStorePassword {FAKE}\n"
    messages = configmap_messages("spark.conf", text, FAKE)
    assert ['"spark.ssl.keyStorePassword"' in messages[0], '"spark.ssl.trustStorePassword"' in messages[1]] == [True, True], messages


@pytest.mark.parametrize(
    "line",
    [
        "spark.hadoop.fs.s3a.secret.key  ${AWS_SECRET_KEY}",
        "spark.hadoop.fs.s3a.secret.key  {{ .Values.s3.secretKey }}",
        "spark.ssl.keyStorePassword  <keystore-password>",
        "spark.authenticate.secret.file  /etc/spark/auth/secret",
        "spark.kubernetes.driver.secretKeyRef.DB_PASSWORD  trial-db-creds:password",
        "spark.kubernetes.executor.secrets.trial-db-creds  /etc/secrets",
        "spark.authenticate.secret is required when spark.authenticate is true",
        f"# spark.authenticate.secret  {FAKE}",
        "spark.authenticate.secret",
    ],
)
def test_references_secret_names_and_sentences_are_none(line: str) -> None:
    assert configmap_messages(KEY, f"spark.master  local[*]\n{line}\n", FAKE) == []


def test_a_long_line_is_read_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    configmap_messages(KEY, "spark." + "a." * 32_000 + " x\nspark.password " + "\t" * 65_000 + "x\n", FAKE)
    assert time.perf_counter() - started < 2.0
