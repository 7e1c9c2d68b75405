"""disallow-plaintext-secrets: Teleport's static tokens written as a list on one line,
``tokens: ["proxy,node:/var/lib/teleport/token"]`` under ``auth_service:``, were reported as a whole
value, while the block list's items were judged one by one since 1.25.551; since 1.25.579 the items
of the list on one line are judged alike: a file (``roles:/path``) or a reference is none, a token
(``roles:token``, or alone under ``auth_service:``) reported once as ``tokens``."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages

KEY = "teleport.yaml"
HEAD = "version: v3\nauth_service:\n  enabled: true\n"


@pytest.mark.parametrize(
    "tokens",
    [
        '["proxy,node:/var/lib/teleport/token"]',
        "['proxy,node:/var/lib/teleport/token', \"trusted_cluster:/var/lib/teleport/tc\"]  # from files",
        '["proxy,node:${TELEPORT_JOIN_TOKEN}"]',
        "[]",
    ],
)
def test_tokens_read_from_files_are_not_reported(tokens: str) -> None:
    """Was reported (but the empty list)."""
    assert configmap_messages(KEY, f"{HEAD}  tokens: {tokens}\n", FAKE) == []


@pytest.mark.parametrize(
    "tokens",
    [
        f'["proxy,node:{FAKE}"]',
        f'["proxy,node:/var/lib/teleport/token", "trusted_cluster:{FAKE}"]',
        f'["{FAKE}"]',
        f'["hello world", "node:{FAKE}"]',  # an item of no token's shape: the line read as before
    ],
)
def test_a_token_in_plain_text_is_reported_once(tokens: str) -> None:
    (message,) = configmap_messages(KEY, f"{HEAD}  tokens: {tokens}\n", FAKE)
    assert f'key "{KEY}" sets "tokens" in plain text (line 4)' in message, message


def test_a_token_alone_outside_auth_service_is_judged_as_before() -> None:
    (message,) = configmap_messages("config.yaml", f'oauth:\n  tokens: ["{FAKE}"]\n', FAKE)
    assert 'sets "tokens" in plain text (line 2)' in message, message


def test_a_long_list_stays_linear() -> None:
    started = time.perf_counter()
    items = ", ".join(["'node:/var/lib/teleport/t'"] * 3000 + ['"a,' * 3000])
    configmap_messages(KEY, f"{HEAD}  tokens: [{items}, \"node:{FAKE}\"]\n", FAKE)
    assert time.perf_counter() - started < 6
