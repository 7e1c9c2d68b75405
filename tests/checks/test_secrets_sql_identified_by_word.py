"""disallow-plaintext-secrets 1.25.424: Oracle's and MySQL's ``IDENTIFIED BY`` with a password that
is a word or in double quotes (``CREATE USER app IDENTIFIED BY tiger;``, ``IDENTIFIED BY "..."``, a
database link's ``CONNECT TO app IDENTIFIED BY ...``) sets it in plain text, as ``IDENTIFIED BY
'...'`` does. Read only right after ``CREATE USER``, ``ALTER USER`` or ``TO`` and one name, where
the statement goes on as one does; SQL*Plus's ``&1``, bind variables, references, placeholders,
hashes (``VALUES '...'``), ``RANDOM PASSWORD`` and prose stay harmless. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

from webhook.checks.secrets import values
from webhook.checks.secrets.values import _sql_password

SQL = "a SQL statement with a password"

WRITTEN = [
    f"CREATE USER app IDENTIFIED BY {FAKE};",
    f'CREATE USER app IDENTIFIED BY "{FAKE}";',
    f"create user app identified by {FAKE}\n  default tablespace users\n  quota unlimited on users;",
    f'ALTER USER sys IDENTIFIED BY "{FAKE}" CONTAINER=ALL;',
    f"CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY \"{FAKE}\";",
    f"ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY \"{FAKE}\";",
    f"GRANT CONNECT TO app IDENTIFIED BY {FAKE};",
    f"CREATE DATABASE LINK remote CONNECT TO app IDENTIFIED BY {FAKE} USING 'orcl';",
    f"CREATE USER app IDENTIFIED BY {FAKE}",  # the end of the text
]


@pytest.mark.parametrize("sql", WRITTEN)
def test_a_password_word_or_in_double_quotes_is_reported(sql: str) -> None:
    messages = configmap_messages("01-users.sql", sql + "\n", FAKE)
    assert len(messages) == 1 and "holds a SQL statement with a password" in messages[0], messages
    assert _sql_password(sql) == SQL


def test_in_a_script_and_in_sh_c() -> None:
    script = f'sqlplus -s / as sysdba <<EOF\nCREATE USER app IDENTIFIED BY {FAKE};\nEOF\nmysql -e "CREATE USER \'a\'@\'%\' IDENTIFIED BY \\"{FAKE}\\""\n'
    for messages in key_and_sh_c_messages(script):
        assert messages and all("password" in message for message in messages), messages


NOT_WRITTEN = [
    "CREATE USER &1 IDENTIFIED BY &2;",
    "CREATE USER app IDENTIFIED BY &&app_password;",
    "CREATE USER app IDENTIFIED BY :app_password;",
    "create user ${DB_USER} identified by ${DB_PASS} quota unlimited on users;",
    'CREATE USER app IDENTIFIED BY "$APP_PASSWORD";',
    'mysql -e "CREATE USER \'a\'@\'%\' IDENTIFIED BY \\"$PW\\""',
    "CREATE USER app IDENTIFIED BY {{ .Values.password }};",
    "CREATE USER user IDENTIFIED BY [password];",
    "CREATE USER user IDENTIFIED BY <password>;",
    "CREATE USER app IDENTIFIED BY password;",  # the syntax's word
    "CREATE USER app IDENTIFIED BY VALUES 'S:0123456789ABCDEF';",
    "CREATE USER app IDENTIFIED BY RANDOM PASSWORD;",
    "CREATE USER app IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567';",
    "CREATE USER app IDENTIFIED EXTERNALLY;",
    "create user accounts identified by email and phone number",
    "-- grant the role to people identified by badge;",
    "-- CREATE USER app IDENTIFIED BY tiger;  (commented out: the operator sets it)",
    '"CREATE USER " + user + " IDENTIFIED BY " + password',
    "CREATE USER app IDENTIFIED BY ?",
    'CREATE USER app IDENTIFIED BY ""',
]


@pytest.mark.parametrize("sql", NOT_WRITTEN)
def test_a_variable_a_reference_a_hash_or_prose_is_none(sql: str) -> None:
    assert configmap_messages("01-users.sql", sql + "\n", FAKE) == []
    assert _sql_password(sql) is None


@pytest.mark.parametrize("sql", WRITTEN + NOT_WRITTEN)
def test_the_screen_keeps_the_verdict(sql: str) -> None:
    unscreened = None
    for label, pattern in values._SQL_PASSWORDS:
        if any(values._sql_statement_password(sql, match) for match in pattern.finditer(sql)):
            unscreened = label
            break
    assert _sql_password(sql) == unscreened


@pytest.mark.parametrize(
    "text",
    [
        "create user " + "'" * 65536,
        "to " + "\"'`" * 21845,
        "CREATE USER a" + " IDENTIFIED WITH x" * 3640,
        "to a identified by " * 3449,
        "create user x identified by " + "y" * 65536 + " z",
    ],
)
def test_adversarial_text_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    _sql_password(text)
    assert time.perf_counter() - start < 1.0
