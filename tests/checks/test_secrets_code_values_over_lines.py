"""disallow-plaintext-secrets: a value of source code written over several lines in a ConfigMap key
named as source code, read whole: a value in parentheses (``password = (`` / ``"..."`` / ``)``)."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text}), POLICY)]


PARENTHESIZED_OVER_LINES = [
    ("app.py", f'password = (\n    "{FAKE_PW}"\n)\n', "password"),
    ("app.py", 'token = (\n    "Zq7fake"\n    "-pw9Xy2"\n)\n', "token"),
    ("app.py", f'password = (  # from the vault, some day\n    "{FAKE_PW}"  # rotate\n)\n', "password"),
    ("app.py", f'self.password = (\n    "{FAKE_PW}"\n)\n', "password"),
    ("app.py", f'password: str = (\n    "{FAKE_PW}"\n)\n', "password"),
    ("app.py", 'password = (\n    "changeme"\n)\n', "password"),
    ("app.py", f'password = (\n    os.getenv("PW")\n    or "{FAKE_PW}"\n)\n', "password"),
    ("app.kt", f'val password = (\n"{FAKE_PW}"\n)\n', "password"),
    ("app.js", f'const password = (\n  "{FAKE_PW}"\n);\n', "password"),
    ("app.ts", f'const password: string = (\n  "{FAKE_PW}"\n);\n', "password"),
    ("A.java", f'String password = (\n    "{FAKE_PW}"\n);\n', "password"),
    ("A.cs", f'var password = (\n    "{FAKE_PW}"\n);\n', "password"),
    ("a.php", f'$password = (\n    "{FAKE_PW}"\n);\n', "password"),
    ("main.go", f'password := (\n\t"{FAKE_PW}"\n)\n', "password"),
]


@pytest.mark.parametrize(("key", "text", "setting"), PARENTHESIZED_OVER_LINES)
def test_a_value_in_parentheses_over_lines_is_read_whole(key: str, text: str, setting: str) -> None:
    """``password = (`` / ``"..."`` / ``)`` assigns the string, as ``password = ("...")`` does;
    Python joins adjacent literals into one (``token = (`` / ``"a"`` / ``"b"`` / ``)``)."""
    messages = _messages(key, text)
    assert len(messages) == 1 and f'sets "{setting}" in plain text (line 1)' in messages[0], messages
    assert FAKE_PW not in messages[0] and "Zq7fake" not in messages[0]


def test_adjacent_literals_in_parentheses_on_one_line_are_one_literal() -> None:
    messages = _messages("app.py", 'token = ("Zq7fake" "-pw9Xy2")\n')
    assert len(messages) == 1 and 'sets "token" in plain text (line 1)' in messages[0], messages


def test_the_line_of_the_value_in_parentheses_is_reported_once_among_others() -> None:
    text = f'import os\n\nuser = "app"\npassword = (\n    "{FAKE_PW}"\n)\nport = 5432\n'
    messages = _messages("app.py", text)
    assert len(messages) == 1 and 'sets "password" in plain text (line 4)' in messages[0], messages


HARMLESS_PARENTHESIZED_OVER_LINES = [
    ("app.py", "password = (\n    get_pw()\n)\n"),
    ("app.py", 'password = (\n    ""\n)\n'),
    ("app.py", 'password = (\n""\n)\n'),
    ("app.py", 'password = (\n    "<password>"\n)\n'),
    ("app.py", 'password = (\n    "${PW}"\n)\n'),
    ("app.py", 'password = (\n    "xxx"\n)\n'),
    ("app.py", 'password = (\n    "***"\n)\n'),
    ("app.py", 'password = (\n    os.environ["PW"]\n)\n'),
    ("app.py", 'password = (\n    vault.read("db/password")\n)\n'),
    ("app.py", 'password = (\n    "%s:%s" % (user, pw)\n)\n'),
    ("app.py", 'password = (\n    f"{prefix}-{suffix}"\n)\n'),
    ("app.py", 'password = (\n    "" if missing else load()\n)\n'),
    ("app.py", 'password_policy = (\n    "strict-Zq7fake-pw9"\n)\n'),
    ("app.py", 'user = (\n    "app"\n)\n'),
    ("app.py", 'password = (\n    token == "Zq7fake-pw9"\n)\n'),
    ("app.kt", 'val password = (\nSystem.getenv("PW")\n)\n'),
    ("app.js", "const password = (\n  process.env.PW\n);\n"),
    ("app.js", 'const password = (\n  ""\n);\n'),
    ("A.java", 'String password = (\n    System.getenv("PW")\n);\n'),
    ("app.py", 'password = (\n    """\n    not code\n    """\n)\n'),
    ("app.py", "password = (\n"),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS_PARENTHESIZED_OVER_LINES)
def test_code_empty_strings_and_placeholders_in_parentheses_over_lines_stay_harmless(key: str, text: str) -> None:
    assert _messages(key, text) == []
