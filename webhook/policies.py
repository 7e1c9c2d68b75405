"""Loading and validating the policy library (``policies/<id>/policy.yaml``).

A broken file stops the whole load with a ``PolicyError`` naming the file, the field and the
problem: the server then keeps serving its previous, good set.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from webhook.checks import CHECKS
from webhook.checks.base import CheckDef
from webhook.checks.rules import parse_rule
from webhook.errors import PolicyError
from webhook.files import link_problem
from webhook.params import resolve_params
from webhook.types import Action
from webhook.workloads import QUALIFIED_KINDS, WORKLOAD_KINDS, printable
from webhook.yamlsafe import load_file

ACTIONS: tuple[Action, ...] = ("deny", "warn", "audit")
SEVERITIES = ("low", "medium", "high", "critical")
TARGETS = ("Object", "PodSpec", "Container")
OPERATIONS = ("CREATE", "UPDATE")
MESSAGE_FIELDS = frozenset({"subject", "problem", "fix", "policy", "title"})
DEFAULT_MESSAGE = "{subject} {problem}. Fix: {fix}."
_ID = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")  # fullmatch: `$` would also take a final newline
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")  # a Kubernetes kind: an identifier (ASCII)
_SEMVER = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?")  # ASCII digits only (`\d` is any Unicode digit)
FIELDS = frozenset(
    "id version title description severity action target match check rule params message mutate".split()
)


@dataclass(frozen=True, slots=True)
class Match:
    kinds: frozenset[str]
    operations: frozenset[str]
    namespaces_include: tuple[str, ...]
    namespaces_exclude: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    id: str
    version: str
    title: str
    description: str
    severity: str
    action: Action
    target: str
    match: Match
    check: CheckDef
    params: Mapping[str, Any]
    message: str
    mutate: bool
    source: str

    def render(self, subject: str, problem: str, fix: str) -> str:
        if self.message == DEFAULT_MESSAGE:  # the common case, without the template machinery
            return f"{subject} {problem}. Fix: {fix}."
        return printable(self.message.format(subject=subject, problem=problem, fix=fix, policy=self.id, title=self.title).strip())


@dataclass(frozen=True)
class PolicySet:
    policies: tuple[Policy, ...]
    digest: str  # sha256 over the policy files' parsed content: which rules made a decision

    def __iter__(self) -> Iterator[Policy]:
        return iter(self.policies)

    def __len__(self) -> int:
        return len(self.policies)

    def get(self, policy_id: str) -> Policy | None:
        return next((p for p in self.policies if p.id == policy_id), None)


def _require(raw: Mapping[str, Any], key: str, kind: type, file: str) -> Any:
    if key not in raw:
        raise PolicyError(file, key, "is required")
    value = raw[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise PolicyError(file, key, f"must be a {kind.__name__}, got {type(value).__name__}")
    return value


def _text(raw: Mapping[str, Any], key: str, file: str, lines: bool) -> str:
    """``title`` (one line: ``policies list`` prints it in a table, SARIF gives it as a rule's short
    description, a message template may quote it) or ``description`` (line breaks allowed: a YAML
    literal block): not blank, and no control character (an escape sequence, a carriage return,
    a bidi control: they would reach terminals and reports as given)."""
    value: str = _require(raw, key, str, file)
    if not value.strip():
        raise PolicyError(file, key, "must not be empty: say what the policy requires" if key == "title" else "must not be empty: say why the policy exists")
    shown = value.replace("\n", "") if lines else value
    if not shown.isprintable():
        bad = next(c for c in shown if not c.isprintable())
        rule = "may hold line breaks but no other control character" if lines else "must be one line, without line breaks or control characters"
        raise PolicyError(file, key, f"{rule} (found {bad!r})")
    return value


def _string_list(value: Any, file: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(file, field, "must be a list of strings")
    return tuple(value)


def _parse_match(raw: Any, target: str, file: str) -> Match:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise PolicyError(file, "match", "must be a mapping")
    unknown = set(raw) - {"kinds", "operations", "namespaces"}
    if unknown:
        raise PolicyError(file, f"match.{sorted(unknown, key=str)[0]}", "unknown field (known: kinds, operations, namespaces)")
    default_kinds = sorted(WORKLOAD_KINDS) if target != "Object" else []
    kinds = _string_list(raw.get("kinds", default_kinds), file, "match.kinds")
    if not kinds:
        raise PolicyError(file, "match.kinds", "must name at least one kind")
    for kind in kinds:  # matched exactly: "*" or "" would never match, the policy silently off
        if not _KIND.fullmatch(kind) and kind not in QUALIFIED_KINDS:  # or a group-qualified one, as workloads knows it
            raise PolicyError(file, "match.kinds", f"{kind!r} is not a kind: kinds are names matched exactly, like Deployment (no patterns)")
    operations = _string_list(raw.get("operations", list(OPERATIONS)), file, "match.operations")
    if not operations:
        raise PolicyError(file, "match.operations", f"must name at least one operation ({', '.join(OPERATIONS)}; leave it out for both)")
    for op in operations:
        if op not in OPERATIONS:
            raise PolicyError(file, "match.operations", f"{op!r} is not one of {', '.join(OPERATIONS)}")
    namespaces = raw.get("namespaces", {})
    if not isinstance(namespaces, dict) or set(namespaces) - {"include", "exclude"}:
        raise PolicyError(file, "match.namespaces", "must be a mapping with include and/or exclude lists")
    include = _string_list(namespaces.get("include", ["*"]), file, "match.namespaces.include")
    if not include:
        raise PolicyError(file, "match.namespaces.include", 'must name at least one namespace pattern (["*"] for all; leave it out for all)')
    return Match(
        frozenset(kinds),
        frozenset(operations),
        include,
        _string_list(namespaces.get("exclude", []), file, "match.namespaces.exclude"),
    )


def _check_kinds(kinds: frozenset[str], check: CheckDef, target: str, rule: bool, file: str) -> None:
    """A policy on a kind its check cannot judge would never fire: a declarative PodSpec or
    Container rule on a kind without a pod spec; a built-in check on a kind it does not read
    (``kinds: [Banana]``, a ConfigMap for a pod-spec check, ``deployment`` for ``Deployment``:
    kinds are case-sensitive)."""
    accepted = (None if target == "Object" else WORKLOAD_KINDS) if rule else check.kinds
    unjudged = sorted(kinds - accepted) if accepted is not None else []
    if not unjudged:
        return
    listed = ", ".join(sorted(accepted or ()))
    if rule:
        problem = f"{unjudged[0]} has no pod spec: target {target} applies to {listed} (use target Object for other kinds)"
    else:
        problem = f"check {check.name} cannot judge kind {unjudged[0]!r}, so it would never apply (accepted: {listed})"
    raise PolicyError(file, "match.kinds", problem)


def _check_message(message: str, file: str) -> None:
    """Only plain placeholders: a conversion or format spec (``{subject!z}``, ``{subject:d}``,
    ``{subject:{x}}``, ``{subject:>99999999999}``) would fail or explode when a finding is rendered."""
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        raise PolicyError(file, "message", f"is not a valid template: {exc}") from None
    for name, spec, conversion in fields:
        if spec or conversion:
            raise PolicyError(
                file, "message", f"placeholder {{{name}}} must be plain, without a conversion (!) or a format spec (:)"
            )
    names = {name for name, _, _ in fields}
    unknown = names - MESSAGE_FIELDS
    if unknown:
        raise PolicyError(
            file, "message", f"unknown placeholder {{{sorted(unknown)[0]}}} (known: {', '.join(sorted(MESSAGE_FIELDS))})"
        )


def _parse_check(raw: Mapping[str, Any], target: str, file: str) -> CheckDef:
    """The policy's rule: a built-in ``check`` (with ``params``), or a declarative ``rule``."""
    if "rule" in raw:
        if "check" in raw:
            raise PolicyError(file, "rule", "give either check (a built-in check) or rule (a declarative rule), not both")
        if "params" in raw:
            raise PolicyError(file, "params", "only for a built-in check: a declarative rule takes no parameters")
        return parse_rule(raw["rule"], target, file)
    if "check" not in raw:
        raise PolicyError(file, "check", "is required: name a built-in check, or give a declarative rule")
    check_name = _require(raw, "check", str, file)
    check = CHECKS.get(check_name)
    if check is None:
        raise PolicyError(file, "check", f"unknown check {check_name!r} (known: {', '.join(sorted(CHECKS))})")
    return check


def parse_policy(raw: Any, file: str) -> Policy:
    """Build a Policy from a parsed policy.yaml, or raise PolicyError."""
    if not isinstance(raw, dict):
        raise PolicyError(file, "", "must be a YAML mapping")
    unknown = sorted(set(raw) - FIELDS, key=str)  # keys may be numbers, booleans or null too
    if unknown:
        raise PolicyError(file, str(unknown[0]), f"unknown field (known: {', '.join(sorted(FIELDS))})")
    policy_id = _require(raw, "id", str, file)
    if not _ID.fullmatch(policy_id):
        raise PolicyError(file, "id", "must be lower-case letters, digits and dashes (a DNS label)")
    version = str(_require(raw, "version", str, file))
    if not _SEMVER.fullmatch(version):
        raise PolicyError(file, "version", f"must be a semantic version like 1.0.0, got {version!r}")
    severity = _require(raw, "severity", str, file)
    if severity not in SEVERITIES:
        raise PolicyError(file, "severity", f"must be one of {', '.join(SEVERITIES)}")
    action = _require(raw, "action", str, file)
    if action not in ACTIONS:
        raise PolicyError(file, "action", f"must be one of {', '.join(ACTIONS)}")
    target = _require(raw, "target", str, file)
    if target not in TARGETS:
        raise PolicyError(file, "target", f"must be one of {', '.join(TARGETS)}")
    check = _parse_check(raw, target, file)
    message = raw.get("message", DEFAULT_MESSAGE)
    if not isinstance(message, str):
        raise PolicyError(file, "message", "must be a string")
    _check_message(message, file)
    mutate = raw.get("mutate", False)
    if not isinstance(mutate, bool):
        raise PolicyError(file, "mutate", "must be true or false")
    if mutate and check.mutate is None:
        what = "a declarative rule" if "rule" in raw else f"check {raw['check']!r}"
        raise PolicyError(file, "mutate", f"{what} has no mutation")
    match = _parse_match(raw.get("match"), target, file)
    _check_kinds(match.kinds, check, target, "rule" in raw, file)
    return Policy(
        id=policy_id,
        version=version,
        title=_text(raw, "title", file, lines=False),
        description=_text(raw, "description", file, lines=True),
        severity=severity,
        action=action,
        target=target,
        match=match,
        check=check,
        params=resolve_params(check.params, raw.get("params"), file, "params"),
        message=message,
        mutate=mutate,
        source=file,
    )


def policy_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*/policy.yaml"))


# match: policy.yml, Policy.YAML, policy.yaml.bak, policy.json...
_LOOKALIKE = re.compile(r"policy\.(ya?ml|json)", re.IGNORECASE)


def misplaced_policy_file(entry: Path) -> str | None:
    """Why ``entry`` (a file directly in a policy directory) looks like a policy that would be
    silently skipped, or None for an unrelated file (a README.md, a kustomization.yaml)."""
    if not _LOOKALIKE.match(entry.name):
        return None
    return (
        "a policy file directly in the policy directory is not loaded: each policy is loaded from "
        "<id>/policy.yaml only (move it to a folder named after the policy id, as policy.yaml)"
    )


def broken_link(entry: Path) -> str | None:
    """Why ``entry`` (an entry of a policy directory) is a symbolic link that loops or leads
    nowhere, or None. Such a link is seen neither as a folder nor as a file: a policy folder behind
    it would vanish from the library without a word, so it is an error whatever its name (what it
    led to cannot be known). Hidden entries are left alone (a ConfigMap volume's ``..data``)."""
    if entry.name.startswith(".") or not entry.is_symlink() or entry.exists():
        return None
    return f"cannot read: {link_problem(entry)}; a policy folder behind it is not loaded (fix the link or remove it)"


def misnamed_policy_folder(folder: Path) -> str | None:
    """Why ``folder`` (a subfolder of a policy directory without a ``policy.yaml``) looks like a
    policy folder that would be silently skipped, or None for an unrelated folder (a README folder,
    the ``..data`` and ``..<timestamp>`` folders of a Kubernetes ConfigMap volume, ``.git``)."""
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:  # unreadable (lost+found on a volume's root): not ours to judge, as before
        return None
    lookalikes = [name for name in names if _LOOKALIKE.match(name)]
    if lookalikes:
        found = ", ".join(lookalikes[:3]) + (", ..." if len(lookalikes) > 3 else "")
        return (
            f"has {found} but no policy.yaml: only a file named exactly policy.yaml is loaded "
            "(rename it, or move the folder out of the policy directory)"
        )
    if "cases" in names:
        return (
            "has cases/ but no policy.yaml: a policy folder holds its policy in policy.yaml "
            "(add it, or move the folder out of the policy directory)"
        )
    return None


def load_policies(directory: str | Path, *more: str | Path) -> PolicySet:
    """Load every ``<dir>/<id>/policy.yaml`` of each directory; the folder name must equal the
    policy id. Several directories make one library, their union: a policy id defined in two of
    them is an error naming both files (no silent override)."""
    directories = [Path(d) for d in (directory, *more)]
    loaded: dict[str, tuple[Policy, Any]] = {}
    seen: set[Path] = set()
    for folder in directories:
        try:
            resolved = folder.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
            raise PolicyError(str(folder), "", f"cannot read: {link_problem(folder)}") from None
        if resolved in seen:
            raise PolicyError(str(folder), "", "policy directory given more than once")
        seen.add(resolved)
        for policy, raw in _load_directory(folder):
            if policy.id in loaded:
                other = loaded[policy.id][0].source
                raise PolicyError(policy.source, "id", f"policy {policy.id!r} is also defined in {other}")
            loaded[policy.id] = (policy, raw)
    digest = hashlib.sha256()  # in id order: one directory digests as it always did, and order does not matter
    for policy_id in sorted(loaded):
        digest.update(orjson.dumps(loaded[policy_id][1], option=orjson.OPT_SORT_KEYS, default=str))
    return PolicySet(tuple(loaded[i][0] for i in sorted(loaded)), "sha256:" + digest.hexdigest())


def _load_directory(directory: Path) -> Iterator[tuple[Policy, Any]]:
    """Each policy of one directory with its parsed file (what the digest covers)."""
    try:  # is_dir() and exists() raise for a name too long or a parent the server may not search
        is_dir = directory.is_dir()
        exists = is_dir or directory.exists()
    except OSError as exc:
        raise PolicyError(str(directory), "", f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if not is_dir:
        if not exists and directory.is_symlink():  # a loop, or a link to nothing: said which
            raise PolicyError(str(directory), "", f"cannot read: {link_problem(directory)}")
        raise PolicyError(str(directory), "", "is not a directory" if exists else "policy directory does not exist")
    files = policy_files(directory)
    with_policy = {path.parent for path in files}
    try:
        entries = sorted(directory.iterdir())
        subfolders = [child for child in entries if child not in with_policy and child.is_dir()]
        top_files = [child for child in entries if not child.is_dir()]
    except OSError as exc:
        raise PolicyError(str(directory), "", f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if not files and directory / "policy.yaml" in top_files:  # a policy folder given as the directory
        raise PolicyError(
            str(directory), "", f"no */policy.yaml found: this is a policy folder; give the directory that holds it ({directory.parent})"
        )
    for entry in top_files:
        broken = broken_link(entry)
        if broken is not None:
            raise PolicyError(str(entry), "", broken)
        misplaced = misplaced_policy_file(entry)
        if misplaced is not None:
            raise PolicyError(str(entry), "", misplaced)
    for folder in subfolders:
        if (folder / "policy.yaml").is_symlink():  # the glob skips a link that leads nowhere
            raise PolicyError(str(folder / "policy.yaml"), "", f"cannot read: {link_problem(folder / 'policy.yaml')}")
        lookalike = misnamed_policy_folder(folder)
        if lookalike is not None:
            raise PolicyError(str(folder), "", lookalike)
    if not files:
        raise PolicyError(str(directory), "", "no */policy.yaml found")
    for path in files:
        file = str(path)
        try:
            raw = load_file(path)
        except ValueError as exc:
            raise PolicyError(file, "", str(exc)) from None
        policy = parse_policy(raw, file)
        if policy.id != path.parent.name:
            raise PolicyError(file, "id", f"{policy.id!r} must match its folder name {path.parent.name!r}")
        yield policy, raw
