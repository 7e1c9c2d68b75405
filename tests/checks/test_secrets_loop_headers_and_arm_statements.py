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
        ("app.rb", f"cs = %q(Server=db;User Id=app;Password={FAKE_PW};)"),
        ("app.rb", f"cs = %Q(Server=db;User Id=app;Password={FAKE_PW};)"),
        ("app.js", f"f(String.raw(Server=db;User Id=app;Password={FAKE_PW};))"),
        ("App.java", f"open(format(Server=db; Password = {FAKE_PW}; Timeout=5))"),
    ],
)
def test_connection_strings_stay_reported_in_every_key_kind(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and "with a password in plain text" in messages[0], messages


ASSIGNMENTS_IN_ARMS = [
    ("App.java", f'switch (env) {{ case "prod" -> password = "{FAKE_PW}"; default -> {{}} }}'),
    ("App.java", f'switch (env) {{ case "dev", "prod" -> password = "{FAKE_PW}"; default -> {{}} }}'),
    ("App.java", f'switch (env) {{ case PROD -> password = "{FAKE_PW}"; default -> password = ""; }}'),
    ("App.java", f'switch (env) {{ case 1 -> x(); default -> password = "{FAKE_PW}"; }}'),
    ("App.java", f'switch (env) {{ case 1 -> {{ password = "{FAKE_PW}"; }} }}'),
    ("App.java", f'switch (env) {{\n    case "prod" -> password = "{FAKE_PW}";\n    default -> {{}}\n}}'),
    ("App.java", f'switch (env) {{\n    case "dev" -> x();\n    case "prod" -> this.password = "{FAKE_PW}";\n}}'),
    ("App.java", f'switch (env) {{\n    default -> password = "changeme";\n}}'),
    ("App.java", f'switch (env) {{\n    case "prod": password = "{FAKE_PW}"; break;\n}}'),
    ("App.cs", f'switch (env) {{\n    case "prod": password = "{FAKE_PW}"; break;\n}}'),
    ("main.go", f'switch env {{\ncase "prod": password = "{FAKE_PW}"\n}}'),
]


@pytest.mark.parametrize(("key", "text"), ASSIGNMENTS_IN_ARMS)
def test_an_assignment_after_a_case_label_is_a_statement(key: str, text: str) -> None:
    """Java's ``case "prod" -> password = "...";`` (and a ``case ...:`` label's statement on its line):
    the label is compared, the assignment after it is read as a line of its own."""
    messages = _messages(key, text)
    assert len(messages) == 1 and "password" in messages[0], messages
    assert FAKE_PW not in messages[0]


ARMS_OF_CODE = [
    ("App.java", f'switch (env) {{ case "{FAKE_PW}" -> password = next(); default -> {{}} }}'),
    ("App.java", 'switch (env) {\n    case "prod" -> password = System.getenv("PW");\n    default -> password = "";\n}'),
    ("App.java", 'switch (env) {\n    case "prod" -> password = "${PW}";\n    case "dev" -> password = "<password>";\n}'),
    ("App.java", 'switch (env) {\n    case "prod" -> password = "xxx";\n    default -> password = "***";\n}'),
    ("App.java", f'String user = switch (env) {{\n    case "{FAKE_PW}" -> "app";\n    default -> "x";\n}};'),
    ("App.java", f'String user = switch (env) {{\n    case "prod" -> "{FAKE_PW}";\n    default -> "x";\n}};'),
    ("App.java", f'switch (env) {{\n    case "prod" -> ok = password.equals("{FAKE_PW}");\n}}'),
    ("App.java", f'switch (env) {{\n    case "prod" -> log("password = {FAKE_PW}" == x);\n}}'),
    ("a.php", f'switch ($env) {{\n    case $this->password: $user = "{FAKE_PW}"; break;\n}}'),
]


@pytest.mark.parametrize(("key", "text"), ARMS_OF_CODE)
def test_labels_compared_and_arms_of_code_stay_harmless(key: str, text: str) -> None:
    assert _messages(key, text) == []


CS_ARMS = '    "prod" => "{pw}",\n    _ => ""\n}};\n'
JAVA_ARMS = '    case "prod" -> "{pw}";\n    default -> "";\n}};\n'
BETWEEN_HEAD_AND_BRACE = ["\n", "   \n", "// the arms\n", "/* the arms */\n", "\n// by env\n\n", "/* a */ // b\n"]


@pytest.mark.parametrize("between", BETWEEN_HEAD_AND_BRACE)
@pytest.mark.parametrize(
    ("key", "head", "arms"),
    [
        ("App.cs", "var password = env switch\n", CS_ARMS),
        ("App.java", "String password = switch (env)\n", JAVA_ARMS),
        ("App.php", "$password = match ($env)\n", "    'prod' => '{pw}',\n    default => '',\n}};\n"),
    ],
)
def test_a_blank_or_comment_line_between_the_head_and_its_brace_keeps_the_arms(key: str, head: str, arms: str, between: str) -> None:
    """Allman style with a blank line or a comment between ``env switch`` and its ``{``: the arms are
    read as when the ``{`` is on the line below the head."""
    messages = _messages(key, head + between + "{\n" + arms.format(pw=FAKE_PW))
    assert len(messages) == 1 and '"password"' in messages[0] and "(line 1)" in messages[0], messages


@pytest.mark.parametrize("between", [*BETWEEN_HEAD_AND_BRACE, "# the arms\n"])
def test_a_hash_comment_between_a_php_head_and_its_brace_keeps_the_arms(between: str) -> None:
    text = "$password = match ($env)\n" + between + "{\n    'prod' => '" + FAKE_PW + "',\n    default => '',\n};\n"
    assert len(_messages("App.php", text)) == 1


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("App.cs", 'var password = env switch\n\n{\n    "prod" => Environment.GetEnvironmentVariable("PW"),\n    _ => ""\n};\n'),
        ("App.cs", 'var password = env switch\n// x\n{\n    "' + FAKE_PW + '" => "",\n    _ => "${PW}"\n};\n'),
        ("App.java", 'String password = switch (env)\n\n{\n    case "prod" -> System.getenv("PW");\n    default -> "";\n};\n'),
        ("App.cs", 'var password = env switch\n\nint x = 1;\n{\n    "prod" => "' + FAKE_PW + '",\n};\n'),
    ],
)
def test_arms_of_code_after_a_blank_line_stay_harmless(key: str, text: str) -> None:
    """Arms of code, placeholders and compared labels stay code; a line of code between the head and
    a ``{`` ends the wait (the braces hold no arms of its value)."""
    assert _messages(key, text) == []
