"""A double-quoted command substitution after another among a command's words (``x "$(date)"
"$(sudo -S id <<< ...)"``) is among that command's words as the first one is: the command whose words
go on after an unquoted substitution further on is ``x``, not the reader in the later "$(...)", so
that reader's secret is reported once (it was reported again as the command given the here-string
after those words, ``... $(date) <<< "$(echo ...)"``)."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, key_and_sh_c_messages
from tests.checks.test_secrets_script_split_equivalence import assert_same
from webhook.checks.secrets import commands
from webhook.checks.secrets.names import Names

SUDO = 'passes a secret to "sudo" on its input'


@pytest.mark.parametrize(
    "script",
    [
        f'x "$(date)" "$(sudo -S id <<< {FAKE})" $(date) <<< "$(echo hi)"',
        f'x "$(date)" "$(sudo -S id <<< {FAKE})" `date` <<< "$(echo hi)"',
        f'x "$(date)" "$(id -u)" "$(sudo -S id <<< {FAKE})" $(date) <<< "$(echo hi)"',
        f'x "$(date)" "$(sudo -S id <<< {FAKE})" $(date) <<< "$(cat /etc/hostname)"',
    ],
)
def test_a_reader_in_a_later_quoted_substitution_is_reported_once(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert SUDO in message, message
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        f'x "$(sudo -S id)" "$(sudo -S id)" <<< {FAKE}',  # the first reader takes the here-string: reported once
        f'echo {FAKE} | x "$(sudo -S id)" "$(sudo -S id)"',
    ],
)
def test_the_input_of_the_command_is_read_once_by_its_substitutions(script: str) -> None:
    found = list(commands.script_findings(Names.of((), ()), script))
    assert len(found) <= 1
    assert all(FAKE not in problem for _, problem, _ in found)
    for messages in key_and_sh_c_messages(script):
        assert len(messages) <= 1
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        'x "$(date)" "$(sudo -S id < /run/secrets/sudo)" $(date) <<< "$(echo hi)"',
        'x "$(date)" "$(id -u)" $(date) <<< "$(cat /run/secrets/pw)"',
    ],
)
def test_no_literal_is_none(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]
    assert_same(script)
