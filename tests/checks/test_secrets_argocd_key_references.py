"""disallow-plaintext-secrets: a ConfigMap key named as a secret whose whole value is Argo CD's
reference to a key of ``argocd-secret`` (``webhook.github.secret: $webhook.github.secret``,
``$argocd-oidc:oidc.clientSecret``) holds no secret: up to 1.25.403 the key was reported as looking
like a secret (the same reference inside ``dex.config`` or ``oidc.config`` was not). A literal
there, or a bare ``$word`` with no ``.``, ``-`` or ``:``, stays reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize("value", ["$webhook.github.secret", "$argocd-oidc:oidc.clientSecret", "'$slack-token'"])
def test_a_reference_under_a_secret_key_is_not_reported(value: str) -> None:
    """Was reported: key "webhook.github.secret" looks like a secret."""
    decision = decide(configmap({"webhook.github.secret": value, "url": "https://argocd.example.org"}, name="argocd-cm"))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("value", [FAKE, "$3cr3t", "$ecret!"])
def test_a_literal_under_a_secret_key_stays_reported(value: str) -> None:
    decision = decide(configmap({"webhook.github.secret": value}, name="argocd-cm"))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert messages == ['ConfigMap "argocd-cm" key "webhook.github.secret" looks like a secret. Fix: move it into a Secret and mount or reference that Secret instead.']
    assert FAKE not in everything_shown(decision)
