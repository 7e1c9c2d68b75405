"""disallow-plaintext-secrets: a name ending with the word ``auth`` (``BASIC_AUTH``,
``FHIR_BASIC_AUTH``, ``http_auth``, OHIF's ``auth``) holding a ``user:password`` pair alone sets
that credential in plain text: as an env var, a dotenv line, a config or a code setting. Switches,
modes, paths, ``host:port``, references and hashes are none. Passwords are fake; none is shown."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, reported_once

POLICY = "disallow-plaintext-secrets"


def _env_pod(name: str, value: str) -> dict[str, object]:
    return pod([container(env=[{"name": name, "value": value}])])


@pytest.mark.parametrize("name", ["FHIR_BASIC_AUTH", "BASIC_AUTH", "AUTH", "PROXY_AUTH", "httpAuth", "ELASTICSEARCH_HTTP_AUTH"])
def test_an_env_var_ending_with_auth_holding_a_user_password_pair_is_reported(name: str) -> None:
    finding = reported_once(_env_pod(name, f"user:{FAKE}"), POLICY, f'env var "{name}" sets a user:password pair in plain text')
    assert finding.path.endswith("/env/0/value")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AUTH", "enabled"),
        ("BASIC_AUTH", "true"),
        ("AUTH_MODE", "oidc"),
        ("AUTH_MODE", f"user:{FAKE}"),  # the name says what kind of login, not which
        ("AUTH_SERVER", "keycloak:8443"),
        ("AUTH", "keycloak:8443"),
        ("PROXY_AUTH", "proxy.example.org:3128/path"),
        ("CREDENTIALS", "/etc/creds.json"),
        ("REGISTRY_AUTH", "htpasswd:/auth/htpasswd"),
        ("BASIC_AUTH", "user:${BASIC_PASSWORD}"),
        ("BASIC_AUTH", "user:$(BASIC_PASSWORD)"),
        ("BASIC_AUTH", "user:{{ .Values.password }}"),
        ("BASIC_AUTH", "user:<password>"),
        ("BASIC_AUTH", "user:****"),
        ("STATS_AUTH", "admin:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/"),
        ("BASIC_AUTH", "https://user:x@host"),  # a URL: judged as one, not here
        ("OAUTH", "github:openid"),
        ("BASIC_AUTH", "ldap:389:tls"),  # host:port and more (a:b:c is a pair since 1.25.341: split at the first colon)
        ("BASIC_AUTH", "user pass"),
    ],
)
def test_an_auth_value_that_is_no_user_password_pair_passes(name: str, value: str) -> None:
    decision = decide(_env_pod(name, value))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert not any("user:password pair" in message for message in messages), messages
    if "@" not in value and name != "AUTH_MODE":
        assert messages == []


@pytest.mark.parametrize("key", [".env", "app.env", "fhir.env"])
def test_a_dotenv_line_with_a_user_password_pair_is_reported(key: str) -> None:
    text = f"FHIR_BASE_URL=https://fhir.example.org/fhir\nFHIR_BASIC_AUTH=user:{FAKE}\nAUTH_MODE=basic\n"
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'key "{key}" sets "FHIR_BASIC_AUTH" in plain text (line 2)' in messages[0], messages


def test_dotenv_auth_lines_without_a_pair_pass() -> None:
    text = "AUTH=enabled\nBASIC_AUTH=true\nAUTH_MODE=oidc\nCREDENTIALS=/etc/creds.json\nAUTH=keycloak:8443\nBASIC_AUTH=user:${PASS}\n"
    assert configmap_messages(".env", text, FAKE) == []


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        ("config.yaml", f"elasticsearch:\n  hosts: [es:9200]\n  http_auth: elastic:{FAKE}\n", "http_auth"),
        ("config.json", f'{{"fhir": {{"basicAuth": "user:{FAKE}"}}}}', "fhir.basicAuth"),
        ("proxy.ini", f"[proxy]\nproxy_auth = squid:{FAKE}\n", "proxy_auth"),
        ("app-config.js", f"window.config = {{\n  requestOptions: {{\n    auth: 'orthanc:{FAKE}',\n  }},\n}};\n", "auth"),
        ("app-config.js", f'window.config = {{\n  requestOptions: {{\n    auth: "user:{FAKE}"\n  }}\n}};\n', "auth"),
    ],
)
def test_a_config_or_code_setting_ending_with_auth_holding_a_pair_is_reported(key: str, text: str, setting: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'sets "{setting}" in plain text' in messages[0], messages


@pytest.mark.parametrize(
    "text",
    [
        "window.config = {\n  requestOptions: {\n    auth: 'orthanc:8042',\n  },\n};\n",
        "window.config = {\n  requestOptions: {\n    auth: window.ORTHANC_AUTH,\n  },\n};\n",
        "window.config = {\n  requestOptions: {\n    auth: `${user}:${password}`,\n  },\n};\n",
        "window.config = {\n  oidc: [{ authority: 'https://kc.example.org/realms/pacs' }],\n};\n",
    ],
)
def test_ohif_configs_without_a_literal_pair_pass(text: str) -> None:
    assert configmap_messages("app-config.js", text, FAKE) == []


def test_the_pair_is_not_shown_for_a_long_value() -> None:
    decision = decide(_env_pod("BASIC_AUTH", f"svc-account.reader:{FAKE}{FAKE}"))
    assert FAKE not in everything_shown(decision)
    assert [f.message for f in decision.findings if f.policy == POLICY][0].startswith('container "app" env var "BASIC_AUTH" sets a user:password')


def test_a_long_adversarial_value_is_judged_in_linear_time() -> None:
    started = time.perf_counter()
    value = "a" * 65536 + ":" + "b" * 65536 + " :"  # a blank: no pair
    decision = decide(_env_pod("BASIC_AUTH", value))
    assert not any("user:password pair" in f.message for f in decision.findings)
    for value in ("a" * 65536 + ":" + "b" * 65536 + ":", "a:" + "b@:" * 21_000, "a:" * 32_768):  # the password holds : and @
        decision = decide(_env_pod("BASIC_AUTH", value))
        assert any("user:password pair" in f.message for f in decision.findings), value[:20]
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("key", "line", "setting"),
    [
        ("app-config.js", f"      requestOptions: {{ auth: 'orthanc:{FAKE}' }},", "requestOptions.auth"),
        ("app-config.js", f'      requestOptions: {{ auth: "orthanc:{FAKE}", requestFromBrowser: true }},', "requestOptions.auth"),
        ("values.yaml", f"proxy: {{ port: 3128, proxy_auth: squid:{FAKE} }}", "proxy.proxy_auth"),
    ],
)
def test_a_pair_under_auth_in_a_mapping_on_one_line_is_reported(key: str, line: str, setting: str) -> None:
    text = f"window.config = {{\n  dataSources: [{{\n    configuration: {{\n{line}\n    }},\n  }}],\n}};\n" if key.endswith(".js") else line + "\n"
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'sets "{setting}" in plain text' in messages[0], messages


@pytest.mark.parametrize(
    "line",
    [
        "requestOptions: { auth: window.ORTHANC_AUTH, requestFromBrowser: true },",
        "requestOptions: { auth: 'orthanc:8042' },",
        "requestOptions: { auth: `${user}:${password}` },",
        "requestOptions: { auth: cfg.user + ':' + cfg.password },",
        "requestOptions: { auth: ok ? 'a' : 'b' },",
        "requestOptions: { mode: 'orthanc:cors' },",
    ],
)
def test_a_mapping_on_one_line_without_a_literal_pair_passes(line: str) -> None:
    text = f"window.config = {{\n  dataSources: [{{\n    configuration: {{\n      {line}\n    }},\n  }}],\n}};\n"
    assert configmap_messages("app-config.js", text, FAKE) == []
