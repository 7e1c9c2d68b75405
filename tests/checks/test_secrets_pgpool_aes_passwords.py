"""disallow-plaintext-secrets: pgpool-II writes the passwords of pgpool.conf (``sr_check_password``,
``health_check_password``, ``recovery_password``...) AES-256 encrypted by ``pg_enc``, as ``AES``
then the base64 of whole AES blocks, decrypted with a key kept in ``.pgpoolkey``: a ciphertext, as
Jasypt's ``ENC(...)`` is. They were reported as passwords in plain text, and so was the stock
``pool_passwd = 'pool_passwd'``, the name of its password file."""

from __future__ import annotations

import base64
import time

import pytest
from check_helpers import FAKE, configmap_messages, container, findings, pod

POLICY = "disallow-plaintext-secrets"


def _aes(size: int) -> str:
    return "AES" + base64.b64encode(bytes((7 * i + 3) % 256 for i in range(size))).decode()


@pytest.mark.parametrize("size", [16, 32, 48, 64, 80, 96])
def test_an_aes_encrypted_pgpool_password_is_none(size: int) -> None:
    """Was reported: sets "sr_check_password" in plain text."""
    text = f"sr_check_user = 'repmgr'\nsr_check_password = '{_aes(size)}'\nhealth_check_password = {_aes(size)}\n"
    assert configmap_messages("pgpool.conf", text, FAKE) == []


def test_an_env_value_with_an_aes_encrypted_password_is_none() -> None:
    env = [{"name": "PGPOOL_SR_CHECK_PASSWORD", "value": _aes(32)}]
    assert findings(pod([container(env=env)]), POLICY) == []


@pytest.mark.parametrize(
    "password",
    [
        f"TEXT{FAKE}",  # pgpool's prefix for plain text
        "AES" + FAKE,
        "AES" + base64.b64encode(b"FAKE-not-a-real-pw").decode(),  # 18 bytes: no whole AES blocks
        "AESthetic2024",
    ],
)
def test_a_password_that_is_no_aes_ciphertext_stays_reported(password: str) -> None:
    messages = configmap_messages("pgpool.conf", f"sr_check_user = 'repmgr'\nsr_check_password = '{password}'\n", password)
    assert len(messages) == 1 and 'sets "sr_check_password"' in messages[0]


def test_a_long_run_of_base64_stays_linear() -> None:
    text = "sr_check_password = AES" + "A" * 65536 + "=\n"
    started = time.perf_counter()
    configmap_messages("pgpool.conf", text, FAKE)
    assert time.perf_counter() - started < 2.0


def test_the_pool_passwd_setting_names_a_file() -> None:
    """Was reported: sets "pool_passwd" in plain text (the stock pgpool.conf's value)."""
    text = "enable_pool_hba = on\npool_passwd = 'pool_passwd'\nallow_clear_text_frontend_auth = off\n"
    assert configmap_messages("pgpool.conf", text, FAKE) == []


@pytest.mark.parametrize("name", ["db_pool_passwd", "pgpool_passwd", "pool_password"])
def test_other_names_with_pool_and_passwd_stay_sensitive(name: str) -> None:
    messages = configmap_messages("pgpool.conf", f"pool_passwd = 'pool_passwd'\n{name} = '{FAKE}'\n", FAKE)
    assert len(messages) == 1 and f'sets "{name}"' in messages[0]
