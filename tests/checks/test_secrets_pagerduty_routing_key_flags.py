"""PagerDuty's integration key under a name ending in routing key, judged by the key's shape as
Alertmanager's routing_key is: a client's --routing-key KEY / --routing-key=KEY, PD_ROUTING_KEY as
an env var, a script's export or a .conf/.env setting; PAGERDUTY_KEY named a key (since 1.25.543)."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, compliant, configmap, configmap_messages, decide, everything_shown, pod, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"
KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # a fake of an integration key's shape: 32 hex digits


def _messages(obj: dict[str, object], secret: str = KEY) -> list[str]:
    decision = decide(obj)
    assert secret not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _sender(*args: str, env: list[dict[str, str]] | None = None) -> dict[str, object]:
    return pod([compliant(command=["pd-send"], args=list(args), env=env or [])])


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("--routing-key", KEY, "--event-action", "trigger"), 'args[1] passes the value of "--routing-key"'),
        ((f"--routing-key={KEY}",), 'args[0] sets "--routing-key"'),
        ((f"-t trigger --routing-key {KEY}",), 'args[0] passes the value of "--routing-key"'),
    ],
)
def test_routing_key_flag_with_a_pagerduty_key_is_reported_once(args: tuple[str, ...], shown: str) -> None:
    (message,) = _messages(_sender(*args))
    assert shown in message, message


def test_routing_key_flag_in_a_script_is_reported_once() -> None:
    (message,) = _messages(script_pod(f'pd-send --routing-key {KEY} -t trigger -d "disk full"'))
    assert 'passes the value of "--routing-key"' in message, message


@pytest.mark.parametrize("name", ["PD_ROUTING_KEY", "PAGERDUTY_SERVICE_ROUTING_KEY", "pdRoutingKey"])
def test_env_var_ending_in_routing_key_with_a_pagerduty_key_is_reported(name: str) -> None:
    (message,) = _messages(_sender(env=[{"name": name, "value": KEY}]))
    assert f'env var "{name}" sets a PagerDuty integration key in plain text' in message, message


def test_a_scripts_export_is_reported_once() -> None:
    (message,) = _messages(script_pod(f"export PD_ROUTING_KEY={KEY}; exec pd-agent"))
    assert 'sets "PD_ROUTING_KEY"' in message, message


@pytest.mark.parametrize("key", ["alerts.conf", "pagerduty.env"])
def test_config_file_setting_is_reported(key: str) -> None:
    assert configmap_messages(key, f"PD_ROUTING_KEY={KEY}\nPD_SEVERITY=critical\n", KEY) == [
        f'ConfigMap "config" key "{key}" sets "PD_ROUTING_KEY" in plain text (line 1). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]


def test_pagerduty_key_names_a_key_whatever_it_holds() -> None:
    reported_once(_sender(env=[{"name": "PAGERDUTY_KEY", "value": FAKE}]), POLICY, 'env var "PAGERDUTY_KEY" sets a sensitive value')
    assert configmap_messages("alerts.conf", f"PAGERDUTY_KEY={FAKE}\n", FAKE) != []


@pytest.mark.parametrize(
    "args",
    [
        ("--routing-key", "lab.results.created"),
        ("--routing-key=lab.results.created",),
        ("--routing-key", "$(PD_ROUTING_KEY)"),
        ("--routing-key", KEY.upper() + "0"),  # 33 characters
        ("--routing-key-file", "/etc/pagerduty/key"),
    ],
)
def test_routing_key_flag_without_a_pagerduty_key_is_harmless(args: tuple[str, ...]) -> None:
    assert _messages(_sender(*args)) == []


def test_harmless_twins_in_env_scripts_and_files() -> None:
    env = [
        {"name": "AMQP_ROUTING_KEY", "value": "lab.results.created"},
        {"name": "PD_ROUTING_KEY_FILE", "value": "/etc/pagerduty/routing-key"},
        {"name": "PD_ROUTING_KEY", "value": "$(PAGERDUTY_KEY_FROM_SECRET)"},
    ]
    assert _messages(_sender(env=env)) == []
    assert _messages(script_pod('pd-send --routing-key "$PD_ROUTING_KEY"; amqp-publish --routing-key=orders.created')) == []
    assert configmap_messages("broker.conf", "AMQP_ROUTING_KEY=orders.created\nPD_ROUTING_KEY=${PD_KEY}\n", KEY) == []
    assert _messages(configmap({"broker.env": "ROUTING_KEY=orders.created\n"})) == []
