"""disallow-plaintext-secrets: a list of whole headers written on one line under a key named for
headers (``headers: ["Authorization: Token ..."]``, YAML's flow sequence, TOML's array) is judged
item by item, as the same list written one item a line is (1.25.316) and as JSON's is; references,
templates, header names alone, anti-forgery headers and lists under other keys stay harmless. No
message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("exporter.yaml", f'headers: ["Authorization: Token {FAKE}"]\n', "headers", 1),
        ("exporter.yaml", f"job:\n  http_headers: ['Accept: */*', 'Proxy-Authorization: Basic {FAKE}']  # proxy\n", "http_headers", 2),
        ("exporter.yaml", f'extraHeaders: ["X-Honeycomb-Team: {FAKE}"]\n', "extraHeaders", 1),
        ("client.toml", f'[client]\nheaders = ["Accept: text/plain", "X-Api-Key: {FAKE}"]\n', "headers", 2),
    ],
)
def test_a_header_in_a_list_on_one_line_is_reported(key: str, text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        'headers: ["Authorization: Bearer ${TOKEN}", "Authorization: Token {{ .Values.token }}"]\n',
        'headers: ["Authorization: Token $TOKEN"] # set by the pod\n',
        'headers: ["Authorization: Negotiate", "Accept: application/json", "X-CSRF-Token: fetch"]\n',
        "allowedHeaders: [Authorization, X-Honeycomb-Team]\n",
        "headers: []\n",
        'items: ["Authorization: Token x"]\n',  # a list not of headers
    ],
)
def test_references_names_and_other_lists_on_one_line_stay_harmless(text: str) -> None:
    assert configmap_messages("exporter.yaml", text, FAKE) == []


def test_a_long_list_on_one_line_is_read_in_linear_time() -> None:
    text = "headers: [" + '"a, ' * 16_000 + "]\n" + "headers: [" + "a," * 32_000 + '"Authorization: Token x' + "\n"
    started = time.perf_counter()
    assert configmap_messages("exporter.yaml", text, FAKE) == []
    assert time.perf_counter() - started < 5
