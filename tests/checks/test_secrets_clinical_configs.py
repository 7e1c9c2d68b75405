"""disallow-plaintext-secrets on credentials written the way hospital and clinical-trial products'
own documentation writes their configuration files (found missing by a sweep of realistic files):
Orthanc's ``RegisteredUsers`` (a map from user to password) and the ``[url, user, password]`` array
form of its ``OrthancPeers`` and DICOMweb ``Servers``, also as the Orthanc Docker images take them
from env vars (``ORTHANC__REGISTERED_USERS``); Jetty's ``realm.properties`` (``user: password,role``,
an ``OBF:`` password is only obfuscated); Apache Guacamole's ``user-mapping.xml``, whose ``password``
with ``encoding="md5"`` or ``"sha256"`` is a hash. References, placeholders, empty values and
arrays without a password stay harmless. The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"
HARMLESS = ("${ALICE_PASSWORD}", "<password>", "")


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _not_shown(obj: dict[str, Any]) -> None:
    assert FAKE not in everything_shown(decide(obj))


# --- Orthanc's RegisteredUsers: each value is the password of the user its key names --------------

_USERS = '{{\n  "AuthenticationEnabled": true,\n  "RegisteredUsers": {{\n    "alice": "{pw}",\n    "bob": "{other}"\n  }}\n}}\n'


def test_orthanc_registered_users_password_in_a_configmap_is_reported() -> None:
    obj = configmap({"orthanc.json": _USERS.format(pw=FAKE, other="${BOB_PASSWORD}")})
    assert _messages(obj) == ['ConfigMap "config" key "orthanc.json" sets "RegisteredUsers.alice" in plain text (line 4).']
    _not_shown(obj)


def test_orthanc_registered_users_in_a_json_env_value_is_reported() -> None:
    obj = pod([container(env=[{"name": "ORTHANC_JSON", "value": '{"RegisteredUsers": {"alice": "' + FAKE + '"}}'}])])
    assert len(_messages(obj)) == 1
    _not_shown(obj)


@pytest.mark.parametrize(
    ("name", "value", "setting"),
    [
        ("ORTHANC__REGISTERED_USERS", '{"alice": "%s"}', "RegisteredUsers.alice"),
        ("ORTHANC__ORTHANC_PEERS", '{"backup": ["http://orthanc-backup:8042/", "alice", "%s"]}', "OrthancPeers.backup[2]"),
        ("ORTHANC__DICOM_WEB__SERVERS", '{"pacs": ["https://pacs/dicom-web/", "alice", "%s"]}', "DicomWeb.Servers.pacs[2]"),
    ],
)
def test_orthanc_docker_env_var_of_users_peers_or_servers_is_reported(name: str, value: str, setting: str) -> None:
    obj = pod([container(env=[{"name": name, "value": value % FAKE}])])
    assert _messages(obj) == [f'container "app" env var "{name}" sets "{setting}" in plain text.']
    _not_shown(obj)
    for harmless in HARMLESS:
        assert _messages(pod([container(env=[{"name": name, "value": value % harmless}])])) == []


def test_a_json_map_of_users_in_another_env_var_is_not_read_as_passwords() -> None:
    assert _messages(pod([container(env=[{"name": "ORTHANC__USER_NAMES", "value": '{"alice": "Radiology-Dept-7"}'}])])) == []


@pytest.mark.parametrize("value", HARMLESS)
def test_orthanc_registered_users_reference_placeholder_or_empty_is_harmless(value: str) -> None:
    assert _messages(configmap({"orthanc.json": _USERS.format(pw=value, other=value)})) == []


def test_a_map_of_users_under_another_key_is_not_read_as_passwords() -> None:
    text = '{"Owners": {"alice": "Radiology-Dept-7"}, "users": {"alice": "Radiology-Dept-7"}}'
    assert _messages(configmap({"app.json": text})) == []


# --- Orthanc's peers and DICOMweb servers: [url, user, password] -----------------------------------

_PEERS = '{{\n  "OrthancPeers": {{\n    "backup": [ "http://orthanc-backup:8042/", "alice", "{pw}" ]\n  }}\n}}\n'
_SERVERS = '{{\n  "DicomWeb": {{\n    "Servers": {{\n      "pacs": [ "http://pacs:8042/dicom-web/", "alice", "{pw}" ]\n    }}\n  }}\n}}\n'


def test_orthanc_peer_array_password_is_reported() -> None:
    obj = configmap({"orthanc.json": _PEERS.format(pw=FAKE)})
    assert _messages(obj) == ['ConfigMap "config" key "orthanc.json" sets "OrthancPeers.backup[2]" in plain text (line 3).']
    _not_shown(obj)


def test_orthanc_dicomweb_server_array_password_is_reported() -> None:
    obj = configmap({"orthanc.json": _SERVERS.format(pw=FAKE)})
    assert _messages(obj) == ['ConfigMap "config" key "orthanc.json" sets "DicomWeb.Servers.pacs[2]" in plain text (line 4).']
    _not_shown(obj)


@pytest.mark.parametrize("value", HARMLESS)
def test_orthanc_peer_and_server_arrays_with_a_reference_placeholder_or_empty_are_harmless(value: str) -> None:
    assert _messages(configmap({"orthanc.json": _PEERS.format(pw=value)})) == []
    assert _messages(configmap({"orthanc.json": _SERVERS.format(pw=value)})) == []


def test_arrays_without_a_password_or_not_led_by_a_url_are_harmless() -> None:
    text = (
        '{"OrthancPeers": {"peer": ["http://peer:8042/"], "named": ["http://peer:8042/", "alice"]},'
        ' "DicomModalities": {"ct": ["CT01", "10.0.0.5", 104], "mr": ["MR01", "mr-host", "4242"]},'
        ' "Servers": {"x": ["a", "b", "Radiology-Dept-7"]}}'
    )
    assert _messages(configmap({"orthanc.json": text})) == []


# --- Jetty's realm.properties (HashLoginService): user: password[,role...] ---------------------------

_OBFUSCATED = "OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v"  # Jetty's reversible obfuscation: a password


@pytest.mark.parametrize(
    "line",
    [f"admin: {FAKE},admin,user", f"admin={FAKE},admin", f"admin {FAKE}", f"admin: {FAKE}", f"  admin : {FAKE} , admin"],
)
def test_jetty_realm_line_with_a_plain_password_is_reported(line: str) -> None:
    obj = configmap({"realm.properties": "# Jetty users\n" + line + "\n"})
    assert _messages(obj) == ['ConfigMap "config" key "realm.properties" sets a password in plain text (line 2).']
    _not_shown(obj)


def test_jetty_realm_obfuscated_password_is_reported() -> None:
    obj = configmap({"realm.properties": f"admin: {_OBFUSCATED},admin\n"})
    assert _messages(obj) == ['ConfigMap "config" key "realm.properties" sets a password in plain text (line 1).']


@pytest.mark.parametrize(
    "password",
    ["MD5:164c88b302622e17050af52c89945d44", "CRYPT:adpexzg3FUZAk", "CRYPT:$1$fakesalt$fAkEfAkEfAkEfAkEfAkEf/", "${ADMIN_PASSWORD}", "<password>", ""],
)
def test_jetty_realm_hash_reference_placeholder_or_empty_is_harmless(password: str) -> None:
    text = f"# comment: {FAKE}\n! another\nadmin: {password},admin,user\n"
    assert _messages(configmap({"realm.properties": text})) == []


@pytest.mark.parametrize("line", ["jetty.url=http://jetty:8080/", "realm.enabled=true", "realm.secure: false"])
def test_jetty_realm_line_with_a_url_or_a_boolean_is_harmless(line: str) -> None:
    assert _messages(configmap({"realm.properties": line + "\n"})) == []


def test_a_realm_line_under_another_key_is_not_read_as_a_password() -> None:
    assert _messages(configmap({"roles.properties": "admin: Radiology-Dept-7,admin\n"})) == []


# --- Apache Guacamole's user-mapping.xml: <authorize password="..." encoding="md5|sha256"> ---------

_MAPPING = '<user-mapping>\n  <authorize username="alice" password="{pw}"{encoding}>\n    <connection name="ward-pc">\n      <protocol>rdp</protocol>\n    </connection>\n  </authorize>\n</user-mapping>\n'
_MD5 = "319f4d26e3c536b5dd871bb2c52e3178"
_SHA256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"


@pytest.mark.parametrize(("password", "encoding"), [(_MD5, ' encoding="md5"'), (_SHA256, ' encoding="sha256"'), (_SHA256.upper(), " encoding='SHA256'")])
def test_guacamole_hashed_password_is_harmless(password: str, encoding: str) -> None:
    assert _messages(configmap({"user-mapping.xml": _MAPPING.format(pw=password, encoding=encoding)})) == []


@pytest.mark.parametrize(
    ("password", "encoding"),
    [(FAKE, ""), (FAKE, ' encoding="md5"'), (_SHA256, ' encoding="md5"'), (_MD5, ""), (FAKE, ' encoding="plain"')],
)
def test_guacamole_password_not_hashed_as_its_encoding_says_is_reported(password: str, encoding: str) -> None:
    obj = configmap({"user-mapping.xml": _MAPPING.format(pw=password, encoding=encoding)})
    assert _messages(obj) == ['ConfigMap "config" key "user-mapping.xml" sets "password" in plain text (line 2).']
    _not_shown(obj)


def test_guacamole_connection_password_param_is_reported_beside_a_hashed_user_password() -> None:
    text = _MAPPING.format(pw=_MD5, encoding=' encoding="md5"').replace(
        "<protocol>rdp</protocol>", f'<protocol>rdp</protocol>\n      <param name="password">{FAKE}</param>'
    )
    assert _messages(configmap({"user-mapping.xml": text})) == ['ConfigMap "config" key "user-mapping.xml" sets "password" in plain text (line 5).']


def test_an_encoding_attribute_of_another_tag_makes_no_hash() -> None:
    text = f'<tomcat-users>\n  <user username="alice" password="{_MD5}" encoding="md5" roles="x"/>\n</tomcat-users>\n'
    assert _messages(configmap({"tomcat-users.xml": text})) == ['ConfigMap "config" key "tomcat-users.xml" sets "password" in plain text (line 2).']
