"""disallow-plaintext-secrets: an echo, printf or ``cat <<EOF`` in a brace group (or ``if ... fi``,
``while ... done``) whose own redirection writes the group's output to a file or a pipe
(``{ echo "DB_PASSWORD=yourpassword"; } > /etc/app.env``) writes a setting, no usage message: it is
reported, in a ConfigMap's run.sh and in sh -c alike (1.25.339/1.25.358 read only the command's own
line); a group sent to the terminal (``} >&2``) keeps its message harmless. No message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import key_and_sh_c_messages

from webhook.checks.secrets.commands import _in_a_redirected_group

RUN_SH = 'key "run.sh" sets "DB_PASSWORD" in plain text'
SH_C = 'args[0] sets "DB_PASSWORD" in plain text'


@pytest.mark.parametrize(
    "script",
    [
        '{ echo "DB_PASSWORD=yourpassword"; } > /etc/app.env\n',
        '{\n  echo "# app settings"\n  echo "DB_PASSWORD=yourpassword"\n} >> /etc/app.env\n',
        "{ cat <<EOF\nDB_PASSWORD=yourpassword\nEOF\n} > /etc/app.env\n",
        '{ { echo "DB_PASSWORD=yourpassword"; }; } > /etc/app.env\n',
        'if [ -n "$SEED" ]; then echo "DB_PASSWORD=yourpassword"; fi > /etc/app.env\n',
        '{ printf "DB_PASSWORD=yourpassword\\n"; } | tee /etc/app.env\n',
    ],
)
def test_a_group_written_to_a_file_is_reported_in_both(script: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and RUN_SH in in_key[0], in_key
    assert len(in_sh_c) == 1 and SH_C in in_sh_c[0], in_sh_c


@pytest.mark.parametrize(
    "script",
    [
        '{ echo "DB_PASSWORD=yourpassword"; } >&2\n',
        '{\n  echo "Usage: run.sh"\n  echo "  DB_PASSWORD=yourpassword"\n} >&2\nexit 1\n',
        "{ cat <<EOF\nDB_PASSWORD=yourpassword\nEOF\n}\n",
        'usage() {\n  echo "DB_PASSWORD=yourpassword" >&2\n}\n{ echo start; } > /tmp/log\n',
        '{ echo "DB_PASSWORD=yourpassword"; } 2>/dev/null; exit 1\n',
    ],
)
def test_a_group_sent_to_the_terminal_keeps_its_message_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []], script


def test_where_a_group_writes() -> None:
    script = '{ echo a; } >&2\n{ echo b; echo c; } > /tmp/f\necho d\n'
    assert not _in_a_redirected_group(script, 2)
    assert _in_a_redirected_group(script, script.index("echo b")) and _in_a_redirected_group(script, script.index("echo c"))
    assert not _in_a_redirected_group(script, script.index("echo d"))


def test_many_groups_are_read_in_linear_time() -> None:
    for script in (
        '{ echo "DB_PASSWORD=yourpassword"; } > /tmp/f\n' * 1_500,
        "{ " * 5_000 + 'echo "DB_PASSWORD=yourpassword"; ' + "} " * 4_999 + "} > /tmp/f\n",
        '{ echo "DB_PASSWORD=yourpassword"; } >&2\n' * 1_500,
    ):
        started = time.perf_counter()
        key_and_sh_c_messages(script)
        assert time.perf_counter() - started < 10.0
