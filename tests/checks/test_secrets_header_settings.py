"""disallow-plaintext-secrets: a whole HTTP header with a credential under a config key ending with
the word header or headers (``auth_headers: "Authorization: Bearer ..."``) is judged as ``curl -H``'s
header is (``credential_header_name``); references, templates and a header's name alone stay
harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import configmap_messages

SHORT = "FAKE-tok-7"  # a token of no known shape: found by its header alone


# --- a whole header under a key named for headers -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        ("exporter.yaml", f'exporter:\n  auth_headers: "Authorization: Bearer {SHORT}"\n', "auth_headers"),
        ("exporter.yaml", f"exporter:\n  extraHeader: 'X-Api-Key: {SHORT}'\n", "extraHeader"),
        ("uploader.ini", f"[upload]\nextra_header = Authorization: bearer {SHORT}\n", "extra_header"),
        ("client.properties", f"http.default-headers=PRIVATE-TOKEN: {SHORT}\n", "http.default-headers"),
        ("exporter.yaml", f"exporter:\n  headers: 'X-Honeycomb-Team: {SHORT}' # ingest key\n", "headers"),
    ],
)
def test_a_credential_header_under_a_header_key_is_reported(key: str, text: str, setting: str) -> None:
    (message,) = configmap_messages(key, text, SHORT)
    assert f'sets "{setting}" in plain text' in message, message


def test_a_credential_header_under_a_header_key_in_json_is_reported() -> None:
    (message,) = configmap_messages("exporter.json", f'{{"auth_headers": "Authorization: Bearer {SHORT}"}}', SHORT)
    assert 'sets "auth_headers"' in message, message


@pytest.mark.parametrize(
    "value",
    [
        '"Authorization: Bearer $EXPORTER_TOKEN"',
        '"Authorization: Bearer ${EXPORTER_TOKEN}" # set by the pod',
        '"Authorization: Bearer {{ .Values.token }}"',
        "Authorization",  # a header's name alone
        '"Authorization: Negotiate"',
        '"Accept: application/json"',
        '"X-CSRF-Token: fetch"',
        '"Authorization: basic $(echo -n user:$PW | base64)"',
    ],
)
def test_header_keys_without_a_credential_stay_harmless(value: str) -> None:
    assert configmap_messages("exporter.yaml", f"exporter:\n  auth_headers: {value}\n", SHORT) == []


@pytest.mark.parametrize("key", ["subheader", "headers_file", "header_name"])
def test_keys_not_ending_with_the_word_header_are_not_judged_so(key: str) -> None:
    assert configmap_messages("exporter.yaml", f"exporter:\n  {key}: 'X-Api-Key: {SHORT}'\n", SHORT) == []
