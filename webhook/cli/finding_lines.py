"""The source line of each finding, for reports that point at it (SARIF): the finding's JSON
pointer followed through the document's YAML nodes as deep as it exists, so a missing field points
at its parent. Only documents with findings are composed again (PyYAML nodes carry their marks);
whatever cannot be followed falls back to the document's first line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import yaml

from webhook.documents import Document, as_read
from webhook.yamlsafe import LineCounter, editor_lines, mark_line

if TYPE_CHECKING:
    from webhook.cli.test_cmd import Result

_DOCUMENT_END = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r]|$)", re.MULTILINE)
_ENVELOPE_OBJECT = ("request", "object")  # where an AdmissionReview's findings point
MAX_COMPOSED_CHARS = 16 * 2**20
"""A larger document is not composed again (PyYAML's nodes take several times its size): its
findings keep its first line."""


def locate(text: str, results: Sequence[Result]) -> list[Result]:
    """``results`` of the source ``text``, each with ``finding_lines`` when it has findings."""
    if not any(r.decision.findings for r in results):
        return list(results)
    text = as_read(text)  # as parse_text reads it
    starts = _LineStarts(text)
    composed_line, composed = 0, None  # the last document composed: a List's items follow each other
    located = []
    for result in results:
        findings = result.decision.findings
        if findings:
            document = result.document
            if document.line != composed_line:
                composed_line, composed = document.line, _compose(text, starts.offset(document.line))
            lines = tuple(_line(composed, document, f.path, result.envelope) for f in findings)
            result = replace(result, finding_lines=lines)
        located.append(result)
    return located


class _LineStarts:
    """Offsets of line starts, found moving forward (documents come in file order): one pass in all."""

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


_Composed = tuple[yaml.Node, LineCounter | None] | None


def _compose(text: str, start: int | None) -> _Composed:
    """The node tree of the document starting at ``start``, which parsing has already accepted
    (nesting and size bounded), with what its marks' lines need (``mark_line``); None when PyYAML
    cannot compose it on its own (a %TAG shorthand, JSON that is no YAML)."""
    if start is None:
        return None
    end_of_first_line = text.find("\n", start)
    end = None if end_of_first_line < 0 else _DOCUMENT_END.search(text, end_of_first_line + 1)
    stop = end.start() if end else len(text)
    if stop - start > MAX_COMPOSED_CHARS:
        return None
    chunk = text[start:stop]
    try:
        root = yaml.compose(chunk, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return None if root is None else (root, editor_lines(chunk))


def _line(composed: _Composed, document: Document, pointer: str, envelope: bool) -> int:
    if composed is None or (pointer and not pointer.startswith("/")):
        return document.line
    root, lines = composed
    keys: list[str] = [] if document.item is None else ["items", str(document.item)]
    if envelope:
        keys += _ENVELOPE_OBJECT
    keys += [key.replace("~1", "/").replace("~0", "~") for key in pointer.split("/")[1:]]
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
