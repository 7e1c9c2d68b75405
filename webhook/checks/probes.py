"""require-probes: liveness and readiness probes on long-running containers."""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import LONG_RUNNING_KINDS, is_restartable_init_container

HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")


def _has_handler(probe: Any) -> bool:
    return isinstance(probe, dict) and any(isinstance(probe.get(h), dict) for h in HANDLERS)


def check(subject: Subject, params: Params) -> list[Violation]:
    pod = subject.pod
    if pod is None or subject.kind not in LONG_RUNNING_KINDS:
        return []
    if subject.kind == "Pod" and pod.spec.get("restartPolicy") in ("Never", "OnFailure"):
        return []  # a bare Pod that runs to completion
    out: list[Violation] = []
    for ref in subject.containers(("initContainers", "containers")):
        if ref.list_name == "initContainers" and not is_restartable_init_container(ref.container):
            continue
        missing = [p for p in params["require"] if not _has_handler(ref.container.get(p))]
        if missing:
            out.append(
                Violation(
                    ref.pointer,
                    ("is a sidecar (restartPolicy: Always) and " if ref.list_name == "initContainers" else "")
                    + "has no " + " and no ".join(missing) + " with a handler"
                    + (" (a startupProbe does not replace them)" if ref.container.get("startupProbe") else ""),
                    "add " + " and ".join(missing)
                    + " with an httpGet, tcpSocket, grpc or exec handler",
                    ref.label,
                )
            )
    return out


CHECK = CheckDef(
    "probes",
    check,
    {
        "require": Param(
            list,
            ["livenessProbe", "readinessProbe"],
            "probes every long-running container must have",
            ("livenessProbe", "readinessProbe"),
            item_type=str,
        )
    },
)
