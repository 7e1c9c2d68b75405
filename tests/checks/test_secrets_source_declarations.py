"""disallow-plaintext-secrets: declarations in a ConfigMap key named as source code. A file's first
line (``package a``, ``import x``, ``module a``) says nothing of how its declarations are read: a
one-segment ``package`` line marks Go only in Go or in a key not named as source code."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text}), POLICY)]


FIRST_LINES = ["package a", "package app", "package main", "package com.example", "import x", "module a", ""]
DECLARATIONS = [
    ("App.kt", f'val password = "{FAKE_PW}"'),
    ("App.kts", f'val password = "{FAKE_PW}"'),
    ("App.scala", f'val password = "{FAKE_PW}"'),
    ("App.groovy", f'def password = "{FAKE_PW}"'),
    ("App.java", f'String password = "{FAKE_PW}";'),
    ("main.go", f'var password = "{FAKE_PW}"'),
]


@pytest.mark.parametrize("first", FIRST_LINES)
@pytest.mark.parametrize(("key", "declaration"), DECLARATIONS)
def test_a_first_line_leaves_a_declaration_reported(key: str, declaration: str, first: str) -> None:
    """``package a`` before Kotlin's ``val password = "..."`` took the text for Go, where ``val
    password`` declares ``val`` of type ``password``: the whole file was silenced."""
    messages = _messages(key, f"{first}\n{declaration}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


@pytest.mark.parametrize("key", ["main.go", "config.go"])
def test_a_go_file_with_a_one_segment_package_still_reads_its_typed_declarations(key: str) -> None:
    text = f'package main\n\nvar (\n\tPassword string = "{FAKE_PW}"\n)\n'
    assert len(_messages(key, text)) == 1
    assert _messages(key, text.replace(f'"{FAKE_PW}"', 'os.Getenv("PW")')) == []


@pytest.mark.parametrize("first", ["package a", "package main"])
@pytest.mark.parametrize("key", ["App.kt", "App.scala", "App.java"])
def test_code_after_a_first_line_stays_harmless(key: str, first: str) -> None:
    for value in ['""', '"<password>"', '"${PW}"', '"xxx"', '"***"', "System.getenv(\"PW\")", "readPassword()"]:
        assert _messages(key, f"{first}\nval password = {value}\n") == [], value


FAKE_KEY = "Zq7fakeKey9Xy2"
CONSTANTS = [
    ("App.kt", f'const val API_KEY = "{FAKE_KEY}"'),
    ("App.kt", f'    const val API_KEY = "{FAKE_KEY}"'),
    ("App.kt", f'const val PASSWORD: String = "{FAKE_KEY}"'),
    ("App.kts", f'const val API_KEY = "{FAKE_KEY}"'),
    ("App.java", f'    static final String API_KEY = "{FAKE_KEY}";'),
    ("App.java", f'    public static final String API_KEY = "{FAKE_KEY}";'),
    ("App.scala", f'  final val API_KEY = "{FAKE_KEY}"'),
    ("App.scala", f'  final val API_KEY: String = "{FAKE_KEY}"'),
]


@pytest.mark.parametrize(("key", "declaration"), CONSTANTS)
def test_a_constant_in_an_object_is_reported(key: str, declaration: str) -> None:
    """Kotlin's ``const val API_KEY = "..."`` was read as Go's ``const val API_KEY``, a constant
    ``val`` of type ``API_KEY``: a neutral name, which silenced the line."""
    text = f"package com.x\n\nobject Conf {{\n{declaration}\n    fun f() = 1\n}}\n"
    messages = _messages(key, text)
    assert len(messages) == 1 and "in plain text (line 4)" in messages[0], messages
    assert FAKE_KEY not in messages[0]


@pytest.mark.parametrize("key", ["App.kt", "App.scala", "App.java", "app.ts"])
@pytest.mark.parametrize(
    "declaration", ["const val API_KEY = BuildConfig.API_KEY", 'const val API_KEY = ""', 'const val API_KEY = "<api-key>"', "const val API_KEY_LENGTH = 32"]
)
def test_a_constant_of_code_or_a_placeholder_stays_harmless(key: str, declaration: str) -> None:
    assert _messages(key, f"object Conf {{\n    {declaration}\n}}\n") == []


@pytest.mark.parametrize("key", ["main.go", "config.go", "config.txt"])
def test_go_declarations_are_still_read_as_go(key: str) -> None:
    text = f'package config\n\nconst APIKey string = "{FAKE_KEY}"\nvar dbPassword, dbUser = "{FAKE_KEY}", "app"\n'
    assert len(_messages(key, text)) == 2


PARENTHESIZED_LITERALS = [
    ("App.kt", f'val password = ("{FAKE_PW}")'),
    ("App.kt", f'val password = (("{FAKE_PW}"))'),
    ("App.scala", f'val password = ("{FAKE_PW}")'),
    ("app.py", f'password = ("{FAKE_PW}")'),
    ("app.py", f"password = ('{FAKE_PW}')  # the default"),
    ("app.py", f'password = ( "{FAKE_PW}" )'),
    ("app.js", f'const password = ("{FAKE_PW}");'),
    ("app.ts", f"const password: string = ('{FAKE_PW}');"),
    ("App.java", f'String password = ("{FAKE_PW}");'),
    ("app.rb", f'password = ("{FAKE_PW}")'),
    ("app.py", f'password = ("changeme")'),
]


@pytest.mark.parametrize(("key", "line"), PARENTHESIZED_LITERALS)
def test_a_lone_literal_in_parentheses_is_assigned(key: str, line: str) -> None:
    """``password = ("...")`` assigns the literal its parentheses hold, as ``password = "..."`` does."""
    messages = _messages(key, f"import os\n\n{line}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


PARENTHESIZED_CODE = [
    ("app.py", "password = (get_pw())"),
    ("app.py", 'password = ("")'),
    ("app.py", "password = ('')"),
    ("app.py", 'password = ("<password>")'),
    ("app.py", 'password = ("${PW}")'),
    ("app.py", 'password = ("xxx")'),
    ("app.py", 'password = ("***")'),
    ("app.py", 'password = ("<user>", "<password>")'),
    ("app.py", 'password = ("", "")'),
    ("app.py", 'password = (os.environ["PW"])'),
    ("app.py", f'password = ("{FAKE_PW}" % x)'),
    ("app.py", f'password = ("{FAKE_PW}") + suffix'),
    ("app.py", 'password = (f"{prefix}-pw")'),
    ("app.py", f'password = (env == "{FAKE_PW}")'),
    ("App.kt", "val password = (readLine() ?: \"\")"),
    ("App.kt", 'val password = (System.getenv("PW"))'),
    ("app.js", "const password = (process.env.PW);"),
    ("app.js", 'const password = ("");'),
    ("app.js", "const password = (`${prefix}-pw`);"),
]


@pytest.mark.parametrize(("key", "line"), PARENTHESIZED_CODE)
def test_parentheses_around_code_or_a_placeholder_assign_nothing(key: str, line: str) -> None:
    assert _messages(key, f"import os\n\n{line}\n") == []


def test_parentheses_left_open_hold_no_lone_string() -> None:
    """A ``)`` more closes a call around the value (``without_closers``); one fewer leaves it open."""
    assert _messages("app.py", f'password = (("{FAKE_PW}")\n') == []
    assert len(_messages("app.py", f'password = ((("{FAKE_PW}")))\n')) == 1


def test_a_declarations_value_is_read_once_for_its_two_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``String password = System.getenv("PW");`` is judged under its variable's name, then (no
    secret in it) under its type and variable: its value is read into its items once for both, and
    a literal's declaration is reported as before, the value shown nowhere."""
    from check_helpers import decide, everything_shown

    from webhook.checks.secrets import config_files, source_code
    from webhook.checks.secrets.names import Names

    read: list[str] = []
    entries = source_code.code_object_entries
    monkeypatch.setattr(source_code, "code_object_entries", lambda value: read.append(value) or entries(value))
    source_code._code_value.cache_clear()
    names = Names.of((), ())
    line = 'String password = System.getenv("PW");'
    assert source_code.typed_declaration_setting(names, line, ".java") is None
    assert config_files._spaced_setting(names, line, True) is None
    assert read == ['System.getenv("PW")']
    decision = decide(configmap({"App.java": f'int n = 1; String password = "{FAKE_PW}"; String token = System.getenv("T");\n'}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages
    assert FAKE_PW not in everything_shown(decision)
