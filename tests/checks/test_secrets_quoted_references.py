"""disallow-plaintext-secrets: quotes kept around a whole reference in an env value
(``'${db-password}'``, ``"${client-secret}"``) change nothing: the reference is harmless as it is
without them, a literal default inside them is still reported. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"


def _messages(name: str, value: str, secret: str = FAKE) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert secret not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    "value",
    ["${db-password}", "'${db-password}'", '"${db-password}"', "'${client-secret}'", '"${api-key}"', "'${DB_PASSWORD}'", '"${DB_PASSWORD}"'],
)
def test_a_quoted_reference_is_a_reference(value: str) -> None:
    assert _messages("DB_PASSWORD", value) == []


@pytest.mark.parametrize(
    "value",
    [
        f"'${{pw-{FAKE}}}'",  # the shell's literal default, in quotes
        f'"${{DB_PASSWORD:-{FAKE}}}"',
        f"'${{db-password}}'{FAKE}",  # literal text after the closing quote
        f"'${{db-password}}{FAKE}'",  # literal text inside the quotes
        f"'{FAKE}'",
    ],
)
def test_a_literal_in_or_after_the_quotes_stays_reported(value: str) -> None:
    (message,) = _messages("DB_PASSWORD", value)
    assert 'env var "DB_PASSWORD" sets a sensitive value in plain text' in message


def test_unbalanced_or_lone_quotes_are_judged_as_written() -> None:
    (message,) = _messages("DB_PASSWORD", "'${db-password}")
    assert "in plain text" in message
    (message,) = _messages("DB_PASSWORD", "'${db-password}\"")
    assert "in plain text" in message
