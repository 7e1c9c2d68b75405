"""Vitess's static auth given as an option's value, vtgate --mysql_auth_server_static_string='{...}':
its JSON (users and their passwords) judged as the same JSON in a ConfigMap file is, in args and in
scripts; the file's path, a reference, an empty password and a MySQL native hash are harmless."""

from __future__ import annotations

import json

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, key_and_sh_c_messages, pod

_POLICY = "disallow-plaintext-secrets"
_USERS = json.dumps({"app": [{"UserData": "app", "Password": FAKE}], "ro": [{"UserData": "ro", "Password": ""}]})
_HASHED = json.dumps({"app": [{"UserData": "app", "MysqlNativePassword": "*9E128DA0C64A6FCCCDCFBDD0FC0A2C967C6DB36F"}]})
_EMPTY = json.dumps({"app": [{"UserData": "app", "Password": ""}]})
_REFERENCE = json.dumps({"app": [{"UserData": "app", "Password": "${VTGATE_APP_PASSWORD}"}]})


@pytest.mark.parametrize(
    ("program", "args"),
    [
        ("vtgate", ["--mysql_auth_server_impl=static", f"--mysql_auth_server_static_string={_USERS}"]),
        ("/vt/bin/vtgate", ["--mysql_auth_server_impl", "static", "--mysql_auth_server_static_string", _USERS]),
        ("vtgate", [f"-mysql_auth_server_static_string={_USERS}"]),
        ("vtcombo", [f"--mysql-auth-server-static-string={_USERS}"]),
    ],
)
def test_a_password_in_the_option_s_json_is_reported_in_args(program: str, args: list[str]) -> None:
    decision = decide(pod([container(command=[program], args=args)]))
    assert FAKE not in everything_shown(decision)
    (finding,) = [f for f in decision.findings if f.policy == _POLICY]
    assert f'passes "app[0].Password" to "{program.rpartition("/")[2]}" in its JSON' in finding.message


def test_the_same_json_in_a_file_is_reported_as_before() -> None:
    (message,) = configmap_messages("users.json", _USERS, FAKE)
    assert '"app[0].Password"' in message


@pytest.mark.parametrize(
    "line",
    [
        f"exec vtgate --port 15001 --mysql_auth_server_impl static --mysql_auth_server_static_string '{_USERS}'",
        f"vtgate --mysql_auth_server_static_string=\"{_USERS.replace(chr(34), chr(92) + chr(34))}\" --port 15001 &",
    ],
)
def test_a_password_in_the_option_s_json_is_reported_in_a_script(line: str) -> None:
    for messages in key_and_sh_c_messages(f"set -e\n{line}\n"):
        assert len(messages) == 1 and '"app[0].Password"' in messages[0], messages


@pytest.mark.parametrize("users", [_HASHED, _EMPTY, _REFERENCE, "/vt/config/users.json"])
def test_hashes_empty_passwords_references_and_paths_are_harmless(users: str) -> None:
    decision = decide(pod([container(command=["vtgate"], args=[f"--mysql_auth_server_static_string={users}"])]))
    assert [f for f in decision.findings if f.policy == _POLICY] == []
    assert key_and_sh_c_messages(f"exec vtgate --mysql_auth_server_static_string '{users}'\n") == [[], []]


def test_the_static_file_option_is_harmless() -> None:
    script = "exec vtgate --mysql_auth_server_impl static --mysql_auth_server_static_file /vt/config/users.json\n"
    assert key_and_sh_c_messages(script) == [[], []]
