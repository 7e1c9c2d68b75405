"""webhook.files: the bounded reader behind policy, configuration and manifest files, at the edges
the loader's tests do not reach: sizes in messages, the read bound, descriptors, a locked file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from webhook import files
from webhook.files import opened, read_bounded, read_regular, size_text


@pytest.mark.parametrize(("size", "text"), [
    (2**20, "1 MiB"), (3 * 2**20, "3 MiB"), (65536, "64 KiB"), (3 * 1024, "3 KiB"), (1000, "1000 bytes"), (1536, "1536 bytes"),
])  # fmt: skip
def test_size_text_names_whole_mebibytes_kibibytes_or_bytes(size: int, text: str) -> None:
    assert size_text(size) == text


def test_read_regular_reads_no_more_than_asked(tmp_path: Path) -> None:
    """The limit is a bound on what is read, not only a check afterwards: a file larger than its
    limit is read to limit + 1 bytes, whatever fstat said its size is."""
    path = tmp_path / "big"
    path.write_bytes(bytes(range(100)))
    for known in (100, 0):  # fstat's size, or none (procfs)
        with opened(path) as (fd, _status):
            assert read_regular(fd, 10, known) == bytes(range(10))


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")
def test_read_bounded_closes_its_descriptor_on_every_path(tmp_path: Path) -> None:
    """The server rereads its files on every reload: a descriptor left open per read runs out."""
    small, large, folder, fifo = tmp_path / "small", tmp_path / "large", tmp_path / "folder", tmp_path / "fifo"
    small.write_bytes(b"a: 1\n")
    large.write_bytes(b"x" * 100)
    folder.mkdir()
    os.mkfifo(fifo)
    before = _open_descriptors()
    for _ in range(20):
        assert read_bounded(small, 64) == b"a: 1\n"
        for path, code in ((large, errno.EFBIG), (folder, errno.EISDIR), (fifo, errno.EINVAL)):
            with pytest.raises(OSError) as error:
                read_bounded(path, 64)
            assert error.value.errno == code
    assert _open_descriptors() == before


def test_a_read_refused_for_a_lock_is_retried_blocking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened without blocking, a regular file under a mandatory lock answers EAGAIN: the read is
    retried on a blocking descriptor (waiting for the lock), not retried without end as it was."""
    path = tmp_path / "locked"
    path.write_bytes(b"kind: X\n")
    real_read, calls = os.read, []

    def locked_read(fd: int, size: int) -> bytes:
        calls.append(os.get_blocking(fd))
        assert len(calls) < 10, "read retried without end"
        if not os.get_blocking(fd):
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return real_read(fd, size)

    monkeypatch.setattr(files.os, "read", locked_read)
    assert read_bounded(path, 64) == b"kind: X\n"
    assert calls[0] is False and calls[1] is True


def test_short_reads_are_read_on_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read may give fewer bytes than asked before the end (procfs gives a page at a time; its
    files have no size): only a read that gives nothing ends a file of unknown size."""
    path = tmp_path / "paged"
    path.write_bytes(b"0123456789" * 3)
    real_read = os.read
    monkeypatch.setattr(files.os, "read", lambda fd, size: real_read(fd, min(size, 4)))
    with opened(path) as (fd, _status):
        assert read_regular(fd, 100, 0) == b"0123456789" * 3
    with opened(path) as (fd, _status):
        assert read_regular(fd, 100, 30) == b"0123456789" * 3
