"""The README's reference tables against the code they describe, so that they fail when one side
changes without the other: the metrics (names, types, labels), the server's configuration (flags,
environment variables, defaults), each bundled policy's parameters (names and defaults), the
audit record's fields, `railguard test`'s option table and the `railguard audit` usage lines."""

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


# -- the command line --------------------------------------------------------------------------


def _parser(module: Any, *subcommand: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    module.configure(parser)
    for name in subcommand:
        found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        parser = found[0].choices[name]
    return parser


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {option: action for action in parser._actions for option in action.option_strings if option not in {"-h", "--help"}}


def test_the_railguard_test_option_table_is_its_parser() -> None:
    """Every option of `railguard test` has its row (short and long names), with its choices and
    default as the parser has them, and no row names an option the parser does not know."""
    from webhook.cli import test_cmd

    options = _options(_parser(test_cmd))
    rows = table_after(README, "## The command line: `railguard test` and `railguard policies`")
    documented: set[str] = set()
    for row in rows:
        spec = ticked(row[0])[0].replace("\\|", "|").split()
        if spec[0] == "PATH":
            continue
        flags = [word.rstrip(",") for word in spec if word.startswith("-")]
        argument = spec[len(flags)] if len(spec) > len(flags) else ""
        documented |= set(flags)
        assert flags[-1] in options, f"README's option table names {flags[-1]}, which `railguard test` does not have"
        action = options[flags[-1]]
        assert set(flags) == set(action.option_strings), f"README names {flags}, the parser {action.option_strings}"
        if action.choices:
            assert argument.split("|") == list(action.choices), f"{flags[-1]}: README's choices {argument!r}"
            assert f"(default `{action.default}`)" in row[1], f"{flags[-1]}: README does not give the default {action.default!r}"
    assert documented == set(options), "README's option table of `railguard test` and its parser differ"


@pytest.mark.parametrize("command", ["verify", "export", "prune", "keygen", "hide-user", "checkpoint"])
def test_the_audit_usage_lines_name_every_option(command: str) -> None:
    """The README's `railguard audit COMMAND ...` lines name each option the command has, and no
    other; the export's `--format` gives its choices."""
    from webhook.cli import audit_cmd

    options = _options(_parser(audit_cmd, command))
    text = README[README.index("\n## Audit trail") : README.index("\n## Deployment")]
    usage, inside = "", False  # every usage line of the command, with the indented lines that continue it
    for line in "\n".join(re.findall(r"^```\n(.*?)^```", text, re.M | re.S)).splitlines():
        if not line.startswith(" "):
            inside = line.startswith(f"railguard audit {command} ")
        if inside:
            usage += " " + line.split("#")[0]  # not the comment
    assert usage, f"README: no usage line of `railguard audit {command}`"
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage))
    assert named == {o for o in options if o.startswith("--")}, f"README's `railguard audit {command}` usage and its parser differ"
    if command == "export":
        shown = re.search(r"--format (\S+)", usage)
        assert shown and shown.group(1).split("|") == list(options["--format"].choices or ())
