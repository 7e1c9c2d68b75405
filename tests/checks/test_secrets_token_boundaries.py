"""disallow-plaintext-secrets: where each token format may start and end. A format's prefix right
after a letter, a digit or (for a format written with them) a ``-``, ``_``, ``.`` or ``:`` is part
of a longer word, not a token; a token one character longer than its format is no token either.
What a format allows right before it is pinned too: a lower-case word before an AWS key id
(``keyAKIA...``), a word joined by a dash before a GitHub token, a template before a Teams webhook
host. Tokens here are fake (built from a filler); no message shows any piece of one."""

from __future__ import annotations

import pytest
from check_helpers import container, decide, pod
from test_secrets_glued_tokens import FILL, HEX, TOKENS

from webhook.checks.secrets.values import credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"
TELEGRAM = TOKENS["a Telegram bot token"]


@pytest.mark.parametrize(
    "text",
    [
        f"https://api.telegram.org/bot{TELEGRAM}/sendMessage?chat_id=-1001234567890",
        f"https://api.telegram.org/bot{TELEGRAM}",
        f"curl -s https://api.telegram.org/bot{TELEGRAM}/getMe",
    ],
    ids=["url-with-query", "url", "curl"],
)
def test_a_telegram_bot_token_in_a_bot_api_url_is_found_and_never_shown(text: str) -> None:
    """The Bot API takes its token in the URL's path, right after ``/bot``: a word before the
    token's digits, so the format (no letter right before it) missed the way a Telegram token is
    most often written (an alerting webhook URL, a notifier's ``curl``)."""
    assert credential_kind(text) == "a Telegram bot token"
    assert credential_kinds(text) == ["a Telegram bot token"]
    decision = decide(pod([container(env=[{"name": "NOTIFY_URL", "value": text}])]))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert any("holds a Telegram bot token" in m for m in messages), messages
    shown = repr([(f.message, f.short, f.path) for f in decision.findings] + [decision.message, decision.warnings])
    assert TELEGRAM.split(":")[1][:8] not in shown and TELEGRAM.split(":")[0] not in shown



GITHUB = TOKENS["a GitHub token"]
BOUNDARIES = [
    # (text, the kind it holds or None): a format's prefix inside a longer word, or a token one
    # character longer than its format, is no token; what a format allows right before it is one
    pytest.param("AKIA" + FILL[:20].upper(), None, id="aws-key-id-too-long"),
    pytest.param("keyAKIA" + FILL[:16].upper(), "an AWS access key id", id="aws-key-id-after-lower-case"),
    pytest.param("abc-" + TOKENS["a JSON Web Token"], None, id="jwt-after-dash"),
    pytest.param("x-" + TOKENS["a GitLab token"], None, id="gitlab-after-dash"),
    pytest.param("x-" + TOKENS["a Slack token"], None, id="slack-after-dash"),
    pytest.param("x-" + TOKENS["an OpenAI API key"], None, id="openai-after-dash"),
    pytest.param("x-" + TOKENS["an Anthropic API key"], None, id="anthropic-after-dash"),
    pytest.param("hf_" + FILL[:40], None, id="hugging-face-too-long"),
    pytest.param("x." + TOKENS["a Vault token"], None, id="vault-after-dot"),
    pytest.param("x:" + TELEGRAM, None, id="telegram-after-colon"),
    pytest.param("dop_v1_" + HEX + "ab", None, id="digitalocean-too-long"),
    pytest.param("x_" + TOKENS["a DigitalOcean token"], None, id="digitalocean-after-underscore"),
    pytest.param("shpat_" + HEX[:34], None, id="shopify-too-long"),
    pytest.param("x." + TOKENS["a Google OAuth access token"], None, id="google-oauth-after-dot"),
    pytest.param("myBearer " + FILL[:24], None, id="bearer-inside-a-word"),
    pytest.param("x_" + TOKENS["a Stripe secret key"], None, id="stripe-after-underscore"),
    pytest.param(
        "https://{{ .Values.tenant }}" + TOKENS["a Microsoft Teams webhook URL"][4:], "a Microsoft Teams webhook URL", id="teams-templated-host"
    ),
]


@pytest.mark.parametrize(("text", "kind"), BOUNDARIES)
def test_where_a_token_may_start_and_end(text: str, kind: str | None) -> None:
    assert credential_kind(text) == kind
    assert credential_kinds(text) == ([kind] if kind else [])
    decision = decide(pod([container(env=[{"name": "SETTING", "value": text}])]))
    found = [f.message for f in decision.findings if f.policy == POLICY]
    assert found == ([f'container "app" env var "SETTING" holds {kind} in plain text. Fix: move the value into a Secret and reference it with valueFrom.secretKeyRef.'] if kind else [])


def test_a_token_glued_to_an_option_letter_right_after_a_url_password_is_counted_apart() -> None:
    """A glued token starts after its option letter (``GLUED_OFFSET``), not at the ``-``: here the
    ``-`` is the last character the URL's match reads, and the token is a second credential."""
    text = "mysql://app:pw@-k" + GITHUB
    assert credential_kinds(text) == ["a URL with a password (user:password@host)", "a GitHub token"]
