"""One verdict everywhere: ``railguard test`` == ``review()`` in mode "full" == the mutating webhook's
patch applied, then the validating webhook on the patched object. Over the real kube-apiserver
request bodies in ../shared/admission."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from cli_helpers import run_cli

from webhook.admission import Decision, read_review, review
from webhook.config import ClusterConfig
from webhook.policies import PolicySet

TODAY = dt.date(2026, 11, 22)


def admission_files(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "admission").glob("admissionreview-*.json"))
    assert files, "no AdmissionReview bodies in shared/admission"
    return files


def findings(decision: Decision) -> list[tuple[str, str, str, str, bool]]:
    return [(f.policy, f.action, f.message, f.path, f.preexisting) for f in decision.findings]


def two_webhooks(request: Any, policies: PolicySet, config: ClusterConfig) -> tuple[Decision, Decision, Any]:
    """What the API server gets from the mutating then the validating webhook."""
    mutated = review(request, policies, config, mode="mutate", today=TODAY)
    obj = request.get("object")
    if mutated.patch:
        obj = jsonpatch.apply_patch(obj, list(mutated.patch))
    validated = review({**request, "object": obj}, policies, config, mode="validate", today=TODAY)
    return mutated, validated, obj


def test_full_mode_equals_mutate_then_validate(shared_dir: Path, policies: PolicySet, cluster_config: ClusterConfig) -> None:
    reviewed = denied = patched = 0
    for file in admission_files(shared_dir):
        _, request = read_review(json.loads(file.read_bytes()))
        original = copy.deepcopy(request)
        full = review(request, policies, cluster_config, mode="full", today=TODAY)
        assert request == original, f"{file.name}: review() changed its input"
        mutated, validated, _ = two_webhooks(request, policies, cluster_config)
        assert full.patch == mutated.patch, file.name
        assert full.allowed == validated.allowed, file.name
        assert findings(full) == findings(validated), file.name
        assert full.message == validated.message and full.warnings == validated.warnings, file.name
        assert full.reviewed == validated.reviewed, file.name
        reviewed += full.reviewed
        denied += not full.allowed
        patched += bool(full.patch)
    # the corpus exercises all three outcomes, so the comparisons above are not vacuous
    assert reviewed >= 20 and denied >= 5 and patched >= 2, (reviewed, denied, patched)


def test_second_mutation_pass_is_a_no_op(shared_dir: Path, policies: PolicySet, cluster_config: ClusterConfig) -> None:
    for file in admission_files(shared_dir):
        _, request = read_review(json.loads(file.read_bytes()))
        _, _, obj = two_webhooks(request, policies, cluster_config)
        if isinstance(obj, dict):
            again = review({**request, "object": obj}, policies, cluster_config, mode="mutate", today=TODAY)
            assert again.patch == (), file.name


def test_cli_gives_the_webhooks_verdict_and_patch(
    shared_dir: Path, policies: PolicySet, cluster_config: ClusterConfig, tmp_path: Path
) -> None:
    expected: list[tuple[str, Decision, Decision]] = []  # file, mutating webhook, validating webhook
    for number, file in enumerate(admission_files(shared_dir)):
        _, request = read_review(json.loads(file.read_bytes()))
        obj = request.get("object")
        if request["operation"] != "CREATE" or not isinstance(obj, dict) or request.get("subResource"):
            continue
        manifest = tmp_path / f"{number:03d}-{file.stem}.yaml"
        manifest.write_text(yaml.safe_dump(obj, sort_keys=False))  # as a user would keep it in Git
        mutated, validated, _ = two_webhooks(request, policies, cluster_config)
        expected.append((str(manifest), mutated, validated))
    assert len(expected) >= 10
    run = run_cli("test", tmp_path, "-o", "json")
    got = json.loads(run.out)
    assert [e["file"] for e in got] == [name for name, _, _ in expected]
    for entry, (name, mutated, validated) in zip(got, expected):
        assert entry["allowed"] == validated.allowed, name
        assert [(f["policy"], f["action"], f["message"], f["path"]) for f in entry["findings"]] == [
            (p, a, m, path) for p, a, m, path, _ in findings(validated)
        ], name
        assert entry["patch"] == list(mutated.patch), name
    assert run.code == (1 if any(not v.allowed for _, _, v in expected) else 0)


def test_cli_reviews_admission_review_bodies_as_the_webhooks_answer_them(
    shared_dir: Path, policies: PolicySet, cluster_config: ClusterConfig
) -> None:
    # the captured calls themselves, UPDATE (with oldObject), DELETE and subresources included
    files = admission_files(shared_dir)
    run = run_cli("test", shared_dir / "admission", "-o", "json")
    got = json.loads(run.out)
    assert [e["file"] for e in got] == [str(f) for f in files]
    operations = set()
    for entry, file in zip(got, files):
        _, request = read_review(json.loads(file.read_bytes()))
        mutated, validated, _ = two_webhooks(request, policies, cluster_config)
        assert entry["admissionReview"] is True and entry["operation"] == request["operation"], file.name
        assert (entry["allowed"], entry["reviewed"]) == (validated.allowed, validated.reviewed), file.name
        assert [(f["policy"], f["action"], f["message"], f["path"], f.get("preexisting", False)) for f in entry["findings"]] == findings(
            validated
        ), file.name
        assert entry["patch"] == list(mutated.patch), file.name
        operations.add(request["operation"])
    assert operations >= {"CREATE", "UPDATE", "DELETE"}
    assert any(e["findings"] and all(f.get("preexisting") for f in e["findings"]) for e in got)  # UPDATE: old violations warn
    assert run.code == 1


@pytest.mark.parametrize("operation", ["CREATE", "UPDATE"])
def test_cli_operation_flag_reaches_review(operation: str, tmp_path: Path) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x}]\n")
    run = run_cli("test", manifest, "--operation", operation, "-o", "json")
    assert run.code == 1 and json.loads(run.out)[0]["allowed"] is False


def test_hot_path_decision_equals_the_constructor() -> None:
    from webhook.decision import make_decision

    values: dict[str, Any] = dict(
        uid="u", operation="CREATE", group="apps", version="v1", kind="Deployment", resource="deployments",
        sub_resource="", namespace="n", name="d", user={"username": "me"}, dry_run=True, mode="full",
        allowed=False, verdict="denied", code=403, message="m", warnings=("w",), policy_digest="sha256:x",
    )  # fmt: skip
    fast, slow = make_decision(dict(values)), Decision(**values)
    assert fast == slow and repr(fast) == repr(slow) and fast.patched_paths == ()
    with pytest.raises(AttributeError):
        fast.allowed = True  # type: ignore[misc]  # still frozen
