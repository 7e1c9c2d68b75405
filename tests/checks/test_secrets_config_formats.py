"""disallow-plaintext-secrets on more config file formats held in ConfigMaps: fluentd configs,
fluent-bit's ``@SET`` and ``Header`` lines, PHP config files (``define()``, arrays) and ``.pgpass``
files. Each format is read only where it is recognised; references (environment lookups in code,
Ruby interpolation) are not values. Secret values here are obviously fake (``hunter2-example``)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from check_helpers import POLICIES, decide, findings

from webhook.config import parse_cluster_config

POLICY = "disallow-plaintext-secrets"
FAKE = "hunter2-example"


def _configmap(data: dict[str, str]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": data}


def _env_pod(name: str, value: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": "x", "env": [{"name": name, "value": value}]}]}}  # fmt: skip


def _assert_reported(key: str, text: str, fragments: list[str]) -> None:
    """One finding per fragment, in order, at the key's path, none showing the fake value."""
    obj = _configmap({key: text})
    found = findings(obj, POLICY)
    assert [f.path for f in found] == [f"/data/{key}"] * len(fragments)
    for finding, fragment in zip(found, fragments, strict=True):
        assert fragment in finding.message, finding.message
    decision = decide(obj)
    shown = repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])
    assert FAKE not in shown


# --- fluentd: key value lines inside <match>, <source>, <store>... directives ---------------------

_FLUENTD_ES = (
    "<source>\n"
    "  @type tail\n"
    "  path /var/log/containers/*.log\n"
    "</source>\n"
    "<match kube.**>\n"
    "  @type elasticsearch\n"
    "  host elasticsearch\n"
    "  user elastic\n"
    "  password {password}\n"
    "  <buffer tag,time>\n"
    "    flush_interval 5s\n"
    "  </buffer>\n"
    "</match>\n"
)


@pytest.mark.parametrize(
    "text, fragments",
    [
        (_FLUENTD_ES.format(password=FAKE), ['"password" in plain text (line 9)']),
        (_FLUENTD_ES.format(password=f'"{FAKE}"'), ['"password" in plain text (line 9)']),
        (_FLUENTD_ES.format(password=f"'{FAKE}'"), ['"password" in plain text (line 9)']),
        # a default given in Ruby, and literal text around an interpolation, are plain text
        (_FLUENTD_ES.format(password=f"\"#{{ENV.fetch('ES_PASSWORD', '{FAKE}')}}\""), ['"password" in plain text (line 9)']),
        (_FLUENTD_ES.format(password=f"\"#{{ENV['ES_USER']}}:{FAKE}\""), ['"password" in plain text (line 9)']),
        # secure forward: a shared key and users, nested in <security>
        (
            "<source>\n  @type forward\n  <security>\n    self_hostname fluentd\n    shared_key " + FAKE + "\n"
            "    <user>\n      username fluent\n      password " + FAKE + "\n    </user>\n  </security>\n</source>\n",
            ['"shared_key" in plain text (line 5)', '"password" in plain text (line 8)'],
        ),
        # copy to several stores; a forward server with its own shared key
        (
            "<match **>\n  @type copy\n  <store>\n    @type forward\n    <server>\n      host aggregator\n"
            "      shared_key " + FAKE + "\n    </server>\n  </store>\n</match>\n",
            ['"shared_key" in plain text (line 7)'],
        ),
        # the S3 plugin's secret access key says so only as aws_sec_key
        ("<match s3.**>\n  @type s3\n  aws_key_id AKIA-not-a-key\n  aws_sec_key " + FAKE + "\n</match>\n", ['"aws_sec_key" in plain text (line 4)']),
        ("<label @OUTPUT>\n  <match **>\n  @type http\n  password " + FAKE + "\n  </match>\n</label>\n", ['"password" in plain text (line 4)']),
        # parameters written flush left still belong to their directive
        ("<match **>\n@type elasticsearch\npassword " + FAKE + "\n</match>\n", ['"password" in plain text (line 3)']),
        ("<match **>\r\n  @type http\r\n  password " + FAKE + "\r\n</match>\r\n", ['"password" in plain text (line 3)']),
    ],
)
def test_a_secret_in_a_fluentd_config_is_reported(text: str, fragments: list[str]) -> None:
    _assert_reported("fluent.conf", text, fragments)


@pytest.mark.parametrize(
    "password",
    [
        "\"#{ENV['ES_PASSWORD']}\"",
        "\"#{ENV.fetch('ES_PASSWORD')}\"",
        "\"#{ENV.fetch('ES_PASSWORD', '')}\"",
        "\"#{ENV['ES_USER']}#{ENV['ES_PASSWORD']}\"",
        '"#{File.read(\'/run/secrets/es\').strip}"',  # computed when the config is read
        "${ES_PASSWORD}",
        "/fluentd/secrets/es-password",
    ],
)
def test_a_fluentd_config_with_references_is_not_reported(password: str) -> None:
    assert findings(_configmap({"fluent.conf": _FLUENTD_ES.format(password=password)}), POLICY) == []


@pytest.mark.parametrize(
    "key, text",
    [
        # user names, hosts and paths are not secrets; record_transformer reads a field
        ("fluent.conf", "<match **>\n  @type elasticsearch\n  user elastic\n  username fluent\n  host es\n</match>\n"),
        ("fluent.conf", '<filter **>\n  @type record_transformer\n  enable_ruby\n  <record>\n    token ${record["token"]}\n  </record>\n</filter>\n'),
        ("fluent.conf", "<filter **>\n  @type grep\n  <exclude>\n    key password\n    pattern /./\n  </exclude>\n</filter>\n"),
        # key value lines are read only under a fluentd directive on its own line
        ("nginx.conf", f"server {{\n    listen 80;\n    location / {{\n        proxy_pass http://app;\n        password {FAKE};\n    }}\n}}\n"),
        ("fluent.conf", f"# <match **>\n  @type http\n  password {FAKE}\n"),
        ("fluent.conf", f"<match **> x</match>\n  @type http\n  password {FAKE}\n"),
        # a section alone is no fluentd config (Maven's settings.xml has <server> on its own line)
        ("fluent.conf", f"<store>\n  @type http\n  password {FAKE}\n</store>\n"),
        # HTML and XML tags have attributes, or are not fluentd's directives
        ("login.html", f'<form>\n  <label>\n    Password {FAKE}\n  </label>\n  <source src="a.mp4">\n    @type {FAKE}\n    Password {FAKE}\n</form>\n'),
        ("server.xml", f'<Server port="8005">\n  <Service name="x">\n    @type x\n    password {FAKE}\n  </Service>\n</Server>\n'),
    ],
)
def test_fluentd_like_text_without_a_literal_secret_is_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


_FLUENTD_HTTP = "<match **>\n  @type http\n  endpoint https://logs.example.com/ingest\n  headers {headers}\n</match>\n"


@pytest.mark.parametrize(
    "headers, fragment",
    [
        (f'{{"Authorization":"Bearer {FAKE}"}}', '"headers Authorization" in plain text (line 4)'),
        (f'{{"X-Tenant": "acme", "X-Api-Key": "{FAKE}"}}', '"headers X-Api-Key" in plain text (line 4)'),
        (f'{{"authorization": "{FAKE}"}}', '"headers authorization" in plain text (line 4)'),
    ],
)
def test_a_credential_in_a_fluentd_headers_hash_is_reported(headers: str, fragment: str) -> None:
    """The http output's ``headers`` hash, written as JSON, is judged header by header."""
    _assert_reported("fluent.conf", _FLUENTD_HTTP.format(headers=headers), [fragment])


@pytest.mark.parametrize(
    "headers",
    [
        '{"Authorization":"Bearer ${TOKEN}"}',
        "{\"Authorization\":\"Bearer #{ENV['LOG_TOKEN']}\"}",
        '{"X-Tenant":"acme","Content-Type":"application/json"}',
        '{"Authorization":',  # not JSON: not read
        '["Authorization", "hunter2-example"]',  # JSON, but no hash
    ],
)
def test_a_fluentd_headers_hash_without_a_literal_credential_is_not_reported(headers: str) -> None:
    assert findings(_configmap({"fluent.conf": _FLUENTD_HTTP.format(headers=headers)}), POLICY) == []


@pytest.mark.parametrize(
    "headers, fragments",
    [
        (
            f'{{"Authorization":"Bearer {FAKE}","X-Api-Key":"{FAKE}2"}}',
            ['"headers Authorization" in plain text (line 4)', '"headers X-Api-Key" in plain text (line 4)'],
        ),
        (  # neutral and referenced headers between them are no finding
            f'{{"Private-Token": "{FAKE}", "X-Tenant": "acme", "Authorization": "Bearer #{{ENV[\'T\']}}", "X-Api-Key": "{FAKE}"}}',
            ['"headers Private-Token" in plain text (line 4)', '"headers X-Api-Key" in plain text (line 4)'],
        ),
    ],
)
def test_each_credential_in_a_fluentd_headers_hash_is_reported(headers: str, fragments: list[str]) -> None:
    """Each header of the hash that carries a credential is a finding of its own, as each entry of
    a mapping on one line is."""
    _assert_reported("fluent.conf", _FLUENTD_HTTP.format(headers=headers), fragments)


def test_a_fluentd_headers_hash_key_that_is_no_header_name_is_never_shown() -> None:
    """A hash key holding more than a header's name (``"X-Api-Key:<value>"``) is not shown in a message."""
    obj = _configmap({"fluent.conf": _FLUENTD_HTTP.format(headers=f'{{"X-Api-Key:{FAKE}": "k3y-other-example"}}')})
    decision = decide(obj)
    assert FAKE not in repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])


# --- fluent-bit: @SET variables and Header lines -----------------------------------------------------


@pytest.mark.parametrize(
    "text, fragments",
    [
        (f"@SET es_password={FAKE}\n[OUTPUT]\n    Name  es\n    HTTP_Passwd  ${{es_password}}\n", ['"es_password" in plain text (line 1)']),
        (f"@set api_token = {FAKE}\n", ['"api_token" in plain text (line 1)']),
        (
            f"[OUTPUT]\n    Name    http\n    Header  X-Api-Key  {FAKE}\n    Header  X-Tenant  acme\n",
            ['"Header X-Api-Key" in plain text (line 3)'],
        ),
        (f"[OUTPUT]\n    Name    http\n    Header  Authorization  Bearer {FAKE}\n", ['"Header Authorization" in plain text (line 3)']),
        (f"[OUTPUT]\n\tName\thttp\n\tHeader\tX-Auth-Token\t{FAKE}\n", ['"Header X-Auth-Token" in plain text (line 3)']),
        (f"[OUTPUT]\n    Name    loki\n    Header  authorization  {FAKE}\n", ['"Header authorization" in plain text (line 3)']),
        # a value glued to its header's name by a colon: the value, never shown as part of the name
        (f"[OUTPUT]\n    Name    http\n    Header  X-Api-Key:{FAKE}\n", ['"Header X-Api-Key" in plain text (line 3)']),
        (f"[OUTPUT]\n    Name    http\n    Header  X-Api-Key:{FAKE}  always\n", ['"Header X-Api-Key" in plain text (line 3)']),
        (f"[OUTPUT]\n    Name    http\n    Header  Authorization:Bearer {FAKE}\n", ['"Header Authorization" in plain text (line 3)']),
    ],
)
def test_a_secret_in_fluent_bit_set_or_header_lines_is_reported(text: str, fragments: list[str]) -> None:
    _assert_reported("fluent-bit.conf", text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "@SET es_password=${ES_PASSWORD}\n[OUTPUT]\n    Name  es\n",
        "@SET es_host=elasticsearch\n@SET tenant=acme\n",
        "[OUTPUT]\n    Name    http\n    Header  X-Api-Key  ${API_KEY}\n    Header  Authorization  Bearer ${TOKEN}\n",
        "[OUTPUT]\n    Name    http\n    Header  Authorization  ${AUTHORIZATION}\n    Header  X-Scope-OrgID  tenant-1\n",
        "[OUTPUT]\n    Name    http\n    Header  Content-Type  application/json\n    Header  X-Token-Header  x-token\n",
        # a name in braces, as fluent-bit-style configs and templates write a variable
        "[OUTPUT]\n    Name  es\n    HTTP_User  elastic\n    HTTP_Passwd  {ES_PASSWORD}\n",
        "[OUTPUT]\n    Name    http\n    Header  Authorization  Bearer {TOKEN}\n    Header  X-Api-Key  {api_key}\n",
        "pipeline:\n  outputs:\n    - name: es\n      http_passwd: '{ES_PASSWORD}'\n",
    ],
)
def test_fluent_bit_set_and_header_lines_without_a_literal_secret_are_not_reported(text: str) -> None:
    assert findings(_configmap({"fluent-bit.conf": text}), POLICY) == []


def test_header_lines_are_read_only_in_a_fluent_bit_config() -> None:
    assert findings(_configmap({"notes.conf": f"Header  X-Api-Key  {FAKE}\n"}), POLICY) == []


# --- PHP: define() and arrays ('name' => value) -----------------------------------------------------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("wp-config.php", f"<?php\ndefine('DB_NAME', 'wordpress');\ndefine('DB_PASSWORD', '{FAKE}');\n", ['"DB_PASSWORD" in plain text (line 3)']),
        ("wp-config.php", f'<?php\ndefine( "AUTH_KEY", "{FAKE}" );\ndefine( "SECURE_AUTH_KEY", "{FAKE}" ); // salts\n',
         ['"AUTH_KEY" in plain text (line 2)', '"SECURE_AUTH_KEY" in plain text (line 3)']),
        ("wp-config.php", f"<?php\ndefine('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') ?: '{FAKE}');\n", ['"DB_PASSWORD" in plain text (line 2)']),
        ("database.php", f"<?php\nreturn [\n    'mysql' => [\n        'username' => 'app',\n        'password' => '{FAKE}',\n    ],\n];\n",
         ['"password" in plain text (line 5)']),
        ("database.php", f"<?php\nreturn array(\n    \"password\" => \"{FAKE}\", // set by ops, rotate often\n);\n", ['"password" in plain text (line 3)']),
        # Laravel's env() with a literal default: the default is in plain text
        ("database.php", f"<?php\nreturn [\n    'password' => env('DB_PASSWORD', '{FAKE}'),\n];\n", ['"password" in plain text (line 3)']),
        # Logstash's (and Puppet's) bare words are strings, not code
        ("logstash.conf", f"output {{\n  elasticsearch {{\n    user => elastic\n    password => {FAKE}\n  }}\n}}\n", ['"password" in plain text (line 4)']),
    ],
)  # fmt: skip
def test_a_secret_in_a_php_config_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "<?php\ndefine('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));\ndefine('AUTH_KEY', $_ENV['AUTH_KEY']);\n",
        "<?php\ndefine( 'DB_PASSWORD', $_SERVER[\"DB_PASSWORD\"] );\ndefine('DB_USER', 'wordpress');\n",
        # wp-config-sample.php's placeholders, to be replaced
        "<?php\ndefine( 'AUTH_KEY', 'put your unique phrase here' );\ndefine( 'DB_PASSWORD', 'password_here' );\n",
        "<?php\nreturn [\n    'password' => env('DB_PASSWORD'),\n    'secret' => env('APP_SECRET', ''),\n    'key' => env('APP_KEY', null),\n];\n",
        "<?php\nreturn [\n    'password' => getenv('DB_PASSWORD'),\n    'api_key' => $_ENV['API_KEY'],\n];\n",
        # constants, class constants, variables and calls are code, not literals
        "<?php\nreturn [\n    'password' => DB_PASSWORD,\n    'secret' => \\App\\Config::SECRET,\n    'token' => $token,\n    'api_key' => get_api_key(),\n];\n",
        "<?php\ndefine('DB_PASSWORD', WORDPRESS_DB_PASSWORD);\ndefine('AUTH_KEY', Salts::AUTH_KEY);\n",
    ],
)
def test_a_php_config_with_references_is_not_reported(text: str) -> None:
    assert findings(_configmap({"config.php": text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        # CodeIgniter's database.php, Moodle-like properties, plain variables
        ("database.php", f"<?php\n$db['default']['hostname'] = 'localhost';\n$db['default']['password'] = '{FAKE}';\n",
         ['"password" in plain text (line 3)']),
        ("config.php", f'<?php\n$CFG->dbhost = "db";\n$CFG->smtp_password = "{FAKE}"; // mail relay\n', ['"smtp_password" in plain text (line 3)']),
        ("config.php", f"<?php\n$api_key = '{FAKE}';\n$settings[ \"auth\" ][0][ 'secret' ]='{FAKE}';\n",
         ['"api_key" in plain text (line 2)', '"secret" in plain text (line 3)']),
        ("config.php", f"<?php\n$db['password'] = getenv('DB_PASSWORD') ?: '{FAKE}';\n", ['"password" in plain text (line 2)']),
        ("config.php", f"<?php\n$CFG->dbuser = 'moodle';\n$CFG->dbpass = '{FAKE}';\n", ['"dbpass" in plain text (line 3)']),
        # Joomla's configuration.php: class properties
        ("configuration.php", f"<?php\nclass JConfig {{\n\tpublic $user = 'joomla';\n\tpublic $password = '{FAKE}';\n\tpublic $secret = '{FAKE}';\n}}\n",
         ['"password" in plain text (line 4)', '"secret" in plain text (line 5)']),
        # JavaScript declarations, Flask's app.config
        ("config.js", f"const API_KEY = '{FAKE}';\nexport const SECRET = `{FAKE}`;\n", ['"API_KEY" in plain text (line 1)', '"SECRET" in plain text (line 2)']),
        ("app.py", f"app.config['DEBUG'] = False\napp.config['SECRET_KEY'] = '{FAKE}'\n", ['"SECRET_KEY" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_a_secret_in_an_assignment_in_code_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "<?php\n$db['default']['password'] = getenv('DB_PASSWORD');\n$CFG->secret = $_ENV['SECRET'];\n",
        "<?php\n$password = '';\n$token = null;\n$secret = $other_secret;\n",
        # comparisons and array entries are not assignments; the name is the last key's
        f"<?php\nif ($password == '{FAKE}') {{}}\n$password_rules['min'] = 12;\n$db['password_file'] = '/run/secrets/db';\n",
        # the name judged is the last key's: a harmless key under a sensitive variable
        f"<?php\n$secrets['hostname'] = '{FAKE}';\n",
        # code computing the value is not a literal
        "<?php\n$password = get_password();\n$db['secret'] = DB_SECRET;\n",
        "let apiToken = fetchToken();\nconst SECRET = process.env.SECRET.trim();\napp.config['SECRET_KEY'] = os.environ['SECRET_KEY']\n",
    ],
)
def test_assignments_in_code_without_a_literal_secret_are_not_reported(text: str) -> None:
    assert findings(_configmap({"config.php": text}), POLICY) == []


def test_code_that_reads_the_environment_is_a_reference_in_other_config_files_too() -> None:
    text = f"SECRET_KEY = os.getenv('SUPERSET_SECRET_KEY')\nDB_PASSWORD = os.environ['DB_PASSWORD']\nAPI_TOKEN = '{FAKE}'\n"
    _assert_reported("superset_config.py", text, ['"API_TOKEN" in plain text (line 3)'])


@pytest.mark.parametrize(
    "key, text",
    [
        ("config.js", "module.exports = {\n  password: process.env.DB_PASSWORD,\n  token: process.env['API_TOKEN'] || '',\n};\n"),
        ("config.js", "export default {\n  apiKey: process.env.API_KEY ?? process.env.FALLBACK_KEY,\n  secret: process.env.SECRET ?? undefined,\n};\n"),
        ("settings.py", 'API_TOKEN = os.getenv("API_TOKEN") or ""\nDB_PASSWORD = os.environ.get("DB_PASSWORD") or None\n'),
        ("config.php", "<?php\nreturn [\n    'password' => getenv('DB_PASSWORD') ?: '',\n];\n"),
        # methods called on what was read: the value still comes from the environment
        ("config.js", "module.exports = {\n  password: process.env.DB_PASSWORD.trim(),\n  tokens: process.env.TOKENS?.split(','),\n};\n"),
        ("settings.py", "API_TOKEN = os.getenv('API_TOKEN', '').strip()\nSECRET_KEY = os.environ['SECRET_KEY'].encode().decode('utf-8')\n"),
        ("config.js", "module.exports = {\n  secret: process.env.SECRET.trim() || '',\n};\n"),
    ],
)
def test_a_lookup_with_an_empty_fallback_or_another_lookup_is_a_reference(key: str, text: str) -> None:
    """``process.env.X || ''``, ``os.getenv('X') or ""``, ``getenv('X') ?: ''``: nothing in plain text."""
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.js", f"module.exports = {{\n  password: process.env.DB_PASSWORD || '{FAKE}',\n}};\n", ['"password" in plain text (line 2)']),
        ("config.js", f'export default {{\n  token: process.env.A ?? process.env.B ?? "{FAKE}",\n}};\n', ['"token" in plain text (line 2)']),
        ("fluent.conf", _FLUENTD_ES.format(password=f"\"#{{ENV['ES_PASSWORD'] || '{FAKE}'}}\""), ['"password" in plain text (line 9)']),
        ("settings.py", f'API_TOKEN = os.getenv("API_TOKEN") or "{FAKE}"\n', ['"API_TOKEN" in plain text (line 1)']),
        ("config.php", f"<?php\nreturn [\n    'password' => getenv('DB_PASSWORD') ?: '{FAKE}',\n];\n", ['"password" in plain text (line 3)']),
        # after a method call too; a long literal passed to one may be text added to the value
        ("config.js", f"module.exports = {{\n  password: process.env.DB_PASSWORD?.trim() || '{FAKE}',\n}};\n", ['"password" in plain text (line 2)']),
        ("config.js", f"module.exports = {{\n  token: process.env.PREFIX.concat('{FAKE}'),\n}};\n", ['"token" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_a_literal_fallback_after_a_lookup_is_in_plain_text(key: str, text: str, fragments: list[str]) -> None:
    """The fallback is used whenever the variable is unset: it sits in the ConfigMap as written."""
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, read, literal",
    [
        # Rust: read when the program runs, or when it is built (env!: its second argument is the
        # compile error's message); what is called on the Result is no value, nor is expect's message
        ("config.rs", 'password = env::var("DB_PASSWORD")', f'password = env::var("DB_PASSWORD").unwrap_or("{FAKE}".to_string())'),
        ("config.rs", 'password = std::env::var("DB_PASSWORD").expect("DB_PASSWORD must be set for the app")', f'password = "{FAKE}"'),
        ("config.rs", 'password = env::var_os("DB_PASSWORD")?', f'password = "{FAKE}"'),
        ("config.rs", 'password = env!("DB_PASSWORD", "build with DB_PASSWORD set")', f'password = "{FAKE}"'),
        # Deno
        ("config.ts", 'password = Deno.env.get("DB_PASSWORD")', f'password = Deno.env.get("DB_PASSWORD") ?? "{FAKE}"'),
        # Perl: // is its defined-or, not a comment
        ("config.pl", "password = $ENV{DB_PASSWORD}", f"password = $ENV{{DB_PASSWORD}} // '{FAKE}'"),
        ("config.pl", "password = $ENV{'DB_PASSWORD'} // $ENV{\"PGPASSWORD\"}  # from the pod", f"password = $ENV{{'DB_PASSWORD'}} || '{FAKE}'"),
        # .NET: with its namespace, and where to read from as second argument
        ("config.cs", 'password = System.Environment.GetEnvironmentVariable("DB_PASSWORD")', f'password = "{FAKE}"'),
        ("config.cs", 'password = Environment.GetEnvironmentVariable("DB_PASSWORD", EnvironmentVariableTarget.Process)',
         f'password = Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "{FAKE}"'),
    ],
)  # fmt: skip
def test_environment_reads_of_more_languages_are_references(key: str, read: str, literal: str) -> None:
    assert findings(_configmap({key: read + "\n"}), POLICY) == []
    _assert_reported(key, f"{read}\n{literal}\n", ['"password" in plain text (line 2)'])


def test_a_bare_getenv_default_is_in_plain_text() -> None:
    """``getenv`` alone is PHP's and Python's (``from os import getenv``): Python's second argument
    is the default used when the variable is unset, a literal there is one; PHP's (``true``, local
    only) is no text, nothing in plain text."""
    text = f"from os import getenv\nSECRET_KEY = getenv('SECRET_KEY', '{FAKE}')\nDB_PASSWORD = getenv(\"DB_PASSWORD\", \"{FAKE}\")\n"
    _assert_reported("settings.py", text, ['"SECRET_KEY" in plain text (line 2)', '"DB_PASSWORD" in plain text (line 3)'])
    assert len(findings(_env_pod("DB_DSN", f"host=db user=app password=getenv('DB_PASSWORD', '{FAKE}')"), POLICY)) == 1
    for read in ("getenv('DB_PASSWORD', true)", "getenv('DB_PASSWORD', false)", "getenv('DB_PASSWORD', '')"):
        assert findings(_configmap({"config.php": f"<?php\nreturn [\n    'password' => {read},\n];\n"}), POLICY) == [], read
        assert findings(_env_pod("DB_DSN", f"host=db user=app password={read}"), POLICY) == [], read


def test_a_lookup_that_dies_when_unset_is_a_reference() -> None:
    """Perl's ``$ENV{X} // die "..."``: the program stops when the variable is unset, its message is
    no value; a literal fallback is still one."""
    text = (
        "my %config = (\n"
        '    db_password => $ENV{DB_PASSWORD} // die("DB_PASSWORD is not set\\n"),\n'
        '    api_token => $ENV{API_TOKEN} || croak "API_TOKEN is not set",\n'
        ");\n"
        '$secret_key = $ENV{SECRET_KEY} or die "SECRET_KEY is not set";\n'
    )
    assert findings(_configmap({"config.pl": text}), POLICY) == []
    assert findings(_env_pod("DB_DSN", 'host=db password=$ENV{DB_PASSWORD} // die "unset"'), POLICY) == []
    _assert_reported("config.pl", f"{text}$password = $ENV{{DB_PASSWORD}} // '{FAKE}';\n", ['"password" in plain text (line 6)'])


def test_a_perl_lookup_falling_back_to_undef_is_a_reference() -> None:
    """Perl's ``$ENV{X} // undef``: the undefined value is no value; a literal fallback, even the
    word in quotes, is still one."""
    text = "my %config = (\n    db_password => $ENV{DB_PASSWORD} // undef,\n    api_token => $ENV{API_TOKEN} || undef(),\n);\n"
    assert findings(_configmap({"config.pl": text}), POLICY) == []
    assert findings(_env_pod("DB_DSN", "host=db password=$ENV{DB_PASSWORD} // undef"), POLICY) == []
    _assert_reported("config.pl", f"{text}$password = $ENV{{DB_PASSWORD}} // '{FAKE}';\n$secret_key = $ENV{{SECRET_KEY}} // 'undef';\n",
                     ['"password" in plain text (line 5)', '"secret_key" in plain text (line 6)'])  # fmt: skip


@pytest.mark.parametrize(
    "tail",
    [
        # a message or an error for when the variable is unset, however long or nested: no value
        '.context("DB_PASSWORD is not set")?',
        '.with_context(|| format!("{} is not set", "DB_PASSWORD"))?',
        '.map_err(|e| e.to_string())?',
        '.ok_or("DB_PASSWORD is not set")?',
        '.expect(&format!("{} is not set", "DB_PASSWORD"))',
        # a fallback with no text
        ".unwrap_or_default()",
        ".unwrap_or_else(|_| String::new())",
        '.unwrap_or("")',
        ".ok()",
    ],
)
def test_a_rust_read_with_a_message_or_an_empty_fallback_is_a_reference(tail: str) -> None:
    """Rust's ``env::var("X")`` then methods whose arguments give no value: not judged as written
    because an argument is long or nested; a literal in a fallback method's is still reported,
    short or long, however it is turned into a String."""
    read = f'env::var("DB_PASSWORD"){tail}'
    assert findings(_configmap({"config.rs": f"let password = {read};\n"}), POLICY) == []
    assert findings(_env_pod("DB_DSN", f"host=db user=app password={read}"), POLICY) == []
    for fallback in ('.unwrap_or("pw12345")', f'.unwrap_or("{FAKE}".to_string())', f'.unwrap_or_else(|_| "{FAKE}".into())',
                     f'.unwrap_or_else(|_| String::from("{FAKE}"))', f'.ok().unwrap_or(String::from("{FAKE}"))'):  # fmt: skip
        text = f"let password = {read};\nlet db_password = env::var(\"DB_PASSWORD\"){fallback};\n"
        _assert_reported("config.rs", text, ['"db_password" in plain text (line 2)'])


@pytest.mark.parametrize(
    "fallback",
    [
        '.unwrap_or_else(|_| panic!("DB password not set"))',
        '.unwrap_or_else(|e| panic!("{} is not set: {e}", "DB_PASSWORD"))',
        '.unwrap_or_else(|_| unreachable!("checked at startup"))',
        '.unwrap_or_else(|_| todo!("read DB_PASSWORD from a file"))',
        '.unwrap_or_else(|_: VarError| std::unimplemented!("no DB password"))',
        '.unwrap_or_else(|_| { panic!("DB password not set") })',
        '.or_else(|_| panic!("DB password not set"))?',
        '.unwrap_or_else(move || core::panic!("DB password not set"))',
    ],
)
def test_a_rust_fallback_that_panics_gives_no_value(fallback: str) -> None:
    """A fallback closure that never returns (``panic!``, ``unreachable!``, ``todo!``,
    ``unimplemented!``) stops the program: its message is no value for the variable, however long;
    a literal the closure returns is still a fallback in plain text."""
    read = f'env::var("DB_PASSWORD"){fallback}'
    assert findings(_configmap({"config.rs": f"let password = {read};\npassword = {read}\n"}), POLICY) == []
    assert findings(_env_pod("DB_DSN", f"host=db user=app password={read}"), POLICY) == []
    literal = f'env::var("DB_PASSWORD").unwrap_or_else(|_| "{FAKE}".into())'
    _assert_reported("config.rs", f"let password = {read};\nlet db_password = {literal};\n", ['"db_password" in plain text (line 2)'])
    assert len(findings(_env_pod("DB_DSN", f"host=db user=app password={literal}"), POLICY)) == 1


def test_a_rust_fallback_that_panics_is_read_in_linear_time() -> None:
    """Lines of 200,000 characters for the method chain after a lookup: long messages and many
    panicking fallbacks give no value; closures, strings and parentheses that never close are
    judged as written (a literal). Each is judged well under a second."""
    import time

    from webhook.checks.secrets.values import is_literal_setting

    n = 200_000
    for line, literal in (
        ('env::var("X").unwrap_or_else(|_| panic!("' + "a" * n + '"))', False),
        ('env::var("X")' + '.unwrap_or_else(|_| panic!("unset"))' * (n // 36), False),
        ('env::var("X").unwrap_or_else(|_| { panic!(' + '"a", ' * (n // 5) + '"b") })', False),
        ('env::var("X").unwrap_or_else(|_| panic!("' + "a" * n, True),
        ('env::var("X").unwrap_or_else(|_| panic!(' + "(" * n, True),
        ('env::var("X").unwrap_or_else(|' + "_" * n, True),
        ('env::var("X")' + '.unwrap_or_else(|_| panic!("unset"))' * (n // 36) + ".x(", True),
        ('env::var("X").unwrap_or_else(|_| panic!' + "(panic!" * (n // 7), True),
    ):
        start = time.process_time()
        assert is_literal_setting(line) is literal, line[:60]
        assert time.process_time() - start < 1.0, line[:60]


@pytest.mark.parametrize(
    "read",
    [
        'env::var("DB_PASSWORD")',
        'std::env::var("DB_PASSWORD").unwrap()',
        'Deno.env.get("DB_PASSWORD")',
        "$ENV{DB_PASSWORD}",
        "$ENV{'DB_PASSWORD'}",
        'System.Environment.GetEnvironmentVariable("DB_PASSWORD")',
    ],
)
def test_a_connection_string_password_read_in_more_languages_is_a_reference(read: str) -> None:
    for text in (f"Server=db;User Id=app;Password={read};", f"host=db user=app password={read}"):
        assert findings(_env_pod("DB_DSN", text), POLICY) == [], text
        assert findings(_configmap({"dsn": text}), POLICY) == [], text
    assert len(findings(_env_pod("DB_DSN", f"Server=db;Password={read} // '{FAKE}';"), POLICY)) == (1 if read[0] == "$" else 0)


# --- .pgpass: host:port:database:user:password -----------------------------------------------------


@pytest.mark.parametrize("key", [".pgpass", "pgpass", "pgpass.conf"])
def test_a_pgpass_file_with_a_password_is_reported(key: str) -> None:
    text = f"# host:port:db:user:password\ndb:5432:*:app:{FAKE}\n*:*:*:replicator:{FAKE}\\:x\n"
    _assert_reported(key, text, ["sets a password in plain text (line 2)", "sets a password in plain text (line 3)"])


def test_a_pgpass_file_in_binary_data_is_reported_after_decoding() -> None:
    obj = {
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "pg", "namespace": "shop"},
        "binaryData": {".pgpass": base64.b64encode(f"db:5432:app:app:{FAKE}\n".encode()).decode()},
    }  # fmt: skip
    (finding,) = findings(obj, POLICY)
    assert 'binaryData key ".pgpass" sets a password in plain text (base64-decoded, line 1)' in finding.message


@pytest.mark.parametrize(
    "key, text",
    [
        (".pgpass", "db:5432:*:app:${PGPASSWORD}\n# db:5432:*:app:hunter2-example\n"),
        (".pgpass", "db:5432:*:app:\n"),  # no password
        (".pgpass", f"db:5432:app:{FAKE}\ndb:5432:*:app:x:{FAKE}\n"),  # four or six fields: not a pgpass line
        ("hosts.txt", f"db:5432:*:app:{FAKE}\n"),  # read as pgpass only under its own name
    ],
)
def test_pgpass_near_misses_are_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


# --- .netrc, PgBouncer's userlist.txt, msmtprc ---------------------------------------------------------


@pytest.mark.parametrize(
    "key, text, lines",
    [
        (".netrc", f"machine github.com login bot password {FAKE}\n", [1]),
        ("_netrc", f"machine a.example\n  login ci\n  password {FAKE}\nmachine b.example login ci password\n  {FAKE}\n", [3, 5]),
        ("netrc", f"default login anonymous password {FAKE}\n", [1]),
        ("userlist.txt", f'"app" "{FAKE}"\n"admin" "md5{"0" * 32}"\n"repl" "{FAKE}""x"\n', [1, 3]),
        ("msmtprc", f"defaults\nauth on\naccount mail\nhost smtp.example\nuser alerts\npassword {FAKE}\naccount default : mail\n", [6]),
        (".msmtprc", f'account mail\n  password "{FAKE}"\n', [2]),
    ],
)
def test_a_password_file_with_a_password_is_reported(key: str, text: str, lines: list[int]) -> None:
    _assert_reported(key, text, [f"sets a password in plain text (line {line})" for line in lines])


@pytest.mark.parametrize(
    "key, text",
    [
        (".netrc", "machine github.com login bot password ${GITHUB_TOKEN}\n# machine x password hunter2-example\n"),
        (".netrc", f"machine x login y\nmacdef init\npassword {FAKE}\n\nmachine z login w\n"),  # a macro's body
        ("userlist.txt", f'"app" "md5{"a" * 32}"\n"svc" "SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy"\n;"old" "{FAKE}"\n"nopw" ""\n'),
        ("users.txt", f'"app" "{FAKE}"\n'),  # read as a userlist only under its own name
        ("msmtprc", "account mail\nuser alerts\npasswordeval \"cat /run/secrets/smtp\"\n# password hunter2-example\n"),
        ("msmtprc", "account mail\npassword ${SMTP_PASSWORD}\n"),
    ],
)
def test_password_file_near_misses_are_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


# --- HAProxy and web server directives ---------------------------------------------------------------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("haproxy.cfg", f"listen stats\n  bind :8404\n  stats auth admin:{FAKE}\n", ['"stats auth" in plain text (line 3)']),
        ("haproxy.cfg", f"userlist admins\n  user ops insecure-password {FAKE}\n  user ci groups ops insecure-password {FAKE}\n",
         ['"insecure-password" in plain text (line 2)', '"insecure-password" in plain text (line 3)']),
        ("default.conf", f'server {{\n  location / {{\n    proxy_set_header X-Api-Key "{FAKE}";\n  }}\n}}\n',
         ['"proxy_set_header X-Api-Key" in plain text (line 3)']),
        ("default.conf", f"location /api {{\n  grpc_set_header authorization {FAKE};\n  fastcgi_param DB_PASSWORD {FAKE};\n}}\n",
         ['"grpc_set_header authorization" in plain text (line 2)', '"fastcgi_param DB_PASSWORD" in plain text (line 3)']),
        ("site.conf", f'<VirtualHost *:80>\n  SetEnv DB_PASSWORD {FAKE}\n  RequestHeader set X-Auth-Token "{FAKE}"\n</VirtualHost>\n',
         ['"SetEnv DB_PASSWORD" in plain text (line 2)', '"RequestHeader X-Auth-Token" in plain text (line 3)']),
    ],
)  # fmt: skip
def test_a_secret_in_a_haproxy_or_web_server_directive_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text, fragment",
    [
        (f"SetEnv DB_PASSWORD {FAKE}", '"SetEnv DB_PASSWORD" in plain text (line 1)'),
        (f"proxy_set_header X-Api-Key {FAKE};", '"proxy_set_header X-Api-Key" in plain text (line 1)'),
    ],
)
def test_a_web_server_directive_alone_on_one_line_is_read(text: str, fragment: str) -> None:
    """A one-line value without ``=`` or ``:`` still reaches the config-file reader."""
    _assert_reported("site.conf", text, [fragment])


@pytest.mark.parametrize(
    "text",
    [
        "listen stats\n  stats auth admin:${STATS_PASSWORD}\nuserlist admins\n  user ops password $5$c2FsdA$aGFzaA\n",
        "proxy_set_header Authorization $http_authorization;\nproxy_set_header X-Api-Key \"$api_key\";\nproxy_set_header Host $host;\n",
        "proxy_set_header X-Api-Key '';\nfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\nfastcgi_param API_TOKEN $api_token;\n",
        "SetEnv DB_HOST db\nSetEnv DB_PASSWORD_FILE /run/secrets/db/password\nRequestHeader set X-Forwarded-Proto https\n",
    ],
)
def test_haproxy_and_web_server_directives_without_a_literal_secret_are_not_reported(text: str) -> None:
    assert findings(_configmap({"server.conf": text}), POLICY) == []


@pytest.mark.parametrize("empty", ["SetEnv DB_PASSWORD ;", "fastcgi_param DB_PASSWORD ,", "proxy_set_header Authorization ;;", "RequestHeader set X-Api-Key ;"])
def test_a_web_server_directive_with_no_value_before_its_end_is_no_crash(empty: str) -> None:
    """A directive whose value is only its ``;`` or ``,`` sets nothing (it raised IndexError, which
    fails the whole request closed); the lines after it are still read."""
    assert findings(_configmap({"server.conf": empty}), POLICY) == []
    _assert_reported("server.conf", f"{empty}\nSetEnv API_TOKEN {FAKE}\n", ['"SetEnv API_TOKEN" in plain text (line 2)'])


# --- shapes from public charts: list items, mappings on one line, Secret references, measures -------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        # Alertmanager, Dex: the secret is the first key of a list item
        ("alertmanager.yml", f"receivers:\n- name: pd\n  pagerduty_configs:\n  - service_key: {FAKE}\n", ['"service_key" in plain text (line 4)']),
        ("dex.yaml", f"staticClients:\n- id: app\n  name: App\n- secret: {FAKE}\n  id: other\n", ['"secret" in plain text (line 4)']),
        # a mapping on one line
        ("prometheus.yml", f"scrape_configs:\n  - job_name: x\n    basic_auth: {{username: u, password: {FAKE}}}\n",
         ['"basic_auth.password" in plain text (line 3)']),
        ("proxysql.cnf", f'admin_variables = {{ mysql_ifaces = "0.0.0.0:6032", refresh_interval = 2000 }}\nuser = {{ username = "root", password = "{FAKE}" }}\n',
         ['"user.password" in plain text (line 2)']),
        # a long number or a long duration-like text is not a measure
        ("grafana.ini", "[security]\nadmin_password = 48291637\n", ['"admin_password" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_secrets_in_list_items_and_one_line_mappings_are_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, text",
    [
        # Argo Workflows: a Secret's name and key, on one line
        ("config", "artifactRepository:\n  s3:\n    accessKeySecret: {name: my-minio-cred, key: accesskey}\n    secretKeySecret: {name: my-minio-cred, key: secretkey}\n"),
        # Helm values read by Flux (valuesFrom: ConfigMap): which Secret and key to read
        ("values.yaml", "auth:\n  existingSecret: authentik-postgresql\n  adminPasswordKey: postgres-password\n  userPasswordKey: password\n"),
        # lifetimes and counts
        ("config.yaml", "expiry:\n  signingKeys: \"10m\"\n  idTokens: 240m\nREFRESH_TOKEN_EXPIRES_IN: 7d\njwt.token.validity=18000\n"),
        ("grafana.ini", "[auth]\npassword_hint = password\n[quota]\norg_api_key = 10\nglobal_api_key = -1\n"),
        ("application.properties", "spring.security.password-encoder=bcrypt\nquarkus.oidc.token.lifespan-grace=5\n"),
        ("values.json", '{"auth": {"apiKeyQuota": 10, "tokenTtl": "1h30m"}, "password": "1h"}'),
    ],
)
def test_secret_references_and_measures_in_config_files_are_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


def test_a_short_number_under_a_sensitive_env_name_is_still_reported() -> None:
    """Only a config file's settings read short numbers as measures: an env value is judged as written."""
    obj = _env_pod("MYSQL_ROOT_PASSWORD", "12")
    assert [f.policy for f in findings(obj, POLICY)] == [POLICY]


# --- JSON: a neutral key judged with its parent's name; every setting keeps its line -------------


@pytest.mark.parametrize(
    "text, fragments",
    [
        # .NET appsettings.json: a JWT signing key
        (f'{{\n  "Jwt": {{\n    "Issuer": "shop",\n    "Key": "{FAKE}"\n  }}\n}}\n', ['"Jwt.Key" in plain text (line 4)']),
        # Consul: ACL tokens under neutral names, each on its own line
        (f'{{\n  "acl": {{\n    "tokens": {{\n      "master": "{FAKE}",\n      "agent": "{FAKE}",\n      "expiry": "10m"\n    }}\n  }}\n}}\n',
         ['"acl.tokens.master" in plain text (line 4)', '"acl.tokens.agent" in plain text (line 5)']),
        # a second sensitive setting keeps its line number too
        (f'{{\n  "db": {{\n    "password": "{FAKE}",\n    "token": "{FAKE}"\n  }}\n}}\n',
         ['"db.password" in plain text (line 3)', '"db.token" in plain text (line 4)']),
        ('{"signing": {"key": "' + FAKE + '"}}', ['"signing.key" in plain text']),
    ],
)  # fmt: skip
def test_a_neutral_json_key_under_a_sensitive_parent_is_reported(text: str, fragments: list[str]) -> None:
    _assert_reported("appsettings.json", text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        '{"tokens": {"expiry": "10m", "type": "jwt", "max": 5}}',
        '{"password": {"minLength": 12, "policy": "strict"}}',
        '{"env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}',
        '{"cache": {"key": "orders-by-day"}, "partition": {"key": "tenant"}}',
        '{"credentials": {"username": "admin", "region": "eu-west-1"}, "secrets": {"provider": "vault"}}',
        # the key of a Kubernetes Secret named by its parent, as Helm-style values write it
        '{"existingSecret": {"name": "db", "key": "password"}, "secret": {"name": "api", "key": "token"}}',
    ],
)
def test_json_keys_that_describe_a_secret_under_their_parent_are_not_reported(text: str) -> None:
    assert findings(_configmap({"appsettings.json": text}), POLICY) == []


# --- YAML and HCL: the same, with the parent found by indentation --------------------------------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        # Spring Boot application.yaml: a JWT signing key
        ("application.yaml", f"server:\n  port: 8080\njwt:\n  issuer: shop\n  key: {FAKE}\n", ['"jwt.key" in plain text (line 5)']),
        # Consul's HCL: ACL tokens in nested blocks
        ("consul.hcl", f'acl {{\n  enabled = true\n  tokens {{\n    master = "{FAKE}"\n    agent  = "{FAKE}"\n  }}\n}}\n',
         ['"tokens.master" in plain text (line 4)', '"tokens.agent" in plain text (line 5)']),
        # a comment after the parent's key, and the setting two levels down
        ("values.yaml", f"auth: # signing\n  signing:\n    key: \"{FAKE}\"\n", ['"signing.key" in plain text (line 3)']),
    ],
)  # fmt: skip
def test_a_neutral_yaml_or_hcl_key_under_a_sensitive_parent_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "tokens:\n  expiry: 10m\n  max: 5\npassword:\n  minLength: 12\n",
        "cache:\n  key: orders-by-day\npartition:\n  key: tenant\n",
        "existingSecret:\n  name: db\n  key: password\nsecret:\n  name: api\n  key: token\n",
        # a neutral key back at the top level is no longer under the sensitive parent
        "jwt:\n  issuer: shop\nkey: orders\n",
        # references and files under a sensitive parent
        "jwt:\n  key: ${JWT_KEY}\ntls:\n  key: /etc/tls/tls.key\n",
        # a list item is not read as under the block its dash is in
        "tokens:\n  - master: primary\n",
    ],
)
def test_yaml_keys_that_describe_a_secret_under_their_parent_are_not_reported(text: str) -> None:
    assert findings(_configmap({"application.yaml": text}), POLICY) == []


# --- INI and TOML: the section is the parent -------------------------------------------------------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("app.ini", f"[server]\nport = 8080\n[jwt]\nissuer = shop\nkey = {FAKE}\n", ['"jwt.key" in plain text (line 5)']),
        ("config.toml", f'[acl.tokens]\nmaster = "{FAKE}"  # bootstrap\n\n[[users]]\nname = "ops"\n', ['"tokens.master" in plain text (line 2)']),
        ("secrets.toml", f'[passwords]\n  alice = "{FAKE}"\n', ['"passwords.alice" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_a_neutral_ini_or_toml_key_in_a_sensitive_section_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "[tokens]\nexpiry = 10m\n[password]\nminLength = 12\n",
        "[cache]\nkey = orders-by-day\n",
        # the next section ends the sensitive one
        "[jwt]\nissuer = shop\n[cache]\nkey = orders\n",
        "[jwt]\nkey = ${JWT_KEY}\n[tls]\nkey = /etc/tls/tls.key\n",
        # fluent-bit's sections hold space-separated settings, judged as before
        "[SERVICE]\n    Flush 1\n[OUTPUT]\n    Name  es\n    Match *\n",
    ],
)
def test_ini_keys_that_describe_a_secret_in_their_section_are_not_reported(text: str) -> None:
    assert findings(_configmap({"app.ini": text}), POLICY) == []


# --- a key that describes or identifies what its sensitive parent names holds none of its secret --
# (a sweep of API description files: gcloud's YAML command definitions, Google discovery documents,
# botocore service models, wrapped as ConfigMap keys)


@pytest.mark.parametrize(
    "key, text",
    [
        ("command.yaml", "arguments:\n  resource:\n    spec:\n      secret:\n        collection: secretmanager.projects.secrets\n"
         "        help_text: |\n          The secret to create.\n        action: append\n        group: secret-group\n"),
        ("resources.yaml", "projects.secrets:\n  krm_group: secretmanager\n  krm_kind: SecretManagerSecret\n"),
        ("iam_v1.json", '{"schemas": {"CreateServiceAccountKeyRequest": {"id": "CreateServiceAccountKeyRequest", "type": "object"}}}'),
        ("creds.json", '{"source_credentials": {"client_email": "app@my-project.iam.gserviceaccount.com",'
         ' "client_id": "109876543210987654321", "project_id": "my-project-123", "type": "service_account"}}'),
        ("waiters-2.json", '{"waiters": {"PasswordDataAvailable": {"operation": "GetPasswordData", "delay": 15}}}'),
        ("service-2.json", '{"operations": {"ResetUserPassword": {"deprecatedMessage": "Use ResetUserPasswordV2 instead"}}}'),
        ("paginators-1.json", '{"pagination": {"ListAccessKeys": {"limit_key": "MaxItems", "more_results": "IsTruncated",'
         ' "result_key": "AccessKeyMetadata"}}}'),
        ("service-2.json", '{"shapes": {"RefreshTokenRequest": {"type": "structure", "payload": "Body"}}}'),
        ("app.ini", "[secrets]\nuuid = 6f1c2d3e-0000-4000-8000-000000000000\nstatus = active\n"),
        ("app.yaml", "tokens:\n  summary: Tokens for the agents\n  errors: none-so-far\n"),
    ],
)  # fmt: skip
def test_a_key_that_describes_or_identifies_under_a_sensitive_parent_is_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("consul.json", '{"acl": {"tokens": {"master": "' + FAKE + '", "agent": "' + FAKE + '", "default": "' + FAKE + '",'
         ' "replication": "' + FAKE + '", "initial_management": "' + FAKE + '", "agent_recovery": "' + FAKE + '"}}}',
         ['"acl.tokens.master"', '"acl.tokens.agent"', '"acl.tokens.default"', '"acl.tokens.replication"',
          '"acl.tokens.initial_management"', '"acl.tokens.agent_recovery"']),
        ("appsettings.json", '{"Jwt": {"Issuer": "shop", "Key": "' + FAKE + '"}}', ['"Jwt.Key"']),
        ("config.toml", f'[acl.tokens]\nmaster = "{FAKE}"\n', ['"tokens.master"']),
        ("application.yaml", f"jwt:\n  key: {FAKE}\n", ['"jwt.key"']),
        # a key sensitive by its own name is judged so whatever its parent
        ("app.yaml", f"approle:\n  secret_id: {FAKE}\nsecret:\n  client_secret: {FAKE}\n", ['"secret_id"', '"client_secret"']),
        ("creds.json", '{"source_credentials": {"client_id": "1098765", "client_secret": "' + FAKE + '"}}',
         ['"source_credentials.client_secret"']),
    ],
)  # fmt: skip
def test_a_key_that_holds_its_sensitive_parents_secret_is_still_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize("name", ["VAULT_SECRET_ID", "SECRET_ID", "CLIENT_SECRET_ID"])
def test_an_identifier_word_names_a_secret_outside_the_parent_rule_as_before(name: str) -> None:
    # a Vault AppRole secret id is a credential: the words that leave a parent's child out do not
    # change how a name is judged alone, in an env var or a ConfigMap key's setting
    assert [f.policy for f in findings(_env_pod(name, FAKE), POLICY)] == [POLICY]
    _assert_reported("app.env", f"{name}={FAKE}\n", [f'"{name}"'])


# --- GitHub Actions permissions: id-token: write grants a scope, it sets no token -------------------

_WORKFLOW = "on: push\npermissions:\n  contents: read\n  id-token: {level}\njobs:\n  deploy:\n    permissions:\n      id-token: {level}\n"


@pytest.mark.parametrize("level", ["write", "read", "none", "'write'", '"none"', "write  # OIDC to the cloud"])
def test_a_github_actions_permission_level_is_no_token(level: str) -> None:
    assert findings(_configmap({"deploy.yml": _WORKFLOW.format(level=level)}), POLICY) == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        (_WORKFLOW.format(level=FAKE), '"id-token" in plain text (line 4)'),  # no permission level
        (f"tokens:\n  id-token: write\nauth:\n  id-token: {FAKE}\n", '"id-token" in plain text (line 2)'),  # not under permissions:
        (f"permissions:\n  api-token: {FAKE}\n", '"api-token" in plain text (line 2)'),
    ],
)
def test_a_token_setting_that_is_no_permission_level_is_still_reported(text: str, fragment: str) -> None:
    found = [f.message for f in findings(_configmap({"app.yaml": text}), POLICY)]
    assert found and fragment in found[0], found


# --- header lists: OpenTelemetry's OTEL_EXPORTER_OTLP_HEADERS -------------------------------------


@pytest.mark.parametrize(
    "name, value, header",
    [
        ("OTEL_EXPORTER_OTLP_HEADERS", f"x-honeycomb-team={FAKE}", "x-honeycomb-team"),
        ("OTEL_EXPORTER_OTLP_HEADERS", f"Authorization=Basic%20{FAKE}", "Authorization"),
        ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", f"x-scope-orgid=tenant-1, api-key={FAKE}", "api-key"),
        ("OTEL_EXPORTER_OTLP_LOGS_HEADERS", f"signoz-ingestion-key={FAKE}", "signoz-ingestion-key"),
    ],
)
def test_a_credential_in_an_otlp_header_list_is_reported(name: str, value: str, header: str) -> None:
    obj = _env_pod(name, value)
    found = findings(obj, POLICY)
    assert [f.message.split(". Fix:")[0] for f in found] == [f'container "c" env var "{name}" sets header "{header}" in plain text']
    assert FAKE not in repr(decide(obj))
    _assert_reported(name, value, [f'sets header "{header}" in plain text'])


@pytest.mark.parametrize(
    "value",
    [
        "x-scope-orgid=tenant-1,x-honeycomb-dataset=shop",
        "Authorization=Bearer%20$(OTLP_TOKEN)",
        "x-honeycomb-team=${HONEYCOMB_API_KEY}",
        "not a header list, x-honeycomb-team",
    ],
)
def test_otlp_header_lists_without_a_literal_credential_are_not_reported(value: str) -> None:
    assert findings(_env_pod("OTEL_EXPORTER_OTLP_HEADERS", value), POLICY) == []


def test_each_credential_header_of_a_header_list_is_reported() -> None:
    value = f"Authorization=Bearer%20{FAKE}-token,x-scope-orgid=tenant-1,api-key={FAKE}"
    obj = _env_pod("OTEL_EXPORTER_OTLP_TRACES_HEADERS", value)
    (finding,) = findings(obj, POLICY)
    assert finding.message.startswith('container "c" env var "OTEL_EXPORTER_OTLP_TRACES_HEADERS" sets headers "Authorization", "api-key" in plain text')
    assert finding.parts == ("Authorization", "api-key")
    assert FAKE not in repr(decide(obj))
    _assert_reported("OTEL_EXPORTER_OTLP_HEADERS", value, ['sets header "Authorization"', 'sets header "api-key"'])


def test_adding_a_header_to_a_header_list_is_new_on_update() -> None:
    one, two = f"api-key={FAKE}", f"api-key={FAKE},x-honeycomb-team={FAKE}"
    for build in (lambda v: _env_pod("OTEL_EXPORTER_OTLP_HEADERS", v), lambda v: _configmap({"OTEL_EXPORTER_OTLP_HEADERS": v})):
        added = decide(build(two), operation="UPDATE", old=build(one))
        assert not added.allowed
        assert decide(build(one), operation="UPDATE", old=build(two)).allowed  # one fewer: no new secret
        assert FAKE not in repr(added)


def test_a_long_header_list_is_bounded() -> None:
    value = ",".join(f"x-api-key-{i}={FAKE}" for i in range(30))
    (finding,) = findings(_env_pod("OTEL_EXPORTER_OTLP_HEADERS", value), POLICY)
    assert '"x-api-key-0", "x-api-key-1", "x-api-key-2" and 27 more' in finding.message
    found = findings(_configmap({"OTEL_EXPORTER_OTLP_HEADERS": value}), POLICY)
    assert len(found) == 21 and "holds 10 more secrets" in found[-1].message  # 20 listed, the rest counted


# --- Composer's auth.json: tokens under host names ------------------------------------------------

_COMPOSER_AUTH = {
    "github-oauth": {"github.com": FAKE},
    "gitlab-oauth": {"gitlab.example.com": FAKE},
    "gitlab-token": {"gitlab.example.org": FAKE},
    "http-basic": {"repo.example.com": {"username": "ci", "password": FAKE}},
    "bearer": {"repo.example.net": FAKE},
}


def test_composer_auth_json_tokens_under_host_names_are_reported() -> None:
    fragments = ['"github-oauth.github.com" in plain text (line 3)', '"gitlab-oauth.gitlab.example.com"', '"gitlab-token.gitlab.example.org"',
                 '"http-basic.repo.example.com.password"', '"bearer.repo.example.net"']  # fmt: skip
    _assert_reported("auth.json", json.dumps(_COMPOSER_AUTH, indent=2), fragments)
    one_line = json.dumps({"github-oauth": {"github.com": FAKE}})
    _assert_reported("auth.json", one_line, ['sets "github-oauth.github.com" in plain text'])
    (finding,) = findings(_env_pod("COMPOSER_AUTH", one_line), POLICY)
    assert 'env var "COMPOSER_AUTH" sets "github-oauth.github.com" in plain text' in finding.message
    placeholders = json.dumps({"github-oauth": {"github.com": "${GITHUB_TOKEN}"}, "bearer": {"repo.example.net": "{{ .Token }}"}})
    assert findings(_configmap({"auth.json": placeholders}), POLICY) == []



def test_composer_custom_headers_with_a_credential_are_reported_by_host_and_header() -> None:
    # "Name: value" strings per host; a token shorter than a bearer token's shape, a key header
    auth = {"custom-headers": {"repo.example.org": ["X-Trace: on", f"Authorization: Bearer {FAKE}", f"API-TOKEN: {FAKE}"]}}
    setting = '"custom-headers.repo.example.org.{}" in plain text'
    _assert_reported("auth.json", json.dumps(auth, indent=2), [setting.format("Authorization") + " (line 5)", setting.format("API-TOKEN") + " (line 6)"])
    (finding,) = findings(_env_pod("COMPOSER_AUTH", json.dumps(auth)), POLICY)
    assert finding.parts == ("custom-headers.repo.example.org.Authorization", "custom-headers.repo.example.org.API-TOKEN")
    assert FAKE not in repr(decide(_env_pod("COMPOSER_AUTH", json.dumps(auth))))
    # a header added is new on UPDATE, wherever it is in the list; references and other headers are fine
    one = {"custom-headers": {"repo.example.org": [f"Authorization: Bearer {FAKE}"]}}
    two = {"custom-headers": {"repo.example.org": [f"API-TOKEN: {FAKE}", f"Authorization: Bearer {FAKE}"]}}
    new, old = _configmap({"auth.json": json.dumps(two, indent=2)}), _configmap({"auth.json": json.dumps(one, indent=2)})
    assert not decide(new, operation="UPDATE", old=old).allowed
    assert decide(old, operation="UPDATE", old=new).allowed
    fine = {"custom-headers": {"repo.example.org": ["Authorization: Bearer ${REPO_TOKEN}", "X-Trace: on", "API-TOKEN: {{ .Token }}"]}}
    assert findings(_configmap({"auth.json": json.dumps(fine, indent=2)}), POLICY) == []

def test_a_git_credential_helper_is_no_secret() -> None:
    """git's ``[credential]`` / ``helper = store`` names the program that keeps the credentials
    (``store``, ``cache``, ``!gh auth git-credential``), not a credential."""
    gitconfig = "[user]\n  name = Bot\n[credential]\n  helper = store\n[credential \"https://github.com\"]\n  helper = cache --timeout=3600\n"
    assert findings(_configmap({".gitconfig": gitconfig}), POLICY) == []
    _assert_reported(".gitconfig", f"[credential]\n  password = {FAKE}\n", ['sets "password" in plain text (line 2)'])


def test_an_api_description_that_describes_tokens_and_passwords_is_not_reported() -> None:
    """An OpenAPI document or a service model (botocore's ``service-2.json``, ``paginators-1.json``)
    describes its secrets and its pagination tokens: a schema's ``type``, ``title``,
    ``documentation`` and vendor extensions (``x-kubernetes-patch-merge-key``) under a sensitive name, and a
    pagination token's shape (``NextToken``: an opaque cursor) hold none; a password's literal
    default still counts, and so would its ``example``."""
    schema = {
        "properties": {
            "password": {"type": "string", "format": "password", "title": "Password", "description": "the password"},
            "imagePullSecrets": {"type": "array", "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"},
        },
        "shapes": {"NextToken": {"shape": "String", "documentation": "<p>The token for the next set of results.</p>"}},
        "pagination": {"ListThings": {"result_key": "Things", "limit_key": "MaxResults", "more_results": "NextToken"}},
    }
    assert findings(_configmap({"openapi.json": json.dumps(schema, indent=2)}), POLICY) == []
    schema["properties"]["password"]["default"] = FAKE
    _assert_reported("openapi.json", json.dumps(schema, indent=2), ['sets "properties.password.default"'])


# --- INI keys with spaces: smb.conf ---------------------------------------------------------------


def test_an_ini_key_with_spaces_that_names_a_secret_is_reported() -> None:
    smb = (
        "[global]\n"
        "   workgroup = SHOP\n"
        "   passdb backend = ldapsam:ldap://ldap.example.com\n"
        "   ldap admin dn = cn=admin,dc=example,dc=com\n"
        f"   ldap admin password = {FAKE}\n"
        "   encrypt passwords = yes\n"
        "   unix password sync = yes\n"
        "   passwd program = /usr/bin/passwd %u\n"
        "   passwd chat = *New*password* %n\\n *Retype*new*password* %n\\n\n"
        "   password server = dc1.example.com\n"
        "   min password length = 8\n"
        "   check password script = /usr/local/sbin/crackcheck\n"
        "   ldap passwd sync = yes\n"
    )
    # the words after the sensitive one say what the setting is about: a program, a server, a length
    _assert_reported("smb.conf", smb, ['sets "ldap admin password" in plain text (line 5)'])
    assert findings(_configmap({"smb.conf": "[global]\n   ldap admin password = ${LDAP_PASSWORD}\n"}), POLICY) == []


_SECRET_SHAPED = "Zq7fakeQ9"  # a digit inside a word: the shape of a secret, not of a name


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f"auth {_SECRET_SHAPED} password = {FAKE}", "auth * password"),
        (f"ldap admin {_SECRET_SHAPED} password = {FAKE}", "ldap admin * password"),
        (f"Bearer {_SECRET_SHAPED} watch DB_PASSWORD = {FAKE}", "Bearer * watch DB_PASSWORD"),
        (f"ldap admin2 password = {FAKE}", "ldap admin2 password"),
    ],
)
def test_a_word_of_an_ini_key_with_spaces_that_may_be_a_secret_is_not_shown(line: str, shown: str) -> None:
    """Every word but the last names whose secret it is; one with the shape of a secret (a digit
    inside it) may be one, a value written where a name was expected: shown as ``*``, as a part of
    a JSON key that may be a token is."""
    _assert_reported("app.conf", line + "\n", [f'sets "{shown}" in plain text (line 1)'])
    assert _SECRET_SHAPED not in repr(decide(_configmap({"app.conf": line + "\n"})))


# --- neutral keys judged by the shape of their value ----------------------------------------------

_PAGERDUTY_KEY = "0123456789abcdef0123456789abcdef"  # the shape of a PagerDuty integration key, not one
_GOSSIP_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 32 zero bytes in base64: the shape of a Consul gossip key


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("alertmanager.yml", f"receivers:\n- name: pd\n  pagerduty_configs:\n  - routing_key: {_PAGERDUTY_KEY}\n",
         ['"routing_key" in plain text (line 4)']),
        ("consul.json", f'{{\n  "datacenter": "dc1",\n  "encrypt": "{_GOSSIP_KEY}"\n}}\n', ['"encrypt" in plain text (line 3)']),
        ("consul.hcl", f'datacenter = "dc1"\nencrypt = "{_GOSSIP_KEY}"\n', ['"encrypt" in plain text (line 2)']),
        ("filebeat.yml", f'cloud.id: "staging:abc"\ncloud.auth: "elastic:{FAKE}"\n', ['"cloud.auth" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_a_neutral_key_holding_a_secret_of_its_shape_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, text",
    [
        ("rabbitmq.yaml", "exchange: orders\nrouting_key: orders.created\n"),  # AMQP: a word
        ("config.yaml", "encrypt: true\nstorage:\n  encrypt: aes256\n"),
        ("filebeat.yml", 'cloud.auth: "${ES_USER}:${ES_PASSWORD}"\n'),
        ("filebeat.yml", "cloud.auth: elastic\n"),  # no password in it
    ],
)
def test_a_neutral_key_without_a_secret_of_its_shape_is_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text",
    [
        ("alertmanager.yml", f"receivers:\n- name: pd\n  pagerduty_configs:\n  - routing_key: {_PAGERDUTY_KEY}\n"),
        ("consul.hcl", f'datacenter = "dc1"\nencrypt = "{_GOSSIP_KEY}"\n'),
    ],
)
def test_a_neutral_key_judged_by_its_value_follows_allowed_names(key: str, text: str) -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"allowedNames": ["routing_key", "encrypt"]}}}, POLICIES, "cluster.yaml")
    assert findings(_configmap({key: text}), POLICY, config=config) == []
    assert len(findings(_configmap({key: text}), POLICY)) == 1


@pytest.mark.parametrize("name", ["PAGERDUTY_INTEGRATION_KEY", "PAGERDUTY_ROUTING_KEY", "CONSUL_GOSSIP_KEY"])
def test_pagerduty_and_consul_key_names_are_sensitive(name: str) -> None:
    assert [f.policy for f in findings(_env_pod(name, FAKE), POLICY)] == [POLICY]


# --- a config file held in an env var (GITLAB_OMNIBUS_CONFIG) -------------------------------------



def test_a_config_file_in_an_env_value_is_read_like_a_configmap() -> None:
    config = (
        "external_url 'https://gitlab.example.com'\n"
        "gitlab_rails['smtp_password'] = ENV['SMTP_PASSWORD']\n"
        f"gitlab_rails['db_password'] = '{FAKE}'\n"
    )
    obj = _env_pod("GITLAB_OMNIBUS_CONFIG", config)
    (finding,) = findings(obj, POLICY)
    assert 'env var "GITLAB_OMNIBUS_CONFIG" sets "db_password" in plain text (line 3)' in finding.message
    assert FAKE not in repr(decide(obj))


@pytest.mark.parametrize(
    "value",
    [
        "external_url 'https://gitlab.example.com'\ngitlab_rails['db_password'] = ENV['DB_PASSWORD']\n",
        "server:\n  port: 8080\n  passwordFile: /run/secrets/db\n",
        "set -e\nexport PGPASSWORD=$(cat /run/secrets/pg)\npsql -h db -c 'select 1'\n",
    ],
)
def test_a_config_file_in_an_env_value_without_a_literal_secret_is_not_reported(value: str) -> None:
    assert findings(_env_pod("APP_CONFIG", value), POLICY) == []


# --- near misses from real projects' ConfigMaps -----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        # Argo CD notifications: a recipient is service:address, not user:password@host
        {"subscriptions": "- recipients:\n  - slack:alerts\n  - email:oncall@example.com\n  triggers:\n  - on-sync-failed\n"},
        {"security.txt": "Contact: mailto:security@example.com\nExpires: 2030-01-01T00:00:00Z\n"},
        # Tekton's git resolver: which key of which Secret holds the token
        {"api-token-secret-name": "github-api-token", "api-token-secret-key": "token"},
        {"passwordSecretKey": "password", "tokenSecretKey": "token"},
    ],
)
def test_configmap_settings_that_name_where_a_secret_is_are_not_reported(data: dict[str, str]) -> None:
    assert findings(_configmap(data), POLICY) == []


def test_a_dsn_is_still_reported_next_to_an_email_recipient() -> None:
    text = f"recipients:\n  - email:oncall@example.com\ndatabase: app:{FAKE}@db.example:5432\n"
    found = findings(_configmap({"notify.yaml": text}), POLICY)
    assert [f.message.split(". Fix:")[0] for f in found] == [
        'ConfigMap "cfg" key "notify.yaml" holds a DSN with a password (user:password@host) in plain text (line 3)'
    ]


# --- a SealedSecret kept in a ConfigMap: its encryptedData is ciphertext ---------------------------


def _sealed_blob(seed: int) -> str:
    """A base64 blob as long as a real Sealed Secrets ciphertext (about 700 characters)."""
    return base64.b64encode(bytes((seed * 7 + i * 31) % 256 for i in range(520))).decode()


def _sealed_secret(password: str, token: str, block: str = "encryptedData") -> str:
    return (
        "apiVersion: bitnami.com/v1alpha1\n"
        "kind: SealedSecret\n"
        "metadata:\n"
        "  name: db\n"
        "spec:\n"
        f"  {block}:\n"
        f"    password: {password}\n"
        f"    api_token: {token}\n"
        "  template:\n"
        "    metadata:\n"
        "      name: db\n"
    )


@pytest.mark.parametrize("block", ["encryptedData", "encrypted_data", "encrypted-data", "EncryptedData"])
def test_a_sealed_secret_in_a_configmap_is_not_reported(block: str) -> None:
    obj = _configmap({"sealed-secret.yaml": _sealed_secret(_sealed_blob(1), _sealed_blob(2), block)})
    assert findings(obj, POLICY) == []


@pytest.mark.parametrize(
    "password, token, block, fragments",
    [
        (FAKE, _sealed_blob(2), "encryptedData", ['"password"']),  # a short value is no ciphertext
        (_sealed_blob(1), FAKE, "encryptedData", ['"api_token"']),
        (_sealed_blob(1) + " " + FAKE, _sealed_blob(2), "encryptedData", ['"password"']),
        (_sealed_blob(1), _sealed_blob(2), "stringData", ['"password"', '"api_token"']),  # only encryptedData holds ciphertext
    ],
)
def test_plain_text_in_or_beside_a_sealed_secret_is_still_reported(password: str, token: str, block: str, fragments: list[str]) -> None:
    _assert_reported("sealed-secret.yaml", _sealed_secret(password, token, block), fragments)


# --- an entry that holds a credential, and more secrets -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"host=db user=app password={FAKE}\napi_token={FAKE}\n",
            ['holds a connection string with a password in plain text (line 1)', 'sets "api_token" in plain text (line 2)'],
        ),
        (
            f"primary.url=postgres://app:{FAKE}@db1:5432/shop\nreplica.url=postgres://app:{FAKE}@db2:5432/shop\n",
            ["holds a URL with a password (user:password@host) in plain text (line 1)",
             "holds a URL with a password (user:password@host) in plain text (line 2)"],
        ),
    ],
    ids=["libpq-and-a-setting", "two-dsns"],
)
def test_each_secret_of_an_entry_that_holds_a_credential_is_a_finding(text: str, expected: list[str]) -> None:
    decision = decide(_configmap({"db.conf": text}))
    found = [f.message.split(". Fix:")[0] for f in decision.findings if f.policy == POLICY]
    assert found == [f'ConfigMap "cfg" key "db.conf" {problem}' for problem in expected]
    assert FAKE not in repr(decision)


def test_the_settings_of_a_config_file_in_an_env_value_are_all_named() -> None:
    config = "".join(f"gitlab_rails['{name}_password'] = '{FAKE}'\n" for name in ("db", "smtp", "ldap", "redis", "db"))
    decision = decide(_env_pod("GITLAB_OMNIBUS_CONFIG", config))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.message.split(". Fix:")[0] == (
        'container "c" env var "GITLAB_OMNIBUS_CONFIG" sets "db_password" (line 1), "smtp_password" (line 2),'
        ' "ldap_password" (line 3) and 2 more in plain text'
    )
    assert finding.parts == ("db_password", "smtp_password", "ldap_password", "redis_password", "db_password (2)")
    assert FAKE not in repr(decision)


# --- Spring Security's {noop} prefix; values in braces in .properties and INI files ----------------

_BCRYPT = "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG"


def test_a_noop_password_is_reported_whatever_the_settings_name() -> None:
    # an in-memory user list: the name is the user's, {noop} says the password is as written
    text = f"admin={{noop}}{FAKE},ROLE_ADMIN,enabled\nreader={_BCRYPT},ROLE_USER\nops={{noop}}${{OPS_PASSWORD}},ROLE_OPS\n"
    _assert_reported("users.properties", text, ['sets "admin" in plain text (line 1)'])


@pytest.mark.parametrize(
    "key, text, name",
    [
        ("app.properties", f"db.password={{X{FAKE}}}\n", "db.password"),
        ("app.properties", f"db.password:{{X{FAKE}}}\n", "db.password"),  # no blank after the colon: not YAML
        ("app.ini", f"[database]\npassword = {{X{FAKE}}}\n", "password"),
        (".env", f"export DB_PASSWORD={{X{FAKE}}}\n", "DB_PASSWORD"),
        ("app.properties", f"spring.security.user.password={{noop}}{FAKE}}}\n", "spring.security.user.password"),
    ],
)
def test_a_value_in_braces_without_entries_is_a_string(key: str, text: str, name: str) -> None:
    # .properties, INI and .env files have no inline tables: {...} is the value as written
    _assert_reported(key, text, [f'sets "{name}" in plain text'])
    # TOML's inline tables and YAML's flow mappings hold entries, each judged by its own key
    _assert_reported("app.toml", f'db = {{ user = "app", password = "{FAKE}" }}\n', ['sets "db.password" in plain text'])
    assert findings(_configmap({"app.yaml": "secrets: {db_password, api_key}\n"}), POLICY) == []


# --- a .properties key separated from its value by blanks alone ---------------------------------
# java.util.Properties ends a key at the first unescaped =, : or blank; then blanks and at most one
# = or :. "db.password hunter2-example" sets db.password as "db.password=hunter2-example" does.


@pytest.mark.parametrize(
    "text, line",
    [
        (f"db.password {FAKE}", 1),  # one line, no = or :
        (f"db.password\t{FAKE}\n", 1),
        (f"server.port 8080\n  db.password   {FAKE}\n", 2),  # blanks before the key too
        (f"db.password {FAKE}: x\n", 1),  # the value holds a colon: still db.password's
        (f"# a comment\\\ndb.password {FAKE}\n", 2),  # a comment line is never continued
        (f"greeting=hello \\\\\ndb.password {FAKE}\n", 2),  # an even number of backslashes
    ],
)
def test_a_properties_key_separated_by_blanks_is_reported(text: str, line: int) -> None:
    _assert_reported("app.properties", text, [f'sets "db.password" in plain text (line {line})'])


@pytest.mark.parametrize(
    "text",
    [
        f"db.password = {FAKE}\n",
        f"db.password:{FAKE}\n",
        f"db.password={FAKE}\n",
        f"db.password : {FAKE}\n",
    ],
)
def test_a_properties_key_separated_by_an_equals_sign_or_colon_is_still_reported(text: str) -> None:
    _assert_reported("app.properties", text, ['sets "db.password" in plain text (line 1)'])


@pytest.mark.parametrize(
    "text",
    [
        "db.password ${DB_PASSWORD}\n",
        "password.min.length 12\n",
        f"# password {FAKE}\n",
        f"! password {FAKE}\n",
        f"  ! db.password {FAKE}\n",
        "db.password\n",
        "db.password   \n",
        f"greeting=hello \\\n    db.password {FAKE}\n",  # the value of greeting goes on
        f"greeting=hello \\\n  and more \\\n    db.password {FAKE}\n",
        f"db.url jdbc:postgresql://db/app \\\n  password {FAKE}\n",
        "server.port 8080\nspring.application.name shop\n",
    ],
)
def test_a_properties_line_separated_by_blanks_without_a_secret_is_not_reported(text: str) -> None:
    assert findings(_configmap({"app.properties": text}), POLICY) == []


def test_a_properties_value_after_blanks_continued_by_a_backslash_is_never_shown_as_a_setting() -> None:
    # its next line is its value, as after db.password=...\\: no setting "zqx-kumquat-pw" there
    text = f"db.password {RUN_ON_FIRST}\\\n    {RUN_ON_NEXT}=x7\napi.token {FAKE}\n"
    decision = decide(_configmap({"app.properties": text}))
    shown_settings = {(name, int(line)) for f in decision.findings for name, line in _SHOWN_SETTING.findall(f.message)}
    assert shown_settings == {("db.password", 1), ("api.token", 3)}
    shown = repr([decision.message, decision.warnings, decision.findings])
    assert not [piece for piece in _pieces(RUN_ON_FIRST, RUN_ON_NEXT, FAKE) if piece in shown]


@pytest.mark.parametrize("key", ["app.conf", "app.ini", "app.yaml", ".env", "notes.txt"])
def test_a_key_and_value_separated_by_blanks_are_read_in_properties_files_only(key: str) -> None:
    # elsewhere "password something" is text, a directive or a command, never this setting
    assert findings(_configmap({key: f"intro\ndb.password {FAKE}\n"}), POLICY) == []


# --- nsswitch.conf: its keys are databases, its values lists of sources ---------------------------

_NSSWITCH = (
    "# /etc/nsswitch.conf\n"
    "passwd:         files systemd\n"
    "group:          files systemd\n"
    "shadow:         files\n"
    "gshadow:        files\n"
    "hosts:          files mymachines resolve [!UNAVAIL=return] dns myhostname\n"
    "netgroup:       nis\n"
)


@pytest.mark.parametrize("key", ["nsswitch.conf", "etc.nsswitch.conf", "app.conf", "config"])
@pytest.mark.parametrize(
    "sources",
    [
        "files systemd",
        "files",
        "compat",
        "sss files",
        "files ldap [NOTFOUND=return] db",
        "files [SUCCESS=merge] winbind",
        "files [notfound=return unavail=continue] nis",
        "files systemd # local users first",
    ],
)
def test_an_nsswitch_passwd_line_lists_sources_not_a_password(key: str, sources: str) -> None:
    text = _NSSWITCH.replace("files systemd\n", f"{sources}\n", 1)
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "line",
    [
        f"passwd: {FAKE}",
        f"passwd:         files {FAKE}",  # not a source: the value is no list of them
        f"passwd: [{FAKE}]",
        "passwd: files-Zq7fake",
        "passwd=files",  # nsswitch.conf writes a colon: this is a setting as any other
        "passwd = files systemd",
    ],
)
def test_a_passwd_setting_that_is_no_list_of_nsswitch_sources_is_still_reported(line: str) -> None:
    _assert_reported("app.conf", f"host: db\n{line}\n", ['sets "passwd" in plain text (line 2)'])


@pytest.mark.parametrize("name", ["password", "db_passwd", "DB_PASSWORD", "api_token"])
def test_only_an_nsswitch_database_is_read_as_a_list_of_sources(name: str) -> None:
    # password: files is a password that reads "files" under any other name
    _assert_reported("app.conf", f"{name}: files systemd\n", [f'sets "{name}" in plain text (line 1)'])


# --- cases a mutation pass over config_files.py found untested -----------------------------------


def test_a_noop_prefix_inside_a_value_is_no_plain_password() -> None:
    # {noop} says the password is as written only at the start of the value: elsewhere it is text
    assert findings(_configmap({"app.properties": f"docs.hint=x{{noop}}{FAKE}\n"}), POLICY) == []


def test_a_camel_case_routing_key_of_the_pagerduty_shape_is_reported() -> None:
    text = f"receivers:\n- name: pd\n  pagerduty_configs:\n  - routingKey: {_PAGERDUTY_KEY}\n"
    _assert_reported("alertmanager.yml", text, ['"routingKey" in plain text (line 4)'])


@pytest.mark.parametrize("host_map", ["github-oauth", "gitlab-oauth", "gitlab-token", "bearer", "forgejo-token"])
def test_a_token_under_a_host_name_is_reported_whatever_the_host(host_map: str) -> None:
    # a host name whose last word is one a setting's name ends with when it is metadata (.name)
    _assert_reported("auth.json", json.dumps({host_map: {"forge.example.name": FAKE}}), [f'"{host_map}.forge.example.name"'])


@pytest.mark.parametrize(
    "text, fragment",
    [
        (f"settings:\n- key: SMTP_PASSWORD\n  value: {FAKE}\n", '"SMTP_PASSWORD" in plain text (line 3)'),
        (f"settings:\n- {{key: SMTP_PASSWORD, value: {FAKE}}}\n", '"SMTP_PASSWORD" in plain text (line 2)'),
    ],
)
def test_a_key_value_pair_with_a_sensitive_key_is_reported(text: str, fragment: str) -> None:
    _assert_reported("values.yaml", text, [fragment])


def test_a_toleration_on_one_line_without_an_operator_is_no_pair() -> None:
    # operator defaults to Equal: key, value and effect alone still make a toleration
    text = "tolerations:\n- {key: dedicated-secrets, value: vault, effect: NoSchedule}\n"
    assert findings(_configmap({"values.yaml": text}), POLICY) == []


def test_a_single_line_env_file_is_read_as_a_setting() -> None:
    _assert_reported("db.env", f"DB_PASSWORD={FAKE}", ['sets "DB_PASSWORD" in plain text'])


@pytest.mark.parametrize(
    "key, text, names",
    [
        ("app.env", f'PASSWORD="{FAKE}\nsecond-line-text"\nAPI_TOKEN={FAKE}\n', ["PASSWORD", "API_TOKEN"]),
        ("app.env", f'PASSWORD="{FAKE} second-line-text"\nAPI_TOKEN={FAKE}\n', ["PASSWORD", "API_TOKEN"]),
        ("app.env", f'PASSWORD="{FAKE}:\nsecond@line"\nAPI_TOKEN={FAKE}\n', ["PASSWORD", "API_TOKEN"]),
        ("config.toml", f'password = "{FAKE}\nsecond-line-text"\napi_token = "{FAKE}"\n', ["password", "api_token"]),
        ("config.toml", f'pwd = "{FAKE}"\napi_token = "{FAKE}"\n', ["pwd", "api_token"]),
    ],
)
def test_a_password_setting_on_the_first_line_of_a_config_file_is_named(key: str, text: str, names: list[str]) -> None:
    """``PASSWORD=...`` alone on the first of several lines (a quoted value running onto the next
    one or not) is a setting of a ``.env`` or TOML file, named as on any other line, not an ADO.NET
    connection string starting with ``Password=``; in an env var, the other settings of the value
    are named too. No value text is shown."""
    _assert_reported(key, text, [f'sets "{name}" in plain text (line' for name in names])
    decision = decide(_env_pod("APP_CONFIG", text))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.parts == tuple(names)
    assert all(f'"{name}" (line' in finding.message for name in names), finding.message
    shown = repr([decision.message, decision.warnings, [(f.message, f.path, f.parts) for f in decision.findings]])
    assert FAKE not in shown and "second" not in shown


@pytest.mark.parametrize("end", ["?", "&", "? ", " &"])
def test_a_line_ending_in_a_question_mark_or_ampersand_starts_no_query(end: str) -> None:
    """A URL query's ``?`` or ``&`` is followed by its parameter on the same line: Rust's ``?`` or a
    shell's ``&`` ending a line leaves the ``password = ...`` line below a setting of its own."""
    _assert_reported("config.rs", f'let url = env::var("URL"){end}\npassword = "{FAKE}"\n', ['"password" in plain text (line 2)'])
    _assert_reported("run.env", f"RUN=serve{end}\nPASSWORD={FAKE}\n", ['sets "PASSWORD" in plain text (line 2)'])
    assert "connection string" in findings(_env_pod("DB_URL", f"jdbc:postgresql://db/app?user=app{end}password={FAKE}"), POLICY)[0].message


def test_a_connection_string_at_the_start_of_a_value_is_still_one() -> None:
    """One line starting with ``Password=`` and holding more entries, or a first line holding more
    entries, is still a connection string; beside another credential, a first line ``PASSWORD=...``
    alone is a setting, and so is one line ``Password=...`` alone (test_secrets_lone_password_setting)."""
    for text in (f"Password={FAKE};Server=db", f"Password={FAKE};Server=db\nAPI_TOKEN={FAKE}\n"):
        assert findings(_env_pod("DB", text), POLICY)[0].message.startswith('container "c" env var "DB" holds a connection string'), text
        assert "holds a connection string with a password in plain text" in findings(_configmap({"db": text}), POLICY)[0].message, text
    text = f'PASSWORD="{FAKE}\nsecond-line-text"\nDSN=postgres://app:{FAKE}@db/app\nAPI_TOKEN={FAKE}\n'
    _assert_reported("app.env", text, ['sets "PASSWORD" in plain text (line 1)', "holds a URL with a password (user:password@host) in plain text (line 3)",
                                       'sets "API_TOKEN" in plain text (line 4)'])  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # operator defaults to Equal: key, value and effect in a block, in any order, are a toleration
        "tolerations:\n- key: dedicated-secrets\n  value: vault\n  effect: NoSchedule\n",
        "tolerations:\n- effect: NoSchedule\n  key: dedicated-secrets\n  value: vault\n",
        "tolerations:\n- key: dedicated-secrets\n  value: vault\n  tolerationSeconds: 30\n  effect: NoExecute\n",
        "spec:\n  tolerations:\n  - key: dedicated-secrets\n    value: vault\n    effect: NoSchedule\n  - effect: NoSchedule\n    key: team-token\n    value: blue\n",
    ],
)
def test_a_toleration_in_a_block_without_an_operator_is_no_pair(text: str) -> None:
    assert findings(_configmap({"values.yaml": text}), POLICY) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # a key/value pair with no operator or effect in its mapping is still reported, where it ends
        (f"settings:\n- key: SMTP_PASSWORD\n  value: {FAKE}\n", '"SMTP_PASSWORD" in plain text (line 3)'),
        (f"settings:\n- key: SMTP_PASSWORD\n  value: {FAKE}\n- key: mode\n  value: fast\n", '"SMTP_PASSWORD" in plain text (line 3)'),
        (f"settings:\n- key: SMTP_PASSWORD\n  value: {FAKE}\nother: 1\n", '"SMTP_PASSWORD" in plain text (line 3)'),
        # an effect in another mapping (the toleration before) does not hide it
        (f"a:\n- key: x\n  effect: NoSchedule\n- key: SMTP_PASSWORD\n  value: {FAKE}\n", '"SMTP_PASSWORD" in plain text (line 5)'),
        (f"a:\n  tolerations:\n  - effect: NoSchedule\n    key: x\nsettings:\n- key: SMTP_PASSWORD\n  value: {FAKE}\n",
         '"SMTP_PASSWORD" in plain text (line 7)'),
    ],
)
def test_a_key_value_pair_is_reported_once_its_mapping_ends(text: str, fragment: str) -> None:
    _assert_reported("values.yaml", text, [fragment])


_TOKEN_AS_KEY = "a1B2c3D4e5F6g7H8i9J0k1L2"  # fake, shaped like a token


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("app.yaml", f"api_keys:\n  {_TOKEN_AS_KEY}: alice\n", '"api_keys.*" in plain text (line 2)'),
        ("app.ini", f"[tokens]\n{_TOKEN_AS_KEY} = alice\n", '"tokens.*" in plain text (line 2)'),
        ("web.config", f'<appSettings>\n  <add key="ApiKey_{_TOKEN_AS_KEY}" value="{FAKE}"/>\n</appSettings>\n', '"*" in plain text (line 2)'),
        ("env.yaml", f"- name: DB_PASSWORD_{_TOKEN_AS_KEY}\n  value: {FAKE}\n", '"*" in plain text (line 2)'),
    ],
)
def test_a_setting_name_that_may_be_a_credential_is_shown_as_a_star(key: str, text: str, fragment: str) -> None:
    """A key of a map from tokens to users, in YAML or INI as in JSON (``api_keys.*``), or a name
    naming a value, is never shown when it may be a credential itself."""
    _assert_reported(key, text, [fragment])
    decision = decide(_configmap({key: text}))
    assert _TOKEN_AS_KEY not in repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])


@pytest.mark.parametrize(
    "text, fragment",
    [
        (f'[{{"username": "admin", "password": "{FAKE}"}}]', '"[0].password" in plain text'),
        (f'[\n  {{"username": "admin", "password": "{FAKE}"}}\n]\n', '"[0].password" in plain text (line 2)'),
    ],
)
def test_a_json_array_document_is_read_as_json(text: str, fragment: str) -> None:
    """A config file that is a JSON array (a list of users) is read as JSON, on one line too: its
    settings are known by their path."""
    _assert_reported("users.json", text, [fragment])


def test_a_json_key_is_found_at_its_own_line_not_at_the_same_text_as_a_value_above() -> None:
    """The line of a JSON key is where the key is written, not where the same text is a value above it."""
    text = f'{{\n  "required": [\n    "password"\n  ],\n  "password": "{FAKE}"\n}}\n'
    _assert_reported("form.json", text, ['"password" in plain text (line 5)'])


# --- JSON with a lone UTF-16 surrogate escape: read as Go reads it (U+FFFD), never "not JSON" ----


@pytest.mark.parametrize(
    "text, fragments",
    [
        ('{"note": "\\ud800", "db": {"password": "' + FAKE + '"}}', ['"db.password" in plain text']),
        ('{"note": "\\udc00x", "db": {"password": "' + FAKE + '"}}', ['"db.password" in plain text']),
        ('{"db": {"password": "hunter2\\ud800-example"}}', ['"db.password" in plain text']),
        ('{"db": {"user\\udbff": "app", "password": "' + FAKE + '"}}', ['"db.password" in plain text']),
        # the line of a setting after the surrogate is still counted
        ('{\n  "note": "\\ud83d",\n  "db": {\n    "password": "' + FAKE + '"\n  }\n}\n', ['"db.password" in plain text (line 4)']),
    ],
)  # fmt: skip
def test_a_lone_surrogate_escape_does_not_hide_a_json_config_setting(text: str, fragments: list[str]) -> None:
    """orjson refuses ``"\\ud800"``; Go's decoder (and Python's, Node's) read it and go on, so
    the application reading the file gets the password: the file is JSON, judged as such."""
    _assert_reported("config.json", text, fragments)
    _assert_reported("settings", text, fragments)


def test_a_lone_surrogate_escape_does_not_hide_a_secret_in_json_in_an_env_value() -> None:
    value = '{"note":"\\udfff","spring.datasource.password":"' + FAKE + '"}'
    decision = decide(_env_pod("SPRING_APPLICATION_JSON", value))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'env var "SPRING_APPLICATION_JSON" sets "spring.datasource.password" in plain text' in finding.message
    shown = repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])
    assert FAKE not in shown and "hunter2" not in shown


def test_a_lone_surrogate_escape_does_not_hide_a_fluentd_header() -> None:
    headers = '{"X-Note": "\\ud800", "Authorization": "Bearer ' + FAKE + '"}'
    _assert_reported("fluent.conf", _FLUENTD_HTTP.format(headers=headers), ['"headers Authorization" in plain text (line 4)'])


# --- a YAML block scalar under a sensitive key is its value, not settings ------------------------

BLOCK_SECRET = "my-secret-token-pw99"


@pytest.mark.parametrize("indicator", ["|", ">", "|-", ">+", "|2"])
@pytest.mark.parametrize("where", ["configmap", "env"])
def test_the_text_of_a_block_scalar_under_a_sensitive_key_is_its_value_and_never_shown(indicator: str, where: str) -> None:
    # "password: |" / "  my-secret-token-pw99: x": the line was read as a setting named by the password;
    # a block scalar under another key (a file of its own) is still read line by line
    text = f"db:\n  password: {indicator}\n    {BLOCK_SECRET}: x\n  user: app\nconfig: |\n  export DB_PASSWORD={FAKE}\n"
    obj = _configmap({"config.yaml": text}) if where == "configmap" else _env_pod("APP_CONFIG", text)
    decision = decide(obj)
    messages = " ".join(f.message for f in decision.findings if f.policy == POLICY)
    assert '"password"' in messages and "(line 2)" in messages and '"DB_PASSWORD"' in messages, messages
    assert FAKE not in messages
    shown = repr([decision.message, decision.warnings, [(f.message, f.short, f.item, f.parts) for f in decision.findings]])
    for piece in (BLOCK_SECRET, "my-secret", "token-pw99", "pw99"):
        assert piece not in shown



# --- a value that runs onto the lines below its key's line is that key's value, never names ------
# (a properties line ending in an odd number of backslashes, a YAML or .env quoted value left open,
# an INI value continued on more indented lines, a TOML multi-line string): the lines it runs onto
# were read as settings, so "zqx-kumquat-pw=x7" on the next line was reported as setting
# "zqx-kumquat-pw", part of the value shown as a name

RUN_ON_FIRST, RUN_ON_NEXT = "Vbn3Jy8q", "zqx-kumquat-pw"
_SHOWN_SETTING = re.compile(r'"([^"]+)"(?: in plain text)? \(line (\d+)\)')


def _pieces(*parts: str) -> set[str]:
    """Every piece of 4 characters or more of each part."""
    return {part[i:j] for part in parts for i in range(len(part)) for j in range(i + 4, len(part) + 1)}


def _assert_run_on_hidden(text: str, expected: set[tuple[str, int]], where: str) -> None:
    """The settings reported are exactly ``expected`` (name, line), and no piece of the run-on value
    (``RUN_ON_FIRST``, ``RUN_ON_NEXT``) nor ``FAKE`` shows anywhere in the decision."""
    obj = _configmap({"app.conf": text}) if where == "configmap" else _env_pod("APP_CONFIG", text)
    decision = decide(obj)
    mine = [f for f in decision.findings if f.policy == POLICY]
    shown_settings = {(name, int(line)) for f in mine for name, line in _SHOWN_SETTING.findall(f.message)}
    assert shown_settings == expected, [f.message for f in mine]
    shown = repr([decision.message, decision.warnings, decision.findings])
    for piece in _pieces(RUN_ON_FIRST, RUN_ON_NEXT, FAKE):
        assert piece not in shown, piece


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # Java properties: a line ending in an odd number of backslashes continues on the next one
        (f"db.user=app\ndb.password={RUN_ON_FIRST}\\\n    {RUN_ON_NEXT}=x7\napi.token={FAKE}\n", {("db.password", 2), ("api.token", 4)}),
        (f"db.password: {RUN_ON_FIRST}\\\n  x\\\n{RUN_ON_NEXT}=x7\napi.token={FAKE}\n", {("db.password", 1), ("api.token", 4)}),
        (f"db.password={RUN_ON_FIRST}\\\\\\\n{RUN_ON_NEXT}=x7\napi.token={FAKE}\n", {("db.password", 1), ("api.token", 3)}),
        # an even number is escaped backslashes: the next line is a setting of its own
        (f"db.password={RUN_ON_FIRST}\\\\\napi.token={FAKE}\nother.password={RUN_ON_FIRST}\\\n{RUN_ON_NEXT}=x7\n",
         {("db.password", 1), ("api.token", 2), ("other.password", 3)}),
    ],
)
def test_a_properties_value_continued_by_a_backslash_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        (f'db:\n  password: "{RUN_ON_FIRST}\n    {RUN_ON_NEXT}: x7"\n  api_token: {FAKE}\n', {("password", 2), ("api_token", 4)}),
        (f"db:\n  password: '{RUN_ON_FIRST}\n    {RUN_ON_NEXT}: x7'\n  api_token: {FAKE}\n", {("password", 2), ("api_token", 4)}),
        # the lines it runs onto may be at any indentation; an escaped quote does not close it
        (f'password: "{RUN_ON_FIRST}\\"\n\n{RUN_ON_NEXT}: x7 \\" "\napi_token: {FAKE}\n', {("password", 1), ("api_token", 4)}),
        (f"password: '{RUN_ON_FIRST}''\n  {RUN_ON_NEXT}: x7'' '\napi_token: {FAKE}\n", {("password", 1), ("api_token", 3)}),
        # nothing on the key's line but the quote: the value is on the next lines, still reported
        (f'db:\n  password: "\n    {RUN_ON_NEXT}: x7"\n  api_token: {FAKE}\n', {("password", 2), ("api_token", 4)}),
        # the value of a name/value pair (an env list)
        (f'env:\n- name: DB_PASSWORD\n  value: "{RUN_ON_FIRST}\n    {RUN_ON_NEXT}: x7"\n- name: API_TOKEN\n  value: {FAKE}\n',
         {("DB_PASSWORD", 3), ("API_TOKEN", 6)}),
    ],
)
def test_a_yaml_quoted_value_over_several_lines_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [  # quotes are text in a properties or INI file: a reference with a quote nothing closes must
        # not make the rest of the file one value, hiding the secrets set after it
        (f'db.password="$(DB_PASSWORD)\nother=1\nsmtp.password={FAKE}\n', {("smtp.password", 3)}),
        (f"db.password='${{DB_PASSWORD}}\nsmtp.password={FAKE}\n", {("smtp.password", 2)}),
        (f'[db]\npassword = "%(env)s\nuser = x\n[smtp]\npassword = {FAKE}\n', {("password", 5)}),
        (f'DB_PASSWORD="${{DB_PASSWORD}}\nSMTP_PASSWORD={FAKE}\n', {("SMTP_PASSWORD", 2)}),
        (f'password: "${{DB_PASSWORD}}\nsmtp_password: {FAKE}\n', {("smtp_password", 2)}),
        # a quote that does close further down still makes one value of the lines between
        (f'password: "${{DB_PASSWORD}}\nsmtp_password: x"\napi_token: {FAKE}\n', {("password", 1), ("api_token", 3)}),
    ],
)
def test_a_quote_nothing_closes_after_a_reference_hides_no_later_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [  # INI (configparser): lines indented deeper than a key continue its value
        (f"[db]\npassword = ${{DB_PASSWORD}}\n    {RUN_ON_NEXT} = {FAKE}\nuser = app\n", {("password", 2)}),
        # a comment or a reference on the deeper lines adds no literal: nothing to report
        ("[db]\npassword = ${DB_PASSWORD}\n    # from the pod\nuser = app\n", set()),
        ("[db]\npassword = %(pw)s\n    ${OTHER}\nuser = app\n", set()),
    ],
)
def test_a_reference_continued_on_indented_lines_is_judged_with_them(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
def test_a_reference_continued_by_a_backslash_onto_literal_text_is_reported_at_its_key(where: str) -> None:
    """``db.password=${DB_PASSWORD}\\`` / ``smtp.password=...``: the second line is part of the
    value (Java properties), which read whole is a reference followed by literal text, not a
    reference: the key is reported, the text on the next line never shown."""
    text = f"db.password=${{DB_PASSWORD}}\\\n{RUN_ON_NEXT}={FAKE}\nuser=app\n"
    _assert_run_on_hidden(text, {("db.password", 1)}, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # configparser: a line indented more than the key continues its value
        (f"[db]\npassword = {RUN_ON_FIRST}\n    {RUN_ON_NEXT} = x7\nuser = app\napi_token = {FAKE}\n", {("password", 2), ("api_token", 5)}),
        (f"[db]\npassword = {RUN_ON_FIRST}\n\n  {RUN_ON_NEXT} = x7\n  more\napi_token = {FAKE}\n", {("password", 2), ("api_token", 6)}),
        (f"[db]\npassword =\n    {RUN_ON_NEXT} = x7\napi_token = {FAKE}\n", {("password", 2), ("api_token", 4)}),
    ],
)
def test_an_ini_value_continued_on_indented_lines_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        (f'DB_PASSWORD="{RUN_ON_FIRST}\n{RUN_ON_NEXT}=x7"\nAPI_TOKEN={FAKE}\n', {("DB_PASSWORD", 1), ("API_TOKEN", 3)}),
        (f"export DB_PASSWORD='{RUN_ON_FIRST}\n{RUN_ON_NEXT}=x7'\nexport API_TOKEN={FAKE}\n", {("DB_PASSWORD", 1), ("API_TOKEN", 3)}),
        (f'USER=app\nDB_PASSWORD="\n{RUN_ON_NEXT}=x7\n"\nAPI_TOKEN={FAKE}\n', {("DB_PASSWORD", 2), ("API_TOKEN", 5)}),
    ],
)
def test_a_dotenv_quoted_value_over_several_lines_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize("quotes", ['"""', "'''"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ('password = {q}\n{next} = x7\n{q}\napi_token = "{fake}"\n', {("password", 1), ("api_token", 4)}),
        ('[db]\npassword = {q}{first}\n  {next} = x7 {q}\napi_token = "{fake}"\n', {("password", 2), ("api_token", 4)}),
        ('[db]\npassword = {q}{first}\n{next} = x7\n\n{next}=x7{q}""\napi_token = "{fake}"\n', {("password", 2), ("api_token", 6)}),
    ],
)
def test_a_toml_multi_line_string_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], quotes: str, where: str) -> None:
    text = text.format(q=quotes, first=RUN_ON_FIRST, next=RUN_ON_NEXT, fake=FAKE)
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a PHP (or Ruby) array entry's quoted string, left open
        (f"<?php\nreturn [\n  'password' => '{RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7',\n  'api_token' => '{FAKE}',\n];\n", {("password", 3), ("api_token", 5)}),
        (f'<?php\nreturn [\n  "password" => "{RUN_ON_FIRST}\n  {RUN_ON_NEXT} = x7",\n  "api_token" => "{FAKE}",\n];\n', {("password", 3), ("api_token", 5)}),
        # an HCL (Terraform, Vault, Nomad) heredoc, up to its closing word
        (f'password = <<EOT\n{RUN_ON_FIRST}\n{RUN_ON_NEXT} = "x7"\nEOT\napi_token = "{FAKE}"\n', {("password", 1), ("api_token", 5)}),
        (f'db {{\npassword = <<-EOT\n{RUN_ON_NEXT} = "x7"\n  EOT\napi_token = "{FAKE}"\n}}\n', {("password", 2), ("api_token", 5)}),
    ],
)
def test_a_php_string_or_an_hcl_heredoc_over_several_lines_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # PHP's define() and an assignment in code, their quoted string left open
        (f"<?php\ndefine('DB_PASSWORD', '{RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7');\ndefine('API_TOKEN', '{FAKE}');\n", {("DB_PASSWORD", 2), ("API_TOKEN", 4)}),
        (f'<?php\ndefine("DB_PASSWORD", "\n  {RUN_ON_NEXT} = x7");\ndefine("API_TOKEN", "{FAKE}");\n', {("DB_PASSWORD", 2), ("API_TOKEN", 4)}),
        (f"<?php\n$db['password'] = '{RUN_ON_FIRST}\n{RUN_ON_NEXT}=x7';\n$db['api_token'] = '{FAKE}';\n", {("password", 2), ("api_token", 4)}),
        # an escaped quote does not close a PHP string
        (f"<?php\n$db['password'] = '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}=x7';\n$db['api_token'] = '{FAKE}';\n", {("password", 2), ("api_token", 4)}),
        # a constant's name may hold dots (define() takes any string)
        (f"<?php\ndefine('db.password', '{RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7');\n", {("db.password", 2)}),
        (f"<?php\ndefine('db.password', '{FAKE}');\n", {("db.password", 2)}),
        # fluentd: a quoted value runs onto the next lines
        (f'<match **>\n  @type elasticsearch\n  password "{RUN_ON_FIRST}\n{RUN_ON_NEXT} x7"\n  user app\n  aws_sec_key {FAKE}\n</match>\n',
         {("password", 3), ("aws_sec_key", 6)}),
        # nginx: a quoted header value runs onto the next lines
        (f'location / {{\n  proxy_set_header Authorization "Bearer {RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7";\n  proxy_set_header X-Api-Key "{FAKE}";\n}}\n',
         {("proxy_set_header Authorization", 2), ("proxy_set_header X-Api-Key", 4)}),
        # Apache: a line ending in a backslash continues on the next one
        (f"SetEnv DB_PASSWORD {RUN_ON_FIRST}\\\n{RUN_ON_NEXT}=x7\nSetEnv API_TOKEN {FAKE}\n", {("SetEnv DB_PASSWORD", 1), ("SetEnv API_TOKEN", 3)}),
    ],
)
def test_a_string_left_open_in_code_or_a_directive_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # in a word, a brace closes nothing (a}"b is one word) and ${ is a variable's (${host}"b is
        # one word): a quote there opens no string, the next lines are directives of their own
        (f'location / {{\n  proxy_set_header X-Forwarded-Host ${{host}}"x;\n  fastcgi_param DB_PASSWORD {FAKE};\n'
         f'  proxy_set_header X-Forwarded-Proto "https";\n}}\n', {("fastcgi_param DB_PASSWORD", 3)}),
        (f'proxy_set_header X-Tag a}}"x;\nproxy_set_header X-Api-Key {FAKE};\nadd_header X-Frame-Options "DENY";\n',
         {("proxy_set_header X-Api-Key", 2)}),
        (f"fastcgi_param SCRIPT_NAME ${{{{fastcgi_script_name}}'x;\nfastcgi_param API_TOKEN {FAKE};\n# '\n", {("fastcgi_param API_TOKEN", 2)}),
        # a block closed after a directive ends it: a quote after it opens a string all the same
        (f'proxy_set_header X-Tag a; }} proxy_set_header X-Request-Id "{RUN_ON_FIRST}\n{RUN_ON_NEXT}_secret: x7";\napi_token: {FAKE}\n',
         {("api_token", 3)}),
    ],
)  # fmt: skip
def test_an_nginx_quote_inside_a_word_opens_no_string(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a header that holds no credential: its string runs on all the same, its lines are no
        # settings; a closing quote glued to a word is rejected by nginx: that open quote was a
        # slip, the line that closes it is a directive of its own
        (f'location / {{\n  proxy_set_header X-Request-Id "{RUN_ON_FIRST}\n{RUN_ON_NEXT}_password: x7\n  api_token = x8";\n'
         f'  proxy_set_header X-Trace-Id "$request_id;\n  proxy_set_header X-Api-Key "{FAKE}";\n}}\n', {("proxy_set_header X-Api-Key", 6)}),
        (f"fastcgi_param SCRIPT_NAME '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}_token={FAKE}';\nfastcgi_param API_TOKEN {FAKE};\n", {("fastcgi_param API_TOKEN", 3)}),
        # a quote opens a string only at the start of an argument (a"b is one word), a later
        # argument's too
        (f'proxy_set_header X-Trace-Id a"b;\nproxy_set_header X-Request-Id $request_id "{RUN_ON_FIRST}\n{RUN_ON_NEXT}_secret: x7";\n'
         f'api_token: {FAKE}\n', {("api_token", 4)}),
        # the string closes, then another opens on the same line
        (f'proxy_set_header X-Request-Id "\n{RUN_ON_NEXT}_password: x7" "\n{RUN_ON_NEXT}_token: x8";\napi_token: {FAKE}\n', {("api_token", 4)}),
    ],
)  # fmt: skip
def test_an_nginx_string_left_open_runs_on_as_nginx_reads_it_whatever_the_header(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # PHP and Ruby escape a quote in single quotes with a backslash (\'), not by doubling it
        (f"<?php\nreturn [\n    'password' => '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}_token: x7',\n    'api_key' => getenv('API_KEY'),\n"
         f"    'api_token' => '{FAKE}',\n];\n", {("password", 3), ("api_token", 6)}),
        (f"<?php\n$config = array(\n    'db_password' => '\\\\\\'\n{RUN_ON_NEXT}_secret = x7',\n    'api_key' => $_ENV['API_KEY'],\n);\n",
         {("db_password", 3)}),
        (f"config = {{\n  'password' => '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}_secret: x7',\n  'api_key' => ENV['API_KEY'],\n}}\n", {("password", 2)}),
    ],
)  # fmt: skip
def test_a_php_or_ruby_array_entry_reads_its_single_quotes_with_backslash_escapes(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # PHP: 'abc\' runs on, its string closes on the next line and a real entry follows it there
        (f"<?php\nreturn [\n    'value' => '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}', 'api_token' => '{FAKE}',\n    'note' => 'x\\'\n"
         f"{RUN_ON_NEXT}', 'api_key' => getenv('API_KEY'),\n];\n", {("api_token", 4)}),
        # 'C:\' is no closed string in PHP: it closes at the next line's first quote, what follows is read
        (f"<?php\nreturn [\n    'value' => 'C:\\'\n    'api_token' => '{FAKE}',\n];\n", {("api_token", 4)}),
        (f"config = {{\n  'value' => '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}', 'api_token' => '{FAKE}',\n}}\n", {("api_token", 3)}),
        # a sensitive key's string: reported at its key, and the next statement on its closing line too
        (f"<?php\ndefine('DB_PASSWORD', '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}'); define('API_TOKEN', '{FAKE}');\n",
         {("DB_PASSWORD", 2), ("API_TOKEN", 3)}),
        (f"<?php\n$db['password'] = '{RUN_ON_FIRST}\\'\n{RUN_ON_NEXT}'; $db['api_token'] = '{FAKE}';\n", {("password", 2), ("api_token", 3)}),
        # nginx: the directive ends at its ;, the next one follows on the line
        (f"server {{\n  proxy_set_header X-Note \"{RUN_ON_FIRST}\n{RUN_ON_NEXT}\" always; fastcgi_param DB_PASSWORD {FAKE};\n"
         f"  proxy_set_header X-Other \"{RUN_ON_FIRST}\n{RUN_ON_NEXT}\"; fastcgi_param API_KEY $api_key;\n}}\n",
         {("fastcgi_param DB_PASSWORD", 3)}),
    ],
)  # fmt: skip
def test_what_follows_a_quote_closed_on_a_later_line_is_read_as_settings(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a neutral key that its parent makes sensitive (password.value), its value over lines: judged
        # whole at its key, as its one-line form is, though its first line held no literal; what
        # describes the secret stays unreported over lines too, and references are references
        (f'db:\n  password:\n    policy: "\n      strict"\n    complexity: |\n      minLength: 12\n'
         f'    value: "\n      {RUN_ON_NEXT}"\n  user: app\n', {("password.value", 7)}),
        (f'db:\n  password:\n    value: |\n      {RUN_ON_NEXT}\n  token:\n    value: "\n      ${{API_TOKEN}}"\n', {("password.value", 3)}),
        (f"[database.password]\nvalue = ${{DB_PASSWORD}}\n    {RUN_ON_NEXT}\nuser = app\n", {("password.value", 2)}),
        (f"[database.password]\nvalue =\n    {RUN_ON_NEXT}\n", {("password.value", 2)}),
    ],
)  # fmt: skip
def test_a_neutral_key_under_a_sensitive_parent_is_judged_over_lines(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # an XML element's text or an attribute's value over several lines is that setting's value
        (f"<settings>\n  <password>{RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7</password>\n  <api_token>{FAKE}</api_token>\n</settings>\n",
         {("password", 2), ("api_token", 4)}),
        (f"<settings>\n  <password>\n    {RUN_ON_NEXT}=x7\n  </password>\n  <api_token>{FAKE}</api_token>\n</settings>\n",
         {("password", 2), ("api_token", 5)}),
        # another element's text is still read line by line
        (f"<config>\n  <password>{RUN_ON_FIRST}\n  {RUN_ON_NEXT}=x7</password>\n  <script>\n    export DB_PASSWORD={FAKE}\n  </script>\n</config>\n",
         {("password", 2), ("DB_PASSWORD", 5)}),
        (f'<users>\n  <user name="a" password="{RUN_ON_FIRST}\n{RUN_ON_NEXT}: x7" roles="x"/>\n  <user name="b" api_token="{FAKE}"/>\n</users>\n',
         {("password", 2), ("api_token", 4)}),
        (f"<appSettings>\n  <add key=\"ApiKey\" value='{RUN_ON_FIRST}\n{RUN_ON_NEXT}=x7'/>\n  <add key=\"DbPassword\" value=\"{FAKE}\"/>\n</appSettings>\n",
         {("ApiKey", 2), ("DbPassword", 4)}),
    ],
)
def test_an_xml_value_over_several_lines_is_never_shown_as_a_setting(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a heredoc is judged by its text, not by its opener: a reference in it is no literal
        ('password = <<EOT\n${var.db_password}\nEOT\napi_token = "${var.api_token}"\n', set()),
        ('db {\n  password = <<-EOT\n    ${var.db_password}\n  EOT\n}\n', set()),
        # a literal in it, next to a heredoc holding a reference, is still reported at its key's line
        (f'password = <<EOT\n${{var.db_password}}\nEOT\napi_token = <<-EOT\n  {FAKE}\n  EOT\n', {("api_token", 4)}),
    ],
)
def test_an_hcl_heredoc_holding_a_reference_is_not_reported(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


@pytest.mark.parametrize("where", ["configmap", "env"])
@pytest.mark.parametrize(
    "text, expected",
    [
        # a call that reads the environment, its arguments on the next lines (a Python settings file)
        (f'DB_PASSWORD = os.environ.get(\n    "DB_PASSWORD"\n)\nSECRET_KEY = "{FAKE}"\n', {("SECRET_KEY", 4)}),
        (f'API_TOKEN = os.getenv(\n    "API_TOKEN",\n)\nDB_PASSWORD = os.environ.get(\n    "DB_PASSWORD", "{FAKE}"\n)\n', {("DB_PASSWORD", 4)}),
        # a comment after the lookup
        (f'DB_PASSWORD = os.environ.get("DB_PASSWORD")  # from the pod\nSECRET_KEY = "{FAKE}"  # from the pod\n', {("SECRET_KEY", 2)}),
        (f"API_KEY = os.getenv('API_KEY') # from the pod\nAPI_TOKEN = '{FAKE}' # fixed\n", {("API_TOKEN", 2)}),
        # Java's, Go's and .NET's lookups (Groovy and Gradle scripts, Go templates)
        (f'dbPassword = System.getenv("DB_PASSWORD")\napiToken = System.getenv("API_TOKEN") ?: "{FAKE}"\n', {("apiToken", 2)}),
        (f'password = os.Getenv("DB_PASSWORD")\nclient_secret = Environment.GetEnvironmentVariable("CLIENT_SECRET")\napi_token = "{FAKE}"\n',
         {("api_token", 3)}),
    ],
)
def test_code_reading_the_environment_over_lines_or_with_a_comment_is_a_reference(text: str, expected: set[tuple[str, int]], where: str) -> None:
    _assert_run_on_hidden(text, expected, where)


# --- several entries of a hash or an array in code on one line ----------------------------------


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("config.php", f"<?php\nreturn ['host' => 'db', 'password' => '{FAKE}',];\n", '"password" in plain text (line 2)'),
        ("config.php", f"<?php\nreturn array('host' => 'db', 'api_token' => '{FAKE}');\n", '"api_token" in plain text (line 2)'),
        ("config.php", f"<?php\nreturn [\n    'host' => 'db', 'password' => '{FAKE}',\n];\n", '"password" in plain text (line 3)'),
        ("config.php", f"<?php\n$config = ['host' => 'db', 'password' => '{FAKE}'];\n", '"password" in plain text (line 2)'),
        # nested, and a comma in a string with an escaped quote (PHP's single quotes)
        ("config.php", f"<?php\nreturn [\n    'db' => ['password' => '{FAKE}', 'host' => 'db'],\n];\n", '"password" in plain text (line 3)'),
        ("config.php", f"<?php\nreturn ['motd' => 'it\\'s, \\'ok', 'password' => '{FAKE}'];\n", '"password" in plain text (line 2)'),
        # Ruby's symbol keys, in braces and alone on their line
        ("e.rb", f"DB = {{:host => 'db', :password => '{FAKE}'}}\n", '"DB.password" in plain text (line 1)'),
        ("e.rb", f"DB = {{\n  :host => 'db',\n  :password => '{FAKE}',\n}}\n", '"password" in plain text (line 3)'),
        ("e.rb", f"DB = {{\n  :host => 'db', :password => '{FAKE}',\n}}\n", '"password" in plain text (line 2)'),
        # Perl's list of pairs
        ("f.pl", f"my %db = (host => 'db', password => '{FAKE}');\n", '"password" in plain text (line 1)'),
        ("f.pl", f"my %db = (\n    host => 'db', password => '{FAKE}',\n);\n", '"password" in plain text (line 2)'),
        # Go's composite literals
        ("e.go", f'var cfg = Config{{Host: "db", Password: "{FAKE}"}}\n', '"Password" in plain text (line 1)'),
        ("e.go", f'cfg := &Config{{Host: "db", Password: "{FAKE}"}}\n', '"Password" in plain text (line 1)'),
        ("e.go", f'var cfg = Config{{\n\tHost: "db", Password: "{FAKE}",\n}}\n', '"Password" in plain text (line 2)'),
    ],
)  # fmt: skip
def test_each_entry_of_a_hash_or_array_on_one_line_is_read(key: str, text: str, fragment: str) -> None:
    """Only the first ``'key' => value`` entry of a line was read: ``return ['host' => 'db',
    'password' => '...'];`` passed unnoticed, as did Ruby's ``:password =>``, Perl's ``(host =>
    'db', password => '...')`` and Go's ``Config{Host: "db", Password: "..."}``."""
    _assert_reported(key, text, [fragment])


@pytest.mark.parametrize(
    "key, references, literal",
    [
        ("config.php", "return ['host' => 'db', 'password' => getenv('DB_PASSWORD'), 'api_token' => $_ENV['API_TOKEN']];",
         f"return array('host' => 'db', 'api_token' => '{FAKE}');"),
        ("e.rb", "DB = {:host => 'db', :password => ENV['DB_PASSWORD'], :token => ENV.fetch('TOKEN')}",
         f"DB = {{:host => 'db', :password => '{FAKE}'}}"),
        ("f.pl", "my %db = (host => 'db', password => $ENV{DB_PASSWORD}, token => $ENV{'TOKEN'});",
         f"my %db = (host => 'db', password => '{FAKE}');"),
        ("e.go", 'var cfg = Config{Host: "db", Password: os.Getenv("DB_PASSWORD"), Token: token}',
         f'var cfg = Config{{Host: "db", Password: "{FAKE}"}}'),
    ],
)  # fmt: skip
def test_references_among_entries_on_one_line_are_not_reported(key: str, references: str, literal: str) -> None:
    """``getenv('X')``, ``ENV['X']``, ``$ENV{X}``, ``os.Getenv("X")`` and a variable among the
    entries of a line are no value; the literal on the next line is the only finding."""
    _assert_reported(key, f"{references}\n{literal}\n", ['in plain text (line 2)'])


# --- validation rules under a sensitive name (Laravel's 'password' => 'required|min:8') -----------


@pytest.mark.parametrize(
    "key, text",
    [
        ("RegisterRequest.php", "<?php\nreturn [\n    'password' => 'required|min:8|confirmed',\n];\n"),
        ("RegisterRequest.php", "<?php\n$rules = ['email' => 'required|email', 'password' => 'required|string|min:8'];\n"),
        ("RegisterRequest.php", "<?php\nreturn [\n    \"password\" => \"nullable|between:8,64|different:username\",\n];\n"),
        ("RegisterRequest.php", "<?php\nreturn [\n    'password' => ['required', 'min:8'],\n];\n"),
        ("RegisterRequest.php", "<?php\n$request->validate(['token' => ['required', 'string'], 'password' => ['required', Password::min(8)]]);\n"),
        ("form.js", "const rules = {\n  password: 'required|min:8',\n};\n"),
    ],
)
def test_validation_rules_under_a_sensitive_name_are_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "text",
    [
        # a password holding a |: no rule list's shape, or no known rule in it
        "<?php\nreturn [\n    'password' => 'hunter|2example',\n];\n",
        "<?php\nreturn [\n    'password' => 'correct|horse|battery',\n];\n",
        "<?php\n$rules = ['email' => 'required|email', 'password' => 'Required|Hunter2-example'];\n",
        "<?php\nreturn [\n    'password' => 'required',\n];\n",  # no | : one word, read as written
        "<?php\nreturn [\n    'password' => ['hunter2-example'],\n];\n",
        # lowercase words joined by | with a known rule among them: every part must be a known rule
        "<?php\nreturn [\n    'password' => 'required|letmeinplease',\n];\n",
        "<?php\nreturn [\n    'password' => ['required', 'letmeinplease'],\n];\n",
    ],
)
def test_a_password_with_a_pipe_is_still_reported(text: str) -> None:
    found = findings(_configmap({"config.php": text}), POLICY)
    assert len(found) == 1 and "plain text" in found[0].message
    assert not any(word in found[0].message.lower() for word in ("hunter", "horse", "letmein"))


# --- Go composite literals over several lines: Name: identifier, is code, not YAML ------------------

_GO_CONFIG = "package main\n\nfunc config() Config {{\n\treturn Config{{\n\t\tHost:     \"db\",\n\t\tPassword: {value},\n\t}}\n}}\n"


@pytest.mark.parametrize(
    "text",
    [
        _GO_CONFIG.format(value="cfgPassword"),
        _GO_CONFIG.format(value="cfg.Password // from flags"),
        _GO_CONFIG.format(value='os.Getenv("DB_PASSWORD")'),
        "var cfg = &Config{\n\tHost:   host,\n\tAPIKey: apiKey,\n}\n",
        "cfg := Config{\n\tToken: strings.TrimSpace(token),\n}\n",
    ],
)
def test_an_identifier_in_a_go_composite_literal_is_not_reported(text: str) -> None:
    assert findings(_configmap({"main.go": text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("main.go", _GO_CONFIG.format(value=f'"{FAKE}"'), '"Password" in plain text (line 6)'),
        ("main.go", _GO_CONFIG.format(value=f'"{FAKE}" // rotate'), '"Password" in plain text (line 6)'),
        # YAML's unquoted values are strings, with a trailing comma too, in a text with no Go marker
        ("app.yaml", f"db:\n  host: db\n  password: {FAKE}\n", '"password" in plain text (line 3)'),
        ("app.yaml", f"db:\n  password: {FAKE},\n", '"password" in plain text (line 2)'),
    ],
)
def test_a_literal_in_go_or_an_unquoted_yaml_value_is_still_reported(key: str, text: str, fragment: str) -> None:
    _assert_reported(key, text, [fragment])


# --- JavaScript object literals over several lines: name: identifier, is code, not YAML -------------

_JS_CONFIG = "{head}\n  db: {{\n    host: 'db',\n    password: {value},\n  }},\n}};\n"
_JS_HEADS = ["module.exports = {", "const config = {", "export default {", "const config: AppConfig = {", "export const config = {"]


@pytest.mark.parametrize("head", _JS_HEADS)
@pytest.mark.parametrize(
    "value",
    ["cfgPassword", "config.db.password", "getPassword()", "cfgPassword, // from the vault", "process.env.DB_PASSWORD ?? ''", "`${prefix}${key}`"],
)
def test_an_identifier_in_a_javascript_object_literal_is_not_reported(head: str, value: str) -> None:
    text = _JS_CONFIG.format(head=head, value=value).replace(",,", ",")
    assert findings(_configmap({"config.js": text}), POLICY) == []


@pytest.mark.parametrize("head", _JS_HEADS)
@pytest.mark.parametrize("value", [f"'{FAKE}'", f'"{FAKE}"', f"`{FAKE}`", f"'{FAKE}', // rotate", f"process.env.DB_PASSWORD || '{FAKE}'"])
def test_a_literal_in_a_javascript_object_literal_is_still_reported(head: str, value: str) -> None:
    text = _JS_CONFIG.format(head=head, value=value).replace(",,", ",")
    _assert_reported("config.js", text, ['"password" in plain text (line 4)'])


_CODE_SHAPED_VALUES = [
    "this.password", "cfg.password!", "secrets[key]", "secrets[0].value", "null", "undefined", "true",
    "cfgPassword || DEFAULT_PASSWORD", "cfg.password as string", "await vault.read()", "new Secret()", "fn(a, b)",
]


@pytest.mark.parametrize("head", _JS_HEADS)
@pytest.mark.parametrize("value", _CODE_SHAPED_VALUES)
def test_more_code_in_a_javascript_object_literal_is_not_reported(head: str, value: str) -> None:
    text = _JS_CONFIG.format(head=head, value=value)
    assert findings(_configmap({"config.js": text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        # an unquoted value that has no shape of code (a number, words joined by dashes) is a literal
        ("config.js", "module.exports = {\n  password: 90817263,\n};\n", '"password" in plain text (line 2)'),
        ("config.ts", "const config: Config = {\n  pin: 4711,\n  password: 90817263,\n};\n", '"password" in plain text (line 3)'),
        ("config.js", _JS_CONFIG.format(head="module.exports = {", value=f"{FAKE}, // note").replace(",,", ","), '"password" in plain text (line 4)'),
        ("config.js", f"module.exports = {{\n  password: {FAKE} , \n}};\n", '"password" in plain text (line 2)'),
        ("config.js", _JS_CONFIG.format(head="export default {", value=f"{FAKE}"), '"password" in plain text (line 4)'),
        ("main.go", _GO_CONFIG.format(value="90817263"), '"Password" in plain text (line 6)'),
        ("main.go", _GO_CONFIG.format(value=f"{FAKE} // rotate"), '"Password" in plain text (line 6)'),
    ],
)
def test_an_unquoted_value_with_no_shape_of_code_in_a_javascript_or_go_literal_is_reported(key: str, text: str, fragment: str) -> None:
    _assert_reported(key, text, [fragment])


@pytest.mark.parametrize("value", ["300", "30s", "cfgPassword", "*flagPassword", "&secret", "nil"])
def test_a_short_number_or_code_in_a_go_composite_literal_is_not_reported(value: str) -> None:
    assert findings(_configmap({"main.go": _GO_CONFIG.format(value=value)}), POLICY) == []


@pytest.mark.parametrize(
    "text",
    [
        f"db:\n  password: {FAKE},\n",  # YAML: a literal string, the comma part of it
        "db:\n  password: cfgPassword,\n",
        "export DB_HOST=db\nexport DB_PASSWORD=cfgPassword,\n",  # the shell's export is no JavaScript marker
    ],
)
def test_an_unquoted_value_with_a_comma_in_a_text_with_no_javascript_marker_is_still_reported(text: str) -> None:
    assert len(findings(_configmap({"app.yaml": text}), POLICY)) == 1


# --- a number in code on one line is a literal, judged as a config value is (short ones are measures) -

_NUMBER = "90817263"  # an obviously fake numeric password


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        # Go: a composite literal on one line, alone or among entries, and a declaration
        ("main.go", f"cfg := Config{{Password: {_NUMBER}}}\n", '"Password" in plain text (line 1)'),
        ("config.go", f'var cfg = Config{{Host: "db", Password: {_NUMBER}}}\n', '"Password" in plain text (line 1)'),
        ("main.go", f'cfg := &Config{{Password: {_NUMBER}, Host: "db"}}\n', '"Password" in plain text (line 1)'),
        ("main.go", f"package main\n\nfunc main() {{\n\tcfg := Config{{Password: {_NUMBER}}}\n\t_ = cfg\n}}\n", '"Password" in plain text (line 4)'),
        ("main.go", f'cfg := Config{{\n\tHost: "db", Password: {_NUMBER},\n}}\n', '"Password" in plain text (line 2)'),
        ("main.go", f"const Password = {_NUMBER}\n", '"Password" in plain text (line 1)'),
        ("main.go", f"var dbPassword = {_NUMBER} // rotate\n", '"dbPassword" in plain text (line 1)'),
        # a port-like number is no measure (YAML's password: 8080 is reported), nor a signed, decimal or hex one
        ("main.go", "cfg := Config{Password: 8080}\n", '"Password" in plain text (line 1)'),
        ("main.go", f"cfg := Config{{Password: -{_NUMBER}}}\n", '"Password" in plain text (line 1)'),
        ("main.go", "cfg := Config{Password: 9081.7263}\n", '"Password" in plain text (line 1)'),
        ("main.go", "cfg := Config{Password: 0xDEADBEEF}\n", '"Password" in plain text (line 1)'),
        ("main.go", "cfg := Config{Password: 0o7654321}\n", '"Password" in plain text (line 1)'),
        # JavaScript's object literal on one line
        ("config.js", f"const config = {{ password: {_NUMBER} }};\n", '"password" in plain text (line 1)'),
        # PHP: assignments, properties and define()
        ("config.php", f"<?php\n$password = {_NUMBER};\n", '"password" in plain text (line 2)'),
        ("config.php", f"<?php\n$db_password = {_NUMBER}; // ops\n", '"db_password" in plain text (line 2)'),
        ("config.php", f"<?php\n$db['default']['password'] = {_NUMBER};\n", '"password" in plain text (line 2)'),
        ("config.php", f"<?php\nclass C {{\n\tpublic $password = {_NUMBER};\n}}\n", '"password" in plain text (line 3)'),
        ("wp-config.php", f"<?php\ndefine('DB_PASSWORD', {_NUMBER});\n", '"DB_PASSWORD" in plain text (line 2)'),
        ("wp-config.php", f'<?php\ndefine( "DB_PASSWORD", {_NUMBER} );\n', '"DB_PASSWORD" in plain text (line 2)'),
        ("config.php", "<?php\n$password = 8080;\n", '"password" in plain text (line 2)'),
        ("config.php", f"<?php\n$password = -{_NUMBER};\n", '"password" in plain text (line 2)'),
        ("config.php", "<?php\n$password = 0xDEADBEEF;\n", '"password" in plain text (line 2)'),
    ],
)  # fmt: skip
def test_a_long_number_in_code_on_one_line_is_reported(key: str, text: str, fragment: str) -> None:
    """A number under a sensitive name in Go's ``Config{Password: 90817263}`` and PHP's ``$password
    = 90817263;`` was read as code, not a literal, and passed; the same number over several lines
    (Go, JavaScript) or in YAML was reported. A number is a literal, judged as a config value is."""
    obj = _configmap({key: text})
    found = findings(obj, POLICY)
    assert [f.path for f in found] == [f"/data/{key}"]
    assert fragment in found[0].message, found[0].message
    decision = decide(obj)
    shown = repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])
    assert _NUMBER not in shown and "DEADBEEF" not in shown and "9081.7263" not in shown


@pytest.mark.parametrize(
    "key, text",
    [
        # short numbers are measures (YAML's password: 123), as over several lines
        ("main.go", "cfg := Config{Password: 123, Retries: -1}\n"),
        ("main.go", f"cfg := Config{{Timeout: {_NUMBER}, MaxTokens: 4096}}\n"),
        ("main.go", "const PasswordMinLength = 12\n"),
        ("config.php", f"<?php\n$password = 123;\n$timeout = {_NUMBER};\ndefine('DB_PASSWORD', 0);\n"),
        # a number inside an expression or a call is code computing the value
        ("main.go", f"cfg := Config{{Password: {_NUMBER} + salt, Token: uint64({_NUMBER})}}\n"),
        ("config.php", f"<?php\n$password = {_NUMBER} . $suffix;\n$token = intval({_NUMBER});\n"),
        # numbers joined to letters are names (an identifier is code)
        ("main.go", "cfg := Config{Password: pw90817263}\n"),
    ],
)
def test_a_short_number_or_code_with_a_number_on_one_line_is_not_reported(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []

# --- the last entry of an object literal, with no comma after it, is read as the same entry with one --

_JS_LAST_ENTRY_LAYOUTS = [
    "{head}\n  db: {{\n    host: 'db',\n    password: {value}\n  }}\n}};\n",  # its object closes on the next line
    "{head}\n  db: {{\n    host: 'db',\n    password: {value} }},\n}};\n",  # or after it on its line
    "{head}\n  host: 'db',\n  password: {value}}};\n",
    "{head}\n  host: 'db',\n  password: {value} // from the vault\n}};\n",
]


@pytest.mark.parametrize("layout", _JS_LAST_ENTRY_LAYOUTS)
@pytest.mark.parametrize("head", ["module.exports = {", "export default {", "const config: AppConfig = {"])
@pytest.mark.parametrize("value", ["cfgPassword", "config.db.password", "getPassword()", "secrets[0].value", "cfg.a || DEFAULT_PASSWORD"])
def test_code_in_the_last_entry_of_a_javascript_object_with_no_comma_is_not_reported(layout: str, head: str, value: str) -> None:
    text = layout.format(head=head, value=value)
    assert findings(_configmap({"config.js": text}), POLICY) == []


@pytest.mark.parametrize("layout", _JS_LAST_ENTRY_LAYOUTS)
@pytest.mark.parametrize("value", [f"'{FAKE}'", f'"{FAKE}"', FAKE, "90817263", f"process.env.DB_PASSWORD || '{FAKE}'"])
def test_a_literal_in_the_last_entry_of_a_javascript_object_with_no_comma_is_still_reported(layout: str, value: str) -> None:
    text = layout.format(head="module.exports = {", value=value)
    line = text.splitlines().index(next(line for line in text.splitlines() if "password:" in line)) + 1
    _assert_reported("config.js", text, [f'"password" in plain text (line {line})'])


@pytest.mark.parametrize("value", ["cfgPassword", "*flagPassword", 'os.Getenv("DB_PASSWORD")'])
def test_code_in_the_last_entry_of_a_go_composite_literal_closed_on_its_line_is_not_reported(value: str) -> None:
    text = f"package main\n\nvar cfg = Config{{\n\tHost: host,\n\tPassword: {value}}}\n"
    assert findings(_configmap({"main.go": text}), POLICY) == []


@pytest.mark.parametrize(
    "text",
    [
        # YAML in a template literal: its comma-less lines close no object, their bare words are strings
        f"module.exports = {{\n  text: `\ndb:\n  password: {FAKE}\n`,\n}};\n",
        "module.exports = {\n  text: `\ndb:\n  password: cfgPassword\n  host: db\n`,\n};\n",
        f"package main\n\nvar cfg = Config{{\n\tHost: host,\n\tPassword: {FAKE}}}\n",
    ],
)
def test_an_unquoted_value_with_no_comma_that_closes_no_object_or_is_no_code_is_still_reported(text: str) -> None:
    assert len(findings(_configmap({"config.js": text}), POLICY)) == 1


def test_an_object_literal_entry_with_a_long_run_of_blanks_is_read_in_linear_time() -> None:
    """Entries of 60,000 characters, a run of blanks inside the value (before a comment, a comma or
    the literal's brace), are each reviewed well under a second."""
    import time

    blanks = " " * 60_000
    for value in (f"a{blanks}b,", f"a{blanks}b", f"a{blanks}b }}", f"a{blanks}b{blanks}// note", f"a,{blanks}b,"):
        text = f"module.exports = {{\n  password: {value}\n}};\n"
        start = time.process_time()
        findings(_configmap({"config.js": text}), POLICY)
        assert time.process_time() - start < 1.0, value[:8]


@pytest.mark.parametrize("entry", ["password: hunter2,", "password: hunter2", "password: s3cr3tP4ss, // rotate", "password: dbPassword"])
def test_a_bare_word_that_is_a_valid_identifier_in_a_javascript_object_is_a_variable_not_reported(entry: str) -> None:
    """An unquoted word JavaScript accepts as an identifier is a variable reference there: the file
    cannot hold it as text (it would throw a ReferenceError unless a variable of that name exists),
    so ``password: hunter2,`` is read as ``password: dbPassword,`` is (see the policy's docs page).
    The same word in YAML is a string, and reported."""
    assert findings(_configmap({"config.js": f"module.exports = {{\n  {entry}\n}};\n"}), POLICY) == []
    assert len(findings(_configmap({"app.yaml": f"db:\n  {entry.split(',')[0]}\n"}), POLICY)) == 1


_TYPESCRIPT_ASSERTED_LOOKUPS = [
    "process.env.DB_PASSWORD!", "process.env.DB_PASSWORD as string", "process.env['DB_PASSWORD']!",
    "process.env.DB_PASSWORD as string | undefined", "process.env.DB_PASSWORD! as string", "process.env.DB_PASSWORD satisfies string",
]


@pytest.mark.parametrize("layout", ["{head}\n  password: {value},\n}};\n", "{head}\n  password: {value}\n}};\n"])
@pytest.mark.parametrize("value", _TYPESCRIPT_ASSERTED_LOOKUPS)
def test_a_typescript_assertion_after_an_environment_lookup_is_not_reported(layout: str, value: str) -> None:
    """``!`` and ``as string`` assert what the lookup gives: they compute nothing of their own."""
    text = layout.format(head="const config: Config = {", value=value)
    assert findings(_configmap({"config.ts": text}), POLICY) == []


@pytest.mark.parametrize(
    "value", [f"process.env.DB_PASSWORD || '{FAKE}' as string", f"(process.env.DB_PASSWORD ?? '{FAKE}')!", f"'{FAKE}' as string"]
)
def test_a_literal_fallback_under_a_typescript_assertion_is_still_reported(value: str) -> None:
    _assert_reported("config.ts", f"const config: Config = {{\n  password: {value},\n}};\n", ['"password" in plain text (line 2)'])


# --- each sensitive entry of a hash or an array on one line is a finding of its own -----------------


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.php", f"<?php\nreturn ['password' => '{FAKE}', 'api_token' => '{FAKE}-2'];\n",
         ['"api_token" in plain text (line 2)', '"password" in plain text (line 2)']),
        ("config.php", f"<?php\n$db = array('host' => 'db', 'password' => '{FAKE}', 'secret' => '{FAKE}-2');\n",
         ['"password" in plain text (line 2)', '"secret" in plain text (line 2)']),
        # a line of an array over several lines, its first entry sensitive or not
        ("config.php", f"<?php\nreturn [\n    'password' => '{FAKE}', 'api_token' => '{FAKE}-2',\n];\n",
         ['"api_token" in plain text (line 3)', '"password" in plain text (line 3)']),
        ("config.php", f"<?php\nreturn [\n    'host' => 'db', 'password' => '{FAKE}', 'api_token' => '{FAKE}-2',\n];\n",
         ['"api_token" in plain text (line 3)', '"password" in plain text (line 3)']),
        ("config.php", f"<?php\nreturn [\n    'db' => ['password' => '{FAKE}', 'api_token' => '{FAKE}-2'],\n];\n",
         ['"api_token" in plain text (line 3)', '"password" in plain text (line 3)']),
        ("f.pl", f"my %db = (password => '{FAKE}', token => '{FAKE}-2');\n",
         ['"password" in plain text (line 1)', '"token" in plain text (line 1)']),
        ("e.go", f'var cfg = Config{{Password: "{FAKE}", APIKey: "{FAKE}-2"}}\n',
         ['"Password" in plain text (line 1)', '"APIKey" in plain text (line 1)']),
        # a reference between them is none; the same key twice on a line is said once
        ("config.php", f"<?php\nreturn ['password' => '{FAKE}', 'token' => getenv('TOKEN'), 'secret' => '{FAKE}-2'];\n",
         ['"password" in plain text (line 2)', '"secret" in plain text (line 2)']),
        ("config.php", f"<?php\nreturn ['password' => '{FAKE}', 'password' => '{FAKE}-2'];\n", ['"password" in plain text (line 2)']),
    ],
)  # fmt: skip
def test_each_sensitive_entry_on_one_line_is_reported(key: str, text: str, fragments: list[str]) -> None:
    """Only the first sensitive entry of a line was named (the object was denied all the same): each
    is a finding of its own, listed in the findings' order (by message)."""
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("app.yaml", f"db: {{user: app, password: {FAKE}, token: {FAKE}-2}}\n",
         ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        ("app.yaml", f"db: {{password: {FAKE}, token: ${{TOKEN}}, secret: {FAKE}-2}}  # the app's\n",
         ['"db.password" in plain text (line 1)', '"db.secret" in plain text (line 1)']),
        ("app.yaml", f"db: {{password: ${{PW}}, token: {FAKE}-2}}\n", ['"db.token" in plain text (line 1)']),
        ("app.yaml", f"- {{user: app, password: {FAKE}, token: {FAKE}-2}}\n",
         ['"password" in plain text (line 1)', '"token" in plain text (line 1)']),
        ("app.yaml", f"env: [{{name: DB_PASSWORD, value: {FAKE}}}, {{name: API_TOKEN, value: {FAKE}-2}}]\n",
         ['"env.DB_PASSWORD" in plain text (line 1)', '"env.API_TOKEN" in plain text (line 1)']),
        # a name/value pair is known once its mapping is read: it comes after the mapping's keys
        ("app.yaml", f"- {{name: DB_PASSWORD, value: {FAKE}, token: {FAKE}-2}}\n",
         ['"token" in plain text (line 1)', '"DB_PASSWORD" in plain text (line 1)']),
        ("app.toml", f'db = {{ user = "app", password = "{FAKE}", token = "{FAKE}-2" }}\n',
         ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        ("config.rb", f"config = {{ password: '{FAKE}', api_key: '{FAKE}-2' }}\n",
         ['"config.password" in plain text (line 1)', '"config.api_key" in plain text (line 1)']),
        ("config.rb", f"config = {{ :password => '{FAKE}', :api_key => '{FAKE}-2' }}\n",
         ['"config.password" in plain text (line 1)', '"config.api_key" in plain text (line 1)']),
        # the same key twice in a mapping, or in two mappings of a list, is said once
        ("app.yaml", f"db: {{password: {FAKE}, password: {FAKE}-2}}\n", ['"db.password" in plain text (line 1)']),
        ("app.yaml", f"dbs: [{{password: {FAKE}}}, {{password: {FAKE}-2}}]\n", ['"dbs.password" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_each_sensitive_entry_of_a_mapping_on_one_line_is_reported(key: str, text: str, fragments: list[str]) -> None:
    """A YAML flow mapping, a TOML inline table or a closed Ruby hash on one line named only its
    first sensitive entry, while the same settings one per line (or a hash over several lines) named
    each: each is a finding of its own, in the line's order, as for the entries of a hash in code."""
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "db: {user: app, port: 5432}\n",
        "db: {password: ${PW}, token: ${TOKEN}}\n",
        "db: {password: '', token: \"\"}\n",
        "- {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}\n",
        "env: [{name: LOG_LEVEL, value: info}, {name: DB_PASSWORD, value: ${PW}}]\n",
        "tolerations: [{key: dedicated-secrets, operator: Equal, value: vault}, {key: api-token, value: x, effect: NoSchedule}]\n",
    ],
)
def test_a_mapping_on_one_line_without_a_literal_secret_is_no_finding(text: str) -> None:
    assert findings(_configmap({"app.yaml": text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text",
    [
        ("config.js", "module.exports = { password: dbPassword, token: apiToken };\n"),
        ("config.js", "module.exports = { password: dbPassword, token: cfg['tok'] };\n"),
        ("config.js", "module.exports = { password: process.env.PW, token: apiToken };\n"),
        ("config.js", "module.exports = { password: config.db.password, token: await vault.read('api/token') };\n"),
        ("config.js", "module.exports = { password: getPassword(), token: tokens[0], secret: cfg.a || DEFAULT };\n"),
        ("config.ts", "export const db = { password: process.env.PW!, token: process.env.TOKEN as string };\n"),
        ("config.js", "module.exports = { password: { rotate: true }, token: dbToken };\n"),
    ],
)  # fmt: skip
def test_entries_of_an_object_on_one_line_in_code_are_judged_as_code(key: str, text: str) -> None:
    """In a text marked as JavaScript or TypeScript code, each entry of an object written on one
    line is judged as the same entry on a line of its own (``password: dbPassword,``): a variable,
    a member chain, a lookup or a call computes the value, no entry of them is a secret in plain text."""
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.js", f"module.exports = {{ password: '{FAKE}', token: \"{FAKE}-2\" }};\n",
         ['"module.exports.password" in plain text (line 1)', '"module.exports.token" in plain text (line 1)']),
        ("config.js", f"module.exports = {{ password: dbPassword, token: '{FAKE}', secret: 90817263 }};\n",
         ['"module.exports.token" in plain text (line 1)', '"module.exports.secret" in plain text (line 1)']),
        ("config.js", f"module.exports = {{ password: process.env.PW || '{FAKE}' }};\n",
         ['"module.exports.password" in plain text (line 1)']),
        # not code: a plain scalar is text in YAML
        ("app.yaml", "db: {password: dbPassword, token: apiToken}\n",
         ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_literals_of_an_object_on_one_line_in_code_are_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, text",
    [
        ("config.js", "module.exports = { password: f('a','b'), host: 'db' };\n"),
        ("config.js", "module.exports = { password: f('a', 'b', 'c'), host: 'db' };\n"),
        ("config.js", "module.exports = { password: cfg.get(['a','b']), host: 'db' };\n"),
        ("config.js", "module.exports = { password: g(f('a','b')), token: vault.read('x', {ttl: 'y'}), host: 'db' };\n"),
        ("config.js", "module.exports = { password: f('a','b') ?? g('c','d'), host: 'db' };\n"),
        ("config.js", "module.exports = {\n  db: { password: f('a','b'), host: 'db' },\n};\n"),
        ("config.ts", "module.exports = { password: f('a','b') as string, host: 'db' };\n"),
    ],
)  # fmt: skip
def test_a_call_with_several_arguments_in_an_object_on_one_line_of_code_is_code(key: str, text: str) -> None:
    """The comma between a call's arguments split an entry of an object on one line in code
    (``password: f('a','b')`` was read as ``f('a'``, judged as plain text): an entry ends at a comma
    outside quotes and outside brackets, and a call is code there as on a line of its own."""
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.js", f"module.exports = {{ password: '{FAKE},x', host: 'db' }};\n", ['"module.exports.password" in plain text (line 1)']),
        ("config.js", f"module.exports = {{ password: f('a','b'), token: '{FAKE},x' }};\n", ['"module.exports.token" in plain text (line 1)']),
        ("config.js", "module.exports = { password: f('a', 'Zq7fake-pw'), host: 'db' };\n", ['"module.exports.password" in plain text (line 1)']),
        ("config.js", f"module.exports = {{ password: f('a','b'), token: `{FAKE}` }};\n", ['"module.exports.token" in plain text (line 1)']),
        # not code: in YAML f('a' is a plain scalar, text
        ("app.yaml", "db: {password: f('a','b'), host: 'db'}\n", ['"db.password" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_literals_beside_calls_in_an_object_on_one_line_of_code_are_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text",
    [
        "config = { password: fetch_pw, host: 'db' }\n",
        "config = { password: fetch_pw }\n",
        "config = { :password => fetch_pw, :host => 'db' }\n",
        "config = { 'password' => fetch_pw, 'host' => 'db' }\n",
        "config = { password: ENV['PW'], host: 'db' }\n",
        "config = { password: ENV.fetch('PW'), host: 'db' }\n",
        "config = { password: Rails.application.credentials.db_password, host: 'db' }\n",
        "config = { password: f('a', 'b'), token: secrets[:token], host: 'db' }\n",
        "config = {\n  db: { password: fetch_pw, host: 'db' },\n}\n",
        "config = {\n  :host => 'db', :password => fetch_pw,\n}\n",
        "config = {\n  :password => fetch_pw,\n}\n",
        "config = {\n  password: fetch_pw,\n}\n",
    ],
)  # fmt: skip
def test_identifiers_and_calls_in_a_ruby_hash_are_code(text: str) -> None:
    """In a Ruby file (a ``.rb`` key) a bare identifier in a hash is a method call or a local
    variable: code computing the value, as in a JavaScript object, on one line or over several."""
    assert findings(_configmap({"config.rb": text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.rb", f"config = {{ password: '{FAKE}', host: 'db' }}\n", ['"config.password" in plain text (line 1)']),
        ("config.rb", f'config = {{ password: "{FAKE}", host: fetch_host }}\n', ['"config.password" in plain text (line 1)']),
        ("config.rb", f"config = {{ :password => '{FAKE}', :token => fetch_tok }}\n", ['"config.password" in plain text (line 1)']),
        ("config.rb", f"config = {{ password: ENV.fetch('PW', '{FAKE}') }}\n", ['"config.password" in plain text (line 1)']),
        ("config.rb", f"config = {{\n  password: fetch_pw,\n  token: '{FAKE}',\n}}\n", ['"token" in plain text (line 3)']),
        # not Ruby: HOCON's and YAML's unquoted strings are text, Logstash's and Perl's bare words too
        ("application.conf", "db = { password: fetch_pw, host: db }\n", ['"db.password" in plain text (line 1)']),
        ("app.yaml", "db: {password: fetch_pw, host: db}\n", ['"db.password" in plain text (line 1)']),
        ("logstash.conf", "output{\n  http {\n    url => 'http://x:80'\n    password => fetch_pw\n  }\n}\n", ['"password" in plain text (line 4)']),
    ],
)  # fmt: skip
def test_literals_in_a_ruby_hash_are_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text, fragments",
    [
        (f"db: {{user: app, password: {FAKE}, token: {FAKE}-2}} ;\n", ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        (f"db: {{user: app, password: {FAKE}, token: {FAKE}-2}};\n", ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        (f"db: {{user: app, password: {FAKE}, token: {FAKE}-2}} ;note\n", ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        (f"db: {{user: app, password: {FAKE}}}, # note\n", ['"db.password" in plain text (line 1)']),
        # TypeScript's assertions are no syntax of YAML: process.env.PW! is text there
        (f"db: {{user: app, password: process.env.PW!, token: {FAKE}-2}} ;\n", ['"db.password" in plain text (line 1)', '"db.token" in plain text (line 1)']),
        (f"db: {{user: app, password: process.env.PW!,\n     token: {FAKE}-2}}\n", ['"password" in plain text (line 1)', '"token" in plain text (line 2)']),
        ("db: {user: app, password: process.env.PW as string, port: 5432} x\n", ['"password" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_a_mapping_on_one_line_of_yaml_is_read_as_yaml(text: str, fragments: list[str]) -> None:
    """A YAML flow mapping followed by a ``;``, or by a comment after one, was read as code and its
    unquoted literals passed; TypeScript's assertions are read through in a text of code only."""
    _assert_reported("app.yaml", text, fragments)


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.ts", "export default { password: process.env.PW!, token: 'hunter2-example' };\n", ['"token" in plain text (line 1)']),
        ("config.ts", "export default { password: process.env.PW as string, user: app };\n", []),
        ("config.ts", "const db = { password: process.env.PW!, user: app };\n", []),
        ("config.ts", "export const db = {\n  password: process.env.PW!,\n  user: app,\n};\n", []),
    ],
)  # fmt: skip
def test_typescript_assertions_are_read_through_in_code(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "key, text",
    [
        ("config.rb", "config = { :secret_attempts => 4096 } # bits\n"),
        ("config.rb", "config = { :secret_attempts => 4096, :host => 'db' } # bits\n"),
        ("config.rb", "config = { secret_attempts: 4096 } # bits\n"),
        ("app.yaml", "db: {user: app, password: process.env.PW, token: process.env.PW} # c\n"),
        ("app.yaml", "db: {user: app, password: ${PW}, tokens: 1000} ;note\n"),
    ],
)  # fmt: skip
def test_a_comment_after_a_hash_on_one_line_is_no_part_of_its_last_value(key: str, text: str) -> None:
    """A count (``a_count``) or a lookup as the last value of a hash on one line passed alone and
    was reported with a comment after the hash: the comment was read as part of the value."""
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("config.rb", f"config = {{ :secret_attempts => 4096, :password => '{FAKE}' }} # bits\n", ['"config.password" in plain text (line 1)']),
        ("app.yaml", f"app: {{db: {{password: '{FAKE}'}}}} # c\n", ['"password" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_a_literal_in_a_hash_on_one_line_with_a_comment_is_reported(key: str, text: str, fragments: list[str]) -> None:
    _assert_reported(key, text, fragments)


@pytest.mark.parametrize(
    "text, fragments",
    [
        (f"db: {{name: ${{PW}}, value: '{FAKE}'}}\n", ['"db.value" in plain text (line 1)']),
        (f"env: [{{name: $(DB_PASSWORD), value: {FAKE}}}]\n", ['"env.value" in plain text (line 1)']),
        (f"- {{name: \"{{{{ .Values.dbPassword }}}}\", value: {FAKE}}}\n", ['"value" in plain text (line 1)']),
        (f"env:\n- name: ${{PW}}\n  value: {FAKE}\n", ['"value" in plain text (line 3)']),
        (f"env:\n- value: {FAKE}\n  name: $(API_TOKEN)\n", ['"value" in plain text (line 2)']),
        (f"db: {{name: DB_PASSWORD, value: '{FAKE}'}}\n", ['"db.DB_PASSWORD" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_a_pair_named_by_a_reference_is_named_by_its_value_key(text: str, fragments: list[str]) -> None:
    """A name/value pair whose name is a reference (``${PW}``, ``$(X)``, a template) holds a literal
    under a name that is no setting's: the message names the key that holds it, never the reference."""
    _assert_reported("app.yaml", text, fragments)


@pytest.mark.parametrize(
    "key, text, fragments",
    [
        ("app.yaml", "env:\n- name: Bearer Zq7fakeQ9\n  value: x1\n", ['"value" in plain text (line 3)']),
        ("app.yaml", f"env:\n- name: password {FAKE}\n  value: Zq7fake-pw9\n", ['"value" in plain text (line 3)']),
        ("app.yaml", f"- key: token {FAKE}\n  value: Zq7fake-pw9\n", ['"value" in plain text (line 2)']),
        ("app.yaml", f"- value: Zq7fake-pw9\n  name: password {FAKE}\n", ['"value" in plain text (line 1)']),
        ("app.yaml", f"p: {{name: password {FAKE}, value: Zq7fake-pw9}}\n", ['"p.value" in plain text (line 1)']),
        ("web.config", f'<add key="password {FAKE}" value="Zq7fake-pw9"/>', ['"value" in plain text (line 1)']),
        ("app.yaml", "env:\n- name: DB_PASSWORD\n  value: Zq7fake-pw9\n", ['"DB_PASSWORD" in plain text (line 3)']),
        ("web.config", '<add key="DbPassword" value="Zq7fake-pw9"/>', ['"DbPassword" in plain text (line 1)']),
    ],
)  # fmt: skip
def test_a_pair_named_by_words_is_named_by_its_value_key(key: str, text: str, fragments: list[str]) -> None:
    """A pair's name holding a blank is text, no variable's name, and may hold a credential itself
    (``name: Bearer <token>``): the message names the key that holds the value, never that text."""
    _assert_reported(key, text, fragments)
    assert "Zq7fake" not in repr([f.message for f in findings(_configmap({key: text}), POLICY)])





# --- key=value lines one per line are settings; a libpq connection string is written on one line ---


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"host=db\nuser=app\npassword={FAKE}\n", 3),
        (f"host=db\nuser=app\npassword={FAKE}", 3),
        (f"password={FAKE}\nhost=db\nuser=app\n", 1),
        (f"host=db\npassword = {FAKE}\nport=5432\n", 2),
        (f"dbname=shop\nuser=app\npassword='{FAKE}'\n", 3),
    ],
)
def test_lowercase_settings_one_per_line_name_the_password_setting(text: str, line: int) -> None:
    """``host=db``, ``user=app``, ``password=...`` one per line are a list of settings (a ``.env``
    file), named as ``PASSWORD=...`` lines are, in a ConfigMap and in an env var: no connection
    string, and no value shown."""
    expected = f'sets "password" in plain text (line {line})'
    for key in ("app.env", "db"):
        _assert_reported(key, text, [expected])
        assert "connection string" not in findings(_configmap({key: text}), POLICY)[0].message
    decision = decide(_env_pod("APP", text))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.message.split(". Fix:")[0] == f'container "c" env var "APP" {expected}'
    assert FAKE not in repr(decision)


@pytest.mark.parametrize(
    "text",
    [
        f"host=db user=app password={FAKE} dbname=x",
        f"host=db user=app password={FAKE} dbname=x\n",
        f"password={FAKE} host=db",
        f"host=db\tpassword={FAKE}",
        f"sslmode=require\nhost=db user=app password={FAKE}\n",
    ],
)
def test_a_libpq_connection_string_on_one_line_is_still_one(text: str) -> None:
    for key in ("app.env", "db"):
        (finding,) = findings(_configmap({key: text}), POLICY)
        assert "holds a connection string with a password in plain text" in finding.message, (key, text)
    (finding,) = findings(_env_pod("APP", text), POLICY)
    assert finding.message.startswith('container "c" env var "APP" holds a connection string with a password in plain text'), text


def test_a_libpq_password_alone_on_its_line_that_no_setting_names_is_still_reported() -> None:
    """A ``password=...`` alone on its line that the config reader names no setting (after a
    ``--`` comment mark) is still reported as the connection string it was taken for."""
    text = f"host=db\n-- password={FAKE}\n"
    (finding,) = findings(_configmap({"db": text}), POLICY)
    assert "holds settings with a password in plain text" in finding.message  # its line names no host
    (finding,) = findings(_env_pod("APP", text), POLICY)
    assert finding.message.startswith('container "c" env var "APP" holds settings with a password in plain text')


# --- an env value holding a credential and more settings: each is named ---------------------------


_DSN_KIND = "a URL with a password (user:password@host)"


@pytest.mark.parametrize(
    ("text", "problem", "parts"),
    [
        (
            f"postgres://u:{FAKE}@db/x\nAPI_TOKEN={FAKE}\n",
            f'holds {_DSN_KIND} in plain text, and sets "API_TOKEN" (line 2)',
            (_DSN_KIND, "API_TOKEN"),
        ),
        (
            f"DSN=postgres://u:{FAKE}@db/x\nLOG_LEVEL=info\nAPI_TOKEN={FAKE}\nDB_PASSWORD={FAKE}\n",
            f'holds {_DSN_KIND} in plain text, and sets "API_TOKEN" (line 3), "DB_PASSWORD" (line 4)',
            (_DSN_KIND, "API_TOKEN", "DB_PASSWORD"),
        ),
        (
            f"host=db user=app password={FAKE}\napi_token={FAKE}\n",
            'holds a connection string with a password in plain text, and sets "api_token" (line 2)',
            ("a connection string with a password", "api_token"),
        ),
        (
            f"postgres://u:{FAKE}@db/x\npostgres://v:{FAKE}@db2/y\nSECRET_KEY={FAKE}\n",
            f'holds 2 credentials in plain text: {_DSN_KIND} (x2), and sets "SECRET_KEY" (line 3)',
            (_DSN_KIND, f"{_DSN_KIND} (2)", "SECRET_KEY"),
        ),
    ],
    ids=["dsn-and-a-token", "dsn-and-two-settings", "libpq-and-a-setting", "two-dsns-and-a-key"],
)
def test_each_secret_of_an_env_value_that_holds_a_credential_is_named(text: str, problem: str, parts: tuple[str, ...]) -> None:
    """A DSN first, then ``API_TOKEN=...`` on a later line: the setting is named beside the DSN, as
    each credential on a line counts in a ConfigMap entry; all are parts (one added is new on
    UPDATE). No value is shown."""
    decision = decide(_env_pod("APP", text))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.message.split(". Fix:")[0] == f'container "c" env var "APP" {problem}'
    assert finding.parts == parts
    assert FAKE not in repr(decision)


@pytest.mark.parametrize(
    "text",
    [
        f"postgres://u:{FAKE}@db/x\nLOG_LEVEL=info\n",
        f"postgres://u:{FAKE}@db/x\nAPI_TOKEN=${{API_TOKEN}}\n",
        f"DB_URL=postgres://u:{FAKE}@db/x\n",
    ],
)
def test_an_env_value_with_a_credential_and_no_other_secret_is_said_as_before(text: str) -> None:
    (finding,) = findings(_env_pod("APP", text), POLICY)
    assert finding.message.split(". Fix:")[0] == f'container "c" env var "APP" holds {_DSN_KIND} in plain text'
    assert finding.parts == (_DSN_KIND,)


# --- a reference then literal text under a sensitive key ----------------------------------------


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("app.properties", f"db.password=${{DB_PASSWORD}}{FAKE}\n", '"db.password" in plain text (line 1)'),
        ("app.properties", f"db.password=${{db.secret}}-{FAKE}\n", '"db.password" in plain text (line 1)'),
        ("app.yaml", f"password: ${{PW}}{FAKE}\n", '"password" in plain text (line 1)'),
        ("app.yaml", f"password: ${{PW}} {FAKE}\n", '"password" in plain text (line 1)'),
        ("app.yaml", f'password: "${{PW}}{FAKE}"\n', '"password" in plain text (line 1)'),
        ("app.ini", f"[db]\npassword = ${{PW}}{FAKE}\n", '"password" in plain text (line 2)'),
        (".env", f"DB_PASSWORD=${{PW}}{FAKE}\n", '"DB_PASSWORD" in plain text (line 1)'),
        ("app.env", f"export DB_PASSWORD=${{A}}_${{B}}{FAKE}\n", '"DB_PASSWORD" in plain text (line 1)'),
    ],
)
def test_a_reference_followed_by_literal_text_is_reported(key: str, text: str, fragment: str) -> None:
    """The literal after a leading ``${NAME}`` was not read (the same literal before it was, and an
    env var's either way): the value is judged whole, as an env var's is."""
    _assert_reported(key, text, [fragment])


@pytest.mark.parametrize(
    "value",
    [
        "${PW}", "${PW},", "${PW};", '"${PW}"', "'${PW}'", "${A}${B}", "${A}_${B}", "${A}:${B}", "${PW:-}", "${db.password}",
        "$(cat /run/secrets/pw)", "${PW}$(cat /run/secrets/pw)", "${PW}`cat /run/secrets/pw`", "${{ secrets.DB_PASSWORD }}",
        "${var.db_password}", '${file("/run/secrets/x")}', "${A}${B:-}", "${SECRETS_DIR}/db-password", "${PW}$SUFFIX",
    ],
)
@pytest.mark.parametrize("key, template", [("app.properties", "db.password={}\n"), ("app.yaml", "password: {}\n"), (".env", "DB_PASSWORD={}\n")])
def test_references_and_commands_under_a_sensitive_key_are_still_not_reported(key: str, template: str, value: str) -> None:
    assert findings(_configmap({key: template.format(value)}), POLICY) == []


@pytest.mark.parametrize(
    "text",
    ["password: ${PW} # from the pod\n", "password: \"${PW}\" # from the pod\n", "[db]\npassword = ${PW} ; from the pod\n",
     "DB_PASSWORD=${PW} # from the pod\n"],
)  # fmt: skip
def test_a_comment_after_a_reference_is_no_literal(text: str) -> None:
    assert findings(_configmap({"app.conf": text}), POLICY) == []


# --- a shell assignment before a command: its value ends with its word -------------------------


@pytest.mark.parametrize(
    "key, text",
    [
        ("run.sh", "#!/bin/sh\nPGPASSWORD=${DB_PASSWORD} psql -h db\n"),
        ("run.sh", '#!/bin/sh\nDB_PASSWORD="${DB_PASSWORD}" exec ./app\n'),
        ("run.sh", "#!/bin/sh\nDB_PASSWORD='${DB_PASSWORD}' exec ./app\n"),
        ("app.env", 'DB_PASSWORD="${A}${B}" ./app\n'),
        ("entrypoint", "PGPASSWORD=${DB_PASSWORD} psql -h db -U app\n"),
        ("db.conf", "PGPASSWORD=${DB_PASSWORD} psql -h db\n"),
        ("entrypoint", "export PGPASSWORD=${DB_PASSWORD} && psql -h db\n"),
        ("run.sh", "PGPASSWORD=${DB_PASSWORD} PGUSER=app psql -h db\n"),
        ("app.yaml", 'password: "${PW}" hunter2-example\n'),
        ("app.properties", 'db.password="${A}${B}" ./app\n'),
    ],
)
def test_a_reference_assigned_before_a_command_is_not_reported(key: str, text: str) -> None:
    """From 1.25.69 the whole rest of the line was the value (``${DB_PASSWORD} psql -h db``), and
    the command after the reference was read as literal text: the shell assigns one word, and a
    quoted value ends at its closing quote."""
    assert findings(_configmap({key: text}), POLICY) == []


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("run.sh", f"#!/bin/sh\nPGPASSWORD={FAKE} psql -h db\n", '"PGPASSWORD" in plain text (line 2)'),
        ("run.sh", f'#!/bin/sh\nPGPASSWORD="{FAKE}" psql -h db\n', '"PGPASSWORD" in plain text (line 2)'),
        ("run.sh", f"PGPASSWORD=${{DB_PASSWORD}}{FAKE} psql -h db\n", '"PGPASSWORD" in plain text (line 1)'),
        ("run.sh", f'PGPASSWORD="${{DB_PASSWORD}}{FAKE}" psql -h db\n', '"PGPASSWORD" in plain text (line 1)'),
        ("app.env", f"export DB_PASSWORD=${{PW}}{FAKE} ./app\n", '"DB_PASSWORD" in plain text (line 1)'),
        ("app.yaml", f'password: "${{PW}}{FAKE}" # from the pod\n', '"password" in plain text (line 1)'),
        ("app.yaml", f"db:\n  password: ${{PW}} {FAKE}\n", '"password" in plain text (line 2)'),
        ("app.properties", f"db.password=${{DB_PASSWORD}} {FAKE}\n", '"db.password" in plain text (line 1)'),
    ],
)
def test_a_literal_in_an_assignment_before_a_command_is_still_reported(key: str, text: str, fragment: str) -> None:
    _assert_reported(key, text, [fragment])


@pytest.mark.parametrize("value", ["${db.secret}/db-password", "${app.secrets-dir}/db/password", "${var.dir}/pw/"])
def test_a_dotted_reference_then_a_path_is_a_path(value: str) -> None:
    """``${NAME}/db-password`` was a path and ``${a.b}/db-password`` a literal."""
    assert findings(_configmap({"app.yaml": f"password: {value}\n"}), POLICY) == []


# --- Go declarations with a type or several names, alone or in a var ( ... ) block -----------------


@pytest.mark.parametrize("key", ["main.go", "config.go"])
@pytest.mark.parametrize(
    "body, line, names",
    [
        (f'var Password string = "{FAKE}"', 3, ["Password"]),
        (f'const Password string = "{FAKE}"', 3, ["Password"]),
        (f'var Password string = "{FAKE}" // rotate', 3, ["Password"]),
        (f"var Password string = `{FAKE}`", 3, ["Password"]),
        ("var Password int = 90817263", 3, ["Password"]),
        (f'var Password config.Secret = "{FAKE}"', 3, ["Password"]),
        (f'const Password Secret = "{FAKE}"', 3, ["Password"]),
        # several names: the sensitive one is named, each sensitive one a finding of its own
        (f'var dbPassword, dbUser = "{FAKE}", "app"', 3, ["dbPassword"]),
        (f'var dbUser, dbPassword = "app", "{FAKE}"', 3, ["dbPassword"]),
        (f'var dbPassword, dbUser string = "{FAKE}", "app"', 3, ["dbPassword"]),
        (f'var dbPassword, apiToken = "{FAKE}", "{FAKE}"', 3, ["dbPassword", "apiToken"]),
        (f'var dbUser, dbPassword = fmt.Sprint("a", "b"), "{FAKE}"', 3, ["dbPassword"]),
        # a var ( ... ) or const ( ... ) block over several lines, whose lines have no keyword
        (f'var (\n\tPassword string = "{FAKE}"\n\tUser = "app"\n)', 4, ["Password"]),
        (f'var (\n\tdbUser, dbPassword = "app", "{FAKE}"\n)', 4, ["dbPassword"]),
        (f'const (\n\tHost = "db"\n\tAPIToken string = "{FAKE}"\n)', 5, ["APIToken"]),
        # an assignment of several names in a function
        (f'func main() {{\n\tdbUser, dbPassword = "app", "{FAKE}"\n}}', 4, ["dbPassword"]),
        (f'func main() {{\n\tdbUser, dbPassword := "app", "{FAKE}"\n}}', 4, ["dbPassword"]),
    ],
)  # fmt: skip
def test_a_go_declaration_with_a_type_or_several_names_is_reported(key: str, body: str, line: int, names: list[str]) -> None:
    """``var Password = "..."`` was reported, ``var Password string = "..."`` and ``var dbPassword,
    dbUser = "...", "app"`` were not: a type or a second name hid the literal."""
    text = f"package main\n\n{body}\n"
    _assert_reported(key, text, [f'"{name}" in plain text (line {line})' for name in names])
    assert not any("dbUser" in f.message or "const " in f.message for f in findings(_configmap({key: text}), POLICY))


@pytest.mark.parametrize(
    "body",
    [
        "var Password string",
        "var Password, User string",
        'var Password = os.Getenv("PW")',
        'var Password string = os.Getenv("PW")',
        'var dbPassword, dbUser = os.Getenv("PW"), "app"',
        "var dbUser, dbPassword = credentials()",
        "func main() {\n\tdbUser, dbPassword := credentials()\n\tfor i, password := range passwords {\n\t}\n}",
        "var PasswordMinLength int = 12",
        'var Password string = ""',
        'var Password []byte = []byte(os.Getenv("PW"))',
        "var Password string = defaultPassword",
        "var Password *string = nil",
        "var Tokens int = 1000",
        'var (\n\tPassword string\n\tUser = "app"\n)',
        'var (\n\tPassword string = os.Getenv("PW")\n)',
    ],
)
def test_a_go_declaration_without_a_literal_is_not_reported(body: str) -> None:
    assert findings(_configmap({"main.go": f"package main\n\n{body}\n"}), POLICY) == []


def test_a_spaced_ini_key_is_no_go_declaration() -> None:
    """Outside Go, ``password server = "..."`` is smb.conf's key with spaces, naming a server."""
    assert findings(_configmap({"smb.conf": '[global]\npassword server = "dc1.example"\n'}), POLICY) == []
