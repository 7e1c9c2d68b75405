"""``fill``'s patch is the diff: for any object and any fills, applying the emitted patch gives
the filled object, the patch equals jsonpatch's own diff, and a second fill pass is a no-op."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonpatch
import orjson
from hypothesis import example, given, settings
from hypothesis import strategies as st

from webhook.admission import read_review, review
from webhook.checks.base import Fill
from webhook.config import ClusterConfig
from webhook.patching import diff, fill
from webhook.policies import PolicySet

keys = st.text("ab/~", min_size=1, max_size=2)
scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.text("xy", max_size=2)
values = st.recursive(scalars, lambda c: st.lists(c, max_size=2) | st.dictionaries(keys, c, max_size=2), max_leaves=6)
objects = st.dictionaries(keys, values, max_size=3)
fills = st.lists(st.builds(Fill, st.lists(keys, min_size=1, max_size=3).map(tuple), values), max_size=3)


def canonical(ops: list[Any]) -> list[bytes]:
    return sorted(orjson.dumps(op, option=orjson.OPT_SORT_KEYS) for op in ops)


@settings(max_examples=400, deadline=None)
@given(obj=objects, wanted=fills)
# an empty list on the way of one fill that another fill replaces: a second pass used to fill it
@example(obj={"a": []}, wanted=[Fill(("a", "a"), False), Fill(("a",), {})])
def test_fill_patch_is_the_diff(obj: dict[str, Any], wanted: list[Fill]) -> None:
    before = copy.deepcopy(obj)
    filled, ops = fill(obj, wanted)
    assert obj == before, "fill must never modify its input"
    assert jsonpatch.apply_patch(copy.deepcopy(obj), ops) == filled
    if len({f.path[0] for f in wanted}) == len(wanted) and not any(_empty_list_at(obj, f.path) for f in wanted):
        # independent fills: one op each at most (an empty list is filled by an add replacing it,
        # where the diff adds its items one by one; the effect is asserted above)
        assert canonical(ops) == canonical(diff(obj, filled))
    again, second = fill(filled, wanted)
    assert second == [] and again == filled


def _empty_list_at(obj: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = obj
    for key in path:
        if not isinstance(node, dict):
            return False
        node = node.get(key)
        if node == []:
            return True
    return False


def test_review_patches_on_captured_bodies_equal_the_diff(shared_dir: Path, policies: PolicySet) -> None:
    patched = 0
    for path in sorted((shared_dir / "admission").glob("admissionreview-*.json")):
        _, request = read_review(orjson.loads(path.read_bytes()))
        obj = request.get("object")
        decision = review(request, policies, ClusterConfig(), "mutate")
        if not isinstance(obj, dict) or not decision.patch:
            continue
        result = jsonpatch.apply_patch(copy.deepcopy(obj), list(decision.patch))
        assert canonical(list(decision.patch)) == canonical(diff(obj, result))
        patched += 1
    assert patched > 0
