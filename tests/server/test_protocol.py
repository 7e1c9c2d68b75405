"""The HTTP protocol (webhook.server_fastpath, webhook.server_run) driven directly with a fake
transport: no socket, no TLS, no thread. What the server reads and writes is seen exactly: when
reading is paused, and every byte written."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
import uvicorn

from server_helpers import FakeAuditStore, admission_review, workload
from webhook.config import Settings
from webhook.policies import PolicySet
from webhook.server import create_app
from webhook import server_fastpath
from webhook.server_fastpath import ReviewHttpProtocol
from webhook.server_run import DrainingServerState, ReadFollowsWriteFlow


class FakeTransport(asyncio.Transport):
    """Records what is written and whether reading is paused."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.reading = True
        self.closed = False

    def write(self, data: Any) -> None:
        assert not self.closed, "written after the close"
        self.written += data

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True

    def is_reading(self) -> bool:
        return self.reading

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 40000), "sockname": ("127.0.0.1", 8443)}.get(name, default)

    def responses(self) -> list[bytes]:
        """The status lines written, in order."""
        return re.findall(rb"HTTP/1\.1 [0-9]{3} [^\r]*", bytes(self.written))


class HeldAuditStore(FakeAuditStore):
    """Holds each review's answer until ``release()``: requests pipelined behind it queue up."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Callable[[BaseException | None], None]] = []

    def submit_then(self, decision: Any, latency_ms: float, then: Callable[[BaseException | None], None]) -> bool:
        self.record(decision, latency_ms)
        self.held.append(then)
        return True

    def release(self) -> None:
        for then in self.held:
            then(None)
        self.held.clear()


def run_protocol(policies: PolicySet, audit: Any, body: Callable[[ReviewHttpProtocol, FakeTransport], Awaitable[None]],
                 keep_alive: float = 5.0) -> None:
    """Runs ``body`` on a connected protocol of a webhook app (no TLS: the fast path is the same)."""

    async def main() -> None:
        settings = Settings(tls_cert=Path("unused.crt"), tls_key=Path("unused.key"), reload_interval=0)
        app = create_app(settings, policies=policies, audit=audit)
        config = uvicorn.Config(app, http=ReviewHttpProtocol, lifespan="off", log_config=None,
                                proxy_headers=False, access_log=False, timeout_keep_alive=keep_alive)  # type: ignore[arg-type]
        config.load()
        protocol = ReviewHttpProtocol(config=config, server_state=DrainingServerState(), app_state={},
                                      _loop=asyncio.get_running_loop())
        transport = FakeTransport()
        protocol.connection_made(transport)
        try:
            await body(protocol, transport)
        finally:
            protocol.connection_lost(None)

    asyncio.run(main())


async def settle(until: Callable[[], bool]) -> None:
    """Let the loop run (tasks and threads of the ASGI path) until ``until()``: at most 5 s."""
    for _ in range(500):
        if until():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the protocol did not get there: {until}")


def review_request(uid: str) -> bytes:
    body = orjson.dumps(admission_review(workload("Pod", True), "CREATE", uid=uid))
    return (b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n" % len(body)) + body


HEALTHZ = b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n"


# -- flow control: reading resumes only once no reason to pause it holds ----------------------------

def test_the_client_reading_its_answers_does_not_resume_reading_a_queued_request_paused(policies: PolicySet) -> None:
    # a review waits for its audit commit; a request pipelined behind it is queued, and uvicorn
    # paused reading for it. The client then stops reading (the write buffer fills) and reads again:
    # reading was resumed though the request was still queued, and more requests were read ahead
    store = HeldAuditStore()

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(review_request("held") + HEALTHZ)
        assert store.held and len(protocol.pipeline) == 1 and not transport.reading
        protocol.pause_writing()
        protocol.resume_writing()
        assert not transport.reading, "resuming writing resumed reading while a request is queued"
        store.release()  # the review's answer goes out, the queued request starts
        await settle(lambda: len(transport.responses()) == 2)
        assert transport.reading and transport.responses() == [b"HTTP/1.1 200 OK"] * 2

    run_protocol(policies, store, body)


def test_reading_resumes_only_once_every_reason_to_pause_it_is_gone() -> None:
    transport = FakeTransport()
    flow = ReadFollowsWriteFlow(transport)
    flow.pause_reading()  # uvicorn: a request's body is past its mark
    flow.pause_writing()
    flow.resume_writing()  # the client read its answers: the body is still unread
    assert not transport.reading
    flow.resume_reading()  # uvicorn: the handler read the body
    assert transport.reading
    flow.pause_writing()
    flow.pause_reading()
    flow.resume_reading()  # uvicorn: an answer went out; the client still reads nothing
    assert not transport.reading
    flow.resume_writing()
    assert transport.reading
    for reason in ("held", "queued_body"):  # set by the fast path: neither resumes it
        flow = ReadFollowsWriteFlow(transport)
        setattr(flow, reason, True)
        flow.pause_reading()
        flow.pause_writing()
        flow.resume_writing()
        flow.resume_reading()
        assert not transport.reading


# -- one answer per request: an error that closes the connection after an early answer says nothing --

@pytest.mark.parametrize("split", [False, True], ids=["one-piece", "chunk-later"])
def test_a_broken_chunk_after_an_early_415_gets_no_second_answer(policies: PolicySet, split: bool) -> None:
    # the fast path answers the wrong content type at once (415; it used to keep the connection and
    # discard the body, now it closes it); a broken chunk of that body then got a 400 of its own:
    # two answers to one request, the second read by the client as the answer to its next request
    head = (b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\n"
            b"transfer-encoding: chunked\r\n\r\n")
    chunks = b"5\r\n{\"a\":\r\nZZ\r\n"

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        if split:
            protocol.data_received(head)
            assert transport.responses() == [b"HTTP/1.1 415 Unsupported Media Type"]
            protocol.data_received(chunks)
        else:
            protocol.data_received(head + chunks)
        await asyncio.sleep(0)  # a write left for the end of the loop turn goes out
        assert transport.responses() == [b"HTTP/1.1 415 Unsupported Media Type"]
        assert transport.closed
        protocol.data_received(HEALTHZ)  # nothing more is read
        await asyncio.sleep(0)
        assert len(transport.responses()) == 1

    run_protocol(policies, FakeAuditStore(), body)


@pytest.mark.parametrize("head, status", [
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\nexpect: 100-continue\r\n"
                 b"transfer-encoding: chunked\r\n\r\n", b"415", id="asgi-415"),
    pytest.param(b"POST /nowhere HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                 b"transfer-encoding: chunked\r\n\r\n", b"404", id="asgi-404"),
])  # fmt: skip
def test_a_broken_chunk_after_the_asgi_apps_answer_gets_no_second_answer(policies: PolicySet, head: bytes, status: bytes) -> None:
    # the same on the ASGI path: the app answers before reading the body (uvicorn discards the rest)
    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(head)
        await settle(lambda: len(transport.responses()) == 1)
        protocol.data_received(b"5\r\n{\"a\":\r\nZZ\r\n")
        await asyncio.sleep(0)
        assert [line.split()[1] for line in transport.responses()] == [status]
        assert transport.closed

    run_protocol(policies, FakeAuditStore(), body)


# -- a broken body of a queued request is answered in its turn -----------------------------------

@pytest.mark.parametrize("path", [b"/validate", b"/nowhere"])
def test_a_broken_body_of_a_queued_request_is_answered_after_the_answers_before_it(policies: PolicySet, path: bytes) -> None:
    # a review waits for its audit commit; a request pipelined behind it (queued: the ASGI path,
    # for /validate too) has a broken chunk. Its 400 went out at once and closed the connection: the
    # recorded review and the request queued between them were never answered
    store = HeldAuditStore()
    broken = (b"POST " + path + b" HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
              b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n")

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        metrics = protocol.review_routes[b"/validate"].state.metrics
        label = "validate" if path == b"/validate" else "unknown"
        counted = metrics.bad_requests.labels(label, "400")._value.get()
        protocol.data_received(review_request("held") + HEALTHZ + broken)
        await asyncio.sleep(0)
        assert transport.responses() == [] and not transport.closed and store.held
        store.release()
        await settle(lambda: transport.closed)
        assert transport.responses() == [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK", b"HTTP/1.1 400 Bad Request"]
        assert b'"uid":"held"' in transport.written and b'{"status":"ok"}' in transport.written
        assert metrics.bad_requests.labels(label, "400")._value.get() == counted + 1  # counted once

    run_protocol(policies, store, body)


# -- an answer before the request's body was read closes the connection, and says so ----------------

def _head(transport: FakeTransport) -> bytes:
    return bytes(transport.written).split(b"\r\n\r\n", 1)[0].lower()


@pytest.mark.parametrize("head, status", [
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\ncontent-length: 20\r\n\r\n",
                 b"415", id="fast-415"),
    pytest.param(b"POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n"
                 b"transfer-encoding: chunked\r\n\r\n", b"415", id="fast-415-chunked"),
    pytest.param(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\nexpect: 100-continue\r\n"
                 b"content-length: 20\r\n\r\n", b"415", id="asgi-415-expect"),
    pytest.param(b"POST /nowhere HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n",
                 b"404", id="asgi-404"),
    pytest.param(b"POST /nowhere HTTP/1.1\r\nhost: localhost\r\nexpect: 100-continue\r\ncontent-length: 20\r\n\r\n",
                 b"404", id="asgi-404-expect"),
    pytest.param(b"PUT /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                 b"transfer-encoding: chunked\r\n\r\n", b"405", id="asgi-405-chunked"),
])  # fmt: skip
def test_an_answer_before_the_body_was_read_says_connection_close(policies: PolicySet, head: bytes, status: bytes) -> None:
    # the client need not send the body now (after Expect: 100-continue it may not): the bytes it
    # sends next could be read as that body. The answer said keep-alive, then the connection waited
    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(head)
        await settle(lambda: len(transport.responses()) == 1)
        await asyncio.sleep(0)
        assert [line.split()[1] for line in transport.responses()] == [status]
        assert b"\r\nconnection: close" in _head(transport)
        assert transport.closed
        assert b"100 continue" not in bytes(transport.written).lower()

    run_protocol(policies, FakeAuditStore(), body)
    if head.startswith(b"POST /nowhere") and b"content-length: 20" in head:
        # the whole body in the same read: the ASGI app answers once the parser has it all, and the
        # connection's framing is known: it stays open for the next request
        async def whole(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
            protocol.data_received(head + b"x" * 20)
            await settle(lambda: len(transport.responses()) == 1)
            assert b"connection:" not in _head(transport) and not transport.closed
            protocol.data_received(HEALTHZ)
            await settle(lambda: len(transport.responses()) == 2)
            assert transport.responses()[1] == b"HTTP/1.1 200 OK" and not transport.closed

        run_protocol(policies, FakeAuditStore(), whole)


# -- what mutation testing found untested (webhook.server_fastpath) ---------------------------------

def _bad_requests(protocol: ReviewHttpProtocol, endpoint: str, status: str) -> float:
    metrics = protocol.review_routes[b"/validate"].state.metrics
    value: float = metrics.bad_requests.labels(endpoint, status)._value.get()
    return value


def test_reading_resumes_after_an_asgi_answer_whose_last_body_piece_paused_it(policies: PolicySet) -> None:
    # Expect: 100-continue goes to the ASGI path; a last body piece past uvicorn's 64 KiB mark
    # pauses reading after the handler's last read. The answer must resume it: else the next
    # request on the keep-alive connection is never read (until the keep-alive timeout)
    review = orjson.dumps(admission_review(workload("Pod", True), "CREATE", uid="big"))
    review = review[:-1] + b', "padding": "' + b"x" * 100_000 + b'"}'
    head = (b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
            b"expect: 100-continue\r\ncontent-length: %d\r\n\r\n" % len(review))

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(head)
        await settle(lambda: b"100 Continue" in transport.written)
        protocol.data_received(review)
        await settle(lambda: len(transport.responses()) == 2)
        await asyncio.sleep(0)
        assert transport.responses() == [b"HTTP/1.1 100 Continue", b"HTTP/1.1 200 OK"] and b'"uid":"big"' in transport.written
        assert transport.reading and not transport.closed, "the connection reads no more requests"

    run_protocol(policies, FakeAuditStore(), body)


def test_a_broken_request_after_an_asgi_answer_on_the_same_connection_is_answered_and_counted(policies: PolicySet) -> None:
    # the answer before it came from the ASGI path: its cycle's scope is not the broken request's
    # (whose headers never completed), so the parser's refusal is the only answer and is counted
    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        counted = _bad_requests(protocol, "validate", "400")
        protocol.data_received(HEALTHZ)
        await settle(lambda: len(transport.responses()) == 1)
        protocol.data_received(b"POST /validate HTTP/1.1\r\nhost: localhost\r\nbad header\r\n\r\n")
        await asyncio.sleep(0)
        assert transport.responses() == [b"HTTP/1.1 200 OK", b"HTTP/1.1 400 Bad Request"] and transport.closed
        assert _bad_requests(protocol, "validate", "400") == counted + 1

    run_protocol(policies, FakeAuditStore(), body)


@pytest.mark.parametrize("method, before", [(b"POST", True), (b"GET", False)], ids=["queued", "not-a-post"])
def test_a_broken_body_is_counted_by_the_parser_when_no_endpoint_checked_its_headers(
    policies: PolicySet, method: bytes, before: bool
) -> None:
    # the review endpoint counts the requests its header checks refuse; one that never reached it
    # (queued behind an unanswered review, or not a POST) is counted by the parser's refusal, even
    # when its headers would fail those checks (a wrong content type)
    store = HeldAuditStore()
    broken = (method + b" /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\n"
              b"transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nZZ\r\n")

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        counted = {status: _bad_requests(protocol, "validate", status) for status in ("400", "415")}
        protocol.data_received((review_request("held") if before else b"") + broken)
        store.release()
        await settle(lambda: transport.closed)
        assert transport.responses() == [b"HTTP/1.1 200 OK"] * before + [b"HTTP/1.1 400 Bad Request"]
        assert _bad_requests(protocol, "validate", "400") == counted["400"] + 1
        assert _bad_requests(protocol, "validate", "415") == counted["415"]

    run_protocol(policies, store, body)


def test_the_keep_alive_timer_is_armed_again_after_it_fired_while_a_review_was_answered(policies: PolicySet) -> None:
    # the timer fires while a review waits for its audit commit (the connection is busy: no close);
    # the answer must arm it again, or the idle connection is never closed
    store = HeldAuditStore()

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(review_request("slow"))
        await asyncio.sleep(0.3)  # past the keep-alive timeout: the timer fired
        assert not transport.closed and store.held
        store.release()
        assert transport.responses() == [b"HTTP/1.1 200 OK"]
        await settle(lambda: transport.closed)

    run_protocol(policies, store, body, keep_alive=0.1)


def test_a_refused_connection_reads_nothing_more_while_the_answers_before_it_go_out(policies: PolicySet) -> None:
    # bytes the parser rejects behind queued requests: their answers go out first, and each one
    # resumed reading (uvicorn, before starting the next): reading stays held until the close
    store = HeldAuditStore()

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(review_request("held") + HEALTHZ + b"NOT HTTP\r\n\r\n")
        assert not transport.reading
        store.release()  # the review's answer; the queued /healthz starts
        assert not transport.reading, "reading resumed on a connection whose next bytes are refused"
        await settle(lambda: transport.closed)
        assert transport.responses() == [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK", b"HTTP/1.1 400 Bad Request"]

    run_protocol(policies, store, body)


def test_a_client_gone_mid_body_is_not_answered_nor_counted_when_the_body_timeout_passes(
    policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_fastpath, "BODY_TIMEOUT", 0.05)
    request = review_request("gone")

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        counted = _bad_requests(protocol, "validate", "408")
        protocol.data_received(request[:-10])  # the body's last bytes never come
        assert protocol.call is not None and protocol.call.timer is not None
        transport.closed = True
        protocol.connection_lost(None)
        await asyncio.sleep(0.2)
        assert transport.responses() == []
        assert _bad_requests(protocol, "validate", "408") == counted

    run_protocol(policies, FakeAuditStore(), body)


def test_shutdown_closes_a_connection_idle_after_a_fast_path_answer(policies: PolicySet) -> None:
    # uvicorn's graceful stop waits for every connection to close: one left open waits for the
    # keep-alive timeout or the graceful timeout (30 s) instead
    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(review_request("done"))
        await settle(lambda: len(transport.responses()) == 1)
        assert transport.responses() == [b"HTTP/1.1 200 OK"] and not transport.closed
        protocol.shutdown()
        assert transport.closed

    run_protocol(policies, FakeAuditStore(), body)


@pytest.mark.parametrize("extra", [b"", b"expect: 100-continue\r\n"], ids=["fast", "asgi-expect"])
def test_a_declared_length_over_the_limit_is_refused_before_any_body_byte(policies: PolicySet, extra: bytes) -> None:
    # the 413 goes out on the headers alone: the client need not send (nor the server read) the body
    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        limit = protocol.review_routes[b"/validate"].state.settings.max_body_bytes
        protocol.data_received(b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                               + extra + b"content-length: %d\r\n\r\n" % (limit + 1))
        await settle(lambda: transport.closed)
        assert transport.responses() == [b"HTTP/1.1 413 Request Entity Too Large"]
        assert b"limit of %d bytes" % limit in transport.written

    run_protocol(policies, FakeAuditStore(), body)


def test_every_transfer_encoding_header_is_checked_not_only_the_last(policies: PolicySet) -> None:
    head = (b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
            b"transfer-encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n")

    async def body(protocol: ReviewHttpProtocol, transport: FakeTransport) -> None:
        protocol.data_received(head)
        await settle(lambda: transport.closed)
        assert transport.responses() == [b"HTTP/1.1 400 Bad Request"]
        assert b"Transfer-Encoding gzip is not supported" in transport.written

    run_protocol(policies, FakeAuditStore(), body)
