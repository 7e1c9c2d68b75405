"""A pod spec with a wrong type on the way to a container fails closed: every policy that judges
containers reports it, instead of judging the containers it can read and passing the rest.

kube-apiserver never decodes such an object for the built-in kinds, so the server meets it only in a
custom resource that keeps unknown fields (a Rollout) or in a direct call; ``railguard test``
refuses it as unreadable, as kubectl does. Third-party fixtures hold a few (checkov's malformed
``spec``), labelled as failing.
"""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, compliant, decide, pod, template_kind, workload
from test_declarative_rules import make_policy
from test_declarative_rules import decide as decide_with

from webhook.workloads import pod_spec_shape_problem

CONTAINER_POLICIES = {"require-run-as-non-root", "require-resources", "require-probes", "disallow-plaintext-secrets"}


def _deployment_with(spec: Any) -> dict[str, Any]:
    obj = workload("Deployment", [compliant()])
    obj["spec"]["template"]["spec"] = spec
    return obj


@pytest.mark.parametrize(
    ("obj", "pointer", "error"),
    [
        ({**pod([]), "spec": [{"containers": None}, compliant()]}, "/spec", "spec must be an object, got a list"),
        (_deployment_with(FAKE), "/spec/template/spec", "spec.template.spec must be an object, got a string"),
        ({**workload("Deployment", []), "spec": {"template": 7}}, "/spec/template", "spec.template must be an object, got a number"),
        (pod({"name": "app"}), "/spec/containers", "spec.containers must be a list, got an object"),  # type: ignore[arg-type]
        (pod({}), "/spec/containers", "spec.containers must be a list, got an object"),  # type: ignore[arg-type]
        (pod([compliant()], initContainers=""), "/spec/initContainers", "spec.initContainers must be a list, got a string"),
        (pod([compliant(), FAKE]), "/spec/containers/1", "spec.containers[1] must be an object, got a string"),  # type: ignore[list-item]
        (pod([compliant()], initContainers=[None]), "/spec/initContainers/0", "spec.initContainers[0] must be an object, got a value"),
        (template_kind("Rollout", [compliant()]), "/spec/template/spec", "spec.template.spec must be an object, got a list"),  # type: ignore[arg-type]
    ],
)
def test_every_container_policy_reports_a_broken_pod_spec(obj: dict[str, Any], pointer: str, error: str) -> None:
    decision = decide(obj)
    assert not decision.allowed
    broken = [f for f in decision.findings if "cannot be judged" in f.message]
    assert {f.policy for f in broken} == CONTAINER_POLICIES
    for finding in broken:
        assert finding.path == pointer
        assert f"cannot be judged: {error}." in finding.message
        assert "kube-apiserver refuses this object too" in finding.message
    assert FAKE not in decision.message  # the type is named, never the value


def test_the_readable_containers_are_not_judged_besides() -> None:
    """One finding per policy for the object, not one more per container that could be read."""
    decision = decide(pod([{"name": "root", "image": "x"}, "junk"]))  # type: ignore[list-item]
    assert sorted(f.policy for f in decision.findings) == sorted(CONTAINER_POLICIES)


@pytest.mark.parametrize(
    "obj",
    [
        {**pod([]), "spec": None},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}},
        {**workload("Deployment", []), "spec": {"template": None}},
        pod([compliant()], initContainers=None, ephemeralContainers=[]),
    ],
)
def test_absent_or_null_parts_are_not_broken(obj: dict[str, Any]) -> None:
    assert not [f for f in decide(obj).findings if "cannot be judged" in f.message]


def test_probes_still_skip_what_they_do_not_judge() -> None:
    """A Job runs to completion: require-probes has nothing to say about it, broken or not."""
    job = workload("Job", [compliant(), "junk"])  # type: ignore[list-item]
    policies = {f.policy for f in decide(job).findings if "cannot be judged" in f.message}
    assert policies == CONTAINER_POLICIES - {"require-probes"}


def test_a_configmap_is_not_a_pod_spec() -> None:
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "spec": []}
    assert decide(config_map).allowed
    # nor is its shape judged by the function the reference review calls for any object
    assert pod_spec_shape_problem(config_map) is None
    assert pod_spec_shape_problem({"metadata": {"name": "c"}, "spec": []}) is None


@pytest.mark.parametrize("target", ["PodSpec", "Container"])
def test_declarative_rules_on_pod_specs_fail_closed_too(target: str) -> None:
    policy = make_policy(target, {"field": "terminationGracePeriodSeconds" if target == "PodSpec" else "image", "present": True})
    decision = decide_with(policy, pod([compliant(), 42]))  # type: ignore[list-item]
    (finding,) = decision.findings
    assert not decision.allowed and "cannot be judged: spec.containers[1] must be an object, got a number" in finding.message


def test_an_object_rule_reads_fields_and_is_not_concerned() -> None:
    policy = make_policy("Object", {"field": "metadata.name", "present": True}, kinds=["Pod"])
    assert decide_with(policy, pod([compliant(), 42])).allowed  # type: ignore[list-item]

