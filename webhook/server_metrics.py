"""Prometheus metrics of the webhook server, on a registry of its own (one per app)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from webhook.admission import Decision
from webhook.workloads import WORKLOAD_KINDS

# Label values come from requests: keep them to known sets so a caller cannot explode cardinality.
KNOWN_KINDS = WORKLOAD_KINDS | {"ConfigMap", "Secret", "Scale"}
KNOWN_OPERATIONS = frozenset({"CREATE", "UPDATE", "DELETE", "CONNECT"})
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class ServerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.reviews = Counter(
            "railguard_reviews",
            "Admission reviews answered, by endpoint, kind, operation and verdict.",
            ["endpoint", "kind", "operation", "verdict"],
            registry=r,
        )
        self.latency = Histogram(
            "railguard_review_duration_seconds",
            "Time from request received to answer ready (body read, review, audit).",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.findings = Counter(
            "railguard_findings", "Policy findings, by policy and action.", ["policy", "action"], registry=r
        )
        self.bad_requests = Counter(
            "railguard_bad_requests", "Calls rejected before review (4xx), by endpoint and HTTP status.",
            ["endpoint", "status"], registry=r,
        )
        self.internal_errors = Counter(
            "railguard_internal_errors",
            "Unexpected errors while reviewing (answered allowed=false, fail closed).",
            ["endpoint"],
            registry=r,
        )
        self.audit_failures = Counter(
            "railguard_audit_failures",
            "Decisions the audit store failed to record, by the failure policy applied (deny | allow).",
            ["policy"],
            registry=r,
        )
        self.reloads = Counter(
            "railguard_reloads", "Successful reloads, by what (policies | certificate).", ["what"], registry=r
        )
        self.reload_failures = Counter(
            "railguard_reload_failures",
            "Rejected reloads (the previous set keeps serving), by what (policies | certificate).",
            ["what"],
            registry=r,
        )
        self.policies_loaded = Gauge("railguard_policies_loaded", "Policies in the serving set.", registry=r)
        for what in ("policies", "certificate"):
            self.reloads.labels(what)
            self.reload_failures.labels(what)
        for policy in ("deny", "allow"):
            self.audit_failures.labels(policy)
        self._reviews: dict[tuple[str, str, str, str], Any] = {}
        self._latency: dict[str, Any] = {}
        self._findings: dict[tuple[str, str], Any] = {}

    def observe(self, endpoint: str, decision: Decision, seconds: float) -> None:
        kind = decision.kind if decision.kind in KNOWN_KINDS else "other"
        operation = decision.operation if decision.operation in KNOWN_OPERATIONS else "other"
        # labelled children are cached: ``labels()`` costs more than the increment itself
        key = (endpoint, kind, operation, decision.verdict)
        child = self._reviews.get(key)
        if child is None:
            child = self._reviews[key] = self.reviews.labels(*key)
        child.inc()
        timer = self._latency.get(endpoint)
        if timer is None:
            timer = self._latency[endpoint] = self.latency.labels(endpoint)
        timer.observe(seconds)
        for finding in decision.findings:
            pair = (finding.policy, finding.action)
            counter = self._findings.get(pair)
            if counter is None:
                counter = self._findings[pair] = self.findings.labels(*pair)
            counter.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
