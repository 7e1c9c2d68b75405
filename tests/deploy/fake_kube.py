"""A small fake Kubernetes API server over TLS on 127.0.0.1, for `railguard certs bootstrap`.

It serves what the bootstrap touches, with the API server's rules that matter here: a bearer
token (401 otherwise), 404 for a missing object, 409 AlreadyExists on a second create, 409
Conflict on an update whose resourceVersion is stale, 422 for a Secret whose type would change or
a TLS Secret without its keys. Tests can refuse everything (403) or inject conflicts (another
writer changes the object between the client's read and its write).
"""

from __future__ import annotations

import copy
import json
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from webhook.certs import generate

TOKEN = "fake-service-account-token-for-tests"
SECRETS = "/api/v1/namespaces/{ns}/secrets"
HOOKS = {
    "validatingwebhookconfigurations": "ValidatingWebhookConfiguration",
    "mutatingwebhookconfigurations": "MutatingWebhookConfiguration",
}
HOOKS_PREFIX = "/apis/admissionregistration.k8s.io/v1/"

Obj = dict[str, Any]


@dataclass
class FakeKube:
    """The state of the fake cluster; ``objects`` maps an API path to the stored object."""

    objects: dict[str, Obj] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)  # (method, path without query)
    conflicts: dict[str, int] = field(default_factory=dict)  # path -> PUTs to refuse with 409
    forbidden: bool = False
    version: int = 100
    lock: threading.Lock = field(default_factory=threading.Lock)

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.log if m != "GET"]

    def next_version(self) -> str:
        self.version += 1
        return str(self.version)

    def store(self, path: str, obj: Obj) -> Obj:
        obj = copy.deepcopy(obj)
        obj.setdefault("metadata", {})["resourceVersion"] = self.next_version()
        self.objects[path] = obj
        return obj

    def handle(self, method: str, raw_path: str, token: str | None, body: bytes) -> tuple[int, Obj]:
        path = urllib.parse.urlsplit(raw_path).path
        with self.lock:
            self.log.append((method, path))
            if token != f"Bearer {TOKEN}":
                return 401, status(401, "Unauthorized", "Unauthorized")
            if self.forbidden:
                return 403, status(403, "Forbidden", f'cannot {method.lower()} resource at "{path}"')
            if method == "GET":
                found = self.objects.get(path)
                return (200, copy.deepcopy(found)) if found else (404, status(404, "NotFound", f"{path} not found"))
            try:
                obj = json.loads(body)
            except ValueError:
                return 400, status(400, "BadRequest", "invalid JSON")
            if method == "POST":
                return self.create(path, obj)
            if method == "PUT":
                return self.update(path, obj)
            return 405, status(405, "MethodNotAllowed", method)

    def create(self, collection: str, obj: Obj) -> tuple[int, Obj]:
        path = f"{collection}/{obj['metadata']['name']}"
        if not collection.endswith("/secrets"):
            return 405, status(405, "MethodNotAllowed", "create is only emulated for Secrets")
        if path in self.objects:
            return 409, status(409, "AlreadyExists", f'secrets "{obj["metadata"]["name"]}" already exists')
        problem = invalid_secret(obj)
        if problem:
            return 422, status(422, "Invalid", problem)
        return 201, self.store(path, obj)

    def update(self, path: str, obj: Obj) -> tuple[int, Obj]:
        stored = self.objects.get(path)
        if stored is None:
            return 404, status(404, "NotFound", f"{path} not found")
        if self.conflicts.get(path, 0) > 0:
            self.conflicts[path] -= 1
            other = copy.deepcopy(stored)  # another writer got there first
            other["metadata"].setdefault("labels", {})["touched-by"] = f"other-writer-{self.version}"
            self.store(path, other)
        if obj.get("metadata", {}).get("resourceVersion") != self.objects[path]["metadata"]["resourceVersion"]:
            return 409, status(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again")
        if "/secrets/" in path:
            if obj.get("type", "Opaque") != stored.get("type", "Opaque"):
                return 422, status(422, "Invalid", "type: Invalid value: field is immutable")
            problem = invalid_secret(obj)
            if problem:
                return 422, status(422, "Invalid", problem)
        return 200, self.store(path, obj)


def invalid_secret(obj: Obj) -> str | None:
    if obj.get("type") == "kubernetes.io/tls" and not {"tls.crt", "tls.key"} <= set(obj.get("data") or {}):
        return "data[tls.crt], data[tls.key]: Required value"
    return None


def status(code: int, reason: str, message: str) -> Obj:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code}


def secret_path(namespace: str, name: str) -> str:
    return SECRETS.format(ns=namespace) + f"/{name}"


def hook_path(kind: str, name: str) -> str:
    plural = next(p for p, k in HOOKS.items() if k == kind)
    return f"{HOOKS_PREFIX}{plural}/{name}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        code, obj = self.server.fake.handle(self.command, self.path, self.headers.get("Authorization"), body)
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = _answer

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeKube, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
        self.context = context

    def get_request(self) -> tuple[Any, Any]:
        conn, addr = super().get_request()
        conn.settimeout(5)
        return self.context.wrap_socket(conn, server_side=True), addr


@dataclass
class Running:
    fake: FakeKube
    url: str
    ca_file: Path
    token_file: Path

    def args(self, *extra: str) -> list[str]:
        """Command-line options that point `railguard certs bootstrap` at this server."""
        return ["--api-server", self.url, "--token-file", str(self.token_file), "--ca-file", str(self.ca_file),
                "--timeout", "3", "--wait", "0", *extra]


class FakeKubeServer:
    """Context manager: the fake API server on an ephemeral 127.0.0.1 port with its own CA."""

    def __init__(self, directory: Path, fake: FakeKube) -> None:
        material = generate(["localhost"], ["127.0.0.1"], days=2)
        directory.mkdir(parents=True, exist_ok=True)
        paths = material.write(directory)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(paths["tls.crt"], paths["tls.key"])
        self.server = _Server(fake, context)
        token = directory / "token"
        token.write_text(TOKEN + "\n", encoding="utf-8")
        self.running = Running(fake, f"https://127.0.0.1:{self.server.server_address[1]}", paths["ca.crt"], token)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        return self.running

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
