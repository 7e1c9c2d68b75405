"""Canary, every output channel: fake secrets planted where messages quote things (the names of
containers and env vars that are themselves credentials, ConfigMap keys, image references with
registry credentials, probe headers, args) never reach the webhook's answer, its logs, its metrics,
an audit record or export, nor any output format of ``railguard test``.

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
from webhook.cli import main
from webhook.config import ClusterConfig, Settings, default_policy_dir
from webhook.policies import load_policies
from webhook.server import create_app

from .conftest import OpenStore
from .helpers import assert_no_canary

TOKEN_NAME = "ghp_" + ("CANARYenvNameQ7" + "a1B2c3D4e5" * 3)[:36]  # a GitHub token used as an env var name
CONTAINER_NAME = "AKIACANARY0000000077"  # an AWS access key id used as a container name
CM_KEY = "ghp_" + ("CANARYcmKeyW2" + "a1B2c3D4e5" * 3)[:36]  # a GitHub token used as a ConfigMap key
IMAGE_PASSWORD = "canary-img-3Vb7"
VALUES = ("canary-env-8Hj4", "canary-arg-2Lm9", "canary-hdr-6Tn3", "canary-cm-1Qz5")
CANARIES = (TOKEN_NAME, CONTAINER_NAME, CM_KEY, IMAGE_PASSWORD, *VALUES)

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
    return [pod, configmap]


def assert_clean(data: str | bytes, where: str) -> None:
    assert_no_canary(data, where, CANARIES)


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    (tmp_path / "lib" / "no-literal-env").mkdir(parents=True)
    (tmp_path / "lib" / "no-literal-env" / "policy.yaml").write_text(RULE_POLICY)
    return tmp_path / "lib"


def review_body(obj: dict[str, Any], uid: str) -> bytes:
    request = {
        "uid": uid, "kind": {"group": "", "version": "v1", "kind": obj["kind"]},
        "resource": {"group": "", "version": "v1", "resource": obj["kind"].lower() + "s"},
        "name": obj["metadata"]["name"], "namespace": "shop", "operation": "CREATE",
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
    client = TestClient(create_app(Settings(), audit=store, policies=policies, config=ClusterConfig()))
    for number, obj in enumerate(canary_manifests()):
        for endpoint in ("mutate", "validate"):
            answer = client.post(f"/{endpoint}", content=review_body(obj, f"uid-{number}-{endpoint}"),
                                 headers={"content-type": "application/json"})  # fmt: skip
            assert answer.status_code == 200
            assert_clean(answer.content, f"the /{endpoint} answer")
    assert_clean(client.get("/metrics").content, "the metrics")
    store.close()
    captured = capfd.readouterr()
    assert captured.out.count('"event":"review"') == 4  # the review log is on, one line per review
    assert_clean(captured.out + captured.err, "the server's stdout and stderr")
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    assert_clean((tmp_path / "a.jsonl").read_bytes(), "the audit trail")
    records = [orjson.loads(line) for line in (tmp_path / "a.jsonl").read_bytes().splitlines() if line.strip()]
    findings = [(f["policy"], f["path"], f["container"], f["message"]) for r in records for f in r["findings"]]
    # the canaries were seen: each place holds a finding, named without the value
    assert ("disallow-plaintext-secrets", "/spec/containers/0/image", 'container "#0"') in [f[:3] for f in findings]
    assert ("disallow-plaintext-secrets", "/data/<hidden key>") in [f[:2] for f in findings]
    assert any(f[0] == "no-literal-env" and "env[#0]" in f[3] for f in findings)
    with closing(open_trail(url)) as trail:
        for fmt in FORMATS:
            out = io.BytesIO()
            assert export(trail, Filters(), fmt, out) == len(records)
            assert_clean(out.getvalue(), f"the {fmt} export")


@pytest.mark.parametrize("output", ["table", "json", "sarif", "junit"])
def test_no_canary_in_railguard_test_output(
    output: str, tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    manifests = tmp_path / "canary.yaml"
    manifests.write_text(yaml.safe_dump_all(canary_manifests()))
    code = main(["test", "-o", output, "--policies", "bundled", "--policies", str(library), str(manifests)])
    captured = capsys.readouterr()
    assert code != 0 and "disallow-plaintext-secrets" in captured.out and "no-literal-env" in captured.out
    assert_clean(captured.out + captured.err, f"railguard test -o {output}")
