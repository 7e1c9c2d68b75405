"""disallow-plaintext-secrets: the arms of a switch or match expression in a ConfigMap key named
as source code, where their ``{`` is written on the line below the expression's head (Allman
style, C#'s default: ``var password = env switch`` / ``{`` / ``"prod" => "...",`` / ``};``). A
literal an arm gives is assigned; the case labels are compared; code, empty strings and
placeholders set nothing, nor does a ``{`` below a value that opens no arms."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _lines(key: str, text: str) -> list[str]:
    """Where the findings of a key holding ``text`` say a secret is set; no message quotes it."""
    messages = [f.message for f in findings(configmap({key: text}), POLICY)]
    assert all(FAKE_PW not in message for message in messages), messages
    return [message.split("in plain text (", 1)[1].split(")", 1)[0] for message in messages]


ALLMAN_LITERALS = [
    ("App.cs", f'var password = env switch\n{{\n    "prod" => "{FAKE_PW}",\n    _ => ""\n}};\n'),
    ("App.cs", f'private static string password = env switch\n{{\n    "dev" => GetPw(),\n    _ => "{FAKE_PW}",\n}};\n'),
    ("App.cs", f'var password = env switch // by environment\n{{ "prod" => "{FAKE_PW}", _ => "" }};\n'),
    ("App.java", f'String password = switch (env)\n{{\n    case "prod" -> "{FAKE_PW}";\n    default -> "";\n}};\n'),
    ("App.java", f'String password = switch (env)\n{{\n    case "a" ->\n    {{\n        yield "{FAKE_PW}";\n    }}\n    default -> "";\n}};\n'),
    ("App.kt", f'val password = when (env)\n{{\n    "prod" -> "{FAKE_PW}"\n    else -> ""\n}}\n'),
]


@pytest.mark.parametrize(("key", "text"), ALLMAN_LITERALS)
def test_a_literal_in_an_arm_whose_brace_is_on_the_next_line_is_assigned(key: str, text: str) -> None:
    """The head's line opens no brace: the line below it may, and then the arms are read as when the
    ``{`` ends the head's line."""
    assert _lines(key, text) == ["line 1"]


ALLMAN_OF_CODE = [
    ("App.cs", 'var password = env switch\n{\n    "prod" => GetPw(),\n    _ => ""\n};\n'),
    ("App.cs", 'var password = env switch\n{\n    "prod" => "<password>",\n    "dev" => "${PW}",\n    "ci" => "xxx",\n    _ => "***"\n};\n'),
    ("App.cs", f'var password = env switch\n{{\n    "{FAKE_PW}" => GetPw(),\n    _ => ""\n}};\n'),
    ("App.cs", f'var color = env switch\n{{\n    "prod" => "{FAKE_PW}",\n    _ => ""\n}};\n'),
    ("App.java", f'String password = switch (env)\n{{\n    case "{FAKE_PW}" -> getPw();\n    default -> null;\n}};\n'),
    ("App.cs", f'var password = GetPw()\n{{\n    "prod" => "{FAKE_PW}",\n}};\n'),
    ("App.cs", f'var password = env switch\nLog();\n{{\n    "prod" => "{FAKE_PW}",\n}};\n'),
    ("App.java", f'String password = x;\n{{\n    String y = "{FAKE_PW}";\n}}\n'),
    ("app.ts", f'const password = when(env)\n{{\n    const f = () => "{FAKE_PW}";\n}}\n'),
    ("app.js", f'let password = match(env)\n{{ const f = () => "{FAKE_PW}" }}\n'),
]


@pytest.mark.parametrize(("key", "text"), ALLMAN_OF_CODE)
def test_arms_of_code_or_a_brace_below_no_head_assign_nothing(key: str, text: str) -> None:
    """Calls, placeholders and empty strings are no secret; a case label is compared; a neutral name
    sets none; a ``{`` below a value that is no switch head (or a line of code after it) opens no arms, nor
    below a call in a language with no such expression (JavaScript's ``when(env)`` then a block)."""
    assert _lines(key, text) == []


def test_a_head_left_without_its_brace_lets_the_next_line_open_arms_of_its_own() -> None:
    text = f'var password = env switch\nvar token = env switch {{\n    "prod" => "{FAKE_PW}",\n    _ => ""\n}};\n'
    assert _lines("App.cs", text) == ["line 2"]


PHP_MATCH_LITERALS = [
    f"$password = match($env) {{ 'prod' => '{FAKE_PW}', default => '' }};",
    f"$password = match ($env) {{ 'dev' => getenv('PW'), default => '{FAKE_PW}' }};",
    f"$password = match($env) {{ 'a', 'b' => $x, 'prod' => \"{FAKE_PW}\", default => null }};",
    f"$password = match($env) {{\n    'prod' => '{FAKE_PW}',\n    default => '',\n}};",
    f"$password = match($env)\n{{\n    'prod' => '{FAKE_PW}',\n    default => '',\n}};",
    f"$config['db']['password'] = match(true) {{\n    $env === 'prod' => '{FAKE_PW}',\n    default => '',\n}};",
]


@pytest.mark.parametrize("text", PHP_MATCH_LITERALS)
def test_a_literal_in_an_arm_of_a_php_match_is_assigned(text: str) -> None:
    """PHP 8's ``match($env) { 'prod' => '...', default => '' }`` is an expression: each arm's value
    is assigned, on one line or over lines; its conditions are compared."""
    assert _lines("config.php", "<?php\n" + text + "\n") == ["line 2"]


PHP_MATCH_OF_CODE = [
    "$password = match($env) { 'prod' => getenv('PW'), default => '' };",
    "$password = match($env) { 'prod' => '<password>', 'dev' => '${PW}', 'ci' => 'xxx', default => '***' };",
    f"$password = match($env) {{ '{FAKE_PW}' => readPassword(), default => null }};",
    f"$password = match($env) {{\n    '{FAKE_PW}' => $vault->read('pw'),\n    default => '',\n}};",
    f"$color = match($env) {{ 'prod' => '{FAKE_PW}', default => '' }};",
    f"$color = match($env) {{\n    'prod' => '{FAKE_PW}',\n    default => '',\n}};",
]


@pytest.mark.parametrize("text", PHP_MATCH_OF_CODE)
def test_arms_of_code_in_a_php_match_assign_nothing(text: str) -> None:
    assert _lines("config.php", "<?php\n" + text + "\n") == []
