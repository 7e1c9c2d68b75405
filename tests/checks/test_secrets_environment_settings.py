"""disallow-plaintext-secrets on the environment a service manager or an app server gives a program,
written as a setting whose value holds ``NAME=value`` pairs: systemd's ``Environment=``, supervisord's
``environment=``, uWSGI's ``env =``, a php-fpm pool's ``env[NAME] = value``, gunicorn's ``raw_env = [...]``. Each pair is a setting of its own, judged by its NAME as an env
var is; references, placeholders, file paths, empty values and neutral names stay harmless. The
values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _sets(key: str, *settings: tuple[str, int]) -> list[str]:
    return [f'ConfigMap "config" key "{key}" sets "{name}" in plain text (line {line}).' for name, line in settings]


_UNIT = "[Unit]\nDescription=app\n\n[Service]\n{line}\nExecStart=/usr/bin/app\n"


@pytest.mark.parametrize(
    "line",
    [
        f"Environment=DB_PASSWORD={FAKE}",
        f'Environment="DB_PASSWORD={FAKE}" "X=1"',
        f'Environment="DB_USER=app" "DB_PASSWORD={FAKE}"',
        f"Environment=LANG=C DB_PASSWORD={FAKE}",
        f"Environment=DB_PASSWORD={FAKE} LANG=C",
        f'Environment=DB_PASSWORD="{FAKE}"',
    ],
)
def test_a_systemd_environment_pair_with_a_sensitive_name_is_reported(line: str) -> None:
    obj = configmap({"app.service": _UNIT.format(line=line)})
    assert _messages(obj) == _sets("app.service", ("DB_PASSWORD", 5))
    assert FAKE not in everything_shown(decide(obj))


def test_each_sensitive_pair_of_one_environment_line_is_a_finding_of_its_own() -> None:
    obj = configmap({"app.service": _UNIT.format(line=f'Environment="DB_PASSWORD={FAKE}" "API_TOKEN={FAKE}"')})
    assert _messages(obj) == _sets("app.service", ("DB_PASSWORD", 5), ("API_TOKEN", 5))


_PROGRAM = "[program:app]\ncommand=/usr/bin/app\n{line}\n"


@pytest.mark.parametrize(
    "line",
    [
        f'environment=DB_PASSWORD="{FAKE}",HOME="/app"',
        f'environment=HOME="/app",DB_PASSWORD="{FAKE}"',
        f"environment=HOME=/app,DB_PASSWORD={FAKE}",
        f'environment = HOME="/app", DB_PASSWORD="{FAKE}"',
    ],
)
def test_a_supervisord_environment_pair_with_a_sensitive_name_is_reported(line: str) -> None:
    obj = configmap({"supervisord.conf": _PROGRAM.format(line=line)})
    assert _messages(obj) == _sets("supervisord.conf", ("DB_PASSWORD", 3))
    assert FAKE not in everything_shown(decide(obj))


def test_a_uwsgi_env_pair_with_a_sensitive_name_is_reported() -> None:
    obj = configmap({"uwsgi.ini": f"[uwsgi]\nmodule = app\nenv = DB_PASSWORD={FAKE}\n"})
    assert _messages(obj) == _sets("uwsgi.ini", ("DB_PASSWORD", 3))


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.service", "Environment=DB_PASSWORD_FILE=/run/secrets/pw"),
        ("app.service", "EnvironmentFile=/etc/app.env"),
        ("app.service", "Environment=LANG=C"),
        ("app.service", "Environment=DB_PASSWORD="),
        ('app.service', 'Environment="DB_PASSWORD=" "X=1"'),
        ("app.service", "Environment=DB_PASSWORD=${PW}"),
        ("app.service", "Environment=DB_PASSWORD=<password>"),
        ("app.service", "Environment=DB_PASSWORD=/run/secrets/pw LANG=C"),
        ("app.service", "Environment=TOKENS=1000"),
        ("supervisord.conf", 'environment=PW="%(ENV_PW)s",HOME="/app"'),
        ("supervisord.conf", 'environment=DB_PASSWORD="",HOME="/app"'),
        ("supervisord.conf", 'environment=DB_PASSWORD="$DB_PASSWORD"'),
        ("uwsgi.ini", "env = DB_PASSWORD=$(DB_PASSWORD)"),
        ("uwsgi.ini", "env = LANG=C.UTF-8"),
    ],
)
def test_harmless_environment_pairs_are_not_reported(key: str, line: str) -> None:
    assert _messages(configmap({key: f"[section]\n{line}\n"})) == []


_POOL = "[www]\nuser = www-data\npm = dynamic\n{line}\n"


@pytest.mark.parametrize(
    "line",
    [
        f"env[DB_PASSWORD] = {FAKE}",
        f'env[DB_PASSWORD] = "{FAKE}"',
        f"env[DB_PASSWORD]={FAKE}",
        f"  env[ DB_PASSWORD ] = {FAKE} ; note",
    ],
)
def test_a_php_fpm_env_entry_with_a_sensitive_name_is_reported(line: str) -> None:
    obj = configmap({"www.conf": _POOL.format(line=line)})
    assert _messages(obj) == _sets("www.conf", ("DB_PASSWORD", 4))
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "line",
    [
        "env[DB_PASSWORD] = $DB_PASSWORD",
        "env[DB_PASSWORD] = ${DB_PASSWORD}",
        "env[DB_PASSWORD] =",
        'env[DB_PASSWORD] = ""',
        "env[DB_PASSWORD_FILE] = /run/secrets/db-password",
        "env[PATH] = /usr/local/bin:/usr/bin:/bin",
        "env[TMP] = /tmp",
    ],
)
def test_harmless_php_fpm_env_entries_are_not_reported(line: str) -> None:
    assert _messages(configmap({"www.conf": _POOL.format(line=line)})) == []


_GUNICORN = "bind = '0.0.0.0:8000'\nworkers = 4\n{line}\n"


@pytest.mark.parametrize(
    "line",
    [
        f'raw_env = ["DB_PASSWORD={FAKE}"]',
        f"raw_env = ['LANG=C', 'DB_PASSWORD={FAKE}']",
        f'raw_env = ("DB_PASSWORD={FAKE}",)  # env',
    ],
)
def test_a_gunicorn_raw_env_pair_with_a_sensitive_name_is_reported(line: str) -> None:
    obj = configmap({"gunicorn.conf.py": _GUNICORN.format(line=line)})
    assert _messages(obj) == _sets("gunicorn.conf.py", ("DB_PASSWORD", 3))
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "line",
    [
        'raw_env = ["DB_PASSWORD=" + os.environ["PW"]]',
        'raw_env = [f"DB_PASSWORD={os.environ[\'PW\']}"]',
        'raw_env = ["DB_PASSWORD=%s" % password]',
        'raw_env = ["DB_PASSWORD_FILE=/run/secrets/db-password", "LANG=C"]',
        "raw_env = []",
    ],
)
def test_harmless_gunicorn_raw_env_pairs_are_not_reported(line: str) -> None:
    assert _messages(configmap({"gunicorn.conf.py": _GUNICORN.format(line=line)})) == []


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        (f'raw_env = [\n    "DB_PASSWORD={FAKE}",\n]', 4),
        (f'raw_env = [\n    "LANG=C",\n    "DB_PASSWORD={FAKE}",  # the database\n    "X=1",\n]', 5),
        (f"raw_env = (\n    'LANG=C',\n    'DB_PASSWORD={FAKE}')", 5),
        (f'raw_env = ["LANG=C",\n           "DB_PASSWORD={FAKE}"]', 4),
        (f'raw_env = [\n    "DB_PASSWORD=" + os.environ["PW"],\n    "DB_PASSWORD={FAKE}",\n]', 5),
    ],
)
def test_a_gunicorn_raw_env_list_over_several_lines_has_each_pair_judged_on_its_line(lines: str, line: int) -> None:
    obj = configmap({"gunicorn.conf.py": _GUNICORN.format(line=lines)})
    assert _messages(obj) == _sets("gunicorn.conf.py", ("DB_PASSWORD", line))
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "lines",
    [
        'raw_env = [\n    "DB_PASSWORD=" + os.environ["PW"],\n    "LANG=C",\n]',
        'raw_env = [\n    "DB_PASSWORD_FILE=/run/secrets/db-password",\n]',
        'raw_env = [\n    f"DB_PASSWORD={password}",\n]',
        f'raw_env = [\n    "LANG=C",\n]\nother = [\n    "DB_PASSWORD={FAKE}",\n]',
        f'raw_env = [\n    "LANG=C",\n]  # "DB_PASSWORD={FAKE}"',
    ],
)
def test_harmless_gunicorn_raw_env_lists_over_several_lines_are_not_reported(lines: str) -> None:
    assert _messages(configmap({"gunicorn.conf.py": _GUNICORN.format(line=lines)})) == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("app.service", "Environment=DB_PASSWORD=%d/db-password"),
        ("app.service", 'Environment="DB_PASSWORD=%h/.db-password" "X=1"'),
        ("app.service", "Environment=API_TOKEN=%i"),
        ("uwsgi.ini", "env = DB_PASSWORD=%d/secrets/db-password"),
    ],
)
def test_a_unit_specifier_in_an_environment_pair_is_not_reported(key: str, line: str) -> None:
    """systemd's and uWSGI's specifiers (``%d``: the credentials' or the config's directory, ``%h``:
    the user's home, ``%i``: the instance's name) are filled in when the setting is read: no literal."""
    assert _messages(configmap({key: f"[section]\n{line}\n"})) == []


@pytest.mark.parametrize("value", [f"%d{FAKE}", f"%{FAKE}", f"{FAKE}%d"])
def test_a_literal_beside_a_percent_sign_in_an_environment_pair_is_reported(value: str) -> None:
    assert _messages(configmap({"app.service": f"[Service]\nEnvironment=DB_PASSWORD={value}\n"})) == _sets("app.service", ("DB_PASSWORD", 2))
