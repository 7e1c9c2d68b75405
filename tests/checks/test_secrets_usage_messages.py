"""disallow-plaintext-secrets: a usage message that echo or printf writes to standard output or
error, showing how to set a variable with a placeholder (``echo 'DB_PASSWORD=<pw>' >&2``,
``printf "DB_PASSWORD=<pw>\\n"``, ``echo "API_TOKEN=your-api-token"``), sets nothing: it is not
reported, in sh -c's argument as in a ConfigMap's run.sh. The same text written into a file or a
pipe, captured, or with a literal value is judged as before. Values are fakes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

from webhook.checks.secrets.commands import _prints_a_message
from webhook.checks.secrets.shell_reader import shell_commands

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _both(script: str) -> tuple[list[str], list[str]]:
    """The messages on ``script`` as sh -c's argument and as a ConfigMap's run.sh."""
    return _messages(script_pod(script)), _messages(configmap({"run.sh": "#!/bin/sh\n" + script + "\n"}))


MESSAGES = [
    "echo 'Usage: ... DB_PASSWORD=<pw>'",
    "echo 'DB_PASSWORD=<pw>' >&2",
    'echo "DB_PASSWORD=your-password" >&2',
    'echo "DB_PASSWORD=your-password" 1>&2; exit 1',
    'echo "DB_PASSWORD=your_password" > /dev/stderr',
    'echo "API_TOKEN=your-api-token"',
    'echo "API_TOKEN=YOUR_API_TOKEN" && exit 1',
    'printf "DB_PASSWORD=<pw>\\n" >&2',
    "printf 'DB_PASSWORD=...\\n'",
    'echo "MYSQL_ROOT_PASSWORD=<pw> is required" >&2',
    'echo "DB_PASSWORD=<pw>." || true',
    '[ -n "$DB_PASSWORD" ] || { echo "DB_PASSWORD=yourpassword must be set" >&2; exit 1; }',
]


@pytest.mark.parametrize("script", MESSAGES)
def test_a_usage_message_with_a_placeholder_passes(script: str) -> None:
    assert _both(script) == ([], [])


WRITTEN = [
    'echo "DB_PASSWORD=yourpassword" > /etc/app.env',
    'echo "DB_PASSWORD=yourpassword" >> .env',
    'echo "DB_PASSWORD=yourpassword" &> /tmp/app.env',
    'echo "DB_PASSWORD=yourpassword" >&2 > /etc/app.env',
    'echo "DB_PASSWORD=yourpassword" | tee -a .env',
    'echo "DB_PASSWORD=yourpassword" 1>&2 | cat',
    'x=$(echo "DB_PASSWORD=yourpassword")',
    "echo 'DB_PASSWORD=<pw> is required' > /etc/app.env; exit 1",
]


# yourpassword: a placeholder in a message alone (your-password is one everywhere, 1.25.344)
@pytest.mark.parametrize("script", WRITTEN)
def test_the_same_text_written_elsewhere_is_reported(script: str) -> None:
    in_args, in_key = _both(script)
    assert len(in_args) == 1 and 'sets "DB_PASSWORD"' in in_args[0], in_args
    assert len(in_key) == 1 and 'sets "DB_PASSWORD"' in in_key[0], in_key


LITERALS = [
    f'echo "DB_PASSWORD={FAKE}" >&2',
    f'echo "DB_PASSWORD={FAKE} is required" >&2',
    f'printf "DB_PASSWORD={FAKE}\\n"',
    'echo "DB_PASSWORD=changeme" >&2',  # a dummy password, a literal as anywhere
    'echo "DB_PASSWORD=yourZq7fake" >&2',
    'echo "DB_PASSWORD=your-cat"',
]


@pytest.mark.parametrize("script", LITERALS)
def test_a_literal_in_a_message_is_reported(script: str) -> None:
    in_args, in_key = _both(script)
    assert len(in_args) == 1 and 'sets "DB_PASSWORD"' in in_args[0], in_args
    assert len(in_key) == 1 and 'sets "DB_PASSWORD"' in in_key[0], in_key


def test_linear_on_a_long_line() -> None:
    script = 'echo "DB_PASSWORD=<pw>' + '"' * 65536 + "'" * 65536 + " >&2" * 16384
    (command,) = [each for each in shell_commands('echo "x" >&2')]
    start = time.perf_counter()
    assert _prints_a_message('echo "x" >&2', command)
    assert not _prints_a_message(script, command._replace(start=0))
    _messages(script_pod(script))
    assert time.perf_counter() - start < 2.0
