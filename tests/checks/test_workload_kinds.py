"""The workload table beyond the core kinds: Knative Serving (known by its group-qualified kind,
since a core Service is no workload) and an Argo Rollout whose template lives elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
import reference_review
from check_helpers import FAKE, POLICIES, container, decide, everything_shown

from webhook.admission import request_for_manifest
from webhook.config import ClusterConfig

from webhook.workloads import object_kind, pod_spec

KNATIVE = "serving.knative.dev/v1"


def knative(kind: str, containers: list[dict[str, Any]], api: str = KNATIVE) -> dict[str, Any]:
    return {"apiVersion": api, "kind": kind, "metadata": {"name": "hello", "namespace": "shop"},
            "spec": {"template": {"spec": {"containers": containers}}}}  # fmt: skip


def rollout(ref: Any) -> dict[str, Any]:
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "workloadRef": ref}}  # fmt: skip


@pytest.mark.parametrize("kind", ["Service", "Configuration"])
def test_knative_templates_are_judged(kind: str) -> None:
    obj = knative(kind, [container(env=[{"name": "DB_PASSWORD", "value": FAKE}])])
    assert object_kind(obj) == f"{kind}.serving.knative.dev"
    decision = decide(obj, mode="full")
    assert not decision.allowed
    by_policy = {f.policy: f.path for f in decision.findings}
    assert set(by_policy) == {"require-run-as-non-root", "require-resources", "disallow-plaintext-secrets"}
    assert all(path.startswith("/spec/template/spec/containers/0/") for path in by_policy.values())
    # Knative probes the container itself and scales it: no probe or zone rule, no patch
    assert decision.patch == ()
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    ("containers", "init", "named"),
    [
        ([{}], [], ['container "user-container"']),  # a lone container: Knative's own name for it
        ([{}, {"name": "side"}, {}], [], ['container "user-container-0"', 'container "side"', 'container "user-container-1"']),
        ([{}], [{"name": "user-container"}], ['container "user-container-0"', 'init container "user-container"']),  # name taken
        ([{"name": "user-container-0"}, {}], [{}], ['container "user-container-0"', 'container "user-container-1"', 'init container "init-container"']),
    ],
)
def test_an_unnamed_knative_container_is_named_as_knative_names_it(
    containers: list[dict[str, Any]], init: list[dict[str, Any]], named: list[str]
) -> None:
    """Knative's defaulting names an unnamed container ``user-container`` (``-0``, ``-1``... when
    there are several or the name is taken): the name its pods, logs and ``kubectl`` show. Messages
    said ``container "#0"``."""
    for kind in ("Service", "Configuration"):
        obj = knative(kind, [container(**c) if c else {"image": "registry.example/app:1.0"} for c in containers])
        obj["spec"]["template"]["spec"]["initContainers"] = [{"image": "registry.example/init:1.0", **c} for c in init]
        decision = decide(obj)
        who = {f.container for f in decision.findings if f.policy == "require-resources"}
        assert who == set(named), decision.findings
        assert "#" not in decision.message
        assert decision == reference_review.review(request_for_manifest(obj), POLICIES, ClusterConfig())
    # elsewhere an unnamed container keeps its index: no controller names it
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "a"}]}}
    assert 'container "#0"' in decide(pod).message


@pytest.mark.parametrize("name", ["", 5, None])
def test_a_container_whose_name_is_empty_or_not_text_is_named_by_its_index(name: Any) -> None:
    """Only a non-empty string is a name: anything else leaves the container ``#0``, and a Knative
    template's such container gets the name Knative's defaulting gives (it names ``name: ""`` too)."""
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": name, "image": "a"}]}}
    assert {f.container for f in decide(pod).findings} == {'container "#0"'}
    if isinstance(name, str) or name is None:  # Knative's defaulting reads a string field
        obj = knative("Service", [{"name": name, "image": "registry.example/app:1.0"}])
        assert {f.container for f in decide(obj).findings} == {'container "user-container"'}


@pytest.mark.parametrize(("api", "kind"), [("v1", "Service"), ("example.com/v1", "Service"), ("v1", "Configuration"),
                                           ("serving.knative.dev", "Service"), ("serving.knative.dev/v1", "Revision")])  # fmt: skip
def test_same_names_elsewhere_are_not_workloads(api: str, kind: str) -> None:
    obj = knative(kind, [container(env=[{"name": "DB_PASSWORD", "value": FAKE}])], api=api)
    assert object_kind(obj) == kind and pod_spec(obj) is None
    decision = decide(obj, mode="full")
    assert decision.allowed and decision.findings == () and decision.patch == () and decision.warnings == ()


def test_a_rollout_with_a_workload_ref_says_its_pods_are_judged_elsewhere() -> None:
    decision = decide(rollout({"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}), mode="full")
    assert decision.allowed and decision.findings == () and decision.patch == ()
    note = 'pod policies not applied: the pods come from Deployment "web" (spec.workloadRef), judged on its own'
    assert decision.notes == (note,) and decision.warnings == (note,)
    assert decision.verdict == "warned", "not a plain 'allowed': the verdict does not cover the pods"


def test_the_workload_ref_note_keeps_its_end_for_a_long_name() -> None:
    """The note is a warning too, cut at 120 characters: a long name pushed out what it means."""
    name = "web-" + "a" * 200
    decision = decide(rollout({"apiVersion": "apps/v1", "kind": "Deployment", "name": name}))
    (warning,) = decision.warnings
    assert len(warning) <= 120 and warning.endswith("(spec.workloadRef), judged on its own")
    assert warning == decision.notes[0] and 'from Deployment "web-aaaa' in warning and '..." (spec.workloadRef)' in warning


@pytest.mark.parametrize("ref", [{"kind": "Deployment", "name": "AKIAIOSFODNN7EXAMPLE"}, {"kind": "Banana", "name": "Web\n"}, "web", {}])
def test_the_workload_ref_note_never_quotes_what_it_cannot_vouch_for(ref: Any) -> None:
    decision = decide(rollout(ref))
    assert decision.allowed and decision.findings == ()
    assert decision.notes and all("AKIA" not in n and "Banana" not in n and '"' not in n for n in decision.notes)


def test_a_rollout_with_its_own_template_gets_no_note() -> None:
    obj = rollout(None)
    obj["spec"]["template"] = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container()]}}
    decision = decide(obj)
    assert not decision.allowed and decision.notes == ()


@pytest.mark.parametrize("kind", ["Service", "Configuration"])
def test_an_exemption_names_an_unnamed_knative_container_as_messages_do(kind: str) -> None:
    """The denial names an unnamed Knative container ``container "user-container"`` (and the
    Revision's Deployment holds that name): an exemption naming it covers it, and only it."""
    import datetime as dt

    from webhook.config import parse_cluster_config

    today = dt.date(2026, 11, 22)
    obj = knative(kind, [{"image": "registry.example/app:1.0"}])
    denied = decide(obj, today=today)
    assert {f.container for f in denied.findings if f.policy == "require-resources"} == {'container "user-container"'}

    def exempting(*names: str) -> ClusterConfig:
        exemption = {"policies": ["require-resources"], "containers": list(names), "reason": "r", "expires": "2027-01-31"}
        return parse_cluster_config({"exemptions": [exemption]}, POLICIES, "cluster.yaml")

    for config in (exempting("user-container"), exempting("user-*")):
        decision = decide(obj, config=config, today=today)
        assert "require-resources" not in {f.policy for f in decision.findings}, decision.findings
        assert decision.exemptions == ('require-resources on container "user-container": exemption #0 (r), until 2027-01-31',)
        assert decision == reference_review.review(request_for_manifest(obj), POLICIES, config, today=today)
    # several unnamed: each by its own numbered name; a named container by its name only
    obj = knative(kind, [{"image": "a:1"}, {"image": "b:1"}, container("side")])
    for config, judged in ((exempting("user-container-1"), {'container "user-container-0"', 'container "side"'}),
                           (exempting("user-container"), {'container "user-container-0"', 'container "user-container-1"', 'container "side"'})):  # fmt: skip
        decision = decide(obj, config=config, today=today)
        assert {f.container for f in decision.findings if f.policy == "require-resources"} == judged
        assert decision == reference_review.review(request_for_manifest(obj), POLICIES, config, today=today)
    # elsewhere an unnamed container has no such name: "#0" is an index, not a name to exempt
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"containers": [{"image": "a"}]}}
    for names in (("user-container",), ("#0",)):
        assert "require-resources" in {f.policy for f in decide(pod, config=exempting(*names), today=today).findings}


@pytest.mark.parametrize("name", ["", None])
def test_an_exemption_covers_a_knative_container_named_empty_as_messages_name_it(name: Any) -> None:
    """``name: ""`` is no name: Knative's defaulting names it ``user-container``, and so do the
    messages; an exemption naming ``user-container`` covers it as it covers an absent name."""
    import datetime as dt

    from webhook.config import parse_cluster_config

    today = dt.date(2026, 11, 22)
    obj = knative("Service", [{"name": name, "image": "registry.example/app:1.0"}])
    exemption = {"policies": ["require-resources"], "containers": ["user-container"], "reason": "r", "expires": "2027-01-31"}
    config = parse_cluster_config({"exemptions": [exemption]}, POLICIES, "cluster.yaml")
    decision = decide(obj, config=config, today=today)
    assert "require-resources" not in {f.policy for f in decision.findings}, decision.findings
    assert decision.exemptions == ('require-resources on container "user-container": exemption #0 (r), until 2027-01-31',)
    assert decision == reference_review.review(request_for_manifest(obj), POLICIES, config, today=today)
