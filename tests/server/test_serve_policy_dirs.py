"""``railguard serve`` with a policy library of several directories: flags and RAILGUARD_POLICY_DIR
(split on os.pathsep, ``bundled``), reviews and audit digests over the union, and the hot reload
watching every directory (a broken one rejects the whole new set). CLI and loader: cli/test_cli_policy_dirs.py."""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from server_helpers import FakeAuditStore, admission_review, metric, wait_for, workload
from webhook.cli import serve_cmd
from webhook.config import Settings, default_policy_dir
from webhook.errors import ConfigError
from webhook.policies import load_policies
from webhook.server import create_app



def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    return parser.parse_args(list(argv))


def test_the_environment_takes_directories_separated_like_path(
    monkeypatch: pytest.MonkeyPatch, ours: Path, probes: Path
) -> None:
    monkeypatch.setenv("RAILGUARD_POLICY_DIR", f"bundled{os.pathsep}{ours}")
    assert serve_cmd.settings_from(parse()).policy_dirs == (default_policy_dir(), ours)
    flags = serve_cmd.settings_from(parse("--policies", str(probes), "--policies", "bundled"))
    assert flags.policy_dirs == (probes, default_policy_dir())  # flags replace the variable, they do not add to it
    assert Settings.from_env({"RAILGUARD_POLICY_DIR": str(ours)}).policy_dirs == (ours,)
    with pytest.raises(ConfigError, match="RAILGUARD_POLICY_DIR: has an empty directory"):
        Settings.from_env({"RAILGUARD_POLICY_DIR": f"bundled{os.pathsep}"})


SENT = orjson.dumps(admission_review(workload("Deployment", False), "CREATE"))  # denied by require-probes


def _answer(client: TestClient) -> dict[str, Any]:
    response: dict[str, Any] = client.post("/validate", content=SENT, headers={"content-type": "application/json"}).json()["response"]
    return response


def _count(client: TestClient, name: str) -> float:
    return metric(client.get("/metrics").text, name, what="policies")


def test_the_server_serves_and_reloads_every_directory(ours: Path, probes: Path) -> None:
    store = FakeAuditStore()
    app = create_app(Settings(policy_dirs=(probes, ours), reload_interval=0.05), audit=store)

    with TestClient(app) as client:
        first = _answer(client)
        assert "[require-probes]" in first["status"]["message"] and "[require-owner-label]" in first["status"]["message"]
        before = store.records[-1][0].policy_digest
        assert before == load_policies(probes, ours).digest

        owner = ours / "require-owner-label" / "policy.yaml"  # a change in the second directory is seen
        owner.write_text(owner.read_text().replace("\naction: deny\n", "\naction: warn\n"))
        assert wait_for(lambda: _count(client, "railguard_reloads_total") >= 1), "change in the second directory not seen"
        after = _answer(client)
        assert "[require-owner-label]" not in after["status"]["message"]
        assert any("require-owner-label" in w for w in after["warnings"])
        assert store.records[-1][0].policy_digest == load_policies(probes, ours).digest != before

        shutil.copytree(probes / "require-probes", ours / "require-probes")  # the same id twice: rejected
        assert wait_for(lambda: _count(client, "railguard_reload_failures_total") >= 1), "broken set not rejected"
        assert _answer(client) == after  # the previous, good set still serves
        assert app.state.railguard.library.policies.digest == store.records[-1][0].policy_digest


def _misname(folder: Path) -> str:
    (folder / "policy.yaml").rename(folder / "policy.yml")
    return "has policy.yml but no policy.yaml"


def _link_to(target: str, problem: str) -> Callable[[Path], str]:
    def replace(folder: Path) -> str:
        shutil.rmtree(folder)
        folder.symlink_to(target)
        return f"cannot read: {problem}"

    return replace


@pytest.mark.parametrize(
    "break_folder",
    [
        _misname,
        _link_to("gone", "a symbolic link to nothing (its target is missing)"),
        _link_to("require-probes", "a loop of symbolic links"),
    ],
    ids=["misnamed-policy-file", "link-to-nothing", "link-loop"],
)
def test_a_policy_folder_broken_on_reload_keeps_the_old_set_logged_and_counted(
    ours: Path, probes: Path, caplog: pytest.LogCaptureFixture, break_folder: Callable[[Path], str]
) -> None:
    """Each was reloaded as a library without require-probes: the guardrail gone without a word."""
    app = create_app(Settings(policy_dirs=(probes, ours), reload_interval=0.05), audit=FakeAuditStore())

    with TestClient(app) as client:
        assert "[require-probes]" in _answer(client)["status"]["message"]
        good = app.state.railguard.library.policies
        folder = probes / "require-probes"
        problem = break_folder(folder)
        assert wait_for(lambda: _count(client, "railguard_reload_failures_total") >= 1), "broken policy folder not rejected"
        assert _count(client, "railguard_reloads_total") == 0
        assert "[require-probes]" in _answer(client)["status"]["message"]  # the guardrail still holds
        assert app.state.railguard.library.policies is good
    rejected = [r for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    assert rejected and f"{folder}: {problem}" in getattr(rejected[0], "error", "")
