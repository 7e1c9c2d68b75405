"""require-run-as-non-root: the effective user of every container."""

from __future__ import annotations

from typing import Any

import pytest
from webhook.admission import request_for_manifest, review
from webhook.config import ClusterConfig, parse_cluster_config
from check_helpers import POLICIES, compliant, container, decide, findings, pod, template_kind, workload

POLICY = "require-run-as-non-root"


def _paths(obj: dict[str, Any]) -> list[str]:
    return [f.path for f in findings(obj, POLICY)]


@pytest.mark.parametrize(
    ("pod_context", "container_context", "denied"),
    [
        ({}, {}, True),
        ({"runAsNonRoot": True}, {}, False),
        ({"runAsUser": 1000}, {}, False),
        ({}, {"runAsUser": 1000}, False),
        ({}, {"runAsNonRoot": True}, False),
        ({"runAsNonRoot": True}, {"runAsUser": 0}, True),  # runAsUser 0 beats runAsNonRoot
        ({"runAsNonRoot": True, "runAsUser": 0}, {}, True),
        ({"runAsNonRoot": True, "runAsUser": 0}, {"runAsUser": 1000}, False),  # container overrides
        ({"runAsUser": 1000}, {"runAsUser": 0}, True),
        ({"runAsNonRoot": True}, {"runAsNonRoot": False}, True),  # overridden to false, no user
        ({"runAsNonRoot": False}, {"runAsNonRoot": True}, False),
        ({"runAsNonRoot": False, "runAsUser": 1000}, {}, False),  # a positive user is enough
        ({}, {"runAsUser": -5}, True),
        ({}, {"runAsUser": "1000"}, True),  # not an integer: proves nothing
        ({}, {"runAsNonRoot": "true"}, True),
        ({"runAsNonRoot": True}, {"runAsNonRoot": None}, False),  # null does not override
    ],
)
def test_effective_security_context(pod_context: dict[str, Any], container_context: dict[str, Any], denied: bool) -> None:
    spec: dict[str, Any] = {"securityContext": pod_context} if pod_context else {}
    box = container(securityContext=container_context) if container_context else container()
    assert bool(findings(pod([box], **spec), POLICY)) is denied


@pytest.mark.parametrize("list_name", ["containers", "initContainers", "ephemeralContainers"])
def test_every_container_list(list_name: str) -> None:
    spec: dict[str, Any] = {"securityContext": {"runAsNonRoot": True}}
    containers = [compliant()]
    if list_name == "containers":
        containers.append(container("root", securityContext={"runAsUser": 0}))
    else:
        spec[list_name] = [container("root", securityContext={"runAsUser": 0})]
    (finding,) = findings(pod(containers, **spec), POLICY)
    assert finding.path == f"/spec/{list_name}/{len(containers) - 1 if list_name == 'containers' else 0}/securityContext/runAsUser"
    assert finding.action == "deny"


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"])
def test_every_workload_kind(kind: str) -> None:
    (finding,) = findings(workload(kind, [container()]), POLICY)
    prefix = "/spec/jobTemplate/spec/template/spec" if kind == "CronJob" else "/spec/template/spec"
    assert finding.path == f"{prefix}/containers/0/securityContext"
    assert findings(workload(kind, [container()], securityContext={"runAsNonRoot": True}), POLICY) == []


def test_inherited_root_user_points_at_the_pod_field() -> None:
    obj = pod([container()], securityContext={"runAsNonRoot": True, "runAsUser": 0})
    assert _paths(obj) == ["/spec/securityContext/runAsUser"]


def test_message_names_policy_container_and_fix() -> None:
    decision = decide(pod([container("api", securityContext={"runAsUser": 0})]))
    assert not decision.allowed and decision.code == 403
    assert f"[{POLICY}]" in decision.message
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'container "api"' in finding.message
    assert "runAsUser: 0" in finding.message
    assert "runAsNonRoot: true" in finding.message  # the fix
    assert finding.container == 'container "api"'


@pytest.mark.parametrize(
    ("pod_context", "container_context", "notes"),
    [
        ({}, {"runAsUser": "4242"}, ["runAsUser is a string, not an integer"]),
        ({"runAsUser": "4242", "runAsNonRoot": "true"}, {}, ["runAsUser is a string, not an integer", "runAsNonRoot is a string, not a boolean"]),
        ({"runAsUser": 1000}, {"runAsUser": True}, ["runAsUser is a boolean, not an integer"]),  # the container's wins
        ({}, {"runAsNonRoot": "yes"}, ["runAsNonRoot is a string, not a boolean"]),
        ({}, {"runAsNonRoot": False}, []),
        ({}, {"runAsUser": -5}, []),
        ({}, {}, []),
    ],
)
def test_a_mistyped_setting_is_named_by_its_type_not_its_value(
    pod_context: dict[str, Any], container_context: dict[str, Any], notes: list[str]
) -> None:
    """A quoted "10001" is set but proves nothing: the message must not say "not set" alone."""
    spec: dict[str, Any] = {"securityContext": pod_context} if pod_context else {}
    (finding,) = findings(pod([container("api", securityContext=container_context)], **spec), POLICY)
    expected = f" ({'; '.join(notes)})" if notes else ""
    assert f"so the image decides{expected}. Fix:" in finding.message
    assert "4242" not in finding.message and "yes" not in finding.message


def test_malformed_entries_are_not_a_crash() -> None:
    obj = pod([container()], securityContext="nonsense")
    assert _paths(obj) == ["/spec/containers/0/securityContext"]
    assert decide({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": None}).allowed


def test_a_container_that_is_not_an_object_fails_closed() -> None:
    """kube-apiserver never decodes such a pod; judging only the containers that can be read would
    let it through."""
    obj = pod(["not-a-container", container(securityContext={"runAsNonRoot": True})])  # type: ignore[list-item]
    (finding,) = [f for f in decide(obj).findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0"
    assert "cannot be judged: spec.containers[0] must be an object, got a string" in finding.message
    assert "not-a-container" not in finding.message


@pytest.mark.parametrize("kind", ["PodTemplate", "DeploymentConfig", "Rollout"])
def test_pod_templates_beyond_the_core_workloads(kind: str) -> None:
    obj = template_kind(kind, {"containers": [container()]})
    prefix = "/template/spec" if kind == "PodTemplate" else "/spec/template/spec"
    assert _paths(obj) == [f"{prefix}/containers/0/securityContext"]
    assert not decide(obj).allowed
    assert _paths(template_kind(kind, {"securityContext": {"runAsUser": 1000}, "containers": [container()]})) == []


def test_rollout_with_a_workload_ref_has_no_pod_spec() -> None:
    obj = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
           "spec": {"workloadRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}}
    assert _paths(obj) == []


def test_root_inherited_from_the_pod_says_so_and_fixes_the_pod() -> None:
    """runAsUser: 0 on the pod's securityContext: the message says the setting is the pod's (the
    container sets nothing) and the fix is on the pod, in the denial and in the short warning."""
    obj = pod([container("api")], securityContext={"runAsNonRoot": True, "runAsUser": 0})
    (finding,) = findings(obj, POLICY)
    assert finding.message.startswith(
        "container \"api\" runs as root: the pod's securityContext sets runAsUser: 0. "
        "Fix: set the pod's securityContext.runAsUser to a non-zero UID (e.g. 10001)"
    )
    decision = decide(obj, config=ClusterConfig(actions={POLICY: "warn"}))
    warned = [w for w in decision.warnings if w.startswith(POLICY)]
    assert warned == [f"{POLICY}: container \"api\" runs as root (the pod's runAsUser: 0); fix: set a non-zero runAsUser on the pod"]
    own = findings(pod([container("api", securityContext={"runAsUser": 0})]), POLICY)[0]
    assert own.message.startswith('container "api" runs as root (runAsUser: 0). Fix: set the container\'s securityContext.runAsUser')


@pytest.mark.parametrize("pod_context", [{}, {"runAsUser": 1000}, {"runAsNonRoot": True, "runAsUser": 1000}])
@pytest.mark.parametrize("list_name", ["containers", "initContainers"])
def test_a_containers_own_root_user_is_fixed_on_the_container_not_the_pod(pod_context: dict[str, Any], list_name: str) -> None:
    """The container's own runAsUser: 0 overrides whatever the pod sets: a fix offering "the pod or
    the container" sends the reader to a pod setting that would change nothing (here the pod may
    already have a non-zero user)."""
    spec: dict[str, Any] = {"containers": [compliant(name="main")], "securityContext": pod_context}
    spec[list_name] = [*spec.get(list_name, []), container("api", securityContext={"runAsUser": 0})]
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}
    (finding,) = findings(obj, POLICY)
    assert "on the pod or the container" not in finding.message
    assert "Fix: set the container's securityContext.runAsUser to a non-zero UID (e.g. 10001)" in finding.message
    assert "overrides the pod's" in finding.message


# --- Windows pods and user namespaces ---------------------------------------------------------------

WINDOWS = {"os": {"name": "windows"}}


def test_a_windows_pod_is_not_asked_for_a_run_as_user_the_api_server_refuses() -> None:
    # kube-apiserver refuses runAsUser on a pod with spec.os.name: windows: runAsNonRoot is the only fix
    box = container(securityContext={"windowsOptions": {"runAsUserName": "ContainerUser"}})
    (finding,) = findings(pod([box], **WINDOWS), POLICY)
    assert finding.action == "deny"  # the user name alone is no runAsNonRoot: true (as PSA restricted)
    assert "runAsUser" not in finding.message.split("Fix:")[0]
    assert finding.message.endswith("Fix: set securityContext.runAsNonRoot: true on the pod or the container (a Windows pod cannot set runAsUser).")
    assert "ContainerUser" not in finding.message
    assert not findings(pod([container()], **WINDOWS, securityContext={"runAsNonRoot": True}), POLICY)


@pytest.mark.parametrize("where", ["pod", "container"])
def test_a_windows_pod_with_run_as_user_zero_is_told_to_remove_it(where: str) -> None:
    spec: dict[str, Any] = dict(WINDOWS)
    box = container()
    if where == "pod":
        spec["securityContext"] = {"runAsUser": 0}
    else:
        box = container(securityContext={"runAsUser": 0})
    (finding,) = findings(pod([box], **spec), POLICY)
    assert "Fix: remove runAsUser (a Windows pod cannot set it) and set securityContext.runAsNonRoot: true." in finding.message
    assert "non-zero" not in finding.message


@pytest.mark.parametrize("os_", [{"name": "linux"}, {"name": "Windows"}, "windows", None])
def test_only_os_name_windows_makes_a_windows_pod(os_: Any) -> None:
    (finding,) = findings(pod([container()], os=os_), POLICY)
    assert "non-zero UID" in finding.message


USER_NAMESPACES = parse_cluster_config({"parameters": {POLICY: {"userNamespaces": True}}}, POLICIES, "c.yaml")


@pytest.mark.parametrize(
    ("host_users", "context", "denied_by_default", "denied_with_user_namespaces"),
    [
        (False, {}, True, False),
        (False, {"runAsUser": 0}, True, False),  # root in the pod, an unprivileged user on the node
        (True, {}, True, True),
        (None, {}, True, True),
        ("false", {}, True, True),  # not a boolean: no user namespace is asked for
        (False, {"runAsNonRoot": True}, False, False),
    ],
)
def test_user_namespace_pods_pass_only_with_the_parameter(
    host_users: Any, context: dict[str, Any], denied_by_default: bool, denied_with_user_namespaces: bool
) -> None:
    obj = pod([container(securityContext=context)], hostUsers=host_users)
    assert bool(findings(obj, POLICY)) is denied_by_default
    assert bool(findings(obj, POLICY, config=USER_NAMESPACES)) is denied_with_user_namespaces


# --- ephemeral containers: they join a running pod, whose securityContext cannot change ---------------


def _debug_request(pod_context: dict[str, Any], debugger: dict[str, Any]) -> dict[str, Any]:
    old = pod([compliant()], securityContext=pod_context)
    new = {**old, "spec": {**old["spec"], "ephemeralContainers": [debugger]}}
    request = request_for_manifest(new, operation="UPDATE")
    request["oldObject"] = old
    request["subResource"] = "ephemeralcontainers"
    return request


@pytest.mark.parametrize(
    ("pod_context", "debugger", "fix"),
    [
        ({}, container("debugger"), "on the ephemeral container itself (a running pod's securityContext cannot change)"),
        ({}, container("debugger", securityContext={"runAsUser": 0}), "on the ephemeral container itself"),
        ({"runAsUser": 0}, container("debugger"), "give the ephemeral container its own non-zero runAsUser (e.g. 10001)"),
    ],
)
def test_an_ephemeral_container_is_never_told_to_change_the_pods_security_context(
    pod_context: dict[str, Any], debugger: dict[str, Any], fix: str
) -> None:
    decision = review(_debug_request(pod_context, debugger), POLICIES, ClusterConfig(), mode="validate")
    assert not decision.allowed
    (finding,) = [f for f in decision.findings if f.policy == POLICY and f.container == 'ephemeral container "debugger"']
    assert fix in finding.message
    assert "the pod's securityContext.runAsUser to" not in finding.message
    assert "on the pod or the container" not in finding.message
    assert len(finding.message) < 400


def test_an_ephemeral_container_of_a_windows_pod_gets_the_windows_fix() -> None:
    (finding,) = [
        f for f in findings(pod([compliant()], os={"name": "windows"}, ephemeralContainers=[container("debugger")]), POLICY)
        if f.path.startswith("/spec/ephemeralContainers/")
    ]
    assert finding.message.endswith("Fix: set securityContext.runAsNonRoot: true on the ephemeral container itself (a Windows pod cannot set runAsUser).")


def test_an_ephemeral_container_inheriting_the_pods_root_user_is_pointed_at_its_own_security_context() -> None:
    """The pod's runAsUser cannot change once it runs: the path names where the fix goes. A finding
    already there on UPDATE still only warns, and a per-container exemption still covers it."""
    request = _debug_request({"runAsUser": 0}, container("debugger"))
    decision = review(request, POLICIES, ClusterConfig(), mode="validate")
    (finding,) = [f for f in decision.findings if f.policy == POLICY and f.container == 'ephemeral container "debugger"']
    assert finding.path == "/spec/ephemeralContainers/0/securityContext"
    assert not finding.preexisting and not decision.allowed
    # the debugger already there in oldObject (a second debugger added): only the new one blocks
    second = _debug_request({"runAsUser": 0}, container("debugger"))
    second["oldObject"] = second["object"]
    second["object"] = {
        **second["object"],
        "spec": {**second["object"]["spec"], "ephemeralContainers": [container("debugger"), container("shell")]},
    }
    decision = review(second, POLICIES, ClusterConfig(), mode="validate")
    ours = {f.container: f for f in decision.findings if f.policy == POLICY}
    assert ours['ephemeral container "debugger"'].preexisting
    assert ours['ephemeral container "debugger"'].path == "/spec/ephemeralContainers/0/securityContext"
    assert not ours['ephemeral container "shell"'].preexisting
    assert ours['ephemeral container "shell"'].path == "/spec/ephemeralContainers/1/securityContext"
    assert not decision.allowed
    exempt = parse_cluster_config(
        {"exemptions": [{"policies": [POLICY], "containers": ["shell"], "reason": "r", "expires": "2099-01-31"}]}, POLICIES, "c.yaml"
    )
    decision = review(second, POLICIES, exempt, mode="validate")
    assert [f.container for f in decision.findings if f.policy == POLICY] == ['ephemeral container "debugger"']
    assert decision.allowed


# --- the Windows root identity: windowsOptions.runAsUserName: ContainerAdministrator ----------------


def _admin(**options: Any) -> dict[str, Any]:
    return {"windowsOptions": {"runAsUserName": "ContainerAdministrator", **options}}


@pytest.mark.parametrize(
    ("pod_context", "container_context", "path"),
    [
        # the kubelet refuses runAsNonRoot: true beside it (verifyRunAsNonRoot on Windows), as it
        # refuses runAsUser: 0 on Linux: both ask for root, and both are denied
        ({}, {"runAsNonRoot": True, **_admin()}, "/spec/containers/0/securityContext/windowsOptions/runAsUserName"),
        ({"runAsNonRoot": True, **_admin()}, {}, "/spec/securityContext/windowsOptions/runAsUserName"),
        # the kubelet compares the name case-insensitively (Go's EqualFold: a long s is an s)
        ({"runAsNonRoot": True}, {"windowsOptions": {"runAsUserName": "containeradministrator"}},
         "/spec/containers/0/securityContext/windowsOptions/runAsUserName"),
        ({"runAsNonRoot": True}, {"windowsOptions": {"runAsUserName": "CONTAINERADMINIſTRATOR"}},
         "/spec/containers/0/securityContext/windowsOptions/runAsUserName"),
        # asked for without runAsNonRoot: the image does not decide, the pod does
        ({}, _admin(), "/spec/containers/0/securityContext/windowsOptions/runAsUserName"),
    ],
)
def test_a_windows_container_running_as_container_administrator_is_denied(
    pod_context: dict[str, Any], container_context: dict[str, Any], path: str
) -> None:
    spec: dict[str, Any] = {**WINDOWS, "securityContext": pod_context} if pod_context else dict(WINDOWS)
    (finding,) = findings(pod([container("api", securityContext=container_context)], **spec), POLICY)
    assert finding.action == "deny"
    assert finding.path == path
    assert "runs as root" in finding.message and "ContainerAdministrator" in finding.message
    assert "so the image decides" not in finding.message
    assert "ContainerUser" in finding.message.split("Fix:")[1]  # a user without administrator rights


def test_a_containers_own_user_name_overrides_the_pods_administrator() -> None:
    """windowsOptions merge field by field, as runAsUser does: the container's own user name wins."""
    spec: dict[str, Any] = {**WINDOWS, "securityContext": {"runAsNonRoot": True, **_admin()}}
    box = container("api", securityContext={"windowsOptions": {"runAsUserName": "ContainerUser"}})
    assert findings(pod([box], **spec), POLICY) == []
    admin_over_user = {**WINDOWS, "securityContext": {"runAsNonRoot": True, "windowsOptions": {"runAsUserName": "ContainerUser"}}}
    (finding,) = findings(pod([container("api", securityContext=_admin())], **admin_over_user), POLICY)
    assert finding.path == "/spec/containers/0/securityContext/windowsOptions/runAsUserName"


def test_a_pod_without_os_asking_for_container_administrator_is_denied_whatever_its_linux_user() -> None:
    """Without spec.os the pod may land on a Windows node, which ignores runAsUser and runs it as
    ContainerAdministrator."""
    box = container("api", securityContext={"runAsUser": 1000, **_admin()})
    (finding,) = findings(pod([box]), POLICY)
    assert finding.path == "/spec/containers/0/securityContext/windowsOptions/runAsUserName"


def test_an_ephemeral_container_inheriting_the_pods_administrator_is_pointed_at_its_own_security_context() -> None:
    spec: dict[str, Any] = {**WINDOWS, "securityContext": {"runAsNonRoot": True, **_admin()}}
    obj = pod([container("app", securityContext={"windowsOptions": {"runAsUserName": "ContainerUser"}})],
              ephemeralContainers=[container("debugger")], **spec)
    (finding,) = findings(obj, POLICY)
    assert finding.path == "/spec/ephemeralContainers/0/securityContext"
    assert "ephemeral container its own" in finding.message and "cannot change" in finding.message


@pytest.mark.parametrize("name", ["ContainerUser", "ContainerAdministrator2", "Container Administrator", 5])
def test_other_user_names_with_run_as_non_root_pass(name: Any) -> None:
    box = container("api", securityContext={"runAsNonRoot": True, "windowsOptions": {"runAsUserName": name}})
    assert findings(pod([box], **WINDOWS), POLICY) == []


def test_the_administrator_warning_is_short() -> None:
    for spec in ({"securityContext": _admin()}, {}):
        box = container("api") if spec else container("api", securityContext=_admin())
        decision = decide(pod([box], **WINDOWS, **spec), config=ClusterConfig(actions={POLICY: "warn"}))
        (warning,) = [w for w in decision.warnings if w.startswith(POLICY)]
        assert "ContainerAdministrator" in warning and "ContainerUser" in warning
        assert len(warning) <= 120


def test_an_update_of_a_workload_already_running_as_container_administrator_warns_and_a_new_one_is_denied() -> None:
    old = workload("Deployment", [container("api", securityContext={"runAsNonRoot": True, **_admin()})], replicas=2, **WINDOWS)
    new = {**old, "spec": {**old["spec"], "replicas": 5}}
    decision = decide(new, operation="UPDATE", old=old)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.preexisting and finding.action == "deny"
    assert decision.allowed  # every finding was already there: a replica change is not blocked
    # the user name newly set to ContainerAdministrator on an UPDATE is a new violation
    was_user = workload("Deployment", [container("api", securityContext={"runAsNonRoot": True})], replicas=2, **WINDOWS)
    decision = decide(new, operation="UPDATE", old=was_user)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert not finding.preexisting and not decision.allowed
