"""disallow-plaintext-secrets: SonarScanner's settings written as YAML in a CI config (``sonar:`` then
``  login: <40 hex digits>``) were not read as ``sonar.login`` is (since 1.25.522): a legacy token
there was admitted; since 1.25.580 a ``sonar:`` block's ``login``, in a text with no ``password:``
key, is judged as ``sonar.login`` and reported once under that name."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import configmap_messages

KEY = "ci-config.yaml"
TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"  # a fake legacy token's shape


@pytest.mark.parametrize(
    "text",
    [
        f"variables:\n  GIT_DEPTH: 0\nsonar:\n  host: https://sonar.example\n  login: {TOKEN}\n",
        f'variables:\n  GIT_DEPTH: 0\nsonar:  # scanner\n  host: https://sonar.example\n  login: "{TOKEN}"  # rotate yearly\n',
    ],
)
def test_a_token_as_the_sonar_blocks_login_is_reported_once(text: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages(KEY, text, TOKEN)
    assert f'key "{KEY}" sets "sonar.login" in plain text (line 5)' in message, message


@pytest.mark.parametrize(
    "text",
    [
        "sonar:\n  host: https://sonar.example\n  login: admin\n",
        "sonar:\n  host: https://sonar.example\n  login: ci-scanner-for-clinical-portal\n",
        "sonar:\n  login: ${SONAR_TOKEN}\n",
        f"sonar:\n  login: {TOKEN}\n  password: ${{SONAR_PASSWORD}}\n",  # a user's name beside a password
        f"database:\n  login: {TOKEN}\n",  # another block's login
        f"sonar:\n  host: https://sonar.example\nwebhook:\n  login: {TOKEN}\n",
        f"sonar:\n  server:\n    login: {TOKEN}\n",
    ],
)
def test_a_user_name_a_reference_and_another_login_are_not_reported(text: str) -> None:
    assert configmap_messages(KEY, text, TOKEN) == []


def test_many_sonar_blocks_stay_linear() -> None:
    started = time.perf_counter()
    configmap_messages(KEY, "sonar:\n login:\n" * 8000 + " password" * 8000 + f"\nsonar:\n  login: {TOKEN}\n", TOKEN)
    assert time.perf_counter() - started < 6
