"""disallow-plaintext-secrets: Erlang cookies authenticate the nodes of a cluster to each other.
``RABBITMQ_ERLANG_COOKIE`` was reported, but EMQX's ``node.cookie`` and ``EMQX_NODE__COOKIE``
(``cookie`` ends the name: a web cookie's name, not one), ``erl -setcookie ...`` and the
``-setcookie`` line of a release's ``vm.args`` passed."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.names import name_is_sensitive

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, object]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("name", ["EMQX_NODE__COOKIE", "RABBITMQ_ERLANG_COOKIE", "node.cookie", "ERLANG_COOKIE"])
def test_an_erlang_cookie_env_var_is_reported(name: str) -> None:
    """EMQX_NODE__COOKIE was missed."""
    messages = _messages(pod([container(env=[{"name": name, "value": FAKE}])]))
    assert len(messages) == 1 and f'env var "{name}" sets a sensitive value' in messages[0]


@pytest.mark.parametrize("name", ["CSRF_TOKEN_COOKIE", "SESSION_COOKIE", "AUTH_COOKIE", "cookie"])
def test_other_names_ending_in_cookie_still_describe_one(name: str) -> None:
    assert not name_is_sensitive(name)


def test_emqx_node_cookie_in_emqx_conf_is_reported_at_its_line() -> None:
    """Was missed."""
    text = f'node.name = "emqx@127.0.0.1"\nnode.cookie = "{FAKE}"\n'
    messages = configmap_messages("emqx.conf", text, FAKE)
    assert len(messages) == 1 and 'sets "node.cookie"' in messages[0] and "(line 2)" in messages[0]


@pytest.mark.parametrize("key", ["vm.args", "rel/vm.args.src"])
def test_setcookie_in_vm_args_is_reported_at_its_line(key: str) -> None:
    """Was missed: vm.args was read by no reader."""
    text = f"## Name of the node\n-name app@127.0.0.1\n\n-setcookie {FAKE}\n+K true\n"
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and 'sets "-setcookie"' in messages[0] and "(line 4)" in messages[0]


def test_setcookie_of_another_node_in_vm_args_is_reported() -> None:
    messages = configmap_messages("vm.args", f"-setcookie other@host {FAKE}\n", FAKE)
    assert len(messages) == 1 and "(line 1)" in messages[0]


@pytest.mark.parametrize(
    "text",
    ["-name app@127.0.0.1\n-setcookie ${ERLANG_COOKIE}\n", "# -setcookie " + FAKE + "\n", "-name app\n+K true\n", "-setcookie\n"],
)
def test_a_referenced_or_commented_out_cookie_in_vm_args_is_not_reported(text: str) -> None:
    assert configmap_messages("vm.args", text, FAKE) == []


def test_setcookie_in_a_script_and_in_args_is_reported_by_its_flag() -> None:
    """Was missed; the flag is named whole, not as ``-s<...>``."""
    for obj in (
        script_pod(f"exec erl -sname worker -setcookie {FAKE} -s app"),
        pod([container(command=["erl"], args=["-sname", "worker", "-setcookie", FAKE])]),
    ):
        messages = _messages(obj)
        assert len(messages) == 1 and 'passes the value of "-setcookie" in plain text' in messages[0]


def test_setcookie_given_a_variable_is_not_reported() -> None:
    assert _messages(script_pod('exec erl -sname worker -setcookie "$ERLANG_COOKIE" -s app')) == []


@pytest.mark.parametrize(
    "text",
    [
        'node {{\n  name = "emqx@127.0.0.1"\n  cookie = "{fake}"\n}}\n',
        'node {{\n  cookie: "{fake}"\n}}\n',
        'node:\n  name: emqx@127.0.0.1\n  cookie: "{fake}"\n',
    ],
)
def test_a_cookie_inside_a_node_block_is_reported_as_node_cookie(text: str) -> None:
    """Was missed: the nested name was read as the bare ``cookie`` (a web cookie's)."""
    messages = configmap_messages("emqx.conf", text.format(fake=FAKE), FAKE)
    assert len(messages) == 1 and 'sets "node.cookie"' in messages[0]


@pytest.mark.parametrize(
    "text",
    [
        'session {\n  cookie = "app_session"\n}\n',
        'http {\n  session {\n    cookie = "sid"\n  }\n}\n',
        'dashboard:\n  cookie: emqx_dashboard_sid\n',
        "node {\n  cookie = ${EMQX_COOKIE}\n}\n",
    ],
)
def test_a_cookie_in_another_block_or_a_referenced_node_cookie_is_not_reported(text: str) -> None:
    assert configmap_messages("app.conf", text, FAKE) == []
