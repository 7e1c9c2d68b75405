"""require-probes: liveness and readiness probes on long-running containers.

Native sidecars (init containers with ``restartPolicy: Always``) are judged only when the
``sidecars`` parameter asks for it: Kubernetes, kyverno and polaris leave probes on init containers
to their authors, and injected sidecars (Istio's proxy in native-sidecar mode has a readiness probe
only) would otherwise deny every pod that carries them.

A Pod that runs to completion (``restartPolicy: Never`` or ``OnFailure``) is exempt when a controller
owns it: the Pods of a Job, an Argo Workflow or a Tekton TaskRun. A Pod written by hand is judged
like any other, as the guardrail's definition reads (only Jobs and CronJobs are out of scope).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import LONG_RUNNING_KINDS, WORKLOAD_KINDS, is_controlled, is_restartable_init_container

HANDLERS = {"exec": "command", "httpGet": "port", "tcpSocket": "port", "grpc": "port"}
"""Each probe handler and the field without which it probes nothing (the API server refuses a
handler without it: ``exec: {}``, ``httpGet: {path: /healthz}``)."""
_EMPTY: tuple[Any, ...] = (None, "", [], 0)
"""Values of that field that leave it unset (a port of 0 or "" is no port)."""
_WITH_SIDECARS = ("initContainers", "containers")
_CONTAINERS = ("containers",)


def _handler_gap(probe: Any) -> str | None:
    """None when the probe has a handler that can run; else why not: "" when it has no handler,
    ``exec.command`` when its handler lacks the field it needs."""
    gap = ""
    if isinstance(probe, dict):
        for handler, needed in HANDLERS.items():  # a loop, not any(): no generator per probe
            spec = probe.get(handler)
            if isinstance(spec, dict):
                if spec.get(needed) not in _EMPTY:
                    return None
                gap = f"{handler}.{needed}"
    return gap


def check(subject: Subject, params: Params) -> list[Violation]:
    pod = subject.pod
    if pod is None or subject.kind not in LONG_RUNNING_KINDS:
        return []
    if subject.kind == "Pod" and pod.spec.get("restartPolicy") in ("Never", "OnFailure") and is_controlled(subject.obj):
        return []  # a Job's Pod (or a workflow engine's): runs to completion, its owner was judged
    out: list[Violation] = []
    required = params["require"]
    for ref in subject.containers(_WITH_SIDECARS if params["sidecars"] else _CONTAINERS):
        container = ref.container
        if ref.list_name == "initContainers" and not is_restartable_init_container(container):
            continue
        missing: list[str] = []
        empty: list[str] = []
        for name in required:  # a loop, not a comprehension (a function call each in Python 3.11)
            gap = _handler_gap(container.get(name))
            if gap:
                empty.append(f"{name}.{gap}")
            elif gap is not None:
                missing.append(name)
        if missing or empty:
            out.append(_violation(ref.pointer, ref.label, container, missing, empty, ref.list_name == "initContainers"))
    return out


def _violation(pointer: str, label: str, container: dict[str, Any], missing: list[str], empty: list[str], sidecar: bool) -> Violation:
    startup = bool(missing) and bool(container.get("startupProbe"))
    problem, fix, parts, short, brief = _texts(tuple(missing), tuple(empty), sidecar, startup)
    return Violation(pointer, problem, fix, label, "", parts, short, brief)


@lru_cache(maxsize=256)
def _texts(missing: tuple[str, ...], empty: tuple[str, ...], sidecar: bool, startup: bool) -> tuple[str, str, tuple[str, ...], str, str]:
    """A violation's problem, fix, parts, and the short problem and fix a warning shows: a pure
    function of the probes missing or empty (a few combinations), built once rather than on every
    denied review."""
    # "with a handler" after each probe: "no livenessProbe and no readinessProbe with a handler" read
    # as if only the readinessProbe needed one
    problems = ["has no " + " and no ".join(f"{name} with a handler" for name in missing)] if missing else []
    if empty:
        problems.append(f"sets no {' and no '.join(empty)} (a handler without it cannot run)")
    fixes = [f"add {' and '.join(missing)} with an httpGet, tcpSocket, grpc or exec handler"] if missing else []
    if empty:
        fixes.append(f"set {' and '.join(empty)}")
    return (
        ("is a sidecar (restartPolicy: Always) and " if sidecar else "")
        + "; ".join(problems)
        + (" (a startupProbe does not replace them)" if startup else ""),
        "; ".join(fixes),
        (*missing, *empty),
        f"has no {' or '.join(missing)}" if missing else f"has {'a probe' if len(empty) == 1 else 'probes'} that cannot run",
        "; ".join(
            ([f"add {'it' if len(missing) == 1 else 'both'} with a handler (e.g. httpGet)"] if missing else [])
            + ([_set_in_probes(empty)] if empty else [])
        ),
    )


def _set_in_probes(empty: tuple[str, ...]) -> str:
    """``set exec.command in livenessProbe and readinessProbe``: the fields a warning asks for."""
    probes: dict[str, list[str]] = {}
    for field in empty:  # "livenessProbe.exec.command"
        probe, _, needed = field.partition(".")
        probes.setdefault(needed, []).append(probe)
    return "; ".join(f"set {needed} in {' and '.join(names)}" for needed, names in probes.items())


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
    kinds=WORKLOAD_KINDS,  # it reads any pod spec, and decides itself that run-to-completion kinds need none
)
