"""Reading manifests for ``railguard test``: files, folders, stdin; multi-document YAML and JSON.

YAML is parsed the way kubectl reads it (YAML 1.1 via go-yaml): ``yes``/``on``/``y`` are booleans,
``0755`` is octal, timestamps stay strings. The fast path is the Rust parser ``yaml_rs`` (YAML 1.2);
any document holding a plain scalar whose meaning differs between 1.1 and 1.2 is parsed by PyYAML
with a kubectl-compatible resolver instead, so both paths give the same objects.
"""

from __future__ import annotations

import bisect
import errno
import json
import math
import os
import re
import select
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import yaml
import yaml_rs

from webhook import gojson, goyaml
from webhook.errors import InputError
from webhook.files import opened, read_regular
from webhook.workloads import printable as printable  # reports and the CLI import it from here
from webhook.yamlsafe import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    SafeLoader,
    describe,
    editor_lines,
    has_yaml11_line_breaks,
    mark_line,
    too_deep_at,
)

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
MAX_SOURCE_BYTES = 256 * 1024 * 1024
"""One file or standard input, at most: far beyond any chart's output, and a bound for a source
that never ends (``/dev/zero``, a stream left open)."""

_MARKER = re.compile(r"^(?:---[^\n]*|\.\.\.(?=[ \t\r]|$))", re.MULTILINE)
_DASHES = re.compile(r"---(?<![^\n]---)[^\n]*")  # the same without "...": 10x faster
"""Where documents end: as kubectl splits a stream, every line that starts with ``---`` (the rest
of the line is kept with the marker, see ``_marker_problem``); and YAML's ``...`` document end."""
BAD_SEPARATOR = "invalid document separator: text after '---' on its line (kubectl refuses the input); not reviewed"
AFTER_DOCUMENT_END = (
    "text after a '...' document end, before the next '---': kubectl ignores it, so it is not reviewed"
    " (start it with '---', or delete it)"
)
STDIN_NAME = "<stdin>"
_PLAIN_11 = (
    r"(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:0[0-9_]|_)[0-9_.]*(?:[eE][-+]?[0-9]+)?)"
    r"[ \t\r]*(?:$|[,\]}#:])"
)  # a plain scalar (value or key) that YAML 1.1 reads as a bool or an octal int, YAML 1.2 not
_GO_NUMBER = (
    r"(?=[-+._0-9])(?:(?<=[\s\[{,])|(?<=[\"']:))"  # a scalar's start: not the "2.0" of "image: nginx:2.0"
    r"[-+]?+(?:\.(?:inf|Inf|INF|nan|NaN|NAN)|[0-9]*+(?:\.(?:0*+(?=[ \t\r]*(?:$|[,\]}#:]))|[0-9]{15})"
    r"|(?<=[0-9]{16})|[0-9.]*+[eE][-+]?[0-9]++(?=[ \t\r]*(?:$|[,\]}#:]))|[0-9A-Za-z.+\-]*+_))"
)
"""Numbers go-yaml reads by Go's rules, yaml_rs by YAML 1.2's: ``_`` anywhere (``0_x10`` is 16,
``._5`` text), infinities and NaN (refused), exponents (``1e400`` is text) and floats that may be
integral (``3.0``, ``1e3``, ``2.0000000000000001``: the webhook receives an integer)."""
# a key YAML 1.1 may read as a number: no flow indicator inside (a key holding one is a string in
# both versions), which also keeps every scan short: from each ",", "[" or "{" of a long run such as
# "0,1,2,..." it stops at the next one instead of running to the end (quadratic time)
_NON_STRING_KEY = r"(?:[-+]?[.0-9][^:\s,\[\]{}]*+|~|[tT]rue|TRUE|[fF]alse|FALSE|[nN]ull|NULL)[ \t]*:(?:[ \t\r]|$)"
_BIG_INT_DIGITS = r"[0-9][0-9_]{18}|0[xXoObB][0-9a-fA-F_]{16}"
_BIG_INT_TEXT = rf"[-+]?(?:{_BIG_INT_DIGITS})"
"""A plain scalar with digits enough for an integer beyond 64 bits (19 decimal, 16 hex, 22 octal,
64 binary; yaml_rs also takes underscores and upper-case prefixes): no Kubernetes object holds
one, orjson cannot write one (``-o json``), past 4,300 digits Python cannot even print one.
yaml_rs reads it as an int; KubeLoader as go-yaml: a float, or text if a float cannot hold it."""
_NEEDS_KUBE_LOADER = tuple(
    re.compile(
        before
        + r"(?=[yYnNoO0-9_+\-.~tTfF<?:])"
        + rf"(?:{_PLAIN_11}|{_GO_NUMBER}|{_NON_STRING_KEY}|<<|:(?:[ \t\r]|$)|\?(?:[ \t\r]|$)|{_BIG_INT_TEXT})",
        re.MULTILINE,
    )
    # one literal each: much faster scans. "- " and "? " are indicators only with a blank after
    # them (a "-" or "?" inside a word is text), which keeps "-0-0-0..." linear as well
    for before in (r"\n[ \t]*+", r":[ \t]*+", r"-[ \t]++", r",[ \t]*+", r"\[[ \t]*+", r"\{[ \t]*+", r"\?[ \t]++")
)
"""Where yaml_rs (YAML 1.2) may read a document differently from kubectl (go-yaml, YAML 1.1):
1.1-only booleans and octals, Go's number syntax, non-string keys (an empty one is null), merge
keys, complex keys, integers beyond 64 bits.
May match more than needed (the slower PyYAML path then gives the same objects), must never match
less."""
_BIG_INT = re.compile(_BIG_INT_DIGITS)
"""The same digits anywhere: after an anchor or a tag (``&a 1844...``, ``!!int "1844..."``)."""
_DEEP_INDENT = "\n" + " " * 48
_DEEP_COMPACT = (re.compile(r"-[ \t]+(?:[-?][ \t]+){15}"), re.compile(r"\?[ \t]+(?:[-?][ \t]+){15}"))
"""Without 48 columns of indentation, 16 nested ``- `` on one line or 48 flow brackets, a document
cannot be nested MAX_DEPTH levels deep; otherwise its depth is measured before parsing."""
_BLOCK_HEADER = re.compile(r"(?:^|(?<=[ \t]))[|>][-+0-9]*[ \t]*(?:#.*)?$", re.MULTILINE)
_LEADING_TRIVIA = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
"""Blank and comment lines before a document's first line (``# Source: ...`` from helm)."""
_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_START_BOM = re.compile("^\ufeff", re.MULTILINE)


def as_read(text: str) -> str:
    """The text as it is parsed: a CR alone (an old Mac line end) read as "\n" (a line break in
    YAML, whitespace in JSON, so that lines count it), and a byte-order mark at the start of a line
    dropped, as go-yaml (kubectl) skips it there: the mark of a file concatenated after another
    (``cat a.yaml b.yaml``, a chart's templates saved on Windows)."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return _LINE_START_BOM.sub("", text) if "\ufeff" in text else text
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_NODES)
_TAG = re.compile(r"(?:^|(?<=[ \t\[{,]))!", re.MULTILINE)
"""Where a tag may start (``!!int 08``, ``!foo``): yaml_rs reads tagged values by its own rules
(``!!set`` a Python set, ``!!int 08`` 8.0), KubeLoader as go-yaml."""


@dataclass(frozen=True, slots=True)
class Document:
    """One resource read from a source. ``doc`` counts non-empty documents in file order."""

    file: str
    doc: int
    line: int  # 1-based line where the document starts
    obj: dict[str, Any]
    item: int | None = None  # index in a List's items

    def type_problem(self) -> str | None:
        """Why kubectl would refuse the document as no Kubernetes object ("kind not set"), if it
        would (a kind or apiVersion that is not text is refused when the document is read)."""
        unset = [key for key in TYPE_FIELDS if self.obj.get(key) in (None, "")]
        return f"{' and '.join(unset)} not set: not a Kubernetes object (kubectl refuses it)" if unset else None


TYPE_FIELDS = ("apiVersion", "kind")
"""What makes a document a Kubernetes object."""

_MAP, _SEQ, _TIMESTAMP, _BINARY = (f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "timestamp", "binary"))
_GO_SCALAR_TAGS = frozenset((goyaml.STR, goyaml.BOOL, goyaml.INT, goyaml.FLOAT, goyaml.NULL, _TIMESTAMP, _BINARY))
"""The scalar tags go-yaml reads by type; it reads a scalar with any other as text."""


class KubeLoader(SafeLoader):
    """PyYAML typing scalars as go-yaml v2 does (what kubectl uses, see :mod:`webhook.goyaml`):
    y/n/yes/no/on/off booleans, Go's integer and float syntax, no timestamps, no sexagesimal
    numbers; keys become strings as kubectl's YAML-to-JSON conversion makes them."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return goyaml.resolve(value)[0] if implicit[0] else goyaml.STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # go-yaml ignores the tag of a collection and reads a scalar with a tag of its own
        # (``!foo``, ``!!python/tuple``) or ``<<`` outside a key as text
        if isinstance(node, yaml.MappingNode):
            node.tag = _MAP
        elif isinstance(node, yaml.SequenceNode):
            node.tag = _SEQ
        elif node.tag not in _GO_SCALAR_TAGS:
            node.tag = goyaml.STR
        return super().construct_object(node, deep)

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Merge keys as go-yaml v2 reads them: in order, a ``<<`` sets its pairs where it stands,
        so it overwrites the keys before it and the keys after it win (PyYAML lets every key of
        the mapping itself win); of a list of merged mappings, the first wins."""
        if not any(key.tag == goyaml.MERGE for key, _ in node.value):
            return
        flat: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if key.tag != goyaml.MERGE:
                flat.append((key, value))
                continue
            merged = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for mapping in reversed(merged):
                if not isinstance(mapping, yaml.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        None, None, "a merge key (<<) takes a mapping or a list of mappings", mapping.start_mark
                    )
                self.flatten_mapping(mapping)
                flat += mapping.value
        node.value = flat

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_infinity(value for _, value in node.value)
        mapping = super().construct_mapping(node, deep)
        try:
            return {goyaml.json_key(key): _as_sent(value) for key, value in mapping.items()}
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        _refuse_infinity(node.value)
        return [_as_sent(item) for item in super().construct_sequence(node, deep)]


def _as_sent(value: Any) -> Any:
    return goyaml.as_sent(value) if type(value) is float else value


def _refuse_infinity(values: Iterable[yaml.Node]) -> None:
    """Refuse an infinite or NaN value as kubectl does: JSON has no such number (a key is text)."""
    for value in values:
        if value.tag == goyaml.FLOAT and isinstance(value, yaml.ScalarNode):
            number = goyaml.resolve(value.value)[1]
            if isinstance(number, float) and not math.isfinite(number):
                raise yaml.constructor.ConstructorError(
                    None, None, f"{value.value} is no JSON number: kubectl cannot send it", value.start_mark
                )


def _typed_scalar(*tags: str) -> Any:
    """A constructor for an explicit tag (``!!int 10``): the value go-yaml reads, refused as
    go-yaml refuses it when the text is of another type (``!!int 08`` is a float to Go)."""

    def construct(loader: KubeLoader, node: yaml.ScalarNode) -> Any:
        tag, value = goyaml.resolve(str(loader.construct_scalar(node)))
        if tag not in tags:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value as {node.tag.replace('tag:yaml.org,2002:', '!!')}", node.start_mark
            )
        if tags[0] != goyaml.FLOAT:
            return value
        if tag == goyaml.INT and value > goyaml.INT64_MAX:  # go-yaml turns an int64, not a uint64, into a float
            raise yaml.constructor.ConstructorError(None, None, "cannot read this value as !!float", node.start_mark)
        return float(value)

    return construct


def _construct_timestamp(loader: KubeLoader, node: yaml.ScalarNode) -> str:
    """The text, if it is a timestamp: go-yaml gives an untyped target the text back."""
    loader.construct_yaml_timestamp(node)
    return str(loader.construct_scalar(node))


def _construct_binary(loader: KubeLoader, node: yaml.ScalarNode) -> str:
    """The decoded bytes as text, as go-yaml reads it (invalid UTF-8 replaced, as in its JSON)."""
    data: bytes = loader.construct_yaml_binary(node)
    return data.decode("utf-8", "replace")


KubeLoader.add_constructor(goyaml.BOOL, _typed_scalar(goyaml.BOOL))
KubeLoader.add_constructor(goyaml.INT, _typed_scalar(goyaml.INT))
KubeLoader.add_constructor(goyaml.FLOAT, _typed_scalar(goyaml.FLOAT, goyaml.INT))
KubeLoader.add_constructor(goyaml.NULL, _typed_scalar(goyaml.NULL))
KubeLoader.add_constructor(_TIMESTAMP, _construct_timestamp)
KubeLoader.add_constructor(_BINARY, _construct_binary)


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
    if has_yaml11_line_breaks(text):
        return True
    if "!" in text and _TAG.search(text):
        return True
    if ("&" in text or "!" in text) and _BIG_INT.search(text):
        return True
    # yaml_rs reads an empty block scalar at the very end of the input as "\n" instead of ""
    tail = text.rstrip()
    return _BLOCK_HEADER.search(tail, tail.rfind("\n") + 1) is not None


def _split(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(first line, text, problem) of each YAML document, split at ``---`` / ``...`` markers; the
    problem of the marker before it, if any (``_marker_problem``)."""
    start, line, problem = 0, 1, None
    for match in (_MARKER if "..." in text else _DASHES).finditer(text):
        yield line, text[start : match.start()], problem
        line += text.count("\n", start, match.end())
        start = match.end()
        problem = _marker_problem(match.group())
    yield line, text[start:], problem


def _marker_problem(marker: str) -> str | None:
    """kubectl splits a stream at each line that starts with ``---`` and refuses the input when
    anything but a comment follows on that line (``--- kind: Pod``, ``----``: "invalid Yaml document
    separator"). A ``...`` ends the document: go-yaml reads the first document of kubectl's piece
    only, so what follows until the next ``---`` is dropped without a word."""
    if marker.startswith("..."):
        return AFTER_DOCUMENT_END
    rest = marker[3:].strip()
    return BAD_SEPARATOR if rest and not rest.startswith("#") else None


def _is_trivia(chunk: str) -> bool:
    """Blank lines, comments and directives only (what may stand between ``...`` and ``---``)."""
    return all(not line or line[0] in "#%" for line in map(str.strip, chunk.split("\n")))


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
        raise _yaml_input_error(exc, file, first_line, chunk) from None


def _yaml_input_error(exc: yaml.YAMLError, file: str, first_line: int, text: str) -> InputError:
    """PyYAML's error in ``text`` with lines counted from the start of the file."""
    line, problem = describe(exc, first_line, text)
    return InputError(file, first_line if line is None else line, f"invalid YAML: {problem}")


_JSON_FLOAT_OR_BIG = re.compile(r"[0-9][.eE]|[0-9]{19}")


def _json_as_sent(value: Any, text: str) -> Any:
    """JSON numbers as the webhook would receive them: kubectl reads a number that is no int64 as
    a float (``3.0``, 2**63), which Go's JSON writer then gives no fraction when integral."""
    return _numbers_as_sent(value) if _JSON_FLOAT_OR_BIG.search(text) else value


def _numbers_as_sent(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _numbers_as_sent(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_sent(item) for item in value]
    if type(value) is float:
        return goyaml.as_sent(value)
    if type(value) is int and value > goyaml.INT64_MAX:
        return goyaml.as_sent(float(value))
    return value


def _json_error_line(text: str, exc: orjson.JSONDecodeError) -> int:
    return text.count("\n", 0, exc.pos) + 1


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_AFTER_DOCUMENT = "unexpected content after document"
_JSON_BOUNDS = json.JSONDecoder(parse_constant=lambda _: None)


def _json_stream(text: str, file: str) -> tuple[list[tuple[int, Any]], InputError | None, int]:
    """(line, value) of each JSON value of a stream (``jq '.items[]'`` output, JSON Lines), as
    kubectl's decoder reads an input that starts with ``{``: one value after the other, up to the
    first that cannot be read (its error); and where the last value read ends. Values are read by
    orjson, as a single one is."""
    values: list[tuple[int, Any]] = []
    start, line, counted, end = _JSON_SPACE.match(text).end(), 1, 0, 0  # type: ignore[union-attr]  # always matches
    while start < len(text):
        line += text.count("\n", counted, start)
        counted = start
        try:
            stop = _JSON_BOUNDS.raw_decode(text, start)[1]
            piece = text[start:stop]
            values.append((line, _json_as_sent(gojson.loads(piece), piece)))
        except orjson.JSONDecodeError as exc:
            return values, InputError(file, line + piece.count("\n", 0, exc.pos), f"invalid JSON: {exc.msg}"), end
        except json.JSONDecodeError as exc:
            return values, InputError(file, exc.lineno, f"invalid JSON: {exc.msg.lower()}"), end
        except ValueError:  # a number of more than 4,300 digits
            return values, InputError(file, line, "invalid JSON: a number too long to read"), end
        except RecursionError:
            return values, InputError(file, line, "invalid JSON: depth limit exceeded"), end  # as orjson says it
        end = stop
        start = _JSON_SPACE.match(text, end).end()  # type: ignore[union-attr]  # always matches
    return values, None, end


_REST_OF_LINE_SPACE = re.compile(r"[ \t\v\f\r]*\n?")


def _json_or_yaml_stream(text: str, file: str, errors: list[InputError]) -> tuple[list[tuple[int, Any]], bool]:
    """(line, value) of each document of an input that starts with ``{`` and is no single JSON
    value, read as kubectl's YAMLOrJSONDecoder reads it; and whether it was read as JSON.
    JSON values one after the other; once two have been read the input is JSON, and a value that
    cannot be read is an error at its line. Before that, the rest of the input (from the line after
    the value read, if any) is read as YAML: ``{kind: Pod}`` flow style, a JSON object then ``---``
    and YAML. When YAML cannot read the first document there either and it starts with ``{``, the
    error is JSON's, as kubectl reports it (YAML's where the text after the JSON is YAML, as after
    a ``---``: clearer). A ``.json`` file is JSON only."""
    stream, error, end = _json_stream(text, file)
    if error is None or len(stream) >= 2 or file.endswith(".json"):
        return stream + ([(0, error)] if error else []), True
    rest = _REST_OF_LINE_SPACE.match(text, end).end() if stream else 0  # type: ignore[union-attr]  # always matches
    # the rest as a text of its own, its lines still counted from the start of the input
    yaml_errors: list[InputError] = []
    values = list(_yaml_values("\n" * text.count("\n", 0, rest) + text[rest:], file, yaml_errors))
    first = next((value for _, value in values if value is not None), None)
    looks_json = text.startswith("{", _JSON_SPACE.match(text, rest).end())  # type: ignore[union-attr]  # always matches
    if yaml_errors and (first is None or first is _Unreadable) and looks_json:
        yaml_errors[0] = error  # neither JSON nor YAML reads the document: JSON's error, as kubectl's
    errors += yaml_errors
    return stream + values, False


def parse_text(text: str, file: str) -> tuple[list[Document], list[InputError]]:
    """Every resource in ``text``, plus the errors of the documents that could not be read."""
    documents: list[Document] = []
    errors: list[InputError] = []
    text = as_read(text)
    stripped = text.lstrip()
    is_json = False  # read as JSON: a *.json file, or any text that is JSON (stdin has no name)
    # an empty or blank *.json file holds no object, as an empty YAML file (kubectl: "no objects")
    if stripped.startswith(("{", "[")) or (file.endswith(".json") and stripped):
        try:
            values: Iterable[tuple[int, Any]] = [(1, _json_as_sent(gojson.loads(text), text))]
            is_json = True
        except orjson.JSONDecodeError as exc:
            if stripped[0] == "{" and (exc.msg == _AFTER_DOCUMENT or not file.endswith(".json")):
                values, is_json = _json_or_yaml_stream(text, file, errors)
            elif file.endswith(".json"):
                return [], [InputError(file, _json_error_line(text, exc), f"invalid JSON: {exc.msg}")]
            else:
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
        if isinstance(value, InputError):  # the JSON value a stream stopped at
            errors.append(value)
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
        lines = editor_lines(text)  # one pass over the text for all the documents' lines
        refusing, last = _Refused(text, file, errors), 0  # last: the line of the last document read
        try:
            if _may_be_deep(text):
                _check_depth(text, file, 1)
            while loader.check_node() and (node := loader.get_node()) is not None:  # load_all, with lines
                last = line = mark_line(node.start_mark, lines) + 1
                if refusing.report(line):  # as _chunk_values reads it: an error at its marker, not reviewed
                    yield line, _Unreadable
                    continue
                yield line, loader.construct_document(node)
            refusing.report_rest()
        except InputError as exc:
            errors.append(exc)
        except yaml.YAMLError as exc:
            error = _yaml_input_error(exc, file, 1, text)
            if error.line is not None and refusing.at(error.line) is not None:
                # broken at a marker kubectl refuses: that error only, the documents from there read one by one
                yield from _chunk_values(refusing.after(last), file, errors)
                return
            errors.append(error)
            if error.line is not None:  # the documents after the broken one are still read, one by one
                yield from _after_broken_document(text, file, errors, error.line)
        finally:
            loader.dispose()
        return
    yield from _chunk_values(_split(text), file, errors)


class _Refused:
    """For a stream PyYAML reads whole (directives): the chunks ``_chunk_values`` would report as
    an error at their marker (text on a ``---`` line, text after ``...``), found by line."""

    def __init__(self, text: str, file: str, errors: list[InputError]) -> None:
        self.file, self.errors = file, errors
        self.chunks = list(_split(text))
        self.starts = [chunk[0] for chunk in self.chunks]
        self.refused = {
            index for index, (_, chunk, problem) in enumerate(self.chunks)
            if problem is BAD_SEPARATOR or (problem is AFTER_DOCUMENT_END and not _is_trivia(chunk))
        }  # fmt: skip
        self.reported: set[int] = set()  # indexes of the chunks already reported

    def at(self, line: int) -> int | None:
        """The index of the refused chunk that holds ``line``, if one does."""
        if not self.refused:
            return None
        index = bisect.bisect_right(self.starts, line) - 1
        return index if index in self.refused else None

    def report(self, line: int) -> bool:
        """Whether a document starting at ``line`` is refused (its chunk's error said once)."""
        index = self.at(line)
        if index is None:
            return False
        if index not in self.reported:
            self.reported.add(index)
            self.errors.append(InputError(self.file, self.starts[index], self.chunks[index][2] or ""))
        return True

    def report_rest(self) -> None:
        """Refused chunks PyYAML read as part of the document before (``---kind: B``)."""
        for index in sorted(self.refused - self.reported):
            self.report(self.starts[index])

    def after(self, line: int) -> list[tuple[int, str, str | None]]:
        """The chunks after the one holding ``line`` (the directives' chunk never), less those reported."""
        first = max(1, bisect.bisect_right(self.starts, line) if line else 1)
        return [chunk for index, chunk in enumerate(self.chunks[first:], first) if index not in self.reported]


def _after_broken_document(text: str, file: str, errors: list[InputError], error_line: int) -> Iterator[tuple[int, Any]]:
    """After an error in a stream with directives: the broken document (unreadable, unless the
    error was in the directives), then each later document on its own, from its ``---`` marker on
    or after the error's line (a parser notices a broken document at the next marker)."""
    chunks = list(_split(text))
    if len(chunks) < 2:
        return
    if error_line >= chunks[1][0]:
        yield error_line, _Unreadable
    yield from _chunk_values([chunk for chunk in chunks[1:] if chunk[0] >= error_line], file, errors)


def _chunk_values(
    chunks: Iterable[tuple[int, str, str | None]], file: str, errors: list[InputError]
) -> Iterator[tuple[int, Any]]:
    """(line, value) of each document, parsed on its own; a document after a marker kubectl
    refuses (or ignores it after) is an error at the marker's line, not reviewed."""
    for line, chunk, problem in chunks:
        if problem is AFTER_DOCUMENT_END and _is_trivia(chunk):
            continue  # comments, or a directive kubectl drops with the rest
        if problem is not None:
            errors.append(InputError(file, line, problem))
            yield line, _Unreadable
            continue
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
    kubectl flattens them; ``item`` is then the index in the outermost List). As kubectl's decoder,
    a document with ``items`` is a list whatever its kind (``items: null`` an empty one); inside a
    List, an item is a list when its ``items`` is a list."""
    for key in ("kind", "apiVersion"):
        if (field := value.get(key)) is not None and not isinstance(field, str):
            where = "" if item is None else f"items[{item}]: "
            errors.append(InputError(file, line, f"{where}{key} must be a string, got {type(field).__name__}"))
            return
    items = value.get("items")
    if item is None and "items" in value and not isinstance(items, list):
        # kubectl reads a document with ``items`` (whatever its kind) as a list: null is an empty
        # one, anything else but a list an error ("cannot unmarshal ... into ... []json.RawMessage")
        if items is not None:
            errors.append(InputError(file, line, f"items must be a list of objects, got {type(items).__name__}: not read (kubectl refuses it)"))
        return
    if isinstance(items, list):  # a list, whatever its kind (inside a List, only a list of items makes one)
        item_type = _item_type(value)
        for number, entry in enumerate(items):
            if isinstance(entry, dict):
                if item_type is not None and entry.get("kind") in (None, "") and entry.get("apiVersion") in (None, ""):
                    entry = {**entry, **item_type}
                yield from _expand(entry, file, index, line, errors, number if item is None else item)
            else:
                errors.append(InputError(file, line, f"items[{number if item is None else item}] is not a Kubernetes object"))
        return
    if value.get("kind") == "List" and value.get("apiVersion") == "v1":  # no API serves kind List
        where = "" if item is None else f"items[{item}]: "
        errors.append(InputError(file, line, f"{where}kind List without a list of items: not read (kubectl reads a List's objects from items)"))
        return
    # a pod spec of the wrong shape (``spec`` a list) is reviewed too: it is denied as "cannot be
    # judged", the verdict the server gives the same object
    yield Document(file, index, line, value, item)


def _item_type(listing: dict[str, Any]) -> dict[str, str] | None:
    """The kind and apiVersion kubectl's decoder gives an item of ``listing`` that has neither
    (``kubectl get pods -o yaml`` after a tool dropped them): the list's kind less ``List``
    (``PodList`` -> ``Pod``) and the list's apiVersion. None for a plain ``List``: its items must
    say what they are (kubectl refuses them, "kind not set")."""
    kind = listing.get("kind")
    item_kind = kind.removesuffix("List") if isinstance(kind, str) else ""
    if not item_kind:
        return None
    api_version = listing.get("apiVersion")
    return {"kind": item_kind, "apiVersion": api_version if isinstance(api_version, str) else ""}


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


def printable_path(path: str) -> str:
    """A file name fit for any output: bytes that are not UTF-8 (kept by Python as surrogates)
    shown as U+FFFD, the rest as :func:`printable`."""
    return printable(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def read_source(source: str, stdin: BinaryIO | None = None) -> tuple[list[Document], list[InputError]]:
    """Read and parse one file, or ``-`` for standard input."""
    read = read_text(source, stdin)
    return ([], [read]) if isinstance(read, InputError) else parse_text(read[1], read[0])


def read_text(source: str, stdin: BinaryIO | None = None) -> tuple[str, str] | InputError:
    """(name for reports, text) of one file, or ``-`` for standard input."""
    name = STDIN_NAME if source == "-" else printable_path(source)
    if source == "-" and stdin is None and sys.stdin is None:
        return InputError(name, None, "cannot read: standard input is closed")
    try:
        if source == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_SOURCE_BYTES + 1)
        else:
            data = _read_path(source)
    except OSError as exc:
        return InputError(name, None, f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_SOURCE_BYTES:
        limit = f"{MAX_SOURCE_BYTES / 2**20:g} MiB"
        return InputError(name, None, f"larger than {limit}: not read (split it into several files)")
    text = _decoded(name, data)
    return text if isinstance(text, InputError) else (name, text)


STREAM_IDLE_SECONDS = 30.0
"""How long a path that is not a regular file (a FIFO, ``<(helm template .)``, a terminal) may go
without a byte, or without a writer at all, before it is given up: a FIFO nobody writes to would
otherwise keep ``railguard test`` waiting forever."""


def _read_path(source: str) -> bytes:
    """Up to ``MAX_SOURCE_BYTES + 1`` bytes of a file, opened as :func:`files.opened` opens it
    (without blocking: opening a FIFO waits for a writer); a regular file is read as is, anything
    else as a stream that must not stay silent for ``STREAM_IDLE_SECONDS``."""
    with opened(source) as (fd, status):
        if stat.S_ISREG(status.st_mode):  # open, fstat, one read: a regular file never blocks
            return read_regular(fd, MAX_SOURCE_BYTES + 1, status.st_size)
        if not hasattr(select, "poll"):
            os.set_blocking(fd, True)
            return read_regular(fd, MAX_SOURCE_BYTES + 1)
        return _read_stream(fd)


def _read_stream(fd: int) -> bytes:
    """A non-blocking stream's bytes up to its end (its last writer gone) or past the limit; an
    OSError when nothing comes for ``STREAM_IDLE_SECONDS``."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_SOURCE_BYTES:
        if not poller.poll(STREAM_IDLE_SECONDS * 1000):
            idle = f"{STREAM_IDLE_SECONDS:g} s"
            raise OSError(errno.ETIMEDOUT, f"nothing to read for {idle} (a FIFO or stream without a writer, or a writer that stalled)")
        try:
            chunk = os.read(fd, min(1 << 20, MAX_SOURCE_BYTES + 1 - size))
        except BlockingIOError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _decoded(name: str, data: bytes) -> str | InputError:
    """The text of a manifest's bytes: UTF-8, or UTF-16 with a byte-order mark."""
    if data[:2] in _UTF16_BOMS and data[:4] != _UTF32_LE_BOM:
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return InputError(name, None, "not UTF-16 text, though it starts with a UTF-16 byte-order mark")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            return InputError(name, line, "not UTF-8 text")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return InputError(name, line, "holds NUL characters: UTF-16 without a byte-order mark? Save it as UTF-8")
    return text


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""Text kubectl reads besides UTF-8: UTF-16 with a byte-order mark (what Windows PowerShell 5's
``helm template > out.yaml`` writes)."""
_UTF32_LE_BOM = b"\xff\xfe\x00\x00"
