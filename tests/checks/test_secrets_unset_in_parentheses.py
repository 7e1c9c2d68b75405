"""disallow-plaintext-secrets: ``(none)``, ``(null)``, ``(empty)`` or ``(unset)`` under a sensitive
name says there is no value (Flink's configuration reference lists defaults so, copied into
``flink-conf.yaml``): no finding, in a config file or an env value. Any other word in parentheses
is judged as written."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize("value", ["(none)", "(None)", "(null)", "(empty)", "(unset)", "( none )"])
def test_an_unset_marker_is_no_finding(value: str) -> None:
    text = f"security.ssl.internal.keystore-password: {value}\nkubernetes.secrets: {value}\n"
    assert configmap_messages("flink-conf.yaml", text, FAKE) == []
    decision = decide(pod([container(env=[{"name": "KEYSTORE_PASSWORD", "value": value}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("value", [f"({FAKE})", "(S3cr3tValue)", f"(none){FAKE}"])
def test_another_word_in_parentheses_is_reported(value: str) -> None:
    secret = FAKE if FAKE in value else value[1:-1]
    (message,) = configmap_messages("flink-conf.yaml", f"security.ssl.internal.keystore-password: {value}\n", secret)
    assert 'sets "security.ssl.internal.keystore-password" in plain text (line 1)' in message, message
    decision = decide(pod([container(env=[{"name": "KEYSTORE_PASSWORD", "value": value}])]))
    assert len([f for f in decision.findings if f.policy == POLICY]) == 1
    assert secret not in everything_shown(decision)
