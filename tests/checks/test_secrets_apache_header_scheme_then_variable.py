"""Apache's ``RequestHeader`` under a header other than ``Authorization`` with a scheme's name before
a variable (``X-Api-Key "Bearer %{PACS_API_KEY}e"``) writes no credential: the scheme's name left once
the variable is removed is none (reported before 1.25.564); a literal beside it stays reported once."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize("header", ["X-Api-Key", "X-Auth-Token", "Api-Token"])
@pytest.mark.parametrize("value", ['"Bearer %{PACS_API_KEY}e"', '"token %{LAB_TOKEN}e"', '"Basic %{B64}e"', '"Bearer %{SSL_CLIENT_S_DN_CN}s"'])
@pytest.mark.parametrize("verb", ["set", "append", "add"])
def test_a_scheme_before_a_variable_is_no_credential(header: str, value: str, verb: str) -> None:
    text = f"<Location /pacs>\n  RequestHeader {verb} {header} {value}\n</Location>\n"
    assert configmap_messages("httpd.conf", text, FAKE) == []


@pytest.mark.parametrize(
    "value",
    [
        f'"Bearer %{{PACS_API_KEY}}e {FAKE}"',
        f'"{FAKE} %{{PACS_API_KEY}}e"',
        f'"Bearer{FAKE}%{{PACS_API_KEY}}e"',
        f'"Key %{{PACS_API_KEY}}e{FAKE}"',
    ],
)
def test_a_literal_beside_the_variable_stays_reported_once(value: str) -> None:
    text = f'<Location /pacs>\n  RequestHeader set X-Auth-Token "Token %{{LAB_TOKEN}}e"\n  RequestHeader set X-Api-Key {value}\n</Location>\n'
    decision = decide(configmap({"httpd.conf": text}))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "RequestHeader X-Api-Key" in plain text (line 3)' in message, message


def test_a_word_that_is_no_scheme_before_a_variable_stays_reported() -> None:
    (message,) = configmap_messages("httpd.conf", 'RequestHeader set X-Api-Key "hunter2x9 %{PACS_API_KEY}e"\n', "hunter2x9")
    assert 'sets "RequestHeader X-Api-Key" in plain text (line 1)' in message, message


def test_a_scheme_then_a_literal_without_a_variable_stays_reported() -> None:
    (message,) = configmap_messages("httpd.conf", f'RequestHeader set X-Api-Key "Bearer {FAKE}"\n', FAKE)
    assert "bearer token" in message, message
