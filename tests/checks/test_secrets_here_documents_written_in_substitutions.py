"""disallow-plaintext-secrets: a here-document written into a file inside a quoted command
substitution (``echo "$(tee /etc/app.env <<EOF ...)"``, ``x="$(cat > FILE <<EOF ...)"``, ``x="$(cat
<<EOF | tee FILE ...)"``), whose lines the substitution's own script numbers from its start, is found
where it is written after its command and taken as that file's text: one finding, the writing
command's, its lines not reported again as settings (1.25.422; reported twice before). Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import document_placed, script_findings
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.stdin_secrets import SecretRead


@pytest.mark.parametrize(
    "script",
    [
        f'echo "$(tee /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)"',
        f'echo "$(tee /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)" | sudo -S id',
        f'x="$(cat > /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)"',
        f'x="$(cat <<EOF | tee /etc/app.env\nDB_PASSWORD={FAKE}\nEOF\n)"',
        f'echo "started: $(date)" && echo "$(cat > /etc/app.env <<EOF\nDB_USER=app\nDB_PASSWORD={FAKE}\nEOF\n)"',
    ],
)
def test_a_here_document_written_in_a_quoted_substitution_is_reported_once(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert 'writes a secret into "app.env" in plain text' in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        'x="$(cat > /etc/app.env <<EOF\nDB_PASSWORD=$DB_PASSWORD\nEOF\n)"',
        'echo "$(cat <<EOF | tee /etc/app.env\nDB_HOST=db\nEOF\n)"',
    ],
)
def test_references_written_in_a_quoted_substitution_are_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_lines_are_placed_after_the_command_or_not_at_all() -> None:
    inner = "tee /etc/app.env <<EOF\nDB_PASSWORD=x\nEOF\n"
    document = SecretRead("", inner.index("DB_"), inner.index("\nEOF"), inner)
    script = f'echo "$({inner})"'
    placed = document_placed(document, script, script.index("tee"))
    assert placed is not None and script[placed.start : placed.end] == "DB_PASSWORD=x" and placed.script == script
    assert document_placed(document, 'echo "$(tee x)"', 8) is None


def test_many_documents_in_a_substitution_stay_linear() -> None:
    block = f"cat > /etc/app{{}}.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n"
    script = 'x="$(' + "".join(block.format(n) for n in range(1300)) + ')"'
    assert len(script) > 64_000
    begun = time.perf_counter()
    found = list(script_findings(Names.of((), ()), script))
    assert time.perf_counter() - begun < 10
    assert len(found) == 1300 and all(problem.startswith("writes a secret into") for _, problem, _ in found)
