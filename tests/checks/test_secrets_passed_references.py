"""disallow-plaintext-secrets: a variable named as a password that holds an option or a SQL clause
passing an expansion (``PASSWORD_ARG="-p$DB_PASSWORD"``, ``PASSWORD_OPT="--password=${PW}"``,
``pass="PASSWORD '$PW'"``) writes no secret: the expansion gives it. Such lines of database scripts
were reported as a password set in plain text, in a ConfigMap's script and in ``sh -c``. A literal
in the option (``-phunter2$PW``, ``--password=hunter2``), a literal default (``-p${PW:-hunter2}``)
or literal text beside the expansion stays reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, key_and_sh_c_messages

POLICY = "disallow-plaintext-secrets"
SECRET = FAKE.replace("-", "")  # one word



@pytest.mark.parametrize(
    "line",
    [
        'PASSWORD_ARG="-p$DB_PASSWORD"',
        'PASSWORD_ARG="-p${MYSQL_ROOT_PASSWORD}"',
        'PASSWORD_ARG="-p $DB_PASSWORD"',
        'PASSWORD_OPT="--password=$DB_PASSWORD"',
        'PASSWORD_OPT="--password $DB_PASSWORD"',
        "PASSWORD_ARG=\"-password '${SERVER_PASSWORD}'\"",
        'DB_PASS="-u$DB_USER -p$DB_PASSWORD"',
        'PASSWORD_ARG="-p${DB_PASSWORD}$SUFFIX"',
        "pass=\"PASSWORD '$POSTGRES_PASSWORD'\"",
        "PASSWORD_CLAUSE=\"IDENTIFIED BY '${MYSQL_PASSWORD}'\"",
        'PASSWORD_OPT="--password=$(cat /run/secrets/db)"',
    ],
)
def test_an_option_or_clause_passing_an_expansion_is_not_reported(line: str) -> None:
    script = f'if [ -n "$DB_PASSWORD" ]; then\n  {line}\nfi\nmysql -u app $PASSWORD_ARG $PASSWORD_OPT app < /sql/schema.sql\n'
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    "line",
    [
        f'PASSWORD_ARG="-p{SECRET}$SUFFIX"',
        f'PASSWORD_ARG="-p{SECRET} $SUFFIX"',
        f'PASSWORD_ARG="-p${{DB_PASSWORD:-{SECRET}}}"',
        f'PASSWORD_OPT="--password={SECRET}$SUFFIX"',
        f'PASSWORD_OPT="--password {SECRET}"',
        f'PASSWORD_OPT="--password $DB_PASSWORD {SECRET}"',
        f"PASSWORD_CLAUSE=\"IDENTIFIED BY '{SECRET}'\"",
        f"pass=\"PASSWORD '{SECRET}$SUFFIX'\"",
        f'DB_PASSWORD="{SECRET}$SUFFIX"',
    ],
)
def test_a_literal_beside_the_expansion_is_still_reported(line: str) -> None:
    script = f"{line}\nmysql -u app $PASSWORD_ARG app\n"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1
        assert "in plain text" in messages[0]
        assert SECRET not in messages[0]


def test_nothing_of_the_literal_is_shown() -> None:
    decision = decide(configmap({"run.sh": f'PASSWORD_ARG="-p{SECRET}$SUFFIX"\n'}))
    assert any(f.policy == POLICY for f in decision.findings)
    assert SECRET not in repr(decision)


def test_a_long_value_of_options_is_read_in_linear_time() -> None:
    script = "PASSWORD_ARG=\"" + "-p$(a" * 13000 + "\"\n"  # 64 KiB, a $( never closed
    assert len(key_and_sh_c_messages(script)) == 2
