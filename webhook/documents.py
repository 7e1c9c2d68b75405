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
from webhook.yamlsafe import MAX_ALIAS_NODES, MAX_DEPTH, SafeLoader, describe, too_deep_at

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
MAX_SOURCE_BYTES = 256 * 1024 * 1024
"""One file or standard input, at most: far beyond any chart's output, and a bound for a source
that never ends (``/dev/zero``, a stream left open)."""

_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r]|$)", re.MULTILINE)
_DASHES = re.compile(r"---(?<![^\n]---)(?=[ \t\r]|$)", re.MULTILINE)  # the same without "...": 10x faster
_PLAIN_11 = (
    r"(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:0[0-9_]|_)[0-9_.]*(?:[eE][-+]?[0-9]+)?)"
    r"[ \t\r]*(?:$|[,\]}#:])"
)  # a plain scalar (value or key) that YAML 1.1 reads as a bool or an octal int, YAML 1.2 not
# a key YAML 1.1 may read as a number: no flow indicator inside (a key holding one is a string in
# both versions), which also keeps every scan short: from each ",", "[" or "{" of a long run such as
# "0,1,2,..." it stops at the next one instead of running to the end (quadratic time)
_NON_STRING_KEY = r"(?:[-+]?[.0-9][^:\s,\[\]{}]*+|~|[tT]rue|TRUE|[fF]alse|FALSE|[nN]ull|NULL)[ \t]*:(?:[ \t\r]|$)"
_BIG_INT_DIGITS = r"[0-9][0-9_]{18}|0[xXoObB][0-9a-fA-F_]{16}"
_BIG_INT_TEXT = rf"[-+]?(?:{_BIG_INT_DIGITS})"
"""A plain scalar with digits enough for an integer beyond 64 bits (19 decimal, 16 hex, 22 octal,
64 binary; yaml_rs also takes underscores and upper-case prefixes): no Kubernetes object holds
one, orjson cannot write one (``-o json``), past 4,300 digits Python cannot even print one.
yaml_rs reads it as an int; KubeLoader refuses it."""
_NEEDS_KUBE_LOADER = tuple(
    re.compile(
        before
        + r"(?=[yYnNoO0-9_+\-.~tTfF<?])"
        + rf"(?:{_PLAIN_11}|{_NON_STRING_KEY}|<<|\?(?:[ \t\r]|$)|{_BIG_INT_TEXT})",
        re.MULTILINE,
    )
    # one literal each: much faster scans. "- " and "? " are indicators only with a blank after
    # them (a "-" or "?" inside a word is text), which keeps "-0-0-0..." linear as well
    for before in (r"\n[ \t]*+", r":[ \t]*+", r"-[ \t]++", r",[ \t]*+", r"\[[ \t]*+", r"\{[ \t]*+", r"\?[ \t]++")
)
"""Where yaml_rs (YAML 1.2) may read a document differently from kubectl (go-yaml, YAML 1.1):
1.1-only booleans and octals, non-string keys, merge keys, complex keys, integers beyond 64 bits.
May match more than needed (the slower PyYAML path then gives the same objects), must never match
less."""
_BIG_INT = re.compile(_BIG_INT_DIGITS)
"""The same digits anywhere: after an anchor or a tag (``&a 1844...``, ``!!int "1844..."``)."""
_DEEP_INDENT = "\n" + " " * 48
_DEEP_COMPACT = (re.compile(r"-[ \t]+(?:[-?][ \t]+){15}"), re.compile(r"\?[ \t]+(?:[-?][ \t]+){15}"))
"""Without 48 columns of indentation, 16 nested ``- `` on one line or 48 flow brackets, a document
cannot be nested MAX_DEPTH levels deep; otherwise its depth is measured before parsing."""
_BLOCK_HEADER = re.compile(r"(?:^|(?<=[ \t]))[|>][-+0-9]*[ \t]*(?:#.*)?$", re.MULTILINE)
_YAML11_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks in YAML 1.1 (go-yaml, PyYAML), ordinary characters in YAML 1.2 (yaml_rs)."""
_LEADING_TRIVIA = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
"""Blank and comment lines before a document's first line (``# Source: ...`` from helm)."""
_LONE_CR = re.compile(r"\r(?!\n)")
"""A CR alone (an old Mac line end): a line break in YAML, whitespace in JSON; read as "\n", so lines count it."""
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_NODES)
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
_NON_JSON_TAGS = ("!!set", "!!binary", "2002:set", "2002:binary")
"""Tags yaml_rs reads as a Python set or leaves as base64 text; KubeLoader reads them as go-yaml."""


@dataclass(frozen=True, slots=True)
class Document:
    """One resource read from a source. ``doc`` counts non-empty documents in file order."""

    file: str
    doc: int
    line: int  # 1-based line where the document starts
    obj: dict[str, Any]
    item: int | None = None  # index in a List's items


class KubeLoader(SafeLoader):
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
    # go-yaml has no "=" (value) type either: a plain "=" is the string "="
    first: [(tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in ("timestamp", "int", "float", "bool", "value")]
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
    try:
        value = sign * (int(digits, 8) if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit() else int(digits, 0))
    except ValueError:
        if not (len(digits) > 4300 and digits.isdigit()):
            raise
        value = _UINT64_MAX + 1  # Python refuses to convert so many decimal digits
    if not _INT64_MIN <= value <= _UINT64_MAX:  # go-yaml's int64 and uint64
        raise yaml.constructor.ConstructorError(None, None, "integer beyond 64 bits", node.start_mark)
    return value


def _construct_set(loader: KubeLoader, node: yaml.MappingNode) -> Iterator[dict[str, Any]]:
    """A mapping (its values null), as go-yaml reads it: a Python set is no JSON value."""
    data: dict[str, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))


def _construct_binary(loader: KubeLoader, node: yaml.ScalarNode) -> str:
    """The decoded bytes as text, as go-yaml reads it (invalid UTF-8 replaced, as in its JSON)."""
    data: bytes = loader.construct_yaml_binary(node)
    return data.decode("utf-8", "replace")


KubeLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
KubeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
KubeLoader.add_constructor("tag:yaml.org,2002:set", _construct_set)
KubeLoader.add_constructor("tag:yaml.org,2002:binary", _construct_binary)


def _check_depth(text: str, file: str, first_line: int) -> None:
    """Refuse a document nested too deep before a recursive composer sees it."""
    line = too_deep_at(text)
    if line is not None:
        raise InputError(file, first_line + line, f"invalid YAML: document is nested more than {MAX_DEPTH} levels deep")


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
    if "!" in text and any(tag in text for tag in _NON_JSON_TAGS):
        return True
    if ("&" in text or "!" in text) and _BIG_INT.search(text):
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
    """PyYAML's error with lines counted from the start of the file."""
    line, problem = describe(exc, first_line)
    return InputError(file, first_line if line is None else line, f"invalid YAML: {problem}")


def _json_error_line(text: str, exc: orjson.JSONDecodeError) -> int:
    return text.count("\n", 0, exc.pos) + 1


def parse_text(text: str, file: str) -> tuple[list[Document], list[InputError]]:
    """Every resource in ``text``, plus the errors of the documents that could not be read."""
    documents: list[Document] = []
    errors: list[InputError] = []
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    stripped = text.lstrip()
    is_json = False  # read as JSON: a *.json file, or any text that is JSON (stdin has no name)
    if stripped.startswith(("{", "[")) or file.endswith(".json"):
        try:
            values: Iterable[tuple[int, Any]] = [(1, orjson.loads(text))]
            is_json = True
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
        if isinstance(value, list) and is_json:
            value = {"kind": "List", "items": value}
        if not isinstance(value, dict):
            errors.append(InputError(file, line, f"document is a {type(value).__name__}, not a Kubernetes object"))
            index += 1
            continue
        documents.extend(_expand(value, file, index, line, errors))
        index += 1
    return documents, errors


def _yaml_values(text: str, file: str, errors: list[InputError]) -> Iterator[tuple[int, Any]]:
    # directives (after any comment lines): PyYAML reads the whole stream
    if text.startswith("%", _LEADING_TRIVIA.match(text).end()):  # type: ignore[union-attr]  # always matches
        loader = KubeLoader(text)
        try:
            if _may_be_deep(text):
                _check_depth(text, file, 1)
            while loader.check_node() and (node := loader.get_node()) is not None:  # load_all, with lines
                yield node.start_mark.line + 1, loader.construct_document(node)
        except InputError as exc:
            errors.append(exc)
        except yaml.YAMLError as exc:
            errors.append(_yaml_input_error(exc, file, 1))
        finally:
            loader.dispose()
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


def _expand(
    value: dict[str, Any], file: str, index: int, line: int, errors: list[InputError], item: int | None = None
) -> Iterator[Document]:
    """The resources of a document: itself, or the items of a List, Lists in Lists included (as
    kubectl flattens them; ``item`` is then the index in the outermost List)."""
    kind = value.get("kind")
    if kind is not None and not isinstance(kind, str):
        where = "" if item is None else f"items[{item}]: "
        errors.append(InputError(file, line, f"{where}kind must be a string, got {type(kind).__name__}"))
        return
    items = value.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        for number, entry in enumerate(items):
            if isinstance(entry, dict):
                yield from _expand(entry, file, index, line, errors, number if item is None else item)
            else:
                errors.append(InputError(file, line, f"items[{number if item is None else item}] is not a Kubernetes object"))
        return
    yield Document(file, index, line, value, item)


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


def printable(text: str) -> str:
    """Text from a manifest or a file name, fit for one line of a report: every character that is
    not printable escaped as in Python (a line break could forge a report line, a bidi control
    could reorder what a terminal shows)."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def printable_path(path: str) -> str:
    """A file name fit for any output: bytes that are not UTF-8 (kept by Python as surrogates)
    shown as U+FFFD, the rest as :func:`printable`."""
    return printable(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def read_source(source: str, stdin: BinaryIO | None = None) -> tuple[list[Document], list[InputError]]:
    """Read and parse one file, or ``-`` for standard input."""
    name = "<stdin>" if source == "-" else printable_path(source)
    if source == "-" and stdin is None and sys.stdin is None:
        return [], [InputError(name, None, "cannot read: standard input is closed")]
    try:
        if source == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_SOURCE_BYTES + 1)
        else:
            with open(source, "rb") as file:
                data = file.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        return [], [InputError(name, None, f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_SOURCE_BYTES:
        limit = f"{MAX_SOURCE_BYTES / 2**20:g} MiB"
        return [], [InputError(name, None, f"larger than {limit}: not read (split it into several files)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return [], [InputError(name, line, "not UTF-8 text")]
    return parse_text(text, name)
