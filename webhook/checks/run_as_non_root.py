"""require-run-as-non-root: every container's effective user must not be root.

A Windows pod (``spec.os.name: windows``) cannot set ``runAsUser`` (the API server refuses it), so
its fix asks for ``runAsNonRoot: true`` alone. A pod in a user namespace (``hostUsers: false``) is
judged like any other unless the ``userNamespaces`` parameter is true: then it passes whatever its
user, as Pod Security Admission's restricted profile does from v1.35 (root in the pod maps to an
unprivileged user on the node).
"""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import WORKLOAD_KINDS, json_type_name

FIX = (
    "set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID (e.g. 10001) "
    "on the pod or the container"
)

BRIEF = "set runAsNonRoot: true"
# the container's own runAsUser: 0 overrides whatever the pod sets: only the container's setting fixes it
FIX_OWN_ROOT = (
    "set the container's securityContext.runAsUser to a non-zero UID (e.g. 10001) and runAsNonRoot: true "
    "(its runAsUser overrides the pod's)"
)
BRIEF_ROOT = "set a non-zero runAsUser"
FIX_POD = (
    "set the pod's securityContext.runAsUser to a non-zero UID (e.g. 10001) and runAsNonRoot: true, "
    "or give the container its own non-zero runAsUser"
)
BRIEF_POD = "set a non-zero runAsUser on the pod"
# a Windows pod: the API server refuses runAsUser there (validateWindows), runAsNonRoot is the only way
FIX_WINDOWS = "set securityContext.runAsNonRoot: true on the pod or the container (a Windows pod cannot set runAsUser)"
FIX_WINDOWS_ROOT = "remove runAsUser (a Windows pod cannot set it) and set securityContext.runAsNonRoot: true"
BRIEF_WINDOWS_ROOT = "remove runAsUser; set runAsNonRoot: true"
# an ephemeral container joins a running pod, whose securityContext can no longer change
FIX_EPHEMERAL = (
    "set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID (e.g. 10001) on the ephemeral container "
    "itself (a running pod's securityContext cannot change)"
)
FIX_EPHEMERAL_WINDOWS = (
    "set securityContext.runAsNonRoot: true on the ephemeral container itself (a Windows pod cannot set runAsUser)"
)
FIX_EPHEMERAL_POD = (
    "give the ephemeral container its own non-zero runAsUser (e.g. 10001) and runAsNonRoot: true "
    "(a running pod's securityContext cannot change)"
)
BRIEF_EPHEMERAL_POD = "set a non-zero runAsUser on the container"
# the fix of each finding by (Windows pod, ephemeral container)
FIXES_MAY_RUN = {(False, False): FIX, (False, True): FIX_EPHEMERAL, (True, False): FIX_WINDOWS, (True, True): FIX_EPHEMERAL_WINDOWS}
FIXES_ROOT = {(False, False): FIX_OWN_ROOT, (False, True): FIX_EPHEMERAL, (True, False): FIX_WINDOWS_ROOT, (True, True): FIX_WINDOWS_ROOT}
MAY_RUN = "may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides"
MAY_RUN_WINDOWS = "may run as root: runAsNonRoot: true is not set, so the image decides"


def _positive_uid(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def mistyped_settings(user: Any, non_root: Any) -> str:
    """Why settings that are present do not count (a quoted ``"1000"`` or ``"true"``), as a
    parenthesised note naming their JSON types, never their values; empty when none is mistyped."""
    notes = []
    if user is not None and (not isinstance(user, int) or isinstance(user, bool)):
        notes.append(f"runAsUser is {json_type_name(user)}, not an integer")
    if non_root is not None and not isinstance(non_root, bool):
        notes.append(f"runAsNonRoot is {json_type_name(non_root)}, not a boolean")
    return f" ({'; '.join(notes)})" if notes else ""


_NO_CONTEXT: dict[str, Any] = {}
# what a finding is made of (Violation.parts): running as root is "may run as root" and worse, so
# an update from runAsUser: 0 to an unset user was already that bad, and the reverse is new
MAY_RUN_AS_ROOT = ("may run as root",)
AS_ROOT = ("may run as root", "runAsUser: 0")


def is_windows(spec: dict[str, Any]) -> bool:
    """Whether the pod declares itself a Windows pod (``spec.os.name: windows``)."""
    os = spec.get("os")
    return isinstance(os, dict) and os.get("name") == "windows"


def check(subject: Subject, params: Params) -> list[Violation]:
    pod = subject.pod
    if pod is None:
        return []
    if params["userNamespaces"] and pod.spec.get("hostUsers") is False:
        return []  # root in a user namespace is no root on the node
    windows = is_windows(pod.spec)
    pod_context = pod.spec.get("securityContext")
    if not isinstance(pod_context, dict):
        pod_context = _NO_CONTEXT
    out: list[Violation] = []
    for ref in subject.containers():
        context = ref.container.get("securityContext")
        if not isinstance(context, dict):
            context = _NO_CONTEXT
        user = context.get("runAsUser")  # the container's setting overrides the pod's
        user_is_the_pods = user is None
        if user_is_the_pods:
            user = pod_context.get("runAsUser")
        non_root = context.get("runAsNonRoot")
        if non_root is None:
            non_root = pod_context.get("runAsNonRoot")
        ephemeral = ref.list_name == "ephemeralContainers"
        if user == 0 and not isinstance(user, bool):
            if user_is_the_pods:  # the container sets none: the fix is the pod's setting (or the container's)
                path = f"{pod.pointer}/securityContext/runAsUser"
                if windows:
                    fix, brief = FIX_WINDOWS_ROOT, BRIEF_WINDOWS_ROOT
                elif ephemeral:
                    # the fix goes on the ephemeral container (a running pod's securityContext cannot
                    # change), so the path names its own securityContext. UPDATE and exemptions do not
                    # depend on it: a finding naming a container is keyed by the container (Finding.key),
                    # and a per-container exemption finds its container by the path or by that name
                    fix, brief, path = FIX_EPHEMERAL_POD, BRIEF_EPHEMERAL_POD, f"{ref.pointer}/securityContext"
                else:
                    fix, brief = FIX_POD, BRIEF_POD
                out.append(
                    Violation(
                        path, "runs as root: the pod's securityContext sets runAsUser: 0",
                        fix, ref.label, "", AS_ROOT, "runs as root (the pod's runAsUser: 0)", brief,
                    )
                )
            else:
                out.append(
                    Violation(
                        f"{ref.pointer}/securityContext/runAsUser", "runs as root (runAsUser: 0)", FIXES_ROOT[windows, ephemeral],
                        ref.label, "", AS_ROOT, "", BRIEF_WINDOWS_ROOT if windows else BRIEF_ROOT,
                    )
                )
        elif non_root is not True and not _positive_uid(user):
            mistyped = mistyped_settings(user, non_root)
            out.append(
                Violation(
                    f"{ref.pointer}/securityContext",
                    (MAY_RUN_WINDOWS if windows else MAY_RUN) + mistyped,
                    FIXES_MAY_RUN[windows, ephemeral],
                    ref.label,
                    "",
                    MAY_RUN_AS_ROOT,
                    "may run as root" + mistyped,
                    BRIEF,
                )
            )
    return out


CHECK = CheckDef(
    "run-as-non-root",
    check,
    {
        "userNamespaces": Param(
            bool,
            False,
            "pass pods with hostUsers: false whatever their user, as Pod Security Admission does from v1.35 "
            "(set it only when every node runs such pods in a user namespace)",
        ),
    },
    judges_containers_of=WORKLOAD_KINDS,
    kinds=WORKLOAD_KINDS,
)
