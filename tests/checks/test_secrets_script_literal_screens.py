"""disallow-plaintext-secrets: exact literal screens before the patterns a long script is read by,
none changing a verdict. SQL Server's ``CREATE LOGIN ... WITH PASSWORD`` runs only on text holding
``create``/``alter`` then ``login``/``user``, MySQL's ``SET PASSWORD`` only on text holding ``set``
then ``password`` or ``password`` then ``(`` (``set -eu`` and ``PGPASSWORD=`` do not); an Azure
access key only on text holding one of its names in any case; ``NAME=value`` words of an argument are
searched from their separator; a double-quoted part with no backslash is not unescaped; a command's
word with no ``=`` is not read as ``NAME=value``. Each agrees with the reading it screens, and no
message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, decide, everything_shown, script_pod

from webhook.checks.secrets import commands, values
from webhook.checks.secrets.shell_reader import unquoted
from webhook.checks.secrets.values import _SPACE_THEN_PASSWORD, _may_hold_access_key, _sql_password, _word_then, credential_kind

POLICY = "disallow-plaintext-secrets"


def _unscreened(value: str) -> str | None:
    """``_sql_password`` with no screen but its keyword scan."""
    if not any(word in value for word in values._SQL_WORDS):
        return None
    for label, pattern in values._SQL_PASSWORDS:
        if any(values._sql_statement_password(value, match) for match in pattern.finditer(value)):
            return label
    return None


STATEMENTS = [
    f"CREATE LOGIN app WITH PASSWORD = '{FAKE}';",
    f"create\n  user app with password=N'{FAKE}'",
    f"ALTER LOGIN sa WITH PASSWORD = '{FAKE}' OLD_PASSWORD = 'x'",
    f"SET PASSWORD FOR 'app'@'%' = '{FAKE}';",
    f"set\tpassword = PASSWORD('{FAKE}')",
    f"UPDATE mysql.user SET authentication_string = PASSWORD ('{FAKE}') WHERE User = 'app'",
    f"update user set Password=OLD_PASSWORD(  '{FAKE}')",
    # not ASCII: (?i:...) matches "ſ" as "s": the patterns run, as before
    f"\u017fet PASSWORD = '{FAKE}'",
]
NONE = [
    "set -eu\nexport PGPASSWORD=\"$(cat /run/secrets/db/password)\"\npsql -U user -c 'select 1'",
    "create table logins (user text, password text); -- with 'x'",
    "echo 'set the password (see docs)' >&2",
    "password = PASSWORD_FROM_ENV; set -o pipefail",
]


@pytest.mark.parametrize("value", STATEMENTS)
def test_a_login_or_set_password_statement_passes_its_screen(value: str) -> None:
    assert _sql_password(value) is not None
    assert _sql_password(value) == _unscreened(value)


@pytest.mark.parametrize("value", NONE)
def test_text_with_no_such_statement_is_read_as_before(value: str) -> None:
    assert _sql_password(value) is None
    assert _unscreened(value) is None


def test_the_screens_agree_with_the_patterns_on_mixed_text() -> None:
    pieces = [*STATEMENTS, *NONE, "create", "alter ", " login", "user", "with", "set", " password", "(", "= '", "'x'", "\n", "\u017f", "\u212a"]
    for first in pieces:
        for second in pieces:
            for value in (first + second, first + " " + second, second + "; " + first):
                assert _sql_password(value) == _unscreened(value), value


def test_the_set_password_screen_stays_linear_on_repeated_words() -> None:
    for text in ("set " * 20_000, "password" * 10_000, "set" + " " * 65_536 + "passwor"):
        started = time.perf_counter()
        assert not _word_then(text, ("set",), _SPACE_THEN_PASSWORD)
        assert time.perf_counter() - started < 1.0
    assert _word_then("set " * 20_000 + "password", ("set",), _SPACE_THEN_PASSWORD)


ACCESS_KEYS = [
    f"DefaultEndpointsProtocol=https;AccountName=x;AccountKey={FAKE}",
    f"Endpoint=sb://x/;SharedAccessKeyName=y;SHAREDACCESSKEY={FAKE}",
    f"endpoint=https://x;sharedSecretValue = {FAKE}",
    f"AccountName=x;Account\u212aey={FAKE}",  # the Kelvin sign: (?i:...) reads it as k
]


@pytest.mark.parametrize("value", ACCESS_KEYS)
def test_an_access_key_is_still_found(value: str) -> None:
    assert _may_hold_access_key(value)
    assert credential_kind(value) == "a connection string with an access key"


def test_the_access_key_screen_agrees_with_its_pattern() -> None:
    pieces = [*ACCESS_KEYS, "AccountName=x", ";", " ", "accountkey", "=", "PRIMARY KEY", "key=x", "\u212a", "é"]
    for first in pieces:
        for second in pieces:
            value = first + second
            if values._ACCESS_KEY_SETTING.search(value) is not None:
                assert _may_hold_access_key(value), value
    assert not _may_hold_access_key("CREATE TABLE t (id text PRIMARY KEY); key=value")


def test_assignments_are_found_as_by_the_whole_pattern() -> None:
    pieces = ["A=1", "export  B='x y'", " ", "\n", ";", "(", "--flag=v", "-Dp=q", "x", "=", '"', "C=`d`", "export"]
    for first in pieces:
        for second in pieces:
            for third in pieces:
                text = first + second + third
                expected = [(m.span(), m.span(1), m.groups()) for m in commands._SHELL_ASSIGNMENT.finditer(text)]
                assert [(m.span(), m.span(1), m.groups()) for m in commands._shell_assignments(text)] == expected, text


def test_double_quoted_parts_are_unescaped_only_where_a_backslash_is() -> None:
    assert unquoted('"a\\"b\\$c\\\\d"x') == 'a"b$c\\dx'
    assert unquoted('"plain $HOME"') == "plain $HOME"
    assert unquoted('"$PREFIX"x') == "${PREFIX}x"
    assert unquoted('"a\\qb"') == "a\\qb"  # not one of $ ` " \\: kept


def test_a_long_script_with_no_secret_passes_and_one_with_a_statement_is_reported() -> None:
    script = (
        "set -eu\nexport PGPASSWORD=\"$(cat /run/secrets/db/password)\" PGUSER=\"$DB_USER\"\n"
        "psql -c 'CREATE TABLE IF NOT EXISTS t (id text PRIMARY KEY)'\necho \"starting with $(nproc) workers\"\n"
    )
    assert [f.message for f in decide(script_pod(script)).findings if f.policy == POLICY] == []
    decision = decide(script_pod(script + f"mysql -e \"SET PASSWORD FOR 'app'@'%' = '{FAKE}'\"\n"))
    assert any(f.policy == POLICY for f in decision.findings)
    assert FAKE not in everything_shown(decision)
    decision = decide(script_pod(script + f"export EXTRA='user=app password={FAKE}'\n"))
    assert any(f.policy == POLICY for f in decision.findings)
    assert FAKE not in everything_shown(decision)
    decision = decide(script_pod(script + f"export X='AccountName=x;AccountKey={FAKE}'\n"))
    assert any(f.policy == POLICY for f in decision.findings)
    assert FAKE not in everything_shown(decision)
