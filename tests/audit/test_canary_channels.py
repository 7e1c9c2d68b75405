"""Canary, every output channel: fake secrets planted where messages quote things (the names of
containers and env vars that are themselves credentials, ConfigMap keys, image references with
registry credentials, probe headers, args) never reach the webhook's answer, its logs, its metrics,
an audit record or export, nor any output format of ``railguard test``. Also planted: values in a
broken pod spec (a container that is a string), in a Knative template with an unnamed container,
in the items of a typed List, the password of the audit URL the start-up log line names, and a
credential given to a ``certs`` flag that names an object.

Names that are credentials matter because a mutating webhook sees an object before the API server
validates its names, and Kubernetes 1.32 takes any text as an env var name.
"""

from __future__ import annotations

import io
import logging
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from starlette.testclient import TestClient

from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import FORMATS, export
from webhook.audit.redact import redact
from webhook.cli import main
from webhook.config import ClusterConfig, Settings, default_policy_dir
from webhook.policies import load_policies
from webhook.server import create_app

from .conftest import OpenStore
from .helpers import assert_no_canary, validate_with_review_failing

TOKEN_NAME = "ghp_" + ("CANARYenvNameQ7" + "a1B2c3D4e5" * 3)[:36]  # a GitHub token used as an env var name
CONTAINER_NAME = "AKIACANARY0000000077"  # an AWS access key id used as a container name
CM_KEY = "ghp_" + ("CANARYcmKeyW2" + "a1B2c3D4e5" * 3)[:36]  # a GitHub token used as a ConfigMap key
IMAGE_PASSWORD = "canary-img-3Vb7"
VALUES = ("canary-env-8Hj4", "canary-arg-2Lm9", "canary-hdr-6Tn3", "canary-cm-1Qz5")
BROKEN = ("DB_PASSWORD=canary-broken-7Yu1", "canary-broken-3Er5")  # a container that is a string, a list that is one
KNATIVE_VALUE = "canary-kn-5Gh8"
# an object's own name, generateName and namespace that are credentials: the mutating webhook sees
# them before kube-apiserver validates metadata, and the CLI reads any manifest
OBJECT_NAME = "AKIACANARY0000000088"  # an AWS access key id as a ConfigMap's name
GENERATE_NAME = "ghp_" + ("CANARYgenName5" + "a1B2c3D4e5" * 3)[:36]  # a GitHub token as a Pod's generateName
NAMESPACE_NAME = "glpat-canarynamespace00001"  # a GitLab token as a namespace (DNS-1123 characters)
# the audit store's password holds '?', '#' and '=' (libpq reads it whole), its sslpassword too
AUDIT_PASSWORD, AUDIT_SSL_PASSWORD = "canary-pg?x=2Wd6#y=1", "canary-ssl-4Jk9"
AUDIT_URL = f"postgresql://railguard:{AUDIT_PASSWORD}@db.example:5432/audit?sslpassword={AUDIT_SSL_PASSWORD}&sslmode=require"
CANARIES = (TOKEN_NAME, CONTAINER_NAME, CM_KEY, IMAGE_PASSWORD, *VALUES, *BROKEN, KNATIVE_VALUE, AUDIT_PASSWORD,
            "canary-pg", AUDIT_SSL_PASSWORD, OBJECT_NAME, GENERATE_NAME, NAMESPACE_NAME)  # fmt: skip

RULE_POLICY = """\
id: no-literal-env
version: 1.0.0
title: Env vars come from Secrets or ConfigMaps
description: every env var uses valueFrom
severity: low
action: warn
target: Container
rule:
  require:
    - field: env[*].value
      present: false
      fix: use valueFrom
"""


def canary_manifests() -> list[dict[str, Any]]:
    container = {
        "name": CONTAINER_NAME,
        "image": f"deploy:{IMAGE_PASSWORD}@registry.example/app:1.0",
        "env": [{"name": TOKEN_NAME, "value": "1"}, {"name": "DB_PASSWORD", "value": VALUES[0]}],
        "args": ["--password", VALUES[1]],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080,
                                      "httpHeaders": [{"name": "Authorization", "value": f"Bearer {VALUES[2]}"}]}},
    }  # fmt: skip
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"containers": [container], "initContainers": [dict(container, name="setup")]}}  # fmt: skip
    configmap = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"},
                 "data": {CM_KEY: "1", "api_token": VALUES[3]}}  # fmt: skip
    # a pod spec kube-apiserver would not decode: every policy judging containers reports it, once
    broken = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "broken", "namespace": "shop"},
              "spec": {"selector": {"matchLabels": {"app": "broken"}},
                       "template": {"metadata": {"labels": {"app": "broken"}},
                                    "spec": {"containers": [BROKEN[0]]}}}}  # fmt: skip
    broken_pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "broken-pod", "namespace": "shop"},
                  "spec": {"containers": [{"name": "app", "image": "app:1"}], "initContainers": BROKEN[1]}}  # fmt: skip
    # Knative names an unnamed container (user-container-0); the one named by a credential stays #1
    knative = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "kn", "namespace": "shop"},
               "spec": {"template": {"spec": {"containers": [
                   {"image": "registry.example/kn:1.0", "env": [{"name": "DB_PASSWORD", "value": KNATIVE_VALUE}]},
                   dict(container, name=CONTAINER_NAME),
               ]}}}}  # fmt: skip
    named = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": OBJECT_NAME, "namespace": "shop"},
             "data": {"api_token": VALUES[3]}}  # fmt: skip
    generated = {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": GENERATE_NAME, "namespace": NAMESPACE_NAME},
                 "spec": {"containers": [{"name": "app", "image": "app:1", "securityContext": {"runAsUser": 0}}]}}  # fmt: skip
    return [pod, configmap, broken, broken_pod, knative, named, generated]


def assert_clean(data: str | bytes, where: str) -> None:
    assert_no_canary(data, where, CANARIES)


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    (tmp_path / "lib" / "no-literal-env").mkdir(parents=True)
    (tmp_path / "lib" / "no-literal-env" / "policy.yaml").write_text(RULE_POLICY)
    return tmp_path / "lib"


def review_body(obj: dict[str, Any], uid: str) -> bytes:
    group, _, version = obj["apiVersion"].rpartition("/")
    request = {
        "uid": uid, "kind": {"group": group, "version": version, "kind": obj["kind"]},
        "resource": {"group": group, "version": version, "resource": obj["kind"].lower() + "s"},
        "name": obj["metadata"].get("name", ""), "namespace": obj["metadata"]["namespace"], "operation": "CREATE",
        "userInfo": {"username": "alice", "groups": ["dev"]}, "object": obj, "oldObject": None, "dryRun": False,
    }  # fmt: skip
    return orjson.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request})


def test_no_canary_in_answers_logs_metrics_records_or_exports(
    tmp_path: Path, library: Path, make_store: OpenStore, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    policies = load_policies(default_policy_dir(), library)
    url = f"jsonl:{tmp_path / 'a.jsonl'}"
    store = make_store(url)
    caplog.set_level(logging.DEBUG)
    manifests = canary_manifests()
    # the start-up log line names the audit URL the settings give (the store here is another)
    app = create_app(Settings(audit_url=AUDIT_URL), audit=store, policies=policies, config=ClusterConfig())
    answers: list[dict[str, Any]] = []
    with TestClient(app) as client:  # its lifespan too: the start-up and shutdown log lines
        for number, obj in enumerate(manifests):
            for endpoint in ("mutate", "validate"):
                answer = client.post(f"/{endpoint}", content=review_body(obj, f"uid-{number}-{endpoint}"),
                                     headers={"content-type": "application/json"})  # fmt: skip
                assert answer.status_code == 200
                assert_clean(answer.content, f"the /{endpoint} answer")
                answers.append(orjson.loads(answer.content)["response"])
        for broken in (b'{"request": {"object": "' + BROKEN[0].encode(), orjson.dumps({"request": [BROKEN[1]]})):
            answer = client.post("/validate", content=broken, headers={"content-type": "application/json"})
            assert answer.status_code == 400
            assert_clean(answer.content, "the answer to a malformed body")
        assert_clean(client.get("/metrics").content, "the metrics")
        assert_clean(client.get("/readyz").content, "/readyz")
    store.close()
    captured = capfd.readouterr()
    assert captured.out.count('"event":"review"') == 2 * len(manifests)  # the review log is on, one line per review
    assert_clean(captured.out + captured.err, "the server's stdout and stderr")
    started = [r for r in caplog.records if getattr(r, "event", "") == "started"]
    assert [r.__dict__["audit"] for r in started] == [redact(AUDIT_URL)]  # the start-up line names the store
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    assert sorted(f.name for f in tmp_path.glob("a.jsonl*")) == ["a.jsonl", "a.jsonl.head"]
    for file in tmp_path.glob("a.jsonl*"):  # the trail and its head file
        assert_clean(file.read_bytes(), file.name)
    records = [orjson.loads(line) for line in (tmp_path / "a.jsonl").read_bytes().splitlines() if line.strip()]
    findings = [(f["policy"], f["path"], f["container"], f["message"]) for r in records for f in r["findings"]]
    # the canaries were seen: each place holds a finding, named without the value
    assert ("disallow-plaintext-secrets", "/spec/containers/0/image", 'container "#0"') in [f[:3] for f in findings]
    assert ("disallow-plaintext-secrets", "/data/<hidden key>") in [f[:2] for f in findings]
    assert any(f[0] == "no-literal-env" and "env[#0]" in f[3] for f in findings)
    assert ("disallow-plaintext-secrets", "/spec/template/spec/containers/0/env/0/value", 'container "user-container-0"') in [f[:3] for f in findings]
    assert ("disallow-plaintext-secrets", "/spec/template/spec/containers/1/image", 'container "#1"') in [f[:3] for f in findings]
    # an object named by a credential: named <hidden name> (<hidden namespace>) in every channel
    assert ("shop", "<hidden name>") in [(r["namespace"], r["name"]) for r in records if r["kind"] == "ConfigMap"]
    assert [(r["namespace"], r["name"]) for r in records if r["kind"] == "Pod" and r["namespace"] != "shop"] == [
        ("<hidden namespace>", "<hidden name>")] * 2  # fmt: skip
    denials = [a["status"]["message"] for a in answers if not a["allowed"]]
    assert any(m.startswith("railguard denied ConfigMap shop/<hidden name>: ") for m in denials)
    assert any(m.startswith("railguard denied Pod <hidden namespace>/<hidden name>: ") for m in denials)
    assert any(f[0] == "disallow-plaintext-secrets" and 'ConfigMap "<hidden name>"' in f[3] for f in findings)
    assert '"namespace":"<hidden namespace>","object_name":"<hidden name>"' in captured.out  # the review log
    broken_lines = [a["status"]["message"] for a in answers if "cannot be judged" in a.get("status", {}).get("message", "")]
    assert len(broken_lines) == 2 and all("violation (" in line for line in broken_lines)  # one line for all policies
    with closing(open_trail(url)) as trail:
        for fmt in FORMATS:
            out = io.BytesIO()
            assert export(trail, Filters(), fmt, out) == len(records)
            assert_clean(out.getvalue(), f"the {fmt} export")
        out = io.BytesIO()  # the filter for such a namespace is the name the records give it
        assert export(trail, Filters(namespace="<hidden namespace>"), "jsonl", out) == 2
    summary = tmp_path / "summary.json"  # the namespace itself as a filter: refused, not repeated
    code = main(["audit", "export", "--audit", url, "--namespace", NAMESPACE_NAME, "--summary", str(summary)])
    captured = capfd.readouterr()
    assert code == 2 and "--namespace is itself a credential" in captured.err and "<hidden namespace>" in captured.err
    assert_clean(captured.out + captured.err, "audit export --namespace")
    assert not summary.exists()


def test_no_canary_when_review_fails_closed(
    tmp_path: Path, make_store: OpenStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A review that fails (a bug) is denied from the envelope alone: its name and namespace too."""
    caplog.set_level(logging.DEBUG)
    obj = dict(canary_manifests()[-2])  # the ConfigMap named by a credential, in a namespace that is one
    obj["metadata"] = {**obj["metadata"], "namespace": NAMESPACE_NAME}
    answer = validate_with_review_failing(monkeypatch, make_store(f"jsonl:{tmp_path / 'a.jsonl'}"), review_body(obj, "uid-failed"))
    assert answer.status_code == 200 and answer.json()["response"]["status"]["code"] == 500
    captured = capfd.readouterr()
    assert_clean(answer.content + (captured.out + captured.err).encode(), "the answer and the logs")
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    trail = (tmp_path / "a.jsonl").read_bytes()
    assert_clean(trail, "the record")
    [record] = [orjson.loads(line) for line in trail.splitlines() if line.strip()]
    assert (record["namespace"], record["name"], record["code"]) == ("<hidden namespace>", "<hidden name>", 500)


@pytest.mark.parametrize("output", ["table", "json", "sarif", "junit"])
def test_no_canary_in_railguard_test_output(
    output: str, tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    manifests = tmp_path / "canary.yaml"
    pod = canary_manifests()[0]
    # a typed List whose item has neither kind nor apiVersion: the item is read as a Pod
    pods = {"apiVersion": "v1", "kind": "PodList", "items": [{k: v for k, v in pod.items() if k not in ("kind", "apiVersion")}]}
    manifests.write_text(yaml.safe_dump_all([*canary_manifests(), pods]))
    code = main(["test", "-o", output, "--policies", "bundled", "--policies", str(library), str(manifests)])
    captured = capsys.readouterr()
    assert code != 0 and "disallow-plaintext-secrets" in captured.out and "no-literal-env" in captured.out
    assert_clean(captured.out + captured.err, f"railguard test -o {output}")
    if output == "json":  # the List's item was reviewed, each finding with its file and line
        report = orjson.loads(captured.out)
        results = report["results"] if isinstance(report, dict) else report
        assert any(r.get("item") == 0 and r["kind"] == "Pod" and r["findings"] for r in results)
        assert all(f["file"] == str(manifests) and f["line"] >= 1 for r in results for f in r["findings"])


@pytest.mark.parametrize(
    ("command", "flag"),
    [(["certs", "generate"], "--service"), (["certs", "generate"], "--namespace"), (["certs", "bootstrap"], "--secret"),
     (["certs", "bootstrap"], "--namespace"), (["certs", "bootstrap"], "--validating-webhook")],
)  # fmt: skip
def test_a_credential_given_as_an_object_name_is_refused_without_being_repeated(
    command: list[str], flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    """``--secret`` invites a secret value by mistake: the refusal names the flag and the rule only."""
    for value in (TOKEN_NAME, f"x:{IMAGE_PASSWORD}@y", AUDIT_PASSWORD):
        with pytest.raises(SystemExit) as exit_:
            main([*command, flag, value, *(["--out", str(tmp_path)] if command[1] == "generate" else [])])
        assert exit_.value.code == 2
        captured = capsys.readouterr()
        assert f"argument {flag}" in captured.err and "must be a DNS-" in captured.err
        assert_clean(captured.out + captured.err, f"railguard {' '.join(command)} {flag}")
    assert not list(tmp_path.iterdir())  # refused before anything was written
