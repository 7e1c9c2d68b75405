"""disallow-plaintext-secrets: a shell script writing blanks into a file named as a secret (``echo " " >
/tmp/db-password``, ``printf ' ' > /run/secrets/db-password``, ``tee /run/app/api-token <<< '  '``,
a here-document of blank lines) writes nothing to judge, as a ConfigMap entry's blank value is none
(1.25.419: the blank text reached ``names_something_else``, which takes a text with something in it,
and the review stopped with an IndexError in sh -c, probes, hooks and a ConfigMap's run.sh). A
literal written after it is still reported. Values are fakes."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, key_and_sh_c_messages, pod

from webhook.checks.secrets.configmap import written_file_holds_a_secret
from webhook.checks.secrets.names import Names

NAMES = Names.of((), ())
POLICY = "disallow-plaintext-secrets"

BLANK_WRITES = [
    'echo " " > /tmp/db-password',
    "printf ' ' > /run/secrets/db-password",
    "printf '\\t \\t' > /etc/app/api-token",
    "tee /run/app/api-token <<< '  '",
    "cat > /tmp/db-password <<EOF\n \n\t\nEOF\n",
    "echo '  ' | tee /tmp/client-secret > /dev/null; printf '  ' > /tmp/client-secret",
]


@pytest.mark.parametrize("script", BLANK_WRITES)
def test_blanks_written_into_a_file_named_as_a_secret_are_none(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert messages == []


@pytest.mark.parametrize("script", BLANK_WRITES)
def test_a_literal_written_after_blanks_is_reported_once(script: str) -> None:
    text = f"{script}\necho -n '{FAKE}' > /run/secrets/db_password\n"
    for messages in key_and_sh_c_messages(text):
        assert len(messages) == 1, messages
        assert 'writes a secret into "db_password" in plain text' in messages[0]


def test_blanks_written_in_a_probe_and_a_hook_are_none() -> None:
    script = 'echo " " > /tmp/db-password'
    app = container(
        livenessProbe={"exec": {"command": ["sh", "-c", script]}},
        lifecycle={"postStart": {"exec": {"command": ["/bin/bash", "-c", script]}}},
    )
    decision = decide(pod([app]))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    leaking = container(
        livenessProbe={"exec": {"command": ["sh", "-c", f"{script}; echo -n '{FAKE}' > /tmp/password"]}},
    )
    decision = decide(pod([leaking]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'writes a secret into "password"' in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize("text", [" ", "\t", " \n ", "\u00a0", "\r\n"])
def test_a_blank_written_file_holds_no_secret(text: str) -> None:
    assert not written_file_holds_a_secret(NAMES, "db-password", text)
    assert not written_file_holds_a_secret(NAMES, "config.json", text)
    assert written_file_holds_a_secret(NAMES, "config.json", f'{text}{{"password": "{FAKE}"}}{text}')  # text beside: judged


def test_a_blank_configmap_entry_stays_none() -> None:
    decision = decide(configmap({"db-password": " ", "run.sh": 'echo " " > /tmp/db-password'}))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    assert FAKE not in everything_shown(decision)
