"""disallow-plaintext-secrets: the items of a YAML list under a key named for headers (``headers:`` /
``  - "Authorization: Token ..."``, and ``- name: Authorization`` / ``  value: Token ...`` pairs) are
judged as whole headers, as a scalar under such a key is (1.25.298); references, templates, header
names alone and lists under other keys stay harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        (f'headers:\n  - "Authorization: Token {FAKE}"\n', "headers", 2),
        (f"headers:\n  - 'Authorization: Token {FAKE}'\n", "headers", 2),
        (f"http_headers:\n  - Authorization: {FAKE}\n", "http_headers", 2),
        # named for its header since x-honeycomb-team is a sensitive name (1.25.450)
        (f'extraHeaders:\n- "X-Honeycomb-Team: {FAKE}" # team key\n', "X-Honeycomb-Team", 2),
        (f'job:\n  headers:\n    - "Accept: text/plain"\n    - "Proxy-Authorization: Basic {FAKE}"\n', "headers", 4),
        (f"headers:\n  - name: Authorization\n    value: Token {FAKE}\n", "Authorization", 3),
        (f"request_headers:\n  - name: x-honeycomb-team\n    value: '{FAKE}'\n", "x-honeycomb-team", 3),
        (f"request_headers_to_add:\n  - header:\n      key: Authorization\n      value: Token {FAKE}\n", "Authorization", 4),
    ],
)
def test_a_header_in_a_list_of_headers_is_reported(text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages("exporter.yaml", text, FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        'headers:\n  - "Authorization: Bearer ${TOKEN}"\n  - "Authorization: Token {{ .Values.token }}"\n',
        'headers:\n  - "Authorization: Token $TOKEN" # set by the pod\n',
        'headers:\n  - "Authorization: Negotiate"\n  - "Accept: application/json"\n',
        "allowedHeaders:\n  - Authorization\n  - X-Honeycomb-Team\n",
        "headers:\n  - name: Authorization\n    value: Token ${TOKEN}\n  - name: Authorization\n    value: \"{{ .Values.auth }}\"\n",
        'request_headers_to_add:\n  - header:\n      key: Authorization\n      value: "Token %REQ(x-token)%"\n',
        "headers:\n  - name: Content-Type\n    value: application/json\n",
        "features:\n  - name: authorization\n    value: enabled\n",  # a list not of headers
        f'items:\n  - "Authorization: Token {FAKE}"\n'.replace(FAKE, "x"),
    ],
)
def test_references_names_and_other_lists_stay_harmless(text: str) -> None:
    assert configmap_messages("exporter.yaml", text, FAKE) == []


def test_a_header_list_item_after_another_list_is_judged_by_its_own_key() -> None:
    text = f'headers:\n  - "Accept: x"\nitems:\n  - "Authorization: Token {FAKE}"\n'
    assert configmap_messages("exporter.yaml", text, FAKE) == []
