"""disallow-plaintext-secrets: shapes of source code that set a secret, or only look as if they did.
A function's signature and keyword arguments set to code are no libpq connection string (one is
read in code only inside a string literal); a literal in any branch of a conditional or boolean
expression is assigned; a setter (``setPassword("...")``) sets its name; a basic-auth pair's
second item is a password."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, line: str) -> list[str]:
    return [f.message for f in findings(configmap({key: "import os\n\n" + line + "\n"}), POLICY)]


SIGNATURES_AND_CODE_ARGUMENTS = [
    ("app.py", "def login(self, user=None, password=None):"),
    ("app.py", "def connect(host='db', user=None, password=None, port=5432):"),
    ("app.py", "async def connect(host='db', user=None, password=None):"),
    ("app.py", "conn = psycopg2.connect(host=h, user=u, password=pw)"),
    ("app.py", "conn = psycopg2.connect(host=h, user=u, password=None)"),
    ("app.py", "conn = psycopg2.connect(host=h, user=u, password=cfg.pw)"),
    ("app.py", "conn = connect(host='db', user='app', password=os.environ['PW'])"),
    ("app.js", "function login(user = null, password = null) {"),
    ("app.ts", "async function connect(host = 'db', user = undefined, password = undefined) {"),
    ("app.rb", "def login(user=nil, password=nil)"),
    ("app.kt", "val ds = connect(host = h, user = u, password = pw)"),
]


@pytest.mark.parametrize(("key", "line"), SIGNATURES_AND_CODE_ARGUMENTS)
def test_a_signature_or_arguments_set_to_code_are_no_connection_string(key: str, line: str) -> None:
    assert _messages(key, line) == []


@pytest.mark.parametrize("key", ["app.py", "app.js"])
def test_a_signature_alone_in_its_key_is_no_connection_string(key: str) -> None:
    line = "def login(self, user=None, password=None):" if key == "app.py" else "function login(user = null, password = null) {"
    assert findings(configmap({key: line}), POLICY) == []


@pytest.mark.parametrize(
    "line",
    [f'dsn = "host=db user=app password={FAKE_PW}"', f"conn = psycopg2.connect('host=db user=app password={FAKE_PW}')"],
)
def test_a_libpq_string_in_a_string_literal_stays_reported_once(line: str) -> None:
    messages = _messages("app.py", line)
    assert len(messages) == 1 and "holds a connection string with a password in plain text" in messages[0], messages
    assert FAKE_PW not in messages[0]


def test_a_libpq_string_in_a_comment_stays_reported() -> None:
    """A comment is text, not code: what it holds is judged as written."""
    assert len(_messages("app.py", f"# psql 'host=db user=app password={FAKE_PW}'")) == 1
    assert len(_messages("app.py", f"x = 1  # host=db user=app password={FAKE_PW}")) == 1


def test_a_keyword_argument_set_to_a_literal_is_reported_as_a_setting() -> None:
    messages = _messages("app.py", f"conn = psycopg2.connect(host='db', user='app', password='{FAKE_PW}')")
    assert len(messages) == 1 and 'sets "password" in plain text (line 3)' in messages[0], messages


def test_a_libpq_string_over_lines_of_a_python_string_stays_reported() -> None:
    text = f'DSN = """\nhost=db user=app password={FAKE_PW}\n"""\n'
    assert len(findings(configmap({"app.py": text}), POLICY)) == 1


BRANCH_LITERALS = {
    "app.py": [
        f"password = x if ok else '{FAKE_PW}'",
        f"password = cond and '{FAKE_PW}' or None",
        f"password = '{FAKE_PW}' if ok else None",
        f"password = os.environ.get('PW') or '{FAKE_PW}'",
        f"password = (x if ok else '{FAKE_PW}')",
        f"password = x if ok else ('{FAKE_PW}' if dev else y)",
        f"engine = create_engine(url, password=x if ok else '{FAKE_PW}')",
        f"password = x if ok else os.getenv('PW', '{FAKE_PW}')",
    ],
    "app.js": [
        f"password = ok ? '{FAKE_PW}' : x;",
        f"password = ok ? x : '{FAKE_PW}';",
        f"const password = ok ? '{FAKE_PW}' : x;",
        f"let password = x || '{FAKE_PW}';",
        f"const password = x ?? '{FAKE_PW}';",
        f"const password = ok && '{FAKE_PW}';",
    ],
    "app.ts": [f"const password = ok ? '{FAKE_PW}' : (x as string);", f"  password: ok ? '{FAKE_PW}' : cfg.pw,"],
    "App.java": [f'String password = ok ? "{FAKE_PW}" : fromVault();'],
}


@pytest.mark.parametrize(("key", "line"), [(key, line) for key, lines in BRANCH_LITERALS.items() for line in lines])
def test_a_literal_in_any_branch_of_an_expression_is_assigned(key: str, line: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and 'password" in plain text (line' in messages[0], messages
    assert FAKE_PW not in messages[0]


BRANCHES_OF_CODE = {
    "app.py": [
        "password = a or b",
        "password = x if ok else None",
        "token = t or ''",
        "password = x if mode == 'prod' else y",
        "password = x if ok else getpass('Password: ')",
        "password = cond and x or None",
        "token = a if a else b",
        "password = '' or x",
        "password = '' if x else y",
        "password = os.environ.get('DB_PASSWORD') if prod else None",
        "password = os.getenv('PW') or os.getenv('DB_PW')",
    ],
    "app.js": [
        "password = ok ? x : null;",
        "const password = x || '';",
        "const password = x ?? null;",
        "const token = opts?.token ?? defaults.token;",
        "password = ok ? cfg.get('db/password') : undefined;",
        "const apiToken = process.env.NODE_ENV === 'production' ? readToken() : null;",
    ],
}


@pytest.mark.parametrize(("key", "line"), [(key, line) for key, lines in BRANCHES_OF_CODE.items() for line in lines])
def test_branches_of_code_assign_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


SETTERS = [
    ("App.java", f'ds.setPassword("{FAKE_PW}");', "Password"),
    ("app.py", f"obj.set_password('{FAKE_PW}')", "password"),
    ("main.go", f'client.SetToken("{FAKE_PW}")', "Token"),
    ("app.js", f"cfg.setApiKey('{FAKE_PW}');", "ApiKey"),
    ("App.kt", f'dataSource.setPassword("{FAKE_PW}")', "Password"),
    ("App.java", f'    config.setPassword("{FAKE_PW}"); // for the demo', "Password"),
    ("App.java", 'ds.setPassword("p@ssw0rd!");', "Password"),
    ("app.py", f"obj.set_password(b'{FAKE_PW}')", "password"),
    ("App.java", 'ds.setPassword("changeme");', "Password"),
    ("app.py", "user.set_password('hunter2')", "password"),
    ("app.js", "client.setToken('abc');", "Token"),
]


@pytest.mark.parametrize(("key", "line", "name"), SETTERS)
def test_a_setter_given_a_literal_sets_its_name(key: str, line: str, name: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


SETTERS_OF_CODE = [
    ("App.java", "ds.setPassword(pw);"),
    ("App.java", 'ds.setPassword(System.getenv("PW"));'),
    ("app.py", "obj.set_password(getenv('PW'))"),
    ("App.java", "field.setPasswordVisible(true);"),
    ("App.java", "gen.setTokenLength(32);"),
    ("app.py", "cfg.set_password_policy('strict')"),
    ("App.java", 'ds.setPassword("");'),
    ("App.java", f'ds.setPassword("{FAKE_PW}", salt);'),
    ("app.py", f"obj.reset_password('{FAKE_PW}')"),
    ("app.js", "form.setTokenType('Bearer');"),
    ("App.java", 'props.setSecretName("db-credentials");'),
    ("App.java", 'ds.setPassword("${DB_PASSWORD}");'),
    ("app.py", "obj.set_password(f'{prefix}-pw')"),
]


@pytest.mark.parametrize(("key", "line"), SETTERS_OF_CODE)
def test_a_setter_given_code_or_a_word_of_its_own_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


SETTER_ARGUMENTS = ["'changeme'", "'hunter2'", "'XXXX'", "'********'", "'${PW}'", "''", "'<password>'", "'db-credentials'", "'p'", f"'{FAKE_PW}'"]


@pytest.mark.parametrize("key", ["App.java", "app.py", "app.js", "main.go"])
@pytest.mark.parametrize("argument", SETTER_ARGUMENTS)
def test_a_setter_judges_its_argument_as_the_assignment_of_its_name(key: str, argument: str) -> None:
    """setPassword("...") is password = "...": the same value judgement (a placeholder, a mask, a
    reference, an empty string set nothing), not the stricter one of any call's argument."""
    quoted = argument if key.endswith(".py") else '"' + argument[1:-1] + '"'
    set_by_setter = _messages(key, f"ds.setPassword({quoted})") != []
    assigned = _messages(key, f"password = {quoted}") != []
    assert set_by_setter == assigned


BASIC_AUTH_PAIRS = [
    (f"r = requests.get(url, auth=('admin', '{FAKE_PW}'))", "auth"),
    (f"auth = ('admin', '{FAKE_PW}')", "auth"),
    (f'es = Elasticsearch(hosts, basic_auth=("elastic", "{FAKE_PW}"))', "basic_auth"),
    (f"session.auth = HTTPBasicAuth('admin', '{FAKE_PW}')", "HTTPBasicAuth"),
    (f"r = requests.get(url, auth=requests.auth.HTTPDigestAuth('admin', '{FAKE_PW}'))", "HTTPDigestAuth"),
    (f"async with aiohttp.ClientSession(auth=aiohttp.BasicAuth('admin', '{FAKE_PW}')) as s:", "BasicAuth"),
]


@pytest.mark.parametrize(("line", "name"), BASIC_AUTH_PAIRS)
def test_a_basic_auth_pair_with_a_literal_password_is_reported(line: str, name: str) -> None:
    messages = _messages("app.py", line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


BASIC_AUTH_OF_CODE = [
    "r = requests.get(url, auth=(user, password))",
    "r = requests.get(url, auth=('admin', password))",
    "auth = ('admin', os.environ['PW'])",
    "session.auth = HTTPBasicAuth(user, getpass())",
    "auth = ('Authorization', 'Bearer')",
    "r = requests.get(url, auth=('admin', ''))",
    "auth = ('read', 'write')",
    "cache_key = ('user', 'db/password')",
]


@pytest.mark.parametrize("line", BASIC_AUTH_OF_CODE)
def test_a_basic_auth_pair_of_code_or_names_sets_nothing(line: str) -> None:
    assert _messages("app.py", line) == []


CREDENTIALS_ASSIGNED_TO_A_SENSITIVE_NAME = [
    ("app.py", f'password = HTTPBasicAuth("app", "{FAKE_PW}")', "HTTPBasicAuth"),
    ("app.py", f'self.credentials = requests.auth.HTTPDigestAuth("app", "{FAKE_PW}")', "HTTPDigestAuth"),
    ("app.py", f'password: BasicAuth = aiohttp.BasicAuth("app", "{FAKE_PW}")', "BasicAuth"),
    ("app.py", f'r = get(url, password=HTTPBasicAuth("app", "{FAKE_PW}"))', "HTTPBasicAuth"),
    ("App.cs", f'var password = new NetworkCredential("app", "{FAKE_PW}");', "NetworkCredential"),
    ("App.cs", f'client.Credentials = new System.Net.NetworkCredential("app", "{FAKE_PW}", "CORP");', "NetworkCredential"),
    ("App.cs", f'NetworkCredential password = new NetworkCredential("app", "{FAKE_PW}");', "NetworkCredential"),
    ("App.kt", f'val password = NetworkCredential("app", "{FAKE_PW}")', "NetworkCredential"),
]


@pytest.mark.parametrize(("key", "line", "name"), CREDENTIALS_ASSIGNED_TO_A_SENSITIVE_NAME)
def test_a_credential_assigned_to_a_sensitive_name_is_one_finding(key: str, line: str, name: str) -> None:
    """One secret, one finding: the constructor's, which says what holds the password; the
    sensitive name it is assigned to (or passed as) is not reported again for it."""
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


@pytest.mark.parametrize(
    "text",
    [
        f'cfg = {{"password": HTTPBasicAuth("app", "{FAKE_PW}")}}',
        f'cfg = {{\n    "password": HTTPBasicAuth("app", "{FAKE_PW}"),\n}}',
        f'const cfg = {{\n  credentials: new BasicAuth("app", "{FAKE_PW}"),\n}};',
    ],
)
def test_a_credential_as_an_entry_of_a_sensitive_key_is_one_finding(text: str) -> None:
    key = "app.js" if text.startswith("const") else "app.py"
    messages = _messages(key, text)
    assert len(messages) == 1 and "Auth" in messages[0], messages


@pytest.mark.parametrize(
    "line",
    [
        f'password = HTTPBasicAuth(user, "{FAKE_PW}")',  # no pair of literals: the assignment's
        f'password = os.getenv("PW") or "{FAKE_PW}"',
        f'password = "{FAKE_PW}" if ok else HTTPBasicAuth("app", "{FAKE_PW}")',
    ],
)
def test_a_sensitive_name_set_beside_no_credential_pair_stays_reported(line: str) -> None:
    messages = _messages("app.py", line)
    assert any('sets "password" in plain text' in message for message in messages), messages


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.py", 'password = HTTPBasicAuth("app", "")'),
        ("app.py", 'password = HTTPBasicAuth("app", "<password>")'),
        ("App.cs", "var password = new NetworkCredential(user, pw);"),
        ("App.cs", 'var password = new NetworkCredential("app", "${PASSWORD}");'),
    ],
)
def test_a_credential_of_code_assigned_to_a_sensitive_name_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


@pytest.mark.parametrize("line", [f"x = 1; password = '{FAKE_PW}';", f'var a=1;password="{FAKE_PW}";'])
def test_a_password_assigned_after_a_semicolon_stays_reported(line: str) -> None:
    assert len(_messages("app.js", line)) == 1


TYPED_DECLARATIONS = [
    ("app.ts", f"const password: string = '{FAKE_PW}';", "password"),
    ("app.ts", f'let apiKey: string = "{FAKE_PW}"', "apiKey"),
    ("app.ts", f"export const TOKEN: string = '{FAKE_PW}';", "TOKEN"),
    ("app.ts", f"  private readonly password: string = '{FAKE_PW}';", "password"),
    ("app.ts", f"const dbPassword: string | undefined = '{FAKE_PW}';", "dbPassword"),
    ("app.ts", f"static apiToken: Readonly<string> = '{FAKE_PW}';", "apiToken"),
    ("App.kt", f'val password: String = "{FAKE_PW}"', "password"),
    ("App.kt", f'var token: String? = "{FAKE_PW}"', "token"),
    ("App.kt", f'private const val API_KEY = "{FAKE_PW}"', "API_KEY"),
    ("App.kt", f'internal val password = "{FAKE_PW}"', "password"),
    ("App.scala", f'val password: String = "{FAKE_PW}"', "password"),
]


@pytest.mark.parametrize(("key", "line", "name"), TYPED_DECLARATIONS)
def test_a_declaration_with_a_type_or_modifiers_sets_its_variable(key: str, line: str, name: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


TYPED_DECLARATIONS_OF_CODE = [
    ("app.ts", "const password: string = process.env.PW ?? '';"),
    ("app.ts", "  password: string;"),
    ("app.ts", "  private readonly password: string;"),
    ("app.ts", "function f(password: string = DEFAULT) {}"),
    ("app.ts", "const password: string = '';"),
    ("app.ts", "private readonly password: string = 'XXXX';"),
    ("app.ts", "let token: string | undefined = undefined;"),
    ("app.ts", "const password: string = config.get('db.password');"),
    ("App.kt", 'val password: String = System.getenv("PW")'),
    ("App.kt", "val password: String = \"\\${DB_PASSWORD}\""),
    ("App.kt", "private const val API_KEY = BuildConfig.API_KEY"),
]


@pytest.mark.parametrize(("key", "line"), TYPED_DECLARATIONS_OF_CODE)
def test_a_declaration_with_a_type_of_code_or_no_value_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []



DECLARED_NAMES = [
    ("App.java", f'String password = "{FAKE_PW}";', "password"),
    ("App.java", f'private static final String DB_PASSWORD = "{FAKE_PW}";', "DB_PASSWORD"),
    ("App.java", f'final String apiToken = "{FAKE_PW}";', "apiToken"),
    ("App.java", f'string password = "{FAKE_PW}";', "password"),
    ("App.java", f'var password = "{FAKE_PW}";', "password"),
    ("App.kt", f'val password = "{FAKE_PW}"', "password"),
    ("App.groovy", f'def password = "{FAKE_PW}"', "password"),
    ("main.go", f'var password string = "{FAKE_PW}"', "password"),
]


@pytest.mark.parametrize(("key", "line", "name"), DECLARED_NAMES)
def test_a_declaration_is_reported_by_its_variable_not_its_type(key: str, line: str, name: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages


ONE_LINE_SOURCE = [
    ("Init.java", f'ds.setPassword("{FAKE_PW}");', "Password"),
    ("Init.kt", f'ds.setToken("{FAKE_PW}")', "Token"),
    ("main.go", f'client.SetToken("{FAKE_PW}")', "Token"),
    ("seed.rb", f"user.set_password('{FAKE_PW}')", "password"),
    ("auth.py", f"HTTPBasicAuth('admin', '{FAKE_PW}')", "HTTPBasicAuth"),
    ("auth.py", f"requests.get(url, auth=('admin', '{FAKE_PW}'))", "auth"),
]


@pytest.mark.parametrize(("key", "text", "name"), ONE_LINE_SOURCE)
def test_a_source_key_of_one_line_is_read_as_code_with_or_without_a_line_break(key: str, text: str, name: str) -> None:
    for written in (text, text + "\n"):
        messages = [f.message for f in findings(configmap({key: written}), POLICY)]
        assert len(messages) == 1 and f'sets "{name}" in plain text (line 1)' in messages[0], (written, messages)
        assert FAKE_PW not in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [("Init.java", "ds.setPassword(pw);"), ("auth.py", "HTTPBasicAuth(user, password)"), ("seed.rb", "user.set_password('')")],
)
def test_a_source_key_of_one_line_of_code_sets_nothing(key: str, text: str) -> None:
    assert findings(configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(("key", "text"), [("Password.java", "class Password {}"), ("token.go", "package token\n"), ("secret.rb", "puts 1"), ("ApiKey.ts", "export type ApiKey = string;")])
def test_a_source_key_is_judged_by_its_code_not_by_its_name(key: str, text: str) -> None:
    """A key named as source code is a file whose name is its class's or module's, as a .py key's."""
    assert findings(configmap({key: text}), POLICY) == []


CSHARP_DECLARATIONS = [
    ("Program.cs", f'string password = "{FAKE_PW}";', "password"),
    ("Program.cs", f'var token = "{FAKE_PW}";', "token"),
    ("Program.cs", f'private const string ApiKey = "{FAKE_PW}";', "ApiKey"),
    ("Program.cs", f'string? password = "{FAKE_PW}";', "password"),
    ("Program.cs", f'const string password = "{FAKE_PW}";', "password"),
    ("Program.cs", f'const string password = @"{FAKE_PW}";', "password"),
    ("Program.cs", f'public string Password {{ get; set; }} = "{FAKE_PW}";', "Password"),
    ("Program.cs", f'public static string ApiToken {{ get; private set; }} = "{FAKE_PW}";', "ApiToken"),
    ("Program.cs", f'public string Password {{ get; init; }} = "{FAKE_PW}";', "Password"),
    ("Program.cs", f'    Password = "{FAKE_PW}",', "Password"),
    ("Program.cs", f'Dictionary<string, string>? token = "{FAKE_PW}";', "token"),
    ("App.java", f'Map<String, String> password = "{FAKE_PW}";', "password"),
]


@pytest.mark.parametrize(("key", "line", "name"), CSHARP_DECLARATIONS)
def test_a_typed_declaration_or_property_of_csharp_is_reported_by_its_variable(key: str, line: str, name: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


CSHARP_DECLARATIONS_OF_CODE = [
    ("Program.cs", 'string password = Environment.GetEnvironmentVariable("PW");'),
    ("Program.cs", 'var password = config["Db:Password"];'),
    ("Program.cs", 'var password = configuration.GetValue<string>("Db:Password");'),
    ("Program.cs", "    Password = password,"),
    ("Program.cs", 'if (password == "")'),
    ("Program.cs", "public string Password { get; set; }"),
    ("Program.cs", "public string Password { get; set; } = string.Empty;"),
    ("Program.cs", 'public string Password { get; set; } = "";'),
    ("Program.cs", "public string Password { get; set; } = default!;"),
    ("Program.cs", 'public const string PasswordKey = "Db:Password";'),
    ("Program.cs", 'string token = $"{prefix}-{id}";'),
    ("Program.cs", "CancellationToken token = default;"),
    ("Program.cs", "var token = await GetTokenAsync();"),
    ("Program.cs", 'string password = args.Length > 0 ? args[0] : "";'),
    ("Program.cs", "return token = Refresh();"),
]


@pytest.mark.parametrize(("key", "line"), CSHARP_DECLARATIONS_OF_CODE)
def test_a_typed_declaration_or_property_of_code_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


PHP_TYPED_PROPERTIES = [
    ("Config.php", f'public string $password = "{FAKE_PW}";', "password"),
    ("Config.php", f"private ?string $apiKey = '{FAKE_PW}';", "apiKey"),
    ("Config.php", f"    protected static string $token = '{FAKE_PW}';", "token"),
    ("Config.php", f"    const API_KEY = '{FAKE_PW}';", "API_KEY"),
]


@pytest.mark.parametrize(("key", "line", "name"), PHP_TYPED_PROPERTIES)
def test_a_typed_property_of_php_is_reported_by_its_variable(key: str, line: str, name: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


PHP_TYPED_PROPERTIES_OF_CODE = [
    ("Config.php", "public string $password = '';"),
    ("Config.php", "private ?string $apiKey = null;"),
    ("Config.php", "public string $password = self::DEFAULT;"),
    ("Config.php", "private string $password;"),
    ("Config.php", "const PASSWORD_FIELD = 'password';"),
    ("Config.php", "public function __construct(private string $password = '') {}"),
]


@pytest.mark.parametrize(("key", "line"), PHP_TYPED_PROPERTIES_OF_CODE)
def test_a_typed_property_of_php_set_to_code_sets_nothing(key: str, line: str) -> None:
    assert _messages(key, line) == []


CONFIG_FILE_KEYS_WITH_SPACES = [
    ("app.ini", f"override password = {FAKE_PW}", "override password"),
    ("app.ini", f"internal token = {FAKE_PW}", "internal token"),
    ("config.txt", f"val password = {FAKE_PW}", "val password"),
    ("app.yaml", f'val password = if (ok) "{FAKE_PW}" else x', "val password"),
]


@pytest.mark.parametrize(("key", "line", "name"), CONFIG_FILE_KEYS_WITH_SPACES)
def test_a_config_file_key_with_spaces_is_no_declaration_of_kotlin(key: str, line: str, name: str) -> None:
    """val, internal and override open a declaration in source code only: in a config file they are
    words of an INI key with spaces (``override password = ...``), read as before 1.25.147."""
    messages = _messages(key, line)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


BLOCK_COMMENTS = [
    ("app.js", f"/* host=db user=app password={FAKE_PW} */"),
    ("app.js", f"const a = 1; /* psql 'host=db user=app password={FAKE_PW}' */ const b = 2;"),
    ("App.java", f"/**\n * host=db user=app password={FAKE_PW}\n */\nclass A {{}}"),
    ("main.go", f"/*\nhost=db user=app password={FAKE_PW}\n*/\nfunc main() {{}}"),
    ("app.php", f"/* host=db user=app password={FAKE_PW} */"),
    ("App.cs", f"/* host=db user=app password={FAKE_PW} */"),
]


@pytest.mark.parametrize(("key", "text"), BLOCK_COMMENTS)
def test_a_libpq_string_in_a_block_comment_stays_reported(key: str, text: str) -> None:
    """A block comment (``/* ... */``, over lines too) is text, as a ``//`` comment is."""
    messages = _messages(key, text)
    assert len(messages) == 1 and "holds a connection string with a password in plain text" in messages[0], messages
    assert FAKE_PW not in messages[0]


def test_a_block_comment_in_python_is_code() -> None:
    """Python has no ``/*``: a signature after one is still no connection string."""
    assert _messages("app.py", "x = a /* b\ndef login(self, user=None, password=None):") == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("App.java", 'char[] password = "".toCharArray();'),
        ("App.java", 'char[] password = "<password>".toCharArray();'),
        ("App.java", 'byte[] password = "XXXX".getBytes(StandardCharsets.UTF_8);'),
        ("app.py", 'password = "".encode()'),
        ("app.py", "password = '********'.encode('utf-8')"),
    ],
)
def test_an_empty_or_masked_string_before_a_method_is_no_secret(key: str, line: str) -> None:
    """``"...".toCharArray()`` is judged by its string, as the string alone would be."""
    assert _messages(key, line) == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("App.java", f'char[] password = "{FAKE_PW}".toCharArray();'),
        ("app.py", f"password = '{FAKE_PW}'.encode('utf-8')"),
        ("App.java", f'String password = "".concat("{FAKE_PW}");'),
    ],
)
def test_a_secret_string_before_or_in_a_method_stays_reported(key: str, line: str) -> None:
    messages = _messages(key, line)
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages
    assert FAKE_PW not in messages[0]


TWO_PAIR_LIBPQ_LITERALS = [
    ("app.py", f'dsn = "user=app password={FAKE_PW}"'),
    ("app.py", f"dsn = 'user=app password={FAKE_PW}'"),
    ("app.py", f'conn = psycopg2.connect("user=app password={FAKE_PW}")'),
    ("app.py", f'print("user=app password={FAKE_PW}")'),
    ("app.js", f"const dsn = 'user=app password={FAKE_PW}';"),
    ("app.ts", f"const dsn: string = `user=app password={FAKE_PW}`;"),
    ("app.rb", f'dsn = "user=app password={FAKE_PW}"'),
    ("App.java", f'String dsn = "user=app password={FAKE_PW}";'),
    ("main.go", f'dsn := "user=app password={FAKE_PW}"'),
    ("main.go", f'db, err := sql.Open("postgres", "user=app password={FAKE_PW}")'),
]


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "among-lines"])
@pytest.mark.parametrize(("key", "line"), TWO_PAIR_LIBPQ_LITERALS)
def test_a_libpq_string_of_two_pairs_in_a_literal_is_reported(key: str, line: str, alone: bool) -> None:
    """A libpq string in a literal of code is read from the literal's opening quote: ``user=``
    right after it is a pair, as the code's own ``dsn =`` was one before 1.25.141 set the ``=`` of
    code apart. With no host entry it is settings with a password, no connection string."""
    text = line if alone else "import os\n\n" + line + "\n"
    messages = [f.message for f in findings(configmap({key: text}), POLICY)]
    assert len(messages) == 1 and "holds settings with a password in plain text" in messages[0], messages
    assert FAKE_PW not in messages[0]


HARMLESS_LIBPQ_LITERALS = [
    ("app.py", 'dsn = "user=%s password=%s" % (u, p)'),
    ("app.py", 'dsn = f"user={u} password={pw}"'),
    ("app.py", 'dsn = "user=app password=".format(pw)'),
    ("app.py", 'dsn = "host=db user=app password=".format(pw)'),
    ("app.py", 'dsn = "user=app password={}".format(pw)'),
    ("app.py", 'dsn = "password=" + pw'),
    ("app.py", 'dsn = "user=app password=" + pw'),
    ("app.py", 'log.info("user=" + u + " password=" + pw)'),
    ("app.py", 'print("user=app password=XXXX")'),
    ("app.py", f'x = "password={FAKE_PW}"'),
    ("app.py", "def login(user=None, password=None):"),
    ("app.py", "connect(host=h, user=u, password=pw)"),
    ("app.js", "const dsn = `user=app password=${pw}`;"),
    ("App.java", 'String dsn = "user=app password=" + pw;'),
    ("App.java", 'log.info("host=db user=app password={}", pw);'),
    ("main.go", 'dsn := fmt.Sprintf("user=%s password=%s", u, p)'),
]


@pytest.mark.parametrize(("key", "line"), HARMLESS_LIBPQ_LITERALS)
def test_a_libpq_literal_filled_in_masked_or_of_one_pair_is_harmless(key: str, line: str) -> None:
    """The password of a libpq string in a literal is what is written up to its closing quote: a
    template's field, a mask or nothing (the closing quote, ``".format(pw)``) is none."""
    assert _messages(key, line) == []
    assert findings(configmap({key: line}), POLICY) == []


SINGLE_QUOTED_LIBPQ_PREFIXES = [
    ("app.py", "dsn = 'user=app password=' + os.environ['PW']"),
    ("app.py", "conn = psycopg2.connect('dbname=shop user=app password=' + os.environ['PGPASSWORD'])"),
    ("app.rb", "dsn = 'user=app password=' + ENV['PW']"),
    ("app.php", "$dsn = 'host=db user=app password=' . getenv('PW');"),
    ("app.py", "dsn = 'user=app password=' + get_pw() + ' sslmode=require'"),
]


@pytest.mark.parametrize(("key", "line"), SINGLE_QUOTED_LIBPQ_PREFIXES)
def test_a_single_quoted_libpq_prefix_with_code_added_is_harmless(key: str, line: str) -> None:
    """In a literal opened by ``'``, the ``'`` after ``password=`` closes it: the next ``'`` of code
    (``ENV['PW']``) opens no libpq quoted password, the code gives it."""
    assert _messages(key, line) == []


@pytest.mark.parametrize(
    "line",
    [f'dsn = "user=app password=\'{FAKE_PW}\'"', f"dsn = 'user=app password={FAKE_PW}' + x"],
)
def test_a_libpq_password_quoted_or_in_a_single_quoted_literal_stays_reported(line: str) -> None:
    """A password quoted inside a double-quoted literal, or written in a single-quoted one, is one."""
    messages = _messages("app.py", line)
    assert len(messages) == 1 and FAKE_PW not in messages[0], messages


KOTLIN_IF_LITERALS = [
    ("App.kt", f'val password = if (ok) "{FAKE_PW}" else other'),
    ("App.kt", f'val password = if (ok) other else "{FAKE_PW}"'),
    ("App.kt", f'val password: String = if (env == "prod") "{FAKE_PW}" else System.getenv("PW")'),
    ("App.kt", f'private val password = if (a) x else if (b) "{FAKE_PW}" else y'),
    ("App.kt", f'var password = (if (ok) "{FAKE_PW}" else other)'),
    ("App.kt", f'val password = if (isProd(env)) "{FAKE_PW}" else other'),
    ("App.kt", f'val password = if ((a || b) && c) "{FAKE_PW}" else other'),
    ("App.scala", f'val password = if (ok) "{FAKE_PW}" else other'),
]


@pytest.mark.parametrize(("key", "line"), KOTLIN_IF_LITERALS)
def test_a_literal_in_a_branch_of_kotlins_if_is_assigned(key: str, line: str) -> None:
    """Kotlin's and Scala's ``if (cond) a else b`` is an expression, as Python's ``a if cond else
    b`` is: its condition in brackets is no operand, each branch is."""
    messages = _messages(key, line)
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


KOTLIN_IF_OF_CODE = [
    ("App.kt", 'val password = if (ok) "" else other'),
    ("App.kt", "val password = if (ok) getPw() else other"),
    ("App.kt", 'val password = if (ok) System.getenv("PW") else null'),
    ("App.kt", 'val password = if (env == "Zq7fake-pw9") getPw() else other'),
    ("App.kt", 'val password = if (ok) "<password>" else other'),
    ("App.kt", 'val password = if (check("Zq7fake-pw9")) getPw() else other'),
    ("App.scala", "val password = if (ok) sys.env(\"PW\") else other"),
]


@pytest.mark.parametrize(("key", "line"), KOTLIN_IF_OF_CODE)
def test_branches_of_code_in_kotlins_if_assign_nothing(key: str, line: str) -> None:
    """Only a branch is assigned: a literal in the condition (``if (env == "...")``) is compared."""
    assert _messages(key, line) == []


_DEPTH = 3000
DEEPLY_NESTED_BRANCHES = [
    ("app.py", "password = x or " + "(" * _DEPTH + '"a"' + ")" * _DEPTH),
    ("app.py", "password = " + "(" * _DEPTH + 'a or "a"' + ")" * _DEPTH),
    ("app.py", "password = x or " + "(a or " * _DEPTH + '"a"' + ")" * _DEPTH),
    ("app.js", "const password = " + "x ? (" * _DEPTH + '"a"' + " : b)" * _DEPTH),
    ("App.kt", "val password = " + "if (a) (" * _DEPTH + '"a"' + ") else b" * _DEPTH),
]


@pytest.mark.parametrize(("key", "line"), DEEPLY_NESTED_BRANCHES)
def test_branches_nested_thousands_deep_are_read_without_a_crash(key: str, line: str) -> None:
    """Operands in brackets are read a few levels deep, not one level of recursion each: a value
    nested thousands deep is judged (here, no secret) instead of raising RecursionError."""
    assert _messages(key, line) == []


def test_a_literal_nested_a_few_brackets_deep_is_still_read() -> None:
    messages = _messages("app.py", f'password = x or (a or (b or (c or "{FAKE_PW}")))')
    assert len(messages) == 1 and FAKE_PW not in messages[0], messages


def _nested(levels: int, opening: str, literal: str, closing: str) -> str:
    return opening * levels + literal + closing * levels


LITERALS_NESTED_DEEP = [
    ("app.py", lambda n: "password = x or " + _nested(n, "(a or ", f'"{FAKE_PW}"', ")")),
    ("app.py", lambda n: "password = x and " + _nested(n, "(a and ", f'"{FAKE_PW}"', ")")),
    ("app.py", lambda n: "password = " + _nested(n, "(a if ok else ", f'"{FAKE_PW}"', ")")),
    ("app.py", lambda n: "password = " + _nested(n, "(", f'x or "{FAKE_PW}"', ")")),
    ("app.py", lambda n: "password = x or " + _nested(n, "(", f'"{FAKE_PW}"', ")")),
    ("app.js", lambda n: "const password = " + _nested(n, "x ? (", f'"{FAKE_PW}"', " : b)") + ";"),
    ("app.ts", lambda n: "const password = " + _nested(n, "(a ?? ", f'"{FAKE_PW}"', ")") + ";"),
    ("App.kt", lambda n: "val password = " + _nested(n, "if (a) (", f'"{FAKE_PW}"', ") else b")),
    ("App.cs", lambda n: "var password = " + _nested(n, "a ?? (", f'"{FAKE_PW}"', ")") + ";"),
]


@pytest.mark.parametrize("levels", [7, 8, 9, 12, 40, 3000])
@pytest.mark.parametrize(("key", "nested"), LITERALS_NESTED_DEEP)
def test_a_literal_nested_many_operator_levels_deep_is_read(key: str, nested: Callable[[int], str], levels: int) -> None:
    """Operands are read however deep their brackets nest (a loop over one reading of the value,
    not one level of recursion each): a literal 8 or more levels down is a branch as one a level
    down is."""
    messages = _messages(key, nested(levels))
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


def test_the_password_example_nested_nine_levels_deep_is_read() -> None:
    line = 'password = x or (a or (b or (c or (d or (e or (f or (g or (h or "Zq7fake-pw9"))))))))'
    assert len(_messages("app.py", line)) == 1


@pytest.mark.parametrize("levels", [9, 3000])
@pytest.mark.parametrize(
    ("key", "nested"),
    [
        ("app.py", lambda n: "password = x or " + _nested(n, "(a or ", "''", ")")),
        ("app.py", lambda n: "password = x or " + _nested(n, "(a or ", '"<password>"', ")")),
        ("app.py", lambda n: "password = " + _nested(n, "(a if b == ", '"Zq7fake-pw9"', " else c)")),
        ("app.js", lambda n: "const password = " + _nested(n, "x ? (", "getPw()", " : null)") + ";"),
        ("App.kt", lambda n: "val password = " + _nested(n, "if (a == ", '"Zq7fake-pw9"', ") x else y")),
    ],
)
def test_code_nested_many_levels_deep_stays_code(key: str, nested: Callable[[int], str], levels: int) -> None:
    assert _messages(key, nested(levels)) == []


def test_ten_thousand_nested_brackets_are_read_fast() -> None:
    line = "password = x or " + _nested(10_000, "(a or ", f'"{FAKE_PW}"', ")")
    started = time.perf_counter()
    messages = _messages("app.py", line)
    assert time.perf_counter() - started < 2.0
    assert len(messages) == 1


WHEN_AND_MATCH_LITERALS = [
    ("App.kt", f'val token = when (env) {{ "prod" -> "{FAKE_PW}"; else -> "" }}', "token", 3),
    ("App.kt", f'val token = when (env) {{\n    "prod" -> "{FAKE_PW}"\n    else -> ""\n}}', "token", 3),
    ("App.kt", f'val token = when {{\n    prod -> getToken()\n    else -> "{FAKE_PW}" // default\n}}', "token", 3),
    ("App.kt", f'private val password: String = when (env) {{ "a", "b" -> x; else -> "{FAKE_PW}" }}', "password", 3),
    ("App.kts", f'val token = when (val e = env()) {{ is Prod -> "{FAKE_PW}"; else -> "" }}', "token", 3),
    ("App.scala", f'val token = env match {{ case "prod" => "{FAKE_PW}"; case _ => "" }}', "token", 3),
    ("App.scala", f'val token = env match {{ case "prod" => "{FAKE_PW}" case _ => "" }}', "token", 3),
    ("App.scala", f'val token = env match {{\n  case "prod" => "{FAKE_PW}"\n  case _ => ""\n}}', "token", 3),
    ("App.kt", f'val token = when (env) {{\n    "prod" -> {{\n        log("prod")\n        "{FAKE_PW}"\n    }}\n    else -> ""\n}}', "token", 3),
]


@pytest.mark.parametrize(("key", "text", "name", "line"), WHEN_AND_MATCH_LITERALS)
def test_a_literal_in_an_arm_of_kotlins_when_or_scalas_match_is_assigned(key: str, text: str, name: str, line: int) -> None:
    """Kotlin's ``when`` and Scala's ``match`` are expressions: the value of each arm, after its
    ``->`` or ``=>``, is assigned, on one line or over lines; its conditions are compared."""
    messages = _messages(key, text)
    assert len(messages) == 1 and f'"{name}" in plain text (line {line})' in messages[0], messages
    assert FAKE_PW not in messages[0]


WHEN_AND_MATCH_OF_CODE = [
    ("App.kt", 'val token = when (env) { "prod" -> getPw(); else -> "" }'),
    ("App.kt", f'val token = when (env) {{ "{FAKE_PW}" -> getPw(); else -> "" }}'),
    ("App.kt", 'val token = when (env) { "prod" -> "<token>"; "dev" -> "XXXX"; else -> "" }'),
    ("App.kt", f'val token = when (env) {{\n    "{FAKE_PW}" -> getPw()\n    else -> System.getenv("TOKEN")\n}}'),
    ("App.kt", f'val token = when (env) {{\n    "prod" -> vault.read("{FAKE_PW[:4]}")\n    else -> null\n}}'),
    ("App.kt", f'val color = when (env) {{ "prod" -> "{FAKE_PW}"; else -> "" }}'),
    ("App.kt", f'val token = when (env) {{ "prod" -> {{ x -> "{FAKE_PW}" }}(1); else -> "" }}'),
    ("App.scala", f'val token = env match {{ case "{FAKE_PW}" => getPw(); case _ => "" }}'),
    ("App.scala", 'val token = env match {\n  case "prod" => sys.env("TOKEN")\n  case _ => "${TOKEN}"\n}'),
]


@pytest.mark.parametrize(("key", "text"), WHEN_AND_MATCH_OF_CODE)
def test_arms_of_code_in_kotlins_when_or_scalas_match_assign_nothing(key: str, text: str) -> None:
    """Calls, lookups, placeholders and empty strings are no secret; a literal in a condition is compared."""
    assert _messages(key, text) == []


BRACED_IF_LITERALS = [
    ("App.kt", f'val password = if (ok) {{ "{FAKE_PW}" }} else {{ other }}'),
    ("App.kt", f'val password = if (ok) {{ log(); "{FAKE_PW}" }} else other'),
    ("App.kt", f'val password = if (ok) other else {{ "{FAKE_PW}" }}'),
    ("App.kt", f'val password = if (ok) {{\n    "{FAKE_PW}"\n}} else {{\n    other\n}}'),
    ("App.kt", f'val password = if (ok) {{\n    log("prod")\n    "{FAKE_PW}"\n}} else other'),
    ("App.scala", f'val password = if (ok) {{ "{FAKE_PW}" }} else {{ other }}'),
    ("App.kt", f'connect(password = if (ok) "{FAKE_PW}" else x)'),
    ("App.kt", f'connect(host = h, password = if (ok) {{ "{FAKE_PW}" }} else x)'),
]


@pytest.mark.parametrize(("key", "text"), BRACED_IF_LITERALS)
def test_a_literal_ending_a_braced_branch_of_kotlins_if_is_assigned(key: str, text: str) -> None:
    """A braced branch of Kotlin's or Scala's ``if`` gives its last expression; an ``if`` may be a
    keyword argument's value too."""
    messages = _messages(key, text)
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


BRACED_IF_OF_CODE = [
    ("App.kt", 'val password = if (ok) { "" } else { other }'),
    ("App.kt", f'val password = if (ok) {{ log("{FAKE_PW}"); getPw() }} else {{ other }}'),
    ("App.kt", 'val password = if (ok) {\n    "<password>"\n} else {\n    System.getenv("PW")\n}'),
    ("App.kt", f'val color = if (ok) {{ "{FAKE_PW}" }} else {{ other }}'),
    ("app.py", f'password = x or {{"user": "{FAKE_PW}"}}'),
    ("app.js", f'const password = ok ? {{ a: "{FAKE_PW}" }} : x;'),
]


@pytest.mark.parametrize(("key", "text"), BRACED_IF_OF_CODE)
def test_braced_branches_of_code_assign_nothing(key: str, text: str) -> None:
    """A block ending with code, a placeholder or an empty string gives no secret; a literal earlier
    in it is a statement's; an object or a dict in a branch of another language is no block."""
    assert _messages(key, text) == []


PARENTHESIZED_BRANCH_LITERALS = [
    ("app.py", f'password = ("{FAKE_PW}") if ok else x'),
    ("app.py", f'password = x if ok else (("{FAKE_PW}"))'),
    ("app.py", f'password = x or ("{FAKE_PW}")'),
    ("app.js", f'const password = ok ? ("{FAKE_PW}") : x;'),
    ("app.ts", f'const password = x ?? ("{FAKE_PW}");'),
    ("App.kt", f'val password = if (ok) ("{FAKE_PW}") else x'),
]


@pytest.mark.parametrize(("key", "text"), PARENTHESIZED_BRANCH_LITERALS)
def test_a_literal_in_parentheses_as_a_branch_is_assigned(key: str, text: str) -> None:
    """Parentheses around a branch's literal change nothing: it is assigned."""
    messages = _messages(key, text)
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


PARENTHESIZED_BRANCHES_OF_CODE = [
    ("app.py", 'password = ("") if ok else x'),
    ("app.py", 'password = ("<password>") if ok else x'),
    ("app.py", "password = (getpass()) if ok else x"),
    ("app.py", f'password = x if (env == "{FAKE_PW}") else y'),
    ("app.py", f'password = x if ("{FAKE_PW}" in s) else y'),
    ("app.js", f'const password = (env === "{FAKE_PW}") ? getPw() : x;'),
    ("app.py", f'password = ("user", "{FAKE_PW[:3]}") if ok else x'),
]


@pytest.mark.parametrize(("key", "text"), PARENTHESIZED_BRANCHES_OF_CODE)
def test_parentheses_around_code_or_a_comparison_assign_nothing(key: str, text: str) -> None:
    assert _messages(key, text) == []


def test_arms_left_open_for_hundreds_of_lines_are_no_value() -> None:
    """Arms are kept a few hundred lines at most: a ``when`` whose brace never closes in time sets nothing."""
    arms = '    "a" -> f(x)\n' * 300
    assert _messages("App.kt", f'val token = when (env) {{\n{arms}    else -> "{FAKE_PW}"\n}}') == []
    assert len(_messages("App.kt", f'val token = when (env) {{\n{arms[: 16 * 100]}    else -> "{FAKE_PW}"\n}}')) == 1


SWITCH_LITERALS = [
    ("App.java", f'String password = switch (env) {{ case "prod" -> "{FAKE_PW}"; default -> ""; }};'),
    ("App.java", f'String password = switch (env) {{\n    case "prod" -> "{FAKE_PW}";\n    default -> "";\n}};'),
    ("App.java", f'String password = switch (env) {{ case "dev" -> getPw(); default -> "{FAKE_PW}"; }};'),
    ("App.java", f'String password = switch (env) {{ case "a", "b" -> x; case "prod" -> "{FAKE_PW}"; default -> y; }};'),
    ("App.java", f'String password = switch (env) {{ case "a" -> {{ yield "{FAKE_PW}"; }} default -> ""; }};'),
    ("App.java", f'String password = switch (env) {{\n    case "a" -> {{\n        log("a");\n        yield "{FAKE_PW}";\n    }}\n    default -> "";\n}};'),
    ("App.cs", f'var password = env switch {{ "prod" => "{FAKE_PW}", _ => "" }};'),
    ("App.cs", f'var password = env switch {{ "dev" => GetPw(), _ => "{FAKE_PW}" }};'),
    ("App.cs", f'var password = env switch {{\n    "prod" => "{FAKE_PW}",\n    _ => "",\n}};'),
    ("App.cs", f'string password = env switch {{ {{ Length: 4 }} => "{FAKE_PW}", _ => "" }};'),
    ("App.cs", f'private static string password = env switch {{\n    "dev" => GetPw(),\n    "prod" => "{FAKE_PW}",\n    _ => ""\n}};'),
]


@pytest.mark.parametrize(("key", "text"), SWITCH_LITERALS)
def test_a_literal_in_an_arm_of_a_java_or_csharp_switch_expression_is_assigned(key: str, text: str) -> None:
    """Java's ``switch (env) { case "prod" -> ...; }`` and C#'s ``env switch { "prod" => ..., }`` are
    expressions: each arm's value (Java's block gives what it yields; a comma ends a C# arm) is
    assigned, on one line or over lines; the case labels are compared."""
    messages = _messages(key, text)
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


SWITCH_OF_CODE = [
    ("App.java", 'String password = switch (env) { case "prod" -> getPw(); default -> ""; };'),
    ("App.java", f'String password = switch (env) {{ case "{FAKE_PW}" -> getPw(); default -> null; }};'),
    ("App.java", 'String password = switch (env) { case "prod" -> "<password>"; case "dev" -> "${PW}"; default -> "***"; };'),
    ("App.java", f'String password = switch (env) {{\n    case "{FAKE_PW}" -> {{ yield vault.read("pw"); }}\n    default -> "xxx";\n}};'),
    ("App.java", f'String color = switch (env) {{ case "prod" -> "{FAKE_PW}"; default -> ""; }};'),
    ("App.cs", f'var password = env switch {{ "{FAKE_PW}" => GetPw(), _ => "" }};'),
    ("App.cs", 'var password = env switch {\n    "prod" => Environment.GetEnvironmentVariable("PW"),\n    _ => "<password>",\n};'),
    ("App.cs", f'var color = env switch {{ "prod" => "{FAKE_PW}", _ => "" }};'),
    ("App.java", f'int n = switch (env) {{ case "{FAKE_PW}" -> ok(); default -> 0; }};'),
]


@pytest.mark.parametrize(("key", "text"), SWITCH_OF_CODE)
def test_arms_of_code_in_a_java_or_csharp_switch_expression_assign_nothing(key: str, text: str) -> None:
    """Calls, lookups, placeholders and empty strings are no secret; a case label is compared."""
    assert _messages(key, text) == []


def test_a_tab_before_the_semicolon_after_the_arms_closes_them() -> None:
    """A tab is a blank after the ``}`` closing the arms, as a space is (over lines, too)."""
    for text in [f'val password = when {{\n    ok -> "{FAKE_PW}"\n    else -> ""\n}}\t;', f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }}\t;']:
        messages = _messages("App.kt", text)
        assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages


@pytest.mark.parametrize("after", ["n", "tn", "\\n", "\\t", " nt"])
def test_letters_or_a_backslash_after_the_arms_are_code(after: str) -> None:
    """What follows the ``}`` closing the arms must be blanks or a ``;``: ``}n`` or ``}\\n`` is
    more code, and the arms are no value alone."""
    assert _messages("App.kt", f'val password = when {{\n    ok -> "{FAKE_PW}"\n    else -> ""\n}}{after}') == []
    assert _messages("App.kt", f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }}{after}') == []


ARM_VALUES_ON_THE_NEXT_LINE_OR_CALLED = [
    ("App.scala", f'val password = env match {{\n  case "prod" =>\n    "{FAKE_PW}"\n  case _ => ""\n}}'),
    ("App.scala", f'val password = env match {{\n  case "prod" =>\n    log("prod")\n    "{FAKE_PW}"\n  case _ => ""\n}}'),
    ("App.kt", f'val password = when (env) {{\n    "prod" ->\n        "{FAKE_PW}"\n    else -> ""\n}}'),
    ("App.kt", f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }}.trim()'),
    ("App.kt", f'val password = when {{\n    ok -> "{FAKE_PW}"\n    else -> ""\n}}.trim()'),
    ("App.kt", f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }}?.trim().lowercase()'),
    ("App.scala", f'val password = env match {{ case "prod" => "{FAKE_PW}"; case _ => "" }}.trim'),
]


@pytest.mark.parametrize(("key", "text"), ARM_VALUES_ON_THE_NEXT_LINE_OR_CALLED)
def test_an_arm_value_on_the_line_after_its_arrow_or_before_a_method_call_is_assigned(key: str, text: str) -> None:
    """An arm's value may start on the line after its arrow (a Scala arm gives its last statement);
    methods called on the arms' result (``when { ... }.trim()``) change nothing, as on a literal."""
    messages = _messages(key, text)
    assert len(messages) == 1 and 'password" in plain text (line 3)' in messages[0], messages
    assert FAKE_PW not in messages[0]


ARMS_ON_THE_NEXT_LINE_OR_CALLED_OF_CODE = [
    ("App.scala", 'val password = env match {\n  case "prod" =>\n    sys.env("PW")\n  case _ => ""\n}'),
    ("App.scala", f'val password = env match {{\n  case "prod" =>\n    log("{FAKE_PW}")\n    readPw()\n  case _ => ""\n}}'),
    ("App.kt", 'val password = when (env) {\n    "prod" ->\n        "<password>"\n    else -> ""\n}'),
    ("App.kt", 'val password = when { ok -> getPw(); else -> "" }.trim()'),
    ("App.kt", f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }} + suffix'),
    ("App.kt", f'val password = when {{ ok -> "{FAKE_PW}"; else -> "" }}.let {{ decrypt(it) }}'),
    ("App.kt", f'val color = when {{ ok -> "{FAKE_PW}"; else -> "" }}.trim()'),
]


@pytest.mark.parametrize(("key", "text"), ARMS_ON_THE_NEXT_LINE_OR_CALLED_OF_CODE)
def test_arms_of_code_on_the_next_line_or_before_a_call_assign_nothing(key: str, text: str) -> None:
    assert _messages(key, text) == []
