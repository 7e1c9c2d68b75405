"""disallow-plaintext-secrets: each pattern of a database statement setting a password
(``values._SQL_PASSWORDS``) runs only when the value holds what every match of it holds
(``_SQL_SCREENS``): ``identified``, ``create``/``alter`` then ``role``/``user``, ``createUser`` or
``updateUser``, in any case; a value that is not ASCII is read by every pattern, as ``(?i:...)``
matches four letters that are not ASCII. The verdicts are those of the patterns unscreened; no
message ever shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, script_pod, decide, everything_shown

from webhook.checks.secrets import values
from webhook.checks.secrets.values import _creates_or_alters_a_role, _sql_password

POLICY = "disallow-plaintext-secrets"


def _unscreened(value: str) -> str | None:
    """``_sql_password`` with no screen but its keyword scan (the reading before the screens)."""
    if not any(word in value for word in values._SQL_WORDS):
        return None
    for label, pattern in values._SQL_PASSWORDS:
        if any(values._sql_statement_password(value, match) for match in pattern.finditer(value)):
            return label
    return None


STATEMENTS = [
    f"CREATE USER 'app'@'%' IDENTIFIED BY '{FAKE}';",
    f"grant all on db.* to app identified by '{FAKE}'",
    f"Create User app Identified With mysql_native_password By '{FAKE}'; -- password",
    f"ALTER ROLE app WITH PASSWORD '{FAKE}';",
    f"create\trole app login encrypted password '{FAKE}'",
    f"cReAtE \n  uSeR app PaSsWoRd '{FAKE}'",
    f"db.createUser({{user: 'app', pwd: '{FAKE}', roles: []}})",
    f'db.updateUser("app", {{pwd: "{FAKE}"}})',
    # not ASCII: (?i:...) matches "ſ" as "s", "ı" as "i": every pattern runs, as before
    "-- identified\nALTER ROLE app PAſſWORD 'FAKE-not-real';",  # no other "password" in it
    f"CREATE USER app ıdentified BY '{FAKE}'; -- password",
]
NONE = [
    "export PGPASSWORD=\"$(cat /run/secrets/db/password)\"\npsql -c 'CREATE TABLE users (id int)'",
    "CREATE ROLE app; -- its password is set by the operator: 'later'",
    "alter table user_roles add column password_hash text; select 'x'",
    "create user app; -- identified elsewhere, 'pwd' in vault",
    "createuser app --pwprompt  # pwd: 'x'",
    "echo 'password' && createUser",
    f"CREATE USER app IDENTIFIED BY '$(DB_PASSWORD)'; ALTER ROLE x PASSWORD '{{{{ .Values.pw }}}}'",
]


@pytest.mark.parametrize("value", STATEMENTS)
def test_a_statement_setting_a_password_passes_its_screen(value: str) -> None:
    assert _sql_password(value) is not None
    assert _sql_password(value) == _unscreened(value)


@pytest.mark.parametrize("value", NONE)
def test_text_with_no_such_statement_is_screened_out_or_read_as_before(value: str) -> None:
    assert _sql_password(value) is None
    assert _unscreened(value) is None


def test_the_screens_agree_with_the_patterns_on_mixed_text() -> None:
    pieces = [*STATEMENTS, *NONE, "create", "alter ", " role", "user", "IDENTIFIED", "password '", "pwd: 'x'", "'", "\n", "İ", "K"]
    for first in pieces:
        for second in pieces:
            for value in (first + second, first + " " + second, second + "; " + first):
                assert _sql_password(value) == _unscreened(value), value


def test_the_role_screen_stays_linear_on_repeated_words() -> None:
    for text in ("create " * 10_000, "alter" * 13_000, "create" + " " * 65_536 + "rol"):
        started = time.perf_counter()
        assert not _creates_or_alters_a_role(text)
        assert time.perf_counter() - started < 1.0
    assert _creates_or_alters_a_role("create " * 10_000 + "user")


@pytest.mark.parametrize(
    "key, text",
    [
        ("init.sql", f"CREATE TABLE t (id int);\nCREATE ROLE app LOGIN PASSWORD '{FAKE}';"),
        ("init.sh", f"mongosh --eval 'db.createUser({{user: \"app\", pwd: \"{FAKE}\", roles: []}})'"),
    ],
)
def test_a_statement_in_a_configmap_is_still_reported(key: str, text: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert any("with a password" in message for message in messages), messages


def test_a_script_naming_a_password_file_and_creating_a_table_passes() -> None:
    decision = decide(script_pod(NONE[0]))
    assert [f.message for f in decision.findings if f.policy == POLICY] == []
    decision = decide(script_pod(NONE[0] + f"\npsql -c \"ALTER USER app PASSWORD '{FAKE}'\""))
    assert any(f.policy == POLICY for f in decision.findings)
    assert FAKE not in everything_shown(decision)
