"""disallow-plaintext-secrets: ``KEYCLOAK_CLIENT_SECRET_KEY=client-secret`` (an env value, a ``.env``
file, a script) names the key in a Secret the client secret is kept under, yet was reported: a
``*_SECRET_KEY`` name was taken as a secret key whatever its value. A name ending in ``secret``
then ``key`` after other words, set to its own words before ``key`` (two to four credential words,
no digit), now names that key (1.25.375). ``SECRET_KEY`` and ``AWS_SECRET_ACCESS_KEY`` are keys
themselves, and a value of another shape under such a name stays reported; no message shows it."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, script_pod

POLICY = "disallow-plaintext-secrets"


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert value not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _script_messages(script: str, value: str) -> list[str]:
    decision = decide(script_pod(script))
    assert value not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KEYCLOAK_CLIENT_SECRET_KEY", "client-secret"),
        ("OIDC_CLIENT_SECRET_KEY", "client_secret"),
        ("KEYCLOAK_OAUTH_CLIENT_SECRET_KEY", "oauth-client-secret"),
        ("GATEWAY_API_SECRET_KEY", "api-secret"),
    ],
)
def test_a_secret_key_named_by_its_own_words_names_a_key(name: str, value: str) -> None:
    """Was reported, "env var ... sets a sensitive value in plain text"."""
    assert _env_messages(name, value) == []
    assert configmap_messages(".env", f'{name}="{value}"\n', value) == []
    assert _script_messages(f"export {name}={value}\nexec /app/server\n", value) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "client-secret"),  # Django's and Flask's key itself
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENG" + "bPxRfiCYFAKEKEY12345"),
        ("SECRET_KEY", "django-insecure-" + FAKE),
        ("APP_SECRET_KEY", "app-secret"),  # app is no credential's word
        ("APP_SECRET_KEY", "secret-key"),  # not the name's words before key
        ("KEYCLOAK_CLIENT_SECRET_KEY", "client-secret1"),
        ("KEYCLOAK_CLIENT_SECRET_KEY", "Client-Secret"),
        ("KEYCLOAK_CLIENT_SECRET_KEY", "my-client-secret"),
        ("KEYCLOAK_CLIENT_SECRET_KEY", FAKE),
        ("API_KEY", "client-secret"),
    ],
)
def test_a_secret_key_of_another_shape_stays_reported(name: str, value: str) -> None:
    (message,) = _env_messages(name, value)
    assert f'env var "{name}" sets a sensitive value in plain text' in message, message
    (message,) = configmap_messages(".env", f"{name}={value}\n", value)
    assert f'sets "{name}" in plain text (line 1)' in message, message
    (message,) = _script_messages(f"export {name}={value}\nexec /app/server\n", value)
    assert f'sets "{name}" in plain text' in message, message


def test_a_helm_value_named_so_names_a_key_too() -> None:
    """The same name in camelCase in a chart's values (``oidcClientSecretKey``), also in JSON."""
    assert configmap_messages("values.yaml", "keycloak:\n  oidcClientSecretKey: client-secret\n", FAKE) == []
    assert configmap_messages("values.json", '{"keycloak": {"oidcClientSecretKey": "client-secret"}}', FAKE) == []
    (message,) = configmap_messages("values.yaml", "keycloak:\n  oidcClientSecretKey: app-secret\n", "app-secret")
    assert 'sets "oidcClientSecretKey" in plain text (line 2)' in message, message
