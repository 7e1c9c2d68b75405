"""Mutations: fill absent fields on a copy and derive the JSON Patch from what was filled.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op. The
patch is the diff between the object and its filled copy: for fill-only changes that diff is one
``add`` (or ``replace`` of a null) at the first absent key of each fill, which ``fill`` emits
directly instead of walking both objects (tests assert equality with ``diff``, the jsonpatch diff).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from webhook.checks.base import Fill
from webhook.types import Obj, PatchOp
from webhook.workloads import escape_pointer_token


def fill(obj: Obj, fills: Iterable[Fill]) -> tuple[Obj, list[PatchOp]]:
    """A copy of ``obj`` with each fill applied where its path is absent, and the JSON Patch.

    Each fill becomes one ``add`` (or ``replace`` of a null) at the first absent key along its
    path, carrying the nested value. Only the containers along a filled path are copied; ``obj``
    is never modified.
    """
    result = dict(obj)
    ops: list[PatchOp] = []
    for item in fills:
        node: dict[str, Any] = result
        pointer = ""
        for depth, key in enumerate(item.path):
            if not isinstance(key, str):
                break  # fills address object keys only
            pointer += "/" + key.replace("~", "~0").replace("/", "~1")
            child = node.get(key)
            if child is None:
                value: Any = item.value
                for inner in reversed(item.path[depth + 1 :]):
                    value = {inner: value}
                ops.append({"op": "replace" if key in node else "add", "path": pointer, "value": value})
                node[key] = value
                break
            if depth == len(item.path) - 1 or not isinstance(child, dict):
                break  # already set, or a non-object in the way (left to the API server's validation)
            child = dict(child)  # copy before writing into it
            node[key] = child
            node = child
    return result, ops


def diff(before: Obj, after: Obj) -> list[PatchOp]:
    """The RFC 6902 patch that turns ``before`` into ``after``.

    Walks both trees together and skips shared subtrees by identity (``apply_fills`` shares every
    untouched subtree), so the cost follows the filled paths, not the object's size.
    """
    ops: list[PatchOp] = []
    _diff(before, after, "", ops)
    return ops


def _diff(before: Any, after: Any, path: str, ops: list[PatchOp]) -> None:
    if before is after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key not in after:
                ops.append({"op": "remove", "path": f"{path}/{escape_pointer_token(str(key))}"})
        for key, value in after.items():
            child = f"{path}/{escape_pointer_token(str(key))}"
            if key not in before:
                ops.append({"op": "add", "path": child, "value": value})
            else:
                _diff(before[key], value, child, ops)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after)):
            _diff(old, new, f"{path}/{index}", ops)
    elif type(before) is not type(after) or before != after:
        ops.append({"op": "replace", "path": path, "value": after})
