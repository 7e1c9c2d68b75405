"""argocd-cm's ``repository.credentials`` (a key naming credentials) whose YAML holds only
references to Secrets (``passwordSecret: {name: x, key: password}``, ``usernameSecret:``,
``sshPrivateKeySecret:``, ``tlsClientCertKeySecret:``) was reported by its key's name ("looks like
a secret"). Such text, YAML mapping entries one of which references a Secret, is now judged by its
settings, as ``repositories`` and ``helm.repositories`` are: the references pass, a literal
``password:`` inside stays reported by its line, and no message shows it."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

POLICY = "disallow-plaintext-secrets"
URL = "- url: https://git.trials.example.org/clinical\n"


@pytest.mark.parametrize(
    "key, text",
    [
        ("repository.credentials", URL + "  passwordSecret:\n    name: repo-creds\n    key: password\n  usernameSecret:\n    name: repo-creds\n    key: username\n"),
        ("repository.credentials", "# ssh\n- url: git@git.example.org:a\n  sshPrivateKeySecret: {name: repo-ssh, key: sshPrivateKey}\n"),
        ("repository.credentials", URL + "  tlsClientCertKeySecret:\n    name: repo-tls\n    key: tls.key\n\n" + URL + "  githubAppPrivateKeySecret: {name: app, key: key}\n"),
        ("repository.credentials", "- passwordSecret: {name: a, key: password}\n"),
        ("credentials", URL + "  passwordSecret:\n    name: repo-creds\n    key: password\n"),
        ("repositories", URL + "  passwordSecret:\n    name: repo-creds\n    key: password\n"),
        ("helm.repositories", "- url: https://charts.example.org\n  name: ex\n  type: helm\n  passwordSecret: {name: c, key: password}\n"),
    ],
)  # fmt: skip
def test_references_to_secrets_only_are_harmless(key: str, text: str) -> None:
    """Was reported, 'key "repository.credentials" looks like a secret'."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "text, name, line",
    [
        (URL + f"  usernameSecret:\n    name: repo-creds\n    key: username\n  password: {FAKE}\n", "password", 5),
        (URL + f"  passwordSecret: {FAKE}\n", "passwordSecret", 2),
        (f"- password: {FAKE}\n  passwordSecret: {{name: a, key: b}}\n", "password", 1),
    ],
)
def test_a_literal_beside_the_references_is_reported_by_its_line(text: str, name: str, line: int) -> None:
    (message,) = configmap_messages("repository.credentials", text, FAKE)
    assert f'sets "{name}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        URL,  # no reference: judged by the key's name, as before
        URL + f"  password: {FAKE}\n",
        f"{FAKE}\n",
        URL + f"  passwordSecret: {{name: a, key: b}}\n{FAKE}\n",  # a line of another shape
    ],
)
def test_a_text_with_no_reference_is_judged_by_the_keys_name(text: str) -> None:
    (message,) = configmap_messages("repository.credentials", text, FAKE)
    assert 'key "repository.credentials" looks like a secret' in message


def test_a_private_key_beside_a_reference_stays_reported() -> None:
    text = URL + "  sshPrivateKeySecret: {name: a, key: b}\n  sshPrivateKey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n"
    text += "    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQy\n    -----END OPENSSH PRIVATE KEY-----\n"
    (message,) = configmap_messages("repository.credentials", text, FAKE)
    assert "PEM private key" in message


def test_a_long_list_of_references_is_read_in_linear_time() -> None:
    entry = URL + "  passwordSecret:\n    name: repo-creds\n    key: password\n"
    text = entry * 1200 + "  x:" + " " * 30000 + "y\n"
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    decision = decide(configmap({"repository.credentials": text + f"  password: {FAKE}\n"}))
    assert time.perf_counter() - started < 10
    assert FAKE not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert 'sets "password" in plain text' in message
