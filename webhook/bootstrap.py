"""In-cluster certificate bootstrap (``railguard certs bootstrap``), as kube-webhook-certgen does.

Run by the Job ``railguard-cert-bootstrap`` with its own service account:

1. read Secret ``<secret>``; if it holds a serving certificate signed by its ``ca.crt``, naming
   every DNS name of the Service and valid for more than ``renew_before`` days, keep it;
   otherwise generate a new CA and certificate and create or replace the Secret
   (``kubernetes.io/tls``: ``tls.crt``, ``tls.key``, ``ca.crt``; the CA key is thrown away);
2. make every webhook of both webhook configurations trust that CA (``clientConfig.caBundle``).

A replaced certificate comes with a new CA. While the kubelet has not yet refreshed the mounted
Secret (up to a minute), the pods still serve the old certificate, so the new caBundle holds the
new CA followed by the old one (when it is still valid): no call fails during the switch, and no
CA key has to be kept in the cluster.

Plain HTTPS with the standard library (no Kubernetes client dependency); every call has a timeout,
conflicts (409) are retried a bounded number of times, and no key material is ever logged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import http.client
import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from webhook.certs import CA_FILE, CERT_FILE, KEY_FILE, ca_bundle, generate, service_dns_names
from webhook.errors import RailguardError

IN_CLUSTER_API = "https://kubernetes.default.svc"
SERVICE_ACCOUNT_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")
FIELD_MANAGER = "railguard-cert-bootstrap"
TLS_TYPE = "kubernetes.io/tls"
MAX_ATTEMPTS = 5  # per object, on 409 Conflict
WEBHOOK_PATHS = {
    "ValidatingWebhookConfiguration": "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
    "MutatingWebhookConfiguration": "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
}

Json = dict[str, Any]


class BootstrapError(RailguardError):
    """The bootstrap cannot finish; the message says what failed and what to check."""


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: Json


class KubeApi:
    """A minimal Kubernetes API client: bearer token, a CA to verify the server, JSON in and out."""

    def __init__(self, server: str, token: str, ca_file: Path | None, timeout: float = 10.0) -> None:
        parsed = urllib.parse.urlsplit(server)
        if parsed.scheme != "https" or not parsed.netloc:
            raise BootstrapError(f"the API server must be an https:// URL, got {server!r}")
        self.server = server.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)

    @classmethod
    def from_files(cls, server: str, token_file: Path, ca_file: Path, timeout: float = 10.0) -> KubeApi:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BootstrapError(f"cannot read the service account token {token_file}: {exc.strerror or exc}") from None
        if not token:
            raise BootstrapError(f"the service account token {token_file} is empty")
        if not ca_file.is_file():
            raise BootstrapError(f"cannot read the API server CA {ca_file}: no such file")
        try:
            return cls(server, token, ca_file, timeout)
        except ssl.SSLError as exc:
            raise BootstrapError(f"the API server CA {ca_file} is not a usable certificate: {exc.reason}") from None
        except OSError as exc:
            raise BootstrapError(f"cannot read the API server CA {ca_file}: {exc.strerror or exc}") from None

    def call(self, method: str, path: str, body: Json | None = None) -> ApiResponse:
        """One request. HTTP errors come back as a status; an unreachable server raises."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as answer:
                return ApiResponse(answer.status, _json(answer.read()))
        except urllib.error.HTTPError as exc:
            with exc:
                return ApiResponse(exc.code, _json(exc.read()))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise BootstrapError(f"cannot reach the Kubernetes API at {self.server}: {reason}") from None


def _json(raw: bytes) -> Json:
    try:
        parsed = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _fail(what: str, answer: ApiResponse) -> BootstrapError:
    message = str(answer.body.get("message") or "").strip()
    hint = {
        401: " (the service account token was refused)",
        403: " (the service account lacks the RBAC permission: check the Role/ClusterRole of railguard-cert-bootstrap)",
    }.get(answer.status, "")
    return BootstrapError(f"{what}: HTTP {answer.status}{hint}{': ' + message if message else ''}")


# --- the serving certificate ---------------------------------------------------------------


def _signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    public_key = ca.public_key()
    algorithm = cert.signature_hash_algorithm
    if algorithm is None:
        return False
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(algorithm))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), algorithm)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _same_public_key(cert: x509.Certificate, key_pem: bytes) -> bool:
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        return False
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return bool(key.public_key().public_bytes(*fmt) == cert.public_key().public_bytes(*fmt))


def reusable_problem(files: dict[str, bytes], dns_names: list[str], renew_before: dt.timedelta, now: dt.datetime) -> str | None:
    """Why the Secret's files cannot be kept (None when they can). Never quotes the files."""
    missing = [name for name in (CA_FILE, CERT_FILE, KEY_FILE) if not files.get(name)]
    if missing:
        return f"it has no {', '.join(missing)}"
    try:
        ca = x509.load_pem_x509_certificate(files[CA_FILE])
        cert = x509.load_pem_x509_certificate(files[CERT_FILE])
    except ValueError:
        return "its certificates are unreadable"
    if not _signed_by(cert, ca):
        return f"{CERT_FILE} is not signed by {CA_FILE}"
    if not _same_public_key(cert, files[KEY_FILE]):
        return f"{KEY_FILE} does not belong to {CERT_FILE}"
    if cert.not_valid_before_utc > now:
        return f"{CERT_FILE} is not valid before {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"
    if cert.not_valid_after_utc - renew_before <= now or ca.not_valid_after_utc - renew_before <= now:
        return f"it expires on {min(cert.not_valid_after_utc, ca.not_valid_after_utc):%Y-%m-%d} (renewed {renew_before.days} days ahead)"
    try:
        sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = set(sans.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        names = set()
    absent = [n for n in dns_names if n not in names]
    if absent:
        return f"{CERT_FILE} does not name {', '.join(absent)}"
    return None


def _secret_files(secret: Json) -> dict[str, bytes]:
    files = {}
    for name, value in (secret.get("data") or {}).items():
        try:
            files[str(name)] = base64.b64decode(str(value), validate=True)
        except (binascii.Error, ValueError):
            files[str(name)] = b""
    return files


def _pem_certs(pem: bytes) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError:
        return []


def _fingerprints(pem: bytes) -> set[bytes]:
    return {c.fingerprint(hashes.SHA256()) for c in _pem_certs(pem)}


# --- the steps ---------------------------------------------------------------------------------


@dataclass
class BootstrapResult:
    secret: str = ""  # "created", "replaced" or "reused"
    reason: str = ""  # why it was replaced
    expires: dt.datetime | None = None
    ca_bundle_pem: bytes = b""
    webhooks_updated: dict[str, int] = field(default_factory=dict)  # kind -> number of webhooks changed

    @property
    def changed(self) -> bool:
        return self.secret != "reused" or any(self.webhooks_updated.values())


@dataclass(frozen=True)
class Target:
    namespace: str
    service: str
    secret: str
    validating_webhook: str
    mutating_webhook: str
    days: int = 365
    renew_before: dt.timedelta = dt.timedelta(days=30)
    wait_for_webhooks: float = 60.0  # the Job may start before kubectl has created them

    @property
    def secret_path(self) -> str:
        return f"/api/v1/namespaces/{urllib.parse.quote(self.namespace)}/secrets"


def bootstrap(
    api: KubeApi, target: Target, now: dt.datetime | None = None, log: Callable[[str], None] = lambda _: None
) -> BootstrapResult:
    result = BootstrapResult()
    ensure_secret(api, target, result, now or dt.datetime.now(dt.timezone.utc))
    log(_describe_secret(target, result))
    for kind, name in (
        ("ValidatingWebhookConfiguration", target.validating_webhook),
        ("MutatingWebhookConfiguration", target.mutating_webhook),
    ):
        changed = ensure_ca_bundle(api, target, kind, name, result.ca_bundle_pem, keep_old=result.secret == "replaced")
        result.webhooks_updated[kind] = changed
        log(f"{kind} {name}: " + (f"caBundle set on {changed} webhook(s)" if changed else "caBundle already up to date"))
    return result


def _describe_secret(target: Target, result: BootstrapResult) -> str:
    where = f"Secret {target.namespace}/{target.secret}"
    until = f" (valid until {result.expires:%Y-%m-%d})" if result.expires else ""
    if result.secret == "replaced":
        return f"{where}: replaced because {result.reason}{until}"
    return f"{where}: {result.secret}{until}"


def ensure_secret(api: KubeApi, target: Target, result: BootstrapResult, now: dt.datetime) -> None:
    """Keep a valid Secret, or create/replace it. Sets result.secret, result.ca_bundle_pem."""
    dns_names = service_dns_names(target.service, target.namespace)
    item = f"{target.secret_path}/{urllib.parse.quote(target.secret)}"
    what = f"Secret {target.namespace}/{target.secret}"
    for _ in range(MAX_ATTEMPTS):
        got = api.call("GET", item)
        if got.status == 404:
            bundle = generate(dns_names, days=target.days)
            fresh = _secret(target, bundle.ca_pem, bundle.cert_pem, bundle.key_pem)
            created = api.call("POST", f"{target.secret_path}?fieldManager={FIELD_MANAGER}", fresh)
            if created.status == 409:  # created by someone else meanwhile: look again
                continue
            if created.status not in (200, 201):
                raise _fail(f"cannot create {what}", created)
            result.secret, result.ca_bundle_pem = "created", bundle.ca_pem
            result.expires = x509.load_pem_x509_certificate(bundle.cert_pem).not_valid_after_utc
            return
        if got.status != 200:
            raise _fail(f"cannot read {what}", got)
        files = _secret_files(got.body)
        problem = reusable_problem(files, dns_names, target.renew_before, now)
        if problem is None:
            result.secret, result.ca_bundle_pem = "reused", files[CA_FILE]
            result.expires = x509.load_pem_x509_certificate(files[CERT_FILE]).not_valid_after_utc
            return
        if got.body.get("type", "Opaque") != TLS_TYPE:
            raise BootstrapError(
                f"{what} exists with type {got.body.get('type', 'Opaque')!r} and {problem}; a Secret's type "
                f"cannot change: delete it (kubectl -n {target.namespace} delete secret {target.secret}) and run again"
            )
        bundle = generate(dns_names, days=target.days)
        replacement = _secret(target, bundle.ca_pem, bundle.cert_pem, bundle.key_pem)
        replacement["metadata"] = {**got.body.get("metadata", {}), **replacement["metadata"]}
        replacement["metadata"]["labels"] = {**(got.body.get("metadata", {}).get("labels") or {}), **replacement["metadata"]["labels"]}
        replaced = api.call("PUT", f"{item}?fieldManager={FIELD_MANAGER}", replacement)
        if replaced.status == 409:  # changed since we read it: decide again on the new version
            continue
        if replaced.status != 200:
            raise _fail(f"cannot replace {what}", replaced)
        # The pods serve the old certificate until the kubelet refreshes the mounted Secret.
        still_valid = [c for c in _pem_certs(files.get(CA_FILE, b""))[:1] if c.not_valid_after_utc > now]
        previous = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in still_valid)
        result.secret, result.reason, result.ca_bundle_pem = "replaced", problem, bundle.ca_pem + previous
        result.expires = x509.load_pem_x509_certificate(bundle.cert_pem).not_valid_after_utc
        return
    raise BootstrapError(f"{what} kept changing (HTTP 409 Conflict {MAX_ATTEMPTS} times): run again")


def _secret(target: Target, ca_pem: bytes, cert_pem: bytes, key_pem: bytes) -> Json:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": target.secret,
            "namespace": target.namespace,
            "labels": {"app.kubernetes.io/name": "railguard", "app.kubernetes.io/managed-by": FIELD_MANAGER},
        },
        "type": TLS_TYPE,
        "data": {CA_FILE: b64(ca_pem), CERT_FILE: b64(cert_pem), KEY_FILE: b64(key_pem)},
    }


def ensure_ca_bundle(api: KubeApi, target: Target, kind: str, name: str, ca_pem: bytes, keep_old: bool) -> int:
    """Make every webhook of ``kind``/``name`` trust ``ca_pem`` (its first certificate, at least).

    A webhook whose caBundle already contains the Secret's CA is left alone (so a second run
    writes nothing). GET, then PUT with the resourceVersion read: a list cannot be merge-patched,
    and a concurrent change (409) makes us read again. Returns how many webhooks changed.
    """
    path = f"{WEBHOOK_PATHS[kind]}/{urllib.parse.quote(name)}"
    wanted = _fingerprints(ca_pem)
    current_ca = {c.fingerprint(hashes.SHA256()) for c in _pem_certs(ca_pem)[:1]}
    deadline = time.monotonic() + target.wait_for_webhooks
    attempts = 0
    while attempts < MAX_ATTEMPTS:
        got = api.call("GET", path)
        if got.status == 404:
            if time.monotonic() >= deadline:
                raise BootstrapError(f"{kind} {name} does not exist: apply the manifests first (kubectl apply -k manifests/)")
            time.sleep(min(2.0, max(0.05, deadline - time.monotonic())))
            continue
        if got.status != 200:
            raise _fail(f"cannot read {kind} {name}", got)
        config = got.body
        hooks = config.get("webhooks") or []
        if not hooks:
            raise BootstrapError(f"{kind} {name} has no webhooks")
        changed = 0
        for hook in hooks:
            client = hook.setdefault("clientConfig", {})
            try:
                present_pem = base64.b64decode(str(client.get("caBundle") or ""), validate=True)
            except (binascii.Error, ValueError):
                present_pem = b""
            present = _fingerprints(present_pem)
            if current_ca <= present and (not keep_old or wanted <= present):
                continue
            client["caBundle"] = ca_bundle(ca_pem)
            changed += 1
        if not changed:
            return 0
        put = api.call("PUT", f"{path}?fieldManager={FIELD_MANAGER}", config)
        if put.status == 200:
            return changed
        if put.status != 409:
            raise _fail(f"cannot update {kind} {name}", put)
        attempts += 1
    raise BootstrapError(f"{kind} {name} kept changing (HTTP 409 Conflict {MAX_ATTEMPTS} times): run again")
