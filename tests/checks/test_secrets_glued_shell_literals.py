"""disallow-plaintext-secrets: a sensitive shell assignment whose value glues literal text to references
(``export DB_PASSWORD=${DB_PASSWORD}hunter2``, ``DB_PASSWORD="$PREFIX"hunter2``, ``TOKEN=${T:-}abc123``)
sets that literal: it is judged as the value, in a ConfigMap's script and in an ``sh -c`` argument,
while references alone, with punctuation, a path after one or another expansion hold none. The
values are fakes; no finding shows one."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown, script_pod

from webhook.checks.secrets.shell_reader import unquoted
from webhook.checks.secrets.values import glued_literal_parts

POLICY = "disallow-plaintext-secrets"
SECRET = "Zq7fakePW9xy"

GLUED = [
    (f"export DB_PASSWORD=${{DB_PASSWORD}}{SECRET}", "DB_PASSWORD"),
    (f'DB_PASSWORD="$PREFIX"{SECRET}', "DB_PASSWORD"),
    (f"TOKEN=${{T:-}}{SECRET}", "TOKEN"),
    (f"API_TOKEN=${{T:-$B}}_{SECRET} ./app", "API_TOKEN"),
    (f"export DB_PASSWORD={SECRET}${{DB_PASSWORD}}", "DB_PASSWORD"),
    (f"PGPASSWORD=${{DB_PASSWORD}}{SECRET} psql -h db", "PGPASSWORD"),
]

HARMLESS = [
    "export DB_PASSWORD=${DB_PASSWORD}",
    'DB_PASSWORD="${DB_PASSWORD}"',
    "PASSWORD_FILE=$DIR/pw",
    "PASSWORD_FILE=${SECRETS_DIR}/db/password",
    "DB_PASSWORD=$PW:",
    "DB_PASSWORD=${A}${B}",
    "DB_PASSWORD=${A}_${B}",
    'DB_PASSWORD="$A"_"$B"',
    "TOKEN=${T:-}",
    "TOKEN=${T:-}${U}",
    "TOKEN=${T:0:8}abc",
    "TOKEN=$(cat /run/secrets/t)abc",
]


def _pod_messages(script: str) -> list[str]:
    decision = decide(script_pod(script))
    assert SECRET not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(("script", "name"), GLUED)
def test_a_literal_glued_to_a_reference_is_reported_in_a_configmap_script(script: str, name: str) -> None:
    messages = configmap_messages("run.sh", f"#!/bin/sh\n{script}\n", SECRET, POLICY)
    assert len(messages) == 1 and f'sets "{name}" in plain text (line 2)' in messages[0], messages


@pytest.mark.parametrize(("script", "name"), GLUED)
def test_a_literal_glued_to_a_reference_is_reported_in_an_sh_c_argument(script: str, name: str) -> None:
    for text in (script, f"curl -sf https://h.example/x; {script}"):  # read whole, and split into commands
        messages = _pod_messages(text)
        assert len(messages) == 1 and f'sets "{name}" in plain text' in messages[0], (text, messages)


@pytest.mark.parametrize("script", HARMLESS)
def test_references_with_punctuation_paths_or_other_expansions_are_not_reported(script: str) -> None:
    assert configmap_messages("run.sh", f"#!/bin/sh\n{script}\nexec ./app\n", SECRET, POLICY) == []
    assert _pod_messages(script) == []
    assert _pod_messages(f"curl -sf https://h.example/x; {script}") == []


def test_the_fake_of_the_cases_is_not_shown() -> None:
    decision = decide(script_pod(f"export DB_PASSWORD=${{DB_PASSWORD}}{FAKE}\nexec ./app"))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'sets "DB_PASSWORD"' in finding.message
    assert FAKE not in everything_shown(decision)


def test_a_quoted_variable_glued_to_text_keeps_its_name() -> None:
    assert unquoted('PW="$PREFIX"abc') == "PW=${PREFIX}abc"
    assert unquoted('PW="$PREFIX"/x') == "PW=$PREFIX/x"
    assert unquoted('PW="\\$PREFIX"abc') == "PW=$PREFIXabc"  # escaped: text, not a variable
    assert unquoted("PW='$PREFIX'abc") == "PW=$PREFIXabc"


def test_the_literal_parts_of_a_word() -> None:
    assert glued_literal_parts("${A}hunter2${B}") == ["hunter2"]
    assert glued_literal_parts("${A}_x_${B}") == ["x"]
    assert glued_literal_parts("$DIR/pw") == []
    assert glued_literal_parts("app:$PW") == []
    assert glued_literal_parts("hunter2") == []  # no reference: judged as written elsewhere
    assert glued_literal_parts("${T:-x}y") == []
    assert glued_literal_parts("$ecret!") == []


def test_an_adversarial_assignment_is_read_in_linear_time() -> None:
    text = 'PW=$a"' + " PW=$a\"b" * 8000 + "x" * 64 * 1024
    started = time.perf_counter()
    decide(script_pod(text))
    decide(script_pod("curl x; " + text))
    glued_literal_parts("$a" * 32 * 1024 + "x")
    assert time.perf_counter() - started < 5
