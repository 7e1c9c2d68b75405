"""Declarative rules with ``[*]`` in a field path: every element of a list, one finding per failing
element with its own pointer and name, absent, null and empty lists, values that are not lists,
several wildcards in one path, UPDATE matching by element name, load errors, and bounded work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from test_declarative_rules import FILE, HEADER, OPERATOR_CASES, SECRET, _cond, decide, deployment, make_policy

from webhook.admission import request_for_manifest, review, to_response
from webhook.config import ClusterConfig
from webhook.errors import PolicyError
from webhook.policies import PolicySet, load_policies, parse_policy

BASE = "/spec/template/spec"
APP = f"{BASE}/containers/0"


def with_ports(ports: Any) -> dict[str, Any]:
    return deployment([{"name": "app", "image": "x", "ports": ports}])


def found(policy: Any, obj: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, problem) per finding."""
    return [(f.path, f.message.split(". Fix:")[0]) for f in decide(policy, obj).findings]


def test_dotted_and_list_forms_are_the_same() -> None:
    obj = with_ports([{"name": "http", "containerPort": 80}, {"name": "admin", "containerPort": 81, "hostPort": 81}])
    for field in ("ports[*].hostPort", ["ports", "*", "hostPort"]):
        assert found(make_policy("Container", {"field": field, "present": False}), obj) == [
            (f"{APP}/ports/1/hostPort", 'container "app" sets ports[admin].hostPort, which must not be set')
        ]


def test_each_failing_element_is_its_own_finding_with_its_pointer_fix_and_item() -> None:
    obj = with_ports([
        {"containerPort": 80, "hostPort": 80},
        {"name": "http", "containerPort": 8080},
        {"name": "metrics", "containerPort": 9090, "hostPort": 9090},
    ])  # fmt: skip
    decision = decide(make_policy("Container", {"field": "ports[*].hostPort", "present": False}), obj)
    assert [(f.path, f.message, f.item, f.container) for f in decision.findings] == [
        (f"{APP}/ports/0/hostPort", 'container "app" sets ports[#0].hostPort, which must not be set. Fix: remove ports[#0].hostPort.',
         "ports[#0].hostPort present", 'container "app"'),
        (f"{APP}/ports/2/hostPort", 'container "app" sets ports[metrics].hostPort, which must not be set. Fix: remove ports[metrics].hostPort.',
         "ports[metrics].hostPort present", 'container "app"'),
    ]  # fmt: skip
    given = make_policy("Container", {"field": "ports[*].hostPort", "present": False, "problem": "binds a node port", "fix": "use a Service"})
    assert [f.message for f in decide(given, obj).findings] == ['container "app" binds a node port. Fix: use a Service.'] * 2


@pytest.mark.parametrize(("operator", "good", "bad", "absent_passes"), OPERATOR_CASES, ids=lambda v: repr(v)[:40])
def test_every_operator_applies_to_every_element(operator: dict[str, Any], good: list[Any], bad: list[Any], absent_passes: bool) -> None:
    elements: list[Any] = [{"v": value} for value in good + bad] + [{}, {"v": None}, None]
    policy = make_policy("Container", {"field": "items[*].v", **operator})
    obj = deployment([{"name": "app", "image": "x", "items": elements}])
    failing = list(range(len(good), len(good) + len(bad))) + ([] if absent_passes else [len(elements) - 3, len(elements) - 2, len(elements) - 1])
    decision = decide(policy, obj)
    assert [f.path for f in decision.findings] == [f"{APP}/items/{i}/v" for i in failing]
    assert all(f"items[#{i}].v" in f.message for i, f in zip(failing, decision.findings, strict=True))
    assert SECRET not in orjson.dumps(to_response(decision)).decode() + repr(decision)


@pytest.mark.parametrize("ports", [None, [], "absent"], ids=["null", "empty", "absent"])
@pytest.mark.parametrize("operator", [{"present": True}, {"present": False}, {"equals": 1}, {"in": [1]}, {"matches": "x"}, {"notIn": [1]}])
def test_an_absent_null_or_empty_list_has_no_elements_and_passes(ports: Any, operator: dict[str, Any]) -> None:
    obj = deployment([{"name": "app", "image": "x"}]) if ports == "absent" else with_ports(ports)
    for field in ("ports[*].hostPort", "ports[*]", "nested.ports[*].hostPort"):
        assert decide(make_policy("Container", {"field": field, **operator}), obj).findings == ()


def test_the_list_itself_is_required_with_a_present_condition_of_its_own() -> None:
    policy = make_policy("Container", {"field": "ports", "present": True}, {"field": "ports[*].containerPort", "present": True})
    assert found(policy, deployment()) == [(f"{APP}/ports", 'container "app" has no ports')]
    assert found(policy, with_ports([{"name": "http"}])) == [(f"{APP}/ports/0/containerPort", 'container "app" has no ports[http].containerPort')]


def test_null_elements_are_absent() -> None:
    obj = with_ports([{"name": "a", "hostPort": 1}, None])
    assert found(make_policy("Container", {"field": "ports[*]", "present": True}), obj) == [(f"{APP}/ports/1", 'container "app" has no ports[#1]')]
    assert found(make_policy("Container", {"field": "ports[*]", "present": False}), obj) == [
        (f"{APP}/ports/0", 'container "app" sets ports[a], which must not be set')
    ]
    assert found(make_policy("Container", {"field": "ports[*].hostPort", "present": True}), obj) == [
        (f"{APP}/ports/1/hostPort", 'container "app" has no ports[#1].hostPort')
    ]


def test_an_element_that_is_not_an_object_counts_as_absent_and_says_why() -> None:
    obj = with_ports([SECRET, {"name": "ok", "hostPort": 1}])
    assert found(make_policy("Container", {"field": "ports[*].hostPort", "equals": 1}), obj) == [
        (f"{APP}/ports/0/hostPort", 'container "app" has no ports[#0].hostPort (ports[#0] is a string, not an object; it must be 1)')
    ]
    assert decide(make_policy("Container", {"field": "ports[*].hostPort", "notIn": [2]}), obj).findings == ()


@pytest.mark.parametrize(
    "operator", [{"present": True}, {"present": False}, {"equals": 1}, {"in": [1]}, {"notIn": [1]}, {"matches": "x"}, {"notMatches": "x"}]
)
@pytest.mark.parametrize("value", [{"name": SECRET}, SECRET, 8080, True], ids=["object", "string", "number", "boolean"])
def test_a_value_that_is_not_a_list_under_a_wildcard_fails_for_every_operator(operator: dict[str, Any], value: Any) -> None:
    decision = decide(make_policy("Container", {"field": "ports[*].hostPort", **operator}), with_ports(value))
    (finding,) = decision.findings
    kind = {dict: "an object", str: "a string", int: "a number", bool: "a boolean"}[type(value)]
    assert finding.path == f"{APP}/ports"
    assert finding.message == f'container "app" has ports set to {kind}, not a list. Fix: make ports a list.'
    assert finding.item == f"ports[*].hostPort {next(iter(operator))}"
    assert SECRET not in orjson.dumps(to_response(decision)).decode() + repr(decision)


def test_a_value_that_is_not_a_list_with_the_authors_problem_and_fix() -> None:
    condition = {"field": "ports[*].hostPort", "present": False, "problem": "binds a node port", "fix": "use a Service"}
    (finding,) = decide(make_policy("Container", condition), with_ports({"a": 1})).findings
    assert finding.message == 'container "app" binds a node port (ports is an object, not a list). Fix: use a Service.'


def test_a_key_under_something_not_an_object_before_a_wildcard_is_an_absent_list() -> None:
    obj = deployment([{"name": "app", "image": "x", "securityContext": SECRET}])
    for operator in ({"present": True}, {"in": ["NET_BIND_SERVICE"]}):
        policy = make_policy("Container", {"field": "securityContext.capabilities.add[*]", **operator})
        assert decide(policy, obj).findings == ()
    after = make_policy("Container", {"field": "ports[*].x.y", "present": True})
    assert found(after, with_ports([{"x": SECRET}])) == [
        (f"{APP}/ports/0/x/y", 'container "app" has no ports[#0].x.y (ports[#0].x is a string, not an object)')
    ]


def test_several_wildcards_walk_every_combination_in_document_order() -> None:
    volumes = [
        {"name": "config", "projected": {"sources": [{"configMap": {"name": "c"}}, {"secret": {"name": "s1"}}]}},
        {"name": "data", "emptyDir": {}},
        {"name": "creds", "projected": {"sources": [{"secret": {"name": "s2"}}, {"secret": {"name": "s3"}}]}},
        {"name": "odd", "projected": {"sources": {"secret": {}}}},
    ]
    obj = deployment(volumes=volumes)
    policy = make_policy("PodSpec", {"field": "volumes[*].projected.sources[*].secret", "present": False})
    assert [(f.path, f.item) for f in decide(policy, obj).findings] == [
        (f"{BASE}/volumes/0/projected/sources/1/secret", "volumes[config].projected.sources[#1].secret present"),
        (f"{BASE}/volumes/2/projected/sources/0/secret", "volumes[creds].projected.sources[#0].secret present"),
        (f"{BASE}/volumes/2/projected/sources/1/secret", "volumes[creds].projected.sources[#1].secret present"),
        (f"{BASE}/volumes/3/projected/sources", "volumes[odd].projected.sources[*].secret present"),
    ]


def test_lists_of_lists_and_a_trailing_wildcard() -> None:
    obj = deployment([{"name": "app", "image": "x", "matrix": [["a", "b"], [], None, "c", [SECRET]]}])
    for field in ("matrix[*][*]", ["matrix", "*", "*"]):
        assert found(make_policy("Container", {"field": field, "in": ["a", "b"]}), obj) == [
            (f"{APP}/matrix/3", 'container "app" has matrix[#3] set to a string, not a list'),
            (f"{APP}/matrix/4/0", 'container "app" has matrix[#4][#0] other than "a", "b"'),
        ]
    args = deployment([{"name": "app", "image": "x", "args": ["--port=80", f"--token={SECRET}", "-v"]}])
    assert found(make_policy("Container", {"field": "args[*]", "notMatches": "^--token="}), args) == [
        (f"{APP}/args/1", "container \"app\" has args[#1] matching '^--token=', which is not allowed")
    ]


def test_elements_are_named_by_a_plain_name_only_never_by_what_they_hold() -> None:
    env = [
        {"name": "DB_PASSWORD", "value": "x"},
        {"name": f"odd name {SECRET}", "value": "x"},
        {"name": {"nested": SECRET}, "value": "x"},
        {"name": "", "value": "x"},
        {"name": "a" * 254, "value": "x"},
        {"name": "svc.v1-2_x", "value": "x"},
    ]
    obj = deployment([{"name": "app", "image": "x", "env": env}])
    decision = decide(make_policy("Container", {"field": "env[*].value", "present": False}), obj)
    assert [f.item for f in decision.findings] == [
        "env[DB_PASSWORD].value present", "env[#1].value present", "env[#2].value present",
        "env[#3].value present", "env[#4].value present", "env[svc.v1-2_x].value present",
    ]  # fmt: skip
    assert SECRET not in orjson.dumps(to_response(decision)).decode() + repr(decision)


def test_an_element_whose_name_is_itself_a_credential_is_named_by_its_index() -> None:
    """Env var names may hold any text (Kubernetes 1.32), and the secrets check hides such a name:
    a rule's message must not show it either."""
    token_name = "ghp_" + "a1B2c3D4e5" * 3 + "123456"
    env = [{"name": "DB_PASSWORD", "value": "x"}, {"name": token_name, "value": "x"}, {"name": "AKIAIOSFODNN7EXAMPLE", "value": "x"}]
    obj = deployment([{"name": "app", "image": "x", "env": env}])
    decision = decide(make_policy("Container", {"field": "env[*].value", "present": False}), obj)
    assert [f.item for f in decision.findings] == [
        "env[DB_PASSWORD].value present", "env[#1].value present", "env[#2].value present",
    ]  # fmt: skip
    shown = orjson.dumps(to_response(decision)).decode() + repr(decision)
    assert token_name not in shown and "AKIAIOSFODNN7EXAMPLE" not in shown


def test_an_object_target_with_wildcards() -> None:
    obj = deployment()
    obj["metadata"]["ownerReferences"] = [{"kind": "X", "name": "a"}, {"kind": "Y", "name": "b", "controller": True}]
    policy = make_policy("Object", {"field": "metadata.ownerReferences[*].controller", "notIn": [True]})
    assert found(policy, obj) == [
        ("/metadata/ownerReferences/1/controller",
         'Deployment "web" has metadata.ownerReferences[b].controller set to a forbidden value (forbidden: true)'),
    ]  # fmt: skip


def _update(policy: Any, old_ports: list[dict[str, Any]], new_ports: list[dict[str, Any]]) -> Any:
    request = request_for_manifest(with_ports(new_ports), operation="UPDATE")
    request["oldObject"] = with_ports(old_ports)
    return review(request, PolicySet((policy,), "t"), ClusterConfig())


def test_update_matches_elements_by_name_so_a_reorder_is_not_new() -> None:
    policy = make_policy("Container", {"field": "ports[*].hostPort", "present": False})
    old = [{"name": "http", "hostPort": 80}, {"name": "dns", "containerPort": 53}]
    reordered = _update(policy, old, [{"name": "dns", "containerPort": 53}, {"name": "http", "hostPort": 80}])
    assert [(f.item, f.preexisting) for f in reordered.findings] == [("ports[http].hostPort present", True)]
    assert reordered.allowed and len(reordered.warnings) == 1
    added = _update(policy, old, [*old, {"name": "metrics", "hostPort": 9090}])
    assert [(f.item, f.preexisting) for f in added.findings] == [("ports[http].hostPort present", True), ("ports[metrics].hostPort present", False)]
    assert not added.allowed


# --- loading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("ports.*.hostPort", "has * as a key: write [*] after a list to go through its elements (like ports[*].hostPort)"),
        ("*", "has * as a key"),
        ("[*]", "has '[*]' without a key before it: [*] follows the list it goes through"),
        ("[*].hostPort", "without a key before it"),
        ("ports.[*]", "has '[*]' without a key before it"),
        ("ports[0].hostPort", "has 'ports[0]': brackets hold only * (every element of a list; there are no list indices)"),
        ("ports[]", "brackets hold only *"),
        ("ports[*", "brackets hold only *"),
        ("ports[**]", "brackets hold only *"),
        ("ports[ * ]", "brackets hold only *"),
        ("ports[*]x", "brackets hold only *"),
        ("metadata.labels[app]", "a key holding brackets needs the list form"),
        ("image*", "has 'image*': * is not a pattern; only [*] (every element of a list) uses it"),
        ("ports[*].", "dotted path of non-empty keys"),
        (".ports[*]", "dotted path of non-empty keys"),
        (["*"], 'starts with "*": name the list first (like [ports, "*", hostPort])'),
        (["*", "hostPort"], 'starts with "*"'),
        (["ports[*]", "hostPort"], """has 'ports[*]': in the list form "*" is an item of its own (like [ports, "*", hostPort])"""),
        (["metadata", "annotations", "example.com/*"], "a key cannot hold *, which is not a pattern"),
        (["ports", "**"], "a key cannot hold *"),
        (["ports", 0], "no list indices"),
    ],
)  # fmt: skip
def test_malformed_wildcard_paths_are_load_errors(field: Any, problem: str) -> None:
    with pytest.raises(PolicyError) as error:
        parse_policy(_cond(field=field, present=True), FILE)
    assert (error.value.file, error.value.field) == (FILE, "rule.require[1].field")
    assert problem in error.value.problem


@pytest.mark.parametrize("field", ["ports[*]", "matrix[*][*]", "a.b[*].c[*].d", ["ports", "*"], ["a", "*", "*", "b"]])
def test_well_formed_wildcard_paths_load(field: Any) -> None:
    assert parse_policy(_cond(field=field, present=True), FILE).check.name == "rule"


def test_keys_with_brackets_stay_literal_in_the_list_form() -> None:
    policy = make_policy("Object", {"field": ["metadata", "annotations", "a[0]"], "present": True})
    obj = deployment()
    assert found(policy, obj) == [("/metadata/annotations/a[0]", 'Deployment "web" has no metadata.annotations["a[0]"]')]
    obj["metadata"]["annotations"] = {"a[0]": "x"}
    assert decide(policy, obj).findings == ()


PINNED_POLICY = """\
id: pinned
version: 1.0.0
title: t
description: d
severity: low
action: deny
target: Container
rule:
  require:
    - field: securityContext.readOnlyRootFilesystem
      equals: true
    - field: [metadata, annotations, example.com/x]
      present: false
"""


def test_the_digest_of_a_rule_without_wildcards_is_unchanged(tmp_path: Path) -> None:
    """Computed before wildcards existed: the digest covers the file's content, not the parsed path."""
    (tmp_path / "pinned").mkdir()
    (tmp_path / "pinned" / "policy.yaml").write_text(PINNED_POLICY, encoding="utf-8")
    assert load_policies(tmp_path).digest == "sha256:427f594425cded42a6f97b1c9f9ecaf01f46fb481f0581199e729cfe372c1327"


# --- bounded work -----------------------------------------------------------------------------------


def test_huge_lists_are_walked_once_per_element() -> None:
    """A hostile object: every element reported once (as a built-in check reports every env var),
    with its own pointer; the walk's cost is a benchmark matter, not a timed test."""
    policy = make_policy("PodSpec", {"field": "volumes[*].projected.sources[*].secret", "present": False})
    sources = [{"secret": {}}] * 400
    obj = deployment(volumes=[{"name": f"v{i}", "projected": {"sources": sources}} for i in range(250)])
    findings = policy.check.fn(_subject(obj), {})
    assert len(findings) == 100_000
    assert len({f.path for f in findings}) == 100_000
    assert findings[-1].path == f"{BASE}/volumes/249/projected/sources/399/secret"
    nothing = make_policy("PodSpec", {"field": "volumes[*].projected.sources[*].configMap", "present": False})
    assert nothing.check.fn(_subject(obj), {}) == []


def _subject(obj: dict[str, Any]) -> Any:
    from webhook.checks.base import Subject

    return Subject.of(obj)


@pytest.mark.parametrize("target", ["PodSpec", "Object"])
def test_update_without_a_container_matches_elements_by_name_too(target: str) -> None:
    """Findings without a container are matched by their element's name as well, so a reorder of
    named volumes is not new; a new offending volume is."""
    field = "volumes[*].hostPath" if target == "PodSpec" else "spec.template.spec.volumes[*].hostPath"
    policy = make_policy(target, {"field": field, "present": False})
    logs = {"name": "logs", "hostPath": {"path": "/var/log"}}
    old = deployment(volumes=[logs, {"name": "tmp", "emptyDir": {}}])
    same = deployment(volumes=[logs, {"name": "tmp", "emptyDir": {}}], serviceAccountName="web")
    moved = deployment(volumes=[{"name": "tmp", "emptyDir": {}}, logs])
    added = deployment(volumes=[{"name": "run", "hostPath": {"path": "/run"}}, {"name": "tmp", "emptyDir": {}}, logs])
    prefix = "volumes" if target == "PodSpec" else "spec.template.spec.volumes"
    for new, expected in (
        (same, [("logs", True)]),
        (moved, [("logs", True)]),
        (added, [("run", False), ("logs", True)]),
    ):
        request = request_for_manifest(new, operation="UPDATE")
        request["oldObject"] = old
        decision = review(request, PolicySet((policy,), "t"), ClusterConfig())
        assert [(f.item, f.preexisting) for f in decision.findings] == [
            (f"{prefix}[{name}].hostPath present", pre) for name, pre in expected
        ]
        assert decision.allowed == all(pre for _, pre in expected)


def test_the_documented_wildcard_example_loads_and_reports_a_host_port() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "declarative-rules.md").read_text(encoding="utf-8")
    section = doc[doc.index("**Every element of a list.**") :]
    start = section.index("```yaml") + len("```yaml")
    snippet = yaml.safe_load(section[start : section.index("```", start)])
    policy = parse_policy({**HEADER, **snippet}, "docs/declarative-rules.md")
    assert found(policy, with_ports([{"name": "http", "containerPort": 80, "hostPort": 80}])) == [
        (f"{APP}/ports/0/hostPort", 'container "app" sets ports[http].hostPort, which must not be set')
    ]
