"""Which trail ``railguard audit`` commands read when ``--audit`` is not given: the one
``RAILGUARD_AUDIT_URL`` names, whatever the other ``RAILGUARD_*`` variables hold. A bad value in
one of those (say a port that is not a number) used to send every command to the default trail
``sqlite:railguard-audit.db`` in the working folder instead, without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.cli import main
from webhook.config import default_policy_dir
from webhook.policies import load_policies

from .conftest import OpenStore
from .helpers import decide, deployment


@pytest.fixture
def trails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_store: OpenStore) -> tuple[Path, Path]:
    """An empty default trail in the working folder and, elsewhere, the trail the variable names
    (one record)."""
    monkeypatch.chdir(tmp_path)
    named = tmp_path / "named" / "audit.db"
    named.parent.mkdir()
    make_store(f"sqlite:{tmp_path / 'railguard-audit.db'}").close()
    store = make_store(f"sqlite:{named}")
    store.record(decide(load_policies(default_policy_dir()), deployment("web", "shop")), 1.0)
    store.close()
    return tmp_path / "railguard-audit.db", named


@pytest.mark.parametrize("bad", [{}, {"RAILGUARD_PORT": "not-a-port"}, {"RAILGUARD_DRAIN_SECONDS": "soon"}])
def test_commands_read_the_trail_the_variable_names(
    trails: tuple[Path, Path], bad: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, named = trails
    monkeypatch.setenv("RAILGUARD_AUDIT_URL", f"sqlite:{named}")
    for variable, value in bad.items():
        monkeypatch.setenv(variable, value)
    assert main(["audit", "export"]) == 0
    exported = [line for line in capsys.readouterr().out.splitlines() if '"seq"' in line]
    assert len(exported) == 1, "the records of the trail RAILGUARD_AUDIT_URL names"
    assert main(["audit", "checkpoint", "--key", str(_key(named.parent, capsys)), "--output", str(named.parent / "cp.json")]) == 0
    assert "w1: #1 " in capsys.readouterr().out


def test_an_empty_variable_is_refused_not_read_as_the_default(
    trails: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAILGUARD_AUDIT_URL", " ")
    for command in (["audit", "verify"], ["audit", "export"], ["audit", "prune", "--before", "2000-01-01"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert "RAILGUARD_AUDIT_URL" in err and "--audit" in err, err
    assert main(["audit", "verify", "--audit", f"sqlite:{trails[1]}"]) == 0  # given: the variable is not read


def _key(folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    private = folder / "k.pem"
    if not private.exists():
        assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(folder / "k.pub")]) == 0
        capsys.readouterr()
    return private


@pytest.mark.parametrize("command", [["prune", "--before", "2000-01-01"], ["checkpoint", "--key", "k.pem", "--output", "cp.json"]])
def test_prune_and_checkpoint_refuse_a_second_trail_rather_than_keep_the_last(
    trails: tuple[Path, Path], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """verify and export read every --audit given (a rotation's files); these two work on one, and
    a second one used to replace the first without a word."""
    default, named = trails
    first, second = "sqlite:" + str(named), "postgresql://admin:FAKEpw-S3cr3t@127.0.0.1:1/db"
    with pytest.raises(SystemExit) as stopped:
        main(["audit", *command, "--audit", first, "--audit", second])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--audit is given more than once" in err and "FAKEpw" not in err
    assert not (named.parent / "cp.json").exists()
