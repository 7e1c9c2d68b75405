"""Mutual TLS (``railguard serve --client-ca``), against a real server: the TLS layer asks every
client for a certificate and refuses one the client CA did not sign, but lets a client without one
in; ``POST /validate`` and ``/mutate`` answer only a connection that presented a verified one, on
the fast path and the ASGI path alike; probes and scrapes need none. A rotated client CA keeps
these rules, without a restart."""

from __future__ import annotations

import datetime as dt
import os
import socket
import ssl
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server_helpers import LiveServer, admission_review, metric, start_server, workload, write_certs
from webhook.audit import open_trail

ClientCertificate = tuple[Path, Path]  # (certificate, key)
REFUSED = {"error": "a client certificate signed by the configured client CA is required for this "
                    "endpoint (mutual TLS)"}
# the request line and headers that put a review on the fast path or on the ASGI path
PATHS = [pytest.param("HTTP/1.1", (), id="fast"), pytest.param("HTTP/1.0", (), id="asgi-http-1.0"),
         pytest.param("HTTP/1.1", ("expect: 100-continue",), id="asgi-expect")]


def client_certificate(ca_dir: Path, out: Path) -> ClientCertificate:
    ca_cert = x509.load_pem_x509_certificate((ca_dir / "ca.crt").read_bytes())
    ca_key = serialization.load_pem_private_key((ca_dir / "ca.key").read_bytes(), password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "client.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (out / "client.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return out / "client.crt", out / "client.key"


def named_ca(out: Path, name: str) -> Path:
    """A CA named ``name`` (ca.crt and ca.key in ``out``, as ``write_certs`` writes them); the
    CAs of ``write_certs`` are all named alike."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "ca.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (out / "ca.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return out


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def exchange(live: LiveServer, request: bytes, client: ClientCertificate | None, server_name: str | None) -> Answer:
    """One request on a new TLS connection, presenting ``client`` (or no certificate) and naming
    ``server_name`` in SNI (None: no SNI, as a kubelet probe or a scrape by pod IP). Raises
    ``ssl.SSLError`` or ``OSError`` when the server refuses the handshake."""
    context = ssl.create_default_context(cafile=str(live.ca))
    if client is not None:
        context.load_cert_chain(str(client[0]), str(client[1]))
    if server_name is None:
        context.check_hostname = False  # the certificate still has to chain to the CA
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=server_name) as tls:
            tls.sendall(request)
            data = b""
            while chunk := tls.recv(65536):  # every request here ends its connection
                data += chunk
    data = data.removeprefix(b"HTTP/1.1 100 Continue\r\n\r\n")  # Expect: 100-continue, once the app reads
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/1.1 "):
        raise ConnectionError(f"no HTTP answer: {data[:200]!r}")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return Answer(int(lines[0].split()[1]), headers, body)


class ResumingClient:
    """A client that offers, on each new connection, the TLS session of its previous one (as curl
    and Python clients do), presenting ``client``."""

    def __init__(self, live: LiveServer, client: ClientCertificate) -> None:
        self.live = live
        self.context = ssl.create_default_context(cafile=str(live.ca))
        self.context.load_cert_chain(str(client[0]), str(client[1]))
        self.session: ssl.SSLSession | None = None

    def reviewed(self, uid: str) -> bool:
        """Whether a review on a new connection is answered 200 (False when the handshake fails)."""
        try:
            with socket.create_connection(("127.0.0.1", self.live.port), timeout=10) as raw:
                with self.context.wrap_socket(raw, server_hostname="localhost", session=self.session) as tls:
                    tls.sendall(review_request("validate", uid))
                    data = b""
                    while chunk := tls.recv(65536):
                        data += chunk
                    self.session = tls.session  # TLS 1.3: known once the server's tickets (if any) are read
        except OSError:
            return False
        return data.startswith(b"HTTP/1.1 200 ")


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n".encode()


def review_request(endpoint: str, uid: str, version: str = "HTTP/1.1", extra: tuple[str, ...] = ()) -> bytes:
    body = orjson.dumps(admission_review(workload("Pod", True), "CREATE", uid=uid))
    head = [f"POST /{endpoint}?timeout=5s {version}", "host: localhost", "content-type: application/json",
            f"content-length: {len(body)}", "connection: close", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


# the alerts a server sends when it refuses a client certificate (OpenSSL's reason codes)
# (decrypt error: the issuer's name is the client CA's, its signature is not)
REFUSAL_ALERTS = {"TLSV1_ALERT_UNKNOWN_CA", "SSLV3_ALERT_BAD_CERTIFICATE", "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
                  "TLSV1_ALERT_DECRYPT_ERROR"}
SOCKET_TIMEOUT = 10.0  # seconds for the connection, the handshake and each read


def refused_at_handshake(live: LiveServer, client: ClientCertificate, server_name: str | None,
                         request: bytes | None = None) -> bool:
    """Whether the server refuses this client certificate in the TLS handshake (True) or answers
    ``request`` (False; a GET /healthz unless given). Any other outcome raises: a refused connection,
    a timeout, another TLS error, bytes that are no HTTP answer, a server that died.

    With TLS 1.3 the client's handshake is over before the server checks its certificate, so the
    client learns of the refusal on its first read: the server's alert (an ``ssl.SSLError`` naming
    it, see ``AlertingSSLObject``), then the close. A bare EOF is no refusal: the alert must come."""
    context = ssl.create_default_context(cafile=str(live.ca))
    context.load_cert_chain(str(client[0]), str(client[1]))
    if server_name is None:
        context.check_hostname = False
    data = b""
    with socket.create_connection(("127.0.0.1", live.port), timeout=SOCKET_TIMEOUT) as raw:
        try:
            tls = context.wrap_socket(raw, server_hostname=server_name, suppress_ragged_eofs=False)
        except ssl.SSLError as exc:
            if exc.reason in REFUSAL_ALERTS:
                return _still_running(live)
            raise
        with tls:
            try:
                tls.sendall(request if request is not None else get("/healthz"))
                while chunk := tls.recv(65536):
                    data += chunk
            except ssl.SSLError as exc:
                if exc.reason in REFUSAL_ALERTS:
                    return _still_running(live)
                raise
    assert data.startswith(b"HTTP/1.1 "), f"neither an answer nor a refusal: {data[:200]!r}"
    return False


def _still_running(live: LiveServer) -> bool:
    """A refusal, if the server is still there: one that died ends its connections the same way."""
    assert live.process.poll() is None, f"the server exited with {live.process.returncode}"
    return True


def recorded_uids(live: LiveServer) -> set[str]:
    """The uids in the server's audit trail (durable: committed before each answer)."""
    with closing(open_trail(f"sqlite:{live.log.parent / 'audit.db'}")) as trail:
        return {orjson.loads(row.body)["uid"] for row in trail.rows()}


def scrape(live: LiveServer) -> str:
    answer = exchange(live, get("/metrics"), None, None)
    assert answer.status == 200
    return answer.body.decode()


def eventually(condition: Callable[[], bool], live: LiveServer, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert live.process.poll() is None, live.logs()
        if condition():
            return True
        time.sleep(0.1)
    return False


@dataclass(frozen=True)
class MutualTls:
    live: LiveServer
    client: ClientCertificate  # signed by the client CA
    stranger: ClientCertificate  # signed by another CA (of the client CA's name)
    outsider: ClientCertificate  # signed by a CA of another name


@pytest.fixture(scope="module")
def mtls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MutualTls]:
    tmp = tmp_path_factory.mktemp("mtls")
    write_certs(tmp / "client-ca")
    write_certs(tmp / "other-ca")
    client = client_certificate(tmp / "client-ca", tmp / "client")
    stranger = client_certificate(tmp / "other-ca", tmp / "stranger")
    outsider = client_certificate(named_ca(tmp / "outside-ca", "another cluster's CA"), tmp / "outsider")
    # start_server waits for /healthz with no client certificate: that is the first check
    live = start_server(tmp, "--client-ca", str(tmp / "client-ca" / "ca.crt"))
    try:
        yield MutualTls(live, client, stranger, outsider)
    finally:
        assert live.stop() == 0, live.logs()


@pytest.mark.parametrize("server_name", ["localhost", None])
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_probes_and_scrapes_need_no_client_certificate(mtls: MutualTls, path: str, server_name: str | None) -> None:
    assert exchange(mtls.live, get(path), None, server_name).status == 200


@pytest.mark.parametrize("version, extra", PATHS)
@pytest.mark.parametrize("endpoint", ["validate", "mutate"])
def test_a_review_without_a_client_certificate_is_refused_and_not_recorded(
    mtls: MutualTls, endpoint: str, version: str, extra: tuple[str, ...]
) -> None:
    uid = f"no-certificate-{endpoint}-{version}-{len(extra)}"
    before = scrape(mtls.live)
    answer = exchange(mtls.live, review_request(endpoint, uid, version, extra), None, "localhost")
    after = scrape(mtls.live)
    assert (answer.status, answer.headers["content-type"]) == (403, "application/json")
    assert orjson.loads(answer.body) == REFUSED
    refused = {"endpoint": endpoint, "status": "403"}
    assert metric(after, "railguard_bad_requests_total", **refused) == metric(before, "railguard_bad_requests_total", **refused) + 1
    reviewed = {"endpoint": endpoint, "kind": "Pod", "operation": "CREATE", "verdict": "allowed"}
    assert metric(after, "railguard_reviews_total", **reviewed) == metric(before, "railguard_reviews_total", **reviewed)
    assert uid not in recorded_uids(mtls.live)


@pytest.mark.parametrize("version, extra", PATHS)
@pytest.mark.parametrize("endpoint", ["validate", "mutate"])
def test_a_review_with_a_client_certificate_is_reviewed_and_recorded(
    mtls: MutualTls, endpoint: str, version: str, extra: tuple[str, ...]
) -> None:
    uid = f"certificate-{endpoint}-{version}-{len(extra)}"
    answer = exchange(mtls.live, review_request(endpoint, uid, version, extra), mtls.client, "localhost")
    assert answer.status == 200, answer.body
    response = orjson.loads(answer.body)["response"]
    assert (response["uid"], response["allowed"]) == (uid, True)
    assert uid in recorded_uids(mtls.live)


@pytest.mark.parametrize("server_name", ["localhost", None])
def test_a_certificate_from_another_ca_fails_the_handshake(mtls: MutualTls, server_name: str | None) -> None:
    assert refused_at_handshake(mtls.live, mtls.stranger, server_name)
    assert refused_at_handshake(mtls.live, mtls.stranger, server_name, review_request("validate", "stranger"))
    assert "stranger" not in recorded_uids(mtls.live)


def what_the_client_sees(live: LiveServer, client: ClientCertificate, server_name: str | None,
                         request: bytes | None) -> str:
    """What a client presenting ``client`` sees, sending ``request`` (None: it only reads, as
    ``openssl s_client`` does): ``alert: <OpenSSL's reason>``, ``eof``, ``reset`` or ``answer``."""
    context = ssl.create_default_context(cafile=str(live.ca))
    context.load_cert_chain(str(client[0]), str(client[1]))
    context.check_hostname = server_name is not None
    data = b""
    with socket.create_connection(("127.0.0.1", live.port), timeout=SOCKET_TIMEOUT) as raw:
        try:
            with context.wrap_socket(raw, server_hostname=server_name, suppress_ragged_eofs=False) as tls:
                if request is not None:
                    tls.sendall(request)
                while chunk := tls.recv(65536):
                    data += chunk
        except ssl.SSLEOFError:
            return "eof"
        except ssl.SSLError as exc:
            return f"alert: {exc.reason}"
        except (ConnectionResetError, BrokenPipeError):
            return "reset"
    return f"answer: {data[:60]!r}" if data else "eof"


@pytest.mark.parametrize("server_name", ["localhost", None])
@pytest.mark.parametrize("request_sent", ["none", "healthz", "review"])
@pytest.mark.parametrize("who, alert", [("outsider", "TLSV1_ALERT_UNKNOWN_CA"),  # an issuer the client CA file lacks
                                        ("stranger", "TLSV1_ALERT_DECRYPT_ERROR")])  # its name, not its signature
def test_a_refused_client_certificate_gets_a_tls_alert_not_an_eof(
    mtls: MutualTls, who: str, alert: str, request_sent: str, server_name: str | None
) -> None:
    """uvloop closed a refused handshake with the alert unsent: the client saw an EOF ("EOF" in
    kube-apiserver's log). Now it reads the alert, whether it sends its request first or not."""
    uid = f"alert-{who}-{request_sent}-{server_name}"
    request = {"none": None, "healthz": get("/healthz"), "review": review_request("validate", uid)}[request_sent]
    assert what_the_client_sees(mtls.live, getattr(mtls, who), server_name, request) == f"alert: {alert}"
    assert _still_running(mtls.live)
    assert uid not in recorded_uids(mtls.live)


def test_the_alert_goes_out_without_waiting_for_the_client_to_read(mtls: MutualTls) -> None:
    """A client that sends its request and reads nothing (no TLS read): the server sends one small
    TLS record (the alert, encrypted: 24 bytes) and closes, before the client reads anything."""
    context = ssl.create_default_context(cafile=str(mtls.live.ca))
    context.load_cert_chain(str(mtls.outsider[0]), str(mtls.outsider[1]))
    with socket.create_connection(("127.0.0.1", mtls.live.port), timeout=SOCKET_TIMEOUT) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(get("/healthz"))
            started = time.monotonic()
            with socket.socket(fileno=os.dup(tls.fileno())) as under:  # the bytes under TLS, unread by it
                under.settimeout(SOCKET_TIMEOUT)
                received = b""
                while chunk := under.recv(65536):  # until the server's FIN (a timeout fails the test)
                    received += chunk
    assert time.monotonic() - started < 5
    assert (received[:1], len(received)) == (b"\x17", 24), received.hex()


def test_the_refusal_check_fails_on_unrelated_socket_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``refused_at_handshake`` took any OSError for a refusal: a server not listening, or one that
    never answered, passed the "old CA refused" checks."""
    certs = write_certs(tmp_path / "ca")
    client = client_certificate(tmp_path / "ca", tmp_path / "client")
    monkeypatch.setattr(sys.modules[__name__], "SOCKET_TIMEOUT", 0.5)

    class Running:
        def poll(self) -> None:
            return None

    def at(port: int) -> LiveServer:
        return LiveServer(Running(), port, certs["ca.crt"], tmp_path / "log")  # type: ignore[arg-type]

    with socket.create_server(("127.0.0.1", 0)) as listener:  # accepts (backlog), never speaks TLS
        with pytest.raises(TimeoutError):
            refused_at_handshake(at(listener.getsockname()[1]), client, "localhost")
        closed = socket.create_server(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        with pytest.raises(ConnectionRefusedError):
            refused_at_handshake(at(port), client, "localhost")


def test_sessions_are_never_resumed(mtls: MutualTls) -> None:
    """A resumed session skips the certificate check: with mutual TLS every connection gets a full
    handshake (TLS 1.3 without session tickets), so the client CA in force always decides."""
    client = ResumingClient(mtls.live, mtls.client)
    assert client.reviewed("first-connection") and client.session is not None
    with socket.create_connection(("127.0.0.1", mtls.live.port), timeout=10) as raw:
        with client.context.wrap_socket(raw, server_hostname="localhost", session=client.session) as tls:
            assert tls.version() == "TLSv1.3"
            assert not tls.session_reused


@pytest.mark.parametrize("path", ["/healthz", "/validate"])
def test_tls_1_2_is_refused_with_mutual_tls(mtls: MutualTls, path: str) -> None:
    """TLS 1.2 could resume a session by id (a cache Python cannot turn off): mutual TLS speaks
    TLS 1.3 only (kube-apiserver, kubelet and Prometheus all do)."""
    context = ssl.create_default_context(cafile=str(mtls.live.ca))
    context.load_cert_chain(str(mtls.client[0]), str(mtls.client[1]))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    request = get(path) if path == "/healthz" else review_request("validate", "tls-1.2")
    with pytest.raises(ssl.SSLError) as refused:  # the server's alert, not an EOF
        with socket.create_connection(("127.0.0.1", mtls.live.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(request)
                tls.recv(65536)
    assert refused.value.reason == "TLSV1_ALERT_PROTOCOL_VERSION", refused.value
    assert "tls-1.2" not in recorded_uids(mtls.live)


def test_a_rotated_client_ca_keeps_the_rules_without_restart(tmp_path: Path) -> None:
    write_certs(tmp_path / "old-ca")
    write_certs(tmp_path / "new-ca")
    old_client = client_certificate(tmp_path / "old-ca", tmp_path / "old-client")
    new_client = client_certificate(tmp_path / "new-ca", tmp_path / "new-client")
    ca_file = tmp_path / "client-ca.crt"
    ca_file.write_bytes((tmp_path / "old-ca" / "ca.crt").read_bytes())
    live = start_server(tmp_path, "--client-ca", str(ca_file))

    last: list[str] = []  # why the last review was not answered 200 + allowed: the assertion says

    def reviewed(client: ClientCertificate | None, server_name: str | None) -> bool:
        try:
            answer = exchange(live, review_request("validate", "rotation"), client, server_name)
        except OSError as exc:
            last[:] = [f"{type(exc).__name__}: {exc}"]
            return False
        last[:] = [f"HTTP {answer.status}: {answer.body[:300]!r}"]
        return answer.status == 200 and orjson.loads(answer.body)["response"]["allowed"] is True

    resuming = ResumingClient(live, old_client)
    try:
        assert reviewed(old_client, "localhost") and not refused_at_handshake(live, old_client, None)
        assert refused_at_handshake(live, new_client, "localhost")
        assert resuming.reviewed("before-rotation")
        staged = tmp_path / "client-ca.crt.new"
        staged.write_bytes((tmp_path / "new-ca" / "ca.crt").read_bytes())
        os.replace(staged, ca_file)  # as a Secret volume update: atomic
        assert eventually(lambda: reviewed(new_client, "localhost"), live), f"{last}\n{live.logs()}"
        for server_name in ("localhost", None):
            assert reviewed(new_client, server_name), f"{last}\n{live.logs()}"
            assert refused_at_handshake(live, old_client, server_name), "the replaced client CA is still trusted"
            assert exchange(live, get("/readyz"), None, server_name).status == 200
            refused = exchange(live, review_request("mutate", "rotation-no-certificate"), None, server_name)
            assert (refused.status, orjson.loads(refused.body)) == (403, REFUSED)
        # resuming a session from before the rotation skips the certificate check: it must not work
        assert not resuming.reviewed("resumed-after-rotation"), "a resumed session kept the replaced CA's trust"
        assert recorded_uids(live).isdisjoint({"rotation-no-certificate", "resumed-after-rotation"})
    finally:
        assert live.stop() == 0, live.logs()
