"""disallow-plaintext-secrets: a ConfigMap key named as an SMB credentials file (``.smbcredentials``,
``smb-credentials``, ``cifs-credentials``) whose text is no ``name=value`` lines was reported from its
name alone, also when it only says where the credentials are: a Secret's name
(``see-secret-smb-creds``) or a sentence. 1.25.361 reads such files by their lines; bare text is now
judged by its shape (1.25.377): a Secret's name or prose is none, a lone word of another shape (a
file holding only the password) stays reported. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

KEYS = [".smbcredentials", "smb-credentials", "cifs-credentials"]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(
    "text",
    [
        "see-secret-smb-creds",
        "db-creds\n",
        "smb-secret",
        "cifs.credentials",
        "Mounted from the smb-creds Secret by the CSI driver.\n",
        "Written at start by the init container\nfrom the Secret smb-creds.\n",
    ],
)
def test_bare_text_saying_where_the_credentials_are_is_none(key: str, text: str) -> None:
    """Was reported, "looks like a secret"."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(
    "text",
    [
        FAKE,
        "hunter2",
        "my-secret",
        "creds",
        "Zq7fake!pw",
        "correct horse battery staple",
        f"The password is {FAKE} for the share",
        f"the secret is {FAKE} for the share",
        f"user clinic pass {FAKE} for the share",
        f"see the share with {FAKE}=1",
    ],
)
def test_a_lone_word_or_prose_giving_a_password_stays_reported(key: str, text: str) -> None:
    (message,) = configmap_messages(key, text, text)
    assert f'key "{key}" looks like a secret' in message, message


def test_only_smb_credentials_keys_read_bare_text_so() -> None:
    """Under another sensitive key the same text is judged as before: a password."""
    (message,) = configmap_messages("password", "see-secret-smb-creds", "see-secret-smb-creds")
    assert 'key "password" looks like a secret' in message, message


def test_64_kib_of_prose_is_read_in_linear_time() -> None:
    text = "Mounted from the smb-creds Secret by the CSI driver. " * 1300
    assert len(text) > 64 * 1024
    started = time.perf_counter()
    assert configmap_messages(".smbcredentials", text, FAKE) == []
    assert configmap_messages(".smbcredentials", text + "password", FAKE) != []
    assert time.perf_counter() - started < 5
