"""disallow-plaintext-secrets: Prometheus's ``http_headers`` (``http_headers:`` / ``  Authorization:`` /
``    values: [...]``, ``secrets: [...]``, on one line or an item a line) under a key named for
headers: a value is judged as a header's (the scheme is no credential), a ``secrets`` item, which
Prometheus itself keeps secret, is one when it is a literal; references, templates, ``files:``,
plain values of other headers and anti-forgery headers stay harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        (f'http_headers:\n  Authorization:\n    values: ["Token {FAKE}"]\n', "Authorization", 3),
        (f"http_headers:\n  X-Api-Key:\n    values:\n      - '{FAKE}'\n", "X-Api-Key", 4),
        (f"http_headers:\n  X-Honeycomb-Team:\n    values: [{FAKE}]  # team key\n", "X-Honeycomb-Team", 3),
        (f'http_headers:\n  X-Scope-OrgID:\n    secrets: ["{FAKE}"]\n', "X-Scope-OrgID", 3),
        (
            f"scrape_configs:\n  - job_name: fhir\n    http_headers:\n      X-Custom:\n        files: [/etc/x]\n        secrets:\n        - {FAKE}\n",
            "X-Custom",
            7,
        ),
        (f"http_headers:\n  X-Foo:\n    values:\n      - password: {FAKE}\n", "password", 4),  # an item not sent as one: read as before
    ],
)
def test_a_credential_in_a_header_block_is_reported(text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages("prometheus.yml", text, FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        'http_headers:\n  X-Scope-OrgID:\n    values: ["tenant1"]\n  Accept:\n    values:\n      - application/json\n',
        "http_headers:\n  Authorization:\n    files: [/etc/prometheus/token]\n",
        'http_headers:\n  Authorization:\n    values: ["Bearer ${TOKEN}", "Token {{ .Values.token }}"]\n',
        "http_headers:\n  Authorization:\n    secrets:\n      - ${TOKEN}\n      - Negotiate\n",
        "http_headers:\n  X-CSRF-Token:\n    values: [fetch]\n",
        "settings:\n  Authorization:\n    values: [Token x]\n",  # not under a key named for headers
    ],
)
def test_references_files_and_plain_headers_stay_harmless(text: str) -> None:
    assert configmap_messages("prometheus.yml", text, FAKE) == []
