"""disallow-plaintext-secrets 1.25.426: SQL Server's ``CREATE|ALTER LOGIN|USER ... WITH PASSWORD =
[N]'...'`` and MySQL's ``SET PASSWORD [FOR u] = [PASSWORD(]'...'`` and ``authentication_string =
PASSWORD('...')`` set a password in plain text, also in a command's argument (``sqlcmd -Q``,
``mysql -e``), as ``IDENTIFIED BY '...'`` does; sqlcmd's ``$(VAR)``, the shell's references, a
hash and a bare ``password = '...'`` outside such a statement are judged as before. No message
shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

from webhook.checks.secrets.values import _sql_password

SQL = "a SQL statement with a password"

STATEMENTS = [
    f"CREATE LOGIN app WITH PASSWORD = '{FAKE}', CHECK_POLICY = OFF;",
    f"ALTER LOGIN sa WITH PASSWORD = N'{FAKE}';",
    f"CREATE USER app WITH PASSWORD = '{FAKE}';",
    f"SET PASSWORD FOR 'root'@'localhost' = PASSWORD('{FAKE}');",
    f"SET PASSWORD FOR 'root'@'%' = '{FAKE}';",
    f"set password = '{FAKE}';",
    f"UPDATE mysql.user SET authentication_string = PASSWORD('{FAKE}') WHERE User = 'root';",
    f"UPDATE mysql.user SET Password=PASSWORD('{FAKE}') WHERE User='root';",
]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_the_statement_is_reported(sql: str) -> None:
    assert _sql_password(sql) == SQL
    messages = configmap_messages("01-init.sql", sql + "\n", FAKE)
    assert len(messages) == 1, messages


@pytest.mark.parametrize("sql", STATEMENTS[:2] + STATEMENTS[3:5])
def test_in_a_command_argument(sql: str) -> None:
    quoted = sql.replace('"', '\\"')
    for script in (f'sqlcmd -S db -U sa -P "$SA_PASSWORD" -Q "{quoted}"\n', f'mysql -uroot -p"$ROOT_PASSWORD" -e "{quoted}"\n'):
        for messages in key_and_sh_c_messages(script):
            assert messages == [m for m in messages if "SQL statement with a password" in m] and len(messages) == 1, messages


NONE = [
    "CREATE LOGIN app WITH PASSWORD = '$(APP_PASSWORD)';",
    "SET PASSWORD FOR 'app'@'%' = '$APP_PASSWORD';",
    "SET PASSWORD FOR 'app'@'%' = PASSWORD('${APP_PASSWORD}');",
    "ALTER LOGIN app WITH PASSWORD = 0x0200ABCDEF HASHED;",
    "SET PASSWORD FOR 'app'@'%' = '*0123456789ABCDEF0123456789ABCDEF01234567';",
    "UPDATE app SET password_hash = 'x1', reset_password = 'y2';",
    "CREATE LOGIN [' + @login + '] WITH PASSWORD=N''' + @password + ''', CHECK_POLICY=OFF",
]


@pytest.mark.parametrize("sql", NONE)
def test_a_variable_a_hash_or_another_column_is_none(sql: str) -> None:
    assert _sql_password(sql) is None


def test_a_bare_password_setting_in_an_argument_is_judged_as_before() -> None:
    for messages in key_and_sh_c_messages(f"mysql -e \"password = '{FAKE}'\"\n"):
        assert all("SQL statement" not in message for message in messages), messages


@pytest.mark.parametrize(
    "text",
    ["create login " + "a" * 65536 + "'", "set password for " + "x" * 65536, "SET PASSWORD FOR " * 3855, "password=password(" * 3640],
)
def test_adversarial_text_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    _sql_password(text + "'")
    assert time.perf_counter() - start < 1.0
