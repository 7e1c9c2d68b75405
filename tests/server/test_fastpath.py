"""The protocol's fast path for ``POST /validate`` and ``/mutate`` (webhook.server_fastpath), at the
socket level over TLS: it answers exactly as the ASGI path does, keeps HTTP/1.1 semantics
(pipelining order, keep-alive, ``Connection: close``, query strings), leaves HTTP/1.0 and
``Expect: 100-continue`` to uvicorn, bounds a trickling body, and records every decision."""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
import uvicorn
from starlette.testclient import TestClient

from server_helpers import FakeAuditStore, admission_review, free_port, metric, workload
from webhook import server as server_module
from webhook import server_fastpath
from webhook.audit import open_store
from webhook.certs import generate
from webhook.config import Settings
from webhook.policies import PolicySet
from webhook.server import create_app
from webhook.server_fastpath import ReviewHttpProtocol
from webhook.server_run import uvicorn_config


@dataclass
class Running:
    port: int
    context: ssl.SSLContext
    app: Any
    server: uvicorn.Server

    def connect(self) -> ssl.SSLSocket:
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return self.context.wrap_socket(raw, server_hostname="localhost")


def serve_in_thread(tmp: Path, policies: PolicySet, keep_alive: float | None = None, **app_args: Any) -> Iterator[Running]:
    certs = generate(["localhost"], ["127.0.0.1"], days=1).write(tmp)
    settings = Settings(tls_cert=certs["tls.crt"], tls_key=certs["tls.key"], port=free_port(), reload_interval=0,
                        audit_failure=app_args.pop("audit_failure", "deny"))
    app = create_app(settings, policies=policies, **app_args)
    config = uvicorn_config(app, settings, "warning")
    if keep_alive is not None:
        config.timeout_keep_alive = keep_alive  # type: ignore[assignment]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield Running(settings.port, ssl.create_default_context(cafile=str(certs["ca.crt"])), app, server)
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, policies: PolicySet) -> Iterator[Running]:
    yield from serve_in_thread(tmp_path_factory.mktemp("fast"), policies)


def request(path: str, body: bytes, *extra: str, version: str = "1.1", content_type: str = "application/json") -> bytes:
    head = [f"POST {path} HTTP/{version}", "host: localhost", f"content-type: {content_type}",
            f"content-length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def review_body(kind: str, compliant: bool, uid: str) -> bytes:
    return orjson.dumps(admission_review(workload(kind, compliant), "CREATE", uid=uid))


def read_responses(tls: ssl.SSLSocket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """``count`` HTTP responses (status, headers, body) read off the socket, in order."""
    data = b""
    out: list[tuple[int, dict[str, str], bytes]] = []
    while len(out) < count:
        end = data.find(b"\r\n\r\n")
        if end >= 0:
            lines = data[:end].decode("latin-1").split("\r\n")
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            headers = {k.lower(): v for k, v in headers.items()}
            length = int(headers.get("content-length", "0"))
            if len(data) >= end + 4 + length:
                out.append((int(lines[0].split()[1]), headers, data[end + 4 : end + 4 + length]))
                data = data[end + 4 + length :]
                continue
        chunk = tls.recv(65536)
        if not chunk:
            break
        data += chunk
    return out


def closed_by_server(tls: ssl.SSLSocket) -> bool:
    try:
        return tls.recv(100) == b""
    except (ConnectionError, ssl.SSLError):
        return True


def test_pipelined_requests_are_answered_in_order(running: Running) -> None:
    with running.connect() as tls:
        tls.sendall(
            request("/validate", review_body("Pod", False, "uid-1"))
            + request("/mutate", review_body("Deployment", False, "uid-2"))
            + b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n"
            + request("/validate", review_body("Pod", True, "uid-4"))
        )
        answers = read_responses(tls, 4)
    assert [status for status, _, _ in answers] == [200, 200, 200, 200]
    assert orjson.loads(answers[0][2])["response"]["uid"] == "uid-1"
    assert orjson.loads(answers[1][2])["response"]["uid"] == "uid-2"
    assert orjson.loads(answers[2][2]) == {"status": "ok"}
    assert orjson.loads(answers[3][2])["response"]["uid"] == "uid-4"


def test_query_string_and_keep_alive(running: Running) -> None:
    """kube-apiserver calls ``/validate?timeout=10s`` and reuses the connection."""
    with running.connect() as tls:
        for n in range(3):
            tls.sendall(request("/validate?timeout=10s", review_body("Pod", False, f"q-{n}")))
            ((status, headers, body),) = read_responses(tls, 1)
            assert status == 200 and headers["content-type"] == "application/json"
            assert "connection" not in headers and "date" in headers
            assert orjson.loads(body)["response"]["uid"] == f"q-{n}"


def test_fast_and_asgi_paths_give_the_same_answers(running: Running, shared_dir: Path) -> None:
    bodies = sorted(shared_dir.glob("admission/admissionreview-*.json"))
    assert bodies
    asgi = TestClient(running.app)
    with running.connect() as tls:
        for path in bodies:
            endpoint = "/mutate" if "-mutate" in path.name else "/validate"
            tls.sendall(request(endpoint, path.read_bytes()))
            ((status, _, fast),) = read_responses(tls, 1)
            slow = asgi.post(endpoint, content=path.read_bytes(), headers={"content-type": "application/json"})
            assert (status, orjson.loads(fast)) == (slow.status_code, slow.json()), path.name


def test_bad_calls_get_the_same_json_errors_and_the_connection_stays_usable(running: Running) -> None:
    asgi = TestClient(running.app)
    cases = [(b"not json", "application/json"), (b"{}", "application/json"), (b"[1, 2]", "application/json"),
             (b'{"apiVersion": "admission.k8s.io/v2", "kind": "AdmissionReview"}', "application/json"),
             (b"{}", "text/plain")]
    with running.connect() as tls:
        for body, content_type in cases:
            tls.sendall(request("/validate", body, content_type=content_type))
            ((status, headers, fast),) = read_responses(tls, 1)
            slow = asgi.post("/validate", content=body, headers={"content-type": content_type})
            assert (status, orjson.loads(fast)) == (slow.status_code, slow.json())
            assert 400 <= status < 500 and headers["content-type"] == "application/json"
        tls.sendall(request("/validate", review_body("Pod", True, "after-errors")))  # same connection
        ((status, _, body),) = read_responses(tls, 1)
    assert status == 200 and orjson.loads(body)["response"]["uid"] == "after-errors"


def test_connection_close_is_honoured(running: Running) -> None:
    with running.connect() as tls:
        tls.sendall(request("/validate", review_body("Pod", True, "bye"), "connection: close"))
        ((status, headers, _),) = read_responses(tls, 1)
        assert status == 200 and headers["connection"] == "close"
        assert closed_by_server(tls)


def test_http_1_0_and_expect_continue_are_left_to_uvicorn_with_the_same_answer(running: Running) -> None:
    with running.connect() as tls:
        tls.sendall(request("/validate", review_body("Pod", False, "old-client"), version="1.0"))
        ((status, _, body),) = read_responses(tls, 1)
    assert status == 200 and orjson.loads(body)["response"]["uid"] == "old-client"
    payload = review_body("Pod", False, "asks-first")
    with running.connect() as tls:
        head = request("/validate", b"", "expect: 100-continue").replace(b"content-length: 0", f"content-length: {len(payload)}".encode())
        tls.sendall(head)
        ((status, _, _),) = read_responses(tls, 1)
        assert status == 100
        tls.sendall(payload)
        ((status, _, body),) = read_responses(tls, 1)
    assert status == 200 and orjson.loads(body)["response"]["uid"] == "asks-first"


def test_a_streamed_body_over_the_limit_is_cut_off_with_413(running: Running) -> None:
    limit = running.app.state.railguard.settings.max_body_bytes
    with running.connect() as tls:
        tls.sendall(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    b"transfer-encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent <= limit + len(chunk):
                tls.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
        except (ConnectionError, ssl.SSLError):
            pass  # the server closed while we were still sending
        answers = read_responses(tls, 1)
    assert answers and answers[0][0] == 413
    assert "limit" in orjson.loads(answers[0][2])["error"]


def test_a_trickling_body_gets_408_and_the_connection_is_closed(
    tmp_path: Path, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_fastpath, "BODY_TIMEOUT", 0.5)
    for running in serve_in_thread(tmp_path, policies):
        body = review_body("Pod", True, "slow")
        with running.connect() as tls:
            tls.sendall(request("/validate", body)[: -len(body) + 10])  # headers and 10 bytes of the body
            started = time.monotonic()
            answers = read_responses(tls, 1)
            assert answers and answers[0][0] == 408, answers
            assert time.monotonic() - started < 5
            assert closed_by_server(tls)


def test_keep_alive_closes_idle_connections_only(tmp_path: Path, policies: PolicySet) -> None:
    """The keep-alive timeout counts from the last answer (fast path or ASGI) or from the
    connection's start; a request whose headers are in is never cut off by it, but a connection
    that sends nothing, or only part of a request's headers, is (uvicorn times neither)."""
    for running in serve_in_thread(tmp_path, policies, keep_alive=0.6):
        call = request("/validate", review_body("Pod", True, "ka"))
        with running.connect() as busy, running.connect() as idle, running.connect() as partial, \
                running.connect() as asgi, running.connect() as silent, running.connect() as body_pending:
            for tls in (busy, idle, partial, body_pending):
                tls.sendall(call)
                assert read_responses(tls, 1)[0][0] == 200
            asgi.sendall(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n")
            assert read_responses(asgi, 1)[0][0] == 200
            partial.sendall(call[:20])  # a request line under way, never finished
            head_end = call.index(b"\r\n\r\n") + 4
            body_pending.sendall(call[:head_end])  # headers in: its body has the body timeout (10 s)
            started = time.monotonic()
            for _ in range(8):  # 1.6 s of a request every 0.2 s: longer than the timeout
                time.sleep(0.2)
                busy.sendall(call)
                assert read_responses(busy, 1)[0][0] == 200
            for tls in (idle, asgi, partial, silent):
                assert closed_by_server(tls)
            assert 0.5 < time.monotonic() - started < 5
            body_pending.sendall(call[head_end:])  # still open well past the timeout
            assert read_responses(body_pending, 1)[0][0] == 200
            idle_since = time.monotonic()
            assert closed_by_server(busy)  # once it stops sending, it is closed too
            assert 0.4 < time.monotonic() - idle_since < 5


def test_bytes_the_parser_rejects_get_json_400_after_the_answer_before_them(tmp_path: Path, policies: PolicySet) -> None:
    # durable audit: the first answer still waits for its commit when the garbage behind it is read
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}"), writer="garbage-test")
    for running in serve_in_thread(tmp_path, policies, audit=store):
        with running.connect() as tls:
            tls.sendall(request("/validate", review_body("Pod", True, "before-garbage")) + b"GARBAGE\r\n\r\n")
            answers = read_responses(tls, 2)
            assert closed_by_server(tls)
        with running.connect() as tls:
            tls.sendall(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-length: -5\r\n\r\n")
            alone = read_responses(tls, 1)
    store.close()
    assert [status for status, _, _ in answers] == [200, 400]
    assert orjson.loads(answers[0][2])["response"]["uid"] == "before-garbage"
    for _, headers, body in (answers[1], alone[0]):
        assert headers["content-type"] == "application/json" and headers["connection"] == "close"
        assert orjson.loads(body)["error"].startswith("invalid HTTP request")


def test_bytes_the_parser_rejects_behind_queued_requests_wait_for_all_their_answers(tmp_path: Path, policies: PolicySet) -> None:
    # the first review waits for its commit, the two behind it are queued (pipelining): the 400 for
    # the garbage after them must come once all three are answered, not leave them (and the
    # connection) hanging for ever
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}"), writer="queued-test")
    for running in serve_in_thread(tmp_path, policies, audit=store):
        with running.connect() as tls:
            tls.settimeout(5)
            tls.sendall(request("/validate", review_body("Pod", True, "first")) + request("/mutate", review_body("Pod", True, "queued"))
                        + b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\nGARBAGE\r\n\r\n")
            answers = read_responses(tls, 4)
            assert closed_by_server(tls)
    store.close()
    assert [status for status, _, _ in answers] == [200, 200, 200, 400]
    assert [orjson.loads(body)["response"]["uid"] for _, _, body in answers[:2]] == ["first", "queued"]
    assert orjson.loads(answers[3][2])["error"].startswith("invalid HTTP request")


def test_a_bad_chunk_inside_a_body_is_answered_at_once(running: Running) -> None:
    with running.connect() as tls:
        tls.sendall(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n")
        started = time.monotonic()
        answers = read_responses(tls, 1)
        assert closed_by_server(tls)
    assert answers[0][0] == 400 and time.monotonic() - started < 5  # not held until the body timeout


def bad_requests(running: Running, endpoint: str, status: int = 400) -> float:
    """railguard_bad_requests_total{endpoint, status}, scraped from /metrics."""
    with running.connect() as tls:
        tls.sendall(b"GET /metrics HTTP/1.1\r\nhost: localhost\r\n\r\n")
        ((_, _, text),) = read_responses(tls, 1)
    return metric(text.decode(), "railguard_bad_requests_total", endpoint=endpoint, status=str(status))


JSON_HEAD = b"host: localhost\r\ncontent-type: application/json\r\n"


@pytest.mark.parametrize("sent, endpoint", [
    pytest.param(b"POST /validate HTTP/1.1\r\n" + JSON_HEAD + b"content-length: -5\r\n\r\n", "validate",
                 id="bad-content-length"),
    pytest.param(b"POST /validate HTTP/1.1\r\n" + JSON_HEAD + b"content-length: 5\r\ncontent-length: 6\r\n\r\n",
                 "validate", id="two-content-lengths"),
    pytest.param(b"POST /mutate?timeout=5s HTTP/1.1\r\n" + JSON_HEAD
                 + b"content-length: 5\r\ntransfer-encoding: chunked\r\n\r\n", "mutate",
                 id="content-length-and-transfer-encoding"),
    pytest.param(b"POST /mutate HTTP/1.1\r\n" + JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n",
                 "mutate", id="bad-chunk-fast"),
    pytest.param(b"POST /mutate HTTP/1.0\r\n" + JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n",
                 "mutate", id="bad-chunk-asgi"),
    pytest.param(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\ncontent-length: x\r\n\r\n", "unknown",
                 id="not-a-review-path"),
    pytest.param(b"GARBAGE\r\n\r\n", "unknown", id="no-path"),
    # refused by the parser and by the endpoint's own header check: counted once, not twice
    pytest.param(b"POST /validate HTTP/1.1\r\n" + JSON_HEAD + b"transfer-encoding: gzip\r\n\r\nabc", "validate",
                 id="transfer-coding-fast"),
    pytest.param(b"POST /validate HTTP/1.0\r\n" + JSON_HEAD + b"transfer-encoding: gzip\r\n\r\nabc", "validate",
                 id="transfer-coding-asgi"),
])  # fmt: skip
def test_what_the_http_parser_refuses_is_counted_once_as_a_bad_request(running: Running, sent: bytes, endpoint: str) -> None:
    before = bad_requests(running, endpoint)
    with running.connect() as tls:
        tls.sendall(sent)
        [(status, headers, _)] = read_responses(tls, 1)
        assert closed_by_server(tls)
    assert (status, headers["content-type"]) == (400, "application/json")
    # the ASGI path's endpoint runs in a task of its own: wait for its count (bounded), then make
    # sure no second count follows
    deadline = time.monotonic() + 5
    while bad_requests(running, endpoint) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    assert bad_requests(running, endpoint) == before + 1


def test_a_broken_body_behind_an_early_answer_is_not_counted_again(running: Running) -> None:
    # the fast path refuses the headers (415) and discards the body, whose framing then fails too:
    # the connection is closed, with no second answer
    before = bad_requests(running, "validate", 415), bad_requests(running, "validate", 400)
    with running.connect() as tls:
        tls.sendall(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\n"
                    b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n")
        answers = read_responses(tls, 2)  # the one answer, then the close
        assert closed_by_server(tls)
    assert [status for status, _, _ in answers] == [415]  # one answer to one request: no 400 after it
    assert (bad_requests(running, "validate", 415), bad_requests(running, "validate", 400)) == (before[0] + 1, before[1])


@pytest.mark.parametrize("head, answers", [
    (b"POST /validate HTTP/1.0\r\n", 1),
    (b"POST /validate HTTP/1.1\r\nexpect: 100-continue\r\n", 2),  # 100 Continue, then the 408
])
def test_a_body_that_never_starts_gets_408_on_the_asgi_path_too(
    tmp_path: Path, policies: PolicySet, monkeypatch: pytest.MonkeyPatch, head: bytes, answers: int
) -> None:
    monkeypatch.setattr(server_module, "BODY_TIMEOUT", 0.5)
    for running in serve_in_thread(tmp_path, policies):
        with running.connect() as tls:
            tls.sendall(head + b"host: localhost\r\ncontent-type: application/json\r\ncontent-length: 880\r\n\r\n")
            started = time.monotonic()
            got = read_responses(tls, answers)
        assert [status for status, _, _ in got][-1:] == [408], got
        assert "not received" in orjson.loads(got[-1][2])["error"]
        assert time.monotonic() - started < 5


# a review on the fast path, then two that take the ASGI path
PATHS = [pytest.param("1.1", (), id="fast"), pytest.param("1.0", (), id="http-1.0"),
         pytest.param("1.1", ("expect: 100-continue",), id="expect")]


@pytest.mark.parametrize("version, extra", PATHS)
@pytest.mark.parametrize("coding", ["gzip", "deflate", "br, identity"])
def test_a_compressed_body_is_415_naming_its_coding(running: Running, version: str, extra: tuple[str, ...], coding: str) -> None:
    # kube-apiserver never compresses a call: such a body is refused, not read as if it were plain
    body = review_body("Pod", True, "plain")
    sent = gzip.compress(body) if coding == "gzip" else body
    with running.connect() as tls:
        tls.sendall(request("/validate", sent, f"content-encoding: {coding}", *extra, version=version)
                    + request("/validate", body, "content-encoding: Identity", version=version))
        answers = read_responses(tls, 2 if version == "1.1" else 1)  # HTTP/1.0: closed after one
    status, headers, error = answers[0]
    assert (status, headers["content-type"]) == (415, "application/json")
    assert orjson.loads(error) == {"error": f"Content-Encoding {coding.split(',')[0]} is not supported: send the body uncompressed"}
    if version == "1.1":  # the connection stays usable, and identity is no coding at all
        assert answers[1][0] == 200 and orjson.loads(answers[1][2])["response"]["uid"] == "plain"


@pytest.mark.parametrize("coding, version, extra", [
    *(pytest.param("gzip, chunked", *path.values, id=f"gzip-chunked-{path.id}") for path in PATHS),
    pytest.param("gzip", "1.1", (), id="gzip-fast"),  # ASGI path: uvicorn's parser refuses it first (a JSON 400)
])  # fmt: skip
def test_a_transfer_coding_other_than_chunked_is_refused_and_the_connection_closed(
    running: Running, coding: str, version: str, extra: tuple[str, ...]
) -> None:
    # a transfer coding railguard does not understand: a 400 (never a 5xx; RFC 9112 6.1 suggests 501)
    # and the connection closed, whether or not chunked frames the body
    body = gzip.compress(review_body("Pod", True, "coded"))
    head = [f"POST /validate HTTP/{version}", "host: localhost", "content-type: application/json",
            f"transfer-encoding: {coding}", *extra]
    framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if coding.endswith("chunked") else body
    with running.connect() as tls:
        tls.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + framed)
        [(got, headers, error)] = read_responses(tls, 1)
        assert closed_by_server(tls)
    assert (got, headers["content-type"]) == (400, "application/json")
    assert orjson.loads(error) == {"error": "Transfer-Encoding gzip is not supported (only chunked)"}


def test_every_fast_path_decision_is_recorded_durably(tmp_path: Path, policies: PolicySet) -> None:
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}"), writer="fast-test")
    for running in serve_in_thread(tmp_path, policies, audit=store):
        with running.connect() as tls:
            tls.sendall(b"".join(request("/validate", review_body("Pod", n % 2 == 0, f"rec-{n}")) for n in range(20)))
            answers = read_responses(tls, 20)
        assert [orjson.loads(body)["response"]["uid"] for _, _, body in answers] == [f"rec-{n}" for n in range(20)]
        # durable: each answer was sent after its record was committed, so they are all there now
        rows = store.sink.conn.execute("SELECT body FROM audit_records ORDER BY seq").fetchall()  # type: ignore[attr-defined]
        assert [orjson.loads(row[0])["uid"] for row in rows] == [f"rec-{n}" for n in range(20)]
    store.close()


@pytest.mark.parametrize("policy", ["deny", "allow"])
def test_an_audit_failure_applies_the_failure_policy_on_the_fast_path(tmp_path: Path, policies: PolicySet, policy: str) -> None:
    for running in serve_in_thread(tmp_path, policies, audit=FakeAuditStore(fail=True), audit_failure=policy):
        with running.connect() as tls:
            tls.sendall(request("/validate", review_body("Pod", True, "unrecorded")))
            ((status, _, body),) = read_responses(tls, 1)
        response = orjson.loads(body)["response"]
        assert status == 200 and response["uid"] == "unrecorded"
        if policy == "deny":
            assert response["allowed"] is False and response["status"]["code"] == 500 and "audit" in response["status"]["message"]
        else:
            assert response["allowed"] is True


def test_the_fast_path_is_what_serves_reviews(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the benchmark's premise: a review does not go through the ASGI app at all."""
    calls: list[str] = []
    original = ReviewHttpProtocol._review

    def counting(self: ReviewHttpProtocol, call: Any) -> None:
        calls.append(call.endpoint.endpoint)
        original(self, call)

    monkeypatch.setattr(ReviewHttpProtocol, "_review", counting)
    with running.connect() as tls:
        tls.sendall(request("/validate", review_body("Pod", True, "a")) + request("/mutate", review_body("Pod", True, "b")))
        assert len(read_responses(tls, 2)) == 2
    assert calls == ["validate", "mutate"]


CHUNKED = b"POST /validate HTTP/%s\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"


@pytest.mark.parametrize("before", [pytest.param(b"", id="alone"), pytest.param(b"review", id="behind-a-review")])
@pytest.mark.parametrize("start, filler", [
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\n", b"x-pad: " + b"a" * 8000 + b"\r\n", id="many-headers"),
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\nx-big: ", b"a" * 8000, id="one-endless-header"),
    pytest.param(b"POST /validate?", b"a" * 8000, id="endless-url"),
    pytest.param(b"GET /healthz HTTP/1.1\r\n", b"x-pad: " + b"a" * 8000 + b"\r\n", id="asgi-path"),
    # trailers, after the last chunk: the fast path, then the ASGI path
    pytest.param(CHUNKED % b"1.1" + b"2\r\n{}\r\n0\r\n", b"x-pad: " + b"a" * 8000 + b"\r\n", id="trailers"),
    pytest.param(CHUNKED % b"1.0" + b"2\r\n{}\r\n0\r\nx-big: ", b"a" * 8000, id="endless-trailer-asgi"),
])  # fmt: skip
def test_a_request_head_that_never_ends_is_refused_with_431(running: Running, before: bytes, start: bytes, filler: bytes) -> None:
    # httptools keeps a header section however long it grows: without a limit one connection
    # could fill the server's memory at network speed for as long as the keep-alive (or body) timeout
    endpoint = "unknown" if b"healthz" in start else "validate"
    counted = bad_requests(running, endpoint, 431)
    first = request("/mutate", review_body("Pod", True, "before-the-flood")) if before else b""
    with running.connect() as tls:
        tls.settimeout(3)
        tls.sendall(first + start)
        sent = 0
        try:
            while sent < 4 * 1024 * 1024:  # 64 times the limit: refused long before
                tls.sendall(filler)
                sent += len(filler)
        except (ConnectionError, ssl.SSLError, TimeoutError):
            pass  # the server closed while we were still sending
        answers = read_responses(tls, 2 if before else 1)
        assert closed_by_server(tls)
    assert [status for status, _, _ in answers] == ([200, 431] if before else [431])
    _, headers, body = answers[-1]
    assert (headers["content-type"], headers["connection"]) == ("application/json", "close")
    assert orjson.loads(body) == {"error": f"request line and header fields exceed the limit of {server_fastpath.MAX_HEAD_BYTES} bytes"}
    assert bad_requests(running, endpoint, 431) == counted + 1
    # a head under the limit is read as usual
    with running.connect() as tls:
        tls.sendall(request("/validate", review_body("Pod", True, "big-head"), *(f"x-pad-{n}: {'b' * 1000}" for n in range(50))))
        ((status, _, body),) = read_responses(tls, 1)
    assert status == 200 and orjson.loads(body)["response"]["uid"] == "big-head"
    # and so is a long chunked body, its chunks' size lines and a trailer
    review = review_body("Deployment", True, "many-chunks") + b" " * 45000  # JSON may end in white space
    framed = b"".join(b"%x;n=%d\r\n%s\r\n" % (len(review[i:i + 7]), i, review[i:i + 7]) for i in range(0, len(review), 7))
    with running.connect() as tls:
        tls.sendall(CHUNKED % b"1.1" + framed + b"0\r\nx-checksum: 1\r\n\r\n")
        ((status, _, body),) = read_responses(tls, 1)
    assert len(framed) - len(review) > server_fastpath.MAX_HEAD_BYTES and status == 200
    assert orjson.loads(body)["response"]["uid"] == "many-chunks"


# -- one client cannot grow the server's memory without bound ------------------------------------

PIPELINE_LIMIT = 64  # requests queued behind the one being answered, on one connection (README)


def server_connections(running: Running) -> list[Any]:
    for _ in range(100):
        try:
            return list(running.server.server_state.connections)
        except RuntimeError:  # the server's thread changed the set while it was copied
            continue
    return []


def write_buffered(running: Running) -> int:
    """Bytes the server holds for its connections' answers, not yet handed to the kernel."""
    return sum(connection.transport.get_write_buffer_size() for connection in server_connections(running))


def queued(running: Running) -> int:
    """The longest queue of pipelined requests waiting on one of the server's connections."""
    return max((len(connection.pipeline) for connection in server_connections(running)), default=0)


async def open_tls(running: Running) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.wait_for(asyncio.open_connection(
        "127.0.0.1", running.port, ssl=running.context, server_hostname="localhost"), 10)


def test_a_client_that_never_reads_its_answers_cannot_grow_the_servers_write_buffer(tmp_path: Path, policies: PolicySet) -> None:
    # pipelined reviews answered on the fast path as they are read: without flow control the
    # server kept reading (requests keep coming, so the idle timer never fires) and buffered every
    # answer the client did not read (23 MB after 8 s)
    one = request("/validate", review_body("Pod", False, "unread"))
    burst = one * 100
    status_line = b"HTTP/1.1 200 OK\r\n"

    async def flood(running: Running) -> tuple[int, int, int]:
        reader, writer = await open_tls(running)
        loop = asyncio.get_running_loop()
        sent = peak = 0
        deadline = loop.time() + 2
        while loop.time() < deadline and sent < 200 * 1024 * 1024:
            if writer.transport.get_write_buffer_size() < 1024 * 1024:  # the client's own buffer: bounded
                writer.write(burst)
                sent += len(burst)
            await asyncio.sleep(0.005)
            peak = max(peak, write_buffered(running))
        # now read: every answer comes, in order, and the server reads the rest of the requests
        expected, counted, tail = sent // len(one), 0, b""
        while counted < expected:
            chunk = await asyncio.wait_for(reader.read(1 << 20), 30)
            assert chunk, f"connection closed after {counted} of {expected} answers"
            window = tail + chunk
            counted += window.count(status_line)
            tail = window[-(len(status_line) - 1):]
        writer.close()
        return peak, sent, counted

    for running in serve_in_thread(tmp_path, policies):
        peak, sent, counted = asyncio.run(flood(running))
    assert counted == sent // len(one)
    assert peak < 2 * 1024 * 1024, f"the server buffered {peak} bytes of answers the client did not read"


def read_all(reader: asyncio.StreamReader) -> tuple[asyncio.Task[None], bytearray]:
    """A task reading everything the server sends into the bytearray, until it closes."""
    received = bytearray()

    async def read() -> None:
        while chunk := await reader.read(1 << 20):
            received.extend(chunk)

    return asyncio.create_task(read()), received


def test_a_flood_of_pipelined_requests_is_not_queued_without_bound(running: Running) -> None:
    # uvicorn queued every request parsed behind one being answered (each answer resumed reading
    # while requests were still queued): 8 MB of small pipelined requests took the server to 338 MB
    counted = bad_requests(running, "unknown", 429)
    healthz = b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n"

    async def flood() -> tuple[int, bytes]:
        reader, writer = await open_tls(running)
        reading, received = read_all(reader)
        loop = asyncio.get_running_loop()
        sent = peak = 0
        deadline = loop.time() + 3
        try:
            while loop.time() < deadline and sent < 8 * 1024 * 1024 and not reading.done():
                writer.write(healthz * 2000)
                sent += len(healthz) * 2000
                await asyncio.wait_for(writer.drain(), 10)
                peak = max(peak, queued(running))
        except (ConnectionError, ssl.SSLError):
            pass  # the server closed the connection
        await asyncio.wait({reading}, timeout=5)  # the server closes the connection after its refusal
        reading.cancel()
        writer.close()
        return peak, bytes(received)

    peak, received = asyncio.run(flood())
    assert peak <= PIPELINE_LIMIT, f"{peak} requests queued on one connection"
    answers = received.split(b"HTTP/1.1 ")[1:]
    assert len(answers) == 1 + PIPELINE_LIMIT + 1  # the one answered, the queue, the refusal
    assert all(answer.startswith(b"200 ") for answer in answers[:-1])
    head, _, body = answers[-1].partition(b"\r\n\r\n")
    assert head.startswith(b"429 ") and b"connection: close" in head and b"content-type: application/json" in head
    assert orjson.loads(body) == {"error": f"more than {PIPELINE_LIMIT} pipelined requests waiting on one connection"}
    assert bad_requests(running, "unknown", 429) == counted + 1


def test_the_pipeline_limit_counts_requests_behind_a_review_waiting_for_its_audit_commit(tmp_path: Path, policies: PolicySet) -> None:
    limit = PIPELINE_LIMIT
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}"), writer="pipeline-limit")
    healthz = b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n"
    for running in serve_in_thread(tmp_path, policies, audit=store):
        for extra in (limit, limit + 5):  # up to the limit queued: all answered, the connection stays
            with running.connect() as tls:
                tls.settimeout(5)
                tls.sendall(request("/validate", review_body("Pod", True, f"first-{extra}")) + healthz * extra)
                answers = read_responses(tls, 1 + min(extra, limit + 1))
                if extra == limit:
                    tls.sendall(healthz)
                    answers += read_responses(tls, 1)
                else:
                    assert closed_by_server(tls)
            statuses = [status for status, _, _ in answers]
            assert orjson.loads(answers[0][2])["response"]["uid"] == f"first-{extra}"
            assert statuses == [200] * (limit + 2) if extra == limit else [200] * (limit + 1) + [429]
    store.close()



class HeldAuditStore(FakeAuditStore):
    """Holds each review's answer until ``release()``: the requests pipelined behind it queue up."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple[asyncio.AbstractEventLoop, Any]] = []
        self.holding = threading.Event()

    def submit_then(self, decision: Any, latency_ms: float, then: Any) -> bool:
        self.record(decision, latency_ms)
        self.held.append((asyncio.get_running_loop(), then))
        self.holding.set()
        return True

    def release(self) -> None:
        for loop, then in self.held:
            loop.call_soon_threadsafe(then, None)
        self.held.clear()


def test_the_body_of_a_request_queued_behind_pipelined_ones_is_not_read_ahead_without_bound(
    tmp_path: Path, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a request's body is read into memory while it waits behind the requests pipelined before it:
    # uvicorn paused reading past 64 KiB of it, but each answer before it resumed reading, one read
    # (up to 256 KiB) each: 63 requests ahead let ~16 MB in before its handler refused the body
    peak = [0]
    on_body = ReviewHttpProtocol.on_body

    def measured(self: ReviewHttpProtocol, body: bytes) -> None:
        on_body(self, body)
        cycle = self.cycle
        if cycle is not None and not isinstance(cycle, server_fastpath.ReviewCall):
            peak[0] = max(peak[0], len(cycle.body))

    monkeypatch.setattr(ReviewHttpProtocol, "on_body", measured)
    store = HeldAuditStore()
    healthz = b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n"
    size = 32 * 1024 * 1024
    head = b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % size

    async def pipelined(running: Running) -> bytes:
        reader, writer = await open_tls(running)
        reading, received = read_all(reader)
        loop = asyncio.get_running_loop()
        # the first review waits for its audit commit; 62 requests and the big one queue behind it
        writer.write(request("/validate", review_body("Pod", True, "held")) + healthz * (PIPELINE_LIMIT - 2) + head)
        assert await loop.run_in_executor(None, store.holding.wait, 10)
        piece, sent = b" " * (1 << 20), 0
        try:
            while sent < size:  # until the client's own buffer is full: the server reads no more
                writer.write(piece)
                sent += len(piece)
                try:
                    await asyncio.wait_for(writer.drain(), 0.5)
                except TimeoutError:
                    break
            store.release()
            while sent < size:
                writer.write(piece)
                sent += len(piece)
                await asyncio.wait_for(writer.drain(), 10)
        except (ConnectionError, ssl.SSLError, TimeoutError):
            pass  # the server refused the body and closed the connection
        await asyncio.wait({reading}, timeout=10)
        reading.cancel()
        writer.close()
        return bytes(received)

    for running in serve_in_thread(tmp_path, policies, audit=store):
        received = asyncio.run(pipelined(running))
    answers = received.split(b"HTTP/1.1 ")[1:]
    assert [answer[:3] for answer in answers] == [b"200"] * (PIPELINE_LIMIT - 1) + [b"413"]
    # measured: 16.5 MB before; ~0.7 MB now, as with 2 requests ahead (a read or two, and TLS's buffer)
    assert peak[0] <= 2 * 1024 * 1024, f"{peak[0]} bytes of the queued request's body read ahead"
