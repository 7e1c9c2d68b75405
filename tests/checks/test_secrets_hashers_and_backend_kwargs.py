"""disallow-plaintext-secrets: env names found in real workload manifests that describe how a
secret is handled, not the secret: Django's ``PASSWORD_HASHERS`` (the plural of ``hasher``, a list
of hasher classes) and ``PASSWORD_ENCODERS``; Airflow's ``AIRFLOW__SECRETS__BACKEND_KWARGS``, the
secrets backend's arguments, a JSON object judged as one (its ``token`` or ``secret_id`` set
there stays reported, as that setting). No message ever shows the value."""

from __future__ import annotations

import json

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"


def _env_pod(name: str, value: str) -> dict[str, object]:
    return pod([container(env=[{"name": name, "value": value}])])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PASSWORD_HASHERS", "django.contrib.auth.hashers.Argon2PasswordHasher"),
        ("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.PBKDF2PasswordHasher,django.contrib.auth.hashers.Argon2PasswordHasher"),
        ("PASSWORD_ENCODERS", "bcrypt,pbkdf2"),
        ("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps({"connections_prefix": "airflow/connections", "variables_prefix": "airflow/variables"})),
        ("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps({"connections_path": "connections", "url": "http://vault:8200", "auth_type": "kubernetes"})),
    ],
)  # fmt: skip
def test_a_name_saying_how_a_secret_is_handled_is_not_reported(name: str, value: str) -> None:
    assert findings(_env_pod(name, value), POLICY) == []


@pytest.mark.parametrize(
    ("setting", "kwargs"),
    [
        ("token", {"connections_path": "connections", "url": "http://vault:8200", "token": FAKE}),
        ("secret_id", {"url": "http://vault:8200", "auth_type": "approle", "role_id": "airflow", "secret_id": FAKE}),
    ],
)
def test_a_secret_among_the_backends_arguments_stays_reported_as_that_setting(setting: str, kwargs: dict[str, str]) -> None:
    decision = decide(_env_pod("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps(kwargs)))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'sets "{setting}" in plain text' in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize("name", ["PASSWORD_HASHERS_SALT", "HASHERS_PASSWORD", "AIRFLOW__SECRETS__BACKEND_KWARGS_TOKEN"])
def test_a_secret_named_after_those_words_stays_reported(name: str) -> None:
    decision = decide(_env_pod(name, FAKE))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert f'env var "{name}" sets a sensitive value in plain text' in message
    assert FAKE not in everything_shown(decision)


def test_password_hashers_in_a_configmaps_settings_are_not_reported_beside_a_secret() -> None:
    text = 'PASSWORD_HASHERS = [\n    "django.contrib.auth.hashers.Argon2PasswordHasher",\n]\nSECRET_KEY = "' + FAKE + '"\n'
    (message,) = configmap_messages("settings.py", text, FAKE)
    assert 'sets "SECRET_KEY" in plain text (line 4)' in message
