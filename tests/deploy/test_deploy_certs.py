"""`railguard certs generate` and `railguard manifests render`: the caBundle in the rendered
webhooks verifies the serving certificate for the Service's DNS names, over a real TLS handshake."""

from __future__ import annotations

import base64
import ssl
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from webhook.certs import generate, service_dns_names
from webhook.cli import main

from deploy_support import KUSTOMIZATIONS, Docs, handshake, one

HOOK_KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")
SERVICE_HOST = "railguard.railguard-system.svc"  # the name kube-apiserver verifies


def certs_generate(out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["certs", "generate", "--service", "railguard", "--namespace", "railguard-system", "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def render(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = main(["manifests", "render", *args])
    captured = capsys.readouterr()
    docs = [d for d in yaml.safe_load_all(captured.out) if d] if code == 0 else []
    return code, docs, captured.err


def test_generate_writes_private_keys_privately_and_prints_only_the_ca_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "certs"
    code, stdout, stderr = certs_generate(out, capsys, "--days", "30")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["ca.crt", "ca.key", "tls.crt", "tls.key"]
    for key in ("ca.key", "tls.key"):
        assert stat.S_IMODE((out / key).stat().st_mode) == 0o600
        assert (out / key).read_text() not in stdout + stderr
    assert base64.b64decode(stdout.strip()) == (out / "ca.crt").read_bytes()
    assert "PRIVATE KEY" not in stdout + stderr
    cert = x509.load_pem_x509_certificate((out / "tls.crt").read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    assert sans == service_dns_names("railguard", "railguard-system")
    assert 29 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 31


def test_regenerating_reuses_the_ca_so_the_ca_bundle_survives_rotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "certs"
    _, first, _ = certs_generate(out, capsys)
    old_cert = (out / "tls.crt").read_bytes()
    code, second, stderr = certs_generate(out, capsys)
    assert code == 0 and first == second and "reused CA" in stderr
    assert (out / "tls.crt").read_bytes() != old_cert
    _, third, _ = certs_generate(out, capsys, "--new-ca")
    assert third != first


@pytest.mark.parametrize("args", [("--days", "0"), ("--ip", "not-an-ip")])  # names: test_cli_kube_names
def test_generate_rejects_bad_arguments_clearly(
    args: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, stderr = certs_generate(tmp_path / "certs", capsys, *args)
    assert code == 2 and stdout == "" and stderr.startswith("railguard: ")


def test_rendered_ca_bundle_round_trips_and_verifies_for_the_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "certs"
    _, printed_bundle, _ = certs_generate(out, capsys)
    code, docs, err = render(capsys, "--kustomize", str(KUSTOMIZATIONS["manifests"]), "--certs", str(out), "--with-secret")
    assert code == 0, err
    bundles = {hook["clientConfig"]["caBundle"] for kind in HOOK_KINDS for hook in one(docs, kind)["webhooks"]}
    assert bundles == {printed_bundle.strip()}
    ca_pem = base64.b64decode(bundles.pop())
    ca = x509.load_pem_x509_certificate(ca_pem)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca

    secret = one(docs, "Secret", "railguard-tls")
    assert secret["type"] == "kubernetes.io/tls" and secret["metadata"]["namespace"] == "railguard-system"
    assert docs.index(secret) < docs.index(one(docs, "Deployment", "railguard")), "the Secret must exist first"
    files = {k: base64.b64decode(v) for k, v in secret["data"].items()}
    assert files["ca.crt"] == ca_pem
    served = x509.load_pem_x509_certificate(files["tls.crt"])
    public_key = ca.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey) and served.signature_hash_algorithm is not None
    public_key.verify(served.signature, served.tbs_certificate_bytes, ec.ECDSA(served.signature_hash_algorithm))

    (tmp_path / "tls.crt").write_bytes(files["tls.crt"])
    (tmp_path / "tls.key").write_bytes(files["tls.key"])
    for name in service_dns_names("railguard", "railguard-system"):
        assert handshake(ca_pem, tmp_path / "tls.crt", tmp_path / "tls.key", name).serial_number == served.serial_number
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ca_pem, tmp_path / "tls.crt", tmp_path / "tls.key", "railguard.other-namespace.svc")
    stranger = generate(["railguard.railguard-system.svc"])
    with pytest.raises(ssl.SSLCertVerificationError):  # a certificate from another CA is refused
        handshake(ca_pem, *_write_pair(tmp_path / "stranger", stranger.cert_pem, stranger.key_pem), SERVICE_HOST)


def _write_pair(directory: Path, cert: bytes, key: bytes) -> tuple[Path, Path]:
    directory.mkdir()
    (directory / "tls.crt").write_bytes(cert)
    (directory / "tls.key").write_bytes(key)
    return directory / "tls.crt", directory / "tls.key"


def test_render_refuses_a_certificate_for_another_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "certs"
    assert main(["certs", "generate", "--service", "other", "--namespace", "railguard-system", "--out", str(out)]) == 0
    capsys.readouterr()
    code, _, err = render(capsys, "--kustomize", str(KUSTOMIZATIONS["manifests"]), "--certs", str(out))
    assert code == 2 and "does not name railguard.railguard-system.svc" in err


def test_render_refuses_a_certificate_signed_by_another_ca(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "certs"
    certs_generate(out, capsys)
    (out / "ca.crt").write_bytes(generate(["x"]).ca_pem)
    code, _, err = render(capsys, "--kustomize", str(KUSTOMIZATIONS["manifests"]), "--certs", str(out))
    assert code == 2 and "not signed by ca.crt" in err


def test_render_without_a_ca_bundle_is_refused_unless_something_fills_it(
    built_text: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the base's bootstrap Job fills it in the cluster: rendering without --certs is what apply -k does
    code, docs, err = render(capsys, "--kustomize", str(KUSTOMIZATIONS["manifests"]))
    assert code == 0, err
    assert one(docs, "Job", "railguard-cert-bootstrap") and "caBundle" not in str(docs)
    # cert-manager's cainjector fills it
    code, docs, err = render(capsys, "--kustomize", str(KUSTOMIZATIONS["overlays/cert-manager"]))
    assert code == 0, err
    assert {d["kind"] for d in docs} >= {"Certificate", "Issuer", *HOOK_KINDS}
    # nothing fills it: refused
    without_job = [d for d in yaml.safe_load_all(built_text("manifests")) if d and d["kind"] != "Job"]
    source = tmp_path / "no-job.yaml"
    source.write_text(yaml.safe_dump_all(without_job), encoding="utf-8")
    code, _, err = render(capsys, "--input", str(source))
    assert code == 2 and "has no caBundle" in err and "railguard-cert-bootstrap" in err


def test_render_reads_built_manifests_from_a_file_and_writes_privately(
    built_text: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certs = tmp_path / "certs"
    certs_generate(certs, capsys)
    source, target = tmp_path / "built.yaml", tmp_path / "install.yaml"
    source.write_text(built_text("base"), encoding="utf-8")
    assert main(["manifests", "render", "--input", str(source), "--certs", str(certs), "--with-secret", "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in capsys.readouterr().err
    kinds = [d["kind"] for d in yaml.safe_load_all(target.read_text()) if d]
    assert kinds.count("Secret") == 1 and "ValidatingWebhookConfiguration" in kinds


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--with-secret",), "--with-secret needs --certs"),
        (("--input", "/nonexistent/built.yaml"), "cannot read /nonexistent/built.yaml"),
        (("--kustomize", "/nonexistent"), "has no kustomization.yaml"),
        (("--certs", "/nonexistent"), "cannot read /nonexistent/ca.crt"),
    ],
)
def test_render_errors_are_clear(args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = render(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_render_rejects_input_that_is_not_kubernetes_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    code, _, err = render(capsys, "--input", str(bad))
    assert code == 2 and "is not a Kubernetes object" in err
    bad.write_text("kind: [unclosed\n", encoding="utf-8")
    code, _, err = render(capsys, "--input", str(bad))
    assert code == 2 and "invalid YAML" in err


def test_cert_manager_certificate_matches_the_deployment_and_the_service(built: Callable[[str], Docs]) -> None:
    """cert-manager's kinds are CRDs (no Kubernetes OpenAPI schema): check what the overlay relies on."""
    docs = built("overlays/cert-manager")
    cert = one(docs, "Certificate", "railguard-tls")["spec"]
    tls_volume = next(v for v in one(docs, "Deployment", "railguard")["spec"]["template"]["spec"]["volumes"] if v["name"] == "tls")
    assert cert["secretName"] == tls_volume["secret"]["secretName"]
    assert cert["dnsNames"] == service_dns_names("railguard", "railguard-system")
    assert "server auth" in cert["usages"]
    issuer = one(docs, "Issuer", cert["issuerRef"]["name"])["spec"]
    ca_cert = next(d for d in docs if d["kind"] == "Certificate" and d["spec"].get("secretName") == issuer["ca"]["secretName"])
    assert ca_cert["spec"]["isCA"] is True
    assert one(docs, "Issuer", ca_cert["spec"]["issuerRef"]["name"])["spec"] == {"selfSigned": {}}
    assert all(d["metadata"]["namespace"] == "railguard-system" for d in docs if d["apiVersion"].startswith("cert-manager.io/"))


def test_library_command_regenerates_the_committed_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "policies"
    (out / "retired-policy").mkdir(parents=True)
    (out / "retired-policy" / "policy.yaml").write_text("id: retired-policy\n")
    assert main(["manifests", "library", "--out", str(out)]) == 0
    committed = KUSTOMIZATIONS["base"] / "policies"
    written = {str(p.relative_to(out)): p.read_text() for p in out.rglob("*") if p.is_file()}
    assert written == {str(p.relative_to(committed)): p.read_text() for p in committed.rglob("*") if p.is_file()}
    assert not (out / "retired-policy").exists()
    assert main(["manifests", "library", "--policies", str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith("railguard: ")
