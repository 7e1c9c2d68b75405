"""disallow-plaintext-secrets: values written where a secret goes that hold none in plain text: a
placeholder a deployment tool fills in (Azure DevOps, Octopus, Maven, Symfony, ARM templates,
GitHub Actions, Grafana), a ciphertext (SOPS, Jasypt, Spring Cloud Config, Mule, Vault transit,
Ansible Vault, age, PGP) or a password verifier (bcrypt, argon2, {SSHA}, htpasswd lines). Each is
judged in every place the check reads: an env value, a flag's value, a ConfigMap key and the
settings of config files. Dummy words and encoded literals stay reported."""

from __future__ import annotations

import json
from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, only, pod, reported_once

from webhook.checks.secrets.values import credential_kind, credential_kinds, is_lone_password_setting

POLICY = "disallow-plaintext-secrets"

NOT_PLAIN_TEXT = [
    # placeholders filled in at deploy time
    "#{DbPassword}#",  # Azure DevOps replace tokens
    "#{Octopus.Action.Package.DbPassword}",  # Octopus
    "#{environment['DB_PASSWORD']}",  # Spring's SpEL
    "__DbPassword__",  # replace tokens
    "@@DB_PASSWORD@@",
    "@db.password@",  # Maven resource filtering
    "%DB_PASSWORD%",
    "%%DB_PASSWORD%%",  # doubled, as templating tools and batch files write it
    "%env(DB_PASSWORD)%",  # Symfony
    "%{env:DB_PASSWORD}",
    "env(DB_PASSWORD)",
    "[[ .DbPassword ]]",  # Nomad, Levant
    "[parameters('adminPassword')]",  # ARM templates
    "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'clinic'), '2023-01-01').keys[0].value]",
    "${{ secrets.DB_PASSWORD }}",  # GitHub Actions
    "$__file{/run/secrets/db_password}",  # Grafana
    "{env:DB_PASSWORD}",
    "${spring.datasource.password}",  # Spring, Maven, Terraform: dotted names
    "$(Db.Password)",  # Azure Pipelines
    "{ES_PASSWORD}",  # a name in braces: fluent-bit-style configs, str.format, .NET templates
    "{db_password}",
    "{dbPassword}",
    "{DbPassword}",  # PascalCase, as .NET templates write it
    "{0}",
    "%DbPassword%",  # Windows and Octopus-style names in mixed case, like %DB_PASSWORD%
    "%dbPassword%",
    "%db_password%",
    "%%DbPassword%%",
    "{{{ es_password }}}",  # Mustache, Handlebars
    "@{vault:es_password}",  # Telegraf's secret stores
    # ciphertexts, decrypted with a key kept elsewhere
    "ENC[AES256_GCM,data:Tr7o1Q==,iv:1T8xPg==,tag:8uNTEg==,type:str]",  # SOPS
    "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)",  # Jasypt
    "{cipher}682bc583f4641835fa2db009355293665d2647dade3375c0ee201de2a49f7bda",  # Spring Cloud Config
    "![r8weir1TrMy+Bv6ny2Q9Bg==]",  # Mule
    "vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==",  # Vault transit
    # password verifiers: a salted hash, not the password
    "$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
    "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
    "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g5Y3Vo",
    "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG",
    "pbkdf2_sha256$600000$c2FsdHNhbHQ$Yq4Yc9j1Kq8bTn0Yb6m3Zl0w2X5aJ1Qv9Ue7Rr3Ts0M=",
    "admin:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/",  # an htpasswd line
]

STILL_PLAIN_TEXT = [
    FAKE,
    "changeme",  # a dummy word becomes the password everyone knows
    "REPLACE_ME",
    "xxx1",  # a mask with one character more (``xxx`` alone is masked out: test_secrets_masked_values)
    "{noop}" + FAKE,  # Spring's {noop}: the password as written
    "__" + FAKE,  # no closing __: not a replace token
    "#" + FAKE,
    "${DB_PASSWORD-" + FAKE + "}",  # the shell's default when unset: a literal
    "${DB_PASSWORD=" + FAKE + "}",
    # shaped like a ciphertext or a hash, but not one: each needs its real shape
    "ENC(hunter2)",
    "{cipher}hunter2",
    "vault:v1:hunter2",
    "{SSHA}MySecretPassword123",
    "admin:{SHA}Summer2024Summer2024",
    "%Passw0rd%",
    # digits glued to letters make a literal, not a name, in braces as in percent signs (in braces an
    # upper snake name of a secret with digits, {DB2_PASSWORD}, is a template's: test_secrets_braced_names_with_digits)
    "{hunter2}",
    "{PASSWORD1}",
    "{X2_HOST}",
    "%DB2_PASSWORD%",
]


def places(value: str) -> list[dict[str, Any]]:
    """The same value under a sensitive name in each place the check reads."""
    return [
        pod([container(env=[{"name": "DB_PASSWORD", "value": value}])]),
        pod([container(args=[f"--db-password={value}"])]),
        configmap({"DB_PASSWORD": value}),
        configmap({"app.properties": f"db.url=jdbc:postgresql://db/app\ndb.password={value}\n"}),
        configmap({"app.yaml": "db:\n  user: app\n  password: " + json.dumps(value) + "\n"}),
        configmap({"app.json": json.dumps({"db": {"user": "app", "password": value}}, indent=2)}),
        configmap({"app.ini": f"[database]\nuser = app\npassword = {value}\n"}),
    ]


PLACES = ["env value", "flag value", "ConfigMap key", ".properties", "YAML", "JSON", "INI"]


@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_name_in_braces_is_a_placeholder_but_a_literal_in_braces_is_reported(place: int) -> None:
    # digits glued to letters (hunter2, Passw0rd), or a dash then more, is no placeholder's name;
    # in a .properties or INI file a value in braces is a string (no inline tables there)
    assert findings(places("{DB_PASSWORD}")[place], POLICY) == []
    for literal in ("{Passw0rd}", "{" + FAKE + "}", "{hunter2-example}", "{db-password}"):
        assert len(findings(places(literal)[place], POLICY)) == 1


@pytest.mark.parametrize("value", NOT_PLAIN_TEXT)
@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_placeholder_ciphertext_or_verifier_is_not_reported(value: str, place: int) -> None:
    assert findings(places(value)[place], POLICY) == []


@pytest.mark.parametrize("value", STILL_PLAIN_TEXT)
@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_dummy_words_and_lookalikes_are_still_reported(value: str, place: int) -> None:
    assert len(findings(places(value)[place], POLICY)) == 1


@pytest.mark.parametrize(
    "dsn",
    [
        "postgres://app:#{DbPassword}#@db:5432/orders",
        "postgres://app:__DbPassword__@db:5432/orders",
        "postgres://app:%DB_PASSWORD%@db:5432/orders",
        "postgres://app:%(password)s@db:5432/orders",  # Python's %-interpolation
        "postgres://app:ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)@db:5432/orders",
        "redis://:[parameters('redisKey')]@cache:6379",
        "amqp://app:${rabbit.password}@mq:5672",
        "Server=db;User Id=app;Password=#{DbPassword}#;",
        "postgres://app:%%DB_PASSWORD%%@db:5432/orders",
        "postgres://app:[PASSWORD]@db:5432/orders",  # documentation placeholders in brackets
        "app:[password]@db:5432/orders",
        "mysql://app:[YourPassword]@db:3306/orders",
    ],
)
def test_a_dsn_whose_password_is_a_placeholder_is_not_reported(dsn: str) -> None:
    assert findings(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY) == []


@pytest.mark.parametrize(
    "dsn",
    [
        "postgres://app:{DB_PASSWORD}@db:5432/orders",
        "app:{db_password}@db:5432/orders",
        "redis://:{{{ redis_password }}}@cache:6379",
        "postgres://app:${DB_PASSWORD:?required}@db:5432/orders",  # the shell's error when unset
        "postgres://app:{env:DB_PASSWORD}@db:5432/orders",
        "postgres://app:${sys:db.password}@db:5432/orders",  # a Log4j lookup
    ],
)
def test_a_dsn_whose_password_is_in_braces_is_not_reported(dsn: str) -> None:
    assert findings(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY) == []


def test_a_percent_encoded_password_in_a_dsn_is_reported() -> None:
    # %21 is "!": an encoded literal, not a %NAME% placeholder
    dsn = f"postgres://app:%21{FAKE}%23@db:5432/orders"
    finding = reported_once(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY, "holds a URL with a password")
    assert finding.path == "/spec/containers/0/env/0/value"


def test_ansible_vault_and_armoured_ciphertexts_are_not_reported() -> None:
    vaulted = "$ANSIBLE_VAULT;1.1;AES256\n62313365396662343061393464336163383764373764613633653634306231386433626436623361\n"
    age = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBiWVZ3\n-----END AGE ENCRYPTED FILE-----\n"
    pgp = "-----BEGIN PGP MESSAGE-----\n\nhQEMA8lEzG5Q2cJ+AQf/Yv3b\n-----END PGP MESSAGE-----\n"
    group_vars = "db_user: app\ndb_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539666234\n"
    for value in (vaulted, age, pgp):
        assert findings(pod([container(env=[{"name": "DB_PASSWORD", "value": value}])]), POLICY) == []
        assert findings(configmap({"DB_PASSWORD": value}), POLICY) == []
    assert findings(configmap({"group_vars.yaml": group_vars}), POLICY) == []
    for value in (vaulted + FAKE, pgp + FAKE):  # plain text after the ciphertext
        assert len(findings(pod([container(env=[{"name": "DB_PASSWORD", "value": value}])]), POLICY)) == 1


@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_dollar_literal_shaped_like_a_hash_is_reported(place: int) -> None:
    # $6 then $Summer...: no shell variable, no crypt(3) hash (too short), in every place
    assert len(findings(places("$6$Summer2024Summer2024")[place], POLICY)) == 1


DOLLAR_LITERALS = ["$3cr3t", "$ecret!", "$ecret-Pw!x", "$Pw#2024", "$$3cr3t"]
"""Literals that start with ``$`` and hold what no variable name can: not references."""
DOLLAR_REFERENCES = ["$DB_PASS", "${DB_PASS}", "$(DB_PASS)", "$DB_USER:$DB_PASS", "${A}!", "$1", "$HOME/.pgpass", "${SECRETS}/db"]
"""References (a shell's or envsubst's, a positional parameter) and paths under a variable."""


@pytest.mark.parametrize("value", DOLLAR_LITERALS)
@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_literal_starting_with_a_dollar_is_reported(value: str, place: int) -> None:
    obj = places(value)[place]
    assert len(findings(obj, POLICY)) == 1
    assert value.strip("$") not in everything_shown(decide(obj, only(POLICY)))


@pytest.mark.parametrize("value", DOLLAR_REFERENCES)
@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_dollar_reference_or_a_path_under_a_variable_is_not_reported(value: str, place: int) -> None:
    assert findings(places(value)[place], POLICY) == []


@pytest.mark.parametrize("secret", ["$3cr3t", "$ecret!"])
def test_a_dsn_whose_password_starts_with_a_dollar_is_reported(secret: str) -> None:
    dsn = f"postgres://app:{secret}@db:5432/orders"
    reported_once(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY, "holds a URL with a password")
    for reference in ("$DB_PASS", "${DB_PASS}", "$(DB_PASS)"):
        dsn = f"app:{reference}@db:5432/orders"
        assert findings(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY) == []


@pytest.mark.parametrize("value", ["${DB_PASSWORD-}", "${app.db-password}", "${DB_PASSWORD-$(cat /run/secrets/db)}"])
def test_references_with_a_dash_are_not_reported(value: str) -> None:
    assert findings(pod([container(env=[{"name": "DB_PASSWORD", "value": value}])]), POLICY) == []


@pytest.mark.parametrize("place", range(len(PLACES)), ids=PLACES)
def test_a_bracketed_placeholder_that_names_the_secret_is_not_reported(place: int) -> None:
    # like <PASSWORD>: a name to fill in, in one case or title case, without digits
    for value in ("[PASSWORD]", "[db_password]", "[your api key]", "[YourPassword]"):
        assert findings(places(value)[place], POLICY) == [], value
    # a dummy word or a literal in brackets is still a password
    for value in ("[REDACTED]", "[Passw0rd]", "[" + FAKE + "]"):
        assert len(findings(places(value)[place], POLICY)) == 1, value


ENVIRONMENT_READS = [
    # code or config that reads its password from the environment (a name, no secret), and a
    # literal next to it that is still reported
    ("password = ENV['DB_PASSWORD']", f'password = "{FAKE}"'),  # Ruby
    ('password = os.Getenv("DB_PASSWORD")', f"postgres://app:{FAKE}@db/x"),  # Go
    ("password = process.env.DB_PASSWORD // from the pod", f"password = process.env.DB_PASSWORD || '{FAKE}'"),  # JavaScript
    ('password = os.environ.get("DB_PASSWORD")', f"password = os.getenv('DB_PASSWORD', '{FAKE}')"),  # Python
    ('password = System.getenv("DB_PASSWORD");', f"password = ENV['DB_PASSWORD'] + '{FAKE}'"),  # Java
    ('Password = Environment.GetEnvironmentVariable("DB_PASSWORD");', f"Server=db;Password=ENV['DB_PASSWORD']{FAKE};"),  # C#
    ("password = process.env.DB_PASSWORD || process.env.PGPASSWORD", f"password = '{FAKE}' // from the pod"),
]


def _env_and_arg(value: str) -> list[dict[str, Any]]:
    return [pod([container(env=[{"name": "APP_CONFIG", "value": value}])]), pod([container(args=[value])])]


@pytest.mark.parametrize(("read", "literal"), ENVIRONMENT_READS)
@pytest.mark.parametrize("place", [0, 1], ids=["env value", "arg"])
def test_a_connection_string_password_that_reads_the_environment_is_not_reported(read: str, literal: str, place: int) -> None:
    assert findings(_env_and_arg(read)[place], POLICY) == []
    kind = "holds a URL with a password" if literal.startswith("postgres") else "holds a connection string with a password"
    if is_lone_password_setting(literal):  # password = ... alone in an env value or an argument: a setting
        kind = 'sets "password"'
    reported_once(_env_and_arg(literal)[place], POLICY, kind)


def test_a_libpq_password_that_reads_the_environment_is_not_reported() -> None:
    env = [{"name": "PG_DSN", "value": "host=db user=app password=os.getenv('PGPASSWORD')"}]
    assert findings(pod([container(env=env)]), POLICY) == []
    env = [{"name": "PG_DSN", "value": f"host=db user=app password={FAKE}"}]
    reported_once(pod([container(env=env)]), POLICY, "holds a connection string with a password")


def test_only_literal_connection_string_passwords_are_counted() -> None:
    # an environment read next to a literal: one credential, not two
    assert credential_kinds(f"password = ENV['DB_PASSWORD']; password = '{FAKE}'") == ["settings with a password"]  # no host entry
    assert credential_kinds(f"host=db password=os.getenv('PGPASSWORD')\nhost=db password={FAKE}") == ["a connection string with a password"]
    assert credential_kinds("password = ENV['DB_PASSWORD']; password = process.env.PGPASSWORD") == []
    assert credential_kind("Password=ENV['DB_PASSWORD'];") is None
    # a fallback far after the read (past what is read of one entry) is not taken for part of a read
    assert credential_kind("password = ENV['DB_PASSWORD']" + " " * 2000 + f"|| '{FAKE}'") == "settings with a password"
