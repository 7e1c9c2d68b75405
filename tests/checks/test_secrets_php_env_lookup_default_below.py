"""disallow-plaintext-secrets: a PHP or Ruby array entry whose environment lookup has its literal
default on a line below the call's (Laravel's ``'password' => env('DB_PASSWORD',`` / ``'...'),``,
``:password => ENV.fetch('DB_PASSWORD',`` / ``'...'),``) is reported, as on one line; no default,
an empty one, ``null``, a call or code with an empty fallback there stays harmless. No message
shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages


def _php(entry: str) -> list[str]:
    text = (
        "<?php\nreturn [\n    'mysql' => [\n        'host' => env('DB_HOST', '127.0.0.1'),\n"
        f"        {entry}\n        'charset' => 'utf8mb4',\n    ],\n];\n"
    )
    return configmap_messages("database.php", text, FAKE)


@pytest.mark.parametrize(
    "entry",
    [
        f"'password' => env('DB_PASSWORD',\n            '{FAKE}'),",
        f"'password' => env('DB_PASSWORD',\n            \"{FAKE}\"),",
        f"'password' => env(\n            'DB_PASSWORD',\n            '{FAKE}'\n        ),",
        f"'password' => env(\n            'DB_PASSWORD', '{FAKE}'),",
        f"'password' => getenv('DB_PASSWORD',\n            '{FAKE}'),",
        f"'password' => env('DB_PASSWORD',\n            self::D ?? '{FAKE}'),",
        "'password' => env('DB_PASSWORD',\n            decrypt('Zq7fakeQ9xw2Lm4Kp8Rt')),",
        f"'password' => env('DB_PASSWORD', '{FAKE}'),",  # on one line, as before
    ],
)
def test_a_literal_default_below_the_call_is_reported(entry: str) -> None:
    (said,) = _php(entry)
    assert 'ConfigMap "config" key "database.php" sets "password" in plain text (line 5)' in said, said
    assert "Zq7fake" not in said


@pytest.mark.parametrize(
    "entry",
    [
        "'password' => env('DB_PASSWORD',\n            ''),",
        "'password' => env('DB_PASSWORD',\n            null),",
        "'password' => env('DB_PASSWORD',\n            Str::random(32)),",
        "'password' => env('DB_PASSWORD',\n            self::D ?? ''),",
        "'password' => env('DB_PASSWORD',\n            $secrets['db']),",
        "'password' => env('DB_PASSWORD',\n            env('PW')),",
        "'password' => env('DB_PASSWORD',\n            '<your password>'),",
        "'password' => env(\n            'DB_PASSWORD'\n        ),",
        "'password' => env('DB_PASSWORD',\n            decrypt('db/password')),",
        f"'password' => load_env('DB_PASSWORD',\n            '{FAKE}'),",  # no lookup
    ],
)
def test_no_literal_default_below_stays_harmless(entry: str) -> None:
    assert _php(entry) == []


@pytest.mark.parametrize("key", [":password", "'password'", "password:"])
def test_a_ruby_hash_entry(key: str) -> None:
    arrow = " " if key.endswith(":") else " => "
    text = f"DB = {{\n  {key}{arrow}ENV.fetch('DB_PASSWORD',\n    '{FAKE}'),\n}}\n"
    (said,) = configmap_messages("database.rb", text, FAKE)
    assert 'sets "password" in plain text (line 2)' in said, said
    harmless = f"DB = {{\n  {key}{arrow}ENV.fetch('DB_PASSWORD',\n    nil),\n}}\n"
    assert configmap_messages("database.rb", harmless, FAKE) == []


@pytest.mark.parametrize(
    "entry",
    [
        "'password' => env('DB_PASSWORD',\n            " + "f(a) ?? " * 8192 + "''" + ")" * 65536 + ",",
        "'password' => env('DB_PASSWORD',\n" + "            (\n" * 4096 + "),",
        "'password' => env('DB_PASSWORD',\n            '" + "\\'" * 32768 + "\n",
    ],
)
def test_long_arguments_below_stay_linear(entry: str) -> None:
    started = time.perf_counter()
    _php(entry)
    assert time.perf_counter() - started < 4


def _php_assignment(assignment: str) -> list[str]:
    text = f"<?php\nif (true) {{\n    $host = env('DB_HOST', '127.0.0.1');\n    {assignment}\n}}\n"
    return configmap_messages("config.php", text, FAKE)


@pytest.mark.parametrize(
    ("assignment", "name"),
    [
        (f"$password = env('DB_PASSWORD',\n        '{FAKE}');", "password"),
        (f"$password = env('DB_PASSWORD', // local default\n        '{FAKE}');", "password"),
        (f"$config['password'] = env(\n        'DB_PASSWORD',\n        '{FAKE}'\n    );", "password"),
        (f"$CFG->dbpass = getenv('DB_PASS',\n        \"{FAKE}\");", "dbpass"),
        (f"$password = env('DB_PASSWORD', '{FAKE}');", "password"),  # on one line, as before
    ],
)
def test_an_assignments_literal_default_below_the_call_is_reported(assignment: str, name: str) -> None:
    """Was missed: only an array entry's lookup ran onto the lines below (1.25.418)."""
    (said,) = _php_assignment(assignment)
    assert f'ConfigMap "config" key "config.php" sets "{name}" in plain text (line 4)' in said, said


@pytest.mark.parametrize(
    "assignment",
    [
        "$password = env('DB_PASSWORD',\n        null);",
        "$password = env('DB_PASSWORD',\n        '');",
        "$password = env(\n        'DB_PASSWORD'\n    );",
        "$password = env('DB_PASSWORD',\n        Str::random(32));",
        "$password = env('DB_PASSWORD',\n        env('MYSQL_PASSWORD'));",
        "$password = env('DB_PASSWORD',\n        '<your password>');",
        f"$password = load_env('DB_PASSWORD',\n        '{FAKE}');",  # no lookup
        f"$user = env('DB_USER',\n        '{FAKE}');",  # no secret's name
    ],
)
def test_an_assignment_without_a_literal_default_below_stays_harmless(assignment: str) -> None:
    assert _php_assignment(assignment) == []


@pytest.mark.parametrize(
    "text",
    [
        "<?php\n" + "$password = env(\n" * 8192,
        "<?php\n$password = env('DB_PASSWORD',\n    " + ")" * 65536 + ";\n",
        "<?php\n$password = env('DB_PASSWORD',\n" + "    (\n" * 8192,
    ],
)
def test_assignments_left_open_stay_linear(text: str) -> None:
    started = time.perf_counter()
    configmap_messages("config.php", text, FAKE)
    assert time.perf_counter() - started < 4
