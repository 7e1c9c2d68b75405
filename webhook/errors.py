"""railguard's exceptions.

Two channels, never mixed:

* A *bad call* (the HTTP body is not an AdmissionReview we can read, or, with mutual TLS, the
  connection presented no client certificate) raises ``BadRequest``; the server answers with its
  HTTP status (400, 403, 408, 413, 415) and a JSON error body. Bytes that are no request the
  server will read (unparsable 400, a head over the limit 431, a request pipelined past the limit
  429) raise nothing: the HTTP protocol answers them alike (``server_fastpath``) and closes.
* A *bad object* is not an exception at all: ``review()`` answers ``allowed: false`` with findings.

The rest are operator errors, reported with the file and field at fault:

* ``PolicyError``: a policy file is unreadable or invalid (the engine refuses the whole set).
* ``ConfigError``: the cluster configuration or settings are invalid.
* ``InputError``: a manifest given to ``railguard test`` cannot be parsed (file and line).
* ``AuditError``: the audit store cannot record, read or verify (``DamagedTrail``: a stored
  record cannot be read).
"""

from __future__ import annotations


class RailguardError(Exception):
    """Base class of every error railguard raises on purpose."""


class BadRequest(RailguardError):
    """The caller sent something that is not a readable AdmissionReview."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


MAX_SHOWN_FIELD = 200
MAX_SHOWN_PROBLEM = 600


def one_line(text: str, limit: int) -> str:
    """``text`` as one bounded line of an error: a character that is not printable (a line break
    in a key, an escape sequence) escaped as in Python, a text longer than ``limit`` cut in its
    middle (its start says what is wrong, its end often what is accepted)."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > limit:
        cut = f" ... [{len(text) - limit:,} characters cut] ... "
        head = (limit - len(cut)) * 2 // 3
        text = text[:head] + cut + text[len(text) - (limit - len(cut) - head) :]
    return text


class PolicyError(RailguardError):
    """A policy file is invalid. ``str()`` names the file, the field and the problem, on one line
    of bounded length whatever the file holds: a field is often a key from the file
    (``params.<key>``) and a problem may quote a value (``unknown check '<value>'``)."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        file, field, problem = one_line(file, 4096), one_line(field, MAX_SHOWN_FIELD), one_line(problem, MAX_SHOWN_PROBLEM)
        self.file, self.field, self.problem = file, field, problem
        super().__init__(self.text())

    def text(self, max_file: int = 4096) -> str:
        """``file: field: problem``, the file cut in its middle to ``max_file`` characters."""
        file = one_line(self.file, max_file)
        where = f"{file}: {self.field}" if self.field else file
        return f"{where}: {self.problem}"


class ConfigError(PolicyError):
    """The cluster configuration file or a setting is invalid."""


class InputError(RailguardError):
    """A manifest cannot be read. ``str()`` names the file and, when known, the line."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file, self.line, self.problem = file, line, problem
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int | None, str]]:
        # sent back by the worker processes of ``railguard test --jobs``
        return type(self), (self.file, self.line, self.problem)


class AuditError(RailguardError):
    """The audit store failed to record, read or verify."""


class DamagedTrail(AuditError):
    """A stored record cannot be read or represented (an export stops there): the trail was
    damaged or tampered with. ``str()`` names the record, never its content."""
