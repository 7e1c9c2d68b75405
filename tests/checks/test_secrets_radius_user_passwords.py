"""disallow-plaintext-secrets: FreeRADIUS's users file (``mods-config/files/authorize``, ``users``)
gives each user a password in plain text, ``bob Cleartext-Password := "..."``; up to 1.25.398 a
ConfigMap holding one was admitted (the line has no setting the readers know, and the key's name
none of a secret). Now a quoted literal after ``Cleartext-Password`` or ``User-Password`` (any of
FreeRADIUS's operators) is reported as a RADIUS user's password; a reference to another attribute,
an expansion (``"%{...}"``), a hashed ``Crypt-Password`` or ``NT-Password`` and the empty test
``&User-Password == ""`` are not."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
FOUND = 'ConfigMap "config" key "{key}" holds a RADIUS user\'s password in plain text{where}. Fix: move it into a Secret and mount or reference that Secret instead.'


@pytest.mark.parametrize(
    ("key", "text", "where"),
    [
        ("authorize", f'bob\tCleartext-Password := "{FAKE}"\n\tReply-Message := "Hello, %{{User-Name}}"\n', " (line 1)"),  # an entry of several lines: its line
        ("users", f"DEFAULT\tAuth-Type := Reject\nalice Cleartext-Password := '{FAKE}'\n", " (line 2)"),
        ("users", f'carol User-Password == "{FAKE}"\n', ""),
        ("radius-users.conf", f'dave    Cleartext-Password:="{FAKE}", Simultaneous-Use := 1\n', ""),
    ],
)
def test_a_users_file_password_is_reported(key: str, text: str, where: str) -> None:
    """Was admitted."""
    assert configmap_messages(key, text, FAKE) == [FOUND.format(key=key, where=where)]


def test_two_users_are_two_findings_by_line() -> None:
    text = f'alice Cleartext-Password := "{FAKE}"\nbob Cleartext-Password := "{FAKE}-2"\n'
    decision = decide(configmap({"authorize": text}))
    assert [f.message for f in decision.findings if f.policy == POLICY] == [
        'ConfigMap "config" key "authorize" holds a RADIUS user\'s password in plain text (line 1). Fix: move it into a Secret and mount or reference that Secret instead.',
        'ConfigMap "config" key "authorize" holds a RADIUS user\'s password in plain text (line 2). Fix: move it into a Secret and mount or reference that Secret instead.',
    ]
    assert FAKE not in everything_shown(decision)


def test_a_script_writing_one_is_reported() -> None:
    decision = decide(script_pod(f"echo 'bob Cleartext-Password := \"{FAKE}\"' >> /etc/raddb/mods-config/files/authorize"))
    assert [f.policy for f in decision.findings].count(POLICY) == 1
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        "bob Crypt-Password := \"$1$abcdefgh$abcdefghijklmnopqrstuv\"\n",
        "bob NT-Password := 0x8846F7EAEE8FB117AD06BDD830B7586C\n",
        "authorize {\n  update control {\n    &Cleartext-Password := &request:User-Password\n  }\n  if (&User-Password == \"\") {\n    reject\n  }\n}\n",
        "DEFAULT Auth-Type := Accept\n    Reply-Message := \"Hello, %{User-Name}\"\n",
        'bob Cleartext-Password := "%{env:BOB_PASSWORD}"\n',
        '#bob\tCleartext-Password := "hello"\n#\tReply-Message := "Hello, %{User-Name}"\nDEFAULT\tHint == "SLIP"\n\tFramed-Protocol = SLIP\n',
        '  # steve Cleartext-Password := "testing"\n',
        'DEFAULT Framed-Protocol == PPP # bob Cleartext-Password := "hello"\n',
    ],
)
def test_no_plain_password_is_not_reported(text: str) -> None:
    assert configmap_messages("authorize", text, FAKE) == []


def test_an_unclosed_quote_is_read_in_linear_time() -> None:
    text = 'Cleartext-Password := "' + "a" * 65536 + "\n" + "User-Password = " * 4000
    started = time.perf_counter()
    messages = configmap_messages("authorize", text, FAKE)
    assert time.perf_counter() - started < 2
    assert not any("RADIUS" in message for message in messages)


def test_a_long_line_before_the_attribute_is_read_in_linear_time() -> None:
    text = ("x" * 65536 + "-Password\n") * 4 + "a" * 65536 + ' Cleartext-Password := "' + FAKE + '"\n'
    started = time.perf_counter()
    messages = configmap_messages("authorize", text, FAKE)
    assert time.perf_counter() - started < 2
    assert any("RADIUS" in message for message in messages)
