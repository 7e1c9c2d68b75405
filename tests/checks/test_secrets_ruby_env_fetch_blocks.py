"""disallow-plaintext-secrets: Ruby's ``ENV.fetch('DB_PASSWORD') { raise 'no password' }`` (with
``=`` or ``||=`` in a ``.rb`` key) was reported, the string in the block read as a literal; since
1.25.578 the block ``ENV.fetch('X')`` runs when the variable is unset is judged as the lookup's
default: one that stops the program or gives a lookup or code is none, a literal string reported."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages

KEY = "database.rb"


@pytest.mark.parametrize(
    "value",
    [
        "ENV.fetch('DB_PASSWORD') { raise 'no password' }",
        "ENV.fetch('DB_PASSWORD') { raise 'no password' } # from the Secret",
        f"ENV.fetch('DB_PASSWORD') {{ |key| raise KeyError, \"#{{key}} is not set {FAKE}\" }}",
        f"ENV.fetch('DB_PASSWORD') {{ abort('{FAKE}') }}",
        "ENV.fetch('DB_PASSWORD') { fail 'DB_PASSWORD is not set' }",
        "ENV.fetch('DB_PASSWORD') { ENV['OLD_DB_PASSWORD'] }",
        "ENV.fetch('DB_PASSWORD') { Rails.application.credentials.db_password }",
        "ENV.fetch('DB_PASSWORD') { nil }",
        "ENV.fetch('DB_PASSWORD') { '' }",
    ],
)
@pytest.mark.parametrize("operator", ["=", "||="])
def test_a_block_that_stops_or_gives_a_reference_is_not_reported(value: str, operator: str) -> None:
    """Was reported."""
    assert configmap_messages(KEY, f"config.x = 1\nconfig.password {operator} {value}\n", FAKE) == []


@pytest.mark.parametrize(
    "value",
    [
        f"ENV.fetch('DB_PASSWORD') {{ '{FAKE}' }}",
        f'ENV.fetch(\'DB_PASSWORD\') {{ |_key| "{FAKE}" }}',
        f"ENV.fetch('DB_PASSWORD') {{ ENV['OLD_DB_PASSWORD'] || '{FAKE}' }}",
        f"ENV.fetch('DB_PASSWORD') {{ raise 'no password' }} + '{FAKE}'",
        f"ENV.fetch('DB_PASSWORD') {{ raise 'no password' }} || '{FAKE}'",
    ],
)
@pytest.mark.parametrize("operator", ["=", "||="])
def test_a_literal_given_by_the_block_or_after_it_is_reported_once(value: str, operator: str) -> None:
    (message,) = configmap_messages(KEY, f"config.x = 1\nconfig.password {operator} {value}\n", FAKE)
    assert f'key "{KEY}" sets "' in message and "password\" in plain text (line 2)" in message, message


def test_a_long_block_stays_linear() -> None:
    started = time.perf_counter()
    body = "'a' x " * 10000 + "\"#{k}\" " * 5000 + "{" * 5000
    configmap_messages(KEY, f"config.password = ENV.fetch('DB_PASSWORD') {{ raise {body} '{FAKE}'\n", FAKE)
    assert time.perf_counter() - started < 6
