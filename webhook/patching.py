"""Mutations: fill absent fields on a copy, then compute the JSON Patch by diff.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from webhook.checks.base import Fill
from webhook.types import Obj, PatchOp
from webhook.workloads import escape_pointer_token


def apply_fills(obj: Obj, fills: Iterable[Fill]) -> Obj:
    """A copy of ``obj`` with each fill applied where its path is absent.

    Only the containers along a filled path are copied; untouched subtrees are shared with ``obj``,
    which is never modified.
    """
    result = dict(obj)
    for fill in fills:
        node: Any = result
        for depth, key in enumerate(fill.path[:-1]):
            child = node.get(key) if isinstance(node, dict) else None
            if child is None:
                child = {}
            elif isinstance(child, dict):
                child = dict(child)  # copy before writing into it
            else:
                break  # a non-object is in the way: leave it to the API server's validation
            node[key] = child
            node = child
        else:
            last = fill.path[-1]
            if isinstance(node, dict) and node.get(last) is None:
                node[last] = fill.value
    return result


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
