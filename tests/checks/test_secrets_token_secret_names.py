"""disallow-plaintext-secrets: a name ending in ``token secret`` after a service's name (Tekton's
``sonar-token-secret``, ``github-token-secret``) set to a Kubernetes name (``sonar-credentials``)
names the Secret the token is kept in, as ``existingPasswordSecret: db-creds`` does; a literal there
is still reported, and so is OAuth 1.0a's token secret (``oauth_token_secret``,
``access_token_secret``, ``tokenSecret``) whatever its shape."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, compliant, configmap_messages, decide, everything_shown, pod

TEKTON_PIPELINE = """apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: build-and-scan
spec:
  params:
    - name: sonar-token-secret
      type: string
      default: {value}
  tasks:
    - name: scan
      taskRef:
        name: sonarqube-scanner
      params:
        - name: sonar-token-secret
          value: {value}
        - name: github-token-secret
          value: {value}
"""


def test_tekton_params_naming_secrets_are_admitted() -> None:
    assert configmap_messages("pipeline.yaml", TEKTON_PIPELINE.format(value="sonar-credentials"), FAKE) == []


def test_a_literal_in_those_params_is_reported() -> None:
    messages = configmap_messages("pipeline.yaml", TEKTON_PIPELINE.format(value=FAKE), FAKE)
    assert len(messages) == 2 and all("token-secret" in m for m in messages)


@pytest.mark.parametrize(
    "line", ["sonar-token-secret: sonar-credentials", "githubTokenSecret: github-token", "SLACK_TOKEN_SECRET: slack-bot"]
)
def test_a_secrets_name_is_admitted(line: str) -> None:
    assert configmap_messages("values.yaml", line + "\n", FAKE) == []


@pytest.mark.parametrize(
    "line",
    [
        f"sonar-token-secret: {FAKE}",
        "oauth_token_secret: sonar-credentials",
        "access_token_secret: sonar-credentials",
        "tokenSecret: sonar-credentials",
        "token-secret: sonar-credentials",
        "session-secret: keyboard-cat",
    ],
)
def test_a_literal_or_an_oauth_token_secret_is_reported(line: str) -> None:
    (message,) = configmap_messages("values.yaml", line + "\n", FAKE)
    assert '" in plain text (line 1)' in message


def test_env_var_naming_the_secret() -> None:
    ok = decide(pod([compliant(env=[{"name": "SONAR_TOKEN_SECRET", "value": "sonar-credentials"}])]))
    assert [f for f in ok.findings if f.policy == "disallow-plaintext-secrets"] == []
    bad = decide(pod([compliant(env=[{"name": "SONAR_TOKEN_SECRET", "value": FAKE}])]))
    assert [f for f in bad.findings if f.policy == "disallow-plaintext-secrets"]
    assert FAKE not in everything_shown(bad)
