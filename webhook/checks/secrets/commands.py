"""Command lines: the plain-text secrets in a container's ``command`` and ``args``. Judges each
argument (``--password=...``, ``--token VALUE``, ``NAME=value``, credential-looking values), finds
the program after wrappers such as ``env`` and ``timeout`` (``wrappers``) to judge the options that
take a password for that program only and the arguments that are secrets by position
(``programs``), and splits ``sh -c`` scripts roughly into commands and words (``shell_reader``) to
do the same there, with the literals piped into a program that reads a secret on its input
(``stdin_secrets``). The entry points the other checks use are here."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from contextvars import ContextVar
from itertools import chain
from typing import Any, NamedTuple

from webhook.checks.base import Violation, counted
from webhook.yamlsafe import LineCounter
from webhook.checks.secrets.config_files import assigned_literal_secret, config_settings, literal_secret
from webhook.checks.secrets.headers import PATH_QUERY, HttpGetHeader, collect_http_headers
from webhook.checks.secrets.mappings import flow_sequence_items
from webhook.checks.secrets.json_config import JSON_STARTS, cfn_json_parameters, cfn_parameter_name, cfn_shorthand_parameter
from webhook.checks.secrets.names import SECRETS_AT_END, Names, made_of_name_words, spells_a_sensitive_word, token_runs_hidden
from webhook.checks.secrets.programs import (
    INTERPRETER_STARTS,
    PROGRAM_NEUTRAL_FLAGS,
    Option,
    git_config_env_problems,
    interpreter_code,
    option_problem,
    positional_secret,
    statements_on_lines,
    takes_attached,
    program_options,
)
from webhook.checks.secrets.password_files import LINE_BY_LINE, STEPPED, password_file_reader
from webhook.checks.secrets.setting_values import env_auth_pair, inline_token_secret_key, names_a_routing_key, pagerduty_routing_key
from webhook.checks.secrets.shell_reader import GroupMark, HereDocument, InputFile, ShellCommand, Splits, Substitution, replaying, shell_commands, shell_items, unquoted
from webhook.checks.secrets.stdin_secrets import (
    PipeInput,
    SecretRead,
    copies_its_input,
    in_secret_read,
    in_the_script,
    left_after_read,
    pipe_output,
    printf_assignment,
    printf_values,
    printed_text,
    read_spans,
    secret_read,
    stdin_secret,
    sudo_stdin_option,
    with_more_values,
    with_substituted_output,
)
from webhook.checks.secrets.values import (
    CONNECTION_KINDS,
    JUDGED_TEXT,
    BoundedMemo,
    closes_a_call_of_code,
    credential_kind,
    credential_kinds,
    is_lone_password_setting,
    jaas_entries,
    judged_texts,
    names_something_else,
    names_the_secret_only,
    ordinal,
    scheme_then_expansion,
    shell_literal,
    texts_judged_once,
)
from webhook.checks.secrets.wrappers import CommandLine, Program, read_command

_FLAG = re.compile(r"^--?([A-Za-z][A-Za-z0-9_.\-]*+)(?:=(.*))?$", re.DOTALL)
_SHELL_ASSIGNMENT = re.compile(
    r"(?:^|[\s;&|(])(?:export\s++)?(-{0,2}[A-Za-z_][\w.\-]*+)=(\"[^\"]*+\"|'[^']*+'|`[^`]*+`|[^\s;&|)\"']++)"
)
"""A ``NAME=value`` word in an argument: its value quoted, in backquotes (`` NAME=`cat FILE` ``, a
command's output, whole as ``shell_literal`` judges it), or up to a blank or separator."""
_SHELL_ASSIGNMENT_AFTER = re.compile(_SHELL_ASSIGNMENT.pattern.replace("(?:^|[\\s;&|(])", "[\\s;&|(]", 1))
"""``_SHELL_ASSIGNMENT`` after the start of an argument, where ``^`` never matches: starting with its
separator, a class the search skips to in C (``_shell_assignments``), not tried at each character."""
_INTERPRETER_WORD = re.compile(r"python|node|ruby|perl|php|logstash")
"""A script naming an interpreter with no code to run (``python app.py -c '...'``: the script's own
option) is read by its ``NAME=value`` shape too (``_argv_problems``)."""
_SINGLE_DASH_NAME = re.compile(r"^[A-Za-z][a-z\-_.]")
"""A single-dash option is a name (``-password``, ``-apiKey``) only when its second character is
lower case or a separator; ``-pS3cr3t`` is ``-p`` with a value attached, whose text must never be
shown as a flag name."""
_DEFINE = re.compile(r"^D[A-Za-z_][\w.\-]*+=")
"""``-DNAME=value`` after its dash: a property set to a value (Java's and Maven's
``-Ddb.password=...``, ``-DDB_PASSWORD=...``), a name whatever the case of NAME; the name judged is
NAME (``_flag_name``)."""


def _names_a_flag(after_dash: str) -> bool:
    """Whether a single-dash option is a name (``_SINGLE_DASH_NAME``, ``_DEFINE``), given the text
    after its dash."""
    return _SINGLE_DASH_NAME.match(after_dash) is not None or _DEFINE.match(after_dash) is not None


def _flag_name(flag: re.Match[str]) -> str:
    """The name a flag (``_FLAG``) sets: NAME for a ``-DNAME=value`` property (``-DPWD=...`` sets
    ``PWD``, ``-DMAX_TOKENS=...`` a number), else the flag's own name."""
    return _set_name(flag.group(1), flag.group(2) is not None and flag.group(0)[1] != "-")


def _set_name(name: str, single_dash: bool) -> str:
    """The name an option written ``name`` after its dashes sets: NAME when it is a ``-DNAME``
    system property (``single_dash``), else ``name``."""
    return name[1:] if single_dash and _DEFINE.match(name + "=") else name


_JAVA_PROPERTY = re.compile(r"^-D[A-Za-z_][\w.\-]*+$")
"""``-Dname``: a Java system property set with ``=value`` (``-Dspring.datasource.password=...``);
what follows ``-D`` is the property's name."""


def shown_flag(flag: str, assigned: bool = False) -> str:
    """How a message names a sensitive flag or variable: quoted, except a single-dash option that
    may be an option letter with the value attached (``-pmy-secret-pw99``): only its letter is
    shown (``"-p<...>"``). A single-dash option is shown whole when it is made of name words only
    (``-storepass``, ``-db-password``, ``-apiKey``), or is a Java property set with ``=value``
    (``assigned``: ``-Dspring.datasource.password``; shown without what follows the ``=``). A run
    in it with a token's shape is shown as ``*`` (``token_runs_hidden``)."""
    if kind := credential_kind(flag):
        return f"a name that is itself {kind} (not shown)"
    if flag[:1] != "-" or flag[:2] == "--":
        return f'"{token_runs_hidden(flag)}"'
    name, _, inner = flag.partition("=")  # -e=DB_PASSWORD: the option and the name it sets
    if (assigned and not inner and _JAVA_PROPERTY.match(name)) or name[1:].lower() in SECRETS_AT_END or (
        spells_a_sensitive_word(flag[1:]) and made_of_name_words(name[1:]) and (not inner or made_of_name_words(inner))
    ):
        return f'"{token_runs_hidden(flag)}"'
    if len(name) == 2 and not inner:  # -p alone: nothing attached
        return f'"{flag}"'
    letter = name[1:2] if name[1:2].isascii() and name[1:2].isalpha() else ""
    if letter:
        return f'"-{letter}<...>" (what follows -{letter} is not shown: it may hold the value)'
    return "a single-dash option (not shown: its text may hold the value)"


ARG_PROBLEMS_LISTED = 20
"""Findings listed per argument (an option string or a script may pass many secrets); the rest are
counted in one more finding, whose parts (what each is, never its value) are compared on UPDATE up
to ``ARG_PROBLEMS_COMPARED``."""
ARG_PROBLEMS_COMPARED = 1000
FIX_ARG = "read it from a Secret instead (an env var with valueFrom.secretKeyRef, used as $(VAR), or a mounted file)"
# the kubelet expands $(VAR) in a container's command and args only: an exec probe's command gets
# the env vars written as values (a Secret's is empty there) and a lifecycle hook's none, so the
# Secret's value reaches them through a shell (or a file)
FIX_EXEC = (
    "read it from a Secret instead (a mounted file, or an env var with valueFrom.secretKeyRef used as $VAR in sh -c: "
    "an exec probe or hook does not expand $(VAR) to a Secret's value)"
)


_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_LIFECYCLE_HOOKS = (("postStart", "lifecycle/postStart"), ("preStop", "lifecycle/preStop"))  # (hook, where)
ExecCommand = tuple[str, str, list[Any], Program | None, CommandLine | None]
"""(pointer suffix, name shown, argv, and its program and command line: ``read_command(argv)``) of
an exec probe or lifecycle hook, read once for both of its judges (``container_argv_violations``,
``scripted_env_names``)."""


class ContainerCommand(NamedTuple):
    """A container's command and args (each [] when absent or not a list), the two joined
    (``whole``), and what ``read_command(whole)`` reads in it: read once for both of its judges
    (``container_argv_violations``, ``scripted_env_names``)."""

    command: list[Any]
    args: list[Any]
    whole: list[Any]
    program: Program | None
    split: CommandLine | None


NO_COMMAND = ContainerCommand([], [], [], None, None)


def container_command(container: dict[str, Any]) -> ContainerCommand:
    """A container's ``ContainerCommand``."""
    command, args = container.get("command"), container.get("args")
    command = command if isinstance(command, list) and command else []
    args = args if isinstance(args, list) and args else []
    if not command and not args:
        return NO_COMMAND
    whole = command + args if command and args else command or args
    return ContainerCommand(command, args, whole, *read_command(whole))


def probe_and_hook_actions(container: dict[str, Any]) -> tuple[list[ExecCommand], list[HttpGetHeader]]:
    """What a container's probes and lifecycle hooks do that may pass a secret, in one walk (on the
    hot path): the commands of exec handlers (``mysql -u app -p...`` in a readinessProbe), judged
    like its command, and the headers of httpGet handlers and their path when it has a query
    (``PATH_QUERY``)."""
    commands: list[ExecCommand] = []
    headers: list[HttpGetHeader] = []
    for where in _PROBES:  # no list of (where, handler) pairs: most containers have few handlers
        handler = container.get(where)
        if handler.__class__ is dict:
            _handler_actions(where, handler, commands, headers)
    lifecycle = container.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook, where in _LIFECYCLE_HOOKS:
            handler = lifecycle.get(hook)
            if handler.__class__ is dict:
                _handler_actions(where, handler, commands, headers)
    return commands, headers


def _handler_actions(where: str, handler: dict[str, Any], commands: list[ExecCommand], headers: list[HttpGetHeader]) -> None:
    """The exec command, and the httpGet headers and query, of one probe or hook (``where``)."""
    action = handler.get("exec")
    argv = action.get("command") if action.__class__ is dict else None
    if isinstance(argv, list) and argv:
        commands.append((f"{where}/exec/command", where.replace("/", ".") + ".exec.command", argv, *read_command(argv)))
    action = handler.get("httpGet")
    if action.__class__ is dict:
        if "httpHeaders" in action:
            collect_http_headers(action["httpHeaders"], where, headers)
        path = action.get("path")
        if type(path) is str and "?" in path:  # a query, which may carry a token
            headers.append((where, PATH_QUERY, "", path))


_env_git_config: ContextVar[dict[str, str] | None] = ContextVar("env_git_config", default=None)
"""git's configuration the container's env gives (``git_config_set_before``) while its command line
and hooks are judged: each script they run at the top (depth 0) starts from it, a copy. A context
variable, as ``replaying``'s: a review in another thread or task never reads this one's."""


def container_argv_violations(
    names: Names,
    line: ContainerCommand,
    pointer: str,
    label: str,
    hooks: list[ExecCommand],
    splits: Splits | None = None,
    git_config: dict[str, str] | None = None,
) -> list[Violation]:
    """The plain-text secrets in a container's command and args (``line``), and in the commands of
    its exec probes and lifecycle hooks (``hooks``; shared with the reference review). ``splits``:
    the scripts ``scripted_env_names`` split in them, read from there, not split again;
    ``git_config``: what its env gives git (``git_config_set_before``): a script's
    ``export GIT_CONFIG_VALUE_0="Authorization: ..."`` pairs with the env's ``GIT_CONFIG_KEY_0``,
    and the env's value with the key a script sets."""
    if not splits and not git_config:
        return list(_container_argv_violations(names, line, pointer, label, hooks))
    before = replaying(splits) if splits else None
    given = _env_git_config.set(git_config) if git_config else None
    try:
        return list(_container_argv_violations(names, line, pointer, label, hooks))
    finally:
        if splits:
            replaying(before)
        if given is not None:
            _env_git_config.reset(given)


def _container_argv_violations(names: Names, line: ContainerCommand, pointer: str, label: str, hooks: list[ExecCommand]) -> Iterator[Violation]:
    command, args, whole, program, split = line  # split: env -S "...", also behind docker exec
    if program is not None:  # its words are one command line across both fields (docker login / -p ...)
        field = "command" if command else "args"
        parts = ((f"{pointer}/command", "command", 0), (f"{pointer}/args", "args", len(command))) if command and args else ()
        yield from _argv_violations(names, whole, f"{pointer}/{field}", field, label, program[1], program[0] + 1, split=split, parts=parts)
    else:  # arguments for the image's entrypoint, field by field
        before = 0  # arguments in the fields before this one
        for field, argv in (("command", command), ("args", args)):
            if argv:
                overlaps = split is not None and split.at - before < len(argv) and split.end - before > 0
                split_here = CommandLine(split.at - before, split.text, split.end - before) if split is not None and overlaps else None
                yield from _argv_violations(names, argv, f"{pointer}/{field}", field, label, split=split_here)
            before += len(argv)
    for suffix, shown, argv, hook, split in hooks:
        if hook is None:
            yield from _argv_violations(names, argv, f"{pointer}/{suffix}", shown, label, fix=FIX_EXEC, split=split)
        else:
            yield from _argv_violations(names, argv, f"{pointer}/{suffix}", shown, label, hook[1], hook[0] + 1, FIX_EXEC, split)


def _argv_violations(
    names: Names,
    argv: list[Any],
    base: str,
    field: str,
    label: str,
    program: str | None = None,
    start: int = 0,
    fix: str = FIX_ARG,
    split: CommandLine | None = None,
    parts: tuple[tuple[str, str, int], ...] = (),
) -> Iterator[Violation]:
    """The program's own options (``program_options``: PROGRAM_OPTIONS and its subcommand's
    SUBCOMMAND_OPTIONS) are judged from index ``start`` on; ``fix`` is the findings' (FIX_EXEC for
    an exec probe or hook); ``split``: the command line a wrapper runs (``env -S``'s, watch's),
    judged as a script at its first word, its other words in it only; ``parts``: (base, field, first index) of each field an ``argv``
    joining a container's command and args holds, else ``base`` and ``field`` name the one."""
    options = program_options(program, argv, start) if program else None
    positional = positional_secret(names, program, argv, start) if program is not None else None
    pending_flag: str | None = None  # a sensitive flag whose value is the next argument
    pending_option: Option | None = None  # a program option whose value is the next argument
    code = _argv_interpreter_code(names, argv, program, start)
    for index, arg in enumerate(argv):
        if not isinstance(arg, str):
            pending_flag = pending_option = None
            continue
        problem, http_value = None, False
        if options is not None and program is not None and index >= start:
            problem, pending_option, http_value = option_problem(names, program, options, arg, pending_option)
        if positional is not None and index == positional[0]:
            problem = positional[1]
        flag = _arg_flag(arg, program, options if index >= start else None) if arg[:1] == "-" else None
        problems = [problem] if problem else []
        if split is not None and index == split.at:  # the credentials of watch's line: all its words'
            joined = split.end > index + 1
            located = _located_script_arg_problems(names, split.text if joined else arg, split.text, True, argv[index : split.end] if joined else None)
            by_word: dict[int, list[str]] = {}  # a secret watch -x would pass: at the word holding it
            for offset, each in located:
                by_word.setdefault(index + offset, []).append(each)
            for at_index, its in by_word.items():
                yield from _placed_violations(its, at_index, base, field, parts, fix, label)
            problems = []
        elif split is not None and split.at < index < split.end:  # judged in the line
            pending_flag = pending_option = None
            continue
        elif problem is None and not http_value:  # a header or body is judged as one, not as NAME=value
            problems = _argv_problems(names, arg, flag, pending_flag) or code.get(index, [])
        if problems:
            yield from _placed_violations(problems, index, base, field, parts, fix, label)
        pending_flag = (
            arg if flag and flag.group(2) is None and _flag_takes_a_secret(names, flag.group(1)) else None
        )


def _argv_interpreter_code(names: Names, argv: list[Any], program: str | None, start: int) -> dict[int, list[str]]:
    """``sets "NAME"`` for each setting the code an interpreter is given in a container's argv sets
    to a literal (``_interpreter_code_problems``, as after ``sh -c``: ``logstash -e 'input { ... }
    output { jdbc { jdbc_password => "..." } }'``), by the index of its argument."""
    if program is None or program[:3] not in INTERPRETER_STARTS or not all(type(arg) is str for arg in argv):
        return {}
    found: dict[int, list[str]] = {}
    for at, _, problem in _interpreter_code_problems(names, argv, (start - 1, program)):
        found.setdefault(at, []).append(problem)
    return found


def _placed_violations(
    problems: list[str], index: int, base: str, field: str, parts: tuple[tuple[str, str, int], ...], fix: str, label: str
) -> Iterator[Violation]:
    """The violations of an argument's problems, at its ``index`` in the argv (``_argv_violations``'
    ``base``, ``field`` and ``parts``)."""
    at_base, at_field, at = base, field, index
    for part_base, part_field, first in parts:
        if index >= first:
            at_base, at_field, at = part_base, part_field, index - first
    yield from _arg_violations(problems, f"{at_base}/{at}", f"{at_field}[{at}]", at_field, fix, label)


def _arg_flag(arg: str, program: str | None, options: tuple[Option, ...] | None) -> re.Match[str] | None:
    """An argument that starts with ``-`` as a flag (``--name[=value]``, ``-name``), or None when
    it is an option letter with its value, one of the program's ``options`` with its value attached,
    or a flag the program uses for no secret."""
    flag = _FLAG.match(arg)
    if flag is not None and arg[1] != "-" and not _names_a_flag(arg[1:]):
        return None  # -pVALUE: an option letter with its value, not a name
    if flag is not None and options is not None and takes_attached(options, arg):
        return None  # mysql -psecret: the program's option with its value, not a flag named "psecret"
    if flag is not None and program is not None and flag.group(1) in PROGRAM_NEUTRAL_FLAGS.get(program, ()):
        return None  # aws --secret-id NAME names the secret to read
    return flag


def _arg_violations(problems: list[str], path: str, shown: str, field: str, fix: str, label: str) -> Iterator[Violation]:
    """A violation for each of an argument's first ``ARG_PROBLEMS_LISTED`` problems (``shown``:
    ``args[2]``), and one for the others."""
    # each known on UPDATE by what it is, not where: an arg inserted before it is no new secret
    # (a second one the same is, in this arg or another: each old finding excuses one)
    for problem in problems[:ARG_PROBLEMS_LISTED]:
        yield Violation(path, f"{shown} {problem} in plain text", fix, label, f"{field}:{problem}")
    if len(problems) > ARG_PROBLEMS_LISTED:
        more = problems[ARG_PROBLEMS_LISTED:]
        yield Violation(
            path,
            f"{shown} holds {len(more)} more secrets in plain text (only the first {ARG_PROBLEMS_LISTED} are listed)",
            fix, label, f"{field}:more secrets", counted(more, ARG_PROBLEMS_COMPARED),
        )


SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
NESTED_SCRIPTS = 2
"""How deep scripts inside scripts are judged (``docker exec db sh -c '...'`` inside ``sh -c``):
each level splits its text again."""


def script_problems(names: Names, script: str, depth: int = 0) -> Iterator[tuple[int, str]]:
    """(offset of the command, what is wrong) for each secret a shell script passes in plain text:
    a program's password option (``mysql -p...``, ``curl -u user:pass``), a credential in an HTTP
    header or body (``curl -H``, ``-d``), a sensitive ``--flag value``, a secret by position, a
    literal piped into a program that reads a secret from stdin (``echo ... | docker login
    --password-stdin``), ``NAME=value`` words. Each one of a command is a problem of its own."""
    for offset, problem, _ in script_findings(names, script, depth):
        yield offset, problem


def script_findings(
    names: Names, script: str, depth: int = 0, read: list[SecretRead] | None = None, shown: list[tuple[int, str]] | None = None
) -> Iterator[tuple[int, str, str]]:
    """``script_problems`` with the word each problem is about ("" for a literal on stdin); ``read``
    gets the text each reader of a literal on its input takes as its secret (``secret_read``);
    ``shown`` (the offset of its command, the name) each ``NAME=value`` a message shows how to set
    (``_shows_how_to_set``), which no reading of the script's lines reports either."""
    # the command before (its program and the literal piped into it), or the output of a group just closed
    previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None = None
    placed = True  # where the output of ``previous`` goes is known: a pipe, or the group it is in
    groups: list[list[PipeInput | None]] = []  # the output of each open group so far (``_place``)
    level = 0  # the number of groups open around ``previous``
    # what is piped into a group (``... | ( sudo -S ... )``), until a command of it reads it (``leaves_its_input``),
    # the number of groups open with it and of substitutions open around it (a command in one
    # opened inside the group is not the group's: ``x=$(...)`` in it reads the input of ``x=``);
    # a group's first command: the one after it opens
    waiting: tuple[PipeInput, int, int] | None = None
    first = False
    # the command substitutions open, and for those given a literal, (how many were open with it,
    # the input of the command it is in), until one of its commands reads it: most get none, kept off the list
    substituted = 0  # the command substitutions open (not ``depth``: how deep this script is nested)
    inherited: list[tuple[int, PipeInput]] = []
    # the findings of the commands of the pipeline so far, held until it ends or a command reads a
    # secret on its input: a setting written into that secret (echo PASSWORD=... | docker login
    # --password-stdin) is one secret, reported once, as the reader's (``in_secret_read``); through
    # a group piped into, to its first command (echo PASSWORD=... | ( sudo -S id ))
    held: list[tuple[int, str, str]] = []
    # the lines of a here-document a reader took as its secret (sudo -S id <<EOF), read as commands after
    # it: a setting among them is that secret too (``in_secret_read``)
    taken: SecretRead | None = None
    # for each open group, the substitutions open around the innermost group piped into (or given an
    # input of its own: ``} <<EOF``) that holds it (-1: none): in one, that is its commands' input, not
    # the substitution's (``inherited``)
    piped_into: list[int] = []
    inheriting = False  # the item before opened a substitution given an input: its first command reads it
    # for each substitution open, the command whose words it is in (``echo ... $(date)``), or None: when it
    # closes, that command is the one that writes into a pipe after it, not the substitution's last command;
    # with what was before it (``previous`` as it opened: that command, or what echo wrote up to it), and
    # whether it was placed and the groups open around it: it writes once its words are all read, into its
    # group's output too, not as the substitution's first command runs (``( echo $(date) MORE ) | cmd``);
    # and whether it is a "$(...)" of those words (``Substitution.quoted``)
    # and what kind of file it is, for a process substitution (``Substitution.file``)
    substituted_in: list[tuple[_Command, _Command | PipeInput, bool, int, bool, str] | None] = []
    # for each substitution open, whether it captures what its commands write (a $(...), backticks), or makes a file of
    # it (<(...): read as a subshell's output, ``_with_file_groups``), which the commands in it write as in a group
    capturing: list[bool] = []
    # the command whose words go on after a substitution among them closed (``echo ... $(date) MORE``): the
    # words after it are that command's (``ShellCommand.continued``), not a command of their own
    words_of: _Command | None = None
    # what the substitutions among those words so far left of that command's input: the next one's (``logger $(read x)
    # $(sudo -S id)``: the lines after read's; none after ``$(sudo -S id) $(sudo -S id)``, the first reader took it)
    words_input: PipeInput | None = None
    # for each open group, the command whose words went on as it opened (``words_of``), what they left of its input and
    # what it wrote (``previous``); the last one closed, kept for the item after it: the continued words of a command
    # given its here-string's substitution as a pipe (``docker login $(date) <<< "$(echo ...)"``, ``here_piped``) go on
    # that command's, the group's output its input
    words_in_groups: list[tuple[_Command, PipeInput | None, _Command | PipeInput | None] | None] = []
    resumed: tuple[_Command, PipeInput | None, _Command | PipeInput | None] | None = None
    here_fed: PipeInput | None = None  # that group's output, for the continued words just resumed
    writers_open = 0  # the substitutions open in the words of a writer (``_in_a_writers_words``), at any depth
    # which held findings a reader's secret may be (indices in ``held``): a command given the input of its group
    # or substitution that leaves it (echo ... | ( cd /; sudo -S id )) keeps them held, its own are not that
    # secret (from ``kept_from``); a reader fed by a pipe in the group takes its pipeline's (from
    # ``pipeline_from``), and the ones before ``kept_from`` only when that pipeline read the group's input
    kept_from: int | None = None
    pipeline_from, pipeline_reads_held = 0, True
    # for each substitution open, whether every command run in it so far prints nothing (``prints_nothing``):
    # then it writes nothing into the words it is in (printf '%s\n' $(true) ... | sudo -S id)
    silent: list[bool] = []
    # git's configuration keys set so far by number (GIT_CONFIG_KEY_0=http.extraHeader): a later command's
    # GIT_CONFIG_VALUE_0 is read with it (``git_config_env_words_problems``); a container's script at the top
    # starts from what its env gives git (``_env_git_config``)
    git_keys: dict[str, str] = {} if depth or (env_keys := _env_git_config.get()) is None else dict(env_keys)
    # the lines of the here-document ``cat`` last copied to the terminal (``_copies_a_message``): a usage message
    message: tuple[int, int] = (0, 0)
    # where the here-document a command last wrote into a file ends (``_document_written``): one in it is
    # that file's text, judged with it (each line once)
    written_until = -1
    # where the command that last wrote such a here-document into a file starts: a reader piped after it
    # (``cat <<EOF > FILE | docker login --password-stdin``) reads none of it, reported so, that command's write not again
    written = -1
    document_taken: SecretRead | None = None  # that here-document, while no reader took another since
    document_closed = -1  # where its delimiter's line ends
    # whether each (file kind, text) written so far holds a secret (``_files_written``): ``echo ... | tee a.conf |
    # tee a.conf ...`` writes one text many times, judged once
    files_judged = BoundedMemo(_FILES_REMEMBERED)
    for item in _with_file_groups(_replaced_inputs_marked(list(shell_items(script)))) if "<(" in script else shell_items(script):  # (no layer for most scripts)
        # a substitution in the words of a command that writes on what it is given (echo, printf, tee, cat), and
        # what runs in it, continue that command's pipeline: echo PASSWORD=... $(date) | docker login --password-stdin
        here_fed = None
        if resumed is not None:
            if isinstance(item, ShellCommand) and item.continued and item.here_piped and isinstance(previous, PipeInput):
                here_fed = previous
                words_of, words_input, previous = resumed
            resumed = None
        given_held = isinstance(item, ShellCommand) and _given_its_groups_input(item, first, waiting, substituted, inherited, piped_into, previous)
        if (held or kept_from is not None) and not (
            given_held
            or writers_open > 0  # echo PASSWORD=... $(x=$(mktemp)) | docker login --password-stdin
            or (isinstance(item, ShellCommand) and item.continued and words_of is not None)
            or (isinstance(item, Substitution) and item.opens and (in_words := _words_writer(item, previous, words_of)) is not None and _in_a_writers_words(in_words[0]))
            or _continues_the_pipeline(item, inheriting or (first and waiting is not None and waiting[2] == substituted), previous, words_of, words_input)
            or (isinstance(item, GroupMark) and not item.opens)  # ( echo PASSWORD=... ) | sudo -S id: its output may be piped on
            or (isinstance(item, Substitution) and not item.opens and bool(substituted_in) and _reads_its_file(substituted_in[-1]))  # cmd < <(echo ...)
            or item is _FILE_OPENS  # the group of a <(...) just opened: no pipeline ends there
            or (isinstance(item, ShellCommand) and taken is document_taken and taken is not None and taken.start <= item.start <= document_closed)
            # a line of the here-document a command wrote into a file (or its delimiter's): a reader after it (< <(tee FILE <<EOF ...)) may take it
        ):
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
        inheriting = False
        if not isinstance(item, ShellCommand):  # (one test for a command, most of the items)
            if isinstance(item, Substitution):
                if item.opens:
                    substituted += 1
                    silent.append(True)
                    capturing.append(not item.file)
                    in_words = _words_writer(item, previous, words_of)
                    substituted_in.append(None if in_words is None else (*in_words, placed, level, item.quoted, item.file))
                    if in_words is not None:
                        writers_open += _in_a_writers_words(in_words[0])
                        placed = True  # not placed by the commands in it
                    if (feed := _opening_input(item, previous, words_of, words_input)) is not None:
                        inherited.append((substituted, feed))
                        inheriting = True
                elif substituted:
                    left = inherited.pop()[1] if inherited and inherited[-1][0] == substituted else None  # its input, not all read
                    substituted -= 1
                    printed_nothing = silent.pop()
                    capturing.pop()
                    if (writer := substituted_in.pop()) is not None:
                        writers_open -= _in_a_writers_words(writer[0])
                        if writer[5] and isinstance(previous, PipeInput):  # a file holding its group's output
                            previous = _given_a_file(writer, previous)
                            if writer[5] == "input" and not isinstance(previous, PipeInput):  # sudo -S id < <(echo ...)
                                reader, reader_program, fed = previous
                                if found := _input_secret(fed, reader, reader_program, script, read):
                                    taken, held = _after_a_secret_read(found[1], taken, held, written)
                                    yield from held
                                    held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
                                    yield reader.start, found[0], ""
                        elif previous is not writer[1]:
                            last = NO_OUTPUT if printed_nothing else previous
                            previous = _written_after_substitution(writer[0], last, writer[1], writer[4])
                        placed, level, words_of, words_input = writer[2], writer[3], writer[0], left
                continue
            if item.opens:
                words_in_groups.append(None if words_of is None else (words_of, words_input, previous))
            elif words_in_groups:
                resumed = words_in_groups.pop()
            words_of = None
            if silent:  # a group in a substitution: what it prints is not followed
                silent[-1] = False
            # a group opens or closes
            if item.opens and (item.stdin is not None or (item.piped and previous is not None)):
                feed = _group_input(item, previous)
                waiting = (feed, len(groups) + 1, substituted) if feed is not None else None
            if not placed and not (item.opens and item.piped):
                _place(groups, level, previous)
            placed = True
            if item.opens:
                groups.append([])
                piped_into.append(substituted if item.piped or item.stdin is not None else piped_into[-1] if piped_into else -1)
                first = True
            elif groups:
                piped_into.pop()
                parts = tuple(groups.pop())
                in_a_file = bool(capturing) and not capturing[-1]  # <( (echo ...) ): written into the file
                previous, placed, level = PipeInput("{" if item.brace else "(", "", item.diverted, parts=parts), item.captured and not item.grouped and not in_a_file, len(groups)
                if waiting is not None and waiting[1] > len(groups):
                    waiting = None
                first = False
            continue
        command = item
        if silent and silent[-1] and not prints_nothing(command):
            silent[-1] = False
        if command.continued and words_of is not None:  # echo ... $(date) MORE: more words of echo's
            previous = _with_more_words(previous, command)
            if (command.stdin is not None or here_fed is not None) and not isinstance(previous, PipeInput) and previous is not None:
                # sudo -S id $(date) <<< ...: the input of the command the substitution is in, its own; or its here-string's
                # substitution's output (sudo -S id $(date) <<< "$(echo ...)")
                reader, reader_program, _ = previous
                if found := _input_secret(here_fed, reader, reader_program, script, read):
                    taken, held = _after_a_secret_read(found[1], taken, held, written)
                    yield from held
                    held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
                    yield reader.start, found[0], ""
            program, line = read_command(command.words)  # its words judged as they were, as a command's
            held += _command_findings(names, script, command, program, depth, line, taken, git_keys, message, shown, files_judged=files_judged)
            continue
        words_of = None
        if command.pattern:  # case WORD in PATTERN): no command, nothing written nor read
            if not placed:
                _place(groups, level, previous)
            previous, placed = None, True
            for _, word, problem in _command_word_problems(names, command.words, None, range(0)):
                yield command.start, problem, word
            continue
        if command.captured and command.words == _DOLLAR_WORDS and not given_held and not command.piped and command.stdin is None and command.written is None:
            # the "$" a substitution leaves as a command ($($($(...), fed nothing: no finding, nothing read, written
            # nor taken (``_DOLLAR_WORDS``); only where its output goes is followed, as for any command
            if not placed:
                _place(groups, level, previous)
            first = False
            previous, placed, level = (command, _DOLLAR_PROGRAM, None), command.captured and not (capturing and not capturing[-1]), len(groups)
            continue
        program, line = read_command(command.words)  # once per command: its input and its words are judged with it
        if not placed and not command.piped:
            _place(groups, level, previous)
        fed = None
        if waiting is not None and waiting[2] == substituted and (first or not command.piped):  # the group's input, not read yet
            fed = waiting[0]
            if not leaves_its_input(command, program):
                left = left_after_read(fed, command, program)  # read x: the lines after its own
                waiting = (left, waiting[1], waiting[2]) if left is not None else None
        elif command.piped and previous is not None and not first:  # first: the pipe into its group (``{ cmd``), read above
            fed = previous if isinstance(previous, PipeInput) else pipe_output(*previous)
        elif command.captured and inherited and inherited[-1][0] == substituted and not (piped_into and piped_into[-1] == substituted):
            # x=$(sudo -S id): the input of the command it is in (not in x=$(echo ... | (cat; sudo -S id)): the pipe's)
            fed = inherited[-1][1]
            if not leaves_its_input(command, program):
                if (left := left_after_read(fed, command, program)) is not None:
                    inherited[-1] = (inherited[-1][0], left)
                else:
                    inherited.pop()
        if given_held:
            if leaves_its_input(command, program):
                kept_from = len(held) if kept_from is None else kept_from
            pipeline_from, pipeline_reads_held = len(held), not leaves_its_input(command, program)
        first = False
        stdin = stdin_secret(fed, command, program)
        # $(...)'s output is not its group's; in <(...), it is written into the file, the output of the group read as it
        # in a group in a substitution, its output is the group's: ( echo ... ) | cmd in x=$(...)
        previous, placed, level = (command, program, fed), command.captured and not command.grouped and not (capturing and not capturing[-1]), len(groups)
        if stdin:
            if (secret := secret_read(fed, command, program)) is not None and in_the_script(secret, script):
                if read is not None:
                    read.append(secret)
                if secret.start >= 0:  # (cat <<EOF > FILE | docker login --password-stdin: the write dropped)
                    taken, held = _after_a_secret_read(secret, taken, held, written)
                else:  # (a here-document's lines come after the reader: none of the pipeline's words is in them)
                    below, above = _readers_findings(len(held), given_held, command.piped, kept_from, pipeline_from, pipeline_reads_held)
                    held = [finding for at, finding in enumerate(held) if not ((at < below or at >= above) and in_secret_read(finding[2], secret))]
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = [], None, 0, True
            yield command.start, stdin, ""
        if isinstance(command.stdin, HereDocument) and _copies_a_message(script, command, program):
            message = command.stdin.lines.written(command.stdin)
        teed = tee_fed(command, program, fed)
        document = _document_written(command, program, written_until, teed)
        if document is not None:
            written_until = document.end
        if teed is not None and isinstance(teed.text, str) and _written_words_reported(held, teed.text):
            teed = None  # echo DB_PASSWORD=... | tee app.env: reported as echo's words, as with > app.env
        own = _command_findings(names, script, command, program, depth, line, taken, git_keys, message, shown, document, teed, files_judged)
        if (
            document is not None
            and any(problem.startswith(WRITES_A_SECRET) for _, problem, _ in own)
            and (document := document_placed(document, script, command.start)) is not None
        ):
            # cat > config.json <<EOF: its lines are the file's secret, reported as the writing command's (once)
            written_until = max(written_until, document.end)
            if read is not None:
                read.append(document)
            taken = document_taken = document
            written = command.start
            document_closed = script.find("\n", document.end + 1) % (len(script) + 1)  # (none: the script's end)
            yield from held
            held, kept_from, pipeline_from, pipeline_reads_held = own, None, 0, True  # (a reader of that document after a pipe: its own finding alone)
            continue
        held += own
    yield from held


_DOLLAR_WORDS = ["$"]
"""The words of the command ``shell_items`` makes of the ``$`` before a substitution that opens no command's words
(``$($($(...``: one per ``$(``). Its program is ``$`` (``_DOLLAR_PROGRAM``), no wrapper's, shell's, interpreter's nor
positional reader's, and its one word no option nor ``NAME=value``: ``_command_findings`` finds nothing in it; given no
input, no here-document and no file (``script_findings``), it reads, tees and writes nothing either."""
_DOLLAR_PROGRAM = read_command(_DOLLAR_WORDS)[0]


def _after_a_secret_read(
    secret: SecretRead | None, taken: SecretRead | None, held: list[tuple[int, str, str]], written: int = -1
) -> tuple[SecretRead | None, list[tuple[int, str, str]]]:
    """What a reader's ``secret`` leaves of the last one ``taken`` from the script's words and of the
    findings ``held`` before it: a secret written among the words is taken (later words in it are
    not judged again), and when it is the here-document the command at ``written`` wrote into a file
    (``docker login --password-stdin < <(cat <<EOF | tee FILE``), that command's write is dropped,
    one secret reported as the reader's; one read from elsewhere (a here-document's lines) drops the held findings it
    holds, which it reports itself."""
    if secret is None:
        return taken, held
    if secret.start >= 0:
        if taken is not None and written >= 0 and secret.start == taken.start:
            held = [finding for finding in held if not (finding[0] == written and finding[1].startswith(WRITES_A_SECRET))]
        return secret, held
    return taken, [finding for finding in held if not in_secret_read(finding[2], secret)]


def _input_secret(
    fed: PipeInput | None, reader: ShellCommand, program: Program | None, script: str, read: list[SecretRead] | None
) -> tuple[str, SecretRead | None] | None:
    """(what is wrong, the secret it takes when placed in ``script``, added to ``read``) when a command
    reads a literal secret on its input, its own redirection's or ``fed``; None otherwise."""
    stdin = stdin_secret(fed, reader, program)
    if not stdin:
        return None
    secret = secret_read(fed, reader, program)
    if secret is None or not in_the_script(secret, script):
        return stdin, None
    if read is not None:
        read.append(secret)
    return stdin, secret


def _replaced_inputs_marked(items: list[ShellCommand | GroupMark | Substitution]) -> list[ShellCommand | GroupMark | Substitution]:
    """A script's items, each process substitution a command reads as its input (``< <(...)``) marked
    "replaced" when a later redirection of that command's input replaces it (bash opens them left to
    right: ``sudo -S id < <(echo ...) <<< y`` reads y, never the file), as ``< FILE`` after a
    here-string is its input; and the command given that file as its own input, which neither a pipe
    nor its group's input nor a redirection before it reaches (``echo ... | sudo -S id < <(...)``).
    Two passes, each item looked at once in each (a search forward and back from each ``< <(`` was
    quadratic: ``sudo -S id`` then `` $(y) < <(x)`` 2,000 times took 10 s)."""
    replaced_after = _inputs_replaced_after(items)
    pieces: list[list[int]] = [[]]  # for each substitution open (and the script), its command's pieces yet to be given the file
    for at, item in enumerate(items):
        if isinstance(item, Substitution):
            if not item.opens:
                if len(pieces) > 1:
                    pieces.pop()
                else:
                    pieces[0] = []  # a ")" closing nothing: no search back from after it reaches what comes before
                continue
            if item.file == "input":
                if replaced_after[at]:
                    items[at] = item._replace(file="replaced")
                _given_its_own_input(items, pieces[-1])
            pieces.append([])
        elif not isinstance(item, ShellCommand):
            pieces[-1] = []  # (a group's mark: the command before it is another's)
        elif item.continued:
            pieces[-1].append(at)
        else:
            pieces[-1] = [at]  # the command's first words: none before them are its
    return items


_PROCESS_SUBSTITUTION_FILE = InputFile("<(...)")
"""The input of a command reading a process substitution's file (``cmd < <(...)``), as its words are
read: its own, not the pipe's (``_given_a_file`` gives it what the file holds once it closes)."""


def _given_its_own_input(items: list[ShellCommand | GroupMark | Substitution], pieces: list[int]) -> None:
    """Sets the input of the command whose words (``pieces``, the first one's and those after a
    substitution among them) come before a process substitution it reads as its input to its file,
    and empties ``pieces`` (a later ``< <(...)`` of the same command finds them given it)."""
    for index in pieces:
        command = items[index]
        assert isinstance(command, ShellCommand)
        items[index] = command._replace(stdin=_PROCESS_SUBSTITUTION_FILE if not command.continued else None)
    pieces.clear()


def _inputs_replaced_after(items: list[ShellCommand | GroupMark | Substitution]) -> list[bool]:
    """For each process substitution opening at ``items[at]`` that a command reads as its input, whether
    that command redirects its input again after it: its words that follow (``ShellCommand.continued``)
    bring a here-string, a here-document or ``< FILE``, or another ``< <(...)`` opens among them. One
    pass forward matching each substitution's opening to its close, one back judging what follows each
    item as its command's words: what follows ``items[at]``'s close (never closed: nothing)."""
    closes: dict[int, int] = {}  # the index of each substitution's opening: its close's
    opened: list[int] = []
    for index, item in enumerate(items):
        if isinstance(item, Substitution):
            if item.opens:
                opened.append(index)
            elif opened:
                closes[opened.pop()] = index
    # from_here[i]: whether the command's words from items[i] on (a ")" of the substitution it is in: none) redirect its input
    from_here = [False] * (len(items) + 1)
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if isinstance(item, Substitution):
            if item.opens and item.file == "input":
                from_here[index] = True
            elif item.opens and index in closes:
                from_here[index] = from_here[closes[index] + 1]  # (a substitution among its words: what follows it)
        elif isinstance(item, ShellCommand) and item.continued:
            from_here[index] = item.stdin is not None or from_here[index + 1]
    return [
        isinstance(item, Substitution) and item.opens and item.file == "input" and at in closes and from_here[closes[at] + 1]
        for at, item in enumerate(items)
    ]


def _with_file_groups(items: Iterable[ShellCommand | GroupMark | Substitution]) -> Iterator[ShellCommand | GroupMark | Substitution]:
    """A script's items, each process substitution's (``<(...)``) held in a subshell's marks just inside
    its own: the file holds what all its commands write, as a subshell's output (``script_findings``)."""
    files: list[bool] = []  # for each substitution open, whether it is a process substitution
    for item in items:
        if isinstance(item, Substitution):
            if item.opens:
                files.append(bool(item.file))
                yield item
                if item.file:
                    yield _FILE_OPENS
                continue
            if files and files.pop():
                yield _FILE_CLOSES
        yield item


_FILE_OPENS, _FILE_CLOSES = GroupMark(True, False), GroupMark(False, False)


def _reads_its_file(writer: tuple[_Command, _Command | PipeInput, bool, int, bool, str] | None) -> bool:
    """Whether the substitution open last (``script_findings``' ``substituted_in``) is a process
    substitution a command reads as its input (``sudo -S id < <(echo ...)``)."""
    return writer is not None and writer[5] == "input"


def _given_a_file(writer: tuple[_Command, _Command | PipeInput, bool, int, bool, str], written: PipeInput) -> _Command | PipeInput:
    """What a command given a process substitution's file (``written``: its group's output) writes into
    a pipe after it, or for the command reading the file as its input, that command given it (``cmd
    < <(...)``): ``cat`` with no option changing what it copies writes the files named among its words
    in order (one not known, ``-`` its input too: None), after what it wrote before (``cat <(a) <(b)``);
    another command its own output, as it was before the file."""
    (command, program, _), before = writer[0], writer[1]
    if writer[5] == "input":
        return command._replace(stdin=None), program, PipeInput("< <(", "", False, parts=(written,))  # its last input redirection
    if writer[5] == "replaced" or program is None or not _copies_its_files(command.words, program):
        return before  # (replaced: the file is opened as its input, then the next redirection's is)
    if isinstance(before, PipeInput):
        earlier = before.parts or () if before.writer == "cat <(" else (before,)
    else:
        earlier = tuple(None for word in command.words[program[0] + 1 :] if word not in _CAT_OPTIONS)
    return PipeInput("cat <(", "", command.diverted, parts=(*earlier, written))


_CAT_OPTIONS = frozenset({"--", "-u"})


def _copies_its_files(words: list[str], program: Program) -> bool:
    """Whether a command is ``cat`` writing the files named among its words unchanged (``-``: its
    input): no option but ``-u`` (``-n``, ``-A`` change what it writes); not under ``sudo -S``,
    which reads a line of its input first."""
    if program[1] != "cat" or sudo_stdin_option(words, program) is not None:
        return False
    return all(word in _CAT_OPTIONS or word == "-" or word[:1] != "-" for word in words[program[0] + 1 :])


def _command_findings(
    names: Names,
    script: str,
    command: ShellCommand,
    program: Program | None,
    depth: int,
    line: CommandLine | None,
    taken: SecretRead | None,
    git_keys: dict[str, str],
    message: tuple[int, int] = (0, 0),
    shown: list[tuple[int, str]] | None = None,
    document: SecretRead | None = None,
    teed: PipeInput | None = None,
    files_judged: BoundedMemo | None = None,
) -> list[tuple[int, str, str]]:
    """(the command's offset, what is wrong, the word) for each secret one command of ``script``
    passes (``_command_problems``), but those in the secret a reader took (``taken``: a here-document's
    lines), the keyword arguments closing a call of code (``_without_code_arguments``) and the
    ``NAME=value`` words a message shows how to set (``_shows_how_to_set``: an echo's or printf's
    to the terminal, or a line of the here-document ``cat`` copies there, ``message``: where its
    lines are), each added to ``shown`` (its offset and NAME); ``git_keys``: the ``GIT_CONFIG_KEY_<n>``
    the script's commands set so far (``git_config_env_words_problems``); ``document``: where the
    here-document the command writes into a file is (``_document_written``), None when it writes none
    or one inside another's, which is that file's text; ``teed``: the literal piped into ``tee``
    (``tee_fed``), which it writes into its files; ``files_judged``: the script's judgements of the
    files written so far (``_files_written``)."""
    if _names_nothing(command, program, line):  # a | a | ...: no judge finds anything in a word alone
        return []
    dropped = None  # a line of a here-document taken (written into a file), read as a command: its words judged there
    if taken is not None and taken.start >= 0 and taken.start <= command.start < taken.end and command.written is None and (program is None or program[1] != "tee"):
        dropped = _WordsTaken(taken, command.start)  # (not for a command that writes a file: whether its words hold a secret is asked)
    found: Iterable[tuple[int, str, str]] = _command_problems(names, command.words, program, depth, line, git_keys, dropped)
    if any("=data:" in word and ";" not in word for word in command.words):  # the words, not the whole script: linear
        found = [*found, *_data_key_cut_at_semicolon(script, command)]
    if program is not None and (command.written is not None or program[1] == "tee"):
        found = list(found)
        found += [(0, word, problem) for problem, word in _files_written(names, command, program, not found, document, teed, files_judged)]
    if taken is not None and taken.start <= command.start < taken.end:
        found = (each for each in found if not in_secret_read(each[1], taken, command.start))
    held = [(command.start, problem, word) for _, word, problem in found]
    if held and (
        message[0] <= command.start < message[1]
        or (program is not None and program[1] in ("echo", "printf") and _prints_a_message(script, command))
    ):
        memo = judged_texts()  # (its word judged once over the lines alike of a here-document or a script)
        kept = [
            each
            for each in held
            if not (_shows_how_to_set(names, each[2], each[1]) if memo is None or len(each[2]) > JUDGED_TEXT else memo.answer(_shows_how_to_set, names, each[2], each[1]))
        ]
        if shown is not None and len(kept) < len(held):
            shown += [(command.start, each[2].partition("=")[0].lstrip("\"'")) for each in held if each not in kept]
        held = kept
    return _without_code_arguments(script, held) if held else held


def _names_nothing(command: ShellCommand, program: Program | None, line: CommandLine | None) -> bool:
    """Whether a command is its program's word alone, writing no file (``a`` in ``a | a | ...``,
    ``cat``, ``true``), in which ``_command_findings`` finds nothing, exactly: no word after the
    program for a script, a secret by position, ``printf -v``, an interpreter's code or an option
    (``_command_problems``), no command line a wrapper runs (``line``), no ``NAME=value`` nor flag
    (no ``=``, no leading ``-``: ``_command_word_problems``, ``GIT_CONFIG_...=``, ``=data:``), and no
    redirection into a file nor ``tee`` (``_files_written``). A screen for the fixed cost of a
    command, most of a dense script's: each judge it spares is one of the program's words after it."""
    words = command.words
    if len(words) != 1 or line is not None or program is None or program[0] != 0 or command.written is not None:
        return False
    word = words[0]
    return "=" not in word and word[:1] != "-" and program[1] != "tee"


_MESSAGE_READ = 1024
"""Characters of an echo's or printf's line read to find where its output goes, at most
(``_prints_a_message``): a longer line is taken as writing elsewhere."""
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*+"|'[^']*+'""")
_TO_THE_TERMINAL = re.compile(
    r"(?:(?:[12]?+>&[12]|[12]?+>[ \t]*+/dev/std(?:err|out)|2>[ \t]*+/dev/null)[ \t]*+)*+(?:$|;|&(?!>)|\|\||(?<=[ \t])\))"
)
"""What may follow an echo's or printf's words (quoted text set apart) when its output is a message:
nothing, or redirections to standard error or output (``>&2``, ``1>&2``, ``> /dev/stderr``), up to
the end of the line, ``;``, ``&&``, ``||`` or the ``)`` closing a subshell after a blank (``( echo ...
>&2 ) > FILE``); not ``> FILE``, ``>> FILE``, ``&> FILE`` nor ``| cmd``."""
_TO_STDERR = re.compile(r"(?:^|[^0-9])1?+>(?:&2|[ \t]*+/dev/stderr)")
"""A redirection among those (``_TO_THE_TERMINAL``) that sends standard output to standard error (``>&2``,
``1>&2``, ``> /dev/stderr``; not ``2>&1`` nor ``2>/dev/null``): what is written there is no longer the
output a group around it redirects (``_output_goes``)."""
_OUTPUT_OR_END = re.compile(r"[;&|>]")


def _prints_a_message(script: str, command: ShellCommand, here: bool = False) -> bool:
    """Whether an echo or printf of ``script`` writes its text on standard output or error, where a
    user reads it, into no file and no command: on its line, its quotes set apart, the first of
    ``; & | >`` starts ``_TO_THE_TERMINAL`` or there is none (``echo "Usage: ... DB_PASSWORD=<pw>"
    >&2; exit 1``), and it is in no command substitution (whose output is captured) nor in a group
    whose own redirection writes its output elsewhere (``{ echo ...; } > FILE``: ``_in_a_redirected_group``),
    nor, sent to standard error (``>&2``), in one whose redirection writes that into a file (``( echo
    ... >&2 ) 2> FILE``, ``&> FILE``, ``> FILE 2>&1``)."""
    if command.captured or command.continued:
        return False
    goes = _output_goes(script, command.start, here)
    return goes is not None and not _in_a_redirected_group(script, command.start, goes == _STDERR)


_STDERR = "stderr"


def _output_goes(script: str, start: int, here: bool = False) -> str | None:
    """Where the line of ``script`` from ``start`` (a command's), its quotes set apart, sends what is
    written there (``_TO_THE_TERMINAL``; ``here``: a here-document's redirection set apart,
    ``_HERE_REDIRECTION``): None elsewhere than the terminal (a file, a pipe), ``_STDERR`` when a redirection on it sends
    standard output to standard error (``_TO_STDERR``: ``>&2``; a group around it redirecting its own
    output changes nothing), "" for where the group around it sends its output (no redirection)."""
    end = script.find("\n", start, start + _MESSAGE_READ)
    if end < 0:
        end = len(script)
        if end - start > _MESSAGE_READ:
            return None
    line = _QUOTED.sub("''", script[start:end])
    if here:
        line = _HERE_REDIRECTION.sub("", line)
    first = _OUTPUT_OR_END.search(line)
    if first is None:
        return ""
    at = first.start() - 1 if first.group() == ">" and first.start() > 0 and line[first.start() - 1] in "12" else first.start()
    found = _TO_THE_TERMINAL.match(line, at)
    if found is None:
        return None
    return _STDERR if _TO_STDERR.search(found.group()) is not None else ""


def _in_a_redirected_group(script: str, start: int, stderr: bool = False) -> bool:
    """Whether what the command of ``script`` at offset ``start`` writes on its standard output (with
    ``stderr``, on its standard error) is written elsewhere than the terminal by the groups around it:
    brace groups (or compound commands read as one: ``if ... fi``, ``while ... done``) and subshells
    whose closing word's (or ``)``'s) line redirects it, followed from the innermost out
    (``_group_streams``): ``{ echo "DB_PASSWORD=..."; } > /etc/app.env``, ``done | tee FILE``, ``) >>
    FILE``; not ``} >&2`` nor ``( { echo ...; } >&2 ) > FILE`` (standard error is the terminal's),
    but ``{ { echo ...; } >&2; } 2> FILE`` and ``( echo ... >&2 ) &> FILE`` (``_redirected_groups``,
    read once a script)."""
    starts, ends = _redirected_groups(script)[stderr]
    at = bisect_right(starts, start) - 1
    return at >= 0 and start < ends[at]


_FILE = "file"
_GROUP_REDIRECTION = re.compile(r"[ \t]*+(?:(?P<fd>[0-9]?+|&)(?P<op>>&|>>|>\||>)[ \t]*+(?P<target>[^\s;&|()<>]*+)|[0-9]?+<[<&>-]?+[ \t]*+[^\s;&|()<>]*+)")
"""A redirection on a group's closing line: of output (``> FILE``, ``2>> FILE``, ``&> FILE``, ``>&2``,
``2>&1``), or of input, set apart (``< FILE``, ``<<EOF``)."""
_CLOSING_WORD = re.compile(r"[^\s;&|<>]*+")


def _group_streams(script: str, close: int) -> tuple[str, str] | None:
    """Where the group closing at offset ``close`` of ``script`` (its ``}``, ``done``, ``fi`` or
    ``)``) sends what its commands write on standard output and on standard error, read from its
    line (quotes set apart) in order: each "1" or "2" (the stream of that number around the group),
    or ``_FILE`` (a file or a pipe: ``> FILE``, ``2> FILE``, ``&> FILE``, ``| cmd``; standard output to
    ``/dev/null`` too, as ``_output_goes`` reads it); None for a line too long to read
    (``_MESSAGE_READ``), read as one writing standard output elsewhere."""
    end = script.find("\n", close, close + _MESSAGE_READ)
    if end < 0:
        end = len(script)
        if end - close > _MESSAGE_READ:
            return None
    line = _QUOTED.sub("''", script[close:end])
    at = _CLOSING_WORD.match(line).end()  # type: ignore[union-attr]
    redirections: list[re.Match[str]] = []
    while (found := _GROUP_REDIRECTION.match(line, at)) is not None and found.end() > at:
        at = found.end()
        if found.group("op") is not None:  # (not an input)
            redirections.append(found)
    rest = line[at:].lstrip(" \t")
    piped = rest[:1] == "|" and rest[:2] != "||"  # the pipe is made first: } 2>&1 | tee FILE sends both into it
    out, err = _FILE if piped else "1", _FILE if rest[:2] == "|&" else "2"
    for found in redirections:
        op, fd, target = found.group("op"), found.group("fd"), found.group("target")
        if op == ">&" and target in ("1", "2"):
            to = out if target == "1" else err
        elif op == ">&" and target == "-" or target == "/dev/null":
            to = _FILE if fd in ("", "1", "&") else err  # closed or discarded: standard output as a file, as before
        elif target in ("/dev/stdout", "/dev/stderr"):
            to = out if target == "/dev/stdout" else err
        else:
            to = _FILE
        if fd in ("", "1") or fd == "&" or (op == ">&" and fd == "" and target not in ("1", "2")):
            out = to
        if fd == "2" or fd == "&" or (op == ">&" and fd == "" and target not in ("1", "2", "-")):
            err = to
    return out, err


_Parts = tuple[list[int], list[int]]


@lru_cache(maxsize=8)
def _redirected_groups(script: str) -> tuple[_Parts, _Parts]:
    """The spans (starts, ends: offsets, sorted, none overlapping) of ``script`` where what a command
    writes on standard output, then on standard error, goes elsewhere than the terminal through the
    groups around it (``_in_a_redirected_group``), from the first command of a redirected group to
    its closing word or ``)``, read in one pass over the script's items (``shell_items``): a group
    opening records how many commands came before it, its close the first one after. Linear in the script."""
    if not _may_open_a_group(script):
        return _innermost_elsewhere([])  # no group: nothing redirected around a command (one pass of the split spared)
    commands: list[int] = []  # each command's offset, in order
    opened: list[int] = []  # for each open group, how many commands came before it
    spans: list[tuple[int, int, tuple[str, str] | None]] = []  # (start, end, where its streams go: ``_group_streams``)
    for item in shell_items(script):
        if isinstance(item, ShellCommand):
            commands.append(item.start)
        elif isinstance(item, GroupMark):
            if item.opens:
                opened.append(len(commands))
            elif opened:
                first = opened.pop()
                close = item.command.start if item.command is not None else item.closing  # a subshell's ")"
                if close >= 0 and first < len(commands) and not item.captured and (goes := _group_streams(script, close)) != ("1", "2"):
                    spans.append((commands[first], close, goes))
    return _innermost_elsewhere(spans)


_GROUP_OPENERS = ("(", "{", "`", "if", "for", "while", "until", "case")
"""What a group's opening (``GroupMark``) needs in a script: a subshell's ``(`` (a here-string's
substitution read as one: ``$(`` or backquotes), a brace group's ``{``, a compound command's first
word (``shell_reader._COMPOUND_OPENS``)."""


def _may_open_a_group(script: str) -> bool:
    """Whether ``script`` may open a group (``_GROUP_OPENERS``, each looked for as written, in C): a
    script with none of them (``cat <<EOF`` then lines of ``NAME=value``) has no group redirected."""
    return any(opener in script for opener in _GROUP_OPENERS)


_OUTPUT_ELSEWHERE = (_FILE, "2")


def _innermost_elsewhere(spans: list[tuple[int, int, tuple[str, str] | None]]) -> tuple[_Parts, _Parts]:
    """The parts (starts, ends: sorted, none overlapping, touching ones joined) of the spans of
    redirected groups (start, end, where each sends its standard output and error: ``_group_streams``;
    nested or apart, as groups are) where standard output, then standard error, followed through the
    spans around them from the innermost out, goes to a file: one sweep over the spans sorted, each
    pushed and popped once, where each stream goes composed as a span is pushed."""
    spans.sort(key=lambda span: (span[0], -span[1]))
    parts: tuple[_Parts, _Parts] = (([], []), ([], []))
    around: list[tuple[int, tuple[str, str]]] = []  # the spans open at ``at``, innermost last: (end, where 1 and 2 go at last)
    at = 0

    def part(until: int) -> None:  # from ``at`` to ``until``, under the innermost span open
        if not around or at >= until:
            return
        for goes, (starts, ends) in zip(around[-1][1], parts):
            if goes != _FILE:
                continue
            if ends and ends[-1] >= at:
                ends[-1] = max(ends[-1], until)
            else:
                starts.append(at)
                ends.append(until)

    for begin, end, streams in [*spans, (-1, -1, None)]:  # (a last one closes all)
        while around and (begin < 0 or around[-1][0] <= begin):
            part(around[-1][0])
            at = max(at, around.pop()[0])
        if begin < 0:
            break
        part(begin)
        at = begin
        outer = around[-1][1] if around else ("1", "2")
        own = streams or _OUTPUT_ELSEWHERE
        around.append((end, (_through(own[0], outer), _through(own[1], outer))))
    return parts


def _through(goes: str, outer: tuple[str, str]) -> str:
    """Where a stream a group sends to ``goes`` ends, given where the groups around it send their
    standard output and error at last (``outer``)."""
    return goes if goes == _FILE else outer[0] if goes == "1" else outer[1]


_HERE_REDIRECTION = re.compile(r"[0-9]?+<<-?+[ \t]*+(?:''|\\?+[\w.\-]++)")
"""A here-document's redirection on its command's line, its quoted delimiter read as ``''``
(``<<EOF``, ``<<-'EOF'``, ``<<\\EOF``): set apart when ``_prints_a_message`` reads where ``cat``
writes it (``cat >&2 <<EOF``)."""


def _copies_a_message(script: str, command: ShellCommand, program: Program | None) -> bool:
    """Whether a command given a here-document is ``cat`` copying it unchanged (``_copies_its_files``,
    no file named: ``cat``, ``cat -``) to standard output or error (``_prints_a_message``, the
    here-document's redirection set apart: ``cat <<EOF``, ``cat >&2 <<'EOF'``; not ``cat > FILE
    <<EOF``, ``cat <<EOF | tee FILE`` nor ``x=$(cat <<EOF``): a usage message, as an echo's."""
    if program is None or not _copies_its_files(command.words, program):
        return False
    if any(word[:1] != "-" or len(word) > 1 for word in command.words[program[0] + 1 :] if word not in ("--", "-u")):
        return False
    return _prints_a_message(script, command, here=True)


def _shows_how_to_set(names: Names, word: str, problem: str) -> bool:
    """Whether a ``sets "NAME"`` finding on a word echo or printf writes as a message (``NAME=value``,
    maybe with prose after the value) shows how to set NAME rather than setting it: the value's first
    word (printf's ``\\n`` and a closing ``.``, ``,``, ``)`` set apart) is a placeholder, no literal
    (``<pw>``, ``...``: ``shell_literal``), or ``your`` and a secret's name, ``your`` maybe glued to it
    (``your-password``, ``yourpassword``: ``names_the_secret_only`` with ``glued``). A literal there
    (``DB_PASSWORD=hunter2 is set``) is judged as before."""
    pair = _NESTED_ASSIGNMENT.match(word) if problem[:6] == 'sets "' else None
    if pair is None or not names.sensitive(pair.group(1)):
        return False
    value = pair.group(2).strip("\"'")
    value = value.split(None, 1)[0] if value.strip() else ""
    end = len(value)
    while end >= 2 and value[end - 2] == "\\" and value[end - 1] in "ntr":  # printf's \n at its end
        end -= 2
    value = value[:end]
    value = value.rstrip(".,;:)\"'") or value  # (``...`` stays)
    if not value:
        return False
    return shell_literal(value) is None or names_the_secret_only(value, glued=True)


WRITES_A_SECRET = "writes a "
"""How the problem of a command writing a secret into a file starts (``_files_written``)."""


def _files_written(
    names: Names,
    command: ShellCommand,
    program: Program,
    alone: bool,
    document: SecretRead | None,
    teed: PipeInput | None = None,
    files_judged: BoundedMemo | None = None,
) -> Iterator[tuple[str, str]]:
    """(what is wrong, the word) for each file a command writes a secret into in plain text: what
    ``echo`` or ``printf`` prints into it (``echo "db:5432:*:app:PASSWORD" > ~/.pgpass``, a ``\\n`` in
    it a line break, as ``echo -e`` and ``sh``'s echo write it), or the here-document or here-string
    ``cat`` copies into it (``cat > ~/.netrc <<EOF``) or ``tee`` into its files; the word is the last
    one printed, "" for an input. A password file (``password_file_lines``: ``.pgpass``, ``.netrc``,
    an htpasswd file...) is judged line by line; any
    other file as a ConfigMap entry keyed by its base name is (``written_file_holds_a_secret``:
    ``~/.my.cnf``, ``config.json``, ``app.properties``), when the command's words hold no secret of
    their own (``alone``: reported as theirs) and its here-document is no other's (``document``).
    ``tee`` given no input of its own writes what is piped into it (``teed``: ``echo -n "..." | tee
    /run/secrets/api-token``), judged as that text written with ``>``; the word is that text, so a
    reader after it taking the same text reports it alone. ``files_judged``: whether each (file kind,
    text) the script wrote so far holds a secret, judged once (``echo ... | tee a.conf | tee a.conf ...``
    writes one text many times; at most ``_FILES_REMEMBERED`` kept)."""
    files = [command.written] if command.written is not None else []
    if program[1] == "tee":
        files = [word for word in command.words[program[0] + 1 :] if word[:1] != "-"]
    elif program[1] == "cat" and any(word != "-" for word in command.words[program[0] + 1 :]):
        return  # cat FILE > ...: the file's content, not in the script
    if not files:
        return
    stdin = command.stdin
    fed = teed.text if teed is not None and stdin is None else None  # (tee_fed: tee with no input of its own)
    stdin = fed if fed is not None else stdin
    # the here-document cat or tee copies: its text is built only when judged as a whole (its lines are
    # judged once a script by a line-by-line reader: a here-document inside many others is read once)
    copied = stdin if isinstance(stdin, HereDocument) and program[1] in ("cat", "tee") else None
    text: str | None = None
    if copied is not None:
        word = ""
    elif isinstance(fed, str) and teed is not None:  # echo or printf piped into tee: what it prints
        text, word = (fed.replace("\\n", "\n") if teed.writer[:4] in ("echo", "prin") else fed), fed
        if not text:
            return
    elif program[1] in ("cat", "tee"):
        text, word = stdin if isinstance(stdin, str) else None, ""
        if not text:
            return
    elif (printed := printed_text(command.words, program)) is not None:
        text, word = printed[1].replace("\\n", "\n"), command.words[-1]
        if not text:
            return
    else:
        return
    judged = _FILES_JUDGED if alone and (document is not None or not isinstance(stdin, HereDocument)) else 0
    answers: dict[Callable[[str], list[int] | None], bool] = {}  # each password file reader's, once (tee a.htpasswd b.htpasswd ...)
    for path in files:
        name, judged_as = _file_named(path)
        if (reader := password_file_reader(judged_as.lower())) is not None:
            if (answer := answers.get(reader)) is None:
                if copied is not None and (line_reader := LINE_BY_LINE.get(reader)) is not None:
                    answer = copied.lines.any_line_found(copied, line_reader)
                elif copied is not None and (stepped := STEPPED.get(reader)) is not None:
                    answer = copied.lines.line_found_in_order(copied, *stepped)  # .netrc: a value on the next line
                else:
                    text = copied.lines.body(copied) if text is None and copied is not None else text
                    answer = bool(text) and bool(reader(text or ""))
                answers[reader] = answer
            if answer:
                yield f'writes a password into "{token_runs_hidden(name)}"', word
                continue
        if judged and judged_as and name not in _NO_FILE and "$" not in judged_as:
            judged -= 1
            text = copied.lines.body(copied) if text is None and copied is not None else text
            if not text:
                continue
            if files_judged is None:
                holds = _file_text_holds_a_secret(names, judged_as, text)
            else:
                holds = files_judged.answer(_file_text_holds_a_secret, names, judged_as, text)
            if holds:
                yield f'writes a secret into "{token_runs_hidden(name)}"', word


def _file_text_holds_a_secret(names: Names, judged_as: str, text: str) -> bool:
    """Whether ``text`` written into a file named ``judged_as`` holds a secret, judged as a ConfigMap
    entry's text under that key is, or is a secret file's literal (``_a_secret_files_literal``)."""
    from webhook.checks.secrets.configmap import written_file_holds_a_secret  # (configmap reads scripts with this module)

    return written_file_holds_a_secret(names, judged_as, text) or _a_secret_files_literal(names, judged_as, text)


_FILE_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*+)(?:[:\-=+?][^}]*+)?+\}|(?P<plain>[A-Za-z_]\w*+))")
"""A file named by a variable alone (``$PGPASSFILE``, ``${NETRC}``, ``${PGPASSFILE:-/tmp/pgpass}``)."""
_FILES_VARIABLES_NAME = (("pgpass", ".pgpass"), ("netrc", ".netrc"), ("mycnf", ".my.cnf"))
"""What a variable naming a file says it is (its name lowercased, ``_`` left out, holding the first):
the file it is judged as (``_file_named``): ``PGPASSFILE``, ``NETRC_FILE``, ``MY_CNF``."""


_SECRET_FILE = re.compile(r"\.?+[a-z0-9_\-]*?(?:password|passwd|token|secret)")
"""The base name (lowercased) of a file that holds one secret, its whole text (``_a_secret_files_literal``):
no extension, the name ending in the word for it (``password``, ``/run/secrets/db_password``, ``.vault-token``,
``client-secret``); not ``secret_ready`` nor ``token_ttl``."""


def _a_secret_files_literal(names: Names, name: str, text: str) -> bool:
    """Whether a command writes a secret in plain text into a file whose name says it holds one and
    nothing else (``_SECRET_FILE``: ``echo -n "..." > /run/secrets/db_password``): its text, one line,
    is that secret, judged as a sensitive env var's value (a literal, no count, no credential's ID or
    place, no path or reference: ``echo -n "$DB_PASSWORD"`` writes none); ``/etc/passwd`` holds
    accounts, no password."""
    lowered = name.lower()
    if lowered == "passwd" or _SECRET_FILE.fullmatch(lowered) is None or not names.sensitive(name):
        return False
    value = text.rstrip("\r\n")
    return "\n" not in value and bool(value.strip()) and literal_secret(name, value) and not names_something_else(value)


def _file_named(path: str) -> tuple[str, str]:
    """(the name a message shows, the name judged) of a file a command writes (``_files_written``): its
    base name, both; for a variable alone, the variable as written and the file its name says
    (``_FILES_VARIABLES_NAME``: ``"$PGPASSFILE"`` is judged as ``.pgpass``), "" when it says none."""
    if path[:1] == "$" and (variable := _FILE_VARIABLE.fullmatch(path)) is not None:
        said = (variable.group("braced") or variable.group("plain")).lower().replace("_", "")
        return path, next((file for part, file in _FILES_VARIABLES_NAME if part in said), "")
    name = path.rstrip("/").rpartition("/")[2]
    return name, name


_FILES_JUDGED = 4
"""The files of one command (``tee a b c ...``) whose text is judged as a ConfigMap entry's, at most
(``_files_written``): the same text judged again under more names, a command stays linear."""
_FILES_REMEMBERED = 64
"""The judgements of files written a script remembers, at most (``_files_written``): one per (file kind, text)."""

_NO_FILE = frozenset({"null", "stdout", "stderr", "tty", "console", ""})
"""Files a command's output goes to that keep nothing (``/dev/null``, ``/dev/stderr``): no file written."""


def tee_fed(command: ShellCommand, program: Program | None, fed: PipeInput | None) -> PipeInput | None:
    """The literal ``tee`` writes into its files when it is piped one (``fed``: ``echo -n "..." | tee
    FILE``, ``cat <<EOF | tee FILE``, maybe through filters) and has no input of its own; None for any
    other command, a group's output, one redirected on its way (nothing reaches the pipe) and ``sudo
    -S tee`` (``copies_its_input``)."""
    if fed is None or program is None or program[1] != "tee" or command.stdin is not None or fed.parts is not None or fed.diverted:
        return None
    if isinstance(fed.text, InputFile) or not copies_its_input(command.words, program):
        return None
    return fed


_TEED_WORDS_READ = 64
"""The held findings looked for in a literal piped into ``tee``, at most (``_written_words_reported``):
a long pipeline stays linear."""


def _written_words_reported(held: list[tuple[int, str, str]], text: str) -> bool:
    """Whether a finding held for a word written in the text piped into ``tee`` is already reported
    (``echo "DB_PASSWORD=..." | tee app.env``: ``sets "DB_PASSWORD"``, echo's own): then tee's file is
    not judged again, as the words of ``echo ... > app.env`` keep the file's from being judged."""
    read = SecretRead(text)
    return any(in_secret_read(word, read) for _, _, word in held[-_TEED_WORDS_READ:])


def document_placed(document: SecretRead, script: str, at: int) -> SecretRead | None:
    """The here-document lines the command of ``script`` at offset ``at`` writes into a file
    (``_document_written``), placed in ``script``: as they are, or those of a command substitution's
    script within it, numbered from its own start (``echo "$(tee FILE <<EOF ...)"``), found as
    written after the command, no farther than they are in that script (one search, bounded);
    None when they are not found so."""
    if in_the_script(document, script):
        return document
    body = document.script[document.start : document.end]
    if not body:
        return None
    found = script.find(body, at, at + document.start + len(body))
    return SecretRead("", found, found + len(body), script) if found >= 0 else None


def _document_written(command: ShellCommand, program: Program | None, written_until: int, teed: PipeInput | None = None) -> SecretRead | None:
    """Where the here-document a command copies into a file is written (``cat > FILE <<EOF``, ``tee
    FILE <<EOF``, ``cat <<EOF | tee FILE``: ``teed``, piped into tee), as a reader's secret
    (``SecretRead``: its lines); None for any other command, and
    for one whose command is inside a here-document written before (``written_until``: where it ends),
    that document's text, judged with it: each line is judged once, however deep they nest."""
    stdin = command.stdin if teed is None else teed.text
    if not isinstance(stdin, HereDocument) or program is None or command.start < written_until:
        return None
    if program[1] != "tee" and (program[1] != "cat" or command.written is None):
        return None
    start, end = stdin.lines.written(stdin)
    return SecretRead("", start, end, stdin.lines.script)


_WORD_READ = 1024
"""Characters read past where the word before ended to find a word as written, at most
(``_without_code_arguments``): a long script stays linear."""


class _WordsTaken:
    """The words of a command on a line of a here-document a reader took (``taken``: one written into a
    file, judged as that file's text) that ``in_secret_read`` finds written on that line: their problems
    are that secret's, dropped (``_command_findings``), so they need not be judged. Each word is looked
    for after the one before as written, ``_WORD_READ`` characters on at most (linear); one not found so
    is judged, its problems dropped or kept as before."""

    __slots__ = ("script", "at", "end")

    def __init__(self, taken: SecretRead, start: int) -> None:
        line_end = taken.script.find("\n", start, taken.end)
        self.script, self.at, self.end = taken.script, start, taken.end if line_end < 0 else line_end

    def holds(self, word: str) -> bool:
        found = self.script.find(word, self.at, min(self.end, self.at + _WORD_READ + len(word)))
        if found < 0:
            return False
        self.at = found + len(word)
        return True


def _without_code_arguments(script: str, held: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """``held`` (a command's findings: its offset, what is wrong, the word; its words in order)
    without the ``NAME=value`` words that are a keyword argument closing a call of code
    (``closes_a_call_of_code``: ``connect(host=h, user=u, password=pw)``, where the shell's ``(`` and
    ``)`` set the words apart), each looked for as written in ``script`` after the one before, from
    the command's offset. A word not written so (its quotes removed) is judged as read."""
    kept: list[tuple[int, str, str]] = []
    at = held[0][0]
    for each in held:
        word = each[2]
        if word[:1] != "-" and "=" in word:
            written = script.find(word, at, at + _WORD_READ + len(word))
            if written >= 0:
                at = written + len(word)
                if closes_a_call_of_code(script, written):
                    continue
        kept.append(each)
    return kept


def _given_its_groups_input(
    command: ShellCommand,
    first: bool,
    waiting: tuple[PipeInput, int, int] | None,
    substituted: int,
    inherited: list[tuple[int, PipeInput]],
    piped_into: list[int],
    previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None,
) -> bool:
    """Whether a command is given what is piped into its group, or the input of the command its
    substitution is in, not read yet (``script_findings``: ``waiting``, ``inherited``)."""
    if waiting is not None and waiting[2] == substituted and (first or not command.piped):
        return True
    if command.piped and previous is not None and not first:
        return False
    return command.captured and bool(inherited) and inherited[-1][0] == substituted and not (piped_into and piped_into[-1] == substituted)


def _readers_findings(count: int, given_held: bool, piped: bool, kept_from: int | None, pipeline_from: int, pipeline_reads_held: bool) -> tuple[int, int]:
    """(below, above): the held findings (``count``) that may be the secret a reader takes, those at
    an index below the first or from the second on (``script_findings``): given its group's input, the
    ones written into it before a command left it (``kept_from``); fed by a pipe, its pipeline's, and
    those when that pipeline read its group's input; else all."""
    written_in = count if kept_from is None else kept_from
    if given_held:
        return written_in, count
    if piped:
        return (written_in if pipeline_reads_held else 0), pipeline_from
    return count, count


def _in_a_writers_words(command: tuple[ShellCommand, Program | None, PipeInput | None] | None) -> bool:
    """Whether a command substitution is in the words of ``echo``, ``printf``, ``tee`` or ``cat``, which
    write into a pipe after it what they print or copy (``substituted_in``)."""
    return command is not None and command[1] is not None and command[1][1] in ("echo", "printf", "tee", "cat")


_Command = tuple[ShellCommand, Program | None, PipeInput | None]
"""A command of a script as ``script_findings`` keeps it: its words, its program, what it is fed."""


def _words_writer(opening: Substitution, previous: _Command | PipeInput | None, words_of: _Command | None) -> tuple[_Command, _Command | PipeInput] | None:
    """The command a substitution opening is among the words of (``script_findings``' ``substituted_in``),
    with what was before it, or None: the command just read (``echo ... $(date)``), or the one whose
    words go on after another substitution (``words_of``: ``echo $(a) ... $(b)``, what echo wrote up
    to it in ``previous``)."""
    if not opening.in_command or previous is None:
        return None
    if not isinstance(previous, PipeInput):
        return previous, previous
    return None if words_of is None else (words_of, previous)


_ECHO_TEXT_GROWN = 4096
"""The length up to which echo's text grows with its words after a substitution (``_with_more_words``)
and with what a substitution after them writes (``_written_after_substitution``): a secret a reader
takes is a line or a few, not pages; the bound keeps one echo of many substitutions linear (its text
is copied as it grows). printf's values grow as far, and to ``_PRINTF_VALUES_GROWN`` of them (its
output is read again from all of them each time)."""
_PRINTF_VALUES_GROWN = 64


def _grown(written: PipeInput) -> bool:
    """Whether what echo or printf writes grew as far as it does with more words (``_ECHO_TEXT_GROWN``)."""
    if isinstance(written.text, str) and len(written.text) > _ECHO_TEXT_GROWN:
        return True
    values = written.values
    return values is not None and (len(values) > _PRINTF_VALUES_GROWN or sum(map(len, values)) > _ECHO_TEXT_GROWN)


def _with_more_words(written: _Command | PipeInput | None, more: ShellCommand) -> _Command | PipeInput | None:
    """What a command writes once the words after a substitution among its words (``more``) are read:
    echo's text goes on with them (``echo $(date) MORE``), printf's format writes them as more values,
    tee and cat copy their input whatever their words, another command writes its own output. A
    redirection among them diverts that output (``echo $(date) MORE > /dev/null``); another command
    gets them as more words (up to ``_PRINTF_VALUES_GROWN``: ``cat $(true) FILE`` reads FILE) and
    their input redirection as its own (``tee $(mktemp) <<EOF``, ``sudo -S id $(date) <<< ...``), its
    program read again from them all (``A=1 x=$(date) passwd``: the assignments had none, passwd is it)."""
    if isinstance(written, PipeInput):
        if more.words and written.parts is None and isinstance(written.text, str) and not _grown(written):
            if written.writer == "echo ...":
                written = written._replace(text=f"{written.text} {' '.join(more.words)}")
            elif written.values is not None:
                written = with_more_values(written, more.words)
        return written._replace(diverted=written.diverted or more.diverted)
    if written is None or not (more.diverted or more.stdin is not None or more.words):
        return written
    command = written[0]
    words = command.words + more.words if more.words and len(command.words) <= _PRINTF_VALUES_GROWN else command.words
    stdin = command.stdin if more.stdin is None else more.stdin
    program = written[1] if words is command.words else read_command(words)[0]
    return command._replace(words=words, stdin=stdin, diverted=command.diverted or more.diverted), program, written[2]


def _written_after_substitution(writer: _Command, last: _Command | PipeInput | None, before: _Command | PipeInput, quoted: bool) -> _Command | PipeInput:
    """What writes into a pipe after a command substitution closes: the command whose words it is in
    (``writer``), which runs after it (``tee $(mktemp)`` copies its input, ``grep x $(...)`` writes
    its own output); for ``echo`` and ``printf``, their words with what the substitution's last
    command (``last``) writes into them (``with_substituted_output``), after what they wrote before
    it (``before``, when the substitution follows another one: ``echo $(a) ... $(b)``). Another
    command given a substitution that printed nothing (``last``: ``NO_OUTPUT``) has no word in its
    place (``cat <<EOF $(true)`` copies its input; ``"$(true)"`` is an empty word). ``quoted``: a "$(...)" of
    its words (``Substitution.quoted``), whose output takes the place of the first one written in them."""
    command, program, fed = writer
    if last is NO_OUTPUT and not quoted and not isinstance(before, PipeInput) and (program is None or program[1] not in ("echo", "printf")):
        return _without_its_place(command), program, fed  # cat <<EOF $(true): no word, cat copies its input
    if isinstance(before, PipeInput):
        if _grown(before):
            return before
        output: PipeInput | None = before
    else:
        output = pipe_output(command, program, fed) if program is not None and program[1] in ("echo", "printf") else None
        if output is not None and program is not None and program[1] == "printf":
            output = output._replace(values=printf_values(command.words, program))  # its words after the substitution are more values
    if output is None:
        return writer
    substituted = last if last is None or isinstance(last, PipeInput) else pipe_output(*last)
    return with_substituted_output(output, substituted, quoted)


def _without_its_place(command: ShellCommand) -> ShellCommand:
    """A command without the place an unquoted substitution that printed nothing had at the end of
    its words (``cat $(true)`` is ``cat``, ``x$(true)`` is ``x``): the ``$`` the split left there."""
    words = command.words
    if not words or words[-1][-1:] != "$":
        return command
    return command._replace(words=words[:-1] + [words[-1][:-1]] if len(words[-1]) > 1 else words[:-1])


def _continues_the_pipeline(
    item: ShellCommand | GroupMark | Substitution,
    fed_first: bool,
    previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None,
    words_of: _Command | None = None,
    words_input: PipeInput | None = None,
) -> bool:
    """Whether an item of a script continues the pipeline before it (``script_findings`` holds its
    findings): a command piped into, a group opening piped into (``echo ... | ( sudo -S id )``), a
    command substitution opening given the input of the command it is in (``echo ... | x=$( sudo -S
    id )``, ``previous``: that command), or the first command of that group or substitution, given
    its input (``fed_first``)."""
    if isinstance(item, ShellCommand):
        return not item.pattern and (item.piped or fed_first)
    if isinstance(item, Substitution):
        return item.opens and _opening_input(item, previous, words_of, words_input) is not None
    return item.opens and item.piped


def _group_input(mark: GroupMark, previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None) -> PipeInput | None:
    """What reaches the commands of a group opening (``mark``): the here-document or here-string of
    its own redirection (``{ sudo -S id; } <<EOF``), which wins over a pipe into it (a file on its
    input: nothing of the script), else what is piped into it."""
    if mark.stdin is not None:
        return None if isinstance(mark.stdin, InputFile) else PipeInput("<<...", mark.stdin, False, into="{" if mark.brace else "(")
    if mark.piped and previous is not None:
        return previous if isinstance(previous, PipeInput) else pipe_output(*previous)
    return None


def _opening_input(
    mark: Substitution, previous: _Command | PipeInput | None, words_of: _Command | None, words_input: PipeInput | None
) -> PipeInput | None:
    """What reaches the standard input of a command substitution opening (``mark``): after another
    substitution among the same command's words (``words_of``), what that one left of the command's
    input (``words_input``: ``logger $(read x) $(sudo -S id)``, sudo gets the lines after read's;
    ``$(sudo -S id) $(sudo -S id)``, none); else ``_substitution_input``."""
    if mark.in_command and words_of is not None:
        return words_input
    return _substitution_input(mark, previous)


def _substitution_input(
    mark: Substitution, previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None
) -> PipeInput | None:
    """What reaches the standard input of a command substitution opening (``mark``): the input of the
    command it is in, yielded just before it (``echo ... | x=$(...)``), or for one that starts a
    command (`` echo ... | `...` ``), what is piped into it."""
    if mark.in_command:  # (not a here-string's "$(...)" read as a pipe: the words run first, ``cmd "$(cat)" <<< "$(a)"``)
        return None if previous is None or isinstance(previous, PipeInput) or previous[0].here_piped else previous[2]
    if mark.piped and previous is not None:
        return previous if isinstance(previous, PipeInput) else pipe_output(*previous)
    return None


SILENT = frozenset("cd export set unset true false : sleep umask readonly local trap shift wait fi done esac for break continue [ [[ test".split())
"""Programs that write nothing on their output, as scripts use them (``set -e``, ``cd /app``); also
the head of a ``for`` loop (``for i in 1 2``), ``break``, ``continue`` in a loop and the tests of an
``if`` (``[ -f /a ]``)."""


def leaves_its_input(command: ShellCommand, program: Program | None) -> bool:
    """Whether a command leaves its standard input unread, for the next command of a group piped
    into (``echo ... | ( cd /; sudo -S ... )``): it has no program (``X=1``), writes without reading
    (``echo``, ``printf``, ``SILENT``: ``cd``, ``set -e``), or reads another input of its own
    (``<<EOF``, ``< FILE``); any other program may read it."""
    return command.stdin is not None or program is None or program[1] in SILENT or program[1] in ("echo", "printf")


_QUIET = frozenset("true false : sleep wait unset shift break continue test [ [[".split())
"""Programs that print nothing whatever their words (``true``, ``sleep 1``, ``[ -f /a ]``)."""
_QUIET_WITH_OPERANDS = frozenset("cd export readonly local umask set trap".split())
"""Programs that print nothing given operands and no option, but print a list alone or with one
(``export -p``, ``umask``, ``trap``, ``cd -``: the directory)."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
NO_OUTPUT = PipeInput("", "", False)
"""What a command substitution that prints nothing writes into the words it is in (``prints_nothing``)."""


def prints_nothing(command: ShellCommand) -> bool:
    """Whether a command run in a command substitution prints nothing there: its output redirected
    (``date > /dev/null``), assignments alone (``x=1``, ``x=$(date)``), ``_QUIET`` (``true``, ``:``),
    ``_QUIET_WITH_OPERANDS`` given operands (``cd /x``, ``export A=1``). Stricter than ``writes_nothing``:
    what it prints is a word of the command the substitution is in, the first line a reader takes."""
    if command.diverted:
        return True
    words = command.words
    if words == _DOLLAR_WORDS:  # a "$" a substitution leaves as a command (``$($($(...``: one per "$("): its program ``$``
        return False
    if all(_ASSIGNMENT.match(word) for word in words):
        return bool(words)
    program, _ = read_command(words)
    if program is None or program[0] and not all(_ASSIGNMENT.match(word) for word in words[: program[0]]):
        return False  # a wrapper (env, timeout, nice) or an option first: not followed
    name, operands = program[1], words[program[0] + 1 :]
    if name in _QUIET:
        return True
    return name in _QUIET_WITH_OPERANDS and bool(operands) and not any(word[:1] == "-" for word in operands)


def writes_nothing(words: list[str], program: Program | None) -> bool:
    """Whether a command writes nothing on its output: no program (``X=1``), ``SILENT`` (``cd``,
    ``set -e``), or ``printf -v NAME``, which sets NAME to what it would print."""
    return program is None or program[1] in SILENT or (program[1] == "printf" and printf_assignment(words, program) is not None)


def _place(
    groups: list[list[PipeInput | None]], level: int, previous: tuple[ShellCommand, Program | None, PipeInput | None] | PipeInput | None
) -> None:
    """Add what a command (or a group) in a group writes on its output, not piped on, to that
    group's output (``level``: the groups open around it): a literal (``pipe_output``), None for
    output that is not known, nothing for a command that writes none (no program, ``SILENT``). A
    literal whose output is redirected (``echo ... >&2``) is kept ``diverted``: no reader gets it,
    but it is written for one in plain text (``secret_part``)."""
    if previous is None or not 0 < level <= len(groups):
        return
    output: PipeInput | None
    if isinstance(previous, PipeInput):
        output = previous
    else:
        command, program, fed = previous
        if writes_nothing(command.words, program):
            return
        output = pipe_output(command, program, fed)
        if output is None and command.diverted:
            return
    groups[level - 1].append(output)  # a group in it is kept whole (``_written``): not copied at each level


def _command_problems(
    names: Names,
    words: list[str],
    program: Program | None,
    depth: int,
    line: CommandLine | None,
    git_keys: dict[str, str] | None = None,
    dropped: _WordsTaken | None = None,
) -> Iterator[tuple[int, str, str]]:
    """(index of the word in ``words``, the word or the one in it, what is wrong with it) for each
    secret one command of a script (its words, quotes removed) passes; the script a shell runs (``sh -c '...'``, also after ``docker exec`` or
    ``kubectl exec --``) and the command line a wrapper runs (``env -S``, ``su -c``) are judged
    too, ``NESTED_SCRIPTS`` levels deep. ``program`` and ``line`` are ``read_command(words)``;
    ``git_keys``: git's configuration keys its script set before (``git_config_env_words_problems``);
    ``dropped``: the ``NAME=value`` words whose problems the caller drops (``_command_word_problems``)."""
    judged: Container[int] = range(0)  # the words judged already: a nested script, an interpreter's code, or a secret by its position
    assigned: tuple[str, str] | None = None  # printf -v NAME's (text, problem): its words are that text
    if line is not None and depth < NESTED_SCRIPTS:
        judged = range(line.at, line.end)  # env -S "mysql -p...", watch's line: a command line of its own
        found: Counter[str] = Counter()
        for _, nested, word in script_findings(names, line.text, depth + 1):
            found[nested] += 1
            yield line.at, word, nested
        if line.end > line.at + 1:  # watch's words: also as watch -x would run them
            for at, word, problem in joined_words_problems(names, words[line.at : line.end], depth + 1, found):
                yield line.at + at, word, problem
    if program is not None:
        if (script := _shell_script_at(words, program, depth)) is not None:
            judged = range(script, script + 1)
            for _, nested, word in script_findings(names, words[script], depth + 1):
                yield script, word, nested
        if (positional := _literal_by_position(names, words, program)) is not None:
            judged = range(positional[0], positional[0] + 1)
            yield positional[0], words[positional[0]], positional[1]
        if (assigned := _printf_assignment_problem(names, words, program)) is not None:
            yield program[0], assigned[0], assigned[1]
        if program[1][:3] in INTERPRETER_STARTS and (code_found := _interpreter_code_problems(names, words, program)):
            judged = {at for at, _, _ in code_found}
            yield from code_found
    if "GIT_CONFIG_" in "\n".join(words):  # a join and a search in C: most commands set none
        yield from git_config_env_words_problems(names, words, git_keys)
    if assigned is None or program is None:
        yield from _command_word_problems(names, words, program, judged, dropped)
        return
    for at, word, problem in _command_word_problems(names, words, program, judged, dropped):
        if at <= program[0] or problem != assigned[1]:  # printf -v PW '%s' X PW=X: PW=X is printf's text, one secret
            yield at, word, problem


def git_config_env_words_problems(names: Names, words: list[str], keys_set: dict[str, str] | None = None) -> list[tuple[int, str, str]]:
    """(index, the value, what is wrong) for git's configuration set in a command's ``NAME=value``
    words (``export``, ``env`` or before the program): ``git_config_env_problems``, given the
    ``GIT_CONFIG_KEY_<n>`` the commands of its script before set (``keys_set``, updated with its own:
    ``export GIT_CONFIG_KEY_0=...`` then ``export GIT_CONFIG_VALUE_0=...``, and the values set before
    their key, reported with it, naming the value's variable); a name alone (``export GIT_CONFIG_KEY_0``)
    sets nothing."""
    settings = [(at, word.partition("=")) for at, word in enumerate(words) if word.startswith("GIT_CONFIG_") and "=" in word]
    if not settings:
        return []
    found = git_config_env_problems(names, [(at, name, value) for at, (name, _, value) in settings], keys_set)
    return [(at, value, f"{problem} ({words[at].partition('=')[0].replace('_KEY_', '_VALUE_', 1)})") for at, value, problem in found]


def _interpreter_code_problems(names: Names, words: list[str], program: Program) -> list[tuple[int, str, str]]:
    """(index of the word, the word, what is wrong) for each sensitive name the code an interpreter
    is given sets to a literal (``python -c 'connect(password="...")'``, ``node -e``: ``interpreter_code``),
    read as a ConfigMap key of its language is (``config_settings``)."""
    return [
        (at, words[at], f'sets "{name}"')
        for at, code, source in interpreter_code(words, program)
        for _, name in config_settings(names, statements_on_lines(code), False, True, source)
    ]


def _printf_assignment_problem(names: Names, words: list[str], program: Program) -> tuple[str, str] | None:
    """(the text assigned, what is wrong) for ``printf -v NAME FORMAT VALUE...`` setting a sensitive
    NAME to a literal (``printf -v DB_PASSWORD '%s' ...`` is ``DB_PASSWORD=...``); None otherwise."""
    if program[1] == "printf" and (assigned := printf_assignment(words, program)) is not None:
        if names.sensitive(assigned[0]) and literal_secret(assigned[0], assigned[1]):
            return assigned[1], f"sets {shown_flag(assigned[0], assigned=True)}"
    return None


_PRINTF_ASSIGNMENT = re.compile(r"(?:^|[\s;&|(`{])printf[ \t]++-v")
"""Where a script may run ``printf -v NAME`` (``printf -vNAME``): judged in a script that is not
split into commands (``_printf_assignment_problems``)."""


def _printf_assignment_problems(names: Names, script: str) -> list[tuple[str, str]]:
    """The fallback of ``printf -v NAME`` in a script not split into commands, as ``NAME=value``
    words have theirs (``_assignment_problems``): when the script holds ``printf -v``, its commands
    (one pass) are read for those that set a sensitive NAME to a literal, judged as in a split
    script; each (the text assigned, what is wrong)."""
    problems: list[tuple[str, str]] = []
    if _PRINTF_ASSIGNMENT.search(script) is None:
        return problems
    for command in shell_commands(script):
        if command.pattern or "printf" not in command.words:
            continue
        program = read_command(command.words)[0]
        if program is not None and (assigned := _printf_assignment_problem(names, command.words, program)) is not None:
            problems.append(assigned)
    return problems


def joined_words_problems(names: Names, words: list[str], depth: int, found: Counter[str]) -> Iterator[tuple[int, str, str]]:
    """(index of the word, the word or the one in it, what is wrong with it) for each secret the words watch joins into one line for ``sh
    -c`` pass when read as the command watch -x would run (``watch sh -c 'mysql -p...'``: the line
    is ``sh -c mysql -uroot -p...``, where mysql gets no password, but it is in plain text all the
    same), judged at ``depth``; a problem among those ``found`` in the line is left out, as many
    times as it was found there (one secret, one finding)."""
    program, line = read_command(words)
    for at, word, problem in _command_problems(names, words, program, depth, line):
        if found[problem] > 0:
            found[problem] -= 1
            continue
        yield at, word, problem


_SHELL_OPTION_LETTERS = re.compile(r"^-[a-zA-Z]*+$")
"""A shell's single-letter options in one word (``-ec``, ``-xc``, ``-euc``): ``-c`` among them when
the word also holds a ``c``. One pass over the word (``-[a-zA-Z]*c[a-zA-Z]*`` tried each ``c`` of
``-ccc...c1`` in turn: 2 s for a word of 10,000 letters, minutes for 100,000)."""


def shell_command_option(words: list[str], begin: int) -> int | None:
    """The index of a shell's ``-c`` in ``words`` from ``begin`` on (the shell's arguments): ``-c``
    anywhere, or ``-c`` joined to other options (``-ec``, ``-xc``) among the options before the
    first other word; None when there is none."""
    leading, valued = True, False
    for at in range(begin, len(words)):
        word = words[at]
        if word == "-c" or (leading and not valued and "c" in word and _SHELL_OPTION_LETTERS.match(word)):
            return at
        if valued:
            valued = False
        elif word in ("-o", "+o", "-O", "+O"):  # bash -o pipefail -c ...: the option's name
            valued = True
        elif word[:1] not in ("-", "+"):
            leading = False
    return None


def _shell_script_at(words: list[str], program: tuple[int, str], depth: int) -> int | None:
    """The index of the script a shell runs (the word after ``sh -c``, ``sh -ec``), when it is
    judged as a script (less than ``NESTED_SCRIPTS`` deep), or None."""
    if program[1] in SHELLS and depth < NESTED_SCRIPTS and (option := shell_command_option(words, program[0] + 1)) is not None:
        if option + 1 < len(words):
            return option + 1
    return None


def _literal_by_position(names: Names, words: list[str], program: tuple[int, str]) -> tuple[int, str] | None:
    """(index, problem) of the word that is a literal secret by its position (``POSITIONAL_SECRETS``,
    git config http.extraHeader's value with a credential), or None."""
    positional = positional_secret(names, program[1], words, program[0] + 1)
    return positional if positional is not None and shell_literal(words[positional[0]]) is not None else None


def _command_word_problems(
    names: Names, words: list[str], program: tuple[int, str] | None, judged: Container[int], dropped: _WordsTaken | None = None
) -> Iterator[tuple[int, str, str]]:
    """(index, word, what is wrong with it) for each word of a command but those ``judged``: the
    program's password options (``mysql -p...``), the value of a sensitive flag, ``NAME=value`` and
    ``--name=value`` words. A ``NAME=value`` word ``dropped`` (whose problems, all about the word
    itself, the caller drops) is not judged."""
    options = program_options(program[1], words, program[0] + 1) if program else None
    pending_option: Option | None = None
    pending_flag: str | None = None
    for index, word in enumerate(words):
        if index in judged:
            pending_flag = pending_option = None
            continue
        if options is not None and program is not None and index > program[0]:
            of_config = pending_option is not None and pending_option.value == "config"
            problem, pending_option, http_value = option_problem(names, program[1], options, word, pending_option)
            if problem:  # git -c NAME=VALUE: about its VALUE, a credential the script holds as written
                yield index, word.partition("=")[2] if of_config else word, problem
                pending_flag = None
                continue
            if http_value:
                continue
        if dropped is not None and word[:1] != "-" and "=" in word and dropped.holds(word):
            pending_flag = None  # (as after any word not starting with -)
            continue
        if pending_flag is not None and word[:1] != "-" and _flag_value_secret(names, pending_flag, word):
            yield index, word, f"passes the value of {shown_flag(pending_flag)}"
            pending_flag = None
            continue
        if word[:1] in _JSON_WORD_STARTS and (parameter := cfn_json_parameter_secret(names, word)):  # --parameters '[{"ParameterKey": ...}]'
            yield index, word, f"sets {shown_flag(parameter)}"
            pending_flag = None
            continue
        if word[:1] != "-":  # NAME=value, its pair matched once for the three judges of one; another word is no flag either
            pair = _NESTED_ASSIGNMENT.match(word) if "=" in word else None
            if pair is not None and (assigned := _nested_pair(names, pair)):  # PGPASSWORD=... psql, vault login password=...
                yield index, word, f"sets {shown_flag(assigned)}"
            elif pair is not None and (key := _pair_judged_by_value(word, pair)):  # export PULSAR_PREFIX_tokenSecretKey="data:;base64,...", NEO4J_AUTH=neo4j/..., CONCOURSE_ADD_LOCAL_USER=...
                yield index, word, f"sets {shown_flag(key)}"
            elif pair is not None and (held := _neutral_pair_credentials(names, word, pair)):  # export X='password=...; token=...'
                yield from ((index, word, problem) for problem in held)
            pending_flag = None
            continue
        flag = _command_flag(word, program)
        if flag is not None and (word[:2] == "--" or _DEFINE.match(word[1:])) and (value := flag.group(2)) is not None:
            if (problem := _flag_value_problem(names, word, _flag_name(flag), value)) is not None:
                yield index, word, problem
        pending_flag = word if flag and flag.group(2) is None and _flag_takes_a_secret(names, flag.group(1)) else None


def _command_flag(word: str, program: tuple[int, str] | None) -> re.Match[str] | None:
    """``--name[=value]`` or ``-name`` (not an option letter with its value), unless the program
    uses the name for no secret (``PROGRAM_NEUTRAL_FLAGS``); None otherwise."""
    flag = _FLAG.match(word) if word[:2] == "--" or _names_a_flag(word[1:]) else None
    if flag is not None and program is not None and flag.group(1) in PROGRAM_NEUTRAL_FLAGS.get(program[1], ()):
        return None
    return flag


def _flag_takes_a_secret(names: Names, name: str) -> bool:
    """Whether the argument after a ``--name`` flag (with no ``=value``) is judged as its value: a
    sensitive name's, or a name ending with ``routing key`` (``names_a_routing_key``: PagerDuty's
    ``--routing-key``, judged by the value's shape, ``_flag_value_secret``)."""
    return names.sensitive(name) or names_a_routing_key(name)


def _flag_value_secret(names: Names, flag: str, value: str) -> bool:
    """Whether ``value``, the argument after ``flag`` (``_flag_takes_a_secret``), is its secret in
    plain text: a literal for a sensitive flag, PagerDuty's integration key for ``--routing-key``
    (``pagerduty_routing_key``: ``--routing-key orders.created`` is an AMQP routing key)."""
    name = flag.lstrip("-")
    if names_a_routing_key(name) and not names.sensitive(name):
        return pagerduty_routing_key(name, value)
    return literal_secret(flag, value)


def _flag_value_problem(names: Names, word: str, name: str, value: str) -> str | None:
    """What a ``--name=value`` word sets in plain text: a sensitive flag's literal value, or a
    sensitive ``NAME=value`` in the value (``--env=DB_PASSWORD=...``); None otherwise."""
    if (names.sensitive(name) and literal_secret(name, value)) or pagerduty_routing_key(name, value):
        return f"sets {shown_flag(word.split('=', 1)[0], assigned=True)}"
    if inner := _nested_assignment(names, value) or cfn_json_parameter_secret(names, value):
        return f"sets {shown_flag(word.split('=', 1)[0] + '=' + inner)}"
    return None


_NESTED_ASSIGNMENT = re.compile(r"^[\"']?([A-Za-z_][\w.\-]*+)=(.*)$", re.DOTALL)


_OPTIONS_VALUE = re.compile(r"[ \t\n]*+(?:\$\{?+[A-Za-z_]\w*+\}?+[ \t\n]++)*+-")
"""A variable's value that is an option string: options first, or after variables (``$JAVA_OPTS -D...``);
not a command's output (``$(echo ...)``, whose commands are judged as such)."""


def _neutral_pair_credentials(names: Names, word: str, match: re.Match[str]) -> list[str]:
    """What is wrong with the value of a ``NAME=value`` word (``match``: its ``_NESTED_ASSIGNMENT``
    match) whose name is no secret's, judged as an env var's value is (``held_credentials``; one password setting alone, ``sets "password"``):
    ``export X='password=...; token=...'`` holds settings with a password, which its ``X=`` and
    quote hid from the word read whole. Only when that reading finds no credential (it is counted
    once, there) and the value holds a ``=`` of its own. A value that is an option string is read
    as one in an env value is (``option_string_flag``, ``_OPTIONS_VALUE``): ``export JAVA_OPTS="-Ddb.password=... -Xmx1g"``,
    ``EXTRA_ARGS='--api-token ...'``, ``passes "-Ddb.password"``."""
    if names.sensitive(match.group(1)) or credential_kind(word):
        return []
    value = unquoted(match.group(2))
    kind = credential_kind(value) if "=" in match.group(2) else None
    if kind is None:
        flag = option_string_flag(value, names) if _OPTIONS_VALUE.match(value) and ("=" in value or " " in value) else None
        return [f"passes {flag}"] if flag else []
    return _setting_problems(names, value) if _is_lone_password_setting(kind, value) else held_credentials(value)


def _pair_judged_by_value(word: str, pair: re.Match[str]) -> str | None:
    """The name of a ``NAME=value`` word (``pair``: its ``_NESTED_ASSIGNMENT`` match) whose value is
    judged by its shape, as its env var's is: Pulsar's key for signing tokens inline
    (``inline_token_secret_key``), a user and password pair or a webhook URL's token (``env_auth_pair``:
    ``export NEO4J_AUTH=neo4j/...``, ``CLOUD_AUTH=elastic:...``, ``CONCOURSE_ADD_LOCAL_USER=admin:...``,
    ``YARN_NPM_AUTH_IDENT=deployer:...``, ``ALERT_WEBHOOK_URL='https://...?token=...'``); None
    otherwise (``AUTH_MODE=...``, ``NEO4J_AUTH=none``, a reference)."""
    if "data:" in word and inline_token_secret_key(pair.group(1), pair.group(2)):
        return pair.group(1)
    return pair.group(1) if env_auth_pair(pair.group(1), unquoted(pair.group(2))) else None


def _inline_token_secret_key(word: str) -> str | None:
    """The name of a ``NAME=value`` word setting Pulsar's secret key for signing tokens inline
    (``inline_token_secret_key``: ``PULSAR_PREFIX_tokenSecretKey=data:;base64,...``, quoted as the
    shell needs), as its env var is judged; None otherwise."""
    pair = _NESTED_ASSIGNMENT.match(word)
    return pair.group(1) if pair is not None and inline_token_secret_key(pair.group(1), pair.group(2)) else None


_DATA_KEY_CUT = re.compile(r";base64,[A-Za-z0-9+/=_\-]++")
"""What the shell cut off an unquoted ``NAME=data:;base64,...`` at its ``;``: the rest of the key,
run as a command of its own (``_data_key_cut_at_semicolon``)."""


def _data_key_cut_at_semicolon(script: str, command: ShellCommand) -> list[tuple[int, str, str]]:
    """``(0, the word, what is wrong)`` for Pulsar's secret key for signing tokens written unquoted
    in a command's ``NAME=data:`` word (``export PULSAR_PREFIX_tokenSecretKey=data:;base64,...``, a
    media type between, ``data:application/octet-stream;base64,...``):
    the shell ends the command at the ``;``, the variable gets ``data:`` and the key, run as a
    command, is still written in the script in plain text; the word and what follows it where
    the command is written, judged whole as the env var's value is (``inline_token_secret_key``)."""
    found = []
    for word in command.words:
        if "=data:" not in word or ";" in word or (at := script.find(word, command.start)) < 0:
            continue
        cut = _DATA_KEY_CUT.match(script, at + len(word))
        if cut is not None and (key := _inline_token_secret_key(word + cut.group())) is not None:
            found.append((0, word, f"sets {shown_flag(key)}"))
    return found


def _nested_assignment(names: Names, value: str) -> str | None:
    """The sensitive name of a ``NAME=value`` pair passed as a flag's value with a literal value:
    ``kubectl create secret --from-literal=password=...``, ``helm install --set db.password=...``,
    ``docker run --env=API_TOKEN=...``; None otherwise."""
    pair = _NESTED_ASSIGNMENT.match(value) if "=" in value else None
    return None if pair is None else _nested_pair(names, pair)


def _nested_pair(names: Names, pair: re.Match[str]) -> str | None:
    """``_nested_assignment`` of its ``_NESTED_ASSIGNMENT`` match."""
    if pair.group(1) in ("ParameterKey", "ParameterValue"):
        return cfn_parameter_secret(names, pair.string)
    if not names.sensitive(pair.group(1)):
        return None
    assigned = pair.group(2).rstrip("\"'")
    if (listed := _LISTED_OPTION_FIRST.match(assigned)) is not None and names_something_else(listed.group(1)):
        return None  # mount -o credentials=/etc/samba/creds,vers=3.0: a path, then the list's next option
    return pair.group(1) if assigned_literal_secret(pair.group(1), assigned) else None


_LISTED_OPTION_FIRST = re.compile(r"([^,\s]++),(?=[A-Za-z_][\w.\-]*+(?:=|,|$))")
"""A value that is the first of a comma-separated list of options, another one after its comma:
mount's ``-o credentials=/etc/samba/creds,vers=3.0,uid=1000`` (the value, up to the comma)."""


def cfn_parameter_secret(names: Names, word: str) -> str | None:
    """The ``ParameterKey`` of a CloudFormation parameter in the AWS CLI's shorthand
    (``cfn_shorthand_parameter``: ``aws cloudformation create-stack --parameters
    ParameterKey=DBPassword,ParameterValue=...``) whose ``ParameterValue`` is a literal secret under
    that name, judged as a parameters file's is (``cfn_parameter_name``); None otherwise: a neutral
    key, ``UsePreviousValue=true`` (no value), a dynamic reference (``{{resolve:secretsmanager:...}}``)."""
    fields = cfn_shorthand_parameter(word) if "ParameterValue=" in word else None
    return _cfn_parameter_secret(names, fields) if fields is not None else None


def cfn_json_parameter_secret(names: Names, word: str) -> str | None:
    """``cfn_parameter_secret`` for CloudFormation parameters in JSON on a command line (``aws cloudformation
    create-stack --parameters '[{"ParameterKey": "DBPassword", "ParameterValue": "..."}]'``, 1.25.562,
    ``cfn_json_parameters``): the first ``ParameterKey`` whose ``ParameterValue`` is a literal secret
    under that name; None for another word (most: one that starts with no ``[`` nor ``{``)."""
    if word[:1] not in _JSON_WORD_STARTS or "ParameterValue" not in word:
        return None
    for item in cfn_json_parameters(word) or ():
        if (name := _cfn_parameter_secret(names, item)) is not None:
            return name
    return None


_JSON_WORD_STARTS = frozenset((*JSON_STARTS, "'", '"'))


def _cfn_parameter_secret(names: Names, fields: dict[str, Any]) -> str | None:
    """The ``ParameterKey`` of a CloudFormation parameter's ``fields`` (the shorthand's, a JSON object's)
    whose ``ParameterValue`` is a literal secret under that name, judged as a parameters file's is
    (``cfn_parameter_name``); None otherwise: a neutral key, ``UsePreviousValue`` (no value), a dynamic
    reference (``{{resolve:secretsmanager:...}}``)."""
    name = cfn_parameter_name(fields)
    value = fields.get("ParameterValue")
    if name is None or not isinstance(value, str) or not names.sensitive(name) or names.is_allowed(name):
        return None
    return name if literal_secret(name, value) else None


def _argv_problems(names: Names, arg: str, flag: re.Match[str] | None, pending_flag: str | None) -> list[str]:
    """What is wrong with an argument: each credential it holds, each sensitive option or setting
    it passes, in the order found. An argument of several words (an option string, a script) may
    pass several secrets: each is a problem of its own, known by what it is or sets, so that on
    UPDATE a second one added to the argument is new."""
    if not _WHITESPACE.search(arg) or (pending_flag is not None and arg[:1] != "-"):
        # one word; or the value of the sensitive flag before it, spaces and all: a passphrase
        # (["--password", "correct horse battery staple"]) as ["--password=correct horse..."] is
        return _word_problems(names, arg, flag, pending_flag)
    if arg[:1] == "-":  # options in one argument (--user=admin --password=...): each, as an argument
        kinds = held_credentials(arg) if credential_kind(arg) else []
        rest: list[str] = []
        for option_text in _NEXT_OPTION.split(arg.strip()):
            option = _FLAG.match(option_text)
            value = None
            if option is None:  # --password VALUE, or -pVALUE words
                option_text, _, value = option_text.partition(" ") if " " in option_text else option_text.partition("\t")
                option = _FLAG.match(option_text)
            if option is not None and option_text[1] != "-" and not _names_a_flag(option_text[1:]):
                option = None
            if not (kinds and credential_kind(option_text)):  # a credential, counted once in kinds
                rest += _word_problems(names, option_text, option, None)
            pending = option_text if option and option.group(2) is None and _flag_takes_a_secret(names, option.group(1)) else None
            if value and pending and not (kinds and credential_kind(value)):
                rest += _word_problems(names, value.strip(), None, pending)
        return kinds + rest
    if arg[:1] in JSON_STARTS and (parameter := cfn_json_parameter_secret(names, arg)) is not None:
        return [f"sets {shown_flag(parameter)}"]  # --parameters '[{"ParameterKey": "DBPassword", ...}]', blanks in it: no script
    if (pair := _NESTED_ASSIGNMENT.match(arg)) is not None and scheme_then_expansion(pair.group(2)):
        return []  # env TOKEN=Bearer $(T): one argument, a scheme's name and a reference assigned
    # a script (sh -c "..."): split into commands as a ConfigMap's script is, whatever it names
    problems = _script_arg_problems(names, arg, arg, True)
    if _INTERPRETER_WORD.search(arg) is None or any(_interpreter_codes(arg)):
        return problems
    # python app.py -c '...': a -c after the script's name or -m MODULE is the script's, no code the
    # interpreter runs; its NAME=value reading (split=False) is added, each problem once
    return problems + list((Counter(_script_arg_problems(names, arg, arg, False)) - Counter(problems)).elements())


def _script_arg_problems(names: Names, arg: str, script: str, split: bool) -> list[str]:
    """What is wrong with an argument holding several words (``_located_script_arg_problems``)."""
    return [problem for _, problem in _located_script_arg_problems(names, arg, script, split)]


def _located_script_arg_problems(names: Names, arg: str, script: str, split: bool, joined: list[str] | None = None) -> list[tuple[int, str]]:
    """``_script_arg_readings``; of an argument holding a credential (``credential_kind``), each short
    text judged once over its readings (``texts_judged_once``): ``a=1; password=...`` is read for its
    credentials, as commands, for what it sets and which settings are its credentials, each setting
    judged in each. One with none (most scripts) is read with no judgement kept."""
    if (kind := credential_kind(arg)) is None:
        return _script_arg_readings(names, arg, script, split, joined, None)
    with texts_judged_once():
        return _script_arg_readings(names, arg, script, split, joined, kind)


def _script_arg_readings(names: Names, arg: str, script: str, split: bool, joined: list[str] | None, kind: str | None) -> list[tuple[int, str]]:
    """What is wrong with an argument holding several words (``script``: them, the argument or the
    part of it ``env -S`` splits), each with 0 or the index in ``joined`` of the word holding it:
    each credential the argument holds, then, when it is ``split`` into commands, each secret they
    pass (a credential counted once); else its ``NAME=value`` words: in a split script whose commands
    pass none, the settings of a credential it holds (``a=1; password=...``, named so) or those a
    ConfigMap's script sets too (``_set_as_in_a_key``). ``joined``: the words watch
    joined into ``script``, also judged as run directly (``joined_words_problems``), a problem
    found in the line once, one found there only at the word holding it (``sh -c '...'``: the
    script's word, not ``sh``); ``kind``: ``credential_kind(arg)``."""
    lone = _is_lone_password_setting(kind, arg)  # PASSWORD=... alone: a setting, read as one
    kinds = _setting_problems(names, arg) if lone else held_credentials(arg) if kind else []
    rest: list[str] = []
    shown: list[tuple[int, str]] = []  # what usage messages show how to set (``script_findings``)
    if split:
        read: list[SecretRead] = []
        written = [(problem, word) for _, problem, word in script_findings(names, script, read=read, shown=shown)]
        counted = _without_read(arg, read, arg is script) if kinds and not lone else arg  # what ``kinds`` are the credentials of
        if kinds and read and not lone:  # echo 'user=a password=...' | docker login --password-stdin: the reader's finding
            kinds = held_credentials(counted)
        named = _code_setting_words(script, written) if kinds and not lone else []
        if named:  # python -c 'connect(host=h, password="...")': the code's setting, named (as a=1; password=...)
            kinds = held_credentials(without_parts(counted, named))
        held = [word for _, word in written if word and word not in named and credential_kind(word)] if kinds else []
        dropped = set(held) - (set() if lone else _not_counted(counted, kinds, held))  # kinds' own findings stand for them
        rest = [problem for problem, word in written if word not in dropped]
    settings: list[tuple[str, str]] = []  # (NAME=value, its problem), when read so
    if not rest and "=" in script:
        code = _interpreter_code_spans(script) if split else []  # judged as code with its command: none of the shell's settings
        assigned = [(name, problem, setting) for at, name, problem, setting in _located_assignment_problems(names, script, split) if not _within(at, code)]
        if split and not kinds and assigned:  # the commands pass none: only what a key's script sets too
            assigned = _set_as_in_a_key(names, script, assigned, shown)
        settings = [(setting, problem) for _, problem, setting in assigned]
        rest = [problem for _, problem in settings]
    if not split and "printf" in script:  # printf -v NAME: as NAME=value (a split script judges it with its command)
        rest += [problem for word, problem in _printf_assignment_problems(names, script) if not (kinds and credential_kind(word))]
    found_in_line = rest
    if lone:  # the setting, found again by the readers of words
        rest = _less(rest, Counter(kinds))
    elif kinds and "LoginModule" in script:  # password="..." of a JAAS entry: the entry's finding, not a setting's too
        rest = _less(rest, _jaas_entry_settings(names, script, split))
    elif kinds and settings:  # a=1; password=...: the setting and the credential it holds are one secret
        kinds, rest = _each_credential_setting_once(arg, settings, rest)
    located = [(0, problem) for problem in kinds + rest]
    if joined is not None:
        found = Counter(found_in_line)
        located += [(at, problem) for at, word, problem in joined_words_problems(names, joined, 0, found) if not (kinds and word and credential_kind(word))]
    return located


def _set_as_in_a_key(names: Names, script: str, found: list[tuple[str, str, str]], shown: list[tuple[int, str]]) -> list[tuple[str, str, str]]:
    """Of the ``NAME=value`` settings (name, problem, text) read over a split script whose commands
    pass no secret, those a ConfigMap's script of that text sets too, read by its lines as settings
    (``config_settings``: ``password_aux=`hunter2```), but on a line where a usage message shows how
    to set it (``shown``: offsets and names, ``script_findings``': ``echo DB_PASSWORD=yourpassword``,
    as ``configmap._lines_found`` leaves it out), and single-dash options (``-ppassword99=...``,
    which no command's table knows): a name in an echoed message (``echo "Use -e
    POSTGRES_PASSWORD=password to set it"``) or inside a quoted value (``x="-p $(openssl passwd
    "$pw")"``) sets nothing."""
    settings = config_settings(names, script, True)
    if shown:
        lines = LineCounter(script)
        shown_on = {(lines.at(offset), name) for offset, name in shown}
        settings = [each for each in settings if each not in shown_on]
    set_in_a_key = {name for _, name in settings}
    return [each for each in found if each[0][:1] == "-" or each[0] in set_in_a_key]


def _interpreter_code_spans(script: str) -> list[tuple[int, int]]:
    """Where the code the interpreters of a script run is written (``interpreter_code``: ``python
    -c '...'``), found as read (quotes removed) after its command's start; code written otherwise
    (escaped in double quotes) is not placed."""
    spans: list[tuple[int, int]] = []
    if _INTERPRETER_WORD.search(script) is None:
        return spans
    for start, code in _interpreter_codes(script):
        if (at := script.find(code, start)) >= 0:
            spans.append((at, at + len(code)))
    return spans


def _interpreter_codes(script: str) -> Iterator[tuple[int, str]]:
    """(its command's start, the code) for each piece of code the interpreters of a script run
    (``interpreter_code``), as read (quotes removed)."""
    for command in shell_commands(script):
        program = read_command(command.words)[0]
        for _, code, _ in interpreter_code(command.words, program) if program is not None else ():
            yield command.start, code


def _code_setting_words(script: str, written: list[tuple[str, str]]) -> list[str]:
    """The code given to an interpreter in ``script`` (``_interpreter_code_spans``) that sets a secret
    among ``written`` (its findings: what is wrong, the word) and holds a credential only for the
    ``NAME=value`` shape of its settings, none with them set apart as a ConfigMap key's text is
    judged (``connect(host=h, password="...")``, not ``x; password = "..."``): one secret each, reported
    as the code's setting, as a key reports it and ``_each_credential_setting_once`` ``a=1; password=...``."""
    words = {word for _, word in written}
    code = {script[start:end] for start, end in _interpreter_code_spans(script)} & words if words else set()
    return [word for word in code if credential_kind(word, settings_apart=True) is None]


def _within(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)


_WHITESPACE = re.compile(r"\s")
_NEXT_OPTION = re.compile(r"(?<!\s)\s++(?=-)")
"""Where the next option of an argument holding several begins (an option's value may hold spaces).
Tried from the first blank of a run only: from each of them, a run of 50,000 blanks not followed
by ``-`` was read again to its end (5 s)."""


def held_credentials(text: str) -> list[str]:
    """``holds <kind>`` for each credential in ``text``, the second of a kind and after said so."""
    seen: dict[str, int] = {}
    problems: list[str] = []
    for each in credential_kinds(text, ARG_PROBLEMS_COMPARED):
        rank = seen[each] = seen.get(each, 0) + 1
        problems.append(f"holds {each}" + (f", the {ordinal(rank)} of its kind in it" if rank > 1 else ""))
    return problems


def _each_credential_setting_once(arg: str, settings: list[tuple[str, str]], rest: list[str]) -> tuple[list[str], list[str]]:
    """An argument's credentials (``held_credentials``) and its other problems (``rest``), a setting
    (of ``settings``: ``NAME=value``, its problem) that is a credential the argument holds reported
    once: a password the credential scan calls a connection string only for its ``NAME=value``
    shape (``a=1; password=...``) as the setting, named; a value of a known format (a token) as
    the credential, its kind named, as a split script counts it."""
    named: list[str] = []
    left_out: Counter[str] = Counter()
    for setting, problem in settings:
        kinds = credential_kinds(setting, ARG_PROBLEMS_COMPARED)
        if kinds and all(kind in CONNECTION_KINDS for kind in kinds):
            named.append(setting)
        elif kinds:
            left_out[problem] += 1
    return held_credentials(without_parts(arg, named)), _less(rest, left_out)


_WORDS_WEIGHED = 8
"""How many words holding a credential a script may pass for each to be looked for among the
credentials of its argument (``_not_counted``): each is a reading of the whole argument."""


def _not_counted(text: str, kinds: list[str], words: list[str]) -> set[str]:
    """The words of a script, of ``words`` (each holding a credential), whose credential is none of
    ``kinds``, those of ``text``: left out of the text, they leave as many (echo 'PASSWORD=...' |
    grep ...; echo 'user=b password=...' > f: the first); the other words' findings are ``kinds``'.
    None when all of them together leave as many fewer, or when there are more than
    ``_WORDS_WEIGHED``."""
    if not words or len(words) > _WORDS_WEIGHED or len(held_credentials(without_parts(text, words))) <= len(kinds) - len(words):
        return set()
    return {word for word in words if len(held_credentials(without_parts(text, [word]))) == len(kinds)}


def _without_read(text: str, read: list[SecretRead], placed: bool) -> str:
    """``text`` without the secrets readers take in it (``read``): here-document lines blanked
    where they are written, when ``text`` is the script they were read in (``placed``; else they
    are left), and the other texts left out as ``without_parts`` leaves them out."""
    spans = read_spans(read) if placed else []
    kept: list[str] = []
    at = 0
    for start, end in spans:
        kept += (text[at:start], " ")
        at = end
    kept.append(text[at:])
    return without_parts("".join(kept) if spans else text, [each.text for each in read if each.start < 0])


def without_parts(text: str, parts: list[str]) -> str:
    """``text`` with each of ``parts``, written in it in that order as it is (``'user=a
    password=...'``), left out, a blank in its place; a part not written so after the one before
    (a ``\\n`` in a printf format) is passed over. At most ``ARG_PROBLEMS_COMPARED`` parts."""
    kept: list[str] = []
    at = 0
    for part in parts[:ARG_PROBLEMS_COMPARED]:
        found = text.find(part, at)
        if found >= 0:
            kept += (text[at:found], " ")
            at = found + len(part)
    kept.append(text[at:])
    return "".join(kept)


def _is_lone_password_setting(kind: str | None, arg: str) -> bool:
    """Whether an argument whose ``credential_kind`` is ``kind`` is one password setting alone
    (``PASSWORD=...``: ``is_lone_password_setting``), no connection string but a setting."""
    return kind in CONNECTION_KINDS and is_lone_password_setting(arg)


def _setting_problems(names: Names, arg: str) -> list[str]:
    """``sets "PASSWORD"`` for one password setting alone, its value judged as a setting's is in an
    env value (``config_settings``): ``none``, ``null`` and ``$(VAR)`` are no password."""
    return [f'sets "{setting}"' for _, setting in config_settings(names, arg)]


def _word_problems(names: Names, arg: str, flag: re.Match[str] | None, pending_flag: str | None) -> list[str]:
    """What is wrong with an argument of one word (or free text without options)."""
    if kind := credential_kind(arg):
        if not _is_lone_password_setting(kind, arg):
            return held_credentials(arg)
        if pending_flag is None:
            return _setting_problems(names, arg)
    if arg[:1] == "-" and flag is None:
        return []
    if flag is not None:
        value = flag.group(2)
        problem = _flag_value_problem(names, arg, _flag_name(flag), value) if value is not None else None
        return [problem] if problem is not None else []
    if pending_flag is not None and _flag_value_secret(names, pending_flag, arg):
        return [f"passes the value of {shown_flag(pending_flag)}"]
    if "=" in arg and (parameter := cfn_parameter_secret(names, arg)):  # --parameters ParameterKey=DBPassword,ParameterValue=...
        return [f"sets {shown_flag(parameter)}"]
    if (parameter := cfn_json_parameter_secret(names, arg)) is not None:  # --parameters '[{"ParameterKey": "DBPassword", ...}]'
        return [f"sets {shown_flag(parameter)}"]
    return _assignment_problems(names, arg, False) if "=" in arg else []


def _assignment_problems(names: Names, arg: str, script: bool) -> list[str]:
    """Each sensitive ``NAME=value`` (``env PGPASSWORD=... psql``) with a literal value, and each
    ``--flag=NAME=value`` of one, in an argument; in a script, ``--flag=value`` is judged with its
    command, which knows the program (``script_findings``)."""
    return [problem for _, _, problem, _ in _located_assignment_problems(names, arg, script)]


def _located_assignment_problems(names: Names, arg: str, script: bool) -> Iterator[tuple[int, str, str, str]]:
    """``_assignment_problems``, each with the offset and the text of the name it sets, and last the
    setting's text (``NAME=value``)."""
    for match in _shell_assignments(arg):
        shown = match.group(1)
        if shown[:2] == "--" and script:
            continue
        name = _set_name(shown.lstrip("-"), shown[:1] == "-" and shown[1:2] != "-")  # -DNAME=: NAME
        if names.sensitive(name) and not _FILE_EMBED.match(match.group(2)) and (literal_secret(name, match.group(2)) or _glued_secret(name, arg, match)):
            if closes_a_call_of_code(arg, match.start(1)):
                continue
            yield match.start(1), shown, f"sets {shown_flag(shown, assigned=True)}", arg[match.start(1) : match.end()]
        elif shown[:2] == "--" and (inner := _nested_assignment(names, match.group(2))):
            yield match.start(1), shown, f"sets {shown_flag(shown + '=' + inner)}", arg[match.start(1) : match.end()]


def _shell_assignments(arg: str) -> Iterator[re.Match[str]]:
    """``_SHELL_ASSIGNMENT.finditer(arg)``: the one at the start, then the others, each after a separator."""
    first = _SHELL_ASSIGNMENT.match(arg)
    if first is not None:
        yield first
    yield from _SHELL_ASSIGNMENT_AFTER.finditer(arg, 0 if first is None else first.end())


_WORD_REST = re.compile(r"""(?:"[^"]*+"|'[^']*+'|[^\s;&|)"']++)*+""")
"""The rest of a shell word after the first part ``_SHELL_ASSIGNMENT`` reads as a value (``"$PREFIX"``
of ``PW="$PREFIX"x``)."""


def _glued_secret(name: str, arg: str, match: re.Match[str]) -> bool:
    """Whether a ``_SHELL_ASSIGNMENT`` of the sensitive ``name`` in ``arg`` glues a literal secret to
    a reference in its whole word (``PW=${PW}hunter2``, ``PW="$PREFIX"hunter2``: ``assigned_literal_secret``)."""
    if "$" not in match.group(2):
        return False
    rest = _WORD_REST.match(arg, match.end())
    word = match.group(2) + (rest.group() if rest is not None else "")
    return assigned_literal_secret(name, unquoted(word))


def _jaas_entry_settings(names: Names, text: str, script: bool) -> Counter[str]:
    """The ``NAME=value`` problems (``_assignment_problems``) that are a password option of a JAAS
    entry of ``text`` (``PlainLoginModule required ... password="...";``: ``password``,
    ``user_NAME``), each as often as it is set in one. The entry is one finding (``holds a JAAS
    login configuration``); a setting outside an entry, or another option in one, is not counted."""
    entries = list(jaas_entries(text))  # in order, none overlapping: the one that may hold an offset is found by bisection
    starts = [start for start, _, _ in entries]
    return Counter(problem for at, name, problem, _ in _located_assignment_problems(names, text, script) if _is_entry_option(entries, starts, at, name))


def _is_entry_option(entries: list[tuple[int, int, tuple[str, ...]]], starts: list[int], at: int, name: str) -> bool:
    """Whether the setting of ``name`` at offset ``at`` is one of the password options of the JAAS
    entry (of ``entries``, whose starts are ``starts``) it lies in."""
    index = bisect_right(starts, at) - 1
    if index < 0:
        return False
    _, end, options = entries[index]
    return at < end and name in options


def _less(problems: list[str], left_out: Counter[str]) -> list[str]:
    """``problems`` without those ``left_out``, each as many times as it is counted there."""
    left = Counter(left_out)
    kept: list[str] = []
    for problem in problems:
        if left[problem] > 0:
            left[problem] -= 1
        else:
            kept.append(problem)
    return kept


_FILE_EMBED = re.compile(r"^[\"']?@(?:~|\.{0,2}/)")
"""``name=@/path``: a file's content (HTTPie's request items, ``curl -F``), not a literal."""
_OPTION_START = re.compile(r"(?:^|\s)-")


def option_string_flag(text: str, names: Names) -> str | None:
    """The first sensitive option with a literal value in an option string held by an env var
    (``JAVA_OPTS: -Djavax.net.ssl.trustStorePassword=...``, ``EXTRA_ARGS: --api-token ...``), or
    sensitive ``NAME=value`` pair with a literal value passed as an option's value or as a word of
    its own (``HELM_ARGS: --set=db.password=...``, ``--set db.password=...``), as a message shows
    it (``shown_flag``); None when there is none. Judged like options in args."""
    if not _OPTION_START.search(text):
        return None
    for words, *_ in shell_commands(text):
        pending: str | None = None  # a sensitive option whose value is the next word
        for word in words:
            if pending is not None and word[:1] != "-" and literal_secret(pending, word):
                return shown_flag(pending)
            pending = None
            if word[:1] != "-" and (assigned := _nested_assignment(names, word)):  # --set db.password=...
                return shown_flag(assigned)
            flag = _FLAG.match(word) if word[:1] == "-" else None
            if flag is None or (word[1] != "-" and not _names_a_flag(word[1:])):
                continue  # not an option, or -pVALUE: a letter with its value
            value, name = flag.group(2), _flag_name(flag)
            if not names.sensitive(name):
                if value and (inner := _nested_assignment(names, value)):  # --set=db.password=...
                    return shown_flag(word.split("=", 1)[0] + "=" + inner)
                continue
            if value is None:
                pending = word
            elif literal_secret(name, value):
                return shown_flag(word.split("=", 1)[0], assigned=True)
    return None


JVM_OPTIONS_SUFFIXES = ("jvm.options", ".vmoptions", "jvm.config")
"""ConfigMap keys (lower case) that hold JVM options, one or more a line: Elasticsearch's, Logstash's
and Cassandra's ``jvm.options``, a launcher's ``.vmoptions``, Maven's ``.mvn/jvm.config`` (its
lines joined into one command line). Their ``-DNAME=value`` lines are read as settings
(``jvm_option_settings``)."""
_JVM_VERSION_RANGE = re.compile(r"[0-9]++(?:-[0-9]*+)?:")
"""The JDK versions an Elasticsearch ``jvm.options`` line applies to, before its option (``17-:``, ``8-13:``, ``11:``)."""


def jvm_option_settings(names: Names, text: str) -> Iterator[tuple[int, str]]:
    """(line, the property as a message shows it) for each ``-DNAME=value`` of a JVM options file
    (``JVM_OPTIONS_SUFFIXES``) setting a sensitive NAME to a literal: judged as the same option in
    ``JAVA_OPTS`` is (``-Ddb.password=...``, ``-DDB_PASSWORD=...``); ``#`` starts a comment line."""
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words or words[0][:1] == "#":
            continue
        if (versions := _JVM_VERSION_RANGE.match(words[0])) is not None:
            words[0] = words[0][versions.end() :]
        for word in words:
            flag = _FLAG.match(word) if word[:2] == "-D" and _DEFINE.match(word[1:]) else None
            if flag is not None and names.sensitive(name := _flag_name(flag)) and literal_secret(name, flag.group(2)):
                yield number, shown_flag(word.split("=", 1)[0], assigned=True)


ARGUMENT_LIST_KEYS = frozenset(("args", "extraargs", "command", "flags"))
"""Keys (lower case) of a YAML text whose list holds a program's command-line arguments: a kubeconfig
``exec`` plugin's ``args`` (kubelogin's ``--oidc-client-secret=...``), a Helm chart's ``extraArgs``,
a container's ``args`` or ``command`` written in a ConfigMap, a tool's ``flags``."""
_YAML_KEY_LINE = re.compile(r"([ \t]*+)(?:-[ \t]++)?+[\"']?+([A-Za-z_][\w.\-]*+)[\"']?+[ \t]*+:(?:[ \t]++(.*+))?+")
"""A YAML line of a mapping key (in a list's item, ``- key:``): its indent, its name and its value."""
_YAML_FLAG_ITEM = re.compile(r"([ \t]*+)-[ \t]++(?:\"(--[^\"]*+)\"|'(--[^']*+)'|(--[^ \t#]*+))[ \t]*+(?:#.*+)?+")
"""A YAML list item that is one ``--name=value`` word, quoted or plain (a plain one up to a blank)."""


def yaml_argument_flags(names: Names, text: str) -> Iterator[tuple[int, str]]:
    """(line, problem) for each item ``- --name=value`` (or ``- "--name=value"``) of a YAML list under
    a key of ``ARGUMENT_LIST_KEYS`` (``args:`` / ``- --oidc-client-secret=...``; on one line, ``args:
    ["--password=..."]``) that a container's argument of that word would be reported for: a sensitive
    flag's literal value (``_flag_value_problem``); a reference (``$(VAR)``, ``${VAR}``), a file's
    path or a neutral flag is none. Another line at the key's indent or less ends its list. One pass
    over the lines, each matched once from its start: linear in the text."""
    if "--" not in text:
        return
    under = -1  # the indent of the argument list's key, -1 outside one
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[:1] == "#":
            continue
        if under >= 0 and (item := _YAML_FLAG_ITEM.fullmatch(line)) is not None:
            if len(item.group(1)) >= under:
                word = item.group(2) or item.group(3) or item.group(4) or ""
                yield from ((number, problem) for problem in _yaml_flag_problems(names, word))
                continue
        indent = len(line) - len(line.lstrip(" \t"))
        if under >= 0 and stripped[:1] == "-" and indent >= under:
            continue  # another item of the list: - oidc-login
        under = -1
        if (key := _YAML_KEY_LINE.fullmatch(line)) is None or key.group(2).lower() not in ARGUMENT_LIST_KEYS:
            continue
        value = key.group(3).strip() if key.group(3) else ""
        if not value or value[:1] == "#":
            under = len(key.group(1))
        elif value[:1] == "[":
            for item_text in flow_sequence_items(value):
                if len(item_text) > 1 and item_text[0] in "\"'" and item_text[-1] == item_text[0]:
                    item_text = item_text[1:-1]
                if item_text[:2] == "--":
                    yield from ((number, problem) for problem in _yaml_flag_problems(names, item_text))


def _yaml_flag_problems(names: Names, word: str) -> list[str]:
    """What a ``--name=value`` word of a YAML argument list sets in plain text (``yaml_argument_flags``)."""
    flag = _FLAG.match(word) if word[:2] == "--" else None
    if flag is None or flag.group(2) is None:
        return []
    problem = _flag_value_problem(names, word, _flag_name(flag), flag.group(2))
    return [problem] if problem is not None else []


ERLANG_VM_ARGS_SUFFIXES = ("vm.args", "vm.args.src")
"""ConfigMap keys (lower case) that hold an Erlang node's emulator flags, one or more a line: a
release's ``vm.args`` (relx's ``vm.args.src``, RabbitMQ's, EMQX's, CouchDB's). Their ``-setcookie``
is read as the same flag on a command line (``vm_args_cookies``)."""


def vm_args_cookies(text: str) -> Iterator[int]:
    """The lines of an Erlang ``vm.args`` (``ERLANG_VM_ARGS_SUFFIXES``) whose ``-setcookie`` is given
    a literal (``-setcookie s3cr3t``, ``-setcookie node@host s3cr3t``): the cookie that authenticates
    the nodes of a cluster to each other. ``#`` starts a comment; a reference (relx's
    ``${ERLANG_COOKIE}``) is none."""
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if len(words) > 1 and words[0] == "-setcookie" and literal_secret("setcookie", words[-1]):
            yield number


# --- env vars a container's shell runs as a script ----------------------------------------------

_KUBERNETES_REFERENCE = re.compile(r"\$(?:\$|\(([^)$]*+)\))")
"""What the kubelet expands in a container's command and args: ``$(NAME)`` (the env var's value, when
it is defined) and ``$$`` (a ``$``: ``$$(NAME)`` is the text ``$(NAME)``). One pass, left to right; a
name stops at the next ``$`` (read up to the end, each unclosed ``$(`` of ``$($($(...`` made it quadratic)."""
_SHELL_REFERENCE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*+)\}|([A-Za-z_][A-Za-z0-9_]*+))")
"""A whole word that is a variable the shell expands: ``$NAME``, ``${NAME}`` (quotes removed)."""


def scripted_env_names(line: ContainerCommand, hooks: list[ExecCommand], candidates: set[str], splits: Splits | None = None) -> set[str]:
    """The names among ``candidates`` (the container's env vars with a value) of those whose value the
    container's shell runs: the script a shell is given (``sh -c``, also after wrappers, or ``su -c``)
    in its command and args holds ``$(NAME)``, which the kubelet replaces with the value (anywhere:
    the value becomes part of the script), or the script of a shell there or in an exec probe or hook
    (``hooks``) runs ``$NAME``, ``${NAME}`` or ``"$NAME"`` as a command, or gives it to ``eval``. Such
    a value is judged as a script (``script_text_violations``). A script is split into commands only
    when it names a candidate: once, and no further than the last one it runs; kept in ``splits``,
    for the command line's judge (``container_argv_violations``) to read on from there."""
    found: set[str] = set()
    script = _shell_script_text(line.whole, line.program, line.split)
    if script is not None and "$" in script:
        # the shell sees the text the kubelet expanded: $$ is a $ and $(NAME) the value
        script = _KUBERNETES_REFERENCE.sub(lambda match: _kubernetes_reference(match, candidates, found), script)
        _run_references(script, candidates, found, splits)
    for _, _, argv, program, split in hooks:
        script = _shell_script_text(argv, program, split)
        if script is not None and "$" in script:
            _run_references(script, candidates, found, splits)
    return found


def _kubernetes_reference(match: re.Match[str], candidates: set[str], found: set[str]) -> str:
    name = match.group(1)
    if name is None:
        return "$"  # $$
    if name in candidates:
        found.add(name)
        return " "  # the value, judged on its own: not read again here
    return match.group()  # not defined: the kubelet leaves it


def _shell_script_text(argv: list[Any], program: Program | None, split: CommandLine | None) -> str | None:
    """The script a shell runs from ``argv``: the word after ``sh -c`` (after wrappers), or the command
    line ``su -c`` and the like give it; None for another argv. ``program`` and ``split`` are
    ``read_command(argv)``."""
    if not argv or not all(isinstance(word, str) for word in argv):
        return None
    if program is None:
        return split.text if split is not None else None
    at = _shell_script_at(argv, program, 0)
    return argv[at] if at is not None else None


def _run_references(script: str, candidates: set[str], found: set[str], kept: Splits | None, depth: int = 0) -> None:
    """Add to ``found`` the ``candidates`` a script runs: a command that is a variable (``$SCRIPT``,
    ``exec "${SCRIPT}"``), a variable given to ``eval``, or the script a shell is given (``sh -c
    "$SCRIPT"``, ``exec bash -c "$SCRIPT"``) or a wrapper's command line (``su -c "$SCRIPT"``);
    the scripts run inside it too, ``NESTED_SCRIPTS`` levels deep (``sh -c 'sh -c "$SCRIPT"'``).
    ``. FILE`` and ``source FILE`` read a file: the variable names it, its value is not run. The
    script is split only when it names one of them not found yet, and no further than the last of them;
    kept in ``kept`` (at depth 0: the line's and handlers' scripts, which their judge reads again)."""
    named = {reference.group(1) or reference.group(2) for reference in _SHELL_REFERENCE.finditer(script)} & candidates
    named -= found
    if not named:
        return
    for command in shell_commands(script, kept if depth == 0 else None):
        if command.pattern:
            continue
        program, line = read_command(command.words)
        scripts = [line.text] if line is not None and depth < NESTED_SCRIPTS else []
        if program is not None and (at := _shell_script_at(command.words, program, depth)) is not None:
            scripts.append(command.words[at])
        if program is None and not scripts:
            continue
        words = scripts if program is None else command.words[program[0] + 1 :] if program[1] == "eval" else [command.words[program[0]], *scripts]
        for word in words:
            if word[:1] == "$" and (reference := _SHELL_REFERENCE.fullmatch(word)) is not None:
                name = reference.group(1) or reference.group(2)
                if name in named:
                    found.add(name)
                    named.discard(name)
        for text in scripts:
            if named and "$" in text:
                _run_references(text, candidates, found, None, depth + 1)
                named -= found
        if not named:
            return


def script_text_violations(names: Names, text: str, path: str, shown: str, item: str, fix: str, label: str) -> list[Violation]:
    """The findings of a text run as a script outside the command line (an env var's value, at
    ``path``): judged as a ``sh -c`` argument is (``_argv_problems``), each problem a finding shown as
    ``shown`` (``env var "SCRIPT" ...``), known on UPDATE by ``item`` and the problem."""
    return list(_arg_violations(_argv_problems(names, text, None, None), path, shown, item, fix, label))
