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

    uid: str  # as sent: the answer echoes it; records and log lines give ``shown_request_uid`` of it
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
    exemptions: tuple[str, ...] = ()  # the policies (or containers) exemptions kept from judgement, and which
    reviewed: bool = True  # False when the request passed untouched (DELETE, status, scale...)
    railguard_version: str = field(default=__version__)

    @property
    def patched_paths(self) -> tuple[str, ...]:
        return tuple(op["path"] for op in self.patch)


_DECISION_DEFAULTS = {f.name: f.default for f in fields(Decision) if f.default is not MISSING}


def make_decision(values: dict[str, Any], **more: Any) -> Decision:
    """``Decision(**values, **more)`` without the frozen dataclass's per-field ``object.__setattr__``.
    Same object (tested)."""
    return decision_from_fields({**_DECISION_DEFAULTS, **values, **more})


_BLANK = {f.name: None if f.default is MISSING else f.default for f in fields(Decision)}


def blank_fields() -> dict[str, Any]:
    """Every Decision field in field order: the defaults, and None for the fields without one,
    which the caller must all set before ``decision_from_fields``. Copying this prebuilt dict costs
    a third of building one with 23 keys."""
    return _BLANK.copy()


def decision_from_fields(values: dict[str, Any]) -> Decision:
    """The Decision whose attributes are ``values``, which must hold every field (``blank_fields``
    filled in): ``values`` becomes its ``__dict__``, so nothing is set field by field nor copied.
    Takes ownership of ``values``. Same object as the constructor's (tested)."""
    decision: Decision = object.__new__(Decision)
    object.__setattr__(decision, "__dict__", values)  # bypasses the frozen __setattr__, like __init__ does
    return decision
