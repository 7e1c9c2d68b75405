"""DOCKER_AUTH_CONFIG (a docker config.json in a variable, as GitLab Runner's Docker and Kubernetes
executors read it) in a ConfigMap's .env file and in GitLab Runner's config.toml ``environment``
list: reported when its JSON sets a registry credential in plain text, as the same pod env var is;
a reference, a credential helper or a credential store is harmless."""

from __future__ import annotations

import base64
import json

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

_AUTH = base64.b64encode(f"ci-bot:{FAKE}".encode()).decode()
_CONFIG = json.dumps({"auths": {"registry.example.org": {"auth": _AUTH}}}, separators=(",", ":"))
_ESCAPED = _CONFIG.replace('"', '\\"')
_HELPER = json.dumps({"credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}})
_STORE = json.dumps({"credsStore": "pass", "auths": {"registry.example.org": {}}})
_REFERENCE = json.dumps({"auths": {"registry.example.org": {"auth": "${REGISTRY_AUTH}"}}})


def _messages(key: str, text: str) -> list[str]:
    messages = configmap_messages(key, text, FAKE)
    decision = decide({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "shop"}, "data": {key: text}})
    assert _AUTH not in everything_shown(decision)
    return messages


def _toml(item: str) -> str:
    return f'concurrent = 4\n[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n  environment = ["GIT_DEPTH=10", {item}]\n'


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        (".env", f"CI_REGISTRY=registry.example.org\nDOCKER_AUTH_CONFIG={_CONFIG}\n", 2),
        (".env", f"DOCKER_AUTH_CONFIG='{_CONFIG}'\n", 1),
        ("runner.env", f'export DOCKER_AUTH_CONFIG="{_ESCAPED}"\n', 1),
        ("config.toml", _toml(f'"DOCKER_AUTH_CONFIG={_ESCAPED}"'), 5),
        ("config.toml", _toml(f"'DOCKER_AUTH_CONFIG={_CONFIG}'"), 5),
    ],
)
def test_a_literal_registry_credential_is_reported_as_the_env_var_is(key: str, text: str, line: int) -> None:
    (message,) = _messages(key, text)
    assert f'sets "DOCKER_AUTH_CONFIG" in plain text (line {line})' in message
    env = decide(pod([container(env=[{"name": "DOCKER_AUTH_CONFIG", "value": _CONFIG}])]))
    assert [f.policy for f in env.findings].count("disallow-plaintext-secrets") == 1  # the same judgement


@pytest.mark.parametrize("config", [_HELPER, _STORE, _REFERENCE, "$DOCKER_AUTH_CONFIG_JSON", ""])
def test_helpers_stores_and_references_are_harmless(config: str) -> None:
    assert _messages(".env", f"DOCKER_AUTH_CONFIG={config}\n") == []
    escaped = config.replace('"', '\\"')
    assert _messages("config.toml", _toml(f'"DOCKER_AUTH_CONFIG={escaped}"')) == []


def test_other_environment_items_with_braces_are_judged_as_before() -> None:
    assert _messages("config.toml", _toml('"FF_SCRIPT_SECTIONS={\\"a\\":1}"')) == []
    (message,) = _messages("config.toml", _toml(f'"DB_PASSWORD={FAKE}{{x}}"'))
    assert 'sets "DB_PASSWORD" in plain text (line 5)' in message
