"""Mutations: fill absent fields on a copy, then compute the JSON Patch by diff.

Only what is absent is filled, so a second pass (reinvocation, a repeated apply) is a no-op.
"""

from __future__ import annotations

import json
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
    subtree found at the same place in both (``is``) cannot differ and is skipped. When only keys
    were added or values replaced, jsonpatch's result is then known without diffing the rest;
    anything else (a removed key, a changed list: jsonpatch may pair those into moves) is left
    to jsonpatch on the whole objects. Proven equal by tests/cli/test_cli_patch_diff.py.
    """
    ops: list[PatchOp] = []
    try:
        _diff_objects(before, after, "", ops)
    except _NeedsFullDiff:
        return cast(list[PatchOp], jsonpatch.make_patch(before, after).patch)
    return ops


class _NeedsFullDiff(Exception):
    pass


def _diff_objects(before: Obj, after: Obj, path: str, ops: list[PatchOp]) -> None:
    # jsonpatch's order: removed keys, added keys, then the common keys, each in dict order
    for key in before:
        if key not in after:
            raise _NeedsFullDiff
    for key in after:
        if key not in before:
            ops.append(cast(PatchOp, {"op": "add", "path": _join(path, key), "value": after[key]}))
    for key, old in before.items():
        new = after[key]
        if old is new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            _diff_objects(old, new, _join(path, key), ops)
        elif isinstance(old, list) and isinstance(new, list):
            raise _NeedsFullDiff
        elif json.dumps(old) != json.dumps(new):  # how jsonpatch compares (1, 1.0 and True differ)
            ops.append(cast(PatchOp, {"op": "replace", "path": _join(path, key), "value": new}))


def _join(path: str, key: Any) -> str:
    return f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"
