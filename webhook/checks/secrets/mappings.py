"""Mappings that name their settings: ones written on one line (YAML's flow mappings and lists of them,
TOML's inline tables, Ruby's hashes) and name/value pairs over lines (an env list's ``name:`` / ``value:``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from webhook.checks.secrets.code_entries import CODE_PART, code_object_entries
from webhook.checks.secrets.code_values import arrow_literal, code_key, code_shaped_entry_literal, php_value, regular_expression
from webhook.checks.secrets.headers import KEY_HEADERS, NOT_CREDENTIAL_HEADERS, SENSITIVE_HEADERS, header_credential
from webhook.checks.secrets.names import Names, counts_secrets, names_a_secret_object
from webhook.checks.secrets.setting_values import (
    config_value,
    is_whole_number,
    judged_by_value,
    names_a_key_in_a_secret,
    names_a_secret_beside,
    pair_setting,
    setting_holds_a_secret,
    without_trailing_comment,
)
from webhook.checks.secrets.source_code import reported_credential, source_literal
from webhook.checks.secrets.values import credential_kind, shell_literal

_FLOW_ENTRY = re.compile(r"^\s*+(?::(?=[A-Za-z_]))?+[\"']?([A-Za-z_][\w.\-]*+)[\"']?\s*+[:=](.*)$", re.DOTALL)
"""An entry of a mapping written on one line: ``password: x`` in ``{username: u, password: x}``,
``password = "x"`` in ``{ username = "u", password = "x" }``, ``:password => x`` in Ruby's
``{:username => u, :password => x}`` (the value then starts with ``>``)."""


def _flow_mapping_settings(names: Names, flow: str, code: bool, source: bool, under_a_secret: bool = False) -> dict[str, None]:
    """Each key of a mapping written on one line (``{username: u, password: x, token: y}``) that
    sets a secret in plain text, in order, and the sensitive name of a name/value pair (``{name:
    DB_PASSWORD, value: x}``, an env list), as an ordered set: ``{name: db-creds, key: password}``
    names a Secret and its key. In a text of ``code``, an unquoted value or a call is judged as the
    entry on a line of its own (``code_shaped_entry_literal``: ``{ password: dbPassword }`` is code),
    and a regular expression is code too (``{ token: '[A-Za-z_]\\w*' }``, ``regular_expression``);
    in ``source`` code, a credential's constructor whose password is reported on its line
    (``reported_credential``) sets no key of its own. ``under_a_secret``: the mapping is the value of a
    key naming a Secret (``existingSecret: {name: s3, keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY}``):
    its keys' keys are that Secret's, as a sibling naming one makes them."""
    settings: dict[str, None] = {}
    named: str | None = None
    literal_value = toleration = named_by_key = False
    pair_value = ""  # the value: of a name/value pair, as written
    keys: list[str] = []  # each entry's key, read for one naming a Secret only when a setting may be a key in it
    sensitive_settings: list[tuple[str, str]] = []  # (key, value) of each sensitive key set in plain text
    arrows = "=>" in flow  # Ruby's and Perl's hashes: code, its strings with backslash escapes
    for part in code_object_entries(flow[1:-1]) if code else (CODE_PART if arrows else _FLOW_PART).findall(flow[1:-1]):
        entry = _FLOW_ENTRY.match(part)
        if entry is None:
            continue
        key, value = entry.group(1), config_value(entry.group(2))
        if value[:1] == ">":  # :password => value, judged as a 'name' => value line
            value = php_value(value[1:])
            literal = arrow_literal(value, key, code and code_key(part[: entry.start(1)]))
        elif value[:1] == "{":
            literal = False  # a mapping of its own
        elif code and (judged := code_shaped_entry_literal(f" {value},", False, key)) is not None:
            literal = judged and not (source and reported_credential(value))  # { password: dbPassword, token: cfg['tok'] }
        else:
            literal = setting_holds_a_secret(value, key) and not (code and regular_expression(value))
        if key in _PAIR_NAME_KEYS and _pair_name(names, value) and not names.is_allowed(name := value.strip("\"'")):
            named, named_by_key = name, key == "key"
        elif key == "value":
            literal_value, pair_value = literal, value
        toleration = toleration or key in _NOT_A_PAIR
        keys.append(key)
        if names.sensitive(key) and literal:
            settings[key] = None
            sensitive_settings.append((key, value))
        elif value[:1] != ">" and ":" in value and judged_by_value(key, value) and not names.is_allowed(key):
            settings[key] = None  # { auth: 'orthanc:...' }: a user:password pair (OHIF's requestOptions)
    if sensitive_settings and not code and (under_a_secret or any(names_a_secret_beside(key) for key in keys)):
        for key, value in sensitive_settings:
            if names_a_key_in_a_secret(key, value):
                settings.pop(key, None)  # {existingSecret: db-creds, secretKey: password}: the key in that Secret
    if named is not None and literal_value and not toleration and not (named_by_key and envoy_operator_in(pair_value)):
        settings[pair_setting(named)] = None  # Envoy's {key: x-api-key, value: "%REQ(x-token)%"} sets none
    return settings


def flow_mappings_settings(names: Names, key: str, flow: str, code: bool = False, source: bool = False) -> list[str]:
    """Each secret set in plain text by the mappings on one line (``flow``, stripped), once each,
    under ``key`` when there is one: a mapping (``db: {user: u, password: x, token: y}`` sets
    ``db.password`` and ``db.token``) or a list of them (``env: [{name: DB_PASSWORD, value: x}]``,
    ``- {name: DB_PASSWORD, value: x}``). Each mapping is read once; in a text of ``code``, its
    values as code (``_flow_mapping_settings``; ``source``: the text is a key named as source code)."""
    if flow[:1] == "{" and flow[-1:] == "}":
        mappings: Iterable[str] = (flow,)
    elif flow[:1] == "[" and flow[-1:] == "]" and "{" in flow:
        mappings = (mapping.group() for mapping in _FLOW_MAPPING.finditer(flow))
    else:
        return []
    settings: dict[str, None] = {}
    under_a_secret = flow[:1] == "{" and bool(key) and names_a_secret_object(key)  # existingSecret: {name: s3, ...}
    for mapping in mappings:
        for entry in _flow_mapping_settings(names, mapping, code, source, under_a_secret):
            settings[f"{key}.{entry}" if key else entry] = None
    return list(settings)


_FLOW_MAPPING = re.compile(r"""\{(?:"[^"]*+"|'[^']*+'|[^{}\[\]"'])*+\}""")
_QUOTED = re.compile(r""""[^"]*+"|'[^']*+'""")
_FLOW_PART = re.compile(r"""(?:"[^"]*+"|'[^']*+'|[^,"'])++""")
"""An entry of a mapping on one line, up to a comma outside quotes (``value: "a,b"``)."""
FLOW_LIST_ITEM = re.compile(r"^[ \t]*+-[ \t]++(\{.*\})(?:[ \t]*+[,;])*(?:[ \t]++[#;].*)?+[ \t]*+$")
"""A YAML list item written as a mapping on one line (``- {name: DB_PASSWORD, value: x}``)."""
_BARE_MAPPING = r"\{[ \t]*+[A-Za-z_](?:[^{}]|\{[^{}]*+\})*+\}"
BARE_FLOW_ITEM = re.compile(rf"^[ \t]*+({_BARE_MAPPING})(?:[ \t]*+,)?+(?:[ \t]++#.*)?+[ \t]*+$")
"""An item of a list of mappings written one a line with no ``-`` before it, as in NATS' and HOCON's
config (``users: [`` / ``{user: admin, password: x}`` / ``]``): one mapping, mappings of one level
inside it at most (``permissions: {publish: ">"}``), its first key unquoted (``{"name": "API_TOKEN",
"value": FAKE},`` is a line of code, a dict of Python's). Each brace is tried once: linear."""
USERS_LIST = re.compile(r"(?<![\w.\-])users[ \t]*+[:=]?+[ \t]*+\[")
"""Where NATS' list of users opens on a line that goes on with it (``authorization { users = [ {...} ] }``)."""
BARE_MAPPING = re.compile(_BARE_MAPPING)
"""An item of that list (``BARE_FLOW_ITEM``'s mapping), found anywhere after it."""
AFTER_FLOW = re.compile(
    r"(?<=[}\]])(?:(?:[ \t]*+[,;])*+(?:[ \t]++[#;][^}\]]*+)?+[ \t]*+$"
    r"|(?![^}\]]*+[}\]])(?:[ \t]*+[,;])*?[ \t]++;[^}\]]*+$)"
)
"""What may follow a mapping or a list written on one line: commas or semicolons, then a comment
after a blank (``env: [...]  # the app's``, ``db: {...} ;``, ``db: {...} ;note``). A `` ;`` is a
separator or a comment's start: every separator is taken first, and only when what follows them is
no comment nor the end is the comment taken from the first `` ;`` after a blank, when no ``}`` or
``]`` follows (then one runs to the end). Each ``}`` or ``]`` is tried once, to the next: linear
(``] ; ; ;...x]``, read from each `` ;`` to its end, took time quadratic in the line's length)."""


def flow_sequence_items(flow: str) -> list[str]:
    """The items of a list written on one line (``["Accept: x", "Authorization: Token ..."]``, what
    may follow it, ``AFTER_FLOW``, taken off), each as written, quotes and all; [] for any other
    value. An item ends at a comma outside quotes (``_FLOW_PART``): linear in the text."""
    flow = AFTER_FLOW.sub("", flow.strip())
    unquoted = _QUOTED.sub("", flow)  # a bracket or brace in a quoted item ("X-Range: [0]") nests nothing
    if flow[:1] != "[" or flow[-1:] != "]" or "[" in unquoted[1:-1] or "{" in unquoted:
        return []
    return [item.strip() for item in _FLOW_PART.findall(flow[1:-1])]


class FlowSequenceOverLines:
    """A list that a key's line opens with ``[`` and a later line closes with ``]`` (``headers: [`` /
    ``  "X-Api-Key: ...",`` / ``]``, YAML's flow sequence over lines, TOML's array): its lines, joined,
    are the list as if written on one line (``flow_sequence_items``). A line is kept once (``add``)
    and read once for a ``]`` outside a quoted item (``"X-Note: a]b"`` closes nothing): linear in
    the text."""

    __slots__ = ("number", "name", "found", "parts", "quote", "item_start")

    def __init__(self, number: int, name: str, opening: str, found: int) -> None:
        self.number, self.name, self.found = number, name, found  # found: the settings found before its lines
        self.parts = [opening.strip()]
        self.quote = ""  # the quote of an item left open, else ""
        self.item_start = True  # whether an item may start here (after [ or a comma): a quote opens one

    @classmethod
    def opened(cls, number: int, name: str, value: str, found: int) -> FlowSequenceOverLines | None:
        """The list a value (without its comment) opens and leaves open on its line, else None."""
        value = value.strip()
        if value[:1] != "[" or "{" in _QUOTED.sub("", value):
            return None
        opened = cls(number, name, value, found)
        return None if opened._closes(value[1:]) else opened

    def add(self, line: str) -> bool:
        """Keeps a line of the list (without its comment); whether it closes the list."""
        self.parts.append(line.strip())
        return self._closes(line)

    def _closes(self, text: str) -> bool:
        """Whether ``text`` holds a ``]`` outside quotes; a quote opens only where an item starts
        (``Don't`` opens none), ``\\"`` and ``''`` stay inside theirs."""
        at, end = 0, len(text)
        while at < end:
            char = text[at]
            if self.quote:
                if char == "\\" and self.quote == '"':
                    at += 1
                elif char == self.quote:
                    if self.quote == "'" and text[at + 1 : at + 2] == "'":
                        at += 1
                    else:
                        self.quote = ""
            elif char == "]":
                return True
            elif char in "\"'" and self.item_start:
                self.quote, self.item_start = char, False
            elif char in ",[":
                self.item_start = True
            elif char not in " \t":
                self.item_start = False
            at += 1
        return False

    def items(self) -> list[str]:
        """The list's items, each as written (``flow_sequence_items``)."""
        return flow_sequence_items(" ".join(self.parts))


def a_string_in_braces(line: str, match: re.Match[str], flow: str) -> bool:
    """Whether a value in braces (``password = {S3cr3t}``, ``password={noop}P4ss}``) is a string,
    not a mapping on one line: after ``=`` (.properties, INI, .env: no inline tables there; TOML's
    and HCL's hold ``key = value`` entries) or after a ``:`` with no blank after it (a .properties
    line; YAML's mappings need one), when the braces hold no ``key = value`` or ``key: value`` entry."""
    separator, after = line[match.start(2) - 1], line[match.start(2) : match.start(2) + 1]
    if not ((separator == "=" and after != ">") or (separator == ":" and after not in ("", " ", "\t"))):
        return False
    return not any(_FLOW_ENTRY.match(part) for part in _FLOW_PART.findall(flow[1:-1]))


_PAIR_NAME_KEYS = ("name", "key")
_ENTRY_SEPARATOR = re.compile(r",|:[ \t]")


def _flow_collection(written: str) -> bool:
    """Whether a value (as written, quotes and all) is a YAML flow mapping or flow sequence with an
    entry separator in it (``{ start: <code class="delimiter_token">, end: </code> }``, ``[a, b]``).
    Helm's ``{{ .Values.x }}`` is a template, and ``{DB_PASSWORD}``, ``[DB_PASSWORD]`` hold one
    word, a placeholder's shape: none of them is a flow collection here."""
    closing = {"{": "}", "[": "]"}.get(written[:1])
    if closing is None or written[-1:] != closing or written[:2] == "{{":
        return False
    return _ENTRY_SEPARATOR.search(written, 1, len(written) - 1) is not None


def _pair_name(names: Names, written: str) -> bool:
    """Whether a ``name:`` or ``key:`` value (``written``, quotes and all) is a sensitive name: a flow
    mapping or sequence names nothing."""
    return not _flow_collection(written) and names.sensitive(written.strip("\"'"))


_YAML_KEY = re.compile(r"[ \t]*+(?:-[ \t]++)?+key:")
"""A line whose key is YAML's ``key:`` (``  key: x-api-key``, ``- key: ...``), not an XML attribute's ``key="..."``."""
_PAIR_KEYS = frozenset({*_PAIR_NAME_KEYS, "value"})
_XML_TAG_CLOSED = re.compile(r"""[ \t]*+(?:"[^"]*+"|'[^']*+')[ \t]*+/?+>""")
"""A quoted value, then the end of a tag (``"ApiKey" />``, ``"ApiKey"></add>``): the last of an XML
tag's attributes written over lines, read by the XML reader (``add_xml_attribute_settings``)."""
_NOT_A_PAIR = frozenset({"operator", "effect"})
PAIR_LINE_KEYS = _PAIR_KEYS | _NOT_A_PAIR
"""Keys of a mapping whose ``key:`` and ``value:`` are no name/value pair: a toleration
(``{key: dedicated-secrets, operator: Equal, value: vault, effect: NoSchedule}``)."""


class NameValuePairs:
    """Follows the name/value pairs of a YAML list, an env list or Argo's and Tekton's parameters
    (``- name: DB_PASSWORD`` / ``  value: ...``, or ``value:`` first): a ``value:`` holding a secret
    in plain text under a sensitive name in the same mapping. A pair named by ``key:`` is reported
    only once its mapping ends with no ``operator:`` or ``effect:`` in it, before or after: a
    toleration's key, value and effect are no pair (its operator defaults to Equal)."""

    __slots__ = ("named", "header", "valued", "held", "toleration", "ended")

    def __init__(self) -> None:
        self.named: tuple[int, str, bool] | None = None  # (column, sensitive name, named by key:) waiting for its value
        self.header = False  # the name waiting is a header's in a list of headers, judged as one (header_credential)
        self.valued: tuple[int, int, bool, str] | None = None  # (column, line, a whole number, text) of a literal value waiting for its name
        self.held: tuple[int, int, str] | None = None  # (column, line of the value, name) of a key:/value: pair
        self.toleration: int | None = None  # column of the mapping an operator: or effect: is in
        self.ended: list[tuple[int, str]] = []  # (line of the value, name) of held pairs whose mapping ended

    def waiting(self) -> bool:
        return self.named is not None or self.valued is not None or self.held is not None or self.toleration is not None

    def close(self, column: int, line: str) -> None:
        """Forgets what a line whose key is at ``column`` ends: a key further left (another
        mapping), or the next list item; a held pair it ends goes to ``ended``."""
        if self.named is not None and _pair_closed(self.named[0], column, line):
            self.named = None
        if self.valued is not None and _pair_closed(self.valued[0], column, line):
            self.valued = None
        if self.toleration is not None and _pair_closed(self.toleration, column, line):
            self.toleration = None
        if self.held is not None and _pair_closed(self.held[0], column, line):
            self.ended.append(self.held[1:])
            self.held = None

    def end(self) -> None:
        """The text ended: a held pair goes to ``ended``."""
        if self.held is not None:
            self.ended.append(self.held[1:])
            self.held = None

    def see(
        self, names: Names, column: int, line: str, number: int, key: str, raw: str, source: bool = False, headers: bool = False
    ) -> tuple[int, str] | None:
        """(line of the value, name) when this line completes a pair holding a secret, else None.
        A ``key:`` completing a pair whose value came first is held as one named first is (it may be a
        toleration's, known once its mapping ends). In
        ``source`` code, a value is judged as code's (``source_literal``). In a list of ``headers``
        (``headers:`` / ``- name: Authorization`` / ``  value: Bearer ...``), a header that carries
        a credential whatever its name says (``Authorization``, ``KEY_HEADERS``) names a pair too,
        its value judged as a header's (``header_credential``: the scheme is no credential), also
        when the value comes first (``- value: Token ...`` / ``  name: Authorization``)."""
        holds_a_secret = source_literal if source else setting_holds_a_secret
        self.close(column, line)
        if key in _PAIR_KEYS and ">" in raw and _XML_TAG_CLOSED.match(raw) is not None:
            # <add value = "..." / name = "ApiKey" />: an XML tag's attributes over lines, the XML reader's
            self.named = self.valued = None
            return None
        if key in _NOT_A_PAIR:
            if self.named is not None and self.named[0] == column:
                self.named = None
            if self.held is not None and self.held[0] == column:
                self.held = None
            self.toleration = column
            return None
        if key in _PAIR_NAME_KEYS:
            written = config_value(raw)
            value = written.strip("\"'")
            header = headers and not _flow_collection(written) and _header_named(value)
            sensitive = (header or _pair_name(names, written)) and not names.is_allowed(value) and not (headers and value.lower() in NOT_CREDENTIAL_HEADERS)
            by_key = key == "key"
            if (
                self.valued is not None
                and self.valued[0] == column
                and (not by_key or (sensitive and self.toleration != column and _YAML_KEY.match(line)))
            ):
                # the value came first: - value: ... / name: DB_PASSWORD, or Envoy's - header: / value: ... /
                # key: x-api-key (YAML's key: alone: XML's key="..." is the XML reader's), held as key: first is
                (_, at, whole_number, text), self.valued = self.valued, None
                secret = (
                    sensitive
                    and (not header or _header_pair_secret(names, value, text))  # - value: Token ${TOKEN} / name: Authorization
                    and not (whole_number and counts_secrets(value))
                )
                if not by_key:
                    return (at, pair_setting(value)) if secret else None
                if secret and not envoy_operator_in(text):
                    self.held = (column, at, pair_setting(value))
                return None
            self.named = (column, value, by_key) if sensitive and not (by_key and self.toleration == column) else None
            self.header = header
        elif key == "value":
            text = config_value(raw)
            if self.named is not None and self.named[0] == column:
                _, name, by_key = self.named
                self.named = None
                secret = _header_pair_secret(names, name, text) if self.header else holds_a_secret(text, name)
                if by_key:
                    if secret and not envoy_operator_in(text):  # Envoy's key: x-api-key / value: "%REQ(x-token)%" sets none
                        self.held = (column, number, pair_setting(name))
                    return None
                return (number, pair_setting(name)) if secret else None
            self.valued = (column, number, is_whole_number(text), text) if holds_a_secret(text, "") else None
        return None


def _header_named(name: str) -> bool:
    """Whether a header carries a credential whatever its name says: ``Authorization``, its proxy's,
    and the keys of ``KEY_HEADERS`` (``x-honeycomb-team``)."""
    folded = name.lower()
    return folded in SENSITIVE_HEADERS or folded in KEY_HEADERS


_ENVOY_OPERATOR = re.compile(r"%[A-Z][A-Z0-9_]*+(?:\([^()%\n]*+\))?+(?::[0-9]++)?+%")
"""An Envoy command operator, replaced by what it names when the header is sent (``%REQ(x-token)%``,
``%DYNAMIC_METADATA(auth:token)%``)."""


def envoy_operator_in(text: str) -> bool:
    """Whether a value (``text``, as written) holds an Envoy command operator (``_ENVOY_OPERATOR``):
    what the header gets is what the operator names when it is sent, not a literal written here."""
    return _ENVOY_OPERATOR.search(text) is not None


def header_value_secret(names: Names, name: str, text: str) -> bool:
    """Whether the value of a header in a list of headers (``text``, as written) carries a credential
    in plain text: a literal as a whole (not a template, ``{{ .Values.auth }}``, nor a reference),
    with no Envoy command operator in it, judged as a header's (``header_credential``)."""
    value = text.strip().strip("\"'")
    return shell_literal(value) is not None and not envoy_operator_in(value) and header_credential(names, name, value)


def _header_pair_secret(names: Names, name: str, text: str) -> bool:
    """Whether the value of a name/value pair in a list of headers carries a credential in plain
    text (``header_value_secret``), with and without a comment after it (``Token $TOKEN  # set by
    the pod`` is a reference)."""
    return header_value_secret(names, name, text) and header_value_secret(names, name, without_trailing_comment(text))


def _pair_closed(column_of_pair: int, column: int, line: str) -> bool:
    """Whether a line whose key is at ``column`` ends the mapping a pair's key is in: a key further
    left (another mapping), or the next list item."""
    return column < column_of_pair or (column == column_of_pair and line.lstrip()[:1] == "-")


def take_ended(pairs: NameValuePairs, found: dict[tuple[int, str], None]) -> bool:
    """Adds the held pairs whose mapping ended to ``found``; False when there were any (each is
    found after the lines that follow its value)."""
    if not pairs.ended:
        return True
    for pair in pairs.ended:
        found[pair] = None
    pairs.ended.clear()
    return False


_GRAFANA_HEADER = re.compile(r"([ \t]*+)(?:-[ \t]++)?+[\"']?+httpHeader(Name|Value)([1-9][0-9]{0,2}+)[\"']?+[ \t]*+:(?![^ \t\r\n])(.*+)")
"""A line of a Grafana data source provisioned in YAML setting the name of its Nth custom header
(``jsonData: httpHeaderName1: X-Api-Key``) or its value (``secureJsonData: httpHeaderValue1: ...``)."""


_GRAFANA_DATA_KEY = re.compile(r"[ \t]*+[\"']?+((?:secureJ|j)sonData)[\"']?+[ \t]*+:[ \t]*+(?:#.*+)?+")
"""A data source's ``jsonData:`` or ``secureJsonData:`` opening a mapping below it."""


def grafana_header_values(names: Names, lines: list[str]) -> Iterable[tuple[int, str]]:
    """(line, header's name) of each custom header of a Grafana data source provisioned in YAML
    (``httpHeaderValueN``, named by that header: ``httpHeaderValue1`` would be hidden as
    token-shaped) whose value carries a credential in plain text, judged as that header's
    (``header_value_secret``) under the name its ``httpHeaderNameN`` gives in the same data source
    (the same list item: ``X-Api-Key`` and a literal is one; ``X-Scope-OrgID: tenant-a``, a
    reference, or a value with no name beside it is none; a token found by its shape, ``Bearer
    ...``, is reported as that already: ``credential_kind``). A data source is what follows a line
    starting a list item (``- name: ...``) further left than the setting; outside a list item, one
    written as a mapping, its ``jsonData:`` and ``secureJsonData:`` keys at one column of one
    document (``---``) with nothing further left between, holding the name and the value
    (``_GRAFANA_DATA_KEY``): lines are read once."""
    item = 0  # the line of the list item the headers are in (0: none yet)
    item_columns: list[tuple[int, int]] = []  # (column of its "-", line) of each list item still open
    header_names: dict[tuple[int, str], str] = {}
    header_values: dict[tuple[int, str], tuple[int, str]] = {}
    data_key: tuple[int, str] | None = None  # (column, key) of the jsonData: or secureJsonData: open, outside list items
    mapping = -1  # a negative place for the mapping outside list items those keys are in, new at each step left or ---
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip(" \t")
        if stripped[:1] == "-":
            column = len(line) - len(stripped)
            while item_columns and item_columns[-1][0] >= column:
                item_columns.pop()
            item_columns.append((column, number))
        elif stripped.strip() and stripped[:1] != "#" and not (item_columns and item_columns[0][0] < len(line) - len(stripped)):
            column = len(line) - len(stripped)  # a line outside list items (their columns grow along item_columns)
            if stripped[:3] == "---" or (data_key is not None and column < data_key[0]):
                data_key, mapping = None, mapping - 1  # another document, or a mapping further left
            if data_key is None or column == data_key[0]:  # a key of the mapping, not of a block below one
                key = _GRAFANA_DATA_KEY.fullmatch(line) if "sonData" in line else None
                data_key = (column, key.group(1)) if key is not None else None if data_key is None else (column, "")
        if "httpHeader" not in line or (match := _GRAFANA_HEADER.match(line)) is None:
            continue
        column = len(match.group(1))
        item = next((start for dash, start in reversed(item_columns) if dash < column), 0)
        if not item:
            if data_key is None or column <= data_key[0] or data_key[1] != ("jsonData" if match.group(2) == "Name" else "secureJsonData"):
                continue
            item = mapping
        written = without_trailing_comment(config_value(match.group(4)))
        if match.group(2) == "Name":
            header_names[(item, match.group(3))] = written.strip("\"'")
        else:
            header_values[(item, match.group(3))] = (number, written)
    for place, (number, written) in header_values.items():
        name = header_names.get(place)
        if name and header_value_secret(names, name, written) and credential_kind(written.strip("\"'")) is None:
            yield number, name
