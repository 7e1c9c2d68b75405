"""disallow-plaintext-secrets: command substitutions in a shell script (a ConfigMap key, an ``sh -c``
argument) and what they write. A substitution that only echoes a literal writes that literal where
it is (``echo "root:$(echo ...)" $(date) | chpasswd``); a substitution that is a command's name
runs what it prints, so nothing it echoes reaches a pipe after it. No message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, findings, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"


def _stdin_findings(script: str) -> list[str]:
    found = findings(script_pod(script), POLICY) + findings(configmap({"run.sh": script + "\n"}), POLICY)
    return [f.message for f in found if "on its input" in f.message]


# --- a quoted substitution echoing a literal, then another substitution among the writer's words ------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'echo "root:$(echo {FAKE})" $(date) | sudo -S id', "(echo ... | sudo -S)"),
        (f'echo "root:$(echo {FAKE})" $(date) | chpasswd', "(echo ... | chpasswd)"),
        (f'echo "root:$(echo {FAKE})" `date` | chpasswd', "(echo ... | chpasswd)"),
        (f'echo "$(echo {FAKE})" $(date) more | sudo -S id', "(echo ... | sudo -S)"),
        (f"printf '%s\\n' \"$(echo {FAKE})\" $(date) | sudo -S id", "(printf ... | sudo -S)"),
        (f'echo "root:$(echo {FAKE})" $(date) | docker login -u bot --password-stdin r.example.com', "--password-stdin"),
    ],
)  # fmt: skip
def test_a_quoted_substitution_echoing_a_literal_before_another_substitution_is_read(script: str, shown: str) -> None:
    reported_once(script_pod(script), POLICY, shown)
    reported_once(configmap({"run.sh": script + "\n"}), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'echo "root:$(cat /run/secrets/pw)" $(date) | chpasswd',  # a file's content: not in the script
        'echo "root:$(echo "$PW")" $(date) | chpasswd',
        'echo "$(echo root):$PW" $(date) | chpasswd',  # the literal is the user's name, before the colon
        'echo "$(echo root):${PW}" `date` | chpasswd',
        'echo "$(echo "$PW")" $(date) | sudo -S id',
        'echo "root:$(echo)" $(date) | chpasswd',
        'echo "root:$(echo "")" $(date) | chpasswd',
        'echo "root:$(echo "<password>")" $(date) | chpasswd',  # a placeholder
    ],
)
def test_a_quoted_substitution_echoing_no_literal_before_another_substitution_is_not_reported(script: str) -> None:
    assert _stdin_findings(script) == []


# --- a substitution that is a command's name, after a redirection ---------------------------------


@pytest.mark.parametrize(
    "script",
    [
        f"2>&1 $(echo {FAKE}) | (sudo -S id)",  # runs the command echo names: what echo writes is no input of sudo
        f"2>&1 $(echo {FAKE}) | sudo -S id",
        f">/dev/null $(echo {FAKE}) | sudo -S id",
        f"2>/dev/null x$(echo {FAKE}) | chpasswd",
        f"> /tmp/log $(echo {FAKE}) | docker login -u bot --password-stdin r.example.com",
        f"$(echo {FAKE}) 2>&1 | (sudo -S id)",  # the same with the redirection after it (not reported before either)
    ],
)
def test_a_substitution_naming_the_command_after_a_redirection_pipes_nothing_it_echoes(script: str) -> None:
    assert _stdin_findings(script) == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"echo a 2>&1 $(echo {FAKE}) | (sudo -S id)", "(echo ... | sudo -S)"),  # an argument of echo: echo writes it
        (f"2>&1 echo $(echo {FAKE}) | (sudo -S id)", "(echo ... | sudo -S)"),
        (f"echo {FAKE} > $(mktemp) | sudo -S id", "sudo"),  # a substitution naming the file of a redirection
    ],
)  # fmt: skip
def test_a_substitution_among_a_writers_words_after_a_redirection_is_still_read(script: str, shown: str) -> None:
    reported_once(script_pod(script), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'echo "$(cat /run/secrets/pw" | sudo -S id',  # a quoted substitution left open (a syntax error)
        'echo "root:$(cat /run/secrets/pw" | chpasswd',
        'echo "$(cat /run/secrets/pw" $(date) | sudo -S id',
        'echo "$(echo "$PW"" | sudo -S id',
    ],
)
def test_a_quoted_substitution_left_open_reports_no_literal(script: str) -> None:
    assert _stdin_findings(script) == []


# --- two substitutions among a command's words, each running a reader ------------------------------


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | log $(sudo -S id) $(sudo -S id)",  # the first reader takes the line: the second gets none
        f"echo {FAKE} | log `sudo -S id` `sudo -S id`",
        f'echo {FAKE} | log "$(sudo -S id)" $(sudo -S id)',
        f'echo {FAKE} | log $(sudo -S id) "$(sudo -S id)"',
        f'echo {FAKE} | log `sudo -S id`x="$(sudo -S id)"',
    ],
)
def test_the_input_of_a_command_is_read_by_the_first_substitution_among_its_words(script: str) -> None:
    reported_once(script_pod(script), POLICY, "(echo ... | sudo -S)")


def test_a_reader_in_a_substitution_after_another_among_a_commands_words_gets_what_that_one_left() -> None:
    assert _stdin_findings(f"echo {FAKE} | logger -t boot $(read -r line) $(sudo -S id)") == []  # read took the line
    reported_once(script_pod(f"printf '%s\\n' boot {FAKE} | logger -t boot $(read -r line) $(sudo -S id)"), POLICY, "(printf ... | sudo -S)")
    reported_once(script_pod(f"echo {FAKE} | logger -t boot $(true) $(sudo -S id)"), POLICY, "(echo ... | sudo -S)")  # true reads nothing
    reported_once(script_pod(f'echo {FAKE} | logger -t boot "$(true)" $(sudo -S id)'), POLICY, "(echo ... | sudo -S)")


# --- a line that starts with an expansion, its literal parts after it ---------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'echo "$(date)" {FAKE} | sudo -S id', "(echo ... | sudo -S)"),
        (f'echo "$(date)" $(echo {FAKE}) | sudo -S id', "(echo ... | sudo -S)"),
        (f'echo "$(hostname)" "{FAKE}" | docker login -u bot --password-stdin r.example.com', "--password-stdin"),
        (f"printf '%s %s\\n' \"$(date)\" {FAKE} | sudo -S id", "(printf ... | sudo -S)"),
        (f'echo "${{HOST}}" {FAKE} | sudo -S id', "(echo ... | sudo -S)"),
        (f'echo "$PW" {FAKE} | sudo -S id', "(echo ... | sudo -S)"),
    ],
)  # fmt: skip
def test_a_literal_after_an_expansion_that_starts_the_line_is_read(script: str, shown: str) -> None:
    """The output of ``$(date)`` is not known and the line starts with it, but the literal after it
    is written whatever it gives: the line is judged by its literal parts, as one with the expansion
    after them is (``echo {FAKE} "$(date)"``)."""
    reported_once(script_pod(script), POLICY, shown)
    reported_once(configmap({"run.sh": script + "\n"}), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'echo "$(date)" "$PW" | sudo -S id',
        'echo "$(date)" starting | logger',
        'echo "$(cat /run/secrets/x)" | sudo -S id',
        'echo "$(date)" "$(cat /run/secrets/x)" | sudo -S id',
        'echo "${PW}" | sudo -S id',
        'echo "$(whoami):$PW" | chpasswd',
        'echo "$(date)" "<password>" | sudo -S id',
        'echo "$(date)" "" | sudo -S id',
    ],
)
def test_a_line_of_expansions_only_passes_no_literal(script: str) -> None:
    assert _stdin_findings(script) == []


# --- a backquoted substitution starting the line, as "$(...)" does -------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'echo "`date`" {FAKE} | sudo -S id', "(echo ... | sudo -S)"),
        (f'echo "`hostname`" "{FAKE}" | docker login -u bot --password-stdin r.example.com', "--password-stdin"),
        (f"printf '%s %s\\n' \"`date`\" {FAKE} | sudo -S id", "(printf ... | sudo -S)"),
        (f"sudo -S id <<EOF\n`date` {FAKE}\nEOF", "(sudo -S <<...)"),
    ],
)  # fmt: skip
def test_a_literal_after_a_backquoted_substitution_that_starts_the_line_is_read(script: str, shown: str) -> None:
    """Backquotes run a command as ``$(...)`` does, whatever is in them (``date``: no blank, no
    ``$``), so the line is judged by its literal parts as ``echo "$(date)" ...`` is (1.25.203)."""
    reported_once(script_pod(script), POLICY, shown)
    reported_once(configmap({"run.sh": script + "\n"}), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'echo "`date`" | sudo -S id',
        'echo "`date`" "$PW" | sudo -S id',
        'echo "`cat /run/secrets/x`" | sudo -S id',
        'echo "`whoami`:$PW" | chpasswd',
        'echo "`date`" "<password>" | sudo -S id',
        "sudo -S id <<EOF\n`date`\nEOF",
        "sudo -S id <<EOF\n`hostname`-$PW\nEOF",
    ],
)
def test_a_line_of_backquoted_substitutions_and_references_passes_no_literal(script: str) -> None:
    """What a backquoted command prints is not in the script: a line of such output and references
    only (``date``'s output was judged a literal, the word `` `date` `` as written) holds no secret."""
    assert _stdin_findings(script) == []


# --- a here-document line starting with a quoted substitution, then a literal -------------------------


@pytest.mark.parametrize(
    "script",
    [
        f'sudo -S id <<EOF\n"$(cat /x)" {FAKE}\nEOF',
        f"sudo -S id <<EOF\n'$(cat /x)' {FAKE}\nEOF",
        f'sudo -S id <<EOF\n"$PW" {FAKE}\nEOF',
        f'sudo -S id <<EOF\n"`date`" {FAKE}\nEOF',
        f'docker login -u bot --password-stdin r.example.com <<EOF\n"${{HOST}}" {FAKE}\nEOF',
        f'sudo -S id <<< \'"$(cat /x)" {FAKE}\'',
    ],
)
def test_a_literal_after_a_quoted_expansion_starting_a_here_document_line_is_read(script: str) -> None:
    """A here-document's quotes are text: ``sudo -S id`` reads the whole first line as its password,
    ``"`` and the output of ``cat /x`` and ``"`` and the literal. The line starts with an expansion
    (its quotes around it, which join it as a blank or ``:`` does) and goes on with a literal, which
    is written in the manifest whatever the expansion gives: a secret, as 1.25.203 judged
    ``echo "$(date)" ... | sudo -S id`` (the literal parts are judged without the quotes)."""
    assert len(_stdin_findings(script)) == 2  # the pod's and the ConfigMap's
    assert all(FAKE not in message for message in _stdin_findings(script))


@pytest.mark.parametrize(
    "script",
    [
        'sudo -S id <<EOF\n"$(cat /run/secrets/x)"\nEOF',
        'sudo -S id <<EOF\n"$PW"\nEOF',
        "sudo -S id <<EOF\n'$PW'\nEOF",
        'sudo -S id <<EOF\n"$(cat /x)" "$PW"\nEOF',
        'sudo -S id <<EOF\n"$(date)" "<password>"\nEOF',
        'sudo -S id <<EOF\n"$(date)" ""\nEOF',
        'chpasswd <<EOF\nroot:"$(cat /run/secrets/x)"\nEOF',
    ],
)
def test_a_here_document_line_of_quoted_expansions_only_passes_no_literal(script: str) -> None:
    assert _stdin_findings(script) == []
