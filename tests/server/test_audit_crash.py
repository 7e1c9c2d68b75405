"""Crash safety of the audit trail: ``railguard serve`` is killed with SIGKILL while a bounded load
runs. Every review whose response the client received must have its record after a restart, and
the hash chain must verify (durable mode commits a record before its response is sent)."""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx2
import orjson

from server_helpers import LiveServer, admission_review, start_server, wait_for, workload
from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import export
from webhook.audit.verify import verify
from webhook.server import AUDIT_DENY_MESSAGE

CLIENTS = 4
MAX_REVIEWS = 3000  # bounded load: the test stops on its own even if the kill came late
KILL_AFTER = 400  # responses received before the server is killed


def _load(server: LiveServer, prefix: str, received: list[str], stop: threading.Event, counter: itertools.count[int]) -> None:
    bodies = [workload(kind, compliant) for kind in ("Pod", "Deployment") for compliant in (True, False)]
    with server.client(timeout=5) as client:
        while not stop.is_set():
            n = next(counter)
            if n >= MAX_REVIEWS:
                return
            uid = f"{prefix}-{n:05d}"
            body = admission_review(bodies[n % len(bodies)], "CREATE", uid=uid)
            try:
                response = client.post("/validate" if n % 2 else "/mutate", content=orjson.dumps(body),
                                       headers={"content-type": "application/json"})
            except httpx2.HTTPError:
                return  # the server is gone
            if response.status_code == 200 and orjson.loads(response.content)["response"]["uid"] == uid:
                received.append(uid)


def _recorded_uids(database: Path) -> list[str]:
    with closing(open_trail(f"sqlite:{database}")) as trail:
        out = _Buffer()
        export(trail, Filters(), "jsonl", out)  # type: ignore[arg-type]
        return [orjson.loads(line)["uid"] for line in out.data.splitlines() if line]


class _Buffer:
    def __init__(self) -> None:
        self.data = b""

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


def test_sigkill_under_load_loses_no_acknowledged_record(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    received: list[str] = []
    stop = threading.Event()
    counter = itertools.count()
    threads = [threading.Thread(target=_load, args=(server, "before", received, stop, counter)) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(received) < KILL_AFTER and time.monotonic() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    server.process.send_signal(signal.SIGKILL)  # no drain, no flush: only what was committed survives
    server.process.wait(10)
    stop.set()
    for thread in threads:
        thread.join(30)
    assert len(received) >= KILL_AFTER, "the load did not get going before the deadline"

    restarted = start_server(tmp_path)  # same database, same writer: the chain must continue
    try:
        after: list[str] = []
        _load(restarted, "after", after, threading.Event(), itertools.count(MAX_REVIEWS - 20))
        assert len(after) == 20
    finally:
        assert restarted.stop() == 0

    recorded = _recorded_uids(tmp_path / "audit.db")
    missing = sorted(set(received) - set(recorded))
    assert not missing, f"{len(missing)} acknowledged reviews have no audit record, e.g. {missing[:3]}"
    assert set(after) <= set(recorded)
    assert len(recorded) == len(set(recorded)), "a review was recorded twice"
    with closing(open_trail(f"sqlite:{tmp_path / 'audit.db'}")) as trail:
        report = verify(trail)
    assert report.ok, [str(p) for p in report.problems]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _answers(server: LiveServer, prefix: str, answers: dict[str, dict[str, Any]], stop: threading.Event, limit: int) -> None:
    """POST reviews until ``stop`` or ``limit``; keep each answer's response by uid."""
    bodies = [workload(kind, compliant) for kind in ("Pod", "Deployment") for compliant in (True, False)]
    with server.client(timeout=5) as client:
        for n in range(limit):
            if stop.is_set():
                return
            uid = f"{prefix}-{threading.get_ident()}-{n:05d}"
            try:
                response = client.post("/validate", content=orjson.dumps(admission_review(bodies[n % len(bodies)], "CREATE", uid=uid)),
                                       headers={"content-type": "application/json"})
            except httpx2.HTTPError:
                return  # the server is gone
            if response.status_code == 200:
                answers[uid] = orjson.loads(response.content)["response"]


def test_a_killed_writer_process_and_then_a_killed_server_lose_no_answered_jsonl_record(tmp_path: Path) -> None:
    """JSON Lines, under load. The audit writer process is killed: reviews are refused (audit
    failure policy deny, code 500) and /readyz is 503 until a new writer runs, then both recover.
    Then the server itself is killed and restarted on the same file. Every review answered with its
    own verdict has its record, none twice, and the trail verifies."""
    trail = tmp_path / "audit.jsonl"
    server = start_server(tmp_path, "--audit", f"jsonl:{trail}")
    answers: dict[str, dict[str, Any]] = {}
    stop = threading.Event()
    threads = [threading.Thread(target=_answers, args=(server, "a", answers, stop, 3000)) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        assert wait_for(lambda: len(answers) >= 100, 20), "the load did not get going"
        (writer,) = _children(server.process.pid)
        os.kill(writer, signal.SIGKILL)
        with server.client(timeout=5) as client:
            assert wait_for(lambda: client.get("/readyz").status_code == 503, 2.0), "ready without its audit writer"
            assert wait_for(lambda: client.get("/readyz").status_code == 200, 10.0), "the audit writer was not replaced"
        assert _children(server.process.pid) != [writer]
        answered = len(answers)
        assert wait_for(lambda: len(answers) >= answered + 100, 10), "no reviews answered after the writer came back"
        assert "Traceback" not in server.logs()
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    restarted = start_server(tmp_path, "--audit", f"jsonl:{trail}")
    try:
        _answers(restarted, "b", answers, threading.Event(), 20)
    finally:
        assert restarted.stop() == 0

    refused = {uid for uid, response in answers.items() if response.get("status", {}).get("message") == AUDIT_DENY_MESSAGE}
    assert refused, "no review came while the writer was gone"
    assert all(answers[uid]["allowed"] is False and answers[uid]["status"]["code"] == 500 for uid in refused)
    recorded = [orjson.loads(line)["uid"] for line in trail.read_bytes().splitlines()]
    assert len(recorded) == len(set(recorded)), "a review was recorded twice"
    missing = sorted(set(answers) - refused - set(recorded))
    assert not missing, f"{len(missing)} answered reviews have no audit record, e.g. {missing[:3]}"
    with closing(open_trail(f"jsonl:{trail}")) as opened:
        report = verify(opened)
    assert report.ok, [str(p) for p in report.problems]
