"""disallow-plaintext-secrets: memcached's SASL password database (``memcached -S`` with
``MEMCACHED_SASL_PWDB`` pointing at it), ``user:password`` lines in plain text, was admitted under
its usual keys (``memcached-sasl-pwdb``, ``sasl-pwdb``, ``pwdb``); since 1.25.460 each line whose
password is a literal is reported, as an htpasswd file's. A reference, a hash, the SASL config
beside it (``mech_list: plain``, ``sasldb_path: ...``) and a text of another shape are none."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

from webhook.checks.secrets.password_files import password_file_reader, pwdb_lines

POLICY = "disallow-plaintext-secrets"
FOUND = 'ConfigMap "config" key "{key}" sets a password in plain text (line {line}). Fix: move it into a Secret and mount or reference that Secret instead.'
SASL_CONF = "mech_list: plain\nsasldb_path: /etc/sasl2/memcached-sasl-pwdb\n"


@pytest.mark.parametrize("key", ["memcached-sasl-pwdb", "sasl-pwdb", "pwdb", "sasl_pwdb", "memcached.pwdb", "Memcached-SASL-PWDB"])
def test_a_plain_password_line_is_reported(key: str) -> None:
    """Was admitted."""
    decision = decide(configmap({"memcached.conf": SASL_CONF, key: f"# cache users\nlab-cache:{FAKE}\n"}))
    assert FAKE not in everything_shown(decision)
    assert [f.message for f in decision.findings if f.policy == POLICY] == [FOUND.format(key=key, line=2)]


def test_each_user_is_a_line_of_its_own() -> None:
    assert configmap_messages("pwdb", f"a:{FAKE}\nb:$B_PASSWORD\nc:{FAKE}:x\n", FAKE) == [FOUND.format(key="pwdb", line=1), FOUND.format(key="pwdb", line=3)]


def test_a_script_writing_one_is_reported() -> None:
    decision = decide(script_pod(f"printf 'lab-cache:{FAKE}\\n' > /etc/sasl2/memcached-sasl-pwdb\nexec memcached -S"))
    assert [f.policy for f in decision.findings].count(POLICY) == 1
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("memcached.conf", SASL_CONF),
        ("pwdb", "lab-cache:${MEMCACHED_PASSWORD}\n"),
        ("sasl-pwdb", "lab-cache:$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG\n"),
        ("pwdb", "note: the users are in the memcached-auth Secret\n"),
        ("pwdb.sql", "CREATE TABLE pwdb (user text, hash text);\n"),
        ("pwdb", ""),
    ],
)
def test_no_plain_password_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize("key", ["pwdbx", "xpwdb", "pwdb2", "sasldb2"])
def test_other_names_are_no_pwdb(key: str) -> None:
    assert password_file_reader(key) is not pwdb_lines


def test_a_long_line_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    assert pwdb_lines("a" * 65536 + ":" + " " * 65536 + "\n") is None
    assert pwdb_lines("a" * 65536 + ":" + "b " * 32768 + "\n") == [1]
    assert pwdb_lines(":" * 65536) is None
    assert time.perf_counter() - started < 1
