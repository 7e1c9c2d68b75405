"""disallow-plaintext-secrets: sensitive names with literal values, credential-looking values,
ConfigMaps; and no message, path or warning ever contains the value."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest
from check_helpers import FAKE, POLICIES, compliant, container, decide, everything_shown, findings, pod, reported_once, template_kind, workload

from webhook.admission import to_response
from webhook.checks.base import counted
from webhook.checks.secrets.names import name_is_sensitive
from webhook.checks.secrets.values import credential_kind
from webhook.config import parse_cluster_config
from webhook.errors import ConfigError

POLICY = "disallow-plaintext-secrets"
FAKE_JWT = (
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJGQUtFLW5vdC1hLXJlYWwtdXNlciJ9.RkFLRS1ub3QtYS1zaWduYXR1cmU"
)
FAKE_PEM = "-----BEGIN PRIVATE KEY-----\nFAKE-not-a-real-key\n-----END PRIVATE KEY-----\n"
FAKE_NPM = "npm_FAKEnotARealTokenFAKEnotARealToken00"
CREDENTIAL_VALUES = {
    "url": f"postgres://orders:{FAKE}@db:5432/orders",
    "url-no-user": f"redis://:{FAKE}@redis:6379/0",
    "go-mysql": f"orders:{FAKE}@tcp(mysql:3306)/orders?parseTime=true",
    "mysql-cli": f"orders:{FAKE}@mysql:3306/orders",
    "dsn-at-in-password": f"orders:p@{FAKE}@mysql:3306/orders",  # an unencoded @ in the password
    "dsn-ipv6-host": f"orders:{FAKE}@[fd00::5]:5432/orders",
    "ado-net": f"Server=sql;Database=orders;User Id=orders;Password={FAKE};",
    "pem": FAKE_PEM,
    "pem-three-dashes": "---BEGIN OPENSSH PRIVATE KEY---\nFAKE\n---END OPENSSH PRIVATE KEY---",
    "aws": "AKIAIOSFODNN7EXAMPLE",
    "jwt": FAKE_JWT,
    "bearer": "Bearer FAKE-not-a-real-bearer-token",
    "github": "ghp_FAKEnotARealTokenFAKEnotARealToken0000",
    "gitlab": "glpat-FAKEnotARealToken00000",
    "slack": "xoxb-FAKE-not-a-real-token",
    "npmrc-line": f"//registry.npmjs.org/:_authToken={FAKE_NPM}",
    "jdbc-query": f"jdbc:postgresql://db:5432/app?user=app&password={FAKE}",
    "jdbc-query-first": f"jdbc:mysql://db:3306/app?password={FAKE}&useSSL=true",
    "jdbc-sqlserver": f"jdbc:sqlserver://db:1433;databaseName=app;user=app;password={FAKE}",
    "libpq": f"host=db user=app password={FAKE} dbname=app",
    "libpq-quoted": f"host=db port=5432 password='{FAKE}' sslmode=require",
    "path-with-query": f"/var/run/app?password={FAKE}",
    "oracle-ezconnect": f"scott/{FAKE}@db.example:1521/ORCLPDB1",
    "oracle-jdbc-thin": f"jdbc:oracle:thin:scott/{FAKE}@//db.example:1521/ORCLPDB1",
    "oracle-sid": f"scott/{FAKE}@db:1521:ORCL",
    "stripe-test": "sk_test_FAKEnotARealKey000000",
    "openai-project": "sk-proj-FAKEnotARealKey-0000000000000",
    "openai-legacy": "sk-FAKEnotARealKey00000T3BlbkFJFAKEnotARealKey00000",
    "anthropic": "sk-ant-api03-FAKEnotARealKey-000000000000",
    "hugging-face": "hf_FAKEnotARealTokenFAKEnotARealToken",
    "sonarqube": "squ_" + "0f" * 20,
    "pypi": "pypi-AgEIcHlwaS5vcmc" + "FAKEnotARealToken0" * 4,
    "vault": "hvs.FAKEnotARealVaultToken000000",
    "digitalocean": "dop_v1_" + "0f" * 32,
    "shopify": "shpat_" + "0f" * 16,
    "google-oauth": "ya29.FAKE-not-a-real-access-token",
    "telegram": "123456789:AAFAKEnotARealBotTokenFAKEnotARealx",
    "teams-webhook": "https://example.webhook.office.com/webhookb2/0000-fake@0000-fake/IncomingWebhook/FAKEnotARealWebhookToken00000000/0000-fake",
    "mysql-identified-by": "CREATE USER 'app'@'%' IDENTIFIED BY 'FAKE-not-a-real-password';",
    "mysql-identified-with": "ALTER USER root@localhost IDENTIFIED WITH caching_sha2_password BY 'FAKE-not-a-real-password'",
    "postgres-role-password": "CREATE ROLE app WITH LOGIN ENCRYPTED PASSWORD 'FAKE-not-a-real-password';",
    "mongo-create-user": 'db.createUser({user: "root", pwd: "FAKE-not-a-real-password", roles: ["root"]})',
    "basic-auth-header": "Authorization: Basic dXNlcjpGQUtFLW5vdC1hLXJlYWwtcGFzc3dvcmQ=",
    "basic-auth-lowercase-start": "Basic dmF1bHQ6RkFLRS1ub3QtYS1yZWFs",
    # the words of an IAM member type as a DSN's user, where the host is no e-mail domain
    "dsn-user-named-user": f"user:{FAKE}@db:5432/app",
    "dsn-user-named-user-bare-host": f"user:{FAKE}@db",
    "dsn-service-account-with-port": f"serviceAccount:{FAKE}@db.example.com:3306",
}
HARMLESS_VALUES = [
    "postgres://orders@db:5432/orders",
    "postgres://orders:$(DB_PASSWORD)@db:5432/orders",
    "https://api.example.com:8443/v1",
    "registry.example/app:1.0@sha256:0123456789abcdef",
    "git@github.com:example/repo.git",
    "alice@example.com",
    "info",
    "8080",
    "Server=sql;Database=orders;Integrated Security=true",
    "jdbc:postgresql://db:5432/app?user=app&password=$(DB_PASSWORD)",
    "jdbc:postgresql://db:5432/app?user=app&passwordFile=/run/secrets/db",
    "host=db user=app password=$(PGPASSWORD) dbname=app",
    "host=db user=app password='${PGPASSWORD}' dbname=app",
    "host=db user=app dbname=app sslmode=verify-full",
    "https://app.example.com/reset?password_reset=1&next=/",
    "github.com/example/module@v1.2.3",
    "static/img/logo@2x.png",
    "docs/team@example.com",
    "scott/$(ORACLE_PASSWORD)@db:1521/ORCL",
    "sk-learn",
    "hf_transfer",
    "squ_tag",
    "pypi-simple",
    "12:30",
    "https://example.webhook.office.com/webhookb2/",
    # database statements with a reference, a verifier or no password
    "CREATE USER app WITH PASSWORD '${APP_DB_PASSWORD}';",
    "CREATE USER 'app'@'%' IDENTIFIED BY '$MYSQL_PASSWORD';",
    "CREATE USER app IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567';",
    "CREATE ROLE app LOGIN PASSWORD 'md50123456789abcdef0123456789abcdef';",
    "ALTER USER app PASSWORD :'app_password';",
    'db.createUser({user: "root", pwd: passwordPrompt(), roles: ["root"]})',
    "GRANT ALL PRIVILEGES ON shop.* TO 'app'@'%';",
    "the user must change the password 'soon'",
    # prose about Basic authentication: a word, not base64 (lowercase after its first letter)
    "Basic authentication is required",
    "# Basic declarations are represented by TypeDecl",
    "use HTTP Basic Authentication over TLS",
    "Basic realmconfiguration",
    # Google Cloud IAM members: a member type, then an e-mail address (no password before the @)
    "user:alice@example.com",
    "serviceAccount:my-app@my-project.iam.gserviceaccount.com",
    "group:admins@example.com,user:bob@example.com",
    "deleted:user:carol@example.com?uid=123456789012345678901",
    "members: [user:alice@example.com, group:ops@example.com]",
]
SENSITIVE_NAMES = [
    "DB_PASSWORD", "dbPassword", "db-password", "db.password", "DBPASSWORD", "DbPassword", "db_pass",
    "MYSQL_PWD", "passwd", "PASSPHRASE", "apiKey", "API_KEY", "api-key", "X-API-KEY", "ApiKey", "APIKey",
    "PRIVATE_KEY", "privateKey", "AWS_SECRET_ACCESS_KEY", "awsSecretAccessKey", "client_secret",
    "clientSecret", "GITHUB_TOKEN", "accessToken", "refresh-token", "CREDENTIALS", "gcpCredentials",
    "SIGNING_KEY", "ENCRYPTION_KEY", "SESSION_KEY", "bearer", "OAUTH_CLIENT_SECRET", "AZURE_STORAGE_ACCESS_KEY",
    "VAULT_SECRET_ID", "API_TOKENS", "SECRET", "secret_key", "CLIENTSECRET", "SECRETARY_PASSWORD",
    "PASSWORDLESS_LOGIN_TOKEN", "ADMIN_PASSWORD_HASH", "TOKEN_SECRET", "REDIS_PASS", "TOTAL_SECRET",
    "AZURE_BATCH_KEY", "AZURE_STORAGE_KEY", "azureStorageAccountKey", "STORAGE_ACCOUNT_KEY", "OCI_CLI_KEY_CONTENT", "AZURE_KEY",
    "STORAGE_KEY", "MINIO_STORAGE_KEY", "SERVICE_KEY", "serviceKey", "DB_KEY", "DATABASE_KEY", "PRIV_KEY", "HMAC_KEY", "JWT_KEY",
    "APP_KEY", "appKey", "DD_APP_KEY", "DATADOG_APP_KEY", "RABBITMQ_ERLANG_COOKIE", "ERLANG_COOKIE",
    "dbpass", "DBPASS", "ADMINPASS", "smtppwd", "ROOTPASS", "ldap_bindpass", "MYSQLPWD",
    "AUTH_SALT", "WORDPRESS_NONCE_SALT", "NONCE_KEY", "LOGGED_IN_KEY", "AIRFLOW__CORE__FERNET_KEY", "SecurityKey",
    "AES_KEY", "ENC_KEY", "ALGOLIA_ADMIN_KEY", "HASHIDS_SALT",
    "SONAR_WEB_SYSTEMPASSCODE", "AWS_SECRET_KEY", "clientSecretKey",
]  # fmt: skip
NEUTRAL_NAMES = [
    "DB_HOST", "LOG_LEVEL", "SECRET_NAME", "PASSWORD_FILE", "passwordPath", "TOKEN_TTL", "TOKEN_URL",
    "API_KEY_HEADER", "MAX_TOKENS", "maxTokens", "TOKENS_LIMIT", "TOKENIZER", "AUTHOR", "BYPASS_CACHE", "KEY", "MONKEY",
    "SECRETS_MOUNT_PATH", "CLIENT_ID", "PARTITION_KEY", "ALLOW_EMPTY_PASSWORD", "DISABLE_TOKEN_AUTH",
    "disallow-plaintext-secrets",
    "SECRETARY_EMAIL", "secretaryEmail", "SECRETARY", "secretariat", "PASSWORDLESS", "passwordless_login",
    "TOKEN_LIMIT", "TOKEN_QUOTA", "RATE_LIMIT_TOKENS_PER_MINUTE", "MAX_TOKEN", "NUM_TOKEN", "TOKEN_BUDGET",
    "DB_SECRET_ARN", "secretArn", "PASSWORD_RESET_URL_TEMPLATE", "CSRF_TOKEN_COOKIE", "CSRF_TOKEN_COOKIE_NAME",
    "PASSWORD_HASH_ALGO", "PASSWORD_HASH_ALGORITHM", "JWT_SECRET_ALG", "TOKEN_CLAIM", "PASSWORD_PATTERN",
    "PASSWORD_REGEX", "SECRETS_MANAGER_REGION", "TOKEN_ENCODING", "SECRET_NAMESPACE", "SECRET_LABEL_SELECTOR",
    "PASSWORD_PROMPT", "PASSWORD_STRENGTH", "SECRET_ROTATION_SCHEDULE", "TOKEN_FIELD", "API_KEY_PARAM",
    "AZURE_STORAGE_KEY_NAME", "CACHE_KEY", "SORT_KEY", "OCI_CLI_KEY_FILE", "AZURE_KEYVAULT_URL",
    "KEY_ID", "JWT_KEY_ID", "AWS_ACCESS_KEY_ID", "accessKeyId", "MINIO_ACCESS_KEY", "KMS_KEY_ID", "apiKeyId", "PUBLIC_KEY", "PRIMARY_KEY", "ROUTING_KEY", "S3_KEY", "GPG_KEY", "SSH_KEY_PATH",
    "MONGODB_KEYFILE", "STORAGE_KEY_PREFIX", "SERVICE_KEY_NAME",
    "PUSHER_APP_KEY", "ALGOLIA_APP_KEY", "APP_KEY_ID", "RABBITMQ_ERLANG_COOKIE_FILE", "SESSION_COOKIE",
    "bypass", "COMPASS_URL", "OVERPASS_API", "dbpass_file", "BYPASSPROXY", "encompass",
    "existingSecret", "existingSecretPasswordKey", "REFRESH_TOKEN_EXPIRES_IN",
    "ACCESS_TOKEN_EXPIRE", "TOKEN_VALIDITY", "lifespan-grace", "password_hint", "password-stdin", "PASSWORD_HASHER",
    "PASSWORD_ENCODER", "SECRETS_MANAGER", "LDAP_PASSWORD_ATTRIBUTE", "DJANGO_PASSWORD_VALIDATORS",
    "SECRET_PROVIDER_CLASS", "VAULT_SECRET_ENGINE", "SALT_ROUNDS", "SALT_LENGTH",
    "REGISTRY_AUTH_HTPASSWD_REALM", "REGISTRY_AUTH_TOKEN_REALM", "REGISTRY_AUTH_TOKEN_SERVICE",
    "KAFKA_SSL_KEYSTORE_CREDENTIALS", "KAFKA_SSL_KEY_CREDENTIALS", "KAFKA_SSL_TRUSTSTORE_CREDENTIALS",
    "passwordSecretKey", "tokenSecretKey", "api-token-secret-key",
    "NextToken", "nextPageToken", "page_token", "PAGE_TOKEN", "continuationToken", "continue-token", "resumeToken",
    "SYNC_TOKEN", "pagination_token", "idempotencyToken", "CancellationToken",
    "password_documentation", "TOKEN_DOCS", "secretShape", "PASSWORD_TITLE", "PASSWORD_PLACEHOLDER",
    "passwordHelp",
    "credentialed_hosts", "ACCESS_TOKEN_TABLE", "SECRETS_ANNOTATION", "ROLE_IAM_SERVICE_ACCOUNT_TOKEN_CREATOR",
    "credentialHelper", "CREDENTIAL_HELPERS",
]  # fmt: skip


def _env_pod(name: str, value: Any, **extra: Any) -> dict[str, Any]:
    return pod([container(env=[{"name": name, "value": value, **extra}])])


def _assert_value_absent(decision: Any, *values: str) -> None:
    text = orjson.dumps(
        {
            "message": decision.message,
            "warnings": decision.warnings,
            "notes": decision.notes,
            "findings": [[f.message, f.path, f.container] for f in decision.findings],
            "response": to_response(decision),
        }
    ).decode()
    for value in values:
        for part in {value, value.strip(), *value.strip().splitlines()}:
            if len(part) >= 8:  # short fragments such as "-----" are not the secret
                assert part not in text


@pytest.mark.parametrize("name", SENSITIVE_NAMES)
def test_sensitive_names_in_any_style(name: str) -> None:
    assert name_is_sensitive(name)
    decision = decide(_env_pod(name, FAKE))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.action == "deny" and not decision.allowed
    assert finding.path == "/spec/containers/0/env/0/value"
    assert f'env var "{name}"' in finding.message
    _assert_value_absent(decision, FAKE)


@pytest.mark.parametrize("name", NEUTRAL_NAMES)
def test_names_that_describe_rather_than_hold_a_secret(name: str) -> None:
    assert not name_is_sensitive(name)
    assert findings(_env_pod(name, "some-plain-setting"), POLICY) == []


@pytest.mark.parametrize("label", sorted(CREDENTIAL_VALUES))
def test_credential_values_under_any_name(label: str) -> None:
    value = CREDENTIAL_VALUES[label]
    assert credential_kind(value) is not None
    decision = decide(_env_pod("SETTING", value))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'env var "SETTING" holds' in finding.message
    assert "secretKeyRef" in finding.message  # the fix
    _assert_value_absent(decision, value, FAKE)


@pytest.mark.parametrize("value", HARMLESS_VALUES)
def test_values_that_are_not_credentials(value: str) -> None:
    assert credential_kind(value) is None
    assert findings(_env_pod("SETTING", value), POLICY) == []


@pytest.mark.parametrize(
    "entry",
    [
        {"valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        {"valueFrom": {"configMapKeyRef": {"name": "db", "key": "password"}}},
        {"valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"value": ""},
        {"value": "   "},
        {"value": None},
        {"value": "$(OTHER_PASSWORD)"},
        {"value": "${OTHER_PASSWORD}"},
        {"value": "$(DB_USER):$(DB_PASS)"},
        {"value": "/run/secrets/db/password"},
        {"value": "./secrets/password"},
        {"value": "../secrets/password"},
        {"value": "~/.secrets/db-password"},
        {"value": "/etc/app/keys/api.key"},
        {"value": "true"},
        # $VAR and ${VAR} reach the process as they are (Kubernetes expands only $(VAR)): a shell,
        # envsubst or the application's own templating expands them; either way no secret is written
        {"value": "$DB_PASSWORD"},
        {"value": "$DB_USER:$DB_PASSWORD"},
        # references into a secret manager name the secret; they do not hold it
        {"value": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf"},
        {"value": "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/db/password"},
        {"value": "vault:secret/data/orders/db#password"},
        {"value": "ref+vault://secret/orders/db#/password"},
        {"value": "sm://orders-project/db-password"},
        {"value": "projects/orders-project/secrets/db-password/versions/latest"},
        {"value": "@Microsoft.KeyVault(SecretUri=https://orders.vault.azure.net/secrets/db-password/)"},
    ],
)
def test_compliant_forms_of_a_sensitive_variable(entry: dict[str, Any]) -> None:
    obj = pod([container(env=[{"name": "DB_PASSWORD", **entry}])])
    assert findings(obj, POLICY) == []


def test_env_from_and_secret_volumes_are_compliant() -> None:
    obj = pod(
        [container(envFrom=[{"secretRef": {"name": "db"}}], volumeMounts=[{"name": "s", "mountPath": "/s"}])],
        volumes=[{"name": "s", "secret": {"secretName": "db"}}],
    )
    assert findings(obj, POLICY) == []


@pytest.mark.parametrize(
    ("argv", "index"),
    [
        (["--password=" + FAKE], 0),
        (["--listen=:8080", "--db-password=" + FAKE], 1),
        (["-api-key=" + FAKE], 0),
        (["--api-key", FAKE], 1),
        (["--client-secret", FAKE, "--verbose"], 1),
        (["sh", "-c", f"PGPASSWORD={FAKE} pg_dump -h db orders"], 2),
        (["sh", "-c", f'export API_TOKEN="{FAKE}" && ./run'], 2),
        (["sh", "-c", f"./server --password={FAKE} --port 8080"], 2),
        (["--dsn", f"orders:{FAKE}@tcp(mysql:3306)/orders"], 1),
        (["env", f"PGPASSWORD={FAKE}", "psql", "-h", "db"], 1),
        (["java", f"-Dspring.datasource.password={FAKE}", "-jar", "app.jar"], 1),
        ([f"--database-url=postgres://orders:{FAKE}@db/orders"], 0),
        (["--password", f"correct horse battery staple {FAKE}"], 1),  # a passphrase: the flag's value, spaces and all
        (["--password", f"/{FAKE} /with spaces"], 1),  # starts with a slash, yet no path: a segment ends in a space
        (["sh", "-c", f'./app --token "/{FAKE} x"'], 2),
        (["--listen", ":8080", "--client-secret", f"{FAKE}\t{FAKE}", "--verbose"], 3),
    ],
)
@pytest.mark.parametrize("field", ["command", "args"])
def test_command_and_args(field: str, argv: list[str], index: int) -> None:
    decision = decide(pod([container(**{field: argv})]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == f"/spec/containers/0/{field}/{index}"
    assert f"{field}[{index}]" in finding.message
    _assert_value_absent(decision, FAKE)


@pytest.mark.parametrize(
    "argv",
    [
        ["--password-file=/run/secrets/db/password"],
        ["--password=$(DB_PASSWORD)"],
        ["--token", "$(API_TOKEN)"],
        ["--token", "--verbose"],
        ["--api-key", "/etc/keys/api"],
        ["sh", "-c", 'PGPASSWORD="$PGPASSWORD" pg_dump -h db orders'],
        ["sh", "-c", "PASSWORD=${DB_PASSWORD} ./run"],
        ["--secret-name=db-credentials"],
        ["--enable-token-auth=true"],
        ["env", "LOG_LEVEL=debug", "TOKEN_TTL=3600", "./run"],
        ["java", "-Dspring.datasource.password=${DB_PASSWORD}", "-jar", "app.jar"],
        ["--password", "$(cat /run/secrets/db password)"],
        ["--token", "`cat /run/secrets/api token`"],
        ["--password", "{{ .Values.db.password }}"],
        ["--token", "-v --log-level debug"],
        ["--help", "show this message and exit"],
        ["--credentials", "/etc/my creds/file.json"],  # a path with a space, as the next item
        ["--credentials=/etc/my creds/file.json"],
        ["--token", "./my tokens/api"],
        ["--api-key", "$HOME/my keys/api key"],
        ["sh", "-c", './app --credentials "/etc/my creds/file.json" --password-file "/run/secrets/my file"'],
        ["sh", "-c", "./app --token='/run/secrets/my token' --api-key ~/'my keys'/api"],
    ],
)
def test_args_that_do_not_hold_a_secret(argv: list[str]) -> None:
    assert findings(pod([container(args=argv)]), POLICY) == []


@pytest.mark.parametrize("list_name", ["initContainers", "ephemeralContainers"])
def test_every_container_list(list_name: str) -> None:
    obj = pod([compliant()], **{list_name: [container("extra", env=[{"name": "API_TOKEN", "value": FAKE}])]})
    (finding,) = findings(obj, POLICY)
    assert finding.path == f"/spec/{list_name}/0/env/0/value"
    assert "container \"extra\"" in finding.message


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"])
def test_every_workload_kind(kind: str) -> None:
    obj = workload(kind, [container(env=[{"name": "DB_PASSWORD", "value": FAKE}])])
    assert len(findings(obj, POLICY)) == 1


@pytest.mark.parametrize(("kind", "pointer"), [("PodTemplate", "/template/spec"), ("DeploymentConfig", "/spec/template/spec"), ("Rollout", "/spec/template/spec")])
def test_pod_templates_beyond_the_core_workloads(kind: str, pointer: str) -> None:
    (finding,) = findings(template_kind(kind, {"containers": [container(env=[{"name": "DB_PASSWORD", "value": FAKE}])]}), POLICY)
    assert finding.path == f"{pointer}/containers/0/env/0/value"


def _configmap(data: dict[str, Any], binary: dict[str, str] | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": data}
    if binary:
        obj["binaryData"] = binary
    return obj


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        ({"db_password": FAKE}, "/data/db_password", 'key "db_password" looks like a secret'),
        ({"API_TOKEN": FAKE}, "/data/API_TOKEN", 'key "API_TOKEN"'),
        ({"database": f"mysql://orders:{FAKE}@mysql:3306/orders"}, "/data/database", "holds a URL with a password"),
        ({"tls/key": FAKE_PEM}, "/data/tls~1key", "holds a PEM private key"),
        ({"app.properties": f"port=8080\nspring.datasource.password={FAKE}\n"}, "/data/app.properties", "(line 2)"),
        ({"config.yaml": f"db:\n  host: db\n  password: {FAKE}\n"}, "/data/config.yaml", '"password"'),
        ({"app.env": f"export DB_PASSWORD='{FAKE}'\n"}, "/data/app.env", '"DB_PASSWORD"'),
        ({"settings.json": f'{{\n  "apiKey": "{FAKE}",\n  "port": 8080\n}}\n'}, "/data/settings.json", '"apiKey"'),
    ],
)
def test_configmaps(data: dict[str, Any], path: str, fragment: str) -> None:
    decision = decide(_configmap({"LOG_LEVEL": "info", **data}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == path
    assert fragment in finding.message
    assert 'ConfigMap "cfg"' in finding.message and "Secret" in finding.message
    _assert_value_absent(decision, FAKE, FAKE_PEM)


@pytest.mark.parametrize(
    "data",
    [
        {"LOG_LEVEL": "debug", "SECRET_NAME": "db", "TOKEN_AUDIENCE": "api"},
        {"db_password": ""},
        {"app.properties": "spring.datasource.password=${DB_PASSWORD}\nserver.port=8080\n"},
        {"config.yaml": "db:\n  passwordFile: /run/secrets/db/password\n  password:\n"},
        {"password-policy.json": '{"minLength": 12}'},
        {"app.yaml": "secretary: bob\npasswordless: true\ntokenLimit: 4096\npasswordHashAlgo: argon2id\n"},
        {"app.properties": "db.password=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf\n"},
    ],
)
def test_configmaps_without_secrets(data: dict[str, Any]) -> None:
    assert findings(_configmap(data), POLICY) == []


def test_configmap_binary_data_keys() -> None:
    (finding,) = findings(_configmap({}, {"private-key": "RkFLRQ=="}), POLICY)
    assert finding.path == "/binaryData/private-key"


def test_extra_and_allowed_names_are_parameters() -> None:
    config = parse_cluster_config(
        {"parameters": {POLICY: {"extraNames": ["^PIN$", "salt"], "allowedNames": ["JWT_SECRET_EXAMPLE", "PUBLIC_.*"]}}},
        POLICIES,
        "cluster.yaml",
    )
    assert len(findings(_env_pod("PIN", "1234"), POLICY, config=config)) == 1
    assert len(findings(_env_pod("HASH_SALT", FAKE), POLICY, config=config)) == 1
    assert findings(_env_pod("PIN", "1234"), POLICY) == []  # not by default
    assert findings(_env_pod("JWT_SECRET_EXAMPLE", FAKE), POLICY, config=config) == []
    assert findings(_env_pod("PUBLIC_TOKEN", FAKE_JWT), POLICY, config=config) == []  # allowed: value not judged
    assert len(findings(_env_pod("JWT_SECRET_EXAMPLE", FAKE), POLICY)) == 1


@pytest.mark.parametrize("param", ["extraNames", "allowedNames"])
def test_invalid_name_pattern_is_a_config_error(param: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_cluster_config({"parameters": {POLICY: {param: ["(unclosed"]}}}, POLICIES, "cluster.yaml")
    assert error.value.file == "cluster.yaml"
    assert error.value.field == f"parameters.{POLICY}.{param}"
    assert "regular expression" in error.value.problem


def test_many_findings_none_leaks() -> None:
    values = [FAKE, *CREDENTIAL_VALUES.values()]
    env = [{"name": f"DB_PASSWORD_{i}", "value": v} for i, v in enumerate(values)]
    decision = decide(workload("Deployment", [container(env=env, args=[f"--token={FAKE}"])], replicas=3))
    mine = [f for f in decision.findings if f.policy == POLICY]
    assert len(mine) == len(values) + 1
    _assert_value_absent(decision, *values)
    # the warning channel too: the same findings as a warn action
    config = parse_cluster_config({"actions": {POLICY: "warn"}}, POLICIES, "cluster.yaml")
    warned = decide(workload("Deployment", [container(env=env)], replicas=3), config=config)
    assert any(w.startswith(POLICY) for w in warned.warnings)
    _assert_value_absent(warned, *values)


def test_a_cluster_config_file_in_a_configmap_is_not_a_secret() -> None:
    config_map = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "railguard-config"},
        "data": {
            "cluster-config.yaml": "actions:\n  disallow-plaintext-secrets: warn\n  require-probes: audit\n",
            "app.properties": f"spring.datasource.password={FAKE}\n",
        },
    }
    (finding,) = findings(config_map, POLICY)
    assert finding.path == "/data/app.properties"


# --- file paths: only values that look like paths are exempt, and never from credential patterns ---


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_PASSWORD", "/FAKE-not-a-real-password"),  # one segment: not a path
        ("DB_PASSWORD", "//FAKE-not-a-real-password"),
        ("API_TOKEN", "/FAKE:not=a/real-token"),  # characters a path does not have
        ("NPM_TOKEN_LINE", f"//registry.npmjs.org/:_authToken={FAKE_NPM}"),
    ],
)
def test_values_starting_with_a_slash_are_not_all_paths(name: str, value: str) -> None:
    decision = decide(_env_pod(name, value))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'env var "{name}"' in finding.message
    _assert_value_absent(decision, value, FAKE, FAKE_NPM)


@pytest.mark.parametrize(
    "npmrc",
    [
        f"//registry.npmjs.org/:_authToken={FAKE_NPM}",
        f"//registry.npmjs.org/:_authToken={FAKE_NPM}\n",
        "//npm.example.com/:_authToken=FAKE-not-a-real-token",
        "registry=https://npm.example.com/\n//npm.example.com/:_password=RkFLRS1ub3QtcmVhbA==\n",
        "//npm.example.com/:_auth=RkFLRTpub3QtcmVhbA==",
    ],
)
def test_npmrc_in_a_configmap(npmrc: str) -> None:
    decision = decide(_configmap({".npmrc": npmrc}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/data/.npmrc"
    _assert_value_absent(decision, npmrc, FAKE_NPM, "FAKE-not-a-real-token", "RkFLRS1ub3QtcmVhbA==", "RkFLRTpub3QtcmVhbA==")


def test_npmrc_reading_the_token_from_the_environment_is_fine() -> None:
    assert findings(_configmap({".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"}), POLICY) == []


@pytest.mark.parametrize(
    "value",
    [
        "$FAKEnotARealPassword",  # $NAME reads as a reference: a password starting with $ passes (a known limit)
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
    ],
)
def test_references_are_not_judged_by_name_but_still_by_pattern(value: str) -> None:
    assert findings(_env_pod("DB_PASSWORD", value), POLICY) == []
    # a credential pattern inside is still reported, whatever the rest of the value looks like
    assert len(findings(_env_pod("DB_PASSWORD", value + " " + FAKE_NPM), POLICY)) == 1


# --- config files in ConfigMaps: JSON on one line, XML, space-separated directives ---------------

FAKE_DOCKER_AUTH = "RkFLRTpub3QtYS1yZWFsLXBhc3N3b3Jk"  # base64 of "FAKE:not-a-real-password"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"config.json": f'{{"db":{{"host":"db","password":"{FAKE}"}}}}'}, 'sets "db.password" in plain text'),
        ({"settings": f'{{"servers":[{{"id":"r","apiKey":"{FAKE}"}}]}}'}, 'sets "servers[0].apiKey"'),
        ({"pretty.json": f'{{\n  "db": {{\n    "host": "db",\n    "password": "{FAKE}"\n  }}\n}}\n'}, '"db.password" in plain text (line 4)'),
        ({"config.json": f'{{"auths":{{"registry.example":{{"auth":"{FAKE_DOCKER_AUTH}"}}}}}}'}, '"auths.registry.example.auth"'),
        ({"config.json": f'{{\n "auths": {{\n  "r": {{\n   "auth": "{FAKE_DOCKER_AUTH}"\n  }}\n }}\n}}'}, "(line 4)"),
        ({"settings.xml": f"<settings><servers><server><id>r</id><username>u</username><password>{FAKE}</password></server></servers></settings>"}, '"password" in plain text (line 1)'),
        ({"settings.xml": f"<settings>\n  <servers>\n    <server>\n      <password>{FAKE}</password>\n"}, '"password" in plain text (line 4)'),
        ({"tomcat-users.xml": f'<tomcat-users>\n  <user username="admin" password="{FAKE}" roles="manager-gui"/>\n</tomcat-users>\n'}, '"password" in plain text (line 2)'),
        ({"app.config": f'<appSettings>\n  <add key="ApiKey" value="{FAKE}" />\n</appSettings>\n'}, '"ApiKey" in plain text (line 2)'),
        ({"beans.xml": f'<bean id="ds">\n  <property name="password" value="{FAKE}"/>\n</bean>\n'}, '"password" in plain text (line 2)'),
        ({"redis.conf": f"port 6379\nrequirepass {FAKE}\n"}, '"requirepass" in plain text (line 2)'),
        ({"redis.conf": f'masterauth "{FAKE}"\n'}, '"masterauth" in plain text (line 1)'),
        ({"sentinel.conf": f"sentinel monitor m redis-0 6379 2\nsentinel auth-pass m {FAKE}\n"}, '"sentinel auth-pass"'),
        ({"users.acl": f"user default off\nuser app on >{FAKE} ~app:* +@read\n"}, '"user >password" in plain text (line 2)'),
    ],
)
def test_config_file_formats(data: dict[str, Any], fragment: str) -> None:
    decision = decide(_configmap(data))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/data/" + next(iter(data)).replace("/", "~1")
    assert fragment in finding.message, finding.message
    _assert_value_absent(decision, FAKE, FAKE_DOCKER_AUTH)


_XDT = ' xdt:Transform{eq}"SetAttributes"{sep}xdt:Locator{eq}"Match(key)"'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'<appSettings>\n  <add key="ApiKey" value="{FAKE}"{_XDT.format(eq="=", sep=" ")} />\n</appSettings>\n', 2),
        (f'<appSettings>\n  <add key = "ApiKey" value = "{FAKE}"{_XDT.format(eq=" = ", sep="  ")} />\n</appSettings>\n', 2),
        (f"<appSettings>\n  <add key = 'ApiKey'\tvalue\t=\t'{FAKE}'{_XDT.format(eq='=', sep=chr(9))}/>\n</appSettings>\n", 2),
        (f'<appSettings>\n  <add key="ApiKey"\n       value="{FAKE}"{_XDT.format(eq="=", sep=" ")} />\n</appSettings>\n', 3),
        # one attribute a line, as web.config transforms are often laid out: one credential, said once
        (f'<appSettings>\n  <add\n    key="ApiKey"\n    value="{FAKE}"\n   {_XDT.format(eq="=", sep=chr(10) + "    ")} />\n</appSettings>\n', 4),
        (f'<appSettings>\r\n  <add\r\n    key = "ApiKey"\r\n    value = "{FAKE}"\r\n   {_XDT.format(eq=" = ", sep=chr(13) + chr(10))} />\r\n</appSettings>', 4),
        (f'<appSettings>\n  <add{_XDT.format(eq="=", sep=chr(10))}\n    value="{FAKE}"\n    key="ApiKey" />\n</appSettings>\n', 4),
        (f'<Context>\n  <Resource\n    name="jdbc/db"\n    password = "{FAKE}"\n    username="app" />\n</Context>\n', 4),
    ],
)
def test_xml_attributes_with_spaces_and_line_breaks_are_one_finding(text: str, line: int) -> None:
    """web.config transforms (``xdt:Transform``, ``xdt:Locator``) and other XML tags whose
    attributes have spaces around ``=`` or sit on lines of their own: the credential is found, once,
    at the line of its value (the tag's first line and the value's line were two findings)."""
    decision = decide(_configmap({"Web.Release.config": text}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f"in plain text (line {line})" in finding.message, finding.message
    _assert_value_absent(decision, FAKE)


@pytest.mark.parametrize(
    "data",
    [
        {"config.json": '{"db":{"host":"db","password":"${DB_PASSWORD}","passwordFile":"/run/secrets/db/password"}}'},
        {"config.json": '{"auths":{"registry.example":{"auth":""}},"credsStore":"ecr-login"}'},
        {"config.json": '{"auth":{"mode":"oidc"},"tokenLimit":4096,"password":null,"secret":true}'},
        {"broken.json": '{"password": '},  # not JSON: read line by line, and "password": has no value
        {"settings.xml": "<settings><servers><server><id>r</id><password>${env.MAVEN_PASSWORD}</password></server></servers></settings>"},
        {"page.html": "<label for=password>Password</label><input type=password name=password>"},
        {"redis.conf": "port 6379\nrequirepass ${REDIS_PASSWORD}\n# requirepass foobared\n"},
        {"users.acl": "user default on nopass ~* +@all\nuser app on #0123456789abcdef ~app:* +@read\n"},
        {"nested.json": "[" * 5000 + "]" * 5000},
    ],
)
def test_config_file_formats_without_secrets(data: dict[str, Any]) -> None:
    assert findings(_configmap(data), POLICY) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (f'{{"spring.datasource.password":"{FAKE}"}}', "spring.datasource.password"),
        (f'{{"db":{{"url":"jdbc:postgresql://db/app","password":"{FAKE}"}}}}', "db.password"),
    ],
)
def test_json_in_an_env_value(value: str, shown: str) -> None:
    decision = decide(_env_pod("SPRING_APPLICATION_JSON", value))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'env var "SPRING_APPLICATION_JSON" sets "{shown}" in plain text' in finding.message
    _assert_value_absent(decision, value, FAKE)


# --- binaryData: decoded, and judged like data when it is UTF-8 text -------------------------------


def _b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


@pytest.mark.parametrize(
    ("key", "content", "fragment"),
    [
        ("tls", FAKE_PEM, 'binaryData key "tls" holds a PEM private key in plain text (base64-decoded, line 1)'),
        ("npmrc", f"//registry.npmjs.org/:_authToken={FAKE_NPM}\n", "holds an npm token"),
        ("app.properties", f"server.port=8080\nspring.datasource.password={FAKE}\n", 'sets "spring.datasource.password" in plain text (base64-decoded, line 2)'),
        ("config.json", f'{{"db":{{"password":"{FAKE}"}}}}', 'sets "db.password"'),
    ],
)
def test_configmap_binary_data_content(key: str, content: str, fragment: str) -> None:
    encoded = _b64(content)
    decision = decide(_configmap({}, {key: encoded}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == f"/binaryData/{key}"
    assert fragment in finding.message, finding.message
    _assert_value_absent(decision, FAKE, FAKE_PEM, FAKE_NPM, encoded)


@pytest.mark.parametrize(
    "value",
    [
        "!!!not-base64!!!",
        "RkFLRQ",  # bad padding
        "w6k=\u00e9",  # not ASCII
        _b64(bytes(range(256))),  # binary
        _b64(b"\x00\x01password=" + FAKE.encode()),  # NUL bytes: binary
        _b64(b"\xff\xfe" + "password=FAKE".encode("utf-16-le")),  # not UTF-8
        _b64("port=8080\npassword=${DB_PASSWORD}\n"),
        "",
        5,
        None,
        {"nested": "RkFLRQ=="},
    ],
)
def test_configmap_binary_data_that_is_not_judged(value: Any) -> None:
    assert findings(_configmap({}, {"blob": value}), POLICY) == []


def test_configmap_binary_data_with_line_breaks_is_decoded() -> None:
    encoded = _b64("# a comment long enough to wrap the base64\n" * 4 + f"db.password={FAKE}\n")
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    (finding,) = findings(_configmap({}, {"app.ini": wrapped}), POLICY)
    assert 'sets "db.password" in plain text (base64-decoded, line 5)' in finding.message


@pytest.mark.parametrize(
    ("key", "content"),
    [
        ("db_password", FAKE),
        ("db_password", "/etc/app/password"),  # names a file, not a secret
        ("secrets.yaml", "debug: true\n"),  # a config file: judged by its content, not its name
        ("secrets.yaml", f"db:\n  password: {FAKE}\n"),
        ("redis.conf", f"port 6379\rrequirepass {FAKE}"),  # a carriage return alone ends a line too
        ("motd", "welcome"),
        ("database", f"postgres://app:{FAKE}@db:5432/app"),
        ("tls", FAKE_PEM),
    ],
)
def test_a_binary_data_entry_is_judged_exactly_like_the_same_data_entry(key: str, content: str) -> None:
    def verdicts(obj: dict[str, Any]) -> list[tuple[str, str]]:
        return [
            (f.path.replace("/binaryData/", "/data/"), f.message.replace("binaryData key", "key").replace("base64-decoded, ", "").replace(" (base64-decoded)", ""))
            for f in findings(obj, POLICY)
        ]

    as_data = verdicts(_configmap({key: content}))
    assert as_data == verdicts(_configmap({}, {key: _b64(content)}))
    expected_finding = key not in ("motd",) and content not in ("/etc/app/password", "debug: true\n")
    assert bool(as_data) == expected_finding, as_data


# --- command and args: options that take a password for specific programs, shell scripts ----------


@pytest.mark.parametrize(
    ("fields", "path", "fragment"),
    [
        ({"command": ["mysql", "-uroot", f"-p{FAKE}"]}, "command/2", 'passes a password to "mysql" (-p<password>)'),
        ({"command": ["/usr/bin/mysqldump", "-h", "db", f"-p{FAKE}", "app"]}, "command/3", '"mysqldump"'),
        ({"command": ["mariadb-admin"], "args": ["-uroot", f"-p{FAKE}", "ping"]}, "args/1", '"mariadb-admin"'),
        ({"args": ["mysql", "-uroot", "-p123456"]}, "args/2", '"mysql" (-p<password>)'),  # mysql: -p is never a port
        ({"command": ["env", "TZ=UTC", "timeout", "10", "mysqladmin", f"-p{FAKE}", "ping"]}, "command/5", '"mysqladmin"'),
        ({"args": ["redis-server", "--requirepass", FAKE]}, "args/2", 'passes the value of "--requirepass"'),
        ({"args": ["redis-server", "--port", "6379", f"--masterauth={FAKE}"]}, "args/3", 'sets "--masterauth"'),
        ({"command": ["redis-cli", "-h", "redis", "-a", FAKE, "ping"]}, "command/4", 'passes a password to "redis-cli" (-a <password>)'),
        ({"command": ["curl", "-u", f"admin:{FAKE}", "https://api.example.com/"]}, "command/2", 'passes a password to "curl" (-u user:password)'),
        ({"command": ["curl", f"--user=admin:{FAKE}", "https://api.example.com/"]}, "command/1", '"curl" (--user user:password)'),
        ({"command": ["curl", f"-uadmin:{FAKE}", "https://api.example.com/"]}, "command/1", '"curl" (-u user:password)'),
        ({"command": ["sshpass", "-p", FAKE, "ssh", "backup@host"]}, "command/2", '"sshpass" (-p <password>)'),
        ({"command": ["sh", "-c", f"curl -fsS -u admin:{FAKE} https://api.example.com/"]}, "command/2", '"curl" (-u user:password)'),
        ({"command": ["sh", "-c", f'curl -u "$API_USER:{FAKE}" https://api.example.com/'], "args": []}, "command/2", '"curl"'),
        ({"command": ["sh", "-c"], "args": [f"set -e\nmysqldump -uroot -p'{FAKE}' app | gzip > /backup/app.sql.gz"]}, "args/0", '"mysqldump" (-p<password>)'),
        ({"command": ["sh", "-c", f"exec redis-server --requirepass {FAKE}"]}, "command/2", 'passes the value of "--requirepass"'),
        ({"command": ["bash", "-c", f"./server --port 8080 --api-key {FAKE} && echo done"]}, "command/2", 'passes the value of "--api-key"'),
        ({"command": ["mongosh", "-u", "root", "-p", FAKE, "--eval", "db.ping()"]}, "command/4", '"mongosh" (-p <password>)'),
        ({"livenessProbe": {"exec": {"command": ["/opt/mssql-tools18/bin/sqlcmd", "-S", "localhost", "-U", "sa", "-P", FAKE, "-Q", "SELECT 1"]}}},
         "livenessProbe/exec/command/6", '"sqlcmd" (-P <password>)'),
        ({"command": ["openssl", "pkcs12", "-export", "-in", "tls.crt", "-passout", f"pass:{FAKE}"]}, "command/6", '"openssl" (-passout pass:<password>)'),
        ({"command": ["keytool", "-importcert", "-keystore", "/x/ts.jks", "-storepass", FAKE, "-noprompt"]}, "command/5", 'passes the value of "-storepass"'),
        ({"command": ["sh", "-c", f"keytool -import -file ca.crt -keystore /x/ts.jks -deststorepass {FAKE} -noprompt"]}, "command/2", 'passes the value of "-deststorepass"'),
        # secrets by their position in the command line
        ({"command": ["rabbitmqctl", "-n", "rabbit@node", "add_user", "app", FAKE]}, "command/5", '"rabbitmqctl" (add_user <name> <password>)'),
        ({"command": ["sh", "-c", f"rabbitmqctl await_startup && rabbitmqctl add_user app {FAKE} && rabbitmqctl set_user_tags app management"]},
         "command/2", '"rabbitmqctl" (add_user'),
        ({"command": ["mc", "alias", "set", "local", "http://minio:9000", "admin", FAKE]}, "command/6", '"mc" (alias set <alias> <url> <access key> <secret key>)'),
        ({"command": ["sh", "-c", f"mc alias set local http://minio:9000 admin {FAKE} --api S3v4; mc mb -p local/backups"]}, "command/2", '"mc" (alias set'),
        ({"command": ["vault", "login", FAKE]}, "command/2", '"vault" (login <token>)'),
        ({"command": ["vault", "login", "-client-key", "/etc/vault/client.key", FAKE]}, "command/4", '"vault" (login <token>)'),  # the key's path is no token
        ({"command": ["htpasswd", "-bc", "/auth/htpasswd", "admin", FAKE]}, "command/4", '"htpasswd" (-b <file> <user> <password>)'),
        ({"command": ["sh", "-c", f"htpasswd -Bbn admin {FAKE} > /auth/htpasswd"]}, "command/2", '"htpasswd" (-bn <user> <password>)'),
        ({"command": ["sh", "-c", f"rabbitmqctl add_user app {FAKE} >/dev/null 2>&1"]}, "command/2", '"rabbitmqctl" (add_user'),
        ({"command": ["ldapsearch", "-x", "-D", "cn=admin,dc=example,dc=org", "-w", FAKE, "-b", "dc=example,dc=org"]},
         "command/5", '"ldapsearch" (-w <password>)'),
        ({"command": ["sh", "-c", f"ldapadd -x -D cn=admin,dc=example,dc=org -w{FAKE} -f /seed/users.ldif"]}, "command/2", '"ldapadd" (-w <password>)'),
        ({"command": ["grafana-cli", "--homepath", "/usr/share/grafana", "admin", "reset-admin-password", FAKE]},
         "command/5", '"grafana-cli" (admin reset-admin-password <password>)'),
        ({"command": ["sh", "-c", f"mc admin user add local app {FAKE} && mc admin policy attach local readwrite --user app"]},
         "command/2", '"mc" (admin user add <alias> <access key> <secret key>)'),
        # a sensitive --flag=value in a script is judged with its command
        ({"command": ["sh", "-c", f"aws secretsmanager put-secret-value --secret-id app/db --secret-string={FAKE}"]},
         "command/2", 'sets "--secret-string"'),
    ],
)  # fmt: skip
def test_program_specific_password_options(fields: dict[str, list[str]], path: str, fragment: str) -> None:
    decision = decide(pod([container(**fields)]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == f"/spec/containers/0/{path}"
    assert fragment in finding.message, finding.message
    assert "Secret" in finding.message
    _assert_value_absent(decision, FAKE, f"admin:{FAKE}")


@pytest.mark.parametrize(
    "fields",
    [
        {"command": ["nc", "-p8080", "-l"]},  # -p is a port for most programs
        {"command": ["socat", "-p", "8080"]},
        {"args": ["--listen", "-p8080"]},  # options to the image's entrypoint: the program is unknown
        {"command": ["python", "-m", "http.server", "-p", "8080"]},
        {"command": ["mysql", "-P3306", "-uroot", "-p", "app"]},  # -p alone prompts; "app" is the database
        {"command": ["mysql", "-uroot", "-p$(MYSQL_ROOT_PASSWORD)"]},
        {"command": ["sh", "-c", 'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" app']},
        {"command": ["sh", "-c", "mysqldump -uroot -p${MYSQL_PWD} app > /x.sql"]},
        {"command": ["sh", "-c", 'mysql -uroot --password="$(cat /run/secrets/db/password)" app']},
        {"command": ["curl", "-u", "admin", "https://api.example.com/"]},  # no password: curl prompts
        {"command": ["curl", "-u", "$(API_USER):$(API_PASSWORD)", "https://api.example.com/"]},
        {"command": ["sh", "-c", 'curl -u "$API_USER:$API_PASSWORD" https://api.example.com/']},
        {"command": ["curl", "-u", "admin:", "https://api.example.com/"]},
        {"command": ["sh", "-c", 'curl -u "${API_CREDENTIALS:-anonymous:}" https://api.example.com/']},
        {"command": ["redis-cli", "-a", "$(REDIS_PASSWORD)", "ping"]},
        {"command": ["sh", "-c", "redis-server --requirepass \"$REDIS_PASSWORD\""]},
        {"command": ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]},
        {"command": ["sh", "-c", "./server --token-file /run/secrets/token --password-file /run/secrets/pw"]},
        {"command": ["sh", "-c", "./server --api-key --verbose"]},
        {"command": ["echo", "mysql -p is a password option"]},
        {"command": ["mongosh", "-u", "root", "-p", "--eval", "db.ping()"]},  # -p alone prompts
        {"command": ["sh", "-c", "/opt/mssql-tools/bin/sqlcmd -S localhost -U sa -P \"$SA_PASSWORD\" -Q 'SELECT 1'"]},
        {"command": ["openssl", "pkcs12", "-export", "-passout", "env:P12_PASSWORD"]},
        {"command": ["openssl", "req", "-x509", "-newkey", "rsa:4096", "-keyout", "tls.key", "-nodes", "-days", "365"]},
        {"command": ["keytool", "-importcert", "-keystore", "ks.jks", "-storepass:env", "KEYSTORE_PASSWORD"]},
        {"command": ["sh", "-c", 'keytool -import -keystore /x/ts.jks -storepass "$TRUSTSTORE_PASSWORD" -noprompt']},
        {"command": ["rabbitmqctl", "add_user", "app", "$(RABBITMQ_APP_PASSWORD)"]},
        {"command": ["sh", "-c", 'rabbitmqctl add_user app "$RABBITMQ_APP_PASSWORD"; rabbitmqctl list_users']},
        {"command": ["mc", "alias", "set", "local", "http://minio:9000", "$(MINIO_ACCESS)", "$(MINIO_SECRET)"]},
        {"command": ["sh", "-c", "mc alias set local http://minio:9000 $ACCESS_KEY $SECRET_KEY && mc ls local"]},
        {"command": ["mc", "mirror", "local/a", "remote/b", "--overwrite"]},
        {"command": ["vault", "login", "-method=kubernetes", "role=app"]},
        {"command": ["vault", "login", "-"]},  # the token from stdin
        {"command": ["htpasswd", "-c", "/auth/htpasswd", "admin"]},  # htpasswd prompts without -b
        {"command": ["sh", "-c", 'htpasswd -Bbn admin "$ADMIN_PASSWORD" > /auth/htpasswd']},
        {"command": ["sh", "-c", "find /data -name secret -type f -delete"]},
        # a redirection's target is not an argument: these programs prompt or read stdin for the secret
        {"command": ["sh", "-c", "rabbitmqctl add_user app 2>/dev/null; rabbitmqctl list_users"]},
        {"command": ["sh", "-c", "mongosh -u admin -p > /tmp/ping.log"]},
        {"command": ["sh", "-c", "vault login >/dev/null 2>&1 && vault kv get secret/app"]},
        {"command": ["sh", "-c", "htpasswd -bn admin 2> /dev/null"]},
        {"command": ["ldapsearch", "-x", "-D", "cn=admin,dc=example,dc=org", "-W"]},  # -W prompts
        {"command": ["sh", "-c", 'ldapsearch -x -D cn=admin -w "$LDAP_ADMIN_PASSWORD" -b dc=example,dc=org']},
        {"command": ["sh", "-c", 'grafana-cli admin reset-admin-password "$GF_SECURITY_ADMIN_PASSWORD"']},
        # flags that name a secret kept elsewhere, for these programs
        {"command": ["sh", "-c", "aws secretsmanager get-secret-value --secret-id prod/db/creds --query SecretString --output text"]},
        {"command": ["aws", "secretsmanager", "get-secret-value", "--secret-id", "prod/db/creds"]},
        {"command": ["sh", "-c", "gcloud secrets versions access latest --secret=db-password > /run/pw"]},
        {"command": ["gcloud", "run", "deploy", "app", "--set-secrets=DB_PASSWORD=db-password:latest"]},
    ],
)
def test_options_that_do_not_hold_a_password(fields: dict[str, list[str]]) -> None:
    assert findings(pod([container(**fields)]), POLICY) == []


@pytest.mark.parametrize("attached", ["-pFAKEnotARealPassword9", "-kS3cr3t-FAKE-token", "-PFAKE_secret"])
def test_a_value_attached_to_a_short_option_is_never_shown_as_a_flag_name(attached: str) -> None:
    # "-pFAKEnotARealPassword9" is -p with a value: reading it as a flag named "pFAKE...Password9"
    # made the next argument its value, and the message quoted the "flag", value included
    decision = decide(pod([container(command=["/app/tool", attached, "orders"])]))
    _assert_value_absent(decision, attached, attached[2:])
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("token", ["FAKE0not0a0real0token0a1b2c3d4", "f4k3d00dc0ffee0123456789abcdef", "x" * 70])
def test_a_json_key_that_may_be_a_credential_is_not_shown(token: str) -> None:
    decision = decide(_configmap({"users.json": f'{{"tokens":{{"{token}":{{"name":"ci","password":"{FAKE}"}}}}}}'}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'sets "tokens.*.password"' in finding.message
    _assert_value_absent(decision, token, FAKE)


def test_json_keys_that_are_names_are_shown() -> None:
    data = {"config.json": f'{{"auths":{{"registry.example.com:5000":{{"auth":"{FAKE_DOCKER_AUTH}"}}}}}}'}
    (finding,) = findings(_configmap(data), POLICY)
    assert 'sets "auths.registry.example.com:5000.auth"' in finding.message
    data = {"app.json": f'{{"SPRING_DATASOURCE_PASSWORD":"{FAKE}","oauth2":{{"clientSecret":"{FAKE}"}}}}'}
    assert [f.message.split(" in plain text")[0].split("sets ")[1] for f in findings(_configmap(data), POLICY)] == [
        '"SPRING_DATASOURCE_PASSWORD"', '"oauth2.clientSecret"'
    ]


@pytest.mark.parametrize("field", ["data", "binaryData"])
def test_a_key_that_is_itself_a_credential_is_reported_without_showing_it(field: str) -> None:
    dsn_key = f"postgres://admin:{FAKE}@db:5432/app"
    token_key = "ghp_" + "a1B2c3D4e5" * 3 + "123456"
    obj = _configmap({}) if field == "binaryData" else _configmap({dsn_key: "1", token_key: "x"})
    if field == "binaryData":
        obj["binaryData"] = {dsn_key: base64.b64encode(b"1").decode(), token_key: base64.b64encode(b"x").decode()}
    found = findings(obj, "disallow-plaintext-secrets")
    assert len(found) == 2
    shown = orjson.dumps([(f.message, f.path) for f in found]).decode()
    assert FAKE not in shown and token_key not in shown and "admin" not in shown
    assert all(f.path == f"/{field}/<hidden key>" and "(not shown)" in f.message for f in found)


@pytest.mark.parametrize("value", [{"value": "1"}, {"value": FAKE}, {"valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}])
def test_an_env_var_name_that_is_itself_a_credential_is_reported_without_showing_it(value: dict[str, Any]) -> None:
    token_name = "ghp_" + "a1B2c3D4e5" * 3 + "123456"
    dsn_name = f"postgres://admin:{FAKE}@db:5432/app"
    env = [{"name": token_name, **value}, {"name": dsn_name, **value}]
    found = findings(pod([container("app", env=env)]), "disallow-plaintext-secrets")
    assert len(found) == 2
    shown = orjson.dumps([(f.message, f.path) for f in found]).decode()
    assert token_name not in shown and FAKE not in shown and "admin" not in shown
    assert [f.path for f in found] == ["/spec/containers/0/env/0/name", "/spec/containers/0/env/1/name"]
    assert all("env var name is itself" in f.message and "(not shown)" in f.message for f in found)
    assert all("rename the env var" in f.message for f in found)


def test_a_sensitive_name_that_is_itself_a_credential_is_not_shown_in_a_script() -> None:
    token_name = "ghp_" + "a1B2c3D4e5" * 3 + "123456"
    for args in (["sh", "-c", f"export {token_name}_PASSWORD=hunter2xyz && run"], [f"--{token_name}-password", "hunter2xyz"]):
        found = findings(pod([container("app", args=args)]), "disallow-plaintext-secrets")
        assert found, args
        assert all(token_name not in f.message and "hunter2xyz" not in f.message for f in found), args


_TOKEN_RUN = "Zq7fakeQ9xY3bN8mK2pL"  # 16+ letters and digits, mixed: the shape of a token, of no known kind


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ([], ["sh", "-c", f"export {_TOKEN_RUN}_PASSWORD=hunter2xyz && run"]),
        ([], ["sh", "-c", f"password_{_TOKEN_RUN}=hunter2xyz run"]),
        ([], [f"--{_TOKEN_RUN}-password", "hunter2xyz"]),
        ([], [f"--password-{_TOKEN_RUN}=hunter2xyz"]),
        ([{"name": "JAVA_OPTS", "value": f"-Ddb.password.{_TOKEN_RUN}=hunter2xyz"}], []),
    ],
)
def test_a_part_of_a_sensitive_name_that_may_be_a_token_is_shown_as_a_star(env: list[dict[str, str]], args: list[str]) -> None:
    """As in a config file's key (``_json_path``): a name is shown, but a run in it that has a
    token's shape may be one (a variable named after a key), and is shown as ``*``."""
    found = findings(pod([container("app", env=env, args=args)]), "disallow-plaintext-secrets")
    assert found, args
    assert all(_TOKEN_RUN not in f.message and "hunter2xyz" not in f.message and "*" in f.message for f in found), [f.message for f in found]


@pytest.mark.parametrize(
    ("obj", "shown"),
    [
        (pod([container(env=[{"name": f"{_TOKEN_RUN}_PASSWORD", "value": "hunter2xyz"}])]), 'env var "*_PASSWORD"'),
        (pod([container(env=[{"name": f"DB_{_TOKEN_RUN}_TOKEN", "value": "hunter2xyz"}])]), 'env var "DB_*_TOKEN"'),
        (pod([container(env=[{"name": f"{_TOKEN_RUN}_OPTS", "value": "--db-password=hunter2xyz"}])]), 'env var "*_OPTS"'),
        (pod([container(env=[{"name": f"{_TOKEN_RUN}_SCRIPT", "value": "sh -c 'mysql -phunter2xyz'"}], command=["sh", "-c", f"${_TOKEN_RUN}_SCRIPT"])]), 'env var "*_SCRIPT"'),
        (_configmap({f"{_TOKEN_RUN}_password": "hunter2xyz"}), 'key "*_password"'),
        (_configmap({f"{_TOKEN_RUN}.conf": "password = hunter2xyz\n"}), 'key "*.conf"'),
    ],
)
def test_an_env_var_name_or_a_configmap_key_with_a_run_that_may_be_a_token_shows_it_as_a_star(obj: dict[str, Any], shown: str) -> None:
    """The name of an env var or of a ConfigMap key is shown as a flag's is (``token_runs_hidden``)."""
    found = findings(obj, "disallow-plaintext-secrets")
    assert found and all(shown in f.message for f in found), [f.message for f in found]
    assert all(_TOKEN_RUN not in f.message and "hunter2xyz" not in f.message for f in found)


@pytest.mark.parametrize(
    "image",
    [
        f"deploy:{FAKE}@registry.example/app:1.0",
        f"https://deploy:{FAKE}@registry.example/app:1.0",
        f"deploy:{FAKE}@registry.example:5000/team/app@sha256:" + "0f" * 32,
    ],
)
def test_registry_credentials_in_an_image_reference_are_reported(image: str) -> None:
    obj = pod([container("app"), container("init", image=image)])
    finding = reported_once(obj, "disallow-plaintext-secrets", "image reference holds")
    assert finding.path == "/spec/containers/1/image" and finding.container == 'container "init"'
    assert "imagePullSecret" in finding.message


@pytest.mark.parametrize(
    "image",
    ["registry.example/app:1.0", "registry.example:5000/app@sha256:" + "0f" * 32, "deploy@registry.example/app:1.0", "app"],
)
def test_an_image_reference_without_a_password_is_not_reported(image: str) -> None:
    assert not findings(pod([container("app", image=image)]), "disallow-plaintext-secrets")


def test_a_container_named_like_a_credential_is_shown_by_its_index() -> None:
    """The mutating webhook sees the object before the API server validates container names."""
    token_name = "ghp_" + "a1B2c3D4e5" * 3 + "123456"
    decision = decide(pod([container("app"), container(token_name, env=[{"name": "DB_PASSWORD", "value": FAKE}])]))
    mine = [f for f in decision.findings if f.path.startswith("/spec/containers/1")]
    assert mine and all(f.container == 'container "#1"' for f in mine)
    assert token_name not in everything_shown(decision)
    assert any(f.container == 'container "app"' for f in decision.findings)


def test_counted_parts_number_repeats_and_stop_at_the_limit() -> None:
    """``Violation.parts`` of a finding that stands for several things: a repeated label numbered
    from its second time, at most ``limit`` of them."""
    assert counted(["password", "token", "password", "password"], 4) == ("password", "token", "password (2)", "password (3)")
    assert counted(["password", "token", "password", "password"], 3) == ("password", "token", "password (2)")
    assert counted(["password"] * 5, 0) == ()
