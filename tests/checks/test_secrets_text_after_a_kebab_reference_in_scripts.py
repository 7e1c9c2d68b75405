"""disallow-plaintext-secrets: literal text glued after a Spring property in kebab case
(``${db-password}hunter2``: the shell reads ``$db`` or the word ``password``, the text after it is
written either way) or after a placeholder whose default is a literal (``${PW:-hunter2}x``) is a
literal in an ``sh -c`` script as in a ConfigMap's run.sh, where a config file's reading already
reported it; references with punctuation only stay harmless in both. No message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod

from webhook.checks.secrets.values import glued_literal_parts, shell_literal

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "value",
    [
        f"${{db-password}}{FAKE}",
        f"${{db-password}}_{FAKE}",
        f'"${{db-password}}"{FAKE}',
        f"${{client-secret}}:{FAKE}",
        f"${{db-password}}-${{db-user}}{FAKE}",
        f"${{db-password}}${{db-user}}-{FAKE}",
        f"${{db-host}}{FAKE}",  # the shell's default host, then the text: both written
        f"${{PW:-{FAKE}}}x",
        f"${{pw-{FAKE}}}x",
    ],
)
def test_text_after_the_reference_is_reported_in_both(value: str) -> None:
    for script in (f"export DB_PASSWORD={value}\n", f"DB_PASSWORD={value} ./app\n"):
        in_key, in_sh_c = key_and_sh_c_messages(script)
        assert len(in_key) == 1 and 'key "run.sh" sets "DB_PASSWORD" in plain text (line 1)' in in_key[0], in_key
        assert len(in_sh_c) == 1 and 'args[0] sets "DB_PASSWORD" in plain text' in in_sh_c[0], in_sh_c


def test_in_args_too() -> None:
    decision = decide(pod([container(args=[f"spring.datasource.password=${{db-password}}{FAKE}"])]))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "spring.datasource.password" in plain text' in message


@pytest.mark.parametrize(
    "value",
    [
        "${db-password}",
        "${db-user}:${db-password}",
        "${db-password}-${db-user}",
        "${api-token}-${app-name}",
        '"${db-password}"',
        "${PW:-}",
        "${PW:-$B}",
    ],
)
def test_references_with_punctuation_only_stay_harmless_in_both(value: str) -> None:
    assert key_and_sh_c_messages(f"export DB_PASSWORD={value}\n") == [[], []]


def test_the_reading_of_a_word() -> None:
    assert glued_literal_parts(f"${{db-password}}{FAKE}") == [FAKE]
    assert glued_literal_parts("${db-password}-${db-user}") == []
    assert glued_literal_parts("${client-secret}/secret.txt") == []  # a path after it: none
    assert shell_literal("${PW:-x}") is not None and shell_literal("${PW:-}x") is None
    assert shell_literal("${A:-${B}}x") is None  # a reference for the default: no literal default


def test_a_long_word_is_read_in_linear_time() -> None:
    for word in ("${a-b" * 13_000, "${db-password}" * 4_600 + "x", "${PW:-" + "x" * 65_000):
        started = time.perf_counter()
        glued_literal_parts(word)
        shell_literal(word)
        assert time.perf_counter() - started < 1.0
