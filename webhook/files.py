"""Reading the small files railguard is given by name (policies, cluster configuration, keys,
checkpoint copies) without waiting on them or reading them without end."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def size_text(size: int) -> str:
    """1048576 -> "1 MiB", 65536 -> "64 KiB"."""
    return f"{size // 2**20} MiB" if size % 2**20 == 0 else f"{size // 2**10} KiB" if size % 2**10 == 0 else f"{size} bytes"


@contextmanager
def opened(path: str | Path) -> Iterator[tuple[int, os.stat_result]]:
    """``(descriptor, status)`` of ``path`` opened for reading, closed on leaving. Opened without
    blocking (opening a FIFO without a writer waits forever), then looked at through the
    descriptor, never the name again (no race with a rename); a directory is IsADirectoryError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        yield fd, status
    finally:
        os.close(fd)


def link_problem(path: str | Path) -> str:
    """Why the symbolic link ``path`` leads to no file, for the user: a loop (``a -> a``, or
    ``a -> b -> a``) and a missing target are told apart, as is a target the OS refuses
    (``Permission denied`` on a folder on the way, a file used as a folder: ``Not a directory``)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links"
        if exc.errno == errno.ENOENT:
            return "a symbolic link to nothing (its target is missing)"
        return exc.strerror or type(exc).__name__
    return "a symbolic link"  # (its target came meanwhile)


def read_regular(fd: int, size: int, known: int = 0) -> bytes:
    """Up to ``size`` bytes of the regular file open at ``fd`` (which stays open): fewer only at
    its end. ``known``: its size as ``fstat`` said it, so that a file read in one ``read`` (asked
    for a byte more than it holds, given exactly its size: it is at its end) needs no second one
    and no buffer larger than itself; a file that grew or shrank meanwhile, or whose size is not
    known (0, as procfs says), is read on until a ``read`` gives nothing."""
    chunks: list[bytes] = []
    total = 0
    asked = known + 1 if known > 0 else _CHUNK
    while total < size:
        asked = min(asked, size - total)
        try:
            chunk = os.read(fd, asked)
        except BlockingIOError:  # opened without blocking: a regular file under a mandatory lock
            os.set_blocking(fd, True)
            continue
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total == known and len(chunk) < asked:
            break
        asked = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_CHUNK = 1 << 20


def read_bounded(path: str | Path, limit: int, why: str = "") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Anything else is an OSError with a
    message for the user (its ``strerror``), found without waiting or reading on: opened without
    blocking and checked before reading (:func:`opened`), a FIFO (no writer: open or read would
    wait forever) or a device (``/dev/zero`` never ends) is refused, and a file growing past the
    limit is read no further. ``why``: what the limit is, said in the message ("a ConfigMap's limit")."""
    with opened(path) as (fd, status):
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        data = read_regular(fd, limit + 1, status.st_size)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {size_text(limit)}" + (f" ({why})" if why else ""))
    return data
