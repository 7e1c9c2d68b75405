"""disallow-plaintext-secrets: a ``%{...}`` expansion whose braces balance is a reference, whatever
blanks and nested expansions it holds (FreeRADIUS's ``"%{sql:SELECT ... WHERE UserName =
'%{User-Name}'}"``), read by a config file's lines and as a one-line connection string alike; one left
open, or text beside it, is judged as written. Linear in thousands of ``%{`` left open. No message
shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.values import expansion_end, not_plain_text

SQL = "%{sql:SELECT Value FROM radcheck WHERE UserName = '%{User-Name}'}"


@pytest.mark.parametrize(
    "text",
    [
        f'ldap {{\n  server = "ldap"\n  password = "{SQL}"\n}}\n',
        f'password = "{SQL}"\n',  # one line: read as a connection string too
        f"password = {SQL}\n",
        f'server = "db"\npassword = "{SQL}"\n',
        'x = 1\npassword = "%{exec:/usr/local/bin/read-secret rest}"\n',
        'x = 1\npassword = "%{sql:SELECT a FROM b WHERE c = \'%{%{Stripped-User-Name}:-%{User-Name}}\'}"\n',
    ],
)
def test_a_balanced_expansion_with_blanks_is_harmless(text: str) -> None:
    assert configmap_messages("radiusd.conf", text, "SELECT") == []


@pytest.mark.parametrize(
    "value",
    [
        f"%{{Client-Shortname}} {FAKE} %{{User-Name}}",  # a literal between two expansions
        f"%{{sql:SELECT pw FROM t}}{FAKE}",  # text after it
        f"%{{sql:SELECT {FAKE} FROM t",  # left open
        f"%{{ {FAKE} }} }}",  # closed before the end
    ],
)
def test_text_beside_an_expansion_or_one_left_open_is_reported(value: str) -> None:
    (said,) = configmap_messages("radiusd.conf", f'x = 1\npassword = "{value}"\n', FAKE)
    assert 'sets "password" in plain text (line 2)' in said, said


def test_expansion_end_reads_balanced_braces_on_one_line() -> None:
    assert expansion_end(SQL, 0, len(SQL)) == len(SQL)
    assert expansion_end(SQL + " x", 0, len(SQL) + 2) == len(SQL)
    assert expansion_end("%{a\n}", 0, 5) == -1
    assert expansion_end("%{ }", 0, 4) == -1
    assert expansion_end("%{a", 0, 3) == -1
    assert not_plain_text(SQL)
    assert not not_plain_text("%{a} x %{b}")
    assert not not_plain_text("%{" * 4 + "}" * 3)


@pytest.mark.parametrize(
    "text",
    [
        'x = 1\npassword = "' + "%{" * 32768 + '"\n',
        'x = 1\npassword = "%{' + "{" * 32768 + "}" * 32767 + '"\n',
        "password = " + "%{a b" * 13107 + "\n",
        "host=db " + 'password="%{a b ' * 4096 + "\n",
    ],
)
def test_open_expansions_stay_linear(text: str) -> None:
    started = time.perf_counter()
    configmap_messages("radiusd.conf", text, FAKE)
    assert time.perf_counter() - started < 4
    started = time.perf_counter()
    assert not not_plain_text(text.strip())
    assert time.perf_counter() - started < 1
