"""disallow-plaintext-secrets: NiFi's ``nifi.sensitive.props.key`` (``NIFI_SENSITIVE_PROPS_KEY`` in
its image) is the key every sensitive property of its flows is encrypted with: a literal there is a
secret in plain text. Empty, a reference, or the other ``nifi.sensitive.props.*`` settings (its
algorithm, its additional keys' names, ``.protected``) hold none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


def test_the_key_in_nifi_properties_is_reported() -> None:
    text = f"nifi.sensitive.props.algorithm=NIFI_PBKDF2_AES_GCM_256\nnifi.sensitive.props.key={FAKE}\n"
    (message,) = configmap_messages("nifi.properties", text, FAKE)
    assert 'sets "nifi.sensitive.props.key" in plain text (line 2)' in message, message


@pytest.mark.parametrize(("name", "value"), [("NIFI_SENSITIVE_PROPS_KEY", FAKE), ("nifiSensitivePropsKey", FAKE)])
def test_the_key_in_env_is_reported(name: str, value: str) -> None:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and f'env var "{name}"' in messages[0], messages
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "line",
    [
        "nifi.sensitive.props.key=",
        "nifi.sensitive.props.key=${NIFI_SENSITIVE_PROPS_KEY}",
        "nifi.sensitive.props.key.protected=aes/gcm/256",
        "nifi.sensitive.props.algorithm=NIFI_PBKDF2_AES_GCM_256",
        "nifi.sensitive.props.additional.keys=nifi.ldap.password",
        "nifi.sensitive.props.key.file=/opt/nifi/secrets/props.key",
    ],
)
def test_no_key_is_no_finding(line: str) -> None:
    assert configmap_messages("nifi.properties", f"nifi.web.https.port=8443\n{line}\n", FAKE) == []
