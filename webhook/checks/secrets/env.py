"""Env vars: the plain-text secrets in a container's ``env`` values (``valueFrom`` is never judged).
A value is reported when it looks like a credential, when its name is sensitive and it is a
literal, when it is a JSON document with a sensitive setting (``SPRING_APPLICATION_JSON``), when it
is an option string with a sensitive option (``JAVA_OPTS: -Dx.password=...``), a header list
(``OTEL_EXPORTER_OTLP_HEADERS``) or a config file on several lines (``GITLAB_OMNIBUS_CONFIG``), read
like a ConfigMap's. Clean (name, value) pairs are remembered, since manifests repeat them a lot;
flagged ones never are."""

from __future__ import annotations

from typing import Any

from webhook.checks.base import Violation, counted
from webhook.checks.secrets.commands import option_string_flag, script_text_violations
from webhook.checks.secrets.code_entries import one_line_pipeline_settings
from webhook.checks.secrets.config_files import config_settings, may_hold_settings
from webhook.checks.secrets.configmap import credential_lines
from webhook.checks.secrets.headers import header_list_settings
from webhook.checks.secrets.json_config import JSON_STARTS, ORTHANC_ENV_PARENTS, json_settings
from webhook.checks.secrets.names import Names, is_allowed, name_is_sensitive, token_runs_hidden
from webhook.checks.secrets.programs import git_config_env_problems, git_config_set_before
from webhook.checks.secrets.setting_values import (
    env_auth_pair,
    inline_token_secret_key,
    names_no_secret_in_a_value,
)
from webhook.checks.secrets.values import (
    CONNECTION_KINDS,
    credential_kind,
    credential_kinds,
    hidden_identity,
    is_lone_password_setting,
    jaas_entries,
    names_something_else,
    password_setting_kind,
    scalar_text,
)
from webhook.workloads import ContainerRef, name_credential

FIX_ENV = "move the value into a Secret and reference it with valueFrom.secretKeyRef"
FIX_ENV_SCRIPT = (
    'read it from a Secret in the script instead (an env var with valueFrom.secretKeyRef, used as "$VAR", or a mounted file)'
)
FIX_ENV_NAME = "rename the env var (names are shown by kubectl describe and in logs) and keep the credential in a Secret"

_CACHED_VALUE_LENGTH = 256
"""Env values up to this length, under names up to this length, are judged once per (name, value):
manifests repeat them a lot. A longer name (the relaxed env var names of Kubernetes 1.32 take any
text) is judged each time, not remembered for the life of the process."""


_HIDDEN_NAME = "env var name is itself"


def _hidden_name(kind: str) -> str:
    return f"{_HIDDEN_NAME} {kind} (not shown)"


EnvProblem = tuple[str, tuple[str, ...]]
"""What is wrong with an env var, and the parts of its finding (``Violation.parts``)."""

SETTINGS_NAMED = 3
"""Settings named in the message of an env var holding a config file with several secrets."""
SETTINGS_COMPARED = 1000
"""Settings of such a variable compared on UPDATE (by name, never value): past them, more only warn."""


def _settings_problem(name: str, settings: list[tuple[int, str]]) -> EnvProblem:
    """An env var holding a config file (JSON, lines) with secrets in ``settings`` (line, name):
    one finding naming the first few, whose parts are all of them, so that on UPDATE a setting
    added, or set twice, is new."""
    if len(settings) == 1:  # the usual case, said as before
        number, setting = settings[0]
        problem = f'env var "{name}" sets "{setting}" in plain text' + (f" (line {number})" if number else "")
    else:
        shown = [f'"{setting}"' + (f" (line {number})" if number else "") for number, setting in settings[:SETTINGS_NAMED]]
        problem = f'env var "{name}" sets {_first_few(shown, len(settings))} in plain text'
    return problem, counted((setting for _, setting in settings), SETTINGS_COMPARED)


def _first_few(shown: list[str], total: int) -> str:
    """The first ``SETTINGS_NAMED`` of ``shown`` (of ``total``), and how many more there are."""
    more = total - SETTINGS_NAMED
    return ", ".join(shown[:SETTINGS_NAMED]) + (f" and {more} more" if more > 0 else "")


def _credentials_problem(name: str, kind: str, text: str, settings_apart: bool = True) -> EnvProblem:
    """An env var whose value holds credentials (``kind``: the first found): one finding, whose
    parts are each credential by what it is and its rank among those of its kind (``a URL with a
    password ... (2)``), so that on UPDATE a second one added is new. ``settings_apart``: as for
    ``credential_kinds``."""
    kinds = credential_kinds(text, SETTINGS_COMPARED, settings_apart) or [kind]
    # a JAAS entry is known by the options that set a password in it too: one added is new
    options = [f"JAAS {option}" for _, _, each in jaas_entries(text) for option in each] if "LoginModule" in text else []
    if len(kinds) == 1:
        return f'env var "{name}" holds {kinds[0]} in plain text', (kinds[0], *counted(options, SETTINGS_COMPARED))
    times: dict[str, int] = {}
    for each in kinds:
        times[each] = times.get(each, 0) + 1
    shown = "; ".join(each + (f" (x{count})" if count > 1 else "") for each, count in times.items())
    more = "or more " if len(kinds) >= SETTINGS_COMPARED else ""
    return f'env var "{name}" holds {len(kinds)} {more}credentials in plain text: {shown}', counted(kinds, SETTINGS_COMPARED) + counted(options, SETTINGS_COMPARED)


def _settings_in(names: Names, text: str) -> list[tuple[int, str]]:
    """The (line, name) of each sensitive setting of a value written as a config file on several
    lines (``config_settings``); for a value of one line, those of a Logstash pipeline written on it
    (``one_line_pipeline_settings``, line 0), none for any other."""
    if "\n" not in text.strip():
        return [(0, setting) for setting in one_line_pipeline_settings(names, text)]  # Logstash's: input { ... } output { ... }
    return config_settings(names, text) if may_hold_settings(text) else []


def _settings_beside(names: Names, text: str) -> list[tuple[int, str]]:
    """The (line, name) of the settings of a value of several lines that holds credentials, on lines
    that hold none, as in a ConfigMap entry: none when no line holds one alone (the credential is
    the whole value's)."""
    if not (settings := _settings_in(names, text)):
        return []
    held = credential_lines(text, {number for number, _ in settings})
    return [(number, setting) for number, setting in settings if number not in held] if held else []


def _with_settings(problem: EnvProblem, settings: list[tuple[int, str]]) -> EnvProblem:
    """A credentials ``problem`` that also names the ``settings`` (line, name) beside them: the parts
    are both, so that on UPDATE a setting added is new too."""
    if not settings:
        return problem
    text, parts = problem
    shown = [f'"{setting}" (line {number})' for number, setting in settings[:SETTINGS_NAMED]]
    return f"{text}, and sets {_first_few(shown, len(settings))}", parts + counted((setting for _, setting in settings), SETTINGS_COMPARED)


def _headers_problem(name: str, headers: list[str]) -> EnvProblem:
    """An env var holding a header list with credentials: one finding naming the first few headers,
    whose parts are all of them (a header added is new on UPDATE)."""
    if len(headers) == 1:
        return f'env var "{name}" sets header "{token_runs_hidden(headers[0])}" in plain text', (headers[0],)
    shown = _first_few([f'"{token_runs_hidden(header)}"' for header in headers[:SETTINGS_NAMED]], len(headers))
    return f'env var "{name}" sets headers {shown} in plain text', counted(headers, SETTINGS_COMPARED)


def _judge_env(name: str, value: Any, extra: tuple[str, ...], allowed: tuple[str, ...]) -> EnvProblem | None:
    """What is wrong with ``name: value`` in an env list, and its parts, or None. Never includes the
    value, nor a name that is itself a credential (the relaxed env var names of Kubernetes 1.32 take
    any text), and shows a run in it that may be a token as ``*`` (``token_runs_hidden``)."""
    text = scalar_text(value)
    if text is None or (allowed and is_allowed(name, allowed)):
        return None
    kind = credential_kind(text, settings_apart=True)
    lone = (kind is None or kind in CONNECTION_KINDS) and is_lone_password_setting(text)  # PASSWORD=...: a setting
    kind = None if lone else kind
    alone = None if kind or lone else password_setting_kind(text)  # host=db, password=... one per line: settings
    if name_kind := name_credential(name):
        return _hidden_name(name_kind) + (f", and its value holds {kind or alone}" if kind or alone else ""), ()
    shown = token_runs_hidden(name)
    if name[-7:].upper() == "HEADERS" and (headers := header_list_settings(Names.of(extra, allowed), name, text)):
        return _headers_problem(shown, headers)
    if lone and (lone_settings := config_settings(Names.of(extra, allowed), text)):
        return _settings_problem(shown, [(0, setting) for _, setting in lone_settings])
    if kind:
        return _with_settings(_credentials_problem(shown, kind, text), _settings_beside(Names.of(extra, allowed), text))
    if alone:
        named = _settings_in(Names.of(extra, allowed), text)
        return _settings_problem(shown, named) if named else _credentials_problem(shown, alone, text, settings_apart=False)
    if (
        name_is_sensitive(name, extra, allowed)
        and not names_something_else(text)
        and not names_no_secret_in_a_value(name, text)  # X_CSRF_TOKEN=fetch, ADMIN_PASSWORD_SHA256=<64 hex>, as in scripts
    ):
        return f'env var "{shown}" sets a sensitive value in plain text', ()
    if what := env_auth_pair(name, text):  # FHIR_BASIC_AUTH=user:..., NEO4J_AUTH=neo4j/..., ALERT_WEBHOOK_URL=https://...?token=...
        return f'env var "{shown}" sets {what} in plain text', ()
    if "data:" in text and inline_token_secret_key(name, text):  # PULSAR_PREFIX_tokenSecretKey=data:;base64,...
        return f'env var "{shown}" sets a sensitive value in plain text', ()
    names = Names.of(extra, allowed)
    if text.lstrip()[:1] in JSON_STARTS:  # SPRING_APPLICATION_JSON and the like
        settings = json_settings(text, names.sensitive, names, ORTHANC_ENV_PARENTS.get(name, ()))
        if settings:
            return _settings_problem(shown, settings)
    elif "-" in text and ("=" in text or " " in text):  # JAVA_OPTS, *_ARGS: options for a program
        flag = option_string_flag(text, names)
        if flag:
            return f'env var "{shown}" passes {flag} in plain text', ()
    if settings := _settings_in(names, text):  # a config file in a variable: GITLAB_OMNIBUS_CONFIG
        return _settings_problem(shown, settings)
    return None


def env_item(name: str, problem: str) -> str:
    """The item of an env var's finding: ``env:NAME``; a name that is itself a credential is known
    by its ``hidden_identity`` only (an item is no place for a credential either)."""
    return f"env:<hidden {hidden_identity(name)}>" if problem.startswith(_HIDDEN_NAME) else f"env:{name}"


_CLEAN_ENV: dict[tuple[tuple[str, ...], tuple[str, ...]], set[tuple[str, str]]] = {}
"""For each (extraNames, allowedNames): the (name, value) pairs already judged clean. Only clean
pairs are remembered, so the process never keeps a value it flagged as a secret. Keyed by the
parameters first: the lookup per env var hashes a pair, not four fields."""
_CLEAN_ENV_PAIRS = 16384
"""Clean pairs remembered per (extraNames, allowedNames), at most."""


def _clean_pairs(extra: tuple[str, ...], allowed: tuple[str, ...]) -> set[tuple[str, str]]:
    pairs = _CLEAN_ENV.get((extra, allowed))
    if pairs is None:
        if len(_CLEAN_ENV) >= 8:  # parameters change with a reload only: keep the last few
            _CLEAN_ENV.clear()
        pairs = _CLEAN_ENV[(extra, allowed)] = set()
    return pairs


def _env_problem(name: str, value: str, extra: tuple[str, ...], allowed: tuple[str, ...], clean: set[tuple[str, str]]) -> EnvProblem | None:
    """``_judge_env`` of a pair not in ``clean`` (the pairs of ``_clean_pairs``), remembered there when clean."""
    problem = _judge_env(name, value, extra, allowed)
    if problem is None:
        if len(clean) >= _CLEAN_ENV_PAIRS:
            clean.clear()
        clean.add((name, value))
    return problem


def env_values_named(env: list[Any]) -> set[str]:
    """The names of the env vars in ``env`` given a value as a string (``valueFrom`` has none)."""
    return {var["name"] for var in env if isinstance(var, dict) and type(var.get("value")) is str and type(var.get("name")) is str}


def env_git_config(env: list[Any], valued: set[str]) -> dict[str, str] | None:
    """What the env vars of ``env`` with a value (``valued``: ``env_values_named``) give git's
    configuration (``git_config_set_before``), for its scripts to start from; None when none is
    named ``GIT_CONFIG_...`` (most). A value holding a credential of a known shape (``Authorization:
    Bearer ...``) is reported as an env var already: no script pairs it again."""
    if not any(name[:11] == "GIT_CONFIG_" for name in valued):
        return None
    return git_config_set_before(
        (name, value)
        for var in env
        if isinstance(var, dict) and (name := var.get("name")) in valued and name[:11] == "GIT_CONFIG_" and type(value := var.get("value")) is str
        and not (name[11:13] == "VA" and credential_kind(value))
    ) or None


def script_env_violations(names: Names, name: str, value: Any, index: int, ref: ContainerRef) -> list[Violation] | None:
    """The findings of an env var whose value the container's shell runs as a script
    (``scripted_env_names``), judged as a ``sh -c`` argument is, at its value; None when the value
    is to be judged as a value instead: it passes no secret as a script, is no string, or its name is
    allowed or is itself a credential (never shown)."""
    if type(value) is not str or names.is_allowed(name) or name_credential(name):
        return None
    shown = f'env var "{token_runs_hidden(name)}" (run by the container\'s shell)'
    found = script_text_violations(names, value, f"{ref.pointer}/env/{index}/value", shown, f"env:{name}", FIX_ENV_SCRIPT, ref.label)
    return found or None


def _git_config_headers(names: Names, env: list[Any]) -> dict[int, str]:
    """What is wrong with each env var (by index) that is a ``GIT_CONFIG_VALUE_<n>`` giving git a
    credential header (``git_config_env_problems``: its ``GIT_CONFIG_KEY_<n>`` names http.extraHeader)."""
    variables = [
        (index, var["name"], var["value"])
        for index, var in enumerate(env)
        if isinstance(var, dict) and type(var.get("name")) is str and var["name"][:11] == "GIT_CONFIG_" and type(var.get("value")) is str
    ]
    found = git_config_env_problems(names, variables) if variables else []
    return {index: f'env var "{env[index]["name"]}" {problem} in plain text' for index, _, problem in found}


def env_violations(names: Names, env: list[Any], ref: ContainerRef, out: list[Violation], scripts: set[str] | None = None) -> None:
    """The findings of a container's ``env``; ``scripts``: the names of those its shell runs
    (``scripted_env_names``), judged as scripts first (a value that passes no secret as one is
    judged as a value too)."""
    extra, allowed = names.extra, names.allowed
    clean = _clean_pairs(extra, allowed)
    git_headers = _git_config_headers(names, env)
    for index, var in enumerate(env):
        if isinstance(var, dict):
            value, name = var.get("value"), var.get("name")
        else:
            value = name = None
        if type(name) is not str:
            name = f"#{index}"
        if value is None:  # valueFrom, or not an env var at all: only a name that is a credential is wrong
            if name_kind := name_credential(name):
                hidden = _hidden_name(name_kind)
                out.append(Violation(f"{ref.pointer}/env/{index}/name", hidden, FIX_ENV_NAME, ref.label, env_item(name, hidden)))
            continue
        if index in git_headers:
            out.append(Violation(f"{ref.pointer}/env/{index}/value", git_headers[index], FIX_ENV, ref.label, f"env:{name}"))
            continue
        if scripts and name in scripts and (found := script_env_violations(names, name, value, index, ref)):
            out.extend(found)  # its credentials too: not judged again as a value
            continue
        if type(value) is str and len(value) <= _CACHED_VALUE_LENGTH and len(name) <= _CACHED_VALUE_LENGTH:
            if (name, value) in clean:
                continue
            problem = _env_problem(name, value, extra, allowed, clean)
        else:
            problem = _judge_env(name, value, extra, allowed)
        if problem:
            text, parts = problem
            if text.startswith(_HIDDEN_NAME):
                out.append(Violation(f"{ref.pointer}/env/{index}/name", text, FIX_ENV_NAME, ref.label, env_item(name, text)))
            else:
                out.append(Violation(f"{ref.pointer}/env/{index}/value", text, FIX_ENV, ref.label, f"env:{name}", parts))
