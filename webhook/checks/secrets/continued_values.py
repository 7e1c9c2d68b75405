"""Values that run onto the lines below their key's line (quoted strings left open, backslashes,
indented lines, YAML block scalars, heredocs, nginx arguments, a lookup's arguments): how far each runs."""

from __future__ import annotations

import re
from collections.abc import Callable

from webhook.checks.secrets.code_entries import Entry
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.setting_values import setting_holds_a_secret
from webhook.checks.secrets.values import CFN_FUNCTION_TAG, LOOKUP_CALL, LOOKUP_NAME

OPEN_LOOKUP = re.compile(
    r"(?P<call>" + LOOKUP_CALL + r"(?:" + LOOKUP_NAME + r",?+)?+)[ \t]*+(?:#.*|//.*|/\*(?:[^*]|\*(?!/))*+\*/[ \t]*+)?+"
)
"""A lookup whose arguments are on the next lines (``os.environ.get(`` / ``    "DB_PASSWORD",`` /
``)``), or the arguments after the variable's name (``os.environ.get("DB_PASSWORD",`` /
``    "default")``): the call is the value, judged once read whole (``RunOn``). A comment may follow
it: ``#``, ``//`` or one ``/* ... */`` closed on its line (PHP's ``env('DB_PASSWORD', // note``)."""

CLOSING_QUOTE = {
    '"': re.compile(r'(?:[^"\\]|\\.)*+"'),
    "'": re.compile(r"(?:[^']|'')*+'"),
    "`": re.compile(r"[^`]*+`"),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*+"""'),
    "'''": re.compile(r"(?:[^']|'(?!''))*+'''"),
}
"""From just after an opening quote, the text up to its closing quote (matched on one line): YAML's
and .env's double quotes (a backslash escapes the next character, a line break too), single quotes
(YAML's ``''`` is a quote in the text, and the shell's reads the same), .env's and JavaScript's
backquotes, TOML's (and Python's) multi-line strings ``\"\"\"`` (with escapes) and ``'''``."""
_CALL_LINES = 4
"""Lines of a lookup's arguments kept to judge it (``os.environ.get(`` / ``"X",`` / ``"default"``)."""
_CODE_CLOSING_QUOTE = {
    '"': CLOSING_QUOTE['"'],
    "'": re.compile(r"(?:[^'\\]|\\.)*+'"),
}
"""The same for a string in code or in a web server's or fluentd's config: a backslash escapes the
next character in single quotes too (PHP's ``'it\\'s'``, nginx, fluentd)."""
_ENTRY_CLOSING_QUOTE = {**_CODE_CLOSING_QUOTE, "`": CLOSING_QUOTE["`"]}
"""The same for a string the entry of a composite literal or an object opens (``Name: value``): also
Go's raw strings and JavaScript's template literals in backquotes."""
_AFTER_CLOSING = re.compile(r"[ \t,;)\]}]*+")
"""After a quoted value that ran over lines, what ends it on its closing line: blanks, the ``,``
between entries, the ``;`` ending a statement, a closing bracket (``define('X', '...');``)."""
ARMOURED_CIPHERTEXT_HEADERS = frozenset(("-----BEGIN PGP MESSAGE-----", "-----BEGIN AGE ENCRYPTED FILE-----"))
"""The first line of a ciphertext in ASCII armour, as a YAML block scalar or an indented value holds
one over lines (Salt's ``#!yaml|gpg`` pillar, ``password: |`` then ``-----BEGIN PGP MESSAGE-----``,
its headers, its base64 and its ``=`` checksum line): a run-on value opening so is no plain text,
although only its first two lines are judged."""
_EYAML_OPENED = re.compile(r"ENC\[(?:PKCS7|GPG|GKMS|KMS),[A-Za-z0-9+/=]{16}")
"""hiera-eyaml's ciphertext folded over lines (``password: >`` then ``ENC[PKCS7,MIIB...`` on the lines
below, up to its ``]``): only the first two lines are judged, which may not hold its end."""
_CFN_FUNCTION_TAG_ALONE = re.compile(rf"{CFN_FUNCTION_TAG}[ \t\r]*+(?:#.*+)?+")
HEREDOC = re.compile(r"<<[-~]?+([\"']?+)([A-Za-z_]\w*+)\1[ \t]*+")
"""A heredoc opened as a value (HCL's ``password = <<EOT``, ``<<-EOT``; Ruby's ``<<~EOS``): its text
runs up to the line holding its closing word alone."""


class RunOn:
    """A value that runs onto the lines below its key's line: the lines it runs onto are its text,
    none of them is read as a setting (``db.password=abc\\`` / ``my-secret-pw=x`` sets
    ``db.password`` in a properties file; its second line names no setting ``my-secret-pw``, which
    is the value). Each format's own rule says how far it runs: a quoted value left open (YAML, .env,
    the shell: at any indentation) or a TOML multi-line string, up to the line that closes it; a
    value ending in an odd number of backslashes (Java properties, the shell), onto the next line,
    and on while the lines end so; another value (INI, read by Python's configparser; a YAML plain
    scalar, and a block scalar: ``block_scalar``), onto the lines indented deeper than its key and
    the blank lines between them. A PHP or Ruby array entry's quoted string (``'password' => '...``)
    runs on as a quoted value does, an HCL heredoc (``password = <<EOT``) up to the line holding its
    closing word alone."""

    __slots__ = (
        "number", "column", "name", "closing", "heredoc", "backslash", "explicit", "ended", "judged", "judge", "call", "nginx", "rest",
        "as_written", "text",
    )  # fmt: skip

    def __init__(self, number: int, column: int, name: str, closing: re.Pattern[str] | None, backslash: bool) -> None:
        self.number, self.column, self.name = number, column, name
        self.closing, self.backslash = closing, backslash
        self.explicit = closing is not None or backslash  # its format says it runs on (a quote, a backslash), not indentation
        self.heredoc = False  # closing matches the line that ends a heredoc, which is not part of its text
        self.ended = False
        self.judged = False  # whether its text decides the key's finding (set by the reader)
        self.judge: Callable[[str], bool] | None = None  # how its text is judged, when not as a setting's value
        self.call: str | None = None  # a lookup call opened on the key's line (os.environ.get(): its arguments follow
        self.nginx = False  # an nginx directive's argument: where it ends is read as nginx reads it (_nginx_open_quote)
        self.rest = 0  # once ended by a closing quote: where the text after it starts on the closing line
        self.as_written = False  # a YAML block scalar's: its text is kept as written (a # or a quote in it is text)
        self.text: list[str] = []

    @classmethod
    def block_scalar(cls, number: int, column: int, name: str) -> RunOn:
        """A YAML block scalar under a sensitive key (``password: |``): a value that runs onto the
        lines indented deeper than its key and the blank lines between them, its text judged whole
        as written; none of its lines is read as a setting (``password: |`` / ``  my-secret-pw: x``
        sets ``password``, its line naming no setting ``my-secret-pw``, which is the value)."""
        run_on = cls(number, column, name, None, False)
        run_on.as_written = run_on.judged = True
        return run_on

    @classmethod
    def opened(cls, number: int, column: int, name: str, raw: str) -> RunOn | None:
        """The value a key's line opens when it runs onto the next lines (``raw``: what follows the
        ``=`` or ``:``), else None. A ``'name' => value`` entry and a value that opens a mapping, a
        list or a call (``{``, ``[``, ``(``) hold code or structures, not run-on text; but an entry's
        environment lookup left open runs on as an assignment's (``'password' => env('DB_PASSWORD',``
        / ``'...'),``)."""
        value = raw.lstrip(" \t")
        arrow = value[:1] == ">"  # 'name' => value: only a quoted string runs on
        if arrow:
            value = value[1:].lstrip(" \t")
        if value[:1] in ("{", "[", "("):
            return None
        if "(" in value and (run_on := cls.opened_lookup(number, column, name, value)) is not None:
            return run_on
        if arrow and value[:1] not in ('"', "'"):
            return None  # a quoted string runs on, and a lookup left open (above: env('X', / '...'),)
        if value[:2] == "<<" and (heredoc := HEREDOC.fullmatch(value)) is not None:
            run_on = cls(number, column, name, re.compile(rf"[ \t]*+{heredoc.group(2)}[ \t]*+$"), False)
            run_on.heredoc = True
            return run_on
        quote = value[:3] if value[:3] in ('"""', "'''") and not arrow else value[:1]
        if quote in CLOSING_QUOTE:
            closing = _CODE_CLOSING_QUOTE[quote] if arrow else CLOSING_QUOTE[quote]  # PHP's and Ruby's \' in single quotes
            if closing.match(value, len(quote)) is not None:
                return None  # closed on its line
            return cls(number, column, name, closing, False)
        if odd_backslashes(raw):
            return cls(number, column, name, None, True)
        if value[:1] == "!" and _CFN_FUNCTION_TAG_ALONE.fullmatch(value) is not None:
            return None  # MasterUserPassword: !If / - UseSecret / - !Ref DBPassword: a sequence below, no plain text run on
        return cls(number, column, name, None, False)

    @classmethod
    def opened_lookup(cls, number: int, column: int, name: str, value: str) -> RunOn | None:
        """An environment lookup a value leaves open (``OPEN_LOOKUP``: ``env('DB_PASSWORD',``), its
        arguments on the lines indented deeper than ``column``, as INI's run on; else None."""
        if (lookup := OPEN_LOOKUP.fullmatch(value.rstrip())) is None:
            return None
        run_on = cls(number, column, name, None, False)
        run_on.call = lookup.group("call").rstrip(" \t")
        return run_on

    @classmethod
    def opened_in_code(cls, number: int, name: str, value: str, backslash: bool, nginx: bool = False) -> RunOn | None:
        """The string a line of code or a directive leaves open at the start of its value
        (``value``): PHP's ``define('DB_PASSWORD', '...`` and ``$db['password'] = '...``, fluentd's
        ``password "...``, nginx's ``proxy_set_header Authorization "...``, up to its closing quote;
        with ``backslash`` (Apache's directives), a value ending in an odd number of backslashes,
        onto the next line; with ``nginx`` (its directives), a quote left open by any of the
        directive's arguments, as nginx reads them (``_nginx_open_quote``). Else None."""
        value = value.strip(" \t")
        if backslash:
            return cls(number, 0, name, None, True) if odd_backslashes(value) else None
        if nginx:
            quote = _nginx_open_quote(value, None)
            if not quote:
                return None
            run_on = cls(number, 0, name, _CODE_CLOSING_QUOTE[quote], False)
            run_on.nginx = True
            return run_on
        closing = _CODE_CLOSING_QUOTE.get(value[:1])
        if closing is None or closing.match(value, 1) is not None:
            return None
        return cls(number, 0, name, closing, False)

    def holds(self, line: str) -> bool:
        """Whether a line is part of the value (``ended`` then says whether it is its last)."""
        if self.nginx:  # up to the quote that closes it, and on while the rest of that line opens another
            closed = self.closing.match(line)  # type: ignore[union-attr]  # an nginx run-on has one
            quote = _nginx_open_quote(line, self.closing)
            self.ended = not quote
            if quote == "":
                return False  # nginx rejects it: read as a line of its own
            if quote is not None:
                self.closing = _CODE_CLOSING_QUOTE[quote]
            elif closed is not None:  # the directive ends at its ; (or a block's brace), the next one follows
                after = _NGINX_DIRECTIVE_REST.match(line, closed.end())
                self.rest = after.end() if after is not None else len(line)
            self._keep(line[: closed.end()] if closed is not None else line)
            return True
        if self.closing is not None:
            closed = self.closing.match(line)
            self.ended = closed is not None
            if closed is not None:
                self.rest = len(line) if self.heredoc else closed.end()
            if not (self.heredoc and self.ended):
                self._keep(line[: closed.end()] if closed is not None else line)
            return True
        stripped = line.lstrip(" \t\f")
        if self.backslash:  # the leading blanks of the next line are not part of the value
            self.backslash = odd_backslashes(line)
            self.ended = not self.backslash
            self._keep(stripped)
            return True
        if stripped.strip() and len(line) - len(stripped) <= self.column:
            return False
        self._keep(stripped)
        return True

    def rest_of_line(self, line: str) -> str | None:
        """What follows the closing quote on the line that ended the value (``'value' => 'abc\\'`` /
        ``def', 'api_token' => '...',``), read as a line of its own at the same columns: the
        separators that end the value (``,``, ``;``, a closing bracket) are blanked; None when
        nothing follows them."""
        start = _AFTER_CLOSING.match(line, self.rest).end()  # type: ignore[union-attr]  # matches the empty string
        if start >= len(line) or not line[start:].strip():
            return None
        return " " * start + line[start:]

    def _keep(self, part: str) -> None:
        if self.call is not None:  # the arguments, as written (quotes say what is a literal)
            if len(self.text) < _CALL_LINES and (part := part.strip()):
                self.text.append(part)
            return
        if self.as_written:
            part = part.strip()
        elif not self.explicit and part.lstrip()[:1] in ("#", ";"):
            return  # a comment line between indented lines (INI's configparser drops them)
        else:
            part = part.strip().strip("\"'`\\").strip()
        # what is judged: its first two lines of text (a password is one line; a PEM, which may be
        # longer, starts so too); blank lines before them are no part of it
        if len(self.text) < 2 and part:
            self.text.append(part)

    def setting(self, names: Names) -> tuple[int, str] | None:
        """(line of the key, its name) when the lines it runs onto hold a secret in plain text and
        the key's line did not already say so: it held no text of its own (``password = \"\"\"``),
        or its text was no secret but the value runs on (``db.password=${DB_PASSWORD}\\`` /
        ``smtp.password=...``; INI's ``password = ${DB_PASSWORD}`` / ``    token = ...``: the
        value, read whole, is no reference)."""
        if not self.judged:
            return None
        value = " ".join(self.text)
        if self.call is not None:  # its closing parenthesis may be on a line at the key's indentation, not held
            value = _closed_call(self.call, value)
        if not value or self.text[0] in ARMOURED_CIPHERTEXT_HEADERS or _EYAML_OPENED.match(value) is not None:
            return None
        if self.judge is not None:
            return (self.number, self.name) if self.judge(value) else None
        if setting_holds_a_secret(value, self.name) and not names.is_allowed(self.name):
            return self.number, self.name
        return None


def _closed_call(call: str, arguments: str) -> str:
    """A lookup opened on its key's line (``call``: ``os.environ.get(``, maybe with the variable's
    name, ``os.environ.get("X",``) with the ``arguments`` held from the lines below, as written on
    one line: its parentheses closed as many times as opened, what follows the last one left out
    (``),`` ending a dict's entry, ``);`` a statement), or "" when no argument follows the call's own line."""
    arguments = arguments.rstrip(" \t,;")  # ), ending an entry, ); a statement
    if not arguments.rstrip(")"):
        return ""
    text = call + arguments
    depth = text.count("(") - text.count(")")  # a parenthesis in a string is rare: the value is then no lookup
    end = len(text)
    while depth < 0 and text[end - 1] == ")":  # ), then }: the closing of what holds the call (one pass back)
        end -= 1
        while end and text[end - 1] in " \t,":
            end -= 1
        depth += 1
    return text[:end] + ")" * depth if depth > 0 else text[:end]


def open_shell_quote(number: int, column: int, name: str, raw: str) -> RunOn | None:
    """The quoted value a neutral setting's line leaves open in a shell or dotenv text (``export
    A='x`` / ``y' DB_PASSWORD=...``): what follows its closing quote is read as a line of its own.
    Its lines are read as settings all the same, as the closing line is whole: a quote left open by
    mistake, or a value holding a .env file, hides no password written there. Quotes are text in a
    properties file (``greeting="hi`` / ``db.password=...``): a name's value runs on so only there."""
    if raw.lstrip(" \t")[:1] not in ('"', "'"):
        return None
    return RunOn.opened(number, column, name, raw)


_NGINX_DIRECTIVE_REST = re.compile(r"(?:[^;{}\"'\\#$]|\$\{?+|\\.?|\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+')*+[;{}]")
"""From just after an nginx string closed on its line (no quote left open after it), the rest of
its directive up to the ``;`` (or the brace of a block) that ends it: what follows is the next
directive. None when the directive does not end on the line, or a ``#`` comments out the rest."""
_NGINX_AFTER_STRING = " \t\r;{)"
"""What may follow a closing quote in nginx's config (else it rejects the line)."""
_NGINX_ARGUMENTS = re.compile(
    r"(?:[ \t\r;{}]++"  # between arguments
    r"|\"(?:[^\"\\]|\\.)*+\"(?![^ \t\r;{)])|'(?:[^'\\]|\\.)*+'(?![^ \t\r;{)])"  # a string closed on the line
    r"|(?:\$\{*+|[^ \t\r;{}\\\"'#$]|\\.?)(?:\$\{*+|[^ \t\r;{\\$]|\\.?)*+)*+"  # a word: quotes and } in it are text
)
"""nginx's arguments on one line, as its tokenizer reads them, up to a quote that opens a string
not closed on the line (or closed with no blank after it), a comment (``#`` starting an argument)
or the end of the line. In a word, ``}`` is text and ``{`` ends it unless a ``$`` comes just
before (``${host}"x`` and ``a}"b`` are one word each, their quote opens nothing); ``}`` starting
an argument closes a block. Each alternative starts with characters no other starts with: linear."""


def _nginx_open_quote(text: str, closing: re.Pattern[str] | None) -> str | None:
    """The quote an nginx directive's arguments (``text``, one line) leave open at the end of the
    line, as nginx's tokenizer reads them: a quote opens a string only at the start of an argument
    (``abc"def`` is one word), the string runs over lines up to the same quote unescaped (a
    backslash escapes the next character), and ``#`` at the start of an argument comments out the
    rest of the line. None when none is left open; "" when nginx rejects the line: a closing quote
    must be followed by a blank, ``;``, ``{`` or ``)`` (``"$request_id;`` / ``... X-Api-Key
    "<value>";``: the open quote was a slip, its string ends inside the next directive).
    ``closing``: the closing pattern of a string already open at the line's start
    (``_CODE_CLOSING_QUOTE``), None when the line starts between arguments. Linear in the line."""
    at = 0
    if closing is not None:
        closed = closing.match(text)
        if closed is None:
            return next(quote for quote, pattern in _CODE_CLOSING_QUOTE.items() if pattern is closing)
        at = closed.end()
        if at < len(text) and text[at] not in _NGINX_AFTER_STRING:
            return ""
    at = _NGINX_ARGUMENTS.match(text, at).end()  # type: ignore[union-attr]  # matches the empty string
    if at == len(text) or text[at] == "#":
        return None
    quote = text[at]  # a quote that opens no string closed as nginx allows
    return "" if _CODE_CLOSING_QUOTE[quote].match(text, at + 1) is not None else quote


def entry_run_on(names: Names, number: int, entry: Entry, settings: list[str]) -> RunOn | None:
    """The string the last entry of a hash or an array in code on one line leaves open, up to its
    closing quote (``return ['host' => 'db', 'password' => '`` / ``...'];``), when its key is
    sensitive: its lines are its text, judged whole unless the entry was reported on its line
    (among ``settings``). None for another key's (its lines are read as settings, as another key's are)."""
    if not names.sensitive(entry.name) or names.is_allowed(entry.name):
        return None
    value = entry.value.strip(" \t")
    closing = (_CODE_CLOSING_QUOTE if entry.arrow else _ENTRY_CLOSING_QUOTE).get(value[:1])
    if closing is None or closing.match(value, 1) is not None:
        return None
    run_on = RunOn(number, 0, entry.name, closing, False)
    run_on.judged = entry.name not in settings
    return run_on


def judged_run_on(run_on: RunOn | None, sensitive: bool) -> RunOn | None:
    """A run-on value of a sensitive key, its text judged; None for another key's (its lines are
    read as settings, as the ``name = value`` reader reads another key's)."""
    if run_on is None or not sensitive:
        return None
    run_on.judged = True
    return run_on


def odd_backslashes(line: str) -> bool:
    """Whether a line ends in an odd number of backslashes (the last one escapes the line break)."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1
