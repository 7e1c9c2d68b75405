"""How go-yaml v2 (kubectl's YAML reader, through sigs.k8s.io/yaml) types a scalar.

Mirrors ``resolve()`` in gopkg.in/yaml.v2 and the Go ``strconv`` parsers it calls, so that
``railguard test`` sees the same value kubectl sends: ``0X10`` and ``0_x10`` are 16, ``08`` is
8.0 (not octal, so Go reads it as a float), ``+_1`` is 1, ``.5_0`` is 0.5, a decimal too large
for 64 bits is a float, one too large for a float stays text.
"""

from __future__ import annotations

import math
import re
import struct
from decimal import Decimal
from typing import Any, Final

BOOL: Final = "tag:yaml.org,2002:bool"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
NULL: Final = "tag:yaml.org,2002:null"
STR: Final = "tag:yaml.org,2002:str"
MERGE: Final = "tag:yaml.org,2002:merge"

_WORDS: Final[dict[str, tuple[str, Any]]] = {
    **{word: (BOOL, True) for word in ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{word: (BOOL, False) for word in ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{word: (NULL, None) for word in ("", "~", "null", "Null", "NULL")},
    **{word: (FLOAT, math.nan) for word in (".nan", ".NaN", ".NAN")},
    **{word: (FLOAT, math.inf) for word in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")},
    **{word: (FLOAT, -math.inf) for word in ("-.inf", "-.Inf", "-.INF")},
    "<<": (MERGE, "<<"),
}
NUMBER_STARTS: Final = frozenset("+-0123456789.")
"""First characters of a scalar go-yaml may read as a number (its resolve table's D, S and . hints)."""

_DIGITS_OF_BASE: Final = {2: re.compile(r"[01]+"), 8: re.compile(r"[0-7]*"), 10: re.compile(r"[0-9]+"), 16: re.compile(r"[0-9a-fA-F]+")}
_PREFIX_BASES: Final = {"b": 2, "o": 8, "x": 16}
_MAX_DIGITS: Final = {2: 64, 8: 22, 10: 20, 16: 16}
"""Digits of the largest uint64 in each base."""
_YAML_STYLE_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_GO_DECIMAL_FLOAT: Final = re.compile(r"[-+]?(?=[._]*[0-9])(?:[0-9_]*\.[0-9_]*|[0-9_]+)(?:[eE][-+]?[0-9][0-9_]*)?")
_INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
_UINT64_MAX: Final = 2**64 - 1


def resolve(text: str) -> tuple[str, Any]:
    """(tag, value) of a plain scalar, as go-yaml reads it. A timestamp stays text: go-yaml
    gives an untyped target (kubectl's case) the text back."""
    word = _WORDS.get(text)
    if word is not None:
        return word
    if not text or text[0] not in NUMBER_STARTS:
        return STR, text
    if text[0] == ".":
        number = _parse_float(text)
        return (STR, text) if number is None else (FLOAT, number)
    plain = text.replace("_", "")
    integer = _parse_int(plain)
    if integer is not None:
        return INT, integer
    if _YAML_STYLE_FLOAT.fullmatch(plain):
        number = _parse_float(plain)
        if number is not None:
            return FLOAT, number
    return STR, text


def _parse_uint(text: str) -> int | None:
    """Go's ``strconv.ParseUint(text, 0, 64)``: 0b, 0o, 0x (either case) or a leading 0 for octal."""
    base, digits = 10, text
    if text[:1] == "0":
        prefix = text[1:2].lower()
        if len(text) >= 3 and prefix in _PREFIX_BASES:
            base, digits = _PREFIX_BASES[prefix], text[2:]
        else:
            base, digits = 8, text[1:]
    if not _DIGITS_OF_BASE[base].fullmatch(digits) or len(digits.lstrip("0")) > _MAX_DIGITS[base]:
        return None  # (the length bound also keeps Python from converting 4,300 digits and more)
    value = int(digits, base) if digits else 0
    return value if value <= _UINT64_MAX else None


def _parse_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)``, then ``ParseUint`` for an unsigned beyond int64,
    as go-yaml tries them."""
    sign = text[:1] in ("+", "-")
    digits = text[1:] if sign else text
    magnitude = _parse_uint(digits) if digits else None
    if magnitude is None:
        return None
    value = -magnitude if text[0] == "-" else magnitude
    if _INT64_MIN <= value <= INT64_MAX or (not sign and value <= _UINT64_MAX):
        return value
    return None


def _parse_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)`` on decimal text (``_`` only between digits);
    None where Go fails, overflow to infinity included."""
    if not _GO_DECIMAL_FLOAT.fullmatch(text):
        return None
    if "_" in text and not _underscores_ok(text):
        return None
    value = float(text.replace("_", ""))
    return None if math.isinf(value) else value


def _underscores_ok(text: str) -> bool:
    """Go's ``underscoreOK``: every ``_`` between two digits."""
    saw = "^"
    for char in text[1:] if text[:1] in ("+", "-") else text:
        if char.isdigit():
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def as_sent(value: float) -> int | float:
    """A float value as the webhook receives it: Go's JSON writer gives an integral float below
    1e21 no fraction (``replicas: 3.0`` or ``runAsUser: 1e3`` arrive as 3 and 1000), which a JSON
    reader then takes for an integer when 64 bits hold it."""
    if value.is_integer() and abs(value) < 1e21:
        sent = int(Decimal(repr(value)))  # Go writes the shortest digits: 2**63 as 9223372036854776000
        if _INT64_MIN <= sent <= _UINT64_MAX:
            return sent
    return value


def json_key(key: Any) -> str:
    """A mapping key as sigs.k8s.io/yaml writes it in JSON (floats as Go's 32-bit shortest form).
    Raises ValueError for a key kubectl cannot convert (null, or an int beyond int64)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        if not _INT64_MIN <= key <= INT64_MAX:
            raise ValueError("a mapping key is an integer beyond 64 bits: kubectl cannot convert it")
        return str(key)
    if isinstance(key, float):
        return _float32_shortest(key)
    raise ValueError(f"a mapping key is {'null' if key is None else type(key).__name__}: kubectl cannot convert it")


def _float32_shortest(value: float) -> str:
    """``strconv.FormatFloat(value, 'g', -1, 32)``, with go-yaml's names for the specials."""
    if math.isnan(value):
        return ".nan"
    single = struct.unpack("f", struct.pack("f", value))[0] if abs(value) < 3.4028235677973366e38 else math.copysign(math.inf, value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    for significant in range(1, 10):
        text = f"{single:.{significant - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, exponent = text.split("e")
    power = int(exponent)
    if -4 <= power < 6:
        return _plain_decimal(mantissa, power)
    return f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"


def _plain_decimal(mantissa: str, power: int) -> str:
    negative = mantissa.startswith("-")
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    point = power + 1
    if point <= 0:
        text = "0." + "0" * -point + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return ("-" if negative else "") + text
