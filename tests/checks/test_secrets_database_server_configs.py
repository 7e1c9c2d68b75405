"""disallow-plaintext-secrets on database servers' and proxies' own configuration, as platform teams
keep it in ConfigMaps, each file written as its project documents it (found by a sweep): ClickHouse
``users.xml`` / ``users.d``, Redis ``redis.conf`` / ``users.acl`` and Sentinel, Cassandra
``cassandra.yaml`` / ``cqlshrc``, CouchDB ``local.ini``, MongoDB ``mongod.conf`` and URIs,
Elasticsearch and Kibana, InfluxDB, ProxySQL, MaxScale, PgBouncer, Patroni, Vitess and CockroachDB.
A password in plain text is reported; a hash, an encrypted value, a reference or a file's path is
not. The values are obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


def _messages(key: str, text: str) -> list[str]:
    """The policy's messages on a ConfigMap holding ``text`` under ``key`` (without their fix); FAKE is
    nowhere in what the decision shows."""
    decision = decide(configmap({key: text}))
    assert FAKE not in everything_shown(decision)
    return [f.message.split(" Fix:")[0] for f in decision.findings if f.policy == POLICY]


# --- CouchDB: [admins] holds user = password until CouchDB hashes it into the file ------------------

_COUCHDB = "[couchdb]\nsingle_node = true\n[chttpd]\nbind_address = 0.0.0.0\n[admins]\nadmin = {pw}\n"
_COUCHDB_HASHES = (
    "-pbkdf2-847043acc65626c8eb98da6d78682fbc4a3f5e3e,3e7b53f8a94c7a6f98cd6af0e6c2fd26,10",
    "-pbkdf2:sha256-ba9a3d8a0bb49f32c1ad8bb5fa1e4d92e7c84e3f5e3d0e1f5c6d8e9f0a1b2c3d,bd6b1d4f5a6e7c8d9e0f1a2b3c4d5e6f,600000",
    "-hashed-61ea1b79ee2e2a54b6bd1cd5bbb6a1c6a4b1e2f3,0a1b2c3d4e5f60718293a4b5c6d7e8f9",
)


@pytest.mark.parametrize("key", ["local.ini", "docker.ini", "10-admins.ini"])
def test_couchdb_admins_password_in_plain_text_is_reported(key: str) -> None:
    assert _messages(key, _COUCHDB.format(pw=FAKE)) == [f'ConfigMap "config" key "{key}" sets "admins.admin" in plain text (line 6).']


@pytest.mark.parametrize("value", [*_COUCHDB_HASHES, "${COUCHDB_PASSWORD}", ""])
def test_couchdb_admins_hash_reference_or_empty_is_harmless(value: str) -> None:
    assert _messages("local.ini", _COUCHDB.format(pw=value)) == []


def test_couchdb_hash_under_a_password_name_is_a_verifier() -> None:
    for value in _COUCHDB_HASHES:
        assert _messages("app.ini", f"[db]\npassword = {value}\n") == []
    assert _messages("app.ini", f"[db]\npassword = -pbkdf2-{FAKE},10\n") != []  # no hash's shape: a literal


def test_couchdb_admins_comment_and_other_sections_are_not_read_as_admins() -> None:
    assert _messages("local.ini", f"[admins]\n; admin = {FAKE}\n[couchdb]\nadmin = Radiology\n") == []
    assert _messages("values.yaml", "admins:\n  alice: Radiology\n  bob: true\n") == []  # a YAML mapping, no section
