"""disallow-plaintext-secrets: an assignment or declaration in source code whose ``=`` ends its line,
the value a string literal on the next (``const password =`` / ``'...';``, ``String password =`` /
``"...";``, Go's ``password :=`` / ``"..."``), is read as written on one line
(``config_files.assignment_over_two_lines``); code below, an empty string, a placeholder, a blank line
between, ``==`` and a neutral name stay harmless."""

from __future__ import annotations

import time

import pytest
from check_helpers import configmap, decide, everything_shown

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9x"


def _settings_shown(key: str, text: str) -> list[str]:
    """What each finding says a key sets, with its line; the value is nowhere in what the decision shows."""
    decision = decide(configmap({key: text}))
    assert FAKE_PW not in everything_shown(decision)
    return [f.message.split(" sets ", 1)[1].split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("key", "text", "said"),
    [
        ("config.js", f"const password =\n  '{FAKE_PW}';\n", '"password" in plain text (line 1).'),
        ("config.mjs", f"export const apiKey =\n  `{FAKE_PW}`;\n", '"apiKey" in plain text (line 1).'),
        ("config.ts", f"const password: string =\n  '{FAKE_PW}';\n", '"password" in plain text (line 1).'),
        ("config.js", f"const password = // rotated monthly\n  '{FAKE_PW}';\n", '"password" in plain text (line 1).'),
        ("App.java", f'class A {{\n  String password =\n      "{FAKE_PW}";\n}}\n', '"password" in plain text (line 2).'),
        ("App.java", f'class A {{\n  private static final String DB_PASSWORD =\n      "{FAKE_PW}";\n}}\n', '"DB_PASSWORD" in plain text (line 2).'),
        ("App.cs", f'class A {{\n  string password =\n      @"{FAKE_PW}";\n}}\n', '"password" in plain text (line 2).'),
        ("App.kt", f'class A {{\n  private val apiKey =\n    "{FAKE_PW}"\n}}\n', '"apiKey" in plain text (line 2).'),
        ("main.go", f'package main\nfunc f() {{\n  password :=\n    "{FAKE_PW}"\n}}\n', '"password" in plain text (line 3).'),
        ("settings.py", f'PASSWORD = \\\n    "{FAKE_PW}"\n', '"PASSWORD" in plain text (line 1).'),
        ("settings.py", f'PASSWORD = (\n    "{FAKE_PW}"\n)\n', '"PASSWORD" in plain text (line 1).'),
    ],
)
def test_an_assignment_over_two_lines_sets_its_secret(key: str, text: str, said: str) -> None:
    """Was missed (but Python's): the line ending with = assigned nothing, the string below was no setting."""
    assert _settings_shown(key, text) == [said]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("config.js", "const password =\n  process.env.DB_PASSWORD;\n"),
        ("config.js", "const password =\n  config.get('db.password');\n"),
        ("config.js", "const password =\n  '';\n"),
        ("config.js", "const password =\n  '<your-password>';\n"),
        ("config.js", f"const password =\n\n  '{FAKE_PW}';\n"),  # a blank line between
        ("config.js", f"if (password ==\n  '{FAKE_PW}') {{ run(); }}\n"),
        ("config.js", f"if (password ===\n  '{FAKE_PW}') {{ run(); }}\n"),
        ("config.js", f"password +=\n  '{FAKE_PW}';\n"),
        ("config.js", f"const dbUser =\n  '{FAKE_PW}';\n"),  # a neutral name
        ("config.js", f"// const password =\n'{FAKE_PW}';\n"),  # a comment line
        ("config.ts", f"type Password =\n  '{FAKE_PW}' | 'hashed';\n"),
        ("App.java", 'class A {\n  String password =\n      System.getenv("DB_PASSWORD");\n}\n'),
        ("App.kt", 'class A {\n  private val apiKey =\n    System.getenv("API_KEY")\n}\n'),
        ("main.go", 'package main\nfunc f() {\n  password :=\n    os.Getenv("DB_PASSWORD")\n}\n'),
        ("main.go", 'package main\nfunc f() {\n  password :=\n    ""\n}\n'),
        ("settings.py", 'PASSWORD = \\\n    os.getenv("DB_PASSWORD")\n'),
        ("settings.py", 'PASSWORD = (\n    config.get("db.password")\n)\n'),
        ("settings.py", f'if PASSWORD == \\\n    "{FAKE_PW}":\n    pass\n'),
        ("notes.txt", f"const password =\n  '{FAKE_PW}';\n"),  # no source code: its lines are no code
    ],
)
def test_code_a_comparison_or_a_neutral_name_over_two_lines_sets_no_secret(key: str, text: str) -> None:
    assert _settings_shown(key, text) == []


def test_many_heads_and_comments_stay_linear() -> None:
    text = "x = // " * 10000 + "\n" + "const password =\n" * 8192 + f"  '{FAKE_PW}';\n" + "a =" * 20000 + "\n'x'\n"
    started = time.perf_counter()
    assert _settings_shown("config.js", text) == ['"password" in plain text (line 8193).']
    assert time.perf_counter() - started < 4
