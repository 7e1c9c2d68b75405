"""disallow-plaintext-secrets: JavaScript's and TypeScript's logical assignments, ``config.password
||= '...'`` and ``??= '...'`` (a default given when none is set), were admitted (1.25.496 read ``=``
assignments); since 1.25.517 they are read as ``=`` is, on one line or over two. A computed value,
an empty string, a placeholder, ``&&=`` and other source code stay harmless."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("key", "text", "shown"),
    [
        ("config.js", f"config.password ||= '{FAKE}';\n", "password"),
        ("config.ts", f'this.apiToken ??= "{FAKE}";\n', "apiToken"),
        ("config.ts", f"config['dbPassword'] ??= '{FAKE}';\n", "dbPassword"),
        ("settings.mjs", f"  options.auth.password ||= `{FAKE}`;\n", "password"),
        ("config.ts", f"config.password ??= process.env.DB_PASSWORD ?? '{FAKE}';\n", "password"),
        ("config.ts", f"config.password ??=\n  '{FAKE}';\n", "password"),
        ("config.js", f"config.password ||= // set by ops\n  '{FAKE}';\n", "password"),
    ],
)
def test_a_logical_assignment_of_a_literal_is_reported(key: str, text: str, shown: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages(key, "const config = load();\n" + text, FAKE)
    assert f'key "{key}" sets "{shown}" in plain text (line 2)' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("config.js", "config.password ||= process.env.DB_PASSWORD;\n"),
        ("config.js", "config.password ??= '';\n"),
        ("config.js", "config.password ??= '<changeme>';\n"),
        ("config.js", "config.password ??= '${DB_PASSWORD}';\n"),
        ("config.js", "options.timeout ||= '30s';\n"),
        ("config.js", "config.token ??= await fetchToken();\n"),
        ("config.ts", "config.password ??=\n  process.env.DB_PASSWORD;\n"),
        ("config.ts", f"config.password &&= '{FAKE}';\n"),  # replaces a value set, gives no default
        ("config.ts", f"if (check(a ??= b)) config.password ||= x; // '{FAKE}'\n"),
        ("Config.java", f"x ||=\n  '{FAKE}';\n"),  # no JavaScript
    ],
)
def test_a_computed_value_a_placeholder_and_other_code_are_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_a_long_line_of_logical_assignments_stays_linear() -> None:
    import time

    text = "config.password " + "??= ||= " * 8192 + f"'{FAKE}';\n"
    started = time.perf_counter()
    configmap_messages("config.ts", text, FAKE)
    assert time.perf_counter() - started < 4
