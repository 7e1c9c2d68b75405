"""disallow-plaintext-secrets: a PHP entry's environment lookup left open with a ``//`` or a
``/* ... */`` comment after it (``'password' => env('DB_PASSWORD', // note`` then ``'...'),`` on the
next line) is read as the call on one line, as with a ``#`` comment; no literal default below, a
comment left open and a literal in the comment alone stay harmless. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

SET = 'ConfigMap "config" key "database.php" sets "password" in plain text (line 3)'


def _entry(after_the_call: str, below: str) -> str:
    return f"<?php\nreturn [\n  'password' => env('DB_PASSWORD',{after_the_call}\n    {below}),\n];\n"


@pytest.mark.parametrize("comment", [" // note", " /* the default */", "  /* a */  ", " # note", "// 'x' => y", ""])
def test_a_literal_default_below_a_commented_call_is_reported(comment: str) -> None:
    (said,) = configmap_messages("database.php", _entry(comment, f"'{FAKE}'"), FAKE)
    assert said.startswith(SET), said


@pytest.mark.parametrize(
    "text",
    [
        _entry(" // note", "null"),
        _entry(" /* none */", "''"),
        _entry(" // as the cache's", "env('CACHE_PASSWORD')"),
        _entry(f" // not '{FAKE}'", "null"),  # a literal in the comment alone
        _entry(f" /* not '{FAKE}'", "null"),  # a comment left open: no lookup left open
    ],
)
def test_no_literal_default_stays_harmless(text: str) -> None:
    assert configmap_messages("database.php", text, FAKE) == []


def test_a_long_comment_is_read_in_linear_time() -> None:
    for comment in (" /*" + "*" * 65_536, " /*" + "* " * 32_768 + "*/", " //" + "/*" * 32_768):
        started = time.perf_counter()
        configmap_messages("database.php", _entry(comment, f"'{FAKE}'"), FAKE)
        assert time.perf_counter() - started < 2.0
