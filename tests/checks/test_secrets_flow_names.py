"""disallow-plaintext-secrets on names ending in ``flow`` or ``flows`` (found by a sweep of real
Keycloak realm exports kept in ConfigMaps): ``"resetCredentialsFlow": "reset credentials"`` names
the authentication flow that resets a password, no credential; a password written beside it is
reported as before. The values are obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

FLOWS = [
    ("realm.json", '{"realm": "clinic", "resetCredentialsFlow": "reset credentials"}'),
    ("realm.yaml", "resetCredentialsFlow: reset credentials\n"),
    ("realm.yaml", "resetCredentialsFlow: my reset-credentials copy\n"),
    ("oauth.properties", "oauth.password_flow=enabled-for-staff\n"),
    ("app.env", "TOKEN_FLOWS=implicit,authorization_code\n"),
]


@pytest.mark.parametrize(("key", "text"), FLOWS)
def test_a_name_ending_in_flow_names_a_procedure(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_a_password_beside_a_flow_name_is_reported() -> None:
    text = '{{"resetCredentialsFlow": "reset credentials", "smtpServer": {{"user": "kc", "password": "{pw}"}}}}'
    messages = configmap_messages("realm.json", text.format(pw=FAKE), FAKE)
    assert len(messages) == 1
    assert 'sets "smtpServer.password" in plain text' in messages[0], messages


@pytest.mark.parametrize("name", ["credentials_workflow_token", "flow_password", "resetCredentials"])
def test_a_name_that_does_not_end_in_flow_is_judged_as_before(name: str) -> None:
    messages = configmap_messages("app.json", f'{{"{name}": "{FAKE}"}}', FAKE)
    assert len(messages) == 1
    assert f'sets "{name}" in plain text' in messages[0], messages
