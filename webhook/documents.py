"""Reading manifests for ``railguard test``: files, folders, stdin; multi-document YAML and JSON.

YAML is parsed the way kubectl reads it (YAML 1.1 via go-yaml): ``yes``/``on``/``y`` are booleans,
``0755`` is octal, timestamps stay strings. The fast path is the Rust parser ``yaml_rs`` (YAML 1.2);
any document holding a plain scalar whose meaning differs between 1.1 and 1.2 is parsed by PyYAML
with a kubectl-compatible resolver instead, so both paths give the same objects.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import yaml
import yaml_rs

from webhook.errors import InputError

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
MAX_DEPTH = 256
"""Documents nested deeper than this are refused (a parser's recursion would crash on them)."""
MAX_ALIAS_NODES = 100_000
"""Nodes that alias expansion may add to a document ("billion laughs" protection)."""

_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r]|$)", re.MULTILINE)
_DASHES = re.compile(r"---(?<![^\n]---)(?=[ \t\r]|$)", re.MULTILINE)  # the same without "...": 10x faster
_PLAIN_11 = (
    r"(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:0[0-9_]|_)[0-9_.]*(?:[eE][-+]?[0-9]+)?)"
    r"[ \t\r]*(?:$|[,\]}#:])"
)  # a plain scalar (value or key) that YAML 1.1 reads as a bool or an octal int, YAML 1.2 not
_NON_STRING_KEY = r"(?:[-+]?[.0-9][^:\s]*+|~|[tT]rue|TRUE|[fF]alse|FALSE|[nN]ull|NULL)[ \t]*:(?:[ \t\r]|$)"
_NEEDS_KUBE_LOADER = tuple(
    re.compile(
        before + r"[ \t]*+(?=[yYnNoO0-9_+\-.~tTfF<?])" + rf"(?:{_PLAIN_11}|{_NON_STRING_KEY}|<<|\?(?:[ \t\r]|$))",
        re.MULTILINE,
    )
    for before in (r"\n", ":", "-", ",", r"\[", r"\{", r"\?")  # one literal each: much faster scans
)
"""Where yaml_rs (YAML 1.2) may read a document differently from kubectl (go-yaml, YAML 1.1):
1.1-only booleans and octals, non-string keys, merge keys, complex keys. May match more than
needed (the slower PyYAML path then gives the same objects), must never match less."""
_DEEP_INDENT = "\n" + " " * 48
_DEEP_COMPACT = (re.compile(r"-[ \t]+(?:[-?][ \t]+){15}"), re.compile(r"\?[ \t]+(?:[-?][ \t]+){15}"))
"""Without 48 columns of indentation, 16 nested ``- `` on one line or 48 flow brackets, a document
cannot be nested MAX_DEPTH levels deep; otherwise its depth is measured before parsing."""
_BLOCK_HEADER = re.compile(r"(?:^|(?<=[ \t]))[|>][-+0-9]*[ \t]*(?:#.*)?$", re.MULTILINE)
_YAML11_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks in YAML 1.1 (go-yaml, PyYAML), ordinary characters in YAML 1.2 (yaml_rs)."""
_LEADING_TRIVIA = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
"""Blank and comment lines before a document's first line (``# Source: ...`` from helm)."""
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_NODES)


@dataclass(frozen=True, slots=True)
class Document:
    """One resource read from a source. ``doc`` counts non-empty documents in file order."""

    file: str
    doc: int
    line: int  # 1-based line where the document starts
    obj: dict[str, Any]
    item: int | None = None  # index in a List's items


class KubeLoader(yaml.CSafeLoader):
    """PyYAML with go-yaml v2's implicit types (what kubectl uses): no timestamps, no
    sexagesimal numbers, y/n/yes/no/on/off booleans, 0o and 0 octal; keys become strings as
    kubectl's YAML-to-JSON conversion makes them (``true``, ``80``)."""

    def construct_document(self, node: yaml.Node) -> Any:
        _check_node_graph(node)
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep)
        return {_json_key(key): value for key, value in mapping.items()}


def _json_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


KubeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in ("timestamp", "int", "float", "bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
KubeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
    list("yYnNtTfFoO"),
)
KubeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:0b[01_]+|0o[0-7_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*|0)$"),
    list("-+0123456789"),
)
KubeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_BOOLS = {"y": True, "yes": True, "true": True, "on": True, "n": False, "no": False, "false": False, "off": False}


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return _BOOLS[str(loader.construct_scalar(node)).lower()]


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return sign * int(digits, 8)
    return sign * int(digits, 0)


KubeLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
KubeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class _TooLarge(yaml.YAMLError):
    def __init__(self, problem: str, node: yaml.Node) -> None:
        super().__init__(problem)
        self.problem, self.problem_mark = problem, node.start_mark


def _check_node_graph(root: yaml.Node) -> None:
    """Refuse recursive aliases and documents that aliases blow up ("billion laughs"): PyYAML
    shares aliased nodes, but everything that walks the object afterwards would expand them."""
    sizes: dict[int, int] = {}
    unique = 0

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal unique
        known = sizes.get(id(node))
        if known is not None:
            if known < 0:
                raise _TooLarge("recursive alias: a node contains itself", node)
            return known
        if depth > MAX_DEPTH:
            raise _TooLarge(f"document is nested more than {MAX_DEPTH} levels deep", node)
        unique += 1
        total = 1
        if isinstance(node, yaml.SequenceNode):
            sizes[id(node)] = -1
            total += sum(size(item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            sizes[id(node)] = -1
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[id(node)] = total
        if total - unique > MAX_ALIAS_NODES:
            raise _TooLarge(
                f"aliases expand the document beyond {MAX_ALIAS_NODES:,} extra nodes (a 'billion laughs' document?)",
                node,
            )
        return total

    size(root, 1)


def _check_depth(text: str, file: str, first_line: int) -> None:
    """Measure the nesting of a document that may be deep, from libyaml's (iterative) events,
    before a recursive composer sees it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = first_line + (event.start_mark.line if event.start_mark else 0)
                    raise InputError(file, line, f"invalid YAML: document is nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the parser below reports it with its line


def _may_be_deep(text: str) -> bool:
    return (
        text.count("[") + text.count("{") > 48
        or _DEEP_INDENT in text
        or any(pattern.search(text) for pattern in _DEEP_COMPACT)
    )


def _needs_kube_loader(text: str) -> bool:
    if any(pattern.search(text) for pattern in _NEEDS_KUBE_LOADER):
        return True
    if not text.isascii() and any(c in text for c in _YAML11_LINE_BREAKS):
        return True
    # yaml_rs reads an empty block scalar at the very end of the input as "\n" instead of ""
    tail = text.rstrip()
    return _BLOCK_HEADER.search(tail, tail.rfind("\n") + 1) is not None


def _split(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each YAML document, split at ``---`` / ``...`` markers."""
    start, line = 0, 1
    for match in (_MARKER if "..." in text else _DASHES).finditer(text):
        yield line, text[start : match.start()]
        line += text.count("\n", start, match.end())
        start = match.end()
    yield line, text[start:]


def _parse_chunk(chunk: str, file: str, first_line: int) -> Any:
    if _may_be_deep(chunk):
        _check_depth(chunk, file, first_line)
    # anchors: yaml_rs reads an alias inside its own anchor as null; PyYAML refuses it (below)
    if not ("&" in chunk and "*" in chunk) and not _needs_kube_loader("\n" + chunk):
        try:
            return yaml_rs.loads(
                chunk,
                parse_datetime=False,
                alias_limits=_ALIAS_LIMITS,
                duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins,
            )
        except Exception:  # yaml_rs raises its own types; PyYAML below gives the reference error
            pass
    try:
        return yaml.load(chunk, Loader=KubeLoader)  # noqa: S506 - KubeLoader is a SafeLoader
    except yaml.YAMLError as exc:
        raise _yaml_input_error(exc, file, first_line) from None


def _yaml_input_error(exc: yaml.YAMLError, file: str, first_line: int) -> InputError:
    """PyYAML's error with lines counted from the start of the file, and its context
    (e.g. where the unclosed flow sequence started)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        problem += f" ({context} at line {first_line + context_mark.line})"
    return InputError(file, first_line + mark.line if mark is not None else first_line, f"invalid YAML: {problem}")


def _json_error_line(text: str, exc: orjson.JSONDecodeError) -> int:
    return text.count("\n", 0, exc.pos) + 1


def parse_text(text: str, file: str) -> tuple[list[Document], list[InputError]]:
    """Every resource in ``text``, plus the errors of the documents that could not be read."""
    documents: list[Document] = []
    errors: list[InputError] = []
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or file.endswith(".json"):
        try:
            values: Iterable[tuple[int, Any]] = [(1, orjson.loads(text))]
        except orjson.JSONDecodeError as exc:
            if file.endswith(".json"):
                return [], [InputError(file, _json_error_line(text, exc), f"invalid JSON: {exc.msg}")]
            values = _yaml_values(text, file, errors)
    else:
        values = _yaml_values(text, file, errors)
    index = 0
    for line, value in values:
        if value is None:
            continue
        if value is _Unreadable:
            index += 1
            continue
        if isinstance(value, list) and file.endswith(".json"):
            value = {"kind": "List", "items": value}
        if not isinstance(value, dict):
            errors.append(InputError(file, line, f"document is a {type(value).__name__}, not a Kubernetes object"))
            index += 1
            continue
        documents.extend(_expand(value, file, index, line, errors))
        index += 1
    return documents, errors


def _yaml_values(text: str, file: str, errors: list[InputError]) -> Iterator[tuple[int, Any]]:
    if text.lstrip().startswith("%"):  # directives: let PyYAML handle the whole stream
        try:
            if _may_be_deep(text):
                _check_depth(text, file, 1)
            for value in yaml.load_all(text, Loader=KubeLoader):  # noqa: S506
                yield 1, value
        except InputError as exc:
            errors.append(exc)
        except yaml.YAMLError as exc:
            errors.append(_yaml_input_error(exc, file, 1))
        return
    for line, chunk in _split(text):
        if not chunk.strip():
            continue
        leading = _LEADING_TRIVIA.match(chunk).group(0)  # type: ignore[union-attr]  # always matches
        try:
            yield line + leading.count("\n"), _parse_chunk(chunk, file, line)
        except InputError as exc:
            errors.append(exc)
            yield line, _Unreadable


class _UnreadableType:
    pass


_Unreadable: Any = _UnreadableType()


def _expand(value: dict[str, Any], file: str, index: int, line: int, errors: list[InputError]) -> Iterator[Document]:
    kind = value.get("kind")
    items = value.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        for number, item in enumerate(items):
            if isinstance(item, dict):
                yield Document(file, index, line, item, number)
            else:
                errors.append(InputError(file, line, f"items[{number}] is not a Kubernetes object"))
        return
    yield Document(file, index, line, value)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders walked recursively for *.yaml, *.yml and *.json (sorted)."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix in MANIFEST_SUFFIXES and found.is_file():
                    yield str(found)
        else:
            yield raw


def read_source(source: str, stdin: BinaryIO | None = None) -> tuple[list[Document], list[InputError]]:
    """Read and parse one file, or ``-`` for standard input."""
    name = "<stdin>" if source == "-" else source
    try:
        data = (stdin or sys.stdin.buffer).read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        return [], [InputError(name, None, f"cannot read: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return [], [InputError(name, line, "not UTF-8 text")]
    return parse_text(text, name)
