"""``railguard test -o patched``: every input object as it would land in the cluster, as YAML.

Each object is printed with the patch the mutating webhook would send applied to it (the same
``review()`` patch the other reports list, applied with ``jsonpatch``), in input order, one YAML
document each (``---``). The YAML is written for kubectl's reader (go-yaml v2, YAML 1.1): a string
it would read as something else (``on``, ``no``, ``y``, ``0777``, ``1e3``, ``null``, ``~``...) is
quoted, so reading the output back gives the same object.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import jsonpatch
import yaml

from webhook import goyaml
from webhook.errors import InputError

if TYPE_CHECKING:
    from webhook.cli.test_cmd import Result

_STR = "tag:yaml.org,2002:str"
_QUOTED = "tag:railguard,2026:quoted"


_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
"""What a YAML 1.2 reader (the core schema) reads as a number."""


class KubeDumper(yaml.CSafeDumper):
    """PyYAML's safe writer (libyaml's), quoting every string go-yaml would not read back as that string.

    PyYAML writes a string plain when its own YAML 1.1 resolver reads it as a string, but go-yaml's
    rules differ (``y`` and ``n`` are booleans, ``0x_1`` an integer): a string is written plain only
    when go-yaml too reads it as text, and a YAML 1.2 reader (railguard's fast path, other tools)
    does not read it as a number (``1e400``, text to go-yaml, is infinity to YAML 1.2)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if tag == _STR and kind is yaml.ScalarNode and implicit[0] and isinstance(value, str):
            if goyaml.resolve(value)[0] != goyaml.STR or _YAML12_NUMBER.fullmatch(value):
                return _QUOTED  # not the str tag: the writer quotes the string
        return tag


_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
"""Line breaks other than "\n" (YAML 1.1 has them): a reader folds or normalises them in plain,
quoted and block text alike, so a string holding one is written double-quoted, where they are escapes."""


def _represent_str(dumper: KubeDumper, data: str) -> yaml.ScalarNode:
    """Text of several lines as a literal block (``|``, as a ConfigMap's script is usually
    written) where YAML allows it; the writer falls back to quotes where it does not."""
    style = '"' if _OTHER_BREAKS.search(data) else "|" if "\n" in data else None
    return dumper.represent_scalar(_STR, data, style=style)


KubeDumper.add_representer(str, _represent_str)


def dump(obj: Any) -> str:
    """One YAML document (``---`` first) holding ``obj``: keys in their order, block style."""
    text: str = yaml.dump(
        obj, Dumper=KubeDumper, explicit_start=True, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=2**31 - 1, indent=2,
    )  # fmt: skip
    return text


def patched(result: Result) -> Any:
    """The result's object with the webhook's patch applied (the input object, unchanged, when
    there is none). An AdmissionReview stays an AdmissionReview: the patch applies to the object
    its request carries, ``request.object``."""
    obj = result.document.obj
    patch = list(result.decision.patch)
    if not patch:
        return obj
    if result.envelope:
        request = obj["request"]
        return {**obj, "request": {**request, "object": jsonpatch.apply_patch(request["object"], patch)}}
    return jsonpatch.apply_patch(obj, patch)


def patched_yaml(results: Sequence[Result]) -> tuple[str, list[InputError]]:
    """The documents of ``results``, and an input error for each object nested too deep to be
    written (JSON may nest 1,024 levels, the YAML writer recurses a few frames per level)."""
    documents: list[str] = []
    errors: list[InputError] = []
    for result in results:
        try:
            documents.append(dump(patched(result)))
        except RecursionError:
            d = result.document
            problem = "nested too deep to be written as YAML (a few hundred levels at most)"
            errors.append(InputError(d.file, d.line, problem if d.item is None else f"items[{d.item}]: {problem}"))
    return "".join(documents), errors
