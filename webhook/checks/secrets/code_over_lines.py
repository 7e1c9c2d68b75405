"""Values of source code written over several lines, read whole once the brackets their first line
leaves open are closed: a value in parentheses (``password = (`` / ``"..."`` / ``)``)."""

from __future__ import annotations

import re

from webhook.checks.secrets.source_code import source_literal

_CODE_PART = re.compile(r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|(?P<comment>\#|//)|[^"'`\#/]++|/""")
"""The parts a line of code is read in to find its comment: a string (maybe left open), a comment's
start, other text. Each part starts where no other may: linear."""
_COMMENT_STARTS = {".py": ("#",), ".rb": ("#",), ".php": ("#", "//")}
"""What starts a comment, by the key's suffix; ``//`` for any other."""
_BRACKET = re.compile(r"""(?:"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|([(\[{])|[)\]}]""")
"""A string (maybe left open) or a bracket: the opening ones captured."""
_KEPT_LINES = 200
"""Lines kept below a value's line, at most: a value still open after them is judged no secret (a
text that never closes its brackets is not kept whole)."""


def code_before_comment(line: str, source: str) -> str:
    """A line of ``source`` code (its key's suffix) without its comment: ``#`` in Python and Ruby,
    ``//`` in the others, either in PHP; a comment's start inside a string is text."""
    if "#" not in line and "/" not in line:
        return line
    comments = _COMMENT_STARTS.get(source, ("//",))
    for part in _CODE_PART.finditer(line):
        if part.group("comment") in comments:
            return line[: part.start()]
    return line


def _bracket_depth(code: str) -> int:
    """The brackets a text of code opens less those it closes, outside strings."""
    depth = 0
    for part in _BRACKET.finditer(code):
        if part.group(1) is not None:
            depth += 1
        elif part.group()[:1] not in ("'", '"', "`"):
            depth -= 1
    return depth


class OpenParentheses:
    """The value of a sensitive name in source code that is a ``(`` left open at its line's end
    (``password = (`` / ``"..."`` / ``)``, ``const token = (``): its lines below are kept, without
    their comments, up to the one that closes it, then judged whole as the value written on one
    line would be (``source_literal``: ``("...")``, Python's adjacent literals ``("a" "b")``, a
    tuple, a conditional's branches)."""

    __slots__ = ("number", "name", "source", "lines", "depth")

    def __init__(self, number: int, name: str, source: str) -> None:
        self.number, self.name, self.source = number, name, source
        self.lines = ["("]
        self.depth = 1  # brackets open after the lines kept

    @classmethod
    def opened(cls, number: int, name: str, value: str, source: str) -> OpenParentheses | None:
        """The value assigned on line ``number`` (``value``, as written after its ``=``) when it is a
        ``(`` alone, maybe with a comment after it, else None."""
        return cls(number, name, source) if code_before_comment(value, source).strip() == "(" else None

    def closed_by(self, line: str, embedded: bool) -> bool:
        """Keeps a line below the value's; whether it closes the value's parentheses. A line of a
        string over lines (``embedded``: a Python triple-quoted string's) or one more than
        ``_KEPT_LINES`` ends the value unread: it is judged no secret."""
        if embedded or len(self.lines) > _KEPT_LINES:
            self.lines.clear()
            return True
        code = code_before_comment(line, self.source).strip()
        self.lines.append(code)
        self.depth += _bracket_depth(code)
        return self.depth <= 0

    def literal(self) -> bool:
        """Whether the value, read whole, holds a secret in plain text."""
        return bool(self.lines) and source_literal(" ".join(self.lines), self.name)
