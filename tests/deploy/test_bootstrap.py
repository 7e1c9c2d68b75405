"""`railguard certs bootstrap` against a fake Kubernetes API server over TLS, and the Job and RBAC
that run it in the base (`kubectl apply -k manifests/` is safe on day one)."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from webhook.certs import generate, service_dns_names
from webhook.cli import main

from deploy_support import Docs, handshake, one, pod_spec
from fake_kube import FakeKube, FakeKubeServer, Running, hook_path, secret_path

NAMESPACE, SERVICE, SECRET = "railguard-system", "railguard", "railguard-tls"
HOOK_KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")
SECRET_AT = secret_path(NAMESPACE, SECRET)
DNS_NAMES = service_dns_names(SERVICE, NAMESPACE)
BOUND_S = 15  # every failing run must end well within this


@pytest.fixture
def cluster(tmp_path: Path, built: Callable[[str], Docs]) -> Iterator[Running]:
    """The fake API server holding the webhook configurations exactly as `kubectl apply -k
    manifests/` creates them, plus a second webhook in the validating one (every webhook counts)."""
    fake = FakeKube()
    docs = built("manifests")
    for kind in HOOK_KINDS:
        config = copy.deepcopy(one(docs, kind))
        if kind == "ValidatingWebhookConfiguration":
            extra = copy.deepcopy(config["webhooks"][0])
            extra["name"] = "validate-more.railguard.io"
            config["webhooks"].append(extra)
        fake.store(hook_path(kind, config["metadata"]["name"]), config)
    with FakeKubeServer(tmp_path / "api", fake) as running:
        yield running


def bootstrap(cluster: Running, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["certs", "bootstrap", *cluster.args(*extra)])
    captured = capsys.readouterr()
    assert captured.out == "", "bootstrap prints nothing on stdout"
    assert "PRIVATE KEY" not in captured.err and "Traceback" not in captured.err
    return code, captured.err


def secret_files(fake: FakeKube) -> dict[str, bytes]:
    return {k: base64.b64decode(v) for k, v in fake.objects[SECRET_AT]["data"].items()}


def ca_bundles(fake: FakeKube) -> list[bytes]:
    return [
        base64.b64decode(hook["clientConfig"]["caBundle"])
        for kind in HOOK_KINDS
        for hook in fake.objects[hook_path(kind, "railguard")]["webhooks"]
    ]


def seed_secret(fake: FakeKube, ca: bytes, cert: bytes, key: bytes, kind: str = "kubernetes.io/tls") -> None:
    data = {name: base64.b64encode(value).decode() for name, value in (("ca.crt", ca), ("tls.crt", cert), ("tls.key", key))}
    fake.store(SECRET_AT, {"apiVersion": "v1", "kind": "Secret", "type": kind,
                           "metadata": {"name": SECRET, "namespace": NAMESPACE}, "data": data})


def assert_serves_for_every_name(tmp_path: Path, bundle: bytes, cert: bytes, key: bytes) -> None:
    """kube-apiserver's view: a TLS handshake verified against the caBundle alone."""
    pair = tmp_path / f"pair-{time.monotonic_ns()}"
    pair.mkdir()
    (pair / "tls.crt").write_bytes(cert)
    (pair / "tls.key").write_bytes(key)
    served = x509.load_pem_x509_certificate(cert)
    for name in DNS_NAMES:
        assert handshake(bundle, pair / "tls.crt", pair / "tls.key", name).serial_number == served.serial_number


# --- the command against the fake API server ---------------------------------------------------


def test_first_run_creates_the_secret_and_sets_every_ca_bundle(
    cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = bootstrap(cluster, capsys)
    assert code == 0, err
    secret = cluster.fake.objects[SECRET_AT]
    assert secret["type"] == "kubernetes.io/tls"
    files = secret_files(cluster.fake)
    assert sorted(files) == ["ca.crt", "tls.crt", "tls.key"], "the CA key must not be stored in the cluster"
    bundles = ca_bundles(cluster.fake)
    assert len(bundles) == 3 and set(bundles) == {files["ca.crt"]}
    assert_serves_for_every_name(tmp_path, bundles[0], files["tls.crt"], files["tls.key"])
    cert = x509.load_pem_x509_certificate(files["tls.crt"])
    assert 360 <= (cert.not_valid_after_utc - dt.datetime.now(dt.timezone.utc)).days <= 366
    assert ("POST", secret_path(NAMESPACE, "")[:-1]) in cluster.fake.writes()
    assert "created" in err and "caBundle set on 2 webhook(s)" in err and "caBundle set on 1 webhook(s)" in err
    assert files["tls.key"].decode() not in err and base64.b64encode(files["tls.key"]).decode() not in err


def test_second_run_writes_nothing(cluster: Running, capsys: pytest.CaptureFixture[str]) -> None:
    assert bootstrap(cluster, capsys)[0] == 0
    before = copy.deepcopy(cluster.fake.objects)
    cluster.fake.log.clear()
    code, err = bootstrap(cluster, capsys)
    assert code == 0, err
    assert cluster.fake.writes() == [], "an idempotent run only reads"
    assert [m for m, _ in cluster.fake.log] == ["GET", "GET", "GET"]
    assert cluster.fake.objects == before
    assert "reused" in err and "found everything in place" in err


def test_a_valid_secret_made_by_hand_is_kept_and_its_ca_is_injected(
    cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`railguard certs generate` + `kubectl create secret`: the bootstrap only fills the caBundle."""
    own = generate(DNS_NAMES, days=200)
    seed_secret(cluster.fake, own.ca_pem, own.cert_pem, own.key_pem)
    code, err = bootstrap(cluster, capsys)
    assert code == 0, err
    assert secret_files(cluster.fake) == {"ca.crt": own.ca_pem, "tls.crt": own.cert_pem, "tls.key": own.key_pem}
    assert all(("PUT", path) != ("PUT", SECRET_AT) for _, path in cluster.fake.writes())
    assert set(ca_bundles(cluster.fake)) == {own.ca_pem}
    assert_serves_for_every_name(tmp_path, own.ca_pem, own.cert_pem, own.key_pem)


def test_an_expiring_certificate_is_replaced_and_both_cas_are_trusted_meanwhile(
    cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = generate(DNS_NAMES, days=10)  # within the 30-day renewal window
    seed_secret(cluster.fake, old.ca_pem, old.cert_pem, old.key_pem)
    code, err = bootstrap(cluster, capsys)
    assert code == 0, err
    assert "replaced because it expires on" in err
    files = secret_files(cluster.fake)
    assert files["tls.crt"] != old.cert_pem and files["ca.crt"] != old.ca_pem and "ca.key" not in files
    bundles = set(ca_bundles(cluster.fake))
    assert len(bundles) == 1
    bundle = bundles.pop()
    assert bundle.startswith(files["ca.crt"]) and old.ca_pem in bundle
    # pods that have not yet seen the new Secret still serve the old certificate: both verify
    assert_serves_for_every_name(tmp_path, bundle, files["tls.crt"], files["tls.key"])
    assert_serves_for_every_name(tmp_path, bundle, old.cert_pem, old.key_pem)
    cluster.fake.log.clear()
    assert bootstrap(cluster, capsys)[0] == 0
    assert cluster.fake.writes() == [], "the renewed state is stable"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: generate(service_dns_names("other", NAMESPACE)), "tls.crt does not name railguard, railguard.railguard-system,"),
        (lambda: _with_ca(generate(DNS_NAMES), generate(["x"]).ca_pem), "tls.crt is not signed by ca.crt"),
        (lambda: _with_key(generate(DNS_NAMES), generate(DNS_NAMES).key_pem), "tls.key does not belong to tls.crt"),
    ],
    ids=["other-service", "other-ca", "other-key"],
)
def test_a_certificate_that_would_not_verify_is_replaced(
    make: Callable[[], Any], reason: str, cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = make()
    seed_secret(cluster.fake, wrong.ca_pem, wrong.cert_pem, wrong.key_pem)
    code, err = bootstrap(cluster, capsys)
    assert code == 0 and f"replaced because {reason}" in err, err
    files = secret_files(cluster.fake)
    assert files["tls.crt"] != wrong.cert_pem
    assert_serves_for_every_name(tmp_path, ca_bundles(cluster.fake)[0], files["tls.crt"], files["tls.key"])


def _with_ca(bundle: Any, ca_pem: bytes) -> Any:
    return type(bundle)(ca_pem, bundle.ca_key_pem, bundle.cert_pem, bundle.key_pem)


def _with_key(bundle: Any, key_pem: bytes) -> Any:
    return type(bundle)(bundle.ca_pem, bundle.ca_key_pem, bundle.cert_pem, key_pem)


def test_conflicts_are_retried_on_the_secret_and_the_webhooks(
    cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = generate(DNS_NAMES, days=5)
    seed_secret(cluster.fake, old.ca_pem, old.cert_pem, old.key_pem)
    validating = hook_path("ValidatingWebhookConfiguration", "railguard")
    cluster.fake.conflicts.update({SECRET_AT: 2, validating: 3})
    code, err = bootstrap(cluster, capsys)
    assert code == 0, err
    puts = [p for m, p in cluster.fake.writes() if m == "PUT"]
    assert puts.count(SECRET_AT) == 3 and puts.count(validating) == 4
    assert cluster.fake.conflicts == {SECRET_AT: 0, validating: 0}
    # the other writer's change survives: each retry started again from a fresh read
    hooks = cluster.fake.objects[validating]
    assert hooks["metadata"]["labels"]["touched-by"].startswith("other-writer-")
    files = secret_files(cluster.fake)
    assert cluster.fake.objects[SECRET_AT]["metadata"]["labels"]["touched-by"].startswith("other-writer-")
    assert_serves_for_every_name(tmp_path, ca_bundles(cluster.fake)[0], files["tls.crt"], files["tls.key"])


def test_endless_conflicts_give_up_after_a_bounded_number_of_tries(
    cluster: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    mutating = hook_path("MutatingWebhookConfiguration", "railguard")
    cluster.fake.conflicts[mutating] = 1000
    code, err = bootstrap(cluster, capsys)
    assert code == 2 and "kept changing (HTTP 409 Conflict" in err and "run again" in err
    assert [p for m, p in cluster.fake.writes()].count(mutating) == 5


def test_forbidden_gives_a_clear_error_and_a_non_zero_exit(cluster: Running, capsys: pytest.CaptureFixture[str]) -> None:
    cluster.fake.forbidden = True
    started = time.monotonic()
    code, err = bootstrap(cluster, capsys)
    assert code == 2 and time.monotonic() - started < BOUND_S
    assert "cannot read Secret railguard-system/railguard-tls: HTTP 403" in err and "RBAC" in err
    assert cluster.fake.writes() == []


def test_a_refused_token_is_reported(cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cluster.token_file.write_text("not-the-token", encoding="utf-8")
    code, err = bootstrap(cluster, capsys)
    assert code == 2 and "HTTP 401" in err and "token was refused" in err
    assert "not-the-token" not in err, "the token is a credential: never print it"


def test_an_unreachable_api_server_fails_fast(cluster: Running, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    code, err = bootstrap(cluster, capsys, "--api-server", f"https://127.0.0.1:{port}")
    assert code == 2 and time.monotonic() - started < BOUND_S
    assert f"cannot reach the Kubernetes API at https://127.0.0.1:{port}" in err


def test_an_api_server_that_never_answers_times_out(cluster: Running, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never speaks TLS
        port = silent.getsockname()[1]
        started = time.monotonic()
        code, err = bootstrap(cluster, capsys, "--api-server", f"https://127.0.0.1:{port}", "--timeout", "0.5")
        elapsed = time.monotonic() - started
    assert code == 2 and "cannot reach the Kubernetes API" in err and "timed out" in err
    assert elapsed < BOUND_S


def test_an_api_server_with_an_untrusted_certificate_is_refused(
    cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = tmp_path / "stranger-ca.crt"
    stranger.write_bytes(generate(["x"]).ca_pem)
    code, err = bootstrap(cluster, capsys, "--ca-file", str(stranger))
    assert code == 2 and "certificate verify failed" in err
    assert SECRET_AT not in cluster.fake.objects


def test_missing_webhook_configurations_are_waited_for_then_reported(
    cluster: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    del cluster.fake.objects[hook_path("MutatingWebhookConfiguration", "railguard")]
    started = time.monotonic()
    code, err = bootstrap(cluster, capsys, "--wait", "0.5")
    elapsed = time.monotonic() - started
    assert code == 2 and "MutatingWebhookConfiguration railguard does not exist" in err
    assert 0.5 <= elapsed < BOUND_S
    gets = [p for m, p in cluster.fake.log if m == "GET" and "mutating" in p]
    assert 2 <= len(gets) <= 20, "polled a few times, not in a tight loop"


def test_a_secret_of_another_type_is_not_overwritten(cluster: Running, capsys: pytest.CaptureFixture[str]) -> None:
    seed_secret(cluster.fake, b"", b"", b"", kind="Opaque")
    code, err = bootstrap(cluster, capsys)
    assert code == 2 and "exists with type 'Opaque'" in err and "kubectl -n railguard-system delete secret railguard-tls" in err
    assert cluster.fake.objects[SECRET_AT]["type"] == "Opaque"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--token-file", "/nonexistent/token"), "cannot read the service account token /nonexistent/token"),
        (("--ca-file", "/nonexistent/ca.crt"), "cannot read the API server CA /nonexistent/ca.crt"),
        (("--api-server", "http://127.0.0.1:1"), "must be an https:// URL"),
        (("--days", "0"), "--days must be between"),
        (("--renew-before-days", "400"), "--renew-before-days must be"),
        (("--timeout", "0"), "--timeout must be"),
    ],
)
def test_bad_arguments_are_reported_clearly(
    args: tuple[str, ...], message: str, cluster: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = bootstrap(cluster, capsys, *args)
    assert code == 2 and message in err and err.startswith("railguard: ")
    assert cluster.fake.writes() == []


# --- the Job and its RBAC in the manifests -------------------------------------------------------

JOB = "railguard-cert-bootstrap"
RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")


@pytest.fixture(scope="module")
def docs(built: Callable[[str], Docs]) -> Docs:
    return built("manifests")


def job_container(docs: Docs) -> dict[str, Any]:
    containers = one(docs, "Job", JOB)["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    found: dict[str, Any] = containers[0]
    return found


def test_the_jobs_own_command_bootstraps_what_the_deployment_and_webhooks_use(
    docs: Docs, cluster: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run the Job's command line as written in the manifest (API server and token swapped for the fake)."""
    container = job_container(docs)
    assert container["command"][:3] == ["railguard", "certs", "bootstrap"]
    assert not any(a.startswith(("--api-server", "--token-file", "--ca-file")) for a in container["args"]), (
        "in the cluster the defaults (the pod's service account) must be used"
    )
    code = main([*container["command"][1:], *container["args"], *cluster.args()])
    err = capsys.readouterr().err
    assert code == 0, err
    tls_volume = next(v for v in pod_spec(docs)["volumes"] if v["name"] == "tls")
    assert tls_volume["secret"]["secretName"] == SECRET and SECRET_AT in cluster.fake.objects
    files = secret_files(cluster.fake)
    assert_serves_for_every_name(tmp_path, ca_bundles(cluster.fake)[0], files["tls.crt"], files["tls.key"])


def test_the_job_is_hardened_and_not_rerun_needlessly(docs: Docs) -> None:
    job = one(docs, "Job", JOB)
    spec = job["spec"]
    pod = spec["template"]["spec"]
    assert job["metadata"]["namespace"] == NAMESPACE
    assert 1 <= spec["backoffLimit"] <= 10 and 0 < spec["activeDeadlineSeconds"] <= 3600
    assert spec.get("ttlSecondsAfterFinished") is None, "a deleted Job would be recreated and rerun by every apply"
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    assert pod["serviceAccountName"] == JOB and pod["automountServiceAccountToken"] is True
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    container = job_container(docs)
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["runAsUser"] > 0
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]} and sc["seccompProfile"]["type"] == "RuntimeDefault"
    assert container["resources"]["requests"] == container["resources"]["limits"]
    assert set(container["resources"]["limits"]) == {"cpu", "memory"}
    deployment_image = pod_spec(docs)["containers"][0]["image"]
    assert container["image"] == deployment_image, "the Job runs railguard's own image"


def _rules_by_subject(docs: Docs) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    roles = {(d["kind"], d["metadata"]["name"]): d for d in docs if d["kind"] in ("Role", "ClusterRole")}
    granted: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for binding in (d for d in docs if d["kind"] in ("RoleBinding", "ClusterRoleBinding")):
        role = roles[(binding["roleRef"]["kind"], binding["roleRef"]["name"])]
        for subject in binding["subjects"]:
            assert subject["kind"] == "ServiceAccount" and subject["namespace"] == NAMESPACE
            granted.setdefault(subject["name"], []).extend((role["kind"], r) for r in role["rules"])
    return granted


def test_rbac_is_least_privilege(docs: Docs) -> None:
    granted = _rules_by_subject(docs)
    assert set(granted) == {JOB}, "only the bootstrap account has API access; the webhook's has none"
    allowed: set[tuple[str, str, str, str]] = set()
    for scope, rule in granted[JOB]:
        assert "*" not in str(rule), f"wildcard in {rule}"
        assert not rule.get("nonResourceURLs")
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                for verb in rule["verbs"]:
                    if verb == "create":  # the name is unknown when a create is authorised
                        assert not rule.get("resourceNames") and (scope, group, resource) == ("Role", "", "secrets")
                        name = "*"
                    else:
                        assert rule.get("resourceNames"), f"{verb} {resource} must be limited by resourceNames"
                        assert len(rule["resourceNames"]) == 1
                        name = rule["resourceNames"][0]
                    allowed.add((group, resource, verb, name))
    assert allowed == {
        ("", "secrets", "get", SECRET),
        ("", "secrets", "update", SECRET),
        ("", "secrets", "create", "*"),
        ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "get", "railguard"),
        ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "update", "railguard"),
        ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "get", "railguard"),
        ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "update", "railguard"),
    }
    role = one(docs, "Role", JOB)
    assert role["metadata"]["namespace"] == NAMESPACE, "Secret rights only in railguard's namespace"
    for kind in HOOK_KINDS:
        assert one(docs, kind)["metadata"]["name"] == "railguard"
    assert one(docs, "ServiceAccount", JOB)["automountServiceAccountToken"] is False


def test_the_jobs_network_policy_allows_only_the_api_server_ports_and_dns(docs: Docs) -> None:
    policy = one(docs, "NetworkPolicy", JOB)["spec"]
    labels = one(docs, "Job", JOB)["spec"]["template"]["metadata"]["labels"]
    assert all(labels.get(k) == v for k, v in policy["podSelector"]["matchLabels"].items())
    assert sorted(policy["policyTypes"]) == ["Egress", "Ingress"] and not policy.get("ingress")
    ports = {(p["port"], p["protocol"]) for rule in policy["egress"] for p in rule["ports"]}
    assert ports == {(443, "TCP"), (6443, "TCP"), (53, "UDP"), (53, "TCP")}
    webhook_policy = one(docs, "NetworkPolicy", "railguard")["spec"]["podSelector"]["matchLabels"]
    assert not all(labels.get(k) == v for k, v in webhook_policy.items()), "the webhook's policy would block the Job"


def test_cert_manager_overlay_drops_the_bootstrap(built: Callable[[str], Docs]) -> None:
    left = [(d["kind"], d["metadata"]["name"]) for d in built("overlays/cert-manager") if JOB in d["metadata"]["name"]]
    assert left == []
    base = [(d["kind"], d["metadata"]["name"]) for d in built("base") if d["metadata"]["name"] == JOB]
    assert sorted(k for k, _ in base) == sorted(["Job", "NetworkPolicy", "ServiceAccount", *RBAC_KINDS])
