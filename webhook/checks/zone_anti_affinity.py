"""zone-anti-affinity: spread the replicas of a workload across zones.

The mutator fills a pod anti-affinity term over the topology key, selecting the workload's own pods,
when a multi-replica workload declares no pod anti-affinity at all. The check reports the same
condition, so a validating webhook that sees an unmutated object can still warn.
"""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Fill, Param, Params, Subject, Violation

KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet"})
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"


def _replicas(obj: dict[str, Any]) -> int:
    spec = obj.get("spec")
    replicas = spec.get("replicas", 1) if isinstance(spec, dict) else 1
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else 1


def _unspread_replicas(subject: Subject, params: Params) -> int | None:
    """The replica count of a workload that needs anti-affinity and declares none, else None."""
    if subject.kind not in KINDS or subject.pod is None:
        return None
    replicas = _replicas(subject.obj)
    if replicas < params["minReplicas"]:
        return None
    affinity = subject.pod.spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    if isinstance(anti, dict) and (anti.get(REQUIRED) or anti.get(PREFERRED)):
        return None
    return replicas


def _selector(obj: dict[str, Any]) -> dict[str, Any] | None:
    """The workload's own pods: its selector's matchLabels (or, failing that, its template's labels).

    Copied (labels are flat string maps), so the patched object never shares them with the input.
    """
    spec = obj.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    selector = spec.get("selector")
    if isinstance(selector, dict):
        if isinstance(selector.get("matchLabels"), dict) and selector["matchLabels"]:
            return {"matchLabels": dict(selector["matchLabels"])}
        expressions = selector.get("matchExpressions")
        if isinstance(expressions, list) and expressions and all(isinstance(e, dict) for e in expressions):
            return {"matchExpressions": [_copy_expression(e) for e in expressions]}
    template = spec.get("template")
    meta = template.get("metadata") if isinstance(template, dict) else None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if isinstance(labels, dict) and labels:
        return {"matchLabels": dict(labels)}
    return None


def _copy_expression(expression: dict[str, Any]) -> dict[str, Any]:
    values = expression.get("values")
    return {**expression, "values": list(values)} if isinstance(values, list) else dict(expression)


def check(subject: Subject, params: Params) -> list[Violation]:
    replicas = _unspread_replicas(subject, params)
    if replicas is None:
        return []
    assert subject.pod is not None
    key = params["topologyKey"]
    return [
        Violation(
            subject.pod.pointer + "/affinity",
            f"runs {replicas} replicas with no pod anti-affinity across {key}, "
            "so one zone outage can stop them all",
            f"let railguard's mutating webhook add it, or add a podAntiAffinity term over {key}",
        )
    ]


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
            str, "topology.kubernetes.io/zone", "node label that names the failure domain",
            validate=lambda v: None if v.strip() else "must not be empty",
        ),
        "weight": Param(int, 100, "weight of the preferred term (1-100)", minimum=1, maximum=100),
        "mode": Param(str, "preferred", "preferred or required scheduling", ("preferred", "required")),
        "minReplicas": Param(int, 2, "only workloads with at least this many replicas are spread", minimum=1),
    },
    mutate=mutate,
)
