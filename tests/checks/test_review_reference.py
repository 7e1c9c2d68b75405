"""review() decides exactly what the plain reference pipeline (reference_review.py) decides: same
verdict, message, warnings, findings, patch, notes and audit fields, field for field, for generated
objects, updates, configurations (actions, parameters, exemptions, annotations, namespace globs,
custom messages) and the three modes. Guards the hot-path shortcuts: cached plans, the unfiltered
plan, the prebuilt decision dict, merged container walks, re-checking only reported policies on UPDATE.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib.util
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
import reference_review
from check_helpers import POLICIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webhook.admission import read_review, request_for_manifest, review
from webhook.config import ClusterConfig, parse_cluster_config
from webhook.decision import Decision
from webhook.engine import Finding
from webhook.policies import Match, PolicySet
from webhook.types import Mode
from webhook.workloads import POD_SPEC_PATHS

TODAY = dt.date(2026, 11, 22)
MODES: tuple[Mode, ...] = ("validate", "mutate", "full")


def _config(raw: dict[str, Any]) -> ClusterConfig:
    return parse_cluster_config(raw, POLICIES, "cluster.yaml")


CONFIGS = {
    "default": ClusterConfig(),
    "actions": _config({"actions": {"require-probes": "warn", "require-resources": "audit", "zone-anti-affinity": "deny", "require-run-as-non-root": "off"}}),
    "exemptions": _config({
        "allowAnnotationExemptions": True,
        "exemptions": [
            {"policies": ["require-run-as-non-root"], "namespaces": ["team-*"], "reason": "active", "expires": "2027-01-31"},
            {"policies": ["*"], "names": ["app*"], "reason": "expired", "expires": "2020-01-01"},
            {"policies": ["require-probes"], "selector": {"matchLabels": {"tier": "batch"}}, "reason": "expired", "expires": "2020-01-01"},
            {"policies": ["disallow-plaintext-secrets"], "namespaces": ["payments"], "reason": "active", "expires": "2030-01-01"},
            {"policies": ["require-probes", "require-resources"], "containers": ["side"], "reason": "active", "expires": "2030-01-01"},
            {"policies": ["*"], "images": ["registry.local/mesh/*"], "namespaces": ["team-*"], "reason": "expired", "expires": "2020-01-01"},
            {"policies": ["disallow-plaintext-secrets", "require-run-as-non-root"], "containers": ["app"], "images": ["registry.local/*"], "reason": "active", "expires": "2030-01-01"},
            {"policies": ["require-resources", "require-run-as-non-root"], "containers": ["user-container", "user-container-1", "init-container-1"], "reason": "active", "expires": "2030-01-01"},
        ],
    }),
    "parameters": _config({"parameters": {
        "disallow-plaintext-secrets": {"extraNames": ["^LOG", "flags"], "allowedNames": ["API_TOKEN", "DB_.*"]},
        "require-resources": {"require": ["limits.memory", "requests.cpu"], "containerLists": ["initContainers"]},
        "require-probes": {"require": ["readinessProbe"]},
        "require-run-as-non-root": {"userNamespaces": True},
        "zone-anti-affinity": {"mode": "required", "minReplicas": 3, "topologyKey": "kubernetes.io/hostname"},
    }}),
}  # fmt: skip


def _with_namespace_rules(index: int, policy: Any) -> Any:
    """Every other policy gets namespace globs and a custom message: the filtered plan path."""
    if index % 2:
        return policy
    match = Match(policy.match.kinds, policy.match.operations, ("team-*", "payments"), ("team-b",))
    return dataclasses.replace(policy, match=match, message="  [{policy}] {title}: {subject} -> {problem} ({fix})")


POLICY_SETS = {
    "bundled": POLICIES,
    "namespaced": PolicySet(tuple(_with_namespace_rules(i, p) for i, p in enumerate(POLICIES)), "sha256:namespaced"),
}


def assert_same(request: dict[str, Any]) -> None:
    for set_name, policies in POLICY_SETS.items():
        for config_name, config in CONFIGS.items():
            today = TODAY if config_name == "exemptions" else None
            for mode in MODES:
                before = orjson.dumps(request, option=orjson.OPT_NON_STR_KEYS)
                fast = review(request, policies, config, mode, today)  # type: ignore[arg-type]
                slow = reference_review.review(request, policies, config, mode, today)
                where = f"{set_name}/{config_name}/{mode}"
                assert fast == slow, where
                assert repr(fast) == repr(slow), where
                assert list(vars(fast)) == [f.name for f in dataclasses.fields(Decision)], where
                assert orjson.dumps(request, option=orjson.OPT_NON_STR_KEYS) == before, f"{where}: request modified"


# --- generated objects -----------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 4), st.sampled_from(["", "Always", "Never", "100m", "app", "$(VAR)", "/etc/x"])
)
VALUES = st.sampled_from(["FAKE-not-a-real-value-123", "postgres://u:FAKE-pw@db:5432/x", "--password=FAKE-pw-1", "--token", "a=b"])
KEYS = st.sampled_from(
    ["containers", "initContainers", "ephemeralContainers", "securityContext", "env", "args", "command", "resources",
     "livenessProbe", "readinessProbe", "startupProbe", "httpGet", "exec", "restartPolicy", "affinity", "podAntiAffinity",
     "runAsUser", "runAsNonRoot", "limits", "requests", "cpu", "memory", "name", "value"]
)  # fmt: skip
SHAPED = st.recursive(
    st.one_of(SCALARS, VALUES), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25
)
ENV = st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["DB_PASSWORD", "LOG_LEVEL", "API_TOKEN", "TOKEN_TTL", "X", "DB\tPASSWORD"]), "value": st.one_of(VALUES, SCALARS)}),
    max_size=3,
)
WINDOWS_OPTIONS = st.sampled_from([{"runAsUserName": "ContainerAdministrator"}, {"runAsUserName": "containeradministrator"}, {"runAsUserName": "ContainerUser"}, {"runAsUserName": None}, {}, None, "x"])
CONTAINER = st.fixed_dictionaries(
    {"name": st.sampled_from(["app", "side", "", "user-container-0", "init-container", "tab\tnew\nline\x1b"])},  # and names Knative gives, and a custom resource's unvalidated one
    optional={
        "image": st.sampled_from(["registry.local/mesh/proxy:1.2", "app:1", 5]),
        "env": ENV,
        "args": st.lists(st.one_of(VALUES, SCALARS), max_size=3),
        "securityContext": st.fixed_dictionaries({}, optional={"runAsUser": st.sampled_from([0, 1000, None, True]), "runAsNonRoot": st.sampled_from([True, False, None]), "windowsOptions": WINDOWS_OPTIONS}),
        "resources": st.fixed_dictionaries({}, optional={"limits": st.dictionaries(st.sampled_from(["cpu", "memory"]), st.sampled_from(["1", "", None]))}),
        "livenessProbe": st.sampled_from([{"httpGet": {"port": 80}}, {"exec": None}, None, {"exec": {}}, {"grpc": {"port": 0}}]),
        "readinessProbe": st.sampled_from([{"tcpSocket": {"port": 80}}, {}, {"httpGet": {"path": "/"}}]),
        "restartPolicy": st.sampled_from(["Always", "Never"]),
        "extra": SHAPED,
    },
)
POD_SPEC = st.fixed_dictionaries(
    {},
    optional={
        "containers": st.lists(st.one_of(CONTAINER, SCALARS), max_size=3),
        "initContainers": st.lists(CONTAINER, max_size=2),
        "ephemeralContainers": st.lists(CONTAINER, max_size=1),
        "securityContext": st.fixed_dictionaries({}, optional={"runAsUser": st.sampled_from([0, 1000]), "runAsNonRoot": st.booleans(), "windowsOptions": WINDOWS_OPTIONS}),
        "restartPolicy": st.sampled_from(["Always", "Never", "OnFailure"]),
        "os": st.sampled_from([{"name": "windows"}, {"name": "linux"}, "windows", None]),
        "hostUsers": st.sampled_from([False, True, "false", None]),
        "affinity": st.sampled_from([{}, {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{}]}}, None]),
    },
)
META = st.fixed_dictionaries(
    {},
    optional={
        # and names that are credentials (hidden in decisions and messages), and a hex one (shown)
        "name": st.sampled_from(["app-1", "web", "", 7, "AKIAFAKEFAKEFAKE0001", "0123456789abcdef0123456789abcdef"]),
        "generateName": st.sampled_from(["gen-", "", "ghp_" + "FAKEfake01" * 3 + "FAKEfa"]),
        "namespace": st.sampled_from(["team-a", "team-b", "payments", "default", "", "glpat-fakefakefakefake0001"]),
        "labels": st.sampled_from([{"tier": "batch"}, {}, "x"]),
        "annotations": st.sampled_from(
            [{"railguard.io/exempt": "require-probes, require-resources"}, {"railguard.io/exempt": 3}, {}, {"kubernetes.io/config.mirror": "0f3c9a"}]
        ),
    },
)
KINDS = st.sampled_from([*POD_SPEC_PATHS, "ConfigMap", "Service", ""])


@st.composite
def objects(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(KINDS)
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": draw(META)}
    if draw(st.booleans()) and kind == "ConfigMap":
        obj["data"] = draw(st.dictionaries(st.sampled_from(["password", "app.properties", "url", "DB_PASSWORD"]), st.one_of(VALUES, SCALARS)))
        obj["binaryData"] = draw(st.dictionaries(st.sampled_from(["key", "secret.bin"]), st.just("eA==")))
    path = POD_SPEC_PATHS.get(kind, ("spec",))
    node = obj
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = draw(st.one_of(POD_SPEC, SHAPED))
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "Rollout"):
        obj["spec"]["replicas"] = draw(st.sampled_from([1, 2, 3, 5, "2", True]))
        obj["spec"]["selector"] = draw(st.sampled_from([{"matchLabels": {"app": "web"}}, {}, None]))
    if kind == "Rollout" and draw(st.booleans()):
        obj["spec"]["workloadRef"] = draw(st.sampled_from([{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, {}, None]))
    if kind == "DeploymentConfig":  # a plain label map, absent, or a LabelSelector where none belongs
        obj["spec"]["replicas"] = draw(st.sampled_from([1, 2, 3, "2"]))
        obj["spec"]["selector"] = draw(st.sampled_from([{"app": "web"}, {}, None, {"matchLabels": {"app": "web"}}, {"app": 5}]))
    return obj


# a kubelet (which creates mirror pods), a node name without the nodes group and the reverse, a user
USERS = st.sampled_from(
    [{}, {"username": "system:node:node-1", "groups": ["system:nodes", "system:authenticated"]},
     {"username": "system:node:node-1", "groups": ["system:authenticated"]},
     {"username": "alice", "groups": ["system:nodes"]}, {"username": "system:node:", "groups": ["system:nodes"]}]
)  # fmt: skip


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    obj = draw(objects())
    operation = draw(st.sampled_from(["CREATE", "UPDATE", "DELETE"]))
    request = request_for_manifest(obj, operation=operation)
    if operation == "UPDATE":
        old = draw(st.sampled_from(["same", "other", "kindless", "none"]))
        if old == "same":
            request["oldObject"] = copy.deepcopy(obj)
        elif old in ("other", "kindless"):
            request["oldObject"] = {**draw(objects()), "kind": obj["kind"]}
            if old == "kindless":
                del request["oldObject"]["kind"]
    if draw(st.booleans()):
        request["object"] = {k: v for k, v in obj.items() if k != "kind"}  # the kind comes from request.kind
    request["subResource"] = draw(st.sampled_from(["", "", "", "status", "ephemeralcontainers", "xoxb-1234567890-fakefakesub"]))
    # request fields that are credentials (hidden in decisions), and user names shown as given
    if draw(st.integers(0, 3)) == 0:
        request["kind"] = {**request["kind"], "kind": "postgres://u:FAKEpw@h", "group": "hvs.FAKEfakeFAKEfakeFAKEfake01"}
        request["resource"] = {**request["resource"], "resource": "AKIAFAKEFAKEFAKE0003"}
    request["userInfo"] = draw(USERS | st.sampled_from([
        {}, {"username": "system:serviceaccount:kube-system:replicaset-controller", "groups": ["system:serviceaccounts"]},
        {"username": "oidc:jane.doe@example.com", "uid": "", "groups": []}, {"username": "admin:FAKEpw@db"},
        {"username": "ghp_" + "FAKEfake03" * 3 + "FAKEfa", "uid": "glpat-fakefakefakefake0003", "groups": ["dev", "AKIAFAKEFAKEFAKE0004"]},
    ]))  # fmt: skip
    return dict(request)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests())
def test_review_matches_the_reference_on_generated_requests(request: dict[str, Any]) -> None:
    assert_same(request)


@st.composite
def mirror_pods(draw: st.DrawFn) -> dict[str, Any]:
    """A Pod CREATE carrying the mirror annotation, from a node or not (too rare among requests())."""
    meta = {**draw(META), "annotations": {"kubernetes.io/config.mirror": "0f3c9a", **draw(st.sampled_from([{}, {"railguard.io/exempt": "require-probes"}]))}}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": draw(st.one_of(POD_SPEC, SHAPED))}
    request = request_for_manifest(pod, operation="CREATE")
    request["userInfo"] = draw(USERS)
    return dict(request)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=mirror_pods())
def test_review_matches_the_reference_on_mirror_pods(request: dict[str, Any]) -> None:
    assert_same(request)
    user = request["userInfo"]
    if user.get("username") == "system:node:node-1" and "system:nodes" in user["groups"]:  # a kubelet's mirror pod
        for mode in MODES:
            decision = review(request, POLICY_SETS["bundled"], CONFIGS["default"], mode)  # type: ignore[arg-type]
            assert decision.allowed and not decision.patch, mode


WORDS = st.lists(st.sampled_from(["a", "set", "runAsUser", "securityContext.runAsNonRoot:", "the", "image,", "x;", "  ", "\n"]), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    policy=st.sampled_from(["p", "my-rule", "a-policy-id-of-the-longest-kind-" + "x" * 30]),
    preexisting=st.booleans(),
    who=st.sampled_from(['container "app"', 'init container "' + "n" * 60 + '"', 'Deployment "web"']),
    problem=WORDS.map(" ".join),
    fix=WORDS.map(" ".join),
)
def test_a_warning_is_cut_as_the_reference_cuts_it(policy: str, preexisting: bool, who: str, problem: str, fix: str) -> None:
    """Problems and fixes of any length (a declarative rule's own): the warning the review gives is
    the reference's, and never over the limit."""
    problem, fix = problem.strip() or "x", fix.strip() or "y"
    finding = Finding(policy, "1.0.0", "warn", "low", "m", "/spec", who, preexisting, who=who, problem=problem, fix=fix)
    from webhook.messages import _warning

    assert _warning(finding) == reference_review._warning(finding)
    assert len(_warning(finding)) <= 120


# --- recorded and generated manifests --------------------------------------------------------------


def test_review_matches_the_reference_on_recorded_admission_reviews(shared_dir: Path) -> None:
    bodies = sorted((shared_dir / "admission").glob("*.json"))
    assert bodies
    for body in bodies:
        _, request = read_review(orjson.loads(body.read_bytes()))
        assert_same(dict(request))


def test_review_matches_the_reference_on_bench_manifests(repo_root: Path) -> None:
    spec = importlib.util.spec_from_file_location("engine_bench", repo_root / "bench" / "engine_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    manifests = bench.manifests(240)
    for index, obj in enumerate(manifests):
        assert_same(dict(request_for_manifest(obj)))
        if index % 4 == 0:  # an update from another manifest of the same kind
            update = dict(request_for_manifest(obj, operation="UPDATE"))
            update["oldObject"] = {**manifests[(index * 7 + 1) % len(manifests)], "kind": obj["kind"]}
            assert_same(update)


@pytest.mark.parametrize("containers", [7, 8, 40])
def test_review_matches_the_reference_past_the_message_and_warning_limits(containers: int) -> None:
    """Around and past the 30 violations a denial lists and the 30 warnings an answer carries (the
    configurations include one that warns instead of denying, and one with expired exemptions)."""
    env = [{"name": "DB_PASSWORD", "value": "FAKE-not-a-real-password"}]
    spec = [{"name": f"c{i}", "image": "x", "env": env} for i in range(containers)]
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app-crowded", "namespace": "team-a"}, "spec": {"containers": spec}}
    assert_same(dict(request_for_manifest(pod)))


@pytest.mark.parametrize("operation", ["CREATE", "UPDATE"])
def test_decision_fields_are_all_set_in_field_order(operation: str) -> None:
    """The prebuilt field dict leaves no field without a value: a field added to Decision without a
    default must be set by review() too."""
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}}
    request = request_for_manifest(obj, operation=operation)
    for mode in MODES:
        decision = review(request, POLICIES, ClusterConfig(), mode)
        assert list(vars(decision)) == [f.name for f in dataclasses.fields(Decision)]
        assert None not in vars(decision).values()
        assert decision == Decision(**vars(decision))


@pytest.mark.parametrize("os_name", [None, "windows"])
def test_review_matches_the_reference_on_an_ephemeral_container_inheriting_root(os_name: str | None) -> None:
    """The generated requests reach this shape only now and then: a debug container added to a pod
    whose own securityContext sets runAsUser: 0 (its finding points into the ephemeral container)."""
    spec: dict[str, Any] = {
        "securityContext": {"runAsUser": 0},
        "containers": [{"name": "app", "image": "x", "securityContext": {"runAsUser": 1000}}],
    }
    if os_name:
        spec["os"] = {"name": os_name}
    old = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "team-a"}, "spec": spec}
    new = {**old, "spec": {**spec, "ephemeralContainers": [{"name": "debugger", "image": "busybox"}]}}
    assert_same(dict(request_for_manifest(new)))
    update = dict(request_for_manifest(new, operation="UPDATE"))
    update["oldObject"], update["subResource"] = old, "ephemeralcontainers"
    assert_same(update)


def _knative(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    meta = {"name": "hello", "namespace": "default"}
    return {"apiVersion": "serving.knative.dev/v1", "kind": kind, "metadata": meta, "spec": {"template": {"spec": spec}}}


UNNAMED = {"image": "ghcr.io/example/hello:1"}


@pytest.mark.parametrize(
    ("manifest", "exempted"),
    [
        # a lone unnamed container is "user-container", which the configuration exempts
        pytest.param(_knative("Service", {"containers": [UNNAMED]}), {"user-container"}, id="service-one-unnamed"),
        # several are numbered: "user-container-0" is not exempted, "user-container-1" is
        pytest.param(_knative("Service", {"containers": [UNNAMED, UNNAMED]}), {"user-container-1"}, id="service-two-unnamed"),
        pytest.param(
            _knative("Configuration", {"initContainers": [UNNAMED, UNNAMED], "containers": [{**UNNAMED, "name": "app"}]}),
            {"init-container-1"}, id="configuration-unnamed-init",
        ),
        # a Pod's unnamed container has no name a controller gives: no container exemption covers it
        pytest.param(
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hello", "namespace": "default"}, "spec": {"containers": [UNNAMED]}},
            set(), id="pod-unnamed",
        ),
    ],
)  # fmt: skip
def test_review_matches_the_reference_on_unnamed_knative_containers_an_exemption_names(
    manifest: dict[str, Any], exempted: set[str]
) -> None:
    """The generated requests almost never put an unnamed container in a Knative Service or
    Configuration under the configuration that exempts it by the name Knative gives it."""
    request = dict(request_for_manifest(manifest))
    assert_same(request)
    decision = review(request, POLICIES, CONFIGS["exemptions"], "validate", TODAY)
    named = {name for note in decision.exemptions for name in re.findall(r'container "([^"]+)"', note)}
    assert named == exempted, decision.exemptions


def _words(length: int) -> str:
    """A text of ``length`` characters, words of four letters and a space."""
    return ("word " * (length // 5 + 1))[:length].rstrip() or "w"


def test_a_warning_is_cut_as_the_reference_cuts_it_at_every_length() -> None:
    """Every policy-id length up to 63, with and without a container and the marker, against
    problems and fixes around the lengths where a cut changes (the generated test above draws too
    few lengths to reach each boundary): the review's warning is the reference's."""
    from webhook.messages import _broken_warning, _warning

    from webhook.checks.base import BROKEN_POD_SPEC_FIX

    whos = ("", 'container "app"', 'init container "' + "n" * 40 + '"', 'container "' + "n" * 63 + '"')
    lengths = (1, 3, 9, 10, 11, 12, 19, 20, 21, 29, 30, 39, 40, 41, 60, 90, 117, 120, 121)
    for size in range(1, 64):
        policy = ("p" * size)[:size]
        for who in whos:
            for preexisting in (False, True):
                for problem in map(_words, lengths):
                    for fix in map(_words, (1, 11, 12, 13, 20, 21, 40, 90)):
                        finding = Finding(policy, "1.0.0", "warn", "low", "m", "/spec", who, preexisting, who=who, problem=problem, fix=fix)
                        assert _warning(finding) == reference_review._warning(finding), (size, who, preexisting, problem, fix)
                # a broken pod spec that three policies report: one warning naming them, as the reference names them
                for last in ("r", "rr"):  # both parities of the joined names' length
                    group = [
                        Finding(p, "1.0.0", "warn", "low", "m", "/spec", who, preexisting, who=who or 'Pod "x"', problem=_words(40), fix=BROKEN_POD_SPEC_FIX)
                        for p in (policy, "q" * 8, last)
                    ]
                    assert _broken_warning(group) == reference_review._broken_warning(group), (size, who, preexisting, last)
