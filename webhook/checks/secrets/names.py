"""Sensitive names: whether a variable, key or flag name says it holds a secret (``DB_PASSWORD``,
``apiKey``, ``--client-secret``) rather than describing one (``PASSWORD_FILE``, ``TOKEN_TTL``), and
the policy's ``extraNames``/``allowedNames`` parameters bound to that judgement (``Names``). Knows
nothing about values: the name-based signal of the check starts here.

The parameters are regular expressions written by the cluster's administrators and matched against
names written by workload owners (unbounded in length), so they are compiled and matched with RE2,
as Gatekeeper and Kyverno do (Go's regexp): time linear in the name whatever the pattern, where
``re`` backtracks for ever on ``(a+)+$`` and a long name, stalling every admission. Our own fixed
patterns stay on ``re``."""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Protocol

import re2

from webhook.checks.base import Params

_SENSITIVE_FOLDED = re.compile(
    "password|passwd|passphrase|passcode|secret|credential|bearer|apikey|privatekey|accesskey|authkey"
    "|signingkey|encryptionkey|clientkey|sessionkey|masterkey|licensekey|webhookkey"
    "|accountkey|keycontent|sharedkey"  # Azure storage account keys, OCI_CLI_KEY_CONTENT (a private key's PEM), shared keys
    "|securevalue"  # Azure Container Instances' environmentVariables[].secureValue
    "|requirepass|masterauth"  # redis
    "|basicauthuserinfo"  # Confluent's basic.auth.user.info = user:password (Schema Registry clients)
    "|sensitivepropskey"  # NiFi's nifi.sensitive.props.key, NIFI_SENSITIVE_PROPS_KEY: the key its flows' secrets are encrypted with
)
"""Searched in the name with case and separators folded away (``API-Key`` -> ``apikey``). A passcode
is SonarQube's ``SONAR_WEB_SYSTEMPASSCODE`` (it opens the monitoring API). Confluent's
``basic.auth.user.info`` (Kafka clients, Connect converters, ksqlDB: ``user:password`` for Schema
Registry, ``SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO``) holds a password; its
``basic.auth.credentials.source`` names where it is taken from. NiFi's ``nifi.sensitive.props.key``
(``NIFI_SENSITIVE_PROPS_KEY`` in its image) is the key every sensitive property of its flows
(processors' passwords, tokens) is encrypted with in ``flow.json.gz``."""

SENSITIVE_WORDS = frozenset({"pass", "pwd", "passwd", "pswd", "creds"})
"""Whole words that make a name sensitive (``DB_PASS``, ``mysqlPwd``)."""

GLUED_PASS_PREFIXES = frozenset(
    "db admin root smtp mail ldap user redis mysql postgres mongo ftp sftp bind sql proxy ssh vnc "
    "master su superuser rabbit rabbitmq amqp mq auth app api dn config "
    "store key keystore truststore srcstore deststore srckey destkey".split()  # keytool's -storepass, -keypass
)
"""Words glued to ``pass`` or ``pwd`` in a name that holds a password (Moodle's ``dbpass``,
``ADMINPASS``, ``smtppwd``, keytool's ``-storepass``, ``-keypass``, ``-deststorepass``); other words ending in ``pass`` are not one (``bypass``, ``compass``). Not ``pg``:
``pgpass`` names PostgreSQL's password file, read as such. ``dn``: Dovecot's LDAP ``dnpass``, the
password of its bind DN. ``config``: OpenLDAP's ``cn=config`` password, dcm4che's slapd image's
``LDAP_CONFIGPASS`` beside its ``LDAP_ROOTPASS``."""

SENSITIVE_LAST_WORDS = frozenset({"pw", "salt", "bindpw", "rootpw", "authtok"})
"""Words that make a name sensitive when they end it: ``VNC_PW`` (the password of the ConSol and
Kasm VNC desktop images), ``DB_PW``, ``LDAP_BIND_PW``. Elsewhere ``PW`` is as often Playwright
(``PW_TEST_HTML_REPORT_OPEN``). A salt is secret too: WordPress's ``AUTH_SALT``, ``NONCE_SALT``
(``SALT_ROUNDS``, ``SALT_LENGTH`` measure one). LDAP's bind passwords: ``bindpw`` (nslcd, pam_ldap,
``LDAP_BINDPW``), OpenLDAP's ``rootpw`` and SSSD's ``ldap_default_authtok`` (``..._authtok_type``
names its kind; PAM's ``use_authtok`` is a flag)."""

NON_SENSITIVE_WORDS = frozenset(
    {"secretary", "secretaries", "secretariat", "secretion", "secretive", "passwordless", "credentialless", "credentialed"}
)
"""Words that contain a sensitive word without being one: dropped before a name is judged
(``SECRETARY_EMAIL``, ``PASSWORDLESS``, ``credentialed_hosts``; ``SECRETARY_PASSWORD`` stays sensitive)."""

METADATA_SUFFIXES = frozenset(
    "file filename path dir directory name names ref url uri endpoint host hostname port header type ttl "
    "timeout expiry expiration expires lifetime length len enabled enable disabled required mode "
    "policy version format algorithm audience issuer scope scopes rotation days seconds interval "
    "count min max size location mount prefix suffix provider providers user username kind method "
    "store backend "
    "limit limits quota threshold total number num capacity budget "  # TOKEN_LIMIT
    "arn template tmpl tpl cookie algo alg claim claims field param parameter pattern regex charset "
    "encoding separator delimiter label selector namespace region role prompt description strength "
    "complexity schedule period duration "
    "ms millis milliseconds secs minutes mins hours hrs weeks months "  # ACCESS_TOKEN_EXPIRE_MINUTES
    "audiences aud encryption "  # kube-rbac-proxy's --auth-token-audiences, a JWT's aud claim, PostgreSQL's password_encryption
    "env rounds iterations "  # PASSWORD_ENV names a variable; PASSWORD_HASH_ROUNDS, *_ITERATIONS a cost
    "command cmd "  # fluent-bit's Kube_Token_Command, SMTP_PASSWORD_CMD: a command that fetches it
    "stdin hint expire validity lifespan grace "  # docker login --password-stdin, Grafana's password_hint, JWT_TOKEN_VALIDITY
    "hasher hashers hashing encoder encoders manager attribute attr validator validators class engine".split()  # how a secret is handled
    + ["realm", "service"]  # the registry's REGISTRY_AUTH_HTPASSWD_REALM, REGISTRY_AUTH_TOKEN_SERVICE
    + "documentation doc docs shape title placeholder help".split()  # an API's description of one
    + "helper helpers table annotation creator".split()  # git's credential.helper, a table's or an annotation's name, a role
    + "lexer formatter parser variant variants".split()  # Pygments' RawTokenLexer, a lexer's token_variants
    + "module time timestamp source".split()  # RabbitMQ's password_hashing_module, Keycloak's client.secret.creation.time
    + ["kwargs"]  # Airflow's AIRFLOW__SECRETS__BACKEND_KWARGS: the backend's arguments, a JSON object judged as one
    + ["flow", "flows"]  # Keycloak's resetCredentialsFlow: the authentication flow that resets one
    + ["protected"]  # NiFi's nifi.security.keystorePasswd.protected = aes/gcm/256: the scheme a value is encrypted with
    + "query queries filter filters attrs attributes mtime".split()  # Dovecot's password_query, pass_filter, pass_attrs; Argo CD's admin.passwordMtime
    + ["scheme", "schemes"]  # Dovecot's default_pass_scheme = SHA512-CRYPT: how passwords are hashed
    + ["persistence"]  # Airbyte's SECRET_PERSISTENCE = VAULT: where secrets are kept
    + ["drivername", "database"]  # Great Expectations' creds: drivername: postgresql, database: x: what they log in to
)
"""A sensitive name ending in one of these words describes a secret; it does not hold one
(``TOKEN_TTL``, ``PASSWORD_FILE``, ``PASSWORD_FILENAME``, ``SECRET_NAME``, ``TOKEN_LIMIT``, ``DB_SECRET_ARN``,
``PASSWORD_RESET_URL_TEMPLATE``, ``CSRF_TOKEN_COOKIE``, ``PASSWORD_HASH_ALGO``, Cargo's
``global-credential-providers = ["cargo:token"]``: the programs that give one). Units of time say
how long a secret lives, like ``seconds`` and ``days`` (``ACCESS_TOKEN_EXPIRE_MINUTES: "30"``,
``REFRESH_TOKEN_EXPIRE_HOURS``, ``CREDENTIALS_CACHE_TTL_MS``); ``audiences`` is the plural of
``audience`` (kube-rbac-proxy's ``--auth-token-audiences=svc.ns.svc``) and ``aud`` the JWT claim's
name for one (GitLab CI's ``id_tokens: VAULT_ID_TOKEN: aud: https://vault.example.com``, ``JWT_AUD``); ``encryption`` names the
scheme that protects a secret (PostgreSQL's ``password_encryption = scram-sha-256``); ``env`` names
the variable that holds it (``PASSWORD_ENV: DB_PASSWORD``); ``rounds`` and ``iterations`` are the
cost of hashing it (``PASSWORD_HASH_ROUNDS: "12"``); ``command`` and ``cmd`` run a program that
fetches it (fluent-bit's ``Kube_Token_Command``); ``stdin`` says where it is read from (``docker login
--password-stdin``), ``hint`` is text shown to a user (Grafana's ``password_hint``), ``expire``,
``validity``, ``lifespan`` and ``grace`` how long it lives (``TOKEN_VALIDITY``, ``lifespan-grace``);
``hasher``, ``encoder``, ``manager``, ``attribute``, ``validators``, ``class`` and ``engine`` how it is
handled (``PASSWORD_HASHER``, ``SECRETS_MANAGER``, ``LDAP_PASSWORD_ATTRIBUTE``, ``VAULT_SECRET_ENGINE``);
``realm`` and ``service`` name where it is asked for (the registry's ``REGISTRY_AUTH_HTPASSWD_REALM``,
``REGISTRY_AUTH_TOKEN_SERVICE``); ``documentation``, ``shape``, ``title``, ``placeholder`` and
``help`` are an API's or a form's description of it (a service model's ``NextToken.documentation``,
a form's ``password_placeholder``). Not ``example``: an example may be a real one
(``JWT_SECRET_EXAMPLE``). ``helper`` runs the program that keeps it (git's ``credential.helper =
store``), ``table`` and ``annotation`` name where one is kept (``ACCESS_TOKEN_TABLE``,
``SECRETS_ANNOTATION``), ``creator`` a role that makes one (``SERVICE_ACCOUNT_TOKEN_CREATOR``);
``lexer``, ``formatter`` and ``parser`` name the code that reads or writes one (Pygments'
``RawTokenLexer``, ``RawTokenFormatter``), ``variant`` and ``variants`` its kinds (a lexer's
``token_variants``); ``module`` the code that hashes one (RabbitMQ's ``password_hashing_module =
rabbit_password_hashing_sha256``), ``time`` and ``timestamp`` when one was made or changed
(Keycloak's realm export ``client.secret.creation.time``), ``source`` where one is taken from
(Confluent's ``basic.auth.credentials.source = USER_INFO``); ``hashers`` and ``encoders`` the classes
that hash one (Django's ``PASSWORD_HASHERS``); ``kwargs`` the arguments of a secrets backend (Airflow's
``AIRFLOW__SECRETS__BACKEND_KWARGS``), a JSON object whose settings are judged as such (a ``token``
there is reported); ``flow`` and ``flows`` the procedure that sets or asks for one (a Keycloak
realm export's ``"resetCredentialsFlow": "reset credentials"``, the name of an authentication flow);
``protected`` says how one is protected (NiFi's ``nifi.security.keystorePasswd.protected =
aes/gcm/256``, ``nifi.sensitive.props.key.protected``: the scheme its encrypted value is in);
``query`` and ``queries`` the database query or directory search that looks one up, ``filter`` and
``filters`` the search's filter, ``attrs`` and ``attributes`` the attributes it is read from (Dovecot's
``password_query = SELECT ... password FROM users``, ``pass_filter = (&(objectClass=posixAccount)(uid=%u))``,
``pass_attrs = userPassword=password``, PgBouncer's ``auth_query``); ``mtime`` when one was last
changed (Argo CD's ``admin.passwordMtime``); ``scheme`` and ``schemes`` how one is hashed or
encoded (Dovecot's ``default_pass_scheme = SHA512-CRYPT``, ``password_scheme``, whatever scheme it
names: ``setting_values._hashing_scheme_name`` still knows the common ones for a name an
``extraNames`` pattern makes sensitive)."""

NAMES_OF_OBJECTS = ("existingsecret",)
"""In a name (folded), these name an object that holds the secret: Helm charts' ``existingSecret``,
``auth.existingSecretPasswordKey`` (the Secret to read, and the key in it)."""

PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass"})
"""Whole words that say password: before ``key`` they may name the key a Secret keeps it under
(``passwordKey: admin-password``), which the value says (``setting_values.names_a_password_key``)."""

TIME_UNITS = frozenset("millis milliseconds secs seconds mins minutes hours hrs days weeks months".split())
"""Units of time, which also describe a secret when a qualifier follows them
(``ACCESS_TOKEN_EXPIRE_MINUTES_STAFF``), unless what follows names a secret again
(``TOKEN_MINUTES_SECRET``). Not ``ms`` there: before another word it may be Microsoft."""

RATE_UNITS = frozenset("second sec minute min hour hr day".split())
"""``..._PER_<unit>`` is a rate (``TOKENS_PER_SECOND``, ``--tokens-per-second``), not a secret."""

_SENSITIVE_AT_END = re.compile(f"(?:{_SENSITIVE_FOLDED.pattern}|token|pass|pwd|passwd|pswd|creds)s?$")
"""A secret's name, singular or plural, ending a word: what a glued metadata suffix follows
(``PASSWORDFILE``, ``CREDENTIALSFILE``, ``secretsdir``)."""


_METADATA_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in METADATA_SUFFIXES})
"""A word's endings are looked up by length (a dozen set lookups, not a pass over every suffix)."""


def _glued_metadata(word: str) -> bool:
    """Whether one word is a secret's name glued to a metadata suffix (``ACCESSKEYNAME``,
    ``PGPASSFILE``, ``tokenurl``, ``CREDENTIALSFILE``): written without separators, it describes the
    secret like ``ACCESS_KEY_NAME`` and ``CREDENTIALS_FILE`` do."""
    return any(
        word[-length:] in METADATA_SUFFIXES and _SENSITIVE_AT_END.search(word[:-length]) is not None
        for length in _METADATA_SUFFIX_LENGTHS
        if len(word) > length
    )


def _glued_pass(word: str) -> bool:
    """``dbpass``, ``adminpwd``: a password's name written as one word."""
    return (word.endswith("pass") and word[:-4] in GLUED_PASS_PREFIXES) or (
        word.endswith("pwd") and word[:-3] in GLUED_PASS_PREFIXES
    )


def _names_an_identifier_or_measure(words: list[str]) -> bool:
    """Whether a name's last words make it an identifier or a measure of a secret, not one: a key id
    (``KMS_KEY_ID``, ``apiKeyId``), the key a password or token is kept under in a Secret
    (``passwordSecretKey``, ``api-token-secret-key``; ``adminPasswordKey`` is the value's to say:
    ``names_a_password_key``), the file that holds the password of a Kafka keystore (``KAFKA_SSL_KEYSTORE_CREDENTIALS``),
    a lifetime (``TOKEN_EXPIRES_IN``), a rate (``TOKENS_PER_SECOND``) or a unit of time followed by a
    qualifier (``ACCESS_TOKEN_EXPIRE_MINUTES_STAFF``), a cloud project's id (Airbyte's ``SECRET_STORE_GCP_PROJECT_ID``). An access key id (``AWS_ACCESS_KEY_ID``,
    ``accessKeyId``, ``aws_access_key_id``) names who signs, as a user name does: the secret is the secret
    access key beside it (an ``AKIA...`` value is still reported by its shape, under any name), and so
    is an object store's access key with its provider's name before it (``MINIO_ACCESS_KEY``,
    ``AWS_ACCESS_KEY``, ``S3_ACCESS_KEY``, Hadoop's ``fs.s3a.access.key``; ``AWS_SECRET_ACCESS_KEY`` and
    Azure's ``AZURE_STORAGE_ACCESS_KEY``, a storage account's key, are secrets)."""
    last = words[-1].removesuffix("s")
    if last in ("publickey", "pubkey") or (last == "key" and len(words) > 1 and words[-2] in ("public", "pub")):
        return True  # Pulsar's tokenPublicKey, JWT_PUBLIC_KEY: the key that verifies a signature, public
    if last == "in" and len(words) > 2 and words[-2] in ("expires", "expire", "valid"):
        return True  # REFRESH_TOKEN_EXPIRES_IN: 7d (jsonwebtoken's expiresIn)
    if last == "key" and len(words) > 2 and words[-2] == "secret" and (words[-3] in PASSWORD_WORDS or words[-3].endswith("token")):
        return True  # passwordSecretKey, Tekton's api-token-secret-key: the key, in a Secret, of the password or token
    if last == "credential" and "ssl" in words and len(words) > 1 and words[-2] in ("keystore", "truststore", "key"):
        return True  # Confluent's KAFKA_SSL_KEYSTORE_CREDENTIALS: the file in /etc/kafka/secrets that holds the password
    if last.endswith("keyid") or (last == "id" and len(words) > 1 and words[-2] in ("key", "project")):
        return True  # KMS_KEY_ID; Airbyte's SECRET_STORE_GCP_PROJECT_ID: the cloud project a secret store is in
    if _names_an_object_stores_access_key(words):
        return True
    if len(words) > 2 and words[-2] == "per" and last in RATE_UNITS:
        return True
    # a unit with a qualifier after it that names no secret; what follows the last unit is the
    # fewest words, and words that name no secret name none without the ones before them: only
    # the last unit is judged (each unit judged apart was quadratic in a name of many units)
    last_unit = next((index for index in range(len(words) - 2, -1, -1) if words[index] in TIME_UNITS), None)
    return last_unit is not None and not _mentions_a_secret(words[last_unit + 1 :])


OBJECT_STORE_PROVIDERS = ("aws", "s3", "s3a", "minio")
"""Folded words before ``access key`` that make it the access key id of an object store's key pair
(``MINIO_ACCESS_KEY``, ``AWS_ACCESS_KEY``, ``S3_ACCESS_KEY``, ``fs.s3a.access.key``), whose secret is
the secret key beside it (``MINIO_SECRET_KEY``)."""


def _names_an_object_stores_access_key(words: list[str]) -> bool:
    """Whether a name is an object store's access key, its provider's name right before ``access
    key`` (``OBJECT_STORE_PROVIDERS``): an identifier, not a secret."""
    if words[-2:] != ["access", "key"]:
        return False
    return "".join(words[:-2]).endswith(OBJECT_STORE_PROVIDERS)


def names_a_bare_access_key(name: str) -> bool:
    """Whether a name is an access key with no provider's name before it (``access_key``,
    ``accessKey``, Harbor's ``accesskey``): a secret alone (an API's access key, Azure's), the id of a
    key pair beside that pair's secret key (``names_a_paired_secret_key``: s3cmd's ``.s3cfg``,
    Thanos' ``objstore.yml``)."""
    return "".join(name_words(name)) == "accesskey"


def names_a_paired_secret_key(name: str) -> bool:
    """Whether a name is the secret key of an access key pair (``secret_key``, ``secretKey``,
    ``secretkey``, ``secret_access_key``), whose access key beside it is its id."""
    return "".join(name_words(name)) in ("secretkey", "secretaccesskey")


def api_key_pair_part(name: str) -> tuple[bool, tuple[str, ...]] | None:
    """Which part of an API key pair a name is, with the words before it: (True, prefix) for the
    pair's key (``apiKey``, ``security.oauth.google.apiKey``, ``GOOGLE_API_KEY``), (False, prefix)
    for its secret (``apiSecret``, ``security.oauth.google.apiSecret``); None for any other name.
    Beside its secret, with the same words before both, the key is the pair's id (OAuth's client
    id, OHDSI WebAPI's ``security.oauth.<provider>.apiKey``), no secret."""
    words = name_words(name)
    if len(words) < 2 or words[-2] != "api" or words[-1] not in ("key", "secret"):
        return None
    return words[-1] == "key", tuple(words[:-2])


def _mentions_a_secret(words: list[str]) -> bool:
    """Whether these words (the end of a name) name a secret by themselves."""
    folded = "".join(words)
    return (
        any(w in SENSITIVE_WORDS or w.endswith(("token", "tokens")) for w in words)
        or _SENSITIVE_FOLDED.search(folded) is not None
    )


SETTING_VERBS = frozenset(
    "allow disallow deny require enable disable forbid block skip ignore validate verify rotate generate".split()
)
"""A name starting with one of these is a switch about secrets (``ALLOW_EMPTY_PASSWORD``,
``DISABLE_TOKEN_AUTH``, a ``disallow-plaintext-secrets: warn`` line), not a secret."""

COUNT_WORDS = frozenset({"max", "min", "num", "number", "limit", "limits", "count", "total"})
"""With one of these, ``token`` or ``tokens`` is a number of tokens (``MAX_TOKENS``, ``NUM_TOKEN``,
``RATE_LIMIT_TOKENS_PER_MINUTE``)."""

COUNTED_SECRETS = ("tokens", "keys", "secrets", "passwords")
"""Plurals that, ending a name, may count secrets: a whole number under ``tokens``, ``bucket_tokens``
or ``api_keys`` is a number of them (a rate limiter's bucket of ``tokens: 1000``), not one."""

COUNTS_OF_A_SECRET = frozenset({"history", "attempts", "retries"})
"""Words that, ending a sensitive name, may say how many times: a whole number under
``password_history`` (MySQL's and Keycloak's: how many old passwords are remembered),
``PASSWORD_ATTEMPTS`` or ``TOKEN_RETRIES`` is a count. Another value there stays judged as a secret."""


def counts_secrets(name: str) -> bool:
    """Whether a whole number under this name is a count, not a secret: its last word is a plural of
    a secret (``COUNTED_SECRETS``: ``tokens``, ``apiKeys``) or a count of one (``COUNTS_OF_A_SECRET``:
    ``password_history``). ``token: 90817263`` names one token, a numeric one."""
    words = _WORDS.findall(name)
    if not words:
        return False
    last = words[-1].lower()
    return last.endswith(COUNTED_SECRETS) or last in COUNTS_OF_A_SECRET


PAGINATION_CURSORS = (
    "nexttoken", "pagetoken", "continuationtoken", "continuetoken", "resumetoken", "synctoken", "paginationtoken",
)  # fmt: skip
"""Folded ends of the names of pagination cursors (``NextToken``, ``nextPageToken``)."""

KNOWN_NON_SECRETS = (
    "initialclustertoken", "discoverytokencacerthash", *PAGINATION_CURSORS, "idempotencytoken", "cancellationtoken",
    "kpasswdserver", "kpasswdlisten", "krb5kpasswd", "krb5backupkpasswd",
)  # fmt: skip
"""Names that say token without holding a secret, matched at the end of the folded name: etcd's
``--initial-cluster-token`` / ``ETCD_INITIAL_CLUSTER_TOKEN`` only tells clusters apart (etcd documents
it as an identifier), kubeadm's ``--discovery-token-ca-cert-hash`` is a hash of the public CA. A
pagination token (``NextToken``, ``nextPageToken``, ``continuationToken``, MongoDB's ``resumeToken``,
a calendar's ``syncToken``) is an opaque cursor into a listing, an idempotency token (AWS's) tells
retries apart, and .NET's ``CancellationToken`` cancels a call: none authenticates. Kerberos'
``kpasswd`` is its password-changing service, not a password: krb5.conf's ``kpasswd_server =
kdc.example.org:464``, kdc.conf's ``kpasswd_listen``, SSSD's ``krb5_kpasswd`` and ``krb5_backup_kpasswd``
name its hosts."""

NAMES_OF_FILES = frozenset({"poolpasswd"})
"""Whole names (folded) of settings that name a file of passwords, not one: pgpool-II's
``pool_passwd`` (``pool_passwd = 'pool_passwd'``, the stock pgpool.conf's; ``pgpool_passwd`` or
``DB_POOL_PASSWD`` stay sensitive)."""

KEYS_AT_END = (
    "storagekey", "servicekey", "dbkey", "databasekey", "privkey", "hmackey", "jwtkey", "ddappkey", "datadogappkey",
    "noncekey", "loggedinkey", "fernetkey", "securitykey", "aeskey", "enckey", "adminkey",
    "integrationkey", "pagerdutyroutingkey", "pagerdutykey", "gossipkey",
)  # fmt: skip
"""``..._KEY`` names that hold a key when they end the name (``STORAGE_KEY``, ``SERVICE_KEY``,
``DB_KEY``, ``PRIV_KEY``, ``JWT_KEY``; detect-secrets' keyword list has service_key, db_key,
database_key and priv_key), but not ``JWT_KEY_ID`` (an identifier) or ``MONGODB_KEYFILE``. A bare
``..._KEY`` stays neutral: ``CACHE_KEY``, ``SORT_KEY``, ``PARTITION_KEY``, ``ROUTING_KEY``,
``PUBLIC_KEY`` and ``S3_KEY`` name no secret. ``DD_APP_KEY`` is a Datadog application key;
WordPress's ``NONCE_KEY`` and ``LOGGED_IN_KEY``, Airflow's ``FERNET_KEY`` (it encrypts every stored
connection), ASP.NET's ``SecurityKey``, ``AES_KEY``, ``ENC_KEY`` and Algolia's ``ADMIN_KEY`` are keys, and so are PagerDuty's ``INTEGRATION_KEY``,
``PAGERDUTY_ROUTING_KEY`` and ``PAGERDUTY_KEY`` and Consul's ``GOSSIP_KEY``."""

SECRET_NAMES = frozenset({"appkey", "xhoneycombteam"})
"""Whole names (folded) that hold a secret: Laravel's ``APP_KEY`` (its encryption key). With a
prefix it is often public: ``PUSHER_APP_KEY``, ``ALGOLIA_APP_KEY``. Honeycomb's
``x-honeycomb-team`` header carries its API key, also as a key of a config file's map of headers
(the OpenTelemetry collector's ``headers: {x-honeycomb-team: ...}``); ``x-honeycomb-dataset`` names
a dataset."""

ERLANG_COOKIE_OWNERS = ("erlang", "node")
"""Folded ends of the names of what an Erlang cookie belongs to: a ``cookie`` after one of them
(``RABBITMQ_ERLANG_COOKIE``, EMQX's ``node.cookie`` and ``node { cookie = ... }``) is an Erlang cookie."""

SECRETS_AT_END = (*(f"{owner}cookie" for owner in ERLANG_COOKIE_OWNERS), "setcookie")
"""Names ending so (``erlangcookie``, ``nodecookie``, ``setcookie``) hold a secret although their
last word describes one elsewhere: an Erlang cookie authenticates the nodes of a cluster to each
other (RabbitMQ's ``RABBITMQ_ERLANG_COOKIE``, EMQX's ``node.cookie`` and ``EMQX_NODE__COOKIE``,
``erl -setcookie``)."""

CLOUD_KEY_PREFIXES = frozenset({"azure"})
"""Providers whose ``<PROVIDER>_..._KEY`` variables hold access keys (``AZURE_STORAGE_KEY``,
``AZURE_BATCH_KEY``; Polaris flags ``^AZURE_.+KEY$`` too). A bare ``..._KEY`` elsewhere often
names something else (``PARTITION_KEY``, ``CACHE_KEY``)."""

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


class NamePattern(Protocol):
    """What the check uses of a compiled RE2 pattern (google-re2 has no type hints)."""

    def search(self, text: bytes) -> object | None: ...

    def fullmatch(self, text: bytes) -> object | None: ...


def compile_name_pattern(pattern: str, ignore_case: bool) -> NamePattern:
    """An ``extraNames`` (``ignore_case``) or ``allowedNames`` pattern compiled with RE2. Raises
    ``re2.error`` for what RE2 refuses (backreferences, lookaround, possessive quantifiers, ``\\Z``...)
    and ``UnicodeError`` for a pattern that is not text (a lone surrogate)."""
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False  # a refused pattern is reported by the caller, not on stderr
    compiled: NamePattern = re2.compile(pattern, options)
    return compiled


def name_pattern_problem(pattern: str, ignore_case: bool) -> str | None:
    """Why RE2 refuses ``pattern`` (the policy or configuration is then refused), or None."""
    try:
        compile_name_pattern(pattern, ignore_case)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return (
            f"{pattern!r} is not a valid regular expression in RE2 syntax ({reason}): RE2 syntax is required, "
            "as in Gatekeeper and Kyverno (linear-time matching: no backreferences or lookaround)"
        )
    except UnicodeError:
        return f"{pattern!r} is not a valid regular expression: it is not valid Unicode text"
    return None


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...], ignore_case: bool) -> tuple[NamePattern, ...]:
    """The patterns as one RE2 alternation (one match per name instead of one per pattern: each call
    into RE2 costs about a microsecond), or one by one when RE2 refuses the alternation (two patterns
    naming the same group, or together over RE2's memory budget)."""
    if len(patterns) > 1:
        try:
            return (compile_name_pattern("|".join(f"(?:{p})" for p in patterns), ignore_case),)
        except re2.error:
            pass
    return tuple(compile_name_pattern(p, ignore_case) for p in patterns)


def _utf8(name: str) -> bytes:
    """What RE2 matches: the name's UTF-8 (a lone surrogate, from a manifest, passes as its bytes)."""
    return name.encode("utf-8", "surrogatepass")


CACHED_NAME_LENGTH = 256
"""Names up to this long are cached: a longer one (a JSON key, a config line's name: unbounded) is
judged again each time, not kept for the life of the process (8,192 names of 1 MiB, one per
request, would pin 8 GiB)."""


def name_is_sensitive(name: str, extra: tuple[str, ...] = (), allowed: tuple[str, ...] = ()) -> bool:
    """Whether a variable, key or flag name says it holds a secret (cached per name, when short)."""
    if len(name) <= CACHED_NAME_LENGTH:
        return _cached_name_is_sensitive(name, extra, allowed)
    return _name_is_sensitive(name, extra, allowed)


def _name_is_sensitive(name: str, extra: tuple[str, ...], allowed: tuple[str, ...]) -> bool:
    if is_allowed(name, allowed):
        return False
    if extra:
        text = _utf8(name)
        if any(p.search(text) for p in _compiled(extra, True)):
            return True
    words = [w for w in (w.lower() for w in _WORDS.findall(name)) if w not in NON_SENSITIVE_WORDS]
    folded = "".join(words)
    if folded in SECRET_NAMES or folded.endswith(SECRETS_AT_END):
        return True
    if (
        not words
        or words[-1] in METADATA_SUFFIXES
        or words[0] in SETTING_VERBS
        or _glued_metadata(words[-1])
        or any(name in folded for name in NAMES_OF_OBJECTS)
    ):
        return False
    if _names_an_identifier_or_measure(words):
        return False
    if folded.endswith(KNOWN_NON_SECRETS) or folded in NAMES_OF_FILES:
        return False
    if any(w in SENSITIVE_WORDS or _glued_pass(w) for w in words) or words[-1] in SENSITIVE_LAST_WORDS:
        return True
    if _SENSITIVE_FOLDED.search(folded):
        return True
    if words[-1] in ("key", "keys") and (words[0] in CLOUD_KEY_PREFIXES or folded.rstrip("s").endswith(KEYS_AT_END)):
        return True
    # API_TOKENS holds tokens; MAX_TOKENS counts them
    return any(w.endswith(("token", "tokens")) for w in words) and not COUNT_WORDS.intersection(words)


_cached_name_is_sensitive = lru_cache(maxsize=8192)(_name_is_sensitive)


def name_words(name: str) -> list[str]:
    """A name's words, lowercased (``USE_CREDENTIALS``, ``useCredentials``: use, credentials). A
    name of ``_NAME_WORDS_KEPT`` characters or fewer is split once (a setting's name is asked for
    its words by a dozen judges), a copy of its words returned."""
    if len(name) <= _NAME_WORDS_KEPT:
        return list(_kept_name_words(name))
    return [w.lower() for w in _WORDS.findall(name)]


_NAME_WORDS_KEPT = 64
"""The longest name whose words ``name_words`` keeps (a long one is rare, and kept would hold memory)."""


@lru_cache(maxsize=4096)
def _kept_name_words(name: str) -> tuple[str, ...]:
    return tuple([w.lower() for w in _WORDS.findall(name)])


PAGINATION_FIELDS = (*PAGINATION_CURSORS, "startingtoken", "marker")
"""Folded ends of the names of the response fields a paginator reads its cursor from: a cursor's
(``NextToken``, ``nextPageToken``, botocore's ``StartingToken``) or AWS's marker (``Marker``,
``NextMarker``, ``KeyMarker``)."""

_FIELD_PATH = re.compile(r"(?:[A-Za-z]++(?:_[A-Za-z]++)*+(?:\[-?\d{1,4}+\])?+\.)*+(?P<last>[A-Za-z]++(?:_[A-Za-z]++)*+)")
"""A field's path as a paginator's JMESPath writes it: names of letters (``_`` between words), each
but the last maybe indexed (``Contents[-1].Key``, ``StreamDescription.Shards[-1].ShardId``)."""
_LONGEST_FIELD_EXPRESSION = 256


def names_a_pagination_field(value: str) -> bool:
    """Whether ``value`` (quoted or not) names the response field of a pagination cursor: a field's
    path (``_FIELD_PATH``), or several joined by JMESPath's ``||`` or listed in a YAML flow list, one
    of them ending with a cursor's name (``PAGINATION_FIELDS``): ``NextToken``,
    ``DistributionList.NextMarker``, ``Contents[-1].Key || NextContinuationToken``,
    ``[Marker, NextToken]``. Only a whole name: ``NextToken2024x`` is none."""
    value = value.strip().strip("\"'")
    if len(value) > _LONGEST_FIELD_EXPRESSION:
        return False
    if value[:1] == "[" and value[-1:] == "]":
        value = value[1:-1].replace(",", "||")
    paths = [_FIELD_PATH.fullmatch(part.strip(" \t\"'")) for part in value.split("||")]
    return all(paths) and any(
        "".join(name_words(path.group("last"))).endswith(PAGINATION_FIELDS) for path in paths if path is not None
    )


def pagination_field_under_a_token_name(name: str, value: str) -> bool:
    """Whether a value under a token's name (its last word ``token``: botocore's ``input_token`` and
    ``output_token``) names the field a pagination cursor is read from (``names_a_pagination_field``),
    no secret. Under another name (``password: NextToken``) it is judged as any literal."""
    return name_words(name)[-1:] in (["token"], ["tokens"]) and names_a_pagination_field(value)


def mentions_a_secret(name: str) -> bool:
    """Whether a name mentions a secret anywhere, whether or not it holds one (``secretKeyRef``,
    ``passwordPolicy``, ``DB_PASSWORD``)."""
    return _mentions_a_secret([w.lower() for w in _WORDS.findall(name)])


PARENT_DESCRIBING_WORDS = frozenset(
    "id ids uid uuid email emails collection action actions operation operations message messages text payload "
    "group groups result results status reason error errors summary comment note remote".split()
)
"""Words that, ending a key under a sensitive parent, say that the key describes or identifies what
the parent names instead of holding its secret (``source_credentials.client_email``, ``secret.action``, rclone's
crypt remote named as its docs name it, ``[secret]`` / ``remote = s3:bucket``, the remote it wraps,
an API description's ``CreateServiceAccountKeyRequest.id``, ``ResetUserPassword.deprecatedMessage``).
Read by the parent rule only (``describes_its_parent``): ``VAULT_SECRET_ID`` is judged as before."""

KEY_DESCRIBING_WORDS = frozenset({"result", "limit"})
"""Words that, before a ``key`` ending a key under a sensitive parent, say which field it is the key of
(a botocore paginator's ``result_key``, ``limit_key``), not a key of the parent's."""


PARENT_METADATA_KEYS = frozenset({"environment", "target", "realm", "credential_type"})
"""Whole keys (their words joined by ``_``) that, under a sensitive parent, say where and for what
its credential is, as an MSAL token cache's entries do (``AccessToken.<id>-accesstoken-...`` /
``environment: login.microsoftonline.com``, ``target``: the scopes, ``realm``: the tenant,
``credential_type: AccessToken``), beside the ``secret`` that is one."""


def describes_its_parent(key: str) -> bool:
    """Whether a key under a sensitive parent describes or identifies what the parent names, by its
    last word (``PARENT_DESCRIBING_WORDS``: ``client_id``, ``help_text``, ``krm_group``,
    ``more_results``) or a ``key`` naming a field (``result_key``), by its whole name
    (``PARENT_METADATA_KEYS``: ``environment``, ``target``), or as a time (``cached_at``, ``expires_on``,
    ``extended_expires_on``, ``refresh_on``): judged with its parent's name, it holds no secret.
    Consul's ``tokens.master`` and ``Jwt.Key`` do not describe theirs."""
    words = [w.lower() for w in _WORDS.findall(key)]
    if not words:
        return False
    if words[-1] in PARENT_DESCRIBING_WORDS or "_".join(words) in PARENT_METADATA_KEYS:
        return True
    if len(words) > 1 and (words[-1] == "at" or (words[-1] == "on" and words[-2] in ("expires", "refresh"))):
        return True
    return words[-1] in ("key", "keys") and len(words) > 1 and words[-2] in KEY_DESCRIBING_WORDS


KEPT_CREDENTIAL_WORDS = frozenset({"credential", "credentials", "creds", "token", "tokens"})
"""Words that, before a last word ``key``, say which credential a Secret's key holds (``tokenKey``,
``apiTokenKey``, ``credentialsKey``; ``passwordKey`` is judged so by its name alone)."""

KEPT_IN_A_SECRET_WORDS = frozenset({"password", "passwords", "passwd", "pwd", "pass", "credential", "credentials", "creds"})
"""Words that, before a last word ``secret``, say which credential the Secret it names holds
(``existingPasswordSecret``, ``credentialsSecret``). Not ``token``: OAuth 1.0a's ``tokenSecret``
is a secret itself."""

SECRET_WORDS = frozenset({"secret", "secrets"})
"""A Secret's name, a word of a name."""

OAUTH_TOKEN_WORDS = frozenset({"oauth", "access", "request", "refresh", "consumer", "auth", "user", "app"})
"""Words before ``token secret`` in OAuth 1.0a's names of the token's secret itself
(``oauth_token_secret``, ``TWITTER_ACCESS_TOKEN_SECRET``, ``accessTokenSecret``)."""


def _names_a_tokens_secret(words: list[str]) -> bool:
    """Whether a name's words end in ``token secret`` after a service's name (Tekton's
    ``sonar-token-secret``, ``github-token-secret``): the Secret a token is kept in, as Tekton's
    ``api-token-secret-key`` names its key there. Not ``tokenSecret`` alone nor after an OAuth word
    (``OAUTH_TOKEN_WORDS``: ``oauth_token_secret``, ``access_token_secret``), OAuth 1.0a's secret."""
    return len(words) >= 3 and words[-2] in ("token", "tokens") and words[-3] not in OAUTH_TOKEN_WORDS


def names_a_credentials_place(name: str) -> bool:
    """Whether a sensitive name may name the Secret a credential is kept in, or its key there, as
    Helm charts' values do, rather than hold the credential: its last word ``secret`` after a
    password's or credentials' word or an ``existing`` first word (``existingPasswordSecret``,
    ``credentialsSecret``, ``existingTokenSecret``), or ``key`` after a credential's word
    (``KEPT_CREDENTIAL_WORDS``: ``tokenKey``, ``apiTokenKey``) or with ``secret`` before the word before
    it (``passwordsSecretKeystoreKey``). Not when that word and ``key`` name a key themselves
    (``secretKey``, ``aws_secret_access_key``, ``apiKey``, ``secret_jwt_key``), nor ``tokenSecret``,
    ``clientSecret`` (OAuth's secrets; ``sonar-token-secret``, a service's name before ``token secret``,
    is Tekton's Secret of a token, ``_names_a_tokens_secret``). Whether it does is the value's to say
    (a name or a key)."""
    words = [w for w in (w.lower() for w in _WORDS.findall(name)) if w not in NON_SENSITIVE_WORDS]
    if len(words) < 2:
        return False
    if words[-1] in SECRET_WORDS:
        return words[-2] in KEPT_IN_A_SECRET_WORDS or words[0] == "existing" or _names_a_tokens_secret(words)
    if words[-1] not in ("key", "keys"):
        return False
    before = words[-2]
    if before in SECRET_WORDS or _SENSITIVE_FOLDED.fullmatch(before + "key") is not None or (before + "key") in KEYS_AT_END:
        return False
    return before in KEPT_CREDENTIAL_WORDS or any(word in SECRET_WORDS for word in words[:-2])


def names_a_secret_object(name: str) -> bool:
    """Whether a name designates a Kubernetes Secret rather than secret material: ``existingSecret``,
    ``adminSecret``, ``secretRef`` (a ``key`` under it is the Secret's key, not a key)."""
    words = [w.lower() for w in _WORDS.findall(name)]
    return words[-1:] in (["secret"], ["secrets"]) or words[-2:] == ["secret", "ref"]


def spells_a_sensitive_word(name: str) -> bool:
    """Whether up to three of a name's words, together, are exactly a sensitive term (``dbPassword``,
    ``auth-token``, ``apiKey``), not one buried in a longer word (``ppassword99``). Only such a
    single-dash flag is quoted in a message: ``-p`` with its value attached reads as a flag name."""
    words = [w.lower() for w in _WORDS.findall(name)]
    for start in range(len(words)):
        joined = ""
        for word in words[start : start + 3]:
            joined += word
            if joined in SENSITIVE_WORDS or joined in ("token", "tokens") or _SENSITIVE_FOLDED.fullmatch(joined) or _glued_pass(joined):
                return True
    return False


NAME_WORDS = (
    "password passwords passwd passphrase passcode pass pwd pswd pw secret secrets credential credentials creds "
    "token tokens key keys bearer salt auth api access private client signing encryption session master license "
    "webhook account shared secure db database admin root user app store keystore truststore trust src dest "
    "in out new old jwt oauth refresh smtp mail ldap bind redis mysql postgres mongo ftp sftp sql proxy ssh vnc "
    "su superuser rabbit rabbitmq amqp mq"
).split()
"""The words a single-dash option may be made of for a message to show it (``-storepass``,
``-db-password``, ``-apiKey``, ``-passin``): a letter with a value attached (``-pmy-secret-pw99``,
``-ssecret_token_1``) has text before, after or glued to them that is none of them."""
_NAME_WORD = re.compile(f"(?:{'|'.join(sorted(NAME_WORDS, key=len, reverse=True))}){{1,4}}")


def made_of_name_words(name: str) -> bool:
    """Whether each of a name's words (case and separators aside) is one to four ``NAME_WORDS``
    glued together (``keystorepassword``, ``db``, ``Password``), and it has no other character."""
    if len(name) > 200:  # no name is that long: what is, is shown as a value would be
        return False
    words = _WORDS.findall(name)
    return bool(words) and len("".join(words)) + len(_SEPARATORS.findall(name)) == len(name) and all(
        _NAME_WORD.fullmatch(word.lower()) for word in words
    )


_SEPARATORS = re.compile(r"[-_.]")


_TOKEN_RUN = re.compile(r"[A-Za-z0-9]{16,}")


_JSON_WEB_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_-])(?P<glued>(?:(?!eyJ)[A-Za-z0-9_-])*+)"
    r"eyJ[A-Za-z0-9_-]{8,}+\.e[yw][A-Za-z0-9_-]{8,}+(?:\.[A-Za-z0-9_-]*+)?+"
)
"""A JSON Web Token in a name, with what ``_`` or ``-`` joins to its signature: base64url holds
them, so where the signature ends cannot be told. It starts at its header's ``eyJ`` (base64 of
``{"``; its payload's maybe ``ey`` or ``ew``, a blank or a line break after its ``{``) whatever is before it: letters glued there (``my<jwt>_password``, ``X-db<jwt>``) are the
name's (``glued``, shown). Only a run's first ``eyJ`` is tried, once (a later one would run to the
same end and fail as it did): ``eyJeyJeyJ...`` costs one pass, not one per ``eyJ``."""
_AFTER_AN_AUTHORIZATION_SCHEME = re.compile(
    r"(?i:(\b(?:bearer|basic|digest|token|negotiate|ntlm)[ \t]++))(?=[^\s\"'\[\]]*?[0-9+/=:])[^\s\"'\[\]]++"
)
"""The word after an HTTP authorization scheme's name and a blank (``Bearer <token>``), when it
holds a digit or a character of base64 or of a ``user:password`` pair: a credential, however short
(``Basic Auth`` is words)."""

_PASSWORD_BEFORE_A_HOST = re.compile(
    r"(:|%3[Aa])(?:[^\s:/%]|%(?!3[Aa]))+(?=(?:@|%40)(?P<host>[A-Za-z0-9\[][\w.\-]*+)(?P<after>[\s\S]?))"
)
"""The password of a connection string's ``user:password@host`` in a name (``app:<pw>@db_password``,
``postgres://app:<pw>@db:5432``, ``redis://:<pw>@cache``; ``:`` and ``@`` maybe URL-encoded as
``%3A`` and ``%40``), from the ``:`` to the last ``@`` before a host's first character (a password
may hold an ``@``). No ``/``, blank or other ``:`` in it: ``Jwt:Key``, ``alice@example.com`` and
``db:5432/app@v2`` are words. What the DSN reader of values takes for no password is kept
(``_no_password_before``)."""
_WORD_BEFORE_A_COLON = re.compile(r"[\w.%+~-]{0,64}+")
"""Read backwards from a ``:`` (on the reversed text before it): the word the ``:`` ends."""
_ADDRESS_SCHEMES = frozenset({"mailto", "email", "e-mail", "mail", "sip", "sips", "xmpp", "im", "pres", "tel"})
_MEMBER_TYPES = frozenset({"user", "serviceaccount", "group", "principal"})
_MAIL_DOMAIN = re.compile(r"[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++")


def _no_password_before(found: re.Match[str]) -> bool:
    """Whether a ``word:text@host`` is an address or a digest, as the DSN reader of values reads it:
    after an address's scheme (``mailto:a@b.c``, ``email:oncall@example.com``), a Google Cloud IAM
    member's type before an e-mail address ending the name (``serviceAccount:app@p.iam.gserviceaccount.com``),
    or an image's tag before its digest (``app:1.0@sha256:...``)."""
    before = found.string[max(0, found.start() - 64) : found.start()]
    word = _WORD_BEFORE_A_COLON.match(before[::-1])
    scheme = word.group()[::-1].lower() if word is not None else ""
    host, after = found.group("host"), found.group("after")
    if scheme in _ADDRESS_SCHEMES:
        return True
    if scheme in _MEMBER_TYPES and _MAIL_DOMAIN.fullmatch(host) and after not in (":", "/", "("):
        return True  # the domain ends the name: with a word after it (example.com_password) it is a host
    return host.startswith("sha") and host[3:].isdigit() and after == ":"


def _star_the_password(found: re.Match[str]) -> str:
    return found.group() if _no_password_before(found) else found.group(1) + "*"

def jwts_hidden(name: str) -> str:
    """``name`` with each JSON Web Token in it shown as ``*``: a name split at its dots shows its
    parts by ``token_runs_hidden`` after this."""
    return _JSON_WEB_TOKEN.sub(r"\g<glued>*", name) if "eyJ" in name else name


def token_runs_hidden(name: str) -> str:
    """``name`` as a message shows it: each run of 16 or more letters and digits, mixed, as ``*``,
    since it may be a credential itself (``export <token>_PASSWORD=...``, a map from tokens to
    users); a run of letters alone (``dbPasswordForBilling``) or of digits alone is shown. A JSON
    Web Token (``jwts_hidden``), a ``user:password`` pair in base64 (``base64_pairs_hidden``: it may
    be letters only, and short) and the credential after an authorization scheme's name
    (``Bearer <token>``) are shown as ``*`` whatever their length."""
    if " " in name or "\t" in name:
        name = _AFTER_AN_AUTHORIZATION_SCHEME.sub(r"\1*", name)
    if "@" in name or "%40" in name:
        name = _PASSWORD_BEFORE_A_HOST.sub(_star_the_password, name)
    if len(name) < _SHORTEST_BASE64_PAIR:
        return name
    name = base64_pairs_hidden(jwts_hidden(name))  # a JSON Web Token's parts are base64 of text with a ":"
    if len(name) < 16:
        return name
    return _TOKEN_RUN.sub(_star_if_mixed, name)


_SHORTEST_BASE64_PAIR = 12
"""Base64 characters of the shortest pair hidden (9 characters of text: ``user:pw12``)."""
_STANDARD_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{12,}+=?+=?+")
_URLSAFE_BASE64_RUN = re.compile(r"[A-Za-z0-9_-]{12,}+=?+=?+")
_LONGEST_BASE64_PAIR = 512
"""Base64 characters of the longest pair read (384 characters of text): a longer run is left to the
rule of 16+ letters and digits, and each run costs a bounded time."""
_FIRST_OF_A_PRINTABLE_GROUP = "IJKLMNOPQRSTUVWXYZabcdef"
"""The first character of each group of 4 in the base64 of printable ASCII (0x20-0x7e: its top 6
bits are 8 to 31): a run with another there is no such text, read without decoding it."""
_LONGEST_SEPARATED_WORDS = 3
"""Words a URL-safe run may have, at each end, around a pair: ``X-<pair>-Token``, ``MY_APP_<pair>``."""


def base64_pairs_hidden(name: str) -> str:
    """``name`` with each run of 12 or more base64 characters that may be a credential shown as
    ``*`` (``_base64_credential``): one that decodes, padding added as needed, to printable ASCII
    starting as HTTP Basic's ``user:password`` does (``dXNlcjpacTdmYWtlOQ``: letters only, no
    token's shape), or one padded with ``=`` as base64 is that decodes to printable ASCII (no
    name's word ends so). A run of the standard alphabet (``A-Z a-z 0-9 + /``) is read whole; a
    URL-safe one holding ``-`` or ``_``, which also join a name's words, whole or without up to 3
    words at each end (``X-<pair>-Token``). A pair glued to a name's letters (``<pair>Password``,
    ``X<pair>_token``) is found inside its run (``_glued_credential``): a standard run holding one
    is shown as ``*`` whole, a URL-safe one without the words the pair does not touch. Identifiers
    decode to no such text (``iOSAppIDForABTest``, ``SpringDatasourcePassword``, ``XMLHttpRequest``)."""
    name = _STANDARD_BASE64_RUN.sub(_star_if_a_standard_pair, name)
    if "-" in name or "_" in name:
        name = _URLSAFE_BASE64_RUN.sub(_star_if_a_urlsafe_pair, name)
    return name


def _star_if_a_standard_pair(run: re.Match[str]) -> str:
    text = run.group()
    return "*" if _base64_credential(text, b"+/") or _glued_credential(text, b"+/") else text


def _star_if_a_urlsafe_pair(run: re.Match[str]) -> str:
    """The run with the longest span of its words that is a credential in URL-safe base64 as ``*``,
    the span being the whole run or it without up to ``_LONGEST_SEPARATED_WORDS`` words at each end."""
    text = run.group()
    if len(text) > _LONGEST_GLUED_RUN:  # what a pair would be with 3 words at each end
        return text
    joiners = [joiner.start() for joiner in _WORD_JOINER.finditer(text)]
    if not joiners:
        return text  # read as the standard alphabet already
    starts = [0] + [at + 1 for at in joiners[:_LONGEST_SEPARATED_WORDS]]
    ends = [len(text)] + joiners[::-1][:_LONGEST_SEPARATED_WORDS]
    spans = [(start, end) for start in starts for end in ends if end - start >= _SHORTEST_BASE64_PAIR]
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if _base64_credential(text[start:end], b"-_"):
            return f"{text[:start]}*{text[end:]}"
    glued = _glued_credential(text, b"-_")
    if glued is None:
        return text
    start = max(text.rfind("-", 0, glued[0]), text.rfind("_", 0, glued[0])) + 1
    ends = [at for at in (text.find("-", glued[1]), text.find("_", glued[1])) if at >= 0]
    end = min(ends, default=len(text))
    return f"{text[:start]}*{text[end:]}"


_WORD_JOINER = re.compile(r"[-_]")


_ENCODED_COLON = re.compile(r"O|[DTjz][o-r]|6")
"""What base64 characters hold wherever their text has a ``:`` (0x3A): as a group's first byte, an
``O``; as its second, a character ending in the bits 0011 and one starting with 1010; as its
third, a ``6``. A run with none of them decodes to no ``:`` at any alignment."""
_PRINTABLE = bytes(range(0x20, 0x7F))
_PAIR_FROM_A_GROUP = re.compile(rb"(?:[\s\S]{3})*?(?=[A-Za-z0-9._@-]{0,64}:)(?=[ -~]{9})")
"""Text decoded from base64 up to the first group of 3 bytes from which a ``user:password`` pair
starts (``_USER_AND_PASSWORD``, a user's name of 64 characters at most) and runs on, printable, for
9 bytes or more: the match ends where the pair starts."""
_SHORTEST_PAIR_TEXT = 9
"""Bytes of the shortest pair hidden (``user:pw12``: 12 base64 characters)."""
_LONGEST_GLUED_RUN = _LONGEST_BASE64_PAIR + 256
"""Characters of the longest run a glued pair is looked for in: the longest pair read and some words
glued to it; a longer run is left to the rule of 16+ letters and digits, and each costs a bounded time."""


def _glued_credential(run: str, altchars: bytes) -> tuple[int, int] | None:
    """Where in ``run`` (base64 characters, maybe ``=`` after them) a credential glued to other
    characters is, as the span of its characters: from a group of 4, at any of the 4 alignments,
    printable ASCII starting as a ``user:password`` pair does for 9 bytes or more
    (``_PAIR_FROM_A_GROUP``), or, in a run padded with ``=``, printable ASCII of 9 bytes or more
    ending the run. A run with no character a ``:`` is encoded in (``_ENCODED_COLON``) is told so
    undecoded; another is decoded once at each alignment, and read further only when its text holds
    a ``:``."""
    body = run.rstrip("=")
    if not _SHORTEST_BASE64_PAIR <= len(body) <= _LONGEST_GLUED_RUN:
        return None
    if len(body) < len(run) and (padded := _padded_text_at_the_end(body, len(run) % 4, altchars)) is not None:
        return padded
    if _ENCODED_COLON.search(body) is None:
        return None
    for alignment in range(4):
        text = _decoded_from(body, alignment, altchars)
        if b":" not in text or (pair := _PAIR_FROM_A_GROUP.match(text)) is None:
            continue
        rest = text[pair.end() :]
        return _characters_of(pair.end(), len(text) - len(rest.lstrip(_PRINTABLE)), alignment, len(body))
    return None


def _padded_text_at_the_end(body: str, alignment: int, altchars: bytes) -> tuple[int, int] | None:
    """The span of the printable text of 9 bytes or more that ends a run padded with ``=``, whose
    groups of 4 end at its end (``alignment``: where they start)."""
    text = _decoded_from(body, alignment, altchars)
    start = -(-len(text.rstrip(_PRINTABLE)) // 3) * 3
    if len(text) - start < _SHORTEST_PAIR_TEXT:
        return None
    return _characters_of(start, len(text), alignment, len(body))


def _decoded_from(body: str, alignment: int, altchars: bytes) -> bytes:
    """``body`` (base64 characters of the alphabet ``altchars`` tells) decoded from character
    ``alignment`` on, a last group of 1 character left out and padding added."""
    chunk = body[alignment:]
    if len(chunk) % 4 == 1:
        chunk = chunk[:-1]
    if altchars == b"-_":
        chunk = chunk.translate(_URLSAFE_TO_STANDARD)
    try:
        return binascii.a2b_base64(chunk + "=" * (-len(chunk) % 4))
    except binascii.Error:
        return b""


_URLSAFE_TO_STANDARD = str.maketrans("-_", "+/")


def _characters_of(start: int, end: int, alignment: int, length: int) -> tuple[int, int]:
    """The characters holding bytes ``start`` to ``end`` of a text decoded from ``alignment``."""
    last = end // 3 * 4 + (0, 2, 3)[end % 3]
    return alignment + start // 3 * 4, min(length, alignment + last)


def _base64_credential(run: str, altchars: bytes) -> bool:
    """Whether ``run`` (base64 characters, maybe ``=`` after them) decodes to printable ASCII and is
    padded as base64 is (1 or 2 ``=`` making its length a multiple of 4), or decodes, padding added,
    to printable ASCII that starts as a ``user:password`` pair (``_USER_AND_PASSWORD``). A group of 4
    starting with a character outside ``_FIRST_OF_A_PRINTABLE_GROUP`` is no such text: most names
    are told so without being decoded."""
    body = run.rstrip("=")
    if not _SHORTEST_BASE64_PAIR <= len(body) <= _LONGEST_BASE64_PAIR or len(body) % 4 == 1:
        return False
    if body[::4].lstrip(_FIRST_OF_A_PRINTABLE_GROUP):
        return False
    try:
        text = base64.b64decode(body + "=" * (-len(body) % 4), altchars=altchars, validate=True)
    except binascii.Error:
        return False
    if not all(0x20 <= byte < 0x7F for byte in text):
        return False
    padded = len(run) > len(body) and len(run) % 4 == 0
    return padded or _USER_AND_PASSWORD.match(text) is not None


_USER_AND_PASSWORD = re.compile(rb"[A-Za-z0-9._@-]*+:")
"""Text that starts as HTTP Basic's credential does: a user's name (letters, digits, ``. _ @ -``;
none in Azure DevOps' ``:<token>``) and a ``:``."""


def _star_if_mixed(run: re.Match[str]) -> str:
    text = run.group()
    return text if text.isalpha() or text.isdigit() else "*"


def is_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    if name in allowed:
        return True
    if not allowed:
        return False
    text = _utf8(name)
    return any(p.fullmatch(text) for p in _compiled(allowed, False))


class Names:
    __slots__ = ("extra", "allowed")

    def __init__(self, params: Params) -> None:
        self.extra = tuple(params["extraNames"])
        self.allowed = tuple(params["allowedNames"])

    @classmethod
    def of(cls, extra: tuple[str, ...], allowed: tuple[str, ...]) -> Names:
        return cls({"extraNames": extra, "allowedNames": allowed})

    def sensitive(self, name: str) -> bool:
        return name_is_sensitive(name, self.extra, self.allowed)

    def is_allowed(self, name: str) -> bool:
        return bool(self.allowed) and is_allowed(name, self.allowed)
