"""A command-line tool's ``config set NAME VALUE`` that writes a credential given on its command line
into its config file (npm's .npmrc, Yarn's .yarnrc.yml, pip.conf, Poetry's auth.toml): the value of
the credential's name is a secret by its position (``POSITIONAL_SECRETS``' ``named``)."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "said"),
    [
        (f"npm config set //registry.npmjs.org/:_authToken {FAKE}\n", '"npm" (config set _authToken'),
        (f"npm config set //registry.npmjs.org/:_authToken={FAKE}\n", '"npm" (config set _authToken'),
        (f"npm config set --location=user //npm.example:8443/repo/:_authToken='{FAKE}'\n", '"npm" (config set _authToken'),
        (f"npm config set --location project _authToken {FAKE}\n", '"npm" (config set _authToken'),
        (f"npm set //npm.example/:_password {FAKE}\n", '"npm" (set _authToken'),
        ("npm config set //npm.example/:_auth ZmFrZTpub3QtYS1yZWFsLXBhc3N3b3Jk==\n", '"npm" (config set _authToken'),
        (f"pnpm config set //registry.npmjs.org/:_authToken {FAKE}\n", '"pnpm" (config set _authToken'),
        (f"yarn config set npmAuthToken {FAKE}\n", '"yarn" (config set npmAuthToken'),
        (f"yarn config set -H npmScopes.trials.npmAuthToken {FAKE}\n", '"yarn" (config set npmAuthToken'),
        (f"yarn config set _authToken {FAKE}\n", '"yarn" (config set npmAuthToken'),
        (f"pip config set global.password {FAKE}\n", '"pip" (config set global.password'),
        (f"pip3 config --user set global.password {FAKE}\n", '"pip3" (config set global.password'),
        (f"poetry config http-basic.trials ci-bot {FAKE}\n", '"poetry" (config http-basic.<repo> <user> <password>)'),
        (f"poetry config --local http-basic.pypi __token__ '{FAKE}'\n", '"poetry" (config http-basic.'),
        (f"poetry config pypi-token.pypi {FAKE}\n", '"poetry" (config pypi-token.<repo> <token>)'),
    ],
)
def test_a_package_managers_credential_set_on_its_command_line_is_reported(script: str, said: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f"passes a secret to {said}" in message and "ci-bot" not in message


@pytest.mark.parametrize(
    "script",
    [
        'npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"\n',
        "npm config set //registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
        'npm config set _authToken "$(cat /run/secrets/npm-token)"\n',
        "npm config get _authToken && npm config delete //registry.npmjs.org/:_authToken\n",
        "npm config set registry https://npm.example/ && npm config set always-auth true\n",
        "npm config set _authToken\n",
        "npm config set --location _authToken registry https://npm.example/\n",  # a location so named
        'yarn config set npmAuthToken "${NPM_AUTH_TOKEN}" && yarn config set npmRegistryServer https://npm.example\n',
        "pip config set global.index-url https://pypi.example/simple && pip config set global.trusted-host pypi.example\n",
        'pip config set global.password "$PIP_PASSWORD"\n',
        "poetry config http-basic.pypi ci-bot\n",  # poetry asks for the password
        'poetry config http-basic.pypi ci-bot "$POETRY_PASSWORD" && poetry config --unset http-basic.trials\n',
        'poetry config pypi-token.pypi "$PYPI_TOKEN" && poetry config virtualenvs.create false\n',
        "poetry config repositories.trials https://pypi.example/simple\n",
    ],
)
def test_a_package_managers_config_from_the_environment_or_of_another_name_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_npm_config_set_in_a_containers_command_and_an_exec_probe_is_reported() -> None:
    argv = ["npm", "config", "set", "//registry.npmjs.org/:_authToken", FAKE]
    obj = pod([container(command=argv, readinessProbe={"exec": {"command": ["poetry", "config", "pypi-token.pypi", FAKE]}})])
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    messages = sorted(f.message for f in decision.findings if f.policy == POLICY)
    assert len(messages) == 2
    assert 'command[4] passes a secret to "npm"' in messages[0] and 'readinessProbe.exec.command[3] passes a secret to "poetry"' in messages[1]


def test_npm_config_set_of_a_kubernetes_reference_is_harmless() -> None:
    decision = decide(pod([container(command=["npm", "config", "set", "//registry.npmjs.org/:_authToken", "$(NPM_TOKEN)"])]))
    assert not [f for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    "script",
    [
        f"redis-cli CONFIG SET requirepass {FAKE}\n",
        f"redis-cli -h redis-0.redis -p 6379 config set masterauth '{FAKE}'\n",
        f'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning CONFIG SET requirepass "{FAKE}"\n',
    ],
)
def test_redis_cli_config_set_of_a_password_is_reported(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert 'passes a secret to "redis-cli" (' in message and "requirepass|masterauth <password>)" in message


@pytest.mark.parametrize(
    "script",
    [
        'redis-cli CONFIG SET requirepass "$REDIS_PASSWORD"\n',
        "redis-cli -h redis config set masterauth $(cat /run/secrets/redis-password)\n",
        "redis-cli CONFIG GET requirepass && redis-cli CONFIG SET maxmemory-policy allkeys-lru\n",
        'redis-cli CONFIG SET requirepass ""\n',  # no password: the server opened
        "redis-cli -h requirepass CONFIG SET maxmemory 100mb\n",  # a host so named
    ],
)
def test_redis_cli_config_set_of_a_reference_or_another_setting_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_redis_cli_config_set_in_a_post_start_hook_is_reported() -> None:
    hook = {"postStart": {"exec": {"command": ["redis-cli", "CONFIG", "SET", "masterauth", FAKE]}}}
    decision = decide(pod([container(lifecycle=hook)]))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'lifecycle.postStart.exec.command[4] passes a secret to "redis-cli"' in message


@pytest.mark.parametrize(
    "script",
    [
        f"git config --global user.password {FAKE}\n",
        f"git -C /src config --file /src/.git/config user.password '{FAKE}'\n",
        f"git config set --global user.password {FAKE}\n",
        f"git config --global sendemail.smtpPass {FAKE}\n",
        f"git config --replace-all user.password {FAKE}\n",
    ],
)
def test_git_config_of_a_password_is_reported(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert 'passes a secret to "git" (config ' in message and "<name>.password <password>)" in message


@pytest.mark.parametrize(
    "script",
    [
        "git config --global credential.helper store && git config --global user.name ci-bot\n",
        "git config --global credential.helper 'cache --timeout=3600'\n",
        'git config --global user.password "$GIT_PASSWORD"\n',
        "git config --get user.password '^x$' || git config --unset user.password old-value\n",  # value patterns
        "git config get user.password && git config --global --add safe.directory /src\n",
        "git config --file password user.name ci-bot\n",  # a file so named
    ],
)
def test_git_config_of_a_reference_another_name_or_a_pattern_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    ("script", "header"),
    [
        (f'git config --global http.extraHeader "PRIVATE-TOKEN: {FAKE}"\n', "PRIVATE-TOKEN"),
        (f"git config http.https://git.example/.extraheader 'X-Api-Key: {FAKE}'\n", "X-Api-Key"),
        (f'git config set --global http.extraHeader "Authorization: Basic {FAKE}"\n', "Authorization"),
    ],
)
def test_git_config_of_an_extra_header_with_a_credential_is_reported(script: str, header: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f'passes a credential to "git" in its {header} header (config http.extraHeader)' in message


@pytest.mark.parametrize(
    "script",
    [
        'git config --global http.extraHeader "PRIVATE-TOKEN: $GITLAB_TOKEN"\n',
        'git config --global http.extraHeader "X-Trace-Id: trial-mirror"\n',
        "git config --get-all http.extraHeader && git config --unset-all http.extraHeader 'PRIVATE-TOKEN: x'\n",
    ],
)
def test_git_config_of_an_extra_header_without_a_literal_credential_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_git_config_extra_header_in_a_containers_command_and_an_exec_probe_is_reported() -> None:
    probe = {"exec": {"command": ["git", "config", "http.extraHeader", f"X-Api-Key: {FAKE}"]}}
    obj = pod([container(command=["git", "config", "--global", "http.extraHeader", f"PRIVATE-TOKEN: {FAKE}"], livenessProbe=probe)])
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    first, second = sorted(f.message for f in decision.findings if f.policy == POLICY)
    assert 'command[4] passes a credential to "git" in its PRIVATE-TOKEN header' in first
    assert 'livenessProbe.exec.command[3] passes a credential to "git" in its X-Api-Key header' in second


@pytest.mark.parametrize(
    ("script", "said"),
    [
        (f"npm config set registry https://npm.example/ //npm.example/:_authToken {FAKE}\n", '"npm" (config set _authToken'),
        (f"npm config set registry=https://npm.example/ //npm.example/:_authToken={FAKE}\n", '"npm" (config set _authToken'),
        (f"npm config set always-auth=true _password {FAKE}\n", '"npm" (config set _authToken'),
        (f"redis-cli CONFIG SET maxmemory 100mb requirepass {FAKE}\n", '"redis-cli" (CONFIG SET requirepass|masterauth'),
        (f"redis-cli -h redis-0 config set maxmemory-policy allkeys-lru masterauth '{FAKE}'\n", '"redis-cli" (config set requirepass|masterauth'),
        (f"python -m pip config set global.password {FAKE}\n", '"pip" (config set global.password'),
        (f"python3 -I -m pip config --user set global.password {FAKE}\n", '"pip" (config set global.password'),
        (f"python3.12 -mpip config set global.password {FAKE}\n", '"pip" (config set global.password'),
    ],
)
def test_a_secret_among_several_pairs_or_through_python_m_pip_is_reported(script: str, said: str) -> None:
    """Was missed: only the first pair was judged, and python -m pip's program was python."""
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f"passes a secret to {said}" in message


@pytest.mark.parametrize(
    "script",
    [
        'npm config set registry https://npm.example/ //npm.example/:_authToken "$NPM_TOKEN"\n',
        "npm config set registry https://npm.example/ always-auth true\n",
        "npm config set registry _authToken\n",  # the registry's value is the word _authToken; no value after
        'redis-cli CONFIG SET maxmemory 100mb requirepass "$REDIS_PASSWORD"\n',
        "redis-cli CONFIG SET maxmemory 100mb maxmemory-policy allkeys-lru\n",
        "redis-cli CONFIG SET save requirepass\n",  # save's value is the word; no pair after it
        'python3 -m pip config set global.password "$PIP_PASSWORD"\n',
        "python3 -m pip config set global.index-url https://pypi.example/simple\n",
        "python3 -m piptools compile requirements.in\n",
        f"python3 -c 'import sys' pip config set global.password {FAKE}\n",  # the code's argv, not pip
        f"python3 setup.py pip config set global.password {FAKE}\n",  # a script's arguments
    ],
)
def test_other_pairs_references_and_other_modules_are_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_python_m_pip_in_a_containers_command_is_reported() -> None:
    obj = pod([container(command=["python3", "-m", "pip"], args=["config", "set", "global.password", FAKE])])
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'args[3] passes a secret to "pip" (config set global.password <password>)' in message


def test_many_pairs_stay_linear() -> None:
    import time

    words = ["redis-cli", "CONFIG", "SET"] + ["maxmemory", "1gb"] * 20000 + ["requirepass", FAKE]
    started = time.perf_counter()
    decision = decide(pod([container(command=words)]))
    assert time.perf_counter() - started < 4
    assert FAKE not in everything_shown(decision)
    assert [f for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("script", "said"),
    [
        (f"yarn config set npmRegistryServer https://npm.example npmAuthToken {FAKE}\n", '"yarn" (config set npmAuthToken'),
        (f"yarn config set -H npmAlwaysAuth true npmScopes.trials.npmAuthToken '{FAKE}'\n", '"yarn" (config set npmAuthToken'),
        (f"pip config set global.trusted-host pypi.example global.password {FAKE}\n", '"pip" (config set global.password'),
        (f"python3 -m pip config --user set global.index-url https://pypi.example/simple global.password {FAKE}\n", '"pip" (config set global.password'),
        (f"git config --global user.name ci-bot user.password {FAKE}\n", '"git" (config <name>.password'),
        (f"git config set --global core.editor vi sendemail.smtpPass {FAKE}\n", '"git" (config set <name>.password'),
    ],
)
def test_yarns_pips_and_gits_secret_after_another_pair_is_reported(script: str, said: str) -> None:
    """Was missed: yarn, pip and git judged the first pair's value alone."""
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f"passes a secret to {said}" in message and "ci-bot" not in message


@pytest.mark.parametrize(
    "script",
    [
        'yarn config set npmRegistryServer https://npm.example npmAuthToken "$NPM_AUTH_TOKEN"\n',
        "yarn config set npmRegistryServer npmAuthToken\n",  # the server's value is the word; no pair after it
        "pip config set global.index-url https://pypi.example/simple global.trusted-host pypi.example\n",
        'pip config set global.trusted-host pypi.example global.password "$PIP_PASSWORD"\n',
        'git config --global user.name ci-bot user.password "$GIT_PASSWORD"\n',
        "git config --global --add safe.directory /src user.password\n",
        "git config --unset user.name ci-bot user.password old-value\n",  # value patterns
    ],
)
def test_yarns_pips_and_gits_other_pairs_and_references_are_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_gits_pairs_in_a_containers_command_are_reported() -> None:
    obj = pod([container(command=["git", "config", "--global", "user.name", "ci-bot", "user.password", FAKE])])
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'command[6] passes a secret to "git" (config <name>.password <password>)' in message
