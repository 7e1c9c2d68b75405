"""Mutations: fill absent fields on a copy and derive the JSON Patch from what was filled.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op. The
patch is the diff between the object and its filled copy: for fill-only changes that diff is one
``add`` (or ``replace`` of a null) at the first absent key of each fill, which ``fill`` emits
directly instead of walking both objects (tests assert equality with ``diff``, the jsonpatch diff).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import jsonpatch

from webhook.checks.base import Fill
from webhook.types import Obj, PatchOp
from webhook.workloads import escape_pointer_token


def fill(obj: Obj, fills: Sequence[Fill]) -> tuple[Obj, list[PatchOp]]:
    """A copy of ``obj`` with each fill applied where its path is absent, and the JSON Patch.

    Each fill becomes one ``add`` (or ``replace`` of a null) at the first absent key along its
    path, carrying the nested value. An empty list where the value goes counts as absent, as it is
    to the webhook: Kubernetes' list fields are ``omitempty``, so the API server never sends one
    (``add`` replaces it here, where the CLI reads it from a file); one on the way is a non-object
    in the way, left to the API server's validation. Only the containers along a filled path are
    copied; ``obj`` is never modified.

    Filling twice changes nothing: a fill that replaced an empty list may have cleared the way of
    a fill before it, so the fills go round again until none applies (rare: a pass at most per fill).
    """
    result = dict(obj)
    ops: list[PatchOp] = []
    if _fill_pass(result, fills, ops):
        for _ in fills:
            if not _fill_pass(result, fills, ops):
                break
    return result, ops


def _fill_pass(result: Obj, fills: Sequence[Fill], ops: list[PatchOp]) -> bool:
    """One pass of ``fills`` into ``result`` (in place, copying what it writes into), appending to
    ``ops``. True when a fill replaced an empty list: another pass may find more to fill."""
    again = False
    for item in fills:
        if item.value is None or item.value == []:
            continue  # filling in null (or []) would change nothing the API server stores, forever again
        path = item.path
        last = len(path) - 1
        node: dict[str, Any] = result
        pointer = ""
        depth = 0
        for key in path:
            if not isinstance(key, str):
                break  # fills address object keys only
            pointer += "/" + (escape_pointer_token(key) if "~" in key or "/" in key else key)  # escaping is rare
            child = node.get(key)
            if child is None or (depth == last and child == []):  # the API server drops an empty list
                value: Any = item.value
                for inner in reversed(path[depth + 1 :]):
                    value = {inner: value}
                ops.append({"op": "replace" if child is None and key in node else "add", "path": pointer, "value": value})
                node[key] = value
                again = again or child == []
                break
            if depth == last or not isinstance(child, dict):
                break  # already set, or a non-object in the way (left to the API server's validation)
            child = dict(child)  # copy before writing into it
            node[key] = child
            node = child
            depth += 1
    return again


def diff(before: Obj, after: Obj) -> list[PatchOp]:
    """The RFC 6902 patch that turns ``before`` into ``after``, computed by ``jsonpatch``: the
    reference that ``fill``'s patches are tested against."""
    if before == after:
        return []
    return cast(list[PatchOp], jsonpatch.make_patch(before, after).patch)
