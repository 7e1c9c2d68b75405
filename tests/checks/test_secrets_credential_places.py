"""disallow-plaintext-secrets: Helm charts' values name the Secret a credential is kept in and its
key there (``existingPasswordSecret: my-db-secret``, ``credentialsSecret: s3-creds``, ``tokenKey:
token``, ``apiTokenKey: api-token``, ``passwordsSecretKeystoreKey: keystore-password``), and a
credential's ID names where a store keeps one (``--credentials-id=github-token``, ``credentialsId:
k8s-sa-token``): a value with the shape of a Kubernetes name there is no secret, in a values file,
an env value, a ConfigMap key and a command line. A value with the shape of a secret under the same
name is still reported, and so are ``secretKey``, ``apiKey``, ``privateKey`` and
``aws_secret_access_key``, secrets themselves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.setting_values import names_a_stored_credential

POLICY = "disallow-plaintext-secrets"
FAKE_GITHUB_TOKEN = "ghp_" + "FAKEfake0123456789abcdefABCDEF012345"

PLACES = [
    ("existingPasswordSecret", "my-db-secret"),
    ("credentialsSecret", "s3-creds"),
    ("existingTokenSecret", "gitlab-token"),
    ("passwordsSecret", "kafka-jks"),
    ("tokenKey", "token"),
    ("apiTokenKey", "api-token"),
    ("passwordsSecretKeystoreKey", "keystore-password"),
    ("credentialsKey", "tls.creds"),
    ("credentialsId", "k8s-sa-token"),
]

SECRET_SHAPED = [FAKE, "Zq7fake-pw9Xy2", "MyDbSecret", "p@ss!word", "hunter2x9", "qwhzkvnbtrplmxcd", "9f86d081884c7d659a2feaa0c55ad015", FAKE_GITHUB_TOKEN]


def _env_name(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


def _dashed(name: str) -> str:
    return _env_name(name).lower().replace("_", "-")


def _shapes(name: str, value: str) -> list[dict[str, Any]]:
    """The same setting in a values.yaml, a ConfigMap key, an env value, an argument and a script."""
    quoted = f'"{value}"'
    return [
        configmap({"values.yaml": f"chart:\n  auth:\n    {name}: {quoted}\n"}),
        configmap({_env_name(name): value}),
        pod([container(env=[{"name": _env_name(name), "value": value}])]),
        pod([container(args=[f"--{_dashed(name)}={value}"])]),
        script_pod(f"sync-tool --{_dashed(name)} '{value}'"),
    ]


def _messages(obj: dict[str, Any], secret: str) -> list[str]:
    decision = decide(obj)
    assert secret not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(("name", "value"), PLACES)
def test_a_kubernetes_name_under_a_credentials_place_is_not_reported(name: str, value: str) -> None:
    """Each of these was reported at 1.25.276 in a values.yaml (sets "existingPasswordSecret" in plain text)."""
    for obj in _shapes(name, value):
        assert [f.message for f in decide(obj).findings if f.policy == POLICY] == [], obj


@pytest.mark.parametrize("value", SECRET_SHAPED)
@pytest.mark.parametrize("name", [name for name, _ in PLACES if name != "credentialsId"])
def test_a_secret_shaped_value_under_a_credentials_place_stays_reported(name: str, value: str) -> None:
    """A capital is no Kubernetes name's (``MyDbSecret``, ``FAKE-...``; a credential's ID may be
    one, as 1.25.264 judges it)."""
    for obj in _shapes(name, value):
        assert len(_messages(obj, value)) == 1, obj


@pytest.mark.parametrize("name", ["secretKey", "SECRET_KEY", "aws_secret_access_key", "privateKey", "apiKey", "tokenSecret", "clientSecret", "jwtSecretSigningKey"])
def test_a_secret_named_with_key_or_secret_stays_reported(name: str) -> None:
    """A Kubernetes-name-shaped value under a secret's own name is still a literal secret."""
    assert len(_messages(configmap({"values.yaml": f"storage:\n  {name}: my-secret-key\n"}), "my-secret-key")) == 1
    assert len(_messages(pod([container(env=[{"name": _env_name(name), "value": "my-secret-key"}])]), "my-secret-key")) == 1


def test_credentials_id_on_a_command_line_is_not_reported() -> None:
    """--credentials-id=github-token was reported as setting "--credentials-id" in plain text."""
    for args in (["--credentials-id=github-token"], ["--credentials-id", "github-token"], ["CREDENTIALS_ID=github-token"]):
        assert _messages(pod([container(args=args)]), "github-token") == []
    assert _messages(script_pod("jenkins-sync --credentials-id=k8s-sa-token"), "k8s-sa-token") == []
    assert len(_messages(pod([container(args=[f"--credentials-id={FAKE_GITHUB_TOKEN}"])]), FAKE_GITHUB_TOKEN)) == 1
    assert len(_messages(pod([container(args=["--credentials-id", "Zq7fake-pw9Xy2"])]), "Zq7fake-pw9Xy2")) == 1


def test_a_jenkins_credentials_id_with_a_numeronym_is_not_reported() -> None:
    """k8s is a word of a name: credentialsId: k8s-sa-token was reported, a digit inside a word."""
    casc = "jenkins:\n  clouds:\n    - kubernetes:\n        credentialsId: {value}\n"
    assert _messages(configmap({"jenkins.yaml": casc.format(value="k8s-sa-token")}), "k8s-sa-token") == []
    assert len(_messages(configmap({"jenkins.yaml": casc.format(value="k8s7fake-pw")}), "k8s7fake-pw")) == 1


@pytest.mark.parametrize(
    "value",
    ["xxxxxxxx", "my db secret", "My-Db-Secret", "a" * 64, "bcdfghjkl-token", "zq7fake", "my-secret!"],
)
def test_what_is_no_kubernetes_name(value: str) -> None:
    assert not names_a_stored_credential("existingPasswordSecret", value)
    assert not names_a_stored_credential("tokenKey", value)


@pytest.mark.parametrize("value", ["my-db-secret", "s3-creds", "k8s-sa-token", "tls.pem", "db_password", "i18n-bot", "pgsql-creds", "v1"])
def test_what_is_a_kubernetes_name(value: str) -> None:
    assert names_a_stored_credential("existingPasswordSecret", value)
    assert names_a_stored_credential("apiTokenKey", f'"{value}"')
    assert not names_a_stored_credential("secretKey", value)
    assert not names_a_stored_credential("apiKey", value)


def test_a_long_name_shaped_value_is_judged_in_linear_time() -> None:
    """64 KiB of name words: longer than a name, judged as a literal, quickly."""
    value = "k8s-" * 16384
    assert not names_a_stored_credential("tokenKey", value)
    assert len(_messages(configmap({"values.yaml": f"tokenKey: {value}\n"}), value)) == 1
