"""disallow-plaintext-secrets: a list of whole headers under a key named for headers written over
several lines (``headers: [`` / ``  "Authorization: Token ...",`` / ``]``, YAML's flow sequence,
TOML's array) and a JSON list of several headers (``"headers": ["Accept: x", "Authorization: ..."]``)
are judged item by item, as the same list on one line is (1.25.327); references, templates, header
names alone, anti-forgery headers and lists under other keys stay harmless. No message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("exporter.yaml", f'headers: [\n  "Accept: json",\n  "Authorization: Token {FAKE}"\n]\n', "headers", 1),
        ("exporter.yaml", f'job:\n  http_headers: [\n    "Authorization: Token {FAKE}",  # the key\n    "Accept: */*",\n  ]\n', "http_headers", 2),
        ("exporter.yaml", f'headers: ["Accept: json",\n  "Proxy-Authorization: Basic {FAKE}"]\n', "headers", 1),
        ("client.toml", f'[client]\nheaders = [\n  "Accept: text/plain",\n  "Authorization: Token {FAKE}"\n]\n', "headers", 2),
        ("exporter.json", f'{{\n  "headers": [\n    "Accept: json",\n    "Authorization: Token {FAKE}"\n  ]\n}}\n', "headers", 2),
        ("exporter.json", f'{{"job": {{"headers": ["X-Api-Key: {FAKE}", "Accept: json"]}}}}', "job.headers", 0),
    ],
)
def test_a_header_in_a_list_over_lines_or_a_json_list_is_reported(key: str, text: str, setting: str, line: int) -> None:
    """Was missed."""
    (message,) = configmap_messages(key, text, FAKE)
    where = f" (line {line})" if line else ""
    assert f'sets "{setting}" in plain text{where}.' in message, message


def test_an_item_named_by_a_sensitive_header_keeps_its_message() -> None:
    text = f'headers: [\n  "Accept: json",\n  "X-Api-Key: {FAKE}"\n]\n'
    (message,) = configmap_messages("exporter.yaml", text, FAKE)
    assert 'sets "X-Api-Key" in plain text (line 3)' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("exporter.yaml", 'headers: [\n  "Authorization: Bearer ${TOKEN}",\n  "Authorization: Token {{ .Values.token }}"\n]\n'),
        ("exporter.yaml", 'headers: [\n  "Authorization: Token $TOKEN",  # set by the pod\n  "Accept: json"\n]\n'),
        ("exporter.yaml", 'headers: [\n  "Authorization: Negotiate",\n  "X-CSRF-Token: fetch",\n  "Accept: application/json"\n]\n'),
        ("exporter.yaml", "allowedHeaders: [\n  Authorization,\n  X-Honeycomb-Team\n]\n"),
        ("exporter.yaml", 'items: [\n  "Authorization: Token abc123"\n]\n'),
        ("exporter.yaml", 'headers: [\n  "Authorization: Token abc123"\n'),  # never closed: no list
        ("exporter.json", '{"headers": ["Authorization: Bearer ${TOKEN}", "X-CSRF-Token: fetch"], "allowedHeaders": ["Authorization", "X-Api-Key"]}'),
        ("exporter.json", '{"items": ["Authorization: Token abc123", "Accept: json"]}'),
    ],
)
def test_references_names_and_other_lists_over_lines_stay_harmless(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_the_csrf_header_of_a_list_over_lines_is_no_credential() -> None:
    """An anti-forgery header there was reported as a setting (its line read alone), as 1.25.326
    fixed for a list written an item a line."""
    assert configmap_messages("exporter.yaml", 'headers: [\n  "X-CSRF-Token: fetch",\n  "Accept: json"\n]\n', FAKE) == []


def test_long_lists_over_lines_are_read_in_linear_time() -> None:
    opened = "headers: [\n" + '  "Authorization: Token x", "a\n' * 2_200  # 64 KiB, never closed
    closed = 'headers: [\n  "Accept: json"\n]\n' * 2_000
    started = time.perf_counter()
    assert configmap_messages("exporter.yaml", opened, FAKE) == []
    assert configmap_messages("exporter.yaml", closed, FAKE) == []
    assert time.perf_counter() - started < 5
