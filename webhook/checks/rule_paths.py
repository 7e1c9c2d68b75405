"""Field paths of declarative rules: keys from the rule's target, and ``*`` for every element of a list.

A path is written as a dotted string (``securityContext.runAsUser``, ``ports[*].hostPort``) or as a
list of keys in which ``"*"`` stands for every element (``[ports, "*", hostPort]``); keys holding
dots or brackets need the list form. ``*`` is reserved: a key holding it cannot be named (label,
annotation and data keys cannot hold one in Kubernetes), and one written where it would be taken
for a glob or a key is a load error. There are no list indices.

``reach`` walks a path with wildcards through an object: every element of every list on the way
(a cartesian walk, visiting each element once), with the JSON pointer and the name of each field
reached. Names show an element by its ``name`` when it has a plain one (``env[DB_PASSWORD]``), else
by its index (``args[#2]``), as containers are named (``container "#1"``); never by anything else
it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from webhook.errors import PolicyError
from webhook.workloads import escape_pointer_token, json_type_name, shown_name

EVERY = "*"
"""The path segment that stands for every element of a list."""

MISSING: Any = object()
"""What ``reach`` holds for a field that is absent (or null)."""

_SEGMENT = re.compile(r"([^.\[\]*]+)((?:\[\*\])*)")  # a key, then any number of [*]
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]{1,253}")  # an element name shown as is (DNS names, env names)
_EXAMPLE = "like securityContext.runAsUser or ports[*].hostPort"


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A parsed path: its keys (``EVERY`` for a wildcard) and, per key, its pointer token and how
    names show it."""

    keys: tuple[str, ...]
    tokens: tuple[str, ...]  # "/key" (escaped) per key; "" for a wildcard (the index goes there)
    pieces: tuple[str, ...]  # "key", ".key", '["odd.key"]' or "[*]" per key
    last_wildcard: int  # the index of the last EVERY in keys, or -1

    @property
    def name(self) -> str:
        """How problems name the field: ``metadata.labels["app.kubernetes.io/name"]``, ``ports[*].hostPort``."""
        return "".join(self.pieces)


def field_path(keys: tuple[str, ...]) -> FieldPath:
    tokens = tuple("" if key == EVERY else "/" + escape_pointer_token(key) for key in keys)
    pieces = tuple(_piece(key, i == 0) for i, key in enumerate(keys))
    last = max((i for i, key in enumerate(keys) if key == EVERY), default=-1)
    return FieldPath(keys, tokens, pieces, last)


def _piece(key: str, first: bool) -> str:
    if key == EVERY:
        return "[*]"
    if key.replace("-", "").replace("_", "").replace("$", "").isalnum():
        return key if first else "." + key
    return f"[{orjson.dumps(key).decode()}]"


# --- parsing ----------------------------------------------------------------------------------------


def parse_field(raw: Any, file: str, where: str) -> FieldPath:
    """A condition's ``field``, validated (PolicyError naming ``where`` otherwise)."""
    if isinstance(raw, str):
        keys: list[str] = []
        for segment in raw.split("."):
            found = _SEGMENT.fullmatch(segment)
            if found is None:
                raise PolicyError(file, where, _dotted_problem(segment))
            keys.append(found[1])
            keys.extend([EVERY] * (len(found[2]) // 3))
        return field_path(tuple(keys))
    if isinstance(raw, list):
        if not raw:
            raise PolicyError(file, where, "must name at least one key")
        if not all(isinstance(k, str) and k for k in raw):
            raise PolicyError(
                file, where, 'must be a list of non-empty strings (keys, and "*" for every element of a list; no list indices)'
            )
        for key in raw:
            if key != EVERY and EVERY in key:
                raise PolicyError(file, where, _listed_star_problem(key))
        if raw[0] == EVERY:
            raise PolicyError(file, where, 'starts with "*": name the list first (like [ports, "*", hostPort])')
        return field_path(tuple(raw))
    raise PolicyError(file, where, "must be a dotted string or a list of keys")


def _dotted_problem(segment: str) -> str:
    if not segment:
        return f"must be a dotted path of non-empty keys ({_EXAMPLE})"
    if segment == EVERY:
        return "has * as a key: write [*] after a list to go through its elements (like ports[*].hostPort)"
    if segment.startswith("["):
        return f"has {segment!r} without a key before it: [*] follows the list it goes through (like ports[*])"
    if "[" in segment or "]" in segment:
        return (
            f"has {segment!r}: brackets hold only * (every element of a list; there are no list indices); "
            "a key holding brackets needs the list form"
        )
    return f"has {segment!r}: * is not a pattern; only [*] (every element of a list) uses it"


def _listed_star_problem(key: str) -> str:
    if key.endswith("[*]"):
        return f'has {key!r}: in the list form "*" is an item of its own (like [ports, "*", hostPort])'
    return f'has {key!r}: a key cannot hold *, which is not a pattern; only "*" alone (every element of a list) uses it'


# --- walking ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Reached:
    """A field a path reached in one object: its pointer (relative to the target), its name with
    the elements on the way, its value (MISSING if absent) and why it counts as absent, if not
    plainly. With ``not_a_list``, the walk stopped at a value that ``[*]`` cannot go through:
    ``pointer``, ``name`` and ``value`` are that value's, and ``rest`` names the path after it."""

    pointer: str
    name: str
    value: Any
    why: str = ""
    not_a_list: bool = False
    rest: str = ""


def reach(node: Any, path: FieldPath, out: list[Reached]) -> None:
    """Append to ``out`` every field ``path`` reaches from ``node``. An absent or null list has no
    elements (nothing is reached through it); a key under something that is not an object is
    absent, and says why; ``[*]`` over something else than a list is reached as ``not_a_list``.
    Linear in the size of ``node``: each element is visited at most once."""
    _walk(node, path, 0, "", "", out)


def _walk(value: Any, path: FieldPath, start: int, pointer: str, name: str, out: list[Reached]) -> None:
    keys = path.keys
    for i in range(start, len(keys)):
        key = keys[i]
        if key == EVERY:
            if value is MISSING:
                return  # an absent list: no elements
            if not isinstance(value, list):
                out.append(Reached(pointer, name, value, not_a_list=True, rest="".join(path.pieces[i:])))
                return
            for index, element in enumerate(value):
                label = element_label(element, index)
                element = MISSING if element is None else element
                _walk(element, path, i + 1, f"{pointer}/{index}", f"{name}[{label}]", out)
            return
        why = ""
        if value is not MISSING and not isinstance(value, dict):
            why = f"{name} is {json_type_name(value)}, not an object"
            value = MISSING
        elif value is not MISSING:
            value = value.get(key, MISSING)
            if value is None:  # null is absent, as for the API server
                value = MISSING
        if value is MISSING:
            if i < path.last_wildcard:
                return  # a list under it is absent: no elements
            out.append(Reached(pointer + "".join(path.tokens[i:]), name + "".join(path.pieces[i:]), MISSING, why))
            return
        pointer += path.tokens[i]
        name += path.pieces[i]
    out.append(Reached(pointer, name, value))


def element_label(element: Any, index: int) -> str:
    """How a name shows a list element: its ``name`` when plain (``DB_PASSWORD``) and not itself a
    credential (an env var named ``ghp_...``), else ``#index``."""
    if isinstance(element, dict):
        name = element.get("name")
        if isinstance(name, str) and _PLAIN_NAME.fullmatch(name) and shown_name(name) is not None:
            return name
    return f"#{index}"
