"""What a built-in check or mutator is, and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from webhook.types import JSON, Obj
from webhook.workloads import (
    CONTAINER_LISTS,
    POD_SPEC_PATHS,
    ContainerRef,
    PodSpecRef,
    container_lists,
    object_kind,
    pod_spec_of_kind,
    pod_spec_shape_problem,
)


@dataclass(slots=True)  # one per review, read-only by convention (frozen costs per field)
class Subject:
    """The object under review, with its pod spec located once."""

    obj: Obj
    kind: str
    pod: PodSpecRef | None
    # made on the first ``containers()`` call: a subject without a pod spec never needs it, and a
    # default_factory costs a call on every review
    _containers: dict[tuple[str, ...], tuple[ContainerRef, ...]] | None = field(default=None, repr=False, compare=False)
    _walked: dict[str, tuple[ContainerRef, ...]] | None = field(default=None, repr=False, compare=False)
    _broken: Violation | None | bool = field(default=False, repr=False, compare=False)  # False: not yet looked at

    @classmethod
    def of(cls, obj: Obj) -> Subject:
        kind = object_kind(obj)  # once: the pod spec is where this kind keeps it
        return cls(obj, kind or "", pod_spec_of_kind(obj, kind) if kind is not None else None)

    def containers(self, lists: tuple[str, ...] = CONTAINER_LISTS) -> tuple[ContainerRef, ...]:
        """The containers of the given lists (in that order), walked once per subject."""
        cache = self._containers
        if cache is None:
            cache = self._containers = {}
        cached = cache.get(lists)
        if cached is None:
            cached = cache[lists] = self._gather(lists) if self.pod is not None else ()
        return cached

    def broken_pod_spec(self) -> Violation | None:
        """A violation when the pod spec has a wrong type on the way to a container (``spec`` a
        list, a container a string): kube-apiserver never decodes such an object, but a check that
        skipped what it cannot read would pass it. The engine reports this instead of calling a
        check that judges containers (``CheckDef.judges_containers_of``): fail closed."""
        broken = self._broken
        if broken is False:
            broken = self._broken = self._find_broken()
        return broken  # type: ignore[return-value]

    def _find_broken(self) -> Violation | None:
        if self.kind not in POD_SPEC_PATHS:
            return None
        if self.pod is not None:  # the usual case: the pod spec is an object; are its container lists?
            spec = self.pod.spec
            walked = self._walked
            if walked is None:
                walked = self._walked = container_lists(self.pod)
            for name in CONTAINER_LISTS:
                items = spec.get(name)
                if items is not None and (type(items) is not list or len(items) != len(walked[name])):
                    break
            else:
                return None
        problem = pod_spec_shape_problem(self.obj)
        if problem is None:
            return None
        where, error = problem
        return Violation(where, f"cannot be judged: {error}", BROKEN_POD_SPEC_FIX, short="cannot be judged", brief=BROKEN_POD_SPEC_BRIEF)

    def _gather(self, lists: tuple[str, ...]) -> tuple[ContainerRef, ...]:
        assert self.pod is not None
        walked = self._walked
        if walked is None:
            walked = self._walked = container_lists(self.pod)  # the usual lists, in one pass
        out: tuple[ContainerRef, ...] = ()
        for name in lists:
            part = walked.get(name)
            if part is None:  # a list beyond the usual ones
                part = walked[name] = container_lists(self.pod, (name,))[name]
            if part:
                out = out + part if out else part
        return out


BROKEN_POD_SPEC_FIX = "write the pod spec as Kubernetes defines it (kube-apiserver refuses this object too)"
BROKEN_POD_SPEC_BRIEF = "write the pod spec as Kubernetes defines it"


@dataclass(slots=True)
class Violation:
    """One thing wrong. Never carries a field's value: only names, paths and the fix.

    The checks on the hot path build it with positional arguments, in field order: keyword
    arguments to a dataclass cost a dict per call (callgrind: ~1.7k instructions a violation)."""

    path: str
    problem: str
    fix: str
    container: str | None = None  # how messages name it, e.g. 'container "app"'
    item: str = ""  # what it is about within its container (e.g. "env:DB_PASSWORD"), stable across edits
    # the problems it is made of ("limits.cpu", "livenessProbe"): on UPDATE it was already there
    # only when the old object's finding had each of them (a container that loses a second limit
    # breaks the rule anew)
    parts: tuple[str, ...] = ()
    # the short forms a warning shows (kube-apiserver cuts warnings past 120 characters): the
    # problem and the fix in a few words; empty means the full text is short enough
    short: str = ""
    brief: str = ""


def counted(labels: Iterable[str], limit: int) -> tuple[str, ...]:
    """``Violation.parts`` for a finding that stands for several things (the settings of a config
    file in one env var, the secrets an entry does not list): each label, and a repeated one
    numbered (``password``, ``password (2)``), so that an old finding covers a new one only when it
    had each of them at least as many times. At most ``limit`` parts: past them, more of them is
    not compared."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for label in labels:
        if len(out) >= limit:
            break
        times = seen[label] = seen.get(label, 0) + 1
        out.append(label if times == 1 else f"{label} ({times})")
    return tuple(out)


@dataclass(slots=True)  # built per review on the hot path (frozen costs a setattr per field); never changed
class Fill:
    """A value a mutator wants at ``path`` (keys from the object root), set only if absent."""

    path: tuple[str | int, ...]
    value: JSON


@dataclass(frozen=True, slots=True)
class Param:
    """A check parameter: its accepted type(s), default and meaning (shown in errors and docs)."""

    types: type | tuple[type, ...]
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    item_type: type | None = None  # for list parameters
    minimum: int | None = None  # for int parameters
    maximum: int | None = None
    validate: Callable[[Any], str | None] | None = None  # returns what is wrong, or None


Params = Mapping[str, Any]
CheckFn = Callable[[Subject, Params], list[Violation]]
MutateFn = Callable[[Subject, Params], list[Fill]]


@dataclass(frozen=True)
class CheckDef:
    name: str
    fn: CheckFn
    params: Mapping[str, Param] = field(default_factory=dict)
    mutate: MutateFn | None = None  # a check may also know how to fix what it reports
    # the kinds whose containers the check judges: for these the engine reports a pod spec it
    # cannot walk (Subject.broken_pod_spec) instead of calling the check, which would pass it
    judges_containers_of: frozenset[str] = frozenset()
    # the kinds the check can judge (what it reads: the pod spec of the workload kinds, a
    # ConfigMap's data): a policy's match.kinds naming another one is a load error, since the check
    # would never fire there. None: any kind (a declarative rule with target Object)
    kinds: frozenset[str] | None = None
