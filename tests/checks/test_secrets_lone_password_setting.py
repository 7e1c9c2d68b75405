"""disallow-plaintext-secrets: a value of one line that is one password setting alone
(``PASSWORD=...``, no other entry: no ``Server=db;``, no ``host=db``) is a setting, in an env value
and in a ConfigMap entry: named as such (``sets "PASSWORD"``, not "a connection string") and its
value judged as a setting's is, as on a later line of the same text (``none``, ``null`` and a
reference are no password; ``changeme`` and ``${PW}x`` are)."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"


def _env(value: str) -> dict[str, Any]:
    return pod([container(env=[{"name": "OPTS", "value": value}])])


def _messages(obj: dict[str, Any]) -> list[str]:
    return [finding.message for finding in findings(obj, POLICY)]


@pytest.mark.parametrize("text", ["PASSWORD=none", "password=null", "Password=NONE", "PWD=nil", "PASSWORD=unset", "password=none;", "password=${PW}", "password=${PW} text", "PASSWORD=$(PW)"])
def test_a_lone_password_setting_without_a_literal_is_not_reported(text: str) -> None:
    assert _messages(_env(text)) == []
    assert _messages(configmap({"opts": text})) == []
    assert _messages(_env(f"LOG_LEVEL=info\n{text}")) == []  # as on a later line


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("PASSWORD=changeme", "PASSWORD"),
        (f"password={FAKE}", "password"),
        (f"Password={FAKE}\n", "Password"),
        (f"password={FAKE} text", "password"),
        (f"PWD={FAKE};", "PWD"),
        (f"password=${{PW}}{FAKE}", "password"),
        (f"password=${{PW}}{FAKE} text", "password"),
        (f"PASSWORD=${{PW}}{FAKE}", "PASSWORD"),
        (f"password = '{FAKE}' // from the pod", "password"),
    ],
)
def test_a_lone_password_setting_with_a_literal_is_named_as_a_setting(text: str, setting: str) -> None:
    decision = decide(_env(text))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.message.startswith(f'container "app" env var "OPTS" sets "{setting}" in plain text.'), finding.message
    assert FAKE not in everything_shown(decision)
    (entry,) = findings(configmap({"opts": text}), POLICY)
    assert entry.message.startswith(f'ConfigMap "config" key "opts" sets "{setting}" in plain text'), entry.message
    assert _messages(_env(f"LOG_LEVEL=info\n{text}")) != []  # as on a later line


@pytest.mark.parametrize(
    "text",
    [
        f"Password={FAKE};Server=db",
        f"Server=db;Password={FAKE}",
        f"password={FAKE} host=db",
        f"jdbc:postgresql://db/app?user=app&password={FAKE}",
        f"password={FAKE}==",  # base64 padding: not read as one setting, still reported as before
    ],
)
def test_a_password_beside_other_entries_is_still_a_connection_string(text: str) -> None:
    (message,) = _messages(_env(text))
    assert 'env var "OPTS" holds a connection string with a password in plain text' in message
    (message,) = _messages(configmap({"opts": text}))
    assert 'key "opts" holds a connection string with a password in plain text' in message
