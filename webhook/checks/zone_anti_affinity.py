"""zone-anti-affinity: spread the replicas of a workload across zones.

The mutator fills a pod anti-affinity term over the topology key, selecting the workload's own pods,
when a multi-replica workload declares neither pod anti-affinity nor a topology spread constraint
over that key. The check reports the same condition, so a validating webhook that sees an
unmutated object can still warn.

Objects managed by a controller (a ReplicaSet owned by a Deployment or an Argo Rollout) are left to
their owner: the controller finds its ReplicaSets by comparing pod templates, so a template
railguard changed would no longer match and the controller would create ReplicaSet after ReplicaSet.

Argo Rollouts and OpenShift DeploymentConfigs are spread like Deployments. A Rollout with
``spec.workloadRef`` takes its template from the Deployment it refers to (which gets its own term)
and must not carry one itself, so it is left alone. A DeploymentConfig's selector is a plain map of
labels, not a LabelSelector; without one, OpenShift selects by the template's labels.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from webhook.checks.base import CheckDef, Fill, Param, Params, Subject, Violation
from webhook.workloads import WORKLOAD_KINDS, is_controlled

KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "Rollout", "DeploymentConfig"})
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
ZONE = "topology.kubernetes.io/zone"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"


def _replicas(obj: dict[str, Any]) -> int:
    """``spec.replicas``, or what the API server makes of it when absent: 1 (Deployment, StatefulSet,
    ReplicaSet, Argo Rollout), but 0 for a DeploymentConfig, whose replicas is a plain integer that
    OpenShift does not default (a manifest without it runs no pod; the API server's own copy always
    carries the field, so only manifests checked offline lack it)."""
    absent = 0 if obj.get("kind") == "DeploymentConfig" else 1
    spec = obj.get("spec")
    replicas = spec.get("replicas", absent) if isinstance(spec, dict) else absent
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else absent


def _unspread_replicas(subject: Subject, params: Params) -> int | None:
    """The replica count of a workload that needs anti-affinity and declares none, else None."""
    if subject.kind not in KINDS or subject.pod is None or _refers_to_a_workload(subject):
        return None
    replicas = _replicas(subject.obj)
    if replicas < params["minReplicas"] or is_controlled(subject.obj):
        return None
    spec = subject.pod.spec
    affinity = spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    if isinstance(anti, dict) and (anti.get(REQUIRED) or anti.get(PREFERRED)):
        return None
    if _spread_over(spec.get("topologySpreadConstraints"), params["topologyKey"]):
        return None
    return replicas


def _refers_to_a_workload(subject: Subject) -> bool:
    """An Argo Rollout with ``spec.workloadRef``: its pods come from the referenced Deployment's
    template (Argo refuses a Rollout that has both), so a term belongs there, not here."""
    if subject.kind != "Rollout":
        return False
    spec = subject.obj.get("spec")
    return isinstance(spec, dict) and spec.get("workloadRef") is not None


def _spread_over(constraints: Any, key: str) -> bool:
    """Whether topology spread constraints already spread the pods over ``key``."""
    return isinstance(constraints, list) and any(isinstance(c, dict) and c.get("topologyKey") == key for c in constraints)


def _selector(obj: dict[str, Any]) -> dict[str, Any] | None:
    """The workload's own pods: its whole selector, matchLabels and matchExpressions (the two are
    ANDed, so dropping either would select other workloads' pods too), or, without one, its
    template's labels. A DeploymentConfig's selector is a plain label map, taken as matchLabels.

    Copied (labels are flat string maps), so the patched object never shares them with the input.
    """
    spec = obj.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    selector = spec.get("selector")
    if obj.get("kind") == "DeploymentConfig":
        # a plain label map (as a ReplicationController's); absent or empty, OpenShift defaults it
        # to the template's labels
        if selector:
            return {"matchLabels": dict(selector)} if _string_map(selector) else None
    elif isinstance(selector, dict):
        chosen: dict[str, Any] = {}
        labels = selector.get("matchLabels")
        expressions = selector.get("matchExpressions")
        if labels:
            if not _string_map(labels):
                return None  # malformed (the API server refuses it): nothing sensible to copy
            chosen["matchLabels"] = dict(labels)
        if expressions:
            if not (isinstance(expressions, list) and all(_expression(e) for e in expressions)):
                return None
            chosen["matchExpressions"] = [{**e, "values": list(e["values"])} if isinstance(e.get("values"), list) else dict(e) for e in expressions]
        if chosen:
            return chosen
    template = spec.get("template")
    meta = template.get("metadata") if isinstance(template, dict) else None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if labels and _string_map(labels):
        return {"matchLabels": dict(labels)}
    return None


def _string_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _expression(value: Any) -> bool:
    """A label selector requirement: key and operator strings, values (if any) a list of strings."""
    if not (isinstance(value, dict) and isinstance(value.get("key"), str) and isinstance(value.get("operator"), str)):
        return False
    values = value.get("values")
    return values is None or (isinstance(values, list) and all(isinstance(v, str) for v in values))


def check(subject: Subject, params: Params) -> list[Violation]:
    replicas = _unspread_replicas(subject, params)
    if replicas is None:
        return []
    assert subject.pod is not None
    problem, fix, short = _texts(replicas, params["topologyKey"])
    return [Violation(subject.pod.pointer + "/affinity", problem, fix, None, "", (), short, BRIEF)]


BRIEF = "add a podAntiAffinity term"


@lru_cache(maxsize=64)
def _texts(replicas: int, key: str) -> tuple[str, str, str]:
    """The problem, the fix and the short problem a warning shows: built once for a replica count
    and topology key rather than on every review of an unspread workload."""
    return (
        f"runs {replicas} replicas with no pod anti-affinity across {key}, so one zone outage can stop them all",
        f"let railguard's mutating webhook add it, or add a podAntiAffinity term over {key}",
        f"runs {replicas} replicas not spread {'across zones' if key == ZONE else 'over ' + key}",
    )


def mutate(subject: Subject, params: Params) -> list[Fill]:
    if _unspread_replicas(subject, params) is None:
        return []
    assert subject.pod is not None
    selector = _selector(subject.obj)
    if selector is None:
        return []
    term = {"labelSelector": selector, "topologyKey": params["topologyKey"]}
    if params["mode"] == "required":
        key, terms = REQUIRED, [term]
    else:
        key, terms = PREFERRED, [{"weight": params["weight"], "podAffinityTerm": term}]
    return [Fill((*subject.pod.path, "affinity", "podAntiAffinity", key), terms)]


CHECK = CheckDef(
    "zone-anti-affinity",
    check,
    {
        "topologyKey": Param(
            str, ZONE, "node label that names the failure domain",
            validate=lambda v: None if v.strip() else "must not be empty",
        ),
        "weight": Param(int, 100, "weight of the preferred term (1-100)", minimum=1, maximum=100),
        "mode": Param(str, "preferred", "preferred or required scheduling", ("preferred", "required")),
        "minReplicas": Param(int, 2, "only workloads with at least this many replicas are spread", minimum=1),
    },
    mutate=mutate,
    kinds=WORKLOAD_KINDS,  # it reads any pod spec, and spreads only the replicated kinds (KINDS)
)
