"""disallow-plaintext-secrets: a shell script (a ConfigMap's, an ``sh -c`` argument's) is split and
judged command by command, with less work per command than before (each command's program found
once, a token's kind read once, ``NAME=`` patterns tried only on words holding ``=``), and decides
exactly as before. The scan as it was is kept here; both run on the scripts of the shared corpus and
the policy cases, and on scripts built from what the check looks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.checks.secrets import commands as c
from webhook.checks.secrets import programs, shell_reader, stdin_secrets, values, wrappers
from webhook.checks.secrets.config_files import literal_secret  # the value judgements, shared
from webhook.checks.secrets.names import Names

REPO = Path(__file__).resolve().parents[2]

# --- the split as it was --------------------------------------------------------------------------


def old_program(argv: list[Any]) -> tuple[int, str] | None:
    # the wrapper model (their options, their positional words, the command line some run in place
    # of a program) is shared: the split, not the model, is what is compared
    wrapper, valued, positionals, direct = None, False, 0, False
    for index, word in enumerate(argv):
        if not isinstance(word, str):
            return None
        if valued:
            valued = False
            continue
        if wrapper is not None and word[:1] == "-":
            if wrappers.wrapper_script_option(wrapper, word) is not None:
                return None
            valued = wrappers.wrapper_takes_value(wrapper, word)
            positionals = wrappers.wrapper_positionals_after(wrapper, word, positionals)
            direct = direct or wrappers.runs_words_directly(wrapper, word)
            continue
        if wrapper is not None and positionals:
            positionals -= 1
            continue
        if wrapper is not None and wrappers._WRAPPER_NUMBER.match(word):
            continue
        if wrappers._ASSIGNMENT_WORD.match(word) or word in shell_reader.SHELL_KEYWORDS:
            continue
        name = word.rsplit("/", 1)[-1]
        if name in wrappers.WRAPPERS:
            wrapper, positionals, direct = name, wrappers.WRAPPER_POSITIONALS.get(name, (0, frozenset()))[0], False
            continue
        if wrapper in wrappers.WRAPPER_COMMAND_LINE and not direct and any(isinstance(each, str) and wrappers._REREAD.search(each) for each in argv[index:]):
            return None
        if name in wrappers.REMOTE_EXEC and (start := wrappers.remote_exec_start(argv, index)) is not None:
            inner = old_program(argv[start:])
            return None if inner is None else (start + inner[0], inner[1])
        if (name in wrappers.CONTAINER_EXEC or name in wrappers.COMPOSE) and (subcommand := wrappers._exec_subcommand(name, argv, index)):
            begins = wrappers._after_container(argv, subcommand + 1)
            inner = old_program(argv[begins:]) if begins is not None else None
            if begins is not None and inner is not None:
                return begins + inner[0], inner[1]
        return None if word[:1] == "-" else (index, name)
    return None


def old_nested_assignment(names: Names, value: str) -> str | None:
    pair = c._NESTED_ASSIGNMENT.match(value)
    # the pair's judgement, shared: a CloudFormation parameter in the AWS CLI's shorthand (1.25.532), a
    # path before the next option of a comma-separated list (mount -o credentials=/etc/x,vers=3.0, 1.25.546)
    return None if pair is None else c._nested_pair(names, pair)


def old_auth_pair_assignment(word: str) -> str | None:
    """A ``NAME=value`` word's name when its value is a user and password pair (``env_auth_pair``), matched apart."""
    pair = c._NESTED_ASSIGNMENT.match(word)
    return pair.group(1) if pair is not None and c.env_auth_pair(pair.group(1), c.unquoted(pair.group(2))) else None


def old_neutral_assignment_credentials(names: Names, word: str) -> list[str]:
    """What the value of a ``NAME=value`` word whose name is no secret's holds, matched apart (the judgement shared)."""
    pair = c._NESTED_ASSIGNMENT.match(word)
    return [] if pair is None else c._neutral_pair_credentials(names, word, pair)


class OldGroup:
    """A subshell or brace group of the old split: its output, what each command in it writes."""

    def __init__(self, brace: bool, piped: bool, substitution: bool = False, closer: str = "}") -> None:
        self.brace, self.piped, self.diverted = brace, piped, False
        self.closer = closer  # the word that closes a brace group, or the compound command read as one (fi, done, esac)
        self.substitution = substitution  # the old split read $( (a "(" after a word) as a subshell: it is a substitution
        self.captured = False  # (set when it closes) a substitution, or in one: its output is not its group's
        self.piped_level = -1  # (set when it opens) the substitutions open around the innermost group piped into holding it
        self.parts: list[stdin_secrets.PipeInput | None] = []
        self.stdin: str | shell_reader.HereDocument | shell_reader.InputFile | None = None  # (set when it closes) its own redirection's input
        self.file = ""  # the group of a process substitution's commands, what its file holds: "<(" open, then "cat <(" (cat copies it) or "< <(" (a command's input)
        self.here = False  # the subshell of a here-string's "$(...)", piped into its command (command_items)
        # (set when it opens) for such a group after a substitution among its command's words (cmd $(date) <<< "$(...)"):
        # the pipeline up to those words and what the substitutions left of its input; the words after it go on them
        self.resume: tuple[list[Any], Any] | None = None


class OldGroupInput(NamedTuple):
    """The here-document or here-string a group's redirection gives its commands: a writer before the first reader."""

    brace: bool
    text: str | shell_reader.HereDocument


class OldSubstituted(NamedTuple):
    """What writes into a pipe after a command substitution closes: the command whose words it is in,
    at the end of its pipeline (``writer``), with the pipeline of the substitution's last command (``last``)."""

    writer: list[Any]
    last: list[Any]
    silent: bool = False  # every command run in it printed nothing (the rule, shared: prints_nothing): its output is empty
    quoted: bool = False  # a "$(...)" of the writer's words: its output in the place of the first one written in them, an empty word


class OldContinued(NamedTuple):
    """The words of a command after a command substitution among them (``echo $(date) MORE``): the
    pipeline up to them (``before``, ending with the substitution's ``OldSubstituted``), echo writes them."""

    before: list[Any]
    words: list[str]
    diverted: bool
    stdin: str | shell_reader.HereDocument | shell_reader.InputFile | None = None  # an input redirection among them: the command's


def old_extended(producer: OldContinued | OldSubstituted) -> list[Any] | None:
    # the pipeline up to the command a continued part's words are in, that command given them as more words and
    # their input redirection as its own (tee $(mktemp) <<EOF, sudo -S id $(date) <<< ...), the $ of a substitution
    # that printed nothing left out (cat <<EOF $(true): cat); None when not known
    words: list[str] = []
    stdin: str | shell_reader.HereDocument | shell_reader.InputFile | None = None
    diverted = silent = False
    pipeline: list[Any] = [producer]
    while pipeline and isinstance(pipeline[-1], (OldContinued, OldSubstituted)):
        last = pipeline[-1]
        if isinstance(last, OldContinued):
            words, diverted = old_unplaced(last.words, silent) + words, diverted or last.diverted
            stdin = last.stdin if stdin is None else stdin
            pipeline, silent = last.before, False
        else:
            pipeline, silent = last.writer, silent if last.quoted else last.silent  # a "$(...)" has no word of its own
    if not pipeline or not isinstance(pipeline[-1], shell_reader.ShellCommand):
        return None
    command = pipeline[-1]
    stdin = command.stdin if stdin is None else stdin
    return [*pipeline[:-1], command._replace(words=old_unplaced(command.words, silent) + words, stdin=stdin, diverted=command.diverted or diverted)]


def old_unplaced(words: list[str], silent: bool) -> list[str]:
    # words whose last one ends with the $ of a substitution: without it when that substitution printed nothing
    if not silent or not words or not words[-1].endswith("$"):
        return words
    return words[:-1] + ([words[-1][:-1]] if len(words[-1]) > 1 else [])


OLD_COMPOUNDS = {"if": "fi", "for": "done", "while": "done", "until": "done", "case": "esac"}


OldSubstitution = tuple[bool, bool, bool, bool] | tuple[bool, bool, bool, bool, str]
"""(opens, after the words of a command, piped, a "$(...)" of those words; for a <(...) among a command's words, "input"
when it is the command's input, else "named"): where a command substitution opens or closes."""


def old_shell_commands(script: str, inside: bool = False, grouping: bool = False) -> Iterator[shell_reader.ShellCommand | OldGroup | str | OldSubstitution]:
    # also yields an OldGroup where one opens, "(" or "{" where it closes (its OldGroup then has
    # its redirection), after the "}" command that closes a brace group; a case is "pattern" or
    # "clause" on the stack, its patterns' words commands marked as such; an OldSubstitution where
    # a $(, <(, (( or backtick substitution opens (before its OldGroup, for a $( after words) or closes;
    # the commands of a "$(...)" in a word after its command, ``inside`` one (all captured); ``grouping``: the
    # script is a group's, inside one (a here-string's "$(...)" read as a subshell piped into its command,
    # x=$(cmd <<< "$(echo ...)"): its commands write into that group, not what the substitution captures
    script = shell_reader._CONTINUED_LINE.sub(shell_reader._blank, script)
    words: list[str] = []
    piped, start = False, 0
    stdin: str | shell_reader.HereDocument | shell_reader.InputFile | None = None
    diverted = False
    written: str | None = None  # the file the command's output is written to (the rule, shared: output_file)
    documents: shell_reader._HereDocuments | None = None
    stack: list[OldGroup | str | None] = []  # None: a "(" that opens no group ($(, <(, (( )
    raw: list[str] = []  # the words as written
    at_pattern, last_semicolon = False, -1
    closing: OldGroup | None = None  # a subshell whose ")" was just read
    redirected, last_open = False, -1
    target_at = -1  # where a redirection with no target ends: backquotes right after it are that target
    process_at, process_input = -1, False  # where a "<" ends, and whether it is the target of a "<" or "0<" with none
    redirect_end = -1  # where the last redirection ends
    # where the last "(" opening a group or a substitution, or ")" closing a substitution that is its command's whole
    # (not an argument's: $(...) |, also after a word, f(...) |, a syntax error), ends: a pipe with no word after it has
    # no writer (the reader's rule, 1.25.126)
    edge = -1
    # case $(cmd) in, case `cmd` in: (words, raw, start, piped, stack depth outside, -1 for a backtick)
    case_word: tuple[list[str], list[str], int, bool, int] | None = None
    word_end = glued = -1
    backtick = False  # inside backticks; a command in them or in a $( (a substitution OldGroup, or None) is captured
    backtick_depth = 0  # the stack when they opened: what opens in them closes with them
    continuing = False  # the words so far go on a command's after a substitution among them closed
    argument_at: dict[int, bool] = {}  # for the "(" at each depth of the stack: a substitution among a command's words
    argument_backticks = False

    quoted: list[tuple[str, int]] = []  # the "$(...)" in the command's words
    # the command's here-string when it is one "$(...)" alone (the rule, shared: _lone_quoted_substitution): read as
    # a subshell of its commands piped into the command (1.25.433)
    here: tuple[str, int] | None = None
    # it is an unquoted $(...) alone (the rule, shared: lone_unquoted_substitution), its text passed over by the scan up to
    # skip_to; replaced by another input, its commands are read as a word's "$(...)" (1.25.448)
    here_unquoted, skip_to = False, -1
    # the command just yielded was so read (command_items): the substitutions in its words get nothing from that pipe,
    # as bash expands a command's words before its here-string is its input (cmd "$(sudo -S id)" <<< "$(echo ...)")
    rewritten = False

    def closed_items(text: str, offset: int, inside: bool, captured: bool, grouping: bool = False) -> Iterator[shell_reader.ShellCommand | OldGroup | str | OldSubstitution]:
        # a substitution's commands, moved to where its text starts, its groups and marks closed if it leaves them open
        groups_left: list[OldGroup] = []
        marks_left = 0
        for item in old_shell_commands(text, inside=inside, grouping=grouping):
            if isinstance(item, OldGroup):
                groups_left.append(item)
            elif isinstance(item, str) and groups_left:
                groups_left.pop()
            elif type(item) is tuple:
                marks_left = marks_left + 1 if item[0] else max(marks_left - 1, 0)
            yield item._replace(start=item.start + offset) if isinstance(item, shell_reader.ShellCommand) else item
        for _ in range(marks_left):
            yield (False, False, False, False)
        for group in reversed(groups_left):
            group.captured = captured
            yield "{" if group.brace else "("

    def substituted() -> Iterator[shell_reader.ShellCommand | OldGroup | str | OldSubstitution]:
        for number, (text, offset) in enumerate(quoted):
            yield (True, True, False, True, "", number == 0 and rewritten)  # each among the words (1.25.561)
            # its groups and substitutions, closed with it if its script leaves them open (a syntax error)
            yield from closed_items(text, offset, inside=True, captured=True)
            yield (False, False, False, False)
        quoted.clear()

    def captured() -> bool:
        return inside or backtick or any(entry is None or (isinstance(entry, OldGroup) and entry.substitution) for entry in stack)

    def grouped() -> bool:
        # captured, but in a group opened inside the substitution: its output is the group's (1.25.477)
        if not captured():
            return False
        for at in range(len(stack) - 1, -1, -1):
            entry = stack[at]
            if backtick and at < backtick_depth:
                return False  # the backticks opened inside it
            if entry is None or (isinstance(entry, OldGroup) and entry.substitution):
                return False
            if isinstance(entry, OldGroup):
                return True
        return grouping and not backtick  # the group the script is, unless backticks opened in it

    def command_items(command: shell_reader.ShellCommand) -> Iterator[shell_reader.ShellCommand | OldGroup | str | OldSubstitution]:
        # the command, after the subshell of its here-string's "$(...)" piped into it
        nonlocal rewritten
        rewritten = False
        if here is None or command.stdin is None or command.piped or command.pattern or (stack and isinstance(stack[-1], OldGroup) and stack[-1].brace and command.words == [stack[-1].closer]):
            yield command
            return
        text, offset = here
        group = OldGroup(False, False)
        group.here = True
        yield group
        yield from closed_items(text, offset, inside=command.captured, captured=command.captured, grouping=command.captured)
        group.captured = command.captured
        yield "("
        rewritten = True
        yield command._replace(piped=True, stdin=None)

    for match in shell_reader._SHELL_WORD.finditer(script):
        if match.start() < skip_to:
            continue
        word = match.group("word")
        if word is not None and match.start() == glued:  # the rest of the case's word
            words[-1] += shell_reader._unquoted(word)
            raw[-1] += word
            glued = word_end = match.end()
            continue
        if word is not None:
            word_end = match.end()
            if closing is not None:
                closing.diverted, closing.captured, closing.stdin = diverted, closing.substitution or (captured() and not grouped()), stdin
                # a substitution's redirection after its ")" is its command's (echo $(date) > /dev/null MORE), as at a separator
                closing, diverted = None, diverted and closing.substitution
                yield "("
            if word == "{" and not redirected and not [w for w in words if w not in shell_reader.SHELL_KEYWORDS]:
                stack.append(OldGroup(True, piped))
                yield stack[-1]  # type: ignore[misc]
            elif word in OLD_COMPOUNDS and not redirected and not [w for w in words if w not in shell_reader.SHELL_KEYWORDS] and not (stack and stack[-1] == "pattern"):
                stack.append(OldGroup(True, piped, closer=OLD_COMPOUNDS[word]))  # if ... fi: a brace group for pipes
                yield stack[-1]  # type: ignore[misc]
            in_case = bool(stack) and isinstance(stack[-1], str)
            if in_case and word == "esac" and not words:
                stack.pop()
            if in_case:
                at_pattern = False
            elif word == "in" and raw[-2:-1] == ["case"] and not [w for w in words[:-2] if w not in shell_reader.SHELL_KEYWORDS]:
                stack.append("pattern")
                at_pattern = True
            if not words:
                start = match.start()
            words.append(shell_reader._unquoted(word))
            raw.append(word)
            quoted.extend(shell_reader._quoted_substitutions(word, match.start()))
        elif (redirect := match.group("redirect")) is not None:
            if "<<" in redirect and redirect.lstrip("0123456789")[:3] != "<<<" and documents is None:
                documents = shell_reader._HereDocuments(script)
            fed_by = shell_reader._redirected_input(documents, redirect, match.end())
            stdin = fed_by or stdin
            here_string = redirect.lstrip("0123456789")[:3] == "<<<"
            if here_unquoted and here is not None and (here_string or fed_by is not None or shell_reader._INPUT_OPERATOR.fullmatch(redirect) is not None):
                quoted.append(here)
                here_unquoted = False
            if here_string:
                here = shell_reader._lone_quoted_substitution(redirect, match.start())
                header = [w for w in words if w not in shell_reader.SHELL_KEYWORDS]
                if (
                    # (after words, or a substitution among them, just closed: cmd $(date) <<< $(echo ...), 1.25.534)
                    here is None and (words or continuing) and (closing is None or closing.substitution) and not piped and not backtick and not (header[:1] == ["case"])
                    and not (len(words) == 1 and words[0] in shell_reader._GROUP_CLOSES) and not (stack and stack[-1] == "pattern")
                    and (unquoted := shell_reader.lone_unquoted_substitution(script, redirect, match.end())) is not None
                ):
                    here, skip_to, here_unquoted = (unquoted[0], unquoted[1]), unquoted[2], True
                    if stdin is None:  # <<< `...` (1.25.478): the word is the backquotes
                        stdin = script[match.end() : skip_to]
            elif fed_by is not None or shell_reader._INPUT_OPERATOR.fullmatch(redirect) is not None:
                here = None
            diverted = diverted or shell_reader.diverts_output(redirect)
            written = shell_reader.output_file(redirect) or written
            redirected = True
            process_input = match.start() == target_at and process_at == -2
            redirect_end = match.end()
            process_at = match.end() if redirect == "<" else -2 if redirect.rstrip(" \t") in ("<", "0<") else -1
            target_at = match.end() if redirect.rstrip(" \t")[-1:] in "<>&|" or redirect.rstrip(" \t")[-3:] == "<<-" else -1
        else:
            sep = match.group("sep")
            header = [w for w in words if w not in shell_reader.SHELL_KEYWORDS]
            adjacent_word = word_end == match.start()
            if case_word is None and not redirected and (
                (sep == "(" and adjacent_word and len(header) == 2 and header[0] == "case" and raw[-2] == "case" and raw[-1].endswith("$"))
                or (sep == "`" and header == ["case"] and raw[-1] == "case")
                or (sep == "`" and adjacent_word and len(header) == 2 and header[0] == "case" and raw[-2] == "case")
            ):
                case_word = (words, raw, start, piped, len(stack) if sep == "(" else -1)
                continuing = False
                yield (True, False, piped, False)
                if sep == "(":
                    stack.append(None)
                    last_open = match.end()
                else:
                    backtick, backtick_depth = True, len(stack)
                words, raw = [], []
                piped, stdin, diverted, redirected, written, here, here_unquoted = False, None, False, False, None, None, False
                continue
            subshell_closed = closing is not None and not closing.substitution  # (...) | cmd: the subshell writes into the pipe
            if closing is not None:
                closing.diverted, closing.captured, closing.stdin, closing = diverted, closing.substitution or (captured() and not grouped()), stdin, None
                yield "("
            if sep == "`" and not backtick and (words or continuing) and match.start() != target_at:  # its place in the words, as $( has
                if words and adjacent_word:
                    words[-1], raw[-1] = words[-1] + "$", raw[-1] + "$"
                else:
                    start = start if words else match.start()
                    words.append("$")
                    raw.append("$")
            had_words = bool(words) or continuing  # (the "$(...)" of its words read after it: the first one to close gives what echo wrote)
            closes_argument = False
            after_arguments = len(words) >= 2 and words[-1][-1:] == "$"  # echo ... $(
            if words:
                yield from command_items(shell_reader.ShellCommand(words, piped, start, stdin, diverted, bool(stack) and stack[-1] == "pattern", captured(), continuing, written, grouped()))
                if stack and isinstance(stack[-1], OldGroup) and stack[-1].brace and words == [stack[-1].closer]:
                    closed = stack.pop()
                    closed.diverted, closed.captured, closed.stdin = diverted, captured() and not grouped(), stdin  # type: ignore[union-attr]
                    yield "{"
                yield from substituted()
                words = []
            elif continuing and (diverted or stdin is not None):  # echo ... $(date) > /dev/null: its command's redirection
                # (cmd $(date) <<< "$(echo ...)": its here-string's subshell piped into its words, none)
                continued_words = shell_reader.ShellCommand([], piped, start, stdin, diverted, False, captured(), True, grouped=grouped())
                yield from (continued_words,) if stack and stack[-1] == "pattern" else command_items(continued_words)
            raw = []
            top = stack[-1] if stack and isinstance(stack[-1], str) else None
            adjacent = last_semicolon == match.start()
            if sep == ";":
                last_semicolon = match.end()
            if top == "clause" and sep in (";", "&") and adjacent:
                stack[-1], at_pattern = "pattern", True
            elif top == "pattern" and (sep == ")" or (sep == "(" and at_pattern)):
                if sep == ")":
                    stack[-1] = "clause"
                piped, stdin, diverted, redirected, continuing, written, here, here_unquoted = False, None, False, False, False, None, None, False
                continue
            if sep == "(":
                opens = match.start() != last_open and not redirected and not [w for w in words if w not in shell_reader.SHELL_KEYWORDS]
                # an argument's substitution: after a command's words ending in its $, in a redirection, or $((
                # (a redirection's target right before it: ``> $(mktemp)``; one further back makes no argument, as in the reader)
                argument_at[len(stack)] = match.start() == last_open or match.start() == redirect_end or continuing or after_arguments
                if opens or (match.start() != last_open and match.start() != redirect_end):  # not $(( nor <(...)
                    edge = match.end()
                last_open = match.end()
                stack.append(OldGroup(False, piped, bool(header)) if opens else None)
                if had_words and match.start() == process_at:  # <(...): a file
                    yield (True, had_words, piped, False, "input" if process_input else "named")
                elif had_words and rewritten:
                    yield (True, had_words, piped, False, "", True)  # cmd <<< "$(echo ...)" $(sudo -S id): sudo reads no here-string
                elif not opens or bool(header):
                    yield (True, had_words, piped, False)
                if opens:
                    yield stack[-1]  # type: ignore[misc]
            elif sep == ")" and stack and (stack[-1] is None or (isinstance(stack[-1], OldGroup) and not stack[-1].brace)):
                if backtick and backtick_depth >= len(stack):  # backticks opened in it close with it
                    backtick = False
                    yield (False, False, False, False)
                closing = stack.pop()  # type: ignore[assignment]
                if closing is None or closing.substitution:
                    closes_argument = argument_at.get(len(stack), False)
                    edge = -1 if closes_argument else match.end()
                    yield (False, False, False, False)
            elif sep == "`":
                while backtick and len(stack) > backtick_depth:  # what opened in them closes with them
                    entry = stack.pop()
                    if entry is None or (isinstance(entry, OldGroup) and entry.substitution):
                        yield (False, False, False, False)
                    if isinstance(entry, OldGroup):
                        entry.captured = True
                        yield "{" if entry.brace else "("
                backtick, backtick_depth = not backtick, len(stack)
                # backticks among a command's words are an argument as a "$(" is: the whole of the command so far, they end it
                backtick_argument = match.start() == redirect_end or continuing or after_arguments
                closes_argument, argument_backticks = not backtick and argument_backticks, backtick_argument if backtick else argument_backticks
                yield (backtick, had_words, piped, False, "", backtick and had_words and rewritten)
            piped = sep == "|" and (subshell_closed or word_end > edge)
            stdin, diverted, redirected, continuing, written, here, here_unquoted = None, False, False, closes_argument, None, None, False
            rewritten = False
            if case_word is not None and ((sep == ")" and len(stack) == case_word[4]) or (sep == "`" and case_word[4] < 0)):
                words, raw, start, piped = case_word[0], case_word[1], case_word[2], case_word[3]
                if sep == "`" and raw[-1] == "case":
                    words, raw = [*words, "`...`"], [*raw, "`...`"]
                else:
                    words[-1] += "(...)" if sep == ")" else "`...`"
                    raw[-1] += "(...)" if sep == ")" else "`...`"
                glued, case_word, continuing = match.end(), None, False
    if closing is not None:
        closing.diverted, closing.captured, closing.stdin = diverted, closing.substitution or (captured() and not grouped()), stdin
        yield "("
    if words:
        yield from command_items(shell_reader.ShellCommand(words, piped, start, stdin, diverted, bool(stack) and stack[-1] == "pattern", captured(), continuing, written, grouped()))
        if stack and isinstance(stack[-1], OldGroup) and stack[-1].brace and words == [stack[-1].closer]:
            closed = stack.pop()
            closed.diverted, closed.captured, closed.stdin = diverted, captured() and not grouped(), stdin  # type: ignore[union-attr]
            yield "{"
        yield from substituted()
    elif continuing and (diverted or stdin is not None):
        continued_words = shell_reader.ShellCommand([], piped, start, stdin, diverted, False, captured(), True, grouped=grouped())
        yield from (continued_words,) if stack and stack[-1] == "pattern" else command_items(continued_words)


def old_output(pipeline: list[shell_reader.ShellCommand | OldGroup | OldGroupInput]) -> tuple[str, str | shell_reader.HereDocument | shell_reader.InputFile | OldGroup, list[str], bool] | None:
    # (writer, what it wrote, the filters after it, redirected on the way) for the end of a pipeline
    filters: list[str] = []
    diverted = False
    for producer in reversed(pipeline):  # back from the consumer, through the filters, to the writer
        if isinstance(producer, OldContinued):
            extended = old_extended(producer)
            # its words and input are its own, or echo's after a substitution not in echo's words (A=1 x=$(date) echo ...)
            if extended is not None and not (old_writes_on(extended[-1], ("echo", "printf")) and old_writes_before(producer)):
                written = old_output(extended)
                return None if written is None else (written[0], written[1], filters + written[2], diverted or written[3])
            written = old_output(producer.before)
            if written is None:
                return None
            text = written[1]
            if producer.words and written[0] == "echo ..." and isinstance(text, str) and isinstance(producer.before[-1], (OldSubstituted, OldContinued)):
                text = f"{text} {' '.join(producer.words)}"
            elif written[0] == "printf ..." and not written[2] and (values := old_printf_values(producer)) is not None:
                text = stdin_secrets._printf_text(list(values), 0)  # printf's format writes them too
            return written[0], text, filters + written[2], diverted or written[3] or producer.diverted
        if isinstance(producer, OldSubstituted):
            written = old_substituted_output(producer)
            return None if written is None else (written[0], written[1], filters + written[2], diverted or written[3])
        if isinstance(producer, OldGroup):
            return ("", producer, filters, diverted or producer.diverted)
        if isinstance(producer, OldGroupInput):
            return ("<<...", producer.text, filters, diverted)
        program = old_program(producer.words)
        diverted = diverted or producer.diverted
        if (printed := stdin_secrets.printed_text(producer.words, program)) is not None:
            return f"{printed[0]} ...", printed[1], filters, diverted
        if (copied := stdin_secrets.copied_input(producer, program)) is not None:
            return f"{program[1]} <<...", copied, filters, diverted  # type: ignore[index]
        if program is None or producer.stdin is not None or not producer.piped or not stdin_secrets.copies_its_input(producer.words, program):
            return None
        filters.append(program[1])
    return None


def old_substituted_output(written: OldSubstituted) -> tuple[str, str | shell_reader.HereDocument | shell_reader.InputFile | OldGroup, list[str], bool] | None:
    # the command a substitution is in writes after it ran: echo and printf their words with its output in
    # them (the rule, shared: with_substituted_output), any other command its own output (tee: its input)
    if written.silent and not written.quoted and written.writer and not old_writes_on(written.writer[-1], ("echo", "printf")):
        extended = old_extended(written)  # cat <<EOF $(true): cat, no word in its place
        return old_output(extended) if extended is not None else None
    outer = old_output(written.writer)
    if outer is None or outer[0] not in ("echo ...", "printf ...") or outer[2]:
        return outer
    if written.silent:
        return (outer[0], stdin_secrets.with_substituted_output(old_printed(written, outer), c.NO_OUTPUT, written.quoted).text, [], outer[3])
    last = old_output(written.last)
    if last is None or isinstance(last[1], OldGroup):  # not known, or a group's output: the writer's own words
        return outer
    given = stdin_secrets.PipeInput(last[0], last[1], last[3], last[2][0] if last[2] else "", len(last[2]))  # type: ignore[arg-type]
    printed = stdin_secrets.with_substituted_output(old_printed(written, outer), given, written.quoted)
    return last if printed is given else (outer[0], printed.text, [], outer[3])


def old_printed(written: OldSubstituted, outer: tuple[str, Any, list[str], bool]) -> stdin_secrets.PipeInput:
    # what echo or printf (``outer``: the output of the writer's pipeline) wrote before the substitution, printf's values with it
    values = old_printf_values(written.writer[-1]) if outer[0] == "printf ..." else None
    return stdin_secrets.PipeInput(outer[0], outer[1], outer[3], values=values)


def old_printf_values(producer: Any) -> tuple[str, ...] | None:
    # printf's format and values at a pipeline's end: its words, a substitution's output in place (the rule,
    # shared: with_substituted_output), the words after it; None for another writer (the bound of
    # c._ECHO_TEXT_GROWN is left out: the scripts here stay far below it)
    if isinstance(producer, shell_reader.ShellCommand):
        program = old_program(producer.words)
        return stdin_secrets.printf_values(producer.words, program) if program is not None and program[1] == "printf" else None
    if isinstance(producer, OldContinued):
        if not old_writes_before(producer):  # A=1 x=$(date) printf ...: printf's words are all after it
            extended = old_extended(producer)
            return old_printf_values(extended[-1]) if extended is not None else None
        values = old_printf_values(producer.before[-1]) if producer.before else None
        return None if values is None else (*values, *producer.words)
    if not isinstance(producer, OldSubstituted):
        return None
    outer = old_output(producer.writer)
    if outer is None or outer[0] != "printf ..." or outer[2]:
        return None
    last = old_output(producer.last)
    printed = old_printed(producer, outer)
    if producer.silent:
        return stdin_secrets.with_substituted_output(printed, c.NO_OUTPUT, producer.quoted).values
    if last is None or isinstance(last[1], OldGroup):
        return printed.values
    given = stdin_secrets.PipeInput(last[0], last[1], last[3], last[2][0] if last[2] else "", len(last[2]))  # type: ignore[arg-type]
    return stdin_secrets.with_substituted_output(printed, given, producer.quoted).values


def old_shown(writer: str, filters: list[str]) -> str:
    if filters:
        writer += " | " + ("... | " if len(filters) > 1 else "") + filters[0]
    return writer


def old_stdin_secret(pipeline: list[shell_reader.ShellCommand | OldGroup | OldGroupInput], consumer: shell_reader.ShellCommand, skipped: int = 0) -> str | None:
    # which programs read a secret from stdin, and how (sudo -S: its first line), which filters copy
    # their input unchanged, are shared; ``pipeline``: the commands before the consumer in its pipe;
    # ``skipped``: the lines of that input read before it (read x), dropped as the model drops them
    read = stdin_secrets.stdin_reader(consumer.words, old_program(consumer.words))
    if read is None:
        return None
    name, command, user_colon, first_line = read
    if consumer.stdin is not None:
        found = stdin_secrets._input_holds_secret(consumer.stdin, user_colon, first_line)
        return f'passes a secret to "{name}" on its input ({command} <<...)' if found else None
    output = old_output(pipeline)
    if output is None:
        return None
    writer, text, filters, diverted = output
    parts = tuple(text.parts) if isinstance(text, OldGroup) else None
    left: stdin_secrets.PipeInput | None = stdin_secrets.PipeInput(writer, "" if isinstance(text, OldGroup) else text, diverted, parts=parts)
    for _ in range(skipped):
        left = stdin_secrets.after_first_line(left) if left is not None else None
    if left is None:
        return None
    if not isinstance(text, OldGroup):
        if not stdin_secrets._input_holds_secret(left.text, user_colon, first_line):
            return None
        if not filters and isinstance(pipeline[-1], OldGroupInput):  # read straight from its group's redirection
            return stdin_secrets.group_input_message(name, "{" if pipeline[-1].brace else "(", command)
        return stdin_secrets.piped_secret_message(name, old_shown(writer, filters), command, diverted)
    part = stdin_secrets.secret_part(left.parts or (), user_colon, first_line)
    if part is None:
        return None
    inner = part.shown()
    if text.file == "< <(" and not filters:  # cmd < <(...)
        return stdin_secrets.process_input_message(name, inner, command, diverted or part.diverted)
    shown = {"< <(": inner, "cat <(": "cat <(" + inner + ")"}.get(text.file, "{ " + inner + "; }" if text.brace else "(" + inner + ")")
    return stdin_secrets.piped_secret_message(name, old_shown(shown, filters), command, diverted or part.diverted)


def old_secret_read(
    pipeline: list[shell_reader.ShellCommand | OldGroup | OldGroupInput], consumer: shell_reader.ShellCommand, skipped: int = 0
) -> stdin_secrets.SecretRead | None:
    # the text the consumer takes as its secret from its own redirection or a literal piped to it (the rule, shared: secret_read)
    if consumer.stdin is not None:
        return stdin_secrets.secret_read(None, consumer, old_program(consumer.words))
    if (output := old_output(pipeline)) is None:
        return None
    if isinstance(output[1], OldGroup):  # a group's output: its known parts'
        parts = stdin_secrets.PipeInput("", "", output[3], parts=tuple(output[1].parts))
        return stdin_secrets.secret_read(parts, consumer, old_program(consumer.words)) if not skipped else None
    left: stdin_secrets.PipeInput | None = stdin_secrets.PipeInput(output[0], output[1], output[3])
    for _ in range(skipped):
        left = stdin_secrets.after_first_line(left) if left is not None else None
    return stdin_secrets.secret_read(left, consumer, old_program(consumer.words))


def old_part(groups: list[OldGroup], pipeline: list[shell_reader.ShellCommand | OldGroup | OldGroupInput]) -> None:
    # what the pipeline that just ended writes, added to the output of the group around it
    if not groups or not pipeline:
        return
    last = pipeline[-1]
    while isinstance(last, (OldSubstituted, OldContinued)):  # a writer's words with a substitution: that writer's, once all read
        if not (last.writer if isinstance(last, OldSubstituted) else last.before):
            return
        last = last.writer[-1] if isinstance(last, OldSubstituted) else last.before[-1]
    if isinstance(last, OldGroupInput) or (last.captured and not (isinstance(last, shell_reader.ShellCommand) and last.grouped)):  # $(...)'s output: captured, not the group's (a group's input ends no pipeline)
        return
    if isinstance(last, shell_reader.ShellCommand):
        program = old_program(last.words)
        if c.writes_nothing(last.words, program):
            return
    output = old_output(pipeline)
    if output is None:
        if not (isinstance(last, shell_reader.ShellCommand) and last.diverted):
            groups[-1].parts.append(None)
        return
    writer, text, filters, diverted = output  # written to a redirection: kept, diverted (the rule, shared: secret_part)
    if isinstance(text, OldGroup):
        groups[-1].parts.extend(part._replace(diverted=True) if diverted and part is not None else part for part in text.parts)
    else:
        through = filters[0] if filters else ""
        groups[-1].parts.append(stdin_secrets.PipeInput(writer, text, diverted, through, len(filters)))  # type: ignore[arg-type]


def old_given_a_file(writer: list[Any], group: OldGroup, kind: str) -> tuple[list[Any], shell_reader.ShellCommand | None]:
    # (the pipeline after a <(...) among a command's words closed, the command reading it as its input): that command
    # given the group of its commands' output as its input, cat copying it after the files before it (one not known:
    # None), or another command as it was
    if kind == "replaced":  # a later redirection of the command's input replaces the file: nothing read of it
        return writer, None
    last = writer[-1]
    if isinstance(last, OldGroup) and last.file == "cat <(":  # after another <(...) among cat's words
        copied = OldGroup(False, False)
        copied.file, copied.parts, copied.diverted = "cat <(", [*last.parts, *group.parts], last.diverted
        return [copied], None
    extended = writer if isinstance(last, shell_reader.ShellCommand) else old_extended(last) if isinstance(last, (OldSubstituted, OldContinued)) else None
    if extended is None or not isinstance(extended[-1], shell_reader.ShellCommand):
        return writer, None
    command = extended[-1]
    program = old_program(command.words)
    if kind == "input":
        group.file = "< <("
        consumer = command._replace(piped=True, stdin=None)
        return [group, consumer], consumer
    if program is None or program[1] != "cat" or stdin_secrets.sudo_stdin_option(command.words, program) is not None:
        return writer, None
    operands = command.words[program[0] + 1 :]
    if any(word[:1] == "-" and word not in ("-", "--", "-u") for word in operands):
        return writer, None  # cat -n: numbered, not as written
    copied = OldGroup(False, False)
    copied.file, copied.diverted = "cat <(", command.diverted
    copied.parts = [*(None for word in operands if word not in ("--", "-u")), *group.parts]
    return [copied], None


def old_writes_before(continued: OldContinued) -> bool:
    # the command a continued part's words extend was echo or printf before them: they are more of its words
    return bool(continued.before) and old_writes_on(continued.before[-1], ("echo", "printf"))


def old_writes_on(command: Any, writers: tuple[str, ...] = ("echo", "printf", "tee", "cat")) -> bool:
    if isinstance(command, OldGroup) and command.file == "cat <(":  # cat's words after a <(...)
        return "cat" in writers
    if isinstance(command, OldContinued):  # the command its words extend, its program read again (A=1 x=$(date) echo ...: echo)
        extended = old_extended(command)
        if extended is not None:
            return old_writes_on(extended[-1], writers)
        return old_writes_on(command.before[-1], writers) if command.before else False
    if isinstance(command, OldSubstituted):
        return old_writes_on(command.writer[-1], writers) if command.writer else False
    program = old_program(command.words) if isinstance(command, shell_reader.ShellCommand) else None
    return program is not None and program[1] in writers


def old_last_inputs(items: list[Any]) -> list[Any]:
    # bash opens a command's input redirections left to right, the last one wins: a <(...) read as the
    # input ("input") that the command's words after it redirect again (a here-string, a here-document,
    # < FILE, another < <(...)) is "replaced"
    marked = list(items)
    for at, item in enumerate(items):
        if type(item) is not tuple or not item[0] or len(item) < 5 or item[4] != "input":
            continue
        depth, replaced = 0, False
        for index in range(at, len(items)):
            later = items[index]
            if type(later) is tuple:
                if later[0] and depth == 0 and index > at and len(later) > 4 and later[4] == "input":
                    replaced = True
                    break
                depth += 1 if later[0] else -1
                if depth < 0:
                    break
            elif depth == 0:
                if not (isinstance(later, shell_reader.ShellCommand) and later.continued):
                    break
                if later.stdin is not None:
                    replaced = True
                    break
        if replaced:
            marked[at] = (*item[:4], "replaced")
        # the command whose words come before it reads that file, not a pipe, its group's input nor a
        # redirection before it: its words' own input (a continued part of them: none of its own)
        depth = 0
        for index in range(at - 1, -1, -1):
            earlier = marked[index]
            if type(earlier) is tuple:
                depth += -1 if earlier[0] else 1
                if depth < 0:
                    break
            elif depth == 0:
                if not isinstance(earlier, shell_reader.ShellCommand):
                    break
                marked[index] = earlier._replace(stdin=None if earlier.continued else shell_reader.InputFile("<(...)"))
                if not earlier.continued:
                    break
    return marked


def old_script_findings(names: Names, script: str, depth: int = 0) -> Iterator[tuple[int, str, str]]:
    pipeline: list[shell_reader.ShellCommand | OldGroup | OldGroupInput] = []
    groups: list[OldGroup] = []
    feed: list[shell_reader.ShellCommand | OldGroup | OldGroupInput] | None = None  # the pipeline into a group, until one of its commands reads it
    feeding: OldGroup | None = None  # that group
    feed_substitutions = 0  # the substitutions open around that group: a command in one opened in it is not its reader
    feed_read = 0  # the lines of the feed read so far (read x), left out for the next reader
    first = False  # the next command is a group's first
    # the input of the command each open substitution is in, and its lines read so far
    inherited: list[tuple[list[shell_reader.ShellCommand | OldGroup | OldGroupInput], int] | None] = []
    held: list[tuple[int, str, str]] = []  # the findings of the pipeline so far (the rule, shared: in_secret_read)
    message_span = (0, 0)  # the lines of the here-document cat last copied to the terminal (the judgement, shared: _copies_a_message)
    document_read: stdin_secrets.SecretRead | None = None  # a here-document's lines a reader took: its lines read as commands are that secret
    last_skipped = 0  # the lines of its input read before the last command (read x)
    inheriting = False  # the item before opened a substitution given a pipeline: its first command reads it
    substituted_in: list[list[Any] | None] = []  # for each open substitution, the pipeline up to the command whose words it is in
    quoted_in: list[bool] = []  # and whether it is a "$(...)" of those words
    # what the substitutions in a command's words so far left of its input (an ``inherited`` entry): the next one's
    words_left: tuple[list[shell_reader.ShellCommand | OldGroup | OldGroupInput], int] | None = None
    words_go_on = False  # a substitution in a command's words closed: the words after it are that command's (OldContinued)
    # the held findings a reader's secret may be (the rule, shared: _readers_findings): from the first command
    # given its group's input that leaves it on, its own and after are not; a pipeline in the group, from its start
    kept_from: int | None = None
    pipeline_from, pipeline_reads_held = 0, True
    silent: list[bool] = []  # for each open substitution, whether every command run in it so far printed nothing
    files_in: list[str] = []  # for each open substitution, its file's kind for a <(...) among a command's words, else ""
    git_keys: dict[str, str] = {}  # GIT_CONFIG_KEY_<n> set by the commands so far (the rule, shared: git_config_env_words_problems)
    written_until = -1  # where the here-document a command last wrote into a file ends: one inside it is that file's text
    written_by = -1  # where the command that wrote it starts
    document_written: stdin_secrets.SecretRead | None = None  # that here-document, while no reader took another
    document_closed = -1  # where its delimiter's line ends: its lines (< <(tee FILE <<EOF ...)) end no pipeline

    def writer_pending() -> bool:  # the first item in a substitution in a command's words: that command writes once its words are read
        return bool(substituted_in) and substituted_in[-1] is not None and pipeline == substituted_in[-1]

    resume: OldGroup | None = None  # a here-string's subshell just closed, piped into the words after a substitution
    here_group: OldGroup | None = None  # that subshell, for those words (an OldContinued given its output)
    for command in old_last_inputs(list(old_shell_commands(script))):  # a group's redirection, read at its close, set before its commands are judged
        here_group = None
        if resume is not None and resume.resume is not None:
            if isinstance(command, shell_reader.ShellCommand) and command.continued and command.piped:
                pipeline, words_left = resume.resume
                words_go_on, here_group = True, resume
            resume = None
        group_fed = first and feed is not None and len(inherited) == feed_substitutions  # echo ... | ( sudo -S id )
        # a substitution in the words of echo, printf, tee or cat, and what runs in it, continue its pipeline
        continued = isinstance(command, shell_reader.ShellCommand) and command.continued and words_go_on
        in_words = any(writer and old_writes_on(writer[-1]) for writer in substituted_in) or continued or (
            type(command) is tuple and command[0] and command[1] and bool(pipeline) and (words_go_on or isinstance(pipeline[-1], shell_reader.ShellCommand)) and old_writes_on(pipeline[-1])
        ) or (isinstance(command, str) and bool(pipeline) and isinstance(pipeline[0], (OldSubstituted, OldContinued)) and old_writes_on(pipeline[0]))
        given_held = isinstance(command, shell_reader.ShellCommand) and not command.pattern and (
            (feed is not None and len(inherited) == feed_substitutions and (first or not command.piped))
            or (command.captured and not command.piped and bool(inherited) and inherited[-1] is not None and not (groups and groups[-1].piped_level == len(inherited)))
        )
        if (held or kept_from is not None) and not given_held and not in_words and not (
            (isinstance(command, shell_reader.ShellCommand) and not command.pattern and (command.piped or group_fed or inheriting))
            or (isinstance(command, OldGroup) and ((command.piped and not command.substitution) or (command.substitution and inheriting)))
            or (isinstance(command, str) and bool(groups) and not groups[-1].substitution)  # a group closes: its output may be piped on
            or (isinstance(command, shell_reader.ShellCommand) and bool(groups) and groups[-1].brace and command.words == [groups[-1].closer])
            or (type(command) is tuple and command[0] and (words_left is not None if command[1] and words_go_on else pipeline[:-1] if command[1] else pipeline if command[2] else []))  # echo ... | x=$( sudo -S id )
            or (type(command) is tuple and not command[0] and bool(files_in) and files_in[-1] == "input" and substituted_in[-1] is not None)  # cmd < <(echo ...)
            or (isinstance(command, shell_reader.ShellCommand) and document_read is document_written and document_read is not None and document_read.start <= command.start <= document_closed)
        ):
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
        inheriting = inheriting and isinstance(command, OldGroup) and command.substitution  # the $( of x=$(: its first command next
        if silent and not (
            type(command) is tuple
            or (isinstance(command, shell_reader.ShellCommand) and c.prints_nothing(command))
            or (isinstance(command, OldGroup) and command.substitution)  # the old split's "$(" and its close
            or (isinstance(command, str) and bool(groups) and groups[-1].substitution)
        ):
            silent[-1] = False  # a group, or a command that may print
        if type(command) is tuple:  # a substitution opens or closes (a ShellCommand is a NamedTuple)
            opens, after_words, piped, quoted = command[:4]
            if opens:
                silent.append(True)
                unfed = len(command) > 5 and command[5]  # type: ignore[misc]
                given = [] if unfed else pipeline[:-1] if after_words else list(pipeline) if piped else []
                inherited.append((given, last_skipped if after_words else 0) if given else None)  # the lines its command's input lost before it
                if after_words and words_go_on:  # after another in the same words: what that one left
                    inherited[-1] = words_left
                inheriting = inherited[-1] is not None
                in_a_command = after_words and pipeline and (words_go_on or isinstance(pipeline[-1], shell_reader.ShellCommand))
                substituted_in.append(list(pipeline) if in_a_command else None)
                quoted_in.append(quoted)
                files_in.append(command[4] if len(command) > 4 else "")  # type: ignore[misc]
                if files_in[-1]:  # its commands write into its file, as into a subshell's output
                    file_group = OldGroup(False, False)
                    file_group.file, file_group.piped_level = "<(", groups[-1].piped_level if groups else -1
                    groups.append(file_group)
                    first, words_go_on, pipeline = True, False, []  # its first command starts a pipeline: "<( | cmd" has no writer
            elif inherited:
                left = inherited.pop()
                writer = substituted_in.pop()
                printed_nothing = silent.pop()
                kind = files_in.pop()
                if kind:
                    old_part(groups, pipeline)
                    file_group = groups.pop()
                    pipeline, consumer = old_given_a_file(writer, file_group, kind) if writer is not None else ([file_group], None)
                    stdin = old_stdin_secret(pipeline[:-1], consumer) if consumer is not None else None
                    if stdin and consumer is not None:  # sudo -S id < <(echo ...)
                        secret = old_secret_read(pipeline[:-1], consumer)
                        if secret is not None and stdin_secrets.in_the_script(secret, script):
                            if secret.start >= 0:
                                held = old_write_dropped(held, secret, document_read, written_by)  # < <(tee FILE <<EOF ...)
                                document_read = secret
                            else:
                                held = [finding for finding in held if not stdin_secrets.in_secret_read(finding[2], secret)]
                        yield from held
                        held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
                        yield consumer.start, stdin, ""
                elif writer is not None and pipeline != writer:
                    pipeline = [OldSubstituted(writer, pipeline, printed_nothing, quoted_in[-1])]
                quoted_in.pop()
                if writer is not None:
                    words_left = left
                words_go_on = words_go_on or writer is not None
            continue
        if continued:  # echo ... $(date) MORE: more words of echo's
            pipeline = [OldContinued(list(pipeline), command.words, command.diverted, command.stdin)]  # type: ignore[union-attr]
            reader = old_extended(pipeline[0])  # type: ignore[arg-type]
            stdin = old_stdin_secret([], reader[-1]) if reader is not None and command.stdin is not None else None  # type: ignore[union-attr]
            if here_group is not None and reader is not None:  # sudo -S id $(date) <<< "$(echo ...)": its subshell's output
                stdin = old_stdin_secret([here_group], reader[-1])
            if stdin and reader is not None:  # sudo -S id $(date) <<< ...: the reader's own input
                if here_group is not None:
                    secret = old_secret_read([here_group], reader[-1])
                else:
                    secret = stdin_secrets.secret_read(None, reader[-1], old_program(reader[-1].words))
                if secret is not None and stdin_secrets.in_the_script(secret, script):
                    if secret.start >= 0:
                        held = old_write_dropped(held, secret, document_read, written_by)
                        document_read = secret
                    else:
                        held = [finding for finding in held if not stdin_secrets.in_secret_read(finding[2], secret)]
                yield from held
                held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
                yield reader[-1].start, stdin, ""
            held += [
                (command.start, problem, word)  # type: ignore[union-attr]
                for word, problem in old_without_messages(names, script, command, message_span, old_without_code_arguments(script, command.start, old_judged(names, command, depth, git_keys, script=script)))  # type: ignore[union-attr, arg-type]
                if document_read is None or not stdin_secrets.in_secret_read(word, document_read, command.start)  # type: ignore[union-attr]
            ]
            continue
        if isinstance(command, OldGroup):  # opens
            if command.here and words_go_on:
                command.resume = (list(pipeline), words_left)
            words_go_on = words_go_on and command.substitution
            if command.stdin is not None and not command.substitution:  # its own here-document or here-string, over a pipe into it (a file: nothing)
                own: list[shell_reader.ShellCommand | OldGroup | OldGroupInput] | None = None
                if not isinstance(command.stdin, shell_reader.InputFile):
                    own = [OldGroupInput(command.brace, command.stdin)]
                feed, feeding, feed_read, feed_substitutions = own, command if own else None, 0, len(inherited)
                command.piped_level = len(inherited)
            elif command.piped and not command.substitution and pipeline:  # (a piped "$(" after words: its commands inherit the input; "(|(": no writer, no pipe)
                feed, feeding, feed_read, feed_substitutions = list(pipeline), command, 0, len(inherited)
                command.piped_level = len(inherited)
            elif groups:
                command.piped_level = groups[-1].piped_level
            if not command.piped and not writer_pending():
                old_part(groups, pipeline)
            if not command.piped or not command.brace or (command.stdin is not None and not command.substitution):  # a subshell's first command is not piped
                pipeline = []
            groups.append(command)
            first = True
            continue
        if isinstance(command, str):  # closes
            old_part(groups, pipeline)
            closed = groups.pop()
            resume = closed
            closed.captured = closed.captured and not (files_in and files_in[-1])  # in <(...): written into its file
            words_go_on = words_go_on and closed.substitution
            if not (closed.substitution and pipeline and isinstance(pipeline[0], (OldSubstituted, OldContinued))):  # $( after words: its command writes
                pipeline = [closed]
            if closed is feeding:
                feed = feeding = None
            continue
        words_go_on = False
        if command.pattern:
            if not writer_pending():
                old_part(groups, pipeline)
            pipeline = []
            for word, problem in old_command_problems(names, command.words, depth, pattern=True):
                yield command.start, problem, word
            continue
        if not command.piped:
            if not writer_pending():
                old_part(groups, pipeline)
            pipeline = []
        skipped = last_skipped = 0
        was_piped = command.piped
        if feed is not None and len(inherited) == feed_substitutions and (first or not command.piped):  # reads what is piped into its group
            if not command.piped or first:  # (first and piped: "{ cmd", the group piped into or given its own input)
                pipeline, command = list(feed), command._replace(piped=True)
            skipped = feed_read
            if not c.leaves_its_input(command, old_program(command.words)):
                if (taken := stdin_secrets.lines_read(command.words, old_program(command.words))) is None:
                    feed = feeding = None
                feed_read += taken or 0
        elif command.captured and not command.piped and inherited and inherited[-1] is not None and not (groups and groups[-1].piped_level == len(inherited)):  # x=$(sudo -S id)
            given, skipped = inherited[-1]
            pipeline, command = list(given), command._replace(piped=True)
            if not c.leaves_its_input(command, old_program(command.words)):
                taken = stdin_secrets.lines_read(command.words, old_program(command.words))
                inherited[-1] = (given, skipped + taken) if taken is not None else None
        if given_held:
            leaves = c.leaves_its_input(command, old_program(command.words))
            kept_from = len(held) if leaves and kept_from is None else kept_from
            pipeline_from, pipeline_reads_held = len(held), not leaves
        first, last_skipped = False, skipped
        stdin = old_stdin_secret(pipeline, command, skipped)
        secret = old_secret_read(pipeline, command, skipped) if stdin else None
        teed = old_teed(pipeline, command, skipped)  # echo -n ... | tee FILE: the literal tee writes into its files
        pipeline.append(command._replace(captured=False) if files_in and files_in[-1] else command)  # in <(...): written into its file
        if stdin:
            if secret is not None and stdin_secrets.in_the_script(secret, script):
                if secret.start >= 0:  # here-document lines, read as commands after it
                    held = old_write_dropped(held, secret, document_read, written_by)  # cat <<EOF > FILE | reader
                    document_read = secret
                else:
                    below, above = c._readers_findings(len(held), given_held, was_piped, kept_from, pipeline_from, pipeline_reads_held)
                    held = [finding for at, finding in enumerate(held) if not ((at < below or at >= above) and stdin_secrets.in_secret_read(finding[2], secret))]
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
            yield command.start, stdin, ""
        if isinstance(command.stdin, shell_reader.HereDocument) and c._copies_a_message(script, command, old_program(command.words)):
            message_span = command.stdin.lines.written(command.stdin)
        # a here-document written into a file (cat > config.json <<EOF), not inside one written before: its text is
        # that file's (the judgement, shared: _document_written), its lines taken as the writer's when it holds a secret
        document = c._document_written(command, old_program(command.words), written_until, teed)
        if document is not None:
            written_until = document.end
        if teed is not None and isinstance(teed.text, str) and c._written_words_reported(held, teed.text):
            teed = None  # echo DB_PASSWORD=... | tee app.env: echo's words reported, the file not judged again
        own = [
            (command.start, problem, word)
            for word, problem in old_without_messages(names, script, command, message_span, old_without_code_arguments(script, command.start, old_judged(names, command, depth, git_keys, document, teed, script)))
            if document_read is None or not stdin_secrets.in_secret_read(word, document_read, command.start)
        ]
        if (
            document is not None
            and any(problem.startswith(c.WRITES_A_SECRET) for _, problem, _ in own)
            and (document := c.document_placed(document, script, command.start)) is not None  # (the rule, shared: in "$(...)", found after it)
        ):
            written_until = max(written_until, document.end)
            document_read = document_written = document
            written_by = command.start
            document_closed = script.find("\n", document.end + 1) % (len(script) + 1)
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = own, None, 0, True  # a reader piped after it: its finding alone
            continue
        held += own
    yield from held


def old_without_messages(
    names: Names, script: str, command: shell_reader.ShellCommand, message_span: tuple[int, int], found: Iterator[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """A command's findings but, for an echo or printf writing a message or a line of a here-document
    cat copies to the terminal (``message_span``; the judgements, shared: _prints_a_message,
    _copies_a_message, _shows_how_to_set), its ``NAME=<placeholder>`` words showing how to set NAME."""
    program = wrappers.read_command(command.words)[0]
    in_a_message = message_span[0] <= command.start < message_span[1]
    if not in_a_message and (program is None or program[1] not in ("echo", "printf") or not c._prints_a_message(script, command)):
        yield from found
        return
    yield from ((word, problem) for word, problem in found if not c._shows_how_to_set(names, word, problem))


def old_without_code_arguments(script: str, start: int, found: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """A command's findings but its ``NAME=value`` words written as a keyword argument closing a call
    of code (the judgement, shared: closes_a_call_of_code), each looked for after the one before."""
    at = start
    for word, problem in found:
        written = script.find(word, at, at + c._WORD_READ + len(word)) if word[:1] != "-" and "=" in word else -1
        if written >= 0:
            at = written + len(word)
            if values.closes_a_call_of_code(script, written):
                continue
        yield word, problem


def old_teed(pipeline: list[Any], command: shell_reader.ShellCommand, skipped: int) -> stdin_secrets.PipeInput | None:
    # the literal piped into tee, which it writes into its files (the rule, shared: tee_fed): the pipeline's output
    # past the lines read before it, not a group's
    if command.stdin is not None or not command.piped or (output := old_output(pipeline)) is None or isinstance(output[1], OldGroup):
        return None
    left: stdin_secrets.PipeInput | None = stdin_secrets.PipeInput(output[0], output[1], output[3])  # type: ignore[arg-type]
    for _ in range(skipped):
        left = stdin_secrets.after_first_line(left) if left is not None else None
    return c.tee_fed(command, old_program(command.words), left)


def old_write_dropped(
    held: list[tuple[int, str, str]], secret: stdin_secrets.SecretRead, document_read: stdin_secrets.SecretRead | None, written_by: int
) -> list[tuple[int, str, str]]:
    # a reader taking the here-document a command wrote into a file: that command's write not reported again (the rule: one secret once)
    if document_read is None or written_by < 0 or secret.start != document_read.start:
        return held
    return [finding for finding in held if not (finding[0] == written_by and finding[1].startswith(c.WRITES_A_SECRET))]


def old_judged(
    names: Names,
    command: shell_reader.ShellCommand,
    depth: int,
    git_keys: dict[str, str],
    document: stdin_secrets.SecretRead | None = None,
    teed: stdin_secrets.PipeInput | None = None,
    script: str = "",
) -> list[tuple[str, str]]:
    # a command's words' problems, then the files it writes a secret into (.pgpass, config.json): judged by
    # the rule, shared, a file's text as a ConfigMap entry's only when its words hold no secret of their own
    found = list(old_command_problems(names, command.words, depth, git_keys=git_keys))
    found += [(word, problem) for _, word, problem in c._data_key_cut_at_semicolon(script, command)]  # 1.25.462: the rule, shared
    program = old_program(command.words)
    if program is None or (command.written is None and program[1] != "tee"):
        return found
    return found + [(word, problem) for problem, word in c._files_written(names, command, program, not found, document, teed)]


def old_command_problems(names: Names, words: list[str], depth: int = 0, pattern: bool = False, git_keys: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    program = None if pattern else old_program(words)
    printf_problem: str | None = None  # printf -v NAME's: its words after printf are that text, one secret (the rule, shared)
    judged = range(0)
    split = wrappers.split_string_at(words) if depth < c.NESTED_SCRIPTS and len(words) > 1 and not pattern else None  # also behind docker exec
    if split is not None:
        judged = range(split[0], split[2])  # watch's line: its words from the first on
        found: list[str] = []
        for _, nested, word in old_script_findings(names, split[1], depth + 1):
            found.append(nested)
            yield word, nested
        if split[2] - split[0] > 1:  # watch's words as watch -x runs them, what the line found once
            for word, problem in old_command_problems(names, words[split[0] : split[2]], depth + 1):
                if problem in found:
                    found.remove(problem)
                else:
                    yield word, problem
    option = c.shell_command_option(words, program[0] + 1) if program is not None else None
    if program is not None and program[1] in c.SHELLS and depth < c.NESTED_SCRIPTS and option is not None:
        at = option + 1
        if at < len(words):
            judged = range(at, at + 1)
            for _, nested, word in old_script_findings(names, words[at], depth + 1):
                yield word, nested
    if program is not None:  # python3 -m pip too, git config http.extraHeader's value: the rule, shared
        positional = programs.positional_secret(names, program[1], words, program[0] + 1)
        if positional is not None and c.shell_literal(words[positional[0]]) is not None:
            judged = range(positional[0], positional[0] + 1)
            yield words[positional[0]], positional[1]
    if program is not None and (assigned := stdin_secrets.printf_assignment(words, program)) is not None:  # printf -v NAME: the model, shared
        if names.sensitive(assigned[0]) and literal_secret(assigned[0], assigned[1]):
            printf_problem = f"sets {c.shown_flag(assigned[0], assigned=True)}"
            yield assigned[1], printf_problem
    code = c._interpreter_code_problems(names, words, program) if program is not None else []  # python -c CODE: the rule, shared
    if code:
        judged = {at for at, _, _ in code}  # type: ignore[assignment]
        yield from ((word, problem) for _, word, problem in code)
    yield from ((word, problem) for _, word, problem in c.git_config_env_words_problems(names, words, git_keys))  # GIT_CONFIG_VALUE_n: the rule, shared (the keys set before)

    def word_problems() -> Iterator[tuple[int, str, str]]:
        options = programs.program_options(program[1], words, program[0] + 1) if program else None
        pending_option: programs.Option | None = None
        pending_flag: str | None = None
        for index, word in enumerate(words):
            if index in judged:
                pending_flag = pending_option = None
                continue
            if options is not None and program is not None and index > program[0]:
                of_config = pending_option is not None and pending_option.value == "config"
                problem, pending_option, http_value = programs.option_problem(names, program[1], options, word, pending_option)
                if problem:
                    yield index, word.partition("=")[2] if of_config else word, problem
                    pending_flag = None
                    continue
                if http_value:
                    continue
            if pending_flag is not None and word[:1] != "-" and literal_secret(pending_flag, word):
                yield index, word, f"passes the value of {c.shown_flag(pending_flag)}"
                pending_flag = None
                continue
            if word[:1] in c._JSON_WORD_STARTS and (parameter := c.cfn_json_parameter_secret(names, word)):  # 1.25.562: a value judgement, shared
                yield index, word, f"sets {c.shown_flag(parameter)}"
                pending_flag = None
                continue
            if word[:1] != "-" and (assigned := old_nested_assignment(names, word)):
                yield index, word, f"sets {c.shown_flag(assigned)}"
                pending_flag = None
                continue
            if word[:1] != "-" and (key := c._inline_token_secret_key(word)):  # 1.25.462: a value judgement, shared
                yield index, word, f"sets {c.shown_flag(key)}"
                pending_flag = None
                continue
            if word[:1] != "-" and (key := old_auth_pair_assignment(word)):  # 1.25.485: a value judgement, shared
                yield index, word, f"sets {c.shown_flag(key)}"
                pending_flag = None
                continue
            if word[:1] != "-" and (held := old_neutral_assignment_credentials(names, word)):  # 1.25.349: a value judgement, shared
                yield from ((index, word, problem) for problem in held)
                pending_flag = None
                continue
            flag = c._FLAG.match(word) if word[:2] == "--" or (word[:1] == "-" and c._names_a_flag(word[1:])) else None
            if flag is not None and program is not None and flag.group(1) in programs.PROGRAM_NEUTRAL_FLAGS.get(program[1], ()):
                flag = None
            if flag is not None and (word[:2] == "--" or c._DEFINE.match(word[1:])) and (value := flag.group(2)) is not None:  # --name=, -DNAME=
                if names.sensitive(c._flag_name(flag)) and literal_secret(c._flag_name(flag), value):
                    yield index, word, f"sets {c.shown_flag(word.split('=', 1)[0], assigned=True)}"
                elif inner := old_nested_assignment(names, value) or c.cfn_json_parameter_secret(names, value):  # (1.25.562, shared)
                    yield index, word, f"sets {c.shown_flag(word.split('=', 1)[0] + '=' + inner)}"
            pending_flag = word if flag and flag.group(2) is None and names.sensitive(flag.group(1)) else None


    for index, word, problem in word_problems():
        if printf_problem is None or program is None or index <= program[0] or problem != printf_problem:
            yield word, problem


NAMES = Names.of((), ())


def assert_same(script: str) -> None:
    """Both splits find the same problems at the same offsets (compared whole; a failure shows
    only the script's length, never a finding's word)."""
    new, old = list(c.script_findings(NAMES, script)), list(old_script_findings(NAMES, script))
    assert new == old, f"script_findings differs on a script of {len(script)} characters"
    assert [(o, p) for o, p in c.script_problems(NAMES, script)] == [(o, p) for o, p, _ in old], "script_problems differs"


# --- real scripts ---------------------------------------------------------------------------------


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _scripts(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        try:
            documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8", errors="replace")))
        except yaml.YAMLError:
            continue
        for document in documents:
            found.update(text for text in _strings(document) if " " in text or "\n" in text)
    return found


def test_same_findings_on_the_texts_of_the_policy_cases_and_the_shared_corpus(shared_dir: Path) -> None:
    paths = sorted(p for p in (REPO / "policies").glob("*/cases/*") if p.suffix in (".yaml", ".yml"))
    paths += sorted(p for p in shared_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    scripts = sorted(_scripts(paths))
    count = len(scripts)
    assert count > 100
    found = 0
    for script in scripts:
        assert_same(script)
        found += bool(list(old_script_findings(NAMES, script)))
    assert found > 20  # scripts with secrets are among them


# --- generated scripts ----------------------------------------------------------------------------

_PIECES = (
    "mysql", "-p", "-pS3cr3tpw", "--password", "--password=hunter2x", "--password-stdin", "docker", "login", "-u", "user:pa55word",
    "curl", "-H", "'Authorization: Bearer abcdefghijklmnop1234'", "sh", "bash", "-c", "'mysql -pS3cr3tpw'", '"redis-cli -a pw99x"',
    "env", "timeout", "10", "kubectl", "exec", "pod", "--", "echo", "printf", "'%s'", "-n", "chpasswd", "root:pw123x", "vault",
    "rabbitmqctl", "add_user", "app", "s3cretpw", "PGPASSWORD=hunter2x", "A=b", "--set", "db.password=pw12x", "--token", "tok3nvalue",
    "$(", ")", "$(cat /run/secrets/pw)", "${PW}", "$PW", "`", "|", "||", "&&", ";", "&", "(", "{ ", "; }", "\n", " ", " ", " ", "\t", "\\\n",
    "<<EOF\n", "<<-EOF\n", "EOF", "\tEOF", "<<<", "'pw4567x'", "<", "/dev/null", ">", "2>&1", ">&2", "&>", '"', "'", "=", "-", "if", "then", "do",
    "docker-compose", "compose", "run", "svc", "cat", "-S", "sudo", "-kS", "htpasswd", "-i", "-b", "passwd", "--stdin", "gh", "--with-token", "openssl", "-passin",
    "pass:pw1234x", "sshpass", "tee", "-u", "0<", "<>", "mongosh", "gosu", "su", "runuser", "flock", "watch", "-x", "--exec", "chroot", "/tmp/l", "-l", "--eval", "'db.createUser({user: \"a\", pwd: \"pw1234x\"})'", "-Dpassword=x1234567",
    "case", "$1", "in", "a)", "(a)", "*)", ";;", ";&", ";;&", "esac",
    "fi", "else", "for", "while", "until", "done", "break", "x=$(sudo -S id)", "log `sudo -kS id`", "echo pw12345x",
    'x="$(echo pw12345x | sudo -S id)"', '"$(mysql -pS3cr3tpw)"', '"`sudo -S id`"', "\"$(echo 'a b' \"$PW\" | docker login --password-stdin)\"",
    'x="$(echo "a b"; echo pw12345x | sudo -S id)"', '"$(mysql -uroot -pS3cr3tpw -e "select 1")"', '"$(echo pw12345x | (sudo -S id))"', "| (sudo -S id)",
    '"$(echo "a b" | ', '"$( ', '"`echo "a b" | ',
    "; } <<EOF\n", ") <<EOF\n", "; done <<EOF\n", "; } <<< pw12345x", ") < /dev/null", "read x;",
    'x="$( sudo -S id )"', "x=`sudo -S id`", "echo PGPASSWORD=hunter2x",
    "$(date)", "'%s\\n'", "'%s %s\\n'", '"root:$(echo pw12345x)"', "$(echo pw12345x)",
    "$(true)", "`true`", '"$(true)"', "$(cd /x)", "$(x=1)", "$(date > /dev/null)", "$(umask)", "echo PASSWORD=pw12345x", ") |",
    "`date`", "x`date`", "`echo pw12345x`", "> `mktemp`", "2>`mktemp`", "$(date) > /dev/null", "`date` >&2",
    '<<< "$(echo pw12345x | tee /tmp/t)"', '<<< "$(echo pw12345x; date)"', '<<< "$( (echo pw12345x',
    'x=$(sudo -S id <<< "$(echo pw12345x)")', '"$(sudo -S id <<< "$(echo pw12345x)")"', '$(cat <<< "$(echo pw12345x; date)" |',
    '<<< $(echo pw12345x)', '<<< $(echo pw12345x | tee /tmp/t)',
    "connect(host=h, password=pw)", "f(a, PGPASSWORD=db_pw)", "python -c 'f(user=u, password=args.pw)'", "password=pw)", ",",
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_same_findings_on_generated_scripts(script: str) -> None:
    assert_same(script)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map(" ".join))
def test_same_findings_on_generated_command_lines(script: str) -> None:
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        "$(echo b)|sudo -S",  # the reader took echo's captured output for the pipe's (fixed: 1.25.126)
        "echo p(|sudo -S",  # a pipe right after an opening ( (a syntax error; the reader, 1.25.126)
        "echo\"a|(|(sudo -S",  # a group piped into from no command: the model read an empty pipe
        "(|(sudo -S))<<F\nc",  # the same, the outer group given a here-document (the model)
        "`echo b|(`sudo -S",  # a subshell left open in backticks (a syntax error; the reader, 1.25.127)
        "`echo\"a|{`sudo -S",  # a brace group left open in them (the reader)
        "`echo b|((`sudo -S",  # a subshell and an arithmetic ( left open in them (the model, once the reader closed them)
        '"`echo "a b" |  ( -p log `sudo -kS id` ',  # the divergence first seen (the reader)
        '""(echo"a|`)sudo -S',  # backticks left open in a substitution (the reader)
        '"$(echo "b"|for)"(sudo -S',  # a loop left open in a quoted substitution (the model)
        '"$(echo "b"|if)"(sudo -S',
        '"`echo"a|((`"`sudo -S',  # a subshell left open in one quoted substitution, the next one after it (the reader, 1.25.128)
        '"`echo"a|{``sudo -S`"',
        '"$(echo "b"|for)`sudo -S`"',
        "2>&1 $(echo b) | (sudo -S id)",  # a substitution naming the command after a redirection: no writer (the reader, 1.25.189)
        ">/dev/null $(echo pw12345x) | sudo -S id",
        "2>&1 x$(echo pw12345x) | sudo -S id",
        "echo a 2>&1 $(echo pw12345x) | sudo -S id",
        "echo pw12345x > $(mktemp) | sudo -S id",
        'echo "$(cat /run/secrets/pw" | sudo -S id',  # a quoted substitution left open
        '"$(echo "a b" | log `sudo -kS id`x="$( sudo -S id )"a)',  # a second substitution among a command's words took its input again, or (the model) none of what the first left (1.25.190)
        "echo a | log `sudo -S id` `sudo -S id`",
        'echo "a b" | log "$(sudo -kS id)" $( sudo -S id )',
        "echo pw12345x | log $(read -r x) $(sudo -S id)",
        "printf '%s\\n' a pw12345x | log $(read -r x) $(sudo -S id)",
        "echo pw12345x | log $(true) \"$(sudo -S id)\"",
        "echo PASSWORD=pw12345x | log $(true) $(docker login -u u --password-stdin r)",
        "echo pw12345x f(a) | sudo -S id",  # a ( after a word (a syntax error) closes as its command's whole: no writer after it (the model)
        "echo pw12345x connect(host=h, password=pw) | (sudo -S id)",
        "echo pw12345x f(a) | { sudo -S id; }",
        "echo pw12345x | cat (a) | (sudo -S id)",
        "echo a f(echo pw12345x) | sudo -S id",
        'echo "$PW" f(x) | sudo -S id )',
        "echo PASSWORD=pw12345x f(a) | docker login --password-stdin",
        "cat <<< pw12345x (a) | (sudo -S id)",  # a redirection before it, not next to it, makes no argument's ( (the model)
        "echo pw12345x > /dev/null f(a) | sudo -S id",
        "echo root:pw12345x >&2 docker (a) echo PASSWORD=pw12345x | sudo -S id",
        "<<< pw12345x connect(host=h, password=pw) echo PASSWORD=pw12345x | (sudo -S id)",
        "sudo &> /x -S ( echo pw12345x ) <<< pw12345x echo a | sudo -S id",
        # backquotes that are the whole of a command so far end it, as $(...) does (both missed the reader after them)
        "x=`sudo -S id` sudo -S id <<EOF\npw12345x\nEOF\n ",
        "x=`date` passwd<<EOF\npw12345x\nEOF\n `date` A=b",
        "x=`echo pw12345x`x=`date` passwd <<< pw12345x <<< pw12345x ",
        "`sudo -S id`x=`echo pw12345x` passwd x=`date`<<EOF\npw12345x\nEOF\n ",
        "x=`date`echo pw12345x | passwd ",
        "A=b x=`date` echo pw12345x | sudo -S id",
        "echo a > `mktemp` passwd <<< pw12345x",
        # after two assignments, the last one's value a substitution, the words after it are the command they are for, its
        # program read again (the reader kept none; the model read echo as writing only after a substitution in its words)
        "A=1 x=$(date) passwd <<< pw12345x",
        "A=b x=$(date) echo pw12345x | sudo -S id ;",
        "A=b x=`date` echo pw12345x | passwd",
        "A=b x=`date` printf '%s\\n' pw12345x | sudo -S id",
        "A=b x=$(date) echo $(date) pw12345x | sudo -S id",
        "A=b x=$(date) printf '%s\\n' $(date) pw12345x | sudo -S id",
        "A=b x=$(true) echo pw12345x | sudo -S id",
        "<<< pw12345xx=`date`x=`date`echo pw12345x |passwd",
        'x="$(date)" `true` -u sudo -S id <<< pw12345x',  # a silent substitution's word after a quoted one's (the model)
        'A=b <<EOF\n x="$(echo "a b"; echo pw12345x | sudo -S id)" `true` -u "$(true)" sudo -S id <<< pw12345x',
        # a "$(" that is the whole of its command so far, after a here-string read as a pipe into that command: bash
        # expands the words before the here-string is its input, sudo does not read it (the model; the reader marks none)
        '<<< "$(echo pw12345x | tee /tmp/t)" "$(  x=$(sudo -S id)',  # an unclosed quote: its "$(" read unquoted
        '<<< "$(echo pw12345x | tee /tmp/t)" $(sudo -S id)',
        '<<< "$(echo pw12345x)" $(  x=$(sudo -S id)) x',
        # nor any substitution in its words (1.25.488; both read the pipe before, in a group, or after its command's words)
        'cmd "$(sudo -S id)" <<< "$(echo pw12345x)"',
        'x <<< "$(echo pw12345x)" $(sudo -S id)',
        'x <<< "$(echo pw12345x)" `sudo -S id`',
        '( <<< "$(echo pw12345x)" $(sudo -S id) )',
        '<<< "$(echo pw12345x | tee /tmp/t)" "$(sudo -S id)"',
        'x "$(read -r y)" "$(sudo -S id)" <<< $(echo pw12345x) && sudo -S id <<< "$(echo pw12345x)"',
        # a here-string's subshell inside a command substitution writes into the command it is piped into, not into
        # what the substitution captures (1.25.533: both gave echo's output to the substitution)
        'x=$(sudo -S id <<< "$(echo pw12345x)")',
        'x=$(cat <<< "$(echo pw12345x)" | sudo -S id)',
        'x=$(sudo -S id $(date) <<< "$(echo pw12345x)")',
        'x=`sudo -S id <<< "$(echo pw12345x; (date))"`',
        'y=$(x=$(sudo -S id <<< "$(echo pw12345x | tee /tmp/t)"))',
        'x=$(sudo -S id <<< "$(echo `echo pw12345x`)")',
        # an unquoted one after an unquoted substitution among its command's words (1.25.534, as the quoted one since 1.25.510)
        'sudo -S id $(date) <<< $(echo pw12345x)',
        'sudo -S id `date` <<< $(echo pw12345x | tee /tmp/t)',
        'sudo -S id $(date) <<< `echo pw12345x`',
        'sudo -S id $(date) <<< $(echo pw12345x) < /dev/null',
        'x "$(sudo -S id)" $(date) <<< $(echo pw12345x)',
        'x $(date) <<< $(echo pw12345x) $(sudo -S id)',
        # a redirection right after an argument's substitution, more words after it, diverts its command's output (the
        # model gave it to the substitution, as to a subshell's ")": echo's text reached sudo)
        "echo $(date) > /dev/null mysql | (sudo -S id)",
        "echo $(date) > /dev/null mysql | { sudo -S id; }",
        "x=$(echo pw12345x) > /dev/null echo pw12345x | sudo -S id",
    ],
)
def test_same_findings_on_the_divergences_found_with_other_seeds(script: str) -> None:
    """Divergences found by the generated-script tests under other seeds and scratch runs of
    400,000 scripts, minimised; each a finding of one side only."""
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        "printf '%s\\n' $(date) pw12345x | docker login --password-stdin -u me reg.example",  # printf's words after a substitution
        "printf '%s %s\\n' $(date) pw12345x | sudo -S id",
        "printf '%s\\n' $(echo a b) more $(date) pw12345x | docker login --password-stdin -u me reg.example",
        "printf '%s\\n' $(date) PASSWORD=pw12345x | docker login --password-stdin -u me reg.example",
        "printf '%s\\n' \"$(date)\" pw12345x | sudo -S id",
        "( echo $(date) pw12345x ) | sudo -S id",  # a writer in a group, its words after a substitution
        "{ echo `date` pw12345x; } | sudo -S id",
        "( cd /; printf '%s\\n' $(true) pw12345x ) | docker login --password-stdin -u me reg.example",
        "( echo $(echo pw12345x) ) | sudo -S id",
        "( echo a | tee $(mktemp) | cat ) | sudo -S id",
        "( x=$(echo pw12345x) ) | sudo -S id",
        "echo pw12345x $( (date) ) more | sudo -S id",
        "{ printf '%s\\n' pw12345x $( (date) ) more; } | docker login --password-stdin -u me reg.example",
        'echo "root:$(echo pw12345x)" | chpasswd',  # a quoted substitution's output in its place
        'echo "root:`echo pw12345x`" | chpasswd',
        'echo "root:$(cat /run/secrets/pw)" | chpasswd',
        "( echo PASSWORD=pw12345x ) | docker login --password-stdin -u me reg.example",  # a setting a group writes into the secret
        "{ echo PASSWORD=pw12345x; } | sudo -S id",
        "( echo a; echo PASSWORD=pw12345x ) | sudo -S id",
        "( echo PASSWORD=pw12345x; cat /x ) | docker login --password-stdin -u me reg.example",
        "( cat /x; echo PASSWORD=pw12345x ) | sudo -S id",
        "echo PASSWORD=pw12345x | ( cat ) | sudo -S id",
        "echo PASSWORD=pw12345x | ( cd /; echo PASSWORD=pw12345y ) | sudo -S id",
        "( ( echo PASSWORD=pw12345x ) ) | sudo -S id",
        "printf '%s\\n' $(true) pw12345x | sudo -S id",  # a substitution that prints nothing: no word
        "printf '%s\\n' $(cd /x) $(x=$(date)) pw12345x $(echo a) | sudo -S id",
        "printf '%s\\n' `true` pw12345x | sudo -S id",
        "printf '%s\\n' \"$(true)\" pw12345x | sudo -S id",
        "printf '%s\\n' $(date > /dev/null) pw12345x | sudo -S id",
        "printf '%s\\n' $(umask) pw12345x | sudo -S id",
        "printf '%s\\n' $(true; date) pw12345x | sudo -S id",
        "( printf '%s\\n' $(true) pw12345x ) | sudo -S id",
        "echo $(true) pw12345x | sudo -S id",
        'echo "root:$(true)pw12345x" | chpasswd',
        "printf '%s\\n' `date` pw12345x | sudo -S id",  # backquotes take their place in the words as $( does (1.25.159)
        "printf '%s\\n' x`date` pw12345x | sudo -S id",
        "printf '%s\\n' $(true)`date` pw12345x | sudo -S id",
        "echo pw12345x > `mktemp` | sudo -S id",  # a redirection's target, no word
        "echo `echo pw12345x` `date` | sudo -S id",
        "echo pw12345x $(date) > /dev/null | sudo -S id",  # a redirection after an argument's substitution is its command's (1.25.160)
        "echo pw12345x `date` >&2 | sudo -S id",
        "( echo PASSWORD=pw12345x $(date) > /dev/null ) | sudo -S id",
        "sudo -S $(which id) <<< pw12345x",
        "sudo -S id $(date) <<EOF\npw12345x\nEOF",  # an input after a substitution among a reader's words is its own (1.25.174)
        "sudo -S id `date` more <<< PASSWORD=pw12345x",
        "echo a | sudo -S id $(date) <<< pw12345x",
        "tee $(mktemp) <<EOF | sudo -S id\npw12345x\nEOF",
        "docker login $(cat /x) <<< pw12345x --password-stdin",
        "sudo -S $(a) x $(b) <<< pw12345x",
        "( echo pw12345x > /dev/null ) | sudo -S id",  # a literal a group writes to a redirection (1.25.175)
        "{ echo PASSWORD=pw12345x > /dev/null; } | docker login --password-stdin -u me reg.example",
        "( ( echo pw12345x ) > /dev/null; echo $PW ) | sudo -S id",
        "( echo pw12345x > /dev/null; echo pw12345y ) | sudo -S id",
        "( date; echo pw12345x >&2 ) | sudo -S id",
        "( echo a > /dev/null; read x; sudo -S id ) <<EOF\nb\npw12345x\nEOF",
        "echo pw12345x | ( cat > /dev/null ) | sudo -S id",
        "cat <<'EOF' $(true) | sudo -S id\npw12345x\nEOF",  # cat given a substitution that prints nothing copies its input (1.25.176)
        "cat <<< pw12345x `true` $(x=1) | sudo -S id",
        "cat <<< pw12345x $(true) x | sudo -S id",
        "cat <<< pw12345x x$(true) | sudo -S id",
        "cat <<< pw12345x $(true)$(cd /) - | sudo -S id",
        "tee $(true) <<< pw12345x | sudo -S id",
        "echo pw12345x $(date) 2>/dev/null | sudo -S id",
        'echo "root:$(echo pw12345x)" $(date) | chpasswd',  # a quoted substitution before an unquoted one takes its own place (1.25.188)
        'echo "root:$(echo pw12345x)" `date` more | sudo -S id',
        'echo "$(echo root):$PW" $(date) | chpasswd',
        "printf '%s\\n' \"$(echo pw12345x)\" $(date) | sudo -S id",
        "printf '%s:%s\\n' \"$(echo root)\" $PW $(date) | chpasswd",
        'cat <<< pw12345x "$(true)" $(true) | sudo -S id',
        'echo "$(true)" $(echo pw12345x) | sudo -S id',
        'echo "$(date)" "$(echo pw12345x)" $(date) | sudo -S id',
        'echo "$(date)" pw12345x | sudo -S id',  # a line that starts with an expansion, judged by its literal parts (1.25.192)
        'echo "$(date)" $(echo pw12345x) | sudo -S id',
        'echo "$(date)" "$PW" | sudo -S id',
        'sudo -S id <<EOF\n$(date) pw12345x\nEOF',
    ],
)
def test_same_findings_on_writers_around_a_substitution(script: str) -> None:
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        # a file a command writes, judged as a ConfigMap entry keyed by its base name (1.25.383): the writer's finding, its
        # here-document's lines taken as that file's, one inside another's judged with it; references and a word's own secret
        "cat > /app/config.json <<EOF\n{\"password\": \"pw12345xy\"}\nEOF\necho DB_PASSWORD=pw12345x\n",
        "cat > /etc/app.env <<EOF\nDB_PASSWORD=pw12345x\nEOF\n",
        "cat > a.properties <<EOF\ndb.password=pw12345x\nEOF\nsudo -S id <<< pw12345x",
        "cat > a.ini <<EOF\n[client]\ncat > b.json <<EOS\npassword=pw12345x\nEOS\nEOF\n",
        "tee a.conf b.conf <<EOF | sudo -S id\npassword = pw12345x\nEOF\n",
        "printf '[client]\\npassword=pw12345x\\n' > ~/.my.cnf; echo pw12345x | sudo -S id",
        "echo '{\"token\":\"pw12345xyz\"}' > /app/config.json $(date) x",
        "echo PASSWORD=pw12345x > /app/app.env",
        "cat > /app/config.json <<EOF\n{\"password\": \"$DB_PASSWORD\"}\nEOF\n",
        "{ cat > app.properties <<EOF\ndb.password=pw12345x\nEOF\n} | sudo -S id",
        "cat > /dev/null <<EOF\npassword=pw12345x\nEOF\n",
        "cat <<EOF > /tmp/registry-password | docker login -u s --password-stdin r.example.com\npw12345x\nEOF\n",
        "cat <<EOF > /etc/app.conf | sudo -S id\npassword=pw12345x\nEOF\necho pw12345x | sudo -S id",
        "cat > /tmp/password <<EOF\npw12345x\nEOF\necho pw12345y | sudo -S id",
        "echo -n pw12345x > /run/secrets/db_password; printf '%s' \"$PW\" > /tmp/token",
        "printf 'db:5432:*:app:pw12345x\\n' > \"$PGPASSFILE\" | sudo -S id",
        # a literal piped into tee, written into its files as with > FILE (1.25.420): tee's finding, once; a reader after
        # it taking the same text reports it alone; echo's words holding a secret of their own reported as theirs
        "echo -n pw12345x | tee /run/secrets/api-token",
        "printf 'db:5432:*:app:pw12345x' | sudo tee -a ~/.pgpass > /dev/null",
        "printf '[client]\\npassword=pw12345x' | tee ~/.my.cnf | sudo -S id",
        "echo -n pw12345x | cat | tee /run/secrets/token | docker login --password-stdin",
        "echo DB_PASSWORD=pw12345x | tee /etc/app.env",
        "echo -e 'a\\npw12345x' | { read x; tee /tmp/password; }",
        "echo pw12345x > /dev/null | tee /tmp/password; echo pw12345x | tee /dev/null",
        "cat <<EOF | tee /etc/app.env | sudo -S id\nDB_PASSWORD=pw12345x\nEOF\n",
        "cat <<EOF | tee /run/secrets/token\npw12345x\nEOF\n",
        "docker login --password-stdin < <(tee /run/secrets/token <<EOF\npw12345x\nEOF\n)\n",
        "docker login --password-stdin < <(cat <<EOF | tee /run/secrets/token\npw12345x\nEOF\n)\n",
        "sudo -S id < <(echo pw12345x | tee /tmp/password)",
        "x=$(echo pw12345x | tee /tmp/password)",
        "echo pw12345x | x=$(tee /tmp/password)",
        # a here-document written in a quoted "$(...)", its lines numbered from the substitution's start: found where
        # written after its command, taken as that file's (1.25.422)
        "echo \"$(tee /etc/app.env <<EOF\nDB_PASSWORD=pw12345x\nEOF\n)\" | sudo -S id",
        "x=\"$(cat > /etc/app.env <<EOF\nDB_PASSWORD=pw12345x\nEOF\n)\"; echo pw12345x | sudo -S id",
        "x=\"$(cat <<EOF | tee /etc/app.env\nDB_PASSWORD=pw12345x\nEOF\n)\"",
        "x=\"$(tee /run/secrets/t <<EOF | sudo -S id\npw12345x\nEOF\n)\"",
    ],
)
def test_same_findings_on_files_written(script: str) -> None:
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        "connect(host=h, user=u, password=pw)",  # a keyword argument closing a call of code (1.25.191)
        "python -c 'connect(host=h, user=u, password=pw)'; echo PGPASSWORD=pw12345x",
        "echo password=pw; f(a, password=pw)",  # the first one a setting, looked for first
        "f(a, password=pw) password=pw)",
        "f(a,\\\n password=pw)",
        "f(a, password=\"pw\")",  # quotes removed: not found as written, judged as read
        "x=$(password=pw) (password=pw)",
    ],
)
def test_same_findings_on_code_calls(script: str) -> None:
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        "cat <(echo pw12345x) | sudo -S id",  # a process substitution's file: copied by cat, a reader's input (1.25.234)
        "sudo -S id < <(echo pw12345x)",
        "sudo -S id 0< <(printf '%s\\n' pw12345x)",
        "cat < <(echo pw12345x) | sudo -S id",
        "docker login --password-stdin < <(echo PASSWORD=pw12345x)",
        "cat <(echo a) <(echo PASSWORD=pw12345x) | docker login --password-stdin",
        "cat /x <(echo pw12345x) | sudo -S id",
        "cat <(echo \"$PW\"; echo pw12345x) | sudo -S id",
        "( cat <(echo pw12345x) ) | sudo -S id",
        "sudo -S id < <( ( echo pw12345x ) )",
        "echo <(echo pw12345x) | sudo -S id",
        "diff <(echo pw12345x) <(echo b) | sudo -S id",
        "cat -n <(echo pw12345x) | sudo -S id",
        "echo a | sudo -S id < <(echo pw12345x)",
        "sudo -S id $(date) < <(echo pw12345x)",
        "cat <(`echo pw12345x`) | sudo -S id",  # backquotes run what echo writes: their output not known
        'echo "$PW" tee /x <( | sudo -S id fi timeout',  # a pipe right after <( (a syntax error): no writer
        "mysql `true` ( echo pw12345x ) echo PASSWORD=pw12345x 0< <( | docker login --password-stdin",
    ],
)
def test_same_findings_on_process_substitutions(script: str) -> None:
    assert_same(script)


def test_same_findings_on_dense_scripts() -> None:
    for unit in ("$(", "a | ", "x=$(cat /a | grep b; echo c) && y=$(ls -l | wc -l); ", "echo pw12345x | docker login --password-stdin;", "echo PASSWORD=pw12345x | docker login --password-stdin;"):
        assert_same("#!/bin/sh\n" + unit * 400)


# --- what the new split saves ---------------------------------------------------------------------


def test_each_command_of_a_script_has_its_program_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program of a command was found twice, for its input and for its words: on a dense script
    (``$($($(...``: a command every two characters) that was a fifth of the time."""
    calls = 0
    read = wrappers.read_command  # the program and the command line a wrapper runs, in one pass

    def counted(argv: list[Any]) -> tuple[wrappers.Program | None, wrappers.CommandLine | None]:
        nonlocal calls
        calls += 1
        return read(argv)

    monkeypatch.setattr(c, "read_command", counted)
    script = "#!/bin/sh\n" + "$(" * 1000
    assert list(c.script_findings(NAMES, script)) == []
    assert calls == 2  # "#!/bin/sh" and the first "$"; each "$" in a substitution is followed with no program to find (``commands._DOLLAR_WORDS``)
    calls = 0
    assert list(c.script_findings(NAMES, "#!/bin/sh\n" + "a; $(b; " * 500)) == []
    assert calls == 1002  # "#!/bin/sh", each "a", each "b" and the first "$" (in no substitution)
