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


# --- The sweep's files as each project documents them: what is caught, what is harmless ------------

_CAUGHT = [
    pytest.param('users.xml', '<clickhouse>\n  <users>\n    <default>\n      <password>{FAKE}</password>\n      <networks><ip>::/0</ip></networks>\n      <profile>default</profile>\n      <quota>default</quota>\n    </default>\n  </users>\n</clickhouse>\n', id='ch users.xml plain'),
    pytest.param('config.xml', '<clickhouse>\n  <interserver_http_credentials>\n    <user>interserver</user>\n    <password>{FAKE}</password>\n  </interserver_http_credentials>\n  <remote_servers><cluster><shard><replica><host>ch-0</host><port>9000</port><user>default</user><password>{FAKE}</password></replica></shard></cluster></remote_servers>\n</clickhouse>', id='ch interserver'),
    pytest.param('config.d/remote.xml', '<clickhouse><remote_servers><cluster><secret>{FAKE}</secret><shard><replica><host>ch-0</host></replica></shard></cluster></remote_servers></clickhouse>', id='ch remote secret'),
    pytest.param('config.d/s3.xml', '<clickhouse><storage_configuration><disks><s3><type>s3</type><endpoint>https://s3.amazonaws.com/b/</endpoint><access_key_id from_env="S3_ACCESS_KEY_ID"/><secret_access_key>{FAKE}</secret_access_key></s3></disks></storage_configuration></clickhouse>', id='ch s3 keys'),
    pytest.param('users.yaml', 'users:\n  default:\n    password: "{FAKE}"\n    networks:\n      ip: "::/0"\n', id='ch users.yaml'),
    pytest.param('redis.conf', 'bind 0.0.0.0\nport 6379\nrequirepass {FAKE}\nmasterauth {FAKE}\nmaxmemory 256mb\n', id='redis requirepass'),
    pytest.param('redis.conf', 'port 6379\nmasteruser replica\nmasterauth {FAKE}\n', id='redis masterauth only'),
    pytest.param('redis.conf', 'port 6379\nuser default on >{FAKE} ~* +@all\n', id='redis user inline'),
    pytest.param('users.acl', 'user default off\nuser app on >{FAKE} ~app:* +@read +@write\n', id='redis users.acl plain'),
    pytest.param('sentinel.conf', 'port 26379\nsentinel monitor mymaster redis-0.redis 6379 2\nsentinel auth-pass mymaster {FAKE}\nsentinel auth-user mymaster sentinel\nsentinel down-after-milliseconds mymaster 5000\nrequirepass {FAKE}\nsentinel sentinel-pass {FAKE}\n', id='sentinel'),
    pytest.param('sentinel.conf', 'port 26379\nsentinel monitor mymaster redis-0.redis 6379 2\nsentinel auth-pass mymaster {FAKE}\n', id='sentinel only auth-pass'),
    pytest.param('sentinel.conf', 'port 26379\nsentinel sentinel-pass {FAKE}\n', id='sentinel only sentinel-pass'),
    pytest.param('redis.conf', 'tls-key-file /tls/redis.key\ntls-key-file-pass {FAKE}\n', id='redis key-file-pass'),
    pytest.param('cassandra.yaml', "cluster_name: 'Test Cluster'\nclient_encryption_options:\n  enabled: true\n  keystore: /etc/cassandra/conf/.keystore\n  keystore_password: {FAKE}\n", id='cassandra.yaml fake'),
    pytest.param('cqlshrc', '[authentication]\nusername = cassandra\npassword = {FAKE}\n\n[connection]\nhostname = cassandra-0\nport = 9042\n', id='cqlshrc'),
    pytest.param('credentials', '[PlainTextAuthProvider]\nusername = cassandra\npassword = {FAKE}\n', id='cassandra credentials'),
    pytest.param('mongod.conf', 'net:\n  tls:\n    mode: requireTLS\n    certificateKeyFile: /etc/ssl/mongo.pem\n    certificateKeyFilePassword: {FAKE}\n', id='mongod.conf kmip'),
    pytest.param('mongod.conf', 'security:\n  ldap:\n    servers: ldap.example.org\n    bind:\n      method: simple\n      queryUser: "cn=mongo,ou=svc,dc=example,dc=org"\n      queryPassword: "{FAKE}"\n', id='mongod ldap'),
    pytest.param('app.properties', 'spring.data.mongodb.uri=mongodb://app:{FAKE}@mongo-0.mongo:27017/trials?authSource=admin&replicaSet=rs0\n', id='mongo uri'),
    pytest.param('init.sh', '#!/bin/sh\nmongosh "mongodb+srv://app:{FAKE}@cluster0.example.net/trials" --eval \'db.stats()\'\n', id='mongo srv uri'),
    pytest.param('init.sh', "#!/bin/sh\nmongosh --host mongo-0 -u admin -p {FAKE} --authenticationDatabase admin --eval 'rs.status()'\n", id='mongosh -p'),
    pytest.param('init-mongo.js', "db = db.getSiblingDB('trials');\ndb.createUser({ user: 'app', pwd: '{FAKE}', roles: [{ role: 'readWrite', db: 'trials' }] });\n", id='mongo init js'),
    pytest.param('elasticsearch.yml', 'xpack.security.transport.ssl.keystore.secure_password: {FAKE}\n', id='es yml secure plain'),
    pytest.param('elasticsearch.yml', 'bootstrap.password: {FAKE}\n', id='es bootstrap'),
    pytest.param('elasticsearch.yml', 'xpack.security.http.ssl.keystore.password: {FAKE}\n', id='es keystore password legacy'),
    pytest.param('kibana.yml', 'server.host: "0.0.0.0"\nelasticsearch.hosts: ["https://es:9200"]\nelasticsearch.username: "kibana_system"\nelasticsearch.password: "{FAKE}"\n', id='kibana'),
    pytest.param('kibana.yml', 'xpack.encryptedSavedObjects.encryptionKey: "a7c3f9e1b2d4c6e8f0a1b3c5d7e9f1a2"\n', id='kibana enc key'),
    pytest.param('kibana.yml', 'xpack.reporting.encryptionKey: "a7c3f9e1b2d4c6e8f0a1b3c5d7e9f1a2b4"\nxpack.security.encryptionKey: "b7c3f9e1b2d4c6e8f0a1b3c5d7e9f1a2b4"\n', id='kibana reporting key'),
    pytest.param('kibana.yml', 'elasticsearch.serviceAccountToken: "AAEAAWVsYXN0aWMva2liYW5hL2tpYmFuYS10b2tlbjpGQUtFLW5vdC1hLXJlYWwtdG9rZW4"\n', id='kibana token'),
    pytest.param('kibana.yml', 'server.ssl.enabled: true\nserver.ssl.keystore.path: /usr/share/kibana/config/kibana.p12\nserver.ssl.keystore.password: "{FAKE}"\n', id='kibana ssl'),
    pytest.param('influxdb.conf', '[http]\n  enabled = true\n  auth-enabled = true\n  shared-secret = "{FAKE}"\n[meta]\n  dir = "/var/lib/influxdb/meta"\n', id='influxdb.conf'),
    pytest.param('configs', '[default]\n  url = "http://influxdb:8086"\n  token = "{FAKE}"\n  org = "trials"\n  active = true\n', id='influx cli configs'),
    pytest.param('telegraf.conf', '[[outputs.influxdb_v2]]\n  urls = ["http://influxdb:8086"]\n  token = "$INFLUX_TOKEN"\n  organization = "trials"\n  bucket = "metrics"\n[[outputs.influxdb]]\n  urls = ["http://influxdb:8086"]\n  username = "telegraf"\n  password = "{FAKE}"\n', id='telegraf'),
    pytest.param('proxysql.cnf', 'datadir="/var/lib/proxysql"\nadmin_variables=\n{\n    admin_credentials="admin:{FAKE}"\n    mysql_ifaces="0.0.0.0:6032"\n}\nmysql_variables=\n{\n    threads=4\n    monitor_username="monitor"\n    monitor_password="{FAKE}"\n}\n', id='proxysql admin'),
    pytest.param('proxysql.cnf', 'admin_variables=\n{\n    admin_credentials="admin:{FAKE};radmin:{FAKE}"\n    mysql_ifaces="0.0.0.0:6032"\n}\n', id='proxysql admin only'),
    pytest.param('proxysql.cnf', 'mysql_users:\n(\n    {\n        username = "app"\n        password = "{FAKE}"\n        default_hostgroup = 0\n        active = 1\n    }\n)\n', id='proxysql users'),
    pytest.param('proxysql.cnf', 'mysql_variables=\n{\n    monitor_username="monitor"\n    monitor_password="{FAKE}"\n}\n', id='proxysql monitor only'),
    pytest.param('userlist.txt', '"app" "{FAKE}"\n', id='userlist plain'),
    pytest.param('userlist.txt', '"pgbouncer" "md5b3a5a4f3d9c4c5e8f0a1b2c3d4e5f6a7"\n"app" "{FAKE}"\n', id='userlist mixed'),
    pytest.param('pgbouncer.ini', '[databases]\ntrials = host=postgres port=5432 dbname=trials user=app password={FAKE}\n[pgbouncer]\nlisten_addr = 0.0.0.0\nauth_type = scram-sha-256\nauth_file = /etc/pgbouncer/userlist.txt\nauth_user = pgbouncer\nauth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1\n', id='pgbouncer.ini'),
    pytest.param('patroni.yml', 'scope: trials\nname: pg-0\nrestapi:\n  listen: 0.0.0.0:8008\n  connect_address: pg-0:8008\n  authentication:\n    username: patroni\n    password: {FAKE}\npostgresql:\n  listen: 0.0.0.0:5432\n  data_dir: /var/lib/postgresql/data\n  authentication:\n    superuser:\n      username: postgres\n      password: {FAKE}\n    replication:\n      username: replicator\n      password: {FAKE}\n    rewind:\n      username: rewind_user\n      password: {FAKE}\n', id='patroni'),
    pytest.param('patroni.yml', 'etcd3:\n  hosts: etcd-0:2379\n  username: patroni\n  password: {FAKE}\n  cacert: /etc/etcd/ca.crt\n', id='patroni etcd'),
    pytest.param('static_auth.json', '{\n  "app": [\n    {\n      "Password": "{FAKE}",\n      "UserData": "app"\n    }\n  ],\n  "ro": [{"MysqlNativePassword": "*9E128DA0C64A6FCCCDCFBDD0FC0A2C967C6DB36F", "UserData": "ro"}]\n}\n', id='vitess static auth'),
    pytest.param('vttablet.sh', '#!/bin/sh\nexec vttablet --db_app_user vt_app --db_app_password {FAKE} --init_keyspace commerce\n', id='vitess vttablet'),
    pytest.param('init.sh', '#!/bin/sh\ncockroach sql --certs-dir=/cockroach/certs --host=cockroachdb-public -e "CREATE USER app WITH PASSWORD \'{FAKE}\';"\n', id='cockroach init'),
    pytest.param('app.env', 'DATABASE_URL=postgresql://app:{FAKE}@cockroachdb-public:26257/trials?sslmode=verify-full\n', id='cockroach url'),
    pytest.param('config.d/kafka.xml', '<clickhouse><kafka><security_protocol>SASL_SSL</security_protocol><sasl_mechanism>PLAIN</sasl_mechanism><sasl_username>ch</sasl_username><sasl_password>{FAKE}</sasl_password></kafka></clickhouse>', id='ch kafka'),
    pytest.param('config.d/zk.xml', '<clickhouse><zookeeper><node><host>zk-0</host><port>2181</port></node><identity>user:{FAKE}</identity></zookeeper></clickhouse>', id='ch zookeeper identity'),
    pytest.param('redis.conf', 'requirepass "{FAKE}"\n', id='redis quoted'),
    pytest.param('users.acl', 'user alice on >{FAKE} >{FAKE}-2 ~cache:* +get\n', id='redis multi pw'),
    pytest.param('elasticsearch.yml', 'xpack.security.authc.realms.ldap.ldap1.order: 0\nxpack.security.authc.realms.ldap.ldap1.url: "ldaps://ldap.example.org:636"\nxpack.security.authc.realms.ldap.ldap1.bind_dn: "cn=es,ou=svc,dc=example,dc=org"\nxpack.security.authc.realms.ldap.ldap1.bind_password: "{FAKE}"\n', id='es ldap bind'),
    pytest.param('kibana.yml', 'server.ssl.key: /usr/share/kibana/config/certs/kibana.key\nserver.ssl.keyPassphrase: "{FAKE}"\n', id='kibana passphrase'),
    pytest.param('config.yml', 'tls-cert: /etc/ssl/influxdb.crt\ntls-key: /etc/ssl/influxdb.key\nvault-addr: https://vault:8200\nvault-token: {FAKE}\n', id='influx2 yml'),
    pytest.param('patroni.yml', 'restapi:\n  certfile: /etc/patroni/tls.crt\n  keyfile: /etc/patroni/tls.key\n  keyfile_password: {FAKE}\n', id='patroni tls'),
    pytest.param('proxysql.cnf', 'admin_variables=\n{\n    admin_credentials="admin:$ADMIN_PASSWORD"\n    cluster_username="cluster"\n    cluster_password="{FAKE}"\n}\n', id='proxysql cluster'),
    pytest.param('proxysql.cnf', 'mysql_users=\n(\n    { username = "app", password = "{FAKE}", default_hostgroup = 0, active = 1 }\n)\n', id='proxysql users inline'),
]

_HARMLESS = [
    pytest.param('users.xml', '<clickhouse><users><alice>\n  <password_sha256_hex>65e84be33532fb784c48129675f9eff3a682b27168c0ea744b2cf58ee02337c5</password_sha256_hex>\n</alice></users></clickhouse>', id='ch sha256'),
    pytest.param('users.d/bob.xml', '<clickhouse><users><bob>\n  <password_double_sha1_hex>e395796d6546b1b65db9d665cd43f0e858dd4303</password_double_sha1_hex>\n</bob></users></clickhouse>', id='ch double sha1'),
    pytest.param('users.d/bob.xml', '<clickhouse><users><bob>\n  <password_bcrypt_hash>$2a$12$Q9bK5fZCzU0nQ2T8n3Y3aeS4mZ8nJ9xJ2G5dY7hL2Z6bH3kQ8sV9W</password_bcrypt_hash>\n</bob></users></clickhouse>', id='ch bcrypt'),
    pytest.param('users.xml', '<clickhouse><users><default>\n  <password from_env="CLICKHOUSE_PASSWORD"/>\n</default></users></clickhouse>', id='ch from_env'),
    pytest.param('users.xml', '<clickhouse><users><default>\n  <password from_env="CLICKHOUSE_PASSWORD"></password>\n</default></users></clickhouse>', id='ch from_env2'),
    pytest.param('users.xml', '<clickhouse><users><default>\n  <password from_zk="/clickhouse/passwords/default"/>\n</default></users></clickhouse>', id='ch from_zk'),
    pytest.param('users.xml', '<clickhouse><users><default>\n  <password></password>\n</default></users></clickhouse>', id='ch empty'),
    pytest.param('users.yaml', 'users:\n  alice:\n    password_sha256_hex: 65e84be33532fb784c48129675f9eff3a682b27168c0ea744b2cf58ee02337c5\n  bob:\n    password:\n      "@from_env": BOB_PASSWORD\n', id='ch users.yaml sha'),
    pytest.param('redis.conf', 'port 6379\nuser default on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* &* +@all\nuser app on nopass ~app:* +@read\naclfile /etc/redis/users.acl\n', id='redis user hashed'),
    pytest.param('users.acl', 'user default off\nuser app on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~app:* +@read\nuser worker on resetpass nopass ~jobs:* +@all\n', id='redis users.acl hashed'),
    pytest.param('redis.conf', 'tls-port 6379\nport 0\ntls-cert-file /tls/redis.crt\ntls-key-file /tls/redis.key\ntls-ca-cert-file /tls/ca.crt\ntls-auth-clients yes\n', id='redis tls'),
    pytest.param('cqlshrc', '[authentication]\ncredentials = /home/app/.cassandra/credentials\nkeyspace = trials\n', id='cqlshrc credentials file'),
    pytest.param('mongod.conf', 'net:\n  port: 27017\n  bindIp: 0.0.0.0\nsecurity:\n  authorization: enabled\n  keyFile: /etc/mongo/keyfile\nreplication:\n  replSetName: rs0\n', id='mongod.conf keyfile'),
    pytest.param('init.sh', '#!/bin/sh\nmongosh --host mongo-0 -u admin -p "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin --eval \'rs.status()\'\n', id='mongosh -p env'),
    pytest.param('init-mongo.js', "db = db.getSiblingDB('trials');\ndb.createUser({ user: 'app', pwd: passwordPrompt(), roles: ['readWrite'] });\ndb.createUser({ user: 'svc', pwd: process.env.SVC_PASSWORD, roles: ['readWrite'] });\n", id='mongo init js prompt'),
    pytest.param('elasticsearch.yml', 'cluster.name: trials\nxpack.security.enabled: true\nxpack.security.transport.ssl.enabled: true\nxpack.security.transport.ssl.verification_mode: certificate\nxpack.security.transport.ssl.keystore.path: certs/elastic-certificates.p12\nxpack.security.transport.ssl.truststore.path: certs/elastic-certificates.p12\nxpack.security.http.ssl.keystore.path: certs/http.p12\n', id='es yml'),
    pytest.param('kibana.yml', 'server.host: "0.0.0.0"\nelasticsearch.username: "kibana_system"\nelasticsearch.password: "${ELASTICSEARCH_PASSWORD}"\nelasticsearch.serviceAccountToken: "${KIBANA_TOKEN}"\nxpack.encryptedSavedObjects.encryptionKey: "${KIBANA_ENCRYPTION_KEY}"\n', id='kibana ref'),
    pytest.param('config.yml', 'http-bind-address: ":8086"\nbolt-path: /var/lib/influxdb2/influxd.bolt\n', id='influx config.yml'),
    pytest.param('telegraf.conf', '[[outputs.influxdb_v2]]\n  urls = ["http://influxdb:8086"]\n  token = "${INFLUX_TOKEN}"\n  organization = "trials"\n', id='telegraf ref'),
    pytest.param('proxysql.cnf', 'mysql_users:\n(\n    {\n        username = "app"\n        password = "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"\n        default_hostgroup = 0\n    }\n)\n', id='proxysql users hashed'),
    pytest.param('userlist.txt', '"app" "md5b3a5a4f3d9c4c5e8f0a1b2c3d4e5f6a7"\n"pgbouncer" "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=:c2VydmVyc2VydmVyc2VydmVyc2VydmVyc2VydmU="\n', id='userlist md5'),
    pytest.param('pgbouncer.ini', '[databases]\ntrials = host=postgres port=5432 dbname=trials\n[pgbouncer]\nlisten_addr = 0.0.0.0\nauth_type = scram-sha-256\nauth_file = /etc/pgbouncer/userlist.txt\nauth_user = pgbouncer\nauth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1\nauth_query = SELECT p_user, p_password FROM public.lookup($1)\nserver_tls_key_file = /etc/pgbouncer/tls.key\n', id='pgbouncer.ini clean'),
    pytest.param('patroni.yml', 'scope: trials\nrestapi:\n  listen: 0.0.0.0:8008\npostgresql:\n  pgpass: /tmp/pgpass0\n  authentication:\n    superuser:\n      username: postgres\n    replication:\n      username: replicator\nbootstrap:\n  users:\n    admin:\n      password: "${PATRONI_ADMIN_PASSWORD}"\n', id='patroni refs'),
    pytest.param('static_auth.json', '{\n  "ro": [{"MysqlNativePassword": "*9E128DA0C64A6FCCCDCFBDD0FC0A2C967C6DB36F", "UserData": "ro"}]\n}\n', id='vitess static auth hash'),
    pytest.param('init.sh', '#!/bin/sh\ncockroach sql --certs-dir=/cockroach/certs --host=cockroachdb-public -e "CREATE USER app; GRANT ALL ON DATABASE trials TO app;"\n', id='cockroach clean'),
    pytest.param('config.d/enc.xml', '<clickhouse><encryption_codecs><aes_128_gcm_siv><key_hex from_env="ENC_KEY"/></aes_128_gcm_siv></encryption_codecs></clickhouse>', id='ch key_hex env'),
    pytest.param('config.d/ldap.xml', '<clickhouse><ldap_servers><corp><host>ldap.example.org</host><port>636</port><bind_dn>uid={user_name},ou=users,dc=example,dc=org</bind_dn><enable_tls>yes</enable_tls><tls_key_file>/etc/ch/ldap.key</tls_key_file></corp></ldap_servers><user_directories><ldap><server>corp</server></ldap></user_directories></clickhouse>', id='ch ldap'),
    pytest.param('users.d/alice.xml', '<clickhouse><users><alice><ssl_certificates><common_name>alice</common_name></ssl_certificates><ssh_keys><ssh_key><type>ssh-ed25519</type><base64_key>AAAAC3NzaC1lZDI1NTE5AAAAIDJc3kBlh6l2q1bUtI2c6m7DgRgJZQ1N8q1r9y2x0h7e</base64_key></ssh_key></ssh_keys></alice></users></clickhouse>', id='ch users ssl cert'),
    pytest.param('users.d/ro.xml', '<clickhouse><users><ro><no_password/><profile>readonly</profile></ro></users></clickhouse>', id='ch no_password'),
    pytest.param('users.xml', '<clickhouse><profiles><default><max_memory_usage>10000000000</max_memory_usage></default></profiles><quotas><default><interval><duration>3600</duration><queries>0</queries></interval></default></quotas></clickhouse>', id='ch quota users'),
    pytest.param('redis.conf', 'rename-command CONFIG ""\nrename-command FLUSHALL ""\nprotected-mode yes\n', id='redis rename'),
    pytest.param('users.acl', 'user default on nopass sanitize-payload ~* &* +@all\nuser bob on resetpass #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* -@dangerous\n', id='redis acl reset'),
    pytest.param('sentinel.conf', 'sentinel monitor mymaster redis-0 6379 2\nsentinel auth-pass mymaster ${REDIS_PASSWORD}\nsentinel resolve-hostnames yes\n', id='sentinel auth ref'),
    pytest.param('elasticsearch.yml', 'xpack.security.authc.token.enabled: true\nxpack.security.authc.api_key.enabled: true\nxpack.security.authc.realms.native.native1.order: 0\nxpack.security.authc.password_hashing.algorithm: pbkdf2_stretch\nxpack.security.http.ssl.key: certs/http.key\nxpack.security.http.ssl.certificate: certs/http.crt\nxpack.security.transport.ssl.client_authentication: required\n', id='es harmless'),
    pytest.param('kibana.yml', 'xpack.security.secureCookies: true\nxpack.security.session.idleTimeout: "1h"\nserver.ssl.key: /usr/share/kibana/config/certs/kibana.key\nserver.ssl.certificate: /usr/share/kibana/config/certs/kibana.crt\nelasticsearch.ssl.certificateAuthorities: ["/usr/share/kibana/config/certs/ca.crt"]\nxpack.security.authc.providers:\n  basic.basic1:\n    order: 0\n', id='kibana harmless'),
    pytest.param('influxdb.conf', '[http]\n  https-enabled = true\n  https-certificate = "/etc/ssl/influxdb.pem"\n  https-private-key = "/etc/ssl/influxdb-key.pem"\n  shared-secret = ""\n[meta]\n  internal-shared-secret = ""\n', id='influx harmless'),
    pytest.param('pgbouncer.ini', '[pgbouncer]\nadmin_users = postgres\nstats_users = stats, postgres\nauth_dbname = postgres\nauth_hba_file = /etc/pgbouncer/pg_hba.conf\nserver_tls_sslmode = verify-full\nclient_tls_key_file = /etc/pgbouncer/tls/tls.key\n[users]\napp = pool_mode=transaction max_user_connections=50\n', id='pgbouncer harmless'),
    pytest.param('patroni.yml', 'bootstrap:\n  pg_hba:\n    - host replication replicator 0.0.0.0/0 md5\n    - host all all 0.0.0.0/0 scram-sha-256\n  dcs:\n    postgresql:\n      parameters:\n        password_encryption: scram-sha-256\n        ssl_key_file: /etc/ssl/pg.key\npostgresql:\n  authentication:\n    superuser:\n      username: postgres\n      sslkey: /etc/patroni/superuser.key\n      sslpassword: ""\n', id='patroni harmless'),
    pytest.param('vttablet.sh', '#!/bin/sh\nexec vttablet --db-credentials-file /vt/secrets/db_credentials.json --mysql_auth_server_static_file /vt/secrets/static_auth.json\n', id='vitess creds path'),
    pytest.param('init.sh', "#!/bin/sh\ncockroach sql --url 'postgresql://root@cockroachdb-public:26257/defaultdb?sslmode=verify-full&sslrootcert=/certs/ca.crt&sslcert=/certs/client.root.crt&sslkey=/certs/client.root.key' -e 'SHOW USERS'\n", id='cockroach sslkey'),
    pytest.param('proxysql.cnf', 'admin_variables=\n{\n    mysql_ifaces="0.0.0.0:6032"\n    restapi_enabled=true\n}\nmysql_servers=\n(\n    { address="mysql-0.mysql", port=3306, hostgroup=0, max_connections=200 }\n)\n', id='proxysql ref'),
]



@pytest.mark.parametrize(("key", "text"), _CAUGHT)
def test_database_server_config_with_a_password_in_plain_text_is_reported(key: str, text: str) -> None:
    messages = _messages(key, text.replace("{FAKE}", FAKE))
    assert messages and all(f'key "{key}"' in message for message in messages)
    if "{FAKE}" in text:  # the same file with a reference instead
        assert _messages(key, text.replace("{FAKE}", "${DB_PASSWORD}")) == []


@pytest.mark.parametrize(("key", "text"), _HARMLESS)
def test_database_server_config_with_hashes_references_or_paths_is_harmless(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(("value", "reported"), [("00000", False), ("0000-0000", False), ("111111", True), ("aaaaaa", True)])
def test_clickhouse_numeric_all_same_password(value: str, reported: bool) -> None:
    """A run of ``0`` is read as a value masked out (``is_masked``), in ClickHouse's ``users.xml`` as in any
    other file: ``<password>00000</password>`` is not reported (kept so: a run of zeros is how a value is
    masked in a shared file, and ClickHouse's own docs leave the element empty for no password). A run of
    another digit or letter may be a weak password really used, and is reported."""
    text = f"<clickhouse><users><default><password>{value}</password></default></users></clickhouse>"
    assert bool(_messages("users.xml", text)) is reported


# --- ProxySQL: admin_credentials is user:password pairs apart by ";" ------------------------------

_PROXYSQL = 'admin_variables=\n{{\n    admin_credentials="{pairs}"\n    mysql_ifaces="0.0.0.0:6032"\n}}\n'


@pytest.mark.parametrize("pairs", [f"admin:{FAKE}", f"admin:${{A}};radmin:{FAKE}", f"admin:{FAKE};radmin:${{B}}", "admin:admin"])
def test_proxysql_admin_credentials_with_a_literal_password_are_reported(pairs: str) -> None:
    assert _messages("proxysql.cnf", _PROXYSQL.format(pairs=pairs)) == ['ConfigMap "config" key "proxysql.cnf" sets "admin_credentials" in plain text (line 3).']


@pytest.mark.parametrize("pairs", ["admin:${ADMIN_PASSWORD}", "admin:$ADMIN_PASSWORD;radmin:${RADMIN_PASSWORD}", "admin:<password>"])
def test_proxysql_admin_credentials_of_references_are_harmless(pairs: str) -> None:
    assert _messages("proxysql.cnf", _PROXYSQL.format(pairs=pairs)) == []


def test_references_after_users_under_another_name_are_judged_as_before() -> None:
    assert _messages("app.ini", "[db]\npassword = admin:${ADMIN_PASSWORD}\n") != []  # no ...credentials name
    many = ";".join(f"u{n}:${{P{n}}}" for n in range(65))  # more than 64 pairs: judged as written
    assert _messages("proxysql.cnf", _PROXYSQL.format(pairs=many)) != []


# --- ClickHouse: <key_hex> of an encryption codec or an encrypted disk is the key itself -----------

_CODEC = "<clickhouse>\n  <encryption_codecs>\n    <aes_128_gcm_siv>\n      {key}\n    </aes_128_gcm_siv>\n  </encryption_codecs>\n</clickhouse>\n"
_DISK = (
    "<clickhouse><storage_configuration><disks>\n<disk_encrypted>\n<type>encrypted</type>\n<disk>disk_s3</disk>\n"
    "{key}\n</disk_encrypted>\n</disks></storage_configuration></clickhouse>\n"
)


@pytest.mark.parametrize(("text", "line"), [(_CODEC, 4), (_DISK, 5)])
def test_clickhouse_key_hex_is_reported(text: str, line: int) -> None:
    key = '<key_hex id="0">00112233445566778899aabbccddeeff</key_hex>'
    assert _messages("encryption.xml", text.format(key=key)) == [f'ConfigMap "config" key "encryption.xml" sets "key_hex" in plain text (line {line}).']


@pytest.mark.parametrize("text", [_CODEC, _DISK])
def test_clickhouse_key_hex_from_env_or_a_reference_is_harmless(text: str) -> None:
    assert _messages("encryption.xml", text.format(key='<key_hex from_env="KEY_HEX"/>')) == []
    assert _messages("encryption.xml", text.format(key="<key_hex>${KEY_HEX}</key_hex>")) == []


def test_key_hex_outside_clickhouse_encryption_is_judged_as_before() -> None:
    assert _messages("app.xml", "<app><key_hex>00112233445566778899aabbccddeeff</key_hex></app>") == []


# --- ClickHouse: an encrypted disk's <key> is the key itself, as written (16, 24 or 32 bytes) ------


def test_clickhouse_encrypted_disk_key_is_reported_once() -> None:
    assert _messages("storage.xml", _DISK.format(key=f"<key>{FAKE}</key>")) == ['ConfigMap "config" key "storage.xml" sets "key" in plain text (line 5).']


def test_clickhouse_encrypted_disk_keys_by_id_are_reported_each() -> None:
    keys = f'<key id="0">{FAKE}</key>\n<key id="1">{FAKE}</key>'
    assert _messages("storage.xml", _DISK.format(key=keys)) == [
        f'ConfigMap "config" key "storage.xml" sets "key" in plain text (line {line}).' for line in (5, 6)
    ]


def test_clickhouse_encrypted_disk_key_before_its_type_is_reported() -> None:
    text = f"<clickhouse><storage_configuration><disks>\n<e>\n<key>{FAKE}</key>\n<type>encrypted</type>\n</e>\n</disks></storage_configuration></clickhouse>"
    assert _messages("disks.xml", text) == ['ConfigMap "config" key "disks.xml" sets "key" in plain text (line 3).']


@pytest.mark.parametrize(
    "key", ['<key from_env="DISK_KEY"/>', "<key>${DISK_KEY}</key>", "<key></key>", f"<!-- <key>{FAKE}</key> -->"]
)
def test_clickhouse_encrypted_disk_key_from_env_a_reference_or_a_comment_is_harmless(key: str) -> None:
    assert _messages("storage.xml", _DISK.format(key=key)) == []


def test_a_key_outside_an_encrypted_disk_is_judged_as_before() -> None:
    s3 = f"<clickhouse><storage_configuration><disks><s3><type>s3</type><key>{FAKE}</key></s3></disks></storage_configuration></clickhouse>"
    assert _messages("storage.xml", s3) == []
    assert _messages("app.xml", f"<app><type>encrypted</type><key>{FAKE}</key></app>") == []  # no disk under <disks>


def test_many_unclosed_tags_and_comments_beside_an_encrypted_disk_read_in_linear_time() -> None:
    text = _DISK.format(key="<key>" * 20_000 + "<!--" * 20_000)
    assert _messages("storage.xml", text) == []
