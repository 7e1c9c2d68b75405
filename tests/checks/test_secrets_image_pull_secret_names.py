"""disallow-plaintext-secrets: a setting named as a pod's image pull secrets lists the names of the
Secrets that hold the registry's credentials: up to 1.25.400 GitLab Runner's ``config.toml``
``image_pull_secrets = ["regcred"]`` (and the same list in YAML, an env var or ``gitlab-runner
register --kubernetes-image-pull-secrets``) was reported as set in plain text. A value with a
secret's shape under the name stays reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.setting_values import names_pull_secrets

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("config.toml", '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    image_pull_secrets = ["regcred", "harbor-pull"]\n'),
        ("values.yaml", "runners:\n  imagePullSecrets: [regcred]\n  pull_secrets: registry-creds\n"),
    ],
)
def test_names_of_pull_secrets_are_not_reported(key: str, text: str) -> None:
    """Was reported: sets "image_pull_secrets" (or its name) in plain text."""
    assert configmap_messages(key, text, FAKE) == []


def test_an_env_var_naming_them_is_not_reported() -> None:
    decision = decide(pod([container(env=[{"name": "KUBERNETES_IMAGE_PULL_SECRETS", "value": "regcred,harbor-pull"}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


def test_a_command_line_option_naming_them_is_not_reported() -> None:
    decision = decide(script_pod("gitlab-runner register --non-interactive --executor kubernetes --kubernetes-image-pull-secrets=regcred"))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("value", [f'["{FAKE}"]', f'["regcred", "{FAKE}"]', '["xxxxxxxx"]', '["Zq7fakePw9Lm2Np8Rt4Vw6Xy1"]'])
def test_a_secret_under_the_name_stays_reported(value: str) -> None:
    decision = decide(pod([container(env=[{"name": "KUBERNETES_IMAGE_PULL_SECRETS", "value": value}])]))
    assert [f.policy for f in decision.findings].count(POLICY) == 1
    assert FAKE not in everything_shown(decision)


def test_only_a_pull_secrets_name_lists_names() -> None:
    assert names_pull_secrets("image_pull_secrets", '["regcred"]')
    assert not names_pull_secrets("api_secrets", '["regcred"]')
    assert not names_pull_secrets("pull_secret_password", "regcred")
    assert not names_pull_secrets("image_pull_secrets", "[" + ", ".join(["regcred"] * 2000) + "]")
