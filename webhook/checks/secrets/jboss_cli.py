"""WildFly's and JBoss EAP's management CLI scripts held as text (``configure.cli``, run by
``jboss-cli.sh --file``, as dcm4chee-arc's, i2b2's and Keycloak's WildFly images take them): an
operation's sensitive parameters with a literal value, ``:add(user-name=u, password=...)``,
``credential-reference={clear-text=...}``, and ``:write-attribute(name=password, value=...)``; and
the same in the CLI's command form, ``data-source add --name=DS ... --password=...`` (also
``xa-data-source``, ``modify``), in a file or given to ``jboss-cli.sh --command=...``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from webhook.checks.secrets.names import Names
from webhook.checks.secrets.values import setting_literal
from webhook.yamlsafe import LineCounter

_OPERATION = re.compile(
    r"^[ \t]*+(?:/[\w.\-]++=[^\s/:()]++)++:(?P<operation>add|write-attribute)\((?P<parameters>[^\n]*)\)[ \t]*+\r?$", re.M
)
"""A line that is one operation on a resource's address: ``/subsystem=datasources/data-source=DS:add(...)``,
its parameters up to the last ``)`` of the line."""
_CLOSING = {"{": "}", "[": "]", "(": ")"}


def _parameters(text: str) -> Iterator[tuple[str, str]]:
    """(name, value) of each ``name=value`` of an operation's parameters, split at the commas outside
    braces, brackets, parentheses and double quotes; a value in quotes without them."""
    depth: list[str] = []
    quoted = False
    start = 0
    for at, char in enumerate(text + ","):
        if quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char in _CLOSING:
            depth.append(_CLOSING[char])
        elif depth and char == depth[-1]:
            depth.pop()
        elif char == "," and not depth:
            name, equals, value = text[start:at].partition("=")
            start = at + 1
            value = value.strip()
            if equals and name.strip():
                yield name.strip(), value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _secrets(names: Names, pairs: dict[str, str], operation: str) -> Iterator[str]:
    """The names of an operation's sensitive parameters (``pairs``: name to value) holding a literal:
    ``password=...``, the ``clear-text`` of a ``credential-reference={...}``, or ``write-attribute``'s
    ``value`` when its ``name`` is sensitive."""
    if operation == "write-attribute":
        named = pairs.get("name", "")
        if names.sensitive(named) and setting_literal(pairs.get("value", "")) is not None:
            yield named
        return
    for name, value in pairs.items():
        if name == "credential-reference" and value[:1] == "{" and value[-1:] == "}":
            clear_text = dict(_parameters(value[1:-1])).get("clear-text")
            if clear_text is not None and setting_literal(clear_text) is not None:
                yield f"{name}.clear-text"
        elif value[:1] not in "{[" and names.sensitive(name) and setting_literal(value) is not None:
            yield name


_COMMAND = re.compile(r"^[ \t]*+(?:xa-)?data-source[ \t]++(?:add|modify)(?P<options>[ \t][^\n]*)$", re.M)
"""A line that is a data source command: ``data-source add --name=DS --password=...``, its options
to the line's end."""
_COMMAND_OPTION = re.compile(r"""(?:^|[ \t])--(?P<name>[A-Za-z][\w\-]*+)=(?P<value>"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+'|\{[^{}\n]*+\}|[^\s"']*+)""")
"""A ``--name=value`` option of a CLI command: its value a quoted string, a ``{...}`` object
(``--credential-reference={clear-text=...}``) or a word."""


def _unquoted(value: str) -> str:
    """A command option's value without the quotes around it (``"..."``, ``'...'``)."""
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


def command_secrets(names: Names, command: str) -> Iterator[str]:
    """The names of the sensitive options with a literal value of each data source command
    (``_COMMAND``) in ``command``, a CLI file's text or a ``--command`` option's value:
    ``--password=...``, ``--credential-reference={clear-text=...}``; a value in quotes without them.
    ``${env.DB_PASSWORD}`` and ``${VAULT::...}`` are references (``setting_literal``)."""
    for match in _COMMAND.finditer(command):
        options = {option.group("name"): _unquoted(option.group("value")) for option in _COMMAND_OPTION.finditer(match.group("options"))}
        for name in _secrets(names, options, "add"):
            yield f"--{name}"


def add_jboss_cli_settings(names: Names, text: str, found: dict[tuple[int, str], None]) -> None:
    """Adds (line, name) of each sensitive parameter with a literal value of a management CLI
    operation (``_OPERATION``), or option of a data source command (``_COMMAND``), to ``found``."""
    lines = LineCounter(text)
    if ":add(" in text or ":write-attribute(" in text:
        for match in _OPERATION.finditer(text):
            for name in _secrets(names, dict(_parameters(match.group("parameters"))), match.group("operation")):
                found[(lines.at(match.start("parameters")), name)] = None
    if "data-source" in text:
        for match in _COMMAND.finditer(text):
            for name in command_secrets(names, match.group()):
                found[(lines.at(match.start("options")), name)] = None
