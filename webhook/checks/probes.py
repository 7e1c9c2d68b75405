"""require-probes: liveness and readiness probes on long-running containers.

Native sidecars (init containers with ``restartPolicy: Always``) are judged only when the
``sidecars`` parameter asks for it: Kubernetes, kyverno and polaris leave probes on init containers
to their authors, and injected sidecars (Istio's proxy in native-sidecar mode has a readiness probe
only) would otherwise deny every pod that carries them.
"""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import LONG_RUNNING_KINDS, is_restartable_init_container

HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_WITH_SIDECARS = ("initContainers", "containers")
_CONTAINERS = ("containers",)


def _has_handler(probe: Any) -> bool:
    if isinstance(probe, dict):
        for handler in HANDLERS:  # a loop, not any(): no generator per probe
            if isinstance(probe.get(handler), dict):
                return True
    return False


def check(subject: Subject, params: Params) -> list[Violation]:
    pod = subject.pod
    if pod is None or subject.kind not in LONG_RUNNING_KINDS:
        return []
    if subject.kind == "Pod" and pod.spec.get("restartPolicy") in ("Never", "OnFailure"):
        return []  # a bare Pod that runs to completion
    out: list[Violation] = []
    required = params["require"]
    for ref in subject.containers(_WITH_SIDECARS if params["sidecars"] else _CONTAINERS):
        container = ref.container
        if ref.list_name == "initContainers" and not is_restartable_init_container(container):
            continue
        missing = []
        for name in required:  # a loop, not a comprehension (a function call each in Python 3.11)
            probe = container.get(name)
            if probe is None or not _has_handler(probe):
                missing.append(name)
        if missing:
            sidecar = "is a sidecar (restartPolicy: Always) and " if ref.list_name == "initContainers" else ""
            startup = " (a startupProbe does not replace them)" if container.get("startupProbe") else ""
            out.append(
                Violation(
                    ref.pointer,
                    f"{sidecar}has no {' and no '.join(missing)} with a handler{startup}",
                    f"add {' and '.join(missing)} with an httpGet, tcpSocket, grpc or exec handler",
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
        ),
        "sidecars": Param(
            bool,
            False,
            "also require them on native sidecars (init containers with restartPolicy: Always)",
        ),
    },
    judges_containers_of=LONG_RUNNING_KINDS,
)
