"""disallow-plaintext-secrets: credentials written in clear text in env, command, args, image or ConfigMaps.

Two independent signals:

* a *sensitive name* (``DB_PASSWORD``, ``apiKey``, ``--client-secret``) carrying a literal value:
  env names, flags, ``NAME=value`` in shell scripts, ConfigMap keys and the settings of config
  files in ConfigMaps (lines, JSON, XML, redis directives, fluent-bit and fluentd configs, PHP
  ``define()``, arrays and assignments, HAProxy and web server directives; ``.pgpass``, ``.netrc``,
  ``userlist.txt`` and ``msmtprc`` password files), plus
  options that take a password for one program only (``mysql -p...``, ``curl -u user:pass``),
  credentials in HTTP headers and request bodies (``curl -H``, ``-d``; httpGet probe headers) and
  literals on the standard input of programs that read a secret there (``echo ... | docker login
  --password-stdin``, ``chpasswd <<EOF``);
* a *credential-looking value* anywhere (``user:pass@host`` DSNs, connection strings, PEM private
  keys, AWS access key ids, JWTs and well-known token formats), whatever its name and whatever else
  it looks like.

References (``$(VAR)``, ``${VAR}``, ``$VAR``), file paths and secret-manager references are not
literal values; they exempt a value from the name-based signal only. A placeholder's literal default
(``${DB_PASSWORD:hunter2}``) is a literal value.

Messages name the variable, key or argument and the fix, and never contain the value.

The check's entry point (``check``, ``CHECK`` and its parameters) is here; the judgement is in
``names`` (sensitive names), ``values`` (credential patterns, references), ``env``, ``commands``
(command and args, shell scripts), ``headers`` (HTTP headers), ``config_files`` (config lines, and
through ``json_config``, ``xml_config``, ``directives``, ``mappings``, ``code_entries``,
``source_code``, ``continued_values``, ``setting_values`` and ``code_values`` the other formats),
``password_files`` and ``configmap``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.checks.secrets.commands import (
    FIX_ARG,
    FIX_EXEC,
    NO_COMMAND,
    container_argv_violations,
    container_command,
    probe_and_hook_actions,
    scripted_env_names,
)
from webhook.checks.secrets.configmap import FIX_CONFIGMAP, configmap_violations
from webhook.checks.secrets.env import FIX_ENV, FIX_ENV_NAME, FIX_ENV_SCRIPT, env_git_config, env_values_named, env_violations
from webhook.checks.secrets.headers import FIX_HTTP_HEADER, FIX_HTTP_QUERY, http_get_header_violations
from webhook.checks.secrets.names import Names, name_pattern_problem
from webhook.checks.secrets.shell_reader import Splits
from webhook.checks.secrets.values import credential_kind
from webhook.workloads import WORKLOAD_KINDS

FIX_IMAGE = (
    "take the credentials out of the image reference and give them to the kubelet in an imagePullSecret"
    " (a kubernetes.io/dockerconfigjson Secret)"
)

BRIEFS = {
    FIX_ARG: "read it from a Secret",
    FIX_EXEC: "read it from a Secret",
    FIX_CONFIGMAP: "move it into a Secret",
    FIX_ENV: "use valueFrom.secretKeyRef",
    FIX_ENV_NAME: "rename the env var",
    FIX_ENV_SCRIPT: "read it from a Secret",
    FIX_HTTP_HEADER: "use an endpoint needing no credential",
    FIX_HTTP_QUERY: "use an endpoint needing no credential",
    FIX_IMAGE: "use an imagePullSecret",
}
"""The fix of each finding in short, as warnings show it."""
_PLAIN_TEXT = " in plain text"  # the policy's name says it: warnings leave it out
_SENSITIVE_VALUE = " sets a sensitive value"  # 'env var "DB_PASSWORD" sets a sensitive value': the name says it


def shortened(violations: list[Violation]) -> list[Violation]:
    """``violations`` with the short forms a warning shows (``Violation.short``, ``brief``)."""
    for violation in violations:
        violation.short = violation.problem.replace(_PLAIN_TEXT, "", 1).replace(_SENSITIVE_VALUE, "", 1)
        violation.brief = BRIEFS.get(violation.fix, "")
    return violations


def _workload_violations(params: Params, subject: Subject) -> list[Violation]:
    """The plain-text secrets in every container's image reference, env, command and args, exec
    probes and hooks, and the headers of its httpGet probes and hooks."""
    out: list[Violation] = []
    names: Names | None = None  # built on the first container that has anything to judge
    for ref in subject.containers():
        container = ref.container
        image = container.get("image")
        if type(image) is str and "@" in image and (kind := credential_kind(image)):  # user:password@registry/...
            out.append(Violation(f"{ref.pointer}/image", f"image reference holds {kind} in plain text", FIX_IMAGE, ref.label, "image"))
        env = container.get("env")
        hooks, headers = probe_and_hook_actions(container)
        # read once: its env vars' judge and its own share it
        line = container_command(container) if container.get("command") or container.get("args") else NO_COMMAND
        splits: Splits | None = None  # the scripts split to find the env vars they run, for the line's judge
        git_config: dict[str, str] | None = None  # what its env gives git, for the line's judge
        if isinstance(env, list) and env:
            names = names or Names(params)
            scripts = None  # the env vars its shell runs as scripts
            if line is not NO_COMMAND or hooks:
                splits = {}
                valued = env_values_named(env)
                scripts = scripted_env_names(line, hooks, valued, splits)
                git_config = env_git_config(env, valued)
            env_violations(names, env, ref, out, scripts)
        if line is not NO_COMMAND or hooks:
            names = names or Names(params)
            out.extend(container_argv_violations(names, line, ref.pointer, ref.label, hooks, splits, git_config))
        if headers:
            names = names or Names(params)
            out.extend(http_get_header_violations(names, headers, ref.pointer, ref.label))
    return out


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.kind == "ConfigMap":
        return shortened(list(configmap_violations(Names(params), subject.obj)))
    if subject.pod is None:
        return []
    return shortened(_workload_violations(params, subject))


def _valid_patterns(ignore_case: bool) -> Callable[[Any], str | None]:
    """The validator of a list of name patterns: each must compile with RE2 (see ``names``), with
    the options it is matched with."""

    def validate(value: Any) -> str | None:
        for pattern in value:
            problem = name_pattern_problem(pattern, ignore_case)
            if problem:
                return problem
        return None

    return validate


CHECK = CheckDef(
    "plaintext-secrets",
    check,
    {
        "extraNames": Param(
            list, [], "more regular expressions (RE2 syntax) for sensitive names (case-insensitive search)",
            item_type=str, validate=_valid_patterns(ignore_case=True),
        ),
        "allowedNames": Param(
            list, [], "names (exact, or full-match regular expressions in RE2 syntax) never reported, whatever their value",
            item_type=str, validate=_valid_patterns(ignore_case=False),
        ),
    },
    judges_containers_of=WORKLOAD_KINDS,
    kinds=WORKLOAD_KINDS | {"ConfigMap"},  # the containers of a pod spec, and a ConfigMap's data
)
