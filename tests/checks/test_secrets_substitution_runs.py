"""disallow-plaintext-secrets: a run of ``$(`` opening substitutions in no command (``$($($(...``, the
worst shape per byte of ``bench/worst_case_bench.py``) is split at once, not match by match, and the
``$`` command each ``$(`` leaves is followed for where its output goes without being judged (it can
hold no secret). Both decide exactly as the one-by-one reading: its items, and the findings, the
secrets read and the messages' settings of a script, are the same with either path turned off."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets import commands, shell_reader
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.shell_reader import ShellCommand
from webhook.checks.secrets.wrappers import read_command

PIECES = [
    "$(", "$(", "$(", "$(", "$(", ")", " ", " | ", "<<< ", "< f ", "> f", "`", '"', "x", "( ", " )", "{ ", "; }", ";", "\n",
    "<(", "$((", "\\\n", "echo ", "$", "sudo -S id", "chpasswd", "docker login --password-stdin", f"echo PASSWORD={FAKE} ",
    " tee f", "cat <<EOF > f\n", f"PASSWORD={FAKE}\nEOF\n", f"cat <<EOF\n{FAKE}\nEOF\n", "read x", f"mysql -p{FAKE} ", "sh -c '",
    "'", "x=", "export ", "true", ">&2 ", "case ", " in ", "a) ", ";;", "esac", "if ", "; then ", "fi", "$ ", "; $ ", "( $; ", f"( echo {FAKE}; ",
]  # fmt: skip
NEVER = re.compile(r"(?!)")


def _scripts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25))) for _ in range(count)]


def _shown(items: Any) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", repr(items))  # a here-document's lines: one object per split


class _CountedRuns:
    """``_OPENING_RUN``, counting the runs read at once."""

    def __init__(self) -> None:
        self.runs = 0

    def match(self, script: str, at: int) -> re.Match[str] | None:
        found = re.compile(r"(?:\$\()++").match(script, at)
        self.runs += found is not None
        return found


def test_a_run_of_openings_is_split_as_the_matches_one_by_one_split_it(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _CountedRuns()
    differ = []
    for script in _scripts(1, 4000):
        monkeypatch.setattr(shell_reader, "_OPENING_RUN", counted)
        at_once = _shown(list(shell_reader.shell_items(script)))
        monkeypatch.setattr(shell_reader, "_OPENING_RUN", NEVER)
        if _shown(list(shell_reader.shell_items(script))) != at_once:
            differ.append(script)
    assert not differ, differ[:3]
    assert counted.runs > 50  # runs were read at once


def test_a_dollar_command_passes_nothing() -> None:
    """What lets ``script_findings`` follow a ``$`` command without judging it: its program is ``$``
    and nothing in its one word is a secret."""
    assert read_command(["$"]) == ((0, "$"), None)
    assert commands._DOLLAR_PROGRAM == (0, "$")
    names = Names.of((), ())
    dollar = ShellCommand(["$"], False, 0, None, captured=True)
    assert commands._command_findings(names, "$(", dollar, commands._DOLLAR_PROGRAM, 0, None, None, {}) == []


def test_scripts_with_runs_are_judged_as_with_each_command_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    names, differ, found = Names.of((), ()), [], 0
    for script in _scripts(2, 3000):
        outcomes = []
        for words in (commands._DOLLAR_WORDS, ["\0"]):  # (no command's words: each judged)
            monkeypatch.setattr(commands, "_DOLLAR_WORDS", words)
            read: list[Any] = []
            shown: list[tuple[int, str]] = []
            outcomes.append(_shown((list(commands.script_findings(names, script, read=read, shown=shown)), read, shown)))
        differ += [script] if outcomes[0] != outcomes[1] else []
        found += outcomes[0].startswith("([(")
    assert not differ, differ[:3]
    assert found > 500  # scripts with findings among them


RUN = "$(" * 2000


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"{RUN}mysql -uroot -p{FAKE}", 'passes a password to "mysql" (-p<password>)'),
        (f"sudo -S id <<< {FAKE}; {RUN}", '"sudo" on its input (sudo -S <<...)'),
        (f"{RUN}echo {FAKE} | sudo -S id", '"sudo" on its input (echo ... | sudo -S)'),
        (f"echo {FAKE} | {RUN}sudo -S id", '"sudo" on its input (echo ... | sudo -S)'),
        (f"echo {FAKE} | ( {RUN}sudo -S id )", '"sudo" on its input (echo ... | sudo -S)'),
        (f"( echo {FAKE}; $ ) | sudo -S id", '"sudo" on its input ((echo ...) | sudo -S)'),  # a lone "$": such a command
    ],
)
def test_a_secret_beside_a_run_is_reported_once_without_its_value(script: str, fragment: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and fragment in messages[0], messages


# ( $; echo ... ) | sudo -S id: the "$" command's output, not known, is the line sudo reads first
@pytest.mark.parametrize("script", [RUN, f"{RUN}echo ok", f"echo {FAKE} | {RUN}cat", f"{RUN}true | sudo -S id", f"( $; echo {FAKE} ) | sudo -S id"])
def test_a_run_beside_no_secret_passes(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]
