"""disallow-plaintext-secrets: what an echo sends to standard error (its own ``>&2``, or a group's
``} >&2``) is followed out through the groups around it: an outer group whose redirection writes
standard error into a file (``2> FILE``, ``&> FILE``, ``> FILE 2>&1``, ``|&``) writes the line, so it
is reported in a ConfigMap's run.sh and in sh -c alike (1.25.421 let any inner ``>&2`` win); ``} >
FILE``, ``2>&1 > FILE`` and ``2> /dev/null`` leave it a message, and a group's ``2> FILE`` alone writes
no standard output. Linear. No message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import _group_streams, _in_a_redirected_group

ECHO = 'echo "DB_PASSWORD=yourpassword"'
RUN_SH = 'key "run.sh" sets "DB_PASSWORD" in plain text'
SH_C = 'args[0] sets "DB_PASSWORD" in plain text'


@pytest.mark.parametrize(
    "script",
    [
        f"{{ {{ {ECHO}; }} >&2; }} 2> /etc/app.env",
        f"( {ECHO} >&2 ) 2> /etc/app.env",
        f"{{ {{ {ECHO}; }} >&2; }} &> /etc/app.env",
        f"( {ECHO} >&2 ) &>> /etc/app.env",
        f"( {ECHO} >&2 ) > /etc/app.env 2>&1",
        f"( {ECHO} >&2 ) >& /etc/app.env",
        f"( {ECHO} >&2 ) 2>&1 | tee /etc/app.env",
        f"( {ECHO} >&2 ) |& tee /etc/app.env",
        f"if true; then\n  {ECHO} >&2\nfi 2> /etc/app.env",
        f"(\n  {{\n    {ECHO}\n  }} >&2\n) 2>> /etc/app.env",
        f"( ( {ECHO} >&2 ) 2>&1 ) > /etc/app.env",
        f'{{ {{ echo "DB_PASSWORD={FAKE}"; }} >&2; }} 2> /etc/app.env',
    ],
)
def test_standard_error_written_into_a_file_is_reported(script: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and RUN_SH in in_key[0], in_key
    assert len(in_sh_c) == 1 and SH_C in in_sh_c[0], in_sh_c


@pytest.mark.parametrize(
    "script",
    [
        f"{{ {ECHO} >&2; }} > /etc/app.env",  # standard error stays the terminal's
        f"( {{ {ECHO}; }} >&2 ) > /etc/app.env",
        f"( {ECHO} >&2 ) 2>&1 > /etc/app.env",  # 2>&1 first: the terminal
        f"( {ECHO} >&2 ) | tee /etc/app.env",
        f"{{ {{ {ECHO}; }} >&2; }} 2> /dev/null",
        f"( {ECHO} >&2 ) 2> /dev/null",
        f"{{ {ECHO}; }} 2> /etc/app.log",  # standard output is the terminal's
        f"( {ECHO} >&2 ) 2>&1",
        f"( {ECHO} >&2 ) < /dev/null 2> /dev/stderr",
    ],
)
def test_standard_error_left_to_the_terminal_keeps_the_message(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_streams_of_a_closing_line() -> None:
    script = "} 2> a\n) > b 2>&1\n} 2>&1 > c\ndone |& tee d\n} >&2\n} < x >> y\n} && echo z > w\n"
    lines = [at for at, char in enumerate(script) if char in "})d" and (at == 0 or script[at - 1] == "\n")]
    assert [_group_streams(script, at) for at in lines] == [
        ("1", "file"),
        ("file", "file"),
        ("file", "1"),
        ("file", "file"),
        ("2", "2"),
        ("file", "2"),
        ("1", "2"),
    ]


def test_each_stream_is_followed_apart() -> None:
    script = f"{{ {{ {ECHO}; }} >&2; {ECHO} >&2; {ECHO}; }} 2> /etc/app.env"
    first, second, third = (script.index(ECHO, at) for at in (0, 10, 50))
    assert _in_a_redirected_group(script, first)  # } >&2, then 2> FILE
    assert _in_a_redirected_group(script, second, stderr=True)  # its own >&2, then 2> FILE
    assert not _in_a_redirected_group(script, third) and _in_a_redirected_group(script, third, stderr=True)


def test_deeply_nested_groups_stay_linear() -> None:
    depth = 6000  # about 64 KiB, each group closed on its own line
    script = "{\n" * depth + f"{ECHO} >&2\n" + "} 2>&1\n" * (depth // 2) + "} > /etc/app.env 2>&1\n" * (depth // 2)
    assert len(script) > 64_000
    begun = time.perf_counter()
    messages = key_and_sh_c_messages(script)
    assert time.perf_counter() - begun < 20
    assert all(len(each) == 1 for each in messages), messages
