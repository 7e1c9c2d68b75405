"""A connection the server closes while its client is still sending (an early 413, 415, 404, 431 or
400, the body timeout's 408, an answer that says ``Connection: close``) is closed without a TCP reset,
so the client both finishes sending and reads its answer.

Closing a socket whose receive buffer holds unread bytes makes the kernel send RST; a client still
writing its body then gets ECONNRESET or EPIPE, and one that reads only once its body is sent (most
HTTP clients) never sees the answer it was sent. Well-kept servers close lingeringly: nginx and Go's
net/http read and discard for a while. railguard's connections are TLS on uvloop, whose TLS close
does just that: it sends close_notify, then reads and discards whatever comes until the client's
own close (or EOF), for at most 30 s (uvloop's ssl_shutdown_timeout), and only then closes the
socket. These tests keep it so: a close by ``abort()``, or on asyncio's TLS transport (which, on
Python 3.11, aborts when application data comes after its close_notify), fails them.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_fastpath import Running, serve_in_thread
from webhook import server as server_module
from webhook import server_fastpath
from webhook.policies import PolicySet

# more than loopback's socket buffers hold (a few MB each way): the client blocks in send until
# the server reads, so a server that stops reading and closes is seen
SENT = 16 * 1024 * 1024
CHUNK = b"y" * 65536
TIMEOUT = 10.0
JSON = b"host: localhost\r\ncontent-type: application/json\r\n"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, policies: PolicySet) -> Iterator[Running]:
    with pytest.MonkeyPatch.context() as patch:  # the 408 case: a body that stops coming
        patch.setattr(server_fastpath, "BODY_TIMEOUT", 0.3)
        patch.setattr(server_module, "BODY_TIMEOUT", 0.3)
        yield from serve_in_thread(tmp_path_factory.mktemp("early-close"), policies)


def send_then_read(running: Running, head: bytes, pause: float = 0.0) -> tuple[bytes, float]:
    """Send ``head`` and then SENT bytes more, as a client that reads only once it has sent its
    request does; then read until the server's close. The answer's status line, and the seconds
    taken. A reset shows as ConnectionError or ssl.SSLError (unexpected EOF) from send or recv."""
    raw = socket.create_connection(("127.0.0.1", running.port), timeout=TIMEOUT)
    started = time.monotonic()
    with running.context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(head)
        time.sleep(pause)
        for _ in range(SENT // len(CHUNK)):
            tls.sendall(CHUNK)
        received = b""
        while chunk := tls.recv(65536):
            received += chunk
            assert len(received) < 1 << 20, "more than an answer came"
    return received.split(b"\r\n", 1)[0], time.monotonic() - started


@pytest.mark.parametrize("head, status", [
    pytest.param(b"POST /validate HTTP/1.1\r\n" + JSON + b"content-length: %d\r\n\r\n" % (SENT * 2), b"413",
                 id="declared-too-large-fast"),
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\ncontent-length: %d\r\n\r\n"
                 % SENT, b"415", id="wrong-content-type-fast"),
    pytest.param(b"POST /validate HTTP/1.0\r\nhost: localhost\r\ncontent-type: text/plain\r\ncontent-length: %d\r\n\r\n"
                 % SENT, b"415", id="wrong-content-type-asgi"),
    pytest.param(b"POST /nowhere HTTP/1.1\r\n" + JSON + b"content-length: %d\r\n\r\n" % SENT, b"404", id="not-found-asgi"),
    pytest.param(b"POST /validate HTTP/1.1\r\n" + JSON + b"transfer-encoding: chunked\r\n\r\nZZ\r\n", b"400",
                 id="broken-chunk"),
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\nx-long: ", b"431", id="header-section-too-long"),
    pytest.param(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\nPOST /validate HTTP/1.1\r\n"
                 + JSON + b"content-length: %d\r\n\r\n" % SENT, b"200", id="connection-close"),
])  # fmt: skip
def test_the_client_gets_its_answer_when_the_server_closes_while_it_sends(running: Running, head: bytes, status: bytes) -> None:
    line, took = send_then_read(running, head)
    assert line.split(b" ")[1:2] == [status], line
    assert took < TIMEOUT


@pytest.mark.parametrize("version", ["1.1", "1.0"], ids=["fast", "asgi"])
def test_the_client_gets_its_408_when_it_sends_after_the_body_timeout(running: Running, version: str) -> None:
    # a body under the limit that stalls after its first byte: the server gives up on it, then the
    # client sends on (more than the body: what follows would be the next request's bytes)
    head = b"POST /validate HTTP/%s\r\n%scontent-length: %d\r\n\r\n{" % (version.encode(), JSON, 2 * 1024 * 1024)
    line, _ = send_then_read(running, head, pause=1.0)
    assert line.split(b" ")[1:2] == [b"408"], line
