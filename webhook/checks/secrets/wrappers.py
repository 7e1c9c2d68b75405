"""The program a command line runs: the first word after wrappers (``env``, ``timeout 10``, ``sudo
-u postgres``, ``gosu USER``, ``watch -n 5``...), ``NAME=value`` assignments and a script's keywords,
also behind ``kubectl exec POD --`` and ``docker exec CONTAINER`` (``read_command``); and the command
line a wrapper runs in place of a program (``env -S``, ``su -c``, ``flock -c``, what ``watch`` joins
for ``sh -c``), judged as a script of its own."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from webhook.checks.secrets.shell_reader import SHELL_KEYWORDS

GLOBAL_VALUED = frozenset({"-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--url", "--connection", "--kube-context"})
"""Options before a subcommand that take the next word as their value (``docker -H HOST login``)."""
WRAPPERS = frozenset(
    "env exec command nice nohup time timeout stdbuf setsid tini dumb-init xargs sudo doas gosu su-exec s6-setuidgid chroot"
    " flock su runuser setpriv chpst taskset numactl ionice unshare nsenter strace watch".split()
)
WRAPPER_VALUED: dict[str, frozenset[str]] = {
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}),  # -S: see split_string_at
    "exec": frozenset({"-a"}),
    "timeout": frozenset({"-s", "--signal", "-k", "--kill-after"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "stdbuf": frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}),
    "time": frozenset({"-f", "--format", "-o", "--output"}),
    "tini": frozenset({"-p", "-e"}),
    "dumb-init": frozenset({"-r", "--rewrite"}),
    "xargs": frozenset({"-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "--max-lines", "-n", "--max-args", "-P", "--max-procs", "-s", "--max-chars"}),
    "sudo": frozenset(
        {"-u", "--user", "-g", "--group", "-p", "--prompt", "-C", "--close-from", "-D", "--chdir", "-R", "--chroot"}
        | {"-r", "--role", "-t", "--type", "-T", "--command-timeout", "-U", "--other-user"}
    ),
    "doas": frozenset({"-u", "-C"}),
    "chroot": frozenset({"--userspec", "--groups"}),
    "flock": frozenset({"-w", "--wait", "--timeout", "-E", "--conflict-exit-code", "-c", "--command"}),
    "su": frozenset({"-c", "--command", "--session-command", "-g", "--group", "-G", "--supp-group", "-s", "--shell"} | {"-w", "--whitelist-environment"}),
    "runuser": frozenset(
        {"-u", "--user", "-c", "--command", "--session-command", "-g", "--group", "-G", "--supp-group", "-s", "--shell"}
        | {"-w", "--whitelist-environment"}
    ),
    "setpriv": frozenset(
        {"--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--ruid", "--euid", "--reuid", "--rgid", "--egid", "--regid"}
        | {"--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule"}
    ),
    "chpst": frozenset({"-u", "-U", "-b", "-e", "-/", "-C", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t"}),
    "numactl": frozenset(
        {"-i", "--interleave", "-p", "--preferred", "-P", "--preferred-many", "-m", "--membind", "-N", "--cpunodebind"}
        | {"-C", "--physcpubind", "-w", "--weighted-interleave"}
    ),
    "ionice": frozenset({"-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid", "-u", "--uid"}),
    "unshare": frozenset(
        {"-S", "--setuid", "-G", "--setgid", "-R", "--root", "-w", "--wd", "--propagation", "--setgroups"}
        | {"--map-user", "--map-group", "--map-users", "--map-groups", "--monotonic", "--boottime"}
    ),
    "nsenter": frozenset({"-t", "--target", "-S", "--setuid", "-G", "--setgid", "-W", "--wdns"}),
    "strace": frozenset({"-o", "--output", "-e", "-p", "--attach", "-u", "--user", "-s", "--string-limit", "-a", "--columns"} | {"-E", "--env", "-b", "-I", "-O", "-S", "-P", "-X", "-U"}),
    "watch": frozenset({"-n", "--interval", "-q", "--equexit", "-s", "--shotsfile"}),
}
"""Options of a wrapper that take the next word as their value (``timeout -s KILL 10 mysql ...``,
``env -u HOME``, ``exec -a NAME``, ``xargs -I {}``, ``sudo -u postgres``): that word is not the program."""
WRAPPER_POSITIONALS: dict[str, tuple[int, frozenset[str]]] = {
    "gosu": (1, frozenset()),  # gosu USER[:GROUP] COMMAND...
    "su-exec": (1, frozenset()),  # su-exec USER[:GROUP] COMMAND...
    "s6-setuidgid": (1, frozenset()),  # s6-setuidgid ACCOUNT PROG...
    "chroot": (1, frozenset()),  # chroot [options] NEWROOT [COMMAND...]
    "flock": (1, frozenset()),  # flock [options] FILE|DIR|FD [COMMAND... | -c STRING]
    "taskset": (1, frozenset()),  # taskset [-c] MASK|LIST COMMAND... (-c only says how MASK reads)
    "su": (1, frozenset()),  # su [options] [-] [USER] (-c STRING: the command)
    "runuser": (1, frozenset({"-u", "--user"})),  # runuser [options] USER -c STRING, or runuser -u USER [--] COMMAND...
}
"""Words a wrapper takes after its options and before its program (``gosu postgres "$@"``,
``chroot /srv /bin/ls``): (how many, the options that name them instead, when one is given:
``runuser -u USER -- COMMAND``). Such a word is never the program: ``gosu app`` alone runs none."""
WRAPPER_SCRIPT_OPTIONS: dict[str, frozenset[str]] = {
    "env": frozenset({"-S", "--split-string"}),  # env -S "mysql -p...": split into a command line
    "su": frozenset({"-c", "--command", "--session-command"}),
    "runuser": frozenset({"-c", "--command", "--session-command"}),
    "flock": frozenset({"-c", "--command"}),
}
"""Options whose value is the command line a wrapper runs (with ``sh -c``, or split like env -S),
in place of a program: it is judged as a script (``split_string_at``). Each is also in ``WRAPPER_VALUED``."""
WRAPPER_COMMAND_LINE = frozenset({"watch"})
"""Wrappers that join their program and its arguments into one command line for ``sh -c`` (``watch
-n 5 'mysql -p... -e "select 1"'``, ``watch -n 5 echo 'a; mysql -p...'``): when a word of it holds
a blank, a separator or a redirection, the whole line is a script, not a program and its arguments."""
REMOTE_EXEC = frozenset({"kubectl", "oc"})
"""Programs whose ``exec POD -- COMMAND...`` runs a command elsewhere: that command is judged."""
CONTAINER_EXEC = frozenset({"docker", "podman", "nerdctl"})
"""``docker exec [options] CONTAINER COMMAND...``, ``docker compose [options] exec|run [options]
SERVICE COMMAND...``: the command runs in another container; judged."""
COMPOSE = frozenset({"docker-compose", "podman-compose"})
"""Compose's own programs: ``docker-compose [options] exec [options] SERVICE COMMAND...``."""
_CONTAINER_EXEC_VALUED = frozenset(
    {"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys", "--index"}
    | {"-l", "--label", "--name", "-p", "--publish", "-v", "--volume", "--entrypoint", "--cap-add", "--cap-drop", "--pull"}
)
"""Options of ``exec`` and ``compose run`` that take the next word as their value."""
_COMPOSE_VALUED = frozenset(
    {"-f", "--file", "-p", "--project-name", "--env-file", "--profile", "--project-directory", "--ansi", "--progress", "--parallel"}
)
_ASSIGNMENT_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*+=")
_WRAPPER_NUMBER = re.compile(r"^\d++(?:\.\d++)?+[smhd]?$")  # a duration (timeout 10, 1.5m): not the program


Program = tuple[int, str]
"""(index, name) of a command's program in its words."""


class CommandLine(NamedTuple):
    """The command line a wrapper runs in place of a program (``split_string_at``)."""

    at: int  # the index of the word it begins in
    text: str
    end: int  # the index after its last word: at + 1, or for watch's line the end of the argv


_REREAD = re.compile(r"[\s;&|()`<>]")
"""What in a word sh reads again when watch joins its words into one line for it: blanks split it
into words, separators into commands, redirections."""


def command_program(argv: list[Any]) -> Program | None:
    """(index, name) of the program in an argv (``read_command``)."""
    return read_command(argv)[0]


def read_command(argv: list[Any]) -> tuple[Program | None, CommandLine | None]:
    """The program of an argv and the command line a wrapper runs in place of one, in one pass.

    The program (index, name) is the first word after wrappers (env, timeout 10, gosu USER, ...:
    their options, and the words of ``WRAPPER_POSITIONALS``), NAME=value assignments and a script's
    keywords (``if``, ``do``, ``!``...), or the program that ``kubectl exec POD --`` or ``docker exec
    CONTAINER`` runs; None when it starts with an option (args for the image's entrypoint) or a
    wrapper runs a command line instead. A command run by ``docker exec CONTAINER`` that has no
    program of its own leaves docker the program.

    The command line (index, text), or None, is the string ``env -S`` splits (``env -S "mysql
    -uroot -p..."``, ``-S...``, ``--split-string=...``), the one su, runuser and flock give ``sh -c``
    (``su - app -c "..."``, ``--command=...``, ``WRAPPER_SCRIPT_OPTIONS``), or what watch joins for
    it (its words from the first on, when one of them holds what sh reads again, ``_REREAD``:
    ``watch -n 5 'mysql ...'``, ``watch -n 5 echo 'a; mysql ...'``), when the option is the last
    wrapper's and only wrappers come before it, also behind ``docker exec`` or ``kubectl exec --``
    (``docker exec db su -c "..."``): it is judged as a script of its own.

    One pass, whatever the nesting (``kubectl exec p -- kubectl exec ...``)."""
    wrapper: str | None = None  # the last wrapper seen
    valued = False  # the word is the value of the wrapper's option before it
    positionals = 0  # words the wrapper still takes before its program (WRAPPER_POSITIONALS)
    outer: Program | None = None  # the innermost docker exec around the command read
    reread: int | None = None  # the last word holding what sh reads again (_REREAD), found once, or -1
    direct = False  # the wrapper runs its words as they are, without sh -c (watch -x)
    index = 0
    while index < len(argv):
        word = argv[index]
        if not isinstance(word, str):
            return outer, None
        index += 1
        if valued:
            valued = False
            continue
        if wrapper is not None:
            if word[:1] == "-":
                if wrapper in WRAPPER_SCRIPT_OPTIONS and (text := wrapper_script_option(wrapper, word)) is not None:
                    return outer, _option_command_line(argv, index - 1, text)  # su -c STRING, env -S STRING
                valued = wrapper_takes_value(wrapper, word)
                direct = direct or runs_words_directly(wrapper, word)
                if positionals:
                    positionals = wrapper_positionals_after(wrapper, word, positionals)
                continue
            if positionals:  # gosu USER, chroot NEWROOT, flock FILE: not the program
                positionals -= 1
                continue
            if _WRAPPER_NUMBER.match(word):  # timeout 10
                continue
        if ("=" in word and _ASSIGNMENT_WORD.match(word)) or word in SHELL_KEYWORDS:
            continue
        name = word.rsplit("/", 1)[-1]
        if name in WRAPPERS:
            wrapper, direct = name, False
            positionals = WRAPPER_POSITIONALS[name][0] if name in WRAPPER_POSITIONALS else 0
            continue
        at = index - 1
        if wrapper in WRAPPER_COMMAND_LINE and not direct:  # watch joins its words into one line for sh -c
            if reread is None:
                reread = _last_reread(argv)
            if reread >= at:  # watch 'mysql -p...', watch echo 'a; mysql -p...': a command line
                rest = argv[at:]
                return outer, (CommandLine(at, " ".join(rest), len(argv)) if all(isinstance(each, str) for each in rest) else None)
        if name in REMOTE_EXEC and (start := remote_exec_start(argv, at)) is not None:
            index, wrapper = start, None  # the command it runs, read afresh
            continue
        if (name in CONTAINER_EXEC or name in COMPOSE) and (subcommand := _exec_subcommand(name, argv, at)):
            if (begins := _after_container(argv, subcommand + 1)) is not None:
                outer, index, wrapper = (at, name), begins, None
                continue
        return (outer if word[:1] == "-" else (at, name)), None
    return outer, None


def _option_command_line(argv: list[Any], at: int, text: str) -> CommandLine | None:
    """The command line a wrapper's option at ``at`` carries: ``text``, joined to the option
    (``--command=...``), or when that is empty the next word, or None when there is none."""
    if text:
        return CommandLine(at, text, at + 1)
    following = argv[at + 1] if at + 1 < len(argv) else None
    return CommandLine(at + 1, following, at + 2) if isinstance(following, str) else None


def _last_reread(argv: list[Any]) -> int:
    """The index of the last word of ``argv`` holding what sh reads again (``_REREAD``), or -1."""
    for index in range(len(argv) - 1, -1, -1):
        word = argv[index]
        if isinstance(word, str) and _REREAD.search(word):
            return index
    return -1


WRAPPER_DIRECT = {"watch": ("--exec", "x")}
"""The option (long, and its letter) that has a wrapper of ``WRAPPER_COMMAND_LINE`` run its words
as they are (``exec``), not a line joined for ``sh -c`` (``watch --exec``, ``-x``, ``-tx``)."""


def runs_words_directly(wrapper: str, option: str) -> bool:
    """Whether a wrapper's ``option`` is (or holds, joined to other letters before one that takes a
    value: in ``-nx``, x is -n's value) its ``WRAPPER_DIRECT`` option."""
    if (direct := WRAPPER_DIRECT.get(wrapper)) is None:
        return False
    if option[:2] == "--":
        return option == direct[0]
    valued = WRAPPER_VALUED.get(wrapper, ())
    for letter in option[1:]:
        if letter == direct[1]:
            return True
        if "-" + letter in valued:
            return False
    return False


def wrapper_takes_value(wrapper: str, option: str) -> bool:
    """Whether a wrapper's ``option`` takes the next word as its value: one of ``WRAPPER_VALUED``,
    or short options joined with such an option last (``sudo -Eu postgres``, ``timeout -vs KILL``;
    in ``-uE`` the letters after ``-u`` are its value)."""
    valued = WRAPPER_VALUED.get(wrapper, ())
    if option in valued:
        return True
    if len(option) < 3 or option[1] == "-" or not option[1:].isalpha():
        return False
    for at, letter in enumerate(option[1:], start=2):
        if "-" + letter in valued:
            return at == len(option)
    return False


def wrapper_positionals_after(wrapper: str, option: str, positionals: int) -> int:
    """The words ``wrapper`` still takes before its program after its ``option`` (``WRAPPER_POSITIONALS``):
    none when the option names them (``runuser -u USER``, ``--user=USER``, ``-uUSER``)."""
    named = WRAPPER_POSITIONALS[wrapper][1] if wrapper in WRAPPER_POSITIONALS else ()
    if named and (option in named or option[:2] in named or option.split("=", 1)[0] in named):
        return 0
    return positionals


def wrapper_script_option(wrapper: str, option: str) -> str | None:
    """The command line a wrapper's ``option`` carries (``WRAPPER_SCRIPT_OPTIONS``): the text
    joined to it (``--command=...``, ``-Smysql ...``), "" when it is the next word (``-c``, ``-lc``,
    ``env -iS``), or None when the option is none of them (an option letter that takes a value
    before it: in ``env -uS``, S is the name ``-u`` unsets)."""
    options = WRAPPER_SCRIPT_OPTIONS.get(wrapper)
    if options is None or option[:1] != "-" or len(option) < 2:
        return None
    if option[1] == "-":
        name, joined, text = option.partition("=")
        return None if name not in options or (joined and not text) else text
    valued = WRAPPER_VALUED.get(wrapper, ())
    for at in range(1, len(option)):
        letter = "-" + option[at]
        if letter in options:
            return option[at + 1 :]
        if letter in valued:
            return None
    return None


def split_string_at(argv: list[Any]) -> CommandLine | None:
    """(index, text) of the command line a wrapper runs in place of a program (``read_command``), or None."""
    return read_command(argv)[1]


def remote_exec_start(argv: list[Any], index: int) -> int | None:
    """Where the command that ``kubectl [options] exec [options] POD -- COMMAND...`` runs begins,
    the program ``kubectl`` (or ``oc``) being at ``index``; None for another subcommand. Its global
    options may come first, as many as written (``kubectl --context prod -n shop exec``)."""
    try:
        dash = argv.index("--", index + 2)
    except ValueError:
        return None
    return dash + 1 if "exec" in argv[index + 1 : dash] else None


def _exec_subcommand(name: str, argv: list[Any], index: int) -> int | None:
    """Index of the ``exec`` of ``docker [options] exec``, ``docker [options] compose [options]
    exec|run`` or ``docker-compose [options] exec|run`` when the program ``name`` at ``index`` runs
    one, else None."""
    at = _after_options(argv, index + 1, GLOBAL_VALUED) if name in CONTAINER_EXEC else index + 1
    if name in CONTAINER_EXEC and at < len(argv) and argv[at] == "compose":
        name, at = "docker-compose", at + 1
    if name in COMPOSE:
        at = _after_options(argv, at, _COMPOSE_VALUED)
        if at < len(argv) and argv[at] == "run":
            return at  # compose run [options] SERVICE COMMAND: its options are skipped like exec's
    return at if at < len(argv) and argv[at] == "exec" else None


def _after_options(argv: list[Any], at: int, valued: frozenset[str]) -> int:
    """The index of the first word from ``at`` on that is not an option (nor the value of one of
    ``valued``)."""
    while at < len(argv) and isinstance(argv[at], str) and argv[at][:1] == "-":
        at += 2 if argv[at] in valued else 1
    return at


def _after_container(argv: list[Any], at: int) -> int | None:
    """Where the command begins in ``docker exec`` arguments from ``at`` (options, then the
    container), or None."""
    at = _after_options(argv, at, _CONTAINER_EXEC_VALUED)
    return at + 1 if at < len(argv) and isinstance(argv[at], str) else None
