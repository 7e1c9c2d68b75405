"""disallow-plaintext-secrets: a name ending in password then key (Helm values' ``passwordKey``,
``adminPasswordKey``, ``ADMIN_PASSWORD_KEY``) names the key in a Secret the password is kept under,
and was never judged, so ``adminPasswordKey: <a password>`` passed. Now the value says: a
Kubernetes key's shape, an env var's name, a key in camel case or a .NET configuration key stays
harmless (``admin-password``, ``PASSWORD``, ``db.password``, ``adminPassword``, ``Db:Password``), a
random-looking literal or one mixing digits or symbols into words is reported, and no message shows it."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"
LITERALS = [FAKE, "Zq7fake-pw9!", "s3cr3tPa55", "a8f5f167f44f4964e6c998dee827110c"]
KEY_NAMES = ["admin-password", "password", "PASSWORD", "db.password", "REDIS_PASSWORD", "adminPassword", "Db:Password", "user1-password"]


@pytest.mark.parametrize("secret", LITERALS)
def test_a_literal_under_a_password_key_is_reported(secret: str) -> None:
    """Passed before: the name was no secret's."""
    text = f"auth:\n  existingSecret: db\n  secretKeys:\n    adminPasswordKey: {secret}\n"
    assert configmap_messages("values.yaml", text, secret) == [
        'ConfigMap "config" key "values.yaml" sets "adminPasswordKey" in plain text (line 4). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]
    json = f'{{"passwordKey": "{secret}"}}'
    assert len(configmap_messages("config.json", json, secret)) == 1
    decision = decide(pod([container(env=[{"name": "ADMIN_PASSWORD_KEY", "value": secret}])]))
    assert secret not in everything_shown(decision)
    assert [f.message for f in decision.findings if f.policy == POLICY] == [
        'container "app" env var "ADMIN_PASSWORD_KEY" sets a sensitive value in plain text. '
        "Fix: move the value into a Secret and reference it with valueFrom.secretKeyRef."
    ]
    decision = decide(configmap({"rootPasswordKey": secret}))
    assert secret not in everything_shown(decision)
    assert [f.policy for f in decision.findings] == [POLICY]


@pytest.mark.parametrize("key_name", KEY_NAMES)
def test_a_keys_name_under_a_password_key_is_harmless(key_name: str) -> None:
    text = f"auth:\n  secretKeys:\n    adminPasswordKey: {key_name}\n    passwordKey: \"{key_name}\"\n"
    assert configmap_messages("values.yaml", text, FAKE) == []
    assert configmap_messages("config.json", f'{{"passwordKey": "{key_name}"}}', FAKE) == []
    assert [f for f in decide(configmap({"ADMIN_PASSWORD_KEY": key_name})).findings if f.policy == POLICY] == []
    env = pod([container(env=[{"name": "ADMIN_PASSWORD_KEY", "value": key_name}])])
    assert [f for f in decide(env).findings if f.policy == POLICY] == []


def test_a_csharp_configuration_key_is_harmless_and_a_literal_is_not() -> None:
    assert configmap_messages("Program.cs", 'public const string PasswordKey = "Db:Password";\n', FAKE) == []
    assert configmap_messages("Program.cs", 'public string PasswordKey => "Db:Password";\n', FAKE) == []
    assert configmap_messages("Program.cs", f'public const string PasswordKey = "{FAKE}";\n', FAKE) != []


def test_a_long_value_under_a_password_key_is_read_in_linear_time() -> None:
    value = "Ab" * 32768 + ":" + "a" * 100
    started = time.perf_counter()
    assert configmap_messages("values.yaml", f"passwordKey: {value}\n", FAKE) != []
    assert time.perf_counter() - started < 2
