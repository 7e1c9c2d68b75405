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
