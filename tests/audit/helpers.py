"""Helpers for the audit tests."""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

from webhook.admission import Decision, request_for_manifest, review
from webhook.audit.record import GENESIS, build_record, canonical, chain_hash, with_hash
from webhook.config import ClusterConfig
from webhook.policies import PolicySet

_counter = itertools.count()


def deployment(name: str, namespace: str, env: list[dict[str, Any]] | None = None, compliant: bool = False) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "app", "image": "registry.example/app:1.0"}
    if env:
        container["env"] = env
    if compliant:
        container.update(
            securityContext={"runAsNonRoot": True},
            resources={"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "1", "memory": "128Mi"}},
            livenessProbe={"httpGet": {"path": "/healthz", "port": 8080}},
            readinessProbe={"httpGet": {"path": "/ready", "port": 8080}},
        )
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": {"app": name}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}}, "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}}},
    }


def decide(policies: PolicySet, obj: dict[str, Any], user: str = "alice", mode: str = "full") -> Decision:
    request = request_for_manifest(obj, uid=f"uid-{next(_counter)}", username=user)
    return review(request, policies, ClusterConfig(), mode=mode)  # type: ignore[arg-type]




def assert_no_canary(data: str | bytes, where: str, canaries: Iterable[str]) -> None:
    """None of the planted fake secrets appears in ``data`` (an answer, a log, a record, an export)."""
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    for canary in canaries:
        assert canary not in text, f"{canary} leaked into {where}"


def validate_with_review_failing(monkeypatch: Any, store: Any, content: bytes) -> Any:
    """POST ``content`` to ``/validate`` of an app recording into ``store`` whose ``review()`` raises
    (a bug): the answer is failed closed from the envelope alone. ``store`` is closed after it."""
    from starlette.testclient import TestClient

    import webhook.server as server_module
    from webhook.config import Settings, default_policy_dir
    from webhook.policies import load_policies

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(server_module, "review", broken)
    app = server_module.create_app(Settings(), audit=store, policies=load_policies(default_policy_dir()), config=ClusterConfig())
    with TestClient(app) as client:
        answer = client.post("/validate", content=content, headers={"content-type": "application/json"})
    store.close()
    return answer


def forged_line(decision: Decision, writer: str, seq: int = 1, prev: str = GENESIS) -> tuple[bytes, str]:
    """A JSON Lines record of ``decision`` chained as ``writer``'s ``seq`` after ``prev`` (any writer
    id, as an edit would write it), and its hash."""
    body = canonical({**build_record(decision, 1.0), "writer": writer, "seq": seq, "prevHash": prev})
    digest = chain_hash(prev, body)
    return with_hash(body, digest) + b"\n", digest



def names_open(*places: str | os.PathLike[str]) -> Counter[str]:
    """What this process has open at or under ``places`` (a folder's files, or a file), each with
    the count of descriptors on it. Names, not descriptor numbers: a leftover of an earlier test
    closed meanwhile by the collector or a thread frees a number the code under test then reuses.
    A leak is a name counted more often than before."""
    roots = [os.fspath(place) for place in places]
    found: Counter[str] = Counter()
    for fd in os.listdir("/proc/self/fd"):
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # listdir's own descriptor, closed by now
            continue
        if any(name == root or name.startswith(root + os.sep) for root in roots):
            found[name] += 1
    return found
