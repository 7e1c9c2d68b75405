"""Configuration: the cluster configuration file (platform team's overrides and exemptions) and
the process settings (paths, TLS, audit), both frozen.

Cluster configuration file (YAML)::

    actions:                      # override a policy's action: deny | warn | audit | off
      require-probes: warn
    parameters:                   # override a policy's check parameters
      disallow-plaintext-secrets: {allowedNames: [TOKEN_AUDIENCE]}
    exemptions:
      - policies: [require-probes]          # or ["*"]
        namespaces: [legacy-*]              # glob patterns; all given criteria must match
        names: [batch-*]
        selector: {matchLabels: {team: data}}
        reason: "legacy batch system, migration tracked in JIRA-123"
        expires: 2027-01-31                 # an expired exemption no longer applies
      - policies: [require-probes]
        containers: [istio-proxy]           # only these containers (name and image globs) are exempt
        images: ["docker.io/istio/proxyv2:*"]
        reason: "the injected mesh proxy has no liveness probe (Istio's choice)"
        expires: 2027-06-30
    allowAnnotationExemptions: false        # honour railguard.io/exempt on workloads?
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from webhook.errors import ConfigError
from webhook.params import resolve_params
from webhook.policies import PolicySet
from webhook.yamlsafe import load_file

CONFIG_FIELDS = frozenset({"apiVersion", "kind", "actions", "parameters", "exemptions", "allowAnnotationExemptions"})
EXEMPTION_FIELDS = frozenset({"policies", "namespaces", "names", "selector", "containers", "images", "reason", "expires"})
CONFIG_ACTIONS = ("deny", "warn", "audit", "off")
EXEMPT_ANNOTATION = "railguard.io/exempt"


@dataclass(frozen=True, slots=True)
class Exemption:
    index: int
    policies: tuple[str, ...]
    namespaces: tuple[str, ...]
    names: tuple[str, ...]
    match_labels: Mapping[str, str]
    reason: str
    expires: dt.date
    containers: tuple[str, ...] = ()  # globs on container names: the exemption covers those containers only
    images: tuple[str, ...] = ()  # globs on container images: likewise

    @property
    def per_container(self) -> bool:
        """Whether it exempts some containers of the objects it covers, not the whole object."""
        return bool(self.containers or self.images)

    def covers(self, policy_id: str, namespace: str, name: str, labels: Mapping[str, Any]) -> bool:
        """Whether the policy and the object-level criteria match (the container criteria aside)."""
        return (
            any(p == "*" or p == policy_id for p in self.policies)
            and (not self.namespaces or any(fnmatchcase(namespace, g) for g in self.namespaces))
            and (not self.names or any(fnmatchcase(name, g) for g in self.names))
            and all(labels.get(k) == v for k, v in self.match_labels.items())
        )

    def covers_container(self, container: Mapping[str, Any], default_name: str = "") -> bool:
        """Whether the container's name and image match. An unnamed container goes by the name its
        owner's controller gives it, ``default_name`` (Knative's ``user-container``): messages name it
        so, and so does the Deployment the controller makes."""
        name, image = container.get("name"), container.get("image")
        if default_name and not (isinstance(name, str) and name):
            name = default_name
        return (not self.containers or (isinstance(name, str) and any(fnmatchcase(name, g) for g in self.containers))) and (
            not self.images or (isinstance(image, str) and any(fnmatchcase(image, g) for g in self.images))
        )

    def describe(self) -> str:
        return f"exemption #{self.index} ({self.reason})"


@dataclass(frozen=True)
class ClusterConfig:
    actions: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    exemptions: tuple[Exemption, ...] = ()
    allow_annotation_exemptions: bool = False
    source: str = "<defaults>"

    @cached_property
    def container_exemptions(self) -> tuple[Exemption, ...]:
        """The exemptions that cover some containers only (``containers``/``images`` given)."""
        return tuple(e for e in self.exemptions if e.per_container)


def _strings(value: Any, file: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(file, where, "must be a list of non-empty strings")
    return tuple(value)


def _parse_exemption(index: int, raw: Any, file: str, known: set[str]) -> Exemption:
    where = f"exemptions[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(file, where, "must be a mapping")
    unknown = sorted(set(raw) - EXEMPTION_FIELDS, key=str)  # keys may be numbers, booleans or null too
    if unknown:
        raise ConfigError(file, f"{where}.{unknown[0]}", f"unknown field (known: {', '.join(sorted(EXEMPTION_FIELDS))})")
    for required in ("policies", "reason", "expires"):
        if required not in raw:
            raise ConfigError(file, f"{where}.{required}", "is required (every exemption states why and until when)")
    policies = _strings(raw["policies"], file, f"{where}.policies")
    for policy_id in policies:
        if policy_id != "*" and policy_id not in known:
            raise ConfigError(file, f"{where}.policies", f"unknown policy {policy_id!r}")
    reason = raw["reason"]
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(file, f"{where}.reason", "must be a non-empty string")
    expires = raw["expires"]
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires)
        except ValueError:
            raise ConfigError(file, f"{where}.expires", "must be a date like 2027-01-31") from None
    if isinstance(expires, dt.datetime):
        expires = expires.date()
    if not isinstance(expires, dt.date):
        raise ConfigError(file, f"{where}.expires", "must be a date like 2027-01-31")
    selector = raw.get("selector", {})
    labels = selector.get("matchLabels", {}) if isinstance(selector, dict) else None
    if not isinstance(labels, dict) or set(selector) - {"matchLabels"}:
        raise ConfigError(file, f"{where}.selector", "must be {matchLabels: {key: value}}")
    namespaces = _strings(raw.get("namespaces", []), file, f"{where}.namespaces") if "namespaces" in raw else ()
    names = _strings(raw.get("names", []), file, f"{where}.names") if "names" in raw else ()
    containers = _strings(raw.get("containers"), file, f"{where}.containers") if "containers" in raw else ()
    images = _strings(raw.get("images"), file, f"{where}.images") if "images" in raw else ()
    if not (namespaces or names or labels or containers or images):
        raise ConfigError(file, where, "must narrow the exemption with namespaces, names, selector, containers or images")
    for key, value in labels.items():  # str() made true "True" and null "None": never equal to a label
        if not isinstance(key, str) or not isinstance(value, str):
            shown = value if isinstance(key, str) else key
            raise ConfigError(
                file, f"{where}.selector.matchLabels",
                f"label keys and values must be strings, got {type(shown).__name__} (quote it: \"true\", \"1\")",
            )
    match_labels = dict(labels)
    return Exemption(index, policies, namespaces, names, match_labels, reason, expires, containers, images)


def parse_cluster_config(raw: Any, policies: PolicySet, file: str) -> ClusterConfig:
    """Validate a parsed cluster configuration against the policy set it will be used with."""
    if raw is None:
        return ClusterConfig(source=file)
    if not isinstance(raw, dict):
        raise ConfigError(file, "", "must be a YAML mapping")
    unknown = sorted(set(raw) - CONFIG_FIELDS, key=str)
    if unknown:
        raise ConfigError(file, str(unknown[0]), f"unknown field (known: {', '.join(sorted(CONFIG_FIELDS))})")
    known = {p.id for p in policies}
    actions = raw.get("actions") or {}
    if not isinstance(actions, dict):
        raise ConfigError(file, "actions", "must be a mapping of policy id to action")
    for policy_id, action in actions.items():
        if policy_id not in known:
            raise ConfigError(file, f"actions.{policy_id}", "unknown policy")
        if action not in CONFIG_ACTIONS:
            hint = ' (YAML reads a bare off as false: write "off")' if action is False else ""
            raise ConfigError(file, f"actions.{policy_id}", f"must be one of {', '.join(CONFIG_ACTIONS)}{hint}")
    parameters: dict[str, Mapping[str, Any]] = {}
    raw_params = raw.get("parameters") or {}
    if not isinstance(raw_params, dict):
        raise ConfigError(file, "parameters", "must be a mapping of policy id to parameters")
    for policy_id, given in raw_params.items():
        policy = policies.get(str(policy_id))
        if policy is None:
            raise ConfigError(file, f"parameters.{policy_id}", "unknown policy")
        merged = {**policy.params, **(given if isinstance(given, dict) else {})}
        parameters[policy.id] = resolve_params(
            policy.check.params, merged if isinstance(given, dict) else given, file, f"parameters.{policy_id}", ConfigError
        )
    exemptions = raw.get("exemptions") or []
    if not isinstance(exemptions, list):
        raise ConfigError(file, "exemptions", "must be a list")
    allow = raw.get("allowAnnotationExemptions", False)
    if not isinstance(allow, bool):
        raise ConfigError(file, "allowAnnotationExemptions", "must be true or false")
    return ClusterConfig(
        actions=dict(actions),
        parameters=parameters,
        exemptions=tuple(_parse_exemption(i, e, file, known) for i, e in enumerate(exemptions)),
        allow_annotation_exemptions=allow,
        source=file,
    )


def load_cluster_config(path: str | Path | None, policies: PolicySet) -> ClusterConfig:
    if path is None:
        return ClusterConfig()
    file = str(path)
    try:
        raw = load_file(path)
    except ValueError as exc:
        raise ConfigError(file, "", str(exc)) from None
    return parse_cluster_config(raw, policies, file)


def default_policy_dir() -> Path:
    """The bundled library: ``policies/`` of a source checkout, or the copy inside the wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "policies", package / "bundled_policies"):
        if candidate.is_dir():
            return candidate
    return package.parent / "policies"


BUNDLED = "bundled"  # as a policy directory: the bundled library (``./bundled`` is a folder of that name)


def policy_dir(value: str) -> Path:
    """A policy directory as given to ``--policies`` or in ``RAILGUARD_POLICY_DIR``."""
    return default_policy_dir() if value == BUNDLED else Path(value)


def parse_policy_dirs(value: str, variable: str = "RAILGUARD_POLICY_DIR") -> tuple[Path, ...]:
    """Directories separated by ``os.pathsep`` (``:``, or ``;`` on Windows), like ``PATH``."""
    parts = value.split(os.pathsep)
    if not all(parts):
        raise ConfigError("environment", variable, f"has an empty directory (separate directories with {os.pathsep!r})")
    return tuple(policy_dir(part) for part in parts)


@dataclass(frozen=True)
class Settings:
    """Process settings for ``railguard serve`` (and the CLI's audit commands).

    Every field can be set by flag or by a ``RAILGUARD_<FIELD>`` environment variable
    (``policy_dirs``: ``RAILGUARD_POLICY_DIR``, see ``env_variable``).
    """

    policy_dirs: tuple[Path, ...] = field(default_factory=lambda: (default_policy_dir(),))
    config_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8443
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None
    max_body_bytes: int = 3 * 1024 * 1024  # kube-apiserver objects are limited to ~1.5 MiB in etcd
    audit_url: str = "sqlite:railguard-audit.db"
    audit_durability: str = "durable"  # durable | batch
    audit_failure: str = "deny"  # deny | allow
    audit_writer_process: bool = True  # records are hashed and stored by a separate writer process
    # the SQLite store is unready (/readyz 503) while its database's file system has less free
    # space than this, in bytes (0: not checked); see webhook.audit.sqlite.MIN_FREE_BYTES
    audit_min_free_bytes: int = 16 << 20
    # a file of at least 32 bytes: user names and uids that are credentials are recorded as
    # <hidden k:...>, an HMAC under it, rather than an unkeyed digest (webhook.workloads.hidden_user)
    audit_hide_key: Path | None = None
    reload_interval: float = 2.0
    # seconds between SIGTERM and the stop: /readyz answers 503, every answer closes its connection
    drain_seconds: float = 5.0
    dev: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then RAILGUARD_* variables, then explicit (non-None) overrides. A variable
        whose setting is overridden is not read at all: a flag given for it starts the server even
        when the variable holds a value that would be refused (``RAILGUARD_PORT=abc`` with
        ``--port 9443``), as kubectl's and Helm's flags override their variables."""
        base = cls()
        read = variables_read({name: overrides.get(name) for name in base.__dict__}, environ)
        values: dict[str, Any] = {}
        for name, current in base.__dict__.items():
            variable = env_variable(name)
            if variable in read:
                values[name] = _coerce(variable, read[variable], type(current) if current is not None else Path)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)


def variables_read(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``RAILGUARD_*`` variables set in ``environ`` for the ``Settings`` fields named in
    ``flags`` (field name -> the flag's value, None when not given), leaving out each variable
    whose flag is given: a flag overrides its variable, which is then not read at all. A command
    that takes a few settings (``railguard test``, the audit commands) passes this to ``from_env``,
    so it reads those variables the way ``serve`` does, and no other (a value only ``serve``
    refuses does not stop it)."""
    environ = os.environ if environ is None else environ
    variables = ((env_variable(name), flag) for name, flag in flags.items())
    return {variable: environ[variable] for variable, flag in variables if flag is None and variable in environ}


def env_variable(name: str) -> str:
    """The environment variable of a ``Settings`` field (the policy directories keep the name
    ``RAILGUARD_POLICY_DIR`` they had when there was only one)."""
    return "RAILGUARD_POLICY_DIR" if name == "policy_dirs" else "RAILGUARD_" + name.upper()


def _coerce(variable: str, raw: str, kind: type) -> Any:
    if not raw.strip():  # a template that rendered nothing: refused, rather than read as "." or as a default
        raise ConfigError("environment", variable, "is set but empty (unset it to use the default)")
    try:
        if kind is tuple:
            return parse_policy_dirs(raw, variable)
        if kind is bool:
            if raw.lower() not in {"1", "true", "yes", "0", "false", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if kind in (int, float):
            return kind(raw)
        if kind is str:
            return raw
        return Path(raw)
    except ValueError:
        expected = {bool: "true or false (also 1/0, yes/no)", int: "a whole number", float: "a number"}.get(kind, "valid")
        raise ConfigError("environment", variable, f"is not {expected}") from None  # the value is not echoed
