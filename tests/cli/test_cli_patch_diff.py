"""``patching.diff`` skips the subtrees ``apply_fills`` shares with the original; it must give the
very operations ``jsonpatch.make_patch`` gives on the whole objects."""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.checks.base import Fill
from webhook.patching import apply_fills, diff

KEYS = st.sampled_from(["spec", "template", "affinity", "a/b", "t~x", "0", "containers", "x"])
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3))
JSON = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)
OBJECTS = st.dictionaries(KEYS, JSON, max_size=5)
FILLS = st.lists(
    st.builds(Fill, st.lists(KEYS, min_size=1, max_size=4).map(tuple), JSON),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(OBJECTS, FILLS)
def test_diff_of_filled_object_equals_jsonpatch(obj: dict[str, Any], fills: list[Fill]) -> None:
    original = copy.deepcopy(obj)
    filled = apply_fills(obj, fills)
    assert obj == original  # apply_fills never writes into its input
    expected = jsonpatch.make_patch(obj, filled).patch
    got = diff(obj, filled)
    assert got == expected
    assert jsonpatch.apply_patch(obj, got) == filled


@settings(max_examples=200, deadline=None)
@given(OBJECTS, OBJECTS)
def test_diff_of_unrelated_objects_equals_jsonpatch(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Without shared subtrees nothing is skipped: the walk then just hands jsonpatch each change."""
    got = diff(before, copy.deepcopy(after))
    assert got == jsonpatch.make_patch(before, after).patch
    assert jsonpatch.apply_patch(before, got) == after


def test_realistic_zone_fill() -> None:
    deployment = {
        "kind": "Deployment",
        "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "w"}}, "spec": {"containers": [{"name": "w"}]}}},
    }
    value = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}
    filled = apply_fills(deployment, [Fill(("spec", "template", "spec", "affinity"), value)])
    assert filled["spec"]["template"]["metadata"] is deployment["spec"]["template"]["metadata"]  # shared
    assert diff(deployment, filled) == [{"op": "add", "path": "/spec/template/spec/affinity", "value": value}]
    assert diff(deployment, filled) == jsonpatch.make_patch(deployment, filled).patch


def test_type_changes_are_replaced_like_jsonpatch() -> None:
    before = {"a": {"b": 1, "c": [1, 2]}, "d": None}
    after = {"a": {"b": True, "c": [1, 2, 3]}, "d": {"e": 1}}
    assert diff(before, after) == jsonpatch.make_patch(before, after).patch
