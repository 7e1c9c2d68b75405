"""``railguard test`` on a pod spec that cannot be judged (``containers`` a string, a container that
is not a mapping): every policy judging containers reports it; the table gives it one line naming
them, as the server's denial does, while ``-o json`` and SARIF keep one result per policy (a SARIF
result has one ``ruleId``; code scanning's alerts and fingerprints are per rule)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from cli_helpers import run_cli, write

from webhook.admission import request_for_manifest, review
from webhook.config import ClusterConfig
from webhook.policies import PolicySet

CONTAINER_POLICIES = ["disallow-plaintext-secrets", "require-probes", "require-resources", "require-run-as-non-root"]
FAKE = "FAKE-not-a-real-secret-h67"

BROKEN = f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0
          env:
            - {{name: DB_PASSWORD, value: {FAKE}}}
        - just-a-string
"""

PROBLEM = 'Deployment "web" cannot be judged: spec.template.spec.containers[1] must be an object, got a string.'


def _finding_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  ") and not line.startswith("      ")]


def test_the_table_gives_a_broken_pod_spec_one_line_as_the_server_denial_does_json_and_sarif_one_per_policy(
    tmp_path: Path, policies: PolicySet
) -> None:
    manifest = write(tmp_path / "web.yaml", BROKEN)
    run = run_cli("test", manifest)
    assert run.code == 1, run.err
    lines = _finding_lines(run.out)
    assert lines == [f"  x [{', '.join(CONTAINER_POLICIES)}] {PROBLEM} Fix: write the pod spec as Kubernetes defines it"
                     " (kube-apiserver refuses this object too)."]  # fmt: skip
    assert f"{manifest}:14: at /spec/template/spec/containers/1" in run.out
    assert run.out.splitlines()[-1] == "1 resource: 1 denied, 0 warned, 0 mutated, 0 allowed"
    # the very line the server's denial gives
    decision = review(request_for_manifest(yaml.safe_load(BROKEN)), policies, ClusterConfig(), "full")
    assert decision.message.splitlines()[1] == lines[0].removeprefix("  x ")
    assert FAKE not in run.out + run.err
    # the verdict, the exit code and -o json / SARIF (one result per policy) stay as they were
    table = run
    run = run_cli("test", manifest, "-o", "json")
    assert run.code == 1, run.err
    [entry] = json.loads(run.out)
    assert entry["verdict"] == "denied" and entry["allowed"] is False
    assert [f["policy"] for f in entry["findings"]] == CONTAINER_POLICIES
    sarif = run_cli("test", manifest, "-o", "sarif")
    assert sarif.code == 1, sarif.err
    assert [r["ruleId"] for r in json.loads(sarif.out)["runs"][0]["results"]] == CONTAINER_POLICIES
    assert FAKE not in run.out + sarif.out + table.out


def test_policies_that_warn_share_a_line_apart_from_those_that_deny(tmp_path: Path) -> None:
    manifest = write(tmp_path / "web.yaml", BROKEN)
    config = write(tmp_path / "cluster.yaml", "actions: {require-probes: warn, require-resources: warn}\n")
    run = run_cli("test", manifest, "--config", config)
    assert run.code == 1, run.err  # still denied by the others
    fix = "Fix: write the pod spec as Kubernetes defines it (kube-apiserver refuses this object too)."
    assert _finding_lines(run.out) == [
        f"  x [disallow-plaintext-secrets, require-run-as-non-root] {PROBLEM} {fix}",
        f"  ! [require-probes, require-resources] {PROBLEM} {fix}",
    ]
    assert run.out.startswith("DENIED ")


def test_a_lone_policy_keeps_its_own_message(tmp_path: Path) -> None:
    manifest = write(tmp_path / "web.yaml", BROKEN)
    config = write(tmp_path / "cluster.yaml", "actions: {require-probes: warn}\n")
    run = run_cli("test", manifest, "--config", config)
    assert run.code == 1, run.err
    lines = _finding_lines(run.out)
    assert len(lines) == 2 and lines[1].startswith(f"  ! [require-probes] {PROBLEM}")
    assert lines[0].startswith("  x [disallow-plaintext-secrets, require-resources, require-run-as-non-root] ")


def test_a_broken_pod_spec_that_only_warns_is_one_line_and_still_passes(tmp_path: Path) -> None:
    manifest = write(tmp_path / "web.yaml", BROKEN)
    config = write(tmp_path / "cluster.yaml", "actions: {" + ", ".join(f"{p}: warn" for p in CONTAINER_POLICIES) + "}\n")
    run = run_cli("test", manifest, "--config", config)
    assert run.code == 0, run.err
    assert run.out.startswith("WARNED ")
    assert _finding_lines(run.out) == [f"  ! [{', '.join(CONTAINER_POLICIES)}] {PROBLEM} Fix: write the pod spec as"
                                       " Kubernetes defines it (kube-apiserver refuses this object too)."]  # fmt: skip
    assert FAKE not in run.out + run.err
