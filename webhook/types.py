"""Shapes of the JSON that crosses railguard's boundaries (AdmissionReview, JSON Patch)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

JSON = Any
"""A decoded JSON value (dict, list, str, int, float, bool or None)."""

Obj = dict[str, Any]
"""A decoded JSON object, such as a Kubernetes manifest."""

Action = Literal["deny", "warn", "audit"]
Verdict = Literal["allowed", "denied", "warned", "mutated"]
Mode = Literal["validate", "mutate", "full"]
"""validate: the validating webhook; mutate: the mutating webhook; full: mutate, then validate the
patched object (the dry-run CLI, which shows what both webhooks together would do)."""


class PatchOp(TypedDict, total=False):
    op: str
    path: str
    value: JSON
    # "from" is a keyword; move/copy ops never come from railguard's fill-only mutations.


class GroupVersionKind(TypedDict):
    group: str
    version: str
    kind: str


class GroupVersionResource(TypedDict):
    group: str
    version: str
    resource: str


class UserInfo(TypedDict, total=False):
    username: str
    uid: str
    groups: list[str]
    extra: dict[str, list[str]]


class AdmissionRequest(TypedDict, total=False):
    uid: str
    kind: GroupVersionKind
    resource: GroupVersionResource
    subResource: str
    requestKind: GroupVersionKind
    requestResource: GroupVersionResource
    requestSubResource: str
    name: str
    namespace: str
    operation: str
    userInfo: UserInfo
    object: Obj | None
    oldObject: Obj | None
    dryRun: bool
    options: Obj | None


class Status(TypedDict, total=False):
    code: int
    message: str
    reason: str


class AdmissionResponse(TypedDict, total=False):
    uid: str
    allowed: bool
    status: Status
    patch: str
    patchType: Literal["JSONPatch"]
    warnings: list[str]
    auditAnnotations: dict[str, str]


class AdmissionReview(TypedDict, total=False):
    apiVersion: str
    kind: Literal["AdmissionReview"]
    request: AdmissionRequest
    response: AdmissionResponse


WARNING_LIMIT = 120
"""The longest AdmissionReview warning railguard writes: kube-apiserver truncates longer ones."""
