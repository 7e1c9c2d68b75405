"""disallow-plaintext-secrets: parameters' defaults and the arms of expressions in a ConfigMap key
named as source code. A PHP parameter's default (``function login($user, $password = '...')``,
a constructor's promoted property ``private string $password = '...'``) sets a secret when it is
a literal, as Python's ``def login(password='...')`` does. Code, empty strings and placeholders
set none."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _settings(key: str, text: str) -> list[str]:
    """The names the findings of a key holding ``text`` say are set, in order; no message quotes the value."""
    messages = [f.message for f in findings(configmap({key: text}), POLICY)]
    assert all(FAKE_PW not in message for message in messages)
    return [message.split(" sets ", 1)[1].split('"')[1] for message in messages]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"function login($user, $password = '{FAKE_PW}') {{}}", "password"),
        (f"function login($password = '{FAKE_PW}') {{}}", "password"),
        (f"function login($user, string $password = '{FAKE_PW}'): bool {{}}", "password"),
        (f"function login(?string $apiKey = \"{FAKE_PW}\") {{}}", "apiKey"),
        (f"    public function __construct(private string $password = '{FAKE_PW}') {{}}", "password"),
        (f"    public function __construct(private readonly ?string $token = '{FAKE_PW}', $x = 1) {{}}", "token"),
        (f"    public function __construct(protected $secret = '{FAKE_PW}') {{}}", "secret"),
        ("function login($password = 'changeme') {}", "password"),
    ],
)
def test_a_php_parameter_default_sets_its_secret(line: str, name: str) -> None:
    assert _settings("auth.php", f"<?php\n{line}\n") == [name]


@pytest.mark.parametrize(
    ("key", "line", "name"),
    [
        ("Db.cs", f'void Connect(string host, string password = "{FAKE_PW}") {{}}', "password"),
        ("Db.kt", f'class Db(private val password: String = "{FAKE_PW}")', "password"),
        ("db.ts", f"constructor(private readonly token: string = '{FAKE_PW}') {{}}", "token"),
    ],
)
def test_a_typed_parameter_default_in_other_languages_sets_its_secret(key: str, line: str, name: str) -> None:
    assert _settings(key, line + "\n") == [name]


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("Db.cs", 'void Connect(string host, string password = null, string token = "") {}'),
        ("Db.cs", "var ok = Check(string.IsNullOrEmpty(password), x);"),
        ("Db.kt", "class Db(private val password: String = System.getenv(\"PW\"))"),
        ("db.ts", "constructor(private readonly token: string = process.env.TOKEN!) {}"),
        ("db.py", "print(not password == 'x', lambda: 1)"),
    ],
)
def test_typed_parameters_of_code_set_no_secret(key: str, line: str) -> None:
    assert _settings(key, line + "\n") == []


@pytest.mark.parametrize(
    "line",
    [
        "function login($user, $password = null) {}",
        "function login($user, $password = '') {}",
        "function login($user, $password = '<password>') {}",
        "function login($user, $password = '${PW}') {}",
        "function login($user, $password = 'xxx') {}",
        "function login($user, $password = '***') {}",
        "function login($user, $password = self::DEFAULT_PASSWORD) {}",
        "function login($user, string $password = PASSWORD_DEFAULT) {}",
        "    public function __construct(private string $password = '') {}",
        "    public function __construct(private ?string $password = null, private string $host = 'db') {}",
        "function login($user, $password) { return check($password == 'x'); }",
    ],
)
def test_php_parameters_of_code_set_no_secret(line: str) -> None:
    assert _settings("auth.php", f"<?php\n{line}\n") == []
