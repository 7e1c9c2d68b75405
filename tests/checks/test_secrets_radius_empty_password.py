"""disallow-plaintext-secrets: an empty ``User-Password=`` inside a quoted radclient request,
``echo "User-Name=bob,User-Password=" | radclient HOST auth "$S"``, was reported as a RADIUS user's
password: the quoted-password pattern paired the shell's closing quote right after ``=`` with a
later quote on the line (the text between them, `` | radclient HOST auth ``, taken for the
password). Since 1.25.484 the closing quote must end the value (a comma, the line's end, a shell
quote, ``|``, ``;``... after it); a quoted password in a users file or on radclient's input is
still reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, object]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    "script",
    [
        'echo "User-Name=bob,User-Password=" | radclient radius.example auth "$RADIUS_SECRET"',
        'echo "User-Name=bob,User-Password=" | radclient -x radius.example:1812 auth "$(cat /run/secrets/radius)"',
        "echo 'User-Name=bob,User-Password=' | radclient radius.example auth \"$S\" && echo 'done'",
    ],
)
def test_an_empty_password_pairs_with_no_later_quote(script: str) -> None:
    """Was reported as a RADIUS user's password."""
    assert _messages(script_pod(script)) == []


@pytest.mark.parametrize(
    "obj",
    [
        script_pod(f"echo 'bob Cleartext-Password := \"{FAKE}\"' >> /etc/raddb/mods-config/files/authorize"),
        script_pod(f'echo "User-Name=bob,User-Password=\'{FAKE}\'" | radclient radius.example auth "$S"'),
        configmap({"authorize": f'bob\tCleartext-Password := "{FAKE}"\r\n\tReply-Message := "Hi"\r\n'}),
        configmap({"users": f'dave Cleartext-Password:="{FAKE}", Simultaneous-Use := 1\n'}),
        configmap({"users": f'erin User-Password == "{FAKE}"'}),
    ],
)
def test_a_quoted_password_is_still_reported(obj: dict[str, object]) -> None:
    (message,) = _messages(obj)
    assert "RADIUS user's password" in message or "radclient" in message
