"""``railguard serve`` command line: settings precedence, refusing to start without TLS, --dev
certificates, mutual TLS, and the reload watcher on the cluster configuration file."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx2
import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server_helpers import LiveServer, admission_review, free_port, start_server, workload, write_certs
from webhook.cli import serve_cmd
from webhook.config import ClusterConfig, default_policy_dir
from webhook.policies import load_policies
from webhook.server_reload import Library, Watch, load_library

JSON = {"content-type": "application/json"}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    return parser.parse_args(list(argv))


def test_flags_override_environment_which_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAILGUARD_PORT", "9443")
    monkeypatch.setenv("RAILGUARD_HOST", "0.0.0.0")
    monkeypatch.setenv("RAILGUARD_AUDIT_FAILURE", "allow")
    settings = serve_cmd.settings_from(parse("--port", "10443"))
    assert settings.port == 10443 and settings.host == "0.0.0.0" and settings.audit_failure == "allow"
    assert settings.policy_dir == default_policy_dir()


def test_refuses_to_start_without_a_certificate(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from webhook.cli import main; sys.exit(main())", "serve", "--port", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "HTTPS only" in result.stderr and "--dev" in result.stderr


def test_missing_certificate_file_is_a_clear_error(tmp_path: Path) -> None:
    settings = serve_cmd.settings_from(parse("--cert", str(tmp_path / "nope.crt"), "--key", str(tmp_path / "nope.key")))
    assert serve_cmd.check(settings) == f"certificate file not found: {tmp_path / 'nope.crt'}"


def test_dev_creates_certificates_once_in_the_certs_dir(tmp_path: Path) -> None:
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    assert settings.dev and settings.tls_cert == tmp_path / "tls.crt" and settings.tls_key == tmp_path / "tls.key"
    first = settings.tls_cert.read_bytes()
    serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    assert settings.tls_cert.read_bytes() == first
    assert serve_cmd.check(settings) is None


def test_broken_policy_folder_refuses_to_start(tmp_path: Path) -> None:
    (tmp_path / "p" / "bad").mkdir(parents=True)
    (tmp_path / "p" / "bad" / "policy.yaml").write_text("id: [\n")
    with pytest.raises(AssertionError, match="exited with 2"):
        start_server(tmp_path, "--policies", str(tmp_path / "p"))


def client_certificate(ca_dir: Path, out: Path) -> tuple[Path, Path]:
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


def start_with_client_ca(tmp_path: Path, certs: dict[str, Path], client_ca: Path) -> LiveServer:
    """``railguard serve --client-ca``; start_server's readiness probe has no client certificate."""
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "import sys; from webhook.cli import main; sys.exit(main())", "serve",
               "--cert", str(certs["tls.crt"]), "--key", str(certs["tls.key"]), "--port", str(port),
               "--client-ca", str(client_ca), "--audit", f"sqlite:{tmp_path / 'audit.db'}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAILGUARD_")}
    env["RAILGUARD_RELOAD_INTERVAL"] = "0.2"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    return LiveServer(process, port, certs["ca.crt"], log)


def reviewed_with(live: LiveServer, client: tuple[Path, Path] | None) -> bool:
    """Whether a review over mutual TLS with this client certificate (or none) is answered."""
    context = ssl.create_default_context(cafile=str(live.ca))
    if client is not None:
        context.load_cert_chain(str(client[0]), str(client[1]))
    sent = admission_review(workload("Pod", True), "CREATE")
    try:
        with httpx2.Client(verify=context, timeout=2) as http:
            answer = http.post(f"{live.url}/validate", content=orjson.dumps(sent), headers=JSON)
    except (httpx2.HTTPError, ssl.SSLError):
        return False
    return answer.status_code == 200 and answer.json()["response"]["allowed"] is True


def eventually(condition: Callable[[], bool], live: LiveServer, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert live.process.poll() is None, live.logs()
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_mutual_tls_requires_a_client_certificate(tmp_path: Path) -> None:
    certs = write_certs(tmp_path / "certs")
    client_ca = write_certs(tmp_path / "client-ca")  # a separate CA for clients
    client = client_certificate(tmp_path / "client-ca", tmp_path / "client")
    live = start_with_client_ca(tmp_path, certs, client_ca["ca.crt"])
    try:
        assert eventually(lambda: reviewed_with(live, client), live)
        assert not reviewed_with(live, None)
    finally:
        assert live.stop() == 0, live.logs()


def test_a_rotated_client_ca_is_used_without_restart(tmp_path: Path) -> None:
    certs = write_certs(tmp_path / "certs")
    write_certs(tmp_path / "old-ca")
    write_certs(tmp_path / "new-ca")
    old_client = client_certificate(tmp_path / "old-ca", tmp_path / "old-client")
    new_client = client_certificate(tmp_path / "new-ca", tmp_path / "new-client")
    ca_file = tmp_path / "client-ca.crt"
    ca_file.write_bytes((tmp_path / "old-ca" / "ca.crt").read_bytes())
    live = start_with_client_ca(tmp_path, certs, ca_file)
    try:
        assert eventually(lambda: reviewed_with(live, old_client), live)
        assert not reviewed_with(live, new_client)
        staged = tmp_path / "client-ca.crt.new"
        staged.write_bytes((tmp_path / "new-ca" / "ca.crt").read_bytes())
        os.replace(staged, ca_file)  # as a Secret volume update: atomic
        assert eventually(lambda: reviewed_with(live, new_client), live), live.logs()
        assert not reviewed_with(live, old_client), "the replaced client CA is still trusted"
        assert live.process.poll() is None
    finally:
        assert live.stop() == 0, live.logs()


def test_config_file_change_reloads_and_broken_config_is_rejected(tmp_path: Path) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    policy_dir = default_policy_dir()
    holder = {"library": load_library(policy_dir, config)}
    events: list[str] = []

    def apply() -> None:
        holder["library"] = load_library(policy_dir, config)

    watch = Watch("policies", [policy_dir, config], apply, lambda w: events.append("ok"), lambda w: events.append("failed"))
    watch.check()
    assert events == []  # nothing changed
    config.write_text("actions: {require-probes: warn}\n")
    watch.check()
    assert events == ["ok"] and holder["library"].config.actions == {"require-probes": "warn"}
    good: Library = holder["library"]
    config.write_text("actions: {no-such-policy: warn}\n")
    watch.check()
    assert events == ["ok", "failed"] and holder["library"] is good
    assert isinstance(good.config, ClusterConfig) and len(load_policies(policy_dir)) == len(good.policies)


def test_a_same_size_rewrite_with_the_same_mtime_is_still_seen(tmp_path: Path) -> None:
    watched = tmp_path / "policy.yaml"
    watched.write_text("action: deny\n")
    before = watched.stat()
    events: list[str] = []
    watch = Watch("policies", [tmp_path], lambda: None, lambda w: events.append("ok"), lambda w: events.append("failed"))
    watched.write_text("action: warn\n")  # same size
    os.utime(watched, ns=(before.st_atime_ns, before.st_mtime_ns))  # and a coarse clock: same mtime
    watch.check()
    assert events == ["ok"]
