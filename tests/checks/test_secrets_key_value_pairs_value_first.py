"""disallow-plaintext-secrets: a pair named by ``key:`` written value first (Envoy's ``- header:`` /
``value: ...`` / ``key: x-api-key`` under ``request_headers_to_add``) is read as the same pair key
first is: held until its mapping ends, and dropped when an ``operator:`` or ``effect:`` makes it a
toleration's. References and tolerations stay harmless; no message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, findings, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("text", "setting", "line"),
    [
        (f"request_headers_to_add:\n- header:\n    value: {FAKE}\n    key: x-api-key\n  append: false\n", "x-api-key", 3),
        (f"request_headers_to_add:\n- append_action: OVERWRITE_IF_EXISTS_OR_ADD\n  header:\n    value: {FAKE}\n    key: x-honeycomb-team\n", "x-honeycomb-team", 4),
        (f"request_headers_to_add:\n- header:\n    value: Token {FAKE}\n    key: Authorization\n", "Authorization", 3),
        (f"settings:\n- value: {FAKE}\n  key: db_password\n- value: info\n  key: log_level\n", "db_password", 2),
    ],
)
def test_a_key_value_pair_written_value_first_is_reported(text: str, setting: str, line: int) -> None:
    """Was missed: only name: completed a pair whose value came first."""
    (message,) = configmap_messages("envoy.yaml", text, FAKE)
    assert f'sets "{setting}" in plain text (line {line}).' in message, message


@pytest.mark.parametrize(
    "text",
    [
        "request_headers_to_add:\n- header:\n    value: ${API_KEY}\n    key: x-api-key\n",
        'request_headers_to_add:\n- header:\n    value: "Token %REQ(x-token)%"\n    key: Authorization\n',
        "request_headers_to_add:\n- header:\n    value: application/json\n    key: content-type\n",
        f"tolerations:\n- value: {FAKE}\n  key: api-token\n  operator: Equal\n  effect: NoSchedule\n",
        f"tolerations:\n- operator: Equal\n  value: {FAKE}\n  key: api-token\n",
        f"tolerations:\n- value: {FAKE}\n  key: api-token\n  effect: NoSchedule\n",
        "tolerations:\n- value: token\n  key: dedicated\n  effect: NoSchedule\n",
        "tolerations:\n- key: dedicated\n  value: token\n",
    ],
)
def test_references_and_tolerations_value_first_stay_harmless(text: str) -> None:
    assert configmap_messages("values.yaml", text, FAKE) == []


def test_a_pods_toleration_value_first_stays_harmless() -> None:
    toleration = {"value": "token", "key": "dedicated", "operator": "Equal", "effect": "NoSchedule"}
    assert findings(pod([container()], tolerations=[toleration]), POLICY) == []
