"""disallow-plaintext-secrets: a ConfigMap's run.sh (or .env) reads its ``NAME=value`` lines as the
shell reads the word, as an ``sh -c`` argument does: a path or a file's name after a reference
(``${db-password}/x``, ``${db-password}.key``) and a masked ``x`` glued to one (``${DB_PASSWORD}x``)
set no secret in either (the run.sh's config reading reported them, judging the text whole), while
literal text glued to a reference is reported in both, from two characters on (one glued character
is a suffix, too short to be a secret: ``${DB_PASSWORD}y``). No message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

from webhook.checks.secrets.config_files import assigned_literal_secret
from webhook.checks.secrets.values import reads_shell_references

RUN_SH = 'key "run.sh" sets "DB_PASSWORD" in plain text (line 1)'
SH_C = 'args[0] sets "DB_PASSWORD" in plain text'


@pytest.mark.parametrize(
    "value",
    [
        "${db-password}x",
        "${DB_PASSWORD}x",
        '"${DB_PASSWORD}x"',
        "${db-password}/x",
        "${db-password}.key",
        "${DB_PASSWORD}.key",
        "${client-secret}/secret.txt",
    ],
)
def test_a_path_or_a_mask_after_a_reference_is_harmless_in_both(value: str) -> None:
    for script in (f"export DB_PASSWORD={value}\n", f"DB_PASSWORD={value} ./app\n", f"echo DB_PASSWORD={value} > /etc/app.env\n"):
        assert key_and_sh_c_messages(script) == [[], []], script


@pytest.mark.parametrize("value", [f"${{db-password}}{FAKE}", f"${{DB_PASSWORD}}{FAKE}", f"${{DB_PASSWORD}}_{FAKE}"])
def test_text_glued_to_a_reference_is_reported_in_both(value: str) -> None:
    for script in (f"export DB_PASSWORD={value}\n", f"echo DB_PASSWORD={value} > /etc/app.env\n"):
        in_key, in_sh_c = key_and_sh_c_messages(script)
        assert len(in_key) == 1 and RUN_SH in in_key[0], in_key
        assert len(in_sh_c) == 1 and SH_C in in_sh_c[0], in_sh_c


def test_a_dotenv_file_reads_its_words_as_the_shell() -> None:
    assert configmap_messages("app.env", "DB_PASSWORD=${db-password}/x\nAPI_KEY=${api-key}.pem\n", FAKE) == []
    (message,) = configmap_messages("app.env", f"DB_PASSWORD=${{db-password}}{FAKE}\n", FAKE)
    assert 'key "app.env" sets "DB_PASSWORD" in plain text (line 1)' in message


def test_a_config_file_still_judges_the_text_whole() -> None:
    # app.properties is no shell: ${DB_PASSWORD}x there is a reference and text, judged as written (1.25.297)
    (message,) = configmap_messages("app.properties", "db.password=${DB_PASSWORD}x\n", FAKE)
    assert 'sets "db.password" in plain text' in message
    # a property's reference no shell reads keeps the config reading in a script too
    in_key, _ = key_and_sh_c_messages("export DB_PASSWORD=${db.password}x\n")
    assert len(in_key) == 1 and RUN_SH in in_key[0]


def test_which_words_the_shell_reads() -> None:
    assert reads_shell_references("${DB_PASSWORD}x") and reads_shell_references("${db-password}/x")
    assert not reads_shell_references("${db.password}x")  # a property, no shell reference
    assert not reads_shell_references("${T:0:8}x") and not reads_shell_references("$(cat f)x") and not reads_shell_references("plain")


def test_a_long_word_is_read_in_linear_time() -> None:
    for word in ("${a-b" * 13_000, "${db-password}" * 4_600 + "/x", "${DB_PASSWORD}" + "x" * 65_000):
        started = time.perf_counter()
        reads_shell_references(word)
        key_and_sh_c_messages(f"export DB_PASSWORD={word}\n")
        assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("value", ["${DB_PASSWORD}y", "${db-password}7", '"$PREFIX"Z', "${PW:-}q", "${DB_PASSWORD}_k"])
def test_one_character_glued_to_a_reference_is_no_secret_in_either(value: str) -> None:
    # too short to be a secret (1.25.369): a suffix, judged alike in run.sh and sh -c
    for script in (f"export DB_PASSWORD={value}\n", f"DB_PASSWORD={value} ./app\n", f"echo DB_PASSWORD={value} > /etc/app.env\n"):
        assert key_and_sh_c_messages(script) == [[], []], script


@pytest.mark.parametrize("value", ["${DB_PASSWORD}ab", f"${{db-password}}{FAKE[:2]}", f"y${{DB_PASSWORD}}{FAKE}"])
def test_two_characters_or_more_are_still_reported_in_both(value: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(f"export DB_PASSWORD={value}\n")
    assert len(in_key) == 1 and RUN_SH in in_key[0], in_key
    assert len(in_sh_c) == 1 and SH_C in in_sh_c[0], in_sh_c


def test_the_shortest_glued_literal() -> None:
    assert not assigned_literal_secret("DB_PASSWORD", "${DB_PASSWORD}y")
    assert assigned_literal_secret("DB_PASSWORD", "${DB_PASSWORD}yz")
    assert assigned_literal_secret("DB_PASSWORD", "y${DB_PASSWORD}")  # the word as written: a literal first
    # a config file's setting is judged whole, as before
    (message,) = configmap_messages("app.properties", "db.password=${DB_PASSWORD}y\n", FAKE)
    assert 'sets "db.password" in plain text' in message
