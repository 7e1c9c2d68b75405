"""Declarative rules (``rule: {require: [...]}`` in a policy file instead of ``check:``): every
operator on every target, absent and wrong-type fields, paths, container naming, messages that
never hold a value, load-time errors, and the example library in docs/examples/policies."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import kubernetes_validate
import orjson
import pytest
import yaml

from webhook.admission import request_for_manifest, review, to_response
from webhook.casefiles import case_files, run_all
from webhook.cli import main
from webhook.config import ClusterConfig, parse_cluster_config
from webhook.decision import Decision
from webhook.documents import read_source
from webhook.errors import ConfigError, PolicyError
from webhook.policies import Policy, PolicySet, load_policies, parse_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "policies"
FILE = "lib/my-rule/policy.yaml"
SECRET = "FAKE-rule-value-7f3c9e"  # what an object holds: never in a message, path, warning or response

HEADER: dict[str, Any] = {
    "id": "my-rule", "version": "1.0.0", "title": "t", "description": "d", "severity": "medium", "action": "deny",
}  # fmt: skip


def make_policy(target: str, *conditions: dict[str, Any], kinds: list[str] | None = None, **extra: Any) -> Policy:
    raw: dict[str, Any] = {**HEADER, "target": target, "rule": {"require": list(conditions)}, **extra}
    if kinds is not None:
        raw["match"] = {"kinds": kinds}
    elif target == "Object":
        raw["match"] = {"kinds": ["Deployment", "Pod", "ConfigMap"]}
    return parse_policy(raw, FILE)


def decide(policy: Policy, obj: dict[str, Any], mode: str = "validate", **request: Any) -> Decision:
    req = request_for_manifest(obj, **request)
    return review(req, PolicySet((policy,), "test"), ClusterConfig(), mode=mode)  # type: ignore[arg-type]


def deployment(containers: list[dict[str, Any]] | None = None, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": containers if containers is not None else [{"name": "app", "image": "x"}], **spec},
            },
        },
    }


# Where each target's field lives in ``deployment()``: (prefix pointer, how to reach the target node).
TARGETS: dict[str, str] = {
    "Object": "",
    "PodSpec": "/spec/template/spec",
    "Container": "/spec/template/spec/containers/0",
}


def with_field(target: str, value: Any) -> dict[str, Any]:
    """A Deployment holding ``value`` at ``x-test.value`` of the target (the key is absent for _ABSENT)."""
    obj = deployment()
    node = {"Object": obj, "PodSpec": obj["spec"]["template"]["spec"], "Container": obj["spec"]["template"]["spec"]["containers"][0]}[target]
    if value is not _ABSENT:
        node["x-test"] = {"value": value}
    return obj


_ABSENT: Any = object()

# operator and operand; values meeting the condition; values failing it; whether an absent field passes
OPERATOR_CASES: list[tuple[dict[str, Any], list[Any], list[Any], bool]] = [
    ({"present": True}, ["x", 0, False, {}, []], [], False),
    ({"present": False}, [], [SECRET, 0, False, {}], True),
    ({"equals": "Always"}, ["Always"], [SECRET, "always", 1, True, {"a": SECRET}, [SECRET]], False),
    ({"equals": True}, [True], [False, "true", 1, SECRET], False),
    ({"equals": 3}, [3, 3.0], [4, "3", True, SECRET], False),
    ({"in": ["a", 2, False]}, ["a", 2, False], [SECRET, "2", 0, True, {"k": SECRET}], False),
    ({"notIn": ["bad", True]}, ["good", 1, False, SECRET], ["bad", True, [SECRET]], True),
    ({"matches": "^registry\\.example\\.com/"}, ["registry.example.com/app:1"], [SECRET, "x/registry.example.com/", 5, True, {"a": 1}], False),
    ({"notMatches": ":latest$"}, ["app:1.0", SECRET], ["app:latest", 5, [SECRET]], True),
]  # fmt: skip


def _operator_params() -> list[Any]:
    out = []
    for target in TARGETS:
        for operator, good, bad, absent_passes in OPERATOR_CASES:
            (name, operand), = operator.items()
            for value in good:
                out.append(pytest.param(target, operator, value, True, id=f"{target}-{name}-{operand!r}-passes-{value!r}"))
            for value in bad:
                out.append(pytest.param(target, operator, value, False, id=f"{target}-{name}-{operand!r}-fails-{value!r}"))
            out.append(pytest.param(target, operator, _ABSENT, absent_passes, id=f"{target}-{name}-{operand!r}-absent"))
            out.append(pytest.param(target, operator, None, absent_passes, id=f"{target}-{name}-{operand!r}-null"))
    return out


@pytest.mark.parametrize(("target", "operator", "value", "passes"), _operator_params())
def test_every_operator_on_every_target(target: str, operator: dict[str, Any], value: Any, passes: bool) -> None:
    policy = make_policy(target, {"field": "x-test.value", **operator})
    decision = decide(policy, with_field(target, value))
    if passes:
        assert decision.findings == ()
        assert decision.allowed
        return
    assert not decision.allowed
    (finding,) = decision.findings
    assert finding.path == TARGETS[target] + "/x-test/value"
    assert finding.container == ('container "app"' if target == "Container" else None)
    subject = 'container "app"' if target == "Container" else 'Deployment "web"'
    assert finding.message.startswith(f"{subject} ")
    assert "x-test.value" in finding.message
    text = orjson.dumps(to_response(decision)).decode() + repr(decision)
    assert SECRET not in text
    string_operator = "matches" in operator or "notMatches" in operator
    if "present" not in operator and value is not _ABSENT and value is not None and (
        isinstance(value, (dict, list)) or string_operator and not isinstance(value, str)
    ):
        assert " not a string" in finding.message  # a wrong type is named as such (the value is not)


def test_list_field_paths_and_dotted_strings_are_the_same() -> None:
    obj = deployment()
    obj["metadata"]["labels"]["owner"] = "team-a"
    for field in ("metadata.labels.owner", ["metadata", "labels", "owner"]):
        assert decide(make_policy("Object", {"field": field, "equals": "team-a"}), obj).findings == ()
        other = decide(make_policy("Object", {"field": field, "equals": "team-b"}), obj).findings
        assert [(f.path, f.message) for f in other] == [
            ("/metadata/labels/owner", 'Deployment "web" has metadata.labels.owner other than "team-b". '
             'Fix: set metadata.labels.owner to "team-b".')
        ]  # fmt: skip


def test_keys_with_dots_and_slashes_are_escaped_in_the_pointer_and_quoted_in_the_message() -> None:
    policy = make_policy("Object", {"field": ["metadata", "annotations", "example.com/owner~x"], "present": True})
    (finding,) = decide(policy, deployment()).findings
    assert finding.path == "/metadata/annotations/example.com~1owner~0x"
    assert 'has no metadata.annotations["example.com/owner~x"]' in finding.message
    obj = deployment()
    obj["metadata"]["annotations"] = {"example.com/owner~x": "t"}
    assert decide(policy, obj).findings == ()


def test_default_problems_and_fixes_per_operator() -> None:
    obj = deployment([{"name": "app", "image": f"docker.io/{SECRET}", "imagePullPolicy": SECRET}])
    cases = [
        ({"field": "stdin", "present": True}, "has no stdin", "set stdin"),
        ({"field": "image", "present": False}, "sets image, which must not be set", "remove image"),
        ({"field": "imagePullPolicy", "equals": "Always"}, 'has imagePullPolicy other than "Always"', 'set imagePullPolicy to "Always"'),
        ({"field": "tty", "equals": False}, "has no tty (it must be false)", "set tty to false"),
        ({"field": "imagePullPolicy", "in": ["Always", "IfNotPresent"]}, 'has imagePullPolicy other than "Always", "IfNotPresent"',
         'set imagePullPolicy to one of "Always", "IfNotPresent"'),
        ({"field": "image", "notIn": [f"docker.io/{SECRET}"]}, "has image set to a forbidden value (forbidden: ",
         "set image to a value other than "),
        ({"field": "image", "matches": "^registry/"}, "has image not matching '^registry/'", "set image to a string matching '^registry/'"),
        ({"field": "image", "notMatches": "^docker\\.io/"}, "has image matching '^docker\\.io/', which is not allowed",
         "set image to a value not matching '^docker\\.io/', or remove it"),
        ({"field": "workingDir", "matches": "^/srv"}, "has no workingDir (it must match '^/srv')", "set workingDir to a string matching '^/srv'"),
        ({"field": "workingDir", "in": ["/srv", 1]}, 'has no workingDir (it must be one of "/srv", 1)', 'set workingDir to one of "/srv", 1'),
    ]  # fmt: skip
    for condition, problem, fix in cases:
        (finding,) = decide(make_policy("Container", condition), obj).findings
        assert finding.message.startswith(f'container "app" {problem}'), (condition, finding.message)
        assert f"Fix: {fix}" in finding.message, (condition, finding.message)
        if "notIn" not in condition:  # a notIn list written by the admin may hold the value itself
            assert SECRET not in finding.message


def test_the_authors_problem_replaces_the_default_for_every_operator() -> None:
    obj = deployment([{"name": "app", "image": f"docker.io/{SECRET}", "imagePullPolicy": SECRET}])
    for operator in (
        {"present": False}, {"equals": "Always"}, {"in": ["Always"]}, {"notIn": [f"docker.io/{SECRET}", SECRET]},
        {"matches": "^registry/"}, {"notMatches": "^docker"},
    ):  # fmt: skip
        field = "imagePullPolicy" if "equals" in operator or "in" in operator else "image"
        condition = {"field": field, **operator, "problem": "breaks the house rule", "fix": "ask the platform team"}
        (finding,) = decide(make_policy("Container", condition), obj).findings
        assert finding.message == 'container "app" breaks the house rule. Fix: ask the platform team.', operator


def test_wrong_types_are_named_without_the_value() -> None:
    obj = deployment([{"name": "app", "image": {"nested": SECRET}, "tty": SECRET, "args": [SECRET]}])
    policy = make_policy(
        "Container",
        {"field": "image", "matches": "^r/"},
        {"field": "tty", "equals": True},
        {"field": "args", "in": ["a"]},
        {"field": "args", "notMatches": "x"},
    )
    problems = [f.message.split(". Fix:")[0] for f in decide(policy, obj).findings]
    assert problems == [
        'container "app" has image set to an object, not a string',
        'container "app" has tty other than true (a string, not a boolean)',
        'container "app" has args set to a list, not a string, number or boolean',
        'container "app" has args set to a list, not a string',
    ]


def test_an_intermediate_field_that_is_not_an_object() -> None:
    obj = deployment()
    obj["metadata"]["labels"] = [SECRET]
    required = decide(make_policy("Object", {"field": "metadata.labels.owner", "present": True}), obj).findings
    assert [(f.path, f.message.split(". Fix:")[0]) for f in required] == [
        ("/metadata/labels/owner", 'Deployment "web" has no metadata.labels.owner (metadata.labels is a list, not an object)')
    ]
    forbidden = make_policy("Object", {"field": "metadata.labels.owner", "present": False})
    assert decide(forbidden, obj).findings == ()
    obj["metadata"]["labels"] = None  # null is absent at every depth
    assert len(decide(make_policy("Object", {"field": "metadata.labels.owner", "present": True}), obj).findings) == 1
    assert decide(forbidden, obj).findings == ()


def test_custom_problem_and_fix_and_policy_message() -> None:
    condition = {"field": "metadata.labels.owner", "present": True, "problem": "has no owner label.", "fix": "add an owner label"}
    (finding,) = decide(make_policy("Object", condition), deployment()).findings
    assert finding.message == 'Deployment "web" has no owner label. Fix: add an owner label.'
    templated = make_policy("Object", condition, message="[{policy}] {subject}: {problem} -> {fix} ({title})")
    (finding,) = decide(templated, deployment()).findings
    assert finding.message == '[my-rule] Deployment "web": has no owner label -> add an owner label (t)'
    obj = deployment()
    obj["metadata"]["labels"] = {"owner": {"team": SECRET}}
    matched = {**condition, "present": None, "matches": "^[a-z]+$"}
    del matched["present"]
    (finding,) = decide(make_policy("Object", matched), obj).findings
    assert finding.message.startswith('Deployment "web" has no owner label (metadata.labels.owner is an object, not a string)')
    assert SECRET not in finding.message


LONG_FIX = (
    "run the image as the unprivileged user baked into it, or rebuild it with a USER line naming a UID above 10000, "
    "then set securityContext.runAsUser to that UID; the platform handbook's chapter on container users explains "
    "why, and the platform team reviews requests for an exemption from this rule, which always expire"
)


@pytest.mark.parametrize("name", ["app", "api", "web-1", "worker-abc", "queue-worker-2"])
@pytest.mark.parametrize("given_problem", [None, "has no runAsUser: the image picks the user it starts as"])
def test_a_long_fix_in_a_warning_is_cut_on_a_whole_word_within_the_limit(name: str, given_problem: str | None) -> None:
    """A rule's own 300-character fix: the warning (kube-apiserver cuts at 120 characters) keeps
    the container, the start of the problem and as much of the fix as fits, ending on a whole word."""
    assert len(LONG_FIX) >= 300
    condition = {"field": "securityContext.runAsUser", "present": True, "fix": LONG_FIX}
    if given_problem:
        condition["problem"] = given_problem
    obj = deployment([{"name": name, "image": "x", "env": [{"name": "TOKEN", "value": SECRET}]}])
    (warning,) = decide(make_policy("Container", condition, action="warn"), obj).warnings
    assert len(warning) <= 120
    head, _, shown = warning.partition("; fix: ")
    assert head.startswith(f'my-rule: container "{name}" has no ')
    assert shown.endswith("...") and not shown.endswith(" ...") and len(shown) >= 40, warning
    body = shown[:-3]
    assert LONG_FIX.startswith(body) and LONG_FIX[len(body)] in " ,;", f"cut inside a word: {warning!r}"
    assert SECRET not in warning


LONGEST_NAME = "a-much-longer-container-name-" + "x" * 33 + "z"  # 63 characters: the API's limit


@pytest.mark.parametrize("given_problem", [None, "has no runAsUser: the image picks the user it starts as"])
@pytest.mark.parametrize("listed", ["containers", "ephemeralContainers"])
def test_a_long_fix_never_cuts_the_container_name(given_problem: str | None, listed: str) -> None:
    """A 63-character container name and a rule's 300-character fix: the warning names the
    policy and the whole container; the fix is cut on a whole word before the name is."""
    assert len(LONGEST_NAME) == 63
    condition = {"field": "securityContext.runAsUser", "present": True, "fix": LONG_FIX}
    if given_problem:
        condition["problem"] = given_problem
    passing = {"name": "app", "image": "x", "securityContext": {"runAsUser": 1}}
    failing = {"name": LONGEST_NAME, "image": "x", "env": [{"name": "TOKEN", "value": SECRET}]}
    if listed == "containers":
        obj = deployment([passing, failing])
    else:
        obj = deployment([passing], ephemeralContainers=[failing])
    (warning,) = decide(make_policy("Container", condition, action="warn"), obj).warnings
    assert len(warning) <= 120, warning
    label = "ephemeral container" if listed == "ephemeralContainers" else "container"
    assert warning.startswith(f'my-rule: {label} "{LONGEST_NAME}" has no'), warning
    head, _, shown = warning.partition("; fix: ")
    if shown:  # the fix, cut on a whole word
        body = shown.removesuffix("...")
        assert LONG_FIX.startswith(body) and LONG_FIX[len(body)] in " ,;", warning
    assert SECRET not in warning


def test_containers_are_named_and_every_list_is_checked_by_default() -> None:
    obj = deployment(
        [{"name": "app", "image": "a"}, {"image": "b"}],
        initContainers=[{"name": "setup", "image": "c"}],
        ephemeralContainers=[{"name": "debug", "image": "d"}],
    )
    condition = {"field": "securityContext.readOnlyRootFilesystem", "equals": True}
    found = [(f.container, f.path) for f in decide(make_policy("Container", condition), obj).findings]
    base = "/spec/template/spec"
    assert found == [
        ('init container "setup"', f"{base}/initContainers/0/securityContext/readOnlyRootFilesystem"),
        ('container "app"', f"{base}/containers/0/securityContext/readOnlyRootFilesystem"),
        ('container "#1"', f"{base}/containers/1/securityContext/readOnlyRootFilesystem"),
        ('ephemeral container "debug"', f"{base}/ephemeralContainers/0/securityContext/readOnlyRootFilesystem"),
    ]
    only = make_policy("Container", condition, rule={"require": [condition], "containerLists": ["containers"]})
    assert [f.container for f in decide(only, obj).findings] == ['container "app"', 'container "#1"']


def test_pod_spec_target_finds_the_pod_spec_of_each_kind() -> None:
    policy = make_policy("PodSpec", {"field": "hostNetwork", "notIn": [True]})
    cronjob = {
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"},
        "spec": {"schedule": "@daily", "jobTemplate": {"spec": {"template": {"spec": {
            "hostNetwork": True, "restartPolicy": "Never", "containers": [{"name": "c", "image": "i"}]}}}}},
    }  # fmt: skip
    (finding,) = decide(policy, cronjob).findings
    assert finding.path == "/spec/jobTemplate/spec/template/spec/hostNetwork"
    assert finding.message.startswith('CronJob "nightly" has hostNetwork set to a forbidden value (forbidden: true)')
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": False, "containers": []}}
    assert decide(policy, pod).findings == ()


def test_a_workload_without_a_pod_spec_gives_pod_spec_and_container_rules_nothing_to_judge() -> None:
    """No template (kube-apiserver refuses such a Deployment): nothing to judge, and no crash."""
    bare = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 1}}
    for target, condition in (("PodSpec", {"field": "hostNetwork", "equals": False}), ("Container", {"field": "image", "present": True})):
        decision = decide(make_policy(target, condition), bare)
        assert decision.findings == ()
        assert decision.allowed


def test_every_unmet_condition_is_one_finding_and_met_ones_none() -> None:
    policy = make_policy(
        "Container",
        {"field": "image", "matches": "^x$"},  # met
        {"field": "stdin", "present": True},
        {"field": "tty", "equals": True},
    )
    obj = deployment([{"name": "a", "image": "x"}, {"name": "b", "image": "x", "stdin": True, "tty": True}])
    assert [(f.container, f.item) for f in decide(policy, obj).findings] == [
        ('container "a"', "stdin present"),
        ('container "a"', "tty equals"),
    ]


def test_value_never_appears_in_any_output(tmp_path: Path) -> None:
    """Every operator failing on a value: the value is in no message, warning, finding, response,
    audit-facing decision or CLI output (table and JSON)."""
    conditions = [
        {"field": "image", "present": False},
        {"field": "image", "equals": "registry/app"},
        {"field": "image", "in": ["registry/app", "registry/db"]},
        {"field": "image", "matches": "^registry/"},
        {"field": "env", "equals": "x"},
        {"field": "env", "matches": "x"},
        {"field": "workingDir", "notMatches": "FAKE"},
        {"field": "command", "in": ["a"]},
        {"field": ["securityContext", "seLinuxOptions", "user"], "present": True},
    ]
    obj = deployment([{
        "name": "app", "image": SECRET, "workingDir": SECRET, "command": [SECRET],
        "env": [{"name": "DB_PASSWORD", "value": SECRET}], "securityContext": {"seLinuxOptions": SECRET},
    }])  # fmt: skip
    for action in ("deny", "warn", "audit"):
        policy = make_policy("Container", *conditions, action=action)
        decision = decide(policy, obj, mode="full")
        assert len(decision.findings) == len(conditions)
        dumped = orjson.dumps(to_response(decision)).decode() + repr(decision) + repr(decision.warnings)
        assert SECRET not in dumped
        if action == "warn":
            assert len(decision.warnings) == len(conditions)
    library = tmp_path / "lib"
    (library / "my-rule").mkdir(parents=True)
    (library / "my-rule" / "policy.yaml").write_text(
        yaml.safe_dump({**HEADER, "target": "Container", "rule": {"require": conditions}}), encoding="utf-8"
    )
    manifest = tmp_path / "app.yaml"
    manifest.write_text(yaml.safe_dump(obj), encoding="utf-8")
    for output in ("table", "json", "sarif", "junit"):
        out, err, code = _cli(tmp_path, "test", "-o", output, "--policies", library, manifest)
        assert code == 1
        assert SECRET not in out + err
        assert "image" in out


def _cli(tmp_path: Path, *args: Any) -> tuple[str, str, int]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return out.getvalue(), err.getvalue(), code


def test_update_keeps_each_condition_apart_for_preexisting_findings() -> None:
    policy = make_policy("Container", {"field": "stdin", "present": True}, {"field": "tty", "present": True})
    old = deployment([{"name": "app", "image": "x", "tty": True}])  # already lacked stdin
    new = deployment([{"name": "app", "image": "y"}])  # lacks stdin and now tty
    request = request_for_manifest(new, operation="UPDATE")
    request["oldObject"] = old
    decision = review(request, PolicySet((policy,), "t"), ClusterConfig())
    assert [(f.item, f.preexisting) for f in decision.findings] == [("stdin present", True), ("tty present", False)]
    assert not decision.allowed


def test_update_keeps_apart_two_conditions_on_the_same_field_with_the_same_operator() -> None:
    """An old finding of one condition does not cover a new finding of another condition on the
    same field and operator: an image moved off the allowed registry is new, not preexisting
    because the old image lacked a digest."""
    policy = make_policy(
        "Container", {"field": "image", "matches": "^registry\\.example\\.com/"}, {"field": "image", "matches": "@sha256:"}
    )
    old = deployment([{"name": "app", "image": "registry.example.com/app:1"}])  # no digest: the second condition
    new = deployment([{"name": "app", "image": "evil.example.org/app@sha256:" + "0" * 64}])  # the first condition
    request = request_for_manifest(new, operation="UPDATE")
    request["oldObject"] = old
    decision = review(request, PolicySet((policy,), "t"), ClusterConfig())
    assert [f.preexisting for f in decision.findings] == [False]
    assert not decision.allowed
    both = deployment([{"name": "app", "image": "evil.example.org/app:1"}])  # breaks both: the second was there
    request = request_for_manifest(both, operation="UPDATE")
    request["oldObject"] = old
    decision = review(request, PolicySet((policy,), "t"), ClusterConfig())
    assert [f.preexisting for f in decision.findings] == [False, True]
    assert not decision.allowed


def test_cluster_configuration_applies_to_declarative_policies() -> None:
    policy = make_policy("Object", {"field": "metadata.labels.owner", "present": True})
    policies = PolicySet((policy,), "t")
    config = parse_cluster_config({"actions": {"my-rule": "warn"}}, policies, "cluster.yaml")
    decision = review(request_for_manifest(deployment()), policies, config)
    assert decision.allowed and decision.findings[0].action == "warn"
    with pytest.raises(ConfigError) as error:
        parse_cluster_config({"parameters": {"my-rule": {"pattern": "x"}}}, policies, "cluster.yaml")
    assert error.value.field == "parameters.my-rule.pattern"
    assert "unknown parameter (known: none)" in error.value.problem


def test_a_lone_surrogate_value_is_matched_without_crashing() -> None:
    policy = make_policy("Container", {"field": "image", "matches": "^registry/"})
    (finding,) = decide(policy, deployment([{"name": "app", "image": "registry\udc80/x"}])).findings
    assert finding.path.endswith("/image")
    assert decide(policy, deployment([{"name": "app", "image": "registry/\udc80"}])).findings == ()


# --- loading ----------------------------------------------------------------------------------------

GOOD_RULE = {"require": [{"field": "image", "present": True}]}


def _raw(**change: Any) -> dict[str, Any]:
    return {**HEADER, "target": "Container", "rule": copy.deepcopy(GOOD_RULE), **change}


def _cond(**condition: Any) -> dict[str, Any]:
    return _raw(rule={"require": [{"field": "image", "present": True}, condition]})


@pytest.mark.parametrize(
    ("raw", "field", "problem"),
    [
        (_raw(check="probes"), "rule", "either check (a built-in check) or rule (a declarative rule), not both"),
        ({**HEADER, "target": "Container"}, "check", "is required: name a built-in check, or give a declarative rule"),
        (_raw(params={"x": 1}), "params", "a declarative rule takes no parameters"),
        (_raw(mutate=True), "mutate", "a declarative rule has no mutation"),
        (_raw(rule=[{"field": "image", "present": True}]), "rule", "must be a mapping with a require list"),
        (_raw(rule={"require": [], "x": 1}), "rule.x", "unknown field (known: containerLists, require)"),
        (_raw(rule={"require": []}), "rule.require", "must be a non-empty list of conditions"),
        (_raw(rule={}), "rule.require", "must be a non-empty list of conditions"),
        (_raw(rule={"require": {"field": "image"}}), "rule.require", "must be a non-empty list of conditions"),
        (_raw(rule={"require": ["image"]}), "rule.require[0]", "must be a mapping with a field and one operator"),
        (_cond(field="image", present=True, value="x"), "rule.require[1].value", "unknown field"),
        (_cond(present=True), "rule.require[1].field", "is required"),
        (_cond(field="image"), "rule.require[1]", "exactly one of present, equals, in, notIn, matches, notMatches"),
        (_cond(field="image", present=True, equals="x"), "rule.require[1]", "exactly one of present, equals, in, notIn, matches, notMatches"),
        (_cond(field="", present=True), "rule.require[1].field", "dotted path of non-empty keys"),
        (_cond(field="a..b", present=True), "rule.require[1].field", "dotted path of non-empty keys"),
        (_cond(field=[], present=True), "rule.require[1].field", "at least one key"),
        (_cond(field=["a", 1], present=True), "rule.require[1].field", "list of non-empty strings"),
        (_cond(field=["a", ""], present=True), "rule.require[1].field", "list of non-empty strings"),
        (_cond(field=5, present=True), "rule.require[1].field", "dotted string or a list of keys"),
        (_cond(field="image", present="yes"), "rule.require[1].present", "must be true or false"),
        (_cond(field="image", equals=None), "rule.require[1].equals", "must be a string, number or boolean, got null"),
        (_cond(field="image", equals=[1]), "rule.require[1].equals", "got a list"),
        (_cond(field="image", equals=float("nan")), "rule.require[1].equals", "must be a finite number"),
        (_cond(field="image", equals=2**63), "rule.require[1].equals", "must be a 64-bit integer"),
        (_cond(field="image", notIn=[1, -(2**63) - 1]), "rule.require[1].notIn[1]", "must be a 64-bit integer"),
        (_cond(field="image", **{"in": []}), "rule.require[1].in", "non-empty list of strings, numbers or booleans"),
        (_cond(field="image", **{"in": "a"}), "rule.require[1].in", "non-empty list"),
        (_cond(field="image", notIn=["a", {"b": 1}]), "rule.require[1].notIn[1]", "must be a string, number or boolean, got an object"),
        (_cond(field="image", matches=5), "rule.require[1].matches", "must be a regular expression (a string), got a number"),
        (_cond(field="image", matches="(a)\\1"), "rule.require[1].matches", "is not a valid regular expression in RE2 syntax"),
        (_cond(field="image", notMatches="^(?!registry/)"), "rule.require[1].notMatches", "no backreferences or lookaround"),
        (_cond(field="image", present=True, problem=""), "rule.require[1].problem", "must be a non-empty string"),
        (_cond(field="image", present=True, fix=5), "rule.require[1].fix", "must be a non-empty string"),
        (_raw(target="Object", match={"kinds": ["Service"]}, rule={"require": [{"field": "a", "present": True}], "containerLists": ["containers"]}),
         "rule.containerLists", "only applies to target Container"),
        (_raw(rule={"require": GOOD_RULE["require"], "containerLists": ["sidecars"]}), "rule.containerLists", "'sidecars' is not one of"),
        (_raw(rule={"require": GOOD_RULE["require"], "containerLists": []}), "rule.containerLists", "non-empty list"),
        (_raw(rule={"require": GOOD_RULE["require"], "containerLists": [1]}), "rule.containerLists", "must be a non-empty list of initContainers"),
        (_raw(rule={"require": GOOD_RULE["require"], "containerLists": ["containers", "containers"]}), "rule.containerLists", "names a list twice"),
        (_raw(target="PodSpec", match={"kinds": ["Deployment", "Service"]}), "match.kinds", "Service has no pod spec: target PodSpec applies to"),
        (_raw(target="Object"), "match.kinds", "must name at least one kind"),
        # these never matched anything: the policy was silently off
        (_raw(target="Object", match={"kinds": ["*"]}), "match.kinds", "'*' is not a kind: kinds are names matched exactly"),
        (_raw(target="Object", match={"kinds": ["ConfigMap", ""]}), "match.kinds", "'' is not a kind"),
        (_raw(target="Object", match={"kinds": ["Config Map"]}), "match.kinds", "'Config Map' is not a kind"),
        # group-qualified: only the names the workload table knows (Service.serving.knative.dev) match anything
        (_raw(target="Object", match={"kinds": ["Widget.example.com"]}), "match.kinds", "'Widget.example.com' is not a kind"),
        (_raw(match={"operations": []}), "match.operations", "must name at least one operation (CREATE, UPDATE; leave it out for both)"),
        (_raw(match={"namespaces": {"include": []}}), "match.namespaces.include", "must name at least one namespace pattern"),
        (_raw(match=["Deployment"]), "match", "must be a mapping"),
        (_raw(match="Deployment"), "match", "must be a mapping"),
        (_raw(match=5), "match", "must be a mapping"),
        # one string where a list belongs: read as its letters, an exclude of "kube-system" left out "k", "u", ...
        (_raw(match={"kinds": "Deployment"}), "match.kinds", "must be a list of strings"),
        (_raw(match={"operations": "CREATE"}), "match.operations", "must be a list of strings"),
        (_raw(match={"namespaces": {"include": "team-*"}}), "match.namespaces.include", "must be a list of strings"),
        (_raw(match={"namespaces": {"exclude": "kube-system"}}), "match.namespaces.exclude", "must be a list of strings"),
        (_raw(match={"namespaces": {"exclude": ["kube-system", 5]}}), "match.namespaces.exclude", "must be a list of strings"),
    ],
)  # fmt: skip
def test_broken_rules_are_refused_with_file_field_and_problem(raw: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(PolicyError) as error:
        parse_policy(raw, FILE)
    assert (error.value.file, error.value.field) == (FILE, field)
    assert problem in error.value.problem
    assert str(error.value).startswith(f"{FILE}: {field}: ")


def test_re2_refusal_names_the_pattern_and_re2() -> None:
    with pytest.raises(PolicyError) as error:
        parse_policy(_cond(field="image", matches="(?<=x)y"), FILE)
    assert error.value.problem.startswith("'(?<=x)y' is not a valid regular expression in RE2 syntax (")
    assert "as in Gatekeeper and Kyverno" in error.value.problem


def test_a_valid_rule_loads_and_mutate_false_is_fine() -> None:
    policy = parse_policy(_raw(mutate=False), FILE)
    assert policy.check.name == "rule" and policy.check.mutate is None and dict(policy.params) == {}
    assert policy.target == "Container" and not policy.mutate


def test_the_digest_covers_the_rule(tmp_path: Path) -> None:
    folder = tmp_path / "my-rule"
    folder.mkdir()
    raw = {**HEADER, "target": "Container", "rule": {"require": [{"field": "image", "matches": "^a/"}]}}
    (folder / "policy.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    first = load_policies(tmp_path).digest
    raw["rule"]["require"][0]["matches"] = "^b/"
    (folder / "policy.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert load_policies(tmp_path).digest != first


def test_a_broken_rule_file_stops_the_load_with_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "my-rule"
    folder.mkdir()
    (folder / "policy.yaml").write_text(yaml.safe_dump(_cond(field="image", matches="a{1001}{1001}")), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(tmp_path)
    assert (error.value.file, error.value.field) == (str(folder / "policy.yaml"), "rule.require[1].matches")


# --- the example library ----------------------------------------------------------------------------


def test_the_examples_are_declarative_and_verify_passes(capsys: pytest.CaptureFixture[str]) -> None:
    policies = load_policies(EXAMPLES)
    assert {p.target for p in policies} == {"Object", "PodSpec", "Container"}
    assert all(p.check.name == "rule" for p in policies)
    cases = sum(len(case_files(Path(p.source).parent)) for p in policies)
    assert main(["policies", "verify", str(EXAMPLES)]) == 0
    assert f"{cases} passed, 0 failed" in capsys.readouterr().out
    assert all(r.passed for r in run_all(policies))


def test_verify_fails_on_a_wrong_example_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "policies"
    shutil.copytree(EXAMPLES, library)
    cases = library / "allowed-registries" / "cases"
    shutil.copy(cases / "deny.docker-hub-image.yaml", cases / "allow.docker-hub-image.yaml")
    assert main(["policies", "verify", str(library)]) == 1
    assert "FAIL  allowed-registries" in capsys.readouterr().out


def test_the_bundled_library_has_no_declarative_policy() -> None:
    from webhook.config import default_policy_dir

    assert all(p.check.name != "rule" for p in load_policies(default_policy_dir()))


EXAMPLE_CASES = sorted(EXAMPLES.glob("*/cases/*.yaml"))


def test_cli_and_review_agree_on_every_example_case(tmp_path: Path) -> None:
    """``railguard test --policies DIR`` gives each document the verdict and findings ``review()`` gives."""
    policies = load_policies(EXAMPLES)
    assert len(EXAMPLE_CASES) >= 10
    out, err, code = _cli(tmp_path, "test", "-o", "json", "--policies", EXAMPLES, *EXAMPLE_CASES)
    assert err == ""
    entries = json.loads(out)
    expected: list[tuple[str, bool, list[tuple[str, str, str, str]]]] = []
    for path in EXAMPLE_CASES:
        documents, errors = read_source(str(path))
        assert not errors
        for document in documents:
            decision = review(request_for_manifest(document.obj), policies, ClusterConfig(), mode="full")
            found = [(f.policy, f.action, f.message, f.path) for f in decision.findings]
            expected.append((str(path), decision.allowed, found))
    got = [
        (e["file"], e["allowed"], [(f["policy"], f["action"], f["message"], f["path"]) for f in e["findings"]])
        for e in entries
    ]
    assert got == expected
    assert any(not allowed for _, allowed, _ in got) and any(allowed for _, allowed, _ in got)
    assert code == (1 if any(not allowed for _, allowed, _ in got) else 0)


def test_the_readme_example_loads_and_reports_a_missing_owner() -> None:
    readme = (EXAMPLES.parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Your own policies (declarative rules)") :]
    block = section[section.index("```yaml") + len("```yaml") : section.index("```", section.index("```yaml") + 7)]
    policy = parse_policy(yaml.safe_load(block), "README.md")
    (finding,) = decide(policy, deployment()).findings
    assert finding.message == 'Deployment "web" has no owner label. Fix: add metadata.labels.owner naming the owning team.'


@pytest.mark.parametrize("path", EXAMPLE_CASES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_example_cases_are_valid_kubernetes_objects(path: Path) -> None:
    """The examples' cases are what the API server would accept (a deny case is denied by the
    policy, not by Kubernetes)."""
    documents, errors = read_source(str(path))
    assert documents and not errors
    for document in documents:
        kubernetes_validate.validate(document.obj, "1.37.0", strict=True)


def test_an_intermediate_that_is_not_an_object_with_an_expected_constant() -> None:
    obj = deployment([{"name": "app", "image": "x", "securityContext": SECRET}])
    policy = make_policy("Container", {"field": "securityContext.readOnlyRootFilesystem", "equals": True})
    (finding,) = decide(policy, obj).findings
    assert finding.message.split(". Fix:")[0] == (
        'container "app" has no securityContext.readOnlyRootFilesystem '
        "(securityContext is a string, not an object; it must be true)"
    )


@pytest.mark.parametrize(
    ("operand", "field", "problem"),
    [
        ("equals: 2024-01-01", "equals", "must be a string, number or boolean, got a date (quote it for a string)"),
        ("equals: 2024-01-01T10:00:00Z", "equals", "must be a string, number or boolean, got a timestamp (quote it for a string)"),
        ("equals: !!binary aGVsbG8=", "equals", "must be a string, number or boolean, got binary data"),
        ("equals: !!set {a, b}", "equals", "must be a string, number or boolean, got a set"),
        ("equals: [a]", "equals", "must be a string, number or boolean, got a list"),
        ("equals: {a: 1}", "equals", "must be a string, number or boolean, got an object"),
        ("in: [a, 2024-01-01]", "in[1]", "must be a string, number or boolean, got a date (quote it for a string)"),
        ("notIn: [!!binary aGVsbG8=]", "notIn[0]", "must be a string, number or boolean, got binary data"),
        ("matches: 2024-01-01", "matches", "must be a regular expression (a string), got a date (quote it for a string)"),
        ("notMatches: !!binary aGVsbG8=", "notMatches", "must be a regular expression (a string), got binary data"),
    ],
)  # fmt: skip
def test_an_operand_of_a_yaml_only_type_is_named_in_the_load_error(tmp_path: Path, operand: str, field: str, problem: str) -> None:
    folder = tmp_path / "require-owner-label"
    folder.mkdir()
    text = (EXAMPLES / "require-owner-label" / "policy.yaml").read_text()
    text = text.replace("matches: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'", operand)
    assert operand in text
    (folder / "policy.yaml").write_text(text)
    with pytest.raises(PolicyError) as error:
        load_policies(tmp_path)
    assert (error.value.field, error.value.problem) == (f"rule.require[0].{field}", problem)
    assert error.value.file == str(folder / "policy.yaml") and "aGVsbG8" not in str(error.value)
