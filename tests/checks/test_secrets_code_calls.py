"""disallow-plaintext-secrets: in JavaScript, TypeScript or Go code, an entry whose value is a call,
a member chain or a lookup with quoted arguments (``password: vault.read('db/password'),``) is code:
its quoted parts are arguments, not the password. A quoted literal computed with
(``'...' + suffix``), in an array (``['...']``) or as a lookup's default (``env('X', '...')``) is
still reported. A quoted argument with the shape of a secret (``getPassword('...')``) keeps the
entry reported; names, keys, paths and format strings are code."""

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
    started = time.process_time()
    _js("comma", value)
    assert time.process_time() - started < 5


SECRET_SHAPED = "Zq7fake"
"""An obviously fake argument with the shape of a secret: letters and a digit inside one word."""


@pytest.mark.parametrize("shape", sorted(JS_SHAPES))
@pytest.mark.parametrize(
    "value",
    [
        f"getPassword('{SECRET_SHAPED}')",
        f"sprintf('%s', '{SECRET_SHAPED}')",
        f'decode("{SECRET_SHAPED}")',
        f"Buffer.from('{SECRET_SHAPED}').toString()",
        f"vault.read('db/password') ?? getPassword('{SECRET_SHAPED}')",
        f"[getPassword('{SECRET_SHAPED}')]",
        f"getPassword('{SECRET_SHAPED}') as string",
        f"getPassword('{FAKE}!')",
        "decode('90817263')",
    ],
)
def test_a_call_with_a_secret_shaped_argument_is_reported(shape: str, value: str) -> None:
    messages = _js(shape, value)
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages
    assert SECRET_SHAPED not in messages[0] and FAKE not in messages[0]


@pytest.mark.parametrize("shape", sorted(JS_SHAPES))
@pytest.mark.parametrize(
    "value",
    [
        "vault.read('secret/data/app#password')",
        "config.get('app.db.password')",
        "secrets.get('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf')",
        "getenv('DB_PASSWORD')",
        "lookup('db-password')",
        "sprintf('%s', user)",
        "format('{}', cfg.password)",
        "pick('read', 'write', 'admin')",
        "cfg.get('servers', '0').password",
        "decode(cfg.password, 'base64', 'utf-8')",
        "[vault.read('x')]",
        "[vault.read('x'), vault.read('y')]",
        "foo('a') ?? bar('b')",
        "vault.read('x') || cfg.get('db.password')",
        "vault.read('x') as string",
        "vault.read('x')! as unknown as string",
    ],
)
def test_a_call_whose_arguments_name_or_format_is_code(shape: str, value: str) -> None:
    assert _js(shape, value) == []


def test_a_literal_operand_or_lookup_default_among_calls_is_still_reported() -> None:
    for value in (f"foo('a') ?? '{FAKE}'", f"[vault.read('x'), '{FAKE}']", f"env('DB_PASSWORD', '{FAKE}') as string"):
        assert len(_js("comma", value)) == 1, value


def test_go_judges_arguments_alike() -> None:
    text = "package main\n\nvar c = Config{{\n\tPassword: {v},\n}}\n"
    assert findings(configmap({"main.go": text.format(v='vault.Read("db/password")')}), POLICY) == []
    assert findings(configmap({"main.go": text.format(v='os.Getenv("DB_PASSWORD")')}), POLICY) == []
    assert len(findings(configmap({"main.go": text.format(v=f'decode("{SECRET_SHAPED}")')}), POLICY)) == 1


def test_php_judges_arguments_alike() -> None:
    text = "<?php\nreturn [\n  'password' => {v},\n];\n"
    for code in ("env('DB_PASSWORD')", "config('db.password')", "decrypt(config('app.db.password'))"):
        assert findings(configmap({"config.php": text.format(v=code)}), POLICY) == [], code
    assert len(findings(configmap({"config.php": text.format(v=f"decode('{SECRET_SHAPED}')")}), POLICY)) == 1


@pytest.mark.parametrize("shape", sorted(JS_SHAPES))
@pytest.mark.parametrize(
    "value",
    [
        "process.env.PRIVATE_KEY.replace('\\\\n', '\\n')",
        "process.env.DB_PASSWORD.replace('a', 'b')",
        "getenv('DB_PASSWORD').split(',', 2)",
    ],
)
def test_a_comma_between_a_lookups_arguments_ends_no_entry(shape: str, value: str) -> None:
    assert _js(shape, value) == []


def test_an_entry_after_a_call_on_its_line_is_still_read() -> None:
    text = f"module.exports = {{\n  password: vault.read('a', 'b'), token: '{FAKE}',\n}};\n"
    messages = [f.message for f in findings(configmap({"config.js": text}), POLICY)]
    assert any('sets "token"' in message for message in messages), messages
