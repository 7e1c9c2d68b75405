"""disallow-plaintext-secrets: Fluent Bit's classic config (``[OUTPUT]`` sections of indented ``Key
value`` lines): HTTP_Passwd, Passwd, http_passwd, AWS_Secret_Key-style keys with literal values are
reported, ``${ENV}`` references are not. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

_KEYS = ["HTTP_Passwd", "Passwd", "http_passwd", "AWS_Secret_Key", "AWS_Secret_Access_Key", "Splunk_Token", "tls.key_passwd"]


@pytest.mark.parametrize("key", _KEYS)
@pytest.mark.parametrize("separator", ["    ", "\t", " "])
def test_a_literal_under_a_secret_key_is_reported(key: str, separator: str) -> None:
    text = f"[SERVICE]\n    Flush 1\n\n[OUTPUT]\n    Name  es\n    Match *\n    {key}{separator}{FAKE}\n"
    (message,) = configmap_messages("fluent-bit.conf", text, FAKE)
    assert f'sets "{key}" in plain text (line 7)' in message, message


@pytest.mark.parametrize("key", _KEYS)
@pytest.mark.parametrize("value", ["${FLUENT_PASSWORD}", '"${FLUENT_PASSWORD}"', "${FLUENT_PASSWORD} # from the Secret"])
def test_an_environment_reference_is_not_reported(key: str, value: str) -> None:
    text = f"[OUTPUT]\n    Name  http\n    Match *\n    {key}  {value}\n"
    assert configmap_messages("fluent-bit.conf", text, FAKE) == []
