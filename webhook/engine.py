"""Pure evaluation: a policy set and a cluster configuration applied to one object. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, cast

from webhook.checks.base import Fill, Subject
from webhook.config import EXEMPT_ANNOTATION, ClusterConfig
from webhook.policies import Policy, PolicySet
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

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two findings 'the same violation' across an update (list indices may shift,
        so a container is known by its name and an env var by its name)."""
        return self.policy, self.container or self.path, self.item


@dataclass(slots=True)  # built once per review and never changed; not frozen, which costs per field
class Context:
    operation: str
    namespace: str
    name: str
    labels: Mapping[str, Any]
    annotations: Mapping[str, Any]
    today: dt.date


@dataclass(slots=True)
class Evaluation:
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]  # e.g. expired exemptions that would have applied


def _matches(policy: Policy, kind: str, ctx: Context) -> bool:
    match = policy.match
    if kind not in match.kinds or ctx.operation not in match.operations:
        return False
    if match.namespaces_include != ("*",) and not any(
        fnmatchcase(ctx.namespace, g) for g in match.namespaces_include
    ):
        return False
    return not match.namespaces_exclude or not any(
        fnmatchcase(ctx.namespace, g) for g in match.namespaces_exclude
    )


def _annotation_exempt(policy_id: str, ctx: Context, config: ClusterConfig) -> bool:
    if not config.allow_annotation_exemptions:
        return False
    value = ctx.annotations.get(EXEMPT_ANNOTATION)
    return isinstance(value, str) and policy_id in {p.strip() for p in value.split(",")}


Planned = tuple[Policy, Action, Mapping[str, Any]]
_PLANS: dict[tuple[int, int], tuple[PolicySet, ClusterConfig, dict[str, tuple[Planned, ...]]]] = {}


def _plan(policies: PolicySet, config: ClusterConfig, kind: str) -> tuple[Planned, ...]:
    """The policies matching ``kind`` that are not switched off, with their action and parameters.

    Computed once per (policy set, configuration, kind): both are immutable, and a reload makes new
    objects. Kept for the few most recent pairs only.
    """
    key = (id(policies), id(config))
    entry = _PLANS.get(key)
    if entry is None or entry[0] is not policies or entry[1] is not config:
        if len(_PLANS) >= 8:
            _PLANS.clear()
        entry = _PLANS[key] = (policies, config, {})
    by_kind = entry[2]
    planned = by_kind.get(kind)
    if planned is None:
        chosen: list[Planned] = []
        for policy in policies:
            action = config.actions.get(policy.id, policy.action)
            if kind in policy.match.kinds and action != "off":
                chosen.append((policy, cast(Action, action), config.parameters.get(policy.id, policy.params)))
        planned = by_kind[kind] = tuple(chosen)
    return planned


def active_policies(
    policies: PolicySet,
    config: ClusterConfig,
    kind: str,
    ctx: Context,
    notes: list[str],
    mutating_only: bool = False,
) -> list[Planned]:
    """The policies that apply to this object, with their effective action and parameters."""
    out: list[Planned] = []
    for planned in _plan(policies, config, kind):
        if mutating_only and not planned[0].mutate:
            continue
        policy = planned[0]
        if not _matches(policy, kind, ctx):
            continue
        if config.allow_annotation_exemptions and _annotation_exempt(policy.id, ctx, config):
            continue
        exempt = False
        for exemption in config.exemptions:
            if exemption.covers(policy.id, ctx.namespace, ctx.name, ctx.labels):
                if exemption.expires >= ctx.today:
                    exempt = True
                    break
                notes.append(
                    f"{exemption.describe()} for {policy.id} expired on {exemption.expires.isoformat()} "
                    "and no longer applies"
                )
        if not exempt:
            out.append(planned)
    return out


def evaluate(policies: PolicySet, config: ClusterConfig, subject: Subject, ctx: Context) -> Evaluation:
    notes: list[str] = []
    findings: list[Finding] = []
    for policy, action, params in active_policies(policies, config, subject.kind, ctx, notes):
        for v in policy.check.fn(subject, params):
            who = v.container or _object_label(subject)
            findings.append(
                Finding(
                    policy.id,
                    policy.version,
                    action,
                    policy.severity,
                    policy.render(who, v.problem, v.fix),
                    v.path,
                    v.container,
                    item=v.item,
                )
            )
    return Evaluation(tuple(findings), tuple(dict.fromkeys(notes)))


def mutations(
    policies: PolicySet, config: ClusterConfig, subject: Subject, ctx: Context
) -> list[tuple[Policy, list[Fill]]]:
    """The fills each mutating policy wants (empty lists left out). Actions do not gate mutations,
    but ``off``, exemptions and match rules do."""
    out: list[tuple[Policy, list[Fill]]] = []
    for policy, _action, params in active_policies(policies, config, subject.kind, ctx, [], mutating_only=True):
        if policy.check.mutate is not None:
            fills = policy.check.mutate(subject, params)
            if fills:
                out.append((policy, fills))
    return out


def _object_label(subject: Subject) -> str:
    meta = subject.obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return f'{subject.kind or "object"} "{name}"' if name else subject.kind or "object"
