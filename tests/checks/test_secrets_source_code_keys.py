"""disallow-plaintext-secrets: a ConfigMap key named as source code (``app.py``, ``index.js``,
``main.go``...) holds code, not an INI or YAML file: an assignment, an entry or a keyword argument
sets a secret in plain text only when its value is a literal (a string, a number, a lookup's
literal default); identifiers, member chains, calls, subscripts, ``None``, comparisons and type
annotations are code. Keys named as config files keep their readings."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw"


def _messages(key: str, line: str) -> list[str]:
    return [f.message for f in findings(configmap({key: "import os\n\n" + line + "\n"}), POLICY)]


CODE_LINES = [
    "token = self.get_token()",
    "token = tokenizer.read()",
    "statetokens = tokendefs['root']",
    "token = Keyword.Type",
    "self.password = password",
    "password = get_password()",
    "Token = _TokenType()",
    'if token == "with":',
    'elif token == "with":',
    'token == "with"',
    "password: bool = False,",
    "key_password: str",
    "password: bytes,",
    "token: object,",
    "pass_fds: Sequence[int] = ()",
    "password=Variable.get('pw'),",
    "'password': Variable.get('x'),",
    "password = None",
    "password = password or ''",
    "token = f'Bearer {token}'",
    "tokens = [t for t in line.split()]",
    'Token.Keyword: "bold",',
    '"passwd:name",',
    "conn = connect(password=os.environ['PGPASSWORD'], host='db')",
    "engine = create_engine(url, password=settings.DB_PASSWORD)",
]


@pytest.mark.parametrize("key", ["app.py", "dag.py"])
@pytest.mark.parametrize("line", CODE_LINES)
def test_code_in_a_python_key_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


JS_CODE_LINES = [
    "token = self.getToken();",
    "token = tokenizer.read();",
    "this.password = password;",
    "password = getPassword();",
    'if (token == "with") {',
    "password = null;",
    "token = `Bearer ${token}`;",
]


@pytest.mark.parametrize("key", ["app.js", "app.mjs", "app.ts", "main.go", "app.rb", "index.php", "App.java", "app.kt"])
@pytest.mark.parametrize("line", JS_CODE_LINES)
def test_code_in_other_source_keys_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


LITERAL_LINES = {
    f'password = "{FAKE_PW}"': "password",
    f"password = '{FAKE_PW}'": "password",
    f"DB_PASSWORD = '{FAKE_PW}'": "DB_PASSWORD",
    f"'password': '{FAKE_PW}',": "password",
    f"password: str = '{FAKE_PW}'": "password",
    f"password = b'{FAKE_PW}'": "password",
    f"password = '{FAKE_PW}'  # for the demo": "password",
    f"password = os.environ.get('PW') or '{FAKE_PW}'": "password",
    f"engine = create_engine(url, password=\"{FAKE_PW}\")": "password",
    f"db = dict(host='db', api_token='{FAKE_PW}', port=5432)": "api_token",
}


@pytest.mark.parametrize("line", sorted(LITERAL_LINES))
def test_a_literal_in_a_python_key_is_reported(line: str) -> None:
    messages = _messages("app.py", line)
    assert len(messages) == 1 and f'sets "{LITERAL_LINES[line]}" in plain text' in messages[0], messages
    assert FAKE_PW not in messages[0]


def test_a_keyword_argument_over_several_lines_is_reported() -> None:
    text = f"import psycopg2\n\nconn = psycopg2.connect(\n    host='db',\n    password='{FAKE_PW}',\n)\n"
    messages = [f.message for f in findings(configmap({"app.py": text}), POLICY)]
    assert len(messages) == 1 and 'sets "password" in plain text (line 5)' in messages[0], messages


@pytest.mark.parametrize("key", ["app.js", "app.ts", "app.rb", "App.java"])
def test_a_literal_in_other_source_keys_is_reported(key: str) -> None:
    messages = _messages(key, f"password = '{FAKE_PW}';")
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages


@pytest.mark.parametrize("key", ["app.yaml", "app.ini", "app.properties", "app.env", "app.conf"])
@pytest.mark.parametrize("line", ["password = get_password()", "token = self.get_token()", "token: object"])
def test_config_file_keys_keep_their_reading(key: str, line: str) -> None:
    """There, the text after the ``=`` or ``:`` is the value as written."""
    assert len(_messages(key, line)) == 1


def test_a_config_file_held_in_a_python_string_is_read_as_one() -> None:
    text = f'import yaml\n\nCONFIG = yaml.safe_load("""\ndb:\n  password: {FAKE_PW}\n""")\n'
    messages = [f.message for f in findings(configmap({"dag.py": text}), POLICY)]
    assert len(messages) == 1 and 'sets "password" in plain text (line 5)' in messages[0], messages


def test_a_python_docstring_is_no_config_file() -> None:
    text = 'def connect(password):\n    """Connects.\n\n    password: the user\'s password, never logged.\n    token: an API token\n    """\n'
    assert findings(configmap({"db.py": text}), POLICY) == []
    assert len(findings(configmap({"db.yaml": text}), POLICY)) == 2  # where it is a config file's text


@pytest.mark.parametrize("line", [f"password = decrypt('{FAKE_PW}')", f"'password': decrypt('{FAKE_PW}')", f"connect(password=decrypt('{FAKE_PW}'))"])
def test_a_call_with_a_secret_shaped_argument_is_reported_as_in_an_entry_of_code(line: str) -> None:
    assert len(_messages("app.py", line)) == 1
    assert _messages("app.py", line.replace(FAKE_PW, "db/password")) == []


@pytest.mark.parametrize(
    "line",
    ['userpass = b":".join((to_bytes(username), to_bytes(password)))', 'token = "{}:{}".format(user, pw)', 'creds = "%s:%s" % (user, pw)'],
)
def test_a_separator_or_a_template_filled_in_is_code(line: str) -> None:
    assert _messages("app.py", line) == []


def test_a_docstring_after_a_def_with_a_comment_is_no_config_file() -> None:
    text = "def send(self):  # noqa: C901\n    '''Sends it.\n\n        [pypi]\n        password: sekrit\n    '''\n"
    assert findings(configmap({"register.py": text}), POLICY) == []


def test_a_name_and_a_value_assigned_in_code_are_no_pair_unless_the_value_is_a_literal() -> None:
    text = "def parse(name_token):\n    name = name_token.text\n    value = ast.literal_eval(python_str)\n"
    assert findings(configmap({"parser.py": text}), POLICY) == []
    literal = text.replace("ast.literal_eval(python_str)", f"'{FAKE_PW}'")
    assert len(findings(configmap({"parser.py": literal}), POLICY)) == 1


def test_keyword_arguments_over_lines_in_code_are_no_connection_string() -> None:
    """``host=...`` and ``password=...`` one per line is a libpq connection string in a config file;
    in code they are keyword arguments (``BasicAuth(username=username, password=password)`` under a
    ``host=self.url.host,``), judged as code: a name passes nothing, a literal is reported."""
    code = "request = Request(\n    host=self.url.host,\n    port=self.url.port,\n)\nauth = BasicAuth(username=username, password=password)\n"
    assert findings(configmap({"client.py": code}), POLICY) == []
    literal = code.replace("password=password", f"password='{FAKE_PW}'")
    (finding,) = findings(configmap({"client.py": literal}), POLICY)
    assert 'sets "password"' in finding.message and FAKE_PW not in finding.message
    libpq = f"host=db\nport=5432\npassword={FAKE_PW}\n"
    assert findings(configmap({"pg.conf": libpq}), POLICY)  # a config file: still a connection string's settings
