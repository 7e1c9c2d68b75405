"""disallow-plaintext-secrets: an Envoy command operator (``%REQ(x-token)%``,
``%DYNAMIC_METADATA(...)%``, ``%ENVIRONMENT(X)%``) as the value of a header whose name is sensitive
itself (``- header: {key: x-api-key, value: "%REQ(x-token)%"}``, or over lines in either order) was
reported as a literal: only ``Authorization``-like headers had their operators known. Envoy fills the
value in when the header is sent (1.25.371). A literal under the same names stays reported; no
message shows it."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

OPERATORS = ("%REQ(x-token)%", "%DYNAMIC_METADATA(auth:token)%", "%ENVIRONMENT(API_KEY)%", "%UPSTREAM_REMOTE_ADDRESS%")


def _forms(value: str) -> list[str]:
    return [
        f'request_headers_to_add:\n- header: {{key: x-api-key, value: "{value}"}}\n',
        f'request_headers_to_add:\n  - header:\n      key: x-api-key\n      value: "{value}"\n',
        f'request_headers_to_add:\n  - header:\n      value: "{value}"\n      key: x-api-key\n',
        f'request_headers_to_add:\n  - header: {{value: "{value}", key: x-auth-token}}\n',
    ]


@pytest.mark.parametrize("text", [text for operator in OPERATORS for text in _forms(operator)])
def test_an_envoy_operator_under_a_sensitive_header_name_is_none(text: str) -> None:
    """Was reported, "sets "x-api-key" in plain text"."""
    assert configmap_messages("envoy.yaml", text, FAKE) == []


@pytest.mark.parametrize(("index", "setting", "line"), [(0, "header.x-api-key", 2), (1, "x-api-key", 4), (2, "x-api-key", 3), (3, "header.x-auth-token", 2)])
def test_a_literal_under_the_same_header_names_stays_reported(index: int, setting: str, line: int) -> None:
    (message,) = configmap_messages("envoy.yaml", _forms(FAKE)[index], FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


def test_an_operator_in_a_name_value_env_pair_is_still_judged() -> None:
    """Only a key:/value: pair (Envoy's header) takes the operator as one: an env list's name:/value:
    pair is judged as before, its value a literal."""
    text = 'env:\n  - name: API_KEY\n    value: "%REQ(x-token)%"\n'
    (message,) = configmap_messages("app.yaml", text, FAKE)
    assert 'sets "API_KEY" in plain text (line 3)' in message, message
