"""disallow-plaintext-secrets: Postfix's ``smtp_sasl_password_maps`` names the lookup tables the
relay passwords are read from (``hash:/etc/postfix/sasl_passwd``, ``proxy:mysql:/etc/postfix/x.cf``):
up to 1.25.395 it was reported as setting "smtp_sasl_password_maps" in plain text, in every
``main.cf`` that relays through a smarthost. A ``static:`` or ``inline:`` table holds the password
itself and stays reported, and so does any other value under the name."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.setting_values import no_secret_for

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "tables",
    [
        "hash:/etc/postfix/sasl_passwd",
        "lmdb:/etc/postfix/sasl_passwd",
        "texthash:/etc/postfix/sasl/passwd",
        "proxy:mysql:/etc/postfix/mysql-sasl.cf",
        "ldap:/etc/postfix/ldap-sasl.cf",
        "hash:/etc/postfix/sasl_passwd, lmdb:/etc/postfix/relay_passwd",
        "lmdb:$config_directory/sasl_passwd",
    ],
)
def test_lookup_tables_are_not_reported(tables: str) -> None:
    """Was reported: sets "smtp_sasl_password_maps" in plain text."""
    text = f"relayhost = [smtp.example.org]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = {tables}\n"
    assert configmap_messages("main.cf", text, FAKE) == []


def test_lookup_tables_in_an_env_var_are_not_reported() -> None:
    decision = decide(pod([container(env=[{"name": "POSTFIX_smtp_sasl_password_maps", "value": "hash:/etc/postfix/sasl_passwd"}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    "value",
    [
        f"static:relay:{FAKE}",
        f"inline:{{ [smtp.example.org]:587=relay:{FAKE} }}",
        FAKE,
        f"hash:/etc/postfix/sasl_passwd {FAKE}",
        f"proxy:{FAKE}",
    ],
)
def test_a_password_in_the_setting_stays_reported(value: str) -> None:
    messages = configmap_messages("main.cf", f"smtp_sasl_password_maps = {value}\n", FAKE)
    assert messages == ['ConfigMap "config" key "main.cf" sets "smtp_sasl_password_maps" in plain text (line 1). Fix: move it into a Secret and mount or reference that Secret instead.']


def test_a_lookup_table_under_another_name_is_judged_as_a_literal() -> None:
    assert no_secret_for("smtp_sasl_password_maps", "hash:/etc/postfix/sasl_passwd")
    assert not no_secret_for("smtp_sasl_password", "hash:/etc/postfix/sasl_passwd")
    assert not no_secret_for("smtp_sasl_password_maps", "static:relay:x")


def test_a_long_list_of_tables_is_read_in_linear_time() -> None:
    tables = ", ".join(["hash:/etc/postfix/t"] * 4000) + ", static:x"
    decision = decide(pod([container(env=[{"name": "smtp_sasl_password_maps", "value": tables}])]))
    assert [f.policy for f in decision.findings].count(POLICY) == 1
    assert "static:x" not in everything_shown(decision)


def test_lookup_tables_set_by_postconf_are_not_reported() -> None:
    assert configmap_messages("setup.sh", "postconf -e smtp_sasl_password_maps=hash:/etc/postfix/sasl_passwd\n", FAKE) == []
