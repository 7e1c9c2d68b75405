"""disallow-plaintext-secrets: hex of a digest's length under a name ending in a digest's
(``ADMIN_PASSWORD_SHA256``, ``PASSWORD_HASH``) in a container's env value or a ConfigMap key (an
env var through envFrom) is a digest, no password, as in a config file (``hex_digest_under_a_digest_name``);
a key in hex (``ENCRYPTION_KEY_HEX``) or any other value under a digest's name stays reported. No
message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod

HEX64 = "9f3c1a7e5b2d4c6f8a0e1b3d5f7a9c2e4b6d8f0a1c3e5a7b9d2f4e6a8c0b1d3e"
POLICY = "disallow-plaintext-secrets"


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert value not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_PASSWORD_SHA256", HEX64),
        ("PASSWORD_HASH", HEX64[:40]),
        ("DB_PASSWORD_MD5", HEX64[:32].upper()),
        ("ADMIN_PASSWORD_SHA512", HEX64 * 2),
        ("PASSWORD_SHA256_HEX", HEX64),
        ("ROOT_PASSWORD_DIGEST", HEX64),
    ],
)
def test_a_hex_digest_under_a_digest_name_is_harmless(name: str, value: str) -> None:
    assert _env_messages(name, value) == []
    assert configmap_messages(name, value, value) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ENCRYPTION_KEY_HEX", HEX64),  # a key in hex
        ("SIGNING_SECRET_HEX", HEX64),
        ("PASSWORD_HASH", FAKE),  # no hex digest
        ("PASSWORD_HASH", HEX64[:36]),  # no digest's length
        ("ADMIN_PASSWORD", HEX64),  # no digest's name
    ],
)
def test_a_key_in_hex_or_another_value_stays_reported(name: str, value: str) -> None:
    (said,) = _env_messages(name, value)
    assert f'env var "{name}" sets a sensitive value in plain text' in said, said
    (said,) = configmap_messages(name, value, value)
    assert said.startswith(f'ConfigMap "config" key "{name}"'), said


def test_a_dotenv_line_agrees() -> None:
    text = f"ADMIN_PASSWORD_SHA256={HEX64}\nPASSWORD_HASH={HEX64[:40]}\n"
    assert configmap_messages(".env", text, HEX64[:32]) == []
    (said,) = configmap_messages(".env", f"ENCRYPTION_KEY_HEX={HEX64}\n", HEX64)
    assert 'sets "ENCRYPTION_KEY_HEX" in plain text (line 1)' in said, said


def test_envfrom_configmap_with_a_digest_beside_a_password_reports_the_password_only() -> None:
    decision = decide(configmap({"ADMIN_PASSWORD_SHA256": HEX64, "ADMIN_PASSWORD": FAKE}))
    shown = everything_shown(decision)
    assert FAKE not in shown and HEX64 not in shown
    (said,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'key "ADMIN_PASSWORD"' in said, said
