"""disallow-plaintext-secrets: a sensitive name ending in ``query``, ``filter``, ``attrs`` (and their
plurals or ``attributes``) names the lookup that reads a secret, and one ending in ``mtime`` when it
last changed: up to 1.25.396 Dovecot's ``password_query = SELECT ... password FROM users``,
``pass_filter`` and ``pass_attrs = userPassword=password`` were reported as set in plain text, and
Argo CD's ``admin.passwordMtime`` key as looking like a secret. The password beside them stays
reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.names import name_is_sensitive

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("dovecot-sql.conf.ext", "driver = pgsql\npassword_query = SELECT username AS user, password FROM users WHERE username = '%n'\n"),
        ("dovecot-ldap.conf.ext", "hosts = ldap\npass_filter = (&(objectClass=posixAccount)(uid=%u))\npass_attrs = uid=user,userPassword=password\n"),
        ("pgbouncer.ini", "[pgbouncer]\nauth_user = pgbouncer\nauth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1\n"),
        ("app.yaml", "ldap:\n  passwordAttributes: [userPassword, sambaNTPassword]\n  tokenFilters: [lowercase]\n"),
    ],
)
def test_a_lookup_is_not_reported(key: str, text: str) -> None:
    """Was reported: sets "password_query" (or the other name) in plain text."""
    assert configmap_messages(key, text, FAKE) == []


def test_argo_cds_password_change_time_is_not_reported() -> None:
    """Was reported: key "admin.passwordMtime" looks like a secret."""
    decision = decide(configmap({"admin.passwordMtime": "2024-03-01T10:00:00Z", "admin.enabled": "true"}, name="argocd-cm"))
    assert [f for f in decision.findings if f.policy == POLICY] == []


def test_an_env_var_naming_a_query_is_not_reported() -> None:
    decision = decide(pod([container(env=[{"name": "PASSWORD_QUERY", "value": "SELECT password FROM users WHERE name = $1"}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("name", ["password_query", "pass_filter", "pass_attrs", "passwordAttributes", "PASSWORD_QUERIES", "admin.passwordMtime"])
def test_the_names_are_not_sensitive(name: str) -> None:
    assert not name_is_sensitive(name)


@pytest.mark.parametrize("name", ["password", "query_password", "filter_token", "attrs_secret", "mtime_pass"])
def test_a_secret_named_after_them_stays_sensitive(name: str) -> None:
    assert name_is_sensitive(name)


def test_the_password_beside_a_query_stays_reported() -> None:
    text = f"connect = host=db dbname=mail user=dovecot\npassword = {FAKE}\npassword_query = SELECT password FROM users WHERE u = '%u'\n"
    decision = decide(configmap({"dovecot-sql.conf.ext": text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert messages == ['ConfigMap "config" key "dovecot-sql.conf.ext" sets "password" in plain text (line 2). Fix: move it into a Secret and mount or reference that Secret instead.']
    assert FAKE not in everything_shown(decision)
