"""A ConfigMap key named ``credentials`` (the AWS CLI's ``~/.aws/credentials``): judged by its
``[section]`` and ``name = value`` lines, as an SMB credentials file is, not by the key's name; a
text of another shape, a lone word, is still judged by that name."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"
ID = "trial-exports-uploader"


@pytest.mark.parametrize(
    "key, text",
    [
        ("credentials", f"[default]\naws_access_key_id = {ID}\n"),
        ("credentials", f"# profiles\n[default]\naws_access_key_id = {ID}\n\n[profile archive]\naws_access_key_id = {ID}\nregion = eu-west-1\n"),
        ("credentials", "username=app\n"),
        ("credentials", "username = app\ndomain = TRIALS\n"),
        ("aws-credentials", f"[default]\r\naws_access_key_id = {ID}\r\n"),
        ("Credentials", "username=app\n"),
    ],
)  # fmt: skip
def test_a_credentials_file_of_no_secret_is_harmless(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "text, name, line",
    [
        (f"[default]\naws_access_key_id = {ID}\naws_secret_access_key = {FAKE}\n", "aws_secret_access_key", 3),
        (f"[default]\naws_access_key_id = {ID}\naws_session_token = {FAKE}\n", "aws_session_token", 3),
        (f"username=app\npassword={FAKE}\n", "password", 2),
    ],
)
def test_a_secret_line_in_a_credentials_file_is_reported_by_its_line(text: str, name: str, line: int) -> None:
    (message,) = configmap_messages("credentials", text, FAKE)
    assert f'sets "{name}" in plain text (line {line})' in message and ID not in message


@pytest.mark.parametrize("text", [FAKE, "dGVzdDE=", "dGVzdA==\n", f"app:{FAKE}\n", "[default]\n", "username=\n", f"{FAKE}\nusername=app\n"])
def test_a_text_of_another_shape_is_judged_by_the_keys_name(text: str) -> None:
    (message,) = configmap_messages("credentials", text, FAKE)
    assert 'key "credentials" looks like a secret' in message


def test_another_key_naming_credentials_is_judged_as_before() -> None:
    (message,) = configmap_messages("db-credentials", "username=app\n", FAKE)
    assert 'key "db-credentials" looks like a secret' in message


def test_a_long_credentials_file_is_read_in_linear_time() -> None:
    text = "[default]\n" + f"aws_access_key_id = {ID}\n" * 3000 + "region =" + " " * 40000 + "x\n"
    assert len(text) > 64 * 1024
    decision = decide(configmap({"credentials": text + f"aws_secret_access_key = {FAKE}\n"}))
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "aws_secret_access_key"' in message
