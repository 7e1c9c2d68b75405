"""``railguard audit verify|export|prune|keygen|hide-user|checkpoint``: the audit trail for auditors.

Exit codes: 0 success (verify: the trail is intact), 1 verify found problems (export: a record to
export fails verify's checks or cannot be read, the trail is damaged), 2 the store, a key or an
option could not be used (the message says which).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from webhook.audit import open_trail, open_trails
from webhook.audit.base import Filters, Trail, file_identity, still_names
from webhook.cli.common import path_arg, url_arg
from webhook.config import Settings, env_variable, variables_read
from webhook.errors import AuditError, ConfigError, DamagedTrail
from webhook.workloads import printable

if TYPE_CHECKING:
    from webhook.audit.export import Coverage

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

SEVERAL_TRAILS = ("verify", "export")
"""The commands that read several trails as one (the JSON Lines files a rotation left, oldest
first): their ``--audit`` repeats, and they get a list. The others that take a trail (prune,
checkpoint) write to one: ``--audit`` once (``_OneTrail``), a single URL."""


def _default_url() -> str:
    """The trail when ``--audit`` is not given: ``RAILGUARD_AUDIT_URL``, else the built-in default.
    That variable is read alone: another ``RAILGUARD_*`` variable with a value ``serve`` refuses
    (a port that is not a number) must not send these commands to the default trail instead.
    Raises ``ConfigError`` for a variable set but empty (a template that rendered nothing)."""
    return Settings.from_env(variables_read({"audit_url": None})).audit_url


def _shown_default() -> str:
    """The default trail as ``--help`` shows it (password redacted)."""
    try:
        return _shown(_default_url())
    except ConfigError as exc:
        return f"none: {exc}"


def _shown(url: str) -> str:
    """The URL for --help (it may come from RAILGUARD_AUDIT_URL, password included)."""
    from webhook.audit.redact import redact

    return redact(url).replace("%", "%%")  # argparse formats help with %


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    shown = f"{env_variable('audit_url')}, default: {_shown_default()}"

    def add(name: str, help_text: str, run: Callable[[argparse.Namespace], int], trail: bool = True) -> argparse.ArgumentParser:
        """The subcommand ``name``; with ``trail``, its ``--audit``: repeated by the commands of
        ``SEVERAL_TRAILS``, given once by the others."""
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(run=_guarded(run))
        if trail and name in SEVERAL_TRAILS:
            several = "; repeat it for JSON Lines files a rotation left, oldest first, read as one trail"
            p.add_argument("--audit", metavar="URL", type=url_arg, action="append", help=f"the trail ({shown}){several}")
        elif trail:
            p.add_argument("--audit", metavar="URL", type=url_arg, action=_OneTrail, help=f"the trail ({shown})")
        return p

    p = add("verify", "check every chain: name each edited, deleted, inserted or reordered record", run_verify)
    p.add_argument("--public-key", metavar="PEM", type=path_arg, help="authenticate signed checkpoints with this Ed25519 public key")
    p.add_argument(
        "--checkpoint", metavar="FILE", type=path_arg, action="append", default=[],
        help="a signed checkpoint kept outside the trail ('checkpoint --output'): the trail must still hold what it attests;"
        " needs --public-key; repeat it for several",
    )  # fmt: skip

    p = add("export", "export records as JSON Lines, CSV or PolicyReports", run_export)
    p.add_argument("--format", choices=("jsonl", "csv", "policyreport"), default="jsonl", help="default: jsonl")
    p.add_argument("--output", "-o", metavar="FILE", type=path_arg, help="write here instead of stdout (replaced only once the export succeeded)")
    p.add_argument("--summary", metavar="FILE", type=path_arg, help="also write what the export covers here, as JSON (written on failure too)")
    p.add_argument("--since", metavar="TIME", help="from this date or RFC 3339 time (inclusive, UTC)")
    p.add_argument("--until", metavar="TIME", help="up to this date or RFC 3339 time (exclusive, UTC)")
    p.add_argument("--namespace", metavar="NS", help="only this namespace ('' for cluster-scoped objects)")
    p.add_argument("--policy", metavar="ID", help="only records with a finding of this policy")
    p.add_argument("--verdict", choices=("allowed", "denied", "warned", "mutated"), help="only records with this verdict")
    p.add_argument("--user", metavar="NAME", help="only requests by this username")

    p = add("prune", "delete records older than a date, keeping the chains verifiable", run_prune)
    p.add_argument("--before", metavar="DATE", required=True, help="delete records before this date or RFC 3339 time (UTC)")
    p.add_argument("--key", metavar="PEM", type=path_arg, help="sign a checkpoint covering the new anchors with this private key")

    p = add("keygen", "create an Ed25519 key pair for signed checkpoints", run_keygen, trail=False)
    p.add_argument("--private-key", metavar="PEM", type=path_arg, default=Path("railguard-audit.key"), help="default: railguard-audit.key (never overwritten)")
    p.add_argument("--public-key", metavar="PEM", type=path_arg, default=Path("railguard-audit.pub"), help="default: railguard-audit.pub (never overwritten)")

    p = add("hide-user", "print how records name a user name, uid or group that is a credential: read from standard input"
            " (never the command line, which shell history and the process list keep)", run_hide_user, trail=False)
    p.add_argument("--key", metavar="FILE", type=path_arg,
                   help="the key file of 'serve --audit-hide-key' (without it: the form a server without a key records)")

    p = add("checkpoint", "verify the trail, then sign every writer's head: stored in the trail (SQL), written to --output (any)", run_checkpoint)
    p.add_argument("--key", metavar="PEM", type=path_arg, required=True, help="Ed25519 private key (from 'railguard audit keygen')")
    p.add_argument(
        "--output", "-o", metavar="FILE", type=path_arg,
        help="also write the signed checkpoint here, to keep outside the trail (for 'verify --checkpoint'); required for a"
        " JSON Lines trail, which keeps none",
    )  # fmt: skip


class _OneTrail(argparse.Action):
    """``--audit`` of the commands not in ``SEVERAL_TRAILS`` (prune, checkpoint): one trail. Given
    twice, argparse would keep the last one without a word, where those read every one given."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        if getattr(namespace, self.dest, None) is not None:  # the URL is not repeated: it may hold a password
            several = " and ".join(SEVERAL_TRAILS)
            parser.error(f"{option_string} is given more than once: this command works on one trail ({several} read several)")
        setattr(namespace, self.dest, values)


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def guarded(args: argparse.Namespace) -> int:
        try:
            if getattr(args, "audit", "") is None:  # no --audit given
                default = _default_url()
                args.audit = [default] if args.audit_command in SEVERAL_TRAILS else default
        except ConfigError as exc:
            print(f"railguard: {exc}, or give --audit", file=sys.stderr)
            return EXIT_ERROR
        try:
            return run(args)
        except DamagedTrail as exc:  # names a writer, a line, a file: escaped (``printable``)
            print(f"railguard: {printable(str(exc))}", file=sys.stderr)
            return EXIT_PROBLEMS
        except AuditError as exc:
            print(f"railguard: {printable(str(exc))}", file=sys.stderr)
            return EXIT_ERROR
        except BrokenPipeError:  # the reader went away (| head): not an error of ours
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            return EXIT_OK
        except OSError as exc:
            print(f"railguard: cannot write: {exc.strerror or type(exc).__name__}", file=sys.stderr)
            return EXIT_ERROR

    return guarded


@contextlib.contextmanager
def _trail(url: str | list[str], writable: bool = False) -> Iterator[Trail]:
    """The trail at ``url``: read-only (verify, export) unless ``writable`` (prune, checkpoint);
    a list: JSON Lines files a rotation left, oldest first, as one trail (read-only)."""
    trail = open_trail(url, writable) if isinstance(url, str) else open_trails(url)
    try:
        yield trail
    finally:
        trail.close()


def run_verify(args: argparse.Namespace) -> int:
    from webhook.audit.checkpoint import MAX_COPY_BYTES
    from webhook.audit.signing import load_public, read_file
    from webhook.audit.verify import verify

    public_key = load_public(args.public_key) if args.public_key else None
    if args.checkpoint and public_key is None:
        raise AuditError("--checkpoint needs --public-key: a checkpoint file proves nothing until its signature is checked")
    copies = [(str(path), read_file(path, MAX_COPY_BYTES)) for path in args.checkpoint]
    with _trail(args.audit) as trail:
        report = verify(trail, public_key, checkpoint_copies=copies)
        # each problem and note one line: what they quote from the trail (writer ids, continuation
        # headers, checkpoint fields) and file names are escaped, a line break would forge a line
        for problem in report.problems:
            print(problem)  # Problem.__str__ escapes
        for note in report.notes:
            print(f"note: {printable(note)}", file=sys.stderr)
        summary = (
            f"{report.records} records, {len(report.writers)} writer(s), "
            f"{report.checkpoints_verified} signed checkpoint(s) verified"
        )
        if report.ok:
            print(f"OK: {printable(trail.description)}: {summary}")
            return EXIT_OK
        print(f"FAILED: {printable(trail.description)}: {len(report.problems)} problem(s) in {summary}")
        return EXIT_PROBLEMS


def run_export(args: argparse.Namespace) -> int:
    from webhook.audit.export import Coverage, export, parse_time

    filters = Filters(
        since=None if args.since is None else parse_time(args.since, "--since"),
        until=None if args.until is None else parse_time(args.until, "--until"),
        namespace=args.namespace,
        policy=args.policy,
        verdict=args.verdict,
        user=args.user,
    )
    coverage = Coverage()
    # before the trail is opened: one the shell emptied (> trail) would be read as no trail at all
    if args.output is None:
        _stdout_not_the_trail(args.audit)
    if args.summary is not None:
        _check_destination(args.summary, "--summary", args.audit)
    with _trail(args.audit) as trail:
        try:
            if args.output is None:
                export(trail, filters, args.format, sys.stdout.buffer, coverage)
                sys.stdout.buffer.flush()
            else:
                with _output(args.output, args.audit) as out:
                    export(trail, filters, args.format, out, coverage)
        except (AuditError, OSError) as exc:
            if coverage.sha256:  # the export had started: say how far it got
                problem = str(exc) if isinstance(exc, AuditError) else f"cannot write: {exc.strerror or type(exc).__name__}"
                _summarize(args, trail.description, filters, coverage, problem)
            raise
        _summarize(args, trail.description, filters, coverage, None)
    return EXIT_OK


def _as_text(stored: object) -> str:
    """A stored head's or anchor's hash as the summary shows it: an edited trail may hold a blob."""
    return stored if isinstance(stored, str) else repr(stored)


def _summarize(args: argparse.Namespace, description: str, filters: Filters, coverage: Coverage, problem: str | None) -> None:
    """What the export covers, for the reviewer who keeps it: on stderr (which the formats'
    consumers do not read) and, with ``--summary``, as JSON."""
    from webhook.audit.record import utc_timestamp

    given = {name: value for name, value in vars(filters).items() if value is not None}
    output = None if args.output is None else str(args.output)
    summary: dict[str, Any] = {
        "complete": problem is None,
        "problem": problem,
        "trail": description,
        "format": args.format,
        "exportedAt": utc_timestamp(),
        "filters": given,
        "records": coverage.records,
        "firstRecordTime": coverage.first,
        "lastRecordTime": coverage.last,
        "checked": "each exported record's body matches its stored hash and its indexed columns; each one next in its"
        " writer's chain to the record exported before it links to it. The rest of the trail was not read: run"
        " 'railguard audit verify' to prove all of it",
        "heads": {writer: {"seq": mark.seq, "hash": _as_text(mark.hash)} for writer, mark in sorted(coverage.heads.items())},
        "headsSource": coverage.heads_source or None,
        "chainsStartAfter": {writer: {"seq": mark.seq, "hash": _as_text(mark.hash)} for writer, mark in sorted(coverage.starts.items())},
        "chainsStartAfterSource": coverage.starts_source or None,
        "output": {"file": output, "bytes": coverage.bytes, "sha256": coverage.sha256},
    }
    shown = " ".join(f"--{name} {value!r}" for name, value in given.items()) or "none"
    status = "" if problem is None else " (INCOMPLETE: the export failed, see below)"
    lines = [f"exported {coverage.records} record(s){status}"]
    if coverage.records:
        lines.append(f"  dated {coverage.first} to {coverage.last}")
    lines.append(f"  filters: {shown}")
    lines.append(f"  output: {coverage.bytes} bytes, sha256 {coverage.sha256}")
    if problem is None:
        lines.append("  each record matches its hash and indexed columns, and links to its chain neighbours exported with it")
    heads = ", ".join(f"{writer} #{mark.seq} {mark.hash}" for writer, mark in sorted(coverage.heads.items()))
    lines.append(f"  chain heads ({coverage.heads_source or 'none'}): {heads or 'none'}")
    if coverage.starts:
        starts = ", ".join(f"{writer} after #{mark.seq} {mark.hash}" for writer, mark in sorted(coverage.starts.items()))
        lines.append(f"  chains start ({coverage.starts_source}): {starts}")
    print("\n".join(printable(line) for line in lines), file=sys.stderr)  # writer ids, the problem: from the trail
    if args.summary is not None:
        with _output(args.summary, args.audit) as out:
            out.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2) + b"\n")


def _trail_files(urls: list[str]) -> list[str]:
    """The files of the trails at ``urls`` (a SQLite database with its journal files)."""
    from webhook.audit import parse_url
    from webhook.audit.jsonl import HEAD_SUFFIX

    files: list[str] = []
    for url in urls:
        kind, target = parse_url(url)
        if kind == "sqlite":
            files += [target, target + "-wal", target + "-shm", target + "-journal"]
        elif kind == "jsonl" and target != "-":
            files += [target, target + HEAD_SUFFIX]
    return files


def _trail_file_of(opened: os.stat_result, urls: list[str]) -> str | None:
    """The trail's own file that ``opened`` is (the same file, by any name or hard link), or None."""
    identity = file_identity(opened)
    return next((name for name in _trail_files(urls) if still_names(name, identity)), None)


def _not_the_trail(opened: os.stat_result, what: str, urls: list[str]) -> None:
    name = _trail_file_of(opened, urls)
    if name is not None:
        raise AuditError(f"{what} is the trail's own file {name}: write it elsewhere (nothing was written)")


def _stdout_not_the_trail(urls: list[str]) -> None:
    """Refuse standard output that is one of the trail's own files (``export ... > trail.jsonl``).
    Unless it appends (``>>``), the shell has emptied it before railguard started: say so."""
    try:
        fd = sys.stdout.fileno()
        name = _trail_file_of(os.fstat(fd), urls)
    except (OSError, ValueError, AttributeError):  # closed or not a file: nothing to compare
        return
    if name is None:
        return
    truncated = "" if _appends(fd) else (
        "the shell may already have truncated it ('>' empties a file before the command starts): restore it from a copy, and "
    )
    raise AuditError(f"standard output is the trail's own file {name}: {truncated}write the export elsewhere (nothing was written)")


def _appends(fd: int) -> bool:
    """Whether ``fd`` was opened to append (``>>``): writes land at the end, nothing was emptied."""
    try:
        import fcntl
    except ImportError:  # not POSIX: cannot tell, so assume the worst
        return False
    return bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND)


def _check_destination(path: Path, what: str, urls: list[str]) -> None:
    """Refuse a destination that is, or would replace, one of the trail's own files (by any name or
    link), before anything is written."""
    with contextlib.suppress(OSError):
        _not_the_trail(os.stat(path), f"{what} {path}", urls)
    target = os.path.realpath(path)
    for name in _trail_files(urls):
        if os.path.realpath(name) == target:
            raise AuditError(f"{what} {path} is the trail's own file {name}: write it elsewhere (nothing was written)")


@contextlib.contextmanager
def _output(path: Path, urls: list[str]) -> Iterator[IO[bytes]]:
    """A new file in ``path``'s folder, renamed over ``path`` (through a symbolic link, to the file
    it names) only when the export succeeded, removed if it failed: a failed export never leaves a
    partial file under the name a reviewer expects. Refused (before anything is written) where
    ``path`` is one of the trail's own files. A destination that is not a regular file (a pipe,
    ``/dev/stdout``) is written directly."""
    _check_destination(path, "--output", urls)
    target = Path(os.path.realpath(path))
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:  # none yet
        special = False
    if special:
        try:
            out = open(target, "wb")  # noqa: SIM115
        except OSError as exc:
            raise AuditError(f"{path}: cannot write: {exc.strerror}") from None
        with out:
            yield out
        return
    temporary, fd = None, -1
    for _ in range(10):  # a name taken by another file: try another
        temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise AuditError(f"{path}: cannot write: {exc.strerror}") from None
    if fd < 0 or temporary is None:
        raise AuditError(f"{path}: cannot write: no temporary file name left in {target.parent}")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def run_prune(args: argparse.Namespace) -> int:
    from webhook.audit.export import parse_time
    from webhook.audit.retention import prune
    from webhook.audit.signing import load_private

    before = parse_time(args.before, "--before")
    key = load_private(args.key) if args.key else None
    with _trail(args.audit, writable=True) as trail:
        result = prune(trail, before, key)
    for writer, anchor in sorted(result.anchors.items()):
        print(printable(f"{writer}: pruned up to #{anchor.seq}, anchor {anchor.hash}"))  # writer ids from the trail
    print(f"deleted {result.deleted} record(s)" + ("; signed checkpoint stored" if result.checkpointed else ""))
    return EXIT_OK


def run_keygen(args: argparse.Namespace) -> int:
    from webhook.audit.signing import generate

    key_id = generate(args.private_key, args.public_key)
    print(f"{key_id}: private key {args.private_key} (keep it offline), public key {args.public_key} (give it to auditors)")
    return EXIT_OK


MAX_CANDIDATE_BYTES = 64 << 10
"""The most ``hide-user`` reads from standard input: a user name, uid or group is far shorter."""


def run_hide_user(args: argparse.Namespace) -> int:
    """The ``<hidden ...>`` form of a candidate, for ``audit export --user``: printed whether or
    not railguard takes it for a credential (a note says when records give it as it is)."""
    from webhook.workloads import hidden_form, read_hide_key, shown_user_text

    try:
        key = None if args.key is None else read_hide_key(args.key)
    except ConfigError as exc:  # names the file, never quotes it
        raise AuditError(str(exc)) from None
    candidate = _candidate()
    print(hidden_form(candidate, key))
    if key is None:
        print("note: without --key: the form a server without --audit-hide-key records", file=sys.stderr)
    if shown_user_text(candidate) == candidate:
        print("note: this is no credential to railguard: records give it as it is, not in this form", file=sys.stderr)
    return EXIT_OK


def _candidate() -> str:
    """One user name, uid or group from standard input (asked for, not echoed, on a terminal),
    without its line break."""
    if sys.stdin.isatty():
        import getpass

        text = getpass.getpass("user name, uid or group (not echoed): ")
    else:
        data = sys.stdin.buffer.read(MAX_CANDIDATE_BYTES + 1)
        if len(data) > MAX_CANDIDATE_BYTES:
            raise AuditError(f"standard input holds more than {MAX_CANDIDATE_BYTES >> 10} KiB: give one user name, uid or group")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise AuditError("standard input is not UTF-8 text") from None
        text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise AuditError("no user name, uid or group on standard input (type it at the prompt, or pipe it in)")
    return text


def run_checkpoint(args: argparse.Namespace) -> int:
    from webhook.audit.checkpoint import create_checkpoint
    from webhook.audit.signing import load_private

    key = load_private(args.key)
    if args.output is not None:
        _check_destination(args.output, "--output", [args.audit])  # before anything is signed or stored
    with _trail(args.audit, writable=True) as trail:
        stored = trail.keeps_checkpoints
        if not stored and args.output is None:
            raise AuditError(
                f"{trail.description}: a JSON Lines trail keeps no checkpoints: pass --output FILE, keep the file outside"
                " the trail and check it with 'railguard audit verify --public-key KEY --checkpoint FILE'"
            )
        heads, copy = create_checkpoint(trail, key)
    if args.output is not None:
        with _output(args.output, [args.audit]) as out:
            out.write(copy)
    for writer, mark in sorted(heads.items()):
        print(printable(f"{writer}: #{mark.seq} {mark.hash}"))  # writer ids from the trail
    where = " and ".join(
        (["stored in the trail"] if stored else []) + ([f"written to {args.output}"] if args.output is not None else [])
    )
    print(printable(f"signed checkpoint {where} for {len(heads)} writer(s)"))
    return EXIT_OK
