"""disallow-plaintext-secrets: Concourse's own flag for its local users, ``concourse web
--add-local-user=admin:...`` (or ``--add-local-user admin:...``), was admitted in args and in
scripts, though its env var ``CONCOURSE_ADD_LOCAL_USER`` is reported. Since 1.25.509 the flag's value
is judged as the env var's is (``local_users``), declared as concourse's option in programs.py."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod

POLICY = "disallow-plaintext-secrets"
SAID = 'passes a password to "concourse" (--add-local-user user:password) in plain text'


@pytest.mark.parametrize(
    "args",
    [
        ["web", f"--add-local-user=admin:{FAKE}"],
        ["web", "--add-local-user", f"admin:{FAKE}", "--main-team-local-user=admin"],
        ["quickstart", f"--add-local-user=viewer:$(VIEWER_PASSWORD),admin:{FAKE}"],
    ],
)
def test_the_flag_in_args_is_reported(args: list[str]) -> None:
    """Was admitted."""
    decision = decide(pod([container(command=["concourse"], args=args)]))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert SAID in message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        f"exec concourse web --add-local-user=admin:{FAKE}",
        f"exec concourse web --add-local-user admin:{FAKE} --main-team-local-user=admin",
        f"exec /usr/local/concourse/bin/concourse quickstart --add-local-user 'admin:{FAKE}'",
    ],
)
def test_the_flag_in_a_script_is_reported(script: str) -> None:
    """Was admitted."""
    messages = key_and_sh_c_messages(script)
    assert [len(found) for found in messages] == [1, 1]
    assert all(SAID in found[0] for found in messages)


@pytest.mark.parametrize(
    "script",
    [
        'exec concourse web --add-local-user "admin:$ADMIN_PASSWORD"',
        "exec concourse web --add-local-user=admin:${ADMIN_PASSWORD} --main-team-local-user=admin",
        "exec concourse web --add-local-user 'admin:$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234'",
        "exec concourse web --main-team-local-user admin --add-local-user",
        f"exec concourse-worker --add-local-user=admin:{FAKE}",
        f"exec concourse web --add-local-users=admin:{FAKE}",
    ],
)
def test_a_reference_a_hash_or_another_flag_is_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_flag_and_the_env_var_agree() -> None:
    for value in (f"admin:{FAKE}", "admin:$(ADMIN_PASSWORD)"):
        flag = decide(pod([container(command=["concourse", "web", f"--add-local-user={value}"])]))
        env = decide(pod([container(command=["concourse", "web"], env=[{"name": "CONCOURSE_ADD_LOCAL_USER", "value": value}])]))
        assert bool([f for f in flag.findings if f.policy == POLICY]) == bool([f for f in env.findings if f.policy == POLICY]) == (FAKE in value)
        assert FAKE not in everything_shown(flag) and FAKE not in everything_shown(env)
