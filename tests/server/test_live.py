"""The real server: ``railguard serve`` over TLS in a subprocess (and uvicorn in a thread for the
one-write check). Captured and generated bodies, patches validated against the Kubernetes OpenAPI
schema, oversized bodies at the socket level, hot reload of certificates and policies, SIGTERM."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import kubernetes_validate
import orjson
import pytest
import uvicorn

from server_helpers import (
    LiveServer,
    admission_review,
    check_contract,
    free_port,
    metric,
    patched_object,
    start_server,
    wait_for,
    workload,
)
from webhook.certs import generate
from webhook.config import Settings, default_policy_dir
from webhook.server import create_app
from webhook import server_run
from webhook.server_fastpath import ReviewHttpProtocol
from webhook.server_run import OneWriteHttpProtocol, OneWriteTransport, uvicorn_config

KUBERNETES_VERSION = "1.28.0"  # the captured bodies come from kube-apiserver v1.28.0
WORKLOADS = ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job", "CronJob"]
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    assert server.stop() == 0, server.logs()


def schema_valid(obj: dict[str, Any]) -> None:
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


# --- contract over TLS ----------------------------------------------------------------------------

def test_every_shared_body_over_tls_with_valid_patches(live: LiveServer, shared_dir: Path) -> None:
    files = sorted((shared_dir / "admission").glob("admissionreview-*.json"))
    if not files:
        pytest.skip("no AdmissionReview bodies in shared/admission")
    patched = 0
    with live.client() as client:
        for path in files:
            sent = orjson.loads(path.read_bytes())
            for endpoint in ("validate", "mutate"):
                answer = client.post(f"/{endpoint}", content=path.read_bytes(), headers=JSON)
                response = check_contract(sent, answer.status_code, answer.headers, answer.content, endpoint)
                result = patched_object(sent, response)
                if result is not None:
                    schema_valid(result)
                    patched += 1
    assert patched > 0, "no captured body was patched: the patch path went untested"


def test_generated_workloads_over_tls_with_valid_patches(live: LiveServer) -> None:
    with live.client() as client:
        for kind in WORKLOADS:
            for compliant in (False, True):
                obj = workload(kind, compliant)
                schema_valid(obj)  # the generated input itself is a valid object
                for sent in (admission_review(obj, "CREATE"), admission_review(obj, "UPDATE", old=obj)):
                    answer = client.post("/mutate", content=orjson.dumps(sent), headers=JSON)
                    response = check_contract(sent, answer.status_code, answer.headers, answer.content, "mutate")
                    result = patched_object(sent, response)
                    if result is not None:
                        schema_valid(result)
                    answer = client.post("/validate", content=orjson.dumps(sent), headers=JSON)
                    response = check_contract(sent, answer.status_code, answer.headers, answer.content, "validate")
                    assert response["allowed"] is (compliant or sent["request"]["operation"] == "UPDATE")
                passing = [  # checked by check_contract: exactly {uid, allowed: true}
                    admission_review(None, "DELETE", old=obj),
                    admission_review(obj, "UPDATE", old=obj, sub_resource="status"),
                    admission_review({"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"]}, "CONNECT",
                                     kind="PodExecOptions", sub_resource="exec"),
                ]
                for sent in passing:
                    for endpoint in ("validate", "mutate"):
                        answer = client.post(f"/{endpoint}", content=orjson.dumps(sent), headers=JSON)
                        check_contract(sent, answer.status_code, answer.headers, answer.content, endpoint)


def test_readyz_and_metrics_live(live: LiveServer) -> None:
    with live.client() as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["certificate"] == "ok"
        assert client.get("/metrics").headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_without_mutual_tls(live: LiveServer, version: ssl.TLSVersion) -> None:
    """Only mutual TLS is TLS 1.3 only (no session resumption, see test_mutual_tls.py)."""
    context = ssl.create_default_context(cafile=str(live.ca))
    context.minimum_version = context.maximum_version = version
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
            assert tls.recv(65536).startswith(b"HTTP/1.1 200 ")


def test_logs_are_one_json_object_per_line_without_values(live: LiveServer, shared_dir: Path) -> None:
    path = shared_dir / "admission" / "admissionreview-pod-create-validate-secret-env.json"
    if not path.is_file():
        pytest.skip(f"{path.name} absent")
    sent = orjson.loads(path.read_bytes())
    uid = sent["request"]["uid"] = "log-test-" + sent["request"]["uid"]  # this module's server saw the body before
    with live.client() as client:
        assert client.post("/validate", content=orjson.dumps(sent), headers=JSON).json()["response"]["allowed"] is False
    assert wait_for(lambda: uid in live.logs(), 3), "the review was not logged"
    lines = [orjson.loads(line) for line in live.logs().splitlines()]
    reviews = [line for line in lines if line.get("uid") == uid and line.get("event") == "review"]
    assert len(reviews) == 1, "logged once: by the audit writer process, not again by the server"
    review = reviews[0]
    assert review["event"] == "review" and review["verdict"] == "denied" and review["object_name"] == "app"
    assert "disallow-plaintext-secrets" in review["policies"]
    assert "FAKE-not-a-real" not in live.logs()


def raw_request(live: LiveServer, head: bytes, body: bytes = b"", read_timeout: float = 5.0) -> bytes:
    """Send raw bytes over TLS and read until the server closes or a full response arrived."""
    with socket.create_connection(("127.0.0.1", live.port), timeout=read_timeout) as raw:
        with live.ssl_context().wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(head + body)
            data = b""
            deadline = time.monotonic() + 3 * read_timeout  # the socket timeout bounds each recv only
            while time.monotonic() < deadline:
                try:
                    chunk = tls.recv(65536)
                except (ConnectionError, ssl.SSLError):
                    break
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    header, _, rest = data.partition(b"\r\n\r\n")
                    length = [int(h.split(b":")[1]) for h in header.split(b"\r\n") if h.lower().startswith(b"content-length")]
                    if length and len(rest) >= length[0]:
                        break
            return data


def test_huge_declared_body_is_refused_without_reading_it(live: LiveServer) -> None:
    started = time.monotonic()
    head = b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n"
    data = raw_request(live, head, b'{"kind":')  # 100 MiB announced, 8 bytes sent: the answer must not wait
    assert data.startswith(b"HTTP/1.1 413"), data[:200]
    assert b'{"error":"body exceeds the limit of' in data
    assert time.monotonic() - started < 3


def test_streamed_oversized_body_is_cut_off(live: LiveServer) -> None:
    with live.client() as client:
        def chunks() -> Iterator[bytes]:
            for _ in range(64):  # 4 MiB > the 3 MiB default limit, no Content-Length
                yield b" " * 65536

        try:
            answer = client.post("/validate", content=chunks(), headers=JSON)
        except httpx2.HTTPError:  # the server may close before the client finished writing
            pytest.fail("the server closed the connection without answering 413")
        assert answer.status_code == 413 and "limit" in answer.json()["error"]


# --- one write per response, TCP_NODELAY -----------------------------------------------------------

class RecordingTransport:
    """Records every write that reaches the real (TLS) transport."""

    def __init__(self, transport: Any, writes: list[bytes], nodelay: list[int]) -> None:
        self._transport, self._writes = transport, writes
        sock = transport.get_extra_info("socket")
        nodelay.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    def write(self, data: bytes) -> None:
        self._writes.append(bytes(data))
        self._transport.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def run_in_thread(config: uvicorn.Config) -> tuple[uvicorn.Server, threading.Thread]:
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, 10), "uvicorn did not start"
    return server, thread


@pytest.mark.parametrize(
    ("one_write", "fast_path"),
    [(True, True), (True, False), (False, False)],
    ids=["railguard-fast-path", "railguard-asgi-path", "plain-uvicorn-control"],
)
def test_each_response_is_one_write_with_nodelay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_write: bool, fast_path: bool
) -> None:
    certs = generate(["localhost"], ["127.0.0.1"], days=1).write(tmp_path)
    settings = Settings(tls_cert=certs["tls.crt"], tls_key=certs["tls.key"], port=free_port(), reload_interval=0)
    writes: list[bytes] = []
    nodelay: list[int] = []
    if one_write:
        monkeypatch.setattr(
            OneWriteHttpProtocol, "wrap",
            staticmethod(lambda t, loop: OneWriteTransport(RecordingTransport(t, writes, nodelay), loop)),  # type: ignore[misc]
        )
    else:  # control: uvicorn's own protocol, recorded the same way, must show the split the fix removes
        original = server_run._BaseProtocol.connection_made

        def recording(self: Any, transport: Any) -> None:
            original(self, RecordingTransport(transport, writes, nodelay))

        monkeypatch.setattr(OneWriteHttpProtocol, "connection_made", recording)
    if not fast_path:  # every review through uvicorn's ASGI cycle and Starlette
        monkeypatch.setattr(ReviewHttpProtocol, "_review_call", lambda self: None)
    app = create_app(settings)
    config = uvicorn_config(app, settings, "warning")
    server, thread = run_in_thread(config)
    try:
        sent = admission_review(workload("Deployment", False), "CREATE")
        with httpx2.Client(verify=ssl.create_default_context(cafile=str(certs["ca.crt"])), timeout=5) as client:
            for _ in range(3):
                writes.clear()
                answer = client.post(f"https://127.0.0.1:{settings.port}/mutate", content=orjson.dumps(sent), headers=JSON)
                assert answer.status_code == 200
                assert wait_for(lambda: bool(writes), 2)
                time.sleep(0.05)
                if one_write:
                    assert len(writes) == 1, [w[:40] for w in writes]
                    assert writes[0].startswith(b"HTTP/1.1 200") and writes[0].endswith(answer.content)
                else:
                    assert len(writes) == 2
    finally:
        server.should_exit = True
        thread.join(10)
    if one_write:
        assert nodelay and all(flag != 0 for flag in nodelay)


# --- hot reload ----------------------------------------------------------------------------------

def link_certs(directory: Path, version: str) -> dict[str, Path]:
    """A Kubernetes-style secret volume: files -> ..data/<file>, ..data -> <version>/ (atomic swap)."""
    ca = directory / "ca.crt"
    ca_pair = (ca.read_bytes(), (directory / "ca.key").read_bytes()) if ca.exists() else None
    bundle = generate(["localhost"], ["127.0.0.1"], days=1, ca=ca_pair)
    written = bundle.write(directory / version)
    if ca_pair is None:
        shutil.copy(written["ca.crt"], ca)
        shutil.copy(written["ca.key"], directory / "ca.key")
    tmp_link = directory / "..data_tmp"
    tmp_link.symlink_to(version)
    os.replace(tmp_link, directory / "..data")
    for name in ("tls.crt", "tls.key"):
        if not (directory / name).is_symlink():
            (directory / name).symlink_to(Path("..data") / name)
    return {"tls.crt": directory / "tls.crt", "tls.key": directory / "tls.key", "ca.crt": ca}


def served_certificate(live: LiveServer) -> bytes:
    with socket.create_connection(("127.0.0.1", live.port), timeout=5) as raw:
        with live.ssl_context().wrap_socket(raw, server_hostname="localhost") as tls:
            der = tls.getpeercert(binary_form=True)
            assert der is not None
            return hashlib.sha256(der).digest()


def test_certificate_rotation_without_restart(tmp_path: Path) -> None:
    certs_dir = tmp_path / "certs"
    certs_dir.mkdir()
    certs = link_certs(certs_dir, "v1")
    live = start_server(tmp_path, certs=certs)
    try:
        first = served_certificate(live)
        with live.client() as client:  # an established connection survives the rotation
            assert client.get("/healthz").status_code == 200
            link_certs(certs_dir, "v2")
            assert wait_for(lambda: served_certificate(live) != first), "new handshakes still see the old certificate"
            assert client.get("/healthz").status_code == 200
            assert metric(client.get("/metrics").text, "railguard_reloads_total", what="certificate") >= 1
            rotated = served_certificate(live)
            # a broken certificate is rejected: the last good one keeps serving
            broken = certs_dir / "v3"
            broken.mkdir()
            (broken / "tls.crt").write_text("not a certificate")
            (broken / "tls.key").write_text("not a key")
            (certs_dir / "..data_tmp").symlink_to("v3")
            os.replace(certs_dir / "..data_tmp", certs_dir / "..data")
            assert wait_for(lambda: metric(client.get("/metrics").text, "railguard_reload_failures_total", what="certificate") >= 1)
            assert served_certificate(live) == rotated
            assert live.process.poll() is None
    finally:
        assert live.stop() == 0, live.logs()


def test_policy_reload_good_then_broken(tmp_path: Path) -> None:
    policy_dir = tmp_path / "policies"
    shutil.copytree(default_policy_dir(), policy_dir)
    live = start_server(tmp_path, "--policies", str(policy_dir))
    sent = admission_review(workload("Pod", False), "CREATE")

    def answer(client: httpx2.Client) -> dict[str, Any]:
        result: dict[str, Any] = client.post("/validate", content=orjson.dumps(sent), headers=JSON).json()["response"]
        return result

    try:
        with live.client() as client:
            assert "[require-probes]" in answer(client)["status"]["message"]
            probes = policy_dir / "require-probes" / "policy.yaml"
            text = probes.read_text()
            assert "\naction: deny\n" in text
            probes.write_text(text.replace("\naction: deny\n", "\naction: warn\n"))
            assert wait_for(lambda: "[require-probes]" not in answer(client)["status"]["message"]), "policy change not picked up"
            assert any("require-probes" in w for w in answer(client)["warnings"])
            reloads = metric(client.get("/metrics").text, "railguard_reloads_total", what="policies")
            assert reloads >= 1

            probes.write_text("id: require-probes\naction: [unclosed\n")  # broken: rejected
            assert wait_for(lambda: metric(client.get("/metrics").text, "railguard_reload_failures_total", what="policies") >= 1)
            after = answer(client)
            assert after["allowed"] is False and "[require-probes]" not in after["status"]["message"]
            assert any("require-probes" in w for w in after["warnings"])  # the previous (good) set still serves
            assert client.get("/readyz").status_code == 200
        assert '"event":"reload_failed"' in live.logs()
    finally:
        assert live.stop() == 0, live.logs()


# --- graceful shutdown -----------------------------------------------------------------------------

def test_sigterm_lets_the_in_flight_request_finish(tmp_path: Path) -> None:
    live = start_server(tmp_path)
    body = orjson.dumps(admission_review(workload("Pod", False), "CREATE"))
    head = (
        b"POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    try:
        with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
            with live.ssl_context().wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(head + body[:100])  # the request is in flight: half its body sent
                time.sleep(0.3)
                live.process.send_signal(15)
                time.sleep(0.5)
                assert live.process.poll() is None, "the server exited with a request in flight"
                tls.sendall(body[100:])
                data = b""
                while b'"response"' not in data or not data.endswith(b"}}"):
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        assert data.startswith(b"HTTP/1.1 200"), data[:200]
        assert b'"allowed":false' in data
        live.process.wait(15)
        assert live.process.returncode == 0
        logs = live.logs()
        assert '"event":"stopped"' in logs
        for line in logs.splitlines():  # structured: every line is one JSON object
            orjson.loads(line)
    finally:
        live.stop()


@pytest.mark.parametrize("fast_path", [True, False], ids=["fast-path", "asgi-path"])
def test_while_draining_each_answer_is_still_one_write_with_nodelay_and_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_path: bool
) -> None:
    """The drain's Connection: close changes neither rule: the header goes in the one write, and
    the close comes after it."""
    certs = generate(["localhost"], ["127.0.0.1"], days=1).write(tmp_path)
    settings = Settings(tls_cert=certs["tls.crt"], tls_key=certs["tls.key"], port=free_port(), reload_interval=0)
    writes: list[bytes] = []
    nodelay: list[int] = []
    monkeypatch.setattr(
        OneWriteHttpProtocol, "wrap",
        staticmethod(lambda t, loop: OneWriteTransport(RecordingTransport(t, writes, nodelay), loop)),  # type: ignore[misc]
    )
    if not fast_path:
        monkeypatch.setattr(ReviewHttpProtocol, "_review_call", lambda self: None)
    app = create_app(settings)
    server = server_run.DrainingServer(uvicorn_config(app, settings, "warning"), drain_seconds=5)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, 10), "uvicorn did not start"
    try:
        state = server.server_state
        assert isinstance(state, server_run.DrainingServerState)
        state.draining = True  # as the drain does (signals reach only the main thread's server)
        sent = admission_review(workload("Deployment", False), "CREATE")
        with httpx2.Client(verify=ssl.create_default_context(cafile=str(certs["ca.crt"])), timeout=5) as client:
            for _ in range(2):
                writes.clear()
                answer = client.post(f"https://127.0.0.1:{settings.port}/mutate", content=orjson.dumps(sent), headers=JSON)
                assert answer.status_code == 200 and answer.headers["connection"] == "close"
                assert wait_for(lambda: bool(writes), 2)
                time.sleep(0.05)
                assert len(writes) == 1, [w[:40] for w in writes]
                assert writes[0].startswith(b"HTTP/1.1 200") and writes[0].endswith(answer.content)
                assert b"\r\nconnection: close\r\n" in writes[0].lower()
    finally:
        server.should_exit = True
        thread.join(10)
    assert len(nodelay) == 2 and all(flag != 0 for flag in nodelay)  # a new connection per answer
