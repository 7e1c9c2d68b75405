"""disallow-plaintext-secrets: lines of real source files (Debian's Python packages) that were
reported and hold no secret, each beside the nearest shapes that still hold one. Secret values here
are fake (``Zq7fake-pw9``) and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


def _reported_once(key: str, text: str, name: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and f'"{name}"' in messages[0], messages
    assert FAKE_PW not in messages[0]


@pytest.mark.parametrize(
    "line",
    [
        'signing_key_fingerprint = keyid.replace("0x", "").upper()',  # apt/auth.py
        "token = text.split(':', 1)[0]",
        'priv_key = self._backend._ffi.new("BIGNUM **")',  # cryptography's dsa.py, dh.py
        'private_key = ffi.cast("EVP_PKEY *", handle)',
        'secret = ffi.new("unsigned char *")',
    ],
)
def test_a_call_with_a_short_or_c_type_argument_is_code(line: str) -> None:
    """A quoted argument of one or two characters is a separator or a prefix, and a C type with a
    pointer's ``*`` after a blank (cffi's ``ffi.new("BIGNUM **")``) names a type: no secret."""
    assert _messages("app.py", line) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f'password = get("{FAKE_PW}")', "password"),
        (f'password = os.environ.get("PW", "{FAKE_PW}")', "password"),
        (f'password = "{FAKE_PW}".strip()', "password"),
        ('password = os.environ.get("PW", "ab")', "password"),
        (f'priv_key = ffi.new("{FAKE_PW} **")', "priv_key"),
        ('password = ffi.new("hunter**")', "password"),
        ('password = decrypt("p@ss *")', "password"),
    ],
)
def test_a_call_with_a_secret_shaped_argument_stays_reported(line: str, name: str) -> None:
    _reported_once("app.py", line, name)


@pytest.mark.parametrize(
    "line",
    [
        'salt = b"\\x00" * self._algorithm.digest_size',  # cryptography's hkdf.py
        'salt = b"\\x00" * algorithm.block_size',  # concatkdf.py
        "salt = b'\\0' * 16",
        'secret = "\\xff" * n',
        'password = "*" * len(password)',
        'token = "-" * 40',
        "salt = bytes(b'\\x00') * size",
    ],
)
def test_one_byte_repeated_is_no_secret(line: str) -> None:
    """A string of one character or one escaped byte times a count fills a buffer or masks a value."""
    assert _messages("app.py", line) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f'salt = b"{FAKE_PW}"', "salt"),
        (f'salt = b"{FAKE_PW}" * 2', "salt"),
        ('salt = b"\\x01\\x02\\x03Zq7fake" * n', "salt"),
        ('password = "ab" * n + "Zq7fake"', "password"),
    ],
)
def test_a_repeated_secret_stays_reported(line: str, name: str) -> None:
    _reported_once("app.py", line, name)


@pytest.mark.parametrize(
    "line",
    [
        'creds = " --username=" + auth',  # setuptools' package_index.py
        'password = "--password=" + pw',
        "token = '--token ' + token",
        "password = '-p' + password",
        'password_option = "--password:" + self.password',
    ],
)
def test_an_option_before_the_code_giving_its_value_is_no_secret(line: str) -> None:
    """A command-line option's name concatenated with code names where the value goes; the code
    gives the value."""
    assert _messages("app.py", line) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f'password = "{FAKE_PW[:7]}" + suffix', "password"),
        (f'password = "--password={FAKE_PW}" + suffix', "password"),
        (f'password = "--password=" + "{FAKE_PW}"', "password"),
        (f'password = "-{FAKE_PW[:7]}" + suffix', "password"),
    ],
)
def test_a_literal_before_code_stays_reported(line: str, name: str) -> None:
    _reported_once("app.py", line, name)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("pre_configured.py", "        ResourceEndpoint.__init__(self, default_token='Bearer',"),  # oauthlib
        ("app.py", "token = 'Bearer'"),
        ("app.py", 'auth_token = "basic"'),
        ("app.js", "const authToken = 'Negotiate';"),
        ("app.yaml", "default_token: Bearer"),
        ("app.yaml", "tokens: [Bearer, MAC]"),
    ],
)
def test_an_auth_scheme_alone_as_a_token_is_no_secret(key: str, text: str) -> None:
    """An HTTP authentication scheme's name alone under a token's name says which kind of token."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.py", f"token = 'Bearer {FAKE_PW}'", "token"),
        ("app.py", "password = 'Basic'", "password"),
        ("app.py", "secret = 'Token'", "secret"),
        ("app.py", f"token = '{FAKE_PW}'", "token"),
        ("app.yaml", "token: Bearer2024x", "token"),
        ("app.properties", f"token=Bearer {FAKE_PW}", "token"),
        (".env", f"default_token=Bearer {FAKE_PW}", "default_token"),
        ("app.ini", f"token=basic {FAKE_PW}", "token"),
    ],
)
def test_an_auth_scheme_under_another_name_or_with_more_stays_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("base.py", "    refresh_token_key = 'refresh_token'"),  # oauthlib's clients/base.py
        ("pre_configured.py", "        IntrospectEndpoint.__init__(self, supported_token_types=['access_token'])"),
        ("app.py", "supported_token_types = ['access_token', 'refresh_token']"),
        ("app.py", "token = 'access_token'"),
        ("app.py", "token_name = 'id_token'"),
        ("app.yaml", "token_param: id_token"),
        ("app.py", "API_KEY_HEADER = 'api_key'"),
    ],
)
def test_the_name_of_a_secrets_field_is_no_secret(key: str, text: str) -> None:
    """A value that is a name of two words or more, its last naming a secret (``access_token``,
    ``refreshToken``), names the field or parameter a secret is read from."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.py", "password = 'password'", "password"),
        ("app.py", "secret = 'secret'", "secret"),
        ("app.py", "password = 'letmein'", "password"),
        ("app.py", "password = 'correct_horse'", "password"),
        ("app.py", "token = 'access_token9x'", "token"),
        ("app.py", "token = 'access_token_Zq7fake'", "token"),
        ("app.py", f"tokens = ['access_token', '{FAKE_PW}']", "tokens"),
        ("app.yaml", "password: access token", "password"),
        ("app.properties", f"token=access_token {FAKE_PW}", "token"),
        (".env", f"password=db_password {FAKE_PW}", "password"),
    ],
)
def test_a_literal_that_names_no_secrets_field_stays_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)


def test_a_camel_case_name_as_a_value_stays_reported() -> None:
    _reported_once("app.yaml", "password: cfgPassword", "password")


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("ssh.py", '_SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"\n_SK_END = b"-----END OPENSSH PRIVATE KEY-----"'),
        ("pem.py", "if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    in_key = True"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  -----END PRIVATE KEY-----"),
        ("app.json", '{"key": "-----BEGIN PRIVATE KEY-----\\n-----END PRIVATE KEY-----\\n"}'),
        ("app.txt", "-----BEGIN EC PRIVATE KEY-----"),
    ],
)
def test_a_pem_marker_with_no_body_is_no_key(key: str, text: str) -> None:
    """A private key's BEGIN marker alone in its string, at the end of the text or right before
    its END marker marks where a key would be: no body, no key."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  FAKE-not-a-real-key\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  FAKE"),
        ("app.json", '{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEFAKEnotARealKey==\\n-----END PRIVATE KEY-----\\n"}'),
        ("app.py", 'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEnotARealKey==\n-----END RSA PRIVATE KEY-----"""'),
        ("app.txt", "---BEGIN OPENSSH PRIVATE KEY---\nFAKE\n---END OPENSSH PRIVATE KEY---"),
        # a key's body in strings joined to the marker's: adjacent literals, +, a JSON member, base64 after a stray quote
        ("app.py", 'KEY = ("-----BEGIN RSA PRIVATE KEY-----"\n       "MIIEFAKEnotARealKey=="\n       "-----END RSA PRIVATE KEY-----")'),
        ("app.py", 'KEY = b"-----BEGIN RSA PRIVATE KEY-----" + b"\\n" + b"MIIEFAKEnotARealKey=="'),
        ("app.js", 'const key = "-----BEGIN PRIVATE KEY-----" +\n  "MIIEFAKEnotARealKey==" +\n  "-----END PRIVATE KEY-----";'),
        ("App.java", 'String key = "-----BEGIN PRIVATE KEY-----"\n    + "MIIEFAKEnotARealKey=="\n    + "-----END PRIVATE KEY-----";'),
        ("app.php", "$key = '-----BEGIN PRIVATE KEY-----' .\n  'MIIEFAKEnotARealKey==';"),
        ("app.json", '{"k": "-----BEGIN PRIVATE KEY-----", "b": "MIIEFAKEnotARealKey=="}'),
        ("app.txt", "-----BEGIN PRIVATE KEY-----'\nMIIEFAKEnotARealKeyMIIEFAKE==\n-----END PRIVATE KEY-----"),
    ],
)
def test_a_pem_block_with_a_body_stays_reported(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and "PEM private key" in messages[0], messages


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # npm's @npmcli/config definitions.js: the example in a template literal, \\n written out
        ("definitions.js", 'const d = `\n  key="-----BEGIN PRIVATE KEY-----\\\\nXXXX\\\\nXXXX\\\\n-----END PRIVATE KEY-----"\n`;'),
        ("app.ini", 'key="-----BEGIN PRIVATE KEY-----\\nXXXX\\nXXXX\\n-----END PRIVATE KEY-----"'),
        ("app.json", '{"key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}'),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  XXXX\n  XXXX\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ...\n  -----END RSA PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  <your key here>\n  -----END PRIVATE KEY-----"),
        ("app.ini", "[tls]\nkey = -----BEGIN PRIVATE KEY-----\n  xxxxxxxx\n  -----END PRIVATE KEY-----"),
        ("tls.key", "-----BEGIN EC PRIVATE KEY-----\r\n\u2026\r\n-----END EC PRIVATE KEY-----\r\n"),
    ],
)
def test_a_pem_block_whose_body_is_a_placeholder_is_still_reported(key: str, text: str) -> None:
    """A BEGIN marker, lines of a placeholder (``XXXX``, ``...``, ``<your key here>``) and its END
    marker: reported as a key, as the labelled corpus marks Polaris's block with an ``xxxxxxxx`` body
    (only a marker with no body at all is none)."""
    messages = _messages(key, text)
    assert len(messages) == 1 and "PEM private key" in messages[0], messages


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.ini", 'key="-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----"'),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  XXXX\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIE...XXXX\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  <MIIEvQIBADANBgkqhkiG9w0BAQEFAASC>\n  -----END PRIVATE KEY-----"),
        ("app.yaml", "key: |\n  -----BEGIN PRIVATE KEY-----\n  XXXX"),
        ("tls.key", "-----BEGIN PRIVATE KEY-----\nXXXXZq7fake\n-----END PRIVATE KEY-----"),
    ],
)
def test_a_pem_block_with_any_other_body_stays_reported(key: str, text: str) -> None:
    """Base64 (even short or fake-looking), a placeholder beside it, or a placeholder with no END
    marker after it: a key, or part of one."""
    messages = _messages(key, text)
    assert len(messages) == 1 and "PEM private key" in messages[0], messages


def test_an_empty_pem_block_under_a_sensitive_name_is_judged_as_that_setting() -> None:
    """No key in the block, but a literal written under a key's name: the setting is reported."""
    _reported_once("tls.yaml", "clientKey: |\n  -----BEGIN PRIVATE KEY-----\n  -----END PRIVATE KEY-----", "clientKey")


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.yaml", "password: super_secret", "password"),
        ("app.yaml", "password: admin_password", "password"),
        ("app.json", '{"password": "top_secret"}', "password"),
        ("app.ini", "[db]\npassword = my_secret", "password"),
        ("app.properties", "db.password=changeme_password", "db.password"),
        ("app.toml", 'password = "hunter_two_password"', "password"),
        (".env", "DB_PASSWORD=you_shall_not_pass", "DB_PASSWORD"),
        ("app.py", "api_key = 'zq_fake_secret'", "api_key"),
        ("app.js", "const password = 'super_secret';", "password"),
        ("App.java", 'String password = "admin_password";', "password"),
        ("App.cs", 'var o = new Opts { Password = "super_secret" };', "Password"),
        ("app.yaml", "token: token", "token"),
        (".env", "API_TOKEN=token", "API_TOKEN"),
    ],
)
def test_a_password_written_as_a_name_stays_reported(key: str, text: str, name: str) -> None:
    """Only the well-known names of a secret's field (``access_token``, ``client_secret``) are no
    secret; a password may be written in snake case, and ``token`` alone is a dummy word, not the
    scheme of an Authorization header."""
    _reported_once(key, text, name)


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.py", 'password = "-hunter2" + suffix', "password"),  # no = or : after it: a password's first part
        ("app.py", 'password = "--changeme" + suffix', "password"),
        ("app.py", 'password = "-admin" + str(n)', "password"),
        ("app.py", 'password = "a" * 3 + suffix', "password"),  # code joining literals, not a buffer filled
        ("app.py", 'password = decrypt("hunter *")', "password"),  # no C type's name before the *
        ("app.py", "auth = HTTPBasicAuth('u', 'hunter **')", "HTTPBasicAuth"),
    ],
)
def test_neighbours_of_the_code_exemptions_stay_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)


@pytest.mark.parametrize(
    "text",
    [
        'priv_key = ffi.new("EVP_PKEY *")',
        'buf = ffi.new("unsigned char *")',
        "cmd = '-p' + password",
        'creds = " --username:" + auth',
    ],
)
def test_c_pointer_types_and_options_before_code_are_no_secret(text: str) -> None:
    assert _messages("app.py", text) == []
