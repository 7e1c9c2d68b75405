"""Properties over generated input: review() never crashes on malformed objects, and a secret value
never appears in what a decision says (messages, paths, warnings, notes, the response)."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from check_helpers import POLICIES, decide

from webhook.admission import to_response
from webhook.workloads import POD_SPEC_PATHS

KINDS = st.sampled_from([*POD_SPEC_PATHS, "ConfigMap", "Service", ""])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12))
JSONISH = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=12)
FIELD_NAMES = st.sampled_from(
    ["containers", "initContainers", "ephemeralContainers", "securityContext", "env", "args", "command", "resources",
     "livenessProbe", "readinessProbe", "restartPolicy", "affinity", "replicas", "selector", "template", "spec",
     "jobTemplate", "data", "binaryData", "runAsUser", "runAsNonRoot", "limits", "requests", "value", "name"]
)  # fmt: skip
# objects built from the field names the checks look at, holding anything at all
SHAPED = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELD_NAMES, inner, max_size=5),
    max_leaves=30,
)
SECRET = st.from_regex(r"FAKE-[a-z0-9]{10,20}", fullmatch=True)
NAME = st.from_regex(r"[A-Z][A-Z_]{0,20}", fullmatch=True) | st.sampled_from(["DB_PASSWORD", "apiKey", "client-secret"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _said(decision: Any) -> str:
    return orjson.dumps(
        [decision.message, decision.warnings, decision.notes, [[f.message, f.path, f.container, f.item] for f in decision.findings],
         to_response(decision)]  # fmt: skip
    ).decode()


@SETTINGS
@given(kind=KINDS, spec=SHAPED, extra=JSONISH)
def test_review_never_crashes(kind: str, spec: Any, extra: Any) -> None:
    obj = {"apiVersion": "v1", "kind": kind, "metadata": {"name": "x"}, "spec": spec, "data": extra}
    for mode in ("validate", "full"):
        decision = decide(obj, policies=POLICIES, mode=mode)  # type: ignore[arg-type]
        assert decision.allowed in (True, False)


@SETTINGS
@given(
    kind=st.sampled_from(list(POD_SPEC_PATHS)),
    env=st.lists(st.tuples(NAME, SECRET), min_size=1, max_size=4),
    args=st.lists(st.one_of(SECRET, SECRET.map(lambda s: "--password=" + s), st.just("--token")), max_size=4),
)
def test_secret_values_never_leak_from_workloads(kind: str, env: list[tuple[str, str]], args: list[str]) -> None:
    container = {"name": "app", "image": "x", "env": [{"name": n, "value": v} for n, v in env], "args": args}
    spec: dict[str, Any] = {"containers": [container]}
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": {"name": "x"}}
    node = obj
    for key in POD_SPEC_PATHS[kind][:-1]:
        node = node.setdefault(key, {})
    node[POD_SPEC_PATHS[kind][-1]] = spec
    decision = decide(obj)
    said = _said(decision)
    for _, value in env:
        assert value not in said
    for arg in args:
        assert arg.split("=")[-1] not in said or arg == "--token"
    if any(n in ("DB_PASSWORD", "apiKey", "client-secret") for n, _ in env):
        assert not decision.allowed


@SETTINGS
@given(entries=st.dictionaries(st.from_regex(r"[a-z][a-z_.]{0,15}", fullmatch=True), SECRET, min_size=1, max_size=4))
def test_secret_values_never_leak_from_configmaps(entries: dict[str, str]) -> None:
    data = {key: f"password: {secret}\nurl: postgres://u:{secret}@db/x\n" for key, secret in entries.items()}
    decision = decide({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data})
    assert not decision.allowed
    said = _said(decision)
    for secret in entries.values():
        assert secret not in said
