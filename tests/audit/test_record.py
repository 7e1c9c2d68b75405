"""The record: what a decision leaves in the trail, and nothing more."""

from __future__ import annotations

import re

import orjson

from webhook.admission import Decision
from webhook.audit.record import (
    GENESIS, build_record, canonical, chain, chain_hash, policies_of, record_fields, record_from_fields, utc_timestamp,
)

RECORD_KEYS = {
    "schema", "ts", "uid", "operation", "group", "version", "kind", "resource", "subResource", "namespace",
    "name", "user", "dryRun", "mode", "reviewed", "verdict", "allowed", "code", "findings", "patchedPaths",
    "notes", "exemptions", "policyDigest", "railguardVersion", "latencyMs",
}  # fmt: skip
FINDING_KEYS = {"policy", "policyVersion", "action", "severity", "message", "path", "container", "preexisting"}


def test_record_holds_exactly_the_schema_fields(sample_decisions: list[Decision]) -> None:
    denied = sample_decisions[0]
    record = build_record(denied, 12.3456)
    assert set(record) == RECORD_KEYS
    assert record["verdict"] == "denied" and record["allowed"] is False
    assert record["uid"] == denied.uid and record["kind"] == "Deployment" and record["namespace"] == "shop"
    assert record["group"] == "apps" and record["version"] == "v1" and record["resource"] == "deployments"
    assert record["user"] == {"username": "alice", "uid": "", "groups": []}
    assert record["latencyMs"] == 12.346
    assert record["findings"] and all(set(f) == FINDING_KEYS for f in record["findings"])
    assert {f["policy"] for f in record["findings"]} == {f.policy for f in denied.findings}
    assert all(f["path"].startswith("/spec/") for f in record["findings"])
    assert record["policyDigest"] == denied.policy_digest


def test_mutated_record_lists_patched_paths_not_values(sample_decisions: list[Decision]) -> None:
    mutated = next(d for d in sample_decisions if d.patch)
    record = build_record(mutated, 1.0)
    assert record["patchedPaths"] == [op["path"] for op in mutated.patch]
    text = canonical(record)
    for op in mutated.patch:  # the patch's values never enter the record
        if isinstance(op.get("value"), (dict, list)):
            assert orjson.dumps(op["value"]) not in text


def test_timestamp_is_rfc3339_utc_with_microseconds(sample_decisions: list[Decision]) -> None:
    record = build_record(sample_decisions[0], 0.0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", record["ts"])
    assert utc_timestamp() >= record["ts"]


def test_canonical_form_is_sorted_and_stable(sample_decisions: list[Decision]) -> None:
    record = build_record(sample_decisions[0], 1.5)
    body = canonical(record)
    assert canonical(orjson.loads(body)) == body
    keys = list(orjson.loads(body))
    assert keys == sorted(keys)
    assert b" " not in body.split(b'"findings"')[0]


def test_chain_links_each_record_to_its_predecessor(sample_decisions: list[Decision]) -> None:
    records = [build_record(d, 1.0) for d in sample_decisions]
    chained = chain(records, "w1", 0, GENESIS)
    assert [c.seq for c in chained] == list(range(1, len(records) + 1))
    assert chained[0].prev_hash == GENESIS
    for before, after in zip(chained, chained[1:]):
        assert after.prev_hash == before.hash
    for c in chained:
        assert chain_hash(c.prev_hash, c.body) == c.hash
        assert orjson.loads(c.body)["writer"] == "w1"
    edited = chained[1].body.replace(b'"CREATE"', b'"DELETE"')
    assert edited != chained[1].body
    assert chain_hash(chained[1].prev_hash, edited) != chained[1].hash


def test_record_fields_sent_as_json_make_the_same_record(sample_decisions: list[Decision]) -> None:
    """The audit writer process builds records from fields read back from JSON: same bytes hashed."""
    for decision in sample_decisions:
        fields = record_fields(decision, 3.25)
        direct = record_from_fields(fields)
        via_wire = record_from_fields(orjson.loads(orjson.dumps(fields)))
        assert canonical(via_wire) == canonical(direct)
        assert direct == build_record(decision, 3.25, timestamp=direct["ts"])
        assert [f["policy"] for f in direct["findings"]] == [f.policy for f in decision.findings]


def test_policies_of_a_tampered_record_keeps_only_text_policy_ids_of_finding_objects() -> None:
    """verify compares a stored record's policies column with its hashed findings, which an edit
    may have made anything: a finding that is not an object, or a policy id that is not a text,
    is skipped, never a crash nor a non-text id."""
    record = {"findings": [["p1"], "p2", 3, None, {"policy": 5}, {"policy": ["p3"]}, {"policy": "p4"}, {"policy": "p4"}, {}]}
    assert policies_of(record) == ["p4"]
    assert policies_of({"findings": {"policy": "p5"}}) == [] and policies_of({}) == []


def test_a_finding_keeps_its_container_name_and_one_without_a_container_records_empty_text(
    sample_decisions: list[Decision],
) -> None:
    """``container`` names the container a finding is about; a pod-level finding (None) records
    "" (the schema's type is a string), built directly or from fields sent as JSON."""
    denied = sample_decisions[0]
    fields = record_fields(denied, 1.0)
    finding = fields[20][0]
    fields[20] = [(*finding[:6], "web", finding[7]), (*finding[:6], None, finding[7])]
    for made in (record_from_fields(fields), record_from_fields(orjson.loads(orjson.dumps(fields)))):
        assert [f["container"] for f in made["findings"]] == ["web", ""]
