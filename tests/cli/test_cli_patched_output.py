"""``railguard test -o patched``: every input object with the webhook's patch applied, as YAML."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from cli_helpers import COMPLIANT_DEPLOYMENT, CONFIGMAP, ROOT_POD, run_cli, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webhook import goyaml
from webhook.admission import request_for_manifest, review
from webhook.config import ClusterConfig, default_policy_dir
from webhook.documents import KubeLoader, parse_text
from webhook.policies import PolicySet

# a Deployment of 3 replicas without pod anti-affinity: zone-anti-affinity adds it; otherwise compliant
MUTATED = COMPLIANT_DEPLOYMENT
UNKNOWN_KIND = """\
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3, enabled: "yes"}
"""
FAKE_CREDENTIAL = "mysql://orders:FAKE-not-a-real-password@mysql:3306/orders"
LEAKY_CONFIGMAP = f"""\
apiVersion: v1
kind: ConfigMap
metadata: {{name: leaky, namespace: shop}}
data:
  database: {FAKE_CREDENTIAL}
"""


def objects(text: str) -> list[dict[str, Any]]:
    """The objects railguard reads from ``text`` (as kubectl reads them), none unreadable."""
    documents, errors = parse_text(text, "<stdout>")
    assert not errors, [str(e) for e in errors]
    return [d.obj for d in documents]


def dump(obj: dict[str, Any]) -> str:
    """What ``railguard test - -o patched`` prints for ``obj`` given as JSON (no policy patches a ``Thing``)."""
    run = run_cli("test", "-", "-o", "patched", stdin=json.dumps(obj).encode())
    assert run.code == 0, run.err
    return run.out


def webhook_patched(manifest: str, policies: PolicySet) -> dict[str, Any]:
    """The object the webhook would store: review()'s patch applied to the manifest."""
    [obj] = objects(manifest)
    decision = review(request_for_manifest(obj), policies, ClusterConfig(), mode="full")
    assert decision.patch, "the example must be mutated"
    patched: dict[str, Any] = jsonpatch.apply_patch(obj, list(decision.patch))
    return patched


# --- what is printed --------------------------------------------------------------------------


def test_prints_the_object_the_webhook_would_produce(tmp_path: Path, policies: PolicySet) -> None:
    run = run_cli("test", write(tmp_path / "d.yaml", MUTATED), "-o", "patched")
    assert run.code == 0, run.err
    [printed] = objects(run.out)
    assert printed == webhook_patched(MUTATED, policies)
    assert "affinity" in printed["spec"]["template"]["spec"]
    assert run.out.startswith("---\n")


def test_every_object_in_input_order_unpatched_ones_unchanged(tmp_path: Path) -> None:
    text = "\n---\n".join([CONFIGMAP, MUTATED, UNKNOWN_KIND, ROOT_POD])
    run = run_cli("test", write(tmp_path / "all.yaml", text), "-o", "patched")
    assert run.code == 1, run.err  # the root pod is denied
    printed = objects(run.out)
    given_objects = objects(text)
    assert [o["kind"] for o in printed] == ["ConfigMap", "Deployment", "Widget", "Pod"]
    for index in (0, 2, 3):
        assert printed[index] == given_objects[index]
    assert printed[1] != given_objects[1]
    assert printed[2]["spec"]["enabled"] == "yes"  # a quoted string stays a string


def test_matches_the_policy_cases_patched_files(tmp_path: Path) -> None:
    """Each ``mutate.NAME.yaml`` case gives what its ``mutate.NAME.patched.yaml`` holds."""
    cases = sorted((default_policy_dir() / "zone-anti-affinity" / "cases").glob("mutate.*.patched.yaml"))
    assert cases
    for expected in cases:
        source = expected.with_name(expected.name.replace(".patched.yaml", ".yaml"))
        run = run_cli("test", source, "-o", "patched")
        assert run.code in (0, 1), run.err
        assert objects(run.out) == objects(expected.read_text()), source.name


def test_list_items_are_separate_documents(tmp_path: Path) -> None:
    listing = {
        "apiVersion": "v1", "kind": "List",
        "items": [yaml.safe_load(CONFIGMAP), yaml.safe_load(MUTATED)],
    }  # fmt: skip
    pods = {"apiVersion": "v1", "kind": "PodList", "items": [{"metadata": {"name": "p"}, "spec": {"containers": []}}]}
    run = run_cli("test", write(tmp_path / "list.yaml", yaml.safe_dump(listing) + "---\n" + yaml.safe_dump(pods)), "-o", "patched")
    printed = objects(run.out)
    assert run.out.count("---\n") == 3
    assert [o["kind"] for o in printed] == ["ConfigMap", "Deployment", "Pod"]
    assert "affinity" in printed[1]["spec"]["template"]["spec"]
    assert printed[2]["apiVersion"] == "v1"  # the kind and apiVersion kubectl's decoder gives a PodList item


def test_admission_review_keeps_its_envelope_with_the_object_patched(tmp_path: Path, policies: PolicySet) -> None:
    [obj] = objects(MUTATED)
    envelope = {
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {**request_for_manifest(obj), "uid": "u-1", "dryRun": False},
    }  # fmt: skip
    run = run_cli("test", write(tmp_path / "review.json", json.dumps(envelope)), "-o", "patched")
    assert run.code == 0, run.err
    [printed] = objects(run.out)
    assert printed["kind"] == "AdmissionReview" and printed["request"]["uid"] == "u-1"
    assert printed["request"]["object"] == webhook_patched(MUTATED, policies)


# --- stdout, stderr and exit codes ------------------------------------------------------------


def test_stdout_holds_only_yaml_findings_on_stderr_in_the_tables_words(tmp_path: Path) -> None:
    f = write(tmp_path / "pod.yaml", ROOT_POD)
    run = run_cli("test", f, "-o", "patched")
    table = run_cli("test", f)
    assert run.code == table.code == 1
    assert objects(run.out) == objects(ROOT_POD)
    assert "DENIED" not in run.out and "require-run-as-non-root" not in run.out
    denied = [line for line in table.out.splitlines() if "require-run-as-non-root" in line]
    assert denied and all(line in run.err.splitlines() for line in denied)
    assert run.err.splitlines()[-1] == table.out.splitlines()[-1]  # the summary line


def test_unreadable_input_prints_nothing_for_it_and_exits_2(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.yaml", CONFIGMAP + "---\nkind: [unclosed\n")
    run = run_cli("test", tmp_path / "missing.yaml", broken, "-o", "patched")
    assert run.code == 2
    assert objects(run.out) == objects(CONFIGMAP)  # only the document that could be read
    assert "missing.yaml" in run.err and "broken.yaml:" in run.err
    assert "missing" not in run.out and "ERROR" not in run.out


def test_an_object_too_deep_for_the_yaml_writer_is_an_input_error_not_a_traceback(tmp_path: Path) -> None:
    # JSON may nest 1,024 levels (orjson's limit, as the server reads it); the YAML writer recurses
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(900):
        inner["a"] = {}
        inner = inner["a"]
    thing = {"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "deep"}, "spec": deep}
    too_deep = write(tmp_path / "deep.json", json.dumps(thing))
    run = run_cli("test", too_deep, write(tmp_path / "cm.yaml", CONFIGMAP), "-o", "patched")
    assert run.code == 2
    assert "Traceback" not in run.err and "RecursionError" not in run.err
    assert f"{too_deep}:1: nested too deep to be written as YAML" in run.err
    assert objects(run.out) == objects(CONFIGMAP)  # the other input still printed


def test_a_broken_policy_library_prints_nothing_on_stdout(tmp_path: Path) -> None:
    broken = write(tmp_path / "lib" / "bad" / "policy.yaml", "id: bad\n")
    run = run_cli("test", write(tmp_path / "d.yaml", MUTATED), "-o", "patched", "--policies", broken.parent.parent)
    assert run.code == 2
    assert run.out == ""
    assert run.err


def test_configmap_values_are_echoed_but_never_reach_stderr(tmp_path: Path) -> None:
    run = run_cli("test", write(tmp_path / "cm.yaml", LEAKY_CONFIGMAP), "-o", "patched")
    assert run.code == 1
    assert objects(run.out)[0]["data"]["database"] == FAKE_CREDENTIAL  # the user's manifest, as given
    assert "disallow-plaintext-secrets" in run.err
    assert "FAKE-not-a-real-password" not in run.err and FAKE_CREDENTIAL not in run.err


# --- applying the output again ----------------------------------------------------------------


def _no_patch_the_second_time(*paths: Path) -> int:
    """Run ``-o patched`` over ``paths``, then review its output again: nothing left to patch.
    Returns how many objects the first run patched."""
    first = run_cli("test", *paths, "-o", "patched")
    assert first.code in (0, 1), first.err
    before = json.loads(run_cli("test", *paths, "-o", "json").out)
    again = run_cli("test", "-", "-o", "json", stdin=first.out.encode())
    entries = json.loads(again.out)
    assert again.code in (0, 1), again.err
    assert len(entries) == len([e for e in before if e["verdict"] not in ("error", "skipped")])
    assert [e["file"] for e in entries if e["patch"]] == []
    return sum(bool(e["patch"]) for e in before)


def test_policy_cases_need_no_patch_once_patched() -> None:
    patched = _no_patch_the_second_time(*sorted(default_policy_dir().glob("*/cases")))
    assert patched > 0


def test_shared_corpus_and_admission_reviews_need_no_patch_once_patched(shared_dir: Path) -> None:
    folders = [p for p in (shared_dir / "corpus", shared_dir / "admission") if p.is_dir()]
    if not folders:
        pytest.skip(f"{shared_dir} holds neither corpus/ nor admission/")
    patched = _no_patch_the_second_time(*folders)
    assert patched > 0


# --- YAML that kubectl reads back -------------------------------------------------------------

YAML11_WORDS = [
    "on", "On", "ON", "off", "yes", "Yes", "no", "NO", "y", "Y", "n", "N", "true", "False", "null", "Null", "~", "",
    "0777", "0o17", "0x1F", "0b11", "0_x10", "+_1", "1e3", "1E3", "3.0", "08", ".5", "1_000", "1e400", ".inf", "-.Inf",
    ".nan", "2026-01-31", "12:30", "=", "<<", "-", "- x", "? x", ": x", "#x", "x #y", "a: b", "@x", "`x", "!x", "&a",
    "*a", "%x", "|", ">", "'", '"', "{}", "[]", " lead", "trail ", "line\nbreak", "line\n", "\n", "tab\tin",
    "\u2028", "x\x85y", "\ufeffbom", "ünïcødé", "9223372036854775808", "18446744073709551616", "0.", "+0", "-0",
]  # fmt: skip


@pytest.mark.parametrize("word", YAML11_WORDS)
def test_strings_yaml_11_would_misread_are_quoted(word: str) -> None:
    obj = {"apiVersion": "v1", "kind": "Thing", "metadata": {"name": "c"}, "data": {word: word, "k": word}}
    text = dump(obj)
    assert objects(text) == [obj]
    assert yaml.load(text, KubeLoader) == obj  # go-yaml's rules, whichever path the reader takes


def test_multi_line_values_are_literal_blocks() -> None:
    obj = {"apiVersion": "v1", "kind": "Thing", "data": {"run.sh": "#!/bin/sh\necho on\n"}}
    text = dump(obj)
    assert "run.sh: |\n    #!/bin/sh\n    echo on\n" in text
    assert objects(text) == [obj]


_keys = st.text(max_size=8).filter(lambda key: key != "items")  # a document with items is a List
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
    | st.sampled_from(YAML11_WORDS)
)
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys | st.sampled_from(YAML11_WORDS), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


def _as_sent(value: Any) -> Any:
    """The value as the webhook receives it: an integral float an integer, as kubectl sends it."""
    if isinstance(value, float):
        return goyaml.as_sent(value)
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_sent(v) for v in value]
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys | st.sampled_from(YAML11_WORDS), _values, max_size=5))
def test_any_json_like_object_reads_back_the_same(extra: dict[str, Any]) -> None:
    obj = {**extra, "apiVersion": "v1", "kind": "Thing"}
    expected = _as_sent(copy.deepcopy(obj))
    assert objects(json.dumps(obj)) == [expected]  # what railguard read
    text = dump(obj)
    read = objects(text)
    assert read == [expected]
    assert json.dumps(read, sort_keys=True) == json.dumps([expected], sort_keys=True)  # 1 and 1.0, True and 1 told apart
    assert json.dumps(yaml.load(text, KubeLoader), sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_several_processes_keep_the_input_order(tmp_path: Path) -> None:
    files = [write(tmp_path / f"{n}.yaml", text) for n, text in enumerate([MUTATED, CONFIGMAP, UNKNOWN_KIND, MUTATED])]
    one, two = run_cli("test", *files, "-o", "patched", "-j", "1"), run_cli("test", *files, "-o", "patched", "-j", "2")
    assert one.code == two.code == 0, two.err
    assert two.out == one.out
    assert [o["kind"] for o in objects(two.out)] == ["Deployment", "ConfigMap", "Widget", "Deployment"]
