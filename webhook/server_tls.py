"""The serving TLS connections' handshake failures: the refused client hears the alert (not a bare
EOF), and each failure is counted and logged by reason (uvloop drops them silently)."""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import Counter

from webhook.server_metrics import TLS_HANDSHAKE_FAILURE_REASONS

log = logging.getLogger("railguard.server")


# OpenSSL's reason for a failed server-side handshake -> the reason counted and logged. Each was
# reproduced against this server (OpenSSL 3.0), with Python, Go, openssl s_client and curl clients;
# the certificate alerts a client sends when it does not trust the serving certificate: unknown ca
# (Python, openssl, curl: an unknown issuer), bad certificate (Go, for an unknown issuer and for a
# name not in the SANs; Python for the name), certificate expired / not yet valid, unsupported
# certificate (wrong key usage); certificate unknown and certificate revoked are the same family.
_REASONS_BY_OPENSSL_REASON = {
    **dict.fromkeys(("TLSV1_ALERT_UNKNOWN_CA", "SSLV3_ALERT_BAD_CERTIFICATE", "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
                     "SSLV3_ALERT_CERTIFICATE_EXPIRED", "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
                     "SSLV3_ALERT_CERTIFICATE_REVOKED"), "client_rejected_our_certificate"),
    # mutual TLS: the client's certificate does not verify against the client CA (unknown issuer,
    # a forged signature, expired...)
    "CERTIFICATE_VERIFY_FAILED": "untrusted_client_certificate",
    # no common version (a TLS 1.2 client under mutual TLS, TLS 1.1, an SSLv2 hello), cipher suite
    # or signature algorithm
    **dict.fromkeys(("UNSUPPORTED_PROTOCOL", "NO_SHARED_CIPHER", "NO_SUITABLE_SIGNATURE_ALGORITHM"),
                    "protocol_mismatch"),
    # plain HTTP (GET, POST...), an HTTP proxy's CONNECT, other bytes that are no TLS record (SSH...)
    **dict.fromkeys(("HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "WRONG_VERSION_NUMBER"), "not_tls"),
}

HANDSHAKE_FAILURE_HINTS = {
    "client_rejected_our_certificate": (
        "the client does not trust railguard's serving certificate (kube-apiserver then fails every "
        "admission call): check that the webhook configuration's caBundle is the CA that signed the "
        "serving certificate, and that the certificate's SANs include the Service's DNS name "
        "(<service>.<namespace>.svc) and it has not expired"),
    "untrusted_client_certificate": (
        "a client certificate did not verify against the client CA (--client-ca): check that the "
        "client's (kube-apiserver's) certificate is signed by that CA and has not expired"),
    "protocol_mismatch": (
        "no TLS version, cipher suite or signature algorithm in common with the client: railguard "
        "speaks TLS 1.2 and 1.3, only TLS 1.3 with mutual TLS"),
    "not_tls": "bytes that are no TLS reached the TLS port (plain HTTP?): call it with https://",
    "other": "a malformed or aborted TLS handshake",
}

HANDSHAKE_LOG_EVERY = 60.0  # seconds: at most one warning per reason this often (the first at once)

_OPENSSL_MNEMONIC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def handshake_failure_reason(exc: ssl.SSLError) -> str:
    """The reason (one of ``TLS_HANDSHAKE_FAILURE_REASONS``) a handshake failed with ``exc``."""
    if exc.library != "SSL":
        return "other"
    return _REASONS_BY_OPENSSL_REASON.get(exc.reason or "", "other")


class HandshakeFailures:
    """Counts failed TLS handshakes by reason and logs a warning for the first of each reason, then
    at most one per reason every ``HANDSHAKE_LOG_EVERY`` seconds (a scanner cannot flood the log),
    each with a fix hint and how many failures of that reason went unlogged since the last line.
    Nothing the peer sent is logged: the reason, OpenSSL's name for the error (from OpenSSL's own
    table) and, for a client certificate that did not verify, OpenSSL's verify code."""

    def __init__(self, counter: Counter, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts = {reason: counter.labels(reason) for reason in TLS_HANDSHAKE_FAILURE_REASONS}
        self._clock = clock
        self._logged_at: dict[str, float] = {}
        self._unlogged: dict[str, int] = {}

    def failed(self, exc: ssl.SSLError) -> None:
        reason = handshake_failure_reason(exc)
        self._counts[reason].inc()
        now = self._clock()
        logged_at = self._logged_at.get(reason)
        if logged_at is not None and now - logged_at < HANDSHAKE_LOG_EVERY:
            self._unlogged[reason] = self._unlogged.get(reason, 0) + 1
            return
        self._logged_at[reason] = now
        extra: dict[str, Any] = {"event": "tls_handshake_failed", "reason": reason,
                                 "hint": HANDSHAKE_FAILURE_HINTS[reason],
                                 "unlogged_since_last": self._unlogged.pop(reason, 0)}
        code = exc.reason
        if isinstance(code, str) and 0 < len(code) <= 64 and _OPENSSL_MNEMONIC.issuperset(code):
            extra["tls_error"] = code
        verify_code = getattr(exc, "verify_code", None)
        if isinstance(verify_code, int):
            extra["verify_code"] = verify_code
        log.warning("TLS handshake failed", extra=extra)


class AlertingSSLObject(ssl.SSLObject):
    """A server-side TLS connection whose refused handshake sends its alert before the close.

    uvloop's (and asyncio's) TLS protocol closes the connection as soon as ``do_handshake`` raises,
    leaving the alert OpenSSL wrote (``unknown ca``, ``protocol version``...) unsent in the
    outgoing memory BIO: the client saw a bare EOF (kube-apiserver logs only "EOF"). Here such a
    failure is reported once as "want read", on which the protocol writes the outgoing BIO (the
    alert) and waits for the client; the failure itself is raised at the next call: when the client
    sends anything (its request; the bytes are read, so the close is no reset that could discard
    the alert). A client that closes ends it too, and one that does neither is dropped by the
    handshake timeout that bounds every handshake. A failure with no alert to send (bytes that are
    no TLS) is raised at once, as before. Only the handshake is touched: reads and writes are
    ``ssl.SSLObject``'s own. ``failures`` (set by ``alert_on_refusal``) hears of each failed
    handshake once, when it fails, in either case."""

    failures: HandshakeFailures | None = None
    _outgoing: ssl.MemoryBIO | None = None
    _refused: ssl.SSLError | None = None

    @classmethod
    def _create(cls, incoming: ssl.MemoryBIO, outgoing: ssl.MemoryBIO,
                *args: Any, **kwargs: Any) -> AlertingSSLObject:
        self: AlertingSSLObject = super()._create(incoming, outgoing, *args, **kwargs)  # type: ignore[misc]
        self._outgoing = outgoing
        return self

    def do_handshake(self) -> None:
        refused = self._refused
        if refused is not None:
            raise refused
        try:
            super().do_handshake()
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            raise
        except ssl.SSLError as exc:
            failures = self.failures
            if failures is not None:
                failures.failed(exc)
            outgoing = self._outgoing
            if outgoing is None or not outgoing.pending:
                raise
            self._refused = exc
            raise ssl.SSLWantReadError("the handshake failed: its alert goes out first") from exc


def alert_on_refusal(context: ssl.SSLContext, failures: HandshakeFailures | None = None) -> None:
    """Connections of ``context`` send the alert of a refused handshake (see ``AlertingSSLObject``);
    ``failures`` counts and logs the failed handshakes."""
    if failures is None:
        context.sslobject_class = AlertingSSLObject
        return

    class CountingSSLObject(AlertingSSLObject):
        pass

    CountingSSLObject.failures = failures
    context.sslobject_class = CountingSSLObject
