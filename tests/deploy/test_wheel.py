"""The wheel the Dockerfile builds and installs (``python -m build --wheel``, then ``pip install``):
this package with the bundled policy library and manifests, and the ``railguard`` console script,
working from the installed files alone, outside the checkout. Built offline here (no build
isolation: hatchling is a test dependency)."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy_support import REPO

POD = b"apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: app:1}]}\n"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    site: Path  # pip install --target
    cwd: Path  # outside the checkout: nothing found relative to it

    def run(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(self.site / "bin" / "railguard"), *args], input=stdin, capture_output=True, cwd=self.cwd,
            env=self.env(), timeout=120,
        )

    def env(self) -> dict[str, str]:
        # the test environment holds an editable install of the checkout: the wheel's copy comes first
        return {**{k: v for k, v in os.environ.items() if not k.startswith("RAILGUARD_")}, "PYTHONPATH": str(self.site)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    tmp = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation", "--wheel-dir",
                    str(tmp / "dist"), str(REPO)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("railguard-*.whl")
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "--no-index", "--target", str(tmp / "site"), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    (tmp / "elsewhere").mkdir()
    yield Installed(wheel, tmp / "site", tmp / "elsewhere")


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_bundles_the_whole_policy_library_and_the_manifests(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for folder, bundled in (("policies", "webhook/bundled_policies"), ("manifests", "webhook/bundled_manifests")):
        expected = {f"{bundled}/{name}" for name in files_under(REPO / folder)}
        assert expected and expected <= names, sorted(expected - names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "railguard = webhook.cli:main" in zipfile.ZipFile(installed.wheel).read(entry_points).decode()


def test_the_installed_package_is_the_one_that_runs(installed: Installed) -> None:
    where = subprocess.run([sys.executable, "-c", "import webhook; print(webhook.__file__)"], capture_output=True,
                           cwd=installed.cwd, env=installed.env(), check=True, timeout=60)
    assert Path(where.stdout.decode().strip()).is_relative_to(installed.site)


def test_the_installed_library_passes_its_own_cases(installed: Installed) -> None:
    verified = installed.run("policies", "verify")
    assert verified.returncode == 0, verified.stdout.decode() + verified.stderr.decode()
    checkout = subprocess.run([sys.executable, "-m", "webhook.cli", "policies", "verify"], capture_output=True,
                              cwd=REPO, timeout=120)
    assert verified.stdout.splitlines()[-1] == checkout.stdout.splitlines()[-1]  # "N passed, 0 failed"


def test_the_installed_cli_gives_the_checkouts_verdicts(installed: Installed) -> None:
    from_wheel = installed.run("test", "-o", "json", "-", stdin=POD)
    from_checkout = subprocess.run([sys.executable, "-m", "webhook.cli", "test", "-o", "json", "-"], input=POD,
                                   capture_output=True, cwd=REPO, timeout=120)
    assert from_wheel.returncode == from_checkout.returncode == 1
    assert from_wheel.stdout == from_checkout.stdout
    assert b"require-run-as-non-root" in from_wheel.stdout


def test_the_installed_server_gets_ready_on_embedded_defaults(installed: Installed) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([str(installed.site / "bin" / "railguard"), "serve", "--dev", "--port", str(port)],
                              cwd=installed.cwd, env=installed.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert ready(port, installed.cwd / "certs" / "ca.crt", server), (server.kill(), server.communicate()[0].decode())
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert server.returncode == 0
    assert (installed.cwd / "railguard-audit.db").is_file()  # the embedded SQLite audit trail


def ready(port: int, ca: Path, server: subprocess.Popen[bytes], seconds: float = 30) -> bool:
    """Whether GET /readyz answers 200 (policies, audit and certificate all loaded) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            context = ssl.create_default_context(cafile=str(ca))
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
                with context.wrap_socket(raw, server_hostname="localhost") as tls:
                    tls.sendall(b"GET /readyz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
                    if tls.recv(65536).startswith(b"HTTP/1.1 200 "):
                        return True
        except (OSError, ssl.SSLError):
            pass
        time.sleep(0.2)
    return False
