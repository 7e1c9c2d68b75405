"""The statements a line of source code holds after its first: what follows a ``{`` that opens a
body (``class A { String password = "..."; }``) or a ``;`` that ends a statement (``val user =
"app"; val password = "..."``) or a ``,`` between the names of a JavaScript declaration (``let user
= "app", password = "..."``), read as a line of its own would be."""

from __future__ import annotations

import re

_STATEMENT_PART = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`(?:[^`\\]|\\.)*+`?+)"""
    r"|(?P<comment>//|\#)|/\*(?:[^*]|\*(?!/))*+(?:\*/)?+"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<end>;)|(?P<comma>,)"
    r"""|[^"'`/\#()\[\]{};,]++|/"""
)
"""The parts a line of code is read in to find its statements: a string (maybe left open), a
comment's start, a block comment, a bracket, a statement's ``;``, a comma, other text. Each part
starts where no other may: linear."""
_JAVASCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
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
_NO_BODY_AFTER = frozenset(
    {"return", "yield", "throw", "await", "typeof", "void", "delete", "in", "of", "instanceof", "case", "new"}
    | {"default", "export", "import", "as", "satisfies", "const", "let", "var"}
)
"""Words a ``{`` after them opens a value or a list of names with (``return { password: x }``,
``export default { ... }``, ``import { a } from``) or a destructuring pattern with (``const { a } =
o``), no body."""


def later_statements(line: str, source: str) -> list[str]:
    """The statements of a line of source code (``source``: its key's suffix) after its first, each
    stripped, that may assign a literal (an ``=`` or a ``:`` and a ``_LITERAL`` in it): what follows
    a ``{`` opening a body (``_opens_a_body``) up to the ``}`` closing it, and what follows a ``;`` outside the brackets of
    a value (``for (i = 0; i < n; i++)`` is one statement), the ``;`` kept with the statement it
    ends; in JavaScript and TypeScript, each name of a declaration after the first, after a ``,``
    outside brackets, as declared alone (``var user, password = "..."`` holds ``var password =
    "..."``). A string, a comment and brackets of a value are read through; [] when the line holds
    one statement."""
    if not _may_hold_statements(line, source):
        return []
    comments = _COMMENT_STARTS.get(source, ("//",))
    bodies: list[bool] = []  # per bracket open: whether it opens a body
    statements: list[str] = []
    start = 0
    end = len(line)
    names = source in _JAVASCRIPT_SUFFIXES  # whether a declaration's names may follow one another
    declaration = _declaration(line, start, names)
    prefix = ""  # the keyword a name declared after a comma is declared with
    for part in _STATEMENT_PART.finditer(line):
        kind = part.lastgroup
        if kind == "comment" and part.group() in comments:
            end = part.start()
            break
        if kind == "open":
            body = part.group() == "{" and _opens_a_body(line, part.start(), source)
            if body:
                statements.append(prefix + line[start : part.start()])
                start, prefix, declaration = part.end(), "", _declaration(line, part.end(), names)
            bodies.append(body)
        elif kind == "close" and bodies and bodies.pop():
            statements.append(prefix + line[start : part.start()])
            start, prefix, declaration = part.end(), "", _declaration(line, part.end(), names)
        elif kind == "end" and (not bodies or bodies[-1]):
            statements.append(prefix + line[start : part.end()])
            start, prefix, declaration = part.end(), "", _declaration(line, part.end(), names)
        elif kind == "comma" and declaration and (not bodies or bodies[-1]):
            statements.append(prefix + line[start : part.start()])
            start, prefix = part.end(), declaration + " "
    if not statements:
        return []
    statements.append(prefix + line[start:end])
    return [
        stripped
        for statement in statements[1:]
        if ("=" in statement or ":" in statement)
        and _LITERAL.search(statement) is not None
        and (stripped := statement.strip(" \t"))
        and _NO_ASSIGNMENT.match(stripped) is None
    ]


def _may_hold_statements(line: str, source: str) -> bool:
    """A quick test that spares the reader most lines of code: one with an ``=`` or a ``:``, a
    literal (``_LITERAL``) and a ``;`` or a ``{`` before its end (``x = 1;`` and ``class A {`` hold
    one statement), or, in JavaScript, a comma and a declaration's keyword."""
    if ("=" not in line and ":" not in line) or _LITERAL.search(line) is None:
        return False
    ended = line.rstrip(" \t\r;{")
    return ";" in ended or "{" in ended or ("," in line and source in _JAVASCRIPT_SUFFIXES and ("var" in line or "let" in line or "const" in line))


def _declaration(line: str, start: int, names: bool) -> str:
    """The keyword of the JavaScript declaration a statement starting at ``start`` is (``let``), or ""."""
    declared = _DECLARATION.match(line, start) if names else None
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
    if before == ">":
        return line[at - 2 : at] in ("=>", "->")
    if not (before.isalnum() or before in "_$") or (source == ".go" and at == brace):
        return False
    word_start = at - 1
    while word_start > 0 and (line[word_start - 1].isalnum() or line[word_start - 1] in "_$"):
        word_start -= 1
    return line[word_start:at] not in _NO_BODY_AFTER
