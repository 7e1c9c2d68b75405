"""A certificate reload reads the files once. It used to read them twice: into a scratch context
(the check), then into the live one. A rotation writing the files between the two reads put a pair
that had never been checked into the live context; a mismatched one left it with a certificate and
no key, and every new handshake failed until the next good rotation. Here the certificate file is a
named pipe that gives a different certificate to each reader, so that window is hit every time."""

from __future__ import annotations

import os
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from server_helpers import write_certs

from webhook.config import Settings
from webhook.server import create_app
from webhook.server_reload import load_certificate
from webhook.server_run import uvicorn_config


def _serve_each_reader(fifo: Path, contents: list[bytes], stop: threading.Event) -> threading.Thread:
    """Each open of ``fifo`` for reading gets the next of ``contents`` (the last one repeats)."""

    def run() -> None:
        served = 0
        deadline = time.monotonic() + 10
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet (ENXIO)
                time.sleep(0.005)
                continue
            try:
                os.set_blocking(fd, True)
                os.write(fd, contents[min(served, len(contents) - 1)])
            finally:
                os.close(fd)
            served += 1
            time.sleep(0.05)  # let that reader see the end of the file before the next open

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _handshake(context: ssl.SSLContext, ca: Path) -> bytes:
    """The certificate a client gets from a server using ``context`` (raises when none)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def accept() -> None:
            listener.settimeout(10)
            connection, _ = listener.accept()
            connection.settimeout(10)  # accept() gives a blocking socket: the handshake and recv get a bound too
            try:
                with context.wrap_socket(connection, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                pass

        server = threading.Thread(target=accept, daemon=True)
        server.start()
        client = ssl.create_default_context(cafile=str(ca))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                with client.wrap_socket(raw, server_hostname="localhost") as tls:
                    der = tls.getpeercert(binary_form=True)
                    tls.sendall(b"x")
                    assert der is not None
                    return der
        finally:
            server.join(10)


@pytest.mark.parametrize("mutual", [False, True])
def test_a_rotation_between_the_check_and_the_load_never_breaks_the_serving_context(tmp_path: Path, mutual: bool) -> None:
    first = write_certs(tmp_path / "a")
    ca = (first["ca.crt"].read_bytes(), first["ca.key"].read_bytes())
    checked = write_certs(tmp_path / "b", ca=ca)  # the pair the check sees
    other = write_certs(tmp_path / "c", ca=ca)  # a later certificate, its key not written yet
    settings = Settings(tls_cert=first["tls.crt"], tls_key=first["tls.key"], port=0,
                        tls_client_ca=first["ca.crt"] if mutual else None)
    config = uvicorn_config(create_app(settings), settings)
    context = config.ssl
    assert context is not None
    before = _handshake(context, first["ca.crt"])

    live = tmp_path / "live"
    live.mkdir()
    fifo = live / "tls.crt"
    os.mkfifo(fifo)
    (live / "tls.key").write_bytes(checked["tls.key"].read_bytes())
    stop = threading.Event()
    writer = _serve_each_reader(fifo, [checked["tls.crt"].read_bytes(), other["tls.crt"].read_bytes()], stop)
    try:
        # the file is read once, so the pair read is the checked one: the reload succeeds (a
        # reload skipped or refused would leave the first certificate serving and hide the race)
        load_certificate(context, fifo, live / "tls.key", first["ca.crt"] if mutual else None)
    finally:
        stop.set()
        writer.join(10)
    served = _handshake(context, first["ca.crt"])  # failed: "no shared cipher", the key was gone
    assert before == _der(first["tls.crt"]) != _der(checked["tls.crt"])
    assert served == _der(checked["tls.crt"]), "the serving context does not use the reloaded pair"


def _der(pem: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(pem.read_text())
