"""TLS material with ``cryptography``: a local CA, a serving certificate and the caBundle value.

``ensure_dev_certs`` creates (once) what ``railguard serve --dev`` needs; ``generate`` makes the
in-cluster set for a Service (``<svc>``, ``<svc>.<ns>``, ``<svc>.<ns>.svc``,
``<svc>.<ns>.svc.cluster.local``).
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE, CERT_FILE, KEY_FILE, CA_KEY_FILE = "ca.crt", "tls.crt", "tls.key", "ca.key"


def ca_bundle(ca_pem: bytes) -> str:
    """The value of ``clientConfig.caBundle`` in a webhook configuration for these CA certificates."""
    return base64.b64encode(ca_pem).decode("ascii")


@dataclass(frozen=True)
class CertBundle:
    ca_pem: bytes
    ca_key_pem: bytes
    cert_pem: bytes
    key_pem: bytes

    @property
    def ca_bundle(self) -> str:
        """The value of ``clientConfig.caBundle`` in a webhook configuration."""
        return ca_bundle(self.ca_pem)

    def write(self, directory: Path) -> dict[str, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, data, mode in (
            (CA_FILE, self.ca_pem, 0o644),
            (CA_KEY_FILE, self.ca_key_pem, 0o600),
            (CERT_FILE, self.cert_pem, 0o644),
            (KEY_FILE, self.key_pem, 0o600),
        ):
            path = directory / name
            tmp = path.with_suffix(path.suffix + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)  # atomic: a watcher never sees a half-written file
            paths[name] = path
        return paths


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def service_dns_names(service: str, namespace: str) -> list[str]:
    return [service, f"{service}.{namespace}", f"{service}.{namespace}.svc", f"{service}.{namespace}.svc.cluster.local"]


def generate(
    dns_names: list[str],
    ip_addresses: list[str] | None = None,
    days: int = 365,
    ca: tuple[bytes, bytes] | None = None,
    common_name: str | None = None,
) -> CertBundle:
    """A serving certificate for ``dns_names`` (first one is the CN) signed by ``ca`` (cert, key
    PEM) or by a new CA valid ten times as long."""
    now = dt.datetime.now(dt.timezone.utc)
    if ca is None:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "railguard CA")])
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days * 10))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
    else:
        ca_cert = x509.load_pem_x509_certificate(ca[0])
        loaded = serialization.load_pem_private_key(ca[1], password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey):
            raise ValueError("the CA key must be an EC key")
        ca_key = loaded
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in dns_names]
    sans += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ip_addresses or []]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name or dns_names[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return CertBundle(
        ca_cert.public_bytes(serialization.Encoding.PEM),
        _key_pem(ca_key),
        cert.public_bytes(serialization.Encoding.PEM),
        _key_pem(key),
    )


DEV_DNS_NAMES = ["localhost", *service_dns_names("railguard", "railguard-system")]


def ensure_dev_certs(directory: Path) -> dict[str, Path]:
    """Create the development CA and serving certificate in ``directory`` unless they exist."""
    paths = {name: directory / name for name in (CA_FILE, CA_KEY_FILE, CERT_FILE, KEY_FILE)}
    if all(p.exists() for p in paths.values()):
        return paths
    return generate(DEV_DNS_NAMES, ["127.0.0.1", "::1"]).write(directory)
