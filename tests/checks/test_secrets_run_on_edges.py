"""disallow-plaintext-secrets: the edges of a value that runs onto the lines below its key (YAML
block scalars, quotes left open, backslash and indentation continuations, the replay after a quote
nothing closes), each pinned by a case a mutant of the config reader got wrong. The lines a value
runs onto are its text: never read as settings, never shown; but for a neutral value's quote in a
shell or dotenv text, whose lines are read as settings all the same. Secret values are obviously fake."""

from __future__ import annotations

import re
from typing import Any

import pytest
from check_helpers import decide

POLICY = "disallow-plaintext-secrets"
FAKE = "hunter2-example"
FIRST, NEXT = "Vbn3Jy8q", "zqx-kumquat-pw"
_SHOWN_SETTING = re.compile(r'"([^"]+)"(?: in plain text)? \(line (\d+)\)')


def _object(text: str, where: str) -> dict[str, Any]:
    if where == "configmap":
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": {"app.conf": text}}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": "x", "env": [{"name": "APP_CONFIG", "value": text}]}]}}  # fmt: skip


def _assert_settings(text: str, expected: set[tuple[str, int]], where: str) -> None:
    """The settings reported are exactly ``expected`` (name, line), and no piece of 4 characters
    or more of ``FIRST``, ``NEXT`` or ``FAKE`` shows anywhere in the decision."""
    decision = decide(_object(text, where))
    mine = [f for f in decision.findings if f.policy == POLICY]
    shown_settings = {(name, int(line)) for f in mine for name, line in _SHOWN_SETTING.findall(f.message)}
    assert shown_settings == expected, [f.message for f in mine]
    shown = repr([decision.message, decision.warnings, decision.findings])
    for part in (FIRST, NEXT, FAKE):
        for i in range(len(part) - 3):
            assert part[i : i + 4] not in shown, part[i : i + 4]


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a quoted value closed on the text's last line: one value, nothing to read again
        (f'db:\n  password: "{FIRST}\n    {NEXT}: x7"\n', {("password", 2)}),
        # an indented (INI) or backslash-continued value up to the end: its lines are its text, and
        # the value is judged once the text ends
        (f"[db]\npassword = {FIRST}\n    {NEXT} = x7\n", {("password", 2)}),
        (f"[db]\npassword = ${{DB_PASSWORD}}\n    {NEXT} = {FAKE}\n", {("password", 2)}),
        (f"db.password=${{DB_PASSWORD}}\\\n{NEXT}={FAKE}\\\n", {("db.password", 1)}),
    ],
)
def test_a_value_running_on_to_the_end_of_the_text(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # after a quote nothing closes, the lines after its key are read again with no quoted value
        # running on (quotes are text in a properties file): the line after an open quote is a setting
        (f"db.password=\"$(DB_PASSWORD)\nsmtp.password='${{SMTP_PASSWORD}}\napi.token={FAKE}'\n", {("api.token", 3)}),
        # a value continued by a backslash still runs on there (Apache's SetEnv ...\)
        (f'db.password="$(DB_PASSWORD)\nSetEnv API_TOKEN {FIRST}\\\n{NEXT}=x7\n', {("SetEnv API_TOKEN", 2)}),
    ],
)
def test_the_lines_read_again_after_a_quote_nothing_closes(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # npm's _auth (a sensitive key by the config reader's own list) opening a block scalar
        (f"_auth: |\n  {FIRST}\n  {NEXT}: x7\nregistry: https://registry.example\n", {("_auth", 1)}),
        # a line starting with # inside a block scalar is its text, not a comment
        (f"_auth: |\n  #{FIRST}:{NEXT}\n", {("_auth", 1)}),
        # both indicators (indentation and chomping), and a comment after the indicator
        (f"password: |2-\n  {FIRST}\n  {NEXT}: x7\napi_token: {FAKE}\n", {("password", 1), ("api_token", 4)}),
        (f"password: >-2\n  {FIRST}\n  {NEXT}: x7\n", {("password", 1)}),
        (f"password: |  # the db password\n  {FIRST}\n  {NEXT}: x7\napi_token: {FAKE}\n", {("password", 1), ("api_token", 4)}),
        # its text is the value: a reference there is no literal, whatever follows the indicator
        ("password: |  # from the pod\n  ${DB_PASSWORD}\n", set()),
    ],
)
def test_more_block_scalar_openers_under_a_sensitive_key(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # the value of a name/value pair whose name is no credential runs on too: its lines are
        # text (a message of the day), neither settings nor a finding of their own
        (f'env:\n- name: MOTD\n  value: "Welcome {FIRST}\n    password: {NEXT}"\n- name: API_TOKEN\n  value: {FAKE}\n', {("API_TOKEN", 6)}),
        # a neutral key made sensitive by its parent (jwt.key), reported on its line: its value runs on
        (f'jwt:\n  key: "{FIRST}\n    {NEXT}: x7"\n  issuer: shop\n', {("jwt.key", 2)}),
    ],
)
def test_a_value_runs_on_under_a_key_that_is_no_credential_name(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a blank line inside a block scalar is part of it: the next indented line is still its text
        (f"password: |\n  {FIRST}\n\n  {NEXT}: x7\n", {("password", 1)}),
        # a key at the indentation of the scalar's key ends it, and is read as a setting
        (f"password: |\n  {FIRST}\napi_token: {FAKE}\n", {("password", 1), ("api_token", 3)}),
        (f"db:\n  password: >\n    ${{DB_PASSWORD}}\n  api_token: {FAKE}\n", {("api_token", 4)}),
        # blank lines before its text are no part of what is judged: the literal after them is
        (f"password: |\n\n  {FAKE}\n", {("password", 1)}),
        (f"password: |\n\n\n  {FAKE}\n", {("password", 1)}),
        (f"password: >-\n  \n\n   \n  {FAKE}\napi_token: ${{API_TOKEN}}\n", {("password", 1)}),
    ],
)
def test_where_a_block_scalar_ends_and_what_of_it_is_judged(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an Ansible Vault block under its tag: its header line and the ciphertext's first line are
        # judged together, as ciphertext, not the header alone
        (
            "db_user: app\ndb_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n"
            "  62313365396662343061336539666234\n  39303662613563346330356137383765\n",
            set(),
        ),
        # a lookup call whose arguments were to follow, closed on the next line: no literal
        ("DB_PASSWORD = os.environ.get(\n)\n", set()),
        # a value that opens a list (Python's, TOML's) holds code or structures, not run-on text
        ("password = [\n    os.environ['DB_PASSWORD'],\n]\n", set()),
        # a literal that starts with an x is no quote: judged on its line
        (f"user: app\napi_token: x{FIRST}\n", {("api_token", 2)}),
    ],
    ids=["ansible-vault-block", "lookup-call-closed-below", "list-opened", "literal-starting-with-x"],
)
def test_what_a_sensitive_key_opens_below_it(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Apache's RequestHeader runs on by a backslash, as SetEnv does (not by nginx's quotes)
        (f"RequestHeader set X-Api-Key \\\n    {FIRST}{NEXT}\n", {("RequestHeader X-Api-Key", 1)}),
        # and names a header: one that carries a key under a name that says nothing of it
        (f"RequestHeader set X-Honeycomb-Team \\\n    {FIRST}{NEXT}\n", {("RequestHeader X-Honeycomb-Team", 1)}),
        # the last key of a PHP assignment names what is set: a hint, not a password
        (f"$config['password']['hint'] = '{FIRST}\n  {NEXT}';\n", set()),
        # a string left open by a setting that is no secret is judged as no secret's
        ("define('DB_HOST', 'db.example\n  .internal');\n", set()),
    ],
    ids=["requestheader-backslash", "requestheader-key-header", "php-last-key", "php-define-no-secret"],
)
def test_a_directive_or_code_line_that_runs_on(text: str, expected: set[tuple[str, int]]) -> None:
    _assert_settings(text, expected, "configmap")


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the last entry of a hash or an array on one line opens a string closed on a later line:
        # the string, read whole, is the value, and its lines are no settings
        (f"return ['host' => 'db', 'password' => '\n{FAKE}'];\n", {("password", 1)}),
        (f"return ['host' => 'db', 'password' => '\n  {NEXT}: {FAKE}\n'];\n", {("password", 1)}),
        (f"$db = ['host' => 'db', 'password' => \"\n{FAKE}\"];\n", {("password", 1)}),
        (f"return [\n  'db' => ['host' => 'db', 'password' => '\n{FAKE}'],\n];\n", {("password", 2)}),
        (f"return [\n  'host' => 'db', 'password' => '\n{FAKE}',\n];\n", {("password", 2)}),
        (f"DB = {{:host => 'db', :password => '\n{FAKE}'}}\n", {("password", 1)}),
        (f"my %db = (host => 'db', password => '\n{FAKE}');\n", {("password", 1)}),
        (f'cfg := Config{{Host: "db", Password: `\n{FAKE}`}}\n', {("Password", 1)}),
        # what follows its closing quote is read as a line of its own
        (f"return ['host' => 'db', 'password' => '\n{FIRST}', 'api_token' => '{NEXT}'];\n", {("password", 1), ("api_token", 2)}),
        # a reference over lines, and a value reported on its first line, are said once
        ("return ['host' => 'db', 'password' => '\n${DB_PASSWORD}'];\n", set()),
        (f"return ['host' => 'db', 'password' => '{FIRST}\n  {NEXT}: x7'];\n", {("password", 1)}),
    ],
)
def test_the_last_entry_of_a_hash_on_one_line_runs_on(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after the closing quote, a lookup, a constant or null followed by the brackets that close
        # the hash is no literal
        ("return ['host' => 'db', 'password' => '\n', 'api_token' => getenv('T')];\n", set()),
        ("return ['host' => 'db', 'password' => '\n', 'api_token' => env('T')];\n", set()),
        ("return ['host' => 'db', 'password' => '\n', 'api_token' => TOKEN];\n", set()),
        ("return ['host' => 'db', 'password' => '\n', 'api_token' => null];\n", set()),
        ("DB = {:host => 'db', :password => '\n', :api_token => ENV['T']}\n", set()),
        ('cfg := Config{Host: "db", Password: `\n`, APIToken: os.Getenv("T")}\n', set()),
        # so alone on its line, closing the array
        ("$cfg = [\n  'host' => 'db',\n  'api_token' => getenv('T')];\n", set()),
        ("$cfg = [\n  'host' => 'db',\n  'api_token' => getenv('T')]];\n", set()),
        # a literal there is still one
        (f"return ['host' => 'db', 'password' => '\n', 'api_token' => '{NEXT}'];\n", {("api_token", 2)}),
        (f"DB = {{:host => 'db', :password => '\n', :api_token => '{NEXT}'}}\n", {("api_token", 2)}),
        (f'cfg := Config{{Host: "db", Password: `\n`, APIToken: "{NEXT}"}}\n', {("APIToken", 2)}),
        (f"$cfg = [\n  'host' => 'db',\n  'api_token' => '{NEXT}'];\n", {("api_token", 3)}),
    ],
)
def test_a_lookup_before_closing_brackets_after_a_closing_quote_is_no_literal(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_settings(text, expected, where)


def _configmap_key(key: str, text: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": {key: text}}


def _shown_settings_of(obj: dict[str, Any]) -> set[tuple[str, int]]:
    decision = decide(obj)
    mine = [f for f in decision.findings if f.policy == POLICY]
    assert FAKE not in repr([decision.message, decision.warnings, decision.findings])
    return {(name, int(line)) for f in mine for name, line in _SHOWN_SETTING.findall(f.message)}


@pytest.mark.parametrize(
    "key, text, expected",
    [
        # a neutral value quoted over two lines in a shell-like text (an export prefix, or a .env,
        # .sh or .bash key): what follows its closing quote is read as a line of its own
        ("app.env", f"export A='x\ny' DB_PASSWORD={FAKE}\n", {("DB_PASSWORD", 2)}),
        ("app.env", f"export A='x\ny'; export DB_PASSWORD={FAKE}\n", {("DB_PASSWORD", 2)}),
        ("app.conf", f'export A="x\ny"; export DB_PASSWORD={FAKE}\n', {("DB_PASSWORD", 2)}),
        (".env", f'A="x\ny" DB_PASSWORD={FAKE}\n', {("DB_PASSWORD", 2)}),
        ("prod.env", f"A='x\ny'; DB_PASSWORD='{FAKE}'\n", {("DB_PASSWORD", 2)}),
        # the next line after the closing one is read as before
        ("app.env", f"export A='x\ny'\nexport DB_PASSWORD={FAKE}\n", {("DB_PASSWORD", 3)}),
        (".env", f'A="x\ny"\nDB_PASSWORD={FAKE}\n', {("DB_PASSWORD", 3)}),
        # the lines inside a neutral quoted value are still read as settings: a quote left open by
        # mistake (or a value holding a .env file) hides no plain-text password
        ("app.env", f"export MOTD='Welcome\nexport API_TOKEN={FAKE}'\nexport DB_PASSWORD={FAKE}\n", {("API_TOKEN", 2), ("DB_PASSWORD", 3)}),
        ("app.env", f"A='x\nDB_PASSWORD={FAKE}\nB='y'\n", {("DB_PASSWORD", 2)}),
        (".env", f'A="x\nDB_PASSWORD={FAKE}\nB="y"\n', {("DB_PASSWORD", 2)}),
        ("run.sh", f"export A='\nexport DB_PASSWORD={FAKE}\ny'; export API_TOKEN={FAKE}\n", {("DB_PASSWORD", 2), ("API_TOKEN", 3)}),
        # a quote closed on a line followed by a comment only: the lines inside are read as before
        ("app.env", f"A='x\nDB_PASSWORD={FAKE}\ny' # note\n", {("DB_PASSWORD", 2)}),
        # quotes are text in a properties file: a quote left open there hides no setting
        ("app.properties", f'greeting="hi\ndb.password={FAKE}\ntitle="x"\n', {("db.password", 2)}),
        ("app.properties", f"greeting='hi\ndb.password={FAKE}\ntitle='x'\n", {("db.password", 2)}),
    ],
)
def test_a_neutral_quoted_value_over_lines_in_a_shell_like_text(key: str, text: str, expected: set[tuple[str, int]]) -> None:
    assert _shown_settings_of(_configmap_key(key, text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"export A='x\ny' DB_PASSWORD={FAKE}\n", {("DB_PASSWORD", 2)}),
        (f"export A='x\ny'; export DB_PASSWORD={FAKE}\n", {("DB_PASSWORD", 2)}),
    ],
)
def test_a_neutral_quoted_value_over_lines_after_export_in_an_env_value(text: str, expected: set[tuple[str, int]]) -> None:
    assert _shown_settings_of(_object(text, "env")) == expected


@pytest.mark.parametrize(
    "key, text, expected",
    [
        ("app.env", f"A='x\ny' DB_PASSWORD={FAKE}\n", [("DB_PASSWORD", 2)]),
        ("run.sh", f"export A='x\ny'; export DB_PASSWORD={FAKE}\n", [("DB_PASSWORD", 2)]),
        # the same name inside the quote and after it: each line once
        (".env", f'A="x\nDB_PASSWORD={FAKE}\ny" DB_PASSWORD={FAKE}\n', [("DB_PASSWORD", 2), ("DB_PASSWORD", 3)]),
        # a closing line read whole and then its rest: the setting there is named once
        ("app.env", f"A='x\nexport DB_PASSWORD={FAKE}'; export DB_PASSWORD={FAKE}\n", [("DB_PASSWORD", 2)]),
    ],
)
def test_a_setting_after_a_closing_quote_is_reported_once(key: str, text: str, expected: list[tuple[str, int]]) -> None:
    decision = decide(_configmap_key(key, text))
    shown = [(name, int(at)) for f in decision.findings if f.policy == POLICY for name, at in _SHOWN_SETTING.findall(f.message)]
    assert sorted(shown) == expected, [f.message for f in decision.findings]
    assert FAKE not in repr([decision.message, decision.warnings, decision.findings])
