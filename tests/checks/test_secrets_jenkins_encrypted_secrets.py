"""disallow-plaintext-secrets: Jenkins keeps a secret encrypted with the controller's own key as
``{AQAAABAAAA...}`` (hudson.util.Secret: version 1, a 16-byte IV, then the data, in base64), the
form a JCasC export (``jenkins.yaml``) and ``credentials.xml`` write: up to 1.25.397 it was
reported as a password in plain text. A password written as itself, or braces around other text,
stay reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, pod

from webhook.checks.secrets.values import is_placeholder

POLICY = "disallow-plaintext-secrets"
ENCRYPTED = "{AQAAABAAAAAQ1Vn9RfaN3Bt5+TsaiGy6DZ3IETDpCQN+k2CkCz+ydyMfakeFAKE0123=}"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("jenkins.yaml", f'unclassified:\n  mailer:\n    authentication:\n      username: ci\n      password: "{ENCRYPTED}"\n'),
        ("jenkins.yaml", f"jenkins:\n  securityRealm:\n    ldap:\n      configurations:\n        - server: ldap\n          managerPasswordSecret: '{ENCRYPTED}'\n"),
        ("credentials.xml", f"<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <username>ci</username>\n  <password>{ENCRYPTED}</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n"),
    ],
)
def test_a_jenkins_encrypted_secret_is_not_reported(key: str, text: str) -> None:
    """Was reported: sets "password" (or its name) in plain text."""
    assert configmap_messages(key, text, FAKE) == []


def test_an_env_var_set_to_one_is_not_reported() -> None:
    decision = decide(pod([container(env=[{"name": "SMTP_PASSWORD", "value": ENCRYPTED}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    "value",
    [
        FAKE,
        "{" + FAKE + "}",
        "{AQAAABAAAA" + FAKE + "}",  # not base64
        "{AQAAABAAAAshort=}",  # too short to hold an IV and data
        "{AQAAAAAAAAAQ1Vn9RfaN3Bt5+TsaiGy6DZ3IETDpCQN+k2CkCz+ydyM=}",  # no 16-byte IV
    ],
)
def test_other_values_stay_reported(value: str) -> None:
    text = f'unclassified:\n  mailer:\n    authentication:\n      password: "{value}"\n'
    messages = configmap_messages("jenkins.yaml", text, FAKE)
    assert messages == ['ConfigMap "config" key "jenkins.yaml" sets "password" in plain text (line 4). Fix: move it into a Secret and mount or reference that Secret instead.']
    assert not is_placeholder(value)


def test_the_shape_is_matched_in_linear_time() -> None:
    assert not is_placeholder("{AQAAABAAAA" + "A" * 65536)
    assert is_placeholder(ENCRYPTED)
