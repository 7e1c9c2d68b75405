"""disallow-plaintext-secrets: an echo, printf or ``cat <<EOF`` in a subshell over several lines whose
own redirection, on its closing ``)`` line, writes the subshell's output to a file or a pipe
(``( echo "DB_PASSWORD=yourpassword"`` then ``) > /etc/app.env``) writes a setting, no usage message:
it is reported in a ConfigMap's run.sh and in sh -c alike, as a brace group's is (1.25.370); a
subshell sent to the terminal (``) >&2``) or with no redirection keeps its message harmless. No
message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import configmap, decide, everything_shown, key_and_sh_c_messages, script_pod

from webhook.checks.secrets.commands import _in_a_redirected_group

RUN_SH = 'key "run.sh" sets "DB_PASSWORD" in plain text'
SH_C = 'args[0] sets "DB_PASSWORD" in plain text'


def _nothing_shown(script: str) -> None:
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        assert "yourpassword" not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "script",
    [
        '(\n  echo "# app settings"\n  echo "DB_PASSWORD=yourpassword"\n) > /etc/app.env\n',
        '( echo "DB_PASSWORD=yourpassword"\n  echo "DB_USER=app"\n) >> /etc/app.env\n',
        '(\n  printf "DB_PASSWORD=yourpassword\\n"\n) | tee /etc/app.env\n',
        "( cat <<EOF\nDB_PASSWORD=yourpassword\nEOF\n) > /etc/app.env\n",
        '( (\n  echo "DB_PASSWORD=yourpassword"\n) ) &> /etc/app.env\n',
        '(\n  if true; then\n    echo "DB_PASSWORD=yourpassword"\n  fi\n) 1> /etc/app.env\n',
    ],
)
def test_a_subshell_written_to_a_file_is_reported_in_both(script: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and RUN_SH in in_key[0], in_key
    assert len(in_sh_c) == 1 and SH_C in in_sh_c[0], in_sh_c
    _nothing_shown(script)


@pytest.mark.parametrize(
    "script",
    [
        '(\n  echo "Usage: run.sh"\n  echo "  DB_PASSWORD=yourpassword"\n) >&2\nexit 1\n',
        '(\n  echo "DB_PASSWORD=yourpassword"\n)\n',
        '(\n  echo "DB_PASSWORD=yourpassword"\n) 2>/dev/null || exit 1\n',
        '(\n  echo "DB_PASSWORD=yourpassword"\n) 1>&2; exit 1\n',
        "( cat <<EOF\nDB_PASSWORD=yourpassword\nEOF\n) >&2\n",
        '( echo start ) > /tmp/log\n(\n  echo "DB_PASSWORD=yourpassword" >&2\n)\n',
    ],
)
def test_a_subshell_sent_to_the_terminal_keeps_its_message_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []], script
    _nothing_shown(script)


def test_where_a_subshell_writes() -> None:
    script = "( echo a\n) >&2\n(\n  echo b; echo c\n) | tee /tmp/f\necho d\n(\n  echo e\n)\n"
    assert not _in_a_redirected_group(script, script.index("echo a"))
    assert _in_a_redirected_group(script, script.index("echo b")) and _in_a_redirected_group(script, script.index("echo c"))
    assert not _in_a_redirected_group(script, script.index("echo d"))
    assert not _in_a_redirected_group(script, script.index("echo e"))


def test_many_subshells_are_read_in_linear_time() -> None:
    for script in (
        '(\n echo "DB_PASSWORD=yourpassword"\n) > /tmp/f\n' * 1_500,
        "( " * 5_000 + 'echo "DB_PASSWORD=yourpassword"\n' + ") " * 4_999 + ") > /tmp/f\n",
        '(\n echo "DB_PASSWORD=yourpassword"\n) >&2\n' * 1_500,
        "(\n" * 20_000 + ")\n" * 20_000,
    ):
        started = time.perf_counter()
        key_and_sh_c_messages(script)
        assert time.perf_counter() - started < 10.0
