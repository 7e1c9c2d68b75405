"""disallow-plaintext-secrets: a literal a shell script pipes into ``tee`` is written into tee's files
as ``> FILE`` writes it (1.25.420): ``echo -n "..." | tee /run/secrets/api-token``, ``printf
'db:5432:*:app:...' | tee ~/.pgpass``, ``echo ... | sudo tee -a ~/.netrc > /dev/null`` and ``printf
'[client]\\npassword=...' | tee ~/.my.cnf`` are judged as the direct writes are and reported once, as
tee's; a here-document piped into tee (``cat <<EOF | tee FILE``) is that file's text, its lines not
judged again; a reader after tee taking the same text (``| docker login --password-stdin``, ``< <(tee
FILE <<EOF``) reports it alone. A reference, ``cat FILE | tee x``, tee to ``/dev/null`` or the terminal
only, and echo words holding a secret of their own (reported as echo's) add nothing. Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import script_findings
from webhook.checks.secrets.names import Names


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        (f'echo -n "{FAKE}" | tee /run/secrets/api-token', 'writes a secret into "api-token"'),
        (f"printf 'db:5432:*:app:{FAKE}' | tee ~/.pgpass", 'writes a password into ".pgpass"'),
        (f"echo 'machine repo login ci password {FAKE}' | sudo tee -a ~/.netrc > /dev/null", 'writes a password into ".netrc"'),
        (f"printf '[client]\\npassword={FAKE}' | tee ~/.my.cnf", 'writes a secret into ".my.cnf"'),
        (f"echo -n '{FAKE}' | cat | tee -a /run/secrets/token >/dev/null", 'writes a secret into "token"'),
        (f"cat <<EOF | tee /etc/app.env\nDB_PASSWORD={FAKE}\nEOF\n", 'writes a secret into "app.env"'),
        (f"cat <<'EOF' | tee /run/secrets/token\n{FAKE}\nEOF\n", 'writes a secret into "token"'),
        (f"x=$(cat <<EOF | tee /etc/app.env\nDB_PASSWORD={FAKE}\nEOF\n)", 'writes a secret into "app.env"'),
    ],
)
def test_a_literal_piped_into_tee_is_reported_once_as_tees(script: str, problem: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert f"{problem} in plain text" in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        f"echo -n '{FAKE}' | tee /run/secrets/token | docker login -u ci --password-stdin registry.example",
        f"cat <<EOF | tee /run/secrets/token | docker login -u ci --password-stdin registry.example\n{FAKE}\nEOF\n",
        f"docker login -u ci --password-stdin registry.example < <(echo -n '{FAKE}' | tee /run/secrets/token)",
        f"docker login -u ci --password-stdin registry.example < <(tee /run/secrets/token <<EOF\n{FAKE}\nEOF\n)\n",
        f"docker login -u ci --password-stdin registry.example < <(cat <<EOF | tee /run/secrets/token\n{FAKE}\nEOF\n)\n",
        f"{{ tee /run/secrets/token <<EOF\n{FAKE}\nEOF\n}} | docker login -u ci --password-stdin registry.example",
    ],
)
def test_a_reader_after_tee_taking_its_text_reports_it_alone(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert 'passes a secret to "docker" on its input' in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        f"cat > /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\nwhile read -r l; do export \"$l\"; done < <(cat /etc/app.env)",
        f"while read -r l; do :; done < <(tee /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)",
        f"while read -r l; do :; done < <(cat <<EOF | tee /etc/app.env\nDB_PASSWORD={FAKE}\nEOF\n)",
        f"x=$(date)\ncat > /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n",
        f"x=$(tee /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)",
        f"echo $(cat > /etc/app.env <<EOF\nDB_PASSWORD={FAKE}\nEOF\n)",
        f"cat <<EOF | tee /etc/app.env | tee /tmp/copy.env\nDB_PASSWORD={FAKE}\nEOF\n",
    ],
)
def test_a_here_document_written_and_read_again_is_reported_once(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert 'writes a secret into "app.env" in plain text' in messages[0]


def test_echo_words_holding_a_secret_are_reported_as_echos_only() -> None:
    for messages in key_and_sh_c_messages(f"echo DB_PASSWORD={FAKE} | tee /etc/app.env"):
        assert len(messages) == 1, messages
        assert 'sets "DB_PASSWORD" in plain text' in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        'echo -n "$API_TOKEN" | tee /run/secrets/api-token',
        "printf 'db:5432:*:app:%s\\n' \"$PGPASSWORD\" | tee ~/.pgpass",
        "cat /secrets/token | tee /run/secrets/token",
        f"echo -n '{FAKE}' | tee /dev/null",
        f"echo -n '{FAKE}' | tee /dev/stderr",
        f"echo -n '{FAKE}' | tee",
        f"echo -n '{FAKE}' > /dev/null | tee /run/secrets/token",  # nothing reaches the pipe
        f"echo '{FAKE}' | tee /tmp/notes.txt",  # no secret's name, no setting
        "echo 3600 | tee /tmp/token_ttl",
    ],
)
def test_references_and_output_reaching_no_file_are_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_long_pipeline_into_tee_stays_linear() -> None:
    words = " ".join(f"PASSWORD_{n}=pw{n:05d}xyz" for n in range(4000))
    script = f"echo {words} | tee /etc/app.env\n" + f"echo -n '{FAKE}' | tee /run/secrets/token\n" * 2000
    begun = time.perf_counter()
    found = list(script_findings(Names.of((), ()), script))
    assert time.perf_counter() - begun < 10
    assert sum(problem.startswith('writes a secret into "token"') for _, problem, _ in found) == 2000
