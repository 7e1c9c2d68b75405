"""disallow-plaintext-secrets: a ConfigMap script's line that holds a credential and also feeds a
command a literal on its input (``echo ... | docker login --password-stdin && curl -H
"Authorization: Bearer ..."``) reports both, once each, as an ``sh -c`` argument does; the literal
read is the credential's finding only when it is that credential. The values are fakes; no finding
shows one."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
PASSWORD = "Zq7fakePW9xy"
TOKEN = "ghp_" + "Zq7fake0" * 4 + "abcd"
CURL = f'curl -sf -H "Authorization: Bearer {TOKEN}" https://api.example.com/x'
DOCKER = "docker login -u bot --password-stdin registry.example.com"


def _messages(script: str) -> list[str]:
    messages = configmap_messages("publish.sh", f"#!/bin/sh\nset -e\n{script}\n", PASSWORD, POLICY)
    assert TOKEN not in str(messages)
    return messages


def _pod_messages(script: str) -> list[str]:
    decision = decide(script_pod(script))
    shown = everything_shown(decision)
    assert PASSWORD not in shown and TOKEN not in shown
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("script", "reader"),
    [
        (f"echo {PASSWORD} | {DOCKER} && {CURL}", '"docker" on its input'),
        (f"{CURL} && echo {PASSWORD} | {DOCKER}", '"docker" on its input'),
        (f"{DOCKER} <<< {PASSWORD} && {CURL}", '"docker" on its input'),
        (f"echo 'PASSWORD={PASSWORD}' | {DOCKER} && {CURL}", '"docker" on its input'),
        (f"echo {PASSWORD} | sudo -S systemctl restart app && {CURL}", '"sudo" on its input'),
    ],
)
def test_a_literal_read_on_stdin_beside_a_token_is_reported_with_it(script: str, reader: str) -> None:
    for messages in (_messages(script), _pod_messages(script)):
        assert len(messages) == 2, messages
        assert sum("holds a bearer token" in m for m in messages) == 1, messages
        assert sum(reader in m for m in messages) == 1, messages


def test_alone_on_a_line_of_several_and_as_the_only_line() -> None:
    script = f"echo {PASSWORD} | {DOCKER} && {CURL}"
    messages = configmap_messages("publish.sh", script, PASSWORD, POLICY)  # one line, no shebang: a whole text
    assert len(messages) == 2 and any("bearer token" in m for m in messages) and any('"docker" on its input' in m for m in messages), messages
    messages = _messages(f"echo start\n{script}\necho done")
    assert len(messages) == 2 and all("(line 4)" in m for m in messages), messages


def test_a_here_document_read_beside_a_token_is_reported_with_it() -> None:
    messages = _messages(f"sudo -S id <<EOF && {CURL}\n{PASSWORD}\nEOF")
    assert len(messages) == 2, messages
    assert any("bearer token" in m for m in messages) and any('"sudo" on its input' in m for m in messages), messages


@pytest.mark.parametrize(
    "script",
    [
        f"echo {TOKEN} | {DOCKER}",  # the token is what docker reads: one secret
        f"printf '%s' {TOKEN} | {DOCKER}",
    ],
)
def test_a_token_read_on_stdin_is_one_secret(script: str) -> None:
    messages = _messages(script)
    assert len(messages) == 1, messages


def test_a_token_read_on_stdin_beside_another_token() -> None:
    other = "ghp_" + "Yq8fake1" * 4 + "wxyz"
    messages = configmap_messages("publish.sh", f"#!/bin/sh\necho {other} | {DOCKER} && {CURL}\n", other, POLICY)
    assert len(messages) == 2 and sum('"docker" on its input' in m for m in messages) == 0, messages


def test_references_and_files_read_on_stdin_are_not_reported() -> None:
    script = f'{DOCKER} < /run/secrets/pw && curl -H "Authorization: Bearer $GITHUB_TOKEN" x\necho "$PW" | {DOCKER} && {CURL}'
    messages = _messages(script)
    assert len(messages) == 1 and "bearer token" in messages[0], messages  # the only one: the entry's, said without its line


def test_the_fake_of_the_cases_is_not_shown() -> None:
    decision = decide(configmap({"publish.sh": f"#!/bin/sh\necho {FAKE} | {DOCKER} && {CURL}\n"}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 2, messages
    shown = everything_shown(decision)
    assert FAKE not in shown and TOKEN not in shown
