"""disallow-plaintext-secrets: in ``sh -c``'s argument, ``NAME=`cmd args``` assigns what the
command prints, as ``NAME=$(cmd args)`` does: ``password_aux=`cat ${REDIS_PASSWORD_FILE}``` (the
Redis charts' probes) was reported as "password_aux" set in plain text, read up to its first blank
as the literal `` `cat ``, while the same script as a ConfigMap's key was not. A backquoted word
with no blank or ``$`` in it is still read as a string (`` `hunter2` ``), and a literal after the
command's closing backquote or in another assignment of the script stays reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, decide, key_and_sh_c_messages, script_pod

POLICY = "disallow-plaintext-secrets"
SECRET = FAKE.replace("-", "")  # one word



@pytest.mark.parametrize(
    "line",
    [
        "password_aux=`cat ${REDIS_PASSWORD_FILE}`",
        "password_aux=`cat $REDIS_PASSWORD_FILE`",
        "export REDIS_PASSWORD=`cat /run/secrets/redis`",
        "DB_PASSWORD=`vault kv get -field=password secret/db`; export DB_PASSWORD",
    ],
)
def test_a_command_in_backquotes_is_not_reported(line: str) -> None:
    script = f'{line}\nexport REDISCLI_AUTH=$password_aux\nredis-cli -h localhost ping\n'
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    "script",
    [
        f"password_aux=`{SECRET}`\nredis-cli ping\n",
        f"password_aux=`cat /run/secrets/redis`\nREDIS_PASSWORD={SECRET}\nredis-cli ping\n",
    ],
)
def test_a_literal_stays_reported(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1
        assert "in plain text" in messages[0]
        assert SECRET not in messages[0]
    assert SECRET not in repr(decide(script_pod(script)))
