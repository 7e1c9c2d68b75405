"""The performance shortcuts taken in shared code give the same answers as the plain versions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.checks import secrets

SAMPLES = [
    "AKIAABCDEFGHIJKLMNOP", "-----BEGIN RSA PRIVATE KEY-----", "ghp_" + "a" * 36, "glpat-" + "b" * 20,
    "xoxb-1234567890-abc", "sk_live_" + "c" * 16, "AIza" + "d" * 35, "npm_" + "e" * 36,
    "SG." + "f" * 22 + "." + "g" * 43, "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4",
    "postgres://u:p@db:5432/x", "user:pass@tcp(db:3306)/app", "plain", "", "-", "a-b", "x AKIAABCDEFGHIJKLMNOP y",
]  # fmt: skip


def plain_credential_kind(value: str) -> str | None:
    """credential_kind without the combined pre-screen regex."""
    if "@" in value:
        for match in secrets._DSN_URL.finditer(value):
            if not secrets._is_placeholder(match.group(2)):
                return "a URL with a password (user:password@host)"
        for match in secrets._DSN_BARE.finditer(value):
            if not secrets._is_placeholder(match.group(1)) and not match.group(0).startswith("sha"):
                return "a DSN with a password (user:password@host)"
    if "-" in value or value[:1].isalnum():
        for label, pattern in secrets._VALUE_PATTERNS:
            if pattern.search(value):
                return label
    return None


def test_prescreen_samples() -> None:
    for value in SAMPLES:
        assert secrets.credential_kind(value) == plain_credential_kind(value), value
    assert sum(secrets.credential_kind(v) is not None for v in SAMPLES) >= 12


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SAMPLES) | st.text(max_size=20), max_size=4).map("".join))
def test_prescreen_property(value: str) -> None:
    assert secrets.credential_kind(value) == plain_credential_kind(value)


def test_cached_env_judgement_matches_uncached() -> None:
    for name in ("DB_PASSWORD", "LOG_LEVEL", "API_TOKEN", "TOKEN_TTL", "#3"):
        for value in SAMPLES + ["$(VAR)", "/etc/file", "true"]:
            cached = secrets._env_problem(name, value, (), ())
            assert cached == secrets._env_problem.__wrapped__(name, value, (), ())
    assert secrets._env_problem("DB_PASSWORD", "hunter2", (), ()) is not None
    assert secrets._env_problem("DB_PASSWORD", "hunter2", (), ("DB_PASSWORD",)) is None  # params are part of the key
