"""disallow-plaintext-secrets: a PHP assignment whose ``=`` ends a line and whose value follows a
comment on lines of its own, ``$db_password =`` / ``/* set by ops */`` / ``'...';``, was admitted
(1.25.476 read the value on the next line, 1.25.497 after a ``//`` comment on the ``=``'s line);
since 1.25.518 block comments, ``//`` and ``#`` lines alone between are passed over. A blank line
between, code below and a neutral name stay harmless, as over two lines."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("text", "shown", "line"),
    [
        (f"$db_password =\n  /* set by ops */\n  '{FAKE}';\n", "db_password", 2),
        (f'$db_password =\n  /*\n   * set by ops\n   */\n  "{FAKE}";\n', "db_password", 2),
        (f"$db_password =\n  // set by ops\n  # rotated monthly\n  '{FAKE}';\n", "db_password", 2),
        (f"$db_pass\n  /* ops */\n  = '{FAKE}';\n", "db_pass", 2),
        (f"$db_host = 'db';\n$cfg['db']['password'] =\n    /* vault sync */ /* later */\n    '{FAKE}';\n", "password", 3),
    ],
)
def test_a_php_value_after_comment_lines_is_reported(text: str, shown: str, line: int) -> None:
    """Was admitted."""
    (message,) = configmap_messages("config.php", "<?php\n" + text, FAKE)
    assert f'key "config.php" sets "{shown}" in plain text (line {line})' in message


@pytest.mark.parametrize(
    "text",
    [
        f"$db_password =\n  /* set by ops */\n\n  '{FAKE}';\n",  # a blank line between: no value below
        "$db_password =\n  /* set by ops */\n  getenv('DB_PASSWORD');\n",
        "$db_password =\n  // from the environment\n  $_ENV['DB_PASSWORD'] ?? '';\n",
        "$db_password =\n  /* set by ops */\n  '';\n",
        "$db_password =\n  /* set by ops */\n  '<password>';\n",
        f"$db_user =\n  /* set by ops */\n  '{FAKE}';\n",  # a neutral name
        f"$db_password =\n  /* set by ops */\n$user = '{FAKE}';\n",  # the next line's own assignment
        f"$db_password = getenv('PW');\n/* a */\n'{FAKE}';\n",
    ],
)
def test_code_a_placeholder_or_a_blank_line_after_comment_lines_is_not_reported(text: str) -> None:
    assert configmap_messages("config.php", "<?php\n" + text, FAKE) == []


def test_the_same_lines_in_a_key_of_another_language_are_not_joined() -> None:
    assert configmap_messages("app.py", f"$password =\n# note\n'{FAKE}'\n", FAKE) == []


def test_many_heads_and_comment_lines_stay_linear() -> None:
    import time

    text = "<?php\n" + "$password =\n/* a */\n// b\n" * 4096 + "/*\n" + " * c\n" * 8192 + " */\n" + f"'{FAKE}';\n"
    started = time.perf_counter()
    (message,) = configmap_messages("config.php", text, FAKE)
    assert "(line 12287)" in message
    assert time.perf_counter() - started < 4
