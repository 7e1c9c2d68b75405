"""``railguard test``: the ``-o json`` report a script can rely on, and documents that are not
Kubernetes objects (no ``apiVersion`` or ``kind``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_helpers import COMPLIANT_DEPLOYMENT, CONFIGMAP, ROOT_POD, run_cli, write

from webhook.cli.test_cmd import error_json
from webhook.errors import InputError

HELM_VALUES = "replicaCount: 2\nimage:\n  repository: registry.example/web\n"
HELM_CHART = "apiVersion: v2\nname: web\nversion: 0.1.0\n"  # an apiVersion, but no kind
OLD_KUSTOMIZATION = "resources:\n  - deploy.yaml\n"
CONFIGMAP_OBJECT = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"}}


def entries(out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    assert isinstance(data, list)
    return data


# --- -o json -------------------------------------------------------------------------------


def test_json_verdict_is_the_tables(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "b.yaml", ROOT_POD)
    write(tmp_path / "c.yaml", CONFIGMAP)
    warned = write(tmp_path / "cluster.yaml", "actions:\n  require-run-as-non-root: warn\n")
    for config in ((), ("--config", warned)):
        table = run_cli("test", tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml", *config)
        report = run_cli("test", tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml", *config, "-o", "json")
        shown = [line.split()[0].lower() for line in table.out.splitlines()[:-1] if not line.startswith(" ")]
        assert [e["verdict"] for e in entries(report.out)] == shown
    assert shown == ["mutated", "warned", "allowed"]


def test_each_json_finding_carries_the_file_and_line_the_table_shows(tmp_path: Path) -> None:
    """The table prints ``file:line: at /path`` under each finding; -o json gave the path only."""
    pod = yaml.safe_load(ROOT_POD)
    listing = {"apiVersion": "v1", "kind": "List", "items": [pod, json.loads(json.dumps(pod))]}
    a = write(tmp_path / "a.yaml", COMPLIANT_DEPLOYMENT.replace("runAsNonRoot: true, ", "") + "---\n" + ROOT_POD)
    b = write(tmp_path / "b.yaml", yaml.safe_dump(listing))
    table = run_cli("test", a, b)
    report = run_cli("test", a, b, "-o", "json")
    shown = [line.strip().rsplit(": at ", 1)[0] for line in table.out.splitlines() if ": at /" in line]
    got = [f"{f['file']}:{f['line']}" for e in entries(report.out) for f in e["findings"]]
    assert got == shown and len(got) >= 3
    first_lines = {f"{e['file']}:{e['line']}" for e in entries(report.out)}
    assert set(got) - first_lines  # a finding's own line, not only its document's


def test_json_lists_every_unreadable_input_after_the_resources(tmp_path: Path) -> None:
    broken = write(tmp_path / "a.yaml", CONFIGMAP + "---\nkind: [\n")
    run = run_cli("test", broken, tmp_path / "missing.yaml", write(tmp_path / "b.yaml", ROOT_POD), "-o", "json")
    assert run.code == 2
    got = entries(run.out)
    resource_keys = set(got[0])
    assert [(Path(e["file"]).name, e["line"], e["verdict"]) for e in got] == [
        ("a.yaml", 1, "allowed"), ("b.yaml", 1, "denied"), ("a.yaml", 10, "error"), ("missing.yaml", None, "error"),
    ]  # fmt: skip
    for error in got[2:]:
        assert set(error) == resource_keys | {"error"}  # a consumer reading a result's keys does not break
        assert error["allowed"] is False and error["findings"] == [] and error["patch"] == []
    assert got[2]["error"].startswith("invalid YAML") and got[3]["error"] == "cannot read: No such file or directory"
    for error in got[2:]:  # the same errors as on stderr
        assert f"railguard: {error['file']}{'' if error['line'] is None else ':' + str(error['line'])}: {error['error']}" in run.err


def test_error_entry_holds_only_the_error() -> None:
    assert error_json(InputError("f.yaml", 3, "kind not set")) == {
        "file": "f.yaml", "doc": None, "line": 3, "kind": None, "namespace": None, "name": None,
        "allowed": False, "verdict": "error", "findings": [], "patch": [], "error": "kind not set",
    }  # fmt: skip


@pytest.mark.parametrize("output", ["json", "sarif", "junit", "table"])
def test_a_missing_or_broken_library_exits_2_with_a_valid_report_saying_why(tmp_path: Path, output: str) -> None:
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    broken = write(tmp_path / "lib" / "p" / "policy.yaml", "id: [\n")
    for library, problem in ((tmp_path / "none", "policy directory does not exist"), (broken.parent.parent, "")):
        run = run_cli("test", pod, "--policies", library, "-o", output)
        assert run.code == 2 and run.err.startswith("railguard: ") and problem in run.err
        if output == "table":  # for a person: stderr says it, stdout has no report that could read as a pass
            assert run.out == ""
        elif output == "junit":
            suite = ET.fromstring(run.out).find("testsuite")
            assert suite is not None and suite.get("errors") == "1"
        else:
            document = json.loads(run.out)
            if output == "json":
                [entry] = document
                assert entry["verdict"] == "error" and problem in entry["error"] and entry["allowed"] is False
            else:
                assert document["runs"][0]["invocations"][0]["executionSuccessful"] is False


# --- documents without apiVersion or kind ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("metadata: {name: x}\n", "apiVersion and kind not set"),
        ("apiVersion: v1\nmetadata: {name: x}\n", "kind not set"),
        ("kind: ConfigMap\nmetadata: {name: x}\n", "apiVersion not set"),
        ("apiVersion: ''\nkind: null\n", "apiVersion and kind not set"),
        ("apiVersion: 1\nkind: ConfigMap\n", "apiVersion must be a string, got int"),
    ],
)
def test_a_document_that_is_no_kubernetes_object_is_an_input_error(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path / "x.yaml", CONFIGMAP + "---\n# a comment\n" + text)
    for source, stdin, name in ((path, b"", str(path)), ("-", path.read_bytes(), "<stdin>")):
        run = run_cli("test", source, "-o", "json", stdin=stdin)
        assert run.code == 2
        assert f"railguard: {name}:10: {problem}" in run.err
        assert [(e["name"], e["verdict"]) for e in entries(run.out)] == [("settings", "allowed"), (None, "error")]


def test_a_list_item_without_kind_is_an_input_error_and_the_list_still_works(tmp_path: Path) -> None:
    listing = {"apiVersion": "v1", "kind": "List", "items": [CONFIGMAP_OBJECT, {"metadata": {}}]}
    path = write(tmp_path / "list.json", json.dumps(listing))
    run = run_cli("test", path, "-o", "json")
    assert run.code == 2 and f"{path}:1: items[1]: apiVersion and kind not set" in run.err
    assert [(e["item"], e["name"]) for e in entries(run.out) if e["verdict"] != "error"] == [(0, "settings")]


def test_the_items_of_a_typed_list_take_their_kind_from_the_list_as_kubectl_gives_it(tmp_path: Path) -> None:
    """kubectl's decoder gives an item with neither kind nor apiVersion those of its list: a
    PodList's items are Pods of the list's apiVersion. A plain List's cannot be told: an error."""
    pod = yaml.safe_load(ROOT_POD)
    bare = {key: value for key, value in pod.items() if key not in ("kind", "apiVersion")}
    listing = {"apiVersion": "v1", "kind": "PodList", "items": [bare, CONFIGMAP_OBJECT]}
    path = write(tmp_path / "pods.yaml", yaml.safe_dump(listing))
    run = run_cli("test", path, "-o", "json")
    assert run.code == 1, run.err
    assert [(e["item"], e["kind"], e["name"], e["verdict"]) for e in entries(run.out)] == [
        (0, "Pod", "root-pod", "denied"), (1, "ConfigMap", "settings", "allowed"),
    ]  # fmt: skip
    assert "require-run-as-non-root" in {f["policy"] for f in entries(run.out)[0]["findings"]}
    # only both missing takes the list's: an item with a kind of its own but no apiVersion is still refused
    listing["items"] = [{**bare, "kind": "Pod"}]
    run = run_cli("test", write(tmp_path / "half.yaml", yaml.safe_dump(listing)), "-o", "json")
    assert run.code == 2 and "items[0]: apiVersion not set" in run.err
    listing.update(kind="List", items=[bare])
    run = run_cli("test", write(tmp_path / "plain.yaml", yaml.safe_dump(listing)), "-o", "json")
    assert run.code == 2 and "items[0]: apiVersion and kind not set" in run.err


def test_a_stream_of_json_objects_is_read_as_kubectl_reads_it(tmp_path: Path) -> None:
    """``kubectl get deploy -o json | jq '.items[]'`` (or ``jq -c``: JSON Lines) prints one object
    after the other, which kubectl's decoder reads one by one: all of it was "invalid JSON"
    (a .json file) or "invalid YAML" (stdin), nothing reviewed."""
    pod = yaml.safe_load(ROOT_POD)
    pretty = json.dumps(CONFIGMAP_OBJECT, indent=2) + "\n" + json.dumps(pod, indent=2) + "\n"
    for source, stdin, name in (("-", pretty.encode(), "<stdin>"), (write(tmp_path / "s.json", pretty), b"", "s.json")):
        run = run_cli("test", source, "-o", "json", stdin=stdin)
        assert run.code == 1, run.err
        assert [(e["doc"], e["line"], e["kind"], e["verdict"]) for e in entries(run.out)] == [
            (0, 1, "ConfigMap", "allowed"), (1, 9, "Pod", "denied"),
        ], name  # fmt: skip
    lines = "".join(json.dumps(o) + "\n" for o in (pod, CONFIGMAP_OBJECT)) + '{"kind": "ConfigMap", "metadata": }\n'
    path = write(tmp_path / "l.json", lines)
    # the broken last one, the others reviewed: in a .json file and on stdin alike (stdin read it
    # as YAML after the broken one: "invalid YAML" at line 2, nothing reviewed)
    for source, stdin, name in ((path, b"", str(path)), ("-", lines.encode(), "<stdin>")):
        run = run_cli("test", source, "-o", "json", stdin=stdin)
        assert run.code == 2 and f"{name}:3: invalid JSON" in run.err, run.err
        assert [(e["line"], e["kind"], e["verdict"]) for e in entries(run.out)] == [
            (1, "Pod", "denied"), (2, "ConfigMap", "allowed"), (3, None, "error"),
        ], name  # fmt: skip


def test_an_input_starting_with_a_brace_is_read_as_kubectls_decoder_reads_it(tmp_path: Path) -> None:
    """kubectl's YAMLOrJSONDecoder: JSON objects one after the other; once two are read the input
    is JSON (a broken third is a JSON error at its line); before that, the rest is YAML. A .yaml
    file used to be read again as YAML from its start: "invalid YAML" at line 2, nothing reviewed."""
    cm = json.dumps(CONFIGMAP_OBJECT) + "\n"
    pod = json.dumps(yaml.safe_load(ROOT_POD)) + "\n"
    cases = (  # text, ((line, kind, verdict) of each entry), the error
        (cm + pod + '{"kind": "ConfigMap",\n "metadata": }\n', ((1, "ConfigMap", "allowed"), (2, "Pod", "denied")),
         ":4: invalid JSON"),
        (cm + "{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop}, spec: {containers: [{name: c, image: i,"
         " securityContext: {runAsUser: 0}}]}}\n", ((1, "ConfigMap", "allowed"), (2, "Pod", "denied")), None),
        (cm + "---\n" + ROOT_POD, ((1, "ConfigMap", "allowed"), (3, "Pod", "denied")), None),
        (cm + '\n{"kind": "ConfigMap",\n "metadata": [}\n', ((1, "ConfigMap", "allowed"),), ":4: invalid JSON"),
        (cm + "---\nkind: [\n---\n" + ROOT_POD, ((1, "ConfigMap", "allowed"), (5, "Pod", "denied")), ":4: invalid YAML"),
    )
    for text, expected, error in cases:
        for source, stdin, name in ((write(tmp_path / "s.yaml", text), b"", str(tmp_path / "s.yaml")), ("-", text.encode(), "<stdin>")):
            run = run_cli("test", source, "-o", "json", stdin=stdin)
            got = [(e["line"], e["kind"], e["verdict"]) for e in entries(run.out) if e["verdict"] != "error"]
            assert got == list(expected), (text, name, run.err)
            assert run.code == (2 if error else 1), (text, run.err)
            if error:
                assert f"{name}{error}" in run.err, (text, run.err)
    # a .json file is JSON only: an object then one JSON cannot read is an error, not YAML
    run = run_cli("test", write(tmp_path / "s.json", cm + '{"kind": ConfigMap}\n'))
    assert run.code == 2 and f"{tmp_path / 's.json'}:2: invalid JSON" in run.err, run.err


def test_a_broken_document_after_a_flow_style_one_is_a_yaml_error_at_its_line(tmp_path: Path) -> None:
    """``{kind: Pod, ...}`` is no JSON but YAML reads it: it is reviewed, and a later broken
    document is YAML's error at that document, not JSON's at line 1 (where nothing is wrong)."""
    flow = "{apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: shop}}\n"
    for text, line in ((flow + "---\nkind: [\n", 4), (json.dumps(CONFIGMAP_OBJECT) + "\n" + flow + "---\nkind: [\n", 5)):
        for source, stdin, name in ((write(tmp_path / "s.yaml", text), b"", str(tmp_path / "s.yaml")), ("-", text.encode(), "<stdin>")):
            run = run_cli("test", source, "-o", "json", stdin=stdin)
            assert run.code == 2, (text, run.err)
            assert [e["kind"] for e in entries(run.out) if e["verdict"] == "allowed"] == ["ConfigMap"] * text.count("ConfigMap")
            assert f"{name}:{line}: invalid YAML" in run.err and "invalid JSON" not in run.err, (text, run.err)


def test_an_input_starting_with_a_bracket_is_no_json_stream(tmp_path: Path) -> None:
    """kubectl's decoder reads values one after the other only when the input starts with ``{``:
    two JSON arrays in a row are YAML (broken at the second), and a .json file holding an array
    then more text is invalid JSON; nothing is reviewed in either."""
    pod = json.dumps(yaml.safe_load(ROOT_POD))
    cm = json.dumps(CONFIGMAP_OBJECT)
    for name, text, error in (
        ("s.yaml", f"[{pod}]\n[{cm}]\n", ":2: invalid YAML"),
        ("s.json", f"[{pod}]\n[{cm}]\n", ":2: invalid JSON"),
        ("s.json", f"[{pod}] x\n", ":1: invalid JSON: unexpected content after document"),
    ):
        run = run_cli("test", write(tmp_path / name, text), "-o", "json")
        assert run.code == 2, (text, run.err)
        assert [e["verdict"] for e in entries(run.out)] == ["error"], (text, run.out)
        assert f"{tmp_path / name}{error}" in run.err, (text, run.err)


def test_a_folder_walk_skips_files_that_are_no_manifests_with_a_note(tmp_path: Path) -> None:
    write(tmp_path / "chart" / "values.yaml", HELM_VALUES)
    write(tmp_path / "chart" / "Chart.yaml", HELM_CHART)
    write(tmp_path / "kustomization.yaml", OLD_KUSTOMIZATION)
    write(tmp_path / "deploy.yaml", COMPLIANT_DEPLOYMENT)
    for jobs in ("1", "2"):
        run = run_cli("test", tmp_path, "-o", "json", "--jobs", jobs)
        assert run.code == 0, run.err
        assert [e["kind"] for e in entries(run.out) if e["verdict"] != "skipped"] == ["Deployment"]
        for name in ("chart/Chart.yaml", "chart/values.yaml", "kustomization.yaml"):
            assert f"railguard: {tmp_path / name}: skipped, not a manifest" in run.err
    # named on the command line, the same file is an error: the user meant it to be checked
    run = run_cli("test", tmp_path / "chart" / "values.yaml", "-o", "json")
    assert run.code == 2 and "apiVersion and kind not set" in run.err


def test_a_folder_walk_still_reports_a_half_typed_document_or_one_beside_manifests(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "kind: Deployment\nmetadata: {name: web}\n")  # looks like a manifest: kubectl refuses it
    write(tmp_path / "b.yaml", CONFIGMAP + "---\n" + HELM_VALUES)  # a manifest file: every document counts
    write(tmp_path / "c.yaml", "replicas: [\n")  # unreadable: it may be a manifest
    run = run_cli("test", tmp_path, "-o", "json")
    assert run.code == 2
    assert f"{tmp_path / 'a.yaml'}:1: apiVersion not set" in run.err
    assert f"{tmp_path / 'b.yaml'}:9: apiVersion and kind not set" in run.err
    assert f"{tmp_path / 'c.yaml'}:2: invalid YAML" in run.err
    assert "skipped" not in run.err


def test_a_folder_of_non_manifests_only_holds_no_manifests(tmp_path: Path) -> None:
    write(tmp_path / "chart" / "values.yaml", HELM_VALUES)
    run = run_cli("test", tmp_path / "chart", "-o", "json")
    assert run.code == 2
    assert f"railguard: {tmp_path / 'chart'}: folder holds no manifests" in run.err
    assert [e["verdict"] for e in entries(run.out)] == ["error", "skipped"]  # and the file it skipped


def test_an_input_error_in_a_worker_process_is_reported_not_a_crash(tmp_path: Path) -> None:
    # the second process gets the second file: its errors are sent back to this one
    run = run_cli("test", write(tmp_path / "a.yaml", ROOT_POD), write(tmp_path / "b.yaml", "kind: [\n"), "--jobs", "2")
    assert run.code == 2 and f"{tmp_path / 'b.yaml'}:2: invalid YAML" in run.err


def test_json_lists_the_files_a_folder_walk_skipped_after_the_errors(tmp_path: Path) -> None:
    write(tmp_path / "chart" / "values.yaml", HELM_VALUES)
    write(tmp_path / "chart" / "Chart.yaml", HELM_CHART)
    write(tmp_path / "deploy.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "z.yaml", "kind: [\n")
    for jobs in ("1", "2"):
        run = run_cli("test", tmp_path, "-o", "json", "--jobs", jobs)
        assert run.code == 2, run.err  # z.yaml is unreadable; the skipped files do not count
        got = entries(run.out)
        assert [(Path(e["file"]).name, e["verdict"]) for e in got] == [
            ("deploy.yaml", "mutated"), ("z.yaml", "error"), ("Chart.yaml", "skipped"), ("values.yaml", "skipped"),
        ]  # fmt: skip
        resource_keys = set(got[0])
        for skipped in got[2:]:  # a result's keys, allowed, and the reason
            assert set(skipped) == resource_keys | {"skipped"}
            assert skipped["allowed"] is True and skipped["kind"] is None and skipped["line"] is None
            assert skipped["findings"] == [] and skipped["patch"] == []
            assert skipped["skipped"] == "not a manifest: no document has a kind"
            assert f"railguard: {skipped['file']}: skipped, {skipped['skipped']}" in run.err  # as on stderr
    # only a folder walk skips: named, the file is an error, as before
    named = entries(run_cli("test", tmp_path / "chart" / "values.yaml", "-o", "json").out)
    assert [e["verdict"] for e in named] == ["error"]



@pytest.mark.parametrize("items, bad", [("[42, ROOT]", 0), ("[ROOT, x]", 1), ("[ROOT, [1]]", 1), ("[ROOT, null]", 1)])
def test_a_list_item_that_is_no_object_is_an_input_error_not_skipped(tmp_path: Path, items: str, bad: int) -> None:
    """kubectl refuses a List holding an item that is no object: railguard test reviews the others
    and names that item (exit 2), it does not drop it silently."""
    root = json.dumps(yaml.safe_load(ROOT_POD))
    f = write(tmp_path / "l.yaml", "apiVersion: v1\nkind: List\nitems: " + items.replace("ROOT", root) + "\n")
    run = run_cli("test", f, "-o", "json")
    assert run.code == 2, run.err
    entries = sorted((e["verdict"], e["name"], e.get("error")) for e in json.loads(run.out))
    assert entries == [("denied", "root-pod", None), ("error", None, f"items[{bad}] is not a Kubernetes object")]
    assert f"{f}:1: items[{bad}] is not a Kubernetes object" in run.err
