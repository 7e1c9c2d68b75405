"""A shell script read roughly into simple commands (not a shell parser): the words of each (quotes
removed), whether a pipe feeds it, what it reads on its standard input (a here-string, a
here-document, a file) and whether its output is redirected, where subshells and brace groups open
and close, and the patterns of a ``case``. Enough for the checks of ``commands`` to find programs,
their options and what is piped into them."""

from __future__ import annotations

import bisect
import re
from contextvars import ContextVar
from collections.abc import Callable, Iterator
from itertools import chain
from typing import NamedTuple

from webhook.checks.secrets.values import is_placeholder, shell_literal

SHELL_KEYWORDS = frozenset("if then else elif do while until ! { }".split())
"""Words of a script's compound commands before a command on the same line (``if mysqladmin ping
...; then``, ``until curl ...; do``)."""
_BOUNDED_PART = r"""[^()'"\\`]{1,256}+|\\.|'[^']{0,256}+'|"(?:[^"\\]|\\.){0,256}+"|`(?:[^`\\]|\\.){0,256}+`"""
_BOUNDED_SUBSTITUTION = rf"""\$\((?!\()(?:{_BOUNDED_PART}|\((?:{_BOUNDED_PART}){{0,8}}+\)){{0,32}}+\)"""
"""A command substitution in a double-quoted part of a word, for where the word ends (``_SHELL_WORD``):
quotes inside it are its own (``"$(echo "a b")"`` is one word), as in ``_SUBSTITUTION``, but bounded
(32 parts of up to 256 characters, a ``(...)`` of 8 in it): an unclosed ``"$(`` is read that far
at most, not to the end of the script for each word."""
_WORD_PATTERN = rf"""(?:[^\s;&|()`<>"'\\]|\\.|"(?:[^"\\$`]++|\\.|{_BOUNDED_SUBSTITUTION}|`(?:[^`\\]|\\.){{0,256}}+`|[$`])*+"|'[^']*+')"""
_SHELL_WORD = re.compile(
    rf"""(?P<redirect>[0-9]*+(?:&>>?|>>|>&|<&|>\||<<<|<<-?|<>|[<>])[ \t]*+{_WORD_PATTERN}*+)|(?P<sep>\|\||&&|[;&|()`\n])|(?P<word>{_WORD_PATTERN}++)"""
)
"""A shell script's words, separators and redirections (``> file``, ``2>&1``, ``< dump.sql``): a
redirection and its target are not arguments of the command."""


class ShellCommand(NamedTuple):
    words: list[str]  # quotes removed
    piped: bool  # its input is the output of the command before it (not after a ``$(...)`` ending a command: ``$(echo ...) | cmd``)
    start: int  # offset in the script
    stdin: str | HereDocument | InputFile | None  # its input from a here-string (<<<), as written, a here-document (<<EOF) or a file (< FILE)
    diverted: bool = False  # its output is redirected (> FILE, >&2, &> FILE): none of it goes down a pipe
    pattern: bool = False  # the words of a ``case`` up to a pattern's ``)`` (``case $X in a``, ``*``): no command, its words judged as words
    captured: bool = False  # in a command substitution (``$(...)``, backticks) or ``<(...)``: its output is captured, not the group's
    continued: bool = False  # the words after a command substitution among a command's words (``echo ... $(date) MORE``): that command's
    written: str | None = None  # the file its standard output is written to (``> FILE``, ``>> FILE``, ``&> FILE``), its last one, quotes removed
    grouped: bool = False  # captured, but in a group opened inside its substitution: its output is that group's (``x=$( (echo ...) | cmd )``)
    # piped from its here-string's "$(...)" (``cmd <<< "$(a | b)"``, read as ``( a | b ) | cmd``): not the input of the
    # substitutions in its words, which bash runs before the here-string is its input (``cmd "$(cat)" <<< "$(a)"``)
    here_piped: bool = False


class InputFile(NamedTuple):
    """A command's input read from a file (``< FILE``, ``0< FILE``, ``<> FILE``): it replaces the pipe
    before the command, and nothing of the script's text reaches the command (the file is not read)."""

    path: str


class HereDocument(NamedTuple):
    """A here-document fed to a command: its lines, read only when the command reads a secret
    from its input (``_HereDocuments.holds_secret``)."""

    lines: _HereDocuments  # the script's
    first: int  # its first line, the one after the redirection's
    delimiter: str  # the line that ends it
    strip_tabs: bool  # <<-: leading tabs are removed from its lines and from the delimiter's


class _HereDocuments:
    """The lines of one script, for its here-documents (built on the first one). Each is read from
    the line after its redirection up to its delimiter or the end of the script; the lines are split
    once, a delimiter is found through an index, and whether a line holds a secret is judged once per
    way of reading it, whatever the number of here-documents (``<<A`` on each of 100,000 lines of a
    script with no ``A`` line, each read to the end, costs the lines once)."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.lines = script.split("\n")
        self.starts = [0]  # offset of each line
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self._delimiters: dict[bool, dict[str, list[int]]] = {}  # strip_tabs -> text -> its lines, in order
        self._scanned: dict[tuple[bool, int], tuple[int, int, int | None]] = {}  # see holds_secret
        self._counted: dict[tuple[bool, Callable[[str], list[int] | None]], tuple[list[int], list[int]]] = {}  # see any_line_found
        self._stepped: dict[tuple[bool, Callable[[str, int], tuple[bool, int]]], list[list[int]]] = {}  # see line_found_in_order

    def at(self, end: int, delimiter: str, strip_tabs: bool) -> HereDocument | None:
        """The here-document of a redirection that ends at offset ``end``: from the line after
        the one ``end`` is on; None when no line follows."""
        line_break = self.script.find("\n", end)
        if line_break < 0:
            return None
        return HereDocument(self, bisect.bisect_right(self.starts, line_break), delimiter, strip_tabs)

    def text(self, index: int, strip_tabs: bool) -> str:
        line = self.lines[index].rstrip("\r")
        return line.lstrip("\t") if strip_tabs else line

    def body(self, document: HereDocument) -> str:
        """A here-document's lines up to its delimiter, as the command reads them (``<<-``: leading tabs removed)."""
        return "\n".join(self.text(number, document.strip_tabs) for number in range(document.first, self.end_of(document)))

    def end_of(self, document: HereDocument) -> int:
        """The index of a here-document's delimiter line, or the number of lines without one."""
        index = self._delimiters.get(document.strip_tabs)
        if index is None:
            index = self._delimiters[document.strip_tabs] = {}
            for number in range(len(self.lines)):
                index.setdefault(self.text(number, document.strip_tabs), []).append(number)
        found = index.get(document.delimiter, [])
        at = bisect.bisect_left(found, document.first)
        return found[at] if at < len(found) else len(self.lines)

    def written(self, document: HereDocument, lines: int = 0) -> tuple[int, int]:
        """Where a here-document's first ``lines`` lines (0: all of them) are written in the script:
        (offset of the first, offset of the end of the last, its line break left out)."""
        end = self.end_of(document)
        if lines:
            end = min(end, document.first + lines)
        if end <= document.first:
            return self.starts[document.first], self.starts[document.first]
        last = end - 1
        return self.starts[document.first], self.starts[last] + len(self.lines[last])

    def holds_secret(self, document: HereDocument, user_colon: int) -> bool:
        """Whether a line of a here-document holds a literal secret (``input_line_secret``). For
        each way of reading lines, what is known is kept: the lines ``[low, high)`` were judged and
        ``found`` is the first of them that holds a secret (None: none of them does); here-documents
        come in the order of the script, so each line is judged once."""
        way, first, end = (document.strip_tabs, user_colon), document.first, self.end_of(document)
        low, high, found = self._scanned.get(way, (first, first, None))
        if not low <= first <= high or (found is not None and found < first):
            low, high, found = first, first, None  # nothing known from this line on
        if found is not None:
            return found < end
        for number in range(high, end):
            if input_line_secret(self.text(number, document.strip_tabs), user_colon):
                self._scanned[way] = (low, number + 1, number)
                return True
        self._scanned[way] = (low, max(high, end), None)
        return False


    def any_line_found(self, document: HereDocument, lines_of: Callable[[str], list[int] | None]) -> bool:
        """Whether ``lines_of``, a reader that judges each line apart (a password file's: ``password_files.
        LINE_BY_LINE``), finds a line of a here-document and none of another shape (None), as its answer on
        the document's ``body`` is not empty. The script's lines are judged once per reader and way of reading,
        counted up to each line: many here-documents ending on one line (``cat > ~/.pgpass <<EOF`` on each
        of 3,000 lines, none closed) cost the lines once, not each document its lines."""
        way = (document.strip_tabs, lines_of)
        counts = self._counted.get(way)
        if counts is None:
            found, other = [0], [0]  # lines found, lines of another shape, before each line
            for number in range(len(self.lines)):
                answer = lines_of(self.text(number, document.strip_tabs))
                found.append(found[-1] + (1 if answer else 0))
                other.append(other[-1] + (1 if answer is None else 0))
            counts = self._counted[way] = (found, other)
        found, other = counts
        first, end = document.first, max(document.first, self.end_of(document))
        return found[end] > found[first] and other[end] == other[first]


    def line_found_in_order(self, document: HereDocument, step: Callable[[str, int], tuple[bool, int]], states: int) -> bool:
        """Whether a reader that reads lines in order with a state (``step``: a line and the state before
        it, 0 at the start, one of ``states``, to whether it is found and the state after it:
        ``password_files.STEPPED``, a ``.netrc``'s) finds a line of a here-document, as on its ``body``.
        For each line and state, the first line found from there is counted once a script and way of
        reading, from the last line back: many here-documents ending anywhere cost the lines once."""
        way = (document.strip_tabs, step)
        first_found = self._stepped.get(way)
        if first_found is None:
            count = len(self.lines)
            first_found = [[count] * states for _ in range(count + 1)]  # count: none found
            for number in range(count - 1, -1, -1):
                line, below = self.text(number, document.strip_tabs), first_found[number + 1]
                row = first_found[number]
                for state in range(states):
                    held, after = step(line, state)
                    row[state] = number if held else below[after]
            self._stepped[way] = first_found
        return first_found[document.first][0] < self.end_of(document)


class GroupMark(NamedTuple):
    """Where a subshell (``( ... )``) or a brace group (``{ ...; }``, or a compound command read as
    one: ``if ...; fi``, ``for``/``while``/``until ...; done``, ``case ... esac``) opens or closes
    in a script (``shell_items``): the group's output is all its commands' output."""

    opens: bool
    brace: bool
    piped: bool = False  # (opening) a pipe feeds the group
    diverted: bool = False  # (closing) the group's output is redirected (``( ... ) > FILE``, ``} >&2``)
    command: ShellCommand | None = None  # (closing a brace group) its ``}`` (``fi``, ``done``, ``esac``), a command of the split
    captured: bool = False  # (closing) the group is in a command substitution: its output is captured (``ShellCommand.captured``)
    stdin: str | HereDocument | InputFile | None = None  # the group's input from its own redirection (``} <<EOF``, ``) <<< word``, ``done < FILE``): on both marks (``shell_items``)
    closing: int = -1  # (closing a subshell) where its ")" is: the line its own redirection is on is read from there (``) > FILE``)
    grouped: bool = False  # (closing) captured, but in a group opened inside its substitution: its output is that group's (``ShellCommand.grouped``)


class Substitution(NamedTuple):
    """Where a command substitution (``$(...)``, backticks, also ``<(...)``) opens or closes in a
    script (``shell_items``): its commands run with the standard input of the command it is in
    (``echo ... | x=$(sudo -S id)``: sudo reads the pipe)."""

    opens: bool
    # (opening) the words of the command it is in were yielded just before it (``x=$``), or just before the
    # "$(...)" of its words that ran first (``echo "$(...)" $(date)``: those of echo, the "$(...)" read first)
    in_command: bool = False
    piped: bool = False  # (opening, in no words: `` ... | `cmd` ``) a pipe feeds it
    quoted: bool = False  # (opening) a "$(...)" of its command's words: its output takes the place of the first one written in them, not of a ``$`` ending them
    # (opening) a process substitution among a command's words, a file holding what its commands write: "input" the
    # command's input (``sudo -S id < <(...)``), "named" a file named among its words (``cat <(...)``); "" a command substitution;
    # "replaced" (set by ``commands._replaced_inputs_marked``) an input a later redirection replaces (``< <(...) <<< y``)
    file: str = ""


_CLOSES = Substitution(False)
_OPENS = ((Substitution(True, False, False), Substitution(True, False, True)), (Substitution(True, True, False), Substitution(True, True, True)))
"""The marks, built once (``_OPENS[in_command][piped]``): a dense script has one per two characters (``$($(...``)."""
_QUOTED_OPEN = Substitution(True, True, False, True)
"""The mark of each "$(...)" of a command's words (``_substituted``): all of them are among its words (1.25.561: a later
one was not, and an unquoted substitution after it was read as among the words of its last command, ``x "$(date)"
"$(sudo -S id <<< ...)" $(date) <<< "$(echo ...)"`` reporting sudo's input again as the here-string's reader's)."""


class ScriptSplit:
    """A script's items (``shell_items``) read so far, kept for the readers after the first, and the
    reader of the rest (None once read to the end): each reader replays what is kept and reads on,
    no further than it goes (``Splits``)."""

    __slots__ = ("items", "rest")

    def __init__(self, script: str) -> None:
        self.items: list[ShellCommand | GroupMark | Substitution] = []
        self.rest: Iterator[ShellCommand | GroupMark | Substitution] | None = _read_items(script)


Splits = dict[str, ScriptSplit]
"""The scripts of a container's command line and exec handlers split into items, by their text:
``scripted_env_names`` keeps those it splits (``shell_items(script, kept)``), its command line's judge
reads them from there (``replaying``): each script is split once for the two."""
_replayed_splits: ContextVar[Splits | None] = ContextVar("replayed_splits", default=None)
"""The splits ``shell_items`` replays (``replaying``); None: each script is split afresh. A context
variable: a review in another thread or task never reads this one's."""


def replaying(splits: Splits | None) -> Splits | None:
    """Make ``shell_items`` replay the scripts ``splits`` holds (None: none); returns the splits it
    replayed before, to put back."""
    before = _replayed_splits.get()
    _replayed_splits.set(splits)
    return before


def shell_commands(script: str, kept: Splits | None = None) -> Iterator[ShellCommand]:
    """The simple commands of a shell script (a rough split: enough to find programs, their options,
    pipes and here-documents, not a shell parser). A here-document's lines are also read as
    commands: for ``sh``/``ssh`` they are. ``kept``: as ``shell_items``'."""
    for item in shell_items(script, kept):
        if isinstance(item, ShellCommand):
            yield item
        elif isinstance(item, GroupMark) and item.command is not None:
            yield item.command


def shell_items(script: str, kept: Splits | None = None) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """The items of a script (``_read_items``). ``kept``: where its split is kept for a later reader
    (``Splits``); a script kept there or in the splits replayed (``replaying``) is read from them."""
    splits = _replayed_splits.get() if kept is None else kept
    if splits is not None:
        split = splits.get(script)
        if split is None and kept is not None:
            split = kept[script] = ScriptSplit(script)
        if split is not None:
            return _replayed(split)
    return _read_items(script)


def _replayed(split: ScriptSplit) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """A split's items: those kept, then the rest as it is read, each kept (another reader may have
    read on meanwhile: what it kept is taken from the list)."""
    items = split.items
    yield from items
    at = len(items)
    while True:
        if at == len(items):
            rest = split.rest
            item = next(rest, None) if rest is not None else None
            if item is None:
                split.rest = None
                return
            items.append(item)
        yield items[at]
        at += 1


def _read_items(script: str) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """``_shell_items``, where a group's opening mark also carries the input its redirection gives it
    (``{ sudo -S id; } <<EOF``), written after its close: the items of a group are held until its
    outermost group closes. A script with no ``<`` has no such redirection: read as it comes (its
    items straight from ``_shell_items``, through no generator of this one's)."""
    return _shell_items(script) if "<" not in script else _held_items(script)


def _held_items(script: str) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """``_read_items`` of a script with a ``<``: each group's items held until its outermost group closes."""
    held: list[ShellCommand | GroupMark | Substitution] = []
    opening: list[tuple[int, GroupMark]] = []  # each open group's mark and where it is in ``held``
    for item in _shell_items(script):
        if isinstance(item, GroupMark) and (item.opens or opening):
            if item.opens:
                opening.append((len(held), item))
            else:
                at, mark = opening.pop()
                if item.stdin is not None:
                    held[at] = GroupMark(True, mark.brace, mark.piped, stdin=item.stdin)  # an opening mark's fields (not _replace: slower)
            held.append(item)
            if not opening:
                yield from held
                held = []
        elif opening:
            held.append(item)
        else:
            yield item
    yield from held  # groups left open at the end


def _shell_items(script: str) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """``shell_commands``, with where subshells and brace groups open and close (``GroupMark``). A
    ``(`` or ``{`` starts a group where a command starts (after keywords only: ``then {``), and the
    ``)`` or ``}`` that matches it ends it; ``if``, ``for``, ``while``, ``until`` and ``case`` there
    start one read as a brace group, which the ``fi``, ``done`` or ``esac`` that matches it ends
    (``_COMPOUND_OPENS``); another ``(`` (``$(``, ``<(``, ``$((``) is no group. In a
    ``case``, the ``)`` that ends a pattern (``a)``, ``(a)``, ``a|b)``) ends no group: the words up to
    it are a ``pattern`` (``ShellCommand``); ``;;``, ``;&`` and ``;;&`` start the next pattern and
    ``esac`` where a command or a pattern starts ends the ``case``. A command (or a group) inside a
    ``$(...)``, backticks or any other ``(`` that is no group (``<(...)``) is ``captured``: its
    output is not its group's; where such a substitution opens and closes is a ``Substitution``."""
    if "\\" in script:
        script = _CONTINUED_LINE.sub(_blank, script)  # a backslash at the end of a line joins it to the next
    quoted_substitutions = '"' in script and ("$(" in script or "`" in script)  # a word may hold "$(...)"
    pending: list[tuple[str, int]] = []  # the "$(...)" of the command's words: (its script, its offset), read after the command
    words: list[str] = []
    piped, start = False, 0
    stdin: str | HereDocument | InputFile | None = None
    # the script of the command's here-string when it is one "$(...)" (``_lone_quoted_substitution``) and its offset
    here_substitution: tuple[str, int] | None = None
    here_unquoted = False  # it is an unquoted $(...) (``lone_unquoted_substitution``), its text passed over by the scan
    skip_to = -1  # where such a $(...) ends: the scan's matches before it are its, read with it
    diverted = False
    written: str | None = None  # the file the command's output is written to (``output_file``)
    documents: _HereDocuments | None = None  # the script's lines, split on the first here-document
    opened: list[str] = []  # what each open "(" or "{" is: "(" a subshell, "{" a brace group, "$" no group (a substitution; "m" one with its ``Substitution`` marks); a compound command read as a brace group (``_COMPOUND_OPENS``: "I", "L", "K"); or a case: "p" reading a pattern, "c" its commands
    substitutions = 0  # the "$" and "m" in ``opened`` (counted, not searched for at each command)
    backtick = False  # inside backticks
    backtick_depth = 0  # the entries of ``opened`` when they opened: those opened in them close with them
    # the substitutions given their marks (the "m" in ``opened``, and backticks when ``backtick_marked``): those
    # that may inherit an input, in a piped command, in a group (a pipe into it) or in another marked one
    marked, backtick_marked = 0, False
    redirected = False  # a redirection since the last separator
    redirect, redirect_end = "", -1  # the last redirection and where it ends: with no target yet, the backquotes after it are its target
    process_input = False  # the last redirection, a "<", is the target of an input redirection with none (``< <(...)``)
    closed: int | None = None  # where a subshell just closed: redirections after its ")" are its own
    open_end = -1  # where the last "(" ends ("((": arithmetic)
    leading = True  # the words of the command so far are all keywords (kept as they come: ``{ { {...`` was read again at each ``{``)
    case_at = -1  # the index of "case" in the command's words, when it starts the command
    pattern_start = False  # a case's pattern starts here: its "(" is no group (``(a)``)
    semicolon_end = -1  # where the last ";" ends (";;", ";&": the next pattern)
    # a case's word that is a command substitution (``case $(cmd) in``, ``case `cmd` in``): the
    # words of the case so far, where they start, whether piped, and how many "(" are open outside
    # the substitution (-1: a backtick's); its commands are read as commands, then the case goes on
    case_word: tuple[list[str], int, bool, int, int] | None = None  # also the index of "case"
    word_end = -1  # where the last word ends
    glued = -1  # where a case's substitution just ended: a word from there on is part of the case's word
    # for each "$" and "m" in ``opened``: whether it is a command substitution, its output the words of
    # the command it is in (not ``<(...)``, a file, nor the inner "(" of ``$((``); and where the last "(" opening
    # one or a subshell, or ")" closing one, ends: a pipe with no word after it has no writer in the split
    # (``$(echo ...) | cmd``: the output of echo is captured)
    command_substitutions: list[bool] = []
    substitution_edge = -1
    # the words so far go on the words of a command after a command substitution among them (``echo $(date) MORE``,
    # ``$(a)$(b)``): set at an argument's ")" or closing backquote, until the next separator
    continuing = False
    argument_backticks = False  # the backticks open are among a command's words
    for match in chain(_SHELL_WORD.finditer(script), _END_OF_SCRIPT):  # the last command ends as at a separator
        at = match.start()  # (once: most branches read it)
        if at < skip_to and match.string is script:
            continue  # inside a here-string's unquoted $(...), read as commands with its command
        kind = match.lastgroup  # the one of its three groups that matched: one look-up, not three
        if kind == "word":
            word = match.group()
            if closed is not None:
                yield GroupMark(
                    False, False, diverted=diverted, captured=substitutions > 0 or backtick, stdin=stdin, closing=closed, grouped=_grouped(opened, substitutions, backtick, backtick_depth)
                )
                closed, diverted = None, False
            word_end = match.end()
            if at == glued:  # case $(cmd)x in: one word
                words[-1] += _unquoted(word)
                glued = word_end
                continue
            if word == "{" and not redirected and leading:
                opened.append("{")
                yield GroupMark(True, True, piped)
            elif word in _COMPOUND_OPENS and not redirected and leading and not (opened and opened[-1] == "p"):
                opened.append(_COMPOUND_OPENS[word])  # if, for, while, until, case: a group for pipes
                yield GroupMark(True, True, piped)
            if opened and opened[-1] in "pc":
                if word == "esac" and not words:
                    opened.pop()
                pattern_start = False
            elif word == "in" and case_at >= 0 and len(words) == case_at + 2:
                opened.append("p")  # case WORD in
                pattern_start = True
            if not words:
                start = at
            if leading and word == "case":
                case_at = len(words)
            # (a word with no quote nor backslash is itself: no call, most words)
            words.append(_unquoted(word) if "'" in word or '"' in word or "\\" in word else word)
            leading = leading and words[-1] in SHELL_KEYWORDS
            if quoted_substitutions and '"' in word and ("$(" in word or "`" in word):
                pending += _quoted_substitutions(word, at)
        elif kind == "redirect":
            process_input = at == redirect_end and _INPUT_OPERATOR.fullmatch(redirect) is not None
            redirect, redirect_end = match.group(), match.end()
            here_string = redirect.lstrip("0123456789")[:3] == "<<<"
            if "<<" in redirect and not here_string and documents is None:
                documents = _HereDocuments(script)
            fed_by = _redirected_input(documents, redirect, match.end())
            stdin = fed_by or stdin
            # another input replaces the here-string's (< FILE, <<EOF, < <(...))
            replaces_input = not here_string and (fed_by is not None or _INPUT_OPERATOR.fullmatch(redirect) is not None)
            if here_unquoted and here_substitution is not None and (here_string or replaces_input):
                pending.append(here_substitution)  # replaced: its commands read as a word's "$(...)" is
                here_unquoted = False
            if here_string:
                here_substitution = _lone_quoted_substitution(redirect, at) if quoted_substitutions else None
                if (
                    # (its command's words so far, or a substitution among them: cmd $(date) <<< $(echo ...))
                    here_substitution is None and redirect[-1:] in _BEFORE_A_LONE_SUBSTITUTION and (words or continuing) and closed is None and not piped and not backtick
                    and not (len(words) == 1 and words[0] in _GROUP_CLOSES) and case_at < 0 and not (opened and opened[-1] == "p")
                    and (unquoted := lone_unquoted_substitution(script, redirect, match.end())) is not None
                ):
                    here_substitution, skip_to, here_unquoted = (unquoted[0], unquoted[1]), unquoted[2], True
                    if stdin is None:  # <<< `...`: the redirection's word, its backquotes, is none of the scan's
                        stdin = script[match.end() : skip_to]
            elif replaces_input:
                here_substitution = None
            diverted = diverted or diverts_output(redirect)
            written = output_file(redirect) or written
            redirected = True
        else:
            sep = match.group("sep")
            if case_word is None and case_at >= 0 and not redirected and _opens_case_word(sep, words, case_at, word_end == at):
                # case $(cmd) in / case `cmd` in: the case's words wait for the substitution's end
                case_word = (words, start, piped, len(opened) if sep == "(" else -1, case_at)
                yield _OPENS[False][piped]
                marked += 1
                if sep == "(":
                    opened.append("m")
                    command_substitutions.append(True)
                    substitutions += 1
                    open_end = match.end()
                else:
                    backtick = backtick_marked = True
                    backtick_depth = len(opened)
                words, leading, case_at, continuing = [], True, -1, False
                piped, stdin, diverted, redirected, written, here_substitution, here_unquoted = False, None, False, False, None, None, False
                continue
            if sep == "`" and not backtick and (words or continuing) and not (at == redirect_end and _REDIRECT_OPERATOR.fullmatch(redirect)):
                # backquotes among a command's words take their place in them as the $ of a $(...) does
                # (printf '%s\n' `date` ...: date's output is printf's first value), glued to the word before or a word
                if words and word_end == at:
                    words[-1] += "$"
                else:
                    start = start if words else at
                    words.append("$")
            captured = substitutions > 0 or backtick
            grouped = captured and _grouped(opened, substitutions, backtick, backtick_depth)  # (False outside substitutions: no call)
            closes_an_argument = False  # an argument's substitution closes: the words after it go on its command's
            subshell_closed = closed is not None  # (...) | cmd: the subshell writes into the pipe
            if closed is not None:
                yield GroupMark(False, False, diverted=diverted, captured=captured, stdin=stdin, closing=closed, grouped=grouped)
                closed = None
            elif words:
                if len(words) == 1 and opened and _GROUP_CLOSES.get(words[0]) == opened[-1]:
                    opened.pop()
                    around = _grouped(opened, substitutions, backtick, backtick_depth)  # (the group's, once closed)
                    command = ShellCommand(words, piped, start, stdin, diverted, captured=captured, grouped=grouped)
                    yield GroupMark(False, True, diverted=diverted, command=command, captured=captured, stdin=stdin, grouped=around)
                elif here_substitution is not None and stdin is not None and not piped and not (opened and opened[-1] == "p"):
                    # cmd <<< "$(a | b)": read as ( a | b ) | cmd, the substitution's output the command's input
                    yield GroupMark(True, False)
                    yield from _items_at(*here_substitution, captured, True)  # its output the subshell's
                    yield GroupMark(False, False, captured=captured)
                    yield ShellCommand(words, True, start, None, diverted, False, captured, continuing, written, grouped, True)
                else:
                    yield _new_item(ShellCommand, (words, piped, start, stdin, diverted, bool(opened) and opened[-1] == "p", captured, continuing, written, grouped, False))
                if pending:
                    yield from _substituted(pending)
                    pending = []
            elif continuing and here_substitution is not None and stdin is not None and not piped and not (opened and opened[-1] == "p"):
                # cmd $(date) <<< "$(a | b)": read as ( a | b ) | cmd, as with no substitution among its words; the
                # command's words after the substitution (none) get the substitution's output (``here_piped``)
                yield GroupMark(True, False)
                yield from _items_at(*here_substitution, captured, True)
                yield GroupMark(False, False, captured=captured)
                yield ShellCommand([], True, redirect_end - len(redirect), None, diverted, False, captured, True, grouped=grouped, here_piped=True)
            elif continuing and (diverted or stdin is not None):
                # echo ... $(date) > /dev/null: a redirection after an argument's substitution is its command's
                yield ShellCommand([], piped, redirect_end - len(redirect), stdin, diverted, False, captured, True, grouped=grouped)
            if opened and opened[-1] in "pc":
                if opened[-1] == "c" and sep in (";", "&") and semicolon_end == at:
                    opened[-1], pattern_start = "p", True  # ;; or ;&: the next pattern
                elif opened[-1] == "p" and sep == ")":
                    opened[-1] = "c"  # the pattern ends: its commands follow
                    sep = ""
                elif opened[-1] == "p" and sep == "(" and pattern_start:
                    sep = ""  # (a): no group
                if sep == ";":
                    semicolon_end = match.end()
            if sep == "(" or sep == "`":
                if sep == "(" and at != open_end and not redirected and leading:
                    opened.append("(")
                    substitution_edge = match.end()  # (| cmd: nothing is piped either
                    yield GroupMark(True, False, piped)
                elif sep == "`" and backtick:  # the backticks close
                    if len(opened) > backtick_depth:  # and what opened in them (a syntax error)
                        closes, closed_substitutions, closed_marked = _close_inside(opened, backtick_depth, command_substitutions)
                        substitutions, marked = substitutions - closed_substitutions, marked - closed_marked
                        yield from closes
                    backtick, closes_an_argument = False, argument_backticks
                    if backtick_marked:
                        backtick_marked = False
                        marked -= 1
                        yield _CLOSES
                else:  # a command substitution opens: marked when it may inherit an input ($($($(...: none, no marks)
                    # or when it is in the words of the command just yielded (echo ... $(date), x=$(...), echo ... `date`):
                    # that command runs after it, and writes into a pipe after it, not the substitution's last command
                    in_command = bool(words) or continuing
                    # (not when the substitution is the whole of its command so far: no command's words it is in, $($($(...)
                    beside_words = in_command and (continuing or len(words) > 1 or words[0] != "$")
                    # <(...) right after a "<" among a command's words: a file, the command's input after another "<"
                    process = "" if redirect != "<" or sep != "(" or not in_command or at != redirect_end else "input" if process_input else "named"
                    inherits = beside_words or piped or marked > 0 or len(opened) > substitutions or bool(process)
                    if inherits:
                        marked += 1
                        yield Substitution(True, in_command, piped, file=process) if process else _OPENS[in_command][piped]  # after the command's words, just yielded
                    if sep == "(":
                        opened.append("m" if inherits else "$")
                        # a command substitution: not ``$((``, nor a redirection's ``<(...)`` or target (``> $(mktemp)``);
                        # after a whole redirection it is among the words (``2>&1 $(echo ...)``: the command it names)
                        substituted = at != open_end and at != redirect_end
                        # its ")" ends what the pipe after it may carry when it is the whole of its command, its
                        # one word so far the "$" (``$(...) |``, ``x=$(...) |``), not an argument of one (``echo
                        # $(...) |``: echo writes what the substitution gives it); "(" after a word, a syntax error
                        command_substitutions.append(substituted and not continuing and (len(words) <= 1 or words[-1][-1:] != "$"))
                        substitutions += 1
                        if substituted:
                            substitution_edge = match.end()  # $(| cmd: nothing is piped
                    else:
                        backtick, backtick_marked, backtick_depth = True, inherits, len(opened)
                        # their closing backquote ends the command when they are the whole of it so far, as a
                        # command substitution's ")" does (``x=`date` passwd``: passwd is a command of its own)
                        argument_backticks = at == redirect_end or continuing or (len(words) > 1 and words[-1][-1:] == "$")
                if sep == "(":
                    open_end = match.end()
                    if opened[-1] == "$" and not pending and (run := _OPENING_RUN.match(script, open_end)) is not None:
                        # an unmarked substitution opens (no mark given, none open: marked 0) and a run of "$(" follows
                        # ($($($(...), each "$" a command of its own, each "(" another: read at once as the matches one by
                        # one read them (skipped up to its end), the state after this "(" (reset below) theirs too
                        skip_to = run.end()
                        for run_at in range(open_end, skip_to, 2):
                            yield _new_item(ShellCommand, (["$"], False, run_at, None, False, False, True, False, None, False, False))
                        count = (skip_to - open_end) // 2
                        opened += "$" * count
                        command_substitutions += [True] * count
                        substitutions += count
                        start, word_end, substitution_edge, open_end = skip_to - 2, skip_to - 1, skip_to, skip_to
                    elif opened[-1] == "m" and not pending and not backtick and (run := _OPENING_RUN.match(script, open_end)) is not None:
                        # the same run after a marked one opens (``cat <<< $($($(...``): each "$" a command of its own, each
                        # "(" a substitution marked (one is open), as the matches one by one read them
                        skip_to = run.end()
                        for run_at in range(open_end, skip_to, 2):
                            yield _new_item(ShellCommand, (["$"], False, run_at, None, False, False, True, False, None, False, False))
                            yield _OPENS[True][False]
                        count = (skip_to - open_end) // 2
                        opened += "m" * count
                        command_substitutions += [True] * count
                        substitutions += count
                        marked += count
                        start, word_end, substitution_edge, open_end = skip_to - 2, skip_to - 1, skip_to, skip_to
            elif sep == ")" and opened and opened[-1] in "($m":
                if backtick and backtick_depth >= len(opened):  # backticks opened in it close with it (a syntax error)
                    backtick = False
                    if backtick_marked:
                        backtick_marked = False
                        marked -= 1
                        yield _CLOSES
                popped = opened.pop()
                if popped == "(":
                    closed = at
                else:
                    substitutions -= 1
                    if command_substitutions.pop():
                        substitution_edge = match.end()
                    else:  # an argument's: the command it is in writes into a pipe after it (echo $(x=$(...)) | cmd)
                        substitution_edge, closes_an_argument = -1, True
                    if popped == "m":
                        marked -= 1
                        yield _CLOSES
            words, leading, case_at, continuing = [], True, -1, closes_an_argument
            piped = sep == "|" and (subshell_closed or word_end > substitution_edge)  # a command or a subshell writes into it
            stdin, diverted, redirected, written, here_substitution, here_unquoted = None, False, False, None, None, False
            if case_word is not None and (len(opened) == case_word[3] if sep == ")" else sep == "`" and case_word[3] < 0):
                # the substitution ends: the case goes on, its word the substitution (not its text)
                words, start, piped, _, case_at = case_word
                if sep == ")":
                    words[-1] += "(...)"
                else:
                    words.append(words.pop() + "`...`" if len(words) > case_at + 1 else "`...`")
                leading, glued, case_word, continuing = False, match.end(), None, False


def _grouped(opened: list[str], substitutions: int, backtick: bool, backtick_depth: int) -> bool:
    """Whether a command in a command substitution (``$(...)``, backticks, ``<(...)``; or a group
    closing there) writes into a group opened inside it, not into what the substitution captures: the
    innermost of what is open around it (``_shell_items``' ``opened``, a case's own state passed over)
    is a group (``x=$( (echo ... | tee FILE) | docker login --password-stdin )``: echo writes into the
    subshell's output, piped on)."""
    if not substitutions and not backtick:
        return False
    inner = len(opened)
    while inner and opened[inner - 1] in "pc":
        inner -= 1
    return not ((backtick and inner <= backtick_depth) or (inner > 0 and opened[inner - 1] in "$m"))


def _close_inside(opened: list[str], depth: int, command_substitutions: list[bool]) -> tuple[list[GroupMark | Substitution], int, int]:
    """Close the entries of ``opened`` beyond ``depth`` (``_shell_items``), left open in backticks
    that close: the marks of the groups and marked substitutions closed, innermost first, and how many
    substitutions and marked ones closed."""
    closes: list[GroupMark | Substitution] = []
    substitutions = marked = 0
    while len(opened) > depth:
        entry = opened.pop()
        if entry in "$m":
            command_substitutions.pop()
            substitutions += 1
            if entry == "m":
                marked += 1
                closes.append(_CLOSES)
        elif entry not in "pc":  # a case's own state: no mark
            closes.append(GroupMark(False, entry != "(", captured=True))
    return closes, substitutions, marked


_OPENING_RUN = re.compile(r"(?:\$\()++")
"""A run of ``$(`` (``_shell_items`` reads it at once where it opens substitutions in no command)."""


_new_item = tuple.__new__
"""``tuple.__new__``: a ``ShellCommand`` built from all its fields at once (``_new_item(ShellCommand, (...))``), not
through its ``__new__`` (a call of Python code for each of the items of a dense script); the same tuple."""


_END_OF_SCRIPT = (next(_SHELL_WORD.finditer("\n")),)
"""The end of a script, read by ``shell_items`` as a line break after it (its offsets unused): the
last command ends where the others do."""


_BACKQUOTED = r"`(?:[^`\\]|\\.)*+`"
_CODE = rf"""[^()'"\\`]|\\.|'[^']*+'|"(?:[^"\\]|\\.)*+"|{_BACKQUOTED}"""  # one character or quoted part of a script
_SUBSTITUTION = rf"""\$\((?!\()(?:{_CODE}|\((?:{_CODE})*+\))*+\)"""
"""A command substitution in double quotes, as bash reads it: quotes inside it are its own
(``"$(echo "$PW" | sudo -S id)"``); two levels of parentheses (``"$(cat $(ls))"``), not three."""
_WORD_PART = re.compile(
    rf"""'[^']*+'|\\.|"(?P<double>(?:[^"\\$`]|\\.|{_SUBSTITUTION}|{_BACKQUOTED}|[$`])*+)"|"|[^'"\\]++""", re.DOTALL
)
"""A word's parts: single-quoted text, an escaped character, double-quoted text (its inside: group
``double``), other text."""
QUOTED_SUBSTITUTION = re.compile(rf"{_SUBSTITUTION}|{_BACKQUOTED}", re.DOTALL)
"""A command substitution as a double-quoted word holds it once its quotes are removed (``$(...)``,
backquotes): where its output goes in what ``echo`` writes (``stdin_secrets.with_substituted_output``)."""
_IN_DOUBLE_QUOTES = re.compile(rf"\\.|(?P<substitution>{_SUBSTITUTION})|(?P<backquoted>{_BACKQUOTED})", re.DOTALL)
_ESCAPED_IN_BACKQUOTES = re.compile(r"\\([$`\\])")


def _quoted_substitutions(word: str, offset: int) -> list[tuple[str, int]]:
    """The scripts of the command substitutions in a word's double-quoted parts (``x="$(...)"``,
    ``"`...`"``), each with its offset in the script (the word's is ``offset``); none in single
    quotes or escaped (``'$(...)'``, ``"\\$(...)"``: text)."""
    found: list[tuple[str, int]] = []
    for part in _WORD_PART.finditer(word):
        inside = part.group("double")
        if not inside or ("$(" not in inside and "`" not in inside):
            continue
        for each in _IN_DOUBLE_QUOTES.finditer(inside):
            if (text := each.group("substitution")) is not None:
                found.append((text[2:-1], offset + part.start("double") + each.start() + 2))
            elif (text := each.group("backquoted")) is not None:
                text = _ESCAPED_IN_BACKQUOTES.sub(r"\1", text[1:-1]) if "\\" in text else text[1:-1]
                found.append((text, offset + part.start("double") + each.start() + 1))
    return found


_SIMPLE_COMMAND = re.compile(r"""[ \t]*+([^\s;&|()`<>"'\\]++(?:[ \t]++[^\s;&|()`<>"'\\]++)*+)[ \t]*+$""")
"""A substitution's script that is one command of plain words, read without ``shell_items``."""
_NO_SIMPLE_START = SHELL_KEYWORDS | {"if", "for", "while", "until", "case"}
"""First words that make ``shell_items`` read more than a plain command."""


def _substituted(pending: list[tuple[str, int]]) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """The items of the double-quoted command substitutions of a command's words, yielded after it
    (``_quoted_substitutions``): each script's, captured (its output is the word's), between its
    ``Substitution`` marks, each among the command's words: the first one reads the command's input (it is
    the first to run), the next ones what those before them left of it (``commands._opening_input``)."""
    for text, offset in pending:
        yield _QUOTED_OPEN
        if (simple := _SIMPLE_COMMAND.match(text)) is not None and (words := text.split()) and words[0] not in _NO_SIMPLE_START:
            yield ShellCommand(words, False, offset + simple.start(1), None, captured=True)  # "$(id -u)": as shell_items reads it
            yield _CLOSES
            continue
        yield from _items_at(text, offset, True)
        yield _CLOSES


def _items_at(text: str, offset: int, captured: bool, in_group: bool = False) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """The items of ``text``, a script at ``offset`` in the script, placed there; with ``captured``
    (in a command substitution) their output is captured, those in its groups ``grouped`` (a command
    in a group writes into the group's, ``"$( (echo ...) | cmd )"``), and with ``in_group`` all of
    them (``text`` is a group's itself: the subshell a here-string's ``"$(...)"`` is read as, piped
    into its command, ``x=$(cmd <<< "$(echo ...)")``). Groups and substitutions its script leaves
    open (a syntax error) are closed at its end."""
    left_open: list[GroupMark | Substitution] = []
    groups = 1 if in_group else 0  # the groups open around the items, of ``text`` or the one it is
    for item in _read_items(text):
        if isinstance(item, ShellCommand):
            grouped = item.grouped or (captured and groups > 0 and not item.captured)
            yield item._replace(start=item.start + offset, captured=captured or item.captured, grouped=grouped)
            continue
        if item.opens:
            left_open.append(GroupMark(False, item.brace, captured=captured, grouped=captured and groups > 0) if isinstance(item, GroupMark) else _CLOSES)
        elif left_open:
            left_open.pop()
        if isinstance(item, GroupMark):
            groups += 1 if item.opens else -1 if groups > in_group else 0
            command = item.command._replace(start=item.command.start + offset, captured=captured or item.command.captured) if item.command is not None else None
            closing = item.closing + offset if item.closing >= 0 else -1
            grouped = item.grouped or (captured and groups > 0 and not item.captured)
            yield item._replace(command=command, captured=captured or item.captured, closing=closing, grouped=grouped)
        else:
            yield item
    yield from reversed(left_open)


_UNQUOTED_SUBSTITUTION = re.compile(rf"{_SUBSTITUTION}(?![^\s;&|()<>])", re.DOTALL)
"""A command substitution that is a whole word, unquoted (``$(...)`` then a blank or a separator)."""


_BEFORE_A_LONE_SUBSTITUTION = frozenset("$< \t")
"""The last character of a here-string's redirection that an unquoted substitution may follow as its
whole word: the ``$`` of ``<<< $(``, or the operator and blanks before a backquote, ``<<< `...```."""
_AFTER_A_WORD = frozenset(" \t\n\r\f\v;&|()<>")
"""What may follow a word's end, but for the script's: a blank or a separator."""


def lone_unquoted_substitution(script: str, redirect: str, end: int) -> tuple[str, int, int] | None:
    """The script of a here-string's word that is one unquoted command substitution and nothing
    else (``<<< $(echo ... | tee FILE)``: the redirection, ``<<< $``, ends at ``end``, before its
    ``(``; or backquotes, ``<<< `echo ... | tee FILE```, the redirection ending before them), with
    its offset in the script and where it ends; None for any other word, and for one holding
    backquotes (a backslash in backquotes) or a here-document (read by the scan, as before)."""
    word = redirect.lstrip("0123456789")[3:].lstrip(" \t")
    if not word and script[end : end + 1] == "`":
        close = script.find("`", end + 1)
        if close < 0 or (close + 1 < len(script) and script[close + 1] not in _AFTER_A_WORD):
            return None  # (one backquote: a word's last character or the script's end)
        text = script[end + 1 : close]
        if "\\" in text or "<<" in text.replace("<<<", ""):
            return None
        return text, end + 1, close + 1
    if script[end : end + 1] != "(" or word != "$":
        return None
    found = _UNQUOTED_SUBSTITUTION.match(script, end - 1)
    if found is None:
        return None
    text = found.group()[2:-1]
    if "`" in text or "<<" in text.replace("<<<", ""):
        return None
    return text, end + 1, found.end()


def _lone_quoted_substitution(redirect: str, offset: int) -> tuple[str, int] | None:
    """The script of a here-string's word that is one double-quoted command substitution and
    nothing else (``<<< "$(echo ... | tee FILE)"``, or in backquotes, ``<<< "`echo ...`"``), with
    its offset in the script (the redirection's is ``offset``); None for any other word."""
    operator = redirect.lstrip("0123456789")
    word = operator[3:].lstrip(" \t")
    if word[:3] == '"$(' and word[-2:] == ')"':
        inner = len(word) - 5
    elif word[:2] == '"`' and word[-2:] == '`"' and "\\" not in word:  # an escape in backquotes: not read whole here
        inner = len(word) - 4
    else:
        return None
    found = _quoted_substitutions(word, offset + len(redirect) - len(word))
    return found[0] if len(found) == 1 and len(found[0][0]) == inner else None


_COMPOUND_OPENS = {"if": "I", "for": "L", "while": "L", "until": "L", "case": "K"}
"""The compound commands read as brace groups (``shell_items``), by the word that opens them where a
command starts: bash pipes what their commands write (the tests of ``if`` and ``while`` too) out of
them (``if ...; fi | sudo -S id``), and what is piped into them to their commands. What each one is
in ``opened``: closed by its last word (``_GROUP_CLOSES``)."""
_GROUP_CLOSES = {"}": "{", "fi": "I", "done": "L", "esac": "K"}
"""The word that closes a brace group or a compound command, alone as a command (``}``, ``fi``,
``done``, ``esac``), and what it closes (``_COMPOUND_OPENS``)."""


def _opens_case_word(sep: str, words: list[str], case_at: int, adjacent: bool) -> bool:
    """Whether a separator opens the command substitution that is a case's word: ``$(`` right
    after ``case`` (``case $(cmd) in``, ``case x$(cmd) in``), or a backtick (``case `cmd` in``)."""
    if sep == "(":
        return adjacent and len(words) == case_at + 2 and words[-1][-1:] == "$"
    return sep == "`" and (len(words) == case_at + 1 or (adjacent and len(words) == case_at + 2))


_CONTINUED_LINE = re.compile(r"\\\r?\n")
_INPUT_FILE = re.compile(r"^<>?+(?![<&])[ \t]*+(\S.*)$", re.DOTALL)
"""A redirection reading a file (``< FILE``, ``<> FILE``), not ``<<`` nor ``<&``: its target."""
_HEREDOC = re.compile(r"^[0-9]*+<<(-?)[ \t]*+(.+)$", re.DOTALL)
_INPUT_OPERATOR = re.compile(r"0?+<[ \t]*+")
"""A redirection of a command's input with no target yet (``<``, ``0<``): a process substitution after it is its target."""


_REDIRECT_OPERATOR = re.compile(r"[0-9]*+(?:&>>?|>>|>&|<&|>\||<<<|<<-?|<>|[<>])[ \t]*+")
"""A redirection with no target yet (``_SHELL_WORD``'s ``redirect`` before its word): what follows is its target."""
_OUTPUT_REDIRECT = re.compile(r"^(?:1?+(?:>(?!&)|>&(?![ \t]*+1$))|&>|1<>)")
"""A redirection of a command's standard output away from where it goes (``> FILE``, ``>> FILE``,
``>| FILE``, ``1> FILE``, ``>&2``, ``&> FILE``, ``1<> FILE``); not ``2> FILE``, ``2>&1`` nor ``>&1``."""


def diverts_output(redirect: str) -> bool:
    """Whether a redirection (as ``_SHELL_WORD`` matches it) sends the command's standard output
    elsewhere than a pipe after it."""
    return ">" in redirect and _OUTPUT_REDIRECT.match(redirect) is not None


_OUTPUT_FILE = re.compile(r"^1?+(?:>\||>>?+|&>>?+)[ \t]*+(?P<file>[^&\s].*)$", re.DOTALL)
"""A redirection writing a command's standard output to a file (``> FILE``, ``>> FILE``, ``>| FILE``,
``1> FILE``, ``&> FILE``): its target; not ``>&2``, ``2> FILE`` nor ``>&1``."""


def output_file(redirect: str) -> str | None:
    """The file a redirection (as ``_SHELL_WORD`` matches it) writes the command's standard output
    to, quotes removed (``> ~/.pgpass``: ``~/.pgpass``); None for any other redirection."""
    if ">" not in redirect or (found := _OUTPUT_FILE.match(redirect)) is None:
        return None
    return _unquoted(found.group("file"))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _redirected_input(documents: _HereDocuments | None, redirect: str, end: int) -> str | HereDocument | InputFile | None:
    """What a redirection feeds the command: a here-string's word (``<<< word``), a here-document's
    lines up to its delimiter (``<<EOF`` ... ``EOF``, from the line after ``end``; ``documents``
    holds the script's lines), a file on its standard input (``< FILE``, ``0< FILE``, ``<> FILE``);
    None for any other redirection."""
    operator = redirect.lstrip("0123456789")
    if operator[:3] == "<<<":
        return _unquoted(operator[3:].strip())
    if redirect[: len(redirect) - len(operator)] in ("", "0") and (file := _INPUT_FILE.match(operator)) is not None:
        return InputFile(_unquoted(file.group(1)))  # 3< FILE opens another descriptor: not its input
    heredoc = _HEREDOC.match(redirect)
    if heredoc is None or documents is None:
        return None
    delimiter, strip_tabs = _unquoted(heredoc.group(2).strip()), heredoc.group(1) == "-"
    if not delimiter:
        return None
    return documents.at(end, delimiter, strip_tabs)


# here, not with the stdin readers that import it: a here-document's lines are
# judged by it once, as they are read (``_HereDocuments.holds_secret``)
RADIUS_ATTRIBUTES = 2
"""How a program that reads RADIUS attribute lists on its input (radclient) reads a secret in each
line (``input_line_secret``'s ``user_colon``, beside 0, the whole line, and 1, ``user:password``)."""
_RADIUS_PASSWORD_ATTRIBUTE = re.compile(
    r"""(?<![^,\s])(?:User|Cleartext|CHAP|MS-CHAP)-Password[ \t]*+(?::=|==|\+=|=)[ \t]*+(?P<value>"(?:[^"\\]|\\.)*+"|'[^']*+'|[^,\s]++)"""
)
"""A password attribute of a RADIUS attribute list, as radclient reads one (``User-Name=bob,
User-Password=...``, apart by commas or blanks), and its value, quoted or up to a comma or a blank."""


def input_line_secret(text: str, user_colon: int) -> bool:
    """Whether a program's input holds a literal secret on a line (a ``\\n`` written in it, as
    ``echo -e`` and ``printf`` print it, breaks a line): the whole line, or for a program that reads
    ``user:password`` lines (``user_colon`` 1, True), the part after the colon; for one that reads
    RADIUS attribute lists (``RADIUS_ATTRIBUTES``), each password attribute's value."""
    for line in text.replace("\\n", "\n").split("\n"):
        if user_colon == RADIUS_ATTRIBUTES:
            if "Password" in line and any(_input_value_secret(match.group("value")) for match in _RADIUS_PASSWORD_ATTRIBUTE.finditer(line)):
                return True
        elif _input_value_secret((line.partition(":")[2] if user_colon else line).strip()):
            return True
    return False


def _input_value_secret(secret: str) -> bool:
    """Whether a line (or the part of it) a program reads as a secret is a literal one."""
    if "$" not in secret and "`" not in secret:
        return _literal_secret(secret)
    # a line that starts with an expansion ($(date) ..., "$(date)" ... as a here-document holds it,
    # its quotes text): judged by its literal parts alone
    return (_literal_secret(secret) or _LINE_EXPANSION.match(secret.lstrip(_QUOTES)) is not None) and _literal_part_secret(secret)


def _literal_secret(value: str) -> bool:
    """Whether a value a program reads on its input is a literal secret, as written."""
    return bool(value) and not is_placeholder(value) and shell_literal(value) is not None


_LINE_EXPANSION = re.compile(
    r"""\$(?:\{[A-Za-z_]\w*+\}|[A-Za-z_]\w*+(?![!#%^&*?~])|[0-9](?![\w$])|\((?:[^()]|\([^()]*+\))*+\)|(?![\w{(]))"""
    r"""|`(?:[^`\\]|\\.)*+`"""
)
"""What the shell expands in a line a program reads: a variable (``$PW``, ``${PW}``, ``$1``; not
``$ecret!``, a literal as ``_REFERENCE`` reads it), a command substitution (``$(cat FILE)``, and
backquotes, whatever command they run: `` `date` `` as `` `cat FILE` ``; a line is the shell's,
not JavaScript's, whose `` `hunter2` `` ``shell_literal`` reads as a string), or the ``$`` the
split leaves where a substitution's output is not known (``x$(date)``)."""
_ACCOUNT_NAME = re.compile(r"(?:root|admin|administrator|postgres|mysql|ubuntu|debian|ec2-user|centos|user|app|nobody|www-data|jenkins|git|deploy):")
"""A system account's name and its colon before an expansion (``root:$PW``, chpasswd's line piped
to another reader): any other word before the colon is a literal part of the line the reader takes
whole (``hunter2:$PW``)."""
_JOINING = " \t:;,=@/.-_+\"'"
"""The blanks, separators and quotes that join a literal part to an expansion (``$PW:x``,
``x-$PW``, ``"$PW" x``: a here-document's quotes are text, as ``shell_literal`` strips them)."""
_QUOTES = "\"'"


def _literal_part_secret(line: str) -> bool:
    """Whether a line a program reads holds a literal secret once its expansions
    (``_LINE_EXPANSION``) are set apart: they give the secret, so the line is one only when a
    literal part of it is, judged as a value alone is, without the separators joining it to them
    (``x$PW``, ``$PW:x``: ``x`` is masked out; ``...$SUFFIX``: the literal is one); a system
    account's name and its colon before the first expansion are none (``root:$PW``, chpasswd's
    ``user:password`` line). A line with no expansion is judged whole."""
    parts = _LINE_EXPANSION.split(line)
    if len(parts) == 1:
        return True
    if (user := _ACCOUNT_NAME.match(parts[0])) is not None and user.end() == len(parts[0]):
        parts[0] = ""
    return any(_literal_secret(part.strip(_JOINING)) for part in parts)


def unquoted(word: str) -> str:
    """A shell word's text, its quotes removed (``_unquoted``)."""
    return _unquoted(word)


_QUOTED_PART = re.compile(r"""'([^']*+)'|"((?:[^"\\]|\\.)*+)"(?P<glued>(?=\w))?+|\\(.)""", re.DOTALL)
"""A quoted part of a word, or an escaped character; ``glued``: a double-quoted part that a letter, a
digit or ``_`` follows (``"$PREFIX"x``)."""
_LAST_VARIABLE = re.compile(r"\$([A-Za-z_]\w*+)")
_ESCAPED_IN_DOUBLE_QUOTES = re.compile(r"""\\([$`"\\])""")


def _unquoted(word: str) -> str:
    """A shell word with its quotes removed as the shell removes them (``'{"password": "x"}'`` is
    ``{"password": "x"}``): the inside of single quotes as is, of double quotes with ``\\"``
    unescaped, a backslash-escaped character outside quotes as the character. A variable that ends
    a double-quoted part glued to a letter, a digit or ``_`` is braced (``"$PREFIX"x`` is
    ``${PREFIX}x``): its name ends there, as the shell reads it."""
    if "'" not in word and '"' not in word and "\\" not in word:
        return word
    first = word[0]
    if (first == "'" or first == '"') and word[-1] == first and len(word) > 1:
        # one quoted part, the whole word ('a b', "a b"): its inside, when it holds no quote of its kind (nor, in
        # double quotes, a backslash), as the expression reads it (a double-quoted part ending the word is glued to nothing)
        inside = word[1:-1]
        if first not in inside and (first == "'" or "\\" not in inside):
            return inside
    return _QUOTED_PART.sub(_unquote_part, word)


def _unquote_part(part: re.Match[str]) -> str:
    single, double, glued, escaped = part.groups()
    if single is not None:
        return single
    if double is None:
        return escaped
    if glued is not None and (at := double.rfind("$")) >= 0 and (at == 0 or double[at - 1] != "\\"):
        if (variable := _LAST_VARIABLE.fullmatch(double, at)) is not None:  # "$PREFIX"x: ${PREFIX}x, not $PREFIXx
            double = f"{double[:at]}${{{variable.group(1)}}}"
    return _ESCAPED_IN_DOUBLE_QUOTES.sub(r"\1", double) if "\\" in double else double  # (most hold no backslash)
