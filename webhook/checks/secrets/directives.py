"""Config lines that are directives rather than ``name = value`` settings: Redis's and HAProxy's
(``requirepass``), web servers' (``proxy_set_header``, ``SetEnv``), fluent-bit's and fluentd's ``key value`` lines,
Spark's ``spark.name  value`` lines."""

from __future__ import annotations

import re

import orjson

from webhook import gojson
from webhook.checks.secrets.code_values import PHP_STRING
from webhook.checks.secrets.headers import HEADER_NAME, header_credential
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.setting_values import SETTINGS_JUDGED_BY_VALUE, config_value, judged_by_value, setting_holds_a_secret
from webhook.checks.secrets.values import ENV_LOOKUP, alternation, is_literal_setting, scheme_before_a_reference, setting_literal

_DIRECTIVE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("requirepass", r"^\s*+(?i:requirepass)\s++(?P<secret>\S.*)"),
    ("masterauth", r"^\s*+(?i:masterauth)\s++(?P<secret>\S.*)"),
    ("tls-key-file-pass", r"^\s*+(?i:tls-key-file-pass)\s++(?P<secret>\S.*)"),
    ("tls-client-key-file-pass", r"^\s*+(?i:tls-client-key-file-pass)\s++(?P<secret>\S.*)"),
    ("sentinel auth-pass", r"^\s*+(?i:sentinel\s++auth-pass)\s++\S++\s++(?P<secret>\S.*)"),
    ("sentinel sentinel-pass", r"^\s*+(?i:sentinel\s++sentinel-pass)\s++(?P<secret>\S.*)"),
    ("remote_password", r"^[ \t]*+remote_password[ \t]++(?P<secret>\S.*)"),
    ("auth_opt_*_password", r"^[ \t]*+auth_opt_(?:[a-z0-9]++_)*+(?:pass|password)[ \t]++(?P<secret>\S.*)"),
    ("user >password", r"^\s*+(?i:user)\s++\S++\s(?:.*?\s)?+>(?P<secret>\S++)"),
    ("stats auth", r"^\s*+stats\s++auth\s++[^:\s]++:(?P<secret>\S++)"),
    ("insecure-password", r"^\s*+user\s++\S++\s++(?:\S++\s++)*?insecure-password\s++(?P<secret>\S++)"),
    ("cache_peer login", r"^[ \t]*+cache_peer[ \t]++\S[^\n]*?[ \t]login=(?!NEGOTIATE:)[^:\s]++:(?P<secret>\S++)"),
    ("bindpw", r"^\s*+(?i:bindpw)\s++(?P<secret>\S.*)"),
    ("rootpwmodpw", r"^\s*+(?i:rootpwmodpw)\s++(?P<secret>\S.*)"),
    ("rootpw", r"^\s*+(?i:rootpw)(?:\s++--[\w\-]++)*+\s++(?P<secret>[^\s\-].*)"),
    ("AuthLDAPBindPassword", r"^\s*+(?i:AuthLDAPBindPassword)\s++(?![\"']?+exec:)(?P<secret>\S.*)"),
)  # fmt: skip
"""Space-separated config lines that set a password (redis.conf, sentinel.conf, Redis ACL files,
HAProxy's ``stats auth user:password`` and userlists' ``user NAME insecure-password PASSWORD``,
LDAP clients' ``bindpw PASSWORD`` (nslcd.conf, pam_ldap's ldap.conf), nslcd's ``rootpwmodpw PASSWORD``
(the password of ``rootpwmoddn``, with which root changes users' passwords) and OpenLDAP's ``rootpw
PASSWORD``, also after a kickstart's options, ``rootpw --plaintext ...``; ``rootpw --lock`` sets none),
Redis's passphrases of its TLS keys (``tls-key-file-pass``, ``tls-client-key-file-pass``), Sentinel's password
for the other Sentinels (``sentinel sentinel-pass``), Mosquitto's bridge password (``remote_password``) and
its auth plugins' backend passwords (``auth_opt_pg_password``, ``auth_opt_redis_password``, ``auth_opt_pass``) , Squid's password for a parent
proxy (``cache_peer HOST parent 3128 0 login=USER:PASSWORD``, also ``login=*:PASSWORD``; ``login=PASSTHRU``,
``PROXYPASS``, ``PASS`` and ``NEGOTIATE:principal`` write none) and Apache
mod_authnz_ldap's ``AuthLDAPBindPassword PASSWORD`` (``AuthLDAPBindPassword exec:/path/to/program``
runs a program that prints it: none)."""
DIRECTIVES, DIRECTIVE_LABELS = alternation(_DIRECTIVE_PATTERNS)
NAMED_DIRECTIVE = re.compile(
    r"^[ \t]*+(?P<directive>proxy_set_header|grpc_set_header|(?i:RequestHeader)[ \t]++(?i:set|append|add|setifempty)"
    r"|http-(?:request|response|after-response)[ \t]++(?:set|add)-header"
    r"|fastcgi_param|uwsgi_param|scgi_param|(?i:SetEnv))[ \t]++(?P<name>[\w\-.]++)[ \t]++(?P<value>\S.*)$"
)
"""A web server directive that sets a named value: nginx's ``proxy_set_header``/``grpc_set_header``
Apache's ``RequestHeader set`` and HAProxy's ``http-request set-header``/``add-header`` (a header
sent upstream, judged as a header; HAProxy's ``%[env(X)]``, ``%[var(txn.x)]`` are references) and
``http-response set-header``/``add-header`` (one sent to the client, in plain text all the same, also
``http-after-response``'s), nginx's
``fastcgi_param``/``uwsgi_param``/``scgi_param`` and Apache's ``SetEnv`` (an environment variable
for the application, judged by its name)."""
HEADER_DIRECTIVES = ("proxy_set_header", "grpc_set_header")
_HAPROXY_EXPRESSION = re.compile(r"%(?:\{[^{}%]*+\})?+\[")
"""What starts an expression in an HAProxy log-format string (``%[env(API_KEY)]``,
``%[var(txn.token)]``, ``%{+Q}[ssl_c_der,base64]``): the value is computed, no literal."""
_APACHE_VARIABLE = re.compile(r"%\{[\w:\-.]++\}[es]")
"""A variable Apache's ``RequestHeader`` puts into a value: ``%{API_TOKEN}e`` (an environment
variable, ``PassEnv``'d or ``SetEnv``'d elsewhere), ``%{SSL_CLIENT_S_DN_CN}s`` (an SSL variable);
the value is judged without it (``"Bearer %{API_TOKEN}e"`` is a scheme alone: none, under any header's
name, ``X-Api-Key "Token %{X}e"`` too). A value
``expr=...`` with a ``%{...}`` in it (``expr=Bearer %{ENV:API_TOKEN}``) is an expression: none."""


_NGINX_SET = re.compile(r"^[ \t]*+set[ \t]++\$(?P<name>\w++)[ \t]++(?P<value>\"[^\"\n]*+\"|'[^'\n]*+'|[^\s;\"']++)[ \t]*+;")
"""nginx's ``set $api_token "...";`` (the rewrite module's variable, often sent on in a header):
its name without the ``$`` and its value, a quoted string or one word, then the ``;`` every nginx
directive ends with (a shell's ``set $args`` has none)."""


def nginx_set_variable(names: Names, line: str) -> str | None:
    """``set $name`` for an nginx ``set`` of a variable named as a secret (``$api_token``,
    ``$upstream_password``) to a literal (``setting_literal``), or None: another variable
    (``set $token $http_x_token;``, ``"${API_TOKEN}"`` filled in by envsubst) sets none."""
    match = _NGINX_SET.match(line)
    if match is None:
        return None
    name, value = match.group("name"), match.group("value")
    if value[:1] in ("'", '"'):
        value = value[1:-1]
    if not names.sensitive(name) or names.is_allowed(name) or "$" in value:
        return None
    return f"set ${name}" if setting_literal(value) is not None else None


def is_header_directive(directive: str) -> bool:
    """Whether a ``NAMED_DIRECTIVE``'s directive sets a header sent upstream (judged as a header)."""
    return directive in HEADER_DIRECTIVES or directive.lower().startswith(("requestheader", "http-request", "http-response", "http-after-response"))


def _header_literal(names: Names, name: str, value: str) -> bool:
    """Whether a header a directive sends carries a credential in plain text (``header_credential``);
    an HAProxy expression (``%[env(API_KEY)]``: ``_HAPROXY_EXPRESSION``) computes its value: none."""
    return ("%" not in value or _HAPROXY_EXPRESSION.search(value) is None) and header_credential(names, name, value)


def response_cookie(directive: str, name: str) -> bool:
    """Whether a ``NAMED_DIRECTIVE`` is HAProxy's ``http-response set-header Set-Cookie ...`` (or
    ``http-after-response``'s): a cookie given to every client (a sticky session's ``SERVERID=s1``), no credential."""
    return name.lower() == "set-cookie" and directive.startswith(("http-response", "http-after-response"))


_HAPROXY_CHECK_SEND = re.compile(r"[ \t]*+http-check[ \t]++send[ \t]")
"""HAProxy's ``http-check send ...`` line: the request of a health check, its headers ``hdr NAME VALUE``."""
_HAPROXY_CHECK_HEADER = re.compile(r"[ \t]hdr[ \t]++(?P<name>[\w\-.]++)[ \t]++(?P<value>\"[^\"\n]*+\"|'[^'\n]*+'|[^\s\"']\S*+)")
"""A header of an ``http-check send`` line, ``hdr Authorization "Bearer ..."``, ``hdr X-Api-Key ...``:
its name and its value, a quoted string or one word."""


def haproxy_check_headers(names: Names, line: str) -> list[str]:
    """``http-check Name`` for each header an HAProxy ``http-check send`` line sends with a credential
    in plain text (``hdr Authorization "Bearer ..."``, ``hdr X-Api-Key ...``), judged as a header
    is (``header_credential``); an HAProxy expression (``%[env(API_KEY)]``) computes its value: none."""
    if _HAPROXY_CHECK_SEND.match(line) is None:
        return []
    found: list[str] = []
    for match in _HAPROXY_CHECK_HEADER.finditer(line):
        name, value = match.group("name"), match.group("value")
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        if _header_literal(names, name, value):
            found.append(f"http-check {name}")
    return found


_HAPROXY_HTTPCHK = re.compile(r"[ \t]*+option[ \t]++httpchk[ \t]")
"""HAProxy's old ``option httpchk METHOD URI VERSION`` line, whose version may carry headers after
an escaped line break: ``HTTP/1.1\\r\\nAuthorization:\\ Basic\\ ...``."""


def haproxy_httpchk_headers(names: Names, line: str) -> list[str]:
    """``option httpchk Name`` for each header an HAProxy ``option httpchk`` line sends after a
    ``\\r\\n`` with a credential in plain text (``Authorization:\\ Basic\\ ...``, its blanks
    escaped or the version quoted), judged as ``http-check send``'s headers are (``_header_literal``)."""
    if "\\r\\n" not in line or _HAPROXY_HTTPCHK.match(line) is None:
        return []
    found: list[str] = []
    quoted = '"' in line  # the version quoted: a header ends at the quote, blanks and all
    for part in line.split("\\r\\n")[1:]:
        text = part.replace("\\ ", "\0")
        text = text.partition('"')[0] if quoted else text.partition(" ")[0].partition("\t")[0]
        name, colon, value = text.replace("\0", " ").partition(":")
        name, value = name.strip(), value.strip()
        if colon and value and HEADER_NAME.fullmatch(name) is not None and _header_literal(names, name, value):
            found.append(f"option httpchk {name}")
    return found


_FLUENT_BIT_SECTION = re.compile(
    r"^[ \t]*+\[(?i:service|input|filter|output|parser|multiline_parser|upstream|node|plugins|custom)\][ \t\r]*+$",
    re.MULTILINE,
)
"""A section header of fluent-bit's classic config on its own line (``[OUTPUT]``): only then are
indented ``Key value`` lines read as settings (nginx's ``proxy_pass http://app;`` is not one)."""
_FLUENT_BIT_ENTRY = re.compile(r"^[ \t]++([A-Za-z_][\w.\-]*+)[ \t]++(\S.*)$")
"""An indented ``Key  value`` line of fluent-bit's classic config (``HTTP_Passwd  ...``)."""
_FLUENTD_DIRECTIVE = re.compile(
    r"^[ \t]*+<(?:label[ \t]++@[^<>=\"'\r\n]*+|(?:source|match|filter|system|worker)(?:[ \t]++[^<>=\"'\r\n]*+)?+)>[ \t\r]*+$",
    re.MULTILINE,
)
"""A top-level directive of fluentd's config on its own line (``<match **>``, ``<source>``,
``<label @OUT>``), without the attributes an XML or HTML tag would have: only then are ``key value``
lines read as settings, in it and in the sections nested in it (``<store>``, ``<server>``,
``<buffer>``, ``<security>``...). Sections alone do not count: Maven's ``settings.xml`` has
``<server>`` on its own line too. Looked for only when the text has ``@type`` (fluentd v1's syntax;
v0.12's bare ``type`` is not recognised)."""
FLUENTD_ENTRY = re.compile(r"^[ \t]*+([A-Za-z_][\w.\-]*+)[ \t]++(\S.*)$")
"""A ``key value`` line of fluentd's config (``password ...``, ``shared_key ...``)."""
FLUENTD_SENSITIVE_KEYS = frozenset({"aws_sec_key"})
"""fluentd keys that hold a secret although their name does not say so (the S3 and CloudWatch
plugins' AWS secret access key)."""
_RUBY_INTERPOLATION = re.compile(r"#\{[^{}]*+\}")
"""Ruby's ``#{...}`` in a double-quoted fluentd value: code run when the config is read."""


def _fluentd_literal(value: str) -> bool:
    """Whether a fluentd value is a literal: Ruby's ``"#{...}"`` in a double-quoted value is code run
    when the config is read (``"#{ENV['ES_PASSWORD']}"``), a literal only through a default it
    gives (``"#{ENV.fetch('X', 'default')}"``) or the text around it."""
    if len(value) < 2 or value[0] != '"' or value[-1] != '"' or "#{" not in value:
        return is_literal_setting(value)
    inner = value[1:-1]
    whole = _RUBY_INTERPOLATION.fullmatch(inner)
    if whole is not None:
        code = whole.group()[2:-1].strip()
        return ENV_LOOKUP.match(code) is not None and is_literal_setting(code)
    return is_literal_setting(_RUBY_INTERPOLATION.sub("", inner))


def fluent_bit_setting(names: Names, line: str) -> str | None:
    """The key of a fluent-bit ``Key  value`` line that sets a secret in plain text, or None; for a
    ``Header  Name  value`` line, ``Header Name`` when the header carries a credential
    (``Authorization``, ``X-Api-Key``)."""
    match = _FLUENT_BIT_ENTRY.match(line)
    if match is None:
        return None
    key, value = match.group(1), config_value(match.group(2))
    if key.lower() == "header":
        return _header_setting(names, value)
    if key.lower() in SETTINGS_JUDGED_BY_VALUE:
        return key if judged_by_value(key, value) and not names.is_allowed(key) else None
    if not names.sensitive(key):
        return None
    return key if setting_literal(value) is not None else None


_SPARK_CONF_ENTRY = re.compile(r"^[ \t]*+(spark\.[\w.\-]++)[ \t]++([^\s=:]\S*+)[ \t\r]*+$")
"""A ``spark.name  value`` line of Spark's ``spark-defaults.conf`` (the name and its value apart by
blanks, no ``=``: ``spark.ssl.keyStorePassword  ...``), its value one word: a sentence that starts
with a setting's name (``spark.authenticate.secret is required when ...``) sets none."""
_SPARK_SECRET_REFERENCES = re.compile(r"\.(?:secretKeyRef|secrets)\.", re.IGNORECASE)
"""Spark on Kubernetes' settings that name a Secret rather than hold one: ``spark.kubernetes.driver
.secretKeyRef.DB_PASSWORD  db-creds:password`` (an environment variable from a key of a Secret) and
``spark.kubernetes.executor.secrets.db-creds  /etc/secrets`` (where a Secret is mounted)."""


def spark_conf_setting(names: Names, line: str) -> str | None:
    """The name of a ``spark-defaults.conf`` line (``_SPARK_CONF_ENTRY``) that sets a secret in plain
    text under a sensitive name (``spark.hadoop.fs.s3a.secret.key``, ``spark.authenticate.secret``),
    or None; one that names a Kubernetes Secret (``_SPARK_SECRET_REFERENCES``) sets none."""
    match = _SPARK_CONF_ENTRY.match(line)
    if match is None:
        return None
    key, value = match.group(1), config_value(match.group(2))
    if not names.sensitive(key) or names.is_allowed(key) or _SPARK_SECRET_REFERENCES.search(key) is not None:
        return None
    return key if setting_holds_a_secret(value, key) else None


def _header_setting(names: Names, header: str) -> str | None:
    """``Header Name`` for a fluent-bit ``Header  Name  value`` whose header carries a credential in
    plain text, or None. A value glued to its name by a colon (``Header  X-Api-Key:...``) is the
    value, not part of the name: a name is shown only when it is a header name (``HEADER_NAME``)."""
    name, _, value = header.replace("\t", " ").partition(" ")
    name, _, glued = name.partition(":")
    value = f"{glued} {value}".strip()
    if HEADER_NAME.match(name) is None:
        return None
    return f"Header {name}" if header_credential(names, name, value) else None


def named_directive(names: Names, line: str) -> str | None:
    """``directive Name`` for a web server directive (``proxy_set_header X-Api-Key "..."``,
    ``SetEnv DB_PASSWORD ...``) that sets a secret in plain text, or None."""
    match = NAMED_DIRECTIVE.match(line)
    if match is None:
        return None
    directive, name = match.group("directive"), match.group("name")
    value = config_value(match.group("value"))
    quoted = PHP_STRING.match(value)  # one quoted value, or the first word: what follows is a flag (nginx's "always")
    words = value.split()
    if quoted is None and not words:  # nothing before the ; or , that ends it (SetEnv DB_PASSWORD ;)
        return None
    value = quoted.group(1)[1:-1] if quoted is not None else words[0]
    if is_header_directive(directive):
        if directive[:1] in "Rr" and "%{" in value:
            if value.startswith("expr="):
                return None
            value = _APACHE_VARIABLE.sub("", value)
            if scheme_before_a_reference(value.strip(" \t")):
                return None  # X-Api-Key "Bearer %{API_KEY}e": a scheme's name alone is left, no credential
        literal = not response_cookie(directive, name) and _header_literal(names, name, value)
    else:
        literal = names.sensitive(name) and not names.is_allowed(name) and setting_literal(value) is not None
    return f"{directive.split()[0]} {name}" if literal else None


def fluentd_settings(names: Names, line: str) -> list[str]:
    """The key of a fluentd ``key value`` line that sets a secret in plain text, or each header of
    its hash (``_fluentd_hash_settings``)."""
    match = FLUENTD_ENTRY.match(line)
    if match is None:
        return []
    key, value = match.group(1), config_value(match.group(2))
    if not (names.sensitive(key) or (key in FLUENTD_SENSITIVE_KEYS and not names.is_allowed(key))):
        return _fluentd_hash_settings(names, key, value) if value[:1] == "{" else []
    return [key] if _fluentd_literal(value) else []


def _fluentd_hash_settings(names: Names, key: str, value: str) -> list[str]:
    """``key Name`` for each entry of a fluentd hash written as JSON (the http output's ``headers
    {"Authorization": "Bearer ...", "X-Api-Key": "..."}``) that carries a credential in plain text,
    in order, judged like a header: by the header's name, ``Authorization`` always, without its
    scheme. An entry with Ruby code in it (``"Bearer #{ENV['TOKEN']}"``) is taken as a reference; a
    name that is no header name (``HEADER_NAME``) is not shown, nor judged."""
    try:
        entries = gojson.loads(value)
    except orjson.JSONDecodeError:
        return []
    if not isinstance(entries, dict):
        return []
    return [
        f"{key} {name}"
        for name, text in entries.items()
        if isinstance(text, str) and "#{" not in text and HEADER_NAME.match(name) and header_credential(names, name, text)
    ]


def dialects(text: str) -> tuple[bool, bool, bool]:
    """Whether a config text is fluent-bit's classic config, fluentd's, and may hold PHP's
    ``define``: each reads some lines that are settings in no other."""
    fluent_bit = "[" in text and _FLUENT_BIT_SECTION.search(text) is not None
    fluentd = (
        not fluent_bit
        and "<" in text
        and "@type" in text  # every source, match and filter names its plugin so: a quick scan first
        and _FLUENTD_DIRECTIVE.search(text) is not None
    )
    return fluent_bit, fluentd, "define" in text
