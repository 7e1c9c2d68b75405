"""disallow-plaintext-secrets: a value of one line that is one password setting alone
(``PASSWORD=...``, no other entry: no ``Server=db;``, no ``host=db``) is a setting, in an env value,
a ConfigMap entry and an argument of command or args: named as such (``sets "PASSWORD"``, not "a connection string") and its
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
        f"password={FAKE}==",  # base64 padding: not read as one setting, still reported (as settings: no host entry)
    ],
)
def test_a_password_beside_other_entries_is_still_a_connection_string(text: str) -> None:
    kind = "settings with a password" if text.endswith("==") else "a connection string with a password"
    (message,) = _messages(_env(text))
    assert f'env var "OPTS" holds {kind} in plain text' in message
    (message,) = _messages(configmap({"opts": text}))
    assert f'key "opts" holds {kind} in plain text' in message


# --- the same setting as an argument: one word of args or command, alone or after an option ------


def _args(argv: list[str], field: str = "args") -> dict[str, Any]:
    return pod([container(**{field: argv})])


@pytest.mark.parametrize(
    "argv",
    [
        ["PASSWORD=none"],
        ["--opt", "PASSWORD=none"],
        ["--set", "password=null"],
        ["-e", "Password=NONE"],
        ["env", "PWD=nil", "./app"],
        ["PASSWORD=unset"],
        ["password=none;"],
        ["PASSWORD="],
        ["--opt", "PASSWORD=$(DB_PASSWORD)"],
    ],
)
@pytest.mark.parametrize("field", ["command", "args"])
def test_a_lone_password_setting_argument_without_a_literal_is_not_reported(argv: list[str], field: str) -> None:
    assert _messages(_args(argv, field)) == []


@pytest.mark.parametrize(
    ("argv", "index", "setting"),
    [
        ([f"PASSWORD={FAKE}"], 0, "PASSWORD"),
        (["--opt", f"PASSWORD={FAKE}"], 1, "PASSWORD"),
        (["--set", f"password={FAKE}"], 1, "password"),
        (["-e", f"Password={FAKE};"], 1, "Password"),
        (["env", f"PWD={FAKE}", "./app"], 1, "PWD"),
        (["PASSWORD=changeme"], 0, "PASSWORD"),
    ],
)
@pytest.mark.parametrize("field", ["command", "args"])
def test_a_lone_password_setting_argument_with_a_literal_is_named_as_a_setting(argv: list[str], index: int, setting: str, field: str) -> None:
    decision = decide(_args(argv, field))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.message.startswith(f'container "app" {field}[{index}] sets "{setting}" in plain text.'), finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [f"Password={FAKE};Server=db", f"Server=db;Password={FAKE}", f"jdbc:postgresql://db/app?user=app&password={FAKE}"],
)
def test_a_password_beside_other_entries_in_an_argument_is_still_a_connection_string(text: str) -> None:
    (message,) = _messages(_args(["--opt", text]))
    assert 'args[1] holds a connection string with a password in plain text' in message


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (f"password = '{FAKE}' // from the pod", True),
        (f"PASSWORD={FAKE} --verbose", True),
        (f"PASSWORD={FAKE} x", True),
        ("password = ENV['DB_PASSWORD']", False),
        ("PASSWORD=none --verbose", False),
        ("password=${PW} text", False),
    ],
)
def test_a_lone_password_setting_argument_of_several_words_is_judged_as_in_an_env_value(text: str, reported: bool) -> None:
    expected = [f'container "app" env var "OPTS" sets "{text.split("=")[0].strip()}"'] if reported else []
    assert [message.split(" in plain text")[0] for message in _messages(_env(text))] == expected
    in_args = [message.split(" in plain text")[0] for message in _messages(_args(["--opt", text]))]
    assert in_args == [message.replace('env var "OPTS"', "args[1]") for message in expected]

@pytest.mark.parametrize("key", ["app.ini", "app.toml", ".env", "app.properties", "opts"])
@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("password = 8080 ; note", "password"),  # INI's comment after ;
        ("PASSWORD=8080;note", "PASSWORD"),
        ("password=8080&", "password"),
        (f"pwd = {FAKE} ; note", "pwd"),
        ("password = 8080 ; note\nhost = db", "password"),  # the first line of several
    ],
)
def test_a_password_setting_followed_by_no_other_entry_names_the_setting(key: str, text: str, setting: str) -> None:
    """What follows a ``;`` or ``&`` and holds no ``=`` (a comment, nothing) is no other entry: the
    line sets a password, not a connection string."""
    (message,) = _messages(configmap({key: text}))
    assert message.startswith(f'ConfigMap "config" key "{key}" sets "{setting}" in plain text'), message
    assert FAKE not in message


@pytest.mark.parametrize("key", ["app.ini", "opts"])
def test_a_short_number_before_an_ini_comment_is_a_measure(key: str) -> None:
    assert _messages(configmap({key: "password = 12 ; min length"})) == []


@pytest.mark.parametrize("text", [f"password={FAKE};host=db", f"password = {FAKE} ; user=app", f"password={FAKE}&user=app"])
def test_a_password_before_another_entry_is_still_a_connection_string(text: str) -> None:
    kind = "a connection string with a password" if "host=" in text else "settings with a password"  # user=app names no host
    (message,) = _messages(configmap({"opts": text}))
    assert f'key "opts" holds {kind} in plain text' in message


@pytest.mark.parametrize("key", ["app.ini", "app.toml", ".env", "opts"])
@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("PASSWORD = `Zq7fake-Abc123x` & y", "PASSWORD"),  # 1.25.87 read it as a setting, and its & y as part of the value
        ("PWD = `Zq7fake-Abc123x` & note", "PWD"),
        ("PASSWORD=`Zq7fake-Abc123x` & y", "PASSWORD"),
        ("password = `Zq7fake-Abc123x` ; y", "password"),
        ("password = 'Zq7fake-Abc123x' & y", "password"),
        ('password = "Zq7fake-Abc123x" & y', "password"),
        ("password = Zq7fake-Abc123x & y", "password"),
    ],
)
def test_a_note_after_an_ampersand_is_not_part_of_a_lone_settings_value(key: str, text: str, setting: str) -> None:
    """What follows a blank and a ``&`` on a lone password setting's line (no ``=`` in it: no other
    entry) is a note, as what follows a blank and a ``;`` is: the value is judged without it, in
    backquotes too, with or without blanks around the ``=``."""
    (message,) = _messages(configmap({key: text}))
    assert message.startswith(f'ConfigMap "config" key "{key}" sets "{setting}" in plain text'), message
    (message,) = _messages(_env(text))
    assert message.startswith(f'container "app" env var "OPTS" sets "{setting}" in plain text'), message


@pytest.mark.parametrize("text", ["password = 12 ; min length", "PASSWORD = `cat /run/pw` & y"])
def test_a_lone_setting_without_a_literal_before_its_note_is_not_reported(text: str) -> None:
    assert _messages(configmap({"opts": text})) == []
    assert _messages(_env(text)) == []


@pytest.mark.parametrize(
    "text",
    [f"password = 12 & {FAKE}", f"PASSWORD = none & {FAKE}", f"password = ${{PW}} & {FAKE}", f"password = 12 && {FAKE}", "password = 12 & min length"],
)
@pytest.mark.parametrize("key", ["opts", "app.ini", "app.toml"])
def test_a_lone_setting_with_no_literal_before_an_ampersand_is_judged_whole(key: str, text: str) -> None:
    """INI and TOML have no ``&`` note: when what precedes `` & `` holds no secret, the value is the
    whole text, as those files read it, and a literal after the ``&`` is reported (never shown)."""
    decision = decide(configmap({key: text}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'key "{key}" sets "' in finding.message, finding.message
    assert FAKE not in everything_shown(decision)
    (message,) = _messages(_env(text))
    assert message.startswith('container "app" env var "OPTS" sets "'), message
