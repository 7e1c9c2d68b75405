"""PHP lookups whose default or fallback is a class constant (``env('DB_PASSWORD',
self::DEFAULT_PASSWORD)``, ``getenv('X') ?: \\App\\Config::X``): a name of the code, no literal, as
``os.environ.get("X", SECRET_KEY)`` is; a literal default and the constant's definition stay reported."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.values import is_literal_setting

CONSTANTS = [
    "self::DEFAULT_PASSWORD", "static::DEFAULT_PASSWORD", "parent::DEFAULT_PASSWORD", "SomeClass::DEFAULT_PASSWORD",
    "\\App\\Config::DEFAULT_PASSWORD", "App\\Config::DEFAULT_PASSWORD", "\\Config::DEFAULT_PASSWORD",
    "self::DEFAULTS['password']", 'Config::DEFAULTS["db"]["password"]', "Config::$defaultPassword",
]  # fmt: skip


def _php(line: str) -> str:
    return f"<?php\nreturn [\n    'mysql' => [\n        {line}\n    ],\n];\n"


@pytest.mark.parametrize("constant", CONSTANTS)
@pytest.mark.parametrize("key", ["database.php", "config.php"])
def test_a_class_constant_as_a_lookups_default_is_no_literal(key: str, constant: str) -> None:
    for line in (
        f"'password' => env('DB_PASSWORD', {constant}),",
        f"'password' => getenv('DB_PASSWORD') ?: {constant},",
        f"'password' => $_ENV['DB_PASSWORD'] ?? {constant},",
    ):
        assert configmap_messages(key, _php(line), FAKE) == [], line
    for statement in (
        f"$password = env('DB_PASSWORD', {constant});",
        f"$password = getenv('DB_PASSWORD') ?: {constant};",
        f"define('DB_PASSWORD', env('DB_PASSWORD', {constant}));",
        f"define('DB_PASSWORD', getenv('DB_PASSWORD') ?: {constant});",
    ):
        assert configmap_messages(key, f"<?php\n{statement}\n", FAKE) == [], statement


@pytest.mark.parametrize(
    "line",
    [
        f"'password' => env('DB_PASSWORD', '{FAKE}'),",
        f"'password' => getenv('DB_PASSWORD') ?: '{FAKE}',",
        f"'password' => $_ENV['DB_PASSWORD'] ?? '{FAKE}',",
        f"'password' => env('DB_PASSWORD', self::DEFAULT_PASSWORD . '{FAKE}'),",
    ],
)
def test_a_literal_default_stays_reported(line: str) -> None:
    (message,) = configmap_messages("database.php", _php(line), FAKE)
    assert 'sets "password" in plain text' in message


def test_the_constants_own_definition_is_judged_as_before() -> None:
    text = f"<?php\nfinal class Defaults\n{{\n    const DEFAULT_PASSWORD = '{FAKE}';\n}}\n"
    (message,) = configmap_messages("Defaults.php", text, FAKE)
    assert 'sets "DEFAULT_PASSWORD" in plain text (line 4)' in message


def test_a_bare_word_after_a_lookups_fallback_in_yaml_is_text() -> None:
    # YAML hands the whole string to the program: no code, so a bare word there is judged as written
    (message,) = configmap_messages("app.yaml", "password: process.env.PW || Zq7fakepw9\n", "Zq7fakepw9")
    assert '"password"' in message


@pytest.mark.parametrize("unit", ["a\\", "a::", "$a->", "a['b']"])
def test_a_long_fallback_or_default_is_read_in_linear_time(unit: str) -> None:
    payload = unit * (65536 // len(unit)) + "!"
    start = time.perf_counter()
    for value in (f"getenv('X') ?: {payload}", f"env('X', {payload})"):
        is_literal_setting(value)  # no name of the code: each ends with "!"
    assert time.perf_counter() - start < 1.0
