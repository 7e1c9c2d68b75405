"""disallow-plaintext-secrets: LDIF writes a value in base64 after a double colon
(``userPassword:: RkFLRS1...``, as ldapsearch and slapcat export any value that is not plain ASCII
or ends in a blank); up to 1.25.399 a password written so in a bootstrap LDIF was admitted (the
``=`` padding even cut the value short as another assignment). Now a whole base64 value on the
line that decodes to printable text is judged as that text: a password in plain text is reported,
a ``{SSHA}`` verifier or a placeholder is not, and a value folded over lines is not read."""

from __future__ import annotations

import base64

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

from webhook.checks.secrets.config_files import ldif_base64_value

POLICY = "disallow-plaintext-secrets"
ENCODED = "RkFLRS1ub3QtYS1yZWFsLXBhc3N3b3Jk"


def _encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("attribute", ["userPassword", "olcRootPW"])
def test_a_base64_password_is_reported(attribute: str) -> None:
    """Was admitted."""
    text = f"dn: uid=svc,ou=people,dc=example,dc=org\nobjectClass: inetOrgPerson\n{attribute}:: {ENCODED}\n"
    decision = decide(configmap({"bootstrap.ldif": text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert messages == [f'ConfigMap "config" key "bootstrap.ldif" sets "{attribute}" in plain text (line 3). Fix: move it into a Secret and mount or reference that Secret instead.']
    assert FAKE not in everything_shown(decision)
    assert ENCODED not in everything_shown(decision)


@pytest.mark.parametrize(
    "value",
    [
        "e1NTSEF9MEVBSXpBeFJCTVoxTFAvWEFocTRxODBETHBOcER6cjI=",  # {SSHA}...: a verifier
        "JHtMREFQX0FETUlOX1BBU1NXT1JEfQ==",  # ${LDAP_ADMIN_PASSWORD}: a placeholder
        _encoded("{CRYPT}$6$rounds=5000$abcdefgh$" + "a" * 86),
        "AAECAwQFBgcICQ==",  # bytes, no text
    ],
)
def test_no_password_in_base64_is_not_reported(value: str) -> None:
    text = f"dn: uid=svc,ou=people,dc=example,dc=org\nuserPassword:: {value}\n"
    assert configmap_messages("bootstrap.ldif", text, FAKE) == []


def test_the_text_is_read_only_when_whole_and_printable() -> None:
    assert ldif_base64_value(f" {ENCODED}") == FAKE
    assert ldif_base64_value(f" {ENCODED[:-4]}") is None or ldif_base64_value(f" {ENCODED[:-4]}") != FAKE
    assert ldif_base64_value(" " + _encoded("line\nbreak")) is None
    assert ldif_base64_value(" " + "A" * 65535 + "!") is None
