"""The webhook app in-process (Starlette TestClient): contract, bad calls, audit, fail closed,
metrics and readiness. The same checks run against the real TLS server in test_live.py."""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from server_helpers import FakeAuditStore, admission_review, check_contract, metric, workload
from webhook import server as server_module
from webhook.admission import review, to_response
from webhook.config import ClusterConfig, Settings
from webhook.policies import PolicySet
from webhook.server import create_app
from webhook.server_metrics import ServerMetrics

WORKLOADS = ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job", "CronJob"]


@pytest.fixture()
def store() -> FakeAuditStore:
    return FakeAuditStore()


@pytest.fixture()
def client(policies: PolicySet, store: FakeAuditStore) -> TestClient:
    app = create_app(Settings(max_body_bytes=64 * 1024), audit=store, policies=policies, config=ClusterConfig())
    return TestClient(app)


def post(client: TestClient, endpoint: str, body: Any, **kwargs: Any) -> Any:
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    headers = kwargs.pop("headers", {"content-type": "application/json"})
    return client.post(f"/{endpoint}", content=content, headers=headers, **kwargs)


def shared_bodies(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "admission").glob("admissionreview-*.json"))
    if not files:
        pytest.skip("no AdmissionReview bodies in shared/admission")
    return files


# --- the contract on the real kube-apiserver bodies -------------------------------------------

def test_every_shared_body_answers_the_contract_and_matches_review(
    client: TestClient, store: FakeAuditStore, shared_dir: Path, policies: PolicySet
) -> None:
    for path in shared_bodies(shared_dir):
        sent = orjson.loads(path.read_bytes())
        for endpoint in ("validate", "mutate"):
            answer = client.post(f"/{endpoint}", content=path.read_bytes(), headers={"content-type": "application/json"})
            response = check_contract(sent, answer.status_code, answer.headers, answer.content, endpoint)
            expected = to_response(review(sent["request"], policies, ClusterConfig(), endpoint))  # type: ignore[arg-type]
            assert response == orjson.loads(orjson.dumps(expected)), path.name
    assert len(store.records) == 2 * len(shared_bodies(shared_dir))


def load(shared_dir: Path, name: str) -> dict[str, Any]:
    path = shared_dir / "admission" / f"admissionreview-{name}.json"
    if not path.is_file():
        pytest.skip(f"{path.name} absent")
    result: dict[str, Any] = orjson.loads(path.read_bytes())
    return result


def test_denial_has_403_and_names_each_policy_container_and_fix(client: TestClient, shared_dir: Path) -> None:
    sent = load(shared_dir, "pod-create-validate")
    response = post(client, "validate", sent).json()["response"]
    assert response["allowed"] is False
    assert response["status"]["code"] == 403
    message = response["status"]["message"]
    for policy in ("require-probes", "require-resources", "require-run-as-non-root"):
        assert f"[{policy}]" in message
    assert 'container "c"' in message and "Fix:" in message


def test_secret_values_never_reach_the_answer_or_the_audit(
    client: TestClient, store: FakeAuditStore, shared_dir: Path
) -> None:
    sent = load(shared_dir, "pod-create-validate-secret-env")
    answer = post(client, "validate", sent)
    assert answer.json()["response"]["allowed"] is False
    assert b"FAKE-not-a-real" not in answer.content
    assert "FAKE-not-a-real" not in repr(store.records)


def test_dry_run_is_reviewed_and_recorded_as_dry_run(
    client: TestClient, store: FakeAuditStore, shared_dir: Path
) -> None:
    sent = load(shared_dir, "deployment-create-validate-dryrun")
    assert sent["request"]["dryRun"] is True
    response = post(client, "validate", sent).json()["response"]
    decision, latency = store.records[-1]
    assert decision.dry_run is True and decision.reviewed is True
    assert decision.uid == response["uid"] and latency >= 0


def test_update_keeps_preexisting_violations_as_warnings(client: TestClient, shared_dir: Path) -> None:
    # Pod "app" already had DB_PASSWORD in plain text; a label change must not be blocked by it.
    sent = load(shared_dir, "pod-update-validate-label")
    response = post(client, "validate", sent).json()["response"]
    assert response["allowed"] is True
    assert any("already present" in w and "disallow-plaintext-secrets" in w for w in response["warnings"])
    # the same object as a CREATE is denied: the warning is due to oldObject, not to the policy
    as_create = orjson.loads(orjson.dumps(sent))
    as_create["request"].update(operation="CREATE", oldObject=None)
    assert post(client, "validate", as_create).json()["response"]["allowed"] is False


def test_ephemeral_root_debug_container_is_denied(client: TestClient, shared_dir: Path) -> None:
    sent = load(shared_dir, "pod-update-validate-ephemeralcontainers")
    spec = sent["request"]["object"]["spec"]
    spec.pop("securityContext", None)  # the captured pod sets a pod-level non-root user: drop it
    sent["request"]["oldObject"]["spec"].pop("securityContext", None)
    sent["request"]["oldObject"]["spec"].pop("ephemeralContainers", None)
    spec["ephemeralContainers"][0]["securityContext"] = {"runAsUser": 0}
    for container in spec["containers"] + sent["request"]["oldObject"]["spec"]["containers"]:
        container["securityContext"] = {"runAsNonRoot": True, "runAsUser": 10001}
    response = post(client, "validate", sent).json()["response"]
    assert response["allowed"] is False
    assert "require-run-as-non-root" in response["status"]["message"]
    assert "debugger" in response["status"]["message"]


@pytest.mark.parametrize("name", ["deployment-update-validate-scale", "pod-delete-validate", "deployment-delete-mutate"])
def test_scale_and_delete_pass_untouched(client: TestClient, store: FakeAuditStore, shared_dir: Path, name: str) -> None:
    sent = load(shared_dir, name)
    endpoint = "mutate" if "mutate" in name else "validate"
    assert post(client, endpoint, sent).json()["response"] == {"uid": sent["request"]["uid"], "allowed": True}
    assert store.records[-1][0].reviewed is False


# --- generated bodies: every workload kind and operation -----------------------------------------

@pytest.mark.parametrize("kind", WORKLOADS)
def test_generated_workloads_every_operation(client: TestClient, kind: str) -> None:
    bad, good = workload(kind, compliant=False), workload(kind, compliant=True)
    cases = [
        (admission_review(bad, "CREATE"), "validate", False),
        (admission_review(good, "CREATE"), "validate", True),
        (admission_review(good, "UPDATE", old=good), "validate", True),
        (admission_review(bad, "UPDATE", old=good), "validate", False),  # a new violation blocks
        (admission_review(bad, "UPDATE", old=bad), "validate", True),  # an old one only warns
        (admission_review(None, "DELETE", old=bad), "validate", True),
        (admission_review(bad, "CREATE"), "mutate", True),
        (admission_review(None, "DELETE", old=bad), "mutate", True),
        (admission_review(bad, "UPDATE", old=bad, sub_resource="status"), "validate", True),
    ]
    for sent, endpoint, allowed in cases:
        answer = post(client, endpoint, sent)
        response = check_contract(sent, answer.status_code, answer.headers, answer.content, endpoint)
        assert response["allowed"] is allowed, (kind, sent["request"]["operation"], endpoint, response)
        if not allowed:
            assert response["status"]["code"] == 403


def test_a_nodes_mirror_pod_warns_and_the_same_pod_from_a_user_is_denied(
    client: TestClient, store: FakeAuditStore, shared_dir: Path
) -> None:
    # the kubelet runs a static pod whatever the answer: denying its mirror pod only hides it
    sent = load(shared_dir, "pod-create-validate-secret-env")
    sent["request"]["object"]["metadata"]["annotations"]["kubernetes.io/config.mirror"] = "3f2a9c0d"
    sent["request"]["userInfo"] = {"username": "system:node:worker-1", "groups": ["system:nodes", "system:authenticated"]}
    answer = post(client, "validate", sent)
    response = check_contract(sent, answer.status_code, answer.headers, answer.content, "validate")
    assert response["allowed"] is True
    assert any(w.startswith("disallow-plaintext-secrets: ") for w in response["warnings"])
    assert any("static pod" in w for w in response["warnings"])
    decision, _ = store.records[-1]
    assert decision.verdict == "warned" and {f.policy for f in decision.findings} == {"disallow-plaintext-secrets"}
    assert b"FAKE-not-a-real" not in answer.content and "FAKE-not-a-real" not in repr(store.records)
    mutated = post(client, "mutate", sent)
    assert check_contract(sent, mutated.status_code, mutated.headers, mutated.content, "mutate") == {
        "uid": sent["request"]["uid"], "allowed": True
    }
    # the annotation alone is no bypass
    sent["request"]["userInfo"] = {"username": "admin", "groups": ["system:masters", "system:authenticated"]}
    assert post(client, "validate", sent).json()["response"]["allowed"] is False


def test_connect_passes(client: TestClient) -> None:
    options = {"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"], "container": "app"}
    sent = admission_review(options, "CONNECT", kind="PodExecOptions", sub_resource="exec")
    assert post(client, "validate", sent).json()["response"] == {"uid": sent["request"]["uid"], "allowed": True}


def test_v1beta1_is_answered_in_v1beta1(client: TestClient) -> None:
    sent = admission_review(workload("Pod", False), "CREATE", api_version="admission.k8s.io/v1beta1")
    answer = post(client, "validate", sent)
    check_contract(sent, answer.status_code, answer.headers, answer.content, "validate")
    assert answer.json()["apiVersion"] == "admission.k8s.io/v1beta1"


def test_mutate_patch_only_when_something_to_patch(client: TestClient) -> None:
    deployment = workload("Deployment", compliant=True)
    response = post(client, "mutate", admission_review(deployment, "CREATE")).json()["response"]
    assert response["patchType"] == "JSONPatch"
    ops = orjson.loads(base64.b64decode(response["patch"]))
    assert any(op["path"].startswith("/spec/template/spec/affinity") for op in ops)
    configmap = workload("ConfigMap", compliant=True)
    assert "patch" not in post(client, "mutate", admission_review(configmap, "CREATE")).json()["response"]


def test_warnings_are_clipped_to_120_characters(policies: PolicySet) -> None:
    app = create_app(Settings(), policies=policies, config=ClusterConfig(actions={p.id: "warn" for p in policies}))
    deployment = workload("Deployment", compliant=False, name="x" * 200)
    response = post(TestClient(app), "validate", admission_review(deployment, "CREATE")).json()["response"]
    assert response["allowed"] is True and len(response["warnings"]) >= 3
    assert all(len(w) <= 120 for w in response["warnings"])


# --- bad calls -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, status, needle",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"", 400, "not valid JSON"),
        (b"[]", 400, "JSON object"),
        (b'{"kind": "Pod", "apiVersion": "admission.k8s.io/v1"}', 400, "kind must be AdmissionReview"),
        (b'{"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v2", "request": {}}', 400,
         "supported: admission.k8s.io/v1, admission.k8s.io/v1beta1"),
        (b'{"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1"}', 400, "request"),
        (b'{"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": {"operation": "CREATE"}}', 400, "uid"),
    ],
)
def test_bad_bodies_get_a_json_error(client: TestClient, body: bytes, status: int, needle: str) -> None:
    for endpoint in ("validate", "mutate"):
        answer = post(client, endpoint, body)
        assert answer.status_code == status
        assert answer.headers["content-type"] == "application/json"
        assert needle in answer.json()["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/yaml", "", "application/jsonx"])
def test_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    sent = admission_review(workload("Pod", True), "CREATE")
    headers = {"content-type": content_type} if content_type else {}
    answer = post(client, "validate", sent, headers=headers)
    assert answer.status_code == 415 and "application/json" in answer.json()["error"]


def test_content_type_parameters_are_accepted(client: TestClient) -> None:
    sent = admission_review(workload("Pod", True), "CREATE")
    answer = post(client, "validate", sent, headers={"content-type": "Application/JSON; charset=utf-8"})
    assert answer.status_code == 200


def test_oversized_body_is_413_by_declared_length_and_by_streaming(client: TestClient) -> None:
    big = b'{"kind": "AdmissionReview", "pad": "' + b"x" * (70 * 1024) + b'"}'
    answer = post(client, "validate", big)
    assert answer.status_code == 413 and "limit of 65536 bytes" in answer.json()["error"]
    assert answer.headers["connection"] == "close"

    def chunks() -> Any:  # no Content-Length: counted while streaming
        for _ in range(100):
            yield b"x" * 8192

    answer = client.post("/mutate", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_unknown_paths_and_methods_get_json_errors(client: TestClient) -> None:
    assert client.get("/validate").status_code == 405
    assert client.get("/validate").json() == {"error": "Method Not Allowed"}
    assert client.get("/nope").json() == {"error": "Not Found"}
    trailing = client.post("/validate/", content=b"{}", headers={"content-type": "application/json"}, follow_redirects=False)
    assert trailing.status_code == 404 and trailing.json() == {"error": "Not Found"}  # not a 307 to another URL


def test_error_answers_of_the_router_are_typed_json(client: TestClient) -> None:
    for answer in (client.get("/validate"), client.get("/nope"), client.put("/mutate", content=b"{}")):
        assert answer.status_code in (404, 405) and answer.headers["content-type"] == "application/json"


# --- fail closed, audit failure policy -----------------------------------------------------------

def test_internal_error_fails_closed_logged_and_counted(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom with secret FAKE-not-a-real-password")

    monkeypatch.setattr(server_module, "review", broken)
    sent = admission_review(workload("Pod", True), "CREATE")
    with caplog.at_level(logging.ERROR, logger="railguard.server"):
        answer = post(client, "validate", sent)
    assert answer.status_code == 200
    response = answer.json()["response"]
    assert response["allowed"] is False and response["uid"] == sent["request"]["uid"]
    assert response["status"]["code"] == 500 and "internal error" in response["status"]["message"]
    assert "boom" not in answer.text
    assert any(getattr(r, "event", "") == "internal_error" for r in caplog.records)
    assert "FAKE-not-a-real" not in caplog.text
    assert metric(client.get("/metrics").text, "railguard_internal_errors_total", endpoint="validate") == 1


def test_a_bug_before_the_review_could_be_read_is_a_json_400_logged_and_counted(
    client: TestClient, store: FakeAuditStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom with secret FAKE-not-a-real-password")

    monkeypatch.setattr(server_module, "read_review", broken)
    with caplog.at_level(logging.ERROR, logger="railguard.server"):
        answer = post(client, "validate", admission_review(workload("Pod", True), "CREATE"))
    assert (answer.status_code, answer.json()) == (400, {"error": "the request could not be read"})
    assert answer.headers["connection"] == "close" and "FAKE-not-a-real" not in answer.text + caplog.text
    assert metric(client.get("/metrics").text, "railguard_internal_errors_total", endpoint="validate") == 1
    assert store.records == []


def test_a_body_of_exactly_the_limit_is_read_whether_declared_or_streamed(client: TestClient) -> None:
    sent = orjson.dumps(admission_review(workload("Pod", True), "CREATE", uid="at-the-limit"))
    body = sent[:-1] + b',"pad":"' + b"x" * (64 * 1024 - len(sent) - 9) + b'"}'
    assert len(body) == 64 * 1024

    def chunks() -> Any:  # no Content-Length: counted while streaming
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    for content in (body, chunks()):
        answer = client.post("/validate", content=content, headers={"content-type": "application/json"})
        assert answer.status_code == 200 and answer.json()["response"]["uid"] == "at-the-limit"


def test_audit_failure_deny_refuses(policies: PolicySet) -> None:
    store = FakeAuditStore(fail=True)
    app = create_app(Settings(audit_failure="deny"), audit=store, policies=policies)
    client = TestClient(app)
    response = post(client, "validate", admission_review(workload("Pod", True), "CREATE")).json()["response"]
    assert response["allowed"] is False and "audit" in response["status"]["message"]
    assert metric(client.get("/metrics").text, "railguard_audit_failures_total", policy="deny") == 1


def test_audit_failure_allow_keeps_the_verdict_and_alarms(policies: PolicySet) -> None:
    store = FakeAuditStore(fail=True)
    app = create_app(Settings(audit_failure="allow"), audit=store, policies=policies)
    client = TestClient(app)
    assert post(client, "validate", admission_review(workload("Pod", True), "CREATE")).json()["response"]["allowed"]
    assert not post(client, "validate", admission_review(workload("Pod", False), "CREATE")).json()["response"]["allowed"]
    assert metric(client.get("/metrics").text, "railguard_audit_failures_total", policy="allow") == 2


# --- operations endpoints ----------------------------------------------------------------------------

def test_metrics_count_reviews_findings_and_bad_requests(client: TestClient) -> None:
    post(client, "validate", admission_review(workload("Pod", False), "CREATE"))
    post(client, "validate", admission_review(workload("Pod", True), "CREATE"))
    post(client, "mutate", b"nope")
    text = client.get("/metrics").text
    assert metric(text, "railguard_reviews_total", endpoint="validate", kind="Pod", operation="CREATE", verdict="denied") == 1
    assert metric(text, "railguard_reviews_total", endpoint="validate", kind="Pod", operation="CREATE", verdict="allowed") == 1
    assert metric(text, "railguard_findings_total", policy="require-probes", action="deny") == 1
    assert metric(text, "railguard_bad_requests_total", endpoint="mutate", status="400") == 1
    assert metric(text, "railguard_review_duration_seconds_count", endpoint="validate") == 2
    assert metric(text, "railguard_policies_loaded") == 5


def test_latency_histogram_buckets_are_cumulative_with_inclusive_bounds() -> None:
    metrics = ServerMetrics()
    for seconds in (0.0005, 0.0007, 0.02, 3.0):
        metrics.latency.observe("validate", seconds)
    metrics.latency.observe("mutate", 0.0001)
    text = metrics.render().decode()
    bucket = lambda le, endpoint="validate": metric(text, "railguard_review_duration_seconds_bucket", endpoint=endpoint, le=le)  # noqa: E731
    assert (bucket("0.0005"), bucket("0.001"), bucket("0.025"), bucket("2.5"), bucket("+Inf")) == (1, 2, 3, 3, 4)
    assert bucket("0.0005", "mutate") == 1
    assert metric(text, "railguard_review_duration_seconds_count", endpoint="validate") == 4
    assert metric(text, "railguard_review_duration_seconds_sum", endpoint="validate") == pytest.approx(3.0212)
    assert "# TYPE railguard_review_duration_seconds histogram" in text


def test_metric_labels_stay_bounded(client: TestClient) -> None:
    sent = admission_review({"kind": "Weird" * 20, "metadata": {"name": "x"}}, "CONNECT", kind="Weird" * 20)
    post(client, "validate", sent)
    sent["request"]["operation"] = "EXPLODE"  # not a Kubernetes operation: a malformed call
    answer = client.post("/validate", content=orjson.dumps(sent), headers={"content-type": "application/json"})
    assert answer.status_code == 400 and "CREATE, UPDATE, DELETE, CONNECT" in answer.json()["error"]
    text = client.get("/metrics").text
    assert "Weird" not in text and "EXPLODE" not in text
    assert metric(text, "railguard_reviews_total", endpoint="validate", kind="other", operation="CONNECT", verdict="allowed") == 1


def test_knative_kinds_count_under_their_own_label_and_a_core_service_under_other(client: TestClient) -> None:
    """A Knative Service or Configuration is a workload railguard judges: counted as "other" (as a
    core Service is) it could not be told apart on a dashboard."""
    for kind in ("Service", "Configuration"):
        obj = {"apiVersion": "serving.knative.dev/v1", "kind": kind, "metadata": {"name": "hello", "namespace": "shop"},
               "spec": {"template": {"spec": {"containers": [{"image": "registry.example/app:1.0"}]}}}}  # fmt: skip
        sent = admission_review(obj, "CREATE")
        sent["request"]["kind"] = {"group": "serving.knative.dev", "version": "v1", "kind": kind}
        assert not post(client, "validate", sent).json()["response"]["allowed"]
    core = admission_review({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}, "CREATE")
    assert post(client, "validate", core).json()["response"]["allowed"]
    text = client.get("/metrics").text
    for kind in ("Service", "Configuration"):
        labels = {"endpoint": "validate", "kind": f"{kind}.serving.knative.dev", "operation": "CREATE", "verdict": "denied"}
        assert metric(text, "railguard_reviews_total", **labels) == 1
    assert metric(text, "railguard_reviews_total", endpoint="validate", kind="other", operation="CREATE", verdict="allowed") == 1
    assert 'kind="Service"' not in text


def test_health_and_readiness(policies: PolicySet) -> None:
    assert TestClient(create_app(Settings(), policies=policies)).get("/healthz").json() == {"status": "ok"}
    # no TLS context in-process: not ready (the live test sees "ready" with a certificate)
    answer = TestClient(create_app(Settings(), policies=policies)).get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["certificate"] == "not loaded"
    broken_store = FakeAuditStore(fail=True)
    answer = TestClient(create_app(Settings(), policies=policies, audit=broken_store)).get("/readyz")
    assert answer.json()["checks"]["audit"] == "not writable"


def test_shutdown_flushes_and_closes_the_audit_store(policies: PolicySet) -> None:
    store = FakeAuditStore()
    with TestClient(create_app(Settings(reload_interval=0), policies=policies, audit=store)) as client:
        post(client, "validate", admission_review(workload("Pod", True), "CREATE"))
        assert not store.closed
    assert store.flushed and store.closed and len(store.records) == 1


@pytest.mark.parametrize("depth", [1000, 3000])  # within orjson's limit (reaches review()) / beyond it
def test_deeply_nested_object_is_a_400_not_an_internal_error(client: TestClient, depth: int) -> None:
    DEPTH = depth
    deployment = workload("Deployment", compliant=True)
    body = orjson.dumps(admission_review(deployment, "CREATE")).replace(b'"metadata":{', b'"deep":' + b'{"a":' * DEPTH + b"1" + b"}" * DEPTH + b',"metadata":{', 1)
    for endpoint in ("validate", "mutate"):
        answer = post(client, endpoint, body)
        if answer.status_code == 200:  # review() coped with the depth: a normal answer
            assert depth < 1024 and answer.json()["response"]["allowed"] is True
        else:
            assert answer.status_code == 400 and "nested too deeply" in answer.json()["error"]
    if depth > 1024:
        assert answer.status_code == 400
    assert metric(client.get("/metrics").text, "railguard_internal_errors_total", endpoint="validate") == 0
    assert metric(client.get("/metrics").text, "railguard_internal_errors_total", endpoint="mutate") == 0


def test_object_kind_of_the_wrong_type_is_a_400(client: TestClient) -> None:
    sent = admission_review(workload("Pod", True), "CREATE")
    sent["request"]["object"]["kind"] = ["Pod"]
    answer = post(client, "validate", sent)
    assert answer.status_code == 400 and answer.json() == {"error": "request.object.kind must be a string"}


def test_a_trickling_body_times_out_with_408(policies: PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.setattr(server_module, "BODY_TIMEOUT", 0.2)
    app = create_app(Settings(), policies=policies)
    pieces = [b'{"kind": "AdmissionReview",', b'"apiVersion": "admission.k8s.io/v1"}']
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if len(pieces) == 1:
            await asyncio.sleep(2)  # the second piece comes too late
        return {"type": "http.request", "body": pieces.pop(0), "more_body": bool(pieces)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/validate", "headers": [(b"content-type", b"application/json")]}
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 1.5))  # type: ignore[arg-type]
    assert sent[0]["status"] == 408
    assert "not received within" in orjson.loads(sent[1]["body"])["error"]


def test_the_readme_curl_example_body_is_denied_and_patched(client: TestClient) -> None:
    """README's `curl ... --data-binary @docs/examples/admission/review.json .../validate`: the file
    exists (the example named a review.json a newcomer did not have) and answers what the README says."""
    body = (Path(__file__).resolve().parents[2] / "docs" / "examples" / "admission" / "review.json").read_bytes()
    answer = post(client, "validate", body).json()["response"]
    assert answer["allowed"] is False and answer["status"]["code"] == 403
    assert "[require-run-as-non-root]" in answer["status"]["message"]
    mutated = post(client, "mutate", body).json()["response"]
    assert mutated["allowed"] is True and mutated["patchType"] == "JSONPatch"
    assert [op["path"] for op in orjson.loads(base64.b64decode(mutated["patch"]))] == ["/spec/template/spec/affinity"]
