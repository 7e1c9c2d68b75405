"""The one pipeline: envelope checks, modes, and the AdmissionReview response it produces."""

from __future__ import annotations

import base64
import copy
import datetime as dt
from typing import Any

import jsonpatch
import orjson
import pytest

from containers import checklist_container
from webhook.admission import (
    VIOLATIONS_SHOWN,
    WARNING_LIMIT,
    WARNINGS_SHOWN,
    read_review,
    request_for_manifest,
    review,
    to_response,
)
from webhook.config import ClusterConfig, Exemption
from webhook.errors import BadRequest
from webhook.policies import PolicySet

FAKE_PASSWORD = "FAKE-not-a-real-password-7c1e"


def deployment(replicas: int = 3, compliant: bool = True) -> dict[str, Any]:
    container = checklist_container("web", "registry.example/web:1.0", compliant, FAKE_PASSWORD)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "demo"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container]}},
        },
    }


def envelope(request: dict[str, Any], api_version: str = "admission.k8s.io/v1") -> dict[str, Any]:
    return {"apiVersion": api_version, "kind": "AdmissionReview", "request": request}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ([], "JSON object"),
        ({"kind": "Pod"}, "kind must be AdmissionReview"),
        ({"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v2"}, "admission.k8s.io/v1, admission.k8s.io/v1beta1"),
        (envelope(None), "request is missing"),  # type: ignore[arg-type]
        (envelope({"operation": "CREATE"}), "request.uid"),
        (envelope({"uid": "u", "operation": "CREATE"}), "request.object is required"),
        (envelope({"uid": "u", "operation": "CREATE", "object": []}), "request.object must be an object"),
        (envelope({"uid": "u", "operation": "DELETE", "dryRun": "yes"}), "dryRun must be a boolean"),
        (envelope({"uid": "u", "operation": "CREATE", "object": {}, "namespace": 5}), "request.namespace"),
        (envelope({"uid": "u", "operation": "CREATE", "object": {}, "subResource": ["status"]}), "request.subResource must be a string"),
        (envelope({"uid": "u", "operation": "CREATE", "object": {}, "resource": "pods"}), "request.resource must be an object"),
        (envelope({"uid": "u", "operation": "create", "object": {}}), "one of CREATE, UPDATE, DELETE, CONNECT"),
        (envelope({"uid": "u", "operation": "PATCH", "object": {}}), "got 'PATCH'"),
        (envelope({"uid": "u", "operation": "DELETE", "userInfo": {"username": {"a": {"a": 1}}}}), "userInfo.username must be a string"),
        (envelope({"uid": "u", "operation": "DELETE", "userInfo": {"uid": 7}}), "userInfo.uid must be a string"),
        (envelope({"uid": "u", "operation": "DELETE", "userInfo": {"groups": "system:masters"}}), "userInfo.groups must be a list of strings"),
        (envelope({"uid": "u", "operation": "DELETE", "userInfo": {"groups": [["x"]]}}), "userInfo.groups must be a list of strings"),
    ],
)
def test_bad_envelopes_are_rejected_with_a_clear_message(body: Any, fragment: str) -> None:
    with pytest.raises(BadRequest) as caught:
        read_review(body)
    assert fragment in caught.value.message
    assert caught.value.status == 400


def test_both_api_versions_are_read() -> None:
    request = request_for_manifest(deployment())
    request["uid"] = "abc"
    for version in ("admission.k8s.io/v1", "admission.k8s.io/v1beta1"):
        assert read_review(envelope(dict(request), version))[0] == version


def test_full_mode_is_mutate_then_validate(policies: PolicySet) -> None:
    config = ClusterConfig()
    obj = deployment()
    mutated = review(request_for_manifest(obj), policies, config, mode="mutate")
    assert mutated.allowed and mutated.verdict == "mutated" and not mutated.findings
    patched = jsonpatch.apply_patch(obj, list(mutated.patch))
    validated = review(request_for_manifest(patched), policies, config, mode="validate")
    full = review(request_for_manifest(obj), policies, config, mode="full")
    assert full.patch == mutated.patch
    assert (full.allowed, full.findings) == (validated.allowed, validated.findings)
    assert obj == deployment(), "review() must never modify its input"


def test_validate_mode_on_an_unmutated_object_warns_about_zone_spread(policies: PolicySet) -> None:
    decision = review(request_for_manifest(deployment()), policies, ClusterConfig(), mode="validate")
    assert decision.allowed and decision.verdict == "warned" and not decision.patch
    assert [f.policy for f in decision.findings] == ["zone-anti-affinity"]
    assert all(len(w) <= 120 for w in decision.warnings)


def test_denial_response_has_403_message_and_no_secret(policies: PolicySet) -> None:
    request = request_for_manifest(deployment(compliant=False))
    request["uid"] = "uid-1"
    decision = review(request, policies, ClusterConfig(), mode="validate")
    response = to_response(decision)
    assert response["uid"] == "uid-1" and response["allowed"] is False
    assert response["status"]["code"] == 403
    message = response["status"]["message"]
    for policy in ("require-run-as-non-root", "require-resources", "require-probes", "disallow-plaintext-secrets"):
        assert f"[{policy}]" in message
    assert 'container "web"' in message and "Fix:" in message
    assert FAKE_PASSWORD not in orjson.dumps(response).decode()
    assert "patch" not in response and "patchType" not in response


@pytest.mark.parametrize(
    ("spec", "problem"),
    [({"containers": "x"}, "spec.containers must be a list, got a string"), ([], "spec must be an object, got a list")],
)
def test_a_broken_pod_spec_is_one_denial_line_naming_every_policy_concerned(
    policies: PolicySet, spec: Any, problem: str
) -> None:
    """Every policy that judges containers reports the same broken spec: the answer said it once
    per policy, four identical lines; now once, naming them all. Each finding stays (audit, test)."""
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop",
           "annotations": {"note": FAKE_PASSWORD}}, "spec": spec}  # fmt: skip
    decision = review(request_for_manifest(pod), policies, ClusterConfig(), mode="full")
    assert decision.allowed is False and to_response(decision)["allowed"] is False and decision.code == 403
    concerned = [f.policy for f in decision.findings if f.action == "deny" and "cannot be judged" in f.message]
    assert len(concerned) >= 3  # a finding per policy, as before
    header, *lines = decision.message.splitlines()
    others = [f.policy for f in decision.findings if f.action == "deny" and f.policy not in concerned]
    counted = 1 + len(others)  # the broken spec is one violation, however many policies say so
    every = len({*concerned, *others})
    assert header == f"railguard denied Pod shop/p: {counted} violation{'s' if counted != 1 else ''} ({every} policies)"
    [line] = [line for line in lines if "cannot be judged" in line]
    assert line.startswith("[" + ", ".join(concerned) + "] ") and problem in line and line.count("Fix:") == 1
    assert len(lines) == 1 + sum(1 for f in decision.findings if f.action == "deny" and f.policy not in concerned)
    assert FAKE_PASSWORD not in decision.message


@pytest.mark.parametrize("operation", ["CREATE", "UPDATE"])
@pytest.mark.parametrize("name", ["p", "a-rather-long-pod-name-for-the-warning"])
def test_a_broken_pod_spec_is_one_warning_naming_every_policy_concerned(policies: PolicySet, operation: str, name: str) -> None:
    """Policies in warn mode (or, on UPDATE, a broken spec already there) on a broken pod spec: one
    warning for the one problem, naming the policies, not one identical warning per policy; the
    findings stay one per policy (audit record, railguard test -o json)."""
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "shop",
           "annotations": {"note": FAKE_PASSWORD}}, "spec": {"containers": "x"}}  # fmt: skip
    request = request_for_manifest(pod, operation=operation)
    config = ClusterConfig()
    if operation == "UPDATE":
        request["oldObject"] = copy.deepcopy(pod)  # already broken: each deny finding only warns
    else:
        config = ClusterConfig(actions={p.id: "warn" for p in policies.policies})
    decision = review(request, policies, config, mode="validate")
    assert decision.allowed
    concerned = [f.policy for f in decision.findings if "cannot be judged" in f.message]
    assert len(concerned) >= 3 and len(concerned) == len(set(concerned))
    broken = [w for w in decision.warnings if "cannot be judged" in w]
    assert len(broken) == 1, decision.warnings
    (warning,) = broken
    assert len(warning) <= WARNING_LIMIT and FAKE_PASSWORD not in warning
    assert f'Pod "{name}" cannot be judged' in warning
    lead = warning.partition(": ")[0]
    if name == "p" and operation == "CREATE":  # room to name them all
        assert lead.replace(" ", "").split(",") == concerned, warning
    else:
        assert lead == f"{concerned[0]} and {len(concerned) - 1} more policies", warning
    if operation == "UPDATE" and name == "p":  # (a long name goes before the marker)
        assert "(already present)" in warning


def test_patch_is_base64_json_patch_only_when_there_is_one(policies: PolicySet) -> None:
    config = ClusterConfig()
    with_patch = to_response(review(request_for_manifest(deployment()), policies, config, mode="mutate"))
    assert with_patch["patchType"] == "JSONPatch"
    ops = orjson.loads(base64.b64decode(with_patch["patch"]))
    assert ops and all(op["op"] == "add" for op in ops)
    single = to_response(review(request_for_manifest(deployment(replicas=1)), policies, config, mode="mutate"))
    assert "patch" not in single and "patchType" not in single and single["allowed"] is True


def test_mutation_is_idempotent_and_leaves_declared_anti_affinity_alone(policies: PolicySet) -> None:
    config = ClusterConfig()
    obj = deployment()
    first = review(request_for_manifest(obj), policies, config, mode="mutate")
    patched = jsonpatch.apply_patch(obj, list(first.patch))
    assert review(request_for_manifest(patched), policies, config, mode="mutate").patch == ()
    custom = copy.deepcopy(obj)
    custom["spec"]["template"]["spec"]["affinity"] = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": []}}
    custom["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"].append(
        {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}}}
    )
    assert review(request_for_manifest(custom), policies, config, mode="mutate").patch == ()


@pytest.mark.parametrize("operation", ["DELETE", "CONNECT"])
def test_delete_and_connect_pass_untouched(policies: PolicySet, operation: str) -> None:
    request = request_for_manifest(deployment(compliant=False), operation=operation)
    decision = review(request, policies, ClusterConfig(), mode="validate")
    assert decision.allowed and not decision.reviewed and not decision.findings


def test_the_envelope_names_the_object_from_the_request_where_the_object_does_not(policies: PolicySet) -> None:
    """An object without metadata.name or metadata.namespace is named by request.name and
    request.namespace; a DELETE (no object) by its oldObject."""
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {"containers": [{"name": "c", "image": "x"}]}}
    request = request_for_manifest(pod)
    request["name"], request["namespace"] = "web-1", "team-a"
    decision = review(request, policies, ClusterConfig(), mode="validate")
    assert (decision.name, decision.namespace) == ("web-1", "team-a")
    assert decision.message.startswith("railguard denied Pod team-a/web-1:")
    deleted = request_for_manifest({**pod, "metadata": {"name": "old-web", "namespace": "team-b"}}, operation="DELETE")
    deleted["oldObject"], deleted["object"] = deleted["object"], None
    deleted["name"] = deleted["namespace"] = ""
    deleted["kind"] = {}
    decision = review(deleted, policies, ClusterConfig(), mode="validate")
    assert (decision.kind, decision.namespace, decision.name, decision.reviewed) == ("Pod", "team-b", "old-web", False)
    # an object whose kind is empty is read as the request's kind
    request = request_for_manifest({**pod, "kind": "", "metadata": {"name": "web-2"}})
    request["kind"] = {"group": "", "version": "v1", "kind": "Pod"}
    decision = review(request, policies, ClusterConfig(), mode="validate")
    assert decision.kind == "Pod" and not decision.allowed and decision.message.startswith("railguard denied Pod web-2:")


# resize (in-place resize, Kubernetes 1.33+): it changes cpu and memory values only; kube-apiserver
# refuses a resize that removes a request or a limit, or that adds one to a BestEffort pod
@pytest.mark.parametrize(
    ("sub_resource", "reviewed"), [("status", False), ("scale", False), ("resize", False), ("ephemeralcontainers", True)]
)
def test_subresources(policies: PolicySet, sub_resource: str, reviewed: bool) -> None:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x"}]}}
    request = request_for_manifest(pod, operation="UPDATE")
    request["subResource"] = sub_resource
    decision = review(request, policies, ClusterConfig(), mode="validate")
    assert decision.reviewed is reviewed
    assert decision.allowed is (not reviewed)


def test_status_reason_follows_the_code(policies: PolicySet) -> None:
    import dataclasses

    denied = review(request_for_manifest(deployment(compliant=False)), policies, ClusterConfig(), mode="validate")
    assert to_response(denied)["status"]["reason"] == "Forbidden"
    failed_closed = dataclasses.replace(denied, code=500, message="internal error")
    assert to_response(failed_closed)["status"] == {"code": 500, "message": "internal error", "reason": "InternalError"}


@pytest.mark.parametrize("kind", [["Pod"], {"kind": "Pod"}, 7, None, True])
def test_review_reads_a_non_string_object_kind_as_no_kind(policies: PolicySet, kind: Any) -> None:
    """read_review() and the CLI's reader refuse such objects; review() itself, the library call,
    must not raise on them either (an unhashable kind used to reach the workload table)."""
    obj = deployment(compliant=False) | {"kind": kind}
    request = request_for_manifest(obj) | {"kind": {"group": "", "version": "v1", "kind": "ConfigMap"}}
    for mode in ("validate", "mutate", "full"):
        decision = review(request, policies, ClusterConfig(), mode=mode)  # type: ignore[arg-type]
        assert decision.allowed and not decision.patch  # no workload kind: no pod spec to judge


def _crowded_pod(containers: int, distinct: bool = False) -> dict[str, Any]:
    """A Pod whose every container fails the same four checks (root, resources, probes, secret);
    with ``distinct``, each container's secret is another env var (a denial line each)."""
    spec = [
        {"name": f"c{i}", "image": "x", "env": [{"name": f"DB_PASSWORD_{i}" if distinct else "DB_PASSWORD", "value": FAKE_PASSWORD}]}
        for i in range(containers)
    ]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crowded"}, "spec": {"containers": spec}}


def test_a_denial_lists_the_first_violations_and_counts_the_rest(policies: PolicySet) -> None:
    """100 containers: one line for each of three policies (the containers named together), 100
    distinct secrets lines; 30 lines shown, then a count of the violations of the lines cut."""
    decision = review(request_for_manifest(_crowded_pod(100, distinct=True)), policies, ClusterConfig(), mode="validate")
    lines = decision.message.splitlines()
    assert len(decision.findings) == 400  # the decision (and so the audit record) keeps every finding
    assert lines[0] == "railguard denied Pod crowded: 400 violations"
    assert len(lines) == 1 + VIOLATIONS_SHOWN + 1
    secrets = [line for line in lines[1:-1] if line.startswith("[disallow-plaintext-secrets] ")]
    assert len(secrets) == VIOLATIONS_SHOWN - 3
    every = [f"[{f.policy}] {f.message}" for f in decision.findings]
    assert secrets == every[: len(secrets)]  # in the findings' order
    assert lines[-1].startswith(f"... and {100 - len(secrets)} more violations, not shown (disallow-plaintext-secrets: {100 - len(secrets)}): ")
    assert FAKE_PASSWORD not in decision.message


def test_a_cut_denial_names_every_failing_policy_and_counts_the_rest_of_each(policies: PolicySet) -> None:
    """The first 30 lines would all be one policy's (findings come policy by policy): the answer
    must still name each policy that failed, and say how many of each it leaves out."""
    pod = _crowded_pod(100, distinct=True)
    for i, container in enumerate(pod["spec"]["containers"]):  # each container short of another resource
        container["resources"] = {"limits": {"cpu": f"{i + 1}m"}}
    decision = review(request_for_manifest(pod), policies, ClusterConfig(), mode="validate")
    failing = list(dict.fromkeys(f.policy for f in decision.findings))
    assert len(failing) == 4
    lines = decision.message.splitlines()
    for policy in failing:
        assert any(line.startswith(f"[{policy}] ") for line in lines[1:-1]), policy
    shown = {policy: sum(line.startswith(f"[{policy}] ") for line in lines[1:-1]) for policy in failing}
    assert shown["require-probes"] == shown["require-run-as-non-root"] == 1  # 100 containers on one line
    assert shown["require-resources"] == 1  # the same parts missing: one line, though the limits differ
    counts = f"disallow-plaintext-secrets: {100 - shown['disallow-plaintext-secrets']}"
    assert f"not shown ({counts}): " in lines[-1]
    assert FAKE_PASSWORD not in decision.message


def test_cut_warnings_name_every_policy_that_warned(policies: PolicySet) -> None:
    warn_all = ClusterConfig(actions={p.id: "warn" for p in policies.policies})
    decision = review(request_for_manifest(_crowded_pod(100)), policies, warn_all, mode="validate")
    for policy in dict.fromkeys(f.policy for f in decision.findings):
        assert any(w.startswith(f"{policy}: ") for w in decision.warnings), policy
    assert not any(FAKE_PASSWORD in w for w in decision.warnings)


def test_a_denial_at_the_limit_lists_every_violation(policies: PolicySet) -> None:
    pod = _crowded_pod(VIOLATIONS_SHOWN - 3, distinct=True)  # a line per secret, one per other policy
    decision = review(request_for_manifest(pod), policies, ClusterConfig(), mode="validate")
    shown = decision.message.splitlines()[1:]
    assert len(decision.findings) == 4 * (VIOLATIONS_SHOWN - 3)
    assert len(shown) == VIOLATIONS_SHOWN and not any("more violation" in line for line in shown)


def test_warnings_are_bounded_and_count_what_they_leave_out(policies: PolicySet) -> None:
    warn_all = ClusterConfig(actions={p.id: "warn" for p in policies.policies})
    decision = review(request_for_manifest(_crowded_pod(100)), policies, warn_all, mode="validate")
    assert decision.allowed and len(decision.findings) == 400
    assert len(decision.warnings) == WARNINGS_SHOWN
    left_out = 400 - (WARNINGS_SHOWN - 1)
    assert decision.warnings[-1] == f"railguard: {left_out} more warnings not shown (railguard test lists them all)"
    assert all(len(w) <= WARNING_LIMIT for w in decision.warnings)
    assert sum(len(w) for w in decision.warnings) <= 4096  # what kube-apiserver passes on


def test_bounded_warnings_keep_the_notes(policies: PolicySet) -> None:
    expired = Exemption(0, ("*",), (), (), {}, "migration", dt.date(2020, 1, 1))
    config = ClusterConfig(actions={p.id: "warn" for p in policies.policies}, exemptions=(expired,))
    decision = review(request_for_manifest(_crowded_pod(100)), policies, config, mode="validate")
    assert len(decision.warnings) == WARNINGS_SHOWN
    notes = [w for w in decision.warnings if "expired" in w]
    assert notes and decision.warnings[-len(notes) :] == tuple(notes)
    assert "more warnings not shown" in decision.warnings[-len(notes) - 1]


def test_more_notes_than_places_are_bounded_too(policies: PolicySet) -> None:
    """A configuration with more expired exemptions than an answer has places for: the notes fill
    all places but one, which counts the rest (never a '0 more' line, never past the cap)."""
    expired = tuple(Exemption(i, ("*",), (), (), {}, f"migration {i}", dt.date(2020, 1, 1), ("c*",)) for i in range(40))
    config = ClusterConfig(exemptions=expired)
    decision = review(request_for_manifest(_crowded_pod(2)), policies, config, mode="validate", today=dt.date(2026, 11, 22))
    assert not decision.allowed and len(decision.notes) > WARNINGS_SHOWN
    assert len(decision.warnings) == WARNINGS_SHOWN
    assert decision.warnings[1:] == tuple(n if len(n) <= WARNING_LIMIT else n[: WARNING_LIMIT - 3] + "..." for n in decision.notes[: WARNINGS_SHOWN - 1])
    left_out = len(decision.notes) - (WARNINGS_SHOWN - 1)
    assert decision.warnings[0] == f"railguard: {left_out} more warnings not shown (railguard test lists them all)"


def _bundled_case_reviews() -> list[tuple[str, Any]]:
    """(case, decision) for each document of each bundled case, its policy set to warn."""
    from dataclasses import replace
    from pathlib import Path

    from webhook.casefiles import case_files
    from webhook.documents import read_source
    from webhook.policies import load_policies

    out = []
    for policy in load_policies(Path(__file__).parent.parent / "policies"):
        alone = PolicySet((replace(policy, action="warn"),), "case")
        for path in case_files(Path(policy.source).parent):
            documents, _ = read_source(str(path))
            out += [(path.name, review(request_for_manifest(d.obj), alone, ClusterConfig(), mode="validate")) for d in documents]
    return out


def test_every_bundled_warning_fits_and_ends_with_its_whole_fix() -> None:
    """kube-apiserver cuts a warning past 120 characters: each one of the bundled cases' findings
    names its policy and its container and ends with a whole fix, in at most 120 characters."""
    reviews = _bundled_case_reviews()
    assert sum(len(d.findings) for _, d in reviews) > 150
    for case, decision in reviews:
        for warning in decision.warnings:
            assert len(warning) <= WARNING_LIMIT and not warning.endswith("..."), (case, warning)
            assert FAKE_PASSWORD not in warning
        for finding in decision.findings:
            assert finding.brief and not finding.brief.endswith("..."), (case, finding.message)
            assert any(
                w.startswith(f"{finding.policy}: ") and w.endswith(f"; fix: {finding.brief}") and (finding.container or "") in w
                for w in decision.warnings
            ), (case, finding.message, decision.warnings)


@pytest.mark.parametrize("operation", ["CREATE", "UPDATE"])
def test_bundled_warnings_name_a_63_character_container_in_full(policies: PolicySet, operation: str) -> None:
    """Every bundled policy in warn mode on a container (and an ephemeral one) with the longest
    name the API allows: each warning names its policy and the whole name, in 120 characters;
    on UPDATE, with "(already present)" too."""
    name = "a-much-longer-container-name-" + "x" * 33 + "z"
    debug = "d" * 62 + "g"
    env = [{"name": "DB_PASSWORD", "value": FAKE_PASSWORD}]
    pod = {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"},
        "spec": {
            "containers": [{"name": name, "image": "x", "env": env}],
            "ephemeralContainers": [{"name": debug, "image": "x", "env": env, "securityContext": {"runAsUser": 0}}],
        },
    }
    warn_all = ClusterConfig(actions={p.id: "warn" for p in policies.policies})
    request = request_for_manifest(pod, operation=operation)
    if operation == "UPDATE":
        request["oldObject"] = copy.deepcopy(pod)
    decision = review(request, policies, warn_all, mode="validate")
    assert len(decision.findings) >= 6
    for finding in decision.findings:
        assert finding.container
        assert any(w.startswith(f"{finding.policy}: ") and f"{finding.container} " in w for w in decision.warnings), (
            finding.policy, finding.container, decision.warnings
        )
    for warning in decision.warnings:
        assert len(warning) <= WARNING_LIMIT, warning
        assert FAKE_PASSWORD not in warning
        if "; fix: " in warning and warning.endswith("..."):  # a cut fix ends on a whole word
            assert warning[-4].isalnum(), warning


def test_a_warning_gives_the_fix_in_short_and_the_audit_keeps_the_whole_message(policies: PolicySet) -> None:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "api", "image": "x"}]}}
    only = PolicySet((policies.get("require-run-as-non-root"),), "one")  # type: ignore[arg-type]
    decision = review(request_for_manifest(pod), only, ClusterConfig(actions={"require-run-as-non-root": "warn"}))
    assert decision.warnings == ('require-run-as-non-root: container "api" may run as root; fix: set runAsNonRoot: true',)
    assert decision.findings[0].message.startswith('container "api" may run as root: neither runAsNonRoot: true')
    assert "Fix: set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID" in decision.findings[0].message


def test_identical_warnings_are_given_once(policies: PolicySet) -> None:
    """Two env entries of one name (kube-apiserver keeps both) make two findings, the same warning."""
    env = [{"name": "DB_PASSWORD", "value": FAKE_PASSWORD}, {"name": "DB_PASSWORD", "value": FAKE_PASSWORD + "2"}]
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "api", "image": "x", "env": env}]}}
    only = PolicySet((policies.get("disallow-plaintext-secrets"),), "one")  # type: ignore[arg-type]
    decision = review(request_for_manifest(pod), only, ClusterConfig(actions={"disallow-plaintext-secrets": "warn"}))
    assert len(decision.findings) == 2
    assert decision.warnings == ('disallow-plaintext-secrets: container "api" env var "DB_PASSWORD"; fix: use valueFrom.secretKeyRef',)
    assert not any(FAKE_PASSWORD in w for w in decision.warnings)


def _many_containers(names: list[str], init: tuple[str, ...] = ()) -> dict[str, Any]:
    """A Deployment whose containers have nothing but a name and an image (each fails three
    policies the same way); the first sets one plain-text password twice (Kubernetes allows an
    env var twice) and another in a second container."""
    containers: list[dict[str, Any]] = [{"name": n, "image": "registry.example/app:1.0"} for n in names]
    containers[0]["env"] = [{"name": "DB_PASSWORD", "value": FAKE_PASSWORD}, {"name": "DB_PASSWORD", "value": FAKE_PASSWORD + "2"}]
    containers[-1]["env"] = [{"name": "DB_PASSWORD", "value": FAKE_PASSWORD}]
    spec: dict[str, Any] = {"containers": containers}
    if init:
        spec["initContainers"] = [{"name": n, "image": "registry.example/init:1.0"} for n in init]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "many", "namespace": "demo"},
        "spec": {"selector": {"matchLabels": {"app": "m"}}, "template": {"metadata": {"labels": {"app": "m"}}, "spec": spec}},
    }


def _bundled_case_objects() -> list[tuple[str, dict[str, Any]]]:
    from webhook.config import default_policy_dir
    from webhook.documents import read_source

    out = []
    for path in sorted(default_policy_dir().glob("*/cases/*.y*ml")):
        documents, _ = read_source(str(path))
        out += [(f"{path.parent.parent.name}/{path.name}#{d.doc}", d.obj) for d in documents]
    return out


def test_no_denial_holds_the_same_line_twice(policies: PolicySet) -> None:
    """Every bundled case and a many-container Deployment: an env var set twice in one container
    made two identical lines (one finding each, as the audit record keeps them)."""
    crafted = [("many", _many_containers([f"app-{i}" for i in range(12)], init=("setup", "migrate")))]
    denials = 0
    for label, obj in [*_bundled_case_objects(), *crafted]:
        for operation in ("CREATE", "UPDATE"):
            decision = review(request_for_manifest(obj, operation=operation), policies, ClusterConfig(), mode="validate")
            lines = decision.message.splitlines()
            denials += bool(lines)
            assert len(lines) == len(set(lines)), (label, [line for line in lines if lines.count(line) > 1])
    assert denials > 50


def test_a_denial_names_the_containers_that_share_a_problem_on_one_line(policies: PolicySet) -> None:
    names = ["web", "worker", "cache"]
    decision = review(request_for_manifest(_many_containers(names, init=("setup",))), policies, ClusterConfig(), mode="validate")
    lines = decision.message.splitlines()
    assert lines[0] == f"railguard denied Deployment demo/many: {len(decision.findings)} violations"
    probes = [line for line in lines if line.startswith("[require-probes] ")]
    assert probes == [
        '[require-probes] containers "web", "worker" and "cache" have no livenessProbe with a handler and no readinessProbe with a handler.'
        " Fix: add livenessProbe and readinessProbe with an httpGet, tcpSocket, grpc or exec handler."
    ]
    root = [line for line in lines if line.startswith("[require-run-as-non-root] ")]
    assert [line.split(" may run as root")[0] for line in root] == [
        '[require-run-as-non-root] init container "setup"',  # another list: its own line
        '[require-run-as-non-root] containers "web", "worker" and "cache"',
    ]
    secrets = [line for line in lines if line.startswith("[disallow-plaintext-secrets] ")]
    assert secrets == [
        '[disallow-plaintext-secrets] containers "web" and "cache": env var "DB_PASSWORD" sets a sensitive value in plain'
        " text. Fix: move the value into a Secret and reference it with valueFrom.secretKeyRef."
    ]
    # the findings stay one per container (and one per env var): audit record, railguard test, SARIF
    assert sum(f.policy == "require-probes" for f in decision.findings) == 3
    assert sum(f.policy == "disallow-plaintext-secrets" for f in decision.findings) == 3
    assert FAKE_PASSWORD not in decision.message


def test_a_grouped_line_names_ten_containers_and_counts_the_others(policies: PolicySet) -> None:
    names = [f"app-{i}" for i in range(25)]
    decision = review(request_for_manifest(_many_containers(names)), policies, ClusterConfig(), mode="validate")
    probes = [line for line in decision.message.splitlines() if line.startswith("[require-probes] ")]
    shown = ", ".join(f'"app-{i}"' for i in range(10))
    assert probes == [f"[require-probes] containers {shown} and 15 more have no livenessProbe with a handler and no readinessProbe with a handler."
                      " Fix: add livenessProbe and readinessProbe with an httpGet, tcpSocket, grpc or exec handler."]


def test_a_grouped_line_never_shows_a_container_name_that_is_a_credential(policies: PolicySet) -> None:
    token = "ghp_" + "FAKE0123456789abcdefFAKE0123456789ab"
    decision = review(request_for_manifest(_many_containers(["web", token, "cache"])), policies, ClusterConfig(), mode="validate")
    assert token not in decision.message
    assert '[require-probes] containers "web", "#1" and "cache" have no livenessProbe' in decision.message


def test_a_custom_message_template_groups_without_changing_the_problem(policies: PolicySet) -> None:
    import dataclasses

    probes = policies.get("require-probes")
    assert probes is not None
    custom = PolicySet((dataclasses.replace(probes, message="{title}: {problem} in {subject} ({fix})"),), "custom")
    decision = review(request_for_manifest(_many_containers(["a", "b"])), custom, ClusterConfig(), mode="validate")
    assert decision.message.splitlines()[1] == (
        f'[require-probes] {probes.title}: has no livenessProbe with a handler and no readinessProbe with a handler in containers "a" and "b"'
        " (add livenessProbe and readinessProbe with an httpGet, tcpSocket, grpc or exec handler)"
    )


def test_as_preexisting_copies_every_field_of_a_finding() -> None:
    from dataclasses import fields

    from webhook.engine import Finding

    values = {f.name: (f"{f.name}-value",) if f.name == "parts" else f"{f.name}-value" for f in fields(Finding)}
    values["preexisting"] = False
    finding = Finding(**values)
    marked = finding.as_preexisting()
    assert marked is not finding and finding.preexisting is False
    assert {f.name: getattr(marked, f.name) for f in fields(Finding)} == {**values, "preexisting": True}


# kube-apiserver turns each warning into a Warning header and drops one that holds a control
# character (Go's unicode.IsControl: U+0000-U+001F and U+007F-U+009F), tab included, silently
_GO_CONTROL = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))


def _rollout(container_name: str, env: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An Argo Rollout: a custom resource, whose container names kube-apiserver does not validate."""
    container: dict[str, Any] = {"name": container_name, "image": "registry.example/app:1.0"}
    if env:
        container["env"] = env
    return {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web", "namespace": "demo"},
        "spec": {"replicas": 1, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container]}}},
    }  # fmt: skip


@pytest.mark.parametrize(
    "obj",
    [
        _rollout("app\tdebug\nx\x1b[31m\x85"),
        _rollout("app", env=[{"name": "DB\tPASSWORD", "value": FAKE_PASSWORD}]),
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "demo"},
         "data": {"app.json": orjson.dumps({"db": {"pass\nword": FAKE_PASSWORD, "\x1b[2Jtoken": FAKE_PASSWORD}}).decode()}},
    ],
    ids=["container-name", "env-name", "configmap-json-key"],
)
def test_warnings_hold_no_control_character_and_denials_one_line_each(policies: PolicySet, obj: dict[str, Any]) -> None:
    """A tab, line break or terminal escape in a name kube-apiserver does not validate (a custom
    resource's container, an env var of one, a key in a ConfigMap's JSON) is escaped: in a warning,
    else kube-apiserver drops the warning without a word; in a denial, else it forges a line or
    reaches the terminal of whoever runs kubectl. The name is still given, escaped."""
    warn_all = ClusterConfig(actions={p.id: "warn" for p in policies.policies})
    warned = review(request_for_manifest(obj), policies, warn_all)
    assert warned.warnings and len(warned.warnings) == len(warned.findings)
    for warning in warned.warnings:
        assert not _GO_CONTROL & set(warning), warning
        assert len(warning) <= WARNING_LIMIT
    denied = review(request_for_manifest(obj), policies, ClusterConfig())
    assert not denied.allowed
    lines = denied.message.split("\n")
    assert len(lines) == 1 + len(denied.findings), denied.message
    assert not _GO_CONTROL & set(denied.message.replace("\n", "")), denied.message
    shown = "\n".join((*warned.warnings, denied.message))
    assert FAKE_PASSWORD not in shown
    if obj["kind"] == "Rollout" and "env" not in obj["spec"]["template"]["spec"]["containers"][0]:
        assert 'container "app\\tdebug\\nx\\x1b[31m\\x85"' in shown


def test_a_generate_name_object_is_patched_and_named_by_its_prefix(policies: PolicySet) -> None:
    """kube-apiserver sends a CREATE of an object with only ``metadata.generateName`` (a controller's
    Pods, ``kubectl create`` of a ``generateName`` manifest) before it picks the name: the patch
    must not depend on the name, and the decision names the object by its prefix."""
    obj = deployment(replicas=3)
    del obj["metadata"]["name"]
    obj["metadata"]["generateName"] = "web-"
    request = request_for_manifest(obj)
    request.pop("name", None)
    mutated = review(request, policies, ClusterConfig(), mode="mutate")
    assert mutated.verdict == "mutated" and mutated.name == "web-*"
    patched = jsonpatch.apply_patch(obj, list(mutated.patch))
    assert "name" not in patched["metadata"] and patched["metadata"]["generateName"] == "web-"
    after = review(request_for_manifest(patched), policies, ClusterConfig(), mode="validate")
    assert after.allowed and not after.findings


def test_a_dry_run_gets_the_same_answer_and_patch_flagged_dry_run(policies: PolicySet) -> None:
    """``kubectl apply --dry-run=server`` shows what the cluster would store: the dry run must get
    the patch and the verdict a real request gets (sideEffects: None), only flagged in the decision."""
    for obj in (deployment(replicas=3), deployment(compliant=False)):
        for mode in ("mutate", "validate"):
            real = review(request_for_manifest(obj) | {"dryRun": False}, policies, ClusterConfig(), mode=mode)
            dry = review(request_for_manifest(obj) | {"dryRun": True}, policies, ClusterConfig(), mode=mode)
            assert dry.dry_run and not real.dry_run
            assert (dry.verdict, dry.patch, dry.message, dry.warnings) == (real.verdict, real.patch, real.message, real.warnings)


def test_an_update_matches_each_old_finding_to_the_one_it_covers_with_the_fewest_parts(policies: PolicySet) -> None:
    """Two containers of one name (one finding key): the one lacking a memory limit and the one
    lacking every resource were both there before, in either order, so neither is new; each old
    finding accounts for one finding now, the one with the fewest parts first (else it would use up
    the old finding the other needs). One that now lacks more than before is new."""
    some = {"name": "app", "image": "x", "resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "1", "memory": "1Gi"}}}
    bare = {"name": "app", "image": "y"}

    def update(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Any:
        meta = {"name": "twins", "namespace": "demo"}
        request = request_for_manifest({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": {"containers": new}}, "UPDATE")
        request["oldObject"] = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": {"containers": old}}
        return review(request, policies, ClusterConfig(), mode="validate")

    found = [f for f in update([some, bare], [some, bare]).findings if f.policy == "require-resources"]
    assert len(found) == 2 and len(found[0].parts) < len(found[1].parts)  # the shape this test is about
    for old, new in (([some, bare], [some, bare]), ([bare, some], [some, bare])):
        decision = update(old, new)
        assert decision.allowed and decision.verdict == "warned", decision.message
        assert all(f.preexisting for f in decision.findings)
    decision = update([some, some], [some, bare])
    assert not decision.allowed and "require-resources" in decision.message


def _labeller(policies: PolicySet) -> PolicySet:
    """The bundled policies and one of the cluster's own that fills a label into the metadata of
    Deployments and ConfigMaps: outside any pod template."""
    import dataclasses

    from webhook.checks.base import CheckDef, Fill
    from webhook.policies import Match

    base = policies.get("zone-anti-affinity")
    assert base is not None
    check = CheckDef("label-team", lambda subject, params: [], mutate=lambda subject, params: [Fill(("metadata", "labels", "team"), "none")])
    match = Match(frozenset({"Deployment", "ConfigMap"}), frozenset({"CREATE", "UPDATE"}), ("*",), ())
    return PolicySet((*policies.policies, dataclasses.replace(base, id="label-team", check=check, match=match)), policies.digest)


def test_an_update_leaving_the_template_unchanged_still_gets_the_fills_outside_it(policies: PolicySet) -> None:
    """On UPDATE, only the fills into an unchanged pod template are held back (no rollout the edit
    did not ask for): a label into the object's own metadata still goes in, and an object with no
    pod template at all (a ConfigMap) gets its fills."""
    labelling = _labeller(policies)
    old = deployment(replicas=3)
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 4  # a scale: the template is as it was
    request = request_for_manifest(new, "UPDATE")
    request["oldObject"] = old
    decision = review(request, labelling, ClusterConfig(), mode="mutate")
    assert [op["path"] for op in decision.patch] == ["/metadata/labels"], decision.patch
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "demo"}, "data": {"a": "b"}}
    request = request_for_manifest(config_map, "UPDATE")
    request["oldObject"] = copy.deepcopy(config_map)
    decision = review(request, labelling, ClusterConfig(), mode="full")
    assert decision.allowed and [op["path"] for op in decision.patch] == ["/metadata/labels"]


@pytest.mark.parametrize("notes", [1, 2])
def test_warnings_and_notes_exactly_filling_the_places_are_all_given(notes: int) -> None:
    """As many warnings and notes together as an answer has places: every one is given, the notes
    last, and no line counting what is left out (nothing is)."""
    from webhook.engine import Finding
    from webhook.messages import warnings_of

    findings = [
        Finding("require-probes", "1.0.0", "warn", "low", "m", f"/spec/containers/{i}", f'container "c{i}"', False,
                who=f'container "c{i}"', problem="has no readinessProbe", fix="add one")
        for i in range(WARNINGS_SHOWN - notes)
    ]  # fmt: skip
    texts = tuple(f"railguard: note {i}" for i in range(notes))
    warnings = warnings_of(findings, texts)
    assert len(warnings) == WARNINGS_SHOWN and warnings[-notes:] == texts
    assert warnings[0] == 'require-probes: container "c0" has no readinessProbe; fix: add one'
    assert not any("not shown" in w for w in warnings)
