"""disallow-plaintext-secrets: a line of an INI file that starts with ``;`` is a comment, as one that
starts with ``#`` is. Its ``;`` was read as the separator of a connection string's entries
(``Server=db;Password=...``), so ``; password = ...`` in an ``.ini``, ``.cfg``, ``php.ini`` or
``my.cnf`` was reported as a connection string with a password, while ``# password = ...`` was not;
and in a my.cnf with ``host=`` and ``user=`` settings, either comment was reported as one."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.values import credential_kind, credential_kinds, password_setting_kind


@pytest.mark.parametrize("key", ["app.ini", "app.cfg", "my.cnf", "php.ini", "settings"])
@pytest.mark.parametrize("mark", [";", "  ;", "#"])
def test_a_commented_out_password_setting_is_not_reported(key: str, mark: str) -> None:
    """Was reported (``;``): holds a connection string with a password in plain text."""
    text = "[db]\n%s password = %s\nhost = db\n" % (mark, FAKE)
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize("mark", [";", "#", "; #"])
def test_a_commented_out_password_beside_libpq_settings_is_not_reported(mark: str) -> None:
    """Was reported: my.cnf's host=db and user=app made it a libpq connection string's password."""
    text = "[client]\nhost=db\nuser=app\n%s password=%s\n" % (mark, FAKE)
    assert configmap_messages("my.cnf", text, FAKE) == []
    assert password_setting_kind(text) is None


def test_the_password_set_below_a_commented_out_one_is_reported() -> None:
    text = "[db]\n; password = %s\npassword = %s\n" % (FAKE, FAKE)
    messages = configmap_messages("app.ini", text, FAKE)
    assert len(messages) == 1 and '"password"' in messages[0] and "(line 3)" in messages[0]


@pytest.mark.parametrize(
    "value",
    ["Server=db;Password=%s", "Server=db ; Password=%s", "Server=db;\nPassword=%s", ";Password=%s", "x=1\t;\tpassword=%s"],
)
def test_a_connection_string_stays_reported(value: str) -> None:
    """A ``;`` with text before it on its line, or at the start of a value of one line, still
    separates a connection string's entries."""
    kind = "a connection string with a password" if "Server=" in value else "settings with a password"  # no target: settings
    assert credential_kind(value % FAKE) == kind
    assert credential_kinds(value % FAKE) == [kind]
    decision = decide(pod([container(env=[{"name": "CONN", "value": value % FAKE}])]))
    assert FAKE not in everything_shown(decision)
    assert len([f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]) == 1


def test_an_ini_comment_in_a_text_of_several_lines_is_no_entry() -> None:
    assert credential_kind("[db]\n; password = %s\n" % FAKE) is None
    assert credential_kinds("[db]\nServer = db\n  ;Password=%s\n" % FAKE) == []
    assert credential_kinds("host=db\n;password=%s\n" % FAKE) == []
    # a connection string's entry alone on the first line, a ;Key= line continuing it (1.25.336)
    assert credential_kinds("Server=db\n  ;Password=%s\n" % FAKE) == ["a connection string with a password"]


@pytest.mark.parametrize("text", ["a" + " " * 65536 + "x", "a ;" * 22000, " ;\n" * 22000 + "password=x", "a=1" + "\t" * 65536 + ";password"])
def test_a_long_text_of_blanks_and_semicolons_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    credential_kind(text)
    credential_kinds(text)
    password_setting_kind("host=db\n" + "; " * 30000 + "password=x")
    assert time.perf_counter() - start < 1.0
