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
_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r]|$)", re.MULTILINE)
_YAML11_ONLY = re.compile(
    r"(?:^|[:\-,\[{])[ \t]*(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?0[0-7_]+|[-+]?0o[0-7_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*"
    r"|[-+]?[0-9][0-9_]*\.[0-9_]*_[0-9_]*)[ \t]*(?:[,\]}][^\n]*|#[^\n]*)?$",
    re.MULTILINE,
)
_NON_STRING_KEY = re.compile(
    r"^[ \t-]*(?:[-+]?[0-9.][^:\n]*|[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE"
    r"|false|False|FALSE|null|Null|NULL|~)[ \t]*:(?:[ \t]|$)",
    re.MULTILINE,
)


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


def _split(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each YAML document, split at ``---`` / ``...`` markers."""
    start, line = 0, 1
    for match in _MARKER.finditer(text):
        yield line, text[start : match.start()]
        line += text.count("\n", start, match.end())
        start = match.end()
    yield line, text[start:]


def _parse_chunk(chunk: str, file: str, first_line: int) -> Any:
    if not _YAML11_ONLY.search(chunk) and not _NON_STRING_KEY.search(chunk):
        try:
            return yaml_rs.loads(chunk, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins)
        except Exception:  # yaml_rs raises its own types; PyYAML below gives the reference error
            pass
    try:
        return yaml.load(chunk, Loader=KubeLoader)  # noqa: S506 - KubeLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(file, line, f"invalid YAML: {problem}") from None


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
            for value in yaml.load_all(text, Loader=KubeLoader):  # noqa: S506
                yield 1, value
        except yaml.YAMLError as exc:
            errors.append(InputError(file, None, f"invalid YAML: {exc}"))
        return
    for line, chunk in _split(text):
        if not chunk.strip():
            continue
        leading = chunk[: len(chunk) - len(chunk.lstrip())]
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
