"""Mutations: fill absent fields on a copy, and emit the JSON Patch that does the same.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op. Each
fill becomes one ``add`` (or ``replace`` of a null) at the first absent key along its path, so the
patch is known without diffing the two objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import jsonpatch

from webhook.checks.base import Fill
from webhook.types import JSON, Obj, PatchOp
from webhook.workloads import pointer


def fill(obj: Obj, fills: Iterable[Fill]) -> tuple[Obj, list[PatchOp]]:
    """A copy of ``obj`` with each fill applied where its path is absent, and the patch for it.

    Only the containers along a filled path are copied; untouched subtrees are shared with ``obj``,
    which is never modified.
    """
    result = dict(obj)
    ops: list[PatchOp] = []
    for item in fills:
        node: dict[str, Any] = result
        path = item.path
        for depth, key in enumerate(path):
            if not isinstance(key, str):
                break  # fills address object keys only
            child = node.get(key)
            if child is None:
                value: JSON = item.value
                for inner in reversed(path[depth + 1 :]):
                    value = {inner: value}
                ops.append({"op": "replace" if key in node else "add", "path": pointer(path[: depth + 1]), "value": value})
                node[key] = value
                break
            if depth == len(path) - 1 or not isinstance(child, dict):
                break  # already set, or a non-object in the way (left to the API server's validation)
            child = dict(child)  # copy before writing into it
            node[key] = child
            node = child
    return result, ops


def apply_fills(obj: Obj, fills: Iterable[Fill]) -> Obj:
    """A copy of ``obj`` with each fill applied where its path is absent."""
    return fill(obj, fills)[0]


def diff(before: Obj, after: Obj) -> list[PatchOp]:
    """The RFC 6902 patch that turns ``before`` into ``after``."""
    if before == after:
        return []
    return cast(list[PatchOp], jsonpatch.make_patch(before, after).patch)
