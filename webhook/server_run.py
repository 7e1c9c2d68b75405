"""Running the app: uvicorn over TLS, one write per response, a drain before the stop, JSON logs.

One write: uvicorn writes the status line + headers and the body with two ``transport.write``
calls. Each becomes its own TLS record and TCP segment; against a client with delayed ACKs and a
server with Nagle on, the second segment waits ~40 ms. ``OneWriteTransport`` joins everything
written in one event-loop turn into a single write, and every accepted socket gets TCP_NODELAY.

Drain: a graceful stop closes idle keep-alive connections, and a request a client wrote on one just
then is never read; the client sees the connection end with no answer, and neither Go's net/http
(a POST) nor client-go retries it, so kube-apiserver applies the webhook's failurePolicy. So on the
first SIGTERM/SIGINT the server first drains for ``drain_seconds``: /readyz answers 503, the server
keeps accepting and answering, and every answer says ``Connection: close`` and then closes its
connection, so each client leaves after its current answer, before the stop. A second signal ends
the drain at once.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import signal
import socket
import ssl
import sys
import time
from collections.abc import Callable
from typing import Any

import orjson
import uvicorn
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.server import ServerState

from webhook.audit.record import utc_timestamp
from webhook.config import Settings
from webhook.server_reload import certificate_files, restrict_tls, signature
from webhook.server_tls import HandshakeFailures, alert_on_refusal

if importlib.util.find_spec("httptools") is not None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _BaseProtocol
else:  # pragma: no cover - httptools is a dependency; h11 is uvicorn's pure-Python fallback
    from uvicorn.protocols.http.h11_impl import H11Protocol as _BaseProtocol  # type: ignore[assignment]

log = logging.getLogger("railguard.server")

LOOP = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"

# seconds a connection closed during a graceful stop may wait for the peer's TLS close_notify
# before it is dropped (a peer that answers does so at once)
CLOSE_LINGER = 2.0

_STANDARD_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg and the record's ``extra`` fields. ``ts``
    is RFC 3339 UTC with microseconds, as in the review lines (which carry their audit record's own
    ``ts``): every line of the stream has one format, and sorts in time order."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": utc_timestamp(epoch=record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_RECORD_FIELDS and key != "color_message" and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__  # the type only: messages may quote input
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # each review is logged by the app instead


class OneWriteTransport:
    """Delegates to a transport, joining the writes made in one event-loop turn into one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []
        self._linger: float | None = None  # see linger_at_most
        self._drop: asyncio.TimerHandle | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(bytes(data))

    def write_now(self, data: bytes) -> None:
        """Write at once, after (and joined with) whatever this turn has written so far."""
        self._pending.append(data)
        self._flush()

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def _flush(self) -> None:
        if self._pending:
            data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()
        self._arm_drop()

    def linger_at_most(self, seconds: float) -> None:
        """From now on, drop the connection (abort) if it is still open ``seconds`` after it was
        closed. Closing a TLS connection sends close_notify and waits for the peer's, up to 30 s:
        during a graceful stop a peer that is gone (or never answers) would hold the stop that long."""
        self._linger = seconds
        if self._transport.is_closing():
            self._arm_drop()

    def _arm_drop(self) -> None:
        if self._linger is not None and self._drop is None:
            self._drop = self._loop.call_later(self._linger, self._transport.abort)

    def connection_lost(self) -> None:
        """The protocol heard the connection end: nothing left to drop."""
        if self._drop is not None:
            self._drop.cancel()
            self._drop = None

    def write_eof(self) -> None:
        self._flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._pending.clear()
        self._transport.abort()

    def is_closing(self) -> bool:  # asked several times per request: spare __getattr__
        return self._transport.is_closing()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class DrainingServerState(ServerState):
    """uvicorn's state shared by all connections, with whether the server is draining."""

    def __init__(self) -> None:
        super().__init__()
        self.draining = False


class DrainingServer(uvicorn.Server):
    """uvicorn's server with a drain between the first stop signal and the graceful stop.

    The signal handler only notes the time; the main loop (every 0.1 s) starts the drain, logs, and
    ends it when the time is up or a second signal came (a third SIGINT forces the exit, as in
    uvicorn). ``drain_seconds`` 0: uvicorn's own behaviour, the stop begins at once."""

    def __init__(self, config: uvicorn.Config, drain_seconds: float = 0.0,
                 on_drain: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self.server_state = DrainingServerState()
        self.drain_seconds = drain_seconds
        self.on_drain = on_drain
        self.drain_signalled: float | None = None  # monotonic time of the signal that began the drain
        self.drain_over = False
        self.drain_cut = False  # a second signal came during the drain

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self.drain_seconds > 0 and not self.should_exit:
            if self.drain_signalled is None:
                self._captured_signals.append(sig)  # re-raised (and absorbed) after the stop, as uvicorn does
                self.drain_signalled = time.monotonic()
                return
            self.drain_cut = True  # a second signal: the drain ends, the graceful stop begins
        super().handle_exit(sig, frame)

    async def on_tick(self, counter: int) -> bool:
        state = self.server_state
        assert isinstance(state, DrainingServerState)
        signalled = self.drain_signalled
        if signalled is not None and not self.drain_over:
            if not state.draining:
                self._start_drain(state)
            if self.should_exit or time.monotonic() >= signalled + self.drain_seconds:
                self.drain_over = True  # answers keep closing their connection: the stop follows
                log.info("drain ended", extra={"event": "drain_ended", "cut_short": self.drain_cut,
                                               "connections": len(state.connections)})
                self.should_exit = True
        return await super().on_tick(counter)

    def _start_drain(self, state: DrainingServerState) -> None:
        state.draining = True
        if self.on_drain is not None:
            self.on_drain()
        for connection in list(state.connections):
            if isinstance(connection, OneWriteHttpProtocol):
                connection.drain()
        log.info("draining", extra={"event": "drain_started", "seconds": self.drain_seconds,
                                    "connections": len(state.connections)})


class ReadFollowsWriteFlow(FlowControl):
    """uvicorn's flow control, with reading paused while writing is. uvicorn only makes an ASGI
    response wait while the transport's write buffer is over its high-water mark; the fast path
    answers as it reads, so a client that pipelines requests and never reads the answers made the
    server buffer every answer (tens of MB a second). Now the server stops reading that connection
    until the client has read enough: the client's own sends block instead. ``held``: the
    connection will read nothing more (a refused request); reading is not resumed at all.
    ``queued_body``: the body of a request queued behind others (pipelining) is past uvicorn's
    64 KiB mark; reading waits for its turn (uvicorn resumed reading after each answer before it,
    one read of up to 256 KiB into that body each: ~16 MB before its handler could refuse it).
    ``asked``: uvicorn paused reading (a request queued behind another, a body past its mark) and has
    not resumed it yet. Reading resumes only when no reason holds: writing resuming (the client read
    its answers) once resumed reading whatever else had paused it, so a client could read ahead of a
    queued request by reading a little of its answers."""

    def __init__(self, transport: asyncio.Transport) -> None:
        super().__init__(transport)
        self.held = False
        self.queued_body = False
        self.asked = False

    def pause_reading(self) -> None:
        self.asked = True
        super().pause_reading()

    def pause_writing(self) -> None:
        super().pause_writing()
        super().pause_reading()  # a reason of its own: not ``asked``

    def resume_writing(self) -> None:
        super().resume_writing()
        if self.read_paused and not self.asked and not self.held and not self.queued_body and not self._transport.is_closing():
            self.read_paused = False
            self._transport.resume_reading()

    def resume_reading(self) -> None:  # after each answer: the common case is one comparison
        if self.read_paused:
            self.asked = False
            if not self.write_paused and not self.held and not self.queued_body:
                self.read_paused = False
                self._transport.resume_reading()


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # pragma: no cover - socket already closed
            pass


class OneWriteHttpProtocol(_BaseProtocol):
    """uvicorn's HTTP protocol with TCP_NODELAY and one write per response; while the server
    drains, the answer to a connection's latest request closes it (``Connection: close``)."""

    wrap: Callable[[asyncio.Transport, asyncio.AbstractEventLoop], Any] = OneWriteTransport

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.server_state
        self.drain_state = state if isinstance(state, DrainingServerState) else None
        self.drain_marked: Any = None  # the ASGI cycle this protocol set to close for the drain

    @property
    def draining(self) -> bool:
        return self.drain_state is not None and self.drain_state.draining

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.draining:
            self.drain()

    def drain(self) -> None:
        """The server drains: the answer to the latest request on this connection closes it. An
        earlier one still unanswered (pipelining) keeps the connection open for the one after it."""
        marked, cycle = self.drain_marked, self.cycle
        if marked is not None and marked is not cycle and not marked.response_started:
            marked.keep_alive = True  # a request came behind it: not the last answer any more
            self.drain_marked = None
        if (cycle is not None and hasattr(cycle, "response_started") and cycle.keep_alive
                and not cycle.response_started and not cycle.response_complete):
            cycle.keep_alive = False  # uvicorn then writes Connection: close and closes after the body
            self.drain_marked = cycle

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(type(self).wrap(transport, asyncio.get_running_loop()))
        self.flow = ReadFollowsWriteFlow(self.transport)

    def connection_lost(self, exc: Exception | None) -> None:
        transport = getattr(self, "transport", None)
        if isinstance(transport, OneWriteTransport):
            transport.connection_lost()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        self.linger_briefly()
        super().shutdown()

    def linger_briefly(self) -> None:
        """A graceful stop began: once closed, this connection is dropped after ``CLOSE_LINGER``
        seconds if the peer has not completed the TLS close by then (answers are never cut: the
        connection is closed only once its request is answered)."""
        transport = self.transport
        if isinstance(transport, OneWriteTransport):
            transport.linger_at_most(CLOSE_LINGER)


def uvicorn_config(app: Any, settings: Settings, log_level: str = "info") -> uvicorn.Config:
    """A loaded uvicorn config for ``app``: TLS from ``settings``, one worker, no access log."""
    if settings.tls_cert is None or settings.tls_key is None:
        raise ValueError("a TLS certificate and key are required")
    from webhook.server_fastpath import ReviewHttpProtocol  # it builds on this module

    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=ReviewHttpProtocol,
        proxy_headers=False,  # kube-apiserver calls directly; no X-Forwarded-* to trust
        loop=LOOP,
        lifespan="on",
        workers=1,
        access_log=False,
        log_config=None,
        log_level=log_level,
        server_header=False,
        timeout_keep_alive=75,  # kube-apiserver reuses connections; avoid a handshake per call
        timeout_graceful_shutdown=30,
        ssl_certfile=str(settings.tls_cert),
        ssl_keyfile=str(settings.tls_key),
        ssl_ca_certs=str(settings.tls_client_ca) if settings.tls_client_ca else None,
        # mutual TLS: a certificate that is presented must verify against the client CA (else no
        # handshake), but none is required here: probes and scrapes come without one, and the
        # admission endpoints refuse a connection that presented none (403)
        ssl_cert_reqs=ssl.CERT_OPTIONAL if settings.tls_client_ca else ssl.CERT_NONE,
    )
    state = getattr(getattr(app, "state", None), "railguard", None)
    if state is not None:  # the state of the files before uvicorn reads them: a change made meanwhile is reloaded
        state.loaded_from["certificate"] = signature(certificate_files(settings.tls_cert, settings.tls_key, settings.tls_client_ca))
    config.load()
    assert config.ssl is not None
    restrict_tls(config.ssl, mutual=settings.tls_client_ca is not None)
    metrics = getattr(state, "metrics", None)
    alert_on_refusal(config.ssl, HandshakeFailures(metrics.tls_handshake_failures) if metrics is not None else None)
    return config


def serve(app: Any, settings: Settings, log_level: str = "info") -> int:
    """Run until SIGTERM/SIGINT: a drain of ``settings.drain_seconds`` (see ``DrainingServer``),
    then uvicorn stops accepting, finishes in-flight requests, and the app's shutdown flushes and
    closes the audit store."""
    try:
        config = uvicorn_config(app, settings, log_level)
    except (OSError, ssl.SSLError, ValueError) as exc:
        print(f"railguard serve: cannot load the TLS certificate/key: {exc}", file=sys.stderr)
        return 2
    app.state.railguard.ssl_context = config.ssl  # reloaded in place when the files change
    state = app.state.railguard

    def on_drain() -> None:
        state.draining = True  # /readyz: 503

    server = DrainingServer(config, settings.drain_seconds, on_drain)
    # uvicorn re-raises the stop signal once it has drained; with these no-op handlers in place
    # the re-raised signal is absorbed and a graceful stop exits 0.
    previous = {sig: signal.signal(sig, _absorb) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if server.started else 1


def _absorb(signum: int, frame: Any) -> None:
    log.debug("signal after shutdown ignored", extra={"event": "signal", "signal": signum})
