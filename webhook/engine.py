"""Pure evaluation: a policy set and a cluster configuration applied to one object. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, cast

from webhook.checks.base import BROKEN_POD_SPEC_FIX, Fill, Subject, Violation
from webhook.config import EXEMPT_ANNOTATION, ClusterConfig, Exemption
from webhook.policies import Policy, PolicySet
from webhook.workloads import PRINTABLE_PARTS, ContainerRef, printable_part, shown_object_name, template_elsewhere
from webhook.types import Action


@dataclass(slots=True)  # not frozen: built on the hot path; nothing mutates a finding
class Finding:
    policy: str
    policy_version: str
    action: Action
    severity: str
    message: str
    path: str
    container: str | None = None
    preexisting: bool = False  # on UPDATE: the old object broke the rule the same way
    item: str = ""  # what the finding is about within its container, e.g. "env:DB_PASSWORD"
    parts: tuple[str, ...] = ()  # the problems it is made of (Violation.parts)
    # the problem and the fix in short as the check gave them (Violation.short, brief), empty when
    # the full text is short enough: a warning shows them (``short``, ``brief``), the message keeps
    # the full text (audit record, railguard test). Joined only for a warning: most findings deny
    short_problem: str = ""
    short_fix: str = ""
    # what the message was rendered from (``Policy.render(who, problem, fix)``): a denial groups the
    # findings of several containers that share policy, problem and fix into one line
    who: str = ""
    problem: str = ""
    fix: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two findings 'the same violation' across an update (list indices may shift,
        so a container is known by its name and an env var or a list element by its name): the
        container and the item where given, the path otherwise."""
        return self.policy, self.container or ("" if self.item else self.path), self.item

    @property
    def broken_pod_spec(self) -> bool:
        """Whether it reports a pod spec that cannot be judged (``Subject.broken_pod_spec``): every
        policy judging containers reports the same one, so the denial, the warnings and the table
        give it once, naming those policies."""
        return self.fix == BROKEN_POD_SPEC_FIX

    @property
    def short(self) -> str:
        """Who and the problem in short, as a warning shows them: ``container "app" has no livenessProbe``."""
        return f"{self.who} {self.short_problem or self.problem}"

    @property
    def brief(self) -> str:
        """The fix in short, as a warning shows it."""
        return self.short_fix or self.fix

    def as_preexisting(self) -> Finding:
        """This finding marked ``preexisting``, as a copy (nothing mutates a finding). Every field
        passed by position: ``Finding(**fields)`` cost 2 us a finding on each UPDATE."""
        return Finding(
            self.policy, self.policy_version, self.action, self.severity, self.message, self.path, self.container, True,
            self.item, self.parts, self.short_problem, self.short_fix, self.who, self.problem, self.fix,
        )


@dataclass(slots=True)  # built once per review and never changed; not frozen, which costs per field
class Context:
    operation: str
    namespace: str
    name: str
    labels: Mapping[str, Any]
    annotations: Mapping[str, Any]
    today: dt.date
    container_exemptions: tuple[Exemption, ...] = ()  # the configuration's per-container exemptions


@dataclass(slots=True)
class Evaluation:
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]  # e.g. expired exemptions that would have applied
    exempted: tuple[str, ...] = ()  # what exemptions kept from being judged, and which (for the audit)


def _namespace_matches(policy: Policy, namespace: str) -> bool:
    """Whether the namespace passes the policy's include and exclude globs."""
    match = policy.match
    if match.namespaces_include != ("*",) and not any(fnmatchcase(namespace, g) for g in match.namespaces_include):
        return False
    return not match.namespaces_exclude or not any(fnmatchcase(namespace, g) for g in match.namespaces_exclude)


def _annotation_exempt(policy_id: str, ctx: Context, config: ClusterConfig) -> bool:
    if not config.allow_annotation_exemptions:
        return False
    value = ctx.annotations.get(EXEMPT_ANNOTATION)
    return isinstance(value, str) and policy_id in {p.strip() for p in value.split(",")}


# a policy, its action and parameters, and whether it judges the containers of the planned kind
Planned = tuple[Policy, Action, Mapping[str, Any], bool]
_PlanKey = tuple[str, str]  # kind, operation
# the policies in order, all then the mutating ones; whether each must still be filtered per object
_Plan = tuple[tuple[Planned, ...], tuple[Planned, ...], bool]
_PLANS: dict[tuple[int, int], tuple[PolicySet, ClusterConfig, dict[_PlanKey, _Plan]]] = {}
_MAX_PLANNED_KINDS = 1024  # kinds come from requests: bound what one (policy set, configuration) keeps
# the plans of the (policy set, configuration) pair asked for last: one in service, two identity
# checks on every review instead of building and hashing the key of _PLANS
_LAST: tuple[PolicySet | None, ClusterConfig | None, dict[_PlanKey, _Plan]] = (None, None, {})


def _plan(policies: PolicySet, config: ClusterConfig, kind: str, operation: str) -> _Plan:
    """The policies matching ``kind`` and ``operation`` that are not switched off, with their
    action and parameters, in policy order; the mutating ones among them; and whether namespaces,
    exemptions or annotations may still rule some out for a given object.

    Computed once per (policy set, configuration, kind, operation): both are immutable, and a
    reload makes new objects. Kept for the few most recent pairs only.
    """
    global _LAST
    last = _LAST
    if last[0] is policies and last[1] is config:
        plans = last[2]
    else:
        key = (id(policies), id(config))
        entry = _PLANS.get(key)
        if entry is None or entry[0] is not policies or entry[1] is not config:
            if len(_PLANS) >= 8:
                _PLANS.clear()
            entry = _PLANS[key] = (policies, config, {})
        plans = entry[2]
        _LAST = entry
    plan = plans.get((kind, operation))
    if plan is None:
        chosen: list[Planned] = []
        for policy in policies:
            action = config.actions.get(policy.id, policy.action)
            match = policy.match
            if kind in match.kinds and operation in match.operations and action != "off":
                params = config.parameters.get(policy.id, policy.params)
                chosen.append((policy, cast(Action, action), params, kind in policy.check.judges_containers_of))
        filtered = bool(config.exemptions or config.allow_annotation_exemptions) or any(
            _has_namespace_rules(planned[0]) for planned in chosen
        )
        if len(plans) >= _MAX_PLANNED_KINDS:
            plans.clear()
        mutating = tuple(planned for planned in chosen if planned[0].mutate)
        plan = plans[(kind, operation)] = (tuple(chosen), mutating, filtered)
    return plan


def _has_namespace_rules(policy: Policy) -> bool:
    return policy.match.namespaces_include != ("*",) or bool(policy.match.namespaces_exclude)


def active_policies(
    policies: PolicySet,
    config: ClusterConfig,
    kind: str,
    ctx: Context,
    notes: list[str],
    mutating_only: bool = False,
    exempted: list[str] | None = None,
) -> Sequence[Planned]:
    """The policies that apply to this object, with their effective action and parameters; those
    an exemption rules out are told to ``exempted``, with the exemption."""
    last = _LAST  # _plan's own fast path, inline: this runs twice on every review
    plan = last[2].get((kind, ctx.operation)) if last[0] is policies and last[1] is config else None
    every, mutating, filtered = plan if plan is not None else _plan(policies, config, kind, ctx.operation)
    planned = mutating if mutating_only else every
    if not filtered:
        return planned  # kind and operation decide alone: no namespace globs, exemptions or annotations
    out: list[Planned] = []
    annotation_exemptions = config.allow_annotation_exemptions
    exemptions = config.exemptions
    for entry in planned:
        policy = entry[0]
        if _has_namespace_rules(policy) and not _namespace_matches(policy, ctx.namespace):
            continue
        if annotation_exemptions and _annotation_exempt(policy.id, ctx, config):
            if exempted is not None:
                exempted.append(exemption_text(policy.id, f"the {EXEMPT_ANNOTATION} annotation"))
            continue
        exemption = _exempt(policy.id, ctx, exemptions, notes) if exemptions else None
        if exemption is not None:
            if exempted is not None:
                exempted.append(exemption_text(policy.id, _applied(exemption)))
            continue
        out.append(entry)
    return out


def exemption_text(policy_id: str, applied: str, container: str | None = None) -> str:
    """How a decision (and so the audit record) names what an exemption kept from judgement:
    ``require-probes: <exemption>`` or ``require-probes on container "app": <exemption>``."""
    return f"{policy_id} on {container}: {applied}" if container else f"{policy_id}: {applied}"


def exempted_policy(text: str) -> str:
    """The policy id of an :func:`exemption_text` (ids are DNS labels: no colon, no space)."""
    return text.partition(":")[0].partition(" on ")[0]


def _applied(exemption: Exemption) -> str:
    return f"{exemption.describe()}, until {exemption.expires.isoformat()}"


def _exempt(policy_id: str, ctx: Context, exemptions: tuple[Exemption, ...], notes: list[str]) -> Exemption | None:
    """The unexpired exemption that covers the policy, if any; notes the expired ones met before it."""
    for exemption in exemptions:
        if not exemption.per_container and exemption.covers(policy_id, ctx.namespace, ctx.name, ctx.labels):
            if exemption.expires >= ctx.today:
                return exemption
            notes.append(_expired(exemption, policy_id))
    return None


def _expired(exemption: Exemption, policy_id: str) -> str:
    """The policy, the exemption, its date and the fix first, its free-text reason last: a warning
    is cut at 120 characters, which used to leave ``exemption #0 (a long reason...`` and no policy."""
    return (
        f"{policy_id}: exemption #{exemption.index} expired on {exemption.expires.isoformat()} and no longer applies;"
        f" fix: extend or remove it (reason: {exemption.reason})"
    )


def _outside_exempt_containers(
    policy_id: str, violations: Sequence[Violation], subject: Subject, ctx: Context, notes: list[str], exempted: list[str]
) -> Sequence[Violation]:
    """The violations not inside a container that an unexpired per-container exemption covers (told
    to ``exempted``); notes the expired ones that would have covered one."""
    exemptions = [e for e in ctx.container_exemptions if e.covers(policy_id, ctx.namespace, ctx.name, ctx.labels)]
    if not exemptions or not violations:
        return violations
    containers = subject.containers()
    kept: list[Violation] = []
    for violation in violations:
        ref = _container_of(violation, containers)
        if ref is not None and (exemption := _container_exempt(policy_id, ref, exemptions, ctx.today, notes)):
            exempted.append(exemption_text(policy_id, _applied(exemption), ref.label))
        else:
            kept.append(violation)
    return kept


def _container_of(violation: Violation, containers: Sequence[ContainerRef]) -> ContainerRef | None:
    """The container a violation is about: the one its path is in or, for a pod-level field that is
    the container's effective value (the pod's ``runAsUser: 0``), the one it names."""
    path = violation.path
    for ref in containers:
        if path == ref.pointer or path.startswith(ref.pointer + "/"):
            return ref
    if violation.container is not None:
        for ref in containers:
            if ref.label == violation.container:
                return ref
    return None


def _container_exempt(
    policy_id: str, ref: ContainerRef, exemptions: Sequence[Exemption], today: dt.date, notes: list[str]
) -> Exemption | None:
    for exemption in exemptions:
        if exemption.covers_container(ref.container, ref.default_name):
            if exemption.expires >= today:
                return exemption
            notes.append(_expired(exemption, policy_id))  # per exemption and policy, not per container: few notes
    return None


def evaluate(
    policies: PolicySet,
    config: ClusterConfig,
    subject: Subject,
    ctx: Context,
    only: frozenset[str] | None = None,
) -> Evaluation:
    """Every finding of the active policies (of those in ``only``, when given) on ``subject``."""
    notes: list[str] = []
    exempted: list[str] = []
    findings: list[Finding] = []
    pods_judged = False
    broken: Violation | None = None  # the subject's broken pod spec, once a policy judging pods asks
    printable_texts = PRINTABLE_PARTS
    for policy, action, params, judges_pods in active_policies(policies, config, subject.kind, ctx, notes, exempted=exempted):
        if only is not None and policy.id not in only:
            continue
        violations: Sequence[Violation]
        if judges_pods:
            if not pods_judged:  # asked once: the subject remembers it, but a call per policy costs 300 instructions
                pods_judged = True
                broken = subject.broken_pod_spec()
            violations = policy.check.fn(subject, params) if broken is None else (broken,)
        else:
            violations = policy.check.fn(subject, params)
        if ctx.container_exemptions and subject.pod is not None:
            violations = _outside_exempt_containers(policy.id, violations, subject, ctx, notes, exempted)
        for v in violations:
            # what messages and warnings are made of, escaped where not printable (a container name in
            # a custom resource, an env var name, a key in a ConfigMap's JSON may hold a line break or
            # a tab: it could forge a denial line, and kube-apiserver drops such a warning unsaid)
            # (set lookups inline: the texts repeat, and a call for each costs as much again)
            who, problem, fix, short, brief = v.container or _object_label(subject), v.problem, v.fix, v.short, v.brief
            if not (who in printable_texts and problem in printable_texts and fix in printable_texts
                    and short in printable_texts and brief in printable_texts):  # fmt: skip
                who, problem, fix = printable_part(who), printable_part(problem), printable_part(fix)
                short, brief = printable_part(short), printable_part(brief)
            message = policy.render(who, problem, fix)
            findings.append(
                Finding(
                    policy.id, policy.version, action, policy.severity, message, v.path, who if v.container else None, False,
                    v.item, v.parts, short, brief, who, problem, fix,
                )
            )
    if pods_judged and subject.pod is None and (elsewhere := template_elsewhere(subject.obj)) is not None:
        notes.append(elsewhere)  # not silently "allowed": the verdict does not cover the pods
    return Evaluation(
        tuple(findings), tuple(dict.fromkeys(notes)) if notes else (), tuple(dict.fromkeys(exempted)) if exempted else ()
    )


def mutations(
    policies: PolicySet, config: ClusterConfig, subject: Subject, ctx: Context, exempted: list[str] | None = None
) -> list[tuple[Policy, list[Fill]]]:
    """The fills each mutating policy wants (empty lists left out). Actions do not gate mutations,
    but ``off``, exemptions (told to ``exempted``) and match rules do."""
    out: list[tuple[Policy, list[Fill]]] = []
    for policy, _action, params, _judges in active_policies(policies, config, subject.kind, ctx, [], True, exempted):
        if policy.check.mutate is not None:
            fills = policy.check.mutate(subject, params)
            if fills:
                out.append((policy, fills))
    return out


def _object_label(subject: Subject) -> str:
    """How messages name the object: ``ConfigMap "settings"``; ``ConfigMap "<hidden name>"`` when its
    name is itself a credential (``shown_object_name``)."""
    meta = subject.obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    if not name:
        return subject.kind or "object"
    return f'{subject.kind or "object"} "{shown_object_name(name if isinstance(name, str) else str(name))}"'
