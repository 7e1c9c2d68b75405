"""The audit writer process used without an event loop (tools: the server always attaches one),
in batch mode: the child acknowledges each commit, and nobody read those acknowledgements until a
flush. Once they filled the acknowledgement pipe (64 KiB: about 1,300 commits) the child blocked
writing the next one, stopped reading records, the records pipe filled and ``record()`` blocked
for ever in its write: both processes waited on each other. The blocking path now takes the
acknowledgements waiting while it writes."""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path

import pytest

from webhook.audit.pipe import PipeAuditStore
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError

F_SETPIPE_SZ = 1031  # Linux: a pipe's capacity (one page at least)


@pytest.mark.slow
def test_many_batch_commits_without_an_event_loop_do_not_deadlock(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "audit.jsonl"
    store = PipeAuditStore(Settings(audit_url=f"jsonl:{path}", audit_durability="batch"), writer="tool")
    child = store._child
    assert child is not None
    # the smallest pipes Linux allows: a hundred commits' acknowledgements fill the acks pipe
    # (64 KiB took about 1,300 commits, 1.3 million records)
    fcntl.fcntl(child.acks_fd, F_SETPIPE_SZ, 4096)
    fcntl.fcntl(child.records_fd, F_SETPIPE_SZ, 4096)
    count = 120_000  # 120 commits of BATCH_SIZE records at least
    failed: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(count):
                store.record(sample_decisions[i % len(sample_decisions)], 1.0)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failed.append(exc)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(60)
    if writer.is_alive():
        child.process.kill()  # unblocks the write (the pipe's reader is gone) so the thread ends
        writer.join(10)
        pytest.fail("record() blocked: the writer process and the tool wait on each other")
    assert not failed, failed
    store.close()
    assert sum(1 for _ in path.open("rb")) == count
