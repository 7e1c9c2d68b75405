"""disallow-plaintext-secrets: a Ruby instance or class variable's assignment, ``@password = '...'``
or ``@@api_token = "..."`` in a ``.rb`` key, was admitted (the assignment reader took no ``@``) while
``@password ||= '...'`` was reported since 1.25.565; since 1.25.577 it is judged as ``password = '...'``
is in source code. A lookup, nil, an empty string, a computed value and a neutral name stay harmless."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages

KEY = "settings.rb"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"@password = '{FAKE}'\n", "password"),
        (f'    @smtp_password = "{FAKE}"\n', "smtp_password"),
        (f'@@api_token = "{FAKE}"\n', "api_token"),
        (f"@options[:password] = '{FAKE}'\n", "password"),
        (f"@password = ENV.fetch('DB_PASSWORD', '{FAKE}')\n", "password"),
    ],
)
def test_an_instance_or_class_variable_set_to_a_literal_is_reported_once(text: str, shown: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages(KEY, "require 'securerandom'\n" + text, FAKE)
    assert f'key "{KEY}" sets "{shown}" in plain text (line 2)' in message, message


@pytest.mark.parametrize(
    "text",
    [
        "@password = ENV['DB_PASSWORD']\n",
        "@@api_token = ENV.fetch('API_TOKEN')\n",
        "@password = nil\n",
        "@password = ''\n",
        "@token = SecureRandom.hex(32)\n",
        "@password = params[:password]\n",
        "@smtp_host = 'smtp.trials.svc'\n",
        "@password_min_length = 12\n",
        f"@password == '{FAKE}'\n",  # a comparison
        f"# @password = '{FAKE}'\n",  # a comment
    ],
)
def test_a_lookup_a_computed_value_and_a_neutral_name_are_not_reported(text: str) -> None:
    assert configmap_messages(KEY, "require 'securerandom'\n" + text, FAKE) == []


def test_the_same_line_outside_ruby_is_judged_as_before() -> None:
    """Only a ``.rb`` key reads ``@`` as a Ruby variable's sigil."""
    assert configmap_messages("settings.py", f"@password = '{FAKE}'\n", FAKE) == []


def test_a_long_line_of_sigils_stays_linear() -> None:
    started = time.perf_counter()
    configmap_messages(KEY, "@@" * 16384 + "password = " + "@" * 32768 + f"'{FAKE}'\n", FAKE)
    assert time.perf_counter() - started < 6
