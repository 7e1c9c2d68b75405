"""Prometheus metrics of the webhook server, on a registry of its own (one per app)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import HistogramMetricFamily
from prometheus_client.utils import floatToGoString

from webhook.admission import Decision
from webhook.workloads import WORKLOAD_KINDS, group_kind

# Label values come from requests: keep them to known sets so a caller cannot explode cardinality.
# Knative's Service and Configuration count under their group-qualified names (as the workload
# table knows them: Service.serving.knative.dev), which are in the set; a core Service is "other".
KNOWN_KINDS = WORKLOAD_KINDS | {"ConfigMap", "Secret", "Scale"}
KNOWN_OPERATIONS = frozenset({"CREATE", "UPDATE", "DELETE", "CONNECT"})
FOLD_EVERY = 1000
# why a TLS handshake failed (see webhook.server_tls.handshake_failure_reason): a fixed set, never
# text from the peer
TLS_HANDSHAKE_FAILURE_REASONS = ("client_rejected_our_certificate", "untrusted_client_certificate",
                                 "protocol_mismatch", "not_tls", "other")
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class LatencyHistogram:
    """``railguard_review_duration_seconds``: observations go into plain per-endpoint bucket
    counts, exposed at scrape (prometheus_client's Histogram takes a lock and updates two values
    per observation)."""

    name = "railguard_review_duration_seconds"
    documentation = "Time from request received to answer ready (body read, review, audit)."
    bounds = (*map(floatToGoString, LATENCY_BUCKETS), "+Inf")

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}
        self.sums: dict[str, float] = {}

    def observe(self, endpoint: str, seconds: float) -> None:
        counts = self.counts.get(endpoint)
        if counts is None:
            counts = self.counts[endpoint] = [0] * len(self.bounds)
            self.sums[endpoint] = 0.0
        counts[bisect_left(LATENCY_BUCKETS, seconds)] += 1  # the first bucket whose bound is >= seconds
        self.sums[endpoint] += seconds

    def collect(self) -> Iterator[HistogramMetricFamily]:
        family = HistogramMetricFamily(self.name, self.documentation, labels=["endpoint"])
        for endpoint, counts in self.counts.items():
            cumulative, buckets = 0, []
            for bound, count in zip(self.bounds, counts):
                cumulative += count
                buckets.append((bound, cumulative))
            family.add_metric([endpoint], buckets, self.sums[endpoint])
        yield family


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
        self.latency = LatencyHistogram()
        r.register(self.latency)
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
        self.tls_handshake_failures = Counter(
            "railguard_tls_handshake_failures",
            "TLS handshakes that failed, by reason (client_rejected_our_certificate | "
            "untrusted_client_certificate | protocol_mismatch | not_tls | other).",
            ["reason"],
            registry=r,
        )
        self.policies_loaded = Gauge("railguard_policies_loaded", "Policies in the serving set.", registry=r)
        for what in ("policies", "certificate"):
            self.reloads.labels(what)
            self.reload_failures.labels(what)
        for policy in ("deny", "allow"):
            self.audit_failures.labels(policy)
        for reason in TLS_HANDSHAKE_FAILURE_REASONS:
            self.tls_handshake_failures.labels(reason)
        # Review and finding counts wait here and are added to the counters in one step per
        # label set at each scrape (or every FOLD_EVERY reviews): prometheus_client takes a lock
        # and resolves labels on every inc(), which costs more than the review's own bookkeeping.
        self._pending_reviews: dict[tuple[str, str, str, str], int] = {}
        self._pending_findings: dict[tuple[str, str], int] = {}
        self._unfolded = 0

    def observe(self, endpoint: str, decision: Decision, seconds: float) -> None:
        kind = decision.kind
        if kind not in KNOWN_KINDS:
            kind = group_kind(kind, decision.group)  # Service of serving.knative.dev
            if kind not in KNOWN_KINDS:
                kind = "other"
        operation = decision.operation if decision.operation in KNOWN_OPERATIONS else "other"
        key = (endpoint, kind, operation, decision.verdict)
        pending = self._pending_reviews
        pending[key] = pending.get(key, 0) + 1
        findings = self._pending_findings
        for finding in decision.findings:
            pair = (finding.policy, finding.action)
            findings[pair] = findings.get(pair, 0) + 1
        self.latency.observe(endpoint, seconds)
        self._unfolded += 1
        if self._unfolded >= FOLD_EVERY:
            self.fold()

    def fold(self) -> None:
        """Add the waiting counts to the Prometheus counters."""
        reviews, self._pending_reviews = self._pending_reviews, {}
        findings, self._pending_findings = self._pending_findings, {}
        self._unfolded = 0
        for key, count in reviews.items():
            self.reviews.labels(*key).inc(count)
        for pair, count in findings.items():
            self.findings.labels(*pair).inc(count)

    def render(self) -> bytes:
        self.fold()
        return generate_latest(self.registry)
