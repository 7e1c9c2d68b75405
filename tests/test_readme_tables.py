"""The README's reference tables against the code they describe, so that they fail when one side
changes without the other: the metrics (names, types, labels), the server's configuration (flags,
environment variables, defaults), each bundled policy's parameters (names and defaults) and the
audit record's fields."""

from __future__ import annotations

import argparse
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from webhook.admission import request_for_manifest, review
from webhook.audit import WRITER_ENV
from webhook.audit.record import GENESIS, build_record, chain
from webhook.cli import serve_cmd
from webhook.config import ClusterConfig, Settings, default_policy_dir, env_variable
from webhook.policies import load_policies
from webhook.server_metrics import LatencyHistogram, ServerMetrics

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells stripped, header and rule left out) of the first table after ``heading``."""
    start = text.find(heading)
    assert start >= 0, f"README: {heading!r} not found: update this test"
    rows: list[list[str]] = []
    for line in text[start + len(heading):].splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    assert len(rows) > 2, f"README: no table after {heading!r}"
    return rows[2:]


def ticked(cell: str) -> list[str]:
    """The `code` spans of a cell, in order."""
    return re.findall(r"`([^`]+)`", cell)


def section(heading: str) -> str:
    """The README's text from ``heading`` to the next heading of any level."""
    start = README.find(heading)
    assert start >= 0, f"README: {heading!r} not found"
    end = README.find("\n#", start + len(heading))
    return README[start : end if end >= 0 else len(README)]


# -- metrics -----------------------------------------------------------------------------------


def test_the_metrics_table_lists_every_metric_with_its_type_and_labels() -> None:
    rows = table_after(README, "### Metrics")
    documented = {ticked(row[0])[0]: (row[1], [x.strip() for x in row[2].split(",") if x.strip()]) for row in rows}
    metrics = ServerMetrics()
    exposed: dict[str, str] = {}
    for value in vars(metrics).values():
        if isinstance(value, (MetricWrapperBase, LatencyHistogram)):
            for family in value.collect():
                name = family.name + ("_total" if family.type == "counter" else "")
                exposed[name] = family.type
    assert set(documented) == set(exposed), "README's Metrics table and webhook/server_metrics.py differ"
    for name, (kind, _) in documented.items():
        assert kind == exposed[name], f"{name}: README says {kind}, the server exposes a {exposed[name]}"
    # every documented label set is the metric's own: prometheus_client refuses any other
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            (family,) = value.collect()
            name = family.name + ("_total" if family.type == "counter" else "")
            labels = documented[name][1]
            if labels:
                value.labels(**{label: "x" for label in labels})
            else:
                with pytest.raises(ValueError):  # the metric has labels the README does not name
                    value.labels("x")
    metrics.latency.observe("validate", 0.001)
    (family,) = metrics.latency.collect()
    assert {k for s in family.samples for k in s.labels} - {"le"} == set(documented[LatencyHistogram.name][1])


# -- configuration -----------------------------------------------------------------------------


def _default_text(value: Any) -> str | None:
    """How the README's default column writes a scalar default (None: not compared)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return None


def test_the_configuration_table_is_settings_and_the_serve_flags() -> None:
    rows = table_after(README, "### Configuration")
    by_env = {row[1].strip("`"): row for row in rows if row[1]}
    settings = {env_variable(f.name): f for f in fields(Settings)}
    assert set(by_env) == set(settings) | {WRITER_ENV}, "README's Configuration table and Settings differ"
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    flags = {option for action in parser._actions for option in action.option_strings if option.startswith("--")}
    documented_flags = {ticked(row[0])[0].split()[0] for row in rows if row[0]}
    assert documented_flags == flags - {"--help"}, "README's Configuration table and `railguard serve --help` differ"
    defaults = Settings()
    for variable, field in settings.items():
        shown = _default_text(getattr(defaults, field.name))
        if shown is not None:
            cell = by_env[variable][2].replace("`", "")
            assert cell.split(" (")[0] == shown, f"{variable}: README's default {cell!r}, Settings' {shown!r}"
    for action in parser._actions:  # the flags without a variable: their argparse default
        row = next((r for r in rows if r[0] and ticked(r[0])[0].split()[0] in action.option_strings), None)
        if row is not None and not row[1] and action.default is not None:
            assert row[2].replace("`", "").split(" (")[0] == str(action.default), action.option_strings


# -- policy parameters -------------------------------------------------------------------------


@pytest.mark.parametrize("policy", list(load_policies(default_policy_dir())), ids=lambda p: p.id)
def test_each_policy_parameter_table_is_its_params(policy: Any) -> None:
    text = section(f"### {policy.id} (")
    assert "**Parameters.**" in text, f"README: {policy.id} has no parameter table"
    rows = table_after(text, "**Parameters.**")
    documented = {ticked(row[0])[0]: yaml.safe_load(ticked(row[1])[0]) for row in rows}
    assert documented == dict(policy.params), f"README's parameter table of {policy.id} and its policy differ"


# -- the audit record --------------------------------------------------------------------------


def test_the_record_table_names_every_field_of_a_record() -> None:
    rows = table_after(README, "### The record")
    named = {name.removesuffix("[]") for row in rows for name in ticked(row[0])}
    manifest = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns"},
                "spec": {"containers": [{"name": "app", "image": "registry.example/app:1.0"}]}}
    decision = review(request_for_manifest(manifest, uid="u1", username="alice"),
                      load_policies(default_policy_dir()), ClusterConfig(), mode="full")
    assert decision.findings
    (chained,) = chain([build_record(decision, 1.0)], "w", 0, GENESIS)
    record = {**chained.record, "hash": chained.hash}
    assert named == set(record), "README's record table and webhook/audit/record.py differ"
    findings_row = next(row for row in rows if "`findings[]`" in row[0])
    assert set(ticked(findings_row[1])) == set(record["findings"][0]), "the findings[] fields differ"
    user_row = next(row for row in rows if ticked(row[0]) == ["user"])
    assert set(ticked(user_row[1])[:3]) == set(record["user"]), "the user fields differ"
