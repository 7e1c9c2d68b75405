"""zone-anti-affinity: the mutation (only what is absent, idempotent) and its warning."""

from __future__ import annotations

from typing import Any

import jsonpatch
import pytest
from check_helpers import POLICIES, container, decide, findings, only, workload

from webhook.config import parse_cluster_config
from webhook.errors import ConfigError

POLICY = "zone-anti-affinity"
SET = only(POLICY)


def _mutate(obj: dict[str, Any], **kwargs: Any) -> tuple[list[Any], dict[str, Any]]:
    decision = decide(obj, policies=kwargs.pop("policies", SET), mode="mutate", **kwargs)
    assert decision.allowed
    patch = list(decision.patch)
    return patch, jsonpatch.apply_patch(obj, patch) if patch else obj


def _anti(obj: dict[str, Any]) -> Any:
    return obj["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]


@pytest.mark.parametrize("replicas", [None, 0, 1])
def test_single_replica_is_left_alone(replicas: int | None) -> None:
    obj = workload("Deployment", [container()], replicas=replicas)
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) == []


@pytest.mark.parametrize("kind", ["DaemonSet", "Job", "CronJob", "ReplicationController"])
def test_other_kinds_are_left_alone(kind: str) -> None:
    assert _mutate(workload(kind, [container()], replicas=3))[0] == []


@pytest.mark.parametrize("term_list", ["requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"])
def test_existing_anti_affinity_is_respected(term_list: str) -> None:
    term = {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}
    value = [term] if term_list.startswith("required") else [{"weight": 10, "podAffinityTerm": term}]
    obj = workload("Deployment", [container()], replicas=3, affinity={"podAntiAffinity": {term_list: value}})
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) == []


def test_empty_anti_affinity_is_filled_other_affinity_kept() -> None:
    node = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "gpu", "operator": "Exists"}]}]}}
    obj = workload("Deployment", [container()], replicas=2, affinity={"nodeAffinity": node, "podAntiAffinity": {}})
    patch, patched = _mutate(obj)
    assert [op["path"] for op in patch] == ["/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution"]
    assert patched["spec"]["template"]["spec"]["affinity"]["nodeAffinity"] == node
    assert _mutate(patched)[0] == []


def test_selector_comes_from_match_labels_then_expressions_then_template() -> None:
    obj = workload("Deployment", [container()], replicas=2)
    obj["spec"]["selector"] = {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}
    _, patched = _mutate(obj)
    term = _anti(patched)["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term["labelSelector"] == {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}
    del obj["spec"]["selector"]
    _, patched = _mutate(obj)
    term = _anti(patched)["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term["labelSelector"] == {"matchLabels": {"app": "web"}}


def test_parameters() -> None:
    config = parse_cluster_config(
        {"parameters": {POLICY: {"topologyKey": "kubernetes.io/hostname", "weight": 40, "minReplicas": 4}}},
        POLICIES,
        "c.yaml",
    )
    assert _mutate(workload("Deployment", [container()], replicas=3), config=config)[0] == []
    _, patched = _mutate(workload("Deployment", [container()], replicas=4), config=config)
    (preferred,) = _anti(patched)["preferredDuringSchedulingIgnoredDuringExecution"]
    assert preferred["weight"] == 40 and preferred["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    required = parse_cluster_config({"parameters": {POLICY: {"mode": "required"}}}, POLICIES, "c.yaml")
    _, patched = _mutate(workload("StatefulSet", [container()], replicas=3), config=required)
    (term,) = _anti(patched)["requiredDuringSchedulingIgnoredDuringExecution"]
    assert term == {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "topology.kubernetes.io/zone"}


@pytest.mark.parametrize(
    ("params", "field", "problem"),
    [
        ({"weight": 0}, "weight", "between 1 and 100"),
        ({"weight": 101}, "weight", "between 1 and 100"),
        ({"weight": "high"}, "weight", "must be an integer"),
        ({"mode": "sometimes"}, "mode", "must be one of preferred, required"),
        ({"minReplicas": 0}, "minReplicas", ">= 1"),
        ({"topologyKey": " "}, "topologyKey", "must not be empty"),
        ({"zone": "x"}, "zone", "unknown parameter"),
    ],
)
def test_bad_parameters_are_rejected(params: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_cluster_config({"parameters": {POLICY: params}}, POLICIES, "cluster.yaml")
    assert error.value.field == f"parameters.{POLICY}.{field}"
    assert problem in error.value.problem


def test_validation_warns_when_unmutated_and_full_mode_is_clean() -> None:
    obj = workload("Deployment", [container()], name="api", replicas=3)
    decision = decide(obj, policies=SET)
    assert decision.allowed and decision.verdict == "warned"
    (warning,) = decision.warnings
    assert warning.startswith(f"{POLICY}: ") and 'Deployment "api"' in warning
    full = decide(obj, policies=SET, mode="full")
    assert full.findings == () and full.verdict == "mutated" and full.patch


def test_policy_off_does_not_mutate() -> None:
    config = parse_cluster_config({"actions": {POLICY: "off"}}, POLICIES, "c.yaml")
    assert _mutate(workload("Deployment", [container()], replicas=3), config=config)[0] == []


def test_selector_keeps_both_match_labels_and_expressions() -> None:
    # the two are ANDed: a term with matchLabels alone would also select the stable track's pods
    canary = {"key": "track", "operator": "In", "values": ["canary"]}
    obj = workload("Deployment", [container()], name="web-canary", replicas=2)
    obj["spec"]["selector"] = {"matchLabels": {"app": "web"}, "matchExpressions": [canary]}
    term = _anti(_mutate(obj)[1])["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term["labelSelector"] == {"matchLabels": {"app": "web"}, "matchExpressions": [canary]}
    assert term["labelSelector"]["matchExpressions"][0] is not canary  # copied, not shared


def test_replicaset_owned_by_a_deployment_is_left_to_its_owner() -> None:
    # the Deployment controller matches its ReplicaSets by template: a patched one would be orphaned
    obj = workload("ReplicaSet", [container()], name="web-7c9f8d6b5", replicas=3)
    owner = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u1", "controller": True}
    obj["metadata"]["ownerReferences"] = [owner]
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) == []
    obj["metadata"]["ownerReferences"] = [{**owner, "controller": False}]  # owned but not controlled
    assert _mutate(obj)[0] != []
    assert findings(obj, POLICY) != []


@pytest.mark.parametrize("key, spread", [("topology.kubernetes.io/zone", True), ("kubernetes.io/hostname", False)])
def test_zone_spread_constraints_count_as_spread(key: str, spread: bool) -> None:
    constraint = {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "DoNotSchedule",
                  "labelSelector": {"matchLabels": {"app": "web"}}}
    obj = workload("Deployment", [container()], replicas=3, topologySpreadConstraints=[constraint])
    assert (_mutate(obj)[0] == []) is spread
    assert (findings(obj, POLICY) == []) is spread


@pytest.mark.parametrize("selector", [
    {"matchLabels": {"app": [[["deep"]]]}},
    {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "track", "operator": "In", "values": [["x"]]}]},
    {"matchExpressions": [{"key": 5, "operator": "Exists"}]},
    {"matchExpressions": [{"key": "track", "operator": 5}]},
    {"matchLabels": {5: "web"}},
    {"matchExpressions": "track in (canary)"},
])
def test_a_malformed_selector_is_not_copied_into_a_patch(selector: dict[str, Any]) -> None:
    # the API server refuses such an object anyway; copying it could nest the patch past what
    # the answer's serialiser takes
    obj = workload("Deployment", [container()], replicas=3)
    obj["spec"]["selector"] = selector
    assert _mutate(obj)[0] == []


@pytest.mark.parametrize("labels", [None, {}, {"app": "web", "tier": 3}])
def test_without_a_selector_template_labels_that_select_nothing_sensible_give_no_patch(labels: Any) -> None:
    # an empty matchLabels would select every pod of the namespace; a non-string label is malformed
    obj = workload("Deployment", [container()], replicas=3)
    del obj["spec"]["selector"]
    if labels is None:
        del obj["spec"]["template"]["metadata"]["labels"]
    else:
        obj["spec"]["template"]["metadata"]["labels"] = labels
    assert _mutate(obj)[0] == []
    assert len(findings(obj, POLICY)) == 1  # the check still warns: the workload is not spread


def test_an_expression_with_null_values_is_copied() -> None:
    obj = workload("Deployment", [container()], replicas=3)
    obj["spec"]["selector"] = {"matchExpressions": [{"key": "app", "operator": "Exists", "values": None}]}
    term = _anti(_mutate(obj)[1])["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term["labelSelector"] == {"matchExpressions": [{"key": "app", "operator": "Exists", "values": None}]}


@pytest.mark.parametrize("replicas", ["3", 3.0])
def test_replicas_that_are_not_an_integer_count_as_absent(replicas: Any) -> None:
    """A quoted or fractional ``replicas`` (the API server refuses both) is taken as absent: one
    replica, nothing to spread, and the review does not fail on it."""
    obj = workload("Deployment", [container()])
    obj["spec"]["replicas"] = replicas
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) == []


def test_a_spread_constraint_that_is_not_an_object_is_skipped() -> None:
    """A malformed entry beside a constraint over the zone neither hides it nor breaks the review;
    alone, it spreads nothing."""
    zone = {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule"}
    spread = workload("Deployment", [container()], replicas=3, topologySpreadConstraints=["zone", zone])
    assert _mutate(spread)[0] == [] and findings(spread, POLICY) == []
    unspread = workload("Deployment", [container()], replicas=3, topologySpreadConstraints=["topology.kubernetes.io/zone"])
    assert len(_mutate(unspread)[0]) == 1 and len(findings(unspread, POLICY)) == 1


# --- on UPDATE: no rollout the edit did not ask for ---------------------------------------------


def _relabelled(obj: dict[str, Any], **labels: str) -> dict[str, Any]:
    return {**obj, "metadata": {**obj["metadata"], "labels": labels}}


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet"])
def test_update_that_leaves_the_template_alone_gets_no_patch(kind: str) -> None:
    # a workload created before railguard: a label edit or a new replica count must not start a
    # rollout (a patched template replaces every pod)
    old = workload(kind, [container()], name="api", replicas=3)
    for new in (_relabelled(old, team="payments"), {**old, "spec": {**old["spec"], "replicas": 5}}):
        patch, _ = _mutate(new, operation="UPDATE", old=old)
        assert patch == []
        # the validating side still says so, as a warning the old object already earned
        (finding,) = [f for f in decide(new, mode="full", operation="UPDATE", old=old).findings if f.policy == POLICY]
        assert finding.preexisting and finding.action == "warn"


def test_update_that_changes_the_template_gets_the_term() -> None:
    old = workload("Deployment", [container()], name="api", replicas=3)
    new = workload("Deployment", [container(image="registry.example/app:2.0")], name="api", replicas=3)
    patch, patched = _mutate(new, operation="UPDATE", old=old)  # the pods are replaced anyway
    assert [op["path"] for op in patch] == ["/spec/template/spec/affinity"]
    assert _anti(patched)["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]["topologyKey"] == "topology.kubernetes.io/zone"
    restarted = workload("Deployment", [container()], name="api", replicas=3)
    restarted["spec"]["template"]["metadata"]["annotations"] = {"kubectl.kubernetes.io/restartedAt": "2026-11-22T10:00:00Z"}
    assert [op["path"] for op in _mutate(restarted, operation="UPDATE", old=old)[0]] == ["/spec/template/spec/affinity"]


def test_update_without_an_old_object_is_filled_as_on_create() -> None:
    new = workload("Deployment", [container()], name="api", replicas=3)
    assert [op["path"] for op in _mutate(new, operation="UPDATE")[0]] == ["/spec/template/spec/affinity"]


def test_an_empty_preferred_list_gets_the_patch_the_server_sends() -> None:
    # a file's [] reaches the webhook as {} (Go drops empty lists): railguard test shows that patch
    in_file = workload("Deployment", [container()], name="api", replicas=3)
    in_file["spec"]["template"]["spec"]["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}
    sent = workload("Deployment", [container()], name="api", replicas=3)
    sent["spec"]["template"]["spec"]["affinity"] = {"podAntiAffinity": {}}
    patch, patched = _mutate(in_file)
    assert patch and patch == _mutate(sent)[0]
    [term] = _anti(patched)["preferredDuringSchedulingIgnoredDuringExecution"]
    assert term["podAffinityTerm"]["topologyKey"] == "topology.kubernetes.io/zone"


# --- Argo Rollouts and OpenShift DeploymentConfigs ------------------------------------------------


def _rollout(replicas: int | None = 3, **pod: Any) -> dict[str, Any]:
    obj = workload("Deployment", [container()], name="checkout", replicas=replicas, **pod)
    return {**obj, "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout"}


def _deployment_config(replicas: int | None = 3, selector: Any = None, **pod: Any) -> dict[str, Any]:
    obj = workload("ReplicationController", [container()], name="billing", replicas=replicas, **pod)
    obj = {**obj, "apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig"}
    obj["spec"]["template"]["metadata"]["labels"] = {"app": "billing", "release": "r42"}
    if selector is None:
        obj["spec"]["selector"] = {"app": "billing"}  # a plain label map, as a ReplicationController's
    elif selector == "absent":
        del obj["spec"]["selector"]
    else:
        obj["spec"]["selector"] = selector
    return obj


def _term(obj: dict[str, Any]) -> Any:
    (preferred,) = _anti(obj)["preferredDuringSchedulingIgnoredDuringExecution"]
    return preferred["podAffinityTerm"]


@pytest.mark.parametrize(
    ("obj", "selector"),
    [
        *[(workload(kind, [container()], name="api", replicas=3), {"matchLabels": {"app": "api"}}) for kind in ("Deployment", "StatefulSet", "ReplicaSet")],
        (_rollout(), {"matchLabels": {"app": "checkout"}}),
        (_deployment_config(), {"matchLabels": {"app": "billing"}}),
    ],
    ids=["Deployment", "StatefulSet", "ReplicaSet", "Rollout", "DeploymentConfig"],
)
def test_multi_replica_workloads_get_a_preferred_zone_term(obj: dict[str, Any], selector: dict[str, Any]) -> None:
    patch, patched = _mutate(obj)
    assert patch == [
        {
            "op": "add",
            "path": "/spec/template/spec/affinity",
            "value": {
                "podAntiAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        {"weight": 100, "podAffinityTerm": {"labelSelector": selector, "topologyKey": "topology.kubernetes.io/zone"}}
                    ]
                }
            },
        }
    ]
    assert {k: v for k, v in patched["spec"]["template"]["spec"].items() if k != "affinity"} == obj["spec"]["template"]["spec"]
    assert obj["spec"]["template"]["spec"].get("affinity") is None  # input untouched
    assert _mutate(patched)[0] == []  # idempotent
    assert findings(patched, POLICY) == []
    (finding,) = findings(obj, POLICY)
    assert finding.action == "warn" and finding.path == "/spec/template/spec/affinity"


def test_a_rollout_selector_is_copied_whole_as_a_deployments() -> None:
    canary = {"key": "track", "operator": "In", "values": ["canary"]}
    obj = _rollout()
    obj["spec"]["selector"] = {"matchLabels": {"app": "checkout"}, "matchExpressions": [canary]}
    term = _term(_mutate(obj)[1])
    assert term["labelSelector"] == {"matchLabels": {"app": "checkout"}, "matchExpressions": [canary]}
    assert term["labelSelector"]["matchExpressions"][0] is not canary
    del obj["spec"]["selector"]
    assert _term(_mutate(obj)[1])["labelSelector"] == {"matchLabels": {"app": "checkout"}}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (None, {"matchLabels": {"app": "billing"}}),  # the selector, not the template's wider labels
        ({"app": "billing", "deploymentconfig": "billing"}, {"matchLabels": {"app": "billing", "deploymentconfig": "billing"}}),
        ("absent", {"matchLabels": {"app": "billing", "release": "r42"}}),  # OpenShift defaults it to these
        ({}, {"matchLabels": {"app": "billing", "release": "r42"}}),
    ],
)
def test_a_deployment_config_selector_is_a_plain_label_map(selector: Any, expected: dict[str, Any]) -> None:
    obj = _deployment_config(selector=selector)
    patch, patched = _mutate(obj)
    assert _term(patched)["labelSelector"] == expected
    assert _mutate(patched)[0] == []


def test_a_deployment_config_selector_that_is_a_label_map_with_a_label_named_like_a_selector_field() -> None:
    # "matchLabels" is a valid label key: in a DeploymentConfig it is a label, not a LabelSelector field
    obj = _deployment_config(selector={"matchLabels": "x"})
    obj["spec"]["template"]["metadata"]["labels"] = {"matchLabels": "x", "app": "billing"}
    assert _term(_mutate(obj)[1])["labelSelector"] == {"matchLabels": {"matchLabels": "x"}}


@pytest.mark.parametrize("selector", [{"matchLabels": {"app": "billing"}}, {"app": 5}, "app=billing", ["app"]])
def test_a_malformed_deployment_config_selector_is_not_copied(selector: Any) -> None:
    # a LabelSelector where OpenShift wants a label map (or worse) is refused by the API server:
    # nothing is patched, and neither is the template's labels, which may select other pods
    obj = _deployment_config(selector=selector)
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) != []  # still warned about


@pytest.mark.parametrize("template", [None, {}, {"metadata": {}, "spec": {"containers": []}}])
def test_a_rollout_with_a_workload_ref_is_left_alone(template: Any) -> None:
    obj = _rollout(replicas=5)
    obj["spec"]["workloadRef"] = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "checkout"}
    if template is None:
        del obj["spec"]["template"]
    else:
        obj["spec"]["template"] = template
    for mode in ("mutate", "validate", "full"):
        decision = decide(obj, policies=SET, mode=mode)  # type: ignore[arg-type]
        assert decision.allowed and decision.findings == () and list(decision.patch) == []


@pytest.mark.parametrize("owner_kind", ["Deployment", "Rollout"])
def test_a_replicaset_a_rollout_controls_is_left_to_it(owner_kind: str) -> None:
    obj = workload("ReplicaSet", [container()], name="checkout-5d8b7c9f4", replicas=4)
    api = "argoproj.io/v1alpha1" if owner_kind == "Rollout" else "apps/v1"
    obj["metadata"]["ownerReferences"] = [{"apiVersion": api, "kind": owner_kind, "name": "checkout", "uid": "u1", "controller": True}]
    assert _mutate(obj)[0] == []
    assert findings(obj, POLICY) == []


def test_a_replication_controller_of_a_deployment_config_is_not_matched() -> None:
    obj = workload("ReplicationController", [container()], name="billing-3", replicas=3)
    obj["metadata"]["ownerReferences"] = [
        {"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig", "name": "billing", "uid": "u1", "controller": True}
    ]
    assert _mutate(obj)[0] == [] and findings(obj, POLICY) == []
    del obj["metadata"]["ownerReferences"]
    assert _mutate(obj)[0] == [] and findings(obj, POLICY) == []


@pytest.mark.parametrize("build", [_rollout, _deployment_config], ids=["Rollout", "DeploymentConfig"])
def test_rollouts_and_deployment_configs_follow_the_replica_and_spread_rules(build: Any) -> None:
    for replicas in (None, 0, 1):  # absent is 1 (a Rollout), 0 (a DeploymentConfig)
        assert _mutate(build(replicas=replicas))[0] == []
        assert findings(build(replicas=replicas), POLICY) == []
    one = parse_cluster_config({"parameters": {POLICY: {"minReplicas": 1}}}, POLICIES, "c.yaml")
    assert _mutate(build(replicas=1), config=one)[0] != []  # spread on request
    hostname = {"labelSelector": {"matchLabels": {"app": "x"}}, "topologyKey": "kubernetes.io/hostname"}
    assert _mutate(build(affinity={"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [hostname]}}))[0] == []
    zone = {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule"}
    assert _mutate(build(topologySpreadConstraints=[zone]))[0] == []
    assert _mutate(build(topologySpreadConstraints=[{**zone, "topologyKey": "kubernetes.io/hostname"}]))[0] != []
    required = parse_cluster_config({"parameters": {POLICY: {"mode": "required"}}}, POLICIES, "c.yaml")
    (term,) = _anti(_mutate(build(), config=required)[1])["requiredDuringSchedulingIgnoredDuringExecution"]
    assert term["topologyKey"] == "topology.kubernetes.io/zone" and "matchLabels" in term["labelSelector"]


def test_a_deployment_config_without_replicas_runs_none_and_is_not_spread() -> None:
    """OpenShift does not default a DeploymentConfig's spec.replicas (a plain int32 in openshift/api
    apps/v1, absent from its defaulting): absent is 0, not 1 as for a Deployment or a Rollout. It was
    counted as 1, so with minReplicas 1 a DeploymentConfig that runs no pod got the term and a warning
    about "1 replicas"."""
    one = parse_cluster_config({"parameters": {POLICY: {"minReplicas": 1}}}, POLICIES, "c.yaml")
    assert _mutate(_deployment_config(replicas=None), config=one)[0] == []
    assert [f for f in decide(_deployment_config(replicas=None), mode="full", config=one).findings if f.policy == POLICY] == []
    assert _mutate(_rollout(replicas=None), config=one)[0] != []  # a Rollout's absent replicas is 1
    assert _mutate(workload("Deployment", [container()]), config=one)[0] != []  # as a Deployment's


@pytest.mark.parametrize("build", [_rollout, _deployment_config], ids=["Rollout", "DeploymentConfig"])
def test_rollouts_and_deployment_configs_on_update(build: Any) -> None:
    old = build()
    rescaled = {**old, "spec": {**old["spec"], "replicas": 6}}
    assert _mutate(rescaled, operation="UPDATE", old=old)[0] == []  # no rollout the edit did not ask for
    (finding,) = [f for f in decide(rescaled, mode="full", operation="UPDATE", old=old).findings if f.policy == POLICY]
    assert finding.preexisting and finding.action == "warn"
    new = build()
    new["spec"]["template"]["spec"]["containers"][0]["image"] = "registry.example/app:2.0"
    patch, patched = _mutate(new, operation="UPDATE", old=old)
    assert [op["path"] for op in patch] == ["/spec/template/spec/affinity"]
    assert _term(patched)["topologyKey"] == "topology.kubernetes.io/zone"


def test_the_warning_names_the_rollout() -> None:
    decision = decide(_rollout(), policies=SET)
    (warning,) = decision.warnings
    assert warning.startswith(f"{POLICY}: ") and 'Rollout "checkout"' in warning
