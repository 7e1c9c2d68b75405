"""A member of a TypeScript object type or interface typed as a union of string literals written over
several lines, its first literal on the member's line (``password: 'plain'`` then ``  | 'hashed';``,
or ``'plain' |`` then ``  'hashed';``), gives no value: harmless in JavaScript and TypeScript keys since
1.25.566, as on one line since 1.25.544; a literal with no union of string literals after it stays
reported once."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize("key", ["auth.ts", "auth.tsx", "auth.mts", "auth.js"])
@pytest.mark.parametrize(
    "member",
    [
        "password: 'plain'\n    | 'hashed';",
        "password: 'plain'\n    | 'hashed'\n    | 'scram-sha-256'",
        'password: "plain" |\n    "hashed" |\n    undefined;',
        "readonly password: 'plain' | 'md5'\n    | 'hashed' | null,",
        "password:\n    | 'plain'\n    | 'hashed';",  # harmless before 1.25.566 too
    ],
)
def test_a_union_of_string_literal_types_over_lines_is_no_value(key: str, member: str) -> None:
    text = f"export type AuthOptions = {{\n  {member}\n  user: string;\n}};\n"
    assert configmap_messages(key, text, "plain") == []
    assert configmap_messages(key, text.replace("export type AuthOptions =", "interface AuthOptions"), "plain") == []


@pytest.mark.parametrize(
    "value",
    [
        f"'{FAKE}'\n    | process.env.PW_FLAGS,",
        f"'{FAKE}',\n    | 'hashed';",
        f"'{FAKE}'\n\n    | 'hashed';",
        f"'{FAKE}' // note\n    | 'hashed';",
        f"'{FAKE}' |\n    password2: 'x',",
        f"'{FAKE}',",
    ],
)
def test_a_literal_with_no_union_below_stays_reported_once(value: str) -> None:
    text = f"type AuthOptions = {{\n  mode: 'plain'\n    | 'hashed';\n}};\nconst defaults = {{\n  password: {value}\n}};\n"
    decision = decide(configmap({"auth.ts": text}))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "password" in plain text (line 6)' in message, message


def test_a_union_over_lines_outside_javascript_and_typescript_is_read_as_before() -> None:
    (message,) = configmap_messages("settings.yaml", f"auth:\n  password: '{FAKE}'\n    | 'hashed'\n", FAKE)
    assert 'sets "password" in plain text (line 2)' in message, message


def test_long_unions_over_lines_are_read_in_linear_time() -> None:
    started = time.process_time()
    configmap_messages("o.ts", "type O = {\n" + "  password: 'a' |\n" * 20000 + "}\n", FAKE)  # no union: each read as before
    assert configmap_messages("o.ts", "type O = {\n  password: 'a'\n" + "  | 'b'\n" * 20000 + "}\n", FAKE) == []
    member = "  password: 'a'\n" + "  | 'b'\n" * 199
    configmap_messages("o.ts", "type O = {\n" + (member + "  | x\n") * 100 + "}\n", FAKE)
    assert time.process_time() - started < 8
