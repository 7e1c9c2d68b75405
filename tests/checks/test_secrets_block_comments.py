"""disallow-plaintext-secrets: the text of a block comment (``/* ... */``, a JSDoc's `` * `` lines) in a
key named as source code is documentation: it sets nothing, as a ``//`` line does not. A JSDoc
``@example { password: '...' }`` and a one-line ``/* { password: '...' } */`` were reported as
setting "password" in plain text. Code after a ``*/`` on its line is read; a ``/*`` in a string
opens no comment; a credential's shape (a connection string, a token) in a comment stays reported."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.source_code import block_comments_blanked, code_set_apart

OBJECT = "{ password: '%s' }" % FAKE


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.js", "/**\n * @example %s\n */\nmodule.exports = {};\n" % OBJECT),
        ("app.js", "/* %s */\n" % OBJECT),
        ("app.js", "/* %s */" % OBJECT),
        ("app.ts", "/*\n  const cfg = %s;\n*/\nexport {};\n" % OBJECT),
        ("app.mjs", "const a = 1; /* cfg = %s */\n" % OBJECT),
        ("App.java", '/*\nString password = "%s";\n*/\nclass App {}\n' % FAKE),
        ("App.kt", '/*\n val password = "%s"\n */\nfun main() {}\n' % FAKE),
        ("main.go", '/*\ncfg := Config{Password: "%s"}\n*/\npackage main\n' % FAKE),
        ("index.php", "<?php\n/*\n $cfg = ['password' => '%s'];\n */\n" % FAKE),
        ("Db.cs", '/*\n var password = "%s";\n */\nclass Db {}\n' % FAKE),
        ("app.groovy", '/* def password = "%s" */\nprintln "hi"\n' % FAKE),
    ],
)
def test_a_setting_in_a_block_comment_is_not_reported(key: str, text: str) -> None:
    """Was reported: sets "password" in plain text (the comment's line)."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("/* a note */ const password = '%s';\n" % FAKE, 1),  # was a miss
        ("const x = 1; /* a note */ const password = '%s';\n" % FAKE, 1),  # was a miss
        ("/*\n * docs\n */ const password = '%s';\n" % FAKE, 3),
        ("/* %s */\nconst cfg = %s;\n" % (OBJECT, OBJECT), 2),
        ("const glob = 'src/**/*.js'; const password = '%s';\n" % FAKE, 1),
        ("const open = \"/*\"; const password = '%s';\n" % FAKE, 1),
        ("const t = `/*`;\nconst password = '%s';\nconst u = '*/';\n" % FAKE, 2),
        ("const re = /[/*]/;\nconst password = '%s';\n" % FAKE, 2),  # a /* nothing closes hides nothing
    ],
)
def test_code_outside_a_block_comment_stays_reported(text: str, line: int) -> None:
    messages = configmap_messages("app.js", text, FAKE)
    assert len(messages) == 1 and '"password"' in messages[0] and f"(line {line})" in messages[0], messages


def test_a_comment_in_python_is_not_a_block_comment() -> None:
    """``/*`` opens no comment in Python nor Ruby: there the line is read as before."""
    assert len(configmap_messages("app.py", "x = 2 /* 3\npassword = '%s'\ny = 4 */ 5\n" % FAKE, FAKE)) == 1
    assert len(configmap_messages("app.rb", "x = 2 /* 3\npassword = '%s'\ny = 4 */ 5\n" % FAKE, FAKE)) == 1


def test_a_credential_s_shape_in_a_block_comment_stays_reported() -> None:
    """As in a ``//`` comment: a connection string in a comment is one (a real password there leaks)."""
    text = "/* postgres://app:%s@db:5432/app */\nmodule.exports = {};\n" % FAKE
    messages = configmap_messages("app.js", text, FAKE)
    assert len(messages) == 1 and "URL with a password" in messages[0]


def test_the_blanked_text_keeps_its_lines_and_columns() -> None:
    text = "a /* b\n * c */ d\n'/*' e /**/ f\n/* open"
    blanked = block_comments_blanked(text, ".js")
    assert blanked == "a" + " " * 5 + "\n" + " " * 8 + "d\n'/*' e" + " " * 6 + "f\n/* open"
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert block_comments_blanked(text, ".py") == text


@pytest.mark.parametrize(
    "text",
    [
        "/*" * 32768,
        "/*x" + "\n*" * 32768,
        "'/*" * 21000,
        "x = 1 /* a */" * 5000 + "\n",
        "/* " + "a = b\n" * 10000 + "*/\n" + "password = 'x'\n",
    ],
)
def test_a_long_text_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    assert len(block_comments_blanked(text, ".js")) == len(text)
    code_set_apart(text, ".js")
    configmap_messages("app.js", text, FAKE)
    assert time.perf_counter() - start < 2.0
