"""disallow-plaintext-secrets: a usage message in a group, or a command, that sends its output to
standard error inside a group whose own redirection writes into a file stays a message (1.25.421):
``( { echo "DB_PASSWORD=yourpassword"; } >&2 ) > /etc/app.env``, ``{ { ...; } >&2; } > FILE`` and
``( echo "DB_PASSWORD=yourpassword" >&2 ) > FILE`` write it to the terminal, the innermost redirected
group (or the command's own ``>&2``) decides. An inner group with no redirection, one sent elsewhere,
``2>/dev/null``, ``2>&1`` and a literal keep it reported. Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import _innermost_elsewhere, _redirected_groups


@pytest.mark.parametrize(
    "script",
    [
        '( { echo "DB_PASSWORD=yourpassword"; } >&2 ) > /etc/app.env',
        '{ { echo "DB_PASSWORD=yourpassword"; } >&2; } > /etc/app.env',
        '{ { echo "DB_PASSWORD=yourpassword"; } 1>&2; } >> .env',
        '(\n  {\n    echo "Usage: DB_PASSWORD=<password> ./run"\n  } >&2\n) > /etc/app.env',
        '{\n  {\n    echo "DB_PASSWORD=yourpassword"\n  } > /dev/stderr\n} | tee /etc/app.env',
        '( echo "DB_PASSWORD=yourpassword" >&2 ) > /etc/app.env',
        '{ echo "DB_PASSWORD=yourpassword" >&2; } > /etc/app.env',
        '( printf "DB_PASSWORD=yourpassword\\n" 1>&2 ) | tee /etc/app.env',
        '{ { cat >&2 <<EOF\nUsage: DB_PASSWORD=yourpassword ./run\nEOF\n}; } > /etc/app.env',
    ],
)
def test_an_inner_group_to_standard_error_keeps_its_message_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    ("script", "name"),
    [
        ('( echo "DB_PASSWORD=yourpassword" ) > /etc/app.env', "DB_PASSWORD"),
        ('{ { echo "DB_PASSWORD=yourpassword"; }; } > /etc/app.env', "DB_PASSWORD"),
        ('{ { echo "DB_PASSWORD=yourpassword"; } 2>/dev/null; } > /etc/app.env', "DB_PASSWORD"),  # stderr only
        ('{ echo "DB_PASSWORD=yourpassword" 2>&1; } > /etc/app.env', "DB_PASSWORD"),
        ('{ { echo "DB_PASSWORD=yourpassword"; } > /tmp/app.env; } >&2', "DB_PASSWORD"),  # the innermost: a file
        ('{\n  { echo "DB_PASSWORD=yourpassword"; } >&2\n  echo "API_TOKEN=yourtoken"\n} > /etc/app.env', "API_TOKEN"),
        (f'( {{ echo "DB_PASSWORD={FAKE}"; }} >&2 ) > /etc/app.env', "DB_PASSWORD"),  # a literal: no message
    ],
)
def test_output_the_innermost_group_writes_elsewhere_stays_reported(script: str, name: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert f'sets "{name}" in plain text' in messages[0]


def test_the_innermost_span_decides() -> None:
    # outer elsewhere 0-100, inner to stderr 10-50 holding one elsewhere 20-30, and apart one elsewhere 60-70
    elsewhere, to_stderr = ("file", "2"), ("2", "2")
    spans: list[tuple[int, int, tuple[str, str] | None]] = [(0, 100, elsewhere), (10, 50, to_stderr), (20, 30, elsewhere), (60, 70, elsewhere)]
    assert _innermost_elsewhere(spans) == (([0, 20, 50], [10, 30, 100]), ([], []))
    assert _innermost_elsewhere([(5, 9, to_stderr)]) == (([], []), ([], []))
    assert _innermost_elsewhere([]) == (([], []), ([], []))
    # standard error written to a file 0-100 (} 2> FILE): what an inner group sends there (10-50, } >&2) is written
    assert _innermost_elsewhere([(0, 100, ("1", "file")), (10, 50, to_stderr)]) == (([10], [50]), ([0], [100]))
    # } > FILE 2>&1 around } >&2: both written; 2>&1 > FILE around it: standard error stays the terminal's
    assert _innermost_elsewhere([(0, 100, ("file", "file")), (10, 50, to_stderr)]) == (([0], [100]), ([0], [100]))
    assert _innermost_elsewhere([(0, 100, ("file", "1")), (10, 50, to_stderr)]) == (([0, 50], [10, 100]), ([], []))


def test_deeply_nested_groups_stay_linear() -> None:
    depth = 6000  # about 64 KiB, each group closed on its own line
    script = "{\n" * depth + 'echo "DB_PASSWORD=yourpassword"\n' + "} >&2\n" * (depth // 2) + "} > /etc/app.env\n" * (depth // 2)
    assert len(script) > 64_000
    begun = time.perf_counter()
    (starts, ends), _ = _redirected_groups(script)
    assert time.perf_counter() - begun < 5
    assert not any(start <= script.index("echo") < end for start, end in zip(starts, ends, strict=True))
