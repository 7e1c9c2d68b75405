"""disallow-plaintext-secrets: a shell script writing a literal into a file whose name says it holds
one secret and nothing else (no extension, the name ending in password, passwd, token or secret:
``echo -n "..." > /run/secrets/db_password``, ``printf '%s' ... > /tmp/password``, ``cat >
~/.vault-token <<EOF``) writes that secret in plain text: its whole text is the secret, judged as a
sensitive env var's value, reported once as the writing command's (1.25.385). A reference, a path,
``/etc/passwd``, a name with an extension or a word after the secret's (``secret_ready``) is none.
Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import _a_secret_files_literal
from webhook.checks.secrets.names import Names

NAMES = Names.of((), ())


@pytest.mark.parametrize(
    ("script", "file"),
    [
        (f'echo -n "{FAKE}" > /tmp/password', "password"),
        (f"echo -n {FAKE} > /run/secrets/db_password && chmod 400 /run/secrets/db_password", "db_password"),
        (f"printf '%s' '{FAKE}' > /run/secrets/db-passwd", "db-passwd"),
        (f"printf '{FAKE}\\n' > /etc/app/api-token", "api-token"),
        (f"cat > ~/.vault-token <<EOF\n{FAKE}\nEOF\nvault status", ".vault-token"),
        (f"echo '{FAKE}' | cat > /dev/null; echo -n '{FAKE}' >> /var/run/app/client_secret", "client_secret"),
    ],
)
def test_a_literal_written_into_a_secret_file_is_reported_once(script: str, file: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert f'writes a secret into "{file}" in plain text' in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        'echo -n "$DB_PASSWORD" > /run/secrets/db_password',
        'printf "%s" "${API_TOKEN}" > /etc/app/api-token',
        'echo -n "$(cat /secrets/pw)" > /tmp/password',
        "echo /run/secrets/db > /tmp/token",  # a path, no secret
        "echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd",  # accounts, no password
        "echo done > /tmp/secret_ready",  # a marker file: the name goes on after the secret's word
        "echo 3600 > /tmp/token_ttl",
        f"echo {FAKE} > /tmp/notes.txt",  # no secret's name
        "echo -n '' > /tmp/token",
        "echo 'FAKE first line\nsecond line' > /tmp/secret",  # more than one line: no single secret
    ],
)
def test_references_and_other_files_are_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_secret_files_judge() -> None:
    assert _a_secret_files_literal(NAMES, "db_password", FAKE + "\n")
    assert not _a_secret_files_literal(NAMES, "passwd", FAKE)
    assert not _a_secret_files_literal(NAMES, "password.txt", FAKE)
    assert not _a_secret_files_literal(Names.of((), ("db_password",)), "db_password", FAKE)  # allowed


def test_a_long_file_name_is_read_in_linear_time() -> None:
    for name in ("a" * 70_000 + "x", "-" * 70_000 + "passwor", "password" * 9_000 + "x"):
        script = f"echo -n {FAKE} > /tmp/{name}"
        started = time.monotonic()
        assert key_and_sh_c_messages(script) == [[], []]
        assert time.monotonic() - started < 10


def test_a_here_document_written_into_a_file_before_a_pipe_is_reported_once_as_the_readers() -> None:
    """cat <<EOF > /tmp/registry-password | docker login --password-stdin: docker reads nothing, said
    so once; the file written is that same secret, not reported again."""
    script = f"cat <<EOF > /tmp/registry-password | docker login -u sync --password-stdin registry.example.com\n{FAKE}\nEOF\n"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert 'writes a secret to a redirection, not to the input of "docker"' in messages[0]
