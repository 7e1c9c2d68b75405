"""PolicyReport export: reports split at a byte budget so that each fits in etcd, and ``scored``."""

from __future__ import annotations

import io
import itertools
import re
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.audit import open_trail
from webhook.audit import export as export_module
from webhook.audit.base import Filters
from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import decide, deployment

BUDGET = 4000  # a few results per report


def policy_reports(url: str) -> bytes:
    with closing(open_trail(url)) as trail:
        out = io.BytesIO()
        export_module.export(trail, Filters(), "policyreport", out)
        return out.getvalue()


def documents(stream: bytes) -> list[bytes]:
    assert stream.startswith(b"---\n")
    return stream[len(b"---\n") :].split(b"\n---\n")


def parsed(stream: bytes) -> list[dict[str, Any]]:
    reports = [orjson.loads(doc) for doc in documents(stream)]
    assert list(yaml.safe_load_all(stream)) == reports  # the stream kubectl reads
    return reports


def grouped(reports: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    by_namespace: dict[str | None, list[dict[str, Any]]] = {}
    for report in reports:
        by_namespace.setdefault(report["metadata"].get("namespace"), []).append(report)
    return by_namespace


def results(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [result for report in reports for result in report["results"]]


@pytest.fixture
def busy_url(tmp_path: Path, make_store: OpenStore, policies: PolicySet) -> str:
    """Namespaces with many results (fail, pass, warn) and several cluster-scoped objects."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    for i in range(12):
        store.record(decide(policies, deployment(f"web-{i}", "shop")), 1.0)
        store.record(decide(policies, deployment(f"api-{i}", "shop", compliant=True), mode="validate"), 1.0)
        store.record(decide(policies, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"team-{i}"}}), 1.0)
    store.record(decide(policies, deployment("db", "data", compliant=True)), 1.0)
    store.close()
    return url


def test_reports_are_split_at_the_budget_with_stable_names_and_their_own_summaries(
    busy_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = grouped(parsed(policy_reports(busy_url)))
    assert [len(reports) for reports in whole.values()] == [1, 1, 1]
    monkeypatch.setattr(export_module, "REPORT_BUDGET", BUDGET)
    stream = policy_reports(busy_url)
    assert stream == policy_reports(busy_url)
    assert all(len(doc) <= BUDGET for doc in documents(stream))
    split = grouped(parsed(stream))
    assert split.keys() == whole.keys()
    assert len(split["shop"]) > 3 and len(split[None]) > 1 and len(split["data"]) == 1
    for namespace, reports in split.items():
        base = "railguard-audit" if namespace else "railguard-audit-cluster"
        assert [r["metadata"]["name"] for r in reports] == [base] + [f"{base}-{n}" for n in range(2, len(reports) + 1)]
        assert {r["kind"] for r in reports} == {"PolicyReport" if namespace else "ClusterPolicyReport"}
        assert results(reports) == results(whole[namespace])  # none lost, none repeated, in order
        for report in reports:
            assert report["results"]
            assert report["summary"] == {k: sum(r["result"] == k for r in report["results"]) for k in export_module.REPORT_OUTCOMES}
    # packed, not one result per report: most reports could not take their successor's first result
    shop = split["shop"]
    assert len(shop) < len(results(shop)) / 2


def test_the_split_does_not_depend_on_how_records_are_chunked(busy_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "REPORT_BUDGET", BUDGET)
    monkeypatch.setattr(export_module, "PARALLEL_WORKERS", 1)
    serial = policy_reports(busy_url)
    monkeypatch.setattr(export_module, "PARALLEL_WORKERS", 2)
    monkeypatch.setattr(export_module, "PARALLEL_CHUNK", 4)
    assert policy_reports(busy_url) == serial


def test_earlier_reports_stay_the_same_when_the_trail_grows(
    busy_url: str, make_store: OpenStore, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-applying a later export updates the namespace's last report and adds new ones after it."""
    monkeypatch.setattr(export_module, "REPORT_BUDGET", BUDGET)
    before = grouped(parsed(policy_reports(busy_url)))["shop"]
    store = make_store(busy_url)
    for i in range(6):
        store.record(decide(policies, deployment(f"late-{i}", "shop")), 1.0)
    store.close()
    after = grouped(parsed(policy_reports(busy_url)))["shop"]
    assert len(after) > len(before) and after[: len(before) - 1] == before[:-1]


def test_a_result_over_the_budget_is_kept_alone_in_its_report(
    tmp_path: Path, make_store: OpenStore, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    store.record(decide(policies, deployment("a", "shop", compliant=True)), 1.0)
    store.record(decide(policies, deployment("huge", "shop", compliant=True), user="u" * (2 * BUDGET)), 1.0)
    store.record(decide(policies, deployment("b", "shop", compliant=True)), 1.0)
    store.close()
    monkeypatch.setattr(export_module, "REPORT_BUDGET", BUDGET)
    reports = parsed(policy_reports(url))
    assert [[r["resources"][0]["name"] for r in report["results"]] for report in reports] == [["a"], ["huge"], ["b"]]
    assert [report["metadata"]["name"] for report in reports] == ["railguard-audit", "railguard-audit-2", "railguard-audit-3"]
    assert reports[1]["summary"]["pass"] == 1 and reports[1]["results"][0]["properties"]["user"] == "u" * (2 * BUDGET)


def test_the_budget_counts_what_the_api_server_escapes(
    tmp_path: Path, make_store: OpenStore, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Go's JSON encoder stores ``<`` as ``\\u003c``: six bytes for one in what we write."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    for name in ("a", "b"):
        store.record(decide(policies, deployment(name, "shop", compliant=True), user="<&>" * 100), 1.0)
    store.close()
    (together,) = documents(policy_reports(url))
    assert len(together) < BUDGET < len(together) + 2 * 300 * 5  # fits as written, not as stored
    monkeypatch.setattr(export_module, "REPORT_BUDGET", BUDGET)
    reports = parsed(policy_reports(url))
    assert [[r["resources"][0]["name"] for r in report["results"]] for report in reports] == [["a"], ["b"]]


def test_scored_is_true_for_pass_and_fail_only(tmp_path: Path, make_store: OpenStore, policies: PolicySet) -> None:
    """``scored`` says whether a result counts towards a compliance score: a warn comes from an
    advisory policy (Kyverno reports an unscored policy's failures as warn), a skip was not judged."""
    from webhook.admission import request_for_manifest, review
    from webhook.config import parse_cluster_config

    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    store.record(decide(policies, deployment("web", "shop")), 1.0)  # fail
    store.record(decide(policies, deployment("api", "shop", compliant=True), mode="validate"), 1.0)  # warn
    store.record(decide(policies, deployment("db", "shop", compliant=True)), 1.0)  # pass
    config = parse_cluster_config(
        {"exemptions": [{"policies": ["require-run-as-non-root"], "namespaces": ["shop"], "reason": "OPS-1", "expires": "2099-01-01"}]},
        policies, "cluster.yaml",
    )  # fmt: skip
    root = deployment("root", "shop", compliant=True)
    root["spec"]["template"]["spec"]["containers"][0]["securityContext"] = {"runAsUser": 0}
    store.record(review(request_for_manifest(root), policies, config, mode="validate"), 1.0)  # skip
    store.close()
    found = {(r["result"], r["scored"]) for r in results(parsed(policy_reports(url)))}
    assert {outcome for outcome, _ in found} == {"pass", "fail", "warn", "skip"}
    assert found == {("pass", True), ("fail", True), ("warn", False), ("skip", False)}


def synthetic_runs(namespace: str, pads: list[int], cuts: list[int]) -> list[export_module.ReportRun]:
    """Results of the given padding, cut into runs at ``cuts`` as chunking would."""
    formatted = [orjson.dumps({"result": ("pass", "fail", "warn", "skip")[i % 4], "pad": "x" * pad}) for i, pad in enumerate(pads)]
    runs = []
    for lo, hi in zip([0, *cuts], [*cuts, len(formatted)]):
        part = formatted[lo:hi]
        ends = list(itertools.accumulate(len(data) + 1 for data in part))
        sizes = list(itertools.accumulate(export_module._stored_size(data) + 1 for data in part))
        outcomes = "".join(orjson.loads(data)["result"][0] for data in part)
        runs.append(export_module.ReportRun(namespace, b",".join(part), [end - 1 for end in ends], sizes, outcomes))
    return runs


def packed(runs: list[export_module.ReportRun], budget: int) -> bytes:
    writer = export_module._ReportWriter(budget)
    return b"".join(piece for run in runs for piece in writer.add(run)) + writer.close()


@settings(max_examples=300, deadline=None)
@given(
    pads=st.lists(st.integers(0, 600), min_size=1, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=5),
    budget=st.integers(200, 2000),
)
def test_every_report_of_several_results_fits_the_budget(pads: list[int], cuts: list[int], budget: int) -> None:
    cuts = sorted({cut for cut in cuts if cut < len(pads)})
    stream = packed(synthetic_runs("shop", pads, cuts), budget)
    assert stream == packed(synthetic_runs("shop", pads, []), budget)  # however the results were chunked
    reports = [orjson.loads(doc) for doc in documents(stream)]
    assert [len(r["pad"]) for r in results(reports)] == pads
    for doc, report in zip(documents(stream), reports):
        assert report["results"] and (len(doc) <= budget or len(report["results"]) == 1)
        assert report["summary"] == {k: sum(r["result"] == k for r in report["results"]) for k in export_module.REPORT_OUTCOMES}


DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")


@pytest.mark.parametrize("budget", [export_module.REPORT_BUDGET, 1500])
def test_records_whose_namespace_is_hidden_or_no_namespace_name_go_to_cluster_reports(
    budget: int, tmp_path: Path, make_store: OpenStore, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``<hidden namespace>`` (a namespace that is a credential), or any text Kubernetes refuses as
    a namespace (a body posted by something else than kube-apiserver), is no metadata.namespace:
    ``kubectl apply`` of the export would fail. Their results go to ClusterPolicyReports of their
    own, each with a stable name, and their resource reference keeps what the record says."""
    secret_namespace = "glpat-fakefakefakefake0005"  # a GitLab token as a namespace
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    for i in range(3):
        for namespace in ("shop", secret_namespace, "Team_A", "x" * 64, "team a"):
            store.record(decide(policies, deployment(f"web-{i}", namespace)), 1.0)
        store.record(decide(policies, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"team-{i}"}}), 1.0)
    store.close()
    monkeypatch.setattr(export_module, "REPORT_BUDGET", budget)
    stream = policy_reports(url)
    assert secret_namespace not in stream.decode()
    reports = parsed(stream)  # parses, as YAML too
    names = [r["metadata"]["name"] for r in reports]
    assert len(set(names)) == len(names) and all(DNS_SUBDOMAIN.fullmatch(name) and len(name) <= 253 for name in names)
    for report in reports:
        namespace = report["metadata"].get("namespace")
        assert namespace is None or DNS_LABEL.fullmatch(namespace), namespace
        assert report["kind"] == ("ClusterPolicyReport" if namespace is None else "PolicyReport")
        assert report["apiVersion"] == "wgpolicyk8s.io/v1alpha2" and set(report) == {"apiVersion", "kind", "metadata", "results", "summary"}
        for result in report["results"]:
            [resource] = result["resources"]
            assert set(resource) <= {"apiVersion", "kind", "name", "namespace"}
            assert all(isinstance(value, str) for value in resource.values())
            if namespace is not None:
                assert resource["namespace"] == namespace
    by_namespace: dict[str | None, list[str]] = {}
    for result in results(reports):
        by_namespace.setdefault(result["resources"][0].get("namespace"), []).append(result["resources"][0]["name"])
    # every record is there once, under the namespace its record gives
    assert {ns: sorted(set(found)) for ns, found in by_namespace.items()} == {
        "shop": ["web-0", "web-1", "web-2"], "<hidden namespace>": ["web-0", "web-1", "web-2"], "Team_A": ["web-0", "web-1", "web-2"],
        "x" * 64: ["web-0", "web-1", "web-2"], "team a": ["web-0", "web-1", "web-2"], None: ["team-0", "team-1", "team-2"],
    }  # fmt: skip
    hidden = [r for r in reports if any(res["resources"][0].get("namespace") == "<hidden namespace>" for res in r["results"])]
    assert hidden and all(r["metadata"]["name"].startswith("railguard-audit-hidden-namespace") for r in hidden)
    assert stream == policy_reports(url)  # the same names on each export
