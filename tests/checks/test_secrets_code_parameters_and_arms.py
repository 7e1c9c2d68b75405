"""disallow-plaintext-secrets: parameters' defaults and the arms of expressions in a ConfigMap key
named as source code. A PHP parameter's default (``function login($user, $password = '...')``,
a constructor's promoted property ``private string $password = '...'``) sets a secret when it is
a literal, as Python's ``def login(password='...')`` does. A C# property's getter giving a literal
(``{ get => "..."; }``, ``{ get { return "..."; } }``) sets it, as does a named argument after
positional ones (``Connect(host, password: "...")``). Code, empty strings and placeholders set
none."""

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


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f'public string Password {{ get => "{FAKE_PW}"; }}', "Password"),
        (f'public string Password {{ get {{ return "{FAKE_PW}"; }} }}', "Password"),
        (f'    private static string ApiKey {{ get => @"{FAKE_PW}"; set => _ = value; }}', "ApiKey"),
        (f'public override string Token {{ get {{ return "{FAKE_PW}"; }} set {{ }} }}', "Token"),
        (f'var c = new SqlCredential("app", password: "{FAKE_PW}");', "password"),
        (f'Connect(host, password: "{FAKE_PW}");', "password"),
        (f'Connect(host, port: 5432, apiKey: "{FAKE_PW}", retries: 3);', "apiKey"),
        ('Connect(host, password: "changeme");', "password"),
    ],
)
def test_a_csharp_getter_or_named_argument_sets_its_secret(line: str, name: str) -> None:
    assert _settings("Db.cs", line + "\n") == [name]


@pytest.mark.parametrize(
    "line",
    [
        'public string Password { get => _store.Read("pw"); }',
        "public string Password { get => _password; set => _password = value; }",
        'public string Password { get { return ""; } }',
        'public string Password { get { return "<password>"; } }',
        'public string Password { get => $"{prefix}{pw}"; }',
        'public string Host { get => "db"; }',
        'Connect(host, password: pw);',
        'Connect(host, password: "");',
        'Connect(host, password: "${PW}");',
        'Connect(host, password: config["Db:Password"]);',
        'Connect(host, ok ? password : "Zq7fake-pw9");',
        'Connect(host, ok ? password: "Zq7fake-pw9");',
        'Connect(host, password: "***");',
    ],
)
def test_csharp_getters_and_named_arguments_of_code_set_no_secret(line: str) -> None:
    assert _settings("Db.cs", line + "\n") == []


def test_a_php_named_argument_after_positional_ones_sets_its_secret() -> None:
    assert _settings("db.php", f"<?php\n$db = new PDO($dsn, $user, password: '{FAKE_PW}');\n") == ["password"]
    assert _settings("db.php", "<?php\n$db = new PDO($dsn, $user, password: $pw, options: ['x' => 1]);\n") == []
    assert _settings("db.php", f"<?php\n$x = f($ok ? $password : '{FAKE_PW}');\n") == []
