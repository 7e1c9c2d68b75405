"""require-probes: liveness and readiness probes on long-running containers."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from check_helpers import POLICIES, container, decide, findings, pod, template_kind, workload

from webhook.config import default_policy_dir, parse_cluster_config
from webhook.errors import ConfigError
from webhook.policies import PolicySet, parse_policy

POLICY = "require-probes"
LIVE = {"httpGet": {"path": "/healthz", "port": 8080}}
READY = {"tcpSocket": {"port": 8080}}


def _probed(name: str = "app", **fields: Any) -> dict[str, Any]:
    return container(name, livenessProbe=LIVE, readinessProbe=READY, **fields)


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"livenessProbe": LIVE, "readinessProbe": READY}, []),
        ({}, ["livenessProbe", "readinessProbe"]),
        ({"livenessProbe": LIVE}, ["readinessProbe"]),
        ({"readinessProbe": READY}, ["livenessProbe"]),
        ({"startupProbe": LIVE}, ["livenessProbe", "readinessProbe"]),
        ({"startupProbe": LIVE, "readinessProbe": READY}, ["livenessProbe"]),
        ({"livenessProbe": None, "readinessProbe": READY}, ["livenessProbe"]),
        ({"livenessProbe": {"periodSeconds": 5}, "readinessProbe": READY}, ["livenessProbe"]),
        ({"livenessProbe": {"exec": {"command": ["true"]}}, "readinessProbe": {"grpc": {"port": 9000}}}, []),
        ({"livenessProbe": {"httpGet": None}, "readinessProbe": READY}, ["livenessProbe"]),
    ],
)
def test_probe_presence(fields: dict[str, Any], missing: list[str]) -> None:
    found = findings(pod([container("api", **fields)]), POLICY)
    if not missing:
        assert found == []
        return
    (finding,) = found
    assert finding.path == "/spec/containers/0"
    for probe in ("livenessProbe", "readinessProbe"):
        assert (f"no {probe}" in finding.message) is (probe in missing)
    assert 'container "api"' in finding.message and "handler" in finding.message


@pytest.mark.parametrize(
    ("probe", "gap"),
    [
        ({"exec": {}}, "exec.command"),
        ({"exec": {"command": []}}, "exec.command"),
        ({"httpGet": {"path": "/healthz"}}, "httpGet.port"),
        ({"tcpSocket": {"host": "db"}}, "tcpSocket.port"),
        ({"grpc": {"service": "health"}}, "grpc.port"),
        ({"httpGet": {"port": ""}}, "httpGet.port"),
        ({"tcpSocket": {"port": 0}}, "tcpSocket.port"),  # port 0 is no port
    ],
)
def test_a_handler_without_the_field_it_needs_cannot_run(probe: dict[str, Any], gap: str) -> None:
    """The API server refuses such a handler; offline (railguard test) and on /mutate, which runs
    before that validation, the author learns which field is missing."""
    (finding,) = findings(pod([container("api", livenessProbe=probe, readinessProbe=READY)]), POLICY)
    assert f"sets no livenessProbe.{gap}" in finding.message and "readinessProbe" not in finding.message
    assert f"set livenessProbe.{gap}" in finding.message
    assert findings(pod([container("api", livenessProbe={"httpGet": {"port": "http"}}, readinessProbe=READY)]), POLICY) == []


def test_a_missing_probe_and_an_empty_handler_are_both_named() -> None:
    (finding,) = findings(pod([container("api", readinessProbe={"exec": {"command": None}})]), POLICY)
    assert "has no livenessProbe with a handler" in finding.message
    assert "sets no readinessProbe.exec.command" in finding.message


def test_with_a_handler_is_said_of_each_missing_probe() -> None:
    """A livenessProbe without a handler counts as none: "has no livenessProbe and no readinessProbe
    with a handler" read as if the container had no livenessProbe at all, when it has one and only
    its handler is missing."""
    (finding,) = findings(pod([container("api", livenessProbe={"periodSeconds": 10})]), POLICY)
    assert 'container "api" has no livenessProbe with a handler and no readinessProbe with a handler.' in finding.message


def test_startup_probe_is_called_out() -> None:
    (finding,) = findings(pod([container(startupProbe=LIVE)]), POLICY)
    assert "startupProbe does not replace" in finding.message


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"])
def test_long_running_kinds(kind: str) -> None:
    assert len(findings(workload(kind, [container()]), POLICY)) == 1
    assert findings(workload(kind, [_probed()]), POLICY) == []


@pytest.mark.parametrize("kind", ["Job", "CronJob"])
def test_run_to_completion_kinds_are_exempt(kind: str) -> None:
    assert findings(workload(kind, [container()]), POLICY) == []


JOB_OWNER = {"apiVersion": "batch/v1", "kind": "Job", "name": "migrate", "uid": "0b5c1e9e-5f0e-4a57-9d7e-2f3c1a4b5c6d", "controller": True}


@pytest.mark.parametrize("restart", [None, "Always", "Never", "OnFailure"])
def test_a_bare_pod_needs_probes_whatever_its_restart_policy(restart: str | None) -> None:
    """The guardrail's definition puts Pods in scope and only Jobs and CronJobs out of it."""
    spec = {"restartPolicy": restart} if restart else {}
    (finding,) = findings(pod([container()], **spec), POLICY)
    assert "has no livenessProbe with a handler and no readinessProbe with a handler" in finding.message


@pytest.mark.parametrize(("restart", "exempt"), [(None, False), ("Always", False), ("Never", True), ("OnFailure", True)])
def test_a_pod_a_job_created_is_exempt_when_it_runs_to_completion(restart: str | None, exempt: bool) -> None:
    spec = {"restartPolicy": restart} if restart else {}
    obj = pod([container()], **spec)
    obj["metadata"]["ownerReferences"] = [JOB_OWNER]
    assert (findings(obj, POLICY) == []) is exempt


def test_an_owner_that_is_not_the_controller_does_not_exempt_a_pod() -> None:
    obj = pod([container()], restartPolicy="Never")
    obj["metadata"]["ownerReferences"] = [{**JOB_OWNER, "controller": False}, "not a reference"]
    assert len(findings(obj, POLICY)) == 1


def test_sidecars_are_exempt_by_default() -> None:
    obj = pod([_probed()], initContainers=[container("setup"), container("proxy", restartPolicy="Always")])
    assert findings(obj, POLICY) == []


def test_sidecars_need_probes_when_the_parameter_asks_other_init_containers_do_not() -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"sidecars": True}}}, POLICIES, "c.yaml")
    obj = pod(
        [_probed()],
        initContainers=[container("setup"), container("proxy", restartPolicy="Always"), _probed("ok-sidecar", restartPolicy="Always")],
    )
    (finding,) = findings(obj, POLICY, config=config)
    assert finding.path == "/spec/initContainers/1"
    assert 'init container "proxy" is a sidecar (restartPolicy: Always) and has no livenessProbe' in finding.message


def test_with_the_sidecars_parameter_the_containers_still_need_probes() -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"sidecars": True}}}, POLICIES, "c.yaml")
    obj = pod([_probed(), container("worker")], initContainers=[_probed("proxy", restartPolicy="Always")])
    (finding,) = findings(obj, POLICY, config=config)
    assert finding.path == "/spec/containers/1" and finding.container == 'container "worker"'


def test_the_sidecars_parameter_must_be_a_boolean() -> None:
    with pytest.raises(ConfigError, match="sidecars"):
        parse_cluster_config({"parameters": {POLICY: {"sidecars": "yes"}}}, POLICIES, "c.yaml")


def test_ephemeral_containers_are_exempt() -> None:
    assert findings(pod([_probed()], ephemeralContainers=[container("debug")]), POLICY) == []


def test_every_container_is_reported() -> None:
    obj = workload("Deployment", [container("a"), _probed("b"), container("c", livenessProbe=LIVE)])
    assert [f.container for f in findings(obj, POLICY)] == ['container "a"', 'container "c"']


def test_required_probes_are_a_parameter() -> None:
    config = parse_cluster_config({"parameters": {POLICY: {"require": ["readinessProbe"]}}}, POLICIES, "c.yaml")
    assert findings(pod([container(readinessProbe=READY)]), POLICY, config=config) == []
    assert len(findings(pod([container(livenessProbe=LIVE)]), POLICY, config=config)) == 1


def test_denial_message_names_policy_and_fix() -> None:
    decision = decide(pod([container("web")]))
    assert f"[{POLICY}]" in decision.message
    assert "add livenessProbe and readinessProbe" in decision.message


@pytest.mark.parametrize("kind", ["DeploymentConfig", "Rollout"])
def test_long_running_controllers_beyond_the_core_workloads(kind: str) -> None:
    (finding,) = findings(template_kind(kind, {"containers": [container()]}), POLICY)
    assert "livenessProbe" in finding.message and "readinessProbe" in finding.message
    assert findings(template_kind(kind, {"containers": [_probed()]}), POLICY) == []


@pytest.mark.parametrize("kind", ["Job", "CronJob", "PodTemplate"])
def test_the_check_itself_passes_run_to_completion_kinds_a_policy_matches(kind: str) -> None:
    """The probes check reads any pod spec (``CheckDef.kinds``): a policy of one's own that matches
    Jobs, CronJobs or PodTemplates gets no finding for them; the check, not the library's
    ``match.kinds``, decides that such pods need no probes."""
    raw = yaml.safe_load((default_policy_dir() / POLICY / "policy.yaml").read_text())
    raw["match"] = {"kinds": [kind, "Deployment"]}
    policies = PolicySet((parse_policy(raw, "mine/policy.yaml"),), "test")
    obj = template_kind(kind, {"containers": [container()]}) if kind == "PodTemplate" else workload(kind, [container()])
    assert findings(obj, POLICY, policies=policies) == []
    assert len(findings(workload("Deployment", [container()]), POLICY, policies=policies)) == 1


def test_a_pod_template_is_not_judged_for_probes() -> None:
    """Only a template: whether its pods keep running depends on what uses it."""
    assert findings(template_kind("PodTemplate", {"containers": [container()]}), POLICY) == []
