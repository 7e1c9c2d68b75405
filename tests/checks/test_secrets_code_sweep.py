"""disallow-plaintext-secrets: false positives found by sweeping real source files (the gcloud SDK,
npm's modules, CPython's standard library) wrapped as ConfigMap keys, each with the literal next to
it that stays reported."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


CREDENTIALS_MODES = [
    ("app.js", "const opts = { credentials: 'include' };"),
    ("app.js", "const opts = { credentials: 'same-origin', mode: 'cors' };"),
    ("app.js", "fetch(url, { credentials: 'include' })"),
    ("app.js", 'fetch(url, { credentials: "omit" });'),
    ("app.js", "const request = {\n  credentials: init.credentials ?? 'same-origin',\n};"),
    ("app.js", "const USE_CREDENTIALS = 'use-credentials'"),
    ("app.ts", "this.credentials = 'include';"),
    ("app.py", "credentials = 'same-origin'"),
    ("app.js", 'el.innerHTML = \'<script crossorigin="use-credentials" src="x.js"></script>\';'),
    ("config.yaml", "api:\n  credentials: include"),
    ("config.yaml", "credentials: 'same-origin'"),
    ("config.json", '{"api": {"credentials": "include"}}'),
    ("config.ini", "[api]\ncredentials = omit"),
    ("config.env", "FETCH_CREDENTIALS=include"),
    ("index.html", '<script crossorigin="use-credentials" src="x.js"></script>'),
]


@pytest.mark.parametrize(("key", "text"), CREDENTIALS_MODES)
def test_a_fetch_or_cors_credentials_mode_is_no_secret(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.js", f"const opts = {{ credentials: '{FAKE_PW}' }};"),
        ("app.js", "const opts = { credentials: 'includes' };"),
        ("config.yaml", f"credentials: {FAKE_PW}"),
        ("config.json", f'{{"api": {{"credentials": "{FAKE_PW}"}}}}'),
        ("config.yaml", "password: include"),
        ("app.py", "token = 'same-origin'"),
    ],
)
def test_another_value_under_credentials_or_a_mode_under_another_name_stays_reported(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and FAKE_PW not in messages[0], messages


COMMAND_LINE_OPTIONS = [
    ("app.py", "OPTIONS = {'user': '-U', 'password': '-p'}"),
    ("app.py", "OPTIONS = {'password': '-W'}"),
    ("app.py", "PASSWORD_FLAG = '--password'"),
    ("app.js", "const PASSWORD_FLAG = '--password-stdin';"),
    ("app.py", "run(password='--password-file')"),
    ("config.yaml", "password: --password-stdin"),
    ("config.yaml", "password: '-p'"),
    ("config.json", '{"password": "--password-stdin"}'),
    ("config.ini", "[psql]\npassword = -W"),
    ("config.env", "PASSWORD_FLAG=--password"),
    ("config.properties", "db.password=-p"),
]


@pytest.mark.parametrize(("key", "text"), COMMAND_LINE_OPTIONS)
def test_a_command_line_option_is_no_secret(key: str, text: str) -> None:
    """A dash and a letter or two, or dashes and a name-shaped word: an option a program is run with."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.py", "password = '-Zq7fake'"),
        ("app.py", "OPTIONS = {'password': '-pZq7fake'}"),
        ("config.yaml", "password: -Zq7fake"),
        ("config.yaml", "password: --Zq7fake-pw"),
        ("config.json", '{"password": "-p4ss"}'),
        ("config.ini", "[psql]\npassword = -W Zq7fake"),
        ("config.env", "PASSWORD=-9Zq7fake"),
        ("config.env", "PASSWORD=-p Zq7fake"),
        ("config.properties", "db_password=-p Zq7fake"),
        ("config.properties", "db_password=-p # Zq7fake"),
        ("config.yaml", "password: -p -W"),
    ],
)
def test_a_dash_before_a_literal_stays_reported(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and "Zq7fake" not in messages[0], messages


CODE_OPERANDS = [
    ("app.py", "params = {\n    'token': self.refresh_token or self.token,\n}"),
    ("app.py", "params = {'token': self.refresh_token or self.token}"),
    ("app.py", "params = {\n    'password': self.password and self.password.strip(),\n}"),
    ("app.py", "params = {\n    'token': token if token else self.token,\n}"),
    ("app.js", "const params = {\n  token: opts.token || this.token,\n};"),
    ("app.py", "token = \"'\", token[0][1:-1]"),
    ("app.py", "token, rest = ':', text"),
    ("app.py", "token = 'ab'"),
    ("app.py", "params = {\n    'password': '\\n',\n}"),
    ("app.js", "const SEPARATOR_TOKEN = '::';"),
    ("app.py", "password = self.password or '', None"),
]


@pytest.mark.parametrize(("key", "text"), CODE_OPERANDS)
def test_identifiers_joined_by_operators_a_tuple_of_code_and_a_short_string_are_code(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.py", f"params = {{\n    'token': self.token or '{FAKE_PW}',\n}}"),
        ("app.py", f"params = {{'token': token or '{FAKE_PW}'}}"),
        ("app.py", f"token = '{FAKE_PW}', None"),
        ("app.py", f"token = None, '{FAKE_PW}'"),
        ("app.py", "token = 'Zq7'"),
        ("app.js", f"const token = '{FAKE_PW}', other = 1;"),
        ("config.yaml", "token: ab"),
    ],
)
def test_a_literal_default_or_item_and_a_longer_string_stay_reported(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and FAKE_PW not in messages[0], messages
