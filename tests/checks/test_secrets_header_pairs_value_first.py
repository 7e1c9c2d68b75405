"""disallow-plaintext-secrets: a name/value header pair in a list of headers written value first
(``headers:`` / ``  - value: Token ...`` / ``    name: Authorization``) had its value judged as any
literal, not as a header's as the same pair name first is (1.25.316), so a reference or template
after the scheme, ``Negotiate`` and an Envoy command operator were reported; and a comment after a
reference made it a literal in either order. A literal credential stays reported at the value's
line; no message shows it."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("text", "header", "line"),
    [
        (f"headers:\n  - value: Token {FAKE}\n    name: Authorization\n", "Authorization", 2),
        (f"headers:\n  - value: {FAKE}\n    name: X-Api-Key\n  - value: json\n    name: Accept\n", "X-Api-Key", 2),
        (f"http_headers:\n  - value: Basic {FAKE}  # the proxy's\n    name: Proxy-Authorization\n", "Proxy-Authorization", 2),
        (f"request_headers:\n  - value: '{FAKE}'\n    name: x-honeycomb-team\n", "x-honeycomb-team", 2),
        (f"headers:\n  - name: Authorization\n    value: Token {FAKE} # the key\n", "Authorization", 3),
    ],
)
def test_a_literal_credential_in_a_header_pair_is_reported_in_either_order(text: str, header: str, line: int) -> None:
    (message,) = configmap_messages("exporter.yaml", text, FAKE)
    assert f'sets "{header}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        "headers:\n  - value: Token ${TOKEN}\n    name: Authorization\n",
        'headers:\n  - value: "Bearer {{ .Values.token }}"\n    name: Authorization\n',
        "headers:\n  - value: Negotiate\n    name: Authorization\n",
        'request_headers:\n  - value: "Token %REQ(x-token)%"\n    name: Authorization\n',
        "headers:\n  - value: Token $TOKEN  # set by the pod\n    name: Authorization\n",
        "headers:\n  - name: Authorization\n    value: Token $TOKEN  # set by the pod\n",
        "headers:\n  - value: fetch\n    name: X-CSRF-Token\n",
    ],
)
def test_references_schemes_alone_and_operators_written_value_first_are_none(text: str) -> None:
    """Were reported (a comment after a reference, name first too)."""
    assert configmap_messages("exporter.yaml", text, FAKE) == []
