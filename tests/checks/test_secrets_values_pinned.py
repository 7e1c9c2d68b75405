"""disallow-plaintext-secrets: detections and false-positive guards of the value judgements
(``values.py``, ``env.py``, ``configmap.py``) that no other test pinned (found by mutation testing).
Secret values here are obviously fake (``hunter2-example``); every test checks they are not shown."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from check_helpers import POLICIES, container, decide, findings, pod

from webhook.checks.secrets import env
from webhook.config import parse_cluster_config
from webhook.checks.secrets.values import credential_kind, credential_kinds, plain_dns_text, scalar_text

POLICY = "disallow-plaintext-secrets"
FAKE = "hunter2-example"
FAKE2 = "hunter3-example"
FAKE_SIG = "FAKEnotARealSignature0000"


def _env_pod(name: str, value: str) -> dict[str, Any]:
    return pod([container(env=[{"name": name, "value": value}])])


def _configmap(data: dict[str, str]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"}, "data": data}


def _shown(obj: dict[str, Any]) -> str:
    decision = decide(obj)
    return repr([decision.message, decision.warnings, [(f.message, f.path) for f in decision.findings]])


def _only_message(obj: dict[str, Any]) -> str:
    (finding,) = findings(obj, POLICY)
    shown = _shown(obj)
    assert FAKE not in shown and FAKE2 not in shown and FAKE_SIG not in shown
    return finding.message


# --- credential formats under a neutral name ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        # a MySQL statement in capitals whose password holds no "password" word
        (f"CREATE USER 'app'@'%' IDENTIFIED BY '{FAKE}';", "a SQL statement with a password"),
        # libpq key/value DSNs with only one of host=, dbname=, user=
        (f"user=app password={FAKE}", "settings with a password"),  # no host entry
        (f"host=db password={FAKE}", "a connection string with a password"),
        # an Azure SAS URL: only the signature is a secret
        (
            f"https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig={FAKE_SIG}%3D",
            "a shared access signature",
        ),
        # AWS key ids by every prefix the check knows (AIPA: EC2 instance profile)
        ("AIPAIOSFODNN7EXAMPLE", "an AWS access key id"),
        # a GitHub App installation token (ghs_), not only personal ones (ghp_)
        ("ghs_FAKEnotARealTokenFAKEnotARealToken0000", "a GitHub token"),
    ],
)
def test_a_credential_under_a_neutral_name_is_reported_by_kind(value: str, kind: str) -> None:
    assert credential_kind(value) == kind
    message = _only_message(_env_pod("APP_SETTING", value))
    assert f"holds {kind} in plain text" in message
    assert value not in message


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        # two statements in single quotes (no double quote on the line)
        (f"CREATE USER 'a'@'%' IDENTIFIED BY '{FAKE}'; CREATE USER 'b'@'%' IDENTIFIED BY '{FAKE2}';", "a SQL statement with a password"),
        (f"Server=a;Password={FAKE};&password={FAKE2}", "a connection string with a password"),
        # libpq DSNs with host= but neither user= nor dbname=, one a line
        (f"host=db-a password={FAKE}\nhost=db-b password={FAKE2}", "a connection string with a password"),
        (
            f"https://a.blob.core.windows.net/c?sv=2022-11-02&sig={FAKE_SIG} https://b.blob.core.windows.net/c?sv=2022-11-02&sig={FAKE_SIG}1",
            "a shared access signature",
        ),
    ],
)
def test_two_credentials_of_a_kind_in_one_env_value_are_both_counted(value: str, kind: str) -> None:
    assert credential_kinds(value) == [kind, kind]
    assert f'env var "INIT" holds 2 credentials in plain text: {kind} (x2). Fix:' in _only_message(_env_pod("INIT", value))


def test_credential_kinds_stops_at_its_limit_and_not_before() -> None:
    value = f"postgres://a:{FAKE}@db/x postgres://b:{FAKE2}@db/y postgres://c:{FAKE}@db/z"
    assert len(credential_kinds(value, 2)) == 2
    assert len(credential_kinds(value, 3)) == 3


# --- references, placeholders and switches under a sensitive name -------------------------------


@pytest.mark.parametrize("value", ["off", "OFF", "enabled", "unset", "not_set", "NOT_SET"])
def test_a_switch_or_unset_marker_under_a_sensitive_name_is_not_a_secret(value: str) -> None:
    assert findings(_env_pod("SMTP_PASSWORD", value), POLICY) == []


def test_an_unrendered_helm_template_as_a_dsn_password_is_not_reported() -> None:
    value = "postgres://app:{{.Values.dbPassword}}@db:5432/app"
    assert credential_kind(value) is None
    assert findings(_env_pod("DATABASE_URL", value), POLICY) == []


# --- base64-encoded PEM -----------------------------------------------------------------------------


def test_base64_of_a_begin_line_followed_by_binary_is_no_private_key() -> None:
    value = base64.b64encode(b"-----BEGIN \xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8 binary").decode()
    assert credential_kind(value) is None
    assert credential_kinds(value) == []
    assert findings(_env_pod("BLOB", value), POLICY) == []


# --- ConfigMaps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("credentials.xml", '<settings><servers><server><id>repo</id><username>ci</username></server></servers></settings>\n'),
        ("secrets.properties", "vault.addr=https://vault.example:8200\nvault.role=app\n"),
    ],
)
def test_a_config_file_under_a_sensitive_key_is_judged_by_its_content(key: str, text: str) -> None:
    assert findings(_configmap({key: text}), POLICY) == []


def test_a_config_file_under_a_sensitive_key_with_a_secret_names_its_setting() -> None:
    message = _only_message(_configmap({"secrets.properties": f"vault.addr=https://vault.example:8200\nvault.token={FAKE}\n"}))
    assert '"vault.token"' in message and "(line 2)" in message


def test_a_header_list_in_a_configmap_has_no_line() -> None:
    obj = _configmap({"OTEL_EXPORTER_OTLP_HEADERS": f"x-tenant=shop,api-key={FAKE}"})
    assert 'key "OTEL_EXPORTER_OTLP_HEADERS" sets header "api-key" in plain text. Fix:' in _only_message(obj)


# --- what is judged ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, None, {"password": FAKE}, [FAKE]])
def test_a_value_that_is_no_scalar_text_is_not_judged(value: Any) -> None:
    assert scalar_text(value) is None


@pytest.mark.parametrize("text", ["xoxb-0123456789a", "xoxb-0123456789ab", "glpat-0123456789abcdefghij"])
def test_the_cheap_dns_screen_never_clears_a_token(text: str) -> None:
    # a Slack token is 15 characters at least: one of 16 is past the screen's length cut
    assert credential_kind(text) is not None
    assert plain_dns_text(text) is False


@pytest.mark.parametrize(
    "script",
    ["redis-cli -a $SECRETS_DIR/redis ping", "curl -u admin:$SECRETS_DIR/pw https://api.example", "sshpass -p $HOME/.pw ssh host"],
)
def test_a_path_under_a_variable_as_an_options_password_is_no_literal(script: str) -> None:
    assert findings(pod([container(command=["sh", "-c", script])]), POLICY) == []


def test_the_clean_env_pairs_remembered_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(env, "_CLEAN_ENV_PAIRS", 4)
    monkeypatch.setattr(env, "_CLEAN_ENV", {})
    variables = [{"name": f"SETTING_{number}", "value": f"value-{number}"} for number in range(10)]
    assert findings(pod([container(env=variables)]), POLICY) == []
    (clean,) = env._CLEAN_ENV.values()
    assert 0 < len(clean) <= 4


def test_a_clean_env_pair_under_a_long_name_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only short values were kept out of the clean pairs: a name of a megabyte (env var names take
    any text since Kubernetes 1.32) was remembered, 16,384 of them per process."""
    monkeypatch.setattr(env, "_CLEAN_ENV", {})
    long_name = "SETTING_" + "X" * 10_000
    variables = [{"name": long_name, "value": "info"}, {"name": "LOG_LEVEL", "value": "info"}]
    assert findings(pod([container(env=variables)]), POLICY) == []
    (clean,) = env._CLEAN_ENV.values()
    assert clean == {("LOG_LEVEL", "info")}


@pytest.mark.parametrize("key", ["vault.tmpl", "vault.tpl", "vault.template"])
def test_a_template_file_under_an_extra_sensitive_name_is_judged_by_its_content(key: str) -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"extraNames": ["vault"]}}}, POLICIES, "cluster.yaml")
    assert findings(_configmap({key: "address = https://vault.example:8200\nrole = app\n"}), POLICY, config=config) == []
    (finding,) = findings(_configmap({"vault": "https://vault.example:8200"}), POLICY, config=config)  # the name is sensitive
    assert "looks like a secret" in finding.message
