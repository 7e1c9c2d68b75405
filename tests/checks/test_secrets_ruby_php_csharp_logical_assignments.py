"""disallow-plaintext-secrets: Ruby's ``@password ||= '...'`` and ``config.password ||= '...'``, PHP's
``$password ??= '...';`` and C#'s ``password ??= "...";`` (a default given when none is set) were
admitted; since 1.25.565 they are read as ``=`` is, as JavaScript's ``||=`` and ``??=`` are since
1.25.517 (C# and PHP over two lines too). A computed value, an empty string, nil, a placeholder and
an operator the language does not have stay harmless."""

from __future__ import annotations

import time

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text", "shown"),
    [
        ("settings.rb", f"@password ||= '{FAKE}'\n", "password"),
        ("settings.rb", f'  @@api_token ||= "{FAKE}"\n', "api_token"),
        ("settings.rb", f'config.password ||= "{FAKE}"\n', "password"),
        ("settings.rb", f"ENV['DB_PASSWORD'] ||= '{FAKE}'\n", "DB_PASSWORD"),
        ("settings.rb", f"@password ||= ENV.fetch('DB_PASSWORD', '{FAKE}')\n", "password"),
        ("config.php", f"$password ??= '{FAKE}';\n", "password"),
        ("config.php", f"$config['db']['password'] ??= \"{FAKE}\";\n", "password"),
        ("config.php", f"$this->apiKey ??= '{FAKE}';\n", "apiKey"),
        ("config.php", f"$password ??=\n    '{FAKE}';\n", "password"),
        ("Startup.cs", f'password ??= "{FAKE}";\n', "password"),
        ("Startup.cs", f'options.ApiToken ??= @"{FAKE}";\n', "ApiToken"),
        ("Startup.cs", f'options.ApiToken ??=\n    "{FAKE}";\n', "ApiToken"),
    ],
)
def test_a_logical_assignment_of_a_literal_is_reported_once(key: str, text: str, shown: str) -> None:
    """Was admitted."""
    decision = decide(configmap({key: "x = load()\n" + text}))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert f'key "{key}" sets "{shown}" in plain text (line 2)' in message, message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("settings.rb", "@password ||= ENV['DB_PASSWORD']\n"),
        ("settings.rb", "@token ||= SecureRandom.hex(32)\n"),
        ("settings.rb", "@password ||= ''\n"),
        ("settings.rb", "@password ||= nil\n"),
        ("settings.rb", "@timeout ||= '30s'\n"),
        ("settings.rb", f"@password ??= '{FAKE}'\n"),  # no Ruby operator
        ("settings.rb", f"@password &&= '{FAKE}'\n"),  # replaces a value set, gives no default
        ("config.php", "$password ??= getenv('DB_PASSWORD');\n"),
        ("config.php", "$password ??= $_ENV['DB_PASSWORD'];\n"),
        ("config.php", "$password ??= '';\n"),
        ("config.php", f"$password ||= '{FAKE}';\n"),  # no PHP operator
        ("config.php", "$password ??=\n    getenv('DB_PASSWORD');\n"),
        ("Startup.cs", 'password ??= Environment.GetEnvironmentVariable("DB_PASSWORD");\n'),
        ("Startup.cs", "_token ??= await GetTokenAsync();\n"),
        ("Startup.cs", 'options.Region ??= "eu-west-1";\n'),
        ("Startup.cs", f'password ||= "{FAKE}";\n'),  # no C# operator
        ("settings.py", f"password ||= '{FAKE}'\n"),  # no Python operator
    ],
)
def test_a_computed_value_a_placeholder_and_other_code_are_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_a_long_line_of_logical_assignments_stays_linear() -> None:
    started = time.perf_counter()
    for key in ("settings.rb", "config.php", "Startup.cs"):
        configmap_messages(key, "@@" * 8192 + "password " + "??= ||= " * 8192 + f"'{FAKE}'\n", FAKE)
    assert time.perf_counter() - started < 6
