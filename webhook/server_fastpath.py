"""The fast path: ``POST /validate`` and ``/mutate`` answered by the HTTP protocol itself.

uvicorn turns every request into an ASGI cycle: a task, an event, message dicts, header checks.
For a constant answer that machinery costs as much as reviewing a Pod. Here the parser callbacks
collect the body of a review request and drive the same :class:`~webhook.server.ReviewEndpoint`
steps (header checks, decide, audit record, finish) with no task; the response is written once.

Everything else goes through ASGI and Starlette as usual: other paths and methods, HTTP/1.0,
``Expect: 100-continue``, upgrades, and any request that arrives while another one on the same
connection is still being answered (pipelining: uvicorn's own queue keeps the order).

Mutual TLS: whether the connection presented a verified client certificate is read once, when
uvicorn hears of the connection (the handshake is done by then); the fast path hands it to
``check_client``, the ASGI path finds it in the scope (``CLIENT_CERTIFICATE_VERIFIED``).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httptools
import orjson

from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, RequestResponseCycle

from webhook.errors import BadRequest
from webhook.server import BODY_TIMEOUT, CLIENT_CERTIFICATE_VERIFIED, BodyTooLarge, ReviewEndpoint, closes_connection
from webhook.server_run import OneWriteHttpProtocol, OneWriteTransport, ReadFollowsWriteFlow


class _NoEvent:
    """uvicorn sets ``cycle.message_event`` when the connection is lost."""

    def set(self) -> None:
        pass


NO_EVENT = _NoEvent()
# railguard_bad_requests_total's endpoint label for a request the HTTP parser refused before its
# path named a review endpoint (a label per path would let callers grow the metric at will)
UNKNOWN_ENDPOINT = "unknown"
# a request's line and header fields (trailers too), at most: httptools has no limit of its own
# (its parser and uvicorn keep whatever a header section that never ends sends, at network speed,
# for as long as the keep-alive or body timeout lets it). kube-apiserver sends well under 1 KiB of
# headers and no trailers; Go's own default limit is 1 MiB.
MAX_HEAD_BYTES = 64 * 1024
# requests queued on one connection behind the one being answered (pipelining), at most: uvicorn
# queues every request it parses and resumes reading after each answer, so a flood of small
# pipelined requests grew its queue (and the server) without bound. kube-apiserver never pipelines.
MAX_PIPELINED = 64


class PipelineFull(Exception):
    """Raised from a parser callback to stop parsing: the request would be queued past the limit."""


class EarlyAnswerCycle(RequestResponseCycle):
    """uvicorn's ASGI cycle, but an answer that starts before the parser has the whole request
    (a 404, 405 or 415 the app sends without reading the body) says ``Connection: close`` and
    closes the connection after it: the client need not send that body (after ``Expect:
    100-continue`` it may not), so whatever it sends next cannot be told from it."""

    async def send(self, message: Any) -> None:
        if self.more_body and not self.response_started:
            self.keep_alive = False  # uvicorn writes the header and closes after the body
        await super().send(message)


class ReviewCall:
    """One review request on the fast path. Stands in for uvicorn's cycle (``self.cycle``) while
    it is being answered, so that a pipelined request behind it waits in uvicorn's queue."""

    __slots__ = ("endpoint", "started", "keep_alive", "body", "answered", "refused", "response_complete", "disconnected", "timer")

    message_event = NO_EVENT

    def __init__(self, endpoint: ReviewEndpoint, started: float, keep_alive: bool) -> None:
        self.endpoint, self.started, self.keep_alive = endpoint, started, keep_alive
        self.body: bytes | bytearray = b""  # the first piece as it came; a bytearray from the second on
        self.answered = False  # refused on its headers: the body is discarded
        self.refused: BadRequest | None = None  # that refusal, until its answer is written
        self.response_complete = False
        self.disconnected = False
        self.timer: asyncio.TimerHandle | None = None


class ReviewHttpProtocol(OneWriteHttpProtocol):
    """uvicorn's protocol (one write, TCP_NODELAY) with the review endpoints on a fast path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = getattr(self.app, "hot_routes", None)
        self.review_routes: dict[bytes, ReviewEndpoint] = (
            {path.encode(): endpoint for path, endpoint in routes.items()} if isinstance(routes, dict) else {}
        )
        self.call: ReviewCall | None = None
        self.closing = False  # shutdown was asked while a review was being answered
        # keep-alive: one timer per connection, pushed back lazily (uvicorn arms a new timer per
        # answer and cancels it on the next request's first bytes: ~4 us a review). It also ends a
        # connection that sends nothing, or only part of a request's headers, for that long: uvicorn
        # times neither (a connection could be held open for ever).
        self.idle_since = -1.0  # when the connection opened or the last answer went out; -1 once a request's headers are in
        self.idle_timer: asyncio.TimerHandle | None = None
        self.unparsable: tuple[int, str] | None = None  # an error answer waiting for the answer before it to go out
        # header fields kept in memory: see data_received
        self.message_open = False  # a request has begun and is not complete
        self.messages = 0  # requests begun on this connection
        self.fields_bytes = 0  # bytes of the open request read since its start or its last body bytes
        self.body_fed = False  # the parser handed over body bytes during the current data_received
        self.client_certificate_verified = False
        self.url = b""  # uvicorn sets it when a request begins; a parse error can come before
        self.unstarted: Any = None  # a queued request taken off the queue: its body is broken

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # once per connection: uvicorn hears of it after the TLS handshake, which has verified a
        # presented client certificate against the client CA (one that fails ends the handshake)
        self.client_certificate_verified = bool(transport.get_extra_info("peercert"))
        super().connection_made(transport)
        self.idle_since = self.loop.time()
        self.idle_timer = self.loop.call_later(self.timeout_keep_alive, self._idle_check)

    # -- parser callbacks ------------------------------------------------------------------------
    def on_message_begin(self) -> None:
        # uvicorn's, less the ASGI scope (a dict and a copy of the app state per request), which
        # the fast path never reads: ``_asgi_scope`` builds it once the request goes to ASGI
        self.url = b""
        self.expect_100_continue = False
        self.headers = []
        self.scope = None  # type: ignore[assignment]
        self.message_open, self.fields_bytes = True, 0
        self.messages += 1

    def _asgi_scope(self) -> None:
        """The scope uvicorn's ``on_message_begin`` builds (its own ``on_headers_complete`` fills in
        the rest), with whether the connection presented a verified client certificate."""
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": self.asgi_version, "spec_version": "2.3"},
            "http_version": "1.1",
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,
            "root_path": self.root_path,
            "headers": self.headers,
            "state": self.app_state.copy(),
            CLIENT_CERTIFICATE_VERIFIED: self.client_certificate_verified,
        }
        self.scope = scope  # type: ignore[assignment]

    def on_headers_complete(self) -> None:
        self.idle_since = -1.0
        call = self._review_call()
        if call is None:
            if len(self.pipeline) >= MAX_PIPELINED:  # a request would be queued past the limit
                self._refuse(429, f"more than {MAX_PIPELINED} pipelined requests waiting on one connection")
                raise PipelineFull  # stops the parser: nothing more is parsed nor kept
            self._asgi_scope()
            super().on_headers_complete()
            return
        self.call = self.cycle = call  # type: ignore[assignment]
        try:
            call.endpoint.check_client(self.client_certificate_verified)
            call.endpoint.check_headers(self.headers)
        except BadRequest as exc:
            if closes_connection(exc):
                self._answer_early(call, exc)  # the body is not to be read, or its framing not trusted
            else:  # answered once this read is parsed: after the whole body if it came with the headers
                call.answered, call.refused = True, exc

    def on_body(self, body: bytes) -> None:
        self.body_fed, self.fields_bytes = True, 0
        call = self.call
        if call is None or call.response_complete:
            super().on_body(body)  # pauses reading past HIGH_WATER_LIMIT of the body
            if self.pipeline and len(self.cycle.body) > HIGH_WATER_LIMIT:  # self.cycle: the request queued last
                flow = self.flow
                if isinstance(flow, ReadFollowsWriteFlow):
                    flow.queued_body = True  # the rest waits for its turn: its handler reads it then
            return
        if call.answered:
            return  # discarded: the answer is out already
        received = call.body
        if not received:
            received = call.body = body  # a review's body comes in one piece: kept, not copied
        elif type(received) is bytes:
            received = call.body = bytearray(received)
            received += body
        else:
            received += body
        if len(received) > call.endpoint.state.settings.max_body_bytes:
            self._answer_early(call, BodyTooLarge(call.endpoint.state.settings.max_body_bytes))

    def on_message_complete(self) -> None:
        self.message_open = False
        call = self.call
        if call is None or call.response_complete:
            super().on_message_complete()
            return
        if call.timer is not None:
            call.timer.cancel()
            call.timer = None
        if call.answered:
            refused = call.refused
            if refused is None:
                self._complete(call)
            else:  # refused on its headers and now read whole: the connection stays usable
                call.refused = None
                self._respond(call, *call.endpoint.reject(refused))
            return
        self._review(call)

    def data_received(self, data: bytes) -> None:
        if self.unparsable is not None:
            return  # the parser is spent and an error answer is waiting: nothing more is kept
        # what the parser keeps besides the body: a request's line and headers, and its trailers
        # (after the last chunk). Counted are the bytes read since the request began or its body
        # last grew: a piece read while the same request was open before and after it, and that
        # held no body bytes (a piece in which a request began, or which held body, is not counted:
        # at most one read more). Chunk size lines are reset by the chunk that follows.
        open_before = self.messages if self.message_open else -1
        self.body_fed = False
        self._unset_keepalive_if_required()
        try:  # uvicorn's data_received, but for a refusal that stopped the parser (PipelineFull)
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        except httptools.HttpParserError:
            if self.unparsable is not None:
                return  # our refusal (PipelineFull): its answer is waiting
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
        if self.message_open and self.messages == open_before and not self.body_fed and not self.transport.is_closing():
            self.fields_bytes += len(data)
            if self.fields_bytes > MAX_HEAD_BYTES:
                self._refuse(431, f"request line and header fields exceed the limit of {MAX_HEAD_BYTES} bytes")
                return
        cycle = self.cycle  # an ASGI request whose body this read did not complete: its app runs after
        if type(cycle) is RequestResponseCycle and cycle.more_body and not cycle.response_started:
            cycle.__class__ = EarlyAnswerCycle  # it, and may answer before the rest comes
        call = self.call  # still set: the body is not complete yet
        if call is not None and call.refused is not None:
            self._answer_early(call, call.refused)  # refused on its headers, and its body not all read
            return
        if call is not None and call.timer is None and not self.transport.is_closing():
            # a body in several pieces: bounded in time, a trickling client cannot hold us
            call.timer = self.loop.call_later(BODY_TIMEOUT, self._body_timeout, call)

    # -- answering -------------------------------------------------------------------------------
    def _review_call(self) -> ReviewCall | None:
        """A ReviewCall when this request can take the fast path, else None."""
        if not self.review_routes or self.parser.get_method() != b"POST":
            return None
        endpoint = self.review_routes.get(self.url.split(b"?", 1)[0])
        if endpoint is None or self.expect_100_continue or self.parser.get_http_version() != "1.1":
            return None
        busy = self.cycle is not None and not self.cycle.response_complete
        if busy or self.call is not None or self.parser.should_upgrade():
            return None
        return ReviewCall(endpoint, time.perf_counter(), bool(self.parser.should_keep_alive()))

    def _review(self, call: ReviewCall) -> None:
        endpoint = call.endpoint
        body = call.body  # orjson reads a bytearray as it is
        call.body = b""
        try:
            api_version, request, decision = endpoint.decide(body)
        except BadRequest as exc:
            self._respond(call, *endpoint.reject(exc))
            return
        except Exception as exc:  # a bug before the review could be read: count it, answer JSON
            self._respond(call, *endpoint.unreadable(exc))
            return
        # the answer may wait for the audit commit: let the objects go now, while they are hot in
        # the cache and before a collection has to scan them (finish() reads the envelope only)
        request.pop("object", None)
        request.pop("oldObject", None)

        def recorded(error: BaseException | None) -> None:
            self._respond(call, 200, endpoint.finish(api_version, request, decision, call.started, error), False)

        try:
            waiting = endpoint.record_then(decision, call.started, recorded)
        except Exception as exc:
            recorded(exc)
            return
        if not waiting:
            recorded(None)
            return
        # the request is read; the connection waits for its answer. No task to track: uvicorn's
        # graceful shutdown waits for this connection, which stays open until it is answered
        self.call = None

    def _answer_early(self, call: ReviewCall, exc: BadRequest) -> None:
        """An error answer before the request's body is read (a 415 on its headers, a 413): it
        says ``Connection: close`` and the connection closes after it. The client need not send
        the rest of the body, so what it sends next could not be told from it."""
        status, payload, _close = call.endpoint.reject(exc)
        call.answered, call.refused = True, None
        self._write(call, status, payload, True)
        call.response_complete = True
        self.call = None
        self.transport.close()

    def _respond(self, call: ReviewCall, status: int, payload: bytes, close: bool) -> None:
        if call.response_complete:
            return
        if not self.transport.is_closing():
            self._write(call, status, payload, close)
        self._complete(call, close)

    def _closes(self, call: ReviewCall, close: bool) -> bool:
        """Whether the connection ends with this answer: also while the server drains, unless a
        request came behind this one (pipelining: that one's answer closes it)."""
        return close or not call.keep_alive or self.closing or (self.draining and self.cycle is call)  # type: ignore[comparison-overlap]

    def _write(self, call: ReviewCall, status: int, payload: bytes, close: bool) -> None:
        response = self._response(status, payload, self._closes(call, close))
        transport = self.transport
        if isinstance(transport, OneWriteTransport):
            transport.write_now(response)  # already one piece: no need to wait for the loop turn's end
        else:  # pragma: no cover - the protocol always wraps its transport
            transport.write(response)

    def _response(self, status: int, payload: bytes, close: bool) -> bytes:
        """A whole JSON response: status line, headers and body."""
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += (name, b": ", value, b"\r\n")
        head.append(b"content-type: application/json\r\ncontent-length: %d\r\n" % len(payload))
        if close:
            head.append(b"connection: close\r\n")
        head += (b"\r\n", payload)
        return b"".join(head)

    def _complete(self, call: ReviewCall, close: bool = False) -> None:
        call.response_complete = True
        if self.call is call:
            self.call = None
        if self._closes(call, close):
            self.transport.close()
            return
        self.on_response_complete()  # counts, resumes reading, starts a queued request, keep-alive timer

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to bytes its parser rejects, as JSON like every other error, and only
        once the answer to the request before them (still waiting for its audit commit) is out."""
        self._refuse(400, "invalid HTTP request: " + msg.rstrip("."))

    def _refuse(self, status: int, message: str) -> None:
        """An error answer to bytes that are no request the server will read (the connection is
        closed after it), once the answer to the request before them is out; none when they belong
        to a request answered already (an early refusal while its body came): the close alone."""
        cycle = self.cycle
        read = cycle is not self.call if isinstance(cycle, ReviewCall) else not getattr(cycle, "more_body", True)
        queued = not read and bool(self.pipeline)  # its own body is broken, and requests before it wait
        if cycle is not None and not cycle.response_complete and (read or queued) and not self.transport.is_closing():
            if self.unparsable is None:
                self.unparsable = (status, message)
                self._hold_reading()  # the parser is spent: nothing more is read
                if queued:  # never started: this answer is its answer, after those before it
                    self.pipeline.popleft()  # the request queued last
                    self.unstarted = cycle
            return
        if self.transport.is_closing():
            return  # a header check refused this request already, and closed the connection
        self.unparsable = (status, message)  # nothing more is read
        self._hold_reading()
        call = self.call
        if call is not None:  # a fast-path request whose body was still coming: this is its answer
            if call.timer is not None:
                call.timer.cancel()
                call.timer = None
            call.response_complete = True
            self.call = None
            answered = call.answered  # answered early (a 415...) while its body came
            if call.refused is not None:  # refused on its headers, its answer not written yet
                self._answer_early(call, call.refused)
                return
        else:  # the ASGI app answered this request before its body was all read (a 404, a 415...)
            answered = (self.message_open and cycle is not None and not isinstance(cycle, ReviewCall)
                        and cycle.response_complete and cycle.scope is self.scope)
        if answered:  # one answer per request: the connection just closes
            self.transport.close()
            return
        self._count_unparsable(status)
        self.transport.write(self._response(status, orjson.dumps({"error": message}), True))
        self.transport.close()

    def _hold_reading(self) -> None:
        """Nothing more is read on this connection: reading stays paused whatever resumes it
        (an answer, a request's body being read, the client reading what was written)."""
        flow = self.flow
        if isinstance(flow, ReadFollowsWriteFlow):
            flow.held = True
        flow.pause_reading()

    def _count_unparsable(self, status: int) -> None:
        """Count the request the parser refused in railguard_bad_requests_total: under the review
        endpoint its path names, else ``UNKNOWN_ENDPOINT``; not when the endpoint's own checks
        refuse it, as they count it themselves."""
        if not self.review_routes:
            return  # not the webhook app: no metrics to count in
        endpoint = self.review_routes.get(self.url.split(b"?", 1)[0])
        if endpoint is not None and self._refused_by(endpoint):
            return
        metrics = (endpoint or next(iter(self.review_routes.values()))).state.metrics
        metrics.bad_requests.labels(endpoint.endpoint if endpoint else UNKNOWN_ENDPOINT, str(status)).inc()

    def _refused_by(self, endpoint: ReviewEndpoint) -> bool:
        """Whether ``endpoint`` refuses (and counts) the request the parser refused: the fast path
        answered it early, or uvicorn started the ASGI app on it, which checks the same headers."""
        cycle = self.cycle
        if isinstance(cycle, ReviewCall):
            return cycle is self.call and cycle.answered
        if cycle is None or cycle.scope is not self.scope or self.scope["method"] != "POST":
            return False  # it never reached the endpoint: its headers were incomplete, or not a POST
        if cycle is self.unstarted or any(queued is cycle for queued, _ in self.pipeline):
            return False  # behind an unanswered request: the connection closes before the app runs
        try:
            endpoint.check_client(self.client_certificate_verified)
            endpoint.check_headers(self.headers)
        except BadRequest:
            return True
        return False

    def on_response_complete(self) -> None:
        """uvicorn's (the fast path's answers and the ASGI path's alike), with the keep-alive
        timer pushed back lazily instead of armed anew."""
        if self.pipeline:
            flow = self.flow
            if len(self.pipeline) == 1 and isinstance(flow, ReadFollowsWriteFlow):
                flow.queued_body = False  # the request queued last starts: its handler reads its body
            super().on_response_complete()  # starts the queued request (no keep-alive timer then)
            return
        if self.unparsable is not None:  # after every request queued before it is answered
            self.server_state.total_requests += 1
            self._refuse(*self.unparsable)
            return
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self.flow.resume_reading()
        self.idle_since = self.loop.time()
        if self.idle_timer is None:
            self.idle_timer = self.loop.call_later(self.timeout_keep_alive, self._idle_check)

    def _idle_check(self) -> None:
        self.idle_timer = None
        if self.idle_since < 0 or self.transport.is_closing():
            return  # a request came since: its answer arms the timer again
        left = self.idle_since + self.timeout_keep_alive - self.loop.time()
        if left > 0:
            self.idle_timer = self.loop.call_later(left, self._idle_check)
        else:
            self.timeout_keep_alive_handler()

    def _body_timeout(self, call: ReviewCall) -> None:
        call.timer = None
        if self.call is not call:
            return
        if not call.answered:
            self._answer_early(call, BadRequest(f"request body not received within {BODY_TIMEOUT:.0f} s", 408))
        call.response_complete = True
        self.call = None
        if not self.transport.is_closing():
            self.transport.close()

    # -- connection ------------------------------------------------------------------------------
    def connection_lost(self, exc: Exception | None) -> None:
        call = self.call
        if call is not None and call.timer is not None:
            call.timer.cancel()
        if self.idle_timer is not None:
            self.idle_timer.cancel()
            self.idle_timer = None
        super().connection_lost(exc)

    def shutdown(self) -> None:
        self.linger_briefly()
        cycle = self.cycle
        if isinstance(cycle, ReviewCall) and not cycle.response_complete:
            self.closing = True  # answer it, then close
            return
        super().shutdown()
