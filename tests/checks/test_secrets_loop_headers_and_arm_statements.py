"""disallow-plaintext-secrets: the header of a loop written as code in a ConfigMap key named as
source code (``for (let password = ""; !password; password = next())``), whose ``;`` set apart
its clauses and no connection string's entries."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text}), POLICY)]


LOOP_HEADERS_OF_CODE = [
    ("app.js", 'for (let password = ""; !password; password = next()) {}'),
    ("app.ts", 'for (let password = ""; !password; password = next()) {}'),
    ("app.mjs", 'for (let password = ""; !password; password = next()) { tries++; }'),
    ("App.java", 'for (String password = ""; password.isEmpty(); password = next()) {}'),
    ("App.java", 'for (String password = ""; !ok; password = next()) { run(); }'),
    ("App.cs", 'for (var password = ""; password == ""; password = Next()) {}'),
    ("App.cs", 'for (string password = ""; !ok; password = Next()) {}'),
    ("app.js", "for (let i = 0; i < n; password = next()) {}"),
    ("app.js", "for (;; password = pw) {}"),
    ("app.js", "for (let i = 0;password=next();i++) {}"),
    ("main.go", "for password := \"\"; password == \"\"; password = next() {}"),
    ("main.go", "func f() { for i := 0; i < n; pwd = nextPwd(pwd) { run() } }"),
    ("App.java", "for (int i = 0; i < n; password = next(i, \"x\")) {}"),
]


@pytest.mark.parametrize(("key", "line"), LOOP_HEADERS_OF_CODE)
def test_a_password_assigned_code_in_a_loop_header_is_no_connection_string(key: str, line: str) -> None:
    """A ``;`` in a loop's header ends a clause: ``; password = next()`` is code, no ``;Password=``
    entry of a connection string (``code_set_apart``)."""
    assert _messages(key, line) == []
    assert _messages(key, f"// x\n{line}\n") == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.js", f'for (let i = 0; i < n; password = "{FAKE_PW}") {{}}'),
        ("app.js", 'for (;; password = "changeme") {}'),
        ("App.java", f'for (String password = "{FAKE_PW}"; !ok; password = next()) {{}}'),
        ("app.js", f'x = 1; password = "{FAKE_PW}";'),
        ("main.go", f'for i := 0; i < n; password = "{FAKE_PW}" {{}}'),
        ("app.js", f'(function(){{a();password="{FAKE_PW}"}})()'),
    ],
)
def test_a_literal_in_a_loop_header_or_after_a_statement_is_still_reported(key: str, line: str) -> None:
    assert len(_messages(key, line)) == 1


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.txt", f"Server=db;User Id=app;Password={FAKE_PW};"),
        ("db.conn", f"Server=db; User Id=app; Password = {FAKE_PW};"),
        ("app.properties", f"db.url=Server=db;User Id=app;Password={FAKE_PW};"),
        (".env", f"DB=Server=db;User Id=app;Password={FAKE_PW};"),
        ("app.js", f'const cs = "Server=db;User Id=app;Password={FAKE_PW};";'),
        ("App.cs", f'var cs = "Server=db;User Id=app;Password={FAKE_PW};";'),
        ("App.java", f'for (String cs = "Server=db;Password={FAKE_PW};"; !ok; cs = next()) {{}}'),
        ("App.cs", f'foo(bar(); password = "{FAKE_PW}")'),
    ],
)
def test_connection_strings_stay_reported_in_every_key_kind(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and "connection string with a password" in messages[0], messages
