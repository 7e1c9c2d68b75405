"""disallow-plaintext-secrets: a command whose input is redirected twice reads the last redirection
only (bash opens them left to right, each replacing the one before). A process substitution a later
``<<<``, ``<<EOF`` or ``< FILE`` replaces gives the reader nothing: ``sudo -S id < <(echo ...) <<<
y`` is one finding at most, about what sudo reads, as ``sudo -S id <<< ... < FILE`` already was."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, container, findings, pod, reported_once

POLICY = "disallow-plaintext-secrets"


def _places(script: str) -> list[dict[str, object]]:
    return [configmap({"run.sh": script}), pod([container(command=["sh", "-c", script])])]


@pytest.mark.parametrize(
    "script",
    [
        f'sudo -S id < <(echo {FAKE}) <<< "$PW"',
        f"sudo -S id < <(echo {FAKE}) < /run/secrets/sudo-password",
        f"sudo -S id 0< <(echo {FAKE}) < /run/secrets/sudo-password",
        f"sudo -S id < <(echo {FAKE}) < <(cat /run/secrets/sudo-password)",
        f"sudo -S id < <(echo {FAKE}) <<EOF\n$PW\nEOF",
        f'sudo -S id < <(echo {FAKE}) <(true) <<< "$PW"',
        f'docker login -u bot --password-stdin registry.example.com < <(echo {FAKE}) <<< "$PW"',
        f'echo "$PW" | sudo -S id < <(echo {FAKE}) < /run/secrets/sudo-password',
    ],
)
def test_a_process_substitution_a_later_input_redirection_replaces_is_not_read(script: str) -> None:
    for obj in _places(script):
        assert findings(obj, POLICY) == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"sudo -S id < <(echo y) <<< {FAKE}", '"sudo" on its input (sudo -S <<...)'),
        (f'sudo -S id <<< "$PW" < <(echo {FAKE})', '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"sudo -S id < /run/secrets/sudo-password < <(echo {FAKE})", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"sudo -S id < <(cat /run/secrets/sudo-password) < <(echo {FAKE})", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"sudo -S id < <(echo y) <<EOF\n{FAKE}\nEOF", '"sudo" on its input (sudo -S <<...)'),
    ],
)
def test_the_last_input_redirection_is_what_the_reader_reads(script: str, fragment: str) -> None:
    for obj in _places(script):
        reported_once(obj, POLICY, fragment)


def test_the_briefs_two_redirections_give_one_finding_about_the_here_string() -> None:
    # bash gives sudo the here-string: the process substitution's line is never read
    script = f"sudo -S id < <(echo {FAKE}) <<< y"
    for obj in _places(script):
        (finding,) = findings(obj, POLICY)
        assert "(sudo -S <<...)" in finding.message


# --- a command's own < <(...) wins over a pipe or its group's input ------------------------------


@pytest.mark.parametrize(
    "script",
    [
        f'echo {FAKE} | sudo -S id < <(echo "$PW")',
        f'{{ sudo -S id < <(echo "$PW"); }} <<< {FAKE}',
        f'echo {FAKE} | {{ sudo -S id < <(echo "$PW"); }}',
        f'echo {FAKE} | sudo -S id $(date) < <(echo "$PW")',
        f'echo {FAKE} | sudo -S id < <(echo y) <<< "$PW"',
    ],
)
def test_a_pipe_or_a_groups_input_does_not_reach_a_command_reading_a_process_substitution(script: str) -> None:
    for obj in _places(script):
        assert findings(obj, POLICY) == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"echo y | sudo -S id < <(echo {FAKE})", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"{{ sudo -S id < <(echo {FAKE}); }} <<< y", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"echo y | sudo -S id < <(echo z) <<< {FAKE}", '"sudo" on its input (sudo -S <<...)'),
        # the group's input is left for its next reader
        (f'{{ sudo -S id < <(echo "$PW"); sudo -S true; }} <<< {FAKE}', '"sudo" on its input ({ ... sudo -S; } <<...)'),
    ],
)
def test_a_command_reading_a_process_substitution_reads_that_alone(script: str, fragment: str) -> None:
    for obj in _places(script):
        reported_once(obj, POLICY, fragment)
