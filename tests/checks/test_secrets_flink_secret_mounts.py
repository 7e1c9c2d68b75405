"""disallow-plaintext-secrets: a setting whose name ends in ``secrets`` and lists Kubernetes Secrets
to mount, a Secret's name and an absolute path joined by ``:`` (Flink's ``kubernetes.secrets:
s3-creds:/opt/flink/secrets,tls:/etc/tls``), names secrets and where they go: none is written. A
literal of any other shape there is still reported."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("flink-conf.yaml", "kubernetes.secrets: s3-creds:/opt/flink/secrets\n"),
        ("flink-conf.yaml", "kubernetes.secrets: s3-creds:/opt/flink/secrets, tls.v2:/etc/flink/tls/\n"),
        ("config.yaml", "kubernetes:\n  secrets: s3-creds:/opt/flink/secrets\n"),
        ("flink.properties", "kubernetes.secrets=s3-creds:/opt/flink/secrets,tls:/etc/tls\n"),
        ("flink-conf.yaml", "kubernetes.secrets: '<jks-secret>:/opt/flink/tls-cert'\n"),
    ],
)
def test_secrets_to_mount_are_no_finding(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "value",
    [FAKE, f"admin:{FAKE}", "admin:/S3cr3tValue", f"s3-creds:/opt/flink/secrets,{FAKE}", f"{FAKE}:/opt/flink"],
)
def test_another_value_is_still_reported(value: str) -> None:
    (message,) = configmap_messages("flink-conf.yaml", f"kubernetes.secrets: {value}\n", FAKE)
    assert 'sets "kubernetes.secrets" in plain text (line 1)' in message, message


def test_a_long_value_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    configmap_messages("flink-conf.yaml", "kubernetes.secrets: " + "a-" * 30_000 + ":" + "/x" * 10_000 + "!\n", FAKE)
    assert time.perf_counter() - started < 2.0
