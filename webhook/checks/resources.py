"""require-resources: cpu and memory requests and limits on every container.

Kubernetes defaults a missing request to its limit (``SetDefaults_Pod``), so a limit satisfies the
matching request: the verdict agrees with what the API server will store. Pod-level resources
(``spec.resources``, Kubernetes 1.32+) count for every container without its own. A quantity of zero is
a value as written (the guardrail's definition, kyverno's, polaris' and gatekeeper's); with the
``zeroIsMissing`` parameter it counts as absent, as the kubelet sees it: a zero cpu or memory
limit runs the container unlimited, and a zero request reserves nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import WORKLOAD_KINDS

VALUES = ("limits.cpu", "limits.memory", "requests.cpu", "requests.memory")
EXAMPLES = {"limits.cpu": "500m", "limits.memory": "256Mi", "requests.cpu": "100m", "requests.memory": "128Mi"}
"""Example quantities a fix proposes for each value."""


@lru_cache(maxsize=64)
def fix_for(missing: tuple[str, ...]) -> str:
    """The fix for the values ``missing`` (``cpu limit``, ``memory request``...): the exact fields
    to set, and the YAML with example quantities, e.g. ``set resources.limits.memory, e.g.
    resources: {limits: {memory: 256Mi}}``."""
    wanted = [f"{label.split()[1]}s.{label.split()[0]}" for label in missing]  # "cpu limit" -> "limits.cpu"
    fields = [f"resources.{value}" for value in wanted]
    named = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"
    sections = []
    for section in ("requests", "limits"):
        inner = [f"{value.split('.')[1]}: {EXAMPLES[value]}" for value in wanted if value.startswith(section + ".")]
        if inner:
            sections.append(f"{section}: {{{', '.join(inner)}}}")
    both = any(f"limits.{r}" in wanted and f"requests.{r}" in wanted for r in ("cpu", "memory"))
    # a limit asked for alone: the container may have a request above the example (kube-apiserver
    # refuses a limit below its request)
    alone = any(f"limits.{r}" in wanted and f"requests.{r}" not in wanted for r in ("cpu", "memory"))
    notes = ["a request left out defaults to its limit"] if both else []
    if alone:
        notes.append("a limit must be at least its request")
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"set {named}, e.g. resources: {{{', '.join(sections)}}}{note}"


@lru_cache(maxsize=64)
def brief_for(missing: tuple[str, ...]) -> tuple[str, str]:
    """The short problem and fix a warning shows for the values ``missing``: ``has no cpu and
    memory limits`` / ``set resources.limits``."""
    sections: dict[str, list[str]] = {}
    for label in missing:  # "cpu limit"
        resource, section = label.split()
        sections.setdefault(section + "s", []).append(resource)
    if len(sections) == 2 and sections["limits"] == sections["requests"]:
        resources = sections["limits"]
        plural = "s" if len(resources) > 1 else ""
        return f"has no {' or '.join(resources)} request{plural} or limit{plural}", "set resources requests and limits"
    named = " or ".join(
        f"{' or '.join(resources)} {section if len(resources) > 1 else section[:-1]}" for section, resources in sections.items()
    )
    return f"has no {named}", f"set {' and '.join(f'resources.{section}' for section in sections)}"


def listed(labels: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


# a Kubernetes quantity's number (sign, digits, decimal point, exponent), before its unit suffix
_NON_ZERO_DIGITS = frozenset("123456789")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _is_zero(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0
    if isinstance(value, str):
        number = _NUMBER.match(value.strip())
        # zero when its digits are (not float(): "1e-400" underflows to 0.0, and Kubernetes rounds
        # that quantity up to 1n, which is no zero)
        return number is not None and _NON_ZERO_DIGITS.isdisjoint(number.group(1))
    return False


@lru_cache(maxsize=32)
def _wanted(required: tuple[str, ...]) -> tuple[tuple[bool, str, str], ...]:
    """(is a request, resource, how messages name it) for each required value, in a fixed order."""
    return tuple(
        (value.startswith("requests."), value.split(".")[1], f"{value.split('.')[1]} {value.split('.')[0][:-1]}")
        for value in VALUES
        if value in required
    )


def _missing(container: Any, wanted: tuple[tuple[bool, str, str], ...], zero_is_missing: bool) -> list[tuple[str, bool]]:
    """(how messages name it, whether it is set to 0) for each wanted value the container lacks;
    a limit stands in for a request that is not written (Kubernetes defaults the request to it),
    not for one written as 0 (that stays 0: it reserves nothing)."""
    resources = container.get("resources")
    if not isinstance(resources, dict):
        return [(label, False) for _, _, label in wanted]
    limits: Any = resources.get("limits")
    requests: Any = resources.get("requests")
    limits_ok = isinstance(limits, dict)
    requests_ok = isinstance(requests, dict)
    missing: list[tuple[str, bool]] = []
    for is_request, resource, label in wanted:
        value = requests.get(resource) if is_request and requests_ok else None
        if value in (None, ""):
            value = limits.get(resource) if limits_ok else None
            if value in (None, ""):
                missing.append((label, False))
                continue
        # "500m", "128Mi" (the usual case) are not zero at once
        if zero_is_missing and not (value.__class__ is str and value[0] in _NON_ZERO_DIGITS) and _is_zero(value):
            missing.append((label, True))
    return missing


def _pod_level(resources: Any, wanted: tuple[tuple[bool, str, str], ...], zero_is_missing: bool) -> frozenset[str]:
    """The values pod-level ``spec.resources`` supply to every container that lacks its own (the
    pod's limits bound all its containers together; a pod limit defaults the pod request)."""
    if not isinstance(resources, dict) or not resources:
        return frozenset()
    lacking = {label for label, _ in _missing({"resources": resources}, wanted, zero_is_missing)}
    return frozenset(label for _, _, label in wanted if label not in lacking)


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.pod is None:
        return []
    wanted = _wanted(tuple(params["require"]))
    zero_is_missing = params["zeroIsMissing"]
    pod_resources = subject.pod.spec.get("resources")
    covered = _pod_level(pod_resources, wanted, zero_is_missing) if pod_resources else frozenset()
    out: list[Violation] = []
    for ref in subject.containers(tuple(params["containerLists"])):
        missing = _missing(ref.container, wanted, zero_is_missing)
        if missing and covered:
            missing = [(label, zero) for label, zero in missing if label not in covered]
        if missing:
            problem, parts, fix, short, brief = _texts(tuple(missing))
            out.append(Violation(f"{ref.pointer}/resources", problem, fix, ref.label, "", parts, short, brief))
    return out


@lru_cache(maxsize=128)  # at most 81 combinations of the four values missing, set to 0 or present
def _texts(missing: tuple[tuple[str, bool], ...]) -> tuple[str, tuple[str, ...], str, str, str]:
    """A violation's problem, parts and fix, and the short problem and fix a warning shows, for
    the values ``missing`` (how messages name each, whether it is set to 0): built once rather
    than on every denied review."""
    parts = tuple([label for label, _ in missing])
    short, brief = brief_for(parts)
    problem = "has no " + listed([f"{label} (0 means none)" if zero else label for label, zero in missing])
    return problem, parts, fix_for(parts), short, brief


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
        "zeroIsMissing": Param(
            bool,
            False,
            "count a quantity of 0 as missing (the kubelet runs a zero limit unlimited; a zero request reserves nothing)",
        ),
    },
    judges_containers_of=WORKLOAD_KINDS,
    kinds=WORKLOAD_KINDS,
)
