"""ConfigMaps: the plain-text secrets in ``data`` and ``binaryData`` (base64-decoded when it is
text). A key that is itself a credential is reported without showing it; a value is judged for
credential patterns, under its key's name, or, for config files (by key suffix or content), setting
by setting through ``config_files``; a password file (``.pgpass``, ``.htpasswd``) line by line; a shell script command by
command, like a container's ``sh -c`` script (``mysql -p...``, ``curl -H``)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from webhook.checks.base import Violation, counted
from webhook.checks.secrets.command_lines import commands_of
from webhook.checks.secrets.commands import (
    ERLANG_VM_ARGS_SUFFIXES,
    JVM_OPTIONS_SUFFIXES,
    jvm_option_settings,
    script_findings,
    vm_args_cookies,
    without_parts,
    yaml_argument_flags,
)
from webhook.checks.secrets.stdin_secrets import SecretRead, read_spans
from webhook.checks.secrets.config_files import (
    HCL_SUFFIXES,
    NO_TRAILING_COMMENTS,
    argo_cd_repository_references,
    config_settings,
    hcl_expression_line,
    inventory_settings,
    is_inventory,
    maxscale_config,
    may_hold_settings,
)
from webhook.checks.secrets.headers import header_list_settings
from webhook.checks.secrets.names import Names, token_runs_hidden
from webhook.checks.secrets.password_files import (
    only_hashed_passwords,
    openvpn_auth_file_lines,
    openvpn_auth_files,
    password_file_lines,
    rubygems_credentials_lines,
    settings_in_a_credentials_file,
    smb_credentials_elsewhere,
)
from webhook.checks.secrets.setting_values import a_count, argo_cd_secret_reference, hex_digest_under_a_digest_name, names_a_stored_credential
from webhook.checks.secrets.source_code import code_set_apart, source_code_suffix
from webhook.checks.secrets.web_auth import web_and_mail_auth_lines
from webhook.checks.secrets.values import (
    CONNECTION_KINDS,
    CONNECTION_STRING,
    continued_connection_password_lines,
    credential_kind,
    credential_kinds,
    credential_start,
    hidden_identity,
    is_lone_password_setting,
    jaas_entries,
    names_something_else,
    ordinal,
    password_setting_found,
    scalar_text,
    texts_judged_once,
)
from webhook.yamlsafe import LineCounter

SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
"""ConfigMap keys whose name says their text is a shell script, judged command by command (the
shells ``_SHEBANG`` knows a script by, but for the rare ``.dash`` and ``.ash``)."""
CONFIG_FILE_SUFFIXES = (
    ".json", ".yaml", ".yml", ".conf", ".cfg", ".ini", ".toml", ".properties", ".xml", ".env", *SCRIPT_SUFFIXES,
    ".py", ".lua", ".js", ".tpl", ".tmpl", ".template", *HCL_SUFFIXES, ".sls", ".eyaml",
)
"""ConfigMap keys that name a config file or a script: judged by their content, not by their name
(also Terraform's and Packer's HCL, ``secrets.auto.tfvars``, Salt's ``secrets.sls`` and hiera-eyaml's
``secrets.eyaml``, which hold references or ciphertexts as often as plain values)."""

FIX_CONFIGMAP = "move it into a Secret and mount or reference that Secret instead"
_SHEBANG = re.compile(r"#![ \t]*+\S*/(?:env[ \t]++)?(?:ba|da|a|z|k)?sh\b")
SHELL_LIKE_KEYS = (*SCRIPT_SUFFIXES, ".env")
"""ConfigMap keys whose name says their text is read as the shell reads it: a script, or a dotenv
file (``.env``, ``prod.env``), whose lines are no commands: a quoted value runs on there whatever
its name (``continued_values.open_shell_quote``)."""


def is_shell_script(key: str, text: str) -> bool:
    """Whether a ConfigMap entry is a shell script (``init.sh``, or a ``#!/bin/sh`` first line),
    whose commands are judged like a container's ``sh -c`` script."""
    return key.lower().endswith(SCRIPT_SUFFIXES) or _SHEBANG.match(text) is not None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _key_credential(field: str, key: str) -> Violation | None:
    """A key that is itself a credential (a token, a URL with a password): reported without
    showing it, in the message or the path (the API server refuses most such keys, the offline
    CLI reads them). Its item tells it from another such key (``hidden_identity``): swapping one for
    another on UPDATE is a new finding."""
    kind = credential_kind(key)
    if not kind:
        return None
    item = f"{field} key {hidden_identity(key)}"
    return Violation(f"/{field}/<hidden key>", f"a {field} key is itself {kind} (not shown)", FIX_CONFIGMAP, item=item)


LINES_LISTED = 20
"""Findings listed per ConfigMap entry, one per line; the lines after them are counted in one more
finding. An entry's text is the one place where findings grow with the input line by line (a
16 MB generated file would otherwise give a million findings, in every report and audit record)."""
UNLISTED_COMPARED = 1000
"""The lines past ``LINES_LISTED`` whose problem (what they set, never their value) is kept in the
counting finding's parts, compared on UPDATE: past them, more secrets only warn."""


def configmap_violations(names: Names, obj: dict[str, Any]) -> Iterator[Violation]:
    data = obj.get("data")
    entries = [(str(key), text) for key, value in (data.items() if isinstance(data, dict) else ()) if (text := scalar_text(value)) is not None]
    auth_files = openvpn_auth_files(entries)  # auth-user-pass /etc/openvpn/auth.txt in client.ovpn: the key auth.txt
    for key, text in entries:
        yield from _entry_violations(names, "data", key, text, auth_files)
    binary = obj.get("binaryData")
    for key, value in (binary.items() if isinstance(binary, dict) else ()):
        yield from _entry_violations(names, "binaryData", str(key), _decoded_text(value), auth_files)


def _entry_violations(names: Names, field: str, key: str, text: str | None, auth_files: frozenset[str] = frozenset()) -> Iterator[Violation]:
    """One ``data`` or ``binaryData`` entry, judged the same way; ``text`` is the (decoded) value,
    None for binary content, whose key alone can then be judged. ``auth_files``: the keys an OpenVPN
    profile among the ConfigMap's ``data`` reads its user and password from (``openvpn_auth_files``),
    such a key's text of two lines judged as that file (``openvpn_auth_file_lines``)."""
    if (leak := _key_credential(field, key)) is not None:
        yield leak
        return
    if names.is_allowed(key):
        return
    path = f"/{field}/" + _escape(key)
    shown = token_runs_hidden(key)  # a run in it that may be a token: "*"
    subject, decoded = (f'key "{shown}"', "") if field == "data" else (f'binaryData key "{shown}"', "base64-decoded")
    found_list: list[Found] | None = None
    if text is not None and key in auth_files and (auth_lines := openvpn_auth_file_lines(text)) is not None:
        found_list = [(number, f"{subject} holds an OpenVPN auth-user-pass password in plain text", ()) for number in auth_lines]
    elif text is not None:
        with texts_judged_once():  # its short texts judged once over its readings (commands, messages, settings), then dropped
            found_list = None if (found := _text_found(names, key, text, subject)) is None else list(found)
    if found_list is not None:
        yield from _listed(path, subject, decoded, iter(found_list))
    elif not source_code_suffix(key.lower()) and not key.lower().endswith(CONFIG_FILE_SUFFIXES) and names.sensitive(key):  # Password.java: a class's file
        yield Violation(path, f"{subject} looks like a secret", FIX_CONFIGMAP)


_RESOLVER_PRELOAD = re.compile(r"(?<![\w.\-])resolver_preload[ \t]*+[:=]?+\s*+\{")
"""The opening of a NATS server's ``resolver_preload`` block (``resolver_preload: {``,
``resolver_preload = {``, ``resolver_preload {``): account public keys mapped to account JWTs."""
_JWT_RUN = re.compile(r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]++\.[A-Za-z0-9_\-]++\.[A-Za-z0-9_\-]*+")
"""A JSON Web Token's run of base64url, tried at a run's start only (``eyJeyJ...``: one try)."""


def account_jwts_blanked(text: str) -> str:
    """``text`` with each JSON Web Token in a NATS ``resolver_preload`` block (up to its ``}``) written
    as blanks: an account's JWT, signed by its operator, is public (its claims name the account's
    limits and signing keys, none of them secret; a user's ``.creds`` file is reported by its nkey
    seed). One pass: a block is read up to the first ``}`` after it (its entries hold no brace),
    and none is looked for past a block that does not close."""
    if "resolver_preload" not in text:
        return text
    parts: list[str] = []
    done = 0
    for opened in _RESOLVER_PRELOAD.finditer(text):
        if opened.start() < done:
            continue
        closing = text.find("}", opened.end())
        if closing < 0:
            break
        parts.append(text[done : opened.end()])
        parts.append(_JWT_RUN.sub(lambda jwt: " " * len(jwt.group()), text[opened.end() : closing]))
        done = closing
    return "".join(parts) + text[done:] if parts else text


def _text_found(names: Names, key: str, text: str, subject: str, first: bool = False) -> Iterator[Found] | None:
    """(line, problem, parts) for each secret of an entry's text, judged under its key (``subject``:
    the key as messages show it), without the account JWTs of a NATS ``resolver_preload`` block
    (``account_jwts_blanked``); None when the text is judged by the key's name alone (a key naming
    a secret, ``db-password``, whose text names nothing else: the entry looks like one). ``first``:
    whether there is one is all that is asked (``written_file_holds_a_secret``): the settings are
    read up to the first that is surely kept (``config_settings``), not to the end."""
    text = account_jwts_blanked(text)
    source = source_code_suffix(key.lower())  # "" unless the key names source code
    judged = code_set_apart(text, source) if source else text  # in code, pairs only in strings
    kind = credential_kind(judged, settings_apart=True, in_code=bool(source))
    if kind in CONNECTION_KINDS and is_lone_password_setting(text):
        kind = None  # PASSWORD=... alone: a setting, read with the entry's lines
    headers = header_list_settings(names, key, text) if key[-7:].upper() == "HEADERS" else []
    if headers:  # OTEL_EXPORTER_OTLP_HEADERS: each header, by its name
        return ((0, f'{subject} sets header "{token_runs_hidden(header)}" in plain text', ()) for header in headers)
    if kind:
        return _credentials_found(names, key, text, subject, kind, source, judged)
    if (alone := password_setting_found(text)) is not None:  # host=db, password=... one per line
        settings = [(number, problem, ()) for number, problem in islice(_lines_found(names, key, text, subject, source, first=first), 1 if first else None)]
        if not settings and not source and not maxscale_config(text):  # in code: keyword arguments, judged as code; maxpasswd's output: none
            multiline = "\n" in text.strip() or "\r" in text.strip()  # of several lines: the one its password= is on
            settings = [(_line_at(text, alone[1]) if multiline else 0, f"{subject} holds {alone[0]} in plain text", ())]
        return iter(settings)
    if not source and (password_lines := password_file_lines(key.lower(), text)) is not None:
        return ((number, f"{subject} sets a password in plain text", ()) for number in password_lines)  # .htpasswd: its lines of hashes are none
    if not source and (api_keys := rubygems_credentials_lines(key.lower(), text)) is not None:  # ~/.gem/credentials: :rubygems_api_key: ...
        return ((number, f'{subject} sets "{token_runs_hidden(name)}" in plain text', ()) for number, name in api_keys)
    if not source and (settings_in_a_credentials_file(key.lower(), text) or argo_cd_repository_references(text)):
        # ~/.aws/credentials: [default] / aws_access_key_id = ...; argocd-cm's repository.credentials: - url: ... / passwordSecret: ...
        return ((number, problem, ()) for number, problem in _lines_found(names, key, text, subject, source, first=first))
    if not source and not key.lower().endswith(CONFIG_FILE_SUFFIXES) and names.sensitive(key):  # Password.java: a class's file
        if not (
            names_something_else(text)
            or a_count(key, text)
            or names_a_stored_credential(key, text)
            or smb_credentials_elsewhere(key.lower(), text)  # .smbcredentials: see-secret-smb-creds
            or argo_cd_secret_reference(text)  # argocd-cm's webhook.github.secret: $webhook.github.secret
            or only_hashed_passwords(text)  # Mosquitto's passwd: user:$7$..., hashes only
            or hex_digest_under_a_digest_name(key, text)  # ADMIN_PASSWORD_SHA256: <64 hex>, a digest (envFrom's env var)
        ):
            return None
        return iter(())
    return ((number, problem, ()) for number, problem in _lines_found(names, key, text, subject, source, first=first))


def written_file_holds_a_secret(names: Names, name: str, text: str) -> bool:
    """Whether a file a shell script writes (``cat > /etc/app/config.json <<EOF``, ``echo ... >
    ~/.my.cnf``: its base name and the text written) holds a secret in plain text, as a ConfigMap
    entry of that key and text would (``_text_found``): by its text, never by its name alone (``echo
    "$PW" > /run/db-password`` writes a reference); a shell script, a crontab or a unit is none (its
    lines are the writing script's, read as its commands already), nor a name that is itself a
    credential or allowed, nor a blank text (nothing to judge, as a ConfigMap entry's blank value is
    not read: ``scalar_text``; ``echo " " > /tmp/db-password``)."""
    lowered = name.lower()
    if not name or not text or text.isspace() or names.is_allowed(name) or credential_kind(name) or is_shell_script(name, text) or commands_of(lowered, text) is not None:
        return False
    found = _text_found(names, name, text, "", first=True)
    return found is not None and next(found, None) is not None


Found = tuple[int, str, tuple[str, ...]]
"""(line, problem, parts) of a finding in an entry's text."""


def _credentials_found(names: Names, key: str, text: str, subject: str, kind: str, source: str, judged: str) -> Iterator[Found]:
    """(line, problem, parts) for each secret of an entry that holds a credential (``kind``, found
    in the whole text). Alone, it is the entry's, said as ever; in a text of several lines with
    more, each line holding one, each credential written over several lines (a JAAS entry) and the
    other secrets found (config settings, script commands) on other lines are findings of their
    own, so that a second connection string or password added to the entry is new on UPDATE. A
    JAAS entry's parts are the options that set a password in it (``password``, ``user_alice``):
    one added inside the entry is new too. ``source``: the key's ``source_code_suffix``. ``judged``:
    the text its credentials are looked for in (in source code, ``code_set_apart``'s)."""
    commands, taken, shown = _script_lines(names, key, text, subject)  # taken: a reader's secret, reported as the reader's
    if "\n" not in text.strip() and "\r" not in text.strip():
        on_the_line = _on_one_line(subject, judged, kind, in_code=bool(source))
        if len(on_the_line) == 1:
            yield 0, f"{subject} holds {kind} in plain text", on_the_line[0][1]
        else:
            yield from ((0, problem, parts) for problem, parts in on_the_line)
        yield from ((0, problem, ()) for problem in _beside_credentials(judged, [each for line in commands.values() for each in line]))
        return
    lines = LineCounter(text)
    found: list[Found] = []
    spanned: set[int] = set()  # the lines of a JAAS entry written over several
    continued: set[int] = set()  # their first lines
    for rank, (start, stop, options) in enumerate(_spanning_jaas_entries(judged), start=1):
        first, last = lines.at(start), lines.at(max(start, stop - 1))
        spanned.update(range(first, last + 1))
        continued.add(first)
        problem = f"{subject} holds {JAAS_LABEL} in plain text" + (f", the {ordinal(rank)} of its kind in the entry" if rank > 1 else "")
        found.append((first, problem, counted(options, UNLISTED_COMPARED)))
    lines_with_one: set[int] = set()
    continued_passwords = continued_connection_password_lines(judged)  # ;Password= continuing the line above's
    for number, line in enumerate(judged.splitlines(), start=1):
        alone = _judged_line(number, line)
        line_kind = credential_kind(alone, settings_apart=True, in_code=bool(source)) if number not in taken else None
        if line_kind is None and number in continued_passwords and number not in taken:
            line_kind = CONNECTION_STRING
        if line_kind is not None:
            lines_with_one.add(number)
            found += [(number, problem, parts) for problem, parts in _on_one_line(subject, alone, line_kind, number in continued, in_code=bool(source))]
            found += [(number, problem, ()) for problem in _beside_credentials(alone, commands.get(number, []))]
    if not found and not taken:
        if kind in CONNECTION_KINDS and source:  # host=..., password=... over lines: keyword arguments
            yield from ((number, problem, ()) for number, problem in _lines_found(names, key, text, subject, source))
            return
        yield _starting_line(judged, kind, source), f"{subject} holds {kind} in plain text", ()
        return
    skipped = lines_with_one | spanned
    found += [(number, problem, ()) for number, problem in _lines_found(names, key, text, subject, source, (commands, taken, shown)) if number not in skipped]
    if len(found) == 1 and not taken:  # the entry's credential, said as ever, on its line
        number = found[0][0] if found[0][0] in lines_with_one | continued else _starting_line(judged, kind, source)
        yield number, f"{subject} holds {kind} in plain text", found[0][2]
        return
    yield from sorted(found)


JAAS_LABEL = "a JAAS login configuration with a password"


def _starting_line(judged: str, kind: str, source: str) -> int:
    """The line where the first credential of ``kind`` of a text of several lines starts (a PEM key,
    a SQL statement or a connection string written over lines: its first), as its finding names
    it; 0 (none named) when it is not found there. ``judged`` and ``source``: as for ``_credentials_found``."""
    start = credential_start(judged, kind, settings_apart=True, in_code=bool(source))
    return _line_at(judged, start) if start is not None else 0


def _line_at(text: str, at: int) -> int:
    """The line of ``text`` that offset ``at`` is on, counted as ``str.splitlines`` counts them (as
    an entry's lines are read one by one)."""
    return len((text[:at] + ".").splitlines())


def _judged_line(number: int, line: str) -> str:
    """Line ``number`` of a text of several lines, as it is judged alone: after a line break, as in
    the whole text (a pattern anchored at its start, ``Password=`` of an ADO.NET string, is not
    found at the start of a later line); the first line before one, as in the whole text
    (``PASSWORD=...`` alone on it is a setting, not such a string)."""
    return line + _MORE_LINES if number == 1 else _LATER_LINE + line


def credential_lines(text: str, among: set[int]) -> set[int]:
    """The lines ``among`` those of a text of several lines that hold a credential judged alone, and
    those of a JAAS entry written over several: the lines whose settings ``_credentials_found``
    does not report; and when none of them holds one, the first other line that does, if any (so
    that the set is empty only when no line holds one). The other lines are not judged."""
    lines = text.splitlines()
    continued = continued_connection_password_lines(text)
    held = {number for number in among if 0 < number <= len(lines) and (number in continued or _holds_a_credential(number, lines[number - 1]))}
    others = (number for number, line in enumerate(lines, start=1) if number not in among and (number in continued or _holds_a_credential(number, line)))
    if not held and (first := next(others, None)) is not None:
        held.add(first)
    if spanning := _spanning_jaas_entries(text):
        counter = LineCounter(text)
        for start, stop, _ in spanning:
            held.update(range(counter.at(start), counter.at(max(start, stop - 1)) + 1))
    return held


def _holds_a_credential(number: int, line: str) -> bool:
    return credential_kind(_judged_line(number, line), settings_apart=True) is not None


def _spanning_jaas_entries(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """The JAAS entries with a password that no single line holds."""
    if "LoginModule" not in text:
        return []
    return [entry for entry in jaas_entries(text) if "\n" in text[entry[0] : entry[1]]]


def _on_one_line(subject: str, line: str, kind: str, continued: bool = False, *, in_code: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """(problem, parts) of each credential on one line (``kind``: the first found), known by what it
    is and, after the first of its kind, its rank among them (``..., the 2nd of its kind on its
    line``): two DSNs on one line are two findings, and a second one added is new on UPDATE. A JAAS
    entry's parts are the options that set a password in it. ``continued``: a JAAS entry that starts
    on this line goes on below it, and is a finding of its own (``_credentials_found``), not one of
    this line's too (its password may be on this line). ``in_code``: ``line`` is one of a key named
    as source code, its ``=`` of code set apart (``credential_kind``)."""
    seen: dict[str, int] = {}
    out: list[tuple[str, tuple[str, ...]]] = []
    entries = list(jaas_entries(line)) if "LoginModule" in line else []
    kinds = credential_kinds(line, UNLISTED_COMPARED, settings_apart=True, in_code=in_code) or [kind]
    if continued and entries and entries[-1][1] == len(line) and JAAS_LABEL in kinds:  # cut by the line's end
        entries.pop()
        del kinds[len(kinds) - 1 - kinds[::-1].index(JAAS_LABEL)]
    jaas = [options for _, _, options in entries]
    for each in kinds:
        rank = seen[each] = seen.get(each, 0) + 1
        parts = counted(jaas[rank - 1], UNLISTED_COMPARED) if each == JAAS_LABEL and rank <= len(jaas) else ()
        out.append((f"{subject} holds {each} in plain text" + (f", the {ordinal(rank)} of its kind on its line" if rank > 1 else ""), parts))
    return out


_LATER_LINE = "\x00\n"
r"""Put before a line after the first when it is judged alone: what ``^`` matches is not that line's
start, and what ``(?<=\s)`` looks for is there."""
_MORE_LINES = "\n\x00"
"""Put after the first line of several when it is judged alone: text follows it on another line, as
in the whole text (a ``Password=`` entry alone at the start of a text of several lines is a config
file's setting, not a connection string)."""


Commands = dict[int, list[tuple[str, str, str | None]]]
"""The problems of a script's commands by line (``_script_lines``), each with the word it is about
("" for a literal a command reads on its input) and, for such a literal, the text the reader takes
as its secret ("" for here-document lines, written on the lines below; None when not known)."""


def _script_lines(names: Names, key: str, text: str, subject: str) -> tuple[Commands, set[int], set[tuple[int, str]]]:
    """For a shell script (``is_shell_script``): the problems of its commands by line, the lines
    of a here-document a reader takes as its secret (``sudo -S id <<EOF``: the next line), which
    is reported as the reader's (a setting or a connection string written there is that secret),
    and (line, NAME) of each ``NAME=value`` a usage message shows how to set (``script_findings``'
    ``shown``: ``echo DB_PASSWORD=yourpassword``, ``cat >&2 <<EOF`` lines), no setting of the file."""
    commands: Commands = {}
    taken: set[int] = set()
    shown: list[tuple[int, str]] = []
    script = text if is_shell_script(key, text) else commands_of(key.lower(), text)  # a crontab's, a unit's
    if script is not None:  # a crontab's line may be longer than the text's (``commands_of``): its lines counted
        lines = LineCounter(script)
        read: list[SecretRead] = []
        known = 0  # the secrets read so far that a finding was given: one read is added just before its reader's finding
        for offset, problem, word in script_findings(names, script, read=read, shown=shown):  # each secret of a command, or of a line
            secret: str | None = None
            if not word:
                if len(read) > known:
                    secret = read[-1].text if read[-1].start < 0 else ""
                known = len(read)
            commands.setdefault(lines.at(offset), []).append((f"{subject} {problem} in plain text", word, secret))
        counter = LineCounter(script)  # asked in the text's order, apart from the commands' lines
        for start, end in read_spans(read):
            taken.update(range(counter.at(start), counter.at(max(start, end - 1)) + 1))
        shown_lines = LineCounter(script)  # (one counter for them all: each line counted once)
        return commands, taken, {(shown_lines.at(offset), name) for offset, name in shown}
    return commands, taken, set()


WORDS_WEIGHED = 8
"""How many of the words a line's commands pass a secret in are each looked for among the
credentials of a line that holds one (``_beside_credentials``): each is a reading of the line."""


def _beside_credentials(line: str, commands: list[tuple[str, str, str | None]]) -> list[str]:
    """The problems of the commands of a line that holds a credential (``commands``: each with the
    word it is about and what a reader takes: ``Commands``) that are secrets of their own beside
    it: ``curl -H "Authorization: Bearer ..." && mysql -p...`` passes a password to mysql too,
    reported with the token, not hidden by it, and so does ``echo ... | docker login
    --password-stdin && curl -H "Authorization: Bearer ..."`` to docker, the text it reads weighed
    as a word. A problem is the credential's (not listed) when its word holds one, when the line
    holds fewer without the word (``psql "host=db password=..."``: a connection string; for a
    literal read on a command's input, the text it reads: ``echo ghp_... | docker login
    --password-stdin``, the token, while ``echo PASSWORD=... | ...`` is no credential of the
    line's), or when it is about such a literal whose text is not known. Here-document lines a
    reader takes are written below the line: none of its credentials. Past the first
    ``WORDS_WEIGHED`` words, one holding no credential is a secret of its own."""
    beside: list[str] = []
    counted = -1  # the credentials of the line, read once needed
    for problem, word, secret in commands:
        weighed = len(beside) < WORDS_WEIGHED
        if not word:
            if secret is None:
                continue
            if not secret:  # here-document lines
                beside.append(problem)
                continue
            word = secret
        elif credential_kind(word, settings_apart=True) is not None:
            continue
        if weighed:
            if counted < 0:
                counted = len(credential_kinds(line, UNLISTED_COMPARED, settings_apart=True))
            if len(credential_kinds(without_parts(line, [word]), UNLISTED_COMPARED, settings_apart=True)) < counted:
                continue
        elif secret and credential_kind(secret, settings_apart=True) is not None:  # a read past the words weighed
            continue
        beside.append(problem)
    return beside


def _lines_found(
    names: Names, key: str, text: str, subject: str, source: str, script: tuple[Commands, set[int], set[tuple[int, str]]] | None = None, first: bool = False
) -> Iterator[tuple[int, str]]:
    """(line, problem) for each line of an entry's text that holds a secret: config settings, the
    ``-DNAME=value`` options of a JVM options file, then the commands of a shell script. A script's
    line is read as commands first (``echo DB_PASSWORD=... | docker login --password-stdin`` passes
    a secret to docker, it is no INI key ``echo DB_PASSWORD``): a setting read on a line whose
    commands hold a secret gives way to them, said where the setting would have been, and one on a
    line a reader takes as its secret (``_script_lines``) is the reader's. ``source``: the key's
    ``source_code_suffix``. ``script``: the script's ``_script_lines``, when read already. ``first``:
    only the first is asked for (``_text_found``), the settings read up to one surely kept."""
    commands, taken, shown = script if script is not None else _script_lines(names, key, text, subject)
    reported: set[int] = set()
    lowered = key.lower()
    if source or may_hold_settings(text) or lowered.endswith(NO_TRAILING_COMMENTS):  # db.password hunter2: one line, no = or :
        shell, comments = lowered.endswith(SHELL_LIKE_KEYS), not lowered.endswith(NO_TRAILING_COMMENTS)
        lines = text.splitlines() if lowered.endswith(HCL_SUFFIXES) else None
        first = first and not taken and not shown and lines is None  # (none of the settings dropped below)
        for number, setting in config_settings(names, text, shell, comments, source, first, taken):  # (taken: dropped below)
            if number in taken or (number, setting) in shown:  # a usage message's NAME=<placeholder>
                continue
            if lines is not None and 0 < number <= len(lines) and hcl_expression_line(lines[number - 1]):
                continue  # password = var.db_password: an HCL expression, no literal
            if number not in commands:
                reported.add(number)
                yield number, f'{subject} sets "{setting}" in plain text'
            elif number not in reported:  # export DB_PASSWORD=...: a setting, said once
                reported.add(number)
                yield from ((number, problem) for problem, _, _ in commands[number])
    if not source and is_inventory(key, text):  # db1 db_password=...: a host line of an Ansible inventory
        for number, setting in inventory_settings(names, text):
            if number not in reported and number not in commands and number not in taken:
                reported.add(number)
                yield number, f'{subject} sets "{setting}" in plain text'
    if lowered.endswith(JVM_OPTIONS_SUFFIXES):
        options = [(number, option) for number, option in jvm_option_settings(names, text) if number not in reported and number not in commands and number not in taken]
        for number, option in options:
            reported.add(number)
            yield number, f"{subject} sets {option} in plain text"
    if not source and "--" in text:  # args: / - --oidc-client-secret=...: a YAML list of a program's arguments
        flags = [(number, problem) for number, problem in yaml_argument_flags(names, text) if number not in reported and number not in commands and number not in taken]
        for number, problem in flags:  # (a list on one line: each of its flags)
            reported.add(number)
            yield number, f"{subject} {problem} in plain text"
    if lowered.endswith(ERLANG_VM_ARGS_SUFFIXES):
        for number in vm_args_cookies(text):
            if number not in reported and number not in commands and number not in taken:
                reported.add(number)
                yield number, f'{subject} sets "-setcookie" in plain text'
    if not source:
        for number, setting in web_and_mail_auth_lines(text):  # the users of a web or mail server (web_auth): Traefik's users: ...
            if number not in reported and number not in commands and number not in taken:
                reported.add(number)
                yield number, f'{subject} sets "{setting}" in plain text'
    for number, problems in commands.items():
        if number not in reported:
            yield from ((number, problem) for problem, _, _ in problems)


def _listed(path: str, subject: str, decoded: str, found: Iterator[Found]) -> Iterator[Violation]:
    """A finding for each of the first ``LINES_LISTED`` lines found, then one counting the rest."""
    listed = more = 0
    first_unlisted = 0  # the first of the lines not listed (0: unknown)
    unlisted: list[str] = []  # what they are, up to UNLISTED_COMPARED (never a value)
    for number, problem, parts in found:
        if listed < LINES_LISTED:
            listed += 1
            # known on UPDATE by what it sets, not by its line (lines above it may come and go)
            yield Violation(path, f"{problem}{_where(decoded, number)}", FIX_CONFIGMAP, item=problem, parts=parts)
            continue
        more += 1
        if len(unlisted) < UNLISTED_COMPARED:
            unlisted.append(problem)
        if number and (not first_unlisted or number < first_unlisted):
            first_unlisted = number
    if more:
        where = ", ".join(part for part in (decoded, f"from line {first_unlisted} on" if first_unlisted else "") if part)
        listed_only = f"only the first {LINES_LISTED} are listed"
        yield Violation(
            path,
            f"{subject} holds {more} more secrets in plain text ({where + '; ' if where else ''}{listed_only})",
            FIX_CONFIGMAP,
            item=f"{subject} holds more secrets",
            parts=counted(unlisted, UNLISTED_COMPARED),  # on UPDATE: more of them, or another, is new
        )


def _where(decoded: str, number: int) -> str:
    """Where in a value a finding is, for its message: `` (base64-decoded, line 3)``, `` (line 3)``,
    or nothing when the line is unknown (0) and the value was not decoded."""
    parts = [part for part in (decoded, f"line {number}" if number else "") if part]
    return f" ({', '.join(parts)})" if parts else ""


def _decoded_text(value: Any) -> str | None:
    """A binaryData value decoded, when it is valid base64 of UTF-8 text; None for anything else
    (not a string, not base64, binary content)."""
    if not isinstance(value, str) or not value:
        return None
    try:  # the API server's decoder skips line breaks, and so does this
        raw = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):  # not base64 / not ASCII / not UTF-8 (UnicodeDecodeError)
        return None
    return None if "\x00" in text else scalar_text(text)
