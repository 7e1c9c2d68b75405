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
    """The RFC 6902 patch that turns ``before`` into ``after``."""
    if before == after:
        return []
    return cast(list[PatchOp], jsonpatch.make_patch(before, after).patch)
