"""The admission webhook as an ASGI app: thin endpoints around ``review()``.

``POST /validate`` and ``POST /mutate`` take an AdmissionReview (v1 or v1beta1, answered in the
version it came in). A call that is not a readable AdmissionReview gets a 4xx with a JSON
``{"error": ...}`` body; a readable one always gets an AdmissionReview back (an unexpected
internal error answers ``allowed: false``, code 500: fail closed). ``/healthz``, ``/readyz`` and
``/metrics`` serve operations. With mutual TLS (a client CA), ``/validate`` and ``/mutate`` answer
only a connection that presented a client certificate the CA signed (403 otherwise); the TLS layer
refuses a certificate it did not sign, and lets a client without one reach the other endpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import ssl
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from webhook.admission import Decision, read_review, review, text_field, to_response
from webhook.audit.base import AuditStore, unready_reason
from webhook.audit.redact import redact
from webhook.audit.reviewlog import line_for_decision
from webhook.config import ClusterConfig, Settings
from webhook.errors import AuditError, BadRequest
from webhook.policies import PolicySet
from webhook.server_metrics import ServerMetrics
from webhook.server_reload import (
    Library,
    Signature,
    Watch,
    certificate_files,
    library_files,
    load_certificate,
    load_library,
    signature,
    watch_forever,
)
from webhook.types import AdmissionRequest, Mode
from webhook.workloads import HIDDEN_NAMESPACE, HIDDEN_TEXT, name_credential, shown_object_name, shown_request_text, shown_request_uid

GC_YOUNG_THRESHOLD = 20_000
log = logging.getLogger("railguard.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BODY_TIMEOUT = 10.0  # seconds to receive a body that arrives in pieces (kube-apiserver's own limit is 30 s)
INTERNAL_ERROR_MESSAGE = "railguard internal error while reviewing this request; it is refused (fail closed)"
# ASGI scope key: True when the connection presented a client certificate that verified against the
# client CA (set by the HTTP protocol, webhook.server_fastpath; absent: no certificate)
CLIENT_CERTIFICATE_VERIFIED = "railguard.client_certificate_verified"
AUDIT_DENY_MESSAGE = (
    "railguard could not record this decision in its audit trail and refuses the request "
    "(audit failure policy: deny); retry later or contact the platform team"
)


@dataclass
class ServerState:
    """What the endpoints share. ``library`` is replaced as a whole on reload (atomic swap)."""

    settings: Settings
    library: Library
    metrics: ServerMetrics
    audit: AuditStore | None = None
    ssl_context: ssl.SSLContext | None = None
    draining: bool = False  # a stop signal came: the drain before the stop (webhook.server_run)
    watcher: asyncio.Task[None] | None = field(default=None, repr=False)
    # what: the state of its files taken just before they were loaded at start-up (``signature``;
    # set by create_app and webhook.server_run.uvicorn_config), the watcher's starting point
    loaded_from: dict[str, Signature] = field(default_factory=dict, repr=False)


class ClientGone(Exception):
    """The client disconnected before sending the whole body."""


class BodyTooLarge(BadRequest):
    """413, before or while reading the body."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"body exceeds the limit of {limit} bytes", 413)


class UnsupportedTransferCoding(BadRequest):
    """A Transfer-Encoding other than chunked: 400 (RFC 9112 6.1 suggests 501, but no input gets a
    5xx here: monitoring reads 5xx as the webhook failing; uvicorn's parser already answers 400 when
    chunked is not the last coding). The connection is closed after the answer: its framing is not
    trusted."""

    def __init__(self, codings: list[bytes]) -> None:
        unknown = next(c for c in codings if c != b"chunked")
        super().__init__(f"Transfer-Encoding {_shown(unknown)} is not supported (only chunked)")


class ClientCertificateRequired(BadRequest):
    """403: mutual TLS is on and the connection presented no client certificate (one that does
    not verify never gets past the TLS handshake)."""

    def __init__(self) -> None:
        super().__init__(
            "a client certificate signed by the configured client CA is required for this endpoint (mutual TLS)", 403
        )


def create_app(
    settings: Settings,
    *,
    audit: AuditStore | None = None,
    policies: PolicySet | None = None,
    config: ClusterConfig | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> Starlette:
    """The webhook app. Without ``policies``, loads ``settings.policy_dirs`` and
    ``settings.config_file`` (raising ``PolicyError`` when they are invalid). ``ssl_context`` is
    the serving context whose certificate is reloaded when the files change (None: no TLS here,
    /readyz reports the certificate as not loaded)."""
    loaded_from: dict[str, Signature] = {}
    if policies is None:
        # the state of the files before they are read: a change made while they are is reloaded
        loaded_from["policies"] = signature(library_files(settings.policy_dirs, settings.config_file))
        library = load_library(settings.policy_dirs, settings.config_file)
    else:
        library = Library(policies, config if config is not None else ClusterConfig())
    state = ServerState(settings, library, ServerMetrics(), audit, ssl_context, loaded_from=loaded_from)
    state.metrics.policies_loaded.set(len(library.policies))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        attach = getattr(state.audit, "attach", None)
        if attach is not None:  # the writer process: its health probes reach /readyz before any review
            attach()
        watches = _watches(state)
        if watches and settings.reload_interval > 0:
            state.watcher = asyncio.create_task(watch_forever(watches, settings.reload_interval))
        flusher = asyncio.create_task(_flush_logs_forever())
        gc.collect()
        gc.freeze()  # startup objects (policies, modules) leave the collector's scans: shorter pauses
        # a review allocates a few hundred containers and frees them by reference counting; the
        # default threshold (700) would run a young collection every other review for nothing
        gc.set_threshold(GC_YOUNG_THRESHOLD)
        log.info("ready", extra={"event": "started", "policies": len(state.library.policies),
                                  "policy_digest": state.library.policies.digest, **_whereabouts(settings)})
        try:
            yield
        finally:
            for task in (state.watcher, flusher):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            _flush_stdout()
            if state.audit is not None:
                aclose = getattr(state.audit, "aclose", None)
                if aclose is not None:  # the writer process: commits what it was sent, then exits
                    await aclose()
                else:
                    await asyncio.to_thread(_close_audit, state.audit)
            log.info("stopped", extra={"event": "stopped"})

    validate, mutate = ReviewEndpoint(state, "validate"), ReviewEndpoint(state, "mutate")
    app = WebhookApp(
        {"/validate": validate, "/mutate": mutate},
        routes=[
            Route("/validate", validate, methods=["POST"]),
            Route("/mutate", mutate, methods=["POST"]),
            Route("/healthz", _healthz, methods=["GET"]),
            Route("/readyz", _readyz_for(state), methods=["GET"]),
            Route("/metrics", _metrics_for(state), methods=["GET"]),
        ],
        exception_handlers={HTTPException: _http_error},  # 404/405 as JSON too
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False  # "/validate/" is a wrong path (404), not a redirect to a host we do not know
    app.state.railguard = state
    return app


class WebhookApp(Starlette):
    """Starlette, with ``POST /validate`` and ``/mutate`` dispatched straight to their endpoint:
    the hot path skips the middleware stack and route matching (every other call goes through
    them; the endpoints never raise)."""

    def __init__(self, hot_routes: dict[str, ReviewEndpoint], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hot_routes = hot_routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self.hot_routes.get(scope["path"])
            if endpoint is not None:
                scope["app"] = self
                await endpoint(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def _whereabouts(settings: Settings) -> dict[str, str]:
    """Where the server's files are, for its start-up log line: the certificate and key paths
    (never their contents), the client CA's, under ``--dev`` the CA a client trusts, and the audit
    store's URL with its password and secret parameters hidden."""
    out: dict[str, str] = {}
    for name, path in (("tls_cert", settings.tls_cert), ("tls_key", settings.tls_key), ("tls_client_ca", settings.tls_client_ca)):
        if path is not None:
            out[name] = str(path)
    cert = settings.tls_cert
    if settings.dev and cert is not None:
        from webhook.certs import CA_FILE, CERT_FILE  # cryptography: only where --dev made the files

        if cert.name == CERT_FILE and cert.with_name(CA_FILE).is_file():
            out["ca"] = str(cert.with_name(CA_FILE))  # the dev CA, for curl --cacert
    out["audit"] = redact(settings.audit_url)
    return out


def _close_audit(store: AuditStore) -> None:
    try:
        store.flush()
        store.close()
    except Exception as exc:  # shutting down: report, do not raise
        log.error("audit close failed", extra={"event": "audit_close_failed", "error": type(exc).__name__})


def _watches(state: ServerState) -> list[Watch]:
    settings, metrics = state.settings, state.metrics
    ok = lambda what: metrics.reloads.labels(what).inc()  # noqa: E731
    failed = lambda what: metrics.reload_failures.labels(what).inc()  # noqa: E731

    def reload_library() -> None:
        library = load_library(settings.policy_dirs, settings.config_file)
        state.library = library
        metrics.policies_loaded.set(len(library.policies))

    watches = [
        Watch(
            "policies",
            library_files(settings.policy_dirs, settings.config_file),
            reload_library,
            ok,
            failed,
            seen=state.loaded_from.get("policies"),
        )
    ]
    context = state.ssl_context
    cert, key, client_ca = settings.tls_cert, settings.tls_key, settings.tls_client_ca
    if context is not None and cert is not None and key is not None:
        # on the loop thread: handshakes read the context there, and loading PEM files is quick
        watches.append(
            Watch("certificate", certificate_files(cert, key, client_ca), lambda: load_certificate(context, cert, key, client_ca),
                  ok, failed, in_thread=False, seen=state.loaded_from.get("certificate"))
        )
    return watches


def _json(status: int, payload: Any) -> Response:
    return Response(orjson.dumps(payload), status, media_type="application/json")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return Response(
        orjson.dumps({"error": exc.detail}), exc.status_code, headers=exc.headers, media_type="application/json"
    )


async def _healthz(request: Request) -> Response:
    return _json(200, {"status": "ok"})


def _readyz_for(state: ServerState) -> Callable[[Request], Awaitable[Response]]:
    async def readyz(request: Request) -> Response:
        if state.draining:  # stopping: out of the Service's endpoints, at once
            return _json(503, {"status": "not ready", "checks": {"shutdown": "draining"}})
        checks = {
            "policies": "ok" if len(state.library.policies) > 0 else "no policies loaded",
            "audit": "ok" if state.audit is None or await asyncio.to_thread(_writable, state.audit) else _unwritable(state.audit),
            "certificate": "ok" if state.ssl_context is not None else "not loaded",
        }
        if state.audit is None:
            checks["audit"] = "disabled"
        ready = all(v in ("ok", "disabled") for v in checks.values())
        return _json(200 if ready else 503, {"status": "ready" if ready else "not ready", "checks": checks})

    return readyz


def _unwritable(store: AuditStore | None) -> str:
    reason = unready_reason(store)
    return "not writable" if reason is None else f"not writable: {reason}"


def _writable(store: AuditStore) -> bool:
    try:
        return bool(store.writable())
    except Exception:
        return False


def _metrics_for(state: ServerState) -> Callable[[Request], Awaitable[Response]]:
    async def metrics(request: Request) -> Response:
        return Response(state.metrics.render(), 200, media_type="text/plain; version=0.0.4; charset=utf-8")

    return metrics


class ReviewEndpoint:
    """``POST /validate`` or ``/mutate``: a raw ASGI endpoint (bounded body read, one response).

    Its steps are also driven, without ASGI, by the HTTP protocol's fast path
    (:mod:`webhook.server_fastpath`): ``check_client``, ``check_headers``, ``decide``,
    ``start_record``, ``finish``."""

    def __init__(self, state: ServerState, mode: Mode) -> None:
        self.state, self.mode, self.endpoint = state, mode, mode
        self.requires_client_certificate = state.settings.tls_client_ca is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        try:
            self.check_client(scope.get(CLIENT_CERTIFICATE_VERIFIED) is True)
            body = await self._read_body(scope, receive)
        except ClientGone:
            return
        except BadRequest as exc:
            await _send(send, *self.reject(exc))
            return
        try:
            api_version, request, decision = self.decide(body)
        except BadRequest as exc:
            await _send(send, *self.reject(exc))
            return
        except Exception as exc:  # a bug before the review could be read: count it, answer JSON
            await _send(send, *self.unreadable(exc))
            return
        audit_error: BaseException | None = None
        try:
            waiting = self.start_record(decision, started)
            if waiting is not None:
                await waiting
        except Exception as exc:
            audit_error = exc
        await _send(send, 200, self.finish(api_version, request, decision, started, audit_error))

    # -- the steps -------------------------------------------------------------------------------
    def check_client(self, certificate_verified: bool) -> None:
        """Raises ``ClientCertificateRequired`` (403) when mutual TLS is on and the connection
        presented no verified client certificate."""
        if self.requires_client_certificate and not certificate_verified:
            raise ClientCertificateRequired()

    def check_headers(self, headers: Iterable[tuple[bytes, bytes]]) -> None:
        """Raises ``BadRequest`` for a transfer coding other than chunked (400), a content
        coding (415: kube-apiserver never compresses a call), a wrong content type (415) or a
        declared length over the limit (413, refused before reading a byte of the body)."""
        content_type = b""
        declared: int | None = None
        transfer: list[bytes] | None = None  # made only when the header is there (kube-apiserver sends neither)
        content: list[bytes] | None = None
        for name, value in headers:
            if name == b"content-type":
                content_type = value
            elif name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    raise BadRequest("invalid Content-Length header") from None
            elif name == b"transfer-encoding":
                transfer = (transfer or []) + _codings(value)
            elif name == b"content-encoding":
                content = (content or []) + _codings(value)
        if transfer and any(coding != b"chunked" for coding in transfer):
            raise UnsupportedTransferCoding(transfer)
        if content:
            unknown = [coding for coding in content if coding != b"identity"]
            if unknown:
                raise BadRequest(f"Content-Encoding {_shown(unknown[0])} is not supported: send the body uncompressed", 415)
        if content_type != b"application/json":  # what kube-apiserver sends: no need to take it apart
            media_type = content_type.split(b";", 1)[0].strip().lower()
            if media_type != b"application/json":
                raise BadRequest(f"Content-Type must be application/json, got {_shown(media_type) or 'none'}", 415)
        if declared is not None and declared > self.state.settings.max_body_bytes:
            raise BodyTooLarge(self.state.settings.max_body_bytes)

    def reject(self, exc: BadRequest) -> tuple[int, bytes, bool]:
        """(status, JSON body, close the connection) for a call that is not a readable review."""
        self.state.metrics.bad_requests.labels(self.endpoint, str(exc.status)).inc()
        return exc.status, orjson.dumps({"error": exc.message}), closes_connection(exc)

    def unreadable(self, exc: Exception) -> tuple[int, bytes, bool]:
        self._internal_error({}, exc)
        return 400, orjson.dumps({"error": "the request could not be read"}), True

    def decide(self, body: bytes | bytearray) -> tuple[str, AdmissionRequest, Decision]:
        """Parse and review; raises ``BadRequest`` for a body that is not a readable review."""
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            if "depth" in str(exc):
                raise BadRequest("request object is nested too deeply") from None
            raise BadRequest("body is not valid JSON (expected an AdmissionReview)") from None
        api_version, request = read_review(parsed)
        return api_version, request, self._review(request)

    def start_record(self, decision: Decision, started: float) -> asyncio.Future[None] | None:
        """Hand the decision to the audit store: a future to wait for (durable), or None when
        there is nothing to wait for. Raises when the store refuses at once."""
        store = self.state.audit
        if store is None:
            return None
        latency_ms = (time.perf_counter() - started) * 1000.0
        submit = getattr(store, "submit", None)  # the built-in stores: no task per record
        if submit is not None:
            waiting: asyncio.Future[None] | None = submit(decision, latency_ms)
            return waiting
        return asyncio.ensure_future(store.arecord(decision, latency_ms))

    def record_then(self, decision: Decision, started: float, then: Callable[[BaseException | None], None]) -> bool:
        """``start_record`` for a caller without a task: True when ``then(error or None)`` will be
        called once the record is settled, False when there is nothing to wait for."""
        store = self.state.audit
        submit_then = getattr(store, "submit_then", None)
        if submit_then is not None:
            waiting: bool = submit_then(decision, (time.perf_counter() - started) * 1000.0, then)
            return waiting
        future = self.start_record(decision, started)
        if future is None:
            return False
        future.add_done_callback(lambda done: then(asyncio.CancelledError() if done.cancelled() else done.exception()))
        return True

    def finish(
        self,
        api_version: str,
        request: AdmissionRequest,
        decision: Decision,
        started: float,
        audit_error: BaseException | None,
    ) -> bytes:
        """The AdmissionReview answer, counted and logged. Never raises (fails closed)."""
        try:
            if audit_error is not None:
                decision = self._audit_failed(decision, audit_error)
            payload = _envelope(api_version, decision)
            self.state.metrics.observe(self.endpoint, decision, time.perf_counter() - started)
            store_logs = getattr(self.state.audit, "logs_reviews", False)
            if audit_error is not None or not store_logs:  # else the audit writer process logs it
                _log_decision(self.endpoint, decision, started, flush=store_logs)
            return payload
        except Exception as exc:  # a bug outside review() itself: still fail closed, never a 500
            self._internal_error(request, exc)
            failed = _failed_closed(request, self.mode, self.state.library.policies.digest, INTERNAL_ERROR_MESSAGE)
            return _envelope(api_version, failed)

    def _internal_error(self, request: AdmissionRequest, exc: Exception) -> None:
        self.state.metrics.internal_errors.labels(self.endpoint).inc()
        # the type and the uid only: exception text may quote the object
        log.error(
            "internal error while reviewing",
            extra={"event": "internal_error", "endpoint": self.endpoint, "uid": shown_request_uid(_uid(request)),
                   "error": type(exc).__name__},
        )

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.state.settings.max_body_bytes
        self.check_headers(scope["headers"])
        chunks: list[bytes] = []
        size = 0
        more = True
        # bounded in time from the headers on: a client that never sends its body, or trickles
        # it, cannot hold the connection (and a graceful stop) for ever
        deadline = asyncio.get_running_loop().time() + BODY_TIMEOUT
        while more:
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BadRequest(f"request body not received within {BODY_TIMEOUT:.0f} s", 408) from None
            if message["type"] == "http.disconnect":
                raise ClientGone()
            chunk = message.get("body", b"")
            more = bool(message.get("more_body", False))
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit)
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _review(self, request: AdmissionRequest) -> Decision:
        library = self.state.library
        try:
            return review(request, library.policies, library.config, self.mode)
        except RecursionError:  # no Kubernetes object comes close; a call, not an internal error
            raise BadRequest("request object is nested too deeply") from None
        except Exception as exc:
            self._internal_error(request, exc)
            return _failed_closed(request, self.mode, library.policies.digest, INTERNAL_ERROR_MESSAGE)

    def _audit_failed(self, decision: Decision, exc: BaseException) -> Decision:
        policy = self.state.settings.audit_failure
        self.state.metrics.audit_failures.labels(policy).inc()
        log.error(
            "audit record failed",
            extra={"event": "audit_failed", "uid": shown_request_uid(decision.uid), "policy": policy,
                   "error": str(exc)[:200] if isinstance(exc, AuditError) else type(exc).__name__},
        )
        if policy != "allow":
            return _replace_verdict(decision, AUDIT_DENY_MESSAGE)
        return decision


def _codings(value: bytes) -> list[bytes]:
    """The codings named in a Transfer-Encoding or Content-Encoding header, lowercase."""
    return [coding.split(b";", 1)[0].strip().lower() for coding in value.split(b",") if coding.strip()]


def _shown(value: bytes) -> str:
    """A header value fit for an error message (never a credential)."""
    text = value.decode("latin-1")
    return HIDDEN_TEXT if name_credential(text) else text[:60]


def closes_connection(exc: BadRequest) -> bool:
    """Whether the answer to ``exc`` drops the connection whenever it is sent: the rest of the body
    is never read, or its framing is not trusted."""
    return exc.status in (408, 413) or isinstance(exc, UnsupportedTransferCoding)


async def _send(send: Send, status: int, body: bytes, close: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _envelope(api_version: str, decision: Decision) -> bytes:
    return orjson.dumps({"apiVersion": api_version, "kind": "AdmissionReview", "response": to_response(decision)})


def _uid(request: AdmissionRequest) -> str:
    uid = request.get("uid")
    return uid if isinstance(uid, str) else ""


def _failed_closed(request: AdmissionRequest, mode: Mode, digest: str, message: str) -> Decision:
    """A denial with code 500 built from the envelope alone (review() itself failed)."""
    gvk: Any = request.get("kind")
    resource: Any = request.get("resource")
    return Decision(
        uid=_uid(request),  # echoed as sent; its record and log line give shown_request_uid of it
        operation=text_field(request, "operation"),
        group=shown_request_text(text_field(gvk, "group")),
        version=shown_request_text(text_field(gvk, "version")),
        kind=shown_request_text(text_field(gvk, "kind")),
        resource=shown_request_text(text_field(resource, "resource")),
        sub_resource=shown_request_text(text_field(request, "subResource")),
        namespace=shown_object_name(text_field(request, "namespace"), HIDDEN_NAMESPACE),
        name=shown_object_name(text_field(request, "name")),
        user={},
        dry_run=request.get("dryRun") is True,
        mode=mode,
        allowed=False,
        verdict="denied",
        code=500,
        message=message,
        policy_digest=digest,
    )


def _replace_verdict(decision: Decision, message: str) -> Decision:
    return replace(decision, allowed=False, verdict="denied", code=500, message=message, patch=())


review_log = logging.getLogger("railguard.review")
LOG_FLUSH_INTERVAL = 0.5


def _log_decision(endpoint: str, decision: Decision, started: float, flush: bool = False) -> None:
    """One JSON line per review on stdout (see :mod:`webhook.audit.reviewlog`).

    Written straight to the buffered stdout and flushed every ``LOG_FLUSH_INTERVAL`` seconds:
    the logging module's per-record formatting and flush would cost a quarter of the throughput.
    ``flush``: at once, whole (another process writes review lines to the same stdout).
    """
    if not review_log.isEnabledFor(logging.INFO):
        return
    line = line_for_decision(endpoint, decision, (time.perf_counter() - started) * 1000.0)
    try:
        sys.stdout.buffer.write(line)
        if flush:
            sys.stdout.flush()
    except (AttributeError, ValueError, OSError):  # stdout replaced (tests) or closed
        pass


async def _flush_logs_forever() -> None:
    while True:
        await asyncio.sleep(LOG_FLUSH_INTERVAL)
        _flush_stdout()


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except (ValueError, OSError):
        pass
