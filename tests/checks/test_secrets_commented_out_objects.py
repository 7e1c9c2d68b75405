"""disallow-plaintext-secrets: an object written on a comment line (``# db = {"password": "..."}`` in
YAML or INI, ``// const cfg = { password: "..." }`` in a JavaScript key) sets nothing, as a commented-
out ``name = value`` line sets nothing. The reader of objects on a line read comment lines as code,
so each such line was reported as setting "password" in plain text."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

OBJECT = '{"password": "%s"}' % FAKE


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("config.yaml", "# db = " + OBJECT),
        ("config.yaml", "  # return ['host' => 'db', 'password' => '%s'];" % FAKE),
        ("app.ini", "# db = " + OBJECT),
        ("app.ini", "; db = " + OBJECT),
        ("settings", ";; db = " + OBJECT),
        ("settings", "// cfg = { password: '%s' }" % FAKE),
        ("app.js", "// const cfg = { password: '%s' }" % FAKE),
        ("app.ts", "    // cfg = { password: '%s' };" % FAKE),
        ("app.py", "# cfg = " + OBJECT),
        ("app.rb", "# cfg = { password: '%s' }" % FAKE),
        ("app.php", "// $cfg = ['password' => '%s'];" % FAKE),
        ("app.php", "# $cfg = ['password' => '%s'];" % FAKE),
    ],
)
def test_an_object_on_a_comment_line_is_not_reported(key: str, line: str) -> None:
    """Was reported: sets "password" in plain text (line 1)."""
    assert configmap_messages(key, line + "\nhost: db\n", FAKE) == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("config.yaml", "db: " + OBJECT),
        ("app.ini", "db = " + OBJECT),
        ("app.js", "const cfg = { password: '%s' } // for now" % FAKE),
        ("app.js", "#cfg = { password: '%s' }" % FAKE),  # a private field, no comment
        ("app.py", "cfg = " + OBJECT + "  # for now"),
        ("settings", "//registry.example.org/:_authToken = {password: '%s'}" % FAKE),
    ],
)
def test_an_object_on_a_line_of_code_stays_reported(key: str, line: str) -> None:
    messages = configmap_messages(key, "# a comment\n" + line + "\n", FAKE)
    assert len(messages) == 1 and "(line 2)" in messages[0]


def test_comment_marks_are_read_by_the_key_s_language() -> None:
    """``#`` starts no comment in JavaScript (a private field), ``//`` none in Python: there the line is
    read as before."""
    assert len(configmap_messages("app.py", "// cfg = " + OBJECT + "\n", FAKE)) == 1
