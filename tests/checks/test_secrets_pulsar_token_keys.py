"""disallow-plaintext-secrets: Pulsar's token keys. ``tokenSecretKey=data:;base64,...`` (the key
that signs tokens, inline) passed, the name read as a Secret's key (``api-token-secret-key``); and
``tokenPublicKey`` (the key that verifies them, public) was reported, inline or as a
``file:///...`` path, for the word token in its name."""

from __future__ import annotations

import base64
import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.names import name_is_sensitive
from webhook.checks.secrets.setting_values import inline_data_key

POLICY = "disallow-plaintext-secrets"
KEY = base64.b64encode(FAKE.encode()).decode()


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert FAKE not in everything_shown(decision) and KEY not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("value", [f"data:;base64,{KEY}", f"data:application/octet-stream;base64,{KEY}", f'"data:;base64,{KEY}"'])
def test_an_inline_token_secret_key_in_broker_conf_is_reported(value: str) -> None:
    """Was missed."""
    text = f"authenticationEnabled=true\ntokenSecretKey={value}\n"
    messages = configmap_messages("broker.conf", text, KEY)
    assert len(messages) == 1 and 'sets "tokenSecretKey"' in messages[0] and "(line 2)" in messages[0]


@pytest.mark.parametrize("name", ["tokenSecretKey", "PULSAR_PREFIX_tokenSecretKey"])
def test_an_inline_token_secret_key_in_env_is_reported(name: str) -> None:
    """Was missed."""
    messages = _env_messages(name, f"data:;base64,{KEY}")
    assert len(messages) == 1 and f'env var "{name}" sets a sensitive value' in messages[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("tokenSecretKey", "file:///pulsar/keys/secret.key"),
        ("PULSAR_PREFIX_tokenSecretKey", "file:///pulsar/keys/secret.key"),
        ("api-token-secret-key", "token"),  # Tekton: the key of a Secret that holds the token
        ("tokenSecretKey", "token"),
        ("tokenPublicKey", f"data:;base64,{KEY}"),
        ("PULSAR_PREFIX_tokenPublicKey", "file:///pulsar/keys/public.key"),
    ],
)
def test_paths_keys_of_secrets_and_public_keys_are_not_reported(name: str, value: str) -> None:
    assert _env_messages(name, value) == []


@pytest.mark.parametrize("text", [f"tokenPublicKey=data:;base64,{KEY}\n", "tokenPublicKey=file:///pulsar/keys/public.key\n",
                                  "tokenSecretKey=file:///pulsar/keys/secret.key\n"])  # fmt: skip
def test_public_keys_and_a_secret_keys_path_in_broker_conf_are_not_reported(text: str) -> None:
    """tokenPublicKey was reported."""
    assert configmap_messages("broker.conf", text, KEY) == []


@pytest.mark.parametrize("name", ["tokenPublicKey", "JWT_PUBLIC_KEY", "token_pubkey", "API_TOKEN_PUBLIC_KEYS"])
def test_names_ending_in_public_key_describe_no_secret(name: str) -> None:
    assert not name_is_sensitive(name)


@pytest.mark.parametrize("name", ["PUBLIC_KEY_PASSWORD", "tokenPrivateKey", "PUBLIC_TOKEN"])
def test_other_names_stay_sensitive(name: str) -> None:
    assert name_is_sensitive(name)


def test_a_private_key_under_a_public_keys_name_is_still_reported_by_its_shape() -> None:
    messages = _env_messages("tokenPublicKey", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n")
    assert len(messages) == 1 and "PEM private key" in messages[0]


@pytest.mark.parametrize("value", ["data:" + ";a" * 32768, "data:" + "a" * 65536, "data:;base64," + "A" * 65536 + "!"])
def test_the_data_url_is_read_in_linear_time(value: str) -> None:
    started = time.perf_counter()
    assert not inline_data_key(value)
    assert time.perf_counter() - started < 0.5
