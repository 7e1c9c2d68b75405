"""disallow-plaintext-secrets: a name ending in ``key`` set to the data key of a typed Secret
(``passwordKey: .dockerconfigjson``, ``.dockercfg``, ``tls.key``, ``tls.crt``, ``ca.crt``,
``ssh-privatekey``) names where a credential is read from; so does a key's shape after one dot
(``passwordKey: .htpasswd``). Both were reported as a password in plain text: a leading dot is no
Kubernetes name's shape. A literal there, dotted or not, stays reported; no message shows it."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod, script_pod

POLICY = "disallow-plaintext-secrets"
TYPED_KEYS = [".dockerconfigjson", ".dockercfg", "tls.key", "tls.crt", "ca.crt", "ssh-privatekey"]


def _policy_findings(obj: dict[str, object]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("key", TYPED_KEYS)
@pytest.mark.parametrize("name", ["passwordKey", "adminPasswordKey", "secretKey", "privateKeyKey", "tokenKey"])
def test_a_typed_secrets_key_under_a_key_name_is_harmless(name: str, key: str) -> None:
    """``.dockerconfigjson`` under ``passwordKey`` was reported; ``tls.key`` under a ``secretKey``
    with no Secret named beside it too."""
    assert configmap_messages("values.yaml", f"registry:\n  {name}: {key}\n", FAKE) == []
    assert configmap_messages("values.yaml", f'registry:\n  {name}: "{key}"\n', FAKE) == []
    assert configmap_messages("config.json", f'{{"registry": {{"{name}": "{key}"}}}}', FAKE) == []


@pytest.mark.parametrize("key", [".dockerconfigjson", ".dockercfg", ".htpasswd", ".env"])
def test_a_dotted_key_beside_its_secret_or_in_env_is_harmless(key: str) -> None:
    text = f"auth:\n  existingSecret: regcred\n  passwordKey: {key}\n  tokenKey: {key}\n"
    assert configmap_messages("values.yaml", text, FAKE) == []
    assert _policy_findings(pod([container(env=[{"name": "REGISTRY_PASSWORD_KEY", "value": key}])])) == []
    assert _policy_findings(configmap({"REGISTRY_PASSWORD_KEY": key})) == []
    assert _policy_findings(script_pod(f"helm upgrade --install app ./chart --set auth.passwordKey={key}")) == []


@pytest.mark.parametrize("secret", [f".{FAKE}", FAKE, ".Zq7fake-pw9!", ".s3cr3tPa55"])
def test_a_literal_under_a_password_key_stays_reported(secret: str) -> None:
    text = f"auth:\n  existingSecret: regcred\n  passwordKey: {secret}\n"
    messages = configmap_messages("values.yaml", text, secret)
    assert messages == [
        'ConfigMap "config" key "values.yaml" sets "passwordKey" in plain text (line 3). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]
    decision = decide(pod([container(env=[{"name": "REGISTRY_PASSWORD_KEY", "value": secret}])]))
    assert secret not in everything_shown(decision)
    assert len([f for f in decision.findings if f.policy == POLICY]) == 1


def test_a_typed_key_is_whole_not_a_prefix() -> None:
    """Only the typed keys themselves: ``tls.key`` with a literal after it is judged as before."""
    assert configmap_messages("values.yaml", f"s3:\n  secretKey: tls.key{FAKE}\n", FAKE) != []
    assert configmap_messages("values.yaml", f"s3:\n  secretKey: {FAKE}\n", FAKE) != []


def test_a_long_dotted_value_is_read_in_linear_time() -> None:
    value = "." + "ab-" * 21845 + "x"
    started = time.perf_counter()
    configmap_messages("values.yaml", f"passwordKey: {value}\n", FAKE)
    assert time.perf_counter() - started < 2
