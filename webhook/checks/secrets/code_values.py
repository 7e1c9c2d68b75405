"""Values written in code (PHP, Ruby, Go, JavaScript, Python): whether one is a secret in plain text
(a string, a number, a lookup's literal default) or code computing it (a variable, a call, a member chain)."""

from __future__ import annotations

import re

from webhook.checks.secrets.setting_values import NAME_SHAPED, config_value, hidden_part, no_secret_for, setting_holds_a_secret
from webhook.checks.secrets.values import ENV_LOOKUP, MEASURE, code_default, is_literal_setting, validation_rules

PHP_STRING = re.compile(r"[ \t]*+('(?:[^'\\]|\\.)*+'|\"(?:[^\"\\]|\\.)*+\")")
"""A quoted PHP string at the start of a value (escapes included)."""


def php_value(raw: str) -> str:
    """The value of a PHP array entry or ``define``: a quoted string when it starts with one (what
    follows it, ``);`` or a comment, is not part of it), else the expression up to ``;``, without
    the ``)`` that closes ``define(``."""
    quoted = PHP_STRING.match(raw)
    if quoted is not None:
        return quoted.group(1)
    return config_value(raw.partition(";")[0])
CODE_QUOTES = frozenset("'\"`")


def without_closers(value: str) -> str:
    """A value without the brackets after it that close the hash or array it is in
    (``getenv('X')]``, ``$ENV{X})``, ``'x']``): those at its end that nothing in it opens."""
    if value[:1] in ("'", '"'):
        return value  # a quoted string, read up to its closing quote
    excess = {closer: value.count(closer) - value.count(opener) for closer, opener in _CLOSERS.items()}
    end = len(value)
    while end and (char := value[end - 1]) in " \t)]}":
        if char in excess:
            if excess[char] <= 0:
                break
            excess[char] -= 1
        end -= 1
    return value[:end]


_CLOSERS = {")": "(", "]": "[", "}": "{"}


_CODE_EXPRESSION = re.compile(r"[$@].*|.*(?:::|\\|\().*|[A-Z_][A-Z0-9_]*+", re.DOTALL)
"""An unquoted value that is code: a variable (``$db_pass``, ``@password``), a class constant
(``Config::SECRET``), a namespaced name, a call, or a constant (``DB_PASSWORD``)."""


def arrow_literal(value: str, name: str, code: bool = False) -> bool:
    """Whether the value of a ``'name' => value`` entry is a secret in plain text: PHP's and Ruby's
    entries hold code (``DB_PASSWORD``, ``Config::SECRET``, ``get_password()``); Logstash's and
    Puppet's may be bare words, read as written. In ``code`` (an entry of a text marked as code
    whose key is quoted or a Ruby symbol, ``code_key``) a value with no quote in it and the shape of
    code is code as in an object literal (``:password => fetch_pw``; ``fetch_pw || '...'`` is
    judged as before). Validation rules (Laravel's
    ``'password' => 'required|min:8'``, ``['required', 'min:8']``) are no secret."""
    if ("'" in value or '"' in value) and CALL_VALUE_SHAPE.fullmatch(value) is not None:
        return call_literal(value, name)  # config('db.password'), decode('...')
    if code and not any(quote in value for quote in CODE_QUOTES) and _CODE_SHAPE.fullmatch(value) is not None:
        return code_literal(value, name)  # fetch_pw, cfg.password, a number is judged as a literal
    if value[:1] not in ("'", '"', "`") and _CODE_EXPRESSION.fullmatch(value) is not None and ENV_LOOKUP.match(value) is None:
        return False
    if value[:1] in ("'", '"', "[") and validation_rules(value):
        return False
    return setting_holds_a_secret(value, name)


def code_key(written: str) -> bool:
    """Whether the key of a ``=>`` entry (``written``, up to its name) is quoted or a Ruby symbol
    (``'password' =>``, ``:password =>``), as PHP and Ruby write one; Logstash's, Puppet's and
    Perl's are bare words (``password =>``), their values maybe bare words too."""
    return written.rstrip(" \t")[-1:] in (":", "'", '"')


_CODE_NUMBER = re.compile(
    r"(?P<number>[-+]?+(?:0[xXoObB][\dA-Fa-f_]++|\d[\d_]*+(?:\.\d[\d_]*+)?+(?:[eE][-+]?+\d++)?+))(?:[ \t]++(?://|#).*)?+", re.DOTALL
)
"""A number literal in code (``90817263``, ``-90817263``, ``9081.7263``, ``0xDEADBEEF``, ``0o777``,
``1e9``), then a comment maybe (Go's ``var pin = 90817263 // rotate`` has no ``;`` to end it)."""


def code_literal(value: str, name: str, assertions: bool = True) -> bool:
    """Whether a value in code (a PHP array entry, ``define``, an assignment) is a secret in plain
    text: only a quoted string, a number (judged as a config value is: a short one is a measure),
    or the literal fallback of an environment lookup, is a literal; anything else is code computing
    the value (``get_password()``, a constant ``DB_PASSWORD``, ``Config::SECRET``, ``90817263 +
    salt``); validation rules (``password: 'required|min:8'``) are no secret. TypeScript's
    assertions after it are read through (``process.env.PW!``) unless ``assertions`` is False (a
    hash in a text that is no TypeScript: ``process.env.PW!`` is text there)."""
    if assertions:
        value = without_type_assertions(value)
    if (called := STRING_METHOD_CALLS.fullmatch(value)) is not None:
        return code_literal(called.group("string"), name) or _secret_shaped_arguments(value[called.end("string") :], name)
    if (number := _CODE_NUMBER.fullmatch(value)) is not None:
        return setting_holds_a_secret(number.group("number"), name)
    if value[:1] not in ("'", '"', "`") and ENV_LOOKUP.match(value) is None:
        return False
    if value[:1] in ("'", '"') and validation_rules(value):
        return False
    return is_literal_setting(value) and not MEASURE.match(value.strip("\"'`")) and not no_secret_for(name, value)
_CODE_ENTRY = re.compile(r"[ \t]++(?P<value>[^\s'\"`][^'\"`]*?),[ \t]*+(?://.*)?+")
"""The unquoted value of a ``Name: value,`` entry in code, then a comment maybe (``cfg.Password, //
from flags``)."""
_LAST_CODE_ENTRY = re.compile(r"[ \t]++(?P<value>(?:[^\s'\"`,/]|/(?!/)|(?<=[^ \t])[ \t]++(?=[^\s'\"`,/]|/(?!/)))++)[ \t]*+(?://.*)?+")
"""The unquoted value of an entry in code with no comma after it, then a comment maybe: the last of
its literal, maybe with the brackets closing it (``cfgPassword }``, ``cfgPassword};``). Linear: a
run of blanks is read once, as part of the value only when more of it follows."""


def code_shaped_entry_literal(raw: str, closed_below: bool, name: str) -> bool | None:
    """Whether an entry of an object or composite literal in code (``raw``: what follows its key's
    ``:``, a comma after it or the last of its literal: ``closed_below``, its ``}`` opens the next
    line) sets a secret in plain text, when its value is unquoted or a call with quoted arguments
    (``_code_entry_value``, ``_call_entry_value``: ``cfgPassword``, ``90817263``,
    ``vault.read('x')``); None for any other value (``'...'``, ``process.env.PW || '...'``), which
    is judged as a config value."""
    if (entry := _code_entry_value(raw, closed_below)) is not None:
        return _code_entry_literal(entry, name)
    if (call := _call_entry_value(raw, closed_below)) is not None:
        return call_literal(call, name)
    return None


def _code_entry_value(raw: str, closed_below: bool) -> str | None:
    """The value of a ``Name: value,`` entry of a composite literal or an object literal in code
    (``Password: cfgPassword,``, ``password: config.db.password,``), or None: an unquoted value and
    a trailing comma (YAML's ``password: hunter2`` has none; a quoted value is judged as anywhere else),
    or no comma after the last entry, whose literal's ``}`` follows on its line or opens the next
    (``closed_below``): ``password: cfgPassword }``, ``password: cfgPassword`` / ``}``. Without the
    brackets after it that close literals."""
    entry = _CODE_ENTRY.fullmatch(raw)
    if entry is not None:
        return without_closers(entry.group("value").rstrip(" \t"))  # cfgPassword },
    last = _LAST_CODE_ENTRY.fullmatch(raw)
    if last is None:
        return None
    written = last.group("value").rstrip(";").rstrip(" \t")
    value = without_closers(written)
    return value if closed_below or value != written else None


CODE_STRING = r"'(?:[^'\\\r\n]|\\.)*+'" + "|" + r'"(?:[^"\\\r\n]|\\.)*+"'
_CODE_ARGUMENT_PART = rf"""[^()\[\]'"`\r\n]|{CODE_STRING}"""
_CODE_INNER_BRACKETS = rf"\((?:{_CODE_ARGUMENT_PART})*+\)|\[(?:{_CODE_ARGUMENT_PART})*+\]"
_CODE_BRACKETS = (
    rf"\((?:{_CODE_ARGUMENT_PART}|{_CODE_INNER_BRACKETS})*+\)"
    rf"|\[(?:{_CODE_ARGUMENT_PART}|{_CODE_INNER_BRACKETS})*+\]"
)
_CALL_CHAIN = (
    rf"""(?:(?:await|new)[ \t]++)?+[A-Za-z_$][\w$]*+(?:[ \t]*+(?:\??+\.[ \t]*+[A-Za-z_$][\w$]*+|\?\.(?={_CODE_BRACKETS})|{_CODE_BRACKETS}|!(?!=)))*+"""
)
_TYPE_NAME = r"[A-Za-z_$][\w$.]*+(?:\[\])*+(?:[ \t]*+\|[ \t]*+[A-Za-z_$][\w$.]*+(?:\[\])*+)*+"
"""A TypeScript type an assertion names: ``string``, ``string | undefined``, ``Config.Secret[]``."""
_CALL_EXPRESSION = (
    rf"{_CALL_CHAIN}(?:[ \t]++(?:\?\?|\|\||&&)[ \t]++{_CALL_CHAIN})*+(?:[ \t]++(?:as|satisfies)[ \t]++{_TYPE_NAME})*+"
)
_CALL_VALUE = rf"\[[ \t]*+{_CALL_EXPRESSION}(?:[ \t]*+,[ \t]*+{_CALL_EXPRESSION})*+[ \t]*+,?+[ \t]*+\]|{_CALL_EXPRESSION}"
CALL_ENTRY = re.compile(
    rf"[ \t]++(?P<value>{_CALL_VALUE})"
    r"(?P<after>[ \t]*+(?:,|(?P<closers>[)\]}][ \t,;)\]}]*+))?+[ \t]*+(?://.*)?+)"
)
"""The value of an entry in code made of calls, member chains or lookups with quoted arguments
(``vault.read('db/password')``, ``config['db']['password']``, ``secrets.get('db').password``): its
strings are inside the brackets of calls and subscripts (two deep at most), none before, between or
after them; maybe several joined by ``??``, ``||`` or ``&&`` (``foo('a') ?? bar('b')``), maybe in an
array (``[vault.read('x')]``), maybe with TypeScript's assertions after them (``vault.read('x') as
string``); then a comma, or the brackets that close its literal, and a ``//`` comment maybe. Read
once: strings and brackets are matched possessively."""
CALL_VALUE_SHAPE = re.compile(_CALL_VALUE)
_CALL_OPERAND = re.compile(_CALL_CHAIN)
_QUOTED_ARGUMENT = re.compile(CODE_STRING)
_FORMAT_DIRECTIVE = re.compile(r"%[-+ #0]*+\d*+(?:\.\d++)?+[sdvqxXfigeTc%]|\{[\w.:]*+\}")
"""A directive of a format string: C's, Go's and Python's ``%s``, ``%d``, ``%v``, ``%q``; ``{}``,
``{0}``, ``{name}`` (Python's, Rust's, .NET's)."""


def _call_entry_value(raw: str, closed_below: bool) -> str | None:
    """The value of an entry in code whose quoted parts are all arguments or subscripts
    (``CALL_ENTRY``), as ``_code_entry_value`` reads one without quotes: with a comma after it, or
    the last of its literal (its ``}`` after it on its line or opening the next, ``closed_below``);
    None otherwise. Such a value computes the secret (judged by ``call_literal``)."""
    if "'" not in raw and '"' not in raw:
        return None
    entry = CALL_ENTRY.fullmatch(raw)
    if entry is None:
        return None
    if "," not in entry.group("after") and entry.group("closers") is None and not closed_below:
        return None
    return entry.group("value").rstrip(" \t")


STRING_METHOD_CALLS = re.compile(
    rf"(?P<string>{CODE_STRING})(?:[ \t]*+\.[ \t]*+[A-Za-z_$][\w$]*+[ \t]*+\((?:{_CODE_ARGUMENT_PART})*+\))++"
)
"""A string literal and methods called on it (``"...".toCharArray()``, ``'...'.encode('utf-8')``):
the string is the value, judged as it alone would be (``""`` or ``"XXXX"`` is none); an argument
may be a secret too (``"".concat("...")``)."""


def _secret_shaped_arguments(calls: str, name: str) -> bool:
    return any(secret_shaped_argument(string.group(), name) for string in _QUOTED_ARGUMENT.finditer(calls))


def call_literal(value: str, name: str) -> bool:
    """Whether a value made of calls, member chains or lookups (``_CALL_VALUE``) is a secret in plain
    text: a lookup's literal default (``env('X', '...')``, judged by ``code_literal``), or an
    argument or subscript with the shape of a secret (``getPassword('...')``,
    ``secret_shaped_argument``; a regular expression is none); names, keys, paths and format
    strings are what code reads the secret with (``vault.read('db/password')``, ``sprintf('%s', user)``)."""
    for operand in _CALL_OPERAND.finditer(value):
        chain = operand.group()
        if (lookup := ENV_LOOKUP.match(chain)) is not None:
            if code_literal(chain, name) or _secret_shaped_call_default(lookup.group("default"), name):
                return True
        elif any(_secret_shaped_non_regex(string.group(), name) for string in _QUOTED_ARGUMENT.finditer(chain)):
            return True
        elif "(" in chain and _argument_lookup_literal(chain, name):
            return True
    return False


def lookup_with_a_secret_shaped_call_default(value: str, name: str) -> bool:
    """Whether ``value`` is one environment lookup whose default is a call given an argument with the
    shape of a secret (``_secret_shaped_call_default``: ``os.getenv("X", decrypt("..."))``), as
    ``call_literal`` judges it on one line: for a lookup read over lines (``RunOn``)."""
    lookup = ENV_LOOKUP.match(value)
    return lookup is not None and lookup.end() == len(value) and _secret_shaped_call_default(lookup.group("default"), name)


def _secret_shaped_call_default(default: str | None, name: str) -> bool:
    """Whether a lookup's default that is code (``values.code_default``: ``os.getenv("X",
    vault.read("db"))``) gives a call an argument with the shape of a secret, as any call's
    (``os.getenv("X", decrypt("..."))``)."""
    if not default or "(" not in default or code_default(default) is None:
        return False
    return any(_secret_shaped_non_regex(string.group(), name) for string in _QUOTED_ARGUMENT.finditer(default))


def _argument_lookup_literal(chain: str, name: str) -> bool:
    """Whether a call gives a lookup as an argument whose default is a literal
    (``parse_boolean(os.environ.get("X", "..."))``, ``int(os.getenv("X", "..."))``): the literal is
    the value when the variable is unset. A lookup counts only where an argument starts (after ``(``
    or ``,``): ``load_env("X", "...")`` is no lookup."""
    for lookup in ENV_LOOKUP.finditer(chain):
        before = lookup.start() - 1
        while before >= 0 and chain[before] in " \t":  # the blanks since the last lookup, read once
            before -= 1
        if before >= 0 and chain[before] in "(," and code_literal(lookup.group(), name):
            return True
    return False


def _secret_shaped_non_regex(quoted: str, name: str) -> bool:
    """``secret_shaped_argument``, but a regular expression given to a call is code
    (``re.compile(r"^\\s*([^=\\s;,]+)")``, ``new RegExp('[A-Za-z_]\\w*')``)."""
    return not regular_expression(quoted) and secret_shaped_argument(quoted, name)


_C_POINTER_TYPE = re.compile(
    r"(?:(?:const|unsigned|signed|struct)[ \t]++)*+"
    r"(?:[A-Z][A-Z0-9_]*+|char|int|long|short|void|float|double|size_t|u?int(?:8|16|32|64)_t)[ \t]++\*++"
)
"""A C pointer type (``BIGNUM **``, ``EVP_PKEY *``, ``unsigned char *``), as cffi's ``ffi.new()`` is given
one: an upper-case type's name or a C type's, a blank, its ``*``; ``hunter *`` is no type's."""


def secret_shaped_argument(quoted: str, name: str) -> bool:
    """Whether a quoted argument of a call in code has the shape of a secret: not one or two
    characters (``_SHORT_STRING``: ``"0x"``, ``':'``), no name, key or path (``NAME_SHAPED``, format
    directives aside; a C pointer type, ``"BIGNUM **"``, ``_C_POINTER_TYPE``; no run of letters
    and digits that may be a credential itself, ``hidden_part``; not digits alone) and a literal as a
    setting's value is (``setting_holds_a_secret``: a reference into a secret manager, a path or a
    placeholder is none)."""
    text = _FORMAT_DIRECTIVE.sub("", quoted[1:-1])
    if _SHORT_STRING.fullmatch(quoted) is not None:
        return False  # "0x", ":", "\\n": a separator or a prefix
    if _C_POINTER_TYPE.fullmatch(text) is not None:
        return False
    if not text.isdigit() and NAME_SHAPED.fullmatch(text) is not None and not hidden_part(text):
        return False
    return setting_holds_a_secret(quoted, name)  # 90817263 is judged as a number is


_CODE_CHAIN = r"[A-Za-z_$][\w$]*+(?:[ \t]*+(?:\??+\.[ \t]*+[A-Za-z_$][\w$]*+|\?\.\[[^\]]*+\]|\[[^\]]*+\]|!(?!=)))*+"
_CODE_SHAPE = re.compile(
    rf"(?:[&*!]|\.\.\.|(?:await|new|typeof|void)[ \t]++)*+{_CODE_CHAIN}"
    r"(?:[ \t]++(?:\?\?|\|\||&&|[-+*/%?:<>]|[=!]==?|[<>]=|as|satisfies|instanceof|in|or|and|if)[ \t]++.*)?+|.*\(.*",
    re.DOTALL,
)
"""An unquoted value that has the shape of code: an identifier or a member chain (``cfgPassword``,
``config.db.password``, ``this.x``, ``secrets[key]``, ``cfg.password!``; ``null``, ``true``, Go's
``nil``), maybe dereferenced (``*flagPassword``, ``&secret``) or awaited, then maybe an operator
between blanks and more (``cfg.a || DEFAULT``, ``x as string``, Python's ``self.refresh_token or
self.token`` and ``a if a else b``), or a call. A number, or words
joined by dashes (``hunter2-example``), has none."""
LINE_COMMENT = re.compile(r"(?:^|(?<![ \t])[ \t]++)//.*", re.DOTALL)
"""A ``//`` comment at a value's start or after blanks (tried from the first of a run of blanks
only: linear)."""


def _code_entry_literal(value: str, name: str) -> bool:
    """Whether the unquoted value of a ``Name: value,`` entry in code is a secret in plain text: a
    value that has the shape of code (``_CODE_SHAPE``) computes it, a literal only through a
    lookup's literal fallback (``code_literal``); anything else (``90817263``, ``hunter2-example``)
    is a literal, judged as a config value is (a short number or a duration is none)."""
    value = LINE_COMMENT.sub("", value).strip(" \t")
    if _CODE_SHAPE.fullmatch(value) is not None:
        return code_literal(value, name)
    return setting_holds_a_secret(value, name)


_TYPE = re.compile(_TYPE_NAME)
_TYPE_ASSERTION_KEYWORDS = (" as ", " satisfies ")
_TYPE_ASSERTIONS_READ = 3
"""TypeScript assertions read after a value, at most (``x! as unknown as string`` has three)."""


def without_type_assertions(value: str) -> str:
    """A value in code without TypeScript's assertions after it, which compute nothing of their own:
    the non-null ``!`` and ``as string``, ``satisfies string`` (``process.env.PW!``, ``process.env.PW
    as string`` read the variable as ``process.env.PW`` does)."""
    for _ in range(_TYPE_ASSERTIONS_READ):
        if value[-1:] == "!":
            value = value[:-1].rstrip(" \t")
            continue
        head, keyword, type_name = max((value.rpartition(keyword) for keyword in _TYPE_ASSERTION_KEYWORDS), key=lambda split: len(split[0]))
        if not keyword or _TYPE.fullmatch(type_name.strip(" \t")) is None:
            break
        value = head.rstrip(" \t")
    return value


_SHORT_STRING = re.compile(r"'(?:[^'\\]|\\.){0,2}+'|\"(?:[^\"\\]|\\.){0,2}+\"|`[^`$]{0,2}+`")
"""A string of up to two characters in code (``"'"``, ``'::'``, ``'\\n'``): a separator or a
delimiter, too short to be a secret."""


_ONE_STRING = re.compile(r"""(?:[rRbBuU]{1,2}+|@)?+(?:'(?:[^'\\\n]|\\.)*+'|"(?:[^"\\\n]|\\.)*+"|`[^`]*+`)""")
"""One string literal in code, maybe with a Python prefix or C#'s verbatim ``@``, and nothing else."""
_REGEX_CLASS_ESCAPE = re.compile(r"\\[wdsbWDS]")
_REGEX_QUANTIFIED = re.compile(r"(?:\\[wdsWDS]|[\])])(?:[*+?]|\{\d{1,4}+(?:,\d{0,4}+)?+\})")
_REGEX_CHARACTER_CLASS = re.compile(r"\[\^?+((?:[^\[\]\\\n]|\\.){1,64}+)\]")
_CLASS_RANGE_OR_ESCAPE = re.compile(r"\\[wdsWDS]|[A-Za-z0-9]-[A-Za-z0-9]")
_REGEX_GROUP_EXTENSION = re.compile(r"\(\?(?:[:=!]|<[=!])")
"""A group's ``(?:``, a lookahead's ``(?=``/``(?!``, a lookbehind's ``(?<=``/``(?<!``: regex syntax."""
_QUANTIFIED_CLASS_ALONE = re.compile(r"\^?+\[\^?+((?:[^\[\]\\\n]|\\.){1,64}+)\](?:[*+?]|\{\d{1,4}+(?:,\d{0,4}+)?+\})\$?+")
"""A string's text that is one quantified character class and nothing else, maybe between ``^`` and
``$`` (h11's ``token = r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+"``)."""
_REGEX_READ = 2048
"""The longest literal read as a regular expression: a longer one is judged as any literal is."""


def regular_expression(value: str) -> bool:
    """Whether a string literal in code is unmistakably a regular expression (Pygments'
    ``jsonnet_token = r'[^\\W\\d]\\w*'``): it holds a class escape (``\\w``, ``\\d``, ``\\s``,
    ``\\b``, ``\\W``, ``\\D``, ``\\S``; doubled in a string that is not raw) and either a quantifier
    right after such an escape, a class or a group (``\\w*``, ``[a-z]+``, ``(...)?``, ``\\d{2,4}``) or
    a character class holding an escape or a range (``[^\\W\\d]``, ``[A-Za-z_]``). A password with
    a backslash or brackets in it has neither beside its escape (``Zq7\\d-pw9``, ``a[b]c\\d9``). A
    class escape beside a group's ``(?:``, ``(?=``, ``(?!``, ``(?<=`` or ``(?<!`` is one too (Pygments'
    ``_token_end = r'(?=\\s|#|[)\\]]|$)'``), and so is, with no class escape, a string that is one
    quantified class holding a range or an escape (``_one_quantified_class``). Only a value that is
    one string literal (``_ONE_STRING``) is read: ``x + '\\w*'`` is code and a literal."""
    if len(value) > _REGEX_READ:
        return False
    if _REGEX_CLASS_ESCAPE.search(value) is None:
        return "[" in value and _ONE_STRING.fullmatch(value) is not None and _one_quantified_class(value)
    if _ONE_STRING.fullmatch(value) is None:
        return False
    if _REGEX_QUANTIFIED.search(value) is not None or _REGEX_GROUP_EXTENSION.search(value) is not None:
        return True
    return any(_CLASS_RANGE_OR_ESCAPE.search(found.group(1)) is not None for found in _REGEX_CHARACTER_CLASS.finditer(value))


def _one_quantified_class(value: str) -> bool:
    """Whether a string literal (``_ONE_STRING``) holds one quantified character class and nothing
    else, maybe between ``^`` and ``$``, the class holding a range or a class escape (h11's
    ``r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+"``, ``'[0-9a-f]{32}'``); ``'[A-Za-z_]+Zq7...'`` has more."""
    text = value.lstrip("rRbBuU@")[1:-1]
    alone = _QUANTIFIED_CLASS_ALONE.fullmatch(text)
    return alone is not None and _CLASS_RANGE_OR_ESCAPE.search(alone.group(1)) is not None


def source_string_literal(value: str, name: str) -> bool:
    """``code_literal``, for source code: a string of one or two characters (``_SHORT_STRING``) and a
    regular expression (``regular_expression``) are no secret."""
    return _SHORT_STRING.fullmatch(value) is None and code_literal(value, name) and not regular_expression(value)
