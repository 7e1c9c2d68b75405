"""The source line of each finding, for reports that point at it (the table, SARIF): the
finding's JSON pointer followed through the document as deep as it exists, so a missing field
points at its parent; whatever cannot be followed falls back to the document's first line.

Most manifests are plain block YAML: there the pointer is followed in the text itself, by
indentation (:class:`_BlockText`, a few string searches per field, no second parse). A document
this cannot read with certainty (flow collections on the path or spanning lines, quoted scalars
spanning lines, anchors, aliases, tags, complex keys, keys with escapes, tabs in indentation,
YAML 1.1 line breaks, JSON) is composed again by PyYAML instead, whose nodes carry their marks."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from webhook.documents import Document, as_read
from webhook.yamlsafe import LineCounter, editor_lines, has_yaml11_line_breaks, mark_line

if TYPE_CHECKING:
    from webhook.cli.test_cmd import Result

_ENVELOPE_OBJECT = ("request", "object")  # where an AdmissionReview's findings point
MAX_COMPOSED_CHARS = 16 * 2**20
"""A larger document is not read again (PyYAML's nodes take several times its size): its
findings keep its first line."""


def locate(text: str, results: Sequence[Result]) -> list[Result]:
    """``results`` of the source ``text``, each with ``finding_lines`` when it has findings."""
    if not any(r.decision.findings for r in results):
        return list(results)
    text = as_read(text)  # as parse_text reads it
    starts = _LineStarts(text)
    source_line, source = 0, _Source(None)  # the last document read: a List's items follow each other
    located = []
    for result in results:
        findings = result.decision.findings
        if findings:
            document = result.document
            if document.line != source_line:
                source_line, source = document.line, _Source(starts.chunk(document.line))
            lines = tuple(source.line(document, f.path, result.envelope) for f in findings)
            result = replace(result, finding_lines=lines)
        located.append(result)
    return located


class _LineStarts:
    """Offsets of line starts, found moving forward (documents come in file order): one pass in all,
    a document's text skipped at once (its newlines counted, not found one by one)."""

    __slots__ = ("text", "line", "pos")

    def __init__(self, text: str) -> None:
        self.text, self.line, self.pos = text, 1, 0

    def offset(self, line: int) -> int | None:
        if line < self.line:
            self.line, self.pos = 1, 0
        while self.line < line:
            end = self.text.find("\n", self.pos)
            if end < 0:
                return None
            self.line, self.pos = self.line + 1, end + 1
        return self.pos

    def chunk(self, line: int) -> str | None:
        """The text of the document starting at ``line`` (which parsing has already accepted:
        nesting and size bounded), up to the next marker; None when it cannot be read again. The
        next lines are then found from its end."""
        text, start = self.text, self.offset(line)
        if start is None:
            return None
        stop = _document_end(text, text.find("\n", start))
        if stop < len(text):  # a line start: the marker's
            self.line, self.pos = line + text.count("\n", start, stop), stop
        return None if stop - start > MAX_COMPOSED_CHARS else text[start:stop]


def _document_end(text: str, newline: int) -> int:
    """Where the first marker after ``newline`` starts (the text's end if none), as
    ``documents.parse_text`` splits: any line starting with ``---`` (``---#c`` and ``--- x`` too, as
    kubectl splits), or ``...`` and a blank or the line's end."""
    stop = len(text)
    if newline < 0:
        return stop
    at = text.find("\n---", newline, stop)
    if at >= 0:
        stop = at + 1
    at = text.find("\n...", newline, stop)  # only before the first "---": no scan to the end
    while at >= 0 and text[at + 4 : at + 5] not in ("", " ", "\t", "\r", "\n"):
        at = text.find("\n...", at + 4, stop)
    return at + 1 if at >= 0 else stop


_Composed = tuple[yaml.Node, LineCounter | None] | None


class _Source:
    """One document's text, read for lines: by :class:`_BlockText` where it can, else composed
    (once, on the first finding that needs it)."""

    __slots__ = ("chunk", "block", "counted", "composed", "tried")

    def __init__(self, chunk: str | None) -> None:
        self.chunk = chunk
        self.block = None if chunk is None else _BlockText.of(chunk)
        self.counted = (0, 0)  # an offset, and the newlines before it: a List's items follow each other
        self.composed: _Composed = None
        self.tried = False

    def line(self, document: Document, pointer: str, envelope: bool) -> int:
        if self.chunk is None or (pointer and not pointer.startswith("/")):
            return document.line
        keys = _pointer_keys(pointer)
        if envelope:
            keys = _ENVELOPE_OBJECT + keys
        if document.item is not None:
            keys = ("items", str(document.item), *keys)
        if self.block is not None:
            offset = self.block.offset(keys)
            if offset is not None:
                return document.line + self._newlines(self.chunk, offset)
            self.block = None  # something it cannot read for certain: compose instead
        if not self.tried:
            self.tried, self.composed = True, _compose(self.chunk)
        return _composed_line(self.composed, document, keys)

    def _newlines(self, chunk: str, offset: int) -> int:
        """The newlines before ``offset``, counted from the last offset asked (not from the
        chunk's start each time: a List's findings would take quadratic time)."""
        counted, newlines = self.counted
        if offset >= counted:
            newlines += chunk.count("\n", counted, offset)
        else:
            newlines -= chunk.count("\n", offset, counted)
        self.counted = (offset, newlines)
        return newlines


@lru_cache(maxsize=4096)
def _pointer_keys(pointer: str) -> tuple[str, ...]:
    """The keys of a JSON pointer starting with ``/`` (the same few pointers recur in every document)."""
    keys = pointer.split("/")[1:]
    if "~" in pointer:
        keys = [key.replace("~1", "/").replace("~0", "~") for key in keys]
    return tuple(keys)


def _compose(chunk: str) -> _Composed:
    """The node tree of the document, with what its marks' lines need (``mark_line``); None when
    PyYAML cannot compose it on its own (a %TAG shorthand, JSON that is no YAML)."""
    try:
        root = yaml.compose(chunk, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return None if root is None else (root, editor_lines(chunk))


def _composed_line(composed: _Composed, document: Document, keys: Sequence[str]) -> int:
    if composed is None:
        return document.line
    root, lines = composed
    node, mark = root, root.start_mark
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = next((pair for pair in reversed(node.value) if _is_key(pair[0], key)), None)  # the last wins
            if found is None:
                break
            mark, node = found[0].start_mark, found[1]
        elif isinstance(node, yaml.SequenceNode) and _is_index(key) and int(key) < len(node.value):
            node = node.value[int(key)]
            mark = node.start_mark
        else:
            break
    return document.line + mark_line(mark, lines)


def _is_key(node: yaml.Node, key: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == key


def _is_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and len(key) < 10


class _Unsure(Exception):
    """The text holds something :class:`_BlockText` cannot read for certain."""


_MAP, _SEQ, _SCALAR = 0, 1, 2
_Node = tuple[int, int, int]  # (kind, offset of its first character, its column)
_NOT_PLAIN_START = frozenset("[]{},?&*!%@`:#|>'\"-\t\ufeff")
_SAFE_KEY = re.compile(r"[A-Za-z0-9_./][!-~]*")
"""A key that, written plain, is exactly its text (no indicator first, no blank inside)."""
_COLON = re.compile(r"[ \t]*:(?=[ \t\r\n]|\Z)")  # after a key: the value indicator
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*+"')
_SINGLE_QUOTED = re.compile(r"'(?:[^'\n]|'')*+'")
_PLAIN_KEY = re.compile(r"(?:[^:#\r\n]|:(?![ \t\r\n]|\Z)|(?<![ \t])#)*+:(?=[ \t\r\n]|\Z)")
_TAB_INDENT = re.compile(r"^[ \-]*\t", re.MULTILINE)
_FLOW_ATOM = r"""[^\[\]{}"'\n#]|"(?:[^"\\\n]|\\.)*+"|'(?:[^'\n]|'')*+'"""
_FLOW_0 = rf"[\[{{](?:{_FLOW_ATOM})*+[\]}}]"
_FLOW_1 = rf"[\[{{](?:{_FLOW_ATOM}|{_FLOW_0})*+[\]}}]"
_FLOW_CLOSE = rf"(?!(?:{_FLOW_ATOM}|{_FLOW_1})*+[\]}}])"
_OPEN = tuple(
    (char, re.compile(re.escape(char) + pattern))  # searched only where the character is there at all
    for char, pattern in (
        ('"', r'(?<!\S")(?!(?:[^"\\\n]|\\.)*+")'),
        ("'", r"(?<!\S')(?!(?:[^'\n]|'')*+')"),
        ("[", r"(?<!\S\[)" + _FLOW_CLOSE),
        ("{", r"(?<!\S\{)" + _FLOW_CLOSE),
    )
)
"""Quoted scalars and flow collections that do not close on their line (checked wherever one may
start, and more: a false alarm only costs a compose): their next lines would not be indented by
the structure."""
_ODD_KEY = tuple(
    (char, re.compile(re.escape(char) + pattern))  # as _OPEN
    for char, pattern in (
        *((char, rf"(?<!\S\{char})") for char in "?&*![{"),
        ('"', r'(?<!\S")(?:[^"\\\n]|\\.)*+"[ \t]*:(?![^ \t\r\n])'),
        ("'", r"(?<!\S')(?:[^'\n]|'')*+'[ \t]*:(?![^ \t\r\n])"),
    )
)
"""Where a key may be written other than plain (quoted, with an anchor or a tag, an alias, a
complex or flow key), and more (a false alarm only costs reading keys one by one): such a key
counts only where a key may stand, first on its line after the indentation and any sequence
items' ``-`` (``_KEY_INDENT``); a ``*`` or a ``[`` in a value (a CronJob's ``schedule: "*/5 * * * *"``)
is none."""
_KEY_INDENT = re.compile(r" *+(?:- ++)*+")


@lru_cache(maxsize=256)
def _content_lines(most: int | None = None) -> re.Pattern[str]:
    """The starts of lines that are neither blank nor comments, indented by at most ``most``
    spaces (by any number without): where a mapping's entry, a sequence's item or its end may be."""
    indent = " *+" if most is None else f" {{0,{most}}}+"
    return re.compile(rf"\n{indent}(?=[^ \r\n#])")


_NEXT_LINE = _content_lines()


class _BlockText:
    """A block-style YAML document read by indentation: a mapping's entries are the lines at its
    column (until one less indented), a sequence's items its ``-`` at its column. Continuation
    lines of block scalars and plain scalars are always indented deeper than their entry, so they
    are never taken for one; quoted scalars and flow collections that span lines are refused
    (``of``). Gives the offset of the mark PyYAML's compose would give, or None when unsure."""

    __slots__ = ("text", "root", "found", "items", "ends", "odd")

    def __init__(self, text: str, root: _Node) -> None:
        self.text, self.root = text, root
        self.odd = _odd_keys(text)  # a mapping with one at its column reads its keys one by one
        self.found: dict[tuple[int, str], tuple[int, _Node] | None] = {}
        self.items: dict[int, list[int]] = {}  # a sequence's offset: its items' (-1: no more)
        self.ends: dict[int, int] = {}  # a mapping's offset: its end (``_end``)

    @classmethod
    def of(cls, text: str) -> _BlockText | None:
        if (
            text.startswith(("---", "...", "%"))
            or has_yaml11_line_breaks(text)
            or "\ufeff" in text
            or ("\t" in text and _TAB_INDENT.search(text))
            or any(char in text and pattern.search(text) for char, pattern in _OPEN)
        ):
            return None
        start = len(text) - len(text.lstrip(" "))
        if start == len(text) or text[start] in "\r\n#":
            return None
        try:
            return cls(text, _node_at(text, start, 0))
        except _Unsure:
            return None

    def offset(self, keys: Sequence[str]) -> int | None:
        node, mark = self.root, self.root[1]
        try:
            for key in keys:
                cached = (node[1], key)
                if cached in self.found:
                    step = self.found[cached]
                elif node[0] == _MAP:
                    step = self.found[cached] = self._entry(node, key)
                elif node[0] == _SEQ and _is_index(key):
                    step = self.found[cached] = self._item(node, int(key))
                else:
                    break
                if step is None:
                    break
                mark, node = step
        except _Unsure:
            return None
        return mark

    def _entry(self, node: _Node, key: str) -> tuple[int, _Node] | None:
        """(offset of the key, value) of the mapping's last entry ``key``, or None: found by
        string search where the key is plain and the mapping's keys may only be plain too."""
        text, start, column = self.text, node[1], node[2]
        end = self._end(node)
        if _SAFE_KEY.fullmatch(key) is None or self._has_odd_key(node, end):
            return self._entry_by_entry(node, key)
        needle = "\n" + " " * column + key
        found, at = None, text.rfind(needle, start, end)
        while found is None and at >= 0:  # the entries with that key, from the last: the last wins
            found = _plain_key(text, at + 1 + column, key)
            at = text.rfind(needle, start, at)
        found = found or _plain_key(text, start, key)
        return None if found is None else (found[0], self._value(found[1], column))

    def _has_odd_key(self, node: _Node, end: int) -> bool:
        """Whether a key of the mapping may be written other than plain: an ``_ODD_KEY`` at its
        column between its start and its ``end`` (its entries' lines at its column; deeper lines,
        block and plain scalars' continuations included, are not its keys)."""
        offsets = self.odd.get(node[2])
        if offsets is None:
            return False
        at = bisect_left(offsets, node[1])
        return at < len(offsets) and offsets[at] < end

    def _end(self, node: _Node) -> int:
        """Where a mapping ends: the newline before its first less indented line (or the text's end).
        Its entries at its column are the lines before."""
        end = self.ends.get(node[1])
        if end is None:
            less = _content_lines(node[2] - 1).search(self.text, node[1]) if node[2] else None
            end = self.ends[node[1]] = len(self.text) if less is None else less.start()
        return end

    def _entry_by_entry(self, node: _Node, key: str) -> tuple[int, _Node] | None:
        """``_entry`` reading each entry's key (quoted ones too)."""
        text, start, column = self.text, node[1], node[2]
        plain = _SAFE_KEY.fullmatch(key) is not None
        found = None
        starts = [start]
        for match in _content_lines(column).finditer(text, start):
            at = match.end()
            if at - match.start() - 1 < column:
                break
            starts.append(at)
        for at in starts:
            first = text[at]
            if _is_item(text, at):
                continue  # an item of the previous entry's sequence, at the same column
            if first in "\"'":
                quoted = (_DOUBLE_QUOTED if first == '"' else _SINGLE_QUOTED).match(text, at)
                if quoted is None or "\\" in quoted.group():
                    raise _Unsure
                colon = _COLON.match(text, quoted.end())
                if colon is None:
                    raise _Unsure
                value = quoted.group()[1:-1]
                if (value if first == '"' else value.replace("''", "'")) == key:
                    found = (at, colon.end())
            elif first in _NOT_PLAIN_START:
                raise _Unsure
            elif not plain:
                raise _Unsure
            else:
                found = _plain_key(text, at, key) or found
        return None if found is None else (found[0], self._value(found[1], column))

    def _value(self, at: int, column: int) -> _Node:
        """The value after a key's ``:`` (at ``at``) in a mapping at ``column``."""
        text = self.text
        while at < len(text) and text[at] in " \t":
            at += 1
        first = text[at] if at < len(text) else "\n"
        if first in "\r\n#":  # on the next lines
            following = _NEXT_LINE.search(text, at)
            if following is None:
                return (_SCALAR, at, column)
            indent, start = following.end() - following.start() - 1, following.end()
            if indent > column:
                return _node_at(text, start, following.start() + 1)
            if indent == column and _is_item(text, start):
                return (_SEQ, start, column)
            return (_SCALAR, at, column)  # null
        if first in "[{&*!":
            raise _Unsure
        return (_SCALAR, at, column)

    def _item(self, node: _Node, index: int) -> tuple[int, _Node] | None:
        """(offset, node) of the sequence's item ``index``, or None. The items' offsets found are
        kept: a List's items, each a document, are found in one pass."""
        text, column = self.text, node[2]
        starts = self.items.setdefault(node[1], [node[1]])
        if index >= len(starts) and starts[-1] >= 0:
            lines = _content_lines(column).finditer(text, starts[-1])
            while index >= len(starts):
                match = next(lines, None)
                start = -1 if match is None else match.end()
                if match is None or start - match.start() - 1 < column or not _is_item(text, start):
                    starts.append(-1)  # the sequence has ended
                    break
                starts.append(start)
        at = starts[index] if index < len(starts) else -1
        if at < 0:
            return None
        content = at + 1
        while content < len(text) and text[content] == " ":
            content += 1
        if content == len(text) or text[content] in "\r\n#":  # on the next lines, or null
            following = _NEXT_LINE.search(text, content)
            if following is None or following.end() - following.start() - 1 <= column:
                raise _Unsure  # a null item: PyYAML's mark is not where it stands
            item = _node_at(text, following.end(), following.start() + 1)
        else:
            item = _node_at(text, content, text.rfind("\n", 0, content) + 1)
        return item[1], item


def _odd_keys(text: str) -> dict[int, list[int]]:
    """The offsets of ``_ODD_KEY`` where a key may stand, in order, by their column."""
    found: dict[int, list[int]] = {}
    for char, pattern in _ODD_KEY:
        if char not in text:
            continue
        for match in pattern.finditer(text):
            at = match.start()
            line_start = text.rfind("\n", 0, at) + 1
            if _KEY_INDENT.fullmatch(text, line_start, at):
                found.setdefault(at - line_start, []).append(at)
    for offsets in found.values():
        offsets.sort()
    return found


def _plain_key(text: str, at: int, key: str) -> tuple[int, int] | None:
    """(``at``, where its value starts) if ``key`` is written plain at ``at`` with its ``:``, else None."""
    if not text.startswith(key, at):
        return None
    colon = _COLON.match(text, at + len(key))
    return None if colon is None else (at, colon.end())


def _is_item(text: str, at: int) -> bool:
    """Whether a sequence item's ``-`` stands at ``at``."""
    return text[at] == "-" and text[at + 1 : at + 2] in ("", " ", "\r", "\n")


def _node_at(text: str, at: int, line_start: int) -> _Node:
    """What starts at ``at`` (neither a blank nor a comment): a mapping, a sequence or a scalar."""
    first, column = text[at], at - line_start
    if _is_item(text, at):
        return (_SEQ, at, column)
    if first in "\"'":
        quoted = (_DOUBLE_QUOTED if first == '"' else _SINGLE_QUOTED).match(text, at)
        if quoted is None:
            raise _Unsure
        return (_MAP if _COLON.match(text, quoted.end()) else _SCALAR, at, column)
    if first in "|>":
        return (_SCALAR, at, column)
    if first in _NOT_PLAIN_START and first != "-":  # "-" not followed by a blank starts a plain scalar ("--port")
        raise _Unsure
    return (_MAP if _PLAIN_KEY.match(text, at) else _SCALAR, at, column)
