"""disallow-plaintext-secrets on lftp's script and startup files (``*.lftp``, ``.lftprc``,
``lftp.conf``), whose ``open -u user,password`` and ``user NAME PASSWORD`` commands are read as
among ``lftp -c``'s, line by line; a user alone (lftp asks), a reference and other commands stay
harmless. And on Jetty realm files by other names than ``realm.properties``
(``*-realm.properties``, ``realm*.properties``, ``login.properties``), read as one only when every
line is ``user: password,role...``; ``OBF:`` is reported, ``MD5:`` and ``CRYPT:`` hashes are not.
The values are obviously fake."""

from __future__ import annotations

import time
from typing import Any

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _found(key: str, *lines: int) -> list[str]:
    return [f'ConfigMap "config" key "{key}" sets a password in plain text (line {line}).' for line in lines]


@pytest.mark.parametrize("key", ["mirror.lftp", "Nightly-Upload.LFTP", ".lftprc", "lftprc", "lftp.conf"])
@pytest.mark.parametrize(
    "command",
    [
        f"open -u deploy,{FAKE} sftp://files.example.com",
        f"open --user deploy,{FAKE} -p 2222 sftp://files.example.com",
        f"set net:timeout 10; open -u 'deploy,{FAKE}' sftp://files.example.com && mirror -R /data /in",
        f"user deploy {FAKE}",
    ],
)
def test_a_password_in_an_lftp_file_is_found_on_its_line(key: str, command: str) -> None:
    obj = configmap({key: f"# upload\nset ssl:verify-certificate yes\n{command}\nmirror -R /data /in\nquit\n"})
    assert _messages(obj) == _found(key, 3)
    assert FAKE not in everything_shown(decide(obj))


def test_each_line_with_a_password_is_listed() -> None:
    text = f"user deploy {FAKE}\nopen sftp://a.example.com\nmirror /in /a\nopen -u sync,{FAKE} sftp://b.example.com\n"
    obj = configmap({"sync.lftp": text})
    assert _messages(obj) == _found("sync.lftp", 1, 4)
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "text",
    [
        "open -u deploy sftp://files.example.com\nmirror -R /data /in\n",  # lftp asks
        "open -u deploy, sftp://files.example.com\n",
        "open -u deploy,$FTP_PASSWORD sftp://files.example.com\n",
        "user deploy\nopen sftp://files.example.com\n",
        f"# open -u deploy,{FAKE} sftp://files.example.com\nset net:max-retries 3\n",
        "set sftp:connect-program 'ssh -a -x -i /run/secrets/key'\nopen -u deploy sftp://h\n",
    ],
)
def test_an_lftp_file_without_a_password_stays_harmless(text: str) -> None:
    obj = configmap({"mirror.lftp": text})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


def test_other_keys_are_not_read_as_lftp_files() -> None:
    obj = configmap({"notes.txt": f"user deploy {FAKE}\n", "lftp.md": f"user deploy {FAKE}\n"})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


_REALM = f"# Jetty users\nadmin: {FAKE},admin,user\nreader: MD5:164c88b302622e17050af52c89945d44,user\nops: OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v,user\n"


@pytest.mark.parametrize("key", ["jetty-realm.properties", "Trial-Realm.properties", "realm-users.properties", "realm.prod.properties", "login.properties"])
def test_a_jetty_realm_file_by_another_name_is_read_as_one(key: str) -> None:
    obj = configmap({key: _REALM})
    assert _messages(obj) == _found(key, 2, 4)
    assert FAKE not in everything_shown(decide(obj))


def test_a_realm_named_file_may_use_an_equals_sign_and_login_properties_may_not() -> None:
    text = f"admin={FAKE},admin\nguest=CRYPT:abcdefghijklm,user\n"
    assert _messages(configmap({"jetty-realm.properties": text})) == _found("jetty-realm.properties", 1)
    obj = configmap({"login.properties": text})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("login.properties", f"login.page=/signin\nlogin.user: {FAKE},x\n"),  # a line without a role
        ("login.properties", f"admin: {FAKE}\n"),  # no role: not clearly a realm
        ("realm-config.properties", f"realm.name=trials\nrealm.url=https://sso.example.com,https://b.example.com\nx={FAKE}\n"),
        ("realm-config.properties", f"allowed.origins=https://a.example.com,https://b.example.com\nrealm.owner={FAKE},admin\n"),
        ("jetty-realm.properties", "reader: MD5:164c88b302622e17050af52c89945d44,user\nops: CRYPT:abcdefghijklm,admin\n"),
        ("jetty-realm.properties", "# no users yet\n"),
        ("realm.yaml", f"admin: {FAKE},admin\n"),  # not a .properties file
    ],
)
def test_other_properties_and_hashes_stay_harmless(key: str, text: str) -> None:
    obj = configmap({key: text})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


def test_login_properties_of_settings_is_read_as_properties() -> None:
    obj = configmap({"login.properties": f"login.url=https://sso.example.com\nlogin.password={FAKE}\n"})
    assert _messages(obj) == ['ConfigMap "config" key "login.properties" sets "login.password" in plain text (line 2).']
    assert FAKE not in everything_shown(decide(obj))


def test_a_long_realm_line_is_judged_in_linear_time() -> None:
    start = time.perf_counter()
    _messages(configmap({"login.properties": "a: b" + ", x" * 20000 + " " * 4000 + "y\n" + "a:" + "\\:" * 20000 + "\n"}))
    assert time.perf_counter() - start < 2.0
