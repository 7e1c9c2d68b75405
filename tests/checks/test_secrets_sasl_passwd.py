"""disallow-plaintext-secrets: Postfix's ``sasl_passwd`` (the relay credentials ``postmap`` turns
into the table ``smtp_sasl_password_maps`` reads) is read line by line, ``[relay]:587 user:password``:
up to 1.25.402 the whole key "looked like a secret" by its name, also when its passwords are
references a start script fills in (``${SMTP_PASSWORD}``). Now each line whose password is a
literal is reported with its line; references are not; a text of another shape is judged by the
key's name as before."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.password_files import sasl_passwd_lines

LINE = 'ConfigMap "config" key "sasl_passwd" sets a password in plain text (line {number}). Fix: move it into a Secret and mount or reference that Secret instead.'


@pytest.mark.parametrize(
    "text",
    [
        "[smtp.gmail.com]:587    ${USERNAME}@gmail.com:${PASSWORD}\n",
        "# relay credentials, filled in at start\n[smtp.example.org]:587 relay:$SMTP_PASSWORD\n",
        "[smtp.example.org]:587 relay:{{ .Env.SMTP_PASSWORD }}\n",
    ],
)
def test_references_are_not_reported(text: str) -> None:
    """Was reported: key "sasl_passwd" looks like a secret."""
    assert configmap_messages("sasl_passwd", text, FAKE) == []


def test_each_literal_is_reported_by_its_line() -> None:
    text = f"[smtp.example.org]:587 relay:{FAKE}\n\n[smtp.other.org]:25 relay:${{OTHER_PASSWORD}}\nalice@example.org alice:{FAKE}-2 \n"
    assert configmap_messages("sasl_passwd", text, FAKE) == [LINE.format(number=1), LINE.format(number=4)]


def test_another_shape_is_judged_by_the_keys_name() -> None:
    assert sasl_passwd_lines(f"{FAKE}\n") is None
    assert configmap_messages("sasl_passwd", f"{FAKE}\n", FAKE) == ['ConfigMap "config" key "sasl_passwd" looks like a secret. Fix: move it into a Secret and mount or reference that Secret instead.']


def test_a_long_line_is_read_in_linear_time() -> None:
    assert sasl_passwd_lines("[relay]:587 " + "u" * 65536 + " \t" * 1000) is None
    assert sasl_passwd_lines("[relay]:587 u:" + "p" * 65536 + " \t" * 1000) == [1]
