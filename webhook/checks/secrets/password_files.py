"""Password files held in ConfigMaps, known by their key: PostgreSQL's ``.pgpass``, ``.netrc``
(curl, git, ftp), PgBouncer's ``userlist.txt`` and msmtp's ``msmtprc``. Each is read in its own format and judged line
by line: the lines that hold a password in plain text, never the password."""

from __future__ import annotations

import re
from collections.abc import Callable

from webhook.checks.secrets.values import PASSWORD_VERIFIER, shell_literal

_PGPASS_LINE = re.compile(r"^(?:(?:[^:\\\r\n]|\\.)*+:){4}(?P<password>(?:[^:\\\r\n]|\\.)*+)\r?$")
"""A ``.pgpass`` line: ``host:port:database:user:password``, exactly five fields (``\\:`` is a colon
inside a field)."""
_USERLIST_LINE = re.compile(r'^[ \t]*+"(?:[^"]|"")*+"[ \t]++"(?P<password>(?:[^"]|"")*+)"')
"""A PgBouncer ``userlist.txt`` line: ``"user" "password"`` (``""`` is a quote inside a field)."""
_MSMTPRC_PASSWORD = re.compile(r"^[ \t]*+password[ \t]++(?P<password>\S.*?)[ \t\r]*+$")
"""An msmtprc ``password`` command: the rest of the line (``passwordeval`` runs a command instead)."""


def pgpass_lines(text: str) -> list[int]:
    """The lines of a ``.pgpass`` file (``host:port:database:user:password``) that hold a password
    in plain text; comments (``#``) and lines of another shape are skipped."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _PGPASS_LINE.match(line)
        if match is not None and shell_literal(match.group("password").replace("\\:", ":")) is not None:
            found.append(number)
    return found


def netrc_lines(text: str) -> list[int]:
    """The lines of a ``.netrc`` file that hold a ``password`` token's value in plain text. Tokens
    are separated by blanks and line breaks, so the value may be on the line after ``password``;
    ``macdef`` bodies (up to a blank line) are macros, not settings."""
    found: list[int] = []
    expecting = False  # the previous token was "password"
    in_macro = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_macro:
            in_macro = bool(line.strip())
            continue
        if line.lstrip().startswith("#"):  # a comment (Python's and curl's readers skip them)
            continue
        for token in line.split():
            if expecting:
                if shell_literal(token) is not None and (not found or found[-1] != number):
                    found.append(number)
                expecting = False
            elif token == "password":
                expecting = True
            elif token == "macdef":
                in_macro = True
                break
    return found


def userlist_lines(text: str) -> list[int]:
    """The lines of a PgBouncer ``userlist.txt`` (``"user" "password"``) whose password is in plain
    text rather than an MD5 or SCRAM verifier; comments (``;``, ``#``) are skipped."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _USERLIST_LINE.match(line)
        if match is None:
            continue
        password = match.group("password").replace('""', '"')
        if password and not PASSWORD_VERIFIER.match(password) and shell_literal(password) is not None:
            found.append(number)
    return found


def msmtprc_lines(text: str) -> list[int]:
    """The lines of an msmtp configuration (``msmtprc``) whose ``password`` command gives the SMTP
    password in plain text; ``passwordeval``, comments and other commands are not secrets."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MSMTPRC_PASSWORD.match(line)
        if match is not None and shell_literal(match.group("password").strip("\"'")) is not None:
            found.append(number)
    return found


PASSWORD_FILES: dict[str, Callable[[str], list[int]]] = {
    ".pgpass": pgpass_lines,
    "pgpass": pgpass_lines,
    "pgpass.conf": pgpass_lines,  # its name on Windows
    ".netrc": netrc_lines,
    "_netrc": netrc_lines,  # its name on Windows
    "netrc": netrc_lines,
    "userlist.txt": userlist_lines,
    "msmtprc": msmtprc_lines,
    ".msmtprc": msmtprc_lines,
}
"""ConfigMap keys (lowercased) read as a password file, and how."""
