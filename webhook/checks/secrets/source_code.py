"""ConfigMap keys named as source code (``.py``, ``.js``, ``.go``...): what a line assigns, whether
that is a literal, keyword arguments set to one, and the lines of a file held in a string."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from webhook.checks.secrets.code_entries import CODE_PART, code_object_entries
from webhook.checks.secrets.code_values import (
    CALL_VALUE_SHAPE,
    CODE_STRING,
    LINE_COMMENT,
    call_literal,
    code_literal,
    secret_shaped_argument,
    source_string_literal,
    without_closers,
    without_type_assertions,
)
from webhook.checks.secrets.continued_values import CLOSING_QUOTE
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.setting_values import command_line_option, config_value, without_trailing_comment
from webhook.checks.secrets.values import ENV_LOOKUP

SOURCE_CODE_SUFFIXES = (
    ".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".go", ".rb", ".php",
    ".java", ".kt", ".kts", ".groovy", ".scala", ".cs",
)  # fmt: skip
"""ConfigMap keys whose name says their text is source code (an Airflow DAG, a healthcheck, a small
app): read as code whatever the text looks like (``source_line_value``, ``source_literal``)."""


def source_code_suffix(key: str) -> str:
    """The suffix of a ConfigMap key (lowercased) named as source code (``SOURCE_CODE_SUFFIXES``), or ""."""
    return next((suffix for suffix in SOURCE_CODE_SUFFIXES if key.endswith(suffix)), "")


_ANNOTATED = re.compile(r"""[ \t]*+[A-Za-z_"'][\w.\[\], |"']*+=(?![=>])(?P<default>.*)""", re.DOTALL)
"""What follows the ``:`` of a parameter's or variable's annotation with a default (``password: str
= ...``, ``pass_fds: Sequence[int] = ()``, TypeScript's ``token: string = ...``): its default."""


def source_line_value(line: str, match: re.Match[str], source: str) -> str | None:
    """What a ``name = value`` / ``name: value`` line of source code (``_CONFIG_LINE``'s ``match``)
    assigns, as written after its ``=`` or ``:`` (``=`` left out of Go's ``:=``, a default after an
    annotation); None when the line sets nothing: a comparison (``token == x``), a quote that opens
    no key (``"passwd:name",``), an expression before a ``:`` (``Token.Keyword: "bold"``, a key of
    Python's dict) or, in Python, an annotation without a default (``password: str``, ``token:
    object,``), where an unquoted name before a ``:`` is no dict entry."""
    name, raw = match.group(1), match.group(2)
    before = line[match.start(1) - 1 : match.start(1)]
    after = line[match.end(1) : match.end(1) + 1]
    if (before in ("'", '"') or after in ("'", '"')) and before != after:
        return None
    separator = line[match.start(2) - 1]
    if separator == "=":
        return None if raw[:1] == "=" else raw
    if before in ("'", '"'):
        return raw  # 'password': value, a dict's or a hash's entry
    if raw[:1] == "=":
        return raw[1:]  # Go's password := value
    if (annotated := _ANNOTATED.match(raw)) is not None:
        return annotated.group("default")
    return None if "." in name or source == ".py" else raw


_FORMATTED_STRING = re.compile(rf"(?:{CODE_STRING})[ \t]*+(?:\.[ \t]*+(?:join|format|format_map)[ \t]*+\(|%[ \t]*+[\w(\[{{])")
"""A string that is a separator or a template to fill in (``":".join(...)``, ``"{}:{}".format(u, p)``,
``"%s:%s" % (u, p)``): what the code computes with it is the value."""
_REPEATED_BYTE = re.compile(r"""(?:'(?:[^'\\]|\\(?:x[0-9A-Fa-f]{2}|[0-7]{1,3}+|.))'|"(?:[^"\\]|\\(?:x[0-9A-Fa-f]{2}|[0-7]{1,3}+|.))")[ \t]*+\*[ \t]*+[^\s'"`+][^'"`+]*+""")
"""A string of one character or one escaped byte repeated by a count with no string in it and nothing
added (``b"\\x00" * digest_size``, ``"*" * len(pw)``): a buffer filled or a mask, no secret; ``"a" * 3
+ suffix`` is judged as code joining literals is."""
_OPTION_BEFORE_CODE = re.compile(r"""(?P<quote>['"])[ \t]*+(?P<option>-[^\s'"=:]++)(?P<sep>[=: \t]?+)(?P=quote)[ \t]*+\+[ \t]*+[^\s'"`][^'"`]*+""")
"""A command-line option's name, then maybe ``=``, ``:`` or a blank, in a string
with code added to it and no other string (``" --username=" + auth``, ``'-p' + password``): the code
gives the value (``_option_before_code``). A word with nothing after it (``"-hunter2" + x``) may be
a password's first part."""


def _option_before_code(option: re.Match[str]) -> bool:
    """Whether an ``_OPTION_BEFORE_CODE`` match is an option's name the code gives a value to: a
    command-line option followed by ``=`` or ``:``, a long one by a blank (``'--token ' + token``),
    or a single letter's (``-p``)."""
    name = option.group("option")
    separator = option.group("sep")
    return command_line_option(name) and (separator in ("=", ":") or len(name) == 2 or (separator != "" and name[:2] == "--"))


_STRING_PREFIX = re.compile(r"(?i:[rbuf]|rb|br|fr|rf)(?=[\"'])|(?:@|\$@?+|@\$)(?=\")")
"""Python's string prefixes (``b'...'``, ``r"..."``, ``f'...'``) and C#'s (a verbatim ``@"..."``,
an interpolated ``$"..."``)."""
_PARENTHESIZED_STRING = re.compile(
    rf"(?P<open>\(++)[ \t]*+(?P<string>(?:{_STRING_PREFIX.pattern})?+(?:{CODE_STRING}))[ \t]*+(?P<close>\)++)"
)
"""A string literal (maybe with a prefix) alone in parentheses, as many closed as opened: ``("...")``."""
_PARENTHESIZED_STRINGS = re.compile(
    rf"\([ \t]*+(?P<strings>(?:(?:{_STRING_PREFIX.pattern})?+(?:{CODE_STRING})[ \t]*+){{2,}}+)\)"
)
"""Adjacent string literals (maybe with prefixes) in one pair of parentheses, which Python joins into
one: ``("..." "...")``."""
_INTERPOLATING_PREFIX = re.compile(r"[fF$]")
"""A prefix whose string is a template filled in where it has a replacement field."""
_INTERPOLATION = re.compile(r"(?<!\{)\{(?!\{)")
"""An f-string's replacement field (``{token}``; ``{{`` is a brace)."""


_BARE_NAME = re.compile(r"[ \t]*+[A-Za-z_$][\w$]*+[ \t;]*+")
"""A value that is one name (``None``, ``null``, ``$pw``, ``_password``): code."""


def source_literal(raw: str, name: str) -> bool:
    """Whether a value in source code (``raw``, as written after its ``=`` or ``:``) is a secret in
    plain text: a string literal (maybe with a Python prefix, ``b'...'``; an f-string with a
    replacement field is computed, as a JavaScript template with ``${...}``), one in a list, a
    number, a lookup's literal default (``code_literal`` judges them), a literal fallback after
    code (``vault.read('db') || '...'``, ``password or '...'``) or an argument with the shape of a
    secret (``call_literal``, as in an entry of code), a string alone in parentheses (``("...")``,
    ``_PARENTHESIZED_STRING``); identifiers, member chains, calls, subscripts, ``None``, a
    comparison's ``==`` are code."""
    value, entries = _code_value(raw)
    if value is None:
        return False
    if len(entries) > 1:
        return any(source_literal(item, name) for item in entries if item.strip(" \t"))  # token = "'", token[1:]: a tuple
    if value[:1] == "[" and value[-1:] == "]":
        return any(_listed_string_literal(part, name) for part in CODE_PART.findall(value[1:-1]))
    if (prefix := _STRING_PREFIX.match(value)) is not None:
        value = value[prefix.end() :]
        if _INTERPOLATING_PREFIX.search(prefix.group()) and _INTERPOLATION.search(value):
            return False
    if value[:1] in ("'", '"') and (_FORMATTED_STRING.match(value) is not None or _REPEATED_BYTE.fullmatch(value) is not None):
        return False
    if value[:1] in ("'", '"') and (option := _OPTION_BEFORE_CODE.fullmatch(value)) is not None and _option_before_code(option):
        return False
    elif ("'" in value or '"' in value) and CALL_VALUE_SHAPE.fullmatch(value) is not None:
        return call_literal(value, name)  # decrypt('...'): an argument with the shape of a secret is one
    elif (in_a_branch := branch_literal(without_type_assertions(value), name)) is not None:
        return in_a_branch
    elif value[:1] == "(" and (held := _PARENTHESIZED_STRING.fullmatch(value)) is not None and len(held["open"]) == len(held["close"]):
        string = held["string"]
        return _Expression(string).holds_a_literal([(0, len(string))], name)  # ("..."): the string its parentheses hold
    elif value[:1] == "(" and (joined := _PARENTHESIZED_STRINGS.fullmatch(value)) is not None:
        return source_literal(joined["strings"].rstrip(" \t"), name)  # ("..." "..."): judged as "..." "..." is
    elif value[:1] == "(" and (call := _parenthesized_call(value)) is not None:
        return call_literal(call, name)  # (os.environ.get("X", "...")): the call its parentheses hold
    elif value[:1] == "(" and len(items := _tuple_items(value)) > 1:
        return any(_listed_string_literal(item, name) for item in items)  # ("app", "..."): as a list's
    return source_string_literal(value, name)


@lru_cache(maxsize=1)
def _code_value(raw: str) -> tuple[str | None, tuple[str, ...]]:
    """A value in source code as ``source_literal`` judges it, whatever its name: without its
    comment and closing brackets, unquoted once (``config_value``), and its items when it is a
    tuple (``code_object_entries``); None when it is code read no further. The last one is kept: a
    declaration's value is judged under its variable's name (``typed_declaration_setting``), then
    under its type and variable (``_spaced_setting``) when it held no secret."""
    if _BARE_NAME.fullmatch(raw) is not None:
        return None, ()  # password=None, $password = null, get => _password;: read no further
    value = config_value(LINE_COMMENT.sub("", without_trailing_comment(raw)))
    value = config_value(without_closers(value))
    if reported_credential(value):
        return None, ()  # password = HTTPBasicAuth('app', '...'): the constructor's finding
    return value, tuple(code_object_entries(value))


def _listed_string_literal(item: str, name: str) -> bool:
    """Whether an item of a list or a tuple in code is a string literal holding a secret
    (``source_string_literal``), maybe with a prefix (``r'...'``, ``b"..."``; an f-string with a
    replacement field is computed). Any other item (a name, a call, a tuple) is none."""
    item = item.strip(" \t")
    prefix = _STRING_PREFIX.match(item)
    string = item if prefix is None else item[prefix.end() :]
    if _STRING_LITERAL.fullmatch(string) is None:
        return False
    if prefix is not None and _INTERPOLATING_PREFIX.search(prefix.group()) and _INTERPOLATION.search(string):
        return False
    return source_string_literal(string, name)


def _parenthesized_call(value: str) -> str | None:
    """The call a value in code holds wholly in parentheses, however many (``(os.environ.get("X",
    "..."))``, ``((vault.read("db")))``), with quoted arguments (``CALL_VALUE_SHAPE``), else None:
    judged as written without them (``call_literal``). Read once (``_Expression``)."""
    operands = _Expression(value).operands((0, len(value)))
    if len(operands) != 1 or operands[0][0] == 0:
        return None
    call = value[operands[0][0] : operands[0][1]]
    if ("'" not in call and '"' not in call) or CALL_VALUE_SHAPE.fullmatch(call) is None:
        return None
    return call


def _tuple_items(value: str) -> list[str]:
    """The items of a value that is one pair of parentheses (its ``(`` closed at its end; strings
    read through), at its commas outside strings and brackets (``code_object_entries``): a tuple
    holds two or more (``("app", "...")``, ``("...",)``)."""
    depth = 0
    for part in _BRACKET.finditer(value):
        if part.group(1) is not None:
            depth += 1
        elif part.group()[:1] not in _QUOTES:
            depth -= 1
            if depth == 0:
                return code_object_entries(value[1:-1]) if part.end() == len(value) else []
    return []


_STRING_LITERAL = re.compile(CODE_STRING)
_EXPRESSION_PART = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|(?P<open>[(\[{])|(?P<close>[)\]}])"""
    r"|(?P<operator>\|\||&&|\?\?|\?(?![.?\[(])|:|(?<![\w$.])(?:if|else|and|or)(?![\w$]))"
    r"""|[\w$.]++|[^"'`()\[\]{}|&?:\w$.]++|[|&?]"""
)
"""The parts a value in code is read in to find the operands of its conditional and boolean
expressions: a string (maybe left open), a bracket, an operator (JavaScript's ``||``, ``&&``,
``??``, the ``?`` and ``:`` of ``c ? a : b`` but for ``?.``; Python's ``if``, ``else``, ``and``,
``or``), a word, other text. Each part starts where no other may: linear."""


def branch_literal(value: str, name: str) -> bool | None:
    """Whether an operand of a conditional or boolean expression in code (``value``, as written
    after its ``=`` or ``:``) is a string literal that holds a secret (``source_string_literal``):
    ``x if ok else '...'``, ``cond and '...' or None``, ``ok ? '...' : x``, ``x || '...'``,
    ``x ?? '...'``, in brackets too (``(x if ok else '...')``), however deep; None when the value is
    no such expression. Names, calls, ``None``, ``null`` and empty strings are code (``a or b``, ``t or ''``)."""
    expression = _Expression(value)
    branches = expression.branches((0, len(value)))
    if branches is None:
        return None
    return expression.holds_a_literal(branches, name)


_QUOTES = ("'", '"', "`")
_Range = tuple[int, int]
"""Where a part of a value in code starts and ends (``_Expression``)."""


class _Expression:
    """A value in code read once (``_EXPRESSION_PART``): where its operators and brackets are, the
    closing bracket of each opening one, where its strings start. Its operands, the arms of a
    ``when`` and the blocks of an ``if`` are ranges of it, read from those with each group of
    brackets within them passed over at once: however deep they nest, each part of the value is read
    a few times at most (linear), and no level is one of recursion."""

    __slots__ = ("text", "_starts", "_ends", "_kinds", "_partners", "_closing", "_opening", "_strings")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] = []  # of its operators and brackets, in order
        self._ends: list[int] = []
        self._kinds: list[str] = []  # "open", "close" or "operator"
        self._partners: list[int] = []  # an opening bracket's closing one (its index), -1 when none
        self._closing: dict[int, int] = {}  # where an opening bracket is: where its closing one is
        self._opening: dict[int, int] = {}  # where a closing bracket is: where its opening one is
        self._strings: list[int] = []  # where each string starts
        opened: list[int] = []
        for part in _EXPRESSION_PART.finditer(text):
            kind = part.lastgroup
            if kind is None:
                continue  # a word, other text
            if kind == "string":
                self._strings.append(part.start())
                continue
            index = len(self._starts)
            self._starts.append(part.start())
            self._ends.append(part.end())
            self._kinds.append(kind)
            self._partners.append(-1)
            if kind == "open":
                opened.append(index)
            elif kind == "close" and opened:
                opening = opened.pop()
                self._partners[opening] = index
                self._closing[self._starts[opening]] = part.start()
                self._opening[part.start()] = self._starts[opening]

    def holds_a_literal(self, operands: list[_Range], name: str) -> bool:
        """Whether an operand is a string literal (maybe with a Python prefix) that holds a secret, a
        lookup of the environment with a literal default (``os.getenv('PW', '...')``,
        ``code_literal``), one of those in parentheses (``("...")``) or an expression whose operands
        hold one, however deep (a loop over the operands still to read)."""
        text = self.text
        pending = operands[::-1]
        while pending:
            start, end = pending.pop()
            if not self._holds_a_string(start, end):
                continue  # no string in it: code
            if (prefix := _STRING_PREFIX.match(text, start, end)) is not None and _INTERPOLATING_PREFIX.search(prefix.group()) is None:
                start = prefix.end()
            if _STRING_LITERAL.fullmatch(text, start, end) is not None:
                if source_string_literal(text[start:end], name):
                    return True
            elif ENV_LOOKUP.fullmatch(text, start, end) is not None:
                if code_literal(text[start:end], name):
                    return True
            elif (inner := self.branches((start, end))) is not None:
                pending.extend(inner[::-1])
            elif text[start : start + 1] == "(" and (unwrapped := self.operands((start, end))[0]) != (start, end):
                pending.append(unwrapped)  # ("..."): the literal in its parentheses
        return False

    def branches(self, value: _Range) -> list[_Range] | None:
        """What a value in code may be: the operands of its conditional and boolean operators
        (``operands``), else the values of the arms of Kotlin's ``when``, Scala's ``match`` or a
        ``switch`` expression it is (``arm_values``); None when it is no such expression."""
        operands = self.operands(value)
        if len(operands) > 1:
            return operands
        return self.arm_values(operands[0]) if self._closes_a_brace(value) else None  # its arms close at its end

    def operands(self, value: _Range) -> list[_Range]:
        """The operands of the conditional and boolean operators of a value at its top level,
        outside strings and brackets (``_EXPRESSION_PART``), stripped; one when it has none. A value
        wholly in parentheses is read within them (``(x if ok else '...')``), however many. Kotlin's
        and Scala's ``if (cond) a else b`` (an ``if`` that starts an operand) leaves its condition
        out: ``a`` is the operand."""
        start, end = value
        while True:
            operands, bracketed = self._top_level_operands(start, end)
            if not bracketed:
                return operands
            start, end = self._stripped(start + 1, end - 1)

    def _top_level_operands(self, start: int, end: int) -> tuple[list[_Range], bool]:
        """``operands`` at a value's top level, and whether the value is wholly in parentheses with
        no operator outside them (then its operands are none of these: they are read within). A
        group of brackets is passed over from its opening bracket to its closing one."""
        text = self.text
        operands: list[_Range] = []
        operand_start = start
        bracketed = start < end and text[start] == "("  # so far, the ( at its start is open
        condition = False  # after an if that starts an operand: its condition's ( is next
        braced = False  # after such an if's condition: a branch in braces gives its last statement
        index, count = bisect_left(self._starts, start), len(self._starts)
        while index < count and self._starts[index] < end:
            kind, at = self._kinds[index], self._starts[index]
            if kind == "open":
                condition = condition and text[at] == "(" and self._blank(operand_start, at)  # its condition's (, or no if expression
                partner = self._partners[index]
                if partner < 0 or self._starts[partner] >= end:
                    break  # open to the value's end: the rest is within it
                index, kind = partner, "close"
            if kind == "close":
                bracketed = bracketed and self._ends[index] == end
                if condition:
                    condition, braced, operand_start = False, True, self._ends[index]  # the branch starts after its condition
            else:
                operand = self._stripped(operand_start, at)
                operands.append(self._block_result(operand) if braced else operand)
                operand_start = self._ends[index]
                condition = text[at : self._ends[index]] == "if" and operands[-1][0] == operands[-1][1]
            index += 1
        if bracketed and not operands and text[end - 1 : end] == ")":
            return operands, True
        operand = self._stripped(operand_start, end)
        operands.append(self._block_result(operand) if braced else operand)
        return operands, False

    def _block_result(self, operand: _Range) -> _Range:
        """What a branch of Kotlin's or Scala's ``if`` gives when it is a block in braces: its last
        statement (``{ log(); "..." }`` gives ``"..."``); the operand as written when it is no block."""
        text = self.text
        start, end = self._stripped(*operand, whitespace=True)
        if start >= end or text[start] != "{" or text[end - 1] != "}":
            return operand
        depth, statement, last = 0, start + 1, operand
        at = start
        while at < end:
            part = _ARM_PART.match(text, at, end)
            if part is None:
                break  # never: each character starts a part
            kind, at = part.lastgroup, part.end()
            if kind == "open" and depth > 0:
                if (closing := self._closing.get(part.start(), end)) >= end:
                    break  # never closed in the block: nothing after it is a statement of the block
                at = closing + 1  # nothing within it ends a statement
                continue
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1
                if depth == 0 and part.end() < end:
                    return operand  # { a } + { b }: no one block
            if (kind == "end" and depth == 1) or (kind == "close" and depth == 0):
                stripped = self._stripped(statement, part.start(), whitespace=True)
                last = stripped if stripped[0] < stripped[1] else last
                statement = part.end()
        return last

    def arm_values(self, value: _Range) -> list[_Range] | None:
        """The values of the arms of Kotlin's ``when (env) { "prod" -> v; else -> w }``, Scala's
        ``env match { case "prod" => v; case _ => w }``, Java's ``switch (env) { case "prod" -> v;
        default -> w }`` or C#'s ``env switch { "prod" => v, _ => w }`` (``value``, on one line or
        joined over lines): what each arm gives after its first ``->`` or ``=>`` up to its end (a
        block's last statement, ``_arm_result``; it may start on the line after the arrow; a Scala
        arm runs to the next ``case`` and gives its last statement), the conditions left out (they
        are compared). None when the value is no such expression, its braces closed at its end (or
        before methods called, ``_only_calls_after``). A group of brackets within an arm is passed over."""
        text = self.text
        start, end = value
        depth = 0
        body = -1  # where the arms start, after the { of the top level
        scala = False  # Scala's match: an arm runs to the next case and gives its last statement
        arrow_end = -1  # where the value of the arm read starts, after its arrow (in Scala, its statement read)
        last: _Range | None = None  # in Scala, the arm's last statement read, not blank
        values: list[_Range] = []
        at = start
        while at < end:
            part = _ARM_PART.match(text, at, end)
            if part is None:
                return None  # never: each character starts a part
            kind, at = part.lastgroup, part.end()
            if kind == "open" and depth > 0:
                if (closing := self._closing.get(part.start(), end)) >= end:
                    return None  # never closed: the arms are not read whole
                at = closing + 1  # nothing within it ends an arm
            elif kind == "open":
                if part.group() == "{":
                    if body >= 0 or (head := _ARMS_HEAD.fullmatch(text, start, part.start())) is None:
                        return None
                    body, scala = part.end(), head.group("scala") is not None
                depth += 1
            elif kind == "close":
                depth -= 1
                if depth == 0 and body >= 0:
                    if arrow_end >= 0:
                        values.append(self._arm_result(arrow_end, part.start(), last))
                    return values if self._only_calls_after(part.end(), end) else None
                if depth < 0:
                    return None
            elif depth == 1 and kind == "arrow" and arrow_end < 0:
                arrow_end, last = part.end(), None
            elif depth == 1 and kind == "end" and arrow_end >= 0 and (scala or part.group() == "\n"):
                statement = self._stripped(arrow_end, part.start(), whitespace=True)
                if statement[0] < statement[1]:
                    if not scala:
                        values.append(self._arm_result(*statement))
                        arrow_end = -1
                        continue
                    last = statement
                    arrow_end = part.end()
                # else: a blank after the arrow, the value on the next line
            elif depth == 1 and kind in ("end", "case"):
                if arrow_end >= 0:
                    values.append(self._arm_result(arrow_end, part.start(), last))
                arrow_end = -1
        return None

    def _arm_result(self, start: int, end: int, last: _Range | None = None) -> _Range:
        """What an arm gives, written from ``start`` (after its arrow) to ``end``, else its ``last``
        statement read before when that is blank (a Scala arm over lines): a block's last
        statement, without Java's ``yield`` (``{ log(); yield "..."; }`` gives ``"..."``)."""
        result = self._stripped(start, end, whitespace=True)
        if result[0] == result[1] and last is not None:
            result = last
        result = self._block_result(result)
        if (yielded := _YIELD.match(self.text, *result)) is not None:
            return yielded.end(), result[1]
        return result

    def _only_calls_after(self, at: int, end: int) -> bool:
        """Whether what follows the ``}`` closing the arms, from ``at`` to ``end``, is blanks, a ``;``
        or methods called on what the arms give (``.trim()``, ``?.lowercase()``, Scala's ``.trim``),
        as on a literal."""
        text = self.text
        while (call := _MEMBER_CALL.match(text, at, end)) is not None:
            at = call.end()
            if text[at : at + 1] == "(":
                if (closing := self._closing.get(at, end)) >= end:
                    return False
                at = closing + 1
        return not text[at:end].strip(" \t\n;")

    def _holds_a_string(self, start: int, end: int) -> bool:
        at = bisect_left(self._strings, start)
        return at < len(self._strings) and self._strings[at] < end

    def _closes_a_brace(self, value: _Range) -> bool:
        """Whether a value ends with ``}``, then methods called maybe (``}.trim()``, Scala's
        ``}.trim``), then blanks, line breaks or ``;`` maybe: read from its end, each part once."""
        text, (start, end) = self.text, value
        while True:
            while end > start and text[end - 1] in " \t\n;":
                end -= 1
            if end > start and text[end - 1] == ")":
                end = self._opening.get(end - 1, start)  # a call's arguments
                while end > start and text[end - 1] in " \t":
                    end -= 1
            called = end
            while end > start and (text[end - 1].isalnum() or text[end - 1] in "_$"):
                end -= 1
            if end == called or end - 1 <= start or text[end - 1] != ".":
                return end == called and end > start and text[end - 1] == "}"
            end -= 2 if text[end - 2] == "?" else 1  # .trim, ?.trim

    def _blank(self, start: int, end: int) -> bool:
        return all(self.text[at] in " \t" for at in range(start, end))

    def _stripped(self, start: int, end: int, whitespace: bool = False) -> _Range:
        """A range without the blanks at either end (any whitespace, with ``whitespace``)."""
        text = self.text
        while start < end and (text[start].isspace() if whitespace else text[start] in " \t"):
            start += 1
        while end > start and (text[end - 1].isspace() if whitespace else text[end - 1] in " \t"):
            end -= 1
        return start, end


_ARM_PART = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|(?P<open>[(\[{])|(?P<close>[)\]}])"""
    r"""|(?P<arrow>->|=>)|(?P<end>[;,\n])|(?P<case>(?<![\w$])(?:case|default(?=[ \t]*+->))(?![\w$]))"""
    r"""|[^"'`()\[\]{}\-=;,\ncd]++|[-=cd]"""
)
"""The parts the arms of Kotlin's ``when``, Scala's ``match`` and Java's and C#'s ``switch`` are
read in: a string (maybe left open), a bracket, an arm's arrow (``->``, ``=>``), what ends an arm
(``;``, a comma, a line break, Scala's and Java's ``case``, Java's ``default ->``), other text (a
``c`` or ``d`` alone, where ``case`` or ``default`` may start). Each part starts where no other
may: linear."""
_MEMBER_CALL = re.compile(r"\s*+\??+\.[ \t]*+[A-Za-z_$][\w$]*+[ \t]*+")
"""A method called on what the arms give, up to its arguments' ``(`` maybe (``.trim()``, ``?.trim()``)."""
_YIELD = re.compile(r"yield\s++")
"""Java's ``yield`` before the value a block of a ``switch`` arm gives."""
_ARMS_HEAD = re.compile(
    r"(?:when|switch)(?:[ \t]*+\(.*\))?+\s*+|match[ \t]*+\(.*\)\s*+|.*[ \t](?:(?P<scala>match)|switch)\s*+", re.DOTALL
)
"""What comes before the ``{`` of the arms: Kotlin's ``when`` or Java's ``switch``, maybe with its
subject in parentheses (``when (env)``, ``switch (env)``), PHP's ``match ($env)``, Scala's
``subject match`` or C#'s ``subject switch``."""


_OPENS_BRANCHES = re.compile(r"(?:when|if|switch)(?![\w$])|match[ \t]*+\(|.*[ \t](?:match|switch)[ \t]*+\{$", re.DOTALL)
"""A value whose arms or branches may run onto the next lines: Kotlin's ``when``, an ``if``
expression, Java's ``switch``, PHP's ``match (``, Scala's ``subject match {``, C#'s ``subject switch {``."""


ARMS_SOURCES = (".cs", ".java", ".kt", ".kts", ".scala", ".groovy", ".php")
"""Source code with switch or match expressions: there a head with no ``{`` (``env switch``) opens
arms on the next line; in JavaScript, ``when(env)`` then ``{`` is a call, then a block."""


_COMMENTS_ALONE = re.compile(r"(?:/\*(?:[^*]|\*(?!/))*+\*/[ \t]*+)*+(?://.*)?+")
"""What a line holding comments alone is: block comments closed on it (``/* ... */``), then a ``//``
comment maybe."""
_BRANCH_LINES = 200
"""Lines of arms or branches kept below a value's line, at most: a value still open after them is
no expression judged (a text that never closes its braces is not kept whole)."""


class OpenBranches:
    """The value of a sensitive name in source code whose arms or branches run onto the lines below
    its own, in braces (Kotlin's ``val token = when (env) {`` / ``"prod" -> "..."`` / ``}``, Scala's
    ``env match {``, ``if (ok) {`` / ``"..."`` / ``} else {``): its lines are kept, without their
    comments, up to the one that closes its brackets, then judged whole as the value written on one
    line would be (``branch_literal``)."""

    __slots__ = ("number", "name", "lines", "depth", "source")

    def __init__(self, number: int, name: str, value: str, depth: int, source: str = "") -> None:
        self.number, self.name = number, name
        self.lines = [value]
        self.depth = depth  # brackets open after the lines kept; 0: a head waiting for its {
        self.source = source

    @classmethod
    def opened(cls, number: int, name: str, value: str, source: str = "") -> OpenBranches | None:
        """The value assigned on line ``number`` when it opens arms or branches in braces left open
        at its line's end, or, in a ``source`` with arms expressions (``ARMS_SOURCES``), is the
        head of arms whose ``{`` may start the next line (Allman style, ``var password = env
        switch`` / ``{``: kept with no bracket open, ``waits_in_vain_for``), else None."""
        value = LINE_COMMENT.sub("", value).strip()
        if value[-1:] != "{":
            head = source in ARMS_SOURCES and _ARMS_HEAD.fullmatch(value) is not None
            return cls(number, name, value, 0, source) if head else None
        if _OPENS_BRANCHES.match(value) is None:
            return None
        depth = _open_brackets(value)
        return cls(number, name, value, depth) if depth > 0 else None

    def waits_in_vain_for(self, line: str) -> bool:
        """Whether the value is a head of arms still waiting for its ``{`` and ``line``, below it,
        opens none and is no blank or comment line (``_blank_or_comment``, passed over as it waits):
        then it is no expression over lines (the line may open one of its own)."""
        return self.depth == 0 and line.lstrip()[:1] != "{" and not self._blank_or_comment(line)

    def closed_by(self, line: str) -> bool:
        """Keeps a line below the value's; whether it closes the value's brackets, or is one more
        than ``_BRANCH_LINES`` (then the value is judged no secret: no arms were read whole). A
        blank or comment line before the ``{`` of a head is kept blank."""
        if len(self.lines) > _BRANCH_LINES:
            self.lines.clear()
            return True
        if self.depth == 0 and self._blank_or_comment(line):
            self.lines.append("")
            return False
        line = (LINE_COMMENT.sub("", line) if "//" in line else line).strip()
        self.lines.append(line)
        self.depth += _open_brackets(line)
        return self.depth <= 0

    def _blank_or_comment(self, line: str) -> bool:
        """Whether a line is blank or holds comments alone (``//``, ``/* ... */``; ``#`` in PHP)."""
        stripped = line.strip()
        return not stripped or _COMMENTS_ALONE.fullmatch(stripped) is not None or (self.source == ".php" and stripped[0] == "#" and stripped[1:2] != "[")

    def literal(self) -> bool:
        """Whether an arm or a branch of the value, read whole, holds a secret."""
        value = "\n".join(self.lines)
        if not any(quote in value for quote in _QUOTES):
            return False
        expression = _Expression(value)
        if (arms := expression.arm_values((0, len(value)))) is not None:  # when (env) { ... }: read once
            return expression.holds_a_literal(arms, self.name)
        branches = expression.branches((0, len(value)))
        return branches is not None and expression.holds_a_literal(branches, self.name)


_BRACKET = re.compile(r"""(?:"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+|`[^`]*+`?+)|([(\[{])|[)\]}]""")
"""A string (maybe left open) or a bracket: the opening ones captured."""


def _open_brackets(text: str) -> int:
    """The brackets a text of code opens less those it closes, outside strings."""
    opened = closed = 0
    for part in _BRACKET.finditer(text):
        if part.group(1) is not None:
            opened += 1
        elif part.group()[:1] not in ("'", '"', "`"):
            closed += 1
    return opened - closed


_STRING_ARGUMENT_PART = r"""(?:[rRbBuUfF]{1,2}+(?=["']))?+(?:"(?:[^"\\]|\\.)*+"?+|'(?:[^'\\]|\\.)*+'?+)"""
_KEYWORD_ARGUMENT_EQUALS = r"""(?:[ \t]*+:[\w.| \[\]\"']*+)?+[ \t]*+=(?![=>])"""
_ARGUMENT_PART = re.compile(
    rf"(?P<string>{_STRING_ARGUMENT_PART})|(?P<keyword>\$?+(?P<argument>[A-Za-z_]\w*+){_KEYWORD_ARGUMENT_EQUALS})"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<comma>,)|(?P<end>;)|(?P<comment>\#|//)|(?P<blank>[ \t]++)"
    r"""|(?P<word>[A-Za-z_$][\w$]*+)|[^"'()\[\]{},;#/ \tA-Za-z_$]++|/"""
)
"""The parts a line of code is read in to find its keyword arguments: a string (maybe with a Python
prefix, maybe left open), ``name=`` (maybe annotated, ``password: str =``; maybe a PHP parameter,
``$password =``), a bracket, a comma, a ``;`` (ending a declaration in a loop's header: ``for (let
i = 0, password = ""; i < n; i++)``), a comment's start, blanks, a word, other text. Each part
starts where no other may: linear."""
_KEYWORD_ARGUMENT = rf"\$?+[A-Za-z_]\w*+{_KEYWORD_ARGUMENT_EQUALS}"
_ARGUMENT_HEAD = rf"""(?:[ \t]++|(?!{_KEYWORD_ARGUMENT})[A-Za-z_$][\w$]*+|[?|\\.]++(?![^"'()\[\]{{}},;#/ \tA-Za-z_$]))*+"""
_NEXT_ARGUMENT_KEYWORD = re.compile(
    rf"(?:{_STRING_ARGUMENT_PART}|[(,{{]{_ARGUMENT_HEAD}(?!{_KEYWORD_ARGUMENT})|{_KEYWORD_ARGUMENT}"
    r"""|[)\[\]};\#]|//|[ \t]++|[A-Za-z_$][\w$]*+|[^"'()\[\]{},;#/ \tA-Za-z_$]++|/)*+"""
    rf"[(,{{]{_ARGUMENT_HEAD}(?P<keyword>\$?+(?P<argument>[A-Za-z_]\w*+){_KEYWORD_ARGUMENT_EQUALS})"
)
"""The parts of ``_ARGUMENT_PART`` up to the next ``name=`` one that may start an argument and that
one, matched where a part starts: the same parts (a string first, then ``name=``, then the others; a
comment's start read through), a ``name=`` starting an argument when only words, ``_TYPE_JOINERS``
and blanks (``_ARGUMENT_HEAD``: a parameter's modifiers and type) come between it and a ``(``, a
``{`` or a comma. No match: no such ``name=`` part is left."""
_NAMED_ARGUMENT_COLON = re.compile(r"[ \t]*+:(?![:=])")
"""The ``:`` after a named argument's name (C#'s and PHP's ``password: ...``; ``::`` is a scope)."""
_NAMED_ARGUMENT = re.compile(r"[(,][ \t]*+([A-Za-z_]\w*+)[ \t]*+:(?![:=])")
"""A named argument's name after a ``(`` or a comma (C#'s and PHP's ``Connect(host, password: ...)``)."""


def names_a_sensitive_argument(names: Names, line: str) -> bool:
    """Whether a line of C# or PHP may name a sensitive argument (``password: ...``): the line is
    read for its named arguments (``keyword_argument_settings``) only then."""
    return any(names.sensitive(name) for name in _NAMED_ARGUMENT.findall(line))
_TYPE_JOINERS = "?|\\."
"""What joins the words of a parameter's type (PHP's ``?string``, ``string|null``, ``\\App\\Secret``;
``System.String``): with words, what may come before a parameter's name at an argument's start
(``private readonly ?string $password = ...``, C#'s ``string password = ...``, Kotlin's ``private
val password: String = ...``)."""


_INITIALIZER_BRACE = re.compile(
    r"(?<![\w$.])(?:new(?:[ \t]++[A-Za-z_][\w.]*+(?:<[^<>{};=()\"'\r\n]*+(?:<[^<>{};=()\"'\r\n]*+>[^<>{};=()\"'\r\n]*+)*+>)?+\??+)?+"
    r"[ \t]*+(?:\((?:[^()\r\n]|\([^()\r\n]*+\))*+\))?+|with)[ \t]*+\{"
)
"""The ``{`` of a C# object initializer: after ``new Type``, ``new Type(...)``, ``new()``, an
anonymous type's ``new``, or a ``with`` expression; its ``Name = value`` entries set members."""


def keyword_argument_settings(names: Names, line: str, initializers: bool = False, named: bool = False) -> list[str]:
    """The sensitive keyword arguments (and parameters' defaults) of the calls on a line of source
    code set to a literal (``source_literal``): ``create_engine(url, password="...")``, ``def
    connect(password='...')``; ``connect(password=Variable.get('pw'))`` is code. With
    ``initializers`` (C#), the entries of an object initializer are read as keyword arguments are
    (``new DbOptions { Password = "..." }``, ``_INITIALIZER_BRACE``). With ``named`` (C#, PHP), an
    argument's ``name:`` at its start names it too (``Connect(host, password: "...")``); after
    words it is none (``ok ? password : x`` is a conditional)."""
    if not named and not _may_name_a_keyword_argument(names, line):
        return []
    settings: dict[str, None] = {}
    initializer_braces = {brace.end() - 1 for brace in _INITIALIZER_BRACE.finditer(line)} if initializers else set()
    brackets: list[str] = []  # an initializer's { is kept as a (
    argument_starts = False  # just after a ( or a comma in one, or after a parameter's modifiers and type
    fresh_argument = False  # just after a ( or a comma in one
    pending: tuple[str, int, int] | None = None  # (name, where its value starts, depth)
    end = len(line)
    for part in _ARGUMENT_PART.finditer(line):
        kind = part.lastgroup
        if kind == "blank":
            continue
        if kind == "comment":
            end = part.start()
            break
        if pending is not None and len(brackets) == pending[2] and (kind == "comma" or kind == "close" or kind == "end"):
            _add_keyword_argument(names, settings, pending[0], line[pending[1] : part.start()])
            pending = None
        if kind == "keyword" and argument_starts and brackets[-1:] == ["("]:
            pending = (part.group("argument"), part.end(), len(brackets))
        elif kind == "word" and named and fresh_argument and (colon := _NAMED_ARGUMENT_COLON.match(line, part.end())) is not None:
            pending = (part.group(), colon.end(), len(brackets))
        elif kind == "open":
            brackets.append("(" if part.start() in initializer_braces else part.group())
        elif kind == "close" and brackets:
            brackets.pop()
        if kind == "open" or kind == "comma":
            argument_starts = fresh_argument = brackets[-1:] == ["("]
        else:  # a parameter's modifiers and type may come before its name, never a named argument's
            fresh_argument = False
            argument_starts = argument_starts and (kind == "word" or (kind is None and not part.group().strip(_TYPE_JOINERS)))
    if pending is not None:
        _add_keyword_argument(names, settings, pending[0], line[pending[1] : end])
    return list(settings)


def _may_name_a_keyword_argument(names: Names, line: str) -> bool:
    """Whether a ``name=`` part of a line (``_ARGUMENT_PART``) names a sensitive argument that is not
    allowed, right after a ``(``, a ``{`` or a comma but for words, ``_TYPE_JOINERS`` and blanks:
    one that ``keyword_argument_settings`` may report (its ``(`` or comma opens an argument, an
    initializer's ``{`` maybe). A line with none, as most lines of code (``int port = 5432;``,
    ``for (var i=0;`` naming no secret, ``token=t;`` in no call), is read no further: its parts
    found by the regular expression engine, not one by one."""
    at = 0
    while (part := _NEXT_ARGUMENT_KEYWORD.match(line, at)) is not None:
        at = part.end()
        name = part.group("argument")
        if names.sensitive(name) and not names.is_allowed(name):
            return True
    return False


def _add_keyword_argument(names: Names, settings: dict[str, None], name: str, value: str) -> None:
    if names.sensitive(name) and not names.is_allowed(name) and value.strip() and source_literal(value, name):
        settings[name] = None


_SETTER = re.compile(
    r"(?<![\w$])[Ss]et(?:_(?=[A-Za-z])|(?=[A-Z]))(?P<name>[A-Za-z]\w*+)[ \t]*+\([ \t]*+"
    rf"(?P<argument>(?:[rRbBuU]{{1,2}}+(?=[\"']))?+(?:{CODE_STRING}))[ \t]*+\)"
)
"""A setter called with one string literal: Java's ``ds.setPassword("...")``, Python's
``obj.set_password('...')``, Go's ``client.SetToken("...")``."""


def setter_settings(names: Names, line: str) -> list[str]:
    """The sensitive names set to a secret by the setters called on a line of source code
    (``_SETTER``): ``setPassword("...")`` sets ``Password``, the rest of the method's name judged
    as a setting's (``setPasswordVisible(true)``, ``set_password_policy('strict')`` and
    ``setPassword(pw)`` set none), its argument as the assignment ``password = "..."`` is
    (``source_literal``: a placeholder, a mask, a reference or an empty string is none)."""
    settings: dict[str, None] = {}
    for setter in _SETTER.finditer(line):
        name = setter.group("name")
        if names.sensitive(name) and not names.is_allowed(name) and source_literal(setter.group("argument"), name):
            settings[name] = None
    return list(settings)


_DECLARED_TYPE = r"\??+\\?+[A-Za-z_][\w.\\]*+(?:<(?:[\w.<>?\[\]]|,[ \t]*+)*+)?+(?:\[[ \t,]*+\])*+\??+"
"""A type as a declaration names it: ``String``, ``string?``, ``Dictionary<string, string>``,
``byte[]``, PHP's ``?string`` and namespaced ``\\App\\Secret``."""
_DECLARED_HEAD = (
    r"[ \t]*+(?:(?:public|private|protected|internal|static|readonly|const|final|volatile|transient|required|override|virtual|new)[ \t]++)*+"
    rf"(?P<type>{_DECLARED_TYPE}(?:[ \t]*+\|[ \t]*+{_DECLARED_TYPE})*+)[ \t]++"
    r"\$?+(?P<variable>[A-Za-z_]\w*+)"
)
"""A declaration's modifiers, its type and its variable."""
_TYPED_DECLARATION = re.compile(
    _DECLARED_HEAD + r"(?:[ \t]*+\{[ \t]*+(?:(?:(?:private|protected|internal)[ \t]++)?+(?:get|set|init)[ \t]*+;[ \t]*+)++\})?+"
    r"[ \t]*+(?:=(?![=>])|(?P<bodied>=>))(?P<value>.*)"
)
"""A declaration whose type comes before its variable, as in Java, C# and PHP: ``String password =
...``, C#'s ``string? password = ...``, ``Dictionary<string, string> token = ...``, an auto-property's
initializer (``public string Password { get; set; } = ...``), an expression-bodied property (``public
string Password => ...;``), PHP's typed property (``private ?string $apiKey = ...``, also a union
or namespaced type: ``private string|null $password = ...``, ``private \\App\\Secret $key =
...``), after modifiers."""
_GETTER_PROPERTY = re.compile(
    _DECLARED_HEAD + r"[ \t]*+\{[ \t]*+(?:(?:private|protected|internal)[ \t]++)?+get[ \t]*+(?:=>|\{[ \t]*+return(?![\w$]))"
    rf"""(?P<value>(?:{CODE_STRING}|[^;"'\r\n])*+);"""
)
"""A C# property whose getter gives its value: ``public string Password { get => ...; }``, ``{ get {
return ...; } }``, a setter maybe after it."""
PROPERTY_HEAD = re.compile(_DECLARED_HEAD + r"[ \t]*+(?:\{.*)?+", re.DOTALL)
"""The first line of a C# property whose accessors run onto the lines below: its modifiers, its type
and its name, maybe the ``{`` opening its accessors and what follows it (``public string Password``,
``public string Password {``)."""
_NO_TYPES = frozenset({"return", "case", "else", "throw", "yield", "await", "goto", "echo", "print", "puts", "in", "is", "as", "not", "and", "or"})
"""Words a statement starts with that are no declaration's type (``return token = Refresh();``)."""


def typed_declaration_setting(names: Names, line: str, source: str) -> str | None:
    """The variable of a declaration with a type before it (``_TYPED_DECLARATION``) when it is
    sensitive and its value sets a secret as ``password = ...`` would (``source_literal``), else None.
    A property's body after ``=>`` is C#'s (``source``, the key's suffix), a statement ended by its
    ``;``: a switch arm's ``string token => "...",`` is a pattern, no declaration; so is the value a
    C# property's getter gives (``_GETTER_PROPERTY``)."""
    declared = _TYPED_DECLARATION.fullmatch(line)
    if declared is not None and declared.group("bodied") and not (source == ".cs" and _ends_its_statement(declared.group("value"))):
        return None
    if declared is None and source == ".cs" and "get" in line:
        declared = _GETTER_PROPERTY.match(line)
    if declared is None or declared.group("type").strip("?") in _NO_TYPES:
        return None
    name = declared.group("variable")
    if not names.sensitive(name) or names.is_allowed(name):
        return None
    return name if source_literal(declared.group("value"), name) else None


def typed_declaration(line: str) -> tuple[str, str] | None:
    """The variable and the value of a declaration with a type before it and an ``=`` after it
    (``String password = switch (env) {``, ``_TYPED_DECLARATION``), else None."""
    declared = _TYPED_DECLARATION.fullmatch(line)
    if declared is None or declared.group("bodied") or declared.group("type").strip("?") in _NO_TYPES:
        return None
    return declared.group("variable"), declared.group("value")


def _ends_its_statement(value: str) -> bool:
    """Whether a value in code ends with a ``;``, then a ``//`` comment maybe."""
    return LINE_COMMENT.sub("", value).rstrip(" \t")[-1:] == ";"


_BASIC_AUTH_PAIR = re.compile(
    r"(?<![\w$])(?:(?P<name>(?:basic_|http_|proxy_)?+auth)[ \t]*+=(?![=>])[ \t]*+|(?P<call>(?:HTTP|HTTPProxy)?+(?:Basic|Digest)Auth|NetworkCredential)[ \t]*+)"
    rf"[(\[][ \t]*+(?:{CODE_STRING})[ \t]*+,[ \t]*+(?P<password>{CODE_STRING})[ \t]*+(?:,[ \t]*+(?:{CODE_STRING}|[\w.]++)[ \t]*+)?+,?+[ \t]*+[)\]]"
)
"""A user and a password in a pair of string literals: requests' ``auth=('user', '...')`` (also
assigned, ``auth = (...)``; Elasticsearch's ``basic_auth``, ``http_auth``), or given to a basic or
digest authentication (``HTTPBasicAuth('user', '...')``, aiohttp's and httpx's ``BasicAuth``) or to
.NET's ``new NetworkCredential("user", "...")`` (a domain maybe after them)."""


_CONSTRUCTOR_HEAD = re.compile(r"(?:new[ \t]++)?+(?:[A-Za-z_$][\w$]*+[ \t]*+\.[ \t]*+)*+")
"""What may come before a credential's constructor in a value: C#'s ``new``, the modules or
namespaces naming it (``requests.auth.``, ``System.Net.``)."""


def reported_credential(value: str) -> bool:
    """Whether a value in code is wholly a credential's constructor given a user and a password in
    string literals whose password ``basic_auth_settings`` reports on its line (``password =
    HTTPBasicAuth('app', '...')``, ``var password = new NetworkCredential("app", "...")``): that
    finding names the secret, the name it is assigned to is not reported again for it."""
    if "uth" not in value and "Credential" not in value:
        return False
    head = _CONSTRUCTOR_HEAD.match(value)
    pair = _BASIC_AUTH_PAIR.fullmatch(value, head.end() if head is not None else 0)
    return pair is not None and pair.group("call") is not None and secret_shaped_argument(pair.group("password"), "password")


def basic_auth_settings(names: Names, line: str) -> list[str]:
    """The names of the pairs of a user and a password on a line of source code (``_BASIC_AUTH_PAIR``)
    whose password, the second string, has the shape of a secret (``secret_shaped_argument``):
    ``auth``, ``HTTPBasicAuth``...; ``auth=(user, password)`` is code."""
    settings: dict[str, None] = {}
    for pair in _BASIC_AUTH_PAIR.finditer(line):
        name = pair.group("name") or pair.group("call")
        if not names.is_allowed(name) and secret_shaped_argument(pair.group("password"), "password"):
            settings[name] = None
    return list(settings)


_REDCAP_PROJECT = re.compile(
    r"(?<![\w$.])(?P<call>(?:redcap[ \t]*+\.[ \t]*+)?+Project|(?:new[ \t]++)?+RedCapProject)[ \t]*+\([ \t]*+"
    rf"(?:{CODE_STRING}|\$?+[A-Za-z_][\w.]*+)[ \t]*+,[ \t]*+(?P<quote>[\"'])[0-9A-F]{{32}}(?P=quote)[ \t]*+[,)]"
)
"""A REDCap project opened with its API token (32 hexadecimal digits, upper-case) as a literal,
the second argument after the API's URL: PyCap's ``redcap.Project(url, '...')`` (``Project(...)``
once imported), PHPCap's ``new RedCapProject($apiUrl, '...')``."""


REDCAP_CALL = re.compile(r"(?<![\w$.])(?:(?:redcap[ \t]*+\.[ \t]*+)?+Project|RedCapProject)[ \t]*+\(")
"""The opening of a call ``_REDCAP_PROJECT`` reads: a line that opens one and leaves it open has its
arguments on the lines below (``code_over_lines.OpenRedcapCall``)."""


def redcap_token_settings(names: Names, line: str) -> list[str]:
    """The calls on a line of source code that open a REDCap project with a literal API token
    (``_REDCAP_PROJECT``), by their name as written (``redcap.Project token``); a token read from the
    environment or a variable (``Project(url, token)``) is code."""
    settings: dict[str, None] = {}
    for call in _REDCAP_PROJECT.finditer(line):
        name = call.group("call").replace(" ", "").replace("\t", "").removeprefix("new")
        if not names.is_allowed(name):
            settings[f"{name} token"] = None
    return list(settings)


_MULTILINE_QUOTES = {".py": ('"""', "'''"), ".go": ("`",), **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"), ("`",))}
"""The quotes that open a string running over lines in source code, by the key's suffix: Python's
triple quotes, JavaScript's and TypeScript's template literals, Go's raw strings."""
_SOURCE_PART = re.compile(
    r'"""|\'\'\'|`|"(?:[^"\\]|\\.)*+"?+|\'(?:[^\'\\]|\\.)*+\'?+|(?P<comment>#|//)|/\*|[^"\'`#/]++|/'
)
"""The parts a line of source code is read in to follow its strings: a quote that may open a string
over lines, a string on one line (maybe left open), a comment's start (a block comment's ``/*``
too), other text."""


def embedded_lines(lines: list[str], source: str) -> set[int]:
    """The numbers of the lines of source code inside a string that runs over lines (after its
    opening line, before its closing one), a file held in the code (``CONFIG = \"\"\"`` / ``password:
    ...``, a template literal holding YAML): read as a config file's lines. A Python docstring (a
    string opened at its line's start, first in the text or after a line ending in ``:``) is text
    about the code, read as code."""
    quotes = _MULTILINE_QUOTES.get(source, ())
    embedded: set[int] = set()
    if not quotes:
        return embedded
    open_quote: str | None = None
    docstring = False
    previous = ""  # the last line of code, stripped
    for number, line in enumerate(lines, start=1):
        at = 0
        if open_quote is not None:
            closed = CLOSING_QUOTE[open_quote].match(line)
            if closed is None:
                if not docstring:
                    embedded.add(number)
                continue
            open_quote, at = None, closed.end()
        code_end = len(line)
        while (part := _SOURCE_PART.match(line, at)) is not None and part.end() > at:
            at = part.end()
            if part.group("comment") is not None and (part.group() == "#") == (source == ".py"):
                code_end = part.start()
                break
            if part.group() in quotes:
                closed = CLOSING_QUOTE[part.group()].match(line, at)
                if closed is None:
                    open_quote = part.group()
                    docstring = source == ".py" and not line[: part.start()].strip(" \t") and (not previous or previous.endswith(":"))
                    break
                at = closed.end()
        if line[:code_end].strip():
            previous = line[:code_end].strip()
    return embedded


_TEXT_QUOTES = {**_MULTILINE_QUOTES, **dict.fromkeys((".java", ".kt", ".kts", ".scala", ".cs"), ('"""',)), ".groovy": ('"""', "'''")}
"""The quotes that open a string running over lines, by the key's suffix, as ``code_set_apart``
reads them: ``_MULTILINE_QUOTES``' and the text blocks of Java, Kotlin, Groovy and Scala, C#'s raw strings."""
_COMMENT_STARTS = {".py": ("#",), ".rb": ("#",), ".php": ("#", "//")}
"""What starts a comment, by the key's suffix; ``//`` for any other."""
_HEREDOC_OPENER = re.compile(r"<<<?+[-~]?+[\"']?+[A-Za-z_]")
"""A heredoc opened in Ruby or PHP (``<<~SQL``, ``<<<EOT``): its lines are text."""
CODE_EQUALS = "\x00"
"""What ``code_set_apart`` writes for an ``=`` of code: no pattern of a credential reads it."""
_CODE_EQUALS_SIGN = re.compile(r"(?P<statement>;[ \t]*+(?i:password|pwd)[ \t]*+=)|=")
"""An ``=`` in code, or a password assigned in a statement after a ``;`` (``x = 1; password =
'...'``, minified code's ``;password="..."``), which is kept: the connection string reader finds it
there, as ever; in a loop's header, only when a string literal is assigned
(``_code_in_a_loop_header``)."""
_HEADER_READ = 256
"""Characters of code read back from a ``;`` for the ``(`` of the loop header holding it, at most:
a header is far shorter; a bound keeps a long line of many statements linear."""
_CLOSING = {")": "(", "]": "[", "}": "{"}
_LOOP_HEADER_OPENED = re.compile(r"(?<![\w.$])for[ \t]*+\($")
"""The ``(`` opening a C-like loop's header, after ``for`` (``for (``, ``for(``): other brackets
holding a ``;`` are no header (Ruby's ``%q(Server=db;Password=...;)`` holds a string)."""
_GO_LOOP_CLAUSES = re.compile(r"(?<![\w.])for[ \t][^;{}]*+(?:;[^;{}]*+)?+$")
"""The clauses of a Go loop's header before a ``;``: ``for``, then one clause (its init) or two."""


def _code_in_a_loop_header(line: str, semicolon: int, value: int, source: str) -> bool:
    """Whether the ``; password =`` at ``semicolon`` on a ``line`` of code (``source``: the key's
    suffix) sets a clause of a loop's header to code: what is assigned from ``value`` on is no
    string literal (``password = next()``), and the innermost bracket open before the ``;`` (read
    back ``_HEADER_READ`` characters) is the ``(`` of a header ``for (init; cond; update)``
    (``_LOOP_HEADER_OPENED``) or, in Go, whose headers have none,
    ``for`` starts the clauses before it (``for i := 0; i < n; password = next() {``). A ``;`` in
    a block (``function() { a(); password = ... }``) ends a statement."""
    if line[value:].lstrip(" \t")[:1] in ('"', "'", "`"):
        return False
    before = line[max(semicolon - _HEADER_READ, 0) : semicolon]
    innermost = _innermost_open_bracket(before)
    if innermost is None:
        return False
    bracket, inside = innermost
    if bracket == "(":
        return _LOOP_HEADER_OPENED.search(before, max(inside - 16, 0), inside) is not None
    return source == ".go" and bracket != "[" and _GO_LOOP_CLAUSES.search(before, inside) is not None


def _innermost_open_bracket(code: str) -> tuple[str, int] | None:
    """The innermost bracket left open in ``code`` (outside its strings: ``_BRACKET``) and where what
    it holds starts; ``("", 0)`` when none is, None when its brackets do not pair (``(]``: not
    judged)."""
    closed: list[str] = []
    for bracket in reversed(list(_BRACKET.finditer(code))):
        if bracket.group() in _CLOSING:
            closed.append(_CLOSING[bracket.group()])
        elif bracket.group(1) is None:
            continue  # a string
        elif not closed:
            return bracket.group(), bracket.end()
        elif closed.pop() != bracket.group():
            return None
    return ("", 0) if not closed else None


_BLOCK_COMMENT = "/*"
_CLOSERS = {**CLOSING_QUOTE, _BLOCK_COMMENT: re.compile(r"(?:[^*]|\*(?!/))*+\*/")}
"""What ends a string over lines, and a block comment (``/* ... */``, text as a line's comment is)."""


def _code_written(line: str, token: str, at: int, source: str) -> str:
    """A ``token`` of code at ``at`` on its ``line`` (of a key whose suffix is ``source``) with each
    ``=`` set apart (``_CODE_EQUALS_SIGN``)."""

    def set_apart(sign: re.Match[str]) -> str:
        statement = sign.group("statement")
        if statement and not _code_in_a_loop_header(line, at + sign.start(), at + sign.end(), source):
            return statement
        return statement[:-1] + CODE_EQUALS if statement else CODE_EQUALS

    return _CODE_EQUALS_SIGN.sub(set_apart, token)


_CODE, _TEXT, _BLOCK, _OPEN_BLOCK = 0, 1, 2, 3
"""What a piece of a line of source code is (``_source_pieces``): code, text (a string or a line's
comment), a block comment's (``/* ... */``) that ends there or one that runs on past its line."""


def _source_pieces(text: str, source: str) -> Iterator[tuple[int, str, int, int]]:
    """The pieces of a text of source code (``source``: its key's ``source_code_suffix``), in order,
    each once: (``_CODE``, ``_TEXT``, ``_BLOCK`` or ``_OPEN_BLOCK``, its line, where it starts and ends on it). Strings,
    a string over lines (``_TEXT_QUOTES``) and a line's comment are text; ``/* ... */`` is a block
    comment where ``//`` starts a comment (not in Python nor Ruby), read to its ``*/`` (on a later
    line too), a ``/*`` in a string text. Each character is read once: linear."""
    comments = _COMMENT_STARTS.get(source, ("//",))
    quotes = _TEXT_QUOTES.get(source, ()) + ((_BLOCK_COMMENT,) if "//" in comments else ())
    open_quote: str | None = None
    for line in text.splitlines(keepends=True):
        at = 0
        if open_quote is not None:
            closed = _CLOSERS[open_quote].match(line)
            block = open_quote == _BLOCK_COMMENT
            if closed is None:
                yield _OPEN_BLOCK if block else _TEXT, line, 0, len(line)
                continue
            kind = _BLOCK if block else _TEXT
            open_quote, at = None, closed.end()
            yield kind, line, 0, at
        rest = _TEXT  # what the rest of the line is, once the walk stops before its end
        while (part := _SOURCE_PART.match(line, at)) is not None and part.end() > at:
            at, token = part.end(), part.group()
            if part.group("comment") is not None and token in comments:
                at = part.start()
                break
            if token in quotes:
                closed = _CLOSERS[token].match(line, at)
                block = token == _BLOCK_COMMENT
                if closed is None:
                    open_quote, rest = token, _OPEN_BLOCK if block else _TEXT
                    at = part.start()
                    break
                yield _BLOCK if block else _TEXT, line, part.start(), closed.end()
                at = closed.end()
            elif token[:1] in ("'", '"'):
                yield _TEXT, line, part.start(), at  # a string on its line, maybe left open
            else:
                yield _CODE, line, part.start(), at
        if at < len(line):
            yield rest, line, at, len(line)


def code_set_apart(text: str, source: str) -> str:
    """The text of a key named as source code (``source``, its ``source_code_suffix``) with each
    ``=`` written as code (outside string literals and comments, ``/* ... */`` too: ``_source_pieces``)
    replaced by ``CODE_EQUALS``, the
    lines and their length kept: a connection string of ``name=value`` pairs (libpq's ``host=db
    user=app password=...``, ``;Password=...``) is read in code only inside a string literal (or a
    comment, which is text), never in a signature's defaults (``def login(user=None,
    password=None)``) nor in keyword arguments (``connect(host=h, password=pw)``), which the code
    readers judge as code. A Ruby or PHP text with a heredoc is kept as written."""
    if source in (".rb", ".php") and _HEREDOC_OPENER.search(text) is not None:
        return text
    written: list[str] = []
    for kind, line, start, end in _source_pieces(text, source):
        token = line[start:end]
        written.append(_code_written(line, token, start, source) if kind == _CODE and "=" in token else token)
    return "".join(written)


_BLANKED = re.compile(r"[^\r\n]")
"""What a block comment's text is written as blanks in (its line breaks kept)."""


def block_comments_blanked(text: str, source: str) -> str:
    """The text of a key named as source code (``source``) with the text of each block comment
    (``/* ... */``, a JSDoc's `` * `` lines: ``_source_pieces``) written as blanks, its lines, their
    length and the code after a ``*/`` kept: documentation (``@example { password: '...' }``) sets
    nothing, as a ``//`` line does not. A ``/*`` in a string opens none; one that nothing closes
    (a regular expression's ``[/*]``) hides nothing. A Ruby or PHP text with a heredoc is kept as
    written (``code_set_apart``)."""
    if "/*" not in text or (source in (".rb", ".php") and _HEREDOC_OPENER.search(text) is not None):
        return text
    written: list[str] = []
    opened = -1  # where in written the block comment left open starts
    for kind, line, start, end in _source_pieces(text, source):
        piece = line[start:end]
        if kind not in (_BLOCK, _OPEN_BLOCK):
            written.append(piece)
            continue
        if opened < 0:
            opened = len(written)
        written.append(_BLANKED.sub(" ", piece))
        if kind == _BLOCK:
            opened = -1
    if opened >= 0:  # never closed: kept as written
        return "".join(written[:opened]) + text[len("".join(written[:opened])) :]
    return "".join(written)
