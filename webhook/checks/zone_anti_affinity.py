"""zone-anti-affinity: spread the replicas of a workload across zones.

The mutator fills a pod anti-affinity term over the topology key, selecting the workload's own pods,
when a multi-replica workload declares no pod anti-affinity at all. The check reports the same
condition, so a validating webhook that sees an unmutated object can still warn.
"""

from __future__ import annotations

import copy
from typing import Any

from webhook.checks.base import CheckDef, Fill, Param, Params, Subject, Violation

KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet"})


def _replicas(obj: dict[str, Any]) -> int:
    spec = obj.get("spec")
    replicas = spec.get("replicas", 1) if isinstance(spec, dict) else 1
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else 1


def _needs_anti_affinity(subject: Subject, params: Params) -> bool:
    if subject.kind not in KINDS or subject.pod is None:
        return False
    if _replicas(subject.obj) < params["minReplicas"]:
        return False
    affinity = subject.pod.spec.get("affinity")
    return not (isinstance(affinity, dict) and affinity.get("podAntiAffinity"))


def _selector(obj: dict[str, Any]) -> dict[str, Any] | None:
    spec = obj.get("spec", {})
    selector = spec.get("selector")
    if isinstance(selector, dict):
        if isinstance(selector.get("matchLabels"), dict) and selector["matchLabels"]:
            return {"matchLabels": copy.deepcopy(selector["matchLabels"])}
        if isinstance(selector.get("matchExpressions"), list) and selector["matchExpressions"]:
            return {"matchExpressions": copy.deepcopy(selector["matchExpressions"])}
    labels = spec.get("template", {}).get("metadata", {}).get("labels")
    if isinstance(labels, dict) and labels:
        return {"matchLabels": copy.deepcopy(labels)}
    return None


def check(subject: Subject, params: Params) -> list[Violation]:
    if not _needs_anti_affinity(subject, params):
        return []
    assert subject.pod is not None
    key = params["topologyKey"]
    return [
        Violation(
            "/" + "/".join(subject.pod.path) + "/affinity",
            f"runs {_replicas(subject.obj)} replicas with no pod anti-affinity across {key}, "
            "so one zone outage can stop them all",
            f"let railguard's mutating webhook add it, or add a podAntiAffinity term over {key}",
        )
    ]


def mutate(subject: Subject, params: Params) -> list[Fill]:
    if not _needs_anti_affinity(subject, params):
        return []
    assert subject.pod is not None
    selector = _selector(subject.obj)
    if selector is None:
        return []
    term = {"labelSelector": selector, "topologyKey": params["topologyKey"]}
    if params["mode"] == "required":
        value: dict[str, Any] = {"requiredDuringSchedulingIgnoredDuringExecution": [term]}
    else:
        value = {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": params["weight"], "podAffinityTerm": term}
            ]
        }
    return [Fill((*subject.pod.path, "affinity", "podAntiAffinity"), value)]


CHECK = CheckDef(
    "zone-anti-affinity",
    check,
    {
        "topologyKey": Param(str, "topology.kubernetes.io/zone", "node label that names the failure domain"),
        "weight": Param(int, 100, "weight of the preferred term (1-100)"),
        "mode": Param(str, "preferred", "preferred or required scheduling", ("preferred", "required")),
        "minReplicas": Param(int, 2, "only workloads with at least this many replicas are spread"),
    },
    mutate=mutate,
)
