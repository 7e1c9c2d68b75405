"""disallow-plaintext-secrets: RabbitMQ's LDAP plugin binds as ``{other_bind, {UserDN, Password}}``
(also ``dn_lookup_bind``) in ``advanced.config``: a nested tuple of two strings, binaries or
character lists, that the reader of Erlang terms (1.25.309: flat ``{password, <<"...">>}``
tuples) missed; a pair under a name ending with the word auth (hackney's ``basic_auth``) or a
sensitive name is read alike. Binds as anon or as_user, references and empty passwords stay none."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

LDAP = """\
%% RabbitMQ advanced configuration
[
 {rabbitmq_auth_backend_ldap, [
   {servers, ["ldap.example.org"]},
   {user_dn_pattern, "cn=${username},ou=People,dc=example,dc=org"},
   {other_bind, {%s, %s}},
   {use_ssl, true}
 ]}
].
"""


@pytest.mark.parametrize(
    ("user", "password"),
    [
        ('<<"cn=admin,dc=example,dc=org">>', f'<<"{FAKE}">>'),
        ('"cn=admin,dc=example,dc=org"', f'"{FAKE}"'),
        ('<< "cn=admin,dc=example,dc=org" >>', f'"{FAKE}"'),
    ],
)
def test_an_ldap_bind_pair_is_reported_at_its_line(user: str, password: str) -> None:
    """Was missed."""
    (message,) = configmap_messages("advanced.config", LDAP % (user, password), FAKE)
    assert 'sets "other_bind" in plain text (line 6)' in message, message


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('[{rabbitmq_auth_backend_ldap, [{dn_lookup_bind, {"cn=lookup,dc=x", "%s"}}]}].' % FAKE, "dn_lookup_bind"),
        ('[{clinic, [{upstream, [{basic_auth, {<<"svc">>, <<"%s">>}}]}]}].' % FAKE, "basic_auth"),
        ('[{clinic, [{credentials, {"svc",\n    "%s"}}]}].' % FAKE, "credentials"),
    ],
)
def test_other_pairs_of_a_user_and_a_password_are_reported(text: str, name: str) -> None:
    """Was missed."""
    (message,) = configmap_messages("sys.config", text, FAKE)
    assert f'sets "{name}" in plain text' in message, message


@pytest.mark.parametrize(
    "text",
    [
        LDAP % ('<<"cn=admin,dc=example,dc=org">>', '<<"${LDAP_BIND_PASSWORD}">>'),
        LDAP % ('"cn=admin,dc=example,dc=org"', '""'),
        "[{rabbitmq_auth_backend_ldap, [{other_bind, anon}, {dn_lookup_bind, as_user}]}].",
        '[{rabbitmq_auth_backend_ldap, [{group_lookup_base, {"ou=groups", "dc=example"}}]}].',  # no bind
        '[{clinic, [{listener, {"0.0.0.0", "8080"}}]}].',
    ],
)
def test_references_anon_binds_and_other_pairs_are_none(text: str) -> None:
    assert configmap_messages("advanced.config", text, FAKE) == []


def test_many_open_pairs_stay_linear() -> None:
    text = "[" + '{a, {"b", <<' * 5000 + '{other_bind, {"' * 5000 + "]."
    started = time.perf_counter()
    assert configmap_messages("advanced.config", text, FAKE) == []
    assert time.perf_counter() - started < 2.0
