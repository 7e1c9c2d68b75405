"""disallow-plaintext-secrets: the credential scan (``credential_kind``, ``credential_kinds``) is
screened for speed, and decides exactly as the unscreened scan did: every token pattern searched
in every value of 16 characters or more, every DSN pattern in every value holding ``@``. The unscreened scan is kept here, and both are run on the
strings of the shared corpus, the admission reviews, the policy cases and the tests, and on
strings built from what the patterns look for."""

from __future__ import annotations

import ast
import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.checks.secrets import values
from webhook.checks.secrets.values import credential_kind, credential_kinds

REPO = Path(__file__).resolve().parents[2]

# --- the scan as it was, unscreened ---------------------------------------------------------------

# right after a short option letter that starts a word (``-k`` in ``tool -kghp_...``), written here
# as a lookbehind, apart from the scan's own ``-`` + letter prefix it checks
_OPTION_LETTER = r"(?<=(?<![\w\-])-[A-Za-z])"

# each token format as two searches, unscreened: its token after the format's boundary, and its
# token glued to a short option letter (``_OPTION_LETTER``), searched apart as the scan does
# (in one alternation a discarded match of one form, a bearer "token" that is a path, could hide an
# overlapping match of the other: the scan finds it)
_TOKEN_SEARCHES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = tuple(
    (label, (re.compile(boundary + body), re.compile(_OPTION_LETTER + body)) if boundary else (re.compile(body),))
    for label, boundary, body in values._TOKEN_FORMS
)
_ALL_TOKENS = tuple((label, pattern) for label, patterns in _TOKEN_SEARCHES for pattern in patterns)


def _old_first_real(patterns: tuple[tuple[str, re.Pattern[str]], ...], value: str) -> str | None:
    found: tuple[int, str] | None = None
    for label, pattern in patterns:
        for match in pattern.finditer(value):
            secret = match.group("secret") if "secret" in pattern.groupindex else None
            if (not values.masked_after_prefix(match.group())) if secret is None else not values.is_placeholder(secret):
                if found is None or match.start() < found[0]:
                    found = (match.start(), label)
                break
    return found[1] if found is not None else None


def old_credential_kind(value: str) -> str | None:
    if "@" in value:
        found = _old_first_real(values._DSN, value)
        if found:
            return found
    if "=" in value:
        for match in values._CONNECTION_STRING.finditer(value):
            if values._password_literal(value, match):
                return values._connection_label(value, match.start(), match.end())
        for _, match in values._continued_connection_passwords(value):  # ;Password= on a line continuing one (1.25.336)
            if values._password_literal(value, match):
                return "a connection string with a password"
        for match in values._ACCESS_KEY_SETTING.finditer(value):
            if not values.is_placeholder(match.group("secret")):
                return "a connection string with an access key"
        if "sig=" in value and "sv=" in value:
            for match in values._SAS_SIGNATURE.finditer(value):
                if not values.is_placeholder(match.group("secret")):
                    return "a shared access signature"
        if "host=" in value or "dbname=" in value or "user=" in value:
            for match in values._LIBPQ.finditer(value):
                if values._libpq_literal(value, match):
                    return values._connection_label(value, match.start(), match.end())
        if "LoginModule" in value and values._jaas_password(value):
            return "a JAAS login configuration with a password"
        for match in values._OPTION_LIST_PASSWORD.finditer(value):
            if values._password_literal(value, match):
                return values.OPTION_LIST
    if ("'" in value or '"' in value or values._names_identified(value)) and (sql := values._sql_password(value)) is not None:
        return sql
    if len(value) >= 16:
        found = _old_first_real(_ALL_TOKENS, value)
        if found is None and values.BASE64_PEM_START in value and values._base64_private_key(value):
            return "a PEM private key (base64-encoded)"
        return found
    return None


def old_credential_kinds(value: str, limit: int = values.CREDENTIALS_COUNTED) -> list[str]:
    found: list[tuple[int, int, int, str]] = []
    rank = 0

    def collect(
        label: str, pattern: re.Pattern[str], literal: Callable[[str], bool] | None = None,
        password: Callable[[str, re.Match[str]], bool] | None = None,
    ) -> None:  # fmt: skip
        real = 0
        for match in pattern.finditer(value):
            secret = match.group("secret") if "secret" in pattern.groupindex else None
            if password is not None:  # a connection string's password: no placeholder, no environment read
                real_one = password(value, match)
            else:
                real_one = (
                    not values.masked_after_prefix(match.group())  # ghp_xxxx...: a token's format masked out
                    if secret is None
                    else (literal(secret) if literal else not values.is_placeholder(secret))
                )
            if real_one:
                named = values._connection_label(value, match.start(), match.end()) if label == values.CONNECTION_STRING else label
                found.append((match.start(), rank, match.end(), named))
                real += 1
                if real >= limit:
                    return

    if "@" in value:
        for label, pattern in values._DSN:
            collect(label, pattern)
            rank += 1
    if "=" in value:
        rank += 1
        collect("a connection string with a password", values._CONNECTION_STRING, password=values._password_literal)
        continued = [match for _, match in values._continued_connection_passwords(value) if values._password_literal(value, match)]
        found.extend((match.start(), rank, match.end(), "a connection string with a password") for match in continued[:limit])
        rank += 1
        collect("a connection string with an access key", values._ACCESS_KEY_SETTING)
        rank += 1
        if "sig=" in value and "sv=" in value:
            collect("a shared access signature", values._SAS_SIGNATURE)
        rank += 1
        if "host=" in value or "dbname=" in value or "user=" in value:
            collect("a connection string with a password", values._LIBPQ, password=values._libpq_literal)
        rank += 1
        if "LoginModule" in value:
            for start, end in values._jaas_entries_with_password(value):
                found.append((start, rank, end, "a JAAS login configuration with a password"))
        rank += 1
        collect(values.OPTION_LIST, values._OPTION_LIST_PASSWORD, password=values._password_literal)
    rank += 1
    if ("'" in value or '"' in value or values._names_identified(value)) and any(word in value for word in values._SQL_WORDS):
        for label, pattern in values._SQL_PASSWORDS:
            collect(label, pattern, password=values._sql_statement_password)
            rank += 1
    if len(value) >= 16:
        for label, patterns in _TOKEN_SEARCHES:
            for pattern in patterns:
                collect(label, pattern)
            rank += 1
        if values.BASE64_PEM_START in value:
            for match in values._BASE64_PEM.finditer(value):
                if values._base64_pem_private_key(match.group()):
                    found.append((match.start(), rank, match.end(), "a PEM private key (base64-encoded)"))
    kinds: list[str] = []
    end = 0
    for start, _, stop, label in sorted(found):
        if start < end:
            continue
        kinds.append(label)
        end = max(stop, start + 1)
        if len(kinds) >= limit:
            break
    return kinds


def assert_same(text: str) -> None:
    """Both scans decide alike on ``text`` (compared as labels: no value is ever shown)."""
    assert credential_kind(text) == old_credential_kind(text), f"credential_kind differs on a text of {len(text)} characters"
    assert credential_kinds(text) == old_credential_kinds(text), f"credential_kinds differs on a text of {len(text)} characters"


# --- real inputs ----------------------------------------------------------------------------------


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _documents(path: Path) -> Iterator[Any]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        yield json.loads(text)
        return
    try:
        yield from yaml.safe_load_all(text)
    except yaml.YAMLError:
        yield text


def _python_strings(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def _judged(text: str) -> Iterator[str]:
    """The text, and each of its lines as ``configmap`` judges them alone (after a line break)."""
    yield text
    if "\n" in text:
        for number, line in enumerate(text.splitlines(), start=1):
            yield line if number == 1 else "\x00\n" + line


def _check_files(paths: list[Path], strings: Callable[[Path], Iterator[str]]) -> int:
    seen: set[str] = set()
    for path in paths:
        for text in strings(path):
            for judged in _judged(text):
                if judged not in seen:
                    seen.add(judged)
                    assert_same(judged)
    return len(seen)


def _from_documents(path: Path) -> Iterator[str]:
    for document in _documents(path):
        yield from _strings(document)


def test_same_decisions_on_the_shared_corpus_and_admission_reviews(shared_dir: Path) -> None:
    paths = sorted(p for p in shared_dir.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    assert _check_files(paths, _from_documents) > 500


def test_same_decisions_on_the_policy_cases() -> None:
    paths = sorted(p for p in (REPO / "policies").glob("*/cases/*") if p.suffix in (".yaml", ".yml", ".json"))
    assert paths
    assert _check_files(paths, _from_documents) > 100


def test_same_decisions_on_the_strings_of_the_tests() -> None:
    """The tests hold the credentials (fake) and near misses each pattern was written for."""
    paths = sorted((REPO / "tests").rglob("*.py"))
    assert _check_files(paths, _python_strings) > 5000


# --- generated inputs -----------------------------------------------------------------------------

_EXAMPLES = (
    "-----BEGIN RSA PRIVATE KEY", "---BEGIN PRIVATE KEY", "AKIA" + "Q" * 16, "ASIA" + "7" * 16, "ANVA" + "Z" * 16,
    "eyJ" + "a" * 8 + ".eyJ" + "b" * 8 + "." + "c" * 8, "Bearer " + "t" * 16, "bearer\t" + "T" * 20 + "==", "Basic " + "Q" * 12 + "==",
    "ghp_" + "a" * 36, "ghr_" + "b" * 36, "github_pat_" + "c" * 22, "glpat-" + "d" * 20, "xoxb-" + "1" * 10, "sk_live_" + "e" * 16,
    "rk_test_" + "f" * 16, "sk-proj-" + "g" * 20, "sk-" + "h" * 20 + "T3BlbkFJ", "sk-ant-api03-" + "i" * 20, "sk-ant-x9-" + "I" * 20,
    "AROA" + "R" * 16, "xoxs-" + "S" * 10, "shpss_" + "9" * 32, "12345678:A" + "_" * 34, "hf_" + "j" * 34,
    "hvs." + "k" * 24, "hvb." + "l" * 24, "dop_v1_" + "a" * 64, "shpat_" + "b" * 32, "ya29." + "m" * 20, "12345:A" + "n" * 34,
    "AIza" + "o" * 35, "npm_" + "p" * 36, "SG." + "q" * 22 + "." + "r" * 43, "hooks.slack.com/services/T000000/B000000/" + "s" * 16,
    "discord.com/api/webhooks/" + "1" * 15 + "/" + "u" * 40, "discordapp.com/api/webhooks/" + "2" * 16 + "/" + "v" * 40,
    "x.webhook.office.com/webhookb2/" + "w" * 16 + "/IncomingWebhook/" + "x" * 32, "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ",
    "postgres://app:" + "y" * 8 + "@db/x", "app:" + "z" * 8 + "@db:5432/x", "Password=" + "w" * 8 + ";",
)  # fmt: skip
"""One of what each pattern looks for (fake), and a few of the other credential kinds."""
_PIECES = (
    *_EXAMPLES,
    *(needle for needles in getattr(values, "_TOKEN_NEEDLES", ()) for needle in needles),
    *(example[: len(example) // 2] for example in _EXAMPLES),
    *(example[1:] for example in _EXAMPLES),
    *(example[:-1] for example in _EXAMPLES),
    " ", "\n", "\t", "-", "_", ".", ":", "/", "=", "@", '"', "'", "$(", "${", "}", ")", "<", "xxx", "do", "gh", "sk", "hv",
    "A" * 16, "a" * 20, "0" * 34, "F" * 40, "T3BlbkFJ", "/IncomingWebhook/", "services/T", "-----", "BEGIN ", "PRIVATE KEY",
    "-k", "-S", " -p", "x-k",  # an option letter a token is glued to, or a word's letter after a dash
)  # fmt: skip


def test_same_decisions_on_every_two_pieces() -> None:
    for first, second in itertools.product(dict.fromkeys(_PIECES), repeat=2):
        text = first + second
        assert_same(text if len(text) >= 16 else "padding to 16 " + text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_same_decisions_on_pieces_joined(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(_PIECES)))), min_size=16, max_size=80))
def test_same_decisions_on_their_characters(text: str) -> None:
    assert_same(text)


# --- what the screen saves ------------------------------------------------------------------------


class _Counting:
    """A compiled pattern that counts the searches made with it."""

    searches = 0

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.groupindex = pattern.groupindex

    def finditer(self, *args: Any) -> Iterator[re.Match[str]]:
        _Counting.searches += 1
        return self.pattern.finditer(*args)

    def search(self, *args: Any) -> re.Match[str] | None:
        _Counting.searches += 1
        return self.pattern.search(*args)


def _counting(node: Any) -> Any:
    if isinstance(node, re.Pattern):
        return _Counting(node)
    if isinstance(node, tuple):
        return tuple(_counting(item) for item in node)
    return node


def test_a_value_holding_no_token_literal_is_not_searched_for_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(values, "_TOKENS", _counting(values._TOKENS))
    monkeypatch.setattr(_Counting, "searches", 0)
    ordinary = "".join(f"setting_{i} = value-{i % 97}\n# comment line {i}\nlog.level = info\n" for i in range(100))
    assert credential_kind(ordinary) is None
    assert credential_kinds(ordinary) == []
    assert _Counting.searches == 0
    assert credential_kind("token: " + "ghp_" + "a" * 36) == "a GitHub token"  # a needle: its pattern searched
    assert _Counting.searches == 1


# --- the DSN screens ------------------------------------------------------------------------------

_DSN_PIECES = (
    "postgres://", "mysql://", "redis://", "amqp+ssl://", "s3://", "://", "app", "user.name", "a-b", ":", ":", "/", "/", "@", "@",
    "p@ss", "S3cret", "$(DB_PASSWORD)", "${PW}", "<password>", "xxx", "db", "db.example.com", ":5432", ":1521", "/app", "/ORCL",
    "[::1]", "[2001:db8::1]", "tcp(", "unix(", ")", "?sslmode=disable", " ", "\n", "\t", '"', "'", "mailto:", "email:", "sip:",
    "{", "-", ".", "scott", "tiger", "//", "#", "$", "=", "ops@example.com", "git@github.com:org/repo.git",
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_DSN_PIECES), max_size=14).map("".join))
def test_same_decisions_on_dsn_pieces_joined(text: str) -> None:
    assert_same(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(_DSN_PIECES)))), max_size=40))
def test_same_decisions_on_dsn_characters(text: str) -> None:
    assert_same(text)


def test_a_value_holding_an_at_sign_but_no_password_before_it_is_not_searched_for_dsns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the DSN patterns are counted, not their screens."""
    monkeypatch.setattr(values, "_DSN", _counting(values._DSN))
    screened = tuple((label, _Counting(pattern), screen) for label, pattern, screen in getattr(values, "_DSN_SCREENED", ()))
    monkeypatch.setattr(values, "_DSN_SCREENED", screened, raising=False)
    monkeypatch.setattr(_Counting, "searches", 0)
    ordinary = "".join(f"owner_{i} = team-{i}@example.com\nlog.level = info\n# mail: ops@example.com\n" for i in range(100))
    assert credential_kind(ordinary) is None
    assert credential_kinds(ordinary) == []
    assert _Counting.searches == 0
    assert credential_kind("url: postgres://app:" + "S3cret" + "@db/app") == "a URL with a password (user:password@host)"
    assert _Counting.searches >= 1  # a screen found: its pattern searched
