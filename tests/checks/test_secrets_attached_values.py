"""disallow-plaintext-secrets: an option letter with a value attached (``-pVALUE``) is never shown
with what is attached, whatever sensitive words the value spells between separators
(``-pmy-secret-pw99``: "passes the value of "-pmy-secret-pw99"" showed the password); a long
single-dash option made of name words (``-storepass``, ``-db-password``) or a Java property
(``-Dspring.datasource.password=...``) keeps its name, never its value."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from check_helpers import configmap, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"

ATTACHED = ["-pmy-secret-pw99", "-Pthe.password.is.x", "-ssecret_token_1", "-kapi-key-abc", "-ppassword-token-secret-key", "-tsecret.key.token9"]


def _leaks(option: str) -> list[str]:
    """What must not be shown of ``option`` (a letter with a value attached): the option as written,
    the value, and each 4+ character piece of the value that holds more than letters (``my-s``,
    ``pw99``: never text a message writes itself)."""
    value = option[2:]
    pieces = {value[i:j] for i in range(len(value)) for j in range(i + 4, len(value) + 1)}
    return [option, value, *sorted(p for p in pieces if not p.isalpha())]


def _shapes(option: str) -> dict[str, dict[str, Any]]:
    return {
        "command": pod([container(command=["tool", option, "app"])]),
        "args": pod([container(command=["tool"], args=["-v", option, "app"])]),
        "one-arg-options": pod([container(command=["tool"], args=[f"--verbose {option} app"])]),
        "sh -c": pod([container(command=["sh", "-c", f"tool {option} app"])]),
        "sh -c triggered": pod([container(command=["sh", "-c", f"export A=1; tool --x {option} app && run"])]),
        "exec probe": pod([container(readinessProbe={"exec": {"command": ["tool", option, "app"]}})]),
        "exec probe sh": pod([container(livenessProbe={"exec": {"command": ["sh", "-c", f"tool {option} app"]}})]),
        "JAVA_OPTS": pod([container(env=[{"name": "JAVA_OPTS", "value": f"-Xmx1g {option} app"}])]),
        "APP_OPTS": pod([container(env=[{"name": "CATALINA_OPTS", "value": f"{option} app -server"}])]),
        "assigned": pod([container(command=["tool", f"{option}=abc", "app"])]),
        "configmap script": configmap({"start.sh": f"#!/bin/sh\nset -e\ntool {option} app\n"}),
    }


def _shown(obj: dict[str, Any]) -> str:
    decision = decide(obj)
    extra = [[f.short, f.item, list(f.parts), f.problem] for f in decision.findings]
    return (everything_shown(decision) + json.dumps(extra)).replace(POLICY, "<policy>")  # "-secrets" is no leak


@pytest.mark.parametrize("shape", list(_shapes("-px")))
def test_a_value_attached_to_an_option_letter_is_never_shown(shape: str) -> None:
    for option in ATTACHED:
        shown = _shown(_shapes(option)[shape])
        for leak in _leaks(option):
            assert leak not in shown, (option, leak, shown)


NAMED = [
    (["tool", "-pmy-secret-pw99", "FAKE-pw"], '"-p<...>"'),
    (["tool", "-Pthe.password.is.x", "FAKE-pw"], '"-P<...>"'),
    (["tool", "-ssecret_token_1", "FAKE-pw"], '"-s<...>"'),
    (["tool", "-kapi-key-abc", "FAKE-pw"], '"-k<...>"'),
    (["tool", "-tsecret.key.token9", "FAKE-pw"], '"-t<...>"'),
    (["keytool", "-importkeystore", "-storepass", "FAKE-store-pw"], '"-storepass"'),
    (["keytool", "-genkey", "-keypass", "FAKE-key-pw"], '"-keypass"'),
    (["tool", "-password", "FAKE-pw"], '"-password"'),
    (["tool", "-db-password", "FAKE-pw"], '"-db-password"'),
    (["tool", "-apiKey", "FAKE-pw"], '"-apiKey"'),
    (["tool", "-client_secret", "FAKE-pw"], '"-client_secret"'),
    (["java", "-Dspring.datasource.password=FAKE-pw", "-jar", "app.jar"], '"-Dspring.datasource.password"'),
    (["java", "-Djavax.net.ssl.keyStorePassword=FAKE-pw", "-jar", "app.jar"], '"-Djavax.net.ssl.keyStorePassword"'),
    # a Java property's name followed by its value as the next word: -D may hold the value
    (["java", "-Ddb.password", "FAKE-pw"], '"-D<...>"'),
    # one letter and one more: -p with "w" attached, not a name
    (["tool", "-pw", "FAKE-pw"], '"-p<...>"'),
    # a long option is shown whole: nothing is attached to it without "="
    (["tool", "--x9password", "FAKE-pw"], '"--x9password"'),
    # an option that sets NAME=value: shown with the name when both are made of name words
    (["tool", "--env=DB_PASSWORD=FAKE-pw"], '"--env=DB_PASSWORD"'),
    (["tool", "-db=DB_PASSWORD=FAKE-pw"], '"-db=DB_PASSWORD"'),
    (["tool", "-db=ACME_PASSWORD=FAKE-pw"], '"-d<...>"'),
]


def test_an_option_letter_shows_only_the_letter_and_a_long_single_dash_option_its_name() -> None:
    # one table: a long option's name is kept while an option letter's attached text is not
    for argv, shown in NAMED:
        env = [{"name": "JAVA_OPTS", "value": " ".join(argv[1:])}]
        for obj in (pod([container(command=argv)]), pod([container(env=env)])):
            messages = [f.message for f in decide(obj).findings if f.policy == POLICY]
            assert len(messages) == 1 and shown in messages[0], (argv, messages)
            assert "FAKE" not in _shown(obj)


def test_the_cli_json_output_does_not_show_an_attached_value(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
    from cli_helpers import run_cli

    manifest = tmp_path / "pod.yaml"
    manifest.write_text(json.dumps(pod([container(command=["tool", "-pmy-secret-pw99", "app"])])))
    run = run_cli("test", manifest, "-o", "json")
    (finding,) = [f for result in json.loads(run.out) for f in result["findings"] if f["policy"] == POLICY]
    assert '"-p<...>"' in finding["message"]
    assert not re.search(r"my-s|secret-|pw99", run.out + run.err)


def test_a_sensitive_single_dash_assignment_not_made_of_name_words_is_not_named() -> None:
    # -_db_password2=...: no option letter to show, and its text is no plain name: not shown at all
    obj = pod([container(command=["sh", "-c", "tool -_db_password2=FAKE-pw app"])])
    messages = [f.message for f in decide(obj).findings if f.policy == POLICY]
    assert len(messages) == 1 and "sets a single-dash option (not shown: its text may hold the value)" in messages[0], messages
    assert "FAKE" not in _shown(obj) and "db_password2" not in _shown(obj)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("--set=db.password=FAKE-pw", '"--set=db.password"'),
        ("--wait --set=db.password=FAKE-pw", '"--set=db.password"'),
        ("--env=DB_PASSWORD=FAKE-pw", '"--env=DB_PASSWORD"'),
        ("--from-literal=password=FAKE-pw", '"--from-literal=password"'),
        ("-v --set db.password=FAKE-pw", '"db.password"'),
    ],
)
def test_an_option_string_that_sets_a_sensitive_name_value_pair_is_reported(value: str, shown: str) -> None:
    """``HELM_ARGS: --set=db.password=...``: a sensitive NAME=value passed as an option's value
    (or as a word of its own) was found in a container's args but not in an option string held by
    an env var, where the option (``--set``) names no secret."""
    obj = pod([container(env=[{"name": "HELM_ARGS", "value": value}])])
    messages = [f.message for f in decide(obj).findings if f.policy == POLICY]
    assert messages == [f'container "app" env var "HELM_ARGS" passes {shown} in plain text. Fix: move the value into a Secret and reference it with valueFrom.secretKeyRef.']
    assert "FAKE" not in _shown(obj)
