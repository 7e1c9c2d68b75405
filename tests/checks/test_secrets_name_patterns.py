"""disallow-plaintext-secrets: the administrators' ``extraNames``/``allowedNames`` patterns are RE2
(as in Gatekeeper and Kyverno): matched in time linear in the workload's name whatever the pattern,
refused when the policy or configuration loads if RE2 cannot compile them, and otherwise matching
as the ``re`` patterns did (case-insensitive search; exact name or full match)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from check_helpers import FAKE, POLICIES, container, findings, pod

from webhook.checks.secrets.names import _compiled, is_allowed, name_is_sensitive
from webhook.config import default_policy_dir, parse_cluster_config
from webhook.errors import ConfigError, PolicyError
from webhook.policies import load_policies

POLICY = "disallow-plaintext-secrets"
HERE = Path(__file__).resolve().parent

# Run in a child process: with a backtracking engine the review never ends (2**5000 paths), and
# the timeout turns that into a failure instead of a hung CI job.
_CATASTROPHIC_REVIEW = textwrap.dedent(
    """
    import json, time
    from check_helpers import FAKE, POLICIES, container, decide, workload
    from webhook.config import parse_cluster_config

    params = {"extraNames": ["(a+)+$"], "allowedNames": ["(b+)+_TOKEN"]}
    config = parse_cluster_config({"parameters": {"disallow-plaintext-secrets": params}}, POLICIES, "cluster.yaml")
    long_a, long_b = "a" * 5000 + "!", "b" * 5000 + "!"
    env = [
        {"name": long_a, "value": FAKE},        # extraNames fails after backtracking over 5000 a's
        {"name": long_b, "value": FAKE},        # allowedNames likewise over 5000 b's
        {"name": "a" * 5000, "value": FAKE},    # extraNames matches: reported
        {"name": "bbb_TOKEN", "value": FAKE},   # sensitive, but allowed
        {"name": "API_TOKEN", "value": FAKE},   # sensitive, not allowed: reported
    ]
    args = ["--" + long_a + "=" + FAKE, "--" + long_b + "=" + FAKE]
    configmap = {
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "shop"},
        "data": {long_a: FAKE, long_b: FAKE, "app.properties": long_a + "=" + FAKE + "\\n" + long_b + "=" + FAKE + "\\n"},
    }
    started = time.monotonic()
    out = []
    for obj in (workload("Deployment", [container(env=env, args=args)], replicas=3), configmap):
        decision = decide(obj, config=config)
        out.append(sorted(f.path for f in decision.findings if f.policy == "disallow-plaintext-secrets"))
    print(json.dumps({"paths": out, "seconds": time.monotonic() - started}))
    """
)


def test_a_catastrophic_pattern_on_a_long_name_is_reviewed_in_linear_time(repo_root: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo_root), str(HERE)])}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CATASTROPHIC_REVIEW], capture_output=True, timeout=60, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the review of a 5001-character name against (a+)+$ did not end within 60 s")
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    workload_paths, configmap_paths = result["paths"]
    assert workload_paths == [
        "/spec/template/spec/containers/0/env/2/value",  # "a" * 5000, by extraNames
        "/spec/template/spec/containers/0/env/4/value",  # API_TOKEN
    ]
    assert configmap_paths == []
    assert result["seconds"] < 30  # in fact milliseconds; the bound only has to survive a busy CI machine


@pytest.mark.parametrize(
    "pattern",
    [
        "(?<!DB_)PASSWORD",  # lookbehind
        "(?=.*SECRET)",  # lookahead
        r"(PIN)_\1",  # backreference
        r"(?P<w>PIN)(?P=w)",  # named backreference
        "PIN++",  # possessive quantifier
        "(?>PIN)",  # atomic group
        r"PIN\Z",  # Python's end of text; RE2 spells it \z
    ],
)
@pytest.mark.parametrize("param", ["extraNames", "allowedNames"])
def test_a_pattern_re2_cannot_compile_is_a_config_error(param: str, pattern: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_cluster_config({"parameters": {POLICY: {param: ["salt", pattern]}}}, POLICIES, "cluster.yaml")
    assert error.value.file == "cluster.yaml"
    assert error.value.field == f"parameters.{POLICY}.{param}"
    problem = error.value.problem
    assert problem.startswith(f"{pattern!r} is not a valid regular expression in RE2 syntax (")
    assert "RE2 syntax is required" in problem
    assert str(error.value).startswith(f"cluster.yaml: parameters.{POLICY}.{param}: {pattern!r}")


def test_a_policy_file_with_a_pattern_re2_cannot_compile_is_refused(tmp_path: Path) -> None:
    library = tmp_path / "policies"
    shutil.copytree(default_policy_dir() / POLICY, library / POLICY)
    policy_file = library / POLICY / "policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    assert "  extraNames: []\n" in text
    policy_file.write_text(text.replace("  extraNames: []\n", "  extraNames: ['(?=x)']\n"), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.field == "params.extraNames"
    assert "'(?=x)' is not a valid regular expression in RE2 syntax" in error.value.problem
    assert "RE2 syntax is required" in error.value.problem


def test_a_pattern_that_is_not_unicode_text_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not valid Unicode text"):
        parse_cluster_config({"parameters": {POLICY: {"extraNames": ["PIN\udc80"]}}}, POLICIES, "cluster.yaml")


def test_re2_only_patterns_are_accepted() -> None:
    # \z, POSIX classes and Unicode classes are RE2 syntax (Python's re has none of the three)
    config = parse_cluster_config(
        {"parameters": {POLICY: {"extraNames": [r"^PIN\z", "[[:digit:]]{4}_CODE", r"\pL+_OTP"]}}}, POLICIES, "c.yaml"
    )
    assert len(findings(_env_pod("pin", "1234"), POLICY, config=config)) == 1
    assert len(findings(_env_pod("APP_2024_CODE", "1234"), POLICY, config=config)) == 1
    assert len(findings(_env_pod("ÄPP_OTP", "1234"), POLICY, config=config)) == 1
    assert findings(_env_pod("PIN_LENGTH", "4"), POLICY, config=config) == []


def _env_pod(name: str, value: str) -> dict[str, object]:
    return pod([container(env=[{"name": name, "value": value}])])


# Ordinary patterns match exactly as they did with re: extraNames a case-insensitive search,
# allowedNames the exact name or a full match (case-sensitive).
PATTERNS = [
    "^PIN$", "salt", "PUBLIC_.*", "^x-", "otp|pin", "(?i)Token", "key[0-9]+$", r"\bseed\b", "[A-Z]{3}_CODE",
    "DB.PASSWORD", "", "^$", "pass(word)?_hint", r"api\.token", "Ä", "ü_key", "straße",
]
NAMES = [
    "PIN", "pin", "PIN_CODE", "MY_PIN", "HASH_SALT", "salty", "PUBLIC_TOKEN", "public_token", "X_PUBLIC_TOKEN",
    "x-api-key", "X-API-KEY", "OTP", "KEY1", "key12", "KEY1X", "seed", "SEED_PHRASE", "a seed here", "ABC_CODE",
    "abc_code", "AB_CODE", "DB_PASSWORD", "DB.PASSWORD", "DBXPASSWORD", "", "PASS_HINT", "password_hint",
    "api.token", "api_token", "ä", "Ä_SECRET", "Ü_KEY", "STRASSE", "STRAßE", "db-password", "dbPassword",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_extra_names_match_as_a_case_insensitive_search(pattern: str) -> None:
    for name in NAMES:
        expected = bool(re.search(pattern, name, re.IGNORECASE)) or name_is_sensitive(name)
        assert name_is_sensitive(name, extra=(pattern,)) == expected, (pattern, name)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_allowed_names_are_the_exact_name_or_a_full_match(pattern: str) -> None:
    for name in NAMES:
        expected = name == pattern or bool(re.fullmatch(pattern, name))
        assert is_allowed(name, (pattern,)) == expected, (pattern, name)
        assert name_is_sensitive(name, allowed=(pattern,)) == (not expected and name_is_sensitive(name)), (pattern, name)


def test_several_patterns_match_as_any_one_of_them() -> None:
    # they are matched as one alternation: an inline flag stays within its own pattern
    for patterns in (tuple(PATTERNS), ("(?i)Token", "key[0-9]+$"), ("key[0-9]+$", "(?i)Token"), ("(?P<g>PIN)", "(?P<g>OTP)")):
        for name in NAMES:
            sensitive = any(re.search(p, name, re.IGNORECASE) for p in patterns) or name_is_sensitive(name)
            assert name_is_sensitive(name, extra=patterns) == sensitive, (patterns, name)
            allowed = name in patterns or any(re.fullmatch(p, name) for p in patterns)
            assert is_allowed(name, patterns) == allowed, (patterns, name)


def test_patterns_too_large_to_match_as_one_alternation_are_matched_one_by_one() -> None:
    big = (r"\pL{440}", r"\pN{400}")  # each within RE2's memory budget, not both together
    config = parse_cluster_config({"parameters": {POLICY: {"allowedNames": list(big)}}}, POLICIES, "c.yaml")
    assert config.parameters[POLICY]["allowedNames"] == list(big)
    assert len(_compiled(big, False)) == 2
    assert is_allowed("Ä" * 440, big) and is_allowed("7" * 400, big) and not is_allowed("DB_PASSWORD", big)
    assert name_is_sensitive("A" * 440, extra=big) and not name_is_sensitive("A" * 439, extra=big)
    quoted = (r"\Qa.b", "x")  # \Q quotes to the end of its pattern, past the alternation's parenthesis
    assert is_allowed("a.b", quoted) and is_allowed("x", quoted) and not is_allowed("axb", quoted)


def test_names_that_are_not_utf8_text_are_judged_without_error() -> None:
    # a lone surrogate (possible from a YAML manifest given to railguard test) is matched as its bytes
    name = "PIN_\udc80"
    assert name_is_sensitive(name, extra=("^pin_",))
    assert not name_is_sensitive(name, extra=("^pin$",))
    assert is_allowed(name, ("PIN_.",)) and not is_allowed(name, ("PIN_",))


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [
        ("IFRAME_CREDENTIALLESS", False),  # a word that only contains "credential"
        ("PASSWORD_RETRY_LIMITS", False),  # a plural metadata suffix: how many tries, not a password
        ("RATE_LIMITS_TOKENS", False),  # with "limits", tokens are counted
        ("AZURE_STORAGE_KEYS", True),  # a cloud provider's keys, plural
        ("FERNET_KEYS", True),  # Airflow's Fernet keys (a rotation list), plural
    ],
)
def test_names_on_the_edges_of_the_word_tables(name: str, sensitive: bool) -> None:
    assert name_is_sensitive(name) is sensitive
