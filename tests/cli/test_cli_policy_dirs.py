"""A policy library made of several directories (``--policies A --policies B``, ``policies verify
A B``, ``bundled``): the union is reviewed, verified, digested and written as one ConfigMap; the
same id twice is an error naming both files. Server settings and reload: server/test_serve_policy_dirs.py."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_helpers import COMPLIANT_DEPLOYMENT, run_cli, write

from webhook.casefiles import case_files
from webhook.config import default_policy_dir
from webhook.errors import PolicyError
from webhook.manifests import library_files
from webhook.policies import load_policies, policy_files
from webhook.yamlsafe import load_file

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "policies"
# no probes (require-probes, bundled) and no owner label (require-owner-label, an example rule)
DEPLOYMENT = "".join(line + "\n" for line in COMPLIANT_DEPLOYMENT.splitlines() if "Probe:" not in line)


def findings(out: str) -> set[str]:
    [entry] = json.loads(out)
    return {f["policy"] for f in entry["findings"]}


def rules_of_sarif(out: str) -> list[str]:
    return [r["id"] for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]]


# --- railguard test -----------------------------------------------------------------------------


def test_railguard_test_reviews_the_union_of_two_directories(tmp_path: Path, ours: Path, probes: Path) -> None:
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    assert findings(run_cli("test", manifest, "--policies", probes, "-o", "json").out) == {"require-probes"}
    run = run_cli("test", manifest, "--policies", probes, "--policies", ours, "-o", "json")
    assert run.code == 1, run.err
    assert findings(run.out) == {"require-probes", "require-owner-label"}


def test_bundled_names_the_bundled_library(tmp_path: Path, ours: Path) -> None:
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    bundled_ids = sorted(p.id for p in load_policies(default_policy_dir()))
    sarif = run_cli("test", manifest, "--policies", "bundled", "--policies", ours, "-o", "sarif")
    assert sorted(rules_of_sarif(sarif.out)) == sorted([*bundled_ids, "require-owner-label"])
    run = run_cli("test", manifest, "--policies", "bundled", "--policies", ours, "-o", "json")
    assert findings(run.out) == {"require-probes", "require-owner-label"}


def test_a_folder_called_bundled_is_reached_as_dot_slash_bundled(
    tmp_path: Path, ours: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ours, tmp_path / "bundled")
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    monkeypatch.chdir(tmp_path)
    assert rules_of_sarif(run_cli("test", manifest, "--policies", "./bundled", "-o", "sarif").out) == ["require-owner-label"]
    assert "require-probes" in rules_of_sarif(run_cli("test", manifest, "--policies", "bundled", "-o", "sarif").out)


def test_the_same_id_in_two_directories_is_an_error_naming_both_files(tmp_path: Path, probes: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(probes, other)
    first, second = probes / "require-probes" / "policy.yaml", other / "require-probes" / "policy.yaml"
    with pytest.raises(PolicyError) as error:
        load_policies(probes, other)
    assert (error.value.file, error.value.field) == (str(second), "id")
    assert str(first) in error.value.problem
    run = run_cli("test", write(tmp_path / "deploy.yaml", DEPLOYMENT), "--policies", probes, "--policies", other)
    assert run.code == 2 and str(first) in run.err and str(second) in run.err


def test_a_missing_or_empty_second_directory_is_named(tmp_path: Path, probes: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist") as error:
        load_policies(probes, tmp_path / "nowhere")
    assert error.value.file == str(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    run = run_cli("test", write(tmp_path / "deploy.yaml", DEPLOYMENT), "--policies", probes, "--policies", tmp_path / "empty")
    assert run.code == 2 and f"{tmp_path / 'empty'}: no */policy.yaml found" in run.err


def test_a_symlink_loop_or_a_file_as_policy_directory_is_named_not_a_traceback(tmp_path: Path, probes: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(PolicyError, match="cannot read: a loop of symbolic links") as error:
        load_policies(probes, tmp_path / "a")
    assert error.value.file == str(tmp_path / "a")
    run = run_cli("policies", "verify", tmp_path / "a")
    assert run.code == 2 and "Traceback" not in run.err
    assert f"{tmp_path / 'a'}: cannot read: a loop of symbolic links" in run.err
    file = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    with pytest.raises(PolicyError, match="is not a directory") as error:
        load_policies(probes, file)
    assert error.value.file == str(file)


def test_a_policy_directory_name_too_long_is_named_not_a_traceback(tmp_path: Path, probes: Path) -> None:
    """is_dir() raises for ENAMETOOLONG (and EACCES on a parent), not only says False: that was an
    OSError traceback from `railguard test --policies` and `policies verify`."""
    too_long = tmp_path / ("a" * 300)  # one name over NAME_MAX (255)
    with pytest.raises(PolicyError, match="cannot read: File name too long") as error:
        load_policies(probes, too_long)
    assert error.value.file == str(too_long)
    run = run_cli("policies", "verify", too_long)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"{too_long}: cannot read: File name too long" in run.err


def test_the_same_directory_twice_is_an_error(probes: Path) -> None:
    with pytest.raises(PolicyError, match="given more than once"):
        load_policies(probes, probes / ".." / probes.name)


def test_railguard_test_reads_the_servers_environment_and_flags_win(
    tmp_path: Path, ours: Path, probes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same RAILGUARD_POLICY_DIR and RAILGUARD_CONFIG_FILE as the server: the same verdicts."""
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    monkeypatch.setenv("RAILGUARD_POLICY_DIR", f"{probes}{os.pathsep}{ours}")
    run = run_cli("test", manifest, "-o", "json")
    assert findings(run.out) == {"require-probes", "require-owner-label"}
    assert "using RAILGUARD_POLICY_DIR from the environment" in run.err
    assert findings(run_cli("test", manifest, "--policies", probes, "-o", "json").out) == {"require-probes"}

    config = write(tmp_path / "cluster.yaml", "actions:\n  require-probes: warn\n")
    monkeypatch.setenv("RAILGUARD_CONFIG_FILE", str(config))
    [entry] = json.loads(run_cli("test", manifest, "-o", "json").out)
    assert {(f["policy"], f["action"]) for f in entry["findings"]} == {("require-probes", "warn"), ("require-owner-label", "deny")}


def test_a_bad_policy_dir_variable_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAILGUARD_POLICY_DIR", f"{tmp_path}{os.pathsep}")
    run = run_cli("test", write(tmp_path / "deploy.yaml", DEPLOYMENT))
    assert run.code == 2 and "RAILGUARD_POLICY_DIR" in run.err and "empty directory" in run.err


# --- the digest ---------------------------------------------------------------------------------


def digest_as_before(directory: Path) -> str:
    """The digest of one directory as railguard always computed it: its files in path order."""
    digest = hashlib.sha256()
    for path in policy_files(directory):
        digest.update(orjson.dumps(load_file(path), option=orjson.OPT_SORT_KEYS, default=str))
    return "sha256:" + digest.hexdigest()


def test_the_digest_of_one_directory_is_unchanged() -> None:
    for directory in (default_policy_dir(), EXAMPLES):
        assert load_policies(directory).digest == digest_as_before(directory)


def test_a_second_directory_changes_the_digest_and_its_order_does_not(ours: Path) -> None:
    bundled = load_policies(default_policy_dir()).digest
    union = load_policies(default_policy_dir(), ours).digest
    assert union != bundled
    assert load_policies(ours, default_policy_dir()).digest == union
    policy = ours / "require-owner-label" / "policy.yaml"
    policy.write_text(policy.read_text().replace("severity: low", "severity: high"))
    assert load_policies(default_policy_dir(), ours).digest not in (union, bundled)


# --- railguard policies list|verify ---------------------------------------------------------------


def test_policies_verify_runs_each_policy_cases_from_its_own_folder(ours: Path, probes: Path) -> None:
    cases = len(case_files(ours / "require-owner-label")) + len(case_files(probes / "require-probes"))
    run = run_cli("policies", "verify", probes, ours)
    assert run.code == 0, run.out + run.err
    assert f"{cases} passed, 0 failed" in run.out
    assert "PASS  require-probes" in run.out and "PASS  require-owner-label" in run.out
    wrong = ours / "require-owner-label" / "cases"
    shutil.copy(wrong / "deny.no-owner-label.yaml", wrong / "allow.no-owner-label.yaml")
    run = run_cli("policies", "verify", probes, ours)
    assert run.code == 1 and ["FAIL", "require-owner-label", "allow.no-owner-label.yaml"] in [
        line.split()[:3] for line in run.out.splitlines()
    ]


def test_policies_list_takes_bundled_and_a_directory(ours: Path) -> None:
    listed = [line.split()[0] for line in run_cli("policies", "list", "bundled", ours).out.splitlines()]
    assert listed == sorted([p.id for p in load_policies(default_policy_dir())] + ["require-owner-label"])


# --- railguard manifests library ------------------------------------------------------------------


def test_the_library_configmap_holds_the_union_and_loads_as_the_same_library(
    tmp_path: Path, ours: Path, probes: Path
) -> None:
    files = library_files([probes, ours])
    assert {name for name in files if name.endswith("/policy.yaml")} == {
        "require-probes/policy.yaml", "require-owner-label/policy.yaml",
    }  # fmt: skip
    assert files["require-owner-label/policy.yaml"] == (ours / "require-owner-label" / "policy.yaml").read_text()
    out = tmp_path / "out"
    run = run_cli("manifests", "library", "--policies", probes, "--policies", ours, "--out", out)
    assert run.code == 0, run.err
    assert load_policies(out).digest == load_policies(probes, ours).digest  # as mounted: one folder, same library
    shutil.copytree(probes / "require-probes", ours / "require-probes")
    run = run_cli("manifests", "library", "--policies", probes, "--policies", ours, "--out", out)
    assert run.code == 2 and "is also defined in" in run.err


# --- a folder that looks like a policy folder but has no policy.yaml ---------------------------


@pytest.mark.parametrize("name", ["policy.yml", "Policy.yaml", "POLICY.YML", "policy.yaml.bak", "policy.yaml~"])
def test_a_misnamed_policy_file_is_a_load_error_naming_the_folder(tmp_path: Path, name: str) -> None:
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    (library / "require-probes" / "policy.yaml").rename(library / "require-probes" / name)
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.file == str(library / "require-probes")
    assert f"has {name} but no policy.yaml" in error.value.problem and "named exactly policy.yaml" in error.value.problem
    run = run_cli("policies", "verify", library)  # was: every case of the other policies passed, exit 0
    assert run.code == 2 and f"{library / 'require-probes'}: has {name} but no policy.yaml" in run.err
    run = run_cli("test", write(tmp_path / "deploy.yaml", DEPLOYMENT), "--policies", library)
    assert run.code == 2 and "no policy.yaml" in run.err


@pytest.mark.parametrize(("names", "listed"), [
    (["policy.yml", "Policy.yaml", "policy.json"], "Policy.yaml, policy.json, policy.yml"),
    (["policy.yml", "Policy.yaml", "policy.json", "policy.yaml.bak"], "Policy.yaml, policy.json, policy.yaml.bak, ..."),
])  # fmt: skip
def test_a_misnamed_policy_folder_lists_three_lookalikes_at_most(tmp_path: Path, names: list[str], listed: str) -> None:
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    folder = library / "require-probes"
    (folder / "policy.yaml").rename(folder / names[0])
    for name in names[1:]:
        shutil.copy(folder / names[0], folder / name)
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.file == str(folder)
    assert error.value.problem.startswith(f"has {listed} but no policy.yaml: ")


def test_a_policy_directory_that_cannot_be_listed_is_named_with_the_reason(
    tmp_path: Path, probes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a directory without read permission gives (the tests may run as root, who reads all)."""
    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == probes:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(PolicyError) as error:
        load_policies(probes)
    assert (error.value.file, error.value.problem) == (str(probes), "cannot read: Permission denied")


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("missing.yaml", "a symbolic link to nothing (its target is missing)"),
        ("policy.yaml", "a loop of symbolic links"),
        ("other.lnk", "a loop of symbolic links"),  # policy.yaml -> other.lnk -> policy.yaml
    ],
)
def test_a_policy_yaml_link_that_leads_nowhere_is_a_load_error_naming_the_file(tmp_path: Path, target: str, problem: str) -> None:
    """A dangling or looping link was reported as "has policy.yaml but no policy.yaml", then as
    "a missing target, or a loop": which one it is, is said."""
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    linked = library / "require-probes" / "policy.yaml"
    linked.unlink()
    linked.symlink_to(target)
    if target == "other.lnk":
        (linked.parent / target).symlink_to("policy.yaml")
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.file == str(linked)
    assert error.value.problem == f"cannot read: {problem}"
    run = run_cli("policies", "verify", library)
    assert run.code == 2 and "but no policy.yaml" not in run.err and f"{linked}: cannot read: {problem}\n" in run.err


BROKEN_LINKS = [
    ("missing-folder", "a symbolic link to nothing (its target is missing)"),
    ("require-probes", "a loop of symbolic links"),  # a link to itself
    ("other-link", "a loop of symbolic links"),  # require-probes -> other-link -> require-probes
]


def break_folder(library: Path, target: str) -> Path:
    """Replace the policy folder require-probes of ``library`` by a link that leads nowhere."""
    folder = library / "require-probes"
    shutil.rmtree(folder)
    folder.symlink_to(target)
    if target == "other-link":
        (library / target).symlink_to(folder.name)
    return folder


@pytest.mark.parametrize(("target", "problem"), BROKEN_LINKS)
def test_a_policy_folder_link_that_leads_nowhere_is_a_load_error_naming_it(
    tmp_path: Path, target: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was seen neither as a folder nor as a file: require-probes left the library without a word
    (policies verify passed, policies list and railguard test went on without it)."""
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    folder = break_folder(library, target)
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.file in (str(folder), str(library / target))  # the loop is met at either link
    assert error.value.problem.startswith(f"cannot read: {problem}; a policy folder behind it is not loaded")
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    for argv in (("policies", "verify", library), ("policies", "list", library), ("test", manifest, "--policies", library)):
        run = run_cli(*argv)
        assert run.code == 2 and run.out == "" and f"{error.value.file}: cannot read: {problem}" in run.err, argv
    monkeypatch.setenv("RAILGUARD_POLICY_DIR", str(library))
    run = run_cli("test", manifest)
    assert run.code == 2 and f"{error.value.file}: cannot read: {problem}" in run.err

    for link in (folder, library / target):  # hidden entries are no policy folders (a ConfigMap volume's ..data)
        link.unlink(missing_ok=True)
    (library / "..data").symlink_to("..2026_01_02_03_04_05.123456789")
    (library / ".loop").symlink_to(".loop")
    assert "require-probes" not in [p.id for p in load_policies(library)]


def test_a_policy_directory_link_that_leads_nowhere_says_which(tmp_path: Path, probes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link to nothing was "policy directory does not exist", as if it had not been given."""
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    link = tmp_path / "self"
    for target, problem in (("missing", "a symbolic link to nothing (its target is missing)"), ("self", "a loop of symbolic links")):
        link.unlink(missing_ok=True)
        link.symlink_to(tmp_path / target)
        with pytest.raises(PolicyError) as error:
            load_policies(probes, link)
        assert (error.value.file, error.value.problem) == (str(link), f"cannot read: {problem}")
        run = run_cli("test", manifest, "--policies", probes, "--policies", link)
        assert run.code == 2 and f"{link}: cannot read: {problem}\n" in run.err
        monkeypatch.setenv("RAILGUARD_POLICY_DIR", str(link))
        run = run_cli("test", manifest)
        assert run.code == 2 and f"{link}: cannot read: {problem}\n" in run.err


def test_a_policy_folder_with_cases_but_no_policy_file_is_a_load_error(tmp_path: Path, probes: Path) -> None:
    (probes / "require-probes" / "policy.yaml").unlink()
    with pytest.raises(PolicyError) as error:
        load_policies(default_policy_dir(), probes)
    assert error.value.file == str(probes / "require-probes")
    assert error.value.problem.startswith("has cases/ but no policy.yaml")
    run = run_cli("policies", "verify", "bundled", probes)
    assert run.code == 2 and f"{probes / 'require-probes'}: has cases/ but no policy.yaml" in run.err


@pytest.mark.parametrize("name", ["policy.yml", "Policy.yaml", "policy.json", "policy.yaml"])
def test_a_policy_file_directly_in_the_policy_directory_is_a_load_error_naming_it(tmp_path: Path, probes: Path, name: str) -> None:
    """Beside the policy folders it used to be skipped without a word: a guardrail silently left out."""
    shutil.copy(default_policy_dir() / "require-resources" / "policy.yaml", probes / name)
    with pytest.raises(PolicyError) as error:
        load_policies(probes)
    assert error.value.file == str(probes / name)
    assert "directly in the policy directory is not loaded" in error.value.problem
    assert "<id>/policy.yaml" in error.value.problem
    run = run_cli("policies", "verify", probes)  # was: require-probes' cases passed, exit 0
    assert run.code == 2 and f"{probes / name}: a policy file directly in the policy directory" in run.err


def test_a_folder_with_policy_json_and_no_cases_is_a_load_error(probes: Path) -> None:
    folder = probes / "require-resources"
    write(folder / "policy.json", json.dumps(load_file(default_policy_dir() / "require-resources" / "policy.yaml")))
    with pytest.raises(PolicyError) as error:
        load_policies(probes)
    assert error.value.file == str(folder)
    assert error.value.problem.startswith("has policy.json but no policy.yaml: only a file named exactly policy.yaml")


def test_a_backup_beside_policy_yaml_and_unrelated_folders_are_not_errors(tmp_path: Path, probes: Path) -> None:
    folder = probes / "require-probes"
    shutil.copy(folder / "policy.yaml", folder / "policy.yaml.bak")
    write(probes / "README" / "README.md", "our rules\n")
    write(probes / "docs" / "policy-guide.md", "how we write policies\n")
    write(probes / ".git" / "HEAD", "ref: refs/heads/main\n")
    (probes / "empty").mkdir()
    for name in ("README.md", "kustomization.yaml", "policies.yaml", "policy-guide.json"):  # not policy files
        write(probes / name, "kind: Kustomization\n")
    assert [p.id for p in load_policies(probes)] == ["require-probes"]


def test_a_configmap_volume_layout_still_loads(tmp_path: Path) -> None:
    """What the kubelet makes of railguard-policies with items (policies/volume.yaml): each
    <id> -> ..data/<id>, ..data -> ..<timestamp>/, which holds <id>/policy.yaml."""
    volume = tmp_path / "volume"
    version = volume / "..2026_01_02_03_04_05.123456789"
    for policy in policy_files(default_policy_dir()):
        write(version / policy.parent.name / "policy.yaml", policy.read_bytes())
    (volume / "..data").symlink_to(version.name)
    for policy in policy_files(default_policy_dir()):
        (volume / policy.parent.name).symlink_to(Path("..data") / policy.parent.name)
    loaded = load_policies(volume)
    assert loaded.digest == load_policies(default_policy_dir()).digest
    assert [p.id for p in loaded] == sorted(p.parent.name for p in policy_files(default_policy_dir()))


@pytest.mark.parametrize(
    "argv",
    [("test", "--policies", "", "-"), ("test", "--config", "", "-"), ("policies", "verify", ""), ("policies", "list", "bundled", " ")],
)
def test_an_empty_directory_or_file_argument_is_refused_not_read_as_the_current_folder(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """As an empty RAILGUARD_POLICY_DIR or RAILGUARD_CONFIG_FILE is: "" was the current folder
    ("no */policy.yaml found" in it, or "cannot read: Is a directory")."""
    from webhook.cli import main

    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    assert ": is empty (leave it out to use the default)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (lambda text: text + '"a\\nb\\x1b[2J": 1\n', "a\\nb\\x1b[2J: unknown field"),  # a key holding a line break, an escape
        (lambda text: text.replace("match:\n", 'match:\n  "x\\ny": 1\n'), "match.x\\ny: unknown field"),
        (lambda text: text.replace("check: probes", "check: " + "p" * 200_000), "check: unknown check 'ppp"),
        (lambda text: text + "? " + "z" * 100_000 + "\n: 1\n", "zzz"),  # an explicit key: no 1,024 limit
    ],
)
def test_a_policy_error_is_one_bounded_line_whatever_the_file_holds(tmp_path: Path, edit: Any, shown: str) -> None:
    """A key or a value the problem quotes was shown as given: a line break in a key split the
    error over lines (a forged second line), a 200,000-character value made a 200 KB error line."""
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    policy = library / "require-probes" / "policy.yaml"
    policy.write_text(edit(policy.read_text(encoding="utf-8")), encoding="utf-8")
    run = run_cli("policies", "verify", library)
    assert run.code == 2 and run.out == ""
    [line] = run.err.splitlines()
    assert line.startswith(f"railguard: {policy}: ") and shown in line
    assert len(line) < 1000 and line.isprintable()


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (lambda text: re.sub(r"(?m)^title: .*$", 'title: ""', text), "title: must not be empty"),
        (lambda text: re.sub(r"(?m)^title: .*$", lambda _: 'title: "Probes\\nrequired"', text), "title: must be one line"),
        (lambda text: re.sub(r"(?m)^description: >-\n(  .*\n)+", 'description: "  "\n', text), "description: must not be empty"),
        (lambda text: re.sub(r"(?m)^description: >-\n(  .*\n)+", lambda _: 'description: "Why.\\x1b[2J"\n', text), "description: may hold line breaks"),
    ],
)
def test_a_blank_title_or_description_or_a_line_break_in_a_title_is_a_load_error_on_every_command(tmp_path: Path, edit: Any, shown: str) -> None:
    """A title with a line break split `policies list` and the table over two lines; a blank one
    left an empty column and an empty SARIF rule description."""
    library = tmp_path / "library"
    shutil.copytree(default_policy_dir(), library)
    policy = library / "require-probes" / "policy.yaml"
    edited = edit(policy.read_text(encoding="utf-8"))
    assert edited != policy.read_text(encoding="utf-8")
    policy.write_text(edited, encoding="utf-8")
    manifest = write(tmp_path / "deploy.yaml", DEPLOYMENT)
    for argv in (("policies", "list", library), ("policies", "verify", library), ("test", manifest, "--policies", library, "-o", "sarif")):
        run = run_cli(*argv)
        assert run.code == 2, argv
        [line] = run.err.splitlines()
        assert line.startswith(f"railguard: {policy}: {shown}") and line.isprintable()
        if argv[0] == "policies":
            assert run.out == ""
        else:  # the SARIF log says the run failed, and why, with no rules
            [run_log] = json.loads(run.out)["runs"]
            assert run_log["tool"]["driver"]["rules"] == [] and run_log["results"] == []
            [notification] = run_log["invocations"][0]["toolExecutionNotifications"]
            assert notification["message"]["text"].startswith(shown)
