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


GETTERS_OVER_LINES = [
    f'public string Password\n{{\n    get\n    {{\n        return "{FAKE_PW}";\n    }}\n}}\n',
    f'public string Password\n{{\n    get => "{FAKE_PW}";\n}}\n',
    f'public string Password {{\n    get {{ return "{FAKE_PW}"; }}\n}}\n',
    f'public string Password {{\n    get {{\n        return "{FAKE_PW}";\n    }}\n    set {{ }}\n}}\n',
    f'public string Password // the admin\'s\n{{\n    get {{ return "{FAKE_PW}"; }} // rotate\n}}\n',
    f'private static string Password\n{{\n    get => "{FAKE_PW}";\n}}\n',
    f'public string Password\n{{\n    get;\n    set;\n}} = "{FAKE_PW}";\n',
    'public string Password\n{\n    get { return "changeme"; }\n}\n',
]


@pytest.mark.parametrize("text", GETTERS_OVER_LINES)
def test_a_csharp_getter_over_lines_is_read_whole(text: str) -> None:
    """A C# property whose accessors run over lines below its name gives the value its getter
    returns, as ``public string Password { get { return "..."; } }`` on one line does."""
    messages = _messages("A.cs", text)
    assert len(messages) == 1 and 'sets "Password" in plain text (line 1)' in messages[0], messages
    assert FAKE_PW not in messages[0]


def test_a_getter_over_lines_in_a_class_is_reported_at_its_name() -> None:
    text = (
        "public class Db\n{\n"
        '    public string User { get; set; } = "app";\n'
        f'    public string Password\n    {{\n        get {{ return "{FAKE_PW}"; }}\n    }}\n'
        "}\n"
    )
    messages = _messages("Db.cs", text)
    assert len(messages) == 1 and 'sets "Password" in plain text (line 4)' in messages[0], messages


GETTERS_IN_A_CLASS_ON_ONE_LINE = [
    (f'class A {{ public string Password {{ get {{ return "{FAKE_PW}"; }} }} }}', "Password"),
    (f'class A {{ private static string ApiKey {{ get {{ return "{FAKE_PW}"; }} }} }}', "ApiKey"),
    (f'class A {{ public string Password {{ get {{ return "{FAKE_PW}"; }} set {{ }} }} }}', "Password"),
    (f'class A {{ public string Password {{ get; set; }} public string Token = "{FAKE_PW}"; }}', "Token"),
    (f'class A {{ public string User {{ get => "app"; }} public string Token = "{FAKE_PW}"; }}', "Token"),
    (f'class A {{ public int Port {{ get; init; }} public string Password {{ get {{ return "{FAKE_PW}"; }} }} }}', "Password"),
]


@pytest.mark.parametrize(("line", "setting"), GETTERS_IN_A_CLASS_ON_ONE_LINE)
def test_a_getters_block_in_a_class_on_one_line_is_part_of_its_declaration(line: str, setting: str) -> None:
    """``{ get { return "..."; } }`` in a class on one line is the property's accessors, no body:
    the declaration is read whole, and it ends at its accessors' ``}`` unless an initializer follows."""
    messages = _messages("A.cs", f"// x\n{line}\n")
    assert len(messages) == 1 and f'sets "{setting}" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_GETTERS = [
    'public string Password\n{\n    get { return _store.Read("pw"); }\n}\n',
    "public string Password\n{\n    get => _password;\n}\n",
    'public string Password\n{\n    get\n    {\n        return "";\n    }\n}\n',
    'public string Password\n{\n    get { return "<password>"; }\n}\n',
    'public string Password\n{\n    get { return "***"; }\n}\n',
    'public string Password\n{\n    get { return Environment.GetEnvironmentVariable("PW"); }\n    set { _password = value; }\n}\n',
    "public string Password\n{\n    get;\n    set;\n}\n",
    'public string User\n{\n    get { return "Zq7fake-pw9"; }\n}\n',
    'public string Password(int n)\n{\n    return Lookup(n);\n}\n',
    "public class Password\n{\n    public string Hash { get; set; }\n}\n",
    'public string Password\n\n{\n    get { return _pw; }\n}\n',
    'class A { public string Password { get { return _store.Read("pw"); } } }',
    'class A { public string Password { get => _password; } }',
    'class A { public string Password { get { return ""; } } }',
    'class A { public string Password { get; set; } public string User = "app"; }',
    'class A { public string Password { get; set; } public string Token = ""; }',
]


@pytest.mark.parametrize("text", HARMLESS_GETTERS)
def test_getters_of_code_empty_strings_and_placeholders_stay_harmless(text: str) -> None:
    assert _messages("A.cs", text) == []


PATTERNS_IN_PARAMETERS = [
    ("a.js", f'function connect({{ password = "{FAKE_PW}" }} = {{}}) {{}}', "password"),
    ("a.ts", f'function connect({{ password = "{FAKE_PW}" }}: Options = {{}}) {{}}', "password"),
    ("a.js", f'function connect(host, {{ token = "{FAKE_PW}", port = 5432 }}) {{ return x; }}', "token"),
    ("a.js", f'({{ token = "{FAKE_PW}" }}) => token', "token"),
    ("a.ts", f'const f = async ({{ apiKey = "{FAKE_PW}" }}) => {{ await go(apiKey); }};', "apiKey"),
    ("a.js", f'({{ password = "{FAKE_PW}" }} = opts);', "password"),
    ("a.js", f'class A {{ m({{ password = "{FAKE_PW}" }}) {{}} }}', "password"),
    ("a.js", f'function f({{ db: {{ password = "{FAKE_PW}" }} }} = {{}}) {{}}', "db.password"),
    ("a.js", f'function f({{ password: alias = "{FAKE_PW}" }}) {{}}', "password"),
    ("a.js", 'function f({ password = "changeme" }) {}', "password"),
]


@pytest.mark.parametrize(("key", "line", "setting"), PATTERNS_IN_PARAMETERS)
def test_a_destructuring_default_in_parameters_is_read(key: str, line: str, setting: str) -> None:
    """A destructuring pattern opened by a ``{`` right after a ``(`` or a ``,`` (a function's or an
    arrow's parameters, an assignment in parentheses) holds defaults as ``const { ... } = o`` does."""
    messages = _messages(key, f"// x\n{line}\n")
    assert len(messages) == 1 and f'sets "{setting}" in plain text (line 2)' in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_PATTERNS_IN_PARAMETERS = [
    ("a.js", "function connect({ password = process.env.PW } = {}) {}"),
    ("a.js", 'function connect({ password = "" } = {}) {}'),
    ("a.js", 'function connect({ password = "<password>" }) {}'),
    ("a.js", "function connect({ password = '${PW}' }) {}"),
    ("a.js", 'function connect({ password = "***", token = "xxx" }) {}'),
    ("a.js", "({ token = null }) => token"),
    ("a.js", "({ token = `${PW}` }) => token"),
    ("a.js", 'function f({ passwordPolicy = "strict-mode1" }) {}'),
    ("a.js", 'function f({ user = "app", port = 5432 }) {}'),
    ("a.js", 'f({ cb: (x = "a") => x, user: "app" });'),
    ("a.js", "f({ password: a === b ? x : y });"),
    ("a.js", f'f({{ password: x === "{FAKE_PW}" }});'),
    ("a.js", f'if (a) {{ f({{ token: x !== "{FAKE_PW}", cb: (y = 1) => y }}); }}'),
    ("a.js", 'const { password = "" } = opts'),
    ("a.js", "const { db: { password = process.env.PW } } = opts"),
    ("a.js", 'function f({ password } = { user: "app" }) {}'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_PATTERNS_IN_PARAMETERS)
def test_harmless_patterns_in_parameters_stay_harmless(key: str, line: str) -> None:
    assert _messages(key, f"// x\n{line}\n") == []
