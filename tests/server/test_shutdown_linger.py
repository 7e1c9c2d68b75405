"""SIGTERM with a connection whose peer never completes the TLS close (a node that went away, a
half-open connection behind a NAT, a client that stopped reading): closing a TLS connection waits
for the peer's close_notify, by default for 30 s, which is also the pod's grace period. One such
connection held the whole stop for 30 s, and the kubelet's SIGKILL at 30 s raced the audit
store's close. Once shutdown has begun, a closed connection is dropped if it lingers."""

from __future__ import annotations

import socket
import ssl
import subprocess
import time
from pathlib import Path

import orjson
from server_helpers import admission_review, start_server, workload

BOUND = 12.0  # seconds from SIGTERM to exit, with a peer that never answers (30 s before)


def _connect(port: int, ca: Path) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=20)
    return ssl.create_default_context(cafile=str(ca)).wrap_socket(raw, server_hostname="localhost")


def test_an_idle_connection_whose_peer_never_closes_does_not_hold_the_stop(tmp_path: Path) -> None:
    live = start_server(tmp_path)
    body = orjson.dumps(admission_review(workload("Pod", True), "CREATE"))
    request = (
        b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n\r\n" % len(body) + body
    )
    idle = _connect(live.port, live.ca)
    partial = _connect(live.port, live.ca)
    try:
        idle.sendall(request)
        assert idle.recv(65536).startswith(b"HTTP/1.1 200")  # answered; the connection stays open, idle
        partial.sendall(request[:40])  # headers half sent, then silence
        time.sleep(0.3)
        started = time.monotonic()
        live.process.send_signal(15)
        try:
            live.process.wait(BOUND)
        except subprocess.TimeoutExpired:
            pass  # still running: the assert below says so, with how long it waited
        took = time.monotonic() - started
        assert live.process.poll() == 0, f"still running {took:.1f} s after SIGTERM (peers never answer the TLS close)"
        assert '"event":"stopped"' in live.logs()
        assert "Traceback" not in live.logs()
    finally:
        idle.close()
        partial.close()
        live.stop()


def test_an_in_flight_review_is_still_answered_after_the_grace(tmp_path: Path) -> None:
    """The drop applies to connections already closed, never to one waiting for its answer."""
    live = start_server(tmp_path)
    body = orjson.dumps(admission_review(workload("Pod", False), "CREATE"))
    head = (
        b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n\r\n" % len(body)
    )
    tls = _connect(live.port, live.ca)
    try:
        tls.sendall(head + body[:100])
        time.sleep(0.3)
        live.process.send_signal(15)
        time.sleep(3.5)  # longer than the grace given to a closed connection
        assert live.process.poll() is None, "the server exited with a request in flight"
        tls.sendall(body[100:])
        data = b""
        while not data.endswith(b"}}"):
            chunk = tls.recv(65536)
            if not chunk:
                break
            data += chunk
        assert data.startswith(b"HTTP/1.1 200"), data[:200]
        assert live.process.wait(BOUND) == 0
    finally:
        tls.close()
        live.stop()
