"""Yarn 2+'s npmAuthIdent read from the environment, YARN_NPM_AUTH_IDENT: reported as a pod env var
and a .env line as the .yarnrc.yml key is (a user:password pair with a literal password, or its
base64); a reference, a template or an empty value is harmless."""

from __future__ import annotations

import base64

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

_POLICY = "disallow-plaintext-secrets"
_BASE64 = base64.b64encode(f"deployer:{FAKE}".encode()).decode()


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    shown = everything_shown(decision)
    assert FAKE not in shown and _BASE64 not in shown
    return [f.message for f in decision.findings if f.policy == _POLICY]


@pytest.mark.parametrize("value", [f"deployer:{FAKE}", _BASE64, f'"deployer:{FAKE}"'])
def test_a_literal_ident_is_reported_as_an_env_var(value: str) -> None:
    (message,) = _env_messages("YARN_NPM_AUTH_IDENT", value)
    assert 'env var "YARN_NPM_AUTH_IDENT" sets a registry\'s user:password or its base64 in plain text' in message
    assert len(message.split(". Fix:")[0]) <= 120


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("YARN_NPM_AUTH_IDENT", "deployer:$(NPM_PASSWORD)"),
        ("YARN_NPM_AUTH_IDENT", "$(NPM_AUTH_IDENT)"),
        ("YARN_NPM_AUTH_IDENT", "${NPM_AUTH_IDENT}"),
        ("YARN_NPM_AUTH_IDENT", "{{ .Values.npmAuthIdent }}"),
        ("YARN_NPM_AUTH_IDENT", ""),
        ("YARN_NPM_ALWAYS_AUTH", "true"),
        ("YARN_NPM_REGISTRY_SERVER", "https://nexus.example.org:8443/repository/npm/"),
    ],
)
def test_references_and_other_yarn_settings_are_harmless(name: str, value: str) -> None:
    assert _env_messages(name, value) == []


def test_a_dotenv_line_is_reported_as_the_env_var_is() -> None:
    env_file = f"YARN_NPM_REGISTRY_SERVER=https://nexus.example.org/repository/npm/\nYARN_NPM_AUTH_IDENT=deployer:{FAKE}\n"
    (message,) = configmap_messages(".env", env_file, FAKE)
    assert 'sets "YARN_NPM_AUTH_IDENT" in plain text (line 2)' in message
    assert configmap_messages(".env", "YARN_NPM_AUTH_IDENT=deployer:${NPM_PASSWORD}\n", FAKE) == []
