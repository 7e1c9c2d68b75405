"""Engine and ``railguard test`` throughput over 10,000 generated manifests.

Run: ``make bench`` or ``.venv/bin/python bench/engine_bench.py [--count N] [--keep DIR]``.

Generates (seeded, deterministic) a mix of workloads and non-workload kinds shaped like
``helm template`` output into a temp dir (a few multi-document files, many single files), then
prints resources/s for:

* evaluation alone: ``review()`` in mode "full" over pre-parsed objects, one core;
* the whole CLI: ``railguard test DIR -o json`` as a subprocess (wall time incl. interpreter start);
* parsing alone, for reference: yaml_rs vs PyYAML CSafeLoader.

Targets on the reference machine (2 cores): evaluation >= 20,000 resources/s, CLI <= 3 s.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

EVAL_TARGET = 20_000.0  # resources/s, one core
CLI_TARGET = 3.0  # seconds for 10,000 manifests
MULTI_DOC_FILES = 20  # files holding several documents (like `helm template` output)
MULTI_DOC_SHARE = 0.3  # share of all manifests that go into the multi-document files

WORKLOADS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
OTHERS = ("ConfigMap", "Service", "ServiceAccount", "Ingress", "PodDisruptionBudget", "Secret", "Role")
IMAGES = ("registry.example/app", "registry.example/api", "registry.example/worker", "nginx", "redis")


def _labels(rng: random.Random, app: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": app,
        "app.kubernetes.io/instance": "release-" + str(rng.randint(1, 9)),
        "app.kubernetes.io/version": f"{rng.randint(1, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "app.kubernetes.io/managed-by": "Helm",
        "helm.sh/chart": f"{app}-{rng.randint(0, 5)}.{rng.randint(0, 9)}.0",
    }


def _env(rng: random.Random, compliant: bool) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [
        {"name": "LOG_LEVEL", "value": rng.choice(["info", "debug", "warn"])},
        {"name": "PORT", "value": str(rng.choice([8080, 8000, 3000]))},
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "DB_HOST", "value": "postgres.db.svc.cluster.local"},
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        {"name": "FEATURE_FLAGS", "value": "a,b,c"},
    ]
    env += [{"name": f"SETTING_{i}", "value": f"value-{rng.randint(0, 999)}"} for i in range(rng.randint(0, 6))]
    if not compliant and rng.random() < 0.4:
        env.append({"name": "API_TOKEN", "value": "FAKE-not-a-real-token"})
    return env


def _probe(rng: random.Random, path: str) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": "http"},
        "initialDelaySeconds": rng.randint(0, 30),
        "periodSeconds": 10,
        "timeoutSeconds": 1,
        "failureThreshold": 3,
    }


def _container(rng: random.Random, name: str, compliant: bool, long_running: bool) -> dict[str, Any]:
    c: dict[str, Any] = {
        "name": name,
        "image": f"{rng.choice(IMAGES)}:{rng.randint(1, 9)}.{rng.randint(0, 30)}",
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "env": _env(rng, compliant),
        "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True}],
    }
    if compliant or rng.random() < 0.5:
        c["resources"] = {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}}
    if long_running and (compliant or rng.random() < 0.5):
        c["livenessProbe"] = _probe(rng, "/healthz")
        c["readinessProbe"] = _probe(rng, "/ready")
    if compliant or rng.random() < 0.4:
        c["securityContext"] = {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
    elif rng.random() < 0.3:
        c["securityContext"] = {"runAsUser": 0}
    return c


def _pod_spec(rng: random.Random, app: str, compliant: bool, long_running: bool) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "serviceAccountName": app,
        "containers": [_container(rng, app, compliant, long_running)],
        "volumes": [{"name": "config", "configMap": {"name": app}}],
    }
    if rng.random() < 0.3:
        spec["containers"].append(_container(rng, "sidecar", compliant, long_running))
    if rng.random() < 0.2:
        init = _container(rng, "init", compliant, False)
        init.pop("ports")
        init["command"] = ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]
        spec["initContainers"] = [init]
    if not long_running:
        spec["restartPolicy"] = "OnFailure"
    return spec


def _manifest(rng: random.Random, index: int) -> dict[str, Any]:
    app = f"app-{index}"
    namespace = rng.choice(["default", "team-a", "team-b", "payments", "batch"])
    roll = rng.random()
    kind = rng.choice(WORKLOADS) if roll < 0.75 else rng.choice(OTHERS)
    compliant = rng.random() < 0.5
    meta: dict[str, Any] = {"name": app, "namespace": namespace, "labels": _labels(rng, app)}
    if rng.random() < 0.3:
        meta["annotations"] = {"checksum/config": "%064x" % rng.getrandbits(256)}
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    selector = {"matchLabels": {"app.kubernetes.io/name": app, "app.kubernetes.io/instance": meta["labels"]["app.kubernetes.io/instance"]}}
    template = lambda long_running: {  # noqa: E731
        "metadata": {"labels": dict(meta["labels"])},
        "spec": _pod_spec(rng, app, compliant, long_running),
    }
    if kind == "Pod":
        obj["spec"] = _pod_spec(rng, app, compliant, True)
    elif kind in ("Deployment", "StatefulSet", "DaemonSet"):
        obj["apiVersion"] = "apps/v1"
        obj["spec"] = {"selector": copy.deepcopy(selector), "template": template(True)}
        if kind != "DaemonSet":
            obj["spec"]["replicas"] = rng.randint(1, 5)
        if kind == "StatefulSet":
            obj["spec"]["serviceName"] = app
        if rng.random() < 0.2:
            obj["spec"]["template"]["spec"]["affinity"] = {
                "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                    "weight": 50,
                    "podAffinityTerm": {"labelSelector": copy.deepcopy(selector), "topologyKey": "kubernetes.io/hostname"},
                }]}
            }  # fmt: skip
    elif kind == "Job":
        obj["apiVersion"] = "batch/v1"
        obj["spec"] = {"backoffLimit": 3, "template": template(False)}
    elif kind == "CronJob":
        obj["apiVersion"] = "batch/v1"
        obj["spec"] = {"schedule": "*/15 * * * *", "jobTemplate": {"spec": {"template": template(False)}}}
    elif kind == "ConfigMap":
        obj["data"] = {f"key{i}": f"value {rng.randint(0, 10**6)}" for i in range(rng.randint(1, 8))}
        obj["data"]["app.properties"] = "log.level=info\nserver.port=8080\ncache.size=128\n"
        if not compliant and rng.random() < 0.3:
            obj["data"]["DATABASE_URL"] = "postgres://app:FAKE-not-a-real-password@db:5432/app"
    elif kind == "Service":
        obj["spec"] = {"type": "ClusterIP", "selector": dict(selector["matchLabels"]),
                       "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}  # fmt: skip
    elif kind == "Ingress":
        obj["apiVersion"] = "networking.k8s.io/v1"
        obj["spec"] = {"rules": [{"host": f"{app}.example.com", "http": {"paths": [{
            "path": "/", "pathType": "Prefix", "backend": {"service": {"name": app, "port": {"number": 80}}}}]}}]}  # fmt: skip
    elif kind == "PodDisruptionBudget":
        obj["apiVersion"] = "policy/v1"
        obj["spec"] = {"minAvailable": 1, "selector": copy.deepcopy(selector)}
    elif kind == "Secret":
        obj["type"] = "Opaque"
        obj["data"] = {"password": "RkFLRS1ub3QtYS1yZWFsLXBhc3N3b3Jk"}
    elif kind == "Role":
        obj["apiVersion"] = "rbac.authorization.k8s.io/v1"
        obj["rules"] = [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}]
    return obj


def manifests(count: int, seed: int = 20261122) -> list[dict[str, Any]]:
    """``count`` manifests, the same for the same seed."""
    rng = random.Random(seed)
    return [_manifest(rng, i) for i in range(count)]


def _dump(obj: dict[str, Any], source: str) -> str:
    body: str = yaml.dump(obj, Dumper=yaml.CSafeDumper, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n# Source: chart/templates/{source}\n{body}"


def write_tree(objects: list[dict[str, Any]], root: Path) -> None:
    """A few multi-document files (``helm template`` style) and one file per remaining manifest."""
    multi = int(len(objects) * MULTI_DOC_SHARE)
    per_file = max(1, multi // MULTI_DOC_FILES)
    for start in range(0, multi, per_file):
        chunk = objects[start : min(start + per_file, multi)]
        text = "".join(_dump(o, f"{o['kind'].lower()}.yaml") for o in chunk)
        (root / f"release-{start // per_file:03d}.yaml").write_text(text)
    for index, obj in enumerate(objects[multi:], start=multi):
        folder = root / obj["metadata"]["namespace"]
        folder.mkdir(exist_ok=True)
        (folder / f"{index:05d}-{obj['kind'].lower()}.yaml").write_text(_dump(obj, f"{obj['kind'].lower()}.yaml"))


def _chunks(root: Path) -> Iterator[str]:
    from webhook.documents import expand_paths

    for file in expand_paths([str(root)]):
        yield Path(file).read_text()


def bench_parse(root: Path) -> tuple[float, float, int]:
    import yaml_rs

    texts = list(_chunks(root))
    start = time.perf_counter()
    count = 0
    for text in texts:
        count += sum(1 for d in yaml.load_all(text, Loader=yaml.CSafeLoader) if d)
    pyyaml = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        yaml_rs.loads(text, parse_datetime=False)
    rs = time.perf_counter() - start
    return rs, pyyaml, count


def bench_evaluation(objects: list[dict[str, Any]]) -> float:
    from webhook.admission import request_for_manifest, review
    from webhook.config import ClusterConfig, default_policy_dir
    from webhook.policies import load_policies

    policies, config = load_policies(default_policy_dir()), ClusterConfig()
    requests = [request_for_manifest(o) for o in objects]
    for request in requests[:200]:  # warm caches
        review(request, policies, config, mode="full")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for request in requests:
            review(request, policies, config, mode="full")
        best = min(best, time.perf_counter() - start)
    return best


def bench_cli(root: Path) -> tuple[float, int]:
    railguard = Path(sys.executable).with_name("railguard")
    command = [str(railguard)] if railguard.exists() else [sys.executable, "-m", "webhook.cli"]
    best, code = float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([*command, "test", str(root), "-o", "json"], stdout=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
        code = done.returncode
    return best, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the manifests here and keep them")
    args = parser.parse_args()

    objects = manifests(args.count)
    root = args.keep or Path(tempfile.mkdtemp(prefix="railguard-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        write_tree(objects, root)
        kinds: dict[str, int] = {}
        for o in objects:
            kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
        size = sum(f.stat().st_size for f in root.rglob("*.yaml"))
        print(f"{len(objects)} manifests, {size / 1e6:.1f} MB in {root}")
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))

        rs, pyyaml, parsed = bench_parse(root)
        print(f"parse only:  yaml_rs {parsed / rs:,.0f} docs/s ({rs:.2f} s), "
              f"PyYAML CSafeLoader {parsed / pyyaml:,.0f} docs/s ({pyyaml:.2f} s), x{pyyaml / rs:.1f}")  # fmt: skip

        elapsed = bench_evaluation(objects)
        rate = len(objects) / elapsed
        print(f"evaluation:  {rate:,.0f} resources/s ({elapsed:.2f} s, review() mode full, one core); "
              f"target >= {EVAL_TARGET:,.0f}: ratio {rate / EVAL_TARGET:.2f} {'OK' if rate >= EVAL_TARGET else 'MISSED'}")  # fmt: skip

        wall, code = bench_cli(root)
        print(f"railguard test: {len(objects) / wall:,.0f} resources/s ({wall:.2f} s wall, exit {code}); "
              f"target <= {CLI_TARGET:.1f} s: ratio {CLI_TARGET / wall:.2f} {'OK' if wall <= CLI_TARGET else 'MISSED'}")  # fmt: skip
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
