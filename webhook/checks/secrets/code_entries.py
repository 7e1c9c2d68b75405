"""Entries of hashes, arrays and objects written on one line of code (PHP's ``'password' => ...``,
Go's ``Password: ...``) and Go declarations (``var dbPassword, dbUser = "...", "app"``)."""

from __future__ import annotations

import re
from typing import NamedTuple

from webhook.checks.secrets.code_values import (
    CODE_QUOTES,
    arrow_literal,
    code_key,
    code_literal,
    php_value,
    regular_expression,
    source_string_literal,
    without_closers,
)
from webhook.checks.secrets.names import Names

_OPENERS = frozenset("([{")
_CLOSERS_OF_ENTRIES = frozenset(")]}")


def code_object_entries(inner: str) -> list[str]:
    """The entries of an object, a hash or an array in code written on one line (``inner``, within
    its brackets): each up to a comma outside quotes and outside the brackets of a call, an array
    or an object in its value (``password: f('a','b')``, ``password: cfg.get(['a','b'])`` are
    one entry each). A backslash escapes the next character in a string; a string or a bracket
    left open runs to the end. Linear: each character is read once."""
    entries: list[str] = []
    start = depth = 0
    quote = ""
    escaped = False
    for at, char in enumerate(inner):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in CODE_QUOTES:
            quote = char
        elif char in _OPENERS:
            depth += 1
        elif char in _CLOSERS_OF_ENTRIES:
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            entries.append(inner[start:at])
            start = at + 1
    entries.append(inner[start:])
    return entries
CODE_PART = re.compile(r"""(?:"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|[^,"'])++""")
"""An entry of a hash or an array in code written on one line, up to a comma outside quotes: a
backslash escapes the next character in either quote (PHP's, Ruby's and Perl's ``'it\\'s'``). A
string left open runs to the end of the line (read once: a quote that closes nothing is not tried
again from each of the quotes after it)."""
_CODE_OPENER = re.compile(r"""(?:"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+'|[^\[({"'])*+[\[({]""")
"""From a place in an entry, the text up to the next bracket outside quotes that may open a hash
or an array (``[``, ``array(``, Perl's ``(``, Ruby's and Go's ``{``): an entry may start after it."""
_CODE_KEY = re.compile(r"""[ \t]*+(?::(?=[A-Za-z_]))?+(["']?+)([A-Za-z_][\w.\-]*+)\1[ \t]*+(=>|:(?![:=]))""")
"""The key of an entry in code: ``'password' =>`` (PHP), ``:password =>`` and ``password:``
(Ruby), ``password =>`` (Perl), ``Password:`` (Go's composite literals, JavaScript's objects)."""
NESTED_OPENER = re.compile(r"[ \t]*+(?:array[ \t]*+\(|&?+[\w.]*+\{|\[|\()")
"""A value that opens a hash or an array of its own (``'db' => ['password' => ...``)."""


class Entry(NamedTuple):
    """The last entry of a hash or an array in code written on one line: its key and its value as
    written, which may open a string that runs onto the next lines (``'password' => '...``), and
    whether a ``=>`` ends its key (PHP's, Ruby's, Perl's: a backquote there runs a command)."""

    name: str
    value: str
    arrow: bool


def code_entries_settings(names: Names, text: str, opened: bool, code: bool, source: bool = False) -> tuple[list[str], Entry | None]:
    """The key of each entry of a hash or an array in code written on one line (``text``) that sets
    a secret in plain text, once each, and the line's last entry (None when the last part of the
    line is no entry): PHP's ``return ['host' => 'db', 'password' => '...'];``
    and ``array(...)``, Ruby's ``{:password => '...'}``, Perl's ``(password => '...')``, Go's
    ``Config{Host: "db", Password: "..."}``, also nested (``'db' => ['password' => ...]``). An
    entry starts after a bracket, or after a comma once an entry was found (or at once when
    ``opened``: the rest of a line whose first entry was read). A ``=>`` entry is judged as a
    ``'name' => value`` line judges it, a ``:`` entry as code (only a quoted string, or the literal
    fallback of an environment lookup, is a literal; TypeScript's assertions after it are read
    through in ``code``, a JavaScript or TypeScript text; a string of one or two characters is none in
    ``source`` code, ``source_string_literal``). Linear: each part is read once, a nested
    value from where its key ended."""
    settings: dict[str, None] = {}  # an ordered set: a line may hold thousands of entries
    last: Entry | None = None
    for part in CODE_PART.findall(text):
        last = None
        at, end = 0, len(part)
        key = _CODE_KEY.match(part) if opened else None
        while key is None and at < end and (bracket := _CODE_OPENER.match(part, at)) is not None:
            at = bracket.end()
            key = _CODE_KEY.match(part, at)
        while key is not None:
            outer = key
            while key is not None and (nested := NESTED_OPENER.match(part, key.end())) is not None:
                outer, key = key, _CODE_KEY.match(part, nested.end())  # 'db' => ['password' => ...: the innermost entry
            if key is None:  # hosts => ["http://es:9200"] user => ...: a value of no entries, maybe more after it
                following = _next_blank_entry(part, outer.end()) if outer.group(3) == "=>" else None
                key = following[1] if following is not None else None
                continue
            opened = True
            current, following = key, (_next_blank_entry(part, key.end()) if key.group(3) == "=>" else None)
            name, written = current.group(2), part[current.end() : following[0] if following is not None else end]
            last = Entry(name, written, current.group(3) == "=>")
            key = following[1] if following is not None else None
            if name in settings or not names.sensitive(name) or names.is_allowed(name):
                continue
            value = without_closers(php_value(written))
            if arrow_literal(value, name, code and code_key(part[: current.start(2)])) if last.arrow else _entry_literal(value, name, code, source):
                settings[name] = None
    return list(settings), last


_BLANK_ENTRY_VALUE = re.compile(
    r"""[ \t]*+(?P<value>"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+'|\[(?:"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+'|[^\[\]"'])*+\]|[\w.\-]++)"""
    r"(?:[ \t]*+\})*+[ \t]++(?:[A-Za-z_][\w\-]*+[ \t]*+\{[ \t]*+)*+"
)
"""A value of a ``name => value`` entry of Logstash's, which needs no comma: a quoted string, a list
of strings and words (``["http://es:9200"]``), a word or a number, then blanks before the next
entry, maybe after the ``}`` closing its plugin and the names of the sections and plugins opened
after it (``port => 5044 } } output { elasticsearch { user => ...``)."""


def blank_apart_entry(raw: str) -> bool:
    """Whether the value of a ``name => value`` line (``raw``, from its ``>`` on) is followed by
    another ``=>`` entry apart from it by blanks alone (Logstash's ``user => "u" password => "..."``)."""
    return "=>" in raw and _next_blank_entry(raw, 1) is not None


_PIPELINE_START = re.compile(r"[ \t]*+(?:input|filter|output)[ \t]*+\{")


def one_line_pipeline_settings(names: Names, text: str) -> list[str]:
    """The sensitive settings a Logstash pipeline written on one line sets to a literal (``input {
    beats { port => 5044 } } output { jdbc { jdbc_password => "..." } }``: ``code_entries_settings``,
    as on such a line of a pipeline's file): the text of ``config.string`` in logstash.yml or
    pipelines.yml, or of an env value; [] for a text that opens no section (input, filter or output)."""
    if "=>" not in text or "\n" in text.strip() or _PIPELINE_START.match(text) is None:
        return []
    return code_entries_settings(names, text, True, False)[0]


def _next_blank_entry(part: str, at: int) -> tuple[int, re.Match[str]] | None:
    """Where the value of a ``=>`` entry starting at ``at`` ends and the key of the next entry,
    apart from it by blanks alone, when one follows: Logstash's ``{ user => "u" password => "..." }``
    on one line (``_BLANK_ENTRY_VALUE``). None when no ``=>`` entry follows so (PHP's and Ruby's
    entries are apart by commas, each read as a part of its own)."""
    value = _BLANK_ENTRY_VALUE.match(part, at)
    if value is None:
        return None
    key = _CODE_KEY.match(part, value.end())
    if key is None or key.group(3) != "=>":
        return None
    return value.end("value"), key


def _entry_literal(value: str, name: str, code: bool, source: bool) -> bool:
    """Whether a ``:`` entry's value on a line of entries is a secret in plain text (``code_literal``;
    in ``source`` code, ``source_string_literal``; in a text of ``code``, a regular expression is
    none: ``const rules = { token: '[A-Za-z_]\\w*' };``)."""
    if source:
        return source_string_literal(value, name)
    return code_literal(value, name, assertions=code) and not (code and regular_expression(value))
_GO_DECLARATION = re.compile(
    r"[ \t]*+(?P<keyword>(?:var|const)[ \t]++)?+(?P<names>[A-Za-z_]\w*+(?:[ \t]*+,[ \t]*+[A-Za-z_]\w*+)*+)"
    r"(?P<type>[ \t]++[\w.*\[\]]++)?+[ \t]*+:?+=(?![=>])(?P<values>.*)",
    re.DOTALL,
)
"""A Go declaration with a type or several names: ``var Password string = "..."``, ``const
Password string = "..."``, ``var dbPassword, dbUser = "...", "app"``; in a Go text also without
its keyword (a line of a ``var (`` block, an assignment or a short declaration ``dbUser, dbPassword
:= "app", "..."``).
A keyword, one name and no type is an assignment (``_CODE_ASSIGNMENT``)."""
_GO_VALUE_PART = re.compile(r"\"(?:[^\"\\]|\\.)*+\"?|`[^`]*+`?|'(?:[^'\\]|\\.)*+'?|//|[(\[{]|[)\]}]|,|[^\"`'/()\[\]{},]++|/")
"""The parts a Go expression list is read in: a string or a rune (maybe left open), a comment's
start, a bracket, a comma, other text."""


def _go_values(values: str) -> list[str]:
    """The expressions of a Go expression list (``"...", "app"``, ``f("a", "b"), x``), split at
    its commas outside strings and brackets, up to a ``//`` comment."""
    found: list[str] = []
    depth = start = 0
    for part in _GO_VALUE_PART.finditer(values):
        token = part.group()
        if token == "//":
            found.append(values[start : part.start()])
            return [value.strip() for value in found]
        if token in ("(", "[", "{"):
            depth += 1
        elif token in (")", "]", "}"):
            depth -= 1
        elif token == "," and depth == 0:
            found.append(values[start : part.start()])
            start = part.end()
    found.append(values[start:])
    return [value.strip() for value in found]


def go_declaration_settings(names: Names, line: str, go: bool) -> list[str] | None:
    """Each sensitive name a Go declaration with a type or several names (``_GO_DECLARATION``) sets
    to a literal, as ``code_literal`` judges one (``var dbPassword, dbUser = "...", "app"`` sets
    ``dbPassword``); None when the line is no such declaration. Names and values are paired in
    order: a call returning several values (``var user, password = creds()``) sets no literal."""
    match = _GO_DECLARATION.match(line)
    if match is None or not (match.group("keyword") or go) or not (match.group("type") or "," in match.group("names")):
        return None
    declared = [name.strip() for name in match.group("names").split(",")]
    values = _go_values(match.group("values"))
    if len(values) != len(declared):
        return []
    return [
        name
        for name, value in zip(declared, values, strict=True)
        if names.sensitive(name) and not names.is_allowed(name) and code_literal(value, name)
    ]
