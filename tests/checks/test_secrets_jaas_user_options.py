"""disallow-plaintext-secrets: a JAAS entry whose only password options are ``user_NAME="..."``
(ZooKeeper's DigestLoginModule in a ``jaas.conf``: the password of each digest user) holds
passwords in plain text, as one with ``password="..."`` does; a Kerberos entry (``keyTab=``,
``principal=``) or references in those options hold none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"
_DIGEST = "org.apache.zookeeper.server.auth.DigestLoginModule required"
_LABEL = "holds a JAAS login configuration with a password in plain text"


@pytest.mark.parametrize(
    "text",
    [
        f'Server {{\n  {_DIGEST}\n  user_super="{FAKE}"\n  user_kafka="{FAKE}";\n}};\n',
        f'Server {{ {_DIGEST} user_super="{FAKE}"; }};\n',
        f"Server {{\n  {_DIGEST}\n  user_super={FAKE};\n}};\n",
    ],
)
def test_digest_users_alone_are_a_finding(text: str) -> None:
    (message,) = configmap_messages("jaas.conf", text, FAKE)
    assert message.startswith(f'ConfigMap "config" key "jaas.conf" {_LABEL}'), message


def test_a_digest_user_in_an_env_value_is_a_finding() -> None:
    entry = f'Server {{ {_DIGEST} user_super="{FAKE}"; }};'
    decision = decide(pod([container(env=[{"name": "ZK_JAAS", "value": entry}])]))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and _LABEL in messages[0], messages
    assert FAKE not in everything_shown(decision)


def test_a_digest_user_added_on_update_is_new() -> None:
    one = f'Server {{\n  {_DIGEST}\n  user_super="{FAKE}";\n}};\n'
    two = one.replace(";\n}", f'\n  user_kafka="{FAKE}";\n}}')
    decision = decide(configmap({"jaas.conf": two}), operation="UPDATE", old=configmap({"jaas.conf": one}))
    assert [f.message for f in decision.findings if f.policy == POLICY], "a password option added inside the entry is new"
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        'Server {\n  com.sun.security.auth.module.Krb5LoginModule required\n  useKeyTab=true\n'
        '  keyTab="/etc/zk.keytab"\n  principal="zookeeper/zk-0@EXAMPLE.COM";\n};\n',
        f'Server {{\n  {_DIGEST}\n  user_super="${{ZK_SUPER_PASSWORD}}"\n  user_kafka="${{ZK_KAFKA_PASSWORD}}";\n}};\n',
        'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="kafka";\n};\n',
    ],
)
def test_kerberos_entries_and_references_are_no_finding(text: str) -> None:
    assert configmap_messages("jaas.conf", text, FAKE) == []
