"""disallow-plaintext-secrets: lines of real files (a virtualenv's site-packages, the Python 3.11
standard library, npm) that were reported and hold no secret, each beside the nearest shapes that
still hold one. Secret values here are fake (``Zq7fake-pw9``) and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


def _reported_once(key: str, text: str, name: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and f'sets "{name}"' in messages[0], messages
    assert FAKE_PW not in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # Pygments' lexers/_mapping.py and formatters/_mapping.py: a class's name, then its module and aliases
        ("_mapping.py", "LEXERS = {\n    'RawTokenLexer': ('pygments.lexers.special', 'Raw token data', (), (), ('application/x-pygments-tokens',)),\n}"),
        ("_mapping.py", "FORMATTERS = {\n    'RawTokenFormatter': ('pygments.formatters.other', 'Raw tokens', ('raw', 'tokens'), ('*.raw',), 'Format tokens.'),\n}"),
        ("app.py", "token_parser = 'jwt'"),
        ("app.yaml", "password_formatter: masked"),
        # Pygments' lexers/int_fiction.py: the kinds of a lexer's token
        ("int_fiction.py", "token_variants = ['+i6t-not-inline', '+i6t-inline', '+i6t-use-option']"),
        ("app.py", "TOKEN_VARIANT = 'compact'"),
    ],
)
def test_a_name_for_what_handles_or_sorts_secrets_holds_none(key: str, text: str) -> None:
    """A sensitive name ending in ``lexer``, ``formatter`` or ``parser`` names what reads or writes a
    secret (Pygments' ``RawTokenLexer``), one ending in ``variant`` or ``variants`` its kinds: no secret."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.py", f"LEXERS = {{\n    'RawToken': ('pygments.lexers.special', '{FAKE_PW}'),\n}}", "RawToken"),
        ("app.py", f"token_variants_secret = '{FAKE_PW}'", "token_variants_secret"),
        ("app.py", f"parser_token = '{FAKE_PW}'", "parser_token"),
        ("app.yaml", f"formatter_password: {FAKE_PW}", "formatter_password"),
        ("app.py", f"variant_password = '{FAKE_PW}'", "variant_password"),
    ],
)
def test_a_secret_named_beside_those_words_stays_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("_abnf.py", """token = r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+\""""),  # h11's _abnf.py: one quantified class
        ("app.py", "token = r'^[A-Za-z0-9._~+/-]+$'"),
        ("app.js", "const secret = '[0-9a-f]{32}';"),
        ("lisp.py", r"_token_end = r'(?=\s|#|[)\]]|$)'"),  # Pygments' lisp.py: a lookahead and a class escape
        ("app.py", r"token = r'(?:\w|-)'"),
        ("app.py", r"secret = r'(?<!\\)\s'"),
        ("cookiejar.py", r'HEADER_TOKEN_RE =        re.compile(r"^\s*([^=\s;,]+)")'),  # the standard library's http/cookiejar.py
        ("app.py", r"token = re.compile('\\d+[a-z]')"),
        ("app.js", r"const token = new RegExp('[A-Za-z_]\\w*');"),
    ],
)
def test_a_regular_expression_alone_or_compiled_is_no_secret(key: str, line: str) -> None:
    """A literal that is one character class holding a range or an escape, quantified (maybe between
    ``^`` and ``$``), a class escape beside a group's ``(?=``, ``(?!``, ``(?:``, ``(?<=``, ``(?<!``,
    and a regular expression given to a call (``re.compile(r"^\\s*...")``) are code."""
    assert _messages(key, line) == []


@pytest.mark.parametrize(
    ("key", "line", "name"),
    [
        ("app.py", f"password = '[A-Za-z_]+{FAKE_PW}'", "password"),  # more after the class
        ("app.py", "password = '[hunter]+'", "password"),  # a class with no range or escape
        ("app.py", "token = '(?=Zq7fake-pw9)'", "token"),  # a group with no class escape
        ("app.py", f"password = decrypt('{FAKE_PW}')", "password"),
        ("app.py", r"password = decrypt('Zq7fake\d-pw9')", "password"),  # one \d, nothing quantified
        ("app.py", f"token = re.compile(r'\\w+') or '{FAKE_PW}'", "token"),
    ],
)
def test_a_literal_with_regex_characters_stays_reported(key: str, line: str, name: str) -> None:
    _reported_once(key, line, name)
