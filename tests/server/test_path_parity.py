"""Differential: one request, sent over a real TLS connection so that it takes the fast path
(webhook.server_fastpath) and so that it takes uvicorn's ASGI path (HTTP/1.0, ``Expect:
100-continue``, queued behind another request), gets the same answer: status line, headers in
order, body bytes, and whether the connection is closed after it.

Compared as they come, except:
- ``date`` (the clock);
- HTTP/1.0: ``connection: close`` and the close itself. An HTTP/1.0 request without ``Connection:
  keep-alive`` ends its connection (RFC 9112 9.3), so every answer to it says so; the fast path
  (HTTP/1.1) keeps the connection unless the answer itself closes it.
- ``Expect: 100-continue``: the client withholds the body until told to send it, so an answer on
  the headers alone (415, 413 declared) comes before a body the server never reads, and closes the
  connection; on the fast path the same request sent whole gets its 415 after the body is read,
  and the connection stays open. The interim ``100 Continue`` is dropped before comparing.
"""

from __future__ import annotations

import gzip
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from server_helpers import admission_review, workload
from test_fastpath import Running, serve_in_thread
from webhook.policies import PolicySet

TIMEOUT = 10.0
JSON = "application/json"

Answer = tuple[bytes, list[tuple[bytes, bytes]], bytes, bool]  # status line, headers, body, closed after


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, policies: PolicySet) -> Iterator[Running]:
    yield from serve_in_thread(tmp_path_factory.mktemp("parity"), policies)


class Reader:
    """HTTP/1.1 responses off a TLS socket, framed by Content-Length (the server always sends it)."""

    def __init__(self, tls: ssl.SSLSocket) -> None:
        self.tls, self.data, self.eof = tls, b"", False

    def _more(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.tls.recv(65536)
        except (ConnectionError, ssl.SSLError):
            chunk = b""
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def response(self) -> tuple[bytes, list[tuple[bytes, bytes]], bytes]:
        while (end := self.data.find(b"\r\n\r\n")) < 0:
            assert self._more(), f"connection ended before a response: {self.data[:200]!r}"
        lines = self.data[:end].split(b"\r\n")
        headers = [(name.lower(), value) for name, _, value in (line.partition(b": ") for line in lines[1:])]
        length = int(dict(headers).get(b"content-length", b"0"))
        while len(self.data) < end + 4 + length:
            assert self._more(), "connection ended inside a response body"
        body = self.data[end + 4 : end + 4 + length]
        self.data = self.data[end + 4 + length :]
        return lines[0], headers, body

    def closed(self) -> bool:
        """Whether the server ended the connection after its answer: a probe request sent behind
        it is answered on a connection kept open, and never read on a closed one."""
        if self.data:
            return False
        try:
            self.tls.sendall(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
        except (ConnectionError, ssl.SSLError):
            return True
        if not self._more():
            return True
        status, _, _ = self.response()
        assert status.split()[1] == b"200", status
        return False


def head(path: str, body: bytes, content_type: str, version: str, *extra: str) -> bytes:
    lines = [f"POST {path} HTTP/{version}", "host: localhost", f"content-type: {content_type}",
             f"content-length: {len(body)}", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send(running: Running, way: str, path: str, body: bytes, content_type: str) -> Answer:
    raw = socket.create_connection(("127.0.0.1", running.port), timeout=TIMEOUT)
    with running.context.wrap_socket(raw, server_hostname="localhost") as tls:
        reader = Reader(tls)
        if way == "fast":
            tls.sendall(head(path, body, content_type, "1.1") + body)
        elif way == "http-1.0":
            tls.sendall(head(path, body, content_type, "1.0") + body)
        elif way == "expect":
            tls.sendall(head(path, body, content_type, "1.1", "expect: 100-continue"))
            status, headers, payload = reader.response()
            if status.split()[1] == b"100":
                tls.sendall(body)
            else:  # answered on the headers: the body is not sent
                return status, headers, payload, reader.closed()
        elif way == "queued":  # behind a request still being answered: uvicorn queues it (pipelining)
            tls.sendall(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n" + head(path, body, content_type, "1.1") + body)
            assert reader.response()[0].split()[1] == b"200"
        else:  # pragma: no cover
            raise AssertionError(way)
        status, headers, payload = reader.response()
        return status, headers, payload, reader.closed()


def review(kind: str, compliant: bool, uid: str, **kwargs: object) -> bytes:
    return orjson.dumps(admission_review(workload(kind, compliant), "CREATE", uid=uid, **kwargs))  # type: ignore[arg-type]


def generated() -> list[object]:
    pod = admission_review(workload("Pod", False), "CREATE", uid="no-uid")
    del pod["request"]["uid"]
    big = review("Pod", True, "big")
    big = big[:-1] + b', "padding": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    ok, bad = b"200 OK", b"400 Bad Request"
    return [  # path, body, content type, and what the answer holds (so that each case is what its name says)
        pytest.param("/validate", review("Pod", True, "allowed"), JSON, (ok, b'"allowed":true}}'), id="allowed"),
        pytest.param("/validate", review("Pod", False, "denied"), JSON, (ok, b'"allowed":false'), id="denied"),
        pytest.param("/validate", review("Deployment", True, "warned"), JSON, (ok, b'"allowed":true', b'"warnings":'),
                     id="warned"),
        pytest.param("/mutate", review("Deployment", False, "patched"), JSON, (ok, b'"patchType":"JSONPatch"'), id="patched"),
        pytest.param("/validate", review("Deployment", False, "beta", api_version="admission.k8s.io/v1beta1"), JSON,
                     (ok, b'"apiVersion":"admission.k8s.io/v1beta1"', b'"allowed":false'), id="v1beta1"),
        pytest.param("/mutate?timeout=10s", review("Job", False, "query"), JSON, (ok, b'"uid":"query"'), id="query-string"),
        pytest.param("/validate", b'{"apiVersion": "admission.k8s.io/v1", "kind": "Admiss', JSON, (bad, b"not valid JSON"),
                     id="malformed-json"),
        pytest.param("/validate", b'{"apiVersion": "admission.k8s.io/v2", "kind": "AdmissionReview", "request": {}}', JSON,
                     (bad, b"unsupported apiVersion"), id="wrong-api-version"),
        pytest.param("/validate", orjson.dumps(pod), JSON, (bad, b"request.uid is missing"), id="missing-uid"),
        pytest.param("/validate", b"[]", JSON, (bad, b"must be a JSON object"), id="not-an-object"),
        pytest.param("/validate", big, JSON, (b"413 ", b"exceeds the limit"), id="oversized"),
        pytest.param("/validate", review("Pod", True, "text"), "text/plain", (b"415 ", b"got text/plain"), id="wrong-content-type"),
        pytest.param("/validate", review("Pod", True, "charset"), "Application/JSON; charset=utf-8", (ok, b'"uid":"charset"'),
                     id="content-type-parameters"),
        pytest.param("/mutate", gzip.compress(review("Pod", True, "gz")), JSON, (bad, b"not valid JSON"), id="gzip-undeclared"),
    ]


WAYS = ["http-1.0", "expect", "queued"]


def normalised(answer: Answer, way: str) -> Answer:
    status, headers, body, closed = answer
    headers = [(name, value) for name, value in headers if name != b"date"]
    if way == "http-1.0":  # see the module docstring
        headers = [(name, value) for name, value in headers if name != b"connection"]
        closed = True
    return status, headers, body, closed


def compare(running: Running, path: str, body: bytes, content_type: str, holds: tuple[bytes, ...] = ()) -> None:
    fast = send(running, "fast", path, body, content_type)
    assert fast[0].startswith(b"HTTP/1.1 ")
    for marker in holds:
        assert marker in fast[0] + b"\n" + fast[2], (marker, fast[0], fast[2][:300])
    for way in WAYS:
        other = send(running, way, path, body, content_type)
        expected = fast
        if way == "expect" and other[0].split()[1] in (b"413", b"415"):
            # answered on the headers, the body never sent: the connection closes (docstring)
            assert (b"connection", b"close") in other[1] and other[3]
            expected = fast[0], [*(h for h in fast[1] if h[0] != b"connection"), (b"connection", b"close")], fast[2], True
        assert normalised(other, way) == normalised(expected, "http-1.0" if way == "http-1.0" else "fast"), way


@pytest.mark.parametrize("path, body, content_type, holds", generated())
def test_generated_requests_get_the_same_answer_on_both_paths(
    running: Running, path: str, body: bytes, content_type: str, holds: tuple[bytes, ...]
) -> None:
    compare(running, path, body, content_type, holds)


def test_recorded_admission_reviews_get_the_same_answer_on_both_paths(running: Running, shared_dir: Path) -> None:
    bodies = sorted(shared_dir.glob("admission/*.json"))
    assert bodies
    for file in bodies:
        path = "/mutate" if "-mutate" in file.name else "/validate"
        compare(running, path, file.read_bytes(), "application/json")
