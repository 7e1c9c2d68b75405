"""JSON documents held as text (ConfigMap values, JSON env values): the sensitive keys with a literal
value, by key path (``db.password``, ``servers[0].apiKey``), and their line."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from webhook import gojson
from webhook.checks.secrets.headers import credential_header_name
from webhook.checks.secrets.mappings import header_value_secret
from webhook.checks.secrets.names import (
    ERLANG_COOKIE_OWNERS,
    Names,
    describes_its_parent,
    mentions_a_secret,
    api_key_pair_part,
    names_a_bare_access_key,
    names_a_paired_secret_key,
    names_a_secret_object,
)
from webhook.checks.secrets.setting_values import (
    hidden_part,
    judged_by_value,
    names_a_key_in_a_secret,
    names_a_secret_beside,
    names_headers,
    no_secret_for,
)
from webhook.checks.secrets.values import MEASURE, credential_kind, scalar_text, setting_literal
from webhook.yamlsafe import LineCounter

JSON_STARTS = ("{", "[")
HOST_TOKEN_MAPS = frozenset({"github-oauth", "gitlab-oauth", "gitlab-token", "bearer", "forgejo-token"})
"""JSON keys that map host names to tokens: Composer's ``auth.json`` (also ``COMPOSER_AUTH`` and
``composer.json``'s ``config``), ``{"github-oauth": {"github.com": "<token>"}}``; each string under
them is a token whatever its host."""


PASSWORD_MAPS = frozenset({"RegisteredUsers"})
"""JSON keys that map user names to passwords: Orthanc's ``"RegisteredUsers": {"alice": "<password>"}``;
each string under them is a password whatever its user."""
PEER_LISTS = frozenset({"OrthancPeers", "DicomWeb.Servers"})
"""Where Orthanc writes a peer or a DICOMweb server as ``"name": [url, user, password]``: its
``OrthancPeers`` and the DICOMweb plugin's ``Servers``; the third item is a password."""

ORTHANC_ENV_PARENTS: dict[str, tuple[str, ...]] = {
    "ORTHANC__REGISTERED_USERS": ("RegisteredUsers",),
    "ORTHANC__ORTHANC_PEERS": ("OrthancPeers",),
    "ORTHANC__DICOM_WEB__SERVERS": ("DicomWeb", "Servers"),
}
"""The env vars the Orthanc Docker images read as a part of ``orthanc.json`` (the JSON value of
the key path the name spells): the keys their JSON is under."""


CUSTOM_HEADERS = "custom-headers"
"""Composer's ``auth.json`` key mapping host names to lists of ``"Name: value"`` HTTP headers."""


def json_settings(
    text: str, sensitive: Callable[[str], bool], names: Names | None = None, parents: tuple[str, ...] = ()
) -> list[tuple[int, str]] | None:
    """(line, key path) of each sensitive key with a literal value in a JSON document, in document
    order (``db.password``, ``servers[0].apiKey``); line is 0 when unknown. None when the text is
    not JSON, nor JSON with comments (``_comments_blanked``: Orthanc's ``orthanc.json``). A docker config.json's ``auths.<registry>.auth`` and a string under Composer's
    ``github-oauth``, ``gitlab-token``... (``HOST_TOKEN_MAPS``) count as sensitive, and so does the
    ``value`` of a name/value pair with a sensitive name (``{"name": "DB_PASSWORD", "value": ...}``,
    an env list in JSON) or of a Keycloak credential (``{"type": "password", "value": ...}``); a list
    of one string or number is its key's value (``_one_scalar_list``).
    With ``names``, each ``"Name: value"`` header of Composer's ``custom-headers`` lists (by host)
    that carries a credential is a setting, known by its host and header name
    (``custom-headers.repo.example.org.Authorization``), never by its value or place in the list.
    ``parents``: the keys the document is under (an Orthanc env var's, ``ORTHANC_ENV_PARENTS``).
    With ``names``, a Grafana data source's ``secureJsonData.httpHeaderValueN`` is judged as the
    header its ``jsonData.httpHeaderNameN`` names (``_grafana_header``), known by that name."""
    try:
        doc = gojson.loads(text)  # a lone surrogate escape is U+FFFD, as the application's reader takes it
    except orjson.JSONDecodeError:  # also nesting deeper than orjson allows
        blanked = _comments_blanked(text) if "/" in text else None
        if blanked is None:
            return None
        text = blanked  # its lines and places are the text's
        try:
            doc = gojson.loads(text)  # JSON with comments: Orthanc's orthanc.json, VS Code's settings
        except orjson.JSONDecodeError:
            return None
    lines = LineCounter(text) if "\n" in text else None
    cursor = 0
    found: list[tuple[int, str]] = []
    secret_named: dict[int, bool] = {}  # id of an object: whether a key of it names a Secret, read once
    api_secrets: dict[int, frozenset[tuple[str, ...]]] = {}  # id of an object: the words before its API secrets
    # depth first, in document order: (the container's remaining items, the keys and indices down
    # to it, the container); the walk and the keys' lines stay inline: they cost per entry
    stack: list[tuple[Iterator[tuple[Any, Any]], tuple[str | int, ...], Any]] = []
    if isinstance(doc, (dict, list)):
        stack.append((_json_items(doc), parents, doc))
    while stack:
        items, parts, node = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            continue
        key, value = entry
        nested = isinstance(value, (dict, list))
        if not isinstance(key, int):
            line = 0
            if lines is not None:  # keys come in document order: each one is found after the previous one
                at = _json_key_at(text, orjson.dumps(key).decode(), cursor)
                if at >= 0:
                    cursor, line = at + 1, lines.at(at)
                else:
                    lines = None  # written differently (escapes): no line numbers from here on
            if not nested and _json_secret(sensitive, parts, node, key, value):
                if not _key_in_a_secret_beside(parts, node, key, value, secret_named) and not _paired_access_key(node, key, api_secrets):
                    found.append((line, _json_path((*parts, key))))
            elif (single := _one_scalar_list(value)) is not None and _json_secret(sensitive, parts, node, key, single):
                if not _key_in_a_secret_beside(parts, node, key, single, secret_named):
                    found.append((line, _json_path((*parts, key))))
                nested = False  # its one item judged as the key's value
            elif isinstance(value, list) and names_headers(key) and _header_list_secret(key, value):
                found.append((line, _json_path((*parts, key))))  # "headers": ["Accept: x", "Authorization: Token ..."]
            elif names is not None and parts and parts[-1] == GRAFANA_SECURE_DATA and len(stack) > 1:
                if (header := _grafana_header(names, stack[-2][2], key, value)) is not None:
                    found.append((line, _json_path((*parts, header))))  # known by the header, as YAML's is
        elif key == 2 and _peer_password(parts, node, value):
            found.append((_item_line(text, lines, value, cursor), _json_path((*parts, key))))
        elif names is not None and len(parts) >= 2 and parts[-2] == CUSTOM_HEADERS and isinstance(value, str):
            if (header := credential_header_name(names, value)) is not None:  # Composer's custom-headers: Name: value
                found.append((_item_line(text, lines, value, cursor), _json_path((*parts, header))))
        if nested:
            stack.append((_json_items(value), (*parts, key), value))
    return found


GRAFANA_SECURE_DATA = "secureJsonData"
_GRAFANA_HEADER_VALUE = re.compile(r"httpHeaderValue([1-9][0-9]{0,2})")


def _grafana_header(names: Names, source: Any, key: str, value: Any) -> str | None:
    """The name of the custom header a Grafana data source (``source``: provisioned or posted to its
    API as JSON) sets in plain text under ``secureJsonData``: ``httpHeaderValueN`` judged as the
    value of the header its ``jsonData``'s ``httpHeaderNameN`` names, as the YAML reader judges it
    (``grafana_header_values``: ``X-Api-Key`` and a literal is one; ``X-Scope-OrgID: tenant-a``, a
    reference, or a value with no name beside it is none; a token found by its shape, ``Bearer
    ...``, is reported as that already). None for any other key or value."""
    if not isinstance(value, str) or (number := _GRAFANA_HEADER_VALUE.fullmatch(key)) is None or not isinstance(source, dict):
        return None
    described = source.get("jsonData")
    header = described.get(f"httpHeaderName{number.group(1)}") if isinstance(described, dict) else None
    if isinstance(header, str) and (header := header.strip()) and header_value_secret(names, header, value) and credential_kind(value.strip()) is None:
        return header
    return None


_JSONC_PART = re.compile(r'"(?:[^"\\\n]|\\.)*+"?+|//|/\*')
"""What JSON with comments is read in, from one place to the next of them: a string (maybe left
open on its line), or a comment's start, ``//`` or ``/*``."""


DOCKER_AUTH_CONFIG = "DOCKER_AUTH_CONFIG"


def may_name_docker_auth_config(name: str) -> bool:
    """Whether a name has ``DOCKER_AUTH_CONFIG``'s length (18), the screen before its name is asked in
    any case (``docker_auth_config_settings``): most names differ in length, and are not compared."""
    return len(name) == len(DOCKER_AUTH_CONFIG)


def docker_auth_config_settings(names: Names, name: str, value: str) -> list[str] | None:
    """For a ``DOCKER_AUTH_CONFIG`` setting (GitLab Runner's and the Docker executor's registry
    credentials, a docker ``config.json`` in a variable) in a config file, a ``.env`` line or an
    environment list's item (``environment = ["DOCKER_AUTH_CONFIG={\\"auths\\": ...}"]`` in
    GitLab Runner's ``config.toml``): ``[name]`` when its JSON sets a credential in plain text, as
    the same env var's does (``json_settings``: ``auths.<registry>.auth``), ``[]`` when it sets none;
    None for another name. The value may be quoted whole and its quotes escaped with ``\\``."""
    if not may_name_docker_auth_config(name) or name.upper() != DOCKER_AUTH_CONFIG or names.is_allowed(name):
        return None
    text = value.strip(" \t\r").rstrip(",;").strip(" \t")
    if len(text) > 1 and text[0] in ("'", '"') and text[-1] == text[0]:
        text = text[1:-1]
    if text[:1] != "{":
        return []
    settings = json_settings(text, names.sensitive, names)
    if settings is None and '\\"' in text:
        settings = json_settings(text.replace('\\"', '"'), names.sensitive, names)
    return [name] if settings else []


def _comments_blanked(text: str) -> str | None:
    """JSON with comments (``//`` to the line's end, ``/* ... */``, outside strings) as JSON: each
    comment's characters blanks, its line breaks kept, so that lines and places stay those of the
    text and no key written in a comment is found there; None when it holds no comment or a ``/*``
    that nothing closes. Linear: each character is read once."""
    parts: list[str] = []
    done = at = 0
    while (part := _JSONC_PART.search(text, at)) is not None:
        token = part.group()
        if token == "//":
            end = text.find("\n", part.start())
            end = len(text) if end < 0 else end
        elif token == "/*":
            end = text.find("*/", part.end())
            if end < 0:
                return None
            end += 2
        else:
            at = part.end()
            continue
        parts += [text[done : part.start()], re.sub(r"[^\n]", " ", text[part.start() : end])]
        done = at = end
    if not parts:
        return None
    parts.append(text[done:])
    return "".join(parts)


def _item_line(text: str, lines: LineCounter | None, value: str, cursor: int) -> int:
    """The line of a list's string item, found after the key before it (``cursor``); 0 when unknown."""
    if lines is not None and (at := text.find(orjson.dumps(value).decode(), cursor)) >= 0:
        return lines.at(at)
    return 0


def _header_list_secret(key: str, value: list[Any]) -> bool:
    """Whether a list under a key named for headers (``names_headers``) holds a whole header that
    carries a credential in plain text (``"headers": ["Accept: x", "Authorization: Token ..."]``),
    each string judged as the key's value is (``judged_by_value``), as YAML's list on one line is."""
    return any(isinstance(item, str) and judged_by_value(key, item) for item in value)


def _one_scalar_list(value: Any) -> Any:
    """The one string or number of a list holding nothing else (Keycloak's component config writes
    each value so: ``"bindCredential": ["..."]``), judged as the value of its key, as YAML's
    ``password: [...]`` is; None for any other value."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], (str, int, float)) and not isinstance(value[0], bool):
        return value[0]
    return None


def _key_in_a_secret_beside(parts: tuple[str | int, ...], node: Any, key: str, value: Any, secret_named: dict[int, bool]) -> bool:
    """Whether ``key`` (``secretKey``, ``passwordKey``) set to a value with a Kubernetes key's shape
    (``names_a_key_in_a_secret``) names the key in a Secret a sibling key names (``names_a_secret_beside``:
    ``{"existingSecret": "db-creds", "secretKey": "password"}``), as YAML's mapping is read
    (``keys_beside_a_secret_name``). Each object's keys are looked through once (``secret_named``,
    by the object's id): linear however many such keys it has. An object under a key naming a Secret
    (``names_a_secret_object``, ``parts``' last: ``{"existingSecret": {"name": "s3", "keyOfSecretAccessKey":
    "AWS_SECRET_ACCESS_KEY"}}``) has that Secret's keys, as YAML's block under one (``names_a_key_of_its_secret``)."""
    if not isinstance(value, str) or not names_a_key_in_a_secret(key, value):
        return False
    if parts and isinstance(parts[-1], str) and isinstance(node, dict) and names_a_secret_object(parts[-1]):
        return True
    named = secret_named.get(id(node))
    if named is None:
        named = secret_named[id(node)] = isinstance(node, dict) and any(
            isinstance(sibling, str) and names_a_secret_beside(sibling) for sibling in node
        )
    return named


def _paired_access_key(node: Any, key: str, api_secrets: dict[int, frozenset[tuple[str, ...]]]) -> bool:
    """Whether ``key`` is a bare access key (``names_a_bare_access_key``) in an object that also sets
    its pair's secret key (``names_a_paired_secret_key``): the pair's id, as the MinIO client's
    ``{"accessKey": ..., "secretKey": ...}`` holds it, read as ``paired_access_keys`` reads a
    mapping; likewise an API key beside its API secret (``api_key_pair_part``, ``paired_api_keys``).
    Its siblings are looked through for the one bare access key an object has, and once for its API
    secrets (``api_secrets``, by the object's id): linear however many API keys it has."""
    if names_a_bare_access_key(key):
        return isinstance(node, dict) and any(isinstance(sibling, str) and names_a_paired_secret_key(sibling) for sibling in node)
    part = api_key_pair_part(key)  # {"apiKey": <client id>, "apiSecret": ...}
    if part is None or not part[0] or not isinstance(node, dict):
        return False
    secrets = api_secrets.get(id(node))
    if secrets is None:
        secrets = api_secrets[id(node)] = frozenset(
            sibling_part[1] for sibling in node if isinstance(sibling, str) and (sibling_part := api_key_pair_part(sibling)) is not None and not sibling_part[0]
        )
    return part[1] in secrets


def _json_secret(sensitive: Callable[[str], bool], parts: tuple[str | int, ...], node: Any, key: str, value: Any) -> bool:
    """Whether a scalar under ``key`` (in ``node``, at ``parts``) is a secret in plain text: a
    literal under a sensitive key, or one whose name is neutral but not where it is, or a value
    judged by its shape (``SETTINGS_JUDGED_BY_VALUE``)."""
    return (
        (
            sensitive(key)
            or (key == "auth" and len(parts) >= 2 and parts[-2] == "auths")
            or (key == "auth" and len(parts) == 1 and _legacy_docker_auth(parts[0], value))
            or (parts and (parts[-1] in HOST_TOKEN_MAPS or parts[-1] in PASSWORD_MAPS))
            or (parts and sensitive_under(sensitive, parts[-1], key))
            or (key == "value" and _names_a_secret(sensitive, node))
            or (key == "ParameterValue" and sensitive(cfn_parameter_name(node) or ""))
        )
        and not _keycloak_metadata(key, node)
        and not _chef_encrypted_value(node)
        and _literal_secret(_json_name(key, node), value)
    ) or (isinstance(value, str) and judged_by_value(key, value))


_REGISTRY = re.compile(r"(?:https?+://)?+[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)*+(?::[0-9]++)?+(?:/[A-Za-z0-9.\-/]*+)?+")
"""A registry as the legacy ``.dockercfg`` keys its entries: a host, maybe a port and path, maybe
as a URL (``https://index.docker.io/v1/``, ``registry.trials.example``, ``localhost:5000``)."""
_BASIC_PAIR = re.compile(rb"[^:\x00-\x1f\x7f]++:[^\x00-\x1f\x7f]++")
"""What a registry's ``auth`` decodes to: ``user:password``, printable, both parts there."""


def _legacy_docker_auth(registry: str | int, value: Any) -> bool:
    """Whether ``value`` under ``auth`` in a top-level entry named ``registry`` is a legacy
    ``.dockercfg``'s credential (``{"registry.example": {"auth": ..., "email": ...}}``, the format
    before ``auths``, still a ``kubernetes.io/dockercfg`` Secret's): a registry's name (a host with
    a dot or a port, or a URL) and the base64 of ``user:password``."""
    if not isinstance(registry, str) or not isinstance(value, str) or len(value) > 4096 or _REGISTRY.fullmatch(registry) is None:
        return False
    if "." not in registry and ":" not in registry:
        return False
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return _BASIC_PAIR.fullmatch(decoded) is not None


def _literal_secret(name: str, value: Any) -> bool:
    """Whether a scalar known by a sensitive ``name`` is a literal (no reference, placeholder or
    empty value), neither a measure nor a value that holds no secret for its name."""
    setting = scalar_text(value) or ""
    return setting_literal(setting) is not None and not MEASURE.match(setting) and not no_secret_for(name, setting)


def _peer_password(parts: tuple[str | int, ...], node: Any, value: Any) -> bool:
    """Whether the third item of a list is a password in plain text by where the list is
    (``PEER_LISTS``): Orthanc's ``"OrthancPeers": {"backup": ["http://...", "alice", "..."]}`` and
    ``"DicomWeb": {"Servers": {...}}``, a list led by an http(s) URL."""
    if len(parts) < 2 or not isinstance(parent := parts[-2], str):
        return False
    where = parent if len(parts) < 3 or not isinstance(parts[-3], str) else f"{parts[-3]}.{parent}"
    return (
        (parent in PEER_LISTS or where in PEER_LISTS)
        and isinstance(value, str)
        and isinstance(node[0], str)
        and node[0].startswith(("http://", "https://"))
        and _literal_secret("password", value)
    )


def _names_a_secret(sensitive: Callable[[str], bool], pair: dict[str, Any]) -> bool:
    """Whether an object's ``value`` is a secret by what its other keys say: a name/value pair with
    a sensitive name, or a credential of type password. An Azure App Configuration Key Vault
    reference (``content_type`` ...keyvaultref...) names a secret kept in the vault."""
    if "keyvaultref" in str(pair.get("content_type", pair.get("contentType", ""))):
        return False
    name = pair.get("name", pair.get("key"))
    return (isinstance(name, str) and sensitive(name)) or pair.get("type") == "password"


def _json_name(key: str, node: Any) -> str:
    """The name a scalar under ``key`` is known by: the ``name`` (or ``key``) of a name/value pair for
    its ``value`` (``{"name": "TOKENS", "value": "1000"}``), a CloudFormation parameter's
    ``ParameterKey`` for its ``ParameterValue``, else its key."""
    if key == "value" and isinstance(node, dict) and isinstance(name := node.get("name", node.get("key")), str):
        return name
    if key == "ParameterValue" and (parameter := cfn_parameter_name(node)) is not None:
        return parameter
    return key


def cfn_parameter_name(node: Any) -> str | None:
    """The ``ParameterKey`` of a CloudFormation parameter in a parameters file (``[{"ParameterKey":
    "DBPassword", "ParameterValue": "..."}]``, as ``aws cloudformation create-stack --parameters
    file://...`` reads it), in the AWS CLI's shorthand (``cfn_shorthand_parameter``) or inline JSON (``cfn_json_parameters``): the name its
    ``ParameterValue`` is known by; else None."""
    name = node.get("ParameterKey") if isinstance(node, dict) else None
    return name if isinstance(name, str) else None


def cfn_json_parameters(word: str) -> list[dict[str, Any]] | None:
    """The CloudFormation parameters of a command line's word in JSON (``aws cloudformation create-stack
    --parameters '[{"ParameterKey": "DBPassword", "ParameterValue": "..."}]'``, also one object alone),
    its quotes removed: each object of the list (``cfn_parameter_name`` gives its name); None for a word
    that is no JSON list or object or names no ``ParameterKey``. One parse of the word (``gojson``)."""
    text = word.strip().strip("\"'")
    if text[:1] not in JSON_STARTS or '"ParameterKey"' not in text:
        return None
    try:
        doc = gojson.loads(text)
    except orjson.JSONDecodeError:
        return None
    found = [item for item in (doc if isinstance(doc, list) else [doc]) if cfn_parameter_name(item) is not None]
    return found or None


_CFN_PARAMETER_FIELDS = frozenset(("ParameterKey", "ParameterValue", "UsePreviousValue", "ResolvedValue"))


def cfn_shorthand_parameter(word: str) -> dict[str, str] | None:
    """The fields of a CloudFormation parameter in the AWS CLI's shorthand, one word of ``aws
    cloudformation create-stack|update-stack|create-change-set --parameters`` (also ``sam deploy
    --parameter-overrides``): ``ParameterKey=DBPassword,ParameterValue=...[,UsePreviousValue=...]``,
    its quotes removed; a comma in the value that no field's name follows is the value's (a list
    parameter's). None for a word that starts with no ``ParameterKey=`` nor ``ParameterValue=`` or
    holds another field. One pass over the word."""
    text = word.strip("\"'")
    if not text.startswith(("ParameterKey=", "ParameterValue=")):
        return None
    fields: dict[str, str] = {}
    field = ""
    for part in text.split(","):
        name, equals, value = part.partition("=")
        if equals and name in _CFN_PARAMETER_FIELDS and name not in fields:
            field = name
            fields[name] = value
        elif field == "ParameterValue":
            fields[field] += "," + part
        else:
            return None
    return fields


_CHEF_ENCRYPTED_FIELDS = frozenset(("encrypted_data", "iv", "version", "cipher", "hmac", "auth_tag"))


def _chef_encrypted_value(node: Any) -> bool:
    """Whether an object is a value of a Chef encrypted data bag item, as ``knife data bag create
    --secret-file`` writes it (``"password": {"encrypted_data": "...", "iv": "...", "version": 3,
    "cipher": "aes-256-gcm", "auth_tag": "..."}``): a ciphertext, its IV and how it was made,
    decrypted with the data bag secret kept elsewhere. Its fields and no other key."""
    return (
        isinstance(node, dict)
        and "encrypted_data" in node
        and "iv" in node
        and "version" in node
        and len(node) <= len(_CHEF_ENCRYPTED_FIELDS)
        and all(field in _CHEF_ENCRYPTED_FIELDS for field in node)
    )


def _keycloak_metadata(key: str, node: Any) -> bool:
    """A Keycloak credential's ``credentialData`` (the hash algorithm and its parameters) and a
    password credential's ``secretData`` (the hash and its salt: a verifier, not the password);
    an OTP credential's ``secretData`` is its seed, a secret."""
    return isinstance(node, dict) and "type" in node and (
        key == "credentialData" or (key == "secretData" and node.get("type") == "password")
    )


def sensitive_under(sensitive: Callable[[str], bool], parent: str | int, key: str) -> bool:
    """Whether a neutral key says it holds a secret together with its parent's name: .NET's
    ``"Jwt": {"Key": ...}`` (a JWT key), Consul's ``"tokens": {"master": ...}`` (a token), while
    ``"tokens": {"expiry": ...}`` and ``"password": {"minLength": ...}`` describe one. Under a
    parent that is not sensitive itself, only a ``key`` child counts: ``"cache": {"key": ...}`` is
    judged as ``cache_key`` (neutral), ``"signing": {"key": ...}`` as ``signing_key``, and
    ``"secretKeyRef": {"key": ...}`` or ``"secret": {"key": ...}`` (a Secret's key) not at all. A
    vendor extension of an OpenAPI schema (``x-kubernetes-patch-merge-key``) describes its parent, and
    so does a key that identifies or describes what the parent names (``describes_its_parent``:
    ``source_credentials.client_id``, ``secret.help_text``, a paginator's ``result_key``). A
    ``cookie`` under a parent named for a node (EMQX's ``node { cookie = ... }``) is an Erlang cookie;
    under any other (``session { cookie = ... }``) it names or describes a web cookie."""
    if not isinstance(parent, str) or key[:2] in ("x-", "X-") or not sensitive(f"{parent}_{key}") or describes_its_parent(key):
        return False
    if key.lower() in ("key", "keys") and names_a_secret_object(parent):
        return False  # {"existingSecret": {"name": ..., "key": "password"}} names a Secret's key
    if sensitive(parent) or (key.lower() == "cookie" and parent.lower().endswith(ERLANG_COOKIE_OWNERS)):
        return True  # EMQX's node { cookie = ... }: an Erlang cookie, as node.cookie is (SECRETS_AT_END)
    # a parent that names a secret without being one describes it: secretKeyRef's key is the Secret's key
    return key.lower() in ("key", "keys") and not mentions_a_secret(parent)


def _json_path(parts: tuple[str | int, ...]) -> str:
    """``db.password``, ``servers[0].apiKey``. A key that may be a credential itself (a map from
    tokens to users: 16+ letters and digits, mixed, in a row) or is long shows as ``*``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        out += ("." if out else "") + ("*" if hidden_part(part) else part)
    return out


def _json_items(node: dict[str, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


def _json_key_at(text: str, quoted: str, start: int) -> int:
    """Where ``"key":`` occurs in ``text`` from ``start`` (a quoted string followed by a colon), or -1."""
    at = text.find(quoted, start)
    while at >= 0:
        after = at + len(quoted)
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if text[after : after + 1] == ":":
            return at
        at = text.find(quoted, at + 1)
    return -1
