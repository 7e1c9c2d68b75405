"""disallow-plaintext-secrets: git's configuration given on its command line (``git -c
NAME=VALUE``): http.extraHeader, also for one URL (``http.<url>.extraHeader``), is the whole header
git sends with each request, judged as a header given to ``curl -H`` is (``header_credential``, as
the INI reader judges a gitconfig's). No message ever shows the value."""

from __future__ import annotations

import shlex

import pytest
from check_helpers import configmap, container, decide, everything_shown, findings, pod, script_pod

POLICY = "disallow-plaintext-secrets"
FAKE_BASIC = "RkFLRS1ub3QtYS1yZWFsLXBhc3N3b3Jk"  # base64 of a fake, no user:password in it
FAKE = "FAKE-not-a-real-password"


def _places(script: str) -> list[dict[str, object]]:
    words = shlex.split(script)
    return [configmap({"run.sh": script}), pod([container(command=["sh", "-c", script])]), pod([container(command=words[:1], args=words[1:])])]


@pytest.mark.parametrize(
    ("script", "header"),
    [
        (f'git -c http.extraHeader="Authorization: basic {FAKE_BASIC}" clone https://git.example/a/b', "Authorization"),
        (f'git -c http.https://git.example/.extraheader="AUTHORIZATION: bearer {FAKE}" fetch', "AUTHORIZATION"),
        (f'git -C /src -c http.extraheader="X-Api-Key: {FAKE}" pull', "X-Api-Key"),
        (f"git -c core.quotepath=off -c 'http.extraHeader=Authorization: Bearer {FAKE}' submodule update", "Authorization"),
    ],
)
def test_a_credential_header_in_gits_command_line_config_is_reported(script: str, header: str) -> None:
    for obj in _places(script):
        (finding,) = findings(obj, POLICY)
        # a Bearer token is found by its shape too, as in curl -H: one secret, one finding, either one
        said = finding.message
        assert f'"git" in its {header} header (-c http.extraHeader)' in said or ("holds a bearer token" in said and header.lower() == "authorization"), said
        assert FAKE_BASIC not in said and FAKE not in said


@pytest.mark.parametrize(
    "script",
    [
        'git -c http.extraHeader="Authorization: basic ${GIT_AUTH}" clone https://git.example/a/b',
        'git -c http.extraHeader="Authorization: basic $(echo -n "bot:$GIT_PW" | base64)" clone https://git.example/a/b',
        'git -c http.extraHeader="Authorization: Bearer $TOKEN" fetch',
        'git -c http.extraHeader="Authorization: Negotiate" fetch',
        'git -c http.extraHeader="Accept: application/json" fetch',
        "git -c http.extraHeader= fetch",
        "git -c core.sshCommand='ssh -i /keys/id' fetch",
        "git commit -c HEAD~1",
    ],
)
def test_gits_command_line_config_without_a_credential_is_not_reported(script: str) -> None:
    for obj in _places(script):
        assert findings(obj, POLICY) == []


ENV_PAIR = f'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"'


@pytest.mark.parametrize(
    "script",
    [
        f"export {ENV_PAIR}",
        f"{ENV_PAIR} git clone https://git.example/a/b",
        f"env {ENV_PAIR} git fetch",
        f'export GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=core.a GIT_CONFIG_VALUE_0=x GIT_CONFIG_KEY_1=http.https://git.example/.extraheader GIT_CONFIG_VALUE_1="X-Api-Key: {FAKE}"',
    ],
)
def test_a_credential_header_in_gits_config_from_the_environment_is_reported(script: str) -> None:
    for obj in (configmap({"run.sh": script}), pod([container(command=["sh", "-c", script])])):
        (finding,) = findings(obj, POLICY)
        assert "header (GIT_CONFIG_VALUE_" in finding.message and '"git"' in finding.message, finding.message
        assert FAKE_BASIC not in finding.message and FAKE not in finding.message


def test_a_credential_header_in_gits_config_from_a_containers_env_is_reported() -> None:
    env = [
        {"name": "GIT_CONFIG_COUNT", "value": "1"},
        {"name": "GIT_CONFIG_KEY_0", "value": "http.extraHeader"},
        {"name": "GIT_CONFIG_VALUE_0", "value": f"Authorization: basic {FAKE_BASIC}"},
    ]
    (finding,) = findings(pod([container(env=env)]), POLICY)
    assert "GIT_CONFIG_VALUE_0" in finding.message and "Authorization" in finding.message
    assert FAKE_BASIC not in finding.message


@pytest.mark.parametrize(
    "pairs",
    [
        'GIT_CONFIG_KEY_0=http.extraHeader GIT_CONFIG_VALUE_0="Authorization: basic ${GIT_AUTH}"',
        'GIT_CONFIG_KEY_0=http.extraHeader GIT_CONFIG_VALUE_0="Accept: text/plain"',
        f'GIT_CONFIG_KEY_0=core.askPass GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"',  # another variable
        f'GIT_CONFIG_KEY_1=http.extraHeader GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"',  # another pair
    ],
)
def test_gits_config_from_the_environment_without_a_credential_header_is_not_reported(pairs: str) -> None:
    for obj in (configmap({"run.sh": f"export GIT_CONFIG_COUNT=2 {pairs}"}), pod([container(command=["sh", "-c", f"{pairs} git fetch"])])):
        assert findings(obj, POLICY) == []
    env = [{"name": name, "value": value.strip('"')} for name, _, value in (pair.partition("=") for pair in shlex.split(pairs, posix=False))]
    assert findings(pod([container(env=env)]), POLICY) == []


# the same configuration over commands of their own in one script: the key a line before the value
GHP_SHAPED = "ghp_" + "FAKEnotArealTOKEN0123456789abcdefghi"  # a fake of a GitHub token's shape (36 after ghp_)
LINES = [
    f'export GIT_CONFIG_COUNT=1\nexport GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\ngit clone https://git.example/a/b\n',
    f'GIT_CONFIG_COUNT=1\nGIT_CONFIG_KEY_0=http.extraHeader\nGIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\nexport GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0\ngit fetch\n',
    f'GIT_CONFIG_KEY_0=http.https://git.example/.extraHeader; export GIT_CONFIG_KEY_0; export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}" && git pull',
    f'export GIT_CONFIG_KEY_0=core.askPass\nexport GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="PRIVATE-TOKEN: {FAKE}"\n',  # the last key set
    # the value before its key (1.25.299)
    f'export GIT_CONFIG_COUNT=1\nexport GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\nexport GIT_CONFIG_KEY_0=http.extraHeader\ngit clone https://git.example/a/b\n',
    f'GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nGIT_CONFIG_KEY_0=http.https://git.example/.extraHeader\nexport GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0\ngit fetch\n',
    f'export GIT_CONFIG_KEY_0=core.askPass; export GIT_CONFIG_VALUE_0="PRIVATE-TOKEN: {FAKE}"; export GIT_CONFIG_KEY_0=http.extraHeader; git pull',
]


@pytest.mark.parametrize("script", LINES)
def test_a_credential_header_in_gits_config_over_a_scripts_lines_is_reported(script: str) -> None:
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        decision = decide(obj)
        (finding,) = [f for f in decision.findings if f.policy == POLICY]
        assert ' to "git" in its ' in finding.message and "header (GIT_CONFIG_VALUE_0)" in finding.message, finding.message
        shown = everything_shown(decision)
        assert FAKE_BASIC not in shown and FAKE not in shown


def test_a_shaped_bearer_token_in_gits_config_over_a_scripts_lines_is_one_finding() -> None:
    script = f'export GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="Authorization: Bearer {GHP_SHAPED}"\ngit fetch\n'
    decision = decide(configmap({"run.sh": script}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]  # one secret: its shape or its header, not both
    assert "bearer token" in finding.message or "Authorization header" in finding.message, finding.message
    assert GHP_SHAPED not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        'export GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="Authorization: basic ${GIT_AUTH}"\n',  # a reference
        'export GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="Accept: text/plain"\n',  # no credential
        f'export GIT_CONFIG_KEY_0=core.askPass\nexport GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\n',  # another variable
        f'export GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_KEY_0=core.askPass\nexport GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\n',
        f'export GIT_CONFIG_KEY_1=http.extraHeader\nexport GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\n',  # another pair
        # a key set in another script: each script is read on its own (sh -c's inside this one too)
        f"export GIT_CONFIG_KEY_0=http.extraHeader\nsh -c 'export GIT_CONFIG_VALUE_0=\"X-Request-Id: {FAKE}\"'\n",
    ],
)
def test_gits_config_over_a_scripts_lines_without_a_credential_header_is_not_reported(script: str) -> None:
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        decision = decide(obj)
        assert [f for f in decision.findings if f.policy == POLICY] == []
        assert FAKE_BASIC not in everything_shown(decision)


def test_gits_config_keys_are_those_of_the_script_the_value_is_in() -> None:
    # the key in one ConfigMap key, a credential value in another: two scripts, neither sets the pair
    value = f'export GIT_CONFIG_VALUE_0="Authorization: basic {FAKE_BASIC}"\n'
    assert findings(configmap({"a.sh": "export GIT_CONFIG_KEY_0=http.extraHeader\n", "b.sh": value}), POLICY) == []
    (finding,) = findings(configmap({"b.sh": "export GIT_CONFIG_KEY_0=http.extraHeader\n" + value}), POLICY)
    assert "GIT_CONFIG_VALUE_0" in finding.message and FAKE_BASIC not in finding.message
