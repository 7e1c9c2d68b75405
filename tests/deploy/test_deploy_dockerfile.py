"""The Dockerfile, read statically (no Docker engine on these machines): it builds this package's
wheel, runs its real console script as a numeric non-root user, on pinned minimal bases."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from dataclasses import dataclass, field

import pytest

from deploy_support import REPO

BUILD_TOOLS = ("gcc", "g++", "make", "build-essential", "git", "curl", "wget", "apt-get install", "apk add")


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def values(self, keyword: str) -> list[str]:
        return [value for key, value in self.instructions if key == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    logical = re.sub(r"\\\n", " ", text)  # join continuation lines
    stages: list[Stage] = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, value = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            match = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", value.strip(), re.IGNORECASE)
            assert match, f"unreadable FROM: {value}"
            stages.append(Stage(match.group(1), match.group(2) or str(len(stages))))
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1].instructions.append((keyword, value.strip()))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile((REPO / "Dockerfile").read_text(encoding="utf-8"))


def test_multi_stage_on_pinned_slim_python(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    for stage in stages:
        image, _, tag = stage.base.partition(":")
        assert image == "python", stage.base
        assert re.fullmatch(r"\d+\.\d+\.\d+-slim(-[a-z]+)?(@sha256:[0-9a-f]{64})?", tag), f"unpinned base {stage.base}"
    assert stages[0].base == stages[-1].base, "the virtualenv is copied: build and runtime need the same interpreter"


def test_build_stage_builds_the_wheel_of_this_package(stages: list[Stage]) -> None:
    build = stages[0]
    runs = " ".join(build.values("RUN"))
    assert "python -m build --wheel" in runs and "pip install /dist/railguard-" in runs
    copied = [source for v in build.values("COPY") for source in v.split()[:-1]]
    for needed in ("pyproject.toml", "webhook", "policies", "manifests"):
        assert needed in copied, f"the build needs {needed}"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "railguard"
    assert pyproject["project"]["readme"] in copied, "hatchling reads the readme"


def test_runtime_stage_copies_only_the_virtualenv_and_has_no_build_tools(stages: list[Stage]) -> None:
    runtime = stages[-1]
    assert runtime.values("COPY") == [f"--from={stages[0].name} /opt/railguard /opt/railguard"]
    text = " ".join(runtime.values("RUN")).lower()
    for tool in BUILD_TOOLS:
        assert tool not in text, f"runtime stage installs {tool}"
    assert "pip install" not in text


def test_entrypoint_is_a_console_script_of_this_package_run_as_serve(stages: list[Stage]) -> None:
    runtime = stages[-1]
    (entrypoint,) = runtime.values("ENTRYPOINT")
    argv = json.loads(entrypoint)  # exec form: signals reach the server, not a shell
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert argv[0] in scripts, f"{argv[0]} is not in [project.scripts] ({sorted(scripts)})"
    module, _, function = scripts[argv[0]].partition(":")
    import importlib

    assert callable(getattr(importlib.import_module(module), function))
    assert argv[1:] == ["serve"]
    from webhook.cli import COMMANDS

    assert "serve" in COMMANDS
    env = " ".join(runtime.values("ENV"))
    assert "/opt/railguard/bin" in env


def test_runs_as_a_numeric_non_root_user(stages: list[Stage]) -> None:
    users = stages[-1].values("USER")
    assert users, "the runtime stage must set USER"
    user, _, group = users[-1].partition(":")
    assert user.isdigit() and int(user) != 0, "a numeric UID lets Kubernetes check runAsNonRoot"
    assert not group or (group.isdigit() and int(group) != 0)
    deployment = (REPO / "manifests" / "base" / "deployment.yaml").read_text(encoding="utf-8")
    assert f"runAsUser: {user}" in deployment, "the Deployment runs the image's own user"


def test_parser_understands_continuations_and_stages() -> None:
    parsed = parse_dockerfile("FROM a:1 AS one\nRUN x \\\n && y\nFROM b:2\nUSER 0\n")
    assert [(s.base, s.name) for s in parsed] == [("a:1", "one"), ("b:2", "1")]
    assert parsed[0].values("RUN") == ["x   && y"]
    assert parsed[1].values("USER") == ["0"]


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; '!' re-includes."""
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern[1:] if negate else pattern
        body = body.rstrip("/")
        candidates = [path] + [path[: i] for i in range(len(path)) if path[i] == "/"]
        if any(fnmatch.fnmatch(c, body) or fnmatch.fnmatch(c, body.replace("**/", "")) for c in candidates):
            ignored = not negate
    return ignored


def test_dockerignore_keeps_keys_and_local_state_out_of_the_build_context() -> None:
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for path in ("certs/tls.key", "certs/ca.key", ".venv/bin/python", ".git/config", "railguard-audit.db", "tests/conftest.py"):
        assert dockerignored(path, patterns), f"{path} would be sent to the Docker daemon"
    for path in ("pyproject.toml", "README.md", "webhook/cli/__init__.py", "policies/require-probes/policy.yaml",
                 "manifests/base/kustomization.yaml"):
        assert not dockerignored(path, patterns), f"{path} is needed by the build but ignored"
