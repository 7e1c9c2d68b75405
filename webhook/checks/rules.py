"""Declarative rules: a policy's ``rule:`` (conditions on fields) instead of a built-in ``check:``.

A rule is a list of conditions under ``require``; each condition names one field (relative to the
policy's target: the object, its pod spec, or each container) and one operator. Every condition not
met is one violation. ``parse_rule`` validates the rule when the policy is loaded and builds a
``CheckDef`` for it, so the engine runs it like a built-in check.

Values are never quoted back: a problem or fix names the field, and the constant or pattern the
policy's author wrote, never what the object holds (it may be a secret). A field path may go
through every element of a list (``ports[*].hostPort``, see ``rule_paths``): each element that fails
is its own violation.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any

import orjson

from webhook.checks.base import CheckDef, CheckFn, Params, Subject, Violation
from webhook.checks.rule_paths import MISSING, FieldPath, Reached, parse_field, reach
from webhook.checks.secrets.names import NamePattern, compile_name_pattern, name_pattern_problem
from webhook.errors import PolicyError
from webhook.workloads import CONTAINER_LISTS, WORKLOAD_KINDS, json_type_name

OPERATORS = ("present", "equals", "in", "notIn", "matches", "notMatches")
CONDITION_FIELDS = frozenset({"field", *OPERATORS, "problem", "fix"})
RULE_FIELDS = frozenset({"require", "containerLists"})
RULE_CHECK_NAME = "rule"
"""The name of every declarative rule's ``CheckDef`` (it is in no registry)."""

def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, bool, int, float))


def _same(value: Any, expected: Any) -> bool:
    """JSON equality of two scalars: a boolean equals only a boolean, a number any equal number."""
    if isinstance(expected, bool) or isinstance(value, bool):
        return isinstance(expected, bool) and isinstance(value, bool) and value is expected
    if isinstance(expected, str) or isinstance(value, str):
        return isinstance(expected, str) and isinstance(value, str) and value == expected
    return bool(value == expected)


def _constant(value: Any) -> str:
    """How a problem or fix shows a constant the policy's author wrote: as JSON (``"Always"``, ``true``)."""
    return orjson.dumps(value).decode()


@dataclass(frozen=True, slots=True)
class ElementFinding:
    """What a condition with wildcards reports about one field: its pointer (relative to the
    target), problem, fix and item."""

    pointer: str
    problem: str
    fix: str
    item: str


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a rule: a field (a path from the target), an operator and its operand."""

    path: FieldPath
    operator: str
    operand: Any  # bool (present), a scalar (equals), a tuple of scalars (in, notIn), the pattern text
    pattern: NamePattern | None
    problem: str | None  # the policy author's wording, if given
    given_fix: str | None  # likewise
    # appended to the item of a condition on the same field with the same operator as an earlier
    # one (`` (require[2])``): on UPDATE, an old finding of one does not cover a new one of the other
    tag: str = ""

    def judge(self, node: Any) -> list[ElementFinding]:
        """One finding per field the path reaches from ``node`` (the target) that fails the
        condition (one field for a path without wildcards), and one for a value that ``[*]`` cannot
        go through (not a list), whatever the operator. Never the value."""
        reached: list[Reached] = []
        reach(node, self.path, reached)
        out: list[ElementFinding] = []
        for field in reached:
            if field.not_a_list:
                problem = self._wrong_type(field.value, "a list", field.name)
                fix = self.given_fix or f"make {field.name} a list"
                out.append(ElementFinding(field.pointer, problem, fix, f"{field.name}{field.rest} {self.operator}{self.tag}"))
                continue
            verdict = self._verdict(field.value, field.name, field.why)
            if verdict is not None:
                fix = self.given_fix or _default_fix(self.operator, field.name, self.operand)
                out.append(ElementFinding(field.pointer, verdict, fix, f"{field.name} {self.operator}{self.tag}"))
        return out

    def _verdict(self, value: Any, name: str, why: str = "") -> str | None:
        operator = self.operator
        if value is MISSING:
            return self._absent(name, why)
        if operator == "present":
            if self.operand:
                return None
            return self.problem or f"sets {name}, which must not be set"
        if operator in ("matches", "notMatches"):
            if not isinstance(value, str):
                return self._wrong_type(value, "a string", name)
            assert self.pattern is not None
            found = self.pattern.search(value.encode("utf-8", "surrogatepass")) is not None
            if found == (operator == "matches"):
                return None
            if operator == "matches":
                return self.problem or f"has {name} not matching '{self.operand}'"
            return self.problem or f"has {name} matching '{self.operand}', which is not allowed"
        if not _is_scalar(value):
            return self._wrong_type(value, "a string, number or boolean", name)
        if operator == "equals":
            if _same(value, self.operand):
                return None
            return self.problem or f"has {name} other than {_constant(self.operand)}{self._type_note(value)}"
        found = False
        for allowed in self.operand:  # a loop: no generator per value
            if _same(value, allowed):
                found = True
                break
        if found == (operator == "in"):
            return None
        listed = ", ".join(map(_constant, self.operand))
        if operator == "in":
            return self.problem or f"has {name} other than {listed}"
        return self.problem or f"has {name} set to a forbidden value (forbidden: {listed})"

    def _absent(self, name: str, why: str = "") -> str | None:
        """The problem when the field is absent (``why`` says how, if not plainly absent), or None
        when the condition allows that."""
        operator = self.operator
        if operator in ("notIn", "notMatches") or operator == "present" and not self.operand:
            return None
        if self.problem:
            return f"{self.problem} ({why})" if why else self.problem
        notes = [why] if why else []
        if operator == "equals":
            notes.append(f"it must be {_constant(self.operand)}")
        elif operator == "in":
            notes.append(f"it must be one of {', '.join(map(_constant, self.operand))}")
        elif operator == "matches":
            notes.append(f"it must match '{self.operand}'")
        return f"has no {name} ({'; '.join(notes)})" if notes else f"has no {name}"

    def _wrong_type(self, value: Any, wanted: str, name: str) -> str:
        if self.problem:
            return f"{self.problem} ({name} is {json_type_name(value)}, not {wanted})"
        return f"has {name} set to {json_type_name(value)}, not {wanted}"

    def _type_note(self, value: Any) -> str:
        """For a scalar of another type than the constant (the string "true" for true)."""
        if isinstance(self.operand, bool) != isinstance(value, bool) or isinstance(self.operand, str) != isinstance(
            value, str
        ):
            return f" ({json_type_name(value)}, not {json_type_name(self.operand)})"
        return ""


def _default_fix(operator: str, name: str, operand: Any) -> str:
    if operator == "present":
        return f"set {name}" if operand else f"remove {name}"
    if operator == "equals":
        return f"set {name} to {_constant(operand)}"
    if operator in ("in", "notIn"):
        listed = ", ".join(map(_constant, operand))
        return f"set {name} to one of {listed}" if operator == "in" else f"set {name} to a value other than {listed}, or remove it"
    if operator == "matches":
        return f"set {name} to a string matching '{operand}'"
    return f"set {name} to a value not matching '{operand}', or remove it"


# --- loading --------------------------------------------------------------------------------------


def yaml_type_name(value: Any) -> str:
    """How a load error names the YAML type of an operand the policy's author wrote (never the
    value): the JSON types, and what YAML alone reads (an unquoted date, ``!!binary``, ``!!set``)."""
    if value is None:
        return "null"
    if isinstance(value, dt.datetime):
        return "a timestamp (quote it for a string)"
    if isinstance(value, dt.date):
        return "a date (quote it for a string)"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, (set, frozenset)):
        return "a set"
    return json_type_name(value)


def _scalar_operand(value: Any, file: str, where: str) -> Any:
    if not _is_scalar(value):
        raise PolicyError(file, where, f"must be a string, number or boolean, got {yaml_type_name(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise PolicyError(file, where, "must be a finite number")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:  # JSON (orjson, Kubernetes) holds 64 bits
        raise PolicyError(file, where, "must be a 64-bit integer")
    return value


def _text(raw: Any, file: str, where: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise PolicyError(file, where, "must be a non-empty string")
    text = raw.strip()
    return text[:-1].rstrip() if text.endswith(".") else text  # the message template adds its own period


def _condition(raw: Any, file: str, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise PolicyError(file, where, "must be a mapping with a field and one operator")
    unknown = sorted(set(raw) - CONDITION_FIELDS, key=str)
    if unknown:
        raise PolicyError(file, f"{where}.{unknown[0]}", f"unknown field (known: {', '.join(sorted(CONDITION_FIELDS))})")
    if "field" not in raw:
        raise PolicyError(file, f"{where}.field", "is required")
    path = parse_field(raw["field"], file, f"{where}.field")
    operators = [op for op in OPERATORS if op in raw]
    if len(operators) != 1:
        raise PolicyError(file, where, f"exactly one of {', '.join(OPERATORS)}")
    operator = operators[0]
    operand = raw[operator]
    at = f"{where}.{operator}"
    pattern: NamePattern | None = None
    if operator == "present":
        if not isinstance(operand, bool):
            raise PolicyError(file, at, "must be true or false")
    elif operator == "equals":
        operand = _scalar_operand(operand, file, at)
    elif operator in ("in", "notIn"):
        if not isinstance(operand, list) or not operand:
            raise PolicyError(file, at, "must be a non-empty list of strings, numbers or booleans")
        operand = tuple(_scalar_operand(v, file, f"{at}[{i}]") for i, v in enumerate(operand))
    else:
        if not isinstance(operand, str):
            raise PolicyError(file, at, f"must be a regular expression (a string), got {yaml_type_name(operand)}")
        problem = name_pattern_problem(operand, ignore_case=False)
        if problem:
            raise PolicyError(file, at, problem)
        pattern = compile_name_pattern(operand, ignore_case=False)
    given_fix = _text(raw.get("fix"), file, f"{where}.fix")
    problem_text = _text(raw.get("problem"), file, f"{where}.problem")
    return Condition(path, operator, operand, pattern, problem_text, given_fix)


def _container_lists(raw: Any, target: str, file: str) -> tuple[str, ...]:
    if raw is None:
        return CONTAINER_LISTS
    where = "rule.containerLists"
    if target != "Container":
        raise PolicyError(file, where, "only applies to target Container")
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise PolicyError(file, where, f"must be a non-empty list of {', '.join(CONTAINER_LISTS)}")
    for name in raw:
        if name not in CONTAINER_LISTS:
            raise PolicyError(file, where, f"{name!r} is not one of {', '.join(CONTAINER_LISTS)}")
    if len(set(raw)) != len(raw):
        raise PolicyError(file, where, "names a list twice")
    return tuple(raw)




def _tagged(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The conditions, each one on the same field with the same operator as an earlier one tagged
    with its place, so that their findings have items of their own."""
    seen: set[tuple[tuple[str, ...], str]] = set()
    out: list[Condition] = []
    for i, condition in enumerate(conditions):
        key = (condition.path.keys, condition.operator)
        out.append(replace(condition, tag=f" (require[{i}])") if key in seen else condition)
        seen.add(key)
    return tuple(out)


def parse_rule(raw: Any, target: str, file: str) -> CheckDef:
    """Validate a policy's ``rule:`` (raising PolicyError with the file and field) and build the
    check that applies it to ``target`` (Object, PodSpec or Container)."""
    if not isinstance(raw, dict):
        raise PolicyError(file, "rule", "must be a mapping with a require list")
    unknown = sorted(set(raw) - RULE_FIELDS, key=str)
    if unknown:
        raise PolicyError(file, f"rule.{unknown[0]}", f"unknown field (known: {', '.join(sorted(RULE_FIELDS))})")
    require = raw.get("require")
    if not isinstance(require, list) or not require:
        raise PolicyError(file, "rule.require", "must be a non-empty list of conditions")
    conditions = _tagged(tuple(_condition(c, file, f"rule.require[{i}]") for i, c in enumerate(require)))
    lists = _container_lists(raw.get("containerLists"), target, file)
    if target == "Object":
        return CheckDef(RULE_CHECK_NAME, _object_check(conditions))
    if target == "PodSpec":
        return CheckDef(RULE_CHECK_NAME, _pod_spec_check(conditions), judges_containers_of=WORKLOAD_KINDS)
    return CheckDef(RULE_CHECK_NAME, _container_check(conditions, lists), judges_containers_of=WORKLOAD_KINDS)


def _object_check(conditions: tuple[Condition, ...]) -> CheckFn:
    def check(subject: Subject, params: Params) -> list[Violation]:
        out: list[Violation] = []
        _judge_all(conditions, subject.obj, "", None, out)
        return out

    return check


def _pod_spec_check(conditions: tuple[Condition, ...]) -> CheckFn:
    def check(subject: Subject, params: Params) -> list[Violation]:
        pod = subject.pod
        if pod is None:
            return []
        out: list[Violation] = []
        _judge_all(conditions, pod.spec, pod.pointer, None, out)
        return out

    return check


def _container_check(conditions: tuple[Condition, ...], lists: tuple[str, ...]) -> CheckFn:
    def check(subject: Subject, params: Params) -> list[Violation]:
        out: list[Violation] = []
        for ref in subject.containers(lists):
            _judge_all(conditions, ref.container, ref.pointer, ref.label, out)
        return out

    return check


def _judge_all(conditions: tuple[Condition, ...], node: Any, prefix: str, label: str | None, out: list[Violation]) -> None:
    """Append the violations of ``conditions`` on ``node`` (the target at pointer ``prefix``)."""
    for condition in conditions:
        for found in condition.judge(node):
            out.append(Violation(prefix + found.pointer, found.problem, found.fix, label, found.item))
