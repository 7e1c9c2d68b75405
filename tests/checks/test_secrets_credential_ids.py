"""disallow-plaintext-secrets: a name whose last word is ``id`` after ``credential(s)``, ``creds``
or ``token`` (Jenkins' ``credentialsId``, ``tokenCredentialId``, the GitLab plugin's ``apiTokenId``,
``CREDENTIALS_ID``) holds the ID a credential is kept under in a store, not the credential, when
the value has the shape of a name (``github-token``, ``git-creds``). A value with the shape of a
secret there (a digit inside a word, a token of a known format) is still reported, and so is
``secretId`` (Vault AppRole's secret_id is a secret)."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_SECRET = "Zq7fake-pw9Xy2"
FAKE_GITHUB_TOKEN = "ghp_" + "FAKEfake0123456789abcdefABCDEF012345"

JENKINS_CASC = """\
unclassified:
  gitHubPluginConfig:
    configs:
      - name: "GitHub"
        credentialsId: "{value}"
  slackNotifier:
    teamDomain: example
    tokenCredentialId: {value}
  gitLabConnectionConfig:
    connections:
      - apiTokenId: {value}
        name: gitlab
"""


def _found(key: str, text: str) -> list[Any]:
    return findings(configmap({key: text}), POLICY)


def _env_found(name: str, value: str) -> list[Any]:
    return findings(pod([container(env=[{"name": name, "value": value}])]), POLICY)


@pytest.mark.parametrize("credential_id", ["github-token", "git-creds", "slack_token", "SonarToken", "ci.bot.user"])
def test_jenkins_casc_credential_ids_are_not_reported(credential_id: str) -> None:
    """Each of the three keys was reported: sets "credentialsId" in plain text."""
    assert _found("jenkins.yaml", JENKINS_CASC.format(value=credential_id)) == []


@pytest.mark.parametrize("value", [FAKE_SECRET, "hunter2x9", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "qwhzkvnbtrplmxcdfgsjyeuaoiwqzkvb"])
def test_a_secret_shaped_value_under_a_credential_id_stays_reported(value: str) -> None:
    messages = [violation.message for violation in _found("jenkins.yaml", JENKINS_CASC.format(value=value))]
    assert len(messages) == 3
    assert all(value not in message for message in messages)


def test_a_known_token_under_a_credential_id_stays_reported() -> None:
    messages = [violation.message for violation in _found("jenkins.yaml", JENKINS_CASC.format(value=FAKE_GITHUB_TOKEN))]
    assert messages and all("GitHub token" in message for message in messages)


def test_a_jenkinsfile_credentials_id_is_not_reported() -> None:
    script = "withCredentials([string(credentialsId: 'slack-token', variable: 'SLACK')]) {\n  sh 'notify'\n}\n"
    assert _found("Jenkinsfile.groovy", script) == []
    assert len(_found("Jenkinsfile.groovy", script.replace("slack-token", FAKE_SECRET))) == 1


@pytest.mark.parametrize("name", ["CREDENTIALS_ID", "JENKINS_CREDENTIALS_ID", "TOKEN_CREDENTIAL_ID", "GIT_CREDS_ID"])
def test_an_env_var_naming_a_credential_id_is_not_reported(name: str) -> None:
    assert _env_found(name, "github-token") == []
    assert len(_env_found(name, FAKE_SECRET)) == 1


def test_a_dotenv_credential_id_is_not_reported() -> None:
    assert _found("app.env", "CREDENTIALS_ID=github-token\nTOKEN_CREDENTIAL_ID=slack-token\n") == []
    assert len(_found("app.env", f"CREDENTIALS_ID={FAKE_SECRET}\n")) == 1


@pytest.mark.parametrize("name", ["secretId", "SECRET_ID", "VAULT_SECRET_ID", "passwordId"])
def test_other_ids_stay_judged_as_before(name: str) -> None:
    """Vault AppRole's secret_id is a secret itself, whatever its shape."""
    assert len(_found("config.yaml", f"auth:\n  {name}: my-secret\n")) == 1
    assert len(_env_found(name, "my-secret")) == 1


@pytest.mark.parametrize("name", ["CREDENTIALS_ID", "TOKEN_CREDENTIAL_ID"])
def test_a_masked_env_value_under_a_credential_id_stays_reported(name: str) -> None:
    """An env value set to xxxxx is reported whatever the name says, as Polaris reports it."""
    assert len(_env_found(name, "xxxxxxxx")) == 1


def test_a_configmap_key_naming_a_credential_id_is_not_reported() -> None:
    """A ConfigMap read with envFrom: its key CREDENTIALS_ID was reported as looking like a secret."""
    assert findings(configmap({"CREDENTIALS_ID": "github-token", "TOKEN_CREDENTIAL_ID": "slack-token"}), POLICY) == []
    for value in (FAKE_SECRET, "xxxxxxxx", FAKE_GITHUB_TOKEN):
        assert len(findings(configmap({"CREDENTIALS_ID": value}), POLICY)) == 1
