"""disallow-plaintext-secrets on credentials written the way hospital and clinical-trial products'
own documentation writes their configuration files (found missing by a sweep of realistic files):
Orthanc's ``RegisteredUsers`` (a map from user to password) and the ``[url, user, password]`` array
form of its ``OrthancPeers`` and DICOMweb ``Servers``. References, placeholders, empty values and
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
