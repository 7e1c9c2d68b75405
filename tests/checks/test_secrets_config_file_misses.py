"""disallow-plaintext-secrets on credentials written the way applications' own config files write
them (found missing by a sweep of realistic files): a JDBC URL's ``sslpassword=`` query parameter,
the value XML names by a ``name`` attribute or a ``<name>`` element (Hibernate's ``hibernate.cfg.xml``,
Hadoop's ``hive-site.xml``/``core-site.xml``), a Quarkus property under a ``%profile.`` prefix and a
JSON value written as a list of one string (Keycloak's component config), and LDAP's names for a bind
password (``bindpw``, ``rootpw``, ``ldap_default_authtok``, ``dnpass``).
References, placeholders and empty values stay harmless. The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"
HARMLESS = ("${DB_PASSWORD}", "<password>", "")


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _not_shown(obj: dict[str, Any]) -> None:
    assert FAKE not in everything_shown(decide(obj))


# --- a JDBC URL's sslpassword= (pgJDBC: the password of the client's SSL key) -----------------------

_SSL_URL = "jdbc:postgresql://db:5432/app?sslmode=verify-full&sslpassword={pw}"


def test_sslpassword_query_parameter_in_a_configmap_is_reported() -> None:
    obj = configmap({"application.properties": "db.url=" + _SSL_URL.format(pw=FAKE) + "\n"})
    assert _messages(obj) == ['ConfigMap "config" key "application.properties" holds a connection string with a password in plain text.']
    _not_shown(obj)


def test_sslpassword_query_parameter_in_an_env_value_and_an_argument_is_reported() -> None:
    env = pod([container(env=[{"name": "SPRING_DATASOURCE_URL", "value": _SSL_URL.format(pw=FAKE)}])])
    assert _messages(env) == ['container "app" env var "SPRING_DATASOURCE_URL" holds a connection string with a password in plain text.']
    args = pod([container(args=["--url=jdbc:postgresql://db/app?sslpassword=" + FAKE])])
    assert len(_messages(args)) == 1
    _not_shown(env)
    _not_shown(args)


@pytest.mark.parametrize("value", HARMLESS)
def test_sslpassword_reference_placeholder_or_empty_is_not_reported(value: str) -> None:
    assert _messages(configmap({"application.properties": "db.url=" + _SSL_URL.format(pw=value) + "\n"})) == []


@pytest.mark.parametrize("url", [
    "jdbc:postgresql://db/app?sslmode=require&sslrootcert=/certs/ca.pem",  # no password parameter
    "https://app.example.org/login?sslpassword_hint=1",  # a parameter whose name only starts so
    "jdbc:postgresql://db/app?ssl=true&passwordless=1",
])  # fmt: skip
def test_other_ssl_query_parameters_are_not_reported(url: str) -> None:
    assert _messages(configmap({"application.properties": "db.url=" + url + "\n"})) == []


# --- XML whose name is written apart from its value ------------------------------------------------

_HIBERNATE = (
    "<hibernate-configuration>\n"
    "  <session-factory>\n"
    '    <property name="hibernate.connection.username">app</property>\n'
    '    <property name="hibernate.connection.password">{pw}</property>\n'
    "  </session-factory>\n"
    "</hibernate-configuration>\n"
)
_HADOOP = (
    "<configuration>\n"
    "  <property>\n"
    "    <name>javax.jdo.option.ConnectionURL</name>\n"
    "    <value>jdbc:postgresql://db:5432/metastore</value>\n"
    "  </property>\n"
    "  <property>\n"
    "    <name>javax.jdo.option.ConnectionPassword</name>\n"
    "    <description>password to use against metastore database</description>\n"
    "    <value>{pw}</value>\n"
    "    <final>true</final>\n"
    "  </property>\n"
    "</configuration>\n"
)


def test_element_named_by_its_name_attribute_is_reported() -> None:
    obj = configmap({"hibernate.cfg.xml": _HIBERNATE.format(pw=FAKE)})
    assert _messages(obj) == ['ConfigMap "config" key "hibernate.cfg.xml" sets "hibernate.connection.password" in plain text (line 4).']
    _not_shown(obj)


def test_hadoop_property_named_by_its_name_element_is_reported_at_its_value() -> None:
    obj = configmap({"hive-site.xml": _HADOOP.format(pw=FAKE)})
    assert _messages(obj) == ['ConfigMap "config" key "hive-site.xml" sets "javax.jdo.option.ConnectionPassword" in plain text (line 9).']
    _not_shown(obj)
    s3a = "<configuration>\n<property><name>fs.s3a.secret.key</name><value>" + FAKE + "</value></property>\n</configuration>\n"
    assert _messages(configmap({"core-site.xml": s3a})) == ['ConfigMap "config" key "core-site.xml" sets "fs.s3a.secret.key" in plain text (line 2).']


@pytest.mark.parametrize("value", (*HARMLESS, "${env.HIVE_DB_PASSWORD}"))
def test_xml_values_named_apart_that_are_references_placeholders_or_empty_are_not_reported(value: str) -> None:
    assert _messages(configmap({"hibernate.cfg.xml": _HIBERNATE.format(pw=value)})) == []
    assert _messages(configmap({"hive-site.xml": _HADOOP.format(pw=value)})) == []


def test_xml_values_named_apart_under_neutral_names_are_not_reported() -> None:
    text = (
        "<configuration>\n"
        "  <property><name>hive.metastore.uris</name><value>thrift://metastore:9083</value></property>\n"
        "  <property><name>dfs.replication</name><value>3</value></property>\n"
        '  <property name="hibernate.dialect">org.hibernate.dialect.PostgreSQLDialect</property>\n'
        "  <name>db.password</name>\n"
        "  <other>Zq7fake-pw9Xy2</other>\n"  # a <name> names the <value> after it, no other element
        "</configuration>\n"
    )
    assert _messages(configmap({"site.xml": text})) == []


def test_a_sensitive_element_with_a_name_attribute_is_reported_once() -> None:
    text = '<settings>\n  <password name="password">' + FAKE + "</password>\n</settings>\n"
    assert len(_messages(configmap({"settings.xml": text}))) == 1


# --- a Quarkus property under a profile (%prod.quarkus.datasource.password=...) --------------------


@pytest.mark.parametrize("prefix", ["%prod.", "%dev,test.", "%staging-eu."])
def test_quarkus_profile_property_is_reported_by_its_name(prefix: str) -> None:
    text = "quarkus.datasource.db-kind=postgresql\n" + prefix + "quarkus.datasource.password=" + FAKE + "\n"
    obj = configmap({"application.properties": text})
    assert _messages(obj) == ['ConfigMap "config" key "application.properties" sets "quarkus.datasource.password" in plain text (line 2).']
    _not_shown(obj)


@pytest.mark.parametrize("line", [
    "%prod.quarkus.datasource.password=${DB_PASSWORD}",
    "%prod.quarkus.datasource.password=",
    "%prod.quarkus.datasource.password=<password>",
    "%prod.quarkus.datasource.username=app",
    "%% password=Zq7fake-pw9Xy2 is an Erlang comment",  # no profile: %% and a blank
    "% password = 1",
])  # fmt: skip
def test_quarkus_profile_property_without_a_literal_secret_is_not_reported(line: str) -> None:
    assert _messages(configmap({"application.properties": line + "\n"})) == []


# --- a JSON value written as a list of one string (Keycloak's component config) --------------------

_KEYCLOAK_LDAP = (
    "{\n"
    '  "realm": "app",\n'
    '  "components": {\n'
    '    "org.keycloak.storage.UserStorageProvider": [\n'
    "      {\n"
    '        "name": "ldap",\n'
    '        "providerId": "ldap",\n'
    '        "config": {\n'
    '          "bindDn": ["cn=admin,dc=example,dc=org"],\n'
    '          "bindCredential": ["{pw}"],\n'
    '          "connectionUrl": ["ldap://ldap:389"]\n'
    "        }\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n"
)


def test_a_list_of_one_string_under_a_sensitive_json_key_is_its_value() -> None:
    obj = configmap({"realm.json": _KEYCLOAK_LDAP.replace("{pw}", FAKE)})
    assert _messages(obj) == [
        'ConfigMap "config" key "realm.json" sets "components.org.keycloak.storage.UserStorageProvider[0].config.bindCredential"'
        " in plain text (line 10)."
    ]
    _not_shown(obj)


@pytest.mark.parametrize("value", (*HARMLESS, "**********", "${vault.ldap_bind}"))
def test_a_list_of_one_reference_placeholder_mask_or_empty_string_is_not_reported(value: str) -> None:
    assert _messages(configmap({"realm.json": _KEYCLOAK_LDAP.replace("{pw}", value)})) == []


@pytest.mark.parametrize("text", [
    '{"config": {"bindCredential": []}}',
    '{"config": {"bindCredential": [null]}}',
    '{"config": {"connectionUrl": ["ldap://ldap:389"], "bindDn": ["cn=admin"]}}',
    '{"config": {"bindCredential": [true]}}',
    '{"config": {"bindCredential": [false], "startTls": [true], "pagination": ["true"]}}',
])  # fmt: skip
def test_other_json_lists_are_not_reported(text: str) -> None:
    assert _messages(configmap({"app.json": text})) == []


# --- LDAP clients' and servers' names for a bind password (bindpw, rootpw, dnpass, authtok) --------


@pytest.mark.parametrize(("key", "text", "setting"), [
    ("nslcd.conf", "uri ldap://ldap/\nbinddn cn=nslcd,dc=example,dc=org\nbindpw {pw}\n", "bindpw"),
    ("slapd.conf", 'database mdb\nrootdn "cn=admin,dc=example,dc=org"\nrootpw {pw}\n', "rootpw"),
    ("sssd.conf", "[domain/example]\nldap_default_bind_dn = cn=sssd,dc=example,dc=org\nldap_default_authtok = {pw}\n", "ldap_default_authtok"),
    ("dovecot-ldap.conf.ext", "hosts = ldap\ndn = cn=dovecot,dc=example,dc=org\ndnpass = {pw}\n", "dnpass"),
])  # fmt: skip
def test_ldap_bind_password_names_are_sensitive(key: str, text: str, setting: str) -> None:
    obj = configmap({key: text.replace("{pw}", FAKE)})
    (message,) = _messages(obj)
    assert f'sets "{setting}" in plain text' in message
    _not_shown(obj)
    for harmless in HARMLESS:
        assert _messages(configmap({key: text.replace("{pw}", harmless)})) == []


def test_ldap_bind_password_env_name_is_sensitive() -> None:
    env = pod([container(env=[{"name": "LDAP_BINDPW", "value": FAKE}])])
    assert len(_messages(env)) == 1
    _not_shown(env)


@pytest.mark.parametrize("line", [
    "ldap_default_authtok_type = password",
    "rootpw_file = /run/secrets/rootpw",
    "bindpwfile = /etc/ldap.secret",
    "use_authtok = true",
    "rootdn = cn=admin,dc=example,dc=org",
])  # fmt: skip
def test_neighbours_of_ldap_bind_password_names_are_not_reported(line: str) -> None:
    assert _messages(configmap({"ldap.conf": line + "\n"})) == []


@pytest.mark.parametrize("line", ["rootpw --lock", "rootpw --iscrypted --lock", "bindpw", "rootpw"])
def test_a_rootpw_or_bindpw_line_without_a_password_is_not_reported(line: str) -> None:
    assert _messages(configmap({"slapd.conf": line + "\n"})) == []


def test_a_kickstart_rootpw_after_its_options_is_reported() -> None:
    assert len(_messages(configmap({"ks.cfg": "lang en_US\nrootpw --plaintext " + FAKE + "\n"}))) == 1
