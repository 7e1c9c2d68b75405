"""disallow-plaintext-secrets 1.25.423: PostgreSQL's MD5 verifier put together by a script, ``md5``
then one expansion giving the hash (``"md5$(printf ... | md5sum | cut ...)"``, ``md5${HASH}``), as
PgBouncer's ``userlist.txt`` is written, is no password in plain text: not as a setting's value,
not as a ``userlist.txt`` line echo writes. Literal text with it (``md5hunter2``, ``md5$(...)x``)
is still reported; no message ever shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.values import md5_then_expansion, shell_literal

BUILT = [
    "pg_password_md5=\"md5$(printf '%s%s' \"$PW\" \"$USER\" | md5sum | cut -d ' ' -f 1)\"",
    'HASHED_PASS="md5$(echo -n "$PW$USER" | md5sum | awk \'{print $1}\')"',
    'pass="md5$(echo -n "$PW$USER" | md5sum | cut -f 1 -d " ")"',
    "DB_PASSWORD_HASH=md5${HASH}",
    'db_password="md5$HASH"',
    'db_password="md5`printf %s \\"$PW$USER\\" | md5sum | cut -c1-32`"',
    'echo "\\"app\\" \\"md5${HASH}\\"" > /etc/pgbouncer/userlist.txt',
]


@pytest.mark.parametrize("script", BUILT)
def test_an_md5_verifier_built_from_an_expansion_is_no_password(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


LITERAL = [
    f'db_password="md5$(cat /run/salt){FAKE}"',
    f"db_password=md5{FAKE}",
    f'db_password="md5${{HASH}}{FAKE}"',
    f'echo "\\"app\\" \\"md5{FAKE}\\"" > /etc/pgbouncer/userlist.txt',
]


@pytest.mark.parametrize("script", LITERAL)
def test_literal_text_with_md5_is_still_reported(script: str) -> None:
    configmap_messages, sh_c_messages = key_and_sh_c_messages(script)
    assert len(configmap_messages) == 1, configmap_messages
    assert "in plain text" in configmap_messages[0]


def test_the_shape() -> None:
    assert md5_then_expansion("md5$(md5sum < /x)")
    assert md5_then_expansion("md5${HASH}")
    assert md5_then_expansion("md5`md5sum < /x`")
    assert md5_then_expansion("md5$(echo -n x | cut -d ")  # a quoted value a reader ended inside it
    assert not md5_then_expansion("md5$(date)x")
    assert not md5_then_expansion("md5hunter2")
    assert not md5_then_expansion("MD5${HASH}")
    assert not md5_then_expansion("md5${HASH}x")
    assert shell_literal("md5${HASH}") is None
    assert shell_literal("md5hunter2") == "md5hunter2"


def test_an_unclosed_substitution_is_read_in_linear_time() -> None:
    import time

    value = "md5$(" + "(" * 65536
    start = time.perf_counter()
    assert md5_then_expansion(value)
    assert time.perf_counter() - start < 1.0
