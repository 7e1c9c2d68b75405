"""require-run-as-non-root: every container's effective user must not be root."""

from __future__ import annotations

from typing import Any

from webhook.checks.base import CheckDef, Params, Subject, Violation

FIX = (
    "set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID (e.g. 10001) "
    "on the pod or the container"
)


def _positive_uid(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.pod is None:
        return []
    pod_context = subject.pod.spec.get("securityContext")
    pod_context = pod_context if isinstance(pod_context, dict) else {}
    pod_pointer = "/".join(("",) + subject.pod.path) + "/securityContext"
    out: list[Violation] = []
    for ref in subject.containers():
        context = ref.container.get("securityContext")
        context = context if isinstance(context, dict) else {}
        if context.get("runAsUser") is not None:
            user, user_path = context["runAsUser"], f"{ref.pointer}/securityContext/runAsUser"
        else:
            user, user_path = pod_context.get("runAsUser"), f"{pod_pointer}/runAsUser"
        non_root = (
            context["runAsNonRoot"]
            if context.get("runAsNonRoot") is not None
            else pod_context.get("runAsNonRoot")
        )
        if user == 0 and not isinstance(user, bool):
            out.append(Violation(user_path, "runs as root (runAsUser: 0)", FIX, ref.label))
        elif non_root is not True and not _positive_uid(user):
            out.append(
                Violation(
                    f"{ref.pointer}/securityContext",
                    "may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set, "
                    "so the image decides",
                    FIX,
                    ref.label,
                )
            )
    return out


CHECK = CheckDef("run-as-non-root", check)
