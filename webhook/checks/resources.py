"""require-resources: cpu and memory requests and limits on every container.

Kubernetes defaults a missing request to its limit (``SetDefaults_Pod``), so a limit satisfies the
matching request: the verdict agrees with what the API server will store.
"""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation

VALUES = ("limits.cpu", "limits.memory", "requests.cpu", "requests.memory")


def _present(section: Any, resource: str) -> bool:
    return isinstance(section, dict) and section.get(resource) not in (None, "")


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.pod is None:
        return []
    required: list[str] = params["require"]
    out: list[Violation] = []
    for ref in subject.containers(tuple(params["containerLists"])):
        resources = ref.container.get("resources")
        resources = resources if isinstance(resources, dict) else {}
        limits, requests = resources.get("limits"), resources.get("requests")
        missing = []
        for value in required:
            section, resource = value.split(".")
            if _present(limits, resource):
                continue  # a limit is set, and a missing request defaults to it
            if section == "requests" and _present(requests, resource):
                continue
            missing.append(f"{resource} {section[:-1]}")
        if missing:
            out.append(
                Violation(
                    f"{ref.pointer}/resources",
                    "has no " + ", ".join(missing),
                    "set resources.requests and resources.limits for cpu and memory "
                    '(e.g. requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi})',
                    ref.label,
                )
            )
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
