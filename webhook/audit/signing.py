"""Ed25519 keys for signed checkpoints: the private key signs, the public key alone verifies."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from webhook.errors import AuditError
from webhook.files import read_bounded

PrivateKey = Ed25519PrivateKey
PublicKey = Ed25519PublicKey


def generate(private_path: Path, public_path: Path) -> str:
    """Write a new key pair (private key mode 0600); return its key id. Neither file is ever
    overwritten: replacing the public key auditors verify checkpoints with is as harmful as losing
    the signing key. When either exists, nothing is written."""
    if os.path.realpath(private_path) == os.path.realpath(public_path):
        raise AuditError(f"{private_path}: named as both the private and the public key file (nothing was written)")
    for path, what in ((private_path, "a signing key"), (public_path, "the public key checkpoints are verified with")):
        if os.path.lexists(path):
            raise AuditError(f"{path}: already exists (refusing to overwrite {what}; nothing was written)")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    created: list[Path] = []
    try:  # O_EXCL: a file that appeared since the check above is not replaced either
        for path, pem, mode in ((private_path, private_pem, 0o600), (public_path, public_pem, 0o666)):
            fd = _create(path, mode)
            created.append(path)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
    except BaseException:
        for path in created:  # a key pair is written whole or not at all
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    return key_id(key.public_key())


def _create(path: Path, mode: int) -> int:
    """A new file at ``path``, opened for writing; ``AuditError`` if it exists or cannot be made."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise AuditError(f"{path}: already exists (refusing to overwrite a key file; nothing was written)") from None
    except OSError as exc:
        raise AuditError(f"{path}: cannot write: {exc.strerror}") from None


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:16]


MAX_KEY_BYTES = 64 * 1024
"""The largest key file read: an Ed25519 PEM key is about 120 bytes."""


def read_file(path: Path, limit: int) -> bytes:
    """A key or checkpoint file the command line names, at most ``limit`` bytes; ``AuditError``
    saying why not for anything else: a FIFO (no writer: reading would wait forever), a device
    (``/dev/zero`` never ends), a folder, a file over the limit."""
    try:
        return read_bounded(path, limit)
    except OSError as exc:
        raise AuditError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(read_file(path, MAX_KEY_BYTES), password=None)
    except (ValueError, TypeError):
        raise AuditError(f"{path}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditError(f"{path}: not an Ed25519 private key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(read_file(path, MAX_KEY_BYTES))
    except (ValueError, TypeError):
        raise AuditError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditError(f"{path}: not an Ed25519 public key")
    return key


def valid(public: Ed25519PublicKey, signature: bytes, payload: bytes) -> bool:
    try:
        public.verify(signature, payload)
    except InvalidSignature:
        return False
    return True
