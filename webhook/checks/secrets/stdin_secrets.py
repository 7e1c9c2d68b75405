"""A literal secret written to a program that reads one on its standard input: ``echo ... | docker
login --password-stdin``, ``chpasswd <<EOF``, ``printf ... | sudo -S ...``, ``htpasswd -i``. Which
commands read a secret there and how many lines of it (``STDIN_SECRETS``, ``sudo -S``:
``stdin_reader``), what a command writes into a pipe (``echo``, ``printf``, ``cat`` of a
here-document, through ``tee`` and ``cat``: ``pipe_output``), and whether what reaches the reader,
from a pipe, a group's output or a redirection of its own, holds a literal (``stdin_secret``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from webhook.checks.secrets.shell_reader import QUOTED_SUBSTITUTION, RADIUS_ATTRIBUTES, HereDocument, InputFile, ShellCommand, input_line_secret
from webhook.checks.secrets.wrappers import WRAPPER_VALUED


def _written(parts: tuple[PipeInput | None, ...]) -> Iterator[PipeInput | None]:
    """What each command of a group writes, in order, through the groups in it (without recursion:
    nested groups may be deep); what a group whose output is redirected holds is ``diverted``."""
    pending = [(parts, 0, False)]  # (parts, index of the next, whether their group's output is redirected)
    while pending:
        parts, at, diverted = pending.pop()
        if at == len(parts):
            continue
        pending.append((parts, at + 1, diverted))
        part = parts[at]
        if part is not None and part.parts is not None:
            pending.append((part.parts, 0, diverted or part.diverted))
        elif diverted and part is not None and not part.diverted:
            yield part._replace(diverted=True)
        else:
            yield part


class StdinSecret(NamedTuple):
    """A program that reads a secret from its standard input when given ``switch`` (or always)."""

    switch: str  # "--password-stdin"; "" when it always reads one; several, split by spaces: any of them
    user_colon: int  # 1 (True): it reads user:password lines, only the password counts; RADIUS_ATTRIBUTES: attribute lists
    subcommand: str = ""  # only in this subcommand (vault login -; vault policy write - reads a policy)
    valued_letters: str | None = None
    """When set, ``switch`` is a one-letter option that may be joined to others in one word, before
    the first operand (getopt: ``htpasswd -Bi``, ``-bBC 10``); these letters take a value, the rest
    of their word or the next one (``-Ci``: i is -C's value, not -i)."""
    value: str = ""  # the switch's value that names stdin (--passphrase-fd 0, -passin stdin), as the next word or after =; several, split by spaces
    first_line: bool = False  # only the first line of its input is the secret (a line per switch given, openssl -passin stdin -passout stdin: two)
    unless: str = ""  # option letters naming another source of the secret (sshpass -p, -f, -d, -e): then it reads none
    permuted: bool = False  # its options may follow its operands (GNU getopt: smbpasswd USER -s)


_PASSWORD_STDIN = StdinSecret("--password-stdin", False)
STDIN_SECRETS: dict[str, StdinSecret] = {
    **dict.fromkeys("docker podman nerdctl buildah skopeo helm oras cosign notation".split(), _PASSWORD_STDIN),
    "gh": StdinSecret("--with-token", False),  # gh auth login --with-token
    "passwd": StdinSecret("", False),  # --stdin (RHEL), or PAM's prompts read from a pipe
    "chpasswd": StdinSecret("", True),
    "htpasswd": StdinSecret("-i", False, valued_letters="Cr"),  # -C COST, -r ROUNDS
    "smbpasswd": StdinSecret("-s", False, valued_letters="rwRDUSc", permuted=True),  # -s: old and new passwords from stdin
    "gpg": StdinSecret("--passphrase-fd", False, value="0", first_line=True),  # the passphrase from descriptor 0
    "openssl": StdinSecret("-passin -passout", False, value="stdin fd:0", first_line=True),  # pass phrase arguments
    "kinit": StdinSecret("--password-file", False, value="STDIN", first_line=True),  # Heimdal's
    "sshpass": StdinSecret("", False, valued_letters="fdpP", first_line=True, unless="fdpe"),  # no source given: stdin
    **dict.fromkeys(
        "ansible-vault ansible-playbook ansible".split(),
        StdinSecret("--vault-password-file --vault-pass-file", False, value="/dev/stdin"),
    ),
    "vault": StdinSecret("-", False, "login"),  # vault login -: the token from stdin
    "radclient": StdinSecret("", RADIUS_ATTRIBUTES, valued_letters="cdDfinpPrSt", unless="f"),  # its requests' attributes, unless -f FILE
}
"""Programs that read a secret from stdin: a literal piped into them by ``echo`` or ``printf``, or
by ``cat`` from a here-document or here-string, is a secret in plain text (``echo ... | docker login
--password-stdin``)."""
_ECHO_FLAGS = frozenset({"-n", "-e", "-E", "-ne", "-en"})


class PipeInput(NamedTuple):
    """A literal written into a pipe: by ``echo`` or ``printf``, or by ``cat`` copying its
    here-document or here-string, then maybe through filters copying it unchanged (``tee``)."""

    writer: str  # "echo ...", "cat <<..."
    text: str | HereDocument
    diverted: bool  # the output of a command on its way is redirected: the pipe gets none of it
    through: str = ""  # the last filter it went through
    filters: int = 0
    parts: tuple[PipeInput | None, ...] | None = None
    """The output of a subshell or brace group (``writer``: "(" or "{"): what each of its commands
    (or groups) writes, in order, None where that is not known (``_place``); ``text`` is unused.
    Also what the files of process substitutions hold, each such a group's output: those ``cat``
    copies (``writer``: "cat <(", a file named among its words not known: None), or the one a
    command reads as its input (``writer``: "< <(")."""
    into: str = ""
    """ "{" or "(" for the input a brace group or subshell gets from its own here-document or
    here-string (``{ sudo -S id; } <<EOF``): its first reader's, not piped (``writer``: "<<...")."""
    values: tuple[str, ...] | None = None
    """printf's format and values (its words after its options), kept once a command substitution
    among them closed (``printf FORMAT $(date) MORE``): the words after it are more values, which
    its format writes too (``with_more_values``); ``text`` is what it writes of them."""

    def shown(self, part: PipeInput | None = None) -> str:
        """How a message shows the commands that wrote it into the pipe (the last filter only); for
        a group's output, the ``part`` of it that holds the secret, in the group."""
        writer = self.writer
        if part is not None:
            writer = _GROUP_SHOWN.get(self.writer, "{{ {}; }}").format(part.shown())
        if not self.filters:
            return writer
        return f"{writer} | {'... | ' if self.filters > 1 else ''}{self.through}"


_GROUP_SHOWN = {"(": "({})", "cat <(": "cat <({})", "< <(": "{}"}
"""How a message shows the part of a group's output that holds a secret, by the group's ``writer``
(``PipeInput.shown``); a brace group's otherwise."""


def pipe_output(command: ShellCommand, program: tuple[int, str] | None, fed: PipeInput | None) -> PipeInput | None:
    """The literal a command writes to its standard output (``fed``: the one piped into it), or None:
    printed by ``echo`` or ``printf``, a here-document or here-string copied by ``cat``, or what was
    piped into a filter that copies its input unchanged (``copies_its_input``)."""
    if program is None:
        return None
    if (printed := printed_text(command.words, program)) is not None:
        return PipeInput(f"{printed[0]} ...", printed[1], command.diverted)
    if (copied := copied_input(command, program)) is not None:
        return PipeInput(f"{program[1]} <<...", copied, command.diverted)
    if fed is not None and command.stdin is None and copies_its_input(command.words, program):
        return fed._replace(diverted=fed.diverted or command.diverted, through=program[1], filters=fed.filters + 1, into="")
    return None


def with_substituted_output(printed: PipeInput, substituted: PipeInput | None, quoted: bool = False) -> PipeInput:
    """What ``echo`` or ``printf`` writes when a command substitution is among its words
    (``printed``: its words as written; unquoted, the ``$`` of the substitution ends the last of
    them; printf's ``values`` when kept) given what the substitution's last command writes
    (``substituted``, None when not known): that text in place of the ``$`` (``echo ...$(echo a)``;
    among printf's values, split into words as the shell splits it), or of the first quoted
    substitution written in them (``echo "root:$(echo ...)"``: ``root:`` and that text, one line);
    else the substitution's output when known (a here-document it copies), else its own words,
    whose literal part is written whatever the substitution gives (``echo "...$(date)"``, ``echo ...
    $(true)``, also when it ends with a group: ``echo ... $( (date) )``). A quoted substitution
    (``quoted``: one read after its command's words, ``echo "root:$(echo ...)" $(date)``) takes the
    place of the first one written in them before the ``$`` of an unquoted one after it."""
    if substituted is None or substituted.parts is not None:
        return printed  # not known, or a group's output (``echo ... $( (date) )``): not a text to put in place
    if not isinstance(substituted.text, str) or substituted.diverted:
        return substituted
    if printed.values is not None:
        if (values := _values_with_output(printed.values, substituted.text, quoted)) is not None:
            return printed._replace(text=_printf_text(list(values), 0), values=values)
    elif isinstance(printed.text, str):
        if (span := _output_place(printed.text, quoted)) is not None:
            return printed._replace(text=printed.text[: span[0]] + substituted.text + printed.text[span[1] :])
    if not substituted.text:
        return printed  # it printed nothing (`true`, whose place is not marked): the writer's own words
    return substituted if substituted.values is None else substituted._replace(values=None)


def _output_place(text: str, quoted: bool) -> tuple[int, int] | None:
    """Where a substitution's output goes in what echo writes (``with_substituted_output``): the
    ``$`` ending it, else the first substitution written in it; for a quoted one, that first."""
    if quoted and (span := _quoted_substitution_span(text)) is not None:
        return span
    if text[-1:] == "$":
        return len(text) - 1, len(text)
    return _quoted_substitution_span(text)


def _values_with_output(values: tuple[str, ...], output: str, quoted: bool = False) -> tuple[str, ...] | None:
    """printf's format and values with a substitution's ``output`` in place: unquoted, after the
    ``$`` that ends the last of them, split into words (none: the word goes when nothing else is in
    it); quoted, in place of the first substitution written in one of them (tried first when
    ``quoted``). None when neither is."""
    last = values[-1] if values else ""
    found = _quoted_value(values) if quoted or last[-1:] != "$" else None
    if last[-1:] == "$" and found is None:
        words = output.split()
        head = last[:-1] + words[0] if words else last[:-1]
        return (*values[:-1], *([head] if head else []), *words[1:])
    if found is None:
        return None
    at, span = found
    return (*values[:at], values[at][: span[0]] + output + values[at][span[1] :], *values[at + 1 :])


def _quoted_value(values: tuple[str, ...]) -> tuple[int, tuple[int, int]] | None:
    """The first of printf's values with a substitution written in it, and where that is."""
    for at, value in enumerate(values):
        if (span := _quoted_substitution_span(value)) is not None:
            return at, span
    return None


def _quoted_substitution_span(text: str) -> tuple[int, int] | None:
    """Where the first command substitution written in a text (``$(...)``, backquotes) is, when the
    first ``$(`` or backquote in it opens one (one match tried: a text of many left open is read once)."""
    starts = [at for at in (text.find("$("), text.find("`")) if at >= 0]
    if not starts:
        return None
    found = QUOTED_SUBSTITUTION.match(text, min(starts))
    return found.span() if found is not None else None


def printf_values(words: list[str], program: tuple[int, str]) -> tuple[str, ...] | None:
    """printf's format and values (``PipeInput.values``), or None for ``printf -v NAME``, which prints nothing."""
    name, start = _printf_operands(words, program[0] + 1)
    return None if name is not None else tuple(words[start:])


def with_more_values(printed: PipeInput, more: list[str]) -> PipeInput:
    """What printf writes (``printed``, its ``values`` kept) once more of its words are read: those
    after a substitution among them (``printf FORMAT $(date) MORE``), which its format writes too."""
    values = (*(printed.values or ()), *more)
    return printed._replace(text=_printf_text(list(values), 0), values=values)


_UNCHANGED_CAT = frozenset({"-", "--", "-u"})


def copies_its_input(words: list[str], program: tuple[int, str]) -> bool:
    """Whether a command copies its standard input to its output unchanged: ``tee`` (also writing
    it to its files), ``cat`` with no file (``-`` and ``-u`` change nothing; ``-n``, ``-A``, ...
    do) or ``-`` first among its files (``cat_reads_its_input_first``); not under ``sudo -S``, which
    reads a line of it first."""
    if program[1] not in ("tee", "cat"):
        return False
    arguments = words[program[0] + 1 :]
    if program[1] == "tee":
        copies = "--help" not in arguments and "--version" not in arguments
    else:
        copies = cat_reads_its_input_first(arguments)
    return copies and sudo_stdin_option(words, program) is None


def cat_reads_its_input_first(arguments: list[str]) -> bool:
    """Whether ``cat`` given ``arguments`` writes its standard input first and unchanged: no file
    (``cat``, ``cat -``), or ``-`` the first of its files (``cat - FOOTER``, 1.25.563: what a reader
    after it takes first is that input, the files' lines after it); its options only ``-u`` and ``--``.
    Not ``cat FILE -``: the file's lines come first, not known."""
    first = True  # no file yet
    for word in arguments:
        if word[:1] == "-" and word not in _UNCHANGED_CAT:
            return False  # -n, -A, ...: the text changes
        if first and word not in ("--", "-u"):
            if word != "-":
                return False
            first = False
    return True


def stdin_secret(fed: PipeInput | None, consumer: ShellCommand, reader: tuple[int, str] | None) -> str | None:
    """What is wrong when a literal secret reaches a program that reads one from stdin: written in a
    here-document or here-string of its own, or piped to it (``fed``, ``pipe_output`` of the
    command before the pipe); None otherwise. ``reader``: the consumer's program (``command_program``)."""
    if consumer.stdin is None and fed is None:
        return None  # nothing written reaches its input: whatever it reads, no literal (most commands)
    read = stdin_reader(consumer.words, reader)
    if read is None:
        return None
    name, command, user_colon, lines = read
    if consumer.stdin is not None:  # its own redirection wins over a pipe
        found = _input_holds_secret(consumer.stdin, user_colon, lines)
        return f'passes a secret to "{name}" on its input ({command} <<...)' if found else None
    if fed is None:
        return None
    if fed.parts is None:
        if not _input_holds_secret(fed.text, user_colon, lines):
            return None
        return group_input_message(name, fed.into, command) if fed.into else piped_secret_message(name, fed.shown(), command, fed.diverted)
    part = secret_part(_written(fed.parts), user_colon, lines)  # a group's output: each of its commands'
    if part is None:
        return None
    if fed.writer == "< <(" and not fed.filters:  # sudo -S id < <(echo ...): the file its input is
        return process_input_message(name, part.shown(), command, fed.diverted or part.diverted)
    return piped_secret_message(name, fed.shown(part), command, fed.diverted or part.diverted)


class SecretRead(NamedTuple):
    """The text a program reading a secret on its input takes as its secret (``secret_read``): the
    text piped to it or its here-string's word; for here-document lines, where they are written
    (offsets ``start`` to ``end`` in ``script``, the script whose lines they are; ``text`` unused:
    not copied, a here-document left open runs to the end of the script, and each reader of one)."""

    text: str
    start: int = -1
    end: int = -1
    script: str = ""


def read_spans(read: list[SecretRead]) -> list[tuple[int, int]]:
    """Where the here-document lines readers took (``read``) are written: (start, end) offsets in
    their script, in order, spans that overlap joined (a here-document left open runs to the end,
    and each of its readers reads it again), so each character is in one span at most."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((each.start, each.end) for each in read if each.start >= 0):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def secret_read(fed: PipeInput | None, consumer: ShellCommand, reader: tuple[int, str] | None) -> SecretRead | None:
    """The text a program reading a secret on its input (``stdin_reader``) takes as its secret: from
    its own here-document or here-string, or from a literal piped to it or given to its group
    (``fed``: echo's words, a here-document cat copies, a group's own): its first lines, for one
    that reads so many, else all of it (a ``\\n`` written in it breaks a line); a here-document's
    lines where they are written; from a group's output, its known parts' (``_group_output_read``).
    None when it reads a file or no secret."""
    read = stdin_reader(consumer.words, reader)
    if read is None:
        return None
    lines = read[3]
    source = consumer.stdin if consumer.stdin is not None else fed.text if fed is not None else None
    if consumer.stdin is None and fed is not None and fed.parts is not None:
        part = secret_part(_written(fed.parts), read[2], lines)
        if part is None or not part.diverted:
            if (text := _group_output_read(fed.parts, lines)) is not None:
                return SecretRead(text)
            if part is None or not isinstance(part.text, HereDocument) or part is not _first_read(fed.parts):
                return None
        source = part.text  # ( echo ... > /dev/null ) | sudo -S id: the literal written for it; < <(tee FILE <<EOF ...): its here-document
    if source is None or isinstance(source, InputFile):
        return None
    if isinstance(source, HereDocument):
        start, end = source.lines.written(source, lines)
        return SecretRead("", start, end, source.lines.script)
    return SecretRead(_first_lines(source, lines) if lines else source.replace("\\n", "\n"))


def _first_read(parts: tuple[PipeInput | None, ...]) -> PipeInput | None:
    """The first part of a group's output a reader takes (none redirected elsewhere), None when not known."""
    return next((part for part in _written(parts) if part is None or not part.diverted), None)


def _group_output_read(parts: tuple[PipeInput | None, ...], lines: int) -> str | None:
    """What a reader takes of a group's output (``{ echo PASSWORD=...; } | sudo -S id``): the texts
    its commands write, in order, its first ``lines`` lines or all (0); output not known or a
    here-document ends it for a reader of lines (which lines follow is not known), and is left out
    for one that reads all. None when nothing of it is known."""
    texts: list[str] = []
    left = lines
    for part in _written(parts):
        if part is not None and part.diverted:
            continue  # written elsewhere: not read
        if part is None or not isinstance(part.text, str):
            if lines:
                break
            continue
        texts.append(part.text)
        left -= _lines_written(part.text)
        if lines and left <= 0:
            break
    if not texts:
        return None
    text = "\n".join(texts)
    return _first_lines(text, lines) if lines else text.replace("\\n", "\n")


def in_the_script(secret: SecretRead, script: str) -> bool:
    """Whether a reader's secret is placed in ``script``: text found anywhere, or here-document
    lines of it (``script`` as ``shell_items`` read it, continued lines joined: as long), not of a
    command substitution's script within it (``x="$(sudo -S id <<EOF ...)"``), whose lines are
    numbered from its own start."""
    return secret.start < 0 or len(secret.script) == len(script)


def in_secret_read(word: str, secret: SecretRead, at: int = -1) -> bool:
    """Whether a word reported in a command writing into a reader's input (``echo PASSWORD=...``:
    ``sets "PASSWORD"``) is written in the secret the reader takes (``secret_read``): one secret,
    reported once, as the reader's. For here-document lines, a word of the command at ``at`` (a
    line of it, read as a command): written on that line, among the lines taken."""
    if secret.start >= 0:
        if not word or not secret.start <= at < secret.end:
            return False
        line_end = secret.script.find("\n", at, secret.end)
        return secret.script.find(word, at, secret.end if line_end < 0 else line_end) >= 0
    text = word.replace("\\n", "\n").strip("\n")
    return bool(text) and text in secret.text


_READ_VALUED = "adinNptu"  # bash read's options that take a value
_READ_NOT_A_LINE = "dnN"  # read up to a delimiter (-d) or so many characters (-n, -N): not a line


def left_after_read(fed: PipeInput, command: ShellCommand, program: tuple[int, str] | None) -> PipeInput | None:
    """What a command that reads its input leaves of it for the next command of its group
    (``lines_read``): None when it takes all of it, or what is left is nothing or not known."""
    read = lines_read(command.words, program)
    if read is None:
        return None
    return fed if read == 0 else after_first_line(fed)


def lines_read(words: list[str], program: tuple[int, str] | None) -> int | None:
    """How many lines of its standard input a command takes, leaving the rest to the next command
    reading it: one for ``read`` (the shell reads a pipe a byte at a time, not past the line), none
    for ``read -u FD`` of another descriptor; None for any other program, which may read it all,
    and for ``read -d``/``-n``/``-N`` (up to a delimiter or so many characters: not a line)."""
    if program is None or program[1] != "read":
        return None
    takes = ""  # the option letter whose value is the next word
    for word in words[program[0] + 1 :]:
        if takes:
            if takes == "u":
                return 1 if word == "0" else 0
            takes = ""
            continue
        if word[:1] != "-" or word == "-" or word == "--":
            break
        for at in range(1, len(word)):
            if word[at] in _READ_NOT_A_LINE:
                return None
            if word[at] in _READ_VALUED:
                if word[at] == "u" and at + 1 < len(word):
                    return 1 if word[at + 1 :] == "0" else 0
                takes = word[at] if at == len(word) - 1 else ""
                break
    return 1


def after_first_line(fed: PipeInput) -> PipeInput | None:
    """An input without its first line (a ``\\n`` written in it breaks a line, as for
    ``input_line_secret``); None when nothing is left or its first line is not known."""
    if fed.parts is not None:
        parts = [part for part in _written(fed.parts) if part is None or not part.diverted]  # what is read of it
        if not parts or parts[0] is None:
            return None
        rest = after_first_line(parts[0])
        parts[:1] = [rest] if rest is not None else []
        return fed._replace(parts=tuple(parts)) if parts else None
    text = fed.text
    if isinstance(text, HereDocument):
        return fed._replace(text=text._replace(first=text.first + 1)) if text.first + 1 < text.lines.end_of(text) else None
    lines = text.replace("\\n", "\n").split("\n", 1)
    return fed._replace(text=lines[1], values=None) if len(lines) > 1 and lines[1] else None


def secret_part(parts: Iterable[PipeInput | None], user_colon: int, lines: int) -> PipeInput | None:
    """The part of a group's output (what each of its commands writes, in order, None when not known)
    that holds a literal secret for a reader; for one that reads its first ``lines`` lines only
    (``stdin_reader``), the parts that write them (none when output not known comes first). When
    none does and the group writes nothing else for the reader, the first part written to a
    redirection (``diverted``: ``( echo ... > /dev/null ) | sudo -S id``) whose own lines would be
    one: not read, but written for the reader in plain text; beside output the reader does read, a
    redirected line is a log (``( echo starting >&2; echo "$PW" ) | sudo -S id``)."""
    left, reading = lines, True
    diverted: PipeInput | None = None
    read_any = False  # a part not redirected: what the reader takes
    for part in parts:
        if part is not None and part.diverted:
            if diverted is None and _input_holds_secret(part.text, user_colon, lines):
                diverted = part
            continue
        read_any = True
        if not reading:
            continue
        if part is None:
            reading = not lines
            continue
        if _input_holds_secret(part.text, user_colon, left):
            return part
        if lines:
            left -= _lines_written(part.text)
            reading = left > 0
    return None if read_any else diverted


def _lines_written(text: str | HereDocument) -> int:
    """How many lines a writer's output takes (a ``\\n`` written in it breaks a line)."""
    if isinstance(text, HereDocument):
        return text.lines.end_of(text) - text.first
    return text.count("\n") + text.count("\\n") + 1


def piped_secret_message(name: str, writer: str, command: str, diverted: bool) -> str:
    """What is wrong with a literal secret written into a pipe to a program reading one on its
    input; when the writer's output is redirected (``cat <<EOF > FILE | docker login
    --password-stdin``), the literal meant for the program goes where the redirection sends it,
    still in plain text in the manifest, and the program's input gets none of it."""
    if diverted:
        return f'writes a secret to a redirection, not to the input of "{name}" ({writer} >... | {command})'
    return f'passes a secret to "{name}" on its input ({writer} | {command})'


def process_input_message(name: str, writer: str, command: str, diverted: bool) -> str:
    """What is wrong with a literal secret a process substitution writes (``writer``: its command
    that does) into the file a program reading one takes as its input (``sudo -S id < <(echo ...)``);
    written to a redirection there, it is still in plain text in the manifest (``piped_secret_message``)."""
    if diverted:
        return f'writes a secret to a redirection, not to the input of "{name}" ({command} < <({writer} >...))'
    return f'passes a secret to "{name}" on its input ({command} < <({writer}))'


def group_input_message(name: str, group: str, command: str) -> str:
    """What is wrong with a literal secret in the here-document or here-string of a brace group
    (``group``: "{") or subshell ("(") that reaches a program of it reading one on its input."""
    shown = f"{{ ... {command}; }}" if group == "{" else f"(... {command})"
    return f'passes a secret to "{name}" on its input ({shown} <<...)'


def stdin_reader(words: list[str], reader: tuple[int, str] | None) -> tuple[str, str, int, int] | None:
    """How a command reads a secret from its input, when it does: (the program named, the command
    shown, whether it reads ``user:password`` lines, how many of its first lines are secrets: 0
    for all of them, 1 for ``sudo -S``, 2 for ``openssl -passin stdin -passout stdin``).
    ``sudo -S`` reads its own password first, whatever it runs; else the program's
    ``STDIN_SECRETS`` rule. ``reader``: the command's program (``command_program``)."""
    if (option := sudo_stdin_option(words, reader)) is not None:
        return "sudo", f"sudo {option}", False, 1
    if reader is None or (rule := STDIN_SECRETS.get(reader[1])) is None:
        return None
    arguments = words[reader[0] + 1 :]
    if rule.subcommand and rule.subcommand not in arguments[:2]:
        return None
    if (switch := _switch_given(rule, arguments)) is None:
        return None
    lines = (switch.count(" ") + 1) // 2 if rule.value else 1  # a line per "SWITCH VALUE" given
    return reader[1], reader[1] + (f" ... {switch}" if switch else ""), rule.user_colon, lines if rule.first_line else 0


def _switch_given(rule: StdinSecret, arguments: list[str]) -> str | None:
    """How a program's arguments tell it to read its secret from stdin, as a message shows it
    (``"--password-stdin"``, ``"-passin stdin"``; ``""`` for a program that always does), or None:
    a switch as a word of its own, with its value naming stdin, or for a one-letter switch, joined
    to other letters (``valued_letters``)."""
    if rule.valued_letters is not None:
        given = set(_short_option_letters(arguments, rule.valued_letters, rule.permuted))
        if given.intersection(rule.unless):
            return None
        return rule.switch if not rule.switch or rule.switch[1:] in given else None
    if not rule.switch:
        return ""
    values = rule.value.split()
    named: list[str] = []  # with a value: each switch given whose value names stdin (openssl -passin stdin -passout stdin)
    for switch in rule.switch.split():
        if not values:
            if switch in arguments:
                return switch
            continue
        for at, word in enumerate(arguments):
            if word == switch and arguments[at + 1 : at + 2] and arguments[at + 1] in values:
                named.append(f"{switch} {arguments[at + 1]}")
                break
            if word[: len(switch) + 1] == switch + "=" and word[len(switch) + 1 :] in values:
                named.append(f"{switch} {word[len(switch) + 1 :]}")
                break
    return " ".join(named) if named else None


def _short_option_letters(arguments: list[str], valued: str, permuted: bool = False) -> Iterator[str]:
    """The one-letter options given before the first operand (anywhere, when ``permuted``) or ``--``,
    as getopt reads them: letters may be joined in one word (``-bBC 10``); a letter of ``valued``
    takes the rest of its word (``-C10``, ``-Ci``) or, at its end, the next word as its value."""
    takes = False
    for word in arguments:
        if takes:
            takes = False
            continue
        if word == "--":
            return
        if word[:1] != "-" or word == "-":
            if permuted:
                continue
            return
        for at in range(1, len(word)):
            yield word[at]
            if word[at] in valued:
                takes = at == len(word) - 1
                break


def sudo_stdin_option(words: list[str], reader: tuple[int, str] | None) -> str | None:
    """``-S`` or ``--stdin`` when a ``sudo`` among the wrappers before the program (all the words
    when there is none: ``sudo -S -v``) is told to read its password from standard input (``-S``
    alone or joined to other letters, ``-kS``, before any that takes a value: in ``-uS``, S is a
    user's name); None otherwise (``echo ... | sudo tee FILE``: tee reads the pipe). As sudo reads
    its options (getopt without permutation, then ``NAME=value`` words it keeps for the command's
    environment, resuming after each): the first other word ends them, a lone ``-`` too (``sudo -
    -S cmd`` runs ``-``), and after ``--`` a ``NAME=value`` is the command."""
    end = reader[0] if reader is not None else len(words)
    for at in range(end):
        if words[at].rsplit("/", 1)[-1] == "sudo":
            return _sudo_stdin_option(words, at + 1, end)
    return None


def _sudo_stdin_option(words: list[str], start: int, end: int) -> str | None:
    valued, takes = WRAPPER_VALUED["sudo"], False
    for word in words[start:end]:
        if takes:
            takes = False
            continue
        if word[:1] != "-" and word[:1] != "/" and "=" in word:
            continue  # sudo NAME=value -S ...: an environment variable for the command, options go on
        if word[:1] != "-" or word == "--" or word == "-":
            return None  # the command sudo runs (also "-": getopt takes no lone - as an option): its options are its own
        if word[:2] == "--":
            if word == "--stdin":
                return word
            takes = word in valued
            continue
        for at in range(1, len(word)):
            letter = "-" + word[at]
            if letter == "-S":
                return letter
            if letter in valued:
                takes = at == len(word) - 1  # -u USER; -uUSER holds its value
                break
    return None


def copied_input(command: ShellCommand, program: tuple[int, str] | None) -> str | HereDocument | None:
    """The here-document or here-string ``cat`` copies to its output (``cat <<EOF | docker login
    --password-stdin``, ``cat <<< ...``), or ``tee`` (also to its files: ``tee FILE <<EOF``), or
    None: another program, ``cat`` given a file, which it reads instead (``-`` is its input, also
    first among files: ``cat_reads_its_input_first``), or
    reading a file on its input (``cat < FILE``)."""
    if command.stdin is None or isinstance(command.stdin, InputFile) or program is None or program[1] not in ("cat", "tee"):
        return None
    if program[1] == "tee":
        return command.stdin if copies_its_input(command.words, program) else None
    if not cat_reads_its_input_first(command.words[program[0] + 1 :]):
        return None  # cat FILE, cat FILE -
    return command.stdin


def _input_holds_secret(stdin: str | HereDocument | InputFile, user_colon: int, lines: int = 0) -> bool:
    """Whether a here-document or a here-string's word holds a literal secret on a line (on its
    first ``lines`` lines only, for a program that reads so many: one for ``sudo -S``; 0: any); a
    file's content is not in the script: never."""
    if isinstance(stdin, InputFile):
        return False
    if isinstance(stdin, HereDocument):
        if lines:
            document, end = stdin.lines, min(stdin.lines.end_of(stdin), stdin.first + lines)
            return any(input_line_secret(document.text(number, stdin.strip_tabs), user_colon) for number in range(stdin.first, end))
        return stdin.lines.holds_secret(stdin, user_colon)
    return input_line_secret(_first_lines(stdin, lines) if lines else stdin, user_colon)


def _first_lines(text: str, lines: int) -> str:
    """The first ``lines`` lines of a program's input (a ``\\n`` written in it breaks a line, as for ``input_line_secret``)."""
    return "\n".join(text.replace("\\n", "\n").split("\n", lines)[:lines])


def printed_text(words: list[str], writer: tuple[int, str] | None) -> tuple[str, str] | None:
    """(``echo`` or ``printf``, what it prints: a printf format's values through it
    (``printf_output``), or when that format is not read, the values alone), or None for another
    command and for ``printf -v NAME``, which prints nothing (``printf_assignment``). ``writer``:
    its program (``command_program``)."""
    if writer is None or writer[1] not in ("echo", "printf"):
        return None
    start = writer[0] + 1
    if writer[1] == "echo":  # its leading flags, skipped by index (one slice, not one per flag)
        while start < len(words) and words[start] in _ECHO_FLAGS:
            start += 1
        return writer[1], " ".join(words[start:])
    name, start = _printf_operands(words, start)
    return None if name is not None else (writer[1], _printf_text(words, start))


def _printf_operands(words: list[str], start: int) -> tuple[str | None, int]:
    """(the variable bash's ``printf -v NAME`` (``-vNAME``) assigns, or None; the index of the
    format) for printf's words after its name (from ``start``): its options end at the first other
    word, ``--`` after them is skipped (``printf -- FORMAT``)."""
    name: str | None = None
    while start < len(words) and words[start][:2] == "-v":
        if len(words[start]) > 2:
            name, start = words[start][2:], start + 1
        elif start + 1 < len(words):
            name, start = words[start + 1], start + 2
        else:
            return None, start  # printf -v alone: an error, nothing printed nor set
    if start < len(words) and words[start] == "--":
        start += 1
    return name, start


def _printf_text(words: list[str], at: int) -> str:
    """What printf writes from its format at ``at`` on (``printf_output``), or when that format is
    not read, its values alone (the format alone when there are none)."""
    if at < len(words) and (written := printf_output(words[at], words[at + 1 :])) is not None:
        return written
    if len(words) - at > 1 and "%" in words[at]:
        at += 1  # printf FORMAT VALUE...: the values
    return " ".join(words[at:])


def printf_assignment(words: list[str], writer: tuple[int, str] | None) -> tuple[str, str] | None:
    """(the variable, the text assigned) for bash's ``printf -v NAME FORMAT VALUE...``, which sets
    NAME to what printf would print (``_printf_text``) and prints nothing; None for another command."""
    if writer is None or writer[1] != "printf":
        return None
    name, at = _printf_operands(words, writer[0] + 1)
    return (name, _printf_text(words, at)) if name is not None else None


_PRINTF_PART = re.compile(r"%%|%[-+ #0]*+[0-9]*+(?:\.([0-9]*+))?+([sqbcdiu])|\\[\\ntr]|[^%\\]++")
"""What printf's format holds that ``printf_output`` writes: ``%%``, the escapes ``\\\\``, ``\\n``,
``\\t`` and ``\\r``, literal text, and a directive (its flags, width and precision, then the
conversion: group 2, the precision: group 1) that writes a value as text: ``%s``, ``%q``, ``%b``,
``%c``, and ``%d``, ``%i``, ``%u`` of a decimal number; a format holding anything else (``%x``,
``%f``, ``%*s``, ``\\x41``) is not expanded."""
PRINTF_PARTS_WRITTEN = 16
"""How many parts of its format, per part and value written in it, printf's output is expanded
to: its format is written again for each group of values, so a format of many parts (``x\\t``
10,000 times, then ``%s``) given as many values writes their product (100 million parts, seconds
of work for a 40 KB script); a format of a few parts reused for many values is expanded whole."""
_PRINTF_ESCAPES = {"%%": "%", "\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r"}
_DECIMAL = re.compile(r"^[+-]?+[0-9]++$")
_ARGUMENT_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)
_ARGUMENT_ESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def printf_output(form: str, values: list[str]) -> str | None:
    """What ``printf FORM VALUE...`` writes, one trailing line break dropped (as ``echo`` writes
    a line: a format ending in ``\\n`` writes one), when its format holds only what
    ``_PRINTF_PART`` reads: each directive a value (none left: empty, ``0`` for a number), the
    format written again while values remain. ``%s`` and ``%q`` write the value (``%q`` quotes it
    for the shell: a literal still), cut to the precision (``%.3s``); ``%b`` the value with its
    escapes ``\\n``, ``\\t``, ``\\r``, ``\\\\`` expanded (``\\c`` ends all output); ``%c`` its first
    character; ``%d`` a decimal number as written. A width pads with blanks, which a line is
    judged without: not written. None for another format, a value one of them does not read
    (``%d`` of ``0x1F``, ``%b`` of ``\\x41``, a precision cutting an expansion), one that an
    expansion may change (``"$FMT" VALUE``), or output where a backslash then ``n`` would be read
    as a line break (``input_line_secret``). One pass over the format per use of it."""
    parts = [(match.group(), match.group(1), match.group(2)) for match in _PRINTF_PART.finditer(form)]
    if sum(len(text) for text, _, _ in parts) != len(form) or (values and ("$" in form or "`" in form)):
        return None  # a part not read: the parts matched leave a gap
    takes = sum(1 for _, _, conversion in parts if conversion)
    passes = -(-len(values) // takes) if takes and values else 1
    if passes > 1 and passes * len(parts) > PRINTF_PARTS_WRITTEN * (len(parts) + len(values)):
        return None  # a long format reused for many values: its output grows as their product
    written: list[str] = []
    at = 0
    while True:  # once, then again while values remain (each pass takes at least one)
        for text, precision, conversion in parts:
            if not conversion:
                written.append(_PRINTF_ESCAPES.get(text, text))
                continue
            value = values[at] if at < len(values) else None
            at += 1
            out = _directive_output(conversion, precision, value, text)
            if out is None:
                return None
            written.append(out[0])
            if out[1]:  # \c in a %b value: nothing more is written
                return _printed_line("".join(written))
        if not takes or at >= len(values):
            break
    return _printed_line("".join(written))


def _directive_output(conversion: str, precision: str, value: str | None, text: str) -> tuple[str, bool] | None:
    """(what one printf directive writes for ``value``, None when no value is left; whether it
    ends all output: ``\\c`` in a ``%b`` value), or None when it is not read (``printf_output``)."""
    if conversion in "diu":
        if value is None:
            return "0", False
        return (value, False) if _DECIMAL.match(value) else None
    if value is None:
        return "", False
    stop = False
    if conversion == "b" and "\\" in value:
        expanded: list[str] = []
        last = 0
        for escape in _ARGUMENT_ESCAPE.finditer(value):
            expanded.append(value[last : escape.start()])
            last = escape.end()
            if escape.group(1) == "c":
                stop = True
                break
            if (character := _ARGUMENT_ESCAPES.get(escape.group(1))) is None:
                return None
            expanded.append(character)
        else:
            expanded.append(value[last:])
        value = "".join(expanded)
    elif conversion == "c":
        value = value[:1]
    if "." in text and conversion in "sqb":
        if "$" in value or "`" in value:
            return None  # an expansion cut to a length: not known
        digits = precision.lstrip("0")
        value = value[: int(digits or 0)] if len(digits) < 10 else value  # a precision of 10 digits or more: the whole value
    return value, stop


def _printed_line(text: str) -> str | None:
    if "\\n" in text:
        return None
    return text[:-1] if text[-1:] == "\n" else text
