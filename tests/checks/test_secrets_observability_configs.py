"""disallow-plaintext-secrets on observability-stack configuration kept in ConfigMaps, written as
each project documents it (found by a sweep of realistic files): Grafana's ``grafana.ini`` and
provisioned data sources, Prometheus, Alertmanager, Loki and Promtail, Telegraf, Elastic Beats and
Logstash, Vector, the OpenTelemetry collector, the Datadog and New Relic agents, Sentry DSNs. Each
file is read with its secrets in plain text (reported) and with the references its project
documents (harmless): ``$__file{...}``, ``${VAR}``, ``${env:X}``, ``@{store:key}``, ``*_file``
paths, the Datadog Agent's ``ENC[handle]`` and Vector's ``SECRET[backend.key]``. The values are
obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"
HEX = "0123456789abcdef0123456789abcdef"  # a 32-hex-digit key's shape, no real key


def _messages(key: str, text: str) -> list[str]:
    decision = decide(configmap({key: text}))
    shown = everything_shown(decision)
    assert FAKE not in shown and HEX not in shown
    return [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]


def _settings(key: str, text: str) -> list[str]:
    """What each finding on ``key`` says is set or held, with its line."""
    prefix = f'ConfigMap "config" key "{key}" '
    messages = _messages(key, text)
    assert all(m.startswith(prefix) for m in messages), messages
    return [m[len(prefix) :] for m in messages]


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    shown = everything_shown(decision)
    assert FAKE not in shown and HEX not in shown
    return [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]


# --- Grafana ------------------------------------------------------------------------------------

GRAFANA_INI = f"""[security]
admin_user = admin
admin_password = {FAKE}

[database]
type = postgres
host = db:5432
user = grafana
password = {FAKE}

[smtp]
enabled = true
host = smtp.example.org:587
user = alerts@example.org
password = \"\"\"{FAKE}\"\"\"

[auth.generic_oauth]
enabled = true
client_id = grafana
client_secret = {FAKE}
"""

GRAFANA_INI_REFERENCES = """[security]
admin_user = admin
admin_password = $__file{/etc/secrets/admin_password}
secret_key = $__env{GF_SECRET_KEY}

[database]
password = $__file{/run/secrets/db_password}

[smtp]
password = $__env{SMTP_PASSWORD}

[auth.generic_oauth]
client_secret = $__vault{kv:secret/grafana:client_secret}
"""


def test_grafana_ini_passwords_and_client_secret_are_reported() -> None:
    assert _settings("grafana.ini", GRAFANA_INI) == [
        'sets "admin_password" in plain text (line 3).',
        'sets "password" in plain text (line 9).',
        'sets "password" in plain text (line 15).',
        'sets "client_secret" in plain text (line 20).',
    ]


def test_grafana_ini_file_env_and_vault_references_are_harmless() -> None:
    assert _messages("grafana.ini", GRAFANA_INI_REFERENCES) == []


GRAFANA_DATASOURCES = f"""apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    url: http://prometheus:9090
    basicAuth: true
    basicAuthUser: grafana
    secureJsonData:
      basicAuthPassword: {FAKE}
  - name: Postgres
    type: postgres
    url: db:5432
    user: grafana
    secureJsonData:
      password: '{FAKE}'
  - name: API
    type: marcusolsson-json-datasource
    jsonData:
      httpHeaderName1: Authorization
    secureJsonData:
      httpHeaderValue1: 'Bearer {FAKE}'
"""


def test_grafana_provisioned_datasource_secure_json_data_is_reported() -> None:
    assert _settings("datasources.yaml", GRAFANA_DATASOURCES) == [
        'sets "basicAuthPassword" in plain text (line 9).',
        'sets "password" in plain text (line 15).',
        "holds a bearer token in plain text (line 21).",
    ]


def test_grafana_provisioned_datasource_references_are_harmless() -> None:
    text = """apiVersion: 1
datasources:
  - name: Prometheus
    basicAuth: true
    basicAuthUser: grafana
    secureJsonData:
      basicAuthPassword: $PROM_PASSWORD
  - name: Postgres
    secureJsonData:
      password: ${POSTGRES_PASSWORD}
  - name: API
    jsonData:
      httpHeaderName1: Authorization
    secureJsonData:
      httpHeaderValue1: 'Bearer ${API_TOKEN}'
"""
    assert _messages("datasources.yaml", text) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("GF_SECURITY_ADMIN_PASSWORD__FILE", "/etc/secrets/admin_password"), ("GF_SECURITY_ADMIN_PASSWORD", "$__file{/etc/secrets/admin_password}")],
)
def test_grafana_env_file_forms_are_harmless(name: str, value: str) -> None:
    assert _env_messages(name, value) == []


def test_grafana_env_password_is_reported() -> None:
    assert _env_messages("GF_DATABASE_PASSWORD", FAKE) == ['container "app" env var "GF_DATABASE_PASSWORD" sets a sensitive value in plain text.']


# --- Prometheus, Loki, Promtail -----------------------------------------------------------------

PROMETHEUS = f"""global:
  scrape_interval: 15s
scrape_configs:
  - job_name: node
    basic_auth:
      username: prom
      password: {FAKE}
  - job_name: api
    authorization:
      type: Bearer
      credentials: {FAKE}
  - job_name: old
    bearer_token: {FAKE}
  - job_name: oauth
    oauth2:
      client_id: prom
      client_secret: {FAKE}
      token_url: https://auth.example.org/token
remote_write:
  - url: https://mimir.example.org/api/v1/push
    basic_auth:
      username: tenant1
      password: {FAKE}
"""

PROMETHEUS_FILES = """scrape_configs:
  - job_name: node
    basic_auth:
      username: prom
      password_file: /etc/prometheus/secrets/password
  - job_name: api
    authorization:
      type: Bearer
      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
  - job_name: old
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
  - job_name: oauth
    oauth2:
      client_id: prom
      client_secret_file: /etc/prometheus/secrets/client_secret
remote_write:
  - url: https://mimir.example.org/api/v1/push
    basic_auth:
      username: tenant1
      password: ${REMOTE_WRITE_PASSWORD}
"""


def test_prometheus_inline_credentials_are_reported() -> None:
    assert _settings("prometheus.yml", PROMETHEUS) == [
        'sets "password" in plain text (line 7).',
        'sets "credentials" in plain text (line 11).',
        'sets "bearer_token" in plain text (line 13).',
        'sets "client_secret" in plain text (line 17).',
        'sets "password" in plain text (line 23).',
    ]


def test_prometheus_file_forms_and_references_are_harmless() -> None:
    assert _messages("prometheus.yml", PROMETHEUS_FILES) == []


def test_promtail_client_credentials_are_reported_and_its_file_form_and_tenant_are_harmless() -> None:
    text = f"""clients:
  - url: https://logs.example.org/loki/api/v1/push
    tenant_id: hospital-a
    basic_auth:
      username: promtail
      password: {FAKE}
  - url: https://logs2.example.org/loki/api/v1/push
    basic_auth:
      username: promtail
      password_file: /etc/promtail/secrets/password
  - url: https://logs3.example.org/loki/api/v1/push
    bearer_token: {FAKE}
"""
    assert _settings("promtail.yaml", text) == ['sets "password" in plain text (line 6).', 'sets "bearer_token" in plain text (line 12).']


# --- Alertmanager -------------------------------------------------------------------------------

ALERTMANAGER = f"""global:
  smtp_smarthost: smtp.example.org:587
  smtp_auth_username: alerts@example.org
  smtp_auth_password: {FAKE}
  opsgenie_api_key: {FAKE}
route:
  receiver: team
receivers:
  - name: team
    pagerduty_configs:
      - routing_key: {HEX}
      - service_key: {FAKE}
    opsgenie_configs:
      - api_key: {FAKE}
    email_configs:
      - to: ops@example.org
        auth_password: {FAKE}
"""

ALERTMANAGER_FILES = """global:
  smtp_smarthost: smtp.example.org:587
  smtp_auth_username: alerts@example.org
  smtp_auth_password_file: /etc/alertmanager/secrets/smtp
  slack_api_url_file: /etc/alertmanager/secrets/slack
  opsgenie_api_key_file: /etc/alertmanager/secrets/opsgenie
receivers:
  - name: team
    slack_configs:
      - api_url_file: /etc/alertmanager/secrets/slack
        channel: '#alerts'
    pagerduty_configs:
      - routing_key_file: /etc/alertmanager/secrets/pd
      - service_key_file: /etc/alertmanager/secrets/pd
    opsgenie_configs:
      - api_key_file: /etc/alertmanager/secrets/og
    webhook_configs:
      - url_file: /etc/alertmanager/secrets/hook
      - url: http://alert-relay:8080/alerts
    victorops_configs:
      - api_key_file: /etc/alertmanager/secrets/vo
        routing_key: team-ops
"""


def test_alertmanager_receiver_keys_and_smtp_password_are_reported() -> None:
    assert _settings("alertmanager.yml", ALERTMANAGER) == [
        'sets "smtp_auth_password" in plain text (line 4).',
        'sets "opsgenie_api_key" in plain text (line 5).',
        'sets "routing_key" in plain text (line 11).',
        'sets "service_key" in plain text (line 12).',
        'sets "api_key" in plain text (line 14).',
        'sets "auth_password" in plain text (line 17).',
    ]


def test_alertmanager_slack_webhook_url_is_reported_without_its_token() -> None:
    token = "FAKEsecretXXXXXXXXXXXXXX"
    text = f"global:\n  resolve_timeout: 5m\n  slack_api_url: https://hooks.slack.com/services/T00000000/B00000000/{token}\n"
    decision = decide(configmap({"alertmanager.yml": text}))
    assert token not in everything_shown(decision)
    assert [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY] == [
        'ConfigMap "config" key "alertmanager.yml" holds a Slack webhook URL in plain text (line 3).'
    ]


def test_alertmanager_file_forms_and_a_victorops_routing_key_are_harmless() -> None:
    assert _messages("alertmanager.yml", ALERTMANAGER_FILES) == []


_SERVICE_INTEGRATION_KEY = "R0FAKEFAKEFAKEFAKEFAKEFAKEFAKE00"  # R0 and 30 capitals and digits: the shape, no real key


@pytest.mark.parametrize("key", ["routing_key", "routingKey"])
def test_a_pagerduty_service_integration_key_starting_r0_is_reported_once(key: str) -> None:
    text = f"route:\n  receiver: pd\nreceivers:\n  - name: pd\n    pagerduty_configs:\n      - {key}: '{_SERVICE_INTEGRATION_KEY}'\n"
    decision = decide(configmap({"alertmanager.yml": text}))
    assert _SERVICE_INTEGRATION_KEY not in everything_shown(decision)
    assert [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY] == [
        f'ConfigMap "config" key "alertmanager.yml" sets "{key}" in plain text (line 6).'
    ]


@pytest.mark.parametrize(
    "value",
    [
        "R0UTING_ORDERS",  # a word
        "ROUTINGKEYFORORDERSCREATEDEVENTS",  # 32 capitals, no R0
        _SERVICE_INTEGRATION_KEY.lower(),  # no capitals: no such key, nor 32 hex digits
        _SERVICE_INTEGRATION_KEY + "1",  # 33 characters
    ],
)
def test_a_routing_key_of_another_shape_than_pagerduty_s_is_harmless(value: str) -> None:
    assert _messages("rabbitmq.yaml", f"exchange: orders\nrouting_key: {value}\n") == []


# --- Telegraf -----------------------------------------------------------------------------------


def test_telegraf_token_password_and_dsn_are_reported() -> None:
    text = f"""[[outputs.influxdb_v2]]
  urls = ["https://influx.example.org:8086"]
  token = "{FAKE}"
  organization = "hospital"

[[outputs.influxdb]]
  username = "telegraf"
  password = "{FAKE}"

[[inputs.postgresql]]
  address = "host=db user=telegraf password={FAKE} sslmode=disable"
"""
    assert _settings("telegraf.conf", text) == [
        'sets "token" in plain text (line 3).',
        'sets "password" in plain text (line 8).',
        "holds a connection string with a password in plain text (line 11).",
    ]


def test_telegraf_environment_and_secret_store_references_are_harmless() -> None:
    text = """[[outputs.influxdb_v2]]
  token = "$INFLUX_TOKEN"

[[outputs.influxdb]]
  username = "telegraf"
  password = "@{secretstore:influx_password}"

[[inputs.mysql]]
  servers = ["telegraf:${MYSQL_PASSWORD}@tcp(db:3306)/"]

[[outputs.http]]
  [outputs.http.headers]
    Authorization = "Bearer ${HTTP_TOKEN}"

[[secretstores.os]]
  id = "secretstore"
"""
    assert _messages("telegraf.conf", text) == []


# --- Elastic Beats, Logstash --------------------------------------------------------------------


def test_filebeat_password_and_cloud_auth_are_reported() -> None:
    text = f"""output.elasticsearch:
  hosts: ['https://es.example.org:9200']
  username: elastic
  password: {FAKE}
cloud.auth: "elastic:{FAKE}"
"""
    assert _settings("filebeat.yml", text) == ['sets "password" in plain text (line 4).', 'sets "cloud.auth" in plain text (line 5).']


def test_filebeat_keystore_references_are_harmless() -> None:
    text = """output.elasticsearch:
  username: elastic
  password: ${ES_PWD}
  api_key: ${ES_API_KEY}
cloud.id: "${CLOUD_ID}"
cloud.auth: "elastic:${ES_PWD}"
"""
    assert _messages("filebeat.yml", text) == []


def test_logstash_pipeline_passwords_are_reported_and_keystore_references_are_harmless() -> None:
    text = 'output {\n  elasticsearch {\n    user => "logstash_writer"\n    password => "%s"\n  }\n}\n'
    assert _settings("logstash.conf", text % FAKE) == ['sets "password" in plain text (line 4).']
    assert _messages("logstash.conf", text % "${LOGSTASH_PW}") == []


# --- Vector, OpenTelemetry collector ------------------------------------------------------------


def test_vector_auth_password_and_api_key_are_reported() -> None:
    text = f"""[sinks.es]
type = "elasticsearch"
auth.strategy = "basic"
auth.user = "vector"
auth.password = "{FAKE}"

[sinks.dd]
type = "datadog_logs"
default_api_key = "{FAKE}"
"""
    assert _settings("vector.toml", text) == ['sets "auth.password" in plain text (line 5).', 'sets "default_api_key" in plain text (line 9).']


def test_vector_environment_references_are_harmless() -> None:
    text = '[sinks.es]\nauth.password = "${ES_PASSWORD}"\n\n[sinks.dd]\ndefault_api_key = "${DATADOG_API_KEY}"\n'
    assert _messages("vector.toml", text) == []


def test_otel_collector_headers_and_keys_are_reported() -> None:
    text = f"""exporters:
  otlphttp:
    endpoint: https://otlp.example.org
    headers:
      Authorization: "Bearer {FAKE}"
  otlp/newrelic:
    endpoint: otlp.nr-data.net:4317
    headers:
      api-key: {FAKE}
  datadog:
    api:
      key: {FAKE}
extensions:
  basicauth/client:
    client_auth:
      username: otel
      password: {FAKE}
"""
    assert _settings("otel-collector.yaml", text) == [
        "holds a bearer token in plain text (line 5).",
        'sets "api-key" in plain text (line 9).',
        'sets "api.key" in plain text (line 12).',
        'sets "password" in plain text (line 17).',
    ]


def test_otel_collector_env_references_and_a_tenant_header_are_harmless() -> None:
    text = """exporters:
  otlphttp:
    headers:
      Authorization: "Bearer ${env:OTLP_TOKEN}"
  otlp/newrelic:
    headers:
      api-key: ${env:NEW_RELIC_LICENSE_KEY}
  prometheusremotewrite:
    headers:
      X-Scope-OrgID: tenant-a
  datadog:
    api:
      key: ${env:DD_API_KEY}
extensions:
  basicauth/client:
    client_auth:
      username: otel
      password: ${env:OTEL_PASSWORD}
  bearertokenauth:
    filename: /var/run/secrets/token
"""
    assert _messages("otel-collector.yaml", text) == []


# --- Datadog, New Relic -------------------------------------------------------------------------


def test_datadog_and_new_relic_keys_are_reported() -> None:
    assert _settings("datadog.yaml", f"api_key: {HEX}\nsite: datadoghq.eu\napp_key: {FAKE}\n") == [
        'sets "api_key" in plain text (line 1).',
        'sets "app_key" in plain text (line 3).',
    ]
    assert _settings("newrelic.yml", f"common: &default_settings\n  license_key: '{FAKE}'\n  app_name: Lab Portal\n") == [
        'sets "license_key" in plain text (line 2).'
    ]


def test_new_relic_erb_reference_is_harmless() -> None:
    text = "common: &default_settings\n  license_key: '<%= ENV[\"NEW_RELIC_LICENSE_KEY\"] %>'\n  app_name: Lab Portal\n"
    assert _messages("newrelic.yml", text) == []


# --- Secret handles: the Datadog Agent's ENC[...] and Vector's SECRET[...] (since 1.25.449) ------

DATADOG_HANDLES = """api_key: ENC[api_key]
app_key: "ENC[k8s_secret@monitoring/dd-keys/app-key]"
site: datadoghq.eu
secret_backend_command: /readsecret_multiple_providers.sh
"""


def test_datadog_secret_handles_are_harmless() -> None:
    assert _messages("datadog.yaml", DATADOG_HANDLES) == []


def test_vector_secret_handles_are_harmless() -> None:
    text = "sinks:\n  dd:\n    default_api_key: SECRET[backend.dd_api_key]\n  es:\n    auth:\n      password: \"SECRET[backend.es_password]\"\n"
    assert _messages("vector.yaml", text) == []


def test_datadog_secret_handle_in_an_env_value_is_harmless() -> None:
    assert _env_messages("DD_API_KEY", "ENC[api_key]") == []
    assert _env_messages("DD_API_KEY", FAKE) == ['container "app" env var "DD_API_KEY" sets a sensitive value in plain text.']


@pytest.mark.parametrize(
    "value",
    [
        f"ENC[{FAKE}] {FAKE}",  # text beside the handle
        f"ENC[api key] {FAKE}",
        f"SECRET[{FAKE}]",  # no backend's name and a dot
        f"SECRETS[backend.{FAKE}]",
        f"xENC[{FAKE}]",
    ],
)
def test_a_literal_that_only_looks_like_a_handle_is_reported(value: str) -> None:
    assert _settings("datadog.yaml", f"app_key: '{value}'\n") == ['sets "app_key" in plain text (line 1).']


def test_a_key_beside_a_handle_is_reported() -> None:
    assert _settings("datadog.yaml", f"api_key: ENC[api_key]\napp_key: {FAKE}\n") == ['sets "app_key" in plain text (line 2).']


# --- Sentry DSNs --------------------------------------------------------------------------------

PUBLIC_DSN = f"https://{HEX}@o123456.ingest.sentry.io/1234567"


def test_a_sentry_dsn_with_its_public_key_only_is_harmless() -> None:
    assert _messages("sentry.properties", f"dsn={PUBLIC_DSN}\nenvironment=production\n") == []
    assert _messages("app.yaml", f"sentry:\n  dsn: {PUBLIC_DSN}\n") == []
    assert _env_messages("SENTRY_DSN", PUBLIC_DSN) == []


def test_a_sentry_dsn_with_a_secret_key_is_reported() -> None:
    dsn = f"https://{HEX}:{FAKE}@sentry.example.org/12"
    assert _settings("app.yaml", f"sentry:\n  dsn: {dsn}\n") == ["holds a URL with a password (user:password@host) in plain text (line 2)."]
    assert _env_messages("SENTRY_DSN", dsn) == ['container "app" env var "SENTRY_DSN" holds a URL with a password (user:password@host) in plain text.']


# --- Honeycomb's x-honeycomb-team as a key of a map of headers (since 1.25.450) ------------------


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        (
            "otel-collector.yaml",
            f"exporters:\n  otlp/honeycomb:\n    endpoint: api.honeycomb.io:443\n    headers:\n      x-honeycomb-team: {FAKE}\n      x-honeycomb-dataset: prod\n",
            'sets "x-honeycomb-team" in plain text (line 5).',
        ),
        ("otel-collector.yaml", f'exporters:\n  otlp:\n    headers:\n      "x-honeycomb-team": "{FAKE}"\n', 'sets "x-honeycomb-team" in plain text (line 4).'),
        ("vector.toml", f'[sinks.hc.request.headers]\nx-honeycomb-team = "{FAKE}"\n', 'sets "x-honeycomb-team" in plain text (line 2).'),
        ("telegraf.conf", f'[[outputs.http]]\n  [outputs.http.headers]\n    X-Honeycomb-Team = "{FAKE}"\n', 'sets "X-Honeycomb-Team" in plain text (line 3).'),
    ],
)
def test_honeycomb_team_header_in_a_map_of_headers_is_reported(key: str, text: str, setting: str) -> None:
    assert _settings(key, text) == [setting]


@pytest.mark.parametrize("value", ["${env:HONEYCOMB_API_KEY}", "${HONEYCOMB_API_KEY}", "<honeycomb api key>", ""])
def test_honeycomb_team_header_reference_placeholder_or_empty_is_harmless(value: str) -> None:
    text = f"exporters:\n  otlp:\n    headers:\n      x-honeycomb-team: {value}\n      x-honeycomb-dataset: prod\n"
    assert _messages("otel-collector.yaml", text) == []


def test_honeycomb_dataset_and_team_names_elsewhere_are_harmless() -> None:
    assert _messages("otel-collector.yaml", "exporters:\n  otlp:\n    headers:\n      x-honeycomb-dataset: lab-portal\n") == []
    assert _env_messages("HONEYCOMB_TEAM", "lab-team") == []


# --- Grafana data sources' custom headers: httpHeaderNameN / httpHeaderValueN (since 1.25.451) --

_GRAFANA_HEADERS = """apiVersion: 1
datasources:
  - name: Loki
    type: loki
    jsonData:
      httpHeaderName1: X-Scope-OrgID
      httpHeaderName2: {name}
      derivedFields:
      - name: trace
        matcherRegex: "traceID=(\\\\w+)"
    secureJsonData:
      httpHeaderValue1: tenant-a
      httpHeaderValue2: {value}
  - name: Other
    jsonData:
      httpHeaderName1: X-Api-Key
    secureJsonData:
      httpHeaderValue2: {other}
"""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Api-Key", FAKE),
        ("X-Api-Key", f"'{FAKE}' # the lab's key"),
        ("Authorization", FAKE),
        ("Authorization", f"Token {FAKE}"),
        ("x-honeycomb-team", FAKE),
    ],
)
def test_grafana_datasource_custom_header_with_a_credential_is_reported(name: str, value: str) -> None:
    text = _GRAFANA_HEADERS.format(name=name, value=value, other="${OTHER}")
    assert _settings("datasources.yaml", text) == [f'sets "{name}" in plain text (line 13).']


def test_grafana_datasource_custom_header_value_before_its_name_is_reported() -> None:
    text = f"datasources:\n- name: A\n  secureJsonData:\n    httpHeaderValue1: {FAKE}\n  jsonData:\n    httpHeaderName1: X-Api-Key\n"
    assert _settings("datasources.yaml", text) == ['sets "X-Api-Key" in plain text (line 4).']


def test_grafana_datasource_bearer_header_is_reported_once() -> None:
    text = _GRAFANA_HEADERS.format(name="Authorization", value=f"Bearer {FAKE}", other="${OTHER}")
    assert _settings("datasources.yaml", text) == ["holds a bearer token in plain text (line 13)."]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Api-Key", "${API_KEY}"),
        ("X-Api-Key", "$__file{/etc/grafana/api-key}"),
        ("X-Api-Key", "<api key>"),
        ("X-Tenant", FAKE),  # a header that carries no credential by its name
        ("X-CSRF-Token", FAKE),
        ("Authorization", "Bearer ${API_TOKEN}"),
    ],
)
def test_grafana_datasource_custom_header_without_a_credential_is_harmless(name: str, value: str) -> None:
    assert _messages("datasources.yaml", _GRAFANA_HEADERS.format(name=name, value=value, other="${OTHER}")) == []


def test_grafana_header_value_is_not_paired_with_a_name_in_another_datasource() -> None:
    # Other's httpHeaderValue2 has no httpHeaderName2 in its own data source (Loki's is X-Api-Key)
    text = _GRAFANA_HEADERS.format(name="X-Api-Key", value="${API_KEY}", other=FAKE)
    assert _messages("datasources.yaml", text) == []


# A data source written as a mapping (since 1.25.519; was admitted): its jsonData: and secureJsonData:
# keys at one column of one document pair the headers they hold.

_GRAFANA_MAPPING = "name: Loki\ntype: loki\nurl: http://loki:3100\njsonData:\n  httpHeaderName1: {name}\nsecureJsonData:\n  httpHeaderValue1: {value}\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (_GRAFANA_MAPPING.format(name="Authorization", value="Bearer Zq7fake-pw9x"), 'sets "Authorization" in plain text (line 7).'),
        (_GRAFANA_MAPPING.format(name="X-Api-Key", value=FAKE), 'sets "X-Api-Key" in plain text (line 7).'),
        (f"secureJsonData:\n  httpHeaderValue1: '{FAKE}'\njsonData:\n  httpHeaderName1: X-Api-Key\n", 'sets "X-Api-Key" in plain text (line 2).'),
        (
            f"spec:\n  datasource:\n    jsonData:\n      tlsSkipVerify: true\n      httpHeaderName1: X-Api-Key\n"
            f"    secureJsonData:\n      httpHeaderValue1: {FAKE}\n",
            'sets "X-Api-Key" in plain text (line 7).',
        ),
        (
            f"tags:\n  - lab\njsonData:\n  httpHeaderName1: X-Api-Key\nsecureJsonData:\n  # rotated\n\n  httpHeaderValue1: {FAKE}\n",
            'sets "X-Api-Key" in plain text (line 8).',
        ),
    ],
)
def test_grafana_datasource_written_as_a_mapping_pairs_its_headers(text: str, said: str) -> None:
    """Was admitted (1.25.451 paired them in a list item alone)."""
    secret = "Zq7fake-pw9x" if "Zq7fake" in text else FAKE
    decision = decide(configmap({"datasource.yaml": text}))
    assert secret not in everything_shown(decision)
    prefix = 'ConfigMap "config" key "datasource.yaml" '
    messages = [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]
    assert messages == [prefix + said]


@pytest.mark.parametrize(
    "text",
    [
        _GRAFANA_MAPPING.format(name="Authorization", value="Bearer ${LOKI_TOKEN}"),
        _GRAFANA_MAPPING.format(name="X-Api-Key", value="$__file{/etc/secrets/loki-key}"),
        _GRAFANA_MAPPING.format(name="X-Scope-OrgID", value="tenant-a"),
        _GRAFANA_MAPPING.format(name="X-Api-Key", value="<api key>"),
        f"jsonData:\n  httpHeaderName1: X-Api-Key\n---\nsecureJsonData:\n  httpHeaderValue1: {FAKE}\n",  # another document
        f"a:\n  jsonData:\n    httpHeaderName1: X-Api-Key\nb:\n  secureJsonData:\n    httpHeaderValue1: {FAKE}\n",  # other mappings
        f"jsonData:\n  httpHeaderName1: X-Api-Key\nother:\n  secureJsonData:\n    httpHeaderValue1: {FAKE}\n",
        f"jsonData:\n  httpHeaderName1: X-Api-Key\nextra:\n  httpHeaderValue1: {FAKE}\n",  # under no secureJsonData
        f"httpHeaderName1: X-Api-Key\nhttpHeaderValue1: {FAKE}\n",  # under neither
        f"jsonData:\n  httpHeaderName1: X-Api-Key\n  secureJsonData:\n    httpHeaderValue1: {FAKE}\n",  # nested, no sibling
    ],
)
def test_grafana_header_values_outside_a_data_source_mapping_are_not_paired(text: str) -> None:
    assert _messages("datasource.yaml", text) == []


def test_grafana_mapping_pairing_stays_linear_on_adversarial_input() -> None:
    import time

    text = "".join(f"{' ' * (i % 40)}jsonData:\n{' ' * (i % 40 + 1)}httpHeaderName{i % 999 + 1}: X-Api-Key\n" for i in range(2000))
    text += "secureJsonData:\n" + "  httpHeaderValue1: ' \n" * 2000 + f"  httpHeaderValue7: {FAKE}\n"
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    _messages("datasource.yaml", text)
    assert time.perf_counter() - started < 10


def test_grafana_header_pairing_stays_linear_on_adversarial_input() -> None:
    import time

    text = "datasources:\n" + "".join(f"{' ' * (i % 40)}- httpHeaderName{i % 999 + 1}: X-Api-Key\n" for i in range(2000))
    text += "  - x\n" + "    httpHeaderValue1: ' \n" * 2000
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    _messages("datasources.yaml", text)
    assert time.perf_counter() - started < 10
