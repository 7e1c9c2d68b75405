"""Mutations: fill absent fields on a copy, then compute the JSON Patch by diff.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import jsonpatch

from webhook.checks.base import Fill
from webhook.types import Obj, PatchOp


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
    """The RFC 6902 patch that turns ``before`` into ``after``: the same operations, in the same
    order, as ``jsonpatch.make_patch(before, after)``.

    ``apply_fills`` copies only the objects along a filled path and shares everything else, so a
    subtree found at the same place in both (``is``) cannot differ and is skipped; jsonpatch
    diffs only the values that did change (test: tests/cli/test_patch_diff.py).
    """
    ops: list[PatchOp] = []
    _diff_objects(before, after, "", ops)
    return ops


def _diff_objects(before: Obj, after: Obj, path: str, ops: list[PatchOp]) -> None:
    # jsonpatch's order: removed keys, added keys, then the common keys, each in dict order
    for key in before:
        if key not in after:
            ops.append(cast(PatchOp, {"op": "remove", "path": _join(path, key)}))
    for key in after:
        if key not in before:
            ops.append(cast(PatchOp, {"op": "add", "path": _join(path, key), "value": after[key]}))
    for key, old in before.items():
        if key not in after:
            continue
        new = after[key]
        if old is new:
            continue
        where = _join(path, key)
        if isinstance(old, dict) and isinstance(new, dict):
            _diff_objects(old, new, where, ops)
        else:
            for op in jsonpatch.make_patch({"v": old}, {"v": new}).patch:
                for member in ("path", "from"):
                    if member in op:
                        op[member] = where + op[member][2:]  # drop the "/v" of the wrapper
                ops.append(cast(PatchOp, op))


def _join(path: str, key: Any) -> str:
    return f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"
