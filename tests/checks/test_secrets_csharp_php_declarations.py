"""disallow-plaintext-secrets: C# and PHP declarations in a ConfigMap key named as source code. A
C# expression-bodied property (``public string Password => "...";``), an object initializer's
entry on one line (``new DbOptions { Password = "..." }``) and System.Net's
``new NetworkCredential(user, password)`` set a secret when given a literal; PHP's typed properties
with a union or a namespaced type (``private string|null $password = ...``, ``private \\App\\Secret
$apiKey = ...``) do as their plain typed form does. Code, empty strings and placeholders set none."""

from __future__ import annotations

import pytest
from check_helpers import configmap, decide, everything_shown, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _settings(key: str, line: str) -> list[str]:
    """The names the findings of a key holding ``line`` say are set, in order."""
    messages = [f.message for f in findings(configmap({key: line}), POLICY)]
    assert all(FAKE_PW not in message for message in messages)
    return [message.split(" sets ", 1)[1].split('"')[1] for message in messages]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f'public string Password => "{FAKE_PW}";', "Password"),
        (f'public override string ApiKey => "{FAKE_PW}"; // rotate', "ApiKey"),
        (f'private static string Token => @"{FAKE_PW}";', "Token"),
        (f'public string Password {{ get; }} = "{FAKE_PW}";', "Password"),
        (f'var o = new DbOptions {{ Password = "{FAKE_PW}", Host = "db" }};', "Password"),
        (f'var o = new DbOptions {{ Host = "db", Password = "{FAKE_PW}" }};', "Password"),
        (f'var o = new DbOptions() {{ Host = "db", ApiKey = "{FAKE_PW}" }};', "ApiKey"),
        (f'Connect(new() {{ Password = "{FAKE_PW}" }});', "Password"),
        (f'var o = new {{ Token = "{FAKE_PW}" }};', "Token"),
        (f'var c = new NetworkCredential("admin", "{FAKE_PW}");', "NetworkCredential"),
        (f'var c = new System.Net.NetworkCredential("admin", "{FAKE_PW}", "CORP");', "NetworkCredential"),
    ],
)
def test_a_csharp_literal_sets_its_secret(line: str, name: str) -> None:
    assert _settings("App.cs", line) == [name]


@pytest.mark.parametrize(
    "line",
    [
        'public string Password => Environment.GetEnvironmentVariable("PW");',
        "public string Password => _password;",
        'public string Password => "";',
        'public string Password => "<password>";',
        'public string PasswordKey => "Db:Password";',
        'public string Password => $"{prefix}-{pw}";',
        'var msg = value switch { string token => "ok", _ => "" };',
        'public string Host => "db";',
        'var o = new DbOptions { Password = pw, Host = "db" };',
        'var o = new DbOptions { Password = "", Host = "db" };',
        'var o = new DbOptions { Password = config["Db:Password"], Host = "db" };',
        'var o = new DbOptions { Password = $"{pw}", Host = "db" };',
        'var o = new DbOptions { Host = "db", User = "app" };',
        "var o = new DbOptions { Password = Environment.GetEnvironmentVariable(\"PW\") };",
        'if (o is { Password: "x" }) return;',
        'var c = new SqlCredential("u", securePw);',
        "var c = new NetworkCredential(user, pw);",
        'var c = new NetworkCredential("admin", "");',
        'var c = new NetworkCredential("admin", "<password>");',
        'var c = new NetworkCredential("admin", pw);',
    ],
)
def test_csharp_code_sets_no_secret(line: str) -> None:
    assert _settings("App.cs", line) == []


def test_a_javascript_object_literal_on_one_line_keeps_its_reading() -> None:
    assert _settings("app.ts", f'const o = {{ password: "{FAKE_PW}", host: "db" }};') == ["password"]
    assert _settings("app.js", f'const o = {{ password: "{FAKE_PW}", host: "db" }};') == ["password"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"private string|null $password = '{FAKE_PW}';", "password"),
        (f"private null | string $password = '{FAKE_PW}';", "password"),
        (f"public ?string $token = '{FAKE_PW}';", "token"),
        (f"private \\App\\Secret $apiKey = '{FAKE_PW}';", "apiKey"),
        (f"private ?\\App\\Secret $apiKey = '{FAKE_PW}';", "apiKey"),
        (f"private static \\App\\Secret|string $apiKey = '{FAKE_PW}';", "apiKey"),
        (f"const PASSWORD = '{FAKE_PW}';", "PASSWORD"),
        (f"define('DB_PASSWORD', '{FAKE_PW}');", "DB_PASSWORD"),
    ],
)
def test_a_php_typed_property_given_a_literal_sets_it(line: str, name: str) -> None:
    assert _settings("app.php", f"<?php\n{line}\n") == [name]


@pytest.mark.parametrize(
    "line",
    [
        "private string|null $password = null;",
        "private string|null $password = '';",
        "private \\App\\Secret $apiKey = new \\App\\Secret('db');",
        "private \\App\\Secret $apiKey = \\App\\Secret::fromEnv();",
        "private string|null $password = '<password>';",
        "private string|null $user = 'app';",
        "$password = getenv('PW');",
        "const PASSWORD = PW_FROM_ENV;",
        "define('DB_PASSWORD', getenv('PW'));",
    ],
)
def test_php_code_sets_no_secret(line: str) -> None:
    assert _settings("app.php", f"<?php\n{line}\n") == []


def _settings_shown(key: str, text: str) -> list[str]:
    """``_settings`` of a key holding ``text``, with its line numbers; the value is nowhere in what the
    decision shows."""
    decision = decide(configmap({key: text}))
    assert FAKE_PW not in everything_shown(decision)
    return [f.message.split(" sets ", 1)[1].split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (f"<?php\n$password =\n'{FAKE_PW}';\n", '"password" in plain text (line 2).'),
        (f'<?php\n$password =\n"{FAKE_PW}";\n', '"password" in plain text (line 2).'),
        (f"<?php\n$db_pass\n= '{FAKE_PW}';\n", '"db_pass" in plain text (line 2).'),
        (f"<?php\n$db_host = 'db';\n$cfg['db']['password'] =\n'{FAKE_PW}';\n", '"password" in plain text (line 3).'),
        (f"<?php\n$this->apiKey\n=\t'{FAKE_PW}'; // rotate\n", '"apiKey" in plain text (line 2).'),
        (f"<?php\n  $password =\n      '{FAKE_PW}';\n", '"password" in plain text (line 2).'),
    ],
)
def test_a_php_assignment_over_two_lines_sets_its_secret(text: str, said: str) -> None:
    """Was missed: the = ending one line or starting the next left each line no assignment."""
    assert _settings_shown("config.php", text) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "<?php\n$password =\ngetenv('DB_PASSWORD');\n",
        "<?php\n$db_pass\n= $_ENV['DB_PASS'] ?? '';\n",
        "<?php\n$password =\n'';\n",
        "<?php\n$password =\n'<your-password>';\n",
        f"<?php\n$db_user =\n'{FAKE_PW}';\n",  # a neutral name
        f"<?php\n$token\n== '{FAKE_PW}';\n",  # a comparison
        f"<?php\n$token\n=> '{FAKE_PW}';\n",
        f"<?php\n$password =\n\n'{FAKE_PW}';\n",  # a blank line between: no value below
        f"<?php\n$password = \n$user = '{FAKE_PW}';\n",  # the next line's own assignment
    ],
)
def test_php_over_two_lines_of_code_or_a_neutral_name_sets_no_secret(text: str) -> None:
    assert _settings_shown("config.php", text) == []


def test_the_same_lines_in_a_key_of_another_language_are_not_joined() -> None:
    assert _settings_shown("app.py", f"$password =\n'{FAKE_PW}'\n") == []


def test_many_php_heads_stay_linear() -> None:
    import time

    text = "<?php\n" + "$a['" + "[" * 65536 + "\n" + "$password\n" * 8192 + f"= '{FAKE_PW}';\n"
    started = time.perf_counter()
    assert _settings_shown("config.php", text) == ['"password" in plain text (line 8194).']
    assert time.perf_counter() - started < 4


@pytest.mark.parametrize(
    "text",
    [
        f"<?php\n$password = // rotated monthly\n  '{FAKE_PW}';\n",
        f"<?php\n$password = # note\n  '{FAKE_PW}';\n",
        f"<?php\n$password = //\n'{FAKE_PW}';\n",
        f"<?php\n$password = /* x */\n  '{FAKE_PW}';\n",
        f"<?php\n$password = /* a */ // b\n  \"{FAKE_PW}\";\n",
    ],
)
def test_a_php_assignment_over_two_lines_with_a_comment_after_its_equals_sets_its_secret(text: str) -> None:
    """Was missed with a // or # comment after the = (a /* */ one was blanked already)."""
    assert _settings_shown("config.php", text) == ['"password" in plain text (line 2).']


@pytest.mark.parametrize(
    "text",
    [
        "<?php\n$password = // from the environment\n  getenv('DB_PASSWORD');\n",
        "<?php\n$password = // none yet\n  '';\n",
        "<?php\n$password = // x\n  '<your-password>';\n",
        f"<?php\n$password = // x\n\n  '{FAKE_PW}';\n",  # a blank line between
        f"<?php\n$db_user = // x\n  '{FAKE_PW}';\n",  # a neutral name
        f"<?php\n$password == // x\n  '{FAKE_PW}';\n",  # a comparison
    ],
)
def test_php_code_or_a_neutral_name_below_a_comment_sets_no_secret(text: str) -> None:
    assert _settings_shown("config.php", text) == []


def test_many_php_heads_with_comments_stay_linear() -> None:
    import time

    text = "<?php\n" + "$a = //" + "/" * 65536 + "\n" + "$password = // x\n" * 8192 + f"'{FAKE_PW}';\n"
    started = time.perf_counter()
    assert _settings_shown("config.php", text) == ['"password" in plain text (line 8194).']
    assert time.perf_counter() - started < 4
