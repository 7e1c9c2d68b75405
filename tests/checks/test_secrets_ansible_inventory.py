"""disallow-plaintext-secrets: an Ansible INI inventory's host line, ``HOST name=value ...``, sets
each of its host variables; a password among them (``ansible_password``, ``ansible_become_pass``...)
is a secret in plain text. Passwords here are fake; no finding shows one."""

from __future__ import annotations

import pytest
from check_helpers import configmap_messages

POLICY = "disallow-plaintext-secrets"
PASSWORD = "Zq7fake-pw9Xy2"


def _messages(key: str, text: str) -> list[str]:
    return configmap_messages(key, text, PASSWORD, POLICY)


@pytest.mark.parametrize("variable", ["ansible_password", "ansible_become_password", "ansible_ssh_pass", "ansible_become_pass"])
@pytest.mark.parametrize(
    "line",
    [
        "db1 ansible_host=10.0.0.5 ansible_user=bob {}={}",
        "db1 {}={} ansible_host=10.0.0.5",
        "db1 ansible_host=10.0.0.5 {}='{}' ansible_port=22",
        'web[01:03].example.com ansible_user=deploy {}="{}"',
        "10.0.0.5:2222 ansible_user=bob {}={}  # the lab's",
    ],
)
def test_a_password_among_a_host_lines_variables_is_reported_by_its_name(variable: str, line: str) -> None:
    text = "[db]\n" + line.format(variable, PASSWORD) + "\n"
    for key in ("hosts.ini", "inventory"):
        messages = _messages(key, text)
        assert len(messages) == 1, (key, messages)
        assert f'sets "{variable}" in plain text (line 2)' in messages[0]


@pytest.mark.parametrize(
    "line",
    [
        'db1 ansible_host=10.0.0.5 ansible_password="{{ vault_db_password }}"',
        "db1 ansible_host=10.0.0.5 ansible_password={{ vault_db_password }}",
        "db1 ansible_host=10.0.0.5 ansible_user=bob ansible_port=22",
        "db1 ansible_host=10.0.0.5 ansible_ssh_private_key_file=/run/secrets/id_ed25519",
        "db1 ansible_host=10.0.0.5 ansible_password=",
        "db1 ansible_host=10.0.0.5 ansible_password_file=/run/secrets/db",
        "server1 weight=5 max_fails=3 fail_timeout=30s",
    ],
)
def test_a_host_line_without_a_literal_password_passes(line: str) -> None:
    assert _messages("hosts.ini", "[db]\n" + line + "\n") == []


def test_a_group_vars_section_is_read_as_before() -> None:
    messages = _messages("hosts.ini", f"[all:vars]\nansible_user=bob\nansible_password={PASSWORD}\n")
    assert len(messages) == 1 and 'sets "ansible_password" in plain text (line 3)' in messages[0]


@pytest.mark.parametrize("key", ["hosts", "inventory", "hosts.ini", "prod.ini", "HOSTS"])
@pytest.mark.parametrize(
    ("line", "variable"),
    [
        ("db1 db_host=10.0.0.5 db_password={}", "db_password"),
        ("db1 db_port=5432 db_password='{}' db_user=app", "db_password"),
        ("db1.example.com:2222 redis_password={}  # the cache's", "redis_password"),
        ("10.0.0.5 pg_pass={}", "pg_pass"),
        ("web[01:03] http_port=80 api_token=\"{}\"", "api_token"),
    ],
)
def test_a_host_line_of_an_inventory_without_ansible_variables_is_read(key: str, line: str, variable: str) -> None:
    text = "[all:vars]\nntp_server=ntp.example.org\n\n[db]\n" + line.format(PASSWORD) + "\n"
    messages = _messages(key, text)
    assert len(messages) == 1, messages
    assert f'key "{key}" sets "{variable}" in plain text (line 5)' in messages[0]


@pytest.mark.parametrize(
    "line",
    [
        "db1 db_host=10.0.0.5 db_password={{ vault_db_password }}",
        'db1 db_host=10.0.0.5 db_password="{{ vault_db_password }}"',
        "db1 db_host=10.0.0.5 db_password_file=/run/secrets/db",
        "db1 db_host=10.0.0.5 db_password=",
        "db1 db_host=10.0.0.5 db_user=app db_port=5432",
        "db1 db_host=10.0.0.5 db_password=${DB_PASSWORD}",
    ],
)
def test_an_inventorys_host_line_without_a_literal_password_passes(line: str) -> None:
    assert _messages("hosts", "[db]\n" + line + "\n") == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("hosts", f"10.0.0.5 db1 db_password={PASSWORD}\n"),  # no group's header: no inventory known
        ("upstream.conf", f"[db]\ndb1 db_host=10.0.0.5 db_password={PASSWORD}\n"),  # not named as one
        ("hosts.txt", f"[db]\ndb1 db_host=10.0.0.5 db_password={PASSWORD}\n"),
        ("settings.ini", f"db1 db_host=10.0.0.5 db_password={PASSWORD}\n"),
    ],
)
def test_a_host_shaped_line_outside_an_inventory_is_not_read_as_a_hosts(key: str, text: str) -> None:
    assert _messages(key, text) == []


def test_a_host_line_reported_as_before_is_reported_once() -> None:
    text = f"[db]\ndb1 ansible_host=10.0.0.5 db_password={PASSWORD}\ndb2 db_password={PASSWORD}\n"
    messages = _messages("hosts", text)
    assert len(messages) == 2, messages
    assert 'sets "db_password" in plain text (line 2)' in messages[0] and "(line 3)" in messages[1]
