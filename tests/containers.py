"""A container as the production checklist wants it (non-root, limits, both probes), or one that
breaks it with a plain-text password in its env (the caller's fake, so each test file can tell its
own canary): for tests that need a workload of either kind."""

from __future__ import annotations

from typing import Any


def checklist_container(name: str, image: str, compliant: bool, fake_password: str) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": image}
    if compliant:
        container |= {
            "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
            "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
            "readinessProbe": {"httpGet": {"path": "/readyz", "port": 8080}},
        }
    else:
        container["env"] = [{"name": "DB_PASSWORD", "value": fake_password}]
    return container
