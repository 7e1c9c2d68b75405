"""constraints.txt: the exact versions every install of railguard uses (make install, the image)."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pins(repo: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (repo / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line.strip())
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in found, f"constraints.txt pins {name} twice"
        found[name] = match.group(2)
    return found


def declared(repo: Path) -> list[Requirement]:
    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


def test_every_declared_dependency_is_pinned_within_its_range(repo_root: Path) -> None:
    pinned = pins(repo_root)
    for requirement in declared(repo_root):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not pinned in constraints.txt (run make lock)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {name}=={pinned[name]}, outside pyproject.toml's {requirement.specifier}"
        )
    assert "railguard" not in pinned, "the project itself is not a constraint"


def test_this_environment_runs_the_pinned_versions(repo_root: Path) -> None:
    pinned = pins(repo_root)
    for requirement in declared(repo_root):
        name = canonicalize_name(requirement.name)
        installed = importlib.metadata.version(requirement.name)
        assert installed == pinned[name], f"{name} {installed} installed, constraints.txt says {pinned[name]} (make install)"


def test_make_install_and_the_image_both_install_with_the_constraints(repo_root: Path) -> None:
    makefile = (repo_root / "Makefile").read_text(encoding="utf-8")
    venv_installs = [line for line in makefile.splitlines() if line.lstrip().startswith("$(BIN)/pip install") and ".[test]" in line]
    assert venv_installs and all("--constraint constraints.txt" in line for line in venv_installs)
    assert re.search(r"^\$\(BIN\)/railguard: .*constraints\.txt", makefile, re.M), "a changed lock reinstalls"
    dockerfile = (repo_root / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"pip install /dist/railguard-\S+ --constraint constraints\.txt", dockerfile)
    assert re.search(r"^COPY .*constraints\.txt", dockerfile, re.M)
