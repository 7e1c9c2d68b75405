"""Judgements of a config setting's value shared by the config readers: whether a literal holds a
secret (a count, a credentials mode, a command-line option holds none), values judged by their shape,
a value without the comment or the note after it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from webhook.checks.secrets.headers import credential_header_name, query_credentials
from webhook.checks.secrets.names import (
    Names,
    counts_secrets,
    name_is_sensitive,
    name_words,
    names_a_credentials_place,
    NAMES_OF_FILES,
    PASSWORD_WORDS,
    names_a_secret_object,
    pagination_field_under_a_token_name,
    token_runs_hidden,
)
from webhook.checks.secrets.values import (
    AUTH_SCHEMES,
    CREDENTIAL_WORDS,
    MEASURE,
    PASSWORD_VERIFIER,
    credential_kind,
    is_literal_setting,
    is_lone_password_setting,
    is_masked,
    is_placeholder,
    setting_literal,
)

_PAGERDUTY_KEY = re.compile(r"[a-f0-9]{32}|R0[A-Z0-9]{30}")
"""A PagerDuty Events API integration (routing) key: 32 hex digits, or a service integration key of
32 capitals and digits that starts ``R0``."""
_CONSUL_GOSSIP_KEY = re.compile(r"[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{43}=")


def _pagerduty_key(value: str) -> bool:
    return _PAGERDUTY_KEY.fullmatch(value) is not None


def names_a_routing_key(name: str) -> bool:
    """Whether a name ends with the words ``routing key`` (``PD_ROUTING_KEY``, ``pagerduty_routing_key``,
    the ``--routing-key`` of a PagerDuty client, ``routing_key`` itself): its value is PagerDuty's
    integration key when it has the key's shape (``_pagerduty_key``), an AMQP routing key (a word)
    otherwise. ``routing_key_file`` does not end so."""
    return name[-3:].lower() == "key" and name_words(name)[-2:] == ["routing", "key"]


def pagerduty_routing_key(name: str, value: str) -> bool:
    """Whether ``value``, written under ``name``, is a PagerDuty integration key in plain text: a
    name ending with ``routing key`` (``names_a_routing_key``) and a value of the key's shape."""
    return names_a_routing_key(name) and _pagerduty_key(value.strip().strip("\"'"))


def _consul_gossip_key(value: str) -> bool:
    return _CONSUL_GOSSIP_KEY.fullmatch(value) is not None


_INLINE_DATA_KEY = re.compile(r"data:(?:[\w.+/\-]*+(?:;(?!base64,)[\w.+=\-]++)*+;)?+base64,[A-Za-z0-9+/]{16,}+={0,2}+")
"""A key written inline as a ``data:`` URL of base64 (Pulsar's ``tokenSecretKey=data:;base64,...``)."""


def inline_data_key(value: str) -> bool:
    """Whether a value is a key written inline as a ``data:`` URL of base64 (``_INLINE_DATA_KEY``),
    not the path or URL of a file that holds it (``file:///pulsar/secret.key``)."""
    return _INLINE_DATA_KEY.fullmatch(value) is not None


def inline_token_secret_key(name: str, value: str) -> bool:
    """Whether ``name: value`` is Pulsar's secret key for signing tokens written inline: a name that
    ends in ``tokenSecretKey`` (``tokenSecretKey`` in broker.conf, ``PULSAR_PREFIX_tokenSecretKey``
    in its image's env), which elsewhere names the key of a Secret that holds a token
    (``api-token-secret-key``), set to a ``data:`` URL (``inline_data_key``)."""
    return names_a_token_secret_key(name) and inline_data_key(value.strip().strip("\"'"))


def names_a_token_secret_key(name: str) -> bool:
    """Whether ``name`` ends in ``tokenSecretKey`` (any case): Pulsar's key for signing tokens, judged
    by its value (``inline_token_secret_key``, ``_value_judge``)."""
    return name[-14:].lower() == "tokensecretkey"


def _user_password(value: str) -> bool:
    _, colon, password = value.partition(":")
    return bool(colon) and setting_literal(password) is not None


_DEFAULT_NAMES = Names.of((), ())


def _http_header(value: str) -> bool:
    """Whether a whole HTTP header (``Authorization: basic ...``) carries a credential in plain
    text, judged as a header given to ``curl -H`` is (``header_credential``), its name by default."""
    return credential_header_name(_DEFAULT_NAMES, value) is not None


_WHOLE_URL = re.compile(r"https?+://[^\s?#\"'<>]++\?[^\s#\"'<>]++(?:#\S*+)?+")
"""One http(s) URL with a query, nothing else (no blank: ``?token={{ .Token }}`` is a template)."""
_QUERY_VALUE_LENGTH = 12
"""A query parameter's value shorter than this is no token (``?token=test``, ``?token=changeme``)."""


def url_query_credential(value: str) -> bool:
    """Whether ``value`` is a URL carrying a credential in its query (a webhook's
    ``https://hooks.example.org/alert?token=...``), judged as an ``httpGet`` probe's path is
    (``query_credentials``: a sensitive name with a literal value, not ``$TOKEN``, a placeholder,
    ``page_token`` or ``tokenizer``), its value at least ``_QUERY_VALUE_LENGTH`` long."""
    if _WHOLE_URL.fullmatch(value) is None:
        return False
    query = value.partition("?")[2].partition("#")[0]
    long_enough = [part for part in query.split("&") if len(part.partition("=")[2]) >= _QUERY_VALUE_LENGTH]
    return bool(long_enough) and any(query_credentials(_DEFAULT_NAMES, "?" + "&".join(long_enough)))


def names_a_url(name: str) -> bool:
    """Whether a name ends with the word ``url``, ``uri`` or ``webhook`` (``url``, ``webhook_url``,
    ``ALERT_WEBHOOK_URL``, ``callbackUri``): its value may be a URL with a token in its query."""
    return name[-3:].lower() in ("url", "uri", "ook") and name_words(name)[-1:] in (["url"], ["uri"], ["webhook"])


_NEO4J_AUTH = re.compile(r"[^\s/:@]++/(?P<password>\S++)")
"""Neo4j's ``NEO4J_AUTH``: ``user/password`` (``neo4j/...``); ``none`` turns authentication off."""


def neo4j_auth(value: str) -> bool:
    """Whether a ``NEO4J_AUTH`` value is ``user/password`` with a literal password (not a reference,
    a template or a placeholder: ``neo4j/$(NEO4J_PASSWORD)``, ``neo4j/{{ .Values.password }}``, a
    ``{NAME}`` template's field, ``neo4j/{NEO4J_PASSWORD}``)."""
    pair = _NEO4J_AUTH.fullmatch(value)
    if pair is None:
        return False
    password = pair.group("password")
    if password[:1] == "{" and password[-1:] == "}":
        return False
    return not is_placeholder(password) and setting_literal(password) is not None


def _npm_auth_ident(value: str) -> bool:
    """Whether Yarn's ``npmAuthIdent`` holds a registry's credential in plain text: a
    ``user:password`` pair whose password is a literal (``user_and_password``; ``deployer:${NPM_PASSWORD}``
    is a reference), or, with no colon, its base64 (a literal, not a reference or placeholder)."""
    value = value.strip().strip("\"'")
    if ":" in value:
        return user_and_password(value)
    return bool(value) and not is_placeholder(value) and setting_literal(value) is not None


def env_auth_pair(name: str, value: str) -> str | None:
    """What an env var (or a script's ``NAME=value``) of ``name`` set to ``value`` holds, as its
    finding says, when its name is one judged by the shape of its value and the value is its
    credential: ``"a user:password pair"`` for a name ending with the word ``auth`` with a literal
    password (``FHIR_BASIC_AUTH=user:...``, ``CLOUD_AUTH=elastic:...``), what ``ENV_JUDGED_BY_VALUE``
    says for one of its names (``NEO4J_AUTH=neo4j/...``, ``CONCOURSE_ADD_LOCAL_USER=admin:...``,
    ``YARN_NPM_AUTH_IDENT=deployer:...``), ``"a URL with a credential in its query"`` for a name ending
    with the word ``url``, ``uri`` or ``webhook`` (``names_a_url``: ``ALERT_WEBHOOK_URL=https://...?token=...``,
    ``url_query_credential``), ``"a PagerDuty integration key"`` for a name ending with ``routing key``
    (``pagerduty_routing_key``: ``PD_ROUTING_KEY=<32 hex digits>``); None otherwise. The one judge of env.py and of scripts."""
    if ":" in value and names_an_auth_pair(name) and user_and_password(value):
        return "a user:password pair"
    if "?" in value and names_a_url(name) and url_query_credential(value):
        return "a URL with a credential in its query"
    if (judged := ENV_JUDGED_BY_VALUE.get(name.upper())) is not None and judged[0](value.strip()):
        return judged[1]
    if pagerduty_routing_key(name, value):  # PD_ROUTING_KEY=<32 hex digits>
        return "a PagerDuty integration key"
    return None


def local_users(value: str) -> bool:
    """Whether Concourse's ``CONCOURSE_ADD_LOCAL_USER`` (``--add-local-user``) holds a password in
    plain text: a comma-separated list of ``user:password`` pairs, one of them with a literal password
    (``user_and_password``: not a reference, a placeholder or a bcrypt hash, which Concourse takes too).
    ``CONCOURSE_MAIN_TEAM_LOCAL_USER`` names users only: not judged."""
    return ":" in value and any(user_and_password(item.strip()) for item in value.split(","))


def cas_accept_users(value: str) -> bool:
    """Whether Apereo CAS's ``cas.authn.accept.users`` (its static users, ``user::password``, a comma
    between users) holds a password in plain text: one pair's password a literal, judged as a
    ``user:password`` pair's (``user_and_password``: not a reference, a placeholder or a hash). Empty,
    ``${CAS_USERS}`` or a word with no ``::`` sets none."""
    return "::" in value and any(
        (pair := item.strip().partition("::"))[1] == "::" and user_and_password(f"{pair[0]}:{pair[2]}") for item in value.split(",")
    )


SETTINGS_JUDGED_BY_VALUE: dict[str, Callable[[str], bool]] = {
    "routing_key": _pagerduty_key,  # Alertmanager's pagerduty_configs
    "routingkey": _pagerduty_key,
    "encrypt": _consul_gossip_key,
    "cloud.auth": _user_password,  # Filebeat, Metricbeat, Logstash on Elastic Cloud
    "cloud_auth": _user_password,  # fluent-bit's Elasticsearch output (Cloud_Auth)
    "extraheader": _http_header,  # git's http.extraHeader, in a [http] section
    "http.extraheader": _http_header,
    "neo4j_auth": neo4j_auth,  # the Neo4j image's user/password
    "tokensecretkey": inline_data_key,  # Pulsar's key for signing tokens, data:;base64,... (file:///... is its path)
    "npmauthident": _npm_auth_ident,  # Yarn's .yarnrc.yml: user:password or its base64, as .npmrc's _auth
    "concourse_add_local_user": local_users,  # Concourse web's local users: user:password,user:password
    "yarn_npm_auth_ident": _npm_auth_ident,  # npmAuthIdent as Yarn 2+ reads it from the environment
    "cas.authn.accept.users": cas_accept_users,  # Apereo CAS's static users: user::password,user::password
    "cas_authn_accept_users": cas_accept_users,  # the same from the environment (a .env file)
}
"""Config keys (case-insensitive) whose name is neutral elsewhere, judged by the shape of their
value: PagerDuty's ``routing_key`` is an integration key, 32 hex digits or ``R0`` and 30 capitals
and digits (``_PAGERDUTY_KEY``; an AMQP routing key is a word), Consul's ``encrypt`` a base64 gossip key of 16 or 32 bytes (elsewhere ``encrypt: true`` is a
switch), the Beats' ``cloud.auth`` and fluent-bit's ``Cloud_Auth`` a ``user:password`` pair (only a
literal password counts), git's ``http.extraHeader`` a whole header sent with each request
(``Authorization: basic`` and base64 of user:password, as a CI runner's checkout writes it), the
Neo4j image's ``NEO4J_AUTH`` a ``user/password`` pair (``neo4j_auth``), Yarn's ``npmAuthIdent``
(``.yarnrc.yml``, also under ``npmScopes`` and ``npmRegistries``) a registry's ``user:password`` or
its base64 (``_npm_auth_ident``), as ``.npmrc``'s ``_auth`` is, Concourse's
``CONCOURSE_ADD_LOCAL_USER`` a comma-separated list of ``user:password`` pairs (``local_users``),
``YARN_NPM_AUTH_IDENT`` (``npmAuthIdent`` from the environment) as ``npmAuthIdent``, Apereo CAS's
``cas.authn.accept.users`` a comma-separated list of ``user::password`` pairs (``cas_accept_users``)."""


ENV_JUDGED_BY_VALUE: dict[str, tuple[Callable[[str], bool], str]] = {
    "NEO4J_AUTH": (neo4j_auth, "a user/password pair"),  # the Neo4j image's user/password
    "CONCOURSE_ADD_LOCAL_USER": (local_users, "a user:password pair"),
    "YARN_NPM_AUTH_IDENT": (_npm_auth_ident, "a registry's user:password or its base64"),  # Yarn 2+'s npmAuthIdent
    "CAS_AUTHN_ACCEPT_USERS": (cas_accept_users, "a user::password pair"),  # cas.authn.accept.users, as Spring Boot binds it
}
"""Env var names (upper case) whose value is judged by its shape, as the same name in a ``.env``
file is (``SETTINGS_JUDGED_BY_VALUE``), and what their finding says it holds."""


_USER_AND_PASSWORD = re.compile(r"[^\s:@/\\]++:(?P<password>[^\s:]\S*+)")
"""A value shaped ``user:password``: no blank, a user with no ``:``, ``@``, ``/`` or ``\\``, the
password all that follows its first colon (``:`` and ``@`` in it are its own)."""
_MAIL_ADDRESS = re.compile(r"[\w.%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++")
"""An e-mail address after the colon: an identity (an IAM member, ``user:alice@example.com``), no password."""
_PORT_OR_PATH = re.compile(r"[0-9]++(?:[/:].*+)?+|[/\\~.].*+", re.DOTALL)
"""What follows the colon of ``host:port`` (``keycloak:8443``, ``db:5432/app``, ``ldap:389:tls``) or of ``name:path``."""


def user_and_password(value: str) -> bool:
    """Whether a value is a ``user:password`` pair alone whose password is a literal
    (``orthanc:...``), split at its first colon: the password may hold ``:`` and ``@``
    (``admin:pa:ss@word``); not ``host:port``, ``name:/path``, a URL after the colon
    (``oidc:https://...``), a URL's or DSN's ``user:password@host`` (read as one: ``credential_kind``)
    or an e-mail address (``user:alice@example.com``),
    nor a password that is a reference, a placeholder (``admin:${ADMIN_PASSWORD}``) or a hash
    (``admin:$apr1$...``, an htpasswd line)."""
    pair = _USER_AND_PASSWORD.fullmatch(value)
    if pair is None:
        return False
    password = pair.group("password")
    if "://" in password or ("@" in password and (credential_kind(value) is not None or _MAIL_ADDRESS.fullmatch(password))):
        return False
    return (
        _PORT_OR_PATH.fullmatch(password) is None
        and not is_placeholder(password)
        and PASSWORD_VERIFIER.match(password) is None
        and setting_literal(password) is not None
    )


def names_an_auth_pair(name: str) -> bool:
    """Whether a name ends with the word ``auth`` (``BASIC_AUTH``, ``FHIR_BASIC_AUTH``, ``httpAuth``,
    ``auth``): its value is the credential itself when it is a ``user:password`` pair
    (``user_and_password``); ``AUTH_MODE``, ``OAUTH`` do not end so, ``AUTH=enabled`` is no pair."""
    return name[-4:].lower() == "auth" and name_words(name)[-1:] == ["auth"]


_JUDGED_LAST_CHARACTERS = frozenset(
    character for key in (*SETTINGS_JUDGED_BY_VALUE, "auth", "header", "headers", "url", "uri", "webhook") for character in (key[-1], key[-1].upper())
)
"""The ASCII characters the names ``_value_judge`` judges end with, in any case: an ASCII name
ending with another is none of them (a test in C before theirs, on every config line); a name with
other characters is judged whole (``str.lower`` maps a few of them to ASCII letters)."""


def _value_judge(key: str) -> Callable[[str], bool] | None:
    """How a setting's value is judged when its name is one judged by the shape of its value: one of
    ``SETTINGS_JUDGED_BY_VALUE``'s keys, a name ending with ``auth`` (``names_an_auth_pair``: a
    ``user:password`` pair), with ``header`` or ``headers`` (``names_headers``: a whole header
    carrying a credential), with ``routing key`` (``names_a_routing_key``: PagerDuty's integration key) or with
    ``tokenSecretKey`` (``inline_token_secret_key``); None for any other name."""
    if key[-1:] not in _JUDGED_LAST_CHARACTERS and key.isascii():
        return None
    judge = SETTINGS_JUDGED_BY_VALUE.get(key.lower())
    if judge is None and names_an_auth_pair(key):
        judge = user_and_password
    if judge is None and names_headers(key):
        judge = _http_header
    if judge is None and names_a_url(key):
        judge = url_query_credential  # webhook_configs: - url: https://hooks.example.org/alert?token=...
    if judge is None and names_a_routing_key(key):
        judge = _pagerduty_key  # PD_ROUTING_KEY=, as routing_key: is
    if judge is None and names_a_token_secret_key(key):
        judge = inline_data_key  # PULSAR_PREFIX_tokenSecretKey, as the env var and a script's export set it
    return judge


def is_judged_by_value(key: str) -> bool:
    """Whether a setting's name is one judged by the shape of its value (``_value_judge``), asked of
    every config line's name: its screen first, here."""
    return (key[-1:] in _JUDGED_LAST_CHARACTERS or not key.isascii()) and _value_judge(key) is not None


def judged_by_value(key: str, value: str) -> bool:
    """Whether a setting whose name is judged by the shape of its value holds its secret
    (``_value_judge``)."""
    judge = _value_judge(key)
    return judge is not None and judge(value.strip().strip("\"'"))


def names_headers(name: str) -> bool:
    """Whether a name ends with the word ``header`` or ``headers`` (``auth_headers``,
    ``extraHeader``, ``default-headers``): its value may be a whole HTTP header written ``Name:
    value``, judged as ``curl -H``'s (``Authorization: Bearer ...`` is a credential; a header's name
    alone, a reference or a template is none). ``subheader``, ``headers_file`` do not end so."""
    return name[-6:].lower() in ("header", "eaders") and name_words(name)[-1:] in (["header"], ["headers"])


def config_value(raw: str) -> str:
    """The value part of a config line, without surrounding blanks and a trailing , or ;."""
    return raw.strip().rstrip(",;").rstrip()


def setting_holds_a_secret(value: str, name: str) -> bool:
    """Whether a config file's setting under a sensitive name holds a secret in plain text: a literal
    (``is_literal_setting``) that is not a short number or a duration (a quota, a lifetime), nor a
    count of secrets (``a_count``)."""
    return (
        is_literal_setting(value)
        and not MEASURE.match(value.strip("\"'"))
        and not no_secret_for(name, value)
        and not sql_string_hash_then_more(value)
        and _FORMAT_PLACEHOLDER_THEN_SETTINGS.match(value) is None
    )


_FORMAT_PLACEHOLDER_THEN_SETTINGS = re.compile(
    r"[\"']?+(?:%s|%\([\w.\-]++\)s|\{\d{0,2}+\})[\"']?+[ \t]*+[;&][ \t]*+(?:[A-Za-z_][\w.\-]*+[ \t]*+=|$)"
)
"""A setting's value that starts with a format placeholder the program fills in, then a ``;`` or ``&``
and the next entry of a connection string or of settings (``password=%s;timeout=5``, ``%(password)s;``,
``{}`` and ``{0}``): the password is the placeholder, no literal. Anchored, no nested repetition."""


_SQL_GOES_ON = frozenset(" \t,);")
"""What may follow a SQL string literal's closing quote where its statement goes on: a blank
(``' WHERE id = 1``), a comma, a closing parenthesis or the statement's end."""


def sql_string_hash_then_more(value: str) -> bool:
    """Whether a setting's value is a SQL string literal holding a password verifier
    (``PASSWORD_VERIFIER``: bcrypt, argon2, SCRAM, pbkdf2...) and its statement going on after it:
    ``UPDATE users SET password = '$2a$10$...' WHERE id = 1;`` read as a setting named ``UPDATE users
    SET password``. A hash alone is none already; a plain literal there (``'...' WHERE id = 1``) is
    judged as before. One look for the closing quote, one match of the verifier: linear."""
    if value[:1] != "'":
        return False
    end = value.find("'", 1)
    return end > 1 and value[end + 1 : end + 2] in _SQL_GOES_ON and PASSWORD_VERIFIER.fullmatch(value[1:end]) is not None


_WHOLE_NUMBER = re.compile(r"[0-9]++")


def a_count(name: str, value: str) -> bool:
    """Whether a value is a whole number, quoted or not, under a name that counts secrets
    (``counts_secrets``): ``tokens: 1000``, ``PASSWORD_HISTORY: "24"``, a count and no secret."""
    return is_whole_number(value) and counts_secrets(name)


CREDENTIALS_MODES = frozenset({"include", "same-origin", "omit", "use-credentials"})
"""The Fetch API's credentials modes (``fetch(url, { credentials: 'include' })``) and CORS's
``use-credentials`` (``crossorigin="use-credentials"``): whether a request sends cookies, no credential."""


def _credentials_mode(name: str, value: str) -> bool:
    """Whether a setting whose name ends with the word ``credentials`` (``credentials``,
    ``USE_CREDENTIALS``) is set to a credentials mode (``CREDENTIALS_MODES``), quoted or not."""
    return value.strip(" \t\"'`") in CREDENTIALS_MODES and name_words(name)[-1:] == ["credentials"]


CREDENTIAL_TYPES = frozenset(
    {"password", "otp", "totp", "hotp", "webauthn", "webauthn-passwordless", "kerberos", "x509", "cert", "client-cert"}
    | {"secret", "client-secret", "recovery-authn-codes"}
)
"""The kinds of credential a login may ask for (Keycloak's ``password``, ``otp``, ``webauthn``...)."""
KINDS_OF_CREDENTIALS = frozenset({"required", "supported", "allowed", "accepted", "enabled", "disabled", "available"})
"""Words before ``credentials`` in the name of a setting that lists which kinds of credential count."""


def _credential_kinds(name: str, value: str) -> bool:
    """Whether a setting that says which kinds of credential count (``requiredCredentials``,
    ``supported_credentials``: ``KINDS_OF_CREDENTIALS``) lists kinds and nothing else
    (``CREDENTIAL_TYPES``): a Keycloak realm's ``"requiredCredentials": ["password"]``, a
    credential's type and no credential. ``credentials``, ``admin_credentials`` hold one."""
    words = name_words(name)
    if words[-1:] != ["credentials"] or len(words) < 2 or words[-2] not in KINDS_OF_CREDENTIALS:
        return False
    items = value.strip(" \t[]").split(",")
    return all(item.strip(" \t\"'`").lower() in CREDENTIAL_TYPES for item in items)


_OPTION = re.compile(r"-(?P<letters>[A-Za-z]{1,2}+)|--?+(?P<word>[A-Za-z][A-Za-z0-9_\-]*+)")


def command_line_option(value: str) -> bool:
    """Whether a value (quoted or not) is a command-line option, nothing else: a dash and a letter or
    two (``-p``, ``-W``) or dashes and a name-shaped word (``--password``, ``--password-stdin``;
    ``NAME_SHAPED``), the option a program is given its password with. A dash before a literal
    (``-Zq7fake``, ``-pZq7fake``: a digit inside a word) is that literal."""
    option = _OPTION.fullmatch(value.strip(" \t\"'`"))
    return option is not None and (option.group("letters") is not None or NAME_SHAPED.fullmatch(option.group("word")) is not None)


def _auth_scheme_as_a_token(name: str, value: str) -> bool:
    """Whether a setting whose name ends with the word ``token`` or ``tokens`` (oauthlib's
    ``default_token='Bearer'``) is set to an HTTP authentication scheme's name alone, or a list of
    them (``[Bearer, MAC]``): which kind of token, no token."""
    if name_words(name)[-1:] not in (["token"], ["tokens"]):
        return False
    value = value.strip(" \t")
    if value[:1] == "[" and value[-1:] == "]":
        value = value[1:-1]
    return all(is_auth_scheme(item) for item in value.split(","))


def is_auth_scheme(word: str) -> bool:
    """Whether a word (quoted or not) is an HTTP authentication scheme's name (``AUTH_SCHEMES``)."""
    return word.strip(" \t\"'`").lower() in AUTH_SCHEMES


API_KEY_LOCATIONS = frozenset({"header", "query", "cookie"})
"""Where an OpenAPI or Swagger security scheme's API key is sent: its ``in`` field's values."""


def _security_scheme_field(name: str, value: str) -> bool:
    """Whether a setting is a field of an OpenAPI or Swagger security scheme under a sensitive name
    (``securityDefinitions: {api_key: {in: header}}``, ``securitySchemes: {bearerAuth: {scheme:
    bearer}}``), by its last word and its value together: ``in`` set to where the key is sent
    (``API_KEY_LOCATIONS``) or ``scheme`` to an HTTP authentication scheme's name (``is_auth_scheme``);
    it describes how the secret is sent. Any other value there is judged as a literal."""
    last = name_words(name)[-1:]
    if last == ["in"]:
        return is_api_key_location(value)
    return last == ["scheme"] and is_auth_scheme(value)


def is_api_key_location(word: str) -> bool:
    """Whether a word (quoted or not) says where an API key is sent (``API_KEY_LOCATIONS``)."""
    return word.strip(" \t\"'`").lower() in API_KEY_LOCATIONS


SECRETS_FIELD_NAMES = frozenset(
    "access_token refresh_token id_token auth_token bearer_token session_token csrf_token xsrf_token "
    "client_secret api_key".split()
)
"""The well-known names of the fields and parameters a secret is sent in (OAuth 2.0's and OpenID
Connect's ``access_token``, ``refresh_token``, ``id_token``, ``client_secret``; ``api_key``)."""


def names_a_secrets_field(value: str) -> bool:
    """Whether a value (quoted or not) is the well-known name of the field or parameter a secret is
    read from (``SECRETS_FIELD_NAMES``: oauthlib's ``refresh_token_key = 'refresh_token'``,
    ``supported_token_types=['access_token']``). Any other name is judged as a literal: a password
    may be written as one (``super_secret``, ``admin_password``, ``you_shall_not_pass``)."""
    return value.strip(" \t\"'`").lower() in SECRETS_FIELD_NAMES


PAM_LDAP_PASSWORD_SCHEMES = frozenset(
    "clear clear_remove_old crypt md5 nds nds_remove_old nds_act_dir racf ad exop exop_send_old".split()
)
"""The values of pam_ldap's and nss_ldap's ``pam_password``: how a changed password is hashed or
sent to the directory (``pam_password md5``, ``pam_password exop``), any case."""
DOVECOT_PASSWORD_SCHEMES = frozenset(
    (
        "argon2i argon2id blf-crypt bcrypt cleartext clear crypt des-crypt md5 md5-crypt plain plain-md5 ldap-md5 smd5 "
        "sha sha1 sha256 sha512 ssha ssha256 ssha512 sha256-crypt sha512-crypt pbkdf2 scram-sha-1 scram-sha-256 "
        "cram-md5 digest-md5 plain-trunc ntlm lanman otp skey rpa"
    ).split()
)
"""Password schemes' names, as Dovecot's ``default_pass_scheme`` and ``password_scheme`` name them
(``SHA512-CRYPT``, ``BLF-CRYPT``, ``ARGON2ID``; maybe with ``.hex`` or ``.b64`` after them), any case."""
_SCHEME_ENCODING = re.compile(r"\.(?:hex|b64|base64)$", re.IGNORECASE)


def _hashing_scheme_name(name: str, value: str) -> bool:
    """Whether a setting names the scheme passwords are hashed with, no password: a name ending in
    ``scheme`` after another word (``password_scheme``, ``default_pass_scheme``) set to a password
    scheme's name, or one ending in ``password`` after another word (pam_ldap's ``pam_password``)
    set to one of pam_ldap's (``PAM_LDAP_PASSWORD_SCHEMES``). A password alone
    (``password = md5``) or any other value is judged as a literal."""
    words = name_words(name)
    if len(words) < 2:
        return False
    scheme = value.strip(" \t\"'`").lower()
    if words[-1] == "password":
        return scheme in PAM_LDAP_PASSWORD_SCHEMES
    return words[-1] == "scheme" and (scheme in PAM_LDAP_PASSWORD_SCHEMES or _SCHEME_ENCODING.sub("", scheme) in DOVECOT_PASSWORD_SCHEMES)


DIGEST_WORDS = frozenset({"hash", "hashed", "digest", "sha", "md"})
"""Words that say a setting holds a digest of a secret: ``password_hash``, ClickHouse's
``password_sha256_hex`` and ``password_double_sha1_hex`` (``sha`` and ``md`` as the name's words
split them, the digits apart)."""
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}")


def hex_digest_under_a_digest_name(name: str, value: str) -> bool:
    """Whether a setting named as a secret's digest holds one, hex of a digest's length (32, 40, 64
    or 128 digits): the name ends in ``hash``, ``hashed`` or ``digest``, in a digest's name
    (``password_sha256``, ``pass_md5``) or in ``hex`` after one (ClickHouse's
    ``<password_sha256_hex>``). A key in hex (``encryption_key_hex``, ``hmac_sha256_key``), any
    other value there (``password_hash: hunter2``) or a digest's name alone is judged as a literal."""
    words = name_words(name)
    if len(words) < 2 or _HEX_DIGEST.fullmatch(value.strip(" \t\"'`")) is None:
        return False
    last = words[-2] if words[-1].isdigit() else words[-1]
    if last in DIGEST_WORDS:
        return True
    return last == "hex" and any(word in DIGEST_WORDS for word in words[:-1])


_BASE64_DIGEST = re.compile(r"[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{48}|[A-Za-z0-9+/]{91}=")
"""Base64 of a salted digest, RabbitMQ's ``password_hash`` (a 4-byte salt and the digest): MD5's 20
bytes, SHA-256's 36, SHA-512's 68."""


def base64_digest_under_a_hash_name(name: str, value: str) -> bool:
    """Whether a setting whose name ends in ``hash`` (RabbitMQ's definitions.json ``password_hash``)
    holds base64 of a salted digest (``_BASE64_DIGEST``): a verifier, not the password. Any other value
    there (``password_hash: hunter2``) is judged as a literal."""
    words = name_words(name)
    return len(words) > 1 and words[-1] == "hash" and _BASE64_DIGEST.fullmatch(value.strip(" \t\"'`")) is not None


_SECRET_MOUNT = r"(?:[a-z0-9][a-z0-9.\-]{0,252}+|<[\w\-]{1,64}+>):(?:/[\w.\-]++){2,}+/?+"
_SECRET_MOUNTS = re.compile(rf"{_SECRET_MOUNT}(?:[ \t]*+,[ \t]*+{_SECRET_MOUNT})*+")


def secret_mounts(name: str, value: str) -> bool:
    """Whether a setting whose name ends in ``secrets`` lists Kubernetes Secrets to mount, each a
    Secret's name and an absolute path of two segments or more joined by ``:`` (Flink's
    ``kubernetes.secrets: s3-creds:/opt/flink/secrets,tls:/etc/tls``; a documentation placeholder as
    the name, ``<jks-secret>:/opt/flink/tls-cert``): names and places of secrets, none written. A value of any other shape there (``admin:/S3cr3t``) is judged as a literal."""
    words = name_words(name)
    return bool(words) and words[-1] == "secrets" and _SECRET_MOUNTS.fullmatch(value.strip(" \t\"'`")) is not None


POSTFIX_TABLE_TYPES = frozenset(
    (
        "btree cdb cidr dbm environ fail hash internal ldap lmdb memcache mongodb mysql netinfo nis nisplus "
        "pcre pgsql pipemap proxy randmap regexp sdbm socketmap sqlite tcp texthash unionmap unix"
    ).split()
)
"""Postfix's lookup table types that read a table kept elsewhere (a file, a database, a server),
as ``postconf -m`` lists them: the ``TYPE`` of ``TYPE:NAME``. Not ``static`` and ``inline``, whose
``NAME`` is the table's content (``static:relay:Zq7fake-pw9``, ``inline:{ relay=user:pw }``)."""
_POSTFIX_TABLE = re.compile(r"(?P<type>[a-z]++):(?:[a-z]++:)?+[^\s:,{}]++")
"""``TYPE:NAME``, one more type after ``proxy:`` (``proxy:mysql:/etc/postfix/sasl.cf``), a name with
no blank, colon, comma or brace (``hash:/etc/postfix/sasl_passwd``, ``lmdb:$config_directory/x``)."""


def postfix_lookup_tables(name: str, value: str) -> bool:
    """Whether a setting whose name's last word is ``maps`` (Postfix's ``smtp_sasl_password_maps``)
    names the lookup tables the passwords are read from, not a password: one or more ``TYPE:NAME``
    (``_POSTFIX_TABLE``), joined by commas or blanks, of a type that reads a table kept elsewhere
    (``POSTFIX_TABLE_TYPES``; after ``proxy:`` too). ``static:`` and ``inline:`` hold the password
    itself, and are judged as literals. Linear: each table is matched once, anchored."""
    if name_words(name)[-1:] != ["maps"]:
        return False
    tables = [table for table in re.split(r"[\s,]++", value.strip(" \t\"'")) if table]
    for table in tables:
        found = _POSTFIX_TABLE.fullmatch(table)
        if found is None or found.group("type") not in POSTFIX_TABLE_TYPES:
            return False
        inner = table[len(found.group("type")) + 1 :].split(":", 1)
        if found.group("type") == "proxy" and (len(inner) < 2 or inner[0] not in POSTFIX_TABLE_TYPES):
            return False
    return bool(tables)


SYSTEMD_CREDENTIAL_LOADERS = frozenset({"LoadCredential", "LoadCredentialEncrypted"})
"""systemd's settings that give a service a credential read from elsewhere: ``ID[:PATH]``, the
credential's name and the file, socket or credential store's name it is read from."""
_SYSTEMD_CREDENTIAL_SOURCE = re.compile(r"(?P<id>[^\s:/%]++)(?::(?P<path>/\S*+|%[A-Za-z](?:/\S*+)?+|[^\s/:%]++))?+")


_SEALED_CREDENTIAL = re.compile(r"(?:(?P<id>[^\s:/%]++):)?+(?P<sealed>[A-Za-z0-9+/=\s\\]*+)")
"""``SetCredentialEncrypted=ID:BLOB``'s value: the base64 of a credential ``systemd-creds encrypt``
sealed, maybe over lines continued with ``\\`` (read on as the value's text)."""
_SEALED_LEAST = 64
"""Base64 characters of a sealed credential at least: its header and its authentication tag alone
take more; a password written there is shorter."""


def _sealed_systemd_credential(name: str, value: str) -> bool:
    """Whether ``SetCredentialEncrypted``'s value is a credential sealed by ``systemd-creds
    encrypt`` (with the host's key or the TPM: only systemd on that host opens it), no plain text:
    a name-shaped ID, then ``_SEALED_LEAST`` base64 characters or more, or nothing on the ID's line
    (the blob on the lines continued below it, judged as that text)."""
    sealed = _SEALED_CREDENTIAL.fullmatch(value.strip(" \t\"'")) if name == "SetCredentialEncrypted" else None
    if sealed is None or (sealed.group("id") is not None and NAME_SHAPED.fullmatch(sealed.group("id")) is None):
        return False
    base64 = sum(char.isalnum() or char in "+/=" for char in sealed.group("sealed"))
    return base64 >= _SEALED_LEAST or (base64 == 0 and sealed.group("id") is not None)


def _systemd_credential_source(name: str, value: str) -> bool:
    """Whether a systemd setting names a credential and where it is read from, no secret:
    ``LoadCredential=db-password:/etc/creds/db`` (or ``LoadCredentialEncrypted=``; the path may be
    absolute, start with a specifier, ``%d/...``, or be a name in the credential store, or be left
    out) and ``ImportCredential=db.*`` (a glob of names). The names are name-shaped
    (``NAME_SHAPED``): a literal where a name goes (``db-password:Zq7fake``) is judged as one, and
    so is ``SetCredential=ID:VALUE``'s value, written in the unit."""
    value = value.strip(" \t\"'")
    if name == "ImportCredential":
        return bool(value) and NAME_SHAPED.fullmatch(value.replace("*", "")) is not None
    if name not in SYSTEMD_CREDENTIAL_LOADERS or (source := _SYSTEMD_CREDENTIAL_SOURCE.fullmatch(value)) is None:
        return False
    path = source.group("path") or ""
    return NAME_SHAPED.fullmatch(source.group("id")) is not None and (path[:1] in ("/", "%") or NAME_SHAPED.fullmatch(path) is not None)


STORED_CREDENTIAL_WORDS = frozenset({"credential", "credentials", "creds", "token"})
"""Words that, before a last word ``id``, name a credential kept in a store under an ID (Jenkins'
``credentialsId``, ``tokenCredentialId``, the GitLab plugin's ``apiTokenId``). Not ``secret``:
Vault AppRole's ``secret_id`` is a secret itself."""


AIRFLOW_SECRET_OPTIONS = frozenset(
    "sql_alchemy_conn sql_alchemy_engine_args fernet_key broker_url flower_basic_auth result_backend smtp_password "
    "secret_key internal_api_secret_key jwt_secret sentry_dsn backend_kwargs".split()
)
"""Airflow's sensitive options that may be read from its secrets backend instead: ``OPTION_secret``
in ``airflow.cfg`` (``sql_alchemy_conn_secret = airflow/sql_alchemy_conn``), as ``OPTION_cmd``
runs a command for them."""
_AIRFLOW_SECRET_KEY = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,127}+(?:/[a-z0-9_.\-]{1,128}+){0,8}+")
"""The key of a secret in Airflow's secrets backend: lowercase words and paths
(``sql_alchemy_conn``, ``airflow/config/fernet_key``)."""


def airflow_secret_key(name: str, value: str) -> bool:
    """Whether a setting is one of Airflow's ``_secret`` options, which name the key its secrets
    backend keeps a value under (``sql_alchemy_conn_secret = airflow/sql_alchemy_conn``,
    ``AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET=sql_alchemy_conn``, ``AIRFLOW_SECRET_OPTIONS``), set
    to such a key (``_AIRFLOW_SECRET_KEY``). Any other value there, and any other name ending in
    ``secret`` (``jwt_secret = ...``, ``AIRFLOW__API_AUTH__JWT_SECRET``), is judged as ever."""
    option = name.rpartition(".")[2].rpartition("__")[2].lower()  # AIRFLOW__SECTION__OPTION_SECRET: OPTION_SECRET
    if not option.endswith("_secret") or option[: -len("_secret")] not in AIRFLOW_SECRET_OPTIONS:
        return False
    return _AIRFLOW_SECRET_KEY.fullmatch(value.strip(" \t\"'`")) is not None


def names_a_stored_credential(name: str, value: str) -> bool:
    """Whether a setting holds the ID of a credential in a store, or the Secret or the key in one a
    credential is kept under, rather than the credential: a name whose last word is ``id`` after
    one of ``STORED_CREDENTIAL_WORDS`` and a value, quoted or not, with the shape of a name
    (``NAME_SHAPED``: ``github-token``, ``git-creds``; each word at most ``_LONGEST_WORD_OF_A_NAME``
    letters) or of a Kubernetes name (``kubernetes_name``: ``k8s-sa-token``), or a name of the
    Secret or its key (``names_a_credentials_place``: ``existingPasswordSecret``, ``tokenKey``) and a
    value with the shape of a Kubernetes name (``my-db-secret``, ``api-token``). A value with the
    shape of a secret there (``Zq7fake-pw9``, hex digits, 32 random letters, blanks or symbols, a
    capital under a Secret's name) is judged as a literal, and so is a masked one (``xxxxxxxx``: an
    env value set to one is reported, as Polaris reports it). Also the env var a credential is read
    from: a name ending with ``env var`` (``--api-key-env-var``, ``DD_API_KEY_ENV_VAR``,
    ``apiKeyEnvVar``) and a value with the shape of an env var's name (``_names_an_env_var``:
    ``DD_API_KEY``), or of a lower-case one naming a secret (``_names_a_secrets_env_var``:
    ``--password-env-var=db_password``); also a name ending with ``var`` or ``variable`` after
    words naming a credential (``--token-var=GITHUB_TOKEN``, ``--api-key-var``), set to an upper-case
    name only (``--token-var=github_token`` and ``--password=db_password`` are judged as literals).
    Also Airflow's ``_secret`` options naming a key in its secrets backend (``airflow_secret_key``), and
    a name ending ``password key`` set to a Secret's key (``names_a_password_key``: ``passwordKey: admin-password``),
    and a prefixed name of a file of passwords set to that file's name (``names_its_own_file``: ``pgpool2_pool_passwd: pool_passwd``)."""
    if airflow_secret_key(name, value):
        return True
    words = name_words(name)
    if len(words) < 2:
        return False
    identifier = value.strip(" \t\"'`")
    if names_its_own_file(words, identifier):
        return True
    if (words[-1] in _VARIABLE_WORDS and words[-2] in _ENV_WORDS) or words[-1] == "envvar":
        return _names_an_env_var(identifier) or _names_a_secrets_env_var(identifier)
    if words[-1] in _VARIABLE_WORDS and name_is_sensitive("_".join(words[:-1])):
        return _names_an_env_var(identifier)
    if words[-1] == "id" and words[-2] in STORED_CREDENTIAL_WORDS:
        named = bool(identifier) and NAME_SHAPED.fullmatch(identifier) is not None and _words_of_a_name(identifier)
        return (named or kubernetes_name(identifier)) and not is_masked(identifier)
    if words[-1] == "key" and identifier in TYPED_SECRET_KEYS:
        return True  # passwordKey: .dockerconfigjson, secretKey: tls.key: the key of a typed Secret
    if words[-1] == "key" and words[-2] in PASSWORD_WORDS:
        return names_a_password_key(name, identifier.removeprefix(">").strip(" \t\"'`"))  # C#'s PasswordKey => "Db:Password"
    if names_the_key_it_is_kept_under(words, identifier):
        return True
    return secret_data_key(identifier) and names_a_credentials_place(name) and not is_masked(identifier)


TYPED_SECRET_KEYS = frozenset({".dockerconfigjson", ".dockercfg", "tls.key", "tls.crt", "ca.crt", "ssh-privatekey"})
"""The data keys Kubernetes gives its typed Secrets (``kubernetes.io/dockerconfigjson``,
``kubernetes.io/dockercfg``, ``kubernetes.io/tls``, ``kubernetes.io/ssh-auth``): under a name whose
last word is ``key`` (``passwordKey``, ``secretKey``, ``privateKeyKey``) they name the key a
credential is read from, never a credential, whatever the name's context."""


def secret_data_key(text: str) -> bool:
    """Whether ``text`` has the shape of a Secret's data key (``kubernetes_name``), maybe after one
    dot, as a file's name is kept there (``.dockerconfigjson``, ``.htpasswd``, ``.env``)."""
    return kubernetes_name(text.removeprefix("."))


def names_its_own_file(words: list[str], value: str) -> bool:
    """Whether a setting whose last words name a file of passwords (``NAMES_OF_FILES``: pgpool-II's
    ``pool_passwd``) after a prefix (``pgpool2_pool_passwd``, ``PGPOOL_POOL_PASSWD``; the exact name
    is no secret's already) is set to that file's name as those words spell it, lower case joined by
    ``_`` (``pool_passwd``): a file's name, no password. Any other value there is judged as before."""
    for count in (2, 1):
        named = words[-count:]
        if len(words) > count and "".join(named) in NAMES_OF_FILES:
            return value == "_".join(named)
    return False


_CASED_KEY_WORDS = r"[A-Za-z][a-z]++(?:[A-Z][a-z]++){0,3}+"
_CASED_KEY = re.compile(rf"{_CASED_KEY_WORDS}(?::{_CASED_KEY_WORDS})*+")
"""A key in camel or Pascal case, one to four words of letters (``adminPassword``, ``Password``), or
a .NET configuration key of such parts joined by ``:`` (``Db:Password``)."""


def names_a_password_key(name: str, value: str) -> bool:
    """Whether a setting named ``...password key`` (Helm values' ``passwordKey``, ``adminPasswordKey``,
    ``ADMIN_PASSWORD_KEY``) names the key in a Secret the password is kept under: a value with the
    shape of a Kubernetes key or an env var's name (``names_a_key_in_a_secret``: ``admin-password``,
    ``password``, ``db.password``, ``PASSWORD``) or a key in camel case (``adminPassword``), each word
    as short as a word and no random run, or a .NET configuration key (``Db:Password``: ``_CASED_KEY``). A random-looking literal, one mixing digits or symbols into
    a word (``Zq7fake-pw9!``, ``s3cr3tPa55``), capitals and lower case across words or masked there
    is a password written under that name: judged as a literal."""
    if names_a_key_in_a_secret(name, value):
        return True
    return (
        len(value) <= _LONGEST_KUBERNETES_NAME
        and _CASED_KEY.fullmatch(value) is not None
        and _words_of_a_name(value)
        and _CONSONANT_RUN.search(value.lower()) is None
    )


_KEY_OF_WORDS = re.compile(r"[a-z]++(?:[\-_][a-z]++){1,3}+")
"""A Secret's key as the name of the setting writes it, without its last word ``key``: two to four
lowercase words joined by ``-`` or ``_``, no digit (``client-secret``, ``oauth_client_secret``)."""


def names_the_key_it_is_kept_under(words: list[str], value: str) -> bool:
    """Whether a setting named ``..._SECRET_KEY`` after other words (its ``words``:
    ``KEYCLOAK_CLIENT_SECRET_KEY``, ``oidcClientSecretKey``) holds the name of the key in a Secret
    its credential is kept under, as the name spells it: a value of two to four lowercase words
    (``_KEY_OF_WORDS``), each a credential's word (``CREDENTIAL_WORDS``), that are the name's last
    words before ``key`` (``client-secret``). ``SECRET_KEY`` and ``AWS_SECRET_ACCESS_KEY`` are keys
    themselves: a Django key, a 40-character literal, ``app-secret`` (``app`` is no credential's
    word), ``secret-key`` or ``client-secret1`` there are judged as literals."""
    if len(words) < 3 or words[-2:] != ["secret", "key"] or _KEY_OF_WORDS.fullmatch(value) is None:
        return False
    named = value.replace("_", "-").split("-")
    return all(word in CREDENTIAL_WORDS for word in named) and words[-1 - len(named) : -1] == named


_VARIABLE_WORDS = frozenset({"var", "variable"})
_ENV_WORDS = frozenset({"env", "environment"})
"""A name's last two words that say it names an env var (``--api-key-env-var``, ``TOKEN_ENVIRONMENT_VARIABLE``;
also ``envvar`` as one word: ``TOKEN_ENVVAR``);
``env`` alone, ``env name`` and ``var name`` end a name that is no secret's already (``METADATA_SUFFIXES``)."""
_ENV_VAR_NAME = re.compile(r"[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)*+")
"""An env var's name as written in upper case, words joined by ``_`` (``DD_API_KEY``)."""


def _names_an_env_var(text: str) -> bool:
    """Whether ``text`` has the shape of an env var's name (``_ENV_VAR_NAME``), its words those of a
    name (``kubernetes_name``: ``DD_API_KEY``, not ``ZQ7FAKE`` nor 32 random capitals)."""
    return _ENV_VAR_NAME.fullmatch(text) is not None and kubernetes_name(text.lower()) and not is_masked(text)


_LOWER_ENV_VAR_NAME = re.compile(r"[a-z][a-z0-9]*+(?:_[a-z0-9]++)++")
"""An env var's name in lower case, two words or more joined by ``_`` (``db_password``)."""


def _names_a_secrets_env_var(text: str) -> bool:
    """Whether ``text`` has the shape of an env var's name in lower case (``_LOWER_ENV_VAR_NAME``,
    words of a name: ``kubernetes_name``) that names a secret (``db_password``, ``github_token``):
    a lower-case literal of another kind (``fake_lower_case``, ``summer_2024``) is judged as one."""
    return _LOWER_ENV_VAR_NAME.fullmatch(text) is not None and kubernetes_name(text) and not is_masked(text) and name_is_sensitive(text)


_LONGEST_WORD_OF_A_NAME = 20
"""Letters in one word of a name at most (``authentication``: 14); a longer run of letters without a
case change (32 random lowercase letters) has the shape of a generated secret."""


def _words_of_a_name(text: str) -> bool:
    """Whether each word of ``text`` (split at separators and case changes) is as short as a word."""
    return all(len(word) <= _LONGEST_WORD_OF_A_NAME for word in name_words(text))


_KUBERNETES_NAME_WORD = r"(?:[a-z]++[0-9]*+|[0-9]++|[a-z][0-9]{1,2}+[a-z]{1,2}+)(?![a-z0-9])"
_KUBERNETES_NAME = re.compile(rf"{_KUBERNETES_NAME_WORD}(?:[\-._]{_KUBERNETES_NAME_WORD})*+")
"""A Kubernetes object's name or a Secret's key as charts write them: lowercase words, a number at
a word's end (``v1``, ``db01``) or a numeronym (``k8s``, ``i18n``, ``e2e``) at most, joined by ``-``,
``.`` or ``_`` (``my-db-secret``, ``s3-creds``, ``keystore-password``, ``tls.key``)."""
_LONGEST_KUBERNETES_NAME = 63
"""Characters of such a name at most: a DNS label's, which Helm cuts a release's names to."""
_CONSONANT_RUN = re.compile(r"[bcdfghj-np-tv-xz]{6}")
"""Six consonants in a row, which words of a name hardly have (``pgsql``, ``https``: five) and
random letters often do."""


def names_a_key_of_its_secret(parent: str | None, name: str, value: str) -> bool:
    """Whether a setting whose last word is ``key`` under a parent that names a Kubernetes Secret
    (``names_a_secret_object``: ``existingSecret:`` / ``  secretKey: password``, ``passwordSecretRef:``)
    names the key its credential is kept under in that Secret: a value with the shape of a
    Kubernetes key (``password``, ``db-password``), not a masked one. Elsewhere an S3-style
    ``secretKey: password`` is deployable as it is: a literal."""
    return parent is not None and names_a_secret_object(parent) and names_a_key_in_a_secret(name, value)


def names_a_key_in_a_secret(name: str, value: str) -> bool:
    """Whether a setting whose last word is ``key`` (``secretKey``, ``passwordKey``) has a value with
    the shape of a Kubernetes key (``password``, ``db-password``; ``secret_data_key``: maybe after a
    dot, ``.dockerconfigjson``), not a masked one: the key in a
    Secret named beside it or above it (``names_a_key_of_its_secret``, ``keys_beside_a_secret_name``),
    or of an env var's name, as a Secret made from an env file has them (``_names_an_env_var``: MLflow's
    ``keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY``)."""
    if name_words(name)[-1:] != ["key"]:
        return False
    key = value.strip(" \t\"'`")
    return (secret_data_key(key) and not is_masked(key)) or _names_an_env_var(key)


def names_a_secret_beside(name: str) -> bool:
    """Whether a key names the Kubernetes Secret its mapping's keys are read from: a Helm chart's
    ``existingSecret`` (``existingSecretName`` too, not ``existingSecretPasswordKey``, a key in it),
    ``secretName``, ``dbSecretName``."""
    words = name_words(name)
    return (words[:2] == ["existing", "secret"] and words[-1] not in ("key", "keys")) or words[-2:] == ["secret", "name"]


def kubernetes_name(text: str) -> bool:
    """Whether ``text`` has the shape of a Kubernetes name or key (``_KUBERNETES_NAME``), of modest
    length, each word as short as a word and none a run of random letters (``_CONSONANT_RUN``)."""
    return (
        len(text) <= _LONGEST_KUBERNETES_NAME
        and _KUBERNETES_NAME.fullmatch(text) is not None
        and _words_of_a_name(text)
        and _CONSONANT_RUN.search(text) is None
    )


_LONGEST_NAME_LIST = 4096
"""The longest list of Secrets' names read on one line: a longer value is judged as a literal."""


def names_pull_secrets(name: str, value: str) -> bool:
    """Whether a setting named as a pod's image pull secrets (its name's last words ``pull secrets``:
    GitLab Runner's ``image_pull_secrets = ["regcred"]``, ``imagePullSecrets: [regcred]``,
    ``pull_secrets``) lists the names of the Secrets that hold the registry's credentials, not a
    credential: one name or a list of them on one line, quoted or not, each with the shape of a
    Kubernetes name (``kubernetes_name``: no random run, not masked). Linear: each item is read once."""
    words = name_words(name)
    if words[-2:] != ["pull", "secrets"] and not (words and words[-1] == "pullsecrets"):
        return False
    if len(value.strip(" \t")) > _LONGEST_NAME_LIST:
        return False
    return all(kubernetes_name(item) and not is_masked(item) for item in _listed_items(value))


def _listed_items(value: str) -> Iterator[str]:
    """The items of a value holding one or a list of them on one line, in brackets or not (``[a,
    "b"]``, ``a, b``), each without blanks or quotes around it: read once, as they are asked for."""
    listed = value.strip(" \t")
    if listed[:1] == "[" and listed[-1:] == "]":
        listed = listed[1:-1]
    return (part.strip(" \t\"'") for part in listed.split(","))


_ARGO_CD_KEY_WORD = r"[a-z][A-Za-z]*+"
_ARGO_CD_SECRET_REFERENCE = re.compile(
    rf"\$(?:{_ARGO_CD_KEY_WORD}(?:-[A-Za-z]++)*+:)?+{_ARGO_CD_KEY_WORD}(?:[.\-][A-Za-z]++)*+"
)
"""Argo CD's reference to a secret in ``argocd-cm`` and ``argocd-notifications-cm``: ``$`` then a
key of ``argocd-secret`` (``$dex.github.clientSecret``, ``$slack-token``), or a Secret's name, a
colon and its key (``$argocd-oidc-secret:oidc.okta.clientSecret``). Words of letters only, the
first lowercase, joined by ``.`` or ``-``: ``$3cr3t``, ``$Password-1``, ``$ecret!`` are literals."""


def argo_cd_secret_reference(value: str) -> bool:
    """Whether a value (quoted or not) is a reference to a secret as Argo CD writes one, with a
    ``.``, ``-`` or ``:`` in it (``$dex.github.clientSecret``; a bare ``$name`` is judged as
    the shell's ``$VAR`` is)."""
    reference = value.strip(" \t\"'`")
    return any(mark in reference for mark in ".-:") and _ARGO_CD_SECRET_REFERENCE.fullmatch(reference) is not None


_VAULT_SECRET_PATH = re.compile(r"[\w\-]++(?:\.[\w\-]++)*+(?:/[\w\-]++(?:\.[\w\-]++)*+)++(?:@[\w\-]++(?:[./][\w\-]++)*+)?+")
"""A secret's path in Vault as GitLab CI's ``secrets:`` keyword writes it, ``path/to/secret/field``
with the secrets engine's mount after ``@`` (``production/db/password@ops``, ``ops/data/db/password``):
segments of letters, digits, ``_``, ``-`` and inner dots, no blank, no other mark."""


def _vault_secret_path(name: str, value: str) -> bool:
    """Whether a setting whose name's last word is ``vault`` (GitLab CI's ``DATABASE_PASSWORD:`` /
    ``vault: production/db/password@ops``) holds the path of a secret in Vault, quoted or not, each
    segment a name (``_words_of_a_name``), not a masked value."""
    if name_words(name)[-1:] != ["vault"]:
        return False
    path = value.strip(" \t\"'")
    return _VAULT_SECRET_PATH.fullmatch(path) is not None and _words_of_a_name(path) and not is_masked(path)


_FIELD_NAME_SHAPE = re.compile(r"[A-Za-z]++[0-9]*+(?:[\-_][A-Za-z]++[0-9]*+)*+")
"""The name of an HTTP header or of a URL's argument as configs write one: words of letters, a
number at a word's end at most, joined by ``-`` or ``_`` (``my-auth-header``, ``X-Api-Key``,
``X-B3-TraceId``, ``access_token``); no token's shape (``e29b-41d4``, ``ghp_16C7e42F``)."""


def _request_field_names(name: str, value: str) -> bool:
    """Whether a setting whose name's last word is ``headers`` or ``arguments`` (the Orthanc
    authorization plugin's ``"TokenHttpHeaders": ["my-auth-header"]`` and ``"TokenGetArguments":
    ["token"]``, ``token_headers: [X-Token, X-Auth]``) names the headers or the URL's arguments a
    credential is read from: one name, or a list of them on one line, quoted or not, each word as
    short as a word and no run of random letters (``kubernetes_name``'s tests). A header written
    with its value (``Authorization: Bearer ...``) is no name. Linear: each item is read once."""
    if name_words(name)[-1:] not in (["headers"], ["arguments"]):
        return False
    return all(
        len(item) <= _LONGEST_KUBERNETES_NAME
        and _FIELD_NAME_SHAPE.fullmatch(item) is not None
        and _words_of_a_name(item)
        and _CONSONANT_RUN.search(item) is None
        for item in _listed_items(value)
    )


ANTI_FORGERY_HANDSHAKES = frozenset({"fetch", "required"})
"""The values an anti-forgery token's header is set to that carry no token (any case): SAP
Gateway's ``X-CSRF-Token: Fetch``, which asks the server for one, and its answer ``Required``."""


def anti_forgery_handshake(name: str, value: str) -> bool:
    """Whether a setting named as an anti-forgery token's header (``X-CSRF-Token``, ``X-XSRF-TOKEN``,
    ``csrf_token``, ``sap.csrfToken``: its name, ``-`` and ``_`` left out, ends in ``csrftoken`` or
    ``xsrftoken``) holds a handshake's word (``ANTI_FORGERY_HANDSHAKES``, quoted or not), no token:
    ``X-CSRF-Token: fetch``. Any other value there is judged as a literal."""
    if value.strip(" \t\"'`").lower() not in ANTI_FORGERY_HANDSHAKES:
        return False
    return name.lower().replace("-", "").replace("_", "").endswith(("csrftoken", "xsrftoken"))


def names_no_secret_in_a_value(name: str, value: str) -> bool:
    """Whether a literal an env var or a shell assignment sets under a sensitive name is, by the
    name and the value together, no secret (the part of ``no_secret_for`` both read so): a count
    (``a_count``), a credential's ID in a store (``names_a_stored_credential``), an anti-forgery
    token's handshake (``anti_forgery_handshake``: ``X_CSRF_TOKEN=fetch``), Postfix's lookup tables
    (``postfix_lookup_tables``), the names of a pod's image pull secrets (``names_pull_secrets``:
    ``KUBERNETES_IMAGE_PULL_SECRETS=regcred``) or a digest in hex under a digest's name
    (``hex_digest_under_a_digest_name``: ``ADMIN_PASSWORD_SHA256=<64 hex>``)."""
    return (
        a_count(name, value)
        or names_a_stored_credential(name, value)
        or anti_forgery_handshake(name, value)
        or postfix_lookup_tables(name, value)
        or names_pull_secrets(name, value)
        or hex_digest_under_a_digest_name(name, value)
    )


def no_secret_for(name: str, value: str) -> bool:
    """Whether a literal under a sensitive name of a config file or code is, by the name and the
    value together, no secret: a count of secrets (``a_count``), a credentials mode, the kinds
    of credential a login asks for (``_credential_kinds``), a command-line option, a pagination
    cursor's field (``pagination_field_under_a_token_name``) or an authentication scheme's name
    under a token's (``_auth_scheme_as_a_token``), the name of a secret's field (``names_a_secrets_field``) or a field of an API's security scheme
    (``_security_scheme_field``), a password hashing scheme's name (``_hashing_scheme_name``), a
    digest in hex under a digest's name (``hex_digest_under_a_digest_name``: ``password_sha256_hex``),
    a salted digest in base64 under a hash's name (``base64_digest_under_a_hash_name``: RabbitMQ's ``password_hash``),
    Kubernetes Secrets to mount (``secret_mounts``: Flink's ``kubernetes.secrets: name:/path``) or
    systemd's source of a credential or a credential it sealed (``_systemd_credential_source``,
    ``_sealed_systemd_credential``), a credential's ID in a store (``names_a_stored_credential``), Argo CD's reference to a secret
    (``argo_cd_secret_reference``), a secret's path in Vault under a ``vault`` key (``_vault_secret_path``),
    the names of the headers or URL arguments a credential is read from (``_request_field_names``)
    or an anti-forgery token's handshake (``anti_forgery_handshake``: ``X-CSRF-Token: fetch``), or
    Postfix's lookup tables the passwords are read from (``postfix_lookup_tables``:
    ``smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd``), the names of a pod's image
    pull secrets (``names_pull_secrets``: ``image_pull_secrets = ["regcred"]``), or users whose passwords
    are references under a ``...credentials`` name (``_users_with_referenced_passwords``)."""
    return (
        a_count(name, value)
        or _credentials_mode(name, value)
        or _credential_kinds(name, value)
        or command_line_option(value)
        or pagination_field_under_a_token_name(name, value)
        or _auth_scheme_as_a_token(name, value)
        or names_a_secrets_field(value)
        or _security_scheme_field(name, value)
        or _hashing_scheme_name(name, value)
        or hex_digest_under_a_digest_name(name, value)
        or base64_digest_under_a_hash_name(name, value)
        or secret_mounts(name, value)
        or _systemd_credential_source(name, value)
        or _sealed_systemd_credential(name, value)
        or names_a_stored_credential(name, value)
        or argo_cd_secret_reference(value)
        or _vault_secret_path(name, value)
        or _request_field_names(name, value)
        or anti_forgery_handshake(name, value)
        or postfix_lookup_tables(name, value)
        or names_pull_secrets(name, value)
        or ((":" in value and name[-11:].lower() == "credentials") and _users_with_referenced_passwords(value))
    )


_USER_PAIR = re.compile(r"[\w.\-@]++:(?P<password>[^;\s]++)")
"""One ``user:password`` pair of a list apart by ``;`` (ProxySQL's ``admin_credentials``)."""


def _users_with_referenced_passwords(value: str) -> bool:
    """Whether a ``...credentials`` setting is ``user:password`` pairs apart by ``;`` whose passwords are
    all references or placeholders: ProxySQL's ``admin_credentials="admin:${ADMIN_PASSWORD}"`` (filled in
    by its start script), ``"admin:${A};radmin:${B}"``. A pair with a literal password
    (``admin:admin``) keeps the whole value reported. At most 64 pairs read, each by one match."""
    pairs = value.strip("\"'").split(";")
    if len(pairs) > 64:
        return False
    for pair in pairs:
        found = _USER_PAIR.fullmatch(pair.strip())
        if found is None or not is_placeholder(found.group("password")):
            return False
    return True


def is_whole_number(value: str) -> bool:
    """Whether a value is a whole number, quoted or not (``1000``, ``"1000"``)."""
    return _WHOLE_NUMBER.fullmatch(value.strip("\"'`")) is not None


_NO_VARIABLE_NAME = re.compile(r"[${ \t]")
"""What no variable's name holds and a reference or a template (``${PW}``, ``$(X)``, ``{{ ... }}``)
or words (``Bearer <token>``) do."""


def pair_setting(name: str) -> str:
    """The setting a name/value pair holding a secret is reported as: its name, or ``value`` when the
    name is a reference (``{name: ${PW}, value: ...}``) or words (``name: Bearer <token>``, which may
    hold a credential itself): a message names no reference and quotes no such text as a setting."""
    return "value" if _NO_VARIABLE_NAME.search(name) is not None else name


def hidden_part(part: str) -> bool:
    """Whether a part of a setting's name may be a credential itself: 16+ letters and digits, mixed,
    in a row (``token_runs_hidden``), or long."""
    return len(part) > 64 or token_runs_hidden(part) != part


def _value_before(marks: str) -> re.Pattern[str]:
    """A config value up to the first of ``marks`` (a character class's content) after a blank,
    outside quotes. Read once: a quote that closes nothing is text, and a run of blanks is read whole."""
    return re.compile(rf"""(?:[^ \t"'\\]|\\.?+|[ \t]++(?![{marks}])|"(?:[^"\\]|\\.)*+"|'[^']*+'|["'])++(?=[ \t]++[{marks}])""")


_VALUE_BEFORE_COMMENT = _value_before("#;")
"""A config value up to the comment after it: a ``#`` or ``;`` after a blank, outside quotes."""


def without_trailing_comment(raw: str) -> str:
    """A config setting's value without the comment after it (YAML's, TOML's, INI's and dotenv's
    `` # ...``, INI's `` ; ...``): ``12 # min`` is ``12``. A ``#`` with no blank before it
    (``ab#cd``), inside quotes (``"ab # cd"``) or at the value's start (``password = #x``) is part of
    the value."""
    if "#" not in raw and ";" not in raw:
        return raw
    raw = raw.lstrip(" \t")
    before = _VALUE_BEFORE_COMMENT.match(raw)
    return raw if before is None else before.group()


_VALUE_BEFORE_NOTE = _value_before("&")
"""A value up to a ``&`` after a blank, outside quotes."""


def without_note(line: str, value: str) -> str:
    """The value of a lone password setting (``is_lone_password_setting``: what follows a ``;`` or
    ``&`` on its line holds no ``=``, no other entry) without the note after a blank and a ``&``
    (``password = ... & note``), as INI's `` ; note`` is left out; any other value as it is."""
    if "&" not in value or not is_lone_password_setting(line):
        return value
    before = _VALUE_BEFORE_NOTE.match(value.lstrip(" \t"))
    return value if before is None else before.group()
_NAME_SEPARATOR = r"[/.#:_\-,| ]|\\."
_NAME_SEGMENT = r"(?:[A-Z]+(?![a-z])|[A-Z]?+[a-z]++)++\d*+(?![A-Za-z0-9])|\d++(?![A-Za-z0-9])"
NAME_SHAPED = re.compile(rf"(?:{_NAME_SEGMENT}|{_NAME_SEPARATOR})*+")
"""Text with the shape of a name, a key or a path rather than a secret: words in the case of a name
(``db``, ``DB_PASSWORD``, ``dbPassword``, ``Password``), a number at a word's end at most (``utf8``,
``v1``), joined by ``/ . # : _ - , |``, blanks or escapes (``db/password``, ``app.db.password``,
``secret/data/app#password``, ``db-password``, ``read|write``, ``\\n``). A digit inside a word
(``Zq7fake``) or another character (``p@ss!``) has the shape of a secret."""
