"""Failed TLS handshakes are counted (``railguard_tls_handshake_failures_total{reason}``) and logged
(a warning per reason at first, then at most one a minute), against a real server: uvloop dropped
them silently, so a caBundle that does not match the serving certificate (kube-apiserver refuses
every handshake, every admission fails) left nothing in railguard's logs or metrics."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry, Counter

from server_helpers import LiveServer, metric, start_server, wait_for, write_certs
from test_mutual_tls import client_certificate, named_ca
from webhook.server_metrics import TLS_HANDSHAKE_FAILURE_REASONS
from webhook.server_tls import HANDSHAKE_LOG_EVERY, HandshakeFailures

FAILURES = "railguard_tls_handshake_failures_total"
FAKE_TOKEN = "fake-bearer-token-0123456789abcdef"  # a fake secret: it must not reach the log


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mutual(tmp_path: Path) -> Iterator[LiveServer]:
    write_certs(tmp_path / "client-ca")
    server = start_server(tmp_path, "--client-ca", str(tmp_path / "client-ca" / "ca.crt"))
    try:
        yield server
    finally:
        server.stop()


def failures(live: LiveServer) -> dict[str, float]:
    with live.client() as client:  # a handshake that succeeds (no client certificate needed)
        text = client.get("/metrics").text
    return {reason: metric(text, FAILURES, reason=reason) for reason in TLS_HANDSHAKE_FAILURE_REASONS}


def counted(live: LiveServer, **expected: float) -> bool:
    """Whether the counters reach ``expected`` (every other reason at 0) within a few seconds."""
    want = {reason: expected.get(reason, 0.0) for reason in TLS_HANDSHAKE_FAILURE_REASONS}
    return wait_for(lambda: failures(live) == want, timeout=10)


def warnings_after_stop(live: LiveServer) -> list[dict[str, Any]]:
    """The server's tls_handshake_failed lines, once it has stopped (its log is then complete)."""
    assert live.stop() == 0, live.logs()
    lines = [orjson.loads(line) for line in live.logs().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == "tls_handshake_failed"]


def tls_client(live: LiveServer, context: ssl.SSLContext, server_name: str = "localhost") -> str:
    """A handshake (and a request) with ``context``: what the client saw (OpenSSL's reason)."""
    try:
        with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname=server_name) as tls:
                tls.sendall(f"GET /healthz HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {FAKE_TOKEN}\r\n"
                            "connection: close\r\n\r\n".encode())
                return f"answer: {tls.recv(65536)[:12]!r}"
    except ssl.SSLError as exc:
        return str(exc.reason)


def plain_bytes(live: LiveServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
        raw.sendall(data)
        received = b""
        while chunk := raw.recv(65536):
            received += chunk
        return received


@pytest.mark.parametrize("case", ["unknown issuer", "name not in the SANs"])
def test_a_client_that_does_not_trust_the_serving_certificate_is_counted_and_logged(
    live: LiveServer, tmp_path: Path, case: str
) -> None:
    """A stale caBundle (another CA) or a certificate without the Service's name: the client aborts
    the handshake with an alert (unknown ca, bad certificate); railguard counts and logs it."""
    if case == "unknown issuer":
        context = ssl.create_default_context(cafile=str(write_certs(tmp_path / "stale-ca")["ca.crt"]))
        server_name = "localhost"
    else:
        context = ssl.create_default_context(cafile=str(live.ca))
        server_name = "railguard.railguard-system.svc"
    assert tls_client(live, context, server_name) == "CERTIFICATE_VERIFY_FAILED"  # the client's side
    assert counted(live, client_rejected_our_certificate=1), failures(live)
    [line] = warnings_after_stop(live)
    assert line["level"] == "warning" and line["reason"] == "client_rejected_our_certificate"
    assert line["tls_error"] == {"unknown issuer": "TLSV1_ALERT_UNKNOWN_CA",
                                 "name not in the SANs": "SSLV3_ALERT_BAD_CERTIFICATE"}[case]
    assert "caBundle" in line["hint"] and "SANs" in line["hint"] and "<service>.<namespace>.svc" in line["hint"]
    assert line["unlogged_since_last"] == 0


def test_a_client_certificate_from_another_ca_is_counted_and_logged(mutual: LiveServer, tmp_path: Path) -> None:
    write_certs(tmp_path / "other-ca")
    stranger = client_certificate(tmp_path / "other-ca", tmp_path / "stranger")
    outsider = client_certificate(named_ca(tmp_path / "outside-ca", "another cluster's CA"), tmp_path / "outsider")
    for client in (stranger, outsider):
        context = ssl.create_default_context(cafile=str(mutual.ca))
        context.load_cert_chain(str(client[0]), str(client[1]))
        assert tls_client(mutual, context) in {"TLSV1_ALERT_DECRYPT_ERROR", "TLSV1_ALERT_UNKNOWN_CA"}
    assert counted(mutual, untrusted_client_certificate=2), failures(mutual)
    [line] = warnings_after_stop(mutual)
    assert (line["reason"], line["tls_error"]) == ("untrusted_client_certificate", "CERTIFICATE_VERIFY_FAILED")
    assert isinstance(line["verify_code"], int) and "--client-ca" in line["hint"]
    # nothing of the peer's certificate: neither its issuer's name nor its bytes
    logs = mutual.logs()
    assert "another cluster" not in logs and FAKE_TOKEN not in logs
    assert all(client[0].read_text().splitlines()[1] not in logs for client in (stranger, outsider))


def test_plain_http_on_the_tls_port_is_counted_as_not_tls(live: LiveServer) -> None:
    request = f"POST /validate HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {FAKE_TOKEN}\r\n\r\n"
    assert plain_bytes(live, request.encode()) == b""  # closed at once: no TLS alert for bytes that are no TLS
    assert plain_bytes(live, b"SSH-2.0-OpenSSH_9.6\r\n") == b""
    assert counted(live, not_tls=2), failures(live)
    [line] = warnings_after_stop(live)
    assert (line["reason"], line["tls_error"]) == ("not_tls", "HTTP_REQUEST")
    assert "https://" in line["hint"]
    assert FAKE_TOKEN not in live.logs()


def test_a_tls_1_2_client_under_mutual_tls_is_a_protocol_mismatch(mutual: LiveServer) -> None:
    context = ssl.create_default_context(cafile=str(mutual.ca))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    assert tls_client(mutual, context) == "TLSV1_ALERT_PROTOCOL_VERSION"  # the alert still goes out
    assert counted(mutual, protocol_mismatch=1), failures(mutual)
    [line] = warnings_after_stop(mutual)
    assert (line["reason"], line["tls_error"]) == ("protocol_mismatch", "UNSUPPORTED_PROTOCOL")


def test_no_common_cipher_is_a_protocol_mismatch(live: LiveServer) -> None:
    context = ssl.create_default_context(cafile=str(live.ca))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")  # the serving key is ECDSA
    assert tls_client(live, context) == "SSLV3_ALERT_HANDSHAKE_FAILURE"
    assert counted(live, protocol_mismatch=1), failures(live)
    [line] = warnings_after_stop(live)
    assert (line["reason"], line["tls_error"]) == ("protocol_mismatch", "NO_SHARED_CIPHER")


def test_failures_in_a_row_are_all_counted_and_logged_once_per_reason(live: LiveServer, tmp_path: Path) -> None:
    """A scanner (or a kube-apiserver retrying with a stale caBundle) cannot flood the log."""
    stale = ssl.create_default_context(cafile=str(write_certs(tmp_path / "stale-ca")["ca.crt"]))
    rounds = 25
    for _ in range(rounds):
        assert tls_client(live, stale) == "CERTIFICATE_VERIFY_FAILED"
        assert plain_bytes(live, b"GET / HTTP/1.1\r\nhost: localhost\r\n\r\n") == b""
    assert tls_client(live, ssl.create_default_context(cafile=str(live.ca))).startswith("answer: b'HTTP/1.1 200")
    assert counted(live, client_rejected_our_certificate=rounds, not_tls=rounds), failures(live)
    lines = warnings_after_stop(live)
    assert sorted(line["reason"] for line in lines) == ["client_rejected_our_certificate", "not_tls"]


def test_the_log_line_comes_back_once_a_minute_with_the_unlogged_count(caplog: pytest.LogCaptureFixture) -> None:
    now = [1000.0]
    counter = Counter("failures", "test", ["reason"], registry=CollectorRegistry())
    watch = HandshakeFailures(counter, clock=lambda: now[0])
    unknown_ca = ssl.SSLError(1, "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca")
    unknown_ca.library, unknown_ca.reason = "SSL", "TLSV1_ALERT_UNKNOWN_CA"
    odd = ssl.SSLError(1, "peer text")
    odd.library, odd.reason = "SSL", "a reason with peer text\nin it"
    with caplog.at_level(logging.WARNING, logger="railguard.server"):
        for step in range(10):
            now[0] = 1000.0 + step * (HANDSHAKE_LOG_EVERY - 1) / 9  # ten failures within the minute
            watch.failed(unknown_ca)
        now[0] = 1000.0 + HANDSHAKE_LOG_EVERY
        watch.failed(unknown_ca)
        watch.failed(odd)  # another reason: a line of its own at once
    assert counter.labels("client_rejected_our_certificate")._value.get() == 11
    assert counter.labels("other")._value.get() == 1
    records = [(r.__dict__["reason"], r.__dict__["unlogged_since_last"], r.__dict__.get("tls_error"))
               for r in caplog.records]
    assert records == [("client_rejected_our_certificate", 0, "TLSV1_ALERT_UNKNOWN_CA"),
                       ("client_rejected_our_certificate", 9, "TLSV1_ALERT_UNKNOWN_CA"),
                       ("other", 0, None)]  # a reason that is no OpenSSL name is not logged
