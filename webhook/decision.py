"""The outcome of one review: what the response and the audit record are built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from webhook import __version__
from webhook.engine import Finding
from webhook.types import Mode, PatchOp, Verdict


@dataclass(frozen=True)
class Decision:
    """What railguard decided about one request: everything the response and the audit need.

    Holds no object and no field value: findings carry only names, paths and fixes.
    """

    uid: str
    operation: str
    group: str
    version: str
    kind: str
    resource: str
    sub_resource: str
    namespace: str
    name: str
    user: Mapping[str, Any]
    dry_run: bool
    mode: Mode
    allowed: bool
    verdict: Verdict
    code: int
    message: str
    warnings: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    patch: tuple[PatchOp, ...] = ()
    policy_digest: str = ""
    notes: tuple[str, ...] = ()
    reviewed: bool = True  # False when the request passed untouched (DELETE, status, scale...)
    railguard_version: str = field(default=__version__)

    @property
    def patched_paths(self) -> tuple[str, ...]:
        return tuple(op["path"] for op in self.patch)


_DECISION_DEFAULTS = {f.name: f.default for f in fields(Decision) if f.default is not MISSING}


def make_decision(values: dict[str, Any], **more: Any) -> Decision:
    """``Decision(**values, **more)`` for the hot path: a frozen dataclass's ``__init__`` pays an
    ``object.__setattr__`` per field (half of review()'s fixed cost). Same object (tested).
    Takes ownership of ``values``."""
    values.update(more)
    decision: Decision = object.__new__(Decision)
    decision.__dict__.update(_DECISION_DEFAULTS)
    decision.__dict__.update(values)
    return decision
