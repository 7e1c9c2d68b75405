"""An htpasswd file in a ConfigMap (``.htpasswd``, ``users.htpasswd``...) is read line by line: the
hashes ``htpasswd`` writes are what the file is for, a password in plain text (``htpasswd -p``,
nginx's ``{PLAIN}``) is reported by its line, never shown; a text of another shape is judged by
the key's name, as before."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown

from webhook.checks.secrets.password_files import htpasswd_lines, password_file_lines

POLICY = "disallow-plaintext-secrets"
APR1 = "admin:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/"
BCRYPT = "ops:$2y$05$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC"
SHA = "monitor:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="
DES = "legacy:abJnggxhB/yWI"
SHA512 = "root:$6$saltsalt$" + "qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/"
SSHA = "nginx:{SSHA}" + "W6ph5Mm5Pz8GgiULbPgzG37mj9g1234"


@pytest.mark.parametrize("key", [".htpasswd", "htpasswd", "users.htpasswd", "htpasswd.users", "nginx-htpasswd", ".HTPASSWD"])
@pytest.mark.parametrize(
    "text",
    [
        f"{APR1}\n{BCRYPT}\n{SHA}\n",
        f"# made with htpasswd -B\n{APR1}\n\n{DES}\n{SHA512}\n{SSHA}\n",
        f"{APR1}\r\n{BCRYPT}\r\n",
        "admin:$apr1$short\nbob:${BOB_HASH}\ncarol:{{ .Values.carolHash }}\ndave:\n",  # cut short, references, empty
        "admin:Restricted:5f4dcc3b5aa765d61d8327deb882cf99\n",  # an htdigest line
    ],
)
def test_an_htpasswd_file_of_hashes_is_no_secret(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"{APR1}\nmonitor:{FAKE}\n", 2),
        (f"monitor:{FAKE}\n{APR1}\n{BCRYPT}\n", 1),
        (f"{APR1}\nmonitor:{{PLAIN}}{FAKE}\n", 2),  # nginx's plain-text scheme
        (f"# users\n{SHA}\nmonitor:{FAKE}:comment\n", 3),  # the password ends at the next colon
        (f"{APR1}\nmonitor:Password12345\n", 2),  # 13 characters, but no DES hash ends with 5
    ],
)
def test_a_plain_text_password_among_hashes_is_reported_by_its_line(text: str, line: int) -> None:
    secret = text.split("monitor:")[1].split("\n")[0].split(":")[0].removeprefix("{PLAIN}")
    assert configmap_messages(".htpasswd", text, secret) == [
        f'ConfigMap "config" key ".htpasswd" sets a password in plain text (line {line}). Fix: move it into a Secret '
        "and mount or reference that Secret instead."
    ]


def test_each_plain_text_line_is_a_finding() -> None:
    messages = configmap_messages("users.htpasswd", f"a:{FAKE}\n{APR1}\nb:{FAKE}2\n", FAKE)
    assert [m.split(" (")[1].split(")")[0] for m in messages] == ["line 1", "line 3"]


def test_a_base64_htpasswd_file_is_read_the_same_way() -> None:
    def binary(text: str) -> dict[str, Any]:
        data = {".htpasswd": base64.b64encode(text.encode()).decode()}
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "auth", "namespace": "shop"}, "binaryData": data}

    assert [f for f in decide(binary(f"{APR1}\n{BCRYPT}\n")).findings if f.policy == POLICY] == []
    decision = decide(binary(f"{APR1}\nmonitor:{FAKE}\n"))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert "sets a password in plain text (base64-decoded, line 2)" in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        FAKE,  # a password alone, no htpasswd line
        f"users:\n  admin: {FAKE}\n",  # YAML: a line of another shape
        f"admin {FAKE}\n",
    ],
)
def test_a_text_of_another_shape_under_an_htpasswd_key_is_judged_by_the_name(text: str) -> None:
    assert configmap_messages(".htpasswd", text, FAKE) == [
        'ConfigMap "config" key ".htpasswd" looks like a secret. Fix: move it into a Secret and mount or reference that Secret instead.'
    ]


def test_only_htpasswd_keys_are_read_as_htpasswd_files() -> None:
    assert password_file_lines(".htpasswd", f"a:{FAKE}") == [1]
    assert password_file_lines("my-htpasswd-file", f"a:{FAKE}") == [1]
    assert password_file_lines("nothtpasswd", f"a:{FAKE}") is None
    assert password_file_lines("passwd", f"a:{FAKE}") is None
    assert password_file_lines(".pgpass", f"h:5432:db:u:{FAKE}") == [1]  # the other password files, as before


def test_a_script_creating_an_htpasswd_file_is_judged_by_its_commands() -> None:
    messages = configmap_messages("make-htpasswd.sh", f"htpasswd -bc /etc/nginx/.htpasswd admin {FAKE}\n", FAKE)
    assert len(messages) == 1 and 'passes a secret to "htpasswd"' in messages[0]


def test_a_long_htpasswd_line_is_read_in_linear_time() -> None:
    assert htpasswd_lines("a:x" + "$apr1$" * 20000 + " ") == [1]  # no hash: it starts with x
    assert htpasswd_lines("a" * 65536 + "\n" + "{x}" * 20000) is None
    assert htpasswd_lines("a:{" + "x" * 65536 + " ") == [1]
