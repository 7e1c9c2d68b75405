"""require-resources: cpu and memory requests and limits on every container.

Kubernetes defaults a missing request to its limit (``SetDefaults_Pod``), so a limit satisfies the
matching request: the verdict agrees with what the API server will store.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation

VALUES = ("limits.cpu", "limits.memory", "requests.cpu", "requests.memory")
FIX = (
    "set resources.limits (and resources.requests where they should be lower) for cpu and memory, "
    "e.g. requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}"
)


def _present(section: Any, resource: str) -> bool:
    return isinstance(section, dict) and section.get(resource) not in (None, "")


@lru_cache(maxsize=32)
def _wanted(required: tuple[str, ...]) -> tuple[tuple[bool, str, str], ...]:
    """(is a request, resource, how messages name it) for each required value, in a fixed order."""
    return tuple(
        (value.startswith("requests."), value.split(".")[1], f"{value.split('.')[1]} {value.split('.')[0][:-1]}")
        for value in VALUES
        if value in required
    )


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.pod is None:
        return []
    wanted = _wanted(tuple(params["require"]))
    out: list[Violation] = []
    for ref in subject.containers(tuple(params["containerLists"])):
        resources = ref.container.get("resources")
        limits = resources.get("limits") if isinstance(resources, dict) else None
        requests = resources.get("requests") if isinstance(resources, dict) else None
        missing = [
            label
            for is_request, resource, label in wanted
            # a limit satisfies both: a missing request defaults to it
            if not _present(limits, resource) and not (is_request and _present(requests, resource))
        ]
        if missing:
            out.append(Violation(f"{ref.pointer}/resources", "has no " + ", ".join(missing), FIX, ref.label))
    return out


CHECK = CheckDef(
    "resources",
    check,
    {
        "require": Param(
            list, list(VALUES), "which of the four values are required", VALUES, item_type=str
        ),
        "containerLists": Param(
            list,
            ["containers", "initContainers"],
            "container lists to check (ephemeral containers cannot set resources)",
            ("containers", "initContainers"),
            item_type=str,
        ),
    },
)
