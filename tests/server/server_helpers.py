"""Shared test helpers: a fake audit store, AdmissionReview builders, the response contract check,
and a real ``railguard serve`` subprocess over TLS on 127.0.0.1."""

from __future__ import annotations

import base64
import copy
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import jsonpatch
import orjson

from polling import wait_for  # noqa: F401 (the server tests import it from here)
from webhook.admission import Decision
from webhook.certs import generate
from webhook.errors import AuditError

RESPONSE_KEYS = {"uid", "allowed", "status", "patchType", "patch", "warnings"}


class FakeAuditStore:
    """Implements the AuditStore protocol in memory; can be told to fail."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.records: list[tuple[Decision, float]] = []
        self.flushed = self.closed = False

    def record(self, decision: Decision, latency_ms: float) -> None:
        if self.fail:
            raise AuditError("audit database is not writable (test)")
        self.records.append((decision, latency_ms))

    async def arecord(self, decision: Decision, latency_ms: float) -> None:
        self.record(decision, latency_ms)

    def flush(self) -> None:
        self.flushed = True

    def writable(self) -> bool:
        return not self.fail

    def close(self) -> None:
        self.closed = True


# --- AdmissionReview builders -------------------------------------------------------------------

def _container(compliant: bool) -> dict[str, Any]:
    c: dict[str, Any] = {"name": "app", "image": "registry.example/app:1.0"}
    if compliant:
        c.update(
            securityContext={"runAsNonRoot": True, "runAsUser": 10001},
            resources={"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
            livenessProbe={"httpGet": {"path": "/healthz", "port": 8080}},
            readinessProbe={"httpGet": {"path": "/ready", "port": 8080}},
        )
    return c


def _pod_spec(compliant: bool, restart: str = "Always") -> dict[str, Any]:
    return {"containers": [_container(compliant)], "restartPolicy": restart}


def _template(compliant: bool, restart: str = "Always") -> dict[str, Any]:
    return {"metadata": {"labels": {"app": "web"}}, "spec": _pod_spec(compliant, restart)}


GVK = {
    "Pod": ("", "v1", "pods"),
    "Deployment": ("apps", "v1", "deployments"),
    "ReplicaSet": ("apps", "v1", "replicasets"),
    "StatefulSet": ("apps", "v1", "statefulsets"),
    "DaemonSet": ("apps", "v1", "daemonsets"),
    "ReplicationController": ("", "v1", "replicationcontrollers"),
    "Job": ("batch", "v1", "jobs"),
    "CronJob": ("batch", "v1", "cronjobs"),
    "ConfigMap": ("", "v1", "configmaps"),
}


def workload(kind: str, compliant: bool, name: str = "web") -> dict[str, Any]:
    group, version, _ = GVK[kind]
    obj: dict[str, Any] = {
        "apiVersion": f"{group}/{version}" if group else version,
        "kind": kind,
        "metadata": {"name": name, "namespace": "demo", "labels": {"app": "web"}},
    }
    selector = {"matchLabels": {"app": "web"}}
    if kind == "Pod":
        obj["spec"] = _pod_spec(compliant)
    elif kind in ("Deployment", "ReplicaSet"):
        obj["spec"] = {"replicas": 3, "selector": selector, "template": _template(compliant)}
    elif kind == "StatefulSet":
        obj["spec"] = {"replicas": 3, "serviceName": name, "selector": selector, "template": _template(compliant)}
    elif kind == "DaemonSet":
        obj["spec"] = {"selector": selector, "template": _template(compliant)}
    elif kind == "ReplicationController":
        obj["spec"] = {"replicas": 3, "selector": {"app": "web"}, "template": _template(compliant)}
    elif kind == "Job":
        obj["spec"] = {"template": _template(compliant, "Never")}
    elif kind == "CronJob":
        obj["spec"] = {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": _template(compliant, "Never")}}}
    elif kind == "ConfigMap":
        obj["data"] = {"LOG_LEVEL": "info"}
    return obj


def admission_review(
    obj: dict[str, Any] | None,
    operation: str,
    *,
    kind: str | None = None,
    old: dict[str, Any] | None = None,
    uid: str = "0f1e2d3c-0000-4000-8000-000000000001",
    api_version: str = "admission.k8s.io/v1",
    sub_resource: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    source = obj or old or {}
    kind = kind or source.get("kind", "Pod")
    group, version, resource = GVK.get(kind, ("", "v1", kind.lower() + "s"))
    request: dict[str, Any] = {
        "uid": uid,
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource},
        "name": source.get("metadata", {}).get("name", "web"),
        "namespace": "demo",
        "operation": operation,
        "userInfo": {"username": "admin", "groups": ["system:masters"]},
        "object": obj,
        "oldObject": old,
        "dryRun": dry_run,
    }
    if sub_resource:
        request["subResource"] = sub_resource
    return {"apiVersion": api_version, "kind": "AdmissionReview", "request": request}


# --- the response contract -----------------------------------------------------------------------

def check_contract(sent: dict[str, Any], status: int, headers: Any, body: bytes, endpoint: str) -> dict[str, Any]:
    """Assert the AdmissionReview response contract field by field; return the response object."""
    assert status == 200, body[:300]
    assert headers["content-type"].startswith("application/json")
    answer = orjson.loads(body)
    assert answer["apiVersion"] == sent["apiVersion"]
    assert answer["kind"] == "AdmissionReview"
    assert set(answer) == {"apiVersion", "kind", "response"}
    response = answer["response"]
    assert set(response) <= RESPONSE_KEYS, set(response) - RESPONSE_KEYS
    assert response["uid"] == sent["request"]["uid"]
    assert isinstance(response["allowed"], bool)
    if response["allowed"]:
        assert "status" not in response
    else:
        assert response["status"]["code"] in (403, 500)
        assert isinstance(response["status"]["message"], str) and response["status"]["message"]
    for warning in response.get("warnings", []):
        assert isinstance(warning, str) and 0 < len(warning) <= 120
    if "warnings" in response:
        assert response["warnings"], "warnings present but empty"
    assert ("patch" in response) == ("patchType" in response)
    if "patch" in response:
        assert endpoint == "mutate", "the validating webhook must never patch"
        assert response["patchType"] == "JSONPatch"
        ops = orjson.loads(base64.b64decode(response["patch"], validate=True))
        assert isinstance(ops, list) and ops, "patchType given with an empty patch"
    operation = sent["request"]["operation"]
    if operation in ("DELETE", "CONNECT") or sent["request"].get("subResource") in ("status", "scale"):
        assert response == {"uid": sent["request"]["uid"], "allowed": True}
    return response


def patched_object(sent: dict[str, Any], response: dict[str, Any]) -> dict[str, Any] | None:
    if "patch" not in response:
        return None
    ops = orjson.loads(base64.b64decode(response["patch"]))
    result: dict[str, Any] = jsonpatch.apply_patch(copy.deepcopy(sent["request"]["object"]), ops)
    return result


# --- a real server --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def write_certs(directory: Path, ca: tuple[bytes, bytes] | None = None) -> dict[str, Path]:
    return generate(["localhost"], ["127.0.0.1"], days=2, ca=ca).write(directory)


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    port: int
    ca: Path
    log: Path
    certs: dict[str, Path] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def client(self, **kwargs: Any) -> httpx2.Client:
        kwargs.setdefault("timeout", 10)
        return httpx2.Client(base_url=self.url, verify=self.ssl_context(), **kwargs)

    def logs(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_server(
    tmp: Path,
    *args: str,
    env: dict[str, str] | None = None,
    reload_interval: float = 0.2,
    certs: dict[str, Path] | None = None,
    drain_seconds: float = 0.0,
) -> LiveServer:
    """``railguard serve`` in a subprocess on a free port (fresh certificates in ``tmp`` unless
    ``certs`` names tls.crt, tls.key and ca.crt). No drain on SIGTERM unless ``drain_seconds``
    (or ``env``) asks for one: the tests stop their servers often."""
    certs = certs or write_certs(tmp / "certs")
    port = free_port()
    log = tmp / f"serve-{port}.log"
    command = [
        sys.executable, "-c", "import sys; from webhook.cli import main; sys.exit(main())", "serve",
        "--cert", str(certs["tls.crt"]), "--key", str(certs["tls.key"]), "--port", str(port),
        "--audit", f"sqlite:{tmp / 'audit.db'}", *args,
    ]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RAILGUARD_")}
    environ.update({"RAILGUARD_RELOAD_INTERVAL": str(reload_interval), "RAILGUARD_DRAIN_SECONDS": str(drain_seconds)},
                   **(env or {}))
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environ, cwd=tmp)
    server = LiveServer(process, port, certs["ca.crt"], log, certs)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"railguard serve exited with {process.returncode}:\n{server.logs()}")
            try:
                with server.client(timeout=1) as client:
                    if client.get("/healthz").status_code == 200:
                        return server
            except httpx2.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"railguard serve did not become healthy:\n{server.logs()}")
    except BaseException:
        server.stop()
        raise


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text exposition (0 when absent); label order free."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        sample, _, label_text = series.partition("{")
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', label_text))
        if sample == name and found == labels:
            return float(value)
    return 0.0
