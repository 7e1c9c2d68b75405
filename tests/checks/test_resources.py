"""require-resources: cpu and memory requests and limits; a limit supplies a missing request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from check_helpers import POLICIES, container, decide, findings, pod, template_kind, workload

from webhook.config import parse_cluster_config
from webhook.documents import read_source

REPO = Path(__file__).resolve().parents[2]

POLICY = "require-resources"
ALL = {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}}


def _without(section: str, resource: str) -> dict[str, Any]:
    resources = {k: dict(v) for k, v in ALL.items()}
    del resources[section][resource]
    return resources


def _messages(obj: dict[str, Any], **kwargs: Any) -> list[str]:
    return [f.message for f in findings(obj, POLICY, **kwargs)]


def test_all_four_values_pass() -> None:
    assert _messages(pod([container(resources=ALL)])) == []


def test_limits_only_pass_because_requests_default_to_limits() -> None:
    assert _messages(pod([container(resources={"limits": ALL["limits"]})])) == []


@pytest.mark.parametrize(
    ("section", "resource", "missing"),
    [
        ("limits", "cpu", "cpu limit"),
        ("limits", "memory", "memory limit"),
        ("requests", "cpu", None),  # the cpu limit supplies it
        ("requests", "memory", None),
    ],
)
def test_each_value(section: str, resource: str, missing: str | None) -> None:
    messages = _messages(pod([container(resources=_without(section, resource))]))
    if missing is None:
        assert messages == []
    else:
        (message,) = messages
        assert f"has no {missing}" in message


@pytest.mark.parametrize("resource", ["cpu", "memory"])
def test_request_without_limit_is_missing_the_limit_only(resource: str) -> None:
    resources = {"requests": ALL["requests"], "limits": {k: v for k, v in ALL["limits"].items() if k != resource}}
    (message,) = _messages(pod([container(resources=resources)]))
    assert f"{resource} limit" in message and f"{resource} request" not in message


@pytest.mark.parametrize(("resource", "quantity"), [("cpu", "2"), ("memory", "1Gi")])
def test_a_missing_limit_fix_warns_that_the_example_must_not_be_below_the_request(resource: str, quantity: str) -> None:
    """The fix's example limit (500m, 256Mi) is below this container's request: copied as it is,
    kube-apiserver refuses the object (a limit below its request), so the fix says the limit must
    be at least the request."""
    resources = {"requests": {**ALL["requests"], resource: quantity}, "limits": {k: v for k, v in ALL["limits"].items() if k != resource}}
    (message,) = _messages(pod([container(resources=resources)]))
    assert message.endswith("(a limit must be at least its request).")
    (both,) = _messages(pod([container()]))  # no requests either: the request defaults to the limit
    assert both.endswith("(a request left out defaults to its limit).")


@pytest.mark.parametrize("resource", ["cpu", "memory"])
def test_nothing_for_a_resource_reports_both(resource: str) -> None:
    resources = {s: {k: v for k, v in ALL[s].items() if k != resource} for s in ALL}
    (message,) = _messages(pod([container(resources=resources)]))
    assert f"{resource} limit" in message and f"{resource} request" in message


def test_no_resources_names_all_four_values_and_the_fix() -> None:
    decision = decide(pod([container("api")]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/resources"
    for value in ("cpu limit", "memory limit", "cpu request", "memory request"):
        assert value in finding.message
    assert 'container "api"' in finding.message and "resources.limits" in finding.message
    assert f"[{POLICY}]" in decision.message


@pytest.mark.parametrize("value", [None, ""])
def test_null_or_empty_values_are_missing(value: Any) -> None:
    resources = {"limits": {"cpu": value, "memory": "256Mi"}}
    (message,) = _messages(pod([container(resources=resources)]))
    assert "cpu limit" in message


ZERO_IS_MISSING = parse_cluster_config({"parameters": {POLICY: {"zeroIsMissing": True}}}, POLICIES, "c.yaml")


@pytest.mark.parametrize("zero", [0, 0.0, "0", "0m", "0Mi", "0.0", "+0", "0e3", ".0Gi", " 0 "])
def test_a_zero_limit_is_a_value_as_written_by_default(zero: Any) -> None:
    # the guardrail's definition (and kyverno, polaris, gatekeeper): present is present
    resources = {"limits": {"cpu": zero, "memory": "256Mi"}}
    assert _messages(pod([container(resources=resources)])) == []


@pytest.mark.parametrize("zero", [0, 0.0, "0", "0m", "0Mi", "0.0", "+0", "0e3", ".0Gi", " 0 "])
def test_with_zero_is_missing_a_zero_limit_is_no_limit(zero: Any) -> None:
    # the kubelet runs a container with a zero cpu or memory limit unlimited
    resources = {"limits": {"cpu": zero, "memory": "256Mi"}}
    (message,) = _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING)
    assert "cpu limit (0 means none)" in message and "cpu request (0 means none)" in message
    assert "memory" not in message.split(". Fix:")[0]


@pytest.mark.parametrize("value", ["1m", "0.5", "500m", "1e-3", "10Mi", 1, 0.25, "00001"])
def test_small_non_zero_quantities_count(value: Any) -> None:
    resources = {"limits": {"cpu": value, "memory": value}}
    assert _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING) == []
    assert _messages(pod([container(resources=resources)])) == []


@pytest.mark.parametrize("value", ["1e-400", "+1e-400", "5e-1000", "0.5e-400", ".1e-999"])
def test_a_quantity_too_small_for_a_float_is_not_zero(value: str) -> None:
    # Kubernetes rounds a non-zero quantity up to 1n (it gets "some resources"): no zero, however
    # small, whereas float() underflows it to 0.0
    resources = {"limits": {"cpu": value, "memory": value}}
    assert _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING) == []


@pytest.mark.parametrize("value", [False, True])
def test_a_boolean_quantity_is_not_taken_for_a_number(value: bool) -> None:
    # the API server refuses it; offline it is a value as written, not 0 (False == 0 in Python)
    resources = {"limits": {"cpu": value, "memory": "1Gi"}}
    assert _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING) == []


def test_a_zero_request_is_no_request_and_says_so_with_zero_is_missing() -> None:
    resources = {"requests": {"cpu": "0", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}
    (message,) = _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING)
    assert "has no cpu limit or cpu request (0 means none)" in message
    (message,) = _messages(pod([container(resources=resources)]))
    assert "has no cpu limit." in message  # the request of 0 is there as written; the limit is not


def test_a_request_written_as_zero_is_not_raised_by_the_limit_with_zero_is_missing() -> None:
    # Kubernetes defaults a request to its limit only when the request is not written: 0 stays 0
    resources = {"requests": {"cpu": "0", "memory": 0}, "limits": {"cpu": "1", "memory": "1Gi"}}
    (message,) = _messages(pod([container(resources=resources)]), config=ZERO_IS_MISSING)
    assert "has no cpu request (0 means none) or memory request (0 means none)." in message
    assert _messages(pod([container(resources=resources)])) == []  # by default 0 is a value as written
    unwritten = {"requests": {"cpu": None, "memory": ""}, "limits": {"cpu": "1", "memory": "1Gi"}}
    assert _messages(pod([container(resources=unwritten)]), config=ZERO_IS_MISSING) == []


def test_init_containers_are_checked_ephemeral_are_not() -> None:
    obj = pod(
        [container(resources=ALL)],
        initContainers=[container("init")],
        ephemeralContainers=[container("debug")],
    )
    assert [f.path for f in findings(obj, POLICY)] == ["/spec/initContainers/0/resources"]


@pytest.mark.parametrize("kind", ["Deployment", "CronJob", "Job", "DaemonSet"])
def test_workload_kinds(kind: str) -> None:
    assert len(findings(workload(kind, [container()]), POLICY)) == 1
    assert findings(workload(kind, [container(resources=ALL)]), POLICY) == []


def test_required_values_are_a_parameter() -> None:
    config = parse_cluster_config(
        {"parameters": {POLICY: {"require": ["limits.memory", "requests.cpu"]}}}, POLICIES, "cluster.yaml"
    )
    only_memory_limit = pod([container(resources={"limits": {"memory": "1Gi"}})])
    (message,) = _messages(only_memory_limit, config=config)
    assert "cpu request" in message and "memory" not in message.split(". Fix:")[0]
    with_cpu_request = pod([container(resources={"limits": {"memory": "1Gi"}, "requests": {"cpu": "1"}})])
    assert _messages(with_cpu_request, config=config) == []
    assert _messages(with_cpu_request) != []  # the default still wants all four


def test_container_lists_parameter() -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"containerLists": ["containers"]}}}, POLICIES, "c.yaml")
    obj = pod([container(resources=ALL)], initContainers=[container("init")])
    assert _messages(obj, config=config) == []
    assert len(_messages(obj)) == 1


def test_pod_level_resources_count_for_containers_without_their_own() -> None:
    # PodLevelResources (Kubernetes 1.32+): the pod's limits bound all its containers together
    pod_level = {"limits": {"cpu": "1", "memory": "1Gi"}}
    obj = pod([container(name="app"), container(name="sidecar", resources={"limits": {"cpu": "100m"}})], resources=pod_level)
    assert _messages(obj) == []
    only_cpu = pod([container(name="app")], resources={"limits": {"cpu": "1"}})
    (message,) = _messages(only_cpu)
    assert "has no memory limit or memory request." in message
    requests_only = pod([container(name="app")], resources={"requests": {"cpu": "1", "memory": "1Gi"}})
    (message,) = _messages(requests_only)
    assert "has no cpu limit or memory limit." in message
    zero = pod([container(name="app")], resources={"limits": {"cpu": "0", "memory": "1Gi"}})
    assert _messages(zero) == []
    (message,) = _messages(zero, config=ZERO_IS_MISSING)
    assert "has no cpu limit or cpu request." in message  # with zeroIsMissing, a pod-level 0 supplies nothing


@pytest.mark.parametrize("kind", ["PodTemplate", "DeploymentConfig", "Rollout"])
def test_pod_templates_beyond_the_core_workloads(kind: str) -> None:
    assert len(findings(template_kind(kind, {"containers": [container()]}), POLICY)) == 1
    assert findings(template_kind(kind, {"containers": [container(resources=ALL)]}), POLICY) == []


_CASES = sorted((REPO / "policies" / POLICY / "cases").glob("deny.*.yaml"))


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_each_deny_case_fix_names_exactly_the_missing_fields(case: Path) -> None:
    """The fix names the field to set for each value the message says is missing (as polaris and
    trivy name resources.limits.cpu), with YAML to copy, and no field the container already has:
    'has no memory limit' is not fixed by 'set ... for cpu and memory'."""
    documents, errors = read_source(str(case))
    assert documents and not errors
    for document in documents:
        for finding in findings(document.obj, POLICY):
            problem, _, fix = finding.message.partition(". Fix: ")
            for section, resource in (("limits", "cpu"), ("limits", "memory"), ("requests", "cpu"), ("requests", "memory")):
                label = f"{resource} {section[:-1]}"
                field = f"resources.{section}.{resource}"
                assert (label in problem) == (field in fix), (case.name, label, finding.message)
                assert (label in problem) == (f"{section}: {{" in fix and f"{resource}: " in fix.partition(f"{section}: {{")[2].partition("}")[0]), (case.name, label)


def test_values_missing_are_listed_with_or() -> None:
    (message,) = _messages(pod([container(resources={})]))
    assert "has no cpu limit, memory limit, cpu request or memory request. Fix: " in message
