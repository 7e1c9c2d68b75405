"""Hot reload without restart: the policy folders + cluster configuration, and the TLS certificate.

Files are polled (mtime, inode, checksum) every ``reload_interval`` seconds; a change triggers a full
reload that is swapped in only when it is valid, so a broken set never replaces a good one. The
starting state is taken before the first load (a change made during it is seen at the first check),
and a failed reload is retried, with back-off, while the files stay as they are (see ``Watch``).
The certificate and the client CA are loaded into a fresh context that new handshakes switch to
(established connections keep theirs); a mismatched cert/key pair is rejected there and never
reaches a handshake.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import stat
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from webhook.config import ClusterConfig, load_cluster_config
from webhook.errors import MAX_SHOWN_PROBLEM, PolicyError, one_line
from webhook.policies import PolicySet, load_policies

log = logging.getLogger("railguard.reload")

Signature = tuple[tuple[str, int, int, int], ...]
MAX_CHECKSUM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Library:
    """The policy set and the cluster configuration it was validated with, swapped as one."""

    policies: PolicySet
    config: ClusterConfig


def load_library(policy_dirs: Sequence[Path], config_file: Path | None) -> Library:
    policies = load_policies(*policy_dirs)
    return Library(policies, load_cluster_config(config_file, policies))


def library_files(policy_dirs: Sequence[Path], config_file: Path | None) -> list[Path]:
    """The files a ``Library`` is loaded from (folders walked), as watched."""
    return [*policy_dirs] + ([config_file] if config_file is not None else [])


def certificate_files(cert: Path, key: Path, client_ca: Path | None) -> list[Path]:
    """The files of the serving certificate (and of the client CA), as watched."""
    return [cert, key] + ([client_ca] if client_ca is not None else [])


def signature(paths: list[Path]) -> Signature:
    """What changes when any of ``paths`` (files, or folders walked recursively) changes."""
    entries: list[tuple[str, int, int, int]] = []
    for path in paths:
        if path.is_dir():
            walked: set[tuple[int, int]] = set()
            # links to folders followed: the loader loads a policy folder that is a link (to a folder
            # kept elsewhere), so its files are watched too; a folder reached twice (a link back up,
            # a loop) is walked once
            for root, dirs, files in os.walk(path, followlinks=True):
                try:
                    folder = os.stat(root)
                except OSError:
                    dirs.clear()
                    continue
                if (folder.st_dev, folder.st_ino) in walked:
                    dirs.clear()
                    continue
                walked.add((folder.st_dev, folder.st_ino))
                dirs.sort()
                for name in sorted(files):
                    entries.append(_stat(os.path.join(root, name)))
                entries.append(_stat(root))
        else:
            entries.append(_stat(str(path)))
    return tuple(entries)


def _stat(path: str) -> tuple[str, int, int, int]:
    """(path, mtime, inode, checksum): the checksum catches a same-size rewrite within the file
    system's timestamp granularity; policy, config and certificate files are small."""
    try:
        st = os.stat(path)  # follows symlinks: Kubernetes secret volumes swap a ..data symlink
        checksum = 0
        if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_CHECKSUM_BYTES:
            with open(path, "rb") as handle:
                checksum = zlib.crc32(handle.read())
    except OSError:
        return (path, -1, -1, -1)
    return (path, st.st_mtime_ns, st.st_ino, checksum)


def restrict_tls(context: ssl.SSLContext, mutual: bool) -> None:
    """TLS 1.2 or later; with mutual TLS, TLS 1.3 only and no session resumption. A resumed session
    skips the certificate check, so a client could otherwise keep using a certificate from a client
    CA that has since been replaced (for a ticket's lifetime). TLS 1.3 without tickets cannot resume;
    TLS 1.2 could still resume by session id, and Python cannot turn the server's cache off."""
    context.minimum_version = ssl.TLSVersion.TLSv1_3 if mutual else ssl.TLSVersion.TLSv1_2
    if mutual:
        context.num_tickets = 0


def load_certificate(context: ssl.SSLContext, cert: Path, key: Path, client_ca: Path | None = None) -> None:
    """Load the serving certificate (and the client CA of mutual TLS) for new handshakes.

    Everything is loaded into a fresh context, once, so a mismatched pair or a broken CA file
    never reaches a handshake. The serving context itself is never loaded into: every handshake is
    switched to the fresh context (OpenSSL calls the server-name callback with or without SNI),
    which holds only the current certificate and trusts only the current CA (a CA cannot be removed
    from a live context). Loading the files a second time, into the live context, would read a
    pair that was never checked when a rotation writes them in between, and a mismatched one
    leaves that context with a certificate and no key: every handshake failed.
    A client certificate stays optional (``CERT_OPTIONAL``, as in the serving context; the switch
    changes the trusted CAs, and the handshake keeps the serving context's verify mode anyway):
    the admission endpoints refuse a connection that presented none."""
    fresh = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    restrict_tls(fresh, mutual=client_ca is not None)
    fresh.load_cert_chain(str(cert), str(key))
    if client_ca is not None:
        fresh.load_verify_locations(cafile=str(client_ca))
        fresh.verify_mode = ssl.CERT_OPTIONAL

    def use_fresh(connection: ssl.SSLObject, server_name: str | None, _: ssl.SSLContext) -> None:
        connection.context = fresh

    context.sni_callback = use_fresh


class Watch:
    """One watched set of files and what to do when it changes.

    ``seen`` is the state of the files the serving set was loaded from: take it (``signature``)
    *before* the first load, so a change made while that load runs is seen at the first check
    (taken after it, such a change would go unnoticed until the files change again). Without it,
    the files' state now.

    ``seen`` moves only when a reload succeeds. A reload that fails (a broken set, or a passing
    reason: a read error, a pair read mid-rotation) keeps the old set serving and is retried while
    the files stay as they are, after ``RETRY_FIRST`` seconds, then twice as long after each failure
    up to ``RETRY_MAX``; a change to the files is tried at the next check. A failure is logged
    (warning) once per distinct reason and counted (``on_failure``) once per state of the files,
    however often it is retried: a set that stays broken costs a reload every ``RETRY_MAX``
    seconds, and no log line."""

    RETRY_FIRST = 1.0
    RETRY_MAX = 60.0

    def __init__(
        self,
        what: str,
        paths: list[Path],
        apply: Callable[[], None],
        on_success: Callable[[str], None],
        on_failure: Callable[[str], None],
        in_thread: bool = True,
        seen: Signature | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.paths, self.apply = what, paths, apply
        self.on_success, self.on_failure = on_success, on_failure
        self.in_thread = in_thread  # False: run on the event loop (the SSLContext is not thread-safe)
        self.clock = clock
        self.seen = signature(paths) if seen is None else seen
        self.failed: _Failure | None = None  # the state whose reload last failed, while it lasts

    def check(self) -> None:
        """Reload once if the files changed since the last successful load, or retry a failed
        reload whose back-off is over (blocking)."""
        current = signature(self.paths)
        if current == self.seen:
            self.failed = None  # back to the state that is serving (a broken change undone)
            return
        failed = self.failed
        if failed is not None and failed.state == current and self.clock() < failed.retry_at:
            return
        try:
            self.apply()
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old set; reported below
            self._failed(current, exc)
        else:
            retries = failed.attempts if failed is not None and failed.state == current else 0
            self.seen, self.failed = current, None
            log.info("reloaded", extra={"event": "reloaded", "what": self.what, "retries": retries})
            self.on_success(self.what)

    def _failed(self, state: Signature, exc: Exception) -> None:
        expected = isinstance(exc, (PolicyError, OSError, ssl.SSLError, ValueError))
        reason = _reason(exc) if expected else type(exc).__name__  # an unexpected one may quote input
        previous = self.failed
        if previous is None or previous.state != state:
            self.failed = _Failure(state, reason, 1, self.clock() + self.RETRY_FIRST)
            self.on_failure(self.what)  # counted once per state of the files
            self._log(reason, expected, retrying=False)
            return
        delay = min(self.RETRY_MAX, self.RETRY_FIRST * 2.0 ** previous.attempts)
        self.failed = _Failure(state, reason, previous.attempts + 1, self.clock() + delay)
        if reason != previous.reason:
            self._log(reason, expected, retrying=True)
        else:
            log.debug("reload still rejected", extra={"event": "reload_retry_failed", "what": self.what,
                                                      "attempts": previous.attempts + 1, "next_in": delay})

    def _log(self, reason: str, expected: bool, retrying: bool) -> None:
        extra = {"event": "reload_failed", "what": self.what, "error": reason, "retry": retrying}
        if expected:
            log.warning("reload rejected", extra=extra)
        else:
            log.error("reload failed", extra=extra, exc_info=True)


@dataclass(frozen=True)
class _Failure:
    """A reload that failed: for which state of the files, why, how often, when to try again."""

    state: Signature
    reason: str
    attempts: int
    retry_at: float


MAX_LOGGED_PATH = 300


def _reason(exc: BaseException) -> str:
    """One bounded line for the log: PolicyError names file, field and problem; OS/SSL errors name
    the file. Never file contents. A PolicyError is bounded at its source (field and problem kept
    whole here); a path, which may be long, is cut in its middle so it cannot push the reason out."""
    if isinstance(exc, PolicyError):
        return exc.text(MAX_LOGGED_PATH)
    if isinstance(exc, OSError) and exc.filename:
        return f"{one_line(str(exc.filename), MAX_LOGGED_PATH)}: {exc.strerror or type(exc).__name__}"
    return one_line(str(exc), MAX_SHOWN_PROBLEM) or type(exc).__name__


async def watch_forever(watches: list[Watch], interval: float) -> None:
    """Poll every watch each ``interval`` seconds until cancelled."""
    while True:
        await asyncio.sleep(interval)
        for watch in watches:
            try:
                if watch.in_thread:
                    await asyncio.to_thread(watch.check)
                else:
                    watch.check()
            except Exception:  # never let the watcher die: log and keep polling
                log.exception("reload watcher error", extra={"event": "reload_error", "what": watch.what})
                watch.on_failure(watch.what)
