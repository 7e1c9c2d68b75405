"""disallow-plaintext-secrets: a ``user:password`` pair under a name ending with the word ``auth``
(1.25.290) is split at its first colon, so a password holding ``:`` or ``@`` is one
(``BASIC_AUTH=admin:pa:ss@word`` was missed); a URL's or DSN's ``user:password@host`` is still
read as one, and ``host:port`` and more, a URL after the colon and an e-mail address stay none.
Passwords are fake; none is shown."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, reported_once

POLICY = "disallow-plaintext-secrets"
PASSWORDS = [f"{FAKE}:x", f"x@{FAKE}", f"p@ss:{FAKE}", f"{FAKE}:"]


def _env_pod(name: str, value: str) -> dict[str, object]:
    return pod([container(env=[{"name": name, "value": value}])])


@pytest.mark.parametrize("password", PASSWORDS)
def test_an_env_var_pair_whose_password_holds_a_colon_or_an_at_is_reported(password: str) -> None:
    """Was missed."""
    reported_once(_env_pod("BASIC_AUTH", f"admin:{password}"), POLICY, 'env var "BASIC_AUTH" sets a user:password pair in plain text')


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_dotenv_or_yaml_pair_whose_password_holds_a_colon_or_an_at_is_reported(password: str) -> None:
    """Was missed."""
    (message,) = configmap_messages("app.env", f"FHIR_URL=https://fhir.example.org\nFHIR_BASIC_AUTH=admin:{password}\n", FAKE)
    assert 'sets "FHIR_BASIC_AUTH" in plain text (line 2)' in message, message
    (message,) = configmap_messages("config.yaml", f"elasticsearch:\n  http_auth: elastic:{password}\n", FAKE)
    assert 'sets "http_auth" in plain text (line 2)' in message, message


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (f"admin:{FAKE}@db.example.org:5432/app", "a DSN with a password"),
        (f"admin:{FAKE}@db", "a DSN with a password"),
        (f"https://admin:{FAKE}@fhir.example.org/fhir", "a URL with a password"),
    ],
)
def test_a_url_or_dsn_under_an_auth_name_is_still_read_as_one(value: str, kind: str) -> None:
    reported_once(_env_pod("BASIC_AUTH", value), POLICY, f'env var "BASIC_AUTH" holds {kind} (user:password@host) in plain text')
    (message,) = configmap_messages("config.yaml", f"http_auth: {value}\n", FAKE)
    assert f"holds {kind}" in message, message


@pytest.mark.parametrize(
    "value",
    [
        "ldap:389:tls",
        "keycloak:8443:/realms",
        "oidc:https://kc.example.org/realms/clinic",
        "user:alice@example.com",
        "[::1]:8080",
        "admin::x",
        "admin:${ADMIN_PASSWORD}:x",
        "admin:pa:ss word",
    ],
)
def test_values_with_more_colons_that_are_no_pair_pass(value: str) -> None:
    decision = decide(_env_pod("BASIC_AUTH", value))
    assert [f.message for f in decision.findings if f.policy == POLICY] == []
    assert configmap_messages("app.env", f"BASIC_AUTH={value}\n", FAKE) == []
    assert FAKE not in everything_shown(decision)
