"""disallow-plaintext-secrets on settings that list the kinds of credential a login asks for
(found by a sweep of real Keycloak realm exports kept in ConfigMaps): ``"requiredCredentials":
["password"]`` names a credential's type, no password. A value that is no such kind, and a
credential kind under a name that holds a credential (``credentials``, ``adminCredentials``), are
judged as before. The values are obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

KINDS = [
    ("realm.json", '{"realm": "clinic", "requiredCredentials": ["password"]}'),
    ("realm.json", '{"requiredCredentials": "password"}'),
    ("realm.json", '{"supportedCredentials": ["otp"]}'),
    ("realm.yaml", "requiredCredentials: [password, otp]\n"),
    ("realm.yaml", "allowed_credentials: webauthn\n"),
    ("login.properties", "login.required_credentials=password,totp\n"),
    ("login.properties", "ENABLED_CREDENTIALS = 'client-secret, x509'\n"),
]


@pytest.mark.parametrize(("key", "text"), KINDS)
def test_the_kinds_of_credential_a_login_asks_for_are_no_secret(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


LITERALS = [
    ("realm.json", '{{"requiredCredentials": ["{v}"]}}', "requiredCredentials"),
    ("realm.yaml", "requiredCredentials: {v}\n", "requiredCredentials"),
    ("login.properties", "login.required_credentials=password,{v}\n", "login.required_credentials"),
    ("realm.json", '{{"credentials": ["{v}"]}}', "credentials"),
]


@pytest.mark.parametrize(("key", "template", "setting"), LITERALS)
def test_a_password_under_a_name_listing_credential_kinds_is_reported(key: str, template: str, setting: str) -> None:
    messages = configmap_messages(key, template.format(v=FAKE), FAKE)
    assert len(messages) == 1
    assert f'sets "{setting}" in plain text' in messages[0], messages


@pytest.mark.parametrize("name", ["credentials", "adminCredentials", "default_credentials"])
def test_a_kind_word_under_a_name_that_holds_a_credential_is_reported(name: str) -> None:
    # "password" as the value of a credential itself is a (weak) password in plain text
    messages = configmap_messages("app.json", f'{{"{name}": "password"}}', FAKE)
    assert len(messages) == 1
    assert f'sets "{name}" in plain text' in messages[0], messages
