"""Values of source code written over several lines, read whole once the brackets their first line
leaves open are closed: a value in parentheses (``password = (`` / ``"..."`` / ``)``), a C# property's
accessors (``public string Password`` / ``{`` / ``get => "...";`` / ``}``)."""

from __future__ import annotations

import re

from webhook.checks.secrets.continued_values import OPEN_LOOKUP
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.source_code import PROPERTY_HEAD, REDCAP_CALL, redcap_token_settings, source_literal, typed_declaration_setting
from webhook.checks.secrets.values import LOOKUP_CALL

_CODE_PART = re.compile(r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|(?P<comment>\#|//)|[^"'`\#/]++|/""")
"""The parts a line of code is read in to find its comment: a string (maybe left open), a comment's
start, other text. Each part starts where no other may: linear."""
_COMMENT_STARTS = {".py": ("#",), ".rb": ("#",), ".php": ("#", "//")}
"""What starts a comment, by the key's suffix; ``//`` for any other."""
_BRACKET = re.compile(r"""(?:"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|([(\[{])|[)\]}]""")
"""A string (maybe left open) or a bracket: the opening ones captured."""
_ARGUMENT_LOOKUP = re.compile(r"(?:^|[(,])[ \t]*+" + LOOKUP_CALL)
"""An environment lookup where a value or a call's argument starts (``os.environ.get(``,
``parse_boolean(os.environ.get(``); ``load_env(`` is none."""
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


class _KeptLines:
    """Lines of source code kept from one that leaves brackets open (``number``, setting ``name``) up
    to the one that closes them, without their comments, to be read whole as one line."""

    __slots__ = ("number", "name", "source", "lines", "depth")

    def __init__(self, number: int, name: str, source: str, first: str) -> None:
        self.number, self.name, self.source = number, name, source
        self.lines = [first]
        self.depth = _bracket_depth(first)  # brackets open after the lines kept

    def closed_by(self, line: str, embedded: bool) -> bool:
        """Keeps a line below the first; whether it closes the brackets left open. A line of a
        string over lines (``embedded``: a Python triple-quoted string's) or one more than
        ``_KEPT_LINES`` ends the lines unread: they are judged to set no secret."""
        if embedded or len(self.lines) > _KEPT_LINES:
            self.lines.clear()
            return True
        code = code_before_comment(line, self.source).strip()
        self.lines.append(code)
        self.depth += _bracket_depth(code)
        return self.depth <= 0

    def text(self) -> str:
        """The lines kept, joined into one (blanks between them); "" when they were ended unread."""
        return " ".join(self.lines)


class OpenParentheses(_KeptLines):
    """The value of a sensitive name in source code that is a ``(`` left open at its line's end
    (``password = (`` / ``"..."`` / ``)``, ``const token = (``), or an environment lookup it leaves
    open, in parentheses or a call's argument, or closed on the line below (``(os.environ.get("X",``
    / ``"...")``, ``parse_boolean(os.environ.get(`` / ``"X", "..."))``, ``os.environ.get("X", "..."``
    / ``)``): its lines below are kept, without their comments, up to the one that closes it, then
    judged whole as the value written on one line would be (``source_literal``: ``("...")``,
    Python's adjacent literals ``("a" "b")``, a tuple, a conditional's branches, a lookup's literal
    default). A lookup opened alone (``os.environ.get(``, ``os.environ.get("X",``) runs on as
    ``RunOn`` reads it."""

    __slots__ = ()

    @classmethod
    def opened(cls, number: int, name: str, value: str, source: str) -> OpenParentheses | None:
        """The value assigned on line ``number`` (``value``, as written after its ``=``) when it is a
        ``(`` alone, maybe with a comment after it, or a lookup left open (``_ARGUMENT_LOOKUP``), else None."""
        code = code_before_comment(value, source).strip()
        if code == "(":
            return cls(number, name, source, "(")
        if _ARGUMENT_LOOKUP.search(code) is None or OPEN_LOOKUP.fullmatch(code) is not None:
            return None
        opened = cls(number, name, source, code)
        return opened if opened.depth > 0 else None

    def literal(self) -> bool:
        """Whether the value, read whole, holds a secret in plain text."""
        return bool(self.lines) and source_literal(self.text(), self.name)


class OpenRedcapCall(_KeptLines):
    """A call that opens a REDCap project (PyCap's ``redcap.Project(``, PHPCap's ``new
    RedCapProject(``) left open at its line's end, its arguments on the lines below (the URL on one,
    the token on the next): its lines are kept up to the one that closes it, then read whole as the
    call written on one line (``redcap_token_settings``)."""

    __slots__ = ()

    @classmethod
    def opened(cls, number: int, line: str, source: str) -> OpenRedcapCall | None:
        """The call opened on line ``number`` when it opens one and leaves brackets open, else None."""
        code = code_before_comment(line, source).strip()
        if REDCAP_CALL.search(code) is None:
            return None
        opened = cls(number, "", source, code)
        return opened if opened.depth > 0 else None

    def settings(self, names: Names) -> list[str]:
        """The calls, read whole, that open a project with a literal token (``redcap.Project token``)."""
        return redcap_token_settings(names, self.text()) if self.lines else []


_NO_PROPERTY_TYPES = frozenset(
    {"class", "struct", "interface", "enum", "record", "namespace", "delegate", "event", "using"}
    | {"return", "throw", "yield", "await", "else", "case", "goto", "new", "var", "in", "is", "as", "out", "ref"}
)
"""Words in a property's type's place that make the line no property (``public class Password``,
``return token``)."""


class OpenProperty(_KeptLines):
    """A C# property of a sensitive name whose accessors run over lines (``public string Password``
    / ``{`` / ``get => "...";`` / ``}``; ``{`` ending the line of its name or starting the next):
    its lines are kept up to the one closing its braces, then read as its declaration written on
    one line (``typed_declaration_setting``: a getter's value, ``{ get { return "..."; } }``, or an
    initializer after its accessors, ``{ get; set; } = "..."``)."""

    __slots__ = ()

    @classmethod
    def opened(cls, names: Names, number: int, line: str) -> OpenProperty | None:
        """The property whose name line ``number`` declares with no accessors closed on it (``public
        string Password``, ``public string Password {``) when its name is sensitive, else None."""
        code = code_before_comment(line, ".cs").strip()
        head = PROPERTY_HEAD.fullmatch(code)
        if head is None or head.group("type").strip("?") in _NO_PROPERTY_TYPES:
            return None
        name = head.group("variable")
        if not names.sensitive(name) or names.is_allowed(name):
            return None
        opened = cls(number, name, ".cs", code)
        return opened if opened.depth > 0 or code[-1:] != "}" else None

    def waits_in_vain_for(self, line: str) -> bool:
        """Whether the property's name is still waiting for the ``{`` of its accessors and ``line``,
        the one below it, opens none: then it is no property over lines."""
        return self.depth == 0 and line.lstrip()[:1] != "{"

    def setting(self, names: Names) -> str | None:
        """The property's name when its declaration, read whole, sets a secret in plain text."""
        if not self.lines:
            return None
        return typed_declaration_setting(names, self.text(), ".cs")
