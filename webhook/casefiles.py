"""Each policy's own test cases (``policies/<id>/cases``), as ``railguard policies verify`` and
the test suite run them.

The file-name prefix states the expected outcome, with the policy reviewed on its own:

* ``allow.*``: the full pipeline (mutate, then validate) reports nothing and patches nothing;
* ``deny.*`` / ``warn.*`` / ``audit.*``: the validating webhook reports a finding with that action;
* ``mutate.NAME.yaml`` with ``mutate.NAME.patched.yaml``: the mutating webhook's patch turns the
  input into the expected object, and a second pass over the result patches nothing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpatch

from webhook.admission import request_for_manifest, review
from webhook.config import ClusterConfig
from webhook.documents import read_source
from webhook.files import link_problem
from webhook.policies import Policy, PolicySet

OUTCOMES = ("allow", "deny", "warn", "audit", "mutate")


@dataclass(frozen=True)
class CaseResult:
    policy: str
    file: str
    expected: str
    passed: bool
    detail: str


def case_files(policy_dir: Path) -> list[Path]:
    return sorted(
        p for p in (policy_dir / "cases").glob("*.y*ml") if not p.name.endswith((".patched.yaml", ".patched.yml"))
    )


def outcome_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def _not_a_file(path: Path) -> str | None:
    """Why a case file is not read: a FIFO would block verify forever, a device (``/dev/zero``)
    would be read to the input limit, a symbolic link that loops or leads nowhere is said to be
    one. A directory or a missing file is left to ``read_source``."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return f"{path}: cannot read: {link_problem(path)}" if path.is_symlink() else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"{path}: cannot read: not a regular file"


def run_case(policy: Policy, path: Path) -> CaseResult:
    expected = outcome_of(path)
    single = PolicySet((policy,), f"case:{policy.id}")
    config = ClusterConfig()
    special = _not_a_file(path)
    if special is not None:
        return CaseResult(policy.id, str(path), expected, False, f"unreadable case: {special}")
    documents, errors = read_source(str(path))
    if errors or not documents:
        problem = "; ".join(map(str, errors)) or "no documents"
        return CaseResult(policy.id, str(path), expected, False, f"unreadable case: {problem}")
    if expected not in OUTCOMES:
        return CaseResult(policy.id, str(path), expected, False, f"unknown prefix (use one of {', '.join(OUTCOMES)})")
    problems: list[str] = []
    patched_docs: list[Any] = []
    for document in documents:
        label = f"doc {document.doc}" + (f" item {document.item}" if document.item is not None else "")
        not_an_object = document.type_problem()
        if not_an_object is not None:  # an allow case would pass whatever the policy does
            problems.append(f"{label}: {not_an_object}")
            continue
        request = request_for_manifest(document.obj)
        if expected == "allow":
            decision = review(request, single, config, mode="full")
            if decision.findings or decision.patch:
                problems.append(f"{label}: expected no finding and no patch, got {[f.message for f in decision.findings]} {list(decision.patch)}")
        elif expected == "mutate":
            decision = review(request, single, config, mode="mutate")
            patched = jsonpatch.apply_patch(document.obj, list(decision.patch))
            again = review(request_for_manifest(patched), single, config, mode="mutate")
            if not decision.patch:
                problems.append(f"{label}: expected a patch, got none")
            if again.patch:
                problems.append(f"{label}: second pass is not a no-op: {list(again.patch)}")
            patched_docs.append(patched)
        else:
            decision = review(request, single, config, mode="validate")
            actions = {f.action for f in decision.findings}
            if expected not in actions:
                problems.append(f"{label}: expected a {expected} finding, got {sorted(actions) or 'none'}")
    if expected == "mutate":
        problems += _compare_patched(path, patched_docs)
    return CaseResult(policy.id, str(path), expected, not problems, "; ".join(problems) or "ok")


def _compare_patched(path: Path, patched_docs: list[Any]) -> list[str]:
    expected_path = path.with_name(path.name.rsplit(".", 1)[0] + ".patched.yaml")
    if not expected_path.exists() and not expected_path.is_symlink():  # exists() is False for a link that loops
        return [f"missing expected result {expected_path.name}"]
    special = _not_a_file(expected_path)
    if special is not None:
        return [f"unreadable {expected_path.name}: {special}"]
    documents, errors = read_source(str(expected_path))
    if errors:
        return [f"unreadable {expected_path.name}: {errors[0]}"]
    if not documents:  # it would be compared as "nothing expected"
        return [f"unreadable {expected_path.name}: {expected_path}: no documents"]
    wanted = [d.obj for d in documents]
    if wanted != patched_docs:
        return [f"patched object differs from {expected_path.name}"]
    return []


def _cases_folder_problem(cases: Path) -> str | None:
    """Why a policy's ``cases`` cannot be listed (a link that loops or leads nowhere, a file, a
    folder the user may not read), or None: listed, or simply missing (no cases, said as such)."""
    try:
        os.listdir(cases)
    except FileNotFoundError:
        return f"cannot read: {link_problem(cases)}" if cases.is_symlink() else None
    except NotADirectoryError:
        return "cannot read: not a folder (a policy's cases are files in its cases/ folder)"
    except OSError as exc:
        return f"cannot read: {link_problem(cases) if exc.errno == errno.ELOOP else exc.strerror or type(exc).__name__}"
    return None


def run_all(policies: PolicySet) -> Iterator[CaseResult]:
    """Every case of every policy, plus a failure for a policy missing an allow or a finding case."""
    for policy in policies:
        folder = Path(policy.source).parent
        unreadable = _cases_folder_problem(folder / "cases")
        if unreadable is not None:  # not "needs at least one allow case": the cases may be there
            yield CaseResult(policy.id, str(folder / "cases"), "allow+deny", False, unreadable)
            continue
        files = case_files(folder)
        outcomes = {outcome_of(p) for p in files}
        if "allow" not in outcomes or not outcomes & {"deny", "warn", "audit"}:
            yield CaseResult(
                policy.id, str(folder / "cases"), "allow+deny", False,
                "a policy needs at least one allow case and one deny (or warn/audit) case",
            )
        if policy.mutate and "mutate" not in outcomes:
            yield CaseResult(policy.id, str(folder / "cases"), "mutate", False, "a mutating policy needs a mutate case")
        for path in files:
            yield run_case(policy, path)
