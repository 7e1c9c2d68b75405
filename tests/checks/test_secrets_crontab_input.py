"""disallow-plaintext-secrets on a crontab command's standard input: cron ends the command at its
first unescaped ``%`` and feeds it the rest, each further ``%`` a line break, so a password written
there for ``sudo -S``, ``chpasswd``, ``docker login --password-stdin`` is found as the shell reader
finds one in a here-string; an escaped ``\\%`` is a ``%`` of the command, and an input to a program
that reads no secret on it stays harmless. The values are obviously fake."""

from __future__ import annotations

import time
from typing import Any

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

from webhook.checks.secrets.command_lines import commands_of

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


@pytest.mark.parametrize(
    ("command", "reader"),
    [
        (f"sudo -S apt-get update%{FAKE}%", "sudo -S <<..."),
        (f"/usr/bin/sudo -S -u app /app/rotate%{FAKE}", "sudo -S <<..."),
        (f"chpasswd%app:{FAKE}%", "chpasswd <<..."),
        (f"passwd app%{FAKE}%{FAKE}%", "passwd <<..."),
        (f"docker login -u ci --password-stdin registry.example.com%{FAKE}", "docker ... --password-stdin <<..."),
        (f"cd /srv && sudo -S ./renew.sh%{FAKE}%", "{ ... sudo -S; } <<..."),
    ],
)
def test_a_secret_on_a_crontab_commands_input_is_found(command: str, reader: str) -> None:
    program = reader.strip("{ .").split()[0]
    obj = configmap({"crontab": f"MAILTO=ops@example.com\n\n0 2 * * * {command}\n"})
    assert _messages(obj) == [f'ConfigMap "config" key "crontab" passes a secret to "{program}" on its input ({reader}) in plain text (line 3).']
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "command",
    [
        "pg_dump db > /backup/db-$(date +\\%F).sql",  # an escaped %: the command's
        "mail -s 'nightly' ops@example.com%the backup ran%bye",  # a mail body
        f"mysql -uroot -p%{FAKE}",  # -p alone prompts on the terminal; the rest is SQL on its input
        "sudo -S /app/rotate%$SUDO_PASSWORD",  # cron expands nothing: no literal password
        "sudo -S /app/rotate%",
        "%sudo -S x",
        "cat /run/secrets/pw | sudo -S /app/rotate%" + FAKE,  # the input goes to cat, sudo reads the pipe
    ],
)
def test_a_crontab_commands_input_without_a_secret_for_its_reader_stays_harmless(command: str) -> None:
    obj = configmap({"crontab": f"0 2 * * * {command}\n"})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


def test_an_escaped_percent_stays_in_the_command() -> None:
    obj = configmap({"crontab": f"* * * * * mysql -uroot -p{FAKE}\\%x -e 'select 1'\n"})
    assert _messages(obj) == ['ConfigMap "config" key "crontab" passes a password to "mysql" (-p<password>) in plain text (line 1).']
    assert FAKE not in everything_shown(decide(obj))


def test_the_input_is_written_as_a_here_string_and_the_lines_stay() -> None:
    kept = commands_of("crontab", "# x\n0 2 * * * sudo -S id%a'b\\%c%d\r\n@daily run\\%x\n")
    assert kept is not None
    assert kept.split("\n") == ["   ", "          sudo -S id <<< 'a'\\''b%c\\nd'\r", "       run%x", ""]


def test_a_finding_after_a_longer_line_keeps_its_line() -> None:
    text = f"0 1 * * * mail -s x ops%{'y' * 200}%z\n0 2 * * * /app/run --password {FAKE}\n"
    obj = configmap({"crontab": text})
    assert _messages(obj) == ['ConfigMap "config" key "crontab" passes the value of "--password" in plain text (line 2).']
    assert FAKE not in everything_shown(decide(obj))


def test_a_long_line_of_percents_and_backslashes_is_read_in_linear_time() -> None:
    start = time.perf_counter()
    commands_of("crontab", "0 2 * * * sudo -S id" + "\\%" * 32768 + "\n0 2 * * * x" + "%\\" * 32768 + "\n")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "text",
    [
        f"30 2 1 1 0 /usr/bin/backup.sh --password {FAKE}\n",
        f"30 2 1 1 0 BACKUP_MODE=full ./backup.sh --password {FAKE}\n",
        f"# nightly\nMAILTO=ops@example.com\n0 1 1,15 jan-jun mon /usr/bin/backup.sh --password {FAKE}\n",
        f"0,30 1-5/2 1 1-12 1-5 backup.sh --password {FAKE}\n15 4 1 1 0 /usr/bin/prune\n",
    ],
)
def test_a_crontab_of_numbered_schedules_is_known_under_a_neutral_key(text: str) -> None:
    obj = configmap({"jobs": text})
    line = text.count("\n", 0, text.index(FAKE)) + 1
    assert _messages(obj) == [f'ConfigMap "config" key "jobs" passes the value of "--password" in plain text (line {line}).']
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "text",
    [
        f"30 2 1 1 0 /usr/bin/backup.sh --password {FAKE}\nnot a schedule\n",  # every line must be one
        f"60 2 1 1 0 /usr/bin/backup.sh --password {FAKE}\n",  # minute 60
        f"30 24 1 1 0 /usr/bin/backup.sh --password {FAKE}\n",  # hour 24
        f"30 2 1 13 0 /usr/bin/backup.sh --password {FAKE}\n",  # month 13
        f"10 20 30 40 50 backup.sh --password {FAKE}\n",  # a table of numbers
        f"1 2 3 4 5 6 --password {FAKE}\n",  # a number, no command
        "1 2 3 4 5 six\n",  # a word alone: no command known
        f"30 2 1 1 0 /usr/bin/backup.sh --password {FAKE}\n" * 3 + "2024 1 1 1 1 x\n",
    ],
)
def test_numbers_that_are_no_crontab_stay_unread(text: str) -> None:
    obj = configmap({"jobs": text})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


def test_a_long_line_of_schedule_like_numbers_is_judged_in_linear_time() -> None:
    start = time.perf_counter()
    commands_of("jobs", "1 2 3 4 5 /a\n" + "1-1," * 16384 + " 2 3 4 5 x\n" + "0" * 65536 + " 1 1 1 1 x\n")
    assert time.perf_counter() - start < 1.0
