"""A member of a TypeScript object type or interface over several lines typed as a union of string
literals (``password: 'plain' | 'hashed';``) gives no value: harmless in JavaScript and TypeScript
keys since 1.25.544; a literal value stays reported."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize("key", ["auth.ts", "auth.tsx", "auth.mts", "auth.js"])
@pytest.mark.parametrize(
    "member",
    [
        "password: 'plain' | 'hashed';",
        'password?: "plain" | "hashed"',
        "readonly password: 'plain' | 'hashed' | undefined;",
        "password: | 'plain' | 'hashed' | null,",
    ],
)
def test_a_union_of_string_literal_types_is_no_value(key: str, member: str) -> None:
    text = f"export type AuthOptions = {{\n  {member}\n  user: string;\n}};\n"
    assert configmap_messages(key, text, "plain") == []
    assert configmap_messages(key, text.replace("export type AuthOptions =", "interface AuthOptions"), "plain") == []


@pytest.mark.parametrize(
    "value",
    [f"'{FAKE}';", f"'{FAKE}' || 'other';", f"process.env.PW || '{FAKE}',", f"'{FAKE}', // 'plain' | 'hashed'"],
)
def test_a_literal_beside_a_union_stays_reported_once(value: str) -> None:
    text = f"type AuthOptions = {{\n  mode: 'plain' | 'hashed';\n}};\nconst defaults = {{\n  password: {value}\n}};\n"
    decision = decide(configmap({"auth.ts": text}))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "password" in plain text (line 5)' in message, message


def test_a_union_outside_javascript_and_typescript_is_read_as_before() -> None:
    (message,) = configmap_messages("settings.yaml", f"auth:\n  password: '{FAKE}' | 'hashed'\n", FAKE)
    assert 'sets "password" in plain text (line 2)' in message, message


def test_a_long_union_is_read_in_linear_time() -> None:
    text = "type O = {\n  password: " + "'a' | " * 11000 + "'b';\n}\n"
    started = time.process_time()
    assert configmap_messages("o.ts", text, FAKE) == []
    assert configmap_messages("o.ts", text.replace("'b';", "'b' ||"), FAKE) == []  # no union: read as before (too long a line)
    assert time.process_time() - started < 5
