"""disallow-plaintext-secrets on database servers' and proxies' own configuration, as platform teams
keep it in ConfigMaps, each file written as its project documents it (found by a sweep): ClickHouse
``users.xml`` / ``users.d``, Redis ``redis.conf`` / ``users.acl`` and Sentinel, Cassandra
``cassandra.yaml`` / ``cqlshrc``, CouchDB ``local.ini``, MongoDB ``mongod.conf`` and URIs,
Elasticsearch and Kibana, InfluxDB, ProxySQL, MaxScale, PgBouncer, Patroni, Vitess and CockroachDB.
A password in plain text is reported; a hash, an encrypted value, a reference or a file's path is
not. The values are obviously fake."""

from __future__ import annotations

import time

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


# --- MaxScale: maxpasswd writes hex of whole AES blocks, decrypted with the .secrets key ----------

_MAXSCALE = (
    "[server1]\ntype=server\naddress=mariadb-0\nport=3306\n\n"
    "[Read-Write-Service]\ntype=service\nrouter=readwritesplit\nservers=server1\nuser=maxscale\npassword={pw}\n\n"
    "[MariaDB-Monitor]\ntype=monitor\nmodule=mariadbmon\nservers=server1\nuser=monitor\npassword={pw}\n"
    "replication_user=repl\nreplication_password={pw}\n"
)
_MAXPASSWD = (
    "96F99AA1315BDC3604B006F427DD9484",  # MaxScale 2.4 and before
    "61DDEB54A3E50E5B8D1DBC57A0C0E4D4B5B89ADA0C33F9CB7A3AFD3E2F0D4E76",  # 2.5 on: the IV first
    "61ddeb54a3e50e5b8d1dbc57a0c0e4d4",
)


def test_maxscale_passwords_in_plain_text_are_reported() -> None:
    assert _messages("maxscale.cnf", _MAXSCALE.format(pw=FAKE)) == [
        'ConfigMap "config" key "maxscale.cnf" sets "password" in plain text (line 11).',
        'ConfigMap "config" key "maxscale.cnf" sets "password" in plain text (line 18).',
        'ConfigMap "config" key "maxscale.cnf" sets "replication_password" in plain text (line 20).',
    ]


@pytest.mark.parametrize("value", [*_MAXPASSWD, "${MAXSCALE_PASSWORD}"])
def test_maxscale_passwords_encrypted_by_maxpasswd_are_harmless(value: str) -> None:
    assert _messages("maxscale.cnf", _MAXSCALE.format(pw=value)) == []


@pytest.mark.parametrize(
    "value",
    [
        "96F99AA1315BDC3604B006F427DD948",  # 31 digits: no whole block
        "96F99AA1315BDC3604B006F427DD9484a",
        "96F99AA1315BDC3604b006f427dd9484",  # both cases: no maxpasswd output
    ],
)
def test_maxscale_hex_of_another_shape_is_reported(value: str) -> None:
    assert len(_messages("maxscale.cnf", _MAXSCALE.format(pw=value))) == 3


def test_hex_password_outside_a_maxscale_config_is_reported() -> None:
    text = "[db]\nuser=app\npassword=96F99AA1315BDC3604B006F427DD9484\n"
    assert _messages("app.ini", text) != []
    assert _messages("app.ini", "[server1]\ntype=server\n" + text) != []  # servers alone: no MaxScale service


def test_maxscale_marker_scan_stays_fast_on_a_long_line() -> None:
    text = "[s]\ntype=service\n" + "type=" + " " * 65536 + "\npassword=" + "0A" * 32768 + " \t" * 32768 + "!\n"
    started = time.perf_counter()
    assert _messages("maxscale.cnf", text + f"password={FAKE}\n") == [
        'ConfigMap "config" key "maxscale.cnf" sets "password" in plain text (line 4).',  # hex, then more: no ciphertext
        'ConfigMap "config" key "maxscale.cnf" sets "password" in plain text (line 5).',
    ]
    assert time.perf_counter() - started < 5


# --- ClickHouse: <zookeeper><identity>user:password</identity> (ZooKeeper's digest scheme) ----------

_ZOOKEEPER = (
    "<clickhouse>\n  <zookeeper>\n    <node>\n      <host>zookeeper-0</host>\n      <port>2181</port>\n    </node>\n"
    "    <identity>{identity}</identity>\n  </zookeeper>\n</clickhouse>\n"
)


@pytest.mark.parametrize("element", ["zookeeper", "auxiliary_zookeepers"])
def test_clickhouse_zookeeper_identity_password_is_reported(element: str) -> None:
    text = _ZOOKEEPER.format(identity=f"clickhouse:{FAKE}").replace("zookeeper>", f"{element}>")
    assert _messages("config.xml", text) == ['ConfigMap "config" key "config.xml" sets "zookeeper.identity" in plain text (line 7).']


@pytest.mark.parametrize("identity", ["clickhouse:${ZK_PASSWORD}", "clickhouse:", "clickhouse", ":"])
def test_clickhouse_zookeeper_identity_without_a_literal_password_is_harmless(identity: str) -> None:
    assert _messages("config.xml", _ZOOKEEPER.format(identity=identity)) == []


def test_identity_outside_zookeeper_is_not_read_as_one() -> None:
    text = f"<clickhouse>\n<zookeeper><node><host>zk</host></node></zookeeper>\n<app><identity>clinical:{FAKE}</identity></app>\n</clickhouse>\n"
    assert _messages("config.xml", text) == []
    assert _messages("config.xml", '<clickhouse><zookeeper><identity from_env="ZK_IDENTITY"/></zookeeper></clickhouse>') == []


def test_many_zookeeper_tags_stay_linear() -> None:
    text = "<zookeeper>" + "<identity>a</identity></zookeeper><zookeeper>" * 1500 + f"<identity>u:{FAKE}</identity></zookeeper>"
    started = time.perf_counter()
    assert _messages("config.xml", text) == ['ConfigMap "config" key "config.xml" sets "zookeeper.identity" in plain text (line 1).']
    assert time.perf_counter() - started < 5

