"""Output formats of ``railguard test``: a readable table, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson

from webhook import __version__
from webhook.messages import broken_pod_spec_line
from webhook.documents import printable
from webhook.errors import InputError
from webhook.policies import Policy, PolicySet

if TYPE_CHECKING:
    from webhook.cli.test_cmd import Result
    from webhook.engine import Finding

MARKS = {"deny": "x", "warn": "!", "audit": "i"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters other than tab and line breaks escaped, and the
    non-characters U+FFFE and U+FFFF (and surrogates), which XML 1.0 cannot hold either."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def _where(result: Result) -> str:
    d = result.document
    where = f"{d.file}:{d.line}" + (f" items[{d.item}]" if d.item is not None else "")
    if result.envelope:
        dec = result.decision
        where += f", AdmissionReview {dec.operation}" + (f" {printable(dec.sub_resource)}" if dec.sub_resource else "")
        if not dec.reviewed:
            where += ": passes untouched"
    return where


def _target(result: Result) -> str:
    dec = result.decision
    ns = f"{dec.namespace}/" if dec.namespace else ""
    return printable(f"{dec.kind or '?'} {ns}{dec.name or '<unnamed>'}")


def finding_line(result: Result, number: int) -> int:
    """The source line of the result's finding ``number``: its own where it was located, else its
    document's first line."""
    return result.finding_lines[number] if result.finding_lines else result.document.line


def table(results: Sequence[Result], errors: Sequence[InputError]) -> str:
    lines = [line for r in results for line in _table_entry(r)]
    lines += [f"ERROR    {e}" for e in errors]
    lines.append(summary(results, errors))
    return "\n".join(lines) + "\n"


def findings_table(results: Sequence[Result]) -> str:
    """The table's lines of the resources that have something to say (findings, notes, exemptions),
    without their patch operations: what ``-o patched`` writes on stderr, its stdout holding the
    patched objects."""
    entries = (_table_entry(r, patch=False) for r in results)
    return "".join(line + "\n" for entry in entries if len(entry) > 1 for line in entry)


def summary(results: Sequence[Result], errors: Sequence[InputError]) -> str:
    """The table's last line: how many resources of each verdict, and how many inputs were unreadable."""
    counts = {"denied": 0, "warned": 0, "mutated": 0, "allowed": 0}
    for r in results:
        counts[r.decision.verdict] += 1
    return (
        f"{len(results)} resource{'' if len(results) == 1 else 's'}: {counts['denied']} denied, {counts['warned']} warned, "
        f"{counts['mutated']} mutated, {counts['allowed']} allowed"
        + (f"; {len(errors)} unreadable" if errors else "")
    )


def _table_entry(r: Result, patch: bool = True) -> list[str]:
    """A resource's lines in the table: its verdict, findings, notes, exemptions and (``patch``) patch operations."""
    dec = r.decision
    lines = [f"{dec.verdict.upper():<8} {_target(r)}  ({_where(r)})"]
    for number, mark, text in _table_findings(dec.findings, dec.allowed):
        lines.append(f"  {mark} {printable(text)}")
        lines.append(f"      {r.document.file}:{finding_line(r, number)}: at {printable(dec.findings[number].path)}")
    for note in dec.notes:
        lines.append(f"  ! {printable(note)}")
    for exempted in dec.exemptions:
        lines.append(f"  - exempt: {printable(exempted)}")
    if patch:
        for op in dec.patch:
            lines.append(f"  + patch: {op['op']} {printable(op['path'])}")
    return lines


def _table_findings(findings: Sequence[Finding], allowed: bool = False) -> list[tuple[int, str, str]]:
    """(number, mark, text) for each line of the table's findings: ``[policy] message``, but a
    broken pod spec that several policies report alike (same mark, field and problem) once, where
    the first of them is, as the server's denial and warnings give it: ``[p1, p2] <who> <problem>.
    Fix: <fix>.`` (``-o json`` and SARIF keep one result per policy)."""
    rows: list[tuple[int, str, str]] = []
    broken: dict[tuple[str, str, str, str], tuple[int, list[str]]] = {}  # key -> its row, its policies
    for number, f in enumerate(findings):
        mark = "~" if f.preexisting else "!" if allowed and f.action == "deny" else MARKS[f.action]  # a mirror pod's: warned
        if f.broken_pod_spec:
            key = (mark, f.path, f.who, f.problem)
            if key in broken:
                broken[key][1].append(f.policy)
                continue
            broken[key] = (len(rows), [f.policy])
        rows.append((number, mark, f"[{f.policy}] {f.message}"))
    for row, named in broken.values():
        if len(named) > 1:
            number, mark, _ = rows[row]
            rows[row] = (number, mark, broken_pod_spec_line(named, findings[number]))
    return rows


def junit(results: Sequence[Result], errors: Sequence[InputError]) -> str:
    suites = ET.Element("testsuites", name="railguard")
    suite = ET.SubElement(
        suites, "testsuite", name="railguard test", tests=str(len(results) + len(errors)),
        failures=str(sum(not r.decision.allowed for r in results)), errors=str(len(errors)),
    )
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=r.document.file, name=f"{_target(r)} (doc {r.document.doc})")
        blocking = [f for f in r.decision.findings if f.action == "deny" and not f.preexisting] if not r.decision.allowed else []
        if blocking:
            message = _xml_text(r.decision.message)
            failure = ET.SubElement(case, "failure", message=message.splitlines()[0], type="denied")
            failure.text = message
        others = [f for f in r.decision.findings if f not in blocking]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_xml_text(f"[{f.policy}] ({f.action}) {f.message}") for f in others)
    for e in errors:
        case = ET.SubElement(suite, "testcase", classname=e.file, name=f"read {e.file}")
        ET.SubElement(case, "error", message=_xml_text(str(e)), type="unreadable")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _uri(file: str) -> str:
    """A relative URI reference for a file name (SARIF's artifactLocation.uri): "#", "%", spaces,
    "<" and ">" (standard input is ``<stdin>``) and the like percent-encoded, so tools do not read
    them as URI syntax and the schema's ``uri-reference`` format holds."""
    return quote(file, safe="/")


SOURCE_ROOT = "%SRCROOT%"
"""The base of relative file names (the working folder): GitHub resolves it to the checkout."""


def _artifact(file: str) -> dict[str, str]:
    location = {"uri": _uri(file)}
    if file != "<stdin>" and not os.path.isabs(file):
        location["uriBaseId"] = SOURCE_ROOT
    return location


def _source_root() -> dict[str, Any]:
    try:
        return {SOURCE_ROOT: {"uri": Path.cwd().as_uri() + "/"}}
    except (OSError, ValueError):  # the working folder was removed
        return {}


FINGERPRINT = "railguardFinding/v1"


def _fingerprint(result: Result, finding: Finding, seen: dict[str, int]) -> str:
    """A hash of what the finding is about: rule, file (``./k8s/a.yaml`` is ``k8s/a.yaml``), resource and field (the JSON pointer,
    never a value); not the message (its wording may change), not the line (documents move). Equal
    findings in one run (a resource twice in a file) are told apart by their order, as GitHub's
    own ``primaryLocationLineHash`` does."""
    dec = result.decision
    file = result.document.file if result.document.file == "<stdin>" else os.path.normpath(result.document.file)
    identity = orjson.dumps([finding.policy, file, dec.kind, dec.namespace, dec.name, finding.path])
    digest = hashlib.sha256(identity).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


SARIF_RESULTS_LIMIT = 25_000
"""Results per run that GitHub code scanning accepts (it rejects a larger file whole): the most
severe are kept, and a notification counts the rest."""
_LEVEL_ORDER = {"error": 0, "warning": 1, "note": 2}


_SARIF_LEVELS = {"deny": "error", "warn": "warning", "audit": "note"}


def sarif(
    results: Sequence[Result], errors: Sequence[InputError], policies: PolicySet, skipped: Sequence[InputError] = ()
) -> dict[str, Any]:
    rules = [_sarif_rule(p) for p in policies]
    seen: dict[str, int] = {}  # fingerprint -> how many findings had it so far
    sarif_results = [_sarif_result(r, number, f, seen) for r in results for number, f in enumerate(r.decision.findings)]
    notifications = [_notification("error", e, e.line or 1) for e in errors]
    # files a folder walk skipped (no document has a kind): notes, not failures
    notifications += [_notification("note", s) for s in skipped]
    sarif_results, left_out = _within_limit(sarif_results)
    if left_out is not None:
        notifications.append(left_out)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "railguard", "version": __version__, "rules": rules}},
                "originalUriBaseIds": _source_root(),
                "results": sarif_results,
                "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
            }
        ],
    }


def _sarif_rule(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "name": policy.id,
        "shortDescription": {"text": policy.title},
        "fullDescription": {"text": policy.description},
        "properties": {"severity": policy.severity, "version": policy.version},
    }


def _sarif_result(result: Result, number: int, finding: Finding, seen: dict[str, int]) -> dict[str, Any]:
    """The result's finding ``number``: a warning, whatever its action, when it was there before the
    change or the request was allowed in spite of it (a mirror pod's)."""
    return {
        "ruleId": finding.policy,
        "level": "warning" if finding.preexisting or (result.decision.allowed and finding.action == "deny") else _SARIF_LEVELS[finding.action],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(result.document.file),
                    "region": {"startLine": finding_line(result, number)},
                },
                "logicalLocations": [{"name": _target(result), "fullyQualifiedName": finding.path}],
            }
        ],
        "partialFingerprints": {FINGERPRINT: _fingerprint(result, finding, seen)},
    }


def _notification(level: str, error: InputError, line: int | None = None) -> dict[str, Any]:
    """A file that could not be read (its line, where known) or was skipped."""
    location: dict[str, Any] = {"artifactLocation": _artifact(error.file)}
    if line is not None:
        location["region"] = {"startLine": line}
    return {"level": level, "message": {"text": error.problem}, "locations": [{"physicalLocation": location}]}


def _within_limit(sarif_results: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The results GitHub code scanning accepts (the most severe first), and a notification counting
    those left out (None if none is)."""
    if len(sarif_results) <= SARIF_RESULTS_LIMIT:
        return sarif_results, None
    left_out = len(sarif_results) - SARIF_RESULTS_LIMIT
    kept = sorted(sarif_results, key=lambda result: _LEVEL_ORDER[result["level"]])[:SARIF_RESULTS_LIMIT]
    text = (
        f"{left_out} results left out, the least severe: GitHub code scanning accepts at most "
        f"{SARIF_RESULTS_LIMIT} per run (-o json lists every finding)"
    )
    return kept, {"level": "warning", "message": {"text": text}}
