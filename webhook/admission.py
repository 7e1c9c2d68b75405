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

from webhook.checks.base import BROKEN_POD_SPEC_FIX, Fill, Subject
from webhook.config import ClusterConfig
from webhook.decision import Decision, blank_fields, decision_from_fields
from webhook.engine import Context, Finding, evaluate, mutations
from webhook.errors import BadRequest
from webhook.patching import fill
from webhook.policies import Policy, PolicySet
from webhook.types import WARNING_LIMIT, AdmissionRequest, AdmissionResponse, Mode, Obj, PatchOp
from webhook.workloads import (
    HIDDEN_NAMESPACE,
    HIDDEN_TEXT,
    SHOWN_TEXTS,
    SHOWN_USERS,
    name_credential,
    printable,
    printable_part,
    shown_groups,
    shown_object_name,
    shown_request_text,
    shown_user_text,
)

__all__ = ["Decision", "read_review", "request_for_manifest", "review", "to_response"]

SUPPORTED_API_VERSIONS = ("admission.k8s.io/v1", "admission.k8s.io/v1beta1")
OPERATIONS = ("CREATE", "UPDATE", "DELETE", "CONNECT")
REVIEWED_OPERATIONS = frozenset({"CREATE", "UPDATE"})
REVIEWED_SUBRESOURCES = frozenset({"", "ephemeralcontainers"})
# A static pod (a manifest file on a node) runs whatever an admission webhook answers; the kubelet
# then creates its mirror pod, marked with this annotation, only to make it visible in the API
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
MIRROR_NOTE = "railguard: a static pod's mirror, run by the kubelet whatever the answer: fix its manifest file on the node"
# kube-apiserver passes on about 4 KiB of warnings per response and drops the rest; a denial lists
# this many violations. Beyond either, one closing line counts what is not shown (every finding is
# still in the decision, the audit record and `railguard test`).
WARNINGS_SHOWN = 30
VIOLATIONS_SHOWN = 30


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
        return decision_from_fields(decision)

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
    if mirror and any(f.action != "audit" for f in findings):  # the note first: a cut keeps it
        notes = (MIRROR_NOTE, *notes)
    blocking: list[Finding] = []
    warnings: list[str] = []
    warned: list[str] = []  # the policy of each warning
    broken: dict[tuple[str, str, str, bool], list[Finding]] | None = None  # a broken pod spec: one warning
    for finding in findings:
        if finding.action == "deny" and not finding.preexisting and not mirror:
            blocking.append(finding)
        elif finding.action == "warn" or finding.action == "deny":  # a deny here is preexisting or a mirror pod's
            if finding.broken_pod_spec:  # every policy judging containers says the same
                broken = broken if broken is not None else {}
                group = broken.setdefault((finding.path, finding.who, finding.problem, finding.preexisting), [])
                group.append(finding)
                if len(group) > 1:
                    continue
            warnings.append(_warning(finding))
            warned.append(finding.policy)
    if broken is not None:  # each group's warning, where its first finding's was, names every policy
        for group in broken.values():
            if len(group) > 1:
                warnings[warned.index(group[0].policy)] = _broken_warning(group)
    if len(warnings) > 1 and len(set(warnings)) < len(warnings):  # the same text twice says nothing more
        first: dict[str, int] = {}
        for index, text in enumerate(warnings):
            first.setdefault(text, index)
        warnings, warned = list(first), [warned[i] for i in first.values()]
    decision["warnings"] = _bounded_warnings(warnings, warned, notes)
    decision["findings"] = tuple(findings)
    decision["notes"] = notes
    if blocking:
        decision["allowed"] = False
        decision["verdict"] = "denied"
        decision["code"] = 403
        decision["message"] = _denial_message(shown_kind, shown_namespace, shown_name, blocking, policies)
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


def _clip(text: str) -> str:
    return text if len(text) <= WARNING_LIMIT else text[: WARNING_LIMIT - 3] + "..."


def _warning(finding: Finding, policy: str = "") -> str:
    """``policy: container "app" <problem>; fix: <fix>`` in at most ``WARNING_LIMIT`` characters,
    from the finding's short forms: when too long, the problem is cut (``...``), then the fix,
    never the policy nor the container's name."""
    policy = policy or finding.policy  # several, for a broken pod spec
    prefix = "(already present) " if finding.preexisting else ""
    if prefix and len(policy) + len(prefix) + len(finding.who) + 3 + _PROBLEM_MIN > WARNING_LIMIT:
        prefix = ""  # a long name and the marker leave the problem no room: the name and the problem go first
    if not finding.who:  # a finding built without its parts: its short problem is all there is
        return fit_warning(f"{policy}: {prefix}", "", finding.short.lstrip(), finding.brief)
    return fit_warning(f"{policy}: {prefix}", finding.who, finding.short_problem or finding.problem, finding.brief)


def _broken_warning(group: list[Finding]) -> str:
    """One warning for a pod spec that cannot be judged, naming every policy that says so: joined
    by ``", "``, or by ``","`` where that leaves no room for the problem, or the first policy and
    a count where even that does not."""
    first = group[0]
    prefix = "(already present) " if first.preexisting else ""
    rest = f"{prefix}{first.who} {first.short_problem or first.problem}"
    names = [f.policy for f in group]
    lead = ", ".join(names)
    if len(lead) + 2 + len(rest) > WARNING_LIMIT:
        lead = ",".join(names)
        if len(lead) + 2 + len(rest) > WARNING_LIMIT:
            lead = f"{names[0]} and {len(names) - 1} more policies"
    return _warning(first, lead)


_FIX_KEPT = 40  # when even the fix is too long (a rule's own fix), who and the problem keep this much
_PROBLEM_SHORTEST = 10  # a problem cut shorter than this ("runs as...") leaves the fix whole no more
_PROBLEM_MIN = 20  # when the fix is cut, the problem keeps this much however long the name (else the fix goes)


def fit_warning(lead: str, who: str, problem: str, fix: str) -> str:
    """``lead + who + " " + problem + "; fix: " + fix`` in at most ``WARNING_LIMIT`` characters.
    ``lead`` (the policy) and ``who`` (a container: its name is at most 63 characters) are never
    cut: a warning that does not say which container it is about cannot be acted on. ``problem``
    is cut first, with ``...``, so that the fix stays whole; a fix too long to leave the problem
    some room is cut in turn, on a whole word; with no room left for a useful fix (a long name),
    the fix goes and the problem takes its room. Only a lead and ``who`` together too long for
    the limit (a 63-character policy id and an object's 253-character name) are cut at the end.
    Characters that are not printable are escaped first (a name from a custom resource or a key in
    a ConfigMap's JSON may hold a tab or a line break): kube-apiserver drops a warning that holds a
    control character without a word. The parts of a finding are escaped already (``evaluate``):
    ``printable_part`` finds them among the texts it knows printable."""
    who, problem, fix = printable_part(who), printable_part(problem), printable_part(fix)
    head = f"{lead}{who} " if who else lead
    tail = f"; fix: {fix}" if fix else ""
    text = head + problem + tail
    if len(text) <= WARNING_LIMIT:
        return text
    room = WARNING_LIMIT - len(head)  # for the problem and the fix
    kept = _FIX_KEPT - (len(who) + 1 if who else 0)  # what who and the problem keep together
    if room - len(tail) >= min(len(problem), max(kept, _PROBLEM_SHORTEST)):  # the fix stays whole
        return head + _cut(problem, room - len(tail)) + tail
    shown = _cut(problem, max(kept, _PROBLEM_MIN))
    fix_room = room - len(shown) - len("; fix: ")
    if fix and fix_room >= _FIX_MIN:
        return f"{head}{shown}; fix: {_cut_at_word(fix, fix_room)}"
    if room >= min(len(problem), 3):  # no room for a useful fix: the problem takes it (``...`` at least)
        return head + _cut(problem, room)
    return _clip(head + problem)


def _cut(text: str, room: int) -> str:
    """``text`` itself if it fits in ``room`` characters, else its start and ``...``."""
    return text if len(text) <= room else text[: max(room - 3, 0)].rstrip() + "..."


_FIX_MIN = 12  # a fix cut shorter than this says nothing: the text is cut as a whole instead
_WORD_BACK = 20  # how far a cut may step back to end on a whole word


def _cut_at_word(text: str, room: int) -> str:
    """``text`` cut to ``room`` characters with ``...``, after a whole word where one ends in the
    last ``_WORD_BACK`` characters kept (``rebuild it...``, not ``rebuild it wi...``), and without a
    dangling comma or semicolon."""
    kept = text[: room - 3]
    space = kept.rfind(" ")
    if space >= len(kept) - _WORD_BACK and space > 0 and text[room - 3 : room - 2] != " ":
        kept = kept[:space]
    return kept.rstrip(" ,;:-") + "..."


def _shown(policies: Sequence[str], limit: int) -> list[int]:
    """The indices of the items to show, at most ``limit``, in their order: the first item of
    each policy, then the others in order. A cut never hides a policy whole: the answer names
    every policy that failed (a Pod with 30 failing containers used to show the first policy's
    30 findings and nothing of the other three)."""
    chosen: dict[int, None] = {}
    seen: set[str] = set()
    for index, policy in enumerate(policies):
        if len(chosen) >= limit:
            return sorted(chosen)
        if policy not in seen:
            seen.add(policy)
            chosen[index] = None
    for index in range(len(policies)):
        if len(chosen) >= limit:
            break
        chosen[index] = None
    return sorted(chosen)


def _bounded_warnings(warnings: list[str], policies: list[str], notes: tuple[str, ...]) -> tuple[str, ...]:
    """The findings' warnings (``policies[i]`` made ``warnings[i]``), then the notes, at most
    ``WARNINGS_SHOWN``: past that, a count of what is left out and the notes (first served) take
    the last places, and the warnings kept include one of each policy (:func:`_shown`)."""
    if not notes and len(warnings) <= WARNINGS_SHOWN:  # the usual case: no note, a few warnings
        return tuple(warnings)
    clipped = [_clip(printable(note)) for note in notes]
    if len(warnings) + len(clipped) <= WARNINGS_SHOWN:
        return (*warnings, *clipped)
    notes_shown = clipped[: WARNINGS_SHOWN - 1]
    shown = [warnings[i] for i in _shown(policies, WARNINGS_SHOWN - 1 - len(notes_shown))]
    left = len(warnings) - len(shown) + len(clipped) - len(notes_shown)
    return (*shown, _more_warnings(left), *notes_shown)


def _more_warnings(count: int) -> str:
    return f"railguard: {count} more warning{'s' if count != 1 else ''} not shown (railguard test lists them all)"


def _denial_message(kind: str, namespace: str, name: str, blocking: list[Finding], policies: PolicySet) -> str:
    """The header, then one line per group of findings (:func:`_grouped`), at most
    ``VIOLATIONS_SHOWN`` lines (the first of each failing policy among them), then a line counting
    per policy the violations of the lines cut. A broken pod spec is one violation, however many
    policies report it (one line names them all): the header then counts the policies too. A line
    break, tab or terminal escape in a name (a custom resource's container, a key in a ConfigMap's
    JSON) is escaped (the findings' parts in ``evaluate``, the object here), so it can neither
    forge a line nor reach the terminal of whoever runs kubectl."""
    target = printable(f"{kind} {namespace + '/' if namespace else ''}{name}".strip())
    count = len(blocking)
    if count <= VIOLATIONS_SHOWN and _nothing_to_group(blocking):  # the usual case
        lines = [f"railguard denied {target}: {count} violation{'s' if count != 1 else ''}"]
        for finding in blocking:
            lines.append(f"[{finding.policy}] {finding.message}")
        return "\n".join(lines)
    groups = _grouped(blocking)
    violations = sum(1 if _is_broken_group(group) else len(group) for group in groups)
    header = f"railguard denied {target}: {violations} violation{'s' if violations != 1 else ''}"
    if violations != count:
        header += f" ({len({f.policy for f in blocking})} policies)"
    lines = [header]
    if len(groups) <= VIOLATIONS_SHOWN:
        lines += [_group_line(group, policies) for group in groups]
        return "\n".join(lines)
    shown = _shown([group[0].policy for group in groups], VIOLATIONS_SHOWN)
    lines += [_group_line(groups[i], policies) for i in shown]
    left: dict[str, int] = {}
    kept = set(shown)
    left_out = 0
    for index, group in enumerate(groups):
        if index not in kept:
            left_out += 1 if _is_broken_group(group) else len(group)
            for finding in group:  # a broken pod spec's group holds several policies
                left[finding.policy] = left.get(finding.policy, 0) + 1
    lines.append(_more_violations(left_out, left))
    return "\n".join(lines)


def _is_broken_group(group: list[Finding]) -> bool:
    """Whether a group is a broken pod spec as several policies report it (one violation)."""
    return group[0].broken_pod_spec


NAMES_SHOWN = 10  # a line naming the containers of a group names this many, then counts the others


def _grouped(blocking: list[Finding]) -> list[list[Finding]]:
    """The findings in groups, in the order of each group's first finding: those of the same
    policy, problem and fix in containers of the same list (``container "a"``, ``container "b"``:
    one line names both, as Pod Security Admission does), and identical findings (an env var set
    twice in one container) together."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in blocking:
        if finding.broken_pod_spec:  # every policy judging containers says the same: one line
            key: tuple[str, ...] = ("\0broken", finding.path, finding.who, finding.problem)
        elif not finding.who:  # a finding built without its parts: only the same message groups
            key = (finding.policy, finding.message)
        else:
            lead = _container_list_label(finding)
            key = (finding.policy, lead if lead is not None else "\0" + finding.who, finding.problem, finding.fix)
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def _nothing_to_group(findings: list[Finding]) -> bool:
    """Whether no two findings are of the same policy and at most one reports the pod spec as broken
    (the usual denial: one line per finding). One loop, the broken test inline: a set comprehension,
    a second loop and a property call per finding cost more on every denial."""
    policies: set[str] = set()
    broken = False
    for finding in findings:
        if finding.policy in policies:
            return False
        policies.add(finding.policy)
        if finding.fix == BROKEN_POD_SPEC_FIX:  # Finding.broken_pod_spec, inline
            if broken:
                return False
            broken = True
    return True


def _container_list_label(finding: Finding) -> str | None:
    """``init container`` for a finding about ``init container "setup"``; None when it is not
    about a container (an object, a ConfigMap)."""
    if finding.container is None or finding.who != finding.container or not finding.who.endswith('"'):
        return None
    lead, quote, _ = finding.who.partition(' "')
    return lead if quote else None


def broken_pod_spec_line(policies: list[str], finding: Finding) -> str:
    """The one line of a pod spec that cannot be judged, naming every policy that reports it:
    ``[p1, p2] <who> <problem>. Fix: <fix>.`` (the denial, and ``railguard test``'s table)."""
    return f"[{', '.join(dict.fromkeys(policies))}] {finding.who} {finding.problem}. Fix: {finding.fix}."


def _group_line(group: list[Finding], policies: PolicySet) -> str:
    first = group[0]
    if len(group) > 1 and group[1].policy != first.policy:  # a broken pod spec, as every policy concerned says
        return broken_pod_spec_line([f.policy for f in group], first)
    names = list(dict.fromkeys(f.who.partition(' "')[2][:-1] for f in group)) if len(group) > 1 else []
    policy = policies.get(first.policy) if len(names) >= 2 else None  # only a line naming several needs it
    if policy is None:
        return f"[{first.policy}] {first.message}"
    shown = [f'"{n}"' for n in names[:NAMES_SHOWN]]
    more = len(names) - len(shown)
    listed = f"{', '.join(shown)} and {more} more" if more else f"{', '.join(shown[:-1])} and {shown[-1]}"
    who = f"{_container_list_label(first)}s {listed}"
    problem = first.problem
    if "{subject} {problem}" in policy.message:  # the problem's verb follows the containers named
        verb, space, rest = problem.partition(" ")
        plural = _PLURAL_VERBS.get(verb)
        if plural is not None:
            problem = plural + space + rest
        else:  # it does not begin with a verb we know (env var "X" sets...): a list, then the problem
            who += ":"
    return f"[{first.policy}] {policy.render(who, problem, first.fix)}"


_PLURAL_VERBS = {
    "has": "have", "is": "are", "was": "were", "does": "do", "may": "may", "must": "must", "cannot": "cannot",
    "can": "can", "should": "should", "runs": "run", "sets": "set", "lacks": "lack", "uses": "use",
    "needs": "need", "holds": "hold", "mounts": "mount", "requests": "request", "allows": "allow",
    "exposes": "expose", "names": "name", "misses": "miss", "leaves": "leave", "gives": "give",
    "contains": "contain", "defines": "define", "declares": "declare", "specifies": "specify",
    "enables": "enable", "grants": "grant", "passes": "pass", "keeps": "keep", "adds": "add",
    "references": "reference", "pulls": "pull", "listens": "listen", "shares": "share", "carries": "carry",
}


def _more_violations(count: int, per_policy: dict[str, int]) -> str:
    which = ", ".join(f"{policy}: {n}" for policy, n in per_policy.items())
    return (
        f"... and {count} more violation{'s' if count != 1 else ''}, not shown ({which}): "
        "the audit record and railguard test on the manifest list them all"
    )


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
    from webhook.workloads import resource_of  # the one use in this module

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
