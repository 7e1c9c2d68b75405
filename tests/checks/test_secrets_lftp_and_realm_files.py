"""disallow-plaintext-secrets on lftp's script and startup files (``*.lftp``, ``.lftprc``,
``lftp.conf``), whose ``open -u user,password`` and ``user NAME PASSWORD`` commands are read as
among ``lftp -c``'s, line by line; a user alone (lftp asks), a reference and other commands stay
harmless. The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _found(key: str, *lines: int) -> list[str]:
    return [f'ConfigMap "config" key "{key}" sets a password in plain text (line {line}).' for line in lines]


@pytest.mark.parametrize("key", ["mirror.lftp", "Nightly-Upload.LFTP", ".lftprc", "lftprc", "lftp.conf"])
@pytest.mark.parametrize(
    "command",
    [
        f"open -u deploy,{FAKE} sftp://files.example.com",
        f"open --user deploy,{FAKE} -p 2222 sftp://files.example.com",
        f"set net:timeout 10; open -u 'deploy,{FAKE}' sftp://files.example.com && mirror -R /data /in",
        f"user deploy {FAKE}",
    ],
)
def test_a_password_in_an_lftp_file_is_found_on_its_line(key: str, command: str) -> None:
    obj = configmap({key: f"# upload\nset ssl:verify-certificate yes\n{command}\nmirror -R /data /in\nquit\n"})
    assert _messages(obj) == _found(key, 3)
    assert FAKE not in everything_shown(decide(obj))


def test_each_line_with_a_password_is_listed() -> None:
    text = f"user deploy {FAKE}\nopen sftp://a.example.com\nmirror /in /a\nopen -u sync,{FAKE} sftp://b.example.com\n"
    obj = configmap({"sync.lftp": text})
    assert _messages(obj) == _found("sync.lftp", 1, 4)
    assert FAKE not in everything_shown(decide(obj))


@pytest.mark.parametrize(
    "text",
    [
        "open -u deploy sftp://files.example.com\nmirror -R /data /in\n",  # lftp asks
        "open -u deploy, sftp://files.example.com\n",
        "open -u deploy,$FTP_PASSWORD sftp://files.example.com\n",
        "user deploy\nopen sftp://files.example.com\n",
        f"# open -u deploy,{FAKE} sftp://files.example.com\nset net:max-retries 3\n",
        "set sftp:connect-program 'ssh -a -x -i /run/secrets/key'\nopen -u deploy sftp://h\n",
    ],
)
def test_an_lftp_file_without_a_password_stays_harmless(text: str) -> None:
    obj = configmap({"mirror.lftp": text})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))


def test_other_keys_are_not_read_as_lftp_files() -> None:
    obj = configmap({"notes.txt": f"user deploy {FAKE}\n", "lftp.md": f"user deploy {FAKE}\n"})
    assert _messages(obj) == []
    assert FAKE not in everything_shown(decide(obj))
