"""RabbitMQ's ``password_hash`` (definitions.json) is base64 of a 4-byte salt and a digest (MD5,
SHA-256 or SHA-512): a verifier, not the password. Another value there, or such a value under a
name that does not end in ``hash``, is still judged."""

from __future__ import annotations

import base64

import orjson
import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.setting_values import base64_digest_under_a_hash_name


def _salted(length: int) -> str:
    return base64.b64encode(bytes(range(7, 7 + length))).decode()


def _definitions(field: str, value: str) -> str:
    user = {"name": "orders", field: value, "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": []}
    return orjson.dumps({"users": [user]}, option=orjson.OPT_INDENT_2).decode()


@pytest.mark.parametrize("length", [4 + 16, 4 + 32, 4 + 64])
def test_a_salted_digest_is_fine(length: int) -> None:
    assert configmap_messages("definitions.json", _definitions("password_hash", _salted(length)), FAKE) == []


def test_a_password_under_password_hash_is_reported() -> None:
    (message,) = configmap_messages("definitions.json", _definitions("password_hash", FAKE), FAKE)
    assert "password_hash" in message


def test_the_same_value_under_password_is_reported() -> None:
    value = _salted(36)
    (message,) = configmap_messages("definitions.json", _definitions("password", value), value)
    assert "users[0].password" in message


@pytest.mark.parametrize(
    ("name", "value", "verifier"),
    [
        ("password_hash", _salted(36), True),
        ("passwordHash", _salted(68), True),
        ("password_hash", _salted(35), False),  # 48 characters, one padded: no salted digest
        ("password_hash", _salted(37), False),
        ("hash", _salted(36), False),  # the name alone says nothing of a password
        ("password", _salted(36), False),
    ],
)
def test_the_shape_and_the_name(name: str, value: str, verifier: bool) -> None:
    assert base64_digest_under_a_hash_name(name, value) is verifier
