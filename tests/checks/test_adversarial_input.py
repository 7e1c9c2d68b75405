"""Huge, pathological strings must not hang the webhook (no regular expression may backtrack
super-linearly). Before the patterns were made possessive, 20,000 dashes took 20 s; 100,000 would
take minutes. The timeout is a hang guard, not a speed target."""

from __future__ import annotations

import pytest
from check_helpers import container, decide, pod

N = 100_000
PATHOLOGICAL = {
    "dashes": "-" * N + "a",
    "pem-prefix": "-----BEGIN " + "A " * (N // 2),
    "pem-dashes-then-key-words": "-" * N + " PRIVATE KEY",  # a key header was tried from each dash of the run: minutes
    "scheme-run": "p" * N + "://",
    "dsn-long-host": "u:" + "p" * N + "@" + "h" * N + "(",
    "dsn-repeats": "a.b-c:" * (N // 6) + "@tcp(",
    "jwt-starts": "eyJ-" * (N // 4),
    "gitlab-starts": "glpat-" * (N // 6),
    "slack-starts": "xoxb-" * (N // 5),
    "references": "$(" * (N // 2) + "x",
    "assignments": " ".join(["A=b"] * (N // 4)),
    "config-line-blanks": "password: " + " " * N + "x",
    "connection-string": ";password=" * (N // 10),
    "libpq-passwords": "host=x" + " password" * (N // 9),
    "xml-key-without-value": "<add " + 'key="password" ' * (N // 15),
    "xml-open-tags": "<password>" * (N // 10),
    "xml-attribute-name-run": "<a " + "x" * N,  # an attribute name was tried from each of its letters: 4 s for 20,000
    "acl-user-line": "user x" + " a" * (N // 2),
    "shell-quotes": "curl " + '"' * N,
    "shell-options": "mysql " + "-p$X --token " * (N // 13),
    "path-segments": "/a" * (N // 2) + "!",
    "json-nesting": "[" * (N // 2) + "1" + "]" * (N // 2),
    "json-keys": "{\n" + ",\n".join(f'"k{i}": "k{i}"' for i in range(N // 12)) + "}",
    "fluentd-directive-args": "@type x\n<match " + "*" * N,
    "fluentd-entry-blanks": "<source>\n@type x\npassword" + " " * N + "x",
    "ruby-interpolations": '<match **>\n@type x\npassword "' + "#{" * (N // 2) + '"',
    "env-lookup-parens": "password = env('X'," + " (" * (N // 2),
    "php-define-escapes": "define('DB_PASSWORD', '" + "\\'" * (N // 2),
    "php-arrow-escapes": "'password' => \"" + "\\\"" * (N // 2),
    "fluent-bit-headers": "[OUTPUT]\n    Header " + "X-Api-Key " * (N // 10),
    "fluent-bit-set-blanks": "@SET" + " " * N + "password=x",
    "lookup-fallbacks": "password: " + "process.env.A || " * (N // 17) + "x",
    "lookup-fallback-blanks": "password = os.getenv('X') or" + " " * N + "x",
    "lookup-method-chain": "password: process.env.A" + ".trim(" * (N // 6) + "x",
    "lookup-method-arguments": "password: process.env.A.f(" + "'a'," * (N // 4),
    "php-assignment-keys": "$password" + "['a']" * (N // 5) + "[",
    "php-assignment-arrows": "$db" + "->a" * (N // 3) + " == x",
    "fluentd-headers-hash": "<match **>\n@type http\nheaders {" + '"Authorization": "Bearer x",' * (N // 28),
    "shell-offset-digits": "${PASSWORD:" + "1" * N + "}",
    "haproxy-user-words": "user a " + "b " * (N // 2),
    "web-directive-blanks": "proxy_set_header X-Api-Key" + " " * N + "x",
    "web-directive-quotes": 'SetEnv DB_PASSWORD "' + '\\"' * (N // 2),
    "flow-mapping-entries": "auth: {" + "password: x, " * (N // 13) + "}",
    "measure-units": "password = " + "1h" * (N // 2) + "x",
    "nested-flag-pairs": "--set=" + "password=" * (N // 9) + "x",
    "list-item-dashes": "- " * (N // 2) + "password: x",
    "header-list-pairs": "x-honeycomb-team=b," * (N // 19) + "=",
    "header-list-blanks": "api-key" + " " * N + "=x,",
    "json-parent-keys": '{"tokens": ' * (N // 12) + '"x"',
    "positional-words": "rabbitmqctl add_user" + " a" * (N // 2),
    "positional-switches": "htpasswd -" + "b" * N + " f u p",
    "single-dash-names": "keytool" + " -storepass" * (N // 11),
    "base64-pem-starts": "LS0tLS1CRUdJTi" * (N // 14),
    "shell-redirections": "mysql -p" + " 2>" * (N // 3) + '"',
    "sql-create-user-words": "CREATE USER " + "a " * (N // 2) + "PASSWORD '",
    "sql-identified-by": "IDENTIFIED BY " * (N // 14) + "'",
    "mongo-create-user-pwd": "createUser(" + "pwd: " * (N // 5),
    "yaml-parent-blocks": "".join(" " * i + "jwt:\n" for i in range(300)) + "key: x",
    "heredocs-without-line-break": "chpasswd <<A " * (N // 13),
    "heredoc-far-line-break": "chpasswd <<A" + " x" * (N // 2) + "\na:b",
    "heredoc-without-delimiter": "chpasswd <<A\n" + "a:$X\n" * (N // 5),
    "pipes": "echo a | " * (N // 9) + "docker login --password-stdin",
    "line-continuations": "curl \\\n" * (N // 7),
    "shell-backslashes": "curl " + "\\" * N,
    "curl-headers": "curl" + " -H 'X-Api-Key: $X'" * (N // 18),
    "curl-json-bodies": "curl -d " + '{"password": ' * (N // 13),
    "curl-form-fields": "curl -d " + "password=$X&" * (N // 12),
    "nested-shells": "sh -c 'sh -c \"sh -c " * (N // 18) + "x",
    "brace-group-opens": "{ " * (N // 2) + "x",  # each { read the command's words so far again: minutes
    # compound commands read as brace groups, nested 5,400 deep, then piped into a reader
    "compound-nesting": "if true; then while true; do " * (N // 37) + "echo x" + "; done; fi" * (N // 37) + " | sudo -S id",
    # a double-quoted word of 22,000 substitutions, each read as a script; and 9,000 unclosed ones
    "quoted-substitutions": 'log "' + "$(a) `b` " * (N // 9) + '" | sudo -S id',
    "quoted-substitution-openings": 'x="$(echo "' * (N // 11) + "x",
    "shell-dash-c-runs": "sh" + " -c" * (N // 3),
    "shell-option-letters": "sh -" + "c" * N + "1 x",  # -c among options was tried at each c: minutes
    "docker-exec-options": "docker exec" + " -e X" * (N // 5),
    "subcommand-options": "docker" + " -H h" * (N // 5) + " login -p",
    "httpie-items": "http x" + " password:=@" * (N // 12),
    "name-value-pairs": "- name: DB_PASSWORD\n  x:\n" * (N // 25) + "  value: y",
    "time-unit-words": "minutes_" * (N // 4) + "password: x",  # each unit judged what followed it: 70 s for 16,000
    "printf-assignments": "printf -v API_TOKEN x; " * (N // 23),  # a script not split: its printf -v read in one pass
    "printf-v-words": "printf" + " -v" * (N // 3),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_values_are_judged_quickly(name: str) -> None:
    value = PATHOLOGICAL[name]
    env = [{"name": "SETTING", "value": value}, {"name": "OTEL_EXPORTER_OTLP_HEADERS", "value": value}, {"name": "DB_PASSWORD", "value": value}]
    workload = pod([container(env=env, args=["--password", value, "sh -c " + value])])
    configmap = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
                 "data": {"k": value + "\n" + value, "OTEL_HEADERS": value, "token": value, "init.sh": value}}  # fmt: skip
    for obj in (workload, configmap):
        decision = decide(obj)
        assert not decision.allowed  # the sensitive names still catch them
        assert len(decision.message) < 2_000  # the value is never echoed back


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "key, text",
    [
        (".pgpass", ":" * N), (".pgpass", "\\:" * (N // 2)), (".pgpass", "a:" * (N // 2) + "\\"), (".pgpass", "*:*:*:*:" + "\\" * N),
        ("userlist.txt", '"a" "' + '""' * (N // 2)), ("userlist.txt", '"' * N), (".netrc", "macdef " * (N // 7)),
    ],
)  # fmt: skip
def test_pathological_password_files_are_judged_quickly(key: str, text: str) -> None:
    configmap = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {key: text + "\n" + text}}
    decision = decide(configmap)
    assert decision.allowed  # none of these holds a password line


def test_a_configmap_entry_lists_its_first_lines_and_counts_the_rest() -> None:
    """Findings grow with an entry's lines: a generated file of 100,000 settings gives 21 findings,
    not 100,000 (in every report and audit record), and the count says how many were left out."""
    from check_helpers import FAKE, configmap, everything_shown

    from webhook.checks.secrets.configmap import LINES_LISTED

    settings = "".join(f"service_{n}_password: {FAKE}{n}\n" for n in range(100_000))
    script = "#!/bin/sh\n" + "".join(f"mysql -uroot -p{FAKE}{n} -e 'select {n}'\n" for n in range(LINES_LISTED + 3))
    decision = decide(configmap({"app.yaml": settings, "init.sh": script}))
    app = [f.message for f in decision.findings if f.path == "/data/app.yaml"]
    init = [f.message for f in decision.findings if f.path == "/data/init.sh"]
    assert len(app) == len(init) == LINES_LISTED + 1
    assert f'"service_{LINES_LISTED - 1}_password" in plain text (line {LINES_LISTED}). Fix:' in app[LINES_LISTED - 1]
    assert app[-1].startswith(
        f'ConfigMap "config" key "app.yaml" holds {100_000 - LINES_LISTED} more secrets in plain text'
        f" (from line {LINES_LISTED + 1} on; only the first {LINES_LISTED} are listed). Fix: move it into a Secret"
    )
    assert f"holds 3 more secrets in plain text (from line {LINES_LISTED + 2} on; only the first {LINES_LISTED} are listed)" in init[-1]
    assert FAKE not in everything_shown(decision)


def test_here_documents_judge_each_line_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A script of many here-documents without their delimiter: each is read to the end of the
    script, and each line is still judged once (it was judged again for every here-document before
    it, up to 4 KiB each: 5,151 judgements for 100 of them, 7 s per MiB of ``chpasswd <<A`` lines)."""
    from check_helpers import configmap

    import webhook.checks.secrets.shell_reader as shell_reader  # where a line of input is judged

    judged: list[str] = []

    def counted(secret: str) -> bool:
        judged.append(secret)
        return original(secret)

    original = shell_reader.is_placeholder
    monkeypatch.setattr(shell_reader, "is_placeholder", counted)
    lines = 100
    decision = decide(configmap({"init.sh": "#!/bin/sh\n" + "chpasswd <<A\napp:$APP_PASSWORD\n" * lines}))
    assert decision.allowed  # references only
    assert 0 < len(judged) <= lines + 1


@pytest.mark.timeout(60)
def test_a_shells_long_option_word_is_read_once() -> None:
    """``sh -ccc...c1`` (no options: a 1 ends it) runs no script; ``sh -exx...xc`` runs one. Each
    word of 100,000 letters is judged in one pass (the first took minutes: each c was tried as
    the -c in turn)."""
    from check_helpers import FAKE, configmap

    script = f"#!/bin/sh\nsh -{'c' * N}1 'mysql -uroot -p{FAKE}'\nsh -e{'x' * N}c 'mysql -uroot -p{FAKE}'\n"
    decision = decide(configmap({"init.sh": script}))
    (finding,) = decision.findings
    assert '"mysql" (-p<password>)' in finding.message and "line 3" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.timeout(60)
@pytest.mark.parametrize("blank", [" ", "\t", "\n"])
def test_options_in_one_argument_after_a_long_run_of_blanks_are_judged(blank: str) -> None:
    """An argument holding several options, one with a long run of blanks in its value: where the
    next option begins is found in one pass (5 s for 50,000 blanks before, minutes for 300,000), and
    each is judged."""
    from check_helpers import FAKE

    arg = f"--user admin{blank * 3 * N}x --password {FAKE}"
    decision = decide(pod([container(command=["/app/server"], args=[arg])]))
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert 'passes the value of "--password"' in finding.message, finding.message
    assert finding.path == "/spec/containers/0/args/0"
    assert FAKE not in finding.message


def test_a_name_of_many_time_units_judges_what_follows_the_last_one_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """``TOKEN_EXPIRE_MINUTES_STAFF`` is a measure, ``..._MINUTES_SECRET`` not: the words after a
    unit of time were judged for every unit in the name, quadratic in its length (a 64 KB name of
    ``minutes_`` in a ConfigMap line took 33 s). Only the last unit's words need judging."""
    import webhook.checks.secrets.names as names

    judged: list[int] = []

    def counted(words: list[str]) -> bool:
        judged.append(len(words))
        return original(words)

    original = names._mentions_a_secret
    monkeypatch.setattr(names, "_mentions_a_secret", counted)
    units = 1000
    assert names.name_is_sensitive("minutes_" * units + "password")
    assert not names.name_is_sensitive("hours_" * units + "token_minutes_staff")
    assert judged == [1, 1]  # "password"; "staff"


def test_a_long_name_is_judged_without_being_kept() -> None:
    """Names are unbounded (a JSON key, a config line's name): one over ``CACHED_NAME_LENGTH`` is
    judged each time, not held by the cache for the life of the process (8,192 of them, a megabyte
    each, one per request, pinned gigabytes); a short one is still cached."""
    import sys

    from webhook.checks.secrets.names import CACHED_NAME_LENGTH, name_is_sensitive

    long_name = "".join(["db_", "x" * (100 * CACHED_NAME_LENGTH), "_password"])
    short_name = "".join(["db_", "y" * 8, "_password"])
    long_refs, short_refs = sys.getrefcount(long_name), sys.getrefcount(short_name)
    assert name_is_sensitive(long_name) and name_is_sensitive(short_name)
    assert sys.getrefcount(long_name) == long_refs  # nothing holds it after the call
    assert sys.getrefcount(short_name) == short_refs + 1  # the cache's key


@pytest.mark.timeout(60)
def test_a_shell_script_naming_env_vars_is_read_once() -> None:
    """The script of ``sh -c`` is read once for the env vars it runs: ``$(NAME)`` the kubelet expands
    is found in one pass, whatever the unclosed ``$(`` after it (each was read up to the end: 2 s
    for 32,000, minutes for 300,000), and ``$NAME`` used as an argument only costs one split."""
    from check_helpers import FAKE

    script = "$(SCRIPT); " + "echo $SCRIPT; " * (N // 14) + "$(" * (3 * N)
    env = [{"name": "SCRIPT", "value": "echo start\n" * (N // 11) + f"mysql -uroot -p{FAKE}"}]
    decision = decide(pod([container(env=env, command=["sh", "-c", script])]))
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert '"mysql" (-p<password>)' in finding.message and finding.path == "/spec/containers/0/env/0/value", finding.message
    assert FAKE not in finding.message


@pytest.mark.timeout(60)
@pytest.mark.parametrize("reader", ["sudo -S ls", "docker login -u app --password-stdin registry.example"])
def test_echo_flags_before_a_secret_piped_to_a_reader_are_skipped_in_one_pass(reader: str) -> None:
    """``echo -n -n ... -n SECRET | sudo -S ...``: echo's leading flags were dropped one at a time
    by copying the rest of its words, quadratic in their number (11 s for 256 KiB of ``-n``,
    minutes for a MiB). The secret after them is still found."""
    from check_helpers import FAKE

    decision = decide(pod([container(command=["sh", "-c", "echo" + " -n" * (3 * N) + f" {FAKE} | {reader}"])]))
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert "on its input (echo ... |" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.timeout(60)
def test_a_long_printf_format_reused_for_many_values_is_not_expanded_part_by_part() -> None:
    """printf writes its format again for each group of values: a format of 40,000 parts given
    40,000 values writes 1.6 billion of them (2 s for 20 KB of script, a quadratic growth). Such
    an output is not expanded; the literal among the values is still judged."""
    from check_helpers import FAKE

    script = "printf '" + "x\\t" * (N // 2) + "%s\\n' " + "a " * (N // 2) + f"{FAKE} | sudo -S id"
    decision = decide(pod([container(command=["sh", "-c", script])]))
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert "on its input (printf ... | sudo -S)" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "key, head, entry, last",
    [
        ("config.php", "<?php\nreturn [", "'host' => 'db', ", "'password' => 'SECRET'];"),
        ("config.php", "<?php\nreturn [\n    ", "'host' => 'db', ", "'password' => 'SECRET',\n];"),
        ("e.rb", "DB = {", ":host => 'db', ", ":password => 'SECRET'}"),
        ("f.pl", "my %db = (", "host => 'db', ", "password => 'SECRET');"),
        ("e.go", "var cfg = Config{", 'Host: "db", ', 'Password: "SECRET"}'),
    ],
)  # fmt: skip
def test_a_long_line_of_entries_is_read_once(key: str, head: str, entry: str, last: str) -> None:
    """A 200 KiB line of hash or array entries: each entry is read once (well under a second), and
    the secret after them all is still found, never shown."""
    import time

    from check_helpers import FAKE, configmap

    text = head + entry * (200 * 1024 // len(entry)) + last.replace("SECRET", FAKE) + "\n"
    started = time.process_time()  # processor time: the shared machine's other work is not counted
    decision = decide(configmap({key: text}))
    elapsed = time.process_time() - started
    (finding,) = decision.findings
    assert "in plain text" in finding.message and FAKE not in finding.message, finding.message
    assert elapsed < 1.0, elapsed


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "key, head, entry, last",
    [
        ("app.yaml", "db: {", "user: app, ", "password: SECRET}"),
        ("app.yaml", "env: [", "{name: LOG_LEVEL, value: info}, ", "{name: DB_PASSWORD, value: SECRET}]"),
        ("app.yaml", "- {", "user: app, ", "password: SECRET}"),
        ("app.toml", "db = { ", 'user = "app", ', 'password = "SECRET" }'),
        ("config.rb", "config = { ", "host: 'db', ", "password: 'SECRET' }"),
        # every entry a secret: each is judged, the same key said once
        ("app.yaml", "db: {", "password: SECRET, ", "password: SECRET}"),
        ("app.yaml", "env: [", "{name: DB_PASSWORD, value: SECRET}, ", "{name: DB_PASSWORD, value: SECRET}]"),
    ],
)  # fmt: skip
def test_a_long_mapping_on_one_line_is_read_once(key: str, head: str, entry: str, last: str) -> None:
    """A 200 KiB mapping (or list of mappings) on one line, each of its entries judged (about 0.25 s
    of processor time): each is read once, and the secret in them is found once, never shown."""
    import time

    from check_helpers import FAKE, configmap

    text = head + (entry * (200 * 1024 // len(entry)) + last).replace("SECRET", FAKE) + "\n"
    started = time.process_time()  # the other engineers' tests on a shared machine are not counted
    decision = decide(configmap({key: text}))
    elapsed = time.process_time() - started
    (finding,) = decision.findings
    assert "in plain text" in finding.message and FAKE not in finding.message, finding.message
    assert elapsed < 1.0, elapsed


@pytest.mark.timeout(120)
def test_a_512_kib_php_match_on_one_line_is_read_whole() -> None:
    """A 512 KiB ConfigMap key holding one PHP ``match`` of tens of thousands of arms: no bound on a
    line's, a statement's or the arms' length drops the literal arm near its end (a sweep's 0 came
    from its filler cut inside an arm, ``'a' => f`` glued to ``default``, broken PHP at any length).
    Read in time linear in the line."""
    import time

    from check_helpers import FAKE, configmap

    arm = "'a' => 'x', 'b' => 'y', "
    arms = arm * (512 * 1024 // len(arm))
    text = f"$password = match($env) {{ {arms}'prod' => '{FAKE}', default => '' }};"
    started = time.process_time()  # the other engineers' tests on a shared machine are not counted
    decision = decide(configmap({"app.php": text}))
    elapsed = time.process_time() - started
    (finding,) = decision.findings
    assert '"password"' in finding.message and FAKE not in finding.message, finding.message
    assert elapsed < 8.0, elapsed  # about 2.5 s; a reader quadratic in the arms would take minutes


def _review_seconds(obj: dict[str, object]) -> float:
    """The processor time one review of ``obj`` takes (time taken by the other engineers' tests on
    a shared machine is not counted)."""
    import time

    started = time.process_time()
    decide(obj)
    return time.process_time() - started


def _best_review_seconds(objects: list[dict[str, object]]) -> float:
    """The least of the review times of ``objects``: inputs of one shape, each with names of its own
    (a name judged before is remembered: a repeated input would be judged faster)."""
    return min(_review_seconds(obj) for obj in objects)


@pytest.mark.timeout(120)
def test_a_line_of_many_sensitive_entries_is_read_in_linear_time() -> None:
    """A line of sensitive entries of a PHP array, each a finding of its own: each key was looked for
    among the keys found before it on its line, a list (quadratic: 40,000 entries, 989 KB, took
    25 s against 0.3 s). 16 times the entries take about 16 times the time, and the findings stay
    20 listed and one counting the rest, none showing a value."""
    from check_helpers import FAKE, configmap

    def entries(count: int, prefix: str) -> dict[str, object]:
        return configmap({"c.php": "<?php\nreturn [" + ",".join(f"'{prefix}{i}_secret'=>'{FAKE}'" for i in range(count)) + "];\n"})

    _review_seconds(entries(10, "warm"))
    small = _best_review_seconds([entries(1000, f"s{run}_") for run in range(3)])
    large_input = entries(16000, "l")
    large = _review_seconds(large_input)
    assert large < 40 * max(small, 0.005), (small, large)  # linear: about 16 times
    findings = decide(large_input).findings
    assert len(findings) == 21 and "holds 15980 more secrets in plain text" in findings[-1].message, findings[-1].message
    assert all(FAKE not in finding.message for finding in findings)


def test_an_env_value_with_a_credential_judges_only_its_settings_lines_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DSN and then lines of a config file in an env value: a setting on a line that holds no
    credential is named beside the DSN. Each line was judged for a credential, a second scan of
    the value (1.25.68: six times the cost of the value's credential alone); only the lines that
    set a secret need it, and the lines up to the first credential, for whether there is one."""
    from check_helpers import FAKE

    import webhook.checks.secrets.configmap as configmap_module  # where the lines are judged

    judged: list[str] = []

    def counted(text: str, *args: object, **kwargs: object) -> str | None:
        judged.append(text)
        return original(text, *args, **kwargs)  # type: ignore[arg-type]

    original = configmap_module.credential_kind
    monkeypatch.setattr(configmap_module, "credential_kind", counted)
    lines = 1000
    value = f"postgres://u:{FAKE}@db/x\n" + "".join(f"T{i}_HOST=db\n" for i in range(lines)) + f"API_TOKEN={FAKE}\n"
    decision = decide(pod([container(env=[{"name": "APP", "value": value}])]))
    (finding,) = [f for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert f'and sets "API_TOKEN" (line {lines + 2})' in finding.message, finding.message
    assert FAKE not in finding.message
    assert len(judged) <= 2, len(judged)  # API_TOKEN's line, and the first


@pytest.mark.timeout(120)
def test_an_env_value_with_a_credential_and_many_settings_costs_about_its_settings_alone() -> None:
    """A DSN and then thousands of ``..._TOKEN=...`` lines in an env value: the settings are read as
    in the same value without the DSN (the linear baseline), and only their lines are judged for
    a credential too: well under three times the baseline's time, the message naming three."""
    from check_helpers import FAKE

    def value_pod(count: int, prefix: str, dsn: bool) -> dict[str, object]:
        value = (f"postgres://u:{FAKE}@db/x\n" if dsn else "") + "".join(f"{prefix}{i}_TOKEN={FAKE}\n" for i in range(count))
        return pod([container(env=[{"name": "APP", "value": value}])])

    _review_seconds(value_pod(10, "WARM", True))
    baseline = _best_review_seconds([value_pod(4000, f"B{run}_", False) for run in range(2)])
    with_dsn = _best_review_seconds([value_pod(4000, f"D{run}_", True) for run in range(2)])
    assert with_dsn < 3 * max(baseline, 0.005), (baseline, with_dsn)
    (finding,) = [f for f in decide(value_pod(4000, "M", True)).findings if f.policy == "disallow-plaintext-secrets"]
    assert 'and sets "M0_TOKEN" (line 2), "M1_TOKEN" (line 3), "M2_TOKEN" (line 4) and 3997 more' in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "unit",
    [
        'x="$(echo "a b" ',  # quotes inside, never closed
        '"$( ',
        "\"$(echo 'a b' \"c d\" ",
        '"`echo "a b" ',
        '"$( ( "a b" ',
        'log "$(cat "$(ls "a b" ',
    ],
)
def test_many_unclosed_substitutions_in_double_quotes_are_read_once(unit: str) -> None:
    """200 KB of ``"$(`` (or a backtick) in double quotes, none closed: where each word ends is
    found reading a bounded stretch after each (quotes inside ``"$(...)"`` are its own: an unclosed
    one was not to be read to the end of the script for each word), and the secret on the line
    after them is still found, never shown."""
    import time

    from check_helpers import FAKE, configmap

    script = "#!/bin/sh\n" + unit * (200_000 // len(unit)) + f"\nmysql -uroot -p{FAKE}\n"
    started = time.process_time()  # the other engineers' tests on a shared machine are not counted
    decision = decide(configmap({"init.sh": script}))
    elapsed = time.process_time() - started
    (finding,) = decision.findings
    assert '"mysql" (-p<password>)' in finding.message and FAKE not in finding.message, finding.message
    assert elapsed < 5.0, elapsed


def test_echos_text_grown_by_its_words_after_substitutions_stays_bounded() -> None:
    """``echo ... $(date) more $(date) more ... | sudo -S id``: since 1.25.146 echo's words after a
    substitution are its own, and its text grew with each of them, copied each time (quadratic in
    their number: a MiB of them took a second more than their number alone). Its text grows to
    about 4 KiB, which a secret on a reader's input never needs; the secret before is still found."""
    from check_helpers import FAKE, script_pod

    from webhook.checks.secrets.commands import script_findings
    from webhook.checks.secrets.names import Names
    from webhook.checks.secrets.stdin_secrets import SecretRead

    script = f"echo {FAKE} " + "$(date) more " * 20_000 + "| sudo -S id"
    read: list[SecretRead] = []
    found = list(script_findings(Names.of((), ()), script, read=read))
    assert any("on its input" in problem for _, problem, _ in found), found
    (secret,) = read
    assert FAKE in secret.text and len(secret.text) < 8_192, len(secret.text)
    (finding,) = [f for f in decide(script_pod(script)).findings if f.policy == "disallow-plaintext-secrets"]
    assert FAKE not in finding.message
