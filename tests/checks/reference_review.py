"""A slow, plain reference for ``review()``: the pipeline as it was before the hot-path work
(commit 98e736a), without plan caches, prebuilt decision dicts, merged container walks or
partial re-checks of the old object. ``test_review_reference.py`` asserts that ``review()`` decides
exactly what this does. Only the glue and the per-container walks of the checks are copied here;
the value judgements (secret patterns, ConfigMap lines, argv flags, selectors) are shared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

from webhook.admission import (
    MIRROR_NOTE,
    REVIEWED_OPERATIONS,
    REVIEWED_SUBRESOURCES,
    VIOLATIONS_SHOWN,
    WARNING_LIMIT,
    WARNINGS_SHOWN,
    text_field,
)
from webhook.checks import zone_anti_affinity
from webhook.checks.base import BROKEN_POD_SPEC_FIX, Fill, Violation
from webhook.checks.secrets import shortened
from webhook.checks.secrets.commands import container_argv_violations, container_command, probe_and_hook_actions, scripted_env_names
from webhook.checks.secrets.configmap import configmap_violations
from webhook.checks.secrets.env import FIX_ENV, _judge_env, env_item, script_env_violations
from webhook.checks.secrets.headers import http_get_header_violations
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.values import credential_kind
from webhook.config import EXEMPT_ANNOTATION, ClusterConfig
from webhook.decision import Decision
from webhook.engine import Finding
from webhook.policies import Policy, PolicySet
from webhook.workloads import CONTAINER_LISTS, LONG_RUNNING_KINDS, POD_SPEC_PATHS, json_type_name, pod_spec_shape_problem, pointer

# --- the object under review -----------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    container: dict[str, Any]
    list_name: str
    index: int
    pointer: str
    knative_name: str = ""  # the name Knative gives it, unnamed in a Knative template

    @property
    def label(self) -> str:
        name = self.container.get("name")
        name = name if isinstance(name, str) and name else self.knative_name or f"#{self.index}"
        kind = {"containers": "container", "initContainers": "init container", "ephemeralContainers": "ephemeral container"}
        return f'{kind[self.list_name]} "{name}"'


@dataclass(frozen=True)
class Subject:
    obj: dict[str, Any]
    kind: str
    spec: dict[str, Any] | None
    path: tuple[str, ...]

    @classmethod
    def of(cls, obj: dict[str, Any]) -> Subject:
        kind = obj.get("kind")
        api = obj.get("apiVersion")
        if kind in ("Service", "Configuration") and isinstance(api, str) and "/" in api and api.rsplit("/", 1)[0] == "serving.knative.dev":
            kind = kind + ".serving.knative.dev"  # Knative's, not core's: known by its qualified name
        path = POD_SPEC_PATHS.get(kind) if isinstance(kind, str) else None
        node: Any = obj
        for key in path or ():
            node = node.get(key) if isinstance(node, dict) else None
        spec = node if path is not None and isinstance(node, dict) else None
        return cls(obj, kind if isinstance(kind, str) else "", spec, path or ())

    def containers(self, lists: tuple[str, ...] = CONTAINER_LISTS) -> Iterator[Ref]:
        names = _knative_names(self.spec) if self.spec is not None and self.kind.endswith(".serving.knative.dev") else {}
        for list_name in lists if self.spec is not None else ():
            items = self.spec.get(list_name) if self.spec is not None else None
            for index, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    yield Ref(item, list_name, index, f"{pointer((*self.path, list_name))}/{index}", names.get((list_name, index), ""))


def _knative_names(spec: dict[str, Any]) -> dict[tuple[str, int], str]:
    """Knative's defaulting: an unnamed container is "user-container" (init: "init-container") when
    alone in its list and the name is free; else "<default>-N", N counting up past every name in use."""
    def lst(name: str) -> list[Any]:
        items = spec.get(name)
        return items if isinstance(items, list) else []

    used = [c.get("name") for name in ("containers", "initContainers") for c in lst(name) if isinstance(c, dict)]
    out: dict[tuple[str, int], str] = {}
    for list_name, default in (("containers", "user-container"), ("initContainers", "init-container")):
        items = lst(list_name)
        candidates = iter([default] if len(items) == 1 and default not in used else [])
        numbered = (f"{default}-{n}" for n in range(len(items) + len(used)) if f"{default}-{n}" not in used)
        for index, item in enumerate(items):
            if isinstance(item, dict) and not (isinstance(item.get("name"), str) and item.get("name")):
                out[(list_name, index)] = next(candidates, None) or next(numbered)
    return out


# --- the checks' walks -----------------------------------------------------------------------------


def broken(subject: Subject) -> list[Violation]:
    """What every check that judges containers reports for a pod spec it cannot walk."""
    problem = pod_spec_shape_problem(subject.obj)
    if problem is None:
        return []
    return [Violation(problem[0], f"cannot be judged: {problem[1]}", BROKEN_POD_SPEC_FIX, short="cannot be judged", brief="write the pod spec as Kubernetes defines it")]


def run_as_non_root(subject: Subject, params: Mapping[str, Any]) -> list[Violation]:
    if broken(subject):
        return broken(subject)
    if subject.spec is None:
        return []
    if params["userNamespaces"] and subject.spec.get("hostUsers") is False:
        return []
    os_ = subject.spec.get("os")
    windows = isinstance(os_, dict) and os_.get("name") == "windows"  # runAsUser is refused there
    pod_context = subject.spec.get("securityContext")
    pod_context = pod_context if isinstance(pod_context, dict) else {}
    pod_pointer = "/".join(("",) + subject.path) + "/securityContext"
    out: list[Violation] = []
    for ref in subject.containers():
        context = ref.container.get("securityContext")
        context = context if isinstance(context, dict) else {}
        pods = context.get("runAsUser") is None
        if not pods:
            user, user_path = context["runAsUser"], f"{ref.pointer}/securityContext/runAsUser"
        else:
            user, user_path = pod_context.get("runAsUser"), f"{pod_pointer}/runAsUser"
        non_root = context["runAsNonRoot"] if context.get("runAsNonRoot") is not None else pod_context.get("runAsNonRoot")
        options = context.get("windowsOptions") if isinstance(context.get("windowsOptions"), dict) else {}
        pod_options = pod_context.get("windowsOptions") if isinstance(pod_context.get("windowsOptions"), dict) else {}
        name_is_the_pods = options.get("runAsUserName") is None
        user_name = pod_options.get("runAsUserName") if name_is_the_pods else options["runAsUserName"]
        fix = "set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID (e.g. 10001) on the pod or the container"
        root_fix, root_brief = "remove runAsUser (a Windows pod cannot set it) and set securityContext.runAsNonRoot: true", "remove runAsUser; set runAsNonRoot: true"
        running = "(a running pod's securityContext cannot change)"
        if ref.list_name == "ephemeralContainers":
            fix = f"set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID (e.g. 10001) on the ephemeral container itself {running}"
        if user == 0 and not isinstance(user, bool) and pods:
            pod_fix = "set the pod's securityContext.runAsUser to a non-zero UID (e.g. 10001) and runAsNonRoot: true, or give the container its own non-zero runAsUser"
            pod_brief = "set a non-zero runAsUser on the pod"
            if ref.list_name == "ephemeralContainers":
                pod_fix = f"give the ephemeral container its own non-zero runAsUser (e.g. 10001) and runAsNonRoot: true {running}"
                pod_brief = "set a non-zero runAsUser on the container"
                if not windows:
                    user_path = f"{ref.pointer}/securityContext"  # where its fix goes: the pod's cannot change
            out.append(Violation(user_path, "runs as root: the pod's securityContext sets runAsUser: 0", root_fix if windows else pod_fix, ref.label, parts=("may run as root", "runAsUser: 0"),
                                 short="runs as root (the pod's runAsUser: 0)", brief=root_brief if windows else pod_brief))
        elif user == 0 and not isinstance(user, bool):
            own_fix = fix if ref.list_name == "ephemeralContainers" else (
                "set the container's securityContext.runAsUser to a non-zero UID (e.g. 10001) and runAsNonRoot: true (its runAsUser overrides the pod's)")
            out.append(Violation(user_path, "runs as root (runAsUser: 0)", root_fix if windows else own_fix, ref.label, parts=("may run as root", "runAsUser: 0"),
                                 brief=root_brief if windows else "set a non-zero runAsUser"))
        elif isinstance(user_name, str) and user_name.casefold() == "containeradministrator":
            without = "without administrator rights (e.g. ContainerUser) and runAsNonRoot: true"
            if not name_is_the_pods:
                out.append(Violation(f"{ref.pointer}/securityContext/windowsOptions/runAsUserName", "runs as root (windowsOptions.runAsUserName: ContainerAdministrator)",
                                     "set the container's securityContext.windowsOptions.runAsUserName to a user without administrator rights (e.g. ContainerUser) and runAsNonRoot: true (its runAsUserName overrides the pod's)",
                                     ref.label, parts=("may run as root", "runAsUserName: ContainerAdministrator"), short="runs as ContainerAdministrator", brief="set runAsUserName: ContainerUser"))
            else:
                problem = "runs as root: the pod's securityContext sets windowsOptions.runAsUserName: ContainerAdministrator"
                if ref.list_name == "ephemeralContainers":
                    path, admin_fix, brief = f"{ref.pointer}/securityContext", f"give the ephemeral container its own securityContext.windowsOptions.runAsUserName {without} {running}", "set its own runAsUserName: ContainerUser"
                else:
                    path, admin_fix, brief = f"{pod_pointer}/windowsOptions/runAsUserName", f"set the pod's securityContext.windowsOptions.runAsUserName to a user {without}, or give the container its own", "set the pod's runAsUserName: ContainerUser"
                out.append(Violation(path, problem, admin_fix, ref.label, parts=("may run as root", "runAsUserName: ContainerAdministrator"), short="runs as ContainerAdministrator", brief=brief))
        elif non_root is not True and not (isinstance(user, int) and not isinstance(user, bool) and user > 0):
            problem = "may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides"
            if windows:
                problem = "may run as root: runAsNonRoot: true is not set, so the image decides"
                where = "the ephemeral container itself" if ref.list_name == "ephemeralContainers" else "the pod or the container"
                fix = f"set securityContext.runAsNonRoot: true on {where} (a Windows pod cannot set runAsUser)"
            typed = [f"runAsUser is {json_type_name(user)}, not an integer"] if user is not None and type(user) is not int else []
            if non_root is not None and type(non_root) is not bool:
                typed.append(f"runAsNonRoot is {json_type_name(non_root)}, not a boolean")
            note = f" ({'; '.join(typed)})" if typed else ""
            out.append(Violation(f"{ref.pointer}/securityContext", problem + note, fix, ref.label, parts=("may run as root",), short="may run as root" + note, brief="set runAsNonRoot: true"))
    return out


def resources(subject: Subject, params: Mapping[str, Any]) -> list[Violation]:
    if broken(subject):
        return broken(subject)
    def given(section: Any, resource: str) -> bool:
        return isinstance(section, dict) and section.get(resource) not in (None, "")

    def zero(section: Any, resource: str) -> bool:
        value = section[resource]
        if isinstance(value, str):
            number = re.match(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", value.strip())
            return number is not None and Decimal(number.group()) == 0  # exact: no float underflow
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0

    def present(section: Any, resource: str) -> bool:
        return given(section, resource) and not (params["zeroIsMissing"] and zero(section, resource))

    def label_of(limits: Any, requests: Any, is_request: bool, resource: str, label: str) -> str:
        zeros = params["zeroIsMissing"] and ((given(limits, resource) and zero(limits, resource)) or (
            is_request and given(requests, resource) and zero(requests, resource)))
        return f"{label} (0 means none)" if zeros else label

    if subject.spec is None:
        return []
    values = ("limits.cpu", "limits.memory", "requests.cpu", "requests.memory")
    wanted = [(v.startswith("requests."), v.split(".")[1], f"{v.split('.')[1]} {v.split('.')[0][:-1]}") for v in values if v in params["require"]]
    examples = {("limits", "cpu"): "500m", ("limits", "memory"): "256Mi", ("requests", "cpu"): "100m", ("requests", "memory"): "128Mi"}

    def fix(parts: tuple[str, ...]) -> str:
        keys = [(label.split(" ")[1] + "s", label.split(" ")[0]) for label in parts]
        fields = [f"resources.{section}.{resource}" for section, resource in keys]
        yaml = ", ".join(
            f"{section}: {{{', '.join(f'{r}: {examples[(s, r)]}' for s, r in keys if s == section)}}}"
            for section in ("requests", "limits") if any(s == section for s, _ in keys)
        )
        notes = ["a request left out defaults to its limit"] if any(("limits", r) in keys and ("requests", r) in keys for r in ("cpu", "memory")) else []
        notes += ["a limit must be at least its request"] if any(("limits", r) in keys and ("requests", r) not in keys for r in ("cpu", "memory")) else []
        note = f" ({'; '.join(notes)})" if notes else ""
        return f"set {' and '.join([', '.join(fields[:-1]), fields[-1]] if len(fields) > 1 else fields)}, e.g. resources: {{{yaml}}}{note}"

    pod_section = subject.spec.get("resources")
    pod_limits = pod_section.get("limits") if isinstance(pod_section, dict) else None
    pod_requests = pod_section.get("requests") if isinstance(pod_section, dict) else None
    out: list[Violation] = []
    for ref in subject.containers(tuple(params["containerLists"])):
        section = ref.container.get("resources")
        limits = section.get("limits") if isinstance(section, dict) else None
        requests = section.get("requests") if isinstance(section, dict) else None
        missing = [label_of(limits, requests, is_request, resource, label) for is_request, resource, label in wanted
                   if not present(limits, resource) and not (is_request and present(requests, resource))
                   and not present(pod_limits, resource) and not (is_request and present(pod_requests, resource))]
        if missing:
            parts = tuple(label.removesuffix(" (0 means none)") for label in missing)
            named = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
            limits_ = [label.split()[0] for label in parts if label.endswith(" limit")]
            requests_ = [label.split()[0] for label in parts if label.endswith(" request")]
            if limits_ and limits_ == requests_:
                s = "s" if len(limits_) > 1 else ""
                short, brief = f"has no {' or '.join(limits_)} request{s} or limit{s}", "set resources requests and limits"
            else:
                groups = [(n, rs) for n, rs in (("limit", limits_), ("request", requests_)) if rs]
                short = "has no " + " or ".join(f"{' or '.join(rs)} {n}{'s' if len(rs) > 1 else ''}" for n, rs in groups)
                brief = "set " + " and ".join(f"resources.{n}s" for n, _ in groups)
            out.append(Violation(f"{ref.pointer}/resources", "has no " + named, fix(parts), ref.label, parts=parts, short=short, brief=brief))
    return out


def probes(subject: Subject, params: Mapping[str, Any]) -> list[Violation]:
    needs = {"exec": "command", "httpGet": "port", "tcpSocket": "port", "grpc": "port"}

    def handlers(probe: Any) -> list[str]:
        return [h for h in needs if isinstance(probe, dict) and isinstance(probe.get(h), dict)]

    def runs(probe: Any) -> bool:
        return any(probe[h].get(needs[h]) not in (None, "", [], 0) for h in handlers(probe))

    if subject.kind in LONG_RUNNING_KINDS and broken(subject):
        return broken(subject)
    if subject.spec is None or subject.kind not in LONG_RUNNING_KINDS:
        return []
    if subject.kind == "Pod" and subject.spec.get("restartPolicy") in ("Never", "OnFailure") and _controlled(subject.obj):
        return []
    out: list[Violation] = []
    for ref in subject.containers(("initContainers", "containers") if params["sidecars"] else ("containers",)):
        init = ref.list_name == "initContainers"
        if init and ref.container.get("restartPolicy") != "Always":
            continue
        probes_ = {p: ref.container.get(p) for p in params["require"]}
        missing = [p for p, probe in probes_.items() if not handlers(probe)]
        empty = [f"{p}.{handlers(probe)[-1]}.{needs[handlers(probe)[-1]]}" for p, probe in probes_.items()
                 if handlers(probe) and not runs(probe)]
        if missing or empty:
            problems = ["has no " + " and no ".join(p + " with a handler" for p in missing)] if missing else []
            problems += ["sets no " + " and no ".join(empty) + " (a handler without it cannot run)"] if empty else []
            fixes = ["add " + " and ".join(missing) + " with an httpGet, tcpSocket, grpc or exec handler"] if missing else []
            fixes += ["set " + " and ".join(empty)] if empty else []
            problem = (
                ("is a sidecar (restartPolicy: Always) and " if init else "")
                + "; ".join(problems)
                + (" (a startupProbe does not replace them)" if missing and ref.container.get("startupProbe") else "")
            )  # fmt: skip
            short = f"has no {' or '.join(missing)}" if missing else f"has {'a probe' if len(empty) == 1 else 'probes'} that cannot run"
            briefs = [f"add {'it' if len(missing) == 1 else 'both'} with a handler (e.g. httpGet)"] if missing else []
            fields = [field.split(".", 1) for field in empty]
            briefs += [f"set {needed} in {' and '.join(p for p, n in fields if n == needed)}" for needed in dict.fromkeys(n for _, n in fields)]
            out.append(Violation(ref.pointer, problem, "; ".join(fixes), ref.label, parts=(*missing, *empty), short=short, brief="; ".join(briefs)))
    return out


def _controlled(obj: Mapping[str, Any]) -> bool:
    meta = obj.get("metadata")
    owners = meta.get("ownerReferences") if isinstance(meta, dict) else None
    return isinstance(owners, list) and any(isinstance(o, dict) and o.get("controller") is True for o in owners)


def _needs_anti_affinity(subject: Subject, params: Mapping[str, Any]) -> bool:
    if subject.kind not in zone_anti_affinity.KINDS or subject.spec is None:
        return False
    if _controlled(subject.obj):
        return False  # the owner's template is where it belongs
    spec = subject.obj.get("spec")
    if subject.kind == "Rollout" and isinstance(spec, dict) and spec.get("workloadRef") is not None:
        return False  # its template is the referenced Deployment's
    if zone_anti_affinity._replicas(subject.obj) < params["minReplicas"]:
        return False
    spreads = subject.spec.get("topologySpreadConstraints")
    if isinstance(spreads, list) and any(isinstance(c, dict) and c.get("topologyKey") == params["topologyKey"] for c in spreads):
        return False
    affinity = subject.spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    return not (isinstance(anti, dict) and any(anti.get(k) for k in (zone_anti_affinity.REQUIRED, zone_anti_affinity.PREFERRED)))


def zone(subject: Subject, params: Mapping[str, Any]) -> list[Violation]:
    if not _needs_anti_affinity(subject, params):
        return []
    key = params["topologyKey"]
    return [
        Violation(
            "/" + "/".join(subject.path) + "/affinity",
            f"runs {zone_anti_affinity._replicas(subject.obj)} replicas with no pod anti-affinity across {key}, "
            "so one zone outage can stop them all",
            f"let railguard's mutating webhook add it, or add a podAntiAffinity term over {key}",
            short=f"runs {zone_anti_affinity._replicas(subject.obj)} replicas not spread " + ("across zones" if key == "topology.kubernetes.io/zone" else f"over {key}"),
            brief="add a podAntiAffinity term",
        )
    ]


def zone_fills(subject: Subject, params: Mapping[str, Any]) -> list[Fill]:
    if not _needs_anti_affinity(subject, params):
        return []
    selector = zone_anti_affinity._selector(subject.obj)
    if selector is None:
        return []
    term = {"labelSelector": selector, "topologyKey": params["topologyKey"]}
    if params["mode"] == "required":
        key, terms = zone_anti_affinity.REQUIRED, [term]
    else:
        key, terms = zone_anti_affinity.PREFERRED, [{"weight": params["weight"], "podAffinityTerm": term}]
    return [Fill((*subject.path, "affinity", "podAntiAffinity", key), terms)]


def plaintext_secrets(subject: Subject, params: Mapping[str, Any]) -> list[Violation]:
    names = Names(params)
    if subject.kind == "ConfigMap":
        return shortened(list(configmap_violations(names, subject.obj)))
    if broken(subject):
        return broken(subject)
    if subject.spec is None:
        return []
    out: list[Violation] = []
    for ref in subject.containers():
        env = ref.container.get("env")
        candidates = {var['name'] for var in env if isinstance(var, dict) and isinstance(var.get('value'), str) and isinstance(var.get('name'), str)} if isinstance(env, list) else set()
        scripts = scripted_env_names(container_command(ref.container), probe_and_hook_actions(ref.container)[0], candidates)  # run by its shell
        for index, var in enumerate(env if isinstance(env, list) else []):
            value = var.get("value") if isinstance(var, dict) else None
            if value is None:
                continue
            name = var.get("name")
            name = name if type(name) is str else f"#{index}"
            if name in scripts and (as_script := script_env_violations(names, name, value, index, ref)):
                out += as_script  # judged as a script; as a value only when that finds nothing
                continue
            problem = _judge_env(name, value, names.extra, names.allowed)  # no clean-pair cache here
            if problem:
                text, parts = problem
                out.append(Violation(f"{ref.pointer}/env/{index}/value", text, FIX_ENV, ref.label, env_item(name, text), parts))
        out += container_argv_violations(names, container_command(ref.container), ref.pointer, ref.label, probe_and_hook_actions(ref.container)[0])
        out += http_get_header_violations(names, probe_and_hook_actions(ref.container)[1], ref.pointer, ref.label)
    return shortened(out)


CHECKS = {
    "run-as-non-root": run_as_non_root,
    "resources": resources,
    "probes": probes,
    "zone-anti-affinity": zone,
    "plaintext-secrets": plaintext_secrets,
}
MUTATORS = {"zone-anti-affinity": zone_fills}

# --- the engine ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    operation: str
    namespace: str
    name: str
    labels: Mapping[str, Any]
    annotations: Mapping[str, Any]
    today: dt.date


def active_policies(
    policies: PolicySet, config: ClusterConfig, kind: str, ctx: Context, notes: list[str], mutating_only: bool = False,
    exempted: list[str] | None = None,
) -> list[tuple[Policy, str, Mapping[str, Any]]]:
    exempted = [] if exempted is None else exempted
    out = []
    for policy in policies:
        action = config.actions.get(policy.id, policy.action)
        match = policy.match
        if action == "off" or (mutating_only and not policy.mutate):
            continue
        if kind not in match.kinds or ctx.operation not in match.operations:
            continue
        if match.namespaces_include != ("*",) and not any(fnmatchcase(ctx.namespace, g) for g in match.namespaces_include):
            continue
        if match.namespaces_exclude and any(fnmatchcase(ctx.namespace, g) for g in match.namespaces_exclude):
            continue
        if config.allow_annotation_exemptions:
            value = ctx.annotations.get(EXEMPT_ANNOTATION)
            if isinstance(value, str) and policy.id in {p.strip() for p in value.split(",")}:
                exempted.append(f"{policy.id}: the {EXEMPT_ANNOTATION} annotation")
                continue
        exempt = False
        for exemption in config.exemptions:
            if not (exemption.containers or exemption.images) and exemption.covers(policy.id, ctx.namespace, ctx.name, ctx.labels):
                if exemption.expires >= ctx.today:
                    exempt = True
                    exempted.append(f"{policy.id}: {exemption.describe()}, until {exemption.expires.isoformat()}")
                    break
                notes.append(f"{policy.id}: exemption #{exemption.index} expired on {exemption.expires.isoformat()} and no longer applies; fix: extend or remove it (reason: {exemption.reason})")
        if not exempt:
            out.append((policy, action, config.parameters.get(policy.id, policy.params)))
    return out


def _in_exempt_container(
    policy_id: str, v: Violation, subject: Subject, config: ClusterConfig, ctx: Context, notes: list[str], exempted: list[str]
) -> bool:
    """Whether violation ``v`` is about a container an unexpired per-container exemption covers: the
    container its path lies in or, for a pod-level field that is the container's effective value
    (the pod's ``runAsUser: 0``), the container it names."""
    refs = list(subject.containers())
    found = [r for r in refs if v.path == r.pointer or v.path.startswith(r.pointer + "/")]
    if not found and v.container is not None:
        found = [r for r in refs if r.label == v.container]
    if not found:
        return False
    ref = found[0]
    for exemption in config.exemptions:
        if not (exemption.containers or exemption.images):
            continue
        if not exemption.covers(policy_id, ctx.namespace, ctx.name, ctx.labels):
            continue
        # by the name messages give it: an unnamed Knative container is "user-container"
        name = ref.container.get("name")
        name = name if isinstance(name, str) and name else ref.knative_name or name
        image = ref.container.get("image")
        if exemption.containers and not (isinstance(name, str) and any(fnmatchcase(name, g) for g in exemption.containers)):
            continue
        if exemption.images and not (isinstance(image, str) and any(fnmatchcase(image, g) for g in exemption.images)):
            continue
        if exemption.expires >= ctx.today:
            exempted.append(f"{policy_id} on {ref.label}: {exemption.describe()}, until {exemption.expires.isoformat()}")
            return True
        notes.append(f"{policy_id}: exemption #{exemption.index} expired on {exemption.expires.isoformat()} and no longer applies; fix: extend or remove it (reason: {exemption.reason})")
    return False


def evaluate(
    policies: PolicySet, config: ClusterConfig, subject: Subject, ctx: Context, exempted: list[str] | None = None
) -> tuple[list[Finding], tuple[str, ...]]:
    notes: list[str] = []
    findings = []
    exempted = [] if exempted is None else exempted
    pods = False
    for policy, action, params in active_policies(policies, config, subject.kind, ctx, notes, exempted=exempted):
        pods = pods or subject.kind in policy.check.judges_containers_of
        for v in CHECKS[policy.check.name](subject, params):
            if _in_exempt_container(policy.id, v, subject, config, ctx, notes, exempted):
                continue
            meta = subject.obj.get("metadata")
            name = meta.get("name") if isinstance(meta, dict) else None
            label = f'{subject.kind or "object"} "{_hidden(str(name), "<hidden name>")}"' if name else subject.kind or "object"
            # a finding's texts with what is not printable escaped: its message, warning and denial line
            who, container = _one_line(v.container or label), None if v.container is None else _one_line(v.container)
            problem, fix = _one_line(v.problem), _one_line(v.fix)
            message = policy.render(who, problem, fix)
            findings.append(Finding(policy.id, policy.version, action, policy.severity, message, v.path, container, item=v.item, parts=v.parts, short_problem=_one_line(v.short), short_fix=_one_line(v.brief), who=who, problem=problem, fix=fix))  # type: ignore[arg-type]
    spec = subject.obj.get("spec")
    if pods and subject.spec is None and subject.kind == "Rollout" and isinstance(spec, dict) and spec.get("workloadRef") is not None:
        notes.append(_rollout_note(spec["workloadRef"]))
    return findings, tuple(dict.fromkeys(notes))


def _rollout_note(ref: Any) -> str:
    """A Rollout whose pods come from the workload its spec.workloadRef names: the verdict does not cover them."""
    ref = ref if isinstance(ref, dict) else {}
    kind, name = ref.get("kind"), ref.get("name")
    what = kind if kind in POD_SPEC_PATHS else "the workload"
    dns = isinstance(name, str) and 0 < len(name) <= 253 and all(c.islower() or c.isdigit() or c in "-." for c in name)
    if dns and name[0].isalnum() and name[-1].isalnum() and name.isascii() and credential_kind(name) is None:
        end = " (spec.workloadRef), judged on its own"
        room = 120 - len(f'pod policies not applied: the pods come from {what} ""{end}')
        what = f'{what} "{name}"' if len(name) <= room else f'{what} "{name[: room - 3]}..."' if room >= 8 else what
    return f"pod policies not applied: the pods come from {what} (spec.workloadRef), judged on its own"


def fill(obj: dict[str, Any], fills: list[Fill]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = dict(obj)
    ops: list[dict[str, Any]] = []
    for item in fills:
        if item.value is None:
            continue
        node = result
        path = ""
        for depth, key in enumerate(item.path):
            if not isinstance(key, str):
                break
            path += "/" + key.replace("~", "~0").replace("/", "~1")
            child = node.get(key)
            if child is None:
                value: Any = item.value
                for inner in reversed(item.path[depth + 1 :]):
                    value = {inner: value}
                ops.append({"op": "replace" if key in node else "add", "path": path, "value": value})
                node[key] = value
                break
            if depth == len(item.path) - 1 or not isinstance(child, dict):
                break
            node[key] = child = dict(child)
            node = child
    return result, ops


# --- the review ------------------------------------------------------------------------------------


def _clip(text: str) -> str:
    return text if len(text) <= WARNING_LIMIT else text[: WARNING_LIMIT - 3] + "..."


def _shortened(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 3, 0)].rstrip() + "..."


def _one_line(text: str) -> str:
    """Every character that is not printable written as its escape sequence (kube-apiserver drops a
    warning that holds a control character; a line break in a denial would forge a line)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _warning(f: Finding) -> str:
    """``policy: <who> <problem>; fix: <fix>`` in short: the policy and who whole, the problem cut
    before the fix, the fix cut (or, with no room for 12 characters of it, left out) before who;
    who, the problem and the fix with what is not printable escaped, before any cut."""
    problem, brief = f.short_problem or f.problem, f.short_fix or f.fix
    if not f.who:
        problem = problem.lstrip()
    who, problem, brief = _one_line(f.who), _one_line(problem), _one_line(brief)
    marker = "(already present) " if f.preexisting else ""
    if marker and len(f"{f.policy}: {marker}{f.who} ") + 20 > WARNING_LIMIT:
        marker = ""  # the name and 20 characters of problem before the marker
    head = f"{f.policy}: {marker}" + (f"{who} " if who else "")
    tail = f"; fix: {brief}" if brief else ""
    if len(head + problem + tail) <= WARNING_LIMIT:
        return head + problem + tail
    left = WARNING_LIMIT - len(head)
    together = 40 - (len(who) + 1 if who else 0)  # who and the problem keep 40 characters together
    if left - len(tail) >= min(len(problem), max(together, 10)):
        return head + _shortened(problem, left - len(tail)) + tail
    shown = _shortened(problem, max(together, 20))
    fix_room = WARNING_LIMIT - len(head + shown + "; fix: ")
    if not brief or fix_room < 12:  # no fix at all: the problem gets its room
        return head + _shortened(problem, left) if left >= 3 or left >= len(problem) else _clip(head + problem)
    head += shown
    # the fix cut too: on a whole word if one ends within the last 20 characters kept
    words = re.match(r"(.*) ", brief[: fix_room - 2], re.DOTALL)  # a space right after the cut counts
    cut = words.group(1) if words and words.group(1) and len(words.group(1)) >= fix_room - 3 - 20 else brief[: fix_room - 3]
    return f"{head}; fix: {cut.rstrip(' ,;:-')}..."


def _broken_warning(same: list[Finding]) -> str:
    """A pod spec that cannot be judged, as several policies report it: one warning naming them
    (joined by ", ", else by ",", else the first and how many more), then as :func:`_warning`."""
    f = same[0]
    problem = f.short_problem or f.problem
    marker = "(already present) " if f.preexisting else ""
    for lead in (", ".join(g.policy for g in same), ",".join(g.policy for g in same)):
        if len(f"{lead}: {marker}{f.who} {problem}") <= WARNING_LIMIT:
            break
    else:
        lead = f"{f.policy} and {len(same) - 1} more policies"
    # _warning on a finding whose policy is the lead: the marker rule and the cuts are the same
    return _warning(Finding(**{**{s: getattr(f, s) for s in f.__slots__}, "policy": lead}))


def _one_of_each_policy_first(policies: list[str], limit: int) -> list[int]:
    """Which of a list of findings (given by policy) an answer shows when it may show ``limit``:
    each policy's first, then the earliest others; in list order."""
    firsts = [policies.index(p) for p in dict.fromkeys(policies)][:limit]
    others = [i for i in range(len(policies)) if i not in firsts][: max(0, limit - len(firsts))]
    return sorted(firsts + others)


_CONTAINER_WHO = re.compile(r'(container|init container|ephemeral container) "(.*)"', re.DOTALL)  # a name may hold a line break
_VERBS = {"has": "have", "may": "may", "runs": "run", "sets": "set", "is": "are"}  # those the bundled checks begin with


def _denial_groups(blocking: list[Finding]) -> list[list[Finding]]:
    """Findings of one policy, problem and fix in containers of one list, in first-seen order."""
    groups: list[list[Finding]] = []
    for f in blocking:
        if f.fix == BROKEN_POD_SPEC_FIX:  # a broken pod spec: one line for every policy that reports it
            same = next((g for g in groups if g[0].fix == BROKEN_POD_SPEC_FIX and (g[0].path, g[0].who, g[0].problem) == (f.path, f.who, f.problem)), None)
            if same is None:
                groups.append([f])
            else:
                same.append(f)
            continue
        match = _CONTAINER_WHO.fullmatch(f.who) if f.container == f.who else None
        for group in groups:
            g = group[0]
            if g.fix == BROKEN_POD_SPEC_FIX:
                continue
            if (g.policy, g.problem, g.fix) != (f.policy, f.problem, f.fix):
                continue
            g_match = _CONTAINER_WHO.fullmatch(g.who) if g.container == g.who else None
            if (match and g_match and match.group(1) == g_match.group(1)) or (not match and not g_match and g.who == f.who):
                group.append(f)
                break
        else:
            groups.append([f])
    return groups


def _denial_line(group: list[Finding], policies: PolicySet) -> str:
    if group[0].fix == BROKEN_POD_SPEC_FIX and len(group) > 1:
        named = []
        for f in group:
            if f.policy not in named:
                named.append(f.policy)
        return "[" + ", ".join(named) + f"] {group[0].who} {group[0].problem}. Fix: {group[0].fix}."
    names: list[str] = []
    for f in group:
        match = _CONTAINER_WHO.fullmatch(f.who)
        if match and match.group(2) not in names:
            names.append(match.group(2))
    first = group[0]
    if len(names) < 2:
        return f"[{first.policy}] {first.message}"
    quoted = [f'"{n}"' for n in names]
    listed = " and ".join([", ".join(quoted[:10]), f"{len(names) - 10} more"] if len(names) > 10 else [", ".join(quoted[:-1]), quoted[-1]])
    who = f"{_CONTAINER_WHO.fullmatch(first.who).group(1)}s {listed}"  # type: ignore[union-attr]
    policy = next(p for p in policies if p.id == first.policy)
    verb, _, rest = first.problem.partition(" ")
    problem = first.problem
    if "{subject} {problem}" in policy.message:
        if verb in _VERBS:
            problem = f"{_VERBS[verb]} {rest}"
        else:
            who += ":"
    return f"[{first.policy}] {policy.render(who, problem, first.fix)}"


def _hidden(text: str, placeholder: str) -> str:
    """An object's name or namespace as decisions and messages give it: ``placeholder`` for a credential."""
    return placeholder if text and credential_kind(text) is not None else text


def _hidden_user(text: str) -> str:
    """A userInfo username, uid or group as decisions give it: ``<hidden`` + 12 hex digits of a
    SHA-256 digest + ``>`` for a credential, but for an e-mail address behind a prefix
    (``oidc:jane@example.com``) whose parts are no credential."""
    if not text or credential_kind(text) is None:
        return text
    prefix, colon, address = text.partition(":")
    if colon and re.fullmatch(r"[\w.\-]+", prefix, re.ASCII) and re.fullmatch(r"[\w.+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", address, re.ASCII):
        if credential_kind(prefix) is None and credential_kind(address) is None:
            return text
    return "<hidden " + hashlib.sha256("railguard hidden user\0".encode() + text.encode("utf-8", "surrogatepass")).hexdigest()[:12] + ">"


def _user(user_info: Mapping[str, Any]) -> dict[str, Any]:
    user: dict[str, Any] = {k: _hidden_user(user_info[k]) for k in ("username", "uid") if k in user_info}
    if "groups" in user_info:
        user["groups"] = [_hidden_user(group) for group in user_info["groups"]]
    return {k: user[k] for k in ("username", "uid", "groups") if k in user}


def review(
    request: Mapping[str, Any], policies: PolicySet, config: ClusterConfig, mode: str = "validate", today: dt.date | None = None
) -> Decision:
    obj, old = request.get("object"), request.get("oldObject")
    gvk: Any = request.get("kind") or {}
    meta_source: Any = obj if type(obj) is dict else old if type(old) is dict else {}
    meta = meta_source.get("metadata")
    meta = meta if type(meta) is dict else {}
    kind = text_field(meta_source, "kind") or text_field(gvk, "kind")
    name = text_field(meta, "name") or request.get("name") or ""
    if not name and text_field(meta, "generateName"):
        name = meta["generateName"] + "*"
    namespace = request.get("namespace") or text_field(meta, "namespace")
    shown_ns, shown = _hidden(namespace, "<hidden namespace>"), _hidden(name, "<hidden name>")  # ctx keeps them as written
    operation, sub_resource = request.get("operation", ""), request.get("subResource") or ""
    user_info = request.get("userInfo") or {}
    values: dict[str, Any] = {
        "uid": request.get("uid", ""), "operation": operation, "group": _hidden(text_field(gvk, "group"), "<hidden>"),
        "version": _hidden(text_field(gvk, "version"), "<hidden>"), "kind": _hidden(kind, "<hidden>"),
        "resource": _hidden(text_field(request.get("resource"), "resource"), "<hidden>"),
        "sub_resource": _hidden(sub_resource, "<hidden>"), "namespace": shown_ns, "name": shown, "user": _user(user_info),
        "dry_run": bool(request.get("dryRun", False)), "mode": mode, "policy_digest": policies.digest,
    }  # fmt: skip
    if operation not in REVIEWED_OPERATIONS or sub_resource not in REVIEWED_SUBRESOURCES or type(obj) is not dict:
        return Decision(**values, allowed=True, verdict="allowed", code=200, message="", reviewed=False)
    if today is None:
        today = dt.datetime.now(dt.timezone.utc).date() if config.exemptions else dt.date.min
    labels, annotations = meta.get("labels"), meta.get("annotations")
    # a static pod's mirror, created by its node: not patched, and its violations only warn
    username, groups = user_info.get("username"), user_info.get("groups")
    from_node = isinstance(username, str) and len(username) > 12 and username[:12] == "system:node:" and isinstance(groups, list) and "system:nodes" in groups
    mirror = operation == "CREATE" and kind == "Pod" and isinstance(annotations, dict) and "kubernetes.io/config.mirror" in annotations and from_node
    ctx = Context(operation, namespace, name, labels if isinstance(labels, dict) else {}, annotations if isinstance(annotations, dict) else {}, today)
    subject = Subject.of(obj)
    if not subject.kind:
        subject = Subject.of({**obj, "kind": kind})
    patch: list[dict[str, Any]] = []
    exempted: list[str] = []
    if mode in ("mutate", "full") and not mirror:
        fills = [
            f
            for policy, _, params in active_policies(policies, config, subject.kind, ctx, [], mutating_only=True, exempted=exempted)
            if policy.check.name in MUTATORS
            for f in MUTATORS[policy.check.name](subject, params)
        ]
        if fills and operation == "UPDATE" and isinstance(old, dict) and subject.spec is not None:
            kind_path = POD_SPEC_PATHS[subject.kind]
            template = kind_path[:-1] if len(kind_path) > 1 else kind_path

            def at(node: Any) -> Any:
                for key in template:
                    node = node.get(key) if isinstance(node, dict) else None
                return node

            if at(subject.obj) == at(old):
                fills = [f for f in fills if tuple(f.path[: len(template)]) != template]
        if fills:
            patched, patch = fill(subject.obj, fills)
            subject = Subject.of(patched)
    if mode == "mutate":
        return Decision(**values, allowed=True, verdict="mutated" if patch else "allowed", code=200, message="", patch=tuple(patch), exemptions=tuple(dict.fromkeys(exempted)))  # type: ignore[arg-type]
    findings, notes = evaluate(policies, config, subject, ctx, exempted)
    if operation == "UPDATE" and isinstance(old, dict) and findings:
        old_subject = Subject.of(old if old.get("kind") else {**old, "kind": kind})
        # an old finding's key -> the parts of each old finding under it; each accounts for one finding now
        parts_before: dict[tuple[str, str, str], list[set[str]]] = {}
        for old_finding in evaluate(policies, config, old_subject, ctx)[0]:
            parts_before.setdefault(old_finding.key, []).append(set(old_finding.parts))
        matched: list[Finding] = []
        for f in findings:
            covering = [parts for parts in parts_before.get(f.key, []) if set(f.parts) <= parts]
            if covering:
                parts_before[f.key].remove(min(covering, key=len))
                matched.append(Finding(**{**{s: getattr(f, s) for s in f.__slots__}, "preexisting": True}))
            else:
                matched.append(f)
        findings = matched
    if mirror and any(f.action in ("deny", "warn") for f in findings):
        notes = (MIRROR_NOTE, *notes)
    blocking = [f for f in findings if f.action == "deny" and not f.preexisting and not mirror]
    shown_findings = [f for f in findings if f.action == "warn" or (f.action == "deny" and (f.preexisting or mirror))]
    by_text: dict[str, str] = {}  # the same text twice is shown once
    for f in shown_findings:
        if f.fix == BROKEN_POD_SPEC_FIX:  # a broken pod spec: one warning naming every policy reporting it
            same = [g for g in shown_findings if g.fix == BROKEN_POD_SPEC_FIX and (g.path, g.who, g.problem, g.preexisting) == (f.path, f.who, f.problem, f.preexisting)]
            if same[0] is not f:
                continue
            if len(same) > 1:
                by_text.setdefault(_broken_warning(same), f.policy)
                continue
        by_text.setdefault(_warning(f), f.policy)
    warnings, warned = list(by_text), list(by_text.values())
    shown_notes = [_clip(_one_line(note)) for note in notes]
    if len(warnings) + len(notes) > WARNINGS_SHOWN:
        shown_notes = shown_notes[: WARNINGS_SHOWN - 1]
        kept = _one_of_each_policy_first(warned, WARNINGS_SHOWN - 1 - len(shown_notes))
        left = len(warnings) + len(notes) - len(kept) - len(shown_notes)
        warnings = [warnings[i] for i in kept] + [f"railguard: {left} more warning{'s' if left != 1 else ''} not shown (railguard test lists them all)"]
    warnings += shown_notes
    common = {**values, "warnings": tuple(warnings), "findings": tuple(findings), "patch": tuple(patch), "notes": notes, "exemptions": tuple(dict.fromkeys(exempted))}
    if blocking:
        target = f"{kind} {shown_ns + '/' if shown_ns else ''}{shown}".strip()
        groups = _denial_groups(blocking)
        counted = sum(1 if g[0].fix == BROKEN_POD_SPEC_FIX else len(g) for g in groups)  # a broken pod spec once
        lines = [f"railguard denied {target}: {counted} violation{'s' if counted != 1 else ''}"]
        if counted != len(blocking):
            lines[0] += f" ({len(set(f.policy for f in blocking))} policies)"
        kept = _one_of_each_policy_first([g[0].policy for g in groups], VIOLATIONS_SHOWN)
        lines += [_denial_line(groups[i], policies) for i in kept]
        if len(groups) > VIOLATIONS_SHOWN:
            cut = [f.policy for i, g in enumerate(groups) if i not in kept for f in g]
            which = ", ".join(f"{p}: {cut.count(p)}" for p in dict.fromkeys(cut))
            n = sum(1 if g[0].fix == BROKEN_POD_SPEC_FIX else len(g) for i, g in enumerate(groups) if i not in kept)
            lines.append(f"... and {n} more violation{'s' if n != 1 else ''}, not shown ({which}): the audit record and railguard test on the manifest list them all")
        return Decision(**common, allowed=False, verdict="denied", code=403, message="\n".join(_one_line(line) for line in lines))
    verdict = "warned" if warnings else "mutated" if patch else "allowed"
    return Decision(**common, allowed=True, verdict=verdict, code=200, message="")
