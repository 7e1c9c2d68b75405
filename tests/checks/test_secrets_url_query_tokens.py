"""disallow-plaintext-secrets: a webhook URL carrying its token in the query, Alertmanager's
``webhook_configs: - url: https://hooks.example.org/alert?token=...`` or an env var
``ALERT_WEBHOOK_URL=https://...?access_token=...``, was admitted (an ``httpGet`` probe's path was
read so already). Since 1.25.487 a name ending with the word ``url``, ``uri`` or ``webhook`` holding
one URL is judged by its query (``query_credentials``), a value of 12 characters or more; a
reference, a template, a short value, ``page_token`` and ``tokenizer`` are none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.setting_values import names_a_url, url_query_credential

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text", "shown"),
    [
        ("alertmanager.yml", f"receivers:\n- name: ops\n  webhook_configs:\n  - url: https://hooks.example.org/alert?token={FAKE}\n", '"url"'),
        ("config.yaml", f"notify:\n  webhook_url: 'https://hooks.example.org/v1/notify?channel=ops&access_token={FAKE}'\n", '"webhook_url"'),
        (".env", f"ALERT_WEBHOOK_URL=https://hooks.example.org/alert?token={FAKE}\n", '"ALERT_WEBHOOK_URL"'),
    ],
)
def test_a_token_in_a_url_s_query_is_reported_in_a_configmap(key: str, text: str, shown: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages(key, text, FAKE)
    assert f"sets {shown} in plain text" in message


def test_a_token_in_a_url_s_query_is_reported_in_an_env_var() -> None:
    """Was admitted."""
    env = [{"name": "ALERT_WEBHOOK_URL", "value": f"https://hooks.example.org/alert?token={FAKE}"}]
    decision = decide(pod([container(env=env)]))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'env var "ALERT_WEBHOOK_URL" sets a URL with a credential in its query' in message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.org/alert?token=$(ALERT_TOKEN)",
        "https://hooks.example.org/alert?token=${ALERT_TOKEN}",
        "https://hooks.example.org/alert?token={{ .Token }}",
        "https://hooks.example.org/alert?token=test",
        "https://hooks.example.org/alert?token=<your-token-here>",
        "https://api.example.org/v1/items?page_token=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3",
        "https://models.example.org/x?tokenizer=bert-base-uncased-v2",
        "https://docs.example.org/guide?section=webhooks&lang=en-GB-oxendict",
    ],
)
def test_references_short_values_and_other_parameters_are_not_reported(url: str) -> None:
    assert not url_query_credential(url)
    env = [{"name": "ALERT_WEBHOOK_URL", "value": url}]
    assert [f for f in decide(pod([container(env=env)])).findings if f.policy == POLICY] == []
    assert configmap_messages("alertmanager.yml", f"receivers:\n- name: ops\n  webhook_configs:\n  - url: {url}\n", FAKE) == []


def test_only_a_url_s_name_is_judged_so() -> None:
    assert names_a_url("ALERT_WEBHOOK_URL") and names_a_url("url") and names_a_url("callbackUri") and names_a_url("slack_webhook")
    assert not names_a_url("CURL") and not names_a_url("webhook_secret_file") and not names_a_url("Facebook")
