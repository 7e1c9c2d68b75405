"""Every policy's own cases (policies/*/cases), and ``railguard policies verify``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from webhook.casefiles import case_files, outcome_of, run_all, run_case
from webhook.cli import main
from webhook.config import default_policy_dir
from webhook.policies import load_policies

LIBRARY = default_policy_dir()
_POLICIES = load_policies(LIBRARY)
CASES = [
    pytest.param(policy.id, path, id=f"{policy.id}/{path.name}")
    for policy in _POLICIES
    for path in case_files(Path(policy.source).parent)
]


@pytest.mark.parametrize(("policy_id", "path"), CASES)
def test_case(policy_id: str, path: Path) -> None:
    policy = _POLICIES.get(policy_id)
    assert policy is not None
    result = run_case(policy, path)
    assert result.passed, f"{path.name}: {result.detail}"


@pytest.mark.parametrize("policy_id", [p.id for p in _POLICIES])
def test_policy_has_allow_and_finding_cases(policy_id: str) -> None:
    policy = _POLICIES.get(policy_id)
    assert policy is not None
    outcomes = {outcome_of(p) for p in case_files(Path(policy.source).parent)}
    assert "allow" in outcomes
    assert outcomes & {"deny", "warn", "audit"}
    if policy.mutate:
        assert "mutate" in outcomes


def test_run_all_covers_every_case_and_passes() -> None:
    results = list(run_all(_POLICIES))
    assert len(results) == len(CASES)
    assert [r for r in results if not r.passed] == []


def test_the_library_has_the_five_guardrails() -> None:
    assert {p.id for p in _POLICIES} == {
        "require-run-as-non-root",
        "require-resources",
        "disallow-plaintext-secrets",
        "require-probes",
        "zone-anti-affinity",
    }


def _copy_library(tmp_path: Path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(LIBRARY, target)
    return target


def test_run_all_fails_a_policy_without_a_deny_case(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    for case in (library / "require-probes" / "cases").glob("deny.*"):
        case.unlink()
    failures = [r for r in run_all(load_policies(library)) if not r.passed]
    assert [(r.policy, r.expected) for r in failures] == [("require-probes", "allow+deny")]


def test_run_all_fails_a_policy_without_an_allow_case(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    for case in (library / "require-resources" / "cases").glob("allow.*"):
        case.unlink()
    failures = [r for r in run_all(load_policies(library)) if not r.passed]
    assert [(r.policy, r.expected) for r in failures] == [("require-resources", "allow+deny")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.timeout(20)
def test_a_case_that_is_a_fifo_or_a_device_fails_without_hanging(tmp_path: Path) -> None:
    """A FIFO among the cases (or as an expected result) would block verify forever on open, a
    link to /dev/zero would be read to the input limit: each is an unreadable case instead."""
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    os.mkfifo(cases / "deny.fifo.yaml")
    (cases / "deny.zero.yaml").symlink_to("/dev/zero")
    zone = library / "zone-anti-affinity" / "cases"
    (zone / "mutate.deployment.patched.yaml").unlink()
    os.mkfifo(zone / "mutate.deployment.patched.yaml")
    failed = {Path(r.file).name: r.detail for r in run_all(load_policies(library)) if not r.passed}
    assert failed == {
        "deny.fifo.yaml": f"unreadable case: {cases / 'deny.fifo.yaml'}: cannot read: not a regular file",
        "deny.zero.yaml": f"unreadable case: {cases / 'deny.zero.yaml'}: cannot read: not a regular file",
        "mutate.deployment.yaml": (
            f"unreadable mutate.deployment.patched.yaml: {zone / 'mutate.deployment.patched.yaml'}: "
            "cannot read: not a regular file"
        ),
    }


def test_a_case_link_that_leads_nowhere_is_an_unreadable_case_not_a_crash(tmp_path: Path) -> None:
    """A dangling or looping link among the cases cannot be looked at (stat fails): it is left to
    the reader, which names it, and the other cases still run."""
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    (cases / "deny.dangling.yaml").symlink_to("missing.yaml")
    (cases / "deny.loop.yaml").symlink_to("deny.loop.yaml")
    results = list(run_all(load_policies(library)))
    failed = {Path(r.file).name: r.detail for r in results if not r.passed}
    assert failed == {
        "deny.dangling.yaml": f"unreadable case: {cases / 'deny.dangling.yaml'}: cannot read: a symbolic link to nothing (its target is missing)",
        "deny.loop.yaml": f"unreadable case: {cases / 'deny.loop.yaml'}: cannot read: a loop of symbolic links",
    }
    assert sum(r.passed for r in results) == len(results) - 2


def test_a_mutation_that_patches_again_on_its_own_result_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mutate case also checks that a second pass over the patched object patches nothing (a
    mutation must settle, or each UPDATE would patch again): a second patch fails the case."""
    import dataclasses

    from webhook import casefiles

    real_review, passes = casefiles.review, []

    def patching_twice(request: Any, policies: Any, config: Any, mode: str = "full") -> Any:
        decision = real_review(request, policies, config, mode=mode)
        if mode != "mutate":
            return decision
        passes.append(mode)
        if len(passes) % 2:  # the first pass: as it is
            return decision
        return dataclasses.replace(decision, patch=({"op": "add", "path": "/metadata/labels", "value": {}},))

    monkeypatch.setattr(casefiles, "review", patching_twice)
    policy = _POLICIES.get("zone-anti-affinity")
    assert policy is not None
    result = run_case(policy, LIBRARY / "zone-anti-affinity" / "cases" / "mutate.deployment.yaml")
    assert not result.passed
    assert result.detail == "doc 0: second pass is not a no-op: [{'op': 'add', 'path': '/metadata/labels', 'value': {}}]"


def test_a_wrong_case_fails(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    cases = library / "require-run-as-non-root" / "cases"
    # a compliant manifest filed as a deny case, and a violating one filed as an allow case
    shutil.copy(cases / "allow.pod-level-non-root.yaml", cases / "deny.actually-compliant.yaml")
    shutil.copy(cases / "deny.no-security-context.yaml", cases / "allow.actually-root.yaml")
    policies = load_policies(library)
    failed = {Path(r.file).name for r in run_all(policies) if not r.passed}
    assert failed == {"deny.actually-compliant.yaml", "allow.actually-root.yaml"}


def test_a_wrong_expected_patch_fails(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    patched = library / "zone-anti-affinity" / "cases" / "mutate.deployment.patched.yaml"
    patched.write_text(patched.read_text().replace("weight: 100", "weight: 50"))
    policy = load_policies(library).get("zone-anti-affinity")
    assert policy is not None
    result = run_case(policy, patched.with_name("mutate.deployment.yaml"))
    assert not result.passed
    assert "differs" in result.detail


def test_verify_passes_on_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policies", "verify"]) == 0
    out = capsys.readouterr().out
    assert f"{len(CASES)} passed, 0 failed" in out


def test_verify_fails_on_a_broken_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    shutil.copy(cases / "deny.no-probes.yaml", cases / "allow.no-probes.yaml")
    assert main(["policies", "verify", str(library)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "allow.no-probes.yaml" in out


def test_verify_rejects_a_broken_policy_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = _copy_library(tmp_path)
    policy_file = library / "require-resources" / "policy.yaml"
    policy_file.write_text(policy_file.read_text().replace("action: deny", "action: block"))
    assert main(["policies", "verify", str(library)]) != 0
    err = capsys.readouterr().err
    assert str(policy_file) in err and "action" in err and "deny, warn, audit" in err


def test_verify_exit_codes_from_the_installed_command(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from webhook.cli import main; sys.exit(main())"]
    ok = subprocess.run([*command, "policies", "verify"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    library = _copy_library(tmp_path)
    cases = library / "disallow-plaintext-secrets" / "cases"
    (cases / "allow.leaks.yaml").write_text(
        (cases / "deny.go-mysql-dsn.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    broken = subprocess.run([*command, "policies", "verify", str(library)], capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert "allow.leaks.yaml" in broken.stdout
    assert "FAKE-not-a-real-password" not in broken.stdout + broken.stderr


def test_unreadable_and_misnamed_cases_fail(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    (cases / "deny.broken.yaml").write_text("kind: Pod\nspec: [unclosed\n", encoding="utf-8")
    (cases / "maybe.something.yaml").write_text((cases / "deny.no-probes.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cases / "mutate.no-expected.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n", encoding="utf-8")
    results = {Path(r.file).name: r for r in run_all(load_policies(library)) if not r.passed}
    assert set(results) == {"deny.broken.yaml", "maybe.something.yaml", "mutate.no-expected.yaml"}
    assert "unreadable case" in results["deny.broken.yaml"].detail
    assert "unknown prefix" in results["maybe.something.yaml"].detail
    assert "expected a patch" in results["mutate.no-expected.yaml"].detail
    assert "missing expected result mutate.no-expected.patched.yaml" in results["mutate.no-expected.yaml"].detail


def test_an_unparsable_expected_result_is_named_not_compared(tmp_path: Path) -> None:
    library = _copy_library(tmp_path)
    zone = library / "zone-anti-affinity" / "cases"
    (zone / "mutate.deployment.patched.yaml").write_text("kind: Deployment\nspec: [unclosed\n", encoding="utf-8")
    failed = {Path(r.file).name: r.detail for r in run_all(load_policies(library)) if not r.passed}
    assert list(failed) == ["mutate.deployment.yaml"]
    assert failed["mutate.deployment.yaml"].startswith(
        f"unreadable mutate.deployment.patched.yaml: {zone / 'mutate.deployment.patched.yaml'}:"
    )


def test_a_case_that_is_no_kubernetes_object_fails(tmp_path: Path) -> None:
    """An allow case the policy cannot judge passes whatever the policy does: a document without a
    kind or apiVersion (kubectl refuses it) is a failed case, in an allow or a deny case alike."""
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    (cases / "allow.not-an-object.yaml").write_text("a: 1\n", encoding="utf-8")
    (cases / "allow.no-api-version.yaml").write_text("kind: Pod\nmetadata: {name: x}\n", encoding="utf-8")
    (cases / "deny.no-kind.yaml").write_text("apiVersion: v1\nmetadata: {name: x}\n", encoding="utf-8")
    results = {Path(r.file).name: r for r in run_all(load_policies(library)) if not r.passed}
    assert set(results) == {"allow.not-an-object.yaml", "allow.no-api-version.yaml", "deny.no-kind.yaml"}
    assert "apiVersion and kind not set: not a Kubernetes object" in results["allow.not-an-object.yaml"].detail
    assert "apiVersion not set" in results["allow.no-api-version.yaml"].detail
    assert "kind not set" in results["deny.no-kind.yaml"].detail


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ({"mutate.deployment.patched.yaml": "mutate.deployment.patched.yaml"}, "a loop of symbolic links"),
        ({"mutate.deployment.patched.yaml": "b.lnk", "b.lnk": "c.lnk", "c.lnk": "mutate.deployment.patched.yaml"}, "a loop of symbolic links"),
        ({"mutate.deployment.patched.yaml": "gone.yaml"}, "a symbolic link to nothing (its target is missing)"),
        ({"mutate.deployment.patched.yaml": "mutate.deployment.yaml/x"}, "Not a directory"),
    ],
)
def test_an_expected_result_link_that_leads_nowhere_is_named_not_missing(tmp_path: Path, link: dict[str, str], problem: str) -> None:
    """Path.exists() is False for a link that loops: the expected result was said to be missing."""
    library = _copy_library(tmp_path)
    zone = library / "zone-anti-affinity" / "cases"
    (zone / "mutate.deployment.patched.yaml").unlink()
    for name, target in link.items():
        (zone / name).symlink_to(target)
    failed = {Path(r.file).name: r.detail for r in run_all(load_policies(library)) if not r.passed}
    patched = zone / "mutate.deployment.patched.yaml"
    assert failed == {"mutate.deployment.yaml": f"unreadable mutate.deployment.patched.yaml: {patched}: cannot read: {problem}"}


def test_an_expected_result_truly_missing_or_empty_is_said_so(tmp_path: Path) -> None:
    """Missing: said as before. Empty: it was compared as "no object expected" (a "differs" that
    hid the cause); it is an expected result without a document."""
    library = _copy_library(tmp_path)
    zone = library / "zone-anti-affinity" / "cases"
    (zone / "mutate.deployment.patched.yaml").unlink()
    (zone / "mutate.deploymentconfig.patched.yaml").write_text("# nothing yet\n", encoding="utf-8")
    failed = {Path(r.file).name: r.detail for r in run_all(load_policies(library)) if not r.passed}
    assert failed == {
        "mutate.deployment.yaml": "missing expected result mutate.deployment.patched.yaml",
        "mutate.deploymentconfig.yaml": (
            f"unreadable mutate.deploymentconfig.patched.yaml: {zone / 'mutate.deploymentconfig.patched.yaml'}: no documents"
        ),
    }


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda cases: cases.symlink_to("cases"), "cannot read: a loop of symbolic links"),
        (lambda cases: cases.symlink_to("elsewhere"), "cannot read: a symbolic link to nothing (its target is missing)"),
        (lambda cases: cases.write_text("x\n"), "cannot read: not a folder (a policy's cases are files in its cases/ folder)"),
    ],
)
def test_a_cases_folder_that_cannot_be_listed_is_named_not_taken_for_no_cases(tmp_path: Path, make: Any, problem: str) -> None:
    """A looping link as cases/ read as "a policy needs at least one allow case": one failure naming
    the folder and why it cannot be listed instead."""
    library = _copy_library(tmp_path)
    cases = library / "require-probes" / "cases"
    shutil.rmtree(cases)
    make(cases)
    failed = [(r.policy, r.file, r.detail) for r in run_all(load_policies(library)) if not r.passed]
    assert failed == [("require-probes", str(cases), problem)]
