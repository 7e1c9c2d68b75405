"""disallow-plaintext-secrets: a sensitive name ending in ``protected`` says how a secret is
protected, it holds none: NiFi's ``nifi.security.keystorePasswd.protected=aes/gcm/256`` names the
scheme ``nifi.security.keystorePasswd``'s encrypted value is in. The password beside it is still
judged."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "line",
    [
        "nifi.security.keystorePasswd.protected=aes/gcm/256",
        "nifi.security.truststorePasswd.protected=aes/gcm/128",
        "nifi.security.user.oidc.client.secret.protected=aes/gcm/256",
        "password_protected: yes-with-scheme-v2",
    ],
)
def test_a_protection_marker_is_no_finding(line: str) -> None:
    assert configmap_messages("nifi.properties", f"nifi.web.https.port=8443\n{line}\n", FAKE) == []


def test_the_password_beside_its_marker_is_still_reported() -> None:
    text = f"nifi.security.keystorePasswd={FAKE}\nnifi.security.keystorePasswd.protected=aes/gcm/256\n"
    (message,) = configmap_messages("nifi.properties", text, FAKE)
    assert 'sets "nifi.security.keystorePasswd" in plain text (line 1)' in message, message


def test_a_protection_marker_in_an_env_var_is_no_finding() -> None:
    decision = decide(pod([container(env=[{"name": "KEYSTORE_PASSWORD_PROTECTED", "value": "aes/gcm/256"},
                                          {"name": "KEYSTORE_PASSWORD", "value": FAKE}])]))  # fmt: skip
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and '"KEYSTORE_PASSWORD"' in messages[0], messages
    assert FAKE not in everything_shown(decision)
