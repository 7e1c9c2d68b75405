"""disallow-plaintext-secrets: the input of a command whose words hold a command substitution. The
shell applies a redirection to the whole command wherever it is written, so a here-string or a
here-document written after the substitution among a reader's words (``sudo -S id $(date) <<< ...``)
is the reader's input, as the same redirection written before it is. No message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, findings, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"sudo -S $(which id) <<< {FAKE}", "(sudo -S <<...)"),
        (f"sudo -S id $(date) <<< {FAKE}", "(sudo -S <<...)"),
        (f"sudo -S id `date` <<< '{FAKE}'", "(sudo -S <<...)"),
        (f"sudo -S id $(date) <<EOF\n{FAKE}\nEOF", "(sudo -S <<...)"),
        (f"sudo -S id $(date) more <<-EOF\n\t{FAKE}\n\tEOF", "(sudo -S <<...)"),
        (f"docker login -u bot $(cat /etc/registry) <<< {FAKE} --password-stdin", "(docker ... --password-stdin <<...)"),
        (f"chpasswd $(true) <<EOF\nroot:{FAKE}\nEOF", "(chpasswd <<...)"),
    ],
)  # fmt: skip
def test_a_readers_own_input_written_after_a_substitution_among_its_words_is_read(script: str, shown: str) -> None:
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "passes a secret to" in finding.message, finding.message
    in_configmap = reported_once(configmap({"login.sh": script + "\n"}), POLICY, shown)
    assert 'key "login.sh"' in in_configmap.message, in_configmap.message


@pytest.mark.parametrize(
    "script",
    [
        "sudo -S id $(date) <<< $SUDO_PASSWORD",
        "sudo -S id $(date) <<EOF\n$SUDO_PASSWORD\nEOF",
        f"sudo -S id $(date) < /run/secrets/pw\necho {FAKE} > /dev/null",  # a file on its input: nothing of the script
        f"sudo -u app id $(date) <<< {FAKE}",  # no -S: sudo reads no password from its input
        f"echo hello $(date) <<< {FAKE}",  # echo reads no input
    ],
)
def test_an_input_after_a_substitution_holding_no_literal_for_a_reader_is_not_reported(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


def test_a_here_document_after_a_substitution_copied_by_tee_reaches_the_reader() -> None:
    reported_once(script_pod(f"tee $(mktemp) <<EOF | sudo -S id\n{FAKE}\nEOF"), POLICY, "(tee <<... | sudo -S)")


def test_a_setting_in_a_here_string_after_a_substitution_is_one_finding_naming_the_reader() -> None:
    reported_once(script_pod(f"docker login -u bot --password-stdin r.example.com $(true) <<< PASSWORD={FAKE}"), POLICY, "on its input")


# --- a writer in a group whose output is redirected ------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"( echo {FAKE} > /dev/null ) | sudo -S id", "((echo ...) >... | sudo -S)"),
        (f"{{ echo {FAKE} > /dev/null; }} | sudo -S id", "({ echo ...; } >... | sudo -S)"),
        (f"( echo {FAKE} $(date) > /dev/null ) | sudo -S id", "((echo ...) >... | sudo -S)"),
        (f"( echo {FAKE} `date` >&2 ) | sudo -S id", "((echo ...) >... | sudo -S)"),
        (f"( cd /; printf '%s\\n' {FAKE} &>/dev/null ) | docker login -u bot --password-stdin r.example.com",
         "((printf ...) >... | docker ... --password-stdin)"),
        (f"( ( echo {FAKE} > /tmp/pw ) ) | sudo -S id", ">... | sudo -S)"),
    ],
)  # fmt: skip
def test_a_literal_a_group_writes_to_a_redirection_is_reported_as_written_there(script: str, shown: str) -> None:
    """As ``echo ... > /dev/null | sudo -S id`` is: the reader gets none of it, but the literal meant
    for it is written in plain text in the script."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "writes a secret to a redirection, not to the input of" in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        # what the reader does read wins: sudo reads the second echo's line
        (f"( echo {FAKE} > /dev/null; echo {FAKE}2 ) | sudo -S id", '"sudo" on its input ((echo ...) | sudo -S)'),
        # a setting written to the redirection is that one secret, reported once
        (f"( echo PASSWORD={FAKE} > /dev/null ) | docker login -u bot --password-stdin r.example.com", "writes a secret to a redirection"),
    ],
)  # fmt: skip
def test_a_redirected_literal_in_a_group_is_one_finding_beside_what_the_reader_reads(script: str, shown: str) -> None:
    reported_once(script_pod(script), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        "( echo $SUDO_PASSWORD > /dev/null ) | sudo -S id",
        f"( echo {FAKE} > /dev/null ) | grep x",  # no reader of a secret
        f"( echo hello > /dev/null; echo {FAKE} ) | sudo -S id",  # a line the reader takes: reported as passed (below)
    ],
)
def test_a_group_writing_no_literal_to_a_redirection_is_not_reported_as_written_there(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "redirection" in f.message] == []


# --- cat given a substitution that prints nothing ---------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"cat <<'EOF' $(true) | sudo -S id\n{FAKE}\nEOF", "(cat <<... | sudo -S)"),
        (f"cat $(cd /tmp) <<EOF | sudo -S id\n{FAKE}\nEOF", "(cat <<... | sudo -S)"),
        (f"cat <<< {FAKE} `true` | docker login -u bot --password-stdin r.example.com", "(cat <<... | docker ... --password-stdin)"),
        (f"cat <<< {FAKE} $(x=1) - | sudo -S id", "(cat <<... | sudo -S)"),
        (f"tee $(true) <<< {FAKE} | sudo -S id", "(tee <<... | sudo -S)"),
    ],
)  # fmt: skip
def test_cat_given_only_substitutions_that_print_nothing_copies_its_input(script: str, shown: str) -> None:
    """An unquoted substitution that prints nothing leaves no word: ``cat $(true)`` is ``cat``,
    which copies its input, not ``cat FILE``."""
    reported_once(script_pod(script), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        f"cat <<'EOF' $(date) | sudo -S id\n{FAKE}\nEOF",  # date's output: a file's name
        f"cat <<'EOF' \"$(true)\" | sudo -S id\n{FAKE}\nEOF",  # quoted: an empty word, no such file
        f"cat <<'EOF' $(true) /etc/motd | sudo -S id\n{FAKE}\nEOF",  # a file after it
        f"cat <<'EOF' x$(true) | sudo -S id\n{FAKE}\nEOF",  # the word x
    ],
)
def test_cat_given_a_word_beside_a_substitution_reads_a_file(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        '{ echo "logging in" >&2; cat /run/secrets/registry; } | docker login -u u --password-stdin r.example.com',
        '( echo "starting" >&2; echo "$PW" ) | sudo -S id',
        '( echo "$PW"; echo done > /tmp/marker ) | sudo -S id',
        "( echo log 1>&2; cat /run/pw ) | sudo -S id",
        f'( echo {FAKE} > /dev/null; echo "$SUDO_PASSWORD" ) | sudo -S id',  # the reader reads the reference
        '( set -x; echo hi > /dev/null; cat "$PWFILE" ) | docker login -u u --password-stdin r.example.com',
    ],
)
def test_a_redirected_line_beside_what_the_reader_reads_is_a_log(script: str) -> None:
    """Only a group whose whole output is redirected reports its literal as written to a redirection;
    beside output the reader does read (a reference, a file), a redirected line is a log."""
    assert findings(script_pod(script), POLICY) == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"x=`date` passwd <<EOF\n{FAKE}\n{FAKE}\nEOF", "(passwd <<...)"),
        (f"stamp=`date +%s` sudo -S id <<< {FAKE}", "(sudo -S <<...)"),
        (f"x=`date` echo {FAKE} | sudo -S id", "(echo ... | sudo -S)"),
        (f"x=$(date) passwd <<EOF\n{FAKE}\n{FAKE}\nEOF", "(passwd <<...)"),
    ],
)  # fmt: skip
def test_backquotes_that_are_the_whole_of_a_command_so_far_end_it_as_a_substitution_does(script: str, shown: str) -> None:
    # x=`date` is a command of its own (an assignment), as x=$(date) is: the command after it reads the input
    reported_once(script_pod(script), POLICY, shown)
    reported_once(configmap({"run.sh": script + "\n"}), POLICY, shown)


def test_backquotes_among_a_commands_words_keep_the_words_after_them_that_commands() -> None:
    # echo `date` passwd: passwd is echo's word, no command reading an input
    for script in (f"echo `date` passwd <<EOF\n{FAKE}\nEOF", f"log `date` sudo -S id <<< {FAKE}"):
        assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"A=1 x=$(date) passwd <<< {FAKE}", "(passwd <<...)"),
        (f"TZ=UTC stamp=$(date +%s) sudo -S id <<EOF\n{FAKE}\nEOF", "(sudo -S <<...)"),
        (f"A=1 x=`date` passwd <<EOF\n{FAKE}\n{FAKE}\nEOF", "(passwd <<...)"),
        (f"A=1 B=2 x=$(date) y=$(hostname) passwd <<< {FAKE}", "(passwd <<...)"),
        (f"A=1 x=$(date) docker login -u bot --password-stdin r.example <<< {FAKE}", "(docker ... --password-stdin <<...)"),
        (f"LANG=C now=$(date) echo {FAKE} | sudo -S id", "(echo ... | sudo -S)"),
        (f"LANG=C now=`date` printf '%s\\n' {FAKE} | sudo -S id", "(printf ... | sudo -S)"),
    ],
)  # fmt: skip
def test_a_reader_after_assignments_and_a_substitution_in_the_last_one_is_the_command(script: str, shown: str) -> None:
    # A=1 x=$(date) passwd: the substitution is x's value, passwd the program the assignments are for (1.25.279)
    reported_once(script_pod(script), POLICY, shown)
    reported_once(configmap({"run.sh": script + "\n"}), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'A=1 x=$(date) passwd <<< "$PW"',  # a reference
        'LANG=C now=$(date) echo "$SUDO_PASSWORD" | sudo -S id',
        f"A=1 x=$(date) echo {FAKE} > /dev/null",  # no reader
        f"A=1 x=$(date) logger <<< {FAKE}",  # logger reads no secret
        f"A=1 x=$(date) printf '%s\\n' $(date) {FAKE} | sudo -S id",  # sudo reads date's line first
    ],
)
def test_after_assignments_and_a_substitution_what_the_command_reads_is_judged_as_its_own(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []
