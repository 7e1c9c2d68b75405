"""Space-separated broker directives that set a password: Mosquitto's bridge ``remote_password``,
its auth plugins' backend passwords (``auth_opt_pg_password``, ``auth_opt_pass``) and Redis
Sentinel's ``sentinel sentinel-pass``. A reference, a query naming a password column, a commented
line or an option that only starts like one is none; the value is never shown."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

from webhook.checks.secrets.directives import DIRECTIVES


@pytest.mark.parametrize(
    ("key", "line", "label"),
    [
        ("mosquitto.conf", f"remote_password {FAKE}", "remote_password"),
        ("mosquitto.conf", f"  auth_opt_pg_password {FAKE}", "auth_opt_*_password"),
        ("mosquitto.conf", f"auth_opt_mysql_pass {FAKE}", "auth_opt_*_password"),
        ("mosquitto.conf", f"auth_opt_pass {FAKE}", "auth_opt_*_password"),
        ("sentinel.conf", f"sentinel sentinel-pass {FAKE}", "sentinel sentinel-pass"),
    ],
)
def test_a_literal_is_reported(key: str, line: str, label: str) -> None:
    (message,) = configmap_messages(key, f"listener 1883\n{line}\n", FAKE)
    assert f'sets "{label}" in plain text (line 2)' in message


@pytest.mark.parametrize(
    "line",
    [
        "remote_password $BRIDGE_PASSWORD",
        "remote_password ${BRIDGE_PASSWORD}",
        "auth_opt_pg_password ${PG_PASSWORD}",
        "auth_opt_pg_userquery SELECT password_hash FROM account WHERE username = $1 limit 1",
        "auth_opt_pg_password_query SELECT 1",
        "auth_opt_pass_file /run/secrets/pg",
        f"#remote_password {FAKE}",
        f"# auth_opt_redis_password {FAKE}",
        "remote_password",
        "sentinel sentinel-pass ${SENTINEL_PASSWORD}",
        "sentinel sentinel-user sentinel-admin",
    ],
)
def test_a_reference_or_another_option_is_none(line: str) -> None:
    assert configmap_messages("mosquitto.conf", f"listener 1883\n{line}\n", FAKE) == []


def test_an_option_glued_to_another_is_none() -> None:
    assert DIRECTIVES.match(f"xremote_password {FAKE}") is None
    assert DIRECTIVES.match(f"auth_opt_password_query {FAKE}") is None


def test_a_long_option_name_is_read_in_linear_time() -> None:
    line = "auth_opt_" + "a_" * 32_000 + "x " + FAKE
    start = time.perf_counter()
    assert DIRECTIVES.match(line) is None
    assert time.perf_counter() - start < 1.0


def test_a_script_writing_the_line_into_a_file_is_reported() -> None:
    script = f'echo "remote_password {FAKE}" >> /mosquitto/config/bridge.conf\n'
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert 'writes a secret into "bridge.conf"' in message
