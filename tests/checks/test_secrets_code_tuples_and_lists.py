"""disallow-plaintext-secrets: a tuple in parentheses and a list of prefixed strings as the value of
a sensitive name in source code (``password = ("app", "...")``, ``token = [r'...']``), read as a
tuple without parentheses and a list of plain strings are."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, line: str) -> list[str]:
    return [f.message for f in findings(configmap({key: f"import x\n{line}\n"}), POLICY)]


REPORTED = [
    ("app.py", f'password = ("app", "{FAKE_PW}")'),
    ("app.py", f"password = ('{FAKE_PW}',)"),
    ("app.py", f'password = ( "app" , r"{FAKE_PW}" )'),
    ("app.py", f"token = [r'{FAKE_PW}']"),
    ("app.py", f'token = [b"{FAKE_PW}", "x"]'),
    ("app.py", f"token = [rb'{FAKE_PW}']"),
    ("app.py", "token = [r'changeme']"),
]


@pytest.mark.parametrize(("key", "line"), REPORTED)
def test_a_literal_in_a_tuple_or_a_prefixed_one_in_a_list_is_reported(key: str, line: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and "in plain text (line 2)" in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS = [
    ("app.py", 'password = ("", "")'),
    ("app.py", 'password = ("<user>", "<password>")'),
    ("app.py", "password = (user, get_pw())"),
    ("app.py", "password = (os.environ['USER'], os.environ['PW'])"),
    ("app.py", 'password = ("${USER}", "***")'),
    ("app.py", "token = [r'', f'{prefix}-x']"),
    ("app.py", "token = [r'<token>']"),
    ("app.py", "token = [f'{TOKEN}']"),
    ("app.py", "password = (a) + (b, c)"),
    ("app.py", 'passwords = (x for x in ("a", "b"))'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS)
def test_harmless_tuples_and_lists_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, line) == []


def test_a_tuple_nested_deep_is_read_without_recursion() -> None:
    """Each item of a tuple is judged as a string alone: a tuple in it is none, however deep."""
    line = "password = " + "(a, " * 5000 + '"x"' + ")" * 5000
    assert _messages("app.py", line) == []
