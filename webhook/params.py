"""Validation of check parameters, shared by policy files and the cluster configuration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webhook.checks.base import Param
from webhook.errors import PolicyError


def resolve_params(
    specs: Mapping[str, Param], given: Any, file: str, field: str, error: type[PolicyError] = PolicyError
) -> dict[str, Any]:
    """Defaults overlaid with ``given``, each value checked against its spec."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise error(file, field, f"must be a mapping, got {type(given).__name__}")
    unknown = sorted(set(given) - set(specs), key=str)  # keys may be numbers, booleans or null too
    if unknown:
        known = ", ".join(sorted(specs)) or "none"
        raise error(file, f"{field}.{unknown[0]}", f"unknown parameter (known: {known})")
    out = {name: spec.default for name, spec in specs.items()}
    for name, value in given.items():
        spec, where = specs[name], f"{field}.{name}"
        if isinstance(value, bool) and spec.types is not bool or not isinstance(value, spec.types):
            raise error(file, where, f"must be {_type_name(spec.types)}, got {type(value).__name__}")
        items = value if isinstance(value, list) else [value]
        if spec.item_type is not None and not all(isinstance(i, spec.item_type) for i in items):
            raise error(file, where, f"every item must be {spec.item_type.__name__}")
        if spec.choices and any(i not in spec.choices for i in items):
            raise error(file, where, f"must be one of {', '.join(map(str, spec.choices))}")
        low, high = spec.minimum, spec.maximum
        if isinstance(value, int) and (low is not None and value < low or high is not None and value > high):
            bounds = f"between {spec.minimum} and {spec.maximum}" if spec.maximum is not None else f">= {spec.minimum}"
            raise error(file, where, f"must be {bounds}, got {value}")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:  # JSON (orjson, Kubernetes) holds 64 bits
            raise error(file, where, "must be a 64-bit integer")
        problem = spec.validate(value) if spec.validate is not None else None
        if problem:
            raise error(file, where, problem)
        out[name] = value
    return out


def _type_name(types: type | tuple[type, ...]) -> str:
    if isinstance(types, tuple):
        return " or ".join(t.__name__ for t in types)
    return {"list": "a list", "str": "a string", "int": "an integer", "dict": "a mapping"}.get(
        types.__name__, types.__name__
    )
