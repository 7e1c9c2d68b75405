"""disallow-plaintext-secrets: several statements on one line of a ConfigMap key named as source
code. A body opened and closed on its line (``class A { String password = "..."; }``) holds
statements read as lines of their own, as the same code written over several lines is."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text}), POLICY)]


ONE_LINE_BODIES = [
    ("A.java", f'class A {{ String password = "{FAKE_PW}"; }}'),
    ("A.java", f'class A{{String password="{FAKE_PW}";}}'),
    ("A.scala", f'object A {{ val password = "{FAKE_PW}" }}'),
    ("A.kt", f'object A {{ val password = "{FAKE_PW}" }}'),
    ("A.kt", f'fun f() {{ val password = "{FAKE_PW}" }}'),
    ("A.kt", f'class A : B() {{ val password = "{FAKE_PW}" }}'),
    ("a.js", f'class A {{ password = "{FAKE_PW}"; }}'),
    ("a.ts", f'class A {{ password = "{FAKE_PW}"; }}'),
    ("a.js", f'function f() {{ const password = "{FAKE_PW}"; }}'),
    ("a.ts", f'function f() {{ const password = "{FAKE_PW}"; }}'),
    ("a.js", f'const f = () => {{ const password = "{FAKE_PW}"; }};'),
    ("a.js", f'if (ok) {{ x(); }} else {{ password = "{FAKE_PW}"; }}'),
    ("main.go", f'func main() {{ password := "{FAKE_PW}" }}'),
    ("a.php", f'function f() {{ $password = "{FAKE_PW}"; }}'),
    ("A.cs", f'class A {{ string password = "{FAKE_PW}"; }}'),
    ("A.kt", f'class A {{ fun f() {{ val password = "{FAKE_PW}" }} }}'),
    ("A.kt", 'object A { val password = "changeme" }'),
]


@pytest.mark.parametrize(("key", "line"), ONE_LINE_BODIES)
def test_a_statement_in_a_body_on_one_line_is_read(key: str, line: str) -> None:
    """The ``{`` of a body lets what follows it be read as a statement of its own."""
    messages = _messages(key, f"// one line\n{line}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_BODIES = [
    ("A.java", 'class A { String password = ""; }'),
    ("A.java", 'class A { String password = System.getenv("PW"); }'),
    ("A.java", 'class A { String password = "<password>"; }'),
    ("A.kt", 'object A { val password = "${PW}" }'),
    ("A.kt", 'object A { val password = "xxx" }'),
    ("A.kt", 'object A { val password = "***" }'),
    ("A.kt", "object A { val password: String? = null }"),
    ("A.kt", "object A { lateinit var password: String }"),
    ("A.kt", 'fun f() { if (password == "x") { login() } }'),
    ("a.js", 'if (password === "x") { deny(); }'),
    ("a.js", 'function f() { return { password: "" }; }'),
    ("a.js", "function f() { const password = process.env.PW; }"),
    ("a.js", 'function f() { log("{ password = x }"); }'),
    ("a.js", 'function f() { run(); } // { password = "Zq7fake-pw9" }'),
    ("a.ts", "class A { password: string; }"),
    ("main.go", 'func main() { fmt.Println("x") }'),
    ("a.py", "d = {'password': get()}"),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_BODIES)
def test_harmless_statements_in_a_body_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"// one line\n{line}\n") == []


def test_an_object_after_export_default_is_no_body() -> None:
    """``export default { ... }`` opens an object, whose entries are read as such, once each."""
    messages = _messages("config.ts", f"export default {{ password: process.env.PW!, token: '{FAKE_PW}' }};\n")
    assert len(messages) == 1 and '"token"' in messages[0], messages


SECOND_STATEMENTS = [
    ("A.kt", f'val user = "app"; val token = "{FAKE_PW}"'),
    ("A.java", f'String user = "app"; String token = "{FAKE_PW}";'),
    ("app.js", f'const user = "app"; const token = "{FAKE_PW}";'),
    ("app.ts", f'let user: string = "app"; let token: string = "{FAKE_PW}";'),
    ("app.py", f'user = "app"; token = "{FAKE_PW}"'),
    ("app.rb", f"user = 'app'; token = '{FAKE_PW}'"),
    ("app.js", f'var a=1;token="{FAKE_PW}";'),
    ("app.py", f'x = "a;b"; token = "{FAKE_PW}"'),
    ("app.py", f'd = {{"a": 1}}; token = "{FAKE_PW}"'),  # a dict's braces open no body, its ; ends a statement
    ("app.rb", f"h = {{ a: 1 }}; token = '{FAKE_PW}';"),
    ("App.java", f'for (int i = 0; i < n; i++) {{ x(); }} String token = "{FAKE_PW}";'),
]


@pytest.mark.parametrize(("key", "line"), SECOND_STATEMENTS)
def test_a_statement_after_a_semicolon_is_read(key: str, line: str) -> None:
    """What follows a ``;`` that ends a statement is read as a statement of its own."""
    messages = _messages(key, f"import x\n{line}\n")
    assert len(messages) == 1 and 'sets "token" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_SECOND_STATEMENTS = [
    ("A.kt", 'val user = "app"; val token = ""'),
    ("A.java", 'String user = "app"; String token = System.getenv("TOKEN");'),
    ("app.js", 'const user = "app"; const token = "${TOKEN}";'),
    ("app.js", 'const user = "app"; if (token === "x") {}'),
    ("app.py", 'user = "app"; token = "<token>"'),
    ("app.py", f"x = \"; token = '{FAKE_PW}'\""),
    ("app.py", "token = get(); user = get_user()"),
    ("App.java", 'for (int token = 0; token < n; token++) { x(); }'),
    ("app.js", f'const user = "app"; // token = "{FAKE_PW}";'),
    ("app.py", f'user = "app"  # ; token = "{FAKE_PW}"'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_SECOND_STATEMENTS)
def test_harmless_statements_after_a_semicolon_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"import x\n{line}\n") == []


def test_a_semicolon_in_a_string_ends_no_statement() -> None:
    """``password = "a;b"`` is one value, reported once, by its whole line."""
    messages = _messages("app.py", 'password = "a;b"\n')
    assert len(messages) == 1 and 'sets "password" in plain text (line 1)' in messages[0], messages


SEVERAL_DECLARATORS = [
    ("app.js", f'var user, password = "{FAKE_PW}"'),
    ("app.js", f'let user = "app", password = "{FAKE_PW}";'),
    ("app.ts", f'const user: string = "app", password: string = "{FAKE_PW}";'),
    ("app.js", f'export const user = "app", password = "{FAKE_PW}";'),
    ("app.js", f'a=f(b,c);var d=1,password="{FAKE_PW}";'),
    ("app.js", f'let x = f(a, b), password = "{FAKE_PW}";'),
    ("main.go", f'var user, password = "app", "{FAKE_PW}"'),
]


@pytest.mark.parametrize(("key", "line"), SEVERAL_DECLARATORS)
def test_each_name_of_a_declaration_is_read(key: str, line: str) -> None:
    """``let a = 1, password = "..."`` declares ``password`` as ``let password = "..."`` does."""
    messages = _messages(key, f"// x\n{line}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_DECLARATORS = [
    ("app.js", 'let user = "app", password = "";'),
    ("app.js", "let user = 'app', password = process.env.PW;"),
    ("app.js", 'var user, password;'),
    ("app.js", 'let user = f("a, password = x"), b = 1;'),
    ("app.ts", 'const m: Map<string, string> = new Map(), password = "${PW}";'),
    ("app.js", 'x = [a, password = "<password>"];'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_DECLARATORS)
def test_harmless_names_of_a_declaration_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"// x\n{line}\n") == []


CONSTRUCTOR_DEFAULTS = [
    ("App.kt", f'class A(val password: String = "{FAKE_PW}")'),
    ("App.kt", f'data class Db(val user: String = "app", val password: String = "{FAKE_PW}")'),
    ("App.kt", f'class A(private val password: String = "{FAKE_PW}")'),
    ("App.kt", f'class A(var password: String = "{FAKE_PW}")'),
    ("App.kt", f'class A(override val password: String = "{FAKE_PW}") : B()'),
    ("App.scala", f'case class Db(password: String = "{FAKE_PW}")'),
    ("App.scala", f'class A(val password: String = "{FAKE_PW}")'),
    ("App.scala", f'case class Db(user: String = "app", password: String = "{FAKE_PW}")'),
    ("app.ts", f'class A {{ constructor(private readonly password: string = "{FAKE_PW}") {{}} }}'),
]


@pytest.mark.parametrize(("key", "line"), CONSTRUCTOR_DEFAULTS)
def test_a_constructor_property_default_is_read(key: str, line: str) -> None:
    """``val``, ``var`` and modifiers before a parameter leave its default read as a parameter's."""
    messages = _messages(key, f"// x\n{line}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_CONSTRUCTOR_DEFAULTS = [
    ("App.kt", "class A(val password: String)"),
    ("App.kt", 'class A(val password: String = "")'),
    ("App.kt", 'class A(val password: String = System.getenv("PW"))'),
    ("App.kt", 'class A(val password: String = "<password>")'),
    ("App.kt", 'class A(val password: String? = null)'),
    ("App.scala", 'case class Db(password: String = "${PW}")'),
    ("App.kt", 'class A(val passwordLength: Int = 12)'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_CONSTRUCTOR_DEFAULTS)
def test_harmless_constructor_property_defaults_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"// x\n{line}\n") == []


NAMES_READ_IN_A_LATER_STATEMENT = [
    ("App.java", f'String sec_ret = "{FAKE_PW}";', "sec_ret"),  # folded across its words: secret
    ("app.js", f'sec\u212aret = "{FAKE_PW}";', "sec\u212aret"),  # a Kelvin sign is no letter of a name's words
    ("app.js", f'sec\u00e9ret = "{FAKE_PW}";', "sec\u00e9ret"),
    ("app.js", f'requirepass = "{FAKE_PW}";', "requirepass"),
    ("app.js", f'_auth = "{FAKE_PW}";', "_auth"),
    ("app.js", 'encrypt = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";', "encrypt"),
    ("app.js", 'routing_key = "0123456789abcdef0123456789abcdef";', "routing_key"),
    ("app.js", f'pw = "{FAKE_PW}";', "pw"),
    ("app.js", f'AUTH_SALT = "{FAKE_PW}";', "AUTH_SALT"),
    ("app.js", f'erlang_cookie = "{FAKE_PW}";', "erlang_cookie"),
    ("app.js", f'secureValue = "{FAKE_PW}";', "secureValue"),
    ("app.js", f'spring = "{{noop}}{FAKE_PW}";', "spring"),
    ("app.js", f'user alice on >{FAKE_PW}1 =;', "user >password"),
    ("app.js", f'auth = ("app", "{FAKE_PW}");', "auth"),
]


@pytest.mark.parametrize(("key", "statement", "setting"), NAMES_READ_IN_A_LATER_STATEMENT)
def test_a_later_statement_is_read_whatever_names_its_secret(key: str, statement: str, setting: str) -> None:
    """A statement after the first is read when it may name a secret (``may_name_a_secret``): by any
    of the rules a name, a directive or a value's shape is judged by."""
    messages = _messages(key, f"// x\nx = 1; {statement}\n")
    assert len(messages) == 1 and f'sets "{setting}" in plain text (line 2)' in messages[0], messages


def test_a_line_naming_no_secret_is_not_split_into_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line of one-line bodies naming no secret is read whole only: no statement after its first
    could set one, so it is not split (a 256 KiB key of them read nearly three times as long when it was)."""
    from webhook.checks.secrets import code_statements

    split: list[str] = []
    statements = code_statements._statements

    def recorded(line: str, source: str) -> list[str]:
        split.append(line)
        return statements(line, source)

    monkeypatch.setattr(code_statements, "_statements", recorded)
    text = 'class A { String user = "app"; int n = 1; }\n' * 3 + f'class B {{ int n = 1; String token = "{FAKE_PW}"; }}\n'
    assert len(_messages("App.java", text)) == 1
    assert split == [f'class B {{ int n = 1; String token = "{FAKE_PW}"; }}']


SCREENED_STATEMENTS = [
    ('String user = "app";', False),
    ("int n = 1;", False),
    ("var b = f(c, 'd');", False),
    ('val host = "db"', False),
    ('String password = "x";', True),
    ('String sec_ret = "x";', True),
    ('sec\u212aret = "x";', True),
    ('o = { sec: { ret: "x" } };', True),
    ('x = {"X-Honeycomb-Team": "x"};', True),
    ('h = {"X-JFrog-Art-Api": "x"};', True),
    ("user alice on >x1 =;", True),
    ('s = "{noop}x";', True),
    ('encrypt = "x";', True),
    ('headers = {Authorization: "Basic x"};', True),
]


@pytest.mark.parametrize(("statement", "may"), SCREENED_STATEMENTS)
def test_a_statement_naming_no_secret_is_screened_out(statement: str, may: bool) -> None:
    from webhook.checks.secrets.code_statements import may_name_a_secret

    assert may_name_a_secret(statement) is may


SCREENED_LINES = [
    ("App.java", 'switch (k) { case "password": v = "1"; break; case "token": case 2: w = "3"; default: x = "pw"; }'),
    ("app.js", 'var a = 1, user = "x"; acl = "user a >b"; n = 2; token = "Zq7fake-pw9";'),
    ("A.cs", 'class A { public string Password { get; set; } = "Zq7fake-pw9"; string sec\u212aret = "x"; int n = 1; }'),
    ("app.js", 'var o={apiKey:"AKfake"},p=[1,2].map(function(x){return x*2});const { token = "Zq7fake-pw9", n = 1 } = opts;'),
]


@pytest.mark.parametrize(("key", "line"), SCREENED_LINES)
def test_a_screened_split_keeps_the_statements_that_may_name_a_secret(key: str, line: str) -> None:
    """Split screened (as read with no extra names), a line gives the statements of its whole split
    that may name a secret, in order: a statement naming one only in its ``case`` label (``case
    "password": v = "1";``) is left out, one naming it in a pattern's entry or past a character
    folded away (``sec\u212aret``, a Kelvin sign) kept, and so is a Redis ACL's ``user a >b``."""
    from webhook.checks.secrets.code_statements import later_statements, may_name_a_secret
    from webhook.checks.secrets.source_code import source_code_suffix

    source = source_code_suffix(key)
    everything = later_statements(line, source)
    screened = later_statements(line, source, screened=True)
    assert screened == [statement for statement in everything if may_name_a_secret(statement)]
    assert 0 < len(screened) < len(everything)


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.js", 'for (let i = 0, password = ""; i < n; i++) {}'),
        ("app.js", 'for (let password = ""; i < n; i++) {}'),
        ("App.java", 'for (int i = 0, token = ""; i < n; i++) { x(); }'),
        ("app.js", 'for (let i = 0, password = "<password>"; i < n; i++) {}'),
    ],
)
def test_a_semicolon_ends_a_declaration_in_a_loop_header(key: str, line: str) -> None:
    """``for (let i = 0, password = ""; i < n; i++)``: the ``;`` ends the value of ``password``,
    the loop's condition and update are none of it (``keyword_argument_settings``)."""
    assert _messages(key, f"// x\n{line}\n") == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.js", f'for (let i = 0, password = "{FAKE_PW}"; i < n; i++) {{}}'),
        ("app.py", f'connect(host, password="{FAKE_PW}")'),
        ("app.js", f'login({{ user }}, password = "{FAKE_PW}")'),
    ],
)
def test_a_literal_before_the_semicolon_is_still_reported(key: str, line: str) -> None:
    messages = _messages(key, f"# x\n{line}\n" if key.endswith(".py") else f"// x\n{line}\n")
    assert len(messages) == 1 and "in plain text (line 2)" in messages[0], messages


STATEMENTS_IN_OTHER_SHAPES = [
    ("A.cs", f'class A {{ public string Password {{ get; set; }} = "{FAKE_PW}"; }}', "Password"),
    ("A.cs", f'class A {{ public int Port {{ get; init; }} = 5432; public string Password {{ get; private set; }} = "{FAKE_PW}"; }}', "Password"),
    ("A.cs", f'class A {{ public string Password {{ get => "{FAKE_PW}"; }} }}', "Password"),
    ("a.js", f'switch (x) {{ case 1: password = "{FAKE_PW}"; break; }}', "password"),
    ("a.js", f'switch (x) {{ case "prod": password = "{FAKE_PW}"; break; default: y(); }}', "password"),
    ("A.java", f'switch (x) {{ case 1: case 2: password = "{FAKE_PW}"; break; }}', "password"),
    ("A.java", f'switch (x) {{ default: password = "{FAKE_PW}"; }}', "password"),
    ("a.php", f'switch ($x) {{ case Env::PROD: $password = "{FAKE_PW}"; break; }}', "password"),
    ("a.js", f'const {{ password = "{FAKE_PW}" }} = opts', "password"),
    ("a.ts", f'let {{ host, password = "{FAKE_PW}" }} = opts;', "password"),
    ("a.js", f'const {{ a, b }} = x; const {{ token = "{FAKE_PW}" }} = opts;', "token"),
    ("A.scala", f'def f() = {{ val password = "{FAKE_PW}" }}', "password"),
    ("A.scala", f'def f(): Unit = {{ g(); val password = "{FAKE_PW}" }}', "password"),
    ("A.scala", f'object A {{ def f() = {{ val password = "{FAKE_PW}" }} }}', "password"),
]


@pytest.mark.parametrize(("key", "line", "setting"), STATEMENTS_IN_OTHER_SHAPES)
def test_a_statement_in_a_property_a_case_a_pattern_or_a_block_is_read(key: str, line: str, setting: str) -> None:
    """A C# property's accessors (``{ get; set; }``) are part of its declaration, no body; a case
    label (``case 1:``) is no part of the statement after it; a JavaScript destructuring pattern's
    default (``const { password = "..." } = o``) is a value; Scala's ``= {`` opens a block."""
    messages = _messages(key, f"// x\n{line}\n")
    assert len(messages) == 1 and f'sets "{setting}" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_OTHER_SHAPES = [
    ("A.cs", 'class A { public string Password { get; set; } = ""; }'),
    ("A.cs", 'class A { public string Password { get; set; } = Environment.GetEnvironmentVariable("PW"); }'),
    ("A.cs", "class A { public string Password { get; set; } }"),
    ("A.cs", 'class A { public string Password { get => _pw; } }'),
    ("a.js", 'switch (x) { case 1: password = ""; break; }'),
    ("a.js", 'switch (x) { case "prod": password = process.env.PW; break; }'),
    ("a.js", 'switch (password) { case "Zq7fake-pw9": deny(); break; }'),
    ("A.java", 'switch (x) { default: password = "<password>"; }'),
    ("a.js", 'const { password = "" } = opts'),
    ("a.js", 'const { password = "${PW}" } = opts;'),
    ("a.js", "const { password = process.env.PW } = opts;"),
    ("a.js", 'const { password } = opts; const user = "app";'),
    ("a.js", 'const { passwordPolicy = "strict" } = opts;'),
    ("A.scala", 'def f() = { val password = "" }'),
    ("A.scala", 'def f() = { val password = sys.env("PW") }'),
    ("A.scala", 'val m = Map("password" -> x)'),
    ("a.js", 'const o = { password: "" }; x = { token: process.env.T };'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_OTHER_SHAPES)
def test_harmless_properties_cases_patterns_and_blocks_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"// x\n{line}\n") == []
