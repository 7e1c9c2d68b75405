"""``railguard test -o sarif``: each result at its finding's own line, with a stable fingerprint;
the table shows the same lines, as ``file:line``."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CONFIGMAP, ROOT_POD, run_cli, write

from webhook.cli import finding_lines, reports
from webhook.cli.test_cmd import Checking, check_sources
from webhook.config import ClusterConfig, default_policy_dir
from webhook.policies import load_policies

SECRET = "hunter2-s3cret"
DEPLOYMENT = f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              value: {SECRET}
          securityContext:
            runAsUser: 0
"""
# lines within DEPLOYMENT
CONTAINER, SECRET_VALUE, RUN_AS_USER = 10, 16, 18


def sarif_results(*args: str | Path, stdin: bytes = b"") -> list[dict[str, Any]]:
    run = run_cli("test", *args, "-o", "sarif", stdin=stdin)
    assert run.code == 1, run.err
    results: list[dict[str, Any]] = json.loads(run.out)["runs"][0]["results"]
    return results


def lines_by_pointer(results: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    return {
        (r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): (
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
        )
        for r in results
    }


def fingerprints(results: list[dict[str, Any]]) -> list[str]:
    return [r["partialFingerprints"]["railguardFinding/v1"] for r in results]


def test_results_point_at_the_findings_lines_in_a_multi_document_file(tmp_path: Path) -> None:
    offset = CONFIGMAP.count("\n") + 1  # the Deployment follows the ConfigMap and a "---" line
    manifest = write(tmp_path / "all.yaml", CONFIGMAP + "---\n" + DEPLOYMENT)
    lines = lines_by_pointer(sarif_results(manifest))
    container = "/spec/template/spec/containers/0"
    assert lines[("disallow-plaintext-secrets", f"{container}/env/1/value")] == offset + SECRET_VALUE
    assert lines[("require-run-as-non-root", f"{container}/securityContext/runAsUser")] == offset + RUN_AS_USER
    assert lines[("require-probes", container)] == offset + CONTAINER
    # a missing field: its deepest existing ancestor, the container
    assert lines[("require-resources", f"{container}/resources")] == offset + CONTAINER


def test_list_items_json_and_standard_input_are_located_too(tmp_path: Path) -> None:
    pod = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n "spec": {"containers": [\n  {"name": "c"}]}}\n'
    assert set(lines_by_pointer(sarif_results("-", stdin=pod.encode())).values()) == {3}
    pods = ROOT_POD.replace("\n", "\n    ").replace("apiVersion: v1", "- apiVersion: v1", 1).rstrip(" ")
    items = ("kind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n  " + pods).replace("\n", "\r\n")  # Windows line ends
    lines = lines_by_pointer(sarif_results(write(tmp_path / "list.yaml", items)))
    assert lines[("require-run-as-non-root", "/spec/containers/0/securityContext/runAsUser")] == 14  # ROOT_POD line 10


def test_a_document_pyyaml_cannot_compose_alone_falls_back_to_its_first_line(tmp_path: Path) -> None:
    # a %TAG shorthand declared in the stream's directives: the document alone does not compose
    text = "%TAG !k! tag:example.com,2000:\n---\n" + ROOT_POD.replace("image: ", "image: !k!x ")
    lines = lines_by_pointer(sarif_results(write(tmp_path / "tag.yaml", text)))
    assert lines and set(lines.values()) == {3}


def test_relative_files_are_under_the_source_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "k8s" / "pod.yaml", ROOT_POD)
    monkeypatch.chdir(tmp_path)
    run = json.loads(run_cli("test", "k8s", "-o", "sarif").out)["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "k8s/pod.yaml", "uriBaseId": "%SRCROOT%"}
    [stdin_result, *_] = sarif_results("-", stdin=ROOT_POD.encode())
    assert "uriBaseId" not in stdin_result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_fingerprints_differ_between_findings_and_hold_when_unrelated_documents_move(tmp_path: Path) -> None:
    manifest = write(tmp_path / "all.yaml", DEPLOYMENT)
    before = sarif_results(manifest)
    assert len(set(fingerprints(before))) == len(before) > 3
    write(manifest, CONFIGMAP + "---\n" + DEPLOYMENT)
    after = sarif_results(manifest)
    assert lines_by_pointer(after) != lines_by_pointer(before)
    assert fingerprints(after) == fingerprints(before)


def test_the_same_finding_twice_in_a_file_gets_two_fingerprints(tmp_path: Path) -> None:
    results = sarif_results(write(tmp_path / "twice.yaml", ROOT_POD + "---\n" + ROOT_POD))
    assert len(set(fingerprints(results))) == len(results)


def test_fingerprints_hold_when_the_message_changes(tmp_path: Path) -> None:
    policies = load_policies(default_policy_dir())
    results, _ = check_sources([str(write(tmp_path / "d.yaml", DEPLOYMENT))], Checking(policies, ClusterConfig(), lines=True))
    reworded = [
        replace(r, decision=replace(r.decision, findings=tuple(replace(f, message=f.message + " (reworded)") for f in r.decision.findings)))
        for r in results
    ]
    original, changed = (reports.sarif(rs, [], policies)["runs"][0]["results"] for rs in (results, reworded))
    assert [r["message"]["text"] for r in original] != [r["message"]["text"] for r in changed]
    assert fingerprints(original) == fingerprints(changed)


def test_no_value_reaches_the_report_nor_its_fingerprints(tmp_path: Path) -> None:
    manifest = write(tmp_path / "d.yaml", DEPLOYMENT)
    run = run_cli("test", manifest, "-o", "sarif")
    assert SECRET not in run.out
    before = fingerprints(json.loads(run.out)["runs"][0]["results"])
    write(manifest, DEPLOYMENT.replace(SECRET, "another-s3cret"))
    assert fingerprints(sarif_results(manifest)) == before


def test_a_document_too_large_to_compose_again_keeps_its_first_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finding_lines, "MAX_COMPOSED_CHARS", len(ROOT_POD) - 1)
    lines = lines_by_pointer(sarif_results(write(tmp_path / "pod.yaml", CONFIGMAP + "---\n" + ROOT_POD)))
    assert lines and set(lines.values()) == {CONFIGMAP.count("\n") + 2}


def test_a_file_named_two_ways_keeps_its_fingerprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "k8s" / "pod.yaml", ROOT_POD)
    monkeypatch.chdir(tmp_path)
    prints = [[r["partialFingerprints"] for r in sarif_results(name)] for name in ("k8s/pod.yaml", "./k8s/pod.yaml", "k8s//pod.yaml")]
    assert prints[0] and prints[0] == prints[1] == prints[2]


# --- the table: each finding at its own file:line ----------------------------------------------

TABLE_LOCATION = re.compile(r"^      (?P<file>.+):(?P<line>[0-9]+): at (?P<pointer>.*)$")


def table_lines(*args: str | Path, stdin: bytes = b"") -> dict[tuple[str, str], tuple[str, int]]:
    """(policy, pointer) -> (file, line) as the table prints them under each finding."""
    run = run_cli("test", *args, stdin=stdin)
    assert run.code == 1, run.err
    located: dict[tuple[str, str], tuple[str, int]] = {}
    policy = None
    for text in run.out.splitlines():
        if found := re.match(r"^  . \[([a-z0-9-]+)\] ", text):
            policy = found.group(1)
        elif found := TABLE_LOCATION.match(text):
            assert policy is not None
            located[(policy, found["pointer"])] = (found["file"], int(found["line"]))
            policy = None
    return located


def test_the_table_shows_each_finding_at_its_own_file_and_line(tmp_path: Path) -> None:
    offset = CONFIGMAP.count("\n") + 1
    manifest = write(tmp_path / "all.yaml", CONFIGMAP + "---\n" + DEPLOYMENT)
    located = table_lines(manifest)
    container = "/spec/template/spec/containers/0"
    assert located[("disallow-plaintext-secrets", f"{container}/env/1/value")] == (str(manifest), offset + SECRET_VALUE)
    assert located[("require-run-as-non-root", f"{container}/securityContext/runAsUser")] == (str(manifest), offset + RUN_AS_USER)
    assert located[("require-resources", f"{container}/resources")] == (str(manifest), offset + CONTAINER)
    # every finding, at the line SARIF gives it
    assert {key: line for key, (_, line) in located.items()} == lines_by_pointer(sarif_results(manifest))


def test_the_table_locates_standard_input_and_falls_back_to_the_documents_line(tmp_path: Path) -> None:
    located = table_lines("-", stdin=(CONFIGMAP + "---\n" + DEPLOYMENT).encode())
    offset = CONFIGMAP.count("\n") + 1
    assert located[("require-run-as-non-root", "/spec/template/spec/containers/0/securityContext/runAsUser")] == (
        "<stdin>", offset + RUN_AS_USER
    )
    text = "%TAG !k! tag:example.com,2000:\n---\n" + ROOT_POD.replace("image: ", "image: !k!x ")
    located = table_lines(write(tmp_path / "tag.yaml", text))
    assert located and {line for _, line in located.values()} == {3}  # the document's first line
