"""YAML that cannot hurt the reader: nesting and alias expansion bounded (policy, configuration
and manifest files alike)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from webhook.files import read_bounded

MAX_DEPTH = 256
"""Documents nested deeper than this are refused (a parser's recursion would crash on them).
Depth counts collections (mappings and sequences) only: the top-level collection is level 1 and a
scalar adds no level, so ``[[1]]`` and ``{a: {b: 1}}`` are 2 levels deep, and a document of 256
nested collections, whatever their innermost holds, loads. Every reader counts it so
(``too_deep_at`` on the text, ``check_node_graph`` on the composed nodes), whatever path it takes."""
MAX_ALIAS_NODES = 100_000
"""Nodes that alias expansion may add to a document ("billion laughs" protection)."""


class TooLarge(yaml.YAMLError):
    def __init__(self, problem: str, node: yaml.Node) -> None:
        super().__init__(problem)
        self.problem, self.problem_mark = problem, node.start_mark


def check_node_graph(root: yaml.Node) -> None:
    """Refuse recursive aliases, documents nested deeper than MAX_DEPTH and documents that aliases
    blow up ("billion laughs"): PyYAML shares aliased nodes, but everything that walks the object
    afterwards would expand them, so the depth of an alias is that of its anchor's node where the
    alias stands (``a: &a [1]``, ``b: &b [*a]``, ... nests the object a level deeper each line)."""
    sizes: dict[int, tuple[int, int]] = {}  # node: (nodes, levels of collections in it)
    unique = 0

    def size(node: yaml.Node, depth: int) -> tuple[int, int]:
        """``depth``: the level ``node`` has if it is a collection."""
        nonlocal unique
        known = sizes.get(id(node))
        if known is not None:
            if known[0] < 0:
                raise TooLarge("recursive alias: a node contains itself", node)
            if depth - 1 + known[1] > MAX_DEPTH:
                raise TooLarge(f"document is nested more than {MAX_DEPTH} levels deep", node)
            return known
        if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # a scalar is no level (MAX_DEPTH)
            raise TooLarge(f"document is nested more than {MAX_DEPTH} levels deep", node)
        unique += 1
        total, levels = 1, 0
        if isinstance(node, yaml.SequenceNode):
            sizes[id(node)] = (-1, 0)
            for item in node.value:
                item_total, item_levels = size(item, depth + 1)
                total += item_total
                if item_levels > levels:
                    levels = item_levels
            levels += 1
        elif isinstance(node, yaml.MappingNode):
            sizes[id(node)] = (-1, 0)
            for key, value in node.value:
                key_total, key_levels = size(key, depth + 1)
                value_total, value_levels = size(value, depth + 1)
                total += key_total + value_total
                if key_levels > levels or value_levels > levels:
                    levels = max(key_levels, value_levels)
            levels += 1
        sizes[id(node)] = (total, levels)
        if total - unique > MAX_ALIAS_NODES:
            raise TooLarge(
                f"aliases expand the document beyond {MAX_ALIAS_NODES:,} extra nodes (a 'billion laughs' document?)",
                node,
            )
        return total, levels

    size(root, 1)


def too_deep_at(text: str) -> int | None:
    """The 0-based line where a collection nested more than MAX_DEPTH deep starts, else None;
    measured from libyaml's events (iterative: safe before a recursive composer sees the text).
    Unparsable text counts as fine: the parser reports it with its line."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


class SafeLoader(yaml.CSafeLoader):
    """PyYAML's safe types, with the node graph checked first and a scalar its explicit tag cannot
    read (``!!int x``, ``!!bool maybe``, ``!!timestamp 2001-13-45``) reported as a YAML error at
    its line: PyYAML's constructors raise ValueError, KeyError and the like for those."""

    def construct_document(self, node: yaml.Node) -> Any:
        check_node_graph(node)
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, LookupError, AttributeError, TypeError, ArithmeticError):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value as {tag}", node.start_mark
            ) from None


MAX_FILE_BYTES = 1024 * 1024
"""The largest policy or cluster configuration file read: what a Kubernetes ConfigMap (how both
reach the server) holds at most; the bundled policies are a few KiB each. Parsing is what costs:
PyYAML takes seconds and hundreds of MB for a MiB of short list items, minutes and GBs for 16."""


class FileLoader(SafeLoader):
    """For railguard's own files (policies, cluster configuration): a key given twice in one
    mapping is an error at its line, not silently "the last wins" (``action: deny`` then, further
    down, ``action: audit``). Manifests keep go-yaml's last-wins (``documents.KubeLoader``); keys a
    ``<<`` merge brings in may still be overridden."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):  # PyYAML checks it too, and says so at the node
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue  # unhashable: the constructor reports it
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, f"found duplicate key {repr(key)[:100]}", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)


def load_file(path: str | Path) -> Any:
    """One YAML document from a small trusted-format file (policy, cluster configuration), with
    PyYAML's safe types; raises ``ValueError`` with a message fit for the user."""
    try:
        text = read_bounded(path, MAX_FILE_BYTES, "a ConfigMap's limit").decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("cannot read: not UTF-8 text") from None
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    if too_deep_at(text) is not None:
        raise ValueError(f"invalid YAML: document is nested more than {MAX_DEPTH} levels deep")
    try:
        return yaml.load(text, Loader=FileLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        line, problem = describe(exc, 1, text)
        raise ValueError(f"invalid YAML: {problem}" + (f" (line {line})" if line is not None else "")) from None


YAML11_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks in YAML 1.1 (go-yaml, PyYAML), ordinary characters in YAML 1.2 (yaml_rs) and to editors."""


def has_yaml11_line_breaks(text: str) -> bool:
    return not text.isascii() and any(c in text for c in YAML11_LINE_BREAKS)


class LineCounter:
    """Line numbers of positions in a text, counted incrementally: positions asked in increasing
    order cost one pass over the text in all."""

    __slots__ = ("text", "pos", "line")

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def editor_lines(text: str | None) -> LineCounter | None:
    """A counter for PyYAML marks in ``text`` when PyYAML's own line count would be off, else None:
    PyYAML also counts NEL, U+2028 and U+2029 as line breaks, editors count ``\n`` only."""
    return LineCounter(text) if text is not None and has_yaml11_line_breaks(text) else None


def mark_line(mark: yaml.Mark, lines: LineCounter | None) -> int:
    """The 0-based line of a PyYAML mark as an editor counts it (``lines`` from ``editor_lines``)."""
    line: int = mark.line if lines is None else lines.at(mark.index) - 1
    return line


def describe(exc: yaml.YAMLError, first_line: int = 1, text: str | None = None) -> tuple[int | None, str]:
    """(line, problem) of a PyYAML error in ``text``, lines counted from ``first_line`` for the
    text's first; the problem with its context (e.g. where the unclosed flow sequence started)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    lines = editor_lines(text)
    if context and context_mark is not None:
        problem += f" ({context} at line {first_line + mark_line(context_mark, lines)})"
    return (first_line + mark_line(mark, lines) if mark is not None else None), problem
