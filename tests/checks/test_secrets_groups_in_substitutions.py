"""disallow-plaintext-secrets: a group inside a command substitution (``x=$( (echo ... | tee FILE) |
docker login --password-stdin ...)``, also ``{ ...; }``, ``if ... fi``, in ``"$(...)"`` and
backquotes) writes into the pipe after it, as outside one: its commands' output is the group's,
not what the substitution captures. The values are fakes; no finding shows one."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, decide, everything_shown, key_and_sh_c_messages, script_pod

POLICY = "disallow-plaintext-secrets"
DOCKER = "docker login -u ci-bot --password-stdin registry.example"


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"x=$( (echo -n {FAKE} | tee /run/secrets/t) | {DOCKER})\n", "((echo ... | tee) | docker ... --password-stdin)"),
        (f"echo $( (echo -n {FAKE}) | {DOCKER})\n", "((echo ...) | docker ... --password-stdin)"),
        (f"x=$(cat /etc/hostname; (echo -n {FAKE}) | {DOCKER})\n", "((echo ...) | docker ... --password-stdin)"),
        (f'x="$( (echo -n {FAKE}) | {DOCKER})"\n', "((echo ...) | docker ... --password-stdin)"),
        (f"x=`(echo -n {FAKE}) | {DOCKER}`\n", "((echo ...) | docker ... --password-stdin)"),
        (f"x=$({{ echo -n {FAKE} | tee /run/secrets/t; }} | {DOCKER})\n", "({ echo ... | tee; } | docker ... --password-stdin)"),
        (f"x=$(if true; then echo -n {FAKE}; fi | {DOCKER})\n", "({ echo ...; } | docker ... --password-stdin)"),
        (f"x=$( (printf '%s' {FAKE}) 2>&1 | {DOCKER})\n", "((printf ...) | docker ... --password-stdin)"),
    ],
)
def test_a_literal_a_group_in_a_substitution_pipes_into_a_reader_is_reported(script: str, shown: str) -> None:
    """Was missed: the group's commands were read as writing into what the substitution captures."""
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f'passes a secret to "docker" on its input {shown}' in message


@pytest.mark.parametrize(
    "script",
    [
        f"x=$( (cat /run/secrets/token | tee /tmp/t) | {DOCKER})\n",
        f'x=$( {{ echo -n "$REGISTRY_TOKEN"; }} | {DOCKER})\n',
        f"x=$( (echo -n {FAKE} | tee /dev/null > /dev/null) ); {DOCKER}\n",  # captured by x=, nothing piped
        f"x=$( (echo -n {FAKE}) > /dev/null ) | {DOCKER}\n",
        "version=$( (echo 1.4.2 | tr -d '\\n') )\n",
    ],
)
def test_a_group_in_a_substitution_piping_no_literal_into_a_reader_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_substitutions_input_still_reaches_a_group_in_it() -> None:
    """Kept: the input of the command a substitution is in reaches its group's first command."""
    for messages in key_and_sh_c_messages(f"echo {FAKE} | x=$( (sudo -S id) )\n"):
        (message,) = messages
        assert 'passes a secret to "sudo" on its input (echo ... | sudo -S)' in message


def test_many_groups_in_substitutions_stay_linear() -> None:
    script = f"x=$( (echo -n {FAKE}) | {DOCKER})\n" + "y=$( ( ( (true) ) ) | cat)\n" * 2000 + "z=$(" + "( " * 4000 + "true" + " )" * 4000 + ")\n"
    started = time.perf_counter()
    decision = decide(script_pod(script))
    assert time.perf_counter() - started < 4
    assert FAKE not in everything_shown(decision)
    assert [f for f in decision.findings if f.policy == POLICY]
