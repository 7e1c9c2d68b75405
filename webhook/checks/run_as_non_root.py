"""require-run-as-non-root: every container's effective user must not be root.

A Windows pod (``spec.os.name: windows``) cannot set ``runAsUser`` (the API server refuses it), so
its fix asks for ``runAsNonRoot: true`` alone. Its root is ``windowsOptions.runAsUserName:
ContainerAdministrator`` (any case, as the kubelet compares it), denied like ``runAsUser: 0`` on
every pod, since one without ``spec.os`` may land on a Windows node, which ignores ``runAsUser``.
A pod in a user namespace (``hostUsers: false``) is
judged like any other unless the ``userNamespaces`` parameter is true: then it passes whatever its
user, as Pod Security Admission's restricted profile does from v1.35 (root in the pod maps to an
unprivileged user on the node).
"""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import WORKLOAD_KINDS, ContainerRef, json_type_name

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
# Windows' root: the kubelet refuses it beside runAsNonRoot: true, as it refuses runAsUser: 0
WINDOWS_ADMIN = "containeradministrator"
ADMIN_PROBLEM = "runs as root (windowsOptions.runAsUserName: ContainerAdministrator)"
ADMIN_POD_PROBLEM = "runs as root: the pod's securityContext sets windowsOptions.runAsUserName: ContainerAdministrator"
ADMIN_SHORT = "runs as ContainerAdministrator"
FIX_ADMIN = (
    "set the container's securityContext.windowsOptions.runAsUserName to a user without administrator rights "
    "(e.g. ContainerUser) and runAsNonRoot: true (its runAsUserName overrides the pod's)"
)
FIX_ADMIN_POD = (
    "set the pod's securityContext.windowsOptions.runAsUserName to a user without administrator rights "
    "(e.g. ContainerUser) and runAsNonRoot: true, or give the container its own"
)
FIX_ADMIN_EPHEMERAL = (
    "give the ephemeral container its own securityContext.windowsOptions.runAsUserName without administrator "
    "rights (e.g. ContainerUser) and runAsNonRoot: true (a running pod's securityContext cannot change)"
)
BRIEF_ADMIN = "set runAsUserName: ContainerUser"
BRIEF_ADMIN_POD = "set the pod's runAsUserName: ContainerUser"
BRIEF_ADMIN_EPHEMERAL = "set its own runAsUserName: ContainerUser"
AS_ADMIN = ("may run as root", "runAsUserName: ContainerAdministrator")
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


def windows_user_name(context: dict[str, Any]) -> Any:
    """``windowsOptions.runAsUserName`` of a security context, or None."""
    options = context.get("windowsOptions")
    return options.get("runAsUserName") if isinstance(options, dict) else None


def is_windows_admin(name: Any) -> bool:
    """Whether a Windows user name is the container's administrator. The kubelet compares it with
    Go's ``strings.EqualFold``, under which ``ſ`` is an ``s``: ``casefold`` agrees (and adds only
    ligatures such as ``ﬆ``, no user's name)."""
    return isinstance(name, str) and name.casefold() == WINDOWS_ADMIN


def _admin_violation(pod_pointer: str, ref: ContainerRef, name_is_the_pods: bool) -> Violation:
    """The finding of a container that runs as ContainerAdministrator: its own setting, the pod's,
    or (an ephemeral container) the pod's that only its own setting can override."""
    if not name_is_the_pods:
        path = f"{ref.pointer}/securityContext/windowsOptions/runAsUserName"
        return Violation(path, ADMIN_PROBLEM, FIX_ADMIN, ref.label, "", AS_ADMIN, ADMIN_SHORT, BRIEF_ADMIN)
    if ref.list_name == "ephemeralContainers":
        fix, brief, path = FIX_ADMIN_EPHEMERAL, BRIEF_ADMIN_EPHEMERAL, f"{ref.pointer}/securityContext"
    else:
        fix, brief, path = FIX_ADMIN_POD, BRIEF_ADMIN_POD, f"{pod_pointer}/securityContext/windowsOptions/runAsUserName"
    return Violation(path, ADMIN_POD_PROBLEM, fix, ref.label, "", AS_ADMIN, ADMIN_SHORT, brief)


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
    pod_user_name = windows_user_name(pod_context) if pod_context else None
    out: list[Violation] = []
    for ref in subject.containers():
        context = ref.container.get("securityContext")
        if not isinstance(context, dict):
            context = _NO_CONTEXT
        user_name = windows_user_name(context) if context else None  # overrides the pod's, as runAsUser
        user_name_is_the_pods = user_name is None
        if user_name_is_the_pods:
            user_name = pod_user_name
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
        elif user_name is not None and is_windows_admin(user_name):
            out.append(_admin_violation(pod.pointer, ref, user_name_is_the_pods))
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
