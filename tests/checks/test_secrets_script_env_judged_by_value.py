"""disallow-plaintext-secrets: a shell script's ``export CONCOURSE_ADD_LOCAL_USER=admin:...`` and
``export YARN_NPM_AUTH_IDENT=deployer:...`` were admitted as ``sh -c``'s script, though the env vars
of these names are reported (``ENV_JUDGED_BY_VALUE``). Since 1.25.507 ``env_auth_pair`` consults
``ENV_JUDGED_BY_VALUE``: one judge for env vars (env.py) and a script's ``NAME=value`` (commands.py)."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod

from webhook.checks.secrets.setting_values import ENV_JUDGED_BY_VALUE, env_auth_pair

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "name"),
    [
        (f"export CONCOURSE_ADD_LOCAL_USER=admin:{FAKE}\nexec concourse web", "CONCOURSE_ADD_LOCAL_USER"),
        (f"export CONCOURSE_ADD_LOCAL_USER='viewer:$VIEWER_PASSWORD,admin:{FAKE}'; exec concourse web", "CONCOURSE_ADD_LOCAL_USER"),
        (f"export YARN_NPM_AUTH_IDENT=deployer:{FAKE}\nyarn npm publish", "YARN_NPM_AUTH_IDENT"),
        (f'YARN_NPM_AUTH_IDENT="deployer:{FAKE}" yarn npm publish', "YARN_NPM_AUTH_IDENT"),
    ],
)
def test_a_name_judged_by_value_is_reported_in_sh_c_as_in_a_configmap_script(script: str, name: str) -> None:
    """sh -c's was admitted."""
    messages = key_and_sh_c_messages(script)
    assert [len(found) for found in messages] == [1, 1]
    assert all(f'sets "{name}" in plain text' in found[0] for found in messages)


@pytest.mark.parametrize(
    "script",
    [
        'export CONCOURSE_ADD_LOCAL_USER="admin:$ADMIN_PASSWORD"\nexec concourse web',
        "export CONCOURSE_ADD_LOCAL_USER='admin:$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234'\nexec concourse web",
        "export CONCOURSE_MAIN_TEAM_LOCAL_USER=admin\nexec concourse web",
        'export YARN_NPM_AUTH_IDENT="deployer:${NPM_PASSWORD}"\nyarn npm publish',
        'export YARN_NPM_AUTH_IDENT="$NPM_AUTH_IDENT"\nyarn npm publish',
    ],
)
def test_a_reference_a_hash_or_user_names_are_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize("name", sorted(ENV_JUDGED_BY_VALUE))
def test_env_var_and_script_say_what_the_one_judge_says(name: str) -> None:
    value = {"NEO4J_AUTH": f"neo4j/{FAKE}", "CAS_AUTHN_ACCEPT_USERS": f"casuser::{FAKE}"}.get(name, f"admin:{FAKE}")
    what = env_auth_pair(name, value)
    assert what == ENV_JUDGED_BY_VALUE[name][1]
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert f'env var "{name}" sets {what} in plain text' in message
    assert FAKE not in everything_shown(decision)
    script = decide(pod([container(command=["/bin/sh", "-c"], args=[f"export {name}='{value}'\nexec app"])]))
    (message,) = [f.message for f in script.findings if f.policy == POLICY]
    assert f'sets "{name}" in plain text' in message
    assert FAKE not in everything_shown(script)
