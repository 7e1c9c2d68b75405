"""disallow-plaintext-secrets: a process substitution ``<(...)`` is a file holding what its commands
write: given as a command's input (``sudo -S id < <(echo ...)``) it is that command's input, and
``cat <(echo ...)`` copies it into the pipe after cat, as ``echo ... | sudo -S id`` pipes it. A
literal written so for a program reading a secret on its input is reported, in a ConfigMap's
``run.sh`` as in a container's ``sh -c``; a reference, a file read there, and a substitution no
reader gets stay harmless. Secret values here are fake (``Zq7fake-pw9``) and never appear in a
message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _script_key_messages(text: str) -> list[str]:
    return [f.message for f in findings(configmap({"run.sh": text + "\n"}), POLICY)]


def _sh_c_messages(text: str) -> list[str]:
    return [f.message for f in findings(pod([container(command=["sh", "-c", text])]), POLICY)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"cat <(echo {FAKE_PW}) | sudo -S id", '"sudo" on its input (cat <(echo ...) | sudo -S)'),
        (f"sudo -S id < <(echo {FAKE_PW})", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"sudo -S id 0< <(printf '%s\\n' {FAKE_PW})", '"sudo" on its input (sudo -S < <(printf ...))'),
        (f"cat < <(echo {FAKE_PW}) | sudo -S id", '"sudo" on its input (echo ... | cat | sudo -S)'),
        (f"cat <(echo {FAKE_PW}) | tee /tmp/x | docker login -u me --password-stdin r.example", '"docker" on its input (cat <(echo ...) | tee | docker'),
        (f"docker login -u me --password-stdin r.example < <(cat <<< {FAKE_PW})", '"docker" on its input (docker ... --password-stdin < <(cat <<...))'),
        (f"chpasswd < <(echo root:{FAKE_PW})", '"chpasswd" on its input (chpasswd < <(echo ...))'),
        (f"sudo -S id < <( ( echo {FAKE_PW} ) )", '"sudo" on its input (sudo -S < <(echo ...))'),
        (f"cat <(echo {FAKE_PW}) /etc/motd | sudo -S id", '"sudo" on its input (cat <(echo ...) | sudo -S)'),
        (f"chpasswd < <(echo root:$PW; echo app:{FAKE_PW})", '"chpasswd" on its input (chpasswd < <(echo ...))'),
        (f"cat <(echo a) <(echo {FAKE_PW}) | docker login -u me --password-stdin r.example", '"docker" on its input (cat <(echo ...) | docker'),
        (f"( cat <(echo {FAKE_PW}) ) | sudo -S id", '"sudo" on its input ((echo ...) | sudo -S)'),
    ],
)
def test_a_literal_written_by_a_process_substitution_for_a_reader_is_reported(text: str, shown: str) -> None:
    for messages in (_script_key_messages(text), _sh_c_messages(text)):
        assert len(messages) == 1, (text, messages)
        assert shown in messages[0] and FAKE_PW not in messages[0], messages


def test_a_setting_written_into_the_readers_secret_is_the_readers_finding() -> None:
    """``echo PASSWORD=... | docker login --password-stdin`` is one secret, reported as the reader's:
    the same through a process substitution."""
    for text in (
        f"docker login -u me --password-stdin r.example < <(echo PASSWORD={FAKE_PW})",
        f"cat <(echo PASSWORD={FAKE_PW}) | docker login -u me --password-stdin r.example",
    ):
        for messages in (_script_key_messages(text), _sh_c_messages(text)):
            assert len(messages) == 1 and '"docker"' in messages[0], (text, messages)


@pytest.mark.parametrize(
    "text",
    [
        "cat <(cat /run/secrets/pw) | sudo -S id",
        "sudo -S id < <(cat /run/secrets/pw)",
        'sudo -S id < <(echo "$PW")',
        "cat <(echo \"$(cat /run/secrets/pw)\") | sudo -S id",
        "diff <(echo a) <(echo b)",
        "sudo -S id < <(echo)",
        f"diff <(echo {FAKE_PW}) /etc/motd | sudo -S id",  # diff's output, not the file's
        f"cat -n <(echo {FAKE_PW}) | sudo -S id",  # numbered: not the line written
        f"cat /etc/motd <(echo {FAKE_PW}) | sudo -S id",  # sudo reads motd's first line
        f"wc -l <(echo {FAKE_PW}) | sudo -S id",
        f"grep -q x <(echo {FAKE_PW}) && sudo -S id < /dev/null",
        "paste <(echo a) <(echo b) | sort",
        f"echo <(echo {FAKE_PW}) | sudo -S id",  # echo prints the file's name
        f"cat <(echo \"$PW\"; echo {FAKE_PW}) | sudo -S id",  # sudo reads the first line
        f"sudo -S id < <(echo $PW; echo {FAKE_PW})",
        "cat <(echo \"$PW\") > /tmp/pw",
    ],
)
def test_a_reference_a_file_or_output_no_reader_gets_stays_harmless(text: str) -> None:
    assert _script_key_messages(text) == [], text
    assert _sh_c_messages(text) == [], text
