"""disallow-plaintext-secrets: pgpool-II's ``pool_passwd`` names its password file, and only the
exact name was no secret's, so ``pgpool2_pool_passwd: pool_passwd`` (a prefixed ConfigMap key, a
pgpool.conf line or ``PGPOOL_POOL_PASSWD=pool_passwd``) was reported. A prefixed name set to the
file's name its own words spell is now a file's name; any other value there stays reported, unshown."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, key_and_sh_c_messages, pod

POLICY = "disallow-plaintext-secrets"


def _env_messages(name: str, value: str) -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def test_the_file_name_under_a_prefixed_name_is_no_password() -> None:
    """Each was reported before ('looks like a secret', 'sets a sensitive value in plain text')."""
    assert [f for f in decide(configmap({"pgpool2_pool_passwd": "pool_passwd"})).findings if f.policy == POLICY] == []
    assert configmap_messages("pgpool.conf", "pgpool2_pool_passwd = 'pool_passwd'\n", FAKE) == []
    assert _env_messages("PGPOOL_POOL_PASSWD", "pool_passwd") == []
    assert key_and_sh_c_messages("export PGPOOL2_POOL_PASSWD=pool_passwd; exec pgpool -n\n") == [[], []]


@pytest.mark.parametrize("value", [FAKE, "pgpool_passwd", "pool_passwd.txt", "passwd"])
def test_another_value_there_stays_reported(value: str) -> None:
    decision = decide(configmap({"pgpool2_pool_passwd": value}))
    assert [f.policy for f in decision.findings] == [POLICY]
    assert FAKE not in everything_shown(decision)
    assert _env_messages("PGPOOL_POOL_PASSWD", value) != []
    if value == FAKE:
        assert all(key_and_sh_c_messages(f"export PGPOOL2_POOL_PASSWD={value}; exec pgpool -n\n"))


def test_a_password_named_otherwise_set_to_pool_passwd_stays_reported() -> None:
    assert _env_messages("DB_PASSWD", "pool_passwd") != []
