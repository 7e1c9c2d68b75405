"""disallow-plaintext-secrets: an anti-forgery header (``X-CSRF-Token``, ``X-XSRF-Token``,
``CSRF-Token``) in a list of headers carries no credential, as an item (``- "X-CSRF-Token: fetch"``),
a name/value pair or an entry of a mapping of headers, as the same header under a key named for
headers is none (1.25.298); other headers there, and the same name outside a list of headers, are
judged as before. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    "text",
    [
        'headers:\n  - "X-CSRF-Token: fetch"\n',
        "headers:\n  - X-CSRF-Token: Fetch\n",
        "job:\n  headers:\n    - 'x-xsrf-token: fetch'\n    - \"Accept: application/json\"\n",
        "request_headers:\n  - name: X-CSRF-Token\n    value: fetch\n",
        "default_headers:\n  X-CSRF-Token: fetch\n  CSRF-Token: required\n",
    ],
)
def test_an_anti_forgery_header_in_a_list_of_headers_is_harmless(text: str) -> None:
    assert configmap_messages("client.yaml", text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        (f'headers:\n  - "X-CSRF-Token: fetch"\n  - "X-Auth-Token: {FAKE}"\n', "X-Auth-Token", 3),
        (f"headers:\n  - name: X-CSRF-Token\n    value: fetch\n  - name: Authorization\n    value: Token {FAKE}\n", "Authorization", 5),
        (f"items:\n  - \"X-CSRF-Token: {FAKE}\"\n", "X-CSRF-Token", 2),  # not a list of headers: judged by its name, as before (fetch there is a handshake: 1.25.331)
    ],
)
def test_other_headers_and_other_lists_are_judged_as_before(text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages("client.yaml", text, FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message
