"""disallow-plaintext-secrets: a token glued to a short option letter (``tool -kTOKEN``, ``env
-STOKEN ...``) is found as it is found alone. The token formats wanted no letter right before their
prefix (``ghp_``, ``glpat-``, ``AKIA``...), and an attached option letter is one: ``-kghp_...`` and
``env -SAKIA...`` were missed, while ``--opt=TOKEN`` and ``-k TOKEN`` were caught. A prefix inside a
longer word still does not count, nor a prefix without the full token shape. Tokens here are fake
(built from a filler); no message, short text or path shows any piece of one."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import configmap, container, decide, pod

from webhook.checks.secrets import values
from webhook.checks.secrets.values import credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"
FILL = "Xq7Wm2Zp9Lr4Tn8Vb3Kc6Hd1Jf5Gs0Ya4Qe8Ru2Iy6Ow1Pl3Mn9Bv5Cx7Zz0Aa"
HEX = "0123456789abcdef" * 4

TOKENS: dict[str, str] = {
    "an AWS access key id": "AKIA" + FILL[:16].upper(),
    "a JSON Web Token": "eyJ" + FILL[:12] + ".eyJ" + FILL[12:24] + "." + FILL[24:36],
    "a bearer token": "Bearer " + FILL[:24],
    "basic auth credentials": "Basic " + FILL[:20],
    "a GitHub token": "ghp_" + FILL[:36],
    "a GitLab token": "glpat-" + FILL[:20],
    "a Slack token": "xoxb-" + FILL[:16],
    "a Stripe secret key": "sk_live_" + FILL[:24],
    "an OpenAI API key": "sk-proj-" + FILL[:24],
    "an Anthropic API key": "sk-ant-api03-" + FILL[:24],
    "a Hugging Face token": "hf_" + FILL[:34],
    "a Vault token": "hvs." + FILL[:24],
    "a DigitalOcean token": "dop_v1_" + HEX,
    "a Shopify access token": "shpat_" + HEX[:32],
    "a Google OAuth access token": "ya29." + FILL[:24],
    "a Telegram bot token": "123456789:A" + FILL[:34],
    "a Google API key": "AIza" + FILL[:35],
    "an npm token": "npm_" + FILL[:36],
    "a PyPI API token": "pypi-AgEIcHlwaS5vcmc" + FILL[:60],
    "a SonarQube token": "squ_" + HEX[:40],
    "a SendGrid API key": "SG." + FILL[:22] + "." + FILL[:43],
    "a NATS nkey seed": "SUA" + ("QW2ZP7LR4TN3VB6KC5HD" * 3)[:55],
    "a Slack webhook URL": "hooks.slack.com/services/T0A1B2C3/B0A1B2C3/" + FILL[:24],
    "a Discord webhook URL": "discord.com/api/webhooks/123456789012345678/" + FILL[:44],
    "a Microsoft Teams webhook URL": "acme.webhook.office.com/webhookb2/" + FILL[:20] + "/IncomingWebhook/" + HEX[:32],
}
"""One fake token of each format ``values`` knows that starts with a literal (the PEM header and
OpenVPN's static key marker are lines of dashes: an option letter before one is no word; a RADIUS user's password is read from its
line's start, no token)."""


def test_every_token_format_is_in_the_table_and_found_after_an_option_letter() -> None:
    # not tokens glued to an option: a PEM header's dashes (and OpenVPN's static key's), a RADIUS users file's line
    labels = {label for label, _, _ in values._TOKEN_FORMS} - {"a PEM private key", "an OpenVPN static key", "a RADIUS user's password"}
    assert set(TOKENS) == labels
    for kind, token in TOKENS.items():
        assert credential_kind(token) == kind, kind
        assert credential_kind("-k" + token) == kind, kind


def _shapes(token: str) -> dict[str, dict[str, Any]]:
    return {
        "-kTOKEN": pod([container(command=["tool", "-k" + token, "app"])]),
        "args -kTOKEN": pod([container(command=["tool"], args=["-v", "-k" + token])]),
        "env -STOKEN": pod([container(command=["env", "-S" + token + " --verbose", "app"])]),
        "env, args -STOKEN": pod([container(command=["env"], args=["-S" + token, "app"])]),
        "sh -c env -STOKEN": pod([container(command=["sh", "-c", f"env -S{token} app"])]),
        "sh -c tool -kTOKEN": pod([container(command=["sh", "-c", f"tool -k{token} app"])]),
        "sh -c quoted": pod([container(command=["sh", "-c", f"tool '-k{token}' app"])]),
        "exec probe": pod([container(readinessProbe={"exec": {"command": ["tool", "-k" + token]}})]),
        "env option string": pod([container(env=[{"name": "APP_OPTS", "value": f"-v -k{token}"}])]),
        "configmap script": configmap({"run.sh": f"#!/bin/sh\ntool -k{token} app\n"}),
    }


def _pieces(token: str) -> list[str]:
    """Each 4+ character piece of ``token`` that holds a digit: every piece of its fake secret part
    (the filler holds a digit every other character), no piece of its fixed text (``Bearer``,
    ``.com/api``: text a message or a path may hold itself)."""
    return sorted({token[i:j] for i in range(len(token)) for j in range(i + 4, len(token) + 1) if any(c.isdigit() for c in token[i:j])}, key=len)


@pytest.mark.parametrize("shape", list(_shapes("x")))
def test_a_token_glued_to_an_option_letter_is_found_and_never_shown(shape: str) -> None:
    missed: list[str] = []
    for kind, token in TOKENS.items():
        decision = decide(_shapes(token)[shape])
        if not any(f"holds {kind}" in f.message for f in decision.findings if f.policy == POLICY):
            missed.append(kind)
        shown = repr([(f.message, f.short, f.path, f.container) for f in decision.findings] + [decision.message, decision.warnings])
        leaks = [piece for piece in _pieces(token) if piece in shown]
        assert not leaks, (kind, shape, leaks[:3])
    assert not missed, (shape, missed)


@pytest.mark.parametrize("shape", ["-k{}", "-S{} tool", "tool -k{}", "'-p{}'", 'x="-X{}"', "tool -v -K{} app"])
def test_the_scan_finds_a_token_after_an_option_letter_once(shape: str) -> None:
    missed: list[str] = []
    for kind, token in TOKENS.items():
        text = shape.format(token)
        if credential_kind(text) != kind or credential_kinds(text) != [kind]:
            missed.append(kind)
    assert not missed, (shape, missed)


GHP = "ghp_" + FILL[:36]
PAIRS = [
    # (glued to one option letter: a token; the same without the full shape or inside a longer word: none)
    ("-k" + GHP, "-kghp"),  # a prefix alone
    ("-k" + GHP, "-k" + GHP[:-1]),  # one character short
    ("-kglpat-" + FILL[:20], "-kglpat-" + FILL[:19]),
    ("-kxoxb-" + FILL[:10], "-kxoxb-" + FILL[:9]),
    ("-knpm_" + FILL[:36], "-knpm_" + FILL[:35]),
    ("-khf_" + FILL[:34], "-khf_" + FILL[:33]),
    ("-k" + GHP, "-kx" + GHP),  # two letters: the prefix inside a word
    ("-Xglpat-" + FILL[:20], "-Xmxglpat-" + FILL[:20]),
    ("-k" + GHP, "tool-k" + GHP),  # a word before the dash
    ("-knpm_" + FILL[:36], "a_-knpm_" + FILL[:36]),
    ("-ksk_live_" + FILL[:24], "-kwsk_live_" + FILL[:24]),
    ("-khf_" + FILL[:34], "--khf_" + FILL[:34]),  # a long option
    ("-SAKIA" + FILL[:16].upper(), "-SXAKIA" + FILL[:16].upper()),
    ("-k" + GHP, "-9" + GHP),  # a digit is no option letter
]


@pytest.mark.parametrize(("token", "text"), PAIRS)
def test_only_a_whole_token_right_after_one_option_letter_counts(token: str, text: str) -> None:
    assert credential_kind(token) is not None
    assert credential_kind(text) is None
    assert credential_kinds(text) == []
    for argument, found in ((token, True), (text, False)):
        decision = decide(pod([container(command=["tool", argument, "app"])]))
        assert bool([f for f in decision.findings if f.policy == POLICY]) is found, argument
