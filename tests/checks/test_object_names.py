"""An object's own name or namespace that is itself a credential is never quoted (``shown_object_name``),
and the cheap screen in front of ``credential_kind`` (``plain_dns_text``) never lets one through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from webhook.checks.secrets.values import DNS_NEEDLES, credential_kind, plain_dns_text
from webhook.workloads import HIDDEN_NAME, HIDDEN_NAMESPACE, shown_object_name

DNS_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-."
# pieces of token formats written in DNS characters, so that drawn texts often hold a real token
PIECES = st.sampled_from([*DNS_NEEDLES, "glpat-", "xoxb-", "sk-proj-", "sk-ant-api03-", "hvs.", "ya29.", "0123456789abcdef"])
TEXTS = st.lists(st.one_of(st.text(DNS_CHARS, max_size=24), PIECES), max_size=6).map("".join)


@settings(max_examples=400)
@given(TEXTS)
def test_the_screen_passes_only_texts_without_a_credential(text: str) -> None:
    if plain_dns_text(text):
        assert credential_kind(text) is None


@given(st.text(max_size=40))
def test_the_screen_passes_no_text_with_a_character_kubernetes_refuses_in_a_name(text: str) -> None:
    if plain_dns_text(text):
        assert set(text) <= set(DNS_CHARS)


def test_token_formats_in_dns_characters_are_screened() -> None:
    assert {"glpat-", "xox", "sk-", "hvs.", "ya29."} <= set(DNS_NEEDLES)
    for token in ("glpat-abcdefghij0123456789", "xoxb-0123456789-abcdef", "hvs.abcdefghijklmnopqrstuvwx0123"):
        assert not plain_dns_text(token) and credential_kind(token) is not None


def test_a_name_that_is_a_credential_is_hidden_and_other_names_are_shown() -> None:
    for name in ("AKIAFAKEFAKEFAKE0002", "ghp_" + "FAKEfake02" * 3 + "FAKEfa", "glpat-fakefakefakefake0002", "x:FAKEpw@db"):
        assert shown_object_name(name) == HIDDEN_NAME
        assert shown_object_name(name, HIDDEN_NAMESPACE) == HIDDEN_NAMESPACE
    hex_name = "0123456789abcdef" * 4  # a hex digest is no token format: a name like any other
    for name in ("web", "", "web-7d4b9c8f6-x2x9z", hex_name, "Web_App"):
        assert shown_object_name(name) == name
