"""The shell command lines written in a file that is no shell script: a crontab's commands after their
schedule, a systemd unit's ``ExecStart=`` lines. ``commands_of`` gives such a file's text with
everything else blanked out, at their offsets and with the same line breaks, so that the shell
reader reads those commands as it reads a script's and its findings keep their lines; only a
crontab command with an input after a ``%``, written as its here-string (``_with_cron_input``),
makes its line longer or shorter than the text's."""

from __future__ import annotations

import re
from collections.abc import Callable

_CRON_FIELD = r"(?:[0-9*?]|(?i:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[\w*?/,\-]*+"
_CRON_SCHEDULE = re.compile(
    r"[ \t]*+(?:@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)"
    rf"|{_CRON_FIELD}(?:[ \t]++{_CRON_FIELD}){{4}})[ \t]++(?=[^\s#])"
)
"""A crontab line's schedule (five time fields, or ``@daily``) and the blanks before its command."""
_CRONTAB_KEY = re.compile(r"(?:^|[^a-z])(?:cron(?:tabs?)?|cron\.d)(?:[^a-z]|$)|^root$")
"""A ConfigMap key (lowercased) named as a crontab: ``crontab``, ``backup.cron``, ``cron.d-backup``,
a user's crontab ``root``."""
_CRONTAB_SKIPPED = re.compile(r"[ \t]*+(?:#|[A-Za-z_]\w*+[ \t]*+=|\r?$)")
"""A crontab line before its first command: a comment, a ``NAME=value`` setting or a blank line."""

_CRON_COMMAND = re.compile(r"(?:[^\\%]|\\.)*+")
"""A crontab command up to its first ``%`` that no backslash escapes (``\\%`` is a ``%``)."""
_CRON_INPUT_BREAK = re.compile(r"\\%|%")
_GROUPED = re.compile(r"[;&|()`]")
"""What makes a command line more than one command, whose input its first reader takes."""

_EXEC_LINE = re.compile(r"[ \t]*+Exec(?:Start(?:Pre|Post)?|Reload|Stop(?:Post)?|Condition)[ \t]*+=[ \t]*+[-@+!:]*+")
"""A systemd unit's command line setting up to its command: its name, ``=`` and systemd's own prefix
(``-`` failure ignored, ``@`` argv[0] given, ``+ ! :`` privileges and expansion)."""
_UNIT_KEY_SUFFIXES = (".service", ".socket", ".mount", ".swap")
_UNIT_SECTION = re.compile(r"^[ \t]*+\[(?:Service|Socket|Mount|Swap)\][ \t]*+\r?$", re.MULTILINE)
_UNIT_SPECIFIER = re.compile(r"%(?:%|(?=[A-Za-z]))")
"""A systemd specifier's ``%`` (``%i``, ``%d``), read as the ``$`` of a reference, which it is (the
unit's instance, its credentials' directory), not a literal; or ``%%``, a ``%``, kept."""


def commands_of(key: str, text: str) -> str | None:
    """``text`` with only the shell command lines of a crontab or a systemd unit left (``key``:
    the ConfigMap key, lowercased), or None when it is neither or has none."""
    if _is_crontab(key, text):
        return _kept(text, _crontab_command)
    if "Exec" in text and (key.endswith(_UNIT_KEY_SUFFIXES) or _UNIT_SECTION.search(text)):
        return _kept(text, _unit_command)
    return None


def _is_crontab(key: str, text: str) -> bool:
    """A crontab by its key's name, or by its first line that is no setting nor comment: a schedule
    with a ``*`` or an ``@`` (``*/5 * * * * cmd``), which no other file starts so; or one of five
    fields of numbers in their ranges (``30 2 1 1 0 /usr/bin/backup.sh``) when every such line of
    the text is one, each followed by a command (``_numbered_line``)."""
    if _CRONTAB_KEY.search(key):
        return True
    for line in text.split("\n", 20)[:20]:
        if not _CRONTAB_SKIPPED.match(line):
            schedule = _CRON_SCHEDULE.match(line)
            if schedule is None:
                return False
            if "*" in schedule.group() or "@" in schedule.group():
                return True
            break
    else:
        return False
    return all(_CRONTAB_SKIPPED.match(line) or _numbered_line(line) for line in text.split("\n"))


_NUMBERED_SCHEDULE = re.compile(
    r"[ \t]*+(?P<fields>[0-9*][0-9*/,\-]*+(?:[ \t]++[0-9*][0-9*/,\-]*+){2}"
    r"(?:[ \t]++(?:[0-9*][0-9*/,\-]*+|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z,\-]*+))"
    r"(?:[ \t]++(?:[0-9*][0-9*/,\-]*+|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z,\-]*+)))[ \t]++"
    r"(?=[/~$]|\.\.?/|[A-Za-z_]\w*+=|[A-Za-z_.][\w.\-]*+[^\r\n]*?[ \t]-)"
)
"""A crontab line whose schedule is five fields of numbers (``*`` and ``*/5`` too; a month's and a
weekday's name in their own fields), followed by a command as no other text goes on: a path, a
variable or a ``NAME=value`` word first, or a name with an option after it (not ``1 2 3 4 5 six``)."""
_CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
"""The numbers each field of a schedule takes: minute, hour, day of month, month, day of week."""


def _numbered_line(line: str) -> bool:
    """Whether ``line`` is a crontab line of a numbered schedule (``_NUMBERED_SCHEDULE``) whose
    numbers are each in its field's range (a step, after ``/``, any; a name none)."""
    schedule = _NUMBERED_SCHEDULE.match(line)
    if schedule is None:
        return False
    for field, (low, high) in zip(schedule.group("fields").split(), _CRON_RANGES, strict=True):
        for item in field.split(","):
            numbers = item.split("/", 1)[0].split("-")
            if any(number.isdigit() and (len(number) > 2 or not low <= int(number) <= high) for number in numbers):
                return False
    return True


def _crontab_command(line: str, continued: bool) -> int | None:
    schedule = _CRON_SCHEDULE.match(line)
    return None if schedule is None else schedule.end()


def _with_cron_input(command: str) -> str:
    """A crontab command as cron runs it: an unescaped ``%`` ends it, and the rest is its standard
    input, where each further ``%`` is a line break (``sudo -S apt-get update%PASSWORD%``); ``\\%``
    is a ``%``. That input is written as the here-string of the command, or of its group when it is
    more than one (``{ cd /x && sudo -S id ; } <<< '...'``: its first reader's), so that the shell
    reader judges it as any input it reads (``stdin_secrets``); a break as ``\\n``."""
    if "%" not in command:
        return command
    end = "\r" if command.endswith("\r") else ""
    command = command[: len(command) - len(end)]
    head = _CRON_COMMAND.match(command)
    cut = head.end() if head is not None else 0  # always a match: it may be empty
    ran = command[:cut].replace("\\%", "%")
    if cut == len(command) or command[cut] != "%":  # no unescaped % (a lone \ at its end)
        return ran + command[cut:] + end
    written = _CRON_INPUT_BREAK.sub(lambda part: "%" if len(part.group()) > 1 else "\n", command[cut + 1 :])
    here = "'" + written.replace("'", "'\\''").replace("\n", "\\n") + "'"
    if not ran.strip():
        return end
    return (f"{{ {ran} ; }} <<< {here}" if _GROUPED.search(ran) else f"{ran} <<< {here}") + end


def _unit_command(line: str, continued: bool) -> int | None:
    if continued:
        return 0
    command = _EXEC_LINE.match(line)
    return None if command is None else command.end()


def _as_reference(specifier: re.Match[str]) -> str:
    return "$" if specifier.group() == "%" else specifier.group()


def _kept(text: str, command_at: Callable[[str, bool], int | None]) -> str | None:
    """``text`` with each line's command (from the offset ``command_at`` gives, None: no command)
    kept and the rest blanked; a command's line that ends with a ``\\`` goes on on the next."""
    out: list[str] = []
    found = continued = False
    for line in text.split("\n"):
        start = command_at(line, continued)
        if start is None:
            out.append(" " * len(line))
            continued = False
            continue
        found = True
        command = _with_cron_input(line[start:]) if command_at is _crontab_command else _UNIT_SPECIFIER.sub(_as_reference, line[start:])
        out.append(" " * start + command)
        continued = command_at is _unit_command and line.rstrip("\r").endswith("\\")
    return "\n".join(out) if found else None
