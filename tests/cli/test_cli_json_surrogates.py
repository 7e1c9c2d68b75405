"""``railguard test``: JSON with a lone UTF-16 surrogate escape (``"\\ud800"``), which orjson
refuses, is read as kube-apiserver (Go's encoding/json) reads it: each lone surrogate becomes
U+FFFD, a valid pair the character it encodes. The object is judged, as the webhook would judge
the object the API server sends; never skipped, and a secret next to it is still found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli, write

from webhook.admission import request_for_manifest, review
from webhook.config import ClusterConfig
from webhook.documents import parse_text
from webhook.policies import PolicySet

SECRET = "S3cr3tValue9"
HEAD = '"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"default"}'


def configmap(data: str) -> str:
    return "{" + HEAD + ',"data":{' + data + "}}"


# (data as JSON text, data as kube-apiserver decodes it)
CASES = {
    "lone high before the secret": ('"note":"\\ud800","DB_PASSWORD":"' + SECRET + '"', {"note": "\ufffd", "DB_PASSWORD": SECRET}),
    "lone low": ('"note":"\\udc00","DB_PASSWORD":"' + SECRET + '"', {"note": "\ufffd", "DB_PASSWORD": SECRET}),
    "inside the secret": ('"DB_PASSWORD":"S3cr3t\\uD800Value9"', {"DB_PASSWORD": "S3cr3t\ufffdValue9"}),
    "in the key": (
        '"DB_PASS\\udfffWORD_x":"' + SECRET + '","DB_PASSWORD":"' + SECRET + '"',
        {"DB_PASS\ufffdWORD_x": SECRET, "DB_PASSWORD": SECRET},
    ),
    "high then high": ('"note":"\\ud800\\udbff","DB_PASSWORD":"' + SECRET + '"', {"note": "\ufffd\ufffd", "DB_PASSWORD": SECRET}),
    "low then high": ('"note":"\\udc00\\ud800x","DB_PASSWORD":"' + SECRET + '"', {"note": "\ufffd\ufffdx", "DB_PASSWORD": SECRET}),
    "high then other escape": ('"note":"\\ud800\\u0041\\n","DB_PASSWORD":"' + SECRET + '"', {"note": "\ufffdA\n", "DB_PASSWORD": SECRET}),
    "high at the end": ('"DB_PASSWORD":"' + SECRET + '\\ud83d"', {"DB_PASSWORD": SECRET + "\ufffd"}),
    "escaped backslash is no escape": (
        '"note":"\\\\ud800\\ud800","DB_PASSWORD":"' + SECRET + '"',
        {"note": "\\ud800\ufffd", "DB_PASSWORD": SECRET},
    ),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_lone_surrogate_is_read_as_go_reads_it(name: str, suffix: str) -> None:
    text, data = CASES[name]
    documents, errors = parse_text(configmap(text) + "\n", "cm" + suffix)
    assert errors == []
    assert [d.obj["data"] for d in documents] == [data]


def test_a_valid_pair_split_across_escapes_is_its_character() -> None:
    # next to a lone one (read as U+FFFD), a pair is still the character it encodes
    data = '"note":"\\ud83d\\ude00 \\uD83D\\uDE00","k":"\\ud800\\ude00","lone":"\\udbff\\udbff\\udfff"'
    documents, errors = parse_text(configmap(data), "cm.json")
    assert errors == []
    assert documents[0].obj["data"] == {"note": "\U0001f600 \U0001f600", "k": "\U00010200", "lone": "\ufffd\U0010ffff"}


def _verdicts(out: str) -> list[tuple[str, bool, list[tuple[str, str]]]]:
    return [(e["verdict"], e["allowed"], [(f["policy"], f["path"]) for f in e["findings"]]) for e in json.loads(out)]


def _judged_like_the_server(
    run_out: str, objects: list[dict[str, Any]], policies: PolicySet, config: ClusterConfig
) -> None:
    """The CLI's verdicts equal review() on the objects as the API server would send them."""
    got = json.loads(run_out)
    assert len(got) == len(objects)
    for entry, obj in zip(got, objects):
        decision = review(request_for_manifest(obj, "CREATE"), policies, config, mode="full")
        assert entry["allowed"] == decision.allowed
        assert [(f["policy"], f["message"], f["path"]) for f in entry["findings"]] == [
            (f.policy, f.message, f.path) for f in decision.findings
        ]


@pytest.mark.parametrize("name", ["lone high before the secret", "lone low", "inside the secret", "in the key"])
def test_the_cli_denies_the_secret_as_the_webhook_would(
    name: str, tmp_path: Path, policies: PolicySet, cluster_config: ClusterConfig
) -> None:
    text, data = CASES[name]
    manifest = configmap(text) + "\n"
    served = {**json.loads(configmap("")), "data": data}  # what the webhook receives
    for source, stdin in ((write(tmp_path / "cm.json", manifest), b""), ("-", manifest.encode())):
        run = run_cli("test", source, stdin=stdin)
        assert run.code == 1, run.err
        assert "DENIED" in run.out and "disallow-plaintext-secrets" in run.out
        report = run_cli("test", source, "-o", "json", stdin=stdin)
        assert report.code == 1
        assert any(p == "disallow-plaintext-secrets" for _, _, found in _verdicts(report.out) for p, _ in found)
        _judged_like_the_server(report.out, [served], policies, cluster_config)
        for output in (run.out, run.err, report.out, report.err):
            assert "S3cr3t" not in output and "Value9" not in output


def test_every_document_of_a_stream_array_list_and_yaml_stream_is_judged(
    tmp_path: Path, policies: PolicySet, cluster_config: ClusterConfig
) -> None:
    first = configmap('"note":"\\ud800"')
    second = configmap('"DB_PASSWORD":"' + SECRET + '","n":"\\udc00"')
    served = [
        {**json.loads(configmap("")), "data": {"note": "\ufffd"}},
        {**json.loads(configmap("")), "data": {"DB_PASSWORD": SECRET, "n": "\ufffd"}},
    ]
    inputs = {
        "lines.json": first + "\n" + second + "\n",
        "lines.yaml": first + "\n" + second + "\n",
        "array.json": "[" + first + ",\n" + second + "]\n",
        "list.json": '{"apiVersion":"v1","kind":"List","items":[' + first + ",\n" + second + "]}\n",
        "list.yaml": '{"apiVersion":"v1","kind":"List","items":[' + first + ",\n" + second + "]}\n",
    }
    for file, text in inputs.items():
        report = run_cli("test", write(tmp_path / file, text), "-o", "json")
        assert report.code == 1, (file, report.err)
        assert [v for v, _, _ in _verdicts(report.out)] == ["allowed", "denied"], file
        _judged_like_the_server(report.out, served, policies, cluster_config)
        assert SECRET not in report.out + report.err


def test_a_surrogate_escape_in_yaml_is_refused_as_go_yaml_refuses_it(tmp_path: Path) -> None:
    """go-yaml (kubectl) refuses a surrogate in a YAML double-quoted escape: an error naming the
    file and line, and a non-zero exit, never a pass."""
    manifest = write(
        tmp_path / "cm.yaml",
        f'apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\ndata:\n  note: "\\ud800"\n  DB_PASSWORD: {SECRET}\n',
    )
    run = run_cli("test", manifest)
    assert run.code == 2
    assert f"{manifest}:5: invalid YAML" in run.err
    assert SECRET not in run.out + run.err
    # after a JSON value and a "---", kubectl reads the rest as YAML: the same refusal
    first = configmap('"note":"\\ud800"')
    second = configmap('"DB_PASSWORD":"' + SECRET + '","n":"\\udc00"')
    stream = write(tmp_path / "after-json.yaml", first + "\n---\n" + second + "\n")
    report = run_cli("test", stream, "-o", "json")
    assert report.code == 2
    assert [(e["verdict"], e["line"]) for e in json.loads(report.out)] == [("allowed", 1), ("error", 3)]
    assert f"{stream}:3: invalid YAML" in report.err
    assert SECRET not in report.out + report.err
