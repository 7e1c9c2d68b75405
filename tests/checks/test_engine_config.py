"""Engine semantics around the checks: actions, exemptions, parameters, broken files, operations,
unknown kinds and List expansion."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from check_helpers import FAKE, POLICIES, compliant, configmap, container, decide, findings, pod, workload

from webhook.admission import request_for_manifest, review
from webhook.checks import CHECKS
from webhook.checks.base import Param
from webhook.config import ClusterConfig, load_cluster_config, parse_cluster_config
from webhook.documents import parse_text
from webhook.errors import ConfigError, PolicyError
from webhook.params import resolve_params
from webhook.policies import load_policies, parse_policy
from webhook.workloads import WORKLOAD_KINDS
from webhook.yamlsafe import MAX_FILE_BYTES

TODAY = dt.date(2026, 11, 22)
ROOT = "require-run-as-non-root"


def _config(raw: dict[str, Any]) -> ClusterConfig:
    return parse_cluster_config(raw, POLICIES, "cluster.yaml")


def _root_pod(**meta: Any) -> dict[str, Any]:
    obj = pod([compliant(securityContext={"runAsUser": 0})], name=meta.pop("name", "web"), namespace=meta.pop("namespace", "shop"))
    obj["metadata"].update(meta)
    return obj


# --- actions ------------------------------------------------------------------------------------


def test_default_action_denies() -> None:
    decision = decide(_root_pod())
    assert not decision.allowed and decision.verdict == "denied" and decision.code == 403
    assert [f.policy for f in decision.findings] == [ROOT]


@pytest.mark.parametrize(
    ("action", "allowed", "verdict", "warned", "reported"),
    [
        ("deny", False, "denied", False, True),
        ("warn", True, "warned", True, True),
        ("audit", True, "allowed", False, True),
        ("off", True, "allowed", False, False),
    ],
)
def test_action_overrides(action: str, allowed: bool, verdict: str, warned: bool, reported: bool) -> None:
    decision = decide(_root_pod(), config=_config({"actions": {ROOT: action}}))
    assert decision.allowed is allowed and decision.verdict == verdict
    assert any(w.startswith(ROOT) for w in decision.warnings) is warned
    assert bool(decision.findings) is reported
    if reported:
        assert decision.findings[0].action == action


# --- exemptions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "obj", "exempt"),
    [
        ({"namespaces": ["legacy-*"]}, _root_pod(namespace="legacy-billing"), True),
        ({"namespaces": ["legacy-*"]}, _root_pod(namespace="shop"), False),
        ({"names": ["batch-*"]}, _root_pod(name="batch-7"), True),
        ({"names": ["batch-*"]}, _root_pod(name="web"), False),
        ({"selector": {"matchLabels": {"team": "data"}}}, _root_pod(labels={"team": "data", "x": "y"}), True),
        ({"selector": {"matchLabels": {"team": "data"}}}, _root_pod(labels={"team": "web"}), False),
        ({"namespaces": ["legacy-*"], "names": ["batch-*"]}, _root_pod(namespace="legacy-a", name="web"), False),
        ({"namespaces": ["legacy-*"], "names": ["batch-*"]}, _root_pod(namespace="legacy-a", name="batch-1"), True),
    ],
)
def test_exemption_criteria(criteria: dict[str, Any], obj: dict[str, Any], exempt: bool) -> None:
    config = _config({"exemptions": [{"policies": [ROOT], "reason": "vendor image, JIRA-1", "expires": "2027-01-31", **criteria}]})
    decision = decide(obj, config=config, today=TODAY)
    assert (decision.findings == ()) is exempt
    assert decision.allowed is exempt


def test_exemption_covers_only_its_policies() -> None:
    config = _config({"exemptions": [{"policies": [ROOT], "namespaces": ["*"], "reason": "r", "expires": "2027-01-31"}]})
    obj = pod([container(securityContext={"runAsUser": 0})])
    assert ROOT not in {f.policy for f in decide(obj, config=config, today=TODAY).findings}
    assert "require-resources" in {f.policy for f in decide(obj, config=config, today=TODAY).findings}
    wildcard = _config({"exemptions": [{"policies": ["*"], "namespaces": ["shop"], "reason": "r", "expires": "2027-01-31"}]})
    assert decide(obj, config=wildcard, today=TODAY).findings == ()


def test_an_expiry_given_as_a_timestamp_counts_by_its_date(tmp_path: Path) -> None:
    """YAML reads ``2027-01-31 10:00:00`` as a datetime: the exemption keeps its date, and applies
    (a datetime compared with today's date used to be a TypeError on every review)."""
    file = tmp_path / "cluster.yaml"
    file.write_text(
        "exemptions:\n  - policies: [require-run-as-non-root]\n    namespaces: [shop]\n"
        "    reason: vendor image\n    expires: 2026-11-22 10:00:00\n",
        encoding="utf-8",
    )
    config = load_cluster_config(file, POLICIES)
    assert config.exemptions[0].expires == dt.date(2026, 11, 22) and type(config.exemptions[0].expires) is dt.date
    assert decide(_root_pod(), config=config, today=TODAY).findings == ()
    assert not decide(_root_pod(), config=config, today=TODAY + dt.timedelta(days=1)).allowed


def test_expired_exemption_no_longer_applies_and_is_reported() -> None:
    config = _config({"exemptions": [{"policies": [ROOT], "namespaces": ["shop"], "reason": "migration JIRA-9", "expires": "2026-11-21"}]})
    decision = decide(_root_pod(), config=config, today=TODAY)
    assert not decision.allowed
    (note,) = decision.notes
    assert "expired on 2026-11-21" in note and ROOT in note and "migration JIRA-9" in note
    assert any("expired" in w for w in decision.warnings)


def test_an_expired_exemption_warning_keeps_the_policy_date_and_fix_when_its_reason_is_long() -> None:
    """Warnings are cut at 120 characters: the free-text reason used to come first and push the
    policy, the date and what to do out of the warning."""
    reason = "legacy batch system migration tracked in TICKET-4521, owned by the platform team, renew with care"
    config = _config({"exemptions": [{"policies": [ROOT], "namespaces": ["shop"], "reason": reason, "expires": "2026-11-21"}]})
    decision = decide(_root_pod(), config=config, today=TODAY)
    (warning,) = [w for w in decision.warnings if "expired" in w]
    assert len(warning) <= 120
    assert warning.startswith(f"{ROOT}: exemption #0 expired on 2026-11-21 and no longer applies; fix: extend or remove it")
    # the day it expires it still applies
    assert decide(_root_pod(), config=config, today=dt.date(2026, 11, 21)).allowed


def test_annotation_exemptions_only_when_allowed() -> None:
    obj = _root_pod(annotations={"railguard.io/exempt": f"{ROOT}, require-probes"})
    assert not decide(obj).allowed
    assert decide(obj, config=_config({"allowAnnotationExemptions": True})).allowed


# --- per-container exemptions -------------------------------------------------------------------

PROBES = "require-probes"
PROXY_IMAGE = "docker.io/istio/proxyv2:1.24.0"


def _meshed_pod(namespace: str = "shop", proxy_image: str = PROXY_IMAGE) -> dict[str, Any]:
    """An app container that passes everything, and an injected proxy with a readiness probe only."""
    proxy = compliant("istio-proxy", image=proxy_image)
    del proxy["livenessProbe"]
    return pod([compliant("app"), proxy], namespace=namespace)


def _container_exemption(**criteria: Any) -> ClusterConfig:
    exemption = {"policies": [PROBES], "reason": "mesh proxy has no liveness probe, MESH-7", "expires": "2027-01-31"}
    return _config({"exemptions": [{**exemption, **criteria}]})


@pytest.mark.parametrize(
    ("criteria", "exempt"),
    [
        ({"containers": ["istio-proxy"]}, True),
        ({"containers": ["istio-*", "linkerd-proxy"]}, True),
        ({"containers": ["linkerd-proxy"]}, False),
        ({"images": ["docker.io/istio/proxyv2:*"]}, True),
        ({"images": ["*/istio/proxyv2:*"]}, True),
        ({"images": ["docker.io/istio/proxyv2:1.23.*"]}, False),
        ({"containers": ["istio-proxy"], "images": ["docker.io/istio/*"]}, True),
        ({"containers": ["istio-proxy"], "images": ["registry.example/*"]}, False),  # both must match
        ({"containers": ["istio-proxy"], "namespaces": ["shop"]}, True),
        ({"containers": ["istio-proxy"], "namespaces": ["payments"]}, False),  # and the object criteria too
    ],
)
def test_container_exemption_criteria(criteria: dict[str, Any], exempt: bool) -> None:
    decision = decide(_meshed_pod(), config=_container_exemption(**criteria), today=TODAY)
    assert decision.allowed is exempt
    assert bool(decision.findings) is not exempt
    if not exempt:
        (finding,) = decision.findings
        assert finding.policy == PROBES and finding.container == 'container "istio-proxy"'


def test_container_exemption_leaves_the_other_containers_judged() -> None:
    obj = _meshed_pod()
    del obj["spec"]["containers"][0]["readinessProbe"]  # the app itself now breaks the same policy
    decision = decide(obj, config=_container_exemption(containers=["istio-proxy"]), today=TODAY)
    assert not decision.allowed
    assert [(f.policy, f.container, f.path) for f in decision.findings] == [(PROBES, 'container "app"', "/spec/containers/0")]


def test_container_exemption_covers_only_its_policies_and_lists() -> None:
    obj = _meshed_pod()
    obj["spec"]["containers"][1]["securityContext"] = {"runAsUser": 0}
    decision = decide(obj, config=_container_exemption(containers=["istio-proxy"]), today=TODAY)
    assert [(f.policy, f.container) for f in decision.findings] == [(ROOT, 'container "istio-proxy"')]
    init = pod([compliant("app")], initContainers=[container("istio-init", securityContext={"runAsUser": 0})])
    config = _config({"exemptions": [{"policies": [ROOT, "require-resources"], "containers": ["istio-init"], "reason": "r", "expires": "2027-01-31"}]})
    assert decide(init, config=config, today=TODAY).findings == ()
    deployment = workload("Deployment", [compliant("app"), _meshed_pod()["spec"]["containers"][1]], replicas=1)
    assert decide(deployment, config=_container_exemption(images=["*/istio/proxyv2:*"]), today=TODAY).allowed


def test_container_exemption_covers_a_pod_level_user_for_its_container_only() -> None:
    """``runAsUser: 0`` on the pod is each container's own user: an exemption for one container
    covers that container's finding (reported at the pod's field), not the others'."""
    obj = pod([compliant("agent"), compliant("app")], securityContext={"runAsUser": 0})
    for c in obj["spec"]["containers"]:
        c["securityContext"] = {}
    config = _config({"exemptions": [{"policies": [ROOT], "containers": ["agent"], "reason": "vendor agent, SEC-9", "expires": "2027-01-31"}]})
    decision = decide(obj, config=config, today=TODAY)
    assert [(f.policy, f.container, f.path) for f in decision.findings] == [(ROOT, 'container "app"', "/spec/securityContext/runAsUser")]
    both = _config({"exemptions": [{"policies": [ROOT], "containers": ["agent", "app"], "reason": "r", "expires": "2027-01-31"}]})
    assert decide(obj, config=both, today=TODAY).allowed


def test_container_exemption_judges_a_container_without_the_field_as_unmatched() -> None:
    obj = _meshed_pod()
    del obj["spec"]["containers"][1]["image"]
    assert not decide(obj, config=_container_exemption(images=["*"]), today=TODAY).allowed
    assert decide(obj, config=_container_exemption(containers=["*"]), today=TODAY).allowed


def test_expired_container_exemption_is_reported_once_per_policy() -> None:
    obj = _meshed_pod()
    obj["spec"]["containers"].append({**obj["spec"]["containers"][1], "name": "istio-proxy-2"})
    config = _config({"exemptions": [{"policies": [PROBES], "containers": ["istio-*"], "reason": "MESH-7", "expires": "2026-11-21"}]})
    decision = decide(obj, config=config, today=TODAY)
    assert not decision.allowed and len(decision.findings) == 2
    assert decision.notes == (f"{PROBES}: exemption #0 expired on 2026-11-21 and no longer applies; fix: extend or remove it (reason: MESH-7)",)
    assert decide(obj, config=config, today=dt.date(2026, 11, 21)).allowed


def test_container_exemption_on_update_keeps_preexisting_logic() -> None:
    config = _container_exemption(containers=["istio-proxy"])
    old = _meshed_pod()
    new = _meshed_pod()
    new["metadata"]["labels"] = {"rev": "2"}
    decision = decide(new, config=config, today=TODAY, operation="UPDATE", old=old)
    assert decision.allowed and decision.findings == () and decision.warnings == ()


def test_container_exemptions_do_not_touch_object_findings() -> None:
    """A ConfigMap has no containers: a per-container exemption never covers its findings."""
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "shop"}, "data": {"DB_PASSWORD": FAKE}}
    config = _config({"exemptions": [{"policies": ["*"], "containers": ["*"], "reason": "r", "expires": "2027-01-31"}]})
    assert not decide(cm, config=config, today=TODAY).allowed


# --- cluster config file ------------------------------------------------------------------------


def test_a_config_file_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "cluster.yaml"
    file.write_text(
        "actions:\n  require-probes: warn\n"
        "parameters:\n  require-resources: {require: [limits.memory]}\n"
        "exemptions:\n  - policies: [require-run-as-non-root]\n    namespaces: [kube-system]\n"
        "    reason: CNI needs root\n    expires: 2027-06-30\n"
        "allowAnnotationExemptions: false\n",
        encoding="utf-8",
    )
    config = load_cluster_config(file, POLICIES)
    assert config.actions == {"require-probes": "warn"}
    assert config.parameters["require-resources"]["require"] == ["limits.memory"]
    assert config.exemptions[0].expires == dt.date(2027, 6, 30)
    obj = pod([container(resources={"limits": {"memory": "1Gi"}})], namespace="kube-system")
    decision = decide(obj, config=config, today=TODAY)
    assert decision.allowed and decision.verdict == "warned"
    assert {f.policy for f in decision.findings} == {"require-probes"}


@pytest.mark.parametrize(
    ("raw", "field", "problem"),
    [
        ([1, 2], "", "must be a YAML mapping"),
        ({"rules": {}}, "rules", "unknown field"),
        ({"actions": {"no-such-policy": "warn"}}, "actions.no-such-policy", "unknown policy"),
        ({"actions": {ROOT: "block"}}, f"actions.{ROOT}", "must be one of deny, warn, audit, off"),
        ({"actions": ["deny"]}, "actions", "must be a mapping"),
        ({"parameters": {"require-resources": {"require": ["limits.gpu"]}}}, "parameters.require-resources.require", "must be one of"),
        ({"parameters": {"require-resources": {"requests": True}}}, "parameters.require-resources.requests", "unknown parameter"),
        ({"parameters": {"require-resources": "all"}}, "parameters.require-resources", "must be a mapping"),
        # an item that is no string: a clear error, not a crash compiling it as a pattern
        ({"parameters": {"disallow-plaintext-secrets": {"allowedNames": [5]}}}, "parameters.disallow-plaintext-secrets.allowedNames", "every item must be str"),
        ({"exemptions": {"a": 1}}, "exemptions", "must be a list"),
        ({"exemptions": ["legacy-*"]}, "exemptions[0]", "must be a mapping"),
        ({"exemptions": [{"policies": [ROOT], "namespaces": ["x"], "reason": "r", "expires": "2027-01-01"}, 7]}, "exemptions[1]", "must be a mapping"),
        ({"exemptions": [{"policies": [ROOT], "namespaces": ["x"], "expires": "2027-01-01"}]}, "exemptions[0].reason", "is required"),
        ({"exemptions": [{"policies": [ROOT], "namespaces": ["x"], "reason": "r"}]}, "exemptions[0].expires", "is required"),
        ({"exemptions": [{"policies": [ROOT], "namespaces": ["x"], "reason": "r", "expires": "soon"}]}, "exemptions[0].expires", "must be a date"),
        ({"exemptions": [{"policies": [ROOT], "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0]", "must narrow"),
        ({"exemptions": [{"policies": ["nope"], "namespaces": ["x"], "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0].policies", "unknown policy"),
        ({"exemptions": [{"policies": [ROOT], "namespaces": ["x"], "reason": " ", "expires": "2027-01-01"}]}, "exemptions[0].reason", "non-empty"),
        ({"exemptions": [{"policies": [ROOT], "selector": {"team": "x"}, "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0].selector", "matchLabels"),
        ({"exemptions": [{"policies": [ROOT], "containers": "istio-proxy", "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0].containers", "list of non-empty strings"),
        ({"exemptions": [{"policies": [ROOT], "images": [""], "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0].images", "list of non-empty strings"),
        ({"exemptions": [{"policies": [ROOT], "containers": [], "reason": "r", "expires": "2027-01-01"}]}, "exemptions[0]", "namespaces, names, selector, containers or images"),
        ({"allowAnnotationExemptions": "yes"}, "allowAnnotationExemptions", "true or false"),
        # a label is a string: these were read as "True", "None", "1.5" and never matched (the exemption silently void)
        ({"exemptions": [{"policies": [ROOT], "selector": {"matchLabels": {"legacy": True}}, "reason": "r", "expires": "2027-01-01"}]},
         "exemptions[0].selector.matchLabels", 'must be strings, got bool (quote it: "true", "1")'),
        ({"exemptions": [{"policies": [ROOT], "selector": {"matchLabels": {"team": None}}, "reason": "r", "expires": "2027-01-01"}]},
         "exemptions[0].selector.matchLabels", "must be strings, got NoneType"),
        ({"exemptions": [{"policies": [ROOT], "selector": {"matchLabels": {"tier": 1.5}}, "reason": "r", "expires": "2027-01-01"}]},
         "exemptions[0].selector.matchLabels", "must be strings, got float"),
        ({"exemptions": [{"policies": [ROOT], "selector": {"matchLabels": {1: "x"}}, "reason": "r", "expires": "2027-01-01"}]},
         "exemptions[0].selector.matchLabels", "must be strings, got int"),
    ],
)
def test_broken_config_is_rejected_with_file_field_and_problem(tmp_path: Path, raw: Any, field: str, problem: str) -> None:
    file = tmp_path / "cluster.yaml"
    file.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_cluster_config(file, POLICIES)
    assert error.value.file == str(file)
    assert error.value.field == field
    assert problem in error.value.problem
    assert str(error.value).startswith(str(file))


def test_unreadable_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_cluster_config(tmp_path / "missing.yaml", POLICIES)
    bad = tmp_path / "bad.yaml"
    bad.write_text("actions: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_cluster_config(bad, POLICIES)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.timeout(20)
def test_a_fifo_a_device_or_a_huge_file_is_refused_without_hanging_or_filling_memory(tmp_path: Path) -> None:
    """A FIFO without a writer would block the load (and a server's reload) forever, /dev/zero
    would be read until memory runs out: neither is read, and a regular file has a size limit."""
    fifo = tmp_path / "cluster.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="cannot read: not a regular file"):
        load_cluster_config(fifo, POLICIES)
    folder = tmp_path / "lib" / "my-policy"
    folder.mkdir(parents=True)
    (folder / "policy.yaml").symlink_to("/dev/zero")
    with pytest.raises(PolicyError, match="cannot read: not a regular file") as error:
        load_policies(tmp_path / "lib")
    assert error.value.file == str(folder / "policy.yaml")
    (folder / "policy.yaml").unlink()
    (folder / "policy.yaml").write_text(yaml.safe_dump(GOOD_POLICY) + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"cannot read: larger than 1 MiB \(a ConfigMap's limit\)"):
        load_policies(tmp_path / "lib")
    (folder / "policy.yaml").write_text(yaml.safe_dump(GOOD_POLICY), encoding="utf-8")
    assert [p.id for p in load_policies(tmp_path / "lib")] == ["my-policy"]


@pytest.mark.parametrize("value", ["!!int x", "!!bool maybe", "!!timestamp x", "!!float ''"])
def test_a_value_its_explicit_tag_cannot_read_is_a_config_or_policy_error(tmp_path: Path, value: str) -> None:
    file = tmp_path / "cluster.yaml"
    file.write_text(f"actions:\n  {ROOT}: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_cluster_config(file, POLICIES)
    assert (error.value.file, error.value.field) == (str(file), "")
    assert error.value.problem.startswith("invalid YAML: cannot read this value as !!") and "(line 2)" in error.value.problem
    folder = tmp_path / "my-policy"
    folder.mkdir()
    (folder / "policy.yaml").write_text(yaml.safe_dump(GOOD_POLICY) + f"message: {value}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="invalid YAML: cannot read this value as !!"):
        load_policies(tmp_path)


def test_a_key_given_twice_is_a_config_or_policy_error(tmp_path: Path) -> None:
    """In railguard's own files the last of two equal keys does not silently win (an action
    weakened by a second ``action:`` further down); a ``<<`` merge may still be overridden."""
    file = tmp_path / "cluster.yaml"
    file.write_text(f"actions:\n  {ROOT}: deny\n  {ROOT}: audit\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_cluster_config(file, POLICIES)
    assert (error.value.file, error.value.field) == (str(file), "")
    assert error.value.problem.startswith(f"invalid YAML: found duplicate key '{ROOT}'") and "(line 3)" in error.value.problem
    file.write_text(f"actions: {{<<: {{{ROOT}: deny}}, {ROOT}: audit}}\n", encoding="utf-8")
    assert load_cluster_config(file, POLICIES).actions == {ROOT: "audit"}
    folder = tmp_path / "my-policy"
    folder.mkdir()
    (folder / "policy.yaml").write_text(yaml.safe_dump(GOOD_POLICY) + "action: audit\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="invalid YAML: found duplicate key 'action'"):
        load_policies(tmp_path)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("1: x\nfoo: y\n", "1"),
        ("null: x\nactions: {}\n", "None"),
        (f"exemptions:\n- {{policies: [{ROOT}], namespaces: [x], reason: r, expires: 2027-01-01, 7: a, b: c}}\n", "exemptions[0].7"),
    ],
)
def test_keys_that_are_not_strings_are_named_in_the_error(tmp_path: Path, text: str, field: str) -> None:
    """Unknown keys are sorted for the message: a number or null beside a string must not crash."""
    file = tmp_path / "cluster.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_cluster_config(file, POLICIES)
    assert (error.value.file, error.value.field) == (str(file), field)
    assert "unknown field" in error.value.problem


def test_bare_off_action_says_to_quote_it(tmp_path: Path) -> None:
    """YAML 1.1 reads an unquoted off as false: the error must not read 'must be one of ... off'
    alone, which is what the user wrote."""
    file = tmp_path / "cluster.yaml"
    file.write_text(f"actions:\n  {ROOT}: off\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_cluster_config(file, POLICIES)
    assert error.value.field == f"actions.{ROOT}"
    assert error.value.problem == 'must be one of deny, warn, audit, off (YAML reads a bare off as false: write "off")'
    file.write_text(f'actions:\n  {ROOT}: "off"\n', encoding="utf-8")
    assert load_cluster_config(file, POLICIES).actions == {ROOT: "off"}


# --- policy files -------------------------------------------------------------------------------

GOOD_POLICY: dict[str, Any] = {
    "id": "my-policy", "version": "1.0.0", "title": "t", "description": "d", "severity": "high",
    "action": "deny", "target": "Container", "check": "run-as-non-root",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"id": "My_Policy"}, "id", "DNS label"),
        ({"version": "1.0"}, "version", "semantic version"),
        ({"version": "1.0.0\n"}, "version", "semantic version"),  # `$` alone would let a final newline through
        ({"version": "\u0661.0.0"}, "version", "semantic version"),  # an Arabic-Indic digit is not a digit of semver
        ({"version": "1.0.0-rc.1\n"}, "version", "semantic version"),
        ({"id": "my-policy\n"}, "id", "DNS label"),
        ({"severity": "urgent"}, "severity", "must be one of"),
        ({"action": "block"}, "action", "must be one of deny, warn, audit"),
        ({"target": "Node"}, "target", "must be one of"),
        ({"check": "no-such-check"}, "check", "unknown check"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"title": None}, "title", "must be a str"),
        ({"params": {"bogus": 1}}, "params.bogus", "unknown parameter"),
        ({"check": "resources", "params": {"require": "all"}}, "params.require", "must be a list"),
        ({"check": "plaintext-secrets", "params": {"extraNames": [True]}}, "params.extraNames", "every item must be str"),
        ({"message": "{subject} {value}"}, "message", "unknown placeholder {value}"),
        ({"message": "{subject"}, "message", "not a valid template"),
        ({"message": "{subject!z}"}, "message", "placeholder {subject} must be plain"),
        ({"message": "{subject!r}"}, "message", "placeholder {subject} must be plain"),
        ({"message": "{subject:d}"}, "message", "placeholder {subject} must be plain"),
        ({"message": "{problem:{x}}"}, "message", "placeholder {problem} must be plain"),
        ({"message": "{fix:>99999999999}"}, "message", "placeholder {fix} must be plain"),
        ({"mutate": True}, "mutate", "has no mutation"),
        ({"match": {"kinds": []}}, "match.kinds", "at least one kind"),
        ({"match": {"operations": ["DELETE"]}}, "match.operations", "not one of"),
        ({"match": {"namespace": ["x"]}}, "match.namespace", "unknown field"),
        # a misspelt include would otherwise leave the policy on every namespace, silently
        ({"match": {"namespaces": {"includes": ["shop"]}}}, "match.namespaces", "must be a mapping with include and/or exclude"),
        ({"match": {"namespaces": ["shop"]}}, "match.namespaces", "must be a mapping with include and/or exclude"),
        ({1: "x", "colour": "red"}, "1", "unknown field"),
        ({None: "x", "colour": "red"}, "None", "unknown field"),
        ({"match": {2: ["x"], "namespace": ["x"]}}, "match.2", "unknown field"),
        ({"params": {1: 2, "bogus": 1}}, "params.1", "unknown parameter"),
        ({"check": "zone-anti-affinity", "params": {"minReplicas": 2**63}}, "params.minReplicas", "64-bit"),
        ({"check": "zone-anti-affinity", "params": {"weight": 0}}, "params.weight", "must be between 1 and 100, got 0"),
        ({"check": "zone-anti-affinity", "params": {"weight": 101}}, "params.weight", "must be between 1 and 100, got 101"),
        ({"check": "zone-anti-affinity", "params": {"minReplicas": 0}}, "params.minReplicas", "must be >= 1, got 0"),
    ],
)
def test_broken_policy_is_rejected_with_file_field_and_problem(change: dict[str, Any], field: str, problem: str) -> None:
    raw = {**GOOD_POLICY, **change}
    with pytest.raises(PolicyError) as error:
        parse_policy(raw, "policies/my-policy/policy.yaml")
    assert error.value.file == "policies/my-policy/policy.yaml"
    assert error.value.field == field
    assert problem in error.value.problem


@pytest.mark.parametrize("params", [{"weight": 1}, {"weight": 100}, {"minReplicas": 1, "weight": 50}])
def test_a_parameter_at_its_bounds_is_accepted(params: dict[str, Any]) -> None:
    policy = parse_policy({**GOOD_POLICY, "check": "zone-anti-affinity", "params": params}, "policies/my-policy/policy.yaml")
    assert {k: policy.params[k] for k in params} == params


@pytest.mark.parametrize(
    ("check", "target", "kinds", "unknown"),
    [
        ("run-as-non-root", "Container", ["Deployment", "Banana"], "Banana"),
        ("resources", "Container", ["deployment"], "deployment"),  # kinds are case-sensitive, as the engine matches them
        ("probes", "Container", ["Deployment", "ConfigMap"], "ConfigMap"),  # only plaintext-secrets reads ConfigMaps
        ("zone-anti-affinity", "PodSpec", ["Service"], "Service"),
        ("plaintext-secrets", "Object", ["ConfigMap", "Secret"], "Secret"),
    ],
)
def test_a_built_in_check_on_a_kind_it_cannot_judge_is_a_load_error(check: str, target: str, kinds: list[str], unknown: str) -> None:
    raw = {**GOOD_POLICY, "check": check, "target": target, "match": {"kinds": kinds}}
    with pytest.raises(PolicyError) as error:
        parse_policy(raw, "policies/my-policy/policy.yaml")
    assert (error.value.file, error.value.field) == ("policies/my-policy/policy.yaml", "match.kinds")
    accepted = sorted(CHECKS[check].kinds or ())
    assert error.value.problem == (
        f"check {check} cannot judge kind {unknown!r}, so it would never apply (accepted: {', '.join(accepted)})"
    )
    assert set(WORKLOAD_KINDS) <= set(accepted)


def test_every_built_in_check_says_which_kinds_it_judges() -> None:
    for name, check in CHECKS.items():
        assert check.kinds is not None and WORKLOAD_KINDS <= check.kinds, name
    assert CHECKS["plaintext-secrets"].kinds == WORKLOAD_KINDS | {"ConfigMap"}
    for check_name, target in (("plaintext-secrets", "Object"), ("probes", "Container"), ("zone-anti-affinity", "PodSpec")):
        kinds = sorted(CHECKS[check_name].kinds or ())
        policy = parse_policy({**GOOD_POLICY, "check": check_name, "target": target, "match": {"kinds": kinds}}, "p.yaml")
        assert policy.match.kinds == set(kinds)
    for target in ("Container", "PodSpec"):  # the default kinds of a pod target are the workload table
        assert parse_policy({**GOOD_POLICY, "target": target}, "p.yaml").match.kinds == WORKLOAD_KINDS


def test_a_huge_integer_parameter_is_a_policy_error_not_a_digest_crash(tmp_path: Path) -> None:
    folder = tmp_path / "my-policy"
    folder.mkdir()
    raw = {**GOOD_POLICY, "check": "zone-anti-affinity", "target": "PodSpec", "params": {"minReplicas": 10**30}}
    (folder / "policy.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(tmp_path)
    assert (error.value.field, error.value.problem) == ("params.minReplicas", "must be a 64-bit integer")


def test_missing_required_policy_field() -> None:
    raw = {k: v for k, v in GOOD_POLICY.items() if k != "severity"}
    with pytest.raises(PolicyError) as error:
        parse_policy(raw, "p.yaml")
    assert (error.value.field, error.value.problem) == ("severity", "is required")


def test_broken_policy_directory(tmp_path: Path) -> None:
    folder = tmp_path / "wrong-name"
    folder.mkdir()
    (folder / "policy.yaml").write_text(yaml.safe_dump(GOOD_POLICY), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(tmp_path)
    assert error.value.field == "id" and "folder name" in error.value.problem
    (folder / "policy.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="invalid YAML"):
        load_policies(tmp_path)
    with pytest.raises(PolicyError, match="does not exist"):
        load_policies(tmp_path / "nowhere")
    with pytest.raises(PolicyError, match="no \\*/policy.yaml found: this is a policy folder; give the directory that holds it"):
        load_policies(folder)


# --- operations ---------------------------------------------------------------------------------


def test_update_with_a_preexisting_violation_warns() -> None:
    old = _root_pod()
    new = _root_pod(labels={"release": "2"})
    decision = decide(new, operation="UPDATE", old=old)
    assert decision.allowed and decision.verdict == "warned"
    (finding,) = [f for f in decision.findings if f.policy == ROOT]
    assert finding.preexisting
    assert any(w.startswith(f"{ROOT}: (already present)") for w in decision.warnings)


def test_update_introducing_a_violation_is_denied() -> None:
    old = pod([compliant()])
    new = pod([compliant(securityContext={"runAsUser": 0})])
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    assert not decision.findings[0].preexisting


def test_update_new_container_with_violation_is_denied_even_if_another_had_it() -> None:
    old = pod([compliant("a", securityContext={"runAsUser": 0})])
    new = pod([compliant("a", securityContext={"runAsUser": 0}), compliant("b", securityContext={"runAsUser": 0})])
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    assert [f.preexisting for f in decision.findings] == [True, False]


def test_delete_passes_untouched() -> None:
    request = request_for_manifest(_root_pod(), operation="DELETE")
    request["oldObject"], request["object"] = request["object"], None
    decision = review(request, POLICIES, ClusterConfig(), mode="full")
    assert decision.allowed and not decision.reviewed and decision.findings == () and decision.patch == ()


@pytest.mark.parametrize("kind", ["Service", "Secret", "Namespace", "MyCustomResource", ""])
def test_unknown_kinds_get_no_pod_findings(kind: str) -> None:
    obj = {"apiVersion": "example.com/v1", "kind": kind, "metadata": {"name": "x"},
           "spec": {"containers": [container(env=[{"name": "DB_PASSWORD", "value": FAKE}])], "replicas": 5}}  # fmt: skip
    decision = decide(obj, mode="full")
    assert decision.allowed and decision.findings == () and decision.patch == ()


def test_list_expansion_via_documents() -> None:
    items = [pod([compliant()], name="good"), pod([container()], name="bad"), workload("Deployment", [compliant()], name="d", replicas=3)]
    text = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": items}) + "---\n# empty\n---\n" + yaml.safe_dump(pod([compliant()], name="after"))
    documents, errors = parse_text(text, "list.yaml")
    assert errors == []
    assert [(d.doc, d.item, d.obj["metadata"]["name"]) for d in documents] == [(0, 0, "good"), (0, 1, "bad"), (0, 2, "d"), (1, None, "after")]
    verdicts = {d.obj["metadata"]["name"]: decide(d.obj, mode="full") for d in documents}
    assert verdicts["good"].allowed and verdicts["after"].allowed
    assert not verdicts["bad"].allowed
    assert verdicts["d"].allowed and verdicts["d"].patch  # mutated, nothing denied


def test_update_adding_a_second_secret_to_a_violating_container_is_denied() -> None:
    old = pod([compliant(env=[{"name": "DB_PASSWORD", "value": FAKE}])])
    new = pod([compliant(env=[{"name": "DB_PASSWORD", "value": FAKE}, {"name": "API_TOKEN", "value": FAKE}])])
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    assert [(f.item, f.preexisting) for f in decision.findings] == [("env:DB_PASSWORD", True), ("env:API_TOKEN", False)]


def test_update_adding_a_second_env_var_of_the_same_name_with_a_secret_is_denied() -> None:
    # the API server accepts duplicate env names: the new one is a new plain-text secret, not the old one
    old = pod([compliant(env=[{"name": "DB_PASSWORD", "value": FAKE}])])
    new = pod([compliant(env=[{"name": "DB_PASSWORD", "value": FAKE}, {"name": "DB_PASSWORD", "value": FAKE + "-2"}])])
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    assert sorted(f.preexisting for f in decision.findings) == [False, True]
    assert FAKE not in decision.message


@pytest.mark.parametrize(
    ("before", "after", "denied"),
    [
        # the new setting above the old one, which moves a line down: the old one still only warns
        ({"app.properties": "db.password=" + FAKE + "\n"}, {"app.properties": "api.token=" + FAKE + "\ndb.password=" + FAKE + "\n"}, '"api.token"'),
        ({"app.properties": "db.password=" + FAKE + "\n"}, {"app.properties": "db.password=" + FAKE + "\ndb.password=" + FAKE + "-2\n"}, "(line 2)"),
        ({"run.sh": "#!/bin/sh\nmysql -p" + FAKE + " db\n"}, {"run.sh": "#!/bin/sh\nmysql -p" + FAKE + " db\ncurl -u admin:" + FAKE + " http://x\n"}, "curl"),
        ({"AKIAIOSFODNN7EXAMPLE": "x"}, {"AKIAIOSFODNN7EXAMPLE": "x", "AKIAIOSFODNN7EXAMPL2": "y"}, "not shown"),
        # an entry judged as one credential: a secret added next to it is a finding of its own
        ({"db.conf": "host=db user=app password=" + FAKE}, {"db.conf": "host=db user=app password=" + FAKE + "\napi_token=" + FAKE + "\n"}, '"api_token"'),
        (
            {"app.properties": "primary.url=postgres://app:" + FAKE + "@db1/shop\n"},
            {"app.properties": "primary.url=postgres://app:" + FAKE + "@db1/shop\nreplica.url=postgres://app:" + FAKE + "@db2/shop\n"},
            "(line 2)",
        ),
    ],
    ids=["another-setting", "the-same-setting-twice", "another-script-line", "another-hidden-key", "a-setting-next-to-a-credential", "a-second-dsn"],
)
def test_update_adding_a_secret_to_a_configmap_entry_that_had_one_is_denied(before: dict[str, str], after: dict[str, str], denied: str) -> None:
    decision = decide(configmap(after), operation="UPDATE", old=configmap(before))
    assert not decision.allowed
    assert sorted(f.preexisting for f in decision.findings) == [False, True]
    (new,) = [f for f in decision.findings if not f.preexisting]
    assert denied in new.message
    assert FAKE not in decision.message


def test_update_swapping_a_hidden_credential_key_for_another_is_denied() -> None:
    old = configmap({"AKIAIOSFODNN7EXAMPLE": "x"})
    same = decide(configmap({"AKIAIOSFODNN7EXAMPLE": "y"}), operation="UPDATE", old=old)
    assert same.allowed and [f.preexisting for f in same.findings] == [True]
    swapped = decide(configmap({"AKIAIOSFODNN7EXAMPL2": "x"}), operation="UPDATE", old=old)
    assert not swapped.allowed and [f.preexisting for f in swapped.findings] == [False]
    assert "AKIAIOSFODNN7EXAMPL" not in repr(swapped)  # not in any message, path or item


def test_update_swapping_an_env_var_name_that_is_a_credential_for_another_is_denied() -> None:
    token = "ghp_" + "a" * 36

    def with_name(name: str) -> dict[str, Any]:
        return pod([compliant(env=[{"name": name, "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}])])

    assert decide(with_name(token), operation="UPDATE", old=with_name(token)).allowed
    swapped = decide(with_name("ghp_" + "b" * 36), operation="UPDATE", old=with_name(token))
    assert not swapped.allowed and [f.preexisting for f in swapped.findings] == [False]
    assert "a" * 36 not in repr(swapped) and "b" * 36 not in repr(swapped)


def _settings(count: int, first: int = 0) -> str:
    return "".join(f"s{i}.password={FAKE}\n" for i in range(first, first + count))


def test_update_adding_secrets_past_the_listed_ones_is_denied() -> None:
    old = configmap({"app.properties": _settings(22)})
    assert decide(configmap({"app.properties": _settings(22)}), operation="UPDATE", old=old).allowed
    fewer = decide(configmap({"app.properties": _settings(21)}), operation="UPDATE", old=old)
    assert fewer.allowed and all(f.preexisting for f in fewer.findings)
    more = decide(configmap({"app.properties": _settings(25)}), operation="UPDATE", old=old)
    assert not more.allowed
    (new,) = [f for f in more.findings if not f.preexisting]
    assert "5 more secrets" in new.message
    another = decide(configmap({"app.properties": _settings(21) + _settings(1, first=99)}), operation="UPDATE", old=old)
    assert not another.allowed  # as many as before, but one is another setting
    assert FAKE not in more.message + another.message


def _omnibus(*names: str) -> dict[str, Any]:
    config = "external_url 'https://gitlab.example.com'\n" + "".join(f"gitlab_rails['{n}'] = '{FAKE}'\n" for n in names)
    return pod([compliant(env=[{"name": "GITLAB_OMNIBUS_CONFIG", "value": config}])])


@pytest.mark.parametrize(
    "after",
    [("db_password", "smtp_password"), ("smtp_password", "db_password"), ("db_password", "db_password")],
    ids=["another-below", "another-above", "the-same-twice"],
)
def test_update_adding_a_setting_to_a_config_file_in_an_env_var_is_denied(after: tuple[str, ...]) -> None:
    old = _omnibus("db_password")
    assert decide(_omnibus("db_password"), operation="UPDATE", old=old).allowed
    decision = decide(_omnibus(*after), operation="UPDATE", old=old)
    assert not decision.allowed
    assert [f.preexisting for f in decision.findings if f.policy == "disallow-plaintext-secrets"] == [False]
    assert FAKE not in decision.message
    fewer = decide(old, operation="UPDATE", old=_omnibus(*after))
    assert fewer.allowed  # dropping one is no new secret


def test_update_that_shifts_indices_keeps_preexisting_findings() -> None:
    old = pod([compliant("app", env=[{"name": "DB_PASSWORD", "value": FAKE}], args=["--token", FAKE])])
    new = pod(
        [
            compliant("sidecar"),
            compliant("app", env=[{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": FAKE}], args=["-v", "--token", FAKE]),
        ]
    )
    decision = decide(new, operation="UPDATE", old=old)
    assert decision.allowed and decision.verdict == "warned"
    assert [f.path for f in decision.findings] == ["/spec/containers/1/env/1/value", "/spec/containers/1/args/2"]
    assert all(f.preexisting for f in decision.findings)


@pytest.mark.parametrize(
    "args",
    [["postgres://app:" + FAKE + "@db:5432/shop"], ["--db=postgres://app:" + FAKE + "@db:5432/shop"], ["AKIAIOSFODNN7EXAMPLE"]],
    ids=["url", "flag-with-url", "aws-key-id"],
)
def test_update_inserting_an_arg_before_an_unnamed_secret_keeps_it_preexisting(args: list[str]) -> None:
    old = pod([compliant(args=args)])
    shifted = pod([compliant(args=["--verbose", *args])])
    decision = decide(shifted, operation="UPDATE", old=old)
    assert decision.allowed and decision.verdict == "warned"
    assert [f.preexisting for f in decision.findings] == [True]
    doubled = decide(pod([compliant(args=["--verbose", *args, *args])]), operation="UPDATE", old=old)
    assert not doubled.allowed  # a second one is new
    assert sorted(f.preexisting for f in doubled.findings) == [False, True]


def test_update_that_improves_a_violation_is_not_denied() -> None:
    old = pod([compliant(resources={})])
    new = pod([compliant(resources={"limits": {"cpu": "1"}})])  # still no memory, but better than before
    decision = decide(new, operation="UPDATE", old=old)
    assert decision.allowed
    (finding,) = decision.findings
    assert finding.policy == "require-resources" and finding.preexisting


def _unset_user(**context: Any) -> dict[str, Any]:
    """A compliant container whose user the image decides (no runAsNonRoot, no runAsUser), with
    ``context`` in its securityContext."""
    return compliant(securityContext={"allowPrivilegeEscalation": False, **context})


def test_update_from_an_unset_user_to_root_is_denied() -> None:
    # "may run as root" before; runAsUser: 0 is a new, worse violation of the same policy
    old = workload("Deployment", [_unset_user()], replicas=1)
    new = workload("Deployment", [_unset_user(runAsUser=0)], replicas=1)
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    (finding,) = [f for f in decision.findings if f.policy == ROOT]
    assert not finding.preexisting and "runAsUser: 0" in finding.message


def test_update_from_root_to_an_unset_user_is_not_denied() -> None:
    old = workload("Deployment", [_unset_user(runAsUser=0)], replicas=1)
    new = workload("Deployment", [_unset_user()], replicas=1)  # better than before, not yet good
    decision = decide(new, operation="UPDATE", old=old)
    assert decision.allowed
    (finding,) = [f for f in decision.findings if f.policy == ROOT]
    assert finding.preexisting and "image decides" in finding.message


def test_update_that_drops_another_limit_is_denied() -> None:
    old = workload("Deployment", [compliant(resources={"limits": {"cpu": "1"}})], replicas=1)  # no memory limit
    new = workload("Deployment", [compliant(resources={})], replicas=1)  # and now no cpu limit either
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    (finding,) = [f for f in decision.findings if f.policy == "require-resources"]
    assert not finding.preexisting and "cpu limit" in finding.message and "memory limit" in finding.message


def test_update_that_drops_another_probe_is_denied() -> None:
    probes = {"livenessProbe": {"tcpSocket": {"port": 80}}, "readinessProbe": None}
    old = workload("Deployment", [compliant(**probes)], replicas=1)  # no readinessProbe
    new = workload("Deployment", [compliant(livenessProbe=None, readinessProbe=None)], replicas=1)
    decision = decide(new, operation="UPDATE", old=old)
    assert not decision.allowed
    (finding,) = [f for f in decision.findings if f.policy == "require-probes"]
    assert not finding.preexisting
    # the same gap on the next update (a label change) is already present
    again = decide({**new, "metadata": {**new["metadata"], "labels": {"release": "2"}}}, operation="UPDATE", old=new)
    assert again.allowed and [f.preexisting for f in again.findings if f.policy == "require-probes"] == [True]


# --- what exemptions kept from judgement (for the audit) ---------------------------------------


def test_a_decision_names_the_exemptions_that_applied() -> None:
    config = _config({"allowAnnotationExemptions": True, "exemptions": [
        {"policies": [ROOT], "namespaces": ["shop"], "reason": "vendor image", "expires": "2027-01-31"},
        {"policies": [PROBES], "containers": ["istio-proxy"], "reason": "mesh", "expires": "2027-01-31"},
        {"policies": ["require-resources"], "names": ["web"], "reason": "old", "expires": "2026-01-01"},
    ]})  # fmt: skip
    obj = workload("Deployment", _meshed_pod()["spec"]["containers"], replicas=3)
    obj["metadata"]["annotations"] = {"railguard.io/exempt": "zone-anti-affinity"}
    decision = decide(obj, config=config, today=TODAY, mode="full")
    assert decision.allowed and decision.findings == () and decision.patch == ()
    assert decision.exemptions == (
        "zone-anti-affinity: the railguard.io/exempt annotation",
        f"{ROOT}: exemption #0 (vendor image), until 2027-01-31",
        f'{PROBES} on container "istio-proxy": exemption #1 (mesh), until 2027-01-31',
    )  # the expired one is a note, not an exemption
    assert decision.notes == ("require-resources: exemption #2 expired on 2026-01-01 and no longer applies; fix: extend or remove it (reason: old)",)
    assert decide(obj, config=config, today=TODAY, mode="mutate").exemptions == ("zone-anti-affinity: the railguard.io/exempt annotation",)


def test_a_container_exemption_is_named_only_where_it_kept_a_finding_out() -> None:
    config = _container_exemption(containers=["istio-proxy"])
    compliant_proxy = _meshed_pod()
    compliant_proxy["spec"]["containers"][1]["livenessProbe"] = {"tcpSocket": {"port": 15021}}
    assert decide(compliant_proxy, config=config, today=TODAY).exemptions == ()
    assert decide(_meshed_pod(), config=config, today=TODAY).exemptions != ()
    assert decide(_meshed_pod(), today=TODAY).exemptions == ()


def test_the_old_object_of_an_update_adds_no_exemptions() -> None:
    config = _config({"exemptions": [{"policies": [PROBES], "containers": ["legacy"], "reason": "r", "expires": "2027-01-31"}]})
    old = pod([container("legacy")])
    new = pod([container("app")])
    decision = decide(new, config=config, today=TODAY, operation="UPDATE", old=old)
    assert decision.exemptions == ()


# --- the example configurations in docs/examples/cluster-config ---------------------------------

KNATIVE_QUEUE = "gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:" + "0" * 64


def _knative_deployment(queue_image: str = KNATIVE_QUEUE) -> dict[str, Any]:
    """A Revision's Deployment as Knative Serving makes it: the user's container, compliant, and the
    queue-proxy it injects with its defaults (a CPU request, a readiness probe, a restricted
    security context, no limits and no liveness probe)."""
    queue = container("queue-proxy", image=queue_image, resources={"requests": {"cpu": "25m"}},
                      readinessProbe={"httpGet": {"port": 8012}},
                      securityContext={"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                       "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}})
    obj = workload("Deployment", [compliant("user-container"), queue], replicas=1)
    obj["metadata"]["labels"] = {"serving.knative.dev/revision": "hello-00001", "serving.knative.dev/service": "hello"}
    return obj


def test_the_knative_example_exempts_only_knatives_queue_proxy() -> None:
    example = Path(__file__).parents[2] / "docs" / "examples" / "cluster-config" / "knative.yaml"
    config = load_cluster_config(example, POLICIES)
    before_expiry = min(e.expires for e in config.exemptions)
    # without it, Knative's own Deployment is denied for its queue-proxy
    denied = decide(_knative_deployment(), today=before_expiry)
    assert {(f.policy, f.container) for f in denied.findings} == {
        ("require-resources", 'container "queue-proxy"'), ("require-probes", 'container "queue-proxy"')}
    assert decide(_knative_deployment(), config=config, today=before_expiry).allowed
    # the user's container is still judged, and a queue-proxy of another image is not exempt
    obj = _knative_deployment()
    del obj["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]
    assert [f.container for f in decide(obj, config=config, today=before_expiry).findings] == ['container "user-container"']
    assert not decide(_knative_deployment("registry.example/queue:1"), config=config, today=before_expiry).allowed


def test_an_integer_parameter_without_bounds_holds_exactly_64_bits() -> None:
    """JSON (orjson, Kubernetes) holds a signed 64-bit integer: both ends are accepted, one past
    either end is a PolicyError (the library's integer parameters all have a minimum, so this is
    the parameter resolver's own contract)."""
    specs = {"n": Param(int, 0, "a number")}
    for value in (-(2**63), 2**63 - 1):
        assert resolve_params(specs, {"n": value}, "policy.yaml", "params") == {"n": value}
    for value in (-(2**63) - 1, 2**63):
        with pytest.raises(PolicyError, match="must be a 64-bit integer"):
            resolve_params(specs, {"n": value}, "policy.yaml", "params")


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"title": ""}, "title", "must not be empty"),
        ({"title": " \n "}, "title", "must not be empty"),
        ({"title": "Probes\nrequired"}, "title", "must be one line, without line breaks or control characters (found '\\n')"),
        ({"title": "Probes\rrequired"}, "title", "found '\\r'"),
        ({"title": "Probes \x1b[2J required"}, "title", "found '\\x1b'"),
        ({"title": "Probes \u202erequired"}, "title", "found '\\u202e'"),  # a bidi control reorders what a terminal shows
        ({"description": ""}, "description", "must not be empty"),
        ({"description": "\n\n"}, "description", "must not be empty"),
        ({"description": "Why.\r\nHow.\r\n"}, "description", "may hold line breaks but no other control character (found '\\r')"),
        ({"description": "Why:\tbecause"}, "description", "found '\\t'"),
        ({"description": "Why \x00"}, "description", "found '\\x00'"),
    ],
)
def test_a_blank_title_or_description_or_one_with_control_characters_is_rejected(change: dict[str, Any], field: str, problem: str) -> None:
    """They were accepted: a blank title made an empty column in `policies list` and an empty SARIF
    shortDescription; a line break in a title split the one-line outputs."""
    with pytest.raises(PolicyError) as error:
        parse_policy({**GOOD_POLICY, **change}, "policies/my-policy/policy.yaml")
    assert (error.value.field, error.value.file) == (field, "policies/my-policy/policy.yaml")
    assert problem in error.value.problem
    described = parse_policy({**GOOD_POLICY, "description": "Why it matters.\n\nHow to comply.\n"}, "p.yaml")  # a literal block
    assert described.description == "Why it matters.\n\nHow to comply.\n"


def test_every_check_parameter_default_passes_its_own_validation() -> None:
    # a policy that leaves a parameter out gets its default: it must be a value a policy could write
    for name, check in CHECKS.items():
        defaults = {param: spec.default for param, spec in check.params.items()}
        assert resolve_params(check.params, defaults, "defaults", name) == defaults
