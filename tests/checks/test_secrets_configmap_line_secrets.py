"""A ConfigMap script's line that holds a credential (a token, a DSN) and passes another secret to a
command (``curl -H "Authorization: Bearer ..." && mysql -p...``): each is a finding of its own,
named by what it is, never by its value; the command that passes the credential is the
credential's finding, not a second one."""

from __future__ import annotations

import pytest

from check_helpers import FAKE, POLICIES, configmap, decide, everything_shown
from webhook.config import parse_cluster_config
from webhook.types import WARNING_LIMIT

POLICY = "disallow-plaintext-secrets"
TOKEN = "ghp_" + "FAKEnotArealTOKEN" * 2 + "12"  # a GitHub token's shape, 36 characters after ghp_
CURL = f'curl -H "Authorization: Bearer {TOKEN}" https://config.example.com/v1/app'
MYSQL = '"mysql" (-p<password>)'


def _messages(key: str, text: str) -> list[str]:
    decision = decide(configmap({key: text}))
    shown = everything_shown(decision)
    assert FAKE not in shown and TOKEN not in shown
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"{CURL} && mysql -uroot -p{FAKE} shop", ""),  # the line alone in the entry
        (f"#!/bin/sh\nset -e\n{CURL} && mysql -uroot -p{FAKE} shop\n", " (line 3)"),
        (f"#!/bin/sh\n{CURL}; mysql -uroot -p{FAKE} shop\n", " (line 2)"),
    ],
)
def test_a_password_passed_beside_a_token_on_one_line_is_reported_too(text: str, where: str) -> None:
    messages = _messages("seed.sh", text)
    assert len(messages) == 2, messages
    token, password = sorted(messages)
    assert f'key "seed.sh" holds a bearer token in plain text{where}.' in token
    assert f'key "seed.sh" passes a password to {MYSQL} in plain text{where}.' in password


def test_the_deny_message_names_both_secrets_of_the_line() -> None:
    decision = decide(configmap({"seed.sh": f"{CURL} && mysql -uroot -p{FAKE} shop"}))
    assert decision.allowed is False
    assert "holds a bearer token" in decision.message and f"passes a password to {MYSQL}" in decision.message
    assert FAKE not in everything_shown(decision) and TOKEN not in everything_shown(decision)


def test_as_warnings_each_secret_of_the_line_is_one_short_warning() -> None:
    config = parse_cluster_config({"actions": {POLICY: "warn"}}, POLICIES, "cluster.yaml")
    decision = decide(configmap({"seed.sh": f"{CURL} && mysql -uroot -p{FAKE} shop"}), config=config)
    mine = [w for w in decision.warnings if w.startswith(POLICY)]
    assert len(mine) == 2, decision.warnings
    assert all(len(w) <= WARNING_LIMIT for w in mine)
    assert FAKE not in everything_shown(decision) and TOKEN not in everything_shown(decision)


def test_a_setting_beside_a_token_on_one_line_is_reported_too() -> None:
    messages = _messages("run.sh", f"#!/bin/sh\nexport DB_PASSWORD={FAKE}; {CURL}\n")
    assert sorted(m.split(" in plain text")[0] for m in messages) == [
        'ConfigMap "config" key "run.sh" holds a bearer token',
        'ConfigMap "config" key "run.sh" sets "DB_PASSWORD"',
    ]


@pytest.mark.parametrize(
    "line",
    [
        CURL,  # curl passes the token: one secret, the token's finding
        f"echo {TOKEN} | docker login ghcr.io -u bot --password-stdin",  # the token, read on docker's input
        f"export GITHUB_TOKEN={TOKEN} && gh repo list",  # the token, set
        f"{CURL} && mysql --defaults-extra-file=/run/secrets/my.cnf shop",  # mysql reads its password from a file
        f'{CURL} && mysql -uroot -p"$MYSQL_PASSWORD" shop',
    ],
)
def test_a_line_with_a_token_and_no_other_secret_is_one_finding(line: str) -> None:
    messages = _messages("seed.sh", f"#!/bin/sh\n{line}\necho done\n")
    assert len(messages) == 1, messages
    assert "holds a GitHub token" in messages[0] or "holds a bearer token" in messages[0]


def test_a_dsn_passed_to_a_command_beside_a_password_is_two_findings_not_three() -> None:
    dsn = f"postgres://app:{FAKE}@db:5432/shop"
    messages = _messages("migrate.sh", f"#!/bin/sh\npsql {dsn} -c 'select 1' && redis-cli -a {FAKE}x ping\n")
    assert len(messages) == 2, messages
    assert any("holds a URL with a password" in m for m in messages)
    assert any('passes a password to "redis-cli"' in m for m in messages)


def test_a_line_of_64_kib_of_commands_beside_a_token_lists_20_and_counts_the_rest() -> None:
    """Only the first words are each looked for among the line's credentials: a long line is read
    a bounded number of times."""
    line = CURL + "".join(f" && mysql -uroot -p{FAKE}{i} db{i}" for i in range(1300))
    assert len(line) > 64 * 1024
    messages = _messages("seed.sh", f"#!/bin/sh\n{line}\n")
    assert len(messages) == 21
    assert "holds a bearer token in plain text (line 2)" in messages[0]
    assert "holds 1281 more secrets in plain text (from line 2 on; only the first 20 are listed)" in messages[-1]
