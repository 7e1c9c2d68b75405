"""disallow-plaintext-secrets: git's ``GIT_CONFIG_VALUE_<n>`` set before its ``GIT_CONFIG_KEY_<n>``
in one script is paired with it (git reads both when it runs), reported where the key is set,
linear in the script. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"


# --- GIT_CONFIG_VALUE_<n> before its GIT_CONFIG_KEY_<n> (reported: test_secrets_git_config's LINES) ------

def test_a_value_paired_with_a_key_before_is_not_reported_again_by_a_later_key() -> None:
    script = f'export GIT_CONFIG_KEY_0=http.extraHeader\nexport GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nexport GIT_CONFIG_KEY_0=http.extraHeader\n'
    assert len(configmap_messages("run.sh", script, FAKE)) == 1


@pytest.mark.parametrize(
    "script",
    [
        f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nexport GIT_CONFIG_VALUE_0="X-Api-Key: $KEY"\nexport GIT_CONFIG_KEY_0=http.extraHeader\n',  # replaced
        f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nexport GIT_CONFIG_KEY_0=core.askPass\n',  # another variable
        f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nexport GIT_CONFIG_KEY_1=http.extraHeader\n',  # another pair
        f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\nexport GIT_CONFIG_KEY_0\n',  # a name alone sets nothing
        f"sh -c 'export GIT_CONFIG_VALUE_0=\"X-Api-Key: {FAKE}\"'\nexport GIT_CONFIG_KEY_0=http.extraHeader\n",  # another script
    ],
)
def test_a_value_before_no_matching_key_stays_harmless(script: str) -> None:
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        decision = decide(obj)
        assert [f for f in decision.findings if f.policy == POLICY] == []
        assert FAKE not in everything_shown(decision)


def test_values_waiting_for_keys_stay_linear() -> None:
    # many values set first, each key after: one finding per pair, one pass
    script = "".join(f'export GIT_CONFIG_VALUE_{n}="X-Api-Key: {FAKE}"\n' for n in range(300))
    script += "".join(f"export GIT_CONFIG_KEY_{n}=http.extraHeader\n" for n in range(300))
    decision = decide(configmap({"run.sh": script}))
    found = [f for f in decision.findings if f.policy == POLICY]
    assert len(found) == 21 and "280 more secrets" in found[-1].message  # 20 listed, the rest counted
    assert FAKE not in everything_shown(decision)
