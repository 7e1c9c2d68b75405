"""The audit writer process (webhook.audit.pipe): records sent over a pipe are committed by a child
process before a durable caller continues; batch mode commits on flush; a dead child fails its
waiting callers and is replaced; the end of the input (a killed server) still commits what was
sent; errors are reported without secret values."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest

from webhook.audit import open_server_store, open_trail
from webhook.audit import pipe
from webhook.audit.pipe import FrameReader, PipeAuditStore, frame
from webhook.audit.record import build_record
from webhook.audit.reviewlog import line_for_decision, line_for_record
from webhook.audit.verify import verify
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError


def settings(url: str, durability: str = "durable") -> Settings:
    return Settings(audit_url=url, audit_durability=durability)


def uids(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [orjson.loads(row[0])["uid"] for row in conn.execute("SELECT body FROM audit_records ORDER BY id")]


def chain_ok(database: Path) -> None:
    with closing(open_trail(f"sqlite:{database}")) as trail:
        report = verify(trail)
    assert report.ok, [str(p) for p in report.problems]


def test_frames_survive_any_split() -> None:
    stream = b"".join(frame(p) for p in (b'{"a":1}', b"", b"x" * 70000, b"[]"))
    for step in (1, 3, 4096, len(stream)):
        reader = FrameReader()
        got = [f for i in range(0, len(stream), step) for f in reader.feed(stream[i : i + step])]
        assert got == [b'{"a":1}', b"", b"x" * 70000, b"[]"]


def test_server_store_is_the_writer_process_unless_disabled(tmp_path: Path) -> None:
    store = open_server_store(settings(f"sqlite:{tmp_path / 'a.db'}"))
    try:
        assert isinstance(store, PipeAuditStore) and store.writable()
    finally:
        store.close()
    in_process = open_server_store(Settings(audit_url=f"sqlite:{tmp_path / 'b.db'}", audit_writer_process=False))
    try:
        assert not isinstance(in_process, PipeAuditStore)
    finally:
        in_process.close()


def test_durable_records_are_committed_before_the_caller_continues(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}"), writer="pipe-w")

    async def run() -> None:
        for n, decision in enumerate(sample_decisions):
            await store.arecord(decision, 1.0)
            assert len(uids(database)) == n + 1  # committed, visible to another connection
        await asyncio.gather(*(store.arecord(d, 2.0) for d in sample_decisions))  # concurrent callers
        await store.aclose()

    asyncio.run(run())
    assert uids(database) == [d.uid for d in sample_decisions] * 2
    assert store._child is None and not store.writable()
    chain_ok(database)


def test_a_record_that_cannot_be_serialised_fails_alone(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    # it used to be counted as sent before it was serialised: every later caller waited for an
    # acknowledgement the writer could never give, until the 30 s watchdog killed it
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}"), writer="pipe-w")
    nested: Any = "group"
    for _ in range(300):  # deeper than orjson serialises
        nested = [nested]
    broken = dataclasses.replace(sample_decisions[0], user={"username": "mallory", "groups": nested})

    async def run() -> None:
        with pytest.raises(TypeError):
            await store.arecord(broken, 1.0)
        await asyncio.wait_for(store.arecord(sample_decisions[1], 1.0), 5)
        await store.aclose()

    asyncio.run(run())
    assert uids(database) == [sample_decisions[1].uid]
    chain_ok(database)


def test_batch_mode_commits_on_flush_and_close(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}", "batch"), writer="pipe-b")
    for decision in sample_decisions:
        store.record(decision, 1.0)  # no event loop: the blocking path
    store.flush()
    assert uids(database) == [d.uid for d in sample_decisions]
    store.record(sample_decisions[0], 1.0)
    store.close()
    assert len(uids(database)) == len(sample_decisions) + 1
    chain_ok(database)


def test_a_killed_child_fails_its_callers_and_is_replaced(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 0.05)
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}"), writer="pipe-k")

    async def run() -> None:
        await store.arecord(sample_decisions[0], 1.0)
        assert store._child is not None
        old = store._child.process
        old.send_signal(signal.SIGSTOP)  # stalled: the next record waits for it
        waiting = asyncio.ensure_future(store.arecord(sample_decisions[1], 1.0))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        old.kill()
        with pytest.raises(AuditError, match="audit writer process exited"):
            await waiting
        assert not store.writable()
        with pytest.raises(AuditError):
            await store.arecord(sample_decisions[2], 1.0)  # refused while there is no writer
        for _ in range(200):
            if store.writable():
                break
            await asyncio.sleep(0.05)
        assert store.writable() and store._child is not None and store._child.process is not old
        await store.arecord(sample_decisions[3], 1.0)
        await store.aclose()

    asyncio.run(run())
    recorded = uids(database)
    assert recorded[0] == sample_decisions[0].uid and recorded[-1] == sample_decisions[3].uid
    assert sample_decisions[2].uid not in recorded
    chain_ok(database)  # the new child continued the same chain


def test_the_end_of_input_still_commits_what_was_sent(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    """What a killed server leaves: frames in the pipe and no goodbye. The child commits them."""
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}", "batch"), writer="pipe-e")
    assert store._child is not None
    child = store._child
    for decision in sample_decisions:
        store.record(decision, 1.0)  # batch: sent, not committed yet
    os.close(child.records_fd)  # the server is gone
    assert child.process.wait(30) == 0
    os.close(child.acks_fd)
    store._child = None
    assert uids(database) == [d.uid for d in sample_decisions]


def test_a_failing_store_fails_each_durable_record(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "audit.jsonl"
    store = PipeAuditStore(settings(f"jsonl:{path}"), writer="pipe-gone")
    os.remove(path)  # opened, then removed: every commit fails (the records would go to a file no one can see)

    async def run() -> None:
        with pytest.raises(AuditError, match="cannot write"):
            await store.arecord(sample_decisions[0], 1.0)
        assert not store.writable()
        await store.aclose()

    asyncio.run(run())


def test_an_unopenable_store_is_a_clear_error_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(AuditError) as missing:
        PipeAuditStore(settings(f"sqlite:{tmp_path / 'no' / 'such' / 'dir' / 'audit.db'}"))
    assert "sqlite:" in str(missing.value)
    with pytest.raises(AuditError) as refused:
        PipeAuditStore(settings("postgresql://railguard:S3cret-not-real@127.0.0.1:1/audit"))
    assert "S3cret-not-real" not in str(refused.value)


def test_records_reach_a_jsonl_file_through_the_child(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "audit.jsonl"
    store = PipeAuditStore(settings(f"jsonl:{path}"), writer="pipe-j")
    for decision in sample_decisions:
        store.record(decision, 1.0)
    store.close()
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert [line["uid"] for line in lines] == [d.uid for d in sample_decisions]
    assert all(line["writer"].startswith("pipe-j-") for line in lines)


def test_the_child_writes_one_review_line_per_record(
    tmp_path: Path, sample_decisions: list[Decision], capfd: pytest.CaptureFixture[str]
) -> None:
    store = PipeAuditStore(settings(f"sqlite:{tmp_path / 'audit.db'}"), writer="pipe-log", log_reviews=True)
    for decision in sample_decisions:
        store.record(decision, 1.5)
    store.close()
    lines = [orjson.loads(line) for line in capfd.readouterr().out.splitlines() if line.startswith("{")]
    reviews = [line for line in lines if line.get("event") == "review"]
    assert [line["uid"] for line in reviews] == [d.uid for d in sample_decisions]
    for line, decision in zip(reviews, sample_decisions):
        assert line == orjson.loads(line_for_decision(decision.mode, decision, 1.5)) | {"ts": line["ts"]}


def test_review_lines_from_a_record_and_from_its_decision_agree(sample_decisions: list[Decision]) -> None:
    for decision in sample_decisions:
        from_record = orjson.loads(line_for_record(build_record(decision, 2.25)))
        from_decision = orjson.loads(line_for_decision(decision.mode, decision, 2.25))
        assert from_record == from_decision | {"ts": from_record["ts"]}
        assert set(from_record) >= {"uid", "verdict", "policies", "object_name", "latency_ms"}


def test_submit_then_calls_back_once_per_record_in_order(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    database = tmp_path / "audit.db"
    store = PipeAuditStore(settings(f"sqlite:{database}"), writer="pipe-cb")
    settled: list[tuple[str, BaseException | None]] = []

    async def run() -> None:
        done = asyncio.get_running_loop().create_future()

        def then_for(uid: str) -> Callable[[BaseException | None], None]:
            def then(error: BaseException | None) -> None:
                assert uid in uids(database)  # committed before the callback
                settled.append((uid, error))
                if len(settled) == len(sample_decisions):
                    done.set_result(None)
            return then

        for decision in sample_decisions:
            assert store.submit_then(decision, 1.0, then_for(decision.uid)) is True
        await asyncio.wait_for(done, 30)
        await store.aclose()

    asyncio.run(run())
    assert settled == [(d.uid, None) for d in sample_decisions]
    batch = PipeAuditStore(settings(f"sqlite:{tmp_path / 'b.db'}", "batch"), writer="pipe-cb-batch")

    async def batch_run() -> None:
        assert batch.submit_then(sample_decisions[0], 1.0, lambda error: settled.append(("never", error))) is False
        await batch.aclose()

    asyncio.run(batch_run())
    assert ("never", None) not in settled


def test_records_go_to_the_writer_every_few_records_without_waiting_for_the_loop_turn(
    tmp_path: Path, sample_decisions: list[Decision]
) -> None:
    """A loop turn that reviews many requests must not hold all their records back: the writer
    would then only start committing once the turn ends, and the two would run in lock step."""
    decisions = (sample_decisions * pipe.FLUSH_EVERY)[: pipe.FLUSH_EVERY + 1]
    store = PipeAuditStore(settings(f"sqlite:{tmp_path / 'audit.db'}"), writer="pipe-stream")
    buffered: list[int] = []

    async def run() -> None:
        futures = []
        for decision in decisions:  # one loop turn: no await in between
            futures.append(store.submit(decision, 1.0))
            buffered.append(len(store._out))
        await asyncio.wait_for(asyncio.gather(*futures), 30)  # the rest goes at the end of the turn
        await store.aclose()

    asyncio.run(run())
    assert all(size > 0 for size in buffered[: pipe.FLUSH_EVERY - 1])  # the first few wait for company
    assert buffered[pipe.FLUSH_EVERY - 1] == 0  # then they are written at once, mid-turn
    assert buffered[pipe.FLUSH_EVERY] > 0  # and the count starts again
    chain_ok(tmp_path / "audit.db")
    assert len(uids(tmp_path / "audit.db")) == len(decisions)


def test_a_write_that_finds_the_writer_dead_fails_that_record_at_once(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer dies before the loop has seen its pipe close; the record whose write finds it
    dead (mid-turn, every few records) is failed there and then, like the ones before it: none
    waits for a commit that will never come."""
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 0.05)
    store = PipeAuditStore(settings(f"sqlite:{tmp_path / 'audit.db'}"), writer="pipe-dead-write")
    outcomes: list[str] = []

    async def run() -> None:
        await store.arecord(sample_decisions[0], 1.0)
        assert store._child is not None
        store._child.process.kill()
        store._child.process.wait()
        futures: list[asyncio.Future[None] | None] = []
        for decision in (sample_decisions * pipe.FLUSH_EVERY)[: pipe.FLUSH_EVERY]:  # one turn: no await
            try:
                futures.append(store.submit(decision, 1.0))
            except AuditError:
                outcomes.append("refused")
        for future in futures:
            assert future is not None
            try:
                await asyncio.wait_for(future, 5)
                outcomes.append("committed")
            except AuditError:
                outcomes.append("failed")
        await store.aclose()

    asyncio.run(run())
    assert outcomes.count("committed") == 0 and len(outcomes) == pipe.FLUSH_EVERY, outcomes


def test_a_jsonl_writer_restarted_after_its_death_takes_the_configured_name_once_more(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines writer's id is its name, ``-`` and 8 random hex digits. The replacement child was
    given the dead one's whole id as its name, so each death added a suffix: ids grew by 9
    characters per restart until the name passed WRITER_NAME_MAX, and from then on every restart was
    refused: the store stayed failed (every review denied, /readyz 503) until the pod was restarted.
    With a name of WRITER_NAME_MAX characters (a long pod name) the first death did it."""
    from webhook.audit.base import WRITER_NAME_MAX

    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 0.05)
    path = tmp_path / "audit.jsonl"
    name = "w" * WRITER_NAME_MAX
    store = PipeAuditStore(settings(f"jsonl:{path}"), writer=name)

    async def run() -> None:
        for n in range(2):  # the second death shows the id does not grow
            await store.arecord(sample_decisions[n], 1.0)
            assert store._child is not None
            old = store._child.process
            old.kill()
            for _ in range(300):
                if store._child is not None and store._child.process is not old and store.writable():
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError(f"the writer was not replaced after death {n + 1}")
        await store.arecord(sample_decisions[2], 1.0)
        await store.aclose()

    asyncio.run(run())
    writers = [orjson.loads(line)["writer"] for line in path.read_bytes().splitlines()]
    assert len(writers) == 3 and len(set(writers)) == 3  # a chain per process
    for writer in writers:
        assert writer.rpartition("-")[0] == name and len(writer) == WRITER_NAME_MAX + 9, writer
    with closing(open_trail(f"jsonl:{path}")) as trail:
        report = verify(trail)
    assert report.ok, [str(p) for p in report.problems]
