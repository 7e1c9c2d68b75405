"""disallow-plaintext-secrets: an env var whose value the container's shell runs as a script
(``sh -c "$(SCRIPT)"``, expanded by Kubernetes; ``sh -c '$SCRIPT'``, ``eval "$SCRIPT"``, expanded
by the shell) is judged as the script it is, like a ``sh -c`` argument, at the env var's path. An
env var the shell does not run is judged as a value, as before. No message ever shows the value."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, container, decide, everything_shown, only, pod

POLICY = "disallow-plaintext-secrets"
SCRIPT = f"set -e\nmysql -uroot -p{FAKE} app < /init.sql"
MYSQL = '"mysql" (-p<password>)'


def _probe(argv: list[str]) -> dict[str, Any]:
    return {"exec": {"command": argv}}


@pytest.mark.parametrize(
    "fields",
    [
        # Kubernetes expands $(SCRIPT) in command and args before the shell runs the text
        {"command": ["sh", "-c", "$(SCRIPT)"]},
        {"command": ["/bin/sh", "-c"], "args": ["$(SCRIPT)"]},
        {"command": ["bash", "-ec", "echo starting; $(SCRIPT); echo done"]},
        # the shell expands $SCRIPT, ${SCRIPT}, "$SCRIPT" as a command, or eval runs it
        {"command": ["sh", "-c", "$SCRIPT"]},
        {"command": ["sh", "-c", '"${SCRIPT}"']},
        {"command": ["bash", "-c", 'eval "$SCRIPT"']},
        {"command": ["bash", "-c", "set -x\nexport LANG=C\nexec $SCRIPT"]},
        {"command": ["gosu", "app", "sh", "-c", "eval ${SCRIPT}"]},
        {"command": ["su", "app", "-c", '"$SCRIPT"']},
        # an exec probe's shell has the container's env vars too
        {"command": ["sleep", "infinity"], "readinessProbe": _probe(["sh", "-c", 'eval "$SCRIPT"'])},
    ],
)
def test_an_env_var_the_containers_shell_runs_is_judged_as_a_script(fields: dict[str, Any]) -> None:
    obj = pod([container("init", env=[{"name": "SCRIPT", "value": SCRIPT}], **fields)])
    decision = decide(obj)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/env/0/value", finding.path
    assert 'env var "SCRIPT"' in finding.message and MYSQL in finding.message, finding.message
    assert 'container "init"' in finding.message, finding.message
    assert FAKE not in everything_shown(decision)


def test_only_the_env_var_the_shell_runs_is_judged_as_a_script() -> None:
    # NOTES holds the same text but is only printed: judged as a value, as before (nothing)
    env = [{"name": "NOTES", "value": SCRIPT}, {"name": "SCRIPT", "value": SCRIPT}, {"name": "MSG", "value": SCRIPT}]
    obj = pod([container(env=env, command=["sh", "-c", 'echo "$NOTES" > /tmp/notes; echo $MSG; $$(SCRIPT); $SCRIPT'])])
    decision = decide(obj)
    assert [f.path for f in decision.findings if f.policy == POLICY] == ["/spec/containers/0/env/1/value"]
    assert FAKE not in everything_shown(decision)


def test_a_script_referenced_twice_and_holding_a_credential_is_reported_once_per_secret() -> None:
    # run by the command (Kubernetes expansion) and by a probe (the shell's): one judgement; the
    # URL's password is reported once, not once as a value and once as a script
    script = f"psql postgresql://app:{FAKE}@db/app -c 'select 1'\nmysql -uroot -p{FAKE}"
    app = container(env=[{"name": "SCRIPT", "value": script}], command=["sh", "-c", "$(SCRIPT)"])
    app["livenessProbe"] = _probe(["sh", "-c", "$SCRIPT"])
    decision = decide(pod([app]))
    found = [f for f in decision.findings if f.policy == POLICY]
    assert {f.path for f in found} == {"/spec/containers/0/env/0/value"}
    assert len(found) == 2, [f.message for f in found]
    assert sum("URL with a password" in f.message for f in found) == 1
    assert sum(MYSQL in f.message for f in found) == 1
    assert FAKE not in everything_shown(decision)


def test_a_value_judged_clean_elsewhere_is_still_judged_when_a_shell_runs_it() -> None:
    # the clean (name, value) pairs remembered for env values must not excuse a script
    env = [{"name": "SCRIPT", "value": SCRIPT}]
    assert not [f for f in decide(pod([container(env=env)])).findings if f.policy == POLICY]
    found = [f for f in decide(pod([container(env=env, command=["sh", "-c", "$SCRIPT"])])).findings if f.policy == POLICY]
    assert [f.path for f in found] == ["/spec/containers/0/env/0/value"]


def test_an_env_var_named_by_a_credential_is_judged_by_its_name_even_when_run_as_a_script() -> None:
    # the name is itself a credential: the finding is at the name and never shows it, script or not
    key = "AKIAIOSFODNN7EXAMPLE"
    obj = pod([container(env=[{"name": key, "value": SCRIPT}], command=["sh", "-c", f"${key}"])])
    decision = decide(obj)
    env_findings = [f for f in decision.findings if f.policy == POLICY and "/env/" in f.path]
    assert [f.path for f in env_findings] == ["/spec/containers/0/env/0/name"], env_findings
    assert key not in everything_shown(decision) and FAKE not in everything_shown(decision)


def test_an_env_entry_that_is_no_mapping_does_not_stop_the_scripts_being_judged() -> None:
    obj = pod([container(env=["not-an-env-var", {"name": "SCRIPT", "value": SCRIPT}], command=["sh", "-c", "$SCRIPT"])])
    decision = decide(obj)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/env/1/value" and MYSQL in finding.message, finding
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "fields",
    [
        {"command": ["sh", "-c", 'sh -c "$SCRIPT"']},
        {"command": ["sh", "-c", "sh -c 'sh -c \"$SCRIPT\"'"]},
        {"command": ["bash", "-c", 'exec bash -c "$SCRIPT"']},
        {"command": ["bash", "-c", "bash -c 'exec bash -c \"$SCRIPT\"'"]},
        {"command": ["sh", "-c", 'su app -c "$SCRIPT"']},
        {"command": ["sleep", "infinity"], "readinessProbe": _probe(["sh", "-c", "sh -c 'eval \"$SCRIPT\"'"])},
    ],
)
def test_an_env_var_a_nested_shell_runs_is_judged_as_a_script(fields: dict[str, Any]) -> None:
    """The script a shell gives another shell (``sh -c "$SCRIPT"``, also behind ``exec`` or a
    level deeper) runs the value, as ``$SCRIPT`` as a command does."""
    obj = pod([container("init", env=[{"name": "SCRIPT", "value": SCRIPT}], **fields)])
    decision = decide(obj)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/env/0/value", finding.path
    assert 'env var "SCRIPT"' in finding.message and MYSQL in finding.message, finding.message
    assert FAKE not in everything_shown(decision)


def test_a_file_a_shell_sources_is_no_script_text_run() -> None:
    """``. "$SCRIPT_FILE"`` and ``source`` read the file the value names: the value itself is not
    run (judged as a value); the ``sh -c "$SCRIPT"`` beside them is."""
    env = [{"name": "SCRIPT_FILE", "value": SCRIPT}, {"name": "SCRIPT", "value": SCRIPT}]
    script = 'sh -c \'. "$SCRIPT_FILE"; source $SCRIPT_FILE; bash "$SCRIPT_FILE"\'; sh -c "$SCRIPT"'
    decision = decide(pod([container(env=env, command=["bash", "-c", script])]))
    assert [f.path for f in decision.findings if f.policy == POLICY] == ["/spec/containers/0/env/1/value"]
    assert FAKE not in everything_shown(decision)


def test_each_command_line_of_a_container_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the wrappers and the program of the command and args (and of each exec probe and hook) are
    # read once for both of their judges: the env vars the shell runs, and the command line itself
    from webhook.checks.secrets import commands, wrappers

    read: list[list[Any]] = []
    real = commands.read_command

    def counted(argv: list[Any]) -> Any:
        read.append(list(argv))
        return real(argv)

    monkeypatch.setattr(commands, "read_command", counted)
    monkeypatch.setattr(wrappers, "read_command", counted)  # command_program, split_string_at
    argvs = {
        "container's": ["--port=8080", "--log-level=info"],  # args for the image's entrypoint: no program
        "probe's": ["sh", "-c", "curl -fsS localhost:8080/ready"],
    }
    env = [{"name": "LOG_LEVEL", "value": "info"}, {"name": "SCRIPT", "value": SCRIPT}]
    obj = pod([container(env=env, args=argvs["container's"], readinessProbe=_probe(argvs["probe's"]))])
    decide(obj, policies=only(POLICY))
    assert {whose: read.count(argv) for whose, argv in argvs.items()} == {"container's": 1, "probe's": 1}, read
