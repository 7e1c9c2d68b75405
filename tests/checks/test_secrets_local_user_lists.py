"""Concourse's local users, CONCOURSE_ADD_LOCAL_USER: a comma-separated list of user:password pairs,
reported as an env var and as a .env or compose setting when a password is a literal; a bcrypt hash,
a reference and CONCOURSE_MAIN_TEAM_LOCAL_USER (users only) are harmless."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

_POLICY = "disallow-plaintext-secrets"
_BCRYPT = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == _POLICY]


@pytest.mark.parametrize(
    "value",
    [f"admin:{FAKE}", f"admin:{FAKE},viewer:{FAKE}", f"admin:{_BCRYPT},viewer:{FAKE}", f"admin:$(ADMIN_PASSWORD), viewer:{FAKE}"],
)
def test_a_literal_password_in_the_list_is_reported_as_an_env_var(value: str) -> None:
    (message,) = _env_messages("CONCOURSE_ADD_LOCAL_USER", value)
    assert 'env var "CONCOURSE_ADD_LOCAL_USER" sets a user:password pair in plain text' in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CONCOURSE_ADD_LOCAL_USER", "admin:$(ADMIN_PASSWORD)"),
        ("CONCOURSE_ADD_LOCAL_USER", f"admin:{_BCRYPT},viewer:$(VIEWER_PASSWORD)"),
        ("CONCOURSE_ADD_LOCAL_USER", "admin:${ADMIN_PASSWORD}"),
        ("CONCOURSE_ADD_LOCAL_USER", "admin"),
        ("CONCOURSE_MAIN_TEAM_LOCAL_USER", "admin,viewer"),
        ("CONCOURSE_MAIN_TEAM_LOCAL_USER", "admin"),
        ("CONCOURSE_EXTERNAL_URL", "https://ci.example.org:8443"),
    ],
)
def test_references_hashes_and_user_lists_are_harmless(name: str, value: str) -> None:
    assert _env_messages(name, value) == []


def test_a_dotenv_line_and_a_compose_setting_are_reported_as_the_env_var_is() -> None:
    env_file = f"CONCOURSE_MAIN_TEAM_LOCAL_USER=admin\nCONCOURSE_ADD_LOCAL_USER=admin:{FAKE},viewer:{FAKE}\n"
    (message,) = configmap_messages(".env", env_file, FAKE)
    assert 'sets "CONCOURSE_ADD_LOCAL_USER" in plain text (line 2)' in message
    compose = f"services:\n  web:\n    image: concourse/concourse\n    environment:\n      CONCOURSE_ADD_LOCAL_USER: admin:{FAKE}\n"
    (message,) = configmap_messages("docker-compose.yml", compose, FAKE)
    assert '"CONCOURSE_ADD_LOCAL_USER"' in message


def test_a_dotenv_file_of_users_and_references_is_harmless() -> None:
    env_file = f"CONCOURSE_MAIN_TEAM_LOCAL_USER=admin\nCONCOURSE_ADD_LOCAL_USER=admin:${{ADMIN_PASSWORD}},ro:{_BCRYPT}\n"
    assert configmap_messages(".env", env_file, FAKE) == []
