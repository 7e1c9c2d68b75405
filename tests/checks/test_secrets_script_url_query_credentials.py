"""disallow-plaintext-secrets: a shell script's ``export ALERT_WEBHOOK_URL='https://...?token=...'``
was admitted as ``sh -c``'s script, though the env var of that name is reported (``names_a_url`` and
``url_query_credential``, since 1.25.487). Since 1.25.508 ``env_auth_pair`` judges it, the one judge
of env vars and of a script's ``NAME=value``."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod

from webhook.checks.secrets.setting_values import env_auth_pair

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "name"),
    [
        (f"export ALERT_WEBHOOK_URL='https://hooks.example.org/alert?token={FAKE}'\nexec /app/relay", "ALERT_WEBHOOK_URL"),
        (f'export CALLBACK_URI="https://cb.example.org/done?access_token={FAKE}"; exec app', "CALLBACK_URI"),
        (f"SLACK_WEBHOOK='https://hooks.example.org/x?page=2&token={FAKE}' exec notify", "SLACK_WEBHOOK"),
    ],
)
def test_a_url_with_a_token_is_reported_in_sh_c_as_in_a_configmap_script(script: str, name: str) -> None:
    """sh -c's was admitted."""
    messages = key_and_sh_c_messages(script)
    assert [len(found) for found in messages] == [1, 1]
    assert all(f'sets "{name}" in plain text' in found[0] for found in messages)


@pytest.mark.parametrize(
    "script",
    [
        'export ALERT_WEBHOOK_URL="https://hooks.example.org/alert?token=$ALERT_TOKEN"\nexec app',
        "export ALERT_WEBHOOK_URL='https://hooks.example.org/alert?token=test'\nexec app",
        "export FEED_URL='https://fhir.example.org/Patient?page_token=abcdefghijklmnop'\nexec app",
        "export MODEL_URL='https://models.example.org/get?tokenizer=bert-base-uncased-v2'\nexec app",
        "export ALERT_WEBHOOK_URL='https://hooks.example.org/alert?token={{ .Token }}'\nexec app",
        "export DASHBOARD_URL=https://grafana.example.org/d/abc?orgId=1\nexec app",
    ],
)
def test_a_reference_a_short_token_or_no_credential_is_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_env_var_and_the_script_share_one_judge() -> None:
    url = f"https://hooks.example.org/alert?token={FAKE}"
    assert env_auth_pair("ALERT_WEBHOOK_URL", url) == "a URL with a credential in its query"
    assert env_auth_pair("ALERT_WEBHOOK_NAME", url) is None
    decision = decide(pod([container(env=[{"name": "ALERT_WEBHOOK_URL", "value": url}])]))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'env var "ALERT_WEBHOOK_URL" sets a URL with a credential in its query in plain text' in message
    assert FAKE not in everything_shown(decision)
