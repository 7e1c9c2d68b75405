"""``patching.diff`` (identity-skipping structural diff, made fast for the webhook's hot path):
applying its patch to ``before`` must give exactly ``after``, for any pair of JSON documents."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonpatch
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.admission import read_review, review
from webhook.config import ClusterConfig
from webhook.patching import apply_fills, diff
from webhook.policies import PolicySet

scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False, width=32) | st.text("ab/~", max_size=3)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text("ab/~c", max_size=3), children, max_size=3),
    max_leaves=15,
)


def same(a: Any, b: Any) -> bool:
    return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)


@settings(max_examples=500, deadline=None)
@given(before=st.dictionaries(st.text("ab/~", max_size=3), documents, max_size=4),
       after=st.dictionaries(st.text("ab/~", max_size=3), documents, max_size=4))
def test_patch_turns_before_into_after(before: dict[str, Any], after: dict[str, Any]) -> None:
    ops = diff(before, after)
    assert same(jsonpatch.apply_patch(copy.deepcopy(before), ops), after)
    assert (ops == []) == same(before, after)


def test_fills_on_captured_bodies_patch_to_the_filled_object(shared_dir: Path, policies: PolicySet) -> None:
    from webhook.checks.base import Subject
    from webhook.engine import Context, mutations
    import datetime as dt

    checked = 0
    for path in sorted((shared_dir / "admission").glob("admissionreview-*.json")):
        _, request = read_review(orjson.loads(path.read_bytes()))
        obj = request.get("object")
        if not isinstance(obj, dict):
            continue
        subject = Subject.of(obj)
        ctx = Context(request.get("operation", ""), request.get("namespace", ""), "x", {}, {}, dt.date.today())
        wanted = mutations(policies, ClusterConfig(), subject, ctx)
        filled = apply_fills(obj, [f for _, fills in wanted for f in fills])
        ops = diff(obj, filled)
        assert same(jsonpatch.apply_patch(copy.deepcopy(obj), ops), filled)
        assert same(jsonpatch.apply_patch(copy.deepcopy(obj), jsonpatch.make_patch(obj, filled).patch), filled)
        decision = review(request, policies, ClusterConfig(), "mutate")
        checked += bool(decision.patch)
    assert checked > 0
