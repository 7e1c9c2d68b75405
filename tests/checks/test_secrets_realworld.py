"""disallow-plaintext-secrets on shapes found in real-world manifests (public examples and
operator samples): one test per class of false positive or false negative that was fixed. Secret
values here are obviously fake (``hunter2-example``)."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import container, decide, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE = "hunter2-example"


def _env_pod(name: str, value: str) -> dict[str, Any]:
    return pod([container(env=[{"name": name, "value": value}])])


def _configmap(data: dict[str, str]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": data}


def _assert_not_shown(obj: dict[str, Any], *values: str) -> None:
    decision = decide(obj)
    text = repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])
    for value in values:
        assert value not in text


# --- a switch about a secret, set to 0 or 1 (the official mysql and mariadb images) ---------------


@pytest.mark.parametrize(
    "name, value",
    [
        ("MYSQL_ALLOW_EMPTY_PASSWORD", "1"),
        ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1"),
        ("MYSQL_RANDOM_ROOT_PASSWORD", "1"),
        ("MYSQL_ALLOW_EMPTY_PASSWORD", "0"),
    ],
)
def test_a_switch_set_to_0_or_1_under_a_sensitive_name_is_not_a_secret(name: str, value: str) -> None:
    assert findings(_env_pod(name, value), POLICY) == []


def test_a_real_value_under_the_same_name_is_still_reported() -> None:
    (finding,) = findings(_env_pod("MYSQL_ROOT_PASSWORD", FAKE), POLICY)
    assert 'env var "MYSQL_ROOT_PASSWORD"' in finding.message
    assert findings(_env_pod("MYSQL_ROOT_PASSWORD", "12"), POLICY) != []


# --- a template expression or a placeholder to fill in is not a value yet -------------------------


@pytest.mark.parametrize("value", ["{{ .Values.db.password }}", "{{.AdminPassword}}", "<Client Secret>", "<<paste the key here>>"])
def test_a_template_or_placeholder_under_a_sensitive_name_is_not_reported(value: str) -> None:
    assert findings(_env_pod("OAUTH2_PROXY_CLIENT_SECRET", value), POLICY) == []
    ini = f"[security]\nadmin_user = admin\nadmin_password = {value}\n"
    assert findings(_configmap({"grafana.ini": ini}), POLICY) == []


@pytest.mark.parametrize("value", [f"{{{{ .X }}}}{FAKE}", f"<{FAKE}", f"{FAKE}>", f"<a>{FAKE}<b>"])
def test_a_literal_around_a_template_is_still_reported(value: str) -> None:
    (finding,) = findings(_env_pod("OAUTH2_PROXY_CLIENT_SECRET", value), POLICY)
    assert 'env var "OAUTH2_PROXY_CLIENT_SECRET"' in finding.message
    _assert_not_shown(_env_pod("OAUTH2_PROXY_CLIENT_SECRET", value), FAKE)


def test_a_literal_in_a_config_file_next_to_templates_is_still_reported() -> None:
    ini = f"[security]\nadmin_user = {{{{ .AdminUser }}}}\nadmin_password = {FAKE}\n"
    (finding,) = findings(_configmap({"grafana.ini": ini}), POLICY)
    assert '"admin_password"' in finding.message and "line 3" in finding.message


# --- a secret's name glued to a metadata suffix describes the secret --------------------------------


@pytest.mark.parametrize("name", ["AZURESERVICEBUS_ACCESSKEYNAME", "PGPASSFILE", "PASSWORDFILE", "SECRETNAME", "tokenurl", "apikeyheader"])
def test_a_glued_metadata_suffix_describes_the_secret(name: str) -> None:
    assert findings(_env_pod(name, "orders-queue"), POLICY) == []


GLUED_PLURALS = ["GOOGLE_CREDENTIALSFILE", "credentialsfile", "credentialsFileName", "CREDENTIALSPATH", "secretsdir", "clientsecretsfile", "passwordsfile", "apikeysfile"]


@pytest.mark.parametrize("name", GLUED_PLURALS)
def test_a_plural_secret_glued_to_a_metadata_suffix_describes_the_secrets(name: str) -> None:
    """``GOOGLE_CREDENTIALSFILE`` was sensitive where ``GOOGLE_CREDENTIALS_FILE``, ``credentialFile``
    and ``credentialfile`` were not: a plural before the glued suffix was not read as the secret's name
    (an absolute path was no finding already: a relative one, or a name, was)."""
    assert findings(_env_pod(name, "gcp-key.json"), POLICY) == []
    assert findings(_configmap({"app.yaml": f"{name}: gcp-key.json\n"}), POLICY) == []
    assert findings(_configmap({name: "gcp-key"}), POLICY) == []


@pytest.mark.parametrize("name", ["GOOGLE_CREDENTIALS", "clientsecrets", "DB_PASSWORDS", "APIKEYS", "credentialsfilex"])
def test_a_plural_secret_without_a_glued_suffix_stays_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message


@pytest.mark.parametrize("name", ["ACCESSKEY", "PGPASSWORD", "SECRETKEY", "AUTHTOKEN", "REQUIREPASS"])
def test_glued_names_without_a_metadata_suffix_stay_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message


# --- names that say token for an identifier (etcd, kubeadm) ----------------------------------------


def test_the_etcd_initial_cluster_token_is_an_identifier() -> None:
    script = "exec etcd --name ${HOSTNAME} --initial-cluster-token etcd-cluster-1 --initial-cluster-state new"
    obj = pod([container(command=["/bin/sh", "-ec", script], env=[{"name": "ETCD_INITIAL_CLUSTER_TOKEN", "value": "etcd-cluster-1"}])])
    assert findings(obj, POLICY) == []
    args = pod([container(args=["--initial-cluster-token=etcd-cluster-1", "--discovery-token-ca-cert-hash", "sha256:abc"])])
    assert findings(args, POLICY) == []


def test_a_cluster_token_that_is_not_etcds_is_still_reported() -> None:
    (finding,) = findings(pod([container(args=["kubeadm", "join", "--token", FAKE])]), POLICY)
    assert '"--token"' in finding.message


# --- a shared key is a secret (fluentd secure forward, Azure Log Analytics) -------------------------


@pytest.mark.parametrize("name", ["FLUENT_SECURE_FORWARD_SHARED_KEY", "WORKSPACE_SHARED_KEY", "sharedKey", "shared_key"])
def test_a_shared_key_is_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message
    assert findings(_env_pod(name.replace("KEY", "KEY_PATH").replace("Key", "KeyPath").replace("key", "key_path"), "/etc/fluent/shared.key"), POLICY) == []


# --- a chat webhook URL carries its token (Alertmanager configs in ConfigMaps) ----------------------

FAKE_SLACK_HOOK = "https://hooks.slack.com/services/TFAKE0000/BFAKE0000/FAKEnotARealHook0000hunter2"
FAKE_DISCORD_HOOK = "https://discord.com/api/webhooks/100000000000000000/FAKE-not-a-real-webhook-token-hunter2-example-000"


@pytest.mark.parametrize("url", [FAKE_SLACK_HOOK, FAKE_DISCORD_HOOK])
def test_a_chat_webhook_url_in_an_alertmanager_configmap(url: str) -> None:
    config = f"global:\n  resolve_timeout: 5m\nreceivers:\n- name: chat\n  slack_configs:\n  - api_url: '{url}'\n    channel: '#alerts'\n"
    obj = _configmap({"config.yml": config})
    (finding,) = findings(obj, POLICY)
    assert 'key "config.yml" holds a' in finding.message and "webhook URL" in finding.message
    _assert_not_shown(obj, url, url.rsplit("/", 1)[1])
    assert findings(_env_pod("ALERT_HOOK", url), POLICY) != []


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "https://hooks.slack.com/services/XXX/YYY/ZZZ",
        "https://hooks.slack.com/services/.......................",
        "https://hooks.slack.com/services/${SLACK_PATH}",
        "https://slack.com/api/chat.postMessage",
    ],
)
def test_placeholder_webhook_urls_are_not_reported(url: str) -> None:
    assert findings(_configmap({"config.yml": f"global:\n  slack_api_url: '{url}'\n"}), POLICY) == []


# --- exec probes and lifecycle hooks run commands too -----------------------------------------------


@pytest.mark.parametrize(
    "fields, where",
    [
        ({"readinessProbe": {"exec": {"command": ["mysql", "-u", "app", f"-p{FAKE}", "app", "-e", "SELECT 1"]}}}, "readinessProbe/exec/command/3"),
        ({"livenessProbe": {"exec": {"command": ["sh", "-c", f"redis-cli -a {FAKE} ping"]}}}, "livenessProbe/exec/command/2"),
        ({"startupProbe": {"exec": {"command": ["curl", "-fsu", "admin", "-u", f"admin:{FAKE}", "http://localhost"]}}}, "startupProbe/exec/command/4"),
        ({"lifecycle": {"preStop": {"exec": {"command": ["/bin/app", f"--api-token={FAKE}", "drain"]}}}}, "lifecycle/preStop/exec/command/1"),
    ],
)
def test_a_password_in_an_exec_probe_or_hook_is_reported(fields: dict[str, Any], where: str) -> None:
    obj = pod([container(**fields)])
    (finding,) = findings(obj, POLICY)
    assert finding.path == f"/spec/containers/0/{where}"
    assert where.split("/")[0] in finding.message
    _assert_not_shown(obj, FAKE)


@pytest.mark.parametrize(
    "fields",
    [
        {"readinessProbe": {"exec": {"command": ["mysql", "-u", "app", f"-p{FAKE}", "app", "-e", "SELECT 1"]}}},
        {"livenessProbe": {"exec": {"command": ["sh", "-c", f"redis-cli -a {FAKE} ping"]}}},
        {"lifecycle": {"preStop": {"exec": {"command": ["/bin/app", f"--api-token={FAKE}", "drain"]}}}},
    ],
)
def test_the_fix_for_an_exec_probe_or_hook_does_not_offer_a_reference_the_kubelet_leaves_empty(fields: dict[str, Any]) -> None:
    """The kubelet expands $(VAR) from a Secret in a container's command and args only (an exec
    probe gets the env vars written as values, a hook none): the fix there is a shell's $VAR or a
    file. The container's own args keep the $(VAR) fix, which works there."""
    obj = pod([container(**fields)])
    (finding,) = findings(obj, POLICY)
    assert "used as $(VAR)" not in finding.message
    assert "valueFrom.secretKeyRef used as $VAR in sh -c" in finding.message
    assert "does not expand $(VAR)" in finding.message
    _assert_not_shown(obj, FAKE)
    (in_args,) = findings(pod([container(args=[f"--api-token={FAKE}"])]), POLICY)
    assert "used as $(VAR)" in in_args.message


def test_probes_without_a_password_are_not_reported() -> None:
    probes = {
        "readinessProbe": {"exec": {"command": ["mysql", "-h", "127.0.0.1", "-e", "SELECT 1"]}},
        "livenessProbe": {"exec": {"command": ["sh", "-c", "redis-cli -a $REDIS_PASSWORD ping"]}},
        "startupProbe": {"httpGet": {"path": "/", "port": 8080}},
        "lifecycle": {"preStop": {"exec": {"command": ["/bin/sh", "-c", "sleep 5"]}}},
    }
    assert findings(pod([container(**probes)]), POLICY) == []


# --- option strings in env values (JAVA_OPTS, *_ARGS) ----------------------------------------------


@pytest.mark.parametrize(
    "name, value, flag",
    [
        ("JAVA_OPTS", f"-Djavax.net.ssl.trustStore=/etc/cacerts -Djavax.net.ssl.trustStorePassword={FAKE} -Xmx512m", "-Djavax.net.ssl.trustStorePassword"),
        ("CATALINA_OPTS", f"-Xms256m -Dspring.datasource.password={FAKE}", "-Dspring.datasource.password"),
        ("EXTRA_ARGS", f"--log-level=info --api-token {FAKE}", "--api-token"),
        ("PROXY_ARGS", f'--client-secret="{FAKE}"', "--client-secret"),
    ],
)
def test_a_sensitive_option_in_an_env_option_string_is_reported(name: str, value: str, flag: str) -> None:
    obj = _env_pod(name, value)
    (finding,) = findings(obj, POLICY)
    assert f'env var "{name}" passes "{flag}"' in finding.message
    _assert_not_shown(obj, FAKE)


@pytest.mark.parametrize(
    "value",
    [
        "-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom",
        "-Djavax.net.ssl.trustStorePassword=$(TRUSTSTORE_PASSWORD) -Djavax.net.ssl.trustStore=/etc/cacerts",
        "-Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD}",
        "--password-file=/run/secrets/db --token-ttl 5m",
        "--traceZipkinListenerPorts 9411 --traceZipkinApplicationName shop",
        "-Xmx400M -Xms400M",
        "service.name=cart,service.namespace=shop",
        "--api-token",
    ],
)
def test_option_strings_without_a_literal_secret_are_not_reported(value: str) -> None:
    assert findings(_env_pod("JAVA_OPTS", value), POLICY) == []


def test_a_lowercase_password_attached_to_mysql_p_is_one_finding_that_does_not_show_it() -> None:
    # "-pdbpassword99" was also read as a flag named "pdbpassword99" (sensitive: it says "password"),
    # which made the next argument its value and put the password in the message
    for fields in (
        {"readinessProbe": {"exec": {"command": ["mysql", "-u", "app", "-pdbpassword99", "app", "-e", "SELECT 1"]}}},
        {"command": ["mysql", "-u", "app", "-pdbpassword99", "app"]},
    ):
        obj = pod([container(**fields)])
        (finding,) = findings(obj, POLICY)
        assert '"mysql" (-p<password>)' in finding.message
        _assert_not_shown(obj, "dbpassword99")


# --- a value glued to a single-dash option is never shown as a flag name -------------------------


@pytest.mark.parametrize(
    "argv, hidden",
    [
        (["mytool", "-ppassword99", "db"], "password99"),  # -p with a lowercase password attached
        (["mytool", "-psecretvalue", "db"], "secretvalue"),
        (["mytool", "-pmysecret=abc"], "mysecret"),
        (["sh", "-c", "mytool -ppassword99=abc"], "password99"),
    ],
)
def test_an_option_letter_with_its_value_attached_is_flagged_without_showing_it(argv: list[str], hidden: str) -> None:
    obj = pod([container(command=argv)])
    assert len(findings(obj, POLICY)) == 1
    assert "not shown" in findings(obj, POLICY)[0].message
    _assert_not_shown(obj, hidden)


def test_an_option_string_in_an_env_var_hides_a_glued_value_too() -> None:
    obj = _env_pod("JAVA_OPTS", "-Xmx1g -ppassword99 foo")
    assert len(findings(obj, POLICY)) == 1
    _assert_not_shown(obj, "password99")


@pytest.mark.parametrize(
    "argv, shown",
    [
        (["mytool", "-db-password", FAKE], '"-db-password"'),
        (["mytool", "-dbPassword=" + FAKE], '"-dbPassword"'),
        (["mytool", "-auth-token", FAKE], '"-auth-token"'),
        (["mytool", "-apiKey", FAKE], '"-apiKey"'),
        (["mytool", "--ppassword99", FAKE], '"--ppassword99"'),  # a long option holds no attached value
    ],
)
def test_flags_that_spell_out_a_sensitive_word_are_still_named(argv: list[str], shown: str) -> None:
    messages = [f.message for f in findings(pod([container(command=argv)]), POLICY)]
    assert len(messages) == 1 and shown in messages[0]
    assert FAKE not in messages[0]


# --- Azure connection strings and SAS URLs carry an access key, not a password ----------------------

FAKE_KEY = "ZmFrZS1leGFtcGxlLWtleS1ub3QtcmVhbA=="  # base64 of "fake-example-key-not-real"


@pytest.mark.parametrize(
    "value",
    [
        f"DefaultEndpointsProtocol=https;AccountName=example;AccountKey={FAKE_KEY};EndpointSuffix=core.windows.net",
        f"Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={FAKE_KEY}",
        f"Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={FAKE_KEY};EntityPath=events",
        f"https://example.blob.core.windows.net/logs?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig={FAKE_KEY}",
    ],
)
def test_an_azure_connection_string_or_sas_url_under_a_neutral_name_is_reported(value: str) -> None:
    for obj in (_env_pod("STORAGE_CONNECTION", value), _configmap({"storage.connection": value})):
        (finding,) = findings(obj, POLICY)
        assert finding.action == "deny"
        _assert_not_shown(obj, FAKE_KEY)


@pytest.mark.parametrize(
    "value",
    [
        "DefaultEndpointsProtocol=https;AccountName=example;AccountKey=$(STORAGE_KEY);EndpointSuffix=core.windows.net",
        "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>",
        "UseDevelopmentStorage=true",
        "DefaultEndpointsProtocol=https;AccountName=example;EndpointSuffix=core.windows.net",
        "https://example.blob.core.windows.net/logs?sv=2022-11-02&sig=${SAS_SIGNATURE}",
    ],
)
def test_azure_connection_strings_without_a_literal_key_are_not_reported(value: str) -> None:
    assert findings(_env_pod("STORAGE_CONNECTION", value), POLICY) == []


# --- a JAAS login configuration with a password (Kafka's sasl.jaas.config, KAFKA_*_SASL_JAAS_CONFIG) -

_PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required"
_SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule required"


@pytest.mark.parametrize(
    "value",
    [
        f'{_PLAIN} username="admin" password="{FAKE}" user_admin="{FAKE}";',
        f"{_SCRAM} username=app password={FAKE};",
        f"{_PLAIN} username='app' password='{FAKE}';",
        f'sasl.mechanism=PLAIN\nsasl.jaas.config={_PLAIN} \\\n  username="client" \\\n  password="{FAKE}";\n',
    ],
)
def test_a_jaas_config_with_a_password_under_a_neutral_name_is_reported(value: str) -> None:
    for obj in (_env_pod("KAFKA_LISTENER_NAME_SASL_PLAIN_SASL_JAAS_CONFIG", value), _configmap({"client.properties": value})):
        (finding,) = findings(obj, POLICY)
        assert finding.action == "deny"
        assert "JAAS" in finding.message
        _assert_not_shown(obj, FAKE)


@pytest.mark.parametrize(
    "value",
    [
        f'{_PLAIN} username="app" password="${{KAFKA_PASSWORD}}";',
        f'{_PLAIN} username="$(KAFKA_USER)" password="$(KAFKA_PASSWORD)";',
        f'{_PLAIN} username="<username>" password="<password>";',
        f'{_PLAIN} username="app" password="";',
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        'com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab="/etc/kafka/kafka.keytab";',
    ],
)
def test_jaas_configs_without_a_literal_password_are_not_reported(value: str) -> None:
    assert findings(_env_pod("KAFKA_SASL_JAAS_CONFIG", value), POLICY) == []


# --- PW ending a name is a password (VNC_PW of the ConSol and Kasm VNC images, DB_PW) -----------------


@pytest.mark.parametrize("name", ["VNC_PW", "DB_PW", "LDAP_BIND_PW", "vncPw"])
def test_pw_ending_a_name_is_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message
    _assert_not_shown(_env_pod(name, FAKE), FAKE)


@pytest.mark.parametrize("name", ["PW_TEST_HTML_REPORT_OPEN", "PWDEBUG", "PW_FILE", "DB_PW_FILE", "PW_MIN_LENGTH"])
def test_pw_elsewhere_or_describing_the_password_is_not_sensitive(name: str) -> None:
    assert findings(_env_pod(name, "never"), POLICY) == []


# --- a unit of time, audiences or encryption ending a name describes the secret -------------------


@pytest.mark.parametrize(
    "name, value",
    [
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "30"),
        ("REFRESH_TOKEN_EXPIRE_HOURS", "24"),
        ("CREDENTIALS_CACHE_TTL_MS", "60000"),
        ("SESSION_SECRET_ROTATION_WEEKS", "4"),
        ("POSTGRESQL_PASSWORD_ENCRYPTION", "scram-sha-256"),
        ("OIDC_TOKEN_AUDIENCES", "api,web"),
    ],
)
def test_a_name_ending_in_a_time_unit_audiences_or_encryption_is_not_sensitive(name: str, value: str) -> None:
    assert findings(_env_pod(name, value), POLICY) == []


def test_kube_rbac_proxy_token_audiences_and_postgresql_password_encryption_are_not_reported() -> None:
    args = ["--secure-listen-address=0.0.0.0:8443", "--auth-token-audiences=rbac-proxy.default.svc"]
    assert findings(pod([container(args=args)]), POLICY) == []
    conf = "listen_addresses = '*'\npassword_encryption = scram-sha-256\nssl = on\n"
    assert findings(_configmap({"postgresql.conf": conf}), POLICY) == []


@pytest.mark.parametrize("name", ["ACCESS_TOKEN", "TOKEN_MINUTES_SECRET", "DB_PASSWORD", "ENCRYPTION_KEY", "AUDIENCES_TOKEN"])
def test_those_words_elsewhere_in_a_name_leave_it_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message


# --- a bearer token is on the same line as Bearer ----------------------------------------------------


def test_a_prometheus_bearer_authorization_with_a_credentials_file_is_not_a_token() -> None:
    conf = (
        "scrape_configs:\n"
        "  - job_name: kubernetes-apiservers\n"
        "    authorization:\n"
        "      type: Bearer\n"
        "      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n"
    )
    assert findings(_configmap({"prometheus.yml": conf}), POLICY) == []


@pytest.mark.parametrize("value", ["Authorization: Bearer FAKEabcdefghijklmnop123", "Bearer\tFAKEabcdefghijklmnop123"])
def test_a_bearer_token_on_the_same_line_is_still_reported(value: str) -> None:
    (finding,) = findings(_env_pod("EXTRA_HEADER", value), POLICY)
    assert "bearer token" in finding.message
    _assert_not_shown(_env_pod("EXTRA_HEADER", value), "FAKEabcdefghijklmnop123")


# --- fluent-bit's classic config: "Key value" lines under [SERVICE], [INPUT], [OUTPUT]... ------------

_FLUENT_BIT_ES = (
    "[SERVICE]\n"
    "    Flush        1\n"
    "    Parsers_File parsers.conf\n"
    "\n"
    "[OUTPUT]\n"
    "    Name         es\n"
    "    Match        kube.*\n"
    "    Host         elasticsearch\n"
    "    HTTP_User    admin\n"
    "    HTTP_Passwd  {password}\n"
)


@pytest.mark.parametrize(
    "key, conf, fragment",
    [
        ("fluent-bit.conf", _FLUENT_BIT_ES.format(password=FAKE), '"HTTP_Passwd" in plain text (line 10)'),
        ("output.conf", f"[OUTPUT]\n    Name  es\n    Cloud_ID  fake:ZmFrZQ==\n    Cloud_Auth  elastic:{FAKE}\n", '"Cloud_Auth" in plain text (line 4)'),
        ("output-pgsql.conf", f"[OUTPUT]\n    Name  pgsql\n    User  fluentbit\n    Password  {FAKE}\n", '"Password" in plain text (line 4)'),
        ("fluent-bit.conf", f"[INPUT]\n    Name  tail\n\n[OUTPUT]\n\tName  splunk\n\tSplunk_Token  {FAKE}\n", '"Splunk_Token" in plain text (line 6)'),
        ("fluent-bit.conf", f"[Output]\r\n    Name  http\r\n    http_passwd  \"{FAKE}\"\r\n", '"http_passwd" in plain text (line 3)'),
    ],
)
def test_a_secret_in_a_fluent_bit_classic_config_is_reported(key: str, conf: str, fragment: str) -> None:
    (finding,) = findings(_configmap({key: conf}), POLICY)
    assert finding.path == f"/data/{key}"
    assert fragment in finding.message, finding.message
    _assert_not_shown(_configmap({key: conf}), FAKE)


@pytest.mark.parametrize(
    "conf",
    [
        _FLUENT_BIT_ES.format(password="${HTTP_PASSWD}"),
        _FLUENT_BIT_ES.format(password="/fluent-bit/secrets/es-password"),
        "[OUTPUT]\n    Name  es\n    Cloud_Auth  ${CLOUD_AUTH}\n",
        "[OUTPUT]\n    Name  es\n    Cloud_Auth  elastic:${ES_PASSWORD}\n",
        "[OUTPUT]\n    Name  forward\n    tls.key_passwd  ${TLS_KEY_PASSWD}\n    Password_File  /etc/fb/password\n",
        "[FILTER]\n    Name  modify\n    Match  *\n    Remove  password\n    Remove_key  token\n",
        "[FILTER]\n    Name  kubernetes\n    Kube_Token_File  /var/run/secrets/kubernetes.io/serviceaccount/token\n"
        "    Kube_Token_TTL  600\n    Kube_Token_Command  cat /var/run/token\n",
        "[PARSER]\n    Name   apache\n    Format regex\n    Regex  ^(?<host>[^ ]*) (?<user>[^ ]*) \\[(?<time>[^\\]]*)\\]$\n"
        "    Time_Format %d/%b/%Y:%H:%M:%S %z\n",
    ],
)
def test_a_fluent_bit_config_without_a_literal_secret_is_not_reported(conf: str) -> None:
    assert findings(_configmap({"fluent-bit.conf": conf}), POLICY) == []


@pytest.mark.parametrize(
    "key, conf",
    [
        # whitespace-separated lines are read only in a recognisable fluent-bit config
        ("nginx.conf", f"server {{\n    listen 80;\n    location / {{\n        proxy_pass http://app;\n        password_hint {FAKE};\n    }}\n}}\n"),
        ("notes.conf", f"[general]\n    password {FAKE}\n"),
        ("fluent-bit.conf", f"# [OUTPUT]\n    HTTP_Passwd  {FAKE}\n"),
        ("fluent-bit.conf", f"[OUTPUT] x\n    HTTP_Passwd  {FAKE}\n"),
    ],
)
def test_key_value_lines_outside_a_fluent_bit_config_are_not_read(key: str, conf: str) -> None:
    assert findings(_configmap({key: conf}), POLICY) == []


# --- a placeholder's literal default is a value in plain text ------------------------------------


@pytest.mark.parametrize("value", [f"${{DB_PASSWORD:{FAKE}}}", f"${{DB_PASSWORD:-{FAKE}}}", f"${{env:DB_PASSWORD:-{FAKE}}}", f"${{spring.datasource.password:{FAKE}}}", f"${{A:${{B:{FAKE}}}}}"])
def test_a_placeholder_with_a_literal_default_is_reported(value: str) -> None:
    (finding,) = findings(_env_pod("DB_PASSWORD", value), POLICY)
    assert 'env var "DB_PASSWORD" sets a sensitive value in plain text' in finding.message
    _assert_not_shown(_env_pod("DB_PASSWORD", value), FAKE)
    (finding,) = findings(_configmap({"DB_PASSWORD": value}), POLICY)
    assert finding.path == "/data/DB_PASSWORD"
    for key, conf in [
        ("application.properties", f"spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password={value}\n"),
        ("application.yaml", f"spring:\n  datasource:\n    password: {value}\n"),
        ("application.yml", f'spring:\n  datasource:\n    password: "{value}"\n'),
        ("config.json", f'{{"db": {{"password": "{value}"}}}}'),
    ]:
        (finding,) = findings(_configmap({key: conf}), POLICY)
        assert "in plain text" in finding.message, key
        _assert_not_shown(_configmap({key: conf}), FAKE)


@pytest.mark.parametrize(
    "value",
    [
        "${DB_PASSWORD}",
        "${DB_PASSWORD:}",
        "${DB_PASSWORD:-}",
        "${DB_PASSWORD: }",
        "${DB_PASSWORD:${OTHER_PASSWORD}}",
        "${DB_PASSWORD:$OTHER_PASSWORD}",
        "${DB_PASSWORD:${A:}}",
        "${DB_PASSWORD:{{ .Values.db.password }}}",
        "${DB_PASSWORD:/run/secrets/db/password}",
        "${DB_PASSWORD:false}",
        "${DB_PASSWORD:?DB_PASSWORD is required}",
        "${DB_PASSWORD:}${SUFFIX}",
        "${DB_PASSWORD:-$(cat /run/secrets/db-password)}",
        "${DB_PASSWORD:0:8}",
        "${DB_PASSWORD:5}",  # the shell's substring from an offset
        "${DB_PASSWORD: -4}",
        "${DB_PASSWORD:(-4)}",
        "${env:DB_PASSWORD}",  # a Log4j lookup
        "${file:/etc/kafka/secrets.properties:db.password}",  # a Kafka config provider
    ],
)
def test_a_placeholder_without_a_literal_default_is_not_reported(value: str) -> None:
    assert findings(_env_pod("DB_PASSWORD", value), POLICY) == []
    assert findings(_configmap({"DB_PASSWORD": value}), POLICY) == []
    conf = f"spring.datasource.password={value}\n"
    assert findings(_configmap({"application.properties": conf}), POLICY) == []


def test_a_placeholder_default_in_a_shell_script_is_reported_and_a_substring_is_not() -> None:
    script = f'DB_PASSWORD="${{DB_PASSWORD:-{FAKE}}}"\nexec app\n'
    (finding,) = findings(pod([container(command=["sh", "-c", script])]), POLICY)
    assert '"DB_PASSWORD"' in finding.message
    _assert_not_shown(pod([container(command=["sh", "-c", script])]), FAKE)
    script = 'SHORT_TOKEN="${API_TOKEN:0:8}"\nTOKEN="${API_TOKEN:-$(cat /run/secrets/api-token)}"\nexec app\n'
    assert findings(pod([container(command=["sh", "-c", script])]), POLICY) == []
    script = 'export API_TOKEN=${TOKEN:5}\nexport LAST_TOKEN=${TOKEN: -12}\nexec app\n'
    assert findings(_configmap({"run.sh": script}), POLICY) == []


def test_a_numeric_placeholder_default_longer_than_an_offset_is_reported() -> None:
    """One or two digits after ``${NAME:`` are read as the shell's offset; a longer number is a default."""
    (finding,) = findings(_configmap({"application.properties": "spring.datasource.password=${DB_PASSWORD:482916}\n"}), POLICY)
    assert '"spring.datasource.password"' in finding.message and "482916" not in finding.message


def test_a_placeholder_default_under_a_neutral_name_is_not_reported() -> None:
    assert findings(_env_pod("DB_HOST", "${DB_HOST:localhost}"), POLICY) == []
    assert findings(_configmap({"application.properties": "server.port=${PORT:8080}\n"}), POLICY) == []


# --- names that identify or measure a secret: key ids, rates, variable names, hashing cost ---------


@pytest.mark.parametrize(
    "name, value",
    [
        ("KMS_KEY_ID", "alias/orders"),
        ("SSH_KEY_ID", "deploy-2024"),
        ("apiKeyId", "prod-1"),
        ("SIGNING_KEY_IDS", "k1,k2"),
        ("PASSWORD_ENV", "DB_PASSWORD"),
        ("TOKEN_ENV", "GITHUB_TOKEN"),
        ("PASSWORD_HASH_ROUNDS", "12"),
        ("PASSWORD_HASH_ITERATIONS", "600000"),
        ("SMTP_PASSWORD_CMD", "pass show smtp"),
        ("TOKENS_PER_SECOND", "50"),
        ("tokens-per-second", "50"),
        ("MAX_TOKENS_PER_MINUTE", "4000"),
        ("ACCESS_TOKEN_EXPIRE_MINUTES_STAFF", "480"),
        ("REFRESH_TOKEN_LIFETIME_DAYS_DEFAULT", "30"),
    ],
)
def test_names_that_identify_or_measure_a_secret_are_not_sensitive(name: str, value: str) -> None:
    assert findings(_env_pod(name, value), POLICY) == []
    assert findings(_configmap({name: value}), POLICY) == []
    assert findings(_configmap({"app.properties": f"{name}={value}\n"}), POLICY) == []


def test_flags_that_identify_or_measure_a_secret_are_not_reported() -> None:
    args = ["--tokens-per-second=50", "--kms-key-id=alias/orders", "--password-env=DB_PASSWORD", "--password-hash-rounds=12"]
    assert findings(pod([container(args=args)]), POLICY) == []


def test_an_aws_access_key_id_value_is_still_reported_under_its_name() -> None:
    (finding,) = findings(_env_pod("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), POLICY)
    assert "an AWS access key id" in finding.message


@pytest.mark.parametrize("name", ["AWS_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID", "accessKeyId", "MINIO_ACCESS_KEY_ID", "MINIO_ACCESS_KEY"])
def test_an_access_key_id_is_an_identifier_by_name(name: str) -> None:
    # who signs, as a user name: the secret access key is the credential (an AKIA... value is still
    # reported by its shape, as the guardrail's definition counts AWS key ids)
    assert findings(_env_pod(name, "storage-user-7"), POLICY) == []


@pytest.mark.parametrize(
    "name",
    [
        "AWS_SECRET_ACCESS_KEY", "VAULT_SECRET_ID", "API_KEY", "PRIVATE_KEY", "ACCESS_TOKEN", "TOKEN_MINUTES_SECRET",
        "SESSION_MINUTES_TOKEN", "ENV_PASSWORD", "ROUNDS_SECRET", "MS_SQL_PASSWORD", "PASSWORD_MS_SQL",
    ],
)  # fmt: skip
def test_names_near_those_stay_sensitive(name: str) -> None:
    (finding,) = findings(_env_pod(name, FAKE), POLICY)
    assert f'env var "{name}"' in finding.message


# --- NAME=value passed as a flag's value; a flag that reads the secret from stdin --------------------


@pytest.mark.parametrize(
    "argv, shown",
    [
        (["kubectl", "create", "secret", "generic", "db", f"--from-literal=password={FAKE}"], '"--from-literal=password"'),
        (["helm", "upgrade", "--install", "app", "chart", f"--set=db.password={FAKE}"], '"--set=db.password"'),
        (["sh", "-c", f"kubectl create secret generic db --from-literal=api_token={FAKE} --dry-run=client -o yaml"],
         '"--from-literal=api_token"'),
    ],
)  # fmt: skip
def test_a_sensitive_pair_passed_as_a_flag_value_is_reported(argv: list[str], shown: str) -> None:
    (finding,) = findings(pod([container(command=argv)]), POLICY)
    assert f"sets {shown}" in finding.message
    _assert_not_shown(pod([container(command=argv)]), FAKE)


@pytest.mark.parametrize(
    "argv",
    [
        ["kubectl", "create", "secret", "generic", "db", "--from-literal=password=$(DB_PASSWORD)", "--from-literal=user=app"],
        ["helm", "upgrade", "app", "chart", "--set=image.tag=1.2.3", "--set=db.existingSecret=db-creds"],
        ["sh", "-c", 'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin registry.example.com'],
    ],
)
def test_pairs_and_flags_without_a_literal_secret_are_not_reported(argv: list[str]) -> None:
    assert findings(pod([container(command=argv)]), POLICY) == []


# --- a PEM private key encoded in base64 (kubewarden's secrets scanner fixture, kubeconfigs) -------


def _pem(kind: str) -> str:
    """A fresh PEM block made at test time (never a stored key): a private key, its certificate or its public key."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    if kind == "private":
        raw = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    elif kind == "public":
        raw = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    else:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ca.example")])
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                .sign(key, hashes.SHA256()))  # fmt: skip
        raw = cert.public_bytes(serialization.Encoding.PEM)
    return raw.decode()


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def test_a_base64_encoded_private_key_in_an_env_value_is_reported() -> None:
    encoded = _b64(_pem("private"))
    obj = _env_pod("rsa", encoded)  # a neutral name: the value alone gives it away
    (finding,) = findings(obj, POLICY)
    assert 'env var "rsa" holds a PEM private key (base64-encoded) in plain text' in finding.message
    _assert_not_shown(obj, encoded[20:60])


def test_a_base64_encoded_private_key_in_a_configmap_is_reported() -> None:
    encoded = _b64(_pem("private"))
    kubeconfig = f"apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    client-key-data: {encoded}\n"
    obj = _configmap({"tls-material": encoded, "kubeconfig": kubeconfig})
    messages = sorted(f.message for f in findings(obj, POLICY))
    assert len(messages) == 2 and all("holds a PEM private key (base64-encoded)" in m for m in messages), messages
    _assert_not_shown(obj, encoded[20:60])


@pytest.mark.parametrize("kind", ["certificate", "public"])
def test_a_base64_encoded_certificate_or_public_key_is_not_a_secret(kind: str) -> None:
    encoded = _b64(_pem(kind))
    assert findings(_env_pod("CA_BUNDLE", encoded), POLICY) == []
    assert findings(_configmap({"ca.crt.b64": encoded, "kubeconfig": f"certificate-authority-data: {encoded}\n"}), POLICY) == []


# --- several credentials on one line: each is a credential of its own ------------------------------

_ONE_DSN = f"primary=postgres://app:{FAKE}@db1/shop"
_TWO_DSNS = f"primary=postgres://app:{FAKE}@db1/shop replica=postgres://ro:{FAKE}-2@db2/shop"
_URL = "a URL with a password (user:password@host)"


def test_two_credentials_in_one_env_value_are_each_counted() -> None:
    obj = _env_pod("DATABASE_URLS", _TWO_DSNS)
    (finding,) = findings(obj, POLICY)
    assert f'env var "DATABASE_URLS" holds 2 credentials in plain text: {_URL} (x2)' in finding.message
    assert finding.parts == (_URL, f"{_URL} (2)")  # what each is and its rank, never its value
    assert FAKE not in repr(decide(obj))
    (mixed,) = findings(_env_pod("UPSTREAMS", f"{_ONE_DSN} auth=Bearer {FAKE}-0123456789"), POLICY)
    assert mixed.parts == (_URL, "a bearer token")


@pytest.mark.parametrize(
    "data",
    [{"DATABASE_URLS": _TWO_DSNS}, {"app.conf": f"pool=5\nurls={_TWO_DSNS}\n"}],
    ids=["the-entry", "a-line-of-a-file"],
)
def test_two_credentials_on_one_configmap_line_are_two_findings(data: dict[str, str]) -> None:
    found = findings(_configmap(data), POLICY)
    assert [f.message.split(". Fix:")[0].split(" holds ")[1] for f in found] == [
        f"{_URL} in plain text" + (" (line 2)" if "app.conf" in data else ""),
        f"{_URL} in plain text, the 2nd of its kind on its line" + (" (line 2)" if "app.conf" in data else ""),
    ]
    assert len({f.item for f in found}) == 2
    assert FAKE not in repr(decide(_configmap(data)))


@pytest.mark.parametrize(
    "build",
    [
        lambda v: _env_pod("DATABASE_URLS", v),
        lambda v: _configmap({"DATABASE_URLS": v}),
        lambda v: _configmap({"app.conf": f"pool=5\nurls={v}\n"}),
    ],
    ids=["env", "configmap-entry", "configmap-file-line"],
)
def test_a_second_credential_added_to_a_line_is_new_on_update(build: Any) -> None:
    added = decide(build(_TWO_DSNS), operation="UPDATE", old=build(_ONE_DSN))
    assert not added.allowed
    assert FAKE not in repr(added)
    assert decide(build(_TWO_DSNS), operation="UPDATE", old=build(_TWO_DSNS)).allowed
    assert decide(build(_ONE_DSN), operation="UPDATE", old=build(_TWO_DSNS)).allowed  # one fewer: no new secret


# --- several secrets in one argument, or in one command of a script: each is a finding ------------

_ONE_OPTION = f"--user=admin --password={FAKE}"
_TWO_OPTIONS = f"--user=admin --password={FAKE} --api-token={FAKE}-token"


def test_each_option_of_an_argument_holding_several_is_a_finding() -> None:
    obj = pod([container(args=[_TWO_OPTIONS])])
    found = findings(obj, POLICY)
    assert [f.message.split(". Fix:")[0] for f in found] == [
        'container "app" args[0] sets "--password" in plain text',
        'container "app" args[0] sets "--api-token" in plain text',
    ]
    assert len({f.item for f in found}) == 2  # known by what each sets
    _assert_not_shown(obj, FAKE)
    # a value after a space is the option's
    (spaced,) = findings(pod([container(args=[f"--password {FAKE}"])]), POLICY)
    assert 'passes the value of "--password"' in spaced.message


_ONE_COMMAND = f"mysql -uroot -p{FAKE} shop"
_TWO_COMMANDS = f"mysql -uroot -p{FAKE} shop && curl -fsS -u admin:{FAKE} http://localhost:8080/flush"


def assert_only_the_added_secret_is_new(build: Any, one: str, two: str) -> None:
    """``two`` holds one secret more than ``one``: an UPDATE from ``one`` is denied (without
    showing it), from ``two`` to itself or back to ``one`` allowed."""
    added = decide(build(two), operation="UPDATE", old=build(one))
    assert not added.allowed
    assert FAKE not in repr(added)
    assert decide(build(two), operation="UPDATE", old=build(two)).allowed
    assert decide(build(one), operation="UPDATE", old=build(two)).allowed  # one fewer: no new secret


@pytest.mark.parametrize(
    "build, one, two",
    [
        (lambda v: pod([container(args=[v])]), _ONE_OPTION, _TWO_OPTIONS),
        (lambda v: pod([container(command=["sh", "-c", v])]), _ONE_COMMAND, _TWO_COMMANDS),
        (lambda v: pod([container(command=["sh", "-c", f"export API_TOKEN={FAKE}; {v}"])]), "run", f"DB_PASSWORD={FAKE} run"),
        (lambda v: _configmap({"init.sh": f"#!/bin/sh\nset -e\n{v}\n"}), _ONE_COMMAND, _TWO_COMMANDS),
    ],
    ids=["options-in-one-arg", "commands-of-a-script", "assignments-of-a-script", "configmap-script-line"],
)
def test_a_second_secret_added_to_one_argument_or_line_is_new_on_update(build: Any, one: str, two: str) -> None:
    assert_only_the_added_secret_is_new(build, one, two)


def test_the_secrets_of_one_argument_are_bounded() -> None:
    arg = " ".join(f"--api-token-{i}={FAKE}" for i in range(30))
    found = findings(pod([container(args=[arg])]), POLICY)
    assert len(found) == 21 and "args[0] holds 10 more secrets in plain text" in found[-1].message
    assert len(found[-1].parts) == 10


# --- a JAAS entry written over several lines: each entry, and each password option in it ----------

_JAAS_CLIENT = f'KafkaClient {{\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username="app"\n  password="{FAKE}";\n}};\n'
_JAAS_ZOOKEEPER = f'Client {{\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="zk"\n  password="{FAKE}-zk";\n}};\n'
_JAAS_BROKER = (
    "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n"
    f'  username="admin"\n  password="{FAKE}"\n  user_admin="{FAKE}";\n}};\n'
)
_JAAS_BROKER_ONE_MORE_USER = _JAAS_BROKER.replace("  user_admin", f'  user_alice="{FAKE}-alice"\n  user_admin')


def _jaas_file(v: str) -> dict[str, Any]:
    return _configmap({"kafka_server_jaas.conf": v})


def _jaas_properties(v: str) -> dict[str, Any]:
    return _configmap({"client.properties": "sasl.jaas.config=" + v.replace("\n", " \\\n")})


def _jaas_env(v: str) -> dict[str, Any]:
    return _env_pod("KAFKA_OPTS_JAAS", " ".join(v.split()))


_SECOND_ENTRY = (_JAAS_CLIENT, _JAAS_CLIENT + _JAAS_ZOOKEEPER)
_SECOND_USER = (_JAAS_BROKER, _JAAS_BROKER_ONE_MORE_USER)


@pytest.mark.parametrize(
    "build, one, two",
    [
        (_jaas_file, *_SECOND_ENTRY),
        (_jaas_properties, *_SECOND_ENTRY),
        (_jaas_file, *_SECOND_USER),
        (_jaas_properties, *_SECOND_USER),
        (_jaas_env, *_SECOND_USER),  # (a second entry in an env value was new already: two credentials)
    ],
    ids=["jaas-file-second-entry", "properties-second-entry", "jaas-file-user-added", "properties-user-added", "env-user-added"],
)
def test_a_credential_added_to_a_jaas_configuration_is_new_on_update(build: Any, one: str, two: str) -> None:
    assert_only_the_added_secret_is_new(build, one, two)


def test_each_jaas_entry_over_several_lines_is_a_finding_known_by_its_password_options() -> None:
    found = findings(_configmap({"jaas.conf": _JAAS_BROKER + _JAAS_ZOOKEEPER}), POLICY)
    assert [f.message.split(". Fix:")[0].split(" holds ")[1] for f in found] == [
        "a JAAS login configuration with a password in plain text (line 2)",
        "a JAAS login configuration with a password in plain text, the 2nd of its kind in the entry (line 8)",
    ]
    assert [f.parts for f in found] == [("password", "user_admin"), ("password",)]


@pytest.mark.parametrize(
    "text",
    [
        # the entry's first line sets its password, the options go on below
        "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required"
        f' username="admin" password="{FAKE}"\n  user_admin="{FAKE}";\n}};\n',
        # the closing ';' alone on the next line
        f'KafkaServer {{\n  org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="{FAKE}"\n  ;\n}};\n',
        # an entry on the last line, never closed by a ';'
        f'# kafka\norg.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="{FAKE}"\n',
    ],
    ids=["options-go-on", "semicolon-below", "never-closed"],
)
def test_a_jaas_entry_that_starts_on_a_line_with_its_password_and_goes_on_is_one_finding(text: str) -> None:
    """The entry over several lines is a finding of its own; its first line, judged alone, used to
    be one more (the same message twice, two violations for one password)."""
    found = findings(_configmap({"jaas.conf": text}), POLICY)
    assert [f.message.split(". Fix:")[0].split(" holds ")[1] for f in found] == [
        "a JAAS login configuration with a password in plain text (line 2)"  # alone in its entry: its first line
    ]
    assert all(FAKE not in f.message for f in found)
