"""A command that is its program's word alone (``a`` in ``a | a | ...``, ``cat``, ``sh``) is screened
out before its judges (``commands._names_nothing``): no judge finds anything in it. The screen is exact:
a script's findings are those found with every command judged, and a dense script's findings at twice
its size are the same ones, scaled."""

from __future__ import annotations

import random

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages
from webhook.checks.secrets import commands
from webhook.checks.secrets.names import Names

NAMES = Names.of((), ())
PARTS = [
    "a", "cat", "sh", "printf", "python", "tee", "git", "GIT_CONFIG_KEY_0", "htpasswd", "chpasswd", "sudo", "env", "su", "watch",
    "docker", "mysql", "$", "-p" + FAKE, "PGPASSWORD=" + FAKE, "password=" + FAKE, "-c", "'a b'", "x=data:;base64,QUJD", " | ", "; ",
    " && ", "\n", " > a.conf", " <<EOF\n" + "password=" + FAKE + "\nEOF\n", " ", "$(", ")", "echo " + FAKE, "--password",
]


def _findings(script: str) -> list[tuple[int, str, str]]:
    return list(commands.script_findings(NAMES, script))


def test_a_script_screened_finds_what_one_judged_whole_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(3580)
    scripts = ["".join(rnd.choice(PARTS) for _ in range(rnd.randint(1, 16))) for _ in range(400)]
    screened = [_findings(script) for script in scripts]
    monkeypatch.setattr(commands, "_names_nothing", lambda *_: False)
    assert [_findings(script) for script in scripts] == screened
    assert sum(bool(found) for found in screened) > 100


def test_the_screen_passes_a_word_alone_only() -> None:
    def screened(script: str) -> bool:
        (command,) = [item for item in commands.shell_items(script) if isinstance(item, commands.ShellCommand)]
        program, line = commands.read_command(command.words)
        return commands._names_nothing(command, program, line)

    assert screened("a") and screened("cat") and screened("sh")
    assert not any(screened(script) for script in ("a b", "tee", "a > f", "a=b", "-a", "PGPASSWORD=x", "env -S 'a b'"))


def test_a_dense_pipeline_reports_the_same_findings_at_twice_its_size_scaled() -> None:
    def messages(repeats: int) -> list[str]:
        return configmap_messages("run.sh", "#!/bin/sh\n" + ("a | a | a | a\n" + f"mysql -p{FAKE}\n") * repeats, FAKE)

    small, large = messages(30), messages(60)
    listed = [f'ConfigMap "config" key "run.sh" passes a password to "mysql" (-p<password>) in plain text (line {2 * n + 3}).' for n in range(20)]
    assert [message.split(" Fix: ")[0] for message in small[:20]] == [message.split(" Fix: ")[0] for message in large[:20]] == listed
    assert small[20].startswith('ConfigMap "config" key "run.sh" holds 10 more secrets in plain text (from line 43 on;')
    assert large[20].startswith('ConfigMap "config" key "run.sh" holds 40 more secrets in plain text (from line 43 on;')
