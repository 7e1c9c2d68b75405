"""The statements a line of source code holds after its first: what follows a ``{`` that opens a
body (``class A { String password = "..."; }``) or a ``;`` that ends a statement (``val user =
"app"; val password = "..."``) or a ``,`` between the names of a JavaScript declaration (``let user
= "app", password = "..."``), read as a line of its own would be."""

from __future__ import annotations

import re

_STRING = r"""\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+'|`(?:[^`\\]|\\.)*+`"""
"""A string closed on its line."""
_VALUE_BRACKETS = rf"""\((?:[^"'`/\#()\[\]{{}}]++|{_STRING}|/(?![/*]))*+\)|\[(?:[^"'`/\#()\[\]{{}}]++|{_STRING}|/(?![/*]))*+\]"""
"""Brackets of a value holding no bracket, comment or string left open (``f(a, "b;c")``): the
statements they hold none of, their ``;`` and ``,`` none's end."""
_STATEMENT_TOKEN = re.compile(
    r"""(?:[^"'`/\#()\[\]{};,]++|"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`(?:[^`\\]|\\.)*+`?+"""
    rf"|/\*(?:[^*]|\*(?!/))*+(?:\*/)?+|/(?![/*])|{_VALUE_BRACKETS})*+"
    r"(?:(//|[\#()\[\]{};,])|\Z)"
)
"""What a line of code is read in to find its statements: text passed over (other text, a string
maybe left open, a block comment, a ``/`` alone, ``_VALUE_BRACKETS``), then the mark it stops at,
its last character (a comment's start, a bracket, a statement's ``;``, a comma), or the line's end
(no group). Each part of the text passed over starts where no other may: linear."""
JAVASCRIPT_SUFFIXES = frozenset((".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"))
"""The suffixes of JavaScript and TypeScript source (``source_code_suffix``)."""
_DECLARATION = re.compile(r"[ \t]*+(?:export[ \t]++)?+(?P<keyword>var|let|const)[ \t]++")
"""The start of a JavaScript or TypeScript declaration, whose names a ``,`` separates."""
_LITERAL = re.compile(r"[\"'`0-9]")
"""What a literal a statement may set starts with, or holds: a quote or a digit. A statement with
none sets no secret in plain text (``const password = process.env.PW;``) and is not read."""
_NO_ASSIGNMENT = re.compile(r"(?:return|throw|yield|import|package|assert)(?![\w$])")
"""The start of a statement that assigns nothing (``return "jdbc:..." + host;``): not read."""
_COMMENT_STARTS = {".py": ("#",), ".rb": ("#",), ".php": ("#", "//")}
"""What starts a comment, by the key's suffix; ``//`` for any other."""
_NO_BODIES = (".py", ".rb")
"""Suffixes whose braces open no body of statements: Python's dicts and sets, Ruby's hashes and blocks."""
_ACCESSORS = re.compile(r"[ \t]*+(?:(?:public|private|protected|internal)[ \t]++)*+(?:get|set|init)[ \t]*+(?:;|=>|\{)")
"""What follows the ``{`` of a C# property's accessors (``{ get; set; }``, ``{ get; private set; }``,
``{ get => ...; }``, ``{ get { return ...; } }``): part of its declaration, no body, nor is a block
of its accessors."""
_INITIALIZER = re.compile(r"[ \t]*+=(?![=>])")
"""The ``=`` of an initializer after a C# property's accessors (``{ get; set; } = ...``)."""
_CASE_LABELS = re.compile(
    r"""(?:(?:case[ \t]++(?:[^:;"'`]++|::|"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+')*+|default[ \t]*+):(?!:)[ \t]*+)++"""
)
"""The labels of a ``switch``'s arm before its statement (``case 1:``, ``case "prod":``, ``case
Env::PROD:``, ``default:``, several in a row): no part of the statement."""
_JAVA_CASE_LABELS = re.compile(
    r"""(?:(?:case[ \t]++(?:[^:;"'`\-]++|::|-(?!>)|"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+')*+|default[ \t]*+)(?::(?!:)|->)[ \t]*+)++"""
)
"""``_CASE_LABELS`` in Java, also before an arrow (``case "prod" -> password = ...;``, ``case 1, 2
->``, ``default ->``): the label is compared, the statement after it assigns. A label holds no
``->`` (``case "prod" -> a ? b : c`` is no label up to its ``:``)."""
_BLOCK_AFTER_EQUALS = (".scala",)
"""Suffixes whose ``= {`` opens a block of statements (Scala's ``def f() = { val a = ... }``); in
other languages it opens an object, an array or a lambda."""
_NO_BODY_AFTER = frozenset(
    {"return", "yield", "throw", "await", "typeof", "void", "delete", "in", "of", "instanceof", "case", "new"}
    | {"default", "export", "import", "as", "satisfies", "const", "let", "var"}
)
"""Words a ``{`` after them opens a value or a list of names with (``return { password: x }``,
``export default { ... }``, ``import { a } from``) or a destructuring pattern with (``const { a } =
o``), no body."""


_LOWERCASE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_NO_LETTER_OR_DIGIT = bytes(byte for byte in range(128) if not chr(byte).isalnum())
"""The ASCII characters that are no letter or digit of ASCII's (``[^A-Za-z0-9]``): dropped from a
text folded, as any character outside ASCII is."""
_SECRET_NAME_PART = re.compile(
    rb"p(?:ass|w|swd)|s(?:ecret|alt|ecurevalue)|c(?:red|ookie)|bearer|key|uth|token|encrypt|noop|honeycomb|jfrog"
)
"""What a text that may set a secret holds once folded (lowercased, any character but an ASCII
letter or digit dropped): a part of each sensitive name as ``name_is_sensitive`` folds a name
(``password``, ``sec_ret``, ``api-key``, ``AUTH_SALT``, ``erlang_cookie``, ``secureValue``), of a
key judged by its value (``encrypt``, ``routing_key``, ``cloud_auth``, ``_auth``), of a header
carrying a credential (``Authorization``, ``x-honeycomb-team``, ``x-jfrog-art-api``), of a directive
(``requirepass``, ``masterauth``, ``stats auth``), Spring's ``{noop}``, a credential's constructor
(``Credential``, ``...Auth(``). The parts sharing a first letter are grouped: fewer tried at each
character."""


def may_name_a_secret(text: str) -> bool:
    """Whether a statement (or a line of them) may set a secret when read with no extra names:
    it holds a ``_SECRET_NAME_PART``, or a Redis ACL's ``user NAME >password``. One that does not
    is read as setting none (``String user = "app";``), sparing the statement readers. Folded as
    bytes in one pass (``bytes.translate``), as a line of minified code is long."""
    folded = text.encode("ascii", "ignore").translate(_LOWERCASE, _NO_LETTER_OR_DIGIT)
    return _SECRET_NAME_PART.search(folded) is not None or (">" in text and b"user" in folded)


def later_statements(line: str, source: str, screened: bool = False) -> list[str]:
    """The statements of a line of source code (``source``: its key's suffix) after its first, each
    stripped, that may assign a literal (an ``=`` or a ``:``, or in C# a ``get``, and a ``_LITERAL`` in it): what follows
    a ``{`` opening a body (``_opens_a_body``) up to the ``}`` closing it, and what follows a ``;`` outside the brackets of
    a value (``for (i = 0; i < n; i++)`` is one statement), the ``;`` kept with the statement it
    ends; a C# property's accessors in braces (``_ACCESSORS``, ``{ get { return "..."; } }``) are
    part of its declaration, which ends with them unless an initializer's ``=`` follows; in JavaScript and TypeScript, each name of a declaration after the first, after a ``,``
    outside brackets, as declared alone (``var user, password = "..."`` holds ``var password =
    "..."``). A string, a comment and brackets of a value are read through; [] when the line holds
    one statement. ``screened``: only those that may name a secret, when the line does
    (``may_name_a_secret``), as read with no extra names: a line of dense code holds many
    statements, few of them naming one."""
    if not _may_hold_statements(line, source) or (screened and not may_name_a_secret(line)):
        return []
    properties = source == ".cs"  # whether a C# getter (get => "...") sets a literal
    return [
        stripped
        for statement in _statements(line, source)
        if ("=" in statement or ":" in statement or (properties and "get" in statement))
        and _LITERAL.search(statement) is not None
        and (not screened or may_name_a_secret(statement))
        and (stripped := without_case_labels(unlabelled := statement.strip(" \t"), source))
        and _NO_ASSIGNMENT.match(stripped) is None
        # blanks stripped are folded away, but labels dropped may have held its only sensitive name (case "password": v = 1;)
        and (not screened or len(stripped) == len(unlabelled) or may_name_a_secret(stripped))
    ]


def _statements(line: str, source: str) -> list[str]:
    """The statements of a line of source code after its first, as ``later_statements`` finds
    them, unstripped, then the entries of its destructuring patterns giving a default."""
    comments = _COMMENT_STARTS.get(source, ("//",))
    bodies: list[bool] = []  # per bracket open: whether it opens a body
    in_body = True  # whether a ; ends a statement: no bracket is open, or the innermost opens a body
    statements: list[str] = []
    start = 0
    end = len(line)
    names = source in JAVASCRIPT_SUFFIXES  # whether a declaration's names may follow one another
    declared_from = 0  # where the statement a comma may end starts: its keyword, when a declaration
    declaration: str | None = None  # that keyword ("" when none), read at the first comma that may end one
    prefix = ""  # the keyword a name declared after a comma is declared with
    bodies_open = source not in _NO_BODIES
    properties = source == ".cs"  # whether a { may open a property's accessors
    add = statements.append
    defaults: list[str] = []  # the entries of a JavaScript destructuring pattern (const { password = "..." } = o)
    pattern = entry_start = -1  # the depth of the pattern's { (-1: none), where its entry starts
    accessors = -1  # the depth of a C# property's accessors' { (-1: none)
    for token in _STATEMENT_TOKEN.finditer(line):
        mark = token[1]
        if mark is None:
            break  # the line's end
        at = token.end() - 1
        if mark == ";":
            if in_body:
                add(prefix + line[start : at + 1])
                start = declared_from = at + 1
                prefix, declaration = "", None
        elif mark == "{":
            if properties and accessors < 0 and _ACCESSORS.match(line, at + 1) is not None:
                accessors = len(bodies) + 1  # public string Password { get; set; }: part of its declaration
            in_body = bodies_open and accessors < 0 and (line[at - 1 : at] == ")" or _opens_a_body(line, at, source))
            if in_body:
                add(prefix + line[start:at])
                start = declared_from = at + 1
                prefix, declaration = "", None
            elif names and pattern < 0 and _opens_a_pattern(line, at):
                pattern, entry_start = len(bodies) + 1, at + 1
            bodies.append(in_body)
        elif mark == "}" or mark == ")" or mark == "]":
            depth = len(bodies)
            if depth == pattern:
                defaults.append(line[entry_start:at])
                pattern = -1
            if depth == accessors:
                accessors = -1
                bodies.pop()
                in_body = not bodies or bodies[-1]
                if in_body and _INITIALIZER.match(line, at + 1) is None:  # the declaration ends with them
                    add(prefix + line[start : at + 1])
                    start = declared_from = at + 1
                    prefix, declaration = "", None
            elif depth:
                if bodies.pop():
                    add(prefix + line[start:at])
                    start = declared_from = at + 1
                    prefix, declaration = "", None
                in_body = depth == 1 or bodies[-1]
        elif mark == ",":
            if len(bodies) == pattern:
                defaults.append(line[entry_start:at])
                entry_start = at + 1
            elif names and in_body:
                if declaration is None:
                    declaration = _declaration(line, declared_from)
                if declaration:
                    add(prefix + line[start:at])
                    start, prefix = at + 1, declaration + " "
        elif mark == "(" or mark == "[":
            bodies.append(False)
            in_body = False
        elif mark in comments:  # a comment's start: // or #
            end = at - 1 if mark == "//" else at
            break
    if statements:
        statements.append(prefix + line[start:end])
        del statements[0]
    if defaults:
        statements.extend(entry for entry in defaults if _holds_a_default(entry))
    return statements


_STRING_IN_ENTRY = re.compile(r"""\"(?:[^\"\\]|\\.)*+\"?+|'(?:[^'\\]|\\.)*+'?+|`(?:[^`\\]|\\.)*+`?+""")
_DEFAULT_SIGN = re.compile(r"(?<![=!<>])=(?![=>])")
"""An ``=`` giving a default, no part of ``==``, ``===``, ``!=``, ``<=``, ``>=`` or ``=>``."""


def _holds_a_default(entry: str) -> bool:
    """Whether an entry of a destructuring pattern gives a default (``password = "..."``, ``db: {
    password = "..." }``, ``password: alias = "..."``): an ``=`` of its own outside strings. An
    object literal's entry passed to a call (``f({ password: x === "..." })``) gives none."""
    return "=" in entry and _DEFAULT_SIGN.search(_STRING_IN_ENTRY.sub("", entry)) is not None


def without_case_labels(statement: str, source: str) -> str:
    """A statement of a key whose suffix is ``source`` without the ``case ...:`` and ``default:``
    labels before it (``_CASE_LABELS``; in Java, also ``case ... ->``: ``_JAVA_CASE_LABELS``)."""
    if statement[:4] != "case" and statement[:7] != "default":
        return statement
    labels = (_JAVA_CASE_LABELS if source == ".java" else _CASE_LABELS).match(statement)
    return statement if labels is None else statement[labels.end() :]


def _opens_a_pattern(line: str, brace: int) -> bool:
    """Whether the ``{`` at ``brace`` opens a JavaScript destructuring pattern: right after ``const``,
    ``let`` or ``var`` (``const { password = "..." } = o``), or right after a ``(`` or a ``,``, a
    function's or an arrow's parameter (``function f({ password = "..." } = {})``, ``({ token =
    "..." }) => token``); its entries' defaults are values. An object literal there (``f({ a: 1
    })``) holds no default: its entries have none to read."""
    at = brace
    while at > 0 and line[at - 1] in " \t":
        at -= 1
    if line[at - 1 : at] in ("(", ","):
        return True
    word_start = at
    while word_start > 0 and (line[word_start - 1].isalnum() or line[word_start - 1] in "_$"):
        word_start -= 1
    return line[word_start:at] in ("const", "let", "var") and line[word_start - 1 : word_start] != "."


def _may_hold_statements(line: str, source: str) -> bool:
    """A quick test that spares the reader most lines of code: one with an ``=`` or a ``:`` (in C#,
    or a getter's ``get``), a literal (``_LITERAL``) and a ``;`` or a ``{`` before its end (``x =
    1;`` and ``class A {`` hold one statement; in Python and Ruby, whose braces open no body, a
    ``;``: a dict on a line is one), or, in JavaScript, a comma and a declaration's keyword."""
    if ("=" not in line and ":" not in line and not (source == ".cs" and "get" in line)) or _LITERAL.search(line) is None:
        return False
    ended = line.rstrip(" \t\r;{")
    return (
        ";" in ended
        or ("{" in ended and source not in _NO_BODIES)
        or ("," in line and source in JAVASCRIPT_SUFFIXES and ("var" in line or "let" in line or "const" in line))
    )


def _declaration(line: str, start: int) -> str:
    """The keyword of the JavaScript declaration a statement starting at ``start`` is (``let``), or ""."""
    declared = _DECLARATION.match(line, start)
    return "" if declared is None else declared.group("keyword")


def _opens_a_body(line: str, brace: int, source: str) -> bool:
    """Whether the ``{`` at ``brace`` opens a body of statements: after a ``)`` (``fun f() {``, ``if
    (ok) {``), an arrow (``=> {``, ``-> {``) or a word (``class A {``, ``else {``; in Go, after a
    blank: ``Config{`` is a composite literal), but for a word that gives a value (``return {``)."""
    if source in _NO_BODIES:
        return False
    at = brace
    while at > 0 and line[at - 1] in " \t":
        at -= 1
    if at == 0:
        return False
    before = line[at - 1]
    if before == ")":
        return True
    if before == "=" and source in _BLOCK_AFTER_EQUALS:
        return line[at - 2 : at - 1] not in ("=", "!", "<", ">")  # def f() = {, not a == {
    if before == ">":
        return line[at - 2 : at] in ("=>", "->")
    if not (before.isalnum() or before in "_$") or (source == ".go" and at == brace):
        return False
    word_start = at - 1
    while word_start > 0 and (line[word_start - 1].isalnum() or line[word_start - 1] in "_$"):
        word_start -= 1
    return line[word_start:at] not in _NO_BODY_AFTER
