"""disallow-plaintext-secrets: a run of ``$(`` opening substitutions in no command (``$($($(...``, the
worst shape per byte of ``bench/worst_case_bench.py``) is split at once, not match by match, and
decides exactly as the one-by-one reading: its items are the same with the run turned off."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets import shell_reader

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
    assert counted.runs > 500  # the runs were read at once


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
