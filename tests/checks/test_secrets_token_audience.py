"""disallow-plaintext-secrets: an audience (``aud``, the JWT claim's name) is a URL or a name, never
the token it is the audience of. GitLab CI's ``id_tokens: VAULT_ID_TOKEN: aud: https://...`` was
reported as ``VAULT_ID_TOKEN.aud`` in plain text (a neutral key under a sensitive parent), and
``TOKEN_AUD`` as a sensitive name."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

GITLAB_CI = """\
deploy:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: %s
  script:
    - ./deploy.sh
"""


@pytest.mark.parametrize("audience", ["https://vault.example.com", "my-vault", "[https://a.example.com, https://b.example.com]"])
def test_a_gitlab_id_token_audience_is_not_reported(audience: str) -> None:
    """Was reported: sets "VAULT_ID_TOKEN.aud" in plain text (line 4)."""
    assert configmap_messages(".gitlab-ci.yml", GITLAB_CI % audience, FAKE) == []


def test_an_audience_under_a_token_name_is_not_reported() -> None:
    """Was reported: sets "TOKEN_AUD" in plain text; an env var OIDC_TOKEN_AUD, a sensitive value."""
    assert configmap_messages("app.env", "TOKEN_AUD=https://api.example.org\n", FAKE) == []
    decision = decide(pod([container(env=[{"name": "OIDC_TOKEN_AUD", "value": "sts.amazonaws.com"}])]))
    assert [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"] == []


def test_a_secret_beside_an_audience_stays_reported() -> None:
    text = "jwt:\n  aud: https://api.example.org\n  secret: %s\n" % FAKE
    messages = configmap_messages("config.yaml", text, FAKE)
    assert len(messages) == 1 and '"secret"' in messages[0] and "(line 3)" in messages[0]


def test_a_token_under_id_tokens_stays_reported() -> None:
    text = "deploy:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: vault\n  variables:\n    VAULT_TOKEN: %s\n" % FAKE
    messages = configmap_messages(".gitlab-ci.yml", text, FAKE)
    assert len(messages) == 1 and '"VAULT_TOKEN"' in messages[0]
    decision = decide(pod([container(env=[{"name": "VAULT_TOKEN", "value": FAKE}])]))
    assert FAKE not in everything_shown(decision)
    assert len([f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]) == 1
