"""The statements a line of source code holds after its first: what follows a ``{`` that opens a
body (``class A { String password = "..."; }``) or a ``;`` that ends a statement (``val user =
"app"; val password = "..."``), read as a line of its own would be."""

from __future__ import annotations

import re

_STATEMENT_PART = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`(?:[^`\\]|\\.)*+`?+)"""
    r"|(?P<comment>//|\#)|/\*(?:[^*]|\*(?!/))*+(?:\*/)?+"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<end>;)"
    r"""|[^"'`/\#()\[\]{};]++|/"""
)
"""The parts a line of code is read in to find its statements: a string (maybe left open), a
comment's start, a block comment, a bracket, a statement's ``;``, other text. Each part starts where no other may: linear."""
_COMMENT_STARTS = {".py": ("#",), ".rb": ("#",), ".php": ("#", "//")}
"""What starts a comment, by the key's suffix; ``//`` for any other."""
_NO_BODIES = (".py", ".rb")
"""Suffixes whose braces open no body of statements: Python's dicts and sets, Ruby's hashes and blocks."""
_NO_BODY_AFTER = frozenset(
    {"return", "yield", "throw", "await", "typeof", "void", "delete", "in", "of", "instanceof", "case", "new", "default", "export", "import", "as", "satisfies", "const", "let", "var"}
)
"""Words a ``{`` after them opens a value or a list of names with (``return { password: x }``,
``export default { ... }``, ``import { a } from``) or a destructuring pattern with (``const { a } =
o``), no body."""


def later_statements(line: str, source: str) -> list[str]:
    """The statements of a line of source code (``source``: its key's suffix) after its first, each
    stripped, that may assign (an ``=`` or a ``:`` in it): what follows a ``{`` opening a body
    (``_opens_a_body``) up to the ``}`` closing it, and what follows a ``;`` outside the brackets of
    a value (``for (i = 0; i < n; i++)`` is one statement), the ``;`` kept with the statement it
    ends. A string, a comment and brackets of a value are read through; [] when the line holds one
    statement."""
    comments = _COMMENT_STARTS.get(source, ("//",))
    bodies: list[bool] = []  # per bracket open: whether it opens a body
    statements: list[str] = []
    start = 0
    end = len(line)
    for part in _STATEMENT_PART.finditer(line):
        kind = part.lastgroup
        if kind == "comment" and part.group() in comments:
            end = part.start()
            break
        if kind == "open":
            body = part.group() == "{" and _opens_a_body(line, part.start(), source)
            if body:
                statements.append(line[start : part.start()])
                start = part.end()
            bodies.append(body)
        elif kind == "close" and bodies and bodies.pop():
            statements.append(line[start : part.start()])
            start = part.end()
        elif kind == "end" and (not bodies or bodies[-1]):
            statements.append(line[start : part.end()])
            start = part.end()
    if not statements:
        return []
    statements.append(line[start:end])
    return [stripped for statement in statements[1:] if ("=" in statement or ":" in statement) and (stripped := statement.strip(" \t"))]


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
