"""Config files held as text (ConfigMap values, JSON env values): finds the sensitive settings with
a literal value and their line, in JSON documents (by key path: ``db.password``,
``servers[0].apiKey``), ``name = value`` / ``name: value`` lines (INI, properties, YAML, .env,
.npmrc, PHP arrays' ``'name' => value``, fluent-bit's ``@SET name=value``), space-separated
directives (redis.conf ``requirepass``, HAProxy's ``stats auth``), web server directives that set a
header or an environment variable (nginx ``proxy_set_header``, ``fastcgi_param``, Apache ``SetEnv``),
fluent-bit's classic ``Key  value`` lines (and ``Header  Name value``), fluentd's ``key value`` lines
in ``<match>``/``<source>``... directives (and its ``headers`` hash), PHP's ``define('NAME', value)``,
assignments in code (``$db['password'] = value``) and XML elements and attributes. Values that read
an environment variable in code (PHP ``env('X')``, ``getenv('X')``, ``$_ENV['X']``, Ruby ``ENV['X']``,
fluentd's ``"#{ENV['X']}"``, Python ``os.getenv('X')``, JavaScript ``process.env.X``, Java's
``System.getenv("X")``), with methods called on what they read, a comment after them or their
arguments on the next lines, are references. Returns where and what, never the value. The line
readers are here; the readers of some formats are modules of their own (``json_config``,
``xml_config``, ``directives``, ``mappings``, ``code_entries``, ``source_code``), as are values
that run onto the next lines (``continued_values``) and the judgements of values
(``setting_values``, ``code_values``)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import NamedTuple

from webhook.checks.secrets.code_entries import (
    NESTED_OPENER,
    Entry,
    blank_apart_entry,
    code_entries_settings,
    go_declaration_settings,
    one_line_pipeline_settings,
)
from webhook.checks.secrets.code_over_lines import OpenParentheses, OpenProperty, OpenRedcapCall, code_before_comment
from webhook.checks.secrets.code_statements import JAVASCRIPT_SUFFIXES, later_statements, without_case_labels
from webhook.checks.secrets.code_values import (
    CALL_ENTRY,
    arrow_literal,
    code_key,
    code_literal,
    code_shaped_entry_literal,
    lookup_with_a_secret_shaped_call_default,
    php_value,
    without_closers,
    without_type_assertions,
)
from webhook.checks.secrets.continued_values import (
    HEREDOC,
    OPEN_LOOKUP,
    RunOn,
    entry_run_on,
    judged_run_on,
    odd_backslashes,
    open_shell_quote,
)
from webhook.checks.secrets.directives import (
    DIRECTIVES,
    DIRECTIVE_LABELS,
    FLUENTD_ENTRY,
    FLUENTD_SENSITIVE_KEYS,
    is_header_directive,
    NAMED_DIRECTIVE,
    dialects,
    fluent_bit_setting,
    spark_conf_setting,
    fluentd_settings,
    haproxy_check_headers,
    haproxy_httpchk_headers,
    named_directive,
    nginx_set_variable,
    response_cookie,
)
from webhook.checks.secrets.headers import HEADER_NAME, KEY_HEADERS, NOT_CREDENTIAL_HEADERS, SENSITIVE_HEADERS, header_credential
from webhook.checks.secrets.erlang_config import erlang_term_settings, is_erlang_terms
from webhook.checks.secrets.json_config import JSON_STARTS, docker_auth_config_settings, json_settings, may_name_docker_auth_config, sensitive_under
from webhook.checks.secrets.mappings import (
    AFTER_FLOW,
    BARE_FLOW_ITEM,
    BARE_MAPPING,
    FLOW_LIST_ITEM,
    PAIR_LINE_KEYS,
    USERS_LIST,
    FlowSequenceOverLines,
    NameValuePairs,
    grafana_header_values,
    a_string_in_braces,
    flow_mappings_settings,
    flow_sequence_items,
    header_value_secret,
    take_ended,
)
from webhook.checks.secrets.names import Names, api_key_pair_part, jwts_hidden, name_words, names_a_bare_access_key, names_a_paired_secret_key
from webhook.checks.secrets.setting_values import (
    NAME_SHAPED,
    command_line_option,
    config_value,
    hidden_part,
    is_api_key_location,
    is_auth_scheme,
    is_judged_by_value,
    judged_by_value,
    names_a_key_in_a_secret,
    names_a_key_of_its_secret,
    names_a_secret_beside,
    names_a_secrets_field,
    names_headers,
    names_no_secret_in_a_value,
    pair_setting,
    setting_holds_a_secret,
    without_note,
    without_trailing_comment,
)
from webhook.checks.secrets.source_code import (
    OpenBranches,
    basic_auth_settings,
    block_comments_blanked,
    embedded_lines,
    keyword_argument_settings,
    names_a_sensitive_argument,
    redcap_token_settings,
    reported_credential,
    setter_settings,
    source_line_value,
    source_literal,
    typed_declaration,
    typed_declaration_setting,
)
from webhook.checks.secrets.shell_reader import unquoted
from webhook.checks.secrets.values import (
    JUDGED_TEXT,
    PASSWORD_VERIFIER,
    BoundedMemo,
    glued_literal_parts,
    judged_texts,
    reads_shell_references,
    scheme_then_expansion,
    setting_literal,
    shell_literal,
    validation_rules,
)
from webhook.checks.secrets.jboss_cli import add_jboss_cli_settings
from webhook.checks.secrets.xml_config import add_xml_attribute_settings, add_xml_element_settings

_CONFIG_LINE = re.compile(
    r"^\s*+(?:export\s++|(?i:@set)\s++|//[^\s:]*+:|-[ \t]++|%[A-Za-z][\w\-]*+(?:,[A-Za-z][\w\-]*+)*+\.(?=[A-Za-z_]))?"
    r"(?::(?=[A-Za-z_]))?+[\"']?(?:[A-Za-z_][\w\-]*+::(?=[A-Za-z_][\w.\-]*+(?:::|[\"']?[ \t]*+:)))*+(?:[A-Za-z_][\w\-]*+:(?=[A-Za-z_][\w.\-]*+[\"']?:(?:[ \t]|$)))?+([A-Za-z_][A-Za-z0-9_.\-]*+(?:\[\d{1,4}+\][A-Za-z0-9_.\-]*+)*+)[\"']?\s*+[:=](.*)$"
)
"""``name = value``, ``name: value``, ``export NAME=value``, fluent-bit's ``@SET name=value``, .npmrc's
``//host/path/:name=value``, a Quarkus property under its profiles (``%prod.name=value``,
``%dev,test.name=value``: named without them), a key in namespaces apart by ``::`` (Puppet's Hiera,
``profile::db::password: value``: named by its last part; Pulumi's stack config, ``app:dbPassword: value``,
a namespace and one colon, then the key and a YAML colon), a YAML list item's first key (``- password: value``), a key with list indexes in it (Spring Boot's
and Apereo CAS's ``cas.authn.ldap[0].bind-credential=value``, named with them), and PHP's
``'name' => value`` and Ruby's ``:name => value`` (the value then starts with ``>``)."""
_BLOCK_OPENER = re.compile(r"^([ \t]*+)(?:variable[ \t]++(?=\"[A-Za-z_][\w\-]*+\"[ \t]*+\{))?+[\"']?([A-Za-z_][\w.\-]*+)[\"']?[ \t]*+(?::[ \t]*+(?:#.*)?|\{[ \t]*+)$")
"""A key that opens a block of settings, in YAML (``jwt:``) or HCL (``tokens {``): the parent that
names what a neutral key under it holds."""
_LIST_ITEM_KEY = re.compile(r"^([ \t]*+-[ \t]++)[\"']?([A-Za-z_][\w.\-]*+)[\"']?[ \t]*+:[ \t]*+(?:#.*)?$")
"""A YAML list item's first key with no value on its line (``- credentials:``): it opens a block,
as ``_BLOCK_OPENER``'s keys do, when a mapping follows it indented deeper (``_KEY_LINE``)."""
_KEY_LINE = re.compile(r"([ \t]*+(?:-[ \t]++)?+)[\"']?([A-Za-z_][\w.\-]*+)[\"']?[ \t]*+:(?:[ \t]++(.*))?+")
"""A YAML mapping's entry (``secretKey: password``, ``- existingSecret: db-creds``, ``- usernamePassword:``):
the columns before its key, its key and its value. A line it matches whole is one, which no plain
scalar's text is."""
_SECTION = re.compile(r"^[ \t]*+\[\[?+[ \t]*+(?:[A-Za-z_][\w\-]*+\.)*+([A-Za-z_][\w\-]*+)[ \t]*+\]\]?+[ \t\r]*+(?:[#;].*)?$")
"""An INI or TOML section header (``[jwt]``, ``[auth.tokens]``, ``[[users]]``): its last part is
the parent of the settings below it."""
CONFIG_SENSITIVE_KEYS = frozenset({"_auth"})
"""Config keys that hold a credential although their name does not say so (.npmrc's ``_auth``,
base64 of user:password)."""
_ENCRYPTED_BLOCKS = frozenset(("encrypteddata", "encrypted_data", "encrypted-data"))
_SEALED_CIPHERTEXT = re.compile(r"[\"']?+[A-Za-z0-9+/]{128,}+={0,2}+[\"']?+")
"""A Sealed Secrets ciphertext (``encryptedData`` of a SealedSecret): a long base64 blob, never
shorter than 128 characters (the sealed session key alone is 512 bytes)."""


def _noop_password(value: str) -> bool:
    """Whether a setting's value is a password in plain text by Spring Security's ``{noop}`` prefix
    (its ``DelegatingPasswordEncoder`` compares what follows as written), whatever the setting's name:
    an in-memory user list (``admin={noop}...,ROLE_ADMIN``, the password up to the first comma).
    ``{bcrypt}$2a$...`` and the other ids prefix a hash."""
    value = value.strip("\"'")
    if not value.startswith("{noop}"):
        return False
    password = value[len("{noop}") :].partition(",")[0].strip()
    return bool(password) and setting_literal(password) is not None
_PHP_DEFINE = re.compile(r"^\s*+define[ \t]*+\([ \t]*+(?:\"(?P<dq>[A-Za-z_][\w.\-]*+)\"|'(?P<sq>[A-Za-z_][\w.\-]*+)')[ \t]*+,(?P<value>.*)$")
"""PHP's ``define('DB_PASSWORD', value);`` (wp-config.php); the name is any string to PHP
(``define('db.password', ...)``, read back with ``constant()``)."""


def _assignment_pattern(keywords: str) -> re.Pattern[str]:
    """An assignment in code after declaration ``keywords`` (``_CODE_ASSIGNMENT``)."""
    return re.compile(
        rf"^[ \t]*+(?P<declaration>(?:(?:{keywords})[ \t]++)++)?+"
        r"(?P<sigil>\$)?+(?P<variable>[A-Za-z_]\w*+)"
        r"(?(declaration)(?:[ \t]*+:(?![:=])[\w$.<>\[\]?|, \t]++)?+)"
        r"(?P<keys>(?:[ \t]*+\[[ \t]*+(?:'[^'\r\n]*+'|\"[^\"\r\n]*+\"|\d++|:[A-Za-z_]\w*+)[ \t]*+\]|(?:->|\.)[A-Za-z_]\w*+)*+)"
        r"[ \t]*+=(?![=>])(?P<value>.*)$"
    )


_DECLARATION_KEYWORDS = "export|public|private|protected|var|let|const|static|readonly|final"
_CODE_ASSIGNMENT = _assignment_pattern(_DECLARATION_KEYWORDS)
"""An assignment in code: PHP's ``$password = value;``, ``$db['default']['password'] = value;``
(CodeIgniter), ``$CFG->dbpass = value;`` (Moodle), ``public $password = value;`` (Joomla),
JavaScript's ``const API_KEY = value;``, Python's ``app.config['SECRET_KEY'] = value`` (Flask) and
Ruby's with a symbol key, ``knife[:secret] = value`` (Chef's knife.rb).
After a declaration's keywords, a type annotation (TypeScript's ``const password: string = value``,
``private readonly token: string | undefined =``; in source code, Kotlin's and Scala's ``val
password: String = value``). The setting's name is the last key or
property, else the variable's. Lines without ``$`` or a declaration are ``name = value`` lines, read before."""
_SOURCE_ASSIGNMENT = _assignment_pattern(_DECLARATION_KEYWORDS + "|internal|override|val")
"""``_CODE_ASSIGNMENT`` in a key named as source code, where Kotlin's ``val``, ``internal`` and
``override`` open a declaration too; in a config file they are words of an INI key with spaces
(``override password = ...``, ``_spaced_setting``)."""


def _assignment(source: bool) -> re.Pattern[str]:
    return _SOURCE_ASSIGNMENT if source else _CODE_ASSIGNMENT


_PHP_KEY = re.compile(r"'([^']*+)'|\"([^\"]*+)\"|(?:->|\.|:)(\w++)")


_MORE_ASSIGNMENTS = re.compile(r"""^((?:[^\s"'\\]|\\.|"(?:[^"\\]|\\.)*+"|'[^']*+')*+)[ \t]++[A-Za-z_]\w*+=""")
"""A shell word, then another ``NAME=`` on the same line (``A_PASSWORD="" B=""``)."""


def _first_of_assignments(line: str, raw: str) -> str:
    """The value of the first of several shell assignments on one line (``export A_PASSWORD=""
    B=""``, ``A_TOKEN=x B=y cmd``): its first word, empty when a blank follows the ``=``
    (``export A_PASSWORD= B=``); the value as written otherwise (``password = a b``)."""
    if raw[:1] in (" ", "\t") and not line.lstrip().startswith("export"):
        return raw  # name = value: the value is what follows the blanks
    more = _MORE_ASSIGNMENTS.match(raw)
    return raw if more is None else more.group(1)


_SHELL_ASSIGNMENT = re.compile(r"[ \t]*+(?:export[ \t]++)?+[A-Za-z_]\w*+=(?![=>~ \t])")
"""The start of a line of the shell's shape: ``NAME=value`` with no blank around the ``=`` and a
shell variable's name, or ``export NAME=value``."""
_SHELL_WORD_THEN_MORE = re.compile(
    r"""((?:[^\s"'\\`$]|\\.|"(?:[^"\\]|\\.)*+"|'[^']*+'|`[^`]*+`|\$\{[^}]*+\}|\$\([^()]*+\)|\$(?![({]))++)[ \t]++\S"""
)
"""A shell word (quotes, ``${...}``, ``$(...)`` and backquotes held whole), then a blank and more:
the command it is assigned before (``PGPASSWORD=${DB_PASSWORD} psql``), a comment or ``&&``."""


def _assigned_word(line: str, raw: str) -> str:
    """The value a line of the shell's shape (``_SHELL_ASSIGNMENT``) assigns: its first word, up to
    the first blank outside quotes and expansions (``PGPASSWORD=${DB_PASSWORD} psql -h db`` sets
    ``${DB_PASSWORD}``, ``A_PASSWORD="x y" ./app`` sets ``"x y"``); ``raw`` as written on any other
    line (``password: ${PW} x``, ``db.password=${PW} x``: the rest of the line is the value)."""
    if _SHELL_ASSIGNMENT.match(line) is None:
        return raw
    word = _SHELL_WORD_THEN_MORE.match(raw)
    return raw if word is None else word.group(1)


def _assigned_word_unless_an_option(line: str, raw: str) -> str:
    """``_assigned_word``, unless that word is a command-line option, an HTTP authentication scheme,
    a secret's field name or where an API key is sent and more text follows it: then ``raw``, the
    value as written (``password=-p Zq7fake``, ``token=Bearer Zq7fake``, ``token=access_token
    Zq7fake``, ``API_KEY_IN=header Zq7fake`` in a .env or .properties key)."""
    word = _assigned_word(line, raw)
    described = command_line_option(word) or is_auth_scheme(word) or names_a_secrets_field(word) or is_api_key_location(word)
    return raw if word != raw and described else word


def literal_secret(name: str, value: str) -> bool:
    """Whether ``value``, given on a command line to the sensitive option or variable ``name``
    (``--token=...``, ``--token VALUE``, ``-Dname=...``, ``TOKEN=...``, ``printf -v NAME``, a request
    body's ``token=...``), is a secret in plain text: a literal (``shell_literal``), no count of
    secrets (``a_count``: ``--tokens=1000``, ``export TOKENS=1000``, as ``tokens: 1000`` in a config
    file) and no credential's ID or place (``names_a_stored_credential``: ``--credentials-id=github-token``,
    ``--token-key api-token``, as ``credentialsId: github-token`` in a config file) nor an anti-forgery
    token's handshake (``anti_forgery_handshake``: ``--csrf-token=fetch``, ``X_CSRF_TOKEN=fetch``) nor
    Postfix's lookup tables (``postfix_lookup_tables``: ``postconf -e smtp_sasl_password_maps=hash:/etc/postfix/x``)
    nor the names of image pull secrets (``names_pull_secrets``: ``--kubernetes-image-pull-secrets=regcred``)
    nor hex of a digest's length under a digest's name (``hex_digest_under_a_digest_name``:
    ``ADMIN_PASSWORD_SHA256=<64 hex>``, ``export PASSWORD_HASH=<40 hex>``, as in an env value).
    Judged once per short value while ``values.texts_judged_once``."""
    memo = judged_texts()
    if memo is None or len(name) + len(value) > JUDGED_TEXT:
        return _literal_secret(name, value)
    return memo.answer(_literal_secret, name, value)


def _literal_secret(name: str, value: str) -> bool:
    """``literal_secret``, judged."""
    return shell_literal(value) is not None and not names_no_secret_in_a_value(name, value)


def assigned_literal_secret(name: str, value: str) -> bool:
    """``literal_secret`` for the value a shell assignment gives the sensitive ``name`` (``NAME=value``
    in a script or a command's words, its quotes removed), or for a literal part of it glued to
    references (``glued_literal_parts``), judged as that value: ``DB_PASSWORD=${DB_PASSWORD}hunter2``,
    ``DB_PASSWORD="$PREFIX"hunter2``, ``TOKEN=${T:-}abc123`` set ``hunter2`` and ``abc123`` in plain
    text, as a config file's ``${DB_PASSWORD}hunter2`` does (``setting_literal``); an HTTP
    authentication scheme's name before a reference (``"Bearer $TOKEN"``, ``"Authorization: Basic
    $CREDS"``: ``scheme_then_expansion``) is none, and so is a part of one character
    (``_SHORTEST_GLUED_LITERAL``: ``${DB_PASSWORD}y``, ``${db-password}7``)."""
    if literal_secret(name, value):
        return True
    if scheme_then_expansion(value.strip("\"'")):
        return False
    return any(len(part) >= _SHORTEST_GLUED_LITERAL and not is_auth_scheme(part) and literal_secret(name, part) for part in glued_literal_parts(value))


_SHORTEST_GLUED_LITERAL = 2
"""Characters of the shortest literal part a shell word glues to references that is judged a
secret (``assigned_literal_secret``): one letter or digit after a reference (``${DB_PASSWORD}y``) is
a suffix, too short to be one (as a string of two characters in code is: ``code_values._SHORT_STRING``);
the word written whole (``y${PW}``, a config file's ``password=${PW}y``) is judged as before."""


def _sealed(parent: str | None, value: str) -> bool:
    """Whether a setting is a sealed ciphertext: a long base64 value under ``encryptedData:`` (a
    SealedSecret kept in a ConfigMap is safe to publish; a short value there is still reported)."""
    return (
        parent is not None
        and parent.lower() in _ENCRYPTED_BLOCKS
        and _SEALED_CIPHERTEXT.fullmatch(value.strip()) is not None
    )


_SPACED_KEY_LINE = re.compile(r"^[ \t]*+([A-Za-z][\w.\-]*+(?:[ \t]++[A-Za-z][\w.\-]*+){1,5}+)[ \t]*+=(.*)$")
"""An INI line whose key holds spaces, as smb.conf writes them: ``ldap admin password = ...``."""
_SHELL_COMMAND_WORDS = frozenset(
    {"echo", "printf", "print", "cat", "tee", "export", "readonly", "local", "declare", "typeset", "set", "env", "sudo", "exec", "nohup", "eval", "command"}
)
"""Commands a shell line starts with before a ``NAME=value`` word (``echo DB_PASSWORD=... > FILE``,
``env NAME=value cmd``): the setting is NAME, the command no word of its name."""


def _spaced_setting(names: Names, line: str, source: bool = False) -> str | None:
    """The key of an INI line whose key holds spaces (``ldap admin password = ...``) that sets a
    secret in plain text, or None. Its last word must be sensitive itself: the other words say whose
    secret it is, while a word after it says what the setting is about (smb.conf's ``passwd
    program``, ``password server``, ``min password length``). A word with the shape of a secret
    rather than a name (``NAME_SHAPED``: a digit inside it) may be a value written where a name was
    expected: it is shown as ``*``. A shell command and its ``NAME=value`` word (``echo
    DB_PASSWORD=... | ...``) set NAME (``_shell_word_setting``). In ``source`` code, the line is a
    declaration (``String password = ...``, ``private static final String DB_PASSWORD = ...``) or a
    comparison (``if token == ...``, no setting), its value judged as code's, its setting named by
    the variable alone (``password``), without the type and the modifiers before it."""
    match = _SPACED_KEY_LINE.match(line)
    if match is None or _assignment(source).match(line) is not None:  # let apiToken = fetchToken(): code, judged as code
        return None
    words = match.group(1).split()
    if words[0] in _SHELL_COMMAND_WORDS and match.end(1) + 1 == match.start(2):  # NAME= with no blank before the =
        return _shell_word_setting(names, words[-1], match.group(2))
    key = " ".join(words)
    last = key.rpartition(" ")[2]
    if not names.sensitive(last) or not names.sensitive(key) or names.is_allowed(key):
        return None
    if source:
        return _shown_name(last) if source_literal(match.group(2), key) else None
    if not setting_holds_a_secret(config_value(match.group(2)), key):
        return None
    return " ".join(_shown_name(word) for word in key.split(" "))


def _shown_name(word: str) -> str:
    """A word of a setting's name as a finding shows it: ``*`` for one with the shape of a secret
    rather than a name (``NAME_SHAPED``: a digit inside it), a value written where a name was expected."""
    return word if NAME_SHAPED.fullmatch(word) is not None else "*"


def _shell_word_setting(names: Names, name: str, raw: str) -> str | None:
    """``name`` when the value a ``NAME=`` word of a command writes (``raw``: what follows the
    ``=``) is a secret in plain text, or None. The value is the shell word after the ``=``, up to
    the first blank outside quotes and expansions: ``echo DB_PASSWORD=${PW} > /etc/app.env`` writes
    a reference, the rest of the command is none of it; after a blank (``echo DB_PASSWORD= ...``)
    it is the rest of the line, as an INI line's. An environment setting's pairs are judged so too
    (``_environment_settings``)."""
    if (docker := docker_auth_config_settings(names, name, raw)) is not None:
        return docker[0] if docker else None  # environment = ["DOCKER_AUTH_CONFIG={...}"]: its JSON judged
    if not names.sensitive(name) or names.is_allowed(name):
        return None
    word = None if raw[:1] in (" ", "\t") else _SHELL_WORD_THEN_MORE.match(raw)
    value = config_value(raw if word is None else word.group(1))
    if not _shell_word_secret(name, value):
        return None  # echo DB_PASSWORD=${DB_PASSWORD}.key > FILE: the shell's reading of the word
    return name if setting_holds_a_secret(value, name) else None


def _read_as_the_shell_word(line: str, name: str, value: str) -> bool:
    """In a shell script or a dotenv file (``_Written.shell``), whether a line of the shell's shape
    (``_SHELL_ASSIGNMENT``: ``export NAME=value``) may set a secret by its value as the shell reads
    that word (``_shell_word_secret``); any other line is judged as a config file's."""
    return _SHELL_ASSIGNMENT.match(line) is None or _shell_word_secret(name, value)


def _shell_word_secret(name: str, value: str) -> bool:
    """Whether a shell word assigned to the sensitive ``name`` that starts with a reference the shell
    reads and glues text to its references (``reads_shell_references``: ``${DB_PASSWORD}x``,
    ``${db-password}/x``) sets a secret as an ``sh -c`` script's assignment does
    (``assigned_literal_secret``: a path or a file's name after a reference, a masked ``x``, is
    none), not as a config file's setting reads the text whole (``setting_literal``); True for any
    other word, judged as a setting is."""
    text = unquoted(value)
    return text[:2] != "${" or not reads_shell_references(text) or assigned_literal_secret(name, text)


def _php_define(names: Names, line: str) -> str | None:
    """The constant of a PHP ``define('NAME', value);`` line that sets a secret in plain text, or None."""
    match = _PHP_DEFINE.match(line)
    if match is None:
        return None
    name = match.group("dq") or match.group("sq")
    if not names.sensitive(name):
        return None
    value = php_value(match.group("value"))
    if value[:1] not in ("'", '"'):
        value = value.removesuffix(")").rstrip()
    return name if code_literal(value, name) else None


def _opened_branches(names: Names, number: int, line: str, source: str) -> OpenBranches | None:
    """The arms or branches a line of ``source`` code leaves open in the value of a sensitive name
    it assigns (``val token = when (env) {``, ``OpenBranches``), else None."""
    if not ("when" in line or "if" in line or "match" in line or "switch" in line):
        return None
    if (match := _SOURCE_ASSIGNMENT.match(line)) is not None:
        keys = _PHP_KEY.findall(match.group("keys"))
        name, value = next((key for parts in reversed(keys) for key in parts if key), match.group("variable")), match.group("value")
    elif "switch" in line and (declared := typed_declaration(line)) is not None:
        name, value = declared  # Java's String password = switch (env) {, C#'s string password = env switch {
    else:
        return None
    if not (names.sensitive(name) and not names.is_allowed(name)):
        return None
    return OpenBranches.opened(number, name, value, source)


def _opened_parentheses(names: Names, number: int, line: str, source: str) -> OpenParentheses | None:
    """The ``(`` a line of ``source`` code leaves open as the whole value of a sensitive name it
    assigns (``password = (``, ``val token = (``, ``String password = (``, Go's ``password := (``,
    ``OpenParentheses``), else None."""
    if (match := _SOURCE_ASSIGNMENT.match(line)) is not None:
        keys = _PHP_KEY.findall(match.group("keys"))
        name, value = next((key for parts in reversed(keys) for key in parts if key), match.group("variable")), match.group("value")
    elif (match := _CONFIG_LINE.match(line)) is not None and (assigned := source_line_value(line, match, source)) is not None:
        name, value = match.group(1), assigned  # password: str = (, password := (
    elif (declared := typed_declaration(line)) is not None:
        name, value = declared  # String password = (
    else:
        return None
    if not (names.sensitive(name) and not names.is_allowed(name)):
        return None
    return OpenParentheses.opened(number, name, value, source)


_PHP_ASSIGNMENT_HEAD = re.compile(r"[ \t]*+\$\w++(?:->\w++|\[[^\]\n]*+\])*+[ \t]*+(?:((?:\?\?)?+=)[ \t]*+(?P<comment>(?://|\#).*+)?+)?+")
"""A PHP variable alone on its line (``$db_pass``, ``$cfg['db']['password']``), maybe with the ``=``
of an assignment after it whose value starts the next line (``$password =``, a default's ``$password ??=``,
read so by ``_logical_assignment``), maybe with a comment
after that ``=`` (``$password = // rotated``, ``$password = # note``; a ``/* ... */`` one was blanked)."""
_PHP_VALUE_BELOW = re.compile(r"[ \t]*+['\"]")
"""The start of a line below ``$password =`` that holds its value: a quoted string."""
_PHP_EQUALS_BELOW = re.compile(r"[ \t]*+=(?![=>])[ \t]*+['\"]")
"""The start of a line below a PHP variable alone that assigns it a quoted string (``= '...';``)."""


def php_assignment_over_two_lines(line: str, below: str) -> str | None:
    """A PHP assignment split over two lines, as written on one (``$password =`` / ``'...';``,
    ``$db_pass`` / ``= '...';``): the two lines joined by a blank, or None when ``line`` and
    ``below`` are no such pair (a value that is no quoted string, ``$x =`` / ``$y = ...``)."""
    head = _PHP_ASSIGNMENT_HEAD.fullmatch(line)
    if head is None:
        return None
    below_starts = _PHP_VALUE_BELOW if head.group(1) is not None else _PHP_EQUALS_BELOW
    if below_starts.match(below) is None:
        return None
    comment = head.start("comment") if head.group("comment") is not None else len(line)
    return line[:comment].rstrip(" \t") + " " + below.lstrip(" \t")  # $password = // note: its comment left out


ASSIGNMENT_OVER_TWO_LINES_SOURCES = frozenset(
    (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".java", ".kt", ".kts", ".groovy", ".scala", ".cs", ".go")
)
"""Source code whose assignment or declaration may end a line with its ``=`` (Go's ``:=``), its value
starting the next (``assignment_over_two_lines``); PHP's own reader is ``php_assignment_over_two_lines``,
Python's ``\\`` and ``(`` are read as continued lines (``_opened_parentheses``)."""
_QUOTED_VALUE_BELOW = re.compile(r"[ \t]*+@?+['\"`]")
"""The start of a line below ``const password =`` that holds its value: a quoted string (C#'s verbatim
``@"...``, a JavaScript template or Go raw string's backquote too)."""
_OPERATOR_BEFORE_EQUALS = frozenset("=!<>+-*/%&|^?~")
"""What before a line's last ``=`` makes it no assignment's: a comparison (``==``, ``!=``, ``<=``) or
a compound assignment (``+=``, ``??=``), which adds to a value rather than giving one."""
_TYPE_KEYWORD = r"[ \t]*+(?:export[ \t]++)?+(?:declare[ \t]++)?+type[ \t]"
_TYPE_ALIAS_HEAD = re.compile(_TYPE_KEYWORD)
"""TypeScript's ``type Name =``: a type, whose string literals are its values' names, no secret."""
_TYPE_ALIAS = re.compile(_TYPE_KEYWORD + r"[ \t]*+[A-Za-z_$][\w$]*+[ \t]*+(?:<[^<>\r\n]*+>[ \t]*+)?+=(?![=>])")
"""A line of TypeScript declaring a type alias (``export type AuthMode = 'password' | 'token';``,
``type Password = 'plain' | 'hashed'``): its string literals are types, no value is assigned."""
_TYPESCRIPT_SUFFIXES = frozenset((".ts", ".mts", ".cts", ".tsx"))


def assignment_over_two_lines(line: str, below: str, source: str) -> str | None:
    """An assignment or declaration of source code split over two lines after its ``=``, as written on
    one (``const password =`` / ``'...';``, ``String password =`` / ``"...";``, Go's ``password :=``
    / ``"..."``, also with a ``//`` comment after the ``=``; JavaScript's ``config.password ??=`` / ``'...';``
    too): the line up to its ``=`` and the line
    below joined by a blank, or None when they are no such pair (a value below that is no quoted
    string, ``getenv("X")``; a blank line between; ``==`` or ``+=``; a string before the ``=``;
    TypeScript's ``type A =``). PHP's are ``php_assignment_over_two_lines``'s."""
    if source == ".php":
        return php_assignment_over_two_lines(line, below)
    if _QUOTED_VALUE_BELOW.match(below) is None:
        return None
    cut = line.find("//")
    head = (line if cut < 0 else line[:cut]).rstrip(" \t\r")
    logical = head[-3:] in LOGICAL_ASSIGNMENTS.get(source, ())  # config.password ??= / '...'; (_logical_assignment)
    if head[-1:] != "=" or (head[-2:-1] in _OPERATOR_BEFORE_EQUALS and not logical) or not head.strip(" \t:=|?"):
        return None
    if "'" in head or '"' in head or "`" in head or _TYPE_ALIAS_HEAD.match(head) is not None:
        return None
    return head + " " + below.lstrip(" \t")


def _may_open_parentheses(line: str) -> bool:
    """Whether a line of source code may leave a ``(`` open as its value (``_opened_parentheses``):
    it ends with one, or holds one and a comment may follow it, or it opens more than it closes
    (``parse_boolean(os.environ.get(``, ``os.environ.get("X", "..."``)."""
    end = line.rstrip()[-1:]
    return end == "(" or ("(" in line and ("#" in line or "//" in line or line.count("(") > line.count(")")))


def _may_open_a_property(line: str) -> bool:
    """Whether a line of C# may name a property whose accessors run onto the lines below
    (``OpenProperty``, which reads its shape): it holds no ``=``, ``;`` or ``(``, and a blank
    between its words (``public string Password``)."""
    return "=" not in line and ";" not in line and "(" not in line and " " in line.strip()


def _may_open_arms(line: str) -> bool:
    """Whether a line of source code may open arms or branches over lines (``_opened_branches``): it
    holds a ``{``, or the head of arms whose ``{`` may start the next line (``env switch``)."""
    return "{" in line or "switch" in line or "when" in line or "match" in line


def _code_assignment(names: Names, line: str, source: bool = False) -> str | None:
    """The name of an assignment in code (``$db['default']['password'] = '...';``) that sets a
    secret in plain text, or None. Only a quoted string, or the literal fallback of an environment
    lookup, is a literal here: anything else is code computing the value (``get_password()``); in
    ``source`` code, the value is judged as that of ``password = ...`` (``source_literal``: a
    conditional or boolean expression by its operands, ``ok ? '...' : x``; a call's argument shaped
    as a secret)."""
    match = _assignment(source).match(line)
    if match is None:
        return None
    keys = _PHP_KEY.findall(match.group("keys"))
    name = next((key for parts in reversed(keys) for key in parts if key), match.group("variable"))
    if not (name and names.sensitive(name)):
        return None
    if source:
        return name if source_literal(match.group("value"), name) else None  # as password = value is judged
    return name if code_literal(php_value(match.group("value")), name) else None


LOGICAL_ASSIGNMENTS: dict[str, tuple[str, ...]] = {
    **{suffix: ("||=", "??=") for suffix in JAVASCRIPT_SUFFIXES},
    ".rb": ("||=",),
    ".php": ("??=",),
    ".cs": ("??=",),
}
"""The logical assignments of each language that has them, by the ``source_code_suffix`` of its key:
JavaScript's and TypeScript's ``||=`` and ``??=``, Ruby's ``||=``, PHP's and C#'s ``??=``."""
_RUBY_INSTANCE_VARIABLE = re.compile(r"[ \t]*+@@?+(?=[A-Za-z_])")
"""The ``@`` (or a class variable's ``@@``) before a Ruby instance variable's name, ``@password``."""


def _logical_assignment(names: Names, line: str, source: str) -> str | None:
    """The name a logical assignment of the ``source`` code's language (``LOGICAL_ASSIGNMENTS``:
    ``config.password ||= '...'``, ``this.token ??= '...'``, Ruby's ``@password ||= '...'``, PHP's
    ``$password ??= '...';``, C#'s ``password ??= "...";``: a default given when none is set) sets a
    secret with in plain text, judged as ``config.password = ...`` is (``_code_assignment``), or None."""
    cut = min((at for at in map(line.find, LOGICAL_ASSIGNMENTS[source]) if at >= 0), default=-1)
    if cut < 0 or "=" in line[:cut] or "(" in line[:cut]:  # an assignment's or a call's text: password = f("a ??= b")
        return None
    target = line[:cut]
    if source == ".rb" and (sigil := _RUBY_INSTANCE_VARIABLE.match(target)) is not None:
        target = target[sigil.end() :]  # @password ||= '...': judged as password = '...'
    return _code_assignment(names, target + "=" + line[cut + 3 :], True)


def _ruby_variable_assignment(names: Names, line: str) -> str | None:
    """The name a Ruby instance or class variable's assignment (``@password = '...'``, ``@@api_token =
    "..."``) sets a secret with in plain text, judged as ``password = '...'`` is in source code, or None."""
    sigil = _RUBY_INSTANCE_VARIABLE.match(line)
    if sigil is None:
        return None
    return _code_assignment(names, line[sigil.end() :], True)  # @password = '...': judged as password = '...'


class _Blocks:
    """The keys that open the blocks (YAML mappings, HCL blocks) around a line, by indentation, and
    the INI or TOML section it is in, so that a neutral key is judged together with its parent's
    name: ``jwt:`` / ``  key: ...`` as ``jwt.key``, Consul's ``tokens {`` / ``  master = "..."`` as
    ``tokens.master``, ``[passwords]`` / ``alice = ...`` as ``passwords.alice``."""

    __slots__ = ("open", "judged", "asked", "held")

    def __init__(self) -> None:
        self.open: list[tuple[int, str]] = []  # (indentation, key), outermost first
        self.judged: tuple[str | None, str | None, bool] = (None, None, False)  # the last sensitive_under: parent, key, answer
        self.asked: tuple[str, str | None] | None = None  # the last parent_of: line, answer; None once a block opens or closes
        self.held: BoundedMemo | None = None  # holds_a_secret's answers so far (``_HELD_REMEMBERED`` at most)

    def opened(self, line: str, lines: list[str], at: int) -> bool:
        """Takes note of a line that opens a block or a section; True when it does. ``lines[at:]``:
        the lines after it."""
        if line.lstrip()[:1] == "[" and (section := _SECTION.match(line)) is not None:
            self.open = [(-1, section.group(1))]  # every line, at any indentation, is in it until the next
            self.asked = None
            return True
        match = _BLOCK_OPENER.match(line)
        if match is None:
            match = _LIST_ITEM_KEY.match(line) if line.lstrip(" \t")[:1] == "-" else None
            if match is None or not _mapping_below(len(match.group(1)), lines, at):
                return False
        indent = len(match.group(1))  # a list item's key: its column
        self._close_from(indent)
        self.open.append((indent, match.group(2)))
        self.asked = None
        return True

    def parent_of(self, line: str) -> str | None:
        """The key of the innermost block a setting's line is in, if any (a YAML list item is not
        read as being in one, nor closes the block of a key at its own column, whose list it is:
        ``decrypt_pillar:`` / ``- 'secrets': gpg``, as ``list_parent`` reads it). A line's readers ask it up to three times: the blocks it closes are
        closed by the first, the answer kept for the others while no block opens or closes."""
        if not self.open:
            return None  # no block open: none a line could close
        asked = self.asked
        if asked is not None and asked[0] is line:
            return asked[1]
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if stripped[:1] == "-":
            self.list_parent(line)  # an item at its key's own column (decrypt_pillar: / - ...) is in that key's list
            self.asked = (line, None)
            return None
        self._close_from(indent)
        parent = self.open[-1][1] if self.open else None
        self.asked = (line, parent)
        return parent

    def in_section(self) -> bool:
        """Whether the innermost block open is an INI or TOML section (``[admins]``), no YAML or HCL block."""
        return bool(self.open) and self.open[-1][0] == -1

    def list_parent(self, line: str) -> str | None:
        """The key of the innermost block a YAML list item's line is an item of (``headers:`` /
        ``  - "..."``, or ``- "..."`` at the key's own column), if any."""
        indent = len(line) - len(line.lstrip(" \t"))
        while self.open and self.open[-1][0] > indent:
            self.open.pop()
            self.asked = None
        return self.open[-1][1] if self.open else None

    def sensitive_under(self, names: Names, parent: str, key: str) -> bool:
        """``sensitive_under`` of a key and its parent, the last answer remembered: a line's first
        setting (``_first_setting``) and then its value's run-on (``_named_under``) ask it alike."""
        last_parent, last_key, answer = self.judged
        if parent is last_parent and key is last_key:
            return answer
        answer = sensitive_under(names.sensitive, parent, key)
        self.judged = (parent, key, answer)
        return answer

    def holds_a_secret(self, value: str, name: str) -> bool:
        """``setting_holds_a_secret(value, name)``, each (value, name) judged once a text (``_HELD_REMEMBERED``
        at most): a file of many lines alike (``printf '[client]\\npassword=a\\npassword=a...' > ~/.my.cnf``)."""
        if self.held is None:
            self.held = BoundedMemo(_HELD_REMEMBERED)
        return self.held.answer(setting_holds_a_secret, value, name)

    def _close_from(self, indent: int) -> None:
        while self.open and self.open[-1][0] >= indent:
            self.open.pop()


_HELD_REMEMBERED = 256
"""The (value, name) judgements a text's blocks remember, at most (``_Blocks.holds_a_secret``)."""


def _mapping_below(column: int, lines: list[str], at: int) -> bool:
    """Whether the first line with text from ``lines[at]`` on (blank lines and comments passed over)
    is a YAML mapping's entry (``_KEY_LINE``) indented deeper than ``column``: the value of a
    list item's key there (``- credentials:`` / ``    id: x``) is that mapping, no text of its own."""
    for index in range(at, len(lines)):  # past blank lines and comments only: linear over the text
        line = lines[index]
        stripped = line.lstrip(" \t")
        if stripped.strip() and stripped[:1] != "#":
            return len(line) - len(stripped) > column and _KEY_LINE.fullmatch(line) is not None
    return False


def may_hold_settings(text: str) -> bool:
    """Whether a text may hold a setting ``config_settings`` reads: a quick test that spares the
    parser plain words. One line of several, or a single line with ``=``, ``:``, a tag, ``define``,
    a space-separated directive, a web server directive (``SetEnv DB_PASSWORD ...``) or Erlang terms."""
    return (
        "=" in text
        or ":" in text
        or "<" in text
        or not text.isprintable()  # a line break: more than one line
        or "define" in text
        or DIRECTIVES.match(text) is not None
        or NAMED_DIRECTIVE.match(text) is not None
        or ("{" in text and is_erlang_terms(text))  # [{rabbit, [{default_pass, "..."}]}].
    )


def config_settings(names: Names, text: str, shell: bool = False, comments: bool = True, source: str = "", first: bool = False, dropped: Collection[int] = ()
) -> list[tuple[int, str]]:
    """(line, name) of each sensitive setting with a literal value in a config file's text, by line:
    ``name = value`` / ``name: value`` / ``'name' => value`` lines, JSON (on one line or many), XML
    elements and attributes, space-separated directives (``requirepass ...``), PHP's
    ``define('NAME', value)`` and, in a fluent-bit classic config, indented ``Key  value`` lines, in
    a fluentd config, ``key value`` lines; in a file of Erlang terms (RabbitMQ's ``advanced.config``:
    ``is_erlang_terms``), its ``{name, <<"value">>}`` tuples alone. Line is 0 when unknown. ``shell``: the text is a shell or
    dotenv file by its name (``configmap.SHELL_LIKE_KEYS``), where a neutral quoted value runs on (``open_shell_quote``).
    ``comments``: a comment may follow a value on its line (``without_trailing_comment``); not in a
    .properties file by its name (``NO_TRAILING_COMMENTS``), where `` # ...`` is part of the value
    and a sensitive key may be separated from its value by blanks alone (``db.password hunter2``).
    ``source``: the suffix of a key named as source code (``source_code_suffix``: ``.py``, ``.js``...),
    whose lines are read as code (``source_line_value``), "" for any other; its block comments
    (``/* ... */``) are documentation, read as blanks (``block_comments_blanked``). ``first``: only
    whether there is one is asked: the lines are read up to the first setting that no later step
    drops (``_line_settings``), the list then holding it (and any found with it) alone. ``dropped``:
    lines whose settings the caller drops (a script's here-document lines written into a file, judged
    as that file: ``configmap._lines_found``), whose values ``_line_settings`` need not judge."""
    comment_lines: frozenset[int] = frozenset()
    if source:
        blanked = block_comments_blanked(text, source)
        if source == ".php" and blanked is not text:
            comment_lines = _blanked_lines(text, blanked)
        text = blanked
    if text.lstrip()[:1] in JSON_STARTS:
        settings = json_settings(text, names.sensitive, names)
        if settings is not None:
            return settings
    if "{" in text and is_erlang_terms(text):
        return _shown_settings(erlang_term_settings(names, text))
    xml: dict[tuple[int, str], None] = {}
    values: set[int] = set()  # the lines an XML value runs onto: part of it, never read as settings
    if "<" in text:
        add_xml_element_settings(names, text, xml, values)
        add_xml_attribute_settings(names, text, xml, values)
    if ":add(" in text or ":write-attribute(" in text or "data-source" in text:
        add_jboss_cli_settings(names, text, xml)
    first = first and (bool(source) or not maxscale_config(text))  # (a MaxScale ciphertext is dropped after)
    found, in_order = _line_settings(names, text, values, shell, comments, source, comment_lines, first, dropped)
    if found and not source and maxscale_config(text):
        found = _without_maxscale_ciphertexts(found, text)
    if source and "raw_env" in text and (listed := raw_env_lines_settings(names, text.splitlines())):
        found.update(dict.fromkeys(listed))
        in_order = False
    if "<" in text or xml:
        found.update(xml)
        in_order = False
    return _shown_settings(found if in_order else sorted(found))


_MAXSCALE_OBJECT = re.compile(r"^[ \t]*+type[ \t]*+=[ \t]*+(?:service|monitor)[ \t\r]*+$", re.MULTILINE)
"""A MaxScale object's ``type=service`` or ``type=monitor`` line (``maxscale.cnf``): the objects that log
in to the database servers with a ``user`` and a ``password``."""
_MAXSCALE_CIPHERTEXT = re.compile(r"[ \t]*+(?:[A-Za-z]++_)?+password[ \t]*+=[ \t]*+(?:(?:[0-9A-F]{32})++|(?:[0-9a-f]{32})++)[ \t\r]*+")
"""A MaxScale ``password=`` (``replication_password=``...) line whose value is what ``maxpasswd`` writes:
hex of whole AES blocks (32 hex digits each, 64 and more with the IV MaxScale 2.5 writes first), in one
case. MaxScale decrypts such a value with the key in its ``.secrets`` file; another is used as written."""


_BACULA_RESOURCE = re.compile(
    r"^[ \t]*+(?i:Director|Client|Catalog|Storage|Console|FileDaemon|Job|JobDefs|Pool|Messages|FileSet|Schedule|Device|Autochanger)[ \t]*+\{",
    re.MULTILINE,
)
"""A resource of a Bacula (or Bareos) daemon's config opening (``Director {``, ``Catalog {``): its
directives may be written several on a line, apart by ``;``."""
_BACULA_SETTING = re.compile(r"""[ \t]*+[A-Za-z][\w \t]*+=[ \t]*+(?:"(?:[^"\\\r\n]|\\.)*+"[ \t]*+|[^;"\r\n#]*+)""")
"""A Bacula directive, ``Name = value``, its value quoted or up to a ``;``, a quote or a comment."""
_BACULA_INCLUDE = re.compile(r"""[ \t]*+@(?:/[^\s"#;{},]++|"/[^"\r\n]++")[ \t\r]*+(?:#[^\r\n]*+)?+""")
"""A Bacula directive's value that is the ``@`` include of an absolute path (``Password = @/etc/bacula/dir.pw``,
``@"/etc/bacula/dir pw"``): Bacula and Bareos read the value from that file. Inside quotes
(``"@/etc/..."``) the ``@`` is text, the password as written."""


def bacula_settings(line: str) -> list[str] | None:
    """The directives of a Bacula config line written several on it, apart by ``;`` (``dbname =
    "bacula"; dbuser = "bacula"; dbpassword = "..."``), each as a line of its own; None for a line of
    another shape (one directive, a ``;`` inside quotes). Linear: each directive is matched once, from
    where the one before it ended."""
    found: list[str] = []
    at = 0
    while (setting := _BACULA_SETTING.match(line, at)) is not None and setting.end() < len(line) and line[setting.end()] == ";":
        found.append(line[at : setting.end()])
        at = setting.end() + 1
    if not found or _BACULA_SETTING.match(line, at) is None:
        return None
    found.append(line[at:])
    return found


def maxscale_config(text: str) -> bool:
    """Whether ``text`` is a MaxScale config: it defines a service or a monitor (``_MAXSCALE_OBJECT``)."""
    return "type" in text and _MAXSCALE_OBJECT.search(text) is not None


def _without_maxscale_ciphertexts(found: dict[tuple[int, str], None], text: str) -> dict[tuple[int, str], None]:
    """``found`` without the passwords of a MaxScale config (``_MAXSCALE_OBJECT``) that ``maxpasswd``
    encrypted (``_MAXSCALE_CIPHERTEXT``): ``password=96F99AA1315BDC3604B006F427DD9484``. A password
    in plain text (``password=...``), or in a file without MaxScale's objects, stays reported."""
    lines = text.splitlines()
    return {
        (number, setting): None
        for number, setting in found
        if not (0 < number <= len(lines) and setting.endswith("password") and _MAXSCALE_CIPHERTEXT.fullmatch(lines[number - 1]))
    }


def _shown_settings(settings: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """``settings`` with each part of a name that may be a credential itself shown as ``*``, as
    ``_json_path`` shows a JSON key: a key of a map from tokens to users (``api_keys:`` /
    ``  <token>: alice``), a ``name:`` or ``key="..."`` naming a value; a JSON Web Token, whose
    parts are split by dots too, as one ``*`` (``jwts_hidden``)."""
    shown: dict[tuple[int, str], None] = {}
    for number, name in settings:
        name = ".".join("*" if hidden_part(part) else part for part in jwts_hidden(name).split("."))
        shown[(number, name)] = None
    return list(shown)


def _blanked_lines(text: str, blanked: str) -> frozenset[int]:
    """The index of each line of ``text`` that held text and ``blanked`` (``block_comments_blanked``)
    left blank: a line of a block comment alone (``/* set by ops */``, `` * ...``), no blank line."""
    return frozenset(
        index for index, (line, left) in enumerate(zip(text.splitlines(), blanked.splitlines())) if line.strip() and not left.strip()
    )


def _php_comments_below(lines: list[str], at: int, comment_lines: frozenset[int]) -> int:
    """The index of the first line from ``lines[at]`` on that is no comment alone: a block comment's
    (``comment_lines``: ``_blanked_lines``), a ``//`` or ``#`` one; a blank line is none, and ends the run."""
    while at < len(lines) and (at in comment_lines or lines[at].lstrip(" \t")[:1] == "#" or lines[at].lstrip(" \t")[:2] == "//"):
        at += 1
    return at


def _line_settings(
    names: Names,
    text: str,
    values: set[int],
    shell: bool,
    comments: bool,
    source: str,
    comment_lines: frozenset[int] = frozenset(),
    first: bool = False,
    dropped: Collection[int] = (),
) -> tuple[dict[tuple[int, str], None], bool]:
    """The (line, name) of each setting ``config_settings`` finds line by line (an ordered set), and
    whether they are in line order (a pair whose value came first is found at an earlier line). The
    lines in ``values`` (an XML value's after its first) are skipped. ``comment_lines``: in PHP, the
    lines of block comments alone (``_blanked_lines``), passed over between an assignment's ``=`` and
    its value below (``$password =`` / ``/* set by ops */`` / ``'...';``). ``first``: the lines are read
    up to the first setting found that the steps after the lines keep (``_kept_whatever_follows``),
    no further; when the first ones found may be dropped, to the end. ``dropped``: lines whose
    settings the caller drops; the value of a sensitive name there is not judged where what it
    would find changes nothing but that line's settings (``_judged_for_its_line_alone``)."""
    found: dict[tuple[int, str], None] = {}
    fluent_bit, fluentd, php_defines = dialects(text)
    code = bool(source) or (":" in text and _CODE_MARKERS.search(text) is not None)
    go = source in _GO_OR_UNNAMED and ("package" in text or "(" in text) and _GO_TEXT.search(text) is not None
    blocks = _Blocks()
    pairs = NameValuePairs()
    in_order = True
    run_on: RunOn | None = None  # a block scalar too
    lines = text.splitlines()
    sonar_token = ("sonar.login" in text and "sonar.password" not in text) or _sonar_login_block(text)  # SonarScanner reads sonar.login alone as a token
    embedded = embedded_lines(lines, source)  # in source code, the lines of a file held in a string
    continued = _continued_properties_lines(lines) if not comments else set()
    quoted_run_ons = True  # off once a quoted value was left open to the end: nothing closed it
    shell_quote: RunOn | None = None  # a neutral value's quote left open in a shell text (open_shell_quote)
    after_quote: str | None = None  # what follows its closing quote, read next as a line of its own
    bacula_resources = "{" in text and ("@" in text or ";" in text) and _BACULA_RESOURCE.search(text) is not None
    bacula = bacula_resources and ";" in text
    bacula_includes = bacula_resources and "@" in text  # Password = @/etc/bacula/dir.pw: read from that file
    settings_after: list[str] = []  # in a Bacula config, the settings after the first on a line, last first
    branches: OpenBranches | None = None  # in source code, a sensitive value's arms left open (when (env) {)
    parentheses: OpenParentheses | None = None  # in source code, a sensitive value's ( left open (password = ()
    accessors: OpenProperty | None = None  # in C#, a sensitive property's accessors over lines (public string Password / {)
    redcap: OpenRedcapCall | None = None  # in source code, a REDCap project's call over lines (redcap.Project( / url, / '...')
    header_flow: FlowSequenceOverLines | None = None  # a list of headers over lines (headers: [ / "X-Api-Key: ..." / ])
    flow_closed = False
    if dropped and _may_open_a_header_list(text):
        dropped = ()  # (a list of headers over lines counts the settings found on its lines)
    at = number = 0
    while at < len(lines) or after_quote is not None or settings_after:
        if first and found:  # (checked once: the settings found up to here, a line's or a few)
            if any(_kept_whatever_follows(name, text) for _, name in found):
                return found, in_order
            first = False
        in_shell_quote = False
        if after_quote is None and settings_after:
            after_quote = settings_after.pop()  # the line's next setting, read as a line of its own
        if after_quote is not None:
            line, after_quote = after_quote, None
            if run_on is not None:
                continue  # the closing line is another value's text: so is its rest
        else:
            line = lines[at]
            at += 1
            number = at
            if at < len(lines) and run_on is None and number not in embedded and (
                (source == ".php" and line.lstrip(" \t")[:1] == "$") or (source in ASSIGNMENT_OVER_TWO_LINES_SOURCES and "=" in line)
            ):
                if (joined := assignment_over_two_lines(line, lines[at], source)) is not None:
                    line, at = joined, at + 1  # $password = / '...';, const password = / '...';: read as written on one line
                elif source == ".php" and (below := _php_comments_below(lines, at, comment_lines)) > at and below < len(lines):
                    if (joined := php_assignment_over_two_lines(line, lines[below])) is not None:
                        line, at = joined, below + 1  # $password = / /* set by ops */ / '...';: the comments passed over
            if header_flow is not None:
                if flow_closed:  # judged once its closing line was read: a setting found there is its item's
                    if _header_flow_secret(names, header_flow, len(found)):
                        found[(header_flow.number, header_flow.name)] = None
                        in_order = False
                    header_flow = None
                else:
                    flow_closed = header_flow.add(without_trailing_comment(line) if comments else line)
            if source:  # arms, parentheses and accessors open over lines in source code alone
                if branches is None or branches.waits_in_vain_for(line):
                    branches = _opened_branches(names, number, line, source) if source and _may_open_arms(line) and number not in embedded else None
                elif branches.closed_by(line):
                    if branches.literal():
                        found[(branches.number, branches.name)] = None
                    branches = None
                if parentheses is None:
                    if source and number not in embedded and _may_open_parentheses(line):
                        parentheses = _opened_parentheses(names, number, line, source)
                elif parentheses.closed_by(line, number in embedded):
                    if parentheses.literal():
                        found[(parentheses.number, parentheses.name)] = None
                        in_order = False  # found after the settings of the lines it holds
                    parentheses = None
                if redcap is None:
                    if "Project" in line and number not in embedded:
                        redcap = OpenRedcapCall.opened(number, line, source)
                elif redcap.closed_by(line, number in embedded):
                    for call in redcap.settings(names):
                        found[(redcap.number, call)] = None
                        in_order = False  # found after the settings of the lines it holds
                    redcap = None
                if accessors is None or accessors.waits_in_vain_for(line):
                    accessors = OpenProperty.opened(names, number, line) if source == ".cs" and _may_open_a_property(line) else None
                elif accessors.closed_by(line, False):
                    if (setting := accessors.setting(names)) is not None:
                        found[(accessors.number, setting)] = None
                        in_order = False  # found after the settings of the lines it holds
                    accessors = None
            if values and number in values:
                continue
            if shell_quote is not None:
                in_shell_quote = True  # its lines are read as settings all the same, and open no other
                if shell_quote.holds(line) and shell_quote.ended:
                    after_quote, shell_quote = shell_quote.rest_of_line(line), None
        if run_on is not None:
            held_line = run_on.holds(line)
            rest = run_on.rest_of_line(line) if held_line and run_on.ended and run_on.closing is not None else None
            if run_on.ended or not held_line:
                if (held := run_on.setting(names)) is not None:
                    found[held] = None
                run_on = None
            if held_line:
                if at == len(lines) and run_on is not None and run_on.closing is not None and not run_on.ended:
                    # a quote nothing closed (quotes are text in a properties or INI file:
                    # password="$(X)): the lines after its key are read again, as settings, with no
                    # quoted value running on (once: linear)
                    at, run_on, quoted_run_ons = run_on.number, None, False
                if rest is None:
                    continue
                line = rest  # what follows its closing quote is read as a line of its own
        if blocks.opened(line, lines, at):
            if pairs.waiting():
                pairs.close(len(line) - len(line.lstrip(" \t-")), line)
                in_order = take_ended(pairs, found) and in_order
            continue
        line_source = "" if number in embedded else source  # a file held in a string: its own lines
        if line_source in _CASE_LABEL_SOURCES and line.lstrip(" \t")[:1] in ("c", "d"):
            line = _labels_blanked(line, line_source)  # case "prod": password = ...: the statement read
        initializers = line_source == ".cs" and "{" in line and ("new" in line or "with" in line)  # C#'s new Options { Password = ... }
        named = line_source in _NAMED_ARGUMENT_SOURCES and ":" in line and names_a_sensitive_argument(names, line)  # Connect(host, password: "...")
        if line_source and "," in line and "=" in line and _CONTINUED_ARGUMENTS.match(line):
            call = "(" + line  # a call's arguments go on from a line above: read as after its (
        else:
            call = line
        if line_source and ("=" in call or named) and ("(" in call or initializers):
            for setting in keyword_argument_settings(names, call, initializers, named):
                found[(number, setting)] = None
        if line_source and "et" in line and "(" in line:
            for setting in setter_settings(names, line):
                found[(number, setting)] = None
        if line_source and ("uth" in line or "Credential(" in line):
            for setting in basic_auth_settings(names, line):
                found[(number, setting)] = None
        if line_source and "Project" in line:
            for setting in redcap_token_settings(names, line):
                found[(number, setting)] = None
        if line_source and ("{" in line or ";" in line or "," in line):
            for statement in later_statements(line, line_source, screened=not names.extra):
                for setting in _statement_settings(names, statement, go, code, comments, line_source):
                    found[(number, setting)] = None
        if not line_source and len(blocks.open) > 1 and (header_block := _header_block_secret(names, blocks, line, comments)) is not None:
            if header_block:
                found[(number, header_block)] = None  # http_headers: / Authorization: / values: ["Bearer ..."]
            continue  # judged as a header's values: X-CSRF-Token: / values: [fetch] is none
        if bacula and ";" in line and (split := bacula_settings(line)) is not None:
            line, settings_after = split[0], split[:0:-1]  # Catalog { dbname = "bacula"; dbpassword = "..." }: each
        if not line_source and blocks.open and line.lstrip(" \t")[:1] == "-" and blocks.list_parent(line) == "tokens" and (
            static_token := _teleport_static_token(names, blocks, line, comments)
        ) is not None:
            found[(number, static_token)] = None  # Teleport's auth_service: / tokens: / - "proxy,node:..."
            continue
        if not line_source and "tokens" in line and "[" in line and (flow_token := _teleport_flow_tokens(names, blocks, line, comments)) is not None:
            if flow_token:
                found[(number, flow_token)] = None  # tokens: ["proxy,node:..."]
            continue  # tokens: ["proxy,node:/var/lib/teleport/token"]: read from that file
        match = _CONFIG_LINE.match(line)
        if match is None and not comments and number not in continued:
            match = _blank_separated_setting_line(names, line)
        assigned = ""  # in source code, what the line assigns (source_line_value)
        if line_source and match:
            if (source_value := source_line_value(line, match, line_source)) is None:
                continue  # token == x, password: str, Token.Keyword: "bold": no setting in code
            assigned = source_value
        if match and _BLOCK_SCALAR.match(match.group(2)):
            if names.sensitive(match.group(1)) or match.group(1) in CONFIG_SENSITIVE_KEYS:
                run_on = RunOn.block_scalar(number, match.start(1), match.group(1))
                continue
            if (under := _named_under(names, blocks, line, match.group(1))) is not None:  # password: / value: |
                run_on = RunOn.block_scalar(number, match.start(1), under)
                if under == "chpasswd.list":
                    run_on.judge = _chpasswd_list_literal  # cloud-init's user:$6$... or user:RANDOM lines
                continue
        if match:
            name, raw = match.group(1), assigned if line_source else _first_of_assignments(line, match.group(2))
            reported = False
            item = line.lstrip(" \t")[:1] == "-"
            in_headers = not line_source and (header_flow is not None or (bool(blocks.open) and _in_a_header_list(blocks, line, item)))  # headers: [ / "X-CSRF-Token: fetch"; no block open: no list of headers, nor a call on each line
            if item and in_headers and name not in PAIR_LINE_KEYS and not names.sensitive(name) and (header_list := _header_list_item(names, blocks, line, comments)) is not None:
                found[(number, header_list)] = None  # headers: / - "Authorization: Bearer ...": the list's key
                if pairs.waiting():
                    pairs.close(match.start(1), line)  # the next item ends the pairs before it
                    in_order = take_ended(pairs, found) and in_order
                continue
            if in_headers and name.lower() in NOT_CREDENTIAL_HEADERS:
                if pairs.waiting():  # headers: / - "X-CSRF-Token: fetch": an anti-forgery token, no credential
                    pairs.close(match.start(1), line)
                    in_order = take_ended(pairs, found) and in_order
                continue
            if name in PAIR_LINE_KEYS or pairs.waiting():
                pair_secret = pairs.see(names, match.start(1), line, number, name, raw, bool(line_source), in_headers)
                in_order = take_ended(pairs, found) and in_order
                if pair_secret is not None:
                    in_order = in_order and pair_secret[0] == number
                    found[pair_secret] = None
                    reported = pair_secret[0] == number
            judged = raw  # Password: !Sub / - '...${Suffix}' / - Suffix: ...: judged as Password: !Sub '...${Suffix}'
            if line_source in JAVASCRIPT_SUFFIXES and at < len(lines) and (union := _string_union_over_lines(raw, lines, at)) is not None:
                judged = union  # password: 'plain' / | 'hashed';: a union of string literal types, judged whole
            if not line_source and at < len(lines) and "!Sub" in raw and (template := cfn_sub_template_below(raw, lines[at], match.start(1))) is not None:
                judged = "!Sub " + template
            closed_below = code and at < len(lines) and lines[at].lstrip(" \t")[:1] == "}"
            written = _Written(code, closed_below, comments, line_source, shell, sonar_token and not line_source)
            sensitive = names.sensitive(name) or name in CONFIG_SENSITIVE_KEYS
            unjudged = not reported and sensitive and number in dropped and _judged_for_its_line_alone(name, raw)
            unjudged = unjudged or (not reported and sensitive and bacula_includes and _BACULA_INCLUDE.fullmatch(raw) is not None)
            if not unjudged:
                settings, last = _config_line_settings(names, blocks, line, match, name, judged, written) if not reported else ([], None)
            else:
                settings, last = [], None
                blocks.parent_of(line)  # (as judging it would: the blocks the line closes)
            for setting in settings:
                found[(number, setting)] = None
            reported = reported or bool(settings)
            under = None if sensitive or reported else _named_under(names, blocks, line, name)  # password: / value: "...
            if (sensitive or reported or under or name == "value") and (run_on := RunOn.opened(number, match.start(1), under or name, raw)) is not None:
                run_on.judged = (sensitive or under is not None) and not reported and not unjudged  # (its line's setting, dropped)
                if (run_on.closing is not None and not quoted_run_ons) or (line_source and not run_on.explicit and run_on.call is None):
                    run_on = None  # in code, a value runs on in its quotes or brackets, not by indentation
                elif line_source and run_on.call is not None:
                    run_on.judge = _code_lookup_judge(names, under or name)
            elif last is not None and quoted_run_ons:
                run_on = entry_run_on(names, number, last, settings)
            elif quoted_run_ons and not in_shell_quote and (shell or _EXPORT.match(line) is not None):
                shell_quote = open_shell_quote(number, match.start(1), name, raw)
            if header_flow is None and not line_source and raw.lstrip(" \t")[:1] == "[" and names_headers(name):
                header_flow = FlowSequenceOverLines.opened(number, name, without_trailing_comment(raw) if comments else raw, len(found))
                flow_closed = False
        else:
            settings, last = _other_line_settings(names, line, fluent_bit, fluentd, php_defines, go, code, line_source)
            for setting in settings:
                found[(number, setting)] = None
            if ('"' in line or "'" in line or line[-1:] in ("\\", "(")) and (opened := _code_run_on(names, number, line, fluentd, php_defines, bool(line_source))) is not None:
                if opened.closing is None or quoted_run_ons:
                    run_on = opened
                    run_on.judged = run_on.judged and not settings
            elif last is not None and quoted_run_ons:
                run_on = entry_run_on(names, number, last, settings)
    if run_on is not None and (held := run_on.setting(names)) is not None:
        found[held] = None
    if header_flow is not None and flow_closed and _header_flow_secret(names, header_flow, len(found)):
        found[(header_flow.number, header_flow.name)] = None
        in_order = False
    pairs.end()
    in_order = take_ended(pairs, found) and in_order
    if not source and "httpHeaderValue" in text:  # Grafana's jsonData: httpHeaderName1 / secureJsonData: httpHeaderValue1
        for header_value in grafana_header_values(names, lines):
            if header_value not in found:
                found[header_value] = None
                in_order = False
    if found and not source and _may_name_a_secret_beside(text) and any(_ends_with_key(name) for _, name in found):
        beside = keys_beside_a_secret_name(lines, comments)  # existingSecret: db-creds / secretKey: password
        for number, name in [setting for setting in found if setting[0] in beside]:
            key, value = beside[number]
            if name == key and names_a_key_in_a_secret(key, value):
                del found[(number, name)]
    if found and not source and any(names_a_bare_access_key(name) for _, name in found):
        paired = paired_access_keys(lines)  # .s3cfg: access_key = uploader / secret_key = ...
        for number, name in [setting for setting in found if setting[0] in paired and names_a_bare_access_key(setting[1])]:
            del found[(number, name)]
    if found and not source and any(api_key_pair_part(name) is not None for _, name in found):
        ids = paired_api_keys(lines)  # security.oauth.google.apiKey = <client id> / ...apiSecret = ...
        for number, name in [setting for setting in found if setting[0] in ids and (part := api_key_pair_part(setting[1])) is not None and part[0]]:
            del found[(number, name)]
    return found, in_order


def _judged_for_its_line_alone(name: str, raw: str) -> bool:
    """Whether judging a sensitive ``name = value`` line's value (``_config_line_settings``) finds its
    line's settings and nothing that changes how the lines after it are read: no entry after it on
    the line (``,``, ``=>``), no hash or array it opens, read as code (whose last entry may run on),
    no ``DOCKER_AUTH_CONFIG`` (judged before the line's blocks are closed; ``may_name_docker_auth_config``:
    no name of its length)."""
    return "," not in raw and raw[:1] != ">" and not may_name_docker_auth_config(name) and NESTED_OPENER.match(raw.lstrip(" \t=")) is None


def _kept_whatever_follows(name: str, text: str) -> bool:
    """Whether a setting ``_line_settings`` found stays among its settings whatever lines follow: no
    key read as one in a Secret beside a name of that Secret (``keys_beside_a_secret_name``), nor a
    bare access key paired with another (``paired_access_keys``), the settings those steps drop."""
    return not names_a_bare_access_key(name) and not (_may_name_a_secret_beside(text) and _ends_with_key(name))


def _may_open_a_header_list(text: str) -> bool:
    """Whether a text may open a list of headers over lines (``headers: [``, ``HEADERS: [``: a name
    ``names_headers`` knows, in any case), whose lines' settings it counts: a screen, ``header`` in it
    in any case (``"eader" in text`` missed ``HEADERS``)."""
    return "eader" in text or "header" in text.lower()


def _may_name_a_secret_beside(text: str) -> bool:
    """Whether a text may hold a key naming the Secret its mapping's keys are read from
    (``names_a_secret_beside``: ``existingSecret``, ``secretName``, as Helm values write them), which
    ``keys_beside_a_secret_name`` is then asked for: a screen, ``ecret`` in it (not ``SECRET``)."""
    return "ecret" in text


def _ends_with_key(name: str) -> bool:
    """Whether a name's last word is ``key`` (``secretKey``, ``passwordKey``): it may name a key in a
    Secret named beside it (``keys_beside_a_secret_name``)."""
    return name_words(name)[-1:] == ["key"]


ARGO_CD_REPOSITORY_SECRETS = frozenset(
    {
        "usernamesecret",
        "passwordsecret",
        "sshprivatekeysecret",
        "tlsclientcertdatasecret",
        "tlsclientcertkeysecret",
        "githubappprivatekeysecret",
        "gcpserviceaccountkeysecret",
        "bearertokensecret",
    }
)
"""The keys (lowercased) of argocd-cm's ``repositories``, ``repository.credentials`` and
``helm.repositories`` entries that reference the Secret a repository's credential is kept in
(``passwordSecret: {name: repo-creds, key: password}``)."""


def argo_cd_repository_references(text: str) -> bool:
    """Whether an entry's text is Argo CD's list of repositories or of their credentials as argocd-cm
    holds it (``repository.credentials``: ``- url: https://...`` / ``  passwordSecret:`` / ``    name:
    repo-creds``): every line that is no comment or blank a YAML mapping's entry (``_KEY_LINE``), one
    of them a reference to a Secret (``ARGO_CD_REPOSITORY_SECRETS``). Such text is judged by its
    settings, not by its key's name: the references pass, a literal ``password:`` is reported. Linear:
    each line is matched once."""
    referenced = False
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        if not stripped.strip() or stripped[:1] == "#":
            continue
        entry = _KEY_LINE.fullmatch(line)
        if entry is None:
            return False
        referenced = referenced or entry.group(2).lower() in ARGO_CD_REPOSITORY_SECRETS
    return referenced


def keys_beside_a_secret_name(lines: list[str], comments: bool) -> dict[int, tuple[str, str]]:
    """The YAML entries (line number: key, value without its comment) in a mapping that also has a
    key naming the Secret they are read from (``names_a_secret_beside``: ``existingSecret: db-creds``
    beside ``secretKey: password``, before or after it, at the same column, no line further left or
    list item between them: ``_mapping_entries``)."""
    entries: list[tuple[int, int, str, str]] = []  # (mapping, line number, key, value)
    naming: set[int] = set()  # the mappings with a key that names a Secret
    for mapping, number, key, value in _mapping_entries(lines, ini=False):
        if names_a_secret_beside(key):
            naming.add(mapping)
        elif _ends_with_key(key):
            entries.append((mapping, number, key, config_value(without_trailing_comment(value) if comments else value)))
    return {number: (key, value) for mapping, number, key, value in entries if mapping in naming}


def paired_access_keys(lines: list[str]) -> set[int]:
    """The lines of a bare access key (``names_a_bare_access_key``: ``access_key``, Harbor's
    ``accesskey``) in a mapping or INI section that also sets its pair's secret key
    (``names_a_paired_secret_key``, whatever its value): the key pair's id, as ``AWS_ACCESS_KEY_ID``
    is (s3cmd's ``.s3cfg``, Thanos' ``objstore.yml``, a registry's ``storage: s3:``). One pass."""
    access_keys: list[tuple[int, int]] = []  # (mapping, line number)
    paired: set[int] = set()  # the mappings that set a secret key
    for mapping, number, key, _ in _mapping_entries(lines, ini=True):
        if names_a_bare_access_key(key):
            access_keys.append((mapping, number))
        elif names_a_paired_secret_key(key):
            paired.add(mapping)
    return {number for mapping, number in access_keys if mapping in paired}


def paired_api_keys(lines: list[str]) -> set[int]:
    """The lines of an API key (``api_key_pair_part``: ``apiKey``, ``security.oauth.google.apiKey``)
    in a mapping or INI section (a properties file is one) that also sets the API secret with the same
    words before it (``apiSecret``, ``security.oauth.google.apiSecret``, whatever its value): the
    pair's id, as OHDSI WebAPI's OAuth client id is; ``security.oauth.facebook.apiKey`` is no
    ``google`` pair's. One pass."""
    keys: list[tuple[int, tuple[str, ...], int]] = []  # (mapping, words before, line number)
    secrets: set[tuple[int, tuple[str, ...]]] = set()  # (mapping, words before) of each API secret
    for mapping, number, key, _ in _mapping_entries(lines, ini=True):
        if (part := api_key_pair_part(key)) is not None:
            if part[0]:
                keys.append((mapping, part[1], number))
            else:
                secrets.add((mapping, part[1]))
    return {number for mapping, before, number in keys if (mapping, before) in secrets}


_CFN_SUB_ALONE = re.compile(r"[ \t]*+!Sub[ \t\r]*+(?:#.*+)?+")
"""A YAML value that is CloudFormation's ``!Sub`` alone, its arguments the sequence below."""
_CFN_SUB_TEMPLATE_ITEM = re.compile(r"([ \t]*+)-[ \t]++(['\"]?+)([^\s'\"|>!\[{&*#][^\r\n]*+)")
"""The first item of that sequence: its template, a quoted or plain string (no block scalar, tag,
flow collection, anchor or alias)."""


def cfn_sub_template_below(raw: str, below: str, column: int) -> str | None:
    """The template of CloudFormation's ``!Sub`` in its list form (``Password: !Sub`` then ``-
    '...${Suffix}'`` and ``- Suffix: !Ref Env`` below): the first item on the line right below a
    value that is ``!Sub`` alone (``raw``), at its key's ``column`` or further right, as written;
    None otherwise. ``!Sub 'template'`` is then judged as written on one line: names it fills in
    only, a dynamic reference (``{{resolve:...}}``), are no plain text; any literal text is."""
    if _CFN_SUB_ALONE.fullmatch(raw) is None:
        return None
    item = _CFN_SUB_TEMPLATE_ITEM.fullmatch(below.rstrip(" \t\r"))
    if item is None or len(item.group(1)) < column or (item.group(2) == "" and ": " in item.group(3)):
        return None  # a mapping as the first item (- Suffix: x) is no template
    return item.group(2) + item.group(3)


_INI_LINE = re.compile(r"([ \t]*+)[\"']?([A-Za-z_][\w.\-]*+)[\"']?[ \t]*+=[ \t]*+(.*)")
"""An INI or dotenv file's setting (``access_key = ...``): the blanks before its key, its key and its value."""


def _mapping_entries(lines: list[str], ini: bool) -> Iterator[tuple[int, int, str, str]]:
    """(mapping, line number, key, value) of each YAML mapping's entry (``_KEY_LINE``), the mapping
    numbered from 1: each line's mapping is the innermost open at its column (one further right or a
    new list item ends it). ``ini``: an INI file's ``key = value`` lines are entries too, and a
    ``[section]`` line starts a mapping."""
    open_mappings: list[tuple[int, int]] = []  # (column, mapping), outermost first
    mappings = 0
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip(" \t")
        if not stripped.strip() or stripped[:1] == "#" or (ini and stripped[:1] == ";"):
            continue
        if stripped[:3] in ("---", "...") or (ini and stripped[:1] == "["):
            open_mappings.clear()  # a YAML document or an INI section ends
            continue
        entry = _KEY_LINE.match(line) or (_INI_LINE.match(line) if ini else None)
        column = len(entry.group(1)) if entry is not None else len(line) - len(stripped)
        while open_mappings and (open_mappings[-1][0] > column or (open_mappings[-1][0] == column and stripped[:1] == "-")):
            open_mappings.pop()  # further right, or the list item's mapping a new item ends
        if entry is None:
            continue
        if not open_mappings or open_mappings[-1][0] != column:
            mappings += 1
            open_mappings.append((column, mappings))
        yield open_mappings[-1][1], number, entry.group(2), entry.group(3) or ""


def _header_flow_secret(names: Names, flow: FlowSequenceOverLines, found: int) -> bool:
    """Whether a list of headers over lines (``headers: [`` / ``  "Authorization: Token ...",`` /
    ``]``) holds a whole header that carries a credential in plain text, judged as the same list on
    one line is (``_first_setting``); not when a setting was found on its lines since its key's line
    (``found``: how many there are now): an item whose header name is sensitive (``"X-Api-Key:
    ..."``) is reported as that name already."""
    if found != flow.found or names.is_allowed(flow.name):
        return False
    return any(judged_by_value(flow.name, item) for item in flow.items())


def _in_a_header_list(blocks: _Blocks, line: str, item: bool) -> bool:
    """Whether a YAML line is in a list of headers: a list item under a key named for headers
    (``headers:`` / ``  - ...``, ``names_headers``), or an entry of a block so named (Envoy's ``-
    header:`` / ``    key: Authorization``)."""
    if not blocks.open:
        return False
    parent = blocks.list_parent(line) if item else blocks.parent_of(line)
    return parent is not None and names_headers(parent)


def _header_list_item(names: Names, blocks: _Blocks, line: str, comments: bool) -> str | None:
    """The key of a list of headers (``headers:``) when a line, an item of it, is a whole header that
    carries a credential in plain text (``- "Authorization: Bearer ..."``), judged as the value of a
    key so named is (``judged_by_value``), without a comment after it; else None."""
    parent = blocks.list_parent(line)
    text = line.lstrip(" \t")[1:]
    if parent is None or names.is_allowed(parent) or not judged_by_value(parent, text):
        return None
    return parent if not comments or judged_by_value(parent, without_trailing_comment(text)) else None


_HEADER_BLOCK_LIST = re.compile(r"[ \t]*+(values|secrets)[ \t]*+:[ \t]*+(\[.*)")
"""The list of a header's values on one line in Prometheus's ``http_headers`` (``values: [...]``,
``secrets: [...]``)."""


def _header_block_secret(names: Names, blocks: _Blocks, line: str, comments: bool) -> str | None:
    """The header a line of a Prometheus-style header block sends a credential in plain text in
    (``http_headers:`` / ``  Authorization:`` / ``    values: ["Bearer ..."]``, its ``secrets:``, a
    list on one line or an item of one written a line each), under a key named for headers
    (``names_headers``), "" when such a list on one line sends none, or None for any other line. A value is judged as a header's (``header_value_secret``: the
    scheme is no credential, a reference or a template none); a ``secrets`` item, which Prometheus
    itself keeps secret, is one when it is a literal (``setting_holds_a_secret``), an
    ``Authorization`` one after its scheme. ``files:`` names files: none."""
    stripped = line.lstrip(" \t")
    if stripped[:1] == "-":
        if blocks.list_parent(line) not in ("values", "secrets") or len(blocks.open) < 3:
            return None
        key, header, headers = blocks.open[-1][1], blocks.open[-2][1], blocks.open[-3][1]
        items = [stripped[1:]]
    else:
        if stripped[:1] not in ("v", "s") or (listed := _HEADER_BLOCK_LIST.fullmatch(line)) is None or blocks.parent_of(line) is None:
            return None
        if len(blocks.open) < 2:
            return None
        key, header, headers = listed.group(1), blocks.open[-1][1], blocks.open[-2][1]
        items = flow_sequence_items(listed.group(2))
    if not names_headers(headers) or HEADER_NAME.match(header) is None:
        return None
    if names.is_allowed(header) or header.lower() in NOT_CREDENTIAL_HEADERS:
        return "" if items and stripped[:1] != "-" else None
    for item in items:
        text = config_value(without_trailing_comment(item) if comments else item)
        if key == "values":
            secret = header_value_secret(names, header, text)
        else:
            secret = setting_holds_a_secret(text, "secrets") and (header.lower() not in SENSITIVE_HEADERS or header_value_secret(names, header, text))
        if secret:
            return pair_setting(header)
    return "" if items and stripped[:1] != "-" else None  # an item not sent as one is read as before (- password: ...)


_TELEPORT_ROLES = frozenset(
    ("auth", "node", "proxy", "trusted_cluster", "trustedcluster", "kube", "app", "db", "windowsdesktop", "bot", "instance", "discovery", "okta", "mdm")
)
"""The roles a Teleport static token may join as (``auth_service.tokens``' ``proxy,node:<token>``),
lower case: Teleport reads them so."""


def _teleport_static_token(names: Names, blocks: _Blocks, line: str, comments: bool) -> str | None:
    """``tokens`` when a YAML list item under a ``tokens:`` key (``blocks.list_parent``) is a Teleport static token written in
    plain text: ``roles:<token>`` (``- "proxy,node:..."``, the roles Teleport's, ``_TELEPORT_ROLES``),
    or a token alone under ``auth_service:`` / ``  tokens:``; its token judged as a setting's value
    (``setting_holds_a_secret``): ``roles:/path/to/file`` (Teleport reads the token from it) and a
    reference are none. Else None: the line is read as before."""
    if names.is_allowed("tokens"):
        return None
    item = line.lstrip(" \t")[1:]
    under_auth_service = len(blocks.open) > 1 and blocks.open[-2][1] == "auth_service"
    secret = _teleport_token_secret(config_value(without_trailing_comment(item) if comments else item), under_auth_service)
    return None if secret is None else "tokens" if secret else None


def _teleport_token_secret(text: str, under_auth_service: bool) -> bool | None:
    """Whether an item of Teleport's ``tokens`` list (unquoted once, ``config_value``) is a static
    token in plain text (``_teleport_static_token``); None when it has no token's shape."""
    if len(text) > 1 and text[0] in "\"'" and text[-1] == text[0]:
        text = text[1:-1]
    roles, colon, token = text.partition(":")
    if colon and roles and all(role.strip().lower() in _TELEPORT_ROLES for role in roles.split(",")):
        return setting_holds_a_secret(token.strip(), "tokens")
    if not under_auth_service or not text or colon or any(c.isspace() for c in text):
        return None  # a token alone is one word: no mapping (- name: x), no sentence
    return setting_holds_a_secret(text, "tokens")


_TELEPORT_TOKEN_FLOW = re.compile(r"[ \t]*+tokens[ \t]*+:[ \t]*+(\[.*)")
"""Teleport's ``tokens`` written as a list on one line (``tokens: ["proxy,node:/var/lib/teleport/token"]``)."""


def _teleport_flow_tokens(names: Names, blocks: _Blocks, line: str, comments: bool) -> str | None:
    """``tokens`` when a ``tokens: [...]`` line (``_TELEPORT_TOKEN_FLOW``) lists a Teleport static
    token in plain text, each item judged as a block list's is (``_teleport_token_secret``), "" when
    none is; None when an item has no token's shape (the line is read as before)."""
    if names.is_allowed("tokens") or (flow := _TELEPORT_TOKEN_FLOW.match(line)) is None:
        return None
    items = flow_sequence_items(without_trailing_comment(flow.group(1)) if comments else flow.group(1))
    under_auth_service = blocks.parent_of(line) == "auth_service"
    secrets = [_teleport_token_secret(config_value(item), under_auth_service) for item in items]
    if not secrets or None in secrets:
        return None
    return "tokens" if any(secrets) else ""


_BLANK_SEPARATED = re.compile(r"[ \t]*+([A-Za-z_][A-Za-z0-9_.\-]*+)([ \t]++[^\s=:].*)")
"""A .properties line whose key is separated from its value by blanks alone (``db.password
hunter2``): ``java.util.Properties`` ends a key at the first unescaped ``=``, ``:`` or blank. Its
groups are ``_CONFIG_LINE``'s: the key, then what follows it (the blanks included, so that a value
starting with ``>`` is no ``'name' => value`` entry)."""


_CASE_LABEL_SOURCES = frozenset((".java", ".cs", ".go", ".php", ".groovy", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"))
"""Source code whose ``switch`` labels its arms ``case ...:`` and ``default:`` (Java also ``case ...
->``); not Scala's or Kotlin's ``case class A(password: String = ...)``, Python's patterns."""


def _labels_blanked(line: str, source: str) -> str:
    """A line of source code with the ``case`` and ``default`` labels it starts with
    (``without_case_labels``) written as blanks, the columns kept: a label is compared, the
    statement after it on the line is read (``case "prod" -> password = "...";``)."""
    indented = line.lstrip(" \t")
    statement = without_case_labels(indented, source)
    if statement is indented:
        return line
    indentation = len(line) - len(indented)
    return line[:indentation] + " " * (len(indented) - len(statement)) + statement


def _statement_settings(names: Names, statement: str, go: bool, code: bool, comments: bool, source: str) -> list[str]:
    """The settings a statement of source code after the first on its line (``later_statements``)
    sets in plain text, read as a line of its own: a ``name = value`` line's (``source_line_value``),
    else an assignment's or a declaration's (``_other_line_settings``); a value running on below it
    is not followed."""
    match = _CONFIG_LINE.match(statement)
    if match is None:
        return _other_line_settings(names, statement, False, False, False, go, code, source)[0]
    value = source_line_value(statement, match, source)
    if value is None:
        return []
    written = _Written(code, False, comments, source)
    return _config_line_settings(names, _Blocks(), statement, match, match.group(1), value, written)[0]


def _blank_separated_setting_line(names: Names, line: str) -> re.Match[str] | None:
    """A .properties line that sets a sensitive key separated from its value by blanks alone
    (``_BLANK_SEPARATED``), read as its ``key=value`` form is; None for any other line, which the
    other readers read as before (``server.port 8080`` is no setting of theirs either), and so is a
    space-separated directive (``requirepass ...``: ``DIRECTIVES``, judged as in redis.conf)."""
    match = _BLANK_SEPARATED.fullmatch(line)
    if match is None or not (names.sensitive(match.group(1)) or match.group(1) in CONFIG_SENSITIVE_KEYS):
        return None
    return None if DIRECTIVES.match(line) is not None else match


def _continued_properties_lines(lines: list[str]) -> set[int]:
    """The numbers (from 1) of the lines of a .properties text that continue the line before them,
    which ends in an odd number of backslashes: part of that line's value, never a key of their own.
    A comment line (``#`` or ``!`` first) is never continued."""
    continued: set[int] = set()
    for number, line in enumerate(lines[:-1], start=1):
        comment = number not in continued and line.lstrip(" \t\f")[:1] in ("#", "!")
        if not comment and odd_backslashes(line):
            continued.add(number + 1)
    return continued


_BLOCK_SCALAR = re.compile(r"^[ \t]*+[|>][1-9+\-]{0,2}+[ \t]*+(?:#.*)?$")
"""The value of a YAML key that opens a block scalar (``password: |``, ``key: >-``): under a
sensitive key, the lines indented below it are its value, not settings (under another key, such as
``config: |``, they are a file of their own, read line by line; ``RunOn.block_scalar``)."""


def _code_lookup_judge(names: Names, name: str) -> Callable[[str], bool]:
    """How a lookup in code read over lines (``os.getenv("X",`` / ``decrypt("..."))``), closed as
    written on one line, is judged: as a setting's value, or, as ``call_literal`` judges it on one
    line, with a call given a secret-shaped argument as its default."""

    def judge(value: str) -> bool:
        held = setting_holds_a_secret(value, name) or lookup_with_a_secret_shaped_call_default(value, name)
        return held and not names.is_allowed(name)

    return judge


_EXPORT = re.compile(r"[ \t]*+export[ \t]")
"""A line of the shell's: ``export NAME=value``."""


def _code_run_on(names: Names, number: int, line: str, fluentd: bool, php_defines: bool, source: bool) -> RunOn | None:
    """The string a line read by another reader than the ``name = value`` one leaves open
    (``RunOn.opened_in_code``), when it is the value of a sensitive setting: a web server
    directive's, PHP's ``define``, an assignment in code (also its environment lookup left open,
    ``$password = env('DB_PASSWORD',`` / ``'...');``), a fluentd ``key value`` line. Its
    ``judged`` says whether the key is sensitive (the reader adds: and its line was not reported)."""
    if (match := NAMED_DIRECTIVE.match(line)) is not None:
        directive, name = match.group("directive"), match.group("name")
        apache = directive.lower().startswith(("requestheader", "setenv"))
        run_on = RunOn.opened_in_code(number, f"{directive.split()[0]} {name}", match.group("value"), apache, not apache)
        if is_header_directive(directive):
            lowered = name.lower()
            sensitive = lowered not in NOT_CREDENTIAL_HEADERS and (lowered in SENSITIVE_HEADERS or lowered in KEY_HEADERS or names.sensitive(name))
            sensitive = sensitive and not response_cookie(directive, name)  # http-response set-header Set-Cookie
            if run_on is not None:
                run_on.judge = lambda value: header_credential(names, name, value)
        else:
            sensitive = names.sensitive(name)
        if run_on is not None and run_on.nginx:  # the quoted text is the argument's whatever its name: never settings
            run_on.judged = sensitive and not names.is_allowed(name)
            return run_on
        return judged_run_on(run_on, sensitive and not names.is_allowed(name))
    if php_defines and (match := _PHP_DEFINE.match(line)) is not None:
        name = match.group("dq") or match.group("sq")
        return judged_run_on(RunOn.opened_in_code(number, name, match.group("value"), False), names.sensitive(name))
    if (match := _assignment(source).match(line)) is not None:
        keys = _PHP_KEY.findall(match.group("keys"))
        name = next((key for parts in reversed(keys) for key in parts if key), match.group("variable"))
        value = match.group("value").strip(" \t")
        run_on = RunOn.opened_in_code(number, name, value, False)
        if run_on is None and "(" in value:  # $password = env('DB_PASSWORD', / '...'); as an array entry's lookup
            run_on = RunOn.opened_lookup(number, len(line) - len(line.lstrip(" \t")), name, value)
            if run_on is not None:
                run_on.judge = _code_lookup_judge(names, name)
        return judged_run_on(run_on, bool(name) and names.sensitive(name))
    if fluentd and (match := FLUENTD_ENTRY.match(line)) is not None:
        name = match.group(1)
        sensitive = names.sensitive(name) or (name in FLUENTD_SENSITIVE_KEYS and not names.is_allowed(name))
        return judged_run_on(RunOn.opened_in_code(number, name, match.group(2), False), sensitive)
    return None


def _config_line_settings(
    names: Names, blocks: _Blocks, line: str, match: re.Match[str], name: str, raw: str, written: _Written
) -> tuple[list[str], Entry | None]:
    """The settings a ``name = value`` / ``name: value`` line (``_CONFIG_LINE``'s ``match``, its
    value ``raw``) sets in plain text: its own (``_first_entry_settings``), and each entry after it on the
    line (``'host' => 'db', 'password' => '...',`` in a PHP array, ``Host: "db", Password:
    "...",`` in a Go composite literal), else each in the hash or array its value opens (Go's ``cfg
    := Config{...}``, ``DB = ['password' => ...]``), read as code (``code_entries_settings``); and
    the last of those entries, when they were read."""
    settings = _first_entry_settings(names, blocks, line, match, name, raw, written)
    if raw.lstrip(" \t")[:1] in ("{", "["):  # { :secret_attempts => 4096 } # bits: the comment is no part of 4096
        line, raw = AFTER_FLOW.sub("", line), AFTER_FLOW.sub("", raw)
    entries = "," in raw and (raw[:1] == ">" or (line[match.end(1) :].lstrip(" \t\"'")[:1] == ":" and raw[:1] != "="))  # 'name' => / name:, then more
    entries = entries or (raw[:1] == ">" and blank_apart_entry(raw))  # Logstash's user => "u" password => "...", no comma
    after_first = not settings or raw.lstrip(" \t")[:1] not in ("{", "[")  # not after a mapping's
    if entries and after_first and not _one_call_entry(line, match, raw, written):
        others, last = code_entries_settings(names, line, True, written.code, bool(written.source))
        return [*settings, *(other for other in others if other not in settings)], last  # settings: one at most here
    if settings:
        return settings, None
    if "=>" in raw and (pipeline := one_line_pipeline_settings(names, _quoted_text(raw))):  # config.string: 'input { ... }'
        return pipeline, None
    if NESTED_OPENER.match(raw.lstrip(" \t=")) is not None:
        return code_entries_settings(names, raw, False, written.code, bool(written.source))
    return [], None


def _quoted_text(raw: str) -> str:
    """A YAML value's text: inside its quotes when it is quoted whole (``'...''...'``, ``"...\\"..."``),
    else as written."""
    value = raw.strip(" \t")
    if len(value) < 2 or value[:1] not in ("'", '"') or value[-1:] != value[:1]:
        return value
    return value[1:-1].replace("''", "'") if value[:1] == "'" else value[1:-1].replace('\\"', '"')


def _one_call_entry(line: str, match: re.Match[str], raw: str, written: _Written) -> bool:
    """Whether a line of code holds one entry, whose value is a call read whole (``CALL_ENTRY``):
    its commas are between arguments (``password: process.env.KEY.replace('a', 'b'),``), no other
    entry follows on the line."""
    return written.code and _a_code_entry(line, match) and ("'" in raw or '"' in raw) and CALL_ENTRY.fullmatch(raw) is not None


class _Written(NamedTuple):
    """How a config text is written, as the line readers need it: whether it is code (``code``),
    whether the next line opens with the ``}`` of an object literal in code (``closed_below``),
    whether a comment may follow a value on its line (``comments``), and the suffix of a key named as
    source code (``source``, "" for any other), whose values are literals only as written in code."""

    code: bool
    closed_below: bool
    comments: bool
    source: str = ""
    shell: bool = False  # a shell script or dotenv file by its name: its ``NAME=value`` lines are the shell's (``_read_as_the_shell_word``)
    sonar_token: bool = False  # sonar.login and no sonar.password in the text: sonar.login is a token (``_sonar_login_token``)

    def uncommented(self, raw: str) -> str:
        """A value as written on its line (``raw``) without the comment after it, where one may follow (``comments``)."""
        return without_trailing_comment(raw) if self.comments else raw


def _first_entry_settings(
    names: Names, blocks: _Blocks, line: str, match: re.Match[str], name: str, raw: str, written: _Written
) -> list[str]:
    """The settings a ``name = value`` / ``name: value`` line sets in plain text by its first entry:
    each of a mapping or a list of them on one line (``flow_mappings_settings``), else one at most
    (``_first_setting``)."""
    if may_name_docker_auth_config(name) and (docker := docker_auth_config_settings(names, name, raw)) is not None:
        return docker  # DOCKER_AUTH_CONFIG={"auths": ...}: its JSON judged as the env var's is
    flow = raw.strip()
    if flow[:1] in ("{", "["):
        flow = AFTER_FLOW.sub("", flow)
    parent = blocks.parent_of(line)
    if (
        flow[:1] == "{" and flow[-1:] == "}" and not a_string_in_braces(line, match, flow)
    ) or (flow[:1] == "[" and flow[-1:] == "]" and "{" in flow):  # mappings on one line
        found = flow_mappings_settings(names, name, flow, written.code, bool(written.source))
        if not found and flow[:1] == "[":
            return _environment_line_settings(names, name, match.group(2), written)  # ["DOCKER_AUTH_CONFIG={...}"]: pairs
        return found
    setting = _first_setting(names, blocks, parent, line, match, name, raw, written)
    return _environment_line_settings(names, name, match.group(2), written) if setting is None else [setting]


def _environment_line_settings(names: Names, name: str, raw: str, written: _Written) -> list[str]:
    """The settings an environment setting's ``NAME=value`` pairs set in plain text (``_environment_pairs``,
    judged by ``_environment_settings``); none for another setting."""
    if len(name) not in _ENVIRONMENT_NAME_LENGTHS or (pairs := _environment_pairs(name, raw, written)) is None:
        return []
    return _environment_settings(names, pairs, quoted_only=bool(written.source))


def _environment_pairs(name: str, raw: str, written: _Written) -> str | None:
    """The ``NAME=value`` pairs of an environment setting's value as written (``raw``), without a
    comment after them, or None for another setting: one named in ``ENVIRONMENT_SETTINGS`` in a config
    file (also a list of them on its line, without its brackets: GitLab Runner's ``config.toml``,
    ``environment = ["DB_PASSWORD=...", "GIT_DEPTH=10"]``), gunicorn's ``raw_env`` in source code (a
    list or a tuple of strings, without its brackets)."""
    if written.source:
        return without_trailing_comment(raw).strip(" \t").strip("[]()") if name == "raw_env" else None
    if name.lower() not in ENVIRONMENT_SETTINGS:
        return None
    pairs = written.uncommented(raw)
    listed = pairs.strip(" \t\r")
    return listed[1:-1] if listed[:1] == "[" and listed[-1:] == "]" else pairs


_RAW_ENV_OPENED = re.compile(r"[ \t]*+raw_env[ \t]*+=[ \t]*+([\[(])")
_CODE_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*+'|\"(?:[^\"\\\n]|\\.)*+\"")


def raw_env_lines_settings(names: Names, lines: list[str]) -> list[tuple[int, str]]:
    """(line, NAME) of each sensitive pair of gunicorn's ``raw_env`` list or tuple in source code
    written over several lines, on the lines after ``raw_env = [`` up to its closing bracket, each
    string literal a pair judged as an environment setting's (``_environment_settings``); the
    opening line's own strings are read with it (``_environment_pairs``)."""
    found: list[tuple[int, str]] = []
    depth = 0  # brackets open in the list being read, 0 outside one
    for number, line in enumerate(lines, start=1):
        if not depth:
            opened = _RAW_ENV_OPENED.match(line)
            if opened is not None:
                depth, _ = _brackets_after(line[opened.end() :], 1)
            continue
        depth, end = _brackets_after(line, depth)
        items = without_trailing_comment(line if end < 0 else line[:end])
        found += [(number, setting) for setting in _environment_settings(names, items, quoted_only=True)]
    return found


def _brackets_after(code: str, depth: int) -> tuple[int, int]:
    """The brackets still open after a line of code, ``depth`` open before it, and where in it the
    last of them closes (-1 if not there); string literals and a comment are no code."""
    masked = _CODE_STRING.sub(lambda literal: "_" * len(literal.group()), code)
    for at, character in enumerate(masked):
        if character in "[({":
            depth += 1
        elif character in "])}":
            depth -= 1
            if depth == 0:
                return 0, at
        elif character == "#":
            break
    return depth, -1


ENVIRONMENT_SETTINGS = frozenset({"environment", "env"})
"""Settings (any case) whose value is the environment a service manager or an app server gives a
program, as ``NAME=value`` pairs apart by blanks or commas: systemd's ``Environment=A=1 "B=2 3"``,
supervisord's ``environment=A="1",B="2"``, uWSGI's ``env = A=1``."""
_ENVIRONMENT_NAME_LENGTHS = frozenset(len(name) for name in (*ENVIRONMENT_SETTINGS, "raw_env"))
"""The lengths of the names ``_environment_pairs`` reads a value of (``str.lower`` keeps a name's
length or makes it longer with a combining mark): a cheap test before it, on every line."""
_ENVIRONMENT_WORD = re.compile(r"""(?:[^\s,"'\\]|\\.|"(?:[^"\\]|\\.)*+"|'[^']*+')++""")
"""A word of an environment setting's value: up to a blank or a comma outside quotes."""
_ENVIRONMENT_PAIR = re.compile(r"([A-Za-z_]\w*+)=(.*)", re.DOTALL)
_UNIT_SPECIFIER = re.compile(r"%[A-Za-z](?:/[^\s]*+)?+")
"""A systemd or uWSGI specifier alone or before a path (``%i``, ``%d/db-password``: the credentials'
or the config's directory), filled in when the setting is read: no literal."""


_BRACKETED_ENVIRONMENT = re.compile(r"[ \t]*+env\[[ \t]*+([A-Za-z_]\w*+)[ \t]*+\][ \t]*+=(.*)")
"""An environment variable a php-fpm pool gives its workers: ``env[NAME] = value``."""


def _bracketed_environment_setting(names: Names, line: str) -> str | None:
    """The NAME of a php-fpm pool's ``env[NAME] = value`` line (``_BRACKETED_ENVIRONMENT``) that sets a
    secret in plain text, judged as an environment setting's pair is (``_shell_word_setting``), its
    value without INI's `` ; comment``; None otherwise."""
    match = _BRACKETED_ENVIRONMENT.fullmatch(line)
    return None if match is None else _shell_word_setting(names, match.group(1), without_trailing_comment(match.group(2)))


_INVENTORY_HOST_LINE = re.compile(r"[ \t]*+[^\s=#;\[][^\s=]*+((?:[ \t]++[A-Za-z_]\w*+=\S*+)++.*)")
"""An Ansible INI inventory's host line: a host or a range of hosts (``db1``, ``web[01:03].example.com``,
``10.0.0.5:2222``), then its variables, ``name=value`` apart by blanks."""
_INVENTORY_WORD = re.compile(r"""(?:[^\s"'\\]|\\.|"(?:[^"\\]|\\.)*+"|'[^']*+')++""")
"""A word of a host line's variables: up to a blank outside quotes (Ansible splits it as the shell does)."""


def _inventory_host_settings(names: Names, line: str, in_an_inventory: bool = False) -> list[str]:
    """The name of each variable of an Ansible INI inventory's host line (``db1 ansible_host=10.0.0.5
    ansible_password=...``) that sets a secret in plain text, judged as an environment setting's pair
    is (``_shell_word_setting``). A line is one when every word after its host, up to a comment, is
    a ``name=value`` pair and one of them is Ansible's own (``ansible_...``); any such line of a text
    known as an inventory (``in_an_inventory``: ``inventory_settings``)."""
    match = _INVENTORY_HOST_LINE.fullmatch(line)
    if match is None:
        return []
    pairs = [_ENVIRONMENT_PAIR.fullmatch(word) for word in _INVENTORY_WORD.findall(without_trailing_comment(match.group(1)))]
    if not all(pairs) or not (in_an_inventory or any(pair.group(1).startswith("ansible_") for pair in pairs if pair is not None)):
        return []
    settings: list[str] = []
    for pair in pairs:
        if pair is not None and (setting := _shell_word_setting(names, pair.group(1), pair.group(2))) is not None and setting not in settings:
            settings.append(setting)
    return settings


INVENTORY_KEYS = frozenset({"hosts", "inventory"})
"""ConfigMap keys (any case) that name an Ansible INI inventory, as do keys ending in ``.ini``
(``hosts.ini``, ``prod.ini``) when their text has a group's header (``is_inventory``)."""
_INVENTORY_GROUP = re.compile(r"^[ \t]*+\[[A-Za-z0-9_.\-]++(?::(?:vars|children))?+\][ \t]*+\r?$", re.MULTILINE)
"""A group's header in an INI inventory: ``[db]``, ``[db:vars]``, ``[prod:children]``."""


def is_inventory(key: str, text: str) -> bool:
    """Whether a ConfigMap entry is an Ansible INI inventory: its key is ``hosts``, ``inventory`` or
    ends in ``.ini``, and its text has a group's header (``[db]``; ``/etc/hosts`` has none)."""
    lowered = key.lower()
    return (lowered in INVENTORY_KEYS or lowered.endswith(".ini")) and "[" in text and _INVENTORY_GROUP.search(text) is not None


def inventory_settings(names: Names, text: str) -> list[tuple[int, str]]:
    """(line, name) of each variable of an inventory's host lines (``is_inventory``) that sets a
    secret in plain text, whatever the variables' names: ``db1 db_host=10.0.0.5 db_password=...``
    (with no ``ansible_`` variable, a line ``config_settings`` does not read as a host's)."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "=" in line:
            found += [(number, setting) for setting in _inventory_host_settings(names, line, in_an_inventory=True)]
    return found


def _environment_settings(names: Names, value: str, quoted_only: bool = False) -> list[str]:
    """The NAME of each ``NAME=value`` pair of an environment setting's value (``_environment_pairs``)
    that sets a secret in plain text, judged as a shell line's ``NAME=value`` word is
    (``_shell_word_setting``); a pair quoted whole (systemd's ``"DB_PASSWORD=..."``) is read
    without its quotes. ``quoted_only``: in code, where only a string literal is a pair."""
    settings: list[str] = []
    for word in _ENVIRONMENT_WORD.findall(value):
        quoted = len(word) > 1 and word[0] in ("'", '"') and word[-1] == word[0]
        if quoted:
            word = word[1:-1]
        elif quoted_only:
            continue
        pair = _ENVIRONMENT_PAIR.fullmatch(word)
        if pair is None or _UNIT_SPECIFIER.fullmatch(pair.group(2).strip("\"'")) is not None:
            continue
        if (setting := _shell_word_setting(names, pair.group(1), pair.group(2))) is not None and setting not in settings:
            settings.append(setting)
    return settings


_LDIF_BASE64 = re.compile(r"[ \t]*+((?:[A-Za-z0-9+/]{4})++(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?+|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)[ \t]*+")
_PRINTABLE_TEXT = re.compile(r"[^\x00-\x1f\x7f]++")


def ldif_base64_value(raw: str) -> str | None:
    """The text of an LDIF value written in base64 after ``::`` (``userPassword:: c2VjcmV0``; ``raw``
    is what follows the first colon), or None: whole base64 on the line (a value folded over lines
    is not read), decoding to printable UTF-8 text. Its text is judged as the value: a password in
    plain text is one, a ``{SSHA}`` verifier none."""
    found = _LDIF_BASE64.fullmatch(raw)
    if found is None:
        return None
    try:
        text = base64.b64decode(found.group(1), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return text if _PRINTABLE_TEXT.fullmatch(text) is not None else None


def _first_setting(
    names: Names, blocks: _Blocks, parent: str | None, line: str, match: re.Match[str], name: str, raw: str, written: _Written
) -> str | None:
    """The setting a ``name = value`` / ``name: value`` line sets in plain text by its value, or
    None: a sensitive name, a value judged by its shape or Spring's ``{noop}``, or a neutral name
    under a parent (``parent``, the innermost block's key) that makes it sensitive (``jwt.key``)."""
    if names.sensitive(name) or name in CONFIG_SENSITIVE_KEYS:
        if raw[:1] == ">":  # 'name' => value
            code_entry = written.code and code_key(line[: match.start(1)])
            return name if arrow_literal(without_closers(php_value(raw[1:])), name, code_entry) else None
        if "<<" in raw and HEREDOC.fullmatch(raw.strip()) is not None:
            return None  # password = <<EOT: its text, on the next lines, is judged (RunOn)
        if "(" in raw and (lookup := OPEN_LOOKUP.fullmatch(raw.strip())) is not None and (lookup.group("call")[-1] == "(" or written.source):
            # password = os.environ.get( / "DB_PASSWORD" / ): the whole call is judged (RunOn); in code also
            # os.environ.get("DB_PASSWORD", / "default"); elsewhere such a line stays judged as written too
            return None
        if written.source:
            return name if _source_setting_literal(line, match, raw, name, written) else None
        if raw[:1] == ":" and (decoded := ldif_base64_value(match.group(2)[1:])) is not None:
            return name if setting_holds_a_secret(decoded, name) else None  # LDIF's userPassword:: base64
        assigned = _assigned_word_unless_an_option(line, raw)
        value = config_value(assigned)
        held: bool | None = None  # setting_holds_a_secret(value, name), once asked of this value
        if written.code and _a_code_entry(line, match):
            if (judged := code_shaped_entry_literal(raw, written.closed_below, name)) is not None:
                return name if judged else None
            value = without_type_assertions(without_closers(value))  # APIToken: os.Getenv("T")}: the brace closes the literal
        elif written.comments:
            whole = without_trailing_comment(assigned)
            value = config_value(without_note(line, whole))
            held = blocks.holds_a_secret(value, name)
            if not held and (whole_value := config_value(whole)) != value:  # password = 12 & x: INI's value is the whole text
                value, held = whole_value, None
        if value[:1] in ("'", '"') and validation_rules(value):
            return None  # password: 'required|min:8' (VeeValidate, a form's rules in YAML)
        if names_a_key_of_its_secret(parent, name, value):
            return None  # existingSecret: / secretKey: password: the key in that Secret
        if written.shell and not _read_as_the_shell_word(line, name, value):
            return None  # export DB_PASSWORD=${DB_PASSWORD}x in run.sh: what the shell reads there, as in sh -c
        return name if (blocks.holds_a_secret(value, name) if held is None else held) and not _sealed(parent, raw) and not _nsswitch_line(line, match, value) and not _permission_level(parent, value) and not _salt_decrypted_pillar(blocks, line, value) else None
    if is_judged_by_value(name) and judged_by_value(name, config_value(raw)) and not names.is_allowed(name):
        if not written.comments or judged_by_value(name, config_value(without_trailing_comment(raw))):
            return name  # a comment after it is no part of it: "Authorization: Bearer $TOKEN" # set by the pod
    if raw.lstrip(" \t")[:1] == "[" and names_headers(name) and not names.is_allowed(name):
        if any(judged_by_value(name, item) for item in flow_sequence_items(raw)):
            return name  # headers: ["Accept: x", "Authorization: Token ..."]: each item a whole header
    if "{noop}" in raw and _noop_password(config_value(raw)) and not names.is_allowed(name):
        return name
    if written.sonar_token and name[-11:] == "sonar.login" and name[-12:-11] in ("", ".") and _sonar_login_token(names, written.uncommented(raw)):
        return name
    if written.sonar_token and name == "login" and parent == "sonar" and _sonar_login_token(names, written.uncommented(raw)):
        return "sonar.login"  # sonar: / login: <token>, as sonar.login=<token>
    if parent == "admins" and not written.source and blocks.in_section():
        return _couchdb_admin(names, name, raw, written)
    if name == "args" and parent in ("passdb", "userdb") and "password=" in raw:
        return _dovecot_static_password(names, parent, raw, written)
    if parent is None and name == "key" and not written.source and line.lstrip(" \t")[:1] == "-":
        listed = blocks.list_parent(line)  # Kong's keyauth_credentials: / - key: ...: a list of credentials or keys
        parent = listed if listed is not None and listed.lower().endswith(_CREDENTIAL_LISTS) else None
    if name == "key" and parent == "admin_key" and not written.source:
        setting = "admin_key.key"  # APISIX's admin_key: / - name: admin / key: ...: the Admin API's key
        return setting if not names.is_allowed(setting) and setting_holds_a_secret(config_value(written.uncommented(raw)), setting) else None
    if parent is None or not blocks.sensitive_under(names, parent, name):
        return None
    under_parent = config_value(written.uncommented(raw))
    setting = f"{parent}.{name}"
    literal = source_literal(raw, setting) if written.source else setting_holds_a_secret(under_parent, setting)
    return setting if literal else None


_CREDENTIAL_LISTS = ("credentials", "creds", "keys")
"""How the key of a YAML list of credentials or keys ends (Kong's ``keyauth_credentials``, ``api_keys``): the
``key`` first in an item of it (``- key: ...``) is judged under that key, as the item's other keys are."""
_SONAR_TOKEN_LENGTH = 20
_SONAR_BLOCK = re.compile(r"^[ \t]*+sonar[ \t]*+:[ \t]*+(?:#[^\n]*+)?+$", re.MULTILINE)
"""A YAML block of SonarScanner's settings (``sonar:`` then ``  login: ...`` below, in a CI config)."""
_PASSWORD_KEY = re.compile(r"^[ \t]*+(?:-[ \t]++)?+[\"']?+password[\"']?+[ \t]*+:", re.MULTILINE)
"""A YAML ``password:`` key anywhere in a text: beside a ``sonar:`` block's ``login``, it makes the
login a user's name, as ``sonar.password`` does."""


def _sonar_login_block(text: str) -> bool:
    """Whether a text has SonarScanner's settings as a YAML block (``sonar:`` / ``  login: ...``) and no
    ``password:`` key anywhere (``_PASSWORD_KEY``), so that its ``login`` is read as ``sonar.login`` is."""
    return "sonar" in text and "login" in text and _SONAR_BLOCK.search(text) is not None and _PASSWORD_KEY.search(text) is None


def _sonar_login_token(names: Names, raw: str) -> bool:
    """Whether SonarScanner's ``sonar.login``, in a text that sets no ``sonar.password`` (where the
    scanner reads it as a token), holds a token in plain text: a literal of 20 characters or more,
    no blank in it, without the shape of a name (``NAME_SHAPED``: a digit inside a word, as a legacy
    token's 40 hex digits have). A user's name (``admin``, ``ci-scanner``), a reference or a value
    with blanks (``sonar.login=x sonar.host.url=...``, settings on one line) is none."""
    value = config_value(raw).strip("\"'")
    return (
        len(value) >= _SONAR_TOKEN_LENGTH
        and " " not in value
        and "\t" not in value
        and not names.is_allowed("sonar.login")
        and setting_holds_a_secret(value, "sonar.login")
        and NAME_SHAPED.fullmatch(value) is None
    )


_DOVECOT_PASSWORD_ARG = re.compile(r"(?:^|[ \t])password=(?P<password>[^\s\"']++)")
"""The ``password=`` argument of a Dovecot ``passdb``/``userdb`` block's ``args`` (the static
driver's one password for every user: ``args = password=... allow_nets=10.0.0.0/8``)."""


def _dovecot_static_password(names: Names, parent: str, raw: str, written: _Written) -> str | None:
    """``passdb.args`` for a Dovecot ``args = password=...`` line whose password is in plain text
    (also after ``{PLAIN}``), or None: a hash Dovecot compares against (``{SSHA512}...``,
    ``{SHA512-CRYPT}$6$...``: a ``PASSWORD_VERIFIER`` after its scheme), a reference, or none given."""
    setting = f"{parent}.args"
    match = _DOVECOT_PASSWORD_ARG.search(config_value(written.uncommented(raw)))
    if match is None or names.is_allowed(setting):
        return None
    password = match.group("password")
    if password[:1] == "{" and (scheme := _DOVECOT_SCHEME.match(password)) is not None:
        if PASSWORD_VERIFIER.match(password) or PASSWORD_VERIFIER.match(password[scheme.end() :]):
            return None
        if scheme.group(1).upper() not in ("PLAIN", "CLEAR", "CLEARTEXT", "CLEARTXT"):
            return None  # another scheme Dovecot knows: a hash in a shape not checked here
        password = password[scheme.end() :]
    return setting if setting_holds_a_secret(password, "password") else None


_DOVECOT_SCHEME = re.compile(r"\{([A-Za-z0-9.\-]++)\}")
"""The scheme before a Dovecot password (``{PLAIN}``, ``{SSHA512}``, ``{SHA512-CRYPT}``)."""


def _couchdb_admin(names: Names, name: str, raw: str, written: _Written) -> str | None:
    """``admins.<user>`` for a line of CouchDB's ``[admins]`` INI section (``local.ini``, the Docker
    image's ``docker.ini``: ``admin = ...``, a user's name then their password) whose value is a
    password in plain text, as CouchDB reads it at start-up before hashing it into the file; None for
    its hashes (``-pbkdf2-...``, ``-pbkdf2:sha256-...``, ``-hashed-...``: ``PASSWORD_VERIFIER``), a
    reference, a placeholder or an empty value."""
    setting = f"admins.{name}"
    value = config_value(written.uncommented(raw))
    return setting if not names.is_allowed(setting) and setting_holds_a_secret(value, "password") else None


NSSWITCH_DATABASES = frozenset(
    "aliases automount ethers group gshadow hosts initgroups netgroup networks passwd protocols publickey rpc services shadow subid sudoers".split()
)
"""The databases an ``nsswitch.conf`` line names (``passwd:``, ``shadow:``): the keys of that file."""
_NSSWITCH_SOURCE = (
    r"(?:files|db|nis|nisplus|ldap|sss|compat|dns|mymachines|resolve|myhostname|winbind|wins|systemd|hesiod|altfiles"
    r"|extrausers|usrfiles|cache|oslogin|libvirt|libvirt_guest|mdns|mdns4|mdns6|mdns_minimal|mdns4_minimal|mdns6_minimal)"
)
_NSSWITCH_ACTION = r"\[[ \t]*+(?:!?+(?:success|notfound|unavail|tryagain)[ \t]*+=[ \t]*+(?:return|continue|merge)[ \t]*+)++\]"
_NSSWITCH_SOURCES = re.compile(rf"(?i:(?:{_NSSWITCH_SOURCE}|{_NSSWITCH_ACTION})(?:[ \t]++(?:{_NSSWITCH_SOURCE}|{_NSSWITCH_ACTION}))*+)")
"""The value of an ``nsswitch.conf`` line: the services a database is looked up in, in order
(``files systemd``, ``sss files``), with the actions between them (``[NOTFOUND=return]``)."""


def _nsswitch_line(line: str, match: re.Match[str], value: str) -> bool:
    """Whether a ``name: value`` line (``_CONFIG_LINE``'s ``match``) is an ``nsswitch.conf`` line
    (``passwd:  files systemd``): a database's name and a colon, then the sources it is looked up in,
    no password (``passwd: ...`` with another value, or ``passwd=files``, is still judged as one)."""
    colon = line[match.start(2) - 1 : match.start(2)] == ":"
    return colon and match.group(1) in NSSWITCH_DATABASES and _NSSWITCH_SOURCES.fullmatch(value) is not None


_PERMISSION_LEVELS = frozenset({"read", "write", "none"})


def _permission_level(parent: str | None, value: str) -> bool:
    """Whether a setting is a GitHub Actions permission (``permissions:`` / ``  id-token: write``):
    the level of access granted to a scope, no token."""
    return parent == "permissions" and value.strip("\"'") in _PERMISSION_LEVELS


_SALT_DECRYPTING_RENDERERS = frozenset({"gpg", "nacl"})


def _salt_decrypted_pillar(blocks: _Blocks, line: str, value: str) -> bool:
    """Whether a setting is an item of a Salt master's ``decrypt_pillar`` list (``decrypt_pillar:`` /
    ``  - 'secrets': gpg``): a pillar key to decrypt and the renderer that decrypts it, no secret."""
    return value.strip("\"'") in _SALT_DECRYPTING_RENDERERS and line.lstrip(" \t")[:1] == "-" and blocks.list_parent(line) == "decrypt_pillar"


_CHPASSWD_RANDOM = re.compile(r"[^:\s]++:(?:RANDOM|R)")


def _chpasswd_list_literal(text: str) -> bool:
    """Whether cloud-init's ``chpasswd: list: |`` (``text``: its lines joined by blanks) holds a
    password in plain text: a line ``user:$6$...`` (a hash) or ``user:RANDOM`` (``R``, a password
    cloud-init generates) holds none; with another line, the text is judged whole as before."""
    lines = text.split()
    if lines and all(_CHPASSWD_RANDOM.fullmatch(line) or PASSWORD_VERIFIER.match(line.partition(":")[2]) for line in lines):
        return False
    return setting_holds_a_secret(text, "chpasswd.list")


HCL_SUFFIXES = (".tf", ".tfvars", ".hcl")
"""Files in HCL by their ConfigMap key's end: Terraform's ``main.tf``, ``terraform.tfvars`` and
``backend.hcl``, Packer's ``build.pkr.hcl``, Vault's and Nomad's ``*.hcl``. A string is quoted there;
a value written bare is an expression (``hcl_expression_line``)."""
_HCL_NAME = r"[A-Za-z_][\w\-]*+"
_HCL_TRAVERSAL = rf"{_HCL_NAME}(?:\.{_HCL_NAME}|\.\d++|\[(?:\"[^\"\\\n]*+\"|\d++)\])++"
_HCL_READ = r"(?:file|filebase64|templatefile|vault|aws_secretsmanager|consul_key)"
_HCL_ARGUMENT = rf"(?:{_HCL_TRAVERSAL}|\"[^\"\\\n]*+\")"
_HCL_EXPRESSION_LINE = re.compile(
    rf"[ \t]*+\"?+{_HCL_NAME}\"?+[ \t]*+=[ \t]*+"
    r"(?P<wrappers>(?:(?:sensitive|nonsensitive|trimspace|chomp|base64decode|jsondecode|yamldecode)\([ \t]*+)*+)"
    rf"(?:{_HCL_TRAVERSAL}|{_HCL_READ}\([ \t]*+{_HCL_ARGUMENT}(?:[ \t]*+,[ \t]*+{_HCL_ARGUMENT})*+[ \t]*+\))"
    r"(?P<closers>(?:[ \t]*+\))*+)[ \t]*+(?:(?:#|//).*+)?+"
)


def hcl_expression_line(line: str) -> bool:
    """Whether a line of an HCL file (``HCL_SUFFIXES``) gives its attribute an expression that holds
    no literal: a reference (``var.db_password``, ``local.x``, ``random_password.db.result``,
    ``data.vault_generic_secret.db.data["password"]``), a function that reads the secret from
    elsewhere (``file("sa.json")``, Packer's ``vault("/secret/data/x", "pw")`` and
    ``aws_secretsmanager("x", "token")``), maybe inside ``sensitive(...)``, ``trimspace(...)``...
    A quoted string (``"hunter2"``), a bare word, or a call holding more (``coalesce(var.x,
    "hunter2")``, ``sensitive("hunter2")``) is judged as written."""
    if len(line) > 1024:
        return False
    matched = _HCL_EXPRESSION_LINE.fullmatch(line.rstrip("\r"))
    return matched is not None and matched.group("wrappers").count("(") == matched.group("closers").count(")")


NO_TRAILING_COMMENTS = (".properties",)
"""Config files (by their ConfigMap key's end) whose values run to the end of their line: a
.properties file has comments on lines of their own only, and its key may be separated from its
value by blanks alone (``_BLANK_SEPARATED``)."""


_CODE_MARKERS = re.compile(
    r"^package[ \t]++[A-Za-z_]\w*+[ \t\r]*+$|^[ \t]*+func[ \t(]|:=|\w\{[ \t\r]*+$"  # Go
    r"|^[ \t]*+(?:module\.exports[ \t]*+=|export[ \t]++(?:default|const|let|var)[ \t]"  # JavaScript, TypeScript
    r"|(?:const|let|var)[ \t]++[A-Za-z_$][\w$]*+[^=\r\n]*+=[ \t]*+\{[ \t\r]*+$)",
    re.MULTILINE,
)
"""What marks a text as Go or JavaScript code (or code like it): a ``package main`` line, a
``func``, a short variable declaration ``:=``, a composite literal opened at a line's end
(``Config{``); ``module.exports =``, ``export default``, ``export const``, an object literal opened
at a line's end by a declaration (``const config = {``, TypeScript's ``const config: Config = {``).
YAML has none of them (a flow mapping needs a blank before its ``{``; a declaration is no YAML
key), nor has the shell (its ``export`` is followed by a variable's name)."""


def _a_code_entry(line: str, match: re.Match[str]) -> bool:
    """Whether a ``name: value`` line of a code text is an entry of a composite literal or an object
    literal: a ``:`` right after the name."""
    return line[match.end(1) : match.start(2)].strip(" \t\"'") == ":"


def _named_under(names: Names, blocks: _Blocks, line: str, name: str) -> str | None:
    """``parent.name`` for a neutral key that its parent makes sensitive (``sensitive_under``:
    ``password:`` / ``value: ...``, ``[database.password]`` / ``value = ...``, ``jwt:`` / ``key:``),
    as ``_config_line_settings`` names its setting; None otherwise (``password:`` / ``policy:``)."""
    parent = blocks.parent_of(line)
    if parent is None or not blocks.sensitive_under(names, parent, name):
        return None
    setting = f"{parent}.{name}"
    return None if names.is_allowed(setting) else setting


def _other_line_settings(
    names: Names, line: str, fluent_bit: bool, fluentd: bool, php_defines: bool, go: bool, code: bool, source: str = ""
) -> tuple[list[str], Entry | None]:
    """The settings a line that is no ``name = value`` line sets in plain text: each name of a Go
    declaration (``go_declaration_settings``), else each entry of a YAML list item written as a
    mapping (``flow_mappings_settings``), else a directive's or an assignment's
    (``_directive_or_assignment_settings``), else
    each entry of a hash or an array in code written on the line (``code_entries_settings``), and
    the last of those entries when they were read; TypeScript's assertions are read through in a
    text of ``code`` or a JavaScript statement (``const db = { password: process.env.PW! };``). In
    ``source`` code, an INI key with spaces is a declaration (``String password = ...``), its value
    judged as code's. A comment line's hash or object (``_comment_line``) is no code: it sets nothing."""
    if source in _GO_OR_UNNAMED and (declared := go_declaration_settings(names, line, go)) is not None:
        return declared, None
    if source in _TYPESCRIPT_SUFFIXES and "type" in line and _TYPE_ALIAS.match(line) is not None:
        return [], None  # type Password = 'plain' | 'hashed';: a type, its string literals no values
    if "{" in line and (item := FLOW_LIST_ITEM.match(line)) is not None:
        settings = flow_mappings_settings(names, "", item.group(1))  # - {name: DB_PASSWORD, value: x}
    elif not code and not source and "{" in line and (item := BARE_FLOW_ITEM.match(line)) is not None:
        settings = flow_mappings_settings(names, "", item.group(1))  # nats.conf's users: [ / {user: a, password: x}
    elif not code and not source and "{" in line and (users := USERS_LIST.search(line)) is not None:
        settings = _users_list_settings(names, line, users.end())  # authorization { users = [ {user: a, password: x} ] }
    else:
        settings = _directive_or_assignment_settings(names, line, fluent_bit, fluentd, php_defines, source)
    if not settings and ("=>" in line or ":" in line) and not _comment_line(line, source):
        script = code or _JAVASCRIPT_STATEMENT.match(line) is not None
        return code_entries_settings(names, line, False, script)  # return ['host' => 'db', 'password' => '...'];, var cfg = Config{Password: "..."}
    return settings, None


def _users_list_settings(names: Names, line: str, at: int) -> list[str]:
    """Each secret set by the users of NATS' list opened on a line that goes on with them
    (``authorization { users = [ {user: a, password: x, permissions: {publish: ">"}} ] }``):
    each mapping after ``[`` at the list's level, read as an item on a line of its own is."""
    settings: dict[str, None] = {}
    for item in BARE_MAPPING.finditer(line, at):
        settings.update(dict.fromkeys(flow_mappings_settings(names, "", item.group())))
    return list(settings)


_COMMENT_LINE = re.compile(
    r"[ \t]*+(?:#|;(?![(\[{`+\-/!~]|(?:var|let|const|function|class|async)(?![\w$]))|//(?:[ \t]|$))"
)
"""A whole-line comment in a config file: ``#`` (YAML, INI, TOML, dotenv, shell, .properties), a ``;``
(INI's, php.ini's, my.cnf's: ``; db = {...}`` and ``;db = {...}`` alike, as the setting reader
passes ``;password = ...`` over) or ``//`` then a blank (code's, JSON with comments'); not .npmrc's
``//registry.example.org/:_authToken=...``, nor a ``;`` that guards a JavaScript statement starting
the line (``;(function () {``, ``;[a, b]``, ``;var cfg = {...}``)."""


def _comment_line(line: str, source: str) -> bool:
    """Whether a line is a comment as a whole: in ``source`` code, what starts its comments there
    (``code_before_comment``: ``#`` in Python and Ruby, ``//`` in the others, either in PHP) opens
    it, blanks before it at most; elsewhere ``_COMMENT_LINE``. Its object is no setting, as its
    ``name = value`` is none (``# db = {"password": "..."}``, ``// const cfg = { password: "..." }``)."""
    if source:
        return not code_before_comment(line, source).strip(" \t") and line.strip(" \t") != ""
    return _COMMENT_LINE.match(line) is not None


_CONTINUED_ARGUMENTS = re.compile(r"[ \t]++[A-Za-z_]\w*+[ \t]*+=(?![=>])")
"""A line of code that may go on with the keyword arguments of a call opened on a line above:
indented, it starts with ``name=`` and a comma is on it (Python's ``connect(`` then ``host="db",
password="..."``, a Kotlin call's ``user = "app", password = "..."``): read as its arguments are
(``keyword_argument_settings``), its first ``name=`` being also a setting of its own."""
_NAMED_ARGUMENT_SOURCES = (".cs", ".php")
"""Source code whose calls name an argument with ``name:`` (C#'s and PHP 8's named arguments)."""
_JAVASCRIPT_STATEMENT = re.compile(r"[ \t]*+(?:export[ \t]++(?:default|const|let|var)[ \t]|(?:const|let|var)[ \t]++[A-Za-z_$])")
"""A line that is a JavaScript or TypeScript declaration or export (the shell's ``export`` is
followed by a variable's name; YAML's keys hold no blank)."""
_GO_TEXT = re.compile(r"^[ \t]*+(?:package[ \t]++[A-Za-z_]\w*+|(?:var|const)[ \t]*+\()[ \t\r]*+(?://.*)?$", re.MULTILINE)
"""What marks a text as Go: a ``package`` line, or a ``var (`` or ``const (`` block opened."""
_GO_OR_UNNAMED = ("", ".go")
"""The ``source_code_suffix`` of a key whose text may be Go (``_GO_TEXT``) and whose lines may be
Go declarations (``go_declaration_settings``): in other source code, Kotlin's ``package a`` is no Go
package, its ``val password = ...`` and ``const val API_KEY = ...`` no Go declaration of ``val`` as
a ``password`` or an ``API_KEY``, and C#'s ``const string password = ...`` names its type first."""


def _directive_or_assignment_settings(
    names: Names, line: str, fluent_bit: bool, fluentd: bool, php_defines: bool, source: str = ""
) -> list[str]:
    """The settings a line that is no ``name = value`` line (nor a YAML list item written as a
    mapping) sets in plain text: one at most of a space-separated or web server directive, PHP's
    ``define``, an assignment in code, a fluent-bit ``key value`` line (in its configs), a Spark
    ``spark.name  value`` line (``spark-defaults.conf``), an INI key
    with spaces; a fluentd ``key value`` line's, or each of its headers hash (in its configs).
    ``source``: the suffix of a key named as source code, "" for any other."""
    match = DIRECTIVES.match(line)
    if match:
        name = match.lastgroup or ""
        return [DIRECTIVE_LABELS[name]] if setting_literal(config_value(match.group("s" + name[1:]))) is not None else []
    if (setting := named_directive(names, line)) is not None:
        return [setting]
    if "http-check" in line and (settings := haproxy_check_headers(names, line)):
        return settings
    if "httpchk" in line and (settings := haproxy_httpchk_headers(names, line)):
        return settings
    if "set" in line and "$" in line and (setting := nginx_set_variable(names, line)) is not None:
        return [setting]
    if "env[" in line and (setting := _bracketed_environment_setting(names, line)) is not None:
        return [setting]
    if php_defines and (setting := _php_define(names, line)) is not None:
        return [setting]
    if (setting := _code_assignment(names, line, bool(source))) is not None:
        return [setting]
    if source == ".rb" and (setting := _ruby_variable_assignment(names, line)) is not None:
        return [setting]
    if source in LOGICAL_ASSIGNMENTS and (setting := _logical_assignment(names, line, source)) is not None:
        return [setting]
    if fluent_bit and (setting := fluent_bit_setting(names, line)) is not None:
        return [setting]
    if fluentd and (settings := fluentd_settings(names, line)):
        return settings
    if "spark." in line and not source and (setting := spark_conf_setting(names, line)) is not None:
        return [setting]
    if source and " " in line and (setting := typed_declaration_setting(names, line, source)) is not None:
        return [setting]  # string? password = ..., public string Password { get; set; } = ..., C#'s Password => ...;
    if "ansible_" in line and not source and (settings := _inventory_host_settings(names, line)):
        return settings
    if " " in line and (setting := _spaced_setting(names, line, bool(source))) is not None:
        return [setting]
    return []


_STRING_LITERAL_UNION = re.compile(
    r"""[ \t]*+(?:\|[ \t]*+)?+(?:'[^'\\\r\n]*+'|"[^"\\\r\n]*+")(?:[ \t]*+\|[ \t]*+(?:'[^'\\\r\n]*+'|"[^"\\\r\n]*+"|null|undefined))++[ \t]*+[;,]?+[ \t]*+"""
)
"""A union of string literal types, the type of a member of a TypeScript object type or interface
(``password: 'plain' | 'hashed';``, maybe ``| undefined``): each string names a value the member
may take, none is given. Each ``|`` starts one more literal: linear."""
_STRING_UNION_PART = re.compile(
    r"""[ \t]*+(?:\|[ \t]*+)?+(?:'[^'\\\r\n]*+'|"[^"\\\r\n]*+"|null|undefined)(?:[ \t]*+\|[ \t]*+(?:'[^'\\\r\n]*+'|"[^"\\\r\n]*+"|null|undefined))*+[ \t]*+\|?+[ \t]*+[;,]?+[ \t\r]*+"""
)
"""A line going on with a union of string literal types (``  | 'hashed';``, ``  'hashed' |``): its
literals, each after a ``|``, maybe one more ``|`` after them. Each ``|`` starts one more literal: linear."""


def _string_union_over_lines(raw: str, lines: list[str], at: int) -> str | None:
    """A member's union of string literal types whose first literal is on the member's line and the
    rest on the lines below (``password: 'plain'`` then ``  | 'hashed';``, or ``'plain' |`` then
    ``  'hashed';``), as written on one line (``_STRING_LITERAL_UNION``), or None: no ``|`` to go on
    with, a line below of another shape, a literal left alone. ``lines[at:]``: the lines below
    (200 at most read, each a part of the union only)."""
    value = raw.strip(" \t\r")
    if value[:1] not in ("'", '"'):
        return None
    parts = [value]
    for below in lines[at : at + 200]:
        if parts[-1][-1:] != "|" and below.lstrip(" \t")[:1] != "|":
            break
        if _STRING_UNION_PART.fullmatch(below) is None:
            return None
        parts.append(below.strip(" \t\r"))
    union = " ".join(parts)
    return union if len(parts) > 1 and _STRING_LITERAL_UNION.fullmatch(union) is not None else None


def _source_setting_literal(line: str, match: re.Match[str], raw: str, name: str, written: _Written) -> bool:
    """Whether the value of a sensitive ``name = value`` / ``name: value`` line of source code sets
    a secret in plain text: an entry's as the code reader judges it (``code_shaped_entry_literal``:
    a call with a secret-shaped argument is one, but a credential's constructor whose password is
    reported on its line, ``reported_credential``), else as code (``source_literal``). In JavaScript
    and TypeScript, a member typed as a union of string literals (``_STRING_LITERAL_UNION``) sets none."""
    if "|" in raw and written.source in JAVASCRIPT_SUFFIXES and _STRING_LITERAL_UNION.fullmatch(raw) is not None:
        return False  # type Opts = { / password: 'plain' | 'hashed'; / }: a type (in JavaScript, a bitwise or, a number), no value
    if _a_code_entry(line, match) and raw[:1] != "=" and (judged := code_shaped_entry_literal(raw, written.closed_below, name)) is not None:
        return judged and not ((entry := CALL_ENTRY.fullmatch(raw)) is not None and reported_credential(entry.group("value").rstrip(" \t")))
    return source_literal(raw, name)
