"""disallow-plaintext-secrets: a line of a config file that starts with ``;`` is a comment whether or
not a blank follows it, as one that starts with ``#`` is: ``;db = {password: '...'}`` in an INI key
was reported as setting "password" in plain text, while ``; db = {...}`` and ``#db = {...}`` were not.
A ``;`` that guards a JavaScript statement starting its line (``;(function () {``) stays code, and a
connection string's ``;Password=`` entry stays a secret."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.config_files import _COMMENT_LINE

OBJECT = "{password: '%s'}" % FAKE


@pytest.mark.parametrize("key", ["app.ini", "php.ini", "my.cnf", "settings"])
@pytest.mark.parametrize(
    "line",
    [
        ";db = " + OBJECT,
        "  ;db = " + OBJECT,
        ";db: " + OBJECT,
        ";'db' => ['password' => '%s']," % FAKE,
        ";$cfg = ['password' => '%s'];" % FAKE,
        "; db = " + OBJECT,
        "#db = " + OBJECT,
        "# db = " + OBJECT,
    ],
)
def test_an_object_on_a_comment_line_is_not_reported_with_or_without_a_blank(key: str, line: str) -> None:
    """Was reported (``;`` then a name or a quote): sets "password" in plain text (line 2)."""
    assert configmap_messages(key, "[db]\n" + line + "\nhost = db\n", FAKE) == []


@pytest.mark.parametrize(
    "line",
    [
        ";(function () { var cfg = %s })();" % OBJECT,
        ";var cfg = %s" % OBJECT,
        ";const cfg = %s" % OBJECT,
        "db = " + OBJECT,
    ],
)
def test_an_object_on_a_line_of_code_stays_reported(line: str) -> None:
    messages = configmap_messages("settings", "x = 1\n" + line + "\n", FAKE)
    assert len(messages) == 1 and "password" in messages[0] and "(line 2)" in messages[0], messages


def test_the_object_below_a_comment_line_without_a_blank_stays_reported() -> None:
    messages = configmap_messages("app.ini", ";db = {password: process.env.PW}\ndb = %s\n" % OBJECT, FAKE)
    assert len(messages) == 1 and "(line 2)" in messages[0]


@pytest.mark.parametrize("value", [";Password=%s", "Server=db;Password=%s;", "Server=db ;Password=%s"])
def test_a_connection_string_s_password_entry_stays_reported(value: str) -> None:
    decision = decide(pod([container(env=[{"name": "CONN", "value": value % FAKE}])]))
    assert FAKE not in everything_shown(decision)
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    # named by its line (1.25.348): a connection string where it names a server, else settings
    assert ("a connection string" if "Server=" in value else "settings with a password") in finding.message


def test_a_password_setting_ending_in_a_semicolon_stays_reported() -> None:
    messages = configmap_messages("settings", "password=%s;\nhost=db\n" % FAKE, FAKE)
    assert len(messages) == 1 and "password" in messages[0] and "(line 1)" in messages[0]


def test_a_long_line_of_semicolons_is_read_in_linear_time() -> None:
    start = time.perf_counter()
    for text in (";" * 65536, " " * 65536 + ";", ";var" * 16000, ";(" * 32000):
        _COMMENT_LINE.match(text)
    configmap_messages("app.ini", ";db = {" + "a: 'b', " * 8000 + "}\n", FAKE)
    assert time.perf_counter() - start < 2.0
