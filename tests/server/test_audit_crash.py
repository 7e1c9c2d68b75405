"""Crash safety of the audit trail: ``railguard serve`` is killed with SIGKILL while a bounded load
runs. Every review whose response the client received must have its record after a restart, and
the hash chain must verify (durable mode commits a record before its response is sent)."""

from __future__ import annotations

import itertools
import signal
import threading
import time
from contextlib import closing
from pathlib import Path

import httpx2
import orjson

from server_helpers import LiveServer, admission_review, start_server, workload
from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import export
from webhook.audit.verify import verify

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
