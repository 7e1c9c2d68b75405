"""disallow-plaintext-secrets: a here-string that is one double-quoted command substitution and
nothing else (``docker login --password-stdin <<< "$(echo -n ... | tee FILE)"``) is read as its
commands piped into the command, one finding, the reader's; a reference, a file read, an input that
replaces the here-string and no reader stay harmless. Read once, in linear time. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, decide, key_and_sh_c_messages

PASSES = 'passes a secret to "docker" on its input'


@pytest.mark.parametrize(
    "script",
    [
        f'docker login --password-stdin <<< "$(echo -n {FAKE} | tee /run/secrets/t)"',
        f'docker login -u bot --password-stdin registry.example <<< "$(echo -n {FAKE})"\nexec app',
        f'if docker login --password-stdin <<< "$(echo -n {FAKE} | tee /run/secrets/t)"; then exec app; fi',
        f'docker login --password-stdin < /run/secrets/t <<< "$(echo -n {FAKE} | tee /run/secrets/t)"',  # the last input wins
    ],
)
def test_a_literal_echoed_into_a_here_string_substitution_is_reported_once(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        'docker login --password-stdin <<< "$(cat /run/secrets/t)"',
        'docker login --password-stdin <<< "$(printf %s "$REG_PASSWORD" | tee /run/secrets/t)"',
        f'docker login --password-stdin <<< "$(echo -n {FAKE} | tee /run/secrets/t)" < /run/secrets/t',  # replaced
        f'docker login --password-stdin <<< "$(echo -n {FAKE})" < <(cat /run/secrets/t)',
        f'grep -q x <<< "$(echo {FAKE})"',  # no reader of a secret
        f"docker login --password-stdin <<< '$(echo -n {FAKE})'",  # text in single quotes, no substitution
    ],
)
def test_no_literal_read_from_a_here_string_substitution_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_many_here_string_substitutions_are_read_in_linear_time() -> None:
    one = 'docker login --password-stdin <<< "$(cat /run/secrets/t | tee /tmp/x)"\n'
    for script in (one * (65_536 // len(one)), 'cat <<< "$(' * 4_000 + ')"' * 4_000, '<<< "$(' * 9_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(
    "script",
    [
        f'docker login --password-stdin <<< "`echo -n {FAKE} | tee /run/secrets/t`"',
        f'docker login -u bot --password-stdin registry.example <<< "`echo -n {FAKE}`"\nexec app',
    ],
)
def test_a_literal_echoed_into_a_backquoted_here_string_substitution_is_reported_once(script: str) -> None:
    """Was missed: only "$(...)" was read as commands (1.25.433)."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        'docker login --password-stdin <<< "`cat /run/secrets/t`"',
        'docker login --password-stdin <<< "`printf %s $REG_PASSWORD | tee /run/secrets/t`"',
        f'docker login --password-stdin <<< "`echo -n {FAKE}`" < /run/secrets/t',  # replaced
        f'grep -q x <<< "`echo {FAKE}`"',  # no reader of a secret
        f"docker login --password-stdin <<< '`echo -n {FAKE}`'",  # text in single quotes
    ],
)
def test_no_literal_read_from_a_backquoted_here_string_substitution_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_many_backquoted_here_string_substitutions_are_read_in_linear_time() -> None:
    one = 'docker login --password-stdin <<< "`cat /run/secrets/t | tee /tmp/x`"\n'
    for script in (one * (65_536 // len(one)), '<<< "`' * 9_000, 'cat <<< "`a`"' * 5_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(
    "script",
    [
        f"docker login --password-stdin <<< $(echo -n {FAKE} | tee /run/secrets/t)",
        f"docker login -u bot --password-stdin registry.example <<< $(echo -n {FAKE})\nexec app",
        f"if docker login --password-stdin <<< $(echo -n {FAKE} | tee /run/secrets/t); then exec app; fi",
    ],
)
def test_a_literal_echoed_into_an_unquoted_here_string_substitution_is_reported_once(script: str) -> None:
    """Was missed: the redirection's target was the "$" alone, the substitution read among the words."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        "docker login --password-stdin <<< $(cat /run/secrets/t)",
        'docker login --password-stdin <<< $(printf %s "$REG_PASSWORD" | tee /run/secrets/t)',
        f"docker login --password-stdin <<< $(echo -n {FAKE} | tee /run/secrets/t) < /run/secrets/t",  # replaced
        f"grep -q x <<< $(echo {FAKE})",  # no reader of a secret
        "docker login --password-stdin <<< $((1 + 2))",  # arithmetic
    ],
)
def test_no_literal_read_from_an_unquoted_here_string_substitution_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_an_unquoted_here_string_substitution_replaced_by_another_input_is_still_read() -> None:
    """Its commands are read as a word's "$(...)" then: mysql's password stays reported, once."""
    for messages in key_and_sh_c_messages(f"docker login --password-stdin <<< $(mysql -p{FAKE} -e 'select 1') < /run/secrets/t"):
        (said,) = messages
        assert 'passes a password to "mysql"' in said, said


def test_many_unquoted_here_string_substitutions_are_read_in_linear_time() -> None:
    for script in ("cat <<< $(" * 9_000, "cat <<< $( () " + "() " * 20_000, 'cat <<< $( "' * 6_000, "x <<< $(a)\n" * 6_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(
    "script",
    [
        f"docker login -u u --password-stdin registry.example <<< `echo -n {FAKE}`",
        f"docker login --password-stdin <<< `echo -n {FAKE} | tee /run/secrets/t`\nexec app",
        f"docker login --password-stdin <<<`echo -n {FAKE} | tee /run/secrets/t`; exec app",
        f"if docker login --password-stdin <<< `echo -n {FAKE}`; then exec app; fi",
    ],
)
def test_a_literal_echoed_into_an_unquoted_backquoted_here_string_is_reported_once(script: str) -> None:
    """Was missed: the redirection had no word, its backquotes read as a substitution among the words."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        f'docker login -u "$(cat)" --password-stdin <<< "$(echo -n {FAKE} | tee /run/secrets/t)"',
        f'docker login -u "$(cat)" --password-stdin <<< $(echo -n {FAKE})',
        f'docker login -u "$(head -n 1)" --password-stdin <<< "$(echo -n {FAKE})"',
        f'docker login -u "`cat`" --password-stdin <<< "$(echo -n {FAKE})"',
    ],
)
def test_a_here_string_substitution_is_read_by_its_command_not_by_the_substitutions_in_its_words(script: str) -> None:
    """The command reads its here-string's substitution, whatever the substitutions in its words read
    (bash expands them, cat reading the shell's input, before the here-string is docker's): one finding."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        "docker login --password-stdin <<< `cat /run/secrets/t`",
        'docker login --password-stdin <<< `printf %s "$REG_PASSWORD" | tee /run/secrets/t`',
        f"docker login --password-stdin <<< `echo -n {FAKE} | tee /run/secrets/t` < /run/secrets/t",  # replaced
        f"grep -q x <<< `echo {FAKE}`",  # no reader of a secret
        f"docker login --password-stdin <<< `echo {FAKE}",  # never closed
    ],
)
def test_no_literal_read_from_an_unquoted_backquoted_here_string_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_many_unquoted_backquoted_here_strings_are_read_in_linear_time() -> None:
    for script in ("cat <<< `" * 9_000, "cat <<< `a`x " * 9_000, "x <<< `a`\n" * 6_000, "cat <<< `" + "\\`" * 20_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(
    "script",
    [
        f'sh -c "$(docker login --password-stdin)" <<< "$(echo -n {FAKE})"',
        f'sh -c "$(docker login --password-stdin)" <<< $(echo -n {FAKE} | tee /run/secrets/t)',
        f'log <<< "$(echo -n {FAKE})" $(docker login --password-stdin)',
        f'( <<< "$(echo -n {FAKE})" $(docker login --password-stdin) )',
        f'<<< "$(echo -n {FAKE} | tee /run/secrets/t)" "$(docker login --password-stdin)"',
    ],
)
def test_a_substitution_in_the_words_does_not_read_its_commands_here_string_substitution(script: str) -> None:
    """Was reported (the here-string read as a pipe into the command fed its words' substitutions):
    bash runs them before the here-string is the command's input, and sh -c reads none of it."""
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_group_given_a_here_string_still_feeds_the_substitution_of_its_command() -> None:
    """The group's redirection is in place before its commands' words are expanded: docker reads it."""
    for messages in key_and_sh_c_messages(f"{{ $(docker login --password-stdin); }} <<< {FAKE}"):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        f'docker login --password-stdin $(date) <<< "$(echo -n {FAKE})"',
        f'docker login -u $(id -un) --password-stdin registry.example <<< "$(echo -n {FAKE} | tee /run/secrets/t)"\nexec app',
        f'docker login -u `id -un` --password-stdin <<< "$(echo -n {FAKE})"',
        f'docker login --password-stdin `hostname` <<< "`echo -n {FAKE}`"',
        f'if docker login --password-stdin $(cat /etc/host) <<< "$(echo -n {FAKE})"; then exec app; fi',
        f'sudo -S id $(sudo -S id) <<< "$(echo {FAKE})"',  # the substitution in its words reads nothing (1.25.488)
    ],
)
def test_a_here_string_substitution_after_a_substitution_among_the_words_is_read_once(script: str) -> None:
    """Was missed: after an unquoted substitution among the command's words, the here-string's
    substitution was kept as text, its commands never read (1.25.510)."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert "passes a secret to" in said and "on its input" in said, said


def test_a_literal_in_a_here_string_substitution_after_a_substitution_among_the_words_is_reported_once() -> None:
    """Was missed: cat $(date) <<< "$(mysql -p...)": mysql was never read (1.25.510)."""
    for messages in key_and_sh_c_messages(f'cat $(date) <<< "$(mysql -p{FAKE} -e x)"'):
        (said,) = messages
        assert 'passes a password to "mysql"' in said, said


@pytest.mark.parametrize(
    "script",
    [
        'docker login --password-stdin $(date) <<< "$(cat /run/secrets/t)"',
        'docker login -u `id -un` --password-stdin <<< "$(printf %s "$REG_PASSWORD")"',
        f'docker login --password-stdin $(date) <<< "$(echo -n {FAKE})" < /run/secrets/t',  # replaced
        f'grep -q x $(mktemp) <<< "$(echo {FAKE})"',  # no reader of a secret
        f'echo $(date) <<< "$(echo {FAKE})"',
        f"docker login --password-stdin $(date) <<< '$(echo -n {FAKE})'",  # text in single quotes
    ],
)
def test_no_literal_read_from_a_here_string_substitution_after_a_substitution_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_many_here_string_substitutions_after_substitutions_are_read_in_linear_time() -> None:
    one = 'docker login --password-stdin $(date) <<< "$(cat /run/secrets/t | tee /tmp/x)"\n'
    for script in (one * (65_536 // len(one)), 'cat $(date) <<< "$(' * 3_000 + ')"' * 3_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(
    "script",
    [
        f'x=$(docker login -u u --password-stdin reg <<< "$(echo {FAKE})")',
        f'x="$(docker login -u u --password-stdin reg <<< "$(echo -n {FAKE} | tee /run/secrets/t)")"',
        f'x=$(cat <<< "$(echo {FAKE})" | docker login --password-stdin reg)',
        f'x=$(docker login --password-stdin $(date) <<< "$(echo -n {FAKE})")',
        f'x=`docker login -u u --password-stdin reg <<< "$(echo -n {FAKE}; (date))"`',
        f'y=$(x=$(docker login --password-stdin reg <<< "$(echo -n {FAKE})"))',
    ],
)
def test_a_here_string_substitution_inside_a_substitution_is_piped_into_its_command(script: str) -> None:
    """x=$(cmd <<< "$(echo ...)"): the here-string's commands write into the subshell piped into cmd,
    not into what the outer substitution captures (as x=$( (echo ...) | cmd ) does, 1.25.477)."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert PASSES in said, said


@pytest.mark.parametrize(
    "script",
    [
        'x=$(docker login --password-stdin reg <<< "$(cat /run/secrets/t)")',
        f'x=$(cat <<< "$(echo {FAKE})")',  # no reader of a secret: x holds it
        f'x=$(docker login --password-stdin reg <<< "$(echo -n {FAKE})" < /run/secrets/t)',  # replaced
        f'x=$(cat /run/secrets/t <<< "$(echo {FAKE})" | docker login --password-stdin reg)',  # cat reads its file
    ],
)
def test_a_here_string_substitution_inside_a_substitution_without_a_read_literal_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    "script",
    [
        f"docker login --password-stdin $(date) <<< $(echo -n {FAKE})",
        f"docker login -u $(id -un) --password-stdin registry.example <<< $(echo -n {FAKE} | tee /run/secrets/t)\nexec app",
        f"docker login -u `id -un` --password-stdin <<< $(echo -n {FAKE})",
        f"docker login --password-stdin $(date) <<< `echo -n {FAKE}`",
        f"if docker login --password-stdin $(cat /etc/host) <<< $(echo -n {FAKE}); then exec app; fi",
        f"x=$(docker login --password-stdin $(date) <<< $(echo -n {FAKE}))",
        f"sudo -S id $(sudo -S id) <<< $(echo {FAKE})",  # the substitution in its words reads nothing (1.25.488)
    ],
)
def test_an_unquoted_here_string_substitution_after_a_substitution_among_the_words_is_read_once(script: str) -> None:
    """Was missed: unquoted, after an unquoted substitution among the command's words, the
    here-string's substitution was read as a word's, its output no one's input (1.25.534; the quoted
    form since 1.25.510)."""
    for messages in key_and_sh_c_messages(script):
        (said,) = messages
        assert "passes a secret to" in said and "on its input" in said, said


@pytest.mark.parametrize(
    "script",
    [
        "docker login --password-stdin $(date) <<< $(cat /run/secrets/t)",
        'docker login -u `id -un` --password-stdin <<< $(printf %s "$REG_PASSWORD")',
        f"docker login --password-stdin $(date) <<< $(echo -n {FAKE}) < /run/secrets/t",  # replaced
        f"grep -q x $(mktemp) <<< $(echo {FAKE})",  # no reader of a secret
        f"echo $(date) <<< $(echo {FAKE})",
    ],
)
def test_no_literal_read_from_an_unquoted_here_string_substitution_after_a_substitution_stays_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_many_unquoted_here_string_substitutions_after_substitutions_are_read_in_linear_time() -> None:
    one = "docker login --password-stdin $(date) <<< $(cat /run/secrets/t | tee /tmp/x)\n"
    for script in (one * (65_536 // len(one)), "cat $(date) <<< $(" * 4_000, "a $(b) <<< $(c $(d) <<< $(e " * 2_000):
        started = time.perf_counter()
        decide(configmap({"run.sh": script}))
        assert time.perf_counter() - started < 10.0
