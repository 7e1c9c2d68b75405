"""The fill-only mutation: its patch equals what it does, and it never touches the input."""

from __future__ import annotations

import copy

import jsonpatch

from webhook.checks.base import Fill
from webhook.patching import diff, fill


def test_adds_at_the_first_absent_key() -> None:
    obj = {"spec": {"template": {"spec": {"containers": []}}}}
    before = copy.deepcopy(obj)
    patched, ops = fill(obj, [Fill(("spec", "template", "spec", "affinity", "podAntiAffinity"), {"x": 1})])
    assert ops == [{"op": "add", "path": "/spec/template/spec/affinity", "value": {"podAntiAffinity": {"x": 1}}}]
    assert patched["spec"]["template"]["spec"]["affinity"] == {"podAntiAffinity": {"x": 1}}
    assert obj == before  # the input is never modified
    assert jsonpatch.apply_patch(obj, ops) == patched
    assert ops == diff(obj, patched)


def test_null_is_replaced_present_values_are_kept() -> None:
    obj = {"spec": {"affinity": None, "keep": {"a": 1}}}
    patched, ops = fill(obj, [Fill(("spec", "affinity", "x"), 1), Fill(("spec", "keep", "a"), 2), Fill(("spec", "keep", "b"), 3)])
    assert ops == [
        {"op": "replace", "path": "/spec/affinity", "value": {"x": 1}},
        {"op": "add", "path": "/spec/keep/b", "value": 3},
    ]
    assert patched == {"spec": {"affinity": {"x": 1}, "keep": {"a": 1, "b": 3}}}
    assert jsonpatch.apply_patch(obj, ops) == patched
    assert sorted(ops, key=str) == sorted(diff(obj, patched), key=str)


def test_non_objects_in_the_way_and_second_pass() -> None:
    obj = {"spec": "oops", "meta/data": {}}
    patched, ops = fill(obj, [Fill(("spec", "x"), 1), Fill(("meta/data", "a~b"), 2)])
    assert ops == [{"op": "add", "path": "/meta~1data/a~0b", "value": 2}]
    assert jsonpatch.apply_patch(obj, ops) == patched
    again, second = fill(patched, [Fill(("spec", "x"), 1), Fill(("meta/data", "a~b"), 2)])
    assert second == [] and again == patched


def test_an_empty_list_is_filled_as_the_api_server_would_see_it_absent() -> None:
    # Go drops an omitempty empty list, so the webhook is sent {} where a file holds []: the CLI's
    # patch on the file is the server's patch on what it is sent
    sent = {"spec": {"affinity": {"podAntiAffinity": {}}, "tolerations": [], "keep": [1]}}
    in_file = copy.deepcopy(sent)
    in_file["spec"]["affinity"]["podAntiAffinity"]["preferred"] = []
    fills = [Fill(("spec", "affinity", "podAntiAffinity", "preferred"), [{"w": 1}]), Fill(("spec", "keep"), [2])]
    patched, ops = fill(in_file, fills)
    assert ops == fill(sent, fills)[1] == [{"op": "add", "path": "/spec/affinity/podAntiAffinity/preferred", "value": [{"w": 1}]}]
    assert jsonpatch.apply_patch(in_file, ops) == patched == jsonpatch.apply_patch(sent, ops)
    assert patched["spec"]["keep"] == [1] and patched["spec"]["tolerations"] == []  # a list with items is kept


def test_a_fill_through_a_list_index_is_left_alone() -> None:
    # fills address object keys only: an index on the path (a list element) is never filled
    obj = {"spec": {}, "items": [{"a": 1}]}
    fills = [Fill(("spec", 0, "x"), 1), Fill((1,), 2), Fill(("items", 0, "b"), 3)]
    patched, ops = fill(obj, fills)
    assert ops == [] and patched == obj


def test_an_empty_list_on_the_way_is_left_alone_unless_another_fill_replaces_it() -> None:
    # where the value goes, [] is absent (omitempty); on the way, it is a non-object in the way, as
    # the reference review judges it (affinity: [] gets no zone term)
    obj = {"spec": {"affinity": []}}
    assert fill(obj, [Fill(("spec", "affinity", "podAntiAffinity"), {"x": 1})]) == (obj, [])
    # a later fill replacing that [] clears the way of the one before it: both apply in one call,
    # so that filling again changes nothing
    fills = [Fill(("spec", "affinity", "podAntiAffinity"), {"x": 1}), Fill(("spec", "affinity"), {})]
    patched, ops = fill(obj, fills)
    assert patched == {"spec": {"affinity": {"podAntiAffinity": {"x": 1}}}}
    assert jsonpatch.apply_patch(copy.deepcopy(obj), ops) == patched
    assert fill(patched, fills) == (patched, [])
