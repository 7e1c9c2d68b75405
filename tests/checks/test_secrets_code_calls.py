"""disallow-plaintext-secrets: in JavaScript, TypeScript or Go code, an entry whose value is a call,
a member chain or a lookup with quoted arguments (``password: vault.read('db/password'),``) is code:
its quoted parts are arguments, not the password. A quoted literal computed with
(``'...' + suffix``), in an array (``['...']``) or as a lookup's default (``env('X', '...')``) is
still reported."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, findings

POLICY = "disallow-plaintext-secrets"

JS_SHAPES = {
    "comma": "module.exports = {{\n  password: {v},\n}};\n",
    "comma-comment": "module.exports = {{\n  password: {v}, // from vault\n}};\n",
    "last-closed-below": "module.exports = {{\n  password: {v}\n}};\n",
    "last-closed-on-line": "module.exports = {{\n  host: db,\n  password: {v} }};\n",
}


def _js(shape: str, value: str) -> list[str]:
    return [f.message for f in findings(configmap({"config.js": JS_SHAPES[shape].format(v=value)}), POLICY)]


@pytest.mark.parametrize("shape", sorted(JS_SHAPES))
@pytest.mark.parametrize(
    "value",
    [
        "vault.read('db/password')",
        'vault.read("db/password")',
        "await vault.read('db/password')",
        "secrets.get('db').password",
        "config['db']['password']",
        "cfg.get('db', 'password')",
        "read(join('a', 'b'))",
        "env('DB_PASSWORD')",
        "process.env['DB_PASSWORD']",
    ],
)
def test_a_call_or_lookup_with_quoted_arguments_is_code(shape: str, value: str) -> None:
    assert _js(shape, value) == []


@pytest.mark.parametrize("shape", sorted(JS_SHAPES))
@pytest.mark.parametrize(
    "value",
    [
        f"'{FAKE}' + suffix",
        f"['{FAKE}']",
        f"'{FAKE}'",
        f"env('DB_PASSWORD', '{FAKE}')",
        f"vault.read('db') || '{FAKE}'",
        f"process.env.PW || '{FAKE}'",
    ],
)
def test_a_quoted_literal_outside_arguments_is_still_reported(shape: str, value: str) -> None:
    messages = _js(shape, value)
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages
    assert FAKE not in messages[0]


def test_go_agrees() -> None:
    text = 'package main\n\nvar c = Config{{\n\tPassword: {v},\n}}\n'
    assert findings(configmap({"main.go": text.format(v='vault.Read("db/password")')}), POLICY) == []
    assert len(findings(configmap({"main.go": text.format(v=f'"{FAKE}"')}), POLICY)) == 1


def test_php_agrees() -> None:
    text = "<?php\nreturn [\n  'password' => {v},\n];\n"
    assert findings(configmap({"config.php": text.format(v="env('DB_PASSWORD')")}), POLICY) == []
    assert len(findings(configmap({"config.php": text.format(v=f"env('DB_PASSWORD', '{FAKE}')")}), POLICY)) == 1


def test_a_long_call_with_an_unclosed_string_is_read_once() -> None:
    value = "read(" + "'a', " * 20_000 + "'" + "b(" * 20_000
    started = time.perf_counter()
    _js("comma", value)
    assert time.perf_counter() - started < 5
