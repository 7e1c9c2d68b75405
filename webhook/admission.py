"""``review()``: the one pipeline behind the webhook and the CLI.

1. read the request (uid, operation, kind, namespace, name, userInfo, dryRun, object, oldObject)
2. locate the pod spec through the workload kind table
3. mutate (fill absent fields; JSON Patch by diff) when the mode asks for it; on UPDATE, not
   into a pod template the update leaves unchanged (no rollout the edit did not ask for)
4. validate the (patched) object; on UPDATE, findings the old object already had only warn; a
   static pod's mirror (created by its node) is neither patched nor denied: its findings warn
5. verdict: allowed / denied (403 + message) / warnings
"""

from __future__ import annotations

import datetime as dt
from binascii import b2a_base64
from collections.abc import Sequence
from typing import Any

import orjson

from webhook.checks.base import Fill, Subject
from webhook.config import ClusterConfig
from webhook.decision import Decision, blank_fields, decision_from_fields
from webhook.engine import Context, Finding, evaluate, mutations
from webhook.errors import BadRequest
from webhook.messages import VIOLATIONS_SHOWN, WARNINGS_SHOWN, broken_pod_spec_line, denial_message, warnings_of
from webhook.patching import fill
from webhook.policies import Policy, PolicySet
from webhook.types import WARNING_LIMIT, AdmissionRequest, AdmissionResponse, Mode, Obj, PatchOp
from webhook.workloads import (
    HIDDEN_NAMESPACE,
    HIDDEN_TEXT,
    SHOWN_TEXTS,
    SHOWN_USERS,
    name_credential,
    resource_of,
    shown_groups,
    shown_object_name,
    shown_request_text,
    shown_user_text,
)

__all__ = ["Decision", "read_review", "request_for_manifest", "review", "to_response"]
# webhook.messages's and webhook.types's, imported from here too
__all__ += ["VIOLATIONS_SHOWN", "WARNINGS_SHOWN", "WARNING_LIMIT", "broken_pod_spec_line"]

SUPPORTED_API_VERSIONS = ("admission.k8s.io/v1", "admission.k8s.io/v1beta1")
OPERATIONS = ("CREATE", "UPDATE", "DELETE", "CONNECT")
REVIEWED_OPERATIONS = frozenset({"CREATE", "UPDATE"})
REVIEWED_SUBRESOURCES = frozenset({"", "ephemeralcontainers"})
# A static pod (a manifest file on a node) runs whatever an admission webhook answers; the kubelet
# then creates its mirror pod, marked with this annotation, only to make it visible in the API
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
MIRROR_NOTE = "railguard: a static pod's mirror, run by the kubelet whatever the answer: fix its manifest file on the node"


def read_review(body: Any) -> tuple[str, AdmissionRequest]:
    """Check an AdmissionReview envelope; return its apiVersion and request, or raise BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object (an AdmissionReview)")
    if body.get("kind") != "AdmissionReview":
        raise BadRequest(f"kind must be AdmissionReview, got {_short(body.get('kind'))}")
    api_version = body.get("apiVersion")
    if api_version not in SUPPORTED_API_VERSIONS:
        raise BadRequest(
            f"unsupported apiVersion {_short(api_version)}; supported: {', '.join(SUPPORTED_API_VERSIONS)}"
        )
    request = body.get("request")
    if not isinstance(request, dict):
        raise BadRequest("request is missing or not an object")
    uid = request.get("uid")
    if not isinstance(uid, str) or not uid:
        raise BadRequest("request.uid is missing or not a string")
    operation = request.get("operation")
    if not isinstance(operation, str) or not operation:
        raise BadRequest("request.operation is missing or not a string")
    if operation not in OPERATIONS:
        raise BadRequest(f"request.operation must be one of {', '.join(OPERATIONS)}, got {_short(operation)}")
    for key in ("object", "oldObject"):
        value = request.get(key)
        if value is not None:
            if not isinstance(value, dict):
                raise BadRequest(f"request.{key} must be an object or null")
            if not isinstance(value.get("kind", ""), str):
                raise BadRequest(f"request.{key}.kind must be a string")
    if operation in REVIEWED_OPERATIONS and not isinstance(request.get("object"), dict):
        raise BadRequest(f"request.object is required for {operation}")
    for key in ("kind", "resource", "userInfo"):
        value = request.get(key)
        if value is not None and not isinstance(value, dict):
            raise BadRequest(f"request.{key} must be an object")
    for key in ("namespace", "name", "subResource"):
        value = request.get(key)
        if value is not None and not isinstance(value, str):
            raise BadRequest(f"request.{key} must be a string")
    dry_run = request.get("dryRun")
    if dry_run is not None and not isinstance(dry_run, bool):
        raise BadRequest("request.dryRun must be a boolean")
    user_info = request.get("userInfo")
    if user_info:
        _check_user_info(user_info)
    return api_version, request  # type: ignore[return-value]


def _check_user_info(user_info: dict[str, Any]) -> None:
    """The audited fields of userInfo have the types Kubernetes gives them (they go into records)."""
    for key in ("username", "uid"):
        value = user_info.get(key)
        if value is not None and not isinstance(value, str):
            raise BadRequest(f"request.userInfo.{key} must be a string")
    groups = user_info.get("groups")
    if groups is not None:
        if not isinstance(groups, list):
            raise BadRequest("request.userInfo.groups must be a list of strings")
        for group in groups:  # a loop, not all() over a generator: this runs on every review
            if not isinstance(group, str):
                raise BadRequest("request.userInfo.groups must be a list of strings")


def _short(value: Any) -> str:
    """``value`` as an error message quotes it: shortened, and never a credential (the message goes
    back to the caller and into ``railguard test`` reports)."""
    if isinstance(value, str) and value and name_credential(value):
        return HIDDEN_TEXT
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def text_field(mapping: Any, key: str) -> str:
    """``mapping[key]`` when ``mapping`` is a dict and the value a string, else ``""``."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, str) else ""


def review(
    request: AdmissionRequest,
    policies: PolicySet,
    config: ClusterConfig,
    mode: Mode = "validate",
    today: dt.date | None = None,
) -> Decision:
    """Review one admission request. Pure: the same inputs give the same Decision."""
    # Its steps are inline, each under a comment like this one: as functions, their calls cost over
    # 1% of a review's instructions (callgrind: +1.5% for the envelope alone on a Deployment mutate).
    # The envelope: the object's kind, name and namespace as sent, then the decision's fields.
    obj = request.get("object")
    old = request.get("oldObject")
    gvk: Any = request.get("kind") or {}
    meta_source: Any = obj if type(obj) is dict else old if type(old) is dict else {}
    meta = meta_source.get("metadata")
    if type(meta) is not dict:
        meta = {}
    kind = meta_source.get("kind")  # text fields of known dicts are read inline: this is the hot path
    if not isinstance(kind, str) or not kind:
        kind = text_field(gvk, "kind")
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        name = request.get("name") or ""
        generate_name = meta.get("generateName")
        if not name and isinstance(generate_name, str) and generate_name:
            name = generate_name + "*"
    namespace = request.get("namespace")
    if not namespace:
        namespace = meta.get("namespace")
        if not isinstance(namespace, str):
            namespace = ""
    operation = request.get("operation", "")
    sub_resource = request.get("subResource") or ""
    decision = blank_fields()  # every field is set below, or keeps its default
    decision["uid"] = request.get("uid", "")
    decision["operation"] = operation
    if type(gvk) is dict:  # as text_field does, inline: two calls on every review
        group, version = gvk.get("group"), gvk.get("version")
        group = group if isinstance(group, str) else ""
        version = version if isinstance(version, str) else ""
    else:
        group, version = text_field(gvk, "group"), text_field(gvk, "version")
    resource = text_field(request.get("resource"), "resource")
    # what the decision names is never a credential: texts already found fit to show are tested
    # inline (a set lookup each), the others judged once (shown_request_text, shown_user_text)
    shown_texts = SHOWN_TEXTS
    decision["group"] = group if group in shown_texts else shown_request_text(group)
    decision["version"] = version if version in shown_texts else shown_request_text(version)
    decision["kind"] = shown_kind = kind if kind in shown_texts else shown_request_text(kind)
    decision["resource"] = resource if resource in shown_texts else shown_request_text(resource)
    decision["sub_resource"] = sub_resource if sub_resource in shown_texts else shown_request_text(sub_resource)
    # what the decision (its record, log line, messages, reports) names: never a credential
    decision["namespace"] = shown_namespace = shown_object_name(namespace, HIDDEN_NAMESPACE)
    decision["name"] = shown_name = shown_object_name(name)
    decision["user"] = _user(request.get("userInfo") or {})
    decision["dry_run"] = bool(request.get("dryRun", False))
    decision["mode"] = mode
    decision["allowed"] = True
    decision["verdict"] = "allowed"
    decision["code"] = 200
    decision["message"] = ""
    decision["policy_digest"] = policies.digest
    if operation not in REVIEWED_OPERATIONS or sub_resource not in REVIEWED_SUBRESOURCES or type(obj) is not dict:
        decision["reviewed"] = False
        return decision_from_fields(decision)  # DELETE, CONNECT, a status or a scale: passed untouched

    # What the policies judge the object in (operation, namespace, labels, the date), and as what.
    if today is None:  # the date only matters to exemptions, which expire
        today = dt.datetime.now(dt.timezone.utc).date() if config.exemptions else dt.date.min
    labels, annotations = meta.get("labels"), meta.get("annotations")
    # a mirror pod: its violations only warn and it is not patched (the static pod would not change)
    mirror = (
        kind == "Pod"
        and type(annotations) is dict
        and MIRROR_ANNOTATION in annotations
        and operation == "CREATE"
        and _from_a_node(request.get("userInfo"))
    )
    ctx = Context(
        operation,
        namespace,
        name,
        labels if isinstance(labels, dict) else {},
        annotations if isinstance(annotations, dict) else {},
        today,
        config.container_exemptions if config.exemptions else (),
    )
    subject = Subject.of(obj)
    if not subject.kind:
        subject = Subject.of({**obj, "kind": kind})

    # Mutate: the fills the policies want, as a JSON Patch.
    patch: tuple[PatchOp, ...] = ()
    exempted: list[str] | None = [] if config.exemptions or config.allow_annotation_exemptions else None
    if mode in ("mutate", "full") and not mirror:
        wanted = mutations(policies, config, subject, ctx, exempted)
        if wanted and operation == "UPDATE" and type(old) is dict:
            wanted = _outside_unchanged_template(wanted, subject, old)
        if exempted:
            decision["exemptions"] = tuple(exempted)
        if wanted:
            fills = wanted[0][1] if len(wanted) == 1 else [f for _, more in wanted for f in more]  # no copy for one
            patched, ops = fill(subject.obj, fills)
            patch = decision["patch"] = tuple(ops)
            if mode == "mutate":
                decision["verdict"] = "mutated" if patch else "allowed"
                return decision_from_fields(decision)
            subject = Subject.of(patched)
    if mode == "mutate":
        return decision_from_fields(decision)

    # Judge the (patched) object; on UPDATE, what the old object had is marked preexisting.
    evaluation = evaluate(policies, config, subject, ctx)
    if evaluation.exempted:
        decision["exemptions"] = tuple(dict.fromkeys((*(exempted or ()), *evaluation.exempted)))
    findings: Sequence[Finding] = evaluation.findings
    notes = evaluation.notes
    if operation == "UPDATE" and isinstance(old, dict) and findings:
        findings = _mark_preexisting(findings, policies, config, old, kind, ctx)
    if not findings and not notes:  # nothing to tell: no warning, no denial
        decision["verdict"] = "mutated" if patch else "allowed"
        return decision_from_fields(decision)
    # The verdict: denied (403 and the message) when a finding blocks; the others warn.
    if mirror and any(f.action != "audit" for f in findings):  # the note first: a cut keeps it
        notes = (MIRROR_NOTE, *notes)
    blocking: list[Finding] = []
    warning: list[Finding] = []
    for finding in findings:
        if finding.action == "deny" and not finding.preexisting and not mirror:
            blocking.append(finding)
        elif finding.action == "warn" or finding.action == "deny":  # a deny here is preexisting or a mirror pod's
            warning.append(finding)
    decision["warnings"] = warnings_of(warning, notes)
    decision["findings"] = tuple(findings)
    decision["notes"] = notes
    if blocking:
        decision["allowed"] = False
        decision["verdict"] = "denied"
        decision["code"] = 403
        decision["message"] = denial_message(shown_kind, shown_namespace, shown_name, blocking, policies)
    else:
        decision["verdict"] = "warned" if decision["warnings"] else "mutated" if patch else "allowed"
    return decision_from_fields(decision)


def _outside_unchanged_template(
    wanted: list[tuple[Policy, list[Fill]]], subject: Subject, old: Obj
) -> list[tuple[Policy, list[Fill]]]:
    """On UPDATE: the fills, less those into a pod template the update leaves as it was. Filling
    one would start a rollout (every pod of a Deployment replaced) for an edit that asked for none,
    a label or a replica count; the default goes in with the next change of the template. A Pod's
    spec is compared instead (its template is the whole object), whose fields an update may not
    change anyway."""
    pod = subject.pod
    if pod is None:
        return wanted
    template = pod.path[:-1] if len(pod.path) > 1 else pod.path
    if _at(subject.obj, template) != _at(old, template):
        return wanted
    depth = len(template)
    kept = [(policy, [f for f in fills if f.path[:depth] != template]) for policy, fills in wanted]
    return [(policy, fills) for policy, fills in kept if fills]


def _at(obj: Obj, path: tuple[str, ...]) -> Any:
    node: Any = obj
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _from_a_node(user_info: Any) -> bool:
    """Whether the request comes from a kubelet: a ``system:node:<name>`` user in the
    ``system:nodes`` group (what the Node authorizer and NodeRestriction know a node by). The
    mirror annotation alone is no proof: anyone allowed to create a pod can set it."""
    if type(user_info) is not dict:
        return False
    username, groups = user_info.get("username"), user_info.get("groups")
    return (
        isinstance(username, str)
        and username.startswith("system:node:")
        and len(username) > len("system:node:")
        and isinstance(groups, list)
        and "system:nodes" in groups
    )


def _user(user_info: Any) -> dict[str, Any]:
    """The audited part of userInfo: username, uid and groups, when given; each one that is itself
    a credential as ``<hidden 0123456789ab>`` (``shown_user_text``)."""
    user = {}
    shown_users = SHOWN_USERS
    if "username" in user_info:
        username = user_info["username"]
        user["username"] = username if username in shown_users else shown_user_text(username)
    if "uid" in user_info:
        uid = user_info["uid"]
        user["uid"] = uid if uid in shown_users else shown_user_text(uid)
    if "groups" in user_info:
        groups = user_info["groups"]
        for group in groups:  # inline: a call costs more than the lookups
            if group not in shown_users:
                groups = shown_groups(groups)
                break
        user["groups"] = groups
    return user


def _mark_preexisting(
    findings: Sequence[Finding], policies: PolicySet, config: ClusterConfig, old: Obj, kind: str, ctx: Context
) -> list[Finding]:
    """On UPDATE: the findings the old object had the same way, marked ``preexisting``: same key,
    and each of the finding's parts among the old finding's (a container that was missing its
    memory limit and now misses its cpu limit too is denied). Each old finding accounts for one
    finding now: a second one under the same key (a second env var of the same name, a second
    line of a ConfigMap entry setting the same name) is new. Only the policies with a finding now
    are run on the old object: no other finding could be matched."""
    old_subject = Subject.of(old if old.get("kind") else {**old, "kind": kind})
    reported = frozenset(f.policy for f in findings)
    before: dict[tuple[str, str, str], list[frozenset[str]]] = {}
    for finding in evaluate(policies, config, old_subject, ctx, only=reported).findings:
        before.setdefault(finding.key, []).append(frozenset(finding.parts))
    marked: list[Finding] = []
    for f in findings:
        olds = before.get(f.key, [])
        chosen = -1  # the old finding that covers this one with the fewest parts: the others may cover more
        for index, parts in enumerate(olds):
            if parts.issuperset(f.parts) and (chosen < 0 or len(parts) < len(olds[chosen])):
                chosen = index
        if chosen < 0:
            marked.append(f)
        else:
            del olds[chosen]
            marked.append(f.as_preexisting())
    return marked


def to_response(decision: Decision) -> AdmissionResponse:
    """The AdmissionReview ``response`` for a decision."""
    response: AdmissionResponse = {"uid": decision.uid, "allowed": decision.allowed}
    if not decision.allowed:
        reason = "Forbidden" if decision.code == 403 else "InternalError"
        response["status"] = {"code": decision.code, "message": decision.message, "reason": reason}
    if decision.patch:
        response["patchType"] = "JSONPatch"
        response["patch"] = b2a_base64(orjson.dumps(list(decision.patch)), newline=False).decode("ascii")  # base64.b64encode's own call
    if decision.warnings:
        response["warnings"] = list(decision.warnings)
    return response


def request_for_manifest(obj: Obj, operation: str = "CREATE", uid: str = "", username: str = "") -> AdmissionRequest:
    """A synthetic admission request for a manifest (what ``railguard test`` reviews): its
    ``resource`` the plural kube-apiserver sends (``workloads.resource_of``)."""
    meta = obj.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    api_version = obj.get("apiVersion")
    group, _, version = api_version.rpartition("/") if isinstance(api_version, str) else ("", "", "")
    kind: str = obj["kind"] if isinstance(obj.get("kind"), str) else ""
    return {
        "uid": uid,
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource_of(kind)},
        "namespace": text_field(meta, "namespace"),
        "name": text_field(meta, "name"),
        "operation": operation,
        "userInfo": {"username": username} if username else {},
        "object": obj,
        "oldObject": None,
        "dryRun": True,
    }
