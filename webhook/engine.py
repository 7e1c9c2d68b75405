"""Pure evaluation: a policy set and a cluster configuration applied to one object. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from webhook.checks.base import Fill, Subject
from webhook.config import EXEMPT_ANNOTATION, ClusterConfig
from webhook.policies import Policy, PolicySet
from webhook.types import Action


@dataclass(frozen=True, slots=True)
class Finding:
    policy: str
    policy_version: str
    action: Action
    severity: str
    message: str
    path: str
    container: str | None = None
    preexisting: bool = False  # on UPDATE: the old object broke the rule the same way

    @property
    def key(self) -> tuple[str, str]:
        """What makes two findings 'the same violation' across an update (paths may shift)."""
        return self.policy, self.container or self.path


@dataclass(frozen=True, slots=True)
class Context:
    operation: str
    namespace: str
    name: str
    labels: Mapping[str, Any]
    annotations: Mapping[str, Any]
    today: dt.date


@dataclass(frozen=True, slots=True)
class Evaluation:
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]  # e.g. expired exemptions that would have applied


def _matches(policy: Policy, kind: str, ctx: Context) -> bool:
    match = policy.match
    if kind not in match.kinds or ctx.operation not in match.operations:
        return False
    if not any(fnmatchcase(ctx.namespace, g) for g in match.namespaces_include):
        return False
    return not any(fnmatchcase(ctx.namespace, g) for g in match.namespaces_exclude)


_MATCH_CACHE: dict[int, tuple[PolicySet, dict[tuple[str, str, str], tuple[Policy, ...]]]] = {}


def _matching(policies: PolicySet, kind: str, ctx: Context) -> tuple[Policy, ...]:
    """The policies whose match rules select (kind, operation, namespace), memoised per policy set:
    the answer depends on nothing else, and globbing every namespace pattern per object is slow."""
    entry = _MATCH_CACHE.get(id(policies))
    if entry is None or entry[0] is not policies:
        if len(_MATCH_CACHE) >= 8:  # a reloading server makes new sets; keep the recent ones
            _MATCH_CACHE.pop(next(iter(_MATCH_CACHE)))
        entry = _MATCH_CACHE[id(policies)] = (policies, {})
    key = (kind, ctx.operation, ctx.namespace)
    found = entry[1].get(key)
    if found is None:
        if len(entry[1]) >= 4096:
            entry[1].clear()
        found = entry[1][key] = tuple(p for p in policies if _matches(p, kind, ctx))
    return found


def _annotation_exempt(policy_id: str, ctx: Context, config: ClusterConfig) -> bool:
    if not config.allow_annotation_exemptions:
        return False
    value = ctx.annotations.get(EXEMPT_ANNOTATION)
    return isinstance(value, str) and policy_id in {p.strip() for p in value.split(",")}


def active_policies(
    policies: PolicySet, config: ClusterConfig, kind: str, ctx: Context, notes: list[str]
) -> list[tuple[Policy, Action, Mapping[str, Any]]]:
    """The policies that apply to this object, with their effective action and parameters."""
    out: list[tuple[Policy, Action, Mapping[str, Any]]] = []
    for policy in _matching(policies, kind, ctx):
        action = config.actions.get(policy.id, policy.action)
        if action == "off" or _annotation_exempt(policy.id, ctx, config):
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
            out.append((policy, action, config.parameters.get(policy.id, policy.params)))  # type: ignore[arg-type]
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
                )
            )
    return Evaluation(tuple(findings), tuple(dict.fromkeys(notes)))


def mutations(
    policies: PolicySet, config: ClusterConfig, subject: Subject, ctx: Context
) -> list[tuple[Policy, list[Fill]]]:
    """The fills each mutating policy wants (empty lists left out). Actions do not gate mutations,
    but ``off``, exemptions and match rules do."""
    out: list[tuple[Policy, list[Fill]]] = []
    for policy, _action, params in active_policies(policies, config, subject.kind, ctx, []):
        if policy.mutate and policy.check.mutate is not None:
            fills = policy.check.mutate(subject, params)
            if fills:
                out.append((policy, fills))
    return out


def _object_label(subject: Subject) -> str:
    meta = subject.obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return f'{subject.kind or "object"} "{name}"' if name else subject.kind or "object"
