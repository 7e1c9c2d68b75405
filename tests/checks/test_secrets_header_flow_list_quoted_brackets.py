"""disallow-plaintext-secrets: a list of headers over lines (1.25.340) is closed by a ``]`` outside
quotes alone: a quoted item holding one (``"X-Note: a]b"``) no longer ends the list before the
credential after it. References after it stay harmless; no message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        ("exporter.yaml", f'headers: [\n  "X-Note: a]b",\n  "Authorization: Token {FAKE}"\n]\n', 1),
        ("exporter.yaml", f"headers: [\n  'X-Note: it''s ]',\n  'Authorization: Token {FAKE}'\n]\n", 1),
        ("exporter.yaml", f'headers: ["X-Note: [x]",\n  "Authorization: Token {FAKE}"]\n', 1),
        ("exporter.yaml", f'headers: [\n  "X-Note: \\"a]b\\"",\n  "Authorization: Token {FAKE}"\n]\n', 1),
        ("client.toml", f'[client]\nheaders = [\n  "X-Range: bytes=[0]",\n  "Authorization: Token {FAKE}",\n]\n', 2),
    ],
)
def test_a_bracket_in_a_quoted_item_does_not_close_the_list(key: str, text: str, line: int) -> None:
    """Was missed: the list was taken as closed at the quoted ``]``."""
    (message,) = configmap_messages(key, text, FAKE)
    assert f"in plain text (line {line})." in message, message


@pytest.mark.parametrize(
    "text",
    [
        'headers: [\n  "X-Note: a]b",\n  "Authorization: Token ${TOKEN}"\n]\n',
        "headers: [\n  X-Note: don't,\n  \"Authorization: Bearer {{ .Values.token }}\"\n]\n",
        'headers: [\n  "X-Note: a]b",\n  "Authorization: Token abc123"\n',  # never closed: no list
    ],
)
def test_references_after_a_quoted_bracket_stay_harmless(text: str) -> None:
    assert configmap_messages("exporter.yaml", text, FAKE) == []


def test_a_plain_bracket_still_closes_the_list() -> None:
    """An unquoted ``]`` closes the list as before: what follows is no item of it."""
    text = 'headers: [\n  "Accept: json"\n]\nitems: [\n  "Authorization: Token abc123"\n]\n'
    assert configmap_messages("exporter.yaml", text, FAKE) == []


def test_long_quoted_items_over_lines_are_read_in_linear_time() -> None:
    opened = "headers: [\n" + '  "X-Note: a]b\\" ]", \'x]\'\'\', "\n' * 2_000  # 64 KiB, never closed
    started = time.perf_counter()
    assert configmap_messages("exporter.yaml", opened, FAKE) == []
    assert time.perf_counter() - started < 5
