"""disallow-plaintext-secrets: files of Erlang terms (RabbitMQ's ``advanced.config`` and classic
``rabbitmq.config``, a release's ``sys.config``) set passwords in ``{name, <<"value">>}`` tuples;
no reader read them, so ``[{rabbit, [{default_pass, <<"...">>}]}].`` passed in a ConfigMap."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.erlang_config import is_erlang_terms

ADVANCED = """\
%% RabbitMQ advanced configuration
[
 {rabbit, [
   {default_user, <<"clinic">>},
   {default_pass, <<"%s">>},
   {password_hashing_module, rabbit_password_hashing_sha256}
 ]},
 {rabbitmq_management, [{listener, [{port, 15672}]}]}
].
"""


def test_a_binary_password_in_advanced_config_is_reported_at_its_line() -> None:
    """Was missed."""
    messages = configmap_messages("advanced.config", ADVANCED % FAKE, FAKE)
    assert len(messages) == 1 and 'sets "default_pass"' in messages[0] and "(line 5)" in messages[0]


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("rabbitmq.config", '[{rabbit, [{tcp_listeners, [5672]}, {default_pass, <<"%s">>}]}].' % FAKE, "default_pass"),
        ("rabbitmq.config", '[{rabbit, [{ssl_options, [{certfile, "/tls/cert.pem"}, {password, "%s"}]}]}].' % FAKE, "password"),
        ("sys.config", "[{kernel, []}, {clinic, [{'db-password', \"%s\"}]}]." % FAKE, "db-password"),
    ],
)
def test_a_password_tuple_on_one_line_is_reported(key: str, text: str, name: str) -> None:
    """Was missed."""
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'sets "{name}"' in messages[0]


@pytest.mark.parametrize(
    "text",
    [
        ADVANCED % "${RABBITMQ_DEFAULT_PASS}",
        '[{rabbit, [{default_pass, <<"">>}, {loopback_users, []}]}].',
        "[{rabbit, [{ssl_options, [{password, undefined}, {verify, verify_peer}]}]}].",
        '[{rabbit, [{default_user, <<"clinic">>}, {auth_backends, [rabbit_auth_backend_ldap]}]}].',
    ],
)
def test_references_empty_strings_atoms_and_other_settings_are_none(text: str) -> None:
    assert configmap_messages("advanced.config", text, FAKE) == []


def test_only_a_list_ended_by_a_dot_is_read_as_erlang_terms() -> None:
    assert is_erlang_terms("% comment\n[{a, <<\"b\">>}].\n")
    assert not is_erlang_terms('{"password": "x"}')
    assert not is_erlang_terms('[{a, "b"}]')
    assert not is_erlang_terms('x = 1\n[{a, "b"}].')


def test_many_open_tuples_stay_linear() -> None:
    text = "[" + '{a, "{b, <<"' * 6000 + "]."
    started = time.perf_counter()
    assert configmap_messages("advanced.config", text, FAKE) == []
    assert time.perf_counter() - started < 2.0
