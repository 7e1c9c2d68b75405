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

