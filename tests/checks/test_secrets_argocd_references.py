"""disallow-plaintext-secrets: Argo CD's ``argocd-cm`` and ``argocd-notifications-cm`` name a
secret with ``$`` and a key of ``argocd-secret`` (``clientSecret: $dex.github.clientSecret``,
``token: $slack-token``) or of another Secret (``$argocd-oidc-secret:oidc.okta.clientSecret``):
Argo CD reads the value from there, the ConfigMap holds none. A literal that starts with ``$``
(``$3cr3t``, ``$ecret!``, ``$Password-1``) is still reported."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"

DEX_CONFIG = """\
connectors:
  - type: github
    id: github
    name: GitHub
    config:
      clientID: $dex.github.clientID
      clientSecret: {value}
      orgs:
        - name: example
"""


def _found(key: str, text: str) -> list[Any]:
    return findings(configmap({key: text}, name="argocd-cm"), POLICY)


@pytest.mark.parametrize(
    "reference",
    ["$dex.github.clientSecret", "$oidc.keycloak.clientSecret", "$argocd-oidc-secret:oidc.okta.clientSecret", "$dex-secret:clientSecret", "$slack-token"],
)
def test_argocd_secret_references_are_not_reported(reference: str) -> None:
    """Each was reported: sets "clientSecret" in plain text."""
    assert _found("dex.config", DEX_CONFIG.format(value=reference)) == []
    assert _found("oidc.config", f"name: Keycloak\nclientID: argocd\nclientSecret: {reference}\n") == []


def test_a_notifications_service_token_reference_is_not_reported() -> None:
    assert _found("service.slack", "token: $slack-token\nusername: argocd\n") == []


@pytest.mark.parametrize("literal", ["$3cr3t", "$ecret!", "$Password-1", "$Zq7fake-pw9Xy2", "$pw.9x.fake", "$Summer.Fun"])
def test_a_literal_that_starts_with_a_dollar_stays_reported(literal: str) -> None:
    messages = [violation.message for violation in _found("dex.config", DEX_CONFIG.format(value=literal))]
    assert len(messages) == 1 and "clientSecret" in messages[0] and literal not in messages[0]
