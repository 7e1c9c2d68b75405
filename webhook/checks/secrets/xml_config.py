"""XML held as text (Maven's settings.xml, tomcat-users.xml, .NET's app.config, Hibernate's and Hadoop's
properties): the sensitive elements and attributes with a literal value, and the lines their values
run onto."""

from __future__ import annotations

import re

from webhook.checks.secrets.names import Names
from webhook.checks.secrets.setting_values import hex_digest_under_a_digest_name, pair_setting
from webhook.checks.secrets.values import setting_literal
from webhook.yamlsafe import LineCounter

_XML_ELEMENT = re.compile(r"<(?P<name>[A-Za-z_][\w.\-]*+)(?P<attributes>\s[^<>]*+)?>(?P<value>[^<]++)</(?P=name)\s*+>")
"""``<password>...</password>`` (Maven settings.xml, ...), also an element a ``name`` or ``key``
attribute names (Hibernate's ``<property name="hibernate.connection.password">...</property>``)."""
_XML_NAMED_VALUE = re.compile(
    r"<name>\s*+(?P<name>[^<\s]++)\s*+</name>\s*+(?:<description>[^<]*+</description>\s*+)?+<value>(?P<value>[^<]*+)</value>"
)
"""Hadoop's ``<property>``: a ``<name>`` element naming the ``<value>`` element right after it (maybe
after a ``<description>``), as in ``hive-site.xml`` and ``core-site.xml``."""
_XML_TAG = re.compile(r"(?<!<)<[A-Za-z_][\w.\-:]*+(?P<attributes>\s[^<>]*+)")
"""A tag and its attributes; ``<<EOT`` opens a heredoc (HCL, Ruby, the shell), no tag: its lines are
the heredoc's text."""
_XML_ATTRIBUTE = re.compile(
    r"(?<![\w.\-:])(?:(?![A-Za-z_])[\w.\-:])*+(?P<name>[A-Za-z_][\w.\-:]*+)\s*+=\s*+(?:\"(?P<dq>[^\"]*+)\"|'(?P<sq>[^']*+)')"
)
"""In a tag: ``password="..."`` (tomcat-users.xml, server.xml...), and a ``key``/``name`` attribute
naming the ``value`` attribute (``<add key="ApiKey" value="..."/>``, ``<property name="password"
value="..."/>``). Tried only where a run of name characters starts, its name from its first letter
on: a try from inside the run reaches the same end and fails the same way, and trying each of its
characters would cost time quadratic in the run's length (``<a `` and a megabyte of letters)."""

_MAVEN_ENCRYPTED = re.compile(r"(?:[^{}\n]*[ \t])?+\{[A-Za-z0-9+/]{16,}+={0,2}+\}(?:[ \t][^{}\n]*+)?+")
"""A password Maven encrypted with its master password (``mvn --encrypt-password``), as
``settings.xml`` keeps a ``<server>``'s ``<password>`` or ``<passphrase>``: base64 in braces
(``{COQLCE6DU6GtcS5P=}``), maybe with a comment before or after it apart by a blank (``Oleg reset
this password on 2009-03-11 {COQLCE6DU6GtcS5P=}``); the master is kept elsewhere
(``settings-security.xml``). A short or non-base64 text in braces (``{hunter2}``, ``{pass-word}``)
or text glued to the braces is judged as written. The first blank-ended prefix is found by
backing up over one run, once: linear."""
_MAVEN_ENCRYPTED_ELEMENTS = frozenset({"password", "passphrase"})


def add_xml_element_settings(names: Names, text: str, found: dict[tuple[int, str], None], values: set[int]) -> None:
    """Adds each ``<password>...</password>`` element holding a literal to ``found``, and the lines
    the text of a sensitive element runs onto to ``values``. A digest in hex under a digest's name
    (ClickHouse's ``<password_sha256_hex>``, ``hex_digest_under_a_digest_name``) is none, and so is
    a password Maven encrypted (``<password>{COQLCE6DU6GtcS5P=}</password>``, ``_maven_encrypted``). In a
    ClickHouse config with ``<encryption_codecs>`` or an encrypted disk (``<type>encrypted</type>``),
    ``<key_hex>`` is the encryption key in hex (``from_env`` gives none); inside ``<zookeeper>``,
    ``<identity>`` is ``user:password`` (``_digest_identity_literal``)."""
    lines = LineCounter(text)
    zookeeper = _ZookeeperBlocks(text) if "<identity" in text and "zookeeper" in text else None
    encryption = "<key_hex" in text and ("<encryption_codecs" in text or "<type>encrypted</type>" in text)
    for match in _XML_ELEMENT.finditer(text):
        setting = _element_setting(names, match)
        if setting is None and encryption and match.group("name") == "key_hex" and not names.is_allowed("key_hex"):
            setting = "key_hex"  # ClickHouse's encryption codecs' and encrypted disks' key, in hex
        if setting is None and zookeeper is not None and match.group("name") == "identity" and zookeeper.inside(match.start()):
            if not names.is_allowed("zookeeper.identity") and _digest_identity_literal(match.group("value").strip()):
                found[(lines.at(match.start()), "zookeeper.identity")] = None
            continue
        if setting is not None:
            line = lines.at(match.start())
            values.update(_lines_run_onto(lines, match, "value"))
            value = match.group("value").strip()
            if setting_literal(value) is not None and not hex_digest_under_a_digest_name(setting, value) and not _maven_encrypted(match, value):
                found[(line, setting)] = None
    if "<type>encrypted</type>" in text and "<key" in text and not names.is_allowed("key"):
        _add_encrypted_disk_keys(text, lines, found)
    if "<name>" in text:
        _add_named_values(names, text, found, values)


_XML_TAG_OR_COMMENT = re.compile(r"<!--|<(?P<close>/?+)(?P<name>[A-Za-z_][\w.\-:]*+)(?P<rest>[^<>]*+)>")
"""An XML comment's start, or a tag (``<key>``, ``</disk>``, ``<key from_env="K"/>``)."""


def _add_encrypted_disk_keys(text: str, lines: LineCounter, found: dict[tuple[int, str], None]) -> None:
    """Adds each ``<key>`` holding a literal of a ClickHouse encrypted disk (``<disks>`` /
    ``<name>`` / ``<type>encrypted</type>``, ``<key>...</key>`` beside it, before or after): the
    disk's encryption key. A ``<key>`` of another element, ``<key from_env="K"/>`` and one in a
    comment are none. The tags are read once, in order (linear over the text)."""
    stack: list[tuple[str, list[int]]] = []  # open elements, outermost first: name, the lines of its <key>s with a literal
    encrypted: set[int] = set()  # the depths (len(stack)) of open elements whose <type> is encrypted
    at = 0
    while (match := _XML_TAG_OR_COMMENT.search(text, at)) is not None:
        at = match.end()
        if match.group("name") is None:  # <!--: past its end
            end = text.find("-->", at)
            if end < 0:
                return
            at = end + 3
            continue
        name = match.group("name")
        if match.group("close"):
            while stack:
                depth = len(stack)
                opened, keys = stack.pop()
                if depth in encrypted:
                    encrypted.discard(depth)
                    if stack and stack[-1][0] == "disks":
                        for line in keys:
                            found[(line, "key")] = None
                if opened == name:
                    break
            continue
        if match.group("rest").endswith("/"):
            continue  # <key from_env="DISK_KEY"/>: no text
        if name == "type" and stack and text.startswith("encrypted</type>", at):
            encrypted.add(len(stack))
        elif name == "key" and stack and (end := text.find("<", at)) >= 0 and text.startswith("</key>", end):
            if setting_literal(text[at:end].strip()) is not None:
                stack[-1][1].append(lines.at(match.start()))
        stack.append((name, []))


def _maven_encrypted(match: re.Match[str], value: str) -> bool:
    """Whether an element (``_XML_ELEMENT``'s ``match``) is a ``<password>`` or ``<passphrase>``
    holding a password Maven encrypted (``_MAVEN_ENCRYPTED``)."""
    return match.group("name") in _MAVEN_ENCRYPTED_ELEMENTS and "{" in value and _MAVEN_ENCRYPTED.fullmatch(value) is not None


_ZOOKEEPER_TAG = re.compile(r"<(/?+)(?:zookeeper|auxiliary_zookeepers)[\s>]")
"""ClickHouse's ``<zookeeper>`` (and ``<auxiliary_zookeepers>``) element opened or closed."""


class _ZookeeperBlocks:
    """Where ClickHouse's ``<zookeeper>`` / ``<auxiliary_zookeepers>`` elements of a text are open: its
    tags found once, each element's start then looked up in text order (linear over the text)."""

    __slots__ = ("tags", "at", "open")

    def __init__(self, text: str) -> None:
        self.tags = [(tag.start(), tag.group(1) == "") for tag in _ZOOKEEPER_TAG.finditer(text)]
        self.at = 0
        self.open = 0

    def inside(self, start: int) -> bool:
        """Whether ``start`` (asked in increasing order) is inside such an element."""
        while self.at < len(self.tags) and self.tags[self.at][0] < start:
            self.open = self.open + 1 if self.tags[self.at][1] else max(0, self.open - 1)
            self.at += 1
        return self.open > 0


def _digest_identity_literal(value: str) -> bool:
    """Whether ClickHouse's ``<zookeeper><identity>user:password</identity>`` (ZooKeeper's digest
    scheme, ``addauth digest user:password``) holds a password in plain text: a literal after the
    first ``:``. A reference (``from_env`` gives no text) or an empty password is none."""
    user, colon, password = value.partition(":")
    return bool(colon and user and password) and setting_literal(password) is not None


def _element_setting(names: Names, match: re.Match[str]) -> str | None:
    """The sensitive setting an element (``_XML_ELEMENT``'s ``match``) holds: its own name, or the
    one its ``name`` or ``key`` attribute gives when it has no ``value`` attribute (that one is
    ``add_xml_attribute_settings``'); None for a neutral one."""
    if names.sensitive(match.group("name")):
        return match.group("name")
    text = match.group("attributes")
    if not text or ("name" not in text and "key" not in text):
        return None
    attributes = {m.group("name"): m.group("dq") if m.group("dq") is not None else m.group("sq")
                  for m in _XML_ATTRIBUTE.finditer(text)}  # fmt: skip
    named = attributes.get("name", attributes.get("key"))
    if named and "value" not in attributes and names.sensitive(named):
        return pair_setting(named)
    return None


def _add_named_values(names: Names, text: str, found: dict[tuple[int, str], None], values: set[int]) -> None:
    """Adds each Hadoop ``<value>`` a sensitive ``<name>`` names (``_XML_NAMED_VALUE``) holding a
    literal to ``found``, at the value's line, and the lines it runs onto to ``values``."""
    lines = LineCounter(text)
    for match in _XML_NAMED_VALUE.finditer(text):
        if names.sensitive(match.group("name")):
            line = lines.at(match.start("value"))
            values.update(_lines_run_onto(lines, match, "value"))
            value = match.group("value").strip()
            if setting_literal(value) is not None and not hex_digest_under_a_digest_name(match.group("name"), value):
                found[(line, pair_setting(match.group("name")))] = None


def _lines_run_onto(lines: LineCounter, match: re.Match[str], group: str) -> range:
    """The lines a value (``match``'s ``group``) runs onto after its first (asked of ``lines`` in
    the text's order, as it counts them)."""
    if "\n" not in match.group(group):
        return range(0)
    return range(lines.at(match.start(group)) + 1, lines.at(match.end(group)) + 1)


_HEX_DIGEST_LENGTHS = {"md5": 32, "sha256": 64}
"""Apache Guacamole's ``user-mapping.xml``: ``<authorize username=... password=... encoding="md5">``
(or ``"sha256"``) gives the password's hash, in hex digits, not the password."""


def _hashed_as_encoded(attributes: dict[str, str], name: str) -> bool:
    """Whether a ``password`` attribute is the hex digest its tag's ``encoding`` attribute names
    (``_HEX_DIGEST_LENGTHS``), a hash rather than a password in plain text."""
    encoding = attributes.get("encoding")
    if encoding is None or name != "password":
        return False
    password = attributes[name]
    return len(password) == _HEX_DIGEST_LENGTHS.get(encoding.lower()) and all(c in "0123456789abcdefABCDEF" for c in password)


_CREDENTIAL_REFERENCE = "credential-reference"
"""The tag of WildFly's (Elytron's) ``<credential-reference clear-text="..."/>``: its ``clear-text`` attribute is
the password itself, of a key store, a credential store or a datasource; ``store=`` and ``alias=``
name one kept in a credential store instead."""
_CLEAR_TEXT_SETTING = "credential-reference clear-text"
_JETTY_PROPERTY_TAGS = frozenset({"Property", "SystemProperty", "Env"})
"""Tags of Jetty's XML (``jetty-ssl-context.xml``): ``<Property name="jetty.sslContext.keyStorePassword"
default="..."/>`` reads a property, its ``default`` used when none is set: written in plain text."""
_JETTY_DEMO_DEFAULTS = frozenset({"OBF:1vny1zlo1x8e1vnw1vn61x8g1zlu1vn4", "OBF:1u2u1wml1z7s1z7a1wnl1u2g"})
"""The defaults Jetty's own ``jetty-ssl-context.xml`` ships, ``storepwd`` and ``keypwd`` obfuscated: the
public passwords of its demo key store, which ``ssl.ini``'s properties override. Another ``OBF:`` is reported."""
_STOCK_KEY_STORE = re.compile(r'<key-(?:store|manager)\s[^<>]*?\bname="application(?:KS|KM)"[^<>]*+>\s*+\Z')
"""The ``applicationKS`` key store and ``applicationKM`` key manager of every stock WildFly ``standalone.xml``,
whose ``<credential-reference clear-text="password"/>`` (right after the opening tag) opens the key store of
the self-signed certificate WildFly generates on first use: the distribution's own config, not a secret."""


def add_xml_attribute_settings(names: Names, text: str, found: dict[tuple[int, str], None], values: set[int]) -> None:
    """Adds each sensitive attribute holding a literal (``password="..."``) to ``found``, and each
    ``value`` attribute a ``key`` or ``name`` attribute names sensitive (``<add key="ApiKey"
    value="..."/>``), at the ``value`` attribute's line; the lines the value of either runs onto
    go to ``values``. A ``password`` that an ``<authorize>`` tag's ``encoding`` says is a hash
    (Guacamole's ``encoding="md5"``, ``_hashed_as_encoded``) is none. The ``clear-text`` attribute
    of WildFly's ``<credential-reference>`` (``_CREDENTIAL_REFERENCE``) is a password too, also a
    ``MASK-...`` one (PicketBox's masking, reversible with its well-known default key), but for
    the stock ``password`` of WildFly's own ``applicationKS`` (``_STOCK_KEY_STORE``). The ``default``
    of Jetty's ``<Property>`` a sensitive ``name`` names (``_JETTY_PROPERTY_TAGS``) is reported at its line."""
    lines = LineCounter(text)
    for tag in _XML_TAG.finditer(text):
        attributes: dict[str, str] = {}
        literals: list[tuple[int, str]] = []  # (line, name) of each sensitive attribute with a literal
        value_line = 0  # the line of the value attribute
        value_lines = range(0)  # the lines it runs onto
        default_line, default_lines = 0, range(0)  # the same of a default attribute
        tag_name = text[tag.start() + 1 : tag.start("attributes")]
        credential_reference = tag_name == _CREDENTIAL_REFERENCE  # the whole tag name: not <credential-reference-store
        for match in _XML_ATTRIBUTE.finditer(text, tag.start("attributes"), tag.end("attributes")):
            name, quoted = match.group("name"), "dq" if match.group("dq") is not None else "sq"
            value = match.group(quoted)
            attributes[name] = value
            line = lines.at(match.start("name"))
            if name == "value":
                value_line, value_lines = line, _lines_run_onto(lines, match, quoted)
            elif name == "default":
                default_line, default_lines = line, _lines_run_onto(lines, match, quoted)
            if credential_reference and name == "clear-text":
                values.update(_lines_run_onto(lines, match, quoted))
                if setting_literal(value) is not None and not (
                    value == "password" and _STOCK_KEY_STORE.search(text[max(0, tag.start() - 200) : tag.start()])
                ):
                    literals.append((line, _CLEAR_TEXT_SETTING))
            elif names.sensitive(name):
                values.update(_lines_run_onto(lines, match, quoted))
                if setting_literal(value) is not None:
                    literals.append((line, name))
        authorize = tag_name.startswith("authorize")
        for line, name in literals:
            if not (authorize and _hashed_as_encoded(attributes, name)):
                found[(line, name)] = None
        named = attributes.get("key", attributes.get("name"))
        if named and "value" in attributes and names.sensitive(named):
            values.update(value_lines)
            if setting_literal(attributes["value"]) is not None:
                found[(value_line, pair_setting(named))] = None
        elif named and default_line and tag_name in _JETTY_PROPERTY_TAGS and names.sensitive(named):
            values.update(default_lines)
            if setting_literal(attributes["default"]) is not None and attributes["default"] not in _JETTY_DEMO_DEFAULTS:
                found[(default_line, pair_setting(named))] = None
