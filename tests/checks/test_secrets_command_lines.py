"""disallow-plaintext-secrets on the shell command lines of files that are no shell script: a
crontab's commands after their schedule and a systemd unit's ``ExecStart=`` lines are read by the
shell reader as a script's lines are, so a ``NAME=value`` word, a ``--password`` option or a
program's password flag in them is found; references, password files, specifiers and neutral names
stay harmless. The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod

from webhook.checks.secrets.command_lines import commands_of

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _found(key: str, problem: str, line: int) -> list[str]:
    return [f'ConfigMap "config" key "{key}" {problem} in plain text (line {line}).']


@pytest.mark.parametrize("key", ["crontab", "root", "backup.cron", "cron.d-backup"])
@pytest.mark.parametrize(
    ("command", "problem"),
    [
        (f"PGPASSWORD={FAKE} pg_dump -h db app > /b.sql", 'sets "PGPASSWORD"'),
        (f"root DB_PASSWORD={FAKE} /app/run", 'sets "DB_PASSWORD"'),
        (f"/app/run --password {FAKE}", 'passes the value of "--password"'),
    ],
)
@pytest.mark.parametrize("schedule", ["0 3 * * *", "*/5 * * * 1-5", "@daily", "30 2 1 jan,jul sun"])
def test_a_crontab_command_is_read_as_a_shell_line(key: str, command: str, problem: str, schedule: str) -> None:
    obj = configmap({key: f"SHELL=/bin/sh\n# m h dom mon dow command\n{schedule} {command}\n"})
    assert _messages(obj) == _found(key, problem, 3)
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize("schedule", ["0 3 * * *", "@hourly"])
def test_a_crontab_is_known_by_its_first_schedule_with_a_star_or_an_at(schedule: str) -> None:
    obj = configmap({"jobs": f"# backups\nMAILTO=ops@example.com\n{schedule} PGPASSWORD={FAKE} pg_dump db\n"})
    assert _messages(obj) == _found("jobs", 'sets "PGPASSWORD"', 3)


def test_a_crontab_setting_of_its_own_is_judged_by_its_name() -> None:
    obj = configmap({"crontab": f"MAILTO=ops@example.com\nDB_PASSWORD={FAKE}\n0 3 * * * /app/backup\n"})
    assert _messages(obj) == _found("crontab", 'sets "DB_PASSWORD"', 2)


@pytest.mark.parametrize(
    "text",
    [
        "MAILTO=ops@example.com\n0 3 * * * /app/backup\n",
        "0 3 * * * PGPASSWORD=$(cat /run/secrets/pw) pg_dump db > /b_$(date +\\%F).sql\n",
        "0 3 * * * PGPASSWORD=${PGPASSWORD} pg_dump db\n",
        "0 3 * * * /app/run --password-file /run/creds/pw\n",
        "0 3 * * * DB_PASSWORD= /app/run\n",
        "@reboot /app/run --user app --verbose\n",
        "# 0 3 * * * PGPASSWORD=FAKE-not-a-real-password pg_dump\n",
    ],
)
def test_a_crontab_without_a_secret_stays_harmless(text: str) -> None:
    assert _messages(configmap({"crontab": text})) == []


_UNIT = "[Unit]\nDescription=app\n\n[Service]\n{line}\n"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (f"ExecStart=/usr/bin/env DB_PASSWORD={FAKE} /app/run", 'sets "DB_PASSWORD"'),
        (f"ExecStart=/app/run --password {FAKE}", 'passes the value of "--password"'),
        (f"ExecStart=-/app/run --password {FAKE}", 'passes the value of "--password"'),
        (f"ExecStartPre=!!/app/run --password={FAKE}", 'sets "--password"'),
        (f"ExecStartPost=+/usr/bin/mysql -uroot -p{FAKE} -e 'select 1'", 'passes a password to "mysql" (-p<password>)'),
        (f"ExecReload=/bin/sh -c 'PGPASSWORD={FAKE} psql -c reload'", 'sets "PGPASSWORD"'),
        (f"ExecStop = @/app/run app --password {FAKE}", 'passes the value of "--password"'),
    ],
)
def test_a_systemd_command_line_is_read_as_a_shell_line(line: str, problem: str) -> None:
    obj = configmap({"app.service": _UNIT.format(line=line)})
    assert _messages(obj) == _found("app.service", problem, 5)
    assert FAKE not in everything_shown(decide(obj))


def test_a_drop_in_with_a_service_section_is_read_and_a_continued_line_too() -> None:
    text = f"[Service]\nExecStart=\nExecStart=/app/run \\\n  --user app \\\n  --password {FAKE}\n"
    assert _messages(configmap({"override.conf": text})) == _found("override.conf", 'passes the value of "--password"', 3)


@pytest.mark.parametrize(
    "line",
    [
        "ExecStart=/app/run --password-file /run/creds/pw",
        "ExecStart=/app/run --password %d/db-password",
        "ExecStart=/app/run --password %i",
        "ExecStart=/app/run --password ${DB_PASSWORD}",
        "ExecStart=/usr/bin/env DB_PASSWORD_FILE=/run/creds/pw /app/run",
        "ExecStart=/app/run --user app --port 8080",
    ],
)
def test_a_systemd_command_line_without_a_secret_stays_harmless(line: str) -> None:
    assert _messages(configmap({"app.service": _UNIT.format(line=line)})) == []


def test_only_the_command_lines_are_kept_at_their_offsets() -> None:
    text = "MAILTO=x\n0 3 * * * /app/run\nnot a line\n"
    kept = commands_of("crontab", text)
    assert kept is not None and len(kept) == len(text)
    assert kept.split("\n") == ["        ", "          /app/run", "          ", ""]
    assert commands_of("app.service", "[Service]\nExecStart=-/a %i %%i\n") == "         \n           /a $i %%i\n"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("notes.txt", "1 2 3 4 5 six\n"),  # no * nor @: no schedule read by content
        ("app.conf", "ExecStart=/app/run\n"),  # no unit section, no unit key
        ("values.yaml", "schedule: '0 3 * * *'\n"),
    ],
)
def test_other_files_have_no_command_lines(key: str, text: str) -> None:
    assert commands_of(key, text) is None


_LISTED = "an option list with a password (...,password=...)"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("appsettings.json", f'{{"Redis": "redis0:6380,password={FAKE},ssl=True"}}'),
        ("appsettings.json", f'{{"Redis": "redis0:6380,ssl=True,abortConnect=false,password={FAKE}"}}'),
        ("REDIS_CONNECTION", f"redis0:6380,password={FAKE}"),
        ("fstab", f"//srv/share /mnt cifs username=bob,password={FAKE},vers=3.0 0 0\n"),
        ("fstab", f"//srv/share /mnt cifs rw,user=bob,pass={FAKE} 0 0\n"),
        ("mounts.yaml", f"options: [rw,user=bob,password={FAKE}]\n"),
    ],
)
def test_a_password_after_a_comma_in_an_option_list_is_reported(key: str, text: str) -> None:
    obj = configmap({key: text})
    assert _messages(obj) == [f'ConfigMap "config" key "{key}" holds {_LISTED} in plain text.']
    assert FAKE not in everything_shown(decide(obj))


def test_a_mount_option_list_in_a_script_and_an_env_value_are_reported() -> None:
    script = configmap({"mount.sh": f"set -e\nmount -t cifs //srv/share /mnt -o username=bob,password={FAKE}\n"})
    assert _messages(script) == [f'ConfigMap "config" key "mount.sh" holds {_LISTED} in plain text (line 2).']  # alone: the entry's, on its line
    env = pod([container(env=[{"name": "REDIS_CONNECTION", "value": f"redis0:6380,password={FAKE},ssl=True"}])])
    assert [m.split(" Fix:")[0] for m in (f.message for f in findings(env, POLICY))] == [
        f'container "app" env var "REDIS_CONNECTION" holds {_LISTED} in plain text.'
    ]


@pytest.mark.parametrize(
    "text",
    [
        "redis0:6380,password=${REDIS_PW},ssl=True",
        "redis0:6380,password=$REDIS_PW,ssl=True",
        "redis0:6380,password=,ssl=True",
        "redis0:6380,password=<password>,ssl=True",
        "//srv/share /mnt cifs credentials=/root/.smbcred,vers=3.0 0 0",
        "//srv/share /mnt cifs username=bob,password_file=/run/pw 0 0",
        "connect(host,password=pw)",
        "f(user=u,password=None)",
        "redis0:6380,ssl=True",
        "options: [rw,user=bob,password=XXXX]",
        "options: [rw,user=bob,password=${SMB_PASSWORD}]",
    ],
)
def test_an_option_list_without_a_password_in_plain_text_stays_harmless(text: str) -> None:
    assert _messages(configmap({"redis.conf": text + "\n"})) == []
