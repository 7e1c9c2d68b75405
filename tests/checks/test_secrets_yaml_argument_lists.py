"""disallow-plaintext-secrets: a YAML list of a program's arguments in a ConfigMap file (a kubeconfig
exec plugin's ``args:`` / ``- --oidc-client-secret=...``, a Helm chart's ``extraArgs``) is judged item
by item as a container's arguments are: a sensitive ``--name=value`` with a literal is reported under
the flag's name on its line; a reference, a file's path or a neutral flag is none."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, compliant, configmap, configmap_messages, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"

KUBECONFIG = """apiVersion: v1
kind: Config
users:
- name: oidc
  user:
    exec:
      command: kubectl
      args:
      - oidc-login
      - get-token
      - --oidc-issuer-url=https://idp.example.org
      - --oidc-client-id=kubernetes
      - --oidc-client-secret={value}
"""


def test_a_kubeconfig_exec_plugin_client_secret_is_reported_once_on_its_line() -> None:
    (message,) = configmap_messages("kubeconfig", KUBECONFIG.format(value=FAKE), FAKE)
    assert '"--oidc-client-secret" in plain text (line 13)' in message


def test_the_same_flag_in_a_container_is_reported_under_the_same_name() -> None:
    decision = decide(pod([compliant(args=["oidc-login", f"--oidc-client-secret={FAKE}"])]))
    assert FAKE not in everything_shown(decision)
    assert any('"--oidc-client-secret"' in f.message for f in decision.findings if f.policy == POLICY)


@pytest.mark.parametrize("value", ["$(OIDC_CLIENT_SECRET)", "${OIDC_CLIENT_SECRET}", "/etc/oidc/client-secret"])
def test_a_reference_or_a_path_is_no_finding(value: str) -> None:
    assert configmap_messages("kubeconfig", KUBECONFIG.format(value=value), FAKE) == []


@pytest.mark.parametrize(
    ("text", "line", "flags"),
    [
        (f"extraArgs:\n  - --password={FAKE}\n  - --log-level=debug\n", 2, ["--password"]),
        (f'args:\n- "--token={FAKE}"\n- \'--api-key={FAKE}\'\n', 2, ["--token", "--api-key"]),
        (f'exporter:\n  extraArgs: ["--password={FAKE}", --log.level=info]\n', 2, ["--password"]),
        (f"flags: [--db-password={FAKE}, '--token={FAKE}']\n", 1, ["--db-password", "--token"]),
        (f"command:\n  - /bin/exporter\n  - --password={FAKE}  # set by ops\n", 3, ["--password"]),
    ],
)
def test_helm_values_argument_lists_are_reported(text: str, line: int, flags: list[str]) -> None:
    messages = configmap_messages("values.yaml", text, FAKE)
    assert [m.split(" sets ", 1)[1].split(" ", 1)[0] for m in messages] == [f'"{flag}"' for flag in flags]
    assert f"(line {line})" in messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "extraArgs:\n  - --password-file=/etc/exporter/password\n  - --log-level=debug\n",
        'args: ["--token=$(EXPORTER_TOKEN)", "--web.listen-address=:9100"]\n',
        f"items:\n  - --password={FAKE}\n",  # a list under another key: no arguments
        f"args:\n  - run\nother:\n  - --password={FAKE}\n",  # the list ended by a key at its indent
    ],
)
def test_harmless_twins_are_no_finding(text: str) -> None:
    assert configmap_messages("values.yaml", text, FAKE) == []


def test_an_adversarial_list_is_read_in_linear_time() -> None:
    text = "args:\n" + "- --a=" + "-" * 65536 + "\n" + "  - --x=b\n" * 4000
    started = time.process_time()
    decision = decide(configmap({"values.yaml": text}))
    assert time.process_time() - started < 5
    assert [f for f in decision.findings if f.policy == POLICY] == []
