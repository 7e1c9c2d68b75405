"""Password files held in ConfigMaps, known by their key: PostgreSQL's ``.pgpass``, ``.netrc``
(curl, git, ftp), PgBouncer's ``userlist.txt``, msmtp's ``msmtprc``, fetchmail's ``.fetchmailrc``, Jetty's ``realm.properties``,
Apache's and nginx's ``.htpasswd``, Postfix's ``sasl_passwd``, memcached's SASL ``pwdb`` and lftp's scripts and startup files (``*.lftp``, ``.lftprc``,
``lftp.conf``), Amanda's ``amandapass`` and SMB credentials files (``.smbcredentials``, ``cifs-credentials``). Each is read in its own format and judged line by line: the lines that hold a
password in plain text, never the password (``password_file_lines``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from webhook.checks.secrets.names import SECRET_WORDS, token_runs_hidden
from webhook.checks.secrets.programs import lftp_commands_password
from webhook.checks.secrets.setting_values import kubernetes_name
from webhook.checks.secrets.values import PASSWORD_VERIFIER, shell_literal

_PGPASS_LINE = re.compile(r"^(?:(?:[^:\\\r\n]|\\.)*+:){4}(?P<password>(?:[^:\\\r\n]|\\.)*+)\r?$")
"""A ``.pgpass`` line: ``host:port:database:user:password``, exactly five fields (``\\:`` is a colon
inside a field)."""
_USERLIST_LINE = re.compile(r'^[ \t]*+"(?:[^"]|"")*+"[ \t]++"(?P<password>(?:[^"]|"")*+)"')
"""A PgBouncer ``userlist.txt`` line: ``"user" "password"`` (``""`` is a quote inside a field)."""
_MSMTPRC_PASSWORD = re.compile(r"^[ \t]*+password[ \t]++(?P<password>\S.*?)[ \t\r]*+$")
"""An msmtprc ``password`` command: the rest of the line (``passwordeval`` runs a command instead)."""
_FETCHMAILRC_PASSWORD = re.compile(
    r"""(?:^|[\s,;:])(?i:pass(?:word)?+)[ \t]++(?P<password>"(?:[^"\\\r\n]|\\.)*+"|'[^'\r\n]*+'|[^\s"'#,;:][^\s,;:]*+)"""
)
"""A fetchmail ``password`` (or ``pass``) keyword and its value, a quoted string or one word
(``user "lab" there with password "..." is lab here``); the keyword may stand anywhere on its line."""
_REALM_LINE = re.compile(
    r"^[ \t\f]*+(?:[^\s:=\\]|\\.)++(?:[ \t\f]*+[:=]|[ \t\f])[ \t\f]*+(?P<password>[^,\r\n]*+)"
)
"""A Jetty ``realm.properties`` line (``HashLoginService``), read as ``java.util.Properties`` reads
it: ``user: password[,role...]``, the user apart from the rest by ``:``, ``=`` or blanks."""
_REALM_HASH = re.compile(r"^(?:MD5:[0-9A-Fa-f]{32}|CRYPT:[./0-9A-Za-z]{13})$")
"""A Jetty credential that is a hash, not the password: ``MD5:`` and 32 hex digits, ``CRYPT:`` and a
traditional crypt(3) hash (a modular one, ``CRYPT:$1$...``, is a ``PASSWORD_VERIFIER``); ``OBF:`` is
only obfuscated: anyone can reverse it."""


_REALM_SHAPED = re.compile(
    r"[ \t\f]*+(?:[^\s:=\\]|\\.)++[ \t\f]*+(?P<separator>[:=])[ \t\f]*+[^,\s][^,\r\n]*+(?:,[ \t\f]*+[\w.\-]++[ \t\f]*+)++\r?"
)
"""A line of a Jetty realm as such a file is mostly written: ``user: password,role[,role...]``, a
user and a password, then at least one role (a name)."""
_REALM_NAMED = re.compile(r"(?:[^/]*-realm|realm[^/]*)\.properties")
"""Another name of a Jetty realm file: ``jetty-realm.properties``, ``realm-users.properties``."""


_HTPASSWD_KEY = re.compile(r"(?:^|[._\-])htpasswd(?:$|[._\-])")
"""A ConfigMap key (lowercased) named as an htpasswd file: ``.htpasswd``, ``htpasswd``,
``users.htpasswd``, ``nginx-htpasswd``, ``htpasswd.users``."""
_HTPASSWD_LINE = re.compile(r"^(?P<user>[^:\s#][^:\s]*+):(?P<password>[^:\r\n]*+)(?P<rest>:[^\r\n]*+)?+\r?$")
"""An htpasswd line, ``user:password`` (Apache reads the password up to the next ``:``, if any)."""
_HTPASSWD_HASH = re.compile(
    r"^(?:[./0-9A-Za-z]{12}[./26AEIMQUYcgkosw]"  # crypt(3)'s DES hash (htpasswd -d): its last character holds 4 bits
    r"|\$(?:apr1|1|2[abxy]?+|5|6|7|y|gy|sha1|md5|argon2(?:id|i|d))\$\S++"  # a modular crypt hash, also one cut short
    r"|\{(?!(?i:plain|cleartext|clear)\})[A-Za-z0-9.\-]++\}\S++)$"  # {SHA}..., nginx's {SSHA}...; {PLAIN} is plain text
)
"""A hash an htpasswd line may hold beside ``PASSWORD_VERIFIER``'s: what ``htpasswd`` writes, never a
password in plain text (``htpasswd -p``, nginx's ``{PLAIN}``)."""
_PLAIN_SCHEME = re.compile(r"^\{(?i:plain|clear|cleartext)\}")
"""The scheme nginx (``{PLAIN}``) and Dovecot write before a password in plain text."""
_HTDIGEST_REST = re.compile(r"^:[0-9a-fA-F]{32}$")
"""What follows the realm on an ``htdigest`` line (``user:realm:MD5``), written under an htpasswd key."""


def htpasswd_lines(text: str) -> list[int] | None:
    """The lines of an htpasswd file (``user:hash``) whose password is in plain text (``htpasswd -p``,
    nginx's ``{PLAIN}...``), not a hash (bcrypt ``$2y$``, MD5 ``$apr1$``, ``{SHA}``, SHA-crypt, DES
    crypt); None when a line that is no comment (``#``) or blank has another shape: the text is no
    htpasswd file, and is judged otherwise."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _HTPASSWD_LINE.match(line)
        if match is None:
            return None
        password, rest = match.group("password"), match.group("rest")
        if rest is not None and _HTDIGEST_REST.match(rest):
            continue
        if (plain := _PLAIN_SCHEME.match(password)) is not None:
            password = password[plain.end() :]
        elif PASSWORD_VERIFIER.match(password) or _HTPASSWD_HASH.match(password):
            continue
        if password and shell_literal(password) is not None:
            found.append(number)
    return found


_STORED_HASH = re.compile(
    r"\$(?:apr1|1|2[abxy]?+|5|6|7|y|gy|argon2(?:id|i|d))\$[./0-9A-Za-z$=,+\-]{16,}+"  # a modular crypt hash, whole
    r"|\{SSHA\}[A-Za-z0-9+/]{32,}+={0,2}|\{SHA\}[A-Za-z0-9+/]{27}="  # htpasswd -s, nginx's {SSHA}: base64 of the digest
)
"""A hash a password file under a name that is no htpasswd's may hold (``only_hashed_passwords``),
stricter than ``_HTPASSWD_HASH``: a modular crypt hash of 16 characters or more after its scheme
(Mosquitto's ``$7$101$...``, ``$6$...``), ``{SHA}`` then the base64 of a SHA-1 digest, ``{SSHA}`` then
a salted one's; ``{SHA}Summer2024`` or a word of 13 characters (a DES hash's shape) is no hash here."""


def only_hashed_passwords(text: str) -> bool:
    """Whether a text is a password file of ``user:hash`` lines, at least one, each holding a hash
    (``PASSWORD_VERIFIER`` or ``_STORED_HASH``, whole), none anything else (a password in plain text,
    a reference, an empty or short value: judged by the key's name): Mosquitto's ``password_file``
    (``$7$`` written by ``mosquitto_passwd``, ``$6$``), an htpasswd file by another name (``passwd``)."""
    found = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _HTPASSWD_LINE.match(line)
        if match is None or match.group("rest") is not None:
            return False
        password = match.group("password")
        if PASSWORD_VERIFIER.match(password) is None and _STORED_HASH.fullmatch(password) is None:
            return False
        found = True
    return found


def password_file_lines(key: str, text: str) -> list[int] | None:
    """The lines holding a password in plain text of a ConfigMap entry whose key (lowercased) names a
    password file (``PASSWORD_FILES``, an htpasswd file, an lftp script ``*.lftp``, a Jetty realm file by
    another name: ``*-realm.properties``, ``realm*.properties``, ``login.properties``); None for any other
    key, and for an htpasswd or realm-named key whose text is no such file (``htpasswd_lines``, ``_realm_shaped``)."""
    reader = password_file_reader(key)
    return reader(text) if reader is not None else None


def password_file_reader(key: str) -> Callable[[str], list[int] | None] | None:
    """How ``password_file_lines`` reads the text of a key (lowercased) naming a password file: its
    reader, the same function for every key of one kind (``a.htpasswd``, ``b.htpasswd``), or None."""
    if (reader := PASSWORD_FILES.get(key)) is not None:
        return reader
    if key.endswith(".lftp"):  # an lftp script (lftp -f mirror.lftp)
        return lftp_lines
    if key == "login.properties":
        return _login_properties_lines
    if _REALM_NAMED.fullmatch(key):  # a Jetty realm file by another name, when clearly one
        return _realm_named_lines
    if _smb_credentials_key(key):  # mount.cifs credentials=, smbclient -A
        return smb_credentials_lines
    if "pwdb" in key and _PWDB_KEY.search(key):  # memcached's SASL password database
        return pwdb_lines
    return htpasswd_lines if "htpasswd" in key and _HTPASSWD_KEY.search(key) else None


def _realm_named_lines(text: str) -> list[int] | None:
    return realm_lines(text) if _realm_shaped(text, colon_only=False) else None


def _login_properties_lines(text: str) -> list[int] | None:
    return realm_lines(text) if _realm_shaped(text, colon_only=True) else None


_SMB_CREDENTIALS_KEY = re.compile(r"(?:^|[._\-])(?:smb|cifs)[._\-]?+cred(?:s|entials?+)?+(?:$|[._\-])")
"""A ConfigMap key (lowercased) named as an SMB credentials file: ``.smbcredentials``, ``smb-credentials``,
``cifs-credentials``, ``.smbcred``, ``smb.creds``."""
_SMB_CREDENTIALS_LINE = re.compile(r"^[ \t]*+(?P<name>[A-Za-z_]++)[ \t]*+=(?P<value>[^\r\n]*+)")
"""A line of an SMB credentials file: ``name=value`` (smbclient's ``-A`` file writes blanks around the ``=``)."""


def _smb_credentials_key(key: str) -> bool:
    return ("smb" in key or "cifs" in key) and _SMB_CREDENTIALS_KEY.search(key) is not None


_CREDS_WORDS = frozenset({"cred", "creds", "credential", "credentials"})
_SMB_WORDS = frozenset({"smb", "cifs", "samba"})
_PROSE_WORDS = frozenset("the a an of from in by see to for with this that on and at".split())
"""Words a sentence has and a password hardly does: ``Mounted from the smb-creds Secret``."""
_PROSE_WORDS_LEAST = 4
_GIVING_WORDS = frozenset("password passwords passwd pass pwd pw passphrase passcode is was are".split())
"""Words after which prose may give the password itself (``the password is ...``, ``secret is ...``):
a text with one is judged by the key's name."""


def smb_credentials_elsewhere(key: str, text: str) -> bool:
    """Whether the text of a ConfigMap key named as an SMB credentials file (``.smbcredentials``,
    ``cifs-credentials``) that is no such file (``smb_credentials_lines``: None, not ``name=value``
    lines) says where the credentials are rather than holding one: a Secret's name, lowercase words
    as Kubernetes names them (``kubernetes_name``), two or more, one of them ``creds`` or
    ``credentials`` (``see-secret-smb-creds``, ``db-creds``) or ``secret`` beside ``smb``, ``cifs`` or
    ``samba`` (``smb-secret``); or prose, four words or more apart by blanks, one a sentence's
    (``_PROSE_WORDS``: ``Mounted from the smb-creds Secret``), none a password's word, ``is`` or an
    ``=`` (``_GIVING_WORDS``: ``the password is ...`` may give it). A lone word of another shape
    (``hunter2``, ``my-secret``, ``Zq7fake!pw``: a file holding only the password) is judged by the
    key's name, a secret. Linear: the text is split once."""
    if not _smb_credentials_key(key):
        return False
    stripped = text.strip()
    if kubernetes_name(stripped):
        named = set(re.split(r"[\-._]", stripped))
        return len(named) >= 2 and bool(named & _CREDS_WORDS or (named & SECRET_WORDS and named & _SMB_WORDS))
    words = [word.lower().strip(".,;:()") for word in stripped.split()]
    if len(words) < _PROSE_WORDS_LEAST or any("=" in word or word in _GIVING_WORDS for word in words):
        return False
    return any(word in _PROSE_WORDS for word in words)


CREDENTIALS_FILE_KEYS = frozenset({"credentials", "aws-credentials", "aws_credentials", "credentials-velero"})
"""ConfigMap keys (lowercased) named as a credentials file of ``name = value`` lines: the AWS CLI's
``~/.aws/credentials`` mounted from its key, ``credentials`` beside ``config``, and Velero's
``credentials-velero`` (``velero install --secret-file ./credentials-velero``), the same file."""
_CREDENTIALS_FILE_LINE = re.compile(r"[ \t]*+(?:\[[^\]\r\n]++\][ \t\r]*+|[A-Za-z_][\w.\-]*+[ \t]*+=(?!=)(?P<value>.*+))")
"""A line of such a file: a ``[section]`` (``[default]``, ``[profile dev]``) or ``name = value`` (not
the ``==`` a base64 text ends with)."""


def settings_in_a_credentials_file(key: str, text: str) -> bool:
    """Whether a ConfigMap key named as a credentials file (``CREDENTIALS_FILE_KEYS``, lowercased)
    holds such a file, its lines (no comment, ``#`` or ``;``, or blank) all ``[section]`` or ``name =
    value`` and one of them a setting with a value, or a setting under a ``[section]`` (``[default]`` /
    ``aws_secret_access_key =``, its values left empty): it is judged by its settings, line by line, as an SMB
    credentials file is (``aws_access_key_id`` or ``username=app`` alone is none, an empty
    ``aws_secret_access_key =`` is none, an ``aws_secret_access_key`` or ``password`` line with a literal is
    reported), not by its key's name; a text of another shape (a lone word, the secret itself, ``dGVzdDE=``
    alone) is judged by that name. Linear: each line is matched once."""
    if key not in CREDENTIALS_FILE_KEYS:
        return False
    settings = section = named = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[:1] in ("#", ";"):
            continue
        match = _CREDENTIALS_FILE_LINE.fullmatch(line)
        if match is None:
            return False
        value = match.group("value")
        section = section or value is None
        named = named or value is not None
        settings = settings or bool((value or "").strip())  # not dGVzdDE= alone: a base64 text
    return settings or (section and named)


RUBYGEMS_CREDENTIALS_KEYS = frozenset({"credentials", "gem-credentials", "gem_credentials"})
"""ConfigMap keys (lowercased) named as RubyGems' ``~/.gem/credentials`` (``gem push``'s API keys)."""
_RUBYGEMS_CREDENTIALS_LINE = re.compile(r"---[ \t\r]*+|:(?P<name>[A-Za-z_]\w*+):(?:[ \t]++(?P<value>[^\r\n]*+))?+")
"""A line of such a file as RubyGems writes it: the YAML document's ``---``, or ``:name: value``,
a Ruby symbol naming the key (``:rubygems_api_key:``, ``:github:`` for ``gem push --key github``)."""


def rubygems_credentials_lines(key: str, text: str) -> list[tuple[int, str]] | None:
    """(line, name) of each API key in plain text in RubyGems' credentials file under a key named as
    one (``RUBYGEMS_CREDENTIALS_KEYS``, lowercased): every value there is an API key, whatever its
    symbol's name, and one that is empty, ``~`` or a reference (``${GEM_HOST_API_KEY}``) is none.
    None when a line that is no comment (``#``) or blank has another shape (a host's URL as the
    name, the key alone) or no ``:name:`` line is there: the text is judged otherwise (by its key's
    name). Linear: each line is matched once."""
    if key not in RUBYGEMS_CREDENTIALS_KEYS:
        return None
    found: list[tuple[int, str]] = []
    named = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[:1] == "#":
            continue
        match = _RUBYGEMS_CREDENTIALS_LINE.fullmatch(stripped)
        if match is None:
            return None
        if match.group("name") is None:
            continue
        named = True
        if shell_literal((match.group("value") or "").strip()) is not None:
            found.append((number, match.group("name")))
    return found if named else None


_GIT_CREDENTIALS_LINE = re.compile(
    r"[ \t]*+[A-Za-z][\w+.\-]*+://(?:(?P<user>[^:@/\s]*+)(?::(?P<password>[^@/\s]*+))?+@)?+[^@\s]++[ \t\r]*+"
)
"""A line of git's ``credential-store`` file: a URL, ``https://user:password@host[/path]``, the user
and password percent-encoded, either left out (``https://user@github.com``)."""


def git_credentials_lines(text: str) -> list[int] | None:
    """The lines of ``~/.git-credentials`` (git's ``credential.helper store``) that hold a password
    in plain text, or a user that may be a token (``https://<token>@host``, a run that
    ``token_runs_hidden`` hides); a URL with no password (``https://user@github.com``), an empty one
    or a reference (``${GIT_TOKEN}``) is none. None when a line that is no comment (``#``) or blank
    is no URL: the text is judged otherwise (by its key's name). Linear: each line is matched once."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _GIT_CREDENTIALS_LINE.fullmatch(line)
        if match is None:
            return None
        user, password = match.group("user") or "", match.group("password") or ""
        if (password and shell_literal(password) is not None) or token_runs_hidden(user) != user:
            found.append(number)
    return found


def smb_credentials_lines(text: str) -> list[int] | None:
    """The lines of an SMB credentials file (``mount -t cifs -o credentials=FILE``, ``smbclient -A
    FILE``: ``username=``, ``password=``, ``domain=``) whose password (a name starting with ``pass``,
    as mount.cifs reads it) is a literal, not empty or a reference (``${SMB_PASSWORD}``); None when a
    line that is no comment (``#``, ``;``) or blank has another shape: the text is no such file, and
    is judged otherwise (by its key's name)."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip()[:1] in ("#", ";"):
            continue
        match = _SMB_CREDENTIALS_LINE.match(line)
        if match is None:
            return None
        if match.group("name")[:4].lower() == "pass" and shell_literal(match.group("value").strip()) is not None:
            found.append(number)
    return found


_IPSEC_SECRET = re.compile(r"(?:^|[ \t]):[ \t]*+(?P<type>RSA|ECDSA|BLISS|P12|PKCS8|PKCS12|PSK|EAP|NTLM|XAUTH|PIN)(?![^ \t\r])(?P<rest>[^\r\n]*+)")
"""An entry of ``ipsec.secrets``: ``[selectors] : TYPE secret``, its selectors (IDs, addresses, also
IPv6 ones with colons) before a colon that starts the line or follows a blank."""
_IPSEC_WORD = re.compile(r""""[^"\r\n]*+"|'[^'\r\n]*+'|[^\s"'#]++""")
"""A word of an ``ipsec.secrets`` entry after its type: quoted, or up to a blank or a comment."""
_IPSEC_KEY_FILE_TYPES = frozenset({"RSA", "ECDSA", "BLISS", "P12", "PKCS8", "PKCS12"})
"""Entry types whose first word is a private key's or container's file, the second (if any) its
passphrase; the other types' first word (``PSK``, ``EAP``, ``XAUTH``, ``NTLM``; ``PIN``'s second,
after the smartcard's slot) is the secret itself."""


def ipsec_secrets_lines(text: str) -> list[int] | None:
    """The lines of strongSwan's ``ipsec.secrets`` that hold a secret in plain text: a pre-shared key
    (``: PSK "..."``, also ``0x``/``0s`` encoded), an EAP, XAuth or NTLM password, a smartcard PIN, or
    a private key file's passphrase (``: RSA key.pem "..."``); a key file alone (``: RSA key.pem``),
    ``%prompt`` and a reference (``${PSK}``) are none, nor ``include`` lines. None when a line that is
    no comment (``#``) or blank has another shape: the text is judged otherwise (by its key's name).
    Linear: each line is searched once."""
    found: list[int] = []
    entries = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[:1] == "#" or stripped[:8] == "include ":
            continue
        entry = _IPSEC_SECRET.search(line)
        if entry is None:
            return None
        entries = True
        words = [word.group() for word in _IPSEC_WORD.finditer(entry.group("rest"))]
        kind = entry.group("type")
        secret = words[1:2] if kind in _IPSEC_KEY_FILE_TYPES or kind == "PIN" else words[:1]
        value = "".join(secret)
        if value[:1] in ("'", '"'):
            value = value[1:-1]  # quoted (a word that opens a quote closes it: _IPSEC_WORD)
        if value and value != "%prompt" and shell_literal(value) is not None:
            found.append(number)
    return found if entries else None


def pgpass_lines(text: str) -> list[int]:
    """The lines of a ``.pgpass`` file (``host:port:database:user:password``) that hold a password
    in plain text; comments (``#``) and lines of another shape are skipped."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _PGPASS_LINE.match(line)
        if match is not None and shell_literal(match.group("password").replace("\\:", ":")) is not None:
            found.append(number)
    return found


def netrc_lines(text: str) -> list[int]:
    """The lines of a ``.netrc`` file that hold a ``password`` (or ``account``) token's value in plain text. Tokens
    are separated by blanks and line breaks, so the value may be on the line after ``password``;
    ``macdef`` bodies (up to a blank line) are macros, not settings (``netrc_line``)."""
    found: list[int] = []
    state = 0
    for number, line in enumerate(text.splitlines(), start=1):
        held, state = netrc_line(line, state)
        if held:
            found.append(number)
    return found


NETRC_STATES = 16
"""The states ``netrc_line`` reads a line in: 1 the previous token was ``password`` (or ``account``), 2 in a macro, 4
the entry's login is anonymous FTP's, 8 the previous token was ``login``."""
_ANONYMOUS_LOGINS = frozenset(("anonymous", "ftp"))
"""The logins of anonymous FTP (RFC 1635), case aside: any password is taken."""
_ANONYMOUS_PASSWORD = re.compile(r"[^@\s]*+@[^@\s]*+|(?i:anonymous|guest)")
"""What anonymous FTP is given as its password by convention, no secret: an email address
(``user@site``, ``anonymous@``) or the word ``anonymous`` or ``guest``."""


def netrc_line(line: str, state: int) -> tuple[bool, int]:
    """One line of a ``.netrc`` file read after the lines before it (``state``, 0 at the start:
    ``NETRC_STATES``): whether it holds a ``password`` token's value in plain text, and the state
    after it; ``account``'s value, an additional password netrc(5) says, is one too. A ``macdef`` body runs up to a blank line; a comment (``#``: Python's and curl's readers
    skip them) keeps the state. An entry (``machine`` or ``default``) whose ``login`` is anonymous
    FTP's holds no password in an email address or ``anonymous`` (``login anonymous password
    user@site``, as netrc(5) shows); another value there is one."""
    if state & 2:
        return False, state & ~2 | (2 if line.strip() else 0)
    if line.lstrip().startswith("#"):
        return False, state
    expecting, anonymous, login = bool(state & 1), bool(state & 4), bool(state & 8)
    held = False
    for token in line.split():
        if expecting:
            harmless = anonymous and _ANONYMOUS_PASSWORD.fullmatch(token) is not None
            held = held or (not harmless and shell_literal(token) is not None)
            expecting = False
        elif login:
            anonymous, login = token.lower() in _ANONYMOUS_LOGINS, False
        elif token in ("password", "account"):
            expecting = True
        elif token == "login":
            login = True
        elif token in ("machine", "default"):
            anonymous = False
        elif token == "macdef":
            return held, int(expecting) | 2 | 4 * anonymous | 8 * login
    return held, int(expecting) | 4 * anonymous | 8 * login


def userlist_lines(text: str) -> list[int]:
    """The lines of a PgBouncer ``userlist.txt`` (``"user" "password"``) whose password is in plain
    text rather than an MD5 or SCRAM verifier; comments (``;``, ``#``) are skipped."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _USERLIST_LINE.match(line)
        if match is None:
            continue
        password = match.group("password").replace('""', '"')
        if password and not PASSWORD_VERIFIER.match(password) and shell_literal(password) is not None:
            found.append(number)
    return found


def msmtprc_lines(text: str) -> list[int]:
    """The lines of an msmtp configuration (``msmtprc``) whose ``password`` command gives the SMTP
    password in plain text; ``passwordeval``, comments and other commands are not secrets."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MSMTPRC_PASSWORD.match(line)
        if match is not None and shell_literal(match.group("password").strip("\"'")) is not None:
            found.append(number)
    return found


def fetchmailrc_lines(text: str) -> list[int]:
    """The lines of a fetchmail run control file (``.fetchmailrc``) whose ``password``/``pass``
    keyword gives the mailbox password in plain text; a reference a start script fills in
    (``${IMAP_PASSWORD}``), an empty string (asked for at the terminal), ``auth password`` (the kind of
    login) and comments are none."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#") or "pass" not in line.lower():
            continue
        for match in _FETCHMAILRC_PASSWORD.finditer(line):
            if line[: match.start() + 1].rstrip().lower().endswith(("auth", "authenticate")):
                continue  # auth password: the kind of login asked for, no password
            password = match.group("password")
            if password[:1] in ("'", '"'):
                password = password[1:-1]
            if shell_literal(password) is not None:
                found.append(number)
                break
    return found


def realm_lines(text: str) -> list[int]:
    """The lines of a Jetty ``realm.properties`` (``user: password[,role...]``) whose password is in
    plain text or only obfuscated (``OBF:``), not an ``MD5:`` or ``CRYPT:`` hash; comments (``#``,
    ``!``) are skipped, and so is a URL, a setting of another file by the same name."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip()[:1] in ("#", "!"):
            continue
        match = _REALM_LINE.match(line)
        if match is None:
            continue
        password = match.group("password").rstrip()
        hashed = _REALM_HASH.match(password) or (password[:7] == "CRYPT:$" and PASSWORD_VERIFIER.match(password[6:]))
        if not hashed and "://" not in password and shell_literal(password) is not None:  # a URL: another file's setting
            found.append(number)
    return found


def lftp_lines(text: str) -> list[int]:
    """The lines of an lftp script or startup file (``lftp -f mirror.lftp``, ``~/.lftprc``) whose
    commands give a password in plain text: ``open -u user,password``, ``user NAME PASSWORD``, as
    among the commands of ``lftp -c`` (``lftp_commands_password``); comments (``#``) are skipped."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.lstrip().startswith("#") and lftp_commands_password(line) is not None
    ]


_SASL_PASSWD_LINE = re.compile(r"^[ \t]*+[^\s#]\S*+[ \t]++[^:\s]*+:(?P<password>\S[^\r\n]*+)$")
"""A line of Postfix's ``sasl_passwd`` map source: the relay (``[smtp.example.org]:587``, a sender
address) then blanks then ``user:password`` (the password is the rest of the line)."""


def sasl_passwd_lines(text: str) -> list[int] | None:
    """The lines of Postfix's ``sasl_passwd`` (``postmap``'s source for ``smtp_sasl_password_maps``)
    whose password is a literal, not a reference a start script fills in (``${SMTP_PASSWORD}``) nor
    a verifier; None when a line that is no comment (``#``) or blank has another shape: the text is
    no such file, and is judged otherwise (by its key's name)."""
    return _password_map_lines(text, _SASL_PASSWD_LINE, stored_hashes=False)


def _password_map_lines(text: str, shape: re.Pattern[str], stored_hashes: bool) -> list[int] | None:
    """The lines of a password map of one entry a line, each of ``shape`` (its ``password`` group
    the rest of the line), whose password is a literal (``shell_literal``), no verifier
    (``PASSWORD_VERIFIER``) nor, with ``stored_hashes``, a hash (``_STORED_HASH``); comments (``#``)
    and blank lines skipped. None when another line has another shape: the text is no such map
    (``sasl_passwd_lines``, ``pwdb_lines``)."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = shape.match(line)
        if match is None:
            return None
        password = match.group("password").rstrip(" \t\r")
        if shell_literal(password) is not None and not PASSWORD_VERIFIER.match(password) and not (stored_hashes and _STORED_HASH.fullmatch(password)):
            found.append(number)
    return found


_AMANDAPASS_LINE = re.compile(r"^[ \t]*+(?://[^\s/]++/\S*+|\*)[ \t]++[^%\s]++(?:%(?P<password>\S++))?+(?:[ \t]++[^\s#]++)?+[ \t\r]*+$")
"""A line of Amanda's ``amandapass`` (``/etc/amandapass``, read by ``amsamba`` and ``smbclient``
backups): an SMB share (``//host/share``, or ``*``), blanks, ``user%password`` (a user alone has
no password), then maybe the workgroup."""


def amandapass_lines(text: str) -> list[int] | None:
    """The lines of Amanda's ``amandapass`` whose password (after the ``%``) is a literal, not a
    reference a start script fills in (``${SMB_PASSWORD}``), nor masked out; a user with no password
    is none. None when a line that is no comment (``#``) or blank has another shape: the text is no
    such file, and is judged otherwise (by its key's name). Linear: each line is matched once."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _AMANDAPASS_LINE.match(line)
        if match is None:
            return None
        password = match.group("password")
        if password is not None and shell_literal(password) is not None:
            found.append(number)
    return found


OPENVPN_PROFILE_SUFFIXES = (".ovpn", ".conf")
"""ConfigMap keys that may hold an OpenVPN profile (``client.ovpn``, ``/etc/openvpn/client/site.conf``)."""
_OPENVPN_AUTH_USER_PASS = re.compile(
    r"""^[ \t]*+auth-user-pass[ \t]++(?:"(?P<quoted>[^"\r\n]++)"|'(?P<single>[^'\r\n]++)'|(?P<path>[^\s"'#;]++))""", re.MULTILINE
)
"""An OpenVPN profile's ``auth-user-pass FILE`` line: the file its user and password are read from
(``auth-user-pass`` alone prompts for them; ``<auth-user-pass>`` holds them inline)."""


def openvpn_auth_files(profiles: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The base names of the files that the OpenVPN profiles among ``profiles`` (a ConfigMap's
    (key, text) entries, those with a key ending ``.ovpn`` or ``.conf``) read their user and password
    from (``auth-user-pass /etc/openvpn/auth.txt``: ``auth.txt``), as keys of the same ConfigMap
    mounted beside them are named. Linear: each profile's text is searched once."""
    named: set[str] = set()
    for key, text in profiles:
        if not key.lower().endswith(OPENVPN_PROFILE_SUFFIXES) or "auth-user-pass" not in text:
            continue
        for line in _OPENVPN_AUTH_USER_PASS.finditer(text):
            path = line.group("quoted") or line.group("single") or line.group("path") or ""
            if (base := path.rstrip("/").rsplit("/", 1)[-1]) and base != "stdin":
                named.add(base)
    return frozenset(named)


def openvpn_auth_file_lines(text: str) -> list[int] | None:
    """The lines of an OpenVPN ``auth-user-pass`` file (a key ``openvpn_auth_files`` names) that hold a
    password in plain text: the file is exactly two non-empty lines, the user, then the password
    (reported when a literal, not a ``${...}`` reference a start script fills in, nor masked out);
    None for a text of another shape, judged otherwise (by its key's name)."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 2 or not lines[0].strip() or not lines[1].strip():
        return None
    return [2] if shell_literal(lines[1].strip()) is not None else []


_PWDB_KEY = re.compile(r"(?:^|[._\-]|sasl)pwdb(?:$|[._\-])")
"""A ConfigMap key (lowercased) named as memcached's SASL password database (``MEMCACHED_SASL_PWDB``):
``memcached-sasl-pwdb``, ``sasl-pwdb``, ``saslpwdb``, ``pwdb``."""
_PWDB_LINE = re.compile(r"^(?P<user>[^:\s#][^:\s]*+):(?P<password>\S[^\r\n]*+)$")
"""A line of that database: ``user:password``, the password the rest of the line (memcached splits
at the first ``:``), no blank after the ``:`` (``note: ...`` is prose or YAML)."""


def pwdb_lines(text: str) -> list[int] | None:
    """The lines of memcached's SASL password database (``-S`` built with ``--enable-sasl-pwdb``) whose
    password is a literal: memcached compares it as written, in plain text; a reference a start script
    fills in (``${MEMCACHED_PASSWORD}``) or a hash (``_STORED_HASH``, ``PASSWORD_VERIFIER``) is none.
    None when a line that is no comment (``#``) or blank has another shape: the text is no such file,
    and is judged otherwise (by its key's name)."""
    return _password_map_lines(text, _PWDB_LINE, stored_hashes=True)


PASSWORD_FILES: dict[str, Callable[[str], list[int] | None]] = {
    ".pgpass": pgpass_lines,
    "pgpass": pgpass_lines,
    "pgpass.conf": pgpass_lines,  # its name on Windows
    ".git-credentials": git_credentials_lines,
    "git-credentials": git_credentials_lines,
    ".netrc": netrc_lines,
    "_netrc": netrc_lines,  # its name on Windows
    "netrc": netrc_lines,
    "userlist.txt": userlist_lines,
    "msmtprc": msmtprc_lines,
    ".msmtprc": msmtprc_lines,
    "fetchmailrc": fetchmailrc_lines,
    ".fetchmailrc": fetchmailrc_lines,
    "realm.properties": realm_lines,  # Jetty's HashLoginService
    ".lftprc": lftp_lines,
    "lftprc": lftp_lines,
    "lftp.conf": lftp_lines,  # /etc/lftp.conf
    "sasl_passwd": sasl_passwd_lines,  # Postfix's relay credentials, before postmap
    "ipsec.secrets": ipsec_secrets_lines,  # strongSwan's and Libreswan's
    "amandapass": amandapass_lines,  # Amanda's SMB shares: //host/share user%password [workgroup]
}
"""ConfigMap keys (lowercased) read as a password file, and how (None: the text has another shape, and is judged by its key's name)."""

def _realm_named_line(line: str) -> list[int] | None:
    """One line as ``_realm_named_lines`` judges it among others: a comment or blank line none, a line
    of another shape None (the text is no realm file), a realm's line ``realm_lines``' answer."""
    if not line.strip() or line.lstrip()[:1] in ("#", "!"):
        return []
    return realm_lines(line) if _realm_shaped(line, colon_only=False) else None


def _login_properties_line(line: str) -> list[int] | None:
    """One line as ``_login_properties_lines`` judges it among others (``_realm_named_line``)."""
    if not line.strip() or line.lstrip()[:1] in ("#", "!"):
        return []
    return realm_lines(line) if _realm_shaped(line, colon_only=True) else None


LINE_BY_LINE: dict[Callable[[str], list[int] | None], Callable[[str], list[int] | None]] = {
    **{reader: reader for reader in (pgpass_lines, userlist_lines, msmtprc_lines, fetchmailrc_lines, realm_lines, lftp_lines, smb_credentials_lines, htpasswd_lines, pwdb_lines, amandapass_lines)},
    _realm_named_lines: _realm_named_line,
    _login_properties_lines: _login_properties_line,
}
"""Readers (``password_file_reader``) whose answer on a text is its lines' taken apart, and how one
line is judged: a text holds a password when a line is found and, for those that take a text of
another shape for no such file (``htpasswd_lines``, ``smb_credentials_lines``, a realm file by
another name), no line is None; so the lines of many here-documents ending on one line are judged
once (``shell_reader``'s ``any_line_found``). ``netrc_lines`` (a token's value on the next line,
a macro's lines up to a blank one) is read with its state (``STEPPED``)."""


_BREAKS_BUT_CR = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What ``splitlines`` ends a line at, but ``\\n`` and ``\\r`` (``\\r\\n`` is one break; a here-document's
lines have their ``\\r`` taken off their end)."""


def _netrc_text_line(line: str, state: int) -> tuple[bool, int]:
    """A line of a here-document (no ``\\n`` in it) as ``netrc_lines`` reads it in a text: the lines
    ``splitlines`` makes of it (a ``\\r`` or ``\\f`` inside splits it), a blank one for none, and a
    blank one after it when it ends in such a break (``\\f`` then the document's ``\\n``: two breaks)."""
    parts = line.splitlines() or [""]
    if line[-1:] in _BREAKS_BUT_CR:
        parts.append("")
    held = False
    for part in parts:
        found, state = netrc_line(part, state)
        held = held or found
    return held, state


STEPPED: dict[Callable[[str], list[int] | None], tuple[Callable[[str, int], tuple[bool, int]], int]] = {
    netrc_lines: (_netrc_text_line, NETRC_STATES),
}
"""Readers whose answer on a text is found line by line with a state carried from line to line,
and how one line is read with it (and how many states there are): the lines of many here-documents
are read once (``shell_reader``'s ``line_found_in_order``)."""

def _realm_shaped(text: str, colon_only: bool) -> bool:
    """Whether every line of ``text`` but comments and blank lines, and at least one, is a Jetty
    realm's ``user: password,role...`` (``_REALM_SHAPED``; ``colon_only``: apart by a ``:``, as
    Jetty writes it, not ``=``, for a name another file may have, ``login.properties``) with no
    URL in it."""
    shaped = False
    for line in text.split("\n"):
        if not line.strip() or line.lstrip()[:1] in ("#", "!"):
            continue
        match = _REALM_SHAPED.fullmatch(line)
        if match is None or "://" in line or (colon_only and match.group("separator") != ":"):
            return False
        shaped = True
    return shaped
