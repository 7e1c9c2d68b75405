"""disallow-plaintext-secrets: radclient reads its requests' RADIUS attributes on its input; a user's
password there written unquoted, ``echo "User-Name=bob,User-Password=..." | radclient HOST auth
SECRET``, was admitted (only a quoted one was read, and a blank-separated one as a NAME=value
argument of echo), and so was the shared secret, radclient's third operand. Since 1.25.461 both
are reported; a reference, an expansion, an empty value, ``-f FILE`` and ``-S FILE`` are none."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, decide, everything_shown, key_and_sh_c_messages, script_pod

from webhook.checks.secrets.shell_reader import RADIUS_ATTRIBUTES, input_line_secret

POLICY = "disallow-plaintext-secrets"
ON_ITS_INPUT = 'args[0] passes a secret to "radclient" on its input ({writer} | radclient) in plain text.'
SHARED_SECRET = 'args[0] passes a secret to "radclient" (<server> <command> <secret>) in plain text.'


def _messages(script: str) -> list[str]:
    decision = decide(script_pod(script))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("script", "writer"),
    [
        (f'echo "User-Name=bob,User-Password={FAKE}" | radclient -x radius.example:1812 auth "$RADIUS_SECRET"', "echo ..."),
        (f'echo "User-Name = bob, User-Password = {FAKE}" | radclient radius.example auth "$S"', "echo ..."),
        (f"echo User-Name=bob User-Password={FAKE} | radclient radius.example auth \"$S\"", "echo ..."),
        (f'printf "User-Name=bob\\nCleartext-Password:={FAKE}\\n" | radclient radius.example auth "$S"', "printf ..."),
        (f'echo "User-Name=bob,CHAP-Password={FAKE}" | radclient -c 3 radius.example auth "$S"', "echo ..."),
    ],
)
def test_a_password_attribute_on_its_input_is_reported(script: str, writer: str) -> None:
    """Was admitted (but the blank-separated one, as echo's NAME=value)."""
    (message,) = _messages(script)
    assert ON_ITS_INPUT.format(writer=writer) in message


def test_a_here_document_is_its_input() -> None:
    script = f'radclient -x radius.example auth "$S" <<EOF\nUser-Name = bob\nUser-Password = {FAKE}\nEOF\n'
    assert [len(messages) for messages in key_and_sh_c_messages(script)] == [1, 1]


@pytest.mark.parametrize("secret", [FAKE, "testing123"])
def test_the_shared_secret_operand_is_reported(secret: str) -> None:
    """Was admitted."""
    decision = decide(script_pod(f"echo 'Message-Authenticator = 0x00' | radclient -x radius.example:18121 status {secret}"))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert SHARED_SECRET in message and secret not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        'echo "User-Name=bob,User-Password=$BOB_PASSWORD" | radclient radius.example auth "$RADIUS_SECRET"',
        'echo "User-Name=bob,User-Password=${BOB_PASSWORD}" | radclient -r 2 radius.example auth "$RADIUS_SECRET"',
        'echo "User-Name=bob,User-Password=%{env:BOB_PASSWORD}" | radclient radius.example auth "$RADIUS_SECRET"',
        'echo "User-Name=bob,Service-Type=Login-User" | radclient radius.example auth "$RADIUS_SECRET"',
        f"echo 'User-Password = {FAKE}' | radclient -f /run/secrets/request radius.example auth \"$S\"",
        "radclient -S /run/secrets/radius-secret -f /run/secrets/request radius.example auth",
        "radclient -S /run/secrets/radius-secret radius.example auth < /run/secrets/request",
        f"echo 'User-Name=bob,User-Password={FAKE}' | cat > /dev/null; radclient radius.example auth \"$S\" < /run/r",
    ],
)
def test_references_and_files_are_not_reported(script: str) -> None:
    assert _messages(script) == []


def test_other_programs_read_no_attributes() -> None:
    assert not input_line_secret(f"User-Name=bob,Service-Type={FAKE}", RADIUS_ATTRIBUTES)
    assert input_line_secret(f"User-Name=bob,User-Password='{FAKE}'", RADIUS_ATTRIBUTES)
    assert not input_line_secret("User-Name=bob,User-Password=''", RADIUS_ATTRIBUTES)


def test_a_long_line_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    assert input_line_secret("User-Password=" * 8192 + '"' + "a" * 65536, RADIUS_ATTRIBUTES)  # an unclosed quote: a word
    assert not input_line_secret(",User-Password = $PW" * 8192 + ' "' + "\\" * 65536, RADIUS_ATTRIBUTES)
    assert time.perf_counter() - started < 1
