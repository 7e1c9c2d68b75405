"""disallow-plaintext-secrets: a setting named as an anti-forgery token's header set to a handshake's
word (SAP Gateway's ``X-CSRF-Token: fetch``, which asks the server for a token, and its answer
``Required``) holds no token: outside a list of headers (1.25.326) it was reported as setting
"X-CSRF-Token" in plain text, in YAML, INI, JSON, code, env vars and command lines alike. A literal
token under the same name stays reported, and so does ``fetch`` under another name."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.setting_values import anti_forgery_handshake

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("sap.yaml", "X-CSRF-Token: fetch\n"),
        ("sap.yaml", "gateway:\n  url: https://sap.example/odata\n  X-CSRF-Token: Fetch\n"),
        ("sap.yaml", "x-xsrf-token: 'fetch'\n"),
        ("sap.yaml", "csrf_token: Required\n"),
        ("sap.ini", "[gateway]\nX-CSRF-Token = fetch\n"),
        ("sap.properties", "sap.csrfToken=fetch\n"),
        ("sap.json", '{"headers_default": {"X-CSRF-Token": "Fetch"}}'),
        ("client.js", "const headers = { 'X-CSRF-Token': 'fetch' };\n"),
        ("client.py", "headers = {'X-CSRF-Token': 'fetch'}\n"),
        ("run.sh", 'export CSRF_TOKEN=fetch\ncurl -H "X-CSRF-Token: $CSRF_TOKEN" https://sap.example\n'),
    ],
)
def test_an_anti_forgery_handshake_is_not_reported(key: str, text: str) -> None:
    """Was reported: sets "X-CSRF-Token" (or its name) in plain text."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize("name", ["X_CSRF_TOKEN", "CSRF_TOKEN", "SAP_XSRF_TOKEN"])
def test_an_env_var_set_to_a_handshake_is_not_reported(name: str) -> None:
    """Was reported: sets a sensitive value in plain text."""
    decision = decide(pod([container(env=[{"name": name, "value": "fetch"}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


def test_a_command_line_option_set_to_a_handshake_is_not_reported() -> None:
    decision = decide(script_pod("sap-client --csrf-token=fetch --url https://sap.example"))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        ("sap.yaml", f"X-CSRF-Token: {FAKE}\n", "X-CSRF-Token"),
        ("sap.yaml", f"X-CSRF-Token: fetch-{FAKE}\n", "X-CSRF-Token"),
        ("sap.yaml", "api_token: fetch\n", "api_token"),  # no anti-forgery header: a word may be a token
        ("sap.ini", f"[gateway]\ncsrf_token = {FAKE}\n", "csrf_token"),
    ],
)
def test_a_literal_token_stays_reported(key: str, text: str, setting: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'"{setting}" in plain text' in message, message


def test_an_env_var_with_a_literal_token_stays_reported() -> None:
    decision = decide(pod([container(env=[{"name": "X_CSRF_TOKEN", "value": FAKE}])]))
    assert FAKE not in everything_shown(decision)
    assert len([f for f in decision.findings if f.policy == POLICY]) == 1


def test_the_handshake_is_judged_by_the_name_and_the_value_together() -> None:
    assert anti_forgery_handshake("X-CSRF-Token", "fetch")
    assert anti_forgery_handshake("gateway.xCsrfToken", '"Required"')
    assert not anti_forgery_handshake("X-CSRF-Token", "fetched")
    assert not anti_forgery_handshake("X-Auth-Token", "fetch")
    assert not anti_forgery_handshake("csrf_secret", "fetch")
    decision = decide(configmap({"sap.yaml": "X-CSRF-Token: fetch\napi_token: %s\n" % FAKE}))
    assert FAKE not in everything_shown(decision)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert '"api_token"' in finding.message and "(line 2)" in finding.message
