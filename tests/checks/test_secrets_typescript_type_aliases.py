"""disallow-plaintext-secrets: a TypeScript type alias on one line (``type Password = 'plain' |
'hashed';``, ``export type AuthMode = 'password' | 'token'``) declares a type whose string literals
are types, no value: it sets no secret; a declaration's literal (``const password: string = '...'``)
is still reported, also on the same line after the alias."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("auth.ts", "export type Password = 'plain' | 'hashed';\n"),
        ("auth.ts", "type AuthMode = 'password' | 'token'\n"),
        ("types.tsx", "export declare type Secret = 'sealed' | 'open';\n"),
        ("types.mts", "type Token<T> = 'jwt' | 'opaque';\n"),
        ("types.ts", f"type ApiKey = '{FAKE}';\n"),
    ],
)
def test_a_type_alias_sets_no_secret(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        ("auth.ts", f"const password: string = '{FAKE}';\n", 1),
        ("auth.ts", f"type Password = 'plain' | 'hashed';\nconst password: string = '{FAKE}';\n", 2),
        ("auth.ts", f"type Mode = 'a' | 'b'; const token = '{FAKE}';\n", 1),
        ("auth.js", f"type = 'x'\nlet password = '{FAKE}';\n", 2),
    ],
)
def test_a_literal_beside_a_type_alias_is_still_reported(key: str, text: str, line: int) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f"(line {line})" in message


def test_type_words_outside_typescript_are_read_as_before() -> None:
    """In an INI file ``type password = ...`` is a key with a space, read as before."""
    (message,) = configmap_messages("settings.ini", f"type password = {FAKE}\n", FAKE)
    assert '"type password"' in message
